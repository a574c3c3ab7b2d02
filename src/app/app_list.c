/* SPDX-License-Identifier: MIT */
/*
 * app_list.c: what the app does for the article list: reading it again,
 * the sources menu, marking read and unread, J and K from the reader, and
 * searching (the article in the reader, else the archive into a results
 * view).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_impl.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "data/library.h"
#include "data/state.h"
#include "data/store.h"
#include "ui/term.h"
#include "ui/view.h"
#include "ui/view_list.h"
#include "ui/view_menu.h"
#include "ui/view_reader.h"
#include "ui/view_results.h"
#include "base/xmem.h"

/* state_each_pending's callback: show in the list a change of article
 * id not yet written, which the rows just read lack. */
static void
app_overlay_row(int64_t id, void *ctx)
{
	struct app *a = ctx;
	size_t i = library_find(&a->lib, id);
	struct store_place pl;

	if (i == a->lib.n)
		return;
	pl = a->lib.rows[i].place;
	state_overlay(a->state, id, &pl);
	app_update_row(a, id, &pl);
}

/* The rows were read again: add the changes not yet written, and let
 * the list select its article again. */
static void
app_list_loaded(struct app *a)
{
	state_each_pending(a->state, app_overlay_row, a);
	view_list_reloaded(a->views[0]);
}

/* Open the result chosen in the search results on top, at its first
 * hit: the first term of the query that the article shows. */
void
app_open_result(struct app *a)
{
	struct view *results = app_top(a);
	const char *path;
	int64_t id = view_results_chosen(results, &path);
	char *query = xstrdup(view_results_query(results));

	app_open_article(a, id, path, false);	/* the hit, not the place */
	if (app_is_reader(app_top(a)))
		for (char *sp, *t = strtok_r(query, " \t", &sp); t != NULL &&
		     view_reader_search(app_top(a), t) == 0;
		     t = strtok_r(NULL, " \t", &sp))
			;
	free(query);
}

/* Stop reading the rest of the list in the background, if it is. */
static void
app_list_stop_rest(struct app *a)
{
	library_bg_free(a->lib_rest);
	a->lib_rest = NULL;
}

/* Read the list again after its order or filter changed, keeping the
 * selected article selected. */
void
app_reload_list(struct app *a)
{
	struct timespec start;
	struct err err;

	clock_gettime(CLOCK_MONOTONIC, &start);
	err_init(&err);
	a->archive.list_stale = false;
	app_list_stop_rest(a);	/* this reads it all */
	if (library_load(&a->lib, a->store, 0, &err))
		app_list_loaded(a);
	else
		app_message(a, true, err_msg(&err));
	err_fini(&err);
	a->archive.reload_secs = app_since(&start);
}

/*
 * While indexing, a full read of the list takes the loop away from the
 * keys: 0.3-0.4 s at 100,000 rows, every few seconds. So rows the indexer
 * adds are shown cheaply: not at all while the list is hidden (it is read
 * when it shows again, app_run); only the first screen and the counts
 * while nobody types and the selection is near the top (the rest is read
 * in the background from the moment a key comes, app_key); whole while
 * keys come (at most a tenth of the time, app_poll_indexing) and once the
 * indexer is done listing.
 */
void
app_refresh_list(struct app *a, bool done)
{
	struct err err;

	if (a->n_views > 1) {
		a->archive.list_stale = true;
		return;
	}
	if (done || app_since(&a->key_at) < APP_IDLE_SECONDS ||
	    view_list_selected(a->views[0]) >= APP_FIRST_ROWS / 2) {
		app_reload_list(a);
		return;
	}
	err_init(&err);
	app_list_stop_rest(a);
	a->lib_want_rest = false;	/* until a key comes */
	if (library_load(&a->lib, a->store, APP_FIRST_ROWS, &err))
		app_list_loaded(a);
	err_fini(&err);	/* the next full read will say */
}

/*
 * The rest of the list. The first screen is read before the first paint
 * (APP_FIRST_ROWS rows); the rest is read by a thread with its own
 * connection (library_bg), started after that paint and whenever a key
 * comes while the list is not complete, so that no key waits for it
 * unless it needs it (app_list_ready_for). It is not started while
 * changes are kept back (state_pending): one written while it reads
 * would be in neither its snapshot nor the overlay. Any change of the
 * rows meanwhile (a read mark, a place saved, a reload) makes what it
 * read stale (library_bg_take says so), and it is read again.
 */

void
app_list_want_rest(struct app *a)
{
	if (!a->lib.complete)
		a->lib_want_rest = true;
}

/* Start reading the rest of the list in the background, if wanted and
 * not under way. */
static void
app_list_start_rest(struct app *a)
{
	if (a->lib.complete)
		a->lib_want_rest = false;
	if (!a->lib_want_rest || a->lib_rest != NULL || state_pending(a->state))
		return;
	a->lib_rest = library_bg_start(&a->lib, a->archive.db_path,
				       a->archive.roots, a->archive.n_roots,
				       library_debug_hold_rest());
	if (a->lib_rest == NULL)
		app_reload_list(a);	/* no thread: here, then */
}

/* Wait for the rest of the list being read and show it when it is still
 * current; return whether the list is complete now. */
static bool
app_list_take_rest(struct app *a)
{
	struct library_bg *bg = a->lib_rest;
	struct err err;
	bool taken;

	a->lib_rest = NULL;
	err_init(&err);
	taken = library_bg_take(bg, &a->lib, &err);
	if (taken) {
		app_list_loaded(a);
	} else if (err_msg(&err)[0] != '\0') {
		app_message(a, true, err_msg(&err));
		a->lib_want_rest = false;	/* again at the next key */
	}
	err_fini(&err);
	return taken;
}

void
app_poll_list(struct app *a)
{
	if (a->lib_rest != NULL && library_bg_done(a->lib_rest))
		app_list_take_rest(a);	/* if stale, read again: */
	app_list_start_rest(a);
}

/* Return whether act (with count) needs rows of the list not loaded yet:
 * a motion in the list beyond them, or an action on every row. */
static bool
app_list_needs_rest(struct app *a, enum action act, int count)
{
	struct view *top = app_top(a);
	long page = top->rows - 1, cur;

	if (a->lib.complete)
		return false;
	switch (act) {
	case ACTION_NEXT_ARTICLE: case ACTION_PREV_ARTICLE:	/* J, K */
	case ACTION_SORT: case ACTION_MARK_ALL_READ:
		return true;
	case ACTION_HIGHLIGHTS:	/* their articles' titles come from the rows */
		return top == a->views[0];
	default:
		break;
	}
	if (top != a->views[0])
		return false;
	cur = (long)view_list_selected(top);
	if (!view_motion(act, count, page, (long)a->lib.n_total - 1, &cur))
		return false;
	return cur + (page > 0 ? page : 1) >= (long)a->lib.n;	/* and a screen */
}

void
app_list_ready_for(struct app *a, enum action act, int count)
{
	if (!app_list_needs_rest(a, act, count))
		return;
	if (a->lib_rest != NULL && app_list_take_rest(a))
		return;
	app_reload_list(a);	/* none under way, or stale */
}

/* The sources menu: its items while it is built, and the source each
 * stands for, which the menu keeps until one is chosen. */
struct app_sources {
	struct view_menu_item *items;	/* heap; the menu takes them */
	size_t n;
	char **sources;			/* heap: sources[value] */
	size_t n_sources;
};

/* Free the sources kept with the menu. */
static void
app_sources_free(void *data)
{
	struct app_sources *m = data;

	for (size_t i = 0; i < m->n_sources; i++)
		free(m->sources[i]);
	free(m->sources);
	free(m);
}

/* Add an item showing text, standing for value, to m. */
static void
app_menu_add(struct app_sources *m, char *text, size_t value)
{
	m->items = xreallocarray(m->items, m->n + 1, sizeof *m->items);
	m->items[m->n++] = (struct view_menu_item){ .text = text,
						    .value = value };
}

/* store_source_fn: add one source to the struct app_sources at ctx. */
static bool
app_add_source(const char *source, size_t n, void *ctx)
{
	struct app_sources *m = ctx;
	struct buf text;

	buf_init(&text);
	buf_printf(&text, "%s (%'zu)", source, n);
	app_menu_add(m, buf_detach(&text), m->n_sources);
	m->sources = xreallocarray(m->sources, m->n_sources + 1,
				   sizeof *m->sources);
	m->sources[m->n_sources++] = xstrdup(source);
	return true;
}

/* Show the sources of the articles (under the other filters) with their
 * counts, "every source" first, to pick one to filter the list by. */
static void
app_pick_source(struct app *a)
{
	struct app_sources *m = xcalloc(1, sizeof *m);
	struct store_filter f;
	struct err err;

	app_menu_add(m, xstrdup(_("Every source")), SIZE_MAX);
	library_filter(&a->lib, &f);
	err_init(&err);
	if (!store_list_sources(a->store, &f, app_add_source, m, &err))
		app_message(a, true, err_msg(&err));
	err_fini(&err);
	struct view *menu = view_menu_new(VIEW_KIND_SOURCES,
					  _("Show the articles of"),
					  m->items, m->n);
	view_menu_set_data(menu, m, app_sources_free);
	app_push(a, menu);
}

/* Filter the list by the source chosen from the sources menu on top. */
void
app_choose_source(struct app *a)
{
	struct view *menu = app_top(a);
	const struct app_sources *m = view_menu_data(menu);
	size_t value = view_menu_chosen(menu);

	library_set_source(&a->lib, value < m->n_sources ? m->sources[value]
			   : NULL);	/* copies it */
	app_pop(a);
	app_reload_list(a);
}

/* Mark the article selected in the list read, or unread when it is
 * read. (The reader marks its own article: app_read_changed.) */
void
app_toggle_read(struct app *a, struct view *list)
{
	struct library_row *r;
	struct store_place pl;
	struct err err;

	if (a->lib.n == 0)
		return;
	r = &a->lib.rows[view_list_selected(list)];
	int64_t id = r->id;
	pl = r->place;
	pl.read = !pl.read;
	err_init(&err);
	if (state_set_read(a->state, &id, 1, pl.read, &err)) {
		app_update_row(a, id, &pl);
		app_message(a, false, pl.read ? _("Marked as read")
			    : _("Marked as unread"));
	} else {
		app_message(a, true, err_msg(&err));
	}
	err_fini(&err);
}

/* Mark every article the list shows as read; the user said yes. */
void
app_mark_all_read(struct app *a)
{
	int64_t *ids = xreallocarray(NULL, a->lib.n + 1, sizeof *ids);
	struct err err;

	for (size_t i = 0; i < a->lib.n; i++)
		ids[i] = a->lib.rows[i].id;
	err_init(&err);
	if (!state_set_read(a->state, ids, a->lib.n, true, &err))
		app_message(a, true, err_msg(&err));
	err_fini(&err);
	free(ids);
	app_reload_list(a);	/* the changes kept back show too */
}

/* Say that there is no article after (dir 1) or before (-1) this one. */
static void
app_step_end(struct app *a, int dir)
{
	app_message(a, false, dir > 0 ? _("This is the last article")
		    : _("This is the first article"));
}

/* Open the next (dir 1) or previous (dir -1) article from the reader:
 * of the search results it was opened from, else of the list, in its
 * order and filter. */
void
app_step_article(struct app *a, int dir)
{
	struct view *below = a->views[a->n_views - 2];
	size_t i = library_find(&a->lib, view_reader_article(app_reader(a)));

	if (below->kind == VIEW_KIND_RESULTS) {
		if (!view_results_step(below, dir)) {
			app_step_end(a, dir);
			return;
		}
		app_pop(a);	/* saves the place of the article left */
		app_open_result(a);
		return;
	}
	if (i == a->lib.n) {
		app_message(a, true, _("This article is not in the list"));
		return;
	}
	if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= a->lib.n)) {
		app_step_end(a, dir);
		return;
	}
	while (a->n_views > 1)
		app_pop(a);	/* saves the place of the article left */
	view_list_select(a->views[0], i + (size_t)dir);
	app_open_selected(a);
}

/* Perform the list's actions on the library: order and filters. */
void
app_list_action(struct app *a, enum action act)
{
	switch (act) {
	case ACTION_SORT:
		a->lib.sort = (a->lib.sort + 1) % STORE_N_SORTS;
		if (a->lib.complete) {	/* every row is here: sort them */
			library_resort(&a->lib);
			view_list_reloaded(a->views[0]);
		} else {
			app_reload_list(a);
		}
		break;
	case ACTION_FILTER_UNREAD:
		a->lib.unread_only = !a->lib.unread_only;
		app_reload_list(a);
		break;
	case ACTION_FILTER_SOURCE:
		app_pick_source(a);
		break;
	default:
		break;
	}
}

/* Search for the typed text: the article in the reader on top, else
 * the whole archive, whose results replace earlier ones. */
void
app_search(struct app *a, const char *query)
{
	struct view *results;
	struct buf msg;
	int rows, cols;

	if (query[strspn(query, " ")] == '\0')
		return;
	if (app_is_reader(app_top(a))) {
		if (view_reader_search(app_top(a), query) > 0)
			return;
		buf_init(&msg);
		buf_printf(&msg, _("Not found: %s"), query);
		app_message(a, true, buf_str(&msg));
		buf_fini(&msg);
		return;
	}
	if (app_top(a)->kind == VIEW_KIND_RESULTS)
		app_pop(a);	/* new results replace the old */
	results = view_results_new(query);
	app_push(a, results);
	term_size(&rows, &cols);
	if (!app_feed_results(a, results, rows - 1))
		app_pop(a);	/* the database could not be read: said */
}

/* Feed the results view v what it wants before a paint of rows rows:
 * its hits, when they must be fetched (again), and the snippets of
 * those on screen. Return false, with the error shown, when the
 * database could not be read. */
bool
app_feed_results(struct app *a, struct view *v, int rows)
{
	struct store_query q;
	int64_t ids[64];
	struct err err;
	bool ok = true;
	size_t n = 0;

	err_init(&err);
	view_results_set_indexing(v, a->archive.indexing_percent);
	if (view_results_wants_hits(v, &q)) {
		view_results_clear(v);
		ok = store_search(a->store, &q, view_results_add_hit, v, &err);
		view_results_fed(v);
	}
	if (ok)
		n = view_results_wants_snippets(v, rows, ids, 64, &q);
	q.tidy = &a->rules;	/* snippets show no text the reader hides */
	if (n > 0)
		ok = store_snippets(a->store, &q, ids, n,
				    view_results_add_snippet, v, &err);
	if (!ok)
		app_message(a, true, err_msg(&err));
	err_fini(&err);
	return ok;
}
