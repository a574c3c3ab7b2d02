/* SPDX-License-Identifier: MIT */
/*
 * utf8.h: the text layer's view of UTF-8: sanitising raw input once at
 * load, stepping by grapheme cluster, and measuring display width.
 * libunistring lives in this layer only (utf8.c, wrap.c, fold.c).
 *
 * Width policy (one policy, shared by layout and the terminal): a grapheme
 * cluster is as wide as its first code point, measured by uc_width(c,
 * "UTF-8") patched to agree with glibc's wcwidth (which ncurses uses) on the
 * code points where the two disagree; a regional-indicator pair (a flag) is
 * 2 columns; East Asian ambiguous characters are narrow. The terminal draws
 * only the first spacing code point of a cluster plus its combining marks,
 * so what the layout counts is what ncurses puts on screen.
 *
 * All functions take byte lengths, never rely on NUL termination, and
 * accept any bytes (invalid sequences count as one U+FFFD each); sanitised
 * text is what they are meant for.
 */
#ifndef TSUNDOKU_UTF8_H
#define TSUNDOKU_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* Append a sanitised copy of raw file content s[0..len) to out: a leading
 * BOM is dropped; CR LF and lone CR become LF; invalid UTF-8 becomes U+FFFD;
 * C0 controls other than TAB and LF become their visible Control Pictures
 * symbol (ESC -> U+241B), DEL becomes U+2421, C1 controls become U+FFFD;
 * bidi embedding, override and isolate controls (U+202A-U+202E,
 * U+2066-U+2069) are removed. Return how many characters were replaced or
 * removed (0: the text was clean; CRLF and the BOM do not count). */
size_t utf8_sanitize(const char *s, size_t len, struct buf *out);

/* Return true when s[0..len) is valid UTF-8 free of anything
 * utf8_sanitize would change (the fast path for already clean text). */
bool utf8_is_clean(const char *s, size_t len);

/* Return the length of the longest prefix of s[0..len) made of whole
 * characters that utf8_sanitize keeps as they are, not counting the
 * special case of a BOM at the very start (the caller checks that). */
size_t utf8_clean_span(const char *s, size_t len);

/* Decode the code point at s[0..len) into *cp and return its byte length
 * (>= 1 when len > 0). An invalid or truncated sequence gives U+FFFD and a
 * length of 1. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Append the UTF-8 encoding of cp to out. */
void utf8_encode(uint32_t cp, struct buf *out);

/* Fill gb[0..len) with grapheme cluster starts: gb[i] != 0 iff a cluster
 * starts at byte i (gb[0] is 1 when len > 0). Uses u8_grapheme_breaks,
 * which, unlike libunistring 1.0's u8_grapheme_next, keeps ZWJ emoji and
 * flag pairs whole. */
void utf8_grapheme_breaks(const char *s, size_t len, char *gb);

/* When every code point of s[0..len) is a grapheme cluster of its own
 * (ASCII, CJK ideographs, kana, Hangul syllables, punctuation: the bulk
 * of what tsundoku shows) and none is a control character but TAB and
 * LF, fill gb as utf8_grapheme_breaks does, set cw[i] at each cluster
 * start i to the cluster's width (utf8_cluster_width) and return the
 * sum of those widths, in one pass. Otherwise return -1, gb and cw
 * partly written: the caller computes them the general way. */
int utf8_lone_widths(const char *s, size_t len, char *gb, signed char *cw);

/* Return the byte length of the grapheme cluster that starts at s[0]
 * (0 when len is 0). For short strings (titles, prompts); long text should
 * compute utf8_grapheme_breaks once and walk it. */
size_t utf8_cluster_len(const char *s, size_t len);

/* Return the byte length of the grapheme cluster that ends at s[len]
 * (0 when len is 0), for stepping backwards. */
size_t utf8_cluster_len_before(const char *s, size_t len);

/* Return the display width in columns of one code point under the policy
 * above: 0 for combining marks and format characters, 1 for controls and
 * unassigned code points (they are drawn as U+FFFD), else 1 or 2. */
int utf8_cp_width(uint32_t cp);

/* Return the display width in columns of the single grapheme cluster
 * s[0..len), under the policy above. */
int utf8_cluster_width(const char *s, size_t len);

/* Return the display width in columns of s[0..len), cluster by cluster. */
int utf8_width(const char *s, size_t len);

/* Return how many bytes of s[0..len) fit into max_width columns without
 * cutting a grapheme cluster; store their width in *width (may be NULL). */
size_t utf8_fit(const char *s, size_t len, int max_width, int *width);

/* Append s[0..len) to out cut to at most max_width columns: when it does not
 * fit, as many whole clusters as fit in max_width - 1 columns followed by
 * "…". Return the width appended. */
int utf8_truncate(const char *s, size_t len, int max_width, struct buf *out);

/* Return true when cp is a CJK ideograph, kana, Bopomofo, or CJK/full-width
 * punctuation: characters between which a soft line break in the source
 * must not become a space. Hangul is not included: Korean puts spaces
 * between words, so a soft break there is a space (CSS Text 3 rule). */
bool utf8_is_cjk(uint32_t cp);

#endif
