#!/bin/sh
# SPDX-License-Identifier: MIT
# What a user changes sticks, and every key means "this screen" (issue
# 12): M in the reader is not undone by leaving it; marking a half-read
# article read and unread again gives its percentage back; the list's
# highlight count follows adding and deleting at once; Ctrl-C cancels the
# line or the note it is typed in, asks before quitting, and can be
# bound; J and K after a search walk the results, and q goes back to
# them; the place is saved after a pause, so a kill loses nothing read
# before it. Each part starts afresh; ONLY=name runs one of them.
. "$top_srcdir/tests/tty/lib.sh"

# Rows, newest first: 1 the typography note (two screens), 2 the metro
# article, 3 the 325 KB reading diary, 4 the database article.
fresh() {
	tmx kill-server >/dev/null 2>&1 || true
	rm -rf "$XDG_DATA_HOME/tsundoku" "$XDG_CONFIG_HOME/tsundoku"
	start 80 24
	wait_for "11 unread"
}
leave() {
	keys q
	wait_for "Quit tsundoku? (y/n)"
	keys y
	[ "$(wait_exit)" = 0 ] || fail "exit status"
}
hl_col() { line "$1" | cut -c5-8 | tr -d ' '; }

# M in the reader, on a never-opened article read to its end: it was
# read by then, so M makes it unread, and it stays unread after q.
part_m_new() {
	fresh
	keys j Enter
	wait_for "%"
	keys G
	wait_for "100%"
	keys M
	wait_for "Marked as unread"
	keys q
	wait_for "11 unread"
	case "$(line 2)" in " "*|N*) fail "M in the reader did not stick: $(line 2)";; esac
	keys q
}

# M in the reader on a read article: unread after q.
part_m_read() {
	fresh
	keys j Enter
	wait_for "%"
	keys G
	wait_for "100%"
	keys q
	wait_for "10 unread"
	keys Enter
	wait_for "%"
	keys G
	wait_for "100%"
	keys M
	wait_for "Marked as unread"
	keys q
	wait_for "11 unread"
	line 2 | grep -Eq '^ *[0-9]+%' || fail "marked unread in the reader, read in the list: $(line 2)"
	keys q
}

# Half read, then N N in the list: the percentage comes back.
part_nn() {
	fresh
	keys j j Enter
	wait_for "%"
	keys 5 0 %
	wait_gone "慢读手记 · 2024-12-30"
	keys q
	wait_for "11 unread"
	before=$(line 3 | cut -c1-4)
	case "$before" in *%*) ;; *) fail "no percentage after reading half: $(line 3)";; esac
	keys N
	wait_for "Marked as read"
	keys N
	wait_for "Marked as unread"
	[ "$(line 3 | cut -c1-4)" = "$before" ] || fail "N N lost the place: '$(line 3)' (was '$before')"
	keys q
}

# The HL count follows adding and deleting a highlight.
part_hl() {
	fresh
	keys Enter
	wait_for "%"
	keys v
	wait_for "CARET"
	keys S
	wait_for "SELECT"
	keys Enter
	wait_for "Highlight saved"
	keys Escape
	wait_gone "CARET"
	keys q
	wait_for "11 unread"
	[ "$(hl_col 1)" = 1 ] || fail "HL count not 1 after adding: $(line 1)"
	keys Enter
	wait_for "%"
	keys v
	wait_for "CARET"
	keys x
	wait_for "Highlight deleted"
	keys Escape
	wait_gone "CARET"
	keys q
	wait_for "11 unread"
	[ -z "$(hl_col 1)" ] || fail "HL count not gone after deleting: $(line 1)"
	keys q
}

# Ctrl-C cancels a half-typed line, and asks before quitting from the
# list and from the reader.
part_cc_prompt() {
	fresh
	keys / a b c
	wait_for "Search the archive: abc"
	keys C-c
	wait_gone "Search the archive: abc"
	wait_for "11 unread"
	has_exited && fail "Ctrl-C on the line quit"
	keys C-c
	wait_for "Quit tsundoku? (y/n)"
	keys n
	wait_gone "Quit tsundoku?"
	has_exited && fail "n to the question quit"
	keys Enter
	wait_for "%"
	keys C-c
	wait_for "Quit tsundoku? (y/n)"
	keys n
	wait_gone "Quit tsundoku?"
	keys C-c
	wait_for "Quit tsundoku? (y/n)"
	keys y
	[ "$(wait_exit)" = 0 ] || fail "exit status after Ctrl-C y"
}

# Ctrl-C in the note editor asks before dropping the note typed.
part_cc_note() {
	fresh
	keys Enter
	wait_for "%"
	keys v
	wait_for "CARET"
	keys S
	wait_for "SELECT"
	keys a
	wait_for "Note:"
	keys h a l f
	keys C-c
	wait_for "discard it? (y/n)"
	has_exited && fail "Ctrl-C in the note editor quit"
	keys n
	wait_gone "discard it?"
	keys C-m
	wait_for "Note saved"
	keys Escape q q
}

# Ctrl-C can be bound like any key.
part_cc_bind() {
	tmx kill-server >/dev/null 2>&1 || true
	rm -rf "$XDG_DATA_HOME/tsundoku"
	mkdir -p "$XDG_CONFIG_HOME/tsundoku"
	printf 'bind list C-c sort\n' > "$XDG_CONFIG_HOME/tsundoku/config"
	start 80 24
	wait_for "sorted by date"
	keys C-c
	wait_for "sorted by fetch date"
	has_exited && fail "a bound Ctrl-C quit"
	keys q
}

# J and K after a search walk the results; q goes back to them.
part_results() {
	fresh
	# The search reads the text indexed so far: wait for all of it.
	poll_until "indexing to end" eval '! screen | grep -q "indexing\|listing "'
	keys /
	wait_for "Search the archive:"
	keys -l 的
	wait_for "Search the archive: 的"
	keys Enter
	wait_for "results"
	keys j
	wait_for " 2/"
	keys Enter
	wait_for "%"
	keys J
	wait_for "%"
	keys q
	wait_for "results"
	assert_screen_has " 3/"
	keys Enter
	wait_for "%"
	keys K
	wait_for "%"
	keys q
	wait_for "results"
	assert_screen_has " 2/"
	keys q
}

# The place is saved after two seconds without a key (not only every ten
# seconds), so a kill -9 loses nothing read before the pause.
part_idle() {
	fresh
	keys j j Enter
	wait_for "%"
	keys Space Space
	wait_gone "慢读手记 · 2024-12-30"
	db="$XDG_DATA_HOME/tsundoku/tsundoku.db"
	saved() {
		[ "$(python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM article WHERE position > 0").fetchone()[0])' "$db")" = 1 ]
	}
	# within 5 s: two seconds idle and a margin, not the 10 s period
	poll_within 5 "the place to be saved after a pause" saved
	pid=$(pgrep -P "$(pane '#{pane_pid}')" | head -n 1)
	kill -KILL "$pid"
	tmx kill-server >/dev/null 2>&1 || true
	start 80 24
	wait_for "11 unread"
	line 3 | grep -Eq '^ *[0-9]+%' || fail "the place read before a kill was lost: $(line 3)"
	keys q
}

# While another program holds the database's write lock (as the indexer
# does between its commits, or another tsundoku), keys do not wait:
# opening, marking read and saving a highlight answer at once, and what
# they changed is written once the lock is free.
part_locked() {
	fresh
	db="$XDG_DATA_HOME/tsundoku/tsundoku.db"
	mkfifo "$T/go"
	python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
open(sys.argv[2]).read()
c.execute("COMMIT")' "$db" "$T/go" > "$T/lock.out" 2>&1 &
	lock_pid=$!
	trap 'kill "$lock_pid" 2>/dev/null || true; cleanup' EXIT
	locked() { grep -q locked "$T/lock.out"; }
	poll_until "the lock" locked
	keys N
	wait_for "Marked as read"
	keys Enter
	wait_for "%"
	keys v
	wait_for "CARET"
	keys S
	wait_for "SELECT"
	keys Enter
	wait_for "Highlight saved"
	keys Escape
	wait_gone "CARET"
	keys q
	wait_for "10 unread"
	[ "$(hl_col 1)" = 1 ] || fail "HL count not 1 while the lock is held: $(line 1)"
	echo > "$T/go"	# let go of the lock
	written() {
		[ "$(python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT (SELECT count(*) FROM highlight) || \" \" || (SELECT count(*) FROM article WHERE read_at IS NOT NULL)").fetchone()[0])' "$db")" = "1 1" ]
	}
	poll_until "the changes kept back to be written" written
	keys q
}

for p in m_new m_read nn hl cc_prompt cc_note cc_bind results idle locked; do
	case "${ONLY:-$p}" in "$p") echo "--- $p"; "part_$p";; esac
done
