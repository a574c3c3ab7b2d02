/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view_results.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "data/store.h"
#include "ui/term.h"
#include "text/utf8.h"
#include "ui/view.h"
#include "base/xmem.h"

/* Results fetched at first; each page past the end fetches more. */
#define VIEW_RESULTS_FIRST 200
/* Marks around matches in snippets: article text never holds C0
 * controls, so these cannot be confused with it. */
#define VIEW_RESULTS_OPEN "\x01"
#define VIEW_RESULTS_CLOSE "\x02"

struct view_results_hit {
	int64_t id;
	const char *path, *title, *source, *date;	/* in the arena */
	const char *snippet;	/* NULL until made for the screen */
};

struct view_results {
	struct view base;
	char *query;
	bool by_rank;		/* relevance order, else newest first */
	struct view_results_hit *hits;
	size_t n, limit;	/* limit: how many were asked for */
	struct arena strings;
	size_t cur, top;
	bool stale;		/* the hits must be fetched (again): for the
				   first time, or after the order or the
				   limit changed */
	int indexing_percent;	/* of the indexing under way, whose
				   articles may add hits; -1: none */
};

/* Return v as the view it is (asserted). */
static struct view_results *
view_results_of(struct view *v)
{
	assert(v->kind == VIEW_KIND_RESULTS);
	return (struct view_results *)v;
}

static const struct view_results *
view_results_cof(const struct view *v)
{
	assert(v->kind == VIEW_KIND_RESULTS);
	return (const struct view_results *)v;
}

/* Return an arena copy of s, or "" for NULL. */
static const char *
view_results_dup(struct arena *a, const char *s)
{
	return arena_strndup(a, s ? s : "", s ? strlen(s) : 0);
}

/* Keep one hit. */
static bool
view_results_add(const struct store_hit *h, struct view_results *vr)
{
	struct view_results_hit *r;

	vr->hits = xreallocarray(vr->hits, vr->n + 1, sizeof *vr->hits);
	r = &vr->hits[vr->n++];
	r->id = h->id;
	r->path = view_results_dup(&vr->strings, h->path);
	r->title = view_results_dup(&vr->strings, h->title);
	r->source = view_results_dup(&vr->strings, h->source);
	r->date = view_results_dup(&vr->strings, h->date ? h->date
				   : h->fetch_date);
	r->snippet = NULL;
	return true;
}

/* Ask for the hits again: the app fetches them before the next paint. */
static void
view_results_refetch(struct view_results *vr)
{
	vr->stale = true;
}

/* Results shown at once: two rows each below the title row. */
static size_t
view_results_visible(int rows)
{
	return rows > 2 ? (size_t)(rows - 1) / 2 : 1;
}

/* Draw a snippet on row at x, its matches marked, line breaks as
 * spaces. */
static void
view_results_draw_snippet(const char *s, int row, int x, int cols,
			  enum term_element base)
{
	bool hit = false;

	while (*s != '\0' && x < cols) {
		size_t n = strcspn(s, VIEW_RESULTS_OPEN VIEW_RESULTS_CLOSE "\n");
		x += term_draw(row, x, cols - x, s, n,
			       hit ? TERM_SEARCH_HIT : base, 0);
		s += n;
		if (*s == '\n' && x < cols)
			x += term_draw(row, x, cols - x, " ", 1, base, 0);
		else if (*s != '\0')
			hit = *s == VIEW_RESULTS_OPEN[0];
		if (*s != '\0')
			s++;
	}
}

/* Draw result i on rows row and row + 1. */
static void
view_results_row(const struct view_results *vr, size_t i, int row, int cols)
{
	const struct view_results_hit *h = &vr->hits[i];
	enum term_element el = i == vr->cur ? TERM_CURSOR_LINE : TERM_NORMAL;
	size_t dlen = strlen(h->date) > 10 ? 10 : strlen(h->date);
	int x = 1;
	struct buf line;

	buf_init(&line);
	buf_add(&line, h->date, dlen);
	if (dlen > 0)
		buf_adds(&line, "  ");
	if (h->source[0] != '\0')
		buf_printf(&line, "%s  ", h->source);
	buf_adds(&line, h->title);
	term_fill(row, 0, cols, el);
	x += term_draw(row, x, cols - x, line.data, line.len, el,
		       TERM_BOLD);
	term_fill(row + 1, 0, cols, el);
	view_results_draw_snippet(h->snippet ? h->snippet : "", row + 1, 3,
				  cols, el == TERM_NORMAL ? TERM_DIM : el);
	buf_fini(&line);
}

/* Keep the selected result within the visible ones. */
static void
view_results_scroll(struct view_results *vr, size_t visible)
{
	if (vr->cur < vr->top)
		vr->top = vr->cur;
	if (vr->cur >= vr->top + visible)
		vr->top = vr->cur - visible + 1;
}

/* Paint the title row and the results that fit. */
static void
view_results_draw(struct view *v, int rows, int cols)
{
	struct view_results *vr = view_results_of(v);
	size_t visible = view_results_visible(rows);
	struct buf title;

	v->rows = rows;
	v->cols = cols;
	buf_init(&title);
	buf_printf(&title, _("Search: %s"), vr->query);
	term_draw(0, 1, cols - 1, title.data, title.len, TERM_HEADING, 0);
	buf_fini(&title);
	if (vr->n == 0) {
		const char *msg = _("No article matches.");
		term_draw(2, 2, cols - 2, msg, strlen(msg), TERM_NORMAL, 0);
		return;
	}
	view_results_scroll(vr, visible);
	for (size_t k = 0; k < visible && vr->top + k < vr->n; k++)
		view_results_row(vr, vr->top + k, 1 + 2 * (int)k, cols);
}

/* Fetch more results when the cursor nears the end of those fetched and
 * the last fetch was cut at its limit. */
static void
view_results_more(struct view_results *vr, size_t page)
{
	if (vr->n < vr->limit || vr->cur + page < vr->n)
		return;
	vr->limit *= 4;
	view_results_refetch(vr);
}

/* Move, choose, reorder, or close. */
static unsigned
view_results_act(struct view *v, enum action a, int count)
{
	struct view_results *vr = view_results_of(v);
	size_t page = view_results_visible(v->rows);
	long cur = (long)vr->cur;

	if (a == ACTION_BACK)
		return VIEW_CLOSE;
	if (a == ACTION_TOGGLE_RANK) {
		vr->by_rank = !vr->by_rank;
		vr->cur = vr->top = 0;
		view_results_refetch(vr);
		return VIEW_REDRAW;
	}
	if (vr->n == 0)
		return VIEW_UNHANDLED;
	if (a == ACTION_OPEN)
		return VIEW_CHOOSE | VIEW_REDRAW;
	if (a == ACTION_LAST && vr->n == vr->limit) {
		/* The true end, not the end of what was fetched: the app
		 * fetches every hit before the next paint, and the cursor
		 * goes to the last of them then. */
		vr->limit = SIZE_MAX;
		view_results_refetch(vr);
		vr->cur = SIZE_MAX;
		return VIEW_REDRAW;
	}
	if (!view_motion(a, count, (long)page, (long)vr->n - 1, &cur))
		return VIEW_UNHANDLED;
	vr->cur = (size_t)cur;
	view_results_more(vr, page);
	return VIEW_REDRAW;
}

/* Status: how many results, and their order. */
static void
view_results_status(struct view *v, struct buf *left, struct buf *right)
{
	struct view_results *vr = view_results_of(v);

	if (vr->indexing_percent >= 0) {
		/* TRANSLATORS: while articles are still being indexed the
		   count may grow: "200+ results so far, indexing 45%". */
		if (vr->n == vr->limit)
			buf_printf(left, P_("%'zu+ result so far", "%'zu+ results so far",
					    vr->n), vr->n);
		else
			buf_printf(left, P_("%'zu result so far", "%'zu results so far",
					    vr->n), vr->n);
		buf_printf(left, _(", indexing %d%%"), vr->indexing_percent);
	} else if (vr->n == vr->limit)
		buf_printf(left, P_("%'zu+ result", "%'zu+ results", vr->n),
			   vr->n);
	else
		buf_printf(left, P_("%'zu result", "%'zu results", vr->n),
			   vr->n);
	buf_printf(left, " · %s", vr->by_rank ? _("best match first")
		   : _("newest first"));
	if (vr->n > 0)
		buf_printf(right, "%zu/%zu", vr->cur + 1, vr->n);
}

static void
view_results_free(struct view *v)
{
	struct view_results *vr = view_results_of(v);

	free(vr->hits);
	arena_fini(&vr->strings);
	free(vr->query);
	free(vr);
}

/* Perform action a: the flags of view_results_act. */
static struct view_reaction
view_results_handle(struct view *v, enum action a, int count)
{
	return view_react(view_results_act(v, a, count));
}

static const struct view_ops view_results_ops = {
	.draw = view_results_draw,
	.handle = view_results_handle,
	.status = view_results_status,
	.free = view_results_free,
};

struct view *
view_results_new(const char *query)
{
	struct view_results *vr = xcalloc(1, sizeof *vr);

	vr->base.ops = &view_results_ops;
	vr->base.kind = VIEW_KIND_RESULTS;
	vr->base.context = KEYMAP_RESULTS;
	vr->query = xstrdup(query);
	vr->limit = VIEW_RESULTS_FIRST;
	vr->indexing_percent = -1;
	vr->stale = true;
	arena_init(&vr->strings);
	return &vr->base;
}

void
view_results_set_indexing(struct view *v, int percent)
{
	view_results_of(v)->indexing_percent = percent;
}

bool
view_results_wants_hits(const struct view *v, struct store_query *q)
{
	const struct view_results *vr = view_results_cof(v);

	*q = (struct store_query){
		.text = vr->query, .by_rank = vr->by_rank,
		.limit = vr->limit == SIZE_MAX ? 0 : vr->limit,
	};
	return vr->stale;
}

void
view_results_clear(struct view *v)
{
	struct view_results *vr = view_results_of(v);

	free(vr->hits);
	vr->hits = NULL;
	vr->n = 0;
	arena_fini(&vr->strings);
	arena_init(&vr->strings);
	vr->stale = false;
}

bool
view_results_add_hit(const struct store_hit *h, void *ctx)
{
	return view_results_add(h, view_results_of(ctx));
}

void
view_results_fed(struct view *v)
{
	struct view_results *vr = view_results_of(v);

	if (vr->cur >= vr->n)	/* fewer than before, or G: the last */
		vr->cur = vr->n > 0 ? vr->n - 1 : 0;
}

size_t
view_results_wants_snippets(struct view *v, int rows, int64_t *ids,
			    size_t max, struct store_query *q)
{
	struct view_results *vr = view_results_of(v);
	size_t visible = view_results_visible(rows), n = 0;

	*q = (struct store_query){ .text = vr->query,
				   .mark_open = VIEW_RESULTS_OPEN,
				   .mark_close = VIEW_RESULTS_CLOSE };
	view_results_scroll(vr, visible);
	for (size_t i = vr->top; i < vr->n && i < vr->top + visible; i++) {
		if (vr->hits[i].snippet != NULL)
			continue;
		vr->hits[i].snippet = "";	/* a nicety: blank without one */
		if (n < max)
			ids[n++] = vr->hits[i].id;
	}
	return n;
}

bool
view_results_add_snippet(int64_t id, const char *snippet, void *ctx)
{
	struct view_results *vr = view_results_of(ctx);

	for (size_t i = vr->top; i < vr->n; i++)
		if (vr->hits[i].id == id)
			vr->hits[i].snippet = view_results_dup(&vr->strings,
							       snippet);
	return true;
}

size_t
view_results_count(const struct view *v)
{
	return (view_results_cof(v))->n;
}

const char *
view_results_query(const struct view *v)
{
	return (view_results_cof(v))->query;
}

int64_t
view_results_chosen(const struct view *v, const char **path)
{
	const struct view_results *vr = view_results_cof(v);

	*path = vr->hits[vr->cur].path;
	return vr->hits[vr->cur].id;
}

bool
view_results_step(struct view *v, int dir)
{
	struct view_results *vr = view_results_of(v);

	if ((dir < 0 && vr->cur == 0) || (dir > 0 && vr->cur + 1 >= vr->n))
		return false;
	vr->cur = dir > 0 ? vr->cur + 1 : vr->cur - 1;
	view_results_more(vr, 1);
	return true;
}
