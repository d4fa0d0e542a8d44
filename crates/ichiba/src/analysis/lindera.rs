//! The analyzer proper: lindera's Viterbi segmenter over the embedded IPADIC.

use std::sync::Mutex;

use ::lindera::dictionary::Dictionary;
use ::lindera::mode::Mode;
use ::lindera::segmenter::Segmenter;
use lindera_dictionary::viterbi::{Lattice, LatticeOptions, WordId};

use super::{Fallback, Pos, Token, fallback, is_hiragana, is_kana, push_katakana};
use crate::{Error, Result};

/// Buffers kept for reuse; more only exist while more threads tokenize at once.
const MAX_IDLE_BUFFERS: usize = 16;

/// lindera's sentence cut when no delimiter comes: 32 KiB (`MAX_SENTENCE_BYTES`).
const MAX_SENTENCE_BYTES: usize = 32 * 1024;

/// Every this many calls, a lattice grown far past what the calls needed is shrunk back.
const SHRINK_WINDOW_CALLS: u32 = 64;
/// Lattice capacity (characters) never shrunk below.
const SHRINK_FLOOR_CHARS: usize = 4 * 1024;

/// A Viterbi lattice and its backtrace buffer, reused from one call to the next.
#[derive(Default)]
struct Buffers {
    lattice: Lattice,
    offsets: Vec<(usize, WordId)>,
    /// Largest sentence (characters) seen since the last shrink check.
    needed: usize,
    /// Calls since the last shrink check.
    calls: u32,
}

impl Buffers {
    /// Bounds retained memory after a long input, as lindera's `SegmentWorker` does.
    fn maybe_shrink(&mut self) {
        self.needed = self.needed.max(self.lattice.take_max_char_len());
        self.calls += 1;
        if self.calls >= SHRINK_WINDOW_CALLS {
            let target = self.needed.max(SHRINK_FLOOR_CHARS);
            if self.lattice.capacity() > target.saturating_mul(2) {
                self.lattice.shrink_to(target);
            }
            self.needed = 0;
            self.calls = 0;
        }
    }
}

/// Morphological analyzer: lindera 6.2 with IPADIC, shared by all threads.
///
/// lindera's `Segmenter` is `Send + Sync` and immutable, but segmenting with it allocates
/// a fresh Viterbi lattice per call, and even its reusable `SegmentWorker` returns a fresh
/// vector of tokens. The analyzer drives lindera's lattice itself — the same sentence cuts,
/// options and backtrace as `Segmenter::segment` (a test compares the two) — with a small
/// pool of lattices behind a mutex held only to take or return one (never while
/// segmenting): threads do not wait on each other, and a keystroke's tokenization into a
/// reused token vector allocates nothing.
pub struct Analyzer {
    /// Its dictionary and options (Normal mode, whitespace kept, no user dictionary).
    segmenter: Segmenter,
    /// Idle lattices.
    idle: Mutex<Vec<Buffers>>,
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
            idle: Mutex::new(Vec::with_capacity(MAX_IDLE_BUFFERS)),
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
        self.segment(text, |start, end, word_id| {
            // Offsets are char boundaries; should one not be, its token is skipped and the
            // gap closed below instead of panicking.
            if let Some(surface) = text.get(start..end) {
                push_tiling(out, start, end, self.pos(word_id, surface));
            }
            true
        });
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
        self.segment(surface, |start, end, word_id| {
            let Some(text) = surface.get(start..end) else {
                readable = false;
                return false;
            };
            if let Some(r) = self.dictionary_reading(word_id).filter(|r| is_katakana(r)) {
                reading.push_str(r);
                return true;
            }
            let pos = self.pos(word_id, text);
            match fallback(text, pos) {
                Fallback::Kana => push_katakana(&mut reading, text),
                Fallback::Digits => reading.push_str(text),
                Fallback::Skip => {}
                Fallback::Unreadable => readable = false,
            }
            readable
        });
        Ok((readable && !reading.is_empty()).then_some(reading))
    }

    /// Segments `text` with pooled buffers, calling `f` with each token's byte range and
    /// word id in order, until it returns false.
    ///
    /// What `Segmenter::segment` does with whitespace kept and no user dictionary: cut
    /// sentences after `\n`, `\t`, `。` and `、` (or every [`MAX_SENTENCE_BYTES`]), run the
    /// lattice over each and walk back its best path.
    fn segment(&self, text: &str, mut f: impl FnMut(usize, usize, WordId) -> bool) {
        let mut buffers = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop()
            .unwrap_or_default();
        buffers.maybe_shrink();
        let dict = &self.segmenter.dictionary;
        let mut options = LatticeOptions::new(&self.segmenter.mode);
        options.max_grouping_len = self.segmenter.max_grouping_len;
        options.unknown_word_ladder = self.segmenter.unknown_word_ladder;
        let Buffers {
            lattice, offsets, ..
        } = &mut buffers;
        let mut start = 0;
        'sentences: while start < text.len() {
            let end = sentence_end(text, start);
            let sentence = &text[start..end];
            lattice.set_text_with_options(
                &dict.prefix_dictionary,
                &None,
                &dict.character_definition,
                &dict.unknown_dictionary,
                &dict.connection_cost_matrix,
                sentence,
                &options,
            );
            lattice.tokens_offset_into(offsets);
            for (i, &(at, word_id)) in offsets.iter().enumerate() {
                let next = offsets.get(i + 1).map_or(sentence.len(), |&(n, _)| n);
                if !f(start + at, start + next, word_id) {
                    break 'sentences;
                }
            }
            start = end;
        }
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if idle.len() < MAX_IDLE_BUFFERS {
            idle.push(buffers);
        }
    }

    /// A system dictionary word's reading field (unknown words have none).
    fn dictionary_reading(&self, word_id: WordId) -> Option<&str> {
        if word_id.is_unknown() || !word_id.is_system() {
            return None;
        }
        let field = self.reading_field?;
        self.segmenter
            .dictionary
            .word_details_iter(word_id.id() as usize)
            .nth(field)
            .filter(|r| !r.is_empty() && *r != "*")
    }

    /// The coarse part of speech of a token.
    fn pos(&self, word_id: WordId, surface: &str) -> Pos {
        let dictionary: &Dictionary = &self.segmenter.dictionary;
        if word_id.is_unknown() {
            // IPADIC gives unknown runs a guessed POS by character class (unknown symbols are
            // 名詞,サ変接続!); only the class itself is worth keeping.
            return by_chars(surface);
        }
        if !word_id.is_system() {
            return Pos::Unknown; // a user dictionary entry: none are loaded
        }
        let mut fields = dictionary.word_details_iter(word_id.id() as usize);
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

/// Where the sentence that starts at `start` ends (exclusive): just after the first `\n`,
/// `\t`, `。` or `、`, or at the first char boundary [`MAX_SENTENCE_BYTES`] on, or at the end.
/// lindera's own rule (`find_sentence_end`).
fn sentence_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len() {
        let b = bytes[end];
        end += 1;
        if b == b'\n' || b == b'\t' {
            return end;
        }
        if (b == 0x81 || b == 0x82) && end >= 3 {
            let last = &bytes[end - 3..end];
            if last == "。".as_bytes() || last == "、".as_bytes() {
                return end;
            }
        }
        if end - start >= MAX_SENTENCE_BYTES && text.is_char_boundary(end) {
            return end;
        }
    }
    end
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
    fn segments_as_lindera_does() {
        let a = analyzer();
        let mut texts = odd_inputs();
        texts.extend(
            [
                "ナイキ ペガサス40 US10 28cm 白 中古",
                "新品 未使用 マリオカート8 デラックス Nintendo Switch",
                "全体的に履いた感じがありますが、まだまだ履けます。\nインソールに多少の汚れがあります。",
                "箱を潰して発送します。\tお値下げ交渉はご遠慮ください。",
                "とても綺麗な状態のわんぴーす、ルイ・ヴィトンのバッグ",
                "ｼｭﾌﾟﾘｰﾑ ＴＨＥ ＮＯＲＴＨ ＦＡＣＥ　美品",
                "、、。。\n\n\t",
            ]
            .map(String::from),
        );
        // Past lindera's 32 KiB sentence cut, with and without a delimiter near it.
        texts.push("ア".repeat(12_000));
        texts.push(format!("{}。{}", "あ".repeat(10_900), "い".repeat(3_000)));
        for text in &texts {
            let want: Vec<(usize, usize, WordId)> = a
                .segmenter
                .segment(std::borrow::Cow::Borrowed(text.as_str()))
                .unwrap()
                .iter()
                .map(|t| (t.byte_start, t.byte_end, t.word_id))
                .collect();
            let mut got = Vec::new();
            a.segment(text, |start, end, id| {
                got.push((start, end, id));
                true
            });
            assert_eq!(got, want, "{:?}", text.chars().take(40).collect::<String>());
        }
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
