/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "document/meta.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* Deeper nesting than this in a value is refused: libyaml itself keeps
 * explicit stacks, but rendering a node to text recurses. */
#define META_MAX_DEPTH 32

/* The keys that have their own field in struct meta. */
static const struct meta_key {
	const char *name;
	size_t field;	/* offsetof the char * in struct meta */
} meta_keys[] = {
	{ .name = "title", .field = offsetof(struct meta, title) },
	{ .name = "url", .field = offsetof(struct meta, url) },
	{ .name = "source", .field = offsetof(struct meta, source) },
	{ .name = "date", .field = offsetof(struct meta, date) },
	{ .name = "fetch_date", .field = offsetof(struct meta, fetch_date) },
};

/* Where the front matter lies in the text, as found by meta_split. */
struct meta_span {
	size_t yaml_off;	/* first byte after the opening line */
	size_t yaml_len;	/* bytes up to the closing line */
	size_t body_off;	/* first byte after the closing line */
};

/* The state of one libyaml walk over the front matter. */
struct meta_yaml {
	yaml_parser_t parser;
	struct err *err;
};

void
meta_init(struct meta *m)
{
	memset(m, 0, sizeof *m);
}

void
meta_fini(struct meta *m)
{
	for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++)
		free(*(char **)((char *)m + meta_keys[i].field));
	for (size_t i = 0; i < m->n_extra; i++) {
		free(m->extra[i].key);
		free(m->extra[i].value);
	}
	free(m->extra);
	meta_init(m);
}

/* Return the index in meta_keys of the known key name, or -1. */
static int
meta_key_index(const char *name)
{
	for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++)
		if (strcmp(meta_keys[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Return value (a heap string, taken over) made safe to show on one
 * line, as a new heap string. YAML escapes can put any code point in a
 * value ("\r\n", "\e", "\u202e"), after the file itself was sanitised:
 * the value is sanitised again, and each run of line breaks and tabs
 * becomes one space, so a title never holds a line break. */
static char *
meta_one_line(char *value)
{
	struct buf b, out;
	bool blank = false;

	buf_init(&b);
	buf_init(&out);
	utf8_sanitize(value, strlen(value), &b);
	free(value);
	for (size_t i = 0; i < b.len; i++) {
		char c = b.data[i];
		if (c == '\n' || c == '\t') {
			blank = true;
			continue;
		}
		if (blank && out.len > 0)
			buf_addc(&out, ' ');
		blank = false;
		buf_addc(&out, c);
	}
	buf_fini(&b);
	return buf_detach(&out);
}

/* Store key and value (both heap strings, taken over) in m: a known key
 * replaces an earlier value and an empty one counts as absent; any other
 * key is appended to extra. */
static void
meta_set(struct meta *m, char *key, char *value)
{
	int i = meta_key_index(key);

	value = meta_one_line(value);
	if (i >= 0) {
		char **field = (char **)((char *)m + meta_keys[i].field);
		free(*field);
		*field = value[0] != '\0' ? value : NULL;
		if (*field == NULL)
			free(value);
		free(key);
		return;
	}
	m->extra = xreallocarray(m->extra, m->n_extra + 1, sizeof *m->extra);
	m->extra[m->n_extra].key = key;
	m->extra[m->n_extra].value = value;
	m->n_extra++;
}

const char *
meta_get(const struct meta *m, const char *key)
{
	int k = meta_key_index(key);

	if (k >= 0)
		return *(char *const *)((const char *)m + meta_keys[k].field);
	for (size_t i = 0; i < m->n_extra; i++)
		if (strcmp(m->extra[i].key, key) == 0)
			return m->extra[i].value;
	return NULL;
}

/* Return the length of the line at s[0..len), without its LF. */
static size_t
meta_line_len(const char *s, size_t len)
{
	const char *nl = memchr(s, '\n', len);

	return nl != NULL ? (size_t)(nl - s) : len;
}

/* Return true when the line s[0..len) is "---", trailing blanks allowed. */
static bool
meta_is_fence(const char *s, size_t len)
{
	if (len < 3 || memcmp(s, "---", 3) != 0)
		return false;
	for (size_t i = 3; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* Find the front matter in s[0..len). Return 0 when there is none, 1 when
 * it was found (filling *span), -1 when the opening line is never closed. */
static int
meta_split(const char *s, size_t len, struct meta_span *span)
{
	size_t n = meta_line_len(s, len);

	if (!meta_is_fence(s, n))
		return 0;
	span->yaml_off = n < len ? n + 1 : len;
	for (size_t off = span->yaml_off; off < len;) {
		size_t k = meta_line_len(s + off, len - off);
		if (meta_is_fence(s + off, k)) {
			span->yaml_len = off - span->yaml_off;
			span->body_off = off + k < len ? off + k + 1 : len;
			return 1;
		}
		off += k + 1;
	}
	return -1;
}

/* Get the next event into *ev; on a YAML error set the error, naming the
 * file line (the YAML starts on line 2), and return false. */
static bool
meta_yaml_next(struct meta_yaml *y, yaml_event_t *ev)
{
	if (yaml_parser_parse(&y->parser, ev))
		return true;
	return err_set(y->err, _("front matter, line %zu: %s"),
		       (size_t)y->parser.problem_mark.line + 2,
		       y->parser.problem ? y->parser.problem :
		       _("invalid YAML"));
}

static bool meta_yaml_node(struct meta_yaml *y, yaml_event_t *ev,
			   struct buf *out, int depth);

/* Append the items of the sequence or mapping whose start event was just
 * consumed, up to the end event of type end: sequence items joined with
 * ", ", mapping pairs as "key: value". */
static bool
meta_yaml_items(struct meta_yaml *y, yaml_event_type_t end, struct buf *out,
		int depth)
{
	yaml_event_t ev;

	for (size_t i = 0;; i++) {
		if (!meta_yaml_next(y, &ev))
			return false;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return true;
		}
		bool is_value = end == YAML_MAPPING_END_EVENT && i % 2 == 1;
		if (i > 0)
			buf_adds(out, is_value ? ": " : ", ");
		if (!meta_yaml_node(y, &ev, out, depth + 1))
			return false;
	}
}

/* Append the text of the node that starts with *ev (which this takes over)
 * to out: a scalar as written, an alias as "*name", collections through
 * meta_yaml_items. */
static bool
meta_yaml_node(struct meta_yaml *y, yaml_event_t *ev, struct buf *out,
	       int depth)
{
	yaml_event_type_t type = ev->type;
	size_t line = ev->start_mark.line + 2;

	if (type == YAML_SCALAR_EVENT)
		buf_add(out, (const char *)ev->data.scalar.value,
			ev->data.scalar.length);
	else if (type == YAML_ALIAS_EVENT)
		buf_printf(out, "*%s", (const char *)ev->data.alias.anchor);
	yaml_event_delete(ev);
	if (depth > META_MAX_DEPTH)
		return err_set(y->err, _("front matter, line %zu: %s"), line,
			       _("nested too deeply"));
	if (type == YAML_SEQUENCE_START_EVENT)
		return meta_yaml_items(y, YAML_SEQUENCE_END_EVENT, out, depth);
	if (type == YAML_MAPPING_START_EVENT)
		return meta_yaml_items(y, YAML_MAPPING_END_EVENT, out, depth);
	return true;
}

/* Read the next node as a heap string into *text; return false on error
 * or, with *text NULL, when the event was the end of the mapping. */
static bool
meta_yaml_text(struct meta_yaml *y, char **text)
{
	yaml_event_t ev;
	struct buf b;

	*text = NULL;
	if (!meta_yaml_next(y, &ev))
		return false;
	if (ev.type == YAML_MAPPING_END_EVENT) {
		yaml_event_delete(&ev);
		return true;
	}
	buf_init(&b);
	if (!meta_yaml_node(y, &ev, &b, 1)) {
		buf_fini(&b);
		return false;
	}
	*text = buf_detach(&b);
	return true;
}

/* Read the pairs of the top-level mapping into m. */
static bool
meta_yaml_pairs(struct meta_yaml *y, struct meta *m)
{
	for (;;) {
		char *key, *value;
		if (!meta_yaml_text(y, &key))
			return false;
		if (key == NULL)
			return true;
		if (!meta_yaml_text(y, &value) || value == NULL) {
			free(key);
			return false;
		}
		meta_set(m, key, value);
	}
}

/* Skip the stream and document starts; return true with *ev holding the
 * first event of the document's content, or the stream's end when the
 * front matter is empty. */
static bool
meta_yaml_start(struct meta_yaml *y, yaml_event_t *ev)
{
	for (;;) {
		if (!meta_yaml_next(y, ev))
			return false;
		if (ev->type != YAML_STREAM_START_EVENT &&
		    ev->type != YAML_DOCUMENT_START_EVENT)
			return true;
		yaml_event_delete(ev);
	}
}

/* Parse the YAML s[0..len) as a mapping of keys to values into m. */
static bool
meta_yaml_parse(const char *s, size_t len, struct meta *m, struct err *err)
{
	struct meta_yaml y = { .err = err };
	yaml_event_t ev;
	bool ok;

	if (!yaml_parser_initialize(&y.parser))
		return err_set(err, _("front matter: %s"), _("out of memory"));
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)s, len);
	ok = meta_yaml_start(&y, &ev);
	if (ok) {
		yaml_event_type_t type = ev.type;
		size_t line = ev.start_mark.line + 2;
		yaml_event_delete(&ev);
		if (type == YAML_MAPPING_START_EVENT)
			ok = meta_yaml_pairs(&y, m);
		else if (type != YAML_STREAM_END_EVENT)
			ok = err_set(err, _("front matter, line %zu: %s"), line,
				     _("expected \"key: value\" lines"));
	}
	yaml_parser_delete(&y.parser);
	return ok;
}

/* Return s[0..len) as a heap string without surrounding blanks and without
 * one pair of matching quotes around it. */
static char *
meta_unquote(const char *s, size_t len)
{
	while (len > 0 && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= 2 && (s[0] == '"' || s[0] == '\'') && s[len - 1] == s[0])
		return xstrndup(s + 1, len - 2);
	return xstrndup(s, len);
}

/* Handle one line of meta_lenient_parse: a "key: value" line (a key with
 * no value may be followed by "- item" lines), an item, a comment or a
 * blank line. Return false for anything else. */
static bool
meta_lenient_line(const char *s, size_t len, struct meta *m, struct buf *list,
		  char **list_key)
{
	size_t i = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len || s[i] == '#')
		return true;
	if (s[i] == '-' && (i + 1 == len || s[i + 1] == ' ')) {
		if (*list_key == NULL)
			return false;
		char *item = meta_unquote(s + i + 1, len - i - 1);
		if (list->len > 0)
			buf_adds(list, ", ");
		buf_adds(list, item);
		free(item);
		return true;
	}
	if (*list_key != NULL)
		meta_set(m, *list_key, buf_detach(list));
	*list_key = NULL;
	const char *colon = memchr(s, ':', len);
	if (i > 0 || colon == NULL || colon == s ||
	    (colon + 1 < s + len && colon[1] != ' ' && colon[1] != '\t'))
		return false;
	char *key = xstrndup(s, (size_t)(colon - s));
	char *value = meta_unquote(colon + 1, len - (size_t)(colon + 1 - s));
	if (value[0] == '\0') {
		*list_key = key;
		free(value);
	} else {
		meta_set(m, key, value);
	}
	return true;
}

/* Parse s[0..len) as the flat "key: value" lines that article savers
 * write without quoting ("title: Rust: the book"), which YAML rejects.
 * Return false when some line has another shape. */
static bool
meta_lenient_parse(const char *s, size_t len, struct meta *m)
{
	struct buf list;
	char *list_key = NULL;
	bool ok = true;

	buf_init(&list);
	for (size_t off = 0; ok && off < len;) {
		size_t k = meta_line_len(s + off, len - off);
		ok = meta_lenient_line(s + off, k, m, &list, &list_key);
		off += k + 1;
	}
	if (list_key != NULL)
		meta_set(m, list_key, buf_detach(&list));
	buf_fini(&list);
	return ok;
}

size_t
meta_end(const char *s, size_t len)
{
	struct meta_span span;

	return meta_split(s, len, &span) > 0 ? span.body_off : 0;
}

bool
meta_parse(const char *s, size_t len, struct meta *m, size_t *body_off,
	   struct err *err)
{
	struct meta_span span;
	int found = meta_split(s, len, &span);

	assert(m->n_extra == 0 && m->title == NULL);
	*body_off = 0;
	if (found == 0)
		return true;
	if (found < 0)
		return err_set(err, _("front matter, line %zu: %s"), (size_t)1,
			       _("the opening \"---\" is never closed"));
	const char *yaml = s + span.yaml_off;
	struct err yaml_err;
	err_init(&yaml_err);
	if (!meta_yaml_parse(yaml, span.yaml_len, m, &yaml_err)) {
		meta_fini(m);
		if (!meta_lenient_parse(yaml, span.yaml_len, m)) {
			meta_fini(m);
			err_set(err, "%s", err_msg(&yaml_err));
			err_fini(&yaml_err);
			return false;
		}
	}
	err_fini(&yaml_err);
	m->has_front_matter = true;
	*body_off = span.body_off;
	return true;
}
