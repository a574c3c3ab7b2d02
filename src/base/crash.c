/* SPDX-License-Identifier: MIT */
/*
 * crash.c: a fatal signal leaves the terminal usable; see crash.h.
 */
#include "config.h"
#include "base/crash.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* The signals that end the process with a core dump. */
static const int crash_signals[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
};
#define CRASH_N_SIGNALS (sizeof crash_signals / sizeof crash_signals[0])

/* What the handler needs, set before the handlers are installed. */
static struct {
	bool guarded;
	int fd;
	char reset[CRASH_RESET_MAX];
	size_t reset_len;
	struct termios shell;
	struct sigaction old[CRASH_N_SIGNALS];	/* to chain to, restore */
	void *altstack;		/* the guarding thread's, kept for good: a
				   signal may come until the process ends */
} crash;

/* Return the handler that was installed for sig before ours. */
static const struct sigaction *
crash_old(int sig)
{
	for (size_t i = 0; i < CRASH_N_SIGNALS; i++)
		if (crash_signals[i] == sig)
			return &crash.old[i];
	return NULL;
}

/* The fatal signal handler: reset the terminal, then let the signal
 * take its course. SA_RESETHAND made the action the default already;
 * a signal raised here is blocked until the handler returns, and then
 * kills (a fault would come back by itself; a kill(1) would not). */
static void
crash_on_signal(int sig, siginfo_t *info, void *uc)
{
	const struct sigaction *old = crash_old(sig);
	size_t done = 0;

	while (done < crash.reset_len) {
		ssize_t n = write(crash.fd, crash.reset + done,
				  crash.reset_len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	tcsetattr(crash.fd, TCSANOW, &crash.shell);
	if (old != NULL && (old->sa_flags & SA_SIGINFO) &&
	    old->sa_sigaction != NULL)
		old->sa_sigaction(sig, info, uc);
	else if (old != NULL && !(old->sa_flags & SA_SIGINFO) &&
		 old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN)
		old->sa_handler(sig);
	raise(sig);
}

/* Bytes of an alternate signal stack: the handler needs little, a
 * chained handler more. */
#define CRASH_ALTSTACK_SIZE ((size_t)64 * 1024)

void *
crash_altstack_new(void)
{
	stack_t ss;
	void *p;

	if (sigaltstack(NULL, &ss) != 0 || !(ss.ss_flags & SS_DISABLE))
		return NULL;
	size_t size = CRASH_ALTSTACK_SIZE > 4 * (size_t)SIGSTKSZ
		? CRASH_ALTSTACK_SIZE : 4 * (size_t)SIGSTKSZ;
	if ((p = malloc(size)) == NULL)
		return NULL;
	ss = (stack_t){ .ss_sp = p, .ss_size = size };
	if (sigaltstack(&ss, NULL) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

void
crash_altstack_free(void *stack)
{
	stack_t ss = { .ss_flags = SS_DISABLE };

	if (stack == NULL)
		return;
	sigaltstack(&ss, NULL);
	free(stack);
}

void
crash_guard(int fd, const struct termios *shell, const char *reset,
	    size_t len)
{
	struct sigaction sa;

	if (len > CRASH_RESET_MAX)
		len = CRASH_RESET_MAX;
	crash.reset_len = 0;	/* no half-copied sequence meanwhile */
	memcpy(crash.reset, reset, len);
	crash.shell = *shell;
	crash.fd = fd;
	crash.reset_len = len;
	if (crash.guarded)
		return;
	if (crash.altstack == NULL)
		crash.altstack = crash_altstack_new();
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = crash_on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < CRASH_N_SIGNALS; i++)
		sigaction(crash_signals[i], &sa, &crash.old[i]);
	crash.guarded = true;
}

void
crash_unguard(void)
{
	if (!crash.guarded)
		return;
	for (size_t i = 0; i < CRASH_N_SIGNALS; i++)
		sigaction(crash_signals[i], &crash.old[i], NULL);
	crash.guarded = false;
}
