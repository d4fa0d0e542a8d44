//! Phase 6: the key fsts. One fst per key space (readings, folded surfaces) maps each
//! distinct key text to its start in the space's rank array, which lists the entry index of
//! every (key, entry) pair in key order, homographs by rank. A second fst indexes the
//! precomputed top lists of short prefixes.

use std::collections::BTreeMap;

use fst::MapBuilder;
use ichiba::format::{self, TOP_LIST_LEN, TOP_PREFIX_CHARS};

use crate::error::Result;

/// Short prefixes with at most this many keys get no precomputed top list.
const TOP_MIN_KEYS: usize = TOP_LIST_LEN;

/// One key space's fsts.
pub(super) struct KeyFsts {
    /// The key fst.
    pub keys: Vec<u8>,
    /// The rank array section.
    pub ranks: Vec<u8>,
    /// The short-prefix top index (prefix → offset into the top lists and length).
    pub top: Vec<u8>,
    /// Number of keys (distinct texts).
    pub len: u32,
}

/// Builds the key fst, its rank array and the short-prefix top index for one key space,
/// appending the top lists to `top_lists`.
pub(super) fn build(mut keys: Vec<(String, u64)>, top_lists: &mut Vec<u8>) -> Result<KeyFsts> {
    keys.sort();
    // Short-prefix top lists, from the key text.
    let mut tops: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for (k, out) in &keys {
        for (at, c) in k.char_indices().take(TOP_PREFIX_CHARS) {
            tops.entry(&k[..at + c.len_utf8()]).or_default().push(*out);
        }
    }
    let mut top = MapBuilder::memory();
    let mut list = Vec::with_capacity(TOP_LIST_LEN);
    for (prefix, mut outs) in tops {
        // A prefix with few keys is answered as fast by best-first search: no list.
        if outs.len() <= TOP_MIN_KEYS {
            continue;
        }
        outs.sort_unstable();
        outs.truncate(TOP_LIST_LEN);
        let offset = top_lists.len() as u64;
        list.clear();
        list.extend(outs.iter().map(|&o| o as u32));
        format::write_top_list(top_lists, &list);
        top.insert(prefix, (offset << 8) | outs.len() as u64)?;
    }
    // Keys: each distinct text once, to the position of its first pair.
    let mut map = MapBuilder::memory();
    let mut n = 0u32;
    for (i, (text, _)) in keys.iter().enumerate() {
        if i == 0 || keys[i - 1].0 != *text {
            map.insert(text, i as u64)?;
            n += 1;
        }
    }
    let ranks: Vec<u32> = keys.iter().map(|k| k.1 as u32).collect();
    Ok(KeyFsts {
        keys: map.into_inner()?,
        ranks: format::write_rank_array(&ranks),
        top: top.into_inner()?,
        len: n,
    })
}
