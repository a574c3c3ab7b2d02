/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "app/cli_sync.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "data/sync.h"
#include "text/utf8.h"

/* Append s to out sanitised, on one line: a journal, or a device file,
 * may hold anything. */
static void
cli_sync_clean(const char *s, struct buf *out)
{
	buf_adds(out, "");
	utf8_sanitize(s, strlen(s), out);
	for (size_t i = 0; i < out->len; i++)
		if (out->data[i] == '\n' || out->data[i] == '\t')
			out->data[i] = ' ';
}

/* Print warning msg about a journal on stderr. */
static void
cli_sync_warn(const char *msg, void *ctx)
{
	size_t *n = ctx;
	struct buf clean;

	buf_init(&clean);
	cli_sync_clean(msg, &clean);
	fprintf(stderr, "%s: %s\n", PACKAGE, buf_str(&clean));
	buf_fini(&clean);
	(*n)++;
}

/* Put the local time of unix ms ms in out ("-" for none). */
static void
cli_sync_time(int64_t ms, char *out, size_t n)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (ms <= 0 || localtime_r(&t, &tm) == NULL ||
	    strftime(out, n, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(out, n, "-");
}

/* Print one device of --status. */
static void
cli_sync_device(const struct sync_device_info *d, void *ctx)
{
	char last[32], arrived[32];
	struct buf name;

	(void)ctx;
	buf_init(&name);
	cli_sync_clean(d->name != NULL ? d->name : "?", &name);
	cli_sync_time(d->last.ms, last, sizeof last);
	cli_sync_time(d->arrived_ms, arrived, sizeof arrived);
	/* TRANSLATORS: one device of `tsundoku sync --status`: its id, its
	   name, "(this device)" or nothing, how many records were read,
	   when its latest change was made, when a record of it was read. */
	printf(_("%s  %s%s  %" PRId64 " records, last change %s, read %s\n"),
	       d->dev, buf_str(&name), d->self ? _(" (this device)") : "",
	       d->n, last, arrived);
	buf_fini(&name);
}

/* Print what a run did. */
static void
cli_sync_summary(const struct sync_tally *t)
{
	printf(P_("%zu record read", "%zu records read", t->records),
	       t->records);
	printf(", ");
	printf(P_("%zu from other devices", "%zu from other devices",
		  t->remote), t->remote);
	printf(", ");
	printf(P_("%zu change applied", "%zu changes applied", t->applied),
	       t->applied);
	if (t->waiting > 0) {
		printf(", ");
		printf(P_("%zu waiting for an article not here",
			  "%zu waiting for articles not here", t->waiting),
		       t->waiting);
	}
	putchar('\n');
}

/* Do mode's work on an open sync. */
static bool
cli_sync_mode(struct sync *sy, enum cli_sync_mode mode, size_t *warnings,
	      struct err *err)
{
	struct sync_tally t;
	struct buf dump;
	size_t adopted;
	bool ok;

	switch (mode) {
	case CLI_SYNC_STATUS:
		printf(_("sync folder %s, this device %s\n"), sync_dir(sy),
		       sync_device(sy));
		return sync_devices(sy, cli_sync_device, NULL, err);
	case CLI_SYNC_COMPACT:
		return sync_compact(sy, cli_sync_warn, warnings, err);
	case CLI_SYNC_DUMP:
		buf_init(&dump);
		buf_adds(&dump, "");
		ok = sync_run(sy, cli_sync_warn, warnings, NULL, err) &&
		     sync_dump(sy, &dump, err);
		if (ok)
			fputs(dump.data, stdout);
		buf_fini(&dump);
		return ok;
	case CLI_SYNC_ADOPT:
		return sync_adopt(sy, cli_sync_warn, warnings, &adopted, err);
	case CLI_SYNC_RUN:
		break;
	}
	ok = sync_run(sy, cli_sync_warn, warnings, &t, err) &&
	     sync_adopt(sy, cli_sync_warn, warnings, &adopted, err);
	if (ok && adopted > 0)
		printf(P_("%zu change made before sync was set up is now in "
			  "this device's journal\n",
			  "%zu changes made before sync was set up are now in "
			  "this device's journal\n", adopted), adopted);
	if (ok)
		cli_sync_summary(&t);
	return ok;
}

int
cli_sync(struct store *s, enum cli_sync_mode mode, const char *dir,
	 const char *name, char *const *roots, size_t n_roots)
{
	struct sync_opts o = { .dir = dir, .name = name, .roots = roots,
			       .n_roots = n_roots };
	struct sync *sy = NULL;
	struct err err;
	size_t warnings = 0;
	bool ok;

	if (dir == NULL && mode == CLI_SYNC_ADOPT)
		return 0;
	if (dir == NULL) {
		fprintf(stderr, _("%s: sync: no sync folder: add \"set sync-dir "
				  "PATH\" to the config file\n"), PACKAGE);
		return 1;
	}
	err_init(&err);
	ok = sync_open(s, &o, &sy, &err);
	if (ok && sync_notice(sy) != NULL)
		cli_sync_warn(sync_notice(sy), &warnings);
	ok = ok && cli_sync_mode(sy, mode, &warnings, &err);
	if (!ok)
		fprintf(stderr, "%s: sync: %s\n", PACKAGE, err_msg(&err));
	sync_close(sy);
	err_fini(&err);
	return ok && warnings == 0 ? 0 : 1;
}
