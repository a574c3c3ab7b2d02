/* SPDX-License-Identifier: MIT */
/*
 * app_views.c: the view stack and what every app file shows through it:
 * push, pop (the reader saving its session as it goes), the top and the
 * reader, the status line's message, and the list's rows kept in step
 * with a change of state, and the yes/no questions. Of the other app
 * files it calls only app_stats.c (a session's reading log, which calls
 * none), so each of them may call it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_impl.h"
#include "ui/view_question.h"
#include "base/err.h"
#include "base/xmem.h"
#include "data/state.h"
#include "ui/view_reader.h"

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
	if (app_is_reader(a->views[a->n_views - 1]))
		view_reader_pause(a->views[a->n_views - 1]);
	if (a->n_views == APP_MAX_VIEWS) {
		if (app_is_reader(a->views[1]))	/* its session is saved */
			app_save_session(a, a->views[1]);
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
	return v->kind == VIEW_KIND_READER;
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

/* Save the reading session of reader, when it changed since it was
 * last saved, so reopening the article, even after a crash or at another
 * window width, puts the same text at the top. A failure is shown but
 * loses nothing already saved. */
void
app_save_session(struct app *a, struct view *reader)
{
	struct store_place pl;
	struct err err;
	int64_t id = view_reader_article(reader);

	err_init(&err);
	if (!app_log_session(a, reader, &err))
		app_message(a, true, err_msg(&err));
	if (!view_reader_session(reader, &pl)) {
		err_fini(&err);
		return;
	}
	if (!state_set_place(a->state, id, &pl, &err))
		app_message(a, true, err_msg(&err));
	err_fini(&err);
	view_reader_saved(reader, &pl);
	app_update_row(a, id, &pl);
}

/* Pop the top view, saving the reading place first when it is the
 * reader; the list at the bottom stays. */
void
app_pop(struct app *a)
{
	if (a->n_views > 1) {
		if (app_is_reader(a->views[a->n_views - 1]))
			app_save_session(a, a->views[a->n_views - 1]);
		struct view *v = a->views[--a->n_views];
		v->ops->free(v);
	}
}

/* Return the seconds since ts. */
double
app_since(const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - ts->tv_sec) +
	       (double)(now.tv_nsec - ts->tv_nsec) / 1e9;
}

/* Show the new reading state of article id in the list, without
 * reloading it. */
void
app_update_row(struct app *a, int64_t id, const struct store_place *pl)
{
	library_set_place(&a->lib, id, pl);
}

/* Show in the list that article id has n highlights, or, with add, n
 * more (n may be -1 then: one less). */
void
app_update_highlights(struct app *a, int64_t id, size_t n, bool add)
{
	library_set_highlights(&a->lib, id, n, add);
}

/* Ask a yes/no question (tag: which) over the view on top. */
void
app_ask(struct app *a, enum app_question tag, const char *text)
{
	app_push(a, view_question_new((int)tag, text));
}
