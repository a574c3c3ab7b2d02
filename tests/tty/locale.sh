#!/bin/sh
# SPDX-License-Identifier: MIT
# Chinese interface under LANG=zh_CN.UTF-8 (simplified) and
# zh_TW.UTF-8 (traditional); a non-UTF-8 locale still shows CJK text
# (C.UTF-8 fallback).
. "$top_srcdir/tests/tty/lib.sh"

if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	LANG_RUN=zh_CN.UTF-8
	start 80 24
	wait_for "日期"
	assert_screen_has "标题"
	wait_for "篇文章"
	keys ?
	wait_for "文章列表中的按键"
	assert_screen_has "向下移动一行"
	keys q
	keys Z
	wait_for "按 ? 查看帮助"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status"
	tmx kill-server
	# The quick start: the binary run from the build tree finds the
	# catalogs make compiled there, without TSUNDOKU_LOCALEDIR.
	env -u TSUNDOKU_LOCALEDIR LANG=zh_CN.UTF-8 LC_ALL= "$TSUNDOKU" --help >"$T/out"
	head -n 1 "$T/out" | grep -q "^用法：" || fail "uninstalled binary not in Chinese: $(head -n 1 "$T/out")"
	# One prefix form: every message on stderr starts "tsundoku：",
	# the ones built from an error as much as the ones written whole.
	for args in "show $T/none.md" "import $T/none.json" "search"; do
		LANG=zh_CN.UTF-8 LC_ALL= "$TSUNDOKU" $args --db "$T/zh.db" 2>"$T/err" >/dev/null || true
		head -n 1 "$T/err" | grep -q "^tsundoku：" || fail "'$args': $(cat "$T/err")"
		! grep -q "^tsundoku:" "$T/err" || fail "'$args' mixes prefixes: $(cat "$T/err")"
	done
else
	echo "zh_CN.UTF-8 locale not installed (run deps.sh); Chinese interface not checked" >&2
	[ -z "${CI:-}" ] || fail "CI must generate the zh_CN.UTF-8 locale"
fi

if locale -a 2>/dev/null | grep -qi '^zh_TW\.utf-\?8$'; then
	LANG_RUN=zh_TW.UTF-8
	start 80 24
	wait_for "篇文章"
	assert_screen_has "標題"	# traditional, not 标题
	assert_screen_lacks "标题"
	keys ?
	wait_for "文章清單中的按鍵"
	keys q
	keys Z
	wait_for "按 ? 檢視說明"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status"
	tmx kill-server
else
	echo "zh_TW.UTF-8 locale not installed (run deps.sh); traditional Chinese interface not checked" >&2
	[ -z "${CI:-}" ] || fail "CI must generate the zh_TW.UTF-8 locale"
fi
LANG_RUN=C.UTF-8

# In the C (ASCII) locale the program switches to C.UTF-8 for text and
# still shows Chinese titles whole and aligned.
LANG_RUN=C LC_ALL_RUN=C
start 80 24
wait_for "中文排版的几个细节"
[ "$(max_width)" -le 80 ] || fail "a line is wider than 80 columns in the C locale"
keys q
[ "$(wait_exit)" = 0 ] || fail "exit status in the C locale"
