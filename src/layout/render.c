/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "layout/render.h"

#include <string.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/i18n.h"
#include "layout/layout.h"
#include "text/utf8.h"
#include "text/wrap.h"

/* SGR parameters of each role, as the reader's 8-colour look draws it
 * (term.c); NULL for the terminal's own. */
static const char *const render_role_sgr[] = {
	[LAYOUT_TITLE] = "1;33", [LAYOUT_META] = "36", [LAYOUT_URL] = "36",
	[LAYOUT_HEADING] = "1;35", [LAYOUT_CODE] = "32", [LAYOUT_RULE] = "2",
	[LAYOUT_IMAGE] = "2", [LAYOUT_FOLD] = "2",
};

/* SGR parameters of inline styles, added after the role's. */
static const struct {
	unsigned style;
	const char *sgr;
} render_style_sgr[] = {
	{ DOC_STYLE_STRONG, "1" }, { DOC_STYLE_EMPH, "3" },
	{ DOC_STYLE_STRIKE, "9" }, { DOC_STYLE_CODE, "32" },
	{ DOC_STYLE_LINK, "4;34" },
};

/* Append s[0..len) to out with every C0 control, DEL and C1 control
 * replaced by U+FFFD, so nothing in it can steer the terminal. */
static void
render_text(const char *s, size_t len, struct buf *out)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool c1 = c == 0xC2 && i + 1 < len &&
			  (unsigned char)s[i + 1] >= 0x80 &&
			  (unsigned char)s[i + 1] <= 0x9F;
		if (c >= 0x20 && c != 0x7F && !c1)
			continue;
		buf_add(out, s + start, i - start);
		buf_adds(out, "\xEF\xBF\xBD");
		i += c1;
		start = i + 1;
	}
	buf_add(out, s + start, len - start);
}

/* Append the SGR parameters for role and style to sgr (empty: none). */
static void
render_sgr(enum layout_role role, unsigned style, struct buf *sgr)
{
	size_t n = sizeof render_role_sgr / sizeof *render_role_sgr;

	buf_clear(sgr);
	if ((size_t)role < n && render_role_sgr[role] != NULL)
		buf_adds(sgr, render_role_sgr[role]);
	for (size_t i = 0; i < sizeof render_style_sgr /
			       sizeof *render_style_sgr; i++) {
		if (!(style & render_style_sgr[i].style))
			continue;
		if (sgr->len > 0)
			buf_addc(sgr, ';');
		buf_adds(sgr, render_style_sgr[i].sgr);
	}
}

/* Append text s[0..len) in role and style to out, coloured when color. */
static void
render_span(const char *s, size_t len, enum layout_role role, unsigned style,
	    bool color, struct buf *sgr, struct buf *out)
{
	if (color)
		render_sgr(role, style, sgr);
	if (color && sgr->len > 0)
		buf_printf(out, "\033[%sm", buf_str(sgr));
	render_text(s, len, out);
	if (color && sgr->len > 0)
		buf_adds(out, "\033[0m");
}

void
render_layout(const struct layout *lo, bool color, struct buf *out)
{
	struct buf sgr;

	buf_init(&sgr);
	for (size_t i = 0; i < lo->n; i++) {
		const struct layout_line *l = &lo->lines[i];
		render_text(l->prefix, strlen(l->prefix), out);
		for (size_t j = 0; j < l->n_segs; j++)
			render_span(l->segs[j].text, l->segs[j].len, l->role,
				    l->segs[j].style, color, &sgr, out);
		buf_addc(out, '\n');
	}
	buf_fini(&sgr);
}

/* Append "[n] address" for link i, wrapped to width under the address. */
static void
render_link(const struct doc *d, size_t i, int width, bool color,
	    struct buf *line, struct buf *out)
{
	struct wrap_lines w;
	const char *url = d->links[i].url[0] != '\0' ? d->links[i].url :
			  _("(no address)");
	struct buf sgr;

	buf_clear(line);
	buf_printf(line, "[%zu] ", i + 1);
	int indent = (int)line->len;	/* ASCII: bytes are columns */
	if (indent + 10 > width)
		indent = 0;	/* too narrow to hang the address */
	render_text(buf_str(line), line->len, out);
	if (indent == 0)
		buf_addc(out, '\n');
	buf_init(&sgr);
	wrap_lines_init(&w);
	wrap_text(url, strlen(url), indent > 0 ? width - indent : width,
		  indent > 0 ? width - indent : width, &w);
	for (size_t k = 0; k < w.n; k++) {
		for (int c = 0; k > 0 && c < indent; c++)
			buf_addc(out, ' ');
		render_span(url + w.lines[k].off, w.lines[k].len, LAYOUT_URL,
			    d->links[i].is_image ? 0 : DOC_STYLE_LINK, color,
			    &sgr, out);
		buf_addc(out, '\n');
	}
	wrap_lines_fini(&w);
	buf_fini(&sgr);
}

void
render_links(const struct doc *d, int width, bool color, struct buf *out)
{
	struct buf line, sgr;

	if (d->n_links == 0)
		return;
	if (width < 1)
		width = 1;
	buf_init(&line);
	buf_init(&sgr);
	buf_addc(out, '\n');
	/* TRANSLATORS: heading of the list of an article's links and
	   images at the end of `tsundoku show`. */
	const char *head = _("Links:");
	render_span(head, strlen(head), LAYOUT_HEADING, 0, color, &sgr, out);
	buf_addc(out, '\n');
	for (size_t i = 0; i < d->n_links; i++)
		render_link(d, i, width, color, &line, out);
	buf_fini(&line);
	buf_fini(&sgr);
}

void
render_article(const struct doc *d, int width, bool color, bool raw,
	       struct buf *out)
{
	struct layout lo;
	struct layout_opts opts = {
		.width = width, .show_leftovers = raw, .wrap_code = true,
	};

	layout_build_opts(&lo, d, &opts);
	render_layout(&lo, color, out);
	render_links(d, width, color, out);
	layout_fini(&lo);
}
