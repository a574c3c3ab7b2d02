/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "app.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive.h"
#include "browser.h"
#include "buf.h"
#include "conf.h"
#include "doc.h"
#include "err.h"
#include "i18n.h"
#include "keymap.h"
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
#include "view_reader.h"
#include "xmem.h"
#include "app_impl.h"

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

/* Add the configured roots, or the bundled samples when there are none. */
static void
app_add_default_paths(struct app *a, const char *exe_path)
{
	struct err err;

	err_init(&err);
	for (size_t i = 0; i < a->conf.n_archives; i++)
		if (!archive_add_path(&a->archive, a->conf.archives[i], &err))
			app_message(a, true, err_msg(&err));
	if (a->conf.n_archives == 0) {
		struct buf dir;
		buf_init(&dir);
		paths_data_dir(exe_path, &dir);
		buf_adds(&dir, "/samples");
		if (!archive_add_path(&a->archive, buf_str(&dir), &err))
			app_message(a, true, err_msg(&err));
		buf_fini(&dir);
	}
	err_fini(&err);
}

/* Fill the reading states from the database. */
static bool
app_load_places(struct app *a, struct err *err)
{
	a->places = xcalloc(a->archive.n ? a->archive.n : 1, sizeof *a->places);
	for (size_t i = 0; i < a->archive.n; i++) {
		char *id = app_identity(a->archive.entries[i].path);
		bool ok = store_get_place(a->store, id, &a->places[i], err);
		free(id);
		if (!ok)
			return false;
	}
	return true;
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
	buf_fini(&path);
	return ok;
}

/* Read the config file (--config, else the XDG default) and turn its
 * errors into the first message. */
static void
app_load_conf(struct app *a, const char *config_path)
{
	struct buf path;

	buf_init(&path);
	if (config_path != NULL)
		buf_adds(&path, config_path);
	else
		paths_config_file(&path);
	conf_load(&a->conf, buf_str(&path));
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

/* Scan the paths to show: the command line's, else the defaults. */
static bool
app_load_archive(struct app *a, const struct app_options *opt,
		 struct err *err)
{
	for (int i = 0; i < opt->n_paths; i++)
		if (!archive_add_path(&a->archive, opt->paths[i], err))
			return false;
	if (opt->n_paths == 0)
		app_add_default_paths(a, opt->exe_path);
	if (a->archive.n_warnings > 0 && a->message.len == 0)
		app_message(a, true, a->archive.warnings[0]);
	archive_sort(&a->archive);
	return true;
}

bool
app_open(struct app **out, const struct app_options *opt, struct err *err)
{
	struct app *a = xcalloc(1, sizeof *a);

	conf_init(&a->conf);
	keymap_init(&a->keymap);
	archive_init(&a->archive);
	buf_init(&a->message);
	prompt_init(&a->prompt);
	tidy_rules_init(&a->rules);
	app_load_conf(a, opt->config_path);
	app_load_rules(a, opt->exe_path);
	if (!app_load_archive(a, opt, err) || !app_open_store(a, opt->db_path, err) ||
	    !app_load_places(a, err)) {
		app_close(a);
		return false;
	}
	a->views[a->n_views++] = view_list_new(&a->archive, a->places);
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
	app_highlight_fini(a);
	store_close(a->store);
	tidy_rules_fini(&a->rules);
	free(a->places);
	archive_fini(&a->archive);
	keymap_fini(&a->keymap);
	conf_fini(&a->conf);
	buf_fini(&a->message);
	prompt_fini(&a->prompt);
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
	pl = &a->places[a->reading];
	bool was_read = pl->read;
	view_reader_place(reader, &pl->position, &pl->percent, &pl->read);
	pl->read = pl->read || was_read;	/* read stays read */
	pl->opened = true;
	err_init(&err);
	char *id = app_identity(a->archive.entries[a->reading].path);
	if (!store_save_place(a->store, id, pl, &err))
		app_message(a, true, err_msg(&err));
	free(id);
	err_fini(&err);
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

/* Open the article selected in the list. */
static void
app_open_selected(struct app *a)
{
	app_open_entry(a, view_list_selected(a->views[0]));
}

void
app_open_entry(struct app *a, size_t i)
{
	const char *path = a->archive.entries[i].path;
	struct doc *d;
	struct err err;

	err_init(&err);
	if (!doc_load_lazy(path, &d, &err)) {
		app_message(a, true, err_msg(&err));
		err_fini(&err);
		return;
	}
	tidy_doc(d, &a->rules);
	char *id = app_identity(path);
	if (store_mark_opened(a->store, id, &err))
		a->places[i].opened = true;
	else
		app_message(a, true, err_msg(&err));
	if (d->n_warnings > 0 && a->message.len == 0)
		app_message(a, false, d->warnings[0]);
	err_fini(&err);
	struct view *reader = view_reader_new(d, &a->conf);
	const char *debug = getenv("TSUNDOKU_DEBUG_LAYOUT");
	view_reader_set_debug(reader, debug != NULL && *debug != '\0' &&
			      strcmp(debug, "0") != 0);
	if (a->places[i].position > 0)
		view_reader_goto(reader, a->places[i].position);
	app_highlight_open(a, reader, id);
	free(id);
	a->reading = i;
	a->saved_at = time(NULL);
	app_push(a, reader);
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

/* Act on the item chosen in the menu on top: open a link, or jump to a
 * heading in the reader below. */
static void
app_choose(struct app *a)
{
	struct view *menu = app_top(a);
	struct view *reader = a->views[a->n_views - 2];

	if (menu->context == KEYMAP_HIGHLIGHTS) {
		app_highlight_choose(a);
		return;
	}
	size_t value = view_menu_chosen(menu);

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
	if (app_top(a)->context != KEYMAP_READER)
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
		app_push(a, view_help_new(&a->keymap, app_top(a)->context));
		return;
	}
	if (app_goto_percent(a, line))
		return;
	err_init(&err);
	if (!conf_exec(&a->conf, line, &err))
		app_message(a, true, err_msg(&err));
	err_fini(&err);
}

/* Perform an action on the top view and act on its reaction. */
static void
app_action(struct app *a, enum action act, int count)
{
	struct view *top = app_top(a);
	unsigned r;

	switch (act) {
	case ACTION_QUIT: a->quit = true; return;
	case ACTION_COMMAND: a->prompting = ':'; return;
	case ACTION_SEARCH:
		if (app_is_reader(top) || top == a->hl_all)
			a->prompting = '/';
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
		}
		return;
	case ACTION_SEARCH_NEXT: case ACTION_SEARCH_PREV:
		if (app_is_reader(top) && !view_reader_has_search(top)) {
			app_message(a, false, _("No search yet: press / to search"));
			return;
		}
		break;
	case ACTION_HELP:
		app_push(a, view_help_new(&a->keymap, top->context));
		return;
	case ACTION_LINKS: case ACTION_OUTLINE: case ACTION_OPEN_URL:
		if (top->context == KEYMAP_READER)
			app_reader_action(a, act);
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

/* Search the article in the reader on top for the typed text. */
static void
app_search(struct app *a, const char *query)
{
	struct buf msg;

	if (query[strspn(query, " ")] == '\0' ||
	    view_reader_search(app_top(a), query) > 0)
		return;
	buf_init(&msg);
	buf_printf(&msg, _("Not found: %s"), query);
	app_message(a, true, buf_str(&msg));
	buf_fini(&msg);
}

/* Feed a key to the open ':' or '/' line. */
static void
app_prompt_key(struct app *a, int key)
{
	enum prompt_result r = prompt_key(&a->prompt, key);
	int kind = a->prompting;

	if (r == PROMPT_EDITING)
		return;
	a->prompting = 0;
	if (r == PROMPT_DONE && kind == ':')
		app_command(a, buf_str(&a->prompt.text));
	else if (r == PROMPT_DONE && kind == 'e')
		app_highlight_export(a, buf_str(&a->prompt.text));
	else if (r == PROMPT_DONE && kind == '/' && app_top(a) == a->hl_all)
		app_highlight_filter(a, buf_str(&a->prompt.text));
	else if (r == PROMPT_DONE && kind == '/')
		app_search(a, buf_str(&a->prompt.text));
	prompt_fini(&a->prompt);
	prompt_init(&a->prompt);
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
	if (a->noting) {
		app_note_key(a, key);
		return;
	}
	if (key == KEYMAP_KEY_NEWLINE || key == KEYMAP_KEY_ALT_ENTER)
		key = KEYMAP_KEY_ENTER;	/* a line break only in a note */
	if (a->prompting) {
		app_prompt_key(a, key);
		return;
	}
	buf_clear(&a->message);
	switch (keymap_feed(&a->keymap, app_top(a)->context, &a->keys,
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
	if (a->message.len > 0) {
		enum term_element el = a->message_is_error ? TERM_ERROR : TERM_STATUS;
		term_fill(row, 0, cols, el);
		term_draw(row, 0, cols, a->message.data, a->message.len, el, 0);
		return;
	}
	buf_init(&left);
	buf_init(&right);
	app_top(a)->ops->status(app_top(a), &left, &right);
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

/* Repaint the whole screen. */
static void
app_paint(struct app *a)
{
	int rows, cols;

	term_size(&rows, &cols);
	term_erase();
	if (rows < APP_MIN_ROWS || cols < APP_MIN_COLS) {
		const char *msg = _("Terminal too small");
		term_cursor(-1, 0);
		term_draw(0, 0, cols, msg, strlen(msg), TERM_ERROR, 0);
		term_refresh();
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
	while (!a->quit) {
		app_paint(a);
		app_key(a, term_read_key(-1));
		if (app_reader(a) != NULL &&
		    time(NULL) - a->saved_at >= APP_SAVE_SECONDS)
			app_save_place(a);	/* a crash loses little */
	}
	app_save_place(a);	/* on quit, SIGTERM and SIGHUP alike */
}
