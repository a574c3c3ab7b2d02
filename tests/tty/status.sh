#!/bin/sh
# SPDX-License-Identifier: MIT
# The reader's status line tells the truth: after an outline jump or a
# :50% the search hit's number ("hit 4/7") is not shown as if still
# current, n goes on from the new place; a percentage jump and the
# percentage shown agree (both measured at the bottom of the screen).
. "$top_srcdir/tests/tty/lib.sh"
set -f

A1="$SAMPLES/001_43549ce56a5b4def.txt"
ROWS=12
status() { line $((ROWS - 1)); }
status_has() { status | grep -qF -- "$1"; }
status_lacks() { ! status | grep -qF -- "$1"; }
wait_status() { poll_until "'$1' on the status line" status_has "$1"; }
pct() { status | sed -n 's/.* \([0-9]*\)%$/\1/p'; }
pct_in() { p=$(pct); [ -n "$p" ] && [ "$p" -ge "$1" ] && [ "$p" -le "$2" ]; }
wait_pct_in() { poll_until "the percentage in $1-$2 (it is $(pct))" pct_in "$1" "$2"; }

start 80 $ROWS "$A1"
wait_for "1/1"
keys Enter
wait_for "%"

# Percentages: the one typed is the one shown.
for n in 50 25 80; do
	keys :
	keys -l "$n%"
	keys Enter
	wait_pct_in "$n" $((n + 4))
done
keys g
wait_pct_in 0 30

# A search, then the outline: the hit's number goes, n brings one back.
keys /
keys -l terminal
keys Enter
wait_status "hit 1/7"
keys n n n
wait_status "hit 4/7"
keys t
wait_for "Outline"
keys j j Enter
wait_line0() { [ "$(line 0)" = "What did not" ]; }
poll_until "the heading at the top" wait_line0
poll_until "no hit number after the jump" status_lacks "hit "
keys n
poll_until "a hit number after n" eval 'status | grep -q "hit [0-9]*/7"'

# The same after :50%.
keys n
keys :
keys -l "50%"
keys Enter
poll_until "no hit number after :50%" status_lacks "hit "
keys N
poll_until "a hit number after N" eval 'status | grep -q "hit [0-9]*/7"'
keys q
wait_for "1/1"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"
