#!/usr/bin/env python3
"""Write dev.jsonl: the synthetic development corpus of marketplace listings.

Every title and description is composed from parts written by the ichiba developers (see
README.md beside this file): no real listing was copied. Brand names come from the lexicon
(the brand rows of `dictionaries/lexicon/*.tsv`) and the script fails if one is missing there, so that
evaluations on this corpus exercise words the dictionary knows. Product, model and series
names are facts about real goods; every other number (sizes, measurements, battery levels,
years) is drawn at random within realistic ranges.

Usage: python3 dictionaries/corpus/generate_dev.py [--out PATH] [--count N]
The seed is fixed: the same script writes the same file byte for byte.
"""
import argparse
import glob
import json
import os
import random
import re
import sys

SEED = 20241129
DEFAULT_COUNT = 2400
HERE = os.path.dirname(os.path.abspath(__file__))
LEXICON = os.path.join(HERE, '..', 'lexicon')
TREE_TSV = os.path.join(HERE, '..', 'lexicon', 'category_tree.tsv')
TITLE_MAX = 40

rng = random.Random(SEED)


def pick(seq):
    return rng.choice(seq)


def maybe(p):
    return rng.random() < p


def num(lo, hi, step=1):
    """A random number in [lo, hi] on a grid of `step`, without a trailing .0."""
    n = round(rng.randrange(int(round(lo / step)), int(round(hi / step)) + 1) * step, 1)
    return str(int(n)) if n == int(n) else str(n)


# ---------------------------------------------------------------------------
# Brands: every brand string used below must be a surface of a brand row of the lexicon.

def load_brand_surfaces(lexicon=LEXICON):
    """Surfaces of every brand row in the lexicon (brands.tsv or brands_<section>.tsv)."""
    surfaces = set()
    for path in glob.glob(os.path.join(lexicon, '*.tsv')):
        with open(path, encoding='utf-8') as f:
            for line in f:
                cols = line.rstrip('\n').split('\t')
                if not line.startswith('#') and len(cols) == 5 and cols[2] == 'brand':
                    surfaces.add(cols[0])
    return surfaces


BRAND_SURFACES = load_brand_surfaces()
MISSING = set()


class Brand:
    """A brand as sellers write it: a katakana form and, where common, a Latin one."""

    def __init__(self, kana, latin=None):
        for s in (kana, latin):
            if s is not None and s not in BRAND_SURFACES:
                MISSING.add(s)
        self.kana, self.latin = kana, latin

    def title_form(self):
        """The brand as it starts a title: katakana, Latin, or both."""
        if self.latin is None:
            return self.kana
        r = rng.random()
        if r < 0.55:
            return self.kana
        if r < 0.85 or len(self.latin) + len(self.kana) > 20:
            return self.latin
        return f'{self.latin} {self.kana}'

    def text_form(self):
        return self.kana if self.latin is None or maybe(0.75) else self.latin


def brands(*pairs):
    return [Brand(*p) if isinstance(p, tuple) else Brand(p) for p in pairs]


# ---------------------------------------------------------------------------
# Conditions (the marketplace's six labels) and what sellers say about them.

CONDITIONS = ['new', 'like_new', 'good', 'fair', 'worn', 'bad']
CONDITION_WEIGHTS = [22, 20, 30, 18, 7, 3]

TITLE_CONDITION = {
    'new': ['新品未使用', '新品', '未使用', '新品未使用', '新品 未使用'],
    'like_new': ['美品', '極美品', '超美品', 'ほぼ未使用', '未使用に近い', '美品'],
    'good': ['美品', '', '', '', '良品'],
    'fair': ['', '', '', '中古'],
    'worn': ['訳あり', '難あり', '', 'USED'],
    'bad': ['ジャンク', 'ジャンク品', '難あり'],
}

# Condition sentences by family; {x} is filled by the family (e.g. 着用/使用).
CONDITION_TEXT = {
    'new': [
        '新品未使用です。', '購入後未使用のまま保管していました。', '新品未使用ですが、自宅保管品のためご理解ください。',
        '一度も使用していません。', '未使用品です。', '新品・未使用のまま自宅で保管していました。',
    ],
    'like_new': [
        '{x}は数回のみで、目立った傷や汚れはありません。', '数回{x}しましたが、未使用に近い状態です。',
        '一度のみ{x}しました。', '室内で試した程度なので、とても綺麗です。', '美品ですが、あくまで中古品としてご理解ください。',
        '使用感はほとんどありません。',
    ],
    'good': [
        '目立った傷や汚れはありません。', '数回{x}しました。目立つダメージはなく綺麗な状態です。', '状態は良好です。',
        '通常{x}による多少の使用感はありますが、目立った傷や汚れはありません。', '比較的綺麗な状態だと思います。',
        '大きなダメージはなく、まだまだお使いいただけます。',
    ],
    'fair': [
        '多少の使用感があります。', '使用に伴う小傷がありますが、使用には問題ありません。', '全体的に使用感がありますが、まだまだ使えます。',
        'やや傷や汚れがあります。詳しくは写真でご確認ください。', '細かな傷がありますが、遠目には分からない程度です。',
        '数年{x}していたので使用感があります。',
    ],
    'worn': [
        '傷や汚れがあります。写真でご確認ください。', '使用感が強めのため、お安く出品します。', '目立つ汚れがあるため訳ありとして出品します。',
        '傷や汚れがあるため、気にされない方にお譲りします。', 'ダメージがあるため難ありとして出品します。',
    ],
    'bad': [
        '全体的に状態が悪いため、ジャンク品として出品します。', '状態が悪いため、ジャンク扱いでお願いします。',
        '部品取りなどにいかがでしょうか。', '状態が悪いので、ジャンク品としてご理解いただける方のみお願いします。',
    ],
}

# Families whose goods are read, collected or applied get their own wording.
FAMILY_CONDITION_TEXT = {
    'wear': {
        'good': [t.format(x='着用') for t in CONDITION_TEXT['good']] + ['ワンシーズン着用しましたが、状態は良いです。'],
        'fair': ['多少の毛玉や色あせがあります。', '全体的に着用感があります。', '数年着用していたので使用感があります。',
                 '着用感はありますが、まだまだ着ていただけます。', 'やや毛玉があります。詳しくは写真でご確認ください。'],
        'worn': ['シミや毛玉があります。写真でご確認ください。', '首元や袖口に汚れがあります。', '着用感が強めのため、お安く出品します。',
                 '目立つシミがあるため訳ありとして出品します。'],
        'bad': ['シミや毛玉が目立つため、部屋着や作業用にどうぞ。', '全体的に状態が悪いため、難ありとして出品します。',
                '穴やほつれがあります。リメイク素材などにいかがでしょうか。'],
    },
    'shoes': {
        'good': [t.format(x='着用') for t in CONDITION_TEXT['good']] + ['ワンシーズン履きましたが、状態は良いです。'],
        'fair': ['履きジワやソールの減りがあります。', '全体的に履いた感じがありますが、まだまだ履けます。', 'やや汚れがあります。写真でご確認ください。'],
        'worn': ['ソールの減りやスレが目立ちます。', '汚れが目立つため、お安く出品します。'],
        'bad': ['ソールが剥がれかけているため難ありです。', '加水分解が始まっているため、観賞用にどうぞ。'],
    },
    'read': {
        'new': ['新品未読です。', '購入後、未読のまま保管していました。', '書店で購入し、読まずに保管していました。'],
        'like_new': ['一読のみで、とても綺麗です。', '一度読んだだけです。', '丁寧に読んでいたので、未使用に近い状態です。'],
        'good': ['目立った傷や汚れはありません。', '何度か読みましたが、状態は良いと思います。', '比較的綺麗な状態です。'],
        'fair': ['多少の使用感があります。', '読み癖や小傷があります。', 'カバーにスレや小傷があります。'],
        'worn': ['ヤケやシミがあります。写真でご確認ください。', '使用感が強めのため、お安く出品します。'],
        'bad': ['全体的に傷みがあるため、読めれば良い方向けです。', '破れやシミがあるため難ありとして出品します。'],
    },
    'collect': {
        'new': ['新品未開封です。', '未開封のまま保管していました。', '購入後、未開封で自宅保管していました。'],
        'like_new': ['開封のみで、未使用に近い状態です。', '開封後すぐに保管していました。', '飾らずに保管していたので綺麗です。'],
        'good': ['目立った傷や汚れはありません。', '状態は良好です。', '大切に保管していました。目立つダメージはありません。'],
        'fair': ['多少の使用感があります。', '細かな傷があります。写真でご確認ください。', '箱に傷みがあります。'],
        'worn': ['傷や汚れがあります。写真でご確認ください。', 'ダメージがあるため難ありとして出品します。'],
        'bad': ['状態が悪いため、ジャンク品として出品します。', 'パーツ欠品があるため、ジャンク扱いでお願いします。'],
    },
    'cosme': {
        'new': ['新品未使用です。', '未開封・未使用です。', '購入後、未使用のまま保管していました。'],
        'like_new': ['1、2回使用しただけです。', 'テクスチャーを試した程度です。', '数回使用しましたが、ほとんど減っていません。'],
        'good': ['数回使用しました。', '何度か使用しましたが、まだたっぷり残っています。', '少しだけ使用しました。'],
        'fair': ['半分ほど使用しました。', '使用感があります。', 'ケースに小傷があります。'],
        'worn': ['使いかけです。', 'ケースに傷や汚れがあります。'],
        'bad': ['残りわずかです。', 'ケースが破損しています。'],
    },
}

OPENINGS = [
    'ご覧いただきありがとうございます。', 'ご覧頂きありがとうございます。', '閲覧ありがとうございます。',
    'ご覧いただきありがとうございます！', 'はじめまして。',
]

WHY_SELLING = [
    '断捨離中のため出品します。', '引っ越しのため出品します。', '使わなくなったため出品します。', 'イメージと違ったため出品します。',
    '出番がないのでお譲りします。', '重複購入のため出品します。', '大切にしてくださる方にお譲りします。', '好みが変わったため手放します。',
]
WHY_SELLING_WEAR = WHY_SELLING + ['サイズが合わず出品します。', '着る機会がなく出品します。']

WHEN_BOUGHT = [
    '昨年購入しました。', '2年ほど前に購入しました。', '3年前に購入しました。', '今年の春に購入しました。',
    '先月購入したばかりです。', '数年前に購入しました。', '去年の冬に購入しました。', '半年ほど前に購入しました。',
]

SHIPPING = [
    '匿名配送で発送します。', '送料込みです。', '24時間以内に発送します。', '1〜2日以内に発送します。', '土日の発送になります。',
    '丁寧に梱包して発送します。', '防水対策をして発送します。', '平日は発送が遅れる場合があります。', '匿名配送、送料込みです。',
]

CLOSINGS = [
    'ペット・喫煙者なしの環境です。', '自宅保管品のため、神経質な方はご遠慮ください。', '即購入OKです。', '即購入大歓迎です。',
    '購入前にコメントいただけると助かります。', 'お値下げ交渉はご遠慮ください。', '他にも出品していますので、よろしければご覧ください。',
    'まとめ買いでお値引きします。', 'よろしくお願いします。', 'ご不明な点はお気軽にコメントください。', '質問があればお気軽にどうぞ。',
    'ノークレーム・ノーリターンでお願いします。', '~中古品にご理解のある方のみお願いします。', '素人保管のためご理解ください。',
    '気になる点はコメントでお問い合わせください。', '値下げ交渉は常識の範囲内でお願いします。', 'お取引よろしくお願いいたします。',
]

TITLE_EXTRAS = ['送料込み', '匿名配送', '即購入OK', '送料無料', '値下げ', '即日発送', '早い者勝ち', 'まとめ割']


class Listing:
    """The parts of one listing; `title()` and `description()` compose them."""

    def __init__(self, category, family, cond):
        self.category = category
        self.family = family   # 着用/使用 wording and shipping flavour
        self.cond = cond
        self.head = []         # brand, product words
        self.attrs = []        # size, colour, model details
        self.cond_word = pick(TITLE_CONDITION[cond] if family not in ('wear', 'shoes') or cond != 'bad' else ['難あり', '訳あり'])
        self.tags = []         # extra title words (限定, 箱付き)
        self.body = []         # item-specific sentences
        self.ship = []         # item-specific shipping sentences
        self.cond_text = None  # overrides the generic condition sentence
        self.handmade = False  # the seller made it: no "bought it" or "why I sell it"

    # -- title --------------------------------------------------------------
    def title(self):
        head, attrs, tags = list(self.head), list(self.attrs), list(self.tags)
        cw = self.cond_word
        extra = pick(TITLE_EXTRAS) if maybe(0.15) else ''
        layout = rng.random()
        sep = '　' if maybe(0.08) else ' '
        while True:
            if layout < 0.45:
                parts = head + attrs + tags + [cw, extra]
            elif layout < 0.65 and cw:
                parts = [f'【{cw}】' + (head[0] if head else '')] + head[1:] + attrs + tags + [extra]
            elif layout < 0.78:
                parts = [cw] + head + attrs + tags + [extra]
            elif layout < 0.86 and cw:
                parts = [f'{cw}★' + (head[0] if head else '')] + head[1:] + attrs + tags + [extra]
            else:
                parts = head + [cw] + attrs + tags + [extra]
            t = sep.join(p for p in parts if p).replace('  ', ' ')
            if len(t) <= TITLE_MAX:
                return t
            # too long: drop the least important part and try again
            if extra:
                extra = ''
            elif tags:
                tags.pop()
            elif len(attrs) > 1:
                attrs.pop()
            elif len(head) > 2:
                head.pop()
            elif sep != ' ':
                sep = ' '
            elif cw:
                cw = ''
            elif len(head) > 1:
                head.pop()
            elif attrs:
                attrs.pop()
            else:
                return t[:TITLE_MAX].rstrip()

    # -- description ----------------------------------------------------------
    def description(self):
        if self.cond_text:
            cond = self.cond_text
        elif self.cond in FAMILY_CONDITION_TEXT.get(self.family, {}):
            cond = pick(FAMILY_CONDITION_TEXT[self.family][self.cond])
        else:
            x = {'wear': '着用', 'shoes': '着用', 'use': '使用', 'play': '使用'}[self.family]
            cond = pick(CONDITION_TEXT[self.cond]).format(x=x)
        parts = []
        if maybe(0.35):
            parts.append(pick(OPENINGS))
        if not self.handmade and maybe(0.3):
            parts.append(pick(WHEN_BOUGHT))
        parts.append(cond)
        parts.extend(self.body)
        if not self.handmade and maybe(0.25):
            parts.append(pick(WHY_SELLING_WEAR if self.family in ('wear', 'shoes') else WHY_SELLING))
        ship = self.ship + ([pick(SHIPPING)] if maybe(0.45) else [])
        parts.extend(ship[:1] if maybe(0.6) else ship)
        if maybe(0.45):
            parts += notes(CLOSINGS, self.cond)
        # 1-5 sentences: keep the opening, the condition and the item facts first
        while sentence_count(parts) > 5:
            for drop in (WHEN_BOUGHT, WHY_SELLING_WEAR, [c.lstrip('~') for c in CLOSINGS], SHIPPING, OPENINGS):
                hit = next((p for p in parts if p in drop and p != cond), None)
                if hit:
                    parts.remove(hit)
                    break
            else:
                parts = parts[:-1]
        # the same sentence twice (a note repeating the condition line) reads badly
        seen, kept = set(), []
        for p in parts:
            sentences = [x for x in re.split('(?<=[。！？])', p) if x]
            if any(x in seen for x in sentences):
                continue
            seen.update(sentences)
            kept.append(p)
        parts = kept
        joiner = '\n' if maybe(0.35) else ''
        return joiner.join(parts)


def sentence_count(parts):
    return sum(max(1, p.count('。') + p.count('！') + p.count('？')) for p in parts)


def condition():
    return rng.choices(CONDITIONS, CONDITION_WEIGHTS)[0]


def notes(pool, cond, k=1):
    """Up to k different notes from `pool` that fit the condition.

    A note may start with markers: '!' it describes a flaw (only for fair or worse), '+' it says
    the item is in good shape (only for good or better), '~' it implies use (never for new),
    '^' it says the item is unopened (only for new), '@' it was barely used (only for like new).
    """
    ok = []
    for n in pool:
        marks = n[:len(n) - len(n.lstrip('!+~^@'))]
        if '^' in marks and cond != 'new':
            continue
        if '@' in marks and cond != 'like_new':
            continue
        if '!' in marks and cond not in ('fair', 'worn', 'bad'):
            continue
        if '+' in marks and cond not in ('new', 'like_new', 'good'):
            continue
        if '~' in marks and cond == 'new':
            continue
        ok.append(n[len(marks):])
    return rng.sample(ok, min(k, len(ok)))


# ---------------------------------------------------------------------------
# Fashion: tops, outerwear, bottoms, dresses.

SIZES = ['S', 'M', 'L', 'XL']
SIZE_LABEL = {
    'S': ['S', 'Sサイズ', 'サイズS'], 'M': ['M', 'Mサイズ', 'サイズM'], 'L': ['L', 'Lサイズ', 'サイズL'],
    'XL': ['XL', 'XLサイズ', 'LL'],
}
COLORS = [
    ('黒', 'ブラック'), ('白', 'ホワイト'), ('グレー', 'グレー'), ('紺', 'ネイビー'), ('ベージュ', 'ベージュ'),
    ('茶色', 'ブラウン'), ('カーキ', 'カーキ'), ('赤', 'レッド'), ('青', 'ブルー'), ('緑', 'グリーン'),
    ('ピンク', 'ピンク'), ('アイボリー', 'アイボリー'), ('オフホワイト', 'オフホワイト'), ('チャコールグレー', 'チャコール'),
    ('水色', 'ライトブルー'), ('黄色', 'イエロー'), ('紫', 'パープル'), ('オリーブ', 'オリーブ'), ('くすみピンク', 'くすみピンク'),
    ('キャメル', 'キャメル'), ('ボルドー', 'ボルドー'), ('ラベンダー', 'ラベンダー'), ('ミント', 'ミントグリーン'),
]
COMMON_COLORS = COLORS[:8]


def color(common=True):
    c = pick(COMMON_COLORS if common and maybe(0.7) else COLORS)
    return c[0] if maybe(0.45) else c[1]


# garment: (item words for titles, measurement names, base measurements for S/M/L/XL, family)
GARMENTS = {
    'tshirt': (['Tシャツ', '半袖Tシャツ', 'Tシャツ', 'カットソー'], ['着丈', '身幅', '肩幅', '袖丈'],
               {'S': (66, 49, 44, 19), 'M': (70, 52, 47, 20), 'L': (73, 55, 50, 21), 'XL': (76, 58, 53, 22)}),
    'longtee': (['ロンT', '長袖Tシャツ', 'ロングスリーブTシャツ', 'カットソー'], ['着丈', '身幅', '肩幅', '袖丈'],
                {'S': (66, 49, 44, 59), 'M': (70, 52, 47, 61), 'L': (73, 55, 50, 63), 'XL': (76, 58, 53, 64)}),
    'hoodie': (['パーカー', 'プルオーバーパーカー', 'ジップパーカー', 'スウェットパーカー'], ['着丈', '身幅', '袖丈'],
               {'S': (65, 53, 60), 'M': (69, 57, 62), 'L': (72, 60, 64), 'XL': (75, 63, 65)}),
    'sweat': (['スウェット', 'トレーナー', 'クルーネックスウェット'], ['着丈', '身幅', '袖丈'],
              {'S': (64, 52, 59), 'M': (67, 55, 61), 'L': (70, 58, 63), 'XL': (73, 61, 64)}),
    'knit': (['ニット', 'セーター', 'ニットセーター', 'カーディガン'], ['着丈', '身幅', '袖丈'],
             {'S': (60, 48, 58), 'M': (64, 52, 60), 'L': (67, 55, 62), 'XL': (70, 58, 63)}),
    'shirt': (['シャツ', '長袖シャツ', 'ストライプシャツ', 'オックスフォードシャツ'], ['着丈', '身幅', '肩幅', '袖丈'],
              {'S': (72, 50, 43, 60), 'M': (75, 53, 45, 62), 'L': (78, 56, 47, 64), 'XL': (80, 59, 49, 65)}),
    'jacket': (['ジャケット', 'ブルゾン', 'ナイロンジャケット', 'ジャケット'], ['着丈', '身幅', '肩幅', '袖丈'],
               {'S': (63, 53, 44, 60), 'M': (66, 56, 46, 62), 'L': (69, 59, 48, 64), 'XL': (72, 62, 50, 65)}),
    'coat': (['コート', 'ロングコート', 'チェスターコート', 'トレンチコート', 'ステンカラーコート'], ['着丈', '身幅', '肩幅', '袖丈'],
             {'S': (100, 52, 42, 58), 'M': (104, 55, 44, 60), 'L': (108, 58, 46, 62), 'XL': (111, 61, 48, 63)}),
    'down': (['ダウンジャケット', 'ダウン', 'ダウンベスト', 'ダウンコート'], ['着丈', '身幅', '袖丈'],
             {'S': (64, 56, 60), 'M': (67, 59, 62), 'L': (70, 62, 64), 'XL': (73, 65, 65)}),
    'blouse': (['ブラウス', 'シャツブラウス', 'フリルブラウス', 'シアーブラウス'], ['着丈', '身幅', '袖丈'],
               {'S': (58, 46, 55), 'M': (60, 48, 57), 'L': (62, 51, 58), 'XL': (64, 54, 59)}),
    'dress': (['ワンピース', 'ロングワンピース', 'シャツワンピース', 'ニットワンピース', 'ドレス'], ['着丈', '身幅'],
              {'S': (110, 42), 'M': (115, 45), 'L': (118, 48), 'XL': (120, 51)}),
    'skirt': (['スカート', 'ロングスカート', 'プリーツスカート', 'フレアスカート', 'タイトスカート', 'デニムスカート'], ['ウエスト', '総丈'],
              {'S': (32, 75), 'M': (34, 78), 'L': (36, 80), 'XL': (38, 82)}),
    'pants': (['パンツ', 'ワイドパンツ', 'スラックス', 'チノパン', 'カーゴパンツ', 'デニム', 'ジーンズ'], ['ウエスト', '股上', '股下', 'わたり'],
              {'S': (38, 27, 70, 29), 'M': (40, 28, 73, 31), 'L': (42, 29, 75, 33), 'XL': (44, 30, 77, 35)}),
}

MEASURE_STYLES = [
    lambda pairs: '、'.join(f'{k}約{v}cm' for k, v in pairs) + 'です（平置き）。',
    lambda pairs: '【サイズ】' + ' / '.join(f'{k} {v}cm' for k, v in pairs) + '。',
    lambda pairs: '実寸：' + ' '.join(f'{k}{v}' for k, v in pairs) + '（cm）。',
    lambda pairs: '平置きで' + '、'.join(f'{k}約{v}cm' for k, v in pairs) + 'です。',
    lambda pairs: ' '.join(f'{k}{v}cm' for k, v in pairs) + '。素人採寸のため多少の誤差はご了承ください。',
]


def measurements(garment, size, loose=0):
    names, base = GARMENTS[garment][1], GARMENTS[garment][2][size]
    pairs = []
    for name, b in zip(names, base):
        v = b + rng.randint(-2, 2) + (loose if name in ('身幅', 'わたり', '肩幅') else 0)
        pairs.append((name, v))
    if garment == 'pants' and maybe(0.5):
        pairs = pairs[:1] + pairs[2:3]
    elif maybe(0.35):
        pairs = pairs[:2]
    return pick(MEASURE_STYLES)(pairs)


# Brands by fashion segment: (brand, signature lines, extra width in cm for loose fits).
# A line is a product or design word (a fact about the brand) written as 'word' (fits any
# garment), 'word:g1,g2' (only those garments) or 'word:g!' (names the garment itself, so the
# title needs no garment word).
STREET = [
    (Brand('シュプリーム', 'Supreme'), ['ボックスロゴ:hoodie,tshirt,sweat', 'Box Logo:hoodie,tshirt,sweat', 'スモールボックス:tshirt,hoodie,sweat',
                                         'アーチロゴ:hoodie,sweat', 'ロゴ'], 4),
    (Brand('ステューシー', 'STUSSY'), ['ストックロゴ', '8ボール:tshirt,hoodie', 'ワールドツアー:tshirt,hoodie', 'ベーシックロゴ'], 3),
    (Brand('ア・ベイシング・エイプ', 'BAPE'), ['シャークパーカー:hoodie!', 'カモ柄', 'エイプヘッド:tshirt,hoodie', 'ベイビーマイロ:tshirt'], 2),
    (Brand('ヒューマンメイド', 'HUMAN MADE'), ['ハートロゴ:tshirt,longtee,hoodie', 'ダックロゴ:tshirt,sweat', 'ポーラーベア:tshirt'], 3),
    (Brand('ワコマリア', 'WACKO MARIA'), ['アロハシャツ:shirt!', 'ハワイアンシャツ:shirt!', 'ロゴ'], 2),
    (Brand('ネイバーフッド', 'NEIGHBORHOOD'), ['ロゴプリント:tshirt,longtee,hoodie', 'ミリタリー:jacket,shirt'], 2),
    (Brand('ダブルタップス', 'WTAPS'), ['クロスボーン:tshirt,longtee,hoodie', 'ミリタリー:jacket,shirt,pants'], 3),
    (Brand('カーハート', 'Carhartt'), ['デトロイトジャケット:jacket!', 'アクティブジャケット:jacket!', 'ロゴパッチ', 'ダブルニー:pants'], 3),
    (Brand('チャンピオン', 'Champion'), ['リバースウィーブ:sweat,hoodie', 'ロゴ刺繍', '目無し:sweat'], 3),
    (Brand('ウィンダンシー', 'WIND AND SEA'), ['ロゴ', 'プリント:tshirt,longtee'], 3),
    (Brand('エクストララージ', 'XLARGE'), ['OGロゴ', 'ゴリラ:tshirt,hoodie'], 3),
    (Brand('フィアオブゴッド', 'FEAR OF GOD'), ['エッセンシャルズ', 'ロゴ'], 5),
    (Brand('オベイ', 'OBEY'), ['ロゴ'], 2),
    (Brand('ディッキーズ', 'Dickies'), ['874:pants!', 'ワークパンツ:pants!', 'ワークシャツ:shirt!'], 3),
]
DESIGNER = [
    (Brand('コムデギャルソン', 'COMME des GARCONS'), ['プレイ:tshirt,longtee,knit', 'ハートロゴ:tshirt,longtee,knit', 'オム:shirt,jacket,pants',
                                                      'シャツ:shirt'], 0),
    (Brand('ヨウジヤマモト', 'Yohji Yamamoto'), ['プールオム:shirt,jacket,coat,pants', 'ギャバジン:coat,jacket'], 3),
    (Brand('イッセイミヤケ', 'ISSEY MIYAKE'), ['プリーツ:shirt,pants,jacket', 'メン:shirt,jacket'], 0),
    (Brand('オムプリッセ', 'HOMME PLISSE'), ['プリーツ:shirt,pants,jacket'], 0),
    (Brand('サカイ', 'sacai'), ['ドッキング', '切替'], 2),
    (Brand('アンダーカバー', 'UNDERCOVER'), ['ロゴ', 'グラフィック:tshirt,longtee'], 1),
    (Brand('ビズビム', 'visvim'), ['ジャンボ:tshirt,longtee', 'アイコン:tshirt'], 2),
    (Brand('キャピタル', 'KAPITAL'), ['スマイル:tshirt,knit', 'ボロ:jacket,pants', 'センチュリーデニム:pants!'], 2),
    (Brand('オーラリー', 'AURALEE'), ['スーパーファインウール:knit,coat', 'ハイカウント:shirt,tshirt'], 3),
    (Brand('コモリ', 'COMOLI'), ['ベタシャン:shirt,pants', 'ウールフラノ:jacket,pants'], 3),
    (Brand('メゾンマルジェラ', 'Maison Margiela'), ['4ステッチ', 'ここのえ:knit'], 1),
    (Brand('アクネストゥディオズ', 'Acne Studios'), ['フェイスパッチ:knit,sweat,hoodie', 'ロゴ'], 3),
    (Brand('ミハラヤスヒロ', 'MIHARA YASUHIRO'), ['ロゴ', 'ドッキング:shirt,jacket'], 2),
    (Brand('ジルサンダー', 'JIL SANDER'), ['ロゴ:tshirt,sweat', 'プラス:knit,shirt'], 1),
]
BASICS = [
    (Brand('ユニクロ', 'UNIQLO'), ['+J', 'ユニクロU', 'エアリズム:tshirt', 'ヒートテック:longtee', 'ウルトラライトダウン:down',
                                  'フリース:jacket!', 'スフレヤーン:knit'], 0),
    (Brand('ジーユー', 'GU'), ['オーバーサイズ', 'ワイド:pants', 'ドライ:tshirt'], 1),
    (Brand('無印良品', 'MUJI'), ['オーガニックコットン', '洗いざらし:shirt', 'リネン:shirt,pants'], 0),
    (Brand('ザラ', 'ZARA'), ['オーバーサイズ', 'ロゴ:tshirt,sweat'], 1),
    (Brand('エイチアンドエム', 'H&M'), ['リラックスフィット', 'コラボ:tshirt,sweat'], 1),
    (Brand('ギャップ', 'GAP'), ['ロゴ:tshirt,hoodie,sweat', 'アーチロゴ:hoodie,sweat'], 1),
    (Brand('ビームス', 'BEAMS'), ['別注', 'ビームスプラス', 'オーバーサイズ'], 1),
    (Brand('ユナイテッドアローズ', 'UNITED ARROWS'), ['グリーンレーベル', 'ビューティーアンドユース'], 0),
    (Brand('シップス', 'SHIPS'), ['別注', 'スタンダード'], 0),
    (Brand('アーバンリサーチ', 'URBAN RESEARCH'), ['ドアーズ', 'リラックス'], 1),
    (Brand('ジャーナルスタンダード', 'JOURNAL STANDARD'), ['レリューム', '別注'], 1),
    (Brand('ナノユニバース', 'nano universe'), ['西海岸', '定番'], 0),
    (Brand('フリークスストア', "FREAK'S STORE"), ['ビッグシルエット', '別注'], 3),
    (Brand('ラルフローレン', 'Ralph Lauren'), ['ポニー刺繍', 'ビッグポニー:shirt,knit', 'カスタムフィット:shirt'], 0),
    (Brand('トミーヒルフィガー', 'TOMMY HILFIGER'), ['フラッグロゴ', 'ロゴ刺繍'], 0),
    (Brand('ラコステ', 'LACOSTE'), ['ワニロゴ', '鹿の子:tshirt,shirt'], 0),
    (Brand('フレッドペリー', 'FRED PERRY'), ['月桂樹', 'リンガー:tshirt'], 0),
    (Brand('リーバイス', "Levi's"), ['501:pants!', '505:pants!', '517:pants!', 'ビッグE:pants,jacket', 'トラッカージャケット:jacket!'], 1),
    (Brand('ポールスミス', 'Paul Smith'), ['マルチストライプ', 'アーティストストライプ:shirt,knit'], 0),
    (Brand('アーペーセー', 'A.P.C.'), ['プチスタンダード:pants', 'ロゴ:tshirt,sweat'], 0),
    (Brand('メゾンキツネ', 'MAISON KITSUNE'), ['フォックスパッチ', 'ロゴ'], 1),
]
OUTDOOR = [
    (Brand('ノースフェイス', 'THE NORTH FACE'), ['ヌプシ:down!', 'バルトロライトジャケット:down!', 'マウンテンライトジャケット:jacket!',
                                               'デナリジャケット:jacket!', 'コンパクトジャケット:jacket!', 'スクエアロゴ:tshirt,hoodie'], 2),
    (Brand('パタゴニア', 'patagonia'), ['レトロX:jacket!', 'シンチラ スナップT:jacket!', 'トレントシェル:jacket!', 'ダウンセーター:down!', 'バギーズジャケット:jacket!',
                                      'P-6ロゴ:tshirt,hoodie'], 1),
    (Brand('アークテリクス', "ARC'TERYX"), ['ベータLT:jacket!', 'アトムLT フーディ:jacket!', 'ガンマ:pants,jacket', 'スコーミッシュ フーディ:jacket!'], 0),
    (Brand('モンクレール', 'MONCLER'), ['マヤ:down!', 'ロゴワッペン'], 0),
    (Brand('カナダグース', 'CANADA GOOSE'), ['ジャスパー:down!', 'シャトー:down!'], 0),
    (Brand('モンベル', 'mont-bell'), ['スペリオダウン:down', 'ストームクルーザー:jacket!'], 0),
    (Brand('コロンビア', 'Columbia'), ['ロマビスタフーディー:jacket!', 'ワバシュ:jacket!'], 1),
    (Brand('ヘリーハンセン', 'HELLY HANSEN'), ['スカンザライトジャケット:jacket!', 'ロゴ:tshirt,hoodie'], 1),
    (Brand('バブアー', 'Barbour'), ['ビデイル:jacket!', 'ビューフォート:jacket!', 'トランスポート:jacket!'], 0),
]
LADIES = [
    (Brand('スナイデル', 'snidel'), ['フリル', 'レース:blouse,dress,skirt'], 0),
    (Brand('ジルスチュアート', 'JILL STUART'), ['フリル', '花柄:blouse,dress,skirt'], 0),
    (Brand('マウジー', 'MOUSSY'), ['デニム:pants,skirt,jacket', 'ワイド:pants'], 0),
    (Brand('スライ', 'SLY'), ['ロゴ:tshirt', 'タイト:skirt,dress'], 0),
    (Brand('エモダ', 'EMODA'), ['ショート丈:tshirt,knit,blouse', 'ロゴ:tshirt'], 0),
    (Brand('ジーナシス', 'JEANASIS'), ['オーバーサイズ', 'ワイド:pants'], 2),
    (Brand('ローリーズファーム', 'LOWRYS FARM'), ['リブ:knit,tshirt', 'ワイド:pants'], 1),
    (Brand('アースミュージックアンドエコロジー', 'earth music&ecology'), ['花柄:blouse,dress,skirt', 'フレア:skirt,dress'], 0),
    (Brand('ナチュラルビューティーベーシック', 'NATURAL BEAUTY BASIC'), ['オフィス', 'きれいめ'], 0),
    (Brand('プロポーションボディドレッシング', 'PROPORTION BODY DRESSING'), ['フレア:skirt,dress', 'ツイード:skirt,coat'], 0),
    (Brand('アプワイザーリッシェ', 'Apuweiser-riche'), ['フレア:skirt,dress', 'ツイード:skirt,coat'], 0),
    (Brand('アメリヴィンテージ', 'Ameri VINTAGE'), ['レイヤード:dress,blouse', 'シアー:blouse'], 1),
    (Brand('ミナペルホネン', 'mina perhonen'), ['タンバリン', 'choucho:blouse,dress,skirt'], 0),
    (Brand('マーガレットハウエル', 'MARGARET HOWELL'), ['リネン:shirt,blouse,dress,pants', 'コットン'], 0),
    (Brand('イエナ', 'IENA'), ['リネン:blouse,dress,pants', 'ウール:knit,coat'], 0),
    (Brand('スピックアンドスパン', 'Spick and Span'), ['ワイド:pants', 'カシミヤ:knit'], 0),
    (Brand('トゥモローランド', 'TOMORROWLAND'), ['カシミヤ:knit,coat', 'ウール:coat,knit'], 0),
    (Brand('ロンハーマン', 'Ron Herman'), ['ロゴ:tshirt,sweat', 'カリフォルニア'], 1),
    (Brand('アニエスベー', 'agnes b.'), ['カーディガンプレッション:knit!', 'ボーダー:tshirt,longtee'], 0),
    (Brand('グローバルワーク', 'GLOBAL WORK'), ['ワイド:pants', 'スウェット:sweat'], 1),
    (Brand('ニコアンド', 'niko and...'), ['ロゴ:tshirt,sweat', 'ワイド:pants'], 1),
    (Brand('バーバリー', 'BURBERRY'), ['ノバチェック', 'トレンチコート:coat!'], 0),
    (Brand('マークジェイコブス', 'MARC JACOBS'), ['ロゴ:tshirt,sweat'], 0),
    (Brand('ケイトスペード', 'kate spade'), ['リボン:blouse,dress', 'ドット:blouse,dress,skirt'], 0),
]

GARMENT_FOR_SEGMENT = {
    'street': ['tshirt', 'tshirt', 'longtee', 'hoodie', 'hoodie', 'sweat', 'jacket', 'pants', 'shirt'],
    'designer': ['shirt', 'tshirt', 'jacket', 'coat', 'pants', 'knit'],
    'basics': ['tshirt', 'shirt', 'knit', 'pants', 'sweat', 'down', 'coat', 'jacket'],
    'outdoor': ['jacket', 'jacket', 'down', 'down', 'hoodie', 'pants', 'tshirt'],
    'ladies': ['blouse', 'dress', 'dress', 'skirt', 'skirt', 'knit', 'pants', 'coat', 'tshirt'],
}

GARMENT_NOTES = {
    'tshirt': ['+首元のヨレはありません。', '!襟元に少しヨレがあります。', '~洗濯済みです。', '+プリントのひび割れはありません。',
               'ゆったりめのシルエットです。', '!プリントに少しひび割れがあります。'],
    'longtee': ['!袖口に少し毛羽立ちがあります。', '~洗濯済みです。', '生地はしっかりめです。', '+首元のヨレはありません。'],
    'hoodie': ['裏起毛で暖かいです。', 'フードの紐もきちんと付いています。', '+~毛玉は少なめです。', '!袖口に若干の毛玉があります。'],
    'sweat': ['裏起毛です。', '+首元のリブに伸びはありません。', '~毛玉取り済みです。', '!袖口に少し汚れがあります。'],
    'knit': ['~毛玉取り済みです。', 'チクチクしにくい素材です。', '~手洗いで洗濯しました。', '!脇に少し毛玉があります。'],
    'shirt': ['~クリーニング済みです。', '+襟の黄ばみはありません。', '~アイロン済みです。', '!襟元に薄い黄ばみがあります。'],
    'jacket': ['撥水性があります。', 'ポケットも多く便利です。', 'ファスナーの開閉も問題ありません。', '!袖口に少しスレがあります。'],
    'coat': ['~クリーニング済みです。', '+裏地に傷みはありません。', 'ボタンの欠品はありません。', 'ウール素材で暖かいです。', '!袖口に毛羽立ちがあります。'],
    'down': ['+~ダウンの抜けもほとんどありません。', 'ボリュームも十分です。', '~クリーニング済みです。', '!袖口に少し汚れがあります。'],
    'blouse': ['透け感があります。', '~クリーニング済みです。', 'オフィスにも使えます。', '~手洗いしました。'],
    'dress': ['裏地付きです。', '結婚式のお呼ばれにも使えます。', '後ろファスナーです。', 'ウエストにリボンが付いています。', '!裾に小さなほつれがあります。'],
    'skirt': ['ウエストゴムで楽です。', '裏地付きです。', '透け感はありません。', 'ウエストは後ろゴムです。'],
    'pants': ['裾上げはしていません。', '~裾上げ済みです。', 'ストレッチが効いていて履きやすいです。', 'ウエストはゴム仕様です。', '!膝に少し色落ちがあります。'],
}


def parse_line(line):
    """'word', 'word:g1,g2' or 'word:g!' -> (word, allowed garments or None, names the garment)."""
    word, _, rest = line.partition(':')
    if not rest:
        return word, None, False
    return word, rest.rstrip('!').split(','), rest.endswith('!')


def fashion_listing(category, segment_name, segment):
    brand, lines, loose = pick(segment)
    garment = pick(GARMENT_FOR_SEGMENT[segment_name])
    if category == 'cat_ladies' and segment_name in ('ladies', 'basics') and garment in ('tshirt', 'hoodie') and maybe(0.3):
        garment = pick(['blouse', 'knit', 'dress', 'skirt'])
    line, names_item = None, False
    if maybe(0.6):
        word, allowed, names_item = parse_line(pick(lines))
        if allowed is None or garment in allowed or maybe(0.5):
            if allowed is not None and garment not in allowed:
                garment = pick(allowed)
            line = word
        else:
            names_item = False
    item = pick(GARMENTS[garment][0])
    size = rng.choices(SIZES, [2, 4, 3, 1])[0]
    cond = condition()
    li = Listing(category, 'wear', cond)
    li.head = [brand.title_form()] + ([line] if line else []) + ([] if names_item else [item])
    size_word = pick(SIZE_LABEL[size])
    if category == 'cat_ladies' and maybe(0.2):
        size_word = pick(['フリーサイズ', 'F', '38', '36', '9号', '11号'])
    li.attrs = [size_word, color()]
    if maybe(0.3):
        rng.shuffle(li.attrs)
    if cond == 'new' and maybe(0.4):
        li.cond_word = pick(['新品タグ付き', 'タグ付き新品', '新品未使用タグ付き'])
        li.cond_text = pick(['タグ付きの新品です。', '購入後タグを切らずに保管していました。', '新品未使用、タグ付きです。'])
    if maybe(0.15):
        li.tags.append(pick(['古着', 'ヴィンテージ', '90s', '完売品', '人気', '希少', '限定', 'コラボ', 'オーバーサイズ', 'ユニセックス']))
    body = []
    if maybe(0.75):
        body.append(measurements(garment, size, loose))
    if maybe(0.5):
        body += notes(GARMENT_NOTES[garment], cond)
    if maybe(0.25):
        h = rng.randint(160, 183) if category == 'cat_mens' else rng.randint(150, 168)
        body.append(pick([f'{h}cmでジャストサイズでした。', f'身長{h}cmの私が着てゆったりめでした。', f'{h}cmでちょうど良いサイズ感です。']))
    if maybe(0.2):
        body.append(pick(['男女問わず着ていただけます。', '普段使いしやすいデザインです。', 'どんなコーデにも合わせやすいです。',
                          '春秋に活躍します。' if garment not in ('down', 'coat') else '真冬に活躍します。']))
    li.body = body
    if maybe(0.35):
        li.ship.append(pick(['折りたたんで発送します。', 'ネコポスで発送予定です。', '圧縮して発送します。', 'ゆうパケットで発送します。']
                            if garment not in ('down', 'coat') else ['宅急便コンパクトで発送します。', '圧縮袋に入れて発送します。']))
    return li


# ---------------------------------------------------------------------------
# Shoes and sneakers.

SNEAKERS = [
    (Brand('ナイキ', 'NIKE'), ['エアマックス90', 'エアマックス95', 'エアマックス1', 'エアフォース1 ロー', 'エアフォース1', 'ダンク ロー',
                              'ダンク ロー レトロ', 'エアジョーダン1 ミッド', 'エアジョーダン1 ロー', 'ブレーザー ミッド 77', 'コルテッツ',
                              'ペガサス40', 'エアマックス97', 'ヴェイパーマックス', 'エアリフト'],
     ['パンダ', 'トリプルホワイト', 'ブラック/ホワイト', 'ホワイト/グレー', 'シカゴ', 'ブレッド', 'ユニバーシティブルー']),
    (Brand('ジョーダン', 'JORDAN'), ['エアジョーダン1 レトロ ハイ OG', 'エアジョーダン4', 'エアジョーダン11', 'エアジョーダン1 ミッド'],
     ['シカゴ', 'ブレッド', 'ロイヤル', 'ミリタリーブラック']),
    (Brand('アディダス', 'adidas'), ['スタンスミス', 'スーパースター', 'サンバ OG', 'ガゼル', 'キャンパス 00s', 'ウルトラブースト',
                                    'フォーラム ロー', 'スペツィアル'],
     ['ホワイト/グリーン', 'ホワイト/ブラック', 'コアブラック', 'ベージュ']),
    (Brand('ニューバランス', 'New Balance'), ['996', '574', '990v5', '992', '2002R', '1906R', '327', '530', '9060', 'M1400'],
     ['グレー', 'ネイビー', 'ホワイト/シルバー', 'ベージュ']),
    (Brand('アシックス', 'asics'), ['ゲルカヤノ14', 'GEL-1130', 'ゲルニンバス', 'ジャパンS', 'ゲルライト3'], ['シルバー', 'ホワイト', 'クリーム']),
    (Brand('コンバース', 'CONVERSE'), ['オールスター ハイ', 'オールスター ロー', 'ジャックパーセル', 'ワンスター', 'オールスター 100'],
     ['ホワイト', 'ブラック', 'オプティカルホワイト', 'ネイビー']),
    (Brand('ヴァンズ', 'VANS'), ['オールドスクール', 'スリッポン', 'オーセンティック', 'スケートハイ', 'エラ'], ['ブラック', 'チェッカー', 'ネイビー']),
    (Brand('オニツカタイガー', 'Onitsuka Tiger'), ['メキシコ66', 'メキシコ66 SD', 'セラーノ'], ['イエロー/ブラック', 'ホワイト/ブルー']),
    (Brand('プーマ', 'PUMA'), ['スウェード', 'スピードキャット', 'パレルモ'], ['ブラック', 'レッド']),
    (Brand('ホカオネオネ', 'HOKA'), ['クリフトン9', 'ボンダイ8', 'オラ リカバリー'], ['ブラック', 'ホワイト']),
    (Brand('サロモン', 'SALOMON'), ['XT-6', 'XT-4', 'スピードクロス'], ['ブラック', 'バニラ']),
    (Brand('リーボック', 'Reebok'), ['クラブC', 'ポンプフューリー', 'インスタポンプフューリー'], ['ホワイト', 'シトロン']),
    (Brand('ミズノ', 'MIZUNO'), ['ウエーブライダー', 'ウエーブプロフェシー'], ['ホワイト', 'グレー']),
]
OTHER_SHOES = [
    (Brand('ドクターマーチン', 'Dr.Martens'), ['1460 8ホールブーツ', '1461 3ホール', 'チェルシーブーツ', 'ジェイドン'], ''),
    (Brand('ティンバーランド', 'Timberland'), ['6インチ プレミアムブーツ', 'イエローブーツ'], 'ブーツ'),
    (Brand('レッドウィング', 'RED WING'), ['アイリッシュセッター', 'ベックマン', 'ポストマン'], 'ブーツ'),
    (Brand('ビルケンシュトック', 'BIRKENSTOCK'), ['アリゾナ', 'ボストン', 'チューリッヒ'], 'サンダル'),
    (Brand('クロックス', 'crocs'), ['クラシッククロッグ', 'エコークロッグ'], 'サンダル'),
    (Brand('アグ', 'UGG'), ['クラシックミニ', 'クラシックショート', 'タスマン'], 'ムートンブーツ'),
    (Brand('テバ', 'Teva'), ['ハリケーン', 'オリジナルユニバーサル'], 'サンダル'),
    (Brand('フェラガモ', 'Ferragamo'), ['ヴァラ', 'ヴァラリボン'], 'パンプス'),
    (Brand('クリスチャンルブタン', 'Christian Louboutin'), ['ソーケイト', 'ピガール'], 'パンプス'),
    (Brand('ジミーチュウ', 'JIMMY CHOO'), ['ロミー', 'アンセア'], 'パンプス'),
    (Brand('カンペール', 'CAMPER'), ['ペロタス', 'ツインズ'], 'スニーカー'),
]


def shoe_size(category):
    if category == 'cat_ladies':
        return num(22.5, 25.5, 0.5) + 'cm'
    return num(25.0, 29.0, 0.5) + 'cm'


SHOE_NOTES = [
    '+~ソールの減りは少なめです。', '!かかとに少し擦れがあります。', '!インソールに多少の汚れがあります。', '@室内で試着のみです。',
    '箱付きです。', '箱なしでの発送になります。', '替え紐付きです。', '普段{s}でジャストサイズでした。', '少し小さめの作りです。',
    '!履き口に多少のスレがあります。', '+ソールの黄ばみはありません。', '~全体を洗浄済みです。', '!ソールに減りがあります。',
    '!つま先に小さな傷があります。',
]


def sneaker_listing(category):
    cond = condition()
    li = Listing(category, 'shoes', cond)
    if maybe(0.75):
        brand, models, colorways = pick(SNEAKERS)
        model = pick(models)
        li.head = [brand.title_form(), model]
        if maybe(0.3):
            li.head.append('スニーカー')
        cw = pick(colorways) if maybe(0.6) else color()
    else:
        brand, models, kind = pick(OTHER_SHOES)
        li.head = [brand.title_form(), pick(models)]
        if maybe(0.5) and kind and kind not in li.head[1]:
            li.head.append(kind)
        cw = '' if 'イエロー' in li.head[1] else color()
        if kind == 'パンプス':
            category = li.category = 'cat_ladies'
    s = shoe_size(category)
    li.attrs = [s, cw] if cw else [s]
    if maybe(0.15):
        us = {'25cm': 'US7', '26cm': 'US8', '26.5cm': 'US8.5', '27cm': 'US9', '27.5cm': 'US9.5', '28cm': 'US10'}.get(s)
        if us:
            li.attrs.insert(0, us)
    if cond == 'new' and maybe(0.4):
        li.tags.append(pick(['箱付き', '国内正規品', 'SNKRS購入', '黒タグ付き']))
    li.body = [n.format(s=s) for n in notes(SHOE_NOTES, cond, rng.randint(1, 2))]
    if maybe(0.4):
        li.ship.append(pick(['箱に入れて発送します。', '箱を潰して発送します。', '箱なしで袋に入れて発送します。']))
    return li


# ---------------------------------------------------------------------------
# Bags, wallets, jewellery and watches.

# Bag lines are written like garment lines: 'line' (any bag), 'line:type1,type2' (bag types
# it comes as), 'line:type!' (the name says the type). Types: tote, shoulder, hand, backpack,
# body, clutch, mini, boston, pouch.
LUXURY_BAGS = [
    (Brand('ルイ・ヴィトン', 'LOUIS VUITTON'), ['ネヴァーフルMM:tote', 'スピーディ30:hand,boston', 'アルマBB:hand,shoulder',
                                             'ポシェット・アクセソワール:pouch,shoulder', 'ミュルティ・ポシェット:shoulder', 'オンザゴー:tote', 'キーポル:boston'],
     ['モノグラム', 'ダミエ', 'ダミエ・アズール', 'エピ']),
    (Brand('ルイヴィトン'), ['ネヴァーフルPM:tote', 'スピーディ25:hand', 'トロカデロ:shoulder', 'ルーピング:shoulder'], ['モノグラム', 'ダミエ']),
    (Brand('シャネル', 'CHANEL'), ['マトラッセ:shoulder,hand,mini', 'チェーンショルダー:shoulder!', 'ボーイシャネル:shoulder', 'ドーヴィル:tote',
                                  'カンボンライン:tote,hand'], ['キャビアスキン', 'ラムスキン', 'ココマーク']),
    (Brand('グッチ', 'GUCCI'), ['GGマーモント:shoulder,mini', 'オフィディア:shoulder,tote', 'バンブー:hand', 'ジャッキー:shoulder'],
     ['GGスプリーム', 'GGキャンバス', 'レザー']),
    (Brand('プラダ', 'PRADA'), ['サフィアーノ:hand,shoulder,tote', 'リナイロン:shoulder,backpack,body', 'ガレリア:hand'], ['テスート', '三角ロゴ', 'ナイロン']),
    (Brand('エルメス', 'HERMES'), ['ピコタンロック PM:hand', 'ガーデンパーティ:tote', 'エールライン:tote,backpack', 'エヴリン:shoulder'],
     ['トリヨンクレマンス', 'トワルアッシュ']),
    (Brand('セリーヌ', 'CELINE'), ['ラゲージ:hand', 'トリオンフ:shoulder', 'ベルトバッグ:hand', 'カバ:tote'], ['トリオンフキャンバス', 'カーフ']),
    (Brand('ロエベ', 'LOEWE'), ['パズルバッグ:shoulder,hand', 'ハンモック:shoulder,hand', 'ゲート:shoulder', 'バスケットバッグ:tote!'], ['アナグラム', 'カーフ']),
    (Brand('フェンディ', 'FENDI'), ['ピーカブー:hand', 'バゲット:shoulder', 'バイザウェイ:boston,hand'], ['ズッカ', 'FFロゴ']),
    (Brand('バレンシアガ', 'BALENCIAGA'), ['シティ:hand', 'エブリデイトート:tote!', 'ネオクラシック:hand'], ['ロゴ', 'レザー']),
    (Brand('ボッテガ・ヴェネタ', 'BOTTEGA VENETA'), ['カセット:shoulder', 'アルコ:tote', 'ジョディ:hand'], ['イントレチャート']),
    (Brand('ミュウミュウ', 'miu miu'), ['マテラッセ:hand,shoulder', 'ワンダー:shoulder'], ['レザー', 'ロゴ']),
    (Brand('コーチ', 'COACH'), ['タビー:shoulder', 'ウィロウ:tote,shoulder', 'シグネチャー', 'ローグ:hand'], ['シグネチャー', 'レザー']),
    (Brand('ケイトスペード', 'kate spade'), ['ノット:hand,shoulder', 'スペンサー:shoulder'], ['レザー']),
    (Brand('フルラ', 'FURLA'), ['メトロポリス:shoulder,mini', 'バビロン:tote,hand'], ['レザー']),
    (Brand('ロンシャン', 'Longchamp'), ['ル・プリアージュ:tote', 'ル・プリアージュ ネオ:tote'], ['ナイロン']),
    (Brand('マイケルコース', 'MICHAEL KORS'), ['ジェットセット:tote,shoulder', 'マーサー:hand'], ['ロゴ', 'レザー']),
    (Brand('トリーバーチ', 'TORY BURCH'), ['エラ:tote', 'ロビンソン:hand,shoulder'], ['レザー']),
    (Brand('サマンサタバサ', 'Samantha Thavasa'), ['リボン', 'ロゴ'], ['レザー']),
]
CASUAL_BAGS = [
    (Brand('ポーター', 'PORTER'), ['タンカー', 'フォース:shoulder,body', 'ヒート:backpack,shoulder', 'スモーキー:body,shoulder']),
    (Brand('マンハッタンポーテージ', 'Manhattan Portage'), ['メッセンジャーバッグ:shoulder!', 'ロゴ']),
    (Brand('グレゴリー', 'GREGORY'), ['デイパック:backpack!', 'テールメイト:body']),
    (Brand('アネロ', 'anello'), ['口金:backpack,shoulder', 'ロゴ']),
    (Brand('ノースフェイス', 'THE NORTH FACE'), ['ヒューズボックス:backpack', 'BCダッフル:boston', 'シャトルデイパック:backpack!']),
    (Brand('アークテリクス', "ARC'TERYX"), ['マンティス26:backpack', 'アロー22:backpack', 'グランヴィル:backpack,body']),
    (Brand('フライターグ', 'FREITAG'), ['F52 MIAMI VICE:shoulder', 'F41 HAWAII FIVE-0:shoulder']),
    (Brand('ルートート', 'ROOTOTE'), ['ロゴ:tote', 'マミールー:tote']),
    (Brand('レスポートサック', 'LeSportsac'), ['ロゴ', '花柄']),
    (Brand('キプリング', 'Kipling'), ['モンキー', 'ロゴ']),
    (Brand('イルビゾンテ', 'IL BISONTE'), ['ヌメ革', 'レザー']),
    (Brand('トゥミ', 'TUMI'), ['アルファ:backpack,boston', 'ビジネス:backpack']),
    (Brand('ブリーフィング', 'BRIEFING'), ['ゴルフ:tote,pouch', 'ビジネス:backpack,shoulder']),
    (Brand('土屋鞄製造所'), ['ヌメ革', 'レザー']),
]
BAG_WORDS = {
    'tote': ['トートバッグ', 'トート'], 'shoulder': ['ショルダーバッグ', 'ショルダー', '2WAYバッグ'], 'hand': ['ハンドバッグ', '2WAYバッグ'],
    'backpack': ['リュック', 'バックパック', 'リュックサック'], 'body': ['ボディバッグ', 'ウエストポーチ'], 'clutch': ['クラッチバッグ'],
    'mini': ['ミニバッグ', 'ミニショルダー'], 'boston': ['ボストンバッグ'], 'pouch': ['ポーチ'],
}
WALLET_TYPES = ['長財布', '二つ折り財布', '三つ折り財布', 'ミニ財布', 'コインケース', 'キーケース', 'カードケース', '名刺入れ']

BAG_NOTES = [
    '+角スレはほとんどありません。', '!角に少しスレがあります。', '!内側に多少の汚れがあります。', '!~持ち手に使用感があります。',
    '+型崩れもなく綺麗です。', 'ショルダーストラップ付きです。', '保存袋・箱付きです。', '保存袋付きです。', 'シリアルナンバーあり。',
    '!金具に小傷があります。', 'A4サイズが入ります。', 'ファスナーの開閉に問題はありません。', '+ベタつきはありません。',
]
WALLET_NOTES = [
    '!小銭入れ内に汚れがあります。', 'カードポケットは{n}枚分です。', '!角スレが少しあります。', 'ファスナーの開閉もスムーズです。',
    '箱・保存袋付きです。', '!~カード跡があります。', 'ボタンの開閉も問題ありません。',
]
STORES = ['直営店', '正規店', '百貨店', '公式サイト', '海外の直営店', 'アウトレット']


def bag_listing(category):
    cond = condition()
    li = Listing(category, 'use', cond)
    wallet = maybe(0.35)
    luxury = maybe(0.6)
    if luxury:
        brand, lines, materials = pick(LUXURY_BAGS)
    else:
        brand, lines = pick(CASUAL_BAGS)
    li.head = [brand.title_form()]
    if luxury and maybe(0.6):
        li.head.append(pick(materials))
    if wallet:
        li.head.append(pick(WALLET_TYPES))
    else:
        line, types, names_type = parse_line(pick(lines))
        kind = pick(types or list(BAG_WORDS))
        li.head.append(line)
        if not names_type:
            li.head.append(pick(BAG_WORDS[kind]))
    if maybe(0.6):
        li.attrs.append(color())
    if maybe(0.2):
        li.tags.append(pick(['正規品', '保存袋付き', '箱付き', 'レア', '廃盤']))
    body = []
    if maybe(0.35):
        body.append(f'{pick(STORES)}で購入しました。')
    if wallet:
        body += [n.format(n=rng.choice([6, 8, 10, 12])) for n in notes(WALLET_NOTES, cond)]
    else:
        pool = BAG_NOTES if kind in ('tote', 'backpack', 'boston', 'shoulder') else [n for n in BAG_NOTES if 'A4' not in n]
        body += notes(pool, cond)
        if maybe(0.45):
            h, w, d = rng.randint(18, 35), rng.randint(20, 45), rng.randint(6, 18)
            body.append(pick([f'サイズは縦約{h}cm×横約{w}cm×マチ約{d}cm です。', f'縦{h} 横{w} マチ{d}（cm）。',
                              f'【サイズ】H{h}×W{w}×D{d}cm。']))
    if maybe(0.3):
        body += notes(WALLET_NOTES if wallet else pool, cond)
    li.body = list(dict.fromkeys(b.format(n=8) for b in body))
    return li


JEWELRY = [
    # (brand, lines, kinds, metals, for men too)
    (Brand('ティファニー', 'Tiffany & Co.'), ['オープンハート', 'スマイル', 'バイザヤード', 'Tワイヤー', 'リターントゥティファニー', 'ハードウェア'],
     ['ネックレス', 'ブレスレット', 'リング', 'ピアス'], ['シルバー925', 'SV925', 'K18', 'K18YG', 'K18RG'], True),
    (Brand('カルティエ', 'Cartier'), ['ラブブレス', 'トリニティ', 'ジュスト アン クル', 'ラブリング'], ['ブレスレット', 'リング', 'ネックレス'],
     ['K18', 'K18YG', 'K18PG', 'K18WG'], True),
    (Brand('ブルガリ', 'BVLGARI'), ['ビー・ゼロワン', 'セルペンティ', 'ディーヴァドリーム'], ['リング', 'ネックレス', 'ブレスレット'], ['K18', 'K18PG', 'K18WG'], True),
    (Brand('ヴァンクリーフ', 'Van Cleef & Arpels'), ['ヴィンテージアルハンブラ', 'スウィートアルハンブラ'], ['ネックレス', 'ブレスレット', 'ピアス'],
     ['K18YG', 'K18WG'], False),
    (Brand('4℃'), ['ハート', 'オープンハート', 'ダイヤ'], ['ネックレス', 'リング', 'ピアス'], ['K10', 'K18', 'シルバー'], False),
    (Brand('スタージュエリー', 'STAR JEWELRY'), ['クロッシングスター', 'ムーン'], ['ネックレス', 'ピアス'], ['K10', 'K18', 'シルバー925'], False),
    (Brand('アガット', 'agete'), ['クラシック', '一粒'], ['ネックレス', 'ピアス', 'リング'], ['K10', 'K18', 'シルバー'], False),
    (Brand('クロムハーツ', 'CHROME HEARTS'), ['CHプラス', 'フローラルクロス', 'ダガー', 'クロスボール'], ['リング', 'ペンダント', 'ブレスレット', 'ピアス'],
     ['シルバー925', 'SV925', 'K22'], True),
    (Brand('ゴローズ', "goro's"), ['フェザー', 'イーグル', 'メタル'], ['ペンダント', 'リング', 'ブレスレット'], ['シルバー', 'K18'], True),
    (Brand('ミキモト', 'MIKIMOTO'), ['パール', 'アコヤパール'], ['ネックレス', 'ピアス', 'イヤリング'], ['K18', 'シルバー'], False),
    (Brand('タサキ', 'TASAKI'), ['バランス', 'パール'], ['ネックレス', 'ピアス'], ['K18', 'K18WG'], False),
    (Brand('ヴィヴィアンウエストウッド', 'Vivienne Westwood'), ['オーブ', 'アーマーリング'], ['ネックレス', 'リング', 'ピアス'],
     ['シルバー', 'ゴールドカラー'], True),
]


def jewelry_listing(category):
    cond = condition()
    li = Listing(category, 'use', cond)
    brand, lines, kinds, metals, mens = pick([j for j in JEWELRY if j[4] or category != 'cat_mens'])
    li.head = [brand.title_form(), pick(lines), pick(kinds)]
    li.attrs = [pick(metals)] if maybe(0.6) else []
    if 'リング' in li.head[-1] and maybe(0.7):
        li.attrs.append(f'{rng.randint(7, 17)}号')
    body = []
    if maybe(0.4):
        body.append(f'{pick(STORES[:4])}で購入しました。')
    body += notes(['+目立つ傷はありません。', '!細かな擦り傷があります。', '~磨き済みです。', '+変色はありません。', '!多少のくすみがあります。'], cond)
    if maybe(0.5):
        body.append(pick(['箱・保存袋付きです。', 'ショッパー付きでプレゼントにもどうぞ。', '付属品は箱のみです。', 'チェーンの長さは約40cmです。']))
    li.body = body
    if maybe(0.4):
        li.ship.append(pick(['箱に入れて発送します。', 'プチプチで包んで発送します。']))
    return li


WATCHES = [
    (Brand('ロレックス', 'ROLEX'), ['サブマリーナ', 'デイトジャスト', 'エクスプローラーI', 'オイスターパーペチュアル', 'GMTマスターII'], 'auto'),
    (Brand('オメガ', 'OMEGA'), ['シーマスター', 'スピードマスター', 'コンステレーション', 'デ・ヴィル'], 'auto'),
    (Brand('タグホイヤー', 'TAG Heuer'), ['アクアレーサー', 'カレラ', 'フォーミュラ1'], 'auto'),
    (Brand('グランドセイコー', 'Grand Seiko'), ['スプリングドライブ', 'メカニカル'], 'auto'),
    (Brand('セイコー', 'SEIKO'), ['プレザージュ', 'プロスペックス', 'アストロン', 'セイコー5'], 'auto'),
    (Brand('シチズン', 'CITIZEN'), ['エコ・ドライブ', 'アテッサ', 'クロスシー'], 'solar'),
    (Brand('ジーショック', 'G-SHOCK'), ['DW-5600', 'GA-2100', 'GW-M5610', 'GA-110'], 'digital'),
    (Brand('カシオ', 'CASIO'), ['チープカシオ', 'データバンク', 'オシアナス'], 'digital'),
    (Brand('ダニエルウェリントン', 'Daniel Wellington'), ['クラシック', 'ペティート'], 'quartz'),
    (Brand('スカーゲン', 'SKAGEN'), ['シグネチャー', 'アンカー'], 'quartz'),
    (Brand('ハミルトン', 'HAMILTON'), ['カーキ フィールド', 'ジャズマスター'], 'auto'),
    (Brand('チューダー', 'TUDOR'), ['ブラックベイ', 'レンジャー'], 'auto'),
]
WATCH_NOTES = {
    'auto': ['~日差は数秒程度です。', '~オーバーホール済みです。', '稼働品です。', '!風防に小傷があります。', '余りコマがあります。', '箱・保証書付きです。'],
    'solar': ['ソーラー充電で稼働しています。', '電波受信も問題ありません。', '余りコマ付きです。', '!ベゼルに小傷があります。'],
    'digital': ['~電池交換済みです。', '!ベゼルに小傷があります。', 'バックライトも点灯します。', '箱付きです。'],
    'quartz': ['~電池交換済みです。', '~電池切れのため交換が必要です。', '!~ベルトに使用感があります。', '箱付きです。'],
}


def watch_listing(category):
    cond = condition()
    li = Listing(category, 'use', cond)
    brand, models, kind = pick(WATCHES)
    li.head = [brand.title_form(), pick(models)]
    if maybe(0.5):
        li.head.append(pick(['腕時計', '時計', 'メンズ' if category == 'cat_mens' else 'レディース']))
    if maybe(0.4):
        li.attrs.append(pick(['自動巻き', 'クォーツ', 'ソーラー', 'デイト', 'クロノグラフ']) if kind != 'digital' else pick(['デジタル', 'ブラック', 'ホワイト']))
    body = notes(WATCH_NOTES[kind], cond, rng.randint(1, 2))
    if maybe(0.3):
        body.append(f'腕周り約{rng.randint(15, 19)}cmまで対応です。')
    li.body = body
    return li


# ---------------------------------------------------------------------------
# Books, manga, music, video and games.

MANGA = [
    # (series, volumes in a complete set or None while running, highest volume safe to list)
    ('呪術廻戦', 30, 30), ('鬼滅の刃', 23, 23), ('進撃の巨人', 34, 34), ('東京卍リベンジャーズ', 31, 31),
    ('約束のネバーランド', 20, 20), ('鋼の錬金術師', 27, 27), ('NARUTO', 72, 72), ('BLEACH', 74, 74), ('銀魂', 77, 77),
    ('ハイキュー!!', 45, 45), ('ドラゴンボール', 42, 42), ('SLAM DUNK', 31, 31), ('ゴールデンカムイ', 31, 31),
    ('東京喰種', 14, 14), ('暗殺教室', 21, 21), ('ダンジョン飯', 14, 14), ('ちはやふる', 50, 50), ('君に届け', 30, 30),
    ('アオハライド', 13, 13), ('【推しの子】', 16, 16), ('僕のヒーローアカデミア', None, 38), ('チェンソーマン', None, 15),
    ('葬送のフリーレン', None, 12), ('SPY×FAMILY', None, 12), ('ブルーロック', None, 28), ('キングダム', None, 68),
    ('名探偵コナン', None, 100), ('ワンピース', None, 105), ('薬屋のひとりごと', None, 12), ('3月のライオン', None, 17),
    ('宇宙兄弟', None, 42), ('怪獣8号', None, 12), ('ダンダダン', None, 12), ('スキップとローファー', None, 9),
    ('僕の心のヤバイやつ', None, 9), ('かぐや様は告らせたい', 28, 28), ('五等分の花嫁', 14, 14), ('ONE PIECE', None, 105),
]
MANGA_NOTES = [
    '!カバーに多少のスレがありますが、中身は綺麗です。', '!自宅保管のため、日焼けのある巻があります。', 'レンタル落ちではありません。',
    '+~一度読んだだけなので綺麗です。', '+書き込みや破れはありません。', '数冊に帯が付いています。', '!古い巻は多少ヤケがあります。',
    '!子どもが読んでいたので多少の使用感があります。', '紐で縛って段ボールで発送します。', '+シュリンクをかけて保管していました。',
]
BOOKS = [
    ('嫌われる勇気', '本'), ('夢をかなえるゾウ', '本'), ('7つの習慣', 'ビジネス書'), ('FACTFULNESS', 'ビジネス書'),
    ('人は話し方が9割', '本'), ('成瀬は天下を取りにいく', '小説'), ('コンビニ人間', '文庫本'), ('君たちはどう生きるか', '本'),
    ('星の王子さま', '文庫本'), ('ハリー・ポッターと賢者の石', '単行本'), ('かがみの孤城', '小説'), ('そして、バトンは渡された', '文庫本'),
    ('ノルウェイの森', '文庫本'), ('博士の愛した数式', '文庫本'), ('バカの壁', '新書'), ('サピエンス全史', '単行本'),
]
STUDY = [
    ('英検2級 過去6回全問題集', Brand('旺文社')), ('英検準1級 でる順パス単', Brand('旺文社')), ('公式TOEIC Listening & Reading 問題集', None),
    ('早稲田大学 法学部 赤本', None), ('慶應義塾大学 経済学部 赤本', None), ('共通テスト 過去問研究 数学', None),
    ('日商簿記3級 問題集', None), ('宅建士 テキスト', None), ('FP2級 過去問題集', None), ('ITパスポート 教科書', None),
    ('学研の図鑑LIVE 恐竜', Brand('学研')), ('くもんのドリル 3歳', Brand('くもん')),
]
PICTURE_BOOKS = ['はらぺこあおむし', 'ぐりとぐら', 'しろくまちゃんのほっとけーき', 'ねないこだれだ', 'だるまさんが', 'きんぎょがにげた',
                 'ノンタン', 'いないいないばあ', 'スイミー', '100かいだてのいえ', 'おおきなかぶ', 'こんとあき']


def manga_listing(category):
    cond = rng.choices(CONDITIONS, [8, 20, 40, 22, 8, 2])[0]
    li = Listing(category, 'read', cond)
    series, complete, top = pick(MANGA)
    r = rng.random()
    if complete and r < 0.5:
        li.head = [series, pick(['全巻セット', '全巻', f'全{complete}巻', '全巻セット'])]
        if maybe(0.6):
            li.attrs.append(pick([f'1-{complete}巻', f'1〜{complete}巻', f'全{complete}巻']))
        li.body = [pick([f'全{complete}巻セットです。', '全巻揃っています。', f'1巻から{complete}巻まで揃っています。'])]
    elif r < 0.85:
        hi = rng.randint(max(3, top // 3), top)
        lo = 1 if maybe(0.8) else rng.randint(2, max(2, hi // 2))
        li.head = [series, pick(['漫画', 'マンガ', 'コミック', '']), pick([f'{lo}-{hi}巻', f'{lo}〜{hi}巻'])]
        li.attrs.append(pick(['セット', 'まとめ売り', '既刊', '']))
        li.body = [pick([f'{lo}巻から{hi}巻までのセットです。', f'{lo}〜{hi}巻、抜けはありません。', f'{hi - lo + 1}冊セットです。'])]
    else:
        v = rng.randint(1, top)
        li.head = [series, f'{v}巻']
        li.attrs.append(pick(['初版', '帯付き', '特装版', '単品', '']))
        li.body = [pick(['単品での出品です。', '初版・帯付きです。', '特装版の付録もすべて揃っています。', '一読のみです。'])]
    li.body += notes(MANGA_NOTES, cond, rng.randint(1, 2))
    if maybe(0.5):
        li.cond_word = ''
    elif cond not in ('new', 'like_new', 'bad'):
        li.cond_word = pick(['中古', '送料込み', ''])
    return li


def book_listing(category):
    cond = rng.choices(CONDITIONS, [10, 30, 35, 18, 5, 2])[0]
    li = Listing(category, 'read', cond)
    r = rng.random()
    if r < 0.4:
        title, kind = pick(BOOKS)
        li.head = [title, kind]
        li.body = notes(['~一読のみです。', '線引きや書き込みはありません。', '!カバーに少しスレがあります。', '帯付きです。',
                         '!自宅保管のため多少のヤケがあります。'], cond)
    elif r < 0.7:
        title, pub = pick(STUDY)
        li.head = ([pub.title_form()] if pub and maybe(0.5) else []) + [title]
        li.attrs.append(pick(['2024年度版', '2023年版', '最新版', '', '']))
        li.body = notes(['書き込みはありません。', '!数ページに書き込みがあります。', '別冊解答も付いています。', '~数ページのみ使用しました。',
                         'CDも付属しています。', '~合格したので出品します。'], cond)
    else:
        books = rng.sample(PICTURE_BOOKS, rng.randint(1, 4))
        if len(books) == 1:
            li.head = [books[0], '絵本']
        else:
            li.head = ['絵本', f'{len(books)}冊セット'] + books[:2]
        li.body = notes(['!子どもが読んでいたので多少の使用感があります。', '+よだれや破れはありません。', '!角に少し傷みがあります。',
                         '~読み聞かせに使っていました。'], cond) + [
                   f'{"、".join(books)}です。' if len(books) > 1 else '人気の絵本です。']
        li.cond_word = pick(['', 'まとめ売り', '美品'])
    return li


GROUPS = ['BTS', 'SEVENTEEN', 'TWICE', 'Stray Kids', 'NewJeans', 'LE SSERAFIM', 'IVE', 'ENHYPEN', '嵐', 'Snow Man', 'SixTONES',
          'King & Prince', 'なにわ男子', '乃木坂46', '日向坂46', 'Mrs. GREEN APPLE', 'YOASOBI', 'back number', 'King Gnu']
DISC_KINDS = ['アルバム', 'CD', 'シングル', 'ベストアルバム', 'ライブDVD', 'ライブBlu-ray', 'DVD', 'Blu-ray']
FILMS = [
    (Brand('スタジオジブリ'), ['となりのトトロ', '千と千尋の神隠し', '魔女の宅急便', 'もののけ姫', 'ハウルの動く城', '天空の城ラピュタ']),
    (Brand('ディズニー'), ['アナと雪の女王', 'トイ・ストーリー', 'ズートピア', 'モアナと伝説の海', 'リメンバー・ミー']),
]


def disc_listing(category):
    cond = rng.choices(CONDITIONS, [15, 30, 35, 15, 4, 1])[0]
    li = Listing(category, 'collect', cond)
    if maybe(0.65):
        g = pick(GROUPS)
        li.head = [g, pick(DISC_KINDS)]
        li.attrs = [pick(['初回限定盤', '通常盤', '限定盤', 'FC限定盤', '初回盤A', '初回盤B', ''])]
        if maybe(0.5):
            li.tags.append(pick(['トレカ付き', 'トレカなし', '特典付き', 'ポスター付き', '帯付き']))
        tags = li.tags[0] if li.tags else ''
        li.body = notes(['~再生確認済みです。', '+盤面に目立つ傷はありません。', '!ケースに少しスレがあります。', '~シリアルコードは使用済みです。',
                         '特典はすべて揃っています。'], cond)
        if 'トレカ' in tags:
            li.body.append('トレカは付いていません。' if tags == 'トレカなし' else 'ランダム封入のトレカ付きです。')
    else:
        brand, films = pick(FILMS)
        li.head = [brand.title_form(), pick(films), pick(['DVD', 'ブルーレイ', 'MovieNEX', 'DVD+ブルーレイ'])]
        li.body = notes(['~再生確認済みです。', '+ディスクに目立つ傷はありません。', '~マジックコードは使用済みです。', 'ケース・ディスクのみです。',
                         '!子どもが何度も観たので多少の使用感があります。'], cond)
        if maybe(0.3):
            li.attrs.append(pick(['セット', '2枚組', '国内正規品']))
    return li


CONSOLES = [
    (Brand('任天堂', 'Nintendo'), ['Nintendo Switch 本体', 'ニンテンドースイッチ 本体', 'Switch 有機ELモデル', 'Switch Lite', 'スイッチライト',
                                    'ニンテンドー3DS LL', 'ニンテンドーDS Lite', 'ゲームボーイアドバンス SP'],
     ['ネオンブルー/ネオンレッド', 'ホワイト', 'グレー', 'ターコイズ', 'コーラル', 'イエロー']),
    (Brand('ソニー', 'SONY'), ['PS5 本体 CFI-1100A01', 'PS5 本体 CFI-2000A01', 'PS5 デジタル・エディション', 'PS4 本体 CUH-2200A',
                              'PS4 Pro CUH-7200B', 'PS Vita PCH-2000'], ['ホワイト', 'ジェット・ブラック', 'グレイシャー・ホワイト']),
    (Brand('プレイステーション', 'PlayStation'), ['PS5 本体', 'PS4 本体', 'DualSense ワイヤレスコントローラー'], ['ホワイト', 'ブラック']),
    (Brand('マイクロソフト', 'Microsoft'), ['Xbox Series S', 'Xbox Series X'], ['ホワイト', 'ブラック']),
]
GAMES_SWITCH = ['あつまれ どうぶつの森', 'マリオカート8 デラックス', 'スプラトゥーン3', 'ゼルダの伝説 ティアーズ オブ ザ キングダム',
                'ゼルダの伝説 ブレス オブ ザ ワイルド', 'ポケットモンスター スカーレット', 'ポケットモンスター バイオレット',
                '大乱闘スマッシュブラザーズ SPECIAL', '星のカービィ ディスカバリー', 'スーパーマリオブラザーズ ワンダー', 'ピクミン4',
                'リングフィット アドベンチャー', '桃太郎電鉄', 'Nintendo Switch Sports', 'スーパー マリオパーティ', 'ドラゴンクエストX',
                'ポケモン レジェンズ アルセウス', 'モンスターハンターライズ', 'マインクラフト', '太鼓の達人']
GAMES_PS = [('エルデンリング', ['PS5', 'PS4']), ('ファイナルファンタジーXVI', ['PS5']), ('グランツーリスモ7', ['PS5', 'PS4']),
            ('スパイダーマン2', ['PS5']), ('バイオハザード RE:4', ['PS5', 'PS4']), ('ストリートファイター6', ['PS5', 'PS4']),
            ('ゴッド・オブ・ウォー ラグナロク', ['PS5', 'PS4']), ('ホグワーツ・レガシー', ['PS5', 'PS4']), ('ドラゴンクエストXI S', ['PS4']),
            ('モンスターハンターワールド', ['PS4']), ('アーマード・コア6', ['PS5', 'PS4'])]
GAME_NOTES = [
    'ケース付きです。', '~起動確認済みです。', '~早期購入特典コードは使用済みです。', 'パッケージ版です。', '!ケースに少しスレがあります。',
    'ダウンロードコードは未使用です。', '!ケースに日焼けがあります。',
]
DISC_NOTES = ['+ディスクに目立つ傷はありません。', '!ディスクに薄い擦り傷がありますが、読み込みに問題はありません。', '説明書付きです。']
CARTRIDGE_NOTES = ['+ソフトに目立つ傷はありません。', '!ソフトのラベルに少し剥がれがあります。', 'カードのみの出品です。ケースはありません。']
CONSOLE_NOTES = [
    '~動作確認済みです。', '~初期化済みです。', '付属品は写真のものが全てです。', '!~コントローラーに多少の使用感があります。', '箱に少し傷みがあります。',
    '~保護フィルムを貼っていました。', '+~ファンの異音もなく快適に動きます。', '!本体に小傷があります。',
]
CONSOLE_ACCESSORIES = ['ACアダプター・HDMIケーブル付きです。', '付属品は揃っています。', '本体のみの出品です。']


def game_listing(category):
    cond = condition()
    if maybe(0.35):
        li = Listing(category, 'play', cond)
        brand, models, colors = pick(CONSOLES)
        model = pick(models)
        li.head = ([brand.title_form()] if maybe(0.4) else []) + [model]
        if maybe(0.5):
            li.attrs.append(pick(colors))
        acc = rng.randrange(len(CONSOLE_ACCESSORIES))
        li.tags = [pick(['箱付き', '付属品完備', '動作確認済み', ''] if acc < 2 else ['本体のみ', ''])]
        li.body = notes(CONSOLE_NOTES, cond, rng.randint(1, 2)) + [CONSOLE_ACCESSORIES[acc]]
        if 'Switch' in model or 'スイッチ' in model:
            li.body += notes(['+~ジョイコンのドリフトはありません。', '!ジョイコンに少しドリフトがあります。'], cond)
        if cond == 'bad':
            li.body = [pick(['電源は入りますが画面が映りません。', '充電ができないためジャンク品です。', 'ボタンの反応が悪いです。'])]
    else:
        li = Listing(category, 'play', cond)
        ps = maybe(0.3)
        if ps:
            title, platforms = pick(GAMES_PS)
            platform = pick(platforms)
        else:
            title = pick(GAMES_SWITCH)
            platform = pick(['Switch', 'スイッチ', 'Nintendo Switch', 'ニンテンドースイッチ', ''])
        if platform and maybe(0.25):
            li.head = [f'【{platform}】{title}']
        else:
            li.head = [title] + ([platform] if platform else [])
        li.attrs = [pick(['ソフト', 'パッケージ版', '', ''])]
        li.body = notes(GAME_NOTES + (DISC_NOTES if ps else CARTRIDGE_NOTES), cond, rng.randint(1, 2))
        if not ps and maybe(0.15):
            others = rng.sample(GAMES_SWITCH, 3)
            li.head = ['Switch ソフト', f'{len(others) + 1}本セット', title]
            li.body.insert(0, f'{title}、{"、".join(others)}のセットです。')
        if cond not in ('new', 'like_new', 'bad') and maybe(0.5):
            li.cond_word = pick(['', '中古', '送料込み'])
    return li


# ---------------------------------------------------------------------------
# Toys, hobby goods and trading cards.

POKEMON_SETS = ['ポケモンカード151', '黒炎の支配者', 'スノーハザード', 'クレイバースト', 'レイジングサーフ', '古代の咆哮', '未来の一閃',
                'シャイニートレジャーex', 'バイオレットex', 'スカーレットex', 'VSTARユニバース', '白熱のアルカナ', 'パラダイムトリガー',
                'サイバージャッジ', 'ワイルドフォース', 'クリムゾンヘイズ', '変幻の仮面', 'ナイトワンダラー', 'ステラミラクル']
POKEMON_CARDS = ['リザードンex', 'ピカチュウex', 'ミュウex', 'ミュウツーex', 'ナンジャモ', 'カイ', 'ミモザ', 'ペパー', 'ブラッキーVMAX',
                 'ニンフィアex', 'ルギアV', 'ゲッコウガex', 'イーブイ', 'セレナ', 'マリィ', 'リーリエ']
RARITIES = ['SAR', 'SR', 'AR', 'UR', 'HR', 'CHR', 'CSR', 'RR']
YUGIOH_CARDS = ['ブラック・マジシャン・ガール', '青眼の白龍', 'ブラック・マジシャン', '灰流うらら', '増殖するG', 'エルフの剣士', '真紅眼の黒竜']
YUGIOH_RARITIES = ['プリズマティックシークレットレア', 'シークレットレア', 'ウルトラレア', 'レリーフ', 'クォーターセンチュリーシークレット']
OP_SETS = ['ロマンスドーン', '頂上決戦', '強大な敵', '謀略の王国', '新時代の主役', '双璧の覇者', '500年後の未来', '二つの伝説']
OP_CARDS = ['ルフィ', 'ゾロ', 'ナミ', 'ヤマト', 'エース', 'シャンクス', 'ロー', 'ハンコック']
CARD_NOTES = [
    'スリーブに入れて保管していました。', '初期傷がある場合がございます。', '硬質ケースに入れて発送します。',
    'パックから出してすぐにスリーブに入れました。', '自宅保管品のため、完璧を求める方はご遠慮ください。', 'PSA鑑定には出していません。',
    '+白欠けなどはほとんどありません。', '写真でご確認ください。', '!裏面に少し白欠けがあります。',
]


def card_listing(category):
    game = rng.choices(['pokemon', 'yugioh', 'onepiece', 'duelma'], [55, 20, 18, 7])[0]
    sealed = maybe(0.4) and game in ('pokemon', 'onepiece')
    # a single card came out of a pack: it is never "new, unopened"
    cond = rng.choices(CONDITIONS, [30, 35, 25, 8, 2, 0] if sealed else [0, 45, 38, 12, 5, 0])[0]
    li = Listing(category, 'collect', cond)
    if game == 'pokemon':
        word = pick(['ポケモンカード', 'ポケカ', 'ポケモンカードゲーム', Brand('ポケモン').title_form() + ' カード'])
        if sealed:
            li.head = [word, pick(POKEMON_SETS), pick(['BOX', '1BOX', 'ボックス', '未開封BOX', '5パック'])]
            tag = pick(['シュリンク付き', 'シュリンクなし', 'ペリペリ付き', ''])
            li.tags = [tag]
            li.cond_word = pick(['新品未開封', '未開封', '']) if cond == 'new' else li.cond_word
            li.body = [pick(['ポケセンで購入しました。', '抽選で当選したものです。', '定価で購入しました。', '再販で購入しました。'])]
            li.body += {'シュリンク付き': ['シュリンク付きです。'], 'シュリンクなし': ['シュリンクはありませんが、未開封です。' if cond == 'new'
                                                                             else 'シュリンクはありません。'],
                        'ペリペリ付き': ['ペリペリ付きです。']}.get(tag, [])
        else:
            li.head = [word, pick(POKEMON_CARDS), pick(RARITIES)]
            li.body = notes(CARD_NOTES, cond, rng.randint(1, 2))
    elif game == 'yugioh':
        li.head = [Brand('遊戯王').title_form(), pick(YUGIOH_CARDS), pick(YUGIOH_RARITIES)]
        li.body = notes(CARD_NOTES, cond, rng.randint(1, 2))
    elif game == 'onepiece':
        li.head = [pick(['ワンピースカード', 'ワンピカード', 'ワンピース カードゲーム'])]
        if sealed:
            li.head += [pick(OP_SETS), pick(['BOX', '1BOX', 'テープ付き'])]
            li.body = [pick(['テープ付きの未開封BOXです。', 'カートンから出したばかりです。', '定価で購入しました。']) if cond == 'new'
                       else pick(['開封済みのBOXです。パックは揃っています。', '空き箱ではありません。'])]
        else:
            li.head += [pick(OP_CARDS), pick(['パラレル', 'SR', 'SEC', 'リーダー パラレル', 'コミパラ'])]
            li.body = notes(CARD_NOTES, cond, rng.randint(1, 2))
    else:
        li.head = [Brand('デュエマ').title_form(), pick(['まとめ売り', 'デッキ', '引退品', 'SR まとめ'])]
        li.body = [pick(['引退品です。', 'デッキパーツとしてどうぞ。', 'スリーブ付きで出品します。'])]
    return li


FIGURES = [
    ('一番くじ', ['ワンピース', '呪術廻戦', '鬼滅の刃', 'ドラゴンボール', 'ちいかわ', 'ポケモン', 'ガンダム'], ['A賞', 'B賞', 'C賞', 'ラストワン賞', 'D賞']),
    ('ねんどろいど', ['初音ミク', '五条悟', '竈門炭治郎', 'アーニャ', 'フリーレン'], ['']),
    ('フィギュア', ['ワンピース', 'ドラゴンボール', 'エヴァンゲリオン', '鬼滅の刃', 'ウマ娘'], ['POP', 'プライズ', 'スケールフィギュア']),
]
PLUSH = [
    (Brand('ちいかわ'), ['ちいかわ', 'ハチワレ', 'うさぎ', 'モモンガ', 'くりまんじゅう']),
    (Brand('サンリオ'), ['クロミ', 'シナモロール', 'ポムポムプリン', 'ハローキティ', 'マイメロディ', 'ポチャッコ']),
    (Brand('すみっコぐらし'), ['しろくま', 'ねこ', 'とかげ', 'とんかつ', 'ぺんぎん？']),
    (Brand('ディズニー'), ['ミッキー', 'ダッフィー', 'シェリーメイ', 'ステラ・ルー', 'スティッチ']),
    (Brand('ポケモン'), ['ピカチュウ', 'ゲンガー', 'イーブイ', 'カビゴン', 'ミミッキュ']),
    (Brand('スヌーピー'), ['スヌーピー', 'ウッドストック']),
]
GUNPLA = ['HG 1/144 ガンダムエアリアル', 'MG 1/100 ガンダムエクシア', 'RG 1/144 νガンダム', 'HG 1/144 ザクII', 'MG 1/100 ストライクフリーダム',
          'EG 1/144 RX-78-2', 'RG 1/144 サザビー', 'PG 1/60 ユニコーンガンダム', 'HG 1/144 ガンダムキャリバーン']
TOY_SETS = [
    (Brand('トミカ'), ['トミカ まとめ売り', 'トミカ 20台セット', 'トミカ 初回特別仕様', 'トミカ タウン']),
    (Brand('プラレール'), ['プラレール 大量セット', 'プラレール 新幹線 セット', 'プラレール レール まとめ']),
    (Brand('レゴ', 'LEGO'), ['レゴ クラシック', 'レゴ フレンズ', 'レゴ デュプロ', 'レゴ シティ', 'レゴ ニンジャゴー']),
    (Brand('シルバニアファミリー'), ['シルバニアファミリー 赤ちゃん まとめ売り', 'シルバニアファミリー 大きなお家', 'シルバニアファミリー 家具セット']),
    (Brand('ベアブリック', 'BE@RBRICK'), ['ベアブリック 400%', 'ベアブリック 100% 400%', 'ベアブリック 1000%']),
    (Brand('ベイブレード', 'BEYBLADE'), ['ベイブレードX まとめ売り', 'ベイブレードX スタジアム']),
    (Brand('アンパンマン'), ['アンパンマン おもちゃ まとめ売り', 'アンパンマン ことばずかん', 'アンパンマン ブロックラボ']),
]
GOODS = ['アクスタ', 'アクリルスタンド', '缶バッジ', 'ラバーストラップ', 'クリアファイル', 'タペストリー', 'ポスター', 'ぬいぐるみキーホルダー', 'うちわ', 'ペンライト']
GOODS_SOURCES = ['呪術廻戦', 'ヒプマイ', 'あんさんぶるスターズ', 'ブルーロック', 'ハイキュー!!', '鬼滅の刃', 'SPY×FAMILY', 'ちいかわ', 'ウマ娘',
                 'プロセカ', '原神', 'ブルーアーカイブ', '名探偵コナン', 'ワンピース', 'にじさんじ', 'ホロライブ']


def hobby_listing(category):
    cond = condition()
    li = Listing(category, 'collect', cond)
    r = rng.random()
    if r < 0.25:
        kind, sources, prizes = pick(FIGURES)
        li.head = [kind, pick(sources)] + ([p] if (p := pick(prizes)) else [])
        if kind != 'フィギュア' and maybe(0.4):
            li.head.append('フィギュア')
        li.body = notes(['^未開封です。', '~開封済みですが飾らずに保管していました。', '!外箱に少し傷みがあります。', '+本体は綺麗です。',
                         '~箱から出して飾っていました。', '台座・付属パーツ揃っています。', '!本体に少し色移りがあります。'], cond)
        if maybe(0.4):
            li.ship.append(pick(['箱が潰れないように梱包して発送します。', 'プチプチで包んで箱に入れて発送します。']))
    elif r < 0.45:
        brand, chars = pick(PLUSH)
        li.head = [brand.title_form(), pick(chars), pick(['ぬいぐるみ', 'マスコット', 'ぬいぐるみ Mサイズ', 'BIGぬいぐるみ', 'ぬいぐるみキーホルダー'])]
        li.body = notes(['タグ付きです。', '!タグが少し折れています。', '+~飾っていただけなので綺麗です。', 'UFOキャッチャーの景品です。',
                         '!多少の毛羽立ちがあります。', '限定品です。'], cond)
    elif r < 0.6:
        kit = pick(GUNPLA)
        li.head = [pick(['ガンプラ', Brand('ガンダム').title_form(), Brand('バンダイ').title_form()]), kit]
        built = cond != 'new' and maybe(0.6)
        li.attrs.append(pick(['組立済み', '素組み', '完成品']) if built else pick(['未組立', '内袋未開封', '']))
        li.body = ([pick(['素組みで、デカールは貼っていません。', '部分塗装しています。', '飾っていました。'])] if built else
                   [pick(['未組立品です。', 'ランナーは未開封です。'])]) + notes(['パーツ欠品はありません。', '!箱に日焼けがあります。',
                                                                         'プレミアムバンダイ限定品です。'], cond)
    elif r < 0.8:
        brand, names = pick(TOY_SETS)
        li.head = [pick(names)]
        if maybe(0.3):
            li.head.insert(0, brand.title_form()) if brand.kana not in li.head[0] else None
        li.attrs.append(pick(['まとめ売り', 'セット', '箱付き', '']))
        li.body = notes(['!子どもが遊んでいたので多少の使用感があります。', '~パーツ欠品は未確認です。', '~除菌シートで拭いてあります。',
                         '箱・説明書付きです。', '+~大切に遊んでいました。'], cond)
        li.cond_word = li.cond_word if cond in ('new', 'bad') else pick(['', '中古', 'まとめ売り'])
    else:
        source = pick(GOODS_SOURCES)
        li.head = [source, pick(GOODS)]
        li.attrs.append(pick(['まとめ売り', 'セット', '未開封', '非売品', 'コラボカフェ', '']))
        li.body = notes(['^未開封品です。', '~開封のみで飾っていません。', '~ランダム商品のため開封済みです。', '自宅保管品です。',
                         '推し変のため出品します。', 'まとめてのお取引のみとなります。', '!缶バッジに小傷があります。'], cond)
    return li


# ---------------------------------------------------------------------------
# Cosmetics and beauty.

COSMETICS = [
    (Brand('ディオール', 'Dior'), [('アディクト リップ マキシマイザー', '001'), ('アディクト リップ グロウ', '004'),
                                   ('ミス ディオール ブルーミング ブーケ', '50ml'), ('バックステージ フェイス&ボディ ファンデーション', '1N'),
                                   ('ディオールスキン フォーエヴァー クッション', '1N')]),
    (Brand('シャネル', 'CHANEL'), [('ルージュ ココ フラッシュ', '116'), ('チャンス オー タンドゥル', '50ml'), ('No.5 オードゥ パルファム', '35ml'),
                                  ('レ ベージュ', 'ヘルシーグロウ'), ('ココ マドモアゼル', '50ml')]),
    (Brand('イヴ・サンローラン', 'YSL'), [('ルージュ ヴォリュプテ シャイン', '44'), ('ラディアント タッチ', '1'), ('リブレ オーデパルファム', '30ml'),
                                       ('タン アンクル ド ポー', 'B20')]),
    (Brand('ジョーマローン', 'Jo Malone London'), [('イングリッシュ ペアー & フリージア コロン', '30ml'), ('ウッド セージ & シー ソルト コロン', '30ml'),
                                                ('ブラックベリー & ベイ コロン', '100ml'), ('ピオニー & ブラッシュ スエード コロン', '30ml')]),
    (Brand('エスケーツー', 'SK-II'), [('フェイシャル トリートメント エッセンス', '230ml'), ('フェイシャル トリートメント クリア ローション', '160ml'),
                                     ('スキンパワー クリーム', '50g')]),
    (Brand('エスティローダー', 'ESTEE LAUDER'), [('アドバンス ナイト リペア', '50ml'), ('ダブル ウェア ステイ イン プレイス メークアップ', '36')]),
    (Brand('コスメデコルテ', 'COSME DECORTE'), [('リポソーム アドバンスト リペアセラム', '50ml'), ('AQ ミリオリティ', 'ローション'),
                                            ('フェイスパウダー', '00')]),
    (Brand('ランコム', 'LANCOME'), [('ジェニフィック アドバンスト N', '50ml'), ('タンイドル ウルトラ ウェア リキッド', 'PO-01')]),
    (Brand('ルナソル', 'LUNASOL'), [('アイカラーレーション', '01'), ('フェザリーグロウ', '02')]),
    (Brand('スック', 'SUQQU'), [('シグニチャー カラー アイズ', '01'), ('ザ クリーム ファンデーション', '110')]),
    (Brand('アディクション', 'ADDICTION'), [('ザ アイシャドウ', '92'), ('スキンケアファンデーション', '003')]),
    (Brand('ナーズ', 'NARS'), [('ライトリフレクティングセッティングパウダー', 'ルース'), ('ナチュラルラディアント ロングウェア ファンデーション', '6606')]),
    (Brand('マック', 'MAC'), [('リップスティック', 'チリ'), ('ストロボクリーム', '50ml')]),
    (Brand('アールエムケー', 'RMK'), [('ジェルクリーミーファンデーション', '101'), ('カラーファンデーション', '03')]),
    (Brand('キャンメイク', 'CANMAKE'), [('マシュマロフィニッシュパウダー', 'MB'), ('パーフェクトスタイリストアイズ', '14')]),
    (Brand('セザンヌ', 'CEZANNE'), [('UVウルトラフィットベースN', '00'), ('パールグロウハイライト', '01')]),
    (Brand('ロムアンド', 'rom&nd'), [('ジューシーラスティングティント', '06'), ('ベターザンパレット', '04')]),
    (Brand('ロクシタン', "L'OCCITANE"), [('シア ハンドクリーム', '30ml'), ('ローズ ハンドクリーム', '30ml'), ('シア ボディクリーム', '200ml')]),
    (Brand('サボン', 'SABON'), [('ボディスクラブ', 'パチュリ・ラベンダー・バニラ'), ('シャワーオイル', '500ml')]),
    (Brand('ラロッシュポゼ', 'LA ROCHE-POSAY'), [('UVイデア XL プロテクショントーンアップ', '30ml'), ('シカプラスト リペアクリーム', '40ml')]),
    (Brand('キールズ', "Kiehl's"), [('クリーム UFC', '49g'), ('DS クリアリーブライト エッセンス', '30ml')]),
    (Brand('ケラスターゼ', 'KERASTASE'), [('ユイルスブリム', '100ml'), ('バン クロマアブソリュ', '250ml')]),
    (Brand('ディプティック', 'diptyque'), [('オー ローズ', '100ml'), ('キャンドル ベ', '190g')]),
    (Brand('資生堂', 'SHISEIDO'), [('アルティミューン パワライジング コンセントレート', '50ml'), ('エッセンス スキングロウ ファンデーション', '220')]),
    (Brand('エリクシール', 'ELIXIR'), [('ホワイト デーケアレボリューション', '35ml'), ('シュペリエル リフトモイスト ローション', '170ml')]),
    (Brand('クレドポーボーテ', 'Cle de Peau Beaute'), [('ル・セラム', '50ml'), ('クレームUV', '')]),
]
COSME_NOTES = {
    'new': ['未開封・未使用です。', '箱付きの新品です。', 'ショッパーはお付けできません。', '百貨店で購入しました。', '国内正規品です。'],
    'used': ['残量は9割ほどです。', 'スパチュラで使用していたので衛生的です。', 'ティッシュオフ済みです。',
             '残量はお写真でご確認ください。', '肌に合わず出品します。', '昨年購入したものです。', 'アルコール消毒済みです。'],
}
BEAUTY_DEVICES = [
    (Brand('リファ', 'ReFa'), ['ストレートアイロン プロ', 'ビューテック ドライヤー', 'カラットレイ', 'ファインバブル シャワーヘッド']),
    (Brand('ダイソン', 'dyson'), ['スーパーソニック Ionic', 'Airwrap マルチスタイラー', 'Corrale ストレートアイロン']),
    (Brand('ヤーマン', 'YA-MAN'), ['フォトプラス', 'RFボーテ キャビスパ', 'ミーゼ スカルプリフト']),
    (Brand('パナソニック', 'Panasonic'), ['ナノケア ドライヤー EH-NA0J', 'ナノケア EH-NA9G', 'ボディトリマー', 'スチーマー ナノケア']),
]


def cosmetics_listing(category):
    cond = rng.choices(CONDITIONS, [40, 35, 18, 5, 1, 1])[0]
    li = Listing(category, 'cosme', cond)
    if maybe(0.8):
        brand, products = pick(COSMETICS)
        name, variant = pick(products)
        li.head = [brand.title_form(), name]
        if variant:
            li.attrs.append(variant if not variant.isdigit() or maybe(0.5) else f'#{variant}')
        li.body = rng.sample(COSME_NOTES['new' if cond == 'new' else 'used'], rng.randint(1, 2))
        if sum('残量' in b for b in li.body) > 1:
            li.body = li.body[:1]
        if maybe(0.2):
            li.tags.append(pick(['限定', '数量限定', '国内正規品', '箱付き', 'ショッパー付き']))
    else:
        brand, products = pick(BEAUTY_DEVICES)
        li.head = [brand.title_form(), pick(products)]
        li.body = notes(['~動作確認済みです。', '付属品は写真のものが全てです。', '箱・説明書付きです。', '2023年に購入しました。',
                         '保証期間内です。', '!本体に小傷があります。'], cond)
        li.family = 'use'
    return li


# ---------------------------------------------------------------------------
# Electronics: phones, computers, cameras, audio, home appliances.

IPHONES = ['iPhone 11', 'iPhone 12', 'iPhone 12 mini', 'iPhone 13', 'iPhone 13 mini', 'iPhone 13 Pro', 'iPhone 14', 'iPhone 14 Pro',
           'iPhone 15', 'iPhone 15 Pro', 'iPhone SE 第2世代', 'iPhone SE 第3世代']
IPHONE_COLORS = ['ブラック', 'ホワイト', 'ミッドナイト', 'スターライト', 'ブルー', 'レッド', 'パープル', 'シエラブルー', 'グリーン', 'ピンク']
APPLE_OTHER = [
    ('iPad 第9世代', ['64GB', '256GB'], ['Wi-Fiモデル', 'Wi-Fi+Cellular']), ('iPad Air 第5世代', ['64GB', '256GB'], ['Wi-Fiモデル']),
    ('iPad mini 6', ['64GB', '256GB'], ['Wi-Fiモデル']), ('iPad Pro 11インチ', ['128GB', '256GB'], ['Wi-Fiモデル']),
    ('AirPods Pro 第2世代', [''], ['MagSafe']), ('AirPods 第3世代', [''], ['']), ('AirPods Max', [''], ['スペースグレイ', 'シルバー']),
    ('Apple Watch Series 8', ['41mm', '45mm'], ['GPSモデル']), ('Apple Watch SE 第2世代', ['40mm', '44mm'], ['GPSモデル']),
    ('MacBook Air M1', ['8GB/256GB'], ['2020']), ('MacBook Air M2', ['8GB/256GB', '16GB/512GB'], ['2022']),
    ('MacBook Pro 14インチ', ['16GB/512GB'], ['M1 Pro']),
]
ANDROIDS = [(Brand('グーグル', 'Google'), ['Pixel 7a', 'Pixel 8', 'Pixel 6a']), (Brand('サムスン', 'Samsung'), ['Galaxy S23', 'Galaxy A54']),
            (Brand('シャープ', 'SHARP'), ['AQUOS sense7', 'AQUOS wish3']), (Brand('ソニー', 'SONY'), ['Xperia 10 V', 'Xperia 1 IV'])]
CAMERAS = [
    (Brand('キヤノン', 'Canon'), ['EOS Kiss X10 ダブルズームキット', 'EOS R10', 'PowerShot G7 X Mark III', 'EOS 80D', 'AE-1 フィルムカメラ']),
    (Brand('ニコン', 'Nikon'), ['D5300', 'Z fc', 'Z50 ダブルズームキット', 'COOLPIX P950', 'FM2 フィルムカメラ']),
    (Brand('ソニー', 'SONY'), ['α6400', 'α7 III', 'VLOGCAM ZV-1', 'ZV-E10', 'サイバーショット RX100']),
    (Brand('富士フイルム', 'FUJIFILM'), ['X-T30', 'X100V', 'チェキ instax mini 12', 'instax mini Evo', 'X-S10']),
    (Brand('オリンパス', 'OLYMPUS'), ['PEN E-PL9', 'OM-D E-M10 Mark III', 'OM-1 フィルムカメラ']),
    (Brand('リコー', 'RICOH'), ['GR III', 'GR IIIx']),
    (Brand('ペンタックス', 'PENTAX'), ['K-70', 'MX フィルムカメラ']),
    (Brand('シグマ', 'SIGMA'), ['30mm F1.4 DC DN', '18-50mm F2.8 DC DN']),
    (Brand('タムロン', 'TAMRON'), ['17-70mm F2.8', '28-75mm F2.8']),
]
CAMERA_KIND = {'EOS R10': 'ミラーレス一眼', 'EOS 80D': '一眼レフ', 'D5300': '一眼レフ', 'Z fc': 'ミラーレス一眼', 'α6400': 'ミラーレス一眼',
               'α7 III': 'ミラーレス一眼', 'ZV-E10': 'ミラーレス一眼', 'X-T30': 'ミラーレス一眼', 'X-S10': 'ミラーレス一眼',
               'PEN E-PL9': 'ミラーレス一眼', 'OM-D E-M10 Mark III': 'ミラーレス一眼', 'K-70': '一眼レフ'}
AUDIO = [
    # (brand, [(model, kind)]) with kind h = headphones, e = earphones, s = speaker, p = player/battery
    (Brand('ソニー', 'SONY'), [('WH-1000XM4', 'h'), ('WH-1000XM5', 'h'), ('WF-1000XM4', 'e'), ('WF-1000XM5', 'e'), ('ウォークマン NW-A105', 'p')]),
    (Brand('ボーズ', 'BOSE'), [('QuietComfort 45', 'h'), ('QuietComfort Earbuds II', 'e'), ('SoundLink Flex', 's'), ('SoundLink Mini II', 's')]),
    (Brand('ジェイビーエル', 'JBL'), [('FLIP 6', 's'), ('CHARGE 5', 's'), ('GO 3', 's')]),
    (Brand('オーディオテクニカ', 'audio-technica'), [('ATH-M50x', 'h'), ('ATH-CKS50TW', 'e')]),
    (Brand('アンカー', 'Anker'), [('Soundcore Liberty 4', 'e'), ('PowerCore 10000', 'p')]),
    (Brand('ビーツ', 'Beats'), [('Studio Buds', 'e'), ('Solo3', 'h')]),
]
AUDIO_WORDS = {'h': ['ヘッドホン', ''], 'e': ['ワイヤレスイヤホン', 'イヤホン', ''], 's': ['スピーカー', 'Bluetoothスピーカー', ''],
               'p': ['']}
AUDIO_NOTES = {'h': ['+イヤーパッドに劣化はありません。', '!イヤーパッドに少し劣化があります。', 'ノイズキャンセリングも問題なく使えます。'],
               'e': ['~左右とも音は問題なく出ます。', '~イヤーピースは洗浄済みです。', '!ケースに小傷があります。', 'ノイズキャンセリングも問題なく使えます。'],
               's': ['~音出し確認済みです。', '防水仕様です。', '!本体に少し汚れがあります。'],
               'p': ['~動作確認済みです。', '充電ケーブル付きです。']}
APPLIANCES = [
    # (brand, [(model, what it is or '' when the model name says it)])
    (Brand('ダイソン', 'dyson'), [('V8 Slim Fluffy', 'コードレス掃除機'), ('V10 Fluffy', '掃除機'), ('V12 Detect Slim', 'コードレス掃除機'),
                                 ('Pure Hot+Cool', '空気清浄機能付きファンヒーター'), ('Purifier Cool', '空気清浄機')]),
    (Brand('バルミューダ', 'BALMUDA'), [('ザ・トースター', ''), ('ザ・ポット', '電気ケトル'), ('ザ・グリーンファン', '扇風機'), ('ザ・レンジ', '')]),
    (Brand('アイロボット', 'iRobot'), [('ルンバ i2', 'ロボット掃除機'), ('ルンバ 643', 'ロボット掃除機'), ('ルンバ e5', ''), ('ブラーバ ジェット m6', '床拭きロボット')]),
    (Brand('パナソニック', 'Panasonic'), [('ビストロ NE-BS8A', 'オーブンレンジ'), ('ジアイーノ', '空間除菌脱臭機'), ('ななめドラム', '洗濯乾燥機'),
                                         ('ホームベーカリー SD-MDX4', '')]),
    (Brand('象印', 'ZOJIRUSHI'), [('炎舞炊き', '炊飯器'), ('極め炊き', '炊飯器')]),
    (Brand('シャープ', 'SHARP'), [('プラズマクラスター KI-NS40', '加湿空気清浄機'), ('ヘルシオ', 'ウォーターオーブン'), ('プラズマクラスター ドライヤー', '')]),
    (Brand('デロンギ', 'DeLonghi'), [('マグニフィカS', '全自動コーヒーマシン'), ('ディナミカ', '全自動コーヒーマシン'), ('アイコナ', '電気ケトル')]),
    (Brand('ネスプレッソ', 'Nespresso'), [('エッセンサ ミニ', 'コーヒーメーカー'), ('ヴァーチュオ ポップ', 'コーヒーメーカー')]),
    (Brand('ティファール', 'T-fal'), [('アプレシア', '電気ケトル'), ('インジニオ・ネオ', 'フライパンセット')]),
    (Brand('アイリスオーヤマ', 'IRIS OHYAMA'), [('サーキュレーター', ''), ('布団乾燥機', ''), ('IHクッキングヒーター', '')]),
    (Brand('ブルーノ', 'BRUNO'), [('コンパクトホットプレート', ''), ('ホットサンドメーカー', '')]),
    (Brand('レコルト', 'recolte'), [('エアーオーブン', ''), ('ソロブレンダー', '')]),
    (Brand('ブラウン', 'BRAUN'), [('シリーズ9', '電気シェーバー'), ('シリーズ7', '電気シェーバー')]),
    (Brand('フィリップス', 'PHILIPS'), [('ソニッケアー', '電動歯ブラシ')]),
]
ELEC_NOTES = [
    '~動作確認済みです。', '付属品は写真のものが全てです。', '箱・説明書付きです。', '取扱説明書はありません。',
    '!本体に細かな傷があります。', '+~使用頻度は少なめです。', '保証期間内です。', '!~角に小さな打痕があります。',
]
DEVICE_NOTES = ELEC_NOTES + ['~初期化済みです。', '+~画面に傷はありません。', '!画面に細かな擦り傷があります。']
APPLIANCE_NOTES = ELEC_NOTES + ['2022年製です。', '2021年製です。', '2023年製です。', '~フィルター清掃済みです。', '~分解して掃除しました。']
CAMERA_NOTES = ['+レンズにカビ・クモリはありません。', 'バッテリー・充電器付きです。', 'SDカードは付属しません。', 'ストラップ付きです。',
                '~撮影・動作確認済みです。', '!ボディに小傷があります。', 'シャッター回数は約{n}回です。']
FILM_CAMERA_NOTES = ['~シャッター、露出計ともに動作しています。', '+ファインダーにカビはありません。', '!モルトの劣化があります。', '~フィルムは入っていません。',
                     '電池を入れて動作確認しました。']


def electronics_listing(category):
    cond = condition()
    li = Listing(category, 'use', cond)
    r = rng.random()
    if r < 0.25:
        model = pick(IPHONES)
        storage = pick(['64GB', '128GB', '128GB', '256GB'])
        li.head = [model.replace(' ', '', 1) if maybe(0.4) else model, storage]
        li.attrs = [pick(IPHONE_COLORS), pick(['SIMフリー', 'SIMフリー', 'docomo', 'au', 'SoftBank', ''])]
        batt = rng.randint(78, 100)
        if maybe(0.4):
            li.tags.append(f'バッテリー{batt}%')
        li.body = [pick([f'バッテリー最大容量は{batt}%です。', f'バッテリーの最大容量は{batt}%です。']),
                   pick(['ネットワーク利用制限は○です。', '初期化済みです。', '画面に傷はありません。', '保護フィルムを貼って使用していました。',
                         'SIMロック解除済みです。', '付属品はありません。本体のみです。'])]
        if cond == 'bad':
            li.body = [pick(['画面割れがあるためジャンク品です。', 'Face IDが使えません。', 'バッテリーの劣化が激しいです。'])]
    elif r < 0.45:
        name, variants, extras = pick(APPLE_OTHER)
        li.head = ([Brand('アップル', 'Apple').title_form()] if maybe(0.25) else []) + [name]
        li.attrs = [v for v in (pick(variants), pick(extras)) if v]
        if 'AirPods' in name:
            extra = ['~左右とも音は問題なく出ます。', '!ケースに小傷があります。', 'ノイズキャンセリングも問題なく使えます。']
            if 'Max' not in name:
                extra.append('~イヤーチップは新品に交換済みです。')
            li.body = notes(ELEC_NOTES, cond) + notes(extra, cond)
        else:
            li.body = notes(DEVICE_NOTES, cond, rng.randint(1, 2))
        if 'MacBook' in name:
            li.body.append(f'充放電回数は{rng.randint(1, 5) if cond == "new" else rng.randint(30, 400)}回です。')
    elif r < 0.52:
        brand, models = pick(ANDROIDS)
        li.head = [brand.title_form(), pick(models)]
        li.attrs = [pick(['128GB', '256GB']), pick(['SIMフリー', 'SIMフリー', ''])]
        li.body = notes(DEVICE_NOTES, cond, 2)
    elif r < 0.7:
        brand, models = pick(CAMERAS)
        model = pick(models)
        li.head = [brand.title_form(), model]
        if brand.kana in ('シグマ', 'タムロン'):
            li.attrs.append(pick(['レンズ', 'ソニーEマウント', '富士フイルムXマウント', '']))
        elif model in CAMERA_KIND and maybe(0.5):
            li.attrs.append(pick([CAMERA_KIND[model], 'ボディのみ', '']))
        pool = FILM_CAMERA_NOTES if 'フィルム' in model else CAMERA_NOTES
        li.body = [n.format(n=rng.randint(2, 30) * 1000) for n in notes(pool, cond, rng.randint(1, 2))]
    elif r < 0.82:
        brand, models = pick(AUDIO)
        model, kind = pick(models)
        li.head = [brand.title_form(), model] + ([w] if (w := pick(AUDIO_WORDS[kind])) else [])
        li.attrs = [pick(['ブラック', 'ホワイト', 'シルバー', '', ''])]
        li.body = notes(AUDIO_NOTES[kind], cond) + notes(ELEC_NOTES, cond)
    else:
        brand, models = pick(APPLIANCES)
        model, kind = pick(models)
        li.head = [brand.title_form(), model] + ([kind] if kind and maybe(0.7) else [])
        li.body = notes(APPLIANCE_NOTES, cond, rng.randint(1, 2))
        if maybe(0.3):
            li.ship.append(pick(['大型のため宅急便で発送します。', '購入時の箱に入れて発送します。', '箱がないため緩衝材で包んで発送します。']))
    if len(li.body) > 1 and li.body[0] == li.body[1]:
        li.body.pop()
    return li


# ---------------------------------------------------------------------------
# Baby and kids.

KIDS_BRANDS = brands(('ミキハウス', 'MIKI HOUSE'), ('ファミリア', 'familiar'), ('プチバトー', 'PETIT BATEAU'), ('ユニクロ', 'UNIQLO'),
                     ('ジーユー', 'GU'), ('ザラ', 'ZARA'), ('エイチアンドエム', 'H&M'), ('ベビーギャップ', 'babyGap'), ('ブランシェス', 'BRANSHES'),
                     ('アプレレクール', 'apres les cours'), ('メゾピアノ', 'mezzo piano'), ('ボンポワン', 'Bonpoint'), ('西松屋',), ('しまむら',))
KIDS_ITEMS = ['Tシャツ', 'ロンパース', 'カバーオール', 'ワンピース', 'パーカー', 'ズボン', 'スカート', 'トレーナー', 'ジャンパー', 'パジャマ',
              '甚平', '浴衣', '水着', 'レインコート', 'セットアップ', 'ダウンジャケット', '長袖Tシャツ']
BABY_GEAR = [
    # (brand, [(model, what it is or '' when the model name says it)])
    (Brand('コンビ', 'Combi'), [('スゴカルα', 'ベビーカー'), ('メチャカル', 'ベビーカー'), ('クルムーヴ', 'チャイルドシート')]),
    (Brand('アップリカ', 'Aprica'), [('ラクーナ', 'ベビーカー'), ('カルーン', 'ベビーカー'), ('フラディア グロウ', 'チャイルドシート')]),
    (Brand('サイベックス', 'cybex'), [('メリオ カーボン', 'ベビーカー'), ('リベル', 'ベビーカー'), ('シローナ', 'チャイルドシート')]),
    (Brand('エルゴベビー', 'ERGOBABY'), [('オムニ360', '抱っこ紐'), ('アダプト', '抱っこ紐'), ('オムニ ブリーズ', '抱っこ紐')]),
    (Brand('ベビービョルン', 'BabyBjorn'), [('バウンサー ブリス', ''), ('ベビーキャリア ハーモニー', '抱っこ紐')]),
    (Brand('ストッケ', 'STOKKE'), [('トリップトラップ', 'ベビーチェア')]),
    (Brand('ピジョン', 'Pigeon'), [('母乳実感 哺乳びん', ''), ('さく乳器', '')]),
    (Brand('ボーネルンド', 'BorneLund'), [('プレイジム', ''), ('マグフォーマー', '知育玩具')]),
    (Brand('土屋鞄製造所'), [('ランドセル ベーシックカラー', ''), ('ランドセル', '')]),
]
KIDS_NOTES = [
    '!首回りに少し黄ばみがあります。', '~兄弟で着用しました。', '名前の記入はありません。', '~洗濯済みです。', '~保育園で着ていました。',
    '+~毛玉は少なめです。', '!食べこぼしのシミがあります。', '+~お出かけ用に数回着ただけです。', '~サイズアウトのため出品します。',
    '!膝に少し毛玉があります。',
]
GEAR_NOTES = [
    '~分解清掃済みです。', '!タイヤに多少の汚れがあります。', '取扱説明書付きです。',
    '~カバーは洗濯済みです。', '+大きなダメージはありません。', '大型のため送料込みの価格です。', '~除菌シートで拭いてあります。',
]


def kids_listing(category):
    cond = rng.choices(CONDITIONS, [15, 20, 35, 22, 7, 1])[0]
    if maybe(0.6):
        li = Listing(category, 'wear', cond)
        brand = pick(KIDS_BRANDS)
        size = pick(['70', '80', '90', '95', '100', '110', '120', '130', '140', '150', '160'])
        item = pick(KIDS_ITEMS if int(size) <= 95 else [i for i in KIDS_ITEMS if i not in ('ロンパース', 'カバーオール')])
        if maybe(0.25):
            n = rng.randint(3, 15)
            li.head = [pick(['子供服', 'ベビー服', 'キッズ服']), 'まとめ売り', f'{size}cm', f'{n}点']
            li.body = [f'{size}cmの{pick(["男の子用", "女の子用", "男女兼用の"])}{n}点セットです。'] + notes(KIDS_NOTES, cond)
            if maybe(0.5):
                li.body.append(f'{brand.text_form()}などが入っています。')
        else:
            li.head = [brand.title_form(), item, f'{size}cm' if maybe(0.8) else f'{size}サイズ']
            li.attrs = [pick(['男の子', '女の子', '', '']), color()]
            li.body = notes(KIDS_NOTES, cond, rng.randint(1, 2))
    else:
        li = Listing(category, 'use', cond)
        brand, models = pick(BABY_GEAR)
        model, kind = pick(models)
        li.head = [brand.title_form(), model] + ([kind] if kind and maybe(0.7) else [])
        li.body = notes(GEAR_NOTES, cond, rng.randint(1, 2))
        if 'ランドセル' in li.head[1]:
            if cond == 'new':
                li.cond_text = '型落ちの未使用品です。'
                li.body = [pick(['展示品ではありません。', '箱付きです。'])]
            else:
                li.cond_text = pick(['6年間使用しました。', '2年生まで使用しました。', '4年間使用しました。'])
                li.cond_word = pick(['', '中古', '美品' if cond == 'good' else ''])
                li.body = notes(['+傷は少なめです。', '!角にスレがあります。', '!背中部分に汚れがあります。', '~金具の動作に問題はありません。'], cond)
    return li


# ---------------------------------------------------------------------------
# Interior, kitchen and furniture.

INTERIOR = [
    (Brand('ル・クルーゼ', 'LE CREUSET'), ['ココット・ロンド 20cm', 'ココット・ロンド 18cm', 'ココット・オーバル 25cm', 'ストーンウェア マグ'],
     ['チェリーレッド', 'オレンジ', 'マットブラック', 'シフォンピンク', 'ホワイト']),
    (Brand('ストウブ', 'staub'), ['ピコ・ココット ラウンド 20cm', 'ピコ・ココット ラウンド 22cm', 'ブレイザー ソテーパン 24cm'], ['ブラック', 'グレー', 'グレナディンレッド']),
    (Brand('イッタラ', 'iittala'), ['ティーマ プレート 21cm', 'ティーマ マグ', 'カステヘルミ ボウル', 'オリゴ マグ'], ['ホワイト', 'グレー', 'パールグレー']),
    (Brand('アラビア', 'ARABIA'), ['パラティッシ プレート', '24h アベック', 'ルスカ マグ'], ['ブラック', 'パープル']),
    (Brand('マリメッコ', 'marimekko'), ['ウニッコ マグカップ', 'ウニッコ プレート', 'ウニッコ トートバッグ'], ['ホワイト×レッド', 'ブラック']),
    (Brand('ウェッジウッド', 'WEDGWOOD'), ['ワイルドストロベリー ティーカップ&ソーサー', 'フェスティビティ マグ'], ['']),
    (Brand('ロイヤルコペンハーゲン', 'Royal Copenhagen'), ['ブルーフルーテッド プレート', 'ブルーパルメッテ マグ'], ['']),
    (Brand('バカラ', 'Baccarat'), ['タンブラー', 'ロックグラス ペア'], ['']),
    (Brand('ノリタケ', 'Noritake'), ['ボーンチャイナ ティーカップ', 'プレート 5枚セット'], ['']),
    (Brand('無印良品', 'MUJI'), ['スタッキングシェルフ', 'ポリプロピレン収納ケース', 'オーク材 テーブル', 'アロマディフューザー', '体にフィットするソファ'], ['']),
    (Brand('ニトリ', 'NITORI'), ['カラーボックス', 'Nクール 敷きパッド', 'ダイニングテーブル', 'ソファ 2人掛け', '遮光カーテン'], ['']),
    (Brand('イケア', 'IKEA'), ['ポエング', 'カラックス シェルフ', 'ラスク ワゴン', 'ヴィムレ ソファ'], ['']),
    (Brand('フランフラン', 'Francfranc'), ['ペンダントライト', 'ラグ', 'クッションカバー', 'ミラー'], ['']),
    (Brand('ヨギボー', 'Yogibo'), ['マックス', 'ミニ', 'サポート'], ['ビーズクッション', '']),
    (Brand('カリモク', 'Karimoku'), ['Kチェア', 'ダイニングチェア'], ['']),
    (Brand('ハーマンミラー', 'Herman Miller'), ['アーロンチェア', 'セイルチェア'], ['']),
    (Brand('サーモス', 'THERMOS'), ['真空断熱タンブラー', '真空断熱ケータイマグ', 'シャトルシェフ'], ['']),
    (Brand('スターバックス', 'STARBUCKS'), ['タンブラー', 'ステンレスボトル', 'マグカップ'], ['限定', 'さくら', 'ホリデー']),
    (Brand('スタディオクリップ', 'studio CLIP'), ['キャニスター', 'ラグ'], ['']),
    (Brand('アフタヌーンティー', 'Afternoon Tea'), ['マグカップ', 'ブランケット', 'ティーポット'], ['']),
]
INTERIOR_NOTES = [
    '+~使用頻度は少なめです。', '箱付きです。', '+目立つ欠けやヒビはありません。', '~食洗機で洗っていました。',
    '!底に多少のスレがあります。', '!小さな欠けがあります。',
]
FURNITURE_WORDS = ['シェルフ', '収納ケース', 'テーブル', 'ソファ', 'チェア', 'カラーボックス', 'ワゴン', 'ポエング', 'マックス', 'ミニ', 'サポート', '敷きパッド', 'カーテン']
FURNITURE_NOTES = ['組み立て済みのため、分解して発送します。', '大型のため送料込みの価格です。', '!天板に小傷があります。', '~脚のぐらつきはありません。']


def interior_listing(category):
    cond = condition()
    li = Listing(category, 'use', cond)
    brand, products, variants = pick(INTERIOR)
    li.head = [brand.title_form(), pick(products)]
    if (v := pick(variants)):
        li.attrs.append(v)
    furniture = any(w in li.head[1] for w in FURNITURE_WORDS)
    li.body = notes(INTERIOR_NOTES + (FURNITURE_NOTES if furniture else []), cond, rng.randint(1, 2))
    if furniture and maybe(0.5):
        w, d, h = rng.randint(30, 160), rng.randint(30, 80), rng.randint(20, 110)
        li.body.append(pick([f'サイズは幅約{w}cm×奥行約{d}cm×高さ約{h}cmです。', f'W{w}×D{d}×H{h}cm。']))
    return li


# ---------------------------------------------------------------------------
# Sports, outdoor, handmade, other, cars.

# (brand, [(product, variants, note group)])
SPORTS = [
    (Brand('テーラーメイド', 'TaylorMade'), [('ステルス ドライバー', ['10.5° S', '9° SR', '10.5° R'], 'golf'),
                                           ('ステルス2 フェアウェイウッド', ['3W', '5W'], 'golf'), ('P790 アイアンセット', ['6本セット', '5-PW'], 'golf')]),
    (Brand('キャロウェイ', 'Callaway'), [('パラダイム ドライバー', ['10.5° S', '9° S'], 'golf'), ('ローグST MAX ドライバー', ['10.5° R'], 'golf'),
                                        ('オデッセイ パター', ['33インチ', '34インチ'], 'golf')]),
    (Brand('タイトリスト', 'Titleist'), [('TSR2 ドライバー', ['10° S', '9° X'], 'golf'), ('プロV1 ゴルフボール', ['1ダース'], 'ball'),
                                        ('ボーケイ ウェッジ', ['52°', '58°'], 'golf')]),
    (Brand('ピン', 'PING'), [('G425 MAX ドライバー', ['10.5° S', '9° SR'], 'golf'), ('G430 アイアン', ['5本セット', '7本セット'], 'golf')]),
    (Brand('パーリーゲイツ', 'PEARLY GATES'), [('ゴルフウェア ポロシャツ', ['サイズ4', 'サイズ5', 'サイズ1'], 'wear'),
                                             ('キャディバッグ', ['9型', '8.5型'], 'bag')]),
    (Brand('ミズノ', 'MIZUNO'), [('グローブ 軟式 内野手用', [''], 'glove'), ('ミズノプロ 硬式グローブ', ['外野手用', '投手用'], 'glove'),
                                ('バット 軟式', ['84cm', '83cm'], 'bat')]),
    (Brand('エスエスケイ', 'SSK'), [('グローブ 少年軟式', [''], 'glove'), ('キャッチャーミット', ['軟式'], 'glove')]),
    (Brand('ヨネックス', 'YONEX'), [('アストロクス 88D', ['4U5', '3U5'], 'racket'), ('ナノフレア 800', ['4U5'], 'racket'),
                                   ('EZONE 100', ['G2'], 'racket'), ('パワークッション シューズ', ['25cm', '26cm', '27cm'], 'shoes')]),
    (Brand('シマノ', 'SHIMANO'), [('ステラ C3000XG', [''], 'reel'), ('ヴァンキッシュ 2500S', [''], 'reel'), ('ツインパワー 4000', [''], 'reel')]),
    (Brand('ダイワ', 'DAIWA'), [('セルテート LT3000', [''], 'reel'), ('ルビアス', ['LT2500S'], 'reel'), ('エメラルダス ロッド', ['86M'], 'rod')]),
    (Brand('スノーピーク', 'snow peak'), [('焚火台 M', [''], 'camp'), ('ギガパワーストーブ', [''], 'camp'), ('アメニティドーム M', [''], 'tent'),
                                         ('チタンマグ', ['450'], 'camp')]),
    (Brand('コールマン', 'Coleman'), [('タフワイドドーム', [''], 'tent'), ('ツーバーナー', [''], 'camp'), ('ワンマントルランタン', [''], 'camp'),
                                     ('クーラーボックス', ['28QT'], 'camp')]),
    (Brand('ヘリノックス', 'Helinox'), [('チェアワン', ['ブラック', 'コヨーテ'], 'camp'), ('タクティカルチェア', [''], 'camp'), ('テーブルワン', [''], 'camp')]),
    (Brand('ロゴス', 'LOGOS'), [('ハイパー氷点下クーラー', ['M', 'L'], 'camp'), ('タープ', [''], 'tent')]),
    (Brand('キャプテンスタッグ', 'CAPTAIN STAG'), [('ジカロテーブル', [''], 'camp'), ('バーベキューコンロ', [''], 'camp')]),
    (Brand('バートン', 'BURTON'), [('カスタム スノーボード', ['154cm', '150cm', '158cm'], 'board'), ('ビンディング', ['M', 'L'], 'board'),
                                  ('スノーボードブーツ', ['26.5cm', '27cm', '24cm'], 'board')]),
    (Brand('ルルレモン', 'lululemon'), [('ヨガマット 5mm', [''], 'yoga'), ('アライン レギンス', ['4', '6'], 'wear'), ('エブリウェア ベルトバッグ', [''], 'bag')]),
    (Brand('ガーミン', 'GARMIN'), [('フォアアスリート 265', [''], 'gps'), ('ヴィヴォアクティブ 5', [''], 'gps')]),
]
SPORTS_NOTES = {
    'golf': ['~ラウンド数回のみです。', 'ヘッドカバー付きです。', '!ソールに擦り傷があります。', '+~グリップの劣化はありません。', '!~フェースに使用感があります。'],
    'ball': ['未使用の1ダースです。', 'ロストボールではありません。'],
    'wear': ['~洗濯済みです。', '+~毛玉はありません。', 'ストレッチが効いています。'],
    'bag': ['!~底に擦れがあります。', 'フードカバー付きです。', '+ファスナーの開閉も問題ありません。'],
    'glove': ['~型付け済みです。', '~オイルでメンテナンスしていました。', '!~ヒモに劣化があります。', '+まだまだ使えます。'],
    'bat': ['!~打球部に使用感があります。', '+ヒビや凹みはありません。'],
    'racket': ['~ガットは張り替えていません。', 'ケース付きです。', '!フレームに擦り傷があります。', '+フレームの傷は少なめです。'],
    'shoes': ['~ソールの減りは少なめです。', '!つま先に擦れがあります。'],
    'reel': ['~メンテナンス済みです。', '+~巻き心地もスムーズです。', '!ハンドルノブに小傷があります。', '箱付きです。'],
    'rod': ['~釣行5回ほど使用しました。', 'ロッドケース付きです。', '!ガイドに小傷があります。'],
    'camp': ['~キャンプで数回使用しました。', '収納ケース付きです。', '~汚れは洗ってあります。', '!焦げ跡があります。', '+大きな傷はありません。'],
    'tent': ['~キャンプで2回使用しました。', '+~カビや破れはありません。', 'ペグ・ロープ付属しています。', '!フライシートに小さなシミがあります。'],
    'board': ['~ワンシーズン使用しました。', '~ワックスは塗っていません。', '!ソールに細かな傷があります。', '+エッジの錆びはありません。'],
    'yoga': ['~除菌シートで拭いてあります。', '~数回使用しました。', '丸めて発送します。'],
    'gps': ['~充電ケーブル付きです。', '+~画面に傷はありません。', '~初期化済みです。'],
}
HANDMADE = [
    ('ハンドメイド', ['ピアス', 'イヤリング', 'ネックレス', 'ブレスレット'], ['パール', 'ゴールド', '天然石', 'ビーズ', 'ビジュー', 'ノンホール']),
    ('ハンドメイド', ['入園グッズ', 'レッスンバッグ', '上履き入れ', 'お弁当袋'], ['3点セット', 'キルティング', '北欧柄', '男の子', '女の子']),
    ('ハンドメイド', ['ぬい服', 'ぬいぐるみ用 服'], ['20cm', '10cm', 'ぬい撮り']),
    ('ハンドメイド', ['レジン キーホルダー', '刺繍 ブローチ', 'がま口 ポーチ', 'ハーバリウム', 'ミサンガ', '名札'], ['', '1点物', 'オーダー可']),
]
HANDMADE_NOTES = [
    'ハンドメイド品のため、多少の歪みはご了承ください。', '素人の手作りです。', '金具はアレルギー対応のものを使用しています。', 'お色違いもご用意できます。',
    'オーダーも承ります。コメントください。', '一点ものです。', 'ラッピングしてお届けします。',
]
OTHER_ITEMS = [
    ('cat_other', ['キャットタワー', 'ペットキャリー', '犬 服 Sサイズ', '猫 爪とぎ', 'ペットベッド', '首輪'], ['ペット用品', ''], 'pet'),
    ('cat_other', ['マスキングテープ まとめ売り', 'シール まとめ売り', 'レターセット', 'ボールペン 10本', '手帳 2025'], ['', '文房具'], 'stationery'),
    ('cat_other', ['記念硬貨', '切手 シート', '古銭 まとめ'], ['コレクション', ''], 'collection'),
    ('cat_cars_motorcycles', ['スタッドレスタイヤ 4本 195/65R15', 'サマータイヤ 4本 155/65R14', 'ホイール 4本 17インチ'], ['2021年製', '2022年製', ''], 'tyre'),
    ('cat_cars_motorcycles', ['ドライブレコーダー', 'カーナビ', 'ETC車載器'], [''], 'car'),
    ('cat_cars_motorcycles', ['ヘルメット フルフェイス', 'ヘルメット ジェット'], ['Mサイズ', 'Lサイズ', ''], 'helmet'),
    ('cat_cars_motorcycles', ['バイクカバー', 'ライディンググローブ', 'タンクバッグ'], ['Lサイズ', ''], 'bikegear'),
]
OTHER_NOTES = {
    'pet': ['~洗濯済みです。', '~猫が使っていました。', '!爪とぎ跡があります。', '+~毛は取り除いてあります。'],
    'stationery': ['^未使用品です。', '~数回使用しました。', '自宅保管品です。'],
    'collection': ['自宅保管品です。', '額面以上の価値はありません。', '!多少のヤケがあります。'],
    'tyre': ['~残り溝は7分山程度です。', '+ヒビや傷はありません。', '~使用期間は1シーズンです。', '大型のため送料込みの価格です。'],
    'car': ['~動作確認済みです。', '配線も付属しています。', '!本体に小傷があります。'],
    'helmet': ['+~転倒歴はありません。', '~内装は洗濯済みです。', '!シールドに小傷があります。', '2021年製です。'],
    'bikegear': ['~数回使用しました。', '!少しほつれがあります。', '~洗濯済みです。'],
}


def sports_listing(category):
    cond = condition()
    li = Listing(category, 'use', cond)
    brand, products = pick(SPORTS)
    product, variants, group = pick(products)
    li.head = [brand.title_form(), product]
    if (v := pick(variants)):
        li.attrs.append(v)
    li.body = notes(SPORTS_NOTES[group], cond, rng.randint(1, 2))
    return li


def handmade_listing(category):
    cond = rng.choices(CONDITIONS, [80, 10, 10, 0, 0, 0])[0]
    li = Listing(category, 'use', cond)
    word, items, attrs = pick(HANDMADE)
    li.head = [word, pick(items)]
    if (a := pick(attrs)):
        li.attrs.append(a)
    li.handmade = True
    li.cond_word = pick(['', '', '新品', '受注制作'])
    li.cond_text = pick(['手作りの新品です。', '一点ずつ手作りしています。', '丁寧に制作しました。'])
    li.body = rng.sample(HANDMADE_NOTES, rng.randint(1, 2))
    return li


def other_listing(_category):
    category, items, attrs, group = pick(OTHER_ITEMS)
    cond = condition()
    li = Listing(category, 'use', cond)
    li.head = [pick(items)]
    if group == 'helmet' and maybe(0.6):
        li.head.insert(0, Brand('ショウエイ', 'SHOEI').title_form())
    if (a := pick(attrs)):
        li.attrs.append(a)
    li.body = notes(OTHER_NOTES[group], cond, rng.randint(1, 2))
    return li


# ---------------------------------------------------------------------------
# The mix of categories and product families.

MAKERS = [
    # (weight, top-level category, maker)
    (140, 'cat_ladies', lambda c: fashion_listing(c, 'ladies', LADIES)),
    (50, 'cat_ladies', lambda c: fashion_listing(c, 'basics', BASICS)),
    (25, 'cat_ladies', lambda c: fashion_listing(c, 'outdoor', OUTDOOR)),
    (90, 'cat_ladies', bag_listing),
    (40, 'cat_ladies', jewelry_listing),
    (45, 'cat_ladies', sneaker_listing),
    (10, 'cat_ladies', watch_listing),
    (90, 'cat_mens', lambda c: fashion_listing(c, 'street', STREET)),
    (50, 'cat_mens', lambda c: fashion_listing(c, 'designer', DESIGNER)),
    (60, 'cat_mens', lambda c: fashion_listing(c, 'basics', BASICS)),
    (50, 'cat_mens', lambda c: fashion_listing(c, 'outdoor', OUTDOOR)),
    (130, 'cat_mens', sneaker_listing),
    (40, 'cat_mens', watch_listing),
    (35, 'cat_mens', bag_listing),
    (15, 'cat_mens', jewelry_listing),
    (230, 'cat_baby_kids', kids_listing),
    (150, 'cat_books_music_games', manga_listing),
    (70, 'cat_books_music_games', book_listing),
    (70, 'cat_books_music_games', disc_listing),
    (150, 'cat_books_music_games', game_listing),
    (130, 'cat_toys_hobby_goods', card_listing),
    (140, 'cat_toys_hobby_goods', hobby_listing),
    (240, 'cat_cosmetics_beauty', cosmetics_listing),
    (250, 'cat_electronics', electronics_listing),
    (120, 'cat_interior_home', interior_listing),
    (130, 'cat_sports_leisure', sports_listing),
    (50, 'cat_handmade', handmade_listing),
    (70, 'cat_other', other_listing),
]


def top_level_categories():
    tops = set()
    with open(TREE_TSV, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            node, parent, entity = line.rstrip('\n').split('\t')
            if not parent:
                tops.add(entity)
    return tops


def generate(count):
    weights = [m[0] for m in MAKERS]
    seen = set()
    out = []
    attempts = 0
    while len(out) < count:
        attempts += 1
        if attempts > count * 20:
            sys.exit('generate_dev.py: too many duplicates; add more parts')
        _, category, maker = rng.choices(MAKERS, weights)[0]
        li = maker(category)
        title, desc = li.title(), li.description()
        if title in seen:
            continue
        seen.add(title)
        out.append({'id': f'dev-{len(out) + 1:05d}', 'category': li.category, 'title': title, 'description': desc})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=os.path.join(HERE, 'dev.jsonl'))
    ap.add_argument('--count', type=int, default=DEFAULT_COUNT)
    args = ap.parse_args()
    if MISSING:
        sys.exit('generate_dev.py: brands not in the lexicon: ' + ', '.join(sorted(MISSING)))
    tops = top_level_categories()
    rows = generate(args.count)
    for r in rows:
        assert r['category'] in tops, r
        assert len(r['title']) <= TITLE_MAX, r
    with open(args.out, 'w', encoding='utf-8', newline='\n') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    print(f'{args.out}: {len(rows)} listings', file=sys.stderr)


if __name__ == '__main__':
    main()
