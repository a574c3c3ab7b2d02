/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "data/highlight.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "document/anchor.h"
#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "text/fold.h"
#include "base/i18n.h"
#include "data/store.h"
#include "base/xmem.h"

/* Bytes of whole blocks on each side of a range that surely hold its
 * context: a character is at most 4 bytes. */
#define HIGHLIGHT_CONTEXT_BYTES (4 * HIGHLIGHT_CONTEXT_CHARS)

void
highlight_fini(struct highlight *h)
{
	if (h == NULL)
		return;
	free(h->quote);
	free(h->prefix);
	free(h->suffix);
	free(h->note);
	memset(h, 0, sizeof *h);
}

void
highlight_set_fini(struct highlight_set *hs)
{
	if (hs == NULL)
		return;
	for (size_t i = 0; i < hs->n; i++)
		highlight_fini(&hs->v[i]);
	free(hs->v);
	hs->v = NULL;
	hs->n = 0;
}

int64_t
highlight_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Move the row r into h, leaving r without strings. */
static void
highlight_from_row(struct highlight *h, struct store_highlight *r)
{
	*h = (struct highlight){
		.id = r->id, .start = r->start, .end = r->end,
		.quote = r->quote, .prefix = r->prefix, .suffix = r->suffix,
		.note = r->note, .color = r->color, .detached = r->detached,
		.created = r->created, .updated = r->updated,
	};
	memset(r, 0, sizeof *r);
}

/* Return the row for h; the strings stay h's. */
static struct store_highlight
highlight_to_row(const struct highlight *h)
{
	return (struct store_highlight){
		.id = h->id, .start = h->start, .end = h->end,
		.quote = h->quote, .prefix = h->prefix, .suffix = h->suffix,
		.note = h->note, .color = h->color, .detached = h->detached,
		.created = h->created, .updated = h->updated,
	};
}

/* Set quote, prefix and suffix from the rendered text t for the source
 * range [start, end) (NULL buffers skipped); return false when it holds
 * no rendered text. */
static bool
highlight_quote_in(const struct anchor_text *t, size_t start, size_t end,
		   struct buf *quote, struct buf *prefix, struct buf *suffix)
{
	size_t off, text_end;

	if (!anchor_from_src(t, start, end, &off, &text_end))
		return false;
	if (quote != NULL) {
		buf_clear(quote);
		buf_add(quote, t->text.data + off, text_end - off);
	}
	anchor_context(t, off, text_end, HIGHLIGHT_CONTEXT_CHARS, prefix,
		       suffix);
	return true;
}

bool
highlight_quote(const struct doc *d, size_t start, size_t end,
		struct buf *quote, struct buf *prefix, struct buf *suffix)
{
	struct anchor_text t;
	bool ok;

	anchor_text_init_near(&t, d, start, end, HIGHLIGHT_CONTEXT_BYTES);
	ok = highlight_quote_in(&t, start, end, quote, prefix, suffix);
	anchor_text_fini(&t);
	return ok;
}

/* Replace r's quote with the rendered text of t's source range [start,
 * end), where its passage now stands edited. */
static void
highlight_requote(const struct anchor_text *t, size_t start, size_t end,
		  struct store_highlight *r)
{
	struct buf quote;

	buf_init(&quote);
	highlight_quote_in(t, start, end, &quote, NULL, NULL);
	free(r->quote);
	r->quote = buf_detach(&quote);
}

/* Place r in t; return whether it changed: range, quote or detached
 * flag. */
static bool
highlight_place(struct anchor_text *t, struct store_highlight *r)
{
	struct anchor_quote q = {
		.quote = r->quote, .prefix = r->prefix, .suffix = r->suffix,
		.start = r->start, .end = r->end,
	};
	size_t start = r->start, end = r->end;
	enum anchor_how how = r->quote[0] == '\0' ? ANCHOR_LOST
		: anchor_find(t, &q, &start, &end);
	bool detached = how == ANCHOR_LOST;

	if (how == ANCHOR_EDITED)
		highlight_requote(t, start, end, r);
	else if (detached == r->detached && start == r->start && end == r->end)
		return false;
	r->detached = detached;
	r->start = start;
	r->end = end;
	return true;
}

/* Return whether r is placed and its quote still exactly at its range:
 * the common case, an unchanged file, checked on the blocks of the range
 * alone. */
static bool
highlight_still_there(const struct doc *d, const struct store_highlight *r)
{
	struct anchor_text t;
	struct anchor_quote q = {
		.quote = r->quote, .prefix = r->prefix, .suffix = r->suffix,
		.start = r->start, .end = r->end,
	};
	bool there;

	if (r->detached || r->quote[0] == '\0')
		return false;
	anchor_text_init_near(&t, d, r->start, r->end, 0);
	there = anchor_in_place(&t, &q);
	anchor_text_fini(&t);
	return there;
}

/* Order placed highlights by start, then by length, then by id; detached
 * ones after all placed ones. */
static int
highlight_cmp(const void *pa, const void *pb)
{
	const struct highlight *a = pa, *b = pb;

	if (a->detached != b->detached)
		return a->detached ? 1 : -1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end - a->start != b->end - b->start)
		return a->end - a->start < b->end - b->start ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* Writing the new ranges back is best effort: when it fails (a read-only
 * or locked database) the highlights are still placed right in memory,
 * and the next load places them again. */
bool
highlight_load(struct store *s, const char *path, const struct doc *d,
	       struct highlight_set *out, struct err *err)
{
	struct store_highlight *rows = NULL, *moved;
	struct anchor_text t;
	size_t n = 0, n_moved = 0;

	bool whole = false;

	highlight_set_fini(out);
	if (!store_highlight_list(s, path, &rows, &n, err))
		return false;
	moved = xreallocarray(NULL, n ? n : 1, sizeof *moved);
	for (size_t i = 0; i < n; i++) {
		if (highlight_still_there(d, &rows[i]))
			continue;
		/* The whole text is joined only when some highlight moved. */
		if (!whole)
			anchor_text_init(&t, d);
		whole = true;
		if (highlight_place(&t, &rows[i]))
			moved[n_moved++] = rows[i];
	}
	if (whole)
		anchor_text_fini(&t);
	if (n_moved > 0)
		store_highlight_move(s, moved, n_moved, NULL);
	free(moved);
	out->v = n > 0 ? xreallocarray(NULL, n, sizeof *out->v) : NULL;
	out->n = n;
	for (size_t i = 0; i < n; i++)
		highlight_from_row(&out->v[i], &rows[i]);
	free(rows);
	if (n > 0)	/* qsort wants a valid pointer even for nothing */
		qsort(out->v, out->n, sizeof *out->v, highlight_cmp);
	return true;
}

/* Return a heap copy of note, or NULL for no note (NULL or ""). */
static char *
highlight_note_dup(const char *note)
{
	return note != NULL && note[0] != '\0' ? xstrdup(note) : NULL;
}

/* Return whether s holds nothing but white space. */
static bool
highlight_blank(const char *s)
{
	return s[strspn(s, " \t\n")] == '\0';
}

/* Fill *h with a new highlight of t's source range [start, end): the
 * range narrowed to the rendered text it holds, its quote and context.
 * Return false when the range holds no rendered text but white space
 * (which could be found again anywhere). */
static bool
highlight_make(const struct anchor_text *t, size_t start, size_t end,
	       struct highlight *h)
{
	struct buf quote, prefix, suffix;
	size_t off, text_end;

	if (!anchor_from_src(t, start, end, &off, &text_end) ||
	    !anchor_to_src(t, off, text_end, &h->start, &h->end))
		return false;
	buf_init(&quote);
	buf_init(&prefix);
	buf_init(&suffix);
	highlight_quote_in(t, h->start, h->end, &quote, &prefix, &suffix);
	h->quote = buf_detach(&quote);
	h->prefix = buf_detach(&prefix);
	h->suffix = buf_detach(&suffix);
	return !highlight_blank(h->quote);
}

bool
highlight_new(const struct doc *d, size_t start, size_t end, int color,
	      const char *note, struct highlight *out, struct err *err)
{
	struct highlight h = { .color = color };
	struct anchor_text t;
	bool ok;

	assert(color >= 1 && color <= HIGHLIGHT_COLORS);
	anchor_text_init_near(&t, d, start, end, HIGHLIGHT_CONTEXT_BYTES);
	ok = highlight_make(&t, start, end, &h);
	anchor_text_fini(&t);
	if (!ok) {
		highlight_fini(&h);
		return err_set(err, _("nothing to highlight there"));
	}
	h.note = highlight_note_dup(note);
	h.created = h.updated = highlight_now_ms();
	*out = h;
	return true;
}

bool
highlight_add(struct store *s, const char *path, const struct doc *d,
	      size_t start, size_t end, int color, const char *note,
	      struct highlight *out, struct err *err)
{
	struct highlight h;
	struct store_highlight row;

	if (!highlight_new(d, start, end, color, note, &h, err))
		return false;
	row = highlight_to_row(&h);
	if (!store_highlight_add(s, path, &row, &h.id, err)) {
		highlight_fini(&h);
		return false;
	}
	*out = h;
	return true;
}

bool
highlight_set_note(struct store *s, int64_t id, const char *note,
		   struct err *err)
{
	if (note != NULL && note[0] == '\0')
		note = NULL;
	return store_highlight_set_note(s, id, note, highlight_now_ms(), err);
}

bool
highlight_set_color(struct store *s, int64_t id, int color, struct err *err)
{
	assert(color >= 1 && color <= HIGHLIGHT_COLORS);
	return store_highlight_set_color(s, id, color, highlight_now_ms(),
					 err);
}

bool
highlight_delete(struct store *s, int64_t id, struct err *err)
{
	return store_highlight_delete(s, id, err);
}

bool
highlight_restore(struct store *s, const char *path,
		  const struct highlight *h, struct err *err)
{
	struct store_highlight row = highlight_to_row(h);
	int64_t id;

	assert(h->id != 0);
	return store_highlight_add(s, path, &row, &id, err);
}

/* Return whether s (not NULL) contains the folded query q[0..qlen),
 * folded with f's scratch space. */
static bool
highlight_matches(const char *s, const char *q, size_t qlen,
		  struct fold *f)
{
	if (s == NULL)
		return false;
	fold_text(s, strlen(s), f);
	return anchor_search(f->text, f->len, 0, q, qlen) < f->len;
}

/* Move entry r into e, leaving r without strings. */
static void
highlight_entry_from_row(struct highlight_entry *e,
			 struct store_highlight_entry *r)
{
	highlight_from_row(&e->h, &r->h);
	e->path = r->path;
	e->title = r->title;
	e->source = r->source;
	e->date = r->date;
	e->url = r->url;
	memset(r, 0, sizeof *r);
}

/* Keep the entries of rows[0..n) that match the folded query q[0..qlen)
 * (all when qlen is 0), moving them into *out; *n becomes their number. */
static void
highlight_keep(struct store_highlight_entry *rows, size_t *n, const char *q,
	       size_t qlen, struct highlight_entry **out)
{
	struct highlight_entry *v = xreallocarray(NULL, *n ? *n : 1,
						  sizeof *v);
	struct fold f;
	size_t kept = 0;

	fold_init(&f);
	for (size_t i = 0; i < *n; i++)
		if (qlen == 0 ||
		    highlight_matches(rows[i].h.quote, q, qlen, &f) ||
		    highlight_matches(rows[i].h.note, q, qlen, &f))
			highlight_entry_from_row(&v[kept++], &rows[i]);
	fold_fini(&f);
	store_highlight_entries_free(rows, *n);
	*n = kept;
	*out = v;
}

bool
highlight_list_all(struct store *s, const char *filter,
		   struct highlight_entry **out, size_t *n, struct err *err)
{
	struct store_highlight_entry *rows = NULL;
	struct buf q;

	if (!store_highlight_list_all(s, &rows, n, err))
		return false;
	buf_init(&q);
	if (filter != NULL)
		fold_query(filter, strlen(filter), &q);
	highlight_keep(rows, n, buf_str(&q), q.len, out);
	buf_fini(&q);
	return true;
}

void
highlight_entry_fini(struct highlight_entry *e)
{
	if (e == NULL)
		return;
	highlight_fini(&e->h);
	free(e->path);
	free(e->title);
	free(e->source);
	free(e->date);
	free(e->url);
	memset(e, 0, sizeof *e);
}

void
highlight_entries_free(struct highlight_entry *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		highlight_entry_fini(&v[i]);
	free(v);
}

/* Placed highlights come first, sorted by start: a linear scan stops at
 * the first detached one or the first that starts after off. */
long
highlight_at(const struct highlight_set *hs, size_t off)
{
	long best = -1;

	for (size_t i = 0; i < hs->n; i++) {
		const struct highlight *h = &hs->v[i];
		if (h->detached || h->start > off)
			break;
		if (off < h->end && (best < 0 || h->end - h->start <
				     hs->v[best].end - hs->v[best].start))
			best = (long)i;
	}
	return best;
}

long
highlight_next(const struct highlight_set *hs, size_t off, bool forward)
{
	long found = -1;

	for (size_t i = 0; i < hs->n && !hs->v[i].detached; i++) {
		size_t start = hs->v[i].start;
		if (forward && start > off)
			return (long)i;
		if (!forward && start < off &&
		    (found < 0 || hs->v[found].start != start))
			found = (long)i;
	}
	return found;
}

bool
highlight_counts(struct store *s,
		 void (*cb)(const char *path, size_t n, void *ctx), void *ctx,
		 struct err *err)
{
	return store_highlight_counts(s, cb, ctx, err);
}
