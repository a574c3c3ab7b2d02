/* SPDX-License-Identifier: MIT */
/*
 * cli_sync.h: `tsundoku sync` (tsundoku(1), SUBCOMMANDS): read every
 * device's journal in the sync folder and apply what is new, list the
 * devices (--status), replace this device's journal by a snapshot
 * (--compact), or print the synced state (--dump, for tests and
 * curiosity). cli.c parses the options and opens the database.
 */
#ifndef TSUNDOKU_CLI_SYNC_H
#define TSUNDOKU_CLI_SYNC_H

#include <stddef.h>

struct store;

/* What `sync` is asked to do. */
enum cli_sync_mode {
	CLI_SYNC_RUN,
	CLI_SYNC_STATUS,
	CLI_SYNC_COMPACT,
	CLI_SYNC_DUMP,
	CLI_SYNC_ADOPT,		/* after import: journal what no journal has;
				   nothing when no folder is set */
};

/* Run `sync` in mode over the database s through the folder dir (NULL:
 * not configured, an error), naming this device name (NULL: the host
 * name) and articles below roots[0..n_roots). Return the exit status:
 * 0, or 1 after an error or a journal problem reported on stderr. */
int cli_sync(struct store *s, enum cli_sync_mode mode, const char *dir,
	     const char *name, char *const *roots, size_t n_roots);

#endif
