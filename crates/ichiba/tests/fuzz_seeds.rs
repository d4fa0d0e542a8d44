//! The fuzz seeds the structure-aware targets mutate (`fuzz/seeds/`) are valid files of the
//! current formats: a seed of an older format is refused by version, so every mutation of it
//! fails at the header and the target tests nothing past it (the campaign of 2026-12-07 ran
//! `dictionary_bytes` on a v4 seed while the format was v6). Regenerate them with
//! `fuzz/seeds/make-tiny.sh`.

use std::path::PathBuf;

fn fuzz_file(path: &str) -> Vec<u8> {
    let at = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz")
        .join(path);
    std::fs::read(&at).unwrap_or_else(|e| panic!("{}: {e}", at.display()))
}

#[test]
fn tiny_artifact_opens() {
    let seed = fuzz_file("seeds/tiny.ichiba");
    let dict = ichiba::Dictionary::from_bytes(seed.as_slice()).expect("fuzz/seeds/tiny.ichiba");
    assert!(!dict.is_empty());
    assert_eq!(
        fuzz_file("corpus/dictionary_bytes/tiny.ichiba"),
        seed,
        "the dictionary_bytes seed is a copy of fuzz/seeds/tiny.ichiba"
    );
}

#[cfg(feature = "analyzer-file")]
#[test]
fn tiny_analyzer_loads() {
    let seed = fuzz_file("seeds/tiny.analyzer");
    ichiba::analysis::Analyzer::script_runs()
        .load_bytes(&seed)
        .expect("fuzz/seeds/tiny.analyzer");
    assert_eq!(fuzz_file("corpus/analyzer_bytes/tiny.analyzer"), seed);
}
