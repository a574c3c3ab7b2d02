#!/bin/sh
# SPDX-License-Identifier: MIT
# A file that crashed tsundoku does not crash it at every start. A
# process that dies mid-parse leaves its in-flight record behind (here
# written as a dying process leaves it: the path, NUL-terminated, in an
# unlocked "<db>.inflight.*" file); the next start quarantines the file:
# the list marks it "!", the reader shows its text as plain, escaped
# text, `tsundoku index` names it and exits 1, `index --retry` reads it
# again. And a real SIGSEGV leaves the terminal usable: off the
# alternate screen, the cursor shown.
. "$top_srcdir/tests/tty/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }

A="$T/archive"
mkdir -p "$A"
cp "$SAMPLES"/*.txt "$A/"
C="$A/crash.txt"
printf -- '---\ntitle: 崩溃测试\n---\n\n# 标题\n\n**粗体** ![]([)]()[a](b) \033[2J\n' > "$C"
DB="$XDG_DATA_HOME/tsundoku/tsundoku.db"

run() { s=0; "$@" >"$T/out" 2>"$T/err" || s=$?; echo "$s"; }
sql() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$1" "$2"; }
records() { ls "$XDG_DATA_HOME/tsundoku" | grep -c '\.inflight' || true; }

[ "$(run "$TSUNDOKU" index "$A")" = 0 ] || fail "index: $(cat "$T/err")"
[ "$(sql "$DB" 'SELECT count(*) FROM article WHERE quarantined IS NOT NULL')" = 0 ] ||
	fail "quarantined without a crash"
[ "$(records)" = 0 ] || fail "index left an in-flight record"

# A process died while parsing crash.txt.
printf '%s\0' "$C" > "$DB.inflight.dead01"

# The interface's indexer quarantines it: the list marks it.
start 80 12 "$C"
poll_until "the quarantine mark" sh -c "'$TMUX_BIN' -S '$SOCK' capture-pane -p -t t | sed -n 2p | grep -q '^!.*崩溃测试'"
[ "$(records)" = 1 ] || fail "the dead record was not removed (or the reader has none)"
# Opened, it is its text as plain, escaped text: Markdown as written, the
# front matter as lines, ESC made visible.
keys Enter
wait_for "title: 崩溃测试"
assert_screen_has "# 标题"
assert_screen_has "**粗体** ![]([)]()[a](b) ␛[2J"
assert_screen_has "shown as plain text"
keys q
wait_for "崩溃测试"
keys q
[ "$(wait_exit)" = 0 ] || fail "quitting after a quarantined article"
[ "$(records)" = 0 ] || fail "the interface left its in-flight record"

# tsundoku index names it and fails until --retry reads it again.
[ "$(run "$TSUNDOKU" index "$A")" = 1 ] || fail "index with a quarantined file: exit status"
grep -q "crash.txt: quarantined" "$T/err" || fail "quarantined file not named: $(cat "$T/err")"
grep -q "1 quarantined" "$T/out" || fail "summary: $(cat "$T/out")"
[ "$(run "$TSUNDOKU" index --retry "$A")" = 0 ] || fail "index --retry: $(cat "$T/err")"
[ "$(sql "$DB" 'SELECT count(*) FROM article WHERE quarantined IS NOT NULL')" = 0 ] ||
	fail "--retry left the quarantine"
[ "$(run "$TSUNDOKU" search --retry x)" = 2 ] || fail "--retry accepted by search"

# Translated: the Chinese interface names the file too.
printf '%s\0' "$C" > "$DB.inflight.dead02"
s=0
LANGUAGE= LC_ALL=zh_CN.UTF-8 "$TSUNDOKU" index "$A" >"$T/out" 2>"$T/err" || s=$?
[ "$s" = 1 ] || fail "zh_CN: exit status $s"
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	grep -q "crash.txt.*隔离" "$T/err" || fail "zh_CN message: $(cat "$T/err")"
fi
"$TSUNDOKU" index --retry "$A" >/dev/null 2>&1 || fail "retry"

# A real SIGSEGV while the interface runs: the handler puts the terminal
# back before the process dies.
start 80 12 "$A"
wait_for "12 articles"
[ "$(pane '#{alternate_on}')" = 1 ] || fail "not on the alternate screen"
[ "$(pane '#{cursor_flag}')" = 0 ] || fail "the cursor is shown in the list"
shell_pid=$(pane '#{pane_pid}')
pid=$(ps -o pid= --ppid "$shell_pid" | tr -d ' ')
[ -n "$pid" ] || fail "no tsundoku process"
kill -SEGV "$pid"
status=$(wait_exit)
[ "$status" != 0 ] || fail "SIGSEGV: exit status 0"
[ "$(pane '#{alternate_on}')" = 0 ] || fail "SIGSEGV left the alternate screen on"
[ "$(pane '#{cursor_flag}')" = 1 ] || fail "SIGSEGV left the cursor hidden"
# Nothing was being parsed: its record quarantines nothing.
[ "$(run "$TSUNDOKU" index "$A")" = 0 ] || fail "index after the SIGSEGV: $(cat "$T/err")"
[ "$(records)" = 0 ] || fail "the dead interface's record stayed"
echo "quarantine: ok"
