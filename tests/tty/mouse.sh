#!/bin/sh
# SPDX-License-Identifier: MIT
# The mouse is the terminal's unless the config says 'set mouse yes':
# then the wheel scrolls the list and the reader and a click opens the
# article clicked. Mouse reports are typed as the terminal sends them:
# SGR (xterm-256color) and the older X10 form (tmux-256color).
. "$top_srcdir/tests/tty/lib.sh"

# raw TEXT: send TEXT's bytes to the program as if the terminal typed them.
raw() { tmx send-keys -t t -H $(printf '%s' "$1" | od -An -tx1); }
# mouse_mode: which mouse reports the program asked the terminal for.
mouse_mode() { pane '#{mouse_any_flag}#{mouse_standard_flag}#{mouse_button_flag}'; }
mode_is() { [ "$(mouse_mode)" = "$1" ]; }
ESC=$(printf '\033')

# Off by default: the terminal keeps the mouse for its own selection.
TERM_RUN=xterm-256color start 80 24
wait_for "1/11"
mode_is 000 || fail "the mouse was taken without 'set mouse yes'"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

mkdir -p "$XDG_CONFIG_HOME/tsundoku"
echo 'set mouse yes' > "$XDG_CONFIG_HOME/tsundoku/config"
TERM_RUN=xterm-256color start 80 24
wait_for "1/11"
poll_until "the mouse to be taken" eval '! mode_is 000'
# Wheel down twice moves 3 rows each; wheel up comes back 3.
raw "$ESC[<65;10;5M"
wait_for "4/11"
raw "$ESC[<65;10;5M"
wait_for "7/11"
raw "$ESC[<64;10;5M"
wait_for "4/11"
# A click on the fourth screen row (the third article) opens it.
raw "$ESC[<0;20;4M$ESC[<0;20;4m"
wait_for "慢读手记 · 2024-12-30"
# The wheel scrolls the reader.
raw "$ESC[<65;10;5M"
wait_gone "慢读手记 · 2024-12-30"
raw "$ESC[<64;10;5M"
wait_for "慢读手记 · 2024-12-30"
keys q
wait_for "3/11"
# ':set mouse no' gives the mouse back.
keys :
wait_for ":"
keys -l "set mouse no"
keys Enter
poll_until "the mouse to be given back" mode_is 000
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# X10 reports, as tmux-256color's terminfo describes them.
TERM_RUN=tmux-256color start 80 24
wait_for "1/11"
poll_until "the mouse to be taken" eval '! mode_is 000'
raw "$ESC[Ma*%"
wait_for "4/11"
raw "$ESC[M \"%$ESC[M#\"%"
wait_for "后端杂记 · 2024-03-07"
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit status"
