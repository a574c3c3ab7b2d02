#!/bin/sh
# SPDX-License-Identifier: MIT
# The rest of the list, read behind the first screen (issue 16): with
# more articles than the rows read before the first paint (256), keys
# are answered from those rows while the rest is read in the background;
# a key that needs the rest (G, a motion beyond the rows loaded, A, s)
# waits for it, and then the counts, the order and G are the whole
# list's. TSUNDOKU_DEBUG_HOLD_LIST holds the rest back until a key needs
# it, so the keys before it are answered from the first rows on any
# machine, however fast.
. "$top_srcdir/tests/tty/lib.sh"

N=600
A="$T/archive"
DB="$T/list.db"
# N articles, "第I篇" dated I days after 2019-01-01: newest first, the
# list runs from 第599篇 down to 第0篇.
python3 - "$A" "$N" <<'PY'
import datetime, os, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d)
day = datetime.date(2019, 1, 1)
for i in range(n):
    date = (day + datetime.timedelta(days=i)).isoformat()
    with open(os.path.join(d, "%04d.txt" % i), "w") as f:
        f.write("---\ntitle: 第%d篇\nsource: 生成\ndate: %s\n---\n\n正文%d。\n"
                % (i, date, i))
PY
"$TSUNDOKU" index --db "$DB" "$A" >/dev/null || fail "index"

# first_is TEXT: the first list row shows TEXT.
first_is() { line 1 | grep -qF -- "$1" || fail "first row is not '$1'"; }

START_ENV=TSUNDOKU_DEBUG_HOLD_LIST=1 start 100 12 --db "$DB" "$A"
wait_for "$N articles · $N unread · sorted by date"
first_is "第599篇"
assert_screen_has "1/$N"
# Keys from the first rows, the rest held: j moves, N marks read.
keys j
wait_for "2/$N"
keys N
wait_for "Marked as read"
keys j	# a key clears the message
wait_for "$N articles · $((N - 1)) unread"
wait_for "3/$N"
# 300j goes beyond the rows loaded: it waits for the rest, which was
# read after the read mark (the mark made what was held stale).
keys 300 j
wait_for "303/$N"
assert_screen_has "第297篇"
assert_screen_has "$N articles · $((N - 1)) unread"
# G lands on the last article of the whole list.
keys G
wait_for "$N/$N"
assert_screen_has "第0篇"
# The mark made before the rest came is in the rows read after it.
keys g g
wait_for "1/$N"
line 2 | grep -q '^N ' && fail "the article marked read before the rest came is new again"
line 2 | grep -qF "第598篇" || fail "second row is not 第598篇"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# A asks about every article shown, not only the first rows: it waits
# for the rest, and marks all of them.
START_ENV=TSUNDOKU_DEBUG_HOLD_LIST=1 start 100 12 --db "$DB" "$A"
wait_for "$N articles · $((N - 1)) unread"
keys A
wait_for "Mark all $N articles shown as read? (y/n)"
keys y
wait_for "$N articles · 0 unread"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status after A"

# Quitting while the rest is held back ends at once.
START_ENV=TSUNDOKU_DEBUG_HOLD_LIST=1 start 100 12 --db "$DB" "$A"
wait_for "$N articles"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status with the rest held"

# s sorts the whole list, not the first rows: by title in C.UTF-8 (byte
# order), 第0篇 comes first and 第9篇 last (after 第99篇).
START_ENV=TSUNDOKU_DEBUG_HOLD_LIST=1 start 100 12 --db "$DB" "$A"
wait_for "$N articles"
keys s
wait_for "sorted by fetch date"
keys s
wait_for "sorted by title"
keys g g	# the selection stayed on its article
wait_for "1/$N"
first_is "第0篇"
keys G
wait_for "$N/$N"
line 10 | grep -qF "第9篇" || fail "last by title is not 第9篇"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status after s"

# Without the hold: the rest arrives on its own, and G is the last row.
start 100 12 --db "$DB" "$A"
wait_for "$N articles"
keys G
wait_for "$N/$N"
assert_screen_has "第0篇"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status without the hold"
