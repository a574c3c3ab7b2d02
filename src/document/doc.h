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
#include <stdint.h>

#include "base/arena.h"
#include "document/meta.h"

struct doc_cut;
struct err;
struct inflight;

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
	DOC_STYLE_MARK = 1 << 6,	/* text md.c made up around the article's:
					   a link's "[3]", an image's "[image 3: "
					   and "]"; never part of a link's text */
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
	int indent;		/* columns the text of the enclosing list
				   items is indented by: the sum of their
				   markers' widths */
	size_t list_top;	/* identifies the outermost enclosing list
				   (its start offset + 1); 0 outside lists */
	bool list_loose;	/* the innermost enclosing list is loose: its
				   items are separated by blank lines */
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

/* How far a chunk of the body is parsed (see "Lazy documents" below). */
enum doc_chunk_state {
	DOC_CHUNK_NEW,		/* not parsed */
	DOC_CHUNK_ISLAND,	/* parsed ahead of the chunks before it */
	DOC_CHUNK_DONE,		/* parsed in order: its blocks are in d->blocks */
};

/* A stretch of the body made of whole blocks. */
struct doc_chunk {
	size_t start;		/* source range [start, end); the first chunk */
	size_t end;		/* starts at 0, the last ends at src_len */
	enum doc_chunk_state state;
	size_t first;		/* DONE: index of its first block in d->blocks */
	size_t n_blocks;	/* blocks, once parsed */
	struct doc_block *blocks;	/* ISLAND: its blocks (arena) */
	struct doc_link *links;		/* ISLAND: the links its runs index */
	size_t n_links;			/* links, once parsed */
	unsigned version;	/* changes whenever the chunk is parsed */
};

struct doc {
	char *path;		/* as given; arena-owned */
	char *src;		/* sanitised source, NUL-terminated: as far
				   as the cut has gone (doc_cut_offset), the
				   rest once it is cut; heap (src_owned) */
	size_t src_len;
	size_t body_off;	/* first byte after the front matter */
	struct meta meta;
	const char *author;	/* the author the header shows, as a byline
				   at the top of the body names them (set
				   by tidy_doc); NULL: none; arena */
	const uint64_t *chrome;	/* hashes of the blocks learned as the
				   site's chrome (chrome.h), sorted; set
				   with doc_set_chrome before tidy_doc */
	size_t n_chrome;
	struct doc_block *blocks;	/* heap array: the blocks of the DONE
					   chunks, in document order */
	size_t n_blocks;
	struct doc_link *links;		/* heap array, likewise */
	size_t n_links;
	char **warnings;	/* translated messages (broken front matter,
				   invalid UTF-8 replaced, ...); arena */
	size_t n_warnings;
	struct doc_chunk *chunks;	/* heap array, in source order */
	size_t n_chunks;		/* cut so far, at least 1 */
	struct doc_cut *cut;		/* the cutting pass, NULL when done */
	size_t n_done;			/* chunks [0, n_done) are DONE */
	size_t cap_blocks;		/* allocated */
	size_t cap_links;
	int n_tables;			/* tables in the DONE chunks */
	size_t md_off;			/* where the Markdown starts */
	char *src_owned;		/* the heap source, to free */
	void (*on_last)(struct doc *, const void *);	/* see doc_on_last */
	const void *on_last_ctx;
	struct inflight *inflight;	/* records the parses (doc_watch);
					   NULL: none */
	size_t inflight_slot;
	int inflight_depth;		/* calls that entered the slot */
	bool plain;			/* doc_new_plain: lines, nothing
					   parsed */
	const char *meta_problem;	/* why the front matter could not
					   be read (its warning); NULL:
					   read, or there is none */
	struct arena arena;
};

/*
 * Lazy documents. The body is cut into chunks of whole blocks, each at
 * least DOC_CHUNK_SIZE bytes: a cut falls at the start of a line that
 * follows a blank line outside code fences and HTML blocks, and that
 * starts at the margin without being a list item, so that a chunk parses
 * alone as it would inside the whole body (but a reference definition is
 * seen only inside its own chunk). doc_load and doc_new parse everything
 * at once, as one chunk (but for the cuts every parse makes in a
 * paragraph of thousands of lines with links, which md4c 0.4.8 takes
 * quadratic time over). doc_load_lazy and doc_new_lazy do nothing more
 * than the front matter: the source is checked (and sanitised from the
 * first line that needs it, which may change src and src_len) and cut as
 * far as something asks for, and chunks are parsed when asked for:
 *  - in order (the chunk after the last DONE one): DONE, its blocks and
 *    links appended to d->blocks and d->links, numbered as a whole parse
 *    numbers them;
 *  - out of order (G, a jump to 80%): ISLAND, its blocks and links kept
 *    apart, links followed by "[?]" as their numbers are not known yet.
 *    When the chunks before it are parsed, it is parsed again as DONE,
 *    its block flags carried over (doc_parse_chunk does that too).
 * d->blocks and d->links hold the DONE chunks only: code that needs the
 * whole article (search, the link list, the outline) calls doc_parse_all
 * first.
 */
#define DOC_CHUNK_SIZE ((size_t)32 * 1024)

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

/* Make a document that shows the text of raw[0..len), sanitised, as it
 * is: each line that is not blank a paragraph of plain text, nothing
 * parsed (no front matter, no Markdown, no tidy pass), one chunk, plain
 * set. The way to show a quarantined file, which once crashed the
 * parser (HACKING.md, "Quarantine"). Never fails. */
struct doc *doc_new_plain(const char *path, const char *raw, size_t len);

/* As doc_load, reading the file as doc_new_plain shows it. */
bool doc_load_plain(const char *path, struct doc **out, struct err *err);

/* Record every parse of d's text from now on (cutting, sanitising,
 * Markdown, the on_last function) in slot of the in-flight record f,
 * which must outlive d (inflight.h): a lazy document is parsed as it is
 * read, long after it was loaded. */
void doc_watch(struct doc *d, struct inflight *f, size_t slot);

/* Return the title to show: the front matter's, else the text of the
 * first heading in the first chunk (once parsed), else the file name
 * without directories. Never NULL. */
const char *doc_title(const struct doc *d);

/* Give d the n hashes of its site's learned chrome (chrome.h); they are
 * copied and sorted. */
void doc_set_chrome(struct doc *d, const uint64_t *hashes, size_t n);

/* Add a formatted, already translated warning to d. */
void doc_warn(struct doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* As doc_load, lazily (see above): only the front matter is read and
 * parsed; the rest is read, cut and parsed as it is asked for. */
bool doc_load_lazy(const char *path, struct doc **out, struct err *err);

/* As doc_new, lazily, with chunks of at least chunk_size bytes (0: the
 * default DOC_CHUNK_SIZE). */
struct doc *doc_new_lazy(const char *path, const char *raw, size_t len,
			 size_t chunk_size);

/* Return true when chunk i exists, cutting as far as needed to know. */
bool doc_chunk_known(struct doc *d, size_t i);

/* Cut the whole source and return the number of chunks. */
size_t doc_chunk_count(struct doc *d);

/* Return how far the cut has gone: the source before is checked and
 * cut; src_len when the cut is over. */
size_t doc_cut_offset(const struct doc *d);

/* Return the index of the chunk holding source offset off (the last one
 * for off >= src_len), cutting as far as needed. */
size_t doc_chunk_at(struct doc *d, size_t off);

/* Parse chunk i, if it exists: DONE when the chunks before it are DONE
 * (an ISLAND is parsed again then), else an ISLAND unless parsed. */
void doc_parse_chunk(struct doc *d, size_t i);

/* Parse chunks in order until chunk i (or the last one) is DONE. */
void doc_parse_upto(struct doc *d, size_t i);

/* Parse every chunk in order: then d->blocks and d->links hold the whole
 * article, numbered. */
void doc_parse_all(struct doc *d);

/* Call fn(d, ctx) once the last chunk is parsed (now, if it is), then
 * forget it; ctx must live as long as d. A chunk whose blocks' flags fn
 * changes gets a new version. */
void doc_on_last(struct doc *d, void (*fn)(struct doc *, const void *),
		 const void *ctx);

/* Return true when every chunk is DONE. */
bool doc_is_complete(const struct doc *d);

/* Return the blocks of parsed chunk i and their number in *n. They stay
 * valid until the next parse (d->blocks may move). */
struct doc_block *doc_chunk_blocks(const struct doc *d, size_t i, size_t *n);

/* Fill *view with a shallow copy of d that shows only parsed chunk i's
 * blocks and the links they index, for reading and for setting block
 * flags; never allocate through it, never free it. */
void doc_chunk_view(const struct doc *d, size_t i, struct doc *view);

#endif
