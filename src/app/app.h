/* SPDX-License-Identifier: MIT */
/*
 * app.h: the application: it owns all state (configuration, keymap,
 * archive, database, the stack of views, the status message and the
 * command line) and runs the loop key -> action -> view -> reaction ->
 * repaint. Only the app shows messages; only main exits.
 */
#ifndef TSUNDOKU_APP_H
#define TSUNDOKU_APP_H

#include <stdbool.h>

struct app;
struct err;

struct app_options {
	const char *exe_path;		/* for finding the data directory */
	char *const *paths;		/* articles or directories to open; */
	int n_paths;			/* none: the configured archive */
	int wake_fd;			/* readable when a signal arrived */
	const char *config_path;	/* NULL: the XDG default */
	const char *db_path;		/* NULL: the XDG default */
};

/* Read the config file, open the database and scan the archive. Fails,
 * with err set, when a path given on the command line does not exist or
 * the database cannot be opened; problems in the config file or under a
 * configured root become messages shown once the interface runs. The
 * caller frees *out with app_close. */
bool app_open(struct app **out, const struct app_options *opt,
	      struct err *err);

/* Run the full-screen interface (term_open must have succeeded) until
 * the user quits or a terminating signal arrives. */
void app_run(struct app *a);

/* Free the app; NULL is allowed. */
void app_close(struct app *a);

#endif
