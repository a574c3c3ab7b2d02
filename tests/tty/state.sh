#!/bin/sh
# SPDX-License-Identifier: MIT
# Reading state (never opened, in progress with a percentage, read) and
# the reading place live in the SQLite database: saved on leaving an
# article and on SIGTERM, restored after a restart at another width. A
# database from a newer tsundoku is refused untouched.
. "$top_srcdir/tests/tty/lib.sh"

# tsundoku_pid: the pid of this session's tsundoku (the pane shell's child;
# other tests may run their own at the same time).
tsundoku_pid() { pgrep -P "$(pane '#{pane_pid}')" | head -n 1; }

# Rows, newest first: 1 the typography note (two screens), 2 the metro
# article, 3 the 325 KB reading diary, 4 the database article.
start 80 24
wait_for "11 unread"
case "$(line 3)" in N*) ;; *) fail "an article not marked as never opened";; esac
# Read into the diary, remember the text at the top, go back: it is in
# progress, with the percentage read.
keys j j Enter
wait_for "慢读手记 · 2024-12-30"
keys Space
wait_gone "慢读手记 · 2024-12-30"
wait_settled
page1=$(screen)
keys Space
wait_screen_change "$page1"
wait_settled
top=$(line 0 | cut -c1-12)
keys q
wait_for "11 unread"
# row_has_percent ROW: the list's row ROW starts with a percentage read.
row_has_percent() { line "$1" | grep -Eq '^[0-9]+%'; }
poll_until "row 3 to show the percentage read" row_has_percent 3
# Read the first one to its end: it is read, and no longer counted.
keys g Enter
wait_for "%"
keys G
wait_for "100%"
keys q
wait_for "10 unread"
case "$(line 1)" in " "*) ;; *) fail "a read article still shows a mark: $(line 1)";; esac
# Leave the fourth by SIGTERM in the middle: its place is saved too.
# (The list shows a percentage already: wait for the article's header.)
keys j j j Enter
wait_for "后端杂记 · 2024-03-07"
keys Space
wait_gone "后端杂记 · 2024-03-07"
kill -TERM "$(tsundoku_pid)"
[ "$(wait_exit)" = 0 ] || fail "exit status after SIGTERM"
tmx kill-server

DB="$XDG_DATA_HOME/tsundoku/tsundoku.db"
[ -f "$DB" ] || fail "no database at $DB"

# After a restart, at another width: states kept, places restored.
start 70 20
wait_for "10 unread"
case "$(line 1)" in " "*) ;; *) fail "read state lost after restart";; esac
case "$(line 2)" in N*) ;; *) fail "an unopened article lost its mark";; esac
line 3 | grep -Eq '^[0-9]+%' || fail "in-progress state lost after restart"
line 4 | grep -Eq '^[0-9]+%' || fail "the place saved on SIGTERM was lost"
keys j j Enter
top_shows() { screen | head -n 3 | grep -qF -- "$top"; }
poll_until "'$top' at the top when reopened" top_shows
keys q q
wait_exit >/dev/null
tmx kill-server

# A database written by a newer version: refused, left as it was.
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version=99"); c.commit()' "$DB"
sum_before=$(cksum < "$DB")
if "$TSUNDOKU" "$SAMPLES" </dev/null >"$T/out" 2>"$T/err"; then
	fail "a newer database was accepted"
fi
grep -q "newer" "$T/err" || { cat "$T/err"; fail "no clear message for a newer database"; }
[ "$(cksum < "$DB")" = "$sum_before" ] || fail "the newer database was modified"
