/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "document/archive.h"

#include <string.h>
#include <strings.h>

/* Name endings of article files, compared without regard to case. */
static const char *const archive_exts[] = { ".txt", ".md", ".markdown" };

bool
archive_is_article_name(const char *name)
{
	size_t len = strlen(name);

	if (name[0] == '.' || name[0] == '\0')
		return false;
	for (size_t i = 0; i < sizeof archive_exts / sizeof archive_exts[0];
	     i++) {
		size_t n = strlen(archive_exts[i]);
		if (len > n && strcasecmp(name + len - n, archive_exts[i]) == 0)
			return true;
	}
	return false;
}
