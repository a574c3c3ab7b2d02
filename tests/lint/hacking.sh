#!/bin/sh
# SPDX-License-Identifier: MIT
# HACKING.md names no file or function that does not exist: every
# `file.c`, `file.h` or path in backquotes is in the tree, and every
# `name()` or `module_name` in backquotes whose prefix is a module's is
# defined (or at least named) in src/. A struct member written as
# `module_thing.member` is checked by its struct's name. Names outside the
# tree (shared/, ../, config.h, which configure writes) are left alone.
#
# Usage: hacking.sh [FILE]   (FILE defaults to HACKING.md in top_srcdir)
set -eu
: "${top_srcdir:?run through make check}"
cd "$top_srcdir"
doc=${1:-HACKING.md}
status=0
bad() { echo "hacking: $doc names $*, which does not exist" >&2; status=1; }

names=$(grep -o '`[^`]*`' "$doc" | tr -d '`' | tr ' ' '\n' | sort -u)
modules=$(find src -name '*.c' | sed 's|.*/||; s|\.c$||' | sort -u)
for n in $names; do
	n=${n%()}
	n=${n%,}
	n=${n%.}
	case "$n" in
	*[!a-zA-Z0-9_./-]*) continue;;
	shared/*|../*|*config.h) ;;	# outside the tree, or generated
	*/*.[ch]|*/*.sh|*/*.py|*/*.md)
		[ -e "$n" ] || bad "$n";;
	*.h)	# ours, or a system header named for a rule about it
		[ -n "$(find src tests bench -name "$n" -print -quit)" ] ||
			[ -e "/usr/include/$n" ] || bad "$n";;
	*.c)
		[ -n "$(find src tests bench -name "$n" -print -quit)" ] || bad "$n";;
	[a-z]*_*.[a-z]*)	# a struct member: its struct must exist
		n=${n%%.*}
		prefix=${n%%_*}
		echo "$modules" | grep -qx "$prefix" || continue
		grep -rqw -- "$n" src || bad "$n";;
	[a-z]*_[a-z0-9_]*)
		prefix=${n%%_*}
		echo "$modules" | grep -qx "$prefix" || continue
		grep -rqw -- "$n" src || bad "$n";;
	esac
done
[ "$status" = 0 ] && echo "hacking: ok"
exit "$status"
