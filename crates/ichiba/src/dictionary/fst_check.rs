//! A checked decoder for raw fst 0.4 bytes: proves, once at open, that no lookup can make the
//! fst crate panic.
//!
//! The fst crate (0.4.7) checks almost nothing in `Fst::new`, and its node decoder trusts
//! every address and pack size it reads: a crafted fst panics inside `fst::raw::node` (index
//! out of bounds, subtraction overflow, the `1 <= nbytes <= 8` assertion) or overflows an
//! output sum (`Output::cat` is a plain `+`). [`check`] decodes every node reachable from
//! the root with the crate's exact encoding (mirrored from `fst-0.4.7/src/raw/node.rs`)
//! and checked arithmetic only, and refuses the fst unless:
//!
//! - the version is 1 to 3 and the footer's root address is the last node byte (or the empty
//!   final state of an fst without nodes);
//! - every byte a node decodes lies between the 16-byte fst header and the footer, inside
//!   the node;
//! - pack sizes are in range: transition addresses 1 to 8 bytes, outputs 0 to 8 bytes;
//! - every transition points strictly below the node it leaves (fst writes nodes in
//!   post-order, so there are no cycles and every walk ends), at a node that is itself
//!   checked, or at the empty final state (address 0);
//! - the inputs of a node are strictly ascending and its 256-byte transition index (nodes
//!   with more than 32 transitions, version ≥ 2) agrees with them;
//! - no sum of outputs along any path, final output included, overflows `u64`;
//! - the number of keys (accepting paths) equals the key count in the footer.
//!
//! Each node is decoded twice, in two linear passes over a bitset of reachable addresses:
//! top-down (highest address first) to check nodes and mark their targets, then bottom-up to
//! bound the output sums and count the keys. Memory: one bit per fst byte plus 16 bytes per
//! reachable node.

/// Bytes before the first node: version and type, 8 bytes each.
const FST_HEADER_LEN: usize = 16;
/// Nodes with more transitions than this carry a 256-byte index (fst version ≥ 2).
const TRANS_INDEX_THRESHOLD: usize = 32;
/// The address of the empty final state, which has no bytes.
const EMPTY_ADDRESS: usize = 0;
/// The newest fst format version fst 0.4.7 reads.
const MAX_VERSION: u64 = 3;

/// Checks that every node of the raw fst in `bytes` that a lookup can reach decodes within
/// bounds, as described in the module docs. The error says what is wrong and where.
pub(crate) fn check(bytes: &[u8]) -> Result<(), String> {
    let fst = Footer::read(bytes)?;
    let Some(root) = fst.root else {
        // The empty final state only: the fst holds the empty key and nothing else.
        return if fst.len == 1 {
            Ok(())
        } else {
            Err(format!("footer counts {} keys, the fst holds 1", fst.len))
        };
    };
    let data = &bytes[..fst.nodes_end];

    // Pass 1, top-down: every marked address is checked, and marks only lower addresses.
    let mut marks = Marks::new(fst.nodes_end);
    marks.set(root);
    let mut reachable = 0usize;
    let mut below = root + 1;
    while let Some(addr) = marks.prev(below) {
        reachable += 1;
        decode(data, fst.version, addr, |t| {
            if t.target != EMPTY_ADDRESS {
                marks.set(t.target);
            }
        })?;
        below = addr;
    }

    // Pass 2, bottom-up: targets come before the nodes that reach them.
    marks.index();
    // Per reachable node, in address order: the largest output sum from the node to the
    // end of any path, and the number of keys below it.
    let mut below_node: Vec<(u64, u64)> = Vec::with_capacity(reachable);
    let mut failure = None;
    for addr in marks.iter() {
        let (mut max_out, mut keys) = (0u64, 0u64);
        let node = decode(data, fst.version, addr, |t| {
            let (out, count) = match t.target {
                EMPTY_ADDRESS => (0, 1),
                // Marked in pass 1 and below `addr`, so already pushed.
                target => match below_node.get(marks.rank(target)) {
                    Some(&v) => v,
                    None => {
                        failure = Some(format!("node {addr}: target {target} not visited"));
                        return;
                    }
                },
            };
            match t.out.checked_add(out) {
                Some(sum) => max_out = max_out.max(sum),
                None => failure = Some(format!("node {addr}: output sum overflows u64")),
            }
            keys = keys.saturating_add(count);
        })?;
        if let Some(e) = failure.take() {
            return Err(e);
        }
        if node.is_final {
            max_out = max_out.max(node.final_output);
            keys = keys.saturating_add(1);
        }
        below_node.push((max_out, keys));
    }
    let (_, keys) = below_node[marks.rank(root)];
    if keys != fst.len {
        return Err(format!(
            "footer counts {} keys, the fst holds {}",
            fst.len,
            if keys == u64::MAX {
                "more than 2^64".to_string()
            } else {
                keys.to_string()
            }
        ));
    }
    Ok(())
}

/// What the fst header and footer say.
struct Footer {
    version: u64,
    /// The root node's address, `None` for the empty final state.
    root: Option<usize>,
    /// The number of keys.
    len: u64,
    /// Where the footer (key count, root address, checksum) starts.
    nodes_end: usize,
}

impl Footer {
    fn read(bytes: &[u8]) -> Result<Footer, String> {
        // fst::raw::Fst::new refuses fewer bytes whatever the version.
        if bytes.len() < 36 {
            return Err(format!("{} bytes, too short for an fst", bytes.len()));
        }
        let version = u64_le(bytes, 0)?;
        if version == 0 || version > MAX_VERSION {
            return Err(format!(
                "fst version {version} (expected 1 to {MAX_VERSION})"
            ));
        }
        // The fst type (bytes 8..16) is free for the writer to choose; fst never reads it.
        let footer_len = if version >= 3 { 20 } else { 16 };
        let nodes_end = bytes.len() - footer_len;
        let len = u64_le(bytes, nodes_end)?;
        let root = u64_le(bytes, nodes_end + 8)?;
        let root = usize::try_from(root).map_err(|_| format!("root address {root} too large"))?;
        if root == EMPTY_ADDRESS {
            if nodes_end != FST_HEADER_LEN {
                return Err("root is the empty state but the fst has nodes".into());
            }
            return Ok(Footer {
                version,
                root: None,
                len,
                nodes_end,
            });
        }
        // The root is the last node written, right before the footer.
        if nodes_end <= FST_HEADER_LEN || root != nodes_end - 1 {
            return Err(format!(
                "root address {root} is not the last node byte ({})",
                nodes_end.saturating_sub(1)
            ));
        }
        Ok(Footer {
            version,
            root: Some(root),
            len,
            nodes_end,
        })
    }
}

/// A little-endian u64 at `at`.
fn u64_le(bytes: &[u8], at: usize) -> Result<u64, String> {
    let b = at
        .checked_add(8)
        .and_then(|end| bytes.get(at..end))
        .ok_or_else(|| format!("u64 at {at} lies outside the fst"))?;
    let mut v = [0u8; 8];
    v.copy_from_slice(b);
    Ok(u64::from_le_bytes(v))
}

/// One decoded transition.
#[derive(Debug, Clone, Copy)]
struct Trans {
    out: u64,
    target: usize,
}

/// The parts of a decoded node the checks use besides its transitions.
#[derive(Debug, Clone, Copy)]
struct NodeInfo {
    is_final: bool,
    final_output: u64,
}

/// A bounds-checked view of the node bytes `data[lo..=addr]` of one node.
struct NodeBytes<'a> {
    data: &'a [u8],
    addr: usize,
}

impl NodeBytes<'_> {
    /// The byte at `addr - back`.
    fn byte_back(&self, back: usize) -> Result<u8, String> {
        let at = self.at_back(back)?;
        Ok(self.data[at])
    }

    /// `addr - back`, if it lies after the fst header.
    fn at_back(&self, back: usize) -> Result<usize, String> {
        self.addr
            .checked_sub(back)
            .filter(|&at| at >= FST_HEADER_LEN)
            .ok_or_else(|| format!("node {} reaches before the fst data", self.addr))
    }

    /// The `n`-byte little-endian integer starting at `at` (fst's `unpack_uint`), read only
    /// within the node, `at..at + n` inside `lo..=addr`.
    fn uint(&self, at: usize, n: usize, lo: usize) -> Result<u64, String> {
        let end = at
            .checked_add(n)
            .filter(|&e| at >= lo && e <= self.addr + 1);
        let Some(b) = end.and_then(|e| self.data.get(at..e)) else {
            return Err(format!("node {}: field at {at} lies outside it", self.addr));
        };
        Ok(b.iter()
            .rev()
            .fold(0u64, |n, &byte| (n << 8) | u64::from(byte)))
    }
}

/// `size` must be in `range` (a pack size).
fn pack_size(
    addr: usize,
    what: &str,
    size: usize,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, String> {
    if range.contains(&size) {
        Ok(size)
    } else {
        Err(format!("node {addr}: {what} pack size {size} out of range"))
    }
}

/// The target of a transition packed as `delta` below the node's lowest byte `end`
/// (fst's `unpack_delta`): 0 means the empty final state.
fn target(addr: usize, end: usize, delta: u64) -> Result<usize, String> {
    if delta == 0 {
        return Ok(EMPTY_ADDRESS);
    }
    usize::try_from(delta)
        .ok()
        .and_then(|d| end.checked_sub(d))
        .filter(|&t| t >= FST_HEADER_LEN)
        .ok_or_else(|| format!("node {addr}: transition points before the fst data"))
}

/// Decodes and checks the node at `addr` in `data` (the fst bytes up to the footer), calling
/// `each` with every transition. Mirrors `fst::raw::node::Node::new` and its accessors.
fn decode(
    data: &[u8],
    version: u64,
    addr: usize,
    mut each: impl FnMut(Trans),
) -> Result<NodeInfo, String> {
    let state = *data
        .get(addr)
        .ok_or_else(|| format!("node {addr} lies outside the fst data"))?;
    if addr < FST_HEADER_LEN {
        return Err(format!("node {addr} lies in the fst header"));
    }
    let node = NodeBytes { data, addr };
    let not_final = NodeInfo {
        is_final: false,
        final_output: 0,
    };
    match state >> 6 {
        // One transition to the node written just before, output 0.
        0b11 => {
            let input_len = usize::from(state & 0b11_1111 == 0);
            let end = node.at_back(input_len)?;
            let target = end
                .checked_sub(1)
                .filter(|&t| t >= FST_HEADER_LEN)
                .ok_or_else(|| format!("node {addr}: transition points before the fst data"))?;
            each(Trans { out: 0, target });
            Ok(not_final)
        }
        // One transition with an output and a packed address.
        0b10 => {
            let input_len = usize::from(state & 0b11_1111 == 0);
            let sizes = node.byte_back(input_len + 1)?;
            let tsize = pack_size(addr, "transition", usize::from(sizes >> 4), 1..=8)?;
            let osize = pack_size(addr, "output", usize::from(sizes & 0xf), 0..=8)?;
            let end = node.at_back(input_len + 1 + tsize + osize)?;
            let delta = node.uint(end + osize, tsize, end)?;
            let out = if osize == 0 {
                0
            } else {
                node.uint(end, osize, end)?
            };
            each(Trans {
                out,
                target: target(addr, end, delta)?,
            });
            Ok(not_final)
        }
        // Any number of transitions (0 to 256), possibly final.
        _ => {
            let is_final = state & 0b0100_0000 != 0;
            let ntrans_len = usize::from(state & 0b11_1111 == 0);
            let ntrans = match state & 0b11_1111 {
                0 => match node.byte_back(1)? {
                    // 1 is always encoded in the state byte, so it stands for 256 here.
                    1 => 256,
                    n => usize::from(n),
                },
                n => usize::from(n),
            };
            let sizes = node.byte_back(ntrans_len + 1)?;
            let tsize = usize::from(sizes >> 4);
            let tsize = if ntrans == 0 {
                pack_size(addr, "transition", tsize, 0..=8)?
            } else {
                pack_size(addr, "transition", tsize, 1..=8)?
            };
            let osize = pack_size(addr, "output", usize::from(sizes & 0xf), 0..=8)?;
            let index_size = if version >= 2 && ntrans > TRANS_INDEX_THRESHOLD {
                256
            } else {
                0
            };
            // Layout, from the state byte down: [ntrans], pack sizes, index, inputs,
            // addresses, outputs, final output. All sizes are small (ntrans ≤ 256,
            // sizes ≤ 8), so these sums cannot overflow; `at_back` checks that the node
            // starts after the fst header, and every offset below is `end` plus a part of
            // `node_len`, so it stays within the node.
            let final_osize = if is_final { osize } else { 0 };
            let node_len = ntrans_len + 1 + index_size + ntrans * (1 + tsize + osize) + final_osize;
            let end = node.at_back(node_len)?;
            let outs_lo = end + final_osize;
            let addrs_lo = outs_lo + ntrans * osize;
            let inputs_lo = addrs_lo + ntrans * tsize;
            let inputs = data
                .get(inputs_lo..inputs_lo + ntrans)
                .ok_or_else(|| format!("node {addr}: inputs lie outside it"))?;
            let mut last_inp = None;
            // Transition i is stored at position ntrans - 1 - i of each block.
            for (i, &inp) in inputs.iter().rev().enumerate() {
                if last_inp.is_some_and(|last| inp <= last) {
                    return Err(format!("node {addr}: inputs out of order"));
                }
                last_inp = Some(inp);
                let slot = ntrans - 1 - i;
                let delta = node.uint(addrs_lo + slot * tsize, tsize, end)?;
                let out = if osize == 0 {
                    0
                } else {
                    node.uint(outs_lo + slot * osize, osize, end)?
                };
                each(Trans {
                    out,
                    target: target(addr, end, delta)?,
                });
            }
            if index_size != 0 {
                check_index(data, addr, inputs_lo + ntrans, inputs)?;
            }
            let final_output = if is_final && osize > 0 {
                node.uint(end, osize, end)?
            } else {
                0
            };
            Ok(NodeInfo {
                is_final,
                final_output,
            })
        }
    }
}

/// Checks the 256-byte transition index at `data[index..index + 256]` against the node's
/// `inputs` (stored highest transition first): byte `b` maps to its transition's number,
/// and absent bytes to a number ≥ the number of transitions.
fn check_index(data: &[u8], addr: usize, index: usize, inputs: &[u8]) -> Result<(), String> {
    let table = index
        .checked_add(256)
        .and_then(|e| data.get(index..e))
        .filter(|_| index + 256 <= addr)
        .ok_or_else(|| format!("node {addr}: transition index lies outside it"))?;
    let ntrans = inputs.len();
    let mut expected = [usize::MAX; 256];
    for (i, &inp) in inputs.iter().rev().enumerate() {
        expected[usize::from(inp)] = i;
    }
    for (b, (&got, &want)) in table.iter().zip(&expected).enumerate() {
        let got = usize::from(got);
        let ok = if want == usize::MAX {
            got >= ntrans
        } else {
            got == want
        };
        if !ok {
            return Err(format!("node {addr}: transition index wrong for byte {b}"));
        }
    }
    Ok(())
}

/// A set of node addresses: one bit per fst byte, with ranks once filled.
struct Marks {
    words: Vec<u64>,
    /// Set bits in the words before each word (after [`Marks::index`]).
    before: Vec<u32>,
}

impl Marks {
    fn new(len: usize) -> Marks {
        Marks {
            words: vec![0; len.div_ceil(64)],
            before: Vec::new(),
        }
    }

    /// Adds `addr` (below the length given to `new`).
    fn set(&mut self, addr: usize) {
        self.words[addr / 64] |= 1 << (addr % 64);
    }

    /// The highest address in the set below `below`.
    fn prev(&self, below: usize) -> Option<usize> {
        if below == 0 {
            return None;
        }
        let last = below - 1;
        let mut w = last / 64;
        // Bits at or below `last` in its word.
        let mut bits = self.words[w] & (u64::MAX >> (63 - last % 64));
        loop {
            if bits != 0 {
                return Some(w * 64 + 63 - bits.leading_zeros() as usize);
            }
            if w == 0 {
                return None;
            }
            w -= 1;
            bits = self.words[w];
        }
    }

    /// Computes the ranks; the set must not change afterwards.
    fn index(&mut self) {
        let mut total = 0u32;
        self.before = self
            .words
            .iter()
            .map(|w| {
                let b = total;
                total += w.count_ones();
                b
            })
            .collect();
    }

    /// The number of addresses in the set below `addr`.
    fn rank(&self, addr: usize) -> usize {
        let w = addr / 64;
        let mask = (1u64 << (addr % 64)) - 1;
        self.before[w] as usize + (self.words[w] & mask).count_ones() as usize
    }

    /// The addresses in the set, in ascending order.
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + b)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use std::panic::{AssertUnwindSafe, catch_unwind};

    use fst::automaton::{Automaton, Str};
    use fst::{IntoStreamer, Map, MapBuilder, Streamer};

    use super::*;

    /// xorshift64: deterministic mutations without a dependency.
    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// A few thousand keys with varied lengths, shared prefixes, some nodes with more than
    /// 32 transitions (so the transition index is exercised) and varied outputs.
    fn keys() -> Vec<(Vec<u8>, u64)> {
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        let mut keys: Vec<Vec<u8>> = (0..3000)
            .map(|i| {
                let len = 1 + rng.below(7);
                let mut k: Vec<u8> = (0..len).map(|_| b'a' + rng.below(6) as u8).collect();
                if i % 5 == 0 {
                    // A wide node: 64 different second bytes under 'z'.
                    k = vec![b'z', 0x40 + rng.below(64) as u8];
                    k.extend((0..rng.below(3)).map(|_| b'0' + rng.below(10) as u8));
                }
                k
            })
            .collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .enumerate()
            .map(|(i, k)| (k, (i as u64 * 7919) % 100_000))
            .collect()
    }

    fn build(keys: &[(Vec<u8>, u64)]) -> Vec<u8> {
        let mut b = MapBuilder::memory();
        for (k, v) in keys {
            b.insert(k, *v).unwrap();
        }
        b.into_inner().unwrap()
    }

    /// Everything a lookup does, on bytes that passed `check`.
    fn exercise(bytes: Vec<u8>, keys: &[(Vec<u8>, u64)]) -> usize {
        let map = Map::new(bytes).expect("check passed, so fst accepts it");
        let mut n = 0;
        let mut stream = map.stream();
        while let Some((k, v)) = stream.next() {
            n += k.len() + v as usize % 2;
        }
        for (k, _) in keys {
            n += usize::from(map.get(k).is_some());
        }
        let mut range = map.range().ge(b"b").lt(b"d").into_stream();
        while range.next().is_some() {
            n += 1;
        }
        let mut prefix = map.search(Str::new("ab").starts_with()).into_stream();
        while prefix.next().is_some() {
            n += 1;
        }
        let mut wide = map.search(Str::new("z").starts_with()).into_stream();
        while wide.next().is_some() {
            n += 1;
        }
        n
    }

    #[test]
    fn a_built_fst_passes() {
        let keys = keys();
        let bytes = build(&keys);
        check(&bytes).unwrap();
        // Empty, the empty key alone (root is the empty state), and one key with output.
        check(&build(&[])).unwrap();
        check(&build(&[(Vec::new(), 0)])).unwrap();
        check(&build(&[(Vec::new(), 5)])).unwrap();
        check(&build(&[(b"k".to_vec(), u64::MAX)])).unwrap();
    }

    #[test]
    fn refuses_bad_footers() {
        let bytes = build(&keys());
        let end = bytes.len() - 20;
        let mut v = bytes.clone();
        v[0] = 9;
        assert!(check(&v).unwrap_err().contains("version"));
        let mut v = bytes.clone();
        v[end + 8] ^= 0x80;
        assert!(check(&v).unwrap_err().contains("root address"));
        let mut v = bytes.clone();
        v[end] ^= 1;
        assert!(check(&v).unwrap_err().contains("footer counts"));
        assert!(check(&bytes[..30]).is_err());
        assert!(check(&bytes[..bytes.len() - 1]).is_err());
    }

    #[test]
    fn refuses_output_overflow() {
        // Two keys whose outputs are pushed to a shared prefix: raising the suffix output
        // by hand makes the path sum overflow.
        let bytes = build(&[(b"a".to_vec(), u64::MAX - 1), (b"ab".to_vec(), u64::MAX)]);
        check(&bytes).unwrap();
        let mut found = false;
        for at in 16..bytes.len() - 20 {
            let mut v = bytes.clone();
            v[at] = 0xff;
            if let Err(e) = check(&v)
                && e.contains("overflow")
            {
                found = true;
            }
        }
        assert!(found, "some byte raises a path sum past u64::MAX");
    }

    #[test]
    fn no_mutant_that_passes_panics() {
        let keys = keys();
        let good = build(&keys);
        check(&good).unwrap();
        let good_work = exercise(good.clone(), &keys);
        assert!(good_work > 0);
        let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
        let (mut passed, mut refused, mut refused_panics) = (0, 0, 0);
        for round in 0..3000 {
            let mut bad = good.clone();
            for _ in 0..1 + rng.below(3) {
                // Mostly inside the nodes, sometimes in the header and footer.
                let at = if round % 10 == 0 {
                    rng.below(bad.len())
                } else {
                    16 + rng.below(bad.len() - 36)
                };
                let flip = 1 + rng.below(255) as u8;
                bad[at] ^= flip;
            }
            if check(&bad).is_ok() {
                passed += 1;
                let result = catch_unwind(AssertUnwindSafe(|| exercise(bad.clone(), &keys)));
                assert!(
                    result.is_ok(),
                    "round {round}: a mutant that passed check panics"
                );
            } else {
                refused += 1;
                // Point lookups are bounded by the key length even on cyclic fsts, so they
                // can run on refused bytes too: this shows the mutations reach real panics.
                let lookups = catch_unwind(AssertUnwindSafe(|| {
                    let Ok(map) = Map::new(bad.clone()) else {
                        return;
                    };
                    for (k, _) in &keys {
                        map.get(k);
                    }
                }));
                refused_panics += usize::from(lookups.is_err());
            }
        }
        assert!(passed > 100, "passed {passed}");
        assert!(refused > 100, "refused {refused}");
        assert!(
            refused_panics > 0,
            "no refused mutant panics: the mutations are too mild"
        );
    }

    #[test]
    fn marks_walk_down_and_rank() {
        let mut m = Marks::new(200);
        for a in [3, 64, 65, 127, 128, 199] {
            m.set(a);
        }
        let mut down = Vec::new();
        let mut below = 200;
        while let Some(a) = m.prev(below) {
            down.push(a);
            below = a;
        }
        assert_eq!(down, [199, 128, 127, 65, 64, 3]);
        m.index();
        assert_eq!(m.iter().collect::<Vec<_>>(), [3, 64, 65, 127, 128, 199]);
        assert_eq!(m.rank(3), 0);
        assert_eq!(m.rank(127), 3);
        assert_eq!(m.rank(199), 5);
    }
}
