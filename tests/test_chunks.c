/* SPDX-License-Identifier: MIT */
/*
 * test_chunks.c: lazy documents. Parsing the body chunk by chunk, in
 * order or not, gives the blocks and links of one whole parse; no cut
 * falls inside a block (a code fence with blank lines, an HTML comment,
 * a list); a chunk laid out alone, around a target, shows the lines the
 * full layout shows there; and a lazily read file with bad bytes far in
 * gets the same sanitised text as one read at once.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "layout/layout.h"
#include "base/xmem.h"

#define SAMPLES FIXTURES "/../../data/samples"

/* Chunk sizes to cut at: tiny ones make many cuts in a small text. */
static const size_t test_sizes[] = { 1, 64, 300, 2048, 32 * 1024 };

/* What a test holds, freed by the teardown even when an assertion fails. */
struct fixture {
	struct doc *whole, *lazy;
	struct layout lo;
	struct layout_lazy ll;
	bool ll_used;
	struct buf text, path;
};

static int
test_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	buf_init(&f->text);
	buf_init(&f->path);
	*state = f;
	return 0;
}

/* Free the lazy layout and the documents of f. */
static void
test_reset(struct fixture *f)
{
	if (f->ll_used)
		layout_lazy_fini(&f->ll);
	f->ll_used = false;
	layout_fini(&f->lo);
	doc_free(f->whole);
	doc_free(f->lazy);
	f->whole = f->lazy = NULL;
}

static int
test_teardown(void **state)
{
	struct fixture *f = *state;

	test_reset(f);
	if (f->path.len > 0)
		remove(buf_str(&f->path));
	buf_fini(&f->text);
	buf_fini(&f->path);
	free(f);
	return 0;
}

/* Read the file at path into f->text. */
static void
test_read(struct fixture *f, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	assert_non_null(fp);
	buf_clear(&f->text);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&f->text, chunk, n);
	fclose(fp);
}

/* Assert that blocks a and b are the same. */
static void
test_same_block(const struct doc_block *a, const struct doc_block *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->level, b->level);
	assert_int_equal(a->quote_depth, b->quote_depth);
	assert_int_equal(a->list_depth, b->list_depth);
	assert_string_equal(a->marker ? a->marker : "", b->marker ? b->marker : "");
	assert_int_equal(a->text_len, b->text_len);
	assert_memory_equal(a->text, b->text, a->text_len);
	assert_int_equal(a->src_off, b->src_off);
	assert_int_equal(a->src_end, b->src_end);
	assert_int_equal(a->n_runs, b->n_runs);
	for (size_t i = 0; i < a->n_runs; i++) {
		assert_int_equal(a->runs[i].text_off, b->runs[i].text_off);
		assert_int_equal(a->runs[i].len, b->runs[i].len);
		assert_int_equal(a->runs[i].src_off, b->runs[i].src_off);
		assert_int_equal(a->runs[i].src_len, b->runs[i].src_len);
		assert_int_equal(a->runs[i].style, b->runs[i].style);
		assert_int_equal(a->runs[i].link, b->runs[i].link);
	}
	assert_int_equal(a->n_cells, b->n_cells);
	for (size_t i = 0; i < a->n_cells; i++)
		assert_int_equal(a->cells[i], b->cells[i]);
	assert_int_equal(a->table, b->table);
	assert_int_equal(a->table_header, b->table_header);
}

/* Assert that documents a and b have the same blocks and links. */
static void
test_same_doc(const struct doc *a, const struct doc *b)
{
	assert_int_equal(a->src_len, b->src_len);
	assert_memory_equal(a->src, b->src, a->src_len);
	assert_int_equal(a->n_blocks, b->n_blocks);
	for (size_t i = 0; i < a->n_blocks; i++)
		test_same_block(&a->blocks[i], &b->blocks[i]);
	assert_int_equal(a->n_links, b->n_links);
	for (size_t i = 0; i < a->n_links; i++) {
		assert_string_equal(a->links[i].url, b->links[i].url);
		assert_int_equal(a->links[i].is_image, b->links[i].is_image);
	}
	assert_int_equal(a->n_warnings, b->n_warnings);
}

/* Assert that no block of the whole parse w straddles a cut of d. */
static void
test_cuts_between_blocks(const struct doc *w, const struct doc *d)
{
	for (size_t c = 1; c < d->n_chunks; c++) {
		size_t cut = d->chunks[c].start;
		assert_true(cut > 0 && d->src[cut - 1] == '\n');
		for (size_t i = 0; i < w->n_blocks; i++)
			if (w->blocks[i].src_off < cut && w->blocks[i].src_end > cut)
				fail_msg("chunk %zu starts at %zu inside block %zu "
					 "[%zu, %zu)", c, cut, i,
					 w->blocks[i].src_off, w->blocks[i].src_end);
	}
}

/* Check f->text parsed at every chunk size, in order and out of order,
 * against one whole parse. */
static void
test_chunked_equals_whole(struct fixture *f, const char *name)
{
	for (size_t k = 0; k < sizeof test_sizes / sizeof test_sizes[0]; k++) {
		test_reset(f);
		f->whole = doc_new(name, f->text.data, f->text.len);
		f->lazy = doc_new_lazy(name, f->text.data, f->text.len,
				       test_sizes[k]);
		size_t n = doc_chunk_count(f->lazy);
		assert_true(n >= 1);
		if (n > 2) {		/* the end, then the middle, first */
			doc_parse_chunk(f->lazy, n - 1);
			doc_parse_chunk(f->lazy, n / 2);
			assert_int_equal(f->lazy->chunks[n - 1].state,
					 DOC_CHUNK_ISLAND);
		}
		doc_parse_all(f->lazy);
		assert_true(doc_is_complete(f->lazy));
		test_same_doc(f->whole, f->lazy);
		test_cuts_between_blocks(f->whole, f->lazy);
	}
}

/* The bundled articles parse the same in chunks as whole. */
static void
test_samples(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = {
		"000_cece56143c996f50.txt", "001_43549ce56a5b4def.txt",
		"002_922508f76dcb3e2c.txt", "003_9566d8e0472cd7ef.txt",
		"004_239c1653c6f4091c.txt", "005_2e0b2255d16fb005.txt",
		"006_94e8783541ae7f04.txt", "007_4084cad5cbaadc92.txt",
		"008_689cdc991d88a6be.txt", "009_4ea64fa384a7993a.txt",
		"010_2b8d7662e771b5a8.txt",
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		buf_clear(&f->path);
		buf_printf(&f->path, "%s/%s", SAMPLES, names[i]);
		test_read(f, buf_str(&f->path));
		test_chunked_equals_whole(f, names[i]);
	}
	buf_clear(&f->path);
}

/* Append to out a document whose blank lines are mostly inside blocks:
 * fences of both kinds (one with an info string, one indented, one
 * longer than its inner fences), HTML blocks, lists, quotes, tables. */
static void
test_generate(struct buf *out, int parts)
{
	buf_adds(out, "---\ntitle: 分块测试\n---\n\n# 标题\n\n");
	for (int i = 0; i < parts; i++) {
		buf_printf(out, "第 %d 段，有[链接](https://example.com/%d)和"
			   "**粗体**。\n下一行[^%d]。\n\n", i, i, i);
		buf_printf(out, "```c\nint a%d;\n\n\nint b;\n```\n\n", i);
		buf_adds(out, "~~~~\n~~~\n\nnot closed by the shorter one\n\n"
			 "~~~~\n\n");
		buf_adds(out, "  ```\n  indented fence\n\n  still code\n  ```\n\n");
		buf_adds(out, "``` not a fence ```\n\nafter\n\n");
		buf_adds(out, "<!-- a comment\n\nwith blank lines -->\n\n");
		buf_adds(out, "<pre>\nkept\n\nas is\n</pre>\n\n");
		buf_adds(out, "<div>\nhtml\n```\n</div>\n\npara\n\n");
		buf_adds(out, "1. one\n\n1. two\n\n   more of two\n\n"
			 "- a\n\n      code in a\n\n- b\n\n");
		buf_adds(out, "> quoted\n>\n> still quoted\n\nout\n\n");
		buf_adds(out, "| a | b |\n|---|---|\n| 1 | 2 |\n\n");
		buf_adds(out, "    indented code\n\n    more code\n\n");
		buf_printf(out, "![图 %d](https://example.com/%d.png)\n\n---\n\n",
			   i, i);
	}
}

/* A generated document with blank lines inside blocks parses the same in
 * chunks as whole, and no cut falls inside a block. */
static void
test_generated(void **state)
{
	struct fixture *f = *state;

	buf_clear(&f->text);
	test_generate(&f->text, 20);
	test_chunked_equals_whole(f, "gen.md");
	test_reset(f);
	f->lazy = doc_new_lazy("gen.md", f->text.data, f->text.len, 1);
	assert_true(doc_chunk_count(f->lazy) > 20);
}

/* An unclosed fence runs to the end: nothing after it is cut. */
static void
test_unclosed_fence(void **state)
{
	struct fixture *f = *state;

	buf_clear(&f->text);
	buf_adds(&f->text, "para\n\n```\ncode\n\n");
	for (int i = 0; i < 100; i++)
		buf_adds(&f->text, "line\n\nother\n\n");
	f->lazy = doc_new_lazy("u.md", f->text.data, f->text.len, 1);
	assert_int_equal(doc_chunk_count(f->lazy), 2);
	assert_int_equal(f->lazy->chunks[1].start, 6);
	test_chunked_equals_whole(f, "u.md");
}

/* A paragraph of thousands of lines that each hold a link, which md4c
 * 0.4.8 takes quadratic time over, is cut into paragraphs of a few
 * thousand lines, the same way whole and in chunks. */
static void
test_link_lines(void **state)
{
	struct fixture *f = *state;

	buf_clear(&f->text);
	buf_adds(&f->text, "intro\n\n");
	for (int i = 0; i < 20000; i++)
		buf_printf(&f->text, "[link %d](https://example.com/%d)\n", i, i);
	test_chunked_equals_whole(f, "links.md");
	assert_true(f->whole->n_blocks > 5);
	for (size_t i = 0; i < f->whole->n_blocks; i++) {
		const struct doc_block *b = &f->whole->blocks[i];
		size_t lines = 1;
		for (size_t k = 0; k < b->src_end - b->src_off; k++)
			lines += f->whole->src[b->src_off + k] == '\n';
		assert_true(lines <= 4100);
	}
	/* Without links, or in a list, nothing is cut. */
	buf_clear(&f->text);
	for (int i = 0; i < 20000; i++)
		buf_printf(&f->text, "line %d\n", i);
	for (int i = 0; i < 5000; i++)
		buf_printf(&f->text, "- [link %d](https://example.com/%d)\n", i, i);
	test_reset(f);
	f->whole = doc_new("plain.md", f->text.data, f->text.len);
	assert_int_equal(f->whole->n_chunks, 1);
}

/* Islands show "[?]" for link numbers and are numbered once the chunks
 * before them are parsed; their block flags carry over. */
static void
test_islands(void **state)
{
	struct fixture *f = *state;

	buf_clear(&f->text);
	for (int i = 0; i < 50; i++)
		buf_printf(&f->text, "段 %d [链接](https://example.com/%d)。\n\n",
			   i, i);
	f->lazy = doc_new_lazy("i.md", f->text.data, f->text.len, 200);
	size_t n = doc_chunk_count(f->lazy), nb;
	assert_true(n > 3);
	doc_parse_chunk(f->lazy, n - 1);
	struct doc_block *b = doc_chunk_blocks(f->lazy, n - 1, &nb);
	assert_true(nb > 0);
	assert_non_null(strstr(b[0].text, "[?]"));
	b[0].flags |= DOC_BLOCK_LEFTOVER;
	assert_int_equal(f->lazy->n_done, 0);
	doc_parse_all(f->lazy);
	b = doc_chunk_blocks(f->lazy, n - 1, &nb);
	assert_null(strstr(b[0].text, "[?]"));
	int k = -1;
	char want[32];
	assert_int_equal(sscanf(b[0].text + strlen("段 "), "%d", &k), 1);
	snprintf(want, sizeof want, "[%d]", k + 1);
	assert_non_null(strstr(b[0].text, want));
	assert_true(b[0].flags & DOC_BLOCK_LEFTOVER);
	assert_int_equal(f->lazy->n_links, 50);
}

/* Append the text of line l (prefix and segments) to out. */
static void
test_line_text(const struct layout_line *l, struct buf *out)
{
	buf_printf(out, "%d|%zu|%zu|%d|%s|", (int)l->role, l->src_off,
		   l->src_end, l->width, l->prefix);
	for (size_t i = 0; i < l->n_segs; i++)
		buf_add(out, l->segs[i].text, l->segs[i].len);
	buf_addc(out, '\n');
}

/* Assert that the line listings a and b are equal, naming the first line
 * where they differ. */
static void
test_same_lines(const char *a, const char *b)
{
	size_t line = 0;

	while (*a != '\0' || *b != '\0') {
		size_t na = strcspn(a, "\n"), nb = strcspn(b, "\n");
		if (na != nb || memcmp(a, b, na) != 0)
			fail_msg("line %zu differs:\n  %.*s\n  %.*s", line,
				 (int)na, a, (int)nb, b);
		a += na + (a[na] != '\0');
		b += nb + (b[nb] != '\0');
		line++;
	}
}

/* Lay out f->lazy with opts, chunk by chunk, and compare every line with
 * the full layout of f->whole. */
static void
test_lazy_equals_full(struct fixture *f, const struct layout_opts *opts)
{
	struct buf a, b;
	struct layout_pos p;

	buf_init(&a);
	buf_init(&b);
	layout_fini(&f->lo);
	layout_build_opts(&f->lo, f->whole, opts);
	for (size_t i = 0; i < f->lo.n; i++)
		test_line_text(&f->lo.lines[i], &a);
	if (f->ll_used)
		layout_lazy_fini(&f->ll);
	layout_lazy_init(&f->ll, f->lazy, opts);
	f->ll_used = true;
	p = layout_lazy_first(&f->ll);
	do
		test_line_text(layout_lazy_line(&f->ll, p), &b);
	while (layout_lazy_move(&f->ll, &p, 1) == 1);
	test_same_lines(buf_str(&a), buf_str(&b));
	buf_fini(&a);
	buf_fini(&b);
}

/* Laid out chunk by chunk, a document shows the lines of its full
 * layout, leftovers folded across a cut or not. */
static void
test_layout_chunks(void **state)
{
	struct fixture *f = *state;
	struct layout_opts opts = { .width = 30, .wrap_code = true };

	buf_clear(&f->text);
	test_generate(&f->text, 6);
	for (size_t k = 0; k < sizeof test_sizes / sizeof test_sizes[0]; k++) {
		test_reset(f);
		f->whole = doc_new("gen.md", f->text.data, f->text.len);
		f->lazy = doc_new_lazy("gen.md", f->text.data, f->text.len,
				       test_sizes[k]);
		doc_parse_all(f->lazy);
		/* the last blocks are leftovers, across cuts */
		for (size_t i = f->whole->n_blocks - 9; i < f->whole->n_blocks; i++) {
			f->whole->blocks[i].flags |= DOC_BLOCK_LEFTOVER;
			f->lazy->blocks[i].flags |= DOC_BLOCK_LEFTOVER;
		}
		opts.show_leftovers = false;
		test_lazy_equals_full(f, &opts);
		opts.show_leftovers = true;
		opts.wrap_code = false;
		test_lazy_equals_full(f, &opts);
		opts.wrap_code = true;
	}
}

/* A jump lays out only the chunk around its target, and shows there what
 * the full layout shows. */
static void
test_layout_target(void **state)
{
	struct fixture *f = *state;
	struct layout_opts opts = { .width = 40, .wrap_code = true };
	struct buf a, b;

	buf_init(&a);
	buf_init(&b);
	test_read(f, SAMPLES "/007_4084cad5cbaadc92.txt");
	f->whole = doc_new("007", f->text.data, f->text.len);
	layout_build_opts(&f->lo, f->whole, &opts);
	f->lazy = doc_new_lazy("007", f->text.data, f->text.len, 0);
	layout_lazy_init(&f->ll, f->lazy, &opts);
	f->ll_used = true;
	size_t off = f->text.len * 7 / 10;
	struct layout_pos p = layout_lazy_at(&f->ll, off);
	assert_int_equal(f->ll.builds, 1);
	assert_true(f->lazy->n_chunks > 3);
	assert_int_equal(f->lazy->n_done, 0);
	/* an island: same lines, but links are not numbered yet */
	size_t row = layout_row_for_off(&f->lo, off);
	const struct layout_line *l = layout_lazy_line(&f->ll, p);
	assert_int_equal(l->src_off, f->lo.lines[row].src_off);
	assert_int_equal(l->role, f->lo.lines[row].role);
	/* numbered once everything is parsed, the lines are the same */
	doc_parse_all(f->lazy);
	p = layout_lazy_at(&f->ll, off);
	for (int i = 0; i < 30 && row + (size_t)i < f->lo.n; i++) {
		test_line_text(&f->lo.lines[row + (size_t)i], &a);
		test_line_text(layout_lazy_line(&f->ll, p), &b);
		layout_lazy_move(&f->ll, &p, 1);
	}
	test_same_lines(buf_str(&a), buf_str(&b));
	assert_true(f->ll.n_built <= 2);
	/* the end: the last line of the full layout */
	p = layout_lazy_last(&f->ll);
	l = layout_lazy_line(&f->ll, p);
	assert_int_equal(l->src_off, f->lo.lines[f->lo.n - 1].src_off);
	buf_fini(&a);
	buf_fini(&b);
}

/* A file read lazily, with a bad byte and CRLF far in, gets the same
 * source, blocks and warning as one read at once. */
static void
test_lazy_file(void **state)
{
	struct fixture *f = *state;
	struct err err;
	FILE *fp;

	buf_clear(&f->text);
	buf_adds(&f->text, "---\ntitle: t\n---\n\n");
	for (int i = 0; i < 4000; i++)
		buf_printf(&f->text, "段落 %d 的文字，足够长以便分块。\n\n", i);
	buf_adds(&f->text, "bad \xff byte\r\nand CRLF\r\n\r\nend\n");
	buf_printf(&f->path, "%s/test_chunks.%ld.md", P_tmpdir, (long)getpid());
	fp = fopen(buf_str(&f->path), "wb");
	assert_non_null(fp);
	fwrite(f->text.data, 1, f->text.len, fp);
	fclose(fp);
	err_init(&err);
	assert_true(doc_load(buf_str(&f->path), &f->whole, &err));
	assert_true(doc_load_lazy(buf_str(&f->path), &f->lazy, &err));
	err_fini(&err);
	assert_int_equal(f->lazy->n_warnings, 0);
	assert_int_equal(f->lazy->n_done, 0);
	doc_parse_chunk(f->lazy, 0);
	assert_true(doc_cut_offset(f->lazy) < f->text.len / 2);
	doc_parse_all(f->lazy);
	assert_int_equal(f->lazy->n_warnings, 1);
	test_same_doc(f->whole, f->lazy);
	assert_string_equal(f->whole->warnings[0], f->lazy->warnings[0]);
}

#define T(name) cmocka_unit_test_setup_teardown(name, test_setup, test_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_samples),
		T(test_generated),
		T(test_unclosed_fence),
		T(test_link_lines),
		T(test_islands),
		T(test_layout_chunks),
		T(test_layout_target),
		T(test_lazy_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
