//! Romaji to kana (`text::romaji::to_kana`, `to_kana_into` with a reused buffer,
//! `is_romaji_input`, `pending_starts`) and the text helpers around it (`text::fold`, kana
//! conversions, the cursor conversions).
#![no_main]

use ichiba::text::{self, cursor, romaji};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = ichiba_fuzz::text(data);
    let conv = romaji::to_kana(&s);
    let mut again = romaji::Conversion::default();
    romaji::to_kana_into(&s, &mut again);
    assert_eq!(conv, again, "to_kana_into differs from to_kana");
    let _ = romaji::is_romaji_input(&s);
    let _ = romaji::pending_starts(&s);
    let _ = text::fold(&s);
    for b in [0, s.len() / 2, s.len()] {
        if let Ok(at) = cursor::check(&s, b) {
            let u = cursor::byte_to_utf16(&s, at);
            assert_eq!(cursor::utf16_to_byte(&s, u).ok(), Some(at));
            let c = cursor::byte_to_char(&s, at);
            assert_eq!(cursor::char_to_byte(&s, c).ok(), Some(at));
            let _ = cursor::window_start(&s, at, ichiba::WINDOW_GRAPHEMES);
        }
    }
});
