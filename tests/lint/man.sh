#!/bin/sh
# SPDX-License-Identifier: MIT
# The man pages render without warnings and name every option and action.
set -eu
: "${top_srcdir:?run through make check}"
cd "$top_srcdir"
status=0
if [ -n "${MANDOC:-}" ] || command -v mandoc >/dev/null; then
	out=$(${MANDOC:-mandoc} -Tlint -W warning man/*.[1-8] 2>&1) || true
	[ -z "$out" ] || { echo "$out" >&2; status=1; }
else
	echo "man: mandoc missing, lint not run" >&2
	[ -z "${CI:-}" ] || status=1
fi
for opt in --help --version; do
	grep -q -- "$(echo "$opt" | sed 's/^--//')" man/tsundoku.1 || { echo "man: $opt undocumented" >&2; status=1; }
done
# Every character key bound by default appears as a word of some key
# list (.It Ic ...) in tsundoku(1).
documented=$(sed -n 's/^\.It Ic //p' man/tsundoku.1 | sed 's/\\&//g; s/[ ,]\{1,\}/\n/g')
set -f
for k in $(grep -o "B([A-Z]*, '.'," src/ui/keymap.c | sed "s/.*'\\(.\\)'.*/\\1/" | sort -u); do
	printf '%s\n' "$documented" | grep -qxF -- "$k" ||
		{ echo "man: key '$k' is not documented" >&2; status=1; }
done
set +f

# ENVIRONMENT names every variable the program reads (but the
# TSUNDOKU_DEBUG_ ones, for tests), and LANG's entry every language a
# catalog in po/ exists for.
envsec=$(sed -n '/^\.Sh ENVIRONMENT$/,/^\.Sh /p' man/tsundoku.1)
for v in $(grep -rhoE 'getenv\("[A-Z_0-9]+"\)' src | sed 's/getenv("\(.*\)")/\1/' |
	grep -v '^TSUNDOKU_DEBUG_' | sort -u); do
	printf '%s\n' "$envsec" | grep -q "^\.It Ev .*$v" ||
		{ echo "man: environment variable $v is not in tsundoku(1) ENVIRONMENT" >&2; status=1; }
done
for po in po/*.po; do
	l=$(basename "$po" .po)
	printf '%s\n' "$envsec" | grep -q "Cm $l" ||
		{ echo "man: tsundoku(1) ENVIRONMENT does not name the $l catalog" >&2; status=1; }
done

# same_names WHAT SOURCE_NAMES MAN_NAMES: the two lists name the same
# things; say which are missing from the man page or named there only.
same_names() {
	printf '%s\n' "$2" | sort -u > "$tmp/src"
	printf '%s\n' "$3" | sort -u > "$tmp/man"
	for n in $(comm -23 "$tmp/src" "$tmp/man"); do
		echo "man: $1 '$n' is not in ${4:-tsundoku(5)}" >&2; status=1
	done
	for n in $(comm -13 "$tmp/src" "$tmp/man"); do
		echo "man: ${4:-tsundoku(5)} names $1 '$n', which does not exist" >&2; status=1
	done
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# section NAME: the first words of the .It lines of tsundoku(5)'s
# subsection NAME.
section() {
	sed -n "/^\.Ss $1\$/,/^\.S[sh] /p" man/tsundoku.5 |
		sed -n 's/^\.It \(Ic\|Cm\) \([^ ]*\).*/\2/p'
}
# Actions: the config names in ACTION_TABLE.
same_names action "$(sed -n 's/.*X([A-Z_0-9]*, "\([^"]*\)".*/\1/p' src/ui/action.h)" \
	"$(section Actions)"
# Settings: the names in conf.c's conf_settings table.
same_names setting "$(sed -n '/^static const struct conf_setting conf_settings\[\]/,/^};/p' src/ui/conf.c |
	sed -n 's/.*\.name = "\([^"]*\)".*/\1/p')" "$(section Settings)"
# Colour elements: term.c's term_element_names.
same_names "colour element" "$(sed -n '/^static const char \*const term_element_names/,/^};/p' src/ui/term.c |
	sed -n 's/.*= "\([^"]*\)".*/\1/p')" "$(section Colours)"
# Contexts: keymap.c's names.
same_names context "$(sed -n '/^keymap_context_name/,/^}/p' src/ui/keymap.c |
	sed -n 's/.*\] = "\([^"]*\)".*/\1/p')" "$(section Contexts)"
# Config commands: conf.c's conf_commands table, as ".It Ic NAME" at the
# top of CONFIGURATION FILE.
same_names command "$(sed -n '/^} conf_commands\[\] = {/,/^};/p' src/ui/conf.c |
	grep -o '{ "[a-z]*"' | sed 's/{ "\(.*\)"/\1/')" \
	"$(sed -n '/^\.Sh CONFIGURATION FILE$/,/^\.S[sh] /p' man/tsundoku.5 |
		sed -n 's/^\.It Ic \([^ ]*\).*/\1/p')"
# Subcommands: cli.c's cli_is_command against tsundoku(1)'s SYNOPSIS
# (".Nm" then ".Cm NAME") and its SUBCOMMANDS list.
subs=$(sed -n '/^cli_is_command/,/^}/p' src/app/cli.c | grep -o 'strcmp(name, "[a-z]*")' |
	sed 's/.*"\(.*\)")/\1/')
same_names subcommand "$subs" "$(sed -n '/^\.Sh SYNOPSIS$/,/^\.Sh /p' man/tsundoku.1 |
	sed -n '/^\.Nm$/{n;s/^\.Cm \([a-z]*\).*/\1/p;}')" "tsundoku(1)"
# An entry is ".It Cm NAME ..." or ".It Xo" with ".Cm NAME" on the next line.
sed -n '/^\.Sh SUBCOMMANDS$/,/^\.Sh /p' man/tsundoku.1 |
	sed -n -e 's/^\.It Cm \([a-z]*\).*/\1/p' -e '/^\.It Xo$/{n;s/^\.Cm \([a-z]*\).*/\1/p;}' \
	> "$tmp/entries"
for n in $subs; do
	grep -qx "$n" "$tmp/entries" ||
		{ echo "man: subcommand '$n' has no entry in tsundoku(1)'s SUBCOMMANDS" >&2; status=1; }
done
# Options: main.c's long options against tsundoku(1)'s OPTIONS.
same_names option "$(sed -n '/struct option longopts/,/^	};/p' src/app/main.c |
	sed -n 's/.*{ "\([a-z-]*\)".*/\1/p')" \
	"$(sed -n '/^\.Sh OPTIONS$/,/^\.Sh /p' man/tsundoku.1 | grep -o 'Fl \\-[a-z-]*' |
		sed 's/^Fl \\-//')" "tsundoku(1)"
[ "$status" = 0 ] && echo "man: ok"
exit "$status"
