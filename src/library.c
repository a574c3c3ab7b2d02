/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "library.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "xmem.h"

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
	for (size_t i = 0; i < lib->n_prefixes; i++)
		free(lib->prefixes[i]);
	free(lib->prefixes);
	memset(lib, 0, sizeof *lib);
}

void
library_add_prefix(struct library *lib, const char *path)
{
	lib->prefixes = xreallocarray(lib->prefixes, lib->n_prefixes + 1,
				      sizeof *lib->prefixes);
	lib->prefixes[lib->n_prefixes++] = xstrdup(path);
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
	f->prefixes = lib->prefixes;
	f->n_prefixes = lib->n_prefixes;
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
	row->url = library_dup(&ld->strings, r->url);
	row->place = r->place;
	row->highlights = r->highlights;
	return true;
}

bool
library_load(struct library *lib, struct store *s, size_t limit,
	     struct err *err)
{
	struct library_load ld = { .rows = NULL };
	struct store_filter f;
	size_t total, unread;

	arena_init(&ld.strings);
	library_filter(lib, &f);
	if (!store_count_rows(s, &f, &total, &unread, err) ||
	    !store_list_rows(s, lib->sort, &f, limit, library_add_row, &ld,
			     err)) {
		free(ld.rows);
		arena_fini(&ld.strings);
		return false;
	}
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
