#!/bin/sh
# SPDX-License-Identifier: MIT
# The README's key table agrees with the bindings: every key it shows in
# backquotes on a row is bound in that row's context. The bindings are
# data/config's "# bind" lines, which test_conf keeps equal to keymap.c's
# table, from which the help screen is drawn; tests/lint/man.sh checks
# tsundoku(1) against the same table.
set -eu
: "${top_srcdir:?run through make check}"
cd "$top_srcdir"
status=0
set -f
binds=$(sed -n 's/^# bind //p' data/config)
[ -n "$binds" ] || { echo "readme: no bindings read from data/config" >&2; exit 1; }
screens="list reader help links outline sources caret highlights results"

# bound CONTEXT KEYS: some binding of CONTEXT has exactly KEYS.
bound() {
	printf '%s\n' "$binds" | awk -v c="$1" -v k="$2" '
		$1 == c { keys = $0; sub(/^[^ ]+ /, "", keys); sub(/ [^ ]+$/, "", keys)
			if (keys == k) found = 1 }
		END { exit !found }'
}

rows=$(sed -n '/^| where | keys |$/,/^$/p' README.md | sed -n 's/^| \([a-z]*\) | \(.*\) |$/\1	\2/p')
[ -n "$rows" ] || { echo "readme: no key table found in README.md" >&2; exit 1; }
printf '%s\n' "$rows" | {
	while IFS='	' read -r where text; do
		case "$where" in everywhere) ctxs=$screens;; *) ctxs=$where;; esac
		# Every `...` token; commands (:quit), counts (5j, 12G) and
		# percentages (50%) stand for what they do, not for one key:
		# their key is checked alone.
		toks=$(printf '%s\n' "$text" | grep -o '`[^`]*`' | tr -d '`')
		IFS='
'
		for tok in $toks; do
			IFS=' 	
'
			case "$tok" in
			:*) continue;;
			[0-9]*[!0-9]) tok=$(printf '%s' "$tok" | sed 's/^[0-9]*//');;
			esac
			for c in $ctxs; do
				bound "$c" "$tok" ||
					{ echo "readme: '$tok' ($where row) is not bound in the $c context" >&2; status=1; }
			done
		done
	done
	[ "$status" = 0 ] && echo "readme: ok"
	exit "$status"
}
