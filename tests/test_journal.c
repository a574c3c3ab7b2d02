/* SPDX-License-Identifier: MIT */
/*
 * test_journal.c: the sync journal as hostile input. Lines round-trip;
 * every kind of bad line is refused with a reason; a record of a newer
 * version is told apart. Read through sync: a half-written last line
 * waits for its end, garbage, a 100 MB line, a future version, a record
 * in another device's folder and a clock far ahead are each reported
 * once with file:line and skipped, the good records around them apply,
 * and nothing stored before is lost. Two databases claiming one device
 * id are told apart.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/hlc.h"
#include "data/journal.h"
#include "data/state.h"
#include "data/store.h"
#include "data/store_sync.h"
#include "data/sync.h"

#define DEV "0123456789abcdef"

static enum journal_parse
parse(const char *line, struct journal_rec *r, struct err *err)
{
	err_init(err);
	return journal_parse_line(line, strlen(line), r, err);
}

static void
test_round_trip(void **state)
{
	struct journal_rec in = {
		.dev = DEV, .at = { .ms = 1796643917812, .c = 7 },
		.kind = JOURNAL_HL, .url = "https://example.com/1",
		.path = "sub/a \"b\".txt", .hl = DEV "-4", .start = 3, .end = 9,
		.quote = "引用\n第二行\x01", .prefix = "", .suffix = "后",
		.note = "note \\ \"q\"", .color = 3, .created = 17,
	};
	struct journal_rec out;
	struct buf line;
	struct err err;

	(void)state;
	buf_init(&line);
	err_init(&err);
	journal_format(&in, &line);
	assert_int_equal(line.data[line.len - 1], '\n');
	assert_null(memchr(line.data, '\n', line.len - 1));
	assert_int_equal(journal_parse_line(line.data, line.len - 1, &out, &err),
			 JOURNAL_OK);
	assert_string_equal(out.dev, DEV);
	assert_true(hlc_cmp(out.at, in.at) == 0);
	assert_int_equal(out.kind, JOURNAL_HL);
	assert_string_equal(out.url, in.url);
	assert_null(out.hash);
	assert_string_equal(out.path, in.path);
	assert_string_equal(out.quote, in.quote);
	assert_string_equal(out.suffix, in.suffix);
	assert_string_equal(out.note, in.note);
	assert_int_equal(out.color, 3);
	assert_int_equal(out.start, 3);
	assert_int_equal(out.end, 9);
	journal_rec_fini(&out);
	buf_fini(&line);
	err_fini(&err);
}

static void
test_bad_lines(void **state)
{
	static const char *const bad[] = {
		"", "garbage", "{", "[]", "{\"v\":1", "{\"v\":1}",
		"{\"v\":\"1\",\"dev\":\"" DEV "\",\"t\":1,\"c\":0,\"k\":\"read\",\"url\":\"u\",\"read\":true}",
		"{\"v\":1,\"dev\":\"ABC\",\"t\":1,\"c\":0,\"k\":\"read\",\"url\":\"u\",\"read\":true}",
		"{\"v\":1,\"dev\":\"" DEV "\",\"t\":-1,\"c\":0,\"k\":\"read\",\"url\":\"u\",\"read\":true}",
		"{\"v\":1,\"dev\":\"" DEV "\",\"t\":1,\"c\":0,\"k\":\"eat\",\"url\":\"u\",\"read\":true}",
		"{\"v\":1,\"dev\":\"" DEV "\",\"t\":1,\"c\":0,\"k\":\"read\",\"read\":true}",
		"{\"v\":1,\"dev\":\"" DEV "\",\"t\":1,\"c\":0,\"k\":\"read\",\"url\":\"u\",\"read\":1}",
		"{\"v\":1,\"dev\":\"" DEV "\",\"t\":1,\"c\":0,\"k\":\"place\",\"url\":\"u\",\"read\":true,\"pos\":1,\"pct\":101}",
		"{\"v\":1,\"dev\":\"" DEV "\",\"t\":1,\"c\":0,\"k\":\"color\",\"url\":\"u\",\"hl\":\"x\",\"color\":5}",
		"{\"v\":1,\"dev\":\"" DEV "\",\"t\":1,\"c\":0,\"k\":\"hl\",\"url\":\"u\",\"hl\":\"x\",\"color\":1,\"start\":5,\"end\":1,\"created\":0,\"quote\":\"q\"}",
		"{\"v\":1,\"dev\":\"" DEV "\",\"t\":1,\"c\":0,\"k\":\"note\",\"url\":\"u\",\"hl\":\"x\",\"note\":\"\\ud800\"}",
		"{\"v\":1,\"dev\":\"" DEV "\",\"t\":1,\"c\":0,\"k\":\"note\",\"url\":\"u\",\"hl\":\"x\",\"note\":\"\\u0000\"}",
		"{\"v\":1,\"dev\":\"" DEV "\",\"t\":1,\"c\":0,\"k\":\"note\",\"url\":\"u\",\"hl\":\"x\",\"note\":\"\xff\"}",
		"{\"v\":1,\"dev\":\"" DEV "\",\"t\":1,\"c\":0,\"k\":\"note\",\"url\":\"u\",\"hl\":\"x\",\"note\":\"\x1b[2J\"}",
		"{\"v\":1,\"dev\":\"" DEV "\",\"t\":1,\"c\":0,\"k\":\"read\",\"url\":\"u\",\"read\":true} x",
		"{\"v\":1,\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
		"{\"v\":99999999999999999999999}",
	};
	struct journal_rec r;
	struct err err;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum journal_parse res = parse(bad[i], &r, &err);
		if (res != JOURNAL_BAD)
			fail_msg("accepted: %s", bad[i]);
		assert_true(strlen(err_msg(&err)) > 0);
		journal_rec_fini(&r);
		err_fini(&err);
	}
	/* Unknown members of any type are skipped; a newer version is
	 * told apart from a bad line. */
	assert_int_equal(parse("{\"v\":1,\"dev\":\"" DEV "\",\"t\":1,\"c\":0,"
			       "\"k\":\"read\",\"hash\":\"h\",\"read\":false,"
			       "\"later\":{\"a\":[1,2.5e3,null,\"x\"]}}", &r, &err),
			 JOURNAL_OK);
	assert_string_equal(r.hash, "h");
	journal_rec_fini(&r);
	err_fini(&err);
	assert_int_equal(parse("{\"v\":2,\"whatever\":1}", &r, &err),
			 JOURNAL_FUTURE);
	assert_int_equal(r.version, 2);
	journal_rec_fini(&r);
	err_fini(&err);
}

static void
test_normalise_url(void **state)
{
	static const char *const same[] = {
		"https://example.com/a/b", "HTTPS://Example.COM/a/b/",
		"https://example.com:443/a/b#frag", " https://example.com/a/b ",
	};
	char *want = journal_normalise_url(same[0]);

	(void)state;
	for (size_t i = 1; i < sizeof same / sizeof same[0]; i++) {
		char *got = journal_normalise_url(same[i]);
		assert_string_equal(got, want);
		free(got);
	}
	free(want);
	want = journal_normalise_url("http://x.org");
	assert_string_equal(want, "http://x.org/");
	free(want);
	want = journal_normalise_url("https://x.org/A?Q=1");
	assert_string_equal(want, "https://x.org/A?Q=1");	/* case kept */
	free(want);
	assert_null(journal_normalise_url("  "));
	assert_null(journal_normalise_url(NULL));
}

/* A database with one article, its sync folder, and a fake device's
 * folder in it to write journals into. */
struct fixture {
	char dir[64];
	char db[128], sync_dir[128], other[160];
	struct store *s;
	struct state *st;
	struct sync *sy;
	int64_t id;
	char warnings[8192];
	size_t n_warnings;
};

static void
collect(const char *msg, void *ctx)
{
	struct fixture *f = ctx;
	size_t n = strlen(f->warnings);

	snprintf(f->warnings + n, sizeof f->warnings - n, "%s\n", msg);
	f->n_warnings++;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct store_article a = { .path = "/arch/a.txt", .size = 1,
				   .mtime_ns = 1, .length = -1,
				   .url = "https://example.com/a" };
	struct sync_opts o = { .no_fsync = true };
	struct err err;

	snprintf(f->dir, sizeof f->dir, "/tmp/test_journal.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/db", f->dir);
	snprintf(f->sync_dir, sizeof f->sync_dir, "%s/sync", f->dir);
	snprintf(f->other, sizeof f->other, "%s/" DEV, f->sync_dir);
	err_init(&err);
	assert_true(store_open(f->db, &f->s, &err));
	assert_true(store_put_article(f->s, &a, "x", 1, &err));
	assert_true(store_batch_find(f->s, a.path, &f->id, &err));
	f->st = state_new(f->s);
	o.dir = f->sync_dir;
	assert_true(sync_open(f->s, &o, &f->sy, &err));
	state_set_sync(f->st, f->sy);
	assert_int_equal(mkdir(f->other, 0755), 0);
	err_fini(&err);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	state_free(f->st);
	sync_close(f->sy);
	store_close(f->s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* Append text to journal name of the fake device. */
static void
put(struct fixture *f, const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", f->other, name);
	fp = fopen(path, "a");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void
run(struct fixture *f, struct sync_tally *t)
{
	struct err err;

	err_init(&err);
	f->warnings[0] = '\0';
	f->n_warnings = 0;
	if (!sync_run(f->sy, collect, f, t, &err))
		fail_msg("%s", err_msg(&err));
	err_fini(&err);
}

static struct store_place
place(struct fixture *f)
{
	struct store_place pl;
	struct err err;

	err_init(&err);
	assert_true(store_get_state(f->s, f->id, &pl, &err));
	err_fini(&err);
	return pl;
}

#define REC(t, rest) "{\"v\":1,\"dev\":\"" DEV "\",\"t\":" #t ",\"c\":0," rest "}"
#define PLACE(t, pos) REC(t, "\"k\":\"place\",\"url\":\"https://EXAMPLE.com/a/\"," \
			  "\"read\":false,\"pos\":" #pos ",\"pct\":10")

static void
test_half_line_waits(void **state)
{
	struct fixture *f = *state;
	struct sync_tally t;
	const char *rec = PLACE(1000, 77) "\n";
	char half[256];

	snprintf(half, sizeof half, "%.*s", (int)(strlen(rec) / 2), rec);
	put(f, "2026-12.jsonl", half);
	run(f, &t);
	assert_int_equal(f->n_warnings, 0);
	assert_int_equal(place(f).position, 0);
	put(f, "2026-12.jsonl", rec + strlen(half));
	run(f, &t);
	assert_int_equal(f->n_warnings, 0);
	assert_int_equal(t.records, 1);
	assert_int_equal(place(f).position, 77);
	/* The same file again, and a copy: nothing changes. */
	put(f, "2026-12.sync-conflict-20261207-101621-ABCDEFG.jsonl", rec);
	run(f, &t);
	assert_int_equal(t.won, 0);
	assert_int_equal(place(f).position, 77);
}

/* Return this process's peak resident size in KB. */
static long
peak_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void
test_bad_journal(void **state)
{
	struct fixture *f = *state;
	struct sync_tally t;
	struct store_place mine = { .opened = true, .position = 5,
				    .percent = 50 };
	char path[256], far[512];
	struct err err;
	long before;
	int fd;

	/* Something stored here first, newer than what arrives. */
	err_init(&err);
	assert_true(state_set_place(f->st, f->id, &mine, &err));
	err_fini(&err);
	put(f, "2026-11.jsonl", "garbage\n" PLACE(1000, 11) "\n");
	put(f, "2026-11.jsonl", "{\"v\":7,\"dev\":\"" DEV "\",\"t\":2,\"new\":[1]}\n");
	put(f, "2026-11.jsonl", "{\"v\":1,\"dev\":\"fedcba9876543210\",\"t\":3,"
	    "\"c\":0,\"k\":\"read\",\"url\":\"https://example.com/a\",\"read\":true}\n");
	/* A line of 100 MB, then a good one. */
	snprintf(path, sizeof path, "%s/2026-12.jsonl", f->other);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 100 * 1024 * 1024), 0);
	assert_int_equal(lseek(fd, 0, SEEK_END), 100 * 1024 * 1024);
	assert_int_equal(write(fd, "\n", 1), 1);
	close(fd);
	snprintf(far, sizeof far, "%s\n", REC(253402300000000, "\"k\":\"hl\","
		 "\"url\":\"https://example.com/a\",\"hl\":\"" DEV "-1\",\"start\":0,"
		 "\"end\":1,\"color\":2,\"created\":0,\"quote\":\"far\""));
	put(f, "2026-12.jsonl", far);
	before = peak_kb();
	run(f, &t);
	fprintf(stderr, "%s", f->warnings);
	/* Memory stayed bounded while a 100 MB line went by. */
	assert_true(peak_kb() - before < 32 * 1024);
	assert_non_null(strstr(f->warnings, "2026-11.jsonl:1: "));
	assert_non_null(strstr(f->warnings, "2026-11.jsonl:3: "));
	assert_non_null(strstr(f->warnings, "version 7"));
	assert_non_null(strstr(f->warnings, "2026-11.jsonl:4: "));
	assert_non_null(strstr(f->warnings, "2026-12.jsonl:1: "));
	assert_non_null(strstr(f->warnings, "longer than"));
	assert_non_null(strstr(f->warnings, "ahead of this clock"));
	assert_int_equal(f->n_warnings, 5);
	/* The good records applied (and this device's own); the local
	 * place, newer, stays. */
	assert_int_equal(t.records, 3);
	assert_int_equal(place(f).position, 5);
	/* Read again: each problem was reported once. */
	run(f, &t);
	assert_int_equal(f->n_warnings, 0);
	/* This device's clock did not follow the far future. */
	assert_true(sync_clock(f->sy).ms < 253402300000000LL);
}

static void
test_device_collision(void **state)
{
	struct fixture *f = *state;
	struct store *s2;
	struct sync *sy2;
	char db2[160];
	struct sync_opts o = { .dir = f->sync_dir, .no_fsync = true };
	struct err err;

	err_init(&err);
	snprintf(db2, sizeof db2, "%s/db2", f->dir);
	assert_true(store_open(db2, &s2, &err));
	/* A copy of the first database's id, not of its token. */
	assert_true(store_sync_meta_put(s2, "device", sync_device(f->sy), &err));
	assert_true(sync_open(s2, &o, &sy2, &err));
	assert_non_null(sync_notice(sy2));
	assert_string_not_equal(sync_device(sy2), sync_device(f->sy));
	sync_close(sy2);
	/* The first keeps its id and hears nothing. */
	sync_close(f->sy);
	o.dir = f->sync_dir;
	assert_true(sync_open(f->s, &o, &f->sy, &err));
	assert_null(sync_notice(f->sy));
	state_set_sync(f->st, f->sy);
	store_close(s2);
	err_fini(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fuzz harness's seeds go through it (the fuzz target replays them
 * too, where tests/fuzz is built). */
static void
test_fuzz_corpus(void **state)
{
	const char *dir = FIXTURES "/../fuzz/corpus/journal";
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[512], data[65536];
		FILE *fp;
		size_t len;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		fp = fopen(path, "rb");
		assert_non_null(fp);
		len = fread(data, 1, sizeof data, fp);
		fclose(fp);
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		n++;
	}
	closedir(d);
	assert_true(n >= 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_normalise_url),
		cmocka_unit_test(test_fuzz_corpus),
		cmocka_unit_test_setup_teardown(test_half_line_waits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_device_collision, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
