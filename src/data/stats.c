/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "data/stats.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/xmem.h"
#include "data/state.h"
#include "data/store_readlog.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil). */
int64_t
stats_civil_day(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
stats_day_date(int64_t day, int *y, int *m, int *d)
{
	day += 719468;
	int64_t era = (day >= 0 ? day : day - 146096) / 146097;
	int64_t doe = day - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int64_t
stats_day(int64_t t_ms)
{
	time_t t = (time_t)(t_ms >= 0 ? t_ms / 1000 : (t_ms - 999) / 1000);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return t_ms / 86400000;
	return stats_civil_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int64_t
stats_day_start_ms(int64_t day)
{
	int y, m, d;
	struct tm tm = { 0 };

	stats_day_date(day, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	int64_t t = (int64_t)mktime(&tm) * 1000;
	/* mktime moves a midnight that does not exist forward, or may land
	 * on the day before around a change: step to the day's start */
	while (stats_day(t) < day)
		t += 15 * 60000;
	while (stats_day(t - 15 * 60000) == day)
		t -= 15 * 60000;
	return t;
}

int64_t
stats_parse_day(const char *s)
{
	int v[3] = { 0 }, widths[3] = { 4, 2, 2 };

	if (s == NULL)
		return -1;
	for (int k = 0; k < 3; k++) {	/* by hand: 100,000 a load */
		for (int i = 0; i < widths[k]; i++, s++) {
			if (*s < '0' || *s > '9')
				return -1;
			v[k] = v[k] * 10 + (*s - '0');
		}
		if (k < 2 && *s++ != '-')
			return -1;
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return -1;
	return stats_civil_day(v[0], v[1], v[2]);
}

int64_t
stats_now_ms(const char *env)
{
	int y, mo, d, h = 12, mi = 0;
	struct tm tm = { 0 };

	if (env == NULL || *env == '\0' ||
	    sscanf(env, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) < 3)
		return state_now_ms();
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

/* Return the Monday on or before day (1970-01-01 was a Thursday). */
static int64_t
stats_monday(int64_t day)
{
	return day - (((day + 3) % 7) + 7) % 7;
}

/* Return the first day of day's month. */
static int64_t
stats_month_start(int64_t day)
{
	int y, m, d;

	stats_day_date(day, &y, &m, &d);
	return day - (d - 1);
}

void
stats_init(struct stats *st, int64_t now_ms, int64_t since_day)
{
	memset(st, 0, sizeof *st);
	st->today = stats_day(now_ms);
	st->since_day = since_day;
	st->median_days = -1;
	for (int i = 0; i < STATS_WEEKS; i++)
		st->weeks[i].first_day = stats_monday(st->today) -
					 7 * (STATS_WEEKS - 1 - i);
}

void
stats_fini(struct stats *st)
{
	for (size_t i = 0; i < st->n_sources; i++)
		free(st->sources[i].name);
	free(st->sources);
	free(st->slots);
	free(st->read_days);
	free(st->delays);
	memset(st, 0, sizeof *st);
}

/* Return the totals of every period day falls in, through fn. */
static void
stats_each_total(struct stats *st, int64_t day,
		 void (*fn)(struct stats_total *t, const void *arg),
		 const void *arg)
{
	if (day < st->since_day || day > st->today)
		return;
	fn(&st->all, arg);
	if (day == st->today)
		fn(&st->today_t, arg);
	if (day >= stats_monday(st->today))
		fn(&st->week, arg);
	if (day >= stats_month_start(st->today))
		fn(&st->month, arg);
	if (day > st->today - STATS_DAYS)
		fn(&st->days[STATS_DAYS - 1 - (st->today - day)], arg);
}

/* Return the FNV-1a hash of s. */
static uint32_t
stats_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Put source i into the hash table (open addressing; 1 + index, 0:
 * empty). */
static void
stats_slot_put(struct stats *st, size_t i)
{
	size_t k = stats_hash(st->sources[i].name) & (st->n_slots - 1);

	while (st->slots[k] != 0)
		k = (k + 1) & (st->n_slots - 1);
	st->slots[k] = (uint32_t)(i + 1);
}

/* Return the entry of source name, adding it: by hash, since a load
 * looks a source up for every session and every finished article. */
static struct stats_source *
stats_source(struct stats *st, const char *name)
{
	if (name == NULL)
		name = "";
	if (st->n_slots > 0) {
		size_t k = stats_hash(name) & (st->n_slots - 1);
		for (; st->slots[k] != 0; k = (k + 1) & (st->n_slots - 1))
			if (strcmp(st->sources[st->slots[k] - 1].name, name) == 0)
				return &st->sources[st->slots[k] - 1];
	}
	if (2 * (st->n_sources + 1) > st->n_slots) {	/* grow and rehash */
		free(st->slots);
		st->n_slots = st->n_slots ? 2 * st->n_slots : 64;
		st->slots = xcalloc(st->n_slots, sizeof *st->slots);
		for (size_t i = 0; i < st->n_sources; i++)
			stats_slot_put(st, i);
	}
	st->sources = xreallocarray(st->sources, st->n_sources + 1,
				    sizeof *st->sources);
	st->sources[st->n_sources] = (struct stats_source){
		.name = xstrdup(name) };
	stats_slot_put(st, st->n_sources);
	return &st->sources[st->n_sources++];
}

/* Append v to the array *a of *n (capacity *cap). */
static void
stats_push(int64_t **a, size_t *n, size_t *cap, int64_t v)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*a = xreallocarray(*a, *cap, sizeof **a);
	}
	(*a)[(*n)++] = v;
}

static void
stats_add_time(struct stats_total *t, const void *arg)
{
	const int64_t *v = arg;

	t->active_ms += v[0];
	t->han += v[1];
	t->words += v[2];
}

/* Return stats_day(t_ms), remembering the last day's bounds: rows come
 * by time, and localtime_r for each was a third of a load. */
static int64_t
stats_day_cached(struct stats *st, int64_t t_ms)
{
	if (t_ms < st->cache_lo || t_ms >= st->cache_hi) {
		st->cache_day = stats_day(t_ms);
		st->cache_lo = stats_day_start_ms(st->cache_day);
		st->cache_hi = stats_day_start_ms(st->cache_day + 1);
		if (t_ms < st->cache_lo || t_ms >= st->cache_hi)	/* odd zones */
			st->cache_lo = st->cache_hi = 0;
		return st->cache_day;
	}
	return st->cache_day;
}

void
stats_add_session(struct stats *st, int64_t start_ms, int64_t active_ms,
		  int64_t han, int64_t words, const char *source)
{
	int64_t day = stats_day_cached(st, start_ms);
	const int64_t v[3] = { active_ms, han, words };

	if (active_ms > 0 && (st->n_read_days == 0 ||
			      st->read_days[st->n_read_days - 1] != day))
		stats_push(&st->read_days, &st->n_read_days, &st->cap_days, day);
	if (day < st->since_day || day > st->today)
		return;
	stats_each_total(st, day, stats_add_time, v);
	stats_source(st, source)->active_ms += active_ms;
}

static void
stats_add_one(struct stats_total *t, const void *arg)
{
	(void)arg;
	t->finished++;
}

/* Return the week of the pile that day falls in, or -1. */
static int
stats_week_of(const struct stats *st, int64_t day)
{
	int64_t w = (day - st->weeks[0].first_day);

	if (w < 0)
		return -1;
	w /= 7;
	return w < STATS_WEEKS ? (int)w : -1;
}

void
stats_add_finished(struct stats *st, int64_t read_ms, int64_t saved_day,
		   const char *source)
{
	int64_t day = stats_day_cached(st, read_ms);
	int w = stats_week_of(st, day);

	if (w >= 0)
		st->weeks[w].finished++;
	else if (day < st->weeks[0].first_day)
		st->finished_before++;
	if (day < st->since_day || day > st->today)
		return;
	if (saved_day >= 0 && day >= saved_day)
		stats_push(&st->delays, &st->n_delays, &st->cap_delays,
			   day - saved_day);
	stats_each_total(st, day, stats_add_one, NULL);
	stats_source(st, source)->finished++;
}

void
stats_add_saved(struct stats *st, int64_t day, int64_t n)
{
	int w = stats_week_of(st, day);

	if (w >= 0)
		st->weeks[w].saved += n;
	else if (day < st->weeks[0].first_day)
		st->saved_before += n;
}

static int
stats_cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int
stats_cmp_source(const void *a, const void *b)
{
	const struct stats_source *x = a, *y = b;

	if (x->active_ms != y->active_ms)
		return x->active_ms < y->active_ms ? 1 : -1;
	if (x->finished != y->finished)
		return x->finished < y->finished ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Work out the streaks from the days read: the longest run of
 * consecutive days, and the run that ends today or yesterday. */
static void
stats_streaks(struct stats *st)
{
	int64_t *d = st->read_days, run = 0, last = INT64_MIN;
	size_t n = 0;

	if (st->n_read_days > 0)	/* d may be NULL then */
		qsort(d, st->n_read_days, sizeof *d, stats_cmp_i64);
	for (size_t i = 0; i < st->n_read_days; i++) {
		if (d[i] > st->today || (n > 0 && d[i] == d[n - 1]))
			continue;	/* a clock set ahead; the same day */
		d[n++] = d[i];
		run = last != INT64_MIN && d[i] == last + 1 ? run + 1 : 1;
		last = d[i];
		if (run > st->longest)
			st->longest = run;
	}
	st->n_read_days = n;
	st->streak = last >= st->today - 1 ? run : 0;
}

void
stats_end(struct stats *st)
{
	int64_t saved = st->saved_before, finished = st->finished_before;

	stats_streaks(st);
	if (st->n_sources > 0)
		qsort(st->sources, st->n_sources, sizeof *st->sources,
		      stats_cmp_source);
	free(st->slots);	/* indexes the order before sorting */
	st->slots = NULL;
	st->n_slots = 0;
	if (st->all.active_ms >= 60000 || (st->all.active_ms > 0 &&
					   st->all.han + st->all.words > 0))
		st->chars_per_min = (double)(st->all.han + st->all.words) *
				    60000.0 / (double)st->all.active_ms;
	for (int i = 0; i < STATS_WEEKS; i++) {
		saved += st->weeks[i].saved;
		finished += st->weeks[i].finished;
		st->weeks[i].unread = saved > finished ? saved - finished : 0;
	}
	if (st->n_delays > 0) {
		size_t n = st->n_delays;
		qsort(st->delays, n, sizeof *st->delays, stats_cmp_i64);
		st->median_days = n % 2 ? (double)st->delays[n / 2] :
				  (double)(st->delays[n / 2 - 1] +
					   st->delays[n / 2]) / 2.0;
	}
}

int64_t
stats_time_left(double chars_per_min, int64_t han, int64_t words)
{
	if (chars_per_min <= 0)
		return -1;
	return (int64_t)((double)(han + words) * 60.0 / chars_per_min + 0.5);
}

/* Loading: the rows of the database into stats_add_*. */

static bool
stats_on_session(const struct store_session_row *r, void *ctx)
{
	stats_add_session(ctx, r->start_ms, r->active_ms, r->han, r->words,
			  r->source);
	return true;
}

static bool
stats_on_finished(const struct store_finished_row *r, void *ctx)
{
	stats_add_finished(ctx, r->read_s * 1000, stats_parse_day(r->fetch_date),
			   r->source);
	return true;
}

static bool
stats_on_saved(const char *day, int64_t n, void *ctx)
{
	int64_t d = stats_parse_day(day);

	if (d >= 0)
		stats_add_saved(ctx, d, n);
	return true;
}

bool
stats_load(struct stats *st, struct store *s, int64_t now_ms,
	   int64_t since_day, struct err *err)
{
	char first[16];
	int y, m, d;
	int64_t before = 0;

	stats_init(st, now_ms, since_day);
	stats_day_date(st->weeks[0].first_day, &y, &m, &d);
	snprintf(first, sizeof first, "%04d-%02d-%02d", y, m, d);
	bool ok = store_sessions_each(s, 0, stats_on_session, st, err) &&
		  store_finished_each(s, 0, stats_on_finished, st, err) &&
		  store_saved_each(s, first, stats_on_saved, st, err) &&
		  store_saved_before(s, first, &before, err);
	st->saved_before += before;
	stats_end(st);
	return ok;
}

/* JSON. */

/* Append day as "YYYY-MM-DD" (quoted) to out. */
static void
stats_json_day(struct buf *out, int64_t day)
{
	int y, m, d;

	stats_day_date(day, &y, &m, &d);
	buf_printf(out, "\"%04d-%02d-%02d\"", y, m, d);
}

static void
stats_json_total(struct buf *out, const char *key, const struct stats_total *t)
{
	buf_printf(out, "\"%s\":{\"seconds\":%" PRId64 ",\"finished\":%" PRId64
		   ",\"han\":%" PRId64 ",\"words\":%" PRId64 "}", key,
		   t->active_ms / 1000, t->finished, t->han, t->words);
}

/* Append a JSON string literal for s (escaping what JSON needs). */
static void
stats_json_str(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c < 0x20)
			buf_printf(out, "\\u%04x", c);
		else
			buf_addc(out, (char)c);
	}
	buf_addc(out, '"');
}

static void
stats_json_days(const struct stats *st, struct buf *out, int n)
{
	for (int i = 0; i < n; i++) {
		const struct stats_total *t = &st->days[STATS_DAYS - n + i];
		buf_adds(out, i ? ",{\"date\":" : "{\"date\":");
		stats_json_day(out, st->today - (n - 1 - i));
		buf_printf(out, ",\"seconds\":%" PRId64 ",\"finished\":%" PRId64
			   ",\"han\":%" PRId64 ",\"words\":%" PRId64 "}",
			   t->active_ms / 1000, t->finished, t->han, t->words);
	}
}

static void
stats_json_rest(const struct stats *st, struct buf *out)
{
	buf_printf(out, ",\"streak\":{\"current\":%" PRId64 ",\"longest\":%"
		   PRId64 "},\"chars_per_minute\":%.1f", st->streak,
		   st->longest, st->chars_per_min);
	buf_adds(out, ",\"sources\":[");
	for (size_t i = 0; i < st->n_sources && i < STATS_TOP; i++) {
		buf_adds(out, i ? ",{\"source\":" : "{\"source\":");
		stats_json_str(out, st->sources[i].name);
		buf_printf(out, ",\"seconds\":%" PRId64 ",\"finished\":%" PRId64
			   "}", st->sources[i].active_ms / 1000,
			   st->sources[i].finished);
	}
	buf_adds(out, "],\"pile\":{\"weeks\":[");
	for (int i = 0; i < STATS_WEEKS; i++) {
		buf_adds(out, i ? ",{\"week\":" : "{\"week\":");
		stats_json_day(out, st->weeks[i].first_day);
		buf_printf(out, ",\"saved\":%" PRId64 ",\"finished\":%" PRId64
			   ",\"unread\":%" PRId64 "}", st->weeks[i].saved,
			   st->weeks[i].finished, st->weeks[i].unread);
	}
	buf_adds(out, "],\"median_days_to_finish\":");
	if (st->median_days < 0)
		buf_adds(out, "null");
	else
		buf_printf(out, "%.1f", st->median_days);
	buf_adds(out, "}");
}

void
stats_json(const struct stats *st, struct buf *out)
{
	buf_adds(out, "{\"today\":");
	stats_json_day(out, st->today);
	if (st->since_day > 0) {
		buf_adds(out, ",\"since\":");
		stats_json_day(out, st->since_day);
	}
	buf_adds(out, ",");
	stats_json_total(out, "day", &st->today_t);
	buf_adds(out, ",");
	stats_json_total(out, "week", &st->week);
	buf_adds(out, ",");
	stats_json_total(out, "month", &st->month);
	buf_adds(out, ",");
	stats_json_total(out, "total", &st->all);
	buf_adds(out, ",\"days\":[");
	stats_json_days(st, out, 30);
	buf_adds(out, "],\"year\":[");
	stats_json_days(st, out, STATS_DAYS);
	buf_adds(out, "]");
	stats_json_rest(st, out);
	buf_adds(out, "}\n");
}
