/* SPDX-License-Identifier: MIT */
/*
 * gen: write a generated saved article (see gentext.h), or a whole
 * archive of them (genarchive.h), for benchmarks and manual testing.
 *
 *   gen --kind zh|mixed|en --size BYTES [--seed N] [--out FILE]
 *   gen --archive DIR --count N [--seed N]
 *
 * The article goes to standard output unless --out is given. The seed
 * is 1 unless given. Same arguments, same bytes.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genarchive.h"
#include "gentext.h"

static void
gen_usage(FILE *f)
{
	fprintf(f, "usage: gen --kind zh|mixed|en --size BYTES [--seed N] "
		"[--out FILE]\n"
		"       gen --archive DIR --count N [--seed N]\n"
		"Write a generated saved article of exactly BYTES bytes, or "
		"an archive of N\narticles below DIR (numbers take the "
		"suffixes k, M: 10^3, 10^6; the seed is 1 unless given).\n");
}

/* Parse a non-negative decimal number with an optional k or M suffix
 * (powers of ten) into *out; return false when s is not one. */
static int
gen_parse_size(const char *s, unsigned long long *out)
{
	char *end;

	errno = 0;
	if (*s < '0' || *s > '9')
		return 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno != 0)
		return 0;
	if (*end == 'k' || *end == 'K') {
		v *= 1000;
		end++;
	} else if (*end == 'M') {
		v *= 1000 * 1000;
		end++;
	}
	if (*end != '\0')
		return 0;
	*out = v;
	return 1;
}

/* Write len bytes of s to path, or to standard output when path is NULL;
 * return 0 on success, else print why and return 1. */
static int
gen_write(const char *path, const char *s, size_t len)
{
	FILE *f = path ? fopen(path, "wb") : stdout;

	if (f == NULL) {
		fprintf(stderr, "gen: cannot open %s: %s\n", path, strerror(errno));
		return 1;
	}
	size_t n = fwrite(s, 1, len, f);
	int bad = n != len || ferror(f);
	if ((path ? fclose(f) : fflush(f)) != 0)
		bad = 1;
	if (bad) {
		fprintf(stderr, "gen: cannot write %s: %s\n",
			path ? path : "standard output", strerror(errno));
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *kind_name = NULL, *out = NULL, *archive = NULL;
	unsigned long long size = 0, seed = 1, count = 0;
	int have_size = 0, have_seed = 1, have_count = 0;
	enum gentext_kind kind;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			gen_usage(stdout);
			return 0;
		}
		if (v == NULL) {
			gen_usage(stderr);
			return 2;
		}
		if (strcmp(a, "--kind") == 0)
			kind_name = v;
		else if (strcmp(a, "--size") == 0)
			have_size = gen_parse_size(v, &size);
		else if (strcmp(a, "--seed") == 0)
			have_seed = gen_parse_size(v, &seed);
		else if (strcmp(a, "--out") == 0)
			out = v;
		else if (strcmp(a, "--archive") == 0)
			archive = v;
		else if (strcmp(a, "--count") == 0)
			have_count = gen_parse_size(v, &count);
		else {
			gen_usage(stderr);
			return 2;
		}
		i++;
	}
	if (archive != NULL && have_count && have_seed && kind_name == NULL &&
	    out == NULL && !have_size)
		return genarchive_write(archive, count, seed, stdout);
	if (kind_name == NULL || !gentext_kind_parse(kind_name, &kind) ||
	    !have_size || !have_seed || size > GENTEXT_MAX_SIZE) {
		gen_usage(stderr);
		return 2;
	}
	size_t len;
	char *text = gentext_article(kind, (size_t)size, (uint64_t)seed, &len);
	if (text == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		return 1;
	}
	int status = gen_write(out, text, len);
	free(text);
	return status;
}
