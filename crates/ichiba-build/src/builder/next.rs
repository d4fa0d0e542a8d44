//! Phase 7: the next-word tables. For each previous entity, the main form of each entity
//! that follows it in listings (Japanese if it has one), most frequent first.

use std::collections::{BTreeMap, HashMap};

use ichiba::format;

use crate::error::Result;
use crate::lexicon::Pair;

/// Most next words kept per entity.
const NEXT_LIST_LEN: usize = 16;

/// The next-word index and lists.
pub(super) struct NextWords {
    /// Sparse index: `(entity, first pair)` per entity with next words, then an end row.
    pub index: Vec<u8>,
    /// `(entry, count)` pairs.
    pub lists: Vec<u8>,
}

/// Lays out the next-word tables: for each previous entity, the main form of each following
/// entity (Japanese if it has one), most frequent first.
pub(super) fn build(
    pairs: &[Pair],
    forms: &[[u32; 2]],
    entity_index: &HashMap<std::borrow::Cow<'_, str>, u32>,
) -> Result<NextWords> {
    let mut lists: BTreeMap<u32, Vec<(u32, u32)>> = BTreeMap::new();
    for p in pairs {
        let index = |id: &str| {
            entity_index
                .get(id)
                .copied()
                .ok_or_else(|| p.origin.error(format!("unknown entity {id:?}")))
        };
        let (prev, next) = (index(&p.prev)?, index(&p.next)?);
        let entry = match forms[next as usize] {
            [j, _] if j != format::NO_ENTRY => j,
            [_, l] if l != format::NO_ENTRY => l,
            _ => {
                return Err(p
                    .origin
                    .error(format!("entity {:?} has no suggestable entry", p.next)));
            }
        };
        let list = lists.entry(prev).or_default();
        match list.iter_mut().find(|(e, _)| *e == entry) {
            Some((_, c)) => *c = c.saturating_add(p.count),
            None => list.push((entry, p.count)),
        }
    }
    // Sparse index: `(entity, first pair)` per entity with next words, then an end row.
    let mut index = Vec::with_capacity((lists.len() + 1) * 8);
    let mut out = Vec::new();
    for (entity, mut list) in lists {
        index.extend_from_slice(&entity.to_le_bytes());
        index.extend_from_slice(&((out.len() / 8) as u32).to_le_bytes());
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(NEXT_LIST_LEN);
        for (entry, count) in list {
            out.extend_from_slice(&entry.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
        }
    }
    index.extend_from_slice(&format::NO_ENTRY.to_le_bytes());
    index.extend_from_slice(&((out.len() / 8) as u32).to_le_bytes());
    Ok(NextWords { index, lists: out })
}
