#!/bin/sh
# SPDX-License-Identifier: MIT
# The inputs fuzzing found (issue 11), together in one archive: the
# Markdown bridge's unopened link close, a title whose YAML escapes hold
# CR LF, a highlight whose range runs past the end of a text that
# shrank, and the shapes that made layout quadratic (emphasis and code
# spans repeated over 100-200 KB, 100,000 soft-broken lines in one
# paragraph). Indexing them exits 0; the archive search marks its match;
# the full-screen interface lists them, opens each and quits with 0.
. "$top_srcdir/tests/tty/lib.sh"

A="$T/archive"
mkdir -p "$A"
# article N TITLE: front matter for article N (newest last), then stdin.
article() {
	{
		printf -- '---\ntitle: %s\nsource: fz%s\ndate: 2020-01-0%s\n---\n\n' \
			"$2" "$1" "$1"
		cat
	} > "$A/00${1}_fuzz.txt"
}
printf '![]([)]()[a](b)\n' | article 1 Bridge
printf 'body\n' | article 2 '"aaaa\r\nbbbb"'
printf 'abc **def\n' | article 3 Shrunk
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "*a"; print "" }' | article 4 Emphasis
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "`a "; print "" }' | article 5 Code
awk 'BEGIN { for (i = 0; i < 100000; i++) print "a" }' | article 6 Soft

mkdir -p "$XDG_CONFIG_HOME/tsundoku"
printf 'set archive %s\n' "$A" > "$XDG_CONFIG_HOME/tsundoku/config"
"$TSUNDOKU" index >"$T/out" 2>&1 || fail "index: $(cat "$T/out")"
grep -q '^6 new' "$T/out" || fail "index summary: $(cat "$T/out")"
"$TSUNDOKU" search bbbb >"$T/out" 2>&1 || fail "search: $(cat "$T/out")"
grep -q 'aaaa \[bbbb\]' "$T/out" || fail "search lost its marks: $(cat "$T/out")"

# A highlight saved over "def" of "abc **def**", imported after the file
# lost its last two bytes, with an end far past it.
cat > "$T/hl.json" <<JSON
{"format": "tsundoku-highlights", "version": 1, "articles": [
 {"path": "$A/003_fuzz.txt", "highlights": [
  {"quote": "def", "prefix": "abc ", "suffix": "", "note": null, "color": 1,
   "start": 6, "end": 1000000, "detached": false,
   "created": 1735689660000, "updated": 1735689660000}]}]}
JSON
"$TSUNDOKU" import "$T/hl.json" >"$T/out" 2>&1 || fail "import: $(cat "$T/out")"

start 80 24
wait_for "6 articles"
# Newest first: fz6 on the first row down to fz1 on the last. Each opens
# (its source and date line is the reader's own) and closes again.
for n in 6 5 4 3 2 1; do
	keys Enter
	wait_for "fz$n · 2020-01-0$n"
	keys q
	wait_gone "fz$n · 2020-01-0$n"
	keys j
done
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# The highlight past the end was placed inside the text, or detached;
# never kept at its old end.
"$TSUNDOKU" export --format json >"$T/out" || fail "export"
python3 - "$T/out" <<'PY' || fail "the highlight kept a range past the end: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
hs = [h for a in d["articles"] for h in a["highlights"]]
assert len(hs) == 1, hs
h = hs[0]
assert h["detached"] or h["end"] <= len("---\ntitle: Shrunk\nsource: fz3\ndate: 2020-01-03\n---\n\nabc **def\n".encode()), h
PY
