/* SPDX-License-Identifier: MIT */
/*
 * library.c: the list's rows.
 *
 * The first paint reads only the first APP_FIRST_ROWS rows newest first
 * (the date index gives them at once) and a count gives the status line
 * its totals; the whole list is read after that paint by library_bg, in
 * a thread with its own connection, while the loop answers keys from the
 * first rows (walking the date index over 100,000 rows visits the table
 * at random, so the whole list is read in no order and sorted here). A
 * change of a row while it reads (version) makes its rows stale: they
 * are dropped and read again, never merged. Sorting by title or source
 * in the locale's collation (pinyin order under zh_CN.UTF-8) is done
 * here, not in SQL: a collation calls strcoll for every comparison, so a
 * full load asks for no order (STORE_SORT_NONE) and library_sort_rows
 * sorts with strxfrm keys made once per row, compared as bytes;
 * test_library checks each of the five orders against SQLite's. Figures in bench/README.md, "The library".
 */
#include "config.h"
#include "data/library.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/i18n.h"
#include "base/xmem.h"

void
library_init(struct library *lib)
{
	memset(lib, 0, sizeof *lib);
	arena_init(&lib->strings);
	lib->sort = STORE_SORT_DATE;
}

void
library_fini(struct library *lib)
{
	free(lib->rows);
	arena_fini(&lib->strings);
	free(lib->source);
	memset(lib, 0, sizeof *lib);
}

void
library_set_source(struct library *lib, const char *source)
{
	free(lib->source);
	lib->source = source ? xstrdup(source) : NULL;
}

void
library_filter(const struct library *lib, struct store_filter *f)
{
	f->unread_only = lib->unread_only;
	f->source = lib->source;
}

/* Rows being read: the new array and arena, swapped in on success. */
struct library_load {
	struct library_row *rows;
	size_t n, cap;
	struct arena strings;
	size_t total, unread;		/* the counts, from the same snapshot */
	size_t unread_rows;		/* rows read that are unread */
	const atomic_bool *stop;	/* NULL, or once true: read no more */
};

/* Return an arena copy of s, or NULL for NULL. */
static const char *
library_dup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* Return the last component of path, the title of last resort. */
static const char *
library_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* store_row_fn: copy one row into the struct library_load at ctx. */
static bool
library_add_row(const struct store_row *r, void *ctx)
{
	struct library_load *ld = ctx;
	struct library_row *row;

	if (ld->stop != NULL && atomic_load(ld->stop))
		return false;
	if (ld->n == ld->cap) {
		ld->cap = ld->cap ? 2 * ld->cap : 256;
		ld->rows = xreallocarray(ld->rows, ld->cap, sizeof *ld->rows);
	}
	row = &ld->rows[ld->n++];
	row->id = r->id;
	row->path = library_dup(&ld->strings, r->path);
	row->title = library_dup(&ld->strings, r->title && *r->title
				 ? r->title : library_basename(r->path));
	row->source = library_dup(&ld->strings, r->source);
	row->date = library_dup(&ld->strings, r->date);
	row->fetch_date = library_dup(&ld->strings, r->fetch_date);
	row->place = r->place;
	row->last_opened = r->last_opened;
	row->highlights = r->highlights;
	row->quarantined = r->quarantined;
	ld->unread_rows += !r->place.read;
	return true;
}

/*
 * Orders without an index are sorted here rather than by SQLite, which
 * needs seconds for 100,000 rows: for titles and sources it calls strcoll
 * for every comparison (4.6 s under zh_CN.UTF-8), for fetch dates and
 * last reads it sorts rows in a temporary B-tree (1.8 s). Here titles and
 * sources go through strxfrm once, and the keys compare as bytes, which
 * orders them as strcoll would (1.1 and 0.5 s). Newest first by date,
 * SQLite walks an index, which gives the first screen at once (LIMIT),
 * but all rows faster here too (0.95 -> 0.45 s).
 */

/* The first bytes of a strxfrm key kept for sorting: 100,000 whole
 * keys of titles under zh_CN.UTF-8 took 13 MB (131 bytes each). Keys
 * that agree this far are told apart by strcoll on the strings. */
#define LIBRARY_KEY_BYTES 24

/* A row and what it sorts by. */
struct library_key {
	char key[LIBRARY_KEY_BYTES];	/* strxfrm of the title or source,
					   cut; unused for other orders */
	unsigned short len;		/* bytes of key in use */
	bool cut;			/* the whole key was longer */
	bool none;			/* no source */
	const char *text;		/* what the key was made from */
	const struct library_row *row;
};

/* Fill k's key from s (NULL: none). */
static void
library_xfrm(struct library_key *k, const char *s)
{
	char buf[1024], *key = buf;
	size_t n;

	k->none = s == NULL;
	k->text = s;
	k->len = 0;
	k->cut = false;
	if (s == NULL)
		return;
	n = strxfrm(buf, s, sizeof buf);
	if (n >= sizeof buf) {	/* buf's contents are then undefined */
		key = xmalloc(n + 1);
		strxfrm(key, s, n + 1);
	}
	k->len = (unsigned short)(n < LIBRARY_KEY_BYTES ? n
				  : LIBRARY_KEY_BYTES);
	k->cut = n > LIBRARY_KEY_BYTES;
	memcpy(k->key, key, k->len);
	if (key != buf)
		free(key);
}

/* Compare two keys as strcoll would compare their strings, unknown
 * last. */
static int
library_cmp_key(const struct library_key *x, const struct library_key *y)
{
	size_t n = x->len < y->len ? x->len : y->len;
	int c;

	if (x->none || y->none)
		return x->none - y->none;
	if ((c = memcmp(x->key, y->key, n)) != 0)
		return c;
	if (x->cut && y->cut)
		return strcoll(x->text, y->text);
	if (x->len != y->len)	/* a key that ends first sorts first */
		return x->len < y->len ? -1 : 1;
	return x->cut - y->cut;	/* alike, but one goes on */
}

/* Compare two dates (or fetch dates) newest first, unknown last. */
static int
library_cmp_newest(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return (x == NULL) - (y == NULL);
	return strcmp(y, x);
}

/* The last tie-breakers of every order: newest first, then path. */
static int
library_cmp_rest(const struct library_row *x, const struct library_row *y)
{
	int c = library_cmp_newest(x->date, y->date);

	if (c == 0)
		c = library_cmp_newest(x->fetch_date, y->fetch_date);
	return c != 0 ? c : strcmp(x->path, y->path);
}

/* By title, then path (qsort). */
static int
library_cmp_title(const void *a, const void *b)
{
	const struct library_key *x = a, *y = b;
	int c = library_cmp_key(x, y);

	return c != 0 ? c : strcmp(x->row->path, y->row->path);
}

/* By source (unknown last), then newest first (qsort). */
static int
library_cmp_source(const void *a, const void *b)
{
	const struct library_key *x = a, *y = b;
	int c = library_cmp_key(x, y);

	return c != 0 ? c : library_cmp_rest(x->row, y->row);
}

/* By date, newest first, then title and path as bytes (qsort). */
static int
library_cmp_date(const void *a, const void *b)
{
	const struct library_key *x = a, *y = b;
	int c = library_cmp_newest(x->row->date, y->row->date);

	if (c == 0)
		c = library_cmp_newest(x->row->fetch_date, y->row->fetch_date);
	if (c == 0)
		c = strcmp(x->row->title, y->row->title);
	return c != 0 ? c : strcmp(x->row->path, y->row->path);
}

/* By fetch date, newest first (qsort). */
static int
library_cmp_fetched(const void *a, const void *b)
{
	const struct library_key *x = a, *y = b;
	int c = library_cmp_newest(x->row->fetch_date, y->row->fetch_date);

	return c != 0 ? c : library_cmp_rest(x->row, y->row);
}

/* Most recently opened first, never opened last (qsort). */
static int
library_cmp_last_read(const void *a, const void *b)
{
	const struct library_key *x = a, *y = b;
	int64_t p = x->row->last_opened, q = y->row->last_opened;

	if (p != q)
		return p == 0 ? 1 : q == 0 ? -1 : p > q ? -1 : 1;
	return library_cmp_rest(x->row, y->row);
}

/* Put rows[0..n) in the order sort, in place. */
static void
library_sort_rows(struct library_row *rows, size_t n, enum store_sort sort)
{
	static int (*const cmp[STORE_N_SORTS])(const void *, const void *) = {
		[STORE_SORT_DATE] = library_cmp_date,
		[STORE_SORT_FETCHED] = library_cmp_fetched,
		[STORE_SORT_TITLE] = library_cmp_title,
		[STORE_SORT_SOURCE] = library_cmp_source,
		[STORE_SORT_LAST_READ] = library_cmp_last_read,
	};
	struct library_key *keys;
	size_t *from;

	if (n < 2 || sort >= STORE_N_SORTS)
		return;
	keys = xcalloc(n, sizeof *keys);
	for (size_t i = 0; i < n; i++) {
		keys[i].row = &rows[i];
		if (sort == STORE_SORT_TITLE)
			library_xfrm(&keys[i], rows[i].title);
		else if (sort == STORE_SORT_SOURCE)
			library_xfrm(&keys[i], rows[i].source);
	}
	qsort(keys, n, sizeof *keys, cmp[sort]);
	/* Position i takes the row now at from[i]: follow each cycle. */
	from = xreallocarray(NULL, n, sizeof *from);
	for (size_t i = 0; i < n; i++)
		from[i] = (size_t)(keys[i].row - rows);
	free(keys);
	for (size_t i = 0; i < n; i++) {
		if (from[i] == i || from[i] == SIZE_MAX)
			continue;
		struct library_row first = rows[i];
		size_t j = i;
		while (from[j] != i) {
			size_t k = from[j];
			rows[j] = rows[k];
			from[j] = SIZE_MAX;
			j = k;
		}
		rows[j] = first;
		from[j] = SIZE_MAX;
	}
	free(from);
}

void
library_resort(struct library *lib)
{
	library_sort_rows(lib->rows, lib->n, lib->sort);
	lib->version++;
}

/* Free what ld read. */
static void
library_load_fini(struct library_load *ld)
{
	free(ld->rows);
	arena_fini(&ld->strings);
}

/* Return how many rows to read for the first limit (0: all) of lib's
 * order: all of them for an order sorted here, whose first row is known
 * only once every row is. */
static size_t
library_limit(const struct library *lib, size_t limit)
{
	return lib->sort < STORE_N_SORTS && lib->sort != STORE_SORT_DATE
	       ? 0 : limit;
}

/* Read into ld (initialised by the caller) the first limit rows (0: all;
 * see library_limit) of lib's order and filters from s, and count them
 * all, in one snapshot. Return false with err set when s could not be
 * read. */
static bool
library_read(const struct library *lib, struct store *s, size_t limit,
	     struct library_load *ld, struct err *err)
{
	bool here = lib->sort < STORE_N_SORTS && limit == 0;
	struct store_filter f;
	bool ok;

	assert(limit == library_limit(lib, limit));
	library_filter(lib, &f);
	/* One snapshot: the indexer may commit between the two queries.
	 * Every row read counts itself: no count then (35 ms at 100,000). */
	ok = store_read_begin(s, err) &&
	     (limit == 0 || store_count_rows(s, &f, &ld->total, &ld->unread,
					     err)) &&
	     store_list_rows(s, here ? STORE_SORT_NONE : lib->sort, &f,
			     limit, library_add_row, ld, err);
	store_read_end(s);
	if (limit == 0) {
		ld->total = ld->n;
		ld->unread = ld->unread_rows;
	}
	if (ok && here && (ld->stop == NULL || !atomic_load(ld->stop)))
		library_sort_rows(ld->rows, ld->n, lib->sort);
	return ok;
}

/* Put the rows of ld, read with limit, in lib, which takes them. */
static void
library_put(struct library *lib, struct library_load *ld, size_t limit)
{
	free(lib->rows);
	arena_fini(&lib->strings);
	lib->rows = ld->rows;
	lib->n = ld->n;
	lib->n_total = ld->total > ld->n ? ld->total : ld->n;
	lib->n_unread = ld->unread;
	lib->complete = limit == 0 || ld->n < limit;
	lib->strings = ld->strings;
	lib->version++;
}

bool
library_load(struct library *lib, struct store *s, size_t limit,
	     struct err *err)
{
	struct library_load ld = { .rows = NULL };

	arena_init(&ld.strings);
	limit = library_limit(lib, limit);
	if (!library_read(lib, s, limit, &ld, err)) {
		library_load_fini(&ld);
		return false;
	}
	library_put(lib, &ld, limit);
	return true;
}

size_t
library_find(const struct library *lib, int64_t id)
{
	for (size_t i = 0; i < lib->n; i++)
		if (lib->rows[i].id == id)
			return i;
	return lib->n;
}

void
library_set_place(struct library *lib, int64_t id,
		  const struct store_place *pl)
{
	size_t i = library_find(lib, id);

	lib->version++;	/* a row read before now may lack it */
	if (i == lib->n)
		return;
	if (lib->rows[i].place.read != pl->read)
		lib->n_unread += pl->read ? (size_t)-1 : 1;
	lib->rows[i].place = *pl;
}

void
library_set_highlights(struct library *lib, int64_t id, size_t n, bool add)
{
	size_t i = library_find(lib, id);

	lib->version++;
	if (i < lib->n)
		lib->rows[i].highlights = add ? lib->rows[i].highlights + n : n;
}

/* A whole list being read in a thread (library_bg_start). The thread
 * writes ld, ok and err before done; the loop's thread reads them only
 * after pthread_join. */
struct library_bg {
	pthread_t thread;
	pthread_mutex_t mu;		/* guards hold */
	pthread_cond_t released;	/* hold ended, or stop */
	bool hold;			/* for tests: read only once taken */
	struct library view;		/* the order and filters to read */
	unsigned long version;		/* the caller's lib->version then */
	char *db_path;
	char **roots;
	size_t n_roots;
	struct library_load ld;
	atomic_bool stop;		/* library_bg_free: give up */
	atomic_bool done;
	bool ok;
	struct err err;
};

/* The thread: open a connection, read every row, close it. */
static void *
library_bg_run(void *arg)
{
	struct library_bg *bg = arg;
	struct store *s = NULL;

	pthread_mutex_lock(&bg->mu);
	while (bg->hold && !atomic_load(&bg->stop))
		pthread_cond_wait(&bg->released, &bg->mu);
	pthread_mutex_unlock(&bg->mu);
	bg->ok = store_open(bg->db_path, &s, &bg->err);
	if (bg->ok) {
		store_set_scope(s, bg->roots, bg->n_roots);
		bg->ok = library_read(&bg->view, s, 0, &bg->ld, &bg->err);
		store_close(s);
	}
	atomic_store(&bg->done, true);
	return NULL;
}

/* Free bg, whose thread has ended. */
static void
library_bg_fini(struct library_bg *bg)
{
	library_load_fini(&bg->ld);
	library_fini(&bg->view);
	for (size_t i = 0; i < bg->n_roots; i++)
		free(bg->roots[i]);
	free(bg->roots);
	free(bg->db_path);
	err_fini(&bg->err);
	pthread_cond_destroy(&bg->released);
	pthread_mutex_destroy(&bg->mu);
	free(bg);
}

/* Let bg's thread go on: taken (stop false) or freed (stop true). */
static void
library_bg_release(struct library_bg *bg, bool stop)
{
	atomic_store(&bg->stop, stop);
	pthread_mutex_lock(&bg->mu);
	bg->hold = false;
	pthread_cond_broadcast(&bg->released);
	pthread_mutex_unlock(&bg->mu);
}

bool
library_debug_hold_rest(void)
{
	const char *v = getenv("TSUNDOKU_DEBUG_HOLD_LIST");

	return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

struct library_bg *
library_bg_start(const struct library *lib, const char *db_path,
		 char *const *roots, size_t n_roots, bool hold)
{
	struct library_bg *bg = xcalloc(1, sizeof *bg);

	pthread_mutex_init(&bg->mu, NULL);
	pthread_cond_init(&bg->released, NULL);
	bg->hold = hold;
	library_init(&bg->view);
	bg->view.sort = lib->sort;
	bg->view.unread_only = lib->unread_only;
	library_set_source(&bg->view, lib->source);
	bg->version = lib->version;
	bg->db_path = xstrdup(db_path);
	bg->roots = xreallocarray(NULL, n_roots + 1, sizeof *bg->roots);
	for (size_t i = 0; i < n_roots; i++)
		bg->roots[i] = xstrdup(roots[i]);
	bg->n_roots = n_roots;
	arena_init(&bg->ld.strings);
	bg->ld.stop = &bg->stop;
	atomic_init(&bg->stop, false);
	atomic_init(&bg->done, false);
	err_init(&bg->err);
	if (pthread_create(&bg->thread, NULL, library_bg_run, bg) != 0) {
		library_bg_fini(bg);
		return NULL;
	}
	return bg;
}

bool
library_bg_done(struct library_bg *bg)
{
	return atomic_load(&bg->done);
}

/* Return whether lib still shows what bg read: no load or change of a
 * row since it started, the same order and filters. */
static bool
library_bg_current(const struct library_bg *bg, const struct library *lib)
{
	const char *a = bg->view.source, *b = lib->source;

	return bg->version == lib->version && bg->view.sort == lib->sort &&
	       bg->view.unread_only == lib->unread_only &&
	       (a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0);
}

bool
library_bg_take(struct library_bg *bg, struct library *lib, struct err *err)
{
	bool taken = false;

	library_bg_release(bg, false);
	pthread_join(bg->thread, NULL);
	if (!bg->ok) {
		err_set(err, "%s", err_msg(&bg->err));
	} else if (library_bg_current(bg, lib)) {
		library_put(lib, &bg->ld, 0);
		memset(&bg->ld, 0, sizeof bg->ld);	/* lib's now */
		arena_init(&bg->ld.strings);
		taken = true;
	}
	library_bg_fini(bg);
	return taken;
}

void
library_bg_free(struct library_bg *bg)
{
	if (bg == NULL)
		return;
	library_bg_release(bg, true);
	pthread_join(bg->thread, NULL);
	library_bg_fini(bg);
}

const char *
library_sort_name(enum store_sort s)
{
	static const char *const names[STORE_N_SORTS] = {
		/* TRANSLATORS: the list's sort orders, shown in the status
		   line as "sorted by ...". */
		[STORE_SORT_DATE] = N_("date"),
		[STORE_SORT_FETCHED] = N_("fetch date"),
		[STORE_SORT_TITLE] = N_("title"),
		[STORE_SORT_SOURCE] = N_("source"),
		[STORE_SORT_LAST_READ] = N_("last read"),
	};

	return names[s < STORE_N_SORTS ? s : 0];
}
