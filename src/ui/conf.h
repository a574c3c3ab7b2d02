/* SPDX-License-Identifier: MIT */
/*
 * conf.h: the configuration file (the module is "conf" because config.h
 * is autoconf's), a list of commands in the style of mutt, newsboat and
 * tig:
 *
 *     set NAME VALUE              a setting from the table in conf.c
 *     bind CONTEXT KEYS ACTION    KEYS as in keymap.h ("g C-d", "]h")
 *     unbind CONTEXT KEYS
 *     color ELEMENT FG BG [ATTR...]
 *     source FILE                 relative to the including file
 *
 * `#` at the start of a word begins a comment; double quotes keep spaces
 * in a word. The same commands are typed at run time after ':'.
 * The conf owns the key bindings (defaults plus the file's changes) and
 * the colour overrides, so one struct holds everything the file says.
 * Errors never stop the program: each is recorded with its file and line
 * and the remaining lines still apply.
 */
#ifndef TSUNDOKU_CONF_H
#define TSUNDOKU_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/browser.h"
#include "ui/keymap.h"
#include "ui/term.h"

struct buf;
struct err;

struct conf {
	char **archives;	/* heap strings, "~/" already expanded */
	size_t n_archives;
	int text_width;		/* reader columns; 0: the window's width */
	char *date_format;	/* strftime format for dates; heap */
	bool mouse;		/* wheel and clicks for us, not the terminal */
	struct keymap keymap;	/* the defaults plus bind and unbind */
	struct term_color colors[TERM_N_ELEMENTS];	/* color lines */
	int highlight_color;	/* 1-4: the colour Enter saves in */
	bool osc52;		/* y copies to the clipboard with OSC 52 */
	unsigned fold;		/* enum tidy_fold bits: the fold-* settings */
	enum browser_wait browser_wait;	/* whether a browser gets the
					   terminal and is waited for */
	char *sync_dir;		/* the folder device sync shares; NULL:
				   none; heap, "~/" expanded */
	char *device_name;	/* NULL: the host name; heap */
	int64_t goal_minutes;	/* daily-goal in minutes; 0: none */
	int64_t goal_chars;	/* or in Han characters and words */
	int review_size;	/* highlights in a daily review */
	char **errors;		/* translated "file:line: message" strings */
	size_t n_errors;
};

#define CONF_TEXT_WIDTH_DEFAULT 80
#define CONF_DATE_FORMAT_DEFAULT "%Y-%m-%d"

/* What a setting's value is, for the man page and the default file. */
enum conf_type {
	CONF_TYPE_PATH,		/* a path; "~/" is the home directory */
	CONF_TYPE_NUMBER,	/* a whole number */
	CONF_TYPE_BOOL,		/* yes or no */
	CONF_TYPE_FORMAT,	/* a strftime(3) format */
	CONF_TYPE_CHOICE,	/* one of the words its meaning lists */
	CONF_TYPE_TEXT,		/* any text */
};

/* One row of the settings table. */
struct conf_setting {
	const char *name;	/* as in `set NAME` */
	enum conf_type type;
	const char *def;	/* the default as written in the file; "" when
				   there is none */
	const char *meaning;	/* one line, untranslated (N_) */
	bool (*apply)(struct conf *cfg, const char *value, struct err *err);
};

/* Return the settings table and store its length in *n. */
const struct conf_setting *conf_settings_table(size_t *n);

/* Return the name of type t ("number", "yes/no"). */
const char *conf_type_name(enum conf_type t);

/* Make cfg hold the defaults; conf_fini frees it. */
void conf_init(struct conf *cfg);
void conf_fini(struct conf *cfg);

/* Read the config file at path into cfg. A missing file is not an error
 * (return true, nothing changes); an unreadable one is (return false and
 * record the error). Bad lines are recorded in cfg->errors and skipped;
 * return false when there was any, in this file or one it sources. */
bool conf_load(struct conf *cfg, const char *path);

/* Like conf_load, but a missing file is an error too: the user named it
 * (--config). */
bool conf_load_given(struct conf *cfg, const char *path);

/* Execute one command line (as in the file, or typed after ':'; a
 * relative `source` path is taken from the current directory). Return
 * false with err set when it is not a valid command, or when a sourced
 * file had errors (all of them are also recorded in cfg->errors). */
bool conf_exec(struct conf *cfg, const char *line, struct err *err);

/* When line is `set NAME` without a value, for a setting that exists,
 * append "NAME is VALUE" (its current value) to out and return true;
 * return false for any other line, leaving out alone. */
bool conf_show(const struct conf *cfg, const char *line, struct buf *out);

/* Load the leftover rules (tidy.h) into r: the bundled file of the data
 * directory (paths_data_dir), then the user's additions beside the
 * config. A file that cannot be read or has a mistake is named by calling
 * complain with the message; the good rules still apply. */
struct tidy_rules;
void conf_load_leftovers(const char *exe_path, struct tidy_rules *r,
			 void (*complain)(const char *msg, void *ctx),
			 void *ctx);

/* Append to the heap array *roots of *n heap strings the roots of the
 * archive cfg names: its `set archive` directories, or the bundled
 * samples below the data directory (paths_data_dir of exe_path) when it
 * names none. Each is canonical (realpath) when it can be resolved, as
 * it is written otherwise (a disk not mounted): the key articles are
 * stored under. */
void conf_archive_roots(const struct conf *cfg, const char *exe_path,
			char ***roots, size_t *n);

/* Append the date iso ("2023-04-12", optionally followed by a time)
 * formatted with the date-format setting to out; a date that does not
 * parse is appended as written. */
void conf_format_date(const struct conf *cfg, const char *iso,
		      struct buf *out);

#endif
