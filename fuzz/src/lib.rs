//! Helpers shared by the fuzz targets: the small artifact the structure-aware target
//! mutates, checksum repair, and the calls every opened dictionary must answer without a
//! panic.

use ichiba::dictionary::{Bytes, KeySpace, Scratch};
use ichiba::format::HEADER_LEN;
use ichiba::{Dictionary, Engine, Request};

/// A valid artifact built from `tests/fixtures/tiny.tsv` (`fuzz/seeds/tiny.ichiba`,
/// regenerated with `fuzz/seeds/make-tiny.sh` when the format changes).
pub const TINY: &[u8] = include_bytes!("../seeds/tiny.ichiba");

/// Offset of the body checksum inside the header (see `ichiba::format`).
const BODY_SUM_AT: usize = 216;
/// Offset of the header checksum inside the header.
const HEADER_SUM_AT: usize = 224;

/// Recomputes both xxh3 checksums of `artifact` in place, as a crafted file would: the
/// body's over every byte after the header, then the header's over bytes `0..224`.
/// Does nothing to a buffer shorter than the header.
pub fn fix_checksums(artifact: &mut [u8]) {
    if artifact.len() < HEADER_LEN {
        return;
    }
    let body = xxhash_rust::xxh3::xxh3_64(&artifact[HEADER_LEN..]);
    artifact[BODY_SUM_AT..BODY_SUM_AT + 8].copy_from_slice(&body.to_le_bytes());
    let header = xxhash_rust::xxh3::xxh3_64(&artifact[..HEADER_SUM_AT]);
    artifact[HEADER_SUM_AT..HEADER_SUM_AT + 8].copy_from_slice(&header.to_le_bytes());
}

/// Keys looked up in every opened dictionary: kana, romaji, Latin, one and two characters
/// (the top-index prefixes), and the empty key.
const KEYS: [&str; 10] = [
    "",
    "し",
    "しゅ",
    "しゅぷ",
    "すに",
    "ないく",
    "sup",
    "nike",
    "a",
    "ー",
];

/// Every lookup the engine and the apps make on `dict`, with `probe` as one more key;
/// errors are fine, panics are not (libFuzzer reports them).
pub fn exercise<D: AsRef<[u8]>>(dict: &Dictionary<D>, probe: &str) {
    let mut scratch = Scratch::default();
    let (mut hits, mut pre, mut fixed) = (Vec::new(), Vec::new(), Vec::new());
    for space in [KeySpace::Reading, KeySpace::Surface] {
        for key in KEYS.iter().copied().chain(std::iter::once(probe)) {
            dict.top_k(space, key, 10, &mut scratch, &mut hits);
            dict.keys_prefixing(space, key, &mut scratch, &mut pre);
            dict.corrections(space, key, 3, &mut scratch, &mut fixed);
        }
    }
    // Bounded: a corrupt header may claim four billion entries.
    for i in 0..(dict.len() as u32).saturating_add(2).min(4096) {
        let _ = dict.entry(i);
        let _ = dict.entity_id(i);
        let _ = dict.main_forms(i);
        dict.next_words(i).take(64).for_each(drop);
    }
    let _ = dict.validate();
}

/// [`exercise`], then the same dictionary behind an engine answering a few requests.
pub fn exercise_with_engine(dict: Dictionary<Bytes>, probe: &str) {
    exercise(&dict, probe);
    if let Ok(engine) = Engine::new(dict) {
        for text in ["しゅぷ", "新品未使用のすに", "nike エア", "ないく", probe] {
            let _ = engine.suggest(&Request::new(text));
            let _ = engine.blocked_terms(&Request::new(text));
        }
    }
}

/// Text from fuzzer bytes: valid UTF-8 kept, anything else decoded lossily (so every
/// input reaches the code under test).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A valid trimmed analyzer dictionary (`fuzz/seeds/tiny.analyzer`): lindera's builder over
/// eight made-up words, a 3×3 matrix and a cut-down character table (`cargo run -p ichiba
/// --example tiny_analyzer`, see `fuzz/seeds/make-tiny.sh`).
pub const TINY_ANALYZER: &[u8] = include_bytes!("../seeds/tiny.analyzer");

/// Makes `file`'s analyzer header agree with its bytes again, as a crafted file would: the
/// total length (bytes 16..24) and the xxh3 of everything after the header (24..32).
/// Does nothing to a buffer shorter than the header.
pub fn fix_analyzer_header(file: &mut [u8]) {
    if file.len() < 32 {
        return;
    }
    let len = file.len() as u64;
    file[16..24].copy_from_slice(&len.to_le_bytes());
    let sum = xxhash_rust::xxh3::xxh3_64(&file[32..]);
    file[24..32].copy_from_slice(&sum.to_le_bytes());
}

/// Texts every loaded analyzer segments and reads: the tiny dictionary's words, unknown
/// kana, kanji, Latin, digits, whitespace, sentence cuts, emoji and an empty text.
const ANALYZER_TEXTS: [&str; 7] = [
    "新品未使用のナイキエア靴",
    "未はのナイキ",
    "すにーかー ＳＵＰ 123　abc",
    "、。\n\tー・「」",
    "👟🇯🇵é\u{301}",
    "",
    "ナ",
];

/// Tokenizes and reads every text of a fixed list, and `probe`, with `bytes` loaded into an
/// analyzer, when they load; checks that the tokens tile the text. Errors are fine, panics
/// are not.
pub fn exercise_analyzer(bytes: &[u8], probe: &str) {
    let _ = ichiba::analysis::artifact::check(bytes);
    let analyzer = ichiba::analysis::Analyzer::script_runs();
    if analyzer.load_bytes(bytes).is_err() {
        return;
    }
    let _ = analyzer.has_readings();
    let mut tokens = Vec::new();
    for text in ANALYZER_TEXTS.iter().copied().chain(std::iter::once(probe)) {
        if analyzer.tokenize(text, &mut tokens).is_ok() {
            let mut at = 0;
            for t in &tokens {
                assert_eq!(t.start, at, "tokens of {text:?} do not tile it: {tokens:?}");
                at = t.end;
            }
            assert_eq!(at, text.len(), "tokens of {text:?} stop short: {tokens:?}");
        }
        let _ = analyzer.reading(text);
    }
}
