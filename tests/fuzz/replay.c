/* SPDX-License-Identifier: MIT */
/*
 * replay.c: a main() for the fuzzing harnesses when they are built
 * without libFuzzer (any compiler): it runs the harness once on each file
 * named, or on each file in each directory named, in name order. Without
 * arguments it replays the target's committed corpus and crashes
 * (FUZZ_SRCDIR and FUZZ_TARGET come from Makefile.am), which is what `make check` runs.
 */
#include "config.h"

#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/xmem.h"

/* Read the file at path into b (cleared first); return false with a
 * message on stderr when it cannot be read. */
static bool
replay_read(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;

	buf_clear(b);
	if (f == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return false;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
	return true;
}

/* Run the harness on the file at path; return false when it is
 * unreadable. */
static bool
replay_file(const char *path, struct buf *b)
{
	uint8_t *copy;

	if (!replay_read(path, b))
		return false;
	/* A copy of exactly the file's bytes, so a harness reading past
	 * the end is caught by a sanitizer as under libFuzzer. */
	copy = xmalloc(b->len > 0 ? b->len : 1);
	if (b->len > 0)
		memcpy(copy, b->data, b->len);
	LLVMFuzzerTestOneInput(copy, b->len);
	free(copy);
	return true;
}

/* Order directory entries by name, so runs are repeatable. */
static int
replay_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run the harness on every regular file in dir (or on dir itself when it
 * is a file) and add to *n the files run; a missing directory runs
 * nothing. Return false when something could not be read. */
static bool
replay_path(const char *path, struct buf *b, size_t *n)
{
	struct stat st;
	DIR *dir;
	struct dirent *e;
	char **names = NULL;
	size_t n_names = 0;
	bool ok = true;

	if (stat(path, &st) != 0)
		return errno == ENOENT;
	if (!S_ISDIR(st.st_mode)) {
		*n += 1;
		return replay_file(path, b);
	}
	if ((dir = opendir(path)) == NULL)
		return false;
	while ((e = readdir(dir)) != NULL)
		if (e->d_name[0] != '.')
			buf_list_add(&names, &n_names, xstrdup(e->d_name));
	closedir(dir);
	if (n_names > 0)
		qsort(names, n_names, sizeof *names, replay_cmp);
	for (size_t i = 0; i < n_names; i++) {
		struct buf full;

		buf_init(&full);
		buf_printf(&full, "%s/%s", path, names[i]);
		ok &= replay_path(buf_str(&full), b, n);
		buf_fini(&full);
		free(names[i]);
	}
	free(names);
	return ok;
}

int
main(int argc, char **argv)
{
	static const char *dirs[] = {
		FUZZ_SRCDIR "/corpus/" FUZZ_TARGET,
		FUZZ_SRCDIR "/crashes/" FUZZ_TARGET,
	};
	struct buf b;
	size_t n = 0;
	bool ok = true;

	buf_init(&b);
	if (argc > 1)
		for (int i = 1; i < argc; i++)
			ok &= replay_path(argv[i], &b, &n);
	else
		for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
			ok &= replay_path(dirs[i], &b, &n);
	buf_fini(&b);
	printf("replay: %zu inputs run\n", n);
	/* An empty corpus is a packaging mistake, not a pass. */
	return ok && n > 0 ? 0 : 1;
}
