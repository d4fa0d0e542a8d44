//! Suggestion latency, against the stream-and-sort baseline, on a dictionary of ≥ 500k
//! entries; plus open time, build time and bytes per entry.
//!
//! The large dictionary is synthetic by default: `ICHIBA_BENCH_ENTRIES` (default 600,000)
//! kana words with Zipf-distributed weights, half with katakana surfaces and half with kanji
//! surfaces, generated from a fixed seed. Set `ICHIBA_BENCH_TSV=path.tsv` to bench a real
//! lexicon instead (for example the Mozc import). Besides criterion's groups, the bench
//! prints a latency table (median and p99 over 2,000 random prefixes per length) to stderr.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ichiba::dictionary::{Bytes, KeySpace, Scratch};
use ichiba::{Dictionary, Engine, Kind, Request};
use ichiba_build::{Builder, LexiconEntry, Origin};

const PREFIXES_PER_LEN: usize = 2000;
const LENGTHS: [usize; 4] = [1, 2, 3, 5];

/// SplitMix64: a tiny deterministic generator, enough for synthetic words.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Index in 0..n, skewed towards small indices (roughly Zipf).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) - 1.0) as usize % n
    }
}

const SYLLABLES: &[&str] = &[
    "か",
    "し",
    "い",
    "う",
    "と",
    "こ",
    "た",
    "な",
    "の",
    "き",
    "ん",
    "ま",
    "す",
    "せ",
    "て",
    "に",
    "る",
    "り",
    "ら",
    "さ",
    "く",
    "け",
    "つ",
    "あ",
    "お",
    "え",
    "は",
    "ひ",
    "ふ",
    "へ",
    "ほ",
    "み",
    "む",
    "め",
    "も",
    "や",
    "ゆ",
    "よ",
    "れ",
    "ろ",
    "わ",
    "が",
    "ぎ",
    "ぐ",
    "げ",
    "ご",
    "ざ",
    "じ",
    "ず",
    "ぜ",
    "ぞ",
    "だ",
    "で",
    "ど",
    "ば",
    "び",
    "ぶ",
    "べ",
    "ぼ",
    "ぱ",
    "ぴ",
    "ぷ",
    "ぺ",
    "ぽ",
    "しゃ",
    "しゅ",
    "しょ",
    "きゃ",
    "きゅ",
    "きょ",
    "ちゃ",
    "ちゅ",
    "ちょ",
    "りょ",
    "じょ",
    "ー",
    "っ",
    "ね",
    "ぬ",
    "そ",
    "ち",
    "ゆう",
    "こう",
    "しょう",
];

fn synthetic(n: usize) -> Builder {
    let mut rng = Rng(0x1c41_ba00);
    let mut builder = Builder::new();
    let mut seen = std::collections::HashSet::new();
    let origin = Origin {
        path: std::path::Path::new("synthetic").into(),
        line: 0,
    };
    while seen.len() < n {
        let len = 2 + rng.below(6);
        let mut reading = String::new();
        for _ in 0..len {
            reading.push_str(SYLLABLES[rng.skewed(SYLLABLES.len())]);
        }
        if reading.starts_with('ー') || reading.starts_with('っ') || reading.starts_with('ん') {
            continue;
        }
        let surface = if rng.below(2) == 0 {
            ichiba::text::kana::to_katakana(&reading)
        } else {
            (0..1 + rng.below(3))
                .map(|_| char::from_u32(0x4e00 + rng.below(3000) as u32).unwrap())
                .collect()
        };
        if !seen.insert((surface.clone(), reading.clone())) {
            continue;
        }
        let rank = seen.len();
        builder.push(LexiconEntry {
            surface,
            reading: Some(reading),
            kind: Kind::Item,
            weight: (1_000_000.0 / (rank as f64).powf(0.8)) as u32 + rng.below(50) as u32,
            entity: None,
            blocked: None,
            categories: Vec::new(),
            origin: origin.clone(),
        });
    }
    builder
}

struct Big {
    bytes: Vec<u8>,
    dict: Dictionary<Bytes>,
    build_time: Duration,
    what: String,
}

fn big() -> Big {
    let started = Instant::now();
    let (builder, what) = match std::env::var_os("ICHIBA_BENCH_TSV") {
        Some(path) => {
            let mut b = Builder::new();
            b.add_file(Path::new(&path)).expect("ICHIBA_BENCH_TSV");
            let what = format!("{} ({} rows)", Path::new(&path).display(), b.len());
            (b, what)
        }
        None => {
            let n = std::env::var("ICHIBA_BENCH_ENTRIES")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(600_000);
            (synthetic(n), format!("synthetic, {n} entries"))
        }
    };
    let gen_time = started.elapsed();
    let started = Instant::now();
    let built = builder.build(None).expect("build");
    let build_time = started.elapsed();
    eprintln!("bench dictionary: {what}; generated in {gen_time:.2?}, built in {build_time:.2?}");
    let bytes = built.bytes;
    let dict = Dictionary::from_vec(bytes.clone()).unwrap();
    Big {
        bytes,
        dict,
        build_time,
        what,
    }
}

/// Random prefixes of `chars` characters of the dictionary's own readings.
fn prefixes(dict: &Dictionary<Bytes>, chars: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(PREFIXES_PER_LEN);
    while out.len() < PREFIXES_PER_LEN {
        let e = dict.entry(rng.below(dict.len()) as u32).unwrap();
        let reading: String = e.reading.chars().take(chars).collect();
        if reading.chars().count() == chars {
            out.push(reading);
        }
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Per-prefix latency (mean of `reps` runs each), then median and p99 across prefixes.
fn distribution(
    prefixes: &[String],
    reps: u32,
    mut f: impl FnMut(&str) -> usize,
) -> (Duration, Duration) {
    let mut times: Vec<Duration> = prefixes
        .iter()
        .map(|p| {
            let t = Instant::now();
            for _ in 0..reps {
                black_box(f(p));
            }
            t.elapsed() / reps
        })
        .collect();
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

fn bench(c: &mut Criterion) {
    let big = big();
    let dict = &big.dict;
    let mut scratch = Scratch::default();

    // The table for the README, printed once.
    eprintln!(
        "\n| prefix | top-k median / p99 | stream+sort median / p99 | ratio of medians |\n|---|---|---|---|"
    );
    for len in LENGTHS {
        let ps = prefixes(dict, len, len as u64);
        let mut hits = Vec::new();
        let (tm, tp) = distribution(&ps, 50, |p| {
            hits.clear();
            dict.top_k(KeySpace::Reading, p, 10, &mut scratch, &mut hits);
            hits.len()
        });
        let reps = if len == 1 { 1 } else { 5 };
        let (sm, sp) = distribution(&ps, reps, |p| {
            dict.top_k_by_streaming(KeySpace::Reading, p, 10).len()
        });
        eprintln!(
            "| {len} kana | {tm:.2?} / {tp:.2?} | {sm:.2?} / {sp:.2?} | {:.0}× |",
            sm.as_secs_f64() / tm.as_secs_f64()
        );
    }
    let size = big.bytes.len();
    eprintln!(
        "\nartifact: {size} bytes, {:.1} bytes/entry ({}); build {:.2?}",
        size as f64 / dict.len() as f64,
        big.what,
        big.build_time
    );
    for (name, len) in dict.section_sizes() {
        eprintln!(
            "  {name:<18} {:>6.2} bytes/entry",
            len as f64 / dict.len() as f64
        );
    }

    for len in LENGTHS {
        let ps = prefixes(dict, len, 100 + len as u64);
        let mut group = c.benchmark_group(format!("suggest/prefix_len_{len}"));
        let mut i = 0;
        let mut hits = Vec::new();
        group.bench_function("top_k", |b| {
            b.iter(|| {
                i = (i + 1) % ps.len();
                hits.clear();
                dict.top_k(KeySpace::Reading, &ps[i], 10, &mut scratch, &mut hits);
                // Every prefix comes from a real key: it must find something.
                assert!(!hits.is_empty());
                hits.len()
            })
        });
        if len > 1 {
            group.sample_size(20);
        } else {
            group.sample_size(10);
        }
        group.bench_function("stream_and_sort", |b| {
            b.iter(|| {
                i = (i + 1) % ps.len();
                let hits = dict.top_k_by_streaming(KeySpace::Reading, &ps[i], 10);
                assert!(!hits.is_empty());
                hits.len()
            })
        });
        group.finish();
    }

    // What an app does at start with bytes compiled into it: header checksum, section
    // bounds, fst headers; no body pass, no fst walk.
    let compiled: &'static [u8] = Box::leak(big.bytes.clone().into_boxed_slice());
    c.bench_function("open/header_check", |b| {
        b.iter(|| Dictionary::from_static(black_box(compiled)).unwrap().len())
    });
    // Bytes checked once by sha256 from a manifest: every fst node, no body checksum.
    c.bench_function("open/trusted_fst_check", |b| {
        b.iter(|| {
            Dictionary::from_trusted_bytes(black_box(big.bytes.as_slice()))
                .unwrap()
                .len()
        })
    });
    c.bench_function("open/check_header_and_checksum", |b| {
        b.iter(|| {
            Dictionary::from_bytes(black_box(big.bytes.as_slice()))
                .unwrap()
                .len()
        })
    });

    // The full check on the embedded default (~50k entries): mostly the fst node check.
    c.bench_function("open/from_bytes_default", |b| {
        b.iter(|| {
            Dictionary::from_bytes(black_box(ichiba::dictionary::DEFAULT_BYTES))
                .unwrap()
                .len()
        })
    });

    // `Dictionary::open`: memory-map a file, then the same full check.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ichiba");
    std::fs::write(&path, &big.bytes).unwrap();
    c.bench_function("open/map_and_checksum", |b| {
        b.iter(|| Dictionary::open(black_box(&path)).unwrap().len())
    });

    // End to end per keystroke on the embedded default: normalize, analyze, look up, rank.
    let engine = Engine::embedded().unwrap();
    let typed = [
        "し",
        "しゅ",
        "しゅぷ",
        "ナイキのすに",
        "新品未使",
        "sup",
        "shupu",
        "るいゔぃ",
        "ｼｭﾌﾟ",
        "とても綺麗な状態のわんぴ",
    ];
    let mut group = c.benchmark_group("engine/suggest_default");
    for t in typed {
        group.bench_function(t, |b| {
            b.iter(|| engine.suggest(&Request::new(black_box(t))).unwrap().len())
        });
    }
    group.finish();
    // Typo correction's cost: the same keystrokes with it on (the default) and off.
    for typos in [true, false] {
        let name = if typos { "typos_on" } else { "typos_off" };
        let mut group = c.benchmark_group(format!("engine/{name}"));
        for t in ["しゅぷ", "ないく", "ばれんしあか", "すにーかー", "nikw"] {
            group.bench_function(t, |b| {
                b.iter(|| {
                    let req = Request::new(black_box(t)).typos(typos);
                    engine.suggest(&req).unwrap().len()
                })
            });
        }
        group.finish();
    }
    let engine = Engine::new(Dictionary::from_vec(big.bytes.clone()).unwrap()).unwrap();
    let mut group = c.benchmark_group("engine/suggest_big");
    for t in ["し", "しゅ", "かんこう", "とても綺麗な状態のしょう"] {
        group.bench_function(t, |b| {
            b.iter(|| engine.suggest(&Request::new(black_box(t))).unwrap().len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
