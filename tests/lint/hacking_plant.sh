#!/bin/sh
# SPDX-License-Identifier: MIT
# The HACKING.md lint is not a rubber stamp: on a copy of HACKING.md that
# names a function no module defines, a source file that is not there and
# a member of a struct that does not exist, it fails naming each; on
# HACKING.md as it is, it passes.
set -eu
: "${top_srcdir:?run through make check}"
lint="$top_srcdir/tests/lint/hacking.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

sh "$lint" >/dev/null 2>&1 || fail "HACKING.md as it is does not pass"

cp "$top_srcdir/HACKING.md" "$tmp/HACKING.md"
cat >> "$tmp/HACKING.md" <<'PLANT'
The loop calls `keymap_feed_twice()` and `src/ui/nowhere.c`, and
`indexer_nothing.field` holds it.
PLANT
sh "$lint" "$tmp/HACKING.md" 2>"$tmp/out" && fail "a HACKING naming missing things passed"
for name in keymap_feed_twice src/ui/nowhere.c indexer_nothing; do
	grep -q "names $name," "$tmp/out" || fail "$name is not named: $(cat "$tmp/out")"
done
echo "hacking_plant: ok"
