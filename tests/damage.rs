//! Exhaustive damage of a small artifact (issue 15, item 3): every truncation and every byte
//! changed is refused by `from_bytes` with a typed error; through `from_trusted_bytes`, which
//! skips the body checksum, whatever opens answers every call without a panic.

use std::panic::{AssertUnwindSafe, catch_unwind};

use ichiba::dictionary::{Bytes, KeySpace, Scratch};
use ichiba::format::HEADER_LEN;
use ichiba::{Dictionary, Error};
use ichiba::{Engine, Request};

use crate::tiny_bytes;

/// Typed refusals a damaged artifact may get.
fn is_refusal(e: &Error) -> bool {
    matches!(
        e,
        Error::BadMagic | Error::Corrupt { .. } | Error::Version { .. }
    )
}

#[test]
fn every_truncation_and_every_changed_byte_is_refused() {
    let good = tiny_bytes();
    for len in 0..good.len() {
        match Dictionary::from_vec(good[..len].to_vec()) {
            Err(e) => assert!(is_refusal(&e), "len {len}: {e:?}"),
            Ok(_) => panic!("truncated to {len} bytes and accepted"),
        }
        assert!(
            Dictionary::from_trusted_bytes(good[..len].to_vec()).is_err(),
            "len {len}"
        );
    }
    for at in 0..good.len() {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut bad = good.clone();
            bad[at] ^= mask;
            match Dictionary::from_vec(bad) {
                Err(e) => assert!(is_refusal(&e), "byte {at} ^ {mask:#x}: {e:?}"),
                Ok(_) => panic!("byte {at} ^ {mask:#x} accepted"),
            }
        }
    }
}

/// Every call the engine and the apps make on a dictionary, on `dict`; errors are fine,
/// panics are not.
fn exercise(engine: &Engine, dict: &Dictionary<Bytes>) {
    let mut scratch = Scratch::default();
    let (mut hits, mut pre, mut fixed) = (Vec::new(), Vec::new(), Vec::new());
    for space in [KeySpace::Reading, KeySpace::Surface] {
        for key in ["し", "しゅぷ", "すに", "ないく", "sup", "nike", "a"] {
            dict.top_k(space, key, 10, &mut scratch, &mut hits);
            dict.keys_prefixing(space, key, &mut scratch, &mut pre);
            dict.corrections(space, key, 3, &mut scratch, &mut fixed);
        }
    }
    for i in 0..dict.len() as u32 + 2 {
        let _ = dict.entry(i);
        let _ = dict.entity_id(i);
        let _ = dict.main_forms(i);
        dict.next_words(i).for_each(drop);
    }
    let _ = dict.validate();
    for text in ["しゅぷ", "新品未使用のすに", "nike エア", "ないく"] {
        let _ = engine.suggest(&Request::new(text));
    }
}

#[test]
fn damaged_bodies_opened_as_trusted_answer_without_panics() {
    let good = tiny_bytes();
    let engine =
        Engine::new(Dictionary::from_trusted_bytes(Bytes::Owned(good.clone())).unwrap()).unwrap();
    let mut opened = 0;
    let mut panicked = Vec::new();
    for at in HEADER_LEN..good.len() {
        for mask in [0x01u8, 0xff] {
            let mut bad = good.clone();
            bad[at] ^= mask;
            let Ok(dict) = Dictionary::from_trusted_bytes(Bytes::Owned(bad.clone())) else {
                continue;
            };
            opened += 1;
            let swapped = Dictionary::from_trusted_bytes(Bytes::Owned(bad)).unwrap();
            engine.swap(swapped);
            if catch_unwind(AssertUnwindSafe(|| exercise(&engine, &dict))).is_err() {
                panicked.push(format!("byte {at} ^ {mask:#x}"));
            }
        }
    }
    assert!(panicked.is_empty(), "panics: {panicked:?}");
    // Most body damage outside the fsts opens when the body checksum is skipped: the test
    // exercised real damaged dictionaries, not only refusals.
    assert!(
        opened > (good.len() - HEADER_LEN) / 2,
        "only {opened} opened"
    );
}
