/* SPDX-License-Identifier: MIT */
/*
 * store_search.c: the archive-wide full-text index: the "tsundoku" FTS5
 * tokenizer every connection registers, and the queries that search it.
 */
#include "config.h"
#include "store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "fold.h"
#include "i18n.h"
#include "search.h"
#include "store_impl.h"
#include "utf8.h"
#include "xmem.h"

/* Tokens (CJK characters or words) a search snippet shows at most. */
#define STORE_SNIPPET_TOKENS 24

/*
 * The "tsundoku" FTS5 tokenizer (HACKING.md, "Archive-wide search"). Text
 * is folded with fold.h, as in-article search folds it, and split into
 * CJK characters, words and separators. Every character of a CJK run is
 * one token: itself and the next character of the run (a bigram), or
 * itself alone at the end of the run; its offsets are its own source
 * bytes, so a highlight covers exactly the characters matched. A word is
 * a run of other letters and digits. Queries go through the same code.
 */

/* A tokenizer instance: scratch space reused from one text to the next. */
struct store_tok {
	struct fold fold;
};

/* Where store_tok_emit sends tokens: FTS5's callback and context. */
struct store_tok_out {
	const struct fold *fold;
	void *ctx;
	int (*token)(void *ctx, int flags, const char *tok, int len,
		     int start, int end);
	bool query;		/* tokenizing a query, not a document */
	const char *prev_end;	/* where the previous token's bytes end */
	struct {		/* a query's token held back: see below */
		const char *tok;
		size_t len, start, end;
	} held;
};

/* Hand one token to FTS5 with the source offsets of its folded range. */
static int
store_tok_give(struct store_tok_out *out, const char *tok, size_t len,
	       size_t start, size_t end)
{
	size_t off, src_end;

	fold_map(out->fold, start, end, &off, &src_end);
	return out->token(out->ctx, 0, tok, (int)len, (int)off, (int)src_end);
}

/* search_token_fn for FTS5. In a query, the single character that ends
 * a CJK run adds nothing to the bigram before it ("计算" already says
 * that 算 follows 计), and as the phrase's last token it would become a
 * prefix ("算*") matching every bigram that starts with it, which costs
 * FTS5 a merge of all their lists. So such a token is held back and
 * given only when another token follows it ("数据kernel" needs it to
 * keep kernel's position); at the end of the query it is dropped. A
 * document keeps every token: a one-character query needs them. */
static int
store_tok_emit(void *arg, const char *tok, size_t len, size_t start,
	       size_t end)
{
	struct store_tok_out *out = arg;
	const char *prev_end = out->prev_end;
	int rc = SQLITE_OK;

	out->prev_end = tok + len;
	if (out->held.tok != NULL) {
		rc = store_tok_give(out, out->held.tok, out->held.len,
				    out->held.start, out->held.end);
		out->held.tok = NULL;
	}
	if (rc != SQLITE_OK)
		return rc;
	if (out->query && prev_end == tok + len) {
		out->held.tok = tok;
		out->held.len = len;
		out->held.start = start;
		out->held.end = end;
		return SQLITE_OK;
	}
	return store_tok_give(out, tok, len, start, end);
}

/* FTS5 xCreate: make a tokenizer; it takes no arguments. */
static int
store_tok_create(void *unused, const char **argv, int argc,
		 Fts5Tokenizer **out)
{
	struct store_tok *t;

	if (argc != 0)
		return SQLITE_ERROR;
	t = xcalloc(1, sizeof *t);
	fold_init(&t->fold);
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

/* FTS5 xDelete: free a tokenizer. */
static void
store_tok_delete(Fts5Tokenizer *tok)
{
	struct store_tok *t = (struct store_tok *)tok;

	fold_fini(&t->fold);
	free(t);
}

/* FTS5 xTokenize: fold text[0..len) and emit its tokens; documents,
 * queries and highlights are all tokenized the same way. */
static int
store_tok_tokenize(Fts5Tokenizer *tok, void *ctx, int flags,
		   const char *text, int len,
		   int (*token)(void *, int, const char *, int, int, int))
{
	struct store_tok *t = (struct store_tok *)tok;
	struct store_tok_out out = { .fold = &t->fold, .ctx = ctx,
				     .token = token,
				     .query = (flags & FTS5_TOKENIZE_QUERY) != 0 };

	if (len <= 0)
		return SQLITE_OK;
	fold_text(text, (size_t)len, &t->fold);
	return search_tokens(t->fold.text, t->fold.len, store_tok_emit, &out);
}

/* Register the "tsundoku" tokenizer on s's connection; every connection
 * needs it before it touches article_fts. */
int
store_register_tokenizer(struct store *s)
{
	fts5_tokenizer tokenizer = {
		.xCreate = store_tok_create,
		.xDelete = store_tok_delete,
		.xTokenize = store_tok_tokenize,
	};
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "SELECT fts5(?1)", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;	/* "no such function": built without FTS5 */
	rc = sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (rc == SQLITE_OK && (api == NULL || api->iVersion < 2))
		rc = SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = api->xCreateTokenizer(api, "tsundoku", NULL, &tokenizer,
					   NULL);
	return rc;
}

/* Return true when c is ASCII white space (all that folded white space
 * can be). */
static bool
store_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* What store_term_token learns about a query term's tokens. */
struct store_term {
	size_t n;		/* tokens */
	const char *prev_end;	/* where the previous token's bytes end */
	const char *tail;	/* the last token, when the query drops it
				   (see store_tok_emit); else NULL */
	size_t tail_len;
};

/* search_token_fn that counts a term's tokens and notes whether its last
 * one is the tail of the one before, which queries drop. */
static int
store_term_token(void *ctx, const char *tok, size_t len, size_t start,
		 size_t end)
{
	struct store_term *t = ctx;

	(void)start;
	(void)end;
	t->n++;
	t->tail = t->prev_end == tok + len ? tok : NULL;
	t->tail_len = len;
	t->prev_end = tok + len;
	return SQLITE_OK;
}

/* Append s[0..len) to b as an FTS5 string: in double quotes, each double
 * quote doubled, so nothing in it is query syntax. */
static void
store_quote(struct buf *b, const char *s, size_t len)
{
	const char *end = s + len;

	buf_addc(b, '"');
	for (; s < end; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* Append to out the FTS5 expression for the user's query q: each term
 * (split at white space) that has a token becomes the phrase of its
 * tokens with the last one a prefix, and all are ANDed; return the
 * number of terms (0: nothing to search). When tails is not NULL, append
 * to it, each followed by a NUL, the folded last characters of the
 * terms whose last token the query drops (store_fix_marks needs them). */
static size_t
store_match_expr(const char *q, struct buf *out, struct buf *tails)
{
	struct fold f;
	size_t i = 0, j, n = 0, off, end;

	fold_init(&f);
	fold_text(q, strlen(q), &f);
	while (i < f.len) {
		for (; i < f.len && store_is_blank(f.text[i]); i++)
			;
		for (j = i; j < f.len && !store_is_blank(f.text[j]); j++)
			;
		struct store_term term = { .n = 0 };
		search_tokens(f.text + i, j - i, store_term_token, &term);
		if (term.tail != NULL && tails != NULL) {
			buf_add(tails, term.tail, term.tail_len);
			buf_addc(tails, '\0');
		}
		if (term.n > 0) {
			/* The raw term: FTS5 folds it like the documents. */
			fold_map(&f, i, j, &off, &end);
			buf_adds(out, n++ > 0 ? " AND " : "");
			store_quote(out, q + off, end - off);
			buf_addc(out, '*');
		}
		i = j;
	}
	fold_fini(&f);
	return n;
}

/* Prepare the statement that finds the articles matching ?1 in q's order,
 * at most ?2 of them. */
static int
store_prepare_hits(struct store *s, const struct store_query *q,
		   sqlite3_stmt **st)
{
	static const char sql[] =
		"SELECT a.id, a.path, a.title, a.source, a.date, a.fetch_date\n"
		"FROM article_fts JOIN article AS a ON a.id = article_fts.rowid\n"
		"WHERE article_fts MATCH ?1 AND NOT a.missing\n"
		"	AND a.text_indexed\n"
		"ORDER BY %s\n"
		"LIMIT ?2";
	/* Titles weigh most, then sources, then bodies. */
	static const char by_rank[] = "bm25(article_fts, 10.0, 4.0, 1.0), a.id";
	static const char by_date[] =
		"a.date DESC, a.fetch_date DESC, a.title, a.path";
	struct buf b;
	int rc;

	buf_init(&b);
	buf_printf(&b, sql, q->by_rank ? by_rank : by_date);
	rc = sqlite3_prepare_v2(s->db, buf_str(&b), -1, st, NULL);
	buf_fini(&b);
	return rc;
}

/* Prepare the statement that gives the snippets, with the marks ?2 and
 * ?3, of the articles matching the expression ?1 whose ids are in the
 * JSON array ?4. The ids are not offered to FTS5 ("+rowid"): it would
 * evaluate the whole expression again for each, and a prefix term as
 * common as "的"* costs tens of milliseconds each time; one pass over the
 * matches costs that once. */
static int
store_prepare_snippets(struct store *s, const char *expr,
		       const struct store_query *q, sqlite3_stmt **st)
{
	static const char sql[] =
		"SELECT rowid, snippet(article_fts, -1, ?2, ?3, '\xe2\x80\xa6',"
		" %d)\n"
		"FROM article_fts WHERE article_fts MATCH ?1\n"
		"	AND +rowid IN (SELECT value FROM json_each(?4))";
	char text[sizeof sql + 16];
	int rc;

	snprintf(text, sizeof text, sql, STORE_SNIPPET_TOKENS);
	rc = sqlite3_prepare_v2(s->db, text, -1, st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(*st, 1, expr, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(*st, 2, q->mark_open ? q->mark_open : "",
				       -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(*st, 3, q->mark_close ? q->mark_close
				       : "", -1, SQLITE_STATIC);
	return rc;
}

/* Return true when the character at s[0..len) folds to one of tails
 * (NUL-separated, tails_len bytes in all). */
static bool
store_is_tail(const char *s, size_t len, const char *tails,
	      size_t tails_len)
{
	struct fold f;
	bool found = false;

	fold_init(&f);
	fold_text(s, len, &f);
	for (size_t i = 0; i < tails_len && !found; i += strlen(tails + i) + 1)
		found = strlen(tails + i) == f.len &&
			memcmp(tails + i, f.text, f.len) == 0;
	fold_fini(&f);
	return found;
}

/* Copy snippet to out, moving each close mark over the character after
 * it when that character ends a query term: the query dropped that
 * character's token (store_tok_emit), so FTS5's marks stop one short. */
static void
store_fix_marks(const char *snippet, const char *close, const char *tails,
		size_t tails_len, struct buf *out)
{
	size_t close_len = strlen(close);
	const char *p = snippet, *m;
	uint32_t cp;

	while (close_len > 0 && (m = strstr(p, close)) != NULL) {
		const char *next = m + close_len;
		size_t n = utf8_decode(next, strlen(next), &cp);
		buf_add(out, p, (size_t)(m - p));
		if (n > 0 && *next != '\0' &&
		    store_is_tail(next, n, tails, tails_len)) {
			buf_add(out, next, n);
			next += n;
		}
		buf_adds(out, close);
		p = next;
	}
	buf_adds(out, p);
}

/* Call cb with the snippet of each article in ids[0..n) that matches
 * the expression expr, in row id order; tails are the characters whose
 * marks store_fix_marks mends. */
static int
store_run_snippets(struct store *s, const char *expr,
		   const struct buf *tails, const struct store_query *q,
		   const int64_t *ids, size_t n, store_snippet_fn cb, void *ctx)
{
	sqlite3_stmt *st = NULL;
	struct buf json, fixed;
	size_t i;
	int rc;

	buf_init(&json);
	buf_addc(&json, '[');
	for (i = 0; i < n; i++)
		buf_printf(&json, "%s%lld", i > 0 ? "," : "", (long long)ids[i]);
	buf_addc(&json, ']');
	rc = store_prepare_snippets(s, expr, q, &st);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 4, buf_str(&json), -1, SQLITE_STATIC);
	buf_init(&fixed);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *snippet = store_col(st, 1);
		buf_clear(&fixed);
		store_fix_marks(snippet ? snippet : "", q->mark_close ?
				q->mark_close : "", tails->data, tails->len,
				&fixed);
		rc = cb(sqlite3_column_int64(st, 0), buf_str(&fixed), ctx)
			? SQLITE_OK : SQLITE_DONE;
	}
	sqlite3_finalize(st);
	buf_fini(&fixed);
	buf_fini(&json);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Hits copied out of their statement so that they can get snippets
 * before they go to the caller; strings are heap copies. */
struct store_hits {
	struct store_hit *v;
	size_t n;
	size_t cap;
};

/* Append a copy of hit to h. */
static void
store_hits_add(struct store_hits *h, const struct store_hit *hit)
{
	struct store_hit *c;

	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 16;
		h->v = xreallocarray(h->v, h->cap, sizeof *h->v);
	}
	c = &h->v[h->n++];
	c->id = hit->id;
	c->path = store_strdup(hit->path);
	c->title = store_strdup(hit->title);
	c->source = store_strdup(hit->source);
	c->date = store_strdup(hit->date);
	c->fetch_date = store_strdup(hit->fetch_date);
	c->snippet = "";
}

/* Free everything h holds. */
static void
store_hits_fini(struct store_hits *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free((char *)h->v[i].path);
		free((char *)h->v[i].title);
		free((char *)h->v[i].source);
		free((char *)h->v[i].date);
		free((char *)h->v[i].fetch_date);
		if (h->v[i].snippet[0] != '\0')
			free((char *)h->v[i].snippet);
	}
	free(h->v);
}

/* store_hit_fn that copies the hit into the struct store_hits at ctx. */
static bool
store_keep_hit(const struct store_hit *hit, void *ctx)
{
	store_hits_add(ctx, hit);
	return true;
}

/* Order hits by row id, for qsort and bsearch. */
static int
store_cmp_hit_id(const void *a, const void *b)
{
	int64_t x = ((const struct store_hit *)a)->id;
	int64_t y = ((const struct store_hit *)b)->id;

	return (x > y) - (x < y);
}

/* store_snippet_fn that stores the snippet in the hit with that id of
 * the id-sorted struct store_hits at ctx. */
static bool
store_give_snippet(int64_t id, const char *snippet, void *ctx)
{
	struct store_hits *h = ctx;
	struct store_hit key = { .id = id };
	struct store_hit *hit = bsearch(&key, h->v, h->n, sizeof *h->v,
					store_cmp_hit_id);

	if (hit != NULL && snippet[0] != '\0' && hit->snippet[0] == '\0')
		hit->snippet = xstrdup(snippet);
	return true;
}

/* Call cb for each row of the prepared, bound statement hits; return
 * SQLITE_OK, or SQLITE_DONE when cb asked to stop, or the failure. */
int
store_step_hits(sqlite3_stmt *hits, store_hit_fn cb, void *ctx)
{
	struct store_hit hit = { .snippet = "" };
	int rc;

	while ((rc = sqlite3_step(hits)) == SQLITE_ROW) {
		hit.id = sqlite3_column_int64(hits, 0);
		hit.path = store_col(hits, 1);
		hit.title = store_col(hits, 2);
		hit.source = store_col(hits, 3);
		hit.date = store_col(hits, 4);
		hit.fetch_date = store_col(hits, 5);
		if (!cb(&hit, ctx))
			return SQLITE_DONE;
	}
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Find the hits of the expression expr in q's order and pass them to cb
 * (to store_keep_hit when they need snippets first). */
static int
store_find_hits(struct store *s, const char *expr,
		const struct store_query *q, store_hit_fn cb, void *ctx)
{
	sqlite3_stmt *hits = NULL;
	int rc = store_prepare_hits(s, q, &hits);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(hits, 1, expr, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(hits, 2, q->limit == 0 || q->limit
					> INT64_MAX ? -1 : (int64_t)q->limit);
	if (rc == SQLITE_OK)
		rc = store_step_hits(hits, cb, ctx);
	sqlite3_finalize(hits);
	return rc;
}

/* Find the hits, give them their snippets, and pass them to cb in q's
 * order. */
static int
store_find_with_snippets(struct store *s, const char *expr,
			 const struct buf *tails, const struct store_query *q,
			 store_hit_fn cb, void *ctx)
{
	struct store_hits h = { .v = NULL }, by_id;
	int64_t *ids;
	size_t i;
	int rc = store_find_hits(s, expr, q, store_keep_hit, &h);

	/* by_id: the same hits (sharing their strings) sorted by id. */
	by_id.n = by_id.cap = h.n;
	by_id.v = xreallocarray(NULL, h.n + 1, sizeof *by_id.v);
	ids = xreallocarray(NULL, h.n + 1, sizeof *ids);
	for (i = 0; i < h.n; i++)
		ids[i] = h.v[i].id;
	if (h.n > 0) {	/* h.v is NULL without hits */
		memcpy(by_id.v, h.v, h.n * sizeof *by_id.v);
		qsort(by_id.v, h.n, sizeof *by_id.v, store_cmp_hit_id);
	}
	if (rc == SQLITE_OK && h.n > 0)
		rc = store_run_snippets(s, expr, tails, q, ids, h.n,
					store_give_snippet, &by_id);
	for (i = 0; i < h.n; i++)
		h.v[i].snippet = ((struct store_hit *)bsearch(&h.v[i], by_id.v,
			h.n, sizeof *by_id.v, store_cmp_hit_id))->snippet;
	for (i = 0; rc == SQLITE_OK && i < h.n && cb(&h.v[i], ctx); i++)
		;
	free(by_id.v);
	free(ids);
	store_hits_fini(&h);
	return rc;
}

/* Search the index; see store.h and HACKING.md for the rules. */
bool
store_search(struct store *s, const struct store_query *q, store_hit_fn cb,
	     void *ctx, struct err *err)
{
	struct buf expr, tails;
	int rc = SQLITE_OK;

	buf_init(&expr);
	buf_init(&tails);
	if (store_match_expr(q->text, &expr, &tails) > 0 && q->snippets)
		rc = store_find_with_snippets(s, buf_str(&expr), &tails, q, cb,
					      ctx);
	else if (expr.len > 0)
		rc = store_find_hits(s, buf_str(&expr), q, cb, ctx);
	buf_fini(&tails);
	buf_fini(&expr);
	return rc == SQLITE_OK || rc == SQLITE_DONE
		|| store_read_failed(s, rc, err);
}

/* Make the snippets of some articles; see store.h. */
bool
store_snippets(struct store *s, const struct store_query *q,
	       const int64_t *ids, size_t n, store_snippet_fn cb, void *ctx,
	       struct err *err)
{
	struct buf expr, tails;
	int rc = SQLITE_OK;

	buf_init(&expr);
	buf_init(&tails);
	if (n > 0 && store_match_expr(q->text, &expr, &tails) > 0)
		rc = store_run_snippets(s, buf_str(&expr), &tails, q, ids, n,
					cb, ctx);
	buf_fini(&tails);
	buf_fini(&expr);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

/* Count the matches of a query; see store.h. */
bool
store_count_matches(struct store *s, const char *text, size_t *n,
		    struct err *err)
{
	static const char sql[] =
		"SELECT count(*)\n"
		"FROM article_fts JOIN article AS a ON a.id = article_fts.rowid\n"
		"WHERE article_fts MATCH ?1 AND NOT a.missing\n"
		"	AND a.text_indexed";
	struct buf expr;
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_OK;

	*n = 0;
	buf_init(&expr);
	if (store_match_expr(text, &expr, NULL) > 0
	    && (rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL)) == SQLITE_OK
	    && (rc = sqlite3_bind_text(st, 1, buf_str(&expr), -1,
				       SQLITE_STATIC)) == SQLITE_OK
	    && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = (size_t)sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	buf_fini(&expr);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

