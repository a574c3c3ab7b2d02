#!/bin/sh
# SPDX-License-Identifier: MIT
# The library benchmarks, as `make bench-library` (and `make bench`, after
# the layout figures) runs them; make builds bench/gen, bench/bench_search
# and src/tsundoku first, this script builds nothing. Generates an archive
# with `gen --archive` into a temporary directory, then measures, each
# against a reference run in the same run of this script:
#   cold start (launch on the un-indexed archive until the list shows
#     every article, timed in tmux) and indexing (`tsundoku index`),
#     against reading the same
#     files with cat, with a cold page cache when this user may drop it
#     (else it says "warm cache");
#   warm start (launch to the list's first screen, in a pseudo-terminal)
#     against `find DIR -type f | wc -l`, and its peak memory; the first
#     key answered (? sent as the first screen shows, until the help
#     screen) against the same; the first rows of a cold start (until a
#     row's date shows) against reading every byte;
#   search (bench_search: first page newest first, and by relevance) against
#     `rg -l -F` (else `grep -rlF`) over the same, cached, files;
#   the database's size against the text's, and the list query alone;
#   when valgrind is installed, the instructions of a search page and of
#   the list query, and of rg for one query (callgrind: a busy machine
#   does not move them).
# Only reports: no figure fails. bench/README.md, "The library", explains
# every figure and has the results.
#
# Environment: BENCH_ARTICLES (default 10000), BENCH_SEED (default 1),
# BENCH_RUNS (runs of each timed start, query and reference; default 5),
# BENCH_START_TIMEOUT (seconds a start may take to its first screen, cold
# or warm; default 300), BENCH_BIN (where gen and bench_search are;
# default bench), BENCH_TSUNDOKU (default src/tsundoku), BENCH_CALLGRIND
# (0: no instruction counts; they take about 2 minutes for 10,000
# articles, 15 for 100,000), BENCH_DROP_CACHES (0: never drop the page
# cache, even as root; the cold figures are then warm), TMPDIR.

# The figures are numbers: splitting $(...) into `set --` is meant, and
# the $ and backquotes inside single-quoted awk programs are awk's.
# shellcheck disable=SC2046,SC2086,SC2016
set -eu

bin=${BENCH_BIN:-bench}
tsundoku=${BENCH_TSUNDOKU:-src/tsundoku}
n=${BENCH_ARTICLES:-10000}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-5}
start_timeout=${BENCH_START_TIMEOUT:-300}
callgrind=${BENCH_CALLGRIND:-1}
here=$(dirname "$0")
timing="python3 $here/timing.py"

for f in "$bin/gen" "$bin/bench_search" "$tsundoku"; do
	if [ ! -x "$f" ]; then
		echo "library.sh: $f is missing; run 'make bench-library'" >&2
		exit 1
	fi
done
if ! command -v python3 >/dev/null 2>&1; then
	echo "library.sh: needs python3 (the pseudo-terminal for start-up)" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tsundoku-library.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
dir=$tmp/archive
db=$tmp/tsundoku.db
# The program's own files (config, database, messages) stay in $tmp; the
# status line must say "articles" in English for timing.py to see it.
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/config" \
	XDG_DATA_HOME="$tmp/home/data" XDG_STATE_HOME="$tmp/home/state" \
	LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p "$HOME" "$tmp/empty"

# field NAME FILE: print the number after "NAME " on the first line of
# FILE holding it ("median 12.3 ms" -> 12.3 for NAME=median).
field() {
	sed -n "s/.*$1 \\([0-9.][0-9.]*\\).*/\\1/p" "$2" | head -n 1
}

# calc EXPR VARS...: print awk's value of EXPR with -v VARS.
calc() {
	e=$1
	shift
	awk "$@" "BEGIN { $e }"
}

# drop_caches: empty the page cache; false when this user may not.
drop_caches() {
	[ "${BENCH_DROP_CACHES:-1}" != 0 ] || return 1
	sync
	{ echo 3 >/proc/sys/vm/drop_caches; } 2>/dev/null
}

# time_cmd RUNS OUT CMD...: time CMD (timing.py time) into OUT.
time_cmd() {
	r=$1 out=$2
	shift 2
	$timing time --runs "$r" -- "$@" >"$out"
}

# peer_search: print the medians over the queries of the wall and CPU
# milliseconds of rg -l -F (or grep -rlF), each query's figures the
# medians of $runs runs after one warm-up run that also loads the files
# into the cache; then, on a second line, the tool's name.
peer_search() {
	if command -v rg >/dev/null 2>&1; then
		set -- rg -l -F --
	else
		set -- grep -rlF --
	fi
	: >"$tmp/peer.ms"
	for q in 的 数据 量子计算 Kernel kernel ｋｅｒｎｅｌ "数据 kernel" 内核调度; do
		"$@" "$q" "$dir" >/dev/null 2>&1 || :
		time_cmd "$runs" "$tmp/peer.out" "$@" "$q" "$dir"
		echo "$(field median "$tmp/peer.out") $(field cpu "$tmp/peer.out")" \
			>>"$tmp/peer.ms"
	done
	echo "$(median_col 1 "$tmp/peer.ms") $(median_col 2 "$tmp/peer.ms")"
	echo "$1 $2 $3"
}

# callgrind_ir CMD...: print the instructions callgrind counts for CMD
# (its "I   refs" total, digits only); valgrind writes its report to a
# log file of its own, apart from CMD's output.
callgrind_ir() {
	rm -f "$tmp/cg.log"
	if ! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		--log-file="$tmp/cg.log" "$@" >/dev/null 2>"$tmp/cg.err"; then
		case $1 in rg|grep) ;; *) cat "$tmp/cg.err" >&2; return 1;; esac
	fi
	sed -n 's/^==[0-9]*== I *refs: *\([0-9,]*\).*/\1/p' "$tmp/cg.log" |
		tr -d , | grep .
}

# callgrind_part ONLY: print the instructions of one round of
# bench_search --only ONLY (a page of each query, or one list query):
# the count with --runs 2 minus the count with --runs 1, so start-up and
# the warm-up run cancel out.
callgrind_part() {
	one=$(callgrind_ir "$bin/bench_search" --db "$db" --runs 1 \
		--only "$1") || return 1
	two=$(callgrind_ir "$bin/bench_search" --db "$db" --runs 2 \
		--only "$1") || return 1
	echo $((two - one))
}

# median_col K FILE: print the median of column K of FILE's lines.
median_col() {
	awk -v k="$1" '{ print $k }' "$2" | sort -g | awk '{ v[NR] = $1 }
		END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

echo "tsundoku library benchmarks, $(date -u +%Y-%m-%dT%H:%MZ)," \
	"$(uname -m), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs," \
	"load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')," \
	"$n articles, seed $seed, $runs runs"

# The archive.
time_cmd 1 "$tmp/gen.out" "$bin/gen" --archive "$dir" --count "$n" \
	--seed "$seed"
text_bytes=$(find "$dir" -type f -exec cat {} + | wc -c | tr -d ' ')
echo "archive: gen --archive DIR --count $n --seed $seed:" \
	"$text_bytes bytes in $(find "$dir" -type f | wc -l | tr -d ' ') files," \
	"$(du -sk "$dir" | cut -f1) KB on disk," \
	"$(field median "$tmp/gen.out") ms to write"

# Indexing, against reading every byte: one reader, and 8 in flight.
if drop_caches; then cache="cold cache"; else cache="warm cache"; fi
echo
echo "== indexing ($cache: page cache dropped before each timed run" \
	"when permitted)"
drop_caches || :
time_cmd 1 "$tmp/cat1.out" sh -c \
	"find '$dir' -type f -print0 | xargs -0 cat >/dev/null"
drop_caches || :
time_cmd 1 "$tmp/cat8.out" sh -c \
	"find '$dir' -type f -print0 | xargs -0 -n 64 -P8 cat >/dev/null"
drop_caches || :
# Until the screen shows all $n articles (the status line, "10000
# articles": no digit grouping in C.UTF-8); tmux renders the screen, as
# the bytes curses sends may hold only the digits that changed.
$timing screen --timeout "$start_timeout" --until "$n articles" -- \
	"$tsundoku" --db "$tmp/cold.db" "$dir" | tee "$tmp/start_cold.out"
rm -f "$tmp/cold.db" "$tmp/cold.db-wal" "$tmp/cold.db-shm"
# The first rows of a cold start: until any row's date shows.
drop_caches || :
$timing screen --timeout "$start_timeout" --regex 1 \
	--until '[0-9]{4}-[0-9]{2}-[0-9]{2}' -- \
	"$tsundoku" --db "$tmp/cold.db" "$dir" | tee "$tmp/first_rows.out"
rm -f "$tmp/cold.db" "$tmp/cold.db-wal" "$tmp/cold.db-shm"
drop_caches || :
time_cmd 1 "$tmp/index.out" "$tsundoku" index --db "$db" "$dir"
cat1=$(field median "$tmp/cat1.out")
cat8=$(field median "$tmp/cat8.out")
index=$(field median "$tmp/index.out")
index_cpu=$(field cpu "$tmp/index.out")
echo "read all (cat, 1 reader): $cat1 ms; 8 in flight (xargs -P8 cat):" \
	"$cat8 ms"
echo "tsundoku index --db DB DIR: $index ms ($index_cpu ms cpu)"
rows=$("$tsundoku" list --db "$db" | wc -l | tr -d ' ')
echo "indexed rows (tsundoku list | wc -l): $rows"

# The database against the text.
db_bytes=$(cat "$db" "$db-wal" 2>/dev/null | wc -c | tr -d ' ')
echo "database + wal: $db_bytes bytes"

# Warm start: from the database alone (no path argument; the configured
# archive root is an empty directory, so nothing is indexed before the
# first paint: what the list costs once indexing runs in the background),
# then as a user starts it, with the archive as argument.
echo
echo "== warm start (page cache warm), 24 x 80 pseudo-terminal"
time_cmd "$runs" "$tmp/find.out" sh -c "find '$dir' -type f | wc -l"
echo "set archive $tmp/empty" >"$tmp/config"
$timing start --runs "$runs" --timeout "$start_timeout" -- \
	"$tsundoku" --config "$tmp/config" --db "$db" | tee "$tmp/start_db.out"
$timing start --runs "$runs" --timeout "$start_timeout" -- \
	"$tsundoku" --db "$db" "$dir" | tee "$tmp/start_dir.out"
# The first key: ? as soon as the first screen shows, until the help.
$timing key --runs "$runs" --timeout "$start_timeout" \
	--until "Keys in the article list" -- \
	"$tsundoku" --db "$db" "$dir" | tee "$tmp/key.out"
find_ms=$(field median "$tmp/find.out")
echo "find DIR -type f | wc -l: $find_ms ms"

# Search, in process, against rg over the cached files.
echo
echo "== search (bench_search, warm cache)"
# Snippets tidied as the program cuts them (store_query.tidy).
"$bin/bench_search" --db "$db" --runs "$runs" \
	--leftovers "$here/../data/leftovers" | tee "$tmp/search.out"
peer_search >"$tmp/peer.txt"
set -- $(sed -n 1p "$tmp/peer.txt")
peer_ms=$1 peer_cpu=$2
peer_name=$(sed -n 2p "$tmp/peer.txt")
echo "$peer_name QUERY DIR: median over the queries $peer_ms ms" \
	"(cpu $peer_cpu ms; each the median of $runs)"

# Instructions, when valgrind is there.
cg_page='' cg_list='' cg_peer=''
if [ "$callgrind" = 0 ]; then
	echo "instructions: skipped (BENCH_CALLGRIND=0)"
elif ! command -v valgrind >/dev/null 2>&1; then
	echo "instructions: valgrind not installed (apt-get install" \
		"valgrind); callgrind counts skipped"
else
	cg_page=$(callgrind_part page) || cg_page=
	cg_list=$(callgrind_part list) || cg_list=
	set -- $peer_name
	cg_peer=$(callgrind_ir "$@" -- 数据 "$dir") || cg_peer=
	echo "instructions (callgrind): a first page of each of the 8" \
		"queries: ${cg_page:-failed}; one list query of $rows rows:" \
		"${cg_list:-failed}; $peer_name 数据 DIR: ${cg_peer:-failed}"
fi

# The table. Wall-clock figures, and CPU time where it is known: on a
# busy machine other processes stretch the first, not the second.
search_fig() {
	sed -n "s/^search $1: median \([0-9.]*\) ms, p90 \([0-9.]*\) ms, cpu median \([0-9.]*\) ms, cpu p90 \([0-9.]*\) ms.*/\1 \2 \3 \4/p" \
		"$tmp/search.out"
}
start_fig() {
	sed -n 's/^start: paint median \([0-9.]*\) ms.*cpu median \([0-9.]*\) ms, peak rss \([0-9]*\) KB, runs \([0-9]*\)/\1 \2 \3 \4/p' "$1"
}
list=$(sed -n 's/^list library_load: \([0-9.]*\) ms median, cpu \([0-9.]*\) ms.*/\1 \2/p' "$tmp/search.out")
find_ms=$(field median "$tmp/find.out")
find_cpu=$(field cpu "$tmp/find.out")
echo
echo "== summary: $n articles, $cache for indexing; times wall (cpu)"
echo
echo "| figure | ours | reference in the same run | ratio | target |"
echo "| --- | --- | --- | --- | --- |"
cold=$(sed -n 's/^screen: until \([0-9.]*\) ms/\1/p' "$tmp/start_cold.out")
calc 'printf "| cold start, un-indexed archive, until the list shows all %d (%s; the text is indexed after, in the background) | %s | cat, 8 in flight: %.2f s | %s | < 5 s at 100k |\n", n, c, s == "" ? "over " t " s (killed)" : sprintf("%.1f s", s / 1000), c8 / 1000, s == "" ? "" : sprintf("%.1fx", s / c8)' \
	-v n="$n" -v c="$cache" -v s="$cold" -v t="$start_timeout" -v c8="$cat8"
first=$(sed -n 's/^screen: until \([0-9.]*\) ms/\1/p' "$tmp/first_rows.out")
calc 'printf "| cold start, first rows on screen (%s) | %s | cat, 8 in flight: %.2f s | %s | < 300 ms at 100k |\n", c, s == "" ? "over " t " s (killed)" : sprintf("%.0f ms", s), c8 / 1000, s == "" ? "" : sprintf("%.2fx", s / c8)' \
	-v c="$cache" -v s="$first" -v t="$start_timeout" -v c8="$cat8"
calc 'printf "| index %d articles (%s) | %.1f s (%.1f s), %.0f articles/s | cat, 8 in flight: %.2f s (%.0f articles/s); 1 reader: %.2f s | %.1fx the 8-reader time | report |\n", n, c, i / 1000, icpu / 1000, n / (i / 1000), c8 / 1000, n / (c8 / 1000), c1 / 1000, i / c8' \
	-v n="$n" -v c="$cache" -v i="$index" -v icpu="$index_cpu" \
	-v c8="$cat8" -v c1="$cat1"
set -- $(start_fig "$tmp/start_db.out") 0 0 0 0
calc 'printf "| warm start, list from the database (no path argument) | %.0f ms (%.0f ms), peak RSS %.1f MB | find DIR -type f \\| wc -l: %.0f ms (%.0f ms) | %.1fx (%.1fx) | < 150 ms, < 80 MB at 100k |\n", s, u, r / 1024, f, fc, s / f, u / fc' \
	-v s="$1" -v u="$2" -v r="$3" -v f="$find_ms" -v fc="$find_cpu"
set -- $(start_fig "$tmp/start_dir.out")
if [ $# -eq 4 ]; then
	calc 'printf "| warm start, `tsundoku --db DB DIR` (indexing runs after the first paint) | %s (%s), peak RSS %.1f MB, median of %d | find: %.0f ms | %.0fx | < 150 ms at 100k |\n", s < 10000 ? sprintf("%.0f ms", s) : sprintf("%.1f s", s / 1000), u < 10000 ? sprintf("%.0f ms", u) : sprintf("%.1f s", u / 1000), r / 1024, k, f, s / f' \
		-v s="$1" -v u="$2" -v r="$3" -v k="$4" -v f="$find_ms"
else
	echo "| warm start, \`tsundoku --db DB DIR\` (indexing runs after the first paint) | over $start_timeout s (killed) | find: $find_ms ms | | < 150 ms at 100k |"
fi
set -- $(sed -n 's/^key: paint median \([0-9.]*\) ms, answered median \([0-9.]*\) ms.*/\1 \2/p' "$tmp/key.out") 0 0
calc 'printf "| first key answered, `tsundoku --db DB DIR` (? sent at the first screen, %.0f ms; until the help shows) | %.0f ms | find: %.0f ms | %.2fx | < 50 ms at 100k |\n", p, k, f, k / f' \
	-v p="$1" -v k="$2" -v f="$find_ms"
for kind in page page+all ranked; do
	case $kind in
	page) what="first 50 newest first + snippets of a 24-row screen"
		target="median < 10 ms, >= 50x";;
	page+all) what="first 50 newest first + all 50 snippets"
		target=report;;
	*) what="first 50 by relevance + snippets of a 24-row screen"
		target=report;;
	esac
	set -- $(search_fig "$kind") 0 0 0 0
	calc 'printf "| search, %s | median %.1f ms (%.1f ms), p90 %.1f ms (%.1f ms) | %s: %.0f ms (%.0f ms) | %.1fx (%.1fx) faster | %s |\n", w, m, mc, p, pc, t, r, rc, r / m, rc / mc, g' \
		-v w="$what" -v m="$1" -v p="$2" -v mc="$3" -v pc="$4" \
		-v t="$peer_name" -v r="$peer_ms" -v rc="$peer_cpu" -v g="$target"
done
calc 'printf "| database size (db + wal) | %.1f MB | text: %.1f MB | %.2fx the text | report |\n", d / 1e6, t / 1e6, d / t' \
	-v d="$db_bytes" -v t="$text_bytes"
set -- $list 0 0
calc 'printf "| list query alone (library_load, %d rows) | %.1f ms (%.1f ms) | | | part of the start |\n", n, l, lc' \
	-v n="$rows" -v l="$1" -v lc="$2"
if [ -n "$cg_page" ] && [ -n "$cg_peer" ]; then
	calc 'printf "| instructions: search, first 50 newest first + a screen of snippets (callgrind) | %.1f M a query (mean of 8) | %s 数据: %.1f M | rg / ours: %.1fx | >= 50x |\n", p / 8e6, t, r / 1e6, r / (p / 8)' \
		-v p="$cg_page" -v t="$peer_name" -v r="$cg_peer"
fi
if [ -n "$cg_list" ]; then
	calc 'printf "| instructions: list query (callgrind) | %.1f M, %.0f a row | | | |\n", l / 1e6, l / n' \
		-v l="$cg_list" -v n="$rows"
fi
