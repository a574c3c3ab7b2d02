#!/bin/sh
# SPDX-License-Identifier: MIT
# The help screen at 80 and 100 columns, in English and in Chinese
# (simplified and traditional, zh_CN and zh_TW): every
# description is whole (wrapped at a word boundary, or between Chinese
# characters, never cut at the edge), the keys and the action name never
# run into each other, and Enter and / say what they do in each context.
#
# The oracle is the catalog: joining a row's wrapped lines gives back a
# message of po/zh_CN.po (its msgid in English, its msgstr in simplified
# Chinese) or, in zh_TW, a msgstr of po/zh_TW.po; so a language whose
# catalog was not loaded fails too.
. "$top_srcdir/tests/tty/lib.sh"
set -f

A0="$SAMPLES/000_cece56143c996f50.txt"
A1="$SAMPLES/001_43549ce56a5b4def.txt"
ROWS=110
"$TSUNDOKU" index "$SAMPLES" >/dev/null

# The catalog's one-line messages, spaces removed, one a line.
sed -n 's/^msgid "\(.*\)"$/\1/p' "$top_srcdir/po/zh_CN.po" | tr -d ' ' > "$T/en"
for zh in zh_CN zh_TW; do
	sed -n 's/^msgstr "\(.*\)"$/\1/p' "$top_srcdir/po/$zh.po" |
		tr -d ' ' > "$T/$zh"
done

# descriptions: the help screen's rows, their wrapped lines joined (an
# English line goes on after a space, or after nothing when it ended in
# a hyphen), then the last column of each: the description.
descriptions() {
	screen | sed '$d' | awk -v en="$1" '
		/^        +[^ ]/ { sub(/^ +/, ""); sep = (en && rec !~ /-$/) ? " " : ""
			rec = rec sep $0; next }
		{ if (rec != "") print rec; rec = $0 }
		END { if (rec != "") print rec }' |
	awk -F '  +' 'NF >= 3 || (NF == 2 && $1 ~ /^ :/) { print $NF }'
}

# check_help LANG COLS WHAT: every description of the help shown is a
# message of the catalog, whole.
check_whole() {
	en=1 cat=en
	case "$1" in zh_CN*) en=0 cat=zh_CN;; zh_TW*) en=0 cat=zh_TW;; esac
	descriptions "$en" > "$T/d"
	[ -s "$T/d" ] || fail "no descriptions read ($1, $2 columns, $3)"
	while IFS= read -r d; do
		dd=$(printf '%s' "$d" | tr -d ' ')
		grep -qxF -- "$dd" "$T/$cat" ||
			fail "$3 at $2 columns ($1): '$d' is cut or run together"
	done < "$T/d"
	[ "$(max_width)" -le "$2" ] || fail "a line wider than $2 columns"
}

for lang in C.UTF-8 zh_CN.UTF-8 zh_TW.UTF-8; do
	case $lang in
	zh*) locale -a 2>/dev/null | grep -qi "^${lang%.UTF-8}\.utf-\?8$" ||
		{ echo "$lang not installed: its help not checked" >&2; continue; };;
	esac
	LANG_RUN=$lang
	for cols in 80 100; do
		start "$cols" $ROWS "$A1"
		wait_for "1/1"
		keys ?
		poll_until "the list's help" eval 'screen | grep -q "^ ?  "'
		wait_settled
		check_whole "$lang" "$cols" "the list's help"
		keys q
		wait_for "1/1"
		keys Enter
		wait_for "%"
		keys ?
		poll_until "the reader's help" eval 'screen | grep -q "^ ?  "'
		wait_settled
		check_whole "$lang" "$cols" "the reader's help"
		keys q
		wait_gone "?  "
		keys v
		wait_status_has() { line $((ROWS - 1)) | grep -q "$1"; }
		keys ?
		poll_until "the caret's help" eval 'screen | grep -q "^ c1  "'
		wait_settled
		check_whole "$lang" "$cols" "the caret's help"
	done
done

# Enter and / say what they do in each context.
LANG_RUN=C.UTF-8
help_says() {
	poll_until "'$1' next to $2" eval "screen | grep -qE '^ $2 .* $1'"
}
start 100 $ROWS "$A0"
wait_for "1/1"
keys ?
help_says "Search the whole archive and list the articles found" /
help_says "Mark the selected article read, or unread again" "N, M"
keys q Enter
wait_for "%"
keys f
wait_for "Links and images"
keys ?
help_says "Open the selected link in a browser" Enter
keys q q t
wait_for "Outline"
keys ?
help_says "Go to the selected heading" Enter
keys q q q
wait_for "1/1"
keys F
wait_for "Show the articles of"
keys ?
help_says "Show only the articles of the selected source" Enter
