/* SPDX-License-Identifier: MIT */
/*
 * shown.c: an article's tidied text as plain text (shown.h).
 */
#include "config.h"
#include "document/shown.h"

#include <string.h>

#include "document/doc.h"
#include "document/tidy.h"

/* Return true when b's text is none of the article's, or the reader
 * hides it. */
static bool
shown_block_hidden(const struct doc_block *b)
{
	return (b->flags & (DOC_BLOCK_REPEAT | DOC_BLOCK_LEFTOVER)) ||
	       b->kind == DOC_IMAGE || b->kind == DOC_RULE;
}

/* Append to out the text of b's runs that are the article's own: not an
 * image's marker or alt text, not a link's number. The space that stood
 * on each side of a dropped image is kept once, and none at the start
 * (but in code, whose spaces are the text's). */
static void
shown_block(const struct doc_block *b, struct buf *out)
{
	size_t start = out->len;

	if (b->n_runs == 0) {
		buf_add(out, b->text, b->text_len);
		return;
	}
	for (size_t i = 0; i < b->n_runs; i++) {
		const struct doc_run *r = &b->runs[i];
		const char *t = b->text + r->text_off;
		size_t len = r->len;
		if (r->style & (DOC_STYLE_IMAGE | DOC_STYLE_MARK))
			continue;
		if (len > 0 && t[0] == ' ' && b->kind != DOC_CODE &&
		    (out->len == start ||
		     out->data[out->len - 1] == ' ')) {
			t++;
			len--;
		}
		buf_add(out, t, len);
	}
}

/* Return true when s[0..len) holds something besides ASCII blanks. */
static bool
shown_has_text(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			return true;
	return false;
}

/* Drop the U+FEFF that starts out's text, however many. A block may
 * start with one (a page saved after another keeps its BOM): at the
 * start of a text it reads as a BOM, which utf8_sanitize drops, so the
 * text would not be clean (fuzz_article found it). */
static void
shown_drop_bom(struct buf *out)
{
	size_t n = 0;

	while (out->len - n >= 3 &&
	       memcmp(out->data + n, "\xef\xbb\xbf", 3) == 0)
		n += 3;
	if (n > 0) {
		memmove(out->data, out->data + n, out->len - n);
		out->len -= n;
	}
}

void
shown_text(const struct doc *d, struct buf *out)
{
	size_t start = out->len;

	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		size_t before = out->len;
		if (shown_block_hidden(b))
			continue;
		if (out->len > start)
			buf_addc(out, '\n');
		shown_block(b, out);
		if (!shown_has_text(out->data + before, out->len - before))
			out->len = before;	/* nothing left: no line */
	}
	if (start == 0)
		shown_drop_bom(out);
	if (out->data != NULL)
		out->data[out->len] = '\0';
}

void
shown_text_of(const char *path, const char *raw, size_t len,
	      const struct tidy_rules *r, struct buf *out)
{
	struct doc *d = doc_new(path, raw, len);

	tidy_doc(d, r);
	shown_text(d, out);
	doc_free(d);
}

bool
shown_text_load(const char *path, const struct tidy_rules *r,
		struct buf *out, struct err *err)
{
	struct doc *d;

	if (!doc_load(path, &d, err))
		return false;
	tidy_doc(d, r);
	shown_text(d, out);
	doc_free(d);
	return true;
}
