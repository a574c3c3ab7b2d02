/* SPDX-License-Identifier: MIT */
/*
 * paths.h: where tsundoku keeps things: the XDG base directories for the
 * config file and the database, the package data directory (the bundled
 * samples), and "~/" expansion for paths users write in the config.
 * Everything is computed from the environment on request; nothing here
 * touches the disk except paths_mkdir_p, the data directory probe and
 * paths_open_store.
 */
#ifndef TSUNDOKU_PATHS_H
#define TSUNDOKU_PATHS_H

#include <stdbool.h>

struct buf;
struct err;

/* Append $XDG_CONFIG_HOME/tsundoku/config (or ~/.config/...) to out. */
void paths_config_file(struct buf *out);

/* Append $XDG_CONFIG_HOME/tsundoku/LEAF (or ~/.config/...) to out: the
 * user's own files beside the config, such as "leftovers". */
void paths_config_dir_file(const char *leaf, struct buf *out);

/* Append the database's path to out: given (--db) when not NULL, else
 * $XDG_DATA_HOME/tsundoku/tsundoku.db (or ~/.local/share/...). */
void paths_db_file(const char *given, struct buf *out);

/* Append the directory holding the data files (samples, default config):
 * $TSUNDOKU_DATADIR when set; else the source tree's data/ when the
 * program runs uninstalled from a build tree (exe_path's directory has a
 * ../data/samples); else the installed package data directory. */
void paths_data_dir(const char *exe_path, struct buf *out);

/* Append the directory holding the message catalogs: $TSUNDOKU_LOCALEDIR
 * when set; else the catalogs `make` compiles into the build tree when
 * the program runs uninstalled from it (exe_path's directory has a
 * ../tests/locale), so that the README's quick start speaks the user's
 * language before any `make install`; else the installed locale
 * directory. */
void paths_locale_dir(const char *exe_path, struct buf *out);

/* Append path to out with a leading "~/" replaced by $HOME/. */
void paths_expand_home(const char *path, struct buf *out);

/* Create the directory holding the file at path, and its parents, mode
 * 0700 for the ones created. Return false with err set on failure. */
bool paths_mkdir_parent(const char *path, struct err *err);

/* Open the database at paths_db_file(given), creating its directory;
 * append its path to path when not NULL. Return false with err set. */
struct store;
bool paths_open_store(const char *given, struct store **s, struct buf *path,
		      struct err *err);

#endif
