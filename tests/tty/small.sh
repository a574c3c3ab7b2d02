#!/bin/sh
# SPDX-License-Identifier: MIT
# A terminal narrower than 20 columns or shorter than 5 lines shows a
# "too small" message, never a crash, down to 1x1; growing the window
# brings the list or the reader back where it was.
. "$top_srcdir/tests/tty/lib.sh"

resize() { tmx resize-window -t t -x "$1" -y "$2"; }
alive() { [ "$(pane '#{pane_dead}')" = 0 ] && ! has_exited; }

# 19 columns: too narrow; the message wraps to fit.
# Index first: keys typed before the background indexing has listed
# the articles would find an empty list.
"$TSUNDOKU" index "$SAMPLES" >/dev/null
start 19 10
wait_for "Terminal too"
assert_screen_has "small"
assert_screen_has "20x5"
[ "$(max_width)" -le 19 ] || fail "a line is wider than 19 columns"
# Keys still work while the screen is too small: j moves the selection.
keys j
resize 80 24
wait_for "2/11"
assert_screen_lacks "Terminal too"

# 20x5 is big enough, and the title is what stays: the source goes
# first, then the date (at 20 to 29 columns the title was gone).
resize 20 5
wait_for "Title"
wait_for "在上海"
assert_screen_lacks "Terminal too"
assert_screen_lacks "Date"
resize 29 5
wait_for "Date"
wait_for "在上海"
assert_screen_lacks "Source"
resize 40 4
wait_for "Terminal too"

# 1x1, then back, from the reader.
resize 80 24
wait_for "2/11"
keys Enter
wait_for "在上海坐地铁"
resize 1 1
poll_until "a 1x1 screen" screen_lacks "在上海"
alive || fail "died at 1x1"
[ "$(max_width)" -le 1 ] || fail "a line is wider than 1 column"
resize 2 1
resize 1 1
alive || fail "died at 1x1"
resize 80 24
wait_for "城市漫游指南 · 2025-02-11"
keys q
wait_for "2/11"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# Started at 1x1. (The shell's screen was 1x1 too, so the wrapper's
# exit line may land anywhere.)
start 1 1
# The one cell is the bottom-right corner, which curses leaves alone on
# terminals that would scroll after writing it: nothing shows, nothing
# breaks.
pane_is_1x1() { [ "$(pane '#{pane_width}x#{pane_height}')" = 1x1 ]; }
poll_until "a 1x1 pane" pane_is_1x1
alive || fail "died when started at 1x1"
resize 80 24
wait_for "1/11"
keys q
exited_ok() { screen | grep -q '\[tsundoku exited 0\]'; }
poll_until "tsundoku to exit with status 0" exited_ok
