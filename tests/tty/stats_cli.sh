#!/bin/sh
# SPDX-License-Identifier: MIT
# `tsundoku stats` and `tsundoku review` on a week of reading recorded
# through the state API (tests/seed_readlog), with "today" set by
# TSUNDOKU_NOW: the totals, the bars' numbers, the streak, and a review
# round whose answers (written through the state API too, by the review
# view in stats.sh) change tomorrow's queue.
. "$top_srcdir/tests/tty/lib.sh"

SEED="$top_builddir/tests/seed_readlog"
DB="$XDG_DATA_HOME/tsundoku/tsundoku.db"
set -- "$SAMPLES"/000_*.txt "$SAMPLES"/001_*.txt "$SAMPLES"/002_*.txt
"$TSUNDOKU" index "$SAMPLES" >/dev/null 2>&1 || fail "index"
TZ=Asia/Shanghai "$SEED" "$DB" 2026-03-11 "$@" || fail "seed_readlog"
export TZ=Asia/Shanghai TSUNDOKU_NOW=2026-03-11

"$TSUNDOKU" stats --json >"$T/out" || fail "stats --json"
python3 - "$T/out" <<'PY' || fail "stats --json: $(head -c 600 "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["today"] == "2026-03-11", d["today"]
assert d["day"] == {"seconds": 900, "finished": 1, "han": 4500, "words": 300}, d["day"]
# Monday 2026-03-09 on: 5 + 60 + 15 minutes
assert d["week"]["seconds"] == 80 * 60 and d["week"]["finished"] == 2, d["week"]
bars = [x["seconds"] // 60 for x in d["days"][-7:]]
assert bars == [10, 0, 25, 40, 5, 60, 15], bars
assert len(d["days"]) == 30 and len(d["year"]) == 371
assert d["streak"] == {"current": 5, "longest": 11}, d["streak"]
assert abs(d["chars_per_minute"] - 320) < 0.1, d["chars_per_minute"]
assert d["sources"][0]["seconds"] > 0 and len(d["sources"]) <= 10
assert len(d["pile"]["weeks"]) == 12
PY

# --since: only what was read from that day on counts in the total.
"$TSUNDOKU" stats --json --since 2026-03-10 >"$T/out" || fail "stats --since"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"]["seconds"] == 75*60, d["total"]' "$T/out" \
	|| fail "stats --since: $(head -c 300 "$T/out")"
status=0; "$TSUNDOKU" stats --since yesterday >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "stats --since yesterday: exit $status, want 2"

# Plain text, in Chinese too.
"$TSUNDOKU" stats >"$T/out" || fail "stats"
grep -q "^Streak: 5 days (longest 11)" "$T/out" || fail "stats: $(cat "$T/out")"
if locale -a 2>/dev/null | grep -qi '^zh_TW.utf-\?8$'; then
	LANGUAGE= LC_ALL=zh_TW.UTF-8 "$TSUNDOKU" stats >"$T/out" 2>&1 || fail "stats zh_TW"
	grep -q "連續閱讀：5 天（最長 11 天）" "$T/out" || fail "stats zh_TW: $(cat "$T/out")"
fi

# Today's queue: all five highlights (never reviewed), the one with a
# note first, no two of an article in a row, the detached one marked.
"$TSUNDOKU" review --json >"$T/out" || fail "review --json"
python3 - "$T/out" <<'PY' || fail "review --json: $(cat "$T/out")"
import json, sys
q = json.load(open(sys.argv[1]))
assert len(q) == 5, len(q)
assert q[0]["note"] == "慢慢读", q[0]
assert all(q[i]["article_id"] != q[i + 1]["article_id"] for i in range(4))
assert [x["detached"] for x in q].count(True) == 1
PY
"$TSUNDOKU" review --json --size 2 | python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 2' \
	|| fail "review --size 2"
exit 0
