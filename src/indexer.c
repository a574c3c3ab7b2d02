/* SPDX-License-Identifier: MIT */
/*
 * indexer.c: one indexing run (see indexer.h). The calling thread walks,
 * compares and then writes; reader threads take files from a shared
 * counter, read and parse them, and hand the results over through a
 * small bounded queue, so at most a few dozen parsed articles wait in
 * memory. Only the writing thread touches the database and the rename
 * candidates, so they need no lock.
 */
#include "config.h"
#include "indexer.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"
#include "err.h"
#include "i18n.h"
#include "indexer_walk.h"
#include "store.h"
#include "xmem.h"

#define INDEXER_READERS 8	/* reads in flight: a cold disk needs many */
#define INDEXER_BATCH 32	/* articles per transaction at most */
#define INDEXER_BATCH_MS 40	/* a transaction ends after this long, so
				   another instance never waits for long */
#define INDEXER_FLUSH_MS 150	/* commit what came so far after this long
				   without a new result: the list fills in */
#define INDEXER_MISSING_BATCH 512	/* missing flags per transaction */

/* What the database knows about one article (a copy of store_known). */
struct indexer_known {
	int64_t id;
	char *path;
	int64_t size, mtime_ns;
	char *hash, *url;
	bool missing;
	bool indexed;
	bool found;		/* the walk found its file */
	bool gone;		/* not found where the walk looked: to be
				   marked missing unless a new file claims it */
	bool claimed;		/* a new file took it over (a rename) */
};

/* A file to read: new (no row yet) or changed. */
struct indexer_job {
	const struct indexer_walk_file *file;
	bool is_new;
};

/* What a reader thread made of one job. */
struct indexer_result {
	const struct indexer_job *job;
	char *problem;		/* NULL, or a translated message */
	struct doc *doc;	/* NULL when problem is set */
	char hash[17];
	int64_t size, mtime_ns;	/* of the bytes read */
	struct buf body;	/* the rendered text, blocks joined by LF */
};

struct indexer {
	struct indexer_opts o;
	atomic_bool stop;		/* indexer_stop was called */
	atomic_bool abort;		/* the writer failed: readers leave */
	struct store *store;
	int lock_fd;
	struct indexer_walk walk;
	struct indexer_known *known;	/* sorted by path */
	size_t n_known;
	size_t cap_known;
	struct indexer_known **by_url;	/* rename candidates, sorted */
	size_t n_by_url;
	struct indexer_known **by_hash;
	size_t n_by_hash;
	struct indexer_job *jobs;
	size_t n_jobs;
	atomic_size_t next_job;		/* the next job a reader takes */
	pthread_mutex_t mu;		/* guards the queue and n_running */
	pthread_cond_t changed;		/* the queue or n_running changed */
	struct indexer_result **queue;	/* ring buffer */
	size_t q_head, q_len, q_cap;
	int n_running;			/* reader threads still working */
	struct indexer_progress p;	/* the writing thread's */
	struct timespec start;
};

/* Return the seconds since ts. */
static double
indexer_since(const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - ts->tv_sec) +
	       (double)(now.tv_nsec - ts->tv_nsec) / 1e9;
}

unsigned long long
indexer_hash(const void *s, size_t len)
{
	/* 8 bytes at a time, each word mixed in by a multiply and a
	 * rotation, the tail byte-wise: about 10x faster than byte-wise
	 * FNV-1a, and good enough to tell files apart. */
	const unsigned char *p = s;
	uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)len;
	uint64_t w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ (w * UINT64_C(0xff51afd7ed558ccd))) *
		    UINT64_C(0xc4ceb9fe1a85ec53);
		h = (h << 29) | (h >> 35);
	}
	for (; len > 0; p++, len--)
		h = (h ^ *p) * UINT64_C(0x100000001b3);
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	return (unsigned long long)(h ^ (h >> 33));
}

struct indexer *
indexer_new(const struct indexer_opts *o)
{
	struct indexer *ix = xcalloc(1, sizeof *ix);

	ix->o = *o;
	if (ix->o.n_readers <= 0)
		ix->o.n_readers = INDEXER_READERS;
	if (ix->o.batch_size == 0)
		ix->o.batch_size = INDEXER_BATCH;
	atomic_init(&ix->stop, false);
	atomic_init(&ix->abort, false);
	atomic_init(&ix->next_job, 0);
	ix->lock_fd = -1;
	pthread_mutex_init(&ix->mu, NULL);
	pthread_cond_init(&ix->changed, NULL);
	indexer_walk_init(&ix->walk);
	return ix;
}

void
indexer_stop(struct indexer *ix)
{
	atomic_store(&ix->stop, true);
	pthread_mutex_lock(&ix->mu);
	pthread_cond_broadcast(&ix->changed);
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
	pthread_cond_broadcast(&ix->changed);
	pthread_mutex_unlock(&ix->mu);
}

/* Free one result; NULL is allowed. */
static void
indexer_result_free(struct indexer_result *r)
{
	if (r == NULL)
		return;
	free(r->problem);
	doc_free(r->doc);
	buf_fini(&r->body);
	free(r);
}

/* Free what one run built, so that ix can run again. */
static void
indexer_reset(struct indexer *ix)
{
	for (size_t i = 0; i < ix->n_known; i++) {
		free(ix->known[i].path);
		free(ix->known[i].hash);
		free(ix->known[i].url);
	}
	free(ix->known);
	free(ix->by_url);
	free(ix->by_hash);
	free(ix->jobs);
	while (ix->q_len > 0) {
		indexer_result_free(ix->queue[ix->q_head]);
		ix->q_head = (ix->q_head + 1) % ix->q_cap;
		ix->q_len--;
	}
	free(ix->queue);
	ix->known = NULL;
	ix->by_url = ix->by_hash = NULL;
	ix->jobs = NULL;
	ix->queue = NULL;
	ix->n_known = ix->cap_known = ix->n_by_url = ix->n_by_hash = ix->n_jobs = 0;
	ix->q_head = ix->q_cap = 0;
	indexer_walk_fini(&ix->walk);
	store_close(ix->store);
	ix->store = NULL;
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
	pthread_cond_destroy(&ix->changed);
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

/* Open the indexer's own connection and take the lock. */
static enum indexer_status
indexer_open(struct indexer *ix, struct err *err)
{
	if (!store_open(ix->o.db_path, &ix->store, err))
		return INDEXER_FAILED;
	if (!store_is_writable(ix->store)) {
		err_set(err, _("cannot index: the database %s is read-only"),
			ix->o.db_path);
		return INDEXER_FAILED;
	}
	return indexer_lock(ix, err);
}

/* ---- Comparing the walk with the database ------------------------ */

/* Copy one known row into ix->known. */
static bool
indexer_add_known(const struct store_known *k, void *ctx)
{
	struct indexer *ix = ctx;

	if (ix->n_known == ix->cap_known) {
		ix->cap_known = ix->cap_known ? 2 * ix->cap_known : 1024;
		ix->known = xreallocarray(ix->known, ix->cap_known,
					  sizeof *ix->known);
	}
	ix->known[ix->n_known++] = (struct indexer_known){
		.id = k->id, .path = xstrdup(k->path), .size = k->size,
		.mtime_ns = k->mtime_ns,
		.hash = k->hash ? xstrdup(k->hash) : NULL,
		.url = k->url ? xstrdup(k->url) : NULL,
		.missing = k->missing, .indexed = k->indexed,
	};
	return true;
}

/* qsort comparator: known rows by path. */
static int
indexer_cmp_path(const void *p, const void *q)
{
	const struct indexer_known *x = p, *y = q;

	return strcmp(x->path, y->path);
}

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
		bool is_new)
{
	ix->jobs[ix->n_jobs++] = (struct indexer_job){ .file = f,
						       .is_new = is_new };
}

/* Decide about a file the walk found and the row with its path (NULL
 * when there is none): read it when it is new, changed, came back after
 * being missing, or was only ever opened, never indexed. */
static void
indexer_compare(struct indexer *ix, const struct indexer_walk_file *f,
		struct indexer_known *k)
{
	if (k != NULL)
		k->found = true;
	if (f->problem != NULL) {	/* a row, if any, stays as it is */
		struct buf msg;
		buf_init(&msg);
		buf_printf(&msg, _("cannot read %s: %s"), f->path, f->problem);
		indexer_warn(ix, buf_str(&msg));
		buf_fini(&msg);
		ix->p.n_unreadable++;
		return;
	}
	if (k == NULL)
		indexer_add_job(ix, f, true);
	else if (!k->indexed || k->missing || k->size != f->size ||
		 k->mtime_ns != f->mtime_ns)
		indexer_add_job(ix, f, false);
}

/* Merge the walk's files with the known rows, both sorted by path, into
 * jobs; then note which rows are gone and which may be claimed by a
 * renamed file: those gone now and those missing already. */
static void
indexer_plan(struct indexer *ix)
{
	size_t i = 0, j = 0;

	ix->jobs = xcalloc(ix->walk.n_files + 1, sizeof *ix->jobs);
	while (i < ix->walk.n_files) {
		const struct indexer_walk_file *f = &ix->walk.files[i];
		int c = j < ix->n_known ? strcmp(ix->known[j].path, f->path) : 1;
		if (c < 0) {
			j++;
		} else {
			indexer_compare(ix, f, c == 0 ? &ix->known[j] : NULL);
			j += c == 0;
			i++;
		}
	}
	ix->by_url = xcalloc(ix->n_known + 1, sizeof *ix->by_url);
	ix->by_hash = xcalloc(ix->n_known + 1, sizeof *ix->by_hash);
	for (j = 0; j < ix->n_known; j++) {
		struct indexer_known *k = &ix->known[j];
		k->gone = !k->found && !k->missing &&
			  indexer_walk_covers(&ix->walk, k->path);
		if (!k->gone && !(k->missing && !k->found))
			continue;
		if (k->url != NULL)
			ix->by_url[ix->n_by_url++] = k;
		if (k->hash != NULL)
			ix->by_hash[ix->n_by_hash++] = k;
	}
	qsort(ix->by_url, ix->n_by_url, sizeof *ix->by_url, indexer_cmp_url);
	qsort(ix->by_hash, ix->n_by_hash, sizeof *ix->by_hash,
	      indexer_cmp_hash);
	ix->p.total = ix->n_jobs;
}

/* Walk the paths and load the known rows, then plan the jobs. */
static bool
indexer_scan(struct indexer *ix, struct err *err)
{
	ix->p.scanning = true;
	indexer_report(ix);
	for (size_t i = 0; i < ix->o.n_paths && !indexer_stopping(ix); i++)
		indexer_walk_add(&ix->walk, ix->o.paths[i]);
	indexer_walk_done(&ix->walk);
	for (size_t i = 0; i < ix->walk.n_warnings; i++)
		indexer_warn(ix, ix->walk.warnings[i]);
	ix->p.n_unreadable += ix->walk.n_bad_paths;
	if (!store_known_articles(ix->store, indexer_add_known, ix, err))
		return false;
	if (ix->n_known > 1)
		qsort(ix->known, ix->n_known, sizeof *ix->known,
		      indexer_cmp_path);
	indexer_plan(ix);
	ix->p.scanning = false;
	clock_gettime(CLOCK_MONOTONIC, &ix->start);
	indexer_report(ix);
	return true;
}

/* ---- Reader threads ---------------------------------------------- */

/* Read the whole regular file path into out and describe it in sb;
 * return 0 or an errno value (EFBIG past DOC_MAX_SIZE). */
static int
indexer_read_file(const char *path, struct buf *out, struct stat *sb)
{
	/* O_NONBLOCK: a FIFO put in place of the file must not hang us. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	int e = 0;

	if (fd < 0)
		return errno;
	if (fstat(fd, sb) != 0)
		e = errno;
	else if (!S_ISREG(sb->st_mode))
		e = EINVAL;
	else if ((size_t)sb->st_size > DOC_MAX_SIZE)
		e = EFBIG;
	if (e == 0)
		buf_reserve(out, (size_t)sb->st_size + 1);
	while (e == 0) {
		ssize_t n = read(fd, out->data + out->len,
				 out->cap - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? errno : 0;
			break;
		}
		out->len += (size_t)n;
		if (out->len + 1 == out->cap)
			buf_reserve(out, out->cap);	/* it grew */
		if (out->len > DOC_MAX_SIZE)
			e = EFBIG;
	}
	close(fd);
	return e;
}

/* Append d's rendered text, its block texts joined by LF, to out: the
 * text the reader shows, which the full-text index holds. */
static void
indexer_body(const struct doc *d, struct buf *out)
{
	for (size_t i = 0; i < d->n_blocks; i++) {
		if (i > 0)
			buf_addc(out, '\n');
		buf_add(out, d->blocks[i].text, d->blocks[i].text_len);
	}
}

/* Read and parse the file of job j. */
static struct indexer_result *
indexer_read(const struct indexer_job *j)
{
	struct indexer_result *r = xcalloc(1, sizeof *r);
	struct buf raw;
	struct stat sb;
	int e;

	r->job = j;
	buf_init(&r->body);
	buf_init(&raw);
	e = indexer_read_file(j->file->path, &raw, &sb);
	if (e != 0) {
		struct buf msg;
		buf_init(&msg);
		buf_printf(&msg, _("cannot read %s: %s"), j->file->path,
			   e == EINVAL ? _("not a regular file") : strerror(e));
		r->problem = buf_detach(&msg);
	} else {
		r->size = (int64_t)sb.st_size;
		r->mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 +
			      sb.st_mtim.tv_nsec;
		snprintf(r->hash, sizeof r->hash, "%016llx",
			 indexer_hash(raw.data, raw.len));
		r->doc = doc_new(j->file->path, raw.len ? raw.data : "",
				 raw.len);
		indexer_body(r->doc, &r->body);
	}
	buf_fini(&raw);
	return r;
}

/* Put r in the queue, waiting while it is full; return false (r not
 * taken) when a stop was asked for meanwhile. */
static bool
indexer_push(struct indexer *ix, struct indexer_result *r)
{
	bool taken = false;

	pthread_mutex_lock(&ix->mu);
	while (ix->q_len == ix->q_cap && !indexer_stopping(ix))
		pthread_cond_wait(&ix->changed, &ix->mu);
	if (!indexer_stopping(ix)) {
		ix->queue[(ix->q_head + ix->q_len) % ix->q_cap] = r;
		ix->q_len++;
		taken = true;
		pthread_cond_broadcast(&ix->changed);
	}
	pthread_mutex_unlock(&ix->mu);
	return taken;
}

/* A reader thread: take jobs until there are none or a stop. */
static void *
indexer_reader(void *arg)
{
	struct indexer *ix = arg;

	while (!indexer_stopping(ix)) {
		size_t j = atomic_fetch_add(&ix->next_job, 1);
		if (j >= ix->n_jobs)
			break;
		struct indexer_result *r = indexer_read(&ix->jobs[j]);
		if (!indexer_push(ix, r)) {
			indexer_result_free(r);
			break;
		}
	}
	pthread_mutex_lock(&ix->mu);
	ix->n_running--;
	pthread_cond_broadcast(&ix->changed);
	pthread_mutex_unlock(&ix->mu);
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

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += (long)wait_ms * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&ix->mu);
	while (ix->q_len == 0 && ix->n_running > 0 && !indexer_stopping(ix) &&
	       pthread_cond_timedwait(&ix->changed, &ix->mu, &until) == 0)
		;
	if (ix->q_len > 0 && !indexer_stopping(ix)) {
		*r = ix->queue[ix->q_head];
		ix->q_head = (ix->q_head + 1) % ix->q_cap;
		ix->q_len--;
		pthread_cond_broadcast(&ix->changed);
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
	ix->queue = xcalloc(ix->q_cap, sizeof *ix->queue);
	pthread_mutex_lock(&ix->mu);
	ix->n_running = ix->o.n_readers;
	pthread_mutex_unlock(&ix->mu);
	for (; n < ix->o.n_readers; n++)
		if (pthread_create(&threads[n], NULL, indexer_reader, ix) != 0)
			break;
	pthread_mutex_lock(&ix->mu);
	ix->n_running -= ix->o.n_readers - n;	/* those that did not start */
	pthread_cond_broadcast(&ix->changed);
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

/* Record one result inside the open batch. */
static bool
indexer_apply(struct indexer *ix, struct indexer_result *r, struct err *err)
{
	const struct doc *d = r->doc;
	struct store_article a = {
		.path = r->job->file->path, .size = r->size,
		.mtime_ns = r->mtime_ns, .hash = r->hash,
		.title = doc_title(d), .source = d->meta.source,
		.url = d->meta.url, .date = d->meta.date,
		.fetch_date = d->meta.fetch_date,
		.length = (int64_t)d->src_len,
		.extra = d->meta.extra, .n_extra = d->meta.n_extra,
	};
	struct indexer_known *k = NULL;

	if (r->job->is_new && (k = indexer_claim(ix, a.url, a.hash)) != NULL &&
	    !store_batch_move(ix->store, k->id, a.path, err))
		return false;
	if (!store_batch_put(ix->store, &a, r->body.len ? r->body.data : "",
			     r->body.len, err))
		return false;
	if (k != NULL)
		ix->p.n_renamed++;
	else if (r->job->is_new)
		ix->p.n_new++;
	else
		ix->p.n_changed++;
	ix->p.committed++;
	return true;
}

/* Count an unreadable result: a file that vanished or changed into
 * something else since the walk. Its row, if any, stays as it was. */
static void
indexer_unreadable(struct indexer *ix, const struct indexer_result *r)
{
	indexer_warn(ix, r->problem);
	ix->p.n_unreadable++;
}

/* Write items[*i..n) in one transaction, ending it early once it took
 * INDEXER_BATCH_MS; advance *i past what was committed. */
static bool
indexer_commit_some(struct indexer *ix, struct indexer_result **items,
		    size_t n, size_t *i, struct err *err)
{
	struct timespec t0;
	size_t first = *i;
	bool ok = store_batch_begin(ix->store, err);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (; ok && *i < n; ) {
		struct indexer_result *r = items[(*i)++];
		if (r->problem == NULL)
			ok = indexer_apply(ix, r, err);
		if (indexer_since(&t0) * 1000.0 >= INDEXER_BATCH_MS)
			break;
	}
	if (!ok || !store_batch_end(ix->store, true, err)) {
		store_batch_end(ix->store, false, NULL);
		return false;
	}
	for (size_t j = first; j < *i; j++)
		if (items[j]->problem != NULL)
			indexer_unreadable(ix, items[j]);
	ix->p.done += *i - first;
	indexer_report(ix);
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
	struct indexer_result **batch = xcalloc(ix->o.batch_size,
						sizeof *batch);
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
		if (n == ix->o.batch_size || (n > 0 && got != 1)) {
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

/* Read and write every job with the reader threads, then mark what is
 * missing. */
static enum indexer_status
indexer_index(struct indexer *ix, struct err *err)
{
	pthread_t *threads = xcalloc((size_t)ix->o.n_readers, sizeof *threads);
	int n = indexer_start_readers(ix, threads);
	bool ok;

	if (n == 0 && ix->n_jobs > 0) {
		free(threads);
		err_set(err, _("cannot index: cannot start a thread"));
		return INDEXER_FAILED;
	}
	ok = indexer_write(ix, err);
	if (!ok)
		indexer_abort(ix);
	for (int i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	if (ok && !indexer_stopping(ix))
		ok = indexer_mark_missing(ix, err);
	if (!ok)
		return INDEXER_FAILED;
	return indexer_stopping(ix) ? INDEXER_STOPPED : INDEXER_DONE;
}

enum indexer_status
indexer_run(struct indexer *ix, struct err *err)
{
	enum indexer_status st;

	indexer_reset(ix);
	memset(&ix->p, 0, sizeof ix->p);
	atomic_store(&ix->next_job, 0);
	clock_gettime(CLOCK_MONOTONIC, &ix->start);
	st = indexer_open(ix, err);
	if (st == INDEXER_DONE && !indexer_scan(ix, err))
		st = INDEXER_FAILED;
	if (st == INDEXER_DONE)
		st = indexer_index(ix, err);
	if (st == INDEXER_DONE || st == INDEXER_STOPPED)
		indexer_report(ix);
	indexer_reset(ix);
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
	/* TRANSLATORS: "indexing 1,234/10,000", files read of files to
	   read; shown in the status line, keep it short. */
	buf_adds(out, _("indexing "));
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
