/* SPDX-License-Identifier: MIT */
/*
 * highlight.h: highlights and their notes, as the reader and the
 * highlights list use them. A highlight is a source byte range of an
 * article plus what it covered as rendered (the quote, no Markdown
 * syntax) and about 32 characters of rendered context on each side (the
 * W3C TextQuoteSelector idea). When the article file changes, loading
 * finds each highlight again (anchor.h): at its old range if the quote is
 * still there, else where the quote stands with the context that agrees
 * best, nearest to the old place; one that cannot be found is kept and
 * marked detached, never dropped.
 *
 * "Rendered text" is the text of the document's blocks joined with "\n":
 * a paragraph end counts as a line break, so a highlight may span inline
 * markup, list items and paragraph ends.
 *
 * Every function that takes a document needs it whole: call
 * doc_parse_all on a lazily loaded one first (asserted). Every write is
 * committed to the database before the function returns true, so the
 * interface may show "saved" then. Layer 3: knows the document and the
 * store, nothing of the screen.
 */
#ifndef TSUNDOKU_HIGHLIGHT_H
#define TSUNDOKU_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct doc;
struct err;
struct store;

/* The number of colours; a colour is 1..HIGHLIGHT_COLORS. */
#define HIGHLIGHT_COLORS 4

/* About how many characters (code points) of context are kept on each
 * side of a quote. */
#define HIGHLIGHT_CONTEXT_CHARS 32

struct highlight {
	int64_t id;		/* row id; 0 until saved */
	size_t start, end;	/* source byte range in the current doc->src;
				   for a detached one, where it last was */
	char *quote;		/* the rendered text as the user saw it
				   (no Markdown syntax); heap */
	char *prefix, *suffix;	/* about 32 characters of rendered context
				   before/after; heap, "" when none */
	char *note;		/* NULL: no note; heap */
	int color;		/* 1-4 */
	bool detached;		/* could not be placed in the current text */
	int64_t created, updated;	/* unix milliseconds */
};

/* The highlights of one article: the placed ones first, sorted by start,
 * then by length (shorter first, so among highlights starting at one
 * offset the innermost comes first); then the detached ones, in the same
 * order by their last range. */
struct highlight_set {
	struct highlight *v;	/* heap array */
	size_t n;
};

/* Free the strings of h (not h itself); NULL is allowed. */
void highlight_fini(struct highlight *h);

/* Free everything hs holds and make it empty; NULL is allowed. */
void highlight_set_fini(struct highlight_set *hs);

/* Set quote to the rendered text of d's source range [start,end), and
 * prefix and suffix to up to HIGHLIGHT_CONTEXT_CHARS characters of the
 * rendered text before and after it (each buffer is cleared first; a
 * NULL buffer is skipped). The range is widened to whole runs where the
 * source does not map byte for byte (an entity, an image). Return false
 * when the range holds no rendered text (only markup, or empty). */
bool highlight_quote(const struct doc *d, size_t start, size_t end,
		     struct buf *quote, struct buf *prefix,
		     struct buf *suffix);

/* Load the highlights of the article at path into *out (replacing what
 * it held) and anchor each in d: a highlight whose range moved is
 * written back, one that cannot be placed is marked detached (and keeps
 * its last range); one found again is attached again. */
bool highlight_load(struct store *s, const char *path, const struct doc *d,
		    struct highlight_set *out, struct err *err);

/* Make a new highlight of d's [start,end) in colour color (1-4) with an
 * optional note (NULL or "": none) in *out (heap strings; free with
 * highlight_fini), not saved yet (id 0): the interface saves it through
 * state.h. Fails when the range holds no rendered text but white space. */
bool highlight_new(const struct doc *d, size_t start, size_t end, int color,
		   const char *note, struct highlight *out, struct err *err);

/* Make a new highlight as highlight_new does and save it as one of the
 * article at path. */
bool highlight_add(struct store *s, const char *path, const struct doc *d,
		   size_t start, size_t end, int color, const char *note,
		   struct highlight *out, struct err *err);

/* Set the note of highlight id (NULL or "": remove the note, keep the
 * highlight) and its update time. */
bool highlight_set_note(struct store *s, int64_t id, const char *note,
			struct err *err);

/* Set the colour (1-4) of highlight id and its update time. */
bool highlight_set_color(struct store *s, int64_t id, int color,
			 struct err *err);

/* Delete highlight id. */
bool highlight_delete(struct store *s, int64_t id, struct err *err);

/* Put back a deleted highlight h (undo) of the article at path: same id,
 * range, texts and times. */
bool highlight_restore(struct store *s, const char *path,
		       const struct highlight *h, struct err *err);

/* A highlight with its article, for the archive-wide list and export.
 * Heap strings; title, source, date and url may be NULL (unknown). */
struct highlight_entry {
	struct highlight h;
	char *path, *title, *source, *date, *url;
};

/* Store in *out a heap array of the *n highlights of the archive, newest
 * first (by creation time), with their articles. When filter is neither
 * NULL nor blank, keep only those whose quote or note contains it, folded
 * like search (case and width: ＡＢＣ finds abc). Free with
 * highlight_entries_free. */
bool highlight_list_all(struct store *s, const char *filter,
			struct highlight_entry **out, size_t *n,
			struct err *err);

/* Free the strings of e (not e itself); NULL is allowed. */
void highlight_entry_fini(struct highlight_entry *e);

/* Free the array v of n entries; NULL is allowed. */
void highlight_entries_free(struct highlight_entry *v, size_t n);

/* Call cb(path, count, ctx) once for each article with highlights, for
 * the list view's counts. */
bool highlight_counts(struct store *s,
		      void (*cb)(const char *path, size_t n, void *ctx),
		      void *ctx, struct err *err);

/* Return the index in hs of the innermost (shortest) placed highlight
 * whose range holds the source offset off (start <= off < end), or -1
 * when none does: the one the caret is in. */
long highlight_at(const struct highlight_set *hs, size_t off);

/* Return the index of the first placed highlight starting after off
 * (forward) or the last one starting before off (backward), or -1: the
 * targets of ]h and [h. */
long highlight_next(const struct highlight_set *hs, size_t off,
		    bool forward);

/* Return the time now in unix milliseconds. */
int64_t highlight_now_ms(void);

#endif
