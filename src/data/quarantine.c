/* SPDX-License-Identifier: MIT */
/*
 * quarantine.c: the reader's way into an article; see quarantine.h.
 *
 * Who records: each reader thread of the indexer (its own slot), the
 * indexer's writer (the tokenizer reads the text), and the reader here:
 * the front matter and tidy pass at open, then every later parse of the
 * lazy document through doc_watch. Layout and drawing are not recorded:
 * they work on parsed blocks, and recording every paint would quarantine
 * an innocent article for any crash while it is open. A quarantined file
 * opens with doc_load_plain (its lines as paragraphs, one run each mapped
 * byte for byte), so positions and highlights still work.
 */
#include "config.h"
#include "data/quarantine.h"

#include <stddef.h>

#include "document/doc.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/inflight.h"
#include "data/store.h"
#include "document/tidy.h"

/* Load path as plain text, saying why in its first warning. */
static bool
quarantine_load_plain(const char *path, struct doc **out, struct err *err)
{
	if (!doc_load_plain(path, out, err))
		return false;
	/* Shown before the sanitiser's warning, if any. */
	char **w = (*out)->warnings;
	size_t n = (*out)->n_warnings;
	(*out)->warnings = NULL;
	(*out)->n_warnings = 0;
	/* TRANSLATORS: shown in the status line when a quarantined
	   article opens; "tsundoku index --retry" is a command. */
	doc_warn(*out, _("shown as plain text: tsundoku crashed while "
			 "reading it ('tsundoku index --retry' reads it "
			 "again)"));
	for (size_t i = 0; i < n; i++)
		doc_warn(*out, "%s", w[i]);
	return true;
}

bool
quarantine_load(struct store *s, struct inflight *f, const char *path,
		const struct tidy_rules *rules, struct doc **out,
		struct err *err)
{
	bool quarantined = false;
	bool ok;

	/* A database that cannot be read is reported elsewhere; the
	 * article opens as usual then. */
	if (!store_is_quarantined(s, path, &quarantined, NULL))
		quarantined = false;
	if (quarantined)
		return quarantine_load_plain(path, out, err);
	if (f != NULL)
		inflight_enter(f, 0, path);
	ok = doc_load_lazy(path, out, err);
	if (ok && rules != NULL)
		tidy_doc(*out, rules);
	if (f != NULL)
		inflight_leave(f, 0);
	if (ok && f != NULL)
		doc_watch(*out, f, 0);
	return ok;
}
