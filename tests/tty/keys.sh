#!/bin/sh
# SPDX-License-Identifier: MIT
# What users of less, vim and mutt reach for: a count before G or g goes
# to that row or line (12G is row 12, not the last), and a sequence that
# is bound nowhere is named whole in the message ("c9", not "9").
. "$top_srcdir/tests/tty/lib.sh"
set -f

ROWS=12
A1="$SAMPLES/001_43549ce56a5b4def.txt"
status() { line $((ROWS - 1)); }
pos() { status | sed -n 's|.* \([0-9]*\)/[0-9]*$|\1|p'; }
is_pos() { [ "$(pos)" = "$1" ]; }
wait_pos() { poll_until "row $1 (at $(pos))" is_pos "$1"; }
status_has() { status | grep -qF -- "$1"; }
wait_status() { poll_until "'$1' on the status line" status_has "$1"; }
"$TSUNDOKU" index "$SAMPLES" >/dev/null

# The list: 5G selects row 5, 3g row 3, G the last, 99G the last too.
start 80 $ROWS
wait_for "11 articles"
wait_pos 1
keys 5 G
wait_pos 5
keys 3 g
wait_pos 3
keys G
wait_pos 11
keys g
wait_pos 1
keys 9 9 G
wait_pos 11

# A menu: 4G in the sources selects the fourth.
keys F
wait_for "Show the articles of"
wait_pos 1
keys 4 G
wait_pos 4
keys q
wait_for "11 articles"

# The reader: 12G puts line 12 at the top, as 11 j from the top does.
start 80 $ROWS "$A1"
wait_for "1/1"
keys Enter
wait_gone "1/1"
wait_for "%"
keys 1 1 j
poll_until "the text to move" eval '[ "$(line 0)" != "Living in the Terminal, Ten Years Later" ]'
want=$(line 0)
keys g
wait_line_is() { [ "$(line 0)" = "$1" ]; }
poll_until "the top again" wait_line_is "Living in the Terminal, Ten Years Later"
keys 1 2 G
poll_until "line 12 at the top (it is '$(line 0)')" wait_line_is "$want"
keys G
wait_status "100%"

# :set NAME shows the value; :help CONTEXT opens that context's help.
keys :
keys -l "set text-width"
keys Enter
wait_status "text-width is 80"
keys :
keys -l "help caret"
keys Enter
wait_for "Help: Keys in caret mode"
keys q
wait_gone "Help:"
keys :
keys -l "help nowhere"
keys Enter
wait_status "No such context"

# An unbound sequence is named whole: c9 in caret mode, gx nowhere.
keys g v
wait_status CARET
keys c 9
wait_status "Key c9 does nothing here"
keys Escape
wait_status "Living in the Terminal"
keys Z
wait_status "Key Z does nothing here"
