#!/bin/sh
# SPDX-License-Identifier: MIT
# The reader's highlights from the keyboard, as a mutt or newsboat user
# expects: / in the reader's list filters it (as in the archive's), Enter
# on a detached highlight says so and shows its stored quote, and ]h or
# [h past the last or first highlight, or with none, says so. e in the
# archive's list never overwrites a file unasked: it offers a name for
# today when the usual one is taken, and asks before replacing.
. "$top_srcdir/tests/tty/lib.sh"
set -f
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skipped"; exit 77; }

A1="$SAMPLES/001_43549ce56a5b4def.txt"
ROWS=12
DB="$XDG_DATA_HOME/tsundoku/tsundoku.db"
status() { line $((ROWS - 1)); }
status_has() { status | grep -qF -- "$1"; }
wait_status() { poll_until "'$1' on the status line" status_has "$1"; }
open() {
	start 80 $ROWS "$A1"
	wait_for "1/1"
	keys Enter
	wait_gone "1/1"
	wait_for "%"
}

# No highlights yet: ]h and [h say so.
"$TSUNDOKU" index "$SAMPLES" >/dev/null
open
keys ']h'
wait_status "No highlights in this article"
keys '[h'
wait_status "No highlights in this article"
keys q
wait_for "1/1"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# Two placed by their quotes, one whose text is gone from the article.
id=$(sqlite3 "$DB" "SELECT id FROM article WHERE path LIKE '%001_43549ce56a5b4def.txt'")
[ -n "$id" ] || fail "article not indexed"
sqlite3 "$DB" "INSERT INTO highlight (article_id, start, end, quote, color, created, updated)
	VALUES ($id, 0, 0, 'Ten years ago', 1, 1, 1),
	       ($id, 0, 0, 'What did not', 2, 2, 2),
	       ($id, 0, 0, 'A paragraph the author later removed', 3, 3, 3)"
open
keys ']h'
wait_for "Ten years ago"
keys ']h'
keys ']h' ']h'
wait_status "No highlight after this one"
keys g '[h'
wait_status "No highlight before this one"

# The colour column shows the colour: a green swatch, not a "1" that
# reads like an item number.
keys H
wait_for "Highlights in this article"
wait_for "What did not"
row=$(tmx capture-pane -p -e -t t | grep -F "Ten years ago")
case "$row" in *"42m"*) ;; *) fail "no green swatch: $row";; esac
! screen | grep -q "^ *1 Ten years ago" || fail "a digit for the colour"

# / in the reader's list filters it.
keys /
wait_status "/"
keys -l "what did"
keys Enter
wait_for 'Highlights in this article matching "what did"'
assert_screen_lacks "Ten years ago"
wait_for "What did not"
keys q
wait_gone "matching"

# Enter on the detached one: what it said, where it was.
keys H
wait_for "A paragraph the author later removed"
keys G Enter
wait_status "Detached: its text is no longer in the article. It read: A paragraph"
keys q q
wait_for "1/1"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# e: the usual name first; once it exists, one for today; a file that
# exists is replaced only after a y.
start 80 $ROWS
wait_for "11 articles"
keys H
wait_for "All highlights"
keys e
wait_status "Export to: ~/tsundoku-highlights.md"
keys Enter
wait_status "Exported 3 highlights"
[ -s "$HOME/tsundoku-highlights.md" ] || fail "nothing exported"
echo "mine" > "$HOME/tsundoku-highlights.md"
keys e
wait_status "Export to: ~/tsundoku-highlights-$(date +%Y-%m-%d).md"
keys C-u
keys -l "~/tsundoku-highlights.md"
keys Enter
wait_status "~/tsundoku-highlights.md exists: replace it? (y/n)"
keys n
wait_status "Nothing was exported"
[ "$(cat "$HOME/tsundoku-highlights.md")" = mine ] || fail "replaced after n"
keys e C-u
keys -l "~/tsundoku-highlights.md"
keys Enter
wait_status "exists: replace it?"
keys y
wait_status "Exported 3 highlights"
grep -q "What did not" "$HOME/tsundoku-highlights.md" || fail "not replaced after y"
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# Without colours the swatch is the colour's name.
export NO_COLOR=1
start 80 $ROWS
wait_for "11 articles"
keys H
wait_for "All highlights"
poll_until "the colour named" eval 'screen | grep -q "^ *green  *Ten years ago"'
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit status"
