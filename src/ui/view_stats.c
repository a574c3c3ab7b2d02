/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view_stats.h"

#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/xmem.h"
#include "data/stats.h"
#include "text/utf8.h"
#include "ui/keymap.h"
#include "ui/term.h"
#include "ui/view.h"

/* The rows of the 30-day bar chart, and of the pile's. */
#define VIEW_STATS_BAR_ROWS 6
#define VIEW_STATS_BAR_DAYS 30

struct view_stats {
	struct view base;
	struct stats st;		/* owned */
	struct view_stats_goal goal;
	bool table;		/* the numbers rather than the charts */
	const struct keymap *km;	/* the keys the status line names */
	long scroll;		/* page rows scrolled off the top */
	long height;		/* page rows at the last paint */
	/* painting: the page row being drawn and the window */
	long row;
	int rows, cols;
	bool ascii;		/* charts in ASCII: no colours */
};

static struct view_stats *
view_stats_of(struct view *v)
{
	assert(v->kind == VIEW_KIND_STATS);
	return (struct view_stats *)v;
}

/* Draw text at column col of the current page row, if it shows; cut
 * at the window's edge. Return the columns drawn. */
static int
view_stats_put(struct view_stats *vs, int col, const char *text,
	       enum term_element el, unsigned attrs)
{
	long r = vs->row - vs->scroll;

	if (r < 0 || r >= vs->rows || col >= vs->cols)
		return 0;
	return term_draw((int)r, col, vs->cols - col, text, strlen(text), el,
			 attrs);
}

/* Go to the next page row. */
static void
view_stats_nl(struct view_stats *vs)
{
	vs->row++;
}

/* Put a line of text on its own row. */
static void
view_stats_line(struct view_stats *vs, const char *text, enum term_element el,
		unsigned attrs)
{
	view_stats_put(vs, 0, text, el, attrs);
	view_stats_nl(vs);
}

/* Append a duration of ms milliseconds: "1h05m", "12m". */
static void
view_stats_duration(struct buf *out, int64_t ms)
{
	int64_t min = ms / 60000;

	if (min >= 60)
		buf_printf(out, "%" PRId64 "h%02" PRId64 "m", min / 60, min % 60);
	else
		buf_printf(out, "%" PRId64 "m", min);
}

/* One row of totals: label, time, finished, characters, words. */
static void
view_stats_total(struct view_stats *vs, const char *label,
		 const struct stats_total *t)
{
	struct buf b;

	buf_init(&b);
	view_stats_duration(&b, t->active_ms);
	/* TRANSLATORS: a row of the statistics screen after a period's
	 * name: time read, articles finished, Han characters, words. */
	buf_printf(&b, _("  %" PRId64 " finished  %" PRId64 " 字  %" PRId64
			 " words"), t->finished, t->han, t->words);
	int w = view_stats_put(vs, 0, label, TERM_HEADING, TERM_BOLD);
	if (w == 0)	/* off the page: the width still places the rest */
		w = utf8_width(label, strlen(label));
	view_stats_put(vs, (w > 11 ? w : 11) + 1, buf_str(&b), TERM_NORMAL, 0);
	view_stats_nl(vs);
	buf_fini(&b);
}

/* Draw a chart cell of level 0-4 at col, width w: a background colour,
 * or an ASCII mark. */
static void
view_stats_cell(struct view_stats *vs, int col, int w, int level)
{
	static const char marks[] = " .:*#";
	char s[4] = "   ";

	if (vs->ascii || level == 0) {
		s[0] = level == 0 && !vs->ascii ? '.' : marks[level];
		s[1] = '\0';
		view_stats_put(vs, col, s, level == 0 ? TERM_DIM : TERM_NORMAL, 0);
		return;
	}
	s[w < 3 ? w : 3] = '\0';
	view_stats_put(vs, col, s, (enum term_element)(TERM_HEAT_1 + level - 1), 0);
}

/* The last 30 days as vertical bars, one or more columns a day, fewer
 * days when the window is narrow. */
static void
view_stats_bars(struct view_stats *vs)
{
	int left = 6, avail = vs->cols - left - 1;
	int days = avail < VIEW_STATS_BAR_DAYS ? avail : VIEW_STATS_BAR_DAYS;
	int cw = days > 0 ? avail / days : 1;
	int64_t max = 0;
	struct buf b;

	if (days <= 0)
		return;
	cw = cw > 3 ? 3 : cw;
	for (int i = 0; i < days; i++) {
		int64_t a = vs->st.days[STATS_DAYS - days + i].active_ms;
		max = a > max ? a : max;
	}
	/* TRANSLATORS: the title of the bar chart; %d is a number of days. */
	buf_init(&b);
	buf_printf(&b, _("Reading time, last %d days"), days);
	view_stats_line(vs, buf_str(&b), TERM_HEADING, TERM_BOLD);
	for (int r = VIEW_STATS_BAR_ROWS; r >= 1; r--) {
		buf_clear(&b);
		if (r == VIEW_STATS_BAR_ROWS)
			view_stats_duration(&b, max);
		view_stats_put(vs, 0, buf_str(&b), TERM_DIM, 0);
		for (int i = 0; i < days; i++) {
			int64_t a = vs->st.days[STATS_DAYS - days + i].active_ms;
			/* a bar is as many rows high as its share, rounded up */
			int64_t h = max > 0 ? (a * VIEW_STATS_BAR_ROWS + max - 1) / max : 0;
			int bw = cw > 1 ? cw - 1 : 1;	/* a gap between days */
			if (h >= r)
				view_stats_put(vs, left + i * cw,
					       (vs->ascii ? "###" : "   ") + 3 - bw,
					       vs->ascii ? TERM_NORMAL : TERM_CHART_BAR, 0);
		}
		view_stats_nl(vs);
	}
	buf_clear(&b);
	int y, m, d;
	stats_day_date(vs->st.today - days + 1, &y, &m, &d);
	buf_printf(&b, "%02d-%02d", m, d);
	view_stats_put(vs, left, buf_str(&b), TERM_DIM, 0);
	buf_clear(&b);
	stats_day_date(vs->st.today, &y, &m, &d);
	buf_printf(&b, "%02d-%02d", m, d);
	int endcol = left + days * cw - 5;
	if (endcol > left + 6)
		view_stats_put(vs, endcol, buf_str(&b), TERM_DIM, 0);
	view_stats_nl(vs);
	buf_fini(&b);
}

/* Return the heat level 0-4 of a day read for a ms, the year's most
 * being max. */
static int
view_stats_level(int64_t a, int64_t max)
{
	if (a <= 0 || max <= 0)
		return 0;
	return 1 + (int)((a * 4 - 1) / max);
}

/* The year as a calendar grid: a column a week (Monday on top), the
 * current week on the right; as many weeks as fit. */
static void
view_stats_heatmap(struct view_stats *vs)
{
	int left = 4, cw = vs->cols >= left + 53 * 2 + 1 ? 2 : 1;
	int weeks = (vs->cols - left - 1) / cw;
	int64_t monday = vs->st.today - (((vs->st.today + 3) % 7) + 7) % 7;
	int64_t max = 0;
	/* TRANSLATORS: weekday names down the heatmap's side, at most 3
	 * columns wide. */
	const char *names[7] = { _("Mon"), "", _("Wed"), "", _("Fri"), "", "" };

	weeks = weeks > 53 ? 53 : weeks;
	if (weeks <= 0)
		return;
	for (int i = 0; i < STATS_DAYS; i++)
		max = vs->st.days[i].active_ms > max ? vs->st.days[i].active_ms : max;
	view_stats_line(vs, _("Days read this year"), TERM_HEADING, TERM_BOLD);
	for (int wd = 0; wd < 7; wd++) {
		view_stats_put(vs, 0, names[wd], TERM_DIM, 0);
		for (int w = 0; w < weeks; w++) {
			int64_t day = monday - 7 * (weeks - 1 - w) + wd;
			int64_t back = vs->st.today - day;
			if (day > vs->st.today || back >= STATS_DAYS)
				continue;
			int64_t a = vs->st.days[STATS_DAYS - 1 - back].active_ms;
			view_stats_cell(vs, left + w * cw, cw, view_stats_level(a, max));
		}
		view_stats_nl(vs);
	}
	/* TRANSLATORS: the heatmap's legend: less ... more. */
	const char *less = _("less");
	int c = left + utf8_width(less, strlen(less)) + 1;
	view_stats_put(vs, left, less, TERM_DIM, 0);
	for (int l = 0; l <= 4; l++)
		view_stats_cell(vs, c + l * cw, cw, l);
	view_stats_put(vs, c + 5 * cw + 1, _("more"), TERM_DIM, 0);
	view_stats_nl(vs);
}

/* The pile: per week, saved against finished, and what is left unread. */
static void
view_stats_pile(struct view_stats *vs)
{
	int64_t max = 1;
	struct buf b;

	for (int i = 0; i < STATS_WEEKS; i++) {
		max = vs->st.weeks[i].saved > max ? vs->st.weeks[i].saved : max;
		max = vs->st.weeks[i].finished > max ? vs->st.weeks[i].finished : max;
	}
	view_stats_line(vs, _("The pile: saved and finished a week"), TERM_HEADING,
			TERM_BOLD);
	buf_init(&b);
	int bar = (vs->cols - 30) / 2;
	bar = bar < 1 ? 1 : bar;
	for (int i = 0; i < STATS_WEEKS; i++) {
		const struct stats_week *w = &vs->st.weeks[i];
		int y, m, d;
		stats_day_date(w->first_day, &y, &m, &d);
		buf_clear(&b);
		buf_printf(&b, "%02d-%02d %4" PRId64 " %4" PRId64, m, d, w->saved,
			   w->finished);
		int c = view_stats_put(vs, 0, buf_str(&b), TERM_NORMAL, 0) + 1;
		int ns = (int)(w->saved * bar / max), nf = (int)(w->finished * bar / max);
		for (int k = 0; k < ns; k++)
			view_stats_put(vs, c + k, vs->ascii ? "+" : " ",
				       vs->ascii ? TERM_NORMAL : TERM_HEAT_1, 0);
		c += bar + 1;
		for (int k = 0; k < nf; k++)
			view_stats_put(vs, c + k, vs->ascii ? "#" : " ",
				       vs->ascii ? TERM_NORMAL : TERM_CHART_BAR, 0);
		buf_clear(&b);
		/* TRANSLATORS: articles left unread at the end of a week. */
		buf_printf(&b, _("%" PRId64 " unread"), w->unread);
		view_stats_put(vs, c + bar + 1, buf_str(&b), TERM_DIM, 0);
		view_stats_nl(vs);
	}
	buf_fini(&b);
}

/* The streak, the goal, the speed, the median delay. */
static void
view_stats_facts(struct view_stats *vs)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, _("Streak: %" PRId64 " days (longest %" PRId64 ")"),
		   vs->st.streak, vs->st.longest);
	if (vs->goal.minutes > 0 || vs->goal.chars > 0) {
		buf_adds(&b, "  ");
		/* TRANSLATORS: today's progress towards the daily goal. */
		buf_adds(&b, _("goal "));
		view_stats_goal_progress(&vs->st, &vs->goal, &b);
	}
	view_stats_line(vs, buf_str(&b), TERM_NORMAL, TERM_BOLD);
	buf_clear(&b);
	buf_printf(&b, _("Speed: %.0f characters a minute"), vs->st.chars_per_min);
	if (vs->st.median_days >= 0)
		/* TRANSLATORS: the median days from saving an article to
		 * finishing it. */
		buf_printf(&b, _("  median %.1f days from saving to finishing"),
			   vs->st.median_days);
	view_stats_line(vs, buf_str(&b), TERM_NORMAL, 0);
	buf_fini(&b);
}

/* The top sources by time read. */
static void
view_stats_sources(struct view_stats *vs)
{
	struct buf b;

	view_stats_line(vs, _("Sources"), TERM_HEADING, TERM_BOLD);
	buf_init(&b);
	for (size_t i = 0; i < vs->st.n_sources && i < STATS_TOP; i++) {
		const struct stats_source *s = &vs->st.sources[i];
		buf_clear(&b);
		view_stats_duration(&b, s->active_ms);
		buf_printf(&b, _("  %" PRId64 " finished  "), s->finished);
		int c = view_stats_put(vs, 0, buf_str(&b), TERM_NORMAL, 0);
		view_stats_put(vs, c, s->name[0] != '\0' ? s->name : _("(no source)"),
			       TERM_META, 0);
		view_stats_nl(vs);
	}
	buf_fini(&b);
}

/* The table: the 30 days, one a row, then the weeks of the pile. */
static void
view_stats_table(struct view_stats *vs)
{
	struct buf b;

	buf_init(&b);
	/* TRANSLATORS: the header of the statistics table; the columns
	 * below are date, minutes, finished, Han characters, words. */
	view_stats_line(vs, _("Date        Min  Done      字   Words"), TERM_COLUMN_HEADER, 0);
	for (int i = VIEW_STATS_BAR_DAYS - 1; i >= 0; i--) {
		const struct stats_total *t = &vs->st.days[STATS_DAYS - 1 - i];
		int y, m, d;
		stats_day_date(vs->st.today - i, &y, &m, &d);
		buf_clear(&b);
		buf_printf(&b, "%04d-%02d-%02d %5" PRId64 " %5" PRId64 " %7" PRId64
			   " %7" PRId64, y, m, d, t->active_ms / 60000, t->finished,
			   t->han, t->words);
		view_stats_line(vs, buf_str(&b), TERM_NORMAL, 0);
	}
	view_stats_nl(vs);
	/* TRANSLATORS: the header of the pile's table. */
	view_stats_line(vs, _("Week      Saved  Done  Unread"), TERM_COLUMN_HEADER, 0);
	for (int i = 0; i < STATS_WEEKS; i++) {
		const struct stats_week *w = &vs->st.weeks[i];
		int y, m, d;
		stats_day_date(w->first_day, &y, &m, &d);
		buf_clear(&b);
		buf_printf(&b, "%04d-%02d-%02d %5" PRId64 " %5" PRId64 " %7" PRId64,
			   y, m, d, w->saved, w->finished, w->unread);
		view_stats_line(vs, buf_str(&b), TERM_NORMAL, 0);
	}
	buf_fini(&b);
}

static void
view_stats_draw(struct view *v, int rows, int cols)
{
	struct view_stats *vs = view_stats_of(v);

	v->rows = rows - 1;	/* the status line is the app's */
	v->cols = cols;
	vs->rows = rows - 1;
	vs->cols = cols;
	vs->ascii = !term_has_colors();
	vs->row = 0;
	for (int r = 0; r < vs->rows; r++)
		term_fill(r, 0, cols, TERM_NORMAL);
	view_stats_total(vs, _("Today"), &vs->st.today_t);
	view_stats_total(vs, _("This week"), &vs->st.week);
	view_stats_total(vs, _("This month"), &vs->st.month);
	view_stats_facts(vs);
	view_stats_nl(vs);
	if (vs->table) {
		view_stats_table(vs);
	} else {
		view_stats_bars(vs);
		view_stats_nl(vs);
		view_stats_heatmap(vs);
		view_stats_nl(vs);
		view_stats_pile(vs);
		view_stats_nl(vs);
		view_stats_sources(vs);
	}
	vs->height = vs->row;
}

/* Scroll by n rows within the page. */
static struct view_reaction
view_stats_handle(struct view *v, enum action a, int count)
{
	struct view_stats *vs = view_stats_of(v);
	long page = vs->rows > 1 ? vs->rows - 1 : 1;
	long last = vs->height > vs->rows ? vs->height - vs->rows : 0;

	switch (a) {
	case ACTION_BACK:
		return view_react(VIEW_CLOSE);
	case ACTION_TOGGLE_TABLE:
		vs->table = !vs->table;
		vs->scroll = 0;
		return view_react(VIEW_REDRAW);
	default:
		if (!view_motion(a, count, page, last, &vs->scroll))
			return view_react(VIEW_UNHANDLED);
		return view_react(VIEW_REDRAW);
	}
}

static void
view_stats_status(struct view *v, struct buf *left, struct buf *right)
{
	struct view_stats *vs = view_stats_of(v);

	buf_adds(left, _("Reading statistics"));
	/* TRANSLATORS: after the key that shows the statistics' numbers as
	 * tables, or as charts again, on the status line. */
	view_status_key(vs->km, KEYMAP_STATS, ACTION_TOGGLE_TABLE,
			vs->table ? _("charts") : _("table"), right);
	/* TRANSLATORS: after the key that closes a screen, on the status
	 * line. */
	view_status_key(vs->km, KEYMAP_STATS, ACTION_BACK, _("back"), right);
}

static void
view_stats_free(struct view *v)
{
	struct view_stats *vs = view_stats_of(v);

	stats_fini(&vs->st);
	free(vs);
}

static const struct view_ops view_stats_ops = {
	.draw = view_stats_draw,
	.handle = view_stats_handle,
	.status = view_stats_status,
	.free = view_stats_free,
};

struct view *
view_stats_new(struct stats *st, const struct view_stats_goal *goal,
	       const struct keymap *km)
{
	struct view_stats *vs = xcalloc(1, sizeof *vs);

	vs->base.ops = &view_stats_ops;
	vs->base.kind = VIEW_KIND_STATS;
	vs->base.context = KEYMAP_STATS;
	vs->km = km;
	vs->st = *st;
	memset(st, 0, sizeof *st);
	vs->goal = *goal;
	return &vs->base;
}

void
view_stats_goal_progress(const struct stats *st,
			 const struct view_stats_goal *goal, struct buf *out)
{
	if (goal->minutes > 0)
		buf_printf(out, "%" PRId64 "/%" PRId64 "m",
			   st->today_t.active_ms / 60000, goal->minutes);
	else if (goal->chars > 0)
		buf_printf(out, "%" PRId64 "/%" PRId64 "字",
			   st->today_t.han + st->today_t.words, goal->chars);
}
