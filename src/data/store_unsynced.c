/* SPDX-License-Identifier: MIT */
/*
 * store_unsynced.c: a shard written without syncing, and how it is put
 * right after the machine stopped.
 *
 * The indexer's shard writers run with synchronous=OFF: nothing waits
 * for the disk, and pages the log or a checkpoint writes again before
 * the kernel writes them back reach the disk once. At 100,000 articles
 * indexing wrote 2.1-2.5 GB instead of 3.2 (bench/README.md, "Issue 16",
 * third session). A process that dies loses nothing by it: its writes
 * are the kernel's. A machine that stops may leave a shard damaged, so:
 *
 *  - before its writer writes, "<shard>.unsynced" is made and synced,
 *    holding the boot id (Linux's /proc/sys/kernel/random/boot_id);
 *  - when the writer closes, the shard and its log are synced, then the
 *    marker is removed;
 *  - a marker from another boot means the machine stopped while the
 *    shard was not synced: store_shards_recover empties that shard and
 *    marks its articles' texts to be indexed again; so it does with a
 *    shard too damaged to read (store_unsynced_damaged), marker or not.
 *
 * A marker from this boot is a writer that died: the kernel still holds
 * what it wrote, and the next writer goes on. Without a boot id (not
 * Linux) the writers keep synchronous=NORMAL and no marker is made.
 * The shards hold nothing but what the archive's files give again.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/buf.h"
#include "base/xmem.h"
#include "data/store_impl.h"

#define STORE_BOOT_ID_FILE "/proc/sys/kernel/random/boot_id"
#define STORE_BOOT_ID_MAX 64
#define STORE_EMPTY_BUSY_MS 5000	/* as store_open.c's connections */

/* Read up to size - 1 bytes of the file at path into out, NUL-ended;
 * return whether anything was read. */
static bool
store_read_small(const char *path, char *out, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	out[0] = '\0';
	if (fd < 0)
		return false;
	n = read(fd, out, size - 1);
	close(fd);
	if (n <= 0)
		return false;
	out[n] = '\0';
	return true;
}

/* Store this boot's id in out; return false when the system has none. */
static bool
store_boot_id(char out[STORE_BOOT_ID_MAX])
{
	return store_read_small(STORE_BOOT_ID_FILE, out, STORE_BOOT_ID_MAX);
}

/* Return the heap path of the marker of the shard at shard_path. */
static char *
store_marker_path(const char *shard_path)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%s.unsynced", shard_path);
	return buf_detach(&b);
}

/* Sync the directory that holds path, so that a file made or removed
 * there stays so. */
static int
store_sync_dir(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int fd, rc = 0;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	fd = open(slash != NULL ? dir : ".", O_RDONLY | O_DIRECTORY |
		  O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0)
		rc = -1;
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

/* Sync the file at path to the disk; a file that is not there is
 * fine. */
static int
store_sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

bool
store_unsynced_begin(const char *shard_path)
{
	char boot[STORE_BOOT_ID_MAX];
	char *marker;
	size_t len;
	int fd;
	bool ok;

	if (!store_boot_id(boot))
		return false;
	marker = store_marker_path(shard_path);
	fd = open(marker, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	len = strlen(boot);
	ok = fd >= 0 && write(fd, boot, len) == (ssize_t)len &&
	     fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	ok = ok && store_sync_dir(marker) == 0;
	if (!ok)
		unlink(marker);
	free(marker);
	return ok;
}

int
store_unsynced_end(const char *shard_path)
{
	char *wal = NULL, *marker = store_marker_path(shard_path);
	struct buf b;
	int rc;

	buf_init(&b);
	buf_printf(&b, "%s-wal", shard_path);
	wal = buf_detach(&b);
	rc = store_sync_file(wal) == 0 && store_sync_file(shard_path) == 0
		? SQLITE_OK : SQLITE_IOERR_FSYNC;
	if (rc == SQLITE_OK && unlink(marker) == 0)
		store_sync_dir(marker);	/* at worst, a needless rebuild */
	free(wal);
	free(marker);
	return rc;
}

enum store_unsynced
store_unsynced_state(const char *shard_path)
{
	char boot[STORE_BOOT_ID_MAX], was[STORE_BOOT_ID_MAX];
	char *marker = store_marker_path(shard_path);
	bool there = access(marker, F_OK) == 0;
	bool same = there && store_read_small(marker, was, sizeof was) &&
		    store_boot_id(boot) && strcmp(boot, was) == 0;

	free(marker);
	return !there ? STORE_SYNCED : same ? STORE_UNSYNCED_THIS_BOOT
		: STORE_UNSYNCED_STOPPED;
}

bool
store_unsynced_damaged(const char *shard_path)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(shard_path, &db, SQLITE_OPEN_READWRITE,
				 NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(db, STORE_EMPTY_BUSY_MS);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master",
				  NULL, NULL, NULL);
	sqlite3_close(db);
	/* SQLITE_ERROR: "unsupported file format", found by fuzz_shard. */
	return rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT ||
	       rc == SQLITE_ERROR || rc == SQLITE_FORMAT;
}

int
store_unsynced_empty(const char *shard_path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_open_v2(shard_path, &db, SQLITE_OPEN_READWRITE,
				 NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(db, STORE_EMPTY_BUSY_MS);
	/* SQLite's way to empty a file however damaged: read the schema
	 * (errors do not matter), then VACUUM with RESET_DATABASE on. */
	if (rc == SQLITE_OK) {
		sqlite3_prepare_v2(db, "SELECT * FROM sqlite_master", -1,
				   &st, NULL);
		sqlite3_finalize(st);
		rc = sqlite3_db_config(db, SQLITE_DBCONFIG_RESET_DATABASE, 1,
				       NULL);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "VACUUM", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_db_config(db, SQLITE_DBCONFIG_RESET_DATABASE, 0,
				       NULL);
	sqlite3_close(db);
	return rc;
}
