//! Phase 3: the entry order. Entry indices are ranks: heaviest first, ties in canonical
//! order (reading key, then surface, kind and origin). fst outputs are these indices, so
//! best-first search needs no weights.

use std::borrow::Cow;

use ichiba::text;

use crate::error::{BuildError as Error, Result};
use crate::lexicon::LexiconEntry;

/// The order of `rows` as entries: `order[i]` is the row that becomes entry `i`. Two rows
/// with the same surface, reading and kind are an error naming both lines.
pub(super) fn rank(rows: &[LexiconEntry]) -> Result<Vec<usize>> {
    if rows.len() > u32::MAX as usize / 4 {
        return Err(Error::TooLarge("more than 2^30 entries".into()));
    }
    let keys: Vec<Cow<'_, str>> = rows
        .iter()
        .map(|r| match &r.reading {
            Some(reading) => Cow::Borrowed(reading.as_str()),
            None => Cow::Owned(text::fold(&r.surface)),
        })
        .collect();
    let canonical = |i: usize| {
        let r = &rows[i];
        (&keys[i], &r.surface, r.kind, &r.origin.path, r.origin.line)
    };
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| canonical(a).cmp(&canonical(b)));
    for w in order.windows(2) {
        let (a, b) = (&rows[w[0]], &rows[w[1]]);
        if a.surface == b.surface && a.reading == b.reading && a.kind == b.kind {
            return Err(b.origin.error(format!(
                "duplicate of {}:{} ({:?})",
                a.origin.path.display(),
                a.origin.line,
                a.surface
            )));
        }
    }
    // Stable: equal weights keep the canonical order.
    order.sort_by_key(|&i| std::cmp::Reverse(rows[i].weight));
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::tests::{numbered, row};

    #[test]
    fn heaviest_first_then_by_reading() {
        let rows = vec![
            row("ナイキ", Some("ないき"), 5),
            row("アディダス", Some("あでぃだす"), 5),
            row("シュプリーム", Some("しゅぷりーむ"), 9),
            row("Nike", None, 5),
        ];
        // "nike" < "あでぃだす" < "ないき" by key.
        assert_eq!(rank(&rows).unwrap(), [2, 3, 1, 0]);
    }

    #[test]
    fn a_duplicate_names_both_rows() {
        let rows = numbered(vec![
            row("ナイキ", Some("ないき"), 5),
            row("Nike", None, 1),
            row("ナイキ", Some("ないき"), 3),
        ]);
        let err = rank(&rows).unwrap_err().to_string();
        assert!(
            err.contains("t.tsv:3") && err.contains("duplicate of t.tsv:1"),
            "{err}"
        );
    }
}
