#!/bin/sh
# SPDX-License-Identifier: MIT
# The program is built as configure's hardening checks decided: for each
# flag configure kept (HARDEN_CFLAGS, HARDEN_LDFLAGS), the mark it leaves
# in the ELF file is there. Skipped when configure had no flags to add
# (--disable-hardening) or readelf is missing.
set -eu
: "${TSUNDOKU:?run through make check}"
: "${HARDEN_LDFLAGS?run through make check}"
if [ -z "$HARDEN_CFLAGS$HARDEN_LDFLAGS" ]; then
	echo "hardening: off (--disable-hardening, or no flag worked); skipped"
	exit 77
fi
command -v readelf >/dev/null 2>&1 || { echo "hardening: readelf not found (binutils); skipped"; exit 77; }
status=0
bad() { echo "hardening: $TSUNDOKU: $*" >&2; status=1; }
# flag_in LIST FLAG: FLAG is one of the words of LIST.
flag_in() { case " $1 " in *" $2 "*) return 0;; esac; return 1; }

header=$(LC_ALL=C readelf -h "$TSUNDOKU")
segments=$(LC_ALL=C readelf -lW "$TSUNDOKU")
dynamic=$(LC_ALL=C readelf -dW "$TSUNDOKU")
symbols=$(LC_ALL=C readelf --dyn-syms -W "$TSUNDOKU")

# A position-independent executable is a shared object (DYN) with an
# interpreter; newer linkers also set the PIE flag.
if flag_in "$HARDEN_LDFLAGS" -pie; then
	printf '%s\n' "$header" | grep -Eq '^ *Type: +DYN' || bad "not PIE (ELF type is not DYN)"
	printf '%s\n' "$segments" | grep -q ' INTERP ' || bad "not PIE (no interpreter)"
fi
# Full RELRO: the relocated data made read-only, and every symbol bound
# at start (BIND_NOW) so that the GOT can be read-only too.
if flag_in "$HARDEN_LDFLAGS" -Wl,-z,relro; then
	printf '%s\n' "$segments" | grep -q ' GNU_RELRO ' || bad "no GNU_RELRO segment"
fi
if flag_in "$HARDEN_LDFLAGS" -Wl,-z,now; then
	printf '%s\n' "$dynamic" | grep -Eq '\((FLAGS|FLAGS_1)\) .*(BIND_NOW|NOW)' ||
		bad "not bound at start (no BIND_NOW)"
fi
# The stack protector calls __stack_chk_fail from the C library.
if flag_in "$HARDEN_CFLAGS" -fstack-protector-strong; then
	printf '%s\n' "$symbols" | grep -q ' __stack_chk_fail' || bad "no stack protector (__stack_chk_fail)"
fi
exit "$status"
