#!/bin/sh
# SPDX-License-Identifier: MIT
# New articles appear while tsundoku runs: files added, changed or
# removed under the archive show up by themselves (inotify, new
# subdirectories included; or, without it, a stat walk on a timer),
# R rescans at once, and what another process writes to the database
# (`tsundoku import`, `tsundoku index`) shows without a restart.
. "$top_srcdir/tests/tty/lib.sh"

# article FILE TITLE: a small article.
article() {
	mkdir -p "$(dirname "$1")"
	printf -- '---\ntitle: %s\nsource: Watch\ndate: 2030-02-01\n---\n\nText of %s.\n' \
		"$2" "$2" >"$1.tmp"
	mv "$1.tmp" "$1"	# as a browser extension saves: whole
}
A="$T/articles"
article "$A/first.txt" "First article"
mkdir -p "$XDG_CONFIG_HOME/tsundoku"
printf 'set archive %s\n' "$A" >"$XDG_CONFIG_HOME/tsundoku/config"

# ready N: the list shows N articles and indexing is over.
ready() { wait_for "$1 article"; wait_gone "indexing"; }

# inotify: added, changed, removed, in a new subdirectory.
start 100 20
ready 1
article "$A/second.txt" "Second article"
wait_for "Second article"
ready 2
article "$A/new/dir/deep.md" "Deep article"
wait_for "Deep article"
ready 3
article "$A/second.txt" "Second, edited"
wait_for "Second, edited"
rm "$A/first.txt"
wait_gone "First article"
ready 2
# Another process writes to the database: a highlight imported shows in
# the HL column.
cat >"$T/hl.json" <<JSON
{"format": "tsundoku-highlights", "version": 1, "articles": [
 {"path": "$(cd "$A" && pwd -P)/second.txt", "highlights": [
  {"quote": "Text", "prefix": "", "suffix": "", "note": null, "color": 1,
   "start": 60, "end": 64, "created": 1, "updated": 1}]}]}
JSON
"$TSUNDOKU" import "$T/hl.json" >/dev/null || fail "import"
hl_shown() { screen | grep -q '^N *1 .*Second, edited'; }
poll_until "the imported highlight in the list" hl_shown
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status (inotify)"

# Without inotify, a stat walk on a timer finds them too.
TSUNDOKU_DEBUG_WATCH=poll
start 100 20
TSUNDOKU_DEBUG_WATCH=
ready 2
article "$A/third.txt" "Third article"
wait_for "Third article"
rm "$A/new/dir/deep.md"
wait_gone "Deep article"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status (timer)"

# Watching off: R rescans at once; an index run from another shell
# shows without a key.
TSUNDOKU_DEBUG_WATCH=off
start 100 20
TSUNDOKU_DEBUG_WATCH=
ready 2
article "$A/fourth.txt" "Fourth article"
keys R
wait_for "Fourth article"
wait_for "Archive rescanned"
keys g	# a key clears the message
ready 3
article "$A/fifth.txt" "Fifth article"
"$TSUNDOKU" index >/dev/null || fail "index from another shell"
wait_for "Fifth article"
wait_for "4 articles"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status (R)"
exit 0
