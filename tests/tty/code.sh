#!/bin/sh
# SPDX-License-Identifier: MIT
# Code blocks are not wrapped: a long code line ends in a '>' mark,
# Right/Left scroll code sideways (a '<' mark shows text off to the left),
# and w wraps code blocks instead.
. "$top_srcdir/tests/tty/lib.sh"

start 50 30 "$SAMPLES/002_922508f76dcb3e2c.txt"
wait_for "1/1"
keys Enter
wait_for "后端杂记 · 2024-03-07"
keys /
keys -l "CREATE INDEX idx_user"
keys Enter
wait_for "hit 1/"
# code_line RE: a screen line matches RE.
code_line() { screen | grep -q "$1"; }
poll_until "the long code line cut with a '>' mark" \
	code_line "^CREATE INDEX idx_user_status_time ON orders (user>$"
keys Right
wait_for "<DEX idx_user_status_time ON orders (user_id, sta>"
[ "$(max_width)" -le 50 ] || fail "scrolled code drew past the edge"
keys Left
wait_for "CREATE INDEX idx_user_status_time"
keys w
wait_gone "(user>"
poll_until "w to wrap the code line" code_line "^CREATE INDEX idx_user_status_time ON orders$"
[ "$(max_width)" -le 50 ] || fail "wrapped code drew past the edge"
keys w
wait_for "(user>"
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit status"
