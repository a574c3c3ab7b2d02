/* SPDX-License-Identifier: MIT */
/*
 * app_open.c: opening an article in the reader: its row, its place, its
 * file (through quarantine_load), the site's learned chrome, the tidy
 * pass and its highlights. The list, the results and the highlight lists
 * open articles through it; it calls only app_views.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_impl.h"
#include "base/err.h"
#include "data/quarantine.h"
#include "data/state.h"
#include "document/chrome.h"
#include "document/doc.h"
#include "ui/view_list.h"
#include "ui/view_reader.h"

/* Give d its site's learned chrome (chrome.h) from the database, and
 * the rules the fold-* settings in force allow; a failure to read it
 * only means nothing learned is folded. */
static void
app_learned_chrome(struct app *a, struct doc *d)
{
	uint64_t *hashes = NULL;
	size_t n = 0;
	struct buf site;
	struct err err;

	a->rules.fold = a->conf.fold;
	if (!(a->conf.fold & TIDY_FOLD_LEARNED))
		return;
	buf_init(&site);
	err_init(&err);
	chrome_key(d, &site);
	if (site.len > 0 &&
	    store_chrome_learned(a->store, buf_str(&site), &hashes, &n, &err))
		doc_set_chrome(d, hashes, n);
	free(hashes);
	err_fini(&err);
	buf_fini(&site);
}

/* Store in *id the row id of the article at path, making its row when
 * there is none (a file given on the command line, not indexed yet). */
static bool
app_article_id(struct app *a, const char *path, int64_t *id,
	       struct err *err)
{
	if (!store_batch_find(a->store, path, id, err))
		return false;
	if (*id == 0 && (!store_mark_opened(a->store, path, err) ||
			 !store_batch_find(a->store, path, id, err)))
		return false;
	return true;
}

/* Open the article at path (row id id; 0: look it up) in the reader,
 * where it was left when at_place, else at its start, and record it as
 * opened. */
void
app_open_article(struct app *a, int64_t id, const char *path, bool at_place)
{
	struct store_place pl;
	struct doc *d;
	struct err err;

	err_init(&err);
	if ((id == 0 && !app_article_id(a, path, &id, &err)) ||
	    !state_get(a->state, id, &pl, &err) ||
	    !quarantine_load(a->store, a->archive.inflight, path, NULL, &d, &err)) {
		app_message(a, true, err_msg(&err));
		err_fini(&err);
		return;
	}
	if (!d->plain) {
		app_learned_chrome(a, d);
		tidy_doc(d, &a->rules);
	}
	if (!at_place)
		pl.position = 0;
	if (state_opened(a->state, id, &err)) {
		pl.opened = true;
		app_update_row(a, id, &pl);
	} else {
		app_message(a, true, err_msg(&err));
	}
	if (d->n_warnings > 0 && a->message.len == 0)
		app_message(a, false, d->warnings[0]);
	err_fini(&err);
	struct view *reader = view_reader_new(d, &a->conf, id, &pl);
	const char *debug = getenv("TSUNDOKU_DEBUG_LAYOUT");
	view_reader_set_debug(reader, debug != NULL && *debug != '\0' &&
			      strcmp(debug, "0") != 0);
	app_highlight_open(a, reader, path);
	app_reader_speed(a, reader);
	app_push(a, reader);
}

/* Open the article selected in the list. */
void
app_open_selected(struct app *a)
{
	const struct library_row *r = &a->lib.rows[view_list_selected(a->views[0])];

	app_open_article(a, r->id, r->path, true);
}


/* Show err's message, and forget it. */
void
app_hl_error(struct app *a, struct err *err)
{
	app_message(a, true, err_msg(err));
}

/* What app_highlight_open looks for in the counts. */
struct app_hl_count {
	const char *id;
	size_t n;
};

static void
app_hl_count_cb(const char *path, size_t n, void *ctx)
{
	struct app_hl_count *c = ctx;

	if (strcmp(path, c->id) == 0)
		c->n = n;
}

/* Load the highlights of article id (its path) into reader, which
 * parses the whole document to place them. */
void
app_hl_load(struct app *a, struct view *reader, const char *id)
{
	struct highlight_set hs = { 0 };
	struct err err;

	err_init(&err);
	view_reader_parse_all(reader);
	if (highlight_load(a->store, id, view_reader_doc(reader), &hs, &err)) {
		app_update_highlights(a, view_reader_article(reader), hs.n,
				      false);
		view_reader_set_highlights(reader, &hs);
	} else
		app_hl_error(a, &err);
	highlight_set_fini(&hs);
	err_fini(&err);
}

void
app_highlight_open(struct app *a, struct view *reader, const char *id)
{
	struct app_hl_count c = { .id = id };
	struct err err;

	err_init(&err);
	if (!highlight_counts(a->store, app_hl_count_cb, &c, &err))
		app_hl_error(a, &err);
	err_fini(&err);
	if (c.n > 0)	/* without any, a long article stays lazy */
		app_hl_load(a, reader, id);
}
