/* SPDX-License-Identifier: MIT */
/*
 * indexer.c: one indexing run (see indexer.h). The calling thread walks,
 * compares and then writes, in two phases: first the metadata of every
 * new or changed file (from its head), so the list fills in at the speed
 * of the disk; then the full text of those and of the rows an earlier
 * run left pending. In each phase reader threads take files from a
 * shared counter, read them, and hand the results over through a small
 * bounded queue, so at most a few dozen parsed articles wait in memory.
 * Only the writing thread touches the database and the rename
 * candidates, so they need no lock.
 *
 * Compare: the files, sorted by path, are merged with the rows as they
 * stream in path order; only rows whose file was not found stay in memory,
 * as rename candidates. Reconcile: a file whose head is the whole file is
 * hashed for free; a larger new file is hashed in the listing phase only
 * when some candidate has a hash, so every rename is known once listing
 * ends. Taking a candidate over is an UPDATE of its path, so the id and
 * all that hangs off it follow the file. Nothing is marked missing before
 * every file is listed, so a run stopped early never mistakes a rename
 * for a deletion. A cold start (no row at all) first lists the first
 * INDEXER_PRIME_FILES files the walk meets (indexer_prime), so its first
 * rows show before the whole archive is walked and stat-ed.
 *
 * Batches: at most 2048 listing rows or 1024 texts' rows, ended early after
 * 250 ms of CPU, and committed after 150 ms without a new result, so
 * another instance waits tens of milliseconds at most and the first rows
 * show at once. The texts themselves go to the full-text shards' threads
 * (indexer_shard.h) once their rows are committed; each later batch
 * first points the rows at what the shards committed (indexer_settle). The
 * article upsert is prepared once per connection; url and hash have no
 * index (migration 6): keeping them up to date at random places was half
 * the listing time. A freed queue slot wakes one reader, not all. The
 * progress's committed count grows only with what the list shows, so the
 * app does not reload during the text phase. Figures in bench/README.md,
 * "Indexing", "Cold start with two-phase indexing" and "Issue 16".
 */
#include "config.h"
#include "data/indexer.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/crash.h"
#include "base/deadline.h"
#include "document/chrome.h"
#include "document/doc.h"
#include "base/err.h"
#include "base/i18n.h"
#include "data/indexer_file.h"
#include "data/indexer_shard.h"
#include "base/inflight.h"
#include "data/indexer_walk.h"
#include "data/store.h"
#include "base/xmem.h"

#define INDEXER_READERS 8	/* reads in flight: a cold disk needs many */
#define INDEXER_PRIME_FILES 48	/* a cold start lists these first: two
				   screens of rows (indexer_prime) */
#define INDEXER_BAD_META_SHOWN 5	/* files with broken front matter named
				   in a run's warnings; the rest counted */
#define INDEXER_BATCH 1024	/* rows per transaction at most (text):
				   the shards write the texts, in their own
				   transactions, once these committed;
				   INDEXER_BATCH_MS ends it first. Each
				   commit writes every page it touched,
				   and a batch's rows land all over the
				   date index: 64 rows a batch wrote a
				   sixth more bytes (store_shard_open) */
#define INDEXER_META_BATCH 2048	/* rows per transaction at most (list):
				   a row alone takes tens of microseconds,
				   and each commit rewrites the date index
				   pages its rows landed on. At 100,000
				   articles the main database wrote 709 MB
				   with 256 rows a batch, 424 MB with 2048 */
#define INDEXER_BATCH_MS 250	/* a transaction ends after this much of
				   the writer's CPU time, so another
				   instance never waits for long... */
#define INDEXER_BATCH_WALL_MS 1000	/* ...or this long on the clock: on a
					   busy machine the clock alone made
					   batches small, and every commit
					   writes a segment */
#define INDEXER_FLUSH_MS 150	/* commit what came so far after this long
				   without a new result: the list fills in */
#define INDEXER_MISSING_BATCH 512	/* missing flags per transaction */
#define INDEXER_FIRST_BATCH 32	/* the first listing batch: a screenful,
				   committed as soon as it is read */
#define INDEXER_MAX_SHARDS 8	/* store_shards() at most */

/* An article whose file the walk did not find, kept as a candidate for
 * a rename: only these rows are copied out of the database, so a run
 * over 100,000 unchanged files holds no copy of their rows. */
struct indexer_known {
	int64_t id;
	char *hash, *url;	/* NULL when unknown */
	bool gone;		/* not found where the walk looked: to be
				   marked missing unless a new file claims it
				   (else it was missing already) */
	bool claimed;		/* a new file took it over (a rename) */
};

/* The two phases of the writing (HACKING.md, "Indexing"). */
enum indexer_phase {
	INDEXER_PHASE_LIST,	/* rows from the files' heads */
	INDEXER_PHASE_TEXT,	/* full-text entries from the whole files */
};

/* A file to read: new (no row yet), changed, or with its text pending. */
struct indexer_job {
	const struct indexer_walk_file *file;
	bool is_new;
	bool need_meta;		/* its row must be written in phase 1 */
	bool failed;		/* phase 1 could not read it: no phase 2 */
};

/* What a reader thread made of one job: h in phase 1, f in phase 2. */
struct indexer_result {
	struct indexer_job *job;
	struct indexer_head h;
	struct indexer_file f;
	struct store_tokens *tokens;	/* phase 2: f's full-text tokens,
					   made by the reader */
	int64_t id, fts_rowid;		/* phase 2: its row, and its
					   current full-text entry */
	char *title, *source;		/* phase 2: copies of f.doc's,
					   which is freed once the row is
					   committed */
};

struct indexer {
	struct indexer_opts o;
	atomic_bool stop;		/* indexer_stop was called */
	atomic_bool abort;		/* the writer failed: readers leave */
	struct store *store;
	int lock_fd;
	struct inflight *inflight;	/* slot i: reader i; the last slot:
					   the writer; NULL: not recorded */
	atomic_size_t next_slot;	/* the slot the next reader takes */
	struct indexer_walk walk;
	struct indexer_known *known;	/* rename candidates */
	size_t n_known;
	size_t cap_known;
	size_t n_merged;		/* walk files merged with the rows */
	struct indexer_known **by_url;	/* rename candidates, sorted */
	size_t n_by_url;
	struct indexer_known **by_hash;
	size_t n_by_hash;
	struct indexer_job *jobs;
	size_t n_jobs;
	enum indexer_phase phase;	/* set before the readers start */
	struct indexer_job **run;	/* the jobs of this phase */
	size_t n_run;
	size_t batch;			/* articles per transaction, this phase */
	atomic_size_t next_job;		/* the next of run a reader takes */
	pthread_mutex_t mu;		/* guards the queue and n_running */
	pthread_cond_t not_full;	/* a slot is free, or a stop: readers
					   wait on it, each woken alone */
	pthread_cond_t not_empty;	/* a result came, a reader ended, or a
					   stop: the writer waits on it */
	struct indexer_result **queue;	/* ring buffer */
	size_t q_head, q_len, q_cap;
	int n_running;			/* reader threads still working */
	struct indexer_shard *shards[INDEXER_MAX_SHARDS];	/* phase 2's
					   full-text writers; NULL: none */
	struct indexer_progress p;	/* the writing thread's */
	struct timespec start;
};

/* Return the seconds of this thread's CPU time since ts. */
static double
indexer_cpu_since(const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
	return (double)(now.tv_sec - ts->tv_sec) +
	       (double)(now.tv_nsec - ts->tv_nsec) / 1e9;
}

/* Return the seconds since ts. */
static double
indexer_since(const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - ts->tv_sec) +
	       (double)(now.tv_nsec - ts->tv_nsec) / 1e9;
}

struct indexer *
indexer_new(const struct indexer_opts *o)
{
	struct indexer *ix = xcalloc(1, sizeof *ix);

	ix->o = *o;
	if (ix->o.n_readers <= 0)
		ix->o.n_readers = INDEXER_READERS;
	atomic_init(&ix->stop, false);
	atomic_init(&ix->abort, false);
	atomic_init(&ix->next_job, 0);
	atomic_init(&ix->next_slot, 0);
	ix->lock_fd = -1;
	pthread_mutex_init(&ix->mu, NULL);
	pthread_cond_init(&ix->not_full, NULL);
	pthread_cond_init(&ix->not_empty, NULL);
	indexer_walk_init(&ix->walk);
	return ix;
}

void
indexer_stop(struct indexer *ix)
{
	atomic_store(&ix->stop, true);
	pthread_mutex_lock(&ix->mu);
	pthread_cond_broadcast(&ix->not_full);
	pthread_cond_broadcast(&ix->not_empty);
	pthread_mutex_unlock(&ix->mu);
}

/* Return whether a stop was asked for, or the writer gave up. */
static bool
indexer_stopping(struct indexer *ix)
{
	return atomic_load(&ix->stop) || atomic_load(&ix->abort);
}

/* Make the readers leave after the writer failed. */
static void
indexer_abort(struct indexer *ix)
{
	atomic_store(&ix->abort, true);
	pthread_mutex_lock(&ix->mu);
	pthread_cond_broadcast(&ix->not_full);
	pthread_cond_broadcast(&ix->not_empty);
	pthread_mutex_unlock(&ix->mu);
}

/* Free one result; NULL is allowed. */
static void
indexer_result_free(struct indexer_result *r)
{
	if (r == NULL)
		return;
	store_tokens_free(r->tokens);
	free(r->title);
	free(r->source);
	indexer_head_fini(&r->h);
	indexer_file_fini(&r->f);
	free(r);
}

/* Free what one run built, so that ix can run again. */
static void
indexer_reset(struct indexer *ix)
{
	for (size_t i = 0; i < ix->n_known; i++) {
		free(ix->known[i].hash);
		free(ix->known[i].url);
	}
	free(ix->known);
	free(ix->by_url);
	free(ix->by_hash);
	free(ix->jobs);
	free(ix->run);
	while (ix->q_len > 0) {
		indexer_result_free(ix->queue[ix->q_head]);
		ix->q_head = (ix->q_head + 1) % ix->q_cap;
		ix->q_len--;
	}
	free(ix->queue);
	ix->known = NULL;
	ix->by_url = ix->by_hash = NULL;
	ix->jobs = NULL;
	ix->run = NULL;
	ix->n_run = 0;
	ix->queue = NULL;
	ix->n_known = ix->cap_known = ix->n_by_url = ix->n_by_hash = 0;
	ix->n_jobs = ix->n_merged = 0;
	ix->q_head = ix->q_cap = 0;
	indexer_walk_fini(&ix->walk);
	store_close(ix->store);
	ix->store = NULL;
	inflight_close(ix->inflight);
	ix->inflight = NULL;
	if (ix->lock_fd >= 0)
		close(ix->lock_fd);	/* releases the flock */
	ix->lock_fd = -1;
}

void
indexer_free(struct indexer *ix)
{
	if (ix == NULL)
		return;
	indexer_reset(ix);
	pthread_mutex_destroy(&ix->mu);
	pthread_cond_destroy(&ix->not_full);
	pthread_cond_destroy(&ix->not_empty);
	free(ix);
}

/* Pass a translated message to the caller's warning callback. */
static void
indexer_warn(struct indexer *ix, const char *msg)
{
	if (ix->o.on_warning != NULL)
		ix->o.on_warning(msg, ix->o.ctx);
}

/* Bring the rate and the time left up to date and tell the caller. */
static void
indexer_report(struct indexer *ix)
{
	double secs = indexer_since(&ix->start);

	ix->p.rate = secs > 0.001 ? (double)ix->p.done / secs : 0.0;
	ix->p.secs_left = ix->p.rate > 0.0 && ix->p.done > 0
		? (double)(ix->p.total - ix->p.done) / ix->p.rate : -1.0;
	if (ix->o.on_progress != NULL)
		ix->o.on_progress(&ix->p, ix->o.ctx);
}

/* ---- The lock ---------------------------------------------------- */

/* Take the indexing lock of the database, "<db>.index-lock". The kernel
 * drops an flock when its holder dies, however it dies, so a killed run
 * never leaves a stale lock behind. */
static enum indexer_status
indexer_lock(struct indexer *ix, struct err *err)
{
	struct buf path;
	enum indexer_status st = INDEXER_DONE;

	buf_init(&path);
	buf_printf(&path, "%s.index-lock", ix->o.db_path);
	ix->lock_fd = open(buf_str(&path), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (ix->lock_fd < 0) {
		err_set(err, _("cannot index: cannot create %s: %s"),
			buf_str(&path), strerror(errno));
		st = INDEXER_FAILED;
	} else if (flock(ix->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK) {
			err_set(err, _("indexing is under way in another "
				       "tsundoku"));
			st = INDEXER_BUSY;
		} else {
			err_set(err, _("cannot index: cannot lock %s: %s"),
				buf_str(&path), strerror(errno));
			st = INDEXER_FAILED;
		}
	}
	buf_fini(&path);
	return st;
}

/* Open the indexer's own connection, take the lock and make the shards,
 * putting right one the machine stopped with (store_shards_recover). */
static enum indexer_status
indexer_open(struct indexer *ix, struct err *err)
{
	enum indexer_status st;
	int emptied = 0;

	if (!store_open(ix->o.db_path, &ix->store, err))
		return INDEXER_FAILED;
	if (!store_is_writable(ix->store)) {
		err_set(err, _("cannot index: the database %s is read-only"),
			ix->o.db_path);
		return INDEXER_FAILED;
	}
	st = indexer_lock(ix, err);
	if (st == INDEXER_DONE && !store_shards_recover(ix->store, &emptied,
							err))
		st = INDEXER_FAILED;
	if (emptied > 0)
		indexer_warn(ix, _("part of the search index was damaged, or "
				   "not saved when the machine stopped: "
				   "indexing its texts again"));
	return st;
}

/* ---- Crashes ----------------------------------------------------- */

/* Quarantine path, which a dead process was parsing (inflight_collect's
 * callback): with the size and mtime it has now, so that it is parsed
 * again once it changes. A file that is gone needs nothing. */
static bool
indexer_quarantine(const char *path, void *ctx)
{
	struct indexer *ix = ctx;
	struct stat sb;
	struct err err;
	bool ok;

	if (stat(path, &sb) != 0)
		return errno == ENOENT || errno == ENOTDIR;
	err_init(&err);
	ok = store_quarantine(ix->store, path, (int64_t)sb.st_size,
			      indexer_mtime_ns(&sb), &err);
	if (!ok)
		indexer_warn(ix, err_msg(&err));
	else
		ix->p.committed++;	/* the list may show a new row */
	err_fini(&err);
	return ok;
}

/* Record in flight what this run's threads parse, and quarantine what
 * dead processes were parsing. Neither is worth failing the run for: a
 * failure is a warning. */
static void
indexer_guard(struct indexer *ix)
{
	struct err err;

	err_init(&err);
	if (!inflight_open(ix->o.db_path, (size_t)ix->o.n_readers + 1 +
			   (size_t)store_shards(),
			   &ix->inflight, &err) ||
	    !inflight_collect(ix->o.db_path, indexer_quarantine, ix, &err))
		indexer_warn(ix, err_msg(&err));
	err_fini(&err);
}

/* Record that slot starts parsing path. */
static void
indexer_enter(struct indexer *ix, size_t slot, const char *path)
{
	if (ix->inflight != NULL)
		inflight_enter(ix->inflight, slot, path);
}

/* Record that slot's parse is over. */
static void
indexer_leave(struct indexer *ix, size_t slot)
{
	if (ix->inflight != NULL)
		inflight_leave(ix->inflight, slot);
}

/* ---- Comparing the walk with the database ------------------------ */

/* Compare two optional strings, NULL first. */
static int
indexer_cmp_opt(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return (x != NULL) - (y != NULL);
	return strcmp(x, y);
}

/* qsort comparators: rename candidates by url, by hash. */
static int
indexer_cmp_url(const void *p, const void *q)
{
	const struct indexer_known *const *x = p, *const *y = q;

	return indexer_cmp_opt((*x)->url, (*y)->url);
}

static int
indexer_cmp_hash(const void *p, const void *q)
{
	const struct indexer_known *const *x = p, *const *y = q;

	return indexer_cmp_opt((*x)->hash, (*y)->hash);
}

/* Append a job for file f. */
static void
indexer_add_job(struct indexer *ix, const struct indexer_walk_file *f,
		bool is_new, bool need_meta)
{
	ix->jobs[ix->n_jobs++] = (struct indexer_job){
		.file = f, .is_new = is_new, .need_meta = need_meta,
	};
}

/* Warn that the quarantined file at path is not read. */
static void
indexer_quarantined(struct indexer *ix, const char *path)
{
	struct buf msg;

	buf_init(&msg);
	/* TRANSLATORS: %s is a file; "index --retry" is the command
	   line option, do not translate it. */
	buf_printf(&msg, _("%s: quarantined (tsundoku crashed while reading "
			   "it): not read until it changes or 'tsundoku index "
			   "--retry'"), path);
	indexer_warn(ix, buf_str(&msg));
	buf_fini(&msg);
	ix->p.n_quarantined++;
}

/* Decide about a file the walk found and the row with its path (NULL
 * when there is none): leave it unread when it is quarantined and
 * unchanged (unless retrying); record it when it is new, changed, came
 * back after being missing, quarantined, or was only ever opened, never
 * indexed; index
 * only its text when an earlier run recorded its row but stopped before
 * its text. */
static void
indexer_compare(struct indexer *ix, const struct indexer_walk_file *f,
		const struct store_known *k)
{
	if (f->problem != NULL) {	/* a row, if any, stays as it is */
		struct buf msg;
		buf_init(&msg);
		buf_printf(&msg, _("cannot read %s: %s"), f->path, f->problem);
		indexer_warn(ix, buf_str(&msg));
		buf_fini(&msg);
		ix->p.n_unreadable++;
		return;
	}
	if (k != NULL && k->quarantined && !ix->o.retry &&
	    k->size == f->size && k->mtime_ns == f->mtime_ns) {
		indexer_quarantined(ix, f->path);
		return;
	}
	if (k == NULL)
		indexer_add_job(ix, f, true, true);
	else if (k->quarantined || !k->indexed || k->missing ||
		 k->size != f->size || k->mtime_ns != f->mtime_ns)
		indexer_add_job(ix, f, false, true);
	else if (!k->text_indexed)
		indexer_add_job(ix, f, false, false);
}

/* Keep the row k, whose file the walk did not find, when a new file may
 * claim it: it is gone now (its directory was walked) or missing
 * already. */
static void
indexer_add_candidate(struct indexer *ix, const struct store_known *k)
{
	bool gone = !k->missing && indexer_walk_covers(&ix->walk, k->path);

	if (!gone && !k->missing)
		return;		/* not looked for: it may well be there */
	if (ix->n_known == ix->cap_known) {
		ix->cap_known = ix->cap_known ? 2 * ix->cap_known : 64;
		ix->known = xreallocarray(ix->known, ix->cap_known,
					  sizeof *ix->known);
	}
	ix->known[ix->n_known++] = (struct indexer_known){
		.id = k->id, .gone = gone,
		.hash = k->hash ? xstrdup(k->hash) : NULL,
		.url = k->url ? xstrdup(k->url) : NULL,
	};
}

/* Merge one row, in path order, with the walk's files (sorted by path
 * too): the files before it have no row, a file with its path is
 * compared with it, and a row without a file may be a candidate. */
static bool
indexer_merge_row(const struct store_known *k, void *ctx)
{
	struct indexer *ix = ctx;
	const struct indexer_walk_file *f = ix->walk.files;
	size_t n = ix->walk.n_files;
	int c = 1;

	while (ix->n_merged < n &&
	       (c = strcmp(f[ix->n_merged].path, k->path)) < 0)
		indexer_compare(ix, &f[ix->n_merged++], NULL);
	if (ix->n_merged < n && c == 0)
		indexer_compare(ix, &f[ix->n_merged++], k);
	else
		indexer_add_candidate(ix, k);
	return true;
}

/* Index the candidates by url and by hash for indexer_claim. */
static void
indexer_sort_candidates(struct indexer *ix)
{
	ix->by_url = xcalloc(ix->n_known + 1, sizeof *ix->by_url);
	ix->by_hash = xcalloc(ix->n_known + 1, sizeof *ix->by_hash);
	for (size_t j = 0; j < ix->n_known; j++) {
		if (ix->known[j].url != NULL)
			ix->by_url[ix->n_by_url++] = &ix->known[j];
		if (ix->known[j].hash != NULL)
			ix->by_hash[ix->n_by_hash++] = &ix->known[j];
	}
	qsort(ix->by_url, ix->n_by_url, sizeof *ix->by_url, indexer_cmp_url);
	qsort(ix->by_hash, ix->n_by_hash, sizeof *ix->by_hash,
	      indexer_cmp_hash);
}

/* Walk the paths and merge the files with the rows (both in path
 * order) into jobs and rename candidates. */
static bool
indexer_scan(struct indexer *ix, struct err *err)
{
	ix->p.scanning = true;
	indexer_report(ix);
	ix->walk.stop = &ix->stop;
	for (size_t i = 0; i < ix->o.n_paths && !indexer_stopping(ix); i++)
		indexer_walk_add(&ix->walk, ix->o.paths[i]);
	indexer_walk_done(&ix->walk);
	for (size_t i = 0; i < ix->walk.n_warnings; i++)
		indexer_warn(ix, ix->walk.warnings[i]);
	ix->p.n_unreadable += ix->walk.n_bad_paths;
	ix->jobs = xcalloc(ix->walk.n_files + 1, sizeof *ix->jobs);
	if (!store_known_articles(ix->store, indexer_merge_row, ix, err))
		return false;
	while (ix->n_merged < ix->walk.n_files)	/* after the last row */
		indexer_compare(ix, &ix->walk.files[ix->n_merged++], NULL);
	indexer_sort_candidates(ix);
	return true;
}

/* ---- Reader threads ---------------------------------------------- */

/* Put r in the queue, waiting while it is full; return false (r not
 * taken) when a stop was asked for meanwhile. */
static bool
indexer_push(struct indexer *ix, struct indexer_result *r)
{
	bool taken = false;

	pthread_mutex_lock(&ix->mu);
	while (ix->q_len == ix->q_cap && !indexer_stopping(ix))
		pthread_cond_wait(&ix->not_full, &ix->mu);
	if (!indexer_stopping(ix)) {
		ix->queue[(ix->q_head + ix->q_len) % ix->q_cap] = r;
		ix->q_len++;
		taken = true;
		pthread_cond_signal(&ix->not_empty);
	}
	pthread_mutex_unlock(&ix->mu);
	return taken;
}

/* Copy the title and the source of r's document into r: they outlive it
 * (indexer_to_shards). */
static void
indexer_copy_names(struct indexer_result *r)
{
	const char *title = doc_title(r->f.doc);
	const char *source = r->f.doc->meta.source;

	r->title = title != NULL ? xstrdup(title) : NULL;
	r->source = source != NULL ? xstrdup(source) : NULL;
}

/* Read r's file as the phase needs it. A new file's head is hashed
 * whole only when a rename by content is possible (rows without a file
 * have hashes): a file larger than the head is then read to its end. */
static void
indexer_read(struct indexer *ix, size_t slot, struct indexer_result *r)
{
	const char *path = r->job->file->path;

	buf_init(&r->f.body);
	indexer_enter(ix, slot, path);
	if (ix->phase == INDEXER_PHASE_LIST)
		indexer_head_read(path, r->job->is_new && ix->n_by_hash > 0,
				  &r->h);
	else
		indexer_file_read(path, &r->f);
	/* Tokenizing is most of what FTS5 would do in the one writer:
	 * done here, on every reader, the writer only copies tokens in. */
	if (ix->phase == INDEXER_PHASE_TEXT && r->f.problem == NULL) {
		indexer_copy_names(r);
		r->tokens = store_tokens_new(r->title, r->source,
					     r->f.body.data, r->f.body.len);
	}
	indexer_leave(ix, slot);
}

/* A reader thread: take jobs until there are none or a stop. */
static void *
indexer_reader(void *arg)
{
	struct indexer *ix = arg;
	size_t slot = atomic_fetch_add(&ix->next_slot, 1);
	/* A parser overflowing this thread's stack still lets the fatal
	 * signal handler put the terminal back (crash.h). */
	void *altstack = crash_altstack_new();

	while (!indexer_stopping(ix)) {
		size_t j = atomic_fetch_add(&ix->next_job, 1);
		if (j >= ix->n_run)
			break;
		struct indexer_result *r = xcalloc(1, sizeof *r);
		r->job = ix->run[j];
		indexer_read(ix, slot, r);
		if (!indexer_push(ix, r)) {
			indexer_result_free(r);
			break;
		}
	}
	pthread_mutex_lock(&ix->mu);
	ix->n_running--;
	pthread_cond_signal(&ix->not_empty);
	pthread_mutex_unlock(&ix->mu);
	crash_altstack_free(altstack);
	return NULL;
}

/* Take the next result from the queue into *r, waiting at most wait_ms;
 * return 1 for a result, 0 when none came in time, -1 when no more will
 * come (all readers finished, or a stop). */
static int
indexer_pop(struct indexer *ix, int wait_ms, struct indexer_result **r)
{
	struct timespec until;
	int got = 0;

	deadline_in(&until, (long)wait_ms);
	pthread_mutex_lock(&ix->mu);
	while (ix->q_len == 0 && ix->n_running > 0 && !indexer_stopping(ix) &&
	       pthread_cond_timedwait(&ix->not_empty, &ix->mu, &until) == 0)
		;
	if (ix->q_len > 0 && !indexer_stopping(ix)) {
		*r = ix->queue[ix->q_head];
		ix->q_head = (ix->q_head + 1) % ix->q_cap;
		ix->q_len--;
		pthread_cond_signal(&ix->not_full);
		got = 1;
	} else if (ix->n_running == 0 || indexer_stopping(ix)) {
		got = -1;
	}
	pthread_mutex_unlock(&ix->mu);
	return got;
}

/* Start the reader threads; return how many started. */
static int
indexer_start_readers(struct indexer *ix, pthread_t *threads)
{
	int n = 0;

	ix->q_cap = 2 * (size_t)ix->o.n_readers;
	if (ix->queue == NULL)
		ix->queue = xcalloc(ix->q_cap, sizeof *ix->queue);
	ix->q_head = 0;
	atomic_store(&ix->next_job, 0);
	atomic_store(&ix->next_slot, 0);
	pthread_mutex_lock(&ix->mu);
	ix->n_running = ix->o.n_readers;
	pthread_mutex_unlock(&ix->mu);
	for (; n < ix->o.n_readers; n++)
		if (pthread_create(&threads[n], NULL, indexer_reader, ix) != 0)
			break;
	pthread_mutex_lock(&ix->mu);
	ix->n_running -= ix->o.n_readers - n;	/* those that did not start */
	pthread_cond_signal(&ix->not_empty);
	pthread_mutex_unlock(&ix->mu);
	return n;
}

/* ---- Writing ----------------------------------------------------- */

/* Find, among the rename candidates in list[0..n) sorted by key, an
 * unclaimed one whose key equals want (url or hash); prefer one with the
 * same hash too. Return NULL when there is none. */
static struct indexer_known *
indexer_find(struct indexer_known **list, size_t n, const char *want,
	     bool by_url, const char *hash)
{
	size_t lo = 0, hi = n;
	struct indexer_known *best = NULL;

	while (lo < hi) {	/* the first element not below want */
		size_t mid = lo + (hi - lo) / 2;
		const char *key = by_url ? list[mid]->url : list[mid]->hash;
		if (indexer_cmp_opt(key, want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n; lo++) {
		struct indexer_known *k = list[lo];
		if (strcmp(by_url ? k->url : k->hash, want) != 0)
			break;
		if (k->claimed)
			continue;
		if (best == NULL || indexer_cmp_opt(k->hash, hash) == 0)
			best = k;
		if (indexer_cmp_opt(k->hash, hash) == 0)
			break;
	}
	return best;
}

/* Return the row a new file with url (NULL: none) and content hash takes
 * over, or NULL: with a url, a candidate with the same url; without one,
 * a candidate with the same content. */
static struct indexer_known *
indexer_claim(struct indexer *ix, const char *url, const char *hash)
{
	struct indexer_known *k = url != NULL
		? indexer_find(ix->by_url, ix->n_by_url, url, true, hash)
		: indexer_find(ix->by_hash, ix->n_by_hash, hash, false, hash);

	if (k != NULL)
		k->claimed = true;
	return k;
}

/* Phase 1: record the row of one result inside the open batch, listed
 * at once with its text still to index; a new file may take over the
 * row of a renamed one. */
static bool
indexer_apply_meta(struct indexer *ix, struct indexer_result *r,
		   struct err *err)
{
	const struct meta *m = &r->h.meta;
	const char *hash = r->h.hash[0] != '\0' ? r->h.hash : NULL;
	struct store_article a = {
		.path = r->job->file->path, .size = r->h.size,
		.mtime_ns = r->h.mtime_ns, .hash = hash,
		.title = r->h.title, .source = m->source, .url = m->url,
		.date = m->date, .fetch_date = m->fetch_date, .length = -1,
		.extra = m->extra, .n_extra = m->n_extra,
	};
	struct indexer_known *k = NULL;

	if (r->job->is_new && (a.url != NULL || hash != NULL) &&
	    (k = indexer_claim(ix, a.url, hash)) != NULL &&
	    !store_batch_move(ix->store, k->id, a.path, err))
		return false;
	if (!store_batch_put_meta(ix->store, &a, err))
		return false;
	if (r->h.meta_problem != NULL &&
	    ix->p.n_bad_meta++ < INDEXER_BAD_META_SHOWN &&
	    ix->o.name_bad_meta)
		indexer_warn(ix, r->h.meta_problem);
	if (k != NULL)
		ix->p.n_renamed++;
	else if (r->job->is_new)
		ix->p.n_new++;
	else
		ix->p.n_changed++;
	ix->p.committed++;
	return true;
}

/* Record the hashes of d's blocks near either end for learned chrome
 * (chrome.h), under its site's key; an article without one teaches
 * nothing. */
static bool
indexer_learn_chrome(struct indexer *ix, const char *path,
		     const struct doc *d, struct err *err)
{
	uint64_t hashes[CHROME_MAX_HASHES];
	struct buf site;
	bool ok = true;

	buf_init(&site);
	chrome_key(d, &site);
	if (site.len > 0)
		ok = store_batch_put_chrome(ix->store, path, buf_str(&site),
					    hashes, chrome_hashes(d, hashes),
					    err);
	buf_fini(&site);
	return ok;
}

/* Phase 2: record the row and the full text of one result inside the
 * open batch, marking its text indexed. The row is written again from
 * the whole file, which may have changed since phase 1. */
static bool
indexer_apply_text(struct indexer *ix, struct indexer_result *r,
		   struct err *err)
{
	const struct doc *d = r->f.doc;
	struct store_article a = {
		.path = r->job->file->path, .size = r->f.size,
		.mtime_ns = r->f.mtime_ns, .hash = r->f.hash,
		.title = doc_title(d), .source = d->meta.source,
		.url = d->meta.url, .date = d->meta.date,
		.fetch_date = d->meta.fetch_date,
		.length = (int64_t)d->src_len,
		.extra = d->meta.extra, .n_extra = d->meta.n_extra,
	};

	return store_batch_put_row(ix->store, &a, &r->id, &r->fts_rowid,
				   err) &&
	       indexer_learn_chrome(ix, a.path, d, err);
}

/* Record one readable result inside the open batch. */
static bool
indexer_apply(struct indexer *ix, struct indexer_result *r, struct err *err)
{
	if (ix->phase == INDEXER_PHASE_LIST)
		return indexer_apply_meta(ix, r, err);
	return indexer_apply_text(ix, r, err);
}

/* Return why r could not be read, or NULL. */
static const char *
indexer_problem(const struct indexer_result *r)
{
	return r->h.problem != NULL ? r->h.problem : r->f.problem;
}

/* Phase 2, inside the open batch: a file listed in phase 1 that is gone
 * now is flagged missing at once, so the list does not keep showing it
 * until the next run; a rename is found then (missing rows are rename
 * candidates). */
static bool
indexer_vanished(struct indexer *ix, const struct indexer_result *r,
		 struct err *err)
{
	int64_t id;

	if (ix->phase != INDEXER_PHASE_TEXT || !r->f.vanished)
		return true;
	if (!store_batch_find(ix->store, r->job->file->path, &id, err))
		return false;
	if (id > 0 && !store_batch_set_missing(ix->store, id, err))
		return false;
	if (id > 0) {
		ix->p.n_missing++;
		ix->p.committed++;
	}
	return true;
}

/* Count an unreadable result: a file that vanished or changed into
 * something else since the walk. Its row, if any, stays as it was. */
static void
indexer_unreadable(struct indexer *ix, struct indexer_result *r)
{
	indexer_warn(ix, indexer_problem(r));
	ix->p.n_unreadable++;
	r->job->failed = true;
}

/* ---- The full-text shards --------------------------------------- */

/* Free a result a shard is done with (indexer_shard_opts.release). */
static void
indexer_release(void *owner)
{
	indexer_result_free(owner);
}

/* Start the shards' writers for the text phase. */
static bool
indexer_start_shards(struct indexer *ix, struct err *err)
{
	struct indexer_shard_opts o = {
		.inflight = ix->inflight, .release = indexer_release,
	};

	assert(store_shards() <= INDEXER_MAX_SHARDS);
	for (int k = 0; k < store_shards(); k++) {
		o.slot = (size_t)ix->o.n_readers + 1 + (size_t)k;
		if (!indexer_shard_start(ix->store, k, &o, &ix->shards[k],
					 err))
			return false;
	}
	return true;
}

/* Hand the readable texts of the committed items[first..n) over to their
 * shards, which free them; a shard's failure shows at the next
 * indexer_settle. */
static void
indexer_to_shards(struct indexer *ix, struct indexer_result **items,
		  size_t first, size_t n)
{
	for (size_t j = first; j < n; j++) {
		struct indexer_result *r = items[j];
		if (indexer_problem(r) != NULL)
			continue;
		/* All its shard needs is in r->title, r->source,
		 * f.body and tokens: a text may wait for its shard a
		 * while, and its document takes many times its size. */
		doc_free(r->f.doc);
		r->f.doc = NULL;
		struct indexer_shard_text t = {
			.id = r->id, .rowid = r->fts_rowid,
			.path = r->job->file->path,
			.title = r->title, .source = r->source,
			.body = r->f.body.len ? r->f.body.data : "",
			.body_len = r->f.body.len, .tokens = r->tokens,
			.owner = r,
		};
		items[j] = NULL;
		indexer_shard_push(ix->shards[r->id % store_shards()], &t);
	}
}

/* Inside the open batch: point the rows at the entries the shards
 * committed, marking their texts indexed. */
static bool
indexer_settle(struct indexer *ix, struct err *err)
{
	bool ok = true;

	for (int k = 0; k < store_shards() && ix->shards[k] != NULL; k++) {
		int64_t *v = NULL;
		size_t n = 0;
		ok = ok && indexer_shard_take(ix->shards[k], &v, &n, err);
		for (size_t i = 0; ok && i < n; i++)
			ok = store_batch_set_text(ix->store, v[i], err);
		free(v);
	}
	return ok;
}

/* End the shards' writers, after they committed what they were given,
 * and, when settle, point the rows at it in a last batch. */
static bool
indexer_finish_shards(struct indexer *ix, bool settle, struct err *err)
{
	bool ok = true;

	for (int k = 0; k < store_shards(); k++)
		if (ix->shards[k] != NULL)
			indexer_shard_finish(ix->shards[k]);
	if (settle) {
		ok = store_batch_begin(ix->store, err);
		ok = ok && indexer_settle(ix, err);
		ok = store_batch_end(ix->store, ok, ok ? err : NULL) && ok;
	}
	for (int k = 0; k < store_shards(); k++) {
		indexer_shard_free(ix->shards[k]);
		ix->shards[k] = NULL;
	}
	return ok;
}

/* Write items[*i..n) in one transaction, ending it early once it took
 * INDEXER_BATCH_MS of CPU time or INDEXER_BATCH_WALL_MS; advance *i
 * past what was committed. */
static bool
indexer_commit_some(struct indexer *ix, struct indexer_result **items,
		    size_t n, size_t *i, struct err *err)
{
	struct timespec t0, c0;
	size_t first = *i;
	bool ok = store_batch_begin(ix->store, err);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
	ok = ok && indexer_settle(ix, err);
	for (; ok && *i < n; ) {
		struct indexer_result *r = items[(*i)++];
		if (indexer_problem(r) == NULL) {
			/* The tokenizer reads the text: a parse too. */
			indexer_enter(ix, (size_t)ix->o.n_readers,
				      r->job->file->path);
			ok = indexer_apply(ix, r, err);
			indexer_leave(ix, (size_t)ix->o.n_readers);
		} else
			ok = indexer_vanished(ix, r, err);
		if (indexer_cpu_since(&c0) * 1000.0 >= INDEXER_BATCH_MS ||
		    indexer_since(&t0) * 1000.0 >= INDEXER_BATCH_WALL_MS)
			break;
	}
	if (!ok || !store_batch_end(ix->store, true, err)) {
		store_batch_end(ix->store, false, NULL);
		return false;
	}
	for (size_t j = first; j < *i; j++)
		if (indexer_problem(items[j]) != NULL)
			indexer_unreadable(ix, items[j]);
	if (ix->phase == INDEXER_PHASE_TEXT)
		indexer_to_shards(ix, items, first, *i);
	ix->p.done += *i - first;
	indexer_report(ix);
	if (ix->o.between != NULL)
		ix->o.between(ix->store, ix->o.ctx);
	return true;
}

/* Write the batch items[0..n) and free it; return false on a failure
 * (err set), after which nothing of the unwritten rest is kept. */
static bool
indexer_commit(struct indexer *ix, struct indexer_result **items, size_t n,
	       struct err *err)
{
	size_t i = 0;
	bool ok = true;

	while (ok && i < n)
		ok = indexer_commit_some(ix, items, n, &i, err);
	for (i = 0; i < n; i++)
		indexer_result_free(items[i]);
	return ok;
}

/* Receive the readers' results and write them in batches: a batch is
 * written when it is full, or when nothing new came for a while (so the
 * first rows show up quickly). */
static bool
indexer_write(struct indexer *ix, struct err *err)
{
	struct indexer_result **batch = xcalloc(ix->batch, sizeof *batch);
	size_t n = 0;
	bool ok = true;
	int got;

	do {
		struct indexer_result *r = NULL;
		got = indexer_pop(ix, INDEXER_FLUSH_MS, &r);
		if (got == 1)
			batch[n++] = r;
		if (indexer_stopping(ix))
			break;	/* the rest is read again next time */
		size_t full = ix->phase == INDEXER_PHASE_LIST &&
			      ix->p.committed == 0 &&
			      ix->batch > INDEXER_FIRST_BATCH ?
			      INDEXER_FIRST_BATCH : ix->batch;
		if (n >= full || (n > 0 && got != 1)) {
			ok = indexer_commit(ix, batch, n, err);
			n = 0;
		}
	} while (ok && got >= 0);
	for (size_t i = 0; i < n; i++)
		indexer_result_free(batch[i]);
	free(batch);
	return ok;
}

/* Flag the rows that are gone and that no new file claimed as missing,
 * in batches. */
static bool
indexer_mark_missing(struct indexer *ix, struct err *err)
{
	size_t j = 0;

	while (j < ix->n_known && !indexer_stopping(ix)) {
		size_t in_batch = 0;
		if (!store_batch_begin(ix->store, err))
			return false;
		for (; j < ix->n_known && in_batch < INDEXER_MISSING_BATCH; j++) {
			struct indexer_known *k = &ix->known[j];
			if (!k->gone || k->claimed)
				continue;
			if (!store_batch_set_missing(ix->store, k->id, err)) {
				store_batch_end(ix->store, false, NULL);
				return false;
			}
			in_batch++;
		}
		if (!store_batch_end(ix->store, true, err))
			return false;
		ix->p.n_missing += in_batch;
		ix->p.committed += in_batch;
	}
	return true;
}

/* Make the list of jobs for phase, set the batch size and the progress
 * for it, and tell the caller. */
static void
indexer_begin_phase(struct indexer *ix, enum indexer_phase phase)
{
	size_t dflt = phase == INDEXER_PHASE_LIST ? INDEXER_META_BATCH
						   : INDEXER_BATCH;

	ix->phase = phase;
	ix->batch = ix->o.batch_size > 0 ? ix->o.batch_size : dflt;
	if (ix->run == NULL)
		ix->run = xcalloc(ix->n_jobs + 1, sizeof *ix->run);
	ix->n_run = 0;
	for (size_t j = 0; j < ix->n_jobs; j++) {
		struct indexer_job *job = &ix->jobs[j];
		if (phase == INDEXER_PHASE_LIST ? job->need_meta : !job->failed)
			ix->run[ix->n_run++] = job;
	}
	ix->p.scanning = false;
	ix->p.text = phase == INDEXER_PHASE_TEXT;
	ix->p.total = ix->n_run;
	ix->p.done = 0;
	clock_gettime(CLOCK_MONOTONIC, &ix->start);
	indexer_report(ix);
}

/* Read and write the jobs of the current phase with the reader
 * threads. */
static bool
indexer_phase(struct indexer *ix, struct err *err)
{
	pthread_t *threads = xcalloc((size_t)ix->o.n_readers, sizeof *threads);
	int n = indexer_start_readers(ix, threads);
	bool ok;

	if (n == 0 && ix->n_run > 0) {
		free(threads);
		return err_set(err, _("cannot index: cannot start a thread"));
	}
	ok = ix->phase != INDEXER_PHASE_TEXT || indexer_start_shards(ix, err);
	ok = ok && indexer_write(ix, err);
	if (!ok)
		indexer_abort(ix);
	for (int i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	if (ix->phase == INDEXER_PHASE_TEXT)
		ok = indexer_finish_shards(ix, ok, err) && ok;
	return ok;
}

bool
indexer_debug_hold_text(void)
{
	const char *hold = getenv("TSUNDOKU_DEBUG_HOLD_TEXT");

	return hold != NULL && *hold != '\0' && strcmp(hold, "0") != 0;
}

/* For tests (opts.hold_text): wait before the text phase until a stop
 * is asked for, so the state between the phases can be looked at; or,
 * when TSUNDOKU_DEBUG_HOLD_TEXT is an absolute path, until no file is
 * there, so a test can remove an article between the phases. */
static void
indexer_hold(struct indexer *ix)
{
	const char *until = getenv("TSUNDOKU_DEBUG_HOLD_TEXT");
	bool file = until != NULL && until[0] == '/';
	struct timespec wake;

	pthread_mutex_lock(&ix->mu);
	while (!indexer_stopping(ix) && !(file && access(until, F_OK) != 0)) {
		if (!file) {
			pthread_cond_wait(&ix->not_empty, &ix->mu);
			continue;
		}
		deadline_in(&wake, 10);
		pthread_cond_timedwait(&ix->not_empty, &ix->mu, &wake);
	}
	pthread_mutex_unlock(&ix->mu);
}

/* store_known_fn: note that there is a row, and stop. */
static bool
indexer_any_row(const struct store_known *k, void *ctx)
{
	(void)k;
	*(bool *)ctx = true;
	return false;
}

/* Forget the jobs, the walk and any result left queued by a stop of a
 * pass, keeping the counts. */
static void
indexer_forget_pass(struct indexer *ix)
{
	while (ix->q_len > 0) {
		indexer_result_free(ix->queue[ix->q_head]);
		ix->queue[ix->q_head] = NULL;
		ix->q_head = (ix->q_head + 1) % ix->q_cap;
		ix->q_len--;
	}
	free(ix->jobs);
	free(ix->run);
	ix->jobs = NULL;
	ix->run = NULL;
	ix->n_jobs = ix->n_run = ix->n_merged = 0;
	indexer_walk_fini(&ix->walk);
	indexer_walk_init(&ix->walk);
}

/* A cold start (no row at all): list the first INDEXER_PRIME_FILES files
 * the walk meets before walking and stat-ing the whole archive, which at
 * 100,000 files takes a quarter of a second, so the list shows rows at
 * once. The full pass then finds them listed, their text pending; they
 * count as new once. Nothing is said of what the short walk could not
 * read: the full one says it. */
static bool
indexer_prime(struct indexer *ix, struct err *err)
{
	bool any = false, ok;

	if (!store_known_articles(ix->store, indexer_any_row, &any, err))
		return false;
	if (any)
		return true;
	ix->walk.stop = &ix->stop;
	ix->walk.max_files = INDEXER_PRIME_FILES;
	for (size_t i = 0; i < ix->o.n_paths && !indexer_stopping(ix) &&
	     ix->walk.n_files < INDEXER_PRIME_FILES; i++)
		indexer_walk_add(&ix->walk, ix->o.paths[i]);
	indexer_walk_done(&ix->walk);
	ix->jobs = xcalloc(ix->walk.n_files + 1, sizeof *ix->jobs);
	for (size_t i = 0; i < ix->walk.n_files; i++)
		if (ix->walk.files[i].problem == NULL)
			indexer_add_job(ix, &ix->walk.files[i], true, true);
	indexer_begin_phase(ix, INDEXER_PHASE_LIST);
	ok = indexer_phase(ix, err);
	indexer_forget_pass(ix);
	return ok;
}

/* Phase 1: record the rows of new and changed files and mark what is
 * missing (every rename is known by then), so the list is whole; phase
 * 2: index the text of those and of the rows left pending before. */
static enum indexer_status
indexer_index(struct indexer *ix, struct err *err)
{
	bool ok;

	indexer_begin_phase(ix, INDEXER_PHASE_LIST);
	ok = indexer_phase(ix, err);
	if (ok && !indexer_stopping(ix))
		ok = indexer_mark_missing(ix, err);
	if (ok && !indexer_stopping(ix)) {
		indexer_begin_phase(ix, INDEXER_PHASE_TEXT);
		if (ix->o.hold_text)
			indexer_hold(ix);
		ok = indexer_phase(ix, err);
		/* Learned chrome counts what the texts just read record. */
		if (ok && ix->p.done > 0)
			ok = store_chrome_rebuild(ix->store, err);
	}
	if (!ok)
		return INDEXER_FAILED;
	return indexer_stopping(ix) ? INDEXER_STOPPED : INDEXER_DONE;
}

enum indexer_status
indexer_run(struct indexer *ix, struct err *err)
{
	enum indexer_status st;
	void *altstack = crash_altstack_new();	/* the writer's, as a reader's */

	indexer_reset(ix);
	atomic_store(&ix->abort, false);	/* a stop, though, stays */
	memset(&ix->p, 0, sizeof ix->p);
	atomic_store(&ix->next_job, 0);
	clock_gettime(CLOCK_MONOTONIC, &ix->start);
	st = indexer_open(ix, err);
	if (st == INDEXER_DONE)
		indexer_guard(ix);
	if (st == INDEXER_DONE && !indexer_prime(ix, err))
		st = INDEXER_FAILED;
	if (st == INDEXER_DONE && indexer_stopping(ix))
		st = INDEXER_STOPPED;
	if (st == INDEXER_DONE && !indexer_scan(ix, err))
		st = INDEXER_FAILED;
	if (st == INDEXER_DONE)
		st = indexer_index(ix, err);
	if (st == INDEXER_DONE || st == INDEXER_STOPPED)
		indexer_report(ix);
	indexer_reset(ix);
	crash_altstack_free(altstack);
	return st;
}

/* Append n with the locale's digit grouping ("1,234"). */
static void
indexer_count(struct buf *out, size_t n)
{
	buf_printf(out, "%'zu", n);
}

void
indexer_progress_text(const struct indexer_progress *p, struct buf *out)
{
	if (p->scanning) {
		buf_adds(out, _("indexing: looking for changes"));
		return;
	}
	if (p->text)
		/* TRANSLATORS: "indexing text 1,234/10,000", articles whose
		   full text is indexed, of those to index; shown in the
		   status line once every article is listed: keep it short. */
		buf_adds(out, _("indexing text "));
	else
		/* TRANSLATORS: "listing 1,234/10,000", articles added to the
		   list (their titles read), of those to add; shown in the
		   status line, keep it short. */
		buf_adds(out, _("listing "));
	indexer_count(out, p->done);
	buf_addc(out, '/');
	indexer_count(out, p->total);
	if (p->rate > 0.0) {
		buf_adds(out, " · ");
		/* TRANSLATORS: articles indexed per second. */
		buf_printf(out, _("%.0f/s"), p->rate);
	}
	if (p->secs_left >= 0.0) {
		long s = (long)(p->secs_left + 0.5);
		buf_adds(out, " · ");
		/* TRANSLATORS: time left, minutes:seconds. */
		buf_printf(out, _("%ld:%02ld left"), s / 60, s % 60);
	}
}
