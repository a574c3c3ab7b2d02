/* SPDX-License-Identifier: MIT */
/*
 * fuzz_journal.c: libFuzzer harness for the sync journal's line parser
 * (journal_parse_line) and its writer: any bytes are parsed; a record
 * that parses is written back and must parse again to the same record.
 * Seeds: tests/fuzz/corpus/journal/ (test_journal replays them).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "data/journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Return whether two optional strings are equal. */
static int
fuzz_same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	       (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal_rec r, again;
	struct err err;
	struct buf line;

	err_init(&err);
	buf_init(&line);
	if (journal_parse_line((const char *)data, size, &r, &err) == JOURNAL_OK) {
		journal_format(&r, &line);
		if (journal_parse_line(line.data, line.len - 1, &again, &err) !=
		    JOURNAL_OK || again.kind != r.kind ||
		    hlc_cmp(again.at, r.at) != 0 || !fuzz_same(again.url, r.url) ||
		    !fuzz_same(again.quote, r.quote) ||
		    !fuzz_same(again.note, r.note))
			abort();
		journal_rec_fini(&again);
	}
	journal_rec_fini(&r);
	buf_fini(&line);
	err_fini(&err);
	return 0;
}
