/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "term.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

#include "buf.h"
#include "err.h"
#include "i18n.h"
#include "keymap.h"
#include "utf8.h"

/* How an element looks: with colours, and on a monochrome terminal. */
struct term_style {
	short fg, bg;		/* -1: the terminal's default */
	attr_t attrs;		/* used with colours */
	attr_t mono;		/* used without colours */
};

static const struct term_style term_styles[TERM_N_ELEMENTS] = {
	[TERM_NORMAL] = { .fg = -1, .bg = -1 },
	[TERM_STATUS] = { .fg = COLOR_WHITE, .bg = COLOR_BLUE,
			  .attrs = A_BOLD, .mono = A_REVERSE },
	[TERM_ERROR] = { .fg = COLOR_WHITE, .bg = COLOR_RED,
			 .attrs = A_BOLD, .mono = A_REVERSE | A_BOLD },
	[TERM_CURSOR_LINE] = { .fg = -1, .bg = -1, .attrs = A_REVERSE,
			       .mono = A_REVERSE },
	[TERM_COLUMN_HEADER] = { .fg = -1, .bg = -1, .attrs = A_UNDERLINE,
				 .mono = A_UNDERLINE },
	[TERM_NEW_MARK] = { .fg = COLOR_GREEN, .bg = -1, .attrs = A_BOLD,
			    .mono = A_BOLD },
	[TERM_TITLE] = { .fg = COLOR_YELLOW, .bg = -1, .attrs = A_BOLD,
			 .mono = A_BOLD },
	[TERM_META] = { .fg = COLOR_CYAN, .bg = -1, .mono = A_DIM },
	[TERM_HEADING] = { .fg = COLOR_MAGENTA, .bg = -1, .attrs = A_BOLD,
			   .mono = A_BOLD },
	[TERM_LINK] = { .fg = COLOR_BLUE, .bg = -1, .attrs = A_UNDERLINE,
			.mono = A_UNDERLINE },
	[TERM_CODE] = { .fg = COLOR_GREEN, .bg = -1 },
	[TERM_DIM] = { .fg = -1, .bg = -1, .attrs = A_DIM, .mono = A_DIM },
	[TERM_SEARCH_HIT] = { .fg = COLOR_BLACK, .bg = COLOR_YELLOW,
			      .mono = A_REVERSE | A_BOLD },
	/* Caret, selection and highlights differ without colours too: the
	 * caret is the only underlined reverse cell, the selection plain
	 * reverse, and the four highlight colours four kinds of underline. */
	[TERM_CARET] = { .fg = COLOR_BLACK, .bg = COLOR_WHITE,
			 .attrs = A_BOLD | A_UNDERLINE,
			 .mono = A_REVERSE | A_BOLD | A_UNDERLINE },
	[TERM_SELECTION] = { .fg = COLOR_WHITE, .bg = COLOR_BLUE,
			     .mono = A_REVERSE },
	[TERM_HIGHLIGHT_1] = { .fg = COLOR_BLACK, .bg = COLOR_GREEN,
			       .mono = A_UNDERLINE },
	[TERM_HIGHLIGHT_2] = { .fg = COLOR_BLACK, .bg = COLOR_CYAN,
			       .mono = A_UNDERLINE | A_BOLD },
	[TERM_HIGHLIGHT_3] = { .fg = COLOR_BLACK, .bg = COLOR_MAGENTA,
			       .mono = A_UNDERLINE | A_DIM },
	[TERM_HIGHLIGHT_4] = { .fg = COLOR_WHITE, .bg = COLOR_RED,
			       .mono = A_UNDERLINE | A_ITALIC },
	[TERM_NOTE_MARK] = { .fg = COLOR_YELLOW, .bg = -1, .attrs = A_BOLD,
			     .mono = A_BOLD },
};

/* The screen: the one piece of mutable state the program shares. */
static struct {
	SCREEN *screen;
	bool colors;
	int wake_fd;
	int cursor_row, cursor_col;	/* cursor_row < 0: hidden */
} term;

/* Return the curses attributes for element el plus our attrs. */
static attr_t
term_style_attrs(enum term_element el, unsigned attrs)
{
	attr_t a = term.colors ? term_styles[el].attrs : term_styles[el].mono;

	if (attrs & TERM_BOLD)
		a |= A_BOLD;
	if (attrs & TERM_UNDERLINE)
		a |= A_UNDERLINE;
	if (attrs & TERM_ITALIC)
		a |= A_ITALIC;
	if (attrs & TERM_REVERSE)
		a |= A_REVERSE;
	if (attrs & TERM_DIM_ATTR)
		a |= A_DIM;
	return a;
}

/* Set up one colour pair per element. */
static void
term_init_colors(void)
{
	const char *no_color = getenv("NO_COLOR");

	term.colors = has_colors() && (no_color == NULL || no_color[0] == '\0');
	if (!term.colors)
		return;
	start_color();
	use_default_colors();
	for (int el = 0; el < TERM_N_ELEMENTS; el++)
		init_pair((short)(el + 1), term_styles[el].fg,
			  term_styles[el].bg);
}

/* Check that TERM names a terminal curses knows, without letting curses
 * print anything or exit. */
static bool
term_check_type(struct err *err)
{
	const char *type = getenv("TERM");
	int status = 0;

	if (type == NULL || type[0] == '\0')
		return err_set(err, _("TERM is not set: cannot start the full-screen interface"));
	if (setupterm(type, STDOUT_FILENO, &status) != OK)
		return err_set(err, _("unknown terminal type '%s': cannot start the full-screen interface"), type);
	del_curterm(cur_term);
	return true;
}

bool
term_open(int wake_fd, struct err *err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return err_set(err, _("standard input and output must be a terminal for the full-screen interface"));
	if (!term_check_type(err))
		return false;
	term.screen = newterm(NULL, stdout, stdin);
	if (term.screen == NULL)
		return err_set(err, _("cannot initialise the terminal"));
	term.wake_fd = wake_fd;
	term.cursor_row = -1;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	term_init_colors();
	return true;
}

void
term_close(void)
{
	if (term.screen == NULL)
		return;
	endwin();
	delscreen(term.screen);
	term.screen = NULL;
}

void
term_size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

/* Translate a curses function key into a keymap code. */
static int
term_translate_key(int key)
{
	static const struct { int curses, ours; } map[] = {
		{ KEY_UP, KEYMAP_KEY_UP }, { KEY_DOWN, KEYMAP_KEY_DOWN },
		{ KEY_LEFT, KEYMAP_KEY_LEFT }, { KEY_RIGHT, KEYMAP_KEY_RIGHT },
		{ KEY_PPAGE, KEYMAP_KEY_PAGE_UP },
		{ KEY_NPAGE, KEYMAP_KEY_PAGE_DOWN },
		{ KEY_HOME, KEYMAP_KEY_HOME }, { KEY_END, KEYMAP_KEY_END },
		{ KEY_BACKSPACE, KEYMAP_KEY_BACKSPACE },
		{ KEY_DC, KEYMAP_KEY_DELETE }, { KEY_ENTER, KEYMAP_KEY_ENTER },
		{ KEY_RESIZE, KEYMAP_KEY_RESIZE },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].curses == key)
			return map[i].ours;
	if (key >= KEY_F(1) && key <= KEY_F(12))
		return KEYMAP_KEY_F1 + (key - KEY_F(1));
	return KEYMAP_KEY_NONE;
}

/* Translate a character from the keyboard into a keymap code. */
static int
term_translate_char(wint_t ch)
{
	if (ch == '\r')
		return KEYMAP_KEY_ENTER;
	if (ch == '\n')	/* Ctrl-J: with nonl(), Enter sends CR */
		return KEYMAP_KEY_NEWLINE;
	if (ch == 127 || ch == 8)
		return KEYMAP_KEY_BACKSPACE;
	return (int)ch;
}

/* Wait for the keyboard or the wake-up pipe. Return 1 when a key may be
 * ready (or a signal such as SIGWINCH interrupted the wait), 2 when the
 * wake-up pipe fired or the terminal hung up, 0 on timeout. */
static int
term_wait(int timeout_ms)
{
	struct pollfd fds[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = term.wake_fd, .events = POLLIN },
	};
	int n = poll(fds, term.wake_fd >= 0 ? 2 : 1, timeout_ms);

	if (n < 0)
		return errno == EINTR ? 1 : 0;
	if (n == 0)
		return 0;
	if (term.wake_fd >= 0 && (fds[1].revents & POLLIN))
		return 2;
	if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		return 2;	/* the terminal went away: as good as SIGHUP */
	return 1;
}

/* Esc was read: return Alt-Enter when a CR came with it (the terminal
 * sends both at once), else Esc, leaving what came next to be read. */
static int
term_after_esc(void)
{
	wint_t ch;
	int r;

	wtimeout(stdscr, 0);
	r = wget_wch(stdscr, &ch);
	if (r == OK && ch == '\r')
		return KEYMAP_KEY_ALT_ENTER;
	if (r == OK)
		unget_wch((wchar_t)ch);
	else if (r == KEY_CODE_YES)
		ungetch((int)ch);
	return KEYMAP_KEY_ESC;
}

int
term_read_key(int timeout_ms)
{
	wint_t ch;
	int r;

	wtimeout(stdscr, 0);
	r = wget_wch(stdscr, &ch);
	if (r == ERR) {
		int w = term_wait(timeout_ms);
		if (w == 0)
			return KEYMAP_KEY_NONE;
		if (w == 2)
			return KEYMAP_KEY_SIGNAL;
		wtimeout(stdscr, 50);
		r = wget_wch(stdscr, &ch);
	}
	if (r == KEY_CODE_YES)
		return term_translate_key((int)ch);
	if (r == OK && ch == 27)
		return term_after_esc();
	if (r == OK)
		return term_translate_char(ch);
	return KEYMAP_KEY_NONE;
}

/* Put one cell holding the code points wc (NUL-terminated). */
static void
term_put_cell(const wchar_t *wc, attr_t a, short pair)
{
	cchar_t cc;

	if (setcchar(&cc, wc, a, pair, NULL) == OK)
		wadd_wch(stdscr, &cc);
}

/* Put blanks for width columns. */
static void
term_put_blanks(int width, attr_t a, short pair)
{
	static const wchar_t space[] = { L' ', 0 };

	for (int i = 0; i < width; i++)
		term_put_cell(space, a, pair);
}

/* Put a flag (two regional indicators) as two one-column cells. */
static void
term_put_flag(const char *s, size_t len, attr_t a, short pair)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		wchar_t wc[2] = { wcwidth((wchar_t)cp) == 1 ? (wchar_t)cp :
				  0xFFFD, 0 };
		term_put_cell(wc, a, pair);
	}
}

/* Put one grapheme cluster of width columns: its first code point plus
 * the combining marks that follow (ZWJ and VS16 dropped), or U+FFFD and
 * blanks when curses would count the first code point differently. */
static void
term_put_cluster(const char *s, size_t len, int width, attr_t a, short pair)
{
	wchar_t wc[CCHARW_MAX + 1];
	uint32_t cp;
	size_t i = utf8_decode(s, len, &cp);
	int k = 0;

	if (cp >= 0x1F1E6 && cp <= 0x1F1FF && width == 2 && i < len) {
		term_put_flag(s, len, a, pair);
		return;
	}
	if (wcwidth((wchar_t)cp) != width) {
		wchar_t bad[2] = { 0xFFFD, 0 };
		term_put_cell(bad, a, pair);
		term_put_blanks(width - 1, a, pair);
		return;
	}
	wc[k++] = (wchar_t)cp;
	while (i < len && k < CCHARW_MAX) {
		i += utf8_decode(s + i, len - i, &cp);
		if (cp != 0x200D && cp != 0xFE0F && wcwidth((wchar_t)cp) == 0)
			wc[k++] = (wchar_t)cp;
	}
	wc[k] = 0;
	term_put_cell(wc, a, pair);
}

int
term_draw(int row, int col, int max_width, const char *s, size_t len,
	  enum term_element el, unsigned attrs)
{
	attr_t a = term_style_attrs(el, attrs);
	short pair = term.colors ? (short)(el + 1) : 0;
	int used = 0;

	if (wmove(stdscr, row, col) == ERR)
		return 0;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_cluster_len(s + i, len - i);
		int w = utf8_cluster_width(s + i, n);
		if (used + w > max_width)
			break;
		if (w > 0)
			term_put_cluster(s + i, n, w, a, pair);
		used += w;
		i += n;
	}
	return used;
}

void
term_fill(int row, int col, int width, enum term_element el)
{
	if (width > 0 && wmove(stdscr, row, col) != ERR)
		term_put_blanks(width, term_style_attrs(el, 0),
				term.colors ? (short)(el + 1) : 0);
}

void
term_erase(void)
{
	werase(stdscr);
}

void
term_cursor(int row, int col)
{
	term.cursor_row = row;
	term.cursor_col = col;
}

void
term_refresh(void)
{
	if (term.cursor_row >= 0) {
		curs_set(1);
		wmove(stdscr, term.cursor_row, term.cursor_col);
	} else {
		curs_set(0);
	}
	wrefresh(stdscr);
}

/* Append the base64 encoding of s[0..len) to out (RFC 4648, padded). */
static void
term_base64(const unsigned char *s, size_t len, struct buf *out)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < len; i += 3) {
		unsigned long v = (unsigned long)s[i] << 16;
		if (i + 1 < len)
			v |= (unsigned long)s[i + 1] << 8;
		if (i + 2 < len)
			v |= s[i + 2];
		buf_addc(out, digits[(v >> 18) & 63]);
		buf_addc(out, digits[(v >> 12) & 63]);
		buf_addc(out, i + 1 < len ? digits[(v >> 6) & 63] : '=');
		buf_addc(out, i + 2 < len ? digits[v & 63] : '=');
	}
}

void
term_copy(const char *s, size_t len)
{
	struct buf seq;

	buf_init(&seq);
	buf_adds(&seq, "\033]52;c;");
	term_base64((const unsigned char *)s, len, &seq);
	buf_adds(&seq, "\007");
	fflush(stdout);	/* after whatever curses has sent */
	for (size_t done = 0; done < seq.len;) {
		ssize_t n = write(STDOUT_FILENO, seq.data + done, seq.len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* the clipboard is a convenience: give up */
		done += (size_t)n;
	}
	buf_fini(&seq);
}

void
term_suspend(void)
{
	endwin();
}

void
term_resume(void)
{
	clearok(stdscr, TRUE);
	wrefresh(stdscr);
}
