/* SPDX-License-Identifier: MIT */
/*
 * export.h: highlights out of and into the archive. Two formats out:
 * Markdown for notes applications (one section per article, each quote a
 * block quote with its note beneath) and JSON for scripts, which is also
 * the format read back in (the schema is in tsundoku(1), "JSON format",
 * and HACKING.md). Both are data: the output holds the texts as saved,
 * and JSON escapes every control character. Showing the result on a
 * terminal safely is the caller's job (utf8_sanitize). Layer 3: knows
 * highlights and the store, nothing of the screen.
 */
#ifndef TSUNDOKU_EXPORT_H
#define TSUNDOKU_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct err;
struct highlight_entry;
struct store;

/* The version written as "version" and the only one read back. */
#define EXPORT_JSON_VERSION 1

enum export_format {
	EXPORT_MARKDOWN,
	EXPORT_JSON,
};

/* Append the export of v[0..n) in format fmt to out. Articles come in
 * path order, each article's highlights in document order (by start,
 * then length), detached ones last and marked so; an article with none
 * in v is left out. v itself is not reordered. */
void export_write(enum export_format fmt, const struct highlight_entry *v,
		  size_t n, struct buf *out);

/* What an import did. */
struct export_tally {
	size_t added;		/* new highlights */
	size_t updated;		/* present, and the imported one newer */
	size_t unchanged;	/* present, and not older than the imported */
};

/* Read the JSON export json[0..len) and merge it into s: a highlight with
 * the same article and quote as one present, and the same range or
 * creation time, is merged (the later update wins, never duplicated); any
 * other is added. The texts
 * are sanitised as article text is (no control characters but TAB and
 * LF); missing times become now. All or nothing: on any problem (not
 * JSON, wrong format or version, a missing or mistyped member) err says
 * what and where, and the database is left untouched. */
bool export_import(struct store *s, const char *json, size_t len,
		   struct export_tally *t, struct err *err);

#endif
