/* SPDX-License-Identifier: MIT */
/*
 * fuzz.c: the helpers every harness shares (fuzz.h).
 */
#include "config.h"

#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
fuzz_split(const char *in, size_t len, char sep, struct fuzz_part *head,
	   struct fuzz_part *tail)
{
	const char *p = len > 0 ? memchr(in, sep, len) : NULL;

	head->s = in;
	head->len = p != NULL ? (size_t)(p - in) : len;
	tail->s = p != NULL ? p + 1 : in + len;
	tail->len = p != NULL ? len - head->len - 1 : 0;
}

void
fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	abort();
}

static char fuzz_dir[64];

/* Remove the private directory and the files in it (harnesses make no
 * subdirectories). */
static void
fuzz_tmpdir_remove(void)
{
	DIR *dir = opendir(fuzz_dir);
	struct dirent *e;
	char path[sizeof fuzz_dir + 256];

	if (dir == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", fuzz_dir, e->d_name);
		unlink(path);
	}
	closedir(dir);
	rmdir(fuzz_dir);
}

const char *
fuzz_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (fuzz_dir[0] != '\0')
		return fuzz_dir;
	if (base == NULL || base[0] == '\0' || strlen(base) > 40)
		base = "/tmp";
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/tsufuzz.XXXXXX", base);
	if (mkdtemp(fuzz_dir) == NULL) {
		perror("fuzz: mkdtemp");
		exit(2);
	}
	atexit(fuzz_tmpdir_remove);
	return fuzz_dir;
}
