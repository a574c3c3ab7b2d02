/* SPDX-License-Identifier: MIT */
/*
 * tidy.c: the rules family of folding (tidy.h has the rules).
 *
 * What the reader folds comes in three families, each turned off by its
 * fold-* setting (tidy_rules.fold): rules (this file, data/leftovers),
 * features and learned chrome (chrome.c). Only runs from either edge are
 * folded, never a block in the middle, and tidy_unfold takes the fold off
 * any block that holds a highlight, so nothing the user marked is hidden.
 */
#include "config.h"
#include "document/tidy.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "document/chrome.h"
#include "document/doc.h"
#include "base/err.h"
#include "base/i18n.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* Encodings trimmed from both ends of a line: ASCII blanks, the no-break
 * space and the ideographic space. */
static const char *const tidy_spaces[] = {
	" ", "\t", "\n", "\xC2\xA0", "\xE3\x80\x80",
};

/* Sentence punctuation ignored at the end of a title when comparing. */
static const char *const tidy_enders[] = {
	".", "!", "?", ":", ";", ",", "。", "！", "？", "：", "；", "，",
	"、", "…",
};

/* Code point ranges that count as punctuation for the punct rule:
 * ASCII and Latin-1 punctuation and symbols, general punctuation, arrows,
 * box drawing and geometric shapes, CJK and full-width punctuation. */
static const struct {
	uint32_t lo, hi;
} tidy_punct_ranges[] = {
	{ 0x21, 0x2F }, { 0x3A, 0x40 }, { 0x5B, 0x60 }, { 0x7B, 0x7E },
	{ 0xA1, 0xA9 }, { 0xAB, 0xB1 }, { 0xB4, 0xB4 }, { 0xB6, 0xB8 },
	{ 0xBB, 0xBB }, { 0xBF, 0xBF }, { 0xD7, 0xD7 }, { 0xF7, 0xF7 },
	{ 0x2010, 0x2027 }, { 0x2030, 0x205E }, { 0x2190, 0x21FF },
	{ 0x2500, 0x25FF }, { 0x3001, 0x3003 }, { 0x3008, 0x3011 },
	{ 0x3014, 0x301F }, { 0x30FB, 0x30FB }, { 0xFE10, 0xFE19 },
	{ 0xFE30, 0xFE6B }, { 0xFF01, 0xFF0F }, { 0xFF1A, 0xFF20 },
	{ 0xFF3B, 0xFF40 }, { 0xFF5B, 0xFF65 },
};

#define TIDY_N(a) (sizeof (a) / sizeof (a)[0])

/* Return true when a[0..n) equals b[0..n), ignoring ASCII case. */
static bool
tidy_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

/* Remove one of the n encodings in set from the front of *s (front) or the
 * end; return false when none is there. */
static bool
tidy_strip_one(const char **s, size_t *len, const char *const *set, size_t n,
	       bool front)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(set[i]);
		if (k > *len)
			continue;
		if (front && memcmp(*s, set[i], k) == 0) {
			*s += k;
			*len -= k;
			return true;
		}
		if (!front && memcmp(*s + *len - k, set[i], k) == 0) {
			*len -= k;
			return true;
		}
	}
	return false;
}

/* Trim spaces (tidy_spaces) from both ends of s[0..*len). */
static void
tidy_trim(const char **s, size_t *len)
{
	while (tidy_strip_one(s, len, tidy_spaces, TIDY_N(tidy_spaces), true))
		;
	while (tidy_strip_one(s, len, tidy_spaces, TIDY_N(tidy_spaces), false))
		;
}

/* Trim spaces, then spaces and sentence punctuation from the end. */
static void
tidy_trim_title(const char **s, size_t *len)
{
	tidy_trim(s, len);
	while (tidy_strip_one(s, len, tidy_enders, TIDY_N(tidy_enders), false) ||
	       tidy_strip_one(s, len, tidy_spaces, TIDY_N(tidy_spaces), false))
		;
}

/* Return true when a[0..alen) and the NUL-terminated b say the same title:
 * equal after trimming and dropping final punctuation, ignoring ASCII
 * case. An empty text repeats nothing. */
static bool
tidy_same_title(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);

	tidy_trim_title(&a, &alen);
	tidy_trim_title(&b, &blen);
	return alen > 0 && alen == blen && tidy_eq(a, b, alen);
}

/* Return true when cp is in tidy_punct_ranges. */
static bool
tidy_is_punct_cp(uint32_t cp)
{
	for (size_t i = 0; i < TIDY_N(tidy_punct_ranges); i++)
		if (cp >= tidy_punct_ranges[i].lo && cp <= tidy_punct_ranges[i].hi)
			return true;
	return false;
}

/* Return true when s[0..len) holds punctuation and spaces only, with at
 * least one punctuation mark. */
static bool
tidy_is_punct_text(const char *s, size_t len)
{
	bool any = false;

	while (len > 0) {
		if (tidy_strip_one(&s, &len, tidy_spaces, TIDY_N(tidy_spaces), true))
			continue;
		uint32_t cp;
		size_t n = utf8_decode(s, len, &cp);
		if (!tidy_is_punct_cp(cp))
			return false;
		any = true;
		s += n;
		len -= n;
	}
	return any;
}

/* ---- Rules ---- */

enum tidy_arg {
	TIDY_ARG_NONE,		/* a rule on its own: "punct" */
	TIDY_ARG_TEXT,		/* a rule with text: "line 赞" */
	TIDY_ARG_NUMBER,	/* a setting of the section: "max-line 20" */
};

/* One keyword of the rules file. */
struct tidy_keyword {
	const char *name;
	enum tidy_arg arg;
	enum tidy_rule_kind kind;	/* for rules */
	size_t field;			/* for settings: offset of an int in
					   struct tidy_section */
	int max;			/* for settings: the largest value */
};

static const struct tidy_keyword tidy_keywords[] = {
	{ .name = "marker", .arg = TIDY_ARG_TEXT, .kind = TIDY_MARKER },
	{ .name = "line", .arg = TIDY_ARG_TEXT, .kind = TIDY_LINE },
	{ .name = "image", .arg = TIDY_ARG_TEXT, .kind = TIDY_IMAGE },
	{ .name = "empty-image", .arg = TIDY_ARG_NONE,
	  .kind = TIDY_EMPTY_IMAGE },
	{ .name = "punct", .arg = TIDY_ARG_NONE, .kind = TIDY_PUNCT },
	{ .name = "head-marker", .arg = TIDY_ARG_TEXT,
	  .kind = TIDY_HEAD_MARKER },
	{ .name = "head-line", .arg = TIDY_ARG_TEXT, .kind = TIDY_HEAD_LINE },
	{ .name = "header", .arg = TIDY_ARG_TEXT, .kind = TIDY_HEADER },
	{ .name = "byline", .arg = TIDY_ARG_TEXT, .kind = TIDY_BYLINE },
	{ .name = "max-line", .arg = TIDY_ARG_NUMBER,
	  .field = offsetof(struct tidy_section, max_line), .max = 1000 },
	{ .name = "tail", .arg = TIDY_ARG_NUMBER,
	  .field = offsetof(struct tidy_section, tail), .max = 100000 },
};

void
tidy_rules_init(struct tidy_rules *r)
{
	memset(r, 0, sizeof *r);
	r->fold = TIDY_FOLD_ALL;
}

void
tidy_rules_fini(struct tidy_rules *r)
{
	for (size_t i = 0; i < r->n_sections; i++)
		free(r->sections[i].host);
	for (size_t i = 0; i < r->n_rules; i++)
		free(r->rules[i].text);
	free(r->sections);
	free(r->rules);
	unsigned fold = r->fold;
	tidy_rules_init(r);
	r->fold = fold;
}

/* Return the index of the section for host[0..len) (compared without
 * ASCII case), adding it when it is new. */
static size_t
tidy_rules_section(struct tidy_rules *r, const char *host, size_t len)
{
	for (size_t i = 0; i < r->n_sections; i++)
		if (strlen(r->sections[i].host) == len &&
		    tidy_eq(r->sections[i].host, host, len))
			return i;
	r->sections = xreallocarray(r->sections, r->n_sections + 1,
				    sizeof *r->sections);
	char *copy = xstrndup(host, len);
	for (char *p = copy; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	r->sections[r->n_sections] = (struct tidy_section){
		.host = copy, .max_line = -1, .tail = -1,
	};
	return r->n_sections++;
}

/* Append a rule of kind with text[0..len) (NULL for none) to section. */
static void
tidy_rules_add(struct tidy_rules *r, enum tidy_rule_kind kind,
	       const char *text, size_t len, size_t section)
{
	r->rules = xreallocarray(r->rules, r->n_rules + 1, sizeof *r->rules);
	r->rules[r->n_rules++] = (struct tidy_rule){
		.kind = kind, .section = section,
		.text = text != NULL ? xstrndup(text, len) : NULL,
	};
}

/* Parse a section header "[host]" in s[0..len) and make it current. */
static bool
tidy_parse_section(struct tidy_rules *r, const char *s, size_t len,
		   size_t *section, struct err *err)
{
	const char *host = s + 1;
	size_t n = len >= 2 && s[len - 1] == ']' ? len - 2 : 0;

	tidy_trim(&host, &n);
	if (n == 0 || memchr(host, ' ', n) != NULL ||
	    memchr(host, '\t', n) != NULL || memchr(host, ']', n) != NULL)
		return err_set(err, _("a section must look like [host] or [*]"));
	*section = tidy_rules_section(r, host, n);
	return true;
}

/* Apply a numeric setting of keyword k with the text arg[0..len). */
static bool
tidy_parse_setting(struct tidy_rules *r, const struct tidy_keyword *k,
		   const char *arg, size_t len, size_t section,
		   struct err *err)
{
	char *text = xstrndup(arg, len), *end;
	long n = strtol(text, &end, 10);
	bool ok = len > 0 && *end == '\0' && n >= 1 && n <= k->max;

	if (ok)
		*(int *)((char *)&r->sections[section] + k->field) = (int)n;
	else
		err_set(err, _("'%s' needs a number from 1 to %d, not '%s'"),
			k->name, k->max, text);
	free(text);
	return ok;
}

/* Find the keyword word[0..len) in tidy_keywords, or return NULL. */
static const struct tidy_keyword *
tidy_keyword_find(const char *word, size_t len)
{
	for (size_t i = 0; i < TIDY_N(tidy_keywords); i++)
		if (strlen(tidy_keywords[i].name) == len &&
		    memcmp(tidy_keywords[i].name, word, len) == 0)
			return &tidy_keywords[i];
	return NULL;
}

/* Parse a rule or setting "keyword [argument]" in s[0..len). */
static bool
tidy_parse_rule(struct tidy_rules *r, const char *s, size_t len,
		size_t section, struct err *err)
{
	size_t klen = 0;

	while (klen < len && s[klen] != ' ' && s[klen] != '\t')
		klen++;
	const char *arg = s + klen;
	size_t alen = len - klen;
	const struct tidy_keyword *k = tidy_keyword_find(s, klen);

	tidy_trim(&arg, &alen);
	if (k == NULL)
		return err_set(err, _("unknown rule '%.*s'"), (int)klen, s);
	if (k->arg == TIDY_ARG_NUMBER)
		return tidy_parse_setting(r, k, arg, alen, section, err);
	if (k->arg == TIDY_ARG_TEXT && alen == 0)
		return err_set(err, _("'%s' needs a text"), k->name);
	if (k->arg == TIDY_ARG_NONE && alen > 0)
		return err_set(err, _("'%s' takes no text"), k->name);
	tidy_rules_add(r, k->kind, k->arg == TIDY_ARG_TEXT ? arg : NULL, alen,
		       section);
	return true;
}

/* Parse one line s[0..len) of a rules file; *section is the current
 * section, SIZE_MAX before the first header. */
static bool
tidy_parse_line(struct tidy_rules *r, const char *s, size_t len,
		size_t *section, struct err *err)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
			len = i;
			break;
		}
	tidy_trim(&s, &len);
	if (len == 0)
		return true;
	if (s[0] == '[')
		return tidy_parse_section(r, s, len, section, err);
	if (*section == SIZE_MAX)
		*section = tidy_rules_section(r, "*", 1);
	return tidy_parse_rule(r, s, len, *section, err);
}

bool
tidy_rules_parse(struct tidy_rules *r, const char *name, const char *s,
		 size_t len, struct err *err)
{
	size_t section = SIZE_MAX, lineno = 0;
	bool ok = true;
	struct err line_err;

	err_init(&line_err);
	for (const char *p = s, *end = s + len; p < end; ) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl != NULL ? nl : end;
		lineno++;
		if (!tidy_parse_line(r, p, (size_t)(stop - p), &section,
				     &line_err) && ok)
			ok = err_set(err, "%s:%zu: %s", name, lineno,
				     err_msg(&line_err));
		p = stop + 1;
	}
	err_fini(&line_err);
	return ok;
}

/* Read all of f into out; return false on a read error. */
static bool
tidy_read(FILE *f, struct buf *out)
{
	size_t n;

	do {
		buf_reserve(out, 8192);
		n = fread(out->data + out->len, 1, out->cap - out->len - 1, f);
		out->len += n;
		out->data[out->len] = '\0';
	} while (n > 0);
	return !ferror(f);
}

bool
tidy_rules_load(struct tidy_rules *r, const char *path, struct err *err)
{
	FILE *f = fopen(path, "r");
	struct buf raw, clean;

	if (f == NULL && errno == ENOENT)
		return true;
	if (f == NULL)
		return err_set(err, _("cannot read %s: %s"), path,
			       strerror(errno));
	buf_init(&raw);
	bool ok = tidy_read(f, &raw);
	int e = errno;
	fclose(f);
	if (!ok) {
		buf_fini(&raw);
		return err_set(err, _("cannot read %s: %s"), path, strerror(e));
	}
	buf_init(&clean);
	utf8_sanitize(buf_str(&raw), raw.len, &clean);
	ok = tidy_rules_parse(r, path, buf_str(&clean), clean.len, err);
	buf_fini(&raw);
	buf_fini(&clean);
	return ok;
}

/* ---- A block's lines ---- */

/* One line of a block: the rendered text of one source line, or one
 * image (whose text is its alt text). */
struct tidy_line {
	const char *text;	/* into the block's text, trimmed */
	size_t len;
	bool is_image;
	const char *url;	/* an image's address, "" when empty */
};

/* Walks the lines of a block. */
struct tidy_lines {
	const struct doc *d;
	const struct doc_block *b;
	size_t run;		/* next run to read */
};

/* Return true when run r is the word md.c shows for an image without alt
 * text (its source starts "![]"). */
static bool
tidy_run_is_placeholder(const struct doc *d, const struct doc_run *r)
{
	return r->len > 0 && r->src_len != r->len &&
	       r->src_off + 3 <= d->src_len &&
	       memcmp(d->src + r->src_off, "![]", 3) == 0;
}

/* Return true when a line feed lies in d->src[from .. to). */
static bool
tidy_newline_between(const struct doc *d, size_t from, size_t to)
{
	return from < to && to <= d->src_len &&
	       memchr(d->src + from, '\n', to - from) != NULL;
}

/* Consume the runs of the image starting at the current run; store the
 * start of its alt text in the block in *start and return its end (the
 * marker md.c puts around it, "[image 3: " and "]", left out). */
static size_t
tidy_lines_image(struct tidy_lines *it, struct tidy_line *line, size_t *start)
{
	const struct doc_block *b = it->b;
	const struct doc_run *first = &b->runs[it->run];
	size_t end = first->text_off;
	bool any = false;

	*start = end;
	line->is_image = true;
	line->url = first->link >= 0 ? it->d->links[first->link].url : "";
	if (tidy_run_is_placeholder(it->d, first)) {
		it->run++;
		return end;
	}
	for (; it->run < b->n_runs; it->run++) {
		const struct doc_run *r = &b->runs[it->run];
		if (!(r->style & DOC_STYLE_IMAGE) || r->link != first->link)
			break;
		if (r->style & DOC_STYLE_MARK)
			continue;
		if (!any)
			*start = r->text_off;
		any = true;
		end = r->text_off + r->len;
	}
	return any ? end : *start;
}

/* Consume the text runs of one source line; return the end of its text,
 * leaving out synthesized runs at its end (a link's reference number
 * "[3]", the space standing for a soft line break). */
static size_t
tidy_lines_text(struct tidy_lines *it)
{
	const struct doc_block *b = it->b;
	const struct doc_run *first = &b->runs[it->run];
	size_t end = first->text_off, src_end = first->src_off;

	for (; it->run < b->n_runs; it->run++) {
		const struct doc_run *r = &b->runs[it->run];
		if (r->style & DOC_STYLE_IMAGE)
			break;
		if (r != first && r->src_len > 0 &&
		    tidy_newline_between(it->d, src_end, r->src_off))
			break;
		if (r->src_len > 0) {
			end = r->text_off + r->len;
			src_end = r->src_off + r->src_len;
		}
	}
	return end;
}

/* Store the next line of the block in *line; false after the last. */
static bool
tidy_lines_next(struct tidy_lines *it, struct tidy_line *line)
{
	if (it->run >= it->b->n_runs)
		return false;
	size_t start = it->b->runs[it->run].text_off, end;

	*line = (struct tidy_line){ .url = NULL };
	if (it->b->runs[it->run].style & DOC_STYLE_IMAGE)
		end = tidy_lines_image(it, line, &start);
	else
		end = tidy_lines_text(it);
	line->text = it->b->text + start;
	line->len = end - start;
	tidy_trim(&line->text, &line->len);
	return true;
}

/* ---- Applying the rules ---- */

/* The rules as they apply to one document. */
struct tidy_scan {
	const struct doc *d;
	const struct tidy_rules *r;
	bool *applies;		/* per section of r */
	int max_line;		/* columns */
	int tail;		/* blocks */
};

typedef bool tidy_match_fn(const struct tidy_scan *s,
			   const struct tidy_rule *rule,
			   const struct tidy_line *line);

/* Return true when line is at most max-line columns wide. */
static bool
tidy_fits(const struct tidy_scan *s, const struct tidy_line *line)
{
	return line->is_image ||
	       utf8_fit(line->text, line->len, s->max_line, NULL) == line->len;
}

/* marker: a text line starting with the rule's text. */
static bool
tidy_match_marker(const struct tidy_scan *s, const struct tidy_rule *rule,
		  const struct tidy_line *line)
{
	size_t n = strlen(rule->text);

	return !line->is_image && line->len >= n && tidy_eq(line->text, rule->text, n);
}

/* line: a text line equal to the rule's text, or for "text*" a short one
 * starting with it. */
static bool
tidy_match_line(const struct tidy_scan *s, const struct tidy_rule *rule,
		const struct tidy_line *line)
{
	size_t n = strlen(rule->text);

	if (line->is_image)
		return false;
	if (n > 1 && rule->text[n - 1] == '*')
		return line->len >= n - 1 && tidy_eq(line->text, rule->text, n - 1) &&
		       tidy_fits(s, line);
	return line->len == n && tidy_eq(line->text, rule->text, n);
}

/* image: an image whose alt text is the rule's text. */
static bool
tidy_match_image(const struct tidy_scan *s, const struct tidy_rule *rule,
		 const struct tidy_line *line)
{
	return line->is_image && line->len == strlen(rule->text) &&
	       tidy_eq(line->text, rule->text, line->len);
}

/* empty-image: an image with an empty address. */
static bool
tidy_match_empty_image(const struct tidy_scan *s, const struct tidy_rule *rule,
		       const struct tidy_line *line)
{
	return line->is_image && line->url[0] == '\0';
}

/* punct: a short text line of punctuation and spaces. */
static bool
tidy_match_punct(const struct tidy_scan *s, const struct tidy_rule *rule,
		 const struct tidy_line *line)
{
	return !line->is_image && tidy_is_punct_text(line->text, line->len) &&
	       tidy_fits(s, line);
}

/* How each kind of rule matches a line, and which family it is in. */
static const struct {
	tidy_match_fn *match;
	enum tidy_family family;
} tidy_kinds[] = {
	[TIDY_MARKER] = { tidy_match_marker, TIDY_FAMILY_TAIL_MARKER },
	[TIDY_LINE] = { tidy_match_line, TIDY_FAMILY_TAIL_LINE },
	[TIDY_IMAGE] = { tidy_match_image, TIDY_FAMILY_TAIL_LINE },
	[TIDY_EMPTY_IMAGE] = { tidy_match_empty_image, TIDY_FAMILY_TAIL_LINE },
	[TIDY_PUNCT] = { tidy_match_punct, TIDY_FAMILY_TAIL_LINE },
	[TIDY_HEAD_MARKER] = { tidy_match_marker, TIDY_FAMILY_HEAD_MARKER },
	[TIDY_HEAD_LINE] = { tidy_match_line, TIDY_FAMILY_HEAD_LINE },
	[TIDY_HEADER] = { tidy_match_marker, TIDY_FAMILY_HEADER },
	[TIDY_BYLINE] = { tidy_match_marker, TIDY_FAMILY_BYLINE },
};

/* Return true when an applicable rule of family fam matches line. */
static bool
tidy_line_is(const struct tidy_scan *s, const struct tidy_line *line,
	     enum tidy_family fam)
{
	for (size_t i = 0; i < s->r->n_rules; i++) {
		const struct tidy_rule *rule = &s->r->rules[i];
		if (s->applies[rule->section] &&
		    tidy_kinds[rule->kind].family == fam &&
		    tidy_kinds[rule->kind].match(s, rule, line))
			return true;
	}
	return false;
}

/* Return true when line is a word of a row of page controls
 * ("视频 小程序 赞 ，轻点两下取消赞"): at least two words separated by
 * spaces, each a line of family fam. */
static bool
tidy_line_is_row(const struct tidy_scan *s, const struct tidy_line *line,
		 enum tidy_family fam)
{
	const char *p = line->text, *end = line->text + line->len;
	size_t words = 0;

	if (line->is_image || memchr(p, ' ', line->len) == NULL)
		return false;
	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *stop = sp != NULL ? sp : end;
		struct tidy_line word = { .text = p, .len = (size_t)(stop - p) };
		if (word.len > 0 && !tidy_line_is(s, &word, fam))
			return false;
		words += word.len > 0;
		p = stop + (sp != NULL);
	}
	return words >= 2;
}

/* Return true when an applicable rule matches line: a marker rule when
 * markers is true, any other rule of the tail (or a row of lines they
 * match) when it is false. */
static bool
tidy_line_matches(const struct tidy_scan *s, const struct tidy_line *line,
		  bool markers)
{
	if (markers)
		return tidy_line_is(s, line, TIDY_FAMILY_TAIL_MARKER);
	return tidy_line_is(s, line, TIDY_FAMILY_TAIL_LINE) ||
	       tidy_line_is_row(s, line, TIDY_FAMILY_TAIL_LINE);
}

/* Return true when b may be folded at all: code and tables never are. */
static bool
tidy_block_foldable(const struct doc_block *b)
{
	return b->kind != DOC_CODE && b->kind != DOC_TABLE_ROW;
}

/* Return true when b is foldable and every line fits max-line. */
static bool
tidy_block_short(const struct tidy_scan *s, const struct doc_block *b)
{
	struct tidy_lines it = { .d = s->d, .b = b };
	struct tidy_line line;

	if (!tidy_block_foldable(b))
		return false;
	while (tidy_lines_next(&it, &line))
		if (!tidy_fits(s, &line))
			return false;
	return true;
}

/* Return true when a line of b starts with a marker. */
static bool
tidy_block_has_marker(const struct tidy_scan *s, const struct doc_block *b)
{
	struct tidy_lines it = { .d = s->d, .b = b };
	struct tidy_line line;

	while (tidy_lines_next(&it, &line))
		if (tidy_line_matches(s, &line, true))
			return true;
	return false;
}

/* Return true when b is foldable, has lines and each one is a leftover
 * line (an empty text line counts as one). */
static bool
tidy_block_is_leftover(const struct tidy_scan *s, const struct doc_block *b)
{
	struct tidy_lines it = { .d = s->d, .b = b };
	struct tidy_line line;
	bool any = false;

	if (!tidy_block_foldable(b))
		return false;
	while (tidy_lines_next(&it, &line)) {
		if ((line.is_image || line.len > 0) &&
		    !tidy_line_matches(s, &line, false))
			return false;
		any = true;
	}
	return any;
}

/* Mark the short blocks from the first marker in the last `tail` blocks
 * to the end; return the marker's index, or n_blocks when there is none. */
static size_t
tidy_mark_from_marker(const struct tidy_scan *s, struct doc *d)
{
	size_t n = d->n_blocks, i = n > (size_t)s->tail ? n - (size_t)s->tail : 0;

	for (; i < n; i++)
		if (tidy_block_has_marker(s, &d->blocks[i]) &&
		    tidy_block_short(s, &d->blocks[i]))
			break;
	for (size_t j = i; j < n; j++)
		if (tidy_block_short(s, &d->blocks[j]))
			d->blocks[j].flags |= DOC_BLOCK_LEFTOVER;
	return i;
}

/* Mark the leftover blocks just before end, going backwards until a
 * block that is not one (blocks marked already are passed over). */
static void
tidy_mark_trailing(const struct tidy_scan *s, struct doc *d, size_t end)
{
	while (end-- > 0) {
		if (d->blocks[end].flags & DOC_BLOCK_LEFTOVER)
			continue;
		if (!tidy_block_is_leftover(s, &d->blocks[end]))
			break;
		d->blocks[end].flags |= DOC_BLOCK_LEFTOVER;
	}
}

/* Return true when section pattern applies to host[0..len): "*" always, a
 * name when host is it or one of its subdomains. */
static bool
tidy_host_matches(const char *pattern, const char *host, size_t len)
{
	size_t n = strlen(pattern);

	if (strcmp(pattern, "*") == 0)
		return true;
	if (len < n || !tidy_eq(host + len - n, pattern, n))
		return false;
	return len == n || host[len - n - 1] == '.';
}

/* Return the setting at field from the most specific applicable section
 * that sets it (a longer host beats a shorter one, any host beats "*"),
 * or fallback. */
static int
tidy_setting(const struct tidy_scan *s, size_t field, int fallback)
{
	int value = fallback;
	size_t best = 0;
	bool found = false;

	for (size_t i = 0; i < s->r->n_sections; i++) {
		const struct tidy_section *sec = &s->r->sections[i];
		int v = *(const int *)((const char *)sec + field);
		size_t rank = strcmp(sec->host, "*") == 0 ? 0 : strlen(sec->host);
		if (!s->applies[i] || v < 0 || (found && rank <= best))
			continue;
		value = v;
		best = rank;
		found = true;
	}
	return value;
}

/* Set s up for the rules of r that apply to d; tidy_scan_fini frees it. */
static void
tidy_scan_init(struct tidy_scan *s, const struct doc *d,
	       const struct tidy_rules *r)
{
	const char *host = "";
	size_t host_len = 0;

	*s = (struct tidy_scan){ .d = d, .r = r };
	if (d->meta.url != NULL)
		chrome_url_host(d->meta.url, &host, &host_len);
	s->applies = xcalloc(r->n_sections + 1, sizeof *s->applies);
	for (size_t i = 0; i < r->n_sections; i++)
		s->applies[i] = tidy_host_matches(r->sections[i].host, host,
						  host_len);
	s->max_line = tidy_setting(s, offsetof(struct tidy_section, max_line),
				   TIDY_MAX_LINE_DEFAULT);
	s->tail = tidy_setting(s, offsetof(struct tidy_section, tail),
			       TIDY_TAIL_DEFAULT);
}

static void
tidy_scan_fini(struct tidy_scan *s)
{
	free(s->applies);
}

/* Mark the page-interface leftovers at the end of d by the rules of r. */
static void
tidy_mark_leftovers(struct doc *d, const struct tidy_rules *r)
{
	struct tidy_scan s;

	if (r->n_rules == 0)
		return;
	tidy_scan_init(&s, d, r);
	size_t marker = tidy_mark_from_marker(&s, d);
	tidy_mark_trailing(&s, d, d->n_blocks);	/* long rows after it */
	tidy_mark_trailing(&s, d, marker);
	tidy_scan_fini(&s);
}

/* ---- Repeats of the header ---- */

/* Return true when b is a heading or paragraph saying the title or the
 * source (NULL when unknown). */
static bool
tidy_repeats_header(const struct doc_block *b, const char *title,
		    const char *source)
{
	if (b->kind != DOC_HEADING && b->kind != DOC_PARAGRAPH)
		return false;
	return tidy_same_title(b->text, b->text_len, title) ||
	       (source != NULL && tidy_same_title(b->text, b->text_len, source));
}

/* Return true when b has lines and each one is empty or a line of
 * family fam (an image never is). */
static bool
tidy_block_all(const struct tidy_scan *s, const struct doc_block *b,
	       enum tidy_family fam)
{
	struct tidy_lines it = { .d = s->d, .b = b };
	struct tidy_line line;
	bool any = false;

	if (!tidy_block_foldable(b))
		return false;
	while (tidy_lines_next(&it, &line)) {
		if (line.is_image || (line.len > 0 && !tidy_line_is(s, &line, fam)))
			return false;
		any = true;
	}
	return any;
}

/* Return true when a line of b is of family fam. */
static bool
tidy_block_any(const struct tidy_scan *s, const struct doc_block *b,
	       enum tidy_family fam)
{
	struct tidy_lines it = { .d = s->d, .b = b };
	struct tidy_line line;

	while (tidy_lines_next(&it, &line))
		if (tidy_line_is(s, &line, fam))
			return true;
	return false;
}

/* Return the index of the first block among the first TIDY_HEAD_SCAN
 * that is short and has a head marker, or SIZE_MAX. */
static size_t
tidy_head_marker(const struct tidy_scan *s, const struct doc *d)
{
	for (size_t i = 0; i < d->n_blocks && i < TIDY_HEAD_SCAN; i++)
		if (tidy_block_short(s, &d->blocks[i]) &&
		    tidy_block_any(s, &d->blocks[i], TIDY_FAMILY_HEAD_MARKER))
			return i;
	return SIZE_MAX;
}

/* Return true when s[0..len) reads as a date or a time: digits with
 * - / : . 年 月 日 only. */
static bool
tidy_is_date(const char *s, size_t len)
{
	static const char *const units[] = { "年", "月", "日" };
	size_t digits = 0;

	while (len > 0) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '\0' || strchr("-/:.", *s) == NULL) {
			if (!tidy_strip_one(&s, &len, units, TIDY_N(units), true))
				return false;
			continue;
		}
		s++;
		len--;
	}
	return digits > 0;
}

/* The byline being read: "原创 / author / account". */
struct tidy_byline {
	const char *author;	/* into the document, NULL until found */
	size_t author_len;
	bool account;		/* the account (the source) was seen */
};

/* Take the words of line into by: the byline word, dates and the
 * account are passed over, the first other word is the author. */
static void
tidy_byline_words(const struct tidy_scan *s, const struct tidy_line *line,
		  struct tidy_byline *by)
{
	const char *p = line->text, *end = line->text + line->len;
	const char *source = s->d->meta.source;

	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *stop = sp != NULL ? sp : end;
		struct tidy_line w = { .text = p, .len = (size_t)(stop - p) };
		p = stop + (sp != NULL);
		if (w.len == 0 || tidy_line_is(s, &w, TIDY_FAMILY_BYLINE) ||
		    tidy_is_date(w.text, w.len))
			continue;
		if (source != NULL && tidy_same_title(w.text, w.len, source))
			by->account = true;
		else if (by->author == NULL) {
			by->author = w.text;
			by->author_len = w.len;
		}
	}
}

/* Return true when b may continue a byline: one short line, no
 * sentence punctuation. */
static bool
tidy_byline_part(const struct tidy_scan *s, const struct doc_block *b)
{
	return b->kind == DOC_PARAGRAPH && tidy_block_short(s, b) &&
	       memchr(b->text, ' ', b->text_len) == NULL &&
	       strstr(b->text, "。") == NULL && strstr(b->text, "，") == NULL;
}

/* Read a byline starting at block i (whose first line starts with a
 * byline word): mark it and the blocks that go on with it (the author,
 * the account) as header repeats and set d->author, the author's name
 * said once when the page doubled it ("张三张三"). Return the last block
 * it took. */
static size_t
tidy_byline(const struct tidy_scan *s, struct doc *d, size_t i)
{
	struct tidy_byline by = { .author = NULL };
	size_t last = i;

	for (size_t j = i; j < d->n_blocks && j < i + 4; j++) {
		struct doc_block *b = &d->blocks[j];
		struct tidy_lines it = { .d = s->d, .b = b };
		struct tidy_line line;
		if (j > i && (!tidy_byline_part(s, b) ||
			      (by.author != NULL && by.account) ||
			      (by.author != NULL && d->meta.source == NULL)))
			break;
		while (tidy_lines_next(&it, &line))
			if (!line.is_image)
				tidy_byline_words(s, &line, &by);
		b->flags |= DOC_BLOCK_REPEAT;
		last = j;
	}
	if (by.author != NULL) {
		size_t n = by.author_len;
		if (n % 2 == 0 && memcmp(by.author, by.author + n / 2, n / 2) == 0)
			n /= 2;
		d->author = arena_strndup(&d->arena, by.author, n);
	}
	return last;
}

/* Mark what stands at the top of d before the text: blocks that repeat
 * the title or source, the account's profile (header rules) and the
 * byline as header repeats; the page's own head (head-line rules, or
 * every short block up to a head marker) as leftovers. The scan passes
 * over images and rules, which are never marked, and ends at the first
 * other block or after TIDY_HEAD_SCAN blocks. */
static void
tidy_mark_top(struct doc *d, const struct tidy_rules *r)
{
	static const struct tidy_rules none = { .fold = 0 };
	const char *title = doc_title(d), *source = d->meta.source;
	struct tidy_scan s;

	tidy_scan_init(&s, d, (r->fold & TIDY_FOLD_RULES) ? r : &none);
	size_t marker = tidy_head_marker(&s, d);
	d->author = NULL;
	for (size_t i = 0; i < d->n_blocks && i < TIDY_HEAD_SCAN; i++) {
		struct doc_block *b = &d->blocks[i];
		if (b->kind == DOC_IMAGE || b->kind == DOC_RULE ||
		    (b->flags & DOC_BLOCK_LEFTOVER))
			continue;	/* chrome.c's navigation is passed too */
		if (i < TIDY_REPEAT_SCAN && (tidy_repeats_header(b, title, source) ||
		    tidy_block_all(&s, b, TIDY_FAMILY_HEADER)))
			b->flags |= DOC_BLOCK_REPEAT;
		else if (i < TIDY_REPEAT_SCAN && d->author == NULL &&
			 tidy_block_short(&s, b) &&
			 tidy_block_any(&s, b, TIDY_FAMILY_BYLINE))
			i = tidy_byline(&s, d, i);
		else if ((marker != SIZE_MAX && i <= marker &&
			  tidy_block_short(&s, b)) ||
			 tidy_block_all(&s, b, TIDY_FAMILY_HEAD_LINE))
			b->flags |= DOC_BLOCK_LEFTOVER;
		else
			break;
	}
	tidy_scan_fini(&s);
}

/* Clear the flags tidy sets on the n blocks at b. */
static void
tidy_clear(struct doc_block *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i].flags &= ~(unsigned)(DOC_BLOCK_REPEAT | DOC_BLOCK_LEFTOVER);
}

/* Mark what is folded at the end of d: leftovers by the rules, learned
 * chrome, navigation by features, as r->fold allows. */
static void
tidy_mark_bottom(struct doc *d, const struct tidy_rules *r)
{
	if (r->fold & TIDY_FOLD_RULES)
		tidy_mark_leftovers(d, r);
	if (r->fold & TIDY_FOLD_LEARNED)
		chrome_mark_learned_bottom(d);
	if (r->fold & TIDY_FOLD_FEATURES)
		chrome_mark_bottom(d);
}

/* Mark what is hidden or folded at the top of d, as r->fold allows. */
static void
tidy_mark_head(struct doc *d, const struct tidy_rules *r)
{
	if (r->fold & TIDY_FOLD_LEARNED)
		chrome_mark_learned_top(d);
	if (r->fold & TIDY_FOLD_FEATURES)
		chrome_mark_top(d);
	tidy_mark_top(d, r);
	if (r->fold & TIDY_FOLD_LEARNED)
		chrome_mark_learned_top(d);	/* on past the header */
}

/* Mark the leftovers of a lazy document once its last chunk is parsed:
 * in the whole document if it is all parsed, else in the last chunk. */
static void
tidy_doc_last(struct doc *d, const void *rules)
{
	struct doc view;

	if (doc_is_complete(d)) {
		tidy_mark_bottom(d, rules);
		return;
	}
	doc_chunk_view(d, d->n_chunks - 1, &view);
	tidy_clear(view.blocks, view.n_blocks);
	tidy_mark_bottom(&view, rules);
}

void
tidy_doc(struct doc *d, const struct tidy_rules *r)
{
	assert(d != NULL && r != NULL);
	while (d->n_blocks < TIDY_HEAD_SCAN && !doc_is_complete(d))
		doc_parse_upto(d, d->n_done);
	tidy_clear(d->blocks, d->n_blocks);
	tidy_mark_head(d, r);
	if (doc_is_complete(d))
		tidy_mark_bottom(d, r);
	else
		doc_on_last(d, tidy_doc_last, r);
}

void
tidy_unfold(struct doc *d, size_t start, size_t end)
{
	for (size_t i = 0; i < d->n_blocks; i++) {
		struct doc_block *b = &d->blocks[i];
		if (!(b->flags & DOC_BLOCK_LEFTOVER) || b->src_end <= start ||
		    b->src_off >= end)
			continue;
		b->flags &= ~(unsigned)DOC_BLOCK_LEFTOVER;
		d->chunks[doc_chunk_at(d, b->src_off)].version++;
	}
}
