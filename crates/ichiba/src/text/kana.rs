//! Kana scripts: hiragana ⇄ katakana and character classes.
//!
//! Everything here works one `char` at a time and never normalises: half-width katakana
//! (`ｼ`) is katakana but is not turned into hiragana by [`to_hiragana`]; run
//! [`fold`](super::fold) first when width matters.
//!
//! ```
//! use ichiba::text::kana::{Script, script, to_hiragana, to_katakana};
//!
//! assert_eq!(to_hiragana("シュプリーム"), "しゅぷりーむ");
//! assert_eq!(to_katakana("ゔぃとん"), "ヴィトン");
//! assert_eq!(script('ー'), Script::Katakana);
//! ```

/// Distance from a hiragana code point to its katakana counterpart (`あ` U+3042 → `ア` U+30A2).
const KATA_OFFSET: u32 = 0x60;

/// The broad script of one character, as the engine segments typed text.
///
/// Returned by [`script`]. Runs of the same script are a cheap stand-in for word boundaries
/// when no morphological analyzer is available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Hiragana, including the iteration marks `ゝゞ` and the digraph `ゟ`.
    Hiragana,
    /// Katakana (full- and half-width), and the long-vowel mark `ー`.
    Katakana,
    /// CJK ideographs, plus `々 〆 〇 〻` and the counter `ヶ` (as in 一ヶ月).
    Kanji,
    /// Latin letters: ASCII, full-width and the accented Latin blocks.
    Latin,
    /// ASCII and full-width decimal digits.
    Digit,
    /// Any Unicode white space, including the ideographic space U+3000.
    Whitespace,
    /// Everything else: punctuation, symbols, emoji, combining marks, other scripts.
    Other,
}

/// Converts every hiragana character of `s` to katakana, leaving all other characters as
/// they are.
///
/// `ゔ` becomes `ヴ`, the small `ゕゖ` become `ヵヶ`, and the iteration marks `ゝゞ` become
/// `ヽヾ`. See [`hira_to_kata_char`].
pub fn to_katakana(s: &str) -> String {
    s.chars().map(hira_to_kata_char).collect()
}

/// Converts every katakana character of `s` to hiragana, leaving all other characters as
/// they are.
///
/// `ヴ` becomes `ゔ`, `ヵヶ` become `ゕゖ`; `ヷヸヹヺ` have no hiragana and stay, as do
/// `ー` and half-width katakana. See [`kata_to_hira_char`].
pub fn to_hiragana(s: &str) -> String {
    s.chars().map(kata_to_hira_char).collect()
}

/// Maps one hiragana character to katakana; any other character is returned unchanged.
pub fn hira_to_kata_char(c: char) -> char {
    match c {
        'ぁ'..='ゖ' | 'ゝ' | 'ゞ' => shift(c, KATA_OFFSET as i64),
        _ => c,
    }
}

/// Maps one katakana character to hiragana; any other character is returned unchanged.
///
/// Only characters with a hiragana counterpart move: `ァ`‥`ヶ` and `ヽヾ`. `ヷヸヹヺ`,
/// `ヿ`, `ー`, the small katakana extensions (`ㇰ`…) and half-width katakana stay.
pub fn kata_to_hira_char(c: char) -> char {
    match c {
        'ァ'..='ヶ' | 'ヽ' | 'ヾ' => shift(c, -(KATA_OFFSET as i64)),
        _ => c,
    }
}

/// Moves `c` by `delta` code points; only called on ranges where the result is a valid char.
fn shift(c: char, delta: i64) -> char {
    u32::try_from(i64::from(u32::from(c)) + delta)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or(c)
}

/// Whether `c` is hiragana: `ぁ`‥`ゖ` and `ゝゞゟ`.
///
/// The long-vowel mark `ー` is not: see [`is_long_vowel_mark`]. Neither are the (script
/// neutral) voiced sound marks U+3099‥U+309C.
pub fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}')
}

/// Whether `c` is katakana: `ァ`‥`ヺ`, `ヽヾヿ`, the small katakana extensions
/// U+31F0‥U+31FF and half-width katakana (including its voiced sound marks `ﾞﾟ`).
///
/// The long-vowel marks `ー`/`ｰ` and the middle dot `・` are not.
pub fn is_katakana(c: char) -> bool {
    matches!(
        c,
        '\u{30A1}'..='\u{30FA}'
            | '\u{30FD}'..='\u{30FF}'
            | '\u{31F0}'..='\u{31FF}'
            | '\u{FF66}'..='\u{FF6F}'
            | '\u{FF71}'..='\u{FF9F}'
    )
}

/// Whether `c` is the long-vowel mark `ー` (U+30FC) or its half-width form `ｰ` (U+FF70).
pub fn is_long_vowel_mark(c: char) -> bool {
    matches!(c, 'ー' | 'ｰ')
}

/// Whether `c` is kana of either script, or the long-vowel mark.
pub fn is_kana(c: char) -> bool {
    is_hiragana(c) || is_katakana(c) || is_long_vowel_mark(c)
}

/// Whether `c` is a kanji: a CJK unified ideograph (the main block and every extension,
/// A through H), a CJK compatibility ideograph, or one of `々 〆 〇 〻 ヶ`.
///
/// `ヶ` is also katakana (a small ケ); it counts here because in running text it is the
/// counter of 一ヶ月 and belongs with the kanji around it.
pub fn is_kanji(c: char) -> bool {
    matches!(
        c,
        '\u{3005}'..='\u{3007}'
            | '\u{303B}'
            | '\u{30F6}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2FA1F}'
            | '\u{30000}'..='\u{323AF}'
    )
}

/// Whether `c` is an ASCII letter or digit, or the full-width form of one (which NFKC turns
/// into ASCII).
pub fn is_latin_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_fullwidth_digit(c) || is_fullwidth_letter(c)
}

fn is_fullwidth_digit(c: char) -> bool {
    matches!(c, '０'..='９')
}

fn is_fullwidth_letter(c: char) -> bool {
    matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || is_fullwidth_letter(c)
        || (matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') && c != '×' && c != '÷')
}

/// The [`Script`] of one character.
///
/// The long-vowel mark `ー` counts as katakana, and `ヶ` as kanji (see [`is_kanji`]).
pub fn script(c: char) -> Script {
    if is_long_vowel_mark(c) {
        Script::Katakana
    } else if is_kanji(c) {
        Script::Kanji
    } else if is_hiragana(c) {
        Script::Hiragana
    } else if is_katakana(c) {
        Script::Katakana
    } else if c.is_ascii_digit() || is_fullwidth_digit(c) {
        Script::Digit
    } else if is_latin_letter(c) {
        Script::Latin
    } else if c.is_whitespace() {
        Script::Whitespace
    } else {
        Script::Other
    }
}

/// The kana a character is a form of: voicing marks removed (が → か, ぱ → は) and small
/// kana made large (っ → つ, ゃ → や). Other characters are returned as they are.
pub fn base_kana(c: char) -> char {
    use unicode_normalization::char::decompose_canonical;
    let mut base = c;
    let mut first = true;
    decompose_canonical(c, |d| {
        if first {
            base = d;
            first = false;
        }
    });
    const SMALL: [(char, char); 12] = [
        ('ぁ', 'あ'),
        ('ぃ', 'い'),
        ('ぅ', 'う'),
        ('ぇ', 'え'),
        ('ぉ', 'お'),
        ('っ', 'つ'),
        ('ゃ', 'や'),
        ('ゅ', 'ゆ'),
        ('ょ', 'よ'),
        ('ゎ', 'わ'),
        ('ゕ', 'か'),
        ('ゖ', 'け'),
    ];
    SMALL
        .iter()
        .find(|&&(small, _)| small == base)
        .map_or(base, |&(_, large)| large)
}

/// The keys of the 12-key flick layout, each the row of kana it holds.
const FLICK_KEYS: [&str; 10] = [
    "あいうえお",
    "かきくけこ",
    "さしすせそ",
    "たちつてと",
    "なにぬねの",
    "はひふへほ",
    "まみむめも",
    "やゆよ",
    "らりるれろ",
    "わをんー",
];

/// What kind of slip typing `typed` for `key` is (both folded: hiragana, lower case).
pub fn slip(typed: char, key: char) -> crate::dictionary::typo::Slip {
    use crate::dictionary::typo::Slip;
    let (a, b) = (base_kana(typed), base_kana(key));
    let vowel = |c: char| "あいうえお".contains(c);
    if a == b || (is_long_vowel_mark(typed) && vowel(b)) || (vowel(a) && is_long_vowel_mark(key)) {
        return Slip::Mark;
    }
    let key_of = |c: char| FLICK_KEYS.iter().position(|k| k.contains(c));
    match (key_of(a), key_of(b)) {
        (Some(x), Some(y)) if x == y => Slip::Flick,
        _ => Slip::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_hiragana() {
        for c in ('ぁ'..='ゖ').chain(['ゝ', 'ゞ']) {
            let k = hira_to_kata_char(c);
            assert!(is_katakana(k), "{c} → {k}");
            assert_eq!(kata_to_hira_char(k), c);
        }
    }

    #[test]
    fn string_conversion() {
        assert_eq!(to_katakana("しゅぷりーむ"), "シュプリーム");
        assert_eq!(to_hiragana("シュプリーム"), "しゅぷりーむ");
        assert_eq!(to_hiragana("ヴィトン"), "ゔぃとん");
        assert_eq!(to_katakana("ゔぃとん"), "ヴィトン");
        assert_eq!(to_hiragana("ヵヶ"), "ゕゖ");
        assert_eq!(to_katakana("ゕゖ"), "ヵヶ");
        assert_eq!(to_hiragana("ヽヾ"), "ゝゞ");
        // No hiragana counterpart, or not katakana at all: unchanged.
        assert_eq!(to_hiragana("ヷヸヹヺヿ・ーｼ"), "ヷヸヹヺヿ・ーｼ");
        assert_eq!(to_hiragana("Tシャツ 新品"), "Tしゃつ 新品");
        assert_eq!(to_katakana("Tしゃつ 新品"), "Tシャツ 新品");
        assert_eq!(to_katakana("ゟ"), "ゟ");
        assert_eq!(to_hiragana(""), "");
    }

    #[test]
    fn char_classes() {
        assert!(is_hiragana('ぁ') && is_hiragana('ん') && is_hiragana('ゖ') && is_hiragana('ゞ'));
        assert!(!is_hiragana('ー') && !is_hiragana('ア') && !is_hiragana('\u{3099}'));
        assert!(is_katakana('ァ') && is_katakana('ヴ') && is_katakana('ヺ') && is_katakana('ｼ'));
        assert!(is_katakana('ﾞ') && is_katakana('ㇰ') && is_katakana('ヶ'));
        assert!(!is_katakana('ー') && !is_katakana('ｰ') && !is_katakana('・'));
        assert!(is_long_vowel_mark('ー') && is_long_vowel_mark('ｰ') && !is_long_vowel_mark('-'));
        assert!(is_kana('ー') && is_kana('あ') && is_kana('ア') && !is_kana('亜'));
        for c in ['亜', '㐀', '々', '〆', 'ヶ', '𠮷', '鿿', '丨'] {
            assert!(is_kanji(c), "{c}");
        }
        for c in ['あ', 'ア', 'a', '・', 'ー', '〜'] {
            assert!(!is_kanji(c), "{c}");
        }
        for c in ['a', 'Z', '0', '9', 'Ａ', 'ｚ', '０'] {
            assert!(is_latin_alnum(c), "{c}");
        }
        for c in ['é', '-', '①', 'あ', ' '] {
            assert!(!is_latin_alnum(c), "{c}");
        }
    }

    #[test]
    fn scripts() {
        let cases = [
            ('あ', Script::Hiragana),
            ('ゝ', Script::Hiragana),
            ('ア', Script::Katakana),
            ('ｼ', Script::Katakana),
            ('ー', Script::Katakana),
            ('ｰ', Script::Katakana),
            ('新', Script::Kanji),
            ('々', Script::Kanji),
            ('ヶ', Script::Kanji),
            ('a', Script::Latin),
            ('Ｚ', Script::Latin),
            ('é', Script::Latin),
            ('×', Script::Other),
            ('7', Script::Digit),
            ('７', Script::Digit),
            (' ', Script::Whitespace),
            ('\u{3000}', Script::Whitespace),
            ('\n', Script::Whitespace),
            ('・', Script::Other),
            ('!', Script::Other),
            ('👍', Script::Other),
            ('\u{301}', Script::Other),
        ];
        for (c, want) in cases {
            assert_eq!(script(c), want, "{c:?}");
        }
    }

    #[test]
    fn total_over_all_chars() {
        // No char panics, and the maps only move kana.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let h = kata_to_hira_char(c);
            let k = hira_to_kata_char(c);
            if h != c {
                assert!(is_katakana(c) && is_hiragana(h));
            }
            if k != c {
                assert!(is_hiragana(c) && is_katakana(k));
            }
            let _ = script(c);
        }
    }

    #[test]
    fn slips() {
        use crate::dictionary::typo::Slip;
        assert_eq!(base_kana('が'), 'か');
        assert_eq!(base_kana('ぱ'), 'は');
        assert_eq!(base_kana('っ'), 'つ');
        assert_eq!(base_kana('ゔ'), 'う');
        assert_eq!(base_kana('x'), 'x');
        assert_eq!(slip('か', 'が'), Slip::Mark);
        assert_eq!(slip('つ', 'っ'), Slip::Mark);
        assert_eq!(slip('ー', 'う'), Slip::Mark);
        assert_eq!(slip('く', 'き'), Slip::Flick);
        assert_eq!(slip('ぐ', 'き'), Slip::Flick);
        assert_eq!(slip('く', 'し'), Slip::Other);
        assert_eq!(slip('a', 'e'), Slip::Other);
    }
}
