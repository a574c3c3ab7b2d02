/* SPDX-License-Identifier: MIT */
/*
 * doc.h: the article model. A document owns its sanitised source text,
 * its front matter, and the blocks that md.c renders from the Markdown
 * body: plain rendered text (no markup) split into runs that carry inline
 * style and their source byte range. Everything a document points to lives
 * in its arena and dies with doc_free.
 *
 * Offsets: "source offset" always means a byte offset into doc->src, the
 * sanitised text. Sanitising is deterministic, so offsets stored in the
 * database stay valid as long as the file does not change.
 */
#ifndef TSUNDOKU_DOC_H
#define TSUNDOKU_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "meta.h"

struct err;

enum doc_block_kind {
	DOC_PARAGRAPH,
	DOC_HEADING,	/* level 1-6 */
	DOC_CODE,	/* preformatted: text keeps its LFs, never wrapped */
	DOC_RULE,	/* horizontal rule: no text */
	DOC_IMAGE,	/* an image alone in its paragraph: text is the alt text */
	DOC_HTML,	/* raw HTML block, shown as text */
	DOC_TABLE_ROW,	/* one table row, cells joined with " | " (basic) */
};

/* Inline style bits of a run. */
enum doc_style {
	DOC_STYLE_STRONG = 1 << 0,
	DOC_STYLE_EMPH = 1 << 1,
	DOC_STYLE_CODE = 1 << 2,
	DOC_STYLE_LINK = 1 << 3,
	DOC_STYLE_STRIKE = 1 << 4,
	DOC_STYLE_IMAGE = 1 << 5,	/* an image placeholder inside text */
};

/* A stretch of a block's rendered text with one style. When src_len equals
 * len the bytes map one to one onto doc->src at src_off; otherwise (a
 * decoded entity, a joined soft break, a placeholder) the whole run stands
 * for src[src_off .. src_off + src_len). */
struct doc_run {
	size_t text_off;	/* into block->text */
	size_t len;		/* bytes of rendered text */
	size_t src_off;		/* into doc->src */
	size_t src_len;		/* bytes of source it came from */
	unsigned style;		/* enum doc_style bits */
	int link;		/* index into doc->links, or -1 */
};

/* What a tidy pass found out about a block (bits). */
enum doc_block_flag {
	DOC_BLOCK_REPEAT = 1 << 0,	/* repeats the header (title, source) */
	DOC_BLOCK_LEFTOVER = 1 << 1,	/* page-interface leftovers at the end */
};

struct doc_block {
	enum doc_block_kind kind;
	unsigned flags;		/* enum doc_block_flag bits; 0 from md.c */
	int level;		/* heading level; 0 for other kinds */
	int quote_depth;	/* number of enclosing block quotes */
	int list_depth;		/* number of enclosing lists */
	const char *marker;	/* list item marker ("• ", "3. ") on the item's
				   first block, else NULL; arena-owned */
	char *text;		/* rendered text, NUL-terminated; arena-owned */
	size_t text_len;	/* bytes */
	struct doc_run *runs;	/* cover text in order, without gaps */
	size_t n_runs;
	size_t src_off;		/* source range of the whole block */
	size_t src_end;
	/* DOC_TABLE_ROW only: the text is the cells joined by " | "; cells[i]
	 * is the text offset where cell i starts (a cell ends where the
	 * separator before the next one starts, the last at text_len). */
	size_t *cells;		/* arena-owned */
	size_t n_cells;
	int table;		/* rows of one table share a number (1, 2...) */
	bool table_header;	/* a header row */
};

struct doc_link {
	char *url;		/* as written (may be empty); arena-owned */
	bool is_image;
};

struct doc {
	char *path;		/* as given; arena-owned */
	char *src;		/* sanitised source, NUL-terminated; arena */
	size_t src_len;
	size_t body_off;	/* first byte after the front matter */
	struct meta meta;
	struct doc_block *blocks;	/* arena-owned array */
	size_t n_blocks;
	struct doc_link *links;		/* arena-owned array */
	size_t n_links;
	char **warnings;	/* translated messages (broken front matter,
				   invalid UTF-8 replaced, ...); arena */
	size_t n_warnings;
	struct arena arena;
};

/* Read the file at path and build its document in *out. Fails only when
 * the file cannot be read (missing, unreadable, a directory, larger than
 * DOC_MAX_SIZE); content problems become warnings. The caller frees *out
 * with doc_free. */
#define DOC_MAX_SIZE ((size_t)512 * 1024 * 1024)
bool doc_load(const char *path, struct doc **out, struct err *err);

/* Build a document from raw bytes in memory (tests, benchmarks); path is
 * only used for the fallback title. Never fails. */
struct doc *doc_new(const char *path, const char *raw, size_t len);

/* Free d and everything it owns; NULL is allowed. */
void doc_free(struct doc *d);

/* Return the title to show: the front matter's, else the first heading's
 * text, else the file name without directories. Never NULL. */
const char *doc_title(const struct doc *d);

/* Add a formatted, already translated warning to d. */
void doc_warn(struct doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
