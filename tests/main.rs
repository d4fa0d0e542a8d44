//! Integration tests, built as one binary.

mod build;
mod cli;
mod corpus;
mod damage;
mod demo;
mod dictionary;
mod engine;
mod eval;
mod experiment;
mod kill;
mod lint;
mod serve;
mod soak;
mod swap;

/// Builds the tiny fixture lexicon into artifact bytes.
/// The length knob `name` of a long test (`ICHIBA_SWAP_SECS`, `ICHIBA_KILLS`,
/// `ICHIBA_SOAK_SECS`: scripts/test sets the full lengths), or `default` when unset or
/// not a number.
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

pub fn tiny_bytes() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.tsv");
    let mut b = ichiba_build::Builder::new();
    b.add_file(&path).unwrap();
    let analyzer = ichiba::analysis::Analyzer::new().unwrap();
    b.build(Some(&analyzer)).unwrap().bytes
}
