/* SPDX-License-Identifier: MIT */
/*
 * journal.h: the sync journal's format (tsundoku(5), "SYNC JOURNAL"):
 * one JSON object a line, each a change of the user's state made on one
 * device, and the files holding them. A device appends only to its own
 * folder, PATH/<device-id>/, one segment a month (YYYY-MM.jsonl).
 *
 * Every byte of a journal is hostile: journal_parse_line takes a line of
 * any content and either fills a record or says what is wrong with it,
 * in time linear in its length; journal_read streams a file, so a line
 * of 100 MB costs a fixed amount of memory (it is skipped and reported).
 * Layer 3; knows nothing of the database (sync.c ties the two).
 */
#ifndef TSUNDOKU_JOURNAL_H
#define TSUNDOKU_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/hlc.h"

struct buf;
struct err;

/* The format version this program writes, and the newest it reads. */
#define JOURNAL_VERSION 1

/* A line longer than this is not a record this program wrote: it is
 * skipped without being held in memory. */
#define JOURNAL_MAX_LINE (1024 * 1024)

/* A device id: this many lowercase hex digits. */
#define JOURNAL_DEVICE_LEN 16

/* What a record changes; the names are the "k" member's values. */
enum journal_kind {
	JOURNAL_READ,		/* "read": read or unread */
	JOURNAL_PLACE,		/* "place": position and percent, and read */
	JOURNAL_HL,		/* "hl": a highlight added or put back, whole */
	JOURNAL_HL_DEL,		/* "hl-del": a highlight deleted (tombstone) */
	JOURNAL_NOTE,		/* "note": a highlight's note set or cleared */
	JOURNAL_COLOR,		/* "color": a highlight's colour */
	JOURNAL_N_KINDS
};

/* One record. Strings are heap-owned by the record (journal_rec_fini)
 * when journal_parse_line filled it, the caller's when it fills one for
 * journal_format. */
struct journal_rec {
	int version;		/* "v" */
	char *dev;		/* "dev": the device that made it */
	struct hlc at;		/* "t", "c": its stamp */
	enum journal_kind kind;	/* "k" */
	char *url;		/* "url": the article's normalised url, */
	char *hash;		/* "hash": else its content hash, */
	char *path;		/* "path": else its path below the archive
				   root; at least one is set */
	char *hl;		/* "hl": the highlight's id (HL kinds) */
	bool read;		/* READ, PLACE */
	int64_t position;	/* PLACE: source offset of the top line */
	int percent;		/* PLACE: 0-100 */
	int64_t start, end;	/* HL: source range when made */
	char *quote, *prefix, *suffix;	/* HL: rendered text; quote set */
	char *note;		/* HL, NOTE: NULL for none */
	int color;		/* HL, COLOR: 1-4 */
	int64_t created;	/* HL: unix ms */
};

/* Return the name of kind k as written in the "k" member. */
const char *journal_kind_name(enum journal_kind k);

/* Free r's strings and zero it; NULL is allowed. */
void journal_rec_fini(struct journal_rec *r);

/* Return the article key of r: "u:" url, else "h:" hash, else "p:"
 * path, in a heap string the caller frees. */
char *journal_article_key(const struct journal_rec *r);

/* Append r as one line (with its newline) to out. */
void journal_format(const struct journal_rec *r, struct buf *out);

/* What journal_parse_line found. */
enum journal_parse {
	JOURNAL_OK,		/* *r filled */
	JOURNAL_BAD,		/* not a record: err says why */
	JOURNAL_FUTURE,		/* a record of a newer format version */
};

/* Parse line[0..len) (no newline) into *r, which the caller finishes
 * with journal_rec_fini whatever the result. Strings are checked to be
 * valid UTF-8 without controls other than tab and newline. */
enum journal_parse journal_parse_line(const char *line, size_t len,
				      struct journal_rec *r, struct err *err);

/* Receive one line of a journal: line[0..len), its number counted from
 * 0 at offset 0 and the offset of the byte after its newline. Return
 * false to stop reading. */
typedef bool (*journal_line_fn)(const char *line, size_t len, size_t lineno,
				int64_t end_off, void *ctx);

/* Receive a line longer than JOURNAL_MAX_LINE (skipped). */
typedef void (*journal_long_fn)(size_t lineno, void *ctx);

/* Read the file at path from byte offset off (a line start, after
 * lineno lines), calling cb for each complete line and too_long for
 * each line over JOURNAL_MAX_LINE. A last line without its newline is
 * not passed: a sync tool may still be writing it. Store in *end the
 * offset after the last complete line. */
bool journal_read(const char *path, int64_t off, size_t lineno,
		  journal_line_fn cb, journal_long_fn too_long, void *ctx,
		  int64_t *end, struct err *err);

/* Append line[0..len) to the file at path (creating it, mode 0644) and
 * fsync it. An interrupted write leaves at worst a last line without
 * its newline, which readers wait for; the next append starts it on a
 * line of its own. */
bool journal_append(const char *path, const char *line, size_t len,
		    struct err *err);

/* Return whether name, a file in a device folder, is a journal segment:
 * it ends in ".jsonl" (after a sync tool's conflict suffix, if any)
 * and is not hidden or temporary. */
bool journal_is_segment(const char *name);

/* Return the normalised form of url, a heap string: scheme and host in
 * lower case, no fragment, no default port, no trailing slash on a
 * path; NULL for NULL or blank. */
char *journal_normalise_url(const char *url);

#endif
