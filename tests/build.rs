//! The builder: row validation with file and line, and nothing half-written.

use std::path::Path;

use ichiba_build::BuildError as Error;
use ichiba_build::{Builder, write_atomic};

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

#[test]
fn blocked_terms_drop_rows_that_contain_them() {
    let mut b = Builder::new();
    b.add_source(
        Path::new("lexicon/items.tsv"),
        "ロレックス\tろれっくす\tbrand\t9\trolex\n偽物の時計\tにせもののとけい\titem\t9\n"
            .as_bytes(),
    )
    .unwrap();
    b.add_source(
        Path::new("lexicon/blocklist.tsv"),
        "偽物\tにせもの\tcounterfeit\n".as_bytes(),
    )
    .unwrap();
    let built = b.build(None).unwrap();
    assert_eq!(built.manifest.blocked_terms, 1);
    assert_eq!(built.manifest.blocked_filtered, 1);
    let dict = ichiba::Dictionary::from_vec(built.bytes).unwrap();
    let surfaces: Vec<String> = dict
        .entries()
        .map(|e| e.unwrap().surface.to_string())
        .collect();
    assert_eq!(surfaces.len(), 2);
    assert!(!surfaces.contains(&"偽物の時計".to_string()));
}

#[test]
fn counterfeit_offers_are_blocked_by_rule_whatever_their_source() {
    let mut b = Builder::new();
    b.add_source(
        Path::new("lexicon/brands.tsv"),
        "ロレックス\tろれっくす\tbrand\t9\trolex\nルイ・ヴィトン\tるいゔぃとん\tbrand\t9\n"
            .as_bytes(),
    )
    .unwrap();
    b.add_source(
        Path::new("lexicon/mozc.tsv"),
        "ロレックスコピー\tろれっくすこぴー\titem\t5\nヴィトンスーパーコピー\tゔぃとんすーぱーこぴー\titem\t5\nコピー用紙\tこぴーようし\titem\t5\n"
            .as_bytes(),
    )
    .unwrap();
    let built = b.build(None).unwrap();
    // Three: the ヴ word's plain-voiced reading (びとん…) is a row of its own.
    assert_eq!(built.manifest.counterfeit_by_rule, 3);
    let dict = ichiba::Dictionary::from_vec(built.bytes).unwrap();
    let engine = ichiba::Engine::new(dict).unwrap();
    let shown: Vec<String> = engine
        .suggest(&ichiba::Request::new("ろれっくす"))
        .unwrap()
        .into_iter()
        .map(|s| s.surface)
        .collect();
    assert!(!shown.iter().any(|s| s.contains("コピー")), "{shown:?}");
    // The app can warn about them: they are blocked terms now.
    let warned = engine
        .blocked_terms(&ichiba::Request::new("ヴィトンスーパーコピー"))
        .unwrap();
    assert!(
        warned.iter().any(|t| t.reason == "counterfeit"),
        "{warned:?}"
    );
}

#[test]
fn next_word_pairs_name_known_entities() {
    let lexicon = "ナイキ\tないき\tbrand\t9\tnike\nNIKE\tないき\tbrand\t9\tnike\nスニーカー\tすにーかー\titem\t5\tsneaker\nSNEAKER\tすにーかー\titem\t9\tsneaker\n";
    let mut b = Builder::new();
    b.add_source(Path::new("l.tsv"), lexicon.as_bytes())
        .unwrap();
    b.add_source(
        Path::new("next.tsv"),
        "nike\tsneaker\t3\nnike\tsneaker\t2\n".as_bytes(),
    )
    .unwrap();
    let dict = ichiba::Dictionary::from_vec(b.build(None).unwrap().bytes).unwrap();
    let nike = dict
        .entries()
        .map(|e| e.unwrap())
        .find(|e| e.surface == "ナイキ")
        .unwrap();
    let next: Vec<(String, u32)> = dict
        .next_words(nike.entity)
        .map(|(e, c)| (dict.entry(e).unwrap().surface.to_string(), c))
        .collect();
    // Counts add up; the Japanese form is preferred over a heavier Latin one.
    assert_eq!(next, [("スニーカー".to_string(), 5)]);

    let mut b = Builder::new();
    b.add_source(Path::new("l.tsv"), lexicon.as_bytes())
        .unwrap();
    b.add_source(
        Path::new("next.tsv"),
        "nike\tsneaker\t1\nnike\tnope\t1\n".as_bytes(),
    )
    .unwrap();
    let err = b.build(None).unwrap_err().to_string();
    assert_eq!(err, "next.tsv:2: unknown entity \"nope\"");
}
