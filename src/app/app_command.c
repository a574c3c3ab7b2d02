/* SPDX-License-Identifier: MIT */
/*
 * app_command.c: what the app does with the views that take keys
 * themselves: a line typed after ':' (a command), '/' (a search) or e (a
 * file to export to), a yes/no question answered, a note written; and
 * the actions that open them.
 */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_impl.h"
#include "base/buf.h"
#include "ui/conf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "ui/term.h"
#include "ui/view.h"
#include "ui/view_help.h"
#include "ui/view_note.h"
#include "ui/view_prompt.h"
#include "ui/view_question.h"
#include "ui/view_reader.h"
#include "ui/view_review.h"
#include "data/review.h"
#include "base/xmem.h"

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
	if (strncmp(line, "help", 4) == 0 &&
	    (line[4] == '\0' || line[4] == ' ')) {	/* :help [CONTEXT] */
		const char *arg = line + 4 + strspn(line + 4, " ");
		enum keymap_context ctx = *arg == '\0' ? app_top(a)->context :
					  keymap_context_by_name(arg);
		if (ctx == KEYMAP_N_CONTEXTS)
			app_message(a, true, _("No such context; try :help list, reader, caret, links, outline, sources, highlights or results"));
		else
			app_push(a, view_help_new(&a->conf.keymap, ctx));
		return;
	}
	if (strcmp(line, "stats") == 0 || strcmp(line, "review") == 0) {
		app_open_panel(a, line[0] == 'r');
		return;
	}
	struct buf shown;
	buf_init(&shown);
	if (conf_show(&a->conf, line, &shown)) {	/* :set NAME */
		app_message(a, false, buf_str(&shown));
		buf_fini(&shown);
		return;
	}
	buf_fini(&shown);
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

/* Open a line on the status line for what. */
static void
app_prompt_open(struct app *a, enum view_prompt_purpose what)
{
	struct prompt_history *h = what == VIEW_PROMPT_COMMAND ? &a->commands
		: what == VIEW_PROMPT_SEARCH || what == VIEW_PROMPT_ARCHIVE ?
		&a->searches : NULL;
	struct buf name;

	buf_init(&name);
	if (what == VIEW_PROMPT_EXPORT)
		app_highlight_export_name(&name);
	app_push(a, view_prompt_new(what, h, &a->conf.keymap,
				    name.len > 0 ? buf_str(&name) : NULL));
	buf_fini(&name);
}

/* Act on the answer to question tag. */
static void
app_answered(struct app *a, enum app_question tag, bool yes)
{
	switch (tag) {
	case APP_ASK_QUIT:
		a->quit = yes;
		break;
	case APP_ASK_MARK_ALL:
		if (yes)
			app_mark_all_read(a);
		else
			app_message(a, false, _("Nothing was marked"));
		break;
	case APP_ASK_OVERWRITE:
		if (yes)
			app_highlight_export(a, a->export_path, true);
		else
			app_message(a, false, _("Nothing was exported"));
		free(a->export_path);
		a->export_path = NULL;
		break;
	}
}

/* Run the line typed for what. */
static void
app_line(struct app *a, enum view_prompt_purpose what, const char *line)
{
	switch (what) {
	case VIEW_PROMPT_COMMAND: app_command(a, line); break;
	case VIEW_PROMPT_EXPORT: app_highlight_export(a, line, false); break;
	case VIEW_PROMPT_SEARCH: case VIEW_PROMPT_ARCHIVE:
		if (app_top(a)->kind == VIEW_KIND_HIGHLIGHTS)
			app_highlight_filter(a, line);
		else
			app_search(a, line);
		break;
	}
}

/* Open the statistics (or, with review, the daily review) over the
 * view on top. */
void
app_open_panel(struct app *a, bool review)
{
	struct err err;
	struct view *v;

	err_init(&err);
	v = review ? app_review_view(a, &err) : app_stats_view(a, &err);
	if (v != NULL)
		app_push(a, v);
	else
		app_message(a, true, err_msg(&err));
	err_fini(&err);
}

/* Act on a choice made in the review: an answer is written, e opens the
 * note editor over it, o the article at the highlight's place. */
void
app_review_chose(struct app *a, struct view *v)
{
	enum view_review_choice c;
	struct review_item *it = view_review_take(v, &c);
	struct err err;

	err_init(&err);
	if (c == VIEW_REVIEW_NOTE) {
		app_push(a, app_review_note_editor(v));
	} else if (c == VIEW_REVIEW_OPEN) {
		size_t off = it->start;
		app_open_article(a, it->article_id, it->path, false);
		if (app_is_reader(app_top(a)) && !it->detached)
			view_reader_goto(app_top(a), off);
	} else if (!app_review_answer(a, it, c, &err)) {
		app_message(a, true, err_msg(&err));
	}
	err_fini(&err);
}

/* Act on what a view that takes keys itself answered: a line typed, a
 * question answered, a note written; each leaves the stack before what
 * it asked for runs, so that runs on the view below. */
void
app_answer(struct app *a, struct view *v, struct view_reaction r)
{
	char *line;

	switch (v->kind) {
	case VIEW_KIND_PROMPT: {
		enum view_prompt_purpose what = view_prompt_purpose(v);
		line = xstrdup(view_prompt_line(v));
		if (r.flags & VIEW_CLOSE)
			app_pop(a);
		if (r.flags & VIEW_CHOOSE)
			app_line(a, what, line);
		free(line);
		break;
	}
	case VIEW_KIND_QUESTION: {
		enum app_question tag = (enum app_question)view_question_tag(v);
		app_pop(a);
		app_answered(a, tag, r.flags & VIEW_CHOOSE);
		break;
	}
	case VIEW_KIND_NOTE:
		if ((r.flags & VIEW_CHOOSE) && app_note_save(a, v))
			app_pop(a);	/* else it stays open: nothing lost */
		if (r.flags & VIEW_CLOSE) {
			if (view_note_changed(v))
				app_message(a, false, _("Note not saved"));
			app_pop(a);
		}
		break;
	default:
		assert(!"a view that takes keys is a prompt, question or note");
	}
}

/* Perform the actions that open a line or a question; return false for
 * any other. */
bool
app_modal_action(struct app *a, enum action act)
{
	struct buf q;

	switch (act) {
	case ACTION_COMMAND: app_prompt_open(a, VIEW_PROMPT_COMMAND); break;
	case ACTION_SEARCH:	/* the list's / searches every article */
		app_prompt_open(a, app_top(a)->kind == VIEW_KIND_LIST ||
				app_top(a)->kind == VIEW_KIND_RESULTS ?
				VIEW_PROMPT_ARCHIVE : VIEW_PROMPT_SEARCH);
		break;
	case ACTION_ASK_QUIT: app_ask(a, APP_ASK_QUIT, _("Quit tsundoku? (y/n)")); break;
	case ACTION_EXPORT:
		if (app_is_hl_all(app_top(a)))
			app_prompt_open(a, VIEW_PROMPT_EXPORT);
		else
			app_message(a, true, _("Export from the list of all highlights: H in the article list"));
		break;
	case ACTION_MARK_ALL_READ:
		if (a->lib.n == 0)
			break;
		buf_init(&q);
		buf_printf(&q, P_("Mark %'zu article as read? (y/n)",
				  "Mark all %'zu articles shown as read? (y/n)",
				  a->lib.n), a->lib.n);
		app_ask(a, APP_ASK_MARK_ALL, buf_str(&q));
		buf_fini(&q);
		break;
	default:
		return false;
	}
	return true;
}

