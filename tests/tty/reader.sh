#!/bin/sh
# SPDX-License-Identifier: MIT
# The reader: header, CJK wrapping, scrolling keys, percentage, resize.
. "$top_srcdir/tests/tty/lib.sh"

TEA="$SAMPLES/000_cece56143c996f50.txt"

# no_bad_line_starts: no screen line of the body starts with closing CJK
# punctuation or ends with opening brackets (kinsoku), and nothing raw
# from the Markdown shows.
no_bad_breaks() {
	# Only lines that continue a wrapped paragraph count: a paragraph may
	# itself start with punctuation (the interface leftovers do).
	screen | sed '$d' | python3 -c '
import sys
prev = ""
for l in sys.stdin.read().split("\n"):
    if prev.strip() and l and l[0] in "。，、！？：；）」":
        sys.exit("line starts with closing punctuation: " + l)
    prev = l
' || fail "kinsoku broken"
	screen | sed '$d' | grep -qE '(「|（)$' &&
		fail "a line ends with an opening bracket"
	screen | grep -qF '**' && fail "raw Markdown emphasis shown"
	screen | grep -qF '](' && fail "raw Markdown link shown"
	true
}

start 40 12 "$TEA"
wait_for "1/1"
keys Enter
wait_for "喝茶这件小事"
wait_for "%"
META="山间茶事 · 2023-04-12"
assert_screen_has "$META"
[ "$(max_width)" -le 40 ] || fail "a line is wider than 40 columns"
no_bad_breaks

# Page through the whole article checking every screen.
i=0
while ! line 11 | grep -q "100%"; do
	before=$(screen)
	keys Space
	wait_screen_change "$before"
	wait_settled
	i=$((i + 1))
	[ "$i" -lt 200 ] || fail "never reached 100%"
	[ "$(max_width)" -le 40 ] || fail "a line is wider than 40 columns"
	no_bad_breaks
done

keys g
wait_for "$META"
keys G
wait_for "100%"
keys g
wait_for "$META"

# j scrolls one line: the second line moves to the top.
wait_settled
first=$(line 0)
second=$(line 1)
keys j
wait_line_change 0 "$first"
wait_settled
[ "$(line 0)" = "$second" ] || fail "j did not scroll by exactly one line"
keys k
wait_for "$META"

# d and u move half a page.
keys d
wait_gone "$META"
keys u
wait_for "$META"
keys C-d
wait_gone "$META"
keys C-u
wait_for "$META"

# Resize keeps the same text at the top: scroll into the body, note the
# first characters of the top line, resize, find them near the top.
keys 1 5 j
wait_gone "$META"
wait_settled
top=$(line 0 | cut -c1-9)
[ -n "$top" ] || top=$(line 1 | cut -c1-9)
tmx resize-window -t t -x 70 -y 20
top_shows() { screen | head -n 3 | grep -qF -- "$top"; }
poll_until "'$top' at the top after a resize" top_shows
[ "$(max_width)" -le 70 ] || fail "a line is wider than 70 columns after resize"
tmx resize-window -t t -x 30 -y 10
poll_until "'$top' at the top after shrinking" top_shows
[ "$(max_width)" -le 30 ] || fail "a line is wider than 30 columns after resize"

# Help in the reader lists the reader's keys; q goes back to the list.
keys ?
wait_for "Keys in the reader"
# On a screen this small the descriptions wrap: page down to the row.
found=
for i in 1 2 3 4 5 6 7 8 9 10; do
	s=$(screen)
	case "$s" in *half-page*) found=1; break;; esac
	keys Space
	wait_screen_change "$s"
	wait_settled
done
[ -n "$found" ] || fail "the reader's help does not list half-page"
keys q
wait_for "%"
keys q
wait_for "1/1"
keys q
[ "$(wait_exit)" = 0 ] || fail "q in the list did not exit cleanly"
tmx kill-server

# Headings, bold and links render as text; images as placeholders.
start 80 24 "$SAMPLES/006_94e8783541ae7f04.txt"
wait_for "1/1"
keys Enter
wait_for "%"
page_until '\[image [0-9]+' 50
no_bad_breaks
tmx kill-server

# The top of the article is shown once: the title headings and source
# lines that repeat the header are dropped. The page leftovers at the end
# fold into one line; z shows them and hides them again.
start 80 24 "$TEA"
wait_for "1/1"
keys Enter
keys g	# reopening restores the earlier place; start from the top
wait_for "$META"
n=$(screen | sed '$d' | grep -c "喝茶这件小事：一杯绿茶")
[ "$n" = 1 ] || fail "the title is shown $n times above the status line"
[ "$(screen | grep -c "^山间茶事$")" = 0 ] || fail "a line repeating the source is shown"
keys G
wait_for "lines of page leftovers hidden"
assert_screen_lacks "预览时标签不可点"
keys z
wait_for "预览时标签不可点"
keys G
wait_for "100%"
assert_screen_lacks "lines of page leftovers hidden"
keys z
wait_for "lines of page leftovers hidden"
tmx kill-server

# Heading levels look different from each other: level 1 underlined,
# level 2 bold in the heading colour, level 3 bold italic.
start 60 20 "$top_srcdir/tests/fixtures/reader/levels.txt"
wait_for "1/1"
keys Enter
wait_for "Three"
attrs() { tmx capture-pane -p -e -t t | grep -F "$1" | head -n 1 | sed 's/[^[]*\(\[[0-9;]*m\).*/\1/'; }
one=$(attrs One) two=$(attrs Two) three=$(attrs Three)
[ -n "$one" ] && [ "$one" != "$two" ] && [ "$two" != "$three" ] && [ "$one" != "$three" ] ||
	fail "heading levels look alike: '$one' '$two' '$three'"
