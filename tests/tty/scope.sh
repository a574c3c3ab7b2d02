#!/bin/sh
# SPDX-License-Identifier: MIT
# The archive is what is configured: after the quick start (the bundled
# samples) and then `set archive DIR`, the list, `tsundoku list` and
# search show DIR's articles only; a one-off `tsundoku FILE` or
# `tsundoku index PATH` does not join them. What lies outside keeps its
# reading state until `tsundoku purge` forgets it, after listing it and
# asking (--yes for scripts).
. "$top_srcdir/tests/tty/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }

DB="$XDG_DATA_HOME/tsundoku/tsundoku.db"
sql() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$DB" "$1"; }
run() { s=0; "$@" >"$T/out" 2>"$T/err" || s=$?; echo "$s"; }

# article FILE TITLE: an article with a title and a word of its own.
article() {
	mkdir -p "$(dirname "$1")"
	printf -- '---\ntitle: %s\nsource: Scope\ndate: 2030-01-0%s\n---\n\nThe word zebrafinch is in %s.\n' \
		"$2" "${3:-1}" "$2" >"$1"
}
A="$T/articles"
article "$A/one.txt" "Archive one" 1
article "$A/two.txt" "Archive two" 2
article "$A/sub/three.md" "Archive three" 3
article "$T/elsewhere/lone.txt" "Lone article" 4

# The quick start: nothing configured, the samples. Reading one leaves
# state that must outlive the switch to another archive.
start 100 20
wait_for "11 articles · 11 unread"
wait_gone "indexing"
keys N
wait_for "Marked as read"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status (samples)"

# Then an archive of one's own: only its three articles.
mkdir -p "$XDG_CONFIG_HOME/tsundoku"
printf 'set archive %s\n' "$A" >"$XDG_CONFIG_HOME/tsundoku/config"
start 100 20
wait_for "Archive three"
wait_gone "indexing"
wait_for "3 articles · 3 unread"
assert_screen_lacks "中文排版"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status (archive)"
[ "$("$TSUNDOKU" list | wc -l)" = 3 ] || fail "tsundoku list: not the 3 articles of the archive: $("$TSUNDOKU" list)"
[ "$(run "$TSUNDOKU" search 排版)" = 1 ] || fail "search finds the samples: $(cat "$T/out")"
[ "$(run "$TSUNDOKU" search zebrafinch)" = 0 ] || fail "search: $(cat "$T/err")"
[ "$(wc -l <"$T/out")" = 3 ] || fail "search zebrafinch: not 3 hits: $(cat "$T/out")"
# The samples are kept, with their state: nothing was deleted.
[ "$(sql 'SELECT count(*) FROM article WHERE read_at IS NOT NULL')" = 1 ] || fail "the read sample lost its state"

# A one-off file, and a one-off index run, stay out of the archive.
start 100 20 "$T/elsewhere/lone.txt"
wait_for "1 article"
wait_for "Lone article"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status (one-off)"
[ "$(run "$TSUNDOKU" index "$T/elsewhere")" = 0 ] || fail "index elsewhere: $(cat "$T/err")"
[ "$("$TSUNDOKU" list | wc -l)" = 3 ] || fail "a one-off joined the list: $("$TSUNDOKU" list)"
# The paths given to list limit it further.
[ "$("$TSUNDOKU" list "$A/sub" | wc -l)" = 1 ] || fail "list DIR: $("$TSUNDOKU" list "$A/sub")"
start 100 20
wait_for "3 articles"
wait_gone "indexing"
assert_screen_lacks "Lone article"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status (archive again)"

# purge lists what lies outside the archive and asks; no terminal, no
# --yes: nothing is forgotten.
[ "$(run "$TSUNDOKU" purge </dev/null)" = 1 ] || fail "purge without a terminal: exit status"
grep -q "lone.txt" "$T/out" || fail "purge did not list the one-off: $(cat "$T/out")"
grep -q "006_94e8783541ae7f04.txt" "$T/out" || fail "purge did not list the samples: $(cat "$T/out")"
grep -q "pass --yes" "$T/err" || fail "purge without a terminal: $(cat "$T/err")"
[ "$(sql 'SELECT count(*) FROM article')" = 15 ] || fail "purge without --yes forgot articles"
start 100 30 purge
wait_for "[y/N]"
assert_screen_has "12 articles outside the archive"
keys n Enter
[ "$(wait_exit)" = 1 ] || fail "purge answered no: exit status"
[ "$(sql 'SELECT count(*) FROM article')" = 15 ] || fail "purge forgot after a no"
start 100 30 purge
wait_for "[y/N]"
keys y Enter
wait_for "12 articles outside the archive forgotten"
[ "$(wait_exit)" = 0 ] || fail "purge answered yes: exit status"
[ "$(sql 'SELECT count(*) FROM article')" = 3 ] || fail "purge left articles outside the archive"
[ "$("$TSUNDOKU" list | wc -l)" = 3 ] || fail "purge changed the list"
[ "$(run "$TSUNDOKU" purge --yes)" = 0 ] || fail "purge --yes with nothing to forget"
grep -q "No missing articles" "$T/out" || fail "purge with nothing to forget: $(cat "$T/out")"
exit 0
