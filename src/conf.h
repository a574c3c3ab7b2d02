/* SPDX-License-Identifier: MIT */
/*
 * conf.h: the configuration file (the module is "conf" because config.h
 * is autoconf's), a list of commands in the style of mutt, newsboat and
 * tig: `set NAME VALUE`, `#` comments, blank lines.
 * The walking skeleton knows one setting, `set archive PATH` (repeatable,
 * naming archive roots); the table in conf.c grows with the program.
 * Errors never stop the program: each is recorded with its file and line
 * and the remaining lines still apply.
 */
#ifndef TSUNDOKU_CONF_H
#define TSUNDOKU_CONF_H

#include <stdbool.h>
#include <stddef.h>

struct err;

struct conf {
	char **archives;	/* heap strings, "~/" already expanded */
	size_t n_archives;
	int text_width;		/* reader columns; 0: the window's width */
	int highlight_color;	/* 1-4: the colour Enter saves in */
	bool osc52;		/* y copies to the clipboard with OSC 52 */
	char **errors;		/* translated "file:line: message" strings */
	size_t n_errors;
};

#define CONF_TEXT_WIDTH_DEFAULT 80

/* Make cfg hold the defaults; conf_fini frees it. */
void conf_init(struct conf *cfg);
void conf_fini(struct conf *cfg);

/* Read the config file at path into cfg. A missing file is not an error
 * (return true, nothing changes); an unreadable one is (return false and
 * record the error). Bad lines are recorded in cfg->errors and skipped;
 * return false when there was any. */
bool conf_load(struct conf *cfg, const char *path);

/* Execute one command line (as in the file, or typed after ':'). Return
 * false with err set when it is not a valid command. */
bool conf_exec(struct conf *cfg, const char *line, struct err *err);

#endif
