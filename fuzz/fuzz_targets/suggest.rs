//! `Engine::suggest` and `Engine::blocked_terms` over the embedded default dictionary:
//! arbitrary text, a cursor given in UTF-8 bytes or in UTF-16 units (as the phones send
//! it), any field, any top-k, typos on or off, and the listing form's selected category and
//! brand (real ids of the default dictionary or arbitrary strings). Errors are fine (a cursor
//! inside a character is refused); a panic is a bug.
#![no_main]

use std::sync::OnceLock;

use ichiba::text::cursor;
use ichiba::{Engine, Field, Request};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Cursor {
    End,
    Bytes(usize),
    Utf16(usize),
}

#[derive(Debug, Arbitrary)]
enum AnyField {
    Title,
    Description,
    Brand,
    Category,
    Free,
}

/// A selected category or brand: none, one the default dictionary knows, or any string.
#[derive(Debug, Arbitrary)]
enum Selected<'a> {
    None,
    Known(u8),
    Any(&'a str),
}

impl<'a> Selected<'a> {
    fn id(&self, known: &[&'static str]) -> Option<&'a str> {
        match *self {
            Selected::None => None,
            Selected::Known(i) => Some(known[usize::from(i) % known.len()]),
            Selected::Any(s) => Some(s),
        }
    }
}

const CATEGORIES: &[&str] = &[
    "ladies",
    "ladies/bags",
    "mens",
    "mercari-category:1",
    "mercari-category:20",
    "mercari-category:0",
];
const BRANDS: &[&str] = &["supreme", "nike", "mercari-brand:4161", "chanel"];

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    text: &'a [u8],
    cursor: Cursor,
    field: AnyField,
    top_k: u8,
    typos: bool,
    category: Selected<'a>,
    brand: Selected<'a>,
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::embedded().expect("the embedded dictionary opens"))
}

fuzz_target!(|input: Input<'_>| {
    let text = ichiba_fuzz::text(input.text);
    let cursor = match input.cursor {
        Cursor::End => text.len(),
        Cursor::Bytes(b) => b,
        Cursor::Utf16(u) => match cursor::utf16_to_byte(&text, u) {
            Ok(b) => b,
            Err(_) => return,
        },
    };
    let field = match input.field {
        AnyField::Title => Field::Title,
        AnyField::Description => Field::Description,
        AnyField::Brand => Field::Brand,
        AnyField::Category => Field::Category,
        AnyField::Free => Field::Free,
    };
    let req = Request::new(&text)
        .cursor(cursor)
        .field(field)
        .top_k(input.top_k as usize)
        .typos(input.typos)
        .category(input.category.id(CATEGORIES))
        .brand(input.brand.id(BRANDS));
    if let Ok(suggestions) = engine().suggest(&req) {
        assert!(suggestions.len() <= (input.top_k as usize).min(ichiba::MAX_TOP_K));
        for s in &suggestions {
            // The span it replaces ends at the (snapped) cursor and lies on boundaries.
            assert!(s.replace.start <= s.replace.end && s.replace.end <= cursor);
            assert!(text.is_char_boundary(s.replace.start));
            assert!(text.is_char_boundary(s.replace.end));
        }
    }
    let _ = engine().blocked_terms(&req);
});
