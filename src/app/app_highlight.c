/* SPDX-License-Identifier: MIT */
/*
 * app_highlight.c: the app's side of highlights. The reader asks (a
 * reaction's request) and the app does what needs the database or the
 * terminal: save, recolour, delete and undo, copy with OSC 52, the note
 * editor, and the lists of highlights. Every change goes through
 * state.h, which never waits for the indexer's write lock; the reader's
 * highlights are loaded again after each change is written, which also
 * anchors them as on opening.
 */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app_impl.h"
#include "document/doc.h"
#include "base/err.h"
#include "data/export.h"
#include "base/i18n.h"
#include "ui/paths.h"
#include "data/state.h"
#include "ui/term.h"
#include "text/fold.h"
#include "text/utf8.h"
#include "ui/view.h"
#include "ui/view_menu.h"
#include "ui/view_note.h"
#include "ui/view_reader.h"
#include "base/xmem.h"

#define APP_HL_QUOTE_WIDTH 48	/* columns of a quote in a list */
#define APP_HL_NOTE_WIDTH 30

/* Return the identity (path) of the article in reader (heap). */
static char *
app_hl_reading_id(struct view *reader)
{
	return xstrdup(view_reader_doc(reader)->path);
}

/* Load the reader's highlights again from the database: now, or, while
 * changes of them are kept back (the indexer holds the write lock), once
 * they are written (app_run). */
void
app_highlight_reload(struct app *a, struct view *reader)
{
	char *id;

	if (state_highlights_pending(a->state, view_reader_article(reader))) {
		view_reader_mark_highlights_stale(reader);
		return;
	}
	id = app_hl_reading_id(reader);
	app_hl_load(a, reader, id);
	free(id);
}

/* Open the note editor on highlight id's note. */
static void
app_note_open(struct app *a, int64_t id, const char *note)
{
	app_push(a, view_note_new(id, note));
}

/* Say that a highlight was saved, in colour color when one was chosen
 * (0: the default one). */
static void
app_hl_saved(struct app *a, int color)
{
	struct buf msg;

	if (color == 0) {
		app_message(a, false, _("Highlight saved"));
		return;
	}
	buf_init(&msg);
	buf_printf(&msg, _("Highlight saved in colour %d"), color);
	app_message(a, false, buf_str(&msg));
	buf_fini(&msg);
}

/* Save the selection the reader asks for. */
static void
app_hl_add(struct app *a, struct view *reader, const struct view_request *r)
{
	struct highlight h = { 0 };
	struct err err;
	int color = r->color > 0 ? r->color : a->conf.highlight_color;

	if (r->start >= r->end) {
		app_message(a, false, _("Select some text first: v starts a selection"));
		return;
	}
	err_init(&err);
	if (highlight_new(view_reader_doc(reader), r->start, r->end, color,
			  NULL, &h, &err) &&
	    state_highlight_add(a->state, view_reader_article(reader), &h,
				&err)) {
		app_update_highlights(a, view_reader_article(reader), 1, true);
		app_highlight_reload(a, reader);
		view_reader_end_selection(reader);
		app_hl_saved(a, r->color);
		if (r->note)
			app_note_open(a, h.id, NULL);
	} else {
		app_hl_error(a, &err);
	}
	highlight_fini(&h);
	err_fini(&err);
}

/* Return the highlight the request is about, or NULL (and say so). */
static const struct highlight *
app_hl_target(struct app *a, struct view *reader, const struct view_request *r)
{
	const struct highlight_set *hs = view_reader_highlights(reader);

	if (r->index < hs->n)
		return &hs->v[r->index];
	app_message(a, false, _("No highlight under the caret"));
	return NULL;
}

/* Copy h's strings into dst, for undo. */
static void
app_hl_copy(struct highlight *dst, const struct highlight *src)
{
	*dst = *src;
	dst->quote = xstrdup(src->quote);
	dst->prefix = xstrdup(src->prefix);
	dst->suffix = xstrdup(src->suffix);
	dst->note = src->note != NULL ? xstrdup(src->note) : NULL;
}

/* Delete h, keeping a copy in the reader for u. */
static void
app_hl_delete(struct app *a, struct view *reader, const struct highlight *h)
{
	struct err err;
	struct highlight copy;

	app_hl_copy(&copy, h);
	err_init(&err);
	if (state_highlight_delete(a->state, view_reader_article(reader),
				   copy.id, &err)) {
		app_update_highlights(a, view_reader_article(reader),
				      (size_t)-1, true);
		view_reader_keep_deleted(reader, &copy);
		app_highlight_reload(a, reader);
		app_message(a, false, _("Highlight deleted: u brings it back"));
	} else {
		highlight_fini(&copy);
		app_hl_error(a, &err);
	}
	err_fini(&err);
}

/* Bring back the highlight the reader deleted last. */
static void
app_hl_undo(struct app *a, struct view *reader)
{
	const struct highlight *h = view_reader_deleted(reader);
	struct err err;

	if (h == NULL) {
		app_message(a, false, _("Nothing to undo"));
		return;
	}
	err_init(&err);
	if (state_highlight_restore(a->state, view_reader_article(reader), h,
				    &err)) {
		app_update_highlights(a, view_reader_article(reader), 1, true);
		view_reader_keep_deleted(reader, NULL);
		app_highlight_reload(a, reader);
		app_message(a, false, _("Highlight restored"));
	} else {
		app_hl_error(a, &err);
	}
	err_fini(&err);
}

/* Give h colour color. */
static void
app_hl_recolor(struct app *a, struct view *reader, const struct highlight *h,
	       int color)
{
	struct err err;

	err_init(&err);
	if (state_highlight_set_color(a->state, view_reader_article(reader),
				      h->id, color, &err)) {
		app_highlight_reload(a, reader);
		app_hl_saved(a, color);
	} else {
		app_hl_error(a, &err);
	}
	err_fini(&err);
}

/* Copy the rendered text of [start, end) to the clipboard. */
static void
app_hl_copy_text(struct app *a, struct view *reader, size_t start, size_t end)
{
	struct buf quote, msg;

	if (!a->conf.osc52) {
		app_message(a, false, _("Copying is off: set osc52 yes to turn it on"));
		return;
	}
	buf_init(&quote);
	buf_init(&msg);
	if (start < end && highlight_quote(view_reader_doc(reader), start, end,
					   &quote, NULL, NULL)) {
		term_copy(quote.data, quote.len);
		size_t n = 0;
		for (size_t i = 0; i < quote.len; i++)
			n += ((unsigned char)quote.data[i] & 0xC0) != 0x80;
		buf_printf(&msg, P_("Copied %zu character", "Copied %zu characters",
				    n), n);
		app_message(a, false, buf_str(&msg));
	} else {
		app_message(a, false, _("No highlight under the caret"));
	}
	buf_fini(&quote);
	buf_fini(&msg);
}

static void app_hl_list_article(struct app *a, struct view *reader,
				const char *filter);

void
app_highlight_request(struct app *a, struct view *reader,
		      const struct view_request *r)
{
	const struct highlight *h;

	switch (r->kind) {
	case VIEW_REQ_HL_ADD: app_hl_add(a, reader, r); return;
	case VIEW_REQ_HL_UNDO: app_hl_undo(a, reader); return;
	case VIEW_REQ_COPY: app_hl_copy_text(a, reader, r->start, r->end); return;
	case VIEW_REQ_HL_LIST: app_hl_list_article(a, reader, NULL); return;
	default: break;
	}
	if ((h = app_hl_target(a, reader, r)) == NULL)
		return;
	if (r->kind == VIEW_REQ_HL_RECOLOR)
		app_hl_recolor(a, reader, h, r->color);
	else if (r->kind == VIEW_REQ_HL_NOTE)
		app_note_open(a, h->id, h->note);
	else
		app_hl_delete(a, reader, h);
}

bool
app_note_save(struct app *a, struct view *v)
{
	const char *text = view_note_text(v);
	bool empty = text[strspn(text, " \n")] == '\0';
	struct view *reader = app_reader(a);
	struct view *below = a->views[a->n_views - 2];
	struct err err;
	bool ok;

	err_init(&err);
	if (below->kind == VIEW_KIND_REVIEW) {	/* a note edited in review */
		ok = app_review_note_save(a, below, empty ? NULL : text, &err);
		app_message(a, !ok, ok ? (empty ? _("Note removed") :
					  _("Note saved")) : err_msg(&err));
		err_fini(&err);
		return ok;
	}
	assert(reader != NULL);	/* the editor is over it */
	ok = state_highlight_set_note(a->state, view_reader_article(reader),
				      view_note_highlight(v),
				      empty ? NULL : text, &err);
	if (ok) {
		app_highlight_reload(a, reader);
		app_message(a, false, empty ? _("Note removed") : _("Note saved"));
	} else {
		app_hl_error(a, &err);
	}
	err_fini(&err);
	return ok;
}

/* Append text to out on one line (line breaks become spaces), cut to
 * max_width columns. Notes may come from an import: sanitise them. */
static void
app_hl_oneline(const char *text, int max_width, struct buf *out)
{
	struct buf flat;

	buf_init(&flat);
	utf8_sanitize(text, strlen(text), &flat);
	for (size_t i = 0; i < flat.len; i++)
		if (flat.data[i] == '\n')
			flat.data[i] = ' ';
	utf8_truncate(flat.data, flat.len, max_width, out);
	buf_fini(&flat);
}

/* Return the menu line for h: quote, note, where (the menu shows its
 * colour). */
static char *
app_hl_item(const struct highlight *h, const char *where)
{
	struct buf line;

	buf_init(&line);
	app_hl_oneline(h->quote, APP_HL_QUOTE_WIDTH, &line);
	if (h->note != NULL && h->note[0] != '\0') {
		buf_adds(&line, "  \xe2\x9c\x8e ");
		app_hl_oneline(h->note, APP_HL_NOTE_WIDTH, &line);
	}
	buf_adds(&line, "  ");
	buf_adds(&line, where);
	return buf_detach(&line);
}

/* Return whether h's quote or note holds the folded query q (case and
 * width folded, as the reader's search does); f is scratch space. */
static bool
app_hl_matches(const struct highlight *h, const char *q, struct fold *f)
{
	fold_text(h->quote, strlen(h->quote), f);
	if (strstr(f->text, q) != NULL)
		return true;
	if (h->note == NULL)
		return false;
	fold_text(h->note, strlen(h->note), f);
	return strstr(f->text, q) != NULL;
}

/* H in the reader: the article's highlights in document order, those
 * whose quote or note holds filter only (NULL or blank: all), as / does
 * in the archive's list. */
static void
app_hl_list_article(struct app *a, struct view *reader, const char *filter)
{
	const struct highlight_set *hs = view_reader_highlights(reader);
	const struct doc *d = view_reader_doc(reader);
	struct view_menu_item *items = xcalloc(hs->n ? hs->n : 1, sizeof *items);
	struct buf where, q, title;
	struct fold f;
	size_t n = 0;

	buf_init(&where);
	buf_init(&q);
	buf_init(&title);
	fold_init(&f);
	if (filter != NULL)
		fold_query(filter, strlen(filter), &q);
	for (size_t i = 0; i < hs->n; i++) {
		if (q.len > 0 && !app_hl_matches(&hs->v[i], buf_str(&q), &f))
			continue;
		buf_clear(&where);
		if (hs->v[i].detached)
			buf_adds(&where, _("(detached)"));
		else
			buf_printf(&where, "%d%%", d->src_len > 0 ?
				   (int)((double)hs->v[i].start * 100 /
					 (double)d->src_len) : 0);
		items[n].text = app_hl_item(&hs->v[i], buf_str(&where));
		items[n].swatch = hs->v[i].color;
		items[n++].value = i;
	}
	if (q.len > 0)
		buf_printf(&title, _("Highlights in this article matching \"%s\""),
			   filter);
	else
		buf_adds(&title, _("Highlights in this article"));
	app_push(a, view_menu_new(VIEW_KIND_HIGHLIGHTS, buf_str(&title), items,
				  n));
	fold_fini(&f);
	buf_fini(&title);
	buf_fini(&q);
	buf_fini(&where);
}

/* The archive's highlights list: what it shows, kept with its menu. */
struct app_hl_list {
	struct highlight_entry *entries;	/* heap */
	size_t n;
	char *filter;		/* heap; NULL: none */
};

/* Free a list kept with its menu. */
static void
app_hl_list_free(void *data)
{
	struct app_hl_list *l = data;

	highlight_entries_free(l->entries, l->n);
	free(l->filter);
	free(l);
}

/* Return the archive's highlights list v shows, or NULL when v is not
 * that list. */
static struct app_hl_list *
app_hl_list_of(const struct view *v)
{
	if (v->kind != VIEW_KIND_HIGHLIGHTS)
		return NULL;
	return view_menu_data(v);
}

bool
app_is_hl_all(const struct view *v)
{
	return app_hl_list_of(v) != NULL;
}

/* Build and push the archive's highlights list l, which the menu keeps. */
static void
app_hl_push_all(struct app *a, struct app_hl_list *l)
{
	struct view_menu_item *items = xcalloc(l->n ? l->n : 1, sizeof *items);
	struct buf title;

	for (size_t i = 0; i < l->n; i++) {
		const struct highlight_entry *e = &l->entries[i];
		items[i].text = app_hl_item(&e->h, e->title != NULL ? e->title :
					    e->path);
		items[i].value = i;
		items[i].swatch = e->h.color;
	}
	buf_init(&title);
	if (l->filter != NULL)
		buf_printf(&title, _("All highlights matching \"%s\""), l->filter);
	else
		buf_adds(&title, _("All highlights, newest first"));
	struct view *menu = view_menu_new(VIEW_KIND_HIGHLIGHTS, buf_str(&title),
					  items, l->n);
	view_menu_set_data(menu, l, app_hl_list_free);
	app_push(a, menu);
	buf_fini(&title);
}

/* Copy s (NULL stays NULL). */
static char *
app_hl_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Return the row of the list showing the article at path, or NULL. */
static const struct library_row *
app_hl_row(const struct app *a, const char *path)
{
	for (size_t i = 0; i < a->lib.n; i++)
		if (strcmp(a->lib.rows[i].path, path) == 0)
			return &a->lib.rows[i];
	return NULL;
}

/* Fill in the title, source and date the database does not know from
 * the list's rows. */
static void
app_hl_fill_articles(struct app *a, struct app_hl_list *l)
{
	for (size_t k = 0; k < l->n; k++) {
		struct highlight_entry *e = &l->entries[k];
		const struct library_row *r;
		if (e->title != NULL || (r = app_hl_row(a, e->path)) == NULL)
			continue;
		e->title = app_hl_dup(r->title);
		if (e->source == NULL)
			e->source = app_hl_dup(r->source);
		if (e->date == NULL)
			e->date = app_hl_dup(r->date);
	}
}

/* Load the archive's highlights matching filter (NULL or blank: all)
 * and push their list; an error is shown. */
static void
app_hl_load_all(struct app *a, const char *filter)
{
	struct app_hl_list *l = xcalloc(1, sizeof *l);
	struct err err;

	if (filter != NULL && filter[strspn(filter, " ")] != '\0')
		l->filter = xstrdup(filter);
	err_init(&err);
	if (highlight_list_all(a->store, l->filter, &l->entries, &l->n, &err)) {
		app_hl_fill_articles(a, l);
		app_hl_push_all(a, l);
	} else {
		app_hl_error(a, &err);
		app_hl_list_free(l);
	}
	err_fini(&err);
}

void
app_highlights_all(struct app *a)
{
	app_hl_load_all(a, NULL);
}

void
app_highlight_filter(struct app *a, const char *text)
{
	bool all = app_is_hl_all(app_top(a));

	assert(app_top(a)->kind == VIEW_KIND_HIGHLIGHTS);
	app_pop(a);	/* the list, shown again filtered */
	if (all)
		app_hl_load_all(a, text);
	else	/* the reader's list, over its reader */
		app_hl_list_article(a, app_top(a), text);
}

/* Open the article at path, from the archive's highlights list. */
static void
app_hl_open_path(struct app *a, const char *path)
{
	const struct library_row *r = app_hl_row(a, path);

	/* Not in the list as filtered: by its path. */
	app_open_article(a, r != NULL ? r->id : 0, path, true);
}

void
app_highlight_choose(struct app *a)
{
	struct view *menu = app_top(a);
	size_t value = view_menu_chosen(menu);

	const struct app_hl_list *l = app_hl_list_of(menu);

	if (l == NULL) {	/* the reader's list, over the reader */
		struct view *reader = a->views[a->n_views - 2];
		const struct highlight *h = &view_reader_highlights(reader)->v[value];
		size_t start = h->start;
		if (h->detached) {	/* nowhere to go: say what it was */
			struct buf msg;
			buf_init(&msg);
			buf_printf(&msg, _("Detached: its text is no longer in the article. It read: %s"),
				   h->quote);
			for (size_t i = 0; i < msg.len; i++)
				if (msg.data[i] == '\n')
					msg.data[i] = ' ';
			app_message(a, false, buf_str(&msg));
			buf_fini(&msg);
			return;
		}
		app_pop(a);
		view_reader_show_off(reader, start);
		return;
	}
	const struct highlight_entry *e = &l->entries[value];
	size_t start = e->h.start;
	app_hl_open_path(a, e->path);
	if (app_is_reader(app_top(a)))	/* it opened */
		view_reader_show_off(app_top(a), start);
}

/* Write out[0..len) to the file at path; false with err set when that
 * failed. */
static bool
app_hl_write_file(const char *path, const struct buf *out, struct err *err)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return err_set(err, _("cannot write %s: %s"), path, strerror(errno));
	bool ok = fwrite(out->data, 1, out->len, f) == out->len;
	ok = fclose(f) == 0 && ok;
	if (!ok)
		return err_set(err, _("cannot write %s: %s"), path, strerror(errno));
	return true;
}

void
app_highlight_export_name(struct buf *out)
{
	struct buf file;
	char day[16];
	time_t now = time(NULL);

	buf_init(&file);
	paths_expand_home(APP_EXPORT_DEFAULT, &file);
	buf_clear(out);
	if (access(buf_str(&file), F_OK) != 0) {
		buf_adds(out, APP_EXPORT_DEFAULT);
	} else {
		strftime(day, sizeof day, "%Y-%m-%d", localtime(&now));
		buf_printf(out, "~/tsundoku-highlights-%s.md", day);
	}
	buf_fini(&file);
}

void
app_highlight_export(struct app *a, const char *path, bool overwrite)
{
	const struct app_hl_list *l = app_hl_list_of(app_top(a));
	struct buf file, out, msg;
	struct err err;

	assert(l != NULL);
	if (path[strspn(path, " ")] == '\0')
		return;
	buf_init(&file);
	buf_init(&out);
	buf_init(&msg);
	err_init(&err);
	paths_expand_home(path, &file);
	if (!overwrite && access(buf_str(&file), F_OK) == 0) {
		free(a->export_path);
		a->export_path = xstrdup(path);
		/* TRANSLATORS: a yes/no question; y and n are the keys. */
		buf_printf(&msg, _("%s exists: replace it? (y/n)"), path);
		app_ask(a, APP_ASK_OVERWRITE, buf_str(&msg));
		buf_clear(&msg);
	} else {
		export_write(EXPORT_MARKDOWN, l->entries, l->n, &out);
		if (app_hl_write_file(buf_str(&file), &out, &err)) {
			buf_printf(&msg, P_("Exported %zu highlight to %s",
					    "Exported %zu highlights to %s",
					    l->n), l->n, buf_str(&file));
			app_message(a, false, buf_str(&msg));
		} else {
			app_hl_error(a, &err);
		}
	}
	err_fini(&err);
	buf_fini(&msg);
	buf_fini(&out);
	buf_fini(&file);
}
