/* SPDX-License-Identifier: MIT */
/*
 * tidy.h: the tidy pass. Saved articles carry two kinds of noise that a
 * reader should fold away without losing a byte: copies of the header at
 * the top of the body (the title as a heading, often twice, and the source
 * name on its own lines), and the page's interface at the end (WeChat's
 * "微信扫一扫", "继续滑动看下一个", button labels, runs of lone punctuation
 * marks). tidy_doc only sets DOC_BLOCK_REPEAT and DOC_BLOCK_LEFTOVER on the
 * document's blocks; the layout decides what folding means. Nothing is
 * removed, so source offsets, highlights and search are unaffected.
 *
 * The end-of-article noise is recognised by rules read from a line-based
 * file (the syntax is in tsundoku(5), LEFTOVER RULES): sections keyed by
 * the host of the article's url, each holding rules:
 *
 *	[mp.weixin.qq.com]	applies to that host and its subdomains;
 *				[*] applies to every article
 *	marker TEXT		a short block with a line that starts with
 *				TEXT begins the leftover tail
 *	line TEXT		a line equal to TEXT is a leftover line
 *				("TEXT*": a short line starting with TEXT)
 *	image TEXT		an image whose alt text is TEXT is one
 *	empty-image		an image with an empty address is one
 *	punct			a short line of punctuation only is one
 *	max-line N		"short" means at most N columns (default 20)
 *	tail N			markers are looked for in the last N blocks
 *				(default 40)
 *	head-marker TEXT	a short block near the top with a line
 *				starting with TEXT ends the leftover head
 *	head-line TEXT		as line, for the blocks at the top
 *	header TEXT		a block at the top whose lines start with
 *				TEXT is part of the header (a profile card)
 *	byline TEXT		a line at the top starting with TEXT begins
 *				the byline; its author goes to d->author
 *
 * How the rules are applied (tidy_doc), in terms of a block's lines (the
 * rendered text of each of its source lines; an image is a line of its
 * own), pooling the rules of every section that applies and taking each
 * setting from the most specific section that sets it:
 *  1. The first block among the last `tail` ones that is short (every
 *     line at most max-line columns) and has a line starting with a marker
 *     begins the tail: from there to the end every short block is a
 *     leftover. Code blocks, table rows and long blocks stay visible.
 *  2. Then, going backwards from the end (or from the marker), every block
 *     whose lines are all leftover lines is a leftover; the first block
 *     that is not ends the scan.
 *  3. At the top (tidy_mark_top), going forwards past images and rules:
 *     title or source repeats, header blocks and the byline become
 *     DOC_BLOCK_REPEAT; head lines and short blocks up to a head marker
 *     DOC_BLOCK_LEFTOVER; the first other block ends the scan.
 * A line longer than max-line is never hidden except by an exact `line`
 * rule (or a row of them), so real paragraphs stay visible whatever the
 * rules say. chrome.c's site navigation is marked by tidy_doc as well.
 */
#ifndef TSUNDOKU_TIDY_H
#define TSUNDOKU_TIDY_H

#include <stdbool.h>
#include <stddef.h>

struct doc;
struct err;

#define TIDY_MAX_LINE_DEFAULT 20	/* columns */
#define TIDY_TAIL_DEFAULT 40		/* blocks */
#define TIDY_REPEAT_SCAN 8		/* blocks at the top checked for repeats */
#define TIDY_HEAD_SCAN 16		/* blocks at the top checked for a head */

enum tidy_rule_kind {
	TIDY_MARKER,		/* text: a line starting with it begins the tail */
	TIDY_LINE,		/* text: a line equal to it ("x*": starting with x) */
	TIDY_IMAGE,		/* text: an image with this alt text */
	TIDY_EMPTY_IMAGE,	/* an image with an empty address */
	TIDY_PUNCT,		/* a short line of punctuation and spaces */
	TIDY_HEAD_MARKER,	/* text: a short block near the top with a
				   line starting with it ends the leftover
				   head */
	TIDY_HEAD_LINE,		/* text: as TIDY_LINE, at the top */
	TIDY_HEADER,		/* text: a block near the top whose lines
				   start with it belongs to the header */
	TIDY_BYLINE,		/* text: a line near the top starting with it
				   begins the byline: author, account */
};

/* Where a kind of rule applies. */
enum tidy_family {
	TIDY_FAMILY_TAIL_MARKER,
	TIDY_FAMILY_TAIL_LINE,
	TIDY_FAMILY_HEAD_MARKER,
	TIDY_FAMILY_HEAD_LINE,
	TIDY_FAMILY_HEADER,
	TIDY_FAMILY_BYLINE,
};

/* One [host] section. A host seen again later (in the same or another
 * file) reopens the same section, so a user file adds to the data file. */
struct tidy_section {
	char *host;	/* heap, lower case; "*" for every article */
	int max_line;	/* columns; -1 when this section does not set it */
	int tail;	/* blocks; -1 when this section does not set it */
};

struct tidy_rule {
	enum tidy_rule_kind kind;
	char *text;		/* heap string; NULL for punct, empty-image */
	size_t section;		/* index into tidy_rules.sections */
};

/* Which families of folding tidy_doc applies (bits); header repeats
 * are always hidden. */
enum tidy_fold {
	TIDY_FOLD_RULES = 1 << 0,	/* the rules of the leftovers files */
	TIDY_FOLD_FEATURES = 1 << 1,	/* site navigation by features */
	TIDY_FOLD_LEARNED = 1 << 2,	/* chrome learned from the archive */
	TIDY_FOLD_ALL = 7,
};

/* Parsed rules, in file order; owns every string. */
struct tidy_rules {
	unsigned fold;		/* enum tidy_fold bits; TIDY_FOLD_ALL after
				   tidy_rules_init */
	struct tidy_section *sections;
	size_t n_sections;
	struct tidy_rule *rules;
	size_t n_rules;
};

/* Make r empty (no rules: tidy_doc then only marks header repeats). */
void tidy_rules_init(struct tidy_rules *r);

/* Free everything r holds and make it empty again. */
void tidy_rules_fini(struct tidy_rules *r);

/* Add the rules of the file at path to r (call it again for a user file:
 * its rules add to those already loaded). A missing file is not an error:
 * return true and add nothing. An unreadable file returns false with a
 * message. Bad lines are skipped and the valid ones kept; then return
 * false with the first mistake in err as "PATH:LINE: message". */
bool tidy_rules_load(struct tidy_rules *r, const char *path, struct err *err);

/* Add the rules in the text s[0..len) to r, as tidy_rules_load does for a
 * file's content; name stands for the file in messages. */
bool tidy_rules_parse(struct tidy_rules *r, const char *name, const char *s,
		      size_t len, struct err *err);

/* Set DOC_BLOCK_REPEAT on the blocks at the top of d's body that repeat
 * its title or source (images are never marked) and DOC_BLOCK_LEFTOVER on
 * the page-interface leftovers at its end, by the rules in r whose
 * sections apply to d's url (only [*] when d has none). Earlier flags of
 * both kinds are cleared first, so it can run again after new rules. On
 * a lazy document (doc.h) the first chunks are parsed for the repeats;
 * the leftovers are marked when the last chunk gets parsed, in it alone
 * unless everything is parsed by then, so r must outlive d. */
void tidy_doc(struct doc *d, const struct tidy_rules *r);

/* Never fold what the reader keeps: clear DOC_BLOCK_LEFTOVER on the
 * parsed blocks of d that overlap the source range [start, end) (a
 * highlight's), giving their chunks a new version so that a lazy layout
 * lays them out again. */
void tidy_unfold(struct doc *d, size_t start, size_t end);

#endif
