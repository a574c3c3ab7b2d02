#!/bin/sh
# SPDX-License-Identifier: MIT
# The article list: sample titles shown newest first, columns aligned
# with wide characters, list keys, help screen, at 80x24 and 40x12.
. "$top_srcdir/tests/tty/lib.sh"

start 80 24
wait_for "中文排版的几个细节"
assert_screen_has "Date"
assert_screen_has "Title"
[ "$(max_width)" -le 80 ] || fail "a line is wider than 80 columns"

# Newest first: 2025-06-21 on row 1, then 2025-02-11.
line 1 | grep -q "2025-06-21" || fail "newest article is not first"
line 2 | grep -q "2025-02-11" || fail "second newest is not second"

# Columns line up: the title starts in the same column on a row with a
# Chinese source, one with an English source and one with a Korean one.
c1=$(col_of "中文排版的几个细节")
c2=$(col_of "Living in the Terminal")
c3=$(col_of "서울 지하철")
[ "$c1" = "$c2" ] && [ "$c2" = "$c3" ] || fail "title columns differ: $c1 $c2 $c3"
# A source wider than its column ends in an ellipsis, cut before a wide
# character, not through it.
screen | grep -q "도시 산책 노…" || fail "Korean source not truncated with an ellipsis"

# Moving: j twice, k once lands on the second row; G and g.
keys j j k
wait_for "2/11"
keys G
wait_for "11/11"
keys g
wait_for "1/11"
keys 5 j
wait_for "6/11"
keys Space
wait_for "11/11"
keys b
wait_for "1/11"
keys Down Down Up
wait_for "2/11"
keys End
wait_for "11/11"
keys Home
wait_for "1/11"

# Help lists the list's keys with their action names, and closes on q.
keys ?
wait_for "Keys in the article list"
assert_screen_has "move-down"
assert_screen_has "Open the selected article"
keys q
wait_for "11 articles"

# An unbound key says so instead of doing nothing silently.
keys Z
wait_for "does nothing here"

# :help and :quit.
keys : h e l p Enter
wait_for "Keys in the article list"
keys Escape
wait_for "11 articles"
keys : q u i t Enter
[ "$(wait_exit)" = 0 ] || fail "':quit' did not exit with status 0"
tmx kill-server

# A narrow terminal: titles cut to the width, never wrapped or spilled.
start 40 12
wait_for "Date"
[ "$(max_width)" -le 40 ] || fail "a line is wider than 40 columns"
n_cut() { n=$(screen | grep -c '…') || true; [ "$n" -ge 5 ]; }
poll_until "five titles or more cut with '…' at 40 columns" n_cut
keys q
[ "$(wait_exit)" = 0 ] || fail "q did not exit with status 0"
