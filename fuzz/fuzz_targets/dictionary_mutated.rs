//! Structure-aware: a few byte edits to the small valid artifact (`fuzz/seeds/tiny.ichiba`),
//! optionally a truncation, then both xxh3 checksums recomputed as a crafted file would, so
//! the fuzzer gets past them to the section table, the entry table and the fsts. Whatever
//! opens must answer every lookup without a panic. One more key is looked up, from the
//! input.
#![no_main]

use ichiba::Dictionary;
use ichiba::dictionary::Bytes;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Edit {
    /// Where (modulo the artifact's length).
    at: u16,
    /// What to do there.
    op: Op,
}

#[derive(Debug, Arbitrary)]
enum Op {
    Set(u8),
    Xor(u8),
    Add(u8),
    /// A little-endian u32 written at the position (addresses, counts, offsets).
    SetU32(u32),
}

#[derive(Debug, Arbitrary)]
struct Input {
    edits: Vec<Edit>,
    truncate: Option<u16>,
    fix_checksums: bool,
    probe: String,
}

fuzz_target!(|input: Input| {
    let mut bytes = ichiba_fuzz::TINY.to_vec();
    let len = bytes.len();
    for edit in input.edits.iter().take(16) {
        let at = edit.at as usize % len;
        match edit.op {
            Op::Set(b) => bytes[at] = b,
            Op::Xor(b) => bytes[at] ^= b,
            Op::Add(b) => bytes[at] = bytes[at].wrapping_add(b),
            Op::SetU32(v) => {
                for (i, b) in v.to_le_bytes().into_iter().enumerate() {
                    if let Some(slot) = bytes.get_mut(at + i) {
                        *slot = b;
                    }
                }
            }
        }
    }
    if let Some(t) = input.truncate {
        bytes.truncate(t as usize % (len + 1));
    }
    // Fixed up most of the time: an unfixed checksum only ever tests the refusal.
    if input.fix_checksums || input.edits.len() % 4 != 0 {
        ichiba_fuzz::fix_checksums(&mut bytes);
    }
    if let Ok(dict) = Dictionary::from_bytes(bytes.as_slice()) {
        ichiba_fuzz::exercise(&dict, &input.probe);
    }
    if let Ok(dict) = Dictionary::from_trusted_bytes(Bytes::Owned(bytes)) {
        ichiba_fuzz::exercise_with_engine(dict, &input.probe);
    }
});
