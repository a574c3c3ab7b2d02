/* SPDX-License-Identifier: MIT */
/*
 * store_search.c: the archive-wide full-text index: the "tsundoku" FTS5
 * tokenizer every connection registers, and the queries that search it.
 *
 * Why this tokenizer: FTS5's trigram tokenizer misses every
 * 2-character Chinese query and silently drops short terms, and unicode61
 * makes a whole CJK run one token. Bigrams, plus a token for the last
 * character of each run (so every character starts a token), plus a
 * prefix on each term's last token turn every CJK substring query, one
 * character included, into an index lookup; a scan would have to fold
 * every body on each query (instr() misses ｶﾞ against ガ). A term whose
 * last token is a CJK bigram gets no star (no longer token starts with
 * it, and FTS5 reads a prefix's lists whole); a query leaves out the
 * single character ending a CJK run when a bigram before it holds it.
 * Nothing the user types is syntax: each term is a quoted phrase, AND
 * between terms. Latin words match by prefix at a word's start only;
 * within a term separators are ignored (linux-kernel finds "Linux
 * kernel"); each term may match in title, source or body; simplified
 * and traditional characters are different. Hits come newest first, or
 * by relevance (tsundoku_rank, store_rank.c: bm25 without a lookup per
 * match) weighing title 10, source 4, body 1; missing rows and rows
 * whose text is not indexed yet are left out.
 *
 * Newest first, store_find_hits reads the matching ids from FTS5 alone
 * and, when they are many, walks article_by_date keeping the hits until
 * the page is full; a one-character CJK query's first page is read from
 * the newest articles' text (store_scan_hits) until it looks common
 * enough to ask the index.
 *
 * The index is in two shard files beside the database (migration 13,
 * store_fts_db), each written by its own thread, so FTS5's work runs on
 * both cores; a query asks both (UNION ALL) on a connection of its own.
 * It is contentless (migration 12): the text is in the archive,
 * and a copy was half the database. Snippets and the one-character scan
 * read the article's file and render it as the indexer does
 * (store_snip_texts); a quarantined or vanished file has no text, and
 * its title serves. SQLite 3.40 deletes a contentless row only when
 * given its old text again, which an edited file no longer has, so
 * entries are never deleted: article.fts_rowid names the entry holding
 * the current text (store_put_fts), and every query keeps a match only
 * where fts_rowid is the matching rowid (a.id = STORE_FTS_ID(rowid) AND
 * a.fts_rowid = rowid). Stale entries match nothing and cost disk space
 * until the table is rebuilt. Changing the tokenizer changes what the
 * index holds: rename the shard files (store_shard_path), so that new
 * ones are made and every text indexed again (a contentless table cannot
 * 'rebuild'); HACKING.md, "How to add". Figures in bench/README.md.
 */
#include "config.h"
#include "data/store.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/buf.h"
#include "base/err.h"
#include "document/doc.h"
#include "text/fold.h"
#include "base/i18n.h"
#include "text/search.h"
#include "text/snippet.h"
#include "data/store_impl.h"
#include "document/shown.h"
#include "document/tidy.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* Columns of text a search snippet shows at most. */
#define STORE_SNIPPET_COLS 96
/* The newest-first order of search results, as in the list. */
#define STORE_NEWEST_FIRST_BARE "date DESC, fetch_date DESC, title, path"
#define STORE_NEWEST_FIRST "a.date DESC, a.fetch_date DESC, a.title, a.path"
/* A match's relevance (store_rank.c): titles weigh most, then sources,
 * then bodies. */
#define STORE_RANK_FN "tsundoku_rank(article_fts, 10.0, 4.0, 1.0)"

/* Prepare in *st the query of cols of the searchable articles in the
 * scope, walked newest first through the date index. */
static int
store_prepare_by_date(struct store *s, const char *cols, sqlite3_stmt **st)
{
	struct buf sql;
	int rc;

	buf_init(&sql);
	buf_printf(&sql, "SELECT %s FROM article INDEXED BY article_by_date\n"
		   "WHERE NOT missing AND text_indexed\n", cols);
	store_scope_sql(s, "path", &sql);
	buf_adds(&sql, "ORDER BY " STORE_NEWEST_FIRST_BARE);
	rc = sqlite3_prepare_v2(s->db, buf_str(&sql), -1, st, NULL);
	buf_fini(&sql);
	return rc;
}

/*
 * The "tsundoku" FTS5 tokenizer (HACKING.md, "Archive-wide search"). Text
 * is folded with fold.h, as in-article search folds it, and split into
 * CJK characters, words and separators. Every character of a CJK run is
 * one token: itself and the next character of the run (a bigram), or
 * itself alone at the end of the run; its offsets are its own source
 * bytes, so a highlight covers exactly the characters matched. A word is
 * a run of other letters and digits. Queries go through the same code.
 */

/* A tokenizer instance: scratch space reused from one text to the next,
 * and the connection's store, whose pretok it replays. */
struct store_tok {
	struct fold fold;
	struct store *s;
};

/* The tokens of one article made ahead (store.h). data holds, per token,
 * a struct store_tok_rec and then its bytes; column i's records are
 * data[at[i]..at[i + 1]). */
struct store_tokens {
	const char *text[3];	/* title, source, body, as given */
	size_t len[3];
	size_t at[4];
	struct buf data;
};

/* One token of a struct store_tokens, as FTS5's xToken takes it. */
struct store_tok_rec {
	int len, start, end;
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

/* FTS5 xCreate: make a tokenizer for the store s; it takes no
 * arguments. */
static int
store_tok_create(void *s, const char **argv, int argc, Fts5Tokenizer **out)
{
	struct store_tok *t;

	if (argc != 0)
		return SQLITE_ERROR;
	t = xcalloc(1, sizeof *t);
	t->s = s;
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

/* Give FTS5 the tokens made ahead for text[0..len) when pre holds them
 * (the same bytes as one of its texts); return SQLITE_NOTFOUND when it
 * does not, and the text must be tokenized here. */
static int
store_tok_replay(const struct store_tokens *pre, const char *text, size_t len,
		 void *ctx,
		 int (*token)(void *, int, const char *, int, int, int))
{
	struct store_tok_rec rec;
	int rc = SQLITE_OK;
	int i = 0;

	while (i < 3 && (pre->text[i] == NULL || pre->len[i] != len ||
			 memcmp(pre->text[i], text, len) != 0))
		i++;
	if (i == 3)
		return SQLITE_NOTFOUND;
	for (size_t p = pre->at[i]; p < pre->at[i + 1] && rc == SQLITE_OK;
	     p += sizeof rec + (size_t)rec.len) {
		memcpy(&rec, pre->data.data + p, sizeof rec);
		rc = token(ctx, 0, pre->data.data + p + sizeof rec, rec.len,
			   rec.start, rec.end);
	}
	return rc;
}

/* FTS5 xTokenize: fold text[0..len) and emit its tokens; documents,
 * queries and highlights are all tokenized the same way. A document
 * whose tokens the indexer made ahead (store.pretok) is replayed. */
static int
store_tok_tokenize(Fts5Tokenizer *tok, void *ctx, int flags,
		   const char *text, int len,
		   int (*token)(void *, int, const char *, int, int, int))
{
	struct store_tok *t = (struct store_tok *)tok;
	struct store_tok_out out = { .fold = &t->fold, .ctx = ctx,
				     .token = token,
				     .query = (flags & FTS5_TOKENIZE_QUERY) != 0 };
	int rc;

	if (len <= 0)
		return SQLITE_OK;
	if (!out.query && t->s != NULL && t->s->pretok != NULL &&
	    (rc = store_tok_replay(t->s->pretok, text, (size_t)len, ctx,
				   token)) != SQLITE_NOTFOUND)
		return rc;
	fold_text(text, (size_t)len, &t->fold);
	return search_tokens(t->fold.text, t->fold.len, store_tok_emit, &out);
}

/* xToken for store_tokens_new: append one token to the struct
 * store_tokens ctx. */
static int
store_tokens_add(void *ctx, int flags, const char *tok, int len, int start,
		 int end)
{
	struct store_tokens *t = ctx;
	struct store_tok_rec rec = { .len = len, .start = start, .end = end };

	(void)flags;
	buf_add(&t->data, (const char *)&rec, sizeof rec);
	buf_add(&t->data, tok, (size_t)len);
	return SQLITE_OK;
}

struct store_tokens *
store_tokens_new(const char *title, const char *source, const char *body,
		 size_t body_len)
{
	struct store_tokens *t = xcalloc(1, sizeof *t);
	struct fold fold;
	struct store_tok_out out = { .fold = &fold, .ctx = t,
				     .token = store_tokens_add };

	t->text[0] = title;
	t->len[0] = title != NULL ? strlen(title) : 0;
	t->text[1] = source;
	t->len[1] = source != NULL ? strlen(source) : 0;
	t->text[2] = body;
	t->len[2] = body != NULL ? body_len : 0;
	buf_init(&t->data);
	buf_reserve(&t->data, 4 * (t->len[0] + t->len[1] + t->len[2]));
	fold_init(&fold);
	for (int i = 0; i < 3; i++) {
		t->at[i] = t->data.len;
		if (t->len[i] == 0)
			continue;
		fold_text(t->text[i], t->len[i], &fold);
		out.prev_end = NULL;
		search_tokens(fold.text, fold.len, store_tok_emit, &out);
	}
	t->at[3] = t->data.len;
	fold_fini(&fold);
	return t;
}

void
store_tokens_free(struct store_tokens *t)
{
	if (t == NULL)
		return;
	buf_fini(&t->data);
	free(t);
}

/* Register the "tsundoku" tokenizer and the "tsundoku_rank" function
 * (store_rank.c) on s's connection; every connection needs them before
 * it touches article_fts. */
int
store_register_tokenizer(struct store *s, sqlite3 *db)
{
	fts5_tokenizer tokenizer = {
		.xCreate = store_tok_create,
		.xDelete = store_tok_delete,
		.xTokenize = store_tok_tokenize,
	};
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;	/* "no such function": built without FTS5 */
	rc = sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (rc == SQLITE_OK && (api == NULL || api->iVersion < 2))
		rc = SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = api->xCreateTokenizer(api, "tsundoku", s, &tokenizer,
					   NULL);
	if (rc == SQLITE_OK)
		rc = store_register_rank(s, api);
	return rc;
}

/* What store_term_token learns about a query term's tokens. */
struct store_term {
	size_t n;		/* tokens */
	const char *prev_end;	/* where the previous token's bytes end */
	bool tail;		/* the last token is the last character of
				   the bigram before it */
};

/* search_token_fn that counts a term's tokens and notes whether the last
 * one is the tail of a bigram, which queries drop (store_tok_emit). */
static int
store_term_token(void *ctx, const char *tok, size_t len, size_t start,
		 size_t end)
{
	struct store_term *t = ctx;

	(void)start;
	(void)end;
	t->n++;
	t->tail = t->prev_end == tok + len;
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
 * tokens, and all are ANDed; return the number of terms (0: nothing to
 * search). The phrase's last token is a prefix ("kernel" finds kernels,
 * "的" every bigram starting with 的) unless it is a CJK bigram, which
 * no longer token starts with: FTS5 reads a prefix's lists whole, a
 * plain token's as it goes (量子计算 at 100,000 articles: 8.5 -> 3.4 ms). */
static size_t
store_match_expr(const char *q, struct buf *out)
{
	struct fold f;
	size_t i = 0, j, n = 0, off, end;

	fold_init(&f);
	fold_text(q, strlen(q), &f);
	while (i < f.len) {
		for (; i < f.len && fold_is_blank(f.text[i]); i++)
			;
		for (j = i; j < f.len && !fold_is_blank(f.text[j]); j++)
			;
		struct store_term term = { .n = 0 };
		search_tokens(f.text + i, j - i, store_term_token, &term);
		if (term.n > 0) {
			/* The raw term: FTS5 folds it like the documents. */
			fold_map(&f, i, j, &off, &end);
			buf_adds(out, n++ > 0 ? " AND " : "");
			store_quote(out, q + off, end - off);
			if (!term.tail)
				buf_addc(out, '*');
		}
		i = j;
	}
	fold_fini(&f);
	return n;
}

/*
 * Snippets are cut by snippet.c from the body as the reader shows it
 * (shown.h: read from the file and tidied, when the query gives rules),
 * else from the indexed text, not by FTS5's
 * snippet(): that one tokenizes the whole article again for each (half a
 * millisecond for 9 KB), and asking FTS5 for given rows means evaluating
 * the whole query again, which for a term in most articles costs more
 * than the search itself.
 */

/* What a snippet is made with: the query, a statement reading one
 * article's indexed text and where its file is, and the rules that tidy
 * the file's text. */
struct store_snip {
	struct snippet_query query;
	struct snippet_marks marks;
	const struct tidy_rules *tidy;	/* NULL: no shown text */
	sqlite3_stmt *text;	/* an article's path, title and source */
	struct buf body;	/* its rendered text, from its file */
	struct buf shown;	/* the same as the reader shows it (shown.h) */
	struct buf out;
};

/* Prepare sn for query q on s. */
static int
store_snip_init(struct store_snip *sn, struct store *s,
		const struct store_query *q)
{
	snippet_query_init(&sn->query, q->text);
	sn->marks.open = q->mark_open ? q->mark_open : "";
	sn->marks.close = q->mark_close ? q->mark_close : "";
	sn->tidy = q->tidy;
	buf_init(&sn->body);
	buf_init(&sn->shown);
	buf_init(&sn->out);
	return sqlite3_prepare_v2(s->db, "SELECT path, title, source,\n"
				  "	quarantined IS NOT NULL\n"
				  "FROM article WHERE id = ?1", -1,
				  &sn->text, NULL);
}

static void
store_snip_fini(struct store_snip *sn)
{
	sqlite3_finalize(sn->text);
	snippet_query_fini(&sn->query);
	buf_fini(&sn->body);
	buf_fini(&sn->shown);
	buf_fini(&sn->out);
}

/* Put the texts of document d in sn: its blocks joined, as the indexer
 * renders them, in sn->body; and when sn has rules, the same tidied as
 * the reader shows it (shown.h) in sn->shown. */
static void
store_snip_render(struct store_snip *sn, struct doc *d, bool shown)
{
	for (size_t i = 0; i < d->n_blocks; i++) {
		if (i > 0)
			buf_addc(&sn->body, '\n');
		buf_add(&sn->body, d->blocks[i].text, d->blocks[i].text_len);
	}
	if (shown && sn->tidy != NULL) {
		tidy_doc(d, sn->tidy);
		shown_text(d, &sn->shown);
	}
}

/* Read the texts of article id into t and n: its body, rendered from its
 * file as the indexer renders it (the index keeps no copy: store_open.c,
 * migration 12), its title and its source; a text that is missing (a
 * file that cannot be read, or is quarantined) is NULL. With shown, also
 * the body as the reader shows it in sn->shown (empty without rules or
 * a file). The texts live until the next call. Return SQLite's result
 * code (SQLITE_DONE: no such row, every text NULL). */
static int
store_snip_texts(struct store_snip *sn, int64_t id, bool shown,
		 const char *t[3], size_t n[3])
{
	int rc = sqlite3_bind_int64(sn->text, 1, id);
	struct doc *d = NULL;

	buf_clear(&sn->body);
	buf_clear(&sn->shown);
	for (int i = 0; i < 3; i++) {
		t[i] = NULL;
		n[i] = 0;
	}
	sqlite3_reset(sn->text);
	if (rc != SQLITE_OK || (rc = sqlite3_step(sn->text)) != SQLITE_ROW)
		return rc;
	const char *path = store_col(sn->text, 0);
	if (path != NULL && sqlite3_column_int(sn->text, 3) == 0 &&
	    doc_load(path, &d, NULL)) {
		store_snip_render(sn, d, shown);
		doc_free(d);
		t[0] = sn->body.len > 0 ? sn->body.data : "";
		n[0] = sn->body.len;
	}
	for (int i = 1; i < 3; i++) {
		t[i] = store_col(sn->text, i);
		n[i] = (size_t)sqlite3_column_bytes(sn->text, i);
	}
	return SQLITE_ROW;
}

/* Make the snippet of the article id in sn->out from the first that
 * holds a term of: its body as the reader shows it, title, source and
 * body as indexed (store.h, store_snippets); "" when none does or the
 * article has no indexed text. Return SQLite's result code. */
static int
store_snip_make(struct store_snip *sn, int64_t id)
{
	const char *t[3];
	size_t n[3];
	int rc = store_snip_texts(sn, id, true, t, n);

	buf_clear(&sn->out);
	if (rc == SQLITE_ROW) {
		bool shown = sn->shown.len > 0;
		const char *text[4] = { shown ? sn->shown.data : t[0], t[1],
					t[2], shown ? t[0] : NULL };
		size_t len[4] = { shown ? sn->shown.len : n[0], n[1], n[2],
				  n[0] };

		for (int i = 0; i < 4; i++)
			if (text[i] != NULL &&
			    snippet_make(&sn->query, text[i], len[i],
					 STORE_SNIPPET_COLS, &sn->marks,
					 &sn->out))
				break;
	}
	sqlite3_reset(sn->text);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* How long a write waits for another instance's lock (store_open.c). */
#define STORE_FTS_BUSY_TIMEOUT_MS 5000

/* Run sql on db, which takes no parameters; return SQLite's code. */
static int
store_fts_exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* Return whether some article row meets the condition where (a WHERE
 * clause and what follows it). */
static bool
store_fts_any(sqlite3 *db, const char *where)
{
	char sql[256];
	sqlite3_stmt *st;
	bool any = true;	/* when in doubt, update */

	snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM article %s)",
		 where);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		any = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return any;
}

/* Mark the texts of shard k's articles to be indexed again, and create
 * its table, when the shard attached to db has none: a new database,
 * the first open after migration 13, or a shard file lost. In that
 * order: a crash in between leaves no row pointing into a shard that
 * lacks its entry. */
static int
store_shard_create(sqlite3 *db, int k)
{
	char sql[256], where[64];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM fts%d.sqlite_master "
		 "WHERE name = 'article_fts'", k);
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0) > 0 ? SQLITE_DONE : SQLITE_OK;
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return rc == SQLITE_DONE ? SQLITE_OK : rc;
	snprintf(sql, sizeof sql, "PRAGMA fts%d.journal_mode=WAL", k);
	rc = store_fts_exec(db, sql);
	/* Only when some row points into the lost shard: the update
	 * waits for the database's lock, which the caller of a first
	 * store_fts_db may hold (store_put_article). */
	snprintf(where, sizeof where, "WHERE fts_rowid IS NOT NULL "
		 "AND id %% %d = %d", STORE_SHARDS, k);
	snprintf(sql, sizeof sql, "UPDATE article SET text_indexed = 0, "
		 "fts_rowid = NULL %s", where);
	if (rc == SQLITE_OK && store_fts_any(db, where))
		rc = store_fts_exec(db, sql);
	snprintf(sql, sizeof sql, "CREATE VIRTUAL TABLE IF NOT EXISTS "
		 "fts%d.article_fts USING fts5 (title, source, body, "
		 "tokenize = 'tsundoku', content = '')", k);
	if (rc == SQLITE_OK)
		rc = store_fts_exec(db, sql);
	return rc;
}

/* Attach shard k of s's full-text index to db as "fts<k>" (store_impl.h),
 * in s's mode (in memory when the database is), and set its modes; when
 * s is writable, create it if it is not there. */
static int
store_shard_attach(struct store *s, sqlite3 *db, int k, bool in_memory)
{
	char *path = store_shard_path(s->path, k);
	char *uri;
	char sql[64];
	sqlite3_stmt *st;
	int rc;

	if (s->readonly && !in_memory && access(path, F_OK) != 0) {
		s->fts_absent |= 1u << k;	/* never indexed here */
		free(path);
		return SQLITE_OK;
	}
	uri = in_memory ? xstrdup(":memory:") : store_uri(path, s->immutable);

	snprintf(sql, sizeof sql, "ATTACH ?1 AS fts%d", k);
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, uri);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	free(uri);
	free(path);
	/* A search reads megabytes of FTS5 lists: 8 MB of cache, as the
	 * database had when it held the index (store_configure). */
	snprintf(sql, sizeof sql, "PRAGMA fts%d.cache_size=-8192", k);
	if (rc == SQLITE_OK)
		rc = store_fts_exec(db, sql);
	if (rc != SQLITE_OK || s->readonly)
		return rc;
	snprintf(sql, sizeof sql, "PRAGMA fts%d.synchronous=NORMAL", k);
	rc = store_fts_exec(db, sql);
	return rc == SQLITE_OK ? store_shard_create(db, k) : rc;
}

/* Attach the shards, in memory, to the connection of a database in
 * memory, which no other connection can see: it is its own search
 * connection. */
static int
store_fts_in_memory(struct store *s)
{
	int rc = SQLITE_OK;

	for (int k = 0; k < STORE_SHARDS && rc == SQLITE_OK; k++)
		rc = store_shard_attach(s, s->db, k, true);
	if (rc == SQLITE_OK)
		s->fts = s->db;
	return rc;
}

/* Open in *out a new connection to s's database file with every shard
 * attached. */
static int
store_fts_connect(struct store *s, sqlite3 **out)
{
	/* ATTACH opens with these flags: a writable store creates a
	 * missing shard. */
	int flags = SQLITE_OPEN_URI | (s->readonly ? SQLITE_OPEN_READONLY
		: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	char *uri = store_uri(s->path, s->immutable);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(uri, &db, flags, NULL);

	free(uri);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(db, STORE_FTS_BUSY_TIMEOUT_MS);
	if (rc == SQLITE_OK)
		rc = store_register_tokenizer(s, db);
	for (int k = 0; k < STORE_SHARDS && rc == SQLITE_OK; k++)
		rc = store_shard_attach(s, db, k, false);
	if (rc != SQLITE_OK) {
		sqlite3_close(db);
		db = NULL;
	}
	*out = db;
	return rc;
}

/* Return whether s's database is in memory, and so has one connection
 * alone. */
static bool
store_in_memory(struct store *s)
{
	const char *file = sqlite3_db_filename(s->db, "main");

	return file == NULL || *file == '\0';
}

int
store_fts_db(struct store *s, sqlite3 **out)
{
	int rc;

	*out = s->fts;
	if (s->fts != NULL)
		return SQLITE_OK;
	if (store_in_memory(s)) {
		rc = store_fts_in_memory(s);
		*out = s->fts;
		return rc;
	}
	rc = store_fts_connect(s, &s->fts);
	*out = s->fts;
	return rc;
}

/* Store in *out a second search connection, opened the first time, for
 * work beside the first's in another thread; NULL for a database in
 * memory, which has none. */
static int
store_fts_db_beside(struct store *s, sqlite3 **out)
{
	sqlite3 *first;
	int rc = store_fts_db(s, &first);	/* makes the shards */

	*out = NULL;
	if (rc != SQLITE_OK || store_in_memory(s))
		return rc;
	if (s->fts_beside == NULL)
		rc = store_fts_connect(s, &s->fts_beside);
	*out = s->fts_beside;
	return rc;
}

bool
store_shards_ready(struct store *s, struct err *err)
{
	sqlite3 *db;
	int rc = store_fts_db(s, &db);

	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

/* What the marker of s's shard k says (store_unsynced.c); a shard too
 * damaged to read is as one the machine stopped with. */
static enum store_unsynced
store_shard_unsynced(const struct store *s, int k)
{
	char *path = store_shard_path(s->path, k);
	enum store_unsynced was = store_unsynced_state(path);

	if (was != STORE_UNSYNCED_STOPPED && store_unsynced_damaged(path))
		was = STORE_UNSYNCED_STOPPED;
	free(path);
	return was;
}

/* Run fn (store_unsynced_empty or _end) on s's shard k. */
static int
store_shard_run(const struct store *s, int k, int (*fn)(const char *))
{
	char *path = store_shard_path(s->path, k);
	int rc = fn(path);

	free(path);
	return rc;
}

/* Empty each shard that a stopped machine may have left damaged, or
 * that is, with its articles' texts to index again, and sync one whose
 * writer died;
 * see store.h. A shard is emptied on a connection of its own before the
 * shards are attached, since one too damaged may not attach at all; it
 * is then a shard without its table, which store_shard_create makes
 * again as for a lost one. The marker goes last: a crash in between does
 * it all again. */
bool
store_shards_recover(struct store *s, int *n_emptied, struct err *err)
{
	enum store_unsynced was[STORE_SHARDS];
	bool files = !s->readonly && !store_in_memory(s);
	sqlite3 *db;
	int rc = SQLITE_OK;

	*n_emptied = 0;
	for (int k = 0; k < STORE_SHARDS && rc == SQLITE_OK; k++) {
		was[k] = files ? store_shard_unsynced(s, k) : STORE_SYNCED;
		if (was[k] == STORE_UNSYNCED_STOPPED &&
		    (rc = store_shard_run(s, k, store_unsynced_empty)) ==
		    SQLITE_OK)
			(*n_emptied)++;
	}
	if (rc == SQLITE_OK)
		rc = store_fts_db(s, &db);
	/* Attached before this call, a shard emptied since has no table. */
	for (int k = 0; k < STORE_SHARDS && rc == SQLITE_OK; k++)
		if (was[k] == STORE_UNSYNCED_STOPPED)
			rc = store_shard_create(db, k);
	for (int k = 0; k < STORE_SHARDS && rc == SQLITE_OK; k++)
		if (was[k] != STORE_SYNCED)
			rc = store_shard_run(s, k, store_unsynced_end);
	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

/* Prepare sql, which reads the shards, on s's search connection. */
static int
store_fts_prepare(struct store *s, const char *sql, sqlite3_stmt **st,
		  const char **tail)
{
	sqlite3 *db;
	int rc = store_fts_db(s, &db);

	return rc == SQLITE_OK ? sqlite3_prepare_v2(db, sql, -1, st, tail)
			       : rc;
}

void
store_fts_union(struct store *s, struct buf *sql, enum store_fts_cols cols)
{
	sqlite3 *db;
	int n = 0;

	store_fts_db(s, &db);	/* which shards are there; a failure shows
				   when the statement is prepared */
	for (int k = 0; k < STORE_SHARDS; k++) {
		if (s->fts_absent & (1u << k))
			continue;
		if (n++ > 0)
			buf_adds(sql, "\nUNION ALL ");
		buf_adds(sql, "SELECT rowid");
		if (cols != STORE_FTS_ROWIDS)
			buf_adds(sql, ", " STORE_RANK_FN " AS r");
		buf_printf(sql, " FROM fts%d.article_fts WHERE article_fts "
			   "MATCH ?1", k);
	}
	if (n == 0)	/* no shard: no match, the same parameters */
		buf_adds(sql, cols == STORE_FTS_ROWIDS
			 ? "SELECT NULL AS rowid WHERE ?1 IS NULL AND 0"
			 : "SELECT NULL AS rowid, NULL AS r "
			   "WHERE ?1 IS NULL AND ?2 IS NULL AND 0");
}

/* Prepare the statement that finds the articles matching ?1 in q's order,
 * at most ?2 of them, by joining every match with its article. */
static int
store_prepare_hits(struct store *s, const struct store_query *q,
		   sqlite3_stmt **st)
{
	/* Titles weigh most, then sources, then bodies. */
	static const char by_rank[] = "m.r, a.id";
	struct buf b;
	int rc;

	buf_init(&b);
	buf_adds(&b, "SELECT a.id, a.path, a.title, a.source, a.date, a.fetch_date\n"
		 "FROM (");
	store_fts_union(s, &b, STORE_FTS_RANKS);
	buf_adds(&b, ") AS m JOIN article AS a\n"
		 "	ON a.id = " STORE_FTS_ID("m.rowid")
		 " AND a.fts_rowid = m.rowid\n"
		 "WHERE NOT a.missing AND a.text_indexed\n");
	store_scope_sql(s, "a.path", &b);
	buf_printf(&b, "ORDER BY %s\nLIMIT ?2",
		   q->by_rank ? by_rank : STORE_NEWEST_FIRST);
	rc = store_fts_prepare(s, buf_str(&b), st, NULL);
	buf_fini(&b);
	return rc;
}

/* Where the hits of a search go: the caller's callback, with a snippet
 * made first when sn is not NULL. */
struct store_sink {
	store_hit_fn cb;
	void *ctx;
	struct store_snip *sn;
	size_t left;		/* hits still wanted; SIZE_MAX: all */
};

/* Call the sink's callback with the hit in the current row of st; return
 * SQLITE_OK to go on, SQLITE_DONE when enough were given or the callback
 * asked to stop, or a failure. */
static int
store_give_hit(sqlite3_stmt *st, struct store_sink *k)
{
	struct store_hit hit = {
		.id = sqlite3_column_int64(st, 0),
		.path = store_col(st, 1), .title = store_col(st, 2),
		.source = store_col(st, 3), .date = store_col(st, 4),
		.fetch_date = store_col(st, 5), .snippet = "",
	};
	int rc;

	if (k->sn != NULL) {
		if ((rc = store_snip_make(k->sn, hit.id)) != SQLITE_OK)
			return rc;
		hit.snippet = buf_str(&k->sn->out);
	}
	if (!k->cb(&hit, k->ctx))
		return SQLITE_DONE;
	if (k->left != SIZE_MAX && --k->left == 0)
		return SQLITE_DONE;
	return SQLITE_OK;
}

/* Give every row of the prepared, bound statement st to the sink; return
 * SQLITE_OK, SQLITE_DONE when the sink stopped early, or a failure. */
static int
store_give_rows(sqlite3_stmt *st, struct store_sink *k)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = store_give_hit(st, k)) != SQLITE_OK)
			return rc;
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Find the hits of expr by joining each with its article, and give them
 * to the sink in q's order. */
static int
store_join_hits(struct store *s, const char *expr,
		const struct store_query *q, struct store_sink *k)
{
	sqlite3_stmt *hits = NULL;
	int rc = store_prepare_hits(s, q, &hits);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(hits, 1, expr, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(hits, 2, q->limit == 0 || q->limit
					> INT64_MAX ? -1 : (int64_t)q->limit);
	if (rc == SQLITE_OK)
		rc = store_give_rows(hits, k);
	sqlite3_finalize(hits);
	return rc;
}

/*
 * A page by relevance: FTS5 ranks the matches alone (tsundoku_rank, titles
 * weighing most), without touching the articles, and only the best
 * STORE_RANK_AHEAD pages of them are looked up, in that order, and
 * filtered (missing, text pending, outside the scope, an entry no row
 * points at) until the page is full; when too many were filtered out,
 * the next best are ranked too. Joining every match with its article
 * before ranking was most of the time of a common term (issue 16). The
 * two shards are ranked at once, on two connections in two threads.
 */
#define STORE_RANK_AHEAD 4

/* Prepare in *row the lookup of the searchable article in the scope
 * whose full-text entry is ?1. */
static int
store_prepare_entry(struct store *s, sqlite3_stmt **row)
{
	struct buf sql;
	int rc;

	buf_init(&sql);
	buf_adds(&sql, "SELECT id, path, title, source, date, fetch_date\n"
		 "FROM article WHERE id = " STORE_FTS_ID("?1")
		 " AND fts_rowid = ?1\n"
		 "	AND NOT missing AND text_indexed\n");
	store_scope_sql(s, "path", &sql);
	rc = sqlite3_prepare_v2(s->db, buf_str(&sql), -1, row, NULL);
	buf_fini(&sql);
	return rc;
}

/* One ranked match: its entry's row id and score (smaller is better). */
struct store_ranked {
	int64_t rowid;
	double r;
};

/* The best matches of one shard, ranked on a connection of its own. */
struct store_rank_job {
	sqlite3 *db;		/* a search connection */
	int shard;
	const char *expr;
	int64_t want;		/* how many, -1: all */
	struct store_ranked *v;	/* best first */
	size_t n, cap;
	int rc;
};

/* Return the article id of the match m. */
static int64_t
store_ranked_id(const struct store_ranked *m)
{
	return m->rowid & STORE_FTS_ID_MASK;
}

/* Return whether a comes before b: the better score, then the smaller
 * article id, as the join of every match orders them. */
static bool
store_ranked_before(const struct store_ranked *a, const struct store_ranked *b)
{
	if (a->r != b->r)
		return a->r < b->r;
	return store_ranked_id(a) < store_ranked_id(b);
}

/* Rank the job's shard: fill j->v with its best j->want matches. A
 * thread's body, or called directly. */
static void *
store_rank_shard(void *arg)
{
	struct store_rank_job *j = arg;
	sqlite3_stmt *st = NULL;
	char sql[256];
	int rc;

	snprintf(sql, sizeof sql, "SELECT rowid, " STORE_RANK_FN " AS r "
		 "FROM fts%d.article_fts WHERE article_fts MATCH ?1\n"
		 "ORDER BY r, " STORE_FTS_ID("rowid") " LIMIT ?2", j->shard);
	j->n = 0;
	rc = sqlite3_prepare_v2(j->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, j->expr, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, j->want);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (j->n == j->cap)
			j->v = xreallocarray(j->v, j->cap = j->cap * 2 + 64,
					     sizeof *j->v);
		j->v[j->n].rowid = sqlite3_column_int64(st, 0);
		j->v[j->n++].r = sqlite3_column_double(st, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	j->rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	return NULL;
}

/* Rank every shard's best want matches (-1: all) into jobs[], the second
 * shard in a thread of its own on the second search connection when
 * there is one, so that both cores rank; return the first failure. */
static int
store_rank_shards(struct store *s, const char *expr, int64_t want,
		  struct store_rank_job jobs[STORE_SHARDS])
{
	sqlite3 *first, *beside = NULL;
	int rc = store_fts_db(s, &first);
	pthread_t thread;
	bool threaded = false;

	/* Without a second connection, the shards are ranked in turn. */
	if (rc == SQLITE_OK && store_fts_db_beside(s, &beside) != SQLITE_OK)
		beside = NULL;
	for (int k = 0; k < STORE_SHARDS; k++) {
		jobs[k].db = k > 0 && beside != NULL ? beside : first;
		jobs[k].shard = k;
		jobs[k].expr = expr;
		jobs[k].want = want;
		jobs[k].n = 0;
		jobs[k].rc = rc;
	}
	if (rc != SQLITE_OK)
		return rc;
	if (beside != NULL && !(s->fts_absent & (1u << 1)))
		threaded = pthread_create(&thread, NULL, store_rank_shard,
					  &jobs[1]) == 0;
	for (int k = 0; k < STORE_SHARDS; k++)
		if (!(s->fts_absent & (1u << k)) && !(k == 1 && threaded))
			store_rank_shard(&jobs[k]);
	if (threaded)
		pthread_join(thread, NULL);
	for (int k = 0; k < STORE_SHARDS && rc == SQLITE_OK; k++)
		rc = jobs[k].rc;
	return rc;
}

/* Give the sink the articles of the ranked entries of jobs, merged best
 * first, skipping the first *seen, and count them all in *seen; return
 * SQLITE_OK, SQLITE_DONE when the sink has enough, or a failure. */
static int
store_give_ranked(const struct store_rank_job jobs[STORE_SHARDS],
		  sqlite3_stmt *row, size_t *seen, struct store_sink *k)
{
	size_t at[STORE_SHARDS] = { 0 }, skip = *seen;
	int rc = SQLITE_OK;

	*seen = 0;
	for (;;) {
		const struct store_ranked *best = NULL;
		int from = 0;

		for (int j = 0; j < STORE_SHARDS; j++)
			if (at[j] < jobs[j].n && (best == NULL ||
			    store_ranked_before(&jobs[j].v[at[j]], best)))
				best = &jobs[from = j].v[at[j]];
		if (best == NULL)
			return SQLITE_OK;
		at[from]++;
		if ((*seen)++ < skip)
			continue;
		sqlite3_reset(row);
		rc = sqlite3_bind_int64(row, 1, best->rowid);
		if (rc == SQLITE_OK && (rc = sqlite3_step(row)) == SQLITE_ROW)
			rc = store_give_hit(row, k);
		else if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
		if (rc != SQLITE_OK)
			return rc;
	}
}

/* Give the sink the first q->limit (> 0) hits of expr by relevance. */
static int
store_rank_hits(struct store *s, const char *expr,
		const struct store_query *q, struct store_sink *k)
{
	struct store_rank_job jobs[STORE_SHARDS] = { { .v = NULL } };
	sqlite3_stmt *row = NULL;
	size_t want = STORE_RANK_AHEAD * q->limit, seen = 0;
	int rc = store_prepare_entry(s, &row);

	while (rc == SQLITE_OK) {
		bool all = want > INT64_MAX / 4;

		rc = store_rank_shards(s, expr, all ? -1 : (int64_t)want,
				       jobs);
		if (rc == SQLITE_OK)
			rc = store_give_ranked(jobs, row, &seen, k);
		if (seen < want || all)
			break;	/* every match was ranked */
		want *= STORE_RANK_AHEAD;
	}
	for (int j = 0; j < STORE_SHARDS; j++)
		free(jobs[j].v);
	sqlite3_finalize(row);
	return rc;
}

/* The row ids of the articles matching a query, ascending. */
struct store_ids {
	int64_t *v;
	size_t n;
	size_t cap;
};

/* Append id to ids. */
static void
store_ids_add(struct store_ids *ids, int64_t id)
{
	if (ids->n == ids->cap) {
		ids->cap = ids->cap ? 2 * ids->cap : 256;
		ids->v = xreallocarray(ids->v, ids->cap, sizeof *ids->v);
	}
	ids->v[ids->n++] = id;
}

static int
store_cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Read into ids the row ids of every article matching expr: FTS5 gives
 * them from its lists alone, without touching the articles. */
static int
store_match_ids(struct store *s, const char *expr, struct store_ids *ids)
{
	sqlite3_stmt *st = NULL;
	bool sorted = true;
	struct buf sql;
	int rc;

	buf_init(&sql);
	store_fts_union(s, &sql, STORE_FTS_ROWIDS);
	rc = store_fts_prepare(s, buf_str(&sql), &st, NULL);
	buf_fini(&sql);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_ids_add(ids, sqlite3_column_int64(st, 0));
		sorted = sorted && (ids->n == 1 || ids->v[ids->n - 2]
				    < ids->v[ids->n - 1]);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (!sorted)
		qsort(ids->v, ids->n, sizeof *ids->v, store_cmp_id);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Walk the articles newest first and give the sink those whose ids are
 * in ids, until it has enough. */
static int
store_walk_hits(struct store *s, const struct store_ids *ids,
		struct store_sink *k)
{
	sqlite3_stmt *st = NULL;
	int rc = store_prepare_by_date(s, "id, path, title, source, date, "
				       "fetch_date, fts_rowid", &st);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 6);
		rc = SQLITE_OK;
		if (bsearch(&id, ids->v, ids->n, sizeof *ids->v, store_cmp_id))
			rc = store_give_hit(st, k);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Give the sink the articles whose ids are in ids, newest first, at
 * most limit: they are few, so they are looked up and sorted. */
static int
store_sort_hits(struct store *s, const struct store_ids *ids, size_t limit,
		struct store_sink *k)
{
	sqlite3_stmt *st = NULL;
	struct buf json, sql;
	int rc;

	buf_init(&sql);
	buf_adds(&sql, "SELECT id, path, title, source, date, fetch_date\n"
		 "FROM article\n"
		 "WHERE id IN (SELECT " STORE_FTS_ID("value")
		 " FROM json_each(?1))\n"
		 "	AND fts_rowid IN (SELECT value FROM json_each(?1))\n"
		 "	AND NOT missing AND text_indexed\n");
	store_scope_sql(s, "path", &sql);
	buf_adds(&sql, "ORDER BY " STORE_NEWEST_FIRST_BARE "\nLIMIT ?2");
	buf_init(&json);
	buf_addc(&json, '[');
	for (size_t i = 0; i < ids->n; i++)
		buf_printf(&json, "%s%lld", i > 0 ? "," : "",
			   (long long)ids->v[i]);
	buf_addc(&json, ']');
	rc = sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &st, NULL);
	buf_fini(&sql);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, buf_str(&json), (int)json.len,
				       SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, limit > INT64_MAX ? -1
					: (int64_t)limit);
	if (rc == SQLITE_OK)
		rc = store_give_rows(st, k);
	sqlite3_finalize(st);
	buf_fini(&json);
	return rc;
}

/* Whether a first page newest first is found faster by walking the
 * articles by date than by joining and sorting every hit: a walk reads
 * about limit * articles / hits rows, the join reads every hit, and a
 * row walked costs about as much as 2.5 hits joined (measured at 10,000
 * and 100,000 articles; bench/README.md). */
static bool
store_walk_pays(struct store *s, size_t hits, size_t limit)
{
	int max_id = 0;

	if (limit == 0 || store_query_int(s, "SELECT max(id) FROM article",
					  &max_id) != SQLITE_OK)
		return false;
	return (double)hits * (double)hits > 2.5 * (double)limit * max_id;
}

/*
 * A query of one CJK character, such as 的, is a prefix in FTS5 (every
 * bigram that starts with it), and FTS5 merges those lists whole before
 * the first hit: 118 ms at 100,000 articles for a character in most of
 * them. For a first page newest first, the newest articles' text is read
 * instead until the page is full, and the index answers only when the
 * character turns out rare: fewer than one article in
 * STORE_SCAN_SHARE among the first STORE_SCAN_PROBE or more read.
 */
#define STORE_SCAN_PROBE 32
#define STORE_SCAN_SHARE 4

/* Return whether the query text is one CJK character. */
static bool
store_is_one_char(const char *text)
{
	struct snippet_query sq;
	bool one;

	snippet_query_init(&sq, text);
	one = sq.n == 1 && search_is_one_cjk(sq.terms.data,
					    strlen(sq.terms.data));
	snippet_query_fini(&sq);
	return one;
}

/* Return whether the article id holds a term of sn's query in its body,
 * title or source; set *rc to SQLite's result code. */
static bool
store_text_has(struct store_snip *sn, int64_t id, int *rc)
{
	const char *t[3];
	size_t n[3];

	*rc = store_snip_texts(sn, id, false, t, n);
	for (int col = 0; *rc == SQLITE_ROW && col < 3; col++)
		if (t[col] != NULL && snippet_occurs(&sn->query, t[col], n[col]))
			return true;
	return false;
}

/* Read the newest articles' text for the character q->text is, into
 * found, until q->limit hold it; *complete says whether found is the
 * whole first page (or every match), false when the scan gave up. */
static int
store_scan_hits(struct store *s, const struct store_query *q,
		struct store_ids *found, bool *complete)
{
	sqlite3_stmt *walk = NULL;
	struct store_snip sn;
	size_t walked = 0;
	int rc = store_snip_init(&sn, s, q);

	if (rc == SQLITE_OK)
		rc = store_prepare_by_date(s, "id, fts_rowid", &walk);
	while (rc == SQLITE_OK && (rc = sqlite3_step(walk)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(walk, 0);
		walked++;
		if (store_text_has(&sn, id, &rc))
			store_ids_add(found, sqlite3_column_int64(walk, 1));
		sqlite3_reset(sn.text);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = SQLITE_OK;
		if (found->n == q->limit)
			break;
		if (walked >= STORE_SCAN_PROBE &&
		    found->n * STORE_SCAN_SHARE < walked)
			break;	/* rare: the index is quicker */
	}
	*complete = rc == SQLITE_DONE ||
		    (rc == SQLITE_OK && found->n == q->limit);
	sqlite3_finalize(walk);
	store_snip_fini(&sn);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Find the hits of expr and give them to the sink in q's order. For a
 * page newest first, the row ids of the matches come first, from FTS5
 * alone: when they are many, the page is found by walking the articles
 * by date, else they are looked up and sorted; FTS5 is not asked again. */
static int
store_find_hits(struct store *s, const char *expr,
		const struct store_query *q, struct store_sink *k)
{
	struct store_ids ids = { .v = NULL };
	bool complete = false;
	int rc = SQLITE_OK;

	if (q->by_rank && q->limit > 0)
		return store_rank_hits(s, expr, q, k);
	if (q->by_rank || q->limit == 0)
		return store_join_hits(s, expr, q, k);
	if (store_is_one_char(q->text))
		rc = store_scan_hits(s, q, &ids, &complete);
	if (rc == SQLITE_OK && complete) {
		rc = ids.n > 0 ? store_sort_hits(s, &ids, q->limit, k)
			: SQLITE_OK;
		free(ids.v);
		return rc;
	}
	ids.n = 0;
	if (rc == SQLITE_OK)
		rc = store_match_ids(s, expr, &ids);
	if (rc == SQLITE_OK && ids.n > 0) {
		if (store_walk_pays(s, ids.n, q->limit))
			rc = store_walk_hits(s, &ids, k);
		else
			rc = store_sort_hits(s, &ids, q->limit, k);
	}
	free(ids.v);
	return rc;
}

/* Search the index; see store.h and HACKING.md for the rules. */
bool
store_search(struct store *s, const struct store_query *q, store_hit_fn cb,
	     void *ctx, struct err *err)
{
	struct store_sink k = { .cb = cb, .ctx = ctx, .left = q->limit > 0
				? q->limit : SIZE_MAX };
	struct store_snip sn;
	struct buf expr;
	int rc = SQLITE_OK;

	buf_init(&expr);
	if (store_match_expr(q->text, &expr) > 0) {
		if (q->snippets && (rc = store_snip_init(&sn, s, q))
		    == SQLITE_OK)
			k.sn = &sn;
		if (rc == SQLITE_OK)
			rc = store_find_hits(s, buf_str(&expr), q, &k);
		if (q->snippets)
			store_snip_fini(&sn);
	}
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
	struct store_snip sn;
	int rc = store_snip_init(&sn, s, q);

	for (size_t i = 0; rc == SQLITE_OK && i < n; i++)
		if ((rc = store_snip_make(&sn, ids[i])) == SQLITE_OK &&
		    sn.out.len > 0 && !cb(ids[i], buf_str(&sn.out), ctx))
			break;
	store_snip_fini(&sn);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

/* Count the matches of a query; see store.h. */
bool
store_count_matches(struct store *s, const char *text, size_t *n,
		    struct err *err)
{
	struct buf expr, sql;
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_OK;

	*n = 0;
	buf_init(&expr);
	buf_init(&sql);
	buf_adds(&sql, "SELECT count(*)\nFROM (");
	store_fts_union(s, &sql, STORE_FTS_ROWIDS);
	buf_adds(&sql, ") AS m JOIN article AS a\n"
		 "	ON a.id = " STORE_FTS_ID("m.rowid")
		 " AND a.fts_rowid = m.rowid\n"
		 "WHERE NOT a.missing AND a.text_indexed\n");
	store_scope_sql(s, "a.path", &sql);
	if (store_match_expr(text, &expr) > 0
	    && (rc = store_fts_prepare(s, buf_str(&sql), &st, NULL))
	    == SQLITE_OK
	    && (rc = sqlite3_bind_text(st, 1, buf_str(&expr), -1,
				       SQLITE_STATIC)) == SQLITE_OK
	    && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = (size_t)sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	buf_fini(&expr);
	buf_fini(&sql);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

/* Call cb for each row of the prepared, bound statement hits; return
 * SQLITE_OK, or SQLITE_DONE when cb asked to stop, or the failure. */
int
store_step_hits(sqlite3_stmt *hits, store_hit_fn cb, void *ctx)
{
	struct store_sink k = { .cb = cb, .ctx = ctx, .left = SIZE_MAX };

	return store_give_rows(hits, &k);
}
