/* SPDX-License-Identifier: MIT */
/*
 * archive.h: which files of an archive are articles. The indexer walks
 * the archive (data/indexer_walk.c) and the watcher follows it
 * (data/watch.c); both ask this one question of a name.
 */
#ifndef TSUNDOKU_ARCHIVE_H
#define TSUNDOKU_ARCHIVE_H

#include <stdbool.h>

/* Return true when a file name looks like an article: not hidden, and
 * ending in .txt, .md or .markdown (in any case). */
bool archive_is_article_name(const char *name);

#endif
