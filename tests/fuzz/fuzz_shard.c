/* SPDX-License-Identifier: MIT */
/*
 * fuzz_shard.c: what the indexer reads after the machine stopped while
 * it wrote a shard without syncing (store_unsynced.c): the shard's
 * marker and the shard file itself, however damaged. The input is the
 * marker's bytes, a NUL byte, then the bytes of shard 0, written beside a
 * fresh database in a private directory; store_shards_recover runs as
 * the indexer runs it, before anything else reads the shards.
 *
 * The database holds two articles with the word "words": the first's
 * text in shard 1, the second's in shard 0. A marker that holds this
 * boot's id (given as "boot", which no two machines share) keeps shard 0
 * unless it is too damaged to read; any other marker, or such damage,
 * must leave it emptied and usable, so that a search finds the first
 * article alone, the second's text to be indexed again. Either way the
 * marker is gone.
 */
#include "config.h"

#include "fuzz.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "data/store.h"

#define FUZZ_SHARD_BOOT_ID "/proc/sys/kernel/random/boot_id"

/* The files of a database with the two articles, made once: the
 * database and its shard 1 (shard 0 comes from the input). */
struct fuzz_shard_template {
	struct buf db, fts1;
};

/* Write part to the file at path, replacing it. */
static void
fuzz_shard_write(const char *path, struct fuzz_part part)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(part.s, 1, part.len, f) != part.len)
		fuzz_fail("cannot write a file", __FILE__, __LINE__);
	fclose(f);
}

/* Read the file at path into b. */
static void
fuzz_shard_read(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;

	if (f == NULL)
		fuzz_fail("cannot read a file", __FILE__, __LINE__);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
}

/* Store this boot's id in boot (empty without one). */
static void
fuzz_shard_boot(struct buf *boot)
{
	FILE *f = fopen(FUZZ_SHARD_BOOT_ID, "r");
	char id[64];
	size_t n = f != NULL ? fread(id, 1, sizeof id, f) : 0;

	if (f != NULL)
		fclose(f);
	buf_add(boot, id, n);
}

/* Return the template, made the first time in the private directory:
 * a database whose first article's text is in shard 1, the second's in
 * shard 0. */
static const struct fuzz_shard_template *
fuzz_shard_template(void)
{
	static struct fuzz_shard_template t;
	static bool made;
	struct buf path;
	struct store *s;
	struct err err;

	if (made)
		return &t;
	buf_init(&path);
	buf_printf(&path, "%s/template.db", fuzz_tmpdir());
	err_init(&err);
	FUZZ_CHECK(store_open(buf_str(&path), &s, &err));
	for (int i = 1; i <= 2; i++) {
		char name[32];
		snprintf(name, sizeof name, "/a/%d.md", i);
		struct store_article a = { .path = name, .size = 5,
					   .title = "T", .length = 5 };
		FUZZ_CHECK(store_put_article(s, &a, "words", 5, &err));
	}
	store_close(s);	/* the last connection: no log is left */
	err_fini(&err);
	buf_init(&t.db);
	buf_init(&t.fts1);
	fuzz_shard_read(buf_str(&path), &t.db);
	buf_adds(&path, "-fts1");
	fuzz_shard_read(buf_str(&path), &t.fts1);
	buf_fini(&path);
	made = true;
	return &t;
}

/* Write the files of a fresh database at db_path, its shard 0 holding
 * shard and its marker holding marker. */
static void
fuzz_shard_files(const char *db_path, struct fuzz_part marker,
		 struct fuzz_part shard)
{
	static const char *const logs[] = { "-wal", "-shm", "-fts0-wal",
		"-fts0-shm", "-fts1-wal", "-fts1-shm" };
	const struct fuzz_shard_template *t = fuzz_shard_template();
	struct buf path;

	buf_init(&path);
	for (size_t i = 0; i < sizeof logs / sizeof *logs; i++) {
		buf_clear(&path);
		buf_printf(&path, "%s%s", db_path, logs[i]);
		unlink(buf_str(&path));
	}
	fuzz_shard_write(db_path, (struct fuzz_part){ t->db.data,
						     t->db.len });
	buf_clear(&path);
	buf_printf(&path, "%s-fts1", db_path);
	fuzz_shard_write(buf_str(&path), (struct fuzz_part){ t->fts1.data,
							    t->fts1.len });
	buf_clear(&path);
	buf_printf(&path, "%s-fts0", db_path);
	fuzz_shard_write(buf_str(&path), shard);
	buf_adds(&path, ".unsynced");
	fuzz_shard_write(buf_str(&path), marker);
	buf_fini(&path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part marker, shard;
	struct buf db_path, boot;
	struct store *s;
	struct err err;
	size_t n = 0;
	int emptied = -1;
	bool kept;

	fuzz_split((const char *)data, size, '\0', &marker, &shard);
	buf_init(&boot);
	fuzz_shard_boot(&boot);
	if (marker.len == 4 && memcmp(marker.s, "boot", 4) == 0)
		marker = (struct fuzz_part){ boot.data, boot.len };
	kept = boot.len > 0 && marker.len == boot.len &&
	       memcmp(marker.s, boot.data, boot.len) == 0;
	buf_init(&db_path);
	buf_printf(&db_path, "%s/t.db", fuzz_tmpdir());
	fuzz_shard_files(buf_str(&db_path), marker, shard);
	err_init(&err);
	FUZZ_CHECK(store_open(buf_str(&db_path), &s, &err));
	FUZZ_CHECK(store_shards_recover(s, &emptied, &err));
	FUZZ_CHECK(kept ? emptied <= 1 : emptied == 1);
	buf_adds(&db_path, "-fts0.unsynced");
	FUZZ_CHECK(access(buf_str(&db_path), F_OK) != 0);
	if (emptied == 1)
		FUZZ_CHECK(store_count_matches(s, "words", &n, &err) &&
			   n == 1);
	else if (!store_count_matches(s, "words", &n, &err))
		FUZZ_CHECK(err_msg(&err)[0] != '\0');	/* kept, damaged */
	store_close(s);
	err_fini(&err);
	buf_fini(&db_path);
	buf_fini(&boot);
	return 0;
}
