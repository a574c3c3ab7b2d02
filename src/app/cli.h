/* SPDX-License-Identifier: MIT */
/*
 * cli.h: the non-interactive subcommands for scripts: `index` fills the
 * database from article files, `search` and `list` print what it holds
 * as tab-separated lines or JSON. main.c recognises a subcommand only as
 * the first argument and hands the rest of the command line over.
 */
#ifndef TSUNDOKU_CLI_H
#define TSUNDOKU_CLI_H

#include <stdbool.h>

/* Return true when name is exactly the name of a subcommand. */
bool cli_is_command(const char *name);

/* Run the subcommand argv[0] with the options and arguments that follow
 * it; exe_path finds the bundled samples. Return the exit status: 0 on
 * success, 1 on an error (for search: nothing matched), 2 on a usage
 * error (for search: also an error while searching, like grep). */
int cli_run(int argc, char **argv, const char *exe_path);

#endif
