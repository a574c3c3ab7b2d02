/* SPDX-License-Identifier: MIT */
/*
 * fuzz_search.c: the archive-search query parser and the FTS5 tokenizer.
 * The input's first line is the query, the rest an article's text: the
 * article is indexed in a database opened once (each input replaces it),
 * then searched, counted and cut into snippets with the query; and the
 * tokenizer's own promises (search.h) are checked on the folded text.
 */
#include "config.h"

#include "fuzz.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "text/fold.h"
#include "text/search.h"
#include "data/store.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* Return the database, opened in memory on first use. */
static struct store *
fuzz_search_store(void)
{
	static struct store *s;
	struct err err;

	if (s == NULL) {
		err_init(&err);
		if (!store_open(":memory:", &s, &err))
			fuzz_fail(err_msg(&err), __FILE__, __LINE__);
		err_fini(&err);
	}
	return s;
}

/* What the token checker knows: the folded text and where the last
 * token started. */
struct fuzz_search_toks {
	size_t n;
	size_t last_start;
	size_t count;
};

/* search_token_fn: check one token against the text it came from. */
static int
fuzz_search_token(void *ctx, const char *tok, size_t len, size_t start,
		  size_t end)
{
	struct fuzz_search_toks *k = ctx;

	FUZZ_CHECK(len > 0);
	FUZZ_CHECK(start < end && end <= k->n);
	FUZZ_CHECK(k->count == 0 || start >= k->last_start);
	k->last_start = start;
	k->count++;
	return 0;
}

/* Fold s[0..len) and cut it into tokens, checking each. */
static void
fuzz_search_tokens(const char *s, size_t len)
{
	struct fold f;
	struct fuzz_search_toks k = { 0 };

	fold_init(&f);
	fold_text(s, len, &f);
	k.n = f.len;
	FUZZ_CHECK(f.len == 0 || f.map[f.len] == len);
	for (size_t i = 0; i < f.len; i++)
		FUZZ_CHECK(f.map[i] <= f.map[i + 1]);
	search_tokens(f.text != NULL ? f.text : "", f.len, fuzz_search_token,
		      &k);
	(void)search_is_one_cjk(f.text != NULL ? f.text : "", f.len);
	for (size_t off = 1; off < f.len; off += 1 + off / 4)
		(void)search_inside_word(f.text, f.len, off);
	fold_fini(&f);
}

/* store_hit_fn: count the hit and remember its id. */
static bool
fuzz_search_hit(const struct store_hit *hit, void *ctx)
{
	size_t *n = ctx;

	FUZZ_CHECK(hit->snippet != NULL && hit->path != NULL);
	(*n)++;
	return true;
}

/* store_snippet_fn: check the snippet is a string. */
static bool
fuzz_search_snippet(int64_t id, const char *snippet, void *ctx)
{
	(void)id;
	(void)ctx;
	FUZZ_CHECK(snippet != NULL);
	(void)strlen(snippet);
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store *s = fuzz_search_store();
	struct fuzz_part query, text;
	struct store_article a = { .path = "/fuzz/a.md", .hash = "h",
				   .title = "title", .source = "source",
				   .length = -1 };
	struct store_query sq = { .snippets = true, .mark_open = "\x01",
				  .mark_close = "\x02" };
	struct buf body;
	struct err err;
	size_t hits = 0, counted = 0;
	int64_t id = 1;

	fuzz_split((const char *)data, size, '\n', &query, &text);
	sq.text = xstrndup(query.s, query.len);
	buf_init(&body);
	utf8_sanitize(text.s, text.len, &body);
	err_init(&err);
	FUZZ_CHECK(store_put_article(s, &a, body.len > 0 ? body.data : "",
				     body.len, &err));
	for (int by_rank = 0; by_rank < 2; by_rank++) {
		sq.by_rank = by_rank;
		hits = 0;
		FUZZ_CHECK(store_search(s, &sq, fuzz_search_hit, &hits,
					&err));
		FUZZ_CHECK(hits <= 1);
	}
	FUZZ_CHECK(store_count_matches(s, sq.text, &counted, &err));
	FUZZ_CHECK(counted == hits);
	FUZZ_CHECK(store_snippets(s, &sq, &id, 1, fuzz_search_snippet, NULL,
				  &err));
	fuzz_search_tokens(query.s, query.len);
	fuzz_search_tokens(body.data != NULL ? body.data : "", body.len);
	err_fini(&err);
	buf_fini(&body);
	free((char *)sq.text);
	return 0;
}
