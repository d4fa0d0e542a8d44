//! Swap under load (issue 15, item 4): 8 threads query one engine while another thread
//! swaps its dictionary every millisecond between two different valid builds, and tries
//! corrupt bytes in between, which must be refused. No query errs or panics, and every
//! answer is exactly the answer of one of the two dictionaries.
//!
//! Runs for `ICHIBA_SWAP_SECS` seconds (default 3; `scripts/test` sets 10, the issue's
//! figure).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use ichiba::format::HEADER_LEN;
use ichiba::{Dictionary, Engine, Field, Request, Suggestion};

use crate::tiny_bytes;

/// A second build: the tiny lexicon with its weights changed and words added, so that most
/// prefixes rank differently.
fn other_bytes() -> Vec<u8> {
    let tiny = include_str!("fixtures/tiny.tsv");
    let mut text = String::new();
    for line in tiny.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if line.starts_with('#') || cols.len() < 4 {
            text.push_str(line);
        } else {
            // Lighter words become heavier: the order inside every prefix turns around.
            let w: u32 = cols[3].parse().unwrap();
            let mut cols = cols.clone();
            let flipped = (10_000 - w.min(9_999)).to_string();
            cols[3] = &flipped;
            text.push_str(&cols.join("\t"));
        }
        text.push('\n');
    }
    text.push_str("シュプール\tしゅぷーる\titem\t9999\titem_spur\n");
    text.push_str("スニーク\tすにーく\titem\t8000\titem_sneak\n");
    text.push_str("ナイト\tないと\titem\t7000\titem_night\n");
    text.push_str("ルイス\tるいす\tbrand\t6000\tluis\n");
    let mut b = ichiba_build::Builder::new();
    b.add_source(std::path::Path::new("other.tsv"), text.as_bytes())
        .unwrap();
    let analyzer = ichiba::analysis::Analyzer::new().unwrap();
    b.build(Some(&analyzer)).unwrap().bytes
}

/// Requests over every prefix of the words of both builds, in the four fields.
fn requests() -> Vec<(String, Field)> {
    let words = [
        "しゅぷりーむ",
        "supreme",
        "しゅしゅ",
        "るいゔぃとん",
        "louis",
        "すにーかー",
        "すーつ",
        "しんぴん",
        "こうべ",
        "nike",
        "ないき",
        "しゅぷーる",
        "すにーく",
        "ないと",
        "るいす",
    ];
    let mut out = Vec::new();
    for w in words {
        let chars: Vec<char> = w.chars().collect();
        for n in 1..=chars.len() {
            let prefix: String = chars[..n].iter().collect();
            for field in [Field::Free, Field::Title, Field::Brand] {
                out.push((prefix.clone(), field));
            }
            out.push((format!("新品未使用の{prefix}"), Field::Description));
        }
    }
    out
}

fn answer(engine: &Engine, text: &str, field: Field) -> Vec<Suggestion> {
    engine
        .suggest(&Request::new(text).field(field))
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

#[test]
fn queries_under_swaps_answer_from_exactly_one_dictionary() {
    let secs: f64 = crate::env_or("ICHIBA_SWAP_SECS", 3.0);
    let a = tiny_bytes();
    let b = other_bytes();
    assert_ne!(a, b);

    // What each dictionary answers alone.
    let reqs = requests();
    let alone_a = Engine::new(Dictionary::from_vec(a.clone()).unwrap()).unwrap();
    let alone_b = Engine::new(Dictionary::from_vec(b.clone()).unwrap()).unwrap();
    let expected: Vec<(Vec<Suggestion>, Vec<Suggestion>)> = reqs
        .iter()
        .map(|(t, f)| (answer(&alone_a, t, *f), answer(&alone_b, t, *f)))
        .collect();
    let differing = expected.iter().filter(|(x, y)| x != y).count();
    assert!(
        differing * 2 > reqs.len(),
        "only {differing} of {} requests tell the two builds apart",
        reqs.len()
    );

    // Bytes that must be refused: a flipped body byte (stale checksum), a truncation, and
    // the crafted files of issue 15 (checksums valid, fsts broken).
    let mut corrupt = Vec::new();
    let mut flipped = a.clone();
    flipped[HEADER_LEN + 40] ^= 0x55;
    corrupt.push(flipped);
    corrupt.push(b[..b.len() - 9].to_vec());
    let crafted = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crafted");
    for entry in std::fs::read_dir(crafted).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "ichiba") {
            corrupt.push(std::fs::read(path).unwrap());
        }
    }

    let engine = Arc::new(Engine::new(Dictionary::from_vec(a.clone()).unwrap()).unwrap());
    let expected = Arc::new(expected);
    let reqs = Arc::new(reqs);
    let stop = Arc::new(AtomicBool::new(false));
    let start = Arc::new(Barrier::new(9));
    let queries = Arc::new(AtomicUsize::new(0));

    let workers: Vec<_> = (0..8)
        .map(|t| {
            let (engine, expected, reqs, stop, start, queries) = (
                engine.clone(),
                expected.clone(),
                reqs.clone(),
                stop.clone(),
                start.clone(),
                queries.clone(),
            );
            std::thread::spawn(move || {
                start.wait();
                // (answers equal to A only, equal to B only, equal to both)
                let mut seen = (0usize, 0usize, 0usize);
                let mut wrong = HashMap::new();
                let mut i = t * 7;
                while !stop.load(Ordering::Relaxed) {
                    let k = i % reqs.len();
                    let (text, field) = &reqs[k];
                    let got = answer(&engine, text, *field);
                    let (ea, eb) = &expected[k];
                    match (got == *ea, got == *eb) {
                        (true, false) => seen.0 += 1,
                        (false, true) => seen.1 += 1,
                        (true, true) => seen.2 += 1,
                        (false, false) => {
                            wrong.entry(k).or_insert(got);
                        }
                    }
                    queries.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
                (seen, wrong)
            })
        })
        .collect();

    start.wait();
    let began = Instant::now();
    let (mut swaps, mut refused) = (0usize, 0usize);
    while began.elapsed().as_secs_f64() < secs {
        let next = if swaps % 2 == 0 { &b } else { &a };
        engine
            .swap_bytes(next.clone())
            .expect("a valid build swaps in");
        swaps += 1;
        if swaps % 5 == 0 {
            let bad = &corrupt[refused % corrupt.len()];
            let before = engine.dictionary();
            assert!(
                engine.swap_bytes(bad.clone()).is_err(),
                "corrupt bytes accepted"
            );
            assert!(
                Arc::ptr_eq(&before, &engine.dictionary()),
                "a refused swap changed the dictionary"
            );
            refused += 1;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    stop.store(true, Ordering::Relaxed);

    let (mut only_a, mut only_b, mut both) = (0, 0, 0);
    let mut wrong = HashMap::new();
    for w in workers {
        let (seen, w) = w.join().expect("a query thread panicked");
        only_a += seen.0;
        only_b += seen.1;
        both += seen.2;
        wrong.extend(w);
    }
    let total = queries.load(Ordering::Relaxed);
    eprintln!(
        "swap under load: {secs} s, {swaps} swaps, {refused} corrupt refused, {total} queries \
         ({only_a} answered as A alone, {only_b} as B alone, {both} as both)"
    );
    assert!(
        wrong.is_empty(),
        "{} requests answered as neither dictionary, e.g. {:?}",
        wrong.len(),
        wrong.iter().next().map(|(k, got)| (&reqs[*k], got))
    );
    assert!(swaps >= 100, "only {swaps} swaps");
    assert!(
        only_a > 0 && only_b > 0,
        "the queries saw one dictionary only"
    );
}
