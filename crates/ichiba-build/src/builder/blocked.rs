//! Phase 2: the block list. Blocked terms stay in the artifact, flagged, so the engine can
//! refuse them; any other row whose surface or reading contains one is dropped. Rows that
//! offer a counterfeit of a brand ([`crate::counterfeit`]: ヴィトンコピー) become blocked
//! terms first, whatever source they came from.

use ichiba::dictionary::Kind;
use ichiba::text;

use crate::counterfeit::CounterfeitRule;
use crate::lexicon::LexiconEntry;

/// The reason code of a row blocked by the counterfeit rule.
const COUNTERFEIT: &str = "counterfeit";

/// The rows that survive the block list, with their inferred-reading flags.
pub(super) struct Kept {
    /// The rows kept, in their input order.
    pub rows: Vec<LexiconEntry>,
    /// Whether each kept row's reading was inferred.
    pub inferred: Vec<bool>,
    /// Blocked terms (rows with a block reason).
    pub blocked_terms: u32,
    /// Rows dropped because they contain a blocked term.
    pub dropped: u32,
    /// Rows that became blocked terms by the counterfeit rule.
    pub counterfeit_by_rule: u32,
}

/// Turns every row that offers a counterfeit of one of the rows' brands into a blocked
/// term (reason `counterfeit`); returns how many. Brand rows themselves are never matched.
fn block_counterfeits(rows: &mut [LexiconEntry]) -> u32 {
    let brands = rows
        .iter()
        .filter(|r| r.kind == Kind::Brand && r.blocked.is_none())
        .flat_map(|r| std::iter::once(r.surface.as_str()).chain(r.reading.as_deref()));
    let rule = CounterfeitRule::new(brands);
    let mut n = 0;
    for r in rows.iter_mut() {
        if r.blocked.is_some() || r.kind == Kind::Brand {
            continue;
        }
        let offer = rule.matches(&r.surface).is_some()
            || r.reading
                .as_deref()
                .is_some_and(|x| rule.matches(x).is_some());
        if offer {
            r.blocked = Some(COUNTERFEIT.to_string());
            n += 1;
        }
    }
    n
}

/// Drops every unblocked row that contains a blocked term (by folded surface or by reading).
pub(super) fn filter(mut rows: Vec<LexiconEntry>, inferred: Vec<bool>) -> Kept {
    let counterfeit_by_rule = block_counterfeits(&mut rows);
    let blocked: Vec<(String, Option<String>)> = rows
        .iter()
        .filter(|r| r.blocked.is_some())
        .map(|r| (text::fold(&r.surface), r.reading.clone()))
        .collect();
    let contains_blocked = |r: &LexiconEntry| {
        let surface = text::fold(&r.surface);
        blocked.iter().any(|(term, reading)| {
            surface.contains(term.as_str())
                || matches!((reading, &r.reading), (Some(b), Some(r)) if r.contains(b.as_str()))
        })
    };
    let keep: Vec<bool> = rows
        .iter()
        .map(|r| r.blocked.is_some() || blocked.is_empty() || !contains_blocked(r))
        .collect();
    let dropped = keep.iter().filter(|&&k| !k).count() as u32;
    // In place: a million rows are a few hundred megabytes, never held twice.
    let (mut rows, mut inferred) = (rows, inferred);
    let mut at = 0;
    rows.retain(|_| {
        at += 1;
        keep[at - 1]
    });
    let mut at = 0;
    inferred.retain(|_| {
        at += 1;
        keep[at - 1]
    });
    Kept {
        rows,
        inferred,
        blocked_terms: blocked.len() as u32,
        dropped,
        counterfeit_by_rule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::tests::row;

    #[test]
    fn rows_containing_a_blocked_term_are_dropped() {
        let mut bad = row("コピー品", Some("こぴーひん"), 1);
        bad.blocked = Some("counterfeit".into());
        let rows = vec![
            row("ナイキ", Some("ないき"), 5),
            bad,
            row("ナイキ コピー品", Some("ないきこぴーひん"), 3),
            row("こぴーひん風", Some("こぴーひんふう"), 3),
        ];
        let kept = filter(rows, vec![false, false, true, false]);
        let surfaces: Vec<&str> = kept.rows.iter().map(|r| r.surface.as_str()).collect();
        assert_eq!(surfaces, ["ナイキ", "コピー品"]);
        assert_eq!(kept.inferred, [false, false]);
        assert_eq!((kept.blocked_terms, kept.dropped), (1, 2));
    }

    #[test]
    fn counterfeit_offers_become_blocked_terms() {
        let mut brand = row("ロレックス", Some("ろれっくす"), 5);
        brand.kind = Kind::Brand;
        let rows = vec![
            brand,
            row("ロレックスコピー", Some("ろれっくすこぴー"), 3),
            row("ロレックスコピー時計", Some("ろれっくすこぴーどけい"), 3),
            row("コピー用紙", Some("こぴーようし"), 3),
        ];
        let kept = filter(rows, vec![false; 4]);
        let surfaces: Vec<(&str, Option<&str>)> = kept
            .rows
            .iter()
            .map(|r| (r.surface.as_str(), r.blocked.as_deref()))
            .collect();
        // The offer is blocked, the row containing it dropped, the paper kept.
        assert_eq!(
            surfaces,
            [
                ("ロレックス", None),
                ("ロレックスコピー", Some("counterfeit")),
                ("コピー用紙", None)
            ]
        );
        assert_eq!(
            (kept.blocked_terms, kept.dropped, kept.counterfeit_by_rule),
            (1, 1, 1)
        );
    }

    #[test]
    fn without_a_block_list_everything_stays() {
        let kept = filter(
            vec![row("a", None, 1), row("b", None, 1)],
            vec![false, true],
        );
        assert_eq!(kept.rows.len(), 2);
        assert_eq!(kept.inferred, [false, true]);
        assert_eq!((kept.blocked_terms, kept.dropped), (0, 0));
    }
}
