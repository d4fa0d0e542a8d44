#!/usr/bin/env python3
"""Validate the lexicon TSV files in this directory.

Usage: python3 check.py [DIR]
Prints `file:line: reason` for every problem and exits 1 if there is any.
Rules are those of the lexicon format (5 tab-separated columns:
surface, reading, kind, weight, entity), plus the category tree beside the lexicon
(category_tree.tsv), the development corpus (../corpus/*.jsonl) and the evaluation cases
(../eval/cases.tsv) when those directories exist.

Brands live in `brands_<section>.tsv` (one file per section; `brands.tsv` is also read if
present). Brand rules: at least MIN_BRANDS distinct brand entities; every brand has a reading on
every row, at least one Japanese (kana/kanji) row and one Latin row; one brand's rows stay in one
file. Across all files, two rows with the same surface, reading and kind are an error (as in the
builder). blocklist.tsv and next*.tsv have schemas of their own (see dictionaries/README.md) and
are checked by `ichiba build`.
"""
import glob
import json
import os
import re
import sys
from collections import defaultdict

MIN_BRANDS = 3000
FILES = {
    'categories.tsv': ('category', 300),
    'items.tsv': ('item', 250),
    'attributes.tsv': ('attribute', 120),
    'phrases.tsv': ('phrase', 150),
}
PREFIX = {'category': 'cat_', 'phrase': 'ph_', 'item': 'item_', 'attribute': 'attr_'}
KINDS = {'brand', 'category', 'item', 'attribute', 'phrase'}
ENTITY_RE = re.compile(r'^[a-z0-9_]+$')
HIRA = set(chr(c) for c in range(0x3041, 0x3097)) | {'ー'}
KATA_SURFACE_RE = re.compile(r'^[\u30a1-\u30f6ー・ ]+$')

REQUIRED = [
    ('シュプリーム', 'しゅぷりーむ', 'brand', 'supreme'),
    ('Supreme', 'しゅぷりーむ', 'brand', 'supreme'),
    ('ルイ・ヴィトン', 'るいゔぃとん', 'brand', 'louis_vuitton'),
    ('ルイヴィトン', 'るいゔぃとん', 'brand', 'louis_vuitton'),
    ('Louis Vuitton', 'るいゔぃとん', 'brand', 'louis_vuitton'),
    ('ヴィトン', 'ゔぃとん', 'brand', 'louis_vuitton'),
    ('ビトン', 'びとん', 'brand', 'louis_vuitton'),
    ('LV', None, 'brand', 'louis_vuitton'),
    ('ナイキ', 'ないき', 'brand', 'nike'),
    ('NIKE', 'ないき', 'brand', 'nike'),
    ('新品未使用', 'しんぴんみしよう', 'phrase', None),
    ('新品、未使用', None, 'phrase', 'ph_cond_new'),
    ('未使用に近い', None, 'phrase', 'ph_cond_like_new'),
    ('目立った傷や汚れなし', None, 'phrase', 'ph_cond_no_damage'),
    ('やや傷や汚れあり', None, 'phrase', 'ph_cond_slight_damage'),
    ('傷や汚れあり', None, 'phrase', 'ph_cond_damage'),
    ('全体的に状態が悪い', None, 'phrase', 'ph_cond_bad'),
]


def kata_to_hira(s):
    out = []
    for c in s:
        if c in '・ ':
            continue
        o = ord(c)
        out.append(chr(o - 0x60) if 0x30A1 <= o <= 0x30F6 else c)
    return ''.join(out)


def is_ascii_alnum(c):
    return c.isascii() and c.isalnum()


def check_reading(surface, reading):
    """Return a reason string if the reading is not acceptable."""
    if reading == '':
        if any(not (c.isascii()) for c in surface):
            return 'empty reading is only allowed for Latin/digit-only surfaces'
        return None
    has_digit = any(c.isascii() and c.isdigit() for c in surface)
    for c in reading:
        if c in HIRA:
            continue
        if c.isascii() and c.isdigit():
            if not has_digit:
                return f'digit {c!r} in reading but not in surface'
            continue
        if c.isascii() and c.isalpha():
            return f'Latin letter {c!r} in reading (the builder accepts kana and digits only)'
        return f'reading has non-hiragana character {c!r}'
    if KATA_SURFACE_RE.match(surface) and kata_to_hira(surface) != reading:
        return f'katakana surface reads {kata_to_hira(surface)!r}, reading is {reading!r}'
    return None


NODE_RE = re.compile(r'^[a-z0-9_]+(/[a-z0-9_]+)*$')
TREE_MIN_NODES = 300


def files_of(d):
    """FILES plus every brands*.tsv in d (kind brand, minimum checked over all of them)."""
    out = {os.path.basename(p): ('brand', 0) for p in sorted(glob.glob(os.path.join(d, 'brands*.tsv')))}
    out.update(FILES)
    return out


def is_latin_surface(s):
    return not any(('\u3040' <= c <= '\u30ff' and c != '・') or '\u3400' <= c <= '\u9fff' or c in '々〆' for c in s)


def read_lines(path, errors):
    """Yield (line number, line) for the data lines of a UTF-8 text file."""
    fname = os.path.basename(path)
    try:
        text = open(path, 'rb').read().decode('utf-8')
    except UnicodeDecodeError as e:
        errors.append(f'{fname}:0: not UTF-8 ({e})')
        return
    if '\r' in text:
        errors.append(f'{fname}:0: CR characters (use LF line endings)')
    if text and not text.endswith('\n'):
        errors.append(f'{fname}:0: no final newline')
    for n, line in enumerate(text.split('\n'), 1):
        if line == '' or line.startswith('#'):
            continue
        if line != line.rstrip() or line.strip() == '':
            errors.append(f'{fname}:{n}: trailing whitespace')
        yield n, line


def check_tree(d, rows, errors):
    """category_tree.tsv: node, parent, entity; parents first; entities from categories.tsv."""
    fname = 'category_tree.tsv'
    path = os.path.join(d, fname)
    if not os.path.exists(path):
        errors.append(f'{fname}:0: missing file')
        return
    cats = {r[6] for r in rows if r[4] == 'category'}
    nodes = {}
    used = set()
    for n, line in read_lines(path, errors):
        cols = line.split('\t')
        if len(cols) != 3:
            errors.append(f'{fname}:{n}: expected 3 columns (node, parent, entity), got {len(cols)}')
            continue
        node, parent, entity = cols
        if not NODE_RE.match(node):
            errors.append(f'{fname}:{n}: bad node id {node!r}')
            continue
        if node in nodes:
            errors.append(f'{fname}:{n}: duplicate node {node!r}, first at line {nodes[node]}')
            continue
        want_parent = node.rpartition('/')[0]
        if parent != want_parent:
            errors.append(f'{fname}:{n}: parent of {node!r} should be {want_parent!r}, is {parent!r}')
        elif parent and parent not in nodes:
            errors.append(f'{fname}:{n}: parent {parent!r} is not an earlier node')
        if node.count('/') > 2:
            errors.append(f'{fname}:{n}: {node!r} is deeper than 3 levels')
        if entity not in cats:
            errors.append(f'{fname}:{n}: entity {entity!r} is not a category in categories.tsv')
        used.add(entity)
        nodes[node] = n
    for e in sorted(cats - used):
        errors.append(f'{fname}:0: category {e!r} of categories.tsv is no node of the tree')
    if len(nodes) < TREE_MIN_NODES:
        errors.append(f'{fname}:0: only {len(nodes)} nodes (need >= {TREE_MIN_NODES})')
    return nodes


CORPUS_FIELDS = ('id', 'category', 'title', 'description')
TITLE_MAX = 40


def check_corpus(d, nodes_path, errors):
    """../corpus/*.jsonl: one JSON object per line with id, category, title, description."""
    tops = set()
    for _, line in read_lines(nodes_path, []):
        cols = line.split('\t')
        if len(cols) == 3 and not cols[1]:
            tops.add(cols[2])
    for path in sorted(glob.glob(os.path.join(d, '..', 'corpus', '*.jsonl'))):
        fname = 'corpus/' + os.path.basename(path)
        ids = {}
        count = 0
        text = open(path, 'rb').read().decode('utf-8', errors='replace')
        if text and not text.endswith('\n'):
            errors.append(f'{fname}:0: no final newline')
        for n, line in enumerate(text.split('\n'), 1):
            if not line:
                continue
            count += 1
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f'{fname}:{n}: invalid JSON ({e.msg})')
                continue
            if not isinstance(obj, dict):
                errors.append(f'{fname}:{n}: not a JSON object')
                continue
            missing = [k for k in CORPUS_FIELDS if not isinstance(obj.get(k), str) or not obj[k].strip()]
            if missing:
                errors.append(f'{fname}:{n}: missing or empty field(s) {", ".join(missing)}')
                continue
            extra = sorted(set(obj) - set(CORPUS_FIELDS))
            if extra:
                errors.append(f'{fname}:{n}: unknown field(s) {", ".join(extra)}')
            if obj['id'] in ids:
                errors.append(f'{fname}:{n}: duplicate id {obj["id"]!r}, first at line {ids[obj["id"]]}')
            ids.setdefault(obj['id'], n)
            if obj['category'] not in tops:
                errors.append(f'{fname}:{n}: category {obj["category"]!r} is not a top-level entity of category_tree.tsv')
            if len(obj['title']) > TITLE_MAX:
                errors.append(f'{fname}:{n}: title has {len(obj["title"])} characters (at most {TITLE_MAX})')
            if '\n' in obj['title']:
                errors.append(f'{fname}:{n}: line break in title')
        if count == 0:
            errors.append(f'{fname}:0: no listings')


CASE_COMMANDS = ('Prediction Expected', 'Prediction Not Expected')
CASES_MIN = 500


def check_cases(d, rows, errors):
    """../eval/cases.tsv: label, key, expected, command, rank (Mozc quality-regression style).

    An expected value of a `Prediction Expected` case must be a surface of the lexicon (any
    *.tsv of this directory); a `Prediction Not Expected` value need not be (blocked terms
    are, by design, nowhere else).
    """
    path = os.path.join(d, '..', 'eval', 'cases.tsv')
    if not os.path.exists(path):
        return
    fname = 'eval/cases.tsv'
    surfaces = {r[2] for r in rows}
    for extra in glob.glob(os.path.join(d, '*.tsv')):
        if os.path.basename(extra) in files_of(d) or os.path.basename(extra) in ('category_tree.tsv', 'blocklist.tsv') or os.path.basename(extra).startswith('next'):
            continue
        for _, line in read_lines(extra, []):
            surfaces.add(line.split('\t')[0])
    seen = {}
    count = 0
    for n, line in read_lines(path, errors):
        cols = line.split('\t')
        if len(cols) != 5:
            errors.append(f'{fname}:{n}: expected 5 columns (label, key, expected, command, rank), got {len(cols)}')
            continue
        label, key, expected, command, rank = cols
        count += 1
        if not re.fullmatch(r'[a-z][a-z0-9_]*', label):
            errors.append(f'{fname}:{n}: bad label {label!r} (lower-case a-z, 0-9, _)')
        if not key or not expected:
            errors.append(f'{fname}:{n}: empty key or expected value')
        if command not in CASE_COMMANDS:
            errors.append(f'{fname}:{n}: unknown command {command!r} (expected one of {", ".join(CASE_COMMANDS)})')
        if not re.fullmatch(r'[1-9][0-9]*', rank):
            errors.append(f'{fname}:{n}: rank {rank!r} is not a positive integer')
        if command == 'Prediction Expected' and expected not in surfaces:
            errors.append(f'{fname}:{n}: expected {expected!r} is no surface of the lexicon')
        k = (key, expected, command)
        if k in seen:
            errors.append(f'{fname}:{n}: duplicate case, first at line {seen[k]}')
        seen.setdefault(k, n)
    if count < CASES_MIN:
        errors.append(f'{fname}:0: only {count} cases (need >= {CASES_MIN})')


def main(d):
    errors = []
    rows = []  # (file, line, surface, reading, kind, weight, entity)
    entity_kind = {}

    def err(f, n, msg):
        errors.append(f'{f}:{n}: {msg}')

    files = files_of(d)
    for fname, (kind_expected, _) in files.items():
        path = os.path.join(d, fname)
        if not os.path.exists(path):
            errors.append(f'{fname}:0: missing file')
            continue
        data = open(path, 'rb').read()
        try:
            text = data.decode('utf-8')
        except UnicodeDecodeError as e:
            errors.append(f'{fname}:0: not UTF-8 ({e})')
            continue
        if '\r' in text:
            errors.append(f'{fname}:0: CR characters (use LF line endings)')
        if text and not text.endswith('\n'):
            errors.append(f'{fname}:0: no final newline')
        seen = {}
        for n, line in enumerate(text.split('\n'), 1):
            if line == '' or line.startswith('#'):
                if line != line.rstrip():
                    err(fname, n, 'trailing whitespace')
                continue
            if line.strip() == '':
                err(fname, n, 'whitespace-only line')
                continue
            if line != line.rstrip():
                err(fname, n, 'trailing whitespace')
            cols = line.split('\t')
            if len(cols) != 5:
                err(fname, n, f'expected 5 columns, got {len(cols)}')
                continue
            surface, reading, kind, weight, entity = cols
            if not surface or surface != surface.strip():
                err(fname, n, 'empty surface or surrounding spaces')
            if kind not in KINDS:
                err(fname, n, f'unknown kind {kind!r}')
            elif kind != kind_expected:
                err(fname, n, f'kind {kind!r} in {fname} (expected {kind_expected!r})')
            if not re.fullmatch(r'[1-9][0-9]*', weight) or not 1 <= int(weight) <= 100000:
                err(fname, n, f'weight {weight!r} not an integer in 1..=100000')
                weight = '0'
            if not ENTITY_RE.match(entity):
                err(fname, n, f'bad entity id {entity!r}')
            pre = PREFIX.get(kind)
            if pre and not entity.startswith(pre):
                err(fname, n, f'entity {entity!r} of kind {kind} should start with {pre!r}')
            if kind == 'brand' and any(entity.startswith(p) for p in PREFIX.values()):
                err(fname, n, f'brand entity {entity!r} uses another kind\'s prefix')
            if len(surface) > 64:
                err(fname, n, f'surface longer than 64 characters ({len(surface)})')
            why = check_reading(surface, reading)
            if why:
                err(fname, n, why)
            key = (surface, entity)
            if key in seen:
                err(fname, n, f'duplicate (surface, entity) {key!r}, first at line {seen[key]}')
            seen[key] = n
            if entity in entity_kind and entity_kind[entity] != kind:
                err(fname, n, f'entity {entity!r} used with kinds {entity_kind[entity]!r} and {kind!r}')
            entity_kind.setdefault(entity, kind)
            rows.append((fname, n, surface, reading, kind, int(weight), entity))

    # the build rejects two rows with the same surface, reading and kind
    first = {}
    for r in rows:
        key = (r[2], r[3], r[4])
        if key in first:
            f0 = first[key]
            errors.append(f'{r[0]}:{r[1]}: same surface, reading and kind as {f0[0]}:{f0[1]} ({r[2]})')
        else:
            first[key] = r

    # a category named like an item must weigh less, so the item (the word) is shown first
    item_weight = {}
    for r in rows:
        if r[4] == 'item':
            item_weight[r[2]] = max(item_weight.get(r[2], 0), r[5])
    for r in rows:
        if r[4] == 'category' and r[2] in item_weight and r[5] >= item_weight[r[2]]:
            errors.append(f'{r[0]}:{r[1]}: category {r[2]} ({r[5]}) must weigh less than the item ({item_weight[r[2]]})')

    # brands: one file per entity, a reading on every row, a Japanese and a Latin form, enough of them
    by_ent = defaultdict(list)
    for r in rows:
        if r[4] == 'brand':
            by_ent[r[6]].append(r)
            if r[3] == '':
                errors.append(f'{r[0]}:{r[1]}: brand row {r[2]!r} without a reading')
    for e, rs in by_ent.items():
        fs = sorted({r[0] for r in rs})
        if len(fs) > 1:
            errors.append(f'{rs[0][0]}:{rs[0][1]}: brand {e!r} is split over {fs}')
        if not any(is_latin_surface(r[2]) for r in rs):
            errors.append(f'{rs[0][0]}:{rs[0][1]}: brand {e!r} has no Latin spelling')
        if all(is_latin_surface(r[2]) for r in rs):
            errors.append(f'{rs[0][0]}:{rs[0][1]}: brand {e!r} has no Japanese (kana/kanji) form')
    if len(by_ent) < MIN_BRANDS:
        errors.append(f'brands*.tsv:0: only {len(by_ent)} distinct brand entities (need >= {MIN_BRANDS})')

    check_tree(d, rows, errors)
    check_corpus(d, os.path.join(d, 'category_tree.tsv'), errors)
    check_cases(d, rows, errors)

    # same surface + kind under several entities: allowed only if intended; report as info
    by_sk = defaultdict(set)
    for r in rows:
        by_sk[(r[2], r[4])].add(r[6])
    infos = [f'note: {s!r} ({k}) has entities {sorted(e)}' for (s, k), e in by_sk.items() if len(e) > 1]

    # minimum sizes (distinct entities)
    for fname, (kind, minimum) in FILES.items():
        ents = {r[6] for r in rows if r[0] == fname}
        nrows = sum(1 for r in rows if r[0] == fname)
        if len(ents) < minimum and nrows < minimum:
            errors.append(f'{fname}:0: only {len(ents)} entities / {nrows} rows (need >= {minimum})')

    # required rows
    for surface, reading, kind, entity in REQUIRED:
        ok = any(r[2] == surface and r[4] == kind
                 and (reading is None or r[3] == reading)
                 and (entity is None or r[6] == entity) for r in rows)
        if not ok:
            errors.append(f'-:0: required row missing: {surface} {reading} {kind} {entity}')

    # Supreme must be the heaviest brand under しゅ and among Latin brands starting with "sup"
    brands = [r for r in rows if r[4] == 'brand']
    shu = [r for r in brands if r[3].startswith('しゅ')]
    if shu and max(shu, key=lambda r: r[5])[6] != 'supreme':
        top = max(shu, key=lambda r: r[5])
        errors.append(f'{top[0]}:{top[1]}: {top[2]} outweighs Supreme among readings starting with しゅ')
    sup = [r for r in brands if r[2].lower().startswith('sup')]
    if sup and max(sup, key=lambda r: r[5])[6] != 'supreme':
        top = max(sup, key=lambda r: r[5])
        errors.append(f'{top[0]}:{top[1]}: {top[2]} outweighs Supreme among Latin brands starting with "sup"')

    for e in errors:
        print(e)
    if '-v' in sys.argv:
        for i in infos:
            print(i)
    counts = defaultdict(int)
    for r in rows:
        counts[r[0]] += 1
    ents = defaultdict(set)
    for r in rows:
        ents[r[0]].add(r[6])
    bf = [f for f in files if f.startswith('brands')]
    summary = ', '.join([f'brands ({len(bf)} files) {sum(counts[f] for f in bf)} rows / {len(by_ent)} entities']
                        + [f'{f} {counts[f]} rows / {len(ents[f])} entities' for f in FILES])
    print(('FAILED: ' if errors else 'ok: ') + summary, file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if not a.startswith('-')]
    sys.exit(main(args[0] if args else os.path.dirname(os.path.abspath(__file__))))
