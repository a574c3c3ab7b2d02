#!/bin/sh
# SPDX-License-Identifier: MIT
# The benchmarks, as `make bench` runs them (it builds bench/gen and
# bench/bench_layout first; this script builds nothing). Generates articles
# into a temporary directory, runs bench_layout on each, then times pandoc
# and w3m on the 20 MB Chinese article, when they are installed, and prints
# our full-layout throughput over theirs. When valgrind is installed, also
# counts the instructions of (a) and (b) with callgrind on a 300 KB article
# of each kind: a ratio that a busy machine does not move. Only reports: no
# figure fails.
#
# Environment: BENCH_BIN (where gen and bench_layout are; default bench),
# BENCH_KINDS (default "zh mixed"), BENCH_SIZES (bytes; default
# "2000 40000 1000000 20000000"), BENCH_SEED (default 1),
# BENCH_CALLGRIND_SIZE (bytes of the counted articles; default 300000),
# BENCH_ONLY (empty or "layout": everything here; "callgrind": only the
# instruction counts; "library" is bench/library.sh's part: nothing here),
# TMPDIR.
set -eu

bin=${BENCH_BIN:-bench}
kinds=${BENCH_KINDS:-zh mixed}
sizes=${BENCH_SIZES:-2000 40000 1000000 20000000}
seed=${BENCH_SEED:-1}
cg_size=${BENCH_CALLGRIND_SIZE:-300000}
only=${BENCH_ONLY:-}
case $only in
''|layout|callgrind) ;;
library) exit 0;;
*) echo "run.sh: BENCH_ONLY is empty, layout, library or callgrind," \
	"not '$only'" >&2; exit 2;;
esac
gen=$bin/gen
bench=$bin/bench_layout

if [ ! -x "$gen" ] || [ ! -x "$bench" ]; then
	echo "run.sh: $gen and $bench are missing; run 'make bench'" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tsundoku-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# now: seconds since the epoch, with nanoseconds.
now() { date +%s.%N; }

# elapsed T0 T1: print T1 - T0 in seconds.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# time_once CMD...: run CMD once, output discarded; print its seconds.
time_once() {
	t0=$(now)
	"$@" >/dev/null 2>&1 || return 1
	t1=$(now)
	elapsed "$t0" "$t1"
}

# median3 A B C: print the middle one.
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }

# time_cmd CMD...: print CMD's seconds: hyperfine's median of 3 when it
# is installed; else one run, and the median of 3 when a run is cheap
# (under 10 s).
time_cmd() {
	if command -v hyperfine >/dev/null 2>&1; then
		cmd=$(printf "'%s' " "$@")
		hyperfine --runs 3 --style none --export-json "$tmp/hf.json" \
			"$cmd" >/dev/null 2>&1 || return 1
		sed -n 's/.*"median": *\([0-9.eE+-]*\).*/\1/p' "$tmp/hf.json" |
			head -n 1
		return 0
	fi
	a=$(time_once "$@") || return 1
	if awk -v t="$a" 'BEGIN { exit !(t < 10) }'; then
		b=$(time_once "$@") || return 1
		c=$(time_once "$@") || return 1
		median3 "$a" "$b" "$c"
	else
		echo "$a"
	fi
}

# ratio OURS_MBPS BYTES SECONDS: print our throughput over theirs.
ratio() {
	awk -v ours="$1" -v n="$2" -v t="$3" \
		'BEGIN { printf "%.1f", ours / (n / t / 1e6) }'
}

# callgrind_ir PART RUNS FILE: print the instructions (callgrind's
# "I   refs" total, digits only) of bench_layout --only PART --runs RUNS
# FILE. valgrind writes its report to a log file of its own, so neither
# the program's stdout nor its stderr can get mixed into what is parsed.
callgrind_ir() {
	rm -f "$tmp/cg.log"
	if ! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		--log-file="$tmp/cg.log" "$bench" --only "$1" --runs "$2" "$3" \
		>"$tmp/cg.out" 2>"$tmp/cg.err"; then
		echo "valgrind $bench --only $1 --runs $2 failed:" >&2
		cat "$tmp/cg.err" "$tmp/cg.log" >&2 2>/dev/null || :
		return 1
	fi
	sed -n 's/^==[0-9]*== I *refs: *\([0-9,]*\).*/\1/p' "$tmp/cg.log" |
		tr -d , | grep . || {
		echo "no 'I   refs' total in valgrind's log:" >&2
		cat "$tmp/cg.log" >&2
		return 1
	}
}

# callgrind_part PART FILE: print the instructions of 3 runs of PART
# without the fixed costs (start-up, reading FILE, splitting it into
# paragraphs): the count with --runs 4 minus the count with --runs 1.
callgrind_part() {
	one=$(callgrind_ir "$1" 1 "$2") || return 1
	four=$(callgrind_ir "$1" 4 "$2") || return 1
	echo $((four - one))
}

# callgrind_ratios: the instruction counts of (a) and (b), per kind.
callgrind_ratios() {
	echo
	if ! command -v valgrind >/dev/null 2>&1; then
		echo "instructions: valgrind not installed (apt-get install" \
			"valgrind); callgrind counts skipped"
		return 0
	fi
	echo "== instructions (valgrind --tool=callgrind), $cg_size-byte" \
		"articles, seed $seed: 3 runs of each part = count with" \
		"--runs 4 - count with --runs 1 (no start-up, file reading or" \
		"paragraph splitting)"
	for kind in $kinds; do
		f=$tmp/cg-$kind-$cg_size.txt
		"$gen" --kind "$kind" --size "$cg_size" --seed "$seed" --out "$f"
		if a=$(callgrind_part pipeline "$f") &&
			b=$(callgrind_part primitives "$f"); then
			awk -v a="$a" -v b="$b" -v k="$kind" -v n="$cg_size" \
				'BEGIN { r = a > 0 ? b / a : 0
				printf("instructions (callgrind, %g KB %s): " \
				"pipeline %.1f M, primitives %.1f M, ratio %.2f " \
				"(target >= 0.5)\n", n / 1000, k, a / 1e6, b / 1e6, r) }'
		else
			echo "instructions (callgrind, $kind): failed"
		fi
	done
}

echo "tsundoku benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m)," \
	"$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs," \
	"load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
if [ "$only" = callgrind ]; then
	callgrind_ratios
	exit 0
fi
for kind in $kinds; do
	for size in $sizes; do
		f=$tmp/$kind-$size.txt
		"$gen" --kind "$kind" --size "$size" --seed "$seed" --out "$f"
		echo
		echo "== $kind article, $size bytes (gen --kind $kind --size $size --seed $seed)"
		"$bench" "$f" | tee "$tmp/$kind-$size.out"
	done
done
callgrind_ratios

# Peers, on the largest Chinese article.
big=
for size in $sizes; do big=$size; done
case " $kinds " in
*" zh "*) ;;
*) echo; echo "peers: skipped (they run on the zh article)"; exit 0;;
esac
f=$tmp/zh-$big.txt
ours=$(sed -n 's/^layout [0-9]* cols: \([0-9.]*\) MB\/s.*/\1/p' "$tmp/zh-$big.out")
echo
if [ -z "$ours" ]; then
	echo "peers: skipped (bench_layout gave no figure for the zh article)"
	exit 1
fi
echo "== peers on the zh article, $big bytes; ours: $ours MB/s (doc_new + layout_build 80 cols)"
have_pandoc=false
command -v pandoc >/dev/null 2>&1 && have_pandoc=true
if $have_pandoc; then
	if t=$(time_cmd pandoc -f markdown -t plain --columns=80 "$f"); then
		echo "pandoc -f markdown -t plain --columns=80: $t s;" \
			"ours / pandoc: $(ratio "$ours" "$big" "$t")x (target >= 20x)"
	else
		echo "pandoc: failed"
	fi
else
	echo "pandoc: not installed (apt-get install pandoc); ratio skipped"
fi
if ! command -v w3m >/dev/null 2>&1; then
	echo "w3m: not installed (apt-get install w3m); ratio skipped"
elif ! $have_pandoc; then
	echo "w3m: needs pandoc to turn the article into HTML" \
		"(apt-get install pandoc); ratio skipped"
elif ! pandoc -f markdown -t html -s "$f" -o "$f.html" 2>/dev/null; then
	echo "w3m: pandoc could not make the HTML; ratio skipped"
elif t=$(time_cmd w3m -dump -cols 80 -I UTF-8 -O UTF-8 "$f.html"); then
	echo "w3m -dump -cols 80 (on the HTML pandoc made of it," \
		"$(wc -c <"$f.html" | tr -d ' ') bytes): $t s;" \
		"ours / w3m: $(ratio "$ours" "$big" "$t")x (target >= 4x)"
else
	echo "w3m: failed"
fi
