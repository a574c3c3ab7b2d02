#!/bin/sh
# SPDX-License-Identifier: MIT
# Two tsundoku side by side on one database: the first indexes in the
# background, showing its progress while the list is already usable;
# the second shows the list from the database at once, says that
# indexing is under way elsewhere, and reads and saves its place
# without any "database is locked" error. Then `tsundoku index` backs
# off the same way.
. "$top_srcdir/tests/tty/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }

BIG="$T/big"
python3 - "$BIG" 3000 <<'PY'
import os, random, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
r = random.Random(11)
cs = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后"
for i in range(n):
    body = "".join(r.choice(cs) for _ in range(600))
    with open(os.path.join(d, "%05d_%016x.txt" % (i, r.getrandbits(64))), "w") as f:
        f.write("---\ntitle: 第%d篇\nsource: 生成\ndate: 2024-01-01\n---\n\n%s。\n" % (i, body))
PY

# The first instance: its list fills in while it indexes.
# The text phase is held (a test switch), so that a fast machine cannot
# finish before the second instance and the command line look.
TSUNDOKU_DEBUG_HOLD_TEXT=1 start 100 20 "$BIG"
wait_for "indexing "
wait_for "3000 articles"
SOCK_A=$SOCK

# The second, in a tmux server of its own, while the first still works.
NSERVER=$((NSERVER + 1))
SOCK="$T/tmux.$NSERVER.sock"
tmx -u new-session -d -s t -x 100 -y 20 \
	env TERM=tmux-256color LANG="$LANG_RUN" HOME="$HOME" \
	XDG_CONFIG_HOME="$XDG_CONFIG_HOME" XDG_DATA_HOME="$XDG_DATA_HOME" \
	TSUNDOKU_DATADIR="$TSUNDOKU_DATADIR" TSUNDOKU_LOCALEDIR="$TSUNDOKU_LOCALEDIR" \
	sh -c "$TSU_WRAP" "$TSUNDOKU" "$BIG"
SOCK_B=$SOCK
wait_for "indexing in another tsundoku"
# Its list came from the database: rows the first one committed.
screen | grep -q "第[0-9]*篇" || fail "the second instance shows no articles"
# Read, and leave: the place is written while the first one indexes.
keys Enter
wait_for "%"
keys Space
keys q
wait_for "indexing in another tsundoku"
assert_screen_lacks "locked"

# The command line with --no-wait backs off, with its own exit status.
s=0; "$TSUNDOKU" index --no-wait "$BIG" >"$T/out" 2>"$T/err" || s=$?
[ "$s" = 3 ] || fail "index --no-wait beside a running indexer: exit $s, want 3"
grep -q "indexing is under way in another tsundoku" "$T/err" || fail "index: $(cat "$T/err")"
# Without it, it waits for the other, saying so, and then finishes.
("$TSUNDOKU" index "$BIG" >"$T/wout" 2>"$T/werr"; echo "$?" >"$T/wstatus") &
poll_until "the waiting index to say so" grep -q "waiting for it" "$T/werr"
[ ! -e "$T/wstatus" ] || fail "index did not wait: $(cat "$T/werr")"

# SIGTERM stops the first one's indexing cleanly (as quitting does);
# the second takes over (it tries again every few seconds) and finishes
# the job.
SOCK=$SOCK_A
screen_lacks "locked" || fail "the first instance shows a lock error"
screen_has "indexing " || fail "the first instance finished too soon for this test"
kill -TERM "$(pgrep -P "$(pane '#{pane_pid}')" | head -n 1)"
[ "$(wait_exit)" = 0 ] || fail "exit status of the first instance after SIGTERM"
SOCK=$SOCK_B
poll_within 180 "the second instance to finish indexing" screen_has "3000 articles"
wait_gone "indexing"
assert_screen_lacks "locked"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status of the second instance"
poll_within 180 "the waiting index to finish" test -s "$T/wstatus"
[ "$(cat "$T/wstatus")" = 0 ] || fail "the waiting index: exit $(cat "$T/wstatus"): $(cat "$T/werr")"
[ "$("$TSUNDOKU" list "$BIG" | wc -l)" = 3000 ] || fail "not every article indexed"
exit 0
