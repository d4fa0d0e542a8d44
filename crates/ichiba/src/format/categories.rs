//! The `Categories` section (format 7): the category tree and each entity's category
//! affinities, so a request that names the listing's category can lean to its vocabulary.
//!
//! ```text
//! offset  size   field
//!      0     4   CATEGORIES_TAG b"CAT1"
//!      4     4   node count n (at most MAX_NODES)
//!      8     4   entity row count r
//!     12     4   link count l
//!     16     4   text bytes t
//!     20    12n  per node, sorted by id (bytewise): parent node (NO_ENTRY at the top), the
//!                offset of its id and of its label in the text
//!           8r   per entity row, by entity index (strictly rising): entity, first link
//!            8   (NO_ENTRY, l): row i's links run to row i+1's first link
//!           4l   per link: node << 8 | strength (1‥255), strongest first
//!            t   the text: node i's id, then its label, then node i+1's id … (UTF-8); an id
//!                ends where its label starts, a label where the next id starts
//! ```
//!
//! Everything is checked when the dictionary opens ([`CategoryIndex::read`]): sizes, order,
//! UTF-8 and character boundaries, node and parent indices, and that every chain of parents
//! reaches the top within [`MAX_DEPTH`] steps. Damage is an [`Error::Corrupt`], never a
//! panic; lookups afterwards still read through `get`, so a crafted file costs wrong answers
//! at worst.

use crate::error::{Error, Result};
use crate::format::{NO_ENTRY, u32_at};

/// The first bytes of the `Categories` section.
pub const CATEGORIES_TAG: [u8; 4] = *b"CAT1";
/// Bytes before the nodes.
const HEADER: usize = 20;
/// Bytes per node.
const NODE_SIZE: usize = 12;
/// Most nodes a tree may have (a link stores the node in 24 bits).
pub const MAX_NODES: usize = 1 << 24;
/// Deepest a node may be (the top level is depth 0).
pub const MAX_DEPTH: usize = 15;
/// Most links an entity keeps (the builder keeps the strongest).
pub const MAX_LINKS: usize = 8;

/// One node of the tree as the builder gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSpec {
    /// The node id (`ladies/bags`, `mercari-category:20`).
    pub id: String,
    /// What to show (バッグ).
    pub label: String,
    /// The parent's index in the node list, or `None` at the top.
    pub parent: Option<u32>,
}

/// Writes the section. `nodes` must be sorted by id with distinct ids; `links` are
/// `(entity, [(node, strength)])` by rising entity, each entity's links strongest first,
/// at most [`MAX_LINKS`] of them, strengths above 0.
pub fn write_categories(nodes: &[NodeSpec], links: &[(u32, Vec<(u32, u8)>)]) -> Vec<u8> {
    debug_assert!(
        nodes.windows(2).all(|w| w[0].id < w[1].id),
        "nodes unsorted"
    );
    debug_assert!(
        links.windows(2).all(|w| w[0].0 < w[1].0),
        "entities unsorted"
    );
    let mut text = Vec::new();
    let mut node_bytes = Vec::with_capacity(nodes.len() * NODE_SIZE);
    for n in nodes {
        node_bytes.extend_from_slice(&n.parent.unwrap_or(NO_ENTRY).to_le_bytes());
        node_bytes.extend_from_slice(&(text.len() as u32).to_le_bytes());
        text.extend_from_slice(n.id.as_bytes());
        node_bytes.extend_from_slice(&(text.len() as u32).to_le_bytes());
        text.extend_from_slice(n.label.as_bytes());
    }
    let total: usize = links.iter().map(|(_, l)| l.len()).sum();
    let mut out = Vec::new();
    out.extend_from_slice(&CATEGORIES_TAG);
    for v in [nodes.len(), links.len(), total, text.len()] {
        out.extend_from_slice(&(v as u32).to_le_bytes());
    }
    out.extend_from_slice(&node_bytes);
    let mut first = 0u32;
    for (entity, l) in links {
        out.extend_from_slice(&entity.to_le_bytes());
        out.extend_from_slice(&first.to_le_bytes());
        first += l.len() as u32;
    }
    out.extend_from_slice(&NO_ENTRY.to_le_bytes());
    out.extend_from_slice(&first.to_le_bytes());
    for (_, l) in links {
        for &(node, strength) in l {
            out.extend_from_slice(&(node << 8 | u32::from(strength)).to_le_bytes());
        }
    }
    out.extend_from_slice(&text);
    out
}

/// The opened, checked `Categories` section: where its parts start (offsets into the
/// section's bytes, which the caller passes to every lookup).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CategoryIndex {
    nodes: u32,
    rows: u32,
    links: u32,
    rows_at: usize,
    links_at: usize,
    text_at: usize,
    text_len: usize,
}

fn corrupt(what: &str) -> Error {
    Error::corrupt(format!("categories: {what}"))
}

impl CategoryIndex {
    /// Checks the whole section (see the module docs) for entity indices below `entities`.
    pub fn read(section: &[u8], entities: u32) -> Result<CategoryIndex> {
        let head = section.get(..HEADER).ok_or_else(|| corrupt("no header"))?;
        if head[..4] != CATEGORIES_TAG {
            return Err(corrupt("bad tag"));
        }
        let (nodes, rows, links, text_len) = (
            u32_at(head, 4),
            u32_at(head, 8),
            u32_at(head, 12),
            u32_at(head, 16) as usize,
        );
        if nodes as usize > MAX_NODES {
            return Err(corrupt("too many nodes"));
        }
        let rows_at = HEADER + nodes as usize * NODE_SIZE;
        let links_at = rows_at + (rows as usize + 1) * 8;
        let text_at = links_at + links as usize * 4;
        if section.len() != text_at + text_len {
            return Err(corrupt("size does not match the counts"));
        }
        let index = CategoryIndex {
            nodes,
            rows,
            links,
            rows_at,
            links_at,
            text_at,
            text_len,
        };
        let text =
            std::str::from_utf8(&section[text_at..]).map_err(|_| corrupt("text is not UTF-8"))?;
        // Nodes: text offsets rising and on character boundaries, ids sorted, parents in range.
        let mut last = 0usize;
        let mut last_id: Option<&str> = None;
        for i in 0..nodes {
            let (parent, id, label) = index.raw_node(section, i);
            let next = match i + 1 < nodes {
                true => index.raw_node(section, i + 1).1,
                false => text_len,
            };
            let in_order = last == id && id <= label && label <= next && next <= text_len;
            if !(in_order && text.is_char_boundary(label) && text.is_char_boundary(next)) {
                return Err(corrupt("node text out of order"));
            }
            if parent != NO_ENTRY && parent >= nodes {
                return Err(corrupt("parent out of range"));
            }
            let this = &text[id..label];
            if last_id.is_some_and(|l| l >= this) {
                return Err(corrupt("node ids unsorted"));
            }
            last_id = Some(this);
            last = next;
        }
        if nodes == 0 && text_len != 0 {
            return Err(corrupt("text without nodes"));
        }
        // Every chain of parents ends within MAX_DEPTH steps (no cycle).
        for i in 0..nodes {
            if index.depth(section, i).is_none() {
                return Err(corrupt("parent chain too deep or cyclic"));
            }
        }
        // Rows: entities rising and in range, links in order and pointing at nodes.
        let mut prev: Option<(u32, u32)> = None;
        for r in 0..=rows {
            let (entity, first) = index.row(section, r);
            let ok = match (prev, r == rows) {
                (None, false) => first == 0 && entity < entities,
                (None, true) => first == 0 && links == 0 && entity == NO_ENTRY,
                (Some((e, f)), false) => entity > e && entity < entities && first >= f,
                (Some((_, f)), true) => entity == NO_ENTRY && first >= f && first == links,
            };
            if !ok || first > links {
                return Err(corrupt("entity rows out of order"));
            }
            if let Some((_, f)) = prev
                && first - f > MAX_LINKS as u32
            {
                return Err(corrupt("too many links for one entity"));
            }
            prev = Some((entity, first));
        }
        for k in 0..links {
            let v = u32_at(section, links_at + 4 * k as usize);
            if v >> 8 >= nodes || v & 0xff == 0 {
                return Err(corrupt("link to no node"));
            }
        }
        Ok(index)
    }

    fn raw_node(&self, section: &[u8], i: u32) -> (u32, usize, usize) {
        let at = HEADER + i as usize * NODE_SIZE;
        (
            u32_at(section, at),
            u32_at(section, at + 4) as usize,
            u32_at(section, at + 8) as usize,
        )
    }

    fn row(&self, section: &[u8], r: u32) -> (u32, u32) {
        let at = self.rows_at + 8 * r as usize;
        (u32_at(section, at), u32_at(section, at + 4))
    }

    fn text<'s>(&self, section: &'s [u8], from: usize, to: usize) -> &'s str {
        section
            .get(self.text_at + from..self.text_at + to)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// Number of nodes.
    pub fn len(&self) -> u32 {
        self.nodes
    }

    /// Whether the tree is empty.
    pub fn is_empty(&self) -> bool {
        self.nodes == 0
    }

    /// Node `i`'s id (empty past the end).
    pub fn id<'s>(&self, section: &'s [u8], i: u32) -> &'s str {
        if i >= self.nodes {
            return "";
        }
        let (_, id, label) = self.raw_node(section, i);
        self.text(section, id, label)
    }

    /// Node `i`'s label (empty past the end).
    pub fn label<'s>(&self, section: &'s [u8], i: u32) -> &'s str {
        if i >= self.nodes {
            return "";
        }
        let (_, _, label) = self.raw_node(section, i);
        let end = match i + 1 < self.nodes {
            true => self.raw_node(section, i + 1).1,
            false => self.text_len,
        };
        self.text(section, label, end)
    }

    /// Node `i`'s parent.
    pub fn parent(&self, section: &[u8], i: u32) -> Option<u32> {
        if i >= self.nodes {
            return None;
        }
        Some(self.raw_node(section, i).0).filter(|&p| p < self.nodes)
    }

    /// Node `i`'s depth (0 at the top), `None` past [`MAX_DEPTH`].
    pub fn depth(&self, section: &[u8], i: u32) -> Option<usize> {
        let mut at = i;
        for d in 0..=MAX_DEPTH {
            match self.parent(section, at) {
                None => return Some(d),
                Some(p) => at = p,
            }
        }
        None
    }

    /// The node with id `id`.
    pub fn find(&self, section: &[u8], id: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0, self.nodes);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.id(section, mid).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Entity `entity`'s links, `(node, strength)`, strongest first.
    pub fn links<'s>(
        &self,
        section: &'s [u8],
        entity: u32,
    ) -> impl Iterator<Item = (u32, u8)> + 's {
        let (mut lo, mut hi) = (0, self.rows);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.row(section, mid).0 < entity {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let (start, end) = match lo < self.rows && self.row(section, lo).0 == entity {
            true => (self.row(section, lo).1, self.row(section, lo + 1).1),
            false => (0, 0),
        };
        let at = self.links_at;
        section
            .get(at + 4 * start as usize..at + 4 * end as usize)
            .unwrap_or_default()
            .chunks_exact(4)
            .map(|c| {
                let v = u32_at(c, 0);
                (v >> 8, (v & 0xff) as u8)
            })
    }

    /// Number of entities with links and of links, for reports.
    pub fn link_counts(&self) -> (u32, u32) {
        (self.rows, self.links)
    }
}

/// The category tree of an open dictionary: [`CategoryIndex`] over its section's bytes
/// (see [`crate::Dictionary::categories`]).
#[derive(Debug, Clone, Copy)]
pub struct CategoryTree<'a> {
    section: &'a [u8],
    index: CategoryIndex,
}

impl<'a> CategoryTree<'a> {
    /// The tree over a section `index` was read from.
    pub fn new(section: &'a [u8], index: CategoryIndex) -> Self {
        CategoryTree { section, index }
    }

    /// Number of nodes.
    pub fn len(&self) -> u32 {
        self.index.len()
    }

    /// Whether the tree has no nodes (a dictionary built without one).
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The node with id `id` (`ladies/bags`, `mercari-category:20`).
    pub fn find(&self, id: &str) -> Option<u32> {
        self.index.find(self.section, id)
    }

    /// Node `node`'s id.
    pub fn id(&self, node: u32) -> &'a str {
        self.index.id(self.section, node)
    }

    /// Node `node`'s label (バッグ).
    pub fn label(&self, node: u32) -> &'a str {
        self.index.label(self.section, node)
    }

    /// Node `node`'s parent.
    pub fn parent(&self, node: u32) -> Option<u32> {
        self.index.parent(self.section, node)
    }

    /// Entity `entity`'s `(node, strength)` links, strongest first.
    pub fn links(&self, entity: u32) -> impl Iterator<Item = (u32, u8)> + 'a {
        self.index.links(self.section, entity)
    }

    /// Node `node`'s depth (0 at the top).
    pub fn depth(&self, node: u32) -> Option<usize> {
        self.index.depth(self.section, node)
    }

    /// Steps from `from` up to `to` when `to` is `from` or one of its ancestors.
    pub fn steps_up(&self, from: u32, to: u32) -> Option<u32> {
        let mut at = from;
        for d in 0..=MAX_DEPTH as u32 {
            if at == to {
                return Some(d);
            }
            at = self.parent(at)?;
        }
        None
    }

    /// Tree levels between two nodes when one is the other, an ancestor or a descendant
    /// of it; `None` for nodes on different branches.
    pub fn distance(&self, a: u32, b: u32) -> Option<u32> {
        self.steps_up(a, b).or_else(|| self.steps_up(b, a))
    }

    /// Appends node `node`'s path, labels from the top joined by ` > `
    /// (レディース > バッグ > ハンドバッグ).
    pub fn push_path(&self, node: u32, out: &mut String) {
        let mut chain = [0u32; MAX_DEPTH + 1];
        let mut n = 0;
        let mut at = Some(node).filter(|&x| x < self.len());
        while let Some(x) = at {
            if n == chain.len() {
                break;
            }
            chain[n] = x;
            n += 1;
            at = self.parent(x);
        }
        for (i, &x) in chain[..n].iter().rev().enumerate() {
            if i > 0 {
                out.push_str(" > ");
            }
            out.push_str(self.label(x));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let nodes = vec![
            NodeSpec {
                id: "ladies".into(),
                label: "レディース".into(),
                parent: None,
            },
            NodeSpec {
                id: "ladies/bags".into(),
                label: "バッグ".into(),
                parent: Some(0),
            },
            NodeSpec {
                id: "sports".into(),
                label: "スポーツ".into(),
                parent: None,
            },
        ];
        write_categories(&nodes, &[(3, vec![(1, 255), (0, 160)]), (7, vec![(2, 40)])])
    }

    #[test]
    fn round_trip() {
        let s = sample();
        let c = CategoryIndex::read(&s, 10).unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c.find(&s, "ladies/bags"), Some(1));
        assert_eq!(c.find(&s, "nope"), None);
        assert_eq!((c.id(&s, 1), c.label(&s, 1)), ("ladies/bags", "バッグ"));
        assert_eq!(c.label(&s, 2), "スポーツ");
        assert_eq!(c.parent(&s, 1), Some(0));
        assert_eq!(c.parent(&s, 0), None);
        assert_eq!(c.depth(&s, 1), Some(1));
        assert_eq!(c.links(&s, 3).collect::<Vec<_>>(), [(1, 255), (0, 160)]);
        assert_eq!(c.links(&s, 7).collect::<Vec<_>>(), [(2, 40)]);
        assert_eq!(c.links(&s, 5).count(), 0);
        let t = CategoryTree::new(&s, c);
        assert_eq!(
            (t.distance(1, 0), t.distance(0, 1), t.distance(1, 2)),
            (Some(1), Some(1), None)
        );
        let mut p = String::new();
        t.push_path(1, &mut p);
        assert_eq!(p, "レディース > バッグ");
        let empty = write_categories(&[], &[]);
        let e = CategoryIndex::read(&empty, 0).unwrap();
        assert!(e.is_empty());
        assert_eq!(e.find(&empty, "x"), None);
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        let s = sample();
        // The entity count bounds the rows.
        assert!(CategoryIndex::read(&s, 5).is_err());
        // Every single-byte change and every truncation either reads or is refused.
        for i in 0..s.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut d = s.clone();
                d[i] ^= flip;
                if let Ok(c) = CategoryIndex::read(&d, 10) {
                    for n in 0..c.len() + 1 {
                        let _ = (c.id(&d, n), c.label(&d, n), c.depth(&d, n));
                    }
                    let _ = c.links(&d, 3).count();
                }
            }
            assert!(CategoryIndex::read(&s[..i], 10).is_err());
        }
        // A cycle of parents is refused.
        let mut d = s.clone();
        d[HEADER..HEADER + 4].copy_from_slice(&1u32.to_le_bytes());
        assert!(CategoryIndex::read(&d, 10).is_err());
    }
}
