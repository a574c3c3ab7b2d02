#!/bin/sh
# SPDX-License-Identifier: MIT
# Indexing throughput: generates N articles with bench/gen (3 zh : 1
# mixed, BENCH_INDEX_SIZE bytes each), then times `tsundoku index` on them
# into a fresh database (wall clock and CPU), a second run that finds
# nothing to do (the stat-only walk and the comparison), and reading every
# byte of the same files with 8 reads in flight (xargs -P8 cat), and prints
# the database size (with its full-text shards) over the files' size, and
# the bytes the indexing wrote to the disk over the database's size. Only
# reports; nothing fails on a slow figure. Needs python3 (for the CPU times of child processes).
#
# Environment: BENCH_BIN (default bench), TSUNDOKU (default src/tsundoku),
# BENCH_INDEX_N (default 10000), BENCH_INDEX_SIZE (default 6000), TMPDIR.
set -eu

bin=${BENCH_BIN:-bench}
tsundoku=${TSUNDOKU:-src/tsundoku}
n=${BENCH_INDEX_N:-10000}
GEN=$bin/gen SIZE=${BENCH_INDEX_SIZE:-6000}
[ -x "$GEN" ] && [ -x "$tsundoku" ] ||
	{ echo "index.sh: build $GEN and $tsundoku first" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tsundoku-bench-index.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
DIR=$tmp/a
mkdir "$DIR"
export GEN SIZE DIR

i=0
while [ "$i" -lt "$n" ]; do
	kind=zh
	[ $((i % 4)) = 3 ] && kind=mixed
	echo "$i $kind"
	i=$((i + 1))
done | xargs -P2 -n2 sh -c 'exec "$GEN" --kind "$1" --size "$SIZE" --seed "$0" \
	--out "$DIR/$(printf "%06d_%016x.txt" "$0" "$0")"'

# timed CMD...: run CMD (its output discarded); print "wall cpu" seconds
# and the bytes it had written to the disk ("write_bytes" of
# /proc/self/io, which counts the children waited for; 0 where the
# kernel does not count them).
timed() {
	python3 -c '
import resource, subprocess, sys, time
def written():
    try:
        for line in open("/proc/self/io"):
            if line.startswith("write_bytes:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
w = written()
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.2f %.2f %d" % (time.monotonic() - t, r.ru_utime + r.ru_stime,
                        written() - w))' "$@"
}

db="$tmp/t.db"
bytes=$(find "$DIR" -name '*.txt' -exec cat {} + | wc -c)
read -r w1 c1 b1 <<EOT
$(timed "$tsundoku" index --db "$db" "$DIR")
EOT
read -r w2 c2 _ <<EOT
$(timed "$tsundoku" index --db "$db" "$DIR")
EOT
read -r w3 c3 _ <<EOT
$(timed sh -c 'find "$0" -name "*.txt" -print0 | xargs -0 -P8 -n64 cat >/dev/null' "$DIR")
EOT
# The database, its log and the full-text shards beside it ("$db-fts0",
# "$db-fts0-wal"...).
dbbytes=$(cat "$db" "$db"-wal "$db"-fts* 2>/dev/null | wc -c)
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
python3 - "$n" "$bytes" "$w1" "$c1" "$w2" "$c2" "$w3" "$dbbytes" "$load" "$b1" <<'PY'
import sys
n, b, w1, c1, w2, c2, w3, dbb, load, b1 = sys.argv[1:]
n, b, dbb, b1 = int(n), int(b), int(dbb), int(b1)
w1, c1, w2, c2, w3 = map(float, (w1, c1, w2, c2, w3))
# Tiny runs (tests/bench.sh) can take under the 10 ms the times show.
w1, w3 = max(w1, 0.01), max(w3, 0.01)
print("articles: %d, %.1f MB (load average %s)" % (n, b / 1e6, load))
print("index, fresh:  %.1f s wall, %.0f articles/s; CPU %.1f s, %.2f ms/article"
      % (w1, n / w1, c1, 1000 * c1 / n))
print("index, again:  %.2f s wall (walk + compare, nothing read)" % w2)
print("read all (8 in flight): %.2f s; indexing / reading = %.0fx" % (w3, w1 / w3))
print("database: %.1f MB, %.2fx the files" % (dbb / 1e6, dbb / b))
print("written while indexing: %.1f MB, %.1fx the database"
      % (b1 / 1e6, b1 / dbb if dbb else 0))
PY
