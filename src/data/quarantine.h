/* SPDX-License-Identifier: MIT */
/*
 * quarantine.h: opening an article for the reader so that no file can
 * crash tsundoku at every start. The parse is recorded in flight
 * (inflight.h) while it runs, for as long as the lazy document is parsed
 * further; a file found in flight after a crash is quarantined by the
 * next indexing run (store_quarantine), and from then on opens as plain
 * text (doc_new_plain: its lines, sanitised, nothing parsed) until it
 * changes or `tsundoku index --retry` reads it again. HACKING.md,
 * "Quarantine", tells the whole design.
 */
#ifndef TSUNDOKU_QUARANTINE_H
#define TSUNDOKU_QUARANTINE_H

#include <stdbool.h>

struct doc;
struct err;
struct inflight;
struct store;
struct tidy_rules;

/* Load the article at path into *out for the reader: as plain text,
 * with a warning saying why, when s says it is quarantined; else lazily,
 * tidied with rules (which must outlive *out; NULL: the caller tidies
 * it, after adding what it learned of the site), its parses recorded in
 * slot 0 of f (NULL: not recorded; else f must outlive *out). Fails only
 * when the file cannot be read; the caller frees *out with doc_free. */
bool quarantine_load(struct store *s, struct inflight *f, const char *path,
		     const struct tidy_rules *rules, struct doc **out,
		     struct err *err);

#endif
