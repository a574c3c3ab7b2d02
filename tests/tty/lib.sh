# SPDX-License-Identifier: MIT
# lib.sh: shared helpers for the end-to-end tests. Each test runs the real
# binary inside its own tmux server (a real terminal emulator), with
# HOME and the XDG directories in a fresh temporary directory, types keys
# with send-keys and reads the screen back with capture-pane. Nothing
# sleeps for a fixed time: wait_for polls the screen until the expected
# text appears, or fails with the screen it saw.
set -eu

: "${TSUNDOKU:?run through make check}"
: "${top_srcdir:?run through make check}"
TMUX_BIN=${TMUX_BIN:-tmux}
command -v "$TMUX_BIN" >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/tsundoku-tty.XXXXXX")
SOCK="$T/tmux.sock"
export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
export TSUNDOKU_DATADIR="$top_srcdir/data"
export TSUNDOKU_LOCALEDIR="${LOCALEDIR_BUILD:-}"
SAMPLES="$top_srcdir/data/samples"
HOSTILE="$top_srcdir/tests/fixtures/hostile"
LANG_RUN=${LANG_RUN:-C.UTF-8}

# remain-on-exit comes from the config file, so it holds from the moment
# the server starts, even for a program that exits at once.
printf 'set -g remain-on-exit on\nset -g status off\n' > "$T/tmux.conf"
tmx() { "$TMUX_BIN" -S "$SOCK" -f "$T/tmux.conf" "$@"; }
# kill_servers: stop every tmux server the test started. Globbing is
# turned on for the sockets' pattern even in a test that turned it off
# (set -f), which would otherwise leave every server running.
kill_servers() {
	case $- in *f*) set +f; noglob=1;; *) noglob=;; esac
	for s in "$T"/tmux.*.sock; do
		[ -S "$s" ] && "$TMUX_BIN" -S "$s" kill-server >/dev/null 2>&1 || true
		rm -f "$s"
	done
	[ -z "$noglob" ] || set -f
}
cleanup() {
	kill_servers
	rm -rf "$T"
}
trap cleanup EXIT
# A test killed by a time limit still cleans up its tmux servers.
trap 'exit 1' INT TERM HUP

fail() {
	echo "FAIL: $*" >&2
	echo "--- screen ---" >&2
	screen >&2 || true
	echo "--------------" >&2
	exit 1
}

# start COLS ROWS ARGS...: run tsundoku ARGS in a new tmux session.
# With START_LOG set, everything it writes is also appended to that file
# from its first byte on (pipe-pane in the same tmux command, before the
# server reads any output: one run later would miss a fast program).
# The shell around it traps SIGHUP so that, when kill-server hangs up
# the terminal, it outlives tsundoku (a trap waits for the foreground
# command). Dying first, it would orphan tsundoku's process group while
# LeakSanitizer holds tsundoku stopped at exit; the kernel then sends
# SIGHUP and SIGCONT to the group and the sanitizer never finishes,
# leaving a process spinning.
# Each session gets a server of its own: reusing the socket of a server
# that is still shutting down fails with "server exited unexpectedly".
NSERVER=0
new_server() {
	tmx kill-server >/dev/null 2>&1 || true
	NSERVER=$((NSERVER + 1))
	SOCK="$T/tmux.$NSERVER.sock"
}

# The shell around tsundoku: it prints tsundoku's exit status, then
# keeps the pane (and what tsundoku left on it) until the terminal hangs
# up, reading and dropping what is typed meanwhile; nothing is timed.
TSU_WRAP='trap "exit 129" HUP; "$0" "$@"; echo "[tsundoku exited $?]"; exec cat >/dev/null'

# start_session NAME COLS ROWS ARGS...: run tsundoku ARGS in a new session
# NAME of the current server; START_ENV adds VAR=value words (no blanks
# in them) to its environment.
start_session() {
	name=$1 cols=$2 rows=$3
	shift 3
	# shellcheck disable=SC2086
	tmx -u new-session -d -s "$name" -x "$cols" -y "$rows" \
		env TERM="${TERM_RUN:-tmux-256color}" LANG="$LANG_RUN" LC_ALL="${LC_ALL_RUN:-}" \
		HOME="$HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		XDG_DATA_HOME="$XDG_DATA_HOME" TSUNDOKU_DATADIR="$TSUNDOKU_DATADIR" \
		TSUNDOKU_LOCALEDIR="$TSUNDOKU_LOCALEDIR" \
		TSUNDOKU_DEBUG_LAYOUT="${TSUNDOKU_DEBUG_LAYOUT:-}" \
		TSUNDOKU_DEBUG_HOLD_TEXT="${TSUNDOKU_DEBUG_HOLD_TEXT:-}" \
		TSUNDOKU_DEBUG_WATCH="${TSUNDOKU_DEBUG_WATCH:-}" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
		${START_ENV:-} sh -c "$TSU_WRAP" "$TSUNDOKU" "$@"
}

start() {
	cols=$1 rows=$2
	shift 2
	[ -z "${START_LOG:-}" ] || set -- "$@" ";" pipe-pane -t t -o "cat >> '$START_LOG'"
	new_server
	start_session t "$cols" "$rows" "$@"
}

# start_shell COLS ROWS: a plain shell, for checking the terminal after
# tsundoku exits.
start_shell() {
	new_server
	tmx -u new-session -d -s t -x "$1" -y "$2" \
		env TERM=tmux-256color PS1='$ ' LANG="$LANG_RUN" sh
}

screen() { tmx capture-pane -p -t t; }
keys() { tmx send-keys -t t "$@"; }
line() { screen | sed -n "$(($1 + 1))p"; }
pane() { tmx display-message -p -t t "$1"; }

# poll_within SECONDS WHAT COMMAND...: run COMMAND every 25 ms until it
# succeeds; after SECONDS (at least: each try takes some time too) fail,
# saying what was awaited. Tests wait for what they expect to see, or for
# the file or database row it leaves, never for a fixed time.
poll_within() {
	limit=$(($1 * 40))
	what=$2
	shift 2
	i=0
	until "$@"; do
		i=$((i + 1))
		[ "$i" -lt "$limit" ] || fail "timed out waiting for $what"
		sleep 0.025
	done
}

# poll_until WHAT COMMAND...: poll_within POLL_SECONDS, 60 unless set:
# an ASan build on a loaded two-core machine takes seconds to start and
# to repaint, and only a failing test waits the whole time.
POLL_SECONDS=${POLL_SECONDS:-60}
poll_until() { poll_within "$POLL_SECONDS" "$@"; }

screen_has() { screen | grep -qF -- "$1"; }
screen_lacks() { ! screen | grep -qF -- "$1"; }
has_exited() { screen | grep -q '^\[tsundoku exited [0-9]*\]'; }
line_is_not() { [ "$(line "$1")" != "$2" ]; }
screen_is_not() { [ "$(screen)" != "$1" ]; }

# wait_for TEXT: poll the screen until it contains TEXT (fixed string).
wait_for() { poll_until "'$1'" screen_has "$1"; }

# wait_gone TEXT: poll until the screen no longer contains TEXT.
wait_gone() { poll_until "'$1' to go" screen_lacks "$1"; }

# wait_exit: poll until tsundoku has exited; print its exit status,
# which the wrapper shell in start prints on the screen (tmux 3.3's
# pane_dead_status is not reliable).
wait_exit() {
	poll_until "tsundoku to exit" has_exited
	screen | sed -n 's/^\[tsundoku exited \([0-9]*\)\]$/\1/p' | tail -n 1
}

# max_width: the widest screen line in display columns.
max_width() { screen | LC_ALL=C.UTF-8 wc -L; }

# col_of TEXT: the display column where TEXT starts on the first screen
# line holding it.
col_of() {
	screen | python3 -c '
import sys, unicodedata
t = sys.argv[1]
for l in sys.stdin.read().split("\n"):
    i = l.find(t)
    if i >= 0:
        print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l[:i]))
        break
' "$1"
}

# assert_screen_has TEXT: the screen shows TEXT. It polls: after a
# wait_for, the rest of the screen may still be on its way (curses writes
# a screen in several pieces, and tmux can answer between them).
assert_screen_has() { poll_until "'$1' (the screen lacks it)" screen_has "$1"; }
assert_screen_lacks() { ! screen | grep -qF -- "$1" || fail "screen shows '$1'"; }

# wait_line_change ROW OLD: poll until screen row ROW differs from OLD.
wait_line_change() { poll_until "row $1 to change" line_is_not "$1" "$2"; }

# wait_screen_change OLD: poll until the screen differs from OLD (the
# output of an earlier `screen`).
wait_screen_change() { poll_until "the screen to change" screen_is_not "$1"; }

# wait_settled: poll until two captures in a row are the same, so that
# checks of the whole screen do not see half a repaint.
screen_settled() {
	settled_b=$(screen)
	[ "$settled_b" = "$settled_a" ] && return 0
	settled_a=$settled_b
	return 1
}
wait_settled() {
	settled_a=$(printf '\001')	# no capture is this
	poll_until "the screen to settle" screen_settled
}

# page_until PATTERN ROWS: press Space until PATTERN (a grep -E regex) is
# on screen, waiting for each repaint; fail after ROWS pages.
page_until() {
	i=0
	while ! screen | grep -qE -- "$1"; do
		before=$(screen)
		case "$before" in *100%) fail "reached the end without '$1'";; esac
		keys Space
		wait_screen_change "$before"
		wait_settled
		i=$((i + 1))
		[ "$i" -lt "$2" ] || fail "'$1' not found in $2 pages"
	done
}
