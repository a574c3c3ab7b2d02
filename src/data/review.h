/* SPDX-License-Identifier: MIT */
/*
 * review.h: the daily review of highlights: which are due, in what
 * order, and the spaced schedule that an answer (keep, master, discard)
 * moves a highlight along, SM-2-like (tsundoku(5), "Daily review"):
 *
 *   never reviewed   due at once
 *   keep             the 1st time in a row 1 day, the 2nd 3 days, then
 *                    the last interval times the ease (2.5 at first)
 *   master           at least 30 days, and 3 times what keep would give;
 *                    the ease grows by 0.2 (at most 4.0)
 *   discard          never again
 *
 * A queue holds at most size highlights due today or before: the most
 * overdue first, a highlight with a note counting as three days more
 * overdue, and never two from the same article in a row while another
 * article's is left. Days are stats.h's local day numbers. Layer 3: the
 * schedule is arithmetic; review_load reads through store_readlog.h.
 */
#ifndef TSUNDOKU_REVIEW_H
#define TSUNDOKU_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "data/store.h"	/* struct store_review, held by value */

struct buf;
struct err;

enum review_state {
	REVIEW_LEARNING = 0,
	REVIEW_MASTERED = 1,
	REVIEW_DISCARDED = 2,
};

enum review_answer {
	REVIEW_KEEP,
	REVIEW_MASTER,
	REVIEW_DISCARD,
};

#define REVIEW_EASE_START 250	/* percent */
#define REVIEW_EASE_MAX 400
#define REVIEW_MASTER_DAYS 30
#define REVIEW_NOTE_BONUS 3	/* days */
#define REVIEW_SIZE_DEFAULT 5

/* One highlight to review; strings heap, owned by the queue. */
struct review_item {
	int64_t id, article_id;
	char *quote, *prefix, *suffix, *note;	/* note NULL: none */
	bool detached;
	char *title, *source, *path;		/* NULL: unknown */
	size_t start;		/* where it was last anchored */
	struct store_review review;
	int64_t urgency;	/* review_pick's sort key */
};

struct review_queue {
	struct review_item *v;
	size_t n;
};

/* Move schedule *r along for answer a given on day today. */
void review_answer(struct store_review *r, enum review_answer a,
		   int64_t today);

/* Order the candidates v[0..n) (all due) as review_load would and keep
 * the first size: see above. Return the number kept; the items beyond
 * it are freed. */
size_t review_pick(struct review_item *v, size_t n, size_t size,
		   int64_t today);

/* Fill q with the queue of day today, at most size highlights, from s. */
bool review_load(struct review_queue *q, struct store *s, int64_t today,
		 size_t size, struct err *err);

/* Free q's items; q may be all zero. */
void review_queue_fini(struct review_queue *q);

/* Free one item's strings. */
void review_item_fini(struct review_item *it);

/* Append q as a JSON array (one object per highlight) to out. */
void review_json(const struct review_queue *q, struct buf *out);

#endif
