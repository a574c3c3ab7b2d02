/* SPDX-License-Identifier: MIT */
/*
 * watch.c: inotify over the archive's directories. One watch descriptor
 * per directory, each remembered with its path, so that a directory
 * created or moved in is watched at once with everything below it. A
 * root that is a file is watched through its directory, and only its
 * own name counts there. Giving up (no inotify, the bound or the
 * kernel's limit reached, the queue overflowing is not a reason: a
 * change is reported and the caller looks at everything) closes the
 * descriptor and leaves the caller to its timer. A root that does not
 * exist yet is watched like a file: when it appears as a directory, the
 * directory is watched too.
 */
#include "config.h"
#include "data/watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "document/archive.h"
#include "base/buf.h"
#include "base/xmem.h"

/* What a directory is watched for: entries that come, go or are
 * written, and the directory itself going. */
#define WATCH_EVENTS (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
		      IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF | \
		      IN_ONLYDIR)

/* One watched directory; a directory holding several roots that are
 * files has a record for each name, all with the same descriptor. */
struct watch_dir {
	int wd;			/* inotify's watch descriptor */
	char *path;		/* heap */
	char *only;		/* heap: the one name that counts (a root
				   that is a file); NULL: every name */
};

struct watch {
	enum watch_mode mode;	/* WATCH_POLL once inotify gave up */
	int fd;			/* inotify; -1 when polling or off */
	size_t max_dirs;
	struct watch_dir *dirs;	/* heap array */
	size_t n_dirs;
};

/* Stop using inotify: the caller's timer takes over. */
static void
watch_give_up(struct watch *w)
{
	for (size_t i = 0; i < w->n_dirs; i++) {
		free(w->dirs[i].path);
		free(w->dirs[i].only);
	}
	free(w->dirs);
	w->dirs = NULL;
	w->n_dirs = 0;
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	if (w->mode == WATCH_NOTIFY)
		w->mode = WATCH_POLL;
}

/* Return the record of watch descriptor wd, or NULL. */
static struct watch_dir *
watch_find(struct watch *w, int wd)
{
	for (size_t i = 0; i < w->n_dirs; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

/* Watch the directory path (only the name only in it, when not NULL).
 * Return 1 when it is newly watched, 0 when it was already (the same
 * directory through another path: a symlink loop ends here) or cannot
 * be (unreadable, gone), -1 when the watch gave up. */
static int
watch_add_dir(struct watch *w, const char *path, const char *only)
{
	struct watch_dir *d;
	int wd;

	if (w->fd < 0)
		return -1;
	if (w->n_dirs >= w->max_dirs) {
		watch_give_up(w);
		return -1;
	}
	wd = inotify_add_watch(w->fd, path, WATCH_EVENTS);
	if (wd < 0 && (errno == ENOSPC || errno == ENOMEM)) {
		watch_give_up(w);	/* the kernel's limit */
		return -1;
	}
	if (wd < 0)
		return 0;
	if ((d = watch_find(w, wd)) != NULL && only == NULL) {
		/* Seen whole already (a symlink loop ends here), or for a
		 * name only: whole now, every name counts. */
		bool was_whole = d->only == NULL;
		free(d->only);
		d->only = NULL;
		return was_whole ? 0 : 1;
	}
	for (size_t i = 0; i < w->n_dirs; i++)
		if (w->dirs[i].wd == wd && (w->dirs[i].only == NULL ||
		    strcmp(w->dirs[i].only, only) == 0))
			return 0;	/* seen */
	w->dirs = xreallocarray(w->dirs, w->n_dirs + 1, sizeof *w->dirs);
	w->dirs[w->n_dirs++] = (struct watch_dir){
		.wd = wd, .path = xstrdup(path),
		.only = only ? xstrdup(only) : NULL,
	};
	return 1;
}

/* Return true when the entry ent of the directory path is a directory,
 * following a symbolic link as the indexer's walk does. */
static bool
watch_is_dir(const char *path, const struct dirent *ent)
{
	struct buf full;
	struct stat sb;
	bool dir;

	if (ent->d_type == DT_DIR)
		return true;
	if (ent->d_type != DT_LNK && ent->d_type != DT_UNKNOWN)
		return false;
	buf_init(&full);
	buf_printf(&full, "%s/%s", path, ent->d_name);
	dir = stat(buf_str(&full), &sb) == 0 && S_ISDIR(sb.st_mode);
	buf_fini(&full);
	return dir;
}

/* Watch the directory path and every directory below it that is not
 * hidden. */
static void
watch_add_tree(struct watch *w, const char *path)
{
	struct dirent *ent;
	DIR *dir;

	if (watch_add_dir(w, path, NULL) != 1 || (dir = opendir(path)) == NULL)
		return;
	while (w->fd >= 0 && (ent = readdir(dir)) != NULL) {
		if (ent->d_name[0] == '.' || !watch_is_dir(path, ent))
			continue;
		struct buf sub;
		buf_init(&sub);
		buf_printf(&sub, "%s/%s", strcmp(path, "/") == 0 ? "" : path,
			   ent->d_name);
		watch_add_tree(w, buf_str(&sub));
		buf_fini(&sub);
	}
	closedir(dir);
}

/* Watch one root: a directory with everything below it, or a file
 * through its directory. */
static void
watch_add_root(struct watch *w, const char *root)
{
	struct stat sb;
	const char *slash;

	if (stat(root, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		watch_add_tree(w, root);
		return;
	}
	slash = strrchr(root, '/');
	if (slash == NULL || slash[1] == '\0')
		return;
	char *parent = slash == root ? xstrdup("/")
		: xstrndup(root, (size_t)(slash - root));
	watch_add_dir(w, parent, slash + 1);
	free(parent);
}

struct watch *
watch_new(char *const *roots, size_t n, enum watch_mode mode,
	  size_t max_dirs)
{
	struct watch *w = xcalloc(1, sizeof *w);

	w->mode = mode;
	w->fd = -1;
	w->max_dirs = max_dirs;
	if (mode != WATCH_NOTIFY)
		return w;
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		watch_give_up(w);
		return w;
	}
	for (size_t i = 0; i < n && w->fd >= 0; i++)
		watch_add_root(w, roots[i]);
	return w;
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	watch_give_up(w);
	free(w);
}

int
watch_fd(const struct watch *w)
{
	return w->fd;
}

bool
watch_polling(const struct watch *w)
{
	return w->mode == WATCH_POLL;
}

/* Forget the watch descriptor wd, which the kernel dropped (its
 * directory is gone), and its records. */
static void
watch_forget(struct watch *w, int wd)
{
	struct watch_dir *d;

	while ((d = watch_find(w, wd)) != NULL) {
		free(d->path);
		free(d->only);
		*d = w->dirs[--w->n_dirs];
	}
}

/* Act on event ev in the directory of record d; return true when it
 * may change the list. */
static bool
watch_event_in(struct watch *w, const struct watch_dir *d,
	       const struct inotify_event *ev)
{
	/* A root that is a file, or one that does not exist yet: its name
	 * alone counts, whatever it looks like. */
	bool only = d->only != NULL;

	if (only ? strcmp(ev->name, d->only) != 0 : ev->name[0] == '.')
		return false;
	if (ev->mask & IN_ISDIR) {
		if (ev->mask & (IN_CREATE | IN_MOVED_TO)) {
			/* d may move as records are added: copy first. */
			struct buf sub;
			buf_init(&sub);
			buf_printf(&sub, "%s/%s", strcmp(d->path, "/") == 0 ?
				   "" : d->path, ev->name);
			watch_add_tree(w, buf_str(&sub));
			buf_fini(&sub);
		}
		return true;
	}
	return only || archive_is_article_name(ev->name);
}

/* Act on one event; return true when it may change the list. */
static bool
watch_event(struct watch *w, const struct inotify_event *ev)
{
	if (ev->mask & IN_Q_OVERFLOW)
		return true;	/* events were lost: anything may have */
	if (ev->mask & IN_IGNORED) {
		watch_forget(w, ev->wd);
		return false;
	}
	if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF))
		return true;
	if (ev->len == 0)
		return false;
	for (size_t i = 0; i < w->n_dirs; i++)
		if (w->dirs[i].wd == ev->wd &&
		    watch_event_in(w, &w->dirs[i], ev))
			return true;	/* the array may have moved: stop */
	return false;
}

bool
watch_read(struct watch *w)
{
	/* Aligned as inotify_event: the kernel writes them there. */
	union {
		struct inotify_event ev;
		char bytes[4096];
	} chunk;
	bool watching = w->fd >= 0, changed = false;
	ssize_t got;

	while (w->fd >= 0 && (got = read(w->fd, chunk.bytes,
					 sizeof chunk.bytes)) > 0) {
		for (char *p = chunk.bytes; p < chunk.bytes + got &&
		     w->fd >= 0;) {
			const struct inotify_event *ev = (const void *)p;
			changed = watch_event(w, ev) || changed;
			p += sizeof *ev + ev->len;
		}
	}
	/* Given up just now: what was missed is unknown. */
	return changed || (watching && w->fd < 0);
}

enum watch_mode
watch_debug_mode(void)
{
	const char *m = getenv("TSUNDOKU_DEBUG_WATCH");

	if (m != NULL && strcmp(m, "poll") == 0)
		return WATCH_POLL;
	if (m != NULL && strcmp(m, "off") == 0)
		return WATCH_OFF;
	return WATCH_NOTIFY;
}
