/* SPDX-License-Identifier: MIT */
/*
 * store_import.c: reading the JSON export format back (tsundoku(1),
 * "JSON format") with SQLite's JSON functions, and merging what it holds
 * into the highlight rows in one transaction. Reading writes nothing, so
 * a file that turns out to be bad leaves the database as it was.
 */
#include "config.h"
#include "data/store.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "base/err.h"
#include "base/i18n.h"
#include "data/store_impl.h"
#include "base/xmem.h"

/* The only "format" value the JSON export has, and the version read. */
#define STORE_JSON_FORMAT "tsundoku-highlights"
#define STORE_JSON_VERSION 1

/* json_type and json_extract of member KEY of ROW, an element of a
 * json_each, read from the element's own text (small: a highlight, or one
 * article) rather than from the whole file again; NULL when the element
 * is not an object, whose value would not even be JSON text (a string's
 * value comes unquoted). */
#define STORE_OBJ(row, expr) \
	"CASE WHEN " row ".type = 'object' THEN " expr " END"
#define STORE_MEMBER(row, key) \
	STORE_OBJ(row, "json_type(" row ".value, '$." key "')") ", " \
	STORE_OBJ(row, "json_extract(" row ".value, '$." key "')")
#define STORE_HIGHLIGHTS_TYPE \
	STORE_OBJ("a", "json_type(a.value, '$.highlights')")

/* Columns of the article query: the article's index and type, its
 * members (each a type, value pair), the type of its highlights. */
enum store_json_acol {
	SJA_INDEX = 0, SJA_TYPE, SJA_PATH, SJA_TITLE = SJA_PATH + 2,
	SJA_SOURCE = SJA_TITLE + 2, SJA_DATE = SJA_SOURCE + 2,
	SJA_URL = SJA_DATE + 2, SJA_HIGHLIGHTS = SJA_URL + 2,
};

static const char store_json_articles[] =
	"SELECT a.key, a.type, " STORE_MEMBER("a", "path") ",\n"
	"	" STORE_MEMBER("a", "title") ", " STORE_MEMBER("a", "source") ",\n"
	"	" STORE_MEMBER("a", "date") ", " STORE_MEMBER("a", "url") ",\n"
	"	" STORE_HIGHLIGHTS_TYPE "\n"
	"FROM json_each(?1, '$.articles') AS a ORDER BY a.id";

/* Columns of the highlight query: the article's index, the highlight's
 * index and type, its members (each a type, value pair). */
enum store_json_hcol {
	SJH_ARTICLE = 0, SJH_INDEX, SJH_TYPE, SJH_QUOTE,
	SJH_PREFIX = SJH_QUOTE + 2, SJH_SUFFIX = SJH_PREFIX + 2,
	SJH_NOTE = SJH_SUFFIX + 2, SJH_COLOR = SJH_NOTE + 2,
	SJH_START = SJH_COLOR + 2, SJH_END = SJH_START + 2,
	SJH_DETACHED = SJH_END + 2, SJH_CREATED = SJH_DETACHED + 2,
	SJH_UPDATED = SJH_CREATED + 2,
};

/* Each article's text is handed to the inner json_each once. */
static const char store_json_highlights[] =
	"SELECT a.key, h.key, h.type, " STORE_MEMBER("h", "quote") ",\n"
	"	" STORE_MEMBER("h", "prefix") ", " STORE_MEMBER("h", "suffix") ",\n"
	"	" STORE_MEMBER("h", "note") ", " STORE_MEMBER("h", "color") ",\n"
	"	" STORE_MEMBER("h", "start") ", " STORE_MEMBER("h", "end") ",\n"
	"	" STORE_MEMBER("h", "detached") ", "
	STORE_MEMBER("h", "created") ",\n"
	"	" STORE_MEMBER("h", "updated") "\n"
	"FROM json_each(?1, '$.articles') AS a\n"
	"JOIN json_each(CASE WHEN " STORE_HIGHLIGHTS_TYPE " = 'array'\n"
	"	THEN a.value END, '$.highlights') AS h\n"
	"ORDER BY a.id, h.id";

/* Where a row of the import is, for messages: 1-based numbers. */
struct store_json_where {
	long long article;
	long long highlight;	/* 0: the article itself */
};

/* Report that member key at w must be what (a translated phrase). */
static bool
store_json_bad(const struct store_json_where *w, const char *key,
	       const char *what, struct err *err)
{
	if (w->highlight == 0)
		return err_set(err, _("article %lld: \"%s\" must be %s"),
			       w->article, key, what);
	return err_set(err, _("article %lld, highlight %lld: \"%s\" must be "
			      "%s"), w->article, w->highlight, key, what);
}

/* Return the JSON type of the member whose type is column col ("" when
 * missing). */
static const char *
store_json_type(sqlite3_stmt *st, int col)
{
	const char *t = store_col(st, col);

	return t ? t : "";
}

/* Read the string member at column col (type) and col + 1 (value) into
 * *out: required and not empty, or else optional (missing: def, which
 * may be NULL; null: NULL). */
static bool
store_json_str(sqlite3_stmt *st, int col, const char *key, bool required,
	       const char *def, char **out, const struct store_json_where *w,
	       struct err *err)
{
	const char *type = store_json_type(st, col);

	if (strcmp(type, "text") == 0 && (!required || store_col(st, col + 1)[0]))
		*out = xstrdup(store_col(st, col + 1));
	else if (required)
		return store_json_bad(w, key, _("a non-empty string"), err);
	else if (type[0] == '\0')
		*out = store_strdup(def);
	else if (strcmp(type, "null") == 0)
		*out = NULL;
	else
		return store_json_bad(w, key, _("a string or null"), err);
	return true;
}

/* Read the integer member at col (type, value) into *out, def when
 * missing; it must lie in [min, max]. */
static bool
store_json_int(sqlite3_stmt *st, int col, const char *key, int64_t min,
	       int64_t max, int64_t def, int64_t *out,
	       const struct store_json_where *w, struct err *err)
{
	const char *type = store_json_type(st, col);
	int64_t v = sqlite3_column_int64(st, col + 1);

	if (type[0] == '\0') {
		*out = def;
		return true;
	}
	if (strcmp(type, "integer") != 0 || v < min || v > max)
		return store_json_bad(w, key, max == 4 ?
				      _("an integer from 1 to 4") :
				      _("a non-negative integer"), err);
	*out = v;
	return true;
}

/* Read the boolean member at col into *out, false when missing. */
static bool
store_json_bool(sqlite3_stmt *st, int col, const char *key, bool *out,
		const struct store_json_where *w, struct err *err)
{
	const char *type = store_json_type(st, col);

	*out = strcmp(type, "true") == 0;
	if (type[0] == '\0' || strcmp(type, "true") == 0 ||
	    strcmp(type, "false") == 0)
		return true;
	return store_json_bad(w, key, _("true or false"), err);
}

/* Read the article of the article query's row into e. */
static bool
store_json_article(sqlite3_stmt *st, struct store_highlight_entry *e,
		   struct err *err)
{
	struct store_json_where w = {
		.article = sqlite3_column_int64(st, SJA_INDEX) + 1,
	};
	const char *hl = store_json_type(st, SJA_HIGHLIGHTS);

	if (strcmp(store_json_type(st, SJA_TYPE), "object") != 0)
		return err_set(err, _("article %lld: not an object"),
			       w.article);
	if (hl[0] != '\0' && strcmp(hl, "array") != 0)
		return store_json_bad(&w, "highlights", _("an array"), err);
	return store_json_str(st, SJA_PATH, "path", true, NULL, &e->path, &w,
			      err) &&
	       store_json_str(st, SJA_TITLE, "title", false, NULL, &e->title,
			      &w, err) &&
	       store_json_str(st, SJA_SOURCE, "source", false, NULL,
			      &e->source, &w, err) &&
	       store_json_str(st, SJA_DATE, "date", false, NULL, &e->date, &w,
			      err) &&
	       store_json_str(st, SJA_URL, "url", false, NULL, &e->url, &w,
			      err);
}

/* Read the highlight of the highlight query's row into h. */
static bool
store_json_highlight(sqlite3_stmt *st, struct store_highlight *h,
		     struct err *err)
{
	struct store_json_where w = {
		.article = sqlite3_column_int64(st, SJH_ARTICLE) + 1,
		.highlight = sqlite3_column_int64(st, SJH_INDEX) + 1,
	};
	int64_t color = 1, start = 0, end = 0;

	if (strcmp(store_json_type(st, SJH_TYPE), "object") != 0)
		return err_set(err, _("article %lld, highlight %lld: not an "
				      "object"), w.article, w.highlight);
	if (!store_json_str(st, SJH_QUOTE, "quote", true, NULL, &h->quote, &w,
			    err) ||
	    !store_json_str(st, SJH_PREFIX, "prefix", false, "", &h->prefix,
			    &w, err) ||
	    !store_json_str(st, SJH_SUFFIX, "suffix", false, "", &h->suffix,
			    &w, err) ||
	    !store_json_str(st, SJH_NOTE, "note", false, NULL, &h->note, &w,
			    err) ||
	    !store_json_int(st, SJH_COLOR, "color", 1, 4, 1, &color, &w, err) ||
	    !store_json_int(st, SJH_START, "start", 0, INT64_MAX, 0, &start,
			    &w, err) ||
	    !store_json_int(st, SJH_END, "end", 0, INT64_MAX, 0, &end, &w,
			    err) ||
	    !store_json_bool(st, SJH_DETACHED, "detached", &h->detached, &w,
			     err) ||
	    !store_json_int(st, SJH_CREATED, "created", 0, INT64_MAX, 0,
			    &h->created, &w, err) ||
	    !store_json_int(st, SJH_UPDATED, "updated", 0, INT64_MAX, 0,
			    &h->updated, &w, err))
		return false;
	if (start > end)
		return err_set(err, _("article %lld, highlight %lld: \"start\" "
				      "is after \"end\""), w.article,
			       w.highlight);
	h->color = (int)color;
	h->start = (size_t)start;
	h->end = (size_t)end;
	return true;
}

/* Free the strings of e (not e). */
static void
store_json_entry_fini(struct store_highlight_entry *e)
{
	store_highlight_fini(&e->h);
	free(e->path);
	free(e->title);
	free(e->source);
	free(e->date);
	free(e->url);
}

/* Append a zeroed entry to the heap array *v of *n (capacity *cap) and
 * return it. */
static struct store_highlight_entry *
store_json_push(struct store_highlight_entry **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	memset(&(*v)[*n], 0, sizeof **v);
	return &(*v)[(*n)++];
}

/* Read one row of the highlight query into a new entry of *v, with a copy
 * of its article a's members. */
static bool
store_json_row(sqlite3_stmt *st, const struct store_highlight_entry *a,
	       struct store_highlight_entry **v, size_t *n, size_t *cap,
	       struct err *err)
{
	struct store_highlight_entry *e = store_json_push(v, n, cap);

	e->path = xstrdup(a->path);
	e->title = store_strdup(a->title);
	e->source = store_strdup(a->source);
	e->date = store_strdup(a->date);
	e->url = store_strdup(a->url);
	return store_json_highlight(st, &e->h, err);
}

/* Run the prepared query sql with json[0..len) bound to ?1, calling
 * row(st, ctx) for each row until one returns false. */
static bool
store_json_query(struct store *s, const char *sql, const char *json,
		 size_t len, bool (*row)(sqlite3_stmt *st, void *ctx),
		 void *ctx, struct err *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = true;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text64(st, 1, json, len, SQLITE_STATIC,
					 SQLITE_UTF8);
	while (ok && rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ok = row(st, ctx);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (ok && rc != SQLITE_DONE)
		ok = store_read_failed(s, rc, err);
	return ok;
}

/* What reading the rows builds. */
struct store_json_read {
	struct store_highlight_entry *articles;	/* by index; members only */
	size_t n_articles, cap_articles;
	struct store_highlight_entry *v;	/* the highlights */
	size_t n, cap;
	struct err *err;
};

/* Read one row of the article query. */
static bool
store_json_article_row(sqlite3_stmt *st, void *ctx)
{
	struct store_json_read *r = ctx;

	return store_json_article(st, store_json_push(&r->articles,
						      &r->n_articles,
						      &r->cap_articles),
				  r->err);
}

/* Read one row of the highlight query. */
static bool
store_json_highlight_row(sqlite3_stmt *st, void *ctx)
{
	struct store_json_read *r = ctx;
	sqlite3_int64 a = sqlite3_column_int64(st, SJH_ARTICLE);

	/* Both queries walk the same array of the same text. */
	assert(a >= 0 && (size_t)a < r->n_articles);
	return store_json_row(st, &r->articles[a], &r->v, &r->n, &r->cap,
			      r->err);
}

/* Check the top of the document: JSON, an object of our format and
 * version with an articles array; return false with err set if not. */
static bool
store_json_check(struct store *s, sqlite3_stmt *st, struct err *err)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_ROW)
		return store_read_failed(s, rc, err);
	if (sqlite3_column_int(st, 0) == 0)
		return err_set(err, _("not valid JSON"));
	if (sqlite3_column_type(st, 1) != SQLITE_TEXT ||
	    strcmp(store_col(st, 1), STORE_JSON_FORMAT) != 0)
		return err_set(err, _("not a tsundoku highlights export (no "
				      "\"format\": \"%s\")"),
			       STORE_JSON_FORMAT);
	if (sqlite3_column_type(st, 2) != SQLITE_INTEGER ||
	    sqlite3_column_int64(st, 2) != STORE_JSON_VERSION)
		return err_set(err, _("export version %s is not supported "
				      "(this program reads version %d)"),
			       store_col(st, 2) ? store_col(st, 2) : "?",
			       STORE_JSON_VERSION);
	if (sqlite3_column_type(st, 3) != SQLITE_TEXT ||
	    strcmp(store_col(st, 3), "array") != 0)
		return err_set(err, _("\"articles\" must be an array"));
	return true;
}

/* Run the check query, then the article and highlight queries, over
 * json[0..len); on success hand the highlights over in *v and *n. */
static bool
store_json_read(struct store *s, const char *json, size_t len,
		struct store_highlight_entry **v, size_t *n, struct err *err)
{
	static const char check[] =
		"SELECT v, CASE WHEN v THEN json_extract(?1, '$.format') END,\n"
		"	CASE WHEN v THEN json_extract(?1, '$.version') END,\n"
		"	CASE WHEN v THEN json_type(?1, '$.articles') END\n"
		"FROM (SELECT json_valid(?1) AS v)";
	struct store_json_read r = { .err = err };
	sqlite3_stmt *st = NULL;
	bool ok;
	int rc = sqlite3_prepare_v2(s->db, check, -1, &st, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text64(st, 1, json, len, SQLITE_STATIC,
					 SQLITE_UTF8);
	ok = rc == SQLITE_OK ? store_json_check(s, st, err)
		: store_read_failed(s, rc, err);
	sqlite3_finalize(st);
	ok = ok && store_json_query(s, store_json_articles, json, len,
				    store_json_article_row, &r, err) &&
	     store_json_query(s, store_json_highlights, json, len,
			      store_json_highlight_row, &r, err);
	for (size_t i = 0; i < r.n_articles; i++)
		store_json_entry_fini(&r.articles[i]);
	free(r.articles);
	*v = r.v;
	*n = r.n;
	return ok;
}

bool
store_highlight_parse_json(struct store *s, const char *json, size_t len,
			   struct store_highlight_entry **out, size_t *n,
			   struct err *err)
{
	struct store_highlight_entry *v = NULL;

	*n = 0;
	/* SQLite reads text only up to a NUL; JSON never holds a raw one. */
	if (memchr(json, '\0', len) != NULL)
		return err_set(err, _("not valid JSON"));
	if (!store_json_read(s, json, len, &v, n, err)) {
		store_highlight_entries_free(v, *n);
		*n = 0;
		return false;
	}
	*out = v;
	return true;
}

/* The articles (not missing) that have a url, sorted by url: read once
 * per import, when an entry's path is unknown. The article table has no
 * index on url: keeping one up to date cost the indexer a third of its
 * listing time, and an import is rare. */
struct store_urls {
	struct store_url {
		char *url;
		int64_t id;
	} *v;
	size_t n;
	bool loaded;
};

static int
store_cmp_url(const void *a, const void *b)
{
	return strcmp(((const struct store_url *)a)->url,
		      ((const struct store_url *)b)->url);
}

/* Read the urls into u, sorted. */
static int
store_urls_load(struct store *s, struct store_urls *u)
{
	static const char sql[] = "SELECT url, id FROM article\n"
				  "WHERE url IS NOT NULL AND NOT missing";
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	u->loaded = true;
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (u->n == cap) {
			cap = cap ? 2 * cap : 256;
			u->v = xreallocarray(u->v, cap, sizeof *u->v);
		}
		u->v[u->n].url = xstrdup(store_col(st, 0));
		u->v[u->n++].id = sqlite3_column_int64(st, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (u->n > 1)
		qsort(u->v, u->n, sizeof *u->v, store_cmp_url);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Put the new article id with url url into u, keeping it sorted. */
static void
store_urls_add(struct store_urls *u, const char *url, int64_t id)
{
	size_t lo = 0, hi = u->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(u->v[mid].url, url) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	u->v = xreallocarray(u->v, u->n + 1, sizeof *u->v);
	memmove(&u->v[lo + 1], &u->v[lo], (u->n - lo) * sizeof *u->v);
	u->v[lo].url = xstrdup(url);
	u->v[lo].id = id;
	u->n++;
}

static void
store_urls_fini(struct store_urls *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->v[i].url);
	free(u->v);
}

/* Store in *id the row id of the only article (not missing) with url
 * url; SQLITE_DONE when there is none or more than one. */
static int
store_article_by_url(struct store *s, struct store_urls *u, const char *url,
		     int64_t *id)
{
	struct store_url key = { .url = (char *)url }, *hit;
	int rc = u->loaded ? SQLITE_OK : store_urls_load(s, u);

	if (rc != SQLITE_OK || u->n == 0)
		return rc != SQLITE_OK ? rc : SQLITE_DONE;
	hit = bsearch(&key, u->v, u->n, sizeof *u->v, store_cmp_url);
	if (hit == NULL || (hit > u->v && strcmp(hit[-1].url, url) == 0) ||
	    (hit + 1 < u->v + u->n && strcmp(hit[1].url, url) == 0))
		return SQLITE_DONE;
	*id = hit->id;
	return SQLITE_OK;
}

/* Store in *id the article an imported entry belongs to: by path, else
 * by url, else a new row. */
static int
store_import_article(struct store *s, struct store_urls *u,
		     const struct store_highlight_entry *e, int64_t *id)
{
	static const char sql[] = "SELECT id FROM article WHERE path = ?1";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, e->path);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return SQLITE_OK;
	if (rc != SQLITE_DONE)
		return rc;
	if (e->url != NULL && (rc = store_article_by_url(s, u, e->url, id)) !=
	    SQLITE_DONE)
		return rc;
	rc = store_article_id(s, e->path, e, id);
	if (rc == SQLITE_OK && e->url != NULL && u->loaded)
		store_urls_add(u, e->url, *id);	/* as an index would */
	return rc;
}

/* Store in *id and *updated the highlight of article article_id that is
 * h: the same quote at the same range, or else the same quote made at
 * the same millisecond (the same highlight, placed again on one side
 * after its file changed); SQLITE_DONE when there is none. */
static int
store_import_find(struct store *s, int64_t article_id,
		  const struct store_highlight *h, int64_t *id,
		  int64_t *updated)
{
	static const char sql[] =
		"SELECT id, updated FROM highlight WHERE article_id = ?1\n"
		"	AND quote = ?4 AND ((start = ?2 AND end = ?3)\n"
		"		OR created = ?5)\n"
		"ORDER BY start = ?2 AND end = ?3 DESC LIMIT 1";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, article_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)h->start);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, (sqlite3_int64)h->end);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 4, h->quote);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 5, h->created);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*updated = sqlite3_column_int64(st, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Overwrite highlight id with the newer h: note, colour, context, update
 * time, and the earlier of the two creation times. */
static int
store_import_update(struct store *s, int64_t id,
		   const struct store_highlight *h)
{
	static const char sql[] =
		"UPDATE highlight SET prefix = ?2, suffix = ?3, note = ?4,\n"
		"	color = ?5, created = min(created, ?6), updated = ?7\n"
		"WHERE id = ?1";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 2, h->prefix ? h->prefix : "");
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 3, h->suffix ? h->suffix : "");
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 4, h->note);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 5, h->color);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 6, h->created);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 7, h->updated);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

/* Merge one entry (inside the write transaction), counting it in t. */
static int
store_import_one(struct store *s, struct store_urls *u,
		 const struct store_highlight_entry *e,
		 struct store_merge_tally *t)
{
	struct store_highlight h = e->h;
	int64_t article_id = 0, id = 0, updated = 0;
	int rc = store_import_article(s, u, e, &article_id);

	if (rc == SQLITE_OK)
		rc = store_import_find(s, article_id, &h, &id, &updated);
	if (rc == SQLITE_DONE) {
		h.id = 0;
		t->added++;
		return store_insert_highlight(s, article_id, &h, &id);
	}
	if (rc != SQLITE_OK)
		return rc;
	if (h.updated <= updated) {
		t->unchanged++;
		return SQLITE_OK;
	}
	t->updated++;
	return store_import_update(s, id, &h);
}

bool
store_highlight_merge(struct store *s, const struct store_highlight_entry *v,
		      size_t n, struct store_merge_tally *t, struct err *err)
{
	struct store_urls urls = { .v = NULL };
	int rc;

	memset(t, 0, sizeof *t);
	if (!store_may_write(s, err))
		return false;
	rc = store_exec(s, "BEGIN IMMEDIATE");
	for (size_t i = 0; i < n && rc == SQLITE_OK; i++)
		rc = store_import_one(s, &urls, &v[i], t);
	store_urls_fini(&urls);
	if (rc != SQLITE_OK)
		memset(t, 0, sizeof *t);
	return store_end_write(s, rc, err);
}
