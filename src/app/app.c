/* SPDX-License-Identifier: MIT */
/*
 * app.c: the loop (app_run): paint, read a key (term_read_key), hand it
 * to the top view through the keymap (app_key), act on the view's typed
 * reaction (app_react), then look at indexing, save and flush.
 *
 * The reader owns its reading session; the app saves it when the reader is
 * left, on quit and signals, every APP_SAVE_SECONDS while keys come and
 * after APP_IDLE_SAVE_SECONDS without one, so a kill loses at most two
 * seconds of reading. Marking read or unread keeps the percentage; seeing
 * the end marks an article read only when the end comes into view anew.
 */
#include "config.h"
#include "app/app.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ui/browser.h"
#include "base/buf.h"
#include "document/chrome.h"
#include "ui/conf.h"
#include "document/doc.h"
#include "base/err.h"
#include "base/i18n.h"
#include "data/indexer.h"
#include "base/inflight.h"
#include "ui/keymap.h"
#include "data/library.h"
#include "ui/paths.h"
#include "ui/prompt.h"
#include "data/quarantine.h"
#include "data/state.h"
#include "data/store.h"
#include "ui/term.h"
#include "document/tidy.h"
#include "text/utf8.h"
#include "ui/view.h"
#include "ui/view_help.h"
#include "ui/view_links.h"
#include "ui/view_list.h"
#include "ui/view_menu.h"
#include "ui/view_outline.h"
#include "ui/view_results.h"
#include "ui/view_reader.h"
#include "base/xmem.h"
#include "app/app_impl.h"
#include "app/app_sync.h"

/* Open the database (--db, else the XDG default), creating its
 * directory. */
static bool
app_open_store(struct app *a, const char *db_path, struct err *err)
{
	struct buf path;
	bool ok;

	buf_init(&path);
	ok = paths_open_store(db_path, &a->store, &path, err);
	/* Without a record (a read-only directory) articles still open;
	 * only a crash would go unnoticed. */
	if (ok && !inflight_open(buf_str(&path), 1, &a->archive.inflight, NULL))
		a->archive.inflight = NULL;
	a->archive.db_path = buf_detach(&path);
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

/* conf_load_leftovers' complaint: the first becomes the message. */
static void
app_rules_complain(const char *msg, void *ctx)
{
	struct app *a = ctx;

	if (a->message.len == 0)
		app_message(a, true, msg);
}

/* Start device sync when the config names a sync folder. */
static void
app_start_sync(struct app *a)
{
	struct buf msg;

	buf_init(&msg);
	a->archive.syncing = app_sync_open(&a->conf, a->store, a->state, a->archive.db_path,
				   a->archive.roots, a->archive.n_roots, &msg);
	if (msg.len > 0)
		app_message(a, true, buf_str(&msg));
	buf_fini(&msg);
}

bool
app_open(struct app **out, const struct app_options *opt, struct err *err)
{
	struct app *a = xcalloc(1, sizeof *a);

	conf_init(&a->conf);
	library_init(&a->lib);
	buf_init(&a->message);
	buf_init(&a->archive.indexing_status);
	a->archive.indexing_percent = -1;
	tidy_rules_init(&a->rules);
	app_load_conf(a, opt->config_path);
	conf_load_leftovers(opt->exe_path, &a->rules, app_rules_complain, a);
	if (!app_set_roots(a, opt, err) || !app_open_store(a, opt->db_path, err)) {
		app_close(a);
		return false;
	}
	store_set_scope(a->store, a->archive.roots, a->archive.n_roots);	/* what is shown */
	if (!library_load(&a->lib, a->store, APP_FIRST_ROWS, err)) {
		app_close(a);
		return false;
	}
	a->state = state_new(a->store);
	app_start_sync(a);
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
	library_bg_free(a->lib_rest);
	app_stop_indexing(a);
	app_sync_close(a->archive.syncing, a->state);
	state_free(a->state);
	store_close(a->store);
	inflight_close(a->archive.inflight);	/* after the reader's document */
	for (size_t i = 0; i < a->archive.n_roots; i++)
		free(a->archive.roots[i]);
	free(a->archive.roots);
	free(a->archive.db_path);
	free(a->export_path);
	buf_fini(&a->archive.indexing_status);
	tidy_rules_fini(&a->rules);
	library_fini(&a->lib);
	conf_fini(&a->conf);
	buf_fini(&a->message);
	prompt_history_fini(&a->commands);
	prompt_history_fini(&a->searches);
	free(a);
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
	if (browser_open(url, getenv("BROWSER"), a->conf.browser_wait,
			 app_suspend, app_resume, a, &err))
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

/* Act on the item chosen in the menu or results on top: open a link or
 * a result, jump to a heading or a highlight, filter by a source. */
static void
app_choose(struct app *a)
{
	struct view *menu = app_top(a);
	struct view *reader = a->views[a->n_views - 2];
	size_t value;

	if (menu->kind == VIEW_KIND_RESULTS) {
		app_open_result(a);
		return;
	}
	if (menu->kind == VIEW_KIND_HIGHLIGHTS) {
		app_highlight_choose(a);
		return;
	}
	if (menu->kind == VIEW_KIND_SOURCES) {
		app_choose_source(a);
		return;
	}
	if (menu->kind == VIEW_KIND_REVIEW) {
		app_review_chose(a, menu);
		return;
	}
	value = view_menu_chosen(menu);
	if (menu->kind == VIEW_KIND_LINKS) {
		app_open_url(a, view_reader_doc(reader)->links[value].url);
	} else {
		app_pop(a);
		view_reader_goto(reader, value);
	}
}

/* The reader changed its session's read mark (toggle-read): save it at
 * once and say so. */
static void
app_read_changed(struct app *a, struct view *reader)
{
	app_save_session(a, reader);
	app_message(a, false, view_reader_is_read(reader) ?
		    _("Marked as read") : _("Marked as unread"));
}

/* Act on the reaction r of view v to an action. */
static void
app_react(struct app *a, struct view *v, struct view_reaction r)
{
	if (r.req.kind == VIEW_REQ_READ)
		app_read_changed(a, v);
	else if (r.req.kind != VIEW_REQ_NONE)
		app_highlight_request(a, v, &r.req);
	if (r.flags & VIEW_OPEN)
		app_open_selected(a);
	if (r.flags & VIEW_CHOOSE)
		app_choose(a);
	if (r.flags & VIEW_CLOSE)
		app_pop(a);
	if (r.flags & VIEW_QUIT)
		a->quit = true;
}

/* Perform an action on the top view and act on its reaction. */
static void
app_action(struct app *a, enum action act, int count)
{
	struct view *top = app_top(a);

	app_list_ready_for(a, act, count);	/* G may wait for the rest */
	if (app_modal_action(a, act))
		return;
	switch (act) {
	case ACTION_QUIT: a->quit = true; return;
	case ACTION_REDRAW: term_redraw(); return;	/* the loop repaints */
	case ACTION_SEARCH_NEXT: case ACTION_SEARCH_PREV:
		if (app_is_reader(top) && !view_reader_has_search(top)) {
			app_message(a, false, _("No search yet: press / to search"));
			return;
		}
		break;
	case ACTION_HELP:
		app_push(a, view_help_new(&a->conf.keymap, top->context));
		return;
	case ACTION_NEXT_HIGHLIGHT: case ACTION_PREV_HIGHLIGHT:
		if (app_is_reader(top) &&
		    view_reader_highlights(top)->n == 0) {
			app_message(a, false, _("No highlights in this article"));
			return;
		}
		break;
	case ACTION_LINKS: case ACTION_OUTLINE: case ACTION_OPEN_URL:
		if (top->kind == VIEW_KIND_READER)	/* bound there only */
			app_reader_action(a, act);
		return;
	case ACTION_TOGGLE_READ:
		if (top->kind == VIEW_KIND_LIST) {
			app_toggle_read(a, top);
			return;
		}
		break;
	case ACTION_NEXT_ARTICLE: case ACTION_PREV_ARTICLE:
		app_step_article(a, act == ACTION_NEXT_ARTICLE ? 1 : -1);
		return;
	case ACTION_RESCAN: app_rescan(a); return;
	case ACTION_STATS: case ACTION_REVIEW:
		app_open_panel(a, act == ACTION_REVIEW);
		return;
	case ACTION_SORT: case ACTION_FILTER_UNREAD: case ACTION_FILTER_SOURCE:
		app_list_action(a, act);
		return;
	case ACTION_HIGHLIGHTS:
		if (top->kind == VIEW_KIND_LIST) {
			app_highlights_all(a);
			return;
		}
		break;
	default: break;
	}
	struct view_reaction r = top->ops->handle(top, act, count);
	if ((r.flags & VIEW_UNHANDLED) && (act == ACTION_NEXT_HIGHLIGHT ||
					   act == ACTION_PREV_HIGHLIGHT))
		app_message(a, false, act == ACTION_NEXT_HIGHLIGHT ?
			    _("No highlight after this one") :
			    _("No highlight before this one"));
	app_react(a, top, r);
}

/* Tell the user that the sequence ending in key means nothing here,
 * naming all of it ("c9", not "9"). */
static void
app_unbound(struct app *a, int key)
{
	struct buf name, msg;

	if (key == KEYMAP_KEY_ESC)
		return;
	buf_init(&name);
	buf_init(&msg);
	keymap_seq_name(a->keys.unbound, a->keys.unbound_len, &name);
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

	if (top->overlay)
		return;
	if (key == KEYMAP_KEY_WHEEL_UP || key == KEYMAP_KEY_WHEEL_DOWN) {
		if (top->kind == VIEW_KIND_LIST || top->kind == VIEW_KIND_READER)
			app_action(a, key == KEYMAP_KEY_WHEEL_UP ? ACTION_MOVE_UP :
				   ACTION_MOVE_DOWN, 3);
		return;
	}
	term_mouse_pos(&row, &col);
	if (top->kind == VIEW_KIND_LIST && view_list_click(top, row))
		app_action(a, ACTION_OPEN, 0);
}

static void app_key(struct app *a, int key);

/* An Alt key that nothing binds is what it was typed as: Esc, then the
 * key (so Esc followed quickly by j still cancels and moves). */
static bool
app_meta_fallback(struct app *a, int key)
{
	if (!(key & KEYMAP_KEY_META) ||
	    keymap_starts_with(&a->conf.keymap, app_top(a)->context, key))
		return false;
	app_key(a, KEYMAP_KEY_ESC);
	if (!a->quit)
		app_key(a, key & ~KEYMAP_KEY_META);
	return true;
}

/* Handle one key from the terminal: the view on top takes it itself
 * (a line, the note editor, a question), or it goes through the keymap
 * of the top view's context to an action. */
static void
app_key(struct app *a, int key)
{
	struct view *top = app_top(a);
	enum action act;
	int count;

	if (key == KEYMAP_KEY_NONE || key == KEYMAP_KEY_RESIZE)
		return;
	if (key == KEYMAP_KEY_SIGNAL) {
		a->quit = true;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &a->key_at);
	app_list_want_rest(a);	/* a key may need every row soon */
	if (top->kind != VIEW_KIND_NOTE) {	/* its own Alt keys, Ctrl-J */
		if (key >= KEYMAP_KEY_WHEEL_UP && key <= KEYMAP_KEY_CLICK) {
			app_mouse(a, key);
			return;
		}
		if (app_meta_fallback(a, key))
			return;
		if (key == KEYMAP_KEY_NEWLINE ||
		    key == KEYMAP_META(KEYMAP_KEY_ENTER))
			key = KEYMAP_KEY_ENTER;	/* a line break only in a note */
	}
	buf_clear(&a->message);
	if (top->ops->key != NULL) {
		app_answer(a, top, top->ops->key(top, key));
		return;
	}
	switch (keymap_feed(&a->conf.keymap, top->context, &a->keys,
			    key, &act, &count)) {
	case KEYMAP_MATCHED: app_action(a, act, count); break;
	case KEYMAP_UNBOUND: app_unbound(a, key); break;
	case KEYMAP_PENDING: break;
	}
}

/* Paint the status line of view v: a message, or the view's status. */
static void
app_paint_status(struct app *a, struct view *v, int row, int cols)
{
	struct buf left, right;

	term_fill(row, 0, cols, TERM_STATUS);
	if (a->message.len > 0) {
		enum term_element el = a->message_is_error ? TERM_ERROR : TERM_STATUS;
		term_fill(row, 0, cols, el);
		term_draw(row, 0, cols, a->message.data, a->message.len, el, 0);
		return;
	}
	buf_init(&left);
	buf_init(&right);
	if (v == a->views[0] || app_is_reader(v))
		app_stats_goal(a, &right);	/* "goal 12/30m", when set */
	if (right.len > 0)
		buf_adds(&right, "  ");
	v->ops->status(v, &left, &right);
	if (a->archive.indexing_status.len > 0 && v == a->views[0]) {
		buf_adds(&left, " · ");
		buf_adds(&left, buf_str(&a->archive.indexing_status));
	}
	if (v == a->views[0])
		app_sync_status(a->archive.syncing, &left);
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
	size_t base = a->n_views - 1;	/* the screen the overlays are on */
	while (a->views[base]->overlay)
		base--;
	if (a->views[base]->kind == VIEW_KIND_RESULTS)
		app_feed_results(a, a->views[base], rows - 1);
	a->views[base]->ops->draw(a->views[base], rows - 1, cols);
	app_paint_status(a, a->views[base], rows - 1, cols);
	for (size_t i = base + 1; i < a->n_views; i++)
		a->views[i]->ops->draw(a->views[i], rows, cols);
	term_refresh();
}

/* Save the reader's session when it is due: after APP_IDLE_SAVE_SECONDS
 * without a key (the user is reading, not moving: no place is lost to a
 * kill), and at least every APP_SAVE_SECONDS while keys come. */
static void
app_save_due(struct app *a)
{
	struct view *reader = app_reader(a);

	if (reader != NULL && (app_since(&a->key_at) >= APP_IDLE_SAVE_SECONDS ||
			       view_reader_since_saved(reader) >= APP_SAVE_SECONDS))
		app_save_session(a, reader);
}

/* Write the changes the indexer's lock kept back (without waiting, but
 * on quit); a refusal is shown. Once the reader's highlight changes are
 * written, it shows them. */
static void
app_flush_state(struct app *a, bool wait)
{
	struct view *reader = app_reader(a);
	struct err err;

	err_init(&err);
	if (state_pending(a->state) && !state_flush(a->state, wait, &err))
		app_message(a, true, err_msg(&err));
	err_fini(&err);
	if (reader != NULL && view_reader_highlights_stale(reader))
		app_highlight_reload(a, reader);
}

/* Return how long the loop may wait for a key (-1: for ever): shortly
 * while changes wait to be written, until the idle save while the
 * reader's session has changes, else as indexing and watching need
 * (app_wait_ms). */
static int
app_loop_wait_ms(struct app *a)
{
	struct view *reader = app_reader(a);
	struct store_place pl;
	int ms = app_wait_ms(a);

	if (a->lib_rest != NULL)	/* show the rest once it is read */
		return APP_REST_POLL_MS;
	if (state_pending(a->state) || (reader != NULL &&
					view_reader_highlights_stale(reader)))
		return APP_RETRY_MS;
	if (reader != NULL && view_reader_session(reader, &pl)) {
		double left = APP_IDLE_SAVE_SECONDS - app_since(&a->key_at);
		int idle = left > 0 ? (int)(left * 1000) + 1 : 0;
		if (ms < 0 || idle < ms)
			ms = idle;
	}
	return ms;
}

/* Start indexing, after the first paint, never before, and once the
 * rest of the list is in or a second after that paint: at 100,000
 * articles the indexer's walk and the thread reading the list shared the
 * two cores, and G, which waits for the list, came after 0.9-1.4 s
 * instead of 0.5 s. Return whether it was started. */
static bool
app_start_indexing_after(struct app *a, const struct timespec *painted)
{
	if (a->lib_rest != NULL && app_since(painted) < APP_INDEX_AFTER_SECONDS)
		return false;
	app_start_indexing(a);
	return true;
}

void
app_run(struct app *a)
{
	struct timespec painted;
	bool indexing = false;

	term_set_colors(a->conf.colors);
	term_set_mouse(a->conf.mouse);
	app_paint(a);
	clock_gettime(CLOCK_MONOTONIC, &painted);
	app_list_want_rest(a);	/* read behind the first screen */
	app_poll_list(a);
	while (!a->quit) {
		if (!indexing)
			indexing = app_start_indexing_after(a, &painted);
		/* Rows indexed while the list was hidden, now it shows. Not
		 * in app_pop: J and K pop to it and open the next row by
		 * its number. */
		if (a->n_views == 1 && a->archive.list_stale)
			app_reload_list(a);
		app_paint(a);
		app_key(a, term_read_key(app_loop_wait_ms(a)));
		app_poll_list(a);
		app_poll_indexing(a);
		app_save_due(a);
		app_flush_state(a, false);
	}
	/* On quit, SIGTERM and SIGHUP alike: the session, then everything
	 * kept back, waiting for the lock now. */
	if (app_reader(a) != NULL)
		app_save_session(a, app_reader(a));
	app_stop_indexing(a);
	app_flush_state(a, true);
}
