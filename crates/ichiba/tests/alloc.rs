//! A keystroke allocates nothing in the steady state: a counting global allocator (this
//! binary's own, hence a test file of its own) watches `Engine::suggest_into` over a
//! realistic mix of inputs after warm-up.
#![cfg(all(feature = "embedded-dictionary", feature = "analysis"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use ichiba::{Engine, Field, Request, Suggestion, Worker};

/// Counts the allocations (and reallocations) of the thread that switched counting on.
struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn note() {
    // `try_with`: a thread being torn down has no locals left, and is not counted.
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let _ = COUNT.try_with(|n| n.set(n.get() + 1));
        }
    });
}

// SAFETY: every call is forwarded to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations made by this thread while running `f`.
fn allocations(f: impl FnOnce()) -> usize {
    COUNT.with(|n| n.set(0));
    COUNTING.with(|on| on.set(true));
    f();
    COUNTING.with(|on| on.set(false));
    COUNT.with(|n| n.get())
}

/// What a seller types: kana, romaji, Latin, kanji, half-width, numbers with units, text
/// before the cursor, a word typed out (next words), typos, each field.
fn mix() -> Vec<Request<'static>> {
    let at_end = [
        "し",
        "しゅぷ",
        "すにーかー",
        "るいゔぃ",
        "shupu",
        "sup",
        "ky",
        "nike",
        "nintendo sw",
        "the north f",
        "iphone 1",
        "ｼｭﾌﾟ",
        "新品未使",
        "電子ピアノかばー",
        "ナイキのすに",
        "とても綺麗な状態のわんぴ",
        "ナイキ ",
        "着丈65",
        "3000",
        "26.5",
        "ないく",
        "ぐっちぃ",
        "adidsa",
        "👍🏽",
        "",
        "美品、しゅぷ",
    ];
    let mut mix: Vec<Request<'static>> = at_end.iter().map(|t| Request::new(t)).collect();
    let text = "ナイキ すにーかー 27cm 美品です";
    mix.push(Request::new(text).cursor("ナイキ すに".len()));
    mix.push(Request::new("しゅぷりーむ").field(Field::Brand).top_k(5));
    mix.push(
        Request::new("しんぴんみ")
            .field(Field::Description)
            .top_k(20),
    );
    mix.push(Request::new("しゅぷ").field(Field::Title).typos(false));
    mix.push(Request::new("ないく").top_k(3));
    mix
}

#[test]
fn a_keystroke_allocates_nothing_after_warm_up() {
    let engine = Engine::embedded().unwrap();
    // A learned word or two, so ranking reads the history too.
    for text in ["しゅぷ", "すにーかー"] {
        let first = engine.suggest(&Request::new(text)).unwrap().remove(0);
        engine.record_acceptance(&first).unwrap();
    }
    let mix = mix();
    let expected: Vec<Vec<Suggestion>> = mix.iter().map(|r| engine.suggest(r).unwrap()).collect();
    let mut out: Vec<Suggestion> = Vec::new();
    for _ in 0..3 {
        for req in &mix {
            engine.suggest_into(req, &mut out).unwrap();
        }
    }
    let mut report = Vec::new();
    let mut total = 0;
    for (req, expected) in mix.iter().zip(&expected) {
        let n = allocations(|| engine.suggest_into(req, &mut out).unwrap());
        // The answers are real: the same as a fresh `suggest`.
        assert_eq!(&out, expected, "{:?}", req.text);
        if n > 0 {
            report.push(format!("{:?} @ {}: {n}", req.text, req.cursor));
        }
        total += n;
    }
    assert_eq!(
        total, 0,
        "allocations per keystroke after warm-up: {report:?}"
    );
}

#[test]
fn a_kept_worker_allocates_nothing_either() {
    let engine = Engine::embedded().unwrap();
    let mut worker = Worker::new();
    let mut out = Vec::new();
    let mix = mix();
    for _ in 0..3 {
        for req in &mix {
            engine.suggest_with(&mut worker, req, &mut out).unwrap();
        }
    }
    let n = allocations(|| {
        for req in &mix {
            engine.suggest_with(&mut worker, req, &mut out).unwrap();
        }
    });
    assert_eq!(n, 0);
}

#[test]
fn the_counter_sees_allocations() {
    // The test above can fail: what allocates is counted.
    let n = allocations(|| {
        let v: Vec<u8> = std::hint::black_box(Vec::with_capacity(8));
        drop(v);
    });
    assert_eq!(n, 1);
    let engine = Engine::embedded().unwrap();
    let fresh = allocations(|| {
        engine.suggest(&Request::new("しゅぷ")).unwrap();
    });
    assert!(
        fresh > 0,
        "a fresh answer's vector and strings are allocated"
    );
}
