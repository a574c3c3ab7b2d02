/* SPDX-License-Identifier: MIT */
/*
 * doc.c: loading an article, whole or lazily, and the chunks of a lazy
 * document.
 *
 * Why lazy: a 20 MB article must open in milliseconds, so doc_load_lazy
 * reads only the front matter at once; the rest is read, sanitised (from
 * the first line that needs it) and cut into chunks of whole blocks as far
 * as something asks. A cut follows a blank line outside code fences and
 * HTML blocks and starts at the margin with something that is not a list
 * item, so md4c parses each chunk as it would the whole. Chunks parsed in
 * order append to d->blocks; one parsed ahead of them (G, 50%) is an
 * island with blocks of its own and [?] for link numbers, parsed again
 * once the chunks before it are. Search, the link list, the outline and
 * highlights need the whole text and call doc_parse_all first.
 *
 * md4c 0.4.8 is quadratic on a paragraph of many lines with inline links
 * (md4c #236), so a body is also cut before a line at the margin once a
 * paragraph's lines times its lines with links pass DOC_PARA_WORK, whole
 * or lazy alike (doc_scan_forced). Two other quadratic inputs (#172:
 * nested brackets with a reference definition; #238: one long reference
 * address used over and over) are not mitigated; test_stress leaves them
 * out until md4c is upgraded (timings in bench/README.md).
 */
#include "config.h"
#include "document/doc.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/inflight.h"
#include "document/md.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* Where the scan of the body's lines is (see "Cutting the body"). */
struct doc_scan {
	char fence;		/* '`' or '~' inside a fenced code block, else 0 */
	size_t fence_len;	/* length of its opening fence */
	const char *html_end;	/* what ends the open HTML block (kinds 1-5) */
	bool html_para;		/* inside an HTML block ended by a blank line */
	bool blank;		/* the line before was blank */
	size_t para_lines;	/* lines since the last blank line (or forced
				   cut) outside code fences and HTML blocks */
	size_t para_links;	/* those of them that hold a link */
};

/* The cutting pass, while it has not reached the end of the source. */
struct doc_cut {
	struct doc_scan scan;	/* blocks open before line off */
	size_t off;		/* the next line to scan */
	size_t last;		/* where the last chunk starts */
	size_t size;		/* bytes a chunk is at least long */
	size_t clean;		/* the source before is sanitised */
	size_t cap;		/* chunks allocated */
	int fd;			/* the file still being read, or -1 */
	size_t read_end;	/* bytes of the source read so far */
};

/* Bytes read from a file at a time, as the cut needs them. */
#define DOC_READ_SIZE ((size_t)256 * 1024)

/* Compare two hashes, for qsort. */
static int
doc_hash_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void
doc_set_chrome(struct doc *d, const uint64_t *hashes, size_t n)
{
	uint64_t *v = n > 0 ? arena_calloc(&d->arena, n, sizeof *v) : NULL;

	if (n > 0)
		memcpy(v, hashes, n * sizeof *v);
	if (n > 1)
		qsort(v, n, sizeof *v, doc_hash_cmp);
	d->chrome = v;
	d->n_chrome = n;
}

void
doc_warn(struct doc *d, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char **w = arena_calloc(&d->arena, d->n_warnings + 1, sizeof *w);
	if (d->n_warnings > 0)
		memcpy(w, d->warnings, d->n_warnings * sizeof *w);
	w[d->n_warnings++] = arena_strndup(&d->arena, buf_str(&b), b.len);
	d->warnings = w;
	buf_fini(&b);
}

/* Sanitise the source from the line starting at off on, the text before
 * being clean, and warn when characters had to be replaced. */
static void
doc_sanitize_from(struct doc *d, size_t off)
{
	size_t from = off > 0 ? off - 1 : 0;	/* a LF: a BOM after it stays */
	struct buf b;

	buf_init(&b);
	buf_reserve(&b, d->src_len);
	buf_add(&b, d->src, from);
	size_t n = utf8_sanitize(d->src + from, d->src_len - from, &b);
	free(d->src_owned);
	d->src_len = b.len;
	d->src = d->src_owned = buf_detach(&b);
	if (n > 0)
		doc_warn(d, P_("%zu invalid or control character was replaced",
			       "%zu invalid or control characters were replaced",
			       n), n);
}

/* Stop reading the file: the source ends where reading stopped. */
static void
doc_read_stop(struct doc *d)
{
	struct doc_cut *c = d->cut;

	close(c->fd);
	c->fd = -1;
	d->src_len = c->read_end;
	d->src[d->src_len] = '\0';
}

/* Read the file into the source until at least want bytes are in or it
 * ends; a file that got shorter ends the source early, and an error
 * becomes a warning. */
static void
doc_read_to(struct doc *d, size_t want)
{
	struct doc_cut *c = d->cut;

	while (c->fd >= 0 && c->read_end < want) {
		size_t n = d->src_len - c->read_end;
		if (want - c->read_end < n)	/* read what is wanted, */
			n = want - c->read_end > DOC_READ_SIZE ?
			    want - c->read_end : DOC_READ_SIZE;	/* not less */
		if (n > d->src_len - c->read_end)
			n = d->src_len - c->read_end;
		ssize_t r = n > 0 ? read(c->fd, d->src + c->read_end, n) : 0;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			doc_warn(d, _("cannot read %s: %s"), d->path,
				 strerror(errno));
		if (r > 0)
			c->read_end += (size_t)r;
		if (r <= 0 || c->read_end == d->src_len)
			doc_read_stop(d);
	}
}

/* Check the next line of the source after the part known to be clean,
 * reading it first; at a line that needs sanitising, read and sanitise
 * the rest of the source. Return false at the end of the source. */
static bool
doc_clean_line(struct doc *d)
{
	struct doc_cut *c = d->cut;
	const char *nl;

	if (c->clean >= d->src_len)
		return false;
	while ((nl = memchr(d->src + c->clean, '\n', c->read_end - c->clean)) ==
	       NULL && c->fd >= 0)
		doc_read_to(d, c->read_end + DOC_READ_SIZE);
	const char *s = d->src + c->clean;
	size_t len = nl != NULL ? (size_t)(nl - s) + 1 : c->read_end - c->clean;
	if ((c->clean == 0 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) ||
	    utf8_clean_span(s, len) < len) {
		doc_read_to(d, SIZE_MAX);
		doc_sanitize_from(d, c->clean);
		c->clean = c->read_end = d->src_len;
		return true;
	}
	c->clean += len;
	return true;
}

/* Bytes of the source doc_clean_lines checks at a time. */
#define DOC_CLEAN_WINDOW ((size_t)16 * 1024)

/* Mark clean, at once, the whole lines of the source read so far that
 * need no sanitising, in a window from the part known to be clean on,
 * and return true; false when not one line could be (the first, which
 * may hold a BOM, a line longer than the window, a line to sanitise,
 * the end): doc_clean_line decides then. One check over many short
 * lines saves a call and a search for LF per line. */
static bool
doc_clean_lines(struct doc *d)
{
	struct doc_cut *c = d->cut;
	size_t room = c->read_end - c->clean;

	if (c->clean == 0 || room == 0)
		return false;
	if (room > DOC_CLEAN_WINDOW)
		room = DOC_CLEAN_WINDOW;
	size_t ok = utf8_clean_span(d->src + c->clean, room);
	if (ok == c->read_end - c->clean && c->fd < 0) {
		c->clean = c->read_end;	/* the rest of it, all read */
		return true;
	}
	while (ok > 0 && d->src[c->clean + ok - 1] != '\n')
		ok--;	/* back to the end of the last whole line */
	c->clean += ok;
	return ok > 0;
}

/* Make sure the source is read and sanitised up to off at least. */
static void
doc_clean_to(struct doc *d, size_t off)
{
	while (d->cut != NULL && d->cut->clean < off && doc_clean_line(d))
		;
}

/* Append the n blocks at b to d->blocks. */
static void
doc_add_blocks(struct doc *d, const struct doc_block *b, size_t n)
{
	if (d->n_blocks + n > d->cap_blocks) {
		while (d->n_blocks + n > d->cap_blocks)
			d->cap_blocks = d->cap_blocks ? 2 * d->cap_blocks : 64;
		d->blocks = xreallocarray(d->blocks, d->cap_blocks,
					  sizeof *d->blocks);
	}
	if (n > 0)
		memcpy(d->blocks + d->n_blocks, b, n * sizeof *b);
	d->n_blocks += n;
}

/* Append the n links at l to d->links. */
static void
doc_add_links(struct doc *d, const struct doc_link *l, size_t n)
{
	if (d->n_links + n > d->cap_links) {
		while (d->n_links + n > d->cap_links)
			d->cap_links = d->cap_links ? 2 * d->cap_links : 64;
		d->links = xreallocarray(d->links, d->cap_links,
					 sizeof *d->links);
	}
	if (n > 0)
		memcpy(d->links + d->n_links, l, n * sizeof *l);
	d->n_links += n;
}

/* Append the blocks and links md.c rendered into m (heap arrays) to
 * d's, taking the arrays over when d has none yet: the first chunk's,
 * and a whole document's one, are not copied. */
static void
doc_take_parsed(struct doc *d, struct md_chunk *m)
{
	if (d->blocks == NULL) {
		d->blocks = m->blocks;
		d->n_blocks = d->cap_blocks = m->n_blocks;
	} else {
		doc_add_blocks(d, m->blocks, m->n_blocks);
		free(m->blocks);
	}
	if (d->links == NULL) {
		d->links = m->links;
		d->n_links = d->cap_links = m->n_links;
	} else {
		doc_add_links(d, m->links, m->n_links);
		free(m->links);
	}
	m->blocks = NULL;
	m->links = NULL;
}

/* Show front matter that did not parse as a verbatim block of
 * src[0..end), so the reader sees its lines as they are and the body that
 * follows renders as usual. */
static void
doc_add_verbatim(struct doc *d, size_t end)
{
	size_t len = end > 0 && d->src[end - 1] == '\n' ? end - 1 : end;
	struct doc_run *r = arena_calloc(&d->arena, 1, sizeof *r);
	struct doc_block b = {
		.kind = DOC_CODE, .text = arena_strndup(&d->arena, d->src, len),
		.text_len = len, .runs = r, .n_runs = 1, .src_end = len,
	};

	*r = (struct doc_run){ .len = len, .src_len = len, .link = -1 };
	doc_add_blocks(d, &b, 1);
}

/* Parse the front matter and set where the Markdown starts, sanitising
 * the source as far as the front matter goes first. Broken front matter
 * becomes a warning, and body_off stays 0: the whole file is the body,
 * the rejected block shown verbatim before the Markdown. */
static void
doc_parse_meta(struct doc *d)
{
	struct doc_cut *c = d->cut;
	struct err err;

	doc_read_to(d, DOC_READ_SIZE);
	size_t end = meta_end(d->src, c->read_end);
	if (end == 0 && strncmp(d->src, "---", 3) == 0) {
		doc_read_to(d, SIZE_MAX);	/* closed further on, or never */
		end = d->src_len;
	}
	doc_clean_to(d, end > 0 ? end : 1);
	err_init(&err);
	meta_init(&d->meta);
	if (meta_parse(d->src, c->clean, &d->meta, &d->body_off, &err)) {
		d->md_off = d->body_off;
		err_fini(&err);
		return;
	}
	/* TRANSLATORS: %s is a message like "front matter, line 3: ...". */
	doc_warn(d, _("%s (shown as text)"), err_msg(&err));
	d->meta_problem = d->warnings[d->n_warnings - 1];
	err_fini(&err);
	d->md_off = meta_end(d->src, c->clean);
	if (d->md_off == 0) {	/* never closed: its --- is text, no rule */
		const char *nl = memchr(d->src, '\n', c->clean);
		d->md_off = nl != NULL ? (size_t)(nl - d->src) + 1 : c->clean;
	}
	d->body_off = 0;
}

/* Cutting the body into chunks -------------------------------------------
 * One pass over the lines of the body follows what a Markdown parser
 * would need to know to tell that a blank line ends every block open
 * before it: fenced code blocks and HTML blocks (CommonMark kinds 1-6;
 * kind 7 cannot interrupt a paragraph and is not tracked). */

/* HTML tags that start a block ended by a blank line (kind 6); sorted. */
static const char *const doc_html_tags[] = {
	"address", "article", "aside", "base", "basefont", "blockquote",
	"body", "caption", "center", "col", "colgroup", "dd", "details",
	"dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
	"figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3",
	"h4", "h5", "h6", "head", "header", "hr", "html", "iframe",
	"legend", "li", "link", "main", "menu", "menuitem", "nav",
	"noframes", "ol", "optgroup", "option", "p", "param", "search",
	"section", "summary", "table", "tbody", "td", "tfoot", "th",
	"thead", "title", "tr", "track", "ul",
};

/* HTML tags whose blocks run to their closing tag (kind 1). */
static const char *const doc_html_raw[][2] = {
	{ "pre", "</pre>" }, { "script", "</script>" },
	{ "style", "</style>" }, { "textarea", "</textarea>" },
};

/* Return true when the line s[0..n) holds only blanks. */
static bool
doc_line_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* Return true when needle occurs in s[0..n), ignoring ASCII case. */
static bool
doc_line_has(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return true;
	return false;
}

/* Return how many times c repeats at the start of s[0..n). */
static size_t
doc_run_of(const char *s, size_t n, char c)
{
	size_t i = 0;

	while (i < n && s[i] == c)
		i++;
	return i;
}

/* Return the length of the ASCII tag name at s[0..n) (letters, digits). */
static size_t
doc_tag_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (isalpha((unsigned char)s[i]) ||
			 (i > 0 && isdigit((unsigned char)s[i]))))
		i++;
	return i;
}

/* Compare a tag name with a table entry, for bsearch. */
static int
doc_tag_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* Return true when the tag name s[0..n) ends where an HTML block start
 * needs it to: at a blank, '>', "/>" or the end of the line. */
static bool
doc_tag_ends(const char *s, size_t n, size_t i)
{
	return i == n || s[i] == ' ' || s[i] == '\t' || s[i] == '>' ||
	       (s[i] == '/' && i + 1 < n && s[i + 1] == '>');
}

/* Return what ends the HTML block of kinds 2-5 that s[0..n) ('<' first)
 * starts, or NULL. */
static const char *
doc_html_special(const char *s, size_t n)
{
	static const char *const starts[][2] = {
		{ "<!--", "-->" }, { "<?", "?>" }, { "<![CDATA[", "]]>" },
	};

	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
		if (n >= strlen(starts[i][0]) &&
		    memcmp(s, starts[i][0], strlen(starts[i][0])) == 0)
			return starts[i][1];
	return n > 2 && s[1] == '!' && isalpha((unsigned char)s[2]) ? ">" : NULL;
}

/* Note the HTML block of kind 1 or 6 that the tag at s[0..n) ('<' first)
 * starts, if it does. */
static void
doc_html_tag(struct doc_scan *sc, const char *s, size_t n)
{
	size_t slash = n > 1 && s[1] == '/';
	size_t len = doc_tag_len(s + 1 + slash, n - 1 - slash);
	char name[16];

	if (len == 0 || len >= sizeof name || !doc_tag_ends(s, n, 1 + slash + len))
		return;
	for (size_t i = 0; i < len; i++)
		name[i] = (char)tolower((unsigned char)s[1 + slash + i]);
	name[len] = '\0';
	for (size_t i = 0; !slash && i < sizeof doc_html_raw /
	     sizeof doc_html_raw[0]; i++)
		if (strcmp(name, doc_html_raw[i][0]) == 0) {
			sc->html_end = doc_html_raw[i][1];
			return;
		}
	sc->html_para = bsearch(name, doc_html_tags, sizeof doc_html_tags /
				sizeof doc_html_tags[0], sizeof doc_html_tags[0],
				doc_tag_cmp) != NULL;
}

/* Note an HTML block starting with s[0..n) ('<' first), if one does. */
static void
doc_scan_html(struct doc_scan *sc, const char *s, size_t n)
{
	sc->html_end = doc_html_special(s, n);
	if (sc->html_end == NULL)
		doc_html_tag(sc, s, n);
	if (sc->html_end != NULL && doc_line_has(s + 1, n - 1, sc->html_end))
		sc->html_end = NULL;	/* starts and ends on this line */
}

/* Note a fenced code block or HTML block that the line s[0..n) opens. */
static void
doc_scan_open(struct doc_scan *sc, const char *s, size_t n)
{
	size_t indent = doc_run_of(s, n < 4 ? n : 4, ' ');

	if (indent > 3)
		return;
	s += indent;
	n -= indent;
	if (n > 0 && (s[0] == '`' || s[0] == '~')) {
		size_t run = doc_run_of(s, n, s[0]);
		if (run >= 3 && (s[0] == '~' || !memchr(s + run, '`', n - run))) {
			sc->fence = s[0];
			sc->fence_len = run;
		}
	} else if (n > 0 && s[0] == '<')
		doc_scan_html(sc, s, n);
}

/* Return true when the line s[0..n) closes the open code fence. */
static bool
doc_scan_closes(const struct doc_scan *sc, const char *s, size_t n)
{
	size_t indent = doc_run_of(s, n < 4 ? n : 4, ' ');

	if (indent > 3)
		return false;
	size_t run = doc_run_of(s + indent, n - indent, sc->fence);
	return run >= sc->fence_len &&
	       doc_line_blank(s + indent + run, n - indent - run);
}

/* Return true when a chunk may start with the line s[0..n): it starts at
 * the margin and is not a list item, so that no block before a blank
 * line can go on in it. */
static bool
doc_line_starts_chunk(const char *s, size_t n)
{
	if (n == 0 || s[0] == ' ' || s[0] == '\t')
		return false;
	if (strchr("-*+", s[0]) != NULL)
		return n > 1 && s[1] != ' ' && s[1] != '\t';
	size_t i = 0;
	while (i < n && i < 9 && isdigit((unsigned char)s[i]))
		i++;
	if (i == 0 || i == n || (s[i] != '.' && s[i] != ')'))
		return true;
	return i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t';
}

/* md4c 0.4.8 walks a paragraph's lines from its first for each inline
 * link (mity/md4c #236, fixed in 0.5.3): time grows as lines x links.
 * Past this product a paragraph is cut before a line at the margin, as
 * if a blank line stood there (a page of 100,000 lines, each a link,
 * took 6 s for 1 MB). Only pages no one writes by hand are cut. */
#define DOC_PARA_WORK ((size_t)1 << 22)

/* Return true when the line s[0..n) holds a link or an image. */
static bool
doc_line_has_link(const char *s, size_t n)
{
	for (const char *p = s; (p = memchr(p, ']', n - (size_t)(p - s))) != NULL;
	     p++)
		if (p + 1 < s + n && (p[1] == '(' || p[1] == '['))
			return true;
	return false;
}

/* Return true when the line s[0..n), which the scan reaches in the
 * state sc, must start a chunk of its own (DOC_PARA_WORK): inside a
 * paragraph, at the margin, not a list item or a table row. */
static bool
doc_scan_forced(const struct doc_scan *sc, const char *s, size_t n)
{
	return sc->para_lines * sc->para_links >= DOC_PARA_WORK &&
	       sc->fence == 0 && sc->html_end == NULL && !sc->html_para &&
	       !sc->blank && doc_line_starts_chunk(s, n) &&
	       memchr(s, '|', n) == NULL;
}

/* Count the line s[0..n), blank or not, into the paragraph sc is in. */
static void
doc_scan_count(struct doc_scan *sc, const char *s, size_t n, bool blank)
{
	if (blank || sc->fence != 0 || sc->html_end != NULL || sc->html_para) {
		sc->para_lines = sc->para_links = 0;
		return;
	}
	sc->para_lines++;
	sc->para_links += doc_line_has_link(s, n);
}

/* Scan the line s[0..n); return true when a chunk may start with it. */
static bool
doc_scan_line(struct doc_scan *sc, const char *s, size_t n)
{
	bool cut = sc->blank && sc->fence == 0 && sc->html_end == NULL &&
		   !sc->html_para && doc_line_starts_chunk(s, n);
	bool blank = doc_line_blank(s, n);

	if (sc->fence != 0) {
		if (doc_scan_closes(sc, s, n))
			sc->fence = 0;
		blank = false;
	} else if (sc->html_end != NULL) {
		if (doc_line_has(s, n, sc->html_end))
			sc->html_end = NULL;
		blank = false;
	} else if (sc->html_para)
		sc->html_para = !blank;
	else
		doc_scan_open(sc, s, n);
	sc->blank = blank;
	doc_scan_count(sc, s, n, blank);
	return cut;
}

/* Append a chunk starting at source offset start to d, ending the one
 * before there. */
static void
doc_add_chunk(struct doc *d, size_t start)
{
	struct doc_cut *c = d->cut;

	if (d->n_chunks == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		d->chunks = xreallocarray(d->chunks, c->cap, sizeof *d->chunks);
	}
	if (d->n_chunks > 0)
		d->chunks[d->n_chunks - 1].end = start;
	d->chunks[d->n_chunks++] = (struct doc_chunk){
		.start = start, .end = d->src_len,
	};
}

/* Scan on until the next cut or the end of the source, where the last
 * chunk ends and the cutting pass is over. A chunk is at least c->size
 * bytes long; no cut leaves less than a quarter of that after it. */
static void
doc_cut_step(struct doc *d)
{
	struct doc_cut *c = d->cut;
	size_t n = d->n_chunks;

	while (d->n_chunks == n) {
		if (c->off >= c->clean && !doc_clean_lines(d) &&
		    !doc_clean_line(d))
			break;
		const char *s = d->src + c->off;
		const char *nl = memchr(s, '\n', c->clean - c->off);
		size_t len = nl != NULL ? (size_t)(nl - s) : c->clean - c->off;
		bool forced = doc_scan_forced(&c->scan, s, len);
		if (forced)
			c->scan.para_lines = c->scan.para_links = 0;
		if ((doc_scan_line(&c->scan, s, len) && c->off - c->last >= c->size &&
		     d->src_len - c->off >= c->size / 4) || forced) {
			doc_add_chunk(d, c->off);
			c->last = c->off;
		}
		c->off += len + (nl != NULL);
	}
	if (c->off < d->src_len)
		return;
	d->chunks[d->n_chunks - 1].end = d->src_len;
	free(c);
	d->cut = NULL;
}

/* Return true when chunk i exists, cutting as far as needed to know it
 * and where it ends. */
static bool
doc_chunk_ready(struct doc *d, size_t i)
{
	while (d->cut != NULL && i + 1 >= d->n_chunks)
		doc_cut_step(d);
	return i < d->n_chunks;
}

void
doc_watch(struct doc *d, struct inflight *f, size_t slot)
{
	d->inflight = f;
	d->inflight_slot = slot;
}

/* Record that d's text is about to be parsed (cut, sanitised, rendered),
 * when it is watched; calls nest. */
static void
doc_enter(struct doc *d)
{
	if (d->inflight != NULL && d->inflight_depth++ == 0)
		inflight_enter(d->inflight, d->inflight_slot, d->path);
}

/* Record that the parse doc_enter announced is over. */
static void
doc_leave(struct doc *d)
{
	if (d->inflight != NULL && --d->inflight_depth == 0)
		inflight_leave(d->inflight, d->inflight_slot);
}

bool
doc_chunk_known(struct doc *d, size_t i)
{
	doc_enter(d);
	bool known = doc_chunk_ready(d, i);
	doc_leave(d);
	return known;
}

size_t
doc_chunk_count(struct doc *d)
{
	doc_enter(d);
	while (d->cut != NULL)
		doc_cut_step(d);
	doc_leave(d);
	return d->n_chunks;
}

size_t
doc_cut_offset(const struct doc *d)
{
	return d->cut != NULL ? d->cut->off : d->src_len;
}

/* Parsing chunks --------------------------------------------------------- */

/* Render the chunk m of d through md.c, warning when the parser gave up
 * part way. */
static void
doc_render(struct doc *d, struct md_chunk *m)
{
	if (!md_render_chunk(d, m))
		doc_warn(d, "%s", _("the Markdown parser failed; "
				    "part of the article may be missing"));
}

/* Parse chunk i, the first that is not DONE, and append its blocks and
 * links to d's; an ISLAND's block flags carry over. */
static void
doc_parse_done(struct doc *d, size_t i)
{
	struct doc_chunk *c = &d->chunks[i];
	struct md_chunk m = {
		.start = i == 0 ? d->md_off : c->start, .end = c->end,
		.link_base = d->n_links, .table_base = d->n_tables,
	};
	size_t first = d->n_blocks;

	assert(i == d->n_done);
	if (i == 0 && d->md_off > d->body_off)
		doc_add_verbatim(d, d->md_off);
	doc_render(d, &m);
	doc_take_parsed(d, &m);
	for (size_t k = 0; c->state == DOC_CHUNK_ISLAND && k < c->n_blocks &&
	     k < m.n_blocks; k++)
		d->blocks[first + k].flags = c->blocks[k].flags;
	*c = (struct doc_chunk){
		.start = c->start, .end = c->end, .state = DOC_CHUNK_DONE,
		.first = first, .n_blocks = d->n_blocks - first,
		.n_links = m.n_links, .version = c->version + 1,
	};
	d->n_tables = m.table_base;
	d->n_done++;
}

/* Return an arena copy of the n elements of size bytes at p. */
static void *
doc_arena_copy(struct doc *d, const void *p, size_t n, size_t size)
{
	void *q = arena_calloc(&d->arena, n > 0 ? n : 1, size);

	if (n > 0)
		memcpy(q, p, n * size);
	return q;
}

/* Parse chunk i, not the first that is not DONE, as an ISLAND. */
static void
doc_parse_island(struct doc *d, size_t i)
{
	struct doc_chunk *c = &d->chunks[i];
	struct md_chunk m = {
		.start = c->start, .end = c->end, .unnumbered = true,
	};

	assert(i > d->n_done);
	doc_render(d, &m);
	c->blocks = doc_arena_copy(d, m.blocks, m.n_blocks, sizeof *m.blocks);
	c->links = doc_arena_copy(d, m.links, m.n_links, sizeof *m.links);
	c->n_blocks = m.n_blocks;
	c->n_links = m.n_links;
	c->state = DOC_CHUNK_ISLAND;
	c->version++;
	free(m.blocks);
	free(m.links);
}

/* Return true when the last chunk is known and parsed. */
static bool
doc_last_parsed(const struct doc *d)
{
	return d->cut == NULL &&
	       d->chunks[d->n_chunks - 1].state != DOC_CHUNK_NEW;
}

/* Return a hash of the flags of parsed chunk i's blocks. */
static size_t
doc_flags_hash(const struct doc *d, size_t i)
{
	size_t n, h = 0;
	const struct doc_block *b = doc_chunk_blocks(d, i, &n);

	for (size_t k = 0; k < n; k++)
		h = h * 31 + b[k].flags + 1;
	return h;
}

/* Call the on_last function, if any, when its time has come; the chunks
 * whose block flags it changed count as parsed again. */
static void
doc_check_last(struct doc *d)
{
	void (*fn)(struct doc *, const void *) = d->on_last;

	if (fn == NULL || !doc_last_parsed(d))
		return;
	d->on_last = NULL;
	size_t *before = xcalloc(d->n_chunks, sizeof *before);
	for (size_t i = 0; i < d->n_chunks; i++)
		before[i] = doc_flags_hash(d, i);
	fn(d, d->on_last_ctx);
	for (size_t i = 0; i < d->n_chunks; i++)
		if (doc_flags_hash(d, i) != before[i])
			d->chunks[i].version++;
	free(before);
}

void
doc_on_last(struct doc *d, void (*fn)(struct doc *, const void *),
	    const void *ctx)
{
	d->on_last = fn;
	d->on_last_ctx = ctx;
	doc_check_last(d);
}

void
doc_parse_chunk(struct doc *d, size_t i)
{
	doc_enter(d);
	if (!doc_chunk_ready(d, i)) {
		doc_leave(d);
		return;
	}
	bool parsed = true;
	if (i == d->n_done)
		doc_parse_done(d, i);
	else if (d->chunks[i].state == DOC_CHUNK_NEW)
		doc_parse_island(d, i);
	else
		parsed = false;
	if (parsed)
		doc_check_last(d);
	doc_leave(d);
}

void
doc_parse_upto(struct doc *d, size_t i)
{
	doc_enter(d);
	while (d->n_done <= i && doc_chunk_ready(d, d->n_done))
		doc_parse_done(d, d->n_done);
	doc_check_last(d);
	doc_leave(d);
}

void
doc_parse_all(struct doc *d)
{
	doc_parse_upto(d, SIZE_MAX - 1);
}

bool
doc_is_complete(const struct doc *d)
{
	return d->cut == NULL && d->n_done == d->n_chunks;
}

size_t
doc_chunk_at(struct doc *d, size_t off)
{
	doc_enter(d);
	while (d->cut != NULL && d->chunks[d->n_chunks - 1].start <= off)
		doc_cut_step(d);
	doc_leave(d);
	size_t lo = 0, hi = d->n_chunks;

	while (hi - lo > 1) {		/* the last chunk starting at or before off */
		size_t mid = lo + (hi - lo) / 2;
		if (d->chunks[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

struct doc_block *
doc_chunk_blocks(const struct doc *d, size_t i, size_t *n)
{
	const struct doc_chunk *c = &d->chunks[i];

	*n = c->state == DOC_CHUNK_NEW ? 0 : c->n_blocks;
	if (c->state == DOC_CHUNK_DONE)
		return d->blocks + c->first;
	return c->state == DOC_CHUNK_ISLAND ? c->blocks : NULL;
}

void
doc_chunk_view(const struct doc *d, size_t i, struct doc *view)
{
	const struct doc_chunk *c = &d->chunks[i];

	*view = *d;
	view->blocks = doc_chunk_blocks(d, i, &view->n_blocks);
	if (c->state == DOC_CHUNK_ISLAND) {
		view->links = c->links;
		view->n_links = c->n_links;
	}
}

/* Return a new document for path that owns src[0..len + 1), front
 * matter parsed, to be cut into chunks of at least chunk_size bytes
 * (SIZE_MAX: one), nothing parsed yet. With fd -1, src holds the text,
 * NUL-terminated; else src is zeroed and the text is read from fd, an
 * open file of len bytes, as the cut goes on. */
static struct doc *
doc_make(const char *path, char *src, size_t len, size_t chunk_size, int fd)
{
	struct doc *d = xcalloc(1, sizeof *d);

	assert(path != NULL);
	arena_init(&d->arena);
	d->path = arena_strndup(&d->arena, path, strlen(path));
	d->src = d->src_owned = src;
	d->src_len = len;
	d->cut = xcalloc(1, sizeof *d->cut);
	*d->cut = (struct doc_cut){
		.scan = { .blank = true }, .size = chunk_size, .fd = fd,
		.read_end = fd >= 0 ? 0 : len,
	};
	if (fd >= 0 && len == 0)
		doc_read_stop(d);
	doc_add_chunk(d, 0);
	doc_parse_meta(d);
	d->cut->off = d->cut->last = d->md_off;
	return d;
}

/* Return a heap copy of raw[0..len), NUL-terminated. */
static char *
doc_copy(const char *raw, size_t len)
{
	char *s = xmalloc(len + 1);

	memcpy(s, raw, len);
	s[len] = '\0';
	return s;
}

struct doc *
doc_new(const char *path, const char *raw, size_t len)
{
	struct doc *d = doc_make(path, doc_copy(raw, len), len, SIZE_MAX, -1);

	doc_parse_all(d);
	return d;
}

struct doc *
doc_new_lazy(const char *path, const char *raw, size_t len, size_t chunk_size)
{
	return doc_make(path, doc_copy(raw, len), len,
			chunk_size > 0 ? chunk_size : DOC_CHUNK_SIZE, -1);
}

/* Append line src[off..off + len) of a plain document as a paragraph
 * whose one run maps byte for byte onto the source. */
static void
doc_plain_line(struct doc *d, size_t off, size_t len)
{
	struct doc_run *r = arena_calloc(&d->arena, 1, sizeof *r);
	struct doc_block b = {
		.kind = DOC_PARAGRAPH,
		.text = arena_strndup(&d->arena, d->src + off, len),
		.text_len = len, .runs = r, .n_runs = 1,
		.src_off = off, .src_end = off + len,
	};

	*r = (struct doc_run){ .len = len, .src_off = off, .src_len = len,
			       .link = -1 };
	doc_add_blocks(d, &b, 1);
}

struct doc *
doc_new_plain(const char *path, const char *raw, size_t len)
{
	struct doc *d = xcalloc(1, sizeof *d);
	struct buf b;
	size_t n_bad, off = 0;

	arena_init(&d->arena);
	d->path = arena_strndup(&d->arena, path, strlen(path));
	meta_init(&d->meta);
	d->plain = true;
	buf_init(&b);
	n_bad = utf8_sanitize(raw, len, &b);
	d->src_len = b.len;
	d->src = d->src_owned = buf_detach(&b);
	while (off < d->src_len) {
		const char *nl = memchr(d->src + off, '\n', d->src_len - off);
		size_t n = nl != NULL ? (size_t)(nl - (d->src + off))
				      : d->src_len - off;
		if (!doc_line_blank(d->src + off, n))
			doc_plain_line(d, off, n);
		off += n + (nl != NULL);
	}
	d->chunks = xcalloc(1, sizeof *d->chunks);
	d->chunks[0] = (struct doc_chunk){
		.end = d->src_len, .state = DOC_CHUNK_DONE,
		.n_blocks = d->n_blocks, .version = 1,
	};
	d->n_chunks = d->n_done = 1;
	if (n_bad > 0)
		doc_warn(d, P_("%zu invalid or control character was replaced",
			       "%zu invalid or control characters were replaced",
			       n_bad), n_bad);
	return d;
}

void
doc_free(struct doc *d)
{
	if (d == NULL)
		return;
	meta_fini(&d->meta);
	free(d->blocks);
	free(d->links);
	free(d->chunks);
	if (d->cut != NULL && d->cut->fd >= 0)
		close(d->cut->fd);
	free(d->cut);
	free(d->src_owned);
	arena_fini(&d->arena);
	free(d);
}

/* Read all of fd into out, failing with EFBIG past DOC_MAX_SIZE. The
 * size from fstat is only a hint: files change, devices have none. */
static bool
doc_read_fd(int fd, size_t hint, struct buf *out)
{
	const size_t limit = DOC_MAX_SIZE + 1;

	buf_reserve(out, hint < limit ? hint + 1 : limit);
	while (out->len < limit) {
		size_t room = out->cap - out->len - 1;
		if (room == 0) {
			buf_reserve(out, out->cap < limit - out->len ?
				    out->cap : limit - out->len);
			continue;
		}
		if (room > limit - out->len)
			room = limit - out->len;
		ssize_t n = read(fd, out->data + out->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
	errno = EFBIG;
	return false;
}

/* Return 0 when all of fd was read into out, else an errno value. */
static int
doc_read_all(int fd, struct buf *out)
{
	struct stat sb;

	if (fstat(fd, &sb) != 0)
		return errno;
	if (S_ISDIR(sb.st_mode))
		return EISDIR;
	if (S_ISREG(sb.st_mode) && (size_t)sb.st_size > DOC_MAX_SIZE)
		return EFBIG;
	return doc_read_fd(fd, S_ISREG(sb.st_mode) ? (size_t)sb.st_size : 0,
			   out) ? 0 : errno;
}

/* Read the whole file at path into out, or fail with a message naming
 * the path. */
static bool
doc_read_file(const char *path, struct buf *out, struct err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_set(err, _("cannot open %s: %s"), path,
			       strerror(errno));
	int e = doc_read_all(fd, out);
	close(fd);
	if (e == EFBIG)
		return err_set(err, _("cannot open %s: larger than %zu MiB"),
			       path, DOC_MAX_SIZE / (1024 * 1024));
	if (e != 0)
		return err_set(err, _("cannot read %s: %s"), path, strerror(e));
	return true;
}

/* Read the file at path and build its document, cut into chunks of
 * about chunk_size bytes, in *out. */
static bool
doc_read(const char *path, size_t chunk_size, struct doc **out,
	 struct err *err)
{
	struct buf b;

	*out = NULL;
	buf_init(&b);
	if (!doc_read_file(path, &b, err)) {
		buf_fini(&b);
		return false;
	}
	size_t len = b.len;
	*out = doc_make(path, buf_detach(&b), len, chunk_size, -1);
	return true;
}

bool
doc_load(const char *path, struct doc **out, struct err *err)
{
	if (!doc_read(path, SIZE_MAX, out, err))
		return false;
	doc_parse_all(*out);
	return true;
}

bool
doc_load_lazy(const char *path, struct doc **out, struct err *err)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*out = NULL;
	if (fd < 0)
		return err_set(err, _("cannot open %s: %s"), path,
			       strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (size_t)sb.st_size > DOC_MAX_SIZE) {
		close(fd);	/* errors, directories, pipes: read at once */
		return doc_read(path, DOC_CHUNK_SIZE, out, err);
	}
	*out = doc_make(path, xcalloc((size_t)sb.st_size + 1, 1),
			(size_t)sb.st_size, DOC_CHUNK_SIZE, fd);
	return true;
}

bool
doc_load_plain(const char *path, struct doc **out, struct err *err)
{
	struct buf b;

	*out = NULL;
	buf_init(&b);
	if (!doc_read_file(path, &b, err)) {
		buf_fini(&b);
		return false;
	}
	*out = doc_new_plain(path, b.len ? b.data : "", b.len);
	buf_fini(&b);
	return true;
}

const char *
doc_title(const struct doc *d)
{
	size_t n = d->n_done > 0 ? d->chunks[0].n_blocks : 0;

	if (d->meta.title != NULL)
		return d->meta.title;
	for (size_t i = 0; i < n; i++)
		if (d->blocks[i].kind == DOC_HEADING &&
		    d->blocks[i].text_len > 0)
			return d->blocks[i].text;
	const char *slash = strrchr(d->path, '/');
	return slash != NULL && slash[1] != '\0' ? slash + 1 : d->path;
}
