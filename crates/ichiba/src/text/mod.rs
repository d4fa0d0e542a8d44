//! Text: everything that turns what the user typed into lookup keys.
//!
//! - [`fold`] / [`fold_into`]: the lookup-key normalisation (NFKC width folding, lower case,
//!   katakana → hiragana, separators dropped, `-` after kana → `ー`), the same at build time
//!   and at query time;
//! - [`kana`]: hiragana ⇄ katakana and character classes ([`kana::Script`]);
//! - [`romaji`]: romaji → hiragana as an IME converts it, with the unfinished tail kept
//!   pending ("shupu" → しゅぷ, "ky" pending) and the kana that tail can still become;
//! - [`cursor`]: byte cursors checked and snapped to grapheme clusters, and conversions from
//!   and to the `char` and UTF-16 units that the CLI and the mobile bindings count in.
//!
//! Every function here is total: any `&str` and any offset give an answer or an
//! [`Error`](crate::Error), never a panic, and the work stays bounded on huge input.
//!
//! ```
//! use ichiba::text::{fold, romaji};
//!
//! assert_eq!(fold("ｼｭﾌﾟﾘｰﾑ"), "しゅぷりーむ");
//! let typed = romaji::to_kana("shupu");
//! assert_eq!(typed.kana, "しゅぷ");
//! assert!(typed.pending.is_empty());
//! ```

pub mod cursor;
pub mod kana;
mod normalize;
pub mod romaji;

pub use normalize::{fold, fold_into};

/// Whether `s` is a folded reading as dictionary keys hold them: hiragana, `ー` and ASCII
/// digits (7ごう, 24じかん), with at least one kana.
pub fn is_reading(s: &str) -> bool {
    s.chars().any(kana::is_hiragana)
        && s.chars()
            .all(|c| kana::is_hiragana(c) || kana::is_long_vowel_mark(c) || c.is_ascii_digit())
}

#[cfg(test)]
mod reading_tests {
    use super::is_reading;

    #[test]
    fn readings() {
        assert!(is_reading("しゅぷりーむ"));
        assert!(is_reading("7ごう"));
        assert!(!is_reading("27"));
        assert!(!is_reading("ーー"));
        assert!(!is_reading(""));
        assert!(!is_reading("シュプ"));
        assert!(!is_reading("sup"));
    }
}
