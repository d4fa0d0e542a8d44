//! Bounded work (issue 15 item 6, docs/robustness.md §6): the time of every single
//! `Engine::suggest` request over the fuzz corpora and a 1 MB input, reported as median and
//! maximum. A measurement, not a test: nothing here asserts a time.
//!
//! ```text
//! cargo run --release -p ichiba --example bounded_work             # every request, timed
//! cargo run --release -p ichiba --example bounded_work -- --list   # the request labels
//! # instructions of one request (valgrind): run it R times and 1 time, divide the difference
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/bounded_work --only 'mb-1/end/title' --repeat 11
//! ```
//!
//! Requests: every file of the text-shaped fuzz corpora (`fuzz/corpus/{suggest,romaji,
//! lexicon,facets,experiment_config,manifest,event_log}`, decoded as the fuzz targets do:
//! lossy UTF-8), and a 1 MB text that mixes kana, kanji, Latin, digits, emoji (with skin
//! tones, ZWJ sequences, flags), combining marks, spaces and control characters, from a
//! fixed seed. Each text is asked with the cursor at the end and in the middle, in the four
//! fields, typos on. Each request runs `RUNS` times after one warm-up call; its time is the
//! fastest run (the machine is shared, so slower runs measure the neighbours), and the
//! slowest single run of all is reported too.

use std::path::Path;
use std::time::{Duration, Instant};

use ichiba::{Engine, Field, Request};

const RUNS: usize = 5;
const CORPORA: [&str; 7] = [
    "suggest",
    "romaji",
    "lexicon",
    "facets",
    "experiment_config",
    "manifest",
    "event_log",
];
const FIELDS: [(Field, &str); 4] = [
    (Field::Title, "title"),
    (Field::Description, "description"),
    (Field::Brand, "brand"),
    (Field::Free, "free"),
];

/// A text and a label for it.
struct Text {
    label: String,
    text: String,
}

fn texts() -> Vec<Text> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    let mut out = Vec::new();
    for corpus in CORPORA {
        let mut files: Vec<_> = std::fs::read_dir(root.join(corpus))
            .unwrap_or_else(|e| panic!("{}: {e}", root.join(corpus).display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            out.push(Text {
                label: format!("{corpus}:{}", f.file_name().unwrap().to_string_lossy()),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
    }
    out.push(Text {
        label: "mb-1".into(),
        text: megabyte(0x9e37_79b9_7f4a_7c15),
    });
    out
}

/// About 1 MiB of mixed text from `seed` (xorshift64*).
fn megabyte(mut seed: u64) -> String {
    let mut next = move || {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        seed.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    const PIECES: &[&str] = &[
        "👍🏽",
        "👨‍👩‍👧‍👦",
        "🇯🇵",
        "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
        "❤️",
        "\u{3099}",
        "\u{301}",
        "\u{0}",
        "\u{7}",
        "\u{1b}",
        "\r\n",
        "\t",
        " ",
        "　",
        "。",
        "・",
        "ー",
    ];
    let mut s = String::with_capacity(1 << 20 | 64);
    while s.len() < 1 << 20 {
        let r = next();
        let c = match r % 10 {
            // hiragana, katakana, CJK, Latin letters, digits, full-width Latin
            0 | 1 => char::from_u32(0x3041 + (r >> 8) as u32 % 86),
            2 => char::from_u32(0x30a1 + (r >> 8) as u32 % 90),
            3 => char::from_u32(0x4e00 + (r >> 8) as u32 % 20_992),
            4 | 5 => char::from_u32(b'a' as u32 + (r >> 8) as u32 % 26),
            6 => char::from_u32(b'0' as u32 + (r >> 8) as u32 % 10),
            7 => char::from_u32(0xff21 + (r >> 8) as u32 % 26),
            _ => {
                s.push_str(PIECES[(r >> 8) as usize % PIECES.len()]);
                None
            }
        };
        if let Some(c) = c {
            s.push(c);
        }
    }
    s
}

/// A request: text, cursor, field.
struct Case<'a> {
    label: String,
    text: &'a str,
    cursor: usize,
    field: Field,
}

fn cases(texts: &[Text]) -> Vec<Case<'_>> {
    let mut out = Vec::new();
    for t in texts {
        let mut middle = t.text.len() / 2;
        while !t.text.is_char_boundary(middle) {
            middle -= 1;
        }
        for (where_, cursor) in [("end", t.text.len()), ("middle", middle)] {
            for (field, name) in FIELDS {
                out.push(Case {
                    label: format!("{}/{where_}/{name}", t.label),
                    text: &t.text,
                    cursor,
                    field,
                });
            }
        }
    }
    out
}

fn run(engine: &Engine, case: &Case<'_>) -> usize {
    let req = Request::new(case.text)
        .cursor(case.cursor)
        .field(case.field)
        .typos(true);
    // Errors count as answers (a cursor the engine refuses is still one request's work).
    engine.suggest(&req).map_or(0, |s| s.len())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut only, mut repeat, mut list) = (None, 1usize, false);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--only" => only = args.next(),
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|r| r.parse().ok())
                    .expect("--repeat N")
            }
            "--list" => list = true,
            other => panic!("unknown argument {other:?} (--only LABEL --repeat N | --list)"),
        }
    }
    let engine = Engine::embedded().expect("the embedded dictionary opens");
    let texts = texts();
    let cases = cases(&texts);
    if list {
        for c in &cases {
            println!("{}\t{} bytes\tcursor {}", c.label, c.text.len(), c.cursor);
        }
        return;
    }
    if let Some(only) = only {
        // For callgrind: one request, `repeat` times, nothing else but the setup.
        let case = cases
            .iter()
            .find(|c| c.label == only)
            .unwrap_or_else(|| panic!("no request {only:?} (--list)"));
        let mut n = 0;
        for _ in 0..repeat {
            n += run(&engine, case);
        }
        println!("{only}: {repeat} runs, {n} suggestions");
        return;
    }

    let mut best: Vec<(Duration, &str)> = Vec::with_capacity(cases.len());
    let mut slowest_single = (Duration::ZERO, "");
    for c in &cases {
        run(&engine, c);
        let mut fastest = Duration::MAX;
        for _ in 0..RUNS {
            let t = Instant::now();
            std::hint::black_box(run(&engine, c));
            let d = t.elapsed();
            fastest = fastest.min(d);
            if d > slowest_single.0 {
                slowest_single = (d, &c.label);
            }
        }
        best.push((fastest, &c.label));
    }
    best.sort();
    let median = best[best.len() / 2];
    let max = best[best.len() - 1];
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "{} requests ({} texts × cursor end/middle × 4 fields), fastest of {RUNS} runs each",
        cases.len(),
        texts.len()
    );
    println!("median {:.1} µs ({})", us(median.0), median.1);
    println!(
        "max    {:.1} µs ({}), {:.1}× the median",
        us(max.0),
        max.1,
        max.0.as_secs_f64() / median.0.as_secs_f64()
    );
    println!(
        "slowest single run {:.1} µs ({})",
        us(slowest_single.0),
        slowest_single.1
    );
    println!("the ten slowest:");
    for (d, label) in best.iter().rev().take(10) {
        println!("  {:>9.1} µs  {label}", us(*d));
    }
    let mb: Vec<_> = best
        .iter()
        .filter(|(_, l)| l.starts_with("mb-1/"))
        .collect();
    for (d, label) in mb {
        println!(
            "  1 MB: {:>9.1} µs  {label} ({:.1}× the median)",
            us(*d),
            d.as_secs_f64() / median.0.as_secs_f64()
        );
    }
}
