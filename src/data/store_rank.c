/* SPDX-License-Identifier: MIT */
/*
 * store_rank.c: the relevance of a full-text match, "tsundoku_rank",
 * and the row ids of full-text entries, which carry what it needs.
 *
 * FTS5's bm25() reads each match's length from the %_docsize table: a
 * B-tree lookup per match, 24 of the 36 ms that ranking a term found in
 * 45,000 articles of a shard took (issue 16). tsundoku_rank is the same
 * Okapi BM25 (k1 1.2, b 0.75, the same column weights, the same
 * inverse document frequency), with two differences:
 *
 * - The length of a match is read from its row id, where the indexer
 *   put it when it inserted the entry (store_fts_rowid_make): a class
 *   of its token count on a scale of 2 % steps. The scores are those of
 *   bm25 with each length rounded to within 1 %.
 * - A query of one term skips the count of the articles holding it: the
 *   inverse document frequency multiplies every score alike there, so
 *   the order does not change. It also makes the scores of the two
 *   shards agree exactly.
 *
 * A row id: the length class in bits 0-9, the article id in bits 10-41,
 * the generation of its text in bits 42-57 (store_article.c: an edited
 * text gets a new entry, the old one cannot be deleted). The class is
 * lowest so that the row ids of a run of new articles ascend with their
 * ids: FTS5 writes out its pending entries whenever a row id is smaller
 * than the one before, so with the class on top nearly every article
 * made a small segment of its own to merge, and indexing 100,000
 * articles took a third more CPU and bytes written.
 */
#include "config.h"
#include "data/store.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "data/store_impl.h"
#include "base/xmem.h"

#define FTS_LEN_BITS STORE_FTS_LEN_BITS
#define FTS_GEN_SHIFT (FTS_LEN_BITS + 32)

#define RANK_K1 1.2
#define RANK_B 0.75
/* One length class to the next: a token count 2 % larger. */
#define RANK_LEN_STEP 1.02
#define RANK_LEN_CLASSES (1 << FTS_LEN_BITS)	/* up to 6e8 tokens */
#define RANK_COLS 3		/* title, source, body */

/* The class of a text of n tokens: the nearest step of the scale. */
static unsigned
rank_len_class(size_t n)
{
	double c = floor(log1p((double)n) / log(RANK_LEN_STEP) + 0.5);

	return c >= RANK_LEN_CLASSES - 1 ? RANK_LEN_CLASSES - 1 : (unsigned)c;
}

/* The token count a length class stands for. */
static double
rank_len_of_class(unsigned c)
{
	return expm1((double)c * log(RANK_LEN_STEP));
}

int64_t
store_fts_rowid_make(int64_t id, unsigned gen, size_t n_tokens)
{
	return (int64_t)rank_len_class(n_tokens) |
	       (id & STORE_FTS_ID_MASK) << FTS_LEN_BITS |
	       (int64_t)(gen & STORE_FTS_GEN_MAX) << FTS_GEN_SHIFT;
}

unsigned
store_fts_rowid_gen(int64_t rowid)
{
	return (unsigned)(rowid >> FTS_GEN_SHIFT) & STORE_FTS_GEN_MAX;
}

/* What a query's ranking needs once: the column weights, the average
 * length, and each phrase's inverse document frequency. */
struct rank_query {
	double weight[RANK_COLS];
	double avg_len;
	int n_phrases;
	double idf[];
};

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
 * 1e-6, for a phrase in n of N entries; 1 for every phrase of a query of
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

/* Make the query's struct rank_query from the function's arguments. */
static int
rank_query_new(const Fts5ExtensionApi *api, Fts5Context *fts, int n_val,
	       sqlite3_value **val, struct rank_query **out)
{
	int n = api->xPhraseCount(fts);
	struct rank_query *q = xcalloc(1, sizeof *q + (size_t)n * sizeof
				       q->idf[0]);
	sqlite3_int64 rows = 0, tokens = 0;
	int rc;

	q->n_phrases = n;
	for (int c = 0; c < RANK_COLS; c++)
		q->weight[c] = c < n_val ? sqlite3_value_double(val[c]) : 1.0;
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

/* tsundoku_rank(article_fts, weight...): the match's BM25 score, negated
 * so that ORDER BY puts the best first, as bm25() does. */
static void
rank_function(const Fts5ExtensionApi *api, Fts5Context *fts,
	      sqlite3_context *ctx, int n_val, sqlite3_value **val)
{
	struct rank_query *q = api->xGetAuxdata(fts, 0);
	double len, norm, score = 0.0;
	int rc = SQLITE_OK;

	if (q == NULL) {
		rc = rank_query_new(api, fts, n_val, val, &q);
		if (rc == SQLITE_OK)
			rc = api->xSetAuxdata(fts, q, free);
		else
			free(q);
		if (rc != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
	}
	len = rank_len_of_class((unsigned)api->xRowid(fts) &
				(RANK_LEN_CLASSES - 1));
	norm = RANK_K1 * (1.0 - RANK_B + RANK_B * len / q->avg_len);
	for (int i = 0; i < q->n_phrases && rc == SQLITE_OK; i++) {
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
store_register_rank(fts5_api *api)
{
	return api->xCreateFunction(api, "tsundoku_rank", NULL, rank_function,
				    NULL);
}
