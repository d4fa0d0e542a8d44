//! `SuggestionEngine`: the ichiba engine for Kotlin, Swift and Python.
//!
//! Cursors and spans cross this boundary in **UTF-16 code units** — what Android's
//! `EditText.getSelectionStart()`, iOS's `NSRange` and Java/Kotlin/JavaScript string indexes
//! count — and are converted to the core's UTF-8 bytes here. (Python's `str` indexes count
//! code points: a Python caller converts, as the tests do.)

pub use ichiba::Field;
use ichiba::dictionary::Bytes;
use ichiba::text::cursor::{byte_to_utf16, utf16_to_byte};
use ichiba::{Dictionary, Engine, Request};

use crate::error::{BindingError, Result, guard};
use crate::history::build;

/// Longest text `suggest` accepts, in UTF-8 bytes (256 KiB, ~85k Japanese characters): a
/// listing description is a few thousand characters. Longer text is refused with
/// `InvalidRequest` instead of being copied across the boundary on every keystroke.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;

/// The form field being typed: it shifts the ranking (brands in the brand field, phrases in
/// the description). The core's `ichiba::Field`, as a uniffi remote enum.
#[uniffi::remote(Enum)]
pub enum Field {
    /// The listing title.
    Title,
    /// The description.
    Description,
    /// The brand field: brands only, ranked by the selected category.
    Brand,
    /// The category field: category names, each with its node and path.
    Category,
    /// Any other text.
    Free,
}

/// Which analyzer segments the text before the cursor ([`SuggestionEngine::analyzer_kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AnalyzerKind {
    /// lindera over the IPADIC linked into the library (feature `embedded-analyzer`).
    Embedded,
    /// lindera over an analyzer dictionary loaded with `load_analyzer_file` or
    /// `load_analyzer_bytes` (an `analyzer` artifact of the manifest).
    File,
    /// No analyzer dictionary: words are runs of one script. Suggestions still work, but
    /// word starts inside a run of kana or kanji and after particles are guessed, not known.
    ScriptRuns,
}

impl From<ichiba::analysis::AnalyzerKind> for AnalyzerKind {
    fn from(k: ichiba::analysis::AnalyzerKind) -> Self {
        match k {
            ichiba::analysis::AnalyzerKind::Embedded => AnalyzerKind::Embedded,
            ichiba::analysis::AnalyzerKind::File => AnalyzerKind::File,
            ichiba::analysis::AnalyzerKind::ScriptRuns => AnalyzerKind::ScriptRuns,
        }
    }
}

/// What a suggestion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SuggestionKind {
    /// A brand or maker.
    Brand,
    /// A marketplace category.
    Category,
    /// An item term.
    Item,
    /// An attribute: colour, size, material.
    Attribute,
    /// A listing phrase.
    Phrase,
}

impl From<ichiba::Kind> for SuggestionKind {
    fn from(k: ichiba::Kind) -> Self {
        match k {
            ichiba::Kind::Brand => SuggestionKind::Brand,
            ichiba::Kind::Category => SuggestionKind::Category,
            ichiba::Kind::Item => SuggestionKind::Item,
            ichiba::Kind::Attribute => SuggestionKind::Attribute,
            ichiba::Kind::Phrase => SuggestionKind::Phrase,
        }
    }
}

impl From<SuggestionKind> for ichiba::Kind {
    fn from(k: SuggestionKind) -> Self {
        match k {
            SuggestionKind::Brand => ichiba::Kind::Brand,
            SuggestionKind::Category => ichiba::Kind::Category,
            SuggestionKind::Item => ichiba::Kind::Item,
            SuggestionKind::Attribute => ichiba::Kind::Attribute,
            SuggestionKind::Phrase => ichiba::Kind::Phrase,
        }
    }
}

/// One suggestion. When tapped, replace the text's UTF-16 range
/// `replace_start..replace_end` with `surface` and put the cursor after it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Suggestion {
    /// The text to insert.
    pub surface: String,
    /// Its reading (hiragana).
    pub reading: String,
    /// What it is.
    pub kind: SuggestionKind,
    /// Ranking score, only comparable within one answer.
    pub score: f32,
    /// First UTF-16 unit replaced.
    pub replace_start: i32,
    /// One past the last UTF-16 unit replaced (the cursor).
    pub replace_end: i32,
    /// The canonical entity id (variants of one brand share it).
    pub entity: String,
    /// Whether it corrects a slip in what was typed (ないく → ナイキ): show it as a correction.
    pub corrected: bool,
    /// In the category field: the category-tree node it names (`ladies/bags/handbag`), to
    /// set as the listing's category.
    pub category: Option<String>,
    /// In the category field: the node's path (`レディース > バッグ > ハンドバッグ`).
    pub path: Option<String>,
}

/// A prohibited or counterfeit term found in the text.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct BlockedTerm {
    /// The term as listed.
    pub surface: String,
    /// Why it is blocked (`counterfeit`, `prohibited`, …): a code the app maps to a message.
    pub reason: String,
    /// First UTF-16 unit of the term in the text.
    pub start: i32,
    /// One past its last UTF-16 unit.
    pub end: i32,
}

/// Where and how much the engine learns from the user's taps. The history never leaves the
/// device; it is stored only at `path`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HistoryOptions {
    /// The history file (in the app's private storage); none keeps it in memory only.
    #[uniffi(default = None)]
    pub path: Option<String>,
    /// How many accepted suggestions are remembered, at most (older ones are forgotten).
    #[uniffi(default = 512)]
    pub capacity: u32,
    /// Whether it learns from `record_acceptance` (also switchable with `set_learning`).
    #[uniffi(default = true)]
    pub enabled: bool,
}

/// The suggestion engine. Thread-safe: share one instance; call `suggest` from any thread.
#[derive(uniffi::Object)]
pub struct SuggestionEngine {
    pub(crate) engine: Engine,
}

impl std::fmt::Debug for SuggestionEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.engine.fmt(f)
    }
}

/// Checks the text's size and converts a UTF-16 cursor into it to a byte offset.
fn byte_cursor(text: &str, cursor: i32) -> Result<usize> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(BindingError::InvalidRequest(format!(
            "text is {} bytes, over the {MAX_TEXT_BYTES} the engine accepts; pass only the \
             field being edited",
            text.len()
        )));
    }
    let utf16 = usize::try_from(cursor).map_err(|_| BindingError::CursorOutOfRange {
        cursor: cursor.into(),
        len: utf16_len(text),
    })?;
    Ok(utf16_to_byte(text, utf16)?)
}

fn utf16_len(text: &str) -> u64 {
    text.encode_utf16().count() as u64
}

#[cfg(feature = "embedded-dictionary")]
fn embedded() -> Result<Dictionary<Bytes>> {
    Ok(Dictionary::embedded()?)
}

#[cfg(not(feature = "embedded-dictionary"))]
fn embedded() -> Result<Dictionary<Bytes>> {
    Err(BindingError::InvalidRequest(
        "this library was built without the embedded dictionary (feature \
         embedded-dictionary); open a downloaded one with from_file or from_bytes"
            .into(),
    ))
}

fn to_i32(units: usize) -> i32 {
    i32::try_from(units).unwrap_or(i32::MAX)
}

#[uniffi::export]
impl SuggestionEngine {
    /// An engine over the dictionary built into the library. It learns from the user's taps
    /// as `history` says; without it, in memory only (forgotten when the app exits). A library
    /// built without the feature `embedded-dictionary` has none: this is then an
    /// `InvalidRequest` error, and the app opens a downloaded one with `from_file`.
    #[uniffi::constructor(default(history = None))]
    pub fn new(history: Option<HistoryOptions>) -> Result<Self> {
        guard(|| build(embedded()?, history))
    }

    /// An engine over a dictionary file (memory-mapped; checked before it serves).
    #[uniffi::constructor(default(history = None))]
    pub fn from_file(path: String, history: Option<HistoryOptions>) -> Result<Self> {
        guard(|| build(Dictionary::open(&path)?, history))
    }

    /// An engine over dictionary bytes the app downloaded (checked before they serve).
    #[uniffi::constructor(default(history = None))]
    pub fn from_bytes(bytes: Vec<u8>, history: Option<HistoryOptions>) -> Result<Self> {
        guard(|| {
            let dict = Dictionary::from_vec(bytes)?;
            dict.validate()?;
            build(dict, history)
        })
    }

    /// Suggestions for the word before `cursor` (UTF-16 units into `text`), best first, at
    /// most `top_k` (≤ 64). A cursor inside an emoji sequence is moved to its start. With
    /// `typos` (the default), words one slip away from a fragment of 3 or more characters
    /// come after what matches as typed, marked `corrected`; pass false to turn that off.
    /// `category` (a category-tree node id, `ladies/bags`) and `brand` (an entity id) are
    /// what the listing form has selected: suggestions lean to that category's words, and
    /// the brand's; an unknown id is ignored.
    #[uniffi::method(default(top_k = 10, typos = true, category = None, brand = None))]
    #[allow(clippy::too_many_arguments)]
    pub fn suggest(
        &self,
        text: String,
        cursor: i32,
        field: Field,
        top_k: i32,
        typos: bool,
        category: Option<String>,
        brand: Option<String>,
    ) -> Result<Vec<Suggestion>> {
        guard(|| {
            let top_k = usize::try_from(top_k)
                .map_err(|_| BindingError::InvalidRequest(format!("top_k {top_k} is negative")))?;
            let byte = byte_cursor(&text, cursor)?;
            let req = Request::new(&text)
                .cursor(byte)
                .field(field)
                .top_k(top_k)
                .typos(typos)
                .category(category.as_deref())
                .brand(brand.as_deref());
            let out = self.engine.suggest(&req)?;
            Ok(out
                .into_iter()
                .map(|s| Suggestion {
                    replace_start: to_i32(byte_to_utf16(&text, s.replace.start)),
                    replace_end: to_i32(byte_to_utf16(&text, s.replace.end)),
                    surface: s.surface,
                    reading: s.reading,
                    kind: s.kind.into(),
                    score: s.score,
                    entity: s.entity,
                    corrected: s.corrected,
                    category: s.category,
                    path: s.path,
                })
                .collect())
        })
    }

    /// Prohibited or counterfeit terms that end in the text before `cursor` (UTF-16), with
    /// their reason codes and UTF-16 spans, so the app can warn the seller.
    pub fn blocked_terms(&self, text: String, cursor: i32) -> Result<Vec<BlockedTerm>> {
        guard(|| {
            let byte = byte_cursor(&text, cursor)?;
            let found = self
                .engine
                .blocked_terms(&Request::new(&text).cursor(byte))?;
            Ok(found
                .into_iter()
                .map(|b| BlockedTerm {
                    start: to_i32(byte_to_utf16(&text, b.span.start)),
                    end: to_i32(byte_to_utf16(&text, b.span.end)),
                    surface: b.surface,
                    reason: b.reason,
                })
                .collect())
        })
    }

    /// Replaces the dictionary with downloaded bytes, atomically: queries running now finish
    /// on the old one. Corrupt or unsupported bytes are refused and the old one keeps serving.
    pub fn swap_dictionary(&self, bytes: Vec<u8>) -> Result<()> {
        guard(|| Ok(self.engine.swap_bytes(bytes)?))
    }

    /// Replaces the dictionary with a file, as `swap_dictionary` does with bytes.
    pub fn swap_dictionary_file(&self, path: String) -> Result<()> {
        guard(|| {
            let dict = Dictionary::open(&path)?;
            dict.validate()?;
            self.engine.swap(dict);
            Ok(())
        })
    }

    /// Loads the analyzer dictionary (an `analyzer` artifact, chosen with `select_artifact`
    /// and checked with `verify_artifact_file`) from `path`, memory-mapped: it is checked
    /// whole (magic, version, length, checksum, tables) and only then replaces the current
    /// analyzer. Do not rewrite the file in place while it is loaded; download updates to a
    /// new path. On error the current analyzer keeps serving.
    pub fn load_analyzer_file(&self, path: String) -> Result<()> {
        guard(|| Ok(self.engine.analyzer().load_file(&path)?))
    }

    /// [`SuggestionEngine::load_analyzer_file`] from bytes held in memory (each section is
    /// copied once; prefer a file on a phone).
    pub fn load_analyzer_bytes(&self, bytes: Vec<u8>) -> Result<()> {
        guard(|| Ok(self.engine.analyzer().load_bytes(&bytes)?))
    }

    /// Goes back to script-run segmentation and releases the analyzer dictionary.
    pub fn unload_analyzer(&self) -> Result<()> {
        guard(|| {
            self.engine.analyzer().unload();
            Ok(())
        })
    }

    /// Which analyzer is serving: until an analyzer dictionary is loaded, a library built
    /// without `embedded-analyzer` segments by script runs ([`AnalyzerKind::ScriptRuns`]).
    pub fn analyzer_kind(&self) -> Result<AnalyzerKind> {
        guard(|| Ok(self.engine.analyzer().kind().into()))
    }

    /// The build id of the dictionary serving now (to log which one a user had).
    pub fn dictionary_build_id(&self) -> Result<String> {
        guard(|| Ok(self.engine.dictionary().header().build_id_hex()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default dictionary, from its file: the library embeds none by default.
    const DEFAULT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../dictionaries/default.ichiba"
    );

    fn engine() -> SuggestionEngine {
        SuggestionEngine::from_file(DEFAULT.into(), None).unwrap()
    }

    #[test]
    fn cursors_and_spans_are_utf16() {
        let text = "😀しゅぷ".to_string();
        let out = engine()
            .suggest(text, 5, Field::Title, 3, true, None, None)
            .unwrap();
        assert_eq!(out[0].surface, "シュプリーム");
        assert_eq!((out[0].replace_start, out[0].replace_end), (2, 5));
    }

    #[test]
    fn bad_cursors_and_sizes_are_typed_errors() {
        let e = engine();
        let err = |text: &str, cursor, top_k| {
            e.suggest(text.into(), cursor, Field::Free, top_k, true, None, None)
        };
        assert!(matches!(
            err("abc", 4, 10),
            Err(BindingError::CursorOutOfRange { cursor: 4, len: 3 })
        ));
        assert!(matches!(
            err("abc", -1, 10),
            Err(BindingError::CursorOutOfRange { cursor: -1, len: 3 })
        ));
        assert!(matches!(
            err("😀a", 1, 10),
            Err(BindingError::CursorInsideCharacter { cursor: 1 })
        ));
        assert!(matches!(
            err("abc", 3, -1),
            Err(BindingError::InvalidRequest(_))
        ));
        assert!(matches!(
            err("abc", 3, 65),
            Err(BindingError::InvalidRequest(_))
        ));
        let huge = "あ".repeat(MAX_TEXT_BYTES / 3 + 1);
        assert!(matches!(
            err(&huge, 0, 10),
            Err(BindingError::InvalidRequest(_))
        ));
    }

    #[test]
    fn corrupt_bytes_are_refused_and_the_old_dictionary_serves() {
        let e = engine();
        assert!(matches!(
            SuggestionEngine::from_bytes(b"nope".to_vec(), None),
            Err(BindingError::CorruptDictionary { .. })
        ));
        assert!(matches!(
            e.swap_dictionary(vec![0; 4096]),
            Err(BindingError::CorruptDictionary { .. })
        ));
        let out = e
            .suggest("しゅぷ".into(), 3, Field::Free, 1, true, None, None)
            .unwrap();
        assert_eq!(out[0].surface, "シュプリーム");
        assert_eq!(e.dictionary_build_id().unwrap().len(), 32);
    }

    #[test]
    fn a_damaged_analyzer_dictionary_is_refused_and_the_analyzer_kept() {
        let e = engine();
        let before = e.analyzer_kind().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.analyzer");
        std::fs::write(&path, b"ICHBANLZ\x01\0\0\0").unwrap();
        assert!(matches!(
            e.load_analyzer_file(path.to_string_lossy().into_owned()),
            Err(BindingError::CorruptAnalyzer(_))
        ));
        assert!(matches!(
            e.load_analyzer_bytes(b"not one".to_vec()),
            Err(BindingError::CorruptAnalyzer(_))
        ));
        assert!(matches!(
            e.load_analyzer_file(dir.path().join("missing").to_string_lossy().into_owned()),
            Err(BindingError::Io(_))
        ));
        assert_eq!(e.analyzer_kind().unwrap(), before);
        e.unload_analyzer().unwrap();
        assert_eq!(e.analyzer_kind().unwrap(), AnalyzerKind::ScriptRuns);
        let out = e
            .suggest("しゅぷ".into(), 3, Field::Free, 1, true, None, None)
            .unwrap();
        assert_eq!(out[0].surface, "シュプリーム");
    }
}
