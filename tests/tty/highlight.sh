#!/bin/sh
# SPDX-License-Identifier: MIT
# Highlights from the keyboard: a selection made with the caret across a
# page break is saved and drawn again after a restart; the exact keys
# "v j j S Enter" save the sentence under the caret; a note in Chinese
# shows its mark and is listed by H; x deletes and u brings back; c2
# recolours; y copies through OSC 52; and a highlight saved right before
# a SIGKILL is there after the restart. The caret's motions in Chinese
# text move the terminal's own cursor.
. "$top_srcdir/tests/tty/lib.sh"

FIX="$top_srcdir/tests/fixtures/highlight"
tsundoku_pid() { pgrep -P "$(pane '#{pane_pid}')" | head -n 1; }
cursor() { pane '#{cursor_x},#{cursor_y}'; }
cursor_is() { [ "$(cursor)" = "$1" ]; }
wait_cursor() { poll_until "the cursor at $1 (it is at $(cursor))" cursor_is "$1"; }

# row_of TEXT: the screen row (0-based) of the first line holding TEXT.
row_of() { screen | grep -nF -- "$1" | head -n 1 | cut -d: -f1 | awk '{print $1 - 1}'; }
# row_sgr TEXT: that row as tmux draws it, attributes included.
row_sgr() { tmx capture-pane -p -e -t t | sed -n "$(($(row_of "$1") + 1))p"; }
# assert_marked TEXT SGR: the row holding TEXT uses the SGR code (e.g.
# "42m", a green background).
assert_marked() {
	case "$(row_sgr "$1")" in *"$2"*) ;; *) fail "'$1' not drawn with $2";; esac
}
# open FILE COLS ROWS: start on one article and open it.
open() {
	start "$2" "$3" "$1"
	wait_for "1/1"
	keys Enter
	wait_gone "1/1"
	wait_for "%"
}
quit() {
	keys Escape; keys q; wait_for "1/1"; keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status"
}

# --- v j j S Enter saves the sentence under the caret ------------------
open "$FIX/notes.txt" 60 16
keys v j j S
wait_for "SELECT"
keys Enter
wait_for "Highlight saved"
assert_marked "第二段讲方法" "42m"
# SIGKILL right after: the row is committed already.
kill -KILL "$(tsundoku_pid)"
killed() { [ -z "$(tsundoku_pid)" ]; }
poll_until "tsundoku to die" killed

open "$FIX/notes.txt" 60 16
# --- Caret motions in Chinese move the real cursor -------------------
keys v
wait_for "CARET"
wait_cursor "0,4"		# 做笔记是…: the first text line
keys w
wait_cursor "20,4"		# 。 after 做笔记是读书的一部分
keys w
wait_cursor "22,4"		# 好的笔记…
keys 2b
wait_cursor "0,4"
keys ')'
wait_cursor "22,4"		# the next sentence: 好的笔记…
keys j
wait_cursor "22,5"		# same column, next line
keys '$'
wait_cursor "30,5"		# 。 ending 要停下来？因为它改变了你的想法。
keys 0
wait_cursor "0,5"
keys '}'
wait_cursor "0,7"		# 第二段
keys e
wait_cursor "10,7"		# 法, the last of the Han run 第二段讲方法
keys Escape
wait_gone "CARET"

assert_marked "第二段讲方法" "42m"
keys H
wait_for "Highlights in this article"
# The colour shows as a green swatch before the quote.
assert_screen_has "    第二段讲方法：先读完一章，再回头划线。"
assert_marked "第二段讲方法：先读完一章" "42m"

# --- A note in Chinese: the mark, and the note in H ---------------------
keys Enter			# jump to it: the caret is on it
wait_for "CARET"
keys a
wait_for "Note: Enter saves"
keys -l "划线的理由"
keys C-j
keys -l "第二行"
wait_for "第二行"
keys Enter
wait_for "Note saved"
assert_screen_has "批注要短。✎"
quit

open "$FIX/notes.txt" 60 16
assert_screen_has "批注要短。✎"
keys H
wait_for "✎ 划线的理由"
keys q

# --- Recolour, copy, delete and undo ------------------------------------
keys ']h'			# to the highlight, from reading
keys v
wait_for "CARET"
keys c 2
wait_for "Highlight saved in colour 2"
assert_marked "第二段讲方法" "46m"	# cyan
keys x
wait_for "Highlight deleted: u brings it back"
keys H
wait_for "Nothing to show."
keys q
keys u
wait_for "Highlight restored"
assert_marked "第二段讲方法" "46m"
quit

# --- Overlaps: the inner one is drawn over the outer, and is the target
open "$FIX/notes.txt" 60 16
assert_marked "第二段讲方法" "46m"
keys v
wait_for "CARET"
keys '}' v e		# 第二段讲方法, inside the cyan sentence
wait_for "SELECT"
keys c 3
wait_for "Highlight saved in colour 3"
assert_marked "第二段讲方法" "45m"	# magenta inside
assert_marked "第二段讲方法" "46m"	# cyan around it
keys x			# the caret is in both: the inner one goes
wait_for "Highlight deleted"
case "$(row_sgr "第二段讲方法")" in *45m*) fail "the inner highlight is still drawn";; esac
assert_marked "第二段讲方法" "46m"
quit

# --- Across a page break, saved and drawn after a restart ---------------
printf 'set -g set-clipboard on\n' >> "$T/tmux.conf"
open "$FIX/long.txt" 60 12
keys v
wait_for "CARET"
keys ')'			# 第1段的第二句
keys v
wait_for "SELECT"
keys Space			# a page on: the selection follows
wait_gone "第1段的第一句"
keys '$'
keys y
wait_for "Copied"
# tmux takes the OSC 52 sequence from the same output as the message,
# but it may not have read that far yet.
copied() { tmx show-buffer 2>/dev/null | grep -q "^第1段的第二句在那里。"; }
poll_until "OSC 52 to reach the clipboard" copied
keys Enter
wait_for "Highlight saved"
# end_at_caret: the line under the terminal's cursor (the caret, once
# the repaint is done) ends a paragraph's second sentence.
end_at_caret() { end=$(line "$(pane '#{cursor_y}')" | grep -o "第[0-9]*段的第二句在那里。"); }
poll_until "the selection to end on a paragraph's last sentence" end_at_caret
quit

open "$FIX/long.txt" 60 12
keys g
wait_for "第1段的第一句"
assert_marked "第1段的第二句" "42m"
keys H
wait_for "    第1段的第二句在那里。"
keys q
keys ']h'
wait_for "第1段的第二句"
keys Space
wait_for "$end"
assert_marked "$end" "42m"
keys q
wait_for "1/1"
keys q
wait_exit >/dev/null

# --- Without colours (NO_COLOR) the highlight, the selection and the
# caret still look different: underline, reverse, reverse and bold.
export NO_COLOR=1
open "$FIX/notes.txt" 60 16
keys ']h' v
wait_for "CARET"
keys v e e
wait_for "SELECT"
# Both e moves done: the caret is on the full stop after the word.
caret_on_stop() { row_sgr "第二段讲方法" | grep -qF "[1;4m："; }
poll_until "the caret on '：' after 'v e e'" caret_on_stop
row=$(row_sgr "第二段讲方法")
! printf '%s' "$row" | grep -Eq '[[;][34][0-7]m' || fail "colours despite NO_COLOR: $row"
case "$row" in *"[7m第二段讲方法"*) ;; *) fail "the selection is not plain reverse: $row";; esac
case "$row" in *"[1;4m："*) ;; *) fail "the caret is not reverse, bold, underlined: $row";; esac
case "$row" in *"："*"[0;1;4m"*"先读完"*) ;; *) fail "the highlight is not underlined: $row";; esac
keys Escape
quit
