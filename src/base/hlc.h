/* SPDX-License-Identifier: MIT */
/*
 * hlc.h: a hybrid logical clock. A stamp is wall time in unix
 * milliseconds plus a counter; a clock's stamps never go backwards, even
 * when the wall clock does, and a clock that has seen another device's
 * stamp stamps everything after it later still (hlc_observe), so "the
 * latest change wins" means what the user did last as far as the devices
 * could tell. Stamps are totally ordered with the device id as the last
 * tie-breaker (the caller's job: hlc_cmp compares times only).
 * Pure computation: no clock is read here, the caller passes the time.
 */
#ifndef TSUNDOKU_HLC_H
#define TSUNDOKU_HLC_H

#include <stdbool.h>
#include <stdint.h>

/* One stamp; also the state of a clock (the last stamp it gave). */
struct hlc {
	int64_t ms;		/* wall time, unix milliseconds */
	uint32_t c;		/* counter within one ms */
};

/* How far ahead of our wall time a stamp we observe may pull our clock:
 * a device whose clock runs a year ahead must not drag every device's
 * stamps with it (its own stamps still compare as stamped). */
#define HLC_MAX_AHEAD_MS (24 * 3600 * 1000LL)

/* Advance clock to a stamp later than any it gave, at wall time now_ms,
 * and return it. */
struct hlc hlc_tick(struct hlc *clock, int64_t now_ms);

/* Make clock's next stamps later than remote, a stamp seen in another
 * device's journal, unless remote lies more than HLC_MAX_AHEAD_MS
 * beyond now_ms; return false (clock unchanged) in that case. */
bool hlc_observe(struct hlc *clock, struct hlc remote, int64_t now_ms);

/* Compare two stamps: negative, 0 or positive as a is earlier, equal or
 * later than b. */
int hlc_cmp(struct hlc a, struct hlc b);

#endif
