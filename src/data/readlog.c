/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "data/readlog.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xmem.h"
#include "text/tally.h"

void
readlog_init(struct readlog *r, int64_t article_id, int64_t now_ms)
{
	memset(r, 0, sizeof *r);
	r->article_id = article_id;
	r->start_ms = r->end_ms = r->last_key_ms = now_ms;
}

void
readlog_fini(struct readlog *r)
{
	free(r->spans);
	r->spans = NULL;
	r->n_spans = r->cap = 0;
}

/* Count the time from the last key to now_ms, up to READLOG_IDLE_MS:
 * after that long without a key the reader is taken to be away. */
static void
readlog_count(struct readlog *r, int64_t now_ms)
{
	int64_t gap = now_ms - r->last_key_ms;

	if (r->last_key_ms == 0 || gap <= 0)
		return;
	r->active_ms += gap < READLOG_IDLE_MS ? gap : READLOG_IDLE_MS;
	if (now_ms > r->end_ms)
		r->end_ms = now_ms;
}

void
readlog_key(struct readlog *r, int64_t now_ms)
{
	readlog_count(r, now_ms);
	if (now_ms >= r->last_key_ms || r->last_key_ms == 0)
		r->last_key_ms = now_ms;
}

void
readlog_pause(struct readlog *r, int64_t now_ms)
{
	readlog_count(r, now_ms);
	r->last_key_ms = 0;
}

void
readlog_seen(struct readlog *r, size_t start, size_t end)
{
	size_t i = 0, j;

	if (end <= start)
		return;
	while (i < r->n_spans && r->spans[i].end < start)
		i++;
	/* spans[i..j) overlap or touch [start, end): merge them into one */
	for (j = i; j < r->n_spans && r->spans[j].start <= end; j++) {
		if (r->spans[j].start < start)
			start = r->spans[j].start;
		if (r->spans[j].end > end)
			end = r->spans[j].end;
	}
	if (j == i) {		/* nothing to merge: insert at i */
		if (r->n_spans == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 8;
			r->spans = xreallocarray(r->spans, r->cap, sizeof *r->spans);
		}
		memmove(r->spans + i + 1, r->spans + i,
			(r->n_spans - i) * sizeof *r->spans);
		r->n_spans++;
		j = i + 1;
	}
	r->spans[i] = (struct readlog_span){ .start = start, .end = end };
	memmove(r->spans + i + 1, r->spans + j,
		(r->n_spans - j) * sizeof *r->spans);
	r->n_spans -= j - i - 1;
}

size_t
readlog_seen_len(const struct readlog *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_spans; i++)
		n += r->spans[i].end - r->spans[i].start;
	return n;
}

void
readlog_tally(const struct readlog *r, const char *src, size_t len,
	      struct tally *t)
{
	for (size_t i = 0; i < r->n_spans && r->spans[i].start < len; i++) {
		size_t end = r->spans[i].end < len ? r->spans[i].end : len;
		tally_text(src + r->spans[i].start, end - r->spans[i].start, t);
	}
}

void
readlog_spans_text(const struct readlog *r, struct buf *out)
{
	for (size_t i = 0; i < r->n_spans; i++)
		buf_printf(out, "%s%zu-%zu", i > 0 ? "," : "",
			   r->spans[i].start, r->spans[i].end);
}

void
readlog_spans_parse(struct readlog *r, const char *text)
{
	const char *p = text;

	while (p != NULL && *p != '\0') {
		char *end;
		unsigned long long a = strtoull(p, &end, 10), b = 0;
		bool ok = end != p && *end == '-';
		if (ok) {
			const char *q = end + 1;
			b = strtoull(q, &end, 10);
			ok = end != q;
		}
		if (ok)
			readlog_seen(r, (size_t)a, (size_t)b);
		p = strchr(end, ',');
		if (p != NULL)
			p++;
	}
}
