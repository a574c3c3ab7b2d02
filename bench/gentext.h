/* SPDX-License-Identifier: MIT */
/*
 * gentext.h: a deterministic generator of saved articles for the
 * benchmarks. An article is front matter (title, url, source, date,
 * fetch_date) and a Markdown body the way HTML-to-Markdown converters write
 * WeChat pages: the title repeated as headings, images alone in their
 * paragraphs, Chinese paragraphs without spaces and with full-width
 * punctuation, English and mixed paragraphs, bold, links, lists, a table, a
 * code block, and the page's interface leftovers at the end.
 *
 * Text comes from a fixed vocabulary and an xorshift64* generator, so the
 * same kind, size and seed give the same bytes on every machine. The module
 * is self-contained (libc only): bench/gen links nothing of the project.
 */
#ifndef TSUNDOKU_BENCH_GENTEXT_H
#define TSUNDOKU_BENCH_GENTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum gentext_kind {
	GENTEXT_ZH,	/* Chinese paragraphs, a few Latin terms inside */
	GENTEXT_MIXED,	/* Chinese, English and mixed paragraphs */
	GENTEXT_EN,	/* English paragraphs; Chinese only in the leftovers */
};

/* The largest size gentext_article accepts (1 GB). */
#define GENTEXT_MAX_SIZE ((size_t)1000 * 1000 * 1000)

/* Set *kind from its name ("zh", "mixed" or "en"); return false for any
 * other name. */
bool gentext_kind_parse(const char *name, enum gentext_kind *kind);

/* Return the name of kind ("zh", "mixed" or "en"). */
const char *gentext_kind_name(enum gentext_kind kind);

/* Return a malloc'd, NUL-terminated article of exactly size bytes and set
 * *len to its length. An article always has its front matter, header
 * blocks and leftovers (about 1.5 KB): below that, the article is that
 * minimum and longer than size. Return NULL when memory runs out or size
 * exceeds GENTEXT_MAX_SIZE. The caller frees the result. */
char *gentext_article(enum gentext_kind kind, size_t size, uint64_t seed,
		      size_t *len);

/* What an article of a generated archive (gen --archive) has that a
 * lone one does not: a source from the archive's pool, dates the archive
 * spreads over years, a url unique in the archive, more front-matter
 * keys (author, tags, description: each in some articles only), and the
 * words of the search benchmark's queries at fixed rates: 量子计算 (some
 * of them as **量子**计算), kernel and Kernel, full-width ｋｅｒｎｅｌ, and
 * 内核调度 (some as **内核**调度, a term across bold markup). Strings are
 * borrowed for the call. */
struct gentext_meta {
	const char *source;	/* the account name */
	const char *date;	/* publication date, "YYYY-MM-DD" */
	const char *fetch_date;	/* when saved, "YYYY-MM-DDTHH:MM:SS.ffffff" */
	uint64_t serial;	/* unique in the archive; part of the url */
};

/* Like gentext_article, with the front matter and query words of an
 * archive's article described by m. The same arguments give the same
 * bytes; gentext_article's output does not change because of this. */
char *gentext_archive_article(enum gentext_kind kind, size_t size,
			      uint64_t seed, const struct gentext_meta *m,
			      size_t *len);

#endif
