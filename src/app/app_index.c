/* SPDX-License-Identifier: MIT */
/*
 * app_index.c: indexing in the background while the user reads. The
 * roots come from the command line, else the config, else the samples;
 * a thread runs the indexer with its own database connection after the
 * first paint and the rest of the list (app_run), and the loop's thread
 * shows its progress and reads the list again as rows are committed.
 * Then the archive is watched (inotify through the loop's poll, else a
 * walk on a timer) and indexed again when it changes, R indexes it at
 * once, and a commit by another process (PRAGMA data_version, asked
 * every second) reads the list again.
 *
 * The first run's thread starts the watch before it walks, so no
 * change between its walk and the watch is missed, and the loop takes the
 * watch when the run ends. Once nothing has happened for 0.3 s an
 * ordinary, quiet run finds what changed, renames included. Where inotify
 * is missing or refuses (max_user_watches is shared by every program) a
 * run happens on a timer instead, every 2 s or ten times what the last
 * took. The list is read again at most once a second plus ten times the
 * last reading, not at all while hidden; but until a run has listed
 * APP_FIRST_LISTED rows it is read whenever rows were committed (the
 * loop looks every 50 ms, and the indexer commits its first listing
 * batch early), so a cold start shows its first rows at once instead
 * of after the 1 s timer (issue 16).
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/app.h"
#include "app/app_impl.h"
#include "app/app_sync.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "data/indexer.h"
#include "ui/paths.h"
#include "data/state.h"
#include "data/store.h"
#include "ui/term.h"
#include "ui/view_reader.h"
#include "data/watch.h"
#include "base/xmem.h"
#define APP_RELOAD_SECONDS 1.0	/* reload the list at most this often */
#define APP_BUSY_RETRY_SECONDS 5	/* try again to index after another
					   instance held the lock */
#define APP_SETTLE_SECONDS 0.3	/* index a change once the archive has
				   been quiet this long: a file is often
				   created, then written, then renamed */
#define APP_RESCAN_SECONDS 2.0	/* without inotify, look for changes this
				   often, or ten times what a run took */
#define APP_VERSION_SECONDS 1.0	/* ask for the database's data_version
				   this often */
#define APP_WATCH_MS 1000	/* the loop's wake-up while only watching */
#define APP_FIRST_LISTED 256	/* until a run has listed this many rows,
				   the list is read again as soon as rows
				   are committed: a cold start shows its
				   first rows at once, not after a second */
#define APP_FIRST_POLL_MS 50	/* the loop's wake-up meanwhile */

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
	bool quiet;			/* started by a change on disk: no
					   progress while nothing is found,
					   no message about what an earlier
					   run said already */
	bool announce;			/* started after R: say how it ended */
	/* The first run's thread watches the archive before it walks it,
	 * so that the loop's thread does not read every directory (0.1 s
	 * at 100,000 articles) and no change between the walk and the
	 * watch is missed; the loop takes the watch once the run ends. */
	enum watch_mode watch_mode;
	struct watch *watch;		/* NULL: none to make, or taken */
	bool make_watch;
	char *const *roots;
	size_t n_roots;
	struct timespec started_at;
	size_t shown;			/* p.committed at the last reload */
	bool shown_listed;		/* reloaded since the text phase began:
					   every row was listed by then */
	struct timespec reloaded_at;
};

/* Set the roots to index and list: the paths on the command line, which
 * must exist, else the configured archive roots, else the bundled
 * samples. Only these are listed and searched (store_set_scope, once
 * the store is open); what the database holds from elsewhere keeps its
 * state but is not shown. Nothing is read or walked here: the first
 * screen comes from the database, indexing starts after it. */
bool
app_set_roots(struct app *a, const struct app_options *opt, struct err *err)
{
	struct stat sb;

	for (int i = 0; i < opt->n_paths; i++) {
		if (stat(opt->paths[i], &sb) != 0)
			return err_set(err, _("cannot open %s: %s"),
				       opt->paths[i], strerror(errno));
		a->archive.roots = xreallocarray(a->archive.roots, a->archive.n_roots + 1,
					 sizeof *a->archive.roots);
		a->archive.roots[a->archive.n_roots++] = app_identity(opt->paths[i]);
	}
	if (opt->n_paths == 0)
		conf_archive_roots(&a->conf, opt->exe_path, &a->archive.roots,
				   &a->archive.n_roots);
	return true;
}

/* Watching the archive and the database, from the loop's thread. */
struct app_watching {
	struct watch *watch;
	bool dirty;			/* the archive changed: index again */
	bool announce;			/* R was pressed: the next run is not
					   quiet and says how it ended */
	struct timespec changed_at;	/* the last change reported */
	struct timespec scanned_at;	/* when the last run ended */
	double run_secs;		/* how long it took */
	int data_version;		/* the database's, when last read */
	struct timespec version_at;	/* when it was asked last */
};

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
	if (g->make_watch)	/* read by the loop once finished is set */
		g->watch = watch_new(g->roots, g->n_roots, g->watch_mode,
				     WATCH_MAX_DIRS);
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
 * it runs already; quiet for a run that a change on disk started. */
static void
app_start_run(struct app *a, bool quiet)
{
	struct app_indexing *g;

	if (a->archive.indexing != NULL)
		return;
	g = xcalloc(1, sizeof *g);
	pthread_mutex_init(&g->mu, NULL);
	buf_init(&g->error);
	buf_init(&g->warning);
	g->p.scanning = true;
	g->quiet = quiet;
	g->announce = a->archive.watching != NULL && a->archive.watching->announce;
	g->make_watch = a->archive.watching != NULL && a->archive.watching->watch == NULL;
	g->watch_mode = watch_debug_mode();
	g->roots = a->archive.roots;
	g->n_roots = a->archive.n_roots;
	g->state = a->state;
	clock_gettime(CLOCK_MONOTONIC, &g->reloaded_at);
	g->started_at = g->reloaded_at;
	/* For tests: stop between the two phases of indexing, every
	 * article listed and none of their text indexed. */
	struct indexer_opts o = {
		.db_path = a->archive.db_path, .paths = a->archive.roots,
		.n_paths = a->archive.n_roots, .on_progress = app_on_progress,
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
	a->archive.indexing = g;
	a->archive.busy_at = 0;
}

/* Start watching the database; the first run watches the roots (in the
 * mode the environment asks for, for tests). */
static void
app_watch_start(struct app *a)
{
	struct app_watching *w = xcalloc(1, sizeof *w);
	struct err err;

	clock_gettime(CLOCK_MONOTONIC, &w->scanned_at);
	w->version_at = w->scanned_at;
	err_init(&err);
	store_data_version(a->store, &w->data_version, &err);
	err_fini(&err);	/* asked again each second: a failure then shows */
	a->archive.watching = w;
}

/* Start indexing the roots, and watching them, once the first screen is
 * painted; called again to try once more after another instance held
 * the lock. */
void
app_start_indexing(struct app *a)
{
	if (a->archive.watching == NULL)
		app_watch_start(a);
	app_start_run(a, false);
}

/* Index the archive again now (R): after the run under way, if any, and
 * say how it ended. */
void
app_rescan(struct app *a)
{
	struct app_watching *w = a->archive.watching;

	if (w == NULL)
		return;	/* not running yet */
	/* TRANSLATORS: shown when R is pressed, until the run ends. */
	app_message(a, false, _("Looking for new and changed articles…"));
	w->announce = true;
	if (a->archive.indexing != NULL || a->archive.busy_at != 0) {
		w->dirty = true;
		memset(&w->changed_at, 0, sizeof w->changed_at);
		return;
	}
	app_start_run(a, false);
}

/* Wait for the indexing thread to end and free it. */
static void
app_join_indexing(struct app *a)
{
	struct app_indexing *g = a->archive.indexing;

	pthread_join(g->thread, NULL);
	watch_free(g->watch);	/* not taken: quitting */
	indexer_free(g->ix);
	buf_fini(&g->error);
	buf_fini(&g->warning);
	pthread_mutex_destroy(&g->mu);
	free(g);
	a->archive.indexing = NULL;
}

/* Stop watching and indexing (on quit, SIGTERM, SIGHUP): what was
 * committed stays, and the next start goes on from there. */
void
app_stop_indexing(struct app *a)
{
	if (a->archive.watching != NULL) {
		term_set_watch_fd(-1);
		watch_free(a->archive.watching->watch);
		free(a->archive.watching);
		a->archive.watching = NULL;
	}
	if (a->archive.indexing == NULL)
		return;
	indexer_stop(a->archive.indexing->ix);
	app_join_indexing(a);
}

/* Act on the end of an indexing run: a message for a failure or an
 * unreadable file, a note while another instance indexes. */
static void
app_indexing_ended(struct app *a, enum indexer_status st, const char *error,
		   const char *warning, size_t n_warnings, bool quiet)
{
	buf_clear(&a->archive.indexing_status);
	if (st == INDEXER_BUSY) {
		/* TRANSLATORS: in the status line, keep it short. */
		buf_adds(&a->archive.indexing_status, _("indexing in another tsundoku"));
		a->archive.busy_at = time(NULL);
	} else if (quiet) {
		return;	/* a run on a change: the first one said it */
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

/* Say how the run that R asked for ended, from its last progress p. */
static void
app_announce(struct app *a, enum indexer_status st,
	     const struct indexer_progress *p)
{
	struct buf msg;

	a->archive.watching->announce = false;
	if (st != INDEXER_DONE)
		return;	/* the failure is the message */
	buf_init(&msg);
	/* TRANSLATORS: after R; the counts of articles found new, changed
	   and gone in the archive. */
	buf_printf(&msg, _("Archive rescanned: %zu new, %zu changed, %zu gone"),
		   p->n_new + p->n_renamed, p->n_changed, p->n_missing);
	app_message(a, false, buf_str(&msg));
	buf_fini(&msg);
}

/* Look at the indexing thread: show its progress, reload the list when
 * rows were committed (at most once a second; at once when every row is
 * listed, as the text phase begins, and at the end), and when another
 * instance held the lock, try again later. */
static void
app_poll_run(struct app *a)
{
	struct app_indexing *g = a->archive.indexing;
	struct app_watching *w = a->archive.watching;
	struct indexer_progress p;
	bool finished;

	if (g == NULL) {
		if (a->archive.busy_at != 0 &&
		    time(NULL) - a->archive.busy_at >= APP_BUSY_RETRY_SECONDS)
			app_start_run(a, false);
		return;
	}
	pthread_mutex_lock(&g->mu);
	p = g->p;
	finished = g->finished;
	pthread_mutex_unlock(&g->mu);
	buf_clear(&a->archive.indexing_status);
	if (!g->quiet || (!p.scanning && p.total > 0))
		indexer_progress_text(&p, &a->archive.indexing_status);
	/* Listing is the first half, the text the second. */
	a->archive.indexing_percent = finished ? -1 : (p.text ? 50 : 0) +
		(p.total > 0 ? (int)(50 * p.done / p.total) : 0);
	bool listed = p.text && !g->shown_listed;
	if (p.committed > g->shown &&
	    (finished || listed || g->shown < APP_FIRST_LISTED ||
	     app_since(&g->reloaded_at) >=
	     APP_RELOAD_SECONDS + 10 * a->archive.reload_secs)) {
		g->shown = p.committed;
		g->shown_listed = g->shown_listed || p.text;
		clock_gettime(CLOCK_MONOTONIC, &g->reloaded_at);
		app_refresh_list(a, finished || listed);
	}
	if (!finished)
		return;
	app_indexing_ended(a, g->status, buf_str(&g->error),
			   buf_str(&g->warning), g->n_warnings, g->quiet);
	if (w != NULL) {
		struct err err;
		if (g->watch != NULL) {	/* the first run's: the loop's now */
			w->watch = g->watch;
			g->watch = NULL;
			term_set_watch_fd(watch_fd(w->watch));
		}
		w->run_secs = app_since(&g->started_at);
		clock_gettime(CLOCK_MONOTONIC, &w->scanned_at);
		if (g->announce && g->status != INDEXER_BUSY)
			app_announce(a, g->status, &p);
		/* The list shows what the run wrote: no reading it again
		   for the data_version it changed. */
		err_init(&err);
		store_data_version(a->store, &w->data_version, &err);
		err_fini(&err);
	}
	app_join_indexing(a);	/* it has ended: no wait */
}

/* Read the list again when another process committed to the database
 * (`tsundoku index` or `import` in another shell, another tsundoku):
 * asked every second, or ten times what reading the list takes. */
static void
app_poll_version(struct app *a)
{
	struct app_watching *w = a->archive.watching;
	struct err err;
	int v;

	if (app_since(&w->version_at) < APP_VERSION_SECONDS +
	    10 * a->archive.reload_secs)
		return;
	clock_gettime(CLOCK_MONOTONIC, &w->version_at);
	err_init(&err);
	if (store_data_version(a->store, &v, &err) && v != w->data_version) {
		w->data_version = v;
		app_refresh_list(a, false);
	}
	err_fini(&err);
}

/* Look at the archive: read what inotify reported, or look on a timer
 * when it is not there; index again once changes have settled, when no
 * run is under way. */
static void
app_poll_watching(struct app *a)
{
	struct app_watching *w = a->archive.watching;

	if (w == NULL)
		return;
	if (w->watch != NULL && watch_fd(w->watch) >= 0 &&
	    watch_read(w->watch)) {
		w->dirty = true;
		clock_gettime(CLOCK_MONOTONIC, &w->changed_at);
	}
	if (w->watch != NULL)
		term_set_watch_fd(watch_fd(w->watch));	/* -1: gave up */
	if (w->watch != NULL && watch_polling(w->watch) && !w->dirty &&
	    a->archive.indexing == NULL &&
	    app_since(&w->scanned_at) >= APP_RESCAN_SECONDS +
	    10 * w->run_secs) {
		w->dirty = true;
		memset(&w->changed_at, 0, sizeof w->changed_at);
	}
	if (w->dirty && a->archive.indexing == NULL && a->archive.busy_at == 0 &&
	    app_since(&w->changed_at) >= APP_SETTLE_SECONDS) {
		w->dirty = false;
		app_start_run(a, !w->announce);
	}
	if (a->archive.indexing == NULL)	/* another instance's rows too */
		app_poll_version(a);
}

/* Look at indexing and watching from the loop, after every key or
 * wake-up. */
void
app_poll_indexing(struct app *a)
{
	struct buf msg;

	app_poll_run(a);
	app_poll_watching(a);
	buf_init(&msg);
	/* Another device's changes: an open reader loads its highlights
	 * again (its own place and read mark stay the reader's). */
	if (app_sync_poll(a->archive.syncing, &msg) && app_reader(a) != NULL)
		view_reader_mark_highlights_stale(app_reader(a));
	if (msg.len > 0 && a->message.len == 0)
		app_message(a, true, buf_str(&msg));
	buf_fini(&msg);
}

/* Return how long the loop may wait for a key: briefly while a run is
 * under way, another instance indexes or a change waits to settle;
 * a second while only watching (the timers); forever before. */
int
app_wait_ms(const struct app *a)
{
	const struct app_watching *w = a->archive.watching;

	int sync_ms = app_sync_wait_ms(a->archive.syncing);

	if (a->archive.indexing != NULL && !a->archive.indexing->quiet &&
	    a->archive.indexing->shown < APP_FIRST_LISTED &&
	    !a->archive.indexing->shown_listed)
		return APP_FIRST_POLL_MS;
	if (a->archive.indexing != NULL || a->archive.busy_at != 0 || (w != NULL && w->dirty))
		return APP_POLL_MS;
	if (sync_ms >= 0 && (w == NULL || sync_ms < APP_WATCH_MS))
		return sync_ms;
	return w != NULL ? APP_WATCH_MS : -1;
}
