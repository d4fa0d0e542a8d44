//! The analyzer proper: lindera's Viterbi segmenter over the embedded IPADIC.

use std::sync::Mutex;

use ::lindera::dictionary::Dictionary;
use ::lindera::mode::Mode;
use ::lindera::segmenter::Segmenter;
use ::lindera::token::Token as LinderaToken;
use ::lindera::worker::SegmentWorker;

use super::{Fallback, Pos, Token, fallback, is_hiragana, is_kana, push_katakana};
use crate::{Error, Result};

/// Workers kept for reuse; more only exist while more threads tokenize at once.
const MAX_IDLE_WORKERS: usize = 16;

/// Morphological analyzer: lindera 6.2 with IPADIC, shared by all threads.
///
/// lindera's `Segmenter` is `Send + Sync` and immutable, but segmenting with it directly
/// allocates a fresh Viterbi lattice per call. Its `SegmentWorker` keeps the lattice and the
/// backtrace buffer between calls but needs `&mut`, so the analyzer keeps a small pool of
/// workers behind a mutex that is held only to take or return one (never while
/// segmenting): threads do not wait on each other, and a keystroke's tokenization allocates
/// only lindera's token vector.
pub struct Analyzer {
    /// The template every worker is cloned from (cheap: the dictionary is `Arc`-shared).
    segmenter: Segmenter,
    /// Idle workers, each bound to a clone of `segmenter`.
    idle: Mutex<Vec<SegmentWorker>>,
    /// Index of IPADIC's `reading` field among a token's detail fields.
    reading_field: Option<usize>,
}

impl Analyzer {
    /// Loads the embedded IPADIC (about a millisecond, shared by later analyzers).
    ///
    /// # Errors
    ///
    /// [`Error::Analyzer`] if the embedded dictionary cannot be loaded (a build problem).
    pub fn new() -> Result<Self> {
        let dictionary = ichiba_ipadic::dictionary().map_err(|e| Error::Analyzer(e.to_string()))?;
        // Detail fields are the schema's fields after surface, left id, right id and cost.
        let reading_field = dictionary
            .metadata
            .dictionary_schema
            .get_field_index("reading")
            .and_then(|i| i.checked_sub(4));
        let segmenter = Segmenter::new(Mode::Normal, dictionary, None).keep_whitespace(true);
        Ok(Analyzer {
            segmenter,
            idle: Mutex::new(Vec::new()),
            reading_field,
        })
    }

    /// Tokenizes `text` (the caller bounds its length) into `out`, which is cleared first.
    ///
    /// The tokens tile `text`: every byte is in exactly one token, in order. Whitespace comes
    /// back as [`Pos::Whitespace`] tokens (consecutive spaces, tabs and newlines form one
    /// token; U+3000 is a token of its own), never as a gap.
    /// Never panics; any `&str` is accepted. lindera cuts sentences at `。`, `、`, `\n`, `\t`
    /// and every 32 KiB, so a long input costs time linear in its length.
    ///
    /// # Errors
    ///
    /// [`Error::Analyzer`] if lindera fails (it does not for valid UTF-8 with this dictionary).
    pub fn tokenize(&self, text: &str, out: &mut Vec<Token>) -> Result<()> {
        out.clear();
        self.with_tokens(text, |tokens| {
            out.reserve(tokens.len());
            for t in tokens {
                // lindera's offsets are char boundaries; should one not be, its token is
                // skipped and the gap closed below instead of panicking.
                let Some(surface) = text.get(t.byte_start..t.byte_end) else {
                    continue;
                };
                push_tiling(out, t.byte_start, t.byte_end, self.pos(t, surface));
            }
        })?;
        // Closes a trailing gap: not seen with IPADIC, but the tokens must cover the text.
        push_tiling(out, text.len(), text.len(), Pos::Unknown);
        Ok(())
    }

    /// The reading of a whole surface in katakana, as IPADIC gives it; for building
    /// dictionaries, not for keystrokes.
    ///
    /// The surface is segmented like [`Analyzer::tokenize`] does, and each token, in order:
    /// 1. contributes its IPADIC reading, if it has one made only of katakana (and ー),
    ///    whatever its part of speech (so ＋ reads タス, and 未 alone reads ヒツジ);
    /// 2. otherwise, if its surface is all hiragana/katakana (ー and ゝゞヽヾ included; middle
    ///    dots ・ allowed and dropped), contributes that surface in katakana (unknown
    ///    katakana words: ナイキ → ナイキ, ルイ・ヴィトン → ルイヴィトン);
    /// 3. otherwise, if its surface is all ASCII or full-width digits, contributes it as is;
    /// 4. otherwise, if it is whitespace or a symbol (・, 「, ！, emoji …), contributes nothing;
    /// 5. otherwise (Latin letters, half-width katakana, a kanji IPADIC does not know, …)
    ///    makes the whole reading `None`.
    ///
    /// `None` also when nothing was contributed (an empty or all-symbol surface).
    /// NFKC-normalize the surface first: half-width katakana and full-width Latin are not
    /// read.
    ///
    /// # Errors
    ///
    /// [`Error::Analyzer`] if lindera fails.
    pub fn reading(&self, surface: &str) -> Result<Option<String>> {
        let mut reading = String::with_capacity(surface.len());
        let mut readable = true;
        self.with_tokens(surface, |tokens| {
            for t in tokens {
                let Some(text) = surface.get(t.byte_start..t.byte_end) else {
                    readable = false;
                    return;
                };
                if let Some(r) = self.dictionary_reading(t).filter(|r| is_katakana(r)) {
                    reading.push_str(r);
                    continue;
                }
                let pos = self.pos(t, text);
                match fallback(text, pos) {
                    Fallback::Kana => push_katakana(&mut reading, text),
                    Fallback::Digits => reading.push_str(text),
                    Fallback::Skip => {}
                    Fallback::Unreadable => {
                        readable = false;
                        return;
                    }
                }
            }
        })?;
        Ok((readable && !reading.is_empty()).then_some(reading))
    }

    /// Segments `text` with a pooled worker and hands lindera's tokens to `f`.
    fn with_tokens<R>(&self, text: &str, f: impl FnOnce(&[LinderaToken<'_>]) -> R) -> Result<R> {
        let mut worker = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop()
            .unwrap_or_else(|| self.segmenter.new_worker());
        let result = match worker.segment(text) {
            Ok(tokens) => Ok(f(&tokens)),
            Err(e) => Err(Error::Analyzer(e.to_string())),
        };
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if idle.len() < MAX_IDLE_WORKERS {
            idle.push(worker);
        }
        result
    }

    /// A system dictionary word's reading field (unknown words have none).
    fn dictionary_reading(&self, token: &LinderaToken<'_>) -> Option<&str> {
        if token.word_id.is_unknown() || !token.word_id.is_system() {
            return None;
        }
        let field = self.reading_field?;
        let id = token.word_id.id() as usize;
        self.segmenter
            .dictionary
            .word_details_iter(id)
            .nth(field)
            .filter(|r| !r.is_empty() && *r != "*")
    }

    /// The coarse part of speech of one of lindera's tokens.
    fn pos(&self, token: &LinderaToken<'_>, surface: &str) -> Pos {
        let dictionary: &Dictionary = &self.segmenter.dictionary;
        let id = token.word_id.id() as usize;
        if token.word_id.is_unknown() {
            // IPADIC gives unknown runs a guessed POS by character class (unknown symbols are
            // 名詞,サ変接続!); only the class itself is worth keeping.
            return by_chars(surface);
        }
        if !token.word_id.is_system() {
            return Pos::Unknown; // a user dictionary entry: none are loaded
        }
        let mut fields = dictionary.word_details_iter(id);
        let major = fields.next().unwrap_or("");
        let minor = fields.next().unwrap_or("");
        match (major, minor) {
            ("名詞", _) => Pos::Noun,
            ("動詞", _) => Pos::Verb,
            ("形容詞", _) => Pos::Adjective,
            ("助詞", _) => Pos::Particle,
            ("助動詞", _) => Pos::Auxiliary,
            ("接頭詞", _) => Pos::Prefix,
            ("記号", "空白") => Pos::Whitespace,
            ("記号", _) => Pos::Symbol,
            // 副詞, 連体詞, 接続詞, 感動詞, フィラー, その他
            _ => Pos::Other,
        }
    }
}

/// Whether `s` is a non-empty reading in katakana (see [`is_kana`]; hiragana excluded).
fn is_katakana(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| is_kana(c) && !is_hiragana(c))
}

/// The POS of a run the dictionary does not know, from its characters alone.
fn by_chars(surface: &str) -> Pos {
    if surface.chars().all(char::is_whitespace) {
        Pos::Whitespace
    } else if surface.chars().next().is_some_and(char::is_alphanumeric) {
        Pos::Unknown
    } else {
        Pos::Symbol
    }
}

/// Appends a token, first closing any gap lindera left before it (none seen with IPADIC).
fn push_tiling(out: &mut Vec<Token>, start: usize, end: usize, pos: Pos) {
    let at = out.last().map_or(0, |t| t.end);
    if start > at {
        out.push(Token {
            start: at,
            end: start,
            pos: Pos::Unknown,
        });
    }
    if end > start.max(at) {
        out.push(Token {
            start: start.max(at),
            end,
            pos,
        });
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::super::tests::{assert_tiles, odd_inputs};
    use super::*;

    fn analyzer() -> &'static Analyzer {
        static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
        ANALYZER.get_or_init(|| Analyzer::new().unwrap())
    }

    fn tokens(text: &str) -> Vec<(&str, Pos)> {
        let mut out = Vec::new();
        analyzer().tokenize(text, &mut out).unwrap();
        assert_tiles(text, &out);
        out.iter().map(|t| (&text[t.start..t.end], t.pos)).collect()
    }

    #[test]
    fn is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Analyzer>();
    }

    #[test]
    fn particle_after_unknown_katakana() {
        let toks = tokens("ナイキのすに");
        assert_eq!(toks[0], ("ナイキ", Pos::Unknown));
        assert_eq!(toks[1], ("の", Pos::Particle));
    }

    #[test]
    fn fragment_start_is_a_token_start() {
        let text = "新品未使";
        let mut out = Vec::new();
        analyzer().tokenize(text, &mut out).unwrap();
        let start_of_mi = text.find('未').unwrap();
        assert!(
            out.iter().any(|t| t.start == start_of_mi),
            "{:?}",
            tokens(text)
        );
    }

    #[test]
    fn whitespace_is_a_token() {
        let toks = tokens("新品  未使用\u{3000}です\n");
        assert!(toks.contains(&("  ", Pos::Whitespace)), "{toks:?}");
        assert!(toks.contains(&("\u{3000}", Pos::Whitespace)), "{toks:?}");
        assert!(toks.contains(&("\n", Pos::Whitespace)), "{toks:?}");
        assert!(toks.contains(&("です", Pos::Auxiliary)), "{toks:?}");
    }

    #[test]
    fn coarse_pos() {
        let toks = tokens("美しい靴を買った。");
        assert_eq!(
            toks,
            [
                ("美しい", Pos::Adjective),
                ("靴", Pos::Noun),
                ("を", Pos::Particle),
                ("買っ", Pos::Verb),
                ("た", Pos::Auxiliary),
                ("。", Pos::Symbol),
            ]
        );
        assert_eq!(tokens("👍🏽")[0].1, Pos::Symbol);
        assert_eq!(tokens("Nike")[0], ("Nike", Pos::Unknown));
    }

    #[test]
    fn out_is_cleared() {
        let mut out = vec![Token {
            start: 9,
            end: 99,
            pos: Pos::Noun,
        }];
        analyzer().tokenize("", &mut out).unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn katakana_readings_only() {
        assert!(is_katakana("シンピン"));
        assert!(!is_katakana("しんぴん"));
        assert!(!is_katakana("・"));
        assert!(!is_katakana(""));
    }

    #[test]
    fn readings() {
        let a = analyzer();
        let r = |s: &str| a.reading(s).unwrap();
        assert_eq!(r("新品未使用").as_deref(), Some("シンピンミシヨウ"));
        assert_eq!(
            r("目立った傷や汚れなし").as_deref(),
            Some("メダッタキズヤヨゴレナシ")
        );
        assert_eq!(r("ナイキ").as_deref(), Some("ナイキ"));
        assert_eq!(
            r("ナイキのスニーカー").as_deref(),
            Some("ナイキノスニーカー")
        );
        assert_eq!(r("ルイ・ヴィトン").as_deref(), Some("ルイヴィトン"));
        assert_eq!(r("2個セット").as_deref(), Some("2コセット"));
        assert_eq!(r("すにーかー").as_deref(), Some("スニーカー"));
        assert_eq!(r("＋"), Some("タス".to_string())); // as IPADIC gives it
        assert_eq!(r("Nike"), None);
        assert_eq!(r("ナイキ Air"), None);
        assert_eq!(r(""), None);
        assert_eq!(r("・"), None);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let a = analyzer();
        let mut out = Vec::new();
        for text in odd_inputs() {
            a.tokenize(&text, &mut out).unwrap();
            assert_tiles(&text, &out);
            a.reading(&text).unwrap();
        }
    }

    #[test]
    fn threads_share_one_analyzer() {
        let a = analyzer();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    let mut out = Vec::new();
                    for _ in 0..200 {
                        a.tokenize("ナイキのスニーカー 27cm 美品", &mut out)
                            .unwrap();
                        assert_eq!(out[1].pos, Pos::Particle);
                    }
                });
            }
        });
    }
}
