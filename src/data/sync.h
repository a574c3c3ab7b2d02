/* SPDX-License-Identifier: MIT */
/*
 * sync.h: keeping several devices in step through a folder that the
 * user's file-sync tool shares (HACKING.md, "Several devices"). Each
 * device appends each change of the user's state to its own journal
 * (journal.h) in PATH/<device-id>/ and reads everyone's journals,
 * merging per article and field: the latest stamp wins (ties to the
 * larger device id), a deleted highlight is a tombstone, a record
 * applied twice changes nothing, and the order files arrive in does not
 * matter. Articles are matched across devices by normalised url, else
 * content hash, else path below the archive root; a record for an
 * article this device does not have is kept and applied once it does.
 * Layer 3: never prints; warnings go to the caller's callback.
 */
#ifndef TSUNDOKU_SYNC_H
#define TSUNDOKU_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/hlc.h"

struct buf;
struct err;
struct store;
struct store_state_change;
struct sync;

/* How to sync. Strings are copied. */
struct sync_opts {
	const char *dir;	/* the shared folder; created if missing */
	const char *name;	/* this device's name; NULL: the host name */
	char *const *roots;	/* the archive's roots (canonical paths): */
	size_t n_roots;		/* article paths are named below them */
	bool no_fsync;		/* tests: do not fsync each record */
	int64_t skew_ms;	/* tests: added to the wall clock */
};

/* Open sync through the folder o->dir for the database s (the caller's,
 * outliving the result): take this device's id from s, or make one, and
 * its folder. Close with sync_close. */
bool sync_open(struct store *s, const struct sync_opts *o, struct sync **out,
	       struct err *err);

/* Free sy; NULL is allowed. */
void sync_close(struct sync *sy);

/* Return this device's id (JOURNAL_DEVICE_LEN hex digits). */
const char *sync_device(const struct sync *sy);

/* Return what sync_open found worth telling the user (another database
 * using this device's id, so this one took a new one), or NULL. */
const char *sync_notice(const struct sync *sy);

/* Return the shared folder's path. */
const char *sync_dir(const struct sync *sy);

/* Append change c, just made by the user, to this device's journal:
 * one line, fsynced. An "opened" alone is not journaled. */
bool sync_record(struct sync *sy, const struct store_state_change *c,
		 struct err *err);

/* Receive a warning about a journal (a bad line, a future version). */
typedef void (*sync_warn_fn)(const char *msg, void *ctx);

/* What a sync_run did. */
struct sync_tally {
	size_t files;		/* journal files with something new */
	size_t records;		/* records read */
	size_t won;		/* records that changed what was kept */
	size_t applied;		/* changes written to this device's state */
	size_t waiting;		/* records for articles not here (yet) */
	size_t bad;		/* lines skipped as bad */
	size_t remote;		/* records of other devices read */
};

/* Read what is new in every journal in the folder (this device's
 * first), merge it and write what changed into the user's state, in
 * short transactions; then try again the records that wait for an
 * article. Problems with a journal are passed to warn (once per line)
 * and never stop the run. Fails only when the database does. */
bool sync_run(struct sync *sy, sync_warn_fn warn, void *ctx,
	      struct sync_tally *t, struct err *err);

/* Journal the state this device holds that no journal has a record of
 * (state from before sync was set up, highlights imported), stamped
 * now; store in *n how many records that made. Runs sync_run first, so
 * what other devices said wins over state never journaled. */
bool sync_adopt(struct sync *sy, sync_warn_fn warn, void *ctx, size_t *n,
		struct err *err);

/* Replace this device's journal by one segment holding a snapshot: the
 * records it made that still win (after sync_adopt). Records that lost
 * are dropped; the winners live in the journals of their devices. */
bool sync_compact(struct sync *sy, sync_warn_fn warn, void *ctx,
		  struct err *err);

/* Append to out, sorted, one line per article with reading state and
 * per highlight, naming them by their sync identities: what all devices
 * hold alike once every journal was read everywhere. */
bool sync_dump(struct sync *sy, struct buf *out, struct err *err);

/* One device as sync_devices reports it, borrowed for the callback. */
struct sync_device_info {
	const char *dev;
	const char *name;	/* from its device file; NULL: unknown */
	bool self;		/* this device */
	struct hlc last;	/* its latest record read (0: none) */
	int64_t arrived_ms;	/* when that was read; 0: never */
	int64_t n;		/* its records read */
};

/* Call cb for each device with a folder or records, by id. */
bool sync_devices(struct sync *sy,
		  void (*cb)(const struct sync_device_info *d, void *ctx),
		  void *ctx, struct err *err);

/* Return the wall time (unix ms) when a record of another device last
 * changed something here; 0: never. */
int64_t sync_last_arrival(struct sync *sy);

/* Return sy's clock (the last stamp it gave or saw). */
struct hlc sync_clock(const struct sync *sy);

/* Make sy's next stamps later than other, the clock of another sync on
 * the same database (the one reading journals in a thread). */
void sync_observe_clock(struct sync *sy, struct hlc other);

/* Return a number that changes when a journal of another device in the
 * folder appears, grows or changes (names, sizes and times): cheap
 * enough to ask every second instead of reading the journals. */
uint64_t sync_signature(const struct sync *sy);

#endif
