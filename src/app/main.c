/* SPDX-License-Identifier: MIT */
/*
 * main.c: locale and gettext set-up, command-line options, signals, and
 * the exit status. Everything else happens in app.c.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "base/buf.h"
#include "app/cli.h"
#include "ui/conf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "ui/paths.h"
#include "ui/term.h"
#include "base/xmem.h"

enum main_exit {
	MAIN_EXIT_OK = 0,
	MAIN_EXIT_ERROR = 1,	/* something failed while running */
	MAIN_EXIT_USAGE = 2,	/* bad options, or no terminal to run in */
};

/* The write end of the self-pipe that turns signals into events; the one
 * global a signal handler cannot do without. */
static int main_signal_fd = -1;

/* Turn a terminating signal into a byte on the self-pipe. */
static void
main_on_signal(int sig)
{
	char c = (char)sig;
	int saved = errno;

	if (write(main_signal_fd, &c, 1) < 0) {
		/* The pipe is full: a wake-up is already pending. */
	}
	errno = saved;
}

/* Create the self-pipe and route SIGTERM, SIGHUP and SIGINT into it;
 * return the read end, or -1 when that failed. */
static int
main_signals(void)
{
	int fds[2];
	struct sigaction sa;

	if (pipe(fds) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {	/* never inherited by a browser */
		fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	}
	main_signal_fd = fds[1];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = main_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	return fds[0];
}

static char *main_exe_path(const char *argv0);

/* Set the locale from the environment, falling back to C.UTF-8 for
 * character handling when the environment's is not UTF-8, and find the
 * catalogs (paths_locale_dir: the build tree's when run from it). Return
 * false when no UTF-8 locale exists at all. */
static bool
main_locale(const char *argv0)
{
	char *exe = main_exe_path(argv0);
	struct buf dir;

	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0 &&
	    setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		free(exe);
		return false;
	}
	buf_init(&dir);
	paths_locale_dir(exe, &dir);
	bindtextdomain(PACKAGE, buf_str(&dir));
	buf_fini(&dir);
	free(exe);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	return true;
}

/* Print the --help text to f. */
static void
main_usage(FILE *f)
{
	fprintf(f, _("Usage: %s [OPTION]... [PATH]...\n"), PACKAGE);
	fputs(_("Read an archive of saved articles in the terminal.\n\n"
		"With no PATH, open the archive roots named by 'set archive' in the\n"
		"config file, or the bundled sample articles when none is set.\n"
		"Each PATH is an article file or a directory of articles.\n\n"
		"  -c, --config=FILE  read this config file instead of the default\n"
		"      --db=FILE      use this database file instead of the default\n"
		"      --check-config report the config file's errors and exit\n"
		"  -h, --help         show this help and exit\n"
		"  -V, --version      show the version and exit\n\n"
		"Exit status: 0 on success, 1 on an error while running, 2 on a usage\n"
		"error or when the full-screen interface cannot start.\n"), f);
	fputs(_("\nSubcommands, for scripts (after --config and --db, if given):\n"
		"  index [--retry] [PATH]...   add articles to the search index\n"
		"  search [--json] QUERY...    print the indexed articles that match\n"
		"  list [--unread] [--json] [PATH]...\n"
		"                              print the archive's indexed articles\n"
		"  export [--format=markdown|json] [--output=FILE] [PATH]...\n"
		"                              print highlights and notes\n"
		"  import [FILE]               read highlights exported as JSON\n"
		"  purge [--yes]               forget the articles whose files are gone,\n"
		"                              then those outside the archive (asks)\n"
		"  show [--width=N] [--color=auto|always|never] [--raw] FILE...\n"
		"                              print articles as the reader lays them out\n"
		"  stats [--json] [--since=DATE]\n"
		"                              print reading statistics\n"
		"  review [--json] [--size=N]  print today's highlights to review\n"
		"Each also takes --config and --db; see tsundoku(1).\n"), f);
	fputs(_("  sync [--status | --compact] [DIR]\n"
		"                              keep reading state and highlights in step\n"
		"                              with other devices through a synced folder\n"), f);
}

/* Return the path of the running executable as a heap string. */
static char *
main_exe_path(const char *argv0)
{
	struct buf b;
	char tmp[4096];
	ssize_t n = readlink("/proc/self/exe", tmp, sizeof tmp - 1);

	buf_init(&b);
	if (n > 0)
		buf_add(&b, tmp, (size_t)n);
	else
		buf_adds(&b, argv0);
	return buf_detach(&b);
}

/* Report every error in the config file on stderr; return the exit
 * status of --check-config: 0 when there is none. */
static int
main_check_config(const char *path)
{
	struct conf cfg;
	struct buf def;
	bool given = path != NULL;

	buf_init(&def);
	if (!given) {
		paths_config_file(&def);
		path = buf_str(&def);
	}
	conf_init(&cfg);
	if (given)
		conf_load_given(&cfg, path);	/* a typo in --config is an error */
	else
		conf_load(&cfg, path);
	for (size_t i = 0; i < cfg.n_errors; i++)
		fprintf(stderr, "%s\n", cfg.errors[i]);
	/* Not errors, but what the user would want to know: the default
	 * file is not there, a root names nothing. */
	struct stat st;
	if (!given && stat(path, &st) != 0)
		printf(_("%s: no config file there; the defaults apply\n"), path);
	for (size_t i = 0; i < cfg.n_archives; i++)
		if (stat(cfg.archives[i], &st) != 0 || !S_ISDIR(st.st_mode))
			fprintf(stderr, _("%s: warning: archive root %s is not a "
					  "directory that exists\n"), path,
				cfg.archives[i]);
	int status = cfg.n_errors > 0 ? MAIN_EXIT_ERROR : MAIN_EXIT_OK;
	if (status == MAIN_EXIT_OK)
		printf(_("%s: no errors\n"), path);
	conf_fini(&cfg);
	buf_fini(&def);
	return status;
}

/* Parse the options into opt; return -1 to go on, else the exit
 * status. */
static int
main_options(int argc, char **argv, struct app_options *opt)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'D' },
		{ "check-config", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	bool check = false;
	int c;

	while ((c = getopt_long(argc, argv, "hVc:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			main_usage(stdout);
			return MAIN_EXIT_OK;
		case 'V':
			printf("%s %s\n", PACKAGE, VERSION);
			return MAIN_EXIT_OK;
		case 'c': opt->config_path = optarg; break;
		case 'D': opt->db_path = optarg; break;
		case 'C': check = true; break;
		default:
			fprintf(stderr, _("Try '%s --help' for more information.\n"),
				PACKAGE);
			return MAIN_EXIT_USAGE;
		}
	}
	return check ? main_check_config(opt->config_path) : -1;
}

/* Return the index in argv of the subcommand named after the options
 * every subcommand takes too (--config and --db, as in "tsundoku --db X
 * list", the way "git -C X log" works), or 0 when there is none. */
static int
main_find_command(int argc, char **argv)
{
	int i = 1;

	while (i < argc) {
		const char *a = argv[i];
		if (strcmp(a, "--db") == 0 || strcmp(a, "--config") == 0 ||
		    strcmp(a, "-c") == 0)
			i += 2;
		else if (strncmp(a, "--db=", 5) == 0 ||
			 strncmp(a, "--config=", 9) == 0 ||
			 (strncmp(a, "-c", 2) == 0 && a[2] != '\0'))
			i++;
		else
			break;
	}
	return i < argc && cli_is_command(argv[i]) ? i : 0;
}

/* Run the subcommand at argv[cmd], the options before it moved after
 * it; return its exit status. */
static int
main_command(int argc, char **argv, int cmd)
{
	char **args = xcalloc((size_t)argc + 1, sizeof *args);
	char *exe = main_exe_path(argv[0]);
	int n = 0;

	args[n++] = argv[cmd];
	for (int i = 1; i < argc; i++)
		if (i != cmd)
			args[n++] = argv[i];
	int status = cli_run(n, args, exe);
	free(exe);
	free(args);
	return status;
}

/* Open the app and run the interface; return the exit status. */
static int
main_run(const struct app_options *opt)
{
	struct app *app = NULL;
	struct err err;
	int status = MAIN_EXIT_OK;

	err_init(&err);
	if (!app_open(&app, opt, &err)) {
		fprintf(stderr, _("%s: %s\n"), PACKAGE, err_msg(&err));
		status = MAIN_EXIT_ERROR;
	} else if (!term_open(opt->wake_fd, &err)) {
		fprintf(stderr, _("%s: %s\n"), PACKAGE, err_msg(&err));
		status = MAIN_EXIT_USAGE;
	} else {
		app_run(app);
		term_close();
	}
	app_close(app);
	err_fini(&err);
	return status;
}

int
main(int argc, char **argv)
{
	if (!main_locale(argv[0])) {
		fprintf(stderr, "%s: no UTF-8 locale is available\n", PACKAGE);
		return MAIN_EXIT_USAGE;
	}
	int cmd = main_find_command(argc, argv);
	if (cmd > 0)
		return main_command(argc, argv, cmd);
	struct app_options opt = { .wake_fd = -1 };
	int status = main_options(argc, argv, &opt);
	if (status >= 0)
		return status;
	char *exe = main_exe_path(argv[0]);
	opt.exe_path = exe;
	opt.paths = argv + optind;
	opt.n_paths = argc - optind;
	opt.wake_fd = main_signals();
	status = main_run(&opt);
	free(exe);
	return status;
}
