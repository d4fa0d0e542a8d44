//! The builder: row validation with file and line, and nothing half-written.

use std::path::Path;

use ichiba::Error;
use ichiba::build::{Builder, write_atomic};

#[test]
fn a_bad_row_names_file_and_line() {
    let mut b = Builder::new();
    let err = b
        .add_source(
            Path::new("lexicon/brands.tsv"),
            "シュプリーム\tしゅぷりーむ\tbrand\t900\tsupreme\nナイキ\tないき\tbrnd\t9\n".as_bytes(),
        )
        .unwrap_err();
    match &err {
        Error::Lexicon { path, line, .. } => {
            assert_eq!(path, Path::new("lexicon/brands.tsv"));
            assert_eq!(*line, 2);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("lexicon/brands.tsv:2: unknown kind")
    );
}

#[test]
fn duplicates_are_refused() {
    let mut b = Builder::new();
    b.add_source(
        Path::new("a.tsv"),
        "ナイキ\tないき\tbrand\t9\tnike\nナイキ\tないき\tbrand\t8\tnike\n".as_bytes(),
    )
    .unwrap();
    let err = b.build(None).unwrap_err().to_string();
    assert!(err.starts_with("a.tsv:2: duplicate of a.tsv:1"), "{err}");
}

#[test]
fn a_kanji_surface_without_reading_needs_the_analyzer() {
    let mut b = Builder::new();
    b.add_source(Path::new("p.tsv"), "送料込み\t\tphrase\t9\n".as_bytes())
        .unwrap();
    let err = b.build(None).unwrap_err().to_string();
    assert!(err.starts_with("p.tsv:1: no reading given"), "{err}");
}

#[test]
fn write_atomic_replaces_whole_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.ichiba");
    write_atomic(&path, b"first").unwrap();
    write_atomic(&path, b"second").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"second");
    // A path whose folder does not exist fails and leaves nothing behind.
    let bad = dir.path().join("missing/d.ichiba");
    assert!(write_atomic(&bad, b"x").is_err());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["d.ichiba"]);
}

#[test]
fn manifest_describes_the_artifact() {
    let mut b = Builder::new();
    b.add_source(
        Path::new("x.tsv"),
        "ナイキ\tないき\tbrand\t9\tnike\nNIKE\t\tbrand\t8\tnike\n".as_bytes(),
    )
    .unwrap();
    let built = b.build(None).unwrap();
    let m = &built.manifest;
    assert_eq!(m.size as usize, built.bytes.len());
    assert_eq!(m.entries, 2);
    assert_eq!(m.entities, 1);
    assert_eq!(m.sources[0].rows, 2);
    assert_eq!(m.sha256.len(), 64);
    assert_eq!(m.format_version, ichiba::format::VERSION);
}
