#!/bin/sh
# SPDX-License-Identifier: MIT
# The layering rules of HACKING.md: curses only in term.c, sqlite3.h only
# in the store's own files (store*.c, store_impl.h), libunistring only in the text layer, and every module
# includes only headers of its own layer or lower ones.
set -eu
: "${top_srcdir:?run through make check}"
cd "$top_srcdir/src"
status=0
bad() { echo "layering: $*" >&2; status=1; }

# layer MODULE: print the layer number of a module (file name without .c/.h).
layer() {
	case "$1" in
	xmem|buf|arena|err|i18n|inflight|crash) echo 0;;
	utf8|words|wrap|fold) echo 1;;
	meta|md|doc|archive|tidy|chrome|find) echo 2;;
	store|store_*|state|search|snippet|export|anchor|highlight|library|indexer|indexer_*|quarantine|watch) echo 3;;
	layout|motion|render) echo 4;;
	action|keymap|conf|paths|term|prompt|noteedit|browser|view|view_*) echo 5;;
	app|app_*|main|cli) echo 6;;
	*) echo unknown;;
	esac
}

for f in *.c *.h; do
	m=${f%.*}
	lf=$(layer "$m")
	[ "$lf" != unknown ] || { bad "$f: module not in the layer table"; continue; }
	grep -q '#include <\(ncursesw/\)\?\(n\)\?curses.h>\|#include <term.h>' "$f" &&
		[ "$f" != term.c ] && bad "$f: curses outside term.c"
	case "$f" in store.c|store_*.c|store_impl.h) ;; *)
		grep -q '#include <sqlite3.h>' "$f" &&
			bad "$f: sqlite3.h outside the store's files";;
	esac
	if grep -q '#include <uni\(str\|width\|lbrk\|gbrk\|wbrk\|case\|norm\|ctype\|conv\|stdio\|name\|types\)\.h>' "$f" && [ "$lf" != 1 ]; then
		bad "$f: libunistring outside the text layer"
	fi
	for h in $(sed -n 's/^#include "\([a-z0-9_]*\)\.h".*/\1/p' "$f"); do
		[ "$h" = config ] && continue
		lh=$(layer "$h")
		[ "$lh" != unknown ] || { bad "$f includes unknown $h.h"; continue; }
		[ "$lh" -le "$lf" ] || bad "$f (layer $lf) includes $h.h (layer $lh)"
	done
done
[ "$status" = 0 ] && echo "layering: ok"
exit "$status"
