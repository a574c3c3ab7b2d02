#!/bin/sh
# SPDX-License-Identifier: MIT
# Chrome and body lines of `tsundoku show` on the fixtures in
# tests/fixtures/chrome: each NAME.txt has a NAME.expect whose lines say
# "chrome TEXT" (a whole line of page chrome that should be folded) or
# "body TEXT" (text of the article that must be shown). At a width no
# line reaches, a chrome line is counted as shown when it is a whole
# output line, a body text as lost when it is not in the output. Body
# lines lost must be 0; chrome lines shown at most CHROME_BUDGET (0).
# The fixtures are indexed first, into a database of their own, so that
# learned chrome applies; CHROME_DB=none shows them without it.
# Prints one line per fixture and the totals.
set -eu
: "${top_srcdir:?run through make check}"
TSUNDOKU=${TSUNDOKU:-$top_builddir/src/tsundoku}
TSUNDOKU_DATADIR=${TSUNDOKU_DATADIR:-$top_srcdir/data}
HOME=$(mktemp -d); XDG_CONFIG_HOME=$HOME/.config
export TSUNDOKU_DATADIR HOME XDG_CONFIG_HOME
trap 'rm -rf "$HOME"' EXIT
dir=$top_srcdir/tests/fixtures/chrome
# Learned chrome needs the fixtures indexed: several articles of each site.
[ "${CHROME_DB:-}" = none ] || "$TSUNDOKU" index --db "$HOME/db" "$dir" > /dev/null
shown_all=0 lost_all=0 chrome_all=0
for f in "$dir"/*.txt; do
	name=$(basename "$f" .txt)
	out=$HOME/out
	"$TSUNDOKU" show --db "$HOME/db" --width 10000 --color never "$f" > "$out"
	shown=0 lost=0 chrome=0
	while IFS= read -r line; do
		kind=${line%% *} text=${line#* }
		case $kind in
		chrome) chrome=$((chrome + 1))
			if grep -qxF -- "$text" "$out"; then
				shown=$((shown + 1)); echo "  shown: $text"
			fi;;
		body) grep -qF -- "$text" "$out" ||
			{ lost=$((lost + 1)); echo "  LOST: $text"; };;
		esac
	done < "$dir/$name.expect"
	echo "$name: chrome lines shown $shown of $chrome, body lines lost $lost"
	shown_all=$((shown_all + shown)) lost_all=$((lost_all + lost))
	chrome_all=$((chrome_all + chrome))
done
echo "total: chrome lines shown $shown_all of $chrome_all, body lines lost $lost_all"

# The command line of show: bad values are usage errors (status 2), a
# missing file an error (1) that does not stop the others; colour only
# when asked for.
fail() { echo "chrome: $*" >&2; exit 1; }
status() { set +e; "$@" > "$HOME/o" 2> "$HOME/e"; echo $?; set -e; }
[ "$(status "$TSUNDOKU" show)" = 2 ] || fail "show without FILE"
[ "$(status "$TSUNDOKU" show --width 0 "$dir/blog-1.txt")" = 2 ] ||
	fail "--width 0 accepted"
[ "$(status "$TSUNDOKU" show --color sometimes "$dir/blog-1.txt")" = 2 ] ||
	fail "--color sometimes accepted"
[ "$(status "$TSUNDOKU" show --json "$dir/blog-1.txt")" = 2 ] ||
	fail "--json accepted"
[ "$(status "$TSUNDOKU" show "$HOME/none.txt" "$dir/blog-1.txt")" = 1 ] ||
	fail "a missing file is not an error"
grep -q "keeping a paper logbook" "$HOME/o" || fail "the file after a missing one"
esc=$(printf '\033')
"$TSUNDOKU" show --color=always "$dir/blog-1.txt" | grep -q "$esc\[" ||
	fail "--color=always without colour"
! "$TSUNDOKU" show "$dir/blog-1.txt" | grep -q "$esc" ||
	fail "colour in a pipe"
"$TSUNDOKU" show --raw --width 40 "$dir/blog-1.txt" | grep -qx "Share this post" ||
	fail "--raw folded"
[ "$lost_all" = 0 ] || { echo "chrome: body lines lost" >&2; exit 1; }
[ "$shown_all" -le "${CHROME_BUDGET:-0}" ] ||
	{ echo "chrome: more chrome shown than the budget" >&2; exit 1; }
