/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "base/hlc.h"

struct hlc
hlc_tick(struct hlc *clock, int64_t now_ms)
{
	if (now_ms > clock->ms) {
		clock->ms = now_ms;
		clock->c = 0;
	} else if (clock->c < UINT32_MAX) {
		clock->c++;
	} else {	/* 4 billion stamps in one ms: borrow the next ms */
		clock->ms++;
		clock->c = 0;
	}
	return *clock;
}

bool
hlc_observe(struct hlc *clock, struct hlc remote, int64_t now_ms)
{
	if (remote.ms > now_ms + HLC_MAX_AHEAD_MS)
		return false;
	if (hlc_cmp(remote, *clock) > 0)
		*clock = remote;
	return true;
}

int
hlc_cmp(struct hlc a, struct hlc b)
{
	if (a.ms != b.ms)
		return a.ms < b.ms ? -1 : 1;
	if (a.c != b.c)
		return a.c < b.c ? -1 : 1;
	return 0;
}
