#!/bin/sh
# SPDX-License-Identifier: MIT
# Indexing when things go wrong: a missing root, unreadable entries, a
# file that vanishes mid-run, kill -9 and a rerun, a locked database, a
# full disk, a read-only database or directory, and two instances side
# by side. Each gives a clear message, the rest works, and nothing
# already saved is lost.
. "$top_srcdir/tests/tty/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }

A="$T/archive"
mkdir -p "$A"
cp "$SAMPLES"/*.txt "$A/"
# The archive: list, search and purge show what lies below its roots.
mkdir -p "$XDG_CONFIG_HOME/tsundoku"
printf 'set archive %s\nset archive %s\n' "$A" "$T/big" >"$XDG_CONFIG_HOME/tsundoku/config"

# run CMD...: run it with stdout in $T/out, stderr in $T/err; print its
# exit status.
run() { s=0; "$@" >"$T/out" 2>"$T/err" || s=$?; echo "$s"; }
listed() { "$TSUNDOKU" list "$@" | wc -l; }

# sql DB QUERY: the first column of the first row, read without our
# tokenizer (the content table holds the full text).
# sql DB QUERY: the first value of QUERY on DB, its full-text shards
# attached (store.h), their entries in the view fts_docsize (column id).
sql() { python3 - "$1" "$2" <<'PY'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
arms = ["SELECT 0 AS id WHERE 0"]	# a shard not made yet holds nothing
for k in range(2):
    if os.path.exists("%s-fts%d" % (sys.argv[1], k)):
        db.execute("ATTACH ? AS fts%d" % k, ("%s-fts%d" % (sys.argv[1], k),))
        if db.execute("SELECT count(*) FROM fts%d.sqlite_master WHERE name = 'article_fts_docsize'" % k).fetchone()[0]:
            arms.append("SELECT id FROM fts%d.article_fts_docsize" % k)
db.execute("CREATE TEMP VIEW fts_docsize AS " + " UNION ALL ".join(arms))
print(db.execute(sys.argv[2]).fetchone()[0])
PY
}

# gen DIR N: N articles of a few hundred Chinese characters each.
gen() {
	python3 - "$1" "$2" <<'PY'
import os, random, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
r = random.Random(7)
cs = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后"
for i in range(n):
    body = "".join(r.choice(cs) for _ in range(400))
    with open(os.path.join(d, "%05d_%016x.txt" % (i, r.getrandbits(64))), "w") as f:
        f.write("---\ntitle: 第%d篇\nsource: 生成\nurl: https://gen.test/%d\n---\n\n%s。\n" % (i, i, body))
PY
}

DB="$XDG_DATA_HOME/tsundoku/tsundoku.db"
[ "$(run "$TSUNDOKU" index "$A")" = 0 ] || fail "index: $(cat "$T/err")"
[ "$(listed)" = 11 ] || fail "not 11 articles listed"

# A missing root: named, exit 1, and nothing is marked missing because of it.
[ "$(run "$TSUNDOKU" index "$A" "$T/unmounted")" = 1 ] || fail "missing root: exit status"
grep -q "unmounted" "$T/err" || fail "missing root not named: $(cat "$T/err")"
grep -q "0 missing, 1 unreadable" "$T/out" || fail "missing root summary: $(cat "$T/out")"
[ "$(listed)" = 11 ] || fail "a missing root changed the list"

# Unreadable entries named like articles: a dangling link and a FIFO
# (chmod 000 stops no one when the tests run as root; it is added when
# they do not). The others are indexed; the run says which it skipped.
ln -s "$T/nowhere.txt" "$A/dangling.txt"
mkfifo "$A/fifo.txt"
n_bad=2
if [ "$(id -u)" != 0 ]; then
	cp "$SAMPLES/000_cece56143c996f50.txt" "$A/locked.txt"
	chmod 000 "$A/locked.txt"
	n_bad=3
fi
[ "$(run "$TSUNDOKU" index "$A")" = 1 ] || fail "unreadable entries: exit status"
grep -q "dangling.txt" "$T/err" || fail "dangling link not named"
grep -q "fifo.txt: not a regular file" "$T/err" || fail "FIFO not named: $(cat "$T/err")"
grep -q "$n_bad unreadable" "$T/out" || fail "unreadable count: $(cat "$T/out")"
[ "$(listed)" = 11 ] || fail "unreadable entries changed the list"
rm -f "$A/dangling.txt" "$A/fifo.txt" "$A/locked.txt"

# purge: a missing article stays in the database until purged, and
# purging asks first; without a terminal it needs --yes.
rm "$A/004_239c1653c6f4091c.txt"
[ "$(run "$TSUNDOKU" index "$A")" = 0 ] || fail "index after a deletion"
grep -q "1 missing" "$T/out" || fail "deletion not counted: $(cat "$T/out")"
[ "$(listed)" = 10 ] || fail "a missing article is still listed"
[ "$(run "$TSUNDOKU" purge </dev/null)" = 1 ] || fail "purge without a terminal: exit status"
grep -q "pass --yes" "$T/err" || fail "purge without a terminal: $(cat "$T/err")"
[ "$(sql "$DB" 'SELECT count(*) FROM article WHERE missing')" = 1 ] || fail "purge without --yes deleted"
start 100 10 purge
wait_for "[y/N]"
keys n Enter
[ "$(wait_exit)" = 1 ] || fail "purge answered no: exit status"
[ "$(sql "$DB" 'SELECT count(*) FROM article WHERE missing')" = 1 ] || fail "purge deleted after a no"
start 100 10 purge
wait_for "Delete 1 missing article"
keys y Enter
wait_for "1 missing article deleted"
[ "$(wait_exit)" = 0 ] || fail "purge answered yes: exit status"
[ "$(sql "$DB" 'SELECT count(*) FROM article')" = 10 ] || fail "purge left the row"
[ "$(run "$TSUNDOKU" purge --yes)" = 0 ] || fail "purge --yes with nothing missing"
grep -q "No missing articles" "$T/out" || fail "purge with nothing missing: $(cat "$T/out")"
cp "$SAMPLES/004_239c1653c6f4091c.txt" "$A/"
[ "$(run "$TSUNDOKU" index "$A")" = 0 ] || fail "index after purge"
[ "$(listed)" = 11 ] || fail "not 11 articles after purge and re-adding"

# A big archive for the runs that must be caught in the middle.
BIG="$T/big"
NBIG=1500
gen "$BIG" "$NBIG"
last=$(ls "$BIG" | tail -n 1)

# has_rows DB: some articles are committed.
has_rows() { [ -f "$1" ] && [ "$(sql "$1" 'SELECT count(*) FROM article' 2>/dev/null || echo 0)" -gt 0 ]; }

# A file that vanishes while it is indexed: a message, the rest indexed.
# Gone before its row was written, it would only be unreadable; gone
# after (the list shows rows before their text), it is flagged missing
# too. The text phase waits (a test switch) until the file is gone, so
# that a fast machine cannot finish the run before the rm.
VDB="$T/vanish.db"
TSUNDOKU_DEBUG_HOLD_TEXT="$BIG/$last" \
	"$TSUNDOKU" index --db "$VDB" "$BIG" >"$T/vout" 2>"$T/verr" &
ipid=$!
poll_until "the first batch" has_rows "$VDB"
rm "$BIG/$last"
s=0; wait "$ipid" || s=$?
[ "$s" = 1 ] || fail "vanished file: exit $s, want 1 ($(cat "$T/verr"))"
grep -q "$last: No such file" "$T/verr" || fail "vanished file not named: $(cat "$T/verr")"
grep -Eq "^($((NBIG - 1)) new, 0 changed, 0 renamed, 0|$NBIG new, 0 changed, 0 renamed, 1) missing, 1 unreadable" "$T/vout" ||
	fail "vanished file summary: $(cat "$T/vout")"
[ "$("$TSUNDOKU" list --db "$VDB" | wc -l)" = $((NBIG - 1)) ] || fail "vanished file still listed"
[ "$(run "$TSUNDOKU" index --db "$VDB" "$BIG")" = 0 ] || fail "rerun after a vanished file"
grep -q "^0 new, 0 changed, 0 renamed, 0 missing, 0 unreadable" "$T/out" || fail "rerun: $(cat "$T/out")"
NBIG=$((NBIG - 1))

# kill -9 in the middle of a run; the rerun completes, with no
# duplicates and every listed row complete.
# On a terminal the run shows a progress bar with the rate and the time
# left: first while listing, then while indexing the text. Killed in
# the text phase, every article is listed already; those whose text was
# indexed have it, the others are pending and the rerun indexes them.
KDB="$T/killed.db"
# The text phase is held (a test switch) so that a fast machine cannot
# finish the run before the kill.
TSUNDOKU_DEBUG_HOLD_TEXT=1 start 120 10 index --db "$KDB" "$BIG"
wait_for "] indexing text "
kill -9 "$(pgrep -P "$(pane '#{pane_pid}')" | head -n 1)"
[ "$(wait_exit)" = 137 ] || fail "index was not killed"
[ "$(sql "$KDB" 'SELECT count(*) FROM article')" = "$NBIG" ] || fail "not every article listed before the text"
done_before=$(sql "$KDB" 'SELECT count(*) FROM article WHERE text_indexed')
[ "$done_before" -lt "$NBIG" ] || fail "the run ended before kill -9"
# A shard may hold entries committed just before the kill that no row
# names yet (harmless: queries skip them), never fewer.
[ "$(sql "$KDB" 'SELECT count(*) FROM fts_docsize')" -ge "$done_before" ] ||
	fail "after kill -9: rows marked indexed without their full text"
[ "$(sql "$KDB" 'SELECT count(*) FROM article JOIN fts_docsize AS d ON d.id = fts_rowid WHERE text_indexed')" = "$done_before" ] ||
	fail "after kill -9: rows indexed but not pointing at their full text"
[ "$(sql "$KDB" 'PRAGMA integrity_check')" = ok ] || fail "after kill -9: integrity_check"
# The rerun, on a terminal: everything its bar drew is logged (a fast
# machine redraws it faster than the screen can be polled), and it shows
# the rate and the time left.
START_LOG="$T/bar.log"
start 120 10 index --db "$KDB" "$BIG"
START_LOG=
[ "$(wait_exit)" = 0 ] || fail "rerun after kill -9"
screen | grep -q "^0 new, 0 changed" || fail "rerun did not resume"
grep -q "indexing text .*/s" "$T/bar.log" || fail "no rate in the progress bar"
grep -q " left" "$T/bar.log" || fail "no time left in the progress bar"
[ "$(sql "$KDB" 'SELECT count(*) FROM article WHERE text_indexed')" = "$NBIG" ] || fail "rerun left text pending"
[ "$(sql "$KDB" 'SELECT count(*) FROM article JOIN fts_docsize AS d ON d.id = fts_rowid WHERE text_indexed')" = "$NBIG" ] || fail "rerun: full text missing"
[ "$(sql "$KDB" 'SELECT count(DISTINCT id & 4294967295) FROM fts_docsize')" = "$NBIG" ] || fail "rerun: full text of unknown articles"
[ "$(sql "$KDB" 'PRAGMA integrity_check')" = ok ] || fail "rerun: integrity_check"
[ "$(sql "$KDB" 'SELECT count(DISTINCT path) FROM article')" = "$NBIG" ] || fail "rows lost or doubled"
[ "$(sql "$KDB" 'SELECT count(*) FROM article')" = "$NBIG" ] || fail "duplicate rows after kill -9"
[ "$(sql "$KDB" 'PRAGMA integrity_check')" = ok ] || fail "damaged after kill -9"

# The interface lists every article before their text is indexed. Held
# between the two phases (TSUNDOKU_DEBUG_HOLD_TEXT, for tests), the
# status line counts them all while the progress says the text is still
# to index, and search finds nothing yet; kill -9 there leaves them
# listed, their text pending, and the next start indexes it.
HDB="$T/held.db"
TSUNDOKU_DEBUG_HOLD_TEXT=1
start 120 20 --db "$HDB" "$BIG"
TSUNDOKU_DEBUG_HOLD_TEXT=
wait_for "$NBIG articles · $NBIG unread"
wait_for "indexing text 0/$NBIG"
kill -9 "$(pgrep -P "$(pane '#{pane_pid}')" | head -n 1)"
wait_for "[tsundoku exited 137]"	# where curses left the cursor
[ "$("$TSUNDOKU" list --db "$HDB" | wc -l)" = "$NBIG" ] || fail "not every article listed before the text"
[ "$(sql "$HDB" 'SELECT count(*) FROM article WHERE NOT text_indexed')" = "$NBIG" ] ||
	fail "rows not marked as text pending"
[ "$(run "$TSUNDOKU" search --db "$HDB" 篇)" = 1 ] || fail "search found articles before their text"
text_done() { [ "$(sql "$HDB" 'SELECT count(*) FROM article WHERE text_indexed')" = "$NBIG" ]; }
start 120 20 --db "$HDB" "$BIG"
wait_for "$NBIG articles"
poll_within 180 "the text of every article" text_done
wait_gone "indexing"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status after indexing the pending text"
[ "$(run "$TSUNDOKU" search --db "$HDB" 篇)" = 0 ] || fail "search after the text: $(cat "$T/err")"
[ "$(wc -l <"$T/out")" = "$NBIG" ] || fail "search does not find every article after the text"
[ "$(sql "$HDB" 'SELECT count(*) FROM article')" = "$NBIG" ] || fail "duplicate rows after the held run"

# A database another program holds locked (BEGIN EXCLUSIVE): after the
# busy timeout, a message naming the lock; then the next run works.
cp "$SAMPLES/001_43549ce56a5b4def.txt" "$A/new-one.txt"
touch "$T/hold"
python3 - "$DB" "$T/hold" "$T/held" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[3], "w").close()
while os.path.exists(sys.argv[2]):
    time.sleep(0.02)
c.execute("ROLLBACK")
PY
hpid=$!
poll_until "the lock to be held" test -f "$T/held"
[ "$(run "$TSUNDOKU" index "$A")" = 1 ] || fail "locked database: exit status"
grep -q "locked by another program" "$T/err" || fail "locked database: $(cat "$T/err")"
[ "$(listed)" = 11 ] || fail "listing fails while the database is locked"
rm "$T/hold"
wait "$hpid"
[ "$(run "$TSUNDOKU" index "$A")" = 0 ] || fail "index after the lock: $(cat "$T/err")"
grep -q "^1 new" "$T/out" || fail "index after the lock: $(cat "$T/out")"
[ "$(listed)" = 12 ] || fail "not 12 articles after the lock"

# A full disk (RLIMIT_FSIZE; SIGXFSZ ignored so writes fail with EFBIG
# instead of killing us): a message; what was saved stays, intact.
FDB="$T/full.db"
"$TSUNDOKU" index --db "$FDB" "$A" >/dev/null || fail "index before the full disk"
"$TSUNDOKU" list --db "$FDB" >"$T/before"
blocks=$(( ($(stat -c %s "$FDB") + $(stat -c %s "$FDB-wal" 2>/dev/null || echo 0)) / 512 + 200 ))
s=0
(trap '' XFSZ; ulimit -f "$blocks"; exec "$TSUNDOKU" index --db "$FDB" "$BIG") >"$T/out" 2>"$T/err" || s=$?
[ "$s" = 1 ] || fail "full disk: exit $s, want 1"
grep -q "cannot save to database" "$T/err" || fail "full disk: $(cat "$T/err")"
grep -q "new, 0 changed, 0 renamed, 0 missing, 0 unreadable" "$T/out" ||
	fail "full disk: no summary of what was saved: $(cat "$T/out")"
[ "$(sql "$FDB" 'PRAGMA integrity_check')" = ok ] || fail "damaged by the full disk"
"$TSUNDOKU" list --db "$FDB" | grep -c "^$A/" | grep -qx 12 || fail "articles lost on a full disk"
[ "$(run "$TSUNDOKU" index --db "$FDB" "$BIG")" = 0 ] || fail "index after the full disk: $(cat "$T/err")"

# Read-only: the database file, then its directory. Root writes
# anything, so run those as nobody when the tests run as root.
as_user() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
	else
		"$@"
	fi
}
if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null 2>&1; then
	echo "read-only cases skipped: running as root without setpriv"
else
	RO="$T/ro"
	mkdir -p "$RO/db"
	cp -r "$A" "$RO/archive"
	chmod 755 "$T"
	[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$RO"
	as_user "$TSUNDOKU" index --db "$RO/db/t.db" "$RO/archive" >/dev/null ||
		fail "index as another user"
	cp "$SAMPLES/002_922508f76dcb3e2c.txt" "$RO/archive/later.txt"
	chmod 444 "$RO/db/t.db"
	[ "$(run as_user "$TSUNDOKU" index --db "$RO/db/t.db" "$RO/archive")" = 1 ] ||
		fail "read-only database: exit status"
	grep -q "read-only" "$T/err" || fail "read-only database: $(cat "$T/err")"
	[ "$(as_user "$TSUNDOKU" list --db "$RO/db/t.db" "$RO/archive" | wc -l)" = 12 ] ||
		fail "read-only database: list"
	chmod 644 "$RO/db/t.db"
	chmod 555 "$RO/db"
	[ "$(run as_user "$TSUNDOKU" index --db "$RO/db/t.db" "$RO/archive")" = 1 ] ||
		fail "read-only directory: exit status"
	grep -q "read-only" "$T/err" || fail "read-only directory: $(cat "$T/err")"
	[ "$(as_user "$TSUNDOKU" list --db "$RO/db/t.db" "$RO/archive" | wc -l)" = 12 ] ||
		fail "read-only directory: list"
	# The interface shows the list and says why it cannot index.
	printf '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups -- "%s" "$@"\n' \
		"$TSUNDOKU" >"$T/as-nobody"
	chmod 755 "$T/as-nobody"
	[ "$(id -u)" = 0 ] && TSUNDOKU_UI="$T/as-nobody" || TSUNDOKU_UI=$TSUNDOKU
	TSUNDOKU_SAVED=$TSUNDOKU
	TSUNDOKU=$TSUNDOKU_UI
	start 100 20 --db "$RO/db/t.db" "$RO/archive"
	wait_for "read-only"
	# The message may replace the counts before a poll sees them (the
	# loop looks at a run every 50 ms until its first rows show); a key
	# clears it.
	keys j
	wait_for "12 articles"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status with a read-only database"
	TSUNDOKU=$TSUNDOKU_SAVED
	chmod 755 "$RO/db"
fi
exit 0
