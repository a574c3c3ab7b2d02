#!/bin/sh
# SPDX-License-Identifier: MIT
# Keys from the config file: a rebound key does its new action and the
# help screen says so; a file with mistakes names each file and line,
# and the good lines (in it and in a file it sources) still apply;
# --check-config lists the mistakes; ':set', ':bind', ':unbind' and
# ':source' work at run time, with errors on the status line; the ':'
# line's keys are bindings too.
. "$top_srcdir/tests/tty/lib.sh"

mkdir -p "$XDG_CONFIG_HOME/tsundoku"
CONF="$XDG_CONFIG_HOME/tsundoku/config"
cat > "$XDG_CONFIG_HOME/tsundoku/keys" <<'CONF'
# sourced from config, relative to its directory
bind list J last
bind list K first
wrongcommand
CONF
cat > "$CONF" <<'CONF'
# x quits from the reader; j goes up in the list
bind reader x quit
bind list j move-up
bind list Pgdown open
source keys
bind list "g g" help
set date-format "%d/%m/%Y"
unbind list G
CONF

# Index first: keys typed before the background indexing has listed
# the articles would find an empty list.
"$TSUNDOKU" index "$SAMPLES" >/dev/null
start 140 24
# Both mistakes are reported, with their files and lines; the first is
# on the status line with a count of the rest.
wait_for "config:4: unknown key name 'Pgdown'"
assert_screen_has "(and 1 more error)"
wait_for "秋日徒步"	# indexed: the whole list is there
# J (from the sourced file) goes to the end; j now moves up; K to the top.
keys J
wait_for "11/11"
keys j j
wait_for "9/11"
keys K
wait_for "1/11"
# G was unbound.
keys G
wait_for "Key G does nothing here"
# A two-key sequence written with a space.
keys g g
wait_for "Keys in the article list"
# The help screen shows the rebound keys with their actions.
help_line() { screen | grep -E "^ *$1 +$2( |$)" >/dev/null; }
poll_until "help to show J for last" help_line "End, J" last
poll_until "help to show gg for help" help_line "\\?, gg" help
poll_until "help to show j for move-up" help_line "j, k, Up" move-up
help_line Down move-down || fail "help still shows j for move-down"
keys q
wait_for "11 articles"

# Alt keys: M-j is bound; Esc typed together with a key that is not
# (as tmux sends "Escape k") is Esc, then the key: k moves up.
keys : 
wait_for ":"
keys -l "bind list M-j last"
keys Enter
keys M-j
wait_for "11/11"
keys Escape k
wait_for "10/11"
keys K

# The reader: x quits at once; the date follows date-format.
keys Enter
wait_for "字里行间 · 21/06/2025"
keys x
[ "$(wait_exit)" = 0 ] || fail "x did not quit from the reader"

# --check-config lists both mistakes and fails.
status=0
"$TSUNDOKU" --check-config >"$T/out" 2>"$T/err" || status=$?
[ "$status" = 1 ] || fail "--check-config: exit $status, want 1"
grep -q "config:4: unknown key name 'Pgdown'" "$T/err" || fail "--check-config misses config:4"
grep -q "keys:4: unknown command 'wrongcommand'" "$T/err" || fail "--check-config misses keys:4"

# A config file named with --config must exist.
status=0
"$TSUNDOKU" --config "$T/no-such.conf" --check-config >"$T/out" 2>"$T/err" || status=$?
[ "$status" = 1 ] || fail "--check-config on a missing --config file: exit $status"
grep -q "no-such.conf" "$T/err" || fail "--check-config does not name the missing file"

# At run time: ':bind', ':set', ':unbind', ':source' and their errors.
: > "$CONF"
start 80 24 "$SAMPLES/000_cece56143c996f50.txt"
wait_for "1/1"
keys Enter
wait_for "山间茶事 · 2023-04-12"
# cmd LINE: type :LINE Enter.
cmd() {
	keys :
	wait_for ":"
	keys -l "$1"
	keys Enter
}
cmd "bind reader x quit"
cmd "set date-format %Y年%m月%d日"
wait_for "山间茶事 · 2023年04月12日"
cmd "bind reader x nosuchaction"
wait_for "unknown action 'nosuchaction'"
cmd "set text-width abc"
wait_for "text-width must be a number"
printf 'set date-format %%Y\nbogus\n' > "$T/more.conf"
cmd "source $T/more.conf"
wait_for "more.conf:2: unknown command 'bogus'"
wait_for "山间茶事 · 2023"
# The line editor: Up brings back the last line, C-u clears it, C-a
# moves to the start, where typing inserts.
keys :
wait_for ":"
keys Up
wait_for ":source $T/more.conf"
keys C-u
keys -l "et date-format %m"
keys C-a
keys -l "s"
wait_for ":set date-format %m"
keys Enter
wait_for "山间茶事 · 04"
cmd "unbind reader x"
keys x
wait_for "Key x does nothing here"
cmd "bind prompt C-t edit-cancel"
# The help screen lists the line editor's keys, the new one included.
keys ?
wait_for "Keys in the reader"
keys G
wait_for "Keys while typing a command or search"
poll_until "help to show C-t for edit-cancel" help_line "Esc, C-c, C-t" edit-cancel
keys q
wait_for "山间茶事"
keys :
wait_for ":"
keys -l "quit"
keys C-t
keys q
wait_for "1/1"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"
