//! Analysis of the text before the cursor: where words start and what they are.
//!
//! The engine tokenizes the last few dozen characters before the cursor on every keystroke to
//! find the candidate starts of the word being typed (the composing fragment may span token
//! boundaries: 未使 → 未使用, so it tries the starts the tokens give, longest first). The
//! dictionary builder also asks for the reading of surfaces that come without one.
//!
//! One [`Analyzer`], three backends, swappable while queries run:
//!
//! | backend ([`AnalyzerKind`]) | needs | POS | readings |
//! | --- | --- | --- | --- |
//! | [`Embedded`](AnalyzerKind::Embedded): lindera + IPADIC linked in (`lindera.rs`) | feature `analysis` (~46 MB) | IPADIC's, coarsened to [`Pos`] | IPADIC's |
//! | [`File`](AnalyzerKind::File): lindera + a trimmed analyzer dictionary ([`artifact`]) | feature `analyzer-file` and a file or bytes | the same, from a byte per word | IPADIC's in the build-time variant, else kana only |
//! | [`ScriptRuns`](AnalyzerKind::ScriptRuns) (`script.rs`) | nothing | [`Pos::Unknown`] for words | kana only |
//!
//! [`Analyzer::new`] starts embedded when the feature is on, else with script runs; the phone
//! library starts with script runs and loads the downloaded file with [`Analyzer::load_file`]
//! (`engine.analyzer().load_file(path)`). All return tokens that tile the text: every byte
//! belongs to exactly one token, in order, and whitespace comes back as [`Pos::Whitespace`]
//! tokens, never as gaps.

use std::path::Path;
use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::Result;
use crate::text::kana::{is_hiragana, is_kana};

pub mod artifact;
#[cfg(feature = "analyzer-file")]
mod lindera;
mod script;

/// Which backend an [`Analyzer`] is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnalyzerKind {
    /// lindera over the IPADIC linked into the binary (feature `analysis`).
    Embedded,
    /// lindera over a trimmed analyzer dictionary loaded from a file or bytes.
    File,
    /// No dictionary: words are runs of one script (ナイキのすに → ナイキ | のすに). Word
    /// starts inside a run of kana or kanji, and particles, are not known.
    ScriptRuns,
}

enum Backend {
    #[cfg(feature = "analyzer-file")]
    Lindera {
        lindera: Box<self::lindera::Lindera>,
        kind: AnalyzerKind,
    },
    Script(script::ScriptRuns),
}

/// The morphological analyzer: `Send + Sync`, shared by all threads; its backend can be
/// replaced while others tokenize (they finish on the old one).
pub struct Analyzer {
    backend: ArcSwap<Backend>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("kind", &self.kind())
            .finish_non_exhaustive()
    }
}

#[cfg(not(feature = "analyzer-file"))]
fn no_lindera() -> crate::Error {
    crate::Error::Analyzer(
        "this library was built without lindera (feature analyzer-file): it segments by \
         script runs and cannot load an analyzer dictionary"
            .into(),
    )
}

impl Analyzer {
    fn with(backend: Backend) -> Self {
        Analyzer {
            backend: ArcSwap::from_pointee(backend),
        }
    }

    /// The embedded IPADIC with feature `analysis` (about a millisecond, shared by later
    /// analyzers); script runs without it.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Analyzer`] if the embedded dictionary cannot be loaded (a build problem).
    pub fn new() -> Result<Self> {
        #[cfg(feature = "analysis")]
        return Ok(Analyzer::with(Backend::Lindera {
            lindera: Box::new(self::lindera::Lindera::embedded()?),
            kind: AnalyzerKind::Embedded,
        }));
        #[cfg(not(feature = "analysis"))]
        Ok(Analyzer::script_runs())
    }

    /// The analyzer without a dictionary: script-run segmentation.
    pub fn script_runs() -> Self {
        Analyzer::with(Backend::Script(script::ScriptRuns::default()))
    }

    /// An analyzer over the trimmed analyzer dictionary at `path`, memory-mapped (see
    /// [`Analyzer::load_file`]).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] if the file cannot be read, [`crate::Error::AnalyzerFile`] if it
    /// is not a whole, intact analyzer dictionary; [`crate::Error::Analyzer`] without the
    /// feature `analyzer-file`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let analyzer = Analyzer::script_runs();
        analyzer.load_file(path)?;
        Ok(analyzer)
    }

    /// Checks the analyzer dictionary at `path` (magic, version, length, checksum, tables)
    /// and, only if it is intact, serves with it from now on. The file is memory-mapped, not
    /// read into memory; it must not be rewritten in place while in use (download to a new
    /// path). On error the current backend keeps serving.
    ///
    /// # Errors
    ///
    /// As [`Analyzer::open`].
    pub fn load_file(&self, path: impl AsRef<Path>) -> Result<()> {
        #[cfg(feature = "analyzer-file")]
        {
            let lindera = self::lindera::Lindera::open(path.as_ref())?;
            self.backend.store(Arc::new(Backend::Lindera {
                lindera: Box::new(lindera),
                kind: AnalyzerKind::File,
            }));
            Ok(())
        }
        #[cfg(not(feature = "analyzer-file"))]
        {
            let _ = path;
            Err(no_lindera())
        }
    }

    /// [`Analyzer::load_file`] over bytes (a download held in memory); each section is
    /// copied once, so prefer a file on a phone.
    ///
    /// # Errors
    ///
    /// [`crate::Error::AnalyzerFile`] if the bytes are not a whole, intact analyzer
    /// dictionary; [`crate::Error::Analyzer`] without the feature `analyzer-file`.
    pub fn load_bytes(&self, bytes: &[u8]) -> Result<()> {
        #[cfg(feature = "analyzer-file")]
        {
            let lindera = self::lindera::Lindera::from_bytes(bytes)?;
            self.backend.store(Arc::new(Backend::Lindera {
                lindera: Box::new(lindera),
                kind: AnalyzerKind::File,
            }));
            Ok(())
        }
        #[cfg(not(feature = "analyzer-file"))]
        {
            let _ = bytes;
            Err(no_lindera())
        }
    }

    /// Goes back to script-run segmentation (and releases the dictionary once no call is
    /// using it).
    pub fn unload(&self) {
        self.backend
            .store(Arc::new(Backend::Script(script::ScriptRuns::default())));
    }

    /// The backend serving now.
    pub fn kind(&self) -> AnalyzerKind {
        match &**self.backend.load() {
            #[cfg(feature = "analyzer-file")]
            Backend::Lindera { kind, .. } => *kind,
            Backend::Script(_) => AnalyzerKind::ScriptRuns,
        }
    }

    /// Whether [`Analyzer::reading`] reads kanji (a dictionary with readings serves:
    /// embedded, or the build-time variant of the file), not only kana.
    pub fn has_readings(&self) -> bool {
        match &**self.backend.load() {
            #[cfg(feature = "analyzer-file")]
            Backend::Lindera { lindera, .. } => lindera.has_readings(),
            Backend::Script(_) => false,
        }
    }

    /// Tokenizes `text` (the caller bounds its length) into `out`, which is cleared first.
    ///
    /// The tokens tile `text`: every byte is in exactly one token, in order. Whitespace comes
    /// back as [`Pos::Whitespace`] tokens, never as a gap. Never panics; any `&str` is
    /// accepted, in time linear in its length. Allocates nothing once `out` has grown.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Analyzer`] if lindera fails (it does not for valid UTF-8).
    pub fn tokenize(&self, text: &str, out: &mut Vec<Token>) -> Result<()> {
        match &**self.backend.load() {
            #[cfg(feature = "analyzer-file")]
            Backend::Lindera { lindera, .. } => lindera.tokenize(text, out),
            Backend::Script(s) => s.tokenize(text, out),
        }
    }

    /// The reading of a whole surface in katakana; for building dictionaries, not for
    /// keystrokes.
    ///
    /// The surface is segmented like [`Analyzer::tokenize`] does, and each token, in order:
    /// 1. contributes its dictionary reading, if it has one made only of katakana (and ー),
    ///    whatever its part of speech (so ＋ reads タス, and 未 alone reads ヒツジ);
    /// 2. otherwise, if its surface is all hiragana/katakana (ー and ゝゞヽヾ included; middle
    ///    dots ・ allowed and dropped), contributes that surface in katakana (unknown
    ///    katakana words: ナイキ → ナイキ, ルイ・ヴィトン → ルイヴィトン);
    /// 3. otherwise, if its surface is all ASCII or full-width digits, contributes it as is;
    /// 4. otherwise, if it is whitespace or a symbol (・, 「, ！, emoji …), contributes nothing;
    /// 5. otherwise (Latin letters, half-width katakana, a kanji without a reading, …)
    ///    makes the whole reading `None`.
    ///
    /// `None` also when nothing was contributed (an empty or all-symbol surface).
    /// NFKC-normalize the surface first: half-width katakana and full-width Latin are not
    /// read. Without dictionary readings ([`Analyzer::has_readings`]) only kana is read.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Analyzer`] if lindera fails.
    pub fn reading(&self, surface: &str) -> Result<Option<String>> {
        match &**self.backend.load() {
            #[cfg(feature = "analyzer-file")]
            Backend::Lindera { lindera, .. } => lindera.reading(surface),
            Backend::Script(s) => s.reading(surface),
        }
    }

    /// The trimmed analyzer dictionary cut from the embedded IPADIC (feature `analysis`):
    /// the file [`Analyzer::load_file`] reads; with `readings`, the build-time variant.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Analyzer`] if the embedded dictionary cannot be loaded.
    #[cfg(feature = "analysis")]
    pub fn trimmed_ipadic(readings: bool) -> Result<Vec<u8>> {
        self::lindera::trimmed_ipadic(readings)
    }
}

/// Coarse part of speech: what the engine needs to choose where the word being typed starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// A noun in the dictionary (IPADIC 名詞, including numbers, suffixes and 形容動詞 stems).
    Noun,
    /// A verb (動詞).
    Verb,
    /// An adjective (形容詞).
    Adjective,
    /// A particle (助詞): の, が, に …; a word never starts inside one.
    Particle,
    /// An auxiliary verb (助動詞): た, ます, ない ….
    Auxiliary,
    /// A prefix (接頭詞): お, ご, 超 ….
    Prefix,
    /// Punctuation, brackets, emoji and other symbols.
    Symbol,
    /// A run of whitespace (spaces, tabs, newlines, U+3000).
    Whitespace,
    /// A known word of any other class: adverb, adnominal, conjunction, interjection, filler.
    Other,
    /// A word-like run the analyzer does not know: not in the dictionary (ナイキ, Latin
    /// letters, digits), or any word run of the script fallback, which knows no words.
    Unknown,
}

/// A token of the analysed text; `start..end` are UTF-8 byte offsets into the analysed `&str`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the token's first byte (a char boundary).
    pub start: usize,
    /// Byte offset just past the token's last byte (a char boundary).
    pub end: usize,
    /// The token's coarse part of speech.
    pub pos: Pos,
}

/// Appends `kana` to `out` with hiragana turned into katakana and middle dots ・ dropped.
fn push_katakana(out: &mut String, kana: &str) {
    out.extend(kana.chars().filter(|&c| c != '・').map(|c| {
        if is_hiragana(c) {
            // The katakana block mirrors the hiragana block 0x60 code points higher.
            char::from_u32(c as u32 + 0x60).unwrap_or(c)
        } else {
            c
        }
    }));
}

/// What a token without a usable dictionary reading contributes to a reading: the reading
/// rule shared by both analyzers, applied to the token's surface.
enum Fallback {
    /// The surface is kana (see [`is_kana`](crate::text::kana::is_kana)), possibly with middle dots (ルイ・ヴィトン,
    /// one unknown word for IPADIC): it reads as itself in katakana, without the dots.
    Kana,
    /// The surface is ASCII or full-width digits: they stay as they are.
    Digits,
    /// Whitespace or a symbol: contributes nothing.
    Skip,
    /// Anything else (Latin letters, unknown kanji, emoji mixed with letters …): no reading.
    Unreadable,
}

fn fallback(surface: &str, pos: Pos) -> Fallback {
    if surface.chars().any(is_kana) && surface.chars().all(|c| is_kana(c) || c == '・') {
        Fallback::Kana
    } else if surface
        .chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        Fallback::Digits
    } else if matches!(pos, Pos::Whitespace | Pos::Symbol) {
        Fallback::Skip
    } else {
        Fallback::Unreadable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Odd inputs both analyzers must survive, with tokens that tile them.
    pub(super) fn odd_inputs() -> Vec<String> {
        let mut v: Vec<String> = [
            "",
            " ",
            "👍🏽",
            "👨‍👩‍👧",
            "e\u{301}",
            "\u{301}",
            "ｼｭﾌﾟﾘｰﾑ",
            "\0\u{7}\u{1b}[0m",
            "\r\n\t\u{3000} \u{a0}",
            "。、。、",
            "ﾅｲｷのｽﾆｰｶｰ 27.5cm 👟✨",
            "\u{feff}\u{200d}\u{fe0f}",
            "한국어 العربية ไทย",
            "𠮷野家の𩸽",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.push("あ".repeat(10_000));
        v.push("ア".repeat(10_000));
        v.push("a".repeat(10_000));
        v.push("未使用品".repeat(2_500));
        v.push("👍".repeat(10_000));
        v.push(" ".repeat(10_000));
        v
    }

    /// Tokens are non-empty, on char boundaries, in order and cover `text` without gaps.
    pub(super) fn assert_tiles(text: &str, tokens: &[Token]) {
        let mut at = 0;
        for t in tokens {
            assert_eq!(t.start, at, "gap or overlap before {t:?} in {text:?}");
            assert!(t.end > t.start, "empty token {t:?} in {text:?}");
            assert!(text.is_char_boundary(t.end), "{t:?} in {text:?}");
            at = t.end;
        }
        assert_eq!(at, text.len(), "tokens stop short in {text:?}");
    }

    #[test]
    fn script_runs_until_a_file_is_loaded() {
        let a = Analyzer::script_runs();
        assert_eq!(a.kind(), AnalyzerKind::ScriptRuns);
        assert!(!a.has_readings());
        let mut out = Vec::new();
        a.tokenize("ナイキのすに", &mut out).unwrap();
        assert_eq!(out.len(), 2);
        // A damaged file is refused and script runs keep serving.
        assert!(a.load_bytes(b"not an analyzer dictionary").is_err());
        assert_eq!(a.kind(), AnalyzerKind::ScriptRuns);
    }

    #[cfg(feature = "analysis")]
    #[test]
    fn a_loaded_file_serves_and_a_bad_one_keeps_it() {
        let a = Analyzer::script_runs();
        let bytes = Analyzer::trimmed_ipadic(false).unwrap();
        a.load_bytes(&bytes).unwrap();
        assert_eq!(a.kind(), AnalyzerKind::File);
        let mut out = Vec::new();
        a.tokenize("ナイキのすに", &mut out).unwrap();
        assert_eq!(out[1].pos, Pos::Particle);
        let err = a.load_bytes(&bytes[..bytes.len() - 1]).unwrap_err();
        assert!(matches!(err, crate::Error::AnalyzerFile(_)), "{err}");
        assert_eq!(a.kind(), AnalyzerKind::File);
        a.tokenize("ナイキのすに", &mut out).unwrap();
        assert_eq!(out[1].pos, Pos::Particle);
        a.unload();
        assert_eq!(a.kind(), AnalyzerKind::ScriptRuns);
        assert_eq!(Analyzer::new().unwrap().kind(), AnalyzerKind::Embedded);
    }

    #[test]
    fn kana_helpers() {
        let mut s = String::new();
        push_katakana(&mut s, "しんぴんゝー・ゔ");
        assert_eq!(s, "シンピンヽーヴ");
        assert!(matches!(fallback("ナイキ", Pos::Unknown), Fallback::Kana));
        assert!(matches!(
            fallback("ルイ・ヴィトン", Pos::Unknown),
            Fallback::Kana
        ));
        assert!(matches!(fallback("２７", Pos::Unknown), Fallback::Digits));
        assert!(matches!(fallback("・", Pos::Symbol), Fallback::Skip));
        assert!(matches!(
            fallback("Nike", Pos::Unknown),
            Fallback::Unreadable
        ));
    }
}
