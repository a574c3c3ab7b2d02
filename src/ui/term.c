/* SPDX-License-Identifier: MIT */
/*
 * term.c: the only file that talks to curses (see term.h).
 *
 * Drawing agrees with the layout's width policy (utf8.h): a cluster is
 * drawn as its first spacing code point plus its combining marks (ZWJ and
 * VS16 dropped), and as U+FFFD plus blanks where curses would count a code
 * point differently, so layout and screen cannot disagree; term_draw clips
 * cluster by cluster and nothing is drawn past the edge.
 *
 * Colours: one table per look. term_styles_256 lists only what differs
 * from the 8-colour theme, in mid-tones that read on a light or a dark
 * background (the background is the terminal's own); the caret and the
 * highlights keep the 8-colour pairs, whose backgrounds stay distinct.
 * NO_COLOR picks the monochrome look but `color` lines still apply
 * (no-color.org: configuration overrides the variable).
 *
 * Keys: the terminal's interrupt character is turned off, so Ctrl-C is a
 * key like any other (bound to ask-quit and edit-cancel); with nonl()
 * Enter is CR and Ctrl-J arrives as LF, reported as KEYMAP_KEY_NEWLINE.
 * term_read_key polls the keyboard, the wake-up pipe and the watched
 * descriptor (term_set_watch_fd) together, so signals, indexing and
 * inotify reach the loop's thread as keys, never as flags.
 */
#include "config.h"
#include "ui/term.h"

#include <assert.h>
#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "base/buf.h"
#include "base/crash.h"
#include "base/err.h"
#include "base/i18n.h"
#include "ui/keymap.h"
#include "text/utf8.h"

/* How an element looks: with 8 colours, and on a monochrome terminal
 * (or with NO_COLOR). */
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
	[TERM_LEFTOVER] = { .fg = -1, .bg = -1, .attrs = A_DIM, .mono = A_DIM },
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
	[TERM_CHART_BAR] = { .fg = COLOR_BLACK, .bg = COLOR_CYAN },
	[TERM_HEAT_1] = { .fg = COLOR_BLACK, .bg = COLOR_BLUE },
	[TERM_HEAT_2] = { .fg = COLOR_BLACK, .bg = COLOR_CYAN },
	[TERM_HEAT_3] = { .fg = COLOR_BLACK, .bg = COLOR_GREEN },
	[TERM_HEAT_4] = { .fg = COLOR_BLACK, .bg = COLOR_YELLOW },
};

/* The 256-colour theme: the colours that differ from the 8-colour one
 * (attributes stay). Mid-tone colours, legible on a light or a dark
 * background, since the background is the terminal's own. */
static const struct {
	bool set;
	short fg, bg;
} term_styles_256[TERM_N_ELEMENTS] = {
	[TERM_STATUS] = { .set = true, .fg = 231, .bg = 24 },
	[TERM_ERROR] = { .set = true, .fg = 231, .bg = 124 },
	[TERM_NEW_MARK] = { .set = true, .fg = 71, .bg = -1 },
	[TERM_TITLE] = { .set = true, .fg = 172, .bg = -1 },
	[TERM_META] = { .set = true, .fg = 66, .bg = -1 },
	[TERM_HEADING] = { .set = true, .fg = 133, .bg = -1 },
	[TERM_LINK] = { .set = true, .fg = 33, .bg = -1 },
	[TERM_CODE] = { .set = true, .fg = 65, .bg = -1 },
	[TERM_DIM] = { .set = true, .fg = 245, .bg = -1 },
	[TERM_SEARCH_HIT] = { .set = true, .fg = 16, .bg = 221 },
	[TERM_LEFTOVER] = { .set = true, .fg = 245, .bg = -1 },
	[TERM_CHART_BAR] = { .set = true, .fg = 16, .bg = 74 },
	[TERM_HEAT_1] = { .set = true, .fg = 16, .bg = 151 },
	[TERM_HEAT_2] = { .set = true, .fg = 16, .bg = 114 },
	[TERM_HEAT_3] = { .set = true, .fg = 16, .bg = 71 },
	[TERM_HEAT_4] = { .set = true, .fg = 16, .bg = 28 },
};

/* Config names of the elements, for the color command. */
static const char *const term_element_names[TERM_N_ELEMENTS] = {
	[TERM_NORMAL] = "normal",
	[TERM_STATUS] = "status",
	[TERM_ERROR] = "error",
	[TERM_CURSOR_LINE] = "cursor-line",
	[TERM_COLUMN_HEADER] = "column-header",
	[TERM_NEW_MARK] = "new-mark",
	[TERM_TITLE] = "title",
	[TERM_META] = "meta",
	[TERM_HEADING] = "heading",
	[TERM_LINK] = "link",
	[TERM_CODE] = "code",
	[TERM_DIM] = "dim",
	[TERM_SEARCH_HIT] = "search-hit",
	[TERM_LEFTOVER] = "leftover",
	[TERM_CARET] = "caret",
	[TERM_SELECTION] = "selection",
	[TERM_HIGHLIGHT_1] = "highlight-1",
	[TERM_HIGHLIGHT_2] = "highlight-2",
	[TERM_HIGHLIGHT_3] = "highlight-3",
	[TERM_HIGHLIGHT_4] = "highlight-4",
	[TERM_NOTE_MARK] = "note-mark",
	[TERM_CHART_BAR] = "chart-bar",
	[TERM_HEAT_1] = "heat-1",
	[TERM_HEAT_2] = "heat-2",
	[TERM_HEAT_3] = "heat-3",
	[TERM_HEAT_4] = "heat-4",
};

/* Which look the terminal gets. */
enum term_theme {
	TERM_THEME_MONO,	/* no colours, or NO_COLOR */
	TERM_THEME_8,
	TERM_THEME_256,
};

/* The screen: the one piece of mutable state the program shares. */
static struct {
	SCREEN *screen;
	bool has_colors;	/* start_color done: pairs can be used */
	bool default_colors;	/* use_default_colors worked: -1 allowed */
	enum term_theme theme;
	struct term_color colors[TERM_N_ELEMENTS];	/* the config's */
	attr_t attrs[TERM_N_ELEMENTS];	/* each element's look, worked out */
	short pair[TERM_N_ELEMENTS];	/* 0: the terminal's colours */
	bool mouse;
	int mouse_row, mouse_col;
	int wake_fd;
	int watch_fd;		/* polled too; readable: wake up; -1: none */
	int cursor_row, cursor_col;	/* cursor_row < 0: hidden */
	sigset_t wait_mask;	/* the signal mask while waiting: SIGWINCH
				   is blocked at any other time */
} term;

const char *
term_element_name(enum term_element el)
{
	assert(el < TERM_N_ELEMENTS);
	return term_element_names[el];
}

enum term_element
term_element_by_name(const char *name)
{
	for (int el = 0; el < TERM_N_ELEMENTS; el++)
		if (term_element_names[el] != NULL &&
		    strcmp(term_element_names[el], name) == 0)
			return (enum term_element)el;
	return TERM_N_ELEMENTS;
}

/* Return the curses attributes for our attrs bits. */
static attr_t
term_attr_bits(unsigned attrs)
{
	attr_t a = 0;

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
	if (attrs & TERM_STANDOUT)
		a |= A_STANDOUT;
	return a;
}

/* Return the curses attributes for element el plus our attrs. */
static attr_t
term_style_attrs(enum term_element el, unsigned attrs)
{
	return term.attrs[el] | term_attr_bits(attrs);
}

bool
term_has_colors(void)
{
	return term.theme != TERM_THEME_MONO && term.has_colors;
}

/* Return true when colour c can be used on this terminal. */
static bool
term_color_ok(short c)
{
	return c == -1 ? term.default_colors : c < COLORS;
}

/* Give element el colour pair el + 1 with fg and bg, when the terminal
 * can show them; return false when it cannot. */
static bool
term_pair(enum term_element el, short fg, short bg)
{
	if (!term.has_colors || !term_color_ok(fg) || !term_color_ok(bg))
		return false;
	if (init_pair((short)(el + 1), fg, bg) == ERR)
		return false;
	term.pair[el] = (short)(el + 1);
	return true;
}

/* Work out how el looks: the config's color line if any, else the
 * theme. A colour line the terminal cannot show keeps its attributes,
 * or the monochrome look when it has none (a selection must stay
 * visible). */
static void
term_style_element(enum term_element el)
{
	const struct term_style *st = &term_styles[el];
	const struct term_color *c = &term.colors[el];

	term.pair[el] = 0;
	if (c->set) {
		short fg = c->fg;
		attr_t bright = 0;
		if (fg >= 8 && fg < 16 && COLORS < 16) {
			fg -= 8;	/* brightX: X in bold, as 8-colour terminals do */
			bright = A_BOLD;
		}
		bool shown = term_pair(el, fg, c->bg);
		term.attrs[el] = term_attr_bits(c->attrs) | (shown ? bright : 0);
		if (!shown && c->attrs == 0)
			term.attrs[el] = st->mono;
		return;
	}
	if (term.theme == TERM_THEME_MONO) {
		term.attrs[el] = st->mono;
		return;
	}
	term.attrs[el] = st->attrs;
	if (term.theme == TERM_THEME_256 && term_styles_256[el].set &&
	    term_pair(el, term_styles_256[el].fg, term_styles_256[el].bg))
		return;
	if (!term_pair(el, st->fg, st->bg) &&
	    !term_pair(el, st->fg == -1 ? COLOR_WHITE : st->fg,
		       st->bg == -1 ? COLOR_BLACK : st->bg))
		term.attrs[el] = st->mono;
}

/* Work out every element's look. */
static void
term_style_all(void)
{
	for (int el = 0; el < TERM_N_ELEMENTS; el++)
		term_style_element((enum term_element)el);
}

/* Choose the theme from what the terminal can do and NO_COLOR; start
 * colours even under NO_COLOR, since the user's own color lines still
 * apply (no-color.org: configuration overrides the variable). */
static void
term_init_colors(void)
{
	const char *no_color = getenv("NO_COLOR");

	term.has_colors = has_colors() && start_color() == OK;
	term.default_colors = term.has_colors && use_default_colors() == OK;
	if (!term.has_colors || (no_color != NULL && no_color[0] != '\0'))
		term.theme = TERM_THEME_MONO;
	else
		term.theme = COLORS >= 256 ? TERM_THEME_256 : TERM_THEME_8;
	term_style_all();
}

void
term_set_colors(const struct term_color *colors)
{
	memcpy(term.colors, colors, sizeof term.colors);
	if (term.screen != NULL)
		term_style_all();
}

void
term_set_mouse(bool on)
{
	term.mouse = on;
	if (term.screen == NULL)
		return;
	mouseinterval(0);	/* report presses at once, no click timing */
	mousemask(on ? BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED : 0,
		  NULL);
}

void
term_mouse_pos(int *row, int *col)
{
	*row = term.mouse_row;
	*col = term.mouse_col;
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

/* Block SIGWINCH but while waiting (term_pselect), in this thread and
 * so in every thread it starts from now on; curses has installed its
 * handler by now. */
static void
term_block_winch(void)
{
	sigset_t winch;

	sigemptyset(&winch);
	sigaddset(&winch, SIGWINCH);
	pthread_sigmask(SIG_BLOCK, &winch, &term.wait_mask);
	sigdelset(&term.wait_mask, SIGWINCH);
}

/* Append the terminfo string cap to seq without its padding ("$<5>"),
 * which only curses knows how to send. */
static void
term_add_cap(struct buf *seq, const char *cap)
{
	const char *s = tigetstr(cap);

	if (s == NULL || s == (char *)-1)
		return;
	while (*s != '\0') {
		const char *end;
		if (s[0] == '$' && s[1] == '<' && (end = strchr(s, '>')) != NULL) {
			s = end + 1;
			continue;
		}
		buf_addc(seq, *s++);
	}
}

/* Work out, while curses can tell, what puts the terminal back as the
 * shell had it (shell: its modes before curses started), for the fatal
 * signal handler, which may not call curses (crash.h). */
static void
term_guard(const struct termios *shell)
{
	struct buf seq;

	buf_init(&seq);
	term_add_cap(&seq, "sgr0");
	term_add_cap(&seq, "cnorm");
	term_add_cap(&seq, "rmkx");
	/* Mouse reporting off, in every mode ncurses may have asked for;
	 * only where the terminal knows xterm's mouse at all. */
	if (tigetstr("kmous") != NULL && tigetstr("kmous") != (char *)-1)
		buf_adds(&seq, "\033[?1006l\033[?1003l\033[?1002l\033[?1000l");
	term_add_cap(&seq, "rmcup");
	crash_guard(STDOUT_FILENO, shell, buf_str(&seq), seq.len);
	buf_fini(&seq);
}

/* Make Ctrl-C a key like any other (it cancels a line, asks before
 * quitting, may be bound): the terminal no longer turns it into SIGINT.
 * Ctrl-Z and Ctrl-\ keep their signals. def_prog_mode records this as
 * the mode curses comes back to after a browser ran. */
static void
term_keep_ctrl_c(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_cc[VINTR] = _POSIX_VDISABLE;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
	def_prog_mode();
}

bool
term_open(int wake_fd, struct err *err)
{
	struct termios shell;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return err_set(err, _("standard input and output must be a terminal for the full-screen interface"));
	if (!term_check_type(err))
		return false;
	if (tcgetattr(STDOUT_FILENO, &shell) != 0)
		return err_set(err, _("cannot initialise the terminal"));
	term.screen = newterm(NULL, stdout, stdin);
	if (term.screen == NULL)
		return err_set(err, _("cannot initialise the terminal"));
	term_block_winch();
	term.wake_fd = wake_fd;
	term.watch_fd = -1;
	term.cursor_row = -1;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	term_keep_ctrl_c();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	term_init_colors();
	term_set_mouse(term.mouse);
	term_guard(&shell);
	return true;
}

void
term_close(void)
{
	if (term.screen == NULL)
		return;
	crash_unguard();
	endwin();
	delscreen(term.screen);
	term.screen = NULL;
	pthread_sigmask(SIG_SETMASK, &term.wait_mask, NULL);
}

void
term_size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

/* Translate a mouse event into a keymap code: a wheel turn or a click,
 * whose cell term_mouse_pos reports. */
static int
term_translate_mouse(void)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return KEYMAP_KEY_NONE;
	if (ev.bstate & BUTTON4_PRESSED)
		return KEYMAP_KEY_WHEEL_UP;
	if (ev.bstate & BUTTON5_PRESSED)
		return KEYMAP_KEY_WHEEL_DOWN;
	if (ev.bstate & BUTTON1_PRESSED) {
		term.mouse_row = ev.y;
		term.mouse_col = ev.x;
		return KEYMAP_KEY_CLICK;
	}
	return KEYMAP_KEY_NONE;
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

	if (key == KEY_MOUSE)
		return term_translate_mouse();
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

void
term_set_watch_fd(int fd)
{
	term.watch_fd = fd;
}

/* As poll(fds, n, timeout_ms), but with SIGWINCH let in only while
 * waiting, atomically (pselect). curses notes a resize in its signal
 * handler and reports it at the next read; were the signal let in at any
 * time, one arriving between that read and the wait would leave the wait
 * asleep, the screen at its old size, until the next key. Blocked, it
 * waits for the wait, which it then interrupts. Once something is ready,
 * poll itself says what (a hang-up included), without waiting. */
static int
term_pselect(struct pollfd *fds, int n, int timeout_ms)
{
	struct timespec ts = { .tv_sec = timeout_ms / 1000,
			       .tv_nsec = (long)(timeout_ms % 1000) * 1000000 };
	fd_set in;
	int top = -1, r;

	FD_ZERO(&in);
	for (int i = 0; i < n; i++) {
		if (fds[i].fd < 0 || fds[i].fd >= FD_SETSIZE)
			continue;
		FD_SET(fds[i].fd, &in);
		if (fds[i].fd > top)
			top = fds[i].fd;
	}
	r = pselect(top + 1, &in, NULL, NULL, timeout_ms < 0 ? NULL : &ts,
		    &term.wait_mask);
	return r > 0 ? poll(fds, (nfds_t)n, 0) : r;
}

/* Wait for the keyboard, the wake-up pipe or the watched descriptor.
 * Return 1 when a key may be ready (or a signal such as SIGWINCH
 * interrupted the wait), 2 when the wake-up pipe fired or the terminal
 * hung up, 0 on timeout or when the watched descriptor is readable (and
 * no key is). A descriptor below 0 is left out of poll's set. */
static int
term_wait(int timeout_ms)
{
	struct pollfd fds[3] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = term.wake_fd, .events = POLLIN },
		{ .fd = term.watch_fd, .events = POLLIN },
	};
	int n = term_pselect(fds, 3, timeout_ms);

	if (n < 0)
		return errno == EINTR ? 1 : 0;
	if (n == 0)
		return 0;
	if (term.wake_fd >= 0 && (fds[1].revents & POLLIN))
		return 2;
	if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		return 2;	/* the terminal went away: as good as SIGHUP */
	return fds[0].revents & POLLIN ? 1 : 0;
}

/* Esc was read: a key already waiting behind it was typed with Alt (the
 * terminal sends Esc and the key together); return it with the meta
 * bit, or Esc alone. curses has already waited ESCDELAY for a function
 * key's sequence, so nothing more is waited for here. */
static int
term_after_esc(void)
{
	wint_t ch;
	int r, key;

	wtimeout(stdscr, 0);
	r = wget_wch(stdscr, &ch);
	if (r == KEY_CODE_YES && (ch == KEY_RESIZE || ch == KEY_MOUSE)) {
		ungetch((int)ch);	/* not a key Alt modifies: keep it */
		return KEYMAP_KEY_ESC;
	}
	if (r == OK)
		key = term_translate_char(ch);
	else if (r == KEY_CODE_YES)
		key = term_translate_key((int)ch);
	else
		return KEYMAP_KEY_ESC;
	return key == KEYMAP_KEY_NONE ? KEYMAP_KEY_ESC : KEYMAP_META(key);
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
	if (r == OK && ch == KEYMAP_KEY_ESC)
		return term_after_esc();
	if (r == KEY_CODE_YES && ch == KEY_RESIZE)
		/* The terminal may have dropped what it showed (tmux does
		   when a window shrinks to 1x1): repaint every cell. */
		clearok(stdscr, TRUE);
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
	short pair = term.pair[el];
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
		term_put_blanks(width, term_style_attrs(el, 0), term.pair[el]);
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

bool
term_is_mono(void)
{
	return term.theme == TERM_THEME_MONO;
}

void
term_redraw(void)
{
	clearok(stdscr, TRUE);
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
