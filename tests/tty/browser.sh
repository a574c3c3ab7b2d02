#!/bin/sh
# SPDX-License-Identifier: MIT
# Browsers: a graphical one runs detached (its own session, no
# terminal, not waited for), so the screen stays live while it runs and
# no zombie is left behind; a terminal one (known by its name: w3m,
# lynx, ...) gets the terminal and tsundoku waits; `set browser-wait`
# overrides the guess.
. "$top_srcdir/tests/tty/lib.sh"

ART="$SAMPLES/006_94e8783541ae7f04.txt"	# has an address ('o')
B="$T/bin"
mkdir -p "$B"
# A graphical browser: records its pid and its terminal, then waits
# on a pipe no one writes to, until it is killed.
mkfifo "$T/gui.hold"
# A test that fails with the browser still waiting stops it too.
trap 'kill "$(cat "$T/gui.pid" 2>/dev/null)" 2>/dev/null || true; cleanup' EXIT
cat >"$B/fakegui" <<EOF
#!/bin/sh
tty >"$T/gui.tty" 2>&1
echo \$\$ >"$T/gui.pid.tmp"
mv "$T/gui.pid.tmp" "$T/gui.pid"
exec cat "$T/gui.hold"
EOF
# A terminal browser: shows the address, waits for Enter.
cat >"$B/w3m" <<'EOF'
#!/bin/sh
printf 'FAKE W3M %s\n' "$1"
read -r line
EOF
chmod +x "$B/fakegui" "$B/w3m"

# start_with BROWSER [CONFIG]: the article in the reader.
start_with() {
	mkdir -p "$XDG_CONFIG_HOME/tsundoku"
	printf '%s\n' "${2:-}" >"$XDG_CONFIG_HOME/tsundoku/config"
	START_ENV="BROWSER=$1" start 100 30 "$ART"
	wait_for "1/1"
	keys Enter
	wait_for "%"
}
tsundoku_pid() { pgrep -P "$(pane '#{pane_pid}')" | head -n 1; }
zombies() { ps -o stat= --ppid "$(tsundoku_pid)" | grep -c Z || true; }

# The graphical browser: the screen answers keys while it runs.
start_with "$B/fakegui"
keys o
wait_for "Opened in the browser"
poll_until "the browser to start" test -f "$T/gui.pid"
gui=$(cat "$T/gui.pid")
kill -0 "$gui" || fail "the browser is not running"
grep -q "not a tty" "$T/gui.tty" || fail "the detached browser has a terminal: $(cat "$T/gui.tty")"
[ "$(ps -o sid= -p "$gui" | tr -d ' ')" != "$(ps -o sid= -p "$(tsundoku_pid)" | tr -d ' ')" ] ||
	fail "the browser shares tsundoku's session"
keys q
wait_for "1/1"
keys Enter
wait_for "%"
kill "$gui"
[ "$(zombies)" = 0 ] || fail "a zombie is left"
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit status (graphical)"

# A terminal browser gets the screen, and tsundoku waits for it.
start_with "$B/w3m"
keys o
wait_for "FAKE W3M https://mp.weixin.qq.com/s?"
keys Enter
wait_for "Opened in the browser"
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit status (terminal)"

# browser-wait yes: even a graphical one is waited for, with the
# terminal handed over; its end is reported.
rm -f "$T/gui.pid"
start_with "$B/fakegui" "set browser-wait yes"
keys o
poll_until "the browser to start" test -f "$T/gui.pid"
grep -q "not a tty" "$T/gui.tty" && fail "browser-wait yes: the browser has no terminal"
assert_screen_lacks "Opened in the browser"
kill "$(cat "$T/gui.pid")"
wait_for "fakegui was killed"
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit status (browser-wait yes)"
exit 0
