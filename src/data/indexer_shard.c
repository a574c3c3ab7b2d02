/* SPDX-License-Identifier: MIT */
/*
 * indexer_shard.c: a full-text shard's writer thread (indexer_shard.h).
 * A transaction ends after SHARD_TXN_MS of the thread's CPU time, or
 * SHARD_TXN_WALL_MS on the clock, or once nothing came for
 * SHARD_IDLE_MS, or SHARD_LATE_MAX texts wait for the next one
 * (shard_main): figures in bench/README.md, "Issue 16".
 */
#include "config.h"
#include "data/indexer_shard.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "base/crash.h"
#include "base/deadline.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/inflight.h"
#include "base/xmem.h"
#include "data/store.h"

#define SHARD_QUEUE 128		/* texts waiting for a shard at most */
#define SHARD_TXN_MS 10000	/* a transaction's CPU time at most... */
#define SHARD_TXN_WALL_MS 30000	/* ...and its time on the clock: FTS5
				   writes its pending terms at each
				   commit, and each segment written is
				   merged again and again (2 s before:
				   see store_shard_open). A bulk run's
				   texts are searchable that much later;
				   a few are at once (idle) */
#define SHARD_IDLE_MS 300	/* commit when nothing came for this long */
#define SHARD_LATE_MAX 64	/* texts held back for the next transaction
				   at most (shard_main) */

/* The entries a transaction wrote, or committed ones not yet taken. */
struct shard_rowids {
	int64_t *v;
	size_t n, cap;
};

struct indexer_shard {
	struct indexer_shard_opts o;
	struct store *db;
	pthread_t thread;
	pthread_mutex_t mu;		/* guards all below */
	pthread_cond_t changed;		/* a text came, a slot freed, or
					   the end was asked for */
	struct indexer_shard_text q[SHARD_QUEUE];	/* ring buffer, taken
							   smallest row id
							   first */
	size_t q_head, q_len;
	bool closing;			/* no more texts will come */
	bool failed;			/* err says why; texts are dropped */
	struct err err;
	struct shard_rowids done;	/* committed, not yet taken */
};

/* Texts that came too late for the open transaction: their row ids are
 * below one it wrote (shard_main). */
struct shard_late {
	struct indexer_shard_text v[SHARD_LATE_MAX];
	size_t n;
};

/* Append r to a. */
static void
shard_rowids_add(struct shard_rowids *a, int64_t r)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 256;
		a->v = xreallocarray(a->v, a->cap, sizeof *a->v);
	}
	a->v[a->n++] = r;
}

/* Return the milliseconds of clock since ts. */
static double
shard_ms_since(clockid_t clock, const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(clock, &now);
	return (double)(now.tv_sec - ts->tv_sec) * 1000.0 +
	       (double)(now.tv_nsec - ts->tv_nsec) / 1e6;
}

/* Return the row id t's entry will have, or about: the article's id the
 * first time, else past its current entry (store_fts_rowid). */
static int64_t
shard_rowid_of(const struct indexer_shard_text *t)
{
	return t->rowid > 0 ? t->rowid + ((int64_t)1 << 32) : t->id;
}

/* Bring the queued text of the smallest row id to the queue's head.
 * FTS5 writes its pending terms out as a new segment whenever a row id
 * is not above the last one (sqlite3Fts5IndexBeginWrite), and the
 * readers finish texts out of order: taken as they came, 10,000
 * articles made 2,777 segments of about 4 texts each, to be merged
 * again and again; taken smallest first from a queue that is nearly
 * full (the shards are the bottleneck), 390. */
static void
shard_smallest_first(struct indexer_shard *sh)
{
	size_t best = sh->q_head;
	struct indexer_shard_text t;

	for (size_t i = 1; i < sh->q_len; i++) {
		size_t j = (sh->q_head + i) % SHARD_QUEUE;
		if (shard_rowid_of(&sh->q[j]) < shard_rowid_of(&sh->q[best]))
			best = j;
	}
	t = sh->q[best];
	sh->q[best] = sh->q[sh->q_head];
	sh->q[sh->q_head] = t;
}

/* Take the queued text of the smallest row id into *t, waiting at most
 * SHARD_IDLE_MS when in_txn, else until one comes; return 1 for a text,
 * 0 when none came in time, -1 when none will come. */
static int
shard_pop(struct indexer_shard *sh, bool in_txn,
	  struct indexer_shard_text *t)
{
	struct timespec until;
	int got = 0;

	deadline_in(&until, (long)SHARD_IDLE_MS);
	pthread_mutex_lock(&sh->mu);
	while (sh->q_len == 0 && !sh->closing)
		if (!in_txn)
			pthread_cond_wait(&sh->changed, &sh->mu);
		else if (pthread_cond_timedwait(&sh->changed, &sh->mu, &until))
			break;
	if (sh->q_len > 0) {
		shard_smallest_first(sh);
		*t = sh->q[sh->q_head];
		sh->q_head = (sh->q_head + 1) % SHARD_QUEUE;
		sh->q_len--;
		pthread_cond_broadcast(&sh->changed);
		got = 1;
	} else if (sh->closing) {
		got = -1;
	}
	pthread_mutex_unlock(&sh->mu);
	return got;
}

/* Record that the shard failed with err (taken over) and drop what it
 * was given. */
static void
shard_fail(struct indexer_shard *sh, struct err *err)
{
	pthread_mutex_lock(&sh->mu);
	if (!sh->failed) {
		sh->failed = true;
		err_set(&sh->err, "%s", err_msg(err));
	}
	pthread_cond_broadcast(&sh->changed);
	pthread_mutex_unlock(&sh->mu);
}

/* Commit the open transaction, which wrote the entries in *mine, and
 * hand them over to indexer_shard_take. */
static bool
shard_commit(struct indexer_shard *sh, struct shard_rowids *mine,
	     struct err *err)
{
	if (!store_batch_end(sh->db, true, err))
		return false;
	pthread_mutex_lock(&sh->mu);
	for (size_t i = 0; i < mine->n; i++)
		shard_rowids_add(&sh->done, mine->v[i]);
	pthread_mutex_unlock(&sh->mu);
	mine->n = 0;
	return true;
}

/* Insert t inside the open transaction (begun here when none is). */
static bool
shard_insert(struct indexer_shard *sh, struct indexer_shard_text *t,
	     bool *in_txn, struct timespec txn[2], struct shard_rowids *mine,
	     struct err *err)
{
	bool ok;

	if (!*in_txn) {
		if (!store_batch_begin(sh->db, err))
			return false;
		*in_txn = true;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &txn[0]);
		clock_gettime(CLOCK_MONOTONIC, &txn[1]);
	}
	if (sh->o.inflight != NULL)
		inflight_enter(sh->o.inflight, sh->o.slot, t->path);
	ok = store_shard_put(sh->db, t->id, &t->rowid, t->title, t->source,
			     t->body, t->body_len, t->tokens, err);
	if (sh->o.inflight != NULL)
		inflight_leave(sh->o.inflight, sh->o.slot);
	if (ok)
		shard_rowids_add(mine, t->rowid);
	return ok;
}

/* Take the late text of the smallest row id into *t. */
static void
shard_take_late(struct shard_late *late, struct indexer_shard_text *t)
{
	size_t best = 0;

	for (size_t i = 1; i < late->n; i++)
		if (shard_rowid_of(&late->v[i]) < shard_rowid_of(&late->v[best]))
			best = i;
	*t = late->v[best];
	late->v[best] = late->v[--late->n];
}

/* Release the late texts, which will not be written. */
static void
shard_drop_late(struct indexer_shard *sh, struct shard_late *late)
{
	while (late->n > 0)
		sh->o.release(late->v[--late->n].owner);
}

/* The shard's thread: insert texts until the end is asked for. A text
 * whose row id is not above the last one the open transaction wrote
 * would make FTS5 write its pending terms out as a segment of their own
 * (shard_smallest_first): it waits for the next transaction instead,
 * which begins with the late texts, smallest first. At 100,000 articles
 * the shards wrote 605 segments before, 141 after (a uprobe on
 * fts5FlushOneHash), in less CPU (bench/README.md, "Issue 16", third
 * session). */
static void *
shard_main(void *arg)
{
	struct indexer_shard *sh = arg;
	void *altstack = crash_altstack_new();
	struct shard_rowids mine = { 0 };
	struct shard_late late = { .n = 0 };
	struct timespec txn[2];		/* the transaction's CPU, clock */
	struct indexer_shard_text t;
	int64_t last = 0;		/* the open transaction's last entry */
	bool in_txn = false, ok = true;
	bool draining = false;		/* taking the late texts, all of
					   them before any queued one */
	bool was_late;			/* t is one of them */
	struct err err;
	int got;

	err_init(&err);
	do {
		if (!in_txn && late.n > 0)
			draining = true;
		was_late = draining && late.n > 0;
		if (was_late) {
			shard_take_late(&late, &t);
			draining = late.n > 0;
			got = 1;
		} else {
			got = shard_pop(sh, in_txn, &t);
		}
		/* A late text goes in now, whatever its row id turns out
		 * to be (shard_rowid_of guesses): it never waits twice. */
		if (got == 1 && ok && in_txn && !was_late &&
		    shard_rowid_of(&t) <= last) {
			late.v[late.n++] = t;
		} else if (got == 1) {
			ok = ok && shard_insert(sh, &t, &in_txn, txn, &mine,
						&err);
			last = t.rowid;
			sh->o.release(t.owner);
		}
		if (ok && in_txn && (got != 1 || late.n == SHARD_LATE_MAX ||
		    shard_ms_since(CLOCK_THREAD_CPUTIME_ID, &txn[0])
		    >= SHARD_TXN_MS ||
		    shard_ms_since(CLOCK_MONOTONIC, &txn[1])
		    >= SHARD_TXN_WALL_MS)) {
			ok = shard_commit(sh, &mine, &err);
			in_txn = false;
		}
		if (!ok && in_txn) {
			store_batch_end(sh->db, false, NULL);
			in_txn = false;
		}
		if (!ok) {
			shard_drop_late(sh, &late);
			shard_fail(sh, &err);
		}
	} while (got >= 0 || late.n > 0);
	err_fini(&err);
	free(mine.v);
	crash_altstack_free(altstack);
	return NULL;
}

bool
indexer_shard_start(struct store *db, int k,
		    const struct indexer_shard_opts *o,
		    struct indexer_shard **out, struct err *err)
{
	struct indexer_shard *sh = xcalloc(1, sizeof *sh);

	sh->o = *o;
	err_init(&sh->err);
	pthread_mutex_init(&sh->mu, NULL);
	pthread_cond_init(&sh->changed, NULL);
	if (!store_shard_open(db, k, &sh->db, err)) {
		indexer_shard_free(sh);
		return false;
	}
	if (pthread_create(&sh->thread, NULL, shard_main, sh) != 0) {
		indexer_shard_free(sh);
		return err_set(err, _("cannot index: cannot start a thread"));
	}
	*out = sh;
	return true;
}

bool
indexer_shard_push(struct indexer_shard *sh,
		   const struct indexer_shard_text *t)
{
	bool failed;

	pthread_mutex_lock(&sh->mu);
	while (sh->q_len == SHARD_QUEUE && !sh->failed)
		pthread_cond_wait(&sh->changed, &sh->mu);
	failed = sh->failed;
	if (!failed) {
		sh->q[(sh->q_head + sh->q_len) % SHARD_QUEUE] = *t;
		sh->q_len++;
		pthread_cond_broadcast(&sh->changed);
	}
	pthread_mutex_unlock(&sh->mu);
	if (failed)
		sh->o.release(t->owner);
	return !failed;
}

bool
indexer_shard_take(struct indexer_shard *sh, int64_t **rowids, size_t *n,
		   struct err *err)
{
	bool ok;

	pthread_mutex_lock(&sh->mu);
	*rowids = sh->done.v;
	*n = sh->done.n;
	sh->done = (struct shard_rowids){ 0 };
	ok = !sh->failed;
	if (!ok)
		err_set(err, "%s", err_msg(&sh->err));
	pthread_mutex_unlock(&sh->mu);
	return ok;
}

void
indexer_shard_finish(struct indexer_shard *sh)
{
	pthread_mutex_lock(&sh->mu);
	sh->closing = true;
	pthread_cond_broadcast(&sh->changed);
	pthread_mutex_unlock(&sh->mu);
	pthread_join(sh->thread, NULL);
	store_close(sh->db);
	sh->db = NULL;
}

void
indexer_shard_free(struct indexer_shard *sh)
{
	if (sh == NULL)
		return;
	for (size_t i = 0; i < sh->q_len; i++)
		sh->o.release(sh->q[(sh->q_head + i) % SHARD_QUEUE].owner);
	store_close(sh->db);
	free(sh->done.v);
	err_fini(&sh->err);
	pthread_cond_destroy(&sh->changed);
	pthread_mutex_destroy(&sh->mu);
	free(sh);
}
