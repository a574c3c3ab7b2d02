/* SPDX-License-Identifier: MIT */
/*
 * inflight.c: the in-flight records of parsing processes; see
 * inflight.h for the design and why it costs a pwrite per file.
 */
#include "config.h"
#include "base/inflight.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/xmem.h"

struct inflight {
	int fd;			/* the record, flocked while open */
	char *path;		/* its name, to remove it at the end */
	char *map;		/* the record's slots, shared with the page
				   cache: what is stored here is in the file
				   as soon as it is stored */
	size_t n_slots;
};

/* Put in dir the directory of db_path ("." for none) and in *base its
 * last component. */
static void
inflight_split(const char *db_path, struct buf *dir, const char **base)
{
	const char *slash = strrchr(db_path, '/');

	if (slash == NULL) {
		buf_adds(dir, ".");
		*base = db_path;
	} else {
		buf_add(dir, db_path, slash == db_path ? 1
			: (size_t)(slash - db_path));
		*base = slash + 1;
	}
}

/* Make the record under a temporary name, lock it, give it its slots,
 * then rename it to "<db>.inflight.XXXXXX": a collector never sees it
 * unlocked. Return the descriptor or -1 with errno set. */
static int
inflight_make(const char *db_path, size_t n_slots, struct buf *final)
{
	struct buf tmp;
	int fd, e = 0;

	buf_init(&tmp);
	buf_printf(&tmp, "%s.inflight-new.XXXXXX", db_path);
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		e = errno;
	} else if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 ||
		   flock(fd, LOCK_EX | LOCK_NB) != 0) {
		e = errno;
	} else if ((e = posix_fallocate(fd, 0, (off_t)(n_slots *
					 INFLIGHT_SLOT_SIZE))) == 0) {
		/* The blocks are allocated first: a store into a hole on a
		 * full disk would be a SIGBUS. */
		buf_printf(final, "%s.inflight.%s", db_path,
			   buf_str(&tmp) + tmp.len - 6);
		if (rename(buf_str(&tmp), buf_str(final)) != 0)
			e = errno;
	}
	if (e != 0 && fd >= 0) {
		unlink(buf_str(&tmp));
		close(fd);
		fd = -1;
	}
	buf_fini(&tmp);
	errno = e;
	return fd;
}

bool
inflight_open(const char *db_path, size_t n_slots, struct inflight **out,
	      struct err *err)
{
	struct buf final;
	void *map = MAP_FAILED;
	int fd;

	assert(n_slots > 0);
	*out = NULL;
	buf_init(&final);
	fd = inflight_make(db_path, n_slots, &final);
	if (fd >= 0) {
		map = mmap(NULL, n_slots * INFLIGHT_SLOT_SIZE,
			   PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (map == MAP_FAILED) {
			int e = errno;
			unlink(buf_str(&final));
			close(fd);
			fd = -1;
			errno = e;
		}
	}
	if (fd < 0) {
		err_set(err, _("cannot record the files being read next to "
			       "%s: %s"), db_path, strerror(errno));
		buf_fini(&final);
		return false;
	}
	*out = xcalloc(1, sizeof **out);
	(*out)->fd = fd;
	(*out)->map = map;
	(*out)->path = buf_detach(&final);
	(*out)->n_slots = n_slots;
	return true;
}

void
inflight_close(struct inflight *f)
{
	if (f == NULL)
		return;
	unlink(f->path);	/* before the lock goes with the descriptor */
	munmap(f->map, f->n_slots * INFLIGHT_SLOT_SIZE);
	close(f->fd);
	free(f->path);
	free(f);
}

/* Return the first byte of slot, the one that says whether it holds a
 * path. */
static _Atomic char *
inflight_flag(struct inflight *f, size_t slot)
{
	assert(slot < f->n_slots);
	return (_Atomic char *)(f->map + slot * INFLIGHT_SLOT_SIZE);
}

void
inflight_enter(struct inflight *f, size_t slot, const char *path)
{
	size_t len = strlen(path) + 1;
	char *s = f->map + slot * INFLIGHT_SLOT_SIZE;

	if (len > INFLIGHT_SLOT_SIZE || len < 2)
		return;
	/* The rest of the path first, its first byte last: a crash
	 * between the two leaves an empty slot, never a path made of two. */
	memcpy(s + 1, path + 1, len - 1);
	atomic_store_explicit(inflight_flag(f, slot), path[0],
			      memory_order_release);
}

void
inflight_leave(struct inflight *f, size_t slot)
{
	atomic_store_explicit(inflight_flag(f, slot), '\0',
			      memory_order_release);
}

/* Read the record fd (locked: its writer is dead) and call cb for each
 * path in its slots; return whether cb took every one. */
static bool
inflight_read(int fd, inflight_fn cb, void *ctx)
{
	struct buf all;
	char chunk[INFLIGHT_SLOT_SIZE];
	ssize_t n;
	bool ok = true;

	buf_init(&all);
	while ((n = read(fd, chunk, sizeof chunk)) > 0 ||
	       (n < 0 && errno == EINTR))
		if (n > 0)
			buf_add(&all, chunk, (size_t)n);
	for (size_t off = 0; off < all.len; off += INFLIGHT_SLOT_SIZE) {
		size_t room = all.len - off < INFLIGHT_SLOT_SIZE
			? all.len - off : INFLIGHT_SLOT_SIZE;
		const char *s = all.data + off;
		/* A slot without its NUL was cut short: not a path. */
		if (s[0] != '\0' && memchr(s, '\0', room) != NULL)
			ok = cb(s, ctx) && ok;
	}
	buf_fini(&all);
	return ok;
}

/* Seconds after which a record still under its temporary name is a
 * leftover: its maker died within the microseconds between making and
 * renaming it. */
#define INFLIGHT_STALE_SECONDS 60

/* Remove the temporary record at path if it is a leftover: unlocked,
 * and old enough that its maker cannot be about to lock it. */
static void
inflight_sweep(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat sb;

	if (fd < 0)
		return;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    time(NULL) - sb.st_mtime > INFLIGHT_STALE_SECONDS &&
	    flock(fd, LOCK_EX | LOCK_NB) == 0)
		unlink(path);
	close(fd);
}

/* Collect the record at path when no live process holds it. */
static void
inflight_collect_one(const char *path, inflight_fn cb, void *ctx)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat sb;

	if (fd < 0)
		return;		/* another collector took it */
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    flock(fd, LOCK_EX | LOCK_NB) == 0 && inflight_read(fd, cb, ctx))
		unlink(path);
	close(fd);
}

bool
inflight_collect(const char *db_path, inflight_fn cb, void *ctx,
		 struct err *err)
{
	struct buf dir, prefix, path;
	const char *base;
	struct dirent *e;
	DIR *dp;

	buf_init(&dir);
	inflight_split(db_path, &dir, &base);
	dp = opendir(buf_str(&dir));
	if (dp == NULL) {
		err_set(err, _("cannot read %s: %s"), buf_str(&dir),
			strerror(errno));
		buf_fini(&dir);
		return false;
	}
	buf_init(&prefix);
	buf_init(&path);
	buf_printf(&prefix, "%s.inflight", base);
	while ((e = readdir(dp)) != NULL) {
		const char *rest = e->d_name + prefix.len;
		if (strncmp(e->d_name, buf_str(&prefix), prefix.len) != 0)
			continue;
		buf_clear(&path);
		buf_printf(&path, "%s/%s", buf_str(&dir), e->d_name);
		if (rest[0] == '.')
			inflight_collect_one(buf_str(&path), cb, ctx);
		else if (strncmp(rest, "-new.", 5) == 0)
			inflight_sweep(buf_str(&path));
	}
	closedir(dp);
	buf_fini(&path);
	buf_fini(&prefix);
	buf_fini(&dir);
	return true;
}
