#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile articles: escape sequences, invalid UTF-8, controls, broken or
# missing front matter, huge lines. Text is shown, the terminal is not
# reprogrammed, nothing crashes.
. "$top_srcdir/tests/tty/lib.sh"

# open_fixture FILE TEXT: open FILE alone and wait for TEXT in the reader.
open_fixture() {
	start 60 30 "$HOSTILE/$1"
	wait_for "1/1"
	keys Enter
	wait_for "$2"
}

# close_fixture: q, q and a clean exit.
close_fixture() {
	keys q
	wait_for "1/1"
	keys q
	st=$(wait_exit)
	[ "$st" = 0 ] || fail "$1: exit status $st, not 0"
	tmx kill-server
}

open_fixture escape.txt "visible line one"
assert_screen_has "visible line two"
assert_screen_has "Escape test"
# ESC shows as the visible symbol; the sequence is inert text.
assert_screen_has "␛[31mRED"
assert_screen_has "␛]0;PWNED-TITLE"
# The OSC sequences did not set the pane's title, and \e[2J did not wipe
# the header.
case "$(pane '#{pane_title}')" in *PWNED*) fail "article changed the terminal title";; esac
[ "$(max_width)" -le 60 ] || fail "escape article drew past the edge"
close_fixture escape.txt

open_fixture invalid-utf8.txt "survivor"
assert_screen_has "�"
close_fixture invalid-utf8.txt

open_fixture controls.txt "bidi [abcdef]"
screen | grep -q "$(printf '\342\200\256')" && fail "bidi override reached the screen"
close_fixture controls.txt

open_fixture crlf-bom.txt "CRLF BOM test"
close_fixture crlf-bom.txt

open_fixture broken-front-matter.txt "body still readable"
close_fixture broken-front-matter.txt

open_fixture unclosed-front-matter.txt "second paragraph"
close_fixture unclosed-front-matter.txt

start 60 30 "$HOSTILE/empty.txt"
wait_for "1/1"
keys Enter
wait_for "empty.txt"
close_fixture empty.txt

for f in long-line.txt long-url.txt; do
	open_fixture "$f" "%"
	keys G
	wait_for "100%"
	[ "$(max_width)" -le 60 ] || fail "$f drew past the right edge"
	close_fixture "$f"
done

# An unreadable article gives a message, and the list stays usable.
cp "$HOSTILE/escape.txt" "$T/locked.txt"
chmod 000 "$T/locked.txt"
if ! cat "$T/locked.txt" >/dev/null 2>&1; then
	# The indexer cannot read it, so it is not listed; it says why.
	start 60 30 "$T/locked.txt"
	wait_for "ermission denied"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit after unreadable file"
	tmx kill-server
fi
