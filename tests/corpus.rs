//! The listing corpus: incremental tantivy index, malformed lines, mining.

use std::path::Path;
use std::sync::Arc;

use ichiba::Dictionary;
use ichiba::analysis::Analyzer;
use ichiba_build::BuildError as Error;
use ichiba_build::corpus::CorpusIndex;

fn fixture() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus.jsonl"
    ))
}

#[test]
fn indexing_is_incremental_and_skips_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let analyzer = Arc::new(Analyzer::new().unwrap());
    let index = CorpusIndex::open(dir.path(), Arc::clone(&analyzer)).unwrap();
    let stats = index.add_jsonl(fixture(), false).unwrap();
    assert_eq!(stats.added, 9);
    assert_eq!(stats.duplicates, 1, "the repeated id t-01");
    let lines: Vec<usize> = stats.skipped.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [8, 11], "{:?}", stats.skipped);
    assert_eq!(index.len().unwrap(), 9);
    // Again: nothing added twice, also after reopening.
    drop(index);
    let index = CorpusIndex::open(dir.path(), analyzer).unwrap();
    let again = index.add_jsonl(fixture(), false).unwrap();
    assert_eq!((again.added, again.duplicates), (0, 10));
    assert_eq!(index.len().unwrap(), 9);
    // The analyzer's folded tokens are the index terms.
    assert_eq!(index.title_doc_freq("スニーカー").unwrap(), 4);
    assert_eq!(index.title_doc_freq("ｽﾆｰｶｰ").unwrap(), 4);
}

#[test]
fn strict_indexing_fails_on_the_first_bad_line_and_commits_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let index = CorpusIndex::open(dir.path(), Arc::new(Analyzer::new().unwrap())).unwrap();
    match index.add_jsonl(fixture(), true).unwrap_err() {
        Error::CorpusLine { line, .. } => assert_eq!(line, 8),
        other => panic!("{other:?}"),
    }
    assert_eq!(index.len().unwrap(), 0);
}

#[test]
fn mining_finds_frequencies_pairs_and_proposals() {
    let dir = tempfile::tempdir().unwrap();
    let analyzer = Arc::new(Analyzer::new().unwrap());
    let index = CorpusIndex::open(dir.path(), Arc::clone(&analyzer)).unwrap();
    index.add_jsonl(fixture(), false).unwrap();
    let listings = index.listings().unwrap();
    assert_eq!(listings.len(), 9);
    let dict = Dictionary::embedded().unwrap();
    let mined = ichiba_build::corpus::mine::mine(&listings, &dict, &analyzer).unwrap();
    assert_eq!(
        mined.doc_freq["mercari-brand:857"], 4,
        "ナイキ, NIKE and ナイキの count as one entity"
    );
    assert_eq!(mined.doc_freq["mercari-brand:1326"], 2);
    let pair = |a: &str, b: &str| mined.pairs.get(&(a.to_string(), b.to_string())).copied();
    assert_eq!(
        pair("mercari-brand:857", "item_sneakers"),
        Some(4),
        "{:?}",
        mined.pairs
    );
    assert_eq!(pair("mercari-brand:1326", "item_long_wallet"), Some(2));
    assert_eq!(pair("mercari-brand:1620", "item_hoodie"), Some(2));
    assert!(
        mined
            .proposals
            .iter()
            .any(|(p, n)| p == "ボックスロゴ" && *n >= 3)
            || mined.proposals.is_empty(),
        "{:?}",
        mined.proposals
    );
}
