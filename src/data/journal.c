/* SPDX-License-Identifier: MIT */
/*
 * journal.c: journal lines in and out. The parser is a small JSON reader
 * for one flat object: members with string, integer, true, false or null
 * values are taken, unknown members of any JSON type are skipped (so a
 * later minor version may add some), nesting is bounded. It walks the
 * line once; nothing it does is worse than linear.
 */
#include "config.h"
#include "data/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/xmem.h"

/* The "k" values, in the order of enum journal_kind. */
static const char *const journal_kinds[JOURNAL_N_KINDS] = {
	[JOURNAL_READ] = "read", [JOURNAL_PLACE] = "place",
	[JOURNAL_HL] = "hl", [JOURNAL_HL_DEL] = "hl-del",
	[JOURNAL_NOTE] = "note", [JOURNAL_COLOR] = "color",
};

/* Deepest nesting of an unknown member's value that is skipped. */
#define JOURNAL_MAX_DEPTH 16

/* Latest stamp accepted: the year 9999, in ms. */
#define JOURNAL_MAX_MS 253402300799999LL

/* Longest highlight id. */
#define JOURNAL_MAX_HL 64

const char *
journal_kind_name(enum journal_kind k)
{
	return k < JOURNAL_N_KINDS ? journal_kinds[k] : "?";
}

void
journal_rec_fini(struct journal_rec *r)
{
	if (r == NULL)
		return;
	free(r->dev);
	free(r->url);
	free(r->hash);
	free(r->path);
	free(r->hl);
	free(r->quote);
	free(r->prefix);
	free(r->suffix);
	free(r->note);
	memset(r, 0, sizeof *r);
}

char *
journal_article_key(const struct journal_rec *r)
{
	struct buf b;

	buf_init(&b);
	if (r->url != NULL)
		buf_printf(&b, "u:%s", r->url);
	else if (r->hash != NULL)
		buf_printf(&b, "h:%s", r->hash);
	else
		buf_printf(&b, "p:%s", r->path != NULL ? r->path : "");
	return buf_detach(&b);
}

/*
 * Writing.
 */

/* Append the JSON string literal for s to out: quotes, backslashes and
 * C0 controls escaped, other bytes as they are (UTF-8). */
static void
journal_string(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\') {
			buf_addc(out, '\\');
			buf_addc(out, (char)ch);
		} else if (ch == '\n') {
			buf_adds(out, "\\n");
		} else if (ch < 0x20) {
			buf_printf(out, "\\u%04x", ch);
		} else {
			buf_addc(out, (char)ch);
		}
	}
	buf_addc(out, '"');
}

/* Append ,"key":"s" to out when s is not NULL. */
static void
journal_member(struct buf *out, const char *key, const char *s)
{
	if (s == NULL)
		return;
	buf_printf(out, ",\"%s\":", key);
	journal_string(out, s);
}

void
journal_format(const struct journal_rec *r, struct buf *out)
{
	buf_printf(out, "{\"v\":%d,\"id\":\"%s:%" PRId64 ":%" PRIu32 "\","
		   "\"dev\":\"%s\",\"t\":%" PRId64 ",\"c\":%" PRIu32 ",\"k\":\"%s\"",
		   JOURNAL_VERSION, r->dev, r->at.ms, r->at.c, r->dev,
		   r->at.ms, r->at.c, journal_kind_name(r->kind));
	journal_member(out, "url", r->url);
	journal_member(out, "hash", r->hash);
	journal_member(out, "path", r->path);
	journal_member(out, "hl", r->hl);
	switch (r->kind) {
	case JOURNAL_PLACE:
		buf_printf(out, ",\"pos\":%" PRId64 ",\"pct\":%d", r->position,
			   r->percent);
		/* fall through */
	case JOURNAL_READ:
		buf_printf(out, ",\"read\":%s", r->read ? "true" : "false");
		break;
	case JOURNAL_HL:
		buf_printf(out, ",\"start\":%" PRId64 ",\"end\":%" PRId64
			   ",\"color\":%d,\"created\":%" PRId64, r->start,
			   r->end, r->color, r->created);
		journal_member(out, "quote", r->quote);
		journal_member(out, "prefix", r->prefix);
		journal_member(out, "suffix", r->suffix);
		/* fall through */
	case JOURNAL_NOTE:
		buf_adds(out, ",\"note\":");
		if (r->note != NULL)
			journal_string(out, r->note);
		else
			buf_adds(out, "null");
		break;
	case JOURNAL_COLOR:
		buf_printf(out, ",\"color\":%d", r->color);
		break;
	case JOURNAL_HL_DEL:
	case JOURNAL_N_KINDS:
		break;
	}
	buf_adds(out, "}\n");
}

/*
 * Parsing.
 */

/* A cursor over the line being parsed. */
struct journal_in {
	const char *p, *end;
	const char *why;	/* the first problem found, untranslated
				   until reported */
};

/* One member's value as parsed. */
struct journal_val {
	enum { JV_NONE, JV_NULL, JV_BOOL, JV_INT, JV_STR, JV_OTHER } type;
	bool b;
	int64_t i;
	char *s;		/* heap, for JV_STR */
};

/* Skip white space. */
static void
journal_ws(struct journal_in *in)
{
	while (in->p < in->end && (*in->p == ' ' || *in->p == '\t' ||
				   *in->p == '\r' || *in->p == '\n'))
		in->p++;
}

/* Fail with why (the first reason kept); return false. */
static bool
journal_fail(struct journal_in *in, const char *why)
{
	if (in->why == NULL)
		in->why = why;
	return false;
}

/* Return the value of hex digit c, or -1. */
static int
journal_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Read 4 hex digits into *u. */
static bool
journal_u4(struct journal_in *in, unsigned *u)
{
	*u = 0;
	if (in->end - in->p < 4)
		return journal_fail(in, N_("bad \\u escape"));
	for (int i = 0; i < 4; i++) {
		int h = journal_hex(*in->p++);
		if (h < 0)
			return journal_fail(in, N_("bad \\u escape"));
		*u = *u << 4 | (unsigned)h;
	}
	return true;
}

/* Append code point u as UTF-8 to out. */
static void
journal_utf8(struct buf *out, unsigned u)
{
	char s[4];
	size_t n;

	if (u < 0x80) {
		s[0] = (char)u, n = 1;
	} else if (u < 0x800) {
		s[0] = (char)(0xc0 | u >> 6), s[1] = (char)(0x80 | (u & 0x3f));
		n = 2;
	} else if (u < 0x10000) {
		s[0] = (char)(0xe0 | u >> 12);
		s[1] = (char)(0x80 | (u >> 6 & 0x3f));
		s[2] = (char)(0x80 | (u & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | u >> 18);
		s[1] = (char)(0x80 | (u >> 12 & 0x3f));
		s[2] = (char)(0x80 | (u >> 6 & 0x3f));
		s[3] = (char)(0x80 | (u & 0x3f));
		n = 4;
	}
	buf_add(out, s, n);
}

/* Read a \u escape (the backslash and u already read) into out;
 * surrogate pairs join, lone surrogates and NUL are refused. */
static bool
journal_escape_u(struct journal_in *in, struct buf *out)
{
	unsigned u, lo;

	if (!journal_u4(in, &u))
		return false;
	if (u >= 0xdc00 && u <= 0xdfff)
		return journal_fail(in, N_("lone surrogate in a string"));
	if (u >= 0xd800 && u <= 0xdbff) {
		if (in->end - in->p < 2 || in->p[0] != '\\' || in->p[1] != 'u')
			return journal_fail(in, N_("lone surrogate in a string"));
		in->p += 2;
		if (!journal_u4(in, &lo))
			return false;
		if (lo < 0xdc00 || lo > 0xdfff)
			return journal_fail(in, N_("lone surrogate in a string"));
		u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
	}
	if (u == 0)	/* C strings end there */
		return journal_fail(in, N_("control character in a string"));
	journal_utf8(out, u);
	return true;
}

/* Return the length of the valid UTF-8 sequence at p (before end), 0
 * when it is not one. */
static size_t
journal_utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t n;
	unsigned u;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, u = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, u = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, u = p[0] & 0x07;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		u = u << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && (u < 0x800 || (u >= 0xd800 && u <= 0xdfff))) ||
	    (n == 4 && (u < 0x10000 || u > 0x10ffff)))
		return 0;
	return n;
}

/* Read a string (at its opening quote) into out, or only check it when
 * out is NULL. */
static bool
journal_str(struct journal_in *in, struct buf *out)
{
	struct buf scratch;
	bool ok = false;

	buf_init(&scratch);
	if (out == NULL)
		out = &scratch;
	in->p++;
	while (in->p < in->end) {
		const char *run = in->p;
		while (in->p < in->end && (unsigned char)*in->p >= 0x20 &&
		       (unsigned char)*in->p < 0x80 && *in->p != '"' &&
		       *in->p != '\\')
			in->p++;	/* plain ASCII: taken as one run */
		if (in->p > run)
			buf_add(out, run, (size_t)(in->p - run));
		if (in->p >= in->end)
			break;
		unsigned char ch = (unsigned char)*in->p;
		if (ch == '"') {
			in->p++;
			ok = true;
			break;
		}
		if (ch < 0x20) {
			journal_fail(in, N_("control character in a string"));
			break;
		}
		if (ch == '\\') {
			if (in->end - in->p < 2) {
				journal_fail(in, N_("unterminated string"));
				break;
			}
			char e = in->p[1];
			const char *plain = strchr("\"\\/bfnrt", e);
			in->p += 2;
			if (e == 'u') {
				if (!journal_escape_u(in, out))
					break;
			} else if (e != '\0' && plain != NULL) {
				buf_addc(out, "\"\\/\b\f\n\r\t"[plain - "\"\\/bfnrt"]);
			} else {
				journal_fail(in, N_("bad escape in a string"));
				break;
			}
			continue;
		}
		size_t n = journal_utf8_len((const unsigned char *)in->p,
					    (const unsigned char *)in->end);
		if (n == 0) {
			journal_fail(in, N_("invalid UTF-8 in a string"));
			break;
		}
		buf_add(out, in->p, n);
		in->p += n;
	}
	if (!ok)
		journal_fail(in, N_("unterminated string"));
	buf_fini(&scratch);
	return ok;
}

/* Read a JSON number; store it in *i when it is an integer that fits
 * (else *is_int is false). */
static bool
journal_num(struct journal_in *in, int64_t *i, bool *is_int)
{
	bool neg = false, overflow = false, digits = false;
	uint64_t v = 0;

	*is_int = true;
	if (in->p < in->end && *in->p == '-')
		neg = true, in->p++;
	while (in->p < in->end && *in->p >= '0' && *in->p <= '9') {
		unsigned d = (unsigned)(*in->p++ - '0');
		if (v > (UINT64_MAX - d) / 10)
			overflow = true;
		else
			v = v * 10 + d;
		digits = true;
	}
	if (!digits)
		return journal_fail(in, N_("bad number"));
	if (in->p < in->end && (*in->p == '.' || *in->p == 'e' || *in->p == 'E')) {
		*is_int = false;
		while (in->p < in->end &&
		       strchr("0123456789.eE+-", *in->p) != NULL && *in->p != '\0')
			in->p++;
	}
	if (overflow || v > (uint64_t)INT64_MAX)
		*is_int = false;
	*i = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

/* Match the literal word w at the cursor. */
static bool
journal_word(struct journal_in *in, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(in->end - in->p) < n || memcmp(in->p, w, n) != 0)
		return journal_fail(in, N_("not JSON"));
	in->p += n;
	return true;
}

static bool journal_value(struct journal_in *in, struct journal_val *v,
			  int depth);

/* Skip an array or object (at its bracket) nested depth deep. */
static bool
journal_skip_nested(struct journal_in *in, int depth)
{
	char close = *in->p == '[' ? ']' : '}';
	bool first = true;

	if (depth >= JOURNAL_MAX_DEPTH)
		return journal_fail(in, N_("nested too deeply"));
	in->p++;
	for (;;) {
		struct journal_val v = { 0 };
		journal_ws(in);
		if (in->p < in->end && *in->p == close && first) {
			in->p++;
			return true;
		}
		if (close == '}') {
			if (in->p >= in->end || *in->p != '"' || !journal_str(in, NULL))
				return journal_fail(in, N_("not JSON"));
			journal_ws(in);
			if (in->p >= in->end || *in->p++ != ':')
				return journal_fail(in, N_("not JSON"));
		}
		if (!journal_value(in, &v, depth + 1))
			return false;
		free(v.s);
		journal_ws(in);
		if (in->p < in->end && *in->p == close) {
			in->p++;
			return true;
		}
		if (in->p >= in->end || *in->p++ != ',')
			return journal_fail(in, N_("not JSON"));
		first = false;
	}
}

/* Read any value into *v (nested ones skipped, JV_OTHER). */
static bool
journal_value(struct journal_in *in, struct journal_val *v, int depth)
{
	journal_ws(in);
	if (in->p >= in->end)
		return journal_fail(in, N_("not JSON"));
	switch (*in->p) {
	case '"': {
		struct buf b;
		buf_init(&b);
		buf_adds(&b, "");
		if (!journal_str(in, &b)) {
			buf_fini(&b);
			return false;
		}
		if (memchr(b.data, '\0', b.len) != NULL) {
			buf_fini(&b);
			return journal_fail(in, N_("control character in a string"));
		}
		v->type = JV_STR;
		v->s = buf_detach(&b);
		return true;
	}
	case '{': case '[':
		v->type = JV_OTHER;
		return journal_skip_nested(in, depth);
	case 't':
		v->type = JV_BOOL, v->b = true;
		return journal_word(in, "true");
	case 'f':
		v->type = JV_BOOL, v->b = false;
		return journal_word(in, "false");
	case 'n':
		v->type = JV_NULL;
		return journal_word(in, "null");
	default: {
		bool is_int;
		if (!journal_num(in, &v->i, &is_int))
			return false;
		v->type = is_int ? JV_INT : JV_OTHER;
		return true;
	}
	}
}

/* The members a record may have, by name. */
enum journal_key {
	JK_V, JK_DEV, JK_T, JK_C, JK_K, JK_URL, JK_HASH, JK_PATH, JK_HL,
	JK_READ, JK_POS, JK_PCT, JK_START, JK_END, JK_QUOTE, JK_PREFIX,
	JK_SUFFIX, JK_NOTE, JK_COLOR, JK_CREATED, JK_N
};

static const char *const journal_keys[JK_N] = {
	[JK_V] = "v", [JK_DEV] = "dev", [JK_T] = "t", [JK_C] = "c",
	[JK_K] = "k", [JK_URL] = "url", [JK_HASH] = "hash",
	[JK_PATH] = "path", [JK_HL] = "hl", [JK_READ] = "read",
	[JK_POS] = "pos", [JK_PCT] = "pct", [JK_START] = "start",
	[JK_END] = "end", [JK_QUOTE] = "quote", [JK_PREFIX] = "prefix",
	[JK_SUFFIX] = "suffix", [JK_NOTE] = "note", [JK_COLOR] = "color",
	[JK_CREATED] = "created",
};

/* Return the key named s, or JK_N for one this version does not know. */
static enum journal_key
journal_key(const char *s)
{
	for (int k = 0; k < JK_N; k++)
		if (strcmp(s, journal_keys[k]) == 0)
			return (enum journal_key)k;
	return JK_N;
}

/* Parse the object of the line into vals, indexed by key (a repeated
 * member: the last one counts). */
static bool
journal_object(struct journal_in *in, struct journal_val *vals)
{
	journal_ws(in);
	if (in->p >= in->end || *in->p++ != '{')
		return journal_fail(in, N_("not a JSON object"));
	journal_ws(in);
	if (in->p < in->end && *in->p == '}') {
		in->p++;
		return true;
	}
	for (;;) {
		struct buf name;
		struct journal_val v = { 0 };
		buf_init(&name);
		buf_adds(&name, "");
		journal_ws(in);
		bool ok = in->p < in->end && *in->p == '"' && journal_str(in, &name);
		enum journal_key k = ok ? journal_key(name.data) : JK_N;
		buf_fini(&name);
		if (!ok)
			return journal_fail(in, N_("not JSON"));
		journal_ws(in);
		if (in->p >= in->end || *in->p++ != ':')
			return journal_fail(in, N_("not JSON"));
		if (!journal_value(in, &v, 1))
			return false;
		if (k < JK_N) {
			free(vals[k].s);
			vals[k] = v;
		} else {
			free(v.s);
		}
		journal_ws(in);
		if (in->p < in->end && *in->p == '}') {
			in->p++;
			journal_ws(in);
			return in->p == in->end ||
			       journal_fail(in, N_("text after the object"));
		}
		if (in->p >= in->end || *in->p++ != ',')
			return journal_fail(in, N_("not JSON"));
	}
}

/* Take the string member k of vals (a heap string, or NULL) when it is
 * one, or null or absent and optional; else fail. */
static bool
journal_take_str(struct journal_in *in, struct journal_val *vals,
		 enum journal_key k, bool required, char **out)
{
	if (vals[k].type == JV_STR) {
		*out = vals[k].s;
		vals[k].s = NULL;
		return true;
	}
	if (!required && (vals[k].type == JV_NONE || vals[k].type == JV_NULL))
		return true;
	return journal_fail(in, required ? N_("a member is missing")
					 : N_("a member has the wrong type"));
}

/* Take the integer member k of vals, in [lo, hi]. */
static bool
journal_take_int(struct journal_in *in, const struct journal_val *vals,
		 enum journal_key k, int64_t lo, int64_t hi, int64_t *out)
{
	if (vals[k].type != JV_INT)
		return journal_fail(in, vals[k].type == JV_NONE
				    ? N_("a member is missing")
				    : N_("a member has the wrong type"));
	if (vals[k].i < lo || vals[k].i > hi)
		return journal_fail(in, N_("a number is out of range"));
	*out = vals[k].i;
	return true;
}

/* Return whether s is a device id. */
static bool
journal_is_device(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n == JOURNAL_DEVICE_LEN && s[n] == '\0';
}

/* Take the members of a record of kind r->kind. */
static bool
journal_take_value(struct journal_in *in, struct journal_val *vals,
		   struct journal_rec *r)
{
	int64_t i;
	bool hl = r->kind >= JOURNAL_HL;

	if (hl && (!journal_take_str(in, vals, JK_HL, true, &r->hl) ||
		   r->hl[0] == '\0' || strlen(r->hl) > JOURNAL_MAX_HL))
		return journal_fail(in, N_("bad highlight id"));
	if (r->kind == JOURNAL_READ || r->kind == JOURNAL_PLACE) {
		if (vals[JK_READ].type != JV_BOOL)
			return journal_fail(in, N_("a member has the wrong type"));
		r->read = vals[JK_READ].b;
	}
	if (r->kind == JOURNAL_PLACE) {
		if (!journal_take_int(in, vals, JK_POS, 0, INT64_MAX, &r->position) ||
		    !journal_take_int(in, vals, JK_PCT, 0, 100, &i))
			return false;
		r->percent = (int)i;
	}
	if (r->kind == JOURNAL_HL || r->kind == JOURNAL_COLOR) {
		if (!journal_take_int(in, vals, JK_COLOR, 1, 4, &i))
			return false;
		r->color = (int)i;
	}
	if (r->kind == JOURNAL_HL &&
	    (!journal_take_int(in, vals, JK_START, 0, INT64_MAX, &r->start) ||
	     !journal_take_int(in, vals, JK_END, r->start, INT64_MAX, &r->end) ||
	     !journal_take_int(in, vals, JK_CREATED, 0, JOURNAL_MAX_MS, &r->created) ||
	     !journal_take_str(in, vals, JK_QUOTE, true, &r->quote) ||
	     !journal_take_str(in, vals, JK_PREFIX, false, &r->prefix) ||
	     !journal_take_str(in, vals, JK_SUFFIX, false, &r->suffix)))
		return false;
	if ((r->kind == JOURNAL_HL || r->kind == JOURNAL_NOTE) &&
	    !journal_take_str(in, vals, JK_NOTE, false, &r->note))
		return false;
	return true;
}

/* Fill r from the members in vals. */
static enum journal_parse
journal_take(struct journal_in *in, struct journal_val *vals,
	     struct journal_rec *r)
{
	int64_t i;
	char *k = NULL;

	if (!journal_take_int(in, vals, JK_V, 1, INT32_MAX, &i))
		return JOURNAL_BAD;
	r->version = (int)i;
	if (r->version > JOURNAL_VERSION)
		return JOURNAL_FUTURE;
	if (!journal_take_str(in, vals, JK_DEV, true, &r->dev))
		return JOURNAL_BAD;
	if (!journal_is_device(r->dev))
		return journal_fail(in, N_("bad device id")), JOURNAL_BAD;
	if (!journal_take_int(in, vals, JK_T, 0, JOURNAL_MAX_MS, &r->at.ms) ||
	    !journal_take_int(in, vals, JK_C, 0, UINT32_MAX, &i))
		return JOURNAL_BAD;
	r->at.c = (uint32_t)i;
	if (!journal_take_str(in, vals, JK_K, true, &k))
		return JOURNAL_BAD;
	r->kind = JOURNAL_N_KINDS;
	for (int j = 0; j < JOURNAL_N_KINDS; j++)
		if (strcmp(k, journal_kinds[j]) == 0)
			r->kind = (enum journal_kind)j;
	free(k);
	if (r->kind == JOURNAL_N_KINDS)
		return journal_fail(in, N_("unknown kind of change")), JOURNAL_BAD;
	if (!journal_take_str(in, vals, JK_URL, false, &r->url) ||
	    !journal_take_str(in, vals, JK_HASH, false, &r->hash) ||
	    !journal_take_str(in, vals, JK_PATH, false, &r->path))
		return JOURNAL_BAD;
	if ((r->url == NULL || r->url[0] == '\0') &&
	    (r->hash == NULL || r->hash[0] == '\0') &&
	    (r->path == NULL || r->path[0] == '\0'))
		return journal_fail(in, N_("no article named")), JOURNAL_BAD;
	return journal_take_value(in, vals, r) ? JOURNAL_OK : JOURNAL_BAD;
}

enum journal_parse
journal_parse_line(const char *line, size_t len, struct journal_rec *r,
		   struct err *err)
{
	struct journal_in in = { .p = line, .end = line + len };
	struct journal_val vals[JK_N];
	enum journal_parse res = JOURNAL_BAD;

	memset(r, 0, sizeof *r);
	memset(vals, 0, sizeof vals);
	if (journal_object(&in, vals))
		res = journal_take(&in, vals, r);
	for (int k = 0; k < JK_N; k++)
		free(vals[k].s);
	if (res == JOURNAL_BAD)
		err_set(err, "%s", _(in.why != NULL ? in.why : N_("not JSON")));
	return res;
}

/*
 * Files.
 */

/* Bytes read from a journal at a time. */
#define JOURNAL_CHUNK 65536

/* Reading state: the line being gathered. */
struct journal_reader {
	struct buf line;	/* the current line so far */
	bool skipping;		/* it is over the limit: skip to its end */
	size_t lineno;
	int64_t line_off;	/* offset of the current line's start */
};

/* Feed chunk[0..n), read at file offset off, to the line gatherer;
 * return false when cb asked to stop. */
static bool
journal_feed(struct journal_reader *rd, const char *chunk, size_t n,
	     int64_t off, journal_line_fn cb, journal_long_fn too_long,
	     void *ctx)
{
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(chunk + i, '\n', n - i);
		size_t k = nl != NULL ? (size_t)(nl - (chunk + i)) : n - i;
		if (!rd->skipping && rd->line.len + k > JOURNAL_MAX_LINE) {
			rd->skipping = true;
			buf_clear(&rd->line);
		}
		if (!rd->skipping)
			buf_add(&rd->line, chunk + i, k);
		i += k;
		if (nl == NULL)
			break;
		i++;	/* the newline */
		int64_t end = off + (int64_t)i;
		bool go = true;
		if (rd->skipping)
			too_long(rd->lineno, ctx);
		else
			go = cb(rd->line.data != NULL ? rd->line.data : "",
				rd->line.len, rd->lineno, end, ctx);
		buf_clear(&rd->line);
		rd->skipping = false;
		rd->lineno++;
		rd->line_off = end;
		if (!go)
			return false;
	}
	return true;
}

bool
journal_read(const char *path, int64_t off, size_t lineno,
	     journal_line_fn cb, journal_long_fn too_long, void *ctx,
	     int64_t *end, struct err *err)
{
	struct journal_reader rd = { .lineno = lineno, .line_off = off };
	char *chunk;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	bool ok = true;

	*end = off;
	if (fd < 0)
		return err_set(err, _("cannot open %s: %s"), path, strerror(errno));
	chunk = xmalloc(JOURNAL_CHUNK);
	buf_init(&rd.line);
	for (int64_t at = off;;) {
		ssize_t got = pread(fd, chunk, JOURNAL_CHUNK, (off_t)at);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			ok = err_set(err, _("cannot read %s: %s"), path,
				     strerror(errno));
			break;
		}
		if (got == 0 ||
		    !journal_feed(&rd, chunk, (size_t)got, at, cb, too_long, ctx))
			break;
		at += got;
	}
	*end = rd.line_off;
	buf_fini(&rd.line);
	free(chunk);
	close(fd);
	return ok;
}

bool
journal_append(const char *path, const char *line, size_t len,
	       struct err *err)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	bool ok = true;
	char last;
	off_t size;

	if (fd < 0)
		return err_set(err, _("cannot open %s: %s"), path, strerror(errno));
	/* A line left without its newline by a crash is ended first, so it
	 * stays one bad line rather than spoiling this one too. */
	size = lseek(fd, 0, SEEK_END);
	if (size > 0 && pread(fd, &last, 1, size - 1) == 1 && last != '\n' &&
	    write(fd, "\n", 1) != 1)
		ok = false;
	while (ok && len > 0) {
		ssize_t n = write(fd, line, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ok = false;
			break;
		}
		line += n, len -= (size_t)n;
	}
	if (ok && fsync(fd) != 0)
		ok = false;
	if (!ok)
		err_set(err, _("cannot write %s: %s"), path, strerror(errno));
	close(fd);
	return ok;
}

/* Return whether s ends with suffix. */
static bool
journal_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

bool
journal_is_segment(const char *name)
{
	if (name[0] == '.' || name[0] == '~')
		return false;
	/* Syncthing: "2026-12.sync-conflict-20261207-101621-ABCDEFG.jsonl";
	 * Dropbox, Nextcloud: "2026-12 (conflicted copy 2026-12-07).jsonl";
	 * either way the name still ends in .jsonl. */
	return journal_ends(name, ".jsonl");
}

char *
journal_normalise_url(const char *url)
{
	struct buf b;
	const char *p, *host, *end;

	if (url == NULL)
		return NULL;
	while (*url == ' ' || *url == '\t')
		url++;
	end = url + strlen(url);
	while (end > url && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == url)
		return NULL;
	p = memchr(url, '#', (size_t)(end - url));
	if (p != NULL)
		end = p;
	buf_init(&b);
	buf_adds(&b, "");
	host = strstr(url, "://");
	if (host == NULL || host >= end) {
		buf_add(&b, url, (size_t)(end - url));
		return buf_detach(&b);
	}
	host += 3;
	const char *path = host + strcspn(host, "/?");
	if (path > end)
		path = end;
	for (p = url; p < path; p++)
		buf_addc(&b, *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p);
	if (journal_ends(b.data, ":80") && strncmp(b.data, "http:", 5) == 0)
		b.len -= 3;
	else if (journal_ends(b.data, ":443") && strncmp(b.data, "https:", 6) == 0)
		b.len -= 4;
	b.data[b.len] = '\0';
	if (path == end || *path == '?')
		buf_addc(&b, '/');	/* "http://a.b" is "http://a.b/" */
	size_t host_len = b.len;
	buf_add(&b, path, (size_t)(end - path));
	if (b.len > host_len + 1 && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	return buf_detach(&b);
}
