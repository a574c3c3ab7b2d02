/* SPDX-License-Identifier: MIT */
/*
 * store.h: the SQLite database: read state, article metadata, the
 * archive-wide full-text index, and highlights with their notes.
 * sqlite3.h is included by store.c only. The
 * schema evolves through PRAGMA user_version migrations applied in order
 * inside one transaction; a database written by a newer tsundoku is
 * refused rather than damaged. Connections use WAL, a busy timeout and
 * BEGIN IMMEDIATE for writes, so two instances can share one file.
 */
#ifndef TSUNDOKU_STORE_H
#define TSUNDOKU_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct meta_pair;
struct store;
struct tidy_rules;

/* Open (creating if needed) the database file at path, apply pending
 * migrations, and store the handle in *out. The directory must exist.
 * Fails with a clear message on an unreadable or corrupt file, a file
 * that is not a database, or one whose schema is newer than this program
 * knows. The caller closes *out with store_close. */
bool store_open(const char *path, struct store **out, struct err *err);

/* Close the database; NULL is allowed. */
void store_close(struct store *s);

/* Return the schema version this program writes. */
int store_schema_version(void);

/* Wait at most timeout_ms milliseconds for another program's write lock
 * before a write fails with "locked" (store_open sets 5000). Tests use a
 * short timeout so they do not wait seconds. */
void store_set_busy_timeout(struct store *s, int timeout_ms);

/* Store in *v a number that changes whenever another connection (another
 * process, or the indexer's thread) commits to the database, and not
 * for this connection's own writes (PRAGMA data_version): cheap enough
 * to ask every second. */
bool store_data_version(struct store *s, int *v, struct err *err);

/* Record that the article at path was opened (now). Idempotent. */
bool store_mark_opened(struct store *s, const char *path, struct err *err);

/* Where the reader left an article. */
struct store_place {
	bool opened;		/* it was ever opened */
	bool read;		/* its end was on screen once */
	int percent;		/* how far the screen's bottom got, 0-100 */
	size_t position;	/* source offset of the top line when left */
};

/* Store in *pl where the article at path was left (all zero for one
 * never opened). */
bool store_get_place(struct store *s, const char *path, struct store_place *pl,
		     struct err *err);

/* Record that the article at path was left at pl (marking it opened
 * too); once read, an article stays read. One short write transaction. */
bool store_save_place(struct store *s, const char *path,
		      const struct store_place *pl, struct err *err);

/* Set *opened to whether the article at path was ever opened. */
bool store_was_opened(struct store *s, const char *path, bool *opened,
		      struct err *err);

/* What the database records about one article file. Strings are borrowed
 * (NULL: unknown); store_put_article copies what it needs. */
struct store_article {
	const char *path;	/* the file; the article's key, never NULL */
	int64_t size;		/* bytes of the file */
	int64_t mtime_ns;	/* modification time, ns since the epoch */
	const char *hash;	/* content hash as text (the caller's choice) */
	const char *title;	/* as the list shows it */
	const char *source;
	const char *url;
	const char *date;	/* as written in the front matter */
	const char *fetch_date;
	int64_t length;		/* rendered length as the list shows it;
				   negative: unknown */
	const struct meta_pair *extra;	/* other front-matter keys, in order,
					   stored as one JSON object */
	size_t n_extra;
};

/* Record article a (insert, or update the row with the same path, keeping
 * its id and opened times), clear its missing flag, and replace its
 * full-text entry with a's title and source and body[0..body_len), the
 * rendered text as the reader shows it (no markup, no URLs). One short
 * BEGIN IMMEDIATE transaction, inside which the entry is committed to
 * its shard first (store_impl.h): one article at a time, for the tests
 * and the odd caller; the indexer writes the shards in threads. */
bool store_put_article(struct store *s, const struct store_article *a,
		       const char *body, size_t body_len, struct err *err);

/* One search result, valid only during the callback. */
struct store_hit {
	int64_t id;		/* the article's row id */
	const char *path;
	const char *title;	/* NULL when unknown, as are the next three */
	const char *source;
	const char *date;
	const char *fetch_date;
	const char *snippet;	/* when asked for: a few words around a
				   match, each match between the query's two
				   marks; else ""; never NULL */
};

/* Receive one hit; return false to stop the search early. */
typedef bool (*store_hit_fn)(const struct store_hit *hit, void *ctx);

/* An archive-wide search as the user typed it. */
struct store_query {
	const char *text;	/* the query: terms separated by white space */
	size_t limit;		/* at most this many hits; 0: all */
	bool by_rank;		/* best match first, else newest first */
	bool snippets;		/* fill hit->snippet (snippet.h): reads
				   and folds each hit's text, some tens of
				   microseconds for 10 KB */
	const char *mark_open;	/* put before and after each match in the */
	const char *mark_close;	/* snippet; NULL: nothing. Article text
				   never holds C0 controls, so "\x01" and
				   "\x02" cannot be confused with it */
	const struct tidy_rules *tidy;	/* cut snippets from the body as
				   the reader shows it after the tidy pass
				   with these rules (shown.h), read from
				   the article's file; NULL: from the
				   indexed text as it is */
};

/* Call cb for each article (not marked missing) whose title, source or
 * body matches every term of q->text, newest first (date, then fetch
 * date, descending, unknown last; then title, path) or by relevance when
 * q->by_rank. Terms are folded like in-article search (case, width);
 * CJK text matches as a substring, a Latin word matches the words that
 * begin with it; quotes, *, AND, NEAR( and the like are plain text. A
 * query with nothing searchable (blank, punctuation only) finds nothing.
 * HACKING.md "Archive-wide search" gives the exact rules. */
bool store_search(struct store *s, const struct store_query *q,
		  store_hit_fn cb, void *ctx, struct err *err);

/* Receive the snippet of the article with row id id; return false to
 * stop. */
typedef bool (*store_snippet_fn)(int64_t id, const char *snippet,
				 void *ctx);

/* Call cb, in the order of ids, with the snippet for q (its text, marks
 * and tidy rules; the other members are ignored) of each article in
 * ids[0..n) whose body, title or source holds one of q's terms (snippet.h
 * says how they match): to fill in the snippets of the hits on screen
 * only. The snippet comes from the first that holds a term of: the body
 * as the reader shows it (with q->tidy), the title, the source, the
 * body's whole indexed text (a term found only in what the reader
 * hides, or the file unreadable, quarantined or without q->tidy). */
bool store_snippets(struct store *s, const struct store_query *q,
		    const int64_t *ids, size_t n, store_snippet_fn cb,
		    void *ctx, struct err *err);

/* Store in *n how many articles store_search would find for query text
 * without a limit. */
bool store_count_matches(struct store *s, const char *text, size_t *n,
			 struct err *err);

/* Call cb for each indexed article not marked missing (only those not
 * read to the end when unread_only), in store_search's newest-first order; each
 * hit's snippet is "". */
bool store_list_articles(struct store *s, bool unread_only, store_hit_fn cb,
			 void *ctx, struct err *err);

/*
 * Highlights (store_highlight.c). The rows only: finding a highlight in
 * the current text of its article is highlight.c's job. An article is
 * named by its path as the app stores it; a write for an unknown path
 * creates the article's row, as store_mark_opened does. Every write is one
 * BEGIN IMMEDIATE transaction, committed before the function returns.
 */

/* One highlight row. Strings are heap-owned where a function fills one
 * (free with store_highlight_fini); the caller's own where it passes one
 * in. */
struct store_highlight {
	int64_t id;		/* row id; 0: not saved yet */
	size_t start, end;	/* source byte range when last anchored */
	char *quote;		/* rendered text of the range, never NULL */
	char *prefix, *suffix;	/* rendered context; "" when none */
	char *note;		/* NULL: no note */
	int color;		/* 1-4 */
	bool detached;		/* could not be placed when last anchored */
	int64_t created, updated;	/* unix milliseconds */
};

/* A highlight with its article, for archive-wide lists, export and
 * import. Strings as in struct store_highlight; title, source, date and
 * url may be NULL (unknown). */
struct store_highlight_entry {
	struct store_highlight h;
	char *path, *title, *source, *date, *url;
};

/*
 * The user's state (reading state, highlights), by article id (store_state.c). state.h is the
 * API the interface uses; it keeps changes the database could not take at
 * once and hands them here.
 */

/* What a change changes. */
enum store_change_kind {
	STORE_CHANGE_READING,	/* opened, place, read: the members below */
	STORE_CHANGE_HL_ADD,	/* insert hl as a highlight of the article,
				   with the row id hl.id */
	STORE_CHANGE_HL_NOTE,	/* set the note of highlight hl.id to
				   hl.note (NULL: none) */
	STORE_CHANGE_HL_COLOR,	/* set the colour of hl.id to hl.color */
	STORE_CHANGE_HL_DELETE,	/* delete highlight hl.id */
	STORE_CHANGE_SESSION,	/* write session (store_readlog.c) */
	STORE_CHANGE_REVIEW,	/* write review (store_readlog.c) */
};

/* A reading session as its row records it (readlog.h): keyed by
 * article and start, so writing it again as it grows, or twice, leaves
 * one row. Times in unix milliseconds; han and words count what the
 * spans (text "start-end,...", source offsets) cover. */
struct store_session {
	int64_t start_ms, end_ms, active_ms;
	int64_t han, words;
	char *spans;		/* the change maker's; NULL: none */
};

/* The review schedule of one highlight (review.h). */
struct store_review {
	int64_t highlight_id;
	int64_t due_day;	/* the local day it is due, review.h's days */
	int interval_days;	/* the last interval given */
	int ease_pct;		/* the growth factor, in percent */
	int reps;		/* times kept in a row */
	int state;		/* enum review_state */
};

/* One change of an article's user state, made at at_ms. */
struct store_state_change {
	enum store_change_kind kind;
	int64_t article_id;
	int64_t at_ms;		/* when the user made it, unix milliseconds */
	bool opened;		/* READING: it was opened (then) */
	bool has_place;		/* READING: write place: position, percent,
				   and read exactly as place.read says */
	bool has_read;		/* READING, without has_place: write
				   place.read only */
	struct store_place place;
	struct store_highlight hl;	/* HL_*: the highlight; its strings
					   are the change maker's */
	struct store_session session;	/* SESSION */
	struct store_review review;	/* REVIEW */
};

/* What store_write_state did. */
enum store_write {
	STORE_WRITTEN,		/* committed */
	STORE_WRITE_BUSY,	/* another connection holds the write lock
				   and wait was false: nothing written */
	STORE_WRITE_FAILED,	/* err says why; nothing written */
};

/* Write the changes v[0..n), in order, in one transaction. With wait
 * false it never waits for another connection's write lock (the
 * indexer's): STORE_WRITE_BUSY says to try again later. A read article
 * stays read only if the change says so: marking unread clears read_at
 * and keeps first_opened, position and percent. */
enum store_write store_write_state(struct store *s,
				   const struct store_state_change *v,
				   size_t n, bool wait, struct err *err);

/* Store in *pl the reading state of article id (all zero for an unknown
 * id). */
bool store_get_state(struct store *s, int64_t id, struct store_place *pl,
		     struct err *err);

/* Store in *id the row id the next highlight would get (one more than
 * the largest): a read, so it never waits for a writer. */
bool store_next_highlight_id(struct store *s, int64_t *id, struct err *err);

/* Free h's strings (not h); NULL is allowed. */
void store_highlight_fini(struct store_highlight *h);

/* Free the array v of n highlights and their strings; NULL is allowed. */
void store_highlights_free(struct store_highlight *v, size_t n);

/* Free the array v of n entries and their strings; NULL is allowed. */
void store_highlight_entries_free(struct store_highlight_entry *v,
				  size_t n);

/* Store in *out a heap array of the *n highlights of the article at path
 * (none for an unknown path), by start offset. */
bool store_highlight_list(struct store *s, const char *path,
			  struct store_highlight **out, size_t *n,
			  struct err *err);

/* Insert h (its color 1-4, quote not NULL) as a highlight of the article
 * at path, and store its row id in *id. When h->id is not 0 the row gets
 * that id (undoing a deletion); that fails if the id is taken. */
bool store_highlight_add(struct store *s, const char *path,
			 const struct store_highlight *h, int64_t *id,
			 struct err *err);

/* Write the range, quote and detached flag of each of v[0..n) (by id)
 * in one transaction, leaving everything else as it was: where loading
 * found each highlight in the current text. */
bool store_highlight_move(struct store *s, const struct store_highlight *v,
			  size_t n, struct err *err);

/* Set the note of highlight id (NULL: none) and its update time. A
 * missing id is an error. */
bool store_highlight_set_note(struct store *s, int64_t id, const char *note,
			      int64_t updated, struct err *err);

/* Set the colour (1-4) of highlight id and its update time. */
bool store_highlight_set_color(struct store *s, int64_t id, int color,
			       int64_t updated, struct err *err);

/* Delete highlight id; a missing id is an error. */
bool store_highlight_delete(struct store *s, int64_t id, struct err *err);

/* Store in *out a heap array of all *n highlights of the archive with
 * their articles, newest first (created, then id, descending). */
bool store_highlight_list_all(struct store *s,
			      struct store_highlight_entry **out, size_t *n,
			      struct err *err);

/* Call cb(path, count, ctx) for each article with highlights. */
bool store_highlight_counts(struct store *s,
			    void (*cb)(const char *path, size_t n, void *ctx),
			    void *ctx, struct err *err);

/* Read highlights in the JSON export format (tsundoku(1), "JSON
 * format"; store_import.c) from json[0..len) into a heap array *out of
 * *n entries, without writing anything. Fails with a message naming the first
 * problem: text that is not JSON, a wrong format version, a missing or
 * mistyped member. Strings are as written (not sanitised); a missing
 * time is 0. */
bool store_highlight_parse_json(struct store *s, const char *json,
				size_t len, struct store_highlight_entry **out,
				size_t *n, struct err *err);

/* What store_highlight_merge did. */
struct store_merge_tally {
	size_t added;		/* new highlights */
	size_t updated;		/* present, and the incoming one newer */
	size_t unchanged;	/* present, and not older than the incoming */
};

/* Merge v[0..n) into the database in one transaction. Each entry's
 * article is the row with its path; when there is none, the one article
 * with its url (the archive lives elsewhere on this machine); else a new
 * row. A highlight with the same article and quote as one present, and
 * the same range or the same creation time, replaces its note, colour
 * and context (and takes the earlier creation time) when its update time
 * is later, and is otherwise dropped; any other is added with a new id. All or nothing: on failure the database
 * is as it was. */
bool store_highlight_merge(struct store *s,
			   const struct store_highlight_entry *v, size_t n,
			   struct store_merge_tally *t, struct err *err);

/* How the list is ordered. */
enum store_sort {
	STORE_SORT_DATE,	/* newest first by date, then fetch date */
	STORE_SORT_FETCHED,	/* newest first by fetch date */
	STORE_SORT_TITLE,	/* titles in the locale's order */
	STORE_SORT_SOURCE,	/* sources in the locale's order, newest first
				   within one */
	STORE_SORT_LAST_READ,	/* most recently opened first */
	STORE_N_SORTS,		/* the orders above, which the list cycles */
	STORE_SORT_NONE = STORE_N_SORTS	/* store_list_rows: in no order,
					   for a caller that sorts */
};

/* Which articles the list shows. */
struct store_filter {
	bool unread_only;	/* only those not read to the end */
	const char *source;	/* only this source; NULL: all */
};

/* One article as the list shows it, valid only during the callback. */
struct store_row {
	int64_t id;
	const char *path;
	const char *title;	/* NULL when unknown, as are the next three */
	const char *source;
	const char *date;
	const char *fetch_date;
	struct store_place place;
	int64_t last_opened;	/* unix seconds; 0: never opened */
	size_t highlights;	/* how many highlights it has */
	bool quarantined;	/* it crashed a tsundoku: shown as plain
				   text (store_quarantine) */
};

/* Limit what is listed (store_list_rows, store_count_rows,
 * store_list_sources, store_list_articles) and searched (store_search,
 * store_count_matches) to the articles at or below roots[0..n): the
 * archive this run shows. Roots are canonical paths, copied; a path
 * matches a root when it is the root or lies below it as whole
 * components ("/a/s" does not hold "/a/sh.txt"). n == 0 (the default)
 * or a root "/": every article. Rows outside keep their reading state
 * and highlights; store_purge_outside forgets them. */
void store_set_scope(struct store *s, char *const *roots, size_t n);

/* Receive the path of one article; return false to stop. */
typedef bool (*store_path_fn)(const char *path, void *ctx);

/* Call cb for each article row outside the scope (indexed or only
 * opened, missing or not), in path order; none when the scope is
 * everything. */
bool store_list_outside(struct store *s, store_path_fn cb, void *ctx,
			struct err *err);

/* Delete the articles outside the scope with everything that hangs off
 * them (full text, reading state, highlights), in one transaction;
 * store in *n how many. Nothing when the scope is everything. */
bool store_purge_outside(struct store *s, size_t *n, struct err *err);

/* Make the reads that follow, up to store_read_end, see one snapshot of
 * the database, so that counts and rows agree while another connection
 * (the indexer) commits; return false (err set) on a failure. */
bool store_read_begin(struct store *s, struct err *err);
void store_read_end(struct store *s);

/* Receive one row; return false to stop. */
typedef bool (*store_row_fn)(const struct store_row *row, void *ctx);

/* Call cb for each indexed article that is not missing and passes f, in
 * the order sort, at most limit of them (0: all). Titles and sources
 * compare with the locale's collation (strcoll), so Chinese titles come
 * in pinyin order under zh_CN.UTF-8; that, and any order without an
 * index, costs seconds for 100,000 rows, which library.c sorts faster
 * itself (STORE_SORT_NONE). */
bool store_list_rows(struct store *s, enum store_sort sort,
		     const struct store_filter *f, size_t limit,
		     store_row_fn cb, void *ctx, struct err *err);

/* Store in *n how many articles pass f, and in *unread how many of them
 * were not read to the end: one pass over the table, no sorting. */
bool store_count_rows(struct store *s, const struct store_filter *f,
		      size_t *n, size_t *unread, struct err *err);

/* Receive one source and how many articles passing the filter have it. */
typedef bool (*store_source_fn)(const char *source, size_t n, void *ctx);

/* Call cb for each source of the articles passing f (its source member
 * ignored), in the locale's order, with counts. */
bool store_list_sources(struct store *s, const struct store_filter *f,
			store_source_fn cb, void *ctx, struct err *err);

/*
 * The indexer's side (store_index.c): what the database knows about each
 * file, and batches of changes, each batch one short BEGIN IMMEDIATE
 * transaction, so an interrupted run leaves every article either as it
 * was, or listed with its metadata complete and its text still to be
 * indexed (text_indexed 0: the next run writes it), or wholly recorded.
 */

/* What the database records about one article file, for comparing with
 * the disk; valid only during the callback. */
struct store_known {
	int64_t id;
	const char *path;
	int64_t size;		/* -1: unknown (a row only opened) */
	int64_t mtime_ns;	/* -1: unknown */
	const char *hash;	/* NULL: unknown */
	const char *url;	/* NULL: none */
	bool missing;		/* a scan no longer found the file */
	bool indexed;		/* indexed_at is set: the row is listed */
	bool text_indexed;	/* its full-text entry is written too */
	bool quarantined;	/* not to be parsed while its size and
				   mtime are these (store_quarantine) */
};

/* Receive one known article; return false to stop. */
typedef bool (*store_known_fn)(const struct store_known *k, void *ctx);

/* Call cb for every article row, in path order: byte order, the order
 * of strcmp (SQLite's BINARY collation compares UTF-8 text by bytes). */
bool store_known_articles(struct store *s, store_known_fn cb, void *ctx,
			  struct err *err);

/* Return whether s may be written (it was not opened read-only). */
bool store_is_writable(const struct store *s);

/* Start a batch: take the write lock (BEGIN IMMEDIATE), waiting at most
 * the busy timeout for another program's. Every batch ends with
 * store_batch_end, whether its steps succeeded or not. */
bool store_batch_begin(struct store *s, struct err *err);

/* The full-text tokens of one article (title, source, body), made ahead
 * of store_batch_put by any thread, without a connection: the indexer's
 * readers tokenize while the one writer inserts. */
struct store_tokens;

/* Fold and tokenize the three texts as the "tsundoku" tokenizer does;
 * title and source may be NULL. The texts must stay alive and unchanged
 * until store_tokens_free: store_batch_put compares them with what it
 * inserts. */
struct store_tokens *store_tokens_new(const char *title, const char *source,
				      const char *body, size_t body_len);
void store_tokens_free(struct store_tokens *t);

/* In a batch: record article a and its text as store_put_article does.
 * tokens, when not NULL, are the texts' tokens from store_tokens_new, so
 * the insert only copies them into the index; a text that differs from
 * the one they were made from is tokenized again. */
bool store_batch_put(struct store *s, const struct store_article *a,
		     const char *body, size_t body_len,
		     const struct store_tokens *tokens, struct err *err);

/*
 * The full-text shards (store_impl.h): the indexer writes each in a
 * thread of its own, through a connection of its own, in long
 * transactions that nobody else waits for (no other program writes a
 * shard), and points the rows at the new entries afterwards, in the
 * database's short batches: a crash in between leaves entries no row
 * names, which match nothing.
 */

/* Open shard k (0 <= k < store_shards()) of the writable database db
 * alone, for its writer (creating the shards first when missing). Close
 * it with store_close. */
bool store_shard_open(struct store *db, int k, struct store **out,
		      struct err *err);

/* Make the shards of the writable database s where they are missing,
 * marking their articles' texts to be indexed again. */
bool store_shards_ready(struct store *s, struct err *err);

/* As store_shards_ready, after emptying each shard of s that the machine
 * stopped with before it was synced (store_unsynced.c), however damaged,
 * or that is too damaged to read, and storing how many in *n_emptied; sync one whose writer died. The
 * indexer does it, holding its lock, before anything reads the shards
 * or which texts are pending. */
bool store_shards_recover(struct store *s, int *n_emptied,
			  struct err *err);

/* Return how many shards the full-text index has. */
int store_shards(void);

/* In a batch of shard: insert the full-text entry of article id, whose
 * current entry is *rowid (0: none), and store the new entry's row id
 * in *rowid; tokens as for store_batch_put. The article's row does not
 * name it until store_batch_set_text. */
bool store_shard_put(struct store *shard, int64_t id, int64_t *rowid,
		     const char *title, const char *source, const char *body,
		     size_t body_len, const struct store_tokens *tokens,
		     struct err *err);

/* In a batch: record the row of article a as store_batch_put_meta does
 * (its text not indexed yet) and store its id in *id and its current
 * full-text entry (0: none) in *fts_rowid, for store_shard_put. */
bool store_batch_put_row(struct store *s, const struct store_article *a,
			 int64_t *id, int64_t *fts_rowid, struct err *err);

/* In a batch: point the article of the full-text entry rowid (its id is
 * rowid's low 32 bits) at it, its text indexed, once the shard holding
 * it committed. */
bool store_batch_set_text(struct store *s, int64_t rowid, struct err *err);

/* In a batch: record the row of article a alone, listed at once and
 * marked as its text not indexed yet; store_batch_put writes the text
 * later. Its full-text entry stays as it was meanwhile, and search
 * leaves the row out until then. */
bool store_batch_put_meta(struct store *s, const struct store_article *a,
			  struct err *err);

/* In a batch: give the article with row id id the file path, keeping
 * everything that hangs off its id (reading state, highlights). No row
 * may have that path yet. */
bool store_batch_move(struct store *s, int64_t id, const char *path,
		      struct err *err);

/* In a batch or not: store in *id the row id of the article at path, 0
 * when there is none. */
bool store_batch_find(struct store *s, const char *path, int64_t *id,
		      struct err *err);

/* In a batch: flag the article with row id id as missing (its file is
 * gone); its row and user data stay until store_purge_missing. */
bool store_batch_set_missing(struct store *s, int64_t id, struct err *err);

/* End a batch: commit it when commit is true (reporting a failure, after
 * which nothing of it is saved), else roll it back and return false. */
bool store_batch_end(struct store *s, bool commit, struct err *err);

/*
 * Quarantine (HACKING.md, "Quarantine"): a file that was being parsed
 * when a tsundoku died. It stays listed (under its file name when it
 * had no row), the reader shows it as plain text, and the indexer does
 * not parse it while its size and mtime stay as recorded here; any
 * store_batch_put or store_batch_put_meta of it (the file changed, or
 * `index --retry`) ends the quarantine.
 */

/* Quarantine the article at path, whose file has size bytes and mtime
 * mtime_ns now: create its row when there is none (listed, no text to
 * index), else keep what the row holds. One short write transaction;
 * quarantining a quarantined article again changes nothing else. */
bool store_quarantine(struct store *s, const char *path, int64_t size,
		      int64_t mtime_ns, struct err *err);

/* Set *quarantined to whether the article at path is quarantined (false
 * for a path without a row). */
bool store_is_quarantined(struct store *s, const char *path,
			  bool *quarantined, struct err *err);

/* Store in *n how many articles are flagged missing. */
bool store_count_missing(struct store *s, size_t *n, struct err *err);

/* Delete the articles flagged missing with everything that hangs off
 * them (full text, reading state; highlights through their foreign
 * key), in one transaction; store in *n how many. */
bool store_purge_missing(struct store *s, size_t *n, struct err *err);

/* Learned chrome (chrome.h). Inside the open batch, record the n
 * hashes of the article at path under its site's key, replacing what was
 * recorded for it before. They count once store_chrome_rebuild runs. */
bool store_batch_put_chrome(struct store *s, const char *path,
			    const char *site, const uint64_t *hashes, size_t n,
			    struct err *err);

/* Count again, from what every article recorded, how many articles of
 * each site have each hash (the indexer calls it after indexing text,
 * store_purge_missing after a purge). One write transaction; it must
 * not be called inside a batch. */
bool store_chrome_rebuild(struct store *s, struct err *err);

/* Store in *hashes (heap, the caller frees it) and *n the hashes that
 * occur in enough of site's articles to be its chrome
 * (chrome_threshold); none when it has too few articles. */
bool store_chrome_learned(struct store *s, const char *site,
			  uint64_t **hashes, size_t *n, struct err *err);

#endif
