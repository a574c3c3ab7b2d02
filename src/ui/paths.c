/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "data/store.h"

/* Append the XDG base directory named by var (if absolute) or HOME plus
 * fallback, then "/tsundoku/" and leaf. */
static void
paths_xdg(const char *var, const char *fallback, const char *leaf,
	  struct buf *out)
{
	const char *dir = getenv(var);

	if (dir != NULL && dir[0] == '/') {
		buf_adds(out, dir);
	} else {
		const char *home = getenv("HOME");
		buf_adds(out, home != NULL && home[0] != '\0' ? home : ".");
		buf_addc(out, '/');
		buf_adds(out, fallback);
	}
	buf_adds(out, "/tsundoku/");
	buf_adds(out, leaf);
}

void
paths_config_file(struct buf *out)
{
	paths_config_dir_file("config", out);
}

void
paths_config_dir_file(const char *leaf, struct buf *out)
{
	paths_xdg("XDG_CONFIG_HOME", ".config", leaf, out);
}

void
paths_db_file(const char *given, struct buf *out)
{
	if (given != NULL)
		buf_adds(out, given);
	else
		paths_xdg("XDG_DATA_HOME", ".local/share", "tsundoku.db", out);
}

/* Return true when dir/rel is a directory. */
static bool
paths_is_dir(const char *dir, size_t dir_len, const char *rel)
{
	struct buf b;
	struct stat st;

	buf_init(&b);
	buf_add(&b, dir, dir_len);
	buf_adds(&b, rel);
	bool ok = stat(buf_str(&b), &st) == 0 && S_ISDIR(st.st_mode);
	buf_fini(&b);
	return ok;
}

/* Append to out the directory value (from the environment) when set;
 * else, for a program run from its build tree, rel beside the
 * executable's directory when probe (relative to that directory) is one
 * there; else the installed directory. */
static void
paths_find(const char *exe_path, const char *value, const char *probe,
	   const char *rel, const char *installed, struct buf *out)
{
	const char *slash = exe_path ? strrchr(exe_path, '/') : NULL;

	if (value != NULL && value[0] != '\0') {
		buf_adds(out, value);
		return;
	}
	if (slash != NULL) {
		size_t dir_len = (size_t)(slash - exe_path) + 1;
		if (paths_is_dir(exe_path, dir_len, probe)) {
			buf_add(out, exe_path, dir_len);
			buf_adds(out, rel);
			return;
		}
	}
	buf_adds(out, installed);
}

void
paths_data_dir(const char *exe_path, struct buf *out)
{
	paths_find(exe_path, getenv("TSUNDOKU_DATADIR"), "../data/samples",
		   "../data", PKGDATADIR, out);
}

void
paths_locale_dir(const char *exe_path, struct buf *out)
{
	paths_find(exe_path, getenv("TSUNDOKU_LOCALEDIR"),
		   "../tests/locale", "../tests/locale", LOCALEDIR, out);
}

void
paths_expand_home(const char *path, struct buf *out)
{
	const char *home = getenv("HOME");

	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0') &&
	    home != NULL) {
		buf_adds(out, home);
		path++;
	}
	buf_adds(out, path);
}

/* Create the directory dir unless a directory is already there. */
static bool
paths_mkdir(const char *dir, struct err *err)
{
	struct stat st;

	if (mkdir(dir, 0700) == 0)
		return true;
	if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	if (errno == EEXIST)
		errno = ENOTDIR;
	return err_set(err, _("cannot create directory %s: %s"), dir,
		       strerror(errno));
}

bool
paths_mkdir_parent(const char *path, struct err *err)
{
	struct buf b;
	bool ok = true;

	buf_init(&b);
	buf_adds(&b, path);
	char *last = strrchr(b.data, '/');
	if (last == NULL || last == b.data) {	/* "file" or "/file" */
		buf_fini(&b);
		return true;
	}
	*last = '\0';
	for (char *p = b.data + 1; ok; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		bool end = *p == '\0';
		*p = '\0';
		ok = paths_mkdir(b.data, err);
		if (end)
			break;
		*p = '/';
	}
	buf_fini(&b);
	return ok;
}

bool
paths_open_store(const char *given, struct store **s, struct buf *path,
		 struct err *err)
{
	struct buf p;
	bool ok;

	buf_init(&p);
	paths_db_file(given, &p);
	ok = paths_mkdir_parent(buf_str(&p), err) &&
	     store_open(buf_str(&p), s, err);
	if (path != NULL)
		buf_adds(path, buf_str(&p));
	buf_fini(&p);
	return ok;
}
