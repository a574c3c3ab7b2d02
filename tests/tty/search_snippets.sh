#!/bin/sh
# SPDX-License-Identifier: MIT
# Archive-wide search results show snippets of the text as the reader
# shows it: not the title the saved page repeats as a heading, an image's
# alt text or the page's leftover controls (issue 14). A term found only
# in hidden text still finds the article, its snippet then from the
# whole text. tsundoku search prints the same snippets.
. "$top_srcdir/tests/tty/lib.sh"

ARCH="$T/archive"
mkdir -p "$ARCH"
cat > "$ARCH/001_0123456789abcdef.txt" <<'TXT'
---
title: 旧晾衣架的十种用法
source: 阳台改造记
url: https://mp.weixin.qq.com/s?__biz=MzA5&mid=3#rd
date: 2024-09-01
---

# 旧晾衣架的十种用法

![cover_image](https://mmbiz.qpic.cn/c/0?wx_fmt=jpeg)

![阳台一角的绿萝](https://mmbiz.qpic.cn/c/1?wx_fmt=jpeg)

阳台改造记

断了一根横杆的旧晾衣架先别扔，拆下挂钩可以改成花架，藤蔓顺着爬。

预览时标签不可点

微信扫一扫
关注该公众号
TXT
cat > "$ARCH/002_fedcba9876543210.txt" <<'TXT'
---
title: Winter sowing
source: Plot notes
date: 2024-01-05
---

# Winter sowing

Milk jugs make small greenhouses for seeds sown in the snow.
TXT
DB="$T/db"

start 100 24 --db "$DB" "$ARCH"
wait_for "2 articles"

# search TEXT: / in the list, TEXT, Enter, and wait for its results.
search() {
	keys /
	wait_for "Search the archive:"
	keys -l "$1"
	keys Enter
	wait_for "Search: $1"
}

search 晾衣架
wait_for "1 result"
wait_for "改成花架"
# The title and source show once, on the hit's row: the snippet does not
# repeat them.
[ "$(screen | grep -c "旧晾衣架的十种用法")" = 1 ] ||
	fail "the snippet repeats the title"
assert_screen_lacks "cover_image"
assert_screen_lacks "绿萝"
[ "$(screen | grep -c "阳台改造记")" = 1 ] ||
	fail "the snippet repeats the source"
assert_screen_lacks "微信扫一扫"
keys q
wait_for "2 articles"

# Only in the page's leftovers: still a hit, the snippet shows where.
search 关注该公众号
wait_for "1 result"
wait_for "微信扫一扫"
keys q
wait_for "2 articles"

# Only in an image's alt text: likewise.
search 绿萝
wait_for "1 result"
wait_for "阳台一角的"
keys q q
[ "$(wait_exit)" = 0 ] || fail "exit status"

# tsundoku search cuts the same snippet (its scope: the configured
# archive).
mkdir -p "$XDG_CONFIG_HOME/tsundoku"
printf 'set archive %s\n' "$ARCH" >"$XDG_CONFIG_HOME/tsundoku/config"
out=$("$TSUNDOKU" --db "$DB" search 晾衣架) || fail "search: exit $?"
case "$out" in *"改成花架"*) ;; *) fail "search printed: $out";; esac
case "$out" in *"cover_image"*|*"绿萝"*) fail "search printed: $out";; esac
[ "$(printf '%s\n' "$out" | grep -c "旧晾衣架的十种用法")" = 1 ] ||
	fail "search repeats the title: $out"
