#!/bin/sh
# SPDX-License-Identifier: MIT
# A 20 MB article is laid out lazily: its first screen shows while only
# the first chunks are laid out and the file is not even cut to the end
# (TSUNDOKU_DEBUG_LAYOUT puts the counters in the status line); G, 50%
# and :25% lay out only around their targets, and the percentage is right
# without the rest being laid out.
. "$top_srcdir/tests/tty/lib.sh"
export TSUNDOKU_DEBUG_LAYOUT=1

python3 - "$T/huge.md" <<'PY'
import sys
para = "这是一段很长的中文文字，用来测试长文章的分段排版是否按需进行。" * 12
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("---\ntitle: 巨大的文章\nsource: 测试\n---\n\n")
    size, i = 0, 0
    while size < 20_000_000:
        s = (f"## 第 {i} 节\n\n{para}[链接](https://example.com/{i})\n\n"
             f"```\ncode {i}\n\n\nmore code\n```\n\n")
        f.write(s)
        size += len(s.encode("utf-8"))
        i += 1
    f.write("全文完。THE-END-MARK\n")
PY

# counters: print the status line's "LAID KNOWN CUT" (KNOWN ends in +
# while the cut goes on).
counters() {
	line 23 | sed -n 's/.*\[layout \([0-9]*\)\/\([0-9]*+\{0,1\}\) chunks, cut \([0-9]*\)%\].*/\1 \2 \3/p'
}
# wait_counters: poll until the status line holds the counters whole (a
# status line can be caught half drawn).
has_counters() { [ -n "$(counters)" ]; }
wait_counters() { poll_until "the layout counters in the status line" has_counters; }
# percent: print the percentage in the status line.
percent() { line 23 | sed -n 's/.* \([0-9]*\)%  \[layout.*/\1/p'; }

# wait_percent LO HI: poll until the percentage is in [LO, HI].
percent_in() {
	p=$(percent)
	[ -n "$p" ] && [ "$p" -ge "$1" ] && [ "$p" -le "$2" ]
}
wait_percent() { poll_until "the percentage to be in [$1, $2]" percent_in "$1" "$2"; }

start 80 24 "$T/huge.md"
wait_for "1/1"
keys Enter
wait_for "巨大的文章"
wait_for "[layout "
wait_counters
set -- $(counters)
[ "$#" = 3 ] || fail "no layout counters in the status line"
[ "$1" -le 2 ] || fail "first screen laid out $1 chunks"
case $2 in *+) ;; *) fail "the whole file was cut before the first screen ($2)";; esac
[ "$3" -lt 10 ] || fail "the cut went $3% into the file for the first screen"
assert_screen_has "第 0 节"
[ "$(percent)" -lt 5 ] || fail "first screen at $(percent)%"

keys G
wait_for "THE-END-MARK"
wait_for "100%"
wait_counters
set -- $(counters)
[ "$1" -le 3 ] || fail "G laid out $1 chunks"
[ "$2" -ge 300 ] || fail "only $2 chunks in a 20 MB article"
[ "$3" = 100 ] || fail "G did not cut the whole file"

keys 5 0 %
wait_percent 49 52
wait_counters
set -- $(counters)
[ "$1" -le 5 ] || fail "50% laid out $1 chunks in all"

keys :
keys -l "25%"
keys Enter
wait_percent 24 27

# Scrolling up from there lays out the chunks on the way.
keys 2 0 0 0 k
wait_percent 22 25

keys g
wait_for "第 0 节"
keys q
wait_for "1/1"
keys q
[ "$(wait_exit)" = 0 ] || fail "tsundoku did not exit cleanly"
