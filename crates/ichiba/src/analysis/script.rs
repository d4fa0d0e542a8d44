//! The fallback analyzer, without a dictionary: segmentation by script runs.

use unicode_segmentation::UnicodeSegmentation;

use super::{Fallback, Pos, Token, fallback, push_katakana};
use crate::Result;

/// Analyzer without a dictionary (none loaded, or no lindera in the build): splits text into runs of one
/// script.
///
/// The text is walked by extended grapheme cluster (so `e` + U+0301, 👍🏽 and flag or ZWJ
/// sequences stay whole) and each cluster is classed by its first character:
///
/// | class | characters | token |
/// | --- | --- | --- |
/// | hiragana | ぁ–ゖ, ゝゞ | one per run, [`Pos::Unknown`] |
/// | katakana | ァ–ヺ, ー, ヽヾ, ㇰ–ㇿ, half-width ｦ–ﾟ | one per run, [`Pos::Unknown`] |
/// | kanji | CJK ideographs (all planes), 々, 〆, 〇 | one per run, [`Pos::Unknown`] |
/// | Latin and digits | any other alphanumeric (Latin, digits, full-width, Greek, Hangul …) | one per run, [`Pos::Unknown`] |
/// | whitespace | `char::is_whitespace` (incl. U+3000) | one per run, [`Pos::Whitespace`] |
/// | other | punctuation, symbols, emoji, controls | one per cluster, [`Pos::Symbol`] |
///
/// Stateless and allocation-free; trivially `Send + Sync`.
#[derive(Debug, Default)]
pub struct ScriptRuns {
    _private: (),
}

/// The script class of a grapheme cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Hiragana,
    Katakana,
    Kanji,
    Alnum,
    Space,
    Other,
}

impl Class {
    fn of(c: char) -> Class {
        match c {
            '\u{3041}'..='\u{3096}' | 'ゝ' | 'ゞ' => Class::Hiragana,
            '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FE}' | '\u{31F0}'..='\u{31FF}' => {
                Class::Katakana
            }
            '\u{FF66}'..='\u{FF9F}' => Class::Katakana,
            '々'
            | '〆'
            | '〇'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{3FFFF}' => Class::Kanji,
            c if c.is_whitespace() => Class::Space,
            c if c.is_alphanumeric() => Class::Alnum,
            _ => Class::Other,
        }
    }

    fn pos(self) -> Pos {
        match self {
            Class::Space => Pos::Whitespace,
            Class::Other => Pos::Symbol,
            _ => Pos::Unknown,
        }
    }
}

impl ScriptRuns {
    /// Tokenizes `text` into `out`, which is cleared first.
    ///
    /// The tokens tile `text`: every byte is in exactly one token, in order. Whitespace comes
    /// back as [`Pos::Whitespace`] tokens (a run of whitespace is one token), never as a
    /// gap; each symbol cluster is its own [`Pos::Symbol`] token. Never panics.
    ///
    /// # Errors
    ///
    /// Never.
    pub fn tokenize(&self, text: &str, out: &mut Vec<Token>) -> Result<()> {
        out.clear();
        let mut run: Option<(usize, Class)> = None;
        for (at, cluster) in text.grapheme_indices(true) {
            let class = cluster.chars().next().map_or(Class::Other, Class::of);
            match run {
                Some((_, current)) if current == class && class != Class::Other => {}
                Some((start, current)) => {
                    out.push(Token {
                        start,
                        end: at,
                        pos: current.pos(),
                    });
                    run = Some((at, class));
                }
                None => run = Some((at, class)),
            }
        }
        if let Some((start, class)) = run {
            out.push(Token {
                start,
                end: text.len(),
                pos: class.pos(),
            });
        }
        Ok(())
    }

    /// The reading of a surface in katakana, from its kana alone (there is no dictionary).
    ///
    /// The same rule as the dictionary-backed analyzer's, over the runs of
    /// [`ScriptRuns::tokenize`], none of which has a dictionary reading: kana runs contribute
    /// themselves in katakana, digit runs themselves, whitespace and symbols nothing, and any
    /// other run (kanji, Latin letters, half-width katakana) makes the reading `None`.
    /// `None` also when nothing was contributed.
    ///
    /// # Errors
    ///
    /// Never.
    pub fn reading(&self, surface: &str) -> Result<Option<String>> {
        let mut tokens = Vec::new();
        self.tokenize(surface, &mut tokens)?;
        let mut reading = String::with_capacity(surface.len());
        for t in &tokens {
            let text = &surface[t.start..t.end];
            match fallback(text, t.pos) {
                Fallback::Kana => push_katakana(&mut reading, text),
                Fallback::Digits => reading.push_str(text),
                Fallback::Skip => {}
                Fallback::Unreadable => return Ok(None),
            }
        }
        Ok((!reading.is_empty()).then_some(reading))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{assert_tiles, odd_inputs};
    use super::*;

    fn tokens(text: &str) -> Vec<(&str, Pos)> {
        let mut out = Vec::new();
        ScriptRuns::default().tokenize(text, &mut out).unwrap();
        assert_tiles(text, &out);
        out.iter().map(|t| (&text[t.start..t.end], t.pos)).collect()
    }

    #[test]
    fn script_runs() {
        use Pos::*;
        assert_eq!(
            tokens("ナイキのスニーカー 27.5cm、新品未使用！👍🏽"),
            [
                ("ナイキ", Unknown),
                ("の", Unknown),
                ("スニーカー", Unknown),
                (" ", Whitespace),
                ("27", Unknown),
                (".", Symbol),
                ("5cm", Unknown),
                ("、", Symbol),
                ("新品未使用", Unknown),
                ("！", Symbol),
                ("👍🏽", Symbol),
            ]
        );
        assert_eq!(tokens("ｼｭﾌﾟﾘｰﾑ"), [("ｼｭﾌﾟﾘｰﾑ", Unknown)]);
        assert_eq!(
            tokens("e\u{301}te\u{301}"),
            [("e\u{301}te\u{301}", Unknown)]
        );
        assert_eq!(tokens(" \t\u{3000}"), [(" \t\u{3000}", Whitespace)]);
        assert_eq!(tokens("!!"), [("!", Symbol), ("!", Symbol)]);
    }

    #[test]
    fn only_script_changes_split() {
        // Without a dictionary, 新品未使 is one kanji run and のすに one hiragana run; only
        // script changes split.
        assert_eq!(tokens("新品未使"), [("新品未使", Pos::Unknown)]);
        assert_eq!(
            tokens("ナイキのすに"),
            [("ナイキ", Pos::Unknown), ("のすに", Pos::Unknown)]
        );
    }

    #[test]
    fn readings() {
        let a = ScriptRuns::default();
        let r = |s: &str| a.reading(s).unwrap();
        assert_eq!(r("すにーかー").as_deref(), Some("スニーカー"));
        assert_eq!(r("ルイ・ヴィトン").as_deref(), Some("ルイヴィトン"));
        assert_eq!(r("２個"), None);
        assert_eq!(r("新品未使用"), None);
        assert_eq!(r("Nike"), None);
        assert_eq!(r(""), None);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let a = ScriptRuns::default();
        let mut out = Vec::new();
        for text in odd_inputs() {
            a.tokenize(&text, &mut out).unwrap();
            assert_tiles(&text, &out);
            a.reading(&text).unwrap();
        }
    }
}
