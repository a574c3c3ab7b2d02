/* SPDX-License-Identifier: MIT */
/*
 * cli.c: the subcommands `index`, `search`, `list`, `export` and
 * `import` (see cli.h and the SUBCOMMANDS section of tsundoku(1)). Everything an article holds is
 * sanitised before it is printed: control characters never reach the
 * terminal, and TAB and LF never break a line apart.
 */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "buf.h"
#include "conf.h"
#include "doc.h"
#include "err.h"
#include "export.h"
#include "highlight.h"
#include "i18n.h"
#include "paths.h"
#include "store.h"
#include "utf8.h"
#include "xmem.h"

enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_ERROR = 1,	/* an error; for search: no match */
	CLI_EXIT_USAGE = 2,	/* bad options; for search: an error */
};

/* The options after the subcommand. */
struct cli_opts {
	const char *config_path;	/* NULL: the XDG default */
	const char *db_path;		/* NULL: the XDG default */
	bool json;
	bool unread;
	enum export_format format;	/* export */
	const char *output;		/* export: NULL for standard output */
};

/* How an index run is going. */
struct cli_tally {
	size_t indexed;
	size_t skipped;
	size_t total;
	bool progress;		/* show a progress line (stderr is a tty) */
	bool shown;		/* a progress line is on the screen */
	struct timespec start;
};

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
	       strcmp(name, "import") == 0;
}

/* Print the hint for a usage error and return the usage status. */
static int
cli_usage_error(void)
{
	fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
	return CLI_EXIT_USAGE;
}

/* Return true when option c is one that subcommand cmd accepts. */
static bool
cli_accepts(const char *cmd, int c)
{
	if (c == 'c' || c == 'D')
		return true;
	if (c == 'j')
		return strcmp(cmd, "search") == 0 || strcmp(cmd, "list") == 0;
	if (c == 'f' || c == 'o')
		return strcmp(cmd, "export") == 0;
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
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:f:o:", longopts, NULL)) != -1) {
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
			return cli_usage_error();
		}
		if (c == 'c')
			o->config_path = optarg;
		else if (c == 'D')
			o->db_path = optarg;
		else if (c == 'j')
			o->json = true;
		else if (c == 'f' && !cli_format(optarg, o))
			return cli_usage_error();
		else if (c == 'o')
			o->output = optarg;
		else if (c == 'u')
			o->unread = true;
	}
	return -1;
}

/* Open the database (--db, else the XDG default), creating its
 * directory. */
static bool
cli_open_store(const struct cli_opts *o, struct store **s, struct err *err)
{
	struct buf path;
	bool ok;

	buf_init(&path);
	if (o->db_path != NULL)
		buf_adds(&path, o->db_path);
	else
		paths_db_file(&path);
	ok = paths_mkdir_parent(buf_str(&path), err) &&
	     store_open(buf_str(&path), s, err);
	buf_fini(&path);
	return ok;
}

/* Print a message about one problem on stderr, below the progress line. */
static void
cli_complain(struct cli_tally *t, const char *msg)
{
	if (t->shown)
		fputc('\n', stderr);
	t->shown = false;
	fprintf(stderr, "%s: %s\n", PACKAGE, msg);
}

/* Add path, or report it and count it as skipped. */
static void
cli_add_path(struct archive *a, const char *path, struct cli_tally *t)
{
	struct err err;

	err_init(&err);
	if (!archive_add_path(a, path, &err)) {
		cli_complain(t, err_msg(&err));
		t->skipped++;
	}
	err_fini(&err);
}

/* Add the configured archive roots, or the bundled samples when the
 * config file names none. */
static void
cli_add_defaults(struct archive *a, const struct cli_opts *o,
		 const char *exe_path, struct cli_tally *t)
{
	struct conf cfg;
	struct buf b;

	buf_init(&b);
	if (o->config_path != NULL)
		buf_adds(&b, o->config_path);
	else
		paths_config_file(&b);
	conf_init(&cfg);
	conf_load(&cfg, buf_str(&b));
	for (size_t i = 0; i < cfg.n_errors; i++)
		fprintf(stderr, "%s\n", cfg.errors[i]);
	for (size_t i = 0; i < cfg.n_archives; i++)
		cli_add_path(a, cfg.archives[i], t);
	if (cfg.n_archives == 0) {
		buf_clear(&b);
		paths_data_dir(exe_path, &b);
		buf_adds(&b, "/samples");
		cli_add_path(a, buf_str(&b), t);
	}
	conf_fini(&cfg);
	buf_fini(&b);
}

/* Write the FNV-1a 64 hash of s[0..len) as 16 hex digits to out. */
static void
cli_hash(const char *s, size_t len, char out[17])
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(0x100000001b3);
	}
	snprintf(out, 17, "%016" PRIx64, h);
}

/* Append d's rendered text, its block texts joined with LF, to out. */
static void
cli_body(const struct doc *d, struct buf *out)
{
	for (size_t i = 0; i < d->n_blocks; i++) {
		if (i > 0)
			buf_addc(out, '\n');
		buf_add(out, d->blocks[i].text, d->blocks[i].text_len);
	}
}

/* Record the loaded article d, whose file is described by sb. */
static bool
cli_put(struct store *s, const struct doc *d, const char *path,
	const struct stat *sb, struct err *err)
{
	char hash[17];
	struct buf body;
	struct store_article a = {
		.path = path,
		.size = (int64_t)sb->st_size,
		.mtime_ns = (int64_t)sb->st_mtim.tv_sec * 1000000000 +
			    sb->st_mtim.tv_nsec,
		.hash = hash,
		.title = doc_title(d),
		.source = d->meta.source,
		.url = d->meta.url,
		.date = d->meta.date,
		.fetch_date = d->meta.fetch_date,
		.length = (int64_t)d->src_len,
		.extra = d->meta.extra,
		.n_extra = d->meta.n_extra,
	};

	cli_hash(d->src, d->src_len, hash);
	buf_init(&body);
	cli_body(d, &body);
	bool ok = store_put_article(s, &a, body.len ? body.data : "",
				    body.len, err);
	buf_fini(&body);
	return ok;
}

/* Load the article file at path and record it in the database. */
static bool
cli_index_one(struct store *s, const char *path, struct err *err)
{
	struct stat sb;
	struct doc *d = NULL;

	if (stat(path, &sb) != 0)
		return err_set(err, _("cannot read %s: %s"), path,
			       strerror(errno));
	if (!doc_load(path, &d, err))
		return false;
	char *real = realpath(path, NULL);
	bool ok = cli_put(s, d, real != NULL ? real : path, &sb, err);
	free(real);
	doc_free(d);
	return ok;
}

/* Index every entry of a quietly; see cli.h. */
size_t
cli_index_quietly(struct store *s, const struct archive *a, struct err *err)
{
	size_t failed = 0;
	struct err one;

	err_init(&one);
	for (size_t i = 0; i < a->n; i++)
		if (!cli_index_one(s, a->entries[i].path, &one) && failed++ == 0)
			err_set(err, "%s", err_msg(&one));
	err_fini(&one);
	return failed;
}

/* Redraw the progress line on stderr, when it is a terminal. */
static void
cli_progress(struct cli_tally *t, size_t done)
{
	struct timespec now;

	if (!t->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double secs = (double)(now.tv_sec - t->start.tv_sec) +
		      (double)(now.tv_nsec - t->start.tv_nsec) / 1e9;
	double rate = secs > 0.001 ? (double)done / secs : 0.0;
	fputc('\r', stderr);
	fprintf(stderr, _("indexed %zu/%zu (%.0f/s)"), done, t->total, rate);
	t->shown = true;
}

/* Index every entry of a into the database s. */
static void
cli_index_all(struct store *s, const struct archive *a, struct cli_tally *t)
{
	struct err err;

	err_init(&err);
	t->total = a->n;
	for (size_t i = 0; i < a->n; i++) {
		if (cli_index_one(s, a->entries[i].path, &err)) {
			t->indexed++;
		} else {
			cli_complain(t, err_msg(&err));
			t->skipped++;
		}
		cli_progress(t, i + 1);
	}
	if (t->shown)
		fputc('\n', stderr);
	err_fini(&err);
}

/* `index [PATH...]`: record the articles below the paths (default: the
 * configured archive) and print a summary. */
static int
cli_index(char **paths, int n, const struct cli_opts *o, const char *exe)
{
	struct cli_tally t = { .progress = isatty(2) };
	struct archive a;
	struct store *s = NULL;
	struct err err;
	int status = CLI_EXIT_OK;

	err_init(&err);
	archive_init(&a);
	clock_gettime(CLOCK_MONOTONIC, &t.start);
	for (int i = 0; i < n; i++)
		cli_add_path(&a, paths[i], &t);
	if (n == 0)
		cli_add_defaults(&a, o, exe, &t);
	for (size_t i = 0; i < a.n_warnings; i++, t.skipped++)
		cli_complain(&t, a.warnings[i]);
	if (!cli_open_store(o, &s, &err)) {
		cli_complain(&t, err_msg(&err));
		status = CLI_EXIT_ERROR;
	} else {
		cli_index_all(s, &a, &t);
		printf(P_("%zu article indexed, %zu skipped\n",
			  "%zu articles indexed, %zu skipped\n", t.indexed),
		       t.indexed, t.skipped);
		if (t.indexed == 0 && t.skipped > 0)
			status = CLI_EXIT_ERROR;
	}
	store_close(s);
	archive_fini(&a);
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

/* `search [--json] QUERY...`: print the matching articles, newest
 * first; exit 1 when there is none. */
static int
cli_search(char **words, int n, const struct cli_opts *o)
{
	struct cli_out out = { .json = o->json, .snippets = true };
	struct store *s = NULL;
	struct err err;
	struct buf text;

	if (n == 0) {
		fprintf(stderr, _("%s: search: no query given\n"), PACKAGE);
		return cli_usage_error();
	}
	err_init(&err);
	buf_init(&text);
	buf_init(&out.line);
	buf_init(&out.tmp);
	cli_join(words, n, &text);
	struct store_query q = { .text = buf_str(&text), .snippets = true,
				 .mark_open = "[", .mark_close = "]" };
	bool ok = cli_open_store(o, &s, &err) &&
		  store_search(s, &q, cli_print_hit, &out, &err);
	if (!ok)
		fprintf(stderr, "%s: %s\n", PACKAGE, err_msg(&err));
	cli_out_end(&out);
	int status = !ok ? CLI_EXIT_USAGE :
		     out.n == 0 ? CLI_EXIT_ERROR : CLI_EXIT_OK;
	store_close(s);
	buf_fini(&text);
	err_fini(&err);
	return status;
}

/* `list [--unread] [--json]`: print the indexed articles, newest
 * first. */
static int
cli_list(int n, const struct cli_opts *o)
{
	struct cli_out out = { .json = o->json };
	struct store *s = NULL;
	struct err err;

	if (n > 0) {
		fprintf(stderr, _("%s: list: too many arguments\n"), PACKAGE);
		return cli_usage_error();
	}
	err_init(&err);
	buf_init(&out.line);
	buf_init(&out.tmp);
	bool ok = cli_open_store(o, &s, &err) &&
		  store_list_articles(s, o->unread, cli_print_hit, &out, &err);
	if (!ok)
		fprintf(stderr, "%s: %s\n", PACKAGE, err_msg(&err));
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
		fprintf(stderr, "%s: export: %s\n", PACKAGE, err_msg(&err));
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
		return cli_usage_error();
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
		fprintf(stderr, "%s: import: %s\n", PACKAGE, err_msg(&err));
	store_close(s);
	buf_fini(&json);
	err_fini(&err);
	return ok ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

int
cli_run(int argc, char **argv, const char *exe_path)
{
	struct cli_opts o = { 0 };
	int status = cli_options(argc, argv, &o);

	if (status >= 0)
		return status;
	char **rest = argv + optind;
	int n = argc - optind;
	if (strcmp(argv[0], "index") == 0)
		return cli_index(rest, n, &o, exe_path);
	if (strcmp(argv[0], "search") == 0)
		return cli_search(rest, n, &o);
	if (strcmp(argv[0], "export") == 0)
		return cli_export(rest, n, &o);
	if (strcmp(argv[0], "import") == 0)
		return cli_import(rest, n, &o);
	return cli_list(n, &o);
}
