/* SPDX-License-Identifier: MIT */
/*
 * store.h: the SQLite database (read state now; positions, highlights and
 * the full-text index later). sqlite3.h is included by store.c only. The
 * schema evolves through PRAGMA user_version migrations applied in order
 * inside one transaction; a database written by a newer tsundoku is
 * refused rather than damaged. Connections use WAL, a busy timeout and
 * BEGIN IMMEDIATE for writes, so two instances can share one file.
 */
#ifndef TSUNDOKU_STORE_H
#define TSUNDOKU_STORE_H

#include <stdbool.h>

struct err;
struct store;

/* Open (creating if needed) the database file at path, apply pending
 * migrations, and store the handle in *out. The directory must exist.
 * Fails with a clear message on an unreadable or corrupt file, a file
 * that is not a database, or one whose schema is newer than this program
 * knows. The caller closes *out with store_close. */
bool store_open(const char *path, struct store **out, struct err *err);

/* Close the database; NULL is allowed. */
void store_close(struct store *s);

/* Return the schema version this program writes. */
int store_schema_version(void);

/* Wait at most timeout_ms milliseconds for another program's write lock
 * before a write fails with "locked" (store_open sets 5000). Tests use a
 * short timeout so they do not wait seconds. */
void store_set_busy_timeout(struct store *s, int timeout_ms);

/* Record that the article at path was opened (now). Idempotent. */
bool store_mark_opened(struct store *s, const char *path, struct err *err);

/* Set *opened to whether the article at path was ever opened. */
bool store_was_opened(struct store *s, const char *path, bool *opened,
		      struct err *err);

#endif
