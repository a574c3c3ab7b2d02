/* SPDX-License-Identifier: MIT */
/*
 * cli.c: the subcommands `index`, `search`, `list`, `export`, `import`,
 * `purge` and `show` (see cli.h and the SUBCOMMANDS section of tsundoku(1)). Everything an article holds is
 * sanitised before it is printed: control characters never reach the
 * terminal, and TAB and LF never break a line apart.
 */
#include "config.h"

#include "app/cli.h"
#include "app/cli_stats.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/cli_sync.h"
#include "base/buf.h"
#include "document/chrome.h"
#include "ui/conf.h"
#include "document/doc.h"
#include "data/indexer.h"
#include "base/err.h"
#include "data/export.h"
#include "data/highlight.h"
#include "base/i18n.h"
#include "ui/paths.h"
#include "layout/render.h"
#include "data/store.h"
#include "document/tidy.h"
#include "text/utf8.h"
#include "base/xmem.h"

enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_ERROR = 1,	/* an error; for search: no match */
	CLI_EXIT_USAGE = 2,	/* bad options; for search: an error */
	CLI_EXIT_BUSY = 3,	/* index: another tsundoku is indexing */
};

/* The options after the subcommand. */
struct cli_opts {
	const char *config_path;	/* NULL: the XDG default */
	const char *db_path;		/* NULL: the XDG default */
	bool json;
	bool unread;
	enum export_format format;	/* export */
	const char *output;		/* export: NULL for standard output */
	bool yes;		/* purge without asking */
	bool retry;		/* index: read quarantined files again */
	bool no_wait;		/* index: exit at once when another indexes */
	int width;		/* show: columns; 0 for the terminal's */
	int color;		/* show: -1 never, 0 auto, 1 always */
	bool raw;		/* show: leftovers not folded */
	enum cli_sync_mode sync;	/* sync: --status, --compact, --dump */
};

/* Long options without a letter. */
enum { CLI_OPT_STATUS = 0x100, CLI_OPT_COMPACT, CLI_OPT_DUMP };

/* The widest `show --width` accepts, in columns. */
#define CLI_MAX_WIDTH 10000

/* How an index run is going. */
struct cli_tally {
	bool progress;		/* show a progress line (stderr is a tty) */
	bool shown;		/* a progress line is on the screen */
	struct indexer_progress last;	/* the latest report */
	bool scanned;		/* the walk was over: counts are known */
};

/* The paths an index run is given, heap copies. */
struct cli_paths {
	char **v;
	size_t n;
};

/* Append a copy of path to p. */
static void
cli_paths_add(struct cli_paths *p, const char *path)
{
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	p->v[p->n++] = xstrdup(path);
}

/* Where search and list write their results. */
struct cli_out {
	bool json;
	bool snippets;
	size_t n;		/* results printed */
	struct buf line;
	struct buf tmp;
};

bool
cli_is_command(const char *name)
{
	return strcmp(name, "index") == 0 || strcmp(name, "search") == 0 ||
	       strcmp(name, "list") == 0 || strcmp(name, "export") == 0 ||
	       strcmp(name, "import") == 0 || strcmp(name, "purge") == 0 ||
	       strcmp(name, "show") == 0 || strcmp(name, "sync") == 0 ||
	       strcmp(name, "stats") == 0 || strcmp(name, "review") == 0;
}

/* Print the hint for a usage error in subcommand cmd, naming its own
 * --help, and return the usage status. */
static int
cli_usage_error(const char *cmd)
{
	fprintf(stderr, _("Try '%s %s --help' for more information.\n"),
		PACKAGE, cmd);
	return CLI_EXIT_USAGE;
}

/* Each subcommand's synopsis and what it does, for its --help. */
static const struct {
	const char *name;
	const char *synopsis;	/* options and operands, not translated */
	const char *about;	/* untranslated; pass through _() */
} cli_commands[] = {
	{ "index", "[--retry] [--no-wait] [PATH]...",
	  N_("Add articles to the search index.") },
	{ "search", "[--json] QUERY...",
	  N_("Print the indexed articles that match the query.") },
	{ "list", "[--unread] [--json] [PATH]...",
	  N_("Print the archive's indexed articles.") },
	{ "export", "[--format=markdown|json] [--output=FILE] [PATH]...",
	  N_("Print highlights and notes.") },
	{ "import", "[FILE]", N_("Read highlights exported as JSON.") },
	{ "purge", "[--yes]",
	  N_("Forget the articles whose files are gone, then those outside the archive (asks).") },
	{ "show", "[--width=N] [--color=auto|always|never] [--raw] FILE...",
	  N_("Print articles as the reader lays them out.") },
	{ "sync", "[--status | --compact | --dump] [DIR]",
	  N_("Keep reading state and highlights in step with other devices through a synced folder.") },
};

/* Print subcommand cmd's --help to standard output. */
static void
cli_help(const char *cmd)
{
	for (size_t i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++) {
		if (strcmp(cli_commands[i].name, cmd) != 0)
			continue;
		printf(_("Usage: %s [--config=FILE] [--db=FILE] %s %s\n"), PACKAGE,
		       cmd, cli_commands[i].synopsis);
		printf("%s\n", _(cli_commands[i].about));
		printf(_("See tsundoku(1) for the options.\n"));
	}
}

/* Return true when option c is one that subcommand cmd accepts. */
static bool
cli_accepts(const char *cmd, int c)
{
	if (c == 'c' || c == 'D' || c == 'h')
		return true;	/* show: for fold-* and learned chrome */
	if (c == 'j')
		return strcmp(cmd, "search") == 0 || strcmp(cmd, "list") == 0;
	if (c == 'f' || c == 'o')
		return strcmp(cmd, "export") == 0;
	if (c == 'y')
		return strcmp(cmd, "purge") == 0;
	if (c == 'R' || c == 'W')
		return strcmp(cmd, "index") == 0;
	if (c == 'w' || c == 'C' || c == 'r')
		return strcmp(cmd, "show") == 0;
	if (c >= CLI_OPT_STATUS && c <= CLI_OPT_DUMP)
		return strcmp(cmd, "sync") == 0;
	return c == 'u' && strcmp(cmd, "list") == 0;
}

/* Set o->format from the argument of --format; return false for an
 * unknown format (reported). */
static bool
cli_format(const char *arg, struct cli_opts *o)
{
	if (strcmp(arg, "markdown") == 0)
		o->format = EXPORT_MARKDOWN;
	else if (strcmp(arg, "json") == 0)
		o->format = EXPORT_JSON;
	else {
		fprintf(stderr, _("%s: unknown export format '%s' (use "
				  "markdown or json)\n"), PACKAGE, arg);
		return false;
	}
	return true;
}

/* Set show's --width or --color (c) from arg; return false for a bad
 * value (reported). */
static bool
cli_show_option(int c, const char *arg, struct cli_opts *o)
{
	char *end;
	long n;

	if (c == 'C') {
		o->color = strcmp(arg, "always") == 0 ? 1 :
			   strcmp(arg, "never") == 0 ? -1 : 0;
		if (o->color != 0 || strcmp(arg, "auto") == 0)
			return true;
		fprintf(stderr, _("%s: --color takes auto, always or never, "
				  "not '%s'\n"), PACKAGE, arg);
		return false;
	}
	n = strtol(arg, &end, 10);
	if (*arg != '\0' && *end == '\0' && n >= 1 && n <= CLI_MAX_WIDTH) {
		o->width = (int)n;
		return true;
	}
	fprintf(stderr, _("%s: --width takes a number from 1 to %d, not "
			  "'%s'\n"), PACKAGE, CLI_MAX_WIDTH, arg);
	return false;
}

/* Parse the options of subcommand argv[0] into o; return -1 to go on
 * (optind then indexes the first operand), else the exit status. */
static int
cli_options(int argc, char **argv, struct cli_opts *o)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'D' },
		{ "json", no_argument, NULL, 'j' },
		{ "unread", no_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "yes", no_argument, NULL, 'y' },
		{ "retry", no_argument, NULL, 'R' },
		{ "no-wait", no_argument, NULL, 'W' },
		{ "width", required_argument, NULL, 'w' },
		{ "color", required_argument, NULL, 'C' },
		{ "raw", no_argument, NULL, 'r' },
		{ "status", no_argument, NULL, CLI_OPT_STATUS },
		{ "compact", no_argument, NULL, CLI_OPT_COMPACT },
		{ "dump", no_argument, NULL, CLI_OPT_DUMP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:f:o:h", longopts, NULL)) != -1) {
		if (c == '?' || !cli_accepts(argv[0], c)) {
			/* An option given with a separate argument is two
			 * words back. */
			const char *name = optarg != NULL && optind >= 2 &&
				argv[optind - 1] == optarg ? argv[optind - 2]
				: argv[optind - 1];
			if (c != '?')
				fprintf(stderr, _("%s: option '%s' does not "
						  "apply to '%s'\n"), PACKAGE,
					name, argv[0]);
			return cli_usage_error(argv[0]);
		}
		if (c == 'h') {
			cli_help(argv[0]);
			return 0;
		}
		if (c == 'c')
			o->config_path = optarg;
		else if (c == 'D')
			o->db_path = optarg;
		else if (c == 'j')
			o->json = true;
		else if (c == 'f' && !cli_format(optarg, o))
			return cli_usage_error(argv[0]);
		else if (c == 'o')
			o->output = optarg;
		else if (c == 'y')
			o->yes = true;
		else if (c == 'u')
			o->unread = true;
		else if (c == 'R')
			o->retry = true;
		else if (c == 'W')
			o->no_wait = true;
		else if (c == 'r')
			o->raw = true;
		else if (c >= CLI_OPT_STATUS && c <= CLI_OPT_DUMP)
			o->sync = c == CLI_OPT_STATUS ? CLI_SYNC_STATUS
				: c == CLI_OPT_COMPACT ? CLI_SYNC_COMPACT
				: CLI_SYNC_DUMP;
		else if ((c == 'w' || c == 'C') && !cli_show_option(c, optarg, o))
			return cli_usage_error(argv[0]);
	}
	return -1;
}

/* Open the database (--db, else the XDG default), creating its
 * directory. */
static bool
cli_open_store(const struct cli_opts *o, struct store **s, struct err *err)
{
	return paths_open_store(o->db_path, s, NULL, err);
}

/* Print a message about one problem on stderr, below the progress
 * line, which is then drawn again at the next progress report. */
static void
cli_complain(struct cli_tally *t, const char *msg)
{
	struct buf clean;

	/* File names can hold control characters too. */
	buf_init(&clean);
	utf8_sanitize(msg, strlen(msg), &clean);
	if (t->shown)
		fputs("\r\033[K", stderr);
	t->shown = false;
	/* TRANSLATORS: the program's name, then a message; use the
	   same colon as in every other "tsundoku: ..." message. */
	fprintf(stderr, _("%s: %s\n"), PACKAGE, buf_str(&clean));
	buf_fini(&clean);
}

/* Print a message about one problem on stderr, made safe to print. */
static void
cli_complain_plain(const char *msg)
{
	struct cli_tally t = { .shown = false };

	cli_complain(&t, msg);
}

/* The indexer's warning callback. */
static void
cli_on_warning(const char *msg, void *ctx)
{
	cli_complain(ctx, msg);
}

/* Draw the progress bar on stderr, when it is a terminal: a bar of
 * CLI_BAR cells, then done/total, the rate and the time left. */
#define CLI_BAR 20
static void
cli_on_progress(const struct indexer_progress *p, void *ctx)
{
	struct cli_tally *t = ctx;
	struct buf line;
	size_t full = p->total > 0 ? p->done * CLI_BAR / p->total : 0;

	t->last = *p;
	t->scanned = t->scanned || !p->scanning;
	if (!t->progress)
		return;
	buf_init(&line);
	buf_adds(&line, "\r\033[K");
	if (!p->scanning) {
		buf_addc(&line, '[');
		for (size_t i = 0; i < CLI_BAR; i++)
			buf_addc(&line, i < full ? '#' : '.');
		buf_adds(&line, "] ");
	}
	indexer_progress_text(p, &line);
	fputs(buf_str(&line), stderr);
	fflush(stderr);
	t->shown = true;
	buf_fini(&line);
}

/* Read the config file (--config, else the default) into cfg, which
 * the caller finishes with conf_fini; its errors go to stderr. */
static void
cli_load_conf(const struct cli_opts *o, struct conf *cfg)
{
	struct buf b;

	buf_init(&b);
	conf_init(cfg);
	if (o->config_path != NULL) {
		conf_load_given(cfg, o->config_path);	/* must exist */
	} else {
		paths_config_file(&b);
		conf_load(cfg, buf_str(&b));
	}
	for (size_t i = 0; i < cfg->n_errors; i++)
		fprintf(stderr, "%s\n", cfg->errors[i]);
	buf_fini(&b);
}

/* Append the archive's roots to paths: those of the config file, or the
 * bundled samples when it names none (canonical, see
 * conf_archive_roots). */
static void
cli_default_paths(const struct cli_opts *o, const char *exe_path,
		  struct cli_paths *paths)
{
	struct conf cfg;

	cli_load_conf(o, &cfg);
	conf_archive_roots(&cfg, exe_path, &paths->v, &paths->n);
	conf_fini(&cfg);
}

/* Free the paths of p. */
static void
cli_paths_free(struct cli_paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

/* Open the database and limit what it lists and searches to the
 * articles below args[0..n) (canonical), or, with none, to the
 * archive's roots. */
static bool
cli_open_scoped(const struct cli_opts *o, const char *exe, char **args,
		int n, struct store **s, struct err *err)
{
	struct cli_paths roots = { 0 };

	if (!cli_open_store(o, s, err))
		return false;
	for (int i = 0; i < n; i++) {
		char *real = realpath(args[i], NULL);
		cli_paths_add(&roots, real != NULL ? real : args[i]);
		free(real);
	}
	if (n == 0)
		cli_default_paths(o, exe, &roots);
	store_set_scope(*s, roots.v, roots.n);
	cli_paths_free(&roots);
	return true;
}

/* Print the summary of an index run on stdout. */
static void
cli_summary(const struct indexer_progress *p)
{
	printf(P_("%zu new", "%zu new", p->n_new), p->n_new);
	printf(", ");
	printf(P_("%zu changed", "%zu changed", p->n_changed), p->n_changed);
	printf(", ");
	printf(P_("%zu renamed", "%zu renamed", p->n_renamed), p->n_renamed);
	printf(", ");
	printf(P_("%zu missing", "%zu missing", p->n_missing), p->n_missing);
	printf(", ");
	printf(P_("%zu unreadable", "%zu unreadable", p->n_unreadable),
	       p->n_unreadable);
	if (p->n_quarantined > 0) {
		printf(", ");
		printf(P_("%zu quarantined", "%zu quarantined",
			  p->n_quarantined), p->n_quarantined);
	}
	if (p->n_bad_meta > 0) {
		printf(", ");
		/* TRANSLATORS: files listed although their front matter
		   could not be read; they open with it shown as text. */
		printf(P_("%zu with unreadable front matter",
			  "%zu with unreadable front matter", p->n_bad_meta),
		       p->n_bad_meta);
	}
	putchar('\n');
}

/* Put the database path (--db, else the XDG default) in out and create
 * its directory. */
static bool
cli_db_path(const struct cli_opts *o, struct buf *out, struct err *err)
{
	paths_db_file(o->db_path, out);
	return paths_mkdir_parent(buf_str(out), err);
}

/* Return the exit status of an index run that ended with st. */
static int
cli_index_status(enum indexer_status st, const struct indexer_progress *p)
{
	if (st == INDEXER_BUSY)
		return CLI_EXIT_BUSY;
	if (st != INDEXER_DONE)
		return CLI_EXIT_ERROR;
	return p->n_unreadable > 0 || p->n_quarantined > 0 ? CLI_EXIT_ERROR
							    : CLI_EXIT_OK;
}

/* `index [--retry] [PATH...]`: bring the database in step with the
 * articles below the paths (default: the configured archive), showing
 * progress on a terminal, and print a summary; with --retry, read the
 * quarantined files again. */
static int
cli_index(char **args, int n, const struct cli_opts *o, const char *exe)
{
	struct cli_tally t = { .progress = isatty(2) };
	struct cli_paths paths = { 0 };
	struct buf db;
	struct err err;
	enum indexer_status st = INDEXER_FAILED;

	err_init(&err);
	buf_init(&db);
	for (int i = 0; i < n; i++)
		cli_paths_add(&paths, args[i]);
	if (n == 0)
		cli_default_paths(o, exe, &paths);
	if (cli_db_path(o, &db, &err)) {
		struct indexer_opts io = {
			.db_path = buf_str(&db), .paths = paths.v,
			.n_paths = paths.n, .on_progress = cli_on_progress,
			.on_warning = cli_on_warning, .ctx = &t,
			.name_bad_meta = true,
			.hold_text = indexer_debug_hold_text(),
			.retry = o->retry,
		};
		/* Another tsundoku indexing: wait for it (saying so once),
		 * then do what it left, which is quick. */
		for (bool said = false;; said = true) {
			struct indexer *ix = indexer_new(&io);
			st = indexer_run(ix, &err);
			indexer_free(ix);
			if (st != INDEXER_BUSY || o->no_wait)
				break;
			if (!said)
				fprintf(stderr, _("%s: another tsundoku is indexing "
						  "this database; waiting for it "
						  "(--no-wait to exit at once)\n"),
					PACKAGE);
			err_fini(&err);
			err_init(&err);
			nanosleep(&(struct timespec){ .tv_nsec = 250000000 }, NULL);
		}
	}
	if (t.shown)
		fputc('\n', stderr);
	if (st != INDEXER_DONE)
		fprintf(stderr, _("%s: %s\n"), PACKAGE, err_msg(&err));
	if (st == INDEXER_DONE || (st == INDEXER_FAILED && t.scanned))
		cli_summary(&t.last);	/* after a failure: what was saved */
	cli_paths_free(&paths);
	buf_fini(&db);
	err_fini(&err);
	return cli_index_status(st, &t.last);
}

/* Ask question on the terminal; return the answer (no on end of
 * input). */
static bool
cli_confirm(const char *question)
{
	char *line = NULL;
	size_t cap = 0;
	bool yes;

	fputs(question, stderr);
	fflush(stderr);
	yes = getline(&line, &cap, stdin) > 0 && rpmatch(line) == 1;
	free(line);
	return yes;
}

/* Decide whether a purge may go on: --yes, or a yes typed on the
 * terminal to question; without a terminal, refuse with the message
 * refusal. Return -1 to go on, else the exit status. */
static int
cli_purge_allowed(const struct cli_opts *o, const char *question,
		  const char *refusal)
{
	if (o->yes)
		return -1;
	if (!isatty(0) || !isatty(2)) {
		fprintf(stderr, _("%s: %s\n"), PACKAGE, refusal);
		return CLI_EXIT_ERROR;
	}
	return cli_confirm(question) ? -1 : CLI_EXIT_ERROR;
}

/* Delete the articles marked missing with their user data, after a
 * confirmation; return the exit status. */
static int
cli_purge_missing(struct store *s, const struct cli_opts *o, struct err *err)
{
	struct buf q, no;
	size_t n = 0;
	int status;

	if (!store_count_missing(s, &n, err))
		return CLI_EXIT_ERROR;
	if (n == 0) {
		printf(_("No missing articles.\n"));
		return CLI_EXIT_OK;
	}
	buf_init(&q);
	buf_init(&no);
	buf_printf(&q, P_("Delete %zu missing article with its reading state "
			  "and highlights? [y/N] ",
			  "Delete %zu missing articles with their reading "
			  "state and highlights? [y/N] ", n), n);
	buf_printf(&no, P_("purge would delete %zu missing article; confirm "
			   "on a terminal or pass --yes",
			   "purge would delete %zu missing articles; confirm "
			   "on a terminal or pass --yes", n), n);
	if ((status = cli_purge_allowed(o, buf_str(&q), buf_str(&no))) < 0) {
		status = store_purge_missing(s, &n, err) ? CLI_EXIT_OK
			: CLI_EXIT_ERROR;
		if (status == CLI_EXIT_OK)
			printf(P_("%zu missing article deleted\n",
				  "%zu missing articles deleted\n", n), n);
	}
	buf_fini(&q);
	buf_fini(&no);
	return status;
}

/* store_path_fn: append a copy of path to the struct cli_paths at ctx. */
static bool
cli_collect_path(const char *path, void *ctx)
{
	cli_paths_add(ctx, path);
	return true;
}

/* Print paths[0..n), one a line, sanitised (file names can hold
 * control characters). */
static void
cli_print_paths(char *const *paths, size_t n)
{
	struct buf clean;

	buf_init(&clean);
	for (size_t i = 0; i < n; i++) {
		buf_clear(&clean);
		buf_adds(&clean, "");
		utf8_sanitize(paths[i], strlen(paths[i]), &clean);
		printf("  %s\n", buf_str(&clean));
	}
	buf_fini(&clean);
}

/* List the articles outside the archive's roots (the database keeps
 * them from a one-off run, or from the samples before an archive was
 * configured) and forget them with their user data after a
 * confirmation; return the exit status. */
static int
cli_purge_outside(struct store *s, const struct cli_opts *o,
		  struct err *err)
{
	struct cli_paths out = { 0 };
	struct buf q, no;
	size_t n;
	int status = CLI_EXIT_OK;

	if (!store_list_outside(s, cli_collect_path, &out, err))
		return CLI_EXIT_ERROR;
	if (out.n == 0)
		return CLI_EXIT_OK;
	n = out.n;
	printf(P_("%zu article outside the archive:\n",
		  "%zu articles outside the archive:\n", n), n);
	cli_print_paths(out.v, out.n);
	fflush(stdout);
	cli_paths_free(&out);
	buf_init(&q);
	buf_init(&no);
	buf_printf(&q, P_("Forget %zu article outside the archive with its "
			  "reading state and highlights? [y/N] ",
			  "Forget %zu articles outside the archive with their "
			  "reading state and highlights? [y/N] ", n), n);
	buf_printf(&no, P_("purge would forget %zu article outside the "
			   "archive; confirm on a terminal or pass --yes",
			   "purge would forget %zu articles outside the "
			   "archive; confirm on a terminal or pass --yes", n),
		   n);
	if ((status = cli_purge_allowed(o, buf_str(&q), buf_str(&no))) < 0) {
		status = store_purge_outside(s, &n, err) ? CLI_EXIT_OK
			: CLI_EXIT_ERROR;
		if (status == CLI_EXIT_OK)
			printf(P_("%zu article outside the archive forgotten\n",
				  "%zu articles outside the archive forgotten\n",
				  n), n);
	}
	buf_fini(&q);
	buf_fini(&no);
	return status;
}

/* `purge [--yes]`: delete the articles marked missing, then those
 * outside the archive's roots, each after a confirmation. */
static int
cli_purge(int n_args, const struct cli_opts *o, const char *exe)
{
	struct store *s = NULL;
	struct err err;
	int status = CLI_EXIT_ERROR;

	if (n_args > 0) {
		fprintf(stderr, _("%s: purge: too many arguments\n"), PACKAGE);
		return cli_usage_error("purge");
	}
	err_init(&err);
	if (cli_open_scoped(o, exe, NULL, 0, &s, &err)) {
		status = cli_purge_missing(s, o, &err);
		if (err_msg(&err)[0] == '\0') {
			int st = cli_purge_outside(s, o, &err);
			status = status != CLI_EXIT_OK ? status : st;
		}
	}
	if (err_msg(&err)[0] != '\0')
		fprintf(stderr, _("%s: %s\n"), PACKAGE, err_msg(&err));
	store_close(s);
	err_fini(&err);
	return status;
}

/* Put a sanitised copy of s (NULL: empty) in o->tmp: no control
 * characters, and no TAB or LF either. */
static void
cli_clean(struct cli_out *o, const char *s)
{
	buf_clear(&o->tmp);
	buf_adds(&o->tmp, "");
	if (s != NULL)
		utf8_sanitize(s, strlen(s), &o->tmp);
	for (size_t i = 0; i < o->tmp.len; i++)
		if (o->tmp.data[i] == '\t' || o->tmp.data[i] == '\n')
			o->tmp.data[i] = ' ';
}

/* Append s as one TSV field, preceded by a TAB unless it is the first. */
static void
cli_tsv_field(struct cli_out *o, const char *s, bool first)
{
	if (!first)
		buf_addc(&o->line, '\t');
	cli_clean(o, s);
	buf_add(&o->line, o->tmp.data, o->tmp.len);
}

/* Append "key":value to the JSON object being built, value a string
 * literal, or null when s is NULL. */
static void
cli_json_field(struct cli_out *o, const char *key, const char *s, bool first)
{
	buf_printf(&o->line, "%s\"%s\":", first ? "" : ",", key);
	if (s == NULL) {
		buf_adds(&o->line, "null");
		return;
	}
	cli_clean(o, s);
	buf_addc(&o->line, '"');
	for (size_t i = 0; i < o->tmp.len; i++) {
		unsigned char c = (unsigned char)o->tmp.data[i];
		if (c == '"' || c == '\\')
			buf_addc(&o->line, '\\');
		if (c < 0x20 || c == 0x7f)
			buf_printf(&o->line, "\\u%04x", c);
		else
			buf_addc(&o->line, (char)c);
	}
	buf_addc(&o->line, '"');
}

/* Print one search hit or listed article as a line or a JSON object. */
static bool
cli_print_hit(const struct store_hit *hit, void *ctx)
{
	struct cli_out *o = ctx;

	buf_clear(&o->line);
	if (o->json) {
		buf_adds(&o->line, o->n == 0 ? "[\n{" : ",\n{");
		cli_json_field(o, "path", hit->path, true);
		cli_json_field(o, "date", hit->date, false);
		cli_json_field(o, "source", hit->source, false);
		cli_json_field(o, "title", hit->title, false);
		if (o->snippets)
			cli_json_field(o, "snippet", hit->snippet, false);
		buf_addc(&o->line, '}');
	} else {
		cli_tsv_field(o, hit->path, true);
		cli_tsv_field(o, hit->date, false);
		cli_tsv_field(o, hit->source, false);
		cli_tsv_field(o, hit->title, false);
		if (o->snippets)
			cli_tsv_field(o, hit->snippet, false);
		buf_addc(&o->line, '\n');
	}
	fwrite(o->line.data, 1, o->line.len, stdout);
	o->n++;
	return true;
}

/* Close the JSON array, if any, and free o. */
static void
cli_out_end(struct cli_out *o)
{
	if (o->json)
		fputs(o->n == 0 ? "[]\n" : "\n]\n", stdout);
	buf_fini(&o->line);
	buf_fini(&o->tmp);
}

/* Join words[0..n) with spaces into out. */
static void
cli_join(char **words, int n, struct buf *out)
{
	buf_adds(out, "");
	for (int i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(out, ' ');
		buf_adds(out, words[i]);
	}
}

/* conf_load_leftovers' complaint, on standard error. */
static void
cli_rules_complain(const char *msg, void *ctx)
{
	(void)ctx;
	cli_complain_plain(msg);
}

/* Load the leftover rules (for show and search's snippets). */
static void
cli_load_rules(const char *exe_path, struct tidy_rules *rules)
{
	conf_load_leftovers(exe_path, rules, cli_rules_complain, NULL);
}

/* `search [--json] QUERY...`: print the matching articles, newest
 * first; exit 1 when there is none. */
static int
cli_search(char **words, int n, const struct cli_opts *o, const char *exe)
{
	struct cli_out out = { .json = o->json, .snippets = true };
	struct store *s = NULL;
	struct err err;
	struct buf text;

	if (n == 0) {
		fprintf(stderr, _("%s: search: no query given\n"), PACKAGE);
		return cli_usage_error("search");
	}
	err_init(&err);
	buf_init(&text);
	buf_init(&out.line);
	buf_init(&out.tmp);
	cli_join(words, n, &text);
	struct tidy_rules rules;
	tidy_rules_init(&rules);
	cli_load_rules(exe, &rules);	/* snippets as the reader shows it */
	struct store_query q = { .text = buf_str(&text), .snippets = true,
				 .mark_open = "[", .mark_close = "]",
				 .tidy = &rules };
	bool ok = cli_open_scoped(o, exe, NULL, 0, &s, &err) &&
		  store_search(s, &q, cli_print_hit, &out, &err);
	if (!ok)
		fprintf(stderr, _("%s: %s\n"), PACKAGE, err_msg(&err));
	cli_out_end(&out);
	int status = !ok ? CLI_EXIT_USAGE :
		     out.n == 0 ? CLI_EXIT_ERROR : CLI_EXIT_OK;
	store_close(s);
	tidy_rules_fini(&rules);
	buf_fini(&text);
	err_fini(&err);
	return status;
}

/* `list [--unread] [--json] [PATH...]`: print the indexed articles of
 * the archive (or below the paths), newest first. */
static int
cli_list(char **paths, int n, const struct cli_opts *o, const char *exe)
{
	struct cli_out out = { .json = o->json };
	struct store *s = NULL;
	struct err err;

	err_init(&err);
	buf_init(&out.line);
	buf_init(&out.tmp);
	bool ok = cli_open_scoped(o, exe, paths, n, &s, &err) &&
		  store_list_articles(s, o->unread, cli_print_hit, &out, &err);
	if (!ok)
		fprintf(stderr, _("%s: %s\n"), PACKAGE, err_msg(&err));
	cli_out_end(&out);
	store_close(s);
	err_fini(&err);
	return ok ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

/* Return the canonical form of path as the app stores it (path itself
 * when it cannot be resolved), as a heap string. */
static char *
cli_canonical(const char *path)
{
	char *real = realpath(path, NULL);

	return real != NULL ? real : xstrdup(path);
}

/* Place the highlights of each article of v[0..n) in its current file,
 * as the reader would, so that their order and detached marks are up to
 * date; an article whose file cannot be read keeps its last places. */
static void
cli_place(struct store *s, const struct highlight_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct highlight_set hs = { 0 };
		struct doc *d = NULL;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(v[j].path, v[i].path) == 0;
		if (seen || !doc_load(v[i].path, &d, NULL))
			continue;
		highlight_load(s, v[i].path, d, &hs, NULL);
		highlight_set_fini(&hs);
		doc_free(d);
	}
}

/* Return whether the article at path is named by real, the canonical
 * form of a path the user gave: that file, or a directory above it. */
static bool
cli_names(const char *real, const char *path)
{
	size_t len = strlen(real);

	if (strncmp(path, real, len) != 0)
		return false;
	return path[len] == '\0' || path[len] == '/' ||
	       (len > 0 && real[len - 1] == '/');
}

/* Keep the entries of v[0..*n) whose article is named by one of
 * paths[0..n_paths) (a file, or a directory holding it), freeing the
 * others; report each path that names no highlights and return false if
 * there is one. */
static bool
cli_select(struct highlight_entry *v, size_t *n, char **paths, int n_paths)
{
	size_t kept = 0;
	bool all = true;
	char **real = xreallocarray(NULL, (size_t)n_paths + 1, sizeof *real);

	for (int p = 0; p < n_paths; p++)
		real[p] = cli_canonical(paths[p]);
	for (size_t i = 0; i < *n; i++) {
		bool keep = false;
		for (int p = 0; p < n_paths && !keep; p++)
			keep = cli_names(real[p], v[i].path);
		if (keep)
			v[kept++] = v[i];
		else
			highlight_entry_fini(&v[i]);
	}
	*n = kept;
	for (int p = 0; p < n_paths; p++) {
		bool found = false;
		for (size_t i = 0; i < kept && !found; i++)
			found = cli_names(real[p], v[i].path);
		if (!found) {
			fprintf(stderr, _("%s: %s: no highlights\n"), PACKAGE,
				paths[p]);
			all = false;
		}
		free(real[p]);
	}
	free(real);
	return all;
}

/* Write text to o->output (created or truncated), else to standard
 * output, where a terminal gets it sanitised: an export is data, but no
 * escape sequence from an article or an imported file may reach a
 * terminal raw. */
static bool
cli_write_out(const struct cli_opts *o, const struct buf *text,
	      struct err *err)
{
	FILE *f = o->output ? fopen(o->output, "w") : stdout;
	const char *name = o->output ? o->output : _("standard output");
	struct buf clean;
	bool ok;

	if (f == NULL)
		return err_set(err, _("cannot write %s: %s"), name,
			       strerror(errno));
	buf_init(&clean);
	buf_adds(&clean, "");
	if (f == stdout && isatty(STDOUT_FILENO))
		utf8_sanitize(text->data, text->len, &clean);
	else
		buf_add(&clean, buf_str(text), text->len);
	ok = fwrite(clean.data, 1, clean.len, f) == clean.len;
	ok = (f == stdout ? fflush(f) == 0 : fclose(f) == 0) && ok;
	buf_fini(&clean);
	return ok || err_set(err, _("cannot write %s: %s"), name,
			     strerror(errno));
}

/* `export [--format F] [--output FILE] [PATH]...`: print the highlights
 * of the named articles, or of every article that has some. */
static int
cli_export(char **paths, int n_paths, const struct cli_opts *o)
{
	struct highlight_entry *v = NULL;
	struct store *s = NULL;
	struct buf text;
	struct err err;
	size_t n = 0;
	bool all = true;

	err_init(&err);
	buf_init(&text);
	bool ok = cli_open_store(o, &s, &err) &&
		  highlight_list_all(s, NULL, &v, &n, &err);
	if (ok) {
		cli_place(s, v, n);
		highlight_entries_free(v, n);
		ok = highlight_list_all(s, NULL, &v, &n, &err);
	}
	if (ok && n_paths > 0)
		all = cli_select(v, &n, paths, n_paths);
	if (ok) {
		export_write(o->format, v, n, &text);
		ok = cli_write_out(o, &text, &err);
	}
	if (!ok)
		fprintf(stderr, _("%s: export: %s\n"), PACKAGE, err_msg(&err));
	highlight_entries_free(v, n);
	store_close(s);
	buf_fini(&text);
	err_fini(&err);
	return ok && all ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

/* Read all of f into out. */
static bool
cli_read_all(FILE *f, const char *name, struct buf *out, struct err *err)
{
	char chunk[65536];
	size_t got;

	buf_adds(out, "");
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, got);
	if (ferror(f))
		return err_set(err, _("cannot read %s: %s"), name,
			       strerror(errno));
	return true;
}

/* Read the file at path (NULL: standard input) into out. */
static bool
cli_read_input(const char *path, struct buf *out, struct err *err)
{
	FILE *f = path ? fopen(path, "rb") : stdin;
	bool ok;

	if (f == NULL)
		return err_set(err, _("cannot read %s: %s"), path,
			       strerror(errno));
	ok = cli_read_all(f, path ? path : _("standard input"), out, err);
	if (f != stdin)
		fclose(f);
	return ok;
}

/* `import [FILE]`: merge highlights exported as JSON. */
static int
cli_import(char **files, int n, const struct cli_opts *o)
{
	struct export_tally t = { 0 };
	struct store *s = NULL;
	struct buf json;
	struct err err;

	if (n > 1) {
		fprintf(stderr, _("%s: import: too many arguments\n"), PACKAGE);
		return cli_usage_error("import");
	}
	err_init(&err);
	buf_init(&json);
	bool ok = cli_read_input(n ? files[0] : NULL, &json, &err) &&
		  cli_open_store(o, &s, &err);
	if (ok && !export_import(s, json.data, json.len, &t, &err)) {
		/* A problem with the contents: say which file has it. */
		err_prefix(&err, "%s: ", n ? files[0] : _("standard input"));
		ok = false;
	}
	if (ok)
		printf(P_("%zu highlight added, %zu updated, %zu unchanged\n",
			  "%zu highlights added, %zu updated, %zu unchanged\n",
			  t.added), t.added, t.updated, t.unchanged);
	else
		fprintf(stderr, _("%s: import: %s\n"), PACKAGE, err_msg(&err));
	store_close(s);
	buf_fini(&json);
	err_fini(&err);
	return ok ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

/* Return the width show lays out for: --width, else the terminal's when
 * standard output is one, else $COLUMNS, else 80. */
static int
cli_show_width(const struct cli_opts *o)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	long n = env != NULL ? strtol(env, NULL, 10) : 0;

	if (o->width > 0)
		return o->width;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	return n >= 1 && n <= CLI_MAX_WIDTH ? (int)n : 80;
}

/* Return true when show colours its output: --color=always, or auto on a
 * terminal without NO_COLOR and that is not "dumb". */
static bool
cli_show_color(const struct cli_opts *o)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (o->color != 0)
		return o->color > 0;
	return isatty(STDOUT_FILENO) && (no == NULL || *no == '\0') &&
	       term != NULL && strcmp(term, "dumb") != 0;
}

/* Open the database for show's learned chrome, if it exists and
 * fold-learned is on; NULL otherwise (nothing learned is folded). */
static struct store *
cli_show_store(const struct cli_opts *o, unsigned fold)
{
	struct store *s = NULL;
	struct buf path;
	struct stat sb;
	struct err err;

	if (!(fold & TIDY_FOLD_LEARNED))
		return NULL;
	buf_init(&path);
	err_init(&err);
	paths_db_file(o->db_path, &path);
	if (stat(buf_str(&path), &sb) == 0 &&
	    !store_open(buf_str(&path), &s, &err))
		cli_complain_plain(err_msg(&err));
	err_fini(&err);
	buf_fini(&path);
	return s;
}

/* Give d its site's learned chrome from s (NULL: none). */
static void
cli_show_learned(struct store *s, struct doc *d)
{
	uint64_t *hashes = NULL;
	size_t n = 0;
	struct buf site;
	struct err err;

	if (s == NULL)
		return;
	buf_init(&site);
	err_init(&err);
	chrome_key(d, &site);
	if (site.len > 0 &&
	    store_chrome_learned(s, buf_str(&site), &hashes, &n, &err))
		doc_set_chrome(d, hashes, n);
	free(hashes);
	err_fini(&err);
	buf_fini(&site);
}

/* Render the article at path to out as the reader lays it out. */
static bool
cli_show_one(const char *path, const struct tidy_rules *rules,
	     struct store *s, const struct cli_opts *o, int width, bool color,
	     struct buf *out)
{
	struct doc *d;
	struct err err;

	err_init(&err);
	if (!doc_load(path, &d, &err)) {
		cli_complain_plain(err_msg(&err));
		err_fini(&err);
		return false;
	}
	if (!o->raw) {
		cli_show_learned(s, d);
		tidy_doc(d, rules);
	}
	render_article(d, width, color, o->raw, out);
	doc_free(d);
	err_fini(&err);
	return true;
}

/* show: print each FILE as the reader lays it out, then its links. */
static int
cli_show(char **files, int n, const struct cli_opts *o, const char *exe_path)
{
	struct tidy_rules rules;
	struct buf out;
	struct conf cfg;
	struct store *s = NULL;
	int width = cli_show_width(o);
	bool color = cli_show_color(o), ok = true;

	if (n == 0) {
		fprintf(stderr, _("%s: show needs at least one FILE\n"), PACKAGE);
		return cli_usage_error("show");
	}
	tidy_rules_init(&rules);
	if (!o->raw) {
		cli_load_conf(o, &cfg);
		rules.fold = cfg.fold;
		conf_fini(&cfg);
		cli_load_rules(exe_path, &rules);
		s = cli_show_store(o, rules.fold);
	}
	buf_init(&out);
	for (int i = 0; i < n; i++) {
		buf_clear(&out);
		if (i > 0)
			buf_addc(&out, '\n');
		if (!cli_show_one(files[i], &rules, s, o, width, color, &out))
			ok = false;
		else if (fwrite(out.data, 1, out.len, stdout) != out.len)
			break;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("%s: cannot write: %s\n"), PACKAGE,
			strerror(errno));
		ok = false;
	}
	buf_fini(&out);
	tidy_rules_fini(&rules);
	store_close(s);
	return ok ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

/* `sync [--status | --compact | --dump] [DIR]`: see cli_sync.h; DIR
 * stands for the sync-dir setting. */
static int
cli_sync_cmd(char **args, int n, const struct cli_opts *o, const char *exe)
{
	struct conf cfg;
	struct cli_paths roots = { 0 };
	struct store *s = NULL;
	struct err err;
	int status = 1;

	if (n > 1) {
		fprintf(stderr, _("%s: sync: too many arguments\n"), PACKAGE);
		return cli_usage_error("sync");
	}
	err_init(&err);
	cli_load_conf(o, &cfg);
	conf_archive_roots(&cfg, exe, &roots.v, &roots.n);
	if (cli_open_store(o, &s, &err))
		status = cli_sync(s, o->sync, n > 0 ? args[0] : cfg.sync_dir,
				  cfg.device_name, roots.v, roots.n);
	else
		fprintf(stderr, "%s: sync: %s\n", PACKAGE, err_msg(&err));
	store_close(s);
	cli_paths_free(&roots);
	conf_fini(&cfg);
	err_fini(&err);
	return status;
}

int
cli_run(int argc, char **argv, const char *exe_path)
{
	struct cli_opts o = { 0 };

	if (strcmp(argv[0], "stats") == 0 || strcmp(argv[0], "review") == 0)
		return cli_stats_run(argc, argv);
	int status = cli_options(argc, argv, &o);

	if (status >= 0)
		return status;
	char **rest = argv + optind;
	int n = argc - optind;
	if (strcmp(argv[0], "index") == 0)
		return cli_index(rest, n, &o, exe_path);
	if (strcmp(argv[0], "search") == 0)
		return cli_search(rest, n, &o, exe_path);
	if (strcmp(argv[0], "export") == 0)
		return cli_export(rest, n, &o);
	if (strcmp(argv[0], "import") == 0) {
		/* What was imported goes to the sync journal too. */
		status = cli_import(rest, n, &o);
		o.sync = CLI_SYNC_ADOPT;
		return status == CLI_EXIT_OK ? cli_sync_cmd(NULL, 0, &o, exe_path)
					     : status;
	}
	if (strcmp(argv[0], "purge") == 0)
		return cli_purge(n, &o, exe_path);
	if (strcmp(argv[0], "show") == 0)
		return cli_show(rest, n, &o, exe_path);
	if (strcmp(argv[0], "sync") == 0)
		return cli_sync_cmd(rest, n, &o, exe_path);
	return cli_list(rest, n, &o, exe_path);
}
