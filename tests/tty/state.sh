#!/bin/sh
# SPDX-License-Identifier: MIT
# Opened state lives in the SQLite database and survives a restart; a
# database from a newer tsundoku is refused untouched.
. "$top_srcdir/tests/tty/lib.sh"

start 80 24
wait_for "11 never opened"
first=$(line 1)
case "$first" in N*) ;; *) fail "first article not marked as never opened";; esac
keys Enter
wait_for "%"
keys q
wait_for "10 never opened"
case "$(line 1)" in N*) fail "opened article still marked";; esac
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"
tmx kill-server

DB="$XDG_DATA_HOME/tsundoku/tsundoku.db"
[ -f "$DB" ] || fail "no database at $DB"

start 80 24
wait_for "10 never opened"
case "$(line 1)" in N*) fail "opened state lost after restart";; esac
case "$(line 2)" in N*) ;; *) fail "second article lost its mark";; esac
keys q
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
