//! Phase 4: entities. Entries sharing an entity id (a brand's katakana, Latin and short
//! forms) form one entity; a row without an id stands for itself. An entity with a single
//! entry whose id is its surface needs no record: its index is `records + entry index`.

use std::borrow::Cow;
use std::collections::HashMap;

use ichiba::format;

use crate::lexicon::LexiconEntry;

/// The entities of a build, indexed the way the artifact numbers them: first the entities
/// with a record (sorted by id), then one implied entity per entry that needs none.
pub(super) struct Entities<'a> {
    /// Ids of the entities with a record, sorted; record `e` is entity `e`.
    pub record_ids: Vec<Cow<'a, str>>,
    /// Entity index of each entry.
    pub of_entry: Vec<u32>,
    /// Entity index of each id the caller asked for (the ids the category tree and the
    /// next-word pairs name: a map of every id would be the build's largest table).
    pub index: HashMap<Cow<'a, str>, u32>,
    /// Each entity's main forms ([`main_forms`]), by entity index (implied entities are
    /// numbered `records + entry index`, so this has `records + entries` slots).
    pub forms: Vec<[u32; 2]>,
    /// Number of entities, implied ones included.
    pub count: u32,
}

impl Entities<'_> {
    /// Number of entity records.
    pub fn records(&self) -> u32 {
        self.record_ids.len() as u32
    }

    /// The entity field of an entry record: its record number plus one, or 0 when implied.
    pub fn record_field(&self, entry: usize) -> u32 {
        match self.of_entry[entry] {
            e if e < self.records() => e + 1,
            _ => 0,
        }
    }
}

/// The entity id of a row: `!reason` for blocked terms, its id, or its surface.
fn id_of(r: &LexiconEntry) -> Cow<'_, str> {
    match (&r.blocked, &r.entity) {
        (Some(reason), _) => Cow::Owned(format!("!{reason}")),
        (None, Some(e)) => Cow::Borrowed(e),
        (None, None) => Cow::Borrowed(&r.surface),
    }
}

/// Groups `entries` (in entry order) into entities, indexing the ids `wanted` accepts.
pub(super) fn assign<'a>(
    entries: &[&'a LexiconEntry],
    wanted: impl Fn(&str) -> bool,
) -> Entities<'a> {
    let ids: Vec<Cow<'a, str>> = entries.iter().map(|r| id_of(r)).collect();
    let mut members: HashMap<&str, u32> = HashMap::with_capacity(entries.len());
    for id in &ids {
        *members.entry(id).or_default() += 1;
    }
    let implied: Vec<bool> = (0..entries.len())
        .map(|i| members[&*ids[i]] == 1 && ids[i] == entries[i].surface)
        .collect();
    drop(members);
    let mut record_ids: Vec<Cow<'a, str>> = (0..entries.len())
        .filter(|&i| !implied[i])
        .map(|i| ids[i].clone())
        .collect();
    record_ids.sort_unstable();
    record_ids.dedup();
    let n_records = record_ids.len() as u32;
    let of_entry: Vec<u32> = (0..entries.len())
        .map(|i| match implied[i] {
            true => n_records + i as u32,
            false => record_ids
                .binary_search(&ids[i])
                .expect("every id with a record is listed") as u32,
        })
        .collect();
    let count = n_records + implied.iter().filter(|&&b| b).count() as u32;
    let forms = main_forms(entries, &of_entry, n_records as usize + entries.len());
    let index = ids
        .into_iter()
        .zip(of_entry.iter().copied())
        .filter(|(id, _)| wanted(id))
        .collect();
    Entities {
        record_ids,
        of_entry,
        index,
        forms,
        count,
    }
}

/// Each entity's main forms: its heaviest Japanese (non-ASCII) entry and its heaviest
/// Latin entry, [`format::NO_ENTRY`] where it has none. Blocked terms have neither.
/// Indexed by entity index (`entities` of them).
fn main_forms(entries: &[&LexiconEntry], of_entry: &[u32], entities: usize) -> Vec<[u32; 2]> {
    let mut best: Vec<[Option<(u32, u32)>; 2]> = vec![[None, None]; entities];
    for (i, (row, &entity)) in entries.iter().zip(of_entry).enumerate() {
        if row.blocked.is_some() {
            continue;
        }
        let slot = &mut best[entity as usize][usize::from(row.surface.is_ascii())];
        // Heaviest first; on a tie, the entry that sorts first.
        if slot.is_none_or(|(w, _)| row.weight > w) {
            *slot = Some((row.weight, i as u32));
        }
    }
    best.into_iter()
        .map(|pair| pair.map(|b| b.map_or(format::NO_ENTRY, |(_, i)| i)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::tests::row;

    #[test]
    fn shared_ids_get_a_record_and_lone_rows_are_implied() {
        let mut kana = row("ナイキ", Some("ないき"), 9);
        kana.entity = Some("nike".into());
        let mut latin = row("NIKE", None, 5);
        latin.entity = Some("nike".into());
        let lone = row("財布", Some("さいふ"), 3);
        let entries = [&kana, &latin, &lone];
        let e = assign(&entries, |_| true);
        assert_eq!(e.record_ids, ["nike"]);
        assert_eq!(e.of_entry, [0, 0, 3]);
        assert_eq!((e.records(), e.count), (1, 2));
        assert_eq!((e.record_field(0), e.record_field(2)), (1, 0));
        assert_eq!(e.index["nike"], 0);
        assert_eq!(e.index["財布"], 3);
        // The Japanese main form of nike is entry 0, the Latin one entry 1.
        assert_eq!(e.forms[0], [0, 1]);
        assert_eq!(e.forms[3], [2, format::NO_ENTRY]);
    }

    #[test]
    fn an_id_unlike_the_surface_needs_a_record_and_blocked_terms_have_no_forms() {
        let mut alias = row("ヴィトン", Some("ゔぃとん"), 4);
        alias.entity = Some("louis_vuitton".into());
        let mut bad = row("コピー品", Some("こぴーひん"), 1);
        bad.blocked = Some("counterfeit".into());
        let entries = [&alias, &bad];
        let e = assign(&entries, |_| true);
        assert_eq!(e.record_ids, ["!counterfeit", "louis_vuitton"]);
        assert_eq!(e.of_entry, [1, 0]);
        assert_eq!(e.forms[0], [format::NO_ENTRY; 2]);
        assert_eq!(e.forms[1], [0, format::NO_ENTRY]);
    }
}
