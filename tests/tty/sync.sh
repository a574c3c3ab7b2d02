#!/bin/sh
# SPDX-License-Identifier: MIT
# Device sync end to end: two tsundoku processes on two databases, the
# same article at two paths, one sync folder. A highlight saved in one
# shows in the other's list while both run; so do a read state and a
# reading place. Both wait for what they expect, never a fixed time.
. "$top_srcdir/tests/tty/lib.sh"

FIX="$top_srcdir/tests/fixtures/highlight"
mkdir -p "$T/a/x" "$T/b/y/z" "$T/sync"
cp "$FIX/notes.txt" "$T/a/x/notes.txt"
cp "$FIX/notes.txt" "$T/b/y/z/notes.txt"
printf 'set sync-dir %s\nset device-name alpha\n' "$T/sync" > "$T/a.conf"
printf 'set sync-dir %s\nset device-name beta\n' "$T/sync" > "$T/b.conf"

# Device A in session t (lib.sh's start), device B in session u of the
# same tmux server.
start 70 16 -c "$T/a.conf" --db "$T/a.db" "$T/a/x"
wait_for "1/1"
start_session u 70 16 -c "$T/b.conf" --db "$T/b.db" "$T/b/y"
screen_u() { tmx capture-pane -p -t u; }
u_has() { screen_u | grep -qF -- "$1"; }
u_lacks() { ! screen_u | grep -qF -- "$1"; }
wait_u() { poll_until "'$1' on device B" u_has "$1"; }
u_row() { screen_u | sed -n 2p; }
u_row_matches() { u_row | grep -Eq -- "$1"; }
wait_u_row() { poll_until "B's row to match $1 (it is: $(u_row))" u_row_matches "$1"; }
wait_u "1/1"
# Both devices are known in the folder once each has started.
devices() { [ "$(find "$T/sync" -name device | wc -l)" -eq 2 ]; }
poll_until "both device folders" devices

# --- a highlight ---------------------------------------------------------
# B reads the article while A highlights a sentence of it: B's reader
# draws it (green, 42m) once A's record arrived, and B's list counts it.
tmx send-keys -t u Enter
wait_u "%"
keys Enter
wait_for "%"
keys v j j S
wait_for "SELECT"
keys Enter
wait_for "Highlight saved"
u_marked() { tmx capture-pane -p -e -t u | grep -F '第二段讲方法' | grep -q '42m'; }
poll_until "A's highlight drawn in B's reader" u_marked
tmx send-keys -t u q
wait_u "1/1"
wait_u_row "1 hl|✎ *1| 1 "
"$TSUNDOKU" export --format json -c "$T/b.conf" --db "$T/b.db" > "$T/b.json"
grep -q '第二段讲方法' "$T/b.json" || fail "B's export lacks A's highlight: $(cat "$T/b.json")"
wait_u "synced"

# --- a reading place -----------------------------------------------------
keys Escape
wait_gone "SELECT"
keys G
wait_for "100%"
keys q
wait_for "1/1"
# A read the article to its end: B shows it read (no mark), then A
# marks it unread again, and B follows.
wait_u_row "^ "
keys M
wait_for "Marked as unread"
wait_u "1 unread"
# The place too: B shows the percentage A read to.
pct=$(line 1 | grep -Eo '^ *[0-9]+%') || fail "A shows no percentage: $(line 1)"
wait_u_row "^$pct"

# --- the journals hold what was done, one record a line ------------------
n=$(cat "$T"/sync/*/*.jsonl | wc -l)
[ "$n" -ge 3 ] || fail "only $n journal records"
"$TSUNDOKU" sync --status -c "$T/b.conf" --db "$T/b.db" > "$T/status" ||
	fail "sync --status: $(cat "$T/status")"
grep -q "alpha" "$T/status" || fail "status lacks device alpha: $(cat "$T/status")"
grep -q "beta (this device)" "$T/status" || fail "status: $(cat "$T/status")"

keys q
[ "$(wait_exit)" = 0 ] || fail "A's exit status"
tmx send-keys -t u q
u_exited() { screen_u | grep -q '^\[tsundoku exited 0\]'; }
poll_until "B to exit" u_exited
echo "sync: ok"
