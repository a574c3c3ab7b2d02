/* SPDX-License-Identifier: MIT */
/*
 * md.c: md4c callbacks into blocks and runs that keep their source ranges.
 *
 * Kept linear in the article whatever its shape (test_stress.c): a big
 * leaf's heap array of runs is handed to the document (arena_own), not
 * copied; a link address used over and over is kept once per chunk; a
 * table cell is added only when text comes into it, so the empty cells
 * md4c pads short rows with are dropped, and md4c is stopped once it has
 * reported 8 cells per byte. What md4c itself is slow on, and how doc.c
 * cuts around it, is in doc.c.
 */
#include "config.h"
#include "document/md.h"

#include <assert.h>
#include <limits.h>
#include <md4c.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/i18n.h"
#include "text/utf8.h"
#include "base/xmem.h"

/*
 * md4c reports blocks, spans and text through callbacks. Container blocks
 * (quotes, lists, items) only change depths and the pending list marker;
 * leaf blocks (paragraphs, headings, code, HTML, table rows, rules) collect
 * text and runs in struct md_leaf and become one doc_block when they end.
 * Tight list items carry text without a paragraph: the first text opens an
 * implicit one.
 *
 * Source offsets: md4c's NORMAL, CODE, ENTITY and HTML text points into
 * the input, so the offset is the pointer minus d->src. Static strings (the
 * newlines of code and HTML blocks, the indentation md4c expands) are found
 * at the cursor when the source has the same bytes there; anything else is
 * synthesized text with src_len 0. The cursor (src_pos) is the end of the
 * furthest source byte accounted for; md4c reports text in source order.
 */

/* Table cells md4c may report per byte of a chunk, plus a slack, before
 * it is stopped (see md_enter_td). A real cell takes at least one byte
 * (its "|"); padding of short rows is the rest. */
#define MD_CELLS_PER_BYTE 8
#define MD_CELLS_SLACK ((size_t)1 << 16)

/* The number of bits in enum doc_style. */
#define MD_STYLE_BITS 6

/* The formats of an image's marker: number unknown or known, with
 * alt text or without (md_image_marker). */
#define MD_IMAGE_FORMATS 4

/* A list being rendered: how its item markers look. */
struct md_list {
	bool ordered;
	bool tight;		/* items not separated by blank lines */
	unsigned next;		/* number of the next ordered item */
	char delim;		/* '.' or ')' */
	int item_width;		/* columns of the current item's marker */
	size_t top;		/* the outermost list's start offset + 1 */
};

/* The leaf block being built. */
struct md_leaf {
	bool open;
	enum doc_block_kind kind;
	int level;
	bool keep_empty;	/* an empty list item: keep it for its marker */
	struct buf text;
	struct doc_run *runs;	/* heap, reused from block to block */
	size_t n_runs;
	size_t cap_runs;
	size_t src_lo;		/* source range seen so far, if has_src */
	size_t src_hi;
	bool has_src;
	int n_images;		/* outermost images in the block */
	bool outside_text;	/* text outside any image */
	bool space_after;	/* an image marker waits for a space before
				   the next text */
	int n_cells;		/* table cells so far in this row */
	size_t pending_cells;	/* cells entered since the row's last text,
				   added when text follows: trailing empty
				   cells (md4c pads a short row to the
				   header's width) are dropped */
	size_t *cells;		/* heap: text offset of each cell's start */
	size_t cap_cells;
	bool softbreak;		/* a soft break waits for the next text */
	size_t softbreak_off;
	size_t col_off;		/* code blocks: text offset where col holds */
	int col;
};

/* A link address already in the document's arena. */
struct md_url {
	const char *url;	/* NULL: a free slot */
	size_t len;
	uint64_t hash;
};

/* Everything md_render_chunk keeps while md4c runs. */
struct md_state {
	struct doc *d;
	struct md_leaf leaf;
	struct doc_block *blocks;	/* heap; copied to the arena at the end */
	size_t n_blocks;
	size_t cap_blocks;
	struct doc_link *links;		/* heap; likewise */
	size_t n_links;
	size_t cap_links;
	struct md_url *urls;		/* heap, open addressing: each distinct
					   address once (a reference used a
					   million times is one copy) */
	size_t n_urls;
	size_t cap_urls;		/* a power of two, or 0 */
	struct md_list *lists;		/* enclosing lists, innermost last */
	size_t n_lists;
	size_t cap_lists;
	int *link_stack;		/* enclosing links and images */
	size_t n_link_stack;
	size_t cap_link_stack;
	int quote_depth;
	const char *marker;		/* marker for the next item block */
	int style_count[MD_STYLE_BITS];	/* open spans per enum doc_style bit */
	unsigned style;			/* the bits whose count is above 0 */
	int span_open[MD_SPAN_U + 1];	/* open spans per md4c span type */
	int img_depth;
	size_t img_start;		/* outermost image: source start */
	size_t img_text_len;		/* leaf text length when it began */
	size_t img_n_runs;		/* leaf runs when it began */
	int a_nested;			/* links opened inside a link's text
					   (autolinks) and ignored */
	size_t src_pos;			/* the cursor, see above */
	struct buf scratch;		/* decoded entities */
	struct buf url;			/* the address of the link entered */
	int n_tables;			/* tables so far */
	bool in_thead;			/* inside a table's header rows */
	size_t link_base;		/* document index of the first link */
	size_t cell_budget;		/* table cells md4c may still report */
	bool aborted;			/* the budget ran out: stop md4c */
	bool unnumbered;		/* link numbers unknown: "[?]" */
	const char *image_fmt[MD_IMAGE_FORMATS]; /* translated when the
					   first image comes, NULL before */
};

/* Styles of md4c's spans; 0 for those shown as plain text. */
static const unsigned md_span_style[] = {
	[MD_SPAN_EM] = DOC_STYLE_EMPH,
	[MD_SPAN_STRONG] = DOC_STYLE_STRONG,
	[MD_SPAN_A] = DOC_STYLE_LINK,
	[MD_SPAN_IMG] = DOC_STYLE_IMAGE,
	[MD_SPAN_CODE] = DOC_STYLE_CODE,
	[MD_SPAN_DEL] = DOC_STYLE_STRIKE,
	[MD_SPAN_LATEXMATH] = DOC_STYLE_CODE,
	[MD_SPAN_LATEXMATH_DISPLAY] = DOC_STYLE_CODE,
	[MD_SPAN_WIKILINK] = 0,
	[MD_SPAN_U] = DOC_STYLE_EMPH,
};

/* Named character references that HTML-to-Markdown converters leave
 * behind; others stay as written. Sorted by name for bsearch. */
static const struct md_entity {
	const char *name;
	const char *text;
} md_entities[] = {
	{ "amp", "&" }, { "apos", "'" }, { "bull", "•" }, { "cent", "¢" },
	{ "copy", "©" }, { "deg", "°" }, { "divide", "÷" },
	{ "emsp", "\xe2\x80\x83" }, { "ensp", "\xe2\x80\x82" }, { "euro", "€" },
	{ "gt", ">" }, { "hellip", "…" }, { "laquo", "«" }, { "ldquo", "“" },
	{ "lsquo", "‘" }, { "lt", "<" }, { "mdash", "—" }, { "middot", "·" },
	{ "nbsp", "\xc2\xa0" }, { "ndash", "–" }, { "para", "¶" },
	{ "plusmn", "±" }, { "pound", "£" }, { "quot", "\"" }, { "raquo", "»" },
	{ "rdquo", "”" }, { "reg", "®" }, { "rsquo", "’" }, { "sect", "§" },
	{ "thinsp", "\xe2\x80\x89" }, { "times", "×" }, { "trade", "™" },
	{ "yen", "¥" }, { "zwj", "\xe2\x80\x8d" }, { "zwnj", "\xe2\x80\x8c" },
};

/* Return the heap array p of size-byte elements with room for n + 1. */
static void *
md_grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? 2 * *cap : 16;
	return xreallocarray(p, *cap, size);
}

/* Return the style bit of an md4c span type, 0 when it has none. */
static unsigned
md_span_bits(MD_SPANTYPE type)
{
	size_t n = sizeof md_span_style / sizeof md_span_style[0];

	return (size_t)type < n ? md_span_style[type] : 0;
}

/* Return the style bits of the spans open now. */
static unsigned
md_style(const struct md_state *st)
{
	return st->style;
}

/* Count a span of style bits (at most one bit) opening (+1) or closing,
 * and keep st->style, asked for every run, up to date. */
static void
md_style_add(struct md_state *st, unsigned bits, int delta)
{
	for (unsigned i = 0; i < MD_STYLE_BITS; i++)
		if (bits == 1u << i) {
			st->style_count[i] += delta;
			if (st->style_count[i] > 0)
				st->style |= bits;
			else
				st->style &= ~bits;
		}
}

/* Return the index of the innermost enclosing link or image, or -1. */
static int
md_link(const struct md_state *st)
{
	return st->n_link_stack > 0 ? st->link_stack[st->n_link_stack - 1] : -1;
}

/* Return the code point that ends s[0..len), or 0 for empty text. */
static uint32_t
md_last_cp(const char *s, size_t len)
{
	size_t i = len;
	uint32_t cp = 0;

	if (len == 0)
		return 0;
	while (--i > 0 && len - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
		;
	if (utf8_decode(s + i, len - i, &cp) != len - i)
		cp = 0xFFFD;
	return cp;
}

static void md_close_leaf(struct md_state *st);
static void md_add_cells(struct md_state *st, size_t n);

/* Start a new leaf block of kind, closing the open one. */
static void
md_open_leaf(struct md_state *st, enum doc_block_kind kind, int level)
{
	struct md_leaf *l = &st->leaf;

	md_close_leaf(st);
	buf_clear(&l->text);
	l->open = true;
	l->kind = kind;
	l->level = level;
	l->keep_empty = false;
	l->n_runs = 0;
	l->has_src = false;
	l->n_images = 0;
	l->outside_text = false;
	l->space_after = false;
	l->n_cells = 0;
	l->pending_cells = 0;
	l->softbreak = false;
	l->col_off = 0;
	l->col = 0;
}

/* Widen the open leaf's source range to include [off, end). */
static void
md_leaf_extend(struct md_state *st, size_t off, size_t end)
{
	struct md_leaf *l = &st->leaf;

	if (!l->has_src || off < l->src_lo)
		l->src_lo = off;
	if (!l->has_src || end > l->src_hi)
		l->src_hi = end;
	l->has_src = true;
	if (end > st->src_pos)
		st->src_pos = end;
}

/* Append a run, merging it into the previous one when both map one to one
 * onto adjacent source bytes with the same style and link. */
static void
md_add_run(struct md_leaf *l, const struct doc_run *r)
{
	struct doc_run *prev = l->n_runs > 0 ? &l->runs[l->n_runs - 1] : NULL;

	if (prev != NULL && prev->style == r->style && prev->link == r->link &&
	    prev->src_len == prev->len && r->src_len == r->len &&
	    prev->src_off + prev->src_len == r->src_off &&
	    prev->text_off + prev->len == r->text_off) {
		prev->len += r->len;
		prev->src_len += r->src_len;
		return;
	}
	l->runs = md_grow(l->runs, &l->cap_runs, l->n_runs, sizeof *l->runs);
	l->runs[l->n_runs++] = *r;
}

/* Emit a soft break waiting before text s[0..len): nothing between two
 * CJK characters, else one space standing for the line end. */
static void
md_resolve_softbreak(struct md_state *st, const char *s, size_t len)
{
	struct md_leaf *l = &st->leaf;
	uint32_t before, after = 0;

	if (!l->softbreak)
		return;
	before = md_last_cp(l->text.data, l->text.len);
	l->softbreak = false;
	utf8_decode(s, len, &after);
	if (utf8_is_cjk(before) && utf8_is_cjk(after))
		return;
	struct doc_run r = {
		.text_off = l->text.len, .len = 1,
		.src_off = l->softbreak_off, .src_len = 0,
		.style = md_style(st), .link = md_link(st),
	};
	md_add_run(l, &r);
	buf_addc(&l->text, ' ');
}

/* Return true when the leaf's text is empty or ends with white space. */
static bool
md_leaf_ends_blank(const struct md_leaf *l)
{
	char c = l->text.len > 0 ? l->text.data[l->text.len - 1] : ' ';

	return c == ' ' || c == '\n';
}

/* Append text s[0..len) standing for src[src_off .. src_off + src_len),
 * with style and link, to the leaf, opening an implicit paragraph when
 * none is open. */
static void
md_emit_run(struct md_state *st, const char *s, size_t len, size_t src_off,
	    size_t src_len, unsigned style, int link)
{
	struct md_leaf *l = &st->leaf;

	if (len == 0)
		return;
	if (!l->open)
		md_open_leaf(st, DOC_PARAGRAPH, 0);
	if (l->pending_cells > 0)
		md_add_cells(st, l->pending_cells);
	md_resolve_softbreak(st, s, len);
	if (st->img_depth == 0)
		l->outside_text = true;
	if (l->space_after && st->img_depth == 0) {
		/* An image marker and the text after it are kept apart. */
		l->space_after = false;
		if (!md_leaf_ends_blank(l) && s[0] != ' ' && s[0] != '\n')
			md_emit_run(st, " ", 1, src_off, 0, 0, -1);
	}
	struct doc_run r = {
		.text_off = l->text.len, .len = len,
		.src_off = src_off, .src_len = src_len,
		.style = style, .link = link,
	};
	md_add_run(l, &r);
	buf_add(&l->text, s, len);
	md_leaf_extend(st, src_off, src_off + src_len);
}

/* Append text s[0..len) standing for src[src_off .. src_off + src_len) to
 * the leaf in the style of the spans open now. */
static void
md_emit(struct md_state *st, const char *s, size_t len, size_t src_off,
	size_t src_len)
{
	md_emit_run(st, s, len, src_off, src_len, md_style(st), md_link(st));
}

/* Append made-up text (a link number, an image marker) standing for
 * src[src_off .. src_off + src_len), in the style of the spans open now
 * plus DOC_STYLE_MARK. */
static void
md_emit_mark(struct md_state *st, const char *s, size_t len, size_t src_off,
	     size_t src_len)
{
	md_emit_run(st, s, len, src_off, src_len,
		    md_style(st) | DOC_STYLE_MARK, md_link(st));
}

/* Emit text s[0..len) that replaces the different source bytes at
 * src[src_off .. src_off + src_len) (an entity, a TAB, an image). Equal
 * lengths would claim a byte-for-byte match, so then the run stands for
 * src_off alone. */
static void
md_emit_subst(struct md_state *st, const char *s, size_t len, size_t src_off,
	      size_t src_len)
{
	if (src_len == len && memcmp(s, st->d->src + src_off, len) != 0)
		src_len = 0;
	md_emit(st, s, len, src_off, src_len);
}

/* Emit synthesized text standing for the cursor position. */
static void
md_emit_synth(struct md_state *st, const char *s, size_t len)
{
	md_emit(st, s, len, st->src_pos, 0);
}

/* Find md4c's text s[0..len) in the source: store its offset in *off and
 * return true, or store the cursor and return false. */
static bool
md_locate(const struct md_state *st, const char *s, size_t len, size_t *off)
{
	const struct doc *d = st->d;

	if (s >= d->src && s <= d->src + d->src_len &&
	    len <= (size_t)(d->src + d->src_len - s)) {
		*off = (size_t)(s - d->src);
		return true;
	}
	*off = st->src_pos;
	return len > 0 && len <= d->src_len - st->src_pos &&
	       memcmp(d->src + st->src_pos, s, len) == 0;
}

/* Return the column of the end of the leaf's text so far (from its last
 * line break), tracking it incrementally from where it was last known. */
static int
md_code_col(struct md_leaf *l)
{
	const char *t = l->text.data ? l->text.data : "";

	for (size_t i = l->text.len; i > l->col_off; i--)
		if (t[i - 1] == '\n') {
			l->col_off = i;
			l->col = 0;
			break;
		}
	l->col += utf8_width(t + l->col_off, l->text.len - l->col_off);
	l->col_off = l->text.len;
	return l->col;
}

/* Emit text found in the source as it stands. */
static void
md_emit_found(struct md_state *st, const char *s, size_t len)
{
	size_t off;
	bool found = md_locate(st, s, len, &off);

	md_emit(st, s, len, off, found ? len : 0);
}

/* Emit text s[0..len) from the source; each TAB becomes spaces up to the
 * next multiple of four columns, a run standing for the TAB, since a TAB
 * has no width a terminal cell could show. */
static void
md_emit_text(struct md_state *st, const char *s, size_t len)
{
	const char *tab;

	while ((tab = memchr(s, '\t', len)) != NULL) {
		size_t off, before = (size_t)(tab - s);
		md_emit_found(st, s, before);
		if (!st->leaf.open)
			md_open_leaf(st, DOC_PARAGRAPH, 0);
		bool found = md_locate(st, tab, 1, &off);
		int n = 4 - md_code_col(&st->leaf) % 4;
		md_emit_subst(st, "    ", (size_t)n, off, found ? 1 : 0);
		s = tab + 1;
		len -= before + 1;
	}
	md_emit_found(st, s, len);
}

/* Emit normal text, dropping runs of two or more '*' that md4c left
 * literal: converters write empty or doubled markers ("****",
 * "**a：****b**") that no reader wants to see. */
static void
md_text_normal(struct md_state *st, const char *s, size_t len)
{
	size_t start = 0, i = 0;

	while (i < len) {
		const char *star = memchr(s + i, '*', len - i);
		if (star == NULL)
			break;
		i = (size_t)(star - s);
		if (i + 1 == len || s[i + 1] != '*') {
			i++;
			continue;
		}
		md_emit_text(st, s + start, i - start);
		const struct buf *t = &st->leaf.text;
		bool space_before = t->len > 0 && t->data[t->len - 1] == ' ';
		while (i < len && s[i] == '*')
			i++;
		if (space_before && i < len && s[i] == ' ')
			i++;	/* "a **** b" reads "a b", not "a  b" */
		start = i;
	}
	md_emit_text(st, s + start, len - start);
}

/* Emit U+FFFD for a NUL in the input. */
static void
md_text_nullchar(struct md_state *st, const char *s, size_t len)
{
	size_t off;
	bool found = md_locate(st, s, len, &off);

	md_emit_subst(st, "\xef\xbf\xbd", 3, off, found ? len : 0);
}

/* Emit a hard line break as an LF, which wrapping keeps. */
static void
md_text_br(struct md_state *st, const char *s, size_t len)
{
	(void)s;
	(void)len;
	st->leaf.softbreak = false;
	md_emit_synth(st, "\n", 1);
}

/* Remember a soft line break; the next text decides what it becomes. */
static void
md_text_softbr(struct md_state *st, const char *s, size_t len)
{
	(void)s;
	(void)len;
	if (st->leaf.text.len == 0)
		return;
	st->leaf.softbreak = true;
	st->leaf.softbreak_off = st->src_pos;
}

/* Return the code point of the numeric reference "&#...;" in s[0..len),
 * U+FFFD when it names none that text may hold. */
static uint32_t
md_entity_number(const char *s, size_t len)
{
	bool hex = len > 3 && (s[2] == 'x' || s[2] == 'X');
	uint32_t cp = 0;

	for (size_t i = hex ? 3 : 2; i + 1 < len && cp <= 0x10FFFF; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
		cp = cp * (hex ? 16 : 10) + digit;
	}
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	return cp;
}

/* Compare an entity name with a table entry, for bsearch. */
static int
md_entity_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct md_entity *)elem)->name);
}

/* Decode the character reference s[0..len) ("&amp;", "&#20013;") into
 * out; return false, leaving out alone, for names not in the table. */
static bool
md_entity_decode(const char *s, size_t len, struct buf *out)
{
	struct buf raw;

	if (len < 3 || s[0] != '&' || s[len - 1] != ';')
		return false;
	buf_init(&raw);
	if (s[1] == '#') {
		utf8_encode(md_entity_number(s, len), &raw);
	} else {
		char *name = xstrndup(s + 1, len - 2);
		const struct md_entity *e = bsearch(name, md_entities,
			sizeof md_entities / sizeof md_entities[0],
			sizeof md_entities[0], md_entity_cmp);
		free(name);
		if (e != NULL)
			buf_adds(&raw, e->text);
	}
	if (raw.len > 0)
		utf8_sanitize(raw.data, raw.len, out);	/* &#27; -> visible */
	bool ok = raw.len > 0;
	buf_fini(&raw);
	return ok;
}

/* Emit an entity decoded, standing for its source text; unknown names
 * stay as written. */
static void
md_text_entity(struct md_state *st, const char *s, size_t len)
{
	size_t off;
	bool found = md_locate(st, s, len, &off);

	buf_clear(&st->scratch);
	if (!md_entity_decode(s, len, &st->scratch)) {
		md_emit_text(st, s, len);
		return;
	}
	md_emit_subst(st, st->scratch.data, st->scratch.len, off,
		      found ? len : 0);
}



/* Handlers of md4c's text types. */
static void (*const md_text_handlers[])(struct md_state *, const char *,
					size_t) = {
	[MD_TEXT_NORMAL] = md_text_normal,
	[MD_TEXT_NULLCHAR] = md_text_nullchar,
	[MD_TEXT_BR] = md_text_br,
	[MD_TEXT_SOFTBR] = md_text_softbr,
	[MD_TEXT_ENTITY] = md_text_entity,
	[MD_TEXT_CODE] = md_emit_text,
	[MD_TEXT_HTML] = md_emit_text,		/* raw HTML shown as text */
	[MD_TEXT_LATEXMATH] = md_emit_text,
};

/* md4c callback: dispatch text by type. */
static int
md_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE len, void *userdata)
{
	size_t n = sizeof md_text_handlers / sizeof md_text_handlers[0];

	if ((size_t)type < n && md_text_handlers[type] != NULL)
		md_text_handlers[type](userdata, s, len);
	return 0;
}

/* Append to out the attribute attr (a URL) with its entities decoded. */
static void
md_attr_text(const MD_ATTRIBUTE *attr, struct buf *out)
{
	if (attr->text == NULL)
		return;
	for (size_t i = 0; attr->substr_offsets[i] < attr->size; i++) {
		const char *s = attr->text + attr->substr_offsets[i];
		size_t len = attr->substr_offsets[i + 1] -
			     attr->substr_offsets[i];
		if (attr->substr_types[i] == MD_TEXT_NULLCHAR)
			buf_adds(out, "\xef\xbf\xbd");
		else if (attr->substr_types[i] != MD_TEXT_ENTITY ||
			 !md_entity_decode(s, len, out))
			buf_add(out, s, len);
	}
}

/* Return the FNV-1a hash of s[0..len). */
static uint64_t
md_hash(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

/* Return the slot of url s[0..len) (hash h) in st->urls: its own, or the
 * free one it would take. */
static struct md_url *
md_url_slot(struct md_url *urls, size_t cap, const char *s, size_t len,
	    uint64_t h)
{
	for (size_t i = (size_t)h & (cap - 1);; i = (i + 1) & (cap - 1))
		if (urls[i].url == NULL || (urls[i].hash == h &&
		    urls[i].len == len && memcmp(urls[i].url, s, len) == 0))
			return &urls[i];
}

/* Return the arena copy of url s[0..len), made once per chunk: a link
 * reference definition with a long address used over and over would
 * otherwise be copied for every use, quadratic in the input. */
static const char *
md_intern_url(struct md_state *st, const char *s, size_t len)
{
	uint64_t h = md_hash(s, len);

	if (2 * (st->n_urls + 1) > st->cap_urls) {	/* keep it half empty */
		size_t cap = st->cap_urls ? 2 * st->cap_urls : 64;
		struct md_url *urls = xcalloc(cap, sizeof *urls);
		for (size_t i = 0; i < st->cap_urls; i++)
			if (st->urls[i].url != NULL)
				*md_url_slot(urls, cap, st->urls[i].url,
					     st->urls[i].len,
					     st->urls[i].hash) = st->urls[i];
		free(st->urls);
		st->urls = urls;
		st->cap_urls = cap;
	}
	struct md_url *u = md_url_slot(st->urls, st->cap_urls, s, len, h);
	if (u->url == NULL) {
		*u = (struct md_url){
			.url = arena_strndup(&st->d->arena, s, len),
			.len = len, .hash = h,
		};
		st->n_urls++;
	}
	return u->url;
}

/* Add a link (or image) to the table, make it the innermost, and return
 * its index in the document. */
static int
md_push_link(struct md_state *st, const MD_ATTRIBUTE *url, bool is_image)
{
	struct buf *b = &st->url;

	buf_clear(b);
	md_attr_text(url, b);
	st->links = md_grow(st->links, &st->cap_links, st->n_links,
			    sizeof *st->links);
	st->links[st->n_links].url = (char *)md_intern_url(st, buf_str(b),
							   b->len);
	st->links[st->n_links].is_image = is_image;
	int index = (int)(st->link_base + st->n_links++);
	st->link_stack = md_grow(st->link_stack, &st->cap_link_stack,
				 st->n_link_stack, sizeof *st->link_stack);
	st->link_stack[st->n_link_stack++] = index;
	return index;
}

/* Return where the image md4c just entered starts in the source: the next
 * "![" at or after the cursor (everything in between is markup). */
static size_t
md_image_start(const struct md_state *st)
{
	const char *s = st->d->src;
	size_t n = st->d->src_len;

	for (size_t i = st->src_pos; i + 1 < n; i++) {
		const char *p = memchr(s + i, '!', n - 1 - i);
		if (p == NULL)
			break;
		i = (size_t)(p - s);
		if (p[1] == '[')
			return i;
	}
	return st->src_pos;
}

/* Return true when the address at source offset url directly follows the
 * alt text ending at e (a reference definition lies elsewhere). */
static bool
md_image_url_follows(const char *s, size_t e, size_t url)
{
	if (url < e)
		return false;
	for (size_t i = e; i < url; i++)
		if (s[i] != '(' && s[i] != '<' && s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* Return where the outermost image ends in the source: past its "]", its
 * address and the closing ")" (or "]" of a reference) on the same line. */
static size_t
md_image_end(const struct md_state *st, const MD_SPAN_IMG_DETAIL *img)
{
	const char *s = st->d->src;
	size_t n = st->d->src_len, e = st->src_pos, url = 0;
	bool has_url = img->src.text != NULL &&
		       md_locate(st, img->src.text, img->src.size, &url);

	if (e < st->img_start + 2)
		e = st->img_start + 2;
	if (e < n && s[e] == ']')
		e++;
	if (has_url && md_image_url_follows(s, e, url))
		e = url + img->src.size;
	if (e > n)	/* md4c's address may not be the source's bytes */
		e = n;
	if (e >= n || (!has_url && s[e] != '(' && s[e] != '['))
		return e;
	char close = s[e] == '[' ? ']' : ')';
	for (size_t i = e; i < n && s[i] != '\n'; i++)
		if (s[i] == close)
			return i + 1;
	return e;
}

/* Words that say nothing as an image's alt text, compared without ASCII
 * case: what converters and editors put there when the author did not. */
static const char *const md_idle_alts[] = {
	"image", "img", "picture", "pic", "photo", "cover", "cover_image",
	"图片", "图", "圖片", "圖", "图像", "插图", "截图",
};

/* File name endings that make an alt text a file name. */
static const char *const md_image_exts[] = {
	".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".awebp",
};

/* Return true when s[0..len) ends with suffix, ignoring ASCII case. */
static bool
md_ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && strncasecmp(s + len - n, suffix, n) == 0;
}

/* Return true when the alt text s[0..len) says something: it is not
 * empty, not one of md_idle_alts, not a number, an address or a file
 * name. */
static bool
md_alt_says_something(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\n')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n'))
		len--;
	if (len == 0 || strspn(s, "0123456789") >= len)
		return false;
	for (size_t i = 0; i < sizeof md_idle_alts / sizeof *md_idle_alts; i++)
		if (strlen(md_idle_alts[i]) == len &&
		    strncasecmp(s, md_idle_alts[i], len) == 0)
			return false;
	if ((len >= 7 && strncasecmp(s, "http://", 7) == 0) ||
	    (len >= 8 && strncasecmp(s, "https://", 8) == 0) ||
	    (len >= 5 && strncasecmp(s, "data:", 5) == 0) ||
	    (len >= 2 && strncmp(s, "//", 2) == 0))
		return false;
	if (memchr(s, ' ', len) != NULL)
		return true;
	for (size_t i = 0; i < sizeof md_image_exts / sizeof *md_image_exts; i++)
		if (md_ends_with(s, len, md_image_exts[i]))
			return false;
	return true;
}

/* Append the decimal digits of n >= 0 to out. */
static void
md_add_number(struct buf *out, int n)
{
	char digits[16];
	size_t i = sizeof digits;

	do
		digits[--i] = (char)('0' + n % 10);
	while ((n /= 10) > 0 && i > 0);
	buf_add(out, digits + i, sizeof digits - i);
}

/* Append fmt to out as printf would with number for "%d" and "\x01" for
 * "%s", without printf's cost (two of them an image); return false,
 * out unchanged, when fmt holds any other conversion. */
static bool
md_format_marker(struct buf *out, const char *fmt, int number)
{
	size_t start = out->len;
	const char *p = fmt, *q;

	while ((q = strchr(p, '%')) != NULL) {
		buf_add(out, p, (size_t)(q - p));
		if (q[1] == 'd' && number >= 0)
			md_add_number(out, number);
		else if (q[1] == 's')
			buf_addc(out, '\x01');
		else if (q[1] == '%')
			buf_addc(out, '%');
		else {
			out->len = start;
			return false;
		}
		p = q + 2;
	}
	buf_adds(out, p);
	return true;
}

/* Translate the marker formats of st once. */
static void
md_image_formats(struct md_state *st)
{
	if (st->image_fmt[0] != NULL)
		return;
	st->image_fmt[0] = _("[image ?: %s]");
	st->image_fmt[1] = _("[image ?]");
	st->image_fmt[2] = _("[image %d: %s]");
	st->image_fmt[3] = _("[image %d]");
}

/* Format the marker of an image numbered number (-1: not known yet),
 * with alt text when with_alt, into out; *alt_at gets where the alt text
 * goes (a NUL byte in out then stands there). */
static void
md_image_marker(struct md_state *st, int number, bool with_alt,
		struct buf *out, size_t *alt_at)
{
	md_image_formats(st);
	const char *fmt = st->image_fmt[(number < 0 ? 0 : 2) + !with_alt];

	buf_clear(out);
	if (number < 0 && !with_alt)
		buf_adds(out, fmt);
	else if (md_format_marker(out, fmt, number))
		;
	else if (number < 0)	/* a translation md_format_marker cannot do */
		buf_printf(out, _("[image ?: %s]"), "\x01");
	else if (with_alt)
		buf_printf(out, _("[image %d: %s]"), number, "\x01");
	else
		buf_printf(out, _("[image %d]"), number);
	const char *p = memchr(buf_str(out), '\x01', out->len);
	*alt_at = p != NULL ? (size_t)(p - out->data) : out->len;
}

/* Enter an image: add its link and, for the outermost, note where it
 * starts so that its marker maps back to it, keep it apart from the
 * text before it and open its marker: "[image 3: " until the alt text
 * proves to say nothing. */
static void
md_enter_img(struct md_state *st, const MD_SPAN_IMG_DETAIL *img)
{
	struct md_leaf *l = &st->leaf;
	size_t alt_at;

	md_push_link(st, &img->src, true);
	if (st->img_depth++ > 0)
		return;
	if (!l->open)
		md_open_leaf(st, DOC_PARAGRAPH, 0);
	if (st->leaf.pending_cells > 0)
		md_add_cells(st, st->leaf.pending_cells);
	st->img_start = md_image_start(st);
	md_resolve_softbreak(st, "[", 1);	/* a line end: one space */
	if (!md_leaf_ends_blank(l))
		md_emit_run(st, " ", 1, st->img_start, 0, 0, -1);
	st->img_text_len = l->text.len;
	st->img_n_runs = l->n_runs;
	st->src_pos = st->img_start;
	l->n_images++;
	md_image_marker(st, st->unnumbered ? -1 : md_link(st) + 1, true,
			&st->scratch, &alt_at);
	md_emit_run(st, st->scratch.data, alt_at, st->img_start, 0,
		    md_style(st) | DOC_STYLE_IMAGE | DOC_STYLE_MARK, md_link(st));
}

/* Finish the marker of the outermost image, whose markup ends at
 * source offset end: "]" after an alt text that says something, else
 * the whole marker "[image 3]" instead of what md_enter_img began. */
static void
md_image_close(struct md_state *st, size_t end)
{
	struct md_leaf *l = &st->leaf;
	bool changed = l->text.len < st->img_text_len ||
		       l->n_runs <= st->img_n_runs;	/* closed meanwhile */
	size_t alt = changed ? l->text.len :
		     l->runs[st->img_n_runs].text_off +
		     l->runs[st->img_n_runs].len;
	bool says = changed || (alt <= l->text.len &&
		    md_alt_says_something(l->text.data + alt, l->text.len - alt));
	size_t alt_at;

	md_image_marker(st, st->unnumbered ? -1 : md_link(st) + 1, says,
			&st->scratch, &alt_at);
	if (says) {
		if (alt_at < st->scratch.len)
			md_emit_mark(st, st->scratch.data + alt_at + 1,
				     st->scratch.len - alt_at - 1, end, 0);
		return;
	}
	l->text.len = st->img_text_len;
	if (l->text.data != NULL)
		l->text.data[l->text.len] = '\0';
	l->n_runs = st->img_n_runs;
	md_emit_subst(st, st->scratch.data, st->scratch.len, st->img_start,
		      end - st->img_start);
	if (l->n_runs > st->img_n_runs)
		l->runs[l->n_runs - 1].style |= DOC_STYLE_MARK;
}

/* Leave an image: close the outermost one's marker after its alt text,
 * or, when the alt text says nothing, make the whole marker "[image 3]"
 * standing for the whole image markup. */
static void
md_leave_img(struct md_state *st, const MD_SPAN_IMG_DETAIL *img)
{
	struct md_leaf *l = &st->leaf;

	if (st->img_depth == 1) {
		size_t end = md_image_end(st, img);
		md_image_close(st, end);
		md_leaf_extend(st, st->img_start, end);
		l->space_after = true;
	}
	st->img_depth--;
	if (st->n_link_stack > 0)
		st->n_link_stack--;
}

/* Leave a link: its text is followed by its reference number ("[3]"),
 * the number the link list shows, standing for no source bytes. */
static void
md_leave_link(struct md_state *st)
{
	char ref[24];

	if (st->img_depth == 0 && st->leaf.open) {
		st->leaf.space_after = false;	/* "[image 4][3]" */
		int n = st->unnumbered ? snprintf(ref, sizeof ref, "[?]") :
			snprintf(ref, sizeof ref, "[%d]", md_link(st) + 1);
		md_emit_mark(st, ref, (size_t)n, st->src_pos, 0);
	}
	if (st->n_link_stack > 0)
		st->n_link_stack--;
}

/* md4c callback: open a span. */
static int
md_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct md_state *st = userdata;

	if (type == MD_SPAN_A && st->span_open[MD_SPAN_A] > 0) {
		st->a_nested++;	/* an address in a link's text: text */
		return 0;
	}
	if ((unsigned)type < sizeof st->span_open / sizeof *st->span_open)
		st->span_open[type]++;
	if (type == MD_SPAN_A)
		md_push_link(st, &((MD_SPAN_A_DETAIL *)detail)->href, false);
	else if (type == MD_SPAN_IMG)
		md_enter_img(st, detail);
	md_style_add(st, md_span_bits(type), 1);
	return 0;
}

/* md4c callback: close a span. md4c 0.4.8 can close a span it never
 * opened (for "![]([)]()" it leaves a link after entering and leaving
 * only an image), so a close without its open is ignored: the link stack
 * and the style counts never go below zero. */
static int
md_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct md_state *st = userdata;

	if (type == MD_SPAN_A && st->a_nested > 0) {
		st->a_nested--;
		return 0;
	}
	if ((unsigned)type >= sizeof st->span_open / sizeof *st->span_open ||
	    st->span_open[type] == 0)
		return 0;
	st->span_open[type]--;
	if (type == MD_SPAN_A)
		md_leave_link(st);
	else if (type == MD_SPAN_IMG)
		md_leave_img(st, detail);
	md_style_add(st, md_span_bits(type), -1);
	return 0;
}

/* Turn a paragraph that is a single image into a DOC_IMAGE block whose
 * text is the alt text. Without alt text its one run becomes empty but
 * still carries the link and the image's source range. */
static void
md_leaf_image(struct md_leaf *l)
{
	size_t w = 0, n = 0;

	if (l->kind != DOC_PARAGRAPH || l->n_images != 1 || l->outside_text)
		return;
	l->kind = DOC_IMAGE;
	if (l->n_runs == 1 && (l->runs[0].style & DOC_STYLE_MARK)) {
		l->runs[0].len = 0;	/* no alt text worth showing */
		buf_clear(&l->text);
		return;
	}
	/* The layout makes the placeholder: keep only the alt text. */
	for (size_t i = 0; i < l->n_runs; i++) {
		struct doc_run r = l->runs[i];
		if (r.style & DOC_STYLE_MARK)
			continue;
		memmove(l->text.data + w, l->text.data + r.text_off, r.len);
		r.text_off = w;
		w += r.len;
		l->runs[n++] = r;
	}
	l->n_runs = n;
	l->text.len = w;
	l->text.data[w] = '\0';
}

/* Drop the final LF of a code or HTML block: it ends the last line rather
 * than adding an empty one. */
static void
md_leaf_trim(struct md_leaf *l)
{
	struct doc_run *r = l->n_runs > 0 ? &l->runs[l->n_runs - 1] : NULL;

	if (l->kind != DOC_CODE && l->kind != DOC_HTML)
		return;
	if (r == NULL || l->text.len == 0 || l->text.data[l->text.len - 1] != '\n')
		return;
	l->text.data[--l->text.len] = '\0';
	if (r->src_len == r->len)
		r->src_len--;
	if (--r->len == 0)
		l->n_runs--;
}

/* Return true when the finished leaf shows nothing and can be dropped. */
static bool
md_leaf_is_empty(const struct md_leaf *l)
{
	return l->text.len == 0 && l->n_runs == 0 && !l->keep_empty &&
	       (l->kind == DOC_PARAGRAPH || l->kind == DOC_HEADING);
}

/* Return the columns the enclosing list items indent their text by. */
static int
md_list_indent(const struct md_state *st)
{
	int w = 0;

	for (size_t i = 0; i < st->n_lists; i++)
		w += st->lists[i].item_width;
	return w;
}

/* Runs of a leaf from which its heap array joins the document as it is
 * rather than being copied: a paragraph of a million runs then takes
 * their memory once, not twice. */
#define MD_OWN_RUNS 1024

/* Give block b the runs of leaf l, in a's keeping. */
static void
md_leaf_runs(struct md_leaf *l, struct doc_block *b, struct arena *a)
{
	if (l->n_runs < MD_OWN_RUNS) {
		b->runs = arena_calloc(a, l->n_runs, sizeof *l->runs);
		if (l->n_runs > 0)
			memcpy(b->runs, l->runs, l->n_runs * sizeof *l->runs);
		return;
	}
	b->runs = xreallocarray(l->runs, l->n_runs, sizeof *l->runs);
	arena_own(a, b->runs);
	l->runs = NULL;
	l->cap_runs = 0;
}

/* Finish the open leaf, if any, and append it as a block. */
static void
md_close_leaf(struct md_state *st)
{
	struct md_leaf *l = &st->leaf;
	struct arena *a = &st->d->arena;

	if (!l->open)
		return;
	if (l->kind == DOC_TABLE_ROW && l->n_cells == 0 && l->pending_cells > 0)
		md_add_cells(st, 1);	/* a row of empty cells is still a row */
	l->open = false;
	md_leaf_image(l);
	md_leaf_trim(l);
	if (md_leaf_is_empty(l))
		return;
	st->blocks = md_grow(st->blocks, &st->cap_blocks, st->n_blocks,
			     sizeof *st->blocks);
	struct doc_block *b = &st->blocks[st->n_blocks++];
	*b = (struct doc_block){
		.kind = l->kind, .level = l->level,
		.quote_depth = st->quote_depth, .list_depth = (int)st->n_lists,
		.marker = st->marker, .indent = md_list_indent(st),
		.list_top = st->n_lists > 0 ? st->lists[0].top : 0,
		.list_loose = st->n_lists > 0 &&
			      !st->lists[st->n_lists - 1].tight,
		.text = arena_strndup(a, buf_str(&l->text), l->text.len),
		.text_len = l->text.len,
		.n_runs = l->n_runs,
		.src_off = l->has_src ? l->src_lo : st->src_pos,
		.src_end = l->has_src ? l->src_hi : st->src_pos,
	};
	md_leaf_runs(l, b, a);
	if (l->kind == DOC_TABLE_ROW && l->n_cells > 0) {
		b->n_cells = (size_t)l->n_cells;
		b->cells = arena_calloc(a, b->n_cells, sizeof *b->cells);
		memcpy(b->cells, l->cells, b->n_cells * sizeof *b->cells);
		b->table = st->n_tables;
		b->table_header = st->in_thead;
	}
	st->marker = NULL;
}

/* Return the offset in the line s[0..len) of its first character after
 * blanks, quote markers and list markers ("> - ", "1. "). */
static size_t
md_skip_markers(const char *s, size_t len)
{
	size_t i = 0;

	for (;;) {
		size_t j = i;
		while (j < len && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j > i && j + 1 < len && (s[j] == '.' || s[j] == ')') &&
		    s[j + 1] == ' ')
			i = j + 2;
		else if (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '>'))
			i++;
		else if (i + 1 < len && strchr("-*+", s[i]) && s[i + 1] == ' ' &&
			 (i + 2 == len || !strchr("-*+", s[i + 2])))
			i += 2;
		else
			return i;
	}
}

/* Return true when the line s[0..len) can stand between the cursor and a
 * rule without being reported: blank, only container markers, a closing
 * code fence or a setext "===" underline. */
static bool
md_is_skippable(const char *s, size_t len)
{
	size_t i = md_skip_markers(s, len);

	if (i == len)
		return true;
	if (len - i >= 3 && (memcmp(s + i, "```", 3) == 0 ||
			     memcmp(s + i, "~~~", 3) == 0))
		return true;
	while (i < len && s[i] == '=')
		i++;
	return i == len;
}

/* Give a rule the source range of its line: the first line after the
 * cursor's that md_is_skippable does not skip (md4c reports no text for a
 * rule). When that line does not look like a rule, the range is empty at
 * its start. */
static void
md_rule_range(struct md_state *st)
{
	const char *s = st->d->src;
	size_t n = st->d->src_len, off = st->src_pos, end;

	if (off > st->d->body_off && s[off - 1] != '\n') {
		const char *nl = memchr(s + off, '\n', n - off);
		off = nl ? (size_t)(nl - s) + 1 : n;
	}
	for (;; off = end + 1) {
		const char *nl = memchr(s + off, '\n', n - off);
		end = nl ? (size_t)(nl - s) : n;
		if (end == n || !md_is_skippable(s + off, end - off))
			break;
	}
	size_t start = off + md_skip_markers(s + off, end - off);
	if (start < end && strchr("-*_", s[start]))
		md_leaf_extend(st, start, end);
	else
		md_leaf_extend(st, off, off);
}

/* Set the open heading's level from md4c's detail. */
static void
md_enter_h(struct md_state *st, void *detail)
{
	st->leaf.level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
}

/* Find the line of the rule just opened. */
static void
md_enter_hr(struct md_state *st, void *detail)
{
	(void)detail;
	md_rule_range(st);
}

/* Start a table cell, added when text comes (md_add_cells). md4c 0.4.8
 * pads every row to the header's cells, so a wide header over many
 * short rows is quadratic in the input: past a budget in proportion
 * to the chunk, md4c is stopped and the rest of the chunk is lost. */
static void
md_enter_td(struct md_state *st, void *detail)
{
	struct md_leaf *l = &st->leaf;

	(void)detail;
	if (!l->open)
		return;
	if (st->cell_budget == 0) {
		st->aborted = true;
		return;
	}
	st->cell_budget--;
	l->pending_cells++;
}

/* Add n table cells entered without text yet: text follows them, or a
 * row would have none. Every cell but the first is preceded by " | ";
 * remember where the cell's own text starts. */
static void
md_add_cells(struct md_state *st, size_t n)
{
	struct md_leaf *l = &st->leaf;

	l->pending_cells = 0;
	for (size_t i = 0; i < n; i++) {
		if (l->n_cells > 0) {
			l->softbreak = false;
			md_emit_synth(st, " | ", 3);
		}
		l->cells = md_grow(l->cells, &l->cap_cells, (size_t)l->n_cells,
				   sizeof *l->cells);
		l->cells[l->n_cells++] = l->text.len;
	}
}

/* Start a table: its rows get the next table number. */
static void
md_enter_table(struct md_state *st, void *detail)
{
	(void)detail;
	md_close_leaf(st);
	st->n_tables++;
}

/* Enter or leave a table's header rows. */
static void
md_enter_thead(struct md_state *st, void *detail)
{
	(void)detail;
	st->in_thead = true;
}

static void
md_leave_thead(struct md_state *st, void *detail)
{
	(void)detail;
	st->in_thead = false;
}

/* Start a header cell, shown strong. */
static void
md_enter_th(struct md_state *st, void *detail)
{
	md_enter_td(st, detail);
	md_style_add(st, DOC_STYLE_STRONG, 1);
}

/* End a header cell. */
static void
md_leave_th(struct md_state *st, void *detail)
{
	(void)detail;
	md_style_add(st, DOC_STYLE_STRONG, -1);
}

/* End whatever leaf is open: a leaf block's end, or a container's start or
 * end (which ends the implicit paragraph of a tight item). */
static void
md_leave_leaf(struct md_state *st, void *detail)
{
	(void)detail;
	md_close_leaf(st);
}

/* Enter a block quote. */
static void
md_enter_quote(struct md_state *st, void *detail)
{
	(void)detail;
	md_close_leaf(st);
	st->quote_depth++;
}

/* Leave a block quote. */
static void
md_leave_quote(struct md_state *st, void *detail)
{
	(void)detail;
	md_close_leaf(st);
	st->quote_depth--;
}

/* Enter a list of either kind. */
static void
md_push_list(struct md_state *st, bool ordered, bool tight, unsigned start,
	     char delim)
{
	md_close_leaf(st);
	size_t top = st->n_lists > 0 ? st->lists[0].top : st->src_pos + 1;
	st->lists = md_grow(st->lists, &st->cap_lists, st->n_lists,
			    sizeof *st->lists);
	st->lists[st->n_lists++] = (struct md_list){
		.ordered = ordered, .tight = tight, .next = start,
		.delim = delim, .top = top,
	};
}

/* Enter a bulleted list. */
static void
md_enter_ul(struct md_state *st, void *detail)
{
	MD_BLOCK_UL_DETAIL *ul = detail;

	md_push_list(st, false, ul->is_tight, 0, 0);
}

/* Enter an ordered list. */
static void
md_enter_ol(struct md_state *st, void *detail)
{
	MD_BLOCK_OL_DETAIL *ol = detail;

	md_push_list(st, true, ol->is_tight, ol->start, ol->mark_delimiter);
}

/* Leave a list of either kind. */
static void
md_leave_list(struct md_state *st, void *detail)
{
	(void)detail;
	md_close_leaf(st);
	assert(st->n_lists > 0);
	st->n_lists--;
}

/* Enter a list item: its first block gets the marker. */
static void
md_enter_li(struct md_state *st, void *detail)
{
	MD_BLOCK_LI_DETAIL *li = detail;
	char number[32];

	assert(st->n_lists > 0);
	struct md_list *list = &st->lists[st->n_lists - 1];
	md_close_leaf(st);
	if (li->is_task)
		st->marker = li->task_mark == ' ' ? "[ ] " : "[x] ";
	else if (!list->ordered)
		st->marker = "• ";
	else {
		int n = snprintf(number, sizeof number, "%u%c ", list->next++,
				 list->delim);
		st->marker = arena_strndup(&st->d->arena, number, (size_t)n);
	}
	list->item_width = utf8_width(st->marker, strlen(st->marker));
}

/* Leave a list item; an empty one still shows its marker. */
static void
md_leave_li(struct md_state *st, void *detail)
{
	(void)detail;
	md_close_leaf(st);
	if (st->marker == NULL)
		return;
	md_open_leaf(st, DOC_PARAGRAPH, 0);
	st->leaf.keep_empty = true;
	md_close_leaf(st);
}

/* What md4c's block types do: leaf types open a block of their kind
 * (closing any open one), then call enter; NULL does nothing. */
static const struct md_block_ops {
	bool leaf;
	enum doc_block_kind kind;
	void (*enter)(struct md_state *, void *);
	void (*leave)(struct md_state *, void *);
} md_block_ops[] = {
	[MD_BLOCK_DOC] = { .leave = md_leave_leaf },
	[MD_BLOCK_QUOTE] = { .enter = md_enter_quote, .leave = md_leave_quote },
	[MD_BLOCK_UL] = { .enter = md_enter_ul, .leave = md_leave_list },
	[MD_BLOCK_OL] = { .enter = md_enter_ol, .leave = md_leave_list },
	[MD_BLOCK_LI] = { .enter = md_enter_li, .leave = md_leave_li },
	[MD_BLOCK_HR] = { .leaf = true, .kind = DOC_RULE,
			  .enter = md_enter_hr, .leave = md_leave_leaf },
	[MD_BLOCK_H] = { .leaf = true, .kind = DOC_HEADING,
			 .enter = md_enter_h, .leave = md_leave_leaf },
	[MD_BLOCK_CODE] = { .leaf = true, .kind = DOC_CODE,
			    .leave = md_leave_leaf },
	[MD_BLOCK_HTML] = { .leaf = true, .kind = DOC_HTML,
			    .leave = md_leave_leaf },
	[MD_BLOCK_P] = { .leaf = true, .kind = DOC_PARAGRAPH,
			 .leave = md_leave_leaf },
	[MD_BLOCK_TABLE] = { .enter = md_enter_table, .leave = md_leave_leaf },
	[MD_BLOCK_THEAD] = { .enter = md_enter_thead, .leave = md_leave_thead },
	[MD_BLOCK_TBODY] = { 0 },
	[MD_BLOCK_TR] = { .leaf = true, .kind = DOC_TABLE_ROW,
			  .leave = md_leave_leaf },
	[MD_BLOCK_TH] = { .enter = md_enter_th, .leave = md_leave_th },
	[MD_BLOCK_TD] = { .enter = md_enter_td },
};

/* md4c callback: a block starts. */
static int
md_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	size_t n = sizeof md_block_ops / sizeof md_block_ops[0];

	if ((size_t)type >= n)
		return 0;
	const struct md_block_ops *ops = &md_block_ops[type];
	if (ops->leaf)
		md_open_leaf(userdata, ops->kind, 0);
	if (ops->enter != NULL)
		ops->enter(userdata, detail);
	return ((struct md_state *)userdata)->aborted ? -1 : 0;
}

/* md4c callback: a block ends. */
static int
md_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	size_t n = sizeof md_block_ops / sizeof md_block_ops[0];

	if ((size_t)type < n && md_block_ops[type].leave != NULL)
		md_block_ops[type].leave(userdata, detail);
	return 0;
}

/* Free the heap parts of st that do not go to the caller. */
static void
md_state_fini(struct md_state *st)
{
	buf_fini(&st->leaf.text);
	free(st->leaf.runs);
	free(st->leaf.cells);
	free(st->lists);
	free(st->link_stack);
	free(st->urls);
	buf_fini(&st->scratch);
	buf_fini(&st->url);
}

bool
md_render_chunk(struct doc *d, struct md_chunk *c)
{
	struct md_state st = {
		.d = d, .src_pos = c->start, .n_tables = c->table_base,
		.link_base = c->link_base, .unnumbered = c->unnumbered,
		.cell_budget = MD_CELLS_PER_BYTE * (c->end - c->start) +
			       MD_CELLS_SLACK,
	};
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = MD_DIALECT_GITHUB,
		.enter_block = md_enter_block,
		.leave_block = md_leave_block,
		.enter_span = md_enter_span,
		.leave_span = md_leave_span,
		.text = md_text,
	};

	assert(c->start <= c->end && c->end <= d->src_len);
	assert(c->end - c->start <= UINT_MAX);
	buf_init(&st.leaf.text);
	buf_init(&st.scratch);
	buf_init(&st.url);
	bool whole = md_parse(d->src + c->start, (MD_SIZE)(c->end - c->start),
			      &parser, &st) == 0;
	md_close_leaf(&st);
	c->blocks = st.blocks;
	c->n_blocks = st.n_blocks;
	c->links = st.links;
	c->n_links = st.n_links;
	c->table_base = st.n_tables;
	md_state_fini(&st);
	return whole;
}
