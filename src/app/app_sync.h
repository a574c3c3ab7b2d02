/* SPDX-License-Identifier: MIT */
/*
 * app_sync.h: device sync in the interface (HACKING.md, "Several
 * devices"): the loop's sync journals every change the state API makes;
 * the other devices' journals are read in a thread with a connection of
 * its own, started when the folder changed (looked at once a second).
 * Knows nothing of struct app: the loop calls in and shows the messages
 * handed back, so this module sits below app.c, not in its cycle.
 */
#ifndef TSUNDOKU_APP_SYNC_H
#define TSUNDOKU_APP_SYNC_H

#include <stdbool.h>
#include <stddef.h>

struct app_syncing;
struct buf;
struct conf;
struct state;
struct store;

/* Start device sync when cfg names a sync folder (else return NULL):
 * journal every change of st, made through s (the loop's connection);
 * db_path and roots[0..n_roots) must outlive the result. A problem, or
 * a notice (this device took a new id), is appended to msg. */
struct app_syncing *app_sync_open(const struct conf *cfg, struct store *s,
				  struct state *st, const char *db_path,
				  char *const *roots, size_t n_roots,
				  struct buf *msg);

/* From the loop: take a run that ended (its first warning appended to
 * msg) and start one when the folder changed. Return true when the run
 * that ended wrote another device's changes (an open reader's
 * highlights may have changed). NULL is allowed. */
bool app_sync_poll(struct app_syncing *y, struct buf *msg);

/* Append " · synced HH:MM" to out once another device's changes came;
 * nothing for NULL. */
void app_sync_status(const struct app_syncing *y, struct buf *out);

/* Return how long the loop may wait for sync's sake (-1: forever, and
 * for NULL). */
int app_sync_wait_ms(const struct app_syncing *y);

/* Wait for a run under way, stop journaling st's changes and free y;
 * NULL is allowed. */
void app_sync_close(struct app_syncing *y, struct state *st);

#endif
