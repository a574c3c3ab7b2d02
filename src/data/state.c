/* SPDX-License-Identifier: MIT */
/*
 * state.c: the user's state, written without waiting (state.h).
 *
 * Why writes never wait: the indexer holds the write lock for tens of
 * milliseconds per batch, and a key that waited on SQLite's sleeping busy
 * handler took up to a second (bench/README.md, "Opening while
 * indexing"). So a write is tried with no busy wait; a change that cannot
 * be written is kept, visible to reads, and written by whichever comes
 * first: the loop's next try or the indexer's writer between batches
 * (state_flush_on). Only on quit does the loop wait for the lock.
 */
#include "config.h"
#include "data/state.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "data/highlight.h"
#include "data/store.h"
#include "data/sync.h"
#include "base/xmem.h"

/* Changes written in one transaction at most, so that marking a whole
 * archive read never holds the write lock for long. */
#define STATE_BATCH 256

struct state {
	struct store *store;	/* the loop thread's connection */
	pthread_mutex_t mu;	/* guards the members below: state_flush_on
				   runs in the indexer's thread */
	struct store_state_change *v;	/* kept, oldest first; heap */
	size_t n, cap;
	bool writing;		/* a copy of v[0..) is being written */
	int64_t next_hl_id;	/* the row id the next highlight gets, at
				   least: adds kept back are not in the
				   database yet */
	struct sync *sync;	/* journals each change; NULL: no sync */
};

void
state_set_sync(struct state *st, struct sync *sy)
{
	st->sync = sy;
}

/* Append c to the sync journal, if there is one. */
static bool
state_journal(struct state *st, const struct store_state_change *c,
	      struct err *err)
{
	return st->sync == NULL || sync_record(st->sync, c, err);
}

/* Write what is kept at once, after a change whose journaling went as
 * journaled says (a failure is reported, the change still saved). */
static bool
state_flush_after(struct state *st, bool journaled, struct err *err)
{
	struct err scratch;
	bool ok;

	if (journaled)
		return state_flush(st, false, err);
	err_init(&scratch);
	ok = state_flush(st, false, &scratch);
	if (!ok)
		err_set(err, "%s", err_msg(&scratch));
	err_fini(&scratch);
	return false;
}

int64_t
state_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Free the strings change c holds. */
static void
state_change_fini(struct store_state_change *c)
{
	store_highlight_fini(&c->hl);
	free(c->session.spans);
}

struct state *
state_new(struct store *s)
{
	struct state *st = xcalloc(1, sizeof *st);

	st->store = s;
	pthread_mutex_init(&st->mu, NULL);
	return st;
}

void
state_free(struct state *st)
{
	if (st == NULL)
		return;
	pthread_mutex_destroy(&st->mu);
	for (size_t i = 0; i < st->n; i++)
		state_change_fini(&st->v[i]);
	free(st->v);
	free(st);
}

/* Return a heap copy of s, NULL for NULL. */
static char *
state_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Keep change c, to be written by the next flush; the strings of its
 * highlight are copied. */
static void
state_keep(struct state *st, const struct store_state_change *c)
{
	struct store_state_change k = *c;

	k.hl.quote = state_dup(c->hl.quote);
	k.hl.prefix = state_dup(c->hl.prefix);
	k.hl.suffix = state_dup(c->hl.suffix);
	k.hl.note = state_dup(c->hl.note);
	k.session.spans = state_dup(c->session.spans);
	pthread_mutex_lock(&st->mu);
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 16;
		st->v = xreallocarray(st->v, st->cap, sizeof *st->v);
	}
	st->v[st->n++] = k;
	pthread_mutex_unlock(&st->mu);
}

/* Take a copy of the changes kept, unless another thread is writing
 * them; store their number in *n. */
static struct store_state_change *
state_take(struct state *st, size_t *n)
{
	struct store_state_change *copy = NULL;

	pthread_mutex_lock(&st->mu);
	*n = st->writing ? 0 : st->n;
	if (*n > 0) {
		copy = xreallocarray(NULL, *n, sizeof *copy);
		memcpy(copy, st->v, *n * sizeof *copy);
		st->writing = true;
	}
	pthread_mutex_unlock(&st->mu);
	return copy;
}

/* Forget the first done changes kept (written, or refused), and let
 * the next flush write. */
static void
state_done(struct state *st, size_t done)
{
	pthread_mutex_lock(&st->mu);
	for (size_t i = 0; i < done; i++)
		state_change_fini(&st->v[i]);
	memmove(st->v, st->v + done, (st->n - done) * sizeof *st->v);
	st->n -= done;
	st->writing = false;
	pthread_mutex_unlock(&st->mu);
}

/* Write what is kept through s, a batch per transaction; return how the
 * last batch went. */
static enum store_write
state_write(struct state *st, struct store *s, bool wait, bool drop_failed,
	    struct err *err)
{
	size_t n, done = 0;
	struct store_state_change *copy = state_take(st, &n);
	enum store_write w = STORE_WRITTEN;

	while (done < n && w == STORE_WRITTEN) {
		size_t k = n - done < STATE_BATCH ? n - done : STATE_BATCH;
		w = store_write_state(s, copy + done, k, wait, err);
		if (w == STORE_WRITTEN || (w == STORE_WRITE_FAILED && drop_failed))
			done += k;
	}
	if (copy != NULL)
		state_done(st, done);
	free(copy);
	return w;
}

bool
state_flush(struct state *st, bool wait, struct err *err)
{
	return state_write(st, st->store, wait, true, err) != STORE_WRITE_FAILED;
}

void
state_flush_on(struct state *st, struct store *s)
{
	struct err err;

	err_init(&err);
	state_write(st, s, true, false, &err);
	err_fini(&err);
}

bool
state_pending(struct state *st)
{
	pthread_mutex_lock(&st->mu);
	bool pending = st->n > 0;
	pthread_mutex_unlock(&st->mu);
	return pending;
}

/* Keep c and try to write it (and whatever waits before it) at once. */
static bool
state_change(struct state *st, const struct store_state_change *c,
	     struct err *err)
{
	bool journaled = state_journal(st, c, err);

	state_keep(st, c);
	return state_flush_after(st, journaled, err);
}

bool
state_opened(struct state *st, int64_t id, struct err *err)
{
	struct store_state_change c = { .article_id = id,
					.at_ms = state_now_ms(),
					.opened = true };

	return state_change(st, &c, err);
}

bool
state_set_place(struct state *st, int64_t id, const struct store_place *pl,
		struct err *err)
{
	struct store_state_change c = { .article_id = id,
					.at_ms = state_now_ms(),
					.has_place = true, .place = *pl };

	return state_change(st, &c, err);
}

bool
state_set_read(struct state *st, const int64_t *ids, size_t n, bool read,
	       struct err *err)
{
	return state_set_read_at(st, ids, n, read, state_now_ms(), err);
}

bool
state_set_read_at(struct state *st, const int64_t *ids, size_t n, bool read,
		  int64_t at_ms, struct err *err)
{
	struct store_state_change c = { .at_ms = at_ms, .has_read = true };

	bool journaled = true;

	c.place.read = read;
	for (size_t i = 0; i < n; i++) {
		c.article_id = ids[i];
		if (journaled)
			journaled = state_journal(st, &c, err);
		state_keep(st, &c);
	}
	return state_flush_after(st, journaled, err);
}

void
state_overlay(struct state *st, int64_t id, struct store_place *pl)
{
	pthread_mutex_lock(&st->mu);
	for (size_t i = 0; i < st->n; i++) {
		const struct store_state_change *c = &st->v[i];
		if (c->article_id != id || c->kind != STORE_CHANGE_READING)
			continue;
		if (c->opened)
			pl->opened = true;
		if (c->has_place) {
			pl->position = c->place.position;
			pl->percent = c->place.percent;
		}
		if (c->has_place || c->has_read)
			pl->read = c->place.read;
	}
	pthread_mutex_unlock(&st->mu);
}

void
state_each_pending(struct state *st, void (*cb)(int64_t id, void *ctx),
		   void *ctx)
{
	size_t n;
	int64_t *ids;

	pthread_mutex_lock(&st->mu);
	n = st->n;
	ids = xreallocarray(NULL, n + 1, sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = st->v[i].article_id;
	pthread_mutex_unlock(&st->mu);
	for (size_t i = 0; i < n; i++)	/* cb may call state_overlay */
		cb(ids[i], ctx);
	free(ids);
}

bool
state_get(struct state *st, int64_t id, struct store_place *pl,
	  struct err *err)
{
	bool ok = store_get_state(st->store, id, pl, err);

	state_overlay(st, id, pl);
	return ok;
}

/* Return h as a row (its strings borrowed). */
static struct store_highlight
state_row(const struct highlight *h)
{
	return (struct store_highlight){
		.id = h->id, .start = h->start, .end = h->end,
		.quote = h->quote, .prefix = h->prefix, .suffix = h->suffix,
		.note = h->note, .color = h->color, .detached = h->detached,
		.created = h->created, .updated = h->updated,
	};
}

bool
state_highlight_add(struct state *st, int64_t article_id,
		    struct highlight *h, struct err *err)
{
	int64_t next;

	if (!store_next_highlight_id(st->store, &next, err))
		return false;
	if (next < st->next_hl_id)
		next = st->next_hl_id;	/* adds kept back took those */
	st->next_hl_id = next + 1;
	h->id = next;
	h->created = h->updated = state_now_ms();
	return state_highlight_restore(st, article_id, h, err);
}

bool
state_highlight_restore(struct state *st, int64_t article_id,
			const struct highlight *h, struct err *err)
{
	struct store_state_change c = { .kind = STORE_CHANGE_HL_ADD,
					.article_id = article_id,
					.at_ms = h->updated, .hl = state_row(h) };

	assert(h->id != 0);
	return state_change(st, &c, err);
}

bool
state_highlight_set_note(struct state *st, int64_t article_id, int64_t id,
			 const char *note, struct err *err)
{
	struct store_state_change c = { .kind = STORE_CHANGE_HL_NOTE,
					.article_id = article_id,
					.at_ms = state_now_ms() };

	c.hl.id = id;
	c.hl.note = (char *)(note != NULL && note[0] != '\0' ? note : NULL);
	return state_change(st, &c, err);
}

bool
state_highlight_set_color(struct state *st, int64_t article_id, int64_t id,
			  int color, struct err *err)
{
	struct store_state_change c = { .kind = STORE_CHANGE_HL_COLOR,
					.article_id = article_id,
					.at_ms = state_now_ms() };

	assert(color >= 1 && color <= HIGHLIGHT_COLORS);
	c.hl.id = id;
	c.hl.color = color;
	return state_change(st, &c, err);
}

bool
state_highlight_delete(struct state *st, int64_t article_id, int64_t id,
		       struct err *err)
{
	struct store_state_change c = { .kind = STORE_CHANGE_HL_DELETE,
					.article_id = article_id,
					.at_ms = state_now_ms() };

	c.hl.id = id;
	return state_change(st, &c, err);
}

bool
state_highlights_pending(struct state *st, int64_t article_id)
{
	bool pending = false;

	pthread_mutex_lock(&st->mu);
	for (size_t i = 0; i < st->n && !pending; i++)
		pending = st->v[i].article_id == article_id &&
			  st->v[i].kind >= STORE_CHANGE_HL_ADD &&
			  st->v[i].kind <= STORE_CHANGE_HL_DELETE;
	pthread_mutex_unlock(&st->mu);
	return pending;
}

bool
state_log_session(struct state *st, int64_t article_id,
		  const struct store_session *session, struct err *err)
{
	struct store_state_change c = { .kind = STORE_CHANGE_SESSION,
					.article_id = article_id,
					.at_ms = session->end_ms,
					.session = *session };

	return state_change(st, &c, err);
}

bool
state_review(struct state *st, int64_t article_id,
	     const struct store_review *r, struct err *err)
{
	struct store_state_change c = { .kind = STORE_CHANGE_REVIEW,
					.article_id = article_id,
					.at_ms = state_now_ms(), .review = *r };

	return state_change(st, &c, err);
}
