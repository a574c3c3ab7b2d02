/* SPDX-License-Identifier: MIT */
/*
 * app_index.c: indexing in the background while the user reads. The
 * roots come from the command line, else the config, else the samples;
 * a thread runs the indexer with its own database connection after the
 * first paint, and the loop's thread shows its progress and reads the
 * list again as rows are committed.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app.h"
#include "app_impl.h"
#include "buf.h"
#include "err.h"
#include "i18n.h"
#include "indexer.h"
#include "paths.h"
#include "state.h"
#include "xmem.h"
#define APP_RELOAD_SECONDS 1.0	/* reload the list at most this often */
#define APP_BUSY_RETRY_SECONDS 5	/* try again to index after another
					   instance held the lock */

/* Indexing in the background: a thread runs the indexer with its own
 * database connection; the loop's thread reads the progress under mu. */
struct app_indexing {
	pthread_t thread;
	struct indexer *ix;
	struct state *state;		/* the app's: written between batches */
	pthread_mutex_t mu;		/* guards the members below */
	struct indexer_progress p;
	bool finished;
	enum indexer_status status;
	struct buf error;		/* why it failed or is busy */
	struct buf warning;		/* the first file that was unreadable */
	size_t n_warnings;
	/* The loop's thread only: */
	size_t shown;			/* p.committed at the last reload */
	bool shown_listed;		/* reloaded since the text phase began:
					   every row was listed by then */
	struct timespec reloaded_at;
};

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
bool
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

/* Between two of the indexer's transactions, in its thread: write the
 * user's changes that its lock kept back, through its connection. */
static void
app_on_between(struct store *s, void *ctx)
{
	struct app_indexing *g = ctx;

	state_flush_on(g->state, s);
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
void
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
	g->state = a->state;
	clock_gettime(CLOCK_MONOTONIC, &g->reloaded_at);
	/* For tests: stop between the two phases of indexing, every
	 * article listed and none of their text indexed. */
	struct indexer_opts o = {
		.db_path = a->db_path, .paths = a->roots,
		.n_paths = a->n_roots, .on_progress = app_on_progress,
		.on_warning = app_on_warning, .between = app_on_between,
		.ctx = g,
		.hold_text = indexer_debug_hold_text(),
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
void
app_stop_indexing(struct app *a)
{
	if (a->indexing == NULL)
		return;
	indexer_stop(a->indexing->ix);
	app_join_indexing(a);
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
 * the list when rows were committed (at most once a second; at once when
 * every row is listed, as the text phase begins, and at the end), and
 * when another instance held the lock, try again later. */
void
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
	bool listed = p.text && !g->shown_listed;
	if (p.committed > g->shown &&
	    (finished || listed || app_since(&g->reloaded_at) >=
	     APP_RELOAD_SECONDS + 10 * a->reload_secs)) {
		g->shown = p.committed;
		g->shown_listed = g->shown_listed || p.text;
		clock_gettime(CLOCK_MONOTONIC, &g->reloaded_at);
		app_refresh_list(a, finished || listed);
	}
	if (!finished)
		return;
	app_indexing_ended(a, g->status, buf_str(&g->error),
			   buf_str(&g->warning), g->n_warnings);
	app_join_indexing(a);	/* it has ended: no wait */
}

/* Return true while the loop must wake up to look at indexing. */
bool
app_indexing_active(const struct app *a)
{
	return a->indexing != NULL || a->busy_at != 0;
}
