//! Phase 6: the key fsts. One fst per key space (readings, folded surfaces) maps
//! `key KEY_END [discriminator]` to the entry index; homographs get a LEB128 number after the
//! terminator. A second fst indexes the precomputed top lists of short prefixes.

use std::collections::BTreeMap;

use fst::MapBuilder;
use ichiba::format::{self, KEY_END, TOP_LIST_LEN, TOP_PREFIX_CHARS};

use crate::error::Result;

/// Short prefixes with at most this many keys get no precomputed top list.
const TOP_MIN_KEYS: usize = TOP_LIST_LEN;

/// One key space's fsts.
pub(super) struct KeyFsts {
    /// The key fst.
    pub keys: Vec<u8>,
    /// The short-prefix top index (prefix → offset into the top lists and length).
    pub top: Vec<u8>,
    /// Number of keys.
    pub len: u32,
}

/// Builds the key fst (with homograph discriminators) and the short-prefix top index for
/// one key space, appending the top lists to `top_lists`.
pub(super) fn build(mut keys: Vec<(String, u64)>, top_lists: &mut Vec<u8>) -> Result<KeyFsts> {
    keys.sort();
    // Short-prefix top lists, from the key text (before any discriminator).
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
    // Keys: text, KEY_END, then the homograph's number (none for the first).
    let mut map = MapBuilder::memory();
    let mut key = Vec::new();
    let mut n = 0u32;
    let mut i = 0;
    while i < keys.len() {
        let mut j = i;
        while j < keys.len() && keys[j].0 == keys[i].0 {
            j += 1;
        }
        let mut group: Vec<Vec<u8>> = Vec::with_capacity(j - i);
        for (disc, (text, _)) in keys[i..j].iter().enumerate() {
            key.clear();
            key.extend_from_slice(text.as_bytes());
            key.push(KEY_END);
            if disc > 0 {
                format::write_leb128(&mut key, disc as u64);
            }
            group.push(key.clone());
        }
        let mut pairs: Vec<(Vec<u8>, u64)> = group
            .into_iter()
            .zip(keys[i..j].iter().map(|k| k.1))
            .collect();
        pairs.sort();
        for (k, out) in pairs {
            map.insert(k, out)?;
            n += 1;
        }
        i = j;
    }
    Ok(KeyFsts {
        keys: map.into_inner()?,
        top: top.into_inner()?,
        len: n,
    })
}
