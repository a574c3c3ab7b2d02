#!/bin/sh
# SPDX-License-Identifier: MIT
# Device sync through a real sync engine: two Syncthing instances on
# 127.0.0.1 only (no discovery, relays or NAT traversal; each given the
# other's address), sharing one folder between two tsundoku homes. A
# highlight made on one device reaches the other's database through
# Syncthing and `tsundoku sync`. Skipped (77) only without Syncthing.
# Both instances are stopped by pid. Setup follows
# /work/shared/notes/syncthing-offline.md.
set -eu
: "${TSUNDOKU:?run through make check}"
: "${top_srcdir:?run through make check}"
command -v syncthing >/dev/null 2>&1 ||
	{ echo "syncthing not installed (apt-get install syncthing): skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skipped"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/tsundoku-st.XXXXXX")
PIDS=
cleanup() {
	for p in $PIDS; do kill -TERM "$p" 2>/dev/null || true; done
	for p in $PIDS; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.05; i=$((i + 1))
		done
		kill -KILL "$p" 2>/dev/null || true
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail() { echo "FAIL: $*" >&2; for h in 1 2; do tail -n 20 "$T/st$h.log" >&2 2>/dev/null || true; done; exit 1; }
start_s=$(date +%s)

# Free loopback ports: 2 for syncing, 2 for the REST interface.
set -- $(python3 -c '
import socket
ss = [socket.socket() for _ in range(4)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
P1=$1 P2=$2 G1=$3 G2=$4

export STNODEFAULTFOLDER=1 STNOUPGRADE=1 STNORESTART=1 STHASHING=minio STMONITORED=yes
for h in 1 2; do
	mkdir -p "$T/share$h" "$T/archive$h/dir$h"
	syncthing generate --home="$T/h$h" --no-default-folder --skip-port-probing >/dev/null 2>&1 ||
		fail "syncthing generate"
done
ID1=$(syncthing serve --home="$T/h1" --device-id)
ID2=$(syncthing serve --home="$T/h2" --device-id)

# configure HOME MYPORT GUIPORT SHARE: offline, fast, the folder shared
# with both devices, the peer at its static loopback address.
configure() {
	python3 - "$@" "$ID1" "$ID2" "$P1" "$P2" <<'PY'
import sys, copy, xml.etree.ElementTree as ET
home, port, gui, share, id1, id2, p1, p2 = sys.argv[1:]
path = home + "/config.xml"
tree = ET.parse(path); root = tree.getroot()
o = root.find("options")
def setopt(name, value):
    for e in o.findall(name): o.remove(e)
    ET.SubElement(o, name).text = value
setopt("listenAddress", "tcp://127.0.0.1:" + port)
setopt("globalAnnounceServer", "")
for name in ("globalAnnounceEnabled", "localAnnounceEnabled", "relaysEnabled",
             "natEnabled", "startBrowser", "crashReportingEnabled",
             "announceLANAddresses"):
    setopt(name, "false")
setopt("urAccepted", "-1")
setopt("autoUpgradeIntervalH", "0")
setopt("stunServer", "")
root.find("gui").find("address").text = "127.0.0.1:" + gui
me = root.find("device")
peer_id, peer_port = (id2, p2) if me.get("id") == id1 else (id1, p1)
peer = copy.deepcopy(me)
peer.set("id", peer_id); peer.set("name", "peer")
peer.find("address").text = "tcp://127.0.0.1:" + peer_port
root.insert(list(root).index(me) + 1, peer)
folder = copy.deepcopy(root.find("defaults").find("folder"))
folder.set("id", "tsundoku"); folder.set("label", "tsundoku")
folder.set("path", share)
folder.set("rescanIntervalS", "1"); folder.set("fsWatcherEnabled", "true")
folder.set("fsWatcherDelayS", "1")
for d in folder.findall("device"): folder.remove(d)
for i in (id1, id2):
    d = ET.SubElement(folder, "device"); d.set("id", i); d.set("introducedBy", "")
    ET.SubElement(d, "encryptionPassword")
for name, value in (("maxConflicts", "10"),):
    for e in folder.findall(name): folder.remove(e)
    ET.SubElement(folder, name).text = value
root.insert(list(root).index(me), folder)
tree.write(path)
PY
}
configure "$T/h1" "$P1" "$G1" "$T/share1"
configure "$T/h2" "$P2" "$G2" "$T/share2"
for h in 1 2; do
	# STMONITORED: no monitor process, so the log is standard output.
	syncthing serve --home="$T/h$h" --no-browser --no-restart \
		>"$T/st$h.log" 2>&1 &
	PIDS="$PIDS $!"
done
# Each instance is up once its log gives its device ID; one that exits
# first failed to start.
for h in 1 2; do
	p=$(echo $PIDS | cut -d' ' -f$h)
	i=0
	until grep -q "My ID" "$T/st$h.log" 2>/dev/null; do
		kill -0 "$p" 2>/dev/null || fail "syncthing instance $h exited at start"
		i=$((i + 1))
		[ $i -lt 600 ] || fail "syncthing instance $h did not start in 30 s"
		sleep 0.05
	done
done

# Two tsundoku homes: the same article at two paths, one sync folder
# each (Syncthing's two copies of it).
cp "$top_srcdir/tests/fixtures/sync/article.txt" "$T/archive1/dir1/a.txt"
cp "$top_srcdir/tests/fixtures/sync/article.txt" "$T/archive2/dir2/b.txt"
for h in 1 2; do
	printf 'set archive %s\nset sync-dir %s/tsundoku\nset device-name dev%s\n' \
		"$T/archive$h" "$T/share$h" "$h" > "$T/c$h"
	"$TSUNDOKU" index -c "$T/c$h" --db "$T/db$h" >/dev/null || fail "index $h"
done
cat > "$T/hl.json" <<JSON
{"format":"tsundoku-highlights","version":1,"articles":[{"path":"$T/archive1/dir1/a.txt",
 "highlights":[{"quote":"前置标题","prefix":"","suffix":"","note":"经由 Syncthing",
 "color":3,"start":0,"end":12,"created":1700000000000,"updated":1700000000000}]}]}
JSON
"$TSUNDOKU" import -c "$T/c1" --db "$T/db1" "$T/hl.json" >/dev/null || fail "import"
"$TSUNDOKU" sync -c "$T/c1" --db "$T/db1" >/dev/null || fail "sync on device 1"
ls "$T"/share1/tsundoku/*/*.jsonl >/dev/null 2>&1 || fail "no journal written"

# Device 2 syncs until the highlight has come through Syncthing.
arrived() {
	"$TSUNDOKU" sync -c "$T/c2" --db "$T/db2" >/dev/null 2>&1 &&
	"$TSUNDOKU" export --format json -c "$T/c2" --db "$T/db2" 2>/dev/null |
		grep -q '经由 Syncthing'
}
i=0
until arrived; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "the highlight did not reach device 2 in 50 s"
	sleep 0.25
done
# Device 1's name is in its device file, which Syncthing may bring
# after the journal: poll for it too.
named() { "$TSUNDOKU" sync --status -c "$T/c2" --db "$T/db2" | grep -q dev1; }
i=0
until named; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "device 2 does not list device 1 by name after 50 s"
	sleep 0.25
done
echo "syncthing: the highlight crossed in $(( $(date +%s) - start_s )) s"
