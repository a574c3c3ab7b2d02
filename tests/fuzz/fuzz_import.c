/* SPDX-License-Identifier: MIT */
/*
 * fuzz_import.c: the JSON import of highlights into a fresh in-memory
 * database. An import that succeeds must be idempotent (importing the
 * same file again adds nothing), and what the archive then holds must
 * survive a round trip through the JSON export.
 */
#include "config.h"

#include "fuzz.h"

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "data/export.h"
#include "data/highlight.h"
#include "data/store.h"

/* Export everything s holds as JSON into out. */
static void
fuzz_import_export(struct store *s, struct buf *out)
{
	struct highlight_entry *v = NULL;
	size_t n = 0;
	struct err err;

	err_init(&err);
	FUZZ_CHECK(highlight_list_all(s, NULL, &v, &n, &err));
	export_write(EXPORT_JSON, v, n, out);
	buf_clear(out);
	export_write(EXPORT_MARKDOWN, v, n, out);
	buf_clear(out);
	export_write(EXPORT_JSON, v, n, out);
	highlight_entries_free(v, n);
	err_fini(&err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store *s;
	struct err err;
	struct export_tally t = { 0 };
	struct buf json;

	err_init(&err);
	if (!store_open(":memory:", &s, &err))
		fuzz_fail(err_msg(&err), __FILE__, __LINE__);
	if (export_import(s, (const char *)data, size, &t, &err)) {
		FUZZ_CHECK(export_import(s, (const char *)data, size, &t,
					 &err));
		FUZZ_CHECK(t.added == 0);
		buf_init(&json);
		fuzz_import_export(s, &json);
		FUZZ_CHECK(export_import(s, json.data, json.len, &t, &err));
		FUZZ_CHECK(t.added == 0);
		buf_fini(&json);
	} else {
		FUZZ_CHECK(err_msg(&err)[0] != '\0');
	}
	store_close(s);
	err_fini(&err);
	return 0;
}
