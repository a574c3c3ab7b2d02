/* SPDX-License-Identifier: MIT */
/*
 * browser.h: opening a link from an article in the user's browser, safely.
 * Links come from untrusted text, so only http, https and mailto URLs free
 * of spaces and control characters are opened, and the URL always reaches
 * the browser as one argument of execvp: never through a shell. The
 * browser command comes from $BROWSER, read by the caller and passed in
 * (this module reads no environment), else xdg-open. A browser that runs
 * in the terminal (w3m, lynx, ...) gets it and is waited for; any other
 * runs detached, in a session of its own without a terminal, and the
 * reader goes on at once. This module knows nothing of the terminal: the
 * caller hands it over through the suspend and resume callbacks.
 */
#ifndef TSUNDOKU_BROWSER_H
#define TSUNDOKU_BROWSER_H

#include <stdbool.h>
#include <stddef.h>

struct err;

/* The longest URL opened, in bytes; longer ones are refused. */
#define BROWSER_URL_MAX (64 * 1024)

/* Return true when url may be opened: an http://, https:// or mailto: URL
 * (scheme in any case) with something after the scheme, at most
 * BROWSER_URL_MAX bytes of valid UTF-8 without spaces, C0 or C1 controls,
 * DEL, Unicode spaces, line or paragraph separators or invisible format
 * characters (bidi controls, zero-width characters). Otherwise set a
 * translated message in err and return false. The message quotes the
 * URL only when it is printable. */
bool browser_url_allowed(const char *url, struct err *err);

/* Build the argument vector of candidate number which (from 0) for
 * opening url. browser_env is $BROWSER: a colon-separated list of
 * commands tried in turn, each split into words on unquoted spaces and
 * tabs ('...' and "..." group words and may hold colons; an unterminated
 * quote runs to the end). In every word %s becomes the URL and %% a
 * literal %; when no word holds %s the URL is appended as the last
 * argument. Empty commands are skipped; when browser_env is NULL or holds
 * no command the only candidate is `xdg-open URL`. url is not checked
 * here (browser_open does). Return false, with *argv_out NULL, when
 * there is no such candidate; otherwise store a NULL-terminated heap
 * vector in *argv_out, which the caller frees with browser_argv_free. */
bool browser_argv(const char *browser_env, const char *url, size_t which,
		  char ***argv_out);

/* Free a vector from browser_argv; NULL is allowed. */
void browser_argv_free(char **argv);

/* Whether the reader waits for a browser (`set browser-wait`). */
enum browser_wait {
	BROWSER_WAIT_AUTO,	/* as browser_in_terminal guesses */
	BROWSER_WAIT_YES,	/* it gets the terminal; the reader waits */
	BROWSER_WAIT_NO,	/* it runs detached; the reader goes on */
};

/* Return true when program (a path or a name, as argv[0]) is a browser
 * that runs in the terminal, by its base name: w3m, lynx, elinks,
 * links, links2, browsh, carbonyl and a few others, and www-browser
 * (Debian's name for the text browser). */
bool browser_in_terminal(const char *program);

/* Open url if browser_url_allowed accepts it. Each candidate of
 * browser_argv is run in turn with fork and execvp, with default
 * dispositions for the usual signals, never through a shell. One to wait
 * for (wait, or for BROWSER_WAIT_AUTO browser_in_terminal) runs between
 * suspend(ctx) (hand the terminal back, e.g. endwin) and resume(ctx),
 * inheriting stdin, stdout and stderr; the caller waits for it, ignoring
 * SIGINT and SIGQUIT meanwhile as system() does, so a Ctrl-C meant for a
 * text browser does not reach the reader. Any other is detached: started
 * through a child that makes a new session and exits at once (so no
 * zombie is left for the caller to reap), with stdin, stdout and stderr
 * on /dev/null and no controlling terminal, and not waited for. A
 * candidate that cannot be executed (not found, not executable) is
 * skipped for the next; one that ran decides: a detached one that
 * started, or a waited one with exit status 0, returns true; a waited
 * one that failed sets err and returns false without trying the others.
 * Also false, with err set, when no candidate could be started. suspend
 * and resume may be NULL when there is no terminal to hand over. */
bool browser_open(const char *url, const char *browser_env,
		  enum browser_wait wait, void (*suspend)(void *),
		  void (*resume)(void *), void *ctx, struct err *err);

#endif
