#!/bin/sh
# SPDX-License-Identifier: MIT
# Every default binding does what its action says. The bindings come from
# the "# bind CONTEXT KEYS ACTION" lines of data/config (test_conf keeps
# them equal to keymap.c's table) and the actions from src/ui/action.h: an
# action without a binding line or without a check_ACTION function here,
# or a binding whose check fails, fails the test, naming both.
#
# check_ACTION CONTEXT runs in a subshell with the tmux keys of one
# binding in $KEYS: it puts a fresh tsundoku (its database copied from a
# snapshot) into CONTEXT in a known state, presses the keys with `press`
# and waits for what a user would see: the selection's row, the reader's
# percentage or first line, the caret (the terminal's cursor), a view's
# title, the status line, the database or the clipboard.
#
# ACTIONS_ONLY=WORD runs only the bindings whose line contains WORD.
. "$top_srcdir/tests/tty/lib.sh"
set -f		# keys such as ? and [h are not patterns

CONFIG="$top_srcdir/data/config"
DB="$XDG_DATA_HOME/tsundoku/tsundoku.db"
A0="$SAMPLES/000_cece56143c996f50.txt"	# 14 links
A1="$SAMPLES/001_43549ce56a5b4def.txt"	# English: headings, leftovers
A2="$SAMPLES/002_922508f76dcb3e2c.txt"	# code blocks
ROWS=12
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skipped"; exit 77; }

# --- The table: actions and bindings ----------------------------------

ACTIONS=$(sed -n 's/^[[:space:]]*X([A-Z0-9_]*, *"\([a-z0-9-]*\)".*/\1/p' \
	"$top_srcdir/src/ui/action.h")
BINDINGS=$(sed -n 's/^# bind //p' "$CONFIG")
[ -n "$ACTIONS" ] || fail "no actions read from src/ui/action.h"
[ -n "$BINDINGS" ] || fail "no '# bind' lines read from data/config"

# tmux_keys KEYS: the config's key names as send-keys arguments.
tmux_keys() {
	out=
	for tok in $1; do
		case "$tok" in
		C-?|M-?|Up|Down|Left|Right|Home|End|Enter|Tab|Space|F[0-9]|F1[0-2])
			out="$out $tok";;
		Esc) out="$out Escape";;
		Backspace) out="$out BSpace";;
		Delete) out="$out DC";;
		PageUp) out="$out PPage";;
		PageDown) out="$out NPage";;
		*)	# characters typed in a row, as in ]h or c1
			rest=$tok
			while [ -n "$rest" ]; do
				c=${rest%"${rest#?}"}
				rest=${rest#?}
				case "$c" in ';') c='\;';; esac
				out="$out $c"
			done;;
		esac
	done
	printf '%s\n' "${out# }"
}

# --- Helpers -----------------------------------------------------------

press() { keys $KEYS; }
sq() { sqlite3 "$DB" "$1"; }
status() { line $((ROWS - 1)); }
# pos: the N of the "N/M" at the end of the status line.
pos() { status | sed -n 's|.* \([0-9]*\)/[0-9]*$|\1|p'; }
# pct: the reader's percentage at the end of the status line.
pct() { status | sed -n 's/.* \([0-9]*\)%$/\1/p'; }
cursor() { pane '#{cursor_x},#{cursor_y}'; }

is_pos() { [ "$(pos)" = "$1" ]; }
wait_pos() { poll_until "row $1 (at $(pos))" is_pos "$1"; }
is_cursor() { [ "$(cursor)" = "$1" ]; }
wait_cursor() { poll_until "the caret at $1 (it is at $(cursor))" is_cursor "$1"; }
pct_cmp() { p=$(pct); [ -n "$p" ] && [ "$p" "$1" "$2" ]; }
# wait_pct OP N: until the percentage compares so to N (-gt, -lt, -eq).
wait_pct() { poll_until "the percentage $1 $2 (it is $(pct))" pct_cmp "$1" "$2"; }
status_has() { status | grep -qF -- "$1"; }
wait_status() { poll_until "'$1' on the status line" status_has "$1"; }
status_is() { [ "$(status | sed 's/ *$//')" = "$1" ]; }
wait_status_is() { poll_until "the status line '$1' (it is '$(status)')" status_is "$1"; }
is_line() { [ "$(line "$1")" = "$2" ]; }
# wait_line ROW TEXT: until screen row ROW is exactly TEXT.
wait_line() { poll_until "row $1 to be '$2' (it is '$(line "$1")')" is_line "$1" "$2"; }
sq_is() { [ "$(sq "$1")" = "$2" ]; }
# wait_db SQL VALUE: until the query gives VALUE.
wait_db() { poll_until "$1 = $2 (it is $(sq "$1"))" sq_is "$1" "$2"; }

# Snapshots of the data directory, copied before each check.
"$TSUNDOKU" index "$SAMPLES" >/dev/null
cp -R "$XDG_DATA_HOME/tsundoku" "$T/plain"
use_data() {
	rm -rf "$XDG_DATA_HOME/tsundoku"
	cp -R "$T/$1" "$XDG_DATA_HOME/tsundoku"
}
# BROWSER records what it is asked to open.
printf '#!/bin/sh\nprintf "%%s\\n" "$1" >> "%s/opened"\n' "$T" > "$T/browser"
chmod +x "$T/browser"
export BROWSER="$T/browser"

# --- Contexts in a known state -------------------------------------------

# in_list [SNAPSHOT]: the list of the 11 samples, on row 1.
in_list() {
	use_data "${1:-plain}"
	start 80 $ROWS
	wait_for "11 articles"
	wait_pos 1
}
# in_reader [FILE [SNAPSHOT]]: FILE (A1) open at its top.
in_reader() {
	use_data "${2:-plain}"
	start 80 $ROWS "${1:-$A1}"
	wait_for "1/1"
	keys Enter
	wait_gone "1/1"
	wait_for "%"
}
# in_caret [SNAPSHOT]: A1 at its top, the caret on "Ten years ago".
in_caret() {
	in_reader "$A1" "${1:-plain}"
	keys v
	wait_status CARET
	wait_cursor 0,4
}
# (Settled: the checks note rows of it before pressing the key.)
in_help() { in_list; keys ?; wait_for "Keys in the article list"; wait_settled; }
in_links() { in_reader "$A0"; keys f; wait_for "Links and images"; wait_pos 1; }
in_outline() { in_reader; keys t; wait_for "Outline"; wait_pos 1; }
in_sources() { in_list; keys F; wait_for "Show the articles of"; wait_pos 1; }
# The results of a search for "the": more than a screen.
in_results() {
	in_list
	keys /
	wait_status_is "Search the archive:"
	keys -l the
	keys Enter
	wait_for "Search: the"
	wait_pos 1
}
# The list of all highlights: two in A1 (snapshot "hl").
in_highlights() { in_list hl; keys H; wait_for "All highlights"; wait_pos 1; }
# in_prompt TEXT: the ':' line with TEXT typed.
in_prompt() {
	in_list
	keys :
	wait_status_is ":"
	[ -z "${1:-}" ] || { keys -l "$1"; wait_status_is ":$1"; }
}

# The "hl" snapshot: the heading "What did not" highlighted in the
# default colour, "Things I would tell myself in 2012" in colour 3.
in_reader
keys t
wait_for "Outline"
keys j j Enter
wait_line 0 "What did not"
keys v S
wait_cursor 11,0
keys Enter
wait_for "Highlight saved"
keys '}' '}' '}'
wait_cursor 0,10
keys S
wait_status SELECT
keys c 3
wait_for "Highlight saved in colour 3"
keys Escape q
wait_for "1/1"
keys q
[ "$(wait_exit)" = 0 ] || fail "making the highlights snapshot"
[ "$(sq 'SELECT count(*) FROM highlight')" = 2 ] || fail "the snapshot has no highlights"
# ... and every article at its top and unread, as in "plain".
sq "UPDATE article SET position = 0, percent = 0, read_at = NULL, first_opened = NULL, last_opened = NULL"
cp -R "$XDG_DATA_HOME/tsundoku" "$T/hl"

# The reading statistics of the samples, at their top. (Settled, as the
# help screen.)
in_stats() { in_list; keys I; wait_for "Reading statistics"; wait_settled; }
# The daily review of the two highlights of "hl", at the first.
in_review() { in_list hl; keys D; wait_for "Daily review"; wait_status "1/2"; }

# in_context CTX: the context, for the actions every context shares.
in_context() {
	case "$1" in
	list) in_list;; reader) in_reader;; caret) in_caret;; help) in_help;;
	links) in_links;; outline) in_outline;; sources) in_sources;;
	results) in_results;; highlights) in_highlights;; prompt) in_prompt;;
	stats) in_stats;; review) in_review;;
	*) fail "no setup for context $1";;
	esac
}
MENUS="links outline sources results highlights"
is_menu() { case " $MENUS " in *" $1 "*) return 0;; esac; return 1; }
LAST_OF_links=13 LAST_OF_outline=6 LAST_OF_sources=10 LAST_OF_highlights=2 LAST_OF_results=3
last_of() { eval "printf '%s' \"\${LAST_OF_$1:-}\""; }

# --- Checks: moving ------------------------------------------------------

check_move_down() {
	in_context "$1"
	case "$1" in
	reader) l1=$(line 1); press; wait_line 0 "$l1";;
	caret) press; wait_cursor 0,5;;
	help|stats) l3=$(line 3); press; wait_line 2 "$l3";;
	*) press; wait_pos 2;;
	esac
}

check_move_up() {
	in_context "$1"
	case "$1" in
	reader) l2=$(line 2); keys j j; wait_line 0 "$l2"; press; wait_line 1 "$l2";;
	caret) keys j; wait_cursor 0,5; press; wait_cursor 0,4;;
	help|stats) s=$(screen); keys j; wait_screen_change "$s"; press; wait_line 2 "$(echo "$s" | sed -n 3p)";;
	list) keys j j; wait_pos 3; press; wait_pos 2;;
	*) keys j; wait_pos 2; press; wait_pos 1;;
	esac
}

# A page keeps one line: the last row becomes the first.
check_page_down() {
	in_context "$1"
	case "$1" in
	reader) l10=$(line 10); press; wait_pct -gt 30; wait_line 0 "$l10";;
	caret) press; wait_pct -gt 30; wait_status CARET;;
	help|stats) s=$(screen); press; wait_screen_change "$s"
		wait_gone "$(echo "$s" | sed -n 3p)";;
	list) press; wait_pos 11;;
	# A menu's page moves the selection at least to the last row shown.
	*) n=$(status | sed -n 's|.*/\([0-9]*\)$|\1|p'); [ "$n" -gt 9 ] && n=9
		press; poll_until "row $n or more (at $(pos))" eval '[ "$(pos)" -ge "$n" ]';;
	esac
}

check_page_up() {
	in_context "$1"
	case "$1" in
	reader) keys Space Space; wait_pct -gt 40; l0=$(line 0); press; wait_line 10 "$l0";;
	caret) keys Space Space; wait_pct -gt 40; p=$(pct); press; wait_pct -lt "$p";;
	help|stats) s=$(screen); keys Space; wait_screen_change "$s"; press; wait_line 2 "$(echo "$s" | sed -n 3p)";;
	list|highlights|outline|sources) keys G; wait_gone " 1/"; press; wait_pos 1;;
	# A page up from the last row leaves the last screenful.
	*) keys G; wait_gone " 1/"; m=$(($(pos) - 9)); if [ "$m" -lt 1 ]; then m=1; fi
		press; poll_until "row $m or less (at $(pos))" eval '[ "$(pos)" -le "$m" ]';;
	esac
}

# Half a page is five of the reader's eleven rows.
check_half_page_down() {
	in_context "$1"
	case "$1" in
	reader) l5=$(line 5); press; wait_line 0 "$l5";;
	# The caret keeps its row; the text moves under it.
	caret) l5=$(line 5); press; wait_line 0 "$l5"; wait_cursor 0,4;;
	list) press; wait_pos 6;;
	help|stats) l5=$(line 5); press; wait_line 0 "$l5";;
	# A menu's half page is five of its nine rows, or its last item.
	*) n=$(last_of "$1"); { [ -n "$n" ] && [ "$n" -lt 6 ]; } || n=6
		press; wait_pos "$n";;
	esac
}

check_half_page_up() {
	in_context "$1"
	case "$1" in
	reader) keys Space Space; wait_pct -gt 40; l0=$(line 0); press; wait_line 5 "$l0";;
	caret) keys C-d C-d; wait_pct -gt 30; l0=$(line 0); c=$(cursor); press
		wait_line 5 "$l0"; wait_cursor "$c";;
	list) keys G; wait_pos 11; press; wait_pos 6;;
	help|stats) s=$(screen); keys Space; wait_screen_change "$s"; wait_settled; l0=$(line 0)
		press; wait_line 5 "$l0";;
	*) keys G; wait_gone " 1/"; m=$(($(pos) - 5)); [ "$m" -ge 1 ] || m=1
		press; wait_pos "$m";;
	esac
}

check_first() {
	in_context "$1"
	case "$1" in
	reader) t=$(line 0); keys Space; wait_line_change 0 "$t"; press; wait_line 0 "$t";;
	# The caret goes to the first line of text, under the header.
	caret) keys Space; wait_pct -gt 30; press; wait_cursor 0,4
		wait_line 0 "Living in the Terminal, Ten Years Later";;
	help|stats) s=$(screen); keys G; wait_screen_change "$s"; press; wait_line 2 "$(echo "$s" | sed -n 3p)";;
	*) keys j; wait_pos 2; press; wait_pos 1;;
	esac
}

check_last() {
	in_context "$1"
	case "$1" in
	reader|caret) press; wait_pct -eq 100;;
	help) press; wait_for "edit-history-next";;
	stats) press; wait_for "Sources";;
	list) press; wait_pos 11;;
	*) n=$(last_of "$1"); press
		if [ -n "$n" ]; then wait_pos "$n"; else wait_gone " 1/"; fi;;
	esac
}

# "50%" goes to half the article: the bottom line is past it.
check_goto_percent() {
	in_reader
	keys 5 0
	press
	wait_pct -gt 49
	[ "$(pct)" -lt 65 ] || fail "50% went to $(pct)%"
}

# --- Checks: views ---------------------------------------------------------

# Text written over the screen behind tsundoku's back goes on a repaint.
check_redraw() {
	in_context "$1"
	printf 'XYZZY-OVERWRITTEN' > "$(pane '#{pane_tty}')"
	wait_for "XYZZY-OVERWRITTEN"
	press
	wait_gone "XYZZY-OVERWRITTEN"
}

check_quit() { in_list; press; [ "$(wait_exit)" = 0 ] || fail "exit status"; }
# Ctrl-C asks first: n keeps the screen, y quits.
check_ask_quit() {
	in_context "$1"
	press
	wait_for "Quit tsundoku? (y/n)"
	keys n
	wait_gone "Quit tsundoku?"
	press
	wait_for "Quit tsundoku? (y/n)"
	keys y
	[ "$(wait_exit)" = 0 ] || fail "exit status"
}

# The help screen of the context opens and lists this binding.
help_title() {
	case "$1" in
	list) echo "Keys in the article list";; reader) echo "Keys in the reader";;
	help) echo "Keys in this help screen";; links) echo "Keys in the list of links";;
	outline) echo "Keys in the outline";; caret) echo "Keys in caret mode and with a selection";;
	highlights) echo "Keys in a list of highlights";; results) echo "Keys in the search results";;
	sources) echo "Keys in the list of sources";;
	stats) echo "Keys in the reading statistics";;
	review) echo "Keys in the daily review";;
	esac
}
check_help() {
	in_context "$1"
	press
	wait_for "Help: $(help_title "$1")"
	re="^ *([^ ].*, )?$(printf '%s' "$2" | sed 's/[]?[\\.*^$]/\\&/g')(,.*)? +help +"
	lists_help() { screen | grep -qE "$re"; }
	poll_until "the help screen to list '$2' for help" lists_help
}

# The ':' line opens on the status line; Esc closes it again.
check_command() {
	in_context "$1"
	press
	wait_status_is ":"
	keys Escape
	poll_until "the ':' line to close" eval '! status_is ":"'
}

# What each context goes back to.
check_back() {
	in_context "$1"
	case "$1" in
	reader) press; wait_for "1/1"; wait_for "sorted by";;
	caret) press; wait_gone CARET; wait_status "Living in the Terminal";;
	help) press; wait_for "11 articles";;
	links|outline) press; wait_status "%";;
	sources) press; wait_for "11 articles";;
	results) press; wait_for "11 articles";;
	highlights) press; wait_for "11 articles";;
	stats) press; wait_for "11 articles";;
	review) press; wait_for "11 articles";;
	esac
}

check_open() {
	in_context "$1"
	case "$1" in
	list) press; wait_status "中文排版的几个细节"; wait_pct -gt 0;;
	# A link opens in $BROWSER.
	links) keys j; wait_pos 2; press; wait_for "Opened in the browser"
		poll_until "the browser to be run" test -s "$T/opened"
		case "$(cat "$T/opened")" in https://mmbiz.qpic.cn/mmbiz_jpg/Qv7dLx2mTzPb3NcXsW8aLq0JrYeUfK5iaHd2*) ;;
		*) fail "opened $(cat "$T/opened")";; esac;;
	outline) keys j j; wait_pos 3; press; wait_line 0 "What did not";;
	sources) keys j; wait_pos 2; press; wait_status "1 article · 1 unread · sorted by date · Small Tools";;
	results) press; wait_status "hit 1/";;
	# Opening a highlight shows it with the caret on it.
	highlights) press; wait_status CARET; wait_line 0 "Things I would tell myself in 2012";;
	# The review opens the highlight's article at its place, past the top.
	review) press; wait_gone "Daily review"; wait_pct -gt 0;;
	esac
}

check_links() { in_reader "$A0"; press; wait_for "Links and images"; wait_pos 1; }
check_outline() { in_reader; press; wait_for "Outline"; assert_screen_has "What stuck"; }
check_open_url() {
	in_reader
	press
	poll_until "the browser to be run" test -s "$T/opened"
	[ "$(cat "$T/opened")" = "https://smalltools.example.org/2022/08/living-in-the-terminal-ten-years-later/" ] ||
		fail "opened $(cat "$T/opened")"
}

# --- Checks: searching ---------------------------------------------------

check_search() {
	in_context "$1"
	press
	case "$1" in
	# The list's / is labelled: it searches every article.
	list|results)
		wait_status_is "Search the archive:"; keys -l terminal; keys Enter
		wait_for "Search: terminal"; wait_status "2 results";;
	reader|caret)
		wait_status_is "/"; keys -l terminal; keys Enter; wait_status "hit 1/7";;
	highlights)
		wait_status_is "/"; keys -l Things; keys Enter
		wait_for 'All highlights matching "Things"'; wait_pos 1
		assert_screen_lacks "What did not";;
	esac
}

# A search for "terminal" first: 7 hits.
searched() {
	in_context "$1"
	keys /
	wait_status_is "/"
	keys -l terminal
	keys Enter
	wait_status "hit 1/7"
}
check_search_next() { searched "$1"; press; wait_status "hit 2/7"; }
check_search_prev() { searched "$1"; keys n; wait_status "hit 2/7"; press; wait_status "hit 1/7"; }

check_toggle_rank() { in_results; press; wait_status "best match first"; }
check_toggle_table() { in_stats; press; wait_status "charts"; wait_for "Date"; }
# The review's answers are written at once; note opens the note editor.
answered() { press; wait_status "2/2"; wait_db "SELECT count(*), max(state) FROM review" "1|$1"; }
check_review_keep() { in_review; answered 0; }
check_review_master() { in_review; answered 1; }
check_review_discard() { in_review; answered 2; }
check_review_note() { in_review; press; wait_for "Note: Enter saves"; }

# --- Checks: the reader's display -----------------------------------------

# A2's first code block, in a window narrower than its longest line.
at_code() {
	use_data plain
	start 40 $ROWS "$A2"
	wait_for "1/1"
	keys Enter
	wait_for "%"
	keys /
	keys -l "CREATE TABLE orders"
	keys Enter
	wait_status "hit 1/1"
	wait_for "    id          BIGINT PRIMARY KEY AUT"
}
check_scroll_right() { at_code; press; wait_gone "    id          BIGINT"; wait_for "BIGINT PRIMARY KEY AUTO_INCREME"; }
check_scroll_left() {
	at_code
	keys l
	wait_gone "    id          BIGINT"
	press
	wait_for "    id          BIGINT PRIMARY KEY AUT"
}
# Wrapped, the end of the long line shows on a row of its own.
check_toggle_code_wrap() { at_code; assert_screen_lacks "INCREMENT"; press; wait_for "INCREMENT,"; }

check_toggle_leftovers() {
	in_reader
	keys G
	wait_for "2 lines of page leftovers hidden"
	press
	wait_for "Share this post"
	assert_screen_lacks "leftovers hidden"
}

# --- Checks: reading state, the list -----------------------------------------

row1_is_read() { case "$(line 1)" in N*) return 1;; esac; }
row1_read() { poll_until "row 1 to lose its N" row1_is_read; }
check_toggle_read() {
	case "$1" in
	list) in_list; press; wait_status "Marked as read"; row1_read;;
	reader) in_reader; press; wait_status "Marked as read";;
	esac
	wait_db "SELECT count(*) FROM article WHERE read_at IS NOT NULL" 1
}

check_mark_all_read() {
	in_list
	press
	wait_for "Mark all 11 articles shown as read? (y/n)"
	keys y
	wait_status "11 articles · 0 unread"
	wait_db "SELECT count(*) FROM article WHERE read_at IS NULL" 0
}

check_sort() { in_list; press; wait_status "sorted by fetch date"; }
check_filter_unread() {
	in_list
	keys N
	row1_read
	press
	wait_status "unread only"
	wait_status "/10"
}
check_filter_source() { in_list; press; wait_for "Show the articles of"; assert_screen_has "Small Tools (1)"; }
# The archive is indexed again and the run says what it found (new
# files showing up is tests/tty/watch.sh's).
check_rescan() { in_list; press; wait_status "Archive rescanned: 0 new, 0 changed, 0 gone"; }
# The statistics and the review open over the list (their contents are
# tests/tty/stats.sh's); nothing read yet, nothing to review.
check_stats() { in_list; press; wait_status "Reading statistics"; wait_for "Streak: 0 days"; }
check_review() { in_list; press; wait_status "Daily review"; wait_for "Nothing to review today."; }

check_next_article() {
	in_list
	keys Enter
	wait_status "中文排版的几个细节"
	press
	wait_status "在上海坐地铁"
}
check_prev_article() {
	in_list
	keys j Enter
	wait_status "在上海坐地铁"
	press
	wait_status "中文排版的几个细节"
}

# --- Checks: highlights ----------------------------------------------------

check_highlights() {
	case "$1" in
	list) in_list hl; press; wait_for "All highlights, newest first"
		assert_screen_has "What did not";;
	reader) in_reader "$A1" hl; press; wait_for "Highlights in this article"
		assert_screen_has "Things I would tell myself in 2012";;
	caret) in_caret hl; press; wait_for "Highlights in this article";;
	esac
}

# caret_at_row TEXT: the caret is at the start of the row that starts
# with TEXT (looked for again each time: the text may scroll).
caret_at_row() {
	r=$(screen | grep -n "^$1" | head -n 1 | cut -d: -f1)
	[ -n "$r" ] && is_cursor "0,$((r - 1))"
}
wait_caret_at() { poll_until "the caret on '$1' (it is at $(cursor))" caret_at_row "$1"; }

# Both steps through both highlights and back.
check_next_highlight() {
	case "$1" in
	reader) in_reader "$A1" hl
		press; wait_line 3 "What did not"
		press; wait_line 3 "Things I would tell myself in 2012";;
	caret) in_caret hl
		press; wait_caret_at "What did not"
		press; wait_caret_at "Things I would tell myself in 2012";;
	esac
}
check_prev_highlight() {
	case "$1" in
	reader) in_reader "$A1" hl
		keys G; wait_pct -eq 100
		press; wait_line 3 "Things I would tell myself in 2012"
		press; wait_line 3 "What did not";;
	caret) in_caret hl
		keys G; wait_pct -eq 100
		press; wait_caret_at "Things I would tell myself in 2012";;
	esac
}

# In the archive's list (H in the article list) e asks where, with
# ~/tsundoku-highlights.md ready to accept; the article's own list (H
# in the reader, the same context) says where to go instead.
check_export() {
	in_reader "$A1" hl
	keys H
	wait_for "Highlights in this article"
	press
	wait_for "Export from the list of all highlights: H in the article list"
	in_highlights
	press
	wait_for "tsundoku-highlights.md"
	keys Enter
	wait_for "Exported 2 highlights"
	grep -q "Things I would tell myself in 2012" "$HOME/tsundoku-highlights.md" ||
		fail "the export lacks a highlight"
}

# --- Checks: the caret ------------------------------------------------------

check_caret() {
	case "$1" in
	reader) in_reader; press; wait_status CARET; wait_cursor 0,4;;
	caret) in_caret; press; wait_status SELECT
		keys w; wait_cursor 4,4; press; wait_status CARET;;
	esac
}
check_caret_right() { in_caret; press; wait_cursor 1,4; }
check_caret_left() { in_caret; keys l l; wait_cursor 2,4; press; wait_cursor 1,4; }
check_word_next() { in_caret; press; wait_cursor 4,4; press; wait_cursor 10,4; }
check_word_prev() { in_caret; keys w w; wait_cursor 10,4; press; wait_cursor 4,4; }
check_word_end() { in_caret; press; wait_cursor 2,4; press; wait_cursor 8,4; }
# "Ten years ago ... a terminal window. Mail, notes, ..."
check_sentence_next() { in_caret; press; wait_cursor 28,5; }
check_sentence_prev() { in_caret; keys ')'; wait_cursor 28,5; keys l; wait_cursor 29,5; press; wait_cursor 28,5; press; wait_cursor 0,4; }
check_paragraph_next() { in_caret; press; wait_line 10 "What stuck"; wait_cursor 0,10; }
check_paragraph_prev() { in_caret; keys w; wait_cursor 4,4; press; wait_cursor 0,4; }
check_line_end() { in_caret; press; wait_cursor 78,4; }
check_line_start() { in_caret; keys w w; wait_cursor 10,4; press; wait_cursor 0,4; }
check_swap_ends() { in_caret; keys v w w; wait_cursor 10,4; press; wait_cursor 0,4; press; wait_cursor 10,4; }
check_select_sentence() { in_caret; keys w; wait_cursor 4,4; press; wait_status SELECT; wait_cursor 26,5; }
check_select_paragraph() { in_caret; press; wait_status SELECT; wait_cursor 18,9; }

# The first sentence, selected with S.
FIRST="Ten years ago I wrote a short, slightly smug post about moving my whole working day into a terminal window."
selected() { in_caret; keys S; wait_status SELECT; }
check_highlight() {
	selected
	press
	wait_for "Highlight saved"
	wait_db "SELECT quote, color FROM highlight" "$FIRST|1"
}
check_highlight_N() {
	selected
	press
	wait_for "Highlight saved in colour $1"
	wait_db "SELECT quote, color FROM highlight" "$FIRST|$1"
}
check_highlight_1() { check_highlight_N 1; }
check_highlight_2() { check_highlight_N 2; }
check_highlight_3() { check_highlight_N 3; }
check_highlight_4() { check_highlight_N 4; }

check_note() {
	selected
	press
	wait_for "Note: Enter saves"
	keys -l "why it stuck"
	keys Enter
	wait_for "Note saved"
	wait_db "SELECT quote, note FROM highlight" "$FIRST|why it stuck"
}

# y sends the text through OSC 52, which tmux keeps as a paste buffer.
check_copy() {
	printf 'set -g set-clipboard on\n' >> "$T/tmux.conf"
	selected
	press
	wait_for "Copied 107 characters"
	# tmux may not have read the OSC 52 sequence yet.
	clipboard_is() { [ "$(tmx show-buffer 2>/dev/null)" = "$FIRST" ]; }
	poll_until "the clipboard to hold the sentence (it has '$(tmx show-buffer 2>&1)')" clipboard_is
}

# The caret on the saved highlight "What did not".
on_highlight() { in_caret hl; keys ']' h; wait_for "What did not"; }
check_delete_highlight() {
	on_highlight
	press
	wait_for "Highlight deleted: u brings it back"
	wait_db "SELECT count(*) FROM highlight WHERE quote = 'What did not'" 0
}
check_undo() {
	on_highlight
	keys x
	wait_db "SELECT count(*) FROM highlight WHERE quote = 'What did not'" 0
	press
	wait_for "Highlight restored"
	wait_db "SELECT count(*) FROM highlight WHERE quote = 'What did not'" 1
}

# --- Checks: the line editor ('s line) ---------------------------------------

check_edit_accept() { in_prompt help; press; wait_for "Help: Keys in the article list"; }
check_edit_cancel() { in_prompt help; press; wait_status "11 articles"; assert_screen_lacks "Help:"; }
check_edit_left() { in_prompt ab; press; keys X; wait_status_is ":aXb"; }
check_edit_right() { in_prompt ab; keys C-a; press; keys X; wait_status_is ":aXb"; }
check_edit_start() { in_prompt ab; press; keys X; wait_status_is ":Xab"; }
check_edit_end() { in_prompt ab; keys Left Left; press; keys X; wait_status_is ":abX"; }
check_edit_backspace() { in_prompt abc; press; wait_status_is ":ab"; }
check_edit_delete() { in_prompt abc; keys Left Left; press; wait_status_is ":ac"; }
check_edit_kill_start() { in_prompt "abc def"; keys Left Left Left; press; wait_status_is ":def"; }
check_edit_kill_word() { in_prompt "abc def"; press; wait_status_is ":abc"; keys X; wait_status_is ":abc X"; }
check_edit_kill_end() { in_prompt "abc def"; keys C-a Right; press; wait_status_is ":a"; }
# Two commands in the history: dates as years, then as months.
with_history() {
	in_prompt "set date-format %Y"
	keys Enter
	poll_until "the year alone" eval 'line 1 | grep -q "  2025  "'
	keys :
	keys -l "set date-format %m"
	keys Enter
	poll_until "the month alone" eval 'line 1 | grep -q "  06  "'
	keys :
	wait_status_is ":"
}
check_edit_history_prev() { with_history; press; wait_status_is ":set date-format %m"; press; wait_status_is ":set date-format %Y"; }
check_edit_history_next() { with_history; keys Up Up; wait_status_is ":set date-format %Y"; press; wait_status_is ":set date-format %m"; }

# --- Run -----------------------------------------------------------------

failed=0
fn_of() { printf 'check_%s' "$1" | tr - _; }
for a in $ACTIONS; do
	printf '%s\n' "$BINDINGS" | grep -q " $a\$" || {
		echo "FAIL: action $a has no '# bind' line in data/config" >&2
		failed=$((failed + 1))
	}
	command -v "$(fn_of "$a")" >/dev/null 2>&1 || {
		echo "FAIL: action $a has no $(fn_of "$a") in tests/tty/actions.sh" >&2
		failed=$((failed + 1))
	}
done

n=0
while read -r ctx spec; do
	[ -n "$ctx" ] || continue
	action=${spec##* }
	keyspec=${spec% *}
	case " $ctx $keyspec $action " in *" ${ACTIONS_ONLY:-} "*|*"${ACTIONS_ONLY:-}"*) ;; *) continue;; esac
	fn=$(fn_of "$action")
	command -v "$fn" >/dev/null 2>&1 || continue	# reported above
	n=$((n + 1))
	# A server of its own; the subshell's exit on failure leaves it to us.
	NSERVER=$((n * 10))
	[ -z "${ACTIONS_TIME:-}" ] || date "+%s.%N $ctx $keyspec $action" >&2
	if ! (KEYS=$(tmux_keys "$keyspec"); "$fn" "$ctx" "$keyspec") </dev/null; then
		echo "FAIL: '$keyspec' ($action) in the $ctx context" >&2
		failed=$((failed + 1))
	fi
	kill_servers
	printf 'set -g remain-on-exit on\nset -g status off\n' > "$T/tmux.conf"
	rm -f "$T/opened" "$HOME/tsundoku-highlights.md"
done <<EOF
$BINDINGS
EOF
echo "$n bindings checked, $failed failures"
[ "$failed" = 0 ]
