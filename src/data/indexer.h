/* SPDX-License-Identifier: MIT */
/*
 * indexer.h: keeps the database in step with the archive on disk. A run
 * walks the given directories (stat only), compares what it finds with
 * the article rows (path, size, mtime), and then, with several reads in
 * flight and in short batches through a connection of its own, records
 * in two phases: first the rows of the new and changed files from their
 * heads (front matter, title), so the list shows them at once, marked
 * as their text not indexed yet; then their full text, and that of the
 * rows an earlier, interrupted run left pending. Identity: an article is its
 * file; a file that disappears while, in the same run, another appears
 * with the same url (without one: the same content hash) was renamed or
 * moved, and its row, with the reading state and highlights hanging off
 * it, follows it. A file not found is marked missing only when the
 * directory that held it was walked in this run; missing articles keep
 * their user data. Only one process indexes a database at a time (an
 * flock on "<db>.index-lock", released by the kernel even on kill -9).
 * HACKING.md, "Indexing", tells the whole design.
 * Crashes: every thread records the file it parses in an in-flight
 * record (inflight.h); a run first quarantines the files that dead
 * processes were parsing (store_quarantine), then leaves quarantined
 * files unread, with a warning, until they change or opts.retry.
 *
 * Threads: indexer_run blocks its caller, starts the reader threads
 * itself and joins them before it returns; indexer_stop and nothing else
 * may be called from another thread meanwhile. Callbacks run in the
 * thread that called indexer_run.
 */
#ifndef TSUNDOKU_INDEXER_H
#define TSUNDOKU_INDEXER_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct err;
struct indexer;
struct store;

/* How a run is going. */
struct indexer_progress {
	bool scanning;		/* still walking: total is not known yet */
	bool text;		/* false: phase 1, listing (rows from the
				   files' heads); true: phase 2, the full
				   text, every article listed already */
	size_t total;		/* files to read in this phase */
	size_t done;		/* of those, recorded or found unreadable */
	size_t committed;	/* rows the list shows that changed so far
				   (recorded, moved, marked missing): when
				   it grows, the list has new rows to show;
				   phase 2 leaves it alone */
	size_t n_new;
	size_t n_changed;
	size_t n_renamed;
	size_t n_missing;	/* newly marked missing in this run */
	size_t n_unreadable;	/* files, and paths given, not readable */
	size_t n_bad_meta;	/* files listed whose front matter could
				   not be read (shown as text) */
	size_t n_quarantined;	/* files not read because a tsundoku
				   died while parsing them (HACKING.md,
				   "Quarantine") */
	double rate;		/* files done per second in this phase */
	double secs_left;	/* estimate; negative while unknown */
};

/* How a run ended. */
enum indexer_status {
	INDEXER_DONE,		/* the database matches the disk, unreadable
				   files apart */
	INDEXER_STOPPED,	/* indexer_stop: what was committed stays and
				   the next run goes on from there */
	INDEXER_BUSY,		/* another process is indexing the database */
	INDEXER_FAILED,		/* err says why; what was committed stays */
};

struct indexer_opts {
	const char *db_path;
	char *const *paths;	/* directories (walked recursively) and
				   article files */
	size_t n_paths;
	int n_readers;		/* files read at once; 0: 8 */
	size_t batch_size;	/* articles per transaction at most; 0:
				   2048 in phase 1, 1024 in phase 2 */
	bool name_bad_meta;	/* warn of the first files whose front
				   matter cannot be read (the command
				   line does; the list only counts) */
	bool retry;		/* read quarantined files again, as if they
				   had changed (`index --retry`) */
	bool hold_text;		/* for tests: phase 2 waits for
				   indexer_stop (or a kill), so the state
				   between the phases can be looked at;
				   see indexer_debug_hold_text */
	/* After each commit and once at the end (NULL: none). */
	void (*on_progress)(const struct indexer_progress *p, void *ctx);
	/* A file or path that could not be read, translated (NULL: none). */
	void (*on_warning)(const char *msg, void *ctx);
	/* After each commit, in the writing thread, with its connection and
	 * no transaction open (NULL: none): the moment another writer of the
	 * same process can write without waiting for the indexer's lock
	 * (the app writes the user's changes kept back, state_flush_on). */
	void (*between)(struct store *s, void *ctx);
	void *ctx;
};

/* Make an indexer for the options o, which (with the strings it points
 * to) must outlive it. Free it with indexer_free. */
struct indexer *indexer_new(const struct indexer_opts *o);

/* Run: open the database, take the indexing lock, quarantine what
 * crashed a tsundoku, walk, read, record, mark missing files. Returns
 * INDEXER_BUSY (err set to a message that says so) at once when another
 * process holds the lock, and INDEXER_FAILED with err set when the
 * database cannot be opened or written (read-only, disk full, locked
 * for longer than the busy timeout). Unreadable and quarantined files
 * are warnings, not failures. */
enum indexer_status indexer_run(struct indexer *ix, struct err *err);

/* Ask a run in another thread to stop soon (after the batch being
 * written, within tens of milliseconds; a walk stops between two
 * directory entries). The indexer stays stopped: a later indexer_run
 * writes no article and returns INDEXER_STOPPED. */
void indexer_stop(struct indexer *ix);

/* Free ix; NULL is allowed. Not while indexer_run runs. */
void indexer_free(struct indexer *ix);

/* Append a one-line account of p to out: "listing 1,234/10,000 ·
 * 8,500/s · 0:01 left", then "indexing text 1,234/10,000 · 850/s · 0:11
 * left" (translated; counts grouped as the locale does). */
void indexer_progress_text(const struct indexer_progress *p, struct buf *out);

/* Return whether the environment asks, for a test, to hold the text
 * phase (TSUNDOKU_DEBUG_HOLD_TEXT set and not "0"): until a stop, or
 * until the file it names, an absolute path, is gone. */
bool indexer_debug_hold_text(void);

#endif
