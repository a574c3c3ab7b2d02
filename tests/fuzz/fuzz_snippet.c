/* SPDX-License-Identifier: MIT */
/*
 * fuzz_snippet.c: in-article search and search snippets. The input's
 * first line is the query, the rest an article: its hits (find.h) must
 * be inside their blocks and the source, and snippets (snippet.h) of the
 * sanitised text, the title, the source and every block must agree with
 * snippet_occurs.
 */
#include "config.h"

#include "fuzz.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "document/doc.h"
#include "document/find.h"
#include "text/snippet.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* Cut snippets of text[0..len) at a few widths and check that one is
 * made exactly when a term occurs. */
static void
fuzz_snippet_of(struct snippet_query *q, const char *text, size_t len)
{
	static const struct snippet_marks marks = { "\x01", "\x02" };
	static const int cols[] = { 8, 13, 40, 120 };
	bool occurs = snippet_occurs(q, text, len);
	struct buf out;

	buf_init(&out);
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		buf_clear(&out);
		FUZZ_CHECK(snippet_make(q, text, len, cols[i], &marks, &out)
			   == occurs);
		FUZZ_CHECK(occurs || out.len == 0);
	}
	buf_fini(&out);
}

/* Search d for the query s[0..len) and check every hit. */
static void
fuzz_snippet_find(const struct doc *d, const char *s, size_t len)
{
	struct find_hits h;
	size_t n;

	find_hits_init(&h);
	n = find_in_doc(d, s, len, &h);
	FUZZ_CHECK(n == h.n);
	for (size_t i = 0; i < h.n; i++) {
		const struct find_hit *x = &h.hits[i];

		FUZZ_CHECK(x->block < d->n_blocks);
		FUZZ_CHECK(x->text_off < x->text_end);
		FUZZ_CHECK(x->text_end <= d->blocks[x->block].text_len);
		FUZZ_CHECK(x->src_off <= x->src_end);
		FUZZ_CHECK(x->src_end <= d->src_len);
		FUZZ_CHECK(i == 0 || x->src_off >= h.hits[i - 1].src_off);
		FUZZ_CHECK(find_hits_after(&h, x->src_off) <= i);
	}
	find_hits_fini(&h);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part query, text;
	struct snippet_query q;
	struct buf clean;
	struct doc *d;
	char *qs;

	fuzz_split((const char *)data, size, '\n', &query, &text);
	qs = xstrndup(query.s, query.len);
	snippet_query_init(&q, qs);
	buf_init(&clean);
	utf8_sanitize(text.s, text.len, &clean);
	fuzz_snippet_of(&q, clean.len > 0 ? clean.data : "", clean.len);
	buf_fini(&clean);

	d = doc_new("fuzz.md", text.s, text.len);
	doc_parse_all(d);
	fuzz_snippet_find(d, query.s, query.len);
	if (d->meta.title != NULL)
		fuzz_snippet_of(&q, d->meta.title, strlen(d->meta.title));
	if (d->meta.source != NULL)
		fuzz_snippet_of(&q, d->meta.source, strlen(d->meta.source));
	for (size_t i = 0; i < d->n_blocks; i++)
		fuzz_snippet_of(&q, d->blocks[i].text, d->blocks[i].text_len);
	doc_free(d);
	snippet_query_fini(&q);
	free(qs);
	return 0;
}
