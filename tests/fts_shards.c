/* SPDX-License-Identifier: MIT */
/* fts_shards.c: see fts_shards.h. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "data/store.h"
#include "data/store_impl.h"
#include "fts_shards.h"

void
attach_shards(sqlite3 *db, const char *path)
{
	char sql[1024];
	size_t len = 0;

	for (int k = 0; k < store_shards(); k++) {
		char *shard = store_shard_path(path, k);
		snprintf(sql, sizeof sql, "ATTACH '%s' AS fts%d", shard, k);
		free(shard);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
				 SQLITE_OK);
	}
	len = (size_t)snprintf(sql, sizeof sql, "CREATE TEMP VIEW fts_docsize"
			       " AS SELECT 0 AS id WHERE 0");
	for (int k = 0; k < store_shards(); k++) {
		char probe[96];
		sqlite3_stmt *st;
		snprintf(probe, sizeof probe, "SELECT 1 FROM fts%d.sqlite_master"
			 " WHERE name = 'article_fts_docsize'", k);
		assert_int_equal(sqlite3_prepare_v2(db, probe, -1, &st, NULL),
				 SQLITE_OK);
		if (sqlite3_step(st) == SQLITE_ROW)	/* a shard not made yet
							   holds nothing */
			len += (size_t)snprintf(sql + len, sizeof sql - len,
						" UNION ALL SELECT id FROM "
						"fts%d.article_fts_docsize", k);
		sqlite3_finalize(st);
	}
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
}
