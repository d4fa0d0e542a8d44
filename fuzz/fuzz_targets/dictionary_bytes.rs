//! `Dictionary::from_bytes` and `Dictionary::from_trusted_bytes` on arbitrary bytes; every
//! dictionary that opens is queried through every lookup and an engine. Seeds: the tiny
//! artifact and the crafted files of issue 15 (`fuzz/corpus/dictionary_bytes`).
#![no_main]

use ichiba::Dictionary;
use ichiba::dictionary::Bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(dict) = Dictionary::from_bytes(data) {
        ichiba_fuzz::exercise(&dict, "しゅぷ");
    }
    if let Ok(dict) = Dictionary::from_trusted_bytes(Bytes::Owned(data.to_vec())) {
        ichiba_fuzz::exercise_with_engine(dict, "nike");
    }
});
