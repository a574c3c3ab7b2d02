#!/bin/sh
# SPDX-License-Identifier: MIT
# The statistics screen (I) and the daily review (D) on a week of
# reading recorded through the state API (tests/seed_readlog; see
# tests/tty/stats_cli.sh for what it records), "today" set by
# TSUNDOKU_NOW: the bars, the year heatmap in colour and in ASCII, the
# streak, the table, small and large windows, and a review round whose
# answers change the next day's queue.
. "$top_srcdir/tests/tty/lib.sh"

DB="$XDG_DATA_HOME/tsundoku/tsundoku.db"
"$TSUNDOKU" index "$SAMPLES" >/dev/null 2>&1 || fail "index"
TZ=Asia/Shanghai "$top_builddir/tests/seed_readlog" "$DB" 2026-03-11 \
	"$SAMPLES"/000_*.txt "$SAMPLES"/001_*.txt "$SAMPLES"/002_*.txt || fail "seed"
export TZ=Asia/Shanghai TSUNDOKU_NOW=2026-03-11

# charts: print, from the screen on stdin, the heights of the last 7
# bars (one a day, cw columns each from column 6) and the last two
# columns of the heatmap (Monday to Sunday), as "bars ... | heat ...".
charts() {
	python3 -c '
import sys
lines = sys.stdin.read().split("\n")
i = next(k for k, l in enumerate(lines) if l.startswith("Reading time, last"))
rows = lines[i + 1:i + 7]
cw = int(sys.argv[1])
def col(l, c): return l[c] if c < len(l) else " "
bars = [sum(col(r, 6 + d * cw) != " " for r in rows) for d in range(23, 30)]
j = next(k for k, l in enumerate(lines) if l.startswith("Days read this year"))
heat = lines[j + 1:j + 8]
last = max(len(l.rstrip()) for l in heat) - 1
print(" ".join(map(str, bars)), "|",
      "".join(col(l, last - 1) for l in heat), "|", "".join(col(l, last) for l in heat))
' "$1"
}

# --- ASCII (NO_COLOR): bars of #, the heatmap in . : * #
NO_COLOR=1 start 80 60
wait_for "Date"
keys I
wait_for "Streak: 5 days (longest 11)"
assert_screen_has "Reading statistics"
assert_screen_has "1h20m  2 finished  24000 字  1600 words"
# 10 0 25 40 5 60 15 minutes: heights out of 6 rows, rounded up; the
# heat levels of the two weeks (Thu 10m, Sat 25m, Sun 40m; Mon 5m, Tue
# 60m, Wed 15m, today).
got=$(screen | charts 2)
[ "$got" = "1 0 3 4 1 6 2 |    . :* | .#.    " ] || fail "ASCII charts: '$got'"
assert_screen_has "1h25m  1 finished  山间茶事"
# The numbers, one key away.
keys t
wait_for "2026-03-10    60     0   18000    1200"
assert_screen_has "2026-03-11    15     1    4500     300"
keys t
wait_for "Days read this year"
keys q
wait_gone "Reading statistics"

# --- Colour: the bars and heat cells are background colours.
unset NO_COLOR
start 80 60
wait_for "Date"
keys I
wait_for "Days read this year"
styled=$(tmx capture-pane -e -p -t t)
printf '%s\n' "$styled" | grep -q '48;5;74m' || fail "no coloured bars"
printf '%s\n' "$styled" | grep -q '48;5;28m' || fail "no darkest heat cell"
printf '%s\n' "$styled" | grep -q '48;5;151m' || fail "no lightest heat cell"
! screen | grep -q '#' || fail "ASCII marks in colour"

# --- TERM=vt100: ASCII again.
TERM_RUN=vt100 start 80 40
wait_for "Date"
keys I
wait_for "Days read this year"
screen | grep -q '#' || fail "vt100: no ASCII bars"

# --- 40x12: everything within 40 columns; the page scrolls.
start 40 12
wait_for "Date"
keys I
wait_for "Streak"
[ "$(max_width)" -le 40 ] || fail "40x12: a line wider than 40 columns"
for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do keys j; done
wait_for "Sources"
[ "$(max_width)" -le 40 ] || fail "40x12 scrolled: a line wider than 40 columns"
keys t
wait_for "Date"
[ "$(max_width)" -le 40 ] || fail "40x12 table: too wide"

# --- 200x60: a whole year of weeks, two columns a day.
start 200 60
wait_for "Date"
keys I
wait_for "Days read this year"
[ "$(max_width)" -le 200 ] || fail "200x60: too wide"
keys q

# --- The daily goal on the status line.
mkdir -p "$XDG_CONFIG_HOME/tsundoku"
printf 'set daily-goal 30m\n' >"$XDG_CONFIG_HOME/tsundoku/config"
start 80 24
wait_for "goal 15/30m"
printf 'set daily-goal 3000字\n' >"$XDG_CONFIG_HOME/tsundoku/config"
start 80 24
wait_for "goal 4800/3000字"
rm "$XDG_CONFIG_HOME/tsundoku/config"

# --- A review round: the note first, keep, master, discard, keep,
# keep; then tomorrow's queue holds the three kept, not the mastered nor
# the discarded.
start 80 24
wait_for "Date"
keys D
wait_for "1/5"
assert_screen_has "读书百遍，其义自见。"
assert_screen_has "慢慢读"
assert_screen_has "山间茶事"
keys k
wait_for "2/5"
keys m
wait_for "3/5"
keys x
wait_for "4/5"
keys k
wait_for "5/5"
keys k
wait_for "Review done: 3 kept, 1 mastered, 1 discarded."
keys q
wait_gone "Daily review"
keys q
wait_exit

"$TSUNDOKU" review --json >"$T/today"
[ "$(cat "$T/today")" = "[]" ] || fail "review today after the round: $(cat "$T/today")"
TSUNDOKU_NOW=2026-03-12 "$TSUNDOKU" review --json >"$T/next"
python3 - "$T/next" <<'PY' || fail "tomorrow's queue: $(cat "$T/next")"
import json, sys
q = json.load(open(sys.argv[1]))
assert len(q) == 3, len(q)
assert all(x["reps"] == 1 and x["interval_days"] == 1 and x["due"] == "2026-03-12" for x in q), q
PY
TSUNDOKU_NOW=2026-04-11 "$TSUNDOKU" review --json --size 10 >"$T/later"
python3 -c 'import json,sys; q=json.load(open(sys.argv[1])); assert len(q) == 4, q' "$T/later" \
	|| fail "a month on: $(cat "$T/later")"

# --- Open from the review, and edit a note there.
TSUNDOKU_NOW=2026-03-12; export TSUNDOKU_NOW
start 80 24
wait_for "Date"
keys D
wait_for "1/3"
keys e
wait_for "Note"
keys a b c Enter
wait_for "Note saved"
assert_screen_has "慢慢读abc"
keys o
wait_gone "Daily review"
keys q
wait_for "Daily review"

# --- The review's and the statistics' keys are bindings of their own
# contexts: rebound in the config, named so on the status line and in
# the help screen (?), and the old key then does nothing.
printf 'bind review y review-keep\nunbind review k\nbind stats T toggle-table\n' \
	>"$XDG_CONFIG_HOME/tsundoku/config"
start 80 24
wait_for "Date"
keys D
wait_for "1/3"
assert_screen_has "y keep"
keys k
wait_for "k does nothing here"
keys '?'
wait_for "Keys in the daily review"
assert_screen_has "review-keep"
keys q
wait_for "y keep"
keys y
wait_for "2/3"
keys q
wait_gone "Daily review"
keys I
wait_for "Days read this year"
assert_screen_has "T table"
keys '?'
wait_for "Keys in the reading statistics"
assert_screen_has "toggle-table"
keys q
wait_for "T table"
keys T
wait_for "T charts"
exit 0
