#!/bin/sh
# SPDX-License-Identifier: MIT
# Every terminal type the program supports draws the list and the reader
# and takes keys; the look follows what the terminal can do: 256
# colours, 8 colours, or none (reverse for the selection); NO_COLOR
# turns the colours off, and a color line in the config still applies.
. "$top_srcdir/tests/tty/lib.sh"

# styled: the screen with its escape sequences, one line per row.
styled() { tmx capture-pane -p -e -t t; }
# has_256 / has_8: whether any cell is drawn in a 256-colour or a basic
# foreground or background colour (39 and 49 are the defaults).
has_256() { styled | grep -q '[[;][34]8;5;'; }
has_8() { styled | grep -Eq '[[;](3[0-7]|4[0-7])(;|m)'; }

# quit_ok WHAT: q quits with status 0. Terminals without an alternate
# screen (linux, vt100) leave the list on screen, so the wrapper's line
# may start anywhere.
exited_ok() { screen | grep -q '\[tsundoku exited 0\]'; }
quit_ok() {
	keys q
	poll_until "$1 to exit with status 0" exited_ok
}

# drive TERM: start under TERM, move, open an article, come back, quit.
drive() {
	TERM_RUN=$1 start 80 24
	wait_for "1/11"
	assert_screen_has "中文排版的几个细节"
	line 1 | grep -q "2025-06-21" || fail "$1: the list is not drawn"
	styled | sed -n 2p | grep -q '\[[0-9;]*7m' || fail "$1: the selection is not in reverse"
	keys j
	wait_for "2/11"
	keys Enter
	wait_for "在上海坐地铁，换乘的学问比你想的多！"
	keys g	# a place saved by the run before may be open
	wait_for "城市漫游指南 · 2025-02-11"
	keys Space
	wait_gone "城市漫游指南 · 2025-02-11"
	keys q
	wait_for "2/11"
}

for term in xterm-256color screen-256color tmux-256color; do
	drive "$term"
	has_256 || fail "$term: no 256-colour theme"
	quit_ok "$term"
done
for term in xterm linux; do
	drive "$term"
	has_8 || fail "$term: no colours"
	! has_256 || fail "$term: 256 colours on an 8-colour terminal"
	quit_ok "$term"
done
drive vt100
! has_8 && ! has_256 || fail "vt100: colours on a monochrome terminal"
styled | tail -n 1 | grep -q '\[[0-9;]*7m' || fail "vt100: the status line is not in reverse"
quit_ok "vt100"

# NO_COLOR: no colours, the selection and status line still stand out.
export NO_COLOR=1
drive xterm-256color
! has_8 && ! has_256 || fail "NO_COLOR: colours drawn"
styled | tail -n 1 | grep -q '\[[0-9;]*7m' || fail "NO_COLOR: the status line is not in reverse"
quit_ok "NO_COLOR"

# ...but the user's own color lines apply (no-color.org: configuration
# overrides the variable), and so do they at run time.
mkdir -p "$XDG_CONFIG_HOME/tsundoku"
echo 'color status brightwhite color22 bold' > "$XDG_CONFIG_HOME/tsundoku/config"
TERM_RUN=xterm-256color start 80 24
wait_for "1/11"
styled | tail -n 1 | grep -q '48;5;22' || fail "NO_COLOR: the config's status colour is not drawn"
keys :
wait_for ":"
keys -l "color cursor-line default color52"
keys Enter
colored_selection() { styled | sed -n 2p | grep -q '48;5;52'; }
poll_until "the selection in colour 52" colored_selection
quit_ok tsundoku
unset NO_COLOR

# On a terminal without colours a colour line keeps its attributes.
echo 'color status red blue underline' > "$XDG_CONFIG_HOME/tsundoku/config"
TERM_RUN=vt100 start 80 24
wait_for "1/11"
styled | tail -n 1 | grep -q '\[[0-9;]*4m' || fail "vt100: the status line is not underlined"
! has_8 || fail "vt100: colours drawn"
quit_ok tsundoku

# brightX on an 8-colour terminal is X in bold.
echo 'color status brightyellow blue' > "$XDG_CONFIG_HOME/tsundoku/config"
TERM_RUN=xterm start 80 24
wait_for "1/11"
styled | tail -n 1 | grep -q '\[1m.*33m' || styled | tail -n 1 | grep -q '\[[0-9;]*1;33' ||
	fail "xterm: brightyellow is not bold yellow"
! has_256 || fail "xterm: 256 colours on an 8-colour terminal"
quit_ok xterm
