/* SPDX-License-Identifier: MIT */
/*
 * store_chrome.c: the counts behind learned chrome (chrome.h): which
 * short blocks recur near the edges of a site's articles. The tables and
 * the triggers that keep the counts are migration 7 in store.c.
 */
#include "config.h"
#include "store.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "chrome.h"
#include "err.h"
#include "store_impl.h"
#include "xmem.h"

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
	int rc = store_chrome_prepare(s, &s->chrome_forget,
		"DELETE FROM chrome_seen WHERE article_id = "
		"(SELECT id FROM article WHERE path = ?1)");

	if (rc == SQLITE_OK)
		rc = store_bind_str(s->chrome_forget, 1, path);
	if (rc == SQLITE_OK && sqlite3_step(s->chrome_forget) != SQLITE_DONE)
		rc = sqlite3_errcode(s->db);
	if (rc == SQLITE_OK)
		rc = store_chrome_prepare(s, &s->chrome_add,
			"INSERT OR IGNORE INTO chrome_seen (article_id, site, hash) "
			"SELECT id, ?2, ?3 FROM article WHERE path = ?1");
	if (rc == SQLITE_OK)
		rc = store_bind_str(s->chrome_add, 1, path);
	if (rc == SQLITE_OK)
		rc = store_bind_str(s->chrome_add, 2, site);
	for (size_t i = 0; rc == SQLITE_OK && i <= n; i++) {
		/* Hash 0 first: the article itself. */
		rc = sqlite3_bind_int64(s->chrome_add, 3,
					i == 0 ? 0 : (int64_t)hashes[i - 1]);
		if (rc == SQLITE_OK && sqlite3_step(s->chrome_add) != SQLITE_DONE)
			rc = sqlite3_errcode(s->db);
		if (rc == SQLITE_OK)
			rc = sqlite3_reset(s->chrome_add);
	}
	return rc == SQLITE_OK || store_save_failed(s, rc, err);
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
