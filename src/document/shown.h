/* SPDX-License-Identifier: MIT */
/*
 * shown.h: an article's text as the reader shows it after the tidy pass,
 * as plain text: what a search result's snippet is cut from, so that it
 * never shows what the reader hides (the title repeated as a heading, a
 * cover image's alt text, the page's leftover interface).
 *
 * The text is that of the document's blocks in order, one block a line
 * (blocks joined by "\n"; a code block keeps its own line breaks),
 * leaving out: blocks tidy_doc marked DOC_BLOCK_REPEAT or
 * DOC_BLOCK_LEFTOVER, rules, images (a lone image's block and an image
 * inside text alike: their alt text is not the article's), and the text
 * md.c makes up around the article's (DOC_STYLE_MARK: a link's "[3]").
 * Block text is sanitised UTF-8 (doc.h), so the result is too, and a
 * run is taken whole, so no character is ever split. Time and memory are
 * linear in the article's size.
 */
#ifndef TSUNDOKU_SHOWN_H
#define TSUNDOKU_SHOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

struct doc;
struct err;
struct tidy_rules;

/* Append to out the shown text of d, which must be parsed whole (doc_load,
 * doc_new, or doc_parse_all on a lazy one) and tidied (tidy_doc). */
void shown_text(const struct doc *d, struct buf *out);

/* Make the document of raw[0..len) as doc_new does (path only names it),
 * tidy it with r and append its shown text to out. Never fails. */
void shown_text_of(const char *path, const char *raw, size_t len,
		   const struct tidy_rules *r, struct buf *out);

/* As shown_text_of for the file at path; return false, appending
 * nothing, when it cannot be read (doc_load's message in err). */
bool shown_text_load(const char *path, const struct tidy_rules *r,
		     struct buf *out, struct err *err);

#endif
