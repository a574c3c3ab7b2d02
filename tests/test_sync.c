/* SPDX-License-Identifier: MIT */
/*
 * test_sync.c: device sync as a property. Three simulated devices, each
 * with its own database, the same articles at different paths (matched
 * by url in three spellings, by content hash, or by the path below the
 * archive root), one of them missing some articles at first, make
 * thousands of random changes through the state API; their journals are
 * copied between their sync folders as a sync tool might: in random
 * order, cut off mid-line, twice, as conflict copies, stale over newer.
 * Once every journal has reached every device, all three must hold the
 * same state (sync_dump). Seeded: TSUNDOKU_SYNC_SEED=n repeats a run;
 * the seed is printed when it fails.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "data/highlight.h"
#include "data/journal.h"
#include "data/state.h"
#include "data/store.h"
#include "data/store_sync.h"
#include "data/sync.h"

#define N_DEV 3
#define N_ART 12
#define N_MISSING 3	/* articles device 2 gets only at the end */

struct device {
	char root[160];		/* its archive root (nothing on disk) */
	char dir[160];		/* its copy of the shared folder */
	char db[160];
	struct store *s;
	struct state *st;
	struct sync *sy;
	int64_t ids[N_ART];	/* article row ids; 0: not here yet */
	char *paths[N_ART];
};

struct world {
	char tmp[64];
	struct device d[N_DEV];
	uint64_t rng;
	unsigned seed;
	size_t ops;
	size_t compactions;
};

/* xorshift64*: the same numbers for a seed on every machine. */
static uint64_t
rnd(struct world *w)
{
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 2685821657736338717ULL;
}

static unsigned
pick(struct world *w, unsigned n)
{
	return (unsigned)(rnd(w) >> 33) % n;
}

static void
run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

/* Give device d article i: the same article on every device, under a
 * path of its own. */
static void
add_article(struct world *w, int dev, int i)
{
	static const char *const urls[N_DEV] = {
		"https://example.com/a/", "HTTPS://EXAMPLE.COM/a/",
		"https://example.com:443/a/",
	};
	static const char *const tails[N_DEV] = { "", "/", "#top" };
	struct device *d = &w->d[dev];
	char path[256], url[128], hash[32];
	struct store_article a = { .size = 10, .mtime_ns = 1, .length = -1 };
	struct err err;

	if (i % 3 == 2)	/* by path below the root */
		snprintf(path, sizeof path, "%s/sub/x_%d.txt", d->root, i);
	else
		snprintf(path, sizeof path, "%s/dev%d/elsewhere/f%d_%d.md",
			 d->root, dev, i, dev);
	snprintf(url, sizeof url, "%s%d%s", urls[dev], i, tails[dev]);
	snprintf(hash, sizeof hash, "%016x", 0xabc00 + i);
	a.path = path;
	a.url = i % 3 == 0 ? url : NULL;
	a.hash = i % 3 == 1 ? hash : NULL;
	a.title = "t";
	err_init(&err);
	assert_true(store_put_article(d->s, &a, "body", 4, &err));
	assert_true(store_batch_find(d->s, path, &d->ids[i], &err));
	assert_true(d->ids[i] > 0);
	d->paths[i] = strdup(path);
	err_fini(&err);
}

static void
warn_quiet(const char *msg, void *ctx)
{
	(void)ctx;
	/* Cut-off copies make bad lines only where a conflict copy ends
	 * mid-line and grows no further; those are expected. */
	(void)msg;
}

static void
open_device(struct world *w, int dev)
{
	struct device *d = &w->d[dev];
	char *roots[1] = { d->root };
	struct sync_opts o = { .dir = d->dir, .name = "test", .roots = roots,
			       .n_roots = 1, .no_fsync = true,
			       /* clocks skewed by hours */
			       .skew_ms = (int64_t)(dev - 1) * 3 * 3600 * 1000 };
	struct err err;

	err_init(&err);
	assert_true(store_open(d->db, &d->s, &err));
	d->st = state_new(d->s);
	if (!sync_open(d->s, &o, &d->sy, &err))
		fail_msg("%s", err_msg(&err));
	state_set_sync(d->st, d->sy);
	err_fini(&err);
}

static void
world_open(struct world *w, unsigned seed)
{
	memset(w, 0, sizeof *w);
	w->seed = seed;
	w->rng = 0x9e3779b97f4a7c15ULL ^ seed;
	snprintf(w->tmp, sizeof w->tmp, "/tmp/test_sync.XXXXXX");
	assert_non_null(mkdtemp(w->tmp));
	/* A copy outside *w: gcc cannot tell that w->tmp and w->d[k] do not
	 * overlap (-Wrestrict). */
	char tmp[sizeof w->tmp];
	memcpy(tmp, w->tmp, sizeof tmp);
	for (int k = 0; k < N_DEV; k++) {
		struct device *d = &w->d[k];
		snprintf(d->root, sizeof d->root, "%s/root%d/archive", tmp, k);
		snprintf(d->dir, sizeof d->dir, "%s/sync%d", tmp, k);
		snprintf(d->db, sizeof d->db, "%s/db%d", tmp, k);
		open_device(w, k);
		for (int i = 0; i < N_ART; i++)
			if (k != 2 || i >= N_MISSING)
				add_article(w, k, i);
	}
}

static void
world_close(struct world *w)
{
	struct err err;

	err_init(&err);
	for (int k = 0; k < N_DEV; k++) {
		struct device *d = &w->d[k];
		state_flush(d->st, true, &err);
		state_free(d->st);
		sync_close(d->sy);
		store_close(d->s);
		for (int i = 0; i < N_ART; i++)
			free(d->paths[i]);
	}
	err_fini(&err);
	run("rm -rf '%s'", w->tmp);
}

/* Return a random article device dev has, -1 for none. */
static int
some_article(struct world *w, int dev)
{
	int i = (int)pick(w, N_ART);

	return w->d[dev].ids[i] != 0 ? i : -1;
}

/* Store in *id a random highlight of article i on dev; false: none. */
static bool
some_highlight(struct world *w, int dev, int i, int64_t *id)
{
	struct store_highlight *v;
	size_t n;
	struct err err;

	err_init(&err);
	assert_true(store_highlight_list(w->d[dev].s, w->d[dev].paths[i], &v,
					 &n, &err));
	err_fini(&err);
	if (n > 0)
		*id = v[pick(w, (unsigned)n)].id;
	store_highlights_free(v, n);
	return n > 0;
}

/* One random change on device dev. */
static void
random_change(struct world *w, int dev)
{
	struct device *d = &w->d[dev];
	int i = some_article(w, dev);
	unsigned what = pick(w, 10);
	struct err err;
	int64_t hl;
	char text[64];
	bool ok = true;

	if (i < 0)
		return;
	err_init(&err);
	w->ops++;
	if (what < 2) {
		ok = state_set_read(d->st, &d->ids[i], 1, pick(w, 2), &err);
	} else if (what < 4) {
		struct store_place pl = { .opened = true, .read = pick(w, 2),
					  .percent = (int)pick(w, 101),
					  .position = pick(w, 5000) };
		ok = state_set_place(d->st, d->ids[i], &pl, &err);
	} else if (what < 6) {
		struct highlight h = { .color = 1 + (int)pick(w, 4) };
		snprintf(text, sizeof text, "quote %zu \"中文\" by %d", w->ops, dev);
		h.quote = strdup(text);
		h.prefix = strdup("");
		h.suffix = strdup("after");
		h.start = pick(w, 100);
		h.end = h.start + 5;
		ok = state_highlight_add(d->st, d->ids[i], &h, &err);
		highlight_fini(&h);
	} else if (what < 8 && some_highlight(w, dev, i, &hl)) {
		snprintf(text, sizeof text, "note %zu\nline two", w->ops);
		ok = state_highlight_set_note(d->st, d->ids[i], hl,
					      pick(w, 4) ? text : NULL, &err);
	} else if (what < 9 && some_highlight(w, dev, i, &hl)) {
		ok = state_highlight_set_color(d->st, d->ids[i], hl,
					       1 + (int)pick(w, 4), &err);
	} else if (some_highlight(w, dev, i, &hl)) {
		ok = state_highlight_delete(d->st, d->ids[i], hl, &err);
	}
	if (!ok)
		fail_msg("seed %u: change on device %d: %s", w->seed, dev,
			 err_msg(&err));
	err_fini(&err);
}

static void
sync_on(struct world *w, int dev)
{
	struct err err;

	err_init(&err);
	if (!sync_run(w->d[dev].sy, warn_quiet, NULL, NULL, &err))
		fail_msg("seed %u: sync on device %d: %s", w->seed, dev,
			 err_msg(&err));
	err_fini(&err);
}

/* Replace device dev's journal by a snapshot (tsundoku sync
 * --compact); the copies other folders hold of its old segments stay,
 * as they would until the sync tool deletes them. */
static void
compact(struct world *w, int dev)
{
	struct err err;

	err_init(&err);
	if (!sync_compact(w->d[dev].sy, warn_quiet, NULL, &err))
		fail_msg("seed %u: compact on device %d: %s", w->seed, dev,
			 err_msg(&err));
	err_fini(&err);
	w->compactions++;
}

/* Write the first n bytes of file from (all of it when n is -1) to to,
 * replacing it as a sync tool does (a new file, renamed over). */
static void
copy_file(const char *from, const char *to, long n)
{
	char tmp[600];
	FILE *in = fopen(from, "rb"), *out;
	char b[8192];
	size_t got;

	assert_non_null(in);
	snprintf(tmp, sizeof tmp, "%s.tmp~", to);
	out = fopen(tmp, "wb");
	assert_non_null(out);
	while ((got = fread(b, 1, n >= 0 && (size_t)n < sizeof b ? (size_t)n
						: sizeof b, in)) > 0) {
		assert_int_equal(fwrite(b, 1, got, out), got);
		if (n >= 0 && (n -= (long)got) == 0)
			break;
	}
	fclose(in);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(rename(tmp, to), 0);
}

/* Copy the files of device owner's folder from src's sync folder to
 * dst's the way a sync tool might, some cut off, some as conflict
 * copies; full copies only when full. */
static void
copy_journals(struct world *w, int src, int dst, int owner, bool full)
{
	char from[256], to[256];
	DIR *dir;
	struct dirent *e;

	if (dst == owner || src == dst)	/* only the owner writes its folder */
		return;
	snprintf(from, sizeof from, "%s/%s", w->d[src].dir,
		 sync_device(w->d[owner].sy));
	snprintf(to, sizeof to, "%s/%s", w->d[dst].dir,
		 sync_device(w->d[owner].sy));
	if ((dir = opendir(from)) == NULL)
		return;
	mkdir(to, 0755);
	while ((e = readdir(dir)) != NULL) {
		struct stat sb;
		char f[512];
		unsigned how = full ? 0 : pick(w, 10);
		if (e->d_name[0] == '.')
			continue;
		snprintf(f, sizeof f, "%s/%s", from, e->d_name);
		if (stat(f, &sb) != 0)
			continue;
		char t[600], base[256];
		snprintf(base, sizeof base, "%s", e->d_name);
		char *dot = strstr(base, ".jsonl");
		if (dot != NULL)
			*dot = '\0';
		if (how < 6) {
			snprintf(t, sizeof t, "%s/%s", to, e->d_name);
			copy_file(f, t, -1);
		} else if (how < 8) {	/* half written */
			snprintf(t, sizeof t, "%s/%s", to, e->d_name);
			copy_file(f, t, (long)pick(w, (unsigned)sb.st_size + 1));
		} else if (how == 8 && dot != NULL && !strstr(base, "conflict")) {
			snprintf(t, sizeof t, "%s/%s.sync-conflict-20261207-"
				 "1016%02u-ABCDEFG.jsonl", to, base, pick(w, 60));
			copy_file(f, t, (long)pick(w, (unsigned)sb.st_size + 1));
		} else if (dot != NULL && !strstr(base, "conflict")) {
			snprintf(t, sizeof t, "%s/%s (conflicted copy %u).jsonl",
				 to, base, pick(w, 3));
			copy_file(f, t, -1);
		}
	}
	closedir(dir);
}

static char *
dump(struct world *w, int dev)
{
	struct buf b;
	struct err err;

	buf_init(&b);
	buf_adds(&b, "");
	err_init(&err);
	assert_true(sync_dump(w->d[dev].sy, &b, &err));
	err_fini(&err);
	return buf_detach(&b);
}

/* Print the first line where a and b differ. */
static void
show_diff(const char *a, const char *b)
{
	size_t n = 0;

	while (a[n] != '\0' && a[n] == b[n])
		n++;
	while (n > 0 && a[n - 1] != '\n')
		n--;
	print_message("first difference:\n< %.*s\n> %.*s\n",
		      (int)strcspn(a + n, "\n"), a + n,
		      (int)strcspn(b + n, "\n"), b + n);
}

static void
property(unsigned seed, size_t n_ops)
{
	struct world w;
	char *dumps[N_DEV];

	print_message("sync property: seed %u, %zu changes\n", seed, n_ops);
	world_open(&w, seed);
	while (w.ops < n_ops) {
		unsigned what = pick(&w, 40);
		int dev = (int)pick(&w, N_DEV);
		if (what < 34)
			random_change(&w, dev);
		else if (what < 37)
			sync_on(&w, dev);
		else if (what == 37 && pick(&w, 20) == 0)
			compact(&w, dev);
		else
			copy_journals(&w, dev, (int)pick(&w, N_DEV),
				      (int)pick(&w, N_DEV), false);
	}
	for (int i = 0; i < N_MISSING; i++)	/* arrives late */
		add_article(&w, 2, i);
	/* Every journal reaches every device; the owners' copies last. */
	for (int owner = 0; owner < N_DEV; owner++)
		for (int dst = 0; dst < N_DEV; dst++)
			copy_journals(&w, owner, dst, owner, true);
	for (int k = 0; k < N_DEV; k++)
		sync_on(&w, k);
	for (int k = 0; k < N_DEV; k++)
		dumps[k] = dump(&w, k);
	for (int k = 1; k < N_DEV; k++)
		if (strcmp(dumps[0], dumps[k]) != 0) {
			show_diff(dumps[0], dumps[k]);
			fail_msg("seed %u: devices 0 and %d differ after %zu "
				 "changes (TSUNDOKU_SYNC_SEED=%u repeats it)",
				 seed, k, w.ops, seed);
		}
	size_t lines = 0, hls = 0, notes = 0;
	for (const char *p = dumps[0]; *p != '\0'; p++)
		if (*p == '\n' && p[1] != '\0') {
			lines++;
			hls += p[1] == 'H';
		}
	for (const char *p = dumps[0]; (p = strstr(p, "note=note")) != NULL; p++)
		notes++;
	print_message("  %zu articles with state, %zu highlights, %zu notes "
		      "alike on %d devices (%zu compactions)\n", lines + 1 - hls,
		      hls, notes, N_DEV, w.compactions);
	assert_true(hls > 10 && notes > 0);
	if (getenv("TSUNDOKU_SYNC_DUMP") != NULL)
		fputs(dumps[0], stderr);
	/* Reading everything again changes nothing. */
	sync_on(&w, 0);
	char *again = dump(&w, 0);
	assert_string_equal(again, dumps[0]);
	free(again);
	for (int k = 0; k < N_DEV; k++)
		free(dumps[k]);
	world_close(&w);
}

static void
test_property(void **state)
{
	const char *env = getenv("TSUNDOKU_SYNC_SEED");

	(void)state;
	if (env != NULL) {
		property((unsigned)strtoul(env, NULL, 10), 3000);
		return;
	}
	static const unsigned seeds[] = { 1, 20261207 };
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
		property(seeds[i], 2500);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_property),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
