/* SPDX-License-Identifier: MIT */
/*
 * cli_stats.h: the subcommands `stats` (reading statistics, as text or
 * JSON) and `review` (today's review queue, as JSON), for scripts. See
 * tsundoku(1), SUBCOMMANDS.
 */
#ifndef TSUNDOKU_CLI_STATS_H
#define TSUNDOKU_CLI_STATS_H

/* Run `stats` or `review` (argv[0]) with the options that follow it;
 * return the exit status (0, 1 on an error, 2 on a usage error). */
int cli_stats_run(int argc, char **argv);

#endif
