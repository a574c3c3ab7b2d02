/* SPDX-License-Identifier: MIT */
/*
 * crash.h: leaving the terminal usable when the process dies of a fatal
 * signal (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) while the full-screen
 * interface runs: a handler writes a reset sequence that term.c worked
 * out beforehand (leave the alternate screen, show the cursor, plain
 * attributes, keypad and mouse reporting off), puts back the terminal
 * modes the shell had, and then lets the signal do what it would have
 * done: the handler that was there before ours runs (a sanitizer's, which
 * reports the fault), else the default action (a core dump). The file
 * being parsed is known from the in-flight record (inflight.h), so the
 * handler need not say anything.
 *
 * Only async-signal-safe calls run in the handler (write, tcsetattr,
 * sigaction, raise). It runs on an alternate stack, so that a stack
 * overflow (a parser recursing on a deeply nested article) is caught too:
 * the thread that calls crash_guard gets one, other threads that parse
 * make their own with crash_altstack_new. The state lives in statics: a
 * signal handler has no other way to find it. Nothing here knows about
 * curses; term.c works the sequence out.
 */
#ifndef TSUNDOKU_CRASH_H
#define TSUNDOKU_CRASH_H

#include <stddef.h>

struct termios;

/* From now on, on a fatal signal: write reset[0..len) (copied; at most
 * CRASH_RESET_MAX bytes are kept) to fd, restore the modes shell of the
 * terminal fd, then die as the signal would have made us. Calling it
 * again replaces the sequence and the modes. */
#define CRASH_RESET_MAX ((size_t)512)
void crash_guard(int fd, const struct termios *shell, const char *reset,
		 size_t len);

/* Put back the handlers that were there before crash_guard; safe to
 * call when it was not called. */
void crash_unguard(void);

/* Give the calling thread an alternate signal stack unless it has one
 * (a sanitizer's), so that the handler can run when the thread overflows
 * its own. Return the stack for crash_altstack_free, or NULL when none
 * was made. */
void *crash_altstack_new(void);

/* Stop using the stack crash_altstack_new made, from the thread that
 * made it, and free it; NULL is allowed. */
void crash_altstack_free(void *stack);

#endif
