#!/bin/sh
# SPDX-License-Identifier: MIT
# The config file names the archive roots; an error names the file and
# line and the program still starts with the rest of the file.
. "$top_srcdir/tests/tty/lib.sh"

mkdir -p "$HOME/articles/a" "$HOME/more"
cp "$SAMPLES/001_43549ce56a5b4def.txt" "$HOME/articles/a/"
cp "$SAMPLES/003_9566d8e0472cd7ef.txt" "$HOME/more/"
printf 'note.json' > "$HOME/articles/a/note.json"
mkdir -p "$XDG_CONFIG_HOME/tsundoku"
cat > "$XDG_CONFIG_HOME/tsundoku/config" <<CONF
# two roots, one through ~
set archive ~/articles
frobnicate now
set archive "$HOME/more"
CONF

start 80 24
wait_for "config:3: unknown command 'frobnicate'"
# The list fills in as the roots are indexed in the background.
wait_for "Living in the Terminal"
wait_for "はじめての自家製酵母パン"
assert_screen_lacks "中文排版的几个细节"
keys j
wait_for "2 articles"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# Paths on the command line replace the configured roots for that run.
start 80 24 "$SAMPLES/006_94e8783541ae7f04.txt"
wait_for "中文排版的几个细节"
assert_screen_lacks "Living in the Terminal"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# text-width: the reader's text is narrowed to 40 columns and centred in
# an 80-column window; ':set text-width 0' gives it the whole window.
cat > "$XDG_CONFIG_HOME/tsundoku/config" <<CONF
set text-width 40
CONF
start 80 24 "$SAMPLES/000_cece56143c996f50.txt"
wait_for "1/1"
keys Enter
wait_for "山间茶事 · 2023-04-12"
wait_settled	# no row of the 80-column list left over
[ "$(col_of "山间茶事 · 2023-04-12")" = 20 ] || fail "text not centred at 40 columns"
body_width=$(screen | sed '$d' | LC_ALL=C.UTF-8 wc -L)
[ "$body_width" -le 60 ] || fail "text wider than 40 columns plus margin"
keys : s e t Space t e x t - w i d t h Space 0 Enter
meta_at_left() { [ "$(col_of "山间茶事 · 2023-04-12")" = 0 ]; }
poll_until ":set text-width 0 to widen the text" meta_at_left
keys : s e t Space t e x t - w i d t h Space x Enter
wait_for "text-width must be a number"
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit status"
