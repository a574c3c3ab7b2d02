/* SPDX-License-Identifier: MIT */
/*
 * store_rank.c: the relevance of a full-text match, "tsundoku_rank".
 *
 * FTS5's bm25() reads each match's length from the shard's %_docsize
 * table: a B-tree lookup per match, 24 of the 36 ms that ranking a term
 * found in 45,000 articles of a shard took (issue 16). tsundoku_rank is
 * the same Okapi BM25 (k1 1.2, b 0.75, the same column weights, the same
 * lengths, the same inverse document frequency), with two differences:
 *
 * - The lengths come from a copy of each shard's %_docsize in memory
 *   (struct store_rank_lens), read in row id order, as FTS5 gives the
 *   matches. Entries never change and are never deleted (store_search.c),
 *   so the copy is never stale: each query first appends the entries
 *   added since, and a match missing from it (an entry whose row id is
 *   below the last one copied) is looked up as bm25 does. 12 bytes per
 *   article.
 * - A query of one term skips the count of the articles holding it: the
 *   inverse document frequency multiplies every score alike there, so
 *   the order does not change. It also makes the scores of the two
 *   shards agree exactly.
 */
#include "config.h"
#include "data/store.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "data/store_impl.h"
#include "base/xmem.h"

#define RANK_K1 1.2
#define RANK_B 0.75
#define RANK_COLS 3		/* title, source, body */

/* The lengths of one shard's entries, ascending by row id. */
struct store_rank_lens {
	int64_t *rowid;
	uint32_t *len;		/* tokens, every column together */
	size_t n, cap;
};

/* What a query's ranking needs once: the column weights, the average
 * length, each phrase's inverse document frequency, the shard's lengths
 * and where the last match was found in them. */
struct rank_query {
	double weight[RANK_COLS];
	double avg_len;
	const struct store_rank_lens *lens;
	size_t at;
	int n_phrases;
	double idf[];
};

/* Read a varint of FTS5's %_docsize blob at *p (before end) and advance
 * *p; 0 at the end. */
static uint32_t
rank_varint(const unsigned char **p, const unsigned char *end)
{
	uint32_t v = 0;

	for (int i = 0; *p < end && i < 5; i++) {
		unsigned char c = *(*p)++;
		v = v << 7 | (c & 0x7f);
		if (!(c & 0x80))
			break;
	}
	return v;
}

/* Append to l the entries of shard k (on db) past the last one it has. */
static int
rank_lens_update(struct store_rank_lens *l, sqlite3 *db, int k)
{
	sqlite3_stmt *st;
	char sql[96];
	int rc;

	snprintf(sql, sizeof sql, "SELECT id, sz FROM fts%d.article_fts_docsize"
		 " WHERE id > ?1 ORDER BY id", k);
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, l->n > 0 ? l->rowid[l->n - 1]
					: INT64_MIN);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_blob(st, 1);
		const unsigned char *end = p + sqlite3_column_bytes(st, 1);
		uint32_t len = 0;

		while (p != NULL && p < end)
			len += rank_varint(&p, end);
		if (l->n == l->cap) {
			l->cap = l->cap * 2 + 1024;
			l->rowid = xreallocarray(l->rowid, l->cap,
						 sizeof *l->rowid);
			l->len = xreallocarray(l->len, l->cap, sizeof *l->len);
		}
		l->rowid[l->n] = sqlite3_column_int64(st, 0);
		l->len[l->n++] = len;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Find the length of the entry rowid in q's lens, searching on from the
 * last match's place (FTS5 gives matches in row id order); return
 * whether it is there (never without a copy: s was NULL). */
static bool
rank_len_of(struct rank_query *q, int64_t rowid, double *len)
{
	const struct store_rank_lens *l = q->lens;
	size_t lo = q->at, hi;

	if (l == NULL)
		return false;
	if (lo >= l->n || l->rowid[lo] > rowid)
		lo = 0;		/* went back: search it all */
	for (hi = lo + 1; hi < l->n && l->rowid[hi] <= rowid; )
		hi = lo + (hi - lo) * 2;	/* gallop */
	if (hi > l->n)
		hi = l->n;
	while (lo + 1 < hi) {	/* l->rowid[lo] <= rowid < l->rowid[hi] */
		size_t mid = lo + (hi - lo) / 2;
		if (l->rowid[mid] <= rowid)
			lo = mid;
		else
			hi = mid;
	}
	q->at = lo;
	if (lo >= l->n || l->rowid[lo] != rowid)
		return false;
	*len = l->len[lo];
	return true;
}

/* xQueryPhrase callback: count one more article holding the phrase. */
static int
rank_count_hit(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
	(void)api;
	(void)fts;
	++*(sqlite3_int64 *)ctx;
	return SQLITE_OK;
}

/* Fill q->idf as bm25 does: log((N - n + 0.5) / (n + 0.5)), at least
 * 1e-6, for a phrase in n of N entries; 1 for the phrase of a query of
 * one. */
static int
rank_idf(const Fts5ExtensionApi *api, Fts5Context *fts, struct rank_query *q,
	 sqlite3_int64 rows)
{
	int rc = SQLITE_OK;

	for (int i = 0; i < q->n_phrases && rc == SQLITE_OK; i++) {
		sqlite3_int64 hits = 0;

		q->idf[i] = 1.0;
		if (q->n_phrases == 1)
			break;
		rc = api->xQueryPhrase(fts, i, &hits, rank_count_hit);
		q->idf[i] = log(((double)(rows - hits) + 0.5) /
				((double)hits + 0.5));
		if (q->idf[i] <= 0.0)
			q->idf[i] = 1e-6;
	}
	return rc;
}

/* Make the query's struct rank_query, at its first match (row id rowid,
 * in shard rowid's article id % STORE_SHARDS, on db), from the
 * function's arguments. */
static int
rank_query_new(struct store *s, sqlite3 *db, const Fts5ExtensionApi *api,
	       Fts5Context *fts, int n_val, sqlite3_value **val,
	       struct rank_query **out)
{
	int n = api->xPhraseCount(fts);
	int k = (int)((api->xRowid(fts) & STORE_FTS_ID_MASK) % STORE_SHARDS);
	struct rank_query *q = xcalloc(1, sizeof *q + (size_t)n * sizeof
				       q->idf[0]);
	sqlite3_int64 rows = 0, tokens = 0;
	int rc;

	q->lens = s != NULL ? &s->rank_lens[k] : NULL;
	q->n_phrases = n;
	for (int c = 0; c < RANK_COLS; c++)
		q->weight[c] = c < n_val ? sqlite3_value_double(val[c]) : 1.0;
	rc = q->lens != NULL ? rank_lens_update(&s->rank_lens[k], db, k)
			     : SQLITE_OK;
	if (rc == SQLITE_OK)
		rc = api->xRowCount(fts, &rows);
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &tokens);
	q->avg_len = rows > 0 && tokens > 0 ? (double)tokens / (double)rows
					    : 1.0;
	if (rc == SQLITE_OK)
		rc = rank_idf(api, fts, q, rows);
	*out = q;
	return rc;
}

/* Return in *q the current query's struct rank_query, made at its first
 * match. */
static int
rank_query_get(const Fts5ExtensionApi *api, Fts5Context *fts,
	       sqlite3_context *ctx, int n_val, sqlite3_value **val,
	       struct rank_query **q)
{
	int rc;

	if ((*q = api->xGetAuxdata(fts, 0)) != NULL)
		return SQLITE_OK;
	rc = rank_query_new(api->xUserData(fts), sqlite3_context_db_handle(ctx),
			    api, fts, n_val, val, q);
	if (rc == SQLITE_OK)
		return api->xSetAuxdata(fts, *q, free);
	free(*q);
	return rc;
}

/* tsundoku_rank(article_fts, weight...): the match's BM25 score, negated
 * so that ORDER BY puts the best first, as bm25() does. */
static void
rank_function(const Fts5ExtensionApi *api, Fts5Context *fts,
	      sqlite3_context *ctx, int n_val, sqlite3_value **val)
{
	struct rank_query *q;
	double len = 0.0, norm, score = 0.0;
	int rc = rank_query_get(api, fts, ctx, n_val, val, &q);

	if (rc == SQLITE_OK && !rank_len_of(q, api->xRowid(fts), &len)) {
		int n = 0;
		rc = api->xColumnSize(fts, -1, &n);	/* not copied yet */
		len = n;
	}
	norm = RANK_K1 * (1.0 - RANK_B + RANK_B * len /
			  (rc == SQLITE_OK ? q->avg_len : 1.0));
	for (int i = 0; rc == SQLITE_OK && i < q->n_phrases; i++) {
		Fts5PhraseIter it;
		int col, off;
		double f = 0.0;

		rc = api->xPhraseFirst(fts, i, &it, &col, &off);
		for (; rc == SQLITE_OK && col >= 0;
		     api->xPhraseNext(fts, &it, &col, &off))
			f += col < RANK_COLS ? q->weight[col] : 1.0;
		score += q->idf[i] * f * (RANK_K1 + 1.0) / (f + norm);
	}
	if (rc == SQLITE_OK)
		sqlite3_result_double(ctx, -score);
	else
		sqlite3_result_error_code(ctx, rc);
}

int
store_register_rank(struct store *s, fts5_api *api)
{
	/* Here, before any search: two threads may rank at once. */
	if (s != NULL && s->rank_lens == NULL)
		s->rank_lens = xcalloc(STORE_SHARDS, sizeof *s->rank_lens);
	return api->xCreateFunction(api, "tsundoku_rank", s, rank_function,
				    NULL);
}

void
store_rank_free(struct store *s)
{
	for (int k = 0; s->rank_lens != NULL && k < STORE_SHARDS; k++) {
		free(s->rank_lens[k].rowid);
		free(s->rank_lens[k].len);
	}
	free(s->rank_lens);
	s->rank_lens = NULL;
}
