/* SPDX-License-Identifier: MIT */
/* Which files are articles: the one question the indexer's walk and the
 * watcher ask of a name. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "document/archive.h"

static void
test_article_names(void **state)
{
	(void)state;
	assert_true(archive_is_article_name("000_76bff8364155c8f7.txt"));
	assert_true(archive_is_article_name("notes.md"));
	assert_true(archive_is_article_name("long.markdown"));
	assert_true(archive_is_article_name("SHOUT.TXT"));
	assert_false(archive_is_article_name(".hidden.txt"));
	assert_false(archive_is_article_name("meta.json"));
	assert_false(archive_is_article_name("cover.png"));
	assert_false(archive_is_article_name("README"));
	assert_false(archive_is_article_name(".txt"));
	assert_false(archive_is_article_name("txt"));
	assert_false(archive_is_article_name(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
