/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "app.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "browser.h"
#include "buf.h"
#include "conf.h"
#include "doc.h"
#include "err.h"
#include "i18n.h"
#include "indexer.h"
#include "keymap.h"
#include "library.h"
#include "paths.h"
#include "prompt.h"
#include "store.h"
#include "term.h"
#include "tidy.h"
#include "utf8.h"
#include "view.h"
#include "view_help.h"
#include "view_links.h"
#include "view_list.h"
#include "view_menu.h"
#include "view_outline.h"
#include "view_results.h"
#include "view_reader.h"
#include "xmem.h"
#include "app_impl.h"

#define APP_POLL_MS 200		/* how often the loop looks at indexing */
#define APP_RELOAD_SECONDS 1.0	/* reload the list at most this often */
#define APP_BUSY_RETRY_SECONDS 5	/* try again to index after another
					   instance held the lock */

/* Indexing in the background: a thread runs the indexer with its own
 * database connection; the loop's thread reads the progress under mu. */
struct app_indexing {
	pthread_t thread;
	struct indexer *ix;
	pthread_mutex_t mu;		/* guards the members below */
	struct indexer_progress p;
	bool finished;
	enum indexer_status status;
	struct buf error;		/* why it failed or is busy */
	struct buf warning;		/* the first file that was unreadable */
	size_t n_warnings;
	/* The loop's thread only: */
	size_t shown;			/* p.committed at the last reload */
	struct timespec reloaded_at;
};


static void app_reload_list(struct app *a);
static void app_stop_indexing(struct app *a);

/* Show a message on the status line until the next key. */
void
app_message(struct app *a, bool is_error, const char *msg)
{
	buf_clear(&a->message);
	buf_adds(&a->message, msg);
	a->message_is_error = is_error;
}

/* Return the canonical path of path (itself when it cannot be resolved),
 * the article's identity in the database, as a heap string. */
char *
app_identity(const char *path)
{
	char *real = realpath(path, NULL);

	return real ? real : xstrdup(path);
}

/* Free the values of the last sources menu. */
static void
app_forget_sources(struct app *a)
{
	for (size_t i = 0; i < a->n_sources; i++)
		free(a->sources[i]);
	free(a->sources);
	a->sources = NULL;
	a->n_sources = 0;
}

/* Open the database (--db, else the XDG default), creating its
 * directory. */
static bool
app_open_store(struct app *a, const char *db_path, struct err *err)
{
	struct buf path;
	bool ok;

	buf_init(&path);
	if (db_path != NULL)
		buf_adds(&path, db_path);
	else
		paths_db_file(&path);
	ok = paths_mkdir_parent(buf_str(&path), err) &&
	     store_open(buf_str(&path), &a->store, err);
	a->db_path = buf_detach(&path);
	return ok;
}

/* Read the config file (--config, else the XDG default) and turn its
 * errors into the first message. */
static void
app_load_conf(struct app *a, const char *config_path)
{
	struct buf path;

	buf_init(&path);
	if (config_path != NULL) {
		conf_load_given(&a->conf, config_path);
	} else {
		paths_config_file(&path);
		conf_load(&a->conf, buf_str(&path));
	}
	buf_fini(&path);
	if (a->conf.n_errors > 0) {
		struct buf msg;
		buf_init(&msg);
		buf_adds(&msg, a->conf.errors[0]);
		if (a->conf.n_errors > 1)
			buf_printf(&msg, P_(" (and %zu more error)",
					    " (and %zu more errors)",
					    a->conf.n_errors - 1),
				   a->conf.n_errors - 1);
		app_message(a, true, buf_str(&msg));
		buf_fini(&msg);
	}
}

/* Load the leftover rules: the bundled file, then the user's additions;
 * a mistake in either becomes a message, the good rules still apply. */
static void
app_load_rules(struct app *a, const char *exe_path)
{
	struct buf path;
	struct err err;

	buf_init(&path);
	err_init(&err);
	paths_data_dir(exe_path, &path);
	buf_adds(&path, "/leftovers");
	if (!tidy_rules_load(&a->rules, buf_str(&path), &err) &&
	    a->message.len == 0)
		app_message(a, true, err_msg(&err));
	buf_clear(&path);
	paths_config_dir_file("leftovers", &path);
	if (!tidy_rules_load(&a->rules, buf_str(&path), &err) &&
	    a->message.len == 0)
		app_message(a, true, err_msg(&err));
	err_fini(&err);
	buf_fini(&path);
}

/* Append path to the roots, canonical when it can be resolved (the
 * indexer reports those that cannot). */
static void
app_add_root(struct app *a, const char *path)
{
	a->roots = xreallocarray(a->roots, a->n_roots + 1, sizeof *a->roots);
	a->roots[a->n_roots++] = app_identity(path);
}

/* Set the roots to index: the paths on the command line, which must
 * exist and which the list is limited to, else the configured archive
 * roots, else the bundled samples. Nothing is read or walked here: the
 * first screen comes from the database, indexing starts after it. */
static bool
app_set_roots(struct app *a, const struct app_options *opt, struct err *err)
{
	struct stat sb;

	for (int i = 0; i < opt->n_paths; i++) {
		if (stat(opt->paths[i], &sb) != 0)
			return err_set(err, _("cannot open %s: %s"),
				       opt->paths[i], strerror(errno));
		app_add_root(a, opt->paths[i]);
		library_add_prefix(&a->lib, a->roots[a->n_roots - 1]);
	}
	if (opt->n_paths > 0)
		return true;
	for (size_t i = 0; i < a->conf.n_archives; i++)
		app_add_root(a, a->conf.archives[i]);
	if (a->conf.n_archives == 0) {
		struct buf dir;
		buf_init(&dir);
		paths_data_dir(opt->exe_path, &dir);
		buf_adds(&dir, "/samples");
		app_add_root(a, buf_str(&dir));
		buf_fini(&dir);
	}
	return true;
}

/* ---- Indexing in the background ---------------------------------- */

/* Indexer callbacks, in the indexing thread: publish under the lock. */
static void
app_on_progress(const struct indexer_progress *p, void *ctx)
{
	struct app_indexing *g = ctx;

	pthread_mutex_lock(&g->mu);
	g->p = *p;
	pthread_mutex_unlock(&g->mu);
}

static void
app_on_warning(const char *msg, void *ctx)
{
	struct app_indexing *g = ctx;

	pthread_mutex_lock(&g->mu);
	if (g->n_warnings++ == 0)
		buf_adds(&g->warning, msg);
	pthread_mutex_unlock(&g->mu);
}

/* The indexing thread: one run, then report how it ended. */
static void *
app_index_thread(void *arg)
{
	struct app_indexing *g = arg;
	struct err err;

	err_init(&err);
	enum indexer_status st = indexer_run(g->ix, &err);
	pthread_mutex_lock(&g->mu);
	g->finished = true;
	g->status = st;
	buf_adds(&g->error, err_msg(&err));
	pthread_mutex_unlock(&g->mu);
	err_fini(&err);
	return NULL;
}

/* Start indexing the roots in a thread with its own connection, unless
 * it runs already; called once the first screen is painted. */
static void
app_start_indexing(struct app *a)
{
	struct app_indexing *g;

	if (a->indexing != NULL)
		return;
	g = xcalloc(1, sizeof *g);
	pthread_mutex_init(&g->mu, NULL);
	buf_init(&g->error);
	buf_init(&g->warning);
	g->p.scanning = true;
	clock_gettime(CLOCK_MONOTONIC, &g->reloaded_at);
	struct indexer_opts o = {
		.db_path = a->db_path, .paths = a->roots,
		.n_paths = a->n_roots, .on_progress = app_on_progress,
		.on_warning = app_on_warning, .ctx = g,
	};
	g->ix = indexer_new(&o);
	if (pthread_create(&g->thread, NULL, app_index_thread, g) != 0) {
		indexer_free(g->ix);
		buf_fini(&g->error);
		buf_fini(&g->warning);
		pthread_mutex_destroy(&g->mu);
		free(g);
		app_message(a, true, _("cannot index: cannot start a thread"));
		return;
	}
	a->indexing = g;
	a->busy_at = 0;
}

/* Wait for the indexing thread to end and free it. */
static void
app_join_indexing(struct app *a)
{
	struct app_indexing *g = a->indexing;

	pthread_join(g->thread, NULL);
	indexer_free(g->ix);
	buf_fini(&g->error);
	buf_fini(&g->warning);
	pthread_mutex_destroy(&g->mu);
	free(g);
	a->indexing = NULL;
}

/* Stop indexing (on quit, SIGTERM, SIGHUP): what was committed stays,
 * and the next start goes on from there. */
static void
app_stop_indexing(struct app *a)
{
	if (a->indexing == NULL)
		return;
	indexer_stop(a->indexing->ix);
	app_join_indexing(a);
}

/* Return the seconds since ts. */
static double
app_since(const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - ts->tv_sec) +
	       (double)(now.tv_nsec - ts->tv_nsec) / 1e9;
}

/* Act on the end of an indexing run: a message for a failure or an
 * unreadable file, a note while another instance indexes. */
static void
app_indexing_ended(struct app *a, enum indexer_status st, const char *error,
		   const char *warning, size_t n_warnings)
{
	buf_clear(&a->indexing_status);
	if (st == INDEXER_BUSY) {
		/* TRANSLATORS: in the status line, keep it short. */
		buf_adds(&a->indexing_status, _("indexing in another tsundoku"));
		a->busy_at = time(NULL);
	} else if (st == INDEXER_FAILED) {
		app_message(a, true, error);
	} else if (n_warnings > 0 && a->message.len == 0) {
		struct buf msg;
		buf_init(&msg);
		buf_adds(&msg, warning);
		if (n_warnings > 1)
			buf_printf(&msg, P_(" (and %zu more)",
					    " (and %zu more)", n_warnings - 1),
				   n_warnings - 1);
		app_message(a, true, buf_str(&msg));
		buf_fini(&msg);
	}
}

/* Look at the indexing thread from the loop: show its progress, reload
 * the list when rows were committed (at most once a second, and at the
 * end), and when another instance held the lock, try again later. */
static void
app_poll_indexing(struct app *a)
{
	struct app_indexing *g = a->indexing;
	struct indexer_progress p;
	bool finished;

	if (g == NULL) {
		if (a->busy_at != 0 &&
		    time(NULL) - a->busy_at >= APP_BUSY_RETRY_SECONDS)
			app_start_indexing(a);
		return;
	}
	pthread_mutex_lock(&g->mu);
	p = g->p;
	finished = g->finished;
	pthread_mutex_unlock(&g->mu);
	buf_clear(&a->indexing_status);
	indexer_progress_text(&p, &a->indexing_status);
	if (p.committed > g->shown &&
	    (finished || app_since(&g->reloaded_at) >= APP_RELOAD_SECONDS
	     + 10 * a->reload_secs)) {
		g->shown = p.committed;
		clock_gettime(CLOCK_MONOTONIC, &g->reloaded_at);
		app_reload_list(a);
	}
	if (!finished)
		return;
	pthread_join(g->thread, NULL);	/* it has ended: no wait */
	g->thread = 0;
	app_indexing_ended(a, g->status, buf_str(&g->error),
			   buf_str(&g->warning), g->n_warnings);
	indexer_free(g->ix);
	buf_fini(&g->error);
	buf_fini(&g->warning);
	pthread_mutex_destroy(&g->mu);
	free(g);
	a->indexing = NULL;
}

/* Return true while the loop must wake up to look at indexing. */
static bool
app_indexing_active(const struct app *a)
{
	return a->indexing != NULL || a->busy_at != 0;
}

bool
app_open(struct app **out, const struct app_options *opt, struct err *err)
{
	struct app *a = xcalloc(1, sizeof *a);

	conf_init(&a->conf);
	library_init(&a->lib);
	buf_init(&a->message);
	buf_init(&a->indexing_status);
	prompt_init(&a->prompt);
	tidy_rules_init(&a->rules);
	app_load_conf(a, opt->config_path);
	app_load_rules(a, opt->exe_path);
	if (!app_set_roots(a, opt, err) || !app_open_store(a, opt->db_path, err) ||
	    !library_load(&a->lib, a->store, APP_FIRST_ROWS, err)) {
		app_close(a);
		return false;
	}
	a->views[a->n_views++] = view_list_new(&a->lib, &a->conf);
	*out = a;
	return true;
}

void
app_close(struct app *a)
{
	if (a == NULL)
		return;
	while (a->n_views > 0) {
		struct view *v = a->views[--a->n_views];
		v->ops->free(v);
	}
	app_stop_indexing(a);
	app_highlight_fini(a);
	store_close(a->store);
	for (size_t i = 0; i < a->n_roots; i++)
		free(a->roots[i]);
	free(a->roots);
	free(a->db_path);
	buf_fini(&a->indexing_status);
	tidy_rules_fini(&a->rules);
	app_forget_sources(a);
	free(a->reading_path);
	library_fini(&a->lib);
	conf_fini(&a->conf);
	buf_fini(&a->message);
	prompt_fini(&a->prompt);
	prompt_history_fini(&a->commands);
	prompt_history_fini(&a->searches);
	free(a);
}

/* Return the view on top of the stack. */
struct view *
app_top(struct app *a)
{
	return a->views[a->n_views - 1];
}

/* Push v on the view stack (the oldest non-list view gives way when the
 * stack is full). */
void
app_push(struct app *a, struct view *v)
{
	if (a->n_views == APP_MAX_VIEWS) {
		if (a->views[1] == a->hl_all)
			a->hl_all = NULL;
		a->views[1]->ops->free(a->views[1]);
		memmove(&a->views[1], &a->views[2],
			(APP_MAX_VIEWS - 2) * sizeof a->views[0]);
		a->n_views--;
	}
	a->views[a->n_views++] = v;
}

/* Return true when v is the reader, reading or with its caret. */
bool
app_is_reader(const struct view *v)
{
	return v->context == KEYMAP_READER || v->context == KEYMAP_CARET;
}

/* Return the reader view, or NULL when no article is open. */
struct view *
app_reader(struct app *a)
{
	for (size_t i = 1; i < a->n_views; i++)
		if (app_is_reader(a->views[i]))
			return a->views[i];
	return NULL;
}

/* Show the new reading state of article id in the list, without
 * reloading it. */
static void
app_update_row(struct app *a, int64_t id, const struct store_place *pl)
{
	size_t i = library_find(&a->lib, id);

	if (i == a->lib.n)
		return;
	if (a->lib.rows[i].place.read != pl->read)
		a->lib.n_unread += pl->read ? (size_t)-1 : 1;
	a->lib.rows[i].place = *pl;
}

/* Save where the open article is being read, so reopening it, even
 * after a crash or at another window width, puts the same text at the
 * top. A failure is shown but loses nothing already saved. */
static void
app_save_place(struct app *a)
{
	struct view *reader = app_reader(a);
	struct store_place *pl;
	struct err err;

	if (reader == NULL)
		return;
	pl = &a->reading_place;
	bool was_read = pl->read;
	view_reader_place(reader, &pl->position, &pl->percent, &pl->read);
	pl->read = pl->read || was_read;	/* read stays read */
	pl->opened = true;
	err_init(&err);
	if (!store_save_place(a->store, a->reading_path, pl, &err))
		app_message(a, true, err_msg(&err));
	err_fini(&err);
	app_update_row(a, a->reading_id, pl);
	a->saved_at = time(NULL);
}

/* Pop the top view, saving the reading place first when it is the
 * reader; the list at the bottom stays. */
void
app_pop(struct app *a)
{
	if (a->n_views > 1) {
		if (app_is_reader(a->views[a->n_views - 1]))
			app_save_place(a);
		struct view *v = a->views[--a->n_views];
		if (v == a->hl_all)
			a->hl_all = NULL;
		v->ops->free(v);
	}
}

/* Open the article at path (row id in the database, read as far as pl
 * says) in the reader, and record it as opened. */
void
app_open_article(struct app *a, int64_t id, const char *path,
		 const struct store_place *pl)
{
	struct doc *d;
	struct err err;

	err_init(&err);
	if (!doc_load_lazy(path, &d, &err)) {
		app_message(a, true, err_msg(&err));
		err_fini(&err);
		return;
	}
	tidy_doc(d, &a->rules);
	a->reading_id = id;
	free(a->reading_path);
	a->reading_path = xstrdup(path);
	a->reading_place = *pl;
	if (store_mark_opened(a->store, path, &err)) {
		a->reading_place.opened = true;
		app_update_row(a, id, &a->reading_place);
	} else {
		app_message(a, true, err_msg(&err));
	}
	if (d->n_warnings > 0 && a->message.len == 0)
		app_message(a, false, d->warnings[0]);
	err_fini(&err);
	struct view *reader = view_reader_new(d, &a->conf);
	const char *debug = getenv("TSUNDOKU_DEBUG_LAYOUT");
	view_reader_set_debug(reader, debug != NULL && *debug != '\0' &&
			      strcmp(debug, "0") != 0);
	if (pl->position > 0)
		view_reader_goto(reader, pl->position);
	app_highlight_open(a, reader, path);
	a->saved_at = time(NULL);
	app_push(a, reader);
}

/* Open the article selected in the list. */
static void
app_open_selected(struct app *a)
{
	const struct library_row *r = &a->lib.rows[view_list_selected(a->views[0])];

	app_open_article(a, r->id, r->path, &r->place);
}

/* Open the result chosen in the search results on top, at its first
 * hit: the first term of the query that the article shows. */
static void
app_open_result(struct app *a)
{
	struct view *results = app_top(a);
	struct store_place pl;
	const char *path;
	int64_t id = view_results_chosen(results, &path);
	char *query = xstrdup(view_results_query(results));
	struct err err;

	err_init(&err);
	if (!store_get_place(a->store, path, &pl, &err)) {
		app_message(a, true, err_msg(&err));
		memset(&pl, 0, sizeof pl);
	}
	err_fini(&err);
	pl.position = 0;	/* the hit, not where it was left */
	app_open_article(a, id, path, &pl);
	if (app_is_reader(app_top(a)))
		for (char *sp, *t = strtok_r(query, " \t", &sp); t != NULL &&
		     view_reader_search(app_top(a), t) == 0;
		     t = strtok_r(NULL, " \t", &sp))
			;
	free(query);
}

/* Hand the terminal to a browser, and take it back. */
static void
app_suspend(void *ctx)
{
	(void)ctx;
	term_suspend();
}

static void
app_resume(void *ctx)
{
	(void)ctx;
	term_resume();
}

/* Open url in the user's browser ($BROWSER, else xdg-open), never
 * through a shell; a refused or failed URL becomes a message. */
static void
app_open_url(struct app *a, const char *url)
{
	struct err err;

	err_init(&err);
	if (browser_open(url, getenv("BROWSER"), app_suspend, app_resume, a,
			 &err))
		app_message(a, false, _("Opened in the browser"));
	else
		app_message(a, true, err_msg(&err));
	err_fini(&err);
}

/* Perform the reader's actions that open another view or a browser. */
static void
app_reader_action(struct app *a, enum action act)
{
	const struct doc *d = view_reader_doc(app_top(a));

	if (act == ACTION_LINKS || act == ACTION_OUTLINE)
		view_reader_parse_all(app_top(a));
	if (act == ACTION_LINKS)
		app_push(a, view_links_new(d));
	else if (act == ACTION_OUTLINE)
		app_push(a, view_outline_new(d));
	else if (d->meta.url != NULL)
		app_open_url(a, d->meta.url);
	else
		app_message(a, true, _("This article has no address"));
}

/* Read the list again after its order or filter changed, keeping the
 * selected article selected. */
static void
app_reload_list(struct app *a)
{
	struct timespec start;
	struct err err;

	clock_gettime(CLOCK_MONOTONIC, &start);
	err_init(&err);
	if (library_load(&a->lib, a->store, 0, &err))
		view_list_reloaded(a->views[0]);
	else
		app_message(a, true, err_msg(&err));
	err_fini(&err);
	a->reload_secs = app_since(&start);
}

/* The sources menu while it is built. */
struct app_menu {
	struct app *a;
	struct view_menu_item *items;	/* heap */
	size_t n;
};

/* Add an item showing text, standing for value, to m. */
static void
app_menu_add(struct app_menu *m, char *text, size_t value)
{
	m->items = xreallocarray(m->items, m->n + 1, sizeof *m->items);
	m->items[m->n++] = (struct view_menu_item){ .text = text,
						    .value = value };
}

/* store_source_fn: add one source to the struct app_menu at ctx. */
static bool
app_add_source(const char *source, size_t n, void *ctx)
{
	struct app_menu *m = ctx;
	struct app *a = m->a;
	struct buf text;

	buf_init(&text);
	buf_printf(&text, "%s (%'zu)", source, n);
	app_menu_add(m, buf_detach(&text), a->n_sources);
	a->sources = xreallocarray(a->sources, a->n_sources + 1,
				   sizeof *a->sources);
	a->sources[a->n_sources++] = xstrdup(source);
	return true;
}

/* Show the sources of the articles (under the other filters) with their
 * counts, "every source" first, to pick one to filter the list by. */
static void
app_pick_source(struct app *a)
{
	struct app_menu m = { .a = a };
	struct store_filter f;
	struct err err;

	app_forget_sources(a);
	app_menu_add(&m, xstrdup(_("Every source")), SIZE_MAX);
	library_filter(&a->lib, &f);
	err_init(&err);
	if (!store_list_sources(a->store, &f, app_add_source, &m, &err))
		app_message(a, true, err_msg(&err));
	err_fini(&err);
	app_push(a, view_menu_new(KEYMAP_SOURCES, _("Show the articles of"),
				  m.items, m.n));
}

/* Filter the list by the source chosen from the menu (SIZE_MAX: every
 * source). */
static void
app_choose_source(struct app *a, size_t value)
{
	app_pop(a);
	library_set_source(&a->lib, value < a->n_sources ? a->sources[value]
			   : NULL);
	app_reload_list(a);
}

/* Mark the selected article (in the list) or the open one (in the
 * reader) read, or unread when it is read. */
static void
app_toggle_read(struct app *a, struct view *top)
{
	bool in_reader = app_is_reader(top);
	struct library_row *r = NULL;
	struct store_place pl;
	int64_t id;
	struct err err;

	if (in_reader) {
		id = a->reading_id;
		pl = a->reading_place;
	} else {
		if (a->lib.n == 0)
			return;
		r = &a->lib.rows[view_list_selected(top)];
		id = r->id;
		pl = r->place;
	}
	pl.read = !pl.read;
	pl.opened = pl.read;
	pl.percent = pl.read ? 100 : 0;
	err_init(&err);
	if (!store_set_read(a->store, &id, 1, pl.read, &err)) {
		app_message(a, true, err_msg(&err));
	} else {
		app_message(a, false, pl.read ? _("Marked as read")
			    : _("Marked as unread"));
		app_update_row(a, id, &pl);
		if (in_reader) {
			a->reading_place = pl;
			view_reader_set_read(top, pl.read);
		}
	}
	err_fini(&err);
}

/* Mark every article the list shows as read; the user said yes. */
static void
app_mark_all_read(struct app *a)
{
	int64_t *ids = xreallocarray(NULL, a->lib.n + 1, sizeof *ids);
	struct err err;

	for (size_t i = 0; i < a->lib.n; i++)
		ids[i] = a->lib.rows[i].id;
	err_init(&err);
	if (!store_set_read(a->store, ids, a->lib.n, true, &err))
		app_message(a, true, err_msg(&err));
	err_fini(&err);
	free(ids);
	app_reload_list(a);	/* even after a failure: some batches saved */
}

/* Open the next (dir 1) or previous (dir -1) article of the list, in
 * its order and filter, from the reader. */
static void
app_step_article(struct app *a, int dir)
{
	size_t i = library_find(&a->lib, a->reading_id);

	if (i == a->lib.n) {
		app_message(a, true, _("This article is not in the list"));
		return;
	}
	if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= a->lib.n)) {
		app_message(a, false, dir > 0 ? _("This is the last article")
			    : _("This is the first article"));
		return;
	}
	while (a->n_views > 1)
		app_pop(a);	/* saves the place of the article left */
	view_list_select(a->views[0], i + (size_t)dir);
	app_open_selected(a);
}

/* Perform the list's actions on the library and the database. */
static void
app_list_action(struct app *a, enum action act)
{
	switch (act) {
	case ACTION_SORT:
		a->lib.sort = (a->lib.sort + 1) % STORE_N_SORTS;
		app_reload_list(a);
		break;
	case ACTION_FILTER_UNREAD:
		a->lib.unread_only = !a->lib.unread_only;
		app_reload_list(a);
		break;
	case ACTION_FILTER_SOURCE:
		app_pick_source(a);
		break;
	case ACTION_MARK_ALL_READ:
		if (a->lib.n > 0)
			a->confirming = true;
		break;
	default:
		break;
	}
}

/* Act on the item chosen in the menu on top: open a link, or jump to a
 * heading in the reader below. */
static void
app_choose(struct app *a)
{
	struct view *menu = app_top(a);
	struct view *reader = a->views[a->n_views - 2];
	size_t value;

	if (menu->context == KEYMAP_RESULTS) {
		app_open_result(a);
		return;
	}
	if (menu->context == KEYMAP_HIGHLIGHTS) {
		app_highlight_choose(a);
		return;
	}
	value = view_menu_chosen(menu);

	if (menu->context == KEYMAP_SOURCES) {
		app_choose_source(a, value);
		return;
	}
	if (menu->context == KEYMAP_LINKS) {
		app_open_url(a, view_reader_doc(reader)->links[value].url);
	} else {
		app_pop(a);
		view_reader_goto(reader, value);
	}
}

/* Run ":N%" (go to N percent of the article in the reader) when line
 * is that command; return false when it is not. */
static bool
app_goto_percent(struct app *a, const char *line)
{
	size_t n = strspn(line, "0123456789");

	if (n == 0 || n > 3 || line[n] != '%' || line[n + 1 + strspn(line + n + 1,
								      " ")] != '\0')
		return false;
	if (!app_is_reader(app_top(a)))
		app_message(a, true, _("Open an article first"));
	else
		view_reader_goto_percent(app_top(a), atoi(line));
	return true;
}

/* Run a command typed after ':'. */
static void
app_command(struct app *a, const char *line)
{
	struct err err;

	line += strspn(line, " ");
	if (strcmp(line, "q") == 0 || strcmp(line, "quit") == 0) {
		a->quit = true;
		return;
	}
	if (strcmp(line, "help") == 0) {
		app_push(a, view_help_new(&a->conf.keymap, app_top(a)->context));
		return;
	}
	if (app_goto_percent(a, line))
		return;
	err_init(&err);
	if (!conf_exec(&a->conf, line, &err))
		app_message(a, true, err_msg(&err));
	err_fini(&err);
	/* What the command changed shows from the next paint on. */
	term_set_colors(a->conf.colors);
	term_set_mouse(a->conf.mouse);
}

/* Open the ':' or '/' line, with its own history. */
static void
app_prompt_open(struct app *a, int kind)
{
	a->prompting = kind;
	prompt_start(&a->prompt, kind == ':' ? &a->commands : &a->searches);
}

/* Perform an action on the top view and act on its reaction. */
static void
app_action(struct app *a, enum action act, int count)
{
	struct view *top = app_top(a);
	unsigned r;

	switch (act) {
	case ACTION_QUIT: a->quit = true; return;
	case ACTION_COMMAND: app_prompt_open(a, ':'); return;
	case ACTION_SEARCH:
		app_prompt_open(a, '/');
		return;
	case ACTION_SEARCH_NEXT: case ACTION_SEARCH_PREV:
		if (app_is_reader(top) && !view_reader_has_search(top)) {
			app_message(a, false, _("No search yet: press / to search"));
			return;
		}
		break;
	case ACTION_HELP:
		app_push(a, view_help_new(&a->conf.keymap, top->context));
		return;
	case ACTION_LINKS: case ACTION_OUTLINE: case ACTION_OPEN_URL:
		if (top->context == KEYMAP_READER)
			app_reader_action(a, act);
		return;
	case ACTION_TOGGLE_READ:
		app_toggle_read(a, top);
		return;
	case ACTION_NEXT_ARTICLE: case ACTION_PREV_ARTICLE:
		app_step_article(a, act == ACTION_NEXT_ARTICLE ? 1 : -1);
		return;
	case ACTION_SORT: case ACTION_FILTER_UNREAD: case ACTION_FILTER_SOURCE:
	case ACTION_MARK_ALL_READ:
		app_list_action(a, act);
		return;
	case ACTION_HIGHLIGHTS:
		if (top->context == KEYMAP_LIST) {
			app_highlights_all(a);
			return;
		}
		break;
	case ACTION_EXPORT:
		if (top == a->hl_all) {
			a->prompting = 'e';
			buf_adds(&a->prompt.text, APP_EXPORT_DEFAULT);
			a->prompt.cursor = a->prompt.text.len;
		} else {
			app_message(a, true, _("Export from the list of all highlights: H in the article list"));
		}
		return;
	default: break;
	}
	r = top->ops->handle(top, act, count);
	if (r & VIEW_REQUEST)
		app_highlight_request(a);
	if (r & VIEW_OPEN)
		app_open_selected(a);
	if (r & VIEW_CHOOSE)
		app_choose(a);
	if (r & VIEW_CLOSE)
		app_pop(a);
	if (r & VIEW_QUIT)
		a->quit = true;
}

/* Search for the typed text: the article in the reader on top, else
 * the whole archive, whose results replace earlier ones. */
static void
app_search(struct app *a, const char *query)
{
	struct view *results;
	struct buf msg;
	struct err err;

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
	err_init(&err);
	results = view_results_new(a->store, query, &err);
	if (results == NULL) {
		app_message(a, true, err_msg(&err));
	} else {
		if (app_top(a)->context == KEYMAP_RESULTS)
			app_pop(a);
		app_push(a, results);
	}
	err_fini(&err);
}

/* Feed a key to the open ':' or '/' line. */
static void
app_prompt_key(struct app *a, int key)
{
	enum prompt_result r = prompt_key(&a->prompt, &a->conf.keymap, key);
	int kind = a->prompting;
	char *line;

	if (r == PROMPT_EDITING)
		return;
	a->prompting = 0;
	line = buf_detach(&a->prompt.text);
	prompt_start(&a->prompt, NULL);
	if (r == PROMPT_DONE && kind != 'e')
		prompt_history_add(kind == ':' ? &a->commands : &a->searches,
				   line);
	if (r == PROMPT_DONE && kind == ':')
		app_command(a, line);
	else if (r == PROMPT_DONE && kind == 'e')
		app_highlight_export(a, line);
	else if (r == PROMPT_DONE && kind == '/' && app_top(a) == a->hl_all)
		app_highlight_filter(a, line);
	else if (r == PROMPT_DONE && kind == '/')
		app_search(a, line);
	free(line);
}

/* Tell the user that key means nothing here. */
static void
app_unbound(struct app *a, int key)
{
	struct buf name, msg;

	if (key == KEYMAP_KEY_ESC)
		return;
	buf_init(&name);
	buf_init(&msg);
	keymap_key_name(key, &name);
	buf_printf(&msg, _("Key %s does nothing here; press ? for help"),
		   buf_str(&name));
	app_message(a, false, buf_str(&msg));
	buf_fini(&name);
	buf_fini(&msg);
}

/* Act on the mouse (only reported with set mouse yes): the wheel scrolls
 * the list or the reader by three lines, a click in the list opens the
 * article clicked. */
static void
app_mouse(struct app *a, int key)
{
	struct view *top = app_top(a);
	int row, col;

	if (a->prompting)
		return;
	if (key == KEYMAP_KEY_WHEEL_UP || key == KEYMAP_KEY_WHEEL_DOWN) {
		if (top->context == KEYMAP_LIST || top->context == KEYMAP_READER)
			app_action(a, key == KEYMAP_KEY_WHEEL_UP ? ACTION_MOVE_UP :
				   ACTION_MOVE_DOWN, 3);
		return;
	}
	term_mouse_pos(&row, &col);
	if (top->context == KEYMAP_LIST && view_list_click(top, row))
		app_action(a, ACTION_OPEN, 0);
}

static void app_key(struct app *a, int key);

/* An Alt key that nothing binds is what it was typed as: Esc, then the
 * key (so Esc followed quickly by j still cancels and moves). */
static bool
app_meta_fallback(struct app *a, int key)
{
	enum keymap_context ctx = a->prompting ? KEYMAP_PROMPT :
				  app_top(a)->context;

	if (!(key & KEYMAP_KEY_META) ||
	    keymap_starts_with(&a->conf.keymap, ctx, key))
		return false;
	app_key(a, KEYMAP_KEY_ESC);
	if (!a->quit)
		app_key(a, key & ~KEYMAP_KEY_META);
	return true;
}

/* Handle one key from the terminal. */
static void
app_key(struct app *a, int key)
{
	enum action act;
	int count;

	if (key == KEYMAP_KEY_NONE || key == KEYMAP_KEY_RESIZE)
		return;
	if (key == KEYMAP_KEY_SIGNAL) {
		a->quit = true;
		return;
	}
	if (a->noting) {	/* Alt-Enter is a line break there */
		app_note_key(a, key);
		return;
	}
	if (key >= KEYMAP_KEY_WHEEL_UP && key <= KEYMAP_KEY_CLICK) {
		app_mouse(a, key);
		return;
	}
	if (app_meta_fallback(a, key))
		return;
	if (key == KEYMAP_KEY_NEWLINE || key == KEYMAP_META(KEYMAP_KEY_ENTER))
		key = KEYMAP_KEY_ENTER;	/* a line break only in a note */
	if (a->prompting) {
		app_prompt_key(a, key);
		return;
	}
	if (a->confirming) {
		a->confirming = false;
		buf_clear(&a->message);
		if (key == 'y' || key == 'Y')
			app_mark_all_read(a);
		else
			app_message(a, false, _("Nothing was marked"));
		return;
	}
	buf_clear(&a->message);
	switch (keymap_feed(&a->conf.keymap, app_top(a)->context, &a->keys,
			    key, &act, &count)) {
	case KEYMAP_MATCHED: app_action(a, act, count); break;
	case KEYMAP_UNBOUND: app_unbound(a, key); break;
	case KEYMAP_PENDING: break;
	}
}

/* Paint the status line: the prompt, a message, or the view's status. */
static void
app_paint_status(struct app *a, int row, int cols)
{
	struct buf left, right;

	term_fill(row, 0, cols, TERM_STATUS);
	if (a->prompting) {
		char ch = (char)a->prompting;
		/* TRANSLATORS: the prompt for a file name to export to. */
		const char *lead = ch == 'e' ? _("Export to: ") : &ch;
		int w = term_draw(row, 0, cols, lead, ch == 'e' ? strlen(lead) : 1,
				  TERM_STATUS, 0);
		term_draw(row, w, cols - w, a->prompt.text.data,
			  a->prompt.text.len, TERM_STATUS, 0);
		int x = w + prompt_cursor_width(&a->prompt);
		term_cursor(row, x < cols ? x : cols - 1);
		return;
	}
	if (a->confirming) {
		buf_init(&left);
		buf_printf(&left, P_("Mark %'zu article as read? (y/n)",
				     "Mark all %'zu articles shown as read? (y/n)",
				     a->lib.n), a->lib.n);
		term_draw(row, 1, cols - 1, left.data, left.len, TERM_STATUS,
			  TERM_BOLD);
		buf_fini(&left);
		return;
	}
	if (a->message.len > 0) {
		enum term_element el = a->message_is_error ? TERM_ERROR : TERM_STATUS;
		term_fill(row, 0, cols, el);
		term_draw(row, 0, cols, a->message.data, a->message.len, el, 0);
		return;
	}
	buf_init(&left);
	buf_init(&right);
	app_top(a)->ops->status(app_top(a), &left, &right);
	if (a->indexing_status.len > 0 && a->n_views == 1) {
		buf_adds(&left, " · ");
		buf_adds(&left, buf_str(&a->indexing_status));
	}
	int rw = utf8_width(buf_str(&right), right.len);
	if (rw + 2 < cols)
		term_draw(row, cols - rw - 1, rw, buf_str(&right), right.len,
			  TERM_STATUS, 0);
	else
		rw = -2;
	struct buf cut;
	buf_init(&cut);
	utf8_truncate(buf_str(&left), left.len, cols - rw - 3, &cut);
	term_draw(row, 1, cols - rw - 3, buf_str(&cut), cut.len, TERM_STATUS, 0);
	buf_fini(&cut);
	buf_fini(&left);
	buf_fini(&right);
}

/* Say, in as much of the screen as there is, that it is too small and
 * how big it must be; the rest comes back when the window grows. */
static void
app_paint_too_small(int rows, int cols)
{
	struct buf msg;
	int row = 0, w;

	buf_init(&msg);
	/* TRANSLATORS: shown on a terminal narrower than 20 columns or
	   shorter than 5 lines; it is cut into lines of the screen's width,
	   so keep the words short. */
	buf_printf(&msg, _("Terminal too small: need %dx%d"), APP_MIN_COLS,
		   APP_MIN_ROWS);
	term_cursor(-1, 0);
	for (size_t off = 0; off < msg.len && row < rows; row++) {
		size_t n = utf8_fit(msg.data + off, msg.len - off, cols, &w);
		if (n == 0)
			break;
		term_fill(row, 0, cols, TERM_ERROR);
		term_draw(row, 0, cols, msg.data + off, n, TERM_ERROR, 0);
		off += n;
	}
	term_refresh();
	buf_fini(&msg);
}

/* Repaint the whole screen. */
static void
app_paint(struct app *a)
{
	int rows, cols;

	term_size(&rows, &cols);
	term_erase();
	if (rows < APP_MIN_ROWS || cols < APP_MIN_COLS) {
		app_paint_too_small(rows, cols);
		return;
	}
	term_cursor(-1, 0);	/* a view or the prompt may show it */
	app_top(a)->ops->draw(app_top(a), rows - 1, cols);
	app_paint_status(a, rows - 1, cols);
	if (a->noting)
		app_note_paint(a, rows, cols);
	term_refresh();
}

void
app_run(struct app *a)
{
	term_set_colors(a->conf.colors);
	term_set_mouse(a->conf.mouse);
	app_paint(a);
	if (!a->lib.complete)	/* the rest, once the first screen shows */
		app_reload_list(a);
	app_start_indexing(a);	/* after the first paint, never before */
	while (!a->quit) {
		app_paint(a);
		app_key(a, term_read_key(app_indexing_active(a) ? APP_POLL_MS
					 : -1));
		app_poll_indexing(a);
		if (app_reader(a) != NULL &&
		    time(NULL) - a->saved_at >= APP_SAVE_SECONDS)
			app_save_place(a);	/* a crash loses little */
	}
	app_save_place(a);	/* on quit, SIGTERM and SIGHUP alike */
	app_stop_indexing(a);
}
