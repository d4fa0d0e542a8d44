//! Cursors: checking them, snapping them to grapheme clusters, and converting between units.
//!
//! The engine counts cursors in UTF-8 **bytes** into a `&str`. Android's `EditText` and iOS's
//! `NSRange` count UTF-16 code units, a command line counts `char`s: bindings and the CLI
//! convert at the boundary with [`utf16_to_byte`] / [`byte_to_utf16`] and [`char_to_byte`] /
//! [`byte_to_char`].
//!
//! A cursor is never left inside a grapheme cluster (an emoji and its skin tone, a flag's two
//! regional indicators, a ZWJ sequence, a letter and its combining marks, a character and its
//! variation selector): [`check`] snaps it back to the cluster's start. Grapheme decisions
//! look at most [`CONTEXT`] bytes back, so pathological text (a megabyte of flags or of
//! combining marks) costs no more than ordinary text; the price is that, past that horizon,
//! the window's start is taken as a cluster boundary.
//!
//! ```
//! use ichiba::text::cursor::{byte_to_utf16, check, utf16_to_byte};
//!
//! let text = "👍🏽いいね";
//! assert_eq!(check(text, 4).unwrap(), 0); // between 👍 and 🏽: snapped to the start
//! assert_eq!(utf16_to_byte(text, 4).unwrap(), 8); // after 👍🏽 (two surrogate pairs)
//! assert_eq!(byte_to_utf16(text, text.len()), 7);
//! ```

use unicode_segmentation::GraphemeCursor;

use crate::{Error, Result};

/// How many bytes before a cursor grapheme decisions may look at (rounded down to a
/// character boundary).
pub const CONTEXT: usize = 1024;

/// How many bytes [`window_start`] allows per grapheme cluster it steps back over. A
/// 4-person ZWJ family emoji is 25 bytes, a subdivision flag 28.
const BYTES_PER_GRAPHEME: usize = 64;

/// Checks a byte cursor into `text` and returns it snapped to a grapheme-cluster boundary.
///
/// - past the end → [`Error::CursorOutOfRange`] (unit `"bytes"`);
/// - not on a `char` boundary → [`Error::CursorInsideChar`] (unit `"bytes"`);
/// - inside a grapheme cluster → not an error: the offset where that cluster starts.
///
/// `0` and `text.len()` are always returned as they are. Looks at most [`CONTEXT`] bytes
/// back.
pub fn check(text: &str, cursor: usize) -> Result<usize> {
    if cursor > text.len() {
        return Err(Error::CursorOutOfRange {
            cursor,
            len: text.len(),
            unit: "bytes",
        });
    }
    if !text.is_char_boundary(cursor) {
        return Err(Error::CursorInsideChar {
            cursor,
            unit: "bytes",
        });
    }
    if cursor == 0 || cursor == text.len() {
        return Ok(cursor);
    }
    let lo = floor_char_boundary(text, cursor.saturating_sub(CONTEXT));
    let hi = text[cursor..]
        .chars()
        .next()
        .map_or(cursor, |c| cursor + c.len_utf8());
    let window = &text[lo..hi];
    let mut graphemes = GraphemeCursor::new(cursor - lo, window.len(), true);
    // The window is handed over as a whole text, so no more context is ever asked for;
    // an error could only come from a bug, and then the cursor is left where it is.
    match graphemes.is_boundary(window, 0) {
        Ok(false) => Ok(match graphemes.prev_boundary(window, 0) {
            Ok(Some(b)) => lo + b,
            _ => lo,
        }),
        _ => Ok(cursor),
    }
}

/// Where the last `max_graphemes` grapheme clusters before `cursor` begin, as a byte offset.
///
/// The engine analyses `text[window_start(..)..cursor]` instead of everything before the
/// cursor. `cursor` should come from [`check`]; an offset past the end is clamped and one
/// inside a character is moved back to its start. Looks back at most
/// `max_graphemes × 64` bytes: if the clusters are longer than that, the window starts at
/// that limit (on a character boundary). `max_graphemes == 0` gives `cursor`.
pub fn window_start(text: &str, cursor: usize, max_graphemes: usize) -> usize {
    let cursor = floor_char_boundary(text, cursor.min(text.len()));
    if max_graphemes == 0 || cursor == 0 {
        return cursor;
    }
    let reach = max_graphemes.saturating_mul(BYTES_PER_GRAPHEME);
    let lo = floor_char_boundary(text, cursor.saturating_sub(reach));
    let window = &text[lo..cursor];
    let mut graphemes = GraphemeCursor::new(window.len(), window.len(), true);
    let mut start = window.len();
    for _ in 0..max_graphemes {
        match graphemes.prev_boundary(window, 0) {
            Ok(Some(b)) => start = b,
            _ => {
                start = 0;
                break;
            }
        }
    }
    lo + start
}

/// Converts a cursor counted in `char`s (Unicode scalar values) to a byte offset.
///
/// Past the end → [`Error::CursorOutOfRange`] with unit `"chars"` and the text's length in
/// chars. O(offset), no allocation.
pub fn char_to_byte(text: &str, chars: usize) -> Result<usize> {
    let mut seen = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if is_char_start(b) {
            if seen == chars {
                return Ok(i);
            }
            seen += 1;
        }
    }
    if seen == chars {
        return Ok(text.len());
    }
    Err(Error::CursorOutOfRange {
        cursor: chars,
        len: seen,
        unit: "chars",
    })
}

/// Converts a byte offset to a count of `char`s before it.
///
/// Total: an offset past the end counts the whole text, one inside a character counts up to
/// that character's start. O(offset), no allocation.
pub fn byte_to_char(text: &str, byte: usize) -> usize {
    let end = floor_char_boundary(text, byte.min(text.len()));
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| is_char_start(b))
        .count()
}

/// Converts a cursor counted in UTF-16 code units (Android, iOS) to a byte offset.
///
/// Between the two halves of a surrogate pair (an emoji, a supplementary kanji such as 𠮷)
/// → [`Error::CursorInsideChar`] with unit `"utf16"`; past the end →
/// [`Error::CursorOutOfRange`] with unit `"utf16"` and the text's length in UTF-16 units.
/// O(offset), no allocation.
pub fn utf16_to_byte(text: &str, utf16: usize) -> Result<usize> {
    let mut units = 0usize;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if !is_char_start(b) {
            continue;
        }
        if units == utf16 {
            return Ok(i);
        }
        units += utf16_len_of_lead(b);
        if units > utf16 {
            return Err(Error::CursorInsideChar {
                cursor: utf16,
                unit: "utf16",
            });
        }
    }
    if units == utf16 {
        return Ok(text.len());
    }
    Err(Error::CursorOutOfRange {
        cursor: utf16,
        len: units,
        unit: "utf16",
    })
}

/// Converts a byte offset to a count of UTF-16 code units before it.
///
/// Total: an offset past the end counts the whole text, one inside a character counts up to
/// that character's start. O(offset), no allocation.
pub fn byte_to_utf16(text: &str, byte: usize) -> usize {
    let end = floor_char_boundary(text, byte.min(text.len()));
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| is_char_start(b))
        .map(|&b| utf16_len_of_lead(b))
        .sum()
}

/// Whether `b` starts a UTF-8 sequence (is not a continuation byte `10xxxxxx`).
fn is_char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// UTF-16 length of the character whose UTF-8 lead byte is `b`: 4-byte sequences are
/// supplementary characters, written as a surrogate pair.
fn utf16_len_of_lead(b: u8) -> usize {
    if b >= 0xF0 { 2 } else { 1 }
}

/// The largest char boundary ≤ `i` (which must be ≤ `text.len()`).
fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Byte offsets of every char boundary of `s`, end included.
    fn boundaries(s: &str) -> Vec<usize> {
        s.char_indices().map(|(i, _)| i).chain([s.len()]).collect()
    }

    /// Every char boundary maps to the start of the grapheme cluster holding it, as
    /// unicode-segmentation splits the whole text.
    fn assert_snaps_like_graphemes(s: &str) {
        use unicode_segmentation::UnicodeSegmentation;
        let starts: Vec<usize> = s
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .chain([s.len()])
            .collect();
        for b in boundaries(s) {
            let want = *starts.iter().rev().find(|&&g| g <= b).unwrap();
            assert_eq!(check(s, b).unwrap(), want, "{s:?} at {b}");
        }
    }

    #[test]
    fn errors() {
        let s = "aあ";
        assert!(matches!(
            check(s, 5),
            Err(Error::CursorOutOfRange {
                cursor: 5,
                len: 4,
                unit: "bytes"
            })
        ));
        assert!(matches!(
            check(s, usize::MAX),
            Err(Error::CursorOutOfRange { unit: "bytes", .. })
        ));
        for c in [2, 3] {
            assert!(matches!(
                check(s, c),
                Err(Error::CursorInsideChar { cursor, unit: "bytes" }) if cursor == c
            ));
        }
        assert_eq!(check(s, 0).unwrap(), 0);
        assert_eq!(check(s, 1).unwrap(), 1);
        assert_eq!(check(s, 4).unwrap(), 4);
        assert_eq!(check("", 0).unwrap(), 0);
        assert!(check("", 1).is_err());
    }

    #[test]
    fn snaps_inside_clusters() {
        // 👍🏽: thumbs up + skin tone modifier, 4 + 4 bytes.
        assert_eq!(check("a👍🏽b", 5).unwrap(), 1);
        assert_eq!(check("a👍🏽b", 9).unwrap(), 9);
        // Flags: two regional indicators each.
        let flags = "🇯🇵🇺🇸";
        assert_eq!(check(flags, 4).unwrap(), 0);
        assert_eq!(check(flags, 8).unwrap(), 8);
        assert_eq!(check(flags, 12).unwrap(), 8);
        // ZWJ family: man ZWJ woman ZWJ girl.
        let family = "x👨\u{200D}👩\u{200D}👧y";
        for b in boundaries(family) {
            let want = if b == 0 {
                0
            } else if b < family.len() - 1 {
                1
            } else {
                b
            };
            assert_eq!(check(family, b).unwrap(), want, "at {b}");
        }
        // e + combining acute.
        assert_eq!(check("cafe\u{301}!", 4).unwrap(), 3);
        assert_eq!(check("cafe\u{301}!", 6).unwrap(), 6);
        // Ideographic variation selector after 葛.
        let ivs = "葛\u{E0100}飾";
        assert_eq!(check(ivs, 3).unwrap(), 0);
        assert_eq!(check(ivs, 7).unwrap(), 7);
        // Emoji presentation selector.
        assert_eq!(check("❤\u{FE0F}", 3).unwrap(), 0);
    }

    #[test]
    fn halfwidth_voiced_mark_is_one_grapheme() {
        use unicode_segmentation::UnicodeSegmentation;
        // U+FF9E is Grapheme_Extend: ｶﾞ is one cluster though NFKC is what makes it ガ.
        let s = "ｶﾞﾀﾞ";
        assert_eq!(s.graphemes(true).collect::<Vec<_>>(), ["ｶﾞ", "ﾀﾞ"]);
        assert_eq!(check(s, 3).unwrap(), 0);
        assert_eq!(check(s, 6).unwrap(), 6);
        assert_eq!(check(s, 9).unwrap(), 6);
        assert_eq!(window_start(s, s.len(), 1), 6);
    }

    #[test]
    fn lone_combining_mark_at_start() {
        let s = "\u{301}abc";
        assert_eq!(check(s, 0).unwrap(), 0);
        assert_eq!(check(s, 2).unwrap(), 2);
        assert_eq!(check(s, 3).unwrap(), 3);
        assert_eq!(window_start(s, 2, 5), 0);
    }

    #[test]
    fn agrees_with_full_segmentation() {
        for s in [
            "新品未使用です👍🏽",
            "🇯🇵🇺🇸🇫🇷x🇩",
            "👨‍👩‍👧‍👦と👩🏽‍💻",
            "cafe\u{301}\u{302}\u{303}",
            "ｼｭﾌﾟﾘｰﾑ ｶﾞ",
            "क्षि", // Devanagari conjunct (GB9c)
            "\r\n\r\n",
            "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
            "\u{301}\u{200D}👍",
        ] {
            assert_snaps_like_graphemes(s);
        }
    }

    #[test]
    fn window() {
        let s = "abc👍🏽🇯🇵é\u{301}z";
        let end = s.len();
        assert_eq!(window_start(s, end, 0), end);
        assert_eq!(window_start(s, end, 1), end - 1);
        assert_eq!(window_start(s, end, 2), s.find('é').unwrap());
        assert_eq!(window_start(s, end, 3), s.find('🇯').unwrap());
        assert_eq!(window_start(s, end, 4), 3);
        assert_eq!(window_start(s, end, 5), 2);
        assert_eq!(window_start(s, end, 100), 0);
        assert_eq!(window_start(s, end, usize::MAX), 0);
        assert_eq!(window_start(s, 3, 2), 1);
        assert_eq!(window_start(s, 0, 2), 0);
        // Out-of-contract cursors are clamped, not panicked on.
        assert_eq!(window_start(s, usize::MAX, 1), end - 1);
        assert_eq!(window_start(s, 4, 1), 2);
        assert_eq!(window_start("", 0, 3), 0);
    }

    /// The work per request is bounded by the window, whatever the text (docs/robustness.md
    /// §6): the engine analyses `text[window_start..cursor]`, so that slice's length is
    /// checked here, for a megabyte of each kind of text, cursor at the end and in the middle.
    #[test]
    fn the_window_is_capped_for_a_megabyte_of_any_text() {
        let max = 48;
        for unit in ["あ", "a", "👨‍👩‍👧‍👦", "🇯🇵", "\u{301}", "\r\n", "😀\u{200d}", " "]
        {
            let text = unit.repeat((1 << 20) / unit.len());
            let middle = floor_char_boundary(&text, text.len() / 2);
            for cursor in [text.len(), middle] {
                let ws = window_start(&text, cursor, max);
                assert!(ws <= cursor, "{unit:?}");
                // The reach, plus at most three bytes back to a character boundary.
                let cap = max * BYTES_PER_GRAPHEME + 3;
                assert!(cursor - ws <= cap, "{unit:?}: {}", cursor - ws);
                // A snapped cursor moves back by less than the grapheme look-back.
                let snapped = check(&text, cursor).unwrap();
                assert!(cursor - snapped <= CONTEXT, "{unit:?}");
            }
        }
    }

    #[test]
    fn char_conversions() {
        let s = "aあ👍é";
        assert_eq!(char_to_byte(s, 0).unwrap(), 0);
        assert_eq!(char_to_byte(s, 1).unwrap(), 1);
        assert_eq!(char_to_byte(s, 2).unwrap(), 4);
        assert_eq!(char_to_byte(s, 3).unwrap(), 8);
        assert_eq!(char_to_byte(s, 4).unwrap(), 10);
        assert!(matches!(
            char_to_byte(s, 5),
            Err(Error::CursorOutOfRange {
                cursor: 5,
                len: 4,
                unit: "chars"
            })
        ));
        assert!(char_to_byte(s, usize::MAX).is_err());
        assert_eq!(char_to_byte("", 0).unwrap(), 0);
        for (n, b) in boundaries(s).into_iter().enumerate() {
            assert_eq!(byte_to_char(s, b), n);
            assert_eq!(char_to_byte(s, n).unwrap(), b);
        }
        assert_eq!(byte_to_char(s, 2), 1); // inside あ: counts up to its start
        assert_eq!(byte_to_char(s, usize::MAX), 4);
    }

    #[test]
    fn utf16_conversions() {
        let s = "a👍あ𠮷b";
        // a=1, 👍=2, あ=1, 𠮷=2, b=1 UTF-16 units.
        let pairs = [(0, 0), (1, 1), (3, 5), (4, 8), (6, 12), (7, 13)];
        for (u, b) in pairs {
            assert_eq!(utf16_to_byte(s, u).unwrap(), b, "utf16 {u}");
            assert_eq!(byte_to_utf16(s, b), u, "byte {b}");
        }
        for u in [2, 5] {
            assert!(matches!(
                utf16_to_byte(s, u),
                Err(Error::CursorInsideChar { cursor, unit: "utf16" }) if cursor == u
            ));
        }
        assert!(matches!(
            utf16_to_byte(s, 8),
            Err(Error::CursorOutOfRange {
                cursor: 8,
                len: 7,
                unit: "utf16"
            })
        ));
        assert!(utf16_to_byte(s, usize::MAX).is_err());
        assert_eq!(byte_to_utf16(s, 2), 1);
        assert_eq!(byte_to_utf16(s, usize::MAX), 7);
        assert_eq!(utf16_to_byte("", 0).unwrap(), 0);
        // Agrees with std's encoder on every boundary.
        let t = "x👨‍👩‍👧é\u{301}葛\u{E0100}🇯🇵";
        for b in boundaries(t) {
            let u = t[..b].encode_utf16().count();
            assert_eq!(byte_to_utf16(t, b), u);
            assert_eq!(utf16_to_byte(t, u).unwrap(), b);
        }
    }

    #[test]
    fn huge_inputs_are_bounded() {
        // 1 MB of regional indicators: 262,144 of them, an even number.
        let flags = "🇯".repeat(1 << 18);
        let end = flags.len();
        assert_eq!(check(&flags, end).unwrap(), end);
        // Near the start the full context is visible and the answer exact.
        assert_eq!(check(&flags, 4).unwrap(), 0);
        assert_eq!(check(&flags, 8).unwrap(), 8);
        // Far away, the answer is on a char boundary within CONTEXT bytes.
        for cursor in [end - 4, end - 8, end / 2 + 4] {
            let got = check(&flags, cursor).unwrap();
            assert!(got <= cursor && cursor - got <= CONTEXT && flags.is_char_boundary(got));
        }
        assert_eq!(window_start(&flags, end, 10), end - 80);
        for cursor in (0..end)
            .step_by(4)
            .take(2000)
            .chain((end - 8000..end).step_by(4))
        {
            let _ = check(&flags, cursor).unwrap();
        }

        // e followed by 1 MB of combining marks: one giant cluster.
        let marks = format!("e{}", "\u{301}".repeat(1 << 19));
        let end = marks.len();
        assert_eq!(check(&marks, end).unwrap(), end);
        assert_eq!(check(&marks, 3).unwrap(), 0);
        let got = check(&marks, end - 2).unwrap();
        assert!(end - 2 - got <= CONTEXT && marks.is_char_boundary(got));
        let w = window_start(&marks, end, 8);
        assert!(end - w <= 8 * 64 && marks.is_char_boundary(w));
        assert_eq!(window_start(&marks, end, usize::MAX), 0);
        assert_eq!(window_start(&flags, flags.len(), usize::MAX), 0);

        // Conversions over 1 MB of mixed text.
        let mixed = "aあ👍".repeat(1 << 17);
        let chars = 3 << 17;
        assert_eq!(byte_to_char(&mixed, mixed.len()), chars);
        assert_eq!(char_to_byte(&mixed, chars).unwrap(), mixed.len());
        assert_eq!(byte_to_utf16(&mixed, mixed.len()), 4 << 17);
        assert_eq!(utf16_to_byte(&mixed, 4 << 17).unwrap(), mixed.len());
    }
}
