#!/bin/sh
# SPDX-License-Identifier: MIT
# Links, the article's own address and the outline: 'f' lists links,
# Enter or a number opens one through $BROWSER as a single argument and
# never through a shell; dangerous addresses are refused; 't' jumps to a
# heading.
. "$top_srcdir/tests/tty/lib.sh"

RECORD="$T/record"
export RECORD
# The recording browser is waited for, so its record is complete once
# the reader says it opened the link (tests/tty/browser.sh is about
# browsers that are not).
mkdir -p "$XDG_CONFIG_HOME/tsundoku"
printf 'set browser-wait yes\n' >"$XDG_CONFIG_HOME/tsundoku/config"
BROWSER="no-such-browser-xyz:$top_srcdir/tests/fixtures/browser/record.sh"

# start_links FILE: open FILE in the reader with the recording browser.
start_links() {
	new_server
	tmx -u new-session -d -s t -x 100 -y 30 -c "$T" \
		env TERM=tmux-256color LANG=C.UTF-8 HOME="$HOME" \
		XDG_CONFIG_HOME="$XDG_CONFIG_HOME" XDG_DATA_HOME="$XDG_DATA_HOME" \
		BROWSER="$BROWSER" RECORD="$RECORD" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
		sh -c "$TSU_WRAP" \
		"$TSUNDOKU" "$1"
	wait_for "1/1"
	keys Enter
	wait_for "%"
}

# wait_record: poll until the browser has written its whole record (it
# ends in "--end--"). "Opened in the browser" on the screen proves
# nothing: it may be the message of the link opened before.
record_done() { [ -f "$RECORD" ] && [ "$(tail -n 1 "$RECORD")" = --end-- ]; }
wait_record() { poll_until "the browser's record in $RECORD" record_done; }

start_links "$SAMPLES/006_94e8783541ae7f04.txt"
# The reader shows reference numbers after link text.
keys G
wait_for "中文文案排版指北[11]"
keys f
wait_for "Links and images"
assert_screen_has "[5] 中文排版需求"
assert_screen_has "https://www.w3.org/TR/clreq/"
# "5 Enter" opens link 5; the terminal comes back afterwards.
keys 5 Enter
wait_for "Opened in the browser"
wait_record
grep -qx "https://www.w3.org/TR/clreq/" "$RECORD" || fail "link 5 did not reach the browser"
keys q
wait_gone "Links and images"
# 'o' opens the article's own address.
rm -f "$RECORD"
keys o
wait_record
wait_for "Opened in the browser"
grep -q "^https://mp.weixin.qq.com/s?__biz=" "$RECORD" || fail "'o' did not open the article's url"
# The outline jumps to a heading.
keys t
wait_for "Outline"
assert_screen_has "二、标点挤压"
[ "$(screen | grep -c "中文排版的几个细节")" = 1 ] ||
	fail "the outline lists the repeated title headings, or not the title"
keys 2 Enter
wait_gone "Outline"
top_is_heading() { line 0 | grep -q "一、行首行尾禁则"; }
poll_until "the outline to jump to its heading" top_is_heading
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# Hostile links: shell syntax arrives as one literal argument and runs
# nothing; other schemes and option-like addresses never reach it.
rm -f "$RECORD"
start_links "$HOSTILE/links.txt"
keys f
wait_for "Links and images"
keys 1 Enter
wait_for "Opened in the browser"
wait_record
[ "$(grep -c . "$RECORD")" = 2 ] || fail "the URL did not arrive as exactly one argument"
grep -qxF 'https://example.com/?q=$(touch${IFS}PWNED);`id`|cat' "$RECORD" ||
	fail "the URL was altered on its way to the browser"
[ ! -e "$T/PWNED" ] || fail "a command in a URL was executed"
for n in 2 3 4; do
	rm -f "$RECORD"
	keys "$n" Enter
	wait_for "refusing to open"
	[ ! -e "$RECORD" ] || fail "link $n reached the browser"
	keys j
	wait_gone "refusing to open"
done
keys 5 Enter
wait_for "Opened in the browser"
wait_record
grep -qx "mailto:reader@example.com" "$RECORD" || fail "mailto link not opened"
keys q q q
[ "$(wait_exit)" = 0 ] || fail "exit status"
