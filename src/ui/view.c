/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view.h"

#include "base/buf.h"

bool
view_motion(enum action a, int count, long page, long last, long *pos)
{
	long n = count > 0 ? count : 1, p = *pos;

	if (page < 1)
		page = 1;
	switch (a) {
	case ACTION_MOVE_DOWN: p += n; break;
	case ACTION_MOVE_UP: p -= n; break;
	case ACTION_PAGE_DOWN: p += page * n; break;
	case ACTION_PAGE_UP: p -= page * n; break;
	case ACTION_HALF_PAGE_DOWN: p += (page + 1) / 2 * n; break;
	case ACTION_HALF_PAGE_UP: p -= (page + 1) / 2 * n; break;
	case ACTION_FIRST: case ACTION_LAST:	/* 12G: row 12, as in less */
		p = count > 0 ? count - 1 : a == ACTION_FIRST ? 0 : last;
		break;
	default: return false;
	}
	*pos = p < 0 ? 0 : p > last ? last : p;
	return true;
}

/* Append "KEY label" to out, after two spaces when out holds text, when
 * action a has a key in ctx of km. */
void
view_status_key(const struct keymap *km, enum keymap_context ctx,
		enum action a, const char *label, struct buf *out)
{
	size_t len = out->len;

	if (km == NULL)
		return;
	if (len > 0)
		buf_adds(out, "  ");
	if (keymap_key_for(km, ctx, a, out))
		buf_printf(out, " %s", label);
	else
		out->len = len;	/* unbound: nothing */
}
