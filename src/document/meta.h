/* SPDX-License-Identifier: MIT */
/*
 * meta.h: an article's front matter: the optional YAML block between a
 * first line "---" and the next line "---" (libyaml). Known keys get
 * fields; every other key is kept, in order, as text (a YAML list is joined
 * with ", "). Broken front matter is reported, never fatal.
 */
#ifndef TSUNDOKU_META_H
#define TSUNDOKU_META_H

#include <stdbool.h>
#include <stddef.h>

struct err;

struct meta_pair {
	char *key;	/* heap string */
	char *value;	/* heap string; lists joined with ", " */
};

struct meta {
	char *title;		/* heap strings, NULL when absent or empty */
	char *url;
	char *source;
	char *date;		/* as written, e.g. "2023-03-31" */
	char *fetch_date;	/* as written, e.g. "2025-10-04T11:15:05.838989" */
	struct meta_pair *extra;	/* other keys, in file order */
	size_t n_extra;
	bool has_front_matter;	/* a "---" block was found and closed */
};

/* Make m empty. */
void meta_init(struct meta *m);

/* Free everything m holds and make it empty again. */
void meta_fini(struct meta *m);

/* Parse the front matter at the start of the sanitised text s[0..len) into
 * m (which must be empty) and store in *body_off the offset of the first
 * byte after the closing "---" line, or 0 when there is no front matter.
 * Values may be quoted or plain and contain ':' or full-width punctuation.
 * On broken YAML, or an opening "---" that is never closed, return false
 * with a message naming the line in err, leave m empty and *body_off 0 so
 * the caller shows the whole file as text. */
bool meta_parse(const char *s, size_t len, struct meta *m, size_t *body_off,
		struct err *err);

/* Return the offset of the first byte after the closing "---" line of the
 * front matter at the start of s[0..len), valid YAML or not; 0 when s has
 * none or it is never closed. */
size_t meta_end(const char *s, size_t len);

/* Return the value of key in m (known or extra), or NULL. */
const char *meta_get(const struct meta *m, const char *key);

#endif
