/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "data/review.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/xmem.h"
#include "data/stats.h"
#include "data/store_readlog.h"

void
review_answer(struct store_review *r, enum review_answer a, int64_t today)
{
	int ease = r->ease_pct > 0 ? r->ease_pct : REVIEW_EASE_START;
	int64_t next;

	if (a == REVIEW_DISCARD) {
		r->state = REVIEW_DISCARDED;
		r->due_day = today;
		return;
	}
	r->reps++;
	if (r->reps == 1)
		next = 1;
	else if (r->reps == 2)
		next = 3;
	else
		next = ((int64_t)r->interval_days * ease + 50) / 100;
	if (next <= r->interval_days)
		next = r->interval_days + 1;
	if (a == REVIEW_MASTER) {
		next *= 3;
		if (next < REVIEW_MASTER_DAYS)
			next = REVIEW_MASTER_DAYS;
		ease = ease + 20 > REVIEW_EASE_MAX ? REVIEW_EASE_MAX : ease + 20;
	}
	r->state = a == REVIEW_MASTER ? REVIEW_MASTERED : REVIEW_LEARNING;
	r->ease_pct = ease;
	r->interval_days = next > 36500 ? 36500 : (int)next;
	r->due_day = today + r->interval_days;
}

/* Return how urgent it is: the days overdue, a note counting extra. */
static int64_t
review_urgency(const struct review_item *it, int64_t today)
{
	return today - it->review.due_day + (it->note != NULL ?
					     REVIEW_NOTE_BONUS : 0);
}

static int
review_cmp(const void *a, const void *b)
{
	const struct review_item *x = a, *y = b;

	if (x->urgency != y->urgency)
		return x->urgency > y->urgency ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

size_t
review_pick(struct review_item *v, size_t n, size_t size, int64_t today)
{
	size_t k = n < size ? n : size;

	if (n == 0)
		return 0;	/* v may be NULL: qsort must not see it */
	for (size_t i = 0; i < n; i++)
		v[i].urgency = review_urgency(&v[i], today);
	qsort(v, n, sizeof *v, review_cmp);
	for (size_t i = k; i < n; i++)
		review_item_fini(&v[i]);
	/* never two of one article in a row: bring the first of another
	 * article forward, keeping the rest in order */
	for (size_t i = 1; i < k; i++) {
		if (v[i].article_id != v[i - 1].article_id)
			continue;
		size_t j = i + 1;
		while (j < k && v[j].article_id == v[i - 1].article_id)
			j++;
		if (j == k)
			break;
		struct review_item t = v[j];
		memmove(&v[i + 1], &v[i], (j - i) * sizeof *v);
		v[i] = t;
	}
	return k;
}

static char *
review_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static bool
review_on_row(const struct store_review_row *r, void *ctx)
{
	struct review_queue *q = ctx;

	q->v = xreallocarray(q->v, q->n + 1, sizeof *q->v);
	q->v[q->n++] = (struct review_item){
		.id = r->id, .article_id = r->article_id,
		.quote = review_dup(r->quote ? r->quote : ""),
		.prefix = review_dup(r->prefix), .suffix = review_dup(r->suffix),
		.note = r->note != NULL && r->note[0] != '\0' ?
				review_dup(r->note) : NULL,
		.detached = r->detached, .title = review_dup(r->title),
		.source = review_dup(r->source), .path = review_dup(r->path),
		.start = r->start, .review = r->review,
	};
	return true;
}

bool
review_load(struct review_queue *q, struct store *s, int64_t today,
	    size_t size, struct err *err)
{
	memset(q, 0, sizeof *q);
	if (!store_review_each(s, today, review_on_row, q, err)) {
		review_queue_fini(q);
		return false;
	}
	q->n = review_pick(q->v, q->n, size, today);
	return true;
}

void
review_item_fini(struct review_item *it)
{
	free(it->quote);
	free(it->prefix);
	free(it->suffix);
	free(it->note);
	free(it->title);
	free(it->source);
	free(it->path);
	memset(it, 0, sizeof *it);
}

void
review_queue_fini(struct review_queue *q)
{
	for (size_t i = 0; i < q->n; i++)
		review_item_fini(&q->v[i]);
	free(q->v);
	q->v = NULL;
	q->n = 0;
}

/* Append "key":"value" (null for NULL) to out. */
static void
review_json_str(struct buf *out, const char *key, const char *s)
{
	buf_printf(out, ",\"%s\":", key);
	if (s == NULL) {
		buf_adds(out, "null");
		return;
	}
	buf_addc(out, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c < 0x20)
			buf_printf(out, "\\u%04x", c);
		else
			buf_addc(out, (char)c);
	}
	buf_addc(out, '"');
}

void
review_json(const struct review_queue *q, struct buf *out)
{
	buf_adds(out, "[");
	for (size_t i = 0; i < q->n; i++) {
		const struct review_item *it = &q->v[i];
		int y, m, d;
		stats_day_date(it->review.due_day, &y, &m, &d);
		buf_printf(out, "%s{\"id\":%" PRId64 ",\"article_id\":%" PRId64,
			   i ? ",\n" : "", it->id, it->article_id);
		review_json_str(out, "quote", it->quote);
		review_json_str(out, "prefix", it->prefix);
		review_json_str(out, "suffix", it->suffix);
		review_json_str(out, "note", it->note);
		review_json_str(out, "title", it->title);
		review_json_str(out, "source", it->source);
		review_json_str(out, "path", it->path);
		buf_printf(out, ",\"detached\":%s,\"reps\":%d,\"interval_days\":%d",
			   it->detached ? "true" : "false", it->review.reps,
			   it->review.interval_days);
		if (it->review.reps > 0 || it->review.state != 0)
			buf_printf(out, ",\"due\":\"%04d-%02d-%02d\"}", y, m, d);
		else
			buf_adds(out, ",\"due\":null}");
	}
	buf_adds(out, "]\n");
}
