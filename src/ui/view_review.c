/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view_review.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/xmem.h"
#include "data/review.h"
#include "text/utf8.h"
#include "text/wrap.h"
#include "ui/keymap.h"
#include "ui/term.h"
#include "ui/view.h"

struct view_review {
	struct view base;
	struct review_queue q;	/* owned */
	size_t i;		/* the highlight shown; q.n: the summary */
	enum view_review_choice choice;	/* the last one made */
	size_t taken;		/* the item it is about */
	size_t n_kept, n_mastered, n_discarded;
	int row;		/* painting: the next row */
	const struct keymap *km;	/* the keys the status line names */
};

static struct view_review *
view_review_of(struct view *v)
{
	assert(v->kind == VIEW_KIND_REVIEW);
	return (struct view_review *)v;
}

/* Paint text (sanitised: it comes from articles and notes) from row on,
 * wrapped to width columns at column left, in el; at most max_rows
 * rows, the last cut with "…". */
static void
view_review_text(struct view_review *vr, int left, int width, int max_rows,
		 const char *text, enum term_element el, unsigned attrs)
{
	struct buf clean;
	size_t off = 0;

	buf_init(&clean);
	utf8_sanitize(text, strlen(text), &clean);
	for (size_t k = 0; k < clean.len; k++)
		if (clean.data[k] == '\n')
			clean.data[k] = ' ';
	for (int r = 0; r < max_rows && off < clean.len && vr->row < vr->base.rows;
	     r++) {
		int w;
		size_t n = utf8_fit(clean.data + off, clean.len - off, width, &w);
		if (n == 0)
			n = utf8_cluster_len(clean.data + off, clean.len - off);
		if (r == max_rows - 1 && off + n < clean.len) {
			struct buf cut;
			buf_init(&cut);
			utf8_truncate(clean.data + off, clean.len - off, width, &cut);
			term_draw(vr->row++, left, width, cut.data, cut.len, el, attrs);
			buf_fini(&cut);
			break;
		}
		term_draw(vr->row++, left, width, clean.data + off, n, el, attrs);
		off += n;
	}
	buf_fini(&clean);
}

/* Paint the end of the round: what was done. */
static void
view_review_summary(struct view_review *vr, int cols)
{
	struct buf b;

	buf_init(&b);
	if (vr->q.n == 0)
		buf_adds(&b, _("Nothing to review today."));
	else
		/* TRANSLATORS: the summary at the end of a daily review. */
		buf_printf(&b, _("Review done: %zu kept, %zu mastered, %zu discarded."),
			   vr->n_kept, vr->n_mastered, vr->n_discarded);
	view_review_text(vr, 1, cols - 2, 3, buf_str(&b), TERM_HEADING, TERM_BOLD);
	vr->row++;
	view_review_text(vr, 1, cols - 2, 2, _("q: back to the list"), TERM_DIM, 0);
	buf_fini(&b);
}

static void
view_review_draw(struct view *v, int rows, int cols)
{
	struct view_review *vr = view_review_of(v);
	int width = cols - 2 > 76 ? 76 : cols - 2;
	const struct review_item *it;

	v->rows = rows - 1;
	v->cols = cols;
	for (int r = 0; r < rows - 1; r++)
		term_fill(r, 0, cols, TERM_NORMAL);
	vr->row = 1;
	if (width < 1)
		return;
	if (vr->i >= vr->q.n) {
		view_review_summary(vr, cols);
		return;
	}
	it = &vr->q.v[vr->i];
	view_review_text(vr, 1, width, 2, it->title != NULL ? it->title : "",
			 TERM_TITLE, TERM_BOLD);
	if (it->source != NULL || it->detached) {
		struct buf b;
		buf_init(&b);
		buf_adds(&b, it->source != NULL ? it->source : "");
		if (it->detached)
			/* TRANSLATORS: a highlight whose text is no longer
			 * found in its article. */
			buf_printf(&b, "%s%s", b.len ? "  " : "", _("(detached)"));
		view_review_text(vr, 1, width, 1, buf_str(&b), TERM_META, 0);
		buf_fini(&b);
	}
	vr->row++;
	int room = (rows - 1) - vr->row - 3;
	if (it->prefix != NULL && it->prefix[0] != '\0' && room > 4)
		view_review_text(vr, 3, width - 2, 1, it->prefix, TERM_DIM, 0);
	view_review_text(vr, 3, width - 2, room > 6 ? room - 4 : (room > 1 ? room : 1),
			 it->quote, TERM_HIGHLIGHT_1, 0);
	if (it->suffix != NULL && it->suffix[0] != '\0' && room > 4)
		view_review_text(vr, 3, width - 2, 1, it->suffix, TERM_DIM, 0);
	if (it->note != NULL) {
		vr->row++;
		view_review_text(vr, 1, width, 4, it->note, TERM_NOTE_MARK, 0);
	}
}

/* Record choice c for the current highlight; answers move on. */
static struct view_reaction
view_review_choose(struct view_review *vr, enum view_review_choice c)
{
	vr->choice = c;
	vr->taken = vr->i;
	if (c == VIEW_REVIEW_KEEP || c == VIEW_REVIEW_MASTER ||
	    c == VIEW_REVIEW_DISCARD) {
		vr->n_kept += c == VIEW_REVIEW_KEEP;
		vr->n_mastered += c == VIEW_REVIEW_MASTER;
		vr->n_discarded += c == VIEW_REVIEW_DISCARD;
		vr->i++;
	}
	return view_react(VIEW_CHOOSE | VIEW_REDRAW);
}

static struct view_reaction
view_review_handle(struct view *v, enum action a, int count)
{
	struct view_review *vr = view_review_of(v);

	(void)count;
	if (a == ACTION_BACK)
		return view_react(VIEW_CLOSE);
	if (vr->i >= vr->q.n)	/* the summary: Enter closes it */
		return view_react(a == ACTION_OPEN ? VIEW_CLOSE : VIEW_NOTHING);
	switch (a) {
	case ACTION_REVIEW_KEEP: return view_review_choose(vr, VIEW_REVIEW_KEEP);
	case ACTION_REVIEW_MASTER:
		return view_review_choose(vr, VIEW_REVIEW_MASTER);
	case ACTION_REVIEW_DISCARD:
		return view_review_choose(vr, VIEW_REVIEW_DISCARD);
	case ACTION_REVIEW_NOTE: return view_review_choose(vr, VIEW_REVIEW_NOTE);
	case ACTION_OPEN: return view_review_choose(vr, VIEW_REVIEW_OPEN);
	default: return view_react(VIEW_UNHANDLED);
	}
}

static void
view_review_status(struct view *v, struct buf *left, struct buf *right)
{
	struct view_review *vr = view_review_of(v);
	static const struct {
		enum action a;
		const char *label;
	} keys[] = {
		/* TRANSLATORS: the review's choices on its status line, each
		 * after its key ("k keep"). */
		{ ACTION_REVIEW_KEEP, N_("keep") },
		{ ACTION_REVIEW_MASTER, N_("master") },
		{ ACTION_REVIEW_DISCARD, N_("discard") },
		{ ACTION_REVIEW_NOTE, N_("note") },
		{ ACTION_OPEN, N_("open") },
	};

	buf_adds(left, _("Daily review"));
	if (vr->i < vr->q.n) {
		for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
			view_status_key(vr->km, KEYMAP_REVIEW, keys[i].a,
					_(keys[i].label), right);
		buf_printf(right, "%s%zu/%zu", right->len > 0 ? "  " : "",
			   vr->i + 1, vr->q.n);
	} else {
		buf_printf(right, "%zu/%zu", vr->q.n, vr->q.n);
	}
}

static void
view_review_free(struct view *v)
{
	struct view_review *vr = view_review_of(v);

	review_queue_fini(&vr->q);
	free(vr);
}

static const struct view_ops view_review_ops = {
	.draw = view_review_draw,
	.handle = view_review_handle,
	.status = view_review_status,
	.free = view_review_free,
};

struct view *
view_review_new(struct review_queue *q, const struct keymap *km)
{
	struct view_review *vr = xcalloc(1, sizeof *vr);

	vr->base.ops = &view_review_ops;
	vr->base.kind = VIEW_KIND_REVIEW;
	vr->base.context = KEYMAP_REVIEW;
	vr->km = km;
	vr->q = *q;
	memset(q, 0, sizeof *q);
	return &vr->base;
}

struct review_item *
view_review_take(struct view *v, enum view_review_choice *choice)
{
	struct view_review *vr = view_review_of(v);

	*choice = vr->choice;
	return &vr->q.v[vr->taken];
}

struct review_item *
view_review_current(struct view *v)
{
	struct view_review *vr = view_review_of(v);

	return vr->i < vr->q.n ? &vr->q.v[vr->i] : NULL;
}
