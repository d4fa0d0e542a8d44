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
pub fn tiny_bytes() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.tsv");
    let mut b = ichiba_build::Builder::new();
    b.add_file(&path).unwrap();
    let analyzer = ichiba::analysis::Analyzer::new().unwrap();
    b.build(Some(&analyzer)).unwrap().bytes
}
