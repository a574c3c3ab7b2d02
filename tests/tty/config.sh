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
assert_screen_has "Living in the Terminal"
assert_screen_has "はじめての自家製酵母パン"
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
