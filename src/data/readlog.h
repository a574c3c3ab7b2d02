/* SPDX-License-Identifier: MIT */
/*
 * readlog.h: the accounting of one reading session, kept by the reader
 * while an article is open and written, through the state API, each
 * time the reading place is saved (state_log_session): no write per key.
 *
 * A session runs from the article's opening to its closing. Its active
 * time is the time the reader was on top with a key pressed within the
 * last READLOG_IDLE_MS: of the time between two keys, up to that much
 * counts; the rest of a longer pause does not (the reader walked away).
 * What was
 * seen is a set of source byte ranges (what the screen showed at each
 * paint), merged as they overlap or touch, so scrolling back and forth
 * over the same page counts it once. Layer 3, but it knows no store:
 * every function is plain arithmetic, for unit tests.
 */
#ifndef TSUNDOKU_READLOG_H
#define TSUNDOKU_READLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct tally;

/* The longest pause between two keys that still counts as reading. */
#define READLOG_IDLE_MS (2 * 60 * 1000)

/* A range of source bytes seen, [start, end). */
struct readlog_span {
	size_t start, end;
};

/* One session. */
struct readlog {
	int64_t article_id;
	int64_t start_ms;	/* opened, unix milliseconds */
	int64_t end_ms;		/* the last activity (open, key), unix ms */
	int64_t last_key_ms;	/* the last key on the reader, 0: none since
				   it was (re)opened or paused */
	int64_t active_ms;	/* the reading time, see above */
	struct readlog_span *spans;	/* sorted, disjoint, not touching;
					   heap */
	size_t n_spans, cap;
};

/* Start session r of article article_id at now_ms (the opening counts
 * as a key). Free with readlog_fini. */
void readlog_init(struct readlog *r, int64_t article_id, int64_t now_ms);

/* Free r's spans; r may be all zero. */
void readlog_fini(struct readlog *r);

/* Say that a key reached the reader at now_ms. Times going backwards
 * (the clock set back) count nothing. */
void readlog_key(struct readlog *r, int64_t now_ms);

/* Say that the reader stopped being on top at now_ms (another view
 * went over it, or the program is leaving): the time since the last key
 * counts up to READLOG_IDLE_MS, and nothing until the next key. */
void readlog_pause(struct readlog *r, int64_t now_ms);

/* Say that the screen showed source bytes [start, end). */
void readlog_seen(struct readlog *r, size_t start, size_t end);

/* Return the number of source bytes seen. */
size_t readlog_seen_len(const struct readlog *r);

/* Add to *t what the spans of r cover in the source text src[0..len)
 * (spans beyond len are cut). */
void readlog_tally(const struct readlog *r, const char *src, size_t len,
		   struct tally *t);

/* Append the spans to out as text, "start-end,start-end" (the session
 * row's spans column), and parse that text back into r's spans (adding
 * to them; malformed parts are skipped). */
void readlog_spans_text(const struct readlog *r, struct buf *out);
void readlog_spans_parse(struct readlog *r, const char *text);

#endif
