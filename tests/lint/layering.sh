#!/bin/sh
# SPDX-License-Identifier: MIT
# The layering rules of HACKING.md, read from the table in layering.py:
# each file in its layer's folder, includes only along the allowed edges,
# foreign libraries in their one place, and no files calling each other
# round a cycle (read from the built library's symbols).
set -eu
: "${top_srcdir:?run through make check}"
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
exec python3 "$top_srcdir/tests/lint/layering.py" "$top_srcdir/src" \
	"${top_builddir:-.}/src/libtsundoku.a"
