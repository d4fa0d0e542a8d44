//! Best-first top-k over the fsts and their rank arrays.
//!
//! A key fst maps each key text to its start in the space's [`RankArray`]: the (key, entry)
//! pairs in key order. Starts grow with the key, and the fst builder pushes the smallest
//! output of every subtree onto the transition into it, so the output accumulated on the
//! way to a node is the first pair below it, and the next sibling's (or an ancestor's next
//! sibling's) start ends the node's range: a prefix is a range of the rank array. Entries
//! are numbered best first (by weight, heaviest first), so the k best completions of a
//! prefix are the k smallest values of its range, which the array's tree of block minima
//! gives best first (a min-heap over the tree's nodes) after touching a few dozen values per
//! level, however many keys share the prefix. One- and two-character prefixes are answered
//! from lists precomputed at build time when they have more than [`TOP_LIST_LEN`] keys.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use fst::IntoStreamer;
use fst::Streamer;
use fst::automaton::{Automaton, Str};
use fst::raw::{Fst, Node};

use super::{Dictionary, Kind, Slice};
use crate::format::{self, RankArray, TOP_LIST_LEN, TOP_PREFIX_CHARS};

/// Which keys a lookup searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeySpace {
    /// Folded readings (hiragana).
    Reading,
    /// Folded surfaces and Latin spellings that differ from the reading.
    Surface,
}

impl KeySpace {
    /// The fst bytes of `c` in this space (UTF-8 for surfaces, the one-byte reading
    /// alphabet for readings), written into `buf`; `None` when no key of the space holds `c`.
    pub(super) fn char_bytes(self, c: char, buf: &mut [u8; 4]) -> Option<&[u8]> {
        match self {
            KeySpace::Reading => {
                buf[0] = format::reading_key_byte(c)?;
                Some(&buf[..1])
            }
            KeySpace::Surface => Some(c.encode_utf8(buf).as_bytes()),
        }
    }

    /// `key` as this space's fst stores it, in `buf`; `None` when no key can start with it.
    fn encode<'b>(self, key: &str, buf: &'b mut Vec<u8>) -> Option<&'b [u8]> {
        buf.clear();
        let mut c_buf = [0; 4];
        for c in key.chars() {
            buf.extend_from_slice(self.char_bytes(c, &mut c_buf)?);
        }
        Some(buf)
    }
}

/// One completion found for a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The entry index.
    pub entry: u32,
    /// The entry's weight.
    pub weight: u32,
    /// The key matched the entry's whole key, not only a prefix of it.
    pub exact: bool,
    /// Where the key matched.
    pub space: KeySpace,
}

/// Reusable buffers for lookups: keep one per thread to avoid allocating per keystroke.
#[derive(Debug, Default)]
pub struct Scratch {
    pub(super) heap: BinaryHeap<Reverse<(u64, usize)>>,
    exact: Vec<u32>,
    key: Vec<u8>,
    /// The typo walk's buffers ([`Dictionary::corrections`](super::Dictionary::corrections)).
    pub(super) typo: super::typo::TypoScratch,
}

/// A heap item's tree level sits above this bit of its code; the index below it.
const LEVEL_SHIFT: u32 = 56;
/// Upper bound on heap pops per lookup: a safety net, far above what k ≤ 256 needs.
const MAX_POPS: usize = 1 << 16;
/// At most this many homographs of one exact key are marked exact.
const MAX_EXACT: usize = 64;

impl<D: AsRef<[u8]>> Dictionary<D> {
    pub(super) fn fst(&self, space: KeySpace) -> &Fst<Slice<D>> {
        match space {
            KeySpace::Reading => &self.reading,
            KeySpace::Surface => &self.surface,
        }
    }

    pub(super) fn top_index(&self, space: KeySpace) -> &Fst<Slice<D>> {
        match space {
            KeySpace::Reading => &self.reading_top,
            KeySpace::Surface => &self.surface_top,
        }
    }

    /// The rank array of `space` and its section's bytes.
    pub(super) fn ranks(&self, space: KeySpace) -> (&RankArray, &[u8]) {
        match space {
            KeySpace::Reading => (&self.reading_ranks, self.bytes(&self.reading_ranks_at)),
            KeySpace::Surface => (&self.surface_ranks, self.bytes(&self.surface_ranks_at)),
        }
    }

    /// Appends to `out` the (at most) `k` heaviest entries whose folded key in `space`
    /// starts with `key`, heaviest first. `key` must already be folded
    /// ([`crate::text::fold`]); an empty key finds nothing.
    pub fn top_k(
        &self,
        space: KeySpace,
        key: &str,
        k: usize,
        scratch: &mut Scratch,
        out: &mut Vec<Hit>,
    ) {
        self.top_k_of(space, key, k, None, scratch, out);
    }

    /// [`Dictionary::top_k`] over the entries of one kind only (all kinds with `None`): the
    /// `k` heaviest of that kind, however many heavier entries of other kinds share the
    /// prefix (the search is bounded: a prefix whose entries of that kind lie beyond its
    /// 65,536th heap pop give fewer).
    pub fn top_k_of(
        &self,
        space: KeySpace,
        key: &str,
        k: usize,
        only: Option<Kind>,
        scratch: &mut Scratch,
        out: &mut Vec<Hit>,
    ) {
        if key.is_empty() || k == 0 {
            return;
        }
        let fst = self.fst(space);
        let mut buf = std::mem::take(&mut scratch.key);
        let found = space
            .encode(key, &mut buf)
            .and_then(|bytes| Some((walk(fst, bytes)?, bytes)));
        let Some((pos, bytes)) = found else {
            scratch.key = buf;
            return;
        };
        // Short prefixes with many keys have a precomputed list (the others have too few
        // keys for best-first search to be slow).
        // The lists hold the best of every kind: a search for one kind walks the tree.
        let list =
            (only.is_none() && k <= TOP_LIST_LEN && key.chars().nth(TOP_PREFIX_CHARS).is_none())
                .then(|| self.top_index(space).get(bytes))
                .flatten();
        scratch.key = buf;
        self.exact_entries(space, pos, scratch);
        let start = out.len();
        if let Some(list) = list {
            for entry in self.top_list(list.value()).take(k) {
                out.push(Hit {
                    entry,
                    weight: self.weight(entry),
                    exact: false,
                    space,
                });
            }
        } else {
            let (ranks, bytes) = self.ranks(space);
            best_first(
                ranks,
                bytes,
                pos.lo,
                pos.hi,
                k,
                &mut scratch.heap,
                |entry| {
                    if only.is_some_and(|kind| self.kind(entry) != Some(kind)) {
                        return false;
                    }
                    out.push(Hit {
                        entry,
                        weight: self.weight(entry),
                        exact: false,
                        space,
                    });
                    true
                },
            );
        }
        if let Some(kind) = only {
            scratch.exact.retain(|&e| self.kind(e) == Some(kind));
        }
        for hit in &mut out[start..] {
            hit.exact = scratch.exact.contains(&hit.entry);
        }
        // Exact matches beyond the k best still belong in the answer: the engine keeps an
        // exact match near the top.
        for &entry in &scratch.exact {
            if !out[start..].iter().any(|h| h.entry == entry) {
                out.push(Hit {
                    entry,
                    weight: self.weight(entry),
                    exact: true,
                    space,
                });
            }
        }
    }

    /// Appends to `out` the entries whose whole key is a prefix of `key` (including `key`
    /// itself), with the length in bytes of that key. Work is bounded by `key`'s length.
    pub fn keys_prefixing(
        &self,
        space: KeySpace,
        key: &str,
        scratch: &mut Scratch,
        out: &mut Vec<(u32, usize)>,
    ) {
        let fst = self.fst(space);
        let mut pos = Pos::root(fst);
        let mut buf = [0; 4];
        for (i, c) in key.char_indices() {
            let Some(bytes) = space.char_bytes(c, &mut buf) else {
                return;
            };
            for &b in bytes {
                let Some(next) = pos.step(fst, b) else {
                    return;
                };
                pos = next;
            }
            self.exact_entries(space, pos, scratch);
            out.extend(scratch.exact.iter().map(|&e| (e, i + c.len_utf8())));
        }
    }

    /// Collects into `scratch.exact` the entries whose whole key is the walked prefix, best
    /// first.
    fn exact_entries(&self, space: KeySpace, pos: Pos<'_>, scratch: &mut Scratch) {
        scratch.exact.clear();
        let Some((lo, hi)) = pos.exact() else {
            return;
        };
        let (ranks, bytes) = self.ranks(space);
        let (lo, hi) = (to_index(lo), to_index(hi).min(ranks.len()));
        for i in (lo..hi).take(MAX_EXACT) {
            scratch.exact.push(ranks.get(bytes, 0, i));
        }
    }

    /// The baseline the engine is measured against: stream every key starting with `key`,
    /// read all their entries, sort by weight and keep `k`. Same answer as
    /// [`Dictionary::top_k`] (ties aside).
    pub fn top_k_by_streaming(&self, space: KeySpace, key: &str, k: usize) -> Vec<Hit> {
        let mut buf = Vec::new();
        let Some(bytes) = space.encode(key, &mut buf) else {
            return Vec::new();
        };
        let Some(pos) = walk(self.fst(space), bytes) else {
            return Vec::new();
        };
        // Both encodings are UTF-8 (the reading alphabet is ASCII).
        let Ok(key) = std::str::from_utf8(bytes) else {
            return Vec::new();
        };
        let aut = Str::new(key).starts_with();
        let mut stream = self.fst(space).search(aut).into_stream();
        let (ranks, rank_bytes) = self.ranks(space);
        let mut all = Vec::new();
        let mut last = None;
        while let Some((_, out)) = stream.next() {
            if let Some(from) = last.replace(out.value()) {
                all.extend(
                    (to_index(from)..to_index(out.value())).map(|i| ranks.get(rank_bytes, 0, i)),
                );
            }
        }
        if let Some(from) = last {
            let hi = to_index(pos.hi).min(ranks.len());
            all.extend((to_index(from)..hi).map(|i| ranks.get(rank_bytes, 0, i)));
        }
        all.sort_unstable();
        all.into_iter()
            .take(k)
            .map(|entry| Hit {
                entry,
                weight: self.weight(entry),
                exact: false,
                space,
            })
            .collect()
    }
}

/// A position in a key fst: the node reached and the range `lo..hi` of the rank array its
/// keys cover.
#[derive(Clone, Copy)]
pub(super) struct Pos<'f> {
    /// The node reached.
    pub node: Node<'f>,
    /// The first pair below the node (the output accumulated on the way).
    pub lo: u64,
    /// The first pair after the node's keys.
    pub hi: u64,
}

impl<'f> Pos<'f> {
    /// The root: every pair.
    pub fn root<D: AsRef<[u8]>>(fst: &'f Fst<D>) -> Pos<'f> {
        Pos {
            node: fst.root(),
            lo: 0,
            hi: u64::MAX,
        }
    }

    /// Follows the transition on `b`, if there is one.
    #[inline]
    pub fn step<D: AsRef<[u8]>>(self, fst: &'f Fst<D>, b: u8) -> Option<Pos<'f>> {
        let i = self.node.find_input(b)?;
        Some(self.take(fst, i))
    }

    /// Follows the node's `i`-th transition (`i` < the node's transition count).
    #[inline]
    pub fn take<D: AsRef<[u8]>>(self, fst: &'f Fst<D>, i: usize) -> Pos<'f> {
        let t = self.node.transition(i);
        let hi = if i + 1 < self.node.len() {
            self.lo
                .saturating_add(self.node.transition(i + 1).out.value())
        } else {
            self.hi
        };
        Pos {
            node: fst.node(t.addr),
            lo: self.lo.saturating_add(t.out.value()),
            hi,
        }
    }

    /// The range of the key that ends here, when one does: from its start to the first
    /// longer key's.
    pub fn exact(self) -> Option<(u64, u64)> {
        if !self.node.is_final() {
            return None;
        }
        let lo = self.lo.saturating_add(self.node.final_output().value());
        let hi = match self.node.len() {
            0 => self.hi,
            _ => self.lo.saturating_add(self.node.transition(0).out.value()),
        };
        Some((lo, hi))
    }
}

/// The most fst steps [`key_at`] takes: a longer walk means a damaged fst.
const MAX_KEY_STEPS: usize = 1 << 10;

/// Calls `emit` with each byte of the key whose range of the rank array holds position
/// `p`, in order; `false` when no key's range holds it (or the walk runs past
/// [`MAX_KEY_STEPS`]). Starts grow with the key and every subtree's output is the start of
/// its first key, so at each node the last transition starting at or before `p` leads to
/// the key, and when none does, the key is the one ending at the node.
pub(super) fn key_at<D: AsRef<[u8]>>(fst: &Fst<D>, p: u64, mut emit: impl FnMut(u8)) -> bool {
    let mut pos = Pos::root(fst);
    for _ in 0..MAX_KEY_STEPS {
        let node = pos.node;
        // How many transitions start at or before `p` (their starts rise).
        let (mut a, mut b) = (0, node.len());
        while a < b {
            let m = (a + b) / 2;
            if pos.lo.saturating_add(node.transition(m).out.value()) <= p {
                a = m + 1;
            } else {
                b = m;
            }
        }
        if a == 0 {
            return pos.exact().is_some_and(|(lo, hi)| lo <= p && p < hi);
        }
        emit(node.transition(a - 1).inp);
        pos = pos.take(fst, a - 1);
    }
    false
}

/// A rank-array position as an index (saturating: out of range reads nothing).
pub(super) fn to_index(v: u64) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

/// Follows `key` from the root; returns where it ends.
fn walk<'f, D: AsRef<[u8]>>(fst: &'f Fst<D>, key: &[u8]) -> Option<Pos<'f>> {
    let mut pos = Pos::root(fst);
    for &b in key {
        pos = pos.step(fst, b)?;
    }
    Some(pos)
}

/// Best-first search of `lo..hi` of a rank array: calls `emit` with each entry index of the
/// range, smallest (best) first, until `emit` took `k` of them (it returns whether it did)
/// or the range is exhausted. A min-heap over the tree of minima: a popped block pushes
/// its children, a popped value is the next best.
pub(super) fn best_first(
    ranks: &RankArray,
    bytes: &[u8],
    lo: u64,
    hi: u64,
    k: usize,
    heap: &mut BinaryHeap<Reverse<(u64, usize)>>,
    mut emit: impl FnMut(u32) -> bool,
) {
    heap.clear();
    let code = |level: usize, i: usize| (level << LEVEL_SHIFT) | i;
    ranks.cover(to_index(lo), to_index(hi), |level, i| {
        heap.push(Reverse((
            u64::from(ranks.get(bytes, level, i)),
            code(level, i),
        )));
    });
    let mut emitted = 0;
    let mut pops = 0;
    while let Some(Reverse((value, code_))) = heap.pop() {
        pops += 1;
        let (level, i) = (code_ >> LEVEL_SHIFT, code_ & ((1 << LEVEL_SHIFT) - 1));
        if level == 0 {
            if emit(value as u32) {
                emitted += 1;
                if emitted == k {
                    break;
                }
            }
            continue;
        }
        if pops > MAX_POPS {
            break;
        }
        for c in ranks.children(level, i) {
            heap.push(Reverse((
                u64::from(ranks.get(bytes, level - 1, c)),
                code(level - 1, c),
            )));
        }
    }
    heap.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys with `counts[i]` pairs each, mapped to their starts, as the builder writes them.
    fn starts(keys: &[(&str, u64)]) -> (Fst<Vec<u8>>, Vec<(String, u64)>) {
        let mut b = fst::MapBuilder::memory();
        let mut at = 0;
        let mut out = Vec::new();
        for &(k, n) in keys {
            b.insert(k, at).unwrap();
            out.push((k.to_string(), at));
            at += n;
        }
        (Fst::new(b.into_inner().unwrap()).unwrap(), out)
    }

    #[test]
    fn key_at_finds_the_key_of_every_position() {
        // Prefixes of one another, siblings, a key with many pairs, one-byte keys.
        let keys = [
            ("a", 1),
            ("ab", 3),
            ("abc", 1),
            ("abd", 2),
            ("b", 5),
            ("ba", 1),
            ("c", 1),
            ("cccccc", 7),
            ("d", 1),
        ];
        let (fst, starts) = starts(&keys);
        let total: u64 = keys.iter().map(|k| k.1).sum();
        for p in 0..total {
            let want = &starts.iter().rev().find(|(_, s)| *s <= p).unwrap().0;
            let mut got = Vec::new();
            assert!(key_at(&fst, p, |b| got.push(b)), "{p}");
            assert_eq!(&String::from_utf8(got).unwrap(), want, "{p}");
        }
        // Past the last key's pairs there is no end to its range in the fst: the caller
        // checks the position against the rank array first; here it is the last key.
        let mut got = Vec::new();
        assert!(key_at(&fst, total, |b| got.push(b)));
        assert_eq!(got, b"d");
    }

    #[test]
    fn key_at_of_an_empty_fst_finds_nothing() {
        let (fst, _) = starts(&[]);
        assert!(!key_at(&fst, 0, |_| {}));
    }
}
