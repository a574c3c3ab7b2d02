/* SPDX-License-Identifier: MIT */
/*
 * test_browser.c: opening links from untrusted articles. Each test runs in
 * a fresh temporary directory (also the working directory) with a
 * stand-in browser, fixtures/browser/record.sh, that writes its arguments
 * to $RECORD: shell syntax in a URL must arrive as one literal argument
 * and create nothing, refused URLs must never reach the browser, and
 * $BROWSER lists, %s, quotes, fallbacks, failures and the terminal
 * hand-over behave as browser.h says.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ui/browser.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/xmem.h"

/* The stand-in browser, quoted as $BROWSER needs it when the source tree's
 * path holds spaces. */
#define RECORD_SH FIXTURES "/browser/record.sh"
#define RECORD_CMD "'" RECORD_SH "'"

/* A URL full of shell syntax, without spaces so that it is allowed. */
#define HOSTILE "http://example.com/$(touch${IFS}PWNED)`touch${IFS}PWNED`" \
	";touch${IFS}PWNED|touch${IFS}PWNED&>PWNED2'\"<x>?q=a%20b"

struct fixture {
	char dir[64];		/* a fresh mkdtemp directory, the cwd */
	char record[PATH_MAX];	/* $RECORD: dir/record, absent at first */
	int old_cwd;		/* the working directory to go back to */
	struct buf events;	/* 's'/'r' per suspend/resume; upper case
				 * when the record existed at the time */
};

/* Set by test_on_sigint; the one global a signal handler needs. */
static volatile sig_atomic_t test_sigint_seen;

/* Make a fresh directory, enter it and point $RECORD into it. */
static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	strcpy(f->dir, "/tmp/test_browser.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->record, sizeof f->record, "%s/record", f->dir);
	f->old_cwd = open(".", O_RDONLY | O_DIRECTORY);
	if (f->old_cwd < 0 || chdir(f->dir) != 0)
		return -1;
	setenv("RECORD", f->record, 1);
	buf_init(&f->events);
	*state = f;
	return 0;
}

/* Go back, remove the directory with whatever a test left in it, and
 * clear the script's knobs. */
static int
teardown(void **state)
{
	struct fixture *f = *state;
	DIR *d = opendir(".");
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlink(e->d_name);
	if (d != NULL)
		closedir(d);
	if (fchdir(f->old_cwd) != 0)
		return -1;
	close(f->old_cwd);
	rmdir(f->dir);
	unsetenv("RECORD");
	unsetenv("RECORD_EXIT");
	unsetenv("RECORD_SIGNALS");
	unsetenv("RECORD_INTERRUPT");
	unsetenv("RECORD_KILL");
	buf_fini(&f->events);
	free(f);
	return 0;
}

/* Return true when the record file exists. */
static bool
test_recorded(const struct fixture *f)
{
	return access(f->record, F_OK) == 0;
}

/* Note a suspend, upper case when the browser had already run. */
static void
test_suspend(void *ctx)
{
	struct fixture *f = ctx;

	buf_addc(&f->events, test_recorded(f) ? 'S' : 's');
}

/* Note a resume, upper case when the browser has run. */
static void
test_resume(void *ctx)
{
	struct fixture *f = ctx;

	buf_addc(&f->events, test_recorded(f) ? 'R' : 'r');
}

/* Open url with $BROWSER set to browser and the recording hooks. */
static bool
test_open(struct fixture *f, const char *url, const char *browser,
	  struct err *err)
{
	return browser_open(url, browser, BROWSER_WAIT_YES, test_suspend,
			    test_resume, f, err);
}

/* Assert the record holds exactly expected. */
static void
test_expect_record(const struct fixture *f, const char *expected)
{
	struct buf got;
	char chunk[4096];
	size_t n;
	FILE *fp = fopen(f->record, "r");

	assert_non_null(fp);
	buf_init(&got);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&got, chunk, n);
	fclose(fp);
	assert_string_equal(buf_str(&got), expected);
	buf_fini(&got);
}

/* Return how many entries the test directory holds. */
static int
test_dir_entries(void)
{
	DIR *d = opendir(".");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Assert that candidate which for url under browser is exactly the
 * NULL-terminated list of words given after it. */
static void
test_expect_argv(const char *browser, const char *url, size_t which, ...)
{
	char **argv;
	const char *want;
	size_t i = 0;
	va_list ap;

	assert_true(browser_argv(browser, url, which, &argv));
	va_start(ap, which);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_non_null(argv[i]);
		assert_string_equal(argv[i], want);
		i++;
	}
	va_end(ap);
	assert_null(argv[i]);
	browser_argv_free(argv);
}

/* Assert that browser has no candidate which. */
static void
test_expect_no_argv(const char *browser, size_t which)
{
	char **argv = (char **)1;

	assert_false(browser_argv(browser, "http://x", which, &argv));
	assert_null(argv);
}

static void
test_hostile_url_is_one_argument(void **state)
{
	struct fixture *f = *state;
	struct err err;

	err_init(&err);
	test_expect_argv(RECORD_CMD, HOSTILE, 0, RECORD_SH, HOSTILE, NULL);
	assert_true(test_open(f, HOSTILE, RECORD_CMD, &err));
	test_expect_record(f, HOSTILE "\n--end--\n");
	assert_int_equal(access("PWNED", F_OK), -1);
	assert_int_equal(test_dir_entries(), 1);
	err_fini(&err);
}

static void
test_hostile_url_in_percent_s_word(void **state)
{
	struct fixture *f = *state;
	struct err err;

	err_init(&err);
	assert_true(test_open(f, HOSTILE, RECORD_CMD " --url=%s --flag", &err));
	test_expect_record(f, "--url=" HOSTILE "\n--flag\n--end--\n");
	assert_int_equal(test_dir_entries(), 1);
	err_fini(&err);
}

static void
test_refused_urls_never_run(void **state)
{
	static const char *const refused[] = {
		"javascript:alert(1)", "JavaScript:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"file:///etc/passwd", "ftp://example.com/", "-oProxyCommand=x",
		"--help", " http://x", "http://x\n", "http://x/a\nb",
		"http://x\r", "http://x\t", "http://x/a b", "", "http://x\x7f",
		"http://x\x1b[2J", "http://x/\xc2\x85", "http://x/\xc2\xa0",
		"http://x/\xe2\x80\xa8", "http://x/\xe2\x80\xa9",
		"http://x/\xe2\x80\xae", "http://x/\xe2\x81\xa6",
		"http://x/\xe2\x80\x8b", "http://x/\xef\xbb\xbf",
		"http://x/\xe3\x80\x80", "http://x/\xff", "http://x/\xc0\xaf",
		"http://x/\xed\xa0\x80", "http://x/\xe4\xb8",
		"http://x/$(touch PWNED)", "//example.com", "example.com",
		"/etc/passwd", "http:", "http:/x", "http://", "mailto:",
		"httpx://x", "about:blank", "vbscript:x", "ssh://x",
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct err err;

		err_init(&err);
		assert_false(browser_url_allowed(refused[i], &err));
		assert_true(strlen(err_msg(&err)) > 0);
		for (const char *s = err_msg(&err); *s != '\0'; s++)
			assert_true((unsigned char)*s >= 0x20 && *s != 0x7f);
		assert_false(test_open(f, refused[i], RECORD_CMD, &err));
		err_fini(&err);
	}
	assert_false(test_recorded(f));
	assert_int_equal(f->events.len, 0);
	assert_int_equal(test_dir_entries(), 0);
}

static void
test_allowed_urls(void **state)
{
	static const char *const allowed[] = {
		"http://example.com", "https://example.com/a?b=c#d",
		"HTTPS://EXAMPLE.COM/", "hTtP://x", "mailto:a@example.com",
		"MailTo:a@example.com?subject=hi",
		"https://zh.wikipedia.org/wiki/\xe7\xa9\x8d\xe8\xaa\xad",
		"https://example.com/%0A%20%E2%80%AE",
	};

	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
		struct err err;

		err_init(&err);
		assert_true(browser_url_allowed(allowed[i], &err));
		assert_null(err.msg);
		err_fini(&err);
	}
}

static void
test_length_is_capped(void **state)
{
	struct buf url;
	struct err err;

	buf_init(&url);
	err_init(&err);
	buf_adds(&url, "https://example.com/");
	while (url.len < BROWSER_URL_MAX)
		buf_addc(&url, 'a');
	assert_true(browser_url_allowed(buf_str(&url), &err));
	buf_addc(&url, 'a');
	assert_false(browser_url_allowed(buf_str(&url), &err));
	assert_true(strlen(err_msg(&err)) < 200);
	buf_fini(&url);
	err_fini(&err);
}

static void
test_message_quotes_refused_url_briefly(void **state)
{
	struct buf url;
	struct err err;

	buf_init(&url);
	err_init(&err);
	assert_false(browser_url_allowed("javascript:alert(1)", &err));
	assert_non_null(strstr(err_msg(&err), "javascript:alert(1)"));
	buf_adds(&url, "javascript:");
	for (int i = 0; i < 100; i++)
		buf_adds(&url, "\xe4\xb8\xad");
	assert_false(browser_url_allowed(buf_str(&url), &err));
	assert_non_null(strstr(err_msg(&err), "\xe4\xb8\xad\xe2\x80\xa6"));
	assert_true(strlen(err_msg(&err)) < 200);
	buf_fini(&url);
	err_fini(&err);
}

static void
test_default_is_xdg_open(void **state)
{
	test_expect_argv(NULL, "http://x", 0, "xdg-open", "http://x", NULL);
	test_expect_argv("", "http://x", 0, "xdg-open", "http://x", NULL);
	test_expect_argv(" :\t: ", "http://x", 0, "xdg-open", "http://x", NULL);
	test_expect_no_argv(NULL, 1);
	test_expect_no_argv("", 1);
}

static void
test_candidates_in_turn(void **state)
{
	const char *browser = "w3m:firefox --new-tab::lynx -accept_all_cookies:";

	test_expect_argv(browser, "http://x", 0, "w3m", "http://x", NULL);
	test_expect_argv(browser, "http://x", 1, "firefox", "--new-tab",
			 "http://x", NULL);
	test_expect_argv(browser, "http://x", 2, "lynx", "-accept_all_cookies",
			 "http://x", NULL);
	test_expect_no_argv(browser, 3);
}

static void
test_percent_s(void **state)
{
	test_expect_argv("prog --url=%s --flag", "http://x", 0, "prog",
			 "--url=http://x", "--flag", NULL);
	test_expect_argv("prog %s%s", "http://x", 0, "prog",
			 "http://xhttp://x", NULL);
	test_expect_argv("prog 100%% %%s %d", "http://x", 0, "prog", "100%",
			 "%s", "%d", "http://x", NULL);
	test_expect_argv("prog a%sb", "http://x/%s%%", 0, "prog",
			 "ahttp://x/%s%%b", NULL);
	test_expect_argv("prog %", "http://x", 0, "prog", "%", "http://x",
			 NULL);
}

static void
test_quotes_group_words(void **state)
{
	test_expect_argv("\"/opt/my browser/run\" 'a b' c\"d e\"f \"\" 'x:y'",
			 "http://x", 0, "/opt/my browser/run", "a b", "cd ef",
			 "", "x:y", "http://x", NULL);
	test_expect_argv("a 'b:c':d", "http://x", 0, "a", "b:c", "http://x",
			 NULL);
	test_expect_argv("a 'b:c':d", "http://x", 1, "d", "http://x", NULL);
	test_expect_argv("a \"it's\" '\"%s\"'", "http://x", 0, "a", "it's",
			 "\"http://x\"", NULL);
	test_expect_argv("a \"b c", "http://x", 0, "a", "b c", "http://x",
			 NULL);
}

static void
test_url_appended_without_percent_s(void **state)
{
	struct fixture *f = *state;
	struct err err;

	err_init(&err);
	assert_true(test_open(f, "https://example.com/", RECORD_CMD " --new-tab",
			      &err));
	test_expect_record(f, "--new-tab\nhttps://example.com/\n--end--\n");
	err_fini(&err);
}

static void
test_falls_back_to_next_candidate(void **state)
{
	struct fixture *f = *state;
	struct err err;

	err_init(&err);
	assert_true(test_open(f, "http://x", "nonexistent-xyz-tsundoku:"
			      RECORD_CMD, &err));
	test_expect_record(f, "http://x\n--end--\n");
	assert_string_equal(buf_str(&f->events), "srsR");
	err_fini(&err);
}

static void
test_no_candidate_starts(void **state)
{
	struct fixture *f = *state;
	struct err err;

	err_init(&err);
	assert_false(test_open(f, "http://x", "nonexistent-xyz-tsundoku:"
			       "/nonexistent/prog:'" FIXTURES "/browser'", &err));
	assert_non_null(strstr(err_msg(&err), "nonexistent-xyz-tsundoku"));
	assert_non_null(strstr(err_msg(&err), "/nonexistent/prog"));
	assert_non_null(strstr(err_msg(&err), FIXTURES "/browser"));
	assert_string_equal(buf_str(&f->events), "srsrsr");
	assert_int_equal(test_dir_entries(), 0);
	err_fini(&err);
}

static void
test_suspend_and_resume_around_the_run(void **state)
{
	struct fixture *f = *state;
	struct err err;

	err_init(&err);
	assert_true(test_open(f, "mailto:a@example.com", RECORD_CMD, &err));
	assert_string_equal(buf_str(&f->events), "sR");
	assert_true(browser_open("http://x", RECORD_CMD, BROWSER_WAIT_YES,
				 NULL, NULL, NULL,
				 &err));
	test_expect_record(f, "mailto:a@example.com\n--end--\n"
			   "http://x\n--end--\n");
	err_fini(&err);
}

static void
test_failing_browser_is_reported(void **state)
{
	struct fixture *f = *state;
	struct err err;

	err_init(&err);
	setenv("RECORD_EXIT", "3", 1);
	assert_false(test_open(f, "http://x", RECORD_CMD ":" RECORD_CMD, &err));
	assert_non_null(strstr(err_msg(&err), "3"));
	assert_non_null(strstr(err_msg(&err), RECORD_SH));
	test_expect_record(f, "http://x\n--end--\n");
	assert_string_equal(buf_str(&f->events), "sR");
	err_fini(&err);
}

static void
test_killed_browser_is_reported(void **state)
{
	struct fixture *f = *state;
	struct err err;

	err_init(&err);
	setenv("RECORD_KILL", "1", 1);
	assert_false(test_open(f, "http://x", RECORD_CMD, &err));
	assert_non_null(strstr(err_msg(&err), RECORD_SH));
	test_expect_record(f, "http://x\n--end--\n");
	err_fini(&err);
}

/* Return the hex mask on the line starting with key in the record. */
static unsigned long long
test_record_mask(const struct fixture *f, const char *key)
{
	char line[256];
	unsigned long long mask = ~0ULL;
	FILE *fp = fopen(f->record, "r");

	assert_non_null(fp);
	while (fgets(line, sizeof line, fp) != NULL)
		if (strncmp(line, key, strlen(key)) == 0)
			mask = strtoull(line + strlen(key), NULL, 16);
	fclose(fp);
	return mask;
}

static void
test_child_gets_default_signals(void **state)
{
	struct fixture *f = *state;
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_pipe;
	sigset_t term, old_mask;
	unsigned long long ignored;
	struct err err;

	if (access("/proc/self/status", R_OK) != 0)
		skip();
	err_init(&err);
	sigaction(SIGPIPE, &ign, &old_pipe);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &old_mask);
	setenv("RECORD_SIGNALS", "1", 1);
	assert_true(test_open(f, "http://x", RECORD_CMD, &err));
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	ignored = test_record_mask(f, "SigIgn:");
	assert_int_equal(ignored & 1ULL << (SIGINT - 1), 0);
	assert_int_equal(ignored & 1ULL << (SIGQUIT - 1), 0);
	assert_int_equal(ignored & 1ULL << (SIGPIPE - 1), 0);
	assert_int_equal(ignored & 1ULL << (SIGHUP - 1), 0);
	assert_int_equal(ignored & 1ULL << (SIGTERM - 1), 0);
	assert_int_equal(test_record_mask(f, "SigBlk:"), 0);
	err_fini(&err);
}

/* Note that SIGINT reached the test process. */
static void
test_on_sigint(int sig)
{
	test_sigint_seen = 1;
}

static void
test_ctrl_c_in_browser_spares_the_reader(void **state)
{
	struct fixture *f = *state;
	struct sigaction on = { .sa_handler = test_on_sigint }, now, old;
	struct err err;

	err_init(&err);
	test_sigint_seen = 0;
	sigemptyset(&on.sa_mask);
	sigaction(SIGINT, &on, &old);
	setenv("RECORD_INTERRUPT", "1", 1);
	assert_true(test_open(f, "http://x", RECORD_CMD, &err));
	sigaction(SIGINT, &old, &now);
	assert_int_equal(test_sigint_seen, 0);
	assert_ptr_equal(now.sa_handler, test_on_sigint);
	test_expect_record(f, "http://x\n--end--\n");
	err_fini(&err);
}

static void
test_terminal_browsers_by_name(void **state)
{
	(void)state;
	assert_true(browser_in_terminal("w3m"));
	assert_true(browser_in_terminal("/usr/bin/lynx"));
	assert_true(browser_in_terminal("links2"));
	assert_true(browser_in_terminal("/snap/bin/carbonyl"));
	assert_false(browser_in_terminal("firefox"));
	assert_false(browser_in_terminal("xdg-open"));
	assert_false(browser_in_terminal("/opt/w3m/run"));
	assert_false(browser_in_terminal("w3mx"));
}

/* Write an executable script named name into the test directory that
 * execs the recording browser; return its path in a heap string. */
static char *
test_wrapper(const struct fixture *f, const char *name)
{
	struct buf path;
	FILE *fp;

	buf_init(&path);
	buf_printf(&path, "%s/%s", f->dir, name);
	fp = fopen(buf_str(&path), "w");
	assert_non_null(fp);
	fprintf(fp, "#!/bin/sh\nexec '%s' \"$@\"\n", RECORD_SH);
	fclose(fp);
	assert_int_equal(chmod(buf_str(&path), 0755), 0);
	return buf_detach(&path);
}

/* Wait (at most 10 s, in 10 ms steps) for the file path to exist. */
static bool
test_wait_file(const char *path)
{
	struct timespec step = { .tv_nsec = 10 * 1000 * 1000 };

	for (int i = 0; i < 1000; i++) {
		if (access(path, F_OK) == 0)
			return true;
		nanosleep(&step, NULL);
	}
	return false;
}

static void
test_auto_waits_for_terminal_browsers_only(void **state)
{
	struct fixture *f = *state;
	char *w3m = test_wrapper(f, "w3m");
	struct err err;

	err_init(&err);
	/* w3m gets the terminal: suspended, run, resumed. */
	assert_true(browser_open("http://x", w3m, BROWSER_WAIT_AUTO,
				 test_suspend, test_resume, f, &err));
	assert_string_equal(buf_str(&f->events), "sR");
	/* Told not to wait, even w3m runs detached: no hand-over. */
	unlink(f->record);
	buf_clear(&f->events);
	assert_true(browser_open("http://y", w3m, BROWSER_WAIT_NO,
				 test_suspend, test_resume, f, &err));
	assert_true(test_wait_file(f->record));
	assert_string_equal(buf_str(&f->events), "");
	free(w3m);
	err_fini(&err);
}

static void
test_detached_browser(void **state)
{
	struct fixture *f = *state;
	char script[PATH_MAX], done[PATH_MAX];
	FILE *fp;
	struct err err;
	int status;

	/* It records its argument, where its stdin, stdout and stderr go
	 * and its session, whole (renamed into place), then fails: a
	 * detached browser's status is nobody's business. */
	snprintf(script, sizeof script, "%s/gui", f->dir);
	snprintf(done, sizeof done, "%s/done", f->dir);
	fp = fopen(script, "w");
	assert_non_null(fp);
	fprintf(fp, "#!/bin/sh\nfds=$(readlink /proc/$$/fd/0 /proc/$$/fd/1 "
		"/proc/$$/fd/2)\n{ printf '%%s\\n' \"$1\" \"$fds\"; "
		"cut -d' ' -f6 /proc/$$/stat; } >'%s.tmp'\n"
		"mv '%s.tmp' '%s'\nexit 3\n", done, done, done);
	fclose(fp);
	assert_int_equal(chmod(script, 0755), 0);
	err_init(&err);
	assert_true(browser_open("https://example.com/a", script,
				 BROWSER_WAIT_AUTO, test_suspend, test_resume,
				 f, &err));
	assert_string_equal(buf_str(&f->events), "");
	assert_true(test_wait_file(done));
	/* Nothing is left for us to reap: the browser is not our child. */
	assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
	fp = fopen(done, "r");
	assert_non_null(fp);
	char line[256];
	assert_non_null(fgets(line, sizeof line, fp));
	assert_string_equal(line, "https://example.com/a\n");
	for (int i = 0; i < 3; i++) {
		assert_non_null(fgets(line, sizeof line, fp));
		assert_string_equal(line, "/dev/null\n");
	}
	assert_non_null(fgets(line, sizeof line, fp));
	assert_int_not_equal(atol(line), (long)getsid(0));
	fclose(fp);
	err_fini(&err);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_hostile_url_is_one_argument),
		T(test_hostile_url_in_percent_s_word),
		T(test_refused_urls_never_run),
		T(test_allowed_urls),
		T(test_length_is_capped),
		T(test_message_quotes_refused_url_briefly),
		T(test_default_is_xdg_open),
		T(test_candidates_in_turn),
		T(test_percent_s),
		T(test_quotes_group_words),
		T(test_url_appended_without_percent_s),
		T(test_falls_back_to_next_candidate),
		T(test_no_candidate_starts),
		T(test_suspend_and_resume_around_the_run),
		T(test_failing_browser_is_reported),
		T(test_killed_browser_is_reported),
		T(test_child_gets_default_signals),
		T(test_ctrl_c_in_browser_spares_the_reader),
		T(test_terminal_browsers_by_name),
		T(test_auto_waits_for_terminal_browsers_only),
		T(test_detached_browser),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
