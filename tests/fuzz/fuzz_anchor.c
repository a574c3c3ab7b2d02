/* SPDX-License-Identifier: MIT */
/*
 * fuzz_anchor.c: finding a highlight again in an edited article. The
 * input is a first line "START END" (a source range), the old article, a
 * NUL byte and the new article. The quote and context are saved from the
 * old text as highlight_add saves them (the range narrowed to its
 * rendered text; nothing when that is blank), then anchored in the old text
 * (where they must be in place) and in the new one (where any range found
 * must lie in the text).
 */
#include "config.h"

#include "fuzz.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "document/anchor.h"
#include "base/buf.h"
#include "document/doc.h"
#include "data/highlight.h"
#include "base/xmem.h"

/* Anchor q in d; check the range found. Return how it was found. */
static enum anchor_how
fuzz_anchor_find(const struct doc *d, const struct anchor_quote *q,
		 size_t *start, size_t *end)
{
	struct anchor_text t;
	enum anchor_how how;

	anchor_text_init_near(&t, d, q->start, q->end, 0);
	(void)anchor_in_place(&t, q);
	anchor_text_fini(&t);
	anchor_text_init(&t, d);
	how = anchor_find(&t, q, start, end);
	if (how != ANCHOR_LOST) {
		FUZZ_CHECK(*start <= *end);
		FUZZ_CHECK(*end <= d->src_len);
	}
	anchor_text_fini(&t);
	return how;
}

/* Return whether s holds nothing but ASCII white space. */
static bool
fuzz_anchor_blank(const char *s)
{
	return s[strspn(s, " \t\n")] == '\0';
}

/* Return whether text holds quote, white space aside: a soft break
 * joined into a space has no source byte, so a range found for a quote
 * that ends with one ends before it (corpus/anchor/quote-ends-at-soft-
 * break). */
static bool
fuzz_anchor_holds(const char *text, const char *quote)
{
	struct buf a, b;
	bool holds;

	buf_init(&a);
	buf_init(&b);
	for (; *text != '\0'; text++)
		if (!strchr(" \t\n", *text))
			buf_addc(&a, *text);
	for (; *quote != '\0'; quote++)
		if (!strchr(" \t\n", *quote))
			buf_addc(&b, *quote);
	holds = strstr(buf_str(&a), buf_str(&b)) != NULL;
	buf_fini(&a);
	buf_fini(&b);
	return holds;
}

/* Anchor q in the new text d and check the text at the range found:
 * the quote itself in place, the quote inside it when found by the quote
 * (the range may widen to whole runs), and text to take as the new quote
 * when found edited. */
static void
fuzz_anchor_new(const struct doc *d, const struct anchor_quote *q,
		struct buf *again)
{
	size_t start, end;
	enum anchor_how how = fuzz_anchor_find(d, q, &start, &end);

	if (how == ANCHOR_LOST)
		return;
	FUZZ_CHECK(highlight_quote(d, start, end, again, NULL, NULL));
	if (how == ANCHOR_IN_PLACE)
		FUZZ_CHECK(strcmp(buf_str(again), q->quote) == 0);
	else if (how != ANCHOR_EDITED)
		FUZZ_CHECK(fuzz_anchor_holds(buf_str(again), q->quote));
	else
		FUZZ_CHECK(!fuzz_anchor_blank(buf_str(again)));
}

/* Return off moved back to the start of the character it is in, in d's
 * sanitised source (off past the end stays as it is). */
static size_t
fuzz_anchor_char_start(const struct doc *d, size_t off)
{
	while (off > 0 && off < d->src_len &&
	       ((unsigned char)d->src[off] & 0xc0) == 0x80)
		off--;
	return off;
}

/* Read "START END" from the first line of the input, moved to character
 * starts, and narrow it to the rendered text it holds in d, as
 * highlight_add does, into q's range.
 * Return false when it holds none. */
static bool
fuzz_anchor_range(struct fuzz_part p, const struct doc *d,
		  struct anchor_quote *q)
{
	char *line = xstrndup(p.s, p.len), *after;
	size_t start = strtoull(line, &after, 10);
	size_t end = strtoull(after, NULL, 10);
	struct anchor_text t;
	size_t off, text_end;
	bool ok;

	free(line);
	/* The caret, where ranges come from, stands between characters. */
	start = fuzz_anchor_char_start(d, start);
	end = fuzz_anchor_char_start(d, end);
	anchor_text_init(&t, d);
	ok = anchor_from_src(&t, start, end, &off, &text_end) &&
	     anchor_to_src(&t, off, text_end, &q->start, &q->end);
	anchor_text_fini(&t);
	return ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part range, rest, old_text, new_text;
	struct buf quote, prefix, suffix, again;
	struct anchor_quote q;
	struct doc *d_old, *d_new;
	size_t start, end;

	fuzz_split((const char *)data, size, '\n', &range, &rest);
	fuzz_split(rest.s, rest.len, '\0', &old_text, &new_text);
	d_old = doc_new("old.md", old_text.s, old_text.len);
	d_new = doc_new("new.md", new_text.s, new_text.len);
	buf_init(&quote);
	buf_init(&prefix);
	buf_init(&suffix);
	buf_init(&again);
	if (fuzz_anchor_range(range, d_old, &q) &&
	    highlight_quote(d_old, q.start, q.end, &quote, &prefix, &suffix) &&
	    !fuzz_anchor_blank(buf_str(&quote))) {
		q.quote = buf_str(&quote);
		q.prefix = buf_str(&prefix);
		q.suffix = buf_str(&suffix);
		/* Unchanged text: the quote is where it was saved. */
		FUZZ_CHECK(fuzz_anchor_find(d_old, &q, &start, &end)
			   == ANCHOR_IN_PLACE);
		FUZZ_CHECK(start == q.start && end == q.end);
		fuzz_anchor_new(d_new, &q, &again);
	}
	buf_fini(&quote);
	buf_fini(&prefix);
	buf_fini(&suffix);
	buf_fini(&again);
	doc_free(d_old);
	doc_free(d_new);
	return 0;
}
