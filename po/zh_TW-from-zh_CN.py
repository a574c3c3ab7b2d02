#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write po/zh_TW.po from po/zh_CN.po: each msgstr converted with OpenCC
s2twp (Taiwan vocabulary), then the FIXES table applied. Run from the
top of the source tree; needs python3-polib and opencc."""
import subprocess
import polib
FIXES = {'全屏': '全螢幕', '高亮': '標示', '幫助': '說明', '條結果': '筆結果', '獲取': '取得', '列表': '清單', '文章頭資訊': '文章標頭資訊'}
cn = polib.pofile('po/zh_CN.po')
strs = []
for e in cn:
    if e.msgid_plural:
        strs += [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)]
    else:
        strs.append(e.msgstr)
SEP = '\n@@@SEP@@@\n'
out = subprocess.run(['opencc', '-c', 's2twp.json'], input=SEP.join(strs), capture_output=True, text=True, check=True).stdout
conv = out.split(SEP)
assert len(conv) == len(strs), (len(conv), len(strs))
tw = polib.POFile(wrapwidth=78)
tw.metadata = dict(cn.metadata)
tw.metadata['Language-Team'] = 'Chinese (traditional)'
tw.metadata['Language'] = 'zh_TW'
tw.header = cn.header.replace('Simplified Chinese', 'Traditional Chinese')
i = 0
for e in cn:
    n = polib.POEntry(msgid=e.msgid, msgid_plural=e.msgid_plural, occurrences=e.occurrences,
                      comment=e.comment, tcomment=e.tcomment, flags=list(e.flags), msgctxt=e.msgctxt)
    if e.msgid_plural:
        n.msgstr_plural = {}
        for k in sorted(e.msgstr_plural):
            n.msgstr_plural[k] = conv[i]; i += 1
    else:
        n.msgstr = conv[i]; i += 1
    for a, b in FIXES.items():
        n.msgstr = n.msgstr.replace(a, b)
    tw.append(n)
tw.save('po/zh_TW.po')
