#!/bin/sh
# SPDX-License-Identifier: MIT
# The subcommands index, search and list, without a terminal.
. "$top_srcdir/tests/tty/lib.sh"

"$TSUNDOKU" index "$SAMPLES" >"$T/out" 2>"$T/err" || fail "index failed: $(cat "$T/err")"
grep -q "^11 new, 0 changed, 0 renamed, 0 missing, 0 unreadable" "$T/out" || fail "index summary: $(cat "$T/out")"
[ ! -s "$T/err" ] || fail "index: unexpected stderr: $(cat "$T/err")"

typo=$(grep -l "排版" "$SAMPLES"/* | head -n 1)
"$TSUNDOKU" search 排版 >"$T/out" || fail "search 排版 found nothing"
grep -qF "$(basename "$typo")" "$T/out" || fail "search 排版: no typography sample"
[ "$(awk -F '\t' 'NF != 5' "$T/out" | wc -l)" = 0 ] || fail "search: not 5 fields"

status=0; "$TSUNDOKU" search 不存在的词语xyz >"$T/out" || status=$?
[ "$status" = 1 ] || fail "search without hits: exit $status, want 1"
[ ! -s "$T/out" ] || fail "search without hits printed something"

"$TSUNDOKU" search --json 排版 >"$T/out" || fail "search --json failed"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d and all("path" in x and "snippet" in x for x in d)' \
	<"$T/out" || fail "search --json: bad JSON"

[ "$("$TSUNDOKU" list | wc -l)" = 11 ] || fail "list: not 11 lines"
[ "$("$TSUNDOKU" list --unread | wc -l)" = 11 ] || fail "list --unread: not 11 lines"
"$TSUNDOKU" list --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d) == 11 and "snippet" not in d[0]' \
	|| fail "list --json"

status=0; "$TSUNDOKU" list --bogus >/dev/null 2>"$T/err" || status=$?
[ "$status" = 2 ] || fail "bad option: exit $status, want 2"
# The hint names the subcommand's own --help, which works.
grep -qF "Try 'tsundoku list --help'" "$T/err" || fail "bad option: $(cat "$T/err")"
"$TSUNDOKU" list --help >"$T/out" || fail "list --help"
grep -q "^Usage: tsundoku .*list \[--unread\]" "$T/out" || fail "list --help: $(cat "$T/out")"

# Options before the subcommand, as in git -C DIR log.
"$TSUNDOKU" index --db "$T/other.db" "$SAMPLES" >/dev/null || fail "index --db"
[ "$("$TSUNDOKU" --db "$T/other.db" list | wc -l)" = 11 ] || fail "--db X list"
[ "$("$TSUNDOKU" --db="$T/other.db" list --unread | wc -l)" = 11 ] || fail "--db=X list --unread"
[ "$("$TSUNDOKU" --db "$T/none.db" --config /dev/null list | wc -l)" = 0 ] || fail "--db --config list"
status=0; "$TSUNDOKU" index --unread >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "index --unread: exit $status, want 2"

# Nothing from an article reaches the terminal raw. (The archive is
# what the config names: search and list show only what lies there.)
mkdir -p "$XDG_CONFIG_HOME/tsundoku"
printf 'set archive %s\n' "$HOSTILE/escape.txt" >"$XDG_CONFIG_HOME/tsundoku/config"
"$TSUNDOKU" index "$HOSTILE/escape.txt" >"$T/out" || fail "index escape.txt"
grep -q "^1 new," "$T/out" || fail "index escape.txt summary: $(cat "$T/out")"
"$TSUNDOKU" search visible >"$T/out" || fail "search visible found nothing"
[ "$(grep -c "$(printf '\033')" "$T/out")" = 0 ] || fail "raw ESC in search output"
"$TSUNDOKU" list --json >"$T/out"
[ "$(grep -c "$(printf '\033')" "$T/out")" = 0 ] || fail "raw ESC in list --json output"

# A missing path: reported, exit 1.
status=0; "$TSUNDOKU" index "$T/nowhere" >"$T/out" 2>"$T/err" || status=$?
[ "$status" = 1 ] || fail "index of a missing path: exit $status, want 1"
grep -q "nowhere" "$T/err" || fail "index: missing path not named"

# Front matter that cannot be read: the file is listed all the same, the
# run names it with the reason on standard error and counts it, exit 0.
mkdir -p "$T/fm"
printf -- '---\ntitle: ok\n  bad: [\nnot yaml\n---\nbody\n' >"$T/fm/bad.txt"
printf -- '---\ntitle: Good\n---\nbody\n' >"$T/fm/good.txt"
status=0; "$TSUNDOKU" index --db "$T/fm.db" "$T/fm" >"$T/out" 2>"$T/err" || status=$?
[ "$status" = 0 ] || fail "index with broken front matter: exit $status, want 0"
grep -q "2 new.*1 with unreadable front matter" "$T/out" || fail "front matter not counted: $(cat "$T/out")"
grep -q "bad.txt: front matter, line 3" "$T/err" || fail "front matter not named: $(cat "$T/err")"
grep -q "good.txt" "$T/err" && fail "good front matter reported: $(cat "$T/err")"

# --db puts the index elsewhere.
"$TSUNDOKU" index --db "$T/other.db" "$SAMPLES" >/dev/null || fail "index --db"
[ -f "$T/other.db" ] || fail "index --db: no database"

# Only the first argument is a subcommand: ./list is a directory.
mkdir -p "$T/cwd/list"
cp "$SAMPLES/$(ls "$SAMPLES" | head -n 1)" "$T/cwd/list/"
status=0; (cd "$T/cwd" && "$TSUNDOKU" ./list </dev/null >"$T/out" 2>"$T/err") || status=$?
[ "$status" = 2 ] || fail "./list: exit $status, want 2 (no terminal)"
grep -q "terminal" "$T/err" || fail "./list: not opened as a path"
exit 0
