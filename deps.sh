#!/bin/sh
# SPDX-License-Identifier: MIT
# Install what tsundoku needs to build and test on Debian 12 (clang only
# for the fuzzing pass of .ci/run), and the
# zh_CN.UTF-8 and zh_TW.UTF-8 locales the Chinese-interface tests use. Runs apt-get as root
# (through sudo when not root).
set -eu
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
PACKAGES="build-essential autoconf automake autopoint gettext pkg-config
	libncurses-dev libunistring-dev libsqlite3-dev libmd4c-dev libyaml-dev
	libcmocka-dev tmux mandoc man-db locales python3 procps sqlite3
	clang libclang-rt-14-dev syncthing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $PACKAGES >/dev/null
for loc in zh_CN zh_TW; do
	locale -a 2>/dev/null | grep -qi "^$loc\.utf-\?8$" && continue
	$SUDO sh -c "grep -q '^$loc.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null ||
		echo '$loc.UTF-8 UTF-8' >> /etc/locale.gen; locale-gen >/dev/null"
done
