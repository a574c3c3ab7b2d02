/* SPDX-License-Identifier: MIT */
/*
 * watch.h: noticing that the archive changed on disk while the program
 * runs. With inotify, every directory below the roots is watched
 * (hidden ones skipped, as the indexer skips them; subdirectories added
 * as they appear), up to a bound; the caller polls watch_fd with its
 * other descriptors and calls watch_read when it is readable. What
 * counts is a file named like an article (archive_is_article_name)
 * written, created, moved or deleted, or a directory created, moved or
 * deleted. When inotify is missing, refuses, or the archive has more
 * directories than the bound, the watch gives up on it for good and
 * says so (watch_polling): the caller then looks for changes on a timer
 * (a walk with stat only: the indexer's). The watch knows nothing of
 * the database; what to do about a change is the caller's business.
 */
#ifndef TSUNDOKU_WATCH_H
#define TSUNDOKU_WATCH_H

#include <stdbool.h>
#include <stddef.h>

struct watch;

/* How a watch works. */
enum watch_mode {
	WATCH_NOTIFY,		/* inotify, else a timer */
	WATCH_POLL,		/* a timer only */
	WATCH_OFF,		/* nothing: changes are found by asking */
};

/* The most directories watched with inotify; more, and a timer takes
 * over. The kernel's own limit (fs.inotify.max_user_watches, per user,
 * shared by every program) may stop it earlier. */
#define WATCH_MAX_DIRS 8192

/* Watch the directories and files roots[0..n) (canonical paths; a file
 * is watched through its directory), in mode, with at most max_dirs
 * inotify watches. Never fails: a watch that cannot use inotify polls.
 * Free it with watch_free. Takes as long as reading the directories
 * (not the files): milliseconds for a thousand. */
struct watch *watch_new(char *const *roots, size_t n, enum watch_mode mode,
			size_t max_dirs);

/* Free w; NULL is allowed. */
void watch_free(struct watch *w);

/* Return the descriptor that becomes readable when something happened
 * (inotify), or -1 when there is none to poll. */
int watch_fd(const struct watch *w);

/* Return true when the caller must look for changes on a timer: the
 * mode is WATCH_POLL, or inotify gave up. */
bool watch_polling(const struct watch *w);

/* Read what inotify reported so far, without waiting, watching the
 * directories that appeared; return true when an article or a directory
 * may have changed. May switch the watch to polling (then true: what
 * was missed must be looked for). */
bool watch_read(struct watch *w);

/* Return the mode that the environment asks for, for tests:
 * TSUNDOKU_DEBUG_WATCH=poll or off, else WATCH_NOTIFY. */
enum watch_mode watch_debug_mode(void);

#endif
