#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The layering rules of HACKING.md, as a table.

Every file lives in a layer's folder under src/ and includes headers of
its own folder or of the folders the table below allows, nothing else;
each foreign library is included in its one place; and no two files call
each other, directly or round a cycle (read from the symbols of the built
library when it is given: a file's undefined symbols against the others'
definitions).

Usage: layering.py SRCDIR [LIBRARY.a]
"""
import collections
import os
import re
import subprocess
import sys

# Which folders a folder's files may include from, besides its own.
ALLOWED = {
    'base': set(),
    'text': {'base'},
    'document': {'text', 'base'},
    'data': {'document', 'text', 'base'},
    'layout': {'document', 'text', 'base'},
    'ui': {'layout', 'data', 'document', 'text', 'base'},
    'app': {'ui', 'layout', 'data', 'document', 'text', 'base'},
}

# Foreign headers and the only files that may include them (globs on the
# path below src/).
FOREIGN = [
    (re.compile(r'<(ncursesw/)?n?curses\.h>|<term\.h>'), ['ui/term.c']),
    (re.compile(r'<sqlite3\.h>'), ['data/store*.c', 'data/store_impl.h']),
    (re.compile(r'<uni(str|width|lbrk|gbrk|wbrk|case|norm|ctype|conv|stdio|name|types)\.h>'), ['text/*']),
    (re.compile(r'<md4c\.h>'), ['document/md.c']),
    (re.compile(r'<yaml\.h>'), ['document/meta.c']),
]

# Cycles allowed to stay, each with the reason it must; any other cycle
# fails, and so does one listed here that is gone. Keep it empty.
KNOWN_CYCLES = set()

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
FOREIGN_INCLUDE = re.compile(r'^\s*#\s*include\s+(<[^>]+>)', re.M)


def fnmatch_any(path, globs):
    import fnmatch
    return any(fnmatch.fnmatch(path, g) for g in globs)


def check_files(src):
    errors = []
    for dirpath, _, names in os.walk(src):
        for name in sorted(names):
            if not name.endswith(('.c', '.h')):
                continue
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, src)
            folder = rel.split(os.sep)[0] if os.sep in rel else ''
            if folder not in ALLOWED:
                errors.append('%s: not in a layer folder (%s)' %
                              (rel, ', '.join(ALLOWED)))
                continue
            text = open(full, encoding='utf-8').read()
            for inc in INCLUDE.findall(text):
                if inc == 'config.h':
                    continue
                to = inc.split('/')[0] if '/' in inc else ''
                if to not in ALLOWED:
                    errors.append('%s includes "%s": not a layer folder' %
                                  (rel, inc))
                elif to != folder and to not in ALLOWED[folder]:
                    errors.append('%s includes "%s": %s may not use %s' %
                                  (rel, inc, folder, to))
            for inc in FOREIGN_INCLUDE.findall(text):
                for pattern, places in FOREIGN:
                    if pattern.fullmatch(inc) and not fnmatch_any(rel, places):
                        errors.append('%s includes %s, which belongs in %s' %
                                      (rel, inc, ' '.join(places)))
    return errors


def nm(args):
    out = subprocess.run(['nm', '-A'] + args, capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split(':')
        obj = os.path.splitext(parts[-2].strip())[0]
        fields = line.rsplit(None, 2)
        yield obj, fields[-2], fields[-1]


def symbol_graph(lib):
    owner = {}
    for obj, kind, sym in nm(['--defined-only', '-g', lib]):
        if kind in 'TDBRC':
            owner[sym] = obj
    graph = collections.defaultdict(set)
    for obj, kind, sym in nm(['-u', lib]):
        if sym in owner and owner[sym] != obj:
            graph[obj].add(owner[sym])
    return graph


def cycles(graph):
    """Strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(list(graph)):
        if v not in index:
            visit(v)
    return found


def main():
    src = sys.argv[1]
    errors = check_files(src)
    if len(sys.argv) > 2 and os.path.exists(sys.argv[2]):
        found = {tuple(comp) for comp in cycles(symbol_graph(sys.argv[2]))}
        for comp in sorted(found - KNOWN_CYCLES):
            errors.append('files call each other round a cycle: ' +
                          ', '.join(comp))
        for comp in sorted(KNOWN_CYCLES - found):
            errors.append('the cycle %s is gone: take it out of '
                          'KNOWN_CYCLES' % ', '.join(comp))
    for e in errors:
        print('layering: ' + e, file=sys.stderr)
    if not errors:
        print('layering: ok')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
