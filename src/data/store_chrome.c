/* SPDX-License-Identifier: MIT */
/*
 * store_chrome.c: the counts behind learned chrome (chrome.h): which
 * short blocks recur near the edges of a site's articles. The tables and
 * the triggers that keep the counts are migration 8 in store.c.
 */
#include "config.h"
#include "data/store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "document/chrome.h"
#include "base/err.h"
#include "data/store_impl.h"
#include "base/xmem.h"

/* Prepare sql once into *st, kept for the connection's life. */
static int
store_chrome_prepare(struct store *s, sqlite3_stmt **st, const char *sql)
{
	if (*st != NULL)
		return sqlite3_reset(*st);
	return sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
				  st, NULL);
}

bool
store_batch_put_chrome(struct store *s, const char *path, const char *site,
		       const uint64_t *hashes, size_t n, struct err *err)
{
	unsigned char *blob = xcalloc(n ? n : 1, 8);
	int rc = store_chrome_prepare(s, &s->chrome_add,
		"INSERT OR REPLACE INTO chrome_seen (article_id, site, hashes) "
		"SELECT id, ?2, ?3 FROM article WHERE path = ?1");

	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < 8; b++)
			blob[8 * i + (size_t)b] = (unsigned char)(hashes[i] >> (8 * b));
	if (rc == SQLITE_OK)
		rc = store_bind_str(s->chrome_add, 1, path);
	if (rc == SQLITE_OK)
		rc = store_bind_str(s->chrome_add, 2, site);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_blob(s->chrome_add, 3, blob, (int)(8 * n),
				       SQLITE_TRANSIENT);
	if (rc == SQLITE_OK && sqlite3_step(s->chrome_add) != SQLITE_DONE)
		rc = sqlite3_errcode(s->db);
	if (rc == SQLITE_OK)
		rc = sqlite3_reset(s->chrome_add);
	free(blob);
	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

/* Counts of one site's hashes: an open-addressing table. */
struct store_chrome_counts {
	uint64_t *keys;		/* 0: an empty slot (hash 0 is never kept) */
	int64_t *n;
	size_t cap;		/* a power of two */
	size_t used;
	int64_t articles;
};

/* Return the slot of hash h (not 0) in c, empty if h is not there. */
static size_t
store_chrome_slot(const struct store_chrome_counts *c, uint64_t h)
{
	size_t i = (size_t)(h * 0x9E3779B97F4A7C15u) & (c->cap - 1);

	while (c->keys[i] != 0 && c->keys[i] != h)
		i = (i + 1) & (c->cap - 1);
	return i;
}

/* Add one occurrence of hash h (not 0) to c, growing it when half full. */
static void
store_chrome_count(struct store_chrome_counts *c, uint64_t h)
{
	if (2 * (c->used + 1) > c->cap) {
		struct store_chrome_counts big = {
			.cap = c->cap ? 2 * c->cap : 256,
			.used = c->used, .articles = c->articles,
		};
		big.keys = xcalloc(big.cap, sizeof *big.keys);
		big.n = xcalloc(big.cap, sizeof *big.n);
		for (size_t i = 0; i < c->cap; i++) {
			if (c->keys[i] == 0)
				continue;
			size_t j = store_chrome_slot(&big, c->keys[i]);
			big.keys[j] = c->keys[i];
			big.n[j] = c->n[i];
		}
		free(c->keys);
		free(c->n);
		*c = big;
	}
	size_t i = store_chrome_slot(c, h);
	c->used += c->keys[i] == 0;
	c->keys[i] = h;
	c->n[i]++;
}

/* Write site's counts in c into the table chrome and empty c. */
static int
store_chrome_flush(struct store *s, sqlite3_stmt *ins, const char *site,
		   struct store_chrome_counts *c)
{
	int rc = store_bind_str(ins, 1, site);

	for (size_t i = 0; rc == SQLITE_OK && i <= c->cap; i++) {
		uint64_t h = i < c->cap ? c->keys[i] : 0;
		int64_t n = i < c->cap ? c->n[i] : c->articles;
		if ((i < c->cap && (h == 0 || n < CHROME_MIN_ARTICLES)) ||
		    (i == c->cap && n == 0))
			continue;
		rc = sqlite3_bind_int64(ins, 2, (int64_t)h);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(ins, 3, n);
		if (rc == SQLITE_OK && sqlite3_step(ins) != SQLITE_DONE)
			rc = sqlite3_errcode(s->db);
		if (rc == SQLITE_OK)
			rc = sqlite3_reset(ins);
	}
	if (c->cap > 0) {
		memset(c->keys, 0, c->cap * sizeof *c->keys);
		memset(c->n, 0, c->cap * sizeof *c->n);
	}
	c->used = 0;
	c->articles = 0;
	return rc;
}

/* Rebuild the table chrome from chrome_seen, inside a transaction. */
static int
store_chrome_recount(struct store *s)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	struct store_chrome_counts c = { .cap = 0 };
	char *site = NULL;
	int rc = store_exec(s, "DELETE FROM chrome");

	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(s->db, "SELECT site, hashes FROM "
					"chrome_seen ORDER BY site", -1, &sel, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(s->db, "INSERT INTO chrome (site, hash, n) "
					"VALUES (?1, ?2, ?3)", -1, &ins, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *row_site = store_col(sel, 0);
		const unsigned char *blob = sqlite3_column_blob(sel, 1);
		size_t n = (size_t)sqlite3_column_bytes(sel, 1) / 8;
		rc = SQLITE_OK;
		if (site != NULL && strcmp(site, row_site) != 0)
			rc = store_chrome_flush(s, ins, site, &c);
		if (site == NULL || strcmp(site, row_site) != 0) {
			free(site);
			site = xstrdup(row_site);
		}
		c.articles++;
		for (size_t i = 0; i < n; i++) {
			uint64_t h = 0;
			for (int b = 7; b >= 0; b--)
				h = h << 8 | blob[8 * i + (size_t)b];
			if (h != 0)
				store_chrome_count(&c, h);
		}
	}
	if (rc == SQLITE_DONE)
		rc = site != NULL ? store_chrome_flush(s, ins, site, &c) : SQLITE_OK;
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	free(site);
	free(c.keys);
	free(c.n);
	return rc;
}

bool
store_chrome_rebuild(struct store *s, struct err *err)
{
	int rc;

	if (!store_may_write(s, err))
		return false;
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = store_chrome_recount(s);
	return store_end_write(s, rc, err);
}

/* Store in *n the number of site's articles that recorded chrome. */
static int
store_chrome_articles(struct store *s, const char *site, int64_t *n)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "SELECT n FROM chrome "
				    "WHERE site = ?1 AND hash = 0", -1, &st, NULL);

	*n = 0;
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, site);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

bool
store_chrome_learned(struct store *s, const char *site, uint64_t **hashes,
		     size_t *n, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int64_t articles;
	size_t cap = 0;
	int rc = store_chrome_articles(s, site, &articles);
	int64_t t = chrome_threshold(articles);

	*hashes = NULL;
	*n = 0;
	if (rc != SQLITE_OK || t == 0)
		return rc == SQLITE_OK || store_read_failed(s, rc, err);
	rc = sqlite3_prepare_v2(s->db, "SELECT hash FROM chrome WHERE "
				"site = ?1 AND n >= ?2 AND hash != 0", -1,
				&st, NULL);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, site);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, t);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*hashes = xreallocarray(*hashes, cap, sizeof **hashes);
		}
		(*hashes)[(*n)++] = (uint64_t)sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return true;
	free(*hashes);
	*hashes = NULL;
	*n = 0;
	return store_read_failed(s, rc, err);
}
