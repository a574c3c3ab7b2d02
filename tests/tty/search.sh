#!/bin/sh
# SPDX-License-Identifier: MIT
# In-article search: '/' prompts, hits ignore case and width, span inline
# markup, are counted in the status line and stepped with n and N; '?'
# typed in the prompt is text, not help.
. "$top_srcdir/tests/tty/lib.sh"

start 80 24 "$top_srcdir/tests/fixtures/reader/search.txt"
wait_for "1/1"
keys Enter
wait_for "Fixtures · 2024-02-01"

# search TEXT: type /TEXT Enter, waiting for the prompt to open and to
# close again: the status line of the search before ("hit 1/1") may
# hold what the next one awaits.
prompt_open() { case "$(line 23)" in /*) return 0;; esac; return 1; }
prompt_closed() { ! prompt_open; }
search() {
	keys /
	poll_until "the / prompt" prompt_open
	keys -l "$1"
	keys Enter
	poll_until "the search for '$1' to run" prompt_closed
}

search TERMINAL
wait_for "hit 1/2"
keys n
wait_for "hit 2/2"
keys n
wait_for "hit 1/2"
keys N
wait_for "hit 2/2"

# Width folding both ways, and a hit across bold markup.
search abc
wait_for "hit 1/1"
search カタカナ
wait_for "hit 1/1"
search 体和普
wait_for "hit 1/1"
# Search matches the text as displayed, link reference numbers included.
search "link text[1] end"
wait_for "hit 1/1"
# The hit is drawn differently from the text around it.
screen_e=$(tmx capture-pane -p -e -t t)
case "$screen_e" in *"[30m"*|*"[7m"*|*"[43m"*|*"48;5;221"*) ;; *) fail "the hit is not marked";; esac

# '?' in the prompt is text.
search "mark?"
wait_for "hit 1/1"
assert_screen_lacks "Keys in the reader"

search "nowhere to be found"
wait_for "Not found: nowhere to be found"
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit status"
