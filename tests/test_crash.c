/* SPDX-License-Identifier: MIT */
/*
 * test_crash.c: a fatal signal puts the terminal back before the process
 * dies. A child guards a pipe (standing for the terminal) with a reset
 * sequence and crashes: a SIGFPE, an abort with a handler installed
 * before ours (which must still run: a sanitizer's), and a stack
 * overflow in a thread of its own (the handler needs an alternate
 * stack). The parent reads the sequence from the pipe and sees the child
 * die.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/crash.h"

/* The pipe the child writes to, for the handler installed before ours. */
static int test_fd = -1;

/* A handler that was there before crash_guard. */
static void
old_handler(int sig)
{
	(void)sig;
	if (write(test_fd, "OLD", 3) < 0)
		_exit(8);
	_exit(7);
}

/* Recurse until the stack runs out. */
static int
recurse(volatile int *depth)
{
	volatile char pad[4096];

	pad[0] = (char)*depth;
	if (++*depth < 0)
		return 0;
	return recurse(depth) + pad[0];
}

/* A thread that overflows its stack, with an alternate one. */
static void *
overflow(void *arg)
{
	volatile int depth = 0;

	(void)arg;
	crash_altstack_new();
	recurse(&depth);
	return NULL;
}

/* In a child guarded by "RESET" on a pipe, crash in the way how says;
 * store what the pipe got in got and return the child's wait status. */
static int
crash_child(const char *how, char *got, size_t size)
{
	int fds[2], status;
	pid_t pid;
	ssize_t n, total = 0;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct termios none;
		pthread_t t;
		close(fds[0]);
		test_fd = fds[1];
		memset(&none, 0, sizeof none);
		/* cmocka's handlers would carry on with the tests. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		if (strcmp(how, "chain") == 0)
			signal(SIGABRT, old_handler);
		crash_guard(fds[1], &none, "RESET", 5);
		if (strcmp(how, "fpe") == 0)
			raise(SIGFPE);
		else if (strcmp(how, "chain") == 0)
			abort();
		else if (pthread_create(&t, NULL, overflow, NULL) == 0)
			pthread_join(t, NULL);
		_exit(0);
	}
	close(fds[1]);
	while ((size_t)total < size - 1 &&
	       (n = read(fds[0], got + total, size - 1 - (size_t)total)) > 0)
		total += n;
	got[total] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

/* Return whether the child died of sig, or, under a sanitizer whose
 * handler ours chained to, exited with a failure. */
static bool
died(int status, int sig)
{
	return (WIFSIGNALED(status) && WTERMSIG(status) == sig) ||
	       (WIFEXITED(status) && WEXITSTATUS(status) != 0);
}

static void
test_fatal_signal_resets_then_dies(void **state)
{
	char got[64];
	int status = crash_child("fpe", got, sizeof got);

	(void)state;
	assert_string_equal(got, "RESET");
	assert_true(died(status, SIGFPE));
}

static void
test_handler_before_ours_still_runs(void **state)
{
	char got[64];
	int status = crash_child("chain", got, sizeof got);

	(void)state;
	assert_string_equal(got, "RESETOLD");
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 7);
}

static void
test_stack_overflow_in_a_thread(void **state)
{
	char got[64];
	int status = crash_child("overflow", got, sizeof got);

	(void)state;
	assert_string_equal(got, "RESET");
	assert_true(died(status, SIGSEGV));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fatal_signal_resets_then_dies),
		cmocka_unit_test(test_handler_before_ours_still_runs),
		cmocka_unit_test(test_stack_overflow_in_a_thread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
