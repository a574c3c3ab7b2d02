/* SPDX-License-Identifier: MIT */
/*
 * term.h: the terminal. term.c is the only file that includes curses.h.
 * It draws text cluster by cluster, clipped to a width it never crosses
 * (ncurses would otherwise wrap a wide character at the right margin),
 * maps screen elements to colours from one table, and turns the
 * terminal's keys, resizes, mouse events and signals into keymap.h key
 * codes (Esc followed at once by a key becomes that key with
 * KEYMAP_KEY_META: that is what Alt sends).
 * Colours: each element has a look in a 256-colour theme (on the
 * terminal's own background), an 8-colour one, and a monochrome one
 * (bold, underline, reverse), chosen by what the terminal can do;
 * NO_COLOR selects the monochrome one; `color` lines in the config
 * (struct term_color) override single elements.
 * Text handed to it must be sanitised (utf8_sanitize); it still replaces
 * anything unprintable with U+FFFD as a last line of defence.
 */
#ifndef TSUNDOKU_TERM_H
#define TSUNDOKU_TERM_H

#include <stdbool.h>
#include <stddef.h>

struct err;

/* Screen elements; each has a colour pair and attributes in term.c. */
enum term_element {
	TERM_NORMAL,
	TERM_STATUS,		/* the status line */
	TERM_ERROR,		/* an error message */
	TERM_CURSOR_LINE,	/* the selected row of a list */
	TERM_COLUMN_HEADER,	/* column names above a list */
	TERM_NEW_MARK,		/* the mark of a never-opened article */
	TERM_TITLE,		/* an article's title in the reader */
	TERM_META,		/* source, date, url */
	TERM_HEADING,
	TERM_LINK,
	TERM_CODE,
	TERM_DIM,		/* rules, placeholders, quote bars */
	TERM_SEARCH_HIT,	/* a search hit in the text */
	TERM_LEFTOVER,		/* the line standing for folded leftovers */
	TERM_CARET,		/* the character under the reader's caret */
	TERM_SELECTION,		/* selected text */
	TERM_HIGHLIGHT_1,	/* saved highlights, colours 1-4, in order */
	TERM_HIGHLIGHT_2,
	TERM_HIGHLIGHT_3,
	TERM_HIGHLIGHT_4,
	TERM_NOTE_MARK,		/* the mark of a highlight with a note */
	TERM_CHART_BAR,		/* a bar of a statistics chart */
	TERM_HEAT_1,		/* days of the year heatmap, from a little */
	TERM_HEAT_2,
	TERM_HEAT_3,
	TERM_HEAT_4,		/* to the most read */
	TERM_N_ELEMENTS
};

/* Extra attributes a caller may add to an element's own. */
enum term_attr {
	TERM_BOLD = 1 << 0,
	TERM_UNDERLINE = 1 << 1,
	TERM_ITALIC = 1 << 2,
	TERM_REVERSE = 1 << 3,
	TERM_DIM_ATTR = 1 << 4,
	TERM_STANDOUT = 1 << 5,
};

/* A colour number 0..255, or this for the terminal's own colour. */
#define TERM_COLOR_DEFAULT (-1)

/* How the config wants one element to look (the color command). */
struct term_color {
	bool set;		/* false: the theme's look */
	short fg, bg;		/* TERM_COLOR_DEFAULT or 0..255 */
	unsigned attrs;		/* enum term_attr bits */
};

/* Return the config name of element el ("status", "search-hit"). */
const char *term_element_name(enum term_element el);

/* Return the element called name, or TERM_N_ELEMENTS when none is. */
enum term_element term_element_by_name(const char *name);

/* Use colors[0..TERM_N_ELEMENTS) instead of the theme for the elements
 * whose .set is true, from the next paint on. The array is copied. May
 * be called before term_open. */
void term_set_colors(const struct term_color *colors);

/* Report wheel turns and button-1 clicks as keys (on), or leave the
 * mouse to the terminal, for its own text selection (off, the default). */
void term_set_mouse(bool on);

/* Store the screen cell of the last KEYMAP_KEY_CLICK. */
void term_mouse_pos(int *row, int *col);

/* Start the full-screen interface. wake_fd, if >= 0, is polled with the
 * keyboard: a byte on it makes term_read_key return KEYMAP_KEY_SIGNAL.
 * Fails (terminal left untouched) when stdin or stdout is not a terminal
 * or TERM is unset or unknown. */
bool term_open(int wake_fd, struct err *err);

/* Leave the full-screen interface and restore the terminal; safe to call
 * when it is not open. */
void term_close(void);

/* Store the screen size in rows and columns. */
void term_size(int *rows, int *cols);

/* Poll fd as well while term_read_key waits (-1: nothing more): when it
 * becomes readable, term_read_key returns KEYMAP_KEY_NONE, as on a
 * timeout, so that the caller looks at it. For the archive's inotify
 * descriptor; the caller reads it. */
void term_set_watch_fd(int fd);

/* Wait up to timeout_ms (-1: forever) for a key and return it as a
 * keymap.h code: a Unicode code point, a KEYMAP_KEY_* code, or
 * KEYMAP_KEY_NONE on timeout. */
int term_read_key(int timeout_ms);

/* Draw s[0..len) at (row, col) in element el plus attrs, clipped to
 * max_width columns: a cluster that would cross the limit is not drawn.
 * Return the columns drawn. Nothing is padded. */
int term_draw(int row, int col, int max_width, const char *s, size_t len,
	      enum term_element el, unsigned attrs);

/* Return true when elements are told apart by colour: false on a
 * monochrome terminal, under NO_COLOR, or with TERM=vt100 (charts then
 * draw with ASCII characters instead). */
bool term_has_colors(void);

/* Fill width columns at (row, col) with blanks in element el. */
void term_fill(int row, int col, int width, enum term_element el);

/* Clear the whole screen (to be repainted). */
void term_erase(void);

/* Return whether the screen shows no colours (the monochrome theme:
 * NO_COLOR, or a terminal without them). */
bool term_is_mono(void);

/* Make the next refresh repaint every cell, not only the changed ones:
 * what C-l does when something else wrote over the screen. */
void term_redraw(void);

/* Show the real cursor at (row, col), or hide it when row < 0. */
void term_cursor(int row, int col);

/* Push the painted screen to the terminal. */
void term_refresh(void);

/* Ask the terminal to put s[0..len) on the system clipboard with the
 * OSC 52 escape sequence. The text goes out base64-encoded, so nothing
 * in it can act as a control sequence; terminals that do not know OSC 52
 * ignore it. */
void term_copy(const char *s, size_t len);

/* Hand the terminal back to the shell (for a child program) and take it
 * again afterwards. */
void term_suspend(void);
void term_resume(void);

#endif
