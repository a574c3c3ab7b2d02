/* SPDX-License-Identifier: MIT */
/*
 * state.h: the user's state of each article (opened, place, read, its
 * highlights and their notes), changed through this one API, keyed by
 * article id.
 * Every change is stamped with the time the user made it and written in
 * one transaction. It is what device sync is to build on.
 *
 * No change ever waits for the database: one that cannot be written at
 * once, because another connection (the indexer's) holds the write lock,
 * is kept in memory and written later, by state_flush from the loop or
 * by the indexer's own thread between its batches (state_flush_on),
 * whichever comes first. Reads (state_get) see the changes kept. Layer 3:
 * knows the store, nothing of the screen.
 *
 * Threads: every function but state_flush_on belongs to one thread (the
 * loop's); state_flush_on may run in another at the same time.
 */
#ifndef TSUNDOKU_STATE_H
#define TSUNDOKU_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct highlight;
struct store;
struct store_place;
struct state;
struct sync;

/* Make the state API over s, which stays the caller's and must outlive
 * it. Free with state_free, after a last state_flush(st, true, ...). */
struct state *state_new(struct store *s);

/* Append every change from now on to the device sync journal of sy
 * (the caller's, outliving st; NULL: stop), as it is made. */
void state_set_sync(struct state *st, struct sync *sy);

/* Free st, dropping what it could not write; NULL is allowed. */
void state_free(struct state *st);

/* Record that article id was opened now. */
bool state_opened(struct state *st, int64_t id, struct err *err);

/* Record where article id was left: position, percent, and read or not
 * exactly as pl->read says (the reader owns its article's state while
 * it is open). */
bool state_set_place(struct state *st, int64_t id,
		     const struct store_place *pl, struct err *err);

/* Mark the articles ids[0..n) read or unread (keeping their place and
 * whether they were opened). */
bool state_set_read(struct state *st, const int64_t *ids, size_t n,
		    bool read, struct err *err);

/* The same, as made at at_ms (unix ms) rather than now: a change made
 * elsewhere and applied here (device sync, import), whose time is the
 * time it was made there (and the day statistics count it on). */
bool state_set_read_at(struct state *st, const int64_t *ids, size_t n,
		       bool read, int64_t at_ms, struct err *err);

/* Store in *pl the reading state of article id, changes not yet written
 * included. */
bool state_get(struct state *st, int64_t id, struct store_place *pl,
	       struct err *err);

/* Apply to *pl the changes of article id not yet written, if any: for
 * state read in some other way (the list's rows). */
void state_overlay(struct state *st, int64_t id, struct store_place *pl);

/* Call cb(id, ctx) for each article with changes not yet written. */
void state_each_pending(struct state *st, void (*cb)(int64_t id, void *ctx),
			void *ctx);

/* Write the changes kept: without waiting for another connection's lock
 * (they stay kept), or, with wait, waiting for it as long as the
 * store's busy timeout (on quit). Return false with err set when the
 * database refused them (they are dropped then: retrying would fail
 * again). */
bool state_flush(struct state *st, bool wait, struct err *err);

/* Return true while changes are kept, not yet written. */
bool state_pending(struct state *st);

/* Write the changes kept through another connection, s, from another
 * thread: the indexer's writer, between two of its transactions. A
 * failure keeps them for state_flush to retry and report. */
void state_flush_on(struct state *st, struct store *s);

/*
 * Highlights. A change kept back is not in the database yet, so
 * highlight_load does not see it: while state_highlights_pending says so
 * for an article, what a reader shows of its highlights may be behind.
 */

/* Save h (made by highlight_new for article article_id) as a new
 * highlight: give it its row id (h->id, known at once, so its note can
 * be written next) and its times. */
bool state_highlight_add(struct state *st, int64_t article_id,
			 struct highlight *h, struct err *err);

/* Put back a deleted highlight h of article article_id (undo): same id,
 * range, texts and times. */
bool state_highlight_restore(struct state *st, int64_t article_id,
			     const struct highlight *h, struct err *err);

/* Set the note of highlight id (NULL or "": none) of article article_id,
 * and its update time. */
bool state_highlight_set_note(struct state *st, int64_t article_id,
			      int64_t id, const char *note, struct err *err);

/* Set the colour (1-4) of highlight id and its update time. */
bool state_highlight_set_color(struct state *st, int64_t article_id,
			       int64_t id, int color, struct err *err);

/* Delete highlight id of article article_id. */
bool state_highlight_delete(struct state *st, int64_t article_id,
			    int64_t id, struct err *err);

/* Return true while changes of article_id's highlights are kept back. */
bool state_highlights_pending(struct state *st, int64_t article_id);

/*
 * The reading log and the review schedule (readlog.h, review.h).
 */

/* Record the reading session *session of article article_id: the first
 * call for a session (article, start_ms) adds it, later ones replace
 * it as it grows. The reader's owner calls it where it saves the place,
 * never per key. */
struct store_session;
bool state_log_session(struct state *st, int64_t article_id,
		       const struct store_session *session, struct err *err);

/* Record the review schedule *r of a highlight of article article_id. */
struct store_review;
bool state_review(struct state *st, int64_t article_id,
		  const struct store_review *r, struct err *err);

/* Return the time now in unix milliseconds. */
int64_t state_now_ms(void);

#endif
