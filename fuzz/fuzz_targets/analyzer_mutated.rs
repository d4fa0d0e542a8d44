//! Structure-aware: up to 16 byte or u32 edits to the tiny valid analyzer file
//! (`fuzz/seeds/tiny.analyzer`), optionally a truncation, then its length and xxh3 in the
//! header recomputed as a crafted file would, so the fuzzer gets past them to the section
//! table and lindera's sections (trie, entries, matrix, character and unknown-word tables)
//! and the POS and reading tables. Whatever loads must segment and read without a panic;
//! one more text comes from the input.
#![no_main]

use ichiba::analysis::artifact::Section;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Edit {
    /// Where (modulo the file's length, or with `near` set modulo the length of all but
    /// the trie, which is most of the file: the header, section table and the small
    /// sections hold most of the structure).
    at: u32,
    near: bool,
    /// What to do there.
    op: Op,
}

#[derive(Debug, Arbitrary)]
enum Op {
    Set(u8),
    Xor(u8),
    Add(u8),
    /// A little-endian u32 written at the position (offsets, lengths, counts, ids).
    SetU32(u32),
    /// A little-endian u16 (context ids, costs).
    SetU16(u16),
}

#[derive(Debug, Arbitrary)]
struct Input {
    edits: Vec<Edit>,
    truncate: Option<u32>,
    fix_header: bool,
    probe: String,
}

/// Writes `v` at `at`, as far as the file goes.
fn put(bytes: &mut [u8], at: usize, v: &[u8]) {
    for (i, b) in v.iter().enumerate() {
        if let Some(slot) = bytes.get_mut(at + i) {
            *slot = *b;
        }
    }
}

fuzz_target!(|input: Input| {
    let mut bytes = ichiba_fuzz::TINY_ANALYZER.to_vec();
    let len = bytes.len();
    // The trie (most of the file): edits with `near` skip it.
    let trie = ichiba::analysis::artifact::check(&bytes)
        .ok()
        .and_then(|layout| layout.range(Section::Trie))
        .unwrap_or(len..len);
    for edit in input.edits.iter().take(16) {
        let at = if edit.near {
            let i = edit.at as usize % (len - trie.len());
            if i < trie.start { i } else { i + trie.len() }
        } else {
            edit.at as usize % len
        };
        match edit.op {
            Op::Set(b) => bytes[at] = b,
            Op::Xor(b) => bytes[at] ^= b,
            Op::Add(b) => bytes[at] = bytes[at].wrapping_add(b),
            Op::SetU32(v) => put(&mut bytes, at, &v.to_le_bytes()),
            Op::SetU16(v) => put(&mut bytes, at, &v.to_le_bytes()),
        }
    }
    if let Some(t) = input.truncate {
        bytes.truncate(t as usize % (len + 1));
    }
    // Fixed up most of the time: an unfixed header only ever tests the refusal.
    if input.fix_header || input.edits.len() % 4 != 0 {
        ichiba_fuzz::fix_analyzer_header(&mut bytes);
    }
    ichiba_fuzz::exercise_analyzer(&bytes, &input.probe);
});
