/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "conf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "i18n.h"
#include "paths.h"
#include "xmem.h"

#define CONF_MAX_ARGS 8

/* A command line split into words. */
struct conf_words {
	char *argv[CONF_MAX_ARGS];
	int argc;
	struct buf storage;
};

struct conf_setting {
	const char *name;
	bool (*apply)(struct conf *cfg, const char *value, struct err *err);
};

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

/* Set the colour (1-4) a highlight is saved in by default. */
static bool
conf_set_highlight_color(struct conf *cfg, const char *value, struct err *err)
{
	if (value[0] < '1' || value[0] > '4' || value[1] != '\0')
		return err_set(err, _("highlight-color must be 1, 2, 3 or 4, not '%s'"), value);
	cfg->highlight_color = value[0] - '0';
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

static const struct conf_setting conf_settings[] = {
	{ .name = "archive", .apply = conf_set_archive },
	{ .name = "text-width", .apply = conf_set_text_width },
	{ .name = "highlight-color", .apply = conf_set_highlight_color },
	{ .name = "osc52", .apply = conf_set_osc52 },
};

void
conf_init(struct conf *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->text_width = CONF_TEXT_WIDTH_DEFAULT;
	cfg->highlight_color = 1;
	cfg->osc52 = true;
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
	conf_free_strings(cfg->errors, cfg->n_errors);
	memset(cfg, 0, sizeof *cfg);
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

/* Split line into words; stop at an unquoted '#'. */
static bool
conf_split(const char *line, struct conf_words *w, struct err *err)
{
	size_t offs[CONF_MAX_ARGS];
	const char *p = line;

	w->argc = 0;
	buf_init(&w->storage);
	for (;;) {
		p += strspn(p, " \t");
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
	       struct err *err)
{
	if (w->argc != 3)
		return err_set(err, _("usage: set NAME VALUE"));
	for (size_t i = 0; i < sizeof conf_settings / sizeof conf_settings[0]; i++)
		if (strcmp(conf_settings[i].name, w->argv[1]) == 0)
			return conf_settings[i].apply(cfg, w->argv[2], err);
	return err_set(err, _("unknown setting '%s'"), w->argv[1]);
}

bool
conf_exec(struct conf *cfg, const char *line, struct err *err)
{
	struct conf_words w;
	bool ok = conf_split(line, &w, err);

	if (ok && w.argc > 0) {
		if (strcmp(w.argv[0], "set") == 0)
			ok = conf_cmd_set(cfg, &w, err);
		else
			ok = err_set(err, _("unknown command '%s'"), w.argv[0]);
	}
	buf_fini(&w.storage);
	return ok;
}

/* Record a translated error message in cfg. */
static void
conf_record(struct conf *cfg, char *msg)
{
	cfg->errors = xreallocarray(cfg->errors, cfg->n_errors + 1,
				    sizeof *cfg->errors);
	cfg->errors[cfg->n_errors++] = msg;
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

bool
conf_load(struct conf *cfg, const char *path)
{
	FILE *f = fopen(path, "r");
	struct buf line;
	size_t before = cfg->n_errors;
	struct err err;

	if (f == NULL) {
		if (errno == ENOENT)
			return true;
		struct buf msg;
		buf_init(&msg);
		buf_printf(&msg, _("cannot read %s: %s"), path, strerror(errno));
		conf_record(cfg, buf_detach(&msg));
		return false;
	}
	buf_init(&line);
	err_init(&err);
	for (int lineno = 1; conf_getline(f, &line); lineno++) {
		if (conf_exec(cfg, buf_str(&line), &err))
			continue;
		err_prefix(&err, "%s:%d: ", path, lineno);
		conf_record(cfg, err.msg);
		err.msg = NULL;
	}
	if (ferror(f)) {
		struct buf msg;
		buf_init(&msg);
		buf_printf(&msg, _("cannot read %s: %s"), path, strerror(errno));
		conf_record(cfg, buf_detach(&msg));
	}
	buf_fini(&line);
	fclose(f);
	return cfg->n_errors == before;
}
