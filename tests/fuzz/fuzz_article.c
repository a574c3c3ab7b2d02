/* SPDX-License-Identifier: MIT */
/*
 * fuzz_article.c: the article pipeline on one input file: front matter,
 * Markdown, the tidy pass with the bundled leftover rules, the shown text
 * search snippets are cut from (clean UTF-8, no longer than the blocks'
 * texts and their line breaks), and layouts at several widths, all at
 * once and lazily in small chunks, walking every line and checking what
 * layout.h promises about them.
 */
#include "config.h"

#include "fuzz.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "layout/layout.h"
#include "document/shown.h"
#include "document/tidy.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* The largest input also laid out one column wide, in bytes. */
#define FUZZ_ARTICLE_NARROW_MAX 4096

/* Return the bundled leftover rules, loaded on first use. */
static const struct tidy_rules *
fuzz_article_rules(void)
{
	static struct tidy_rules rules;
	static bool loaded;
	struct err err;

	if (!loaded) {
		tidy_rules_init(&rules);
		err_init(&err);
		if (!tidy_rules_load(&rules, FUZZ_DATADIR "/leftovers", &err))
			fuzz_fail(err_msg(&err), __FILE__, __LINE__);
		err_fini(&err);
		loaded = true;
	}
	return &rules;
}

/* Check one laid-out line of d: its segments lie in the document or the
 * arena (ASan reads every byte), their widths add up to the line's, and
 * it does not go back in the source before the line before it
 * (*last_off). */
static void
fuzz_article_line(const struct doc *d, const struct layout_line *l,
		  size_t *last_off)
{
	int width = l->prefix_width;

	FUZZ_CHECK(l->prefix != NULL);
	FUZZ_CHECK(utf8_width(l->prefix, strlen(l->prefix)) == l->prefix_width);
	for (size_t i = 0; i < l->n_segs; i++) {
		FUZZ_CHECK(l->segs[i].width >= 0);
		FUZZ_CHECK(l->segs[i].len == 0 ||
			   memchr(l->segs[i].text, '\0', l->segs[i].len) == NULL);
		width += l->segs[i].width;
	}
	FUZZ_CHECK(width == l->width);
	FUZZ_CHECK(l->src_off >= *last_off);
	FUZZ_CHECK(l->src_off <= l->src_end);
	FUZZ_CHECK(l->src_end <= d->src_len);
	FUZZ_CHECK(l->block == LAYOUT_NO_BLOCK || l->block < d->n_blocks);
	*last_off = l->src_off;
}

/* Check that each segment of l is as wide as it is drawn: the view
 * draws segments one by one, so a grapheme cluster never spans two (a
 * soft break's space before an emoji modifier that starts the next
 * source line once did: corpus/article/cluster-split-*). */
static void
fuzz_article_drawn_widths(const struct layout_line *l)
{
	for (size_t i = 0; i < l->n_segs; i++)
		FUZZ_CHECK(l->segs[i].width ==
			   utf8_width(l->segs[i].text, l->segs[i].len));
}

/* Lay d out whole at width and walk every line. */
static void
fuzz_article_layout(const struct doc *d, int width, bool alt)
{
	struct layout lo = { 0 };
	struct layout_opts opts = { .width = width, .show_leftovers = alt,
				    .wrap_code = !alt };
	size_t last_off = 0;

	layout_build_opts(&lo, d, &opts);
	for (size_t i = 0; i < lo.n; i++) {
		fuzz_article_line(d, &lo.lines[i], &last_off);
		/* Wrapped code and text never overflow, but a prefix (deep
		 * quotes and lists) may be wider than a narrow window and a
		 * wide character wider than one column. */
		if (opts.wrap_code && width > 1 &&
		    lo.lines[i].prefix_width < width)
			FUZZ_CHECK(lo.lines[i].width <= width);
		fuzz_article_drawn_widths(&lo.lines[i]);
	}
	if (lo.n > 0) {
		size_t row = layout_row_for_off(&lo, d->src_len / 2);

		FUZZ_CHECK(row < lo.n);
	}
	layout_fini(&lo);
}

/* Walk every line of ll from the first; return the place of the last. */
static struct layout_pos
fuzz_article_walk(struct layout_lazy *ll)
{
	struct layout_pos p = layout_lazy_first(ll);

	do
		(void)layout_lazy_line(ll, p);
	while (layout_lazy_move(ll, &p, 1) == 1);
	return p;
}

/* Load the input lazily in small chunks, jump into its middle first (an
 * island, as G does), then walk every line from the first, twice: the
 * first walk parses the last chunk, which lets the tidy pass mark the
 * leftovers and so changes lines already walked; the second walk must
 * end where layout_lazy_last says the document ends. */
static void
fuzz_article_lazy(const char *s, size_t len, int width)
{
	struct doc *d = doc_new_lazy("fuzz.md", s, len, 256);
	struct layout_lazy ll;
	struct layout_opts opts = { .width = width, .wrap_code = true };
	struct layout_pos p;

	tidy_doc(d, fuzz_article_rules());
	layout_lazy_init(&ll, d, &opts);
	p = layout_lazy_at(&ll, len / 2);
	(void)layout_lazy_line(&ll, p);
	(void)fuzz_article_walk(&ll);
	FUZZ_CHECK(doc_is_complete(d));
	p = fuzz_article_walk(&ll);
	FUZZ_CHECK(layout_pos_cmp(p, layout_lazy_last(&ll)) == 0);
	layout_lazy_fini(&ll);
	doc_free(d);
}

/* Check the shown text of the tidied d: clean UTF-8, no longer than all
 * its blocks' texts and a line break between each two. */
static void
fuzz_article_shown(const struct doc *d)
{
	struct buf out;
	size_t most = 0;

	for (size_t i = 0; i < d->n_blocks; i++)
		most += d->blocks[i].text_len + 1;
	buf_init(&out);
	shown_text(d, &out);
	FUZZ_CHECK(out.len <= most);
	FUZZ_CHECK(out.len == 0 || utf8_is_clean(out.data, out.len));
	buf_fini(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int widths[] = { 1, 20, 40, 80, 133 };
	const char *s = (const char *)data;
	struct doc *d = doc_new("fuzz.md", s, size);

	tidy_doc(d, fuzz_article_rules());
	(void)doc_title(d);
	fuzz_article_shown(d);
	/* One column only for small inputs: until the layout is linear
	 * (tests/fuzz/slow/article), a line there holds room for every run
	 * of its block, and a long block takes gigabytes. */
	for (size_t i = size <= FUZZ_ARTICLE_NARROW_MAX ? 0 : 1;
	     i < sizeof widths / sizeof *widths; i++)
		fuzz_article_layout(d, widths[i], i % 2 == 1);
	doc_free(d);
	fuzz_article_lazy(s, size, 40);
	return 0;
}
