/* SPDX-License-Identifier: MIT */
/*
 * genarchive.h: a generated archive of saved articles for the library
 * benchmarks (bench/library.sh): many articles of gentext.h written into a
 * directory tree in one process. libc only, like gentext.
 */
#ifndef TSUNDOKU_BENCH_GENARCHIVE_H
#define TSUNDOKU_BENCH_GENARCHIVE_H

#include <stdint.h>
#include <stdio.h>

/* Write count articles below dir (created if missing; it should be empty)
 * and print one summary line to out: "N articles, B bytes, D
 * directories". Articles are mostly Chinese (3 in 4), the rest mixed and
 * English; about 8.6 KB on average (2 KB to 50 KB); in one subdirectory
 * per source, from a pool of 300 account names, a few of which write most
 * articles; named like saved ones ("012_0123456789abcdef.txt"); dated over
 * 2013-2025, more of them recent. The same count and seed give the same
 * tree. Return 0, or print why to stderr and return 1. */
int genarchive_write(const char *dir, uint64_t count, uint64_t seed,
		     FILE *out);

#endif
