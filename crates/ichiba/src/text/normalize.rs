//! The lookup-key normalisation shared by the dictionary builder and the engine.

use unicode_normalization::UnicodeNormalization;

use super::kana::{is_kana, kata_to_hira_char};

/// Folds `s` into a lookup key: what the dictionary is keyed by and what a query is
/// turned into before it is looked up.
///
/// In order, on each character:
///
/// 1. **NFKC**: width and compatibility folding (`ｼｭﾌﾟﾘｰﾑ` → `シュプリーム`,
///    `ＳＵＰＲＥＭＥ` → `SUPREME`, `①` → `1`, `ｶﾞ` → `ガ`).
/// 2. **Dropped** — characters that never matter for matching: white space (any
///    `char::is_whitespace`), the middle dots `・` (U+30FB, also `･` after NFKC) and `·`
///    (U+00B7), `=` and `゠` (U+30A0, the katakana double hyphen of ジャン゠ポール),
///    the invisible U+00AD, U+200B, U+2060 and U+FEFF, and variation selectors
///    (U+FE00‥U+FE0F, U+E0100‥U+E01EF: `葛󠄀` keys as `葛`).
/// 3. **Long vowel**: a hyphen or dash (`-`, U+2010‥U+2015, U+2212) directly after a kana
///    character or `ー` becomes `ー` (`ら-めん` → `らーめん`); elsewhere it is kept
///    (`abc-def`). "Directly" means in the NFKC text: a dropped space in between breaks it.
/// 4. **Lower case** for everything cased (full Unicode lower-casing, per character).
/// 5. **Katakana → hiragana** ([`kata_to_hira_char`]): `ヴ` → `ゔ`, `ヵヶ` → `ゕゖ`; `ヷヸヹヺ`
///    stay. Small kana stay small.
///
/// Everything else is kept as it is, including `'`, `’`, `.`, `&` and other punctuation.
///
/// ```
/// use ichiba::text::fold;
///
/// assert_eq!(fold("ｼｭﾌﾟﾘｰﾑ"), "しゅぷりーむ");
/// assert_eq!(fold("ルイ・ヴィトン"), "るいゔぃとん");
/// assert_eq!(fold("THE NORTH FACE"), "thenorthface");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Appends the [`fold`] of `s` to `out`, reusing its allocation.
///
/// This is the per-keystroke form: with a reused `out` it allocates nothing, except NFKC's
/// internal buffer on a long run of combining marks. Text made only of ASCII, common kana,
/// CJK ideographs and 、。「」 (what a phone keyboard types) skips NFKC altogether.
pub fn fold_into(s: &str, out: &mut String) {
    out.reserve(s.len());
    let mut folder = Folder::default();
    match nfkc_split(s) {
        None => s.chars().for_each(|c| folder.push(c, out)),
        Some(split) => {
            s[..split].chars().for_each(|c| folder.push(c, out));
            s[split..].chars().nfkc().for_each(|c| folder.push(c, out));
        }
    }
}

/// Folding state carried from one (NFKC) character to the next.
#[derive(Default)]
struct Folder {
    /// Whether the previous character was kana or `ー`, so a hyphen now is a long vowel.
    after_kana: bool,
}

impl Folder {
    /// Folds one character of NFKC text into `out`.
    fn push(&mut self, c: char, out: &mut String) {
        let after_kana = std::mem::replace(&mut self.after_kana, is_kana(c));
        if is_dropped(c) {
            return;
        }
        if after_kana && is_hyphen(c) {
            out.push('ー');
            self.after_kana = true;
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_uncased_cjk(c) {
            out.push(kata_to_hira_char(c));
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Where NFKC must start: `None` if NFKC leaves all of `s` as it is, else the start of the
/// character before the first one NFKC may change (that one could compose with it).
///
/// Every character passed over is a starter that NFKC keeps and that never composes with
/// what precedes it, so NFKC of the tail alone is NFKC of the whole from there on.
fn nfkc_split(s: &str) -> Option<usize> {
    let mut prev = 0;
    for (i, c) in s.char_indices() {
        if !is_nfkc_stable(c) {
            return Some(prev);
        }
        prev = i;
    }
    None
}

/// Characters that are their own NFKC, combining class 0, and never the second half of a
/// composition: ASCII, hiragana and katakana letters, `・ー`, 、。「」 and the CJK
/// unified ideographs of the main block.
fn is_nfkc_stable(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{7F}'
            | '\u{3001}'..='\u{3002}'
            | '\u{300C}'..='\u{300D}'
            | '\u{3041}'..='\u{3096}'
            | '\u{30A1}'..='\u{30FC}'
            | '\u{4E00}'..='\u{9FFF}'
    )
}

/// Characters that [`fold`] removes.
fn is_dropped(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '・' | '·'
                | '='
                | '゠'
                | '\u{00AD}'
                | '\u{200B}'
                | '\u{2060}'
                | '\u{FEFF}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{E0100}'..='\u{E01EF}'
        )
}

/// Hyphens and dashes that turn into `ー` after kana (as they stand after NFKC: `－` is
/// already `-`, `‑` already `‐`, `ｰ` already `ー`).
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// A fast path around `char::to_lowercase`: U+3000‥U+A63F (CJK punctuation, kana, CJK
/// ideographs, Yi) holds no cased character.
fn is_uncased_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{A63F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        let cases = [
            ("ｼｭﾌﾟﾘｰﾑ", "しゅぷりーむ"),
            ("ＳＵＰＲＥＭＥ", "supreme"),
            ("ルイ・ヴィトン", "るいゔぃとん"),
            ("Louis Vuitton", "louisvuitton"),
            ("THE NORTH FACE", "thenorthface"),
            ("Tシャツ", "tしゃつ"),
            ("新品未使用", "新品未使用"),
            ("ﾀﾞｳﾝ", "だうん"),
            ("らーめん", "らーめん"),
            ("ら-めん", "らーめん"),
            ("abc-def", "abc-def"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "fold({input:?})");
        }
    }

    #[test]
    fn width_and_compatibility() {
        assert_eq!(fold("①"), "1");
        assert_eq!(fold("ｶﾞ"), "が");
        assert_eq!(fold("ｳﾞｨﾄﾝ"), "ゔぃとん");
        assert_eq!(fold("ｯｬｭｮｧ"), "っゃゅょぁ");
        assert_eq!(fold("１２３ＡＢＣ"), "123abc");
        assert_eq!(fold("㌢"), "せんち");
        assert_eq!(fold("ｽﾆｰｶｰ"), "すにーかー");
        // Decomposed voiced marks compose under NFKC.
        assert_eq!(fold("ウ\u{3099}ィトン"), "ゔぃとん");
    }

    #[test]
    fn katakana_to_hiragana() {
        assert_eq!(fold("ヴ"), "ゔ");
        assert_eq!(fold("ヵヶ"), "ゕゖ");
        assert_eq!(fold("ヷヸヹヺ"), "ヷヸヹヺ");
        assert_eq!(fold("ワンピース"), "わんぴーす");
        assert_eq!(fold("ァィゥェォッャュョヮ"), "ぁぃぅぇぉっゃゅょゎ");
    }

    #[test]
    fn lower_case() {
        assert_eq!(fold("CAFÉ"), "café");
        assert_eq!(fold("Cafe\u{301}"), "café");
        assert_eq!(fold("ÄÖÜ"), "äöü");
        assert_eq!(fold("ΑΒΓ"), "αβγ");
        assert_eq!(fold("Ω"), "ω"); // OHM SIGN → Ω → ω
    }

    #[test]
    fn dropped_and_kept() {
        assert_eq!(fold("ルイ･ヴィトン"), "るいゔぃとん");
        assert_eq!(fold("ルイ·ヴィトン"), "るいゔぃとん");
        assert_eq!(fold("ジャン゠ポール"), "じゃんぽーる");
        assert_eq!(fold("ジャン=ポール"), "じゃんぽーる");
        assert_eq!(fold("ジャン＝ポール"), "じゃんぽーる");
        assert_eq!(fold("新品\u{3000}未使用"), "新品未使用");
        assert_eq!(fold(" a\tb\nc\r\u{A0}d "), "abcd");
        assert_eq!(fold("a\u{200B}b\u{FEFF}c\u{AD}d"), "abcd");
        assert_eq!(fold("葛\u{E0100}飾"), "葛飾");
        assert_eq!(fold("❤\u{FE0F}"), "❤");
        assert_eq!(fold("Levi's"), "levi's");
        assert_eq!(fold("L’Occitane"), "l’occitane");
        assert_eq!(fold("A.P.C."), "a.p.c.");
        assert_eq!(fold("H&M"), "h&m");
        assert_eq!(fold("ｻｲｽﾞ：Ｍ"), "さいず:m");
        assert_eq!(fold(""), "");
        assert_eq!(fold("   "), "");
    }

    #[test]
    fn hyphen_after_kana() {
        for dash in ['-', '‐', '‑', '‒', '–', '—', '―', '−', '－', 'ｰ', '﹣'] {
            let s = format!("ら{dash}めん");
            assert_eq!(fold(&s), "らーめん", "dash {:?}", dash);
            let s = format!("ラ{dash}メン");
            assert_eq!(fold(&s), "らーめん", "dash {:?}", dash);
        }
        assert_eq!(fold("ﾗ-ﾒﾝ"), "らーめん");
        assert_eq!(fold("ら--"), "らーー");
        assert_eq!(fold("ー-"), "ーー");
        assert_eq!(fold("abc－def"), "abc-def");
        assert_eq!(fold("新-品"), "新-品");
        assert_eq!(fold("-ら"), "-ら");
        assert_eq!(fold("ら -"), "ら-");
        assert_eq!(fold("a-ら-b"), "a-らーb");
    }

    #[test]
    fn fast_path_matches_nfkc() {
        use unicode_normalization::UnicodeNormalization;
        // The split must give exactly what NFKC of the whole text gives.
        for s in [
            "か\u{3099}",
            "がか\u{3099}き",
            "e\u{301}",
            "abc\u{301}def",
            "カ\u{309A}",
            "シュプリーム ｼｭﾌﾟﾘｰﾑ",
            "新品\u{F900}",
            "ー\u{3099}",
            "\u{3099}か",
        ] {
            let mut want = String::new();
            let mut folder = Folder::default();
            s.nfkc().for_each(|c| folder.push(c, &mut want));
            assert_eq!(fold(s), want, "{s:?}");
        }
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_nfkc_stable(c))
        {
            let s = c.to_string();
            assert_eq!(s.nfkc().collect::<String>(), s, "{c:?}");
            assert!(unicode_normalization::char::canonical_combining_class(c) == 0);
            for mark in ['\u{301}', '\u{3099}', '\u{309A}'] {
                let pair: String = ['x', mark, c].into_iter().collect();
                assert!(pair.nfkc().collect::<String>().ends_with(c), "{c:?}");
            }
        }
    }

    #[test]
    fn fold_into_appends() {
        let mut out = String::from("x:");
        fold_into("ＡＢ", &mut out);
        fold_into("ｼｭ", &mut out);
        assert_eq!(out, "x:abしゅ");
    }

    #[test]
    fn idempotent() {
        for s in [
            "ｼｭﾌﾟﾘｰﾑ",
            "ルイ・ヴィトン",
            "THE NORTH FACE",
            "ら-めん",
            "Café ①",
            "葛\u{E0100}飾 ✨",
            "ΣΑΣ",
            "İstanbul",
        ] {
            let once = fold(s);
            assert_eq!(fold(&once), once, "{s:?}");
        }
    }

    #[test]
    fn huge_inputs() {
        let marks = format!("e{}", "\u{301}".repeat(200_000));
        let folded = fold(&marks);
        assert!(folded.starts_with('é'));
        assert_eq!(folded.chars().count(), 200_000);
        let flags = "🇯🇵".repeat(100_000);
        assert_eq!(fold(&flags), flags);
        let kana = "ｼｭﾌﾟﾘｰﾑ ".repeat(50_000);
        assert_eq!(fold(&kana), "しゅぷりーむ".repeat(50_000));
    }
}
