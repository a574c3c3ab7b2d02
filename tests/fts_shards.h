/* SPDX-License-Identifier: MIT */
/*
 * fts_shards.h: for tests that open the database with a plain SQLite
 * connection: attach its full-text shards (store.h) and make the view
 * fts_docsize of every shard's entries (column id), which such a
 * connection can read without the tokenizer.
 */
#ifndef TSUNDOKU_TEST_FTS_SHARDS_H
#define TSUNDOKU_TEST_FTS_SHARDS_H

#include <sqlite3.h>

/* Attach the shards of the database at path to db and make the view;
 * a shard not made yet holds nothing. Fails the test on an error. */
void attach_shards(sqlite3 *db, const char *path);

#endif
