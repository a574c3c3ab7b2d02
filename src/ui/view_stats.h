/* SPDX-License-Identifier: MIT */
/*
 * view_stats.h: the statistics screen (I in the list, :stats): totals
 * for today, this week and this month, the streak and the daily goal, a
 * bar chart of the last 30 days, a year heatmap, the pile, the top
 * sources, and the same numbers as a table one key away (t). Charts are
 * drawn with background colours where the terminal has them and with
 * ASCII (. : * #) where it has not, never with block characters (they
 * are ambiguous-width in CJK locales); they shrink to the window and
 * the page scrolls. The view is fed its numbers and takes keys itself:
 * t table or charts, j/k and the arrows scroll, q or Esc goes back.
 */
#ifndef TSUNDOKU_VIEW_STATS_H
#define TSUNDOKU_VIEW_STATS_H

#include <stdint.h>

struct stats;
struct view;

/* The daily goal (set daily-goal): minutes, or Han characters and
 * words; 0 for none. */
struct view_stats_goal {
	int64_t minutes;
	int64_t chars;
};

/* Make the view of *st, which it takes over (leaving *st to be
 * stats_fini'ed as empty). */
struct keymap;
/* Make the view of st, which it takes over; km names the keys on its
 * status line (it must outlive the view). */
struct view *view_stats_new(struct stats *st,
			    const struct view_stats_goal *goal,
			    const struct keymap *km);

/* Append to out today's progress towards goal ("12/30m", "800/3000字")
 * from st; nothing when no goal is set. */
struct buf;
void view_stats_goal_progress(const struct stats *st,
			      const struct view_stats_goal *goal,
			      struct buf *out);

#endif
