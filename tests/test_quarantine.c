/* SPDX-License-Identifier: MIT */
/*
 * test_quarantine.c: the reader's way into an article. While a document
 * is parsed, at open and later as the reader asks for more of it, the
 * in-flight record names it, and names nothing in between; a quarantined
 * article opens as its plain lines with a warning saying why, however
 * broken its Markdown.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "document/doc.h"
#include "base/err.h"
#include "base/inflight.h"
#include "data/quarantine.h"
#include "data/store.h"
#include "document/tidy.h"
#include "base/xmem.h"

struct fixture {
	char dir[64];
	char db[128];
	char article[128];
	struct inflight *rec;
	char seen[INFLIGHT_SLOT_SIZE];	/* slot 0 when on_last ran */
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	struct err err;

	strcpy(f->dir, "/tmp/test_quarantine.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db, sizeof f->db, "%s/tsundoku.db", f->dir);
	snprintf(f->article, sizeof f->article, "%s/a.md", f->dir);
	err_init(&err);
	if (!inflight_open(f->db, 1, &f->rec, &err))
		return -1;
	err_fini(&err);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char path[256];
	DIR *d;
	struct dirent *e;

	inflight_close(f->rec);
	d = opendir(f->dir);
	while (d != NULL && (e = readdir(d)) != NULL) {
		snprintf(path, sizeof path, "%s/%.100s", f->dir, e->d_name);
		if (e->d_name[0] != '.')
			unlink(path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Copy slot 0 of f's live record, as the file holds it, into out. */
static void
read_slot(struct fixture *f, char *out)
{
	char path[256];
	DIR *d = opendir(f->dir);
	struct dirent *e;
	int fd = -1;

	assert_non_null(d);
	while (fd < 0 && (e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".inflight.") != NULL) {
			snprintf(path, sizeof path, "%s/%.100s", f->dir,
				 e->d_name);
			fd = open(path, O_RDONLY);
		}
	closedir(d);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, out, INFLIGHT_SLOT_SIZE),
			 (ssize_t)INFLIGHT_SLOT_SIZE);
	close(fd);
}

/* doc_on_last's function: runs inside the parse of the last chunk. */
static void
on_last(struct doc *d, const void *ctx)
{
	struct fixture *f = (struct fixture *)ctx;

	(void)d;
	read_slot(f, f->seen);
}

/* Write the article file with text. */
static void
write_article(struct fixture *f, const char *text)
{
	FILE *fp = fopen(f->article, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
test_lazy_parse_is_in_flight(void **state)
{
	struct fixture *f = *state;
	struct tidy_rules rules;
	struct store *s;
	struct doc *d;
	struct err err;
	char slot[INFLIGHT_SLOT_SIZE];

	err_init(&err);
	tidy_rules_init(&rules);
	/* Long enough for several chunks: the last one is parsed later. */
	FILE *fp = fopen(f->article, "w");
	assert_non_null(fp);
	fputs("---\ntitle: T\n---\n\n", fp);
	for (int i = 0; i < 4000; i++)
		fputs("A paragraph of text, long enough to fill chunks.\n\n",
		      fp);
	fclose(fp);
	assert_true(store_open(f->db, &s, &err));
	assert_true(quarantine_load(s, f->rec, f->article, &rules, &d, &err));
	assert_false(d->plain);
	assert_false(doc_is_complete(d));
	read_slot(f, slot);
	assert_int_equal(slot[0], '\0');	/* nothing between parses */
	doc_on_last(d, on_last, f);
	doc_parse_all(d);
	assert_string_equal(f->seen, f->article);
	read_slot(f, slot);
	assert_int_equal(slot[0], '\0');
	doc_free(d);
	store_close(s);
	tidy_rules_fini(&rules);
	err_fini(&err);
}

static void
test_quarantined_opens_plain(void **state)
{
	struct fixture *f = *state;
	struct tidy_rules rules;
	struct store *s;
	struct doc *d;
	struct err err;

	err_init(&err);
	tidy_rules_init(&rules);
	write_article(f, "---\ntitle: T\n---\n\n![]([)]()[a](b)\n");
	assert_true(store_open(f->db, &s, &err));
	assert_true(store_quarantine(s, f->article, 40, 1, &err));
	assert_true(quarantine_load(s, f->rec, f->article, &rules, &d, &err));
	assert_true(d->plain);
	assert_int_equal(d->n_blocks, 4);
	assert_string_equal(d->blocks[3].text, "![]([)]()[a](b)");
	assert_true(d->n_warnings >= 1);
	assert_non_null(strstr(d->warnings[0], "plain text"));
	doc_free(d);
	/* A file that cannot be read is an error, as for any article. */
	unlink(f->article);
	assert_false(quarantine_load(s, f->rec, f->article, &rules, &d, &err));
	assert_non_null(strstr(err_msg(&err), "a.md"));
	store_close(s);
	tidy_rules_fini(&rules);
	err_fini(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_lazy_parse_is_in_flight),
		T(test_quarantined_opens_plain),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
