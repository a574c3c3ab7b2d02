/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "data/export.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "data/highlight.h"
#include "base/i18n.h"
#include "data/store.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* Order entries by article path, then as an article's highlights are
 * shown: placed ones by start and length, detached ones last. */
static int
export_cmp(const void *pa, const void *pb)
{
	const struct highlight_entry *const *ea = pa, *const *eb = pb;
	const struct highlight_entry *a = *ea, *b = *eb;
	int c = strcmp(a->path, b->path);

	if (c != 0)
		return c;
	if (a->h.detached != b->h.detached)
		return a->h.detached ? 1 : -1;
	if (a->h.start != b->h.start)
		return a->h.start < b->h.start ? -1 : 1;
	if (a->h.end != b->h.end)
		return a->h.end < b->h.end ? -1 : 1;
	return (a->h.id > b->h.id) - (a->h.id < b->h.id);
}

/* Return a heap array of pointers to v[0..n) in export order. */
static const struct highlight_entry **
export_sorted(const struct highlight_entry *v, size_t n)
{
	const struct highlight_entry **p = xreallocarray(NULL, n ? n : 1,
							 sizeof *p);

	for (size_t i = 0; i < n; i++)
		p[i] = &v[i];
	qsort(p, n, sizeof *p, export_cmp);
	return p;
}

/* Markdown ---------------------------------------------------------- */

/* Return whether c, at the start of a line, would start a Markdown block
 * (heading, list, quote, table, thematic break). */
static bool
export_md_block_char(char c)
{
	return strchr("#-+=|>", c) != NULL;
}

/* Append s[0..len) to out as literal Markdown text: characters that
 * would be read as inline markup are escaped, and so is one that would
 * start a block at the start of a line; each line of s starts with
 * line_start ("> " in a block quote). */
static void
export_md_text(struct buf *out, const char *s, size_t len,
	       const char *line_start)
{
	bool at_line_start = true;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (at_line_start)
			buf_adds(out, line_start);
		if (strchr("\\`*_[]<", c) != NULL ||
		    (at_line_start && export_md_block_char(c)))
			buf_addc(out, '\\');
		buf_addc(out, c);
		at_line_start = c == '\n';
	}
}

/* Append a sanitised one-line copy of s (line breaks become spaces). */
static void
export_md_line(struct buf *out, const char *s)
{
	struct buf tmp;

	buf_init(&tmp);
	buf_adds(&tmp, "");
	utf8_sanitize(s, strlen(s), &tmp);
	for (size_t i = 0; i < tmp.len; i++)
		if (tmp.data[i] == '\n' || tmp.data[i] == '\t')
			tmp.data[i] = ' ';
	export_md_text(out, tmp.data, tmp.len, "");
	buf_fini(&tmp);
}

/* Return the file name of path, without directories. */
static const char *
export_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* How a metadata value is written. */
enum export_md_kind {
	EXPORT_MD_TEXT,		/* escaped text */
	EXPORT_MD_LINK,		/* <autolink>, when it can be one */
	EXPORT_MD_CODE,		/* `code span`, when it can be one */
};

/* Return whether value can be written between open and close as is:
 * neither they nor white space or control characters occur in it. */
static bool
export_md_fits(const char *value, const char *forbidden)
{
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if (*p <= ' ' || *p == 0x7f || strchr(forbidden, *p) != NULL)
			return false;
	return true;
}

/* Append "- label: value" when value is known. */
static void
export_md_meta(struct buf *out, const char *label, const char *value,
	       enum export_md_kind kind)
{
	if (value == NULL || value[0] == '\0')
		return;
	buf_printf(out, "- %s: ", label);
	if (kind == EXPORT_MD_LINK && export_md_fits(value, "<>"))
		buf_printf(out, "<%s>", value);
	else if (kind == EXPORT_MD_CODE && export_md_fits(value, "`"))
		buf_printf(out, "`%s`", value);
	else
		export_md_line(out, value);
	buf_addc(out, '\n');
}

/* Append the heading and the metadata of e's article. */
static void
export_md_article(struct buf *out, const struct highlight_entry *e)
{
	if (out->len > 0)
		buf_addc(out, '\n');
	buf_adds(out, "# ");
	export_md_line(out, e->title && e->title[0] ? e->title
		       : export_basename(e->path));
	buf_adds(out, "\n\n");
	export_md_meta(out, _("Source"), e->source, EXPORT_MD_TEXT);
	export_md_meta(out, _("Date"), e->date, EXPORT_MD_TEXT);
	export_md_meta(out, _("URL"), e->url, EXPORT_MD_LINK);
	export_md_meta(out, _("File"), e->path, EXPORT_MD_CODE);
}

/* Append h as a block quote with its note beneath. */
static void
export_md_highlight(struct buf *out, const struct highlight *h)
{
	buf_addc(out, '\n');
	export_md_text(out, h->quote, strlen(h->quote), "> ");
	buf_addc(out, '\n');
	if (h->detached) {
		/* TRANSLATORS: below a quote in a Markdown export. */
		buf_printf(out, "\n*%s*\n",
			   _("Not found in the current text of the article."));
	}
	if (h->note != NULL) {
		/* The note is the user's own Markdown: kept as written, but
		 * without control characters (TAB and LF stay). */
		buf_addc(out, '\n');
		utf8_sanitize(h->note, strlen(h->note), out);
		buf_addc(out, '\n');
	}
}

/* Append the Markdown export of the sorted entries p[0..n). */
static void
export_markdown(const struct highlight_entry **p, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(p[i]->path, p[i - 1]->path) != 0)
			export_md_article(out, p[i]);
		export_md_highlight(out, &p[i]->h);
	}
}

/* JSON -------------------------------------------------------------- */

/* Append s as a JSON string literal, or null for NULL. Control
 * characters (C0, DEL, C1) are escaped, so a file shown on a terminal
 * cannot hold a raw escape sequence; so are U+2028 and U+2029, which
 * some JavaScript parsers take for line ends. */
static void
export_json_string(struct buf *out, const char *s)
{
	if (s == NULL) {
		buf_adds(out, "null");
		return;
	}
	buf_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(out, "\\%c", *p);
		else if (*p == '\n')
			buf_adds(out, "\\n");
		else if (*p == '\t')
			buf_adds(out, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(out, "\\u%04x", *p);
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			buf_printf(out, "\\u%04x", *++p);
		else if (p[0] == 0xe2 && p[1] == 0x80 &&
			 (p[2] == 0xa8 || p[2] == 0xa9)) {
			buf_printf(out, "\\u%04x", 0x2000 + p[2] - 0x80);
			p += 2;
		} else
			buf_addc(out, (char)*p);
	}
	buf_addc(out, '"');
}

/* Append `"key": ` followed by the string s (or null), at indent. */
static void
export_json_str_member(struct buf *out, const char *indent, const char *key,
		       const char *s, bool last)
{
	buf_printf(out, "%s\"%s\": ", indent, key);
	export_json_string(out, s);
	buf_adds(out, last ? "\n" : ",\n");
}

/* Open the object of e's article, up to its highlights array. */
static void
export_json_article(struct buf *out, const struct highlight_entry *e,
		    bool first)
{
	static const char ind[] = "      ";

	buf_adds(out, first ? "    {\n" : ",\n    {\n");
	export_json_str_member(out, ind, "path", e->path, false);
	export_json_str_member(out, ind, "title", e->title, false);
	export_json_str_member(out, ind, "source", e->source, false);
	export_json_str_member(out, ind, "date", e->date, false);
	export_json_str_member(out, ind, "url", e->url, false);
	buf_printf(out, "%s\"highlights\": [\n", ind);
}

/* Append the object of highlight h. */
static void
export_json_highlight(struct buf *out, const struct highlight *h, bool first)
{
	static const char ind[] = "          ";

	buf_adds(out, first ? "        {\n" : ",\n        {\n");
	export_json_str_member(out, ind, "quote", h->quote, false);
	export_json_str_member(out, ind, "prefix", h->prefix, false);
	export_json_str_member(out, ind, "suffix", h->suffix, false);
	export_json_str_member(out, ind, "note", h->note, false);
	buf_printf(out, "%s\"color\": %d,\n", ind, h->color);
	buf_printf(out, "%s\"start\": %zu,\n%s\"end\": %zu,\n", ind, h->start,
		   ind, h->end);
	buf_printf(out, "%s\"detached\": %s,\n", ind,
		   h->detached ? "true" : "false");
	buf_printf(out, "%s\"created\": %" PRId64 ",\n", ind, h->created);
	buf_printf(out, "%s\"updated\": %" PRId64 "\n", ind, h->updated);
	buf_adds(out, "        }");
}

/* Append the JSON export of the sorted entries p[0..n). */
static void
export_json(const struct highlight_entry **p, size_t n, struct buf *out)
{
	buf_printf(out, "{\n  \"format\": \"tsundoku-highlights\",\n"
		   "  \"version\": %d,\n  \"articles\": [\n",
		   EXPORT_JSON_VERSION);
	for (size_t i = 0; i < n; i++) {
		bool first = i == 0 || strcmp(p[i]->path, p[i - 1]->path) != 0;
		if (first) {
			if (i > 0)
				buf_adds(out, "\n      ]\n    }");
			export_json_article(out, p[i], i == 0);
		}
		export_json_highlight(out, &p[i]->h, first);
	}
	if (n > 0)
		buf_adds(out, "\n      ]\n    }\n");
	buf_adds(out, "  ]\n}\n");
}

void
export_write(enum export_format fmt, const struct highlight_entry *v,
	     size_t n, struct buf *out)
{
	const struct highlight_entry **p = export_sorted(v, n);

	if (fmt == EXPORT_JSON)
		export_json(p, n, out);
	else
		export_markdown(p, n, out);
	free(p);
}

/* Import ------------------------------------------------------------ */

/* Replace *s (heap, or NULL) by a sanitised copy. */
static void
export_clean(char **s)
{
	struct buf b;

	if (*s == NULL || utf8_is_clean(*s, strlen(*s)))
		return;
	buf_init(&b);
	utf8_sanitize(*s, strlen(*s), &b);
	free(*s);
	*s = buf_detach(&b);
}

/* Make e's texts safe and its times known (now when missing). */
static void
export_prepare(struct store_highlight_entry *e, int64_t now)
{
	char **texts[] = {
		&e->h.quote, &e->h.prefix, &e->h.suffix, &e->h.note,
		&e->path, &e->title, &e->source, &e->date, &e->url,
	};

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		export_clean(texts[i]);
	if (e->h.created <= 0)
		e->h.created = now;
	if (e->h.updated <= 0)
		e->h.updated = e->h.created;
}

bool
export_import(struct store *s, const char *json, size_t len,
	      struct export_tally *t, struct err *err)
{
	struct store_highlight_entry *v = NULL;
	struct store_merge_tally mt = { 0 };
	int64_t now = highlight_now_ms();
	size_t n = 0;
	bool ok;

	if (!store_highlight_parse_json(s, json, len, &v, &n, err))
		return false;
	/* Made-up creation times are one millisecond apart: the merge takes
	 * two highlights with the same quote and creation time for one, so
	 * equal ones would drop all but the first of a quote highlighted
	 * twice in an article (found by fuzzing). */
	for (size_t i = 0; i < n; i++)
		export_prepare(&v[i], now + (int64_t)i);
	ok = store_highlight_merge(s, v, n, &mt, err);
	store_highlight_entries_free(v, n);
	t->added = mt.added;
	t->updated = mt.updated;
	t->unchanged = mt.unchanged;
	return ok;
}
