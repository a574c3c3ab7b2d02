/* SPDX-License-Identifier: MIT */
/*
 * app_impl.h: what the app's source files share and nobody else sees:
 * the state of the application and the helpers that change it. app.c
 * runs the loop, opens articles and views; app_highlight.c saves
 * highlights, runs the note editor and the highlight lists.
 */
#ifndef TSUNDOKU_APP_IMPL_H
#define TSUNDOKU_APP_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "document/archive.h"
#include "data/library.h"
#include "base/buf.h"
#include "ui/conf.h"
#include "data/highlight.h"
#include "ui/keymap.h"
#include "ui/prompt.h"
#include "data/store.h"
#include "document/tidy.h"
#include "ui/view.h"

struct app_indexing;
struct inflight;
struct state;
struct app_options;
struct app_watching;
struct app_syncing;
struct err;
struct view;

#define APP_MAX_VIEWS 8
#define APP_MIN_COLS 20
#define APP_MIN_ROWS 5
#define APP_SAVE_SECONDS 10	/* save the reading place this often */
#define APP_IDLE_SAVE_SECONDS 2.0	/* and after this long without a key */
#define APP_RETRY_MS 100	/* try again this soon to write changes the
				   indexer's lock kept back */
#define APP_IDLE_SECONDS 3.0	/* no key for this long: the user is
					   reading the screen, not moving */
#define APP_FIRST_ROWS 256	/* list rows read before the first paint:
				   more than a screen holds */

/* The archive behind the list: its roots, the runs that index it, the
 * watching that notices changes, device sync, and the record of what
 * the reader parses. app_index.c, app_sync.c and app_open.c own it. */
struct app_archive {
	char **roots;			/* what to index: canonical paths */
	size_t n_roots;
	char *db_path;
	struct inflight *inflight;	/* records what the reader parses
					   (quarantine.h); NULL: nothing */
	struct app_indexing *indexing;	/* NULL when no thread runs */
	struct app_watching *watching;	/* the archive and the database
					   watched; NULL before the first
					   run and after the last */
	struct app_syncing *syncing;	/* device sync; NULL: none */
	time_t busy_at;			/* when another instance was found
					   indexing; 0: not */
	struct buf indexing_status;	/* progress for the status line */
	int indexing_percent;	/* of the run under way; -1: none */
	double reload_secs;		/* how long reading the list took last:
					   while indexing, the list is read
					   again at most a tenth of the time */
	bool list_stale;		/* rows were indexed while the list
					   was hidden: read it on return */
};

struct app {
	struct conf conf;		/* settings, key bindings, colours */
	struct store *store;
	struct state *state;		/* the user's reading state, over store */
	struct view *views[APP_MAX_VIEWS];	/* [0] is the list */
	size_t n_views;
	struct buf message;		/* shown on the status line */
	bool message_is_error;
	bool quit;
	struct library lib;		/* the rows the app feeds the list */
	struct library_bg *lib_rest;	/* the rest of lib being read in the
					   background; NULL: none */
	bool lib_want_rest;		/* read the rest when lib is not
					   complete (app_poll_list) */
	struct tidy_rules rules;	/* what counts as page leftovers */
	struct keymap_state keys;	/* a key sequence being typed */
	struct timespec key_at;		/* when the last key came */
	struct prompt_history commands;	/* lines typed after ':' */
	struct prompt_history searches;	/* and after '/' */
	char *export_path;	/* heap: the file APP_ASK_OVERWRITE is about */
	struct app_archive archive;
};

/* The yes/no questions the app asks (view_question's tags). */
enum app_question {
	APP_ASK_QUIT,		/* Ctrl-C: quit? */
	APP_ASK_MARK_ALL,	/* A: mark every article shown read? */
	APP_ASK_OVERWRITE,	/* e: replace the file export_path? */
};

/* The reading log, statistics and review (app_stats.c). Write the
 * reader's session when it changed (where its place is saved); return
 * false with err set when the database refused it. */
bool app_log_session(struct app *a, struct view *reader, struct err *err);

/* Give reader the reading speed, for the time left it shows. */
void app_reader_speed(struct app *a, struct view *reader);

/* Make the statistics view, or the review view with today's queue;
 * NULL with err set when the database cannot be read. */
struct view *app_stats_view(struct app *a, struct err *err);
struct view *app_review_view(struct app *a, struct err *err);

/* Write the schedule answer c (keep, master, discard) gives highlight
 * it, through the state API. */
struct review_item;
enum view_review_choice;
bool app_review_answer(struct app *a, struct review_item *it,
		       enum view_review_choice c, struct err *err);

/* Make the note editor for the highlight the review shows, and save
 * what it wrote (text NULL: no note) as that highlight's note. */
struct view *app_review_note_editor(struct view *review);
bool app_review_note_save(struct app *a, struct view *review,
			  const char *text, struct err *err);

/* Open the statistics (review false) or the daily review
 * (app_command.c). */
void app_open_panel(struct app *a, bool review);

/* Append today's progress towards the daily goal ("goal 12/30m") to
 * out; nothing when no goal is set. */
void app_stats_goal(struct app *a, struct buf *out);

/* Show a message on the status line until the next key. */
void app_message(struct app *a, bool is_error, const char *msg);

/* Ask a yes/no question (tag: which) over the view on top; the answer
 * comes back to app.c. */
void app_ask(struct app *a, enum app_question tag, const char *text);

/* Return the article's identity in the database for path (heap). */
char *app_identity(const char *path);

/* The view stack: the top, push, pop (saving the reader's place). */
struct view *app_top(struct app *a);
void app_push(struct app *a, struct view *v);
void app_pop(struct app *a);

/* Return true when v is the reader, reading or with its caret. */
bool app_is_reader(const struct view *v);

/* Return the reader view, or NULL when no article is open. */
struct view *app_reader(struct app *a);

/* Open the article at path (row id id in the database; 0: look it up)
 * in the reader, where it was left when at_place, else at its start, and
 * record it as opened. */
void app_open_article(struct app *a, int64_t id, const char *path,
		      bool at_place);

/* Save the reading session of reader when it changed since it was last
 * saved, and show it in the list. */
void app_save_session(struct app *a, struct view *reader);

/* Open the article selected in the list. */
void app_open_selected(struct app *a);

/* Return the seconds since ts (CLOCK_MONOTONIC). */
double app_since(const struct timespec *ts);

/* app_command.c */

/* Perform the actions that open a line or a question; return false for
 * any other. */
bool app_modal_action(struct app *a, enum action act);

/* Act on the reaction r of v, a view that takes keys itself (a line, a
 * question, the note editor). */
void app_answer(struct app *a, struct view *v, struct view_reaction r);

/* Act on the choice just made in the review view v (view_review_take):
 * write an answer, or open the note editor or the article. */
void app_review_chose(struct app *a, struct view *v);

/* app_index.c */

#define APP_POLL_MS 200		/* how often the loop looks at indexing */

/* Set the roots to list and index: the paths on the command line, which
 * must exist, else the configured archive roots, else the samples. */
bool app_set_roots(struct app *a, const struct app_options *opt,
		   struct err *err);

/* Start indexing the roots in a thread, and watching them (after the
 * first paint). */
void app_start_indexing(struct app *a);

/* Index the archive again at once (R), saying how it went. */
void app_rescan(struct app *a);

/* Look at the indexing thread and the watches from the loop: progress,
 * list reloads, the end of a run, changes on disk or in the database. */
void app_poll_indexing(struct app *a);

/* Stop watching and the indexing thread, if any, and wait for it. */
void app_stop_indexing(struct app *a);

/* Return how long the loop may wait for a key, in ms (-1: forever). */
int app_wait_ms(const struct app *a);

/* app_list.c */

/* Read the list again after its order, filter or contents changed,
 * keeping the selected article selected. */
void app_reload_list(struct app *a);

/* Show rows the indexer added (see app_list.c); whole when done. */
void app_refresh_list(struct app *a, bool done);

#define APP_REST_POLL_MS 10	/* the loop's wake-up while the rest of
				   the list is read in the background */
#define APP_INDEX_AFTER_SECONDS 1.0	/* indexing waits for the rest of
					   the list this long at most */

/* Ask for the rest of the list, when only its first rows are loaded:
 * app_poll_list starts reading it in the background. */
void app_list_want_rest(struct app *a);

/* From the loop: start reading the rest of the list when it is wanted,
 * and show it once it has been read. */
void app_poll_list(struct app *a);

/* Before action act (with count) is performed: when it needs rows of the
 * list not loaded yet (G, a page beyond them, sorting, marking all read,
 * J and K), wait for the rest, reading it here if need be. */
void app_list_ready_for(struct app *a, enum action act, int count);

/* Show the new reading state of article id in the list, without reading
 * it again. */
void app_update_row(struct app *a, int64_t id, const struct store_place *pl);

/* Show in the list that article id has n highlights, or, with add, n
 * more (n may be (size_t)-1 then: one less), at once, before the change
 * is written. */
void app_update_highlights(struct app *a, int64_t id, size_t n, bool add);


/* Perform the list's own actions: sort, filters. */
void app_list_action(struct app *a, enum action act);

/* Filter the list by the source chosen from the sources menu on top
 * ("every source": none). */
void app_choose_source(struct app *a);

/* Mark the article selected in list read, or unread. */
void app_toggle_read(struct app *a, struct view *list);

/* Mark every article the list shows as read; the user said yes. */
void app_mark_all_read(struct app *a);

/* Open the next (1) or previous (-1) article of the list from the
 * reader. */
void app_step_article(struct app *a, int dir);

/* Open the result chosen in the search results on top at its first
 * hit. */
void app_open_result(struct app *a);

/* Feed the results view v its hits and the snippets a paint of rows rows
 * shows; return false, with the error shown, when the database could not
 * be read. */
bool app_feed_results(struct app *a, struct view *v, int rows);

/* Search for the typed text: the article in the reader on top, else the
 * whole archive. */
void app_search(struct app *a, const char *query);

/* app_highlight.c */

/* Load the highlights of the article just opened in reader (identity
 * id), parsing it whole only when it has some. */
void app_highlight_open(struct app *a, struct view *reader, const char *id);

struct view_request;

/* Load the highlights of reader again, once the changes of them kept
 * back are written. */
void app_highlight_reload(struct app *a, struct view *reader);

/* Perform what the reader asked for (a highlight request). */
void app_highlight_request(struct app *a, struct view *reader,
			   const struct view_request *req);

/* Save the note written in the note editor v: an empty one removes the
 * note. Return false (the editor stays open, nothing lost) when that
 * failed. */
bool app_note_save(struct app *a, struct view *v);

/* Return true when v is the list of the archive's highlights. */
bool app_is_hl_all(const struct view *v);

/* Open the list of the archive's highlights (H in the list). */
void app_highlights_all(struct app *a);

/* Act on the item chosen in a list of highlights: jump to it. */
void app_highlight_choose(struct app *a);

/* Filter the list of highlights on top, the archive's or the reader's,
 * by text (typed after /). */
void app_highlight_filter(struct app *a, const char *text);

/* The file e offers to export to; when it exists, one named for today
 * ("~/tsundoku-highlights-2026-12-07.md") is offered instead. */
#define APP_EXPORT_DEFAULT "~/tsundoku-highlights.md"

/* Set out to the file name e offers. */
void app_highlight_export_name(struct buf *out);

/* Export the highlights the archive list shows (e) as Markdown into the
 * file at path ("~/" expanded). A file there already is replaced only
 * when overwrite is true; otherwise the user is asked first. */
void app_highlight_export(struct app *a, const char *path, bool overwrite);


/* app_open.c */

/* Show err's message, and forget it. */
void app_hl_error(struct app *a, struct err *err);

/* Load the highlights of article id (its path) into reader, which
 * parses the whole document to place them. */
void app_hl_load(struct app *a, struct view *reader, const char *id);

#endif
