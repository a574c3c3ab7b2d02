#!/bin/sh
# SPDX-License-Identifier: MIT
# Options, exit statuses, and starting without a usable terminal.
. "$top_srcdir/tests/tty/lib.sh"

"$TSUNDOKU" --help >"$T/out" || fail "--help failed"
grep -q "Usage:" "$T/out" || fail "--help prints no usage"
"$TSUNDOKU" -h | grep -q -- "--version" || fail "-h lacks --version"
"$TSUNDOKU" --version | grep -q "^tsundoku [0-9]" || fail "--version"

status=0; "$TSUNDOKU" --frobnicate >/dev/null 2>"$T/err" || status=$?
[ "$status" = 2 ] || fail "bad option: exit $status, want 2"
grep -q -- "--help" "$T/err" || fail "bad option: no hint"

# Not a terminal: a clear message and status 2.
status=0; "$TSUNDOKU" "$SAMPLES" </dev/null >"$T/out" 2>"$T/err" || status=$?
[ "$status" = 2 ] || fail "no terminal: exit $status, want 2"
grep -q "terminal" "$T/err" || fail "no terminal: unclear message"

# TERM unset or unknown, inside a real terminal.
start_shell 80 24
keys "env -u TERM '$TSUNDOKU' '$SAMPLES'; echo status=\$?" Enter
wait_for "status=2"
assert_screen_has "TERM is not set"
keys "TERM=no-such-terminal '$TSUNDOKU' '$SAMPLES'; echo status=\$?" Enter
wait_for "unknown terminal type"
two_status() { [ "$(screen | grep -c "status=2")" = 2 ]; }
poll_until "unknown TERM: status 2" two_status

# A path that does not exist: status 1 and the path named.
status=0; "$TSUNDOKU" "$T/nowhere" </dev/null >"$T/out" 2>"$T/err" || status=$?
[ "$status" = 1 ] || fail "missing path: exit $status, want 1"
grep -q "nowhere" "$T/err" || fail "missing path not named"

# After a normal quit and after SIGTERM the terminal is sane again.
keys "clear; '$TSUNDOKU' '$SAMPLES'" Enter
wait_for "11 articles"
keys q
no_child() { ! pgrep -P "$(pane '#{pane_pid}')" >/dev/null; }
poll_until "q to quit tsundoku" no_child
keys "stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo" Enter
wait_for "icanon echo"
keys "clear; '$TSUNDOKU' '$SAMPLES'; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo done" Enter
wait_for "11 articles"
pid=$(pgrep -P "$(pane '#{pane_pid}')") || fail "tsundoku is not running"
kill -TERM "$pid"
wait_for "done"
screen | grep -q "icanon echo" || fail "terminal not restored after SIGTERM"

# --check-config reports errors with file and line and exits 1; a clean
# file exits 0. --config and --db replace the default locations.
printf 'set archive %s\nset nosuch 1\nset text-width x\n' "$SAMPLES" > "$T/bad.conf"
status=0; "$TSUNDOKU" --config "$T/bad.conf" --check-config >"$T/out" 2>"$T/err" || status=$?
[ "$status" = 1 ] || fail "--check-config on a bad file: exit $status, want 1"
grep -q "bad.conf:2: unknown setting 'nosuch'" "$T/err" || fail "--check-config: no line 2 error"
grep -q "bad.conf:3:" "$T/err" || fail "--check-config: no line 3 error"
printf 'set text-width 70\n' > "$T/good.conf"
"$TSUNDOKU" -c "$T/good.conf" --check-config >"$T/out" || fail "--check-config on a good file failed"
# Without a config file, --check-config says where it looked; a root
# that does not exist is warned about.
status=0; "$TSUNDOKU" --check-config >"$T/out" 2>"$T/err" || status=$?
[ "$status" = 0 ] || fail "--check-config without a file: exit $status"
grep -qF "$XDG_CONFIG_HOME/tsundoku/config: no config file there" "$T/out" ||
	fail "--check-config does not say the file is missing: $(cat "$T/out")"
printf 'set archive %s\nset archive %s\n' "$SAMPLES" "$T/gone" > "$T/roots.conf"
status=0; "$TSUNDOKU" -c "$T/roots.conf" --check-config >"$T/out" 2>"$T/err" || status=$?
[ "$status" = 0 ] || fail "--check-config with a missing root: exit $status"
grep -qF "archive root $T/gone is not a directory that exists" "$T/err" ||
	fail "--check-config does not warn about the missing root: $(cat "$T/err")"
! grep -qF "archive root $SAMPLES" "$T/err" || fail "--check-config warns about a root that exists"
status=0; "$TSUNDOKU" --db "$T/elsewhere/my.db" "$SAMPLES" </dev/null >/dev/null 2>&1 || status=$?
[ -f "$T/elsewhere/my.db" ] || fail "--db did not place the database"
