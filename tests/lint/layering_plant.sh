#!/bin/sh
# SPDX-License-Identifier: MIT
# The layering lint is not a rubber stamp: on a copy of src/ with one edge
# the table forbids planted (the text layer including the app's header),
# it fails naming that edge; with two files that call each other, built
# into a library, it fails naming the cycle; on the tree as it is, it
# passes.
set -eu
: "${top_srcdir:?run through make check}"
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
CC=${CC:-cc}
lint="$top_srcdir/tests/lint/layering.py"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cp -R "$top_srcdir/src" "$tmp/src"
python3 "$lint" "$tmp/src" >/dev/null 2>&1 || fail "the tree as it is does not pass"

# An edge against the table.
printf '#include "app/app.h"\n' >> "$tmp/src/text/utf8.c"
python3 "$lint" "$tmp/src" 2>"$tmp/out" && fail "a text file including app/app.h passed"
grep -q 'text/utf8.c includes "app/app.h"' "$tmp/out" || fail "the edge is not named: $(cat "$tmp/out")"
cp "$top_srcdir/src/text/utf8.c" "$tmp/src/text/utf8.c"

# A file outside every layer folder.
printf 'int stray;\n' > "$tmp/src/stray.c"
python3 "$lint" "$tmp/src" 2>"$tmp/out" && fail "a file outside the layer folders passed"
grep -q 'stray.c: not in a layer folder' "$tmp/out" || fail "the stray file is not named"
rm "$tmp/src/stray.c"

# Two files that call each other.
mkdir -p "$tmp/lib"
printf 'int plant_b(int);\nint plant_a(int n) { return n ? plant_b(n - 1) : 0; }\n' > "$tmp/lib/plant_a.c"
printf 'int plant_a(int);\nint plant_b(int n) { return n ? plant_a(n - 1) : 1; }\n' > "$tmp/lib/plant_b.c"
(cd "$tmp/lib" && $CC -c plant_a.c plant_b.c && ar cr libplant.a plant_a.o plant_b.o) ||
	{ echo "no C compiler to build the planted cycle: skipped"; exit 77; }
python3 "$lint" "$tmp/src" "$tmp/lib/libplant.a" 2>"$tmp/out" && fail "a cycle passed"
grep -q 'plant_a, plant_b' "$tmp/out" || fail "the cycle is not named: $(cat "$tmp/out")"
echo "layering_plant: ok"
