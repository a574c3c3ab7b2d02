/* SPDX-License-Identifier: MIT */
/*
 * store_readlog.c: the rows of the reading log and of the review
 * schedule: written inside store_write_state's transaction (the state
 * API's changes), read for statistics and the daily review.
 */
#include "config.h"
#include "data/store.h"
#include "data/store_readlog.h"

#include <string.h>

#include <sqlite3.h>

#include "base/err.h"
#include "data/store_impl.h"

enum store_readlog_stmt {
	STORE_READLOG_SESSION,
	STORE_READLOG_REVIEW,
};

static const char *const store_readlog_sql[] = {
	[STORE_READLOG_SESSION] =
		"INSERT INTO reading_session (article_id, start_ms, end_ms,\n"
		"	active_ms, han, words, spans, source)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, ''),\n"
		"	(SELECT source FROM article WHERE id = ?1))\n"
		"ON CONFLICT (article_id, start_ms) DO UPDATE SET\n"
		"	end_ms = max(end_ms, excluded.end_ms),\n"
		"	active_ms = max(active_ms, excluded.active_ms),\n"
		"	han = excluded.han, words = excluded.words,\n"
		"	spans = excluded.spans",
	[STORE_READLOG_REVIEW] =
		"INSERT OR REPLACE INTO review (highlight_id, due_day,\n"
		"	interval_days, ease_pct, reps, state, updated)\n"
		"SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7\n"
		"WHERE EXISTS (SELECT 1 FROM highlight WHERE id = ?1)",
};

/* Return statement k of s, prepared once for the connection's life. */
static sqlite3_stmt *
store_readlog_stmt(struct store *s, enum store_readlog_stmt k, int *rc)
{
	if (s->readlog_stmts[k] == NULL)
		*rc = sqlite3_prepare_v3(s->db, store_readlog_sql[k], -1,
					 SQLITE_PREPARE_PERSISTENT,
					 &s->readlog_stmts[k], NULL);
	return s->readlog_stmts[k];
}

/* Bind v[0..n) to the parameters 1..n of st. */
static int
store_readlog_bind(sqlite3_stmt *st, const int64_t *v, int n)
{
	int rc = SQLITE_OK;

	for (int i = 0; i < n && rc == SQLITE_OK; i++)
		rc = sqlite3_bind_int64(st, i + 1, v[i]);
	return rc;
}

/* Step st once to its end and reset it. */
static int
store_readlog_run(sqlite3_stmt *st, int rc)
{
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int
store_session_write(struct store *s, const struct store_state_change *c)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = store_readlog_stmt(s, STORE_READLOG_SESSION, &rc);
	const struct store_session *x = &c->session;
	const int64_t v[] = { c->article_id, x->start_ms, x->end_ms,
			      x->active_ms, x->han, x->words };

	if (rc != SQLITE_OK)
		return rc;
	rc = store_readlog_bind(st, v, 6);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 7, x->spans);
	return store_readlog_run(st, rc);
}

int
store_review_write(struct store *s, const struct store_state_change *c)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = store_readlog_stmt(s, STORE_READLOG_REVIEW, &rc);
	const struct store_review *r = &c->review;
	const int64_t v[] = { r->highlight_id, r->due_day, r->interval_days,
			      r->ease_pct, r->reps, r->state, c->at_ms };

	if (rc != SQLITE_OK)
		return rc;
	return store_readlog_run(st, store_readlog_bind(st, v, 7));
}

/* Prepare sql (a query run now and then: not kept) and bind a, the
 * first parameter, as a number (or b as text when b is not NULL). */
static int
store_readlog_query(struct store *s, const char *sql, int64_t a,
		    const char *b, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);

	if (rc == SQLITE_OK)
		rc = b != NULL ? store_bind_str(*st, 1, b) :
				 sqlite3_bind_int64(*st, 1, a);
	return rc;
}

/* Finish a query that got as far as rc. */
static bool
store_readlog_done(struct store *s, sqlite3_stmt *st, int rc,
		   struct err *err)
{
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_OK ||
	       store_read_failed(s, rc, err);
}

bool
store_sessions_each(struct store *s, int64_t since_ms,
		    bool (*cb)(const struct store_session_row *row, void *ctx),
		    void *ctx, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = store_readlog_query(s,
		"SELECT article_id, start_ms, active_ms, han, words, source\n"
		"FROM reading_session\n"
		"WHERE start_ms >= ?1 ORDER BY start_ms", since_ms, NULL, &st);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_session_row row = {
			.article_id = sqlite3_column_int64(st, 0),
			.start_ms = sqlite3_column_int64(st, 1),
			.active_ms = sqlite3_column_int64(st, 2),
			.han = sqlite3_column_int64(st, 3),
			.words = sqlite3_column_int64(st, 4),
			.source = store_col(st, 5),
		};
		if (!cb(&row, ctx))
			rc = SQLITE_DONE;
		else
			rc = SQLITE_OK;
	}
	return store_readlog_done(s, st, rc, err);
}

bool
store_reading_speed(struct store *s, double *chars_per_min, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = store_readlog_query(s,
		"SELECT sum(active_ms), sum(han + words) FROM reading_session\n"
		"WHERE start_ms >= ?1", 0, NULL, &st);

	*chars_per_min = 0;
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		double ms = sqlite3_column_double(st, 0);
		if (ms >= 60000)
			*chars_per_min = sqlite3_column_double(st, 1) * 60000 / ms;
		rc = SQLITE_DONE;
	}
	return store_readlog_done(s, st, rc, err);
}

bool
store_today_totals(struct store *s, int64_t since_ms, int64_t *active_ms,
		   int64_t *han, int64_t *words, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = store_readlog_query(s,
		"SELECT total(active_ms), total(han), total(words)\n"
		"FROM reading_session WHERE start_ms >= ?1", since_ms, NULL, &st);

	*active_ms = *han = *words = 0;
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*active_ms = sqlite3_column_int64(st, 0);
		*han = sqlite3_column_int64(st, 1);
		*words = sqlite3_column_int64(st, 2);
		rc = SQLITE_DONE;
	}
	return store_readlog_done(s, st, rc, err);
}

bool
store_finished_each(struct store *s, int64_t since_s,
		    bool (*cb)(const struct store_finished_row *row, void *ctx),
		    void *ctx, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = store_readlog_query(s,
		"SELECT fetch_date, read_at, source\n"
		"FROM article WHERE read_at >= ?1", since_s, NULL, &st);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_finished_row row = {
			.fetch_date = store_col(st, 0),
			.read_s = sqlite3_column_int64(st, 1),
			.source = store_col(st, 2),
		};
		rc = cb(&row, ctx) ? SQLITE_OK : SQLITE_DONE;
	}
	return store_readlog_done(s, st, rc, err);
}

bool
store_saved_each(struct store *s, const char *since_day,
		 bool (*cb)(const char *day, int64_t n, void *ctx),
		 void *ctx, struct err *err)
{
	sqlite3_stmt *st = NULL;
	/* one row an article, from the covering index article_by_date:
	 * grouping in SQL would build a temporary tree of 100,000 rows */
	int rc = store_readlog_query(s,
		"SELECT fetch_date FROM article WHERE fetch_date >= ?1", 0,
		since_day, &st);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = cb(store_col(st, 0), 1, ctx) ? SQLITE_OK : SQLITE_DONE;
	return store_readlog_done(s, st, rc, err);
}

bool
store_saved_before(struct store *s, const char *day, int64_t *n,
		   struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = store_readlog_query(s,
		"SELECT count(*) FROM article WHERE fetch_date < ?1", 0, day, &st);

	*n = 0;
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	return store_readlog_done(s, st, rc, err);
}

bool
store_review_each(struct store *s, int64_t today,
		  bool (*cb)(const struct store_review_row *row, void *ctx),
		  void *ctx, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = store_readlog_query(s,
		"SELECT h.id, h.article_id, h.quote, h.prefix, h.suffix, h.note,\n"
		"	h.detached, h.created, a.title, a.source, a.path,\n"
		"	coalesce(r.due_day, 0), coalesce(r.interval_days, 0),\n"
		"	coalesce(r.ease_pct, 0), coalesce(r.reps, 0),\n"
		"	coalesce(r.state, 0), coalesce(h.start, 0)\n"
		"FROM highlight h JOIN article a ON a.id = h.article_id\n"
		"	LEFT JOIN review r ON r.highlight_id = h.id\n"
		"WHERE r.highlight_id IS NULL OR (r.state != 2 AND r.due_day <= ?1)\n"
		"ORDER BY h.id", today, NULL, &st);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_review_row row = {
			.id = sqlite3_column_int64(st, 0),
			.article_id = sqlite3_column_int64(st, 1),
			.quote = store_col(st, 2), .prefix = store_col(st, 3),
			.suffix = store_col(st, 4), .note = store_col(st, 5),
			.detached = sqlite3_column_int(st, 6) != 0,
			.created = sqlite3_column_int64(st, 7),
			.title = store_col(st, 8), .source = store_col(st, 9),
			.path = store_col(st, 10),
			.start = (size_t)sqlite3_column_int64(st, 16),
		};
		row.review = (struct store_review){
			.highlight_id = row.id,
			.due_day = sqlite3_column_int64(st, 11),
			.interval_days = sqlite3_column_int(st, 12),
			.ease_pct = sqlite3_column_int(st, 13),
			.reps = sqlite3_column_int(st, 14),
			.state = sqlite3_column_int(st, 15),
		};
		rc = cb(&row, ctx) ? SQLITE_OK : SQLITE_DONE;
	}
	return store_readlog_done(s, st, rc, err);
}
