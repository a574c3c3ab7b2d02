/* SPDX-License-Identifier: MIT */
/*
 * fuzz_conf.c: the config file and ':' command lines. The input is two
 * config files separated by a NUL byte, written into a private directory;
 * the first is loaded (it may source the second, or itself), then its
 * lines are typed as commands; the second file's first line is formatted
 * as a date, and the file is typed as keys at the key machine and the
 * prompt. Every binding's name must read back
 * as the same keys.
 *
 * The sandbox: `source` lines may only name a file in the private
 * directory (no '/', no "~"); typed `source` commands, which read from
 * the current directory, are left out.
 */
#include "config.h"

#include "fuzz.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "ui/conf.h"
#include "base/err.h"
#include "ui/keymap.h"
#include "ui/prompt.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* Return whether the line s[0..len), read as conf.c reads words (quotes
 * and backslashes dropped), is a `source` command; *local says whether
 * all it names stays in the sandbox. */
static bool
fuzz_conf_is_source(const char *s, size_t len, bool *local)
{
	struct buf plain;
	const char *p;
	bool source;

	buf_init(&plain);
	for (size_t i = 0; i < len; i++)
		if (s[i] != '"' && s[i] != '\\')
			buf_addc(&plain, s[i]);
	p = buf_str(&plain);
	p += strspn(p, " \t\r");
	source = strncmp(p, "source", 6) == 0;
	*local = strchr(p, '/') == NULL && strchr(p, '~') == NULL;
	buf_fini(&plain);
	return source;
}

/* Write the lines of part that stay in the sandbox to name in the
 * private directory; store its path in path. */
static void
fuzz_conf_write(struct fuzz_part part, const char *name, struct buf *path)
{
	struct fuzz_part line, rest = part;
	FILE *f;
	bool local;

	buf_clear(path);
	buf_printf(path, "%s/%s", fuzz_tmpdir(), name);
	if ((f = fopen(buf_str(path), "w")) == NULL)
		fuzz_fail("cannot write a config file", __FILE__, __LINE__);
	while (rest.len > 0) {
		fuzz_split(rest.s, rest.len, '\n', &line, &rest);
		if (!fuzz_conf_is_source(line.s, line.len, &local) || local) {
			fwrite(line.s, 1, line.len, f);
			fputc('\n', f);
		}
	}
	fclose(f);
}

/* Type every line of part except `source` ones as a ':' command. */
static void
fuzz_conf_type(struct conf *cfg, struct fuzz_part part)
{
	struct fuzz_part line, rest = part;
	struct buf cmd;
	struct err err;
	bool local;

	buf_init(&cmd);
	while (rest.len > 0) {
		fuzz_split(rest.s, rest.len, '\n', &line, &rest);
		if (fuzz_conf_is_source(line.s, line.len, &local))
			continue;
		err_init(&err);
		buf_clear(&cmd);
		buf_add(&cmd, line.s, line.len);
		if (!conf_exec(cfg, cmd.len > 0 ? cmd.data : "", &err))
			FUZZ_CHECK(err_msg(&err)[0] != '\0');
		err_fini(&err);
	}
	buf_fini(&cmd);
}

/* Check that the name of each binding in km parses back to its keys. */
static void
fuzz_conf_names(const struct keymap *km)
{
	struct buf name;

	buf_init(&name);
	for (size_t i = 0; i < km->n; i++) {
		const struct keymap_binding *b = &km->bindings[i];
		char *words[KEYMAP_SEQ_MAX * 8], *p, *save = NULL;
		int keys[KEYMAP_SEQ_MAX];
		size_t n = 0, n_words = 0, n_keys;
		struct err err;

		while (n < KEYMAP_SEQ_MAX && b->keys[n] != 0)
			n++;
		buf_clear(&name);
		keymap_seq_name(b->keys, n, &name);
		for (p = strtok_r(name.data, " ", &save); p != NULL &&
		     n_words < sizeof words / sizeof *words;
		     p = strtok_r(NULL, " ", &save))
			words[n_words++] = p;
		err_init(&err);
		FUZZ_CHECK(keymap_seq_parse(words, n_words, keys, &n_keys,
					    &err));
		FUZZ_CHECK(n_keys == n);
		FUZZ_CHECK(memcmp(keys, b->keys, n * sizeof *keys) == 0);
		err_fini(&err);
	}
	buf_fini(&name);
}

/* Type the code points of s[0..len) (the first FUZZ_CONF_KEYS of them:
 * the prompt measures its whole line at each key) as keys at the
 * reader's key machine and at the prompt. */
#define FUZZ_CONF_KEYS 512
static void
fuzz_conf_keys(const struct conf *cfg, const char *s, size_t len)
{
	struct keymap_state st;
	struct prompt p;
	enum action action;
	int count;

	keymap_state_reset(&st);
	prompt_init(&p);
	prompt_start(&p, NULL);
	for (size_t i = 0, k = 0; i < len && k < FUZZ_CONF_KEYS; k++) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);

		i += n > 0 ? n : 1;
		keymap_feed(&cfg->keymap, KEYMAP_READER, &st, (int)cp,
			    &action, &count);
		if (prompt_key(&p, &cfg->keymap, (int)cp) != PROMPT_EDITING)
			prompt_start(&p, NULL);
		(void)prompt_cursor_width(&p);
	}
	prompt_fini(&p);
}

/* Format the first line of part as a front matter date, as the list and
 * the header do, with the date-format the config set. */
static void
fuzz_conf_date(const struct conf *cfg, struct fuzz_part part, struct buf *out)
{
	struct fuzz_part line, rest;
	char *iso;

	fuzz_split(part.s, part.len, '\n', &line, &rest);
	iso = xstrndup(line.s, line.len);
	buf_clear(out);
	conf_format_date(cfg, iso, out);
	FUZZ_CHECK(out->len > 0 || iso[0] == '\0');
	free(iso);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part first, second;
	struct buf path, date;
	struct conf cfg;

	fuzz_split((const char *)data, size, '\0', &first, &second);
	buf_init(&path);
	fuzz_conf_write(second, "b", &path);
	fuzz_conf_write(first, "main", &path);
	conf_init(&cfg);
	conf_load(&cfg, buf_str(&path));
	fuzz_conf_type(&cfg, first);
	fuzz_conf_names(&cfg.keymap);
	buf_init(&date);
	conf_format_date(&cfg, "2025-10-04T11:15:05.838989", &date);
	fuzz_conf_date(&cfg, second, &date);
	buf_fini(&date);
	fuzz_conf_keys(&cfg, second.s, second.len);
	conf_fini(&cfg);
	buf_fini(&path);
	return 0;
}
