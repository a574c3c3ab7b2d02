/* SPDX-License-Identifier: MIT */
/*
 * view_prompt.h: the line editor on the status line, as a view over the
 * one it was opened on: a ':' command, a '/' search, a file name to
 * export to. Its keys are the bindings of the prompt context (Esc and
 * Ctrl-C cancel it); every other character is text. Enter answers
 * VIEW_CHOOSE | VIEW_CLOSE (read view_prompt_line before popping it) and
 * adds the line to its history; a cancel answers VIEW_CLOSE.
 */
#ifndef TSUNDOKU_VIEW_PROMPT_H
#define TSUNDOKU_VIEW_PROMPT_H

struct keymap;
struct prompt_history;
struct view;

/* What the line is for. */
enum view_prompt_purpose {
	VIEW_PROMPT_COMMAND,	/* after ':' */
	VIEW_PROMPT_SEARCH,	/* after '/' in an article or a list */
	VIEW_PROMPT_ARCHIVE,	/* after '/' in the list: the whole archive */
	VIEW_PROMPT_EXPORT,	/* a file to export highlights to */
};

/* Open a line for what, starting with text (NULL: empty), whose Up and
 * Down go through history (NULL: none). history and km stay the
 * caller's and must outlive the view. */
struct view *view_prompt_new(enum view_prompt_purpose what,
			     struct prompt_history *history,
			     const struct keymap *km, const char *text);

/* Return what the line is for. */
enum view_prompt_purpose view_prompt_purpose(const struct view *v);

/* Return the line typed; it stays the view's. */
const char *view_prompt_line(const struct view *v);

#endif
