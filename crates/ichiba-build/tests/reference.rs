//! Every lookup answers the same as a brute-force reference over the same entries.
//!
//! Random small dictionaries (kana readings from a small alphabet so that keys share
//! prefixes, homographs in both key spaces, surfaces in katakana, hiragana, kanji, Latin and
//! mixes, tied and untied weights, all kinds, shared entities) go through the real
//! [`Builder`] and are opened through the real format ([`Dictionary::from_vec`], every check
//! on). Then random prefixes — empty, one character, prefixes of real keys, strings no key
//! starts with, characters no reading can hold — are looked up with [`Dictionary::top_k`],
//! [`Dictionary::top_k_of`] and [`Dictionary::keys_prefixing`] in both key spaces, and each
//! answer is compared with a scan over the rows themselves.
//!
//! The reference knows only the documented contract: entries are ranked by weight, heaviest
//! first, ties by (reading, surface, kind, source line); a reading key is the row's reading;
//! a surface key is the folded surface when that is not the reading; `top_k` gives the `k`
//! best entries whose key starts with the prefix, each marked exact when its whole key is the
//! prefix, then the exact matches beyond the `k` best (in no promised order: compared as a
//! sorted list).
//!
//! The cases are seeded: `ICHIBA_REFERENCE_CASES` sets how many dictionaries (default 1,000),
//! `ICHIBA_REFERENCE_SEED` the first seed; a failure names the seed that reproduces it.

use std::collections::HashSet;
use std::path::Path;

use ichiba::Dictionary;
use ichiba::dictionary::{Hit, KeySpace, Kind, Scratch};
use ichiba::format::MAX_WEIGHT;
use ichiba::text::fold;
use ichiba_build::{Builder, LexiconEntry, Origin};

/// splitmix64: a small, seeded, reproducible generator (no dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Reading characters: few, so that keys share one- and two-character prefixes (and so
/// reach the precomputed top lists). No `ゔ` (it adds variant rows) and no `ぴ` (no
/// `こぴー`: the counterfeit rule would block rows).
const KANA: &[char] = &[
    'あ', 'い', 'う', 'か', 'き', 'し', 'ゅ', 'ん', 'ー', 'ぶ', 'ぱ', '1',
];
/// Kanji for kanji surfaces (all in the char table, or not, as the builder decides).
const KANJI: &[char] = &['財', '布', '新', '品', '未', '使', '用', '靴', '鞄'];
/// Latin letters (no `c`, `f`, `y`: no `copy`, `fake`, `replica`).
const LATIN: &[char] = &['a', 'b', 'N', 'i', 'K', 'e', 's', 'U', 'p', 'r', '2'];

fn word(rng: &mut Rng, alphabet: &[char], max: usize) -> String {
    let len = 1 + rng.below(max);
    (0..len).map(|_| rng.pick(alphabet)).collect()
}

/// The katakana of a hiragana reading (`ー` and digits as they are).
fn katakana(reading: &str) -> String {
    reading
        .chars()
        .map(|c| match c {
            'ぁ'..='ゖ' => char::from_u32(u32::from(c) + 0x60).unwrap(),
            _ => c,
        })
        .collect()
}

/// One random row (`line` is its source line, which breaks the last ties).
fn random_row(rng: &mut Rng, line: usize, entities: usize) -> LexiconEntry {
    let mut reading = word(rng, KANA, 6);
    if rng.chance(30) {
        // A crowded first character (and often second): prefixes with top lists.
        reading.insert_str(0, if rng.chance(50) { "しゅ" } else { "し" });
    }
    let (surface, reading) = match rng.below(8) {
        0 | 1 => (katakana(&reading), Some(reading)),
        2 => (reading.clone(), Some(reading)),
        3 => (word(rng, KANJI, 3), Some(reading)),
        4 => (word(rng, LATIN, 5), None),
        5 => (word(rng, LATIN, 4), Some(reading)),
        6 => (format!("T{}", katakana(&reading)), Some(reading)),
        // Katakana read as some other reading.
        _ => (katakana(&word(rng, KANA, 4)), Some(reading)),
    };
    let weight = match rng.below(4) {
        0 => rng.below(MAX_WEIGHT as usize + 1) as u32,
        _ => 1 + rng.below(6) as u32,
    };
    LexiconEntry {
        surface,
        reading,
        kind: rng.pick(&Kind::ALL),
        weight,
        entity: rng
            .chance(15)
            .then(|| format!("e{}", rng.below(entities.max(1)))),
        blocked: None,
        categories: Vec::new(),
        origin: Origin {
            path: Path::new("reference.tsv").into(),
            line,
        },
    }
}

/// What a row is as an entry: its reading (the folded surface when it has none).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    surface: String,
    reading: String,
    given_reading: Option<String>,
    kind: Kind,
    weight: u32,
    entity: String,
}

/// The key of `e` in `space`, owned (`None`: the entry has no key there).
fn key_of(e: &Expected, space: KeySpace) -> Option<String> {
    match space {
        KeySpace::Reading => e.given_reading.clone(),
        KeySpace::Surface => {
            let folded = fold(&e.surface);
            (e.given_reading.as_deref() != Some(folded.as_str())).then_some(folded)
        }
    }
}

/// The rows in entry order: heaviest first, then reading, surface, kind and line.
fn ranked(rows: &[LexiconEntry]) -> Vec<Expected> {
    let mut order: Vec<&LexiconEntry> = rows.iter().collect();
    order.sort_by(|a, b| {
        let key = |r: &LexiconEntry| r.reading.clone().unwrap_or_else(|| fold(&r.surface));
        b.weight
            .cmp(&a.weight)
            .then_with(|| key(a).cmp(&key(b)))
            .then_with(|| a.surface.cmp(&b.surface))
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.origin.line.cmp(&b.origin.line))
    });
    order
        .into_iter()
        .map(|r| Expected {
            surface: r.surface.clone(),
            reading: r.reading.clone().unwrap_or_else(|| fold(&r.surface)),
            given_reading: r.reading.clone(),
            kind: r.kind,
            weight: r.weight,
            entity: r.entity.clone().unwrap_or_else(|| r.surface.clone()),
        })
        .collect()
}

/// The brute-force `top_k_of`: the `k` best entries (of kind `only`) whose key starts with
/// `prefix`, then the exact matches past them, sorted.
fn reference_top_k(
    entries: &[Expected],
    keys: &[Option<String>],
    space: KeySpace,
    prefix: &str,
    k: usize,
    only: Option<Kind>,
) -> Vec<Hit> {
    if prefix.is_empty() || k == 0 {
        return Vec::new();
    }
    let matching: Vec<(u32, bool)> = keys
        .iter()
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|kind| entries[*i].kind == kind))
        .filter_map(|(i, key)| {
            let key = key.as_deref()?;
            key.starts_with(prefix).then_some((i as u32, key == prefix))
        })
        .collect();
    let hit = |(entry, exact): (u32, bool)| Hit {
        entry,
        weight: entries[entry as usize].weight,
        exact,
        space,
    };
    let mut out: Vec<Hit> = matching.iter().take(k).map(|&m| hit(m)).collect();
    out.extend(matching.iter().skip(k).filter(|m| m.1).map(|&m| hit(m)));
    out
}

/// The brute-force `keys_prefixing`: every entry whose whole key is a prefix of `text`
/// (ending at a character boundary), with that prefix's length in bytes; sorted.
fn reference_prefixing(keys: &[Option<String>], text: &str) -> Vec<(u32, usize)> {
    let mut out = Vec::new();
    for (end, c) in text.char_indices() {
        let end = end + c.len_utf8();
        for (i, key) in keys.iter().enumerate() {
            if key.as_deref() == Some(&text[..end]) {
                out.push((i as u32, end));
            }
        }
    }
    out.sort_unstable();
    out
}

/// A random lookup key for `space`: mostly prefixes of real keys, sometimes empty, one
/// character, random text, or a character the space cannot hold.
fn random_prefix(rng: &mut Rng, keys: &[Option<String>]) -> String {
    let real: Vec<&str> = keys.iter().filter_map(|k| k.as_deref()).collect();
    match rng.below(10) {
        0 => String::new(),
        1 => rng.pick(KANA).to_string(),
        2 => word(rng, KANA, 7),
        3 => word(rng, LATIN, 4).to_lowercase(),
        4 => format!("{}カ", word(rng, KANA, 2)),
        _ if real.is_empty() => word(rng, KANA, 3),
        _ => {
            let key = rng.pick(&real);
            let chars: Vec<char> = key.chars().collect();
            let n = 1 + rng.below(chars.len());
            let mut p: String = chars[..n].iter().collect();
            if rng.chance(10) {
                p.push(rng.pick(KANA));
            }
            p
        }
    }
}

/// Builds one random dictionary from `seed` and checks every lookup on it.
fn check_case(seed: u64, queries: usize) {
    let mut rng = Rng(seed);
    let n = rng.below(300);
    let mut seen = HashSet::new();
    let mut rows = Vec::with_capacity(n);
    for line in 1..=n {
        let row = random_row(&mut rng, line, n / 8);
        if seen.insert((row.surface.clone(), row.reading.clone(), row.kind)) {
            rows.push(row);
        }
    }
    let mut builder = Builder::new();
    for r in &rows {
        builder.push(r.clone());
    }
    let built = builder
        .build(None)
        .unwrap_or_else(|e| panic!("seed {seed}: build failed: {e}"));
    let dict = Dictionary::from_vec(built.bytes)
        .unwrap_or_else(|e| panic!("seed {seed}: the built file does not open: {e}"));
    dict.validate()
        .unwrap_or_else(|e| panic!("seed {seed}: {e}"));

    // The entries themselves, in rank order, with every field the rows gave.
    let expected = ranked(&rows);
    assert_eq!(dict.len(), expected.len(), "seed {seed}: entry count");
    for (i, want) in expected.iter().enumerate() {
        let e = dict.entry(i as u32).unwrap();
        let got = Expected {
            surface: e.surface.to_string(),
            reading: e.reading.to_string(),
            given_reading: want.given_reading.clone(),
            kind: e.kind,
            weight: e.weight,
            entity: dict.entity_id(e.entity).unwrap().to_string(),
        };
        assert_eq!(&got, want, "seed {seed}: entry {i}");
        assert_eq!(e.flags, 0, "seed {seed}: entry {i} flags");
        assert_eq!(
            dict.weight(i as u32),
            want.weight,
            "seed {seed}: weight {i}"
        );
        assert_eq!(
            dict.kind(i as u32),
            Some(want.kind),
            "seed {seed}: kind {i}"
        );
    }

    let mut scratch = Scratch::default();
    for space in [KeySpace::Reading, KeySpace::Surface] {
        let keys: Vec<Option<String>> = expected.iter().map(|e| key_of(e, space)).collect();
        for _ in 0..queries {
            let prefix = random_prefix(&mut rng, &keys);
            let k = rng.pick(&[1, 2, 3, 5, 10, 32, 33, 40]);
            let only = rng.chance(25).then(|| rng.pick(&Kind::ALL));
            let mut got = Vec::new();
            dict.top_k_of(space, &prefix, k, only, &mut scratch, &mut got);
            let want = reference_top_k(&expected, &keys, space, &prefix, k, only);
            // The exact matches past the k best come in no promised order.
            let head = want.len().min(k).min(got.len());
            got[head..].sort_by_key(|h| h.entry);
            assert_eq!(
                got, want,
                "seed {seed}: top_k_of({space:?}, {prefix:?}, k = {k}, {only:?})"
            );
            if only.is_none() {
                let mut plain = Vec::new();
                dict.top_k(space, &prefix, k, &mut scratch, &mut plain);
                plain[head..].sort_by_key(|h| h.entry);
                assert_eq!(
                    plain, want,
                    "seed {seed}: top_k({space:?}, {prefix:?}, {k})"
                );
            }
            let mut got = Vec::new();
            dict.keys_prefixing(space, &prefix, &mut scratch, &mut got);
            got.sort_unstable();
            assert_eq!(
                got,
                reference_prefixing(&keys, &prefix),
                "seed {seed}: keys_prefixing({space:?}, {prefix:?})"
            );
        }
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn lookups_answer_as_a_brute_force_scan_does() {
    let cases = env_u64("ICHIBA_REFERENCE_CASES", 1000);
    let first = env_u64("ICHIBA_REFERENCE_SEED", 1);
    for seed in first..first + cases {
        check_case(seed, 60);
    }
}

#[test]
fn the_generator_reaches_the_interesting_shapes() {
    // The reference is only as good as what it is fed: check that the cases hold homographs
    // in both spaces, every surface shape, and prefixes with precomputed top lists.
    let mut homographs = [false; 2];
    let mut big_prefix = false;
    for seed in 1..=20 {
        let mut rng = Rng(seed);
        let n = rng.below(300);
        let rows: Vec<LexiconEntry> = (1..=n).map(|l| random_row(&mut rng, l, n / 8)).collect();
        let expected = ranked(&rows);
        for (s, space) in [KeySpace::Reading, KeySpace::Surface]
            .into_iter()
            .enumerate()
        {
            let keys: Vec<String> = expected.iter().filter_map(|e| key_of(e, space)).collect();
            let distinct: HashSet<&String> = keys.iter().collect();
            homographs[s] |= distinct.len() < keys.len();
            big_prefix |= keys.iter().filter(|k| k.starts_with("しゅ")).count() > 32;
        }
    }
    assert!(homographs[0] && homographs[1], "homographs in both spaces");
    assert!(big_prefix, "a two-character prefix with a top list");
}
