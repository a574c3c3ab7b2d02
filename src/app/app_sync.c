/* SPDX-License-Identifier: MIT */
/*
 * app_sync.c: device sync in the interface (HACKING.md, "Several
 * devices"). The loop's sync journals each change the state API makes;
 * reading the other devices' journals runs in a thread with a
 * connection of its own, so a long journal never holds the keys. The
 * loop looks at the folder every second (names, sizes and times of the
 * other devices' journals: sync_signature), starts a run when they
 * changed, and when one ends takes its clock, says what arrived and
 * lets the list read the database again (data_version does that).
 */
#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_sync.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/xmem.h"
#include "data/state.h"
#include "data/store.h"
#include "data/sync.h"
#include "ui/conf.h"

/* How often the loop looks at the sync folder, in seconds. */
#define APP_SYNC_LOOK_SECONDS 1.0

/* How often the loop looks at a run under way, in ms. */
#define APP_SYNC_POLL_MS 200

struct app_syncing {
	struct sync *sy;		/* the loop's: journals changes */
	struct sync_opts opts;		/* for the thread's own sync */
	const char *db_path;		/* the caller's */
	uint64_t signature;		/* the folder's when the last run
					   started */
	struct timespec looked_at;
	int64_t arrived_ms;		/* when another device's changes
					   last arrived; 0: not yet */
	bool running;			/* the thread runs */
	pthread_t thread;
	pthread_mutex_t mu;		/* guards the results below */
	bool finished;
	struct sync_tally tally;
	struct hlc clock;		/* the thread's sync's, at its end */
	int64_t last_arrival;
	struct buf warning;		/* the first warning or error */
	size_t n_warnings;
};

/* Keep the first warning of a run (in the thread). */
static void
app_sync_warn(const char *msg, void *ctx)
{
	struct app_syncing *y = ctx;

	pthread_mutex_lock(&y->mu);
	if (y->n_warnings++ == 0)
		buf_adds(&y->warning, msg);
	pthread_mutex_unlock(&y->mu);
}

/* The thread: read every journal through a connection of its own. */
static void *
app_sync_thread(void *arg)
{
	struct app_syncing *y = arg;
	struct store *s = NULL;
	struct sync *sy = NULL;
	struct sync_tally t = { 0 };
	struct err err;
	bool ok;

	err_init(&err);
	ok = store_open(y->db_path, &s, &err) &&
	     sync_open(s, &y->opts, &sy, &err) &&
	     sync_run(sy, app_sync_warn, y, &t, &err);
	if (!ok)
		app_sync_warn(err_msg(&err), y);
	pthread_mutex_lock(&y->mu);
	y->tally = t;
	if (sy != NULL) {
		y->clock = sync_clock(sy);
		y->last_arrival = sync_last_arrival(sy);
	}
	y->finished = true;
	pthread_mutex_unlock(&y->mu);
	sync_close(sy);
	store_close(s);
	err_fini(&err);
	return NULL;
}

/* Return the seconds since ts (CLOCK_MONOTONIC). */
static double
app_sync_since(const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - ts->tv_sec) +
	       (double)(now.tv_nsec - ts->tv_nsec) / 1e9;
}

struct app_syncing *
app_sync_open(const struct conf *cfg, struct store *s, struct state *st,
	      const char *db_path, char *const *roots, size_t n_roots,
	      struct buf *msg)
{
	struct app_syncing *y;
	struct err err;

	if (cfg->sync_dir == NULL)
		return NULL;
	y = xcalloc(1, sizeof *y);
	y->opts = (struct sync_opts){
		.dir = cfg->sync_dir, .name = cfg->device_name,
		.roots = roots, .n_roots = n_roots,
	};
	y->db_path = db_path;
	pthread_mutex_init(&y->mu, NULL);
	buf_init(&y->warning);
	err_init(&err);
	if (!sync_open(s, &y->opts, &y->sy, &err)) {
		buf_adds(msg, err_msg(&err));
		pthread_mutex_destroy(&y->mu);
		buf_fini(&y->warning);
		free(y);
		err_fini(&err);
		return NULL;
	}
	if (sync_notice(y->sy) != NULL)
		buf_adds(msg, sync_notice(y->sy));
	y->arrived_ms = sync_last_arrival(y->sy);
	state_set_sync(st, y->sy);
	err_fini(&err);
	return y;
}

/* Wait for the thread to end and take what it did; put its first
 * warning in msg. Return whether it applied another device's changes. */
static bool
app_sync_join(struct app_syncing *y, struct buf *msg)
{
	bool arrived;

	pthread_join(y->thread, NULL);
	arrived = y->tally.remote > 0 && y->tally.applied > 0;
	y->running = false;
	y->finished = false;
	sync_observe_clock(y->sy, y->clock);
	if (y->last_arrival > y->arrived_ms && y->tally.remote > 0)
		y->arrived_ms = y->last_arrival;
	if (y->n_warnings > 0)
		buf_adds(msg, buf_str(&y->warning));
	buf_clear(&y->warning);
	y->n_warnings = 0;
	return arrived;
}

bool
app_sync_poll(struct app_syncing *y, struct buf *msg)
{
	bool finished, arrived = false;
	uint64_t sig;

	if (y == NULL)
		return false;
	pthread_mutex_lock(&y->mu);
	finished = y->finished;
	pthread_mutex_unlock(&y->mu);
	if (y->running && finished)
		arrived = app_sync_join(y, msg);
	if (y->running ||
	    (y->looked_at.tv_sec != 0 &&
	     app_sync_since(&y->looked_at) < APP_SYNC_LOOK_SECONDS))
		return arrived;
	clock_gettime(CLOCK_MONOTONIC, &y->looked_at);
	sig = sync_signature(y->sy);
	if (sig == y->signature && y->signature != 0)
		return arrived;
	y->signature = sig;
	if (pthread_create(&y->thread, NULL, app_sync_thread, y) == 0)
		y->running = true;
	return arrived;
}

void
app_sync_status(const struct app_syncing *y, struct buf *out)
{
	char when[32];
	time_t t;
	struct tm tm;

	if (y == NULL || y->arrived_ms == 0)
		return;
	t = (time_t)(y->arrived_ms / 1000);
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof when, "%H:%M", &tm) == 0)
		return;
	buf_adds(out, " · ");
	/* TRANSLATORS: in the list's status line: when changes made on
	   another device last arrived (a time, HH:MM). */
	buf_printf(out, _("synced %s"), when);
}

void
app_sync_close(struct app_syncing *y, struct state *st)
{
	struct buf msg;

	if (y == NULL)
		return;
	buf_init(&msg);
	if (y->running)
		(void)app_sync_join(y, &msg);
	buf_fini(&msg);
	state_set_sync(st, NULL);
	sync_close(y->sy);
	pthread_mutex_destroy(&y->mu);
	buf_fini(&y->warning);
	free(y);
}

int
app_sync_wait_ms(const struct app_syncing *y)
{
	if (y == NULL)
		return -1;
	return y->running ? APP_SYNC_POLL_MS
			  : (int)(APP_SYNC_LOOK_SECONDS * 1000);
}
