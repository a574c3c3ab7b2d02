#!/bin/sh
# SPDX-License-Identifier: MIT
# The list as the library shows it: the counts in the status line, the
# five orders (s), the unread filter (U), the source filter (F), marking
# read and unread (N, M), marking all read after a question (A), the next
# and previous article from the reader (J, K), and archive-wide search
# from the list (/) with its results view.
. "$top_srcdir/tests/tty/lib.sh"

# first_is TEXT: the first list row shows TEXT.
first_is() { line 1 | grep -qF -- "$1" || fail "first row is not '$1'"; }

# One highlight, imported, shows as a count in the list's HL column.
DB_ARTICLE="$(cd "$SAMPLES" && pwd -P)/002_922508f76dcb3e2c.txt"
cat > "$T/hl.json" <<JSON
{"format": "tsundoku-highlights", "version": 1, "articles": [
 {"path": "$DB_ARTICLE", "highlights": [
  {"quote": "回表", "prefix": "", "suffix": "", "note": null, "color": 1,
   "start": 1865, "end": 1871, "created": 1, "updated": 1}]}]}
JSON
"$TSUNDOKU" import "$T/hl.json" >/dev/null || fail "import"

start 100 30
wait_for "11 articles · 11 unread · sorted by date"
first_is "中文排版"
assert_screen_has "HL"
screen | grep -q "^N *1 *2024-03-07 *后端杂记" || fail "no highlight count on its row"

# s cycles through the orders, each named in the status line.
keys s
wait_for "sorted by fetch date"
keys s
wait_for "sorted by title"
first_is "Family trip"
keys s
wait_for "sorted by source"
keys s
wait_for "sorted by last read"
keys s
wait_for "sorted by date"

# N marks the selected article read; the count drops, the mark goes.
keys N
wait_for "Marked as read"
keys g	# a key clears the message from the status line
wait_for "11 articles · 10 unread"
line 1 | grep -q '^N ' && fail "a read article still marked new"
# U shows only unread ones, and again shows all.
keys U
wait_for "10 articles · 10 unread · sorted by date · unread only"
assert_screen_lacks "中文排版"
keys U
wait_for "11 articles · 10 unread"
# M on a read article makes it unread again.
keys g M
wait_for "Marked as unread"
keys g
wait_for "11 articles · 11 unread"

# F lists the sources with counts; choosing one filters the list.
keys F
wait_for "慢读手记 (2)"
assert_screen_has "Every source"
row=$(screen | grep -n "慢读手记 (2)" | head -n 1 | cut -d: -f1)
keys "$((row - 1))" Enter	# a count chooses that item of the menu
wait_for "2 articles · 2 unread · sorted by date · 慢读手记"
keys F
wait_for "Every source"
keys 1 Enter
wait_for "11 articles · 11 unread · sorted by date"

# J and K step through the list's order from the reader. (The list
# shows the titles too: wait for each article's source and date line.)
keys g Enter
wait_for "字里行间 · 2025-06-21"
keys J
wait_for "城市漫游指南 · 2025-02-11"
keys K
wait_for "字里行间 · 2025-06-21"
keys K
wait_for "This is the first article"
keys q
wait_for "sorted by date"

# A asks first; anything but y leaves everything as it was.
keys A
wait_for "Mark all 11 articles shown as read? (y/n)"
keys n
wait_for "Nothing was marked"
keys g
wait_for "11 unread"
keys A
wait_for "(y/n)"
keys y
wait_for "11 articles · 0 unread"

# / searches the whole archive; results are newest first with a
# snippet, s orders them by relevance, Enter opens the article at the
# first hit.
keys / 回表 Enter
wait_for "Search: 回表"
wait_for "1 result"
assert_screen_has "newest first"
# The title lacks the word: on screen, it is the snippet's.
[ "$(screen | grep -c "回表")" -ge 2 ] || fail "no snippet with the match"
keys s
wait_for "best match first"
keys Enter
wait_for "hit 1/"
keys q
wait_for "Search: 回表"
keys / zzqqxx Enter
wait_for "No article matches."
keys q
wait_for "sorted by date"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# While the archive is still being indexed, the count of results says
# it may grow: held between listing and text (TSUNDOKU_DEBUG_HOLD_TEXT),
# half the indexing is done and no text is searchable yet.
HDB="$T/held.db"
TSUNDOKU_DEBUG_HOLD_TEXT=1
start 100 20 --db "$HDB" "$SAMPLES"
TSUNDOKU_DEBUG_HOLD_TEXT=
wait_for "indexing text 0/"
keys /
wait_for "Search the archive:"
keys -l terminal
keys Enter
wait_for "Search: terminal"
wait_for "0 results so far, indexing 50%"
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit status while indexing"
