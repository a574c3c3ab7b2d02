#!/bin/sh
# SPDX-License-Identifier: MIT
# The man pages render without warnings and name every option and action.
set -eu
: "${top_srcdir:?run through make check}"
cd "$top_srcdir"
status=0
if [ -n "${MANDOC:-}" ] || command -v mandoc >/dev/null; then
	out=$(${MANDOC:-mandoc} -Tlint -W warning man/*.[1-8] 2>&1) || true
	[ -z "$out" ] || { echo "$out" >&2; status=1; }
else
	echo "man: mandoc missing, lint not run" >&2
	[ -z "${CI:-}" ] || status=1
fi
for opt in --help --version; do
	grep -q -- "$(echo "$opt" | sed 's/^--//')" man/tsundoku.1 || { echo "man: $opt undocumented" >&2; status=1; }
done
# Every character key bound by default appears as a word of some key
# list (.It Ic ...) in tsundoku(1).
documented=$(sed -n 's/^\.It Ic //p' man/tsundoku.1 | sed 's/\\&//g; s/[ ,]\{1,\}/\n/g')
set -f
for k in $(grep -o "B([A-Z]*, '.'," src/keymap.c | sed "s/.*'\\(.\\)'.*/\\1/" | sort -u); do
	printf '%s\n' "$documented" | grep -qxF -- "$k" ||
		{ echo "man: key '$k' is not documented" >&2; status=1; }
done
[ "$status" = 0 ] && echo "man: ok"
exit "$status"
