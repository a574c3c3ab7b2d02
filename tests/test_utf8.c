/* SPDX-License-Identifier: MIT */
/* Unit tests for utf8.c: sanitising hostile input, cluster stepping,
 * display widths and cutting text to a width. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include <unigbrk.h>

#include "base/buf.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* Sanitise s[0..len), check the result against want and the count of
 * replacements against n. */
static void
check_sanitize(const char *s, size_t len, const char *want, size_t n)
{
	struct buf out;

	buf_init(&out);
	assert_int_equal(utf8_sanitize(s, len, &out), n);
	assert_string_equal(buf_str(&out), want);
	assert_int_equal(out.len, strlen(want));
	assert_true(utf8_is_clean(out.data, out.len));
	buf_fini(&out);
}

/* Invalid bytes become U+FFFD, one per maximal invalid subpart, and the
 * valid text around them survives. */
static void
test_sanitize_invalid(void **state)
{
	(void)state;
	check_sanitize("a\x80" "b", 3, "a\xEF\xBF\xBD" "b", 1);
	check_sanitize("x\xE4\xB8", 3, "x\xEF\xBF\xBD", 1);
	check_sanitize("\xE4\xB8" "c", 3, "\xEF\xBF\xBD" "c", 1);
	check_sanitize("\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", 2);
	check_sanitize("\xED\xA0\x80!", 4,
		       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!", 3);
	check_sanitize("\xF5\x80", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", 2);
	check_sanitize("\xE4\xB8\xAD\xFF", 4, "\xE4\xB8\xAD\xEF\xBF\xBD", 1);
}

/* A colour escape is shown, not executed: ESC becomes the visible ␛. */
static void
test_sanitize_escape(void **state)
{
	(void)state;
	check_sanitize("\x1b[31mred", 8, "\xE2\x90\x9B[31mred", 1);
}

/* A terminal title sequence (OSC ... BEL) leaves no raw ESC or BEL. */
static void
test_sanitize_osc(void **state)
{
	(void)state;
	const char in[] = "x\x1b]0;owned\x07y";
	struct buf out;

	buf_init(&out);
	assert_int_equal(utf8_sanitize(in, sizeof in - 1, &out), 2);
	assert_null(memchr(out.data, 0x1b, out.len));
	assert_null(memchr(out.data, 0x07, out.len));
	assert_string_equal(buf_str(&out),
			    "x\xE2\x90\x9B]0;owned\xE2\x90\x87y");
	buf_fini(&out);
}

/* A leading BOM is dropped silently; one inside the text stays. */
static void
test_sanitize_bom(void **state)
{
	(void)state;
	check_sanitize("\xEF\xBB\xBFhi", 5, "hi", 0);
	check_sanitize("h\xEF\xBB\xBFi", 5, "h\xEF\xBB\xBFi", 0);
}

/* CR LF and lone CR both become LF, without counting as damage. */
static void
test_sanitize_newlines(void **state)
{
	(void)state;
	check_sanitize("a\r\nb\r\n", 6, "a\nb\n", 0);
	check_sanitize("a\rb\r", 4, "a\nb\n", 0);
	check_sanitize("a\r\r\nb", 5, "a\n\nb", 0);
	check_sanitize("t\tu\nv", 5, "t\tu\nv", 0);
}

/* Bidi embeddings, overrides and isolates are removed. */
static void
test_sanitize_bidi(void **state)
{
	(void)state;
	check_sanitize("a\xE2\x80\xAE" "b\xE2\x81\xA6" "c\xE2\x81\xA9", 12,
		       "abc", 3);
	check_sanitize("\xE2\x80\xAA\xE2\x80\xAC", 6, "", 2);
}

/* NUL, other C0 controls, DEL and C1 controls are made visible. */
static void
test_sanitize_controls(void **state)
{
	(void)state;
	check_sanitize("a\0b", 3, "a\xE2\x90\x80" "b", 1);
	check_sanitize("\x08\x7f", 2, "\xE2\x90\x88\xE2\x90\xA1", 2);
	check_sanitize("\xC2\x85\xC2\x9B", 4, "\xEF\xBF\xBD\xEF\xBF\xBD", 2);
}

/* Clean text, CJK and emoji included, comes back byte for byte. */
static void
test_sanitize_clean(void **state)
{
	(void)state;
	const char *s = "中文，English。\n\t👍🏽 é ñ";

	assert_true(utf8_is_clean(s, strlen(s)));
	check_sanitize(s, strlen(s), s, 0);
	assert_false(utf8_is_clean("a\x1b", 2));
	assert_false(utf8_is_clean("a\r\n", 3));
	assert_false(utf8_is_clean("\xEF\xBB\xBF", 3));
	assert_false(utf8_is_clean("\xC2\x80", 2));
	assert_false(utf8_is_clean("\xE2\x80\xAE", 3));
	assert_false(utf8_is_clean("\xE4\xB8", 2));
}

/* utf8_clean_span stops at the first byte that needs sanitising, also
 * inside the runs of printable ASCII it checks eight bytes at a time:
 * every byte value at every place of a 40-byte line. */
static void
test_clean_span_words(void **state)
{
	char s[41];

	(void)state;
	for (int c = 0; c < 256; c++)
		for (size_t p = 0; p < 40; p++) {
			memset(s, 'a' + (int)(p % 26), sizeof s);
			s[p] = (char)c;
			bool keep = (c >= 0x20 && c < 0x7F) || c == '\t' ||
				    c == '\n';
			assert_int_equal(utf8_clean_span(s, 40), keep ? 40 : p);
		}
}

/* Decoding steps one byte over invalid input; encoding round-trips. */
static void
test_decode_encode(void **state)
{
	(void)state;
	uint32_t cp;
	struct buf b;

	assert_int_equal(utf8_decode("中", 3, &cp), 3);
	assert_int_equal(cp, 0x4E2D);
	assert_int_equal(utf8_decode("\xE4\xB8", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xF0\x9F\x91\x8D", 4, &cp), 4);
	assert_int_equal(cp, 0x1F44D);
	buf_init(&b);
	utf8_encode(0x1F44D, &b);
	utf8_encode(0xD800, &b);
	assert_string_equal(buf_str(&b), "👍\xEF\xBF\xBD");
	buf_fini(&b);
}

/* Return the width of the NUL-terminated s. */
static int
width_of(const char *s)
{
	return utf8_width(s, strlen(s));
}

/* Widths follow glibc wcwidth (what ncurses draws), one cluster = the
 * width of its first code point. */
static void
test_widths(void **state)
{
	(void)state;
	assert_int_equal(width_of("中"), 2);
	assert_int_equal(width_of("Ａ"), 2);
	assert_int_equal(width_of("ｱ"), 1);
	assert_int_equal(width_of("é"), 1);
	assert_int_equal(width_of("e\xCC\x81"), 1);
	assert_int_equal(width_of("👍🏽"), 2);
	assert_int_equal(width_of("👨‍👩‍👧"), 2);
	assert_int_equal(width_of("🇯🇵"), 2);
	assert_int_equal(width_of("🇯🇵🇰🇷"), 4);
	assert_int_equal(width_of("❤️"), 1);
	assert_int_equal(width_of("\xE4\xB7\x80"), 2);	/* U+4DC0 */
	assert_int_equal(width_of("\xE3\x89\x88"), 2);	/* U+3248 */
	assert_int_equal(width_of("\xC2\xAD"), 1);	/* U+00AD */
	assert_int_equal(width_of("—…“"), 3);		/* ambiguous: narrow */
	assert_int_equal(width_of("中文 mixed テキスト"), 4 + 7 + 8);
	assert_int_equal(utf8_width("a\0b", 3), 3);
}

/* Single code points: marks are 0, controls 1, unassigned 1. */
static void
test_cp_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_cp_width(0x0301), 0);
	assert_int_equal(utf8_cp_width(0x200D), 0);
	assert_int_equal(utf8_cp_width('\t'), 1);
	assert_int_equal(utf8_cp_width(0x1b), 1);
	assert_int_equal(utf8_cp_width(0x0600), 1);
	assert_int_equal(utf8_cp_width(0x0CBF), 0);
	assert_int_equal(utf8_cp_width(0x2028), 1);
	assert_int_equal(utf8_cp_width(0x3000), 2);
	assert_int_equal(utf8_cp_width(0x2FFFD), 1);	/* unassigned */
	assert_int_equal(utf8_cp_width(0x20000), 2);
}

/* Cluster lengths forwards and backwards keep emoji, flags and marks
 * whole, even when a cluster is longer than the look-ahead window. */
static void
test_cluster_len(void **state)
{
	(void)state;
	static const char *const clusters[] = {
		"中", "e\xCC\x81", "👍🏽", "👨‍👩‍👧", "🇯🇵", "❤️", "1️⃣",
		"\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", "ｶﾞ", "\r\n", "x",
	};
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; i < sizeof clusters / sizeof clusters[0]; i++) {
		size_t n = strlen(clusters[i]);
		buf_clear(&b);
		buf_adds(&b, clusters[i]);
		buf_adds(&b, "y");
		assert_int_equal(utf8_cluster_len(b.data, b.len), n);
		buf_clear(&b);
		buf_adds(&b, "y");
		buf_adds(&b, clusters[i]);
		assert_int_equal(utf8_cluster_len_before(b.data, b.len), n);
	}
	buf_clear(&b);
	buf_addc(&b, 'e');
	for (int i = 0; i < 100; i++)
		buf_adds(&b, "\xCC\x81");
	assert_int_equal(utf8_cluster_len(b.data, b.len), 201);
	assert_int_equal(utf8_cluster_len_before(b.data, b.len), 201);
	buf_adds(&b, "z");
	assert_int_equal(utf8_cluster_len(b.data, b.len), 201);
	assert_int_equal(utf8_width(b.data, b.len), 2);
	buf_fini(&b);
	assert_int_equal(utf8_cluster_len("", 0), 0);
	assert_int_equal(utf8_cluster_len_before("", 0), 0);
}

/* Stepping back through a run of flags pairs them from the start of the
 * run, whatever its length. */
static void
test_cluster_len_flags(void **state)
{
	(void)state;
	const char *flags = "a🇯🇵🇰🇷🇫🇷";
	const char *odd = "a🇯🇵🇰🇷🇫";

	assert_int_equal(utf8_cluster_len_before(flags, strlen(flags)), 8);
	assert_int_equal(utf8_cluster_len_before(odd, strlen(odd)), 4);
	assert_int_equal(utf8_cluster_len(flags + 1, strlen(flags) - 1), 8);
}

/* utf8_grapheme_breaks keeps ZWJ sequences and flag pairs whole. */
static void
test_grapheme_breaks(void **state)
{
	(void)state;
	const char *s = "👨‍👩‍👧🇯🇵🇰🇷";
	size_t len = strlen(s);
	char gb[64];
	int n = 0;

	utf8_grapheme_breaks(s, len, gb);
	for (size_t i = 0; i < len; i++)
		n += gb[i] != 0;
	assert_int_equal(n, 3);
	assert_true(gb[0] && gb[18] && gb[26]);
}

/* utf8_fit never cuts a cluster or half a wide character. */
static void
test_fit(void **state)
{
	(void)state;
	const char *s = "中文abc";
	int w;

	assert_int_equal(utf8_fit(s, strlen(s), 3, &w), 3);
	assert_int_equal(w, 2);
	assert_int_equal(utf8_fit(s, strlen(s), 1, &w), 0);
	assert_int_equal(w, 0);
	assert_int_equal(utf8_fit(s, strlen(s), 100, &w), strlen(s));
	assert_int_equal(w, 7);
	assert_int_equal(utf8_fit("e\xCC\x81" "e\xCC\x81", 6, 1, &w), 3);
	assert_int_equal(utf8_fit("👨‍👩‍👧x", strlen("👨‍👩‍👧x"), 1, NULL), 0);
	assert_int_equal(utf8_fit("🇯🇵🇰🇷", 16, 3, &w), 8);
	assert_int_equal(w, 2);
}

/* Check that truncating s to max columns gives want of width wwidth. */
static void
check_truncate(const char *s, int max, const char *want, int wwidth)
{
	struct buf out;

	buf_init(&out);
	assert_int_equal(utf8_truncate(s, strlen(s), max, &out), wwidth);
	assert_string_equal(buf_str(&out), want);
	assert_true(utf8_width(out.data, out.len) <= max);
	buf_fini(&out);
}

/* utf8_truncate marks a cut with … and keeps whole clusters. */
static void
test_truncate(void **state)
{
	(void)state;
	check_truncate("中文中文", 8, "中文中文", 8);
	check_truncate("中文中文", 7, "中文中…", 7);
	check_truncate("中文中文", 6, "中文…", 5);
	check_truncate("abcd", 3, "ab…", 3);
	check_truncate("abc", 3, "abc", 3);
	check_truncate("🇯🇵🇯🇵", 3, "🇯🇵…", 3);
	check_truncate("e\xCC\x81" "e\xCC\x81" "e", 2, "e\xCC\x81…", 2);
	check_truncate("中文", 1, "…", 1);
}

/* Ideographs, kana and CJK punctuation join across a soft break; Latin,
 * emoji and Hangul do not. */
static void
test_is_cjk(void **state)
{
	(void)state;
	static const uint32_t yes[] = {
		0x4E2D, 0x3042, 0x30A2, 0xFF71, 0x3002, 0xFF0C, 0x3105,
		0x20000, 0xF900, 0x3400, 0xFE41, 0x300C,
	};
	static const uint32_t no[] = {
		'a', 0xE9, 0x1F44D, 0xAC00, 0x4DC0, 0x2014, 0x0430,
	};

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		assert_true(utf8_is_cjk(yes[i]));
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_false(utf8_is_cjk(no[i]));
}

/* Every code point's width agrees with glibc's wcwidth in C.UTF-8 (what
 * ncurses draws with), counting wcwidth's -1 as the 1 column of the
 * U+FFFD drawn instead; NUL, never left in sanitised text, aside. */
static void
test_width_matches_wcwidth(void **state)
{
	(void)state;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		skip();
	for (uint32_t cp = 1; cp < 0x110000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		int w = wcwidth((wchar_t)cp);
		if (utf8_cp_width(cp) != (w < 0 ? 1 : w))
			fail_msg("U+%04X: %d columns, wcwidth says %d", (unsigned)cp,
				 utf8_cp_width(cp), w);
	}
	setlocale(LC_CTYPE, "C");
}

/* utf8_grapheme_breaks skips libunistring for text whose code points
 * all stand alone; its breaks must equal u8_grapheme_breaks' for any mix
 * of such text with characters that join. */
static void
test_breaks_shortcut_agrees(void **state)
{
	static const char *const palette[] = {
		"a", " ", "\n", "\r", "中", "。", "「", "か", "ア", "한", "é",
		"\xcc\x81", "\xe2\x80\x8d", "\xf0\x9f\x91\x8d",
		"\xf0\x9f\x8f\xbd", "\xf0\x9f\x87\xaf", "\xe1\x84\x80",
		"\xe1\x85\xa1", "\xef\xbd\xb6", "\xef\xbe\x9e",
		"\xe3\x82\x99", "\xe2\x80\xbc", "\xef\xb8\x8f",
		"\xd0\x96", "\xe2\x94\x80", "\xe0\xb8\xb3",
		"\xef\xbf\xbd", "\xe4\xb8", "\xe2\x80\xa8",
	};
	const size_t n = sizeof palette / sizeof palette[0];
	uint64_t x = 0x9E3779B97F4A7C15ULL;
	struct buf b;

	(void)state;
	buf_init(&b);
	for (int round = 0; round < 5000; round++) {
		buf_clear(&b);
		int k_max = 1 + round % 10;
		bool joining = round % 3 == 0;	/* a third may hold joiners */
		for (int k = 0; k < k_max; k++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			buf_adds(&b, palette[joining ? x % n : x % 11]);
		}
		char *ours = xmalloc(b.len), *theirs = xmalloc(b.len);
		utf8_grapheme_breaks(b.data, b.len, ours);
		u8_grapheme_breaks((const uint8_t *)b.data, b.len, theirs);
		for (size_t i = 0; i < b.len; i++)
			assert_int_equal(!!ours[i], !!theirs[i]);
		free(ours);
		free(theirs);
	}
	buf_fini(&b);
}

/* utf8_width's shortcut for text without joining characters must give
 * the same widths as walking the grapheme clusters: strings drawn from a
 * palette of ASCII, CJK, kana, Hangul, combining marks, ZWJ, emoji,
 * skin tones, flags, jamo and half-width voiced marks. */
static void
test_width_shortcut_agrees(void **state)
{
	static const char *const palette[] = {
		"a", " ", "\n", "中", "文", "。", "「", "か", "ア", "한",
		"\xcc\x81", "\xe2\x80\x8d", "\xf0\x9f\x91\x8d",
		"\xf0\x9f\x8f\xbd", "\xf0\x9f\x87\xaf", "\xe1\x84\x80",
		"\xe1\x85\xa1", "\xef\xbd\xb6", "\xef\xbe\x9e", "\xe3\x82\x99",
		"\xef\xbc\xa1", "\xe2\x80\x94", "\xc2\xad", "\xef\xb8\x8f",
		"\r", "\xd0\x96", "\xe2\x94\x80", "\xe0\xb8\xb3",
		"\xef\xbf\xbd", "\xe4\xb8",
	};
	const size_t n = sizeof palette / sizeof palette[0];
	uint64_t x = 88172645463325252ULL;
	struct buf b;

	(void)state;
	buf_init(&b);
	for (int round = 0; round < 5000; round++) {
		buf_clear(&b);
		for (int k = 0; k < 1 + round % 12; k++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			buf_adds(&b, palette[x % n]);
		}
		int slow = 0;
		for (size_t i = 0; i < b.len;) {
			size_t c = utf8_cluster_len(b.data + i, b.len - i);
			slow += utf8_cluster_width(b.data + i, c);
			i += c;
		}
		assert_int_equal(utf8_width(b.data, b.len), slow);
	}
	buf_fini(&b);
}

/* utf8_lone_widths, when it answers, gives the cluster starts of
 * u8_grapheme_breaks, the widths of utf8_cluster_width and their sum,
 * and never answers for text holding a line break other than LF. */
static void
test_lone_widths_agrees(void **state)
{
	static const char *const palette[] = {
		"a", " ", "\t", "\n", "中", "。", "ア", "한", "\xd0\x96",
		"\xe2\x94\x80", "\xc2\xad", "\r", "\v", "\xc2\x85",
		"\xe2\x80\xa8", "\xcc\x81", "\xf0\x9f\x98\x80",
		"\xf0\x9f\x87\xaf", "\xef\xbf\xbd", "\xe4\xb8",
	};
	const size_t n = sizeof palette / sizeof palette[0];
	uint64_t x = 0x2545F4914F6CDD1DULL;
	struct buf b;

	(void)state;
	buf_init(&b);
	for (int round = 0; round < 5000; round++) {
		buf_clear(&b);
		for (int k = 0; k < 1 + round % 9; k++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			buf_adds(&b, palette[round % 2 ? x % 11 : x % n]);
		}
		char *gb = xmalloc(b.len), *theirs = xmalloc(b.len);
		signed char *cw = xmalloc(b.len);
		int total = utf8_lone_widths(b.data, b.len, gb, cw);
		u8_grapheme_breaks((const uint8_t *)b.data, b.len, theirs);
		for (size_t i = 0; total >= 0 && i < b.len; i++) {
			assert_int_equal(!!gb[i], !!theirs[i]);
			assert_true(strchr("\r\v", b.data[i]) == NULL);
			if (gb[i])
				assert_int_equal(cw[i], utf8_cluster_width(
					b.data + i, utf8_cluster_len(b.data + i,
								     b.len - i)));
		}
		if (total >= 0)
			assert_int_equal(total, utf8_width(b.data, b.len));
		assert_true(total >= 0 || round % 2 == 0);	/* lone */
		free(gb);
		free(theirs);
		free(cw);
	}
	buf_fini(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width_shortcut_agrees),
		cmocka_unit_test(test_lone_widths_agrees),
		cmocka_unit_test(test_width_matches_wcwidth),
		cmocka_unit_test(test_breaks_shortcut_agrees),
		cmocka_unit_test(test_sanitize_invalid),
		cmocka_unit_test(test_sanitize_escape),
		cmocka_unit_test(test_sanitize_osc),
		cmocka_unit_test(test_sanitize_bom),
		cmocka_unit_test(test_sanitize_newlines),
		cmocka_unit_test(test_sanitize_bidi),
		cmocka_unit_test(test_sanitize_controls),
		cmocka_unit_test(test_sanitize_clean),
		cmocka_unit_test(test_clean_span_words),
		cmocka_unit_test(test_decode_encode),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_cluster_len),
		cmocka_unit_test(test_cluster_len_flags),
		cmocka_unit_test(test_grapheme_breaks),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_is_cjk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
