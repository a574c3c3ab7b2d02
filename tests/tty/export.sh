#!/bin/sh
# SPDX-License-Identifier: MIT
# The export and import subcommands: the golden JSON imported and
# exported again gives back the golden files; importing twice duplicates
# nothing; a newer copy wins, an older one does not; a bad or unreadable
# file is refused with a message and leaves the database as it was; on a
# terminal no escape sequence from the database gets through raw.
. "$top_srcdir/tests/tty/lib.sh"

GOLDEN="$top_srcdir/tests/golden"
DB="$T/hl.db"
tsu() { "$TSUNDOKU" "$@" --db "$DB"; }
count_quotes() { tsu export --format json | grep -c '"quote": '; }

tsu import "$GOLDEN/export.json" >"$T/out" 2>"$T/err" || fail "import: $(cat "$T/err")"
grep -qx "6 highlights added, 0 updated, 0 unchanged" "$T/out" || fail "import summary: $(cat "$T/out")"

# Again, from standard input: merged, never duplicated.
tsu import <"$GOLDEN/export.json" >"$T/out" || fail "import from stdin"
grep -qx "0 highlights added, 0 updated, 6 unchanged" "$T/out" || fail "second import: $(cat "$T/out")"
[ "$(count_quotes)" = 6 ] || fail "import twice: $(count_quotes) highlights, want 6"

# Round trip. Imported text is sanitised: the golden note's escape
# character comes back as its visible symbol, nothing else changes.
tsu export --format json >"$T/out.json" || fail "export --format json"
sed 's/\\u001b/␛/' "$GOLDEN/export.json" >"$T/want.json"
cmp -s "$T/out.json" "$T/want.json" || fail "JSON round trip: $(diff "$T/want.json" "$T/out.json")"
tsu export >"$T/out.md" || fail "export"
cmp -s "$T/out.md" "$GOLDEN/export.md" || fail "Markdown: $(diff "$GOLDEN/export.md" "$T/out.md")"
tsu export --output "$T/file.md" >"$T/out" || fail "export --output"
[ ! -s "$T/out" ] || fail "export --output also wrote to stdout"
cmp -s "$T/file.md" "$GOLDEN/export.md" || fail "export --output: not the Markdown export"

# Named articles only; one without highlights is reported, exit 1.
en=/home/reader/archive/002_c4a8e2f1b0d97356.txt
tsu export "$en" >"$T/out" || fail "export PATH"
grep -q "^# Notes on Keeping Notes" "$T/out" || fail "export PATH: article missing"
! grep -q "慢读" "$T/out" || fail "export PATH: other article exported"
status=0; tsu export "$en" "$T/none.txt" >"$T/out" 2>"$T/err" || status=$?
[ "$status" = 1 ] || fail "export of a path without highlights: exit $status, want 1"
grep -q "none.txt: no highlights" "$T/err" || fail "export: path without highlights not named"

# A directory names the articles under it (a database of its own).
mkdir -p "$T/books/sub"
python3 - "$GOLDEN/export.json" "$T/moved.json" "$T/books" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["articles"][0]["path"] = sys.argv[3] + "/sub/001.txt"
d["articles"][1]["path"] = sys.argv[3] + "/002.txt"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$TSUNDOKU" import --db "$T/dir.db" "$T/moved.json" >/dev/null || fail "import moved"
"$TSUNDOKU" export --db "$T/dir.db" "$T/books/sub" >"$T/out" || fail "export of a directory"
grep -q "^# 慢读的理由" "$T/out" || fail "export DIR: article under it missing"
! grep -q "^# Notes on Keeping Notes" "$T/out" || fail "export DIR: article outside it exported"
(cd "$T/books" && "$TSUNDOKU" export --db "$T/dir.db" .) >"$T/out" || fail "export ."
[ "$(grep -c '^# ' "$T/out")" = 2 ] || fail "export .: not both articles"
! "$TSUNDOKU" export --db "$T/dir.db" "$T/books/su" >/dev/null 2>&1 ||
	fail "export: a name prefix taken for a directory"

# A newer copy wins; an older one does not.
python3 - "$T/out.json" "$T/newer.json" "$T/older.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
h = d["articles"][1]["highlights"][1]
h["note"], h["color"], h["updated"] = "新的笔记", 4, h["updated"] + 1
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
h["note"], h["updated"] = "旧的笔记", 1
json.dump(d, open(sys.argv[3], "w"), ensure_ascii=False)
PY
tsu import "$T/newer.json" >"$T/out" || fail "import newer"
grep -qx "0 highlights added, 1 updated, 5 unchanged" "$T/out" || fail "import newer: $(cat "$T/out")"
tsu import "$T/older.json" >"$T/out" || fail "import older"
grep -qx "0 highlights added, 0 updated, 6 unchanged" "$T/out" || fail "import older: $(cat "$T/out")"
tsu export >"$T/out" || fail "export after merge"
grep -qx "新的笔记" "$T/out" || fail "newer note lost"
! grep -q "旧的笔记" "$T/out" || fail "older note won"
[ "$(count_quotes)" = 6 ] || fail "merge duplicated highlights"

# Refused: not JSON, not ours, a bad member, unreadable. Exit 1, a
# message naming the problem, the database as it was.
tsu export --format json >"$T/before.json"
printf '{"format": "tsundoku-highlights", "version": 1, "articles": [' >"$T/bad.json"
status=0; tsu import "$T/bad.json" >/dev/null 2>"$T/err" || status=$?
[ "$status" = 1 ] || fail "bad JSON: exit $status, want 1"
grep -q "bad.json: not valid JSON" "$T/err" || fail "bad JSON message: $(cat "$T/err")"
sed 's/"color": 4/"color": 7/' "$T/newer.json" >"$T/bad.json"
status=0; tsu import "$T/bad.json" >/dev/null 2>"$T/err" || status=$?
[ "$status" = 1 ] || fail "bad colour: exit $status, want 1"
grep -q 'article 1, highlight 4: "color" must be' "$T/err" || fail "bad colour message: $(cat "$T/err")"
status=0; tsu import "$T" >/dev/null 2>"$T/err" || status=$?
[ "$status" = 1 ] || fail "unreadable file: exit $status, want 1"
grep -q "cannot read" "$T/err" || fail "unreadable file message: $(cat "$T/err")"
status=0; tsu import "$T/a" "$T/b" >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "import with two files: exit $status, want 2"
tsu export --format json >"$T/after.json"
cmp -s "$T/before.json" "$T/after.json" || fail "a refused import changed the database"

# Exports are data: an escape character in the database (put there by
# another program) is escaped in JSON, kept in a Markdown file, and shown
# as a visible symbol on a terminal, never sent raw.
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE highlight SET quote = 'raw' || char(27) || '[31mred' WHERE quote LIKE 'Write%'")
db.commit()
PY
tsu export --format json | grep -qF 'raw\u001b[31mred' || fail "JSON: escape not escaped"
[ "$(tsu export --format json | grep -c "$(printf '\033')")" = 0 ] || fail "raw ESC in JSON export"
tsu export --output "$T/raw.md" "$en" || fail "export --output with ESC"
grep -qF "raw$(printf '\033')" "$T/raw.md" || fail "Markdown file: the data was changed"
start 100 40 export --db "$DB" "$en"
wait_for "[tsundoku exited 0]"
assert_screen_has 'raw␛\[31mred'
exit 0
