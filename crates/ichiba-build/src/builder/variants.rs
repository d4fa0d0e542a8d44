//! Phase 1b: spelling variants of readings. Sellers type `ヴ` words the way they say them:
//! ヴィトン as びとん, ヴェルサーチ as べるさーち. A reading with `ゔ` gets a second entry
//! read with the plain voiced kana (ゔぁ → ば, ゔぃ → び, ゔ → ぶ, ゔぇ → べ, ゔぉ → ぼ),
//! a little lighter than the original and with the same entity, so both spellings find the
//! word and the entity counts once.

use std::collections::HashSet;

use ichiba::dictionary::Kind;

use crate::lexicon::LexiconEntry;

/// How much lighter a variant reading is than the reading it comes from, in 1/16ths.
const VARIANT_WEIGHT_SIXTEENTHS: u64 = 15;

/// The reading with every `ゔ` syllable spelled with plain voiced kana, or `None` when it
/// has no `ゔ`.
pub(super) fn plain_voiced(reading: &str) -> Option<String> {
    if !reading.contains('ゔ') {
        return None;
    }
    let mut out = String::with_capacity(reading.len());
    let mut chars = reading.chars().peekable();
    while let Some(c) = chars.next() {
        if c != 'ゔ' {
            out.push(c);
            continue;
        }
        let plain = match chars.peek() {
            Some('ぁ') => Some('ば'),
            Some('ぃ') => Some('び'),
            Some('ぇ') => Some('べ'),
            Some('ぉ') => Some('ぼ'),
            _ => None,
        };
        match plain {
            Some(p) => {
                chars.next();
                out.push(p);
            }
            None => out.push('ぶ'),
        }
    }
    Some(out)
}

/// Appends a variant row for every row whose reading has `ゔ`, unless a row with the same
/// surface, kind and variant reading is already there. `inferred` grows with `rows`.
/// Returns how many rows were added.
pub(super) fn add(rows: &mut Vec<LexiconEntry>, inferred: &mut Vec<bool>) -> usize {
    let mut seen: HashSet<(String, String, Kind)> = rows
        .iter()
        .filter_map(|r| {
            let reading = r.reading.as_ref()?;
            reading
                .contains(['ば', 'び', 'ぶ', 'べ', 'ぼ'])
                .then(|| (r.surface.clone(), reading.clone(), r.kind))
        })
        .collect();
    let before = rows.len();
    for i in 0..before {
        let Some(reading) = rows[i].reading.as_deref().and_then(plain_voiced) else {
            continue;
        };
        let key = (rows[i].surface.clone(), reading, rows[i].kind);
        if seen.contains(&key) {
            continue;
        }
        let mut variant = rows[i].clone();
        variant.reading = Some(key.1.clone());
        variant.weight = (u64::from(variant.weight) * VARIANT_WEIGHT_SIXTEENTHS / 16) as u32;
        if variant.entity.is_none() && variant.blocked.is_none() {
            variant.entity = Some(variant.surface.clone());
        }
        seen.insert(key);
        rows.push(variant);
        inferred.push(inferred[i]);
    }
    rows.len() - before
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::tests::{numbered, row};

    #[test]
    fn vu_syllables_become_plain_voiced_kana() {
        assert_eq!(plain_voiced("るいゔぃとん").as_deref(), Some("るいびとん"));
        assert_eq!(plain_voiced("ゔぇるさーち").as_deref(), Some("べるさーち"));
        assert_eq!(plain_voiced("ゔぁいおりん").as_deref(), Some("ばいおりん"));
        assert_eq!(plain_voiced("ゔぉーぐ").as_deref(), Some("ぼーぐ"));
        assert_eq!(plain_voiced("ゔ").as_deref(), Some("ぶ"));
        assert_eq!(plain_voiced("ゔゔぃ").as_deref(), Some("ぶび"));
        assert_eq!(plain_voiced("ないき"), None);
    }

    #[test]
    fn a_variant_row_is_added_once_and_lighter() {
        let mut rows = numbered(vec![
            row("ルイ・ヴィトン", Some("るいゔぃとん"), 1600),
            row("ヴェルサーチ", Some("ゔぇるさーち"), 100),
            // Already given with the plain spelling: not added again.
            row("ヴェルサーチ", Some("べるさーち"), 90),
            row("ナイキ", Some("ないき"), 100),
        ]);
        let mut inferred = vec![false, true, false, false];
        assert_eq!(add(&mut rows, &mut inferred), 1);
        let v = &rows[4];
        assert_eq!(v.surface, "ルイ・ヴィトン");
        assert_eq!(v.reading.as_deref(), Some("るいびとん"));
        assert_eq!(v.weight, 1500);
        assert_eq!(v.entity.as_deref(), Some("ルイ・ヴィトン"));
        assert_eq!(v.origin.line, 1);
        assert_eq!(inferred, vec![false, true, false, false, false]);
    }
}
