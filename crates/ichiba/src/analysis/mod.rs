//! Analysis of the text before the cursor: where words start and what they are.
//!
//! The engine tokenizes the last few dozen characters before the cursor on every keystroke to
//! find the candidate starts of the word being typed (the composing fragment may span token
//! boundaries: 未使 → 未使用, so it tries the starts the tokens give, longest first). The
//! dictionary builder also asks for the reading of surfaces that come without one.
//!
//! Two implementations behind one interface, chosen by the `analysis` feature:
//!
//! | feature `analysis` | [`Analyzer`] | POS | readings |
//! | --- | --- | --- | --- |
//! | on (default) | lindera + embedded IPADIC (`lindera.rs`) | IPADIC's, coarsened to [`Pos`] | IPADIC's |
//! | off | script runs (`script.rs`) | [`Pos::Unknown`] for words | kana only |
//!
//! Both return tokens that tile the text: every byte belongs to exactly one token, in order,
//! and whitespace comes back as [`Pos::Whitespace`] tokens, never as gaps.

use crate::text::kana::{is_hiragana, is_kana};

#[cfg(feature = "analysis")]
mod lindera;
#[cfg(feature = "analysis")]
pub use self::lindera::Analyzer;

// Also compiled for tests, so that `cargo test` exercises the fallback under default features.
#[cfg(any(test, not(feature = "analysis")))]
mod script;
#[cfg(not(feature = "analysis"))]
pub use self::script::Analyzer;

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
