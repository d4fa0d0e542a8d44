//! Integration tests, built as one binary.

mod build;
#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "corpus")]
mod corpus;
#[cfg(feature = "cli")]
mod demo;
mod dictionary;
mod engine;
#[cfg(feature = "cli")]
mod eval;
mod experiment;
#[cfg(feature = "cli")]
mod serve;

/// Builds the tiny fixture lexicon into artifact bytes.
#[cfg(feature = "build")]
pub fn tiny_bytes() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.tsv");
    let mut b = ichiba::build::Builder::new();
    b.add_file(&path).unwrap();
    let analyzer = ichiba::analysis::Analyzer::new().unwrap();
    b.build(Some(&analyzer)).unwrap().bytes
}
