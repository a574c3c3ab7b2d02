#!/bin/sh
# SPDX-License-Identifier: MIT
# Every command bench/README.md shows runs as written, with tiny sizes:
# each is run here from the build directory (where `make` put bench/ and
# src/), with its sizes and counts made small, and must exit 0. A command
# line of the README that no "# README:" line below names fails the test,
# so a command documented later is not forgotten here. Tools the README
# says are optional (valgrind, rg, tmux) are skipped when missing. The
# page cache is never dropped (BENCH_DROP_CACHES=0): that would slow
# everything else on the machine. The
# benchmarks only report: no figure is checked.
set -eu
: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
cd "$top_builddir"
readme=$top_srcdir/bench/README.md
make=${MAKE:-make}
# The make running this test passes its jobserver through MAKEFLAGS; the
# nested makes below build nothing that is not already built, alone.
unset MAKEFLAGS MFLAGS MAKELEVEL || :
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tsundoku-bench-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/config" \
	XDG_DATA_HOME="$tmp/home/data" XDG_STATE_HOME="$tmp/home/state" \
	LANG=C.UTF-8 LC_ALL=C.UTF-8 TMPDIR="$tmp"
mkdir -p "$HOME"
# Small everything: one 2 KB article per kind, archives of 12 articles.
export BENCH_KINDS=zh BENCH_SIZES=2000 BENCH_CALLGRIND_SIZE=2000 \
	BENCH_ARTICLES=12 BENCH_RUNS=1 BENCH_START_TIMEOUT=60 \
	BENCH_INDEX_N=8 BENCH_INDEX_SIZE=2000 BENCH_DROP_CACHES=0
status=0

# run NAME CMD...: run CMD, its output in $tmp/out; report a failure.
run() {
	name=$1
	shift
	if ! "$@" >"$tmp/out" 2>&1; then
		echo "bench.sh: '$name' failed:" >&2
		tail -n 20 "$tmp/out" >&2
		status=1
	fi
}
has() { command -v "$1" >/dev/null 2>&1; }
# valgrind cannot run programs built with AddressSanitizer (CI's
# sanitizer build): the instruction counts are left to the plain build.
sanitized() { nm bench/bench_layout 2>/dev/null | grep -q __asan_init; }
counts() { has valgrind && ! sanitized; }

# Every indented line of the README that starts a command must be named
# by a "# README:" line of this file (the rest of a multi-line command,
# indented further or ending a loop, is not a command of its own).
self=$top_srcdir/tests/bench.sh
grep -E '^    (make |bench/|BENCH_|python3 |src/|sync;|for .*; do|sh )' "$readme" |
	sed 's/^    //' | while IFS= read -r line; do
	grep -qF "# README: $line" "$self" ||
		{ echo "bench.sh: README command not run here: $line" >&2; exit 1; }
done || status=1

# README: make bench
# README: make bench-open [BENCH_OPEN_ARGS="--articles 2000 --opens 150"]
small="BENCH_OPEN_ARGS=--articles 40 --opens 5"
run "make bench" $make bench "$small" "BENCH_SYNC_ARGS=200 20" \
	"BENCH_STATS_ARGS=--articles 200 --sessions 100 --runs 1"
grep -q '^layout' "$tmp/out" || { echo "bench.sh: make bench: no layout figure" >&2; status=1; }
grep -q '^sync: ' "$tmp/out" || { echo "bench.sh: make bench: no sync figure" >&2; status=1; }
run "make bench-open" $make bench-open "$small"
run "make bench-stats" $make bench-stats "BENCH_STATS_ARGS=--articles 200 --sessions 100 --runs 1"

# README: make bench/gen bench/bench_layout
run "make bench/gen bench/bench_layout" $make bench/gen bench/bench_layout
# README: BENCH_ONLY=callgrind sh bench/run.sh
counts && run "BENCH_ONLY=callgrind run.sh" env BENCH_ONLY=callgrind sh "$top_srcdir/bench/run.sh"
# README: BENCH_KINDS="zh mixed" BENCH_SIZES=2000 BENCH_CALLGRIND_SIZE=2000 BENCH_ONLY=layout sh bench/run.sh
BENCH_ONLY=layout run "BENCH_ONLY=layout run.sh" sh "$top_srcdir/bench/run.sh"
BENCH_ONLY=layout run "BENCH_ONLY=layout make bench" $make bench

# README: bench/gen --kind zh|mixed|en --size BYTES [--seed N] [--out FILE]
for kind in zh mixed en; do
	run "gen --kind $kind" bench/gen --kind $kind --size 2000 --seed 3 --out "$tmp/$kind.txt"
	run "gen --kind $kind, stdout" bench/gen --kind $kind --size 2000 --seed 3
	cmp -s "$tmp/out" "$tmp/$kind.txt" || { echo "bench.sh: gen --out and stdout differ" >&2; status=1; }
done
# README: bench/gen --kind zh --size 300000 --seed 1 --out /tmp/zh300k.txt
# README: bench/gen --kind zh --size 20000000 --seed 1 --out /tmp/b20.txt
# README: bench/gen --kind zh --size 40000 --seed 1 --out /tmp/b40.txt
run "gen without --seed" bench/gen --kind zh --size 2000 --out "$tmp/noseed.txt"
run "gen --seed 1" bench/gen --kind zh --size 2000 --seed 1 --out "$tmp/seed1.txt"
cmp -s "$tmp/noseed.txt" "$tmp/seed1.txt" || { echo "bench.sh: gen's default seed is not 1" >&2; status=1; }
f=$tmp/zh.txt
# README: bench/bench_layout [--width 80] [--rows 24] [--runs 5] FILE
# README: bench/bench_layout /tmp/b20.txt
# README: bench/bench_layout /tmp/b40.txt
run "bench_layout FILE" bench/bench_layout --width 80 --rows 24 --runs 1 "$f"
# README: bench/gen --kind zh --size 2000 --seed 1 --out /tmp/zh2k.txt
# README: bench/bench_layout --runs 51 /tmp/zh2k.txt
run "gen 2 KB" bench/gen --kind zh --size 2000 --seed 1 --out "$tmp/zh2k.txt"
run "bench_layout --runs 51" bench/bench_layout --runs 51 "$tmp/zh2k.txt"
# README: bench/bench_layout [...] --kind zh --size 1000000 [--seed N]
run "bench_layout --kind" bench/bench_layout --runs 1 --kind zh --size 2000 --seed 2
# README: bench/bench_layout --only pipeline|primitives [--width 80] [--runs 1] FILE
for part in pipeline primitives; do
	run "bench_layout --only $part" bench/bench_layout --only $part --width 80 --runs 1 "$f"
done
# README: for part in pipeline primitives; do for n in 1 4; do
if counts; then
	for part in pipeline primitives; do for n in 1 4; do
		run "callgrind $part $n" valgrind --tool=callgrind --callgrind-out-file=/dev/null \
			--log-file="$tmp/cg-$part-$n.log" \
			bench/bench_layout --only $part --runs $n "$f"
		grep -q 'I *refs' "$tmp/cg-$part-$n.log" || { echo "bench.sh: no I refs" >&2; status=1; }
	done; done
fi

# README: make bench-library                          # 10,000 articles
# README: BENCH_ARTICLES=100000 BENCH_START_TIMEOUT=120 make bench-library
BENCH_CALLGRIND=0 run "make bench-library" $make bench-library
grep -q '^| index ' "$tmp/out" || { echo "bench.sh: bench-library: no summary" >&2; status=1; }
run "make bench-index" $make bench-index
grep -q '^index, fresh' "$tmp/out" || { echo "bench.sh: bench-index: no figure" >&2; status=1; }

# README: bench/gen --archive DIR --count 10000 --seed 1
dir=$tmp/archive db=$tmp/t.db
run "gen --archive" bench/gen --archive "$dir" --count 12 --seed 1
# README: src/tsundoku index --db DB DIR
run "tsundoku index" src/tsundoku index --db "$db" "$dir"
# README: bench/bench_search --db DB [--runs 7] [--limit 50] [--rows 24] [--prefix DIR] \
run "bench_search" bench/bench_search --db "$db" --runs 1 --limit 50 --rows 24 --prefix "$dir" \
	--leftovers "$top_srcdir/data/leftovers" 数据 kernel
run "bench_search, default queries" bench/bench_search --db "$db" --runs 1
# README: bench/bench_search --db DB --runs 5 --prefix DIR 的 数据 kernel
run "bench_search, three queries" bench/bench_search --db "$db" --runs 1 --prefix "$dir" 的 数据 kernel
# README: python3 bench/timing.py time --runs 1 -- src/tsundoku index --db NEW.db DIR
run "timing.py time index" python3 "$top_srcdir/bench/timing.py" time --runs 1 -- src/tsundoku index --db "$tmp/timed.db" "$dir"
grep -q 'written [0-9.]* MB' "$tmp/out" || { echo "bench.sh: timing.py time: no bytes written" >&2; status=1; }
# README: python3 bench/timing.py screen --until "2025-" -- src/tsundoku --db NEW.db DIR
if has tmux; then
	run "timing.py screen, first rows" python3 "$top_srcdir/bench/timing.py" screen --timeout 60 \
		--until "-" -- src/tsundoku --db "$tmp/first.db" "$dir"
fi
# README: python3 bench/timing.py start --runs 5 -- src/tsundoku --db DB DIR
run "timing.py start" python3 "$top_srcdir/bench/timing.py" start --runs 1 -- src/tsundoku --db "$db" "$dir"
# README: python3 bench/timing.py key --runs 5 --until "Keys in the article list" \
# README: python3 bench/timing.py key --runs 7 --timeout 20 \
# README: python3 bench/timing.py key --runs 7 --timeout 20 --at launch \
# README: python3 bench/timing.py key --runs 5 --timeout 20 --key G \
for at in paint launch; do
	run "timing.py key --at $at" python3 "$top_srcdir/bench/timing.py" key --runs 1 --timeout 20 \
		--at $at --until "Keys in the article list" -- src/tsundoku --db "$db" "$dir"
done
run "timing.py key G" python3 "$top_srcdir/bench/timing.py" key --runs 1 --timeout 20 --key G \
	--until "-" -- src/tsundoku --db "$db" "$dir"
# README: python3 bench/timing.py time --runs 5 -- sh -c "find A -type f | wc -l"
run "timing.py time find" python3 "$top_srcdir/bench/timing.py" time --runs 1 -- sh -c "find '$dir' -type f | wc -l"
# README: python3 bench/timing.py time --runs 3 -- \
run "timing.py time find -printf" python3 "$top_srcdir/bench/timing.py" time --runs 1 -- \
	sh -c "find '$dir' -type f -printf '%s %T@\n' | wc -l"
# README: python3 bench/timing.py screen --regex 1 --until '[0-9]{4}-[0-9]{2}-[0-9]{2}' \
if has tmux; then
	run "timing.py screen --regex" python3 "$top_srcdir/bench/timing.py" screen --timeout 60 \
		--regex 1 --until '[0-9]{4}-[0-9]{2}-[0-9]{2}' -- src/tsundoku --db "$tmp/regex.db" "$dir"
fi
# README: python3 bench/timing.py screen --until "10000 articles" -- \
# README: sync; echo 3 >/proc/sys/vm/drop_caches
# README: python3 bench/timing.py screen --timeout 300 --until "10000 articles" -- \
if has tmux; then
	run "timing.py screen" python3 "$top_srcdir/bench/timing.py" screen --timeout 60 \
		--until "12 articles" -- src/tsundoku --db "$tmp/new.db" "$dir"
fi
# README: python3 bench/timing.py time --runs 5 -- rg -l -F 数据 DIR
if has rg; then
	run "timing.py time rg" python3 "$top_srcdir/bench/timing.py" time --runs 1 -- rg -l -F 数据 "$dir"
else
	run "timing.py time" python3 "$top_srcdir/bench/timing.py" time --runs 1 -- grep -rlF 数据 "$dir"
fi
exit $status
