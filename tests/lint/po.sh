#!/bin/sh
# SPDX-License-Identifier: MIT
# Translations stay complete: every source file with translatable strings
# is in po/POTFILES.in, every message extracted from the sources is in
# po/zh_CN.po, and no entry is untranslated or fuzzy. Works on copies in a
# temporary directory, never writing into the source tree.
set -eu
: "${top_srcdir:?run through make check}"
command -v xgettext >/dev/null || { echo "xgettext missing: skipped"; exit 77; }
cd "$top_srcdir"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0

# Every file that yields a message (xgettext run over all of src/) must
# be listed, so no string escapes the catalog.
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 \
	-o "$tmp/all.pot" src/*/*.c src/*/*.h
for f in $(sed -n 's/^#: //p' "$tmp/all.pot" | tr ' ' '\n' | sed 's/:[0-9]*$//' | sort -u); do
	grep -qx "$f" po/POTFILES.in || { echo "po: $f is missing from po/POTFILES.in" >&2; status=1; }
done
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 \
	--add-comments=TRANSLATORS: -o "$tmp/tsundoku.pot" \
	$(grep -v '^#' po/POTFILES.in)
for po in po/*.po; do
	stats=$(LC_ALL=C msgfmt -c --statistics -o /dev/null "$po" 2>&1) || { echo "$stats" >&2; status=1; }
	case "$stats" in *untranslated*|*fuzzy*) echo "po: $po: $stats" >&2; status=1;; esac
	if ! msgcmp --use-untranslated "$po" "$tmp/tsundoku.pot" 2>"$tmp/cmp"; then
		echo "po: $po lacks messages from the sources:" >&2
		head -n 20 "$tmp/cmp" >&2
		status=1
	fi
	# One prefix form per language: "%s: ..." (the program's name) is
	# "%s：..." in every Chinese message, never the ASCII colon.
	if grep -n '^msgstr "%s: ' "$po" >&2; then
		echo "po: $po: the lines above use ':' after the program's name, the others '：'" >&2
		status=1
	fi
done
[ "$status" = 0 ] && echo "po: ok"
exit "$status"
