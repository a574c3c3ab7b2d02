/* SPDX-License-Identifier: MIT */
/*
 * conf.c: the configuration file (conf.h).
 *
 * Tables, not code: settings are conf_settings (name, type, default,
 * meaning), commands conf_commands. Three things are checked against these
 * tables and the keymap so they cannot drift: data/config (test_conf
 * prints the missing line), tsundoku(5) (tests/lint/man.sh, both ways) and
 * the help screen, which reads the live keymap. A `:` line runs through the
 * same conf_exec, after which the app applies colours and the mouse again.
 */
#include "config.h"
#include "ui/conf.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/err.h"
#include "document/tidy.h"
#include "base/i18n.h"
#include "ui/paths.h"
#include "base/xmem.h"

#define CONF_MAX_ARGS 16
#define CONF_MAX_DEPTH 16	/* source nesting, a backstop to the loop check */

/* A command line split into words. */
struct conf_words {
	char *argv[CONF_MAX_ARGS];
	int argc;
	struct buf storage;
};

/* The file being read, and the files that sourced it. */
struct conf_src {
	const char *path;	/* as named */
	char *real;		/* canonical path, for finding loops */
	int depth;
	const struct conf_src *up;	/* NULL for the top file */
};

static bool conf_load_file(struct conf *cfg, const char *path,
			   const struct conf_src *up, bool missing_ok,
			   struct err *err);

/* Append path (after "~/" expansion) to the archive roots. */
static bool
conf_set_archive(struct conf *cfg, const char *value, struct err *err)
{
	struct buf b;

	if (value[0] == '\0')
		return err_set(err, _("set archive needs a directory"));
	buf_init(&b);
	paths_expand_home(value, &b);
	cfg->archives = xreallocarray(cfg->archives, cfg->n_archives + 1,
				      sizeof *cfg->archives);
	cfg->archives[cfg->n_archives++] = buf_detach(&b);
	return true;
}

/* Set the folder device sync shares ("": none). */
static bool
conf_set_sync_dir(struct conf *cfg, const char *value, struct err *err)
{
	struct buf b;

	(void)err;
	buf_init(&b);
	paths_expand_home(value, &b);
	free(cfg->sync_dir);
	cfg->sync_dir = b.len > 0 ? buf_detach(&b) : NULL;
	buf_fini(&b);
	return true;
}

/* Set this device's name as other devices see it ("": the host name). */
static bool
conf_set_device_name(struct conf *cfg, const char *value, struct err *err)
{
	for (const char *p = value; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			return err_set(err, _("device-name cannot hold control characters"));
	free(cfg->device_name);
	cfg->device_name = value[0] != '\0' ? xstrdup(value) : NULL;
	return true;
}

/* Set the reader's text width: columns, 0 for the whole window. */
static bool
conf_set_text_width(struct conf *cfg, const char *value, struct err *err)
{
	char *end;
	long n = strtol(value, &end, 10);

	if (end == value || *end != '\0' || n < 0 || n > 10000)
		return err_set(err, _("text-width must be a number of columns (0 for the full width), not '%s'"), value);
	cfg->text_width = (int)n;
	return true;
}

/* strftime with the user's format: the one place a format string comes
 * from the config, so the warning about non-literal formats is off for
 * this function alone. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static size_t
conf_strftime(char *out, size_t size, const char *fmt, const struct tm *tm)
{
	return strftime(out, size, fmt, tm);
}
#pragma GCC diagnostic pop

/* Set the strftime format of dates; it must make something of a date. */
static bool
conf_set_date_format(struct conf *cfg, const char *value, struct err *err)
{
	struct tm tm = { .tm_year = 123, .tm_mon = 3, .tm_mday = 12 };
	char probe[256];

	if (value[0] == '\0' || conf_strftime(probe, sizeof probe, value, &tm) == 0)
		return err_set(err, _("date-format must be a strftime format such as %%Y-%%m-%%d, not '%s'"), value);
	free(cfg->date_format);
	cfg->date_format = xstrdup(value);
	return true;
}

/* Set whether tsundoku takes the mouse. */
static bool
conf_set_mouse(struct conf *cfg, const char *value, struct err *err)
{
	if (strcmp(value, "yes") == 0)
		cfg->mouse = true;
	else if (strcmp(value, "no") == 0)
		cfg->mouse = false;
	else
		return err_set(err, _("mouse must be yes or no, not '%s'"), value);
	return true;
}

/* Set the colour (1-4) a highlight is saved in by default. */
static bool
conf_set_highlight_color(struct conf *cfg, const char *value, struct err *err)
{
	if (value[0] < '1' || value[0] > '4' || value[1] != '\0')
		return err_set(err, _("highlight-color must be 1, 2, 3 or 4, not '%s'"), value);
	cfg->highlight_color = value[0] - '0';
	return true;
}

/* Set the daily reading goal: minutes ("30m", "30"), Han characters
 * and words ("3000字", "3000c"), or "0" for none. */
static bool
conf_set_daily_goal(struct conf *cfg, const char *value, struct err *err)
{
	char *end;
	long long n = strtoll(value, &end, 10);

	if (end == value || n < 0 || n > 100000000 ||
	    (*end != '\0' && strcmp(end, "m") != 0 && strcmp(end, "c") != 0 &&
	     strcmp(end, "字") != 0))
		return err_set(err, _("daily-goal must be minutes (30m) or "
				      "characters (3000字), not '%s'"), value);
	cfg->goal_minutes = *end == '\0' || *end == 'm' ? n : 0;
	cfg->goal_chars = *end == '\0' || *end == 'm' ? 0 : n;
	return true;
}

/* Set how many highlights a daily review holds. */
static bool
conf_set_review_size(struct conf *cfg, const char *value, struct err *err)
{
	char *end;
	long n = strtol(value, &end, 10);

	if (end == value || *end != '\0' || n < 1 || n > 100)
		return err_set(err, _("review-size must be a number from 1 to "
				      "100, not '%s'"), value);
	cfg->review_size = (int)n;
	return true;
}

/* Turn copying to the clipboard with OSC 52 on or off. */
static bool
conf_set_osc52(struct conf *cfg, const char *value, struct err *err)
{
	if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0) {
		cfg->osc52 = value[0] == 'y';
		return true;
	}
	return err_set(err, _("osc52 must be yes or no, not '%s'"), value);
}

/* Turn the fold family bit on (yes) or off (no) in cfg->fold, for the
 * setting named name. */
static bool
conf_set_fold(struct conf *cfg, const char *name, unsigned bit,
	      const char *value, struct err *err)
{
	if (strcmp(value, "yes") == 0)
		cfg->fold |= bit;
	else if (strcmp(value, "no") == 0)
		cfg->fold &= ~bit;
	else
		return err_set(err, _("%s must be yes or no, not '%s'"), name,
			       value);
	return true;
}

/* Fold page leftovers by the rules of the leftovers files, or not. */
static bool
conf_set_fold_rules(struct conf *cfg, const char *value, struct err *err)
{
	return conf_set_fold(cfg, "fold-rules", TIDY_FOLD_RULES, value, err);
}

/* Fold a site's navigation found by its features, or not. */
static bool
conf_set_fold_features(struct conf *cfg, const char *value, struct err *err)
{
	return conf_set_fold(cfg, "fold-features", TIDY_FOLD_FEATURES, value,
			     err);
}

/* Fold chrome learned from the archive, or not. */
static bool
conf_set_fold_learned(struct conf *cfg, const char *value, struct err *err)
{
	return conf_set_fold(cfg, "fold-learned", TIDY_FOLD_LEARNED, value,
			     err);
}

/* Set whether a browser gets the terminal and is waited for. */
static bool
conf_set_browser_wait(struct conf *cfg, const char *value, struct err *err)
{
	if (strcmp(value, "auto") == 0)
		cfg->browser_wait = BROWSER_WAIT_AUTO;
	else if (strcmp(value, "yes") == 0)
		cfg->browser_wait = BROWSER_WAIT_YES;
	else if (strcmp(value, "no") == 0)
		cfg->browser_wait = BROWSER_WAIT_NO;
	else
		return err_set(err, _("browser-wait must be yes, no or auto, not '%s'"), value);
	return true;
}

/* Every setting; the man page, data/config and their tests follow it. */
static const struct conf_setting conf_settings[] = {
	{ .name = "archive", .type = CONF_TYPE_PATH, .def = "",
	  .meaning = N_("A directory of saved articles; repeat for several (none: the bundled samples)"),
	  .apply = conf_set_archive },
	{ .name = "text-width", .type = CONF_TYPE_NUMBER, .def = "80",
	  .meaning = N_("The widest a line of article text may be, in columns (0: the window's width)"),
	  .apply = conf_set_text_width },
	{ .name = "date-format", .type = CONF_TYPE_FORMAT,
	  .def = CONF_DATE_FORMAT_DEFAULT,
	  .meaning = N_("How dates are shown, as a strftime format"),
	  .apply = conf_set_date_format },
	{ .name = "mouse", .type = CONF_TYPE_BOOL, .def = "no",
	  .meaning = N_("Scroll with the wheel and open with a click (no: the terminal selects text)"),
	  .apply = conf_set_mouse },
	{ .name = "highlight-color", .type = CONF_TYPE_NUMBER, .def = "1",
	  .meaning = N_("The colour (1-4) Enter saves a highlight in"),
	  .apply = conf_set_highlight_color },
	{ .name = "osc52", .type = CONF_TYPE_BOOL, .def = "yes",
	  .meaning = N_("y copies to the clipboard through the terminal (OSC 52)"),
	  .apply = conf_set_osc52 },
	{ .name = "fold-rules", .type = CONF_TYPE_BOOL, .def = "yes",
	  .meaning = N_("Fold page leftovers that the leftovers files describe"),
	  .apply = conf_set_fold_rules },
	{ .name = "fold-features", .type = CONF_TYPE_BOOL, .def = "yes",
	  .meaning = N_("Fold a site's menus and link lists found by their look"),
	  .apply = conf_set_fold_features },
	{ .name = "fold-learned", .type = CONF_TYPE_BOOL, .def = "yes",
	  .meaning = N_("Fold blocks that recur at the edges of a site's articles"),
	  .apply = conf_set_fold_learned },
	{ .name = "browser-wait", .type = CONF_TYPE_CHOICE, .def = "auto",
	  .meaning = N_("yes: a browser gets the terminal and tsundoku waits; no: it runs detached; auto: yes for w3m, lynx and other terminal browsers"),
	  .apply = conf_set_browser_wait },
	{ .name = "sync-dir", .type = CONF_TYPE_PATH, .def = "",
	  .meaning = N_("A folder your file-sync tool shares between devices, to keep reading state and highlights in step (none: no sync)"),
	  .apply = conf_set_sync_dir },
	{ .name = "device-name", .type = CONF_TYPE_TEXT, .def = "",
	  .meaning = N_("This device's name as `tsundoku sync --status' shows it (none: the host name)"),
	  .apply = conf_set_device_name },
	{ .name = "daily-goal", .type = CONF_TYPE_NUMBER, .def = "0",
	  .meaning = N_("A day's reading goal, shown on the status line: minutes (30m) or characters (3000字); 0: none"),
	  .apply = conf_set_daily_goal },
	{ .name = "review-size", .type = CONF_TYPE_NUMBER, .def = "5",
	  .meaning = N_("How many highlights the daily review brings back at a time"),
	  .apply = conf_set_review_size },
};

const struct conf_setting *
conf_settings_table(size_t *n)
{
	*n = sizeof conf_settings / sizeof conf_settings[0];
	return conf_settings;
}

const char *
conf_type_name(enum conf_type t)
{
	static const char *const names[] = {
		[CONF_TYPE_PATH] = "path", [CONF_TYPE_NUMBER] = "number",
		[CONF_TYPE_BOOL] = "yes/no", [CONF_TYPE_FORMAT] = "format",
		[CONF_TYPE_CHOICE] = "choice", [CONF_TYPE_TEXT] = "text",
	};

	return names[t];
}

void
conf_init(struct conf *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->text_width = CONF_TEXT_WIDTH_DEFAULT;
	cfg->date_format = xstrdup(CONF_DATE_FORMAT_DEFAULT);
	keymap_init(&cfg->keymap);
	cfg->highlight_color = 1;
	cfg->review_size = 5;
	cfg->osc52 = true;
	cfg->fold = TIDY_FOLD_ALL;
}

/* Free an array of n heap strings. */
static void
conf_free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
conf_fini(struct conf *cfg)
{
	conf_free_strings(cfg->archives, cfg->n_archives);
	free(cfg->sync_dir);
	free(cfg->device_name);
	conf_free_strings(cfg->errors, cfg->n_errors);
	free(cfg->date_format);
	keymap_fini(&cfg->keymap);
	memset(cfg, 0, sizeof *cfg);
}

/* Append the canonical form of path (itself when it cannot be resolved)
 * to the heap array *v of *n heap strings. */
static void
conf_add_root(char ***v, size_t *n, const char *path)
{
	char *real = realpath(path, NULL);

	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = real != NULL ? real : xstrdup(path);
}

void
conf_archive_roots(const struct conf *cfg, const char *exe_path,
		   char ***roots, size_t *n)
{
	struct buf dir;

	for (size_t i = 0; i < cfg->n_archives; i++)
		conf_add_root(roots, n, cfg->archives[i]);
	if (cfg->n_archives > 0)
		return;
	buf_init(&dir);
	paths_data_dir(exe_path, &dir);
	buf_adds(&dir, "/samples");
	conf_add_root(roots, n, buf_str(&dir));
	buf_fini(&dir);
}

/* Copy one word starting at *p into out, honouring double quotes and
 * backslash escapes inside them; advance *p. Return false on an
 * unterminated quote. */
static bool
conf_word(const char **p, struct buf *out)
{
	const char *s = *p;
	bool quoted = false;

	for (; *s != '\0' && (quoted || (*s != ' ' && *s != '\t')); s++) {
		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted && *s == '\\' && s[1] != '\0')
			s++;
		buf_addc(out, *s);
	}
	*p = s;
	return !quoted;
}

/* Split line into words; stop at an unquoted '#' starting a word. */
static bool
conf_split(const char *line, struct conf_words *w, struct err *err)
{
	size_t offs[CONF_MAX_ARGS];
	const char *p = line;

	w->argc = 0;
	buf_init(&w->storage);
	for (;;) {
		p += strspn(p, " \t\r");
		if (*p == '\0' || *p == '#')
			break;
		if (w->argc == CONF_MAX_ARGS)
			return err_set(err, _("too many words"));
		offs[w->argc++] = w->storage.len;
		if (!conf_word(&p, &w->storage))
			return err_set(err, _("unterminated quote"));
		buf_addc(&w->storage, '\0');
	}
	for (int i = 0; i < w->argc; i++)
		w->argv[i] = w->storage.data + offs[i];
	return true;
}

/* Run `set NAME VALUE`. */
static bool
conf_cmd_set(struct conf *cfg, const struct conf_words *w,
	     const struct conf_src *src, struct err *err)
{
	(void)src;
	if (w->argc != 3)
		return err_set(err, _("usage: set NAME VALUE"));
	for (size_t i = 0; i < sizeof conf_settings / sizeof conf_settings[0]; i++)
		if (strcmp(conf_settings[i].name, w->argv[1]) == 0)
			return conf_settings[i].apply(cfg, w->argv[2], err);
	return err_set(err, _("unknown setting '%s'"), w->argv[1]);
}

/* Parse a context name into *ctx. */
static bool
conf_context(const char *name, enum keymap_context *ctx, struct err *err)
{
	*ctx = keymap_context_by_name(name);
	if (*ctx == KEYMAP_N_CONTEXTS)
		return err_set(err, _("unknown context '%s'"), name);
	return true;
}

/* Run `bind CONTEXT KEYS... ACTION`. */
static bool
conf_cmd_bind(struct conf *cfg, const struct conf_words *w,
	      const struct conf_src *src, struct err *err)
{
	enum keymap_context ctx;
	int keys[KEYMAP_SEQ_MAX];
	size_t n;
	enum action a;

	(void)src;
	if (w->argc < 4)
		return err_set(err, _("usage: bind CONTEXT KEYS ACTION"));
	if (!conf_context(w->argv[1], &ctx, err) ||
	    !keymap_seq_parse(w->argv + 2, (size_t)w->argc - 3, keys, &n, err))
		return false;
	a = action_by_name(w->argv[w->argc - 1]);
	if (a == ACTION_NONE)
		return err_set(err, _("unknown action '%s'"), w->argv[w->argc - 1]);
	if (ctx == KEYMAP_PROMPT && n > 1)
		return err_set(err, _("keys in the prompt context are single keys"));
	/* The action table says where each action means something; the
	 * line editor runs edit-* actions and nothing else does. */
	if (!(action_info(a)->where & (1u << ctx)))
		return err_set(err, _("%s does nothing in the %s context"),
			       w->argv[w->argc - 1], keymap_context_name(ctx));
	keymap_bind(&cfg->keymap, ctx, keys, n, a);
	return true;
}

/* Run `unbind CONTEXT KEYS...`. */
static bool
conf_cmd_unbind(struct conf *cfg, const struct conf_words *w,
		const struct conf_src *src, struct err *err)
{
	enum keymap_context ctx;
	int keys[KEYMAP_SEQ_MAX];
	size_t n;

	(void)src;
	if (w->argc < 3)
		return err_set(err, _("usage: unbind CONTEXT KEYS"));
	if (!conf_context(w->argv[1], &ctx, err) ||
	    !keymap_seq_parse(w->argv + 2, (size_t)w->argc - 2, keys, &n, err))
		return false;
	if (!keymap_unbind(&cfg->keymap, ctx, keys, n)) {
		struct buf name;
		buf_init(&name);
		keymap_seq_name(keys, n, &name);
		err_set(err, _("%s is not bound in %s"), buf_str(&name), w->argv[1]);
		buf_fini(&name);
		return false;
	}
	return true;
}

/* Parse a colour name: default, a basic colour, brightX, or colorN. */
static bool
conf_color_parse(const char *name, short *color)
{
	static const char *const basic[] = {
		"black", "red", "green", "yellow", "blue", "magenta", "cyan",
		"white",
	};
	char *end;

	if (strcmp(name, "default") == 0) {
		*color = TERM_COLOR_DEFAULT;
		return true;
	}
	for (short i = 0; i < 8; i++) {
		if (strcmp(name, basic[i]) == 0) {
			*color = i;
			return true;
		}
		if (strncmp(name, "bright", 6) == 0 &&
		    strcmp(name + 6, basic[i]) == 0) {
			*color = (short)(i + 8);
			return true;
		}
	}
	if (strncmp(name, "color", 5) == 0 && name[5] >= '0' && name[5] <= '9') {
		long n = strtol(name + 5, &end, 10);
		if (*end == '\0' && n <= 255) {
			*color = (short)n;
			return true;
		}
	}
	return false;
}

/* Parse an attribute name into bits of enum term_attr ("none": 0). */
static bool
conf_attr_parse(const char *name, unsigned *attr)
{
	static const struct { const char *name; unsigned bit; } attrs[] = {
		{ "none", 0 }, { "bold", TERM_BOLD },
		{ "underline", TERM_UNDERLINE }, { "reverse", TERM_REVERSE },
		{ "dim", TERM_DIM_ATTR }, { "standout", TERM_STANDOUT },
		{ "italic", TERM_ITALIC },
	};

	for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
		if (strcmp(name, attrs[i].name) == 0) {
			*attr = attrs[i].bit;
			return true;
		}
	return false;
}

/* Run `color ELEMENT FG BG [ATTR...]`. */
static bool
conf_cmd_color(struct conf *cfg, const struct conf_words *w,
	       const struct conf_src *src, struct err *err)
{
	struct term_color c = { .set = true };
	enum term_element el;

	(void)src;
	if (w->argc < 4)
		return err_set(err, _("usage: color ELEMENT FOREGROUND BACKGROUND [ATTRIBUTE]..."));
	el = term_element_by_name(w->argv[1]);
	if (el == TERM_N_ELEMENTS)
		return err_set(err, _("unknown colour element '%s'"), w->argv[1]);
	for (int i = 2; i < 4; i++)
		if (!conf_color_parse(w->argv[i], i == 2 ? &c.fg : &c.bg))
			return err_set(err, _("unknown colour '%s'"), w->argv[i]);
	for (int i = 4; i < w->argc; i++) {
		unsigned bit;
		if (!conf_attr_parse(w->argv[i], &bit))
			return err_set(err, _("unknown attribute '%s'"), w->argv[i]);
		c.attrs |= bit;
	}
	cfg->colors[el] = c;
	return true;
}

/* Append the path a `source` line names: "~/" expanded, and a relative
 * path taken from the including file's directory. */
static void
conf_source_path(const char *name, const struct conf_src *src,
		 struct buf *out)
{
	const char *slash = src != NULL ? strrchr(src->path, '/') : NULL;

	if (name[0] != '/' && !(name[0] == '~' && name[1] == '/') &&
	    slash != NULL) {
		buf_add(out, src->path, (size_t)(slash - src->path) + 1);
		buf_adds(out, name);
		return;
	}
	paths_expand_home(name, out);
}

/* Run `source FILE`: read it as if its lines were here. Its own errors
 * are recorded with its name; this line fails only when it cannot be
 * read or would read itself again. */
static bool
conf_cmd_source(struct conf *cfg, const struct conf_words *w,
		const struct conf_src *src, struct err *err)
{
	struct buf path;
	bool ok;

	if (w->argc != 2)
		return err_set(err, _("usage: source FILE"));
	buf_init(&path);
	conf_source_path(w->argv[1], src, &path);
	ok = conf_load_file(cfg, buf_str(&path), src, false, err);
	buf_fini(&path);
	return ok;
}

static const struct {
	const char *name;
	bool (*run)(struct conf *cfg, const struct conf_words *w,
		    const struct conf_src *src, struct err *err);
} conf_commands[] = {
	{ "set", conf_cmd_set }, { "bind", conf_cmd_bind },
	{ "unbind", conf_cmd_unbind }, { "color", conf_cmd_color },
	{ "source", conf_cmd_source },
};

/* Execute line read from src (NULL: typed by the user). */
static bool
conf_run(struct conf *cfg, const char *line, const struct conf_src *src,
	 struct err *err)
{
	struct conf_words w;
	bool ok = conf_split(line, &w, err);

	if (ok && w.argc > 0) {
		size_t i, n = sizeof conf_commands / sizeof conf_commands[0];
		for (i = 0; i < n; i++)
			if (strcmp(w.argv[0], conf_commands[i].name) == 0)
				break;
		if (i < n)
			ok = conf_commands[i].run(cfg, &w, src, err);
		else
			ok = err_set(err, _("unknown command '%s'"), w.argv[0]);
	}
	buf_fini(&w.storage);
	return ok;
}

/* Append the current value of setting name to out as `set` takes it;
 * return false when there is no such setting. */
static bool
conf_value(const struct conf *cfg, const char *name, struct buf *out)
{
	static const char *const waits[] = {
		[BROWSER_WAIT_AUTO] = "auto", [BROWSER_WAIT_YES] = "yes",
		[BROWSER_WAIT_NO] = "no",
	};
	static const struct { const char *name; unsigned bit; } folds[] = {
		{ "fold-rules", TIDY_FOLD_RULES },
		{ "fold-features", TIDY_FOLD_FEATURES },
		{ "fold-learned", TIDY_FOLD_LEARNED },
	};

	for (size_t i = 0; i < sizeof folds / sizeof folds[0]; i++)
		if (strcmp(name, folds[i].name) == 0) {
			buf_adds(out, cfg->fold & folds[i].bit ? "yes" : "no");
			return true;
		}
	if (strcmp(name, "archive") == 0)
		for (size_t i = 0; i < cfg->n_archives; i++)
			buf_printf(out, "%s%s", i > 0 ? " " : "", cfg->archives[i]);
	else if (strcmp(name, "text-width") == 0)
		buf_printf(out, "%d", cfg->text_width);
	else if (strcmp(name, "date-format") == 0)
		buf_adds(out, cfg->date_format);
	else if (strcmp(name, "mouse") == 0 || strcmp(name, "osc52") == 0)
		buf_adds(out, (name[0] == 'm' ? cfg->mouse : cfg->osc52) ?
			 "yes" : "no");
	else if (strcmp(name, "highlight-color") == 0)
		buf_printf(out, "%d", cfg->highlight_color);
	else if (strcmp(name, "browser-wait") == 0)
		buf_adds(out, waits[cfg->browser_wait]);
	else
		return false;
	return true;
}

bool
conf_show(const struct conf *cfg, const char *line, struct buf *out)
{
	struct buf value;
	char name[64];
	int end = 0;

	if (sscanf(line, " set %63s %n", name, &end) != 1 || line[end] != '\0')
		return false;
	buf_init(&value);
	bool known = conf_value(cfg, name, &value);
	if (known)
		/* TRANSLATORS: ":set text-width" with no value: "text-width
		   is 80". */
		buf_printf(out, _("%s is %s"), name,
			   value.len > 0 ? buf_str(&value) : _("(not set)"));
	buf_fini(&value);
	return known;
}

bool
conf_exec(struct conf *cfg, const char *line, struct err *err)
{
	size_t before = cfg->n_errors;

	if (!conf_run(cfg, line, NULL, err))
		return false;
	if (cfg->n_errors == before)
		return true;
	/* A sourced file had errors: say the first, and how many. */
	size_t more = cfg->n_errors - before - 1;
	if (more == 0)
		return err_set(err, "%s", cfg->errors[before]);
	return err_set(err, P_("%s (and %zu more error)",
			       "%s (and %zu more errors)", more),
		       cfg->errors[before], more);
}

/* Record a translated error message in cfg; take msg. */
static void
conf_record(struct conf *cfg, char *msg)
{
	cfg->errors = xreallocarray(cfg->errors, cfg->n_errors + 1,
				    sizeof *cfg->errors);
	cfg->errors[cfg->n_errors++] = msg;
}

/* Record "cannot read PATH: reason". */
static void
conf_record_unreadable(struct conf *cfg, const char *path, int errnum)
{
	struct buf msg;

	buf_init(&msg);
	buf_printf(&msg, _("cannot read %s: %s"), path, strerror(errnum));
	conf_record(cfg, buf_detach(&msg));
}

/* Read one line of any length from f into line; false at end of file. */
static bool
conf_getline(FILE *f, struct buf *line)
{
	int c;

	buf_clear(line);
	while ((c = getc(f)) != EOF && c != '\n')
		buf_addc(line, (char)c);
	return c != EOF || line->len > 0;
}

/* Return true when the file real is already being read by src or a file
 * that sourced it. */
static bool
conf_is_loop(const struct conf_src *src, const char *real)
{
	for (; src != NULL; src = src->up)
		if (strcmp(src->real, real) == 0)
			return true;
	return false;
}

/* Run every line of the open file f (src says which), recording the
 * errors with their file and line. */
static void
conf_read_lines(struct conf *cfg, FILE *f, const struct conf_src *src)
{
	struct buf line;
	struct err err;

	buf_init(&line);
	err_init(&err);
	for (int lineno = 1; conf_getline(f, &line); lineno++) {
		if (conf_run(cfg, buf_str(&line), src, &err))
			continue;
		err_prefix(&err, "%s:%d: ", src->path, lineno);
		conf_record(cfg, err.msg);
		err.msg = NULL;
	}
	if (ferror(f))
		conf_record_unreadable(cfg, src->path, errno);
	err_fini(&err);
	buf_fini(&line);
}

/* Read the file at path, sourced by up (NULL for the top file). A
 * missing top file is fine; a missing sourced one, or one that is being
 * read already (a loop), fails with err set. Errors inside the file are
 * recorded, not returned. */
static bool
conf_load_file(struct conf *cfg, const char *path, const struct conf_src *up,
	       bool missing_ok, struct err *err)
{
	struct conf_src src = { .path = path, .up = up,
				.depth = up != NULL ? up->depth + 1 : 0 };
	FILE *f;

	src.real = realpath(path, NULL);
	if (src.real != NULL && conf_is_loop(up, src.real)) {
		free(src.real);
		return err_set(err, _("%s sources itself, through the files that source it"), path);
	}
	if (src.depth > CONF_MAX_DEPTH) {
		free(src.real);
		return err_set(err, _("%s: files source each other too deeply"), path);
	}
	f = fopen(path, "r");
	if (f == NULL) {
		int e = errno;
		free(src.real);
		if (e == ENOENT && missing_ok)
			return true;
		return err_set(err, _("cannot read %s: %s"), path, strerror(e));
	}
	if (src.real == NULL)
		src.real = xstrdup(path);
	conf_read_lines(cfg, f, &src);
	fclose(f);
	free(src.real);
	return true;
}

/* Read the top file at path; missing_ok says whether it may be absent. */
static bool
conf_load_top(struct conf *cfg, const char *path, bool missing_ok)
{
	size_t before = cfg->n_errors;
	struct err err;

	err_init(&err);
	if (!conf_load_file(cfg, path, NULL, missing_ok, &err)) {
		conf_record(cfg, err.msg);
		err.msg = NULL;
	}
	err_fini(&err);
	return cfg->n_errors == before;
}

bool
conf_load(struct conf *cfg, const char *path)
{
	return conf_load_top(cfg, path, true);
}

bool
conf_load_given(struct conf *cfg, const char *path)
{
	return conf_load_top(cfg, path, false);
}

/* Parse the date (and an optional time) at the start of iso into tm;
 * return false when it is not one. */
static bool
conf_parse_date(const char *iso, struct tm *tm)
{
	const char *rest;

	memset(tm, 0, sizeof *tm);
	rest = strptime(iso, "%Y-%m-%d", tm);
	if (rest == NULL)
		return false;
	if (*rest == 'T' || *rest == ' ')
		if (strptime(rest + 1, "%H:%M", tm) == NULL)
			return false;
	tm->tm_isdst = -1;
	return true;
}

void
conf_format_date(const struct conf *cfg, const char *iso, struct buf *out)
{
	struct tm tm;
	char small[128];

	if (!conf_parse_date(iso, &tm)) {
		buf_adds(out, iso);
		return;
	}
	/* Fill in the weekday and day of the year for %a and %j. */
	struct tm copy = tm;
	if (mktime(&copy) != (time_t)-1) {
		tm.tm_wday = copy.tm_wday;
		tm.tm_yday = copy.tm_yday;
	}
	size_t n = conf_strftime(small, sizeof small, cfg->date_format, &tm);
	if (n == 0) {
		buf_adds(out, iso);	/* too long, or empty: keep it readable */
		return;
	}
	buf_add(out, small, n);
}

void
conf_load_leftovers(const char *exe_path, struct tidy_rules *r,
		    void (*complain)(const char *msg, void *ctx), void *ctx)
{
	struct buf path;
	struct err err;

	buf_init(&path);
	err_init(&err);
	paths_data_dir(exe_path, &path);
	buf_adds(&path, "/leftovers");
	if (!tidy_rules_load(r, buf_str(&path), &err))
		complain(err_msg(&err), ctx);
	buf_clear(&path);
	paths_config_dir_file("leftovers", &path);
	if (!tidy_rules_load(r, buf_str(&path), &err))
		complain(err_msg(&err), ctx);
	err_fini(&err);
	buf_fini(&path);
}
