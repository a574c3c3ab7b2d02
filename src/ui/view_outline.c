/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view_outline.h"

#include "document/doc.h"
#include "base/i18n.h"
#include "ui/view_menu.h"
#include "base/xmem.h"

/* Return true when blk belongs in the outline: a heading that is not a
 * mere repetition of the article's title. */
static bool
view_outline_wants(const struct doc_block *blk)
{
	return blk->kind == DOC_HEADING && blk->text_len > 0 &&
	       !(blk->flags & DOC_BLOCK_REPEAT);
}

struct view *
view_outline_new(const struct doc *d)
{
	struct view_menu_item *items = xcalloc(d->n_blocks + 1, sizeof *items);
	size_t n = 0;

	/* The whole title first: the reader's header shows only its
	 * beginning when it is long. */
	items[n].text = xstrdup(doc_title(d));
	items[n++].value = 0;

	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *blk = &d->blocks[i];
		if (!view_outline_wants(blk))
			continue;
		items[n].text = xstrdup(blk->text);
		items[n].indent = 2 * (blk->level > 0 ? blk->level - 1 : 0);
		items[n].value = blk->src_off;
		n++;
	}
	return view_menu_new(VIEW_KIND_OUTLINE, _("Outline"), items, n);
}
