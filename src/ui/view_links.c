/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view_links.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/i18n.h"
#include "text/utf8.h"
#include "ui/view_menu.h"
#include "base/xmem.h"

#define VIEW_LINKS_TEXT_WIDTH 40
/* Columns of an address shown in the menu, and bytes of it looked at:
 * one reference used over and over would otherwise put its whole
 * address, however long, in every line. Following a link uses the
 * document's address, never the line. */
#define VIEW_LINKS_URL_WIDTH 200
#define VIEW_LINKS_URL_BYTES 1024

/* Collect the text shown for each link: the runs that carry it, in
 * document order, until the text is wide enough to recognise; the
 * markers md.c adds (the link's own "[3]", "[image 3: ") are not its
 * text. */
static void
view_links_texts(const struct doc *d, struct buf *texts)
{
	for (size_t b = 0; b < d->n_blocks; b++) {
		const struct doc_block *blk = &d->blocks[b];
		for (size_t r = 0; r < blk->n_runs; r++) {
			const struct doc_run *run = &blk->runs[r];
			if (run->link < 0 || (size_t)run->link >= d->n_links ||
			    (run->style & DOC_STYLE_MARK))
				continue;
			struct buf *t = &texts[run->link];
			if (utf8_width(buf_str(t), t->len) < VIEW_LINKS_TEXT_WIDTH)
				buf_add(t, blk->text + run->text_off, run->len);
		}
	}
}

/* Return the menu line for link i: number, text (or a word for an image
 * without one) and address; the address alone when the text says just
 * that. */
static char *
view_links_line(const struct doc *d, size_t i, const struct buf *text)
{
	const struct doc_link *l = &d->links[i];
	struct buf line;

	buf_init(&line);
	buf_printf(&line, "[%zu] ", i + 1);
	if (l->url[0] != '\0' && strcmp(buf_str(text), l->url) == 0) {
		buf_adds(&line, l->url);
		return buf_detach(&line);
	}
	if (text->len > 0)
		utf8_truncate(text->data, text->len, VIEW_LINKS_TEXT_WIDTH, &line);
	else
		buf_adds(&line, l->is_image ? _("image") : _("link"));
	buf_adds(&line, "  ");
	if (l->url[0] == '\0') {
		buf_adds(&line, _("(no address)"));
		return buf_detach(&line);
	}
	size_t n = strnlen(l->url, VIEW_LINKS_URL_BYTES + 1);
	if (n > VIEW_LINKS_URL_BYTES) {	/* cut on a character */
		n = VIEW_LINKS_URL_BYTES;
		while (n > 0 && ((unsigned char)l->url[n] & 0xC0) == 0x80)
			n--;
	}
	utf8_truncate(l->url, n, VIEW_LINKS_URL_WIDTH, &line);
	return buf_detach(&line);
}

struct view *
view_links_new(const struct doc *d)
{
	struct view_menu_item *items = xcalloc(d->n_links ? d->n_links : 1,
					       sizeof *items);
	struct buf *texts = xcalloc(d->n_links ? d->n_links : 1, sizeof *texts);

	view_links_texts(d, texts);
	for (size_t i = 0; i < d->n_links; i++) {
		items[i].text = view_links_line(d, i, &texts[i]);
		items[i].value = i;
		buf_fini(&texts[i]);
	}
	free(texts);
	return view_menu_new(VIEW_KIND_LINKS, _("Links and images"), items,
			     d->n_links);
}
