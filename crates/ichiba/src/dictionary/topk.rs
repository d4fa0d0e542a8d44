//! Best-first top-k over the fsts.
//!
//! Outputs are entry indices, and entries are numbered best first (by weight, heaviest
//! first), so a lower output is a better entry. The fst builder pushes the minimum output of
//! every subtree onto the transition that leads into it. So the cost accumulated on the way
//! to a node is already the index of the best key below it, and a uniform-cost
//! search (a min-heap of partial paths) pops finished keys best first: the k best
//! completions of a prefix come out after touching roughly k × depth nodes, however many
//! keys share the prefix. One- and two-character prefixes, where even that would visit
//! many nodes, are answered from lists precomputed at build time when they have more than
//! [`TOP_LIST_LEN`] keys.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use fst::IntoStreamer;
use fst::Streamer;
use fst::automaton::{Automaton, Str};
use fst::raw::{Fst, Node};

use super::{Dictionary, Kind, Slice};
use crate::format::{self, KEY_END, TOP_LIST_LEN, TOP_PREFIX_CHARS};

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
    stack: Vec<(usize, u64)>,
    exact: Vec<u32>,
    key: Vec<u8>,
    /// The typo walk's buffers ([`Dictionary::corrections`](super::Dictionary::corrections)).
    pub(super) typo: super::typo::TypoScratch,
}

/// Marks a heap item as a finished key rather than a node address.
const FINAL: usize = usize::MAX;
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
    /// 65,536th node visit gives fewer).
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
        let Some(((node, acc), bytes)) = found else {
            scratch.key = buf;
            return;
        };
        // Short prefixes with many keys have a precomputed list (the others have too few
        // keys for best-first search to be slow).
        // The lists hold the best of every kind: a search for one kind walks the fst.
        let list =
            (only.is_none() && k <= TOP_LIST_LEN && key.chars().nth(TOP_PREFIX_CHARS).is_none())
                .then(|| self.top_index(space).get(bytes))
                .flatten();
        scratch.key = buf;
        self.exact_entries(fst, node, acc, scratch);
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
            best_first(fst, node, acc, k, &mut scratch.heap, |cost| {
                let entry = cost as u32;
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
            });
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
        let mut node = fst.root();
        let mut acc = 0u64;
        let mut buf = [0; 4];
        for (i, c) in key.char_indices() {
            let Some(bytes) = space.char_bytes(c, &mut buf) else {
                return;
            };
            for &b in bytes {
                let Some(t) = node.find_input(b).map(|t| node.transition(t)) else {
                    return;
                };
                acc += t.out.value();
                node = fst.node(t.addr);
            }
            self.exact_entries(fst, node, acc, scratch);
            out.extend(scratch.exact.iter().map(|&e| (e, i + c.len_utf8())));
        }
    }

    /// Collects into `scratch.exact` the entries whose whole key is the walked prefix.
    /// `acc` is the output accumulated on the way to `node`.
    fn exact_entries(&self, fst: &Fst<Slice<D>>, node: Node<'_>, acc: u64, scratch: &mut Scratch) {
        scratch.exact.clear();
        let Some(i) = node.find_input(KEY_END) else {
            return;
        };
        let t = node.transition(i);
        scratch.stack.clear();
        scratch.stack.push((t.addr, acc + t.out.value()));
        while let Some((addr, acc)) = scratch.stack.pop() {
            let n = fst.node(addr);
            if n.is_final() {
                scratch.exact.push((acc + n.final_output().value()) as u32);
                if scratch.exact.len() >= MAX_EXACT {
                    return;
                }
            }
            for t in n.transitions() {
                scratch.stack.push((t.addr, acc + t.out.value()));
            }
        }
    }

    /// The baseline the engine is measured against: stream every key starting with `key`,
    /// sort by weight and keep `k`. Same answer as [`Dictionary::top_k`] (ties aside).
    pub fn top_k_by_streaming(&self, space: KeySpace, key: &str, k: usize) -> Vec<Hit> {
        let mut buf = Vec::new();
        let Some(bytes) = space.encode(key, &mut buf) else {
            return Vec::new();
        };
        // Both encodings are UTF-8 (the reading alphabet is ASCII).
        let Ok(key) = std::str::from_utf8(bytes) else {
            return Vec::new();
        };
        let aut = Str::new(key).starts_with();
        let mut stream = self.fst(space).search(aut).into_stream();
        let mut all = Vec::new();
        while let Some((_, out)) = stream.next() {
            all.push(out.value());
        }
        all.sort_unstable();
        all.into_iter()
            .take(k)
            .map(|cost| {
                let entry = cost as u32;
                Hit {
                    entry,
                    weight: self.weight(entry),
                    exact: false,
                    space,
                }
            })
            .collect()
    }
}

/// Follows `key` from the root; returns the node reached and the output accumulated.
fn walk<'f, D: AsRef<[u8]>>(fst: &'f Fst<D>, key: &[u8]) -> Option<(Node<'f>, u64)> {
    let mut node = fst.root();
    let mut acc = 0u64;
    for &b in key {
        let t = node.transition(node.find_input(b)?);
        acc += t.out.value();
        node = fst.node(t.addr);
    }
    Some((node, acc))
}

/// Uniform-cost search from `start`: calls `emit` with the full output of each finished key,
/// cheapest first, until `emit` took `k` of them (it returns whether it did) or the subtree
/// is exhausted.
pub(super) fn best_first<D: AsRef<[u8]>>(
    fst: &Fst<D>,
    start: Node<'_>,
    acc: u64,
    k: usize,
    heap: &mut BinaryHeap<Reverse<(u64, usize)>>,
    mut emit: impl FnMut(u64) -> bool,
) {
    heap.clear();
    heap.push(Reverse((acc, start.addr())));
    let mut emitted = 0;
    let mut pops = 0;
    while let Some(Reverse((cost, addr))) = heap.pop() {
        pops += 1;
        if addr == FINAL {
            if emit(cost) {
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
        let node = fst.node(addr);
        if node.is_final() {
            heap.push(Reverse((cost + node.final_output().value(), FINAL)));
        }
        for t in node.transitions() {
            heap.push(Reverse((cost + t.out.value(), t.addr)));
        }
    }
    heap.clear();
}
