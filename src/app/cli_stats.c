/* SPDX-License-Identifier: MIT */
/*
 * cli_stats.c: `tsundoku stats [--json] [--since DATE]` and `tsundoku
 * review --json [--size N]`: the statistics view's numbers and today's
 * review queue for scripts. "Today" is the clock's, or TSUNDOKU_NOW's
 * for tests (HACKING.md).
 */
#include "config.h"

#include "app/cli_stats.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "data/review.h"
#include "data/stats.h"
#include "data/store.h"
#include "ui/paths.h"

struct cli_stats_opts {
	const char *db_path;	/* NULL: the XDG default */
	bool json;
	int64_t since_day;	/* 0: all */
	long size;		/* review: highlights in the queue */
};

/* Parse the options; return -1 to go on, else the exit status. */
static int
cli_stats_options(int argc, char **argv, struct cli_stats_opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "json", no_argument, NULL, 'j' },
		{ "since", required_argument, NULL, 's' },
		{ "size", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	bool review = strcmp(argv[0], "review") == 0;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		char *end = NULL;
		if (c == 'D') {
			o->db_path = optarg;
		} else if (c == 'j') {
			o->json = true;
		} else if (c == 's' && !review) {
			o->since_day = stats_parse_day(optarg);
			if (o->since_day < 0 || optarg[10] != '\0') {
				fprintf(stderr, _("%s: not a date (YYYY-MM-DD): "
						  "%s\n"), PACKAGE, optarg);
				return 2;
			}
		} else if (c == 'n' && review) {
			o->size = strtol(optarg, &end, 10);
			if (*end != '\0' || o->size < 1 || o->size > 1000) {
				fprintf(stderr, _("%s: not a number from 1 to "
						  "1000: %s\n"), PACKAGE, optarg);
				return 2;
			}
		} else {
			if (c != '?')
				fprintf(stderr, _("%s: option '%s' does not "
						  "apply to '%s'\n"), PACKAGE,
					argv[optind - 1], argv[0]);
			fprintf(stderr, _("Try '%s --help' for more "
					  "information.\n"), PACKAGE);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("%s: %s: too many arguments\n"), PACKAGE,
			argv[0]);
		return 2;
	}
	return -1;
}

/* Open the database (--db, else the XDG default). */
static bool
cli_stats_open(const struct cli_stats_opts *o, struct store **s,
	       struct err *err)
{
	return paths_open_store(o->db_path, s, NULL, err);
}

/* Append a duration of ms milliseconds as "1h 05m" or "12m". */
static void
cli_stats_duration(struct buf *out, int64_t ms)
{
	int64_t min = ms / 60000;

	if (min >= 60)
		/* TRANSLATORS: a duration in hours and minutes. */
		buf_printf(out, _("%" PRId64 "h %02" PRId64 "m"), min / 60,
			   min % 60);
	else
		/* TRANSLATORS: a duration in minutes. */
		buf_printf(out, _("%" PRId64 "m"), min);
}

/* Print one line of totals: its label, time, finished, characters. */
static void
cli_stats_line(const char *label, const struct stats_total *t)
{
	struct buf b;

	buf_init(&b);
	cli_stats_duration(&b, t->active_ms);
	/* TRANSLATORS: a line of `tsundoku stats`: period, time read,
	 * articles finished, Han characters and words read. */
	printf(_("%-10s %9s  %4" PRId64 " finished  %7" PRId64 " 字  %6"
		 PRId64 " words\n"), label, buf_str(&b), t->finished, t->han,
	       t->words);
	buf_fini(&b);
}

/* Print st as text. */
static void
cli_stats_text(const struct stats *st)
{
	cli_stats_line(_("Today"), &st->today_t);
	cli_stats_line(_("This week"), &st->week);
	cli_stats_line(_("This month"), &st->month);
	cli_stats_line(_("In all"), &st->all);
	printf(_("Streak: %" PRId64 " days (longest %" PRId64 ")\n"),
	       st->streak, st->longest);
	printf(_("Speed: %.0f characters a minute\n"), st->chars_per_min);
}

/* Run `stats`. */
static int
cli_stats_stats(struct store *s, const struct cli_stats_opts *o,
		int64_t now_ms, struct err *err)
{
	struct stats st;
	struct buf b;

	if (!stats_load(&st, s, now_ms, o->since_day, err)) {
		stats_fini(&st);
		return 1;
	}
	buf_init(&b);
	if (o->json) {
		stats_json(&st, &b);
		fputs(buf_str(&b), stdout);
	} else {
		cli_stats_text(&st);
	}
	buf_fini(&b);
	stats_fini(&st);
	return 0;
}

/* Run `review`: today's queue. */
static int
cli_stats_review(struct store *s, const struct cli_stats_opts *o,
		 int64_t now_ms, struct err *err)
{
	struct review_queue q;
	struct buf b;

	if (!review_load(&q, s, stats_day(now_ms), (size_t)o->size, err))
		return 1;
	buf_init(&b);
	if (o->json) {
		review_json(&q, &b);
		fputs(buf_str(&b), stdout);
	} else {
		for (size_t i = 0; i < q.n; i++)
			printf("%" PRId64 "\t%s\t%s\n", q.v[i].id,
			       q.v[i].title != NULL ? q.v[i].title : "",
			       q.v[i].quote);
	}
	buf_fini(&b);
	review_queue_fini(&q);
	return 0;
}

int
cli_stats_run(int argc, char **argv)
{
	struct cli_stats_opts o = { .size = REVIEW_SIZE_DEFAULT };
	int status = cli_stats_options(argc, argv, &o);
	struct store *s = NULL;
	struct err err;

	if (status >= 0)
		return status;
	err_init(&err);
	int64_t now_ms = stats_now_ms(getenv("TSUNDOKU_NOW"));
	if (!cli_stats_open(&o, &s, &err))
		status = 1;
	else if (strcmp(argv[0], "review") == 0)
		status = cli_stats_review(s, &o, now_ms, &err);
	else
		status = cli_stats_stats(s, &o, now_ms, &err);
	if (status == 1)
		fprintf(stderr, "%s: %s\n", PACKAGE, err_msg(&err));
	store_close(s);
	err_fini(&err);
	return status;
}
