/* SPDX-License-Identifier: MIT */
/*
 * app_stats.c: the app's side of the reading log, the statistics view
 * and the daily review: it writes the reader's sessions through the
 * state API, and makes the views with their data from the store. It
 * calls nothing in the other app files (they call it): what it makes,
 * it returns, and failures come back in a struct err.
 */
#include "config.h"

#include <assert.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "base/xmem.h"

#include "app/app_impl.h"
#include "base/buf.h"
#include "base/err.h"
#include "data/review.h"
#include "data/state.h"
#include "data/stats.h"
#include "data/store_readlog.h"
#include "ui/view_note.h"
#include "ui/view_reader.h"
#include "ui/view_review.h"
#include "ui/view_stats.h"

/* Return now in unix ms: the clock, or TSUNDOKU_NOW in tests. */
static int64_t
app_stats_now(void)
{
	return stats_now_ms(getenv("TSUNDOKU_NOW"));
}

bool
app_log_session(struct app *a, struct view *reader, struct err *err)
{
	struct store_session session;
	struct buf spans;
	bool ok = true;

	buf_init(&spans);
	if (view_reader_log(reader, &session, &spans))
		ok = state_log_session(a->state, view_reader_article(reader),
				       &session, err);
	buf_fini(&spans);
	return ok;
}

void
app_reader_speed(struct app *a, struct view *reader)
{
	double cpm = 0;
	struct err err;

	err_init(&err);
	if (store_reading_speed(a->store, &cpm, &err))
		view_reader_set_speed(reader, cpm);
	err_fini(&err);
}

struct view *
app_stats_view(struct app *a, struct err *err)
{
	struct stats st;
	struct view_stats_goal goal = { .minutes = a->conf.goal_minutes,
					.chars = a->conf.goal_chars };

	if (!state_flush(a->state, false, err) ||
	    !stats_load(&st, a->store, app_stats_now(), 0, err)) {
		stats_fini(&st);
		return NULL;
	}
	return view_stats_new(&st, &goal, &a->conf.keymap);
}

struct view *
app_review_view(struct app *a, struct err *err)
{
	struct review_queue q;
	int64_t today = stats_day(app_stats_now());

	if (!state_flush(a->state, false, err) ||
	    !review_load(&q, a->store, today, (size_t)a->conf.review_size, err))
		return NULL;
	return view_review_new(&q, &a->conf.keymap);
}

bool
app_review_answer(struct app *a, struct review_item *it,
		  enum view_review_choice c, struct err *err)
{
	static const enum review_answer answers[] = {
		[VIEW_REVIEW_KEEP] = REVIEW_KEEP,
		[VIEW_REVIEW_MASTER] = REVIEW_MASTER,
		[VIEW_REVIEW_DISCARD] = REVIEW_DISCARD,
	};

	assert(c <= VIEW_REVIEW_DISCARD);
	review_answer(&it->review, answers[c], stats_day(app_stats_now()));
	it->review.highlight_id = it->id;
	return state_review(a->state, it->article_id, &it->review, err);
}

struct view *
app_review_note_editor(struct view *review)
{
	struct review_item *it = view_review_current(review);

	return it != NULL ? view_note_new(it->id, it->note) : NULL;
}

bool
app_review_note_save(struct app *a, struct view *review, const char *text,
		     struct err *err)
{
	struct review_item *it = view_review_current(review);

	assert(it != NULL);
	if (!state_highlight_set_note(a->state, it->article_id, it->id, text,
				      err))
		return false;
	free(it->note);
	it->note = text != NULL ? xstrdup(text) : NULL;
	return true;
}

void
app_stats_goal(struct app *a, struct buf *out)
{
	struct stats st;
	struct err err;
	struct view_stats_goal goal = { .minutes = a->conf.goal_minutes,
					.chars = a->conf.goal_chars };

	if (goal.minutes == 0 && goal.chars == 0)
		return;
	err_init(&err);
	stats_init(&st, app_stats_now(), 0);
	if (store_today_totals(a->store, stats_day_start_ms(st.today),
			       &st.today_t.active_ms, &st.today_t.han,
			       &st.today_t.words, &err)) {
		/* TRANSLATORS: today's progress towards the daily goal, on
		 * the status line. */
		buf_adds(out, _("goal "));
		view_stats_goal_progress(&st, &goal, out);
	}
	stats_fini(&st);
	err_fini(&err);
}
