/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h: what every fuzzing harness in tests/fuzz/ shares: the entry
 * point libFuzzer calls (and replay.c calls when built without it), and
 * small helpers to cut one input into the parts a harness needs.
 * Harnesses call the modules' public APIs only, as the program does.
 */
#ifndef TSUNDOKU_FUZZ_H
#define TSUNDOKU_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Run the harness on one input; always return 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A piece of the input: bytes, not NUL-terminated. */
struct fuzz_part {
	const char *s;
	size_t len;
};

/* Cut in[0..len) at the first byte sep into *head (before it) and *tail
 * (after it); without sep, head is everything and tail is empty. */
void fuzz_split(const char *in, size_t len, char sep, struct fuzz_part *head,
		struct fuzz_part *tail);

/* Report a broken contract of the code under test and abort, so that
 * libFuzzer keeps the input; FUZZ_CHECK is the way to call it. */
_Noreturn void fuzz_fail(const char *what, const char *file, int line);
#define FUZZ_CHECK(cond) \
	((cond) ? (void)0 : fuzz_fail(#cond, __FILE__, __LINE__))

/* Return a private directory made for this process on first use and
 * removed, with what is in it, at exit. */
const char *fuzz_tmpdir(void);

#endif
