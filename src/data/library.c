/* SPDX-License-Identifier: MIT */
/*
 * library.c: the list's rows.
 *
 * The first paint reads only the first APP_FIRST_ROWS rows newest first
 * (the date index gives them at once) and a count gives the status line
 * its totals; the whole list is read right after, before the first key,
 * because walking the date index over 100,000 rows visits the table at
 * random. Sorting by title or source in the locale's collation (pinyin
 * order under zh_CN.UTF-8) is done here, not in SQL: a collation calls
 * strcoll for every comparison, so a full load asks for no order
 * (STORE_SORT_NONE) and library_sort_rows sorts with strxfrm keys made
 * once per row, compared as bytes; test_library checks each of the five
 * orders against SQLite's. Figures in bench/README.md, "The library".
 */
#include "config.h"
#include "data/library.h"

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
}

bool
library_load(struct library *lib, struct store *s, size_t limit,
	     struct err *err)
{
	struct library_load ld = { .rows = NULL };
	bool here = lib->sort < STORE_N_SORTS &&
		    (lib->sort != STORE_SORT_DATE || limit == 0);
	struct store_filter f;
	size_t total, unread;

	arena_init(&ld.strings);
	library_filter(lib, &f);
	if (here)
		limit = 0;	/* every row is needed to find the first */
	/* One snapshot: the indexer may commit between the two queries. */
	if (!store_read_begin(s, err) ||
	    !store_count_rows(s, &f, &total, &unread, err) ||
	    !store_list_rows(s, here ? STORE_SORT_NONE : lib->sort, &f,
			     limit, library_add_row, &ld, err)) {
		store_read_end(s);
		free(ld.rows);
		arena_fini(&ld.strings);
		return false;
	}
	store_read_end(s);
	if (here)
		library_sort_rows(ld.rows, ld.n, lib->sort);
	free(lib->rows);
	arena_fini(&lib->strings);
	lib->rows = ld.rows;
	lib->n = ld.n;
	lib->n_total = total > ld.n ? total : ld.n;
	lib->n_unread = unread;
	lib->complete = limit == 0 || ld.n < limit;
	lib->strings = ld.strings;
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
