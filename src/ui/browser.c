/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/browser.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/xmem.h"

/* How many bytes of a refused URL a message quotes at most. */
#define BROWSER_QUOTE_MAX 60

#define BROWSER_COUNT(a) (sizeof (a) / sizeof (a)[0])

/* A range of code points, both ends included. */
struct browser_range {
	uint32_t first;
	uint32_t last;
};

/* Code points a link may not contain: what a program down the line could
 * take for a separator or a command (controls, spaces, line breaks) and
 * what hides or disguises the text of a link (bidi and zero-width format
 * characters). */
static const struct browser_range browser_forbidden[] = {
	{ .first = 0x0000, .last = 0x0020 },	/* C0 controls, space */
	{ .first = 0x007F, .last = 0x00A0 },	/* DEL, C1 controls, NBSP */
	{ .first = 0x00AD, .last = 0x00AD },	/* soft hyphen */
	{ .first = 0x061C, .last = 0x061C },	/* Arabic letter mark */
	{ .first = 0x1680, .last = 0x1680 },	/* Ogham space mark */
	{ .first = 0x180E, .last = 0x180E },	/* Mongolian vowel separator */
	{ .first = 0x2000, .last = 0x200F },	/* spaces, ZWSP, ZWJ, LRM, RLM */
	{ .first = 0x2028, .last = 0x202F },	/* LS, PS, bidi embeddings */
	{ .first = 0x205F, .last = 0x206F },	/* word joiner, bidi isolates */
	{ .first = 0x3000, .last = 0x3000 },	/* ideographic space */
	{ .first = 0xFEFF, .last = 0xFEFF },	/* zero-width no-break space */
	{ .first = 0xFFF9, .last = 0xFFFB },	/* interlinear annotations */
	{ .first = 0xE0000, .last = 0xE007F },	/* tag characters */
};

/* The schemes that are opened, lower case, with what must follow them. */
static const char *const browser_schemes[] = {
	"http://", "https://", "mailto:",
};

/* Signals a browser gets back with their default action: the reader
 * routes or ignores some of them, and an ignored signal would stay
 * ignored across exec. */
static const int browser_signals[] = {
	SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD,
	SIGTSTP, SIGTTIN, SIGTTOU,
};

/* Browsers that run in the terminal, by base name: they are given the
 * terminal and waited for; any other runs detached. */
static const char *const browser_terminal_names[] = {
	"w3m", "lynx", "elinks", "felinks", "links", "links2", "browsh",
	"carbonyl", "edbrowse", "netrik", "cha", "www-browser",
};

/* The caller's way to hand the terminal over and take it back. */
struct browser_hooks {
	void (*suspend)(void *);
	void (*resume)(void *);
	void *ctx;
};

/* Signal actions saved while a browser runs. */
struct browser_saved {
	struct sigaction intr;
	struct sigaction quit;
};

/* Decode the UTF-8 sequence at s[0..len), len > 0, into *cp and return
 * its length, or 0 when it is invalid, truncated, overlong or a
 * surrogate. A link is refused rather than repaired, so this is stricter
 * than utf8_decode, which substitutes U+FFFD. */
static size_t
browser_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	static const uint32_t min[] = { 0, 0x80, 0x800, 0x10000 };
	size_t n;

	if (s[0] < 0x80)
		n = 1;
	else if ((s[0] & 0xE0) == 0xC0)
		n = 2;
	else if ((s[0] & 0xF0) == 0xE0)
		n = 3;
	else if ((s[0] & 0xF8) == 0xF0)
		n = 4;
	else
		return 0;
	if (n > len)
		return 0;
	*cp = n == 1 ? s[0] : s[0] & (0x7Fu >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3Fu);
	}
	if (*cp < min[n - 1] || *cp > 0x10FFFF ||
	    (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return n;
}

/* Return true when cp may appear in a link. */
static bool
browser_char_allowed(uint32_t cp)
{
	for (size_t i = 0; i < BROWSER_COUNT(browser_forbidden); i++)
		if (cp >= browser_forbidden[i].first &&
		    cp <= browser_forbidden[i].last)
			return false;
	return true;
}

/* Return true when url[0..len) is valid UTF-8 made of allowed characters
 * only. */
static bool
browser_text_clean(const char *url, size_t len)
{
	const unsigned char *s = (const unsigned char *)url;
	uint32_t cp;
	size_t n;

	for (size_t i = 0; i < len; i += n) {
		n = browser_decode(s + i, len - i, &cp);
		if (n == 0 || !browser_char_allowed(cp))
			return false;
	}
	return true;
}

/* Return true when s starts with the lower-case ASCII prefix, in any
 * case; plain ASCII folding, whatever the locale says. */
static bool
browser_has_prefix(const char *s, const char *prefix)
{
	for (; *prefix != '\0'; s++, prefix++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		if (c != *prefix)
			return false;
	}
	return true;
}

/* Return true when url starts with an allowed scheme and has something
 * after it. Such a URL cannot start with '-', so no browser can take it
 * for an option. */
static bool
browser_scheme_allowed(const char *url)
{
	for (size_t i = 0; i < BROWSER_COUNT(browser_schemes); i++) {
		const char *scheme = browser_schemes[i];
		if (browser_has_prefix(url, scheme) &&
		    url[strlen(scheme)] != '\0')
			return true;
	}
	return false;
}

/* Return a heap copy of the clean url to quote in a message: whole when
 * short, else cut on a character boundary with an ellipsis. */
static char *
browser_quote(const char *url)
{
	size_t len = strlen(url);
	struct buf out;

	if (len <= BROWSER_QUOTE_MAX)
		return xstrdup(url);
	len = BROWSER_QUOTE_MAX;
	while (len > 0 && ((unsigned char)url[len] & 0xC0) == 0x80)
		len--;
	buf_init(&out);
	buf_add(&out, url, len);
	buf_adds(&out, "\u2026");
	return buf_detach(&out);
}

bool
browser_url_allowed(const char *url, struct err *err)
{
	size_t len;
	char *quoted;

	assert(url != NULL);
	len = strnlen(url, BROWSER_URL_MAX + 1);
	if (len == 0)
		return err_set(err, _("refusing to open an empty link"));
	if (len > BROWSER_URL_MAX)
		return err_set(err, _("refusing to open a link longer than %d "
				      "bytes"), BROWSER_URL_MAX);
	if (!browser_text_clean(url, len))
		return err_set(err, _("refusing to open a link containing "
				      "spaces, control characters or invalid "
				      "UTF-8"));
	if (url[0] != '-' && browser_scheme_allowed(url))
		return true;
	quoted = browser_quote(url);
	err_set(err, _("refusing to open %s: only http, https and mailto "
		       "links are opened"), quoted);
	free(quoted);
	return false;
}

/* Append s, which the vector takes over, to the NULL-terminated vector
 * *v of *n strings. */
static void
browser_push(char ***v, size_t *n, char *s)
{
	*v = xreallocarray(*v, *n + 2, sizeof **v);
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

/* Split the command at *p into words up to an unquoted ':' or the end,
 * appending them to the vector *v of *n strings, and leave *p past the
 * colon. Quotes group characters (spaces and colons included) and are
 * dropped; "" makes an empty word. */
static void
browser_split(const char **p, char ***v, size_t *n)
{
	const char *s = *p;
	struct buf word;
	bool in_word = false;
	char quote = '\0';

	buf_init(&word);
	for (; *s != '\0' && (quote != '\0' || *s != ':'); s++) {
		if (quote != '\0' && *s == quote) {
			quote = '\0';
		} else if (quote != '\0') {
			buf_addc(&word, *s);
		} else if (*s == ' ' || *s == '\t') {
			if (in_word)
				browser_push(v, n, buf_detach(&word));
			in_word = false;
		} else {
			if (*s == '"' || *s == '\'')
				quote = *s;
			else
				buf_addc(&word, *s);
			in_word = true;
		}
	}
	if (in_word)
		browser_push(v, n, buf_detach(&word));
	*p = *s == ':' ? s + 1 : s;
}

/* Return a heap copy of word with %s replaced by url and %% by %, and set
 * *used when it held a %s. Any other % stays as it is; the URL itself is
 * never expanded. */
static char *
browser_expand(const char *word, const char *url, bool *used)
{
	struct buf out;

	buf_init(&out);
	for (const char *s = word; *s != '\0'; s++) {
		if (s[0] == '%' && s[1] == 's') {
			buf_adds(&out, url);
			*used = true;
			s++;
		} else if (s[0] == '%' && s[1] == '%') {
			buf_addc(&out, '%');
			s++;
		} else {
			buf_addc(&out, *s);
		}
	}
	return buf_detach(&out);
}

/* Return the argument vector for the n words of a command and url: the
 * words expanded, then url unless a word asked for it with %s. */
static char **
browser_fill(char *const *words, size_t n_words, const char *url)
{
	char **v = NULL;
	size_t n = 0;
	bool used = false;

	for (size_t i = 0; i < n_words; i++)
		browser_push(&v, &n, browser_expand(words[i], url, &used));
	if (!used)
		browser_push(&v, &n, xstrdup(url));
	return v;
}

bool
browser_argv(const char *browser_env, const char *url, size_t which,
	     char ***argv_out)
{
	static char *const fallback[] = { "xdg-open" };
	const char *p = browser_env != NULL ? browser_env : "";
	char **argv = NULL;
	size_t found = 0;

	assert(url != NULL && argv_out != NULL);
	while (*p != '\0' && argv == NULL) {
		char **words = NULL;
		size_t n = 0;

		browser_split(&p, &words, &n);
		if (n > 0 && found++ == which)
			argv = browser_fill(words, n, url);
		browser_argv_free(words);
	}
	if (argv == NULL && found == 0 && which == 0)
		argv = browser_fill(fallback, 1, url);
	*argv_out = argv;
	return argv != NULL;
}

void
browser_argv_free(char **argv)
{
	if (argv == NULL)
		return;
	for (char **a = argv; *a != NULL; a++)
		free(*a);
	free(argv);
}

bool
browser_in_terminal(const char *program)
{
	const char *slash = strrchr(program, '/');
	const char *base = slash != NULL ? slash + 1 : program;

	for (size_t i = 0; i < BROWSER_COUNT(browser_terminal_names); i++)
		if (strcmp(base, browser_terminal_names[i]) == 0)
			return true;
	return false;
}

/* Open a pipe whose ends close on exec, so it reads empty once the child
 * has exec'd. Return 0 or an errno. */
static int
browser_pipe(int fds[2])
{
	if (pipe(fds) != 0)
		return errno;
	for (int i = 0; i < 2; i++) {
		if (fcntl(fds[i], F_SETFD, FD_CLOEXEC) != 0) {
			int e = errno;
			close(fds[0]);
			close(fds[1]);
			return e;
		}
	}
	return 0;
}

/* Ignore SIGINT and SIGQUIT in the reader while a browser owns the
 * terminal, as system() does, saving the current actions in saved. */
static void
browser_ignore_signals(struct browser_saved *saved)
{
	struct sigaction ign;

	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &saved->intr);
	sigaction(SIGQUIT, &ign, &saved->quit);
}

/* Put back the actions browser_ignore_signals saved. */
static void
browser_restore_signals(const struct browser_saved *saved)
{
	sigaction(SIGINT, &saved->intr, NULL);
	sigaction(SIGQUIT, &saved->quit, NULL);
}

/* In the forked child: give the usual signals their default action and
 * an empty mask, exec argv and, when that fails, send errno up the pipe
 * fd. Only async-signal-safe calls, since the reader may have threads. */
static _Noreturn void
browser_child(char *const *argv, int fd)
{
	struct sigaction dfl;
	sigset_t none;
	ssize_t n;
	int e;

	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	for (size_t i = 0; i < BROWSER_COUNT(browser_signals); i++)
		sigaction(browser_signals[i], &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(argv[0], argv);
	e = errno;
	n = write(fd, &e, sizeof e);
	(void)n;	/* had it failed, the parent sees a browser exit 127 */
	_exit(127);
}

/* Return the errno the child sent on fd when its exec failed, or 0 when
 * the pipe closed empty because the exec succeeded. */
static int
browser_exec_errno(int fd)
{
	int e = 0;
	ssize_t n;

	do
		n = read(fd, &e, sizeof e);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof e ? e : 0;
}

/* Wait for pid, retrying when a signal interrupts, and store its wait
 * status (0 when it cannot be known, e.g. SIGCHLD ignored). */
static void
browser_wait(pid_t pid, int *status)
{
	*status = 0;
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
}

/* Run argv in a child between the suspend and resume hooks and wait for
 * it. Return 0 once it ran, with its wait status in *status, or the errno
 * explaining why it could not be started. */
static int
browser_run(char *const *argv, const struct browser_hooks *h, int *status)
{
	struct browser_saved saved;
	int fds[2];
	int e = browser_pipe(fds);
	pid_t pid;

	if (e != 0)
		return e;
	browser_ignore_signals(&saved);
	if (h->suspend != NULL)
		h->suspend(h->ctx);
	pid = fork();
	if (pid == 0)
		browser_child(argv, fds[1]);
	e = pid < 0 ? errno : 0;
	close(fds[1]);
	if (pid > 0) {
		e = browser_exec_errno(fds[0]);
		browser_wait(pid, status);
	}
	close(fds[0]);
	browser_restore_signals(&saved);
	if (h->resume != NULL)
		h->resume(h->ctx);
	return e;
}

/* In the forked child of a detached browser: put stdin, stdout and
 * stderr on /dev/null, so that it neither reads the reader's keys nor
 * writes over its screen. Async-signal-safe calls only. */
static void
browser_null_stdio(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0)
		return;	/* it runs with the terminal's: better than not */
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

/* Run argv detached: a child makes a new session (no controlling
 * terminal from then on), starts the browser in a grandchild and exits
 * at once, so the browser is nobody's child here and leaves no zombie.
 * Return 0 once it was started, or the errno explaining why it could
 * not be. */
static int
browser_detach(char *const *argv)
{
	int fds[2];
	int e = browser_pipe(fds), status;
	pid_t pid;

	if (e != 0)
		return e;
	pid = fork();
	if (pid == 0) {
		pid_t grandchild;
		close(fds[0]);
		setsid();
		grandchild = fork();
		if (grandchild == 0) {
			browser_null_stdio();
			browser_child(argv, fds[1]);
		}
		if (grandchild < 0) {
			ssize_t n;
			e = errno;
			n = write(fds[1], &e, sizeof e);
			(void)n;
		}
		_exit(0);
	}
	e = pid < 0 ? errno : 0;
	close(fds[1]);
	if (pid > 0) {
		e = browser_exec_errno(fds[0]);
		browser_wait(pid, &status);	/* the child, gone already */
	}
	close(fds[0]);
	return e;
}

/* Turn the wait status of a browser that ran into true, or a message in
 * err. */
static bool
browser_status(const char *name, int status, struct err *err)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	if (WIFSIGNALED(status))
		return err_set(err, _("the browser %s was killed: %s"), name,
			       strsignal(WTERMSIG(status)));
	return err_set(err, _("the browser %s exited with status %d"), name,
		       WEXITSTATUS(status));
}

/* Add "name: reason" for a browser that could not be started to the list
 * in failed. */
static void
browser_note(struct buf *failed, const char *name, int e)
{
	if (failed->len > 0)
		buf_adds(failed, "; ");
	buf_printf(failed, "%s: %s", name, strerror(e));
}

bool
browser_open(const char *url, const char *browser_env,
	     enum browser_wait wait, void (*suspend)(void *),
	     void (*resume)(void *), void *ctx, struct err *err)
{
	const struct browser_hooks h = {
		.suspend = suspend, .resume = resume, .ctx = ctx,
	};
	struct buf failed;
	char **argv;
	bool ran = false, ok = false;

	if (!browser_url_allowed(url, err))
		return false;
	buf_init(&failed);
	for (size_t i = 0; !ran && browser_argv(browser_env, url, i, &argv);
	     i++) {
		int status;
		bool waits = wait == BROWSER_WAIT_YES ||
			     (wait == BROWSER_WAIT_AUTO &&
			      browser_in_terminal(argv[0]));
		int e = waits ? browser_run(argv, &h, &status)
			      : browser_detach(argv);

		if (e == 0) {
			ran = true;
			ok = !waits || browser_status(argv[0], status, err);
		} else {
			browser_note(&failed, argv[0], e);
		}
		browser_argv_free(argv);
	}
	if (!ran)
		err_set(err, _("cannot start a browser (%s); set BROWSER to "
			       "choose one"), buf_str(&failed));
	buf_fini(&failed);
	return ok;
}
