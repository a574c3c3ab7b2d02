#!/bin/sh
# SPDX-License-Identifier: MIT
# The archive's highlights list: H in the article list shows every
# highlight newest first with its article; / filters by text; e exports
# what is shown as Markdown to a file; Enter opens the article with the
# caret on the highlight, where emptying the note removes the note but
# not the highlight. The reader's list (H) shows the note, and
# Alt-Enter breaks a note's line while Esc asks before losing changes.
. "$top_srcdir/tests/tty/lib.sh"

FIX="$top_srcdir/tests/fixtures/highlight"
cursor() { pane '#{cursor_x},#{cursor_y}'; }
cursor_is() { [ "$(cursor)" = "$1" ]; }

start 80 20 "$FIX"
wait_for "1/2"
# The newer article (长文测试) first: highlight its first sentence.
keys Enter
wait_for "长文测试"
keys v S Enter
wait_for "Highlight saved"
keys Escape
wait_gone "CARET"
keys q
wait_for "2 articles"
keys g
wait_for "1/2"
# The other one: its first sentence, with a note of two lines.
keys j Enter
wait_for "读书笔记的写法"
keys v S a
wait_for "Note: Enter saves"
keys -l "要点"
keys M-Enter
keys -l "第二行"
wait_for "第二行"
keys Escape
wait_for "discard it? (y/n)"
keys n
wait_gone "discard it?"
assert_screen_has "要点"
keys Enter
wait_for "Note saved"
keys H
wait_for "Highlights in this article"
assert_screen_has "做笔记是读书的一部分。  ✎ 要点 第二行"
keys q Escape
wait_gone "CARET"
keys q
wait_for "2 articles"

# All of them, newest first.
keys H
wait_for "All highlights, newest first"
# row_has ROW RE: screen row ROW matches the grep regex RE.
row_has() { line "$1" | grep -q -- "$2"; }
poll_until "the newer highlight first" row_has 1 "做笔记是读书的一部分.*读书笔记的写法"
poll_until "the older highlight second" row_has 2 "第1段的第一句在这里.*长文测试"
keys /
keys -l "一部分"
keys Enter
wait_for "All highlights matching"
wait_gone "第1段的第一句"
# Export what is shown.
keys e
wait_for "Export to: ~/tsundoku-highlights.md"
keys Enter
wait_for "Exported 1 highlight to"
out="$HOME/tsundoku-highlights.md"
grep -qx "> 做笔记是读书的一部分。" "$out" || fail "export: $(cat "$out")"
grep -qx "# 读书笔记的写法" "$out" || fail "export lacks the title"
! grep -q "第1段" "$out" || fail "export holds what the filter hid"
# Enter opens the article with the caret on the highlight.
keys Enter
wait_for "CARET"
poll_until "the caret on the highlight" cursor_is "0,4"
# Esc and a key typed together (they can arrive as Alt and the key)
# still ask first and take the answer.
keys a
wait_for "Note: Enter saves"
keys -l "草"
wait_for "草"
keys Escape y
wait_for "Note not saved"
assert_screen_lacks "草"

# Emptying the note removes the note, not the highlight.
keys a
wait_for "Note: Enter saves"
keys BSpace BSpace BSpace BSpace BSpace BSpace
wait_gone "要点"
keys Enter
wait_for "Note removed"
keys H
wait_for "    做笔记是读书的一部分。"
assert_screen_lacks "✎"
keys q
keys Escape
wait_gone "CARET"
keys q
wait_for "All highlights matching"
keys q
wait_for "2 articles"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status"
