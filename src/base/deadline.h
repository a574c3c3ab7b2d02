/* SPDX-License-Identifier: MIT */
/*
 * deadline.h: the absolute CLOCK_REALTIME time ms milliseconds from now,
 * as pthread_cond_timedwait takes it.
 */
#ifndef TSUNDOKU_DEADLINE_H
#define TSUNDOKU_DEADLINE_H

#include <time.h>

/* Set *until to now plus ms milliseconds on CLOCK_REALTIME. */
static inline void
deadline_in(struct timespec *until, long ms)
{
	clock_gettime(CLOCK_REALTIME, until);
	until->tv_nsec += ms * 1000000L;
	until->tv_sec += until->tv_nsec / 1000000000L;
	until->tv_nsec %= 1000000000L;
}

#endif
