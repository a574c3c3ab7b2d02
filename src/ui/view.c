/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view.h"

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
