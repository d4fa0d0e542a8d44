//! Phase 7b: the `Categories` section ([`ichiba::format::categories`]): the category tree's
//! nodes (the hand-written `category_tree.tsv` and the master's `mercari-category:<id>`),
//! each labelled with the main form of the entity naming it, and every entity's strongest
//! links to nodes:
//!
//! * the entity naming a node: [`OWN_STRENGTH`] (the engine halves a link's bonus per
//!   tree level, so a node's words also count, less, for its parent and children);
//! * a lexicon row's `categories` column ([`crate::lexicon::parse_categories`]);
//! * links from `category_links*.tsv` sources and added in code ([`CategoryLink`]: corpus
//!   mining, per-category document counts).

use std::collections::HashMap;

use ichiba::format::NO_ENTRY;
use ichiba::format::categories::{MAX_LINKS, NodeSpec, write_categories};

use super::entities::Entities;
use crate::error::Result;
use crate::lexicon::{CategoryLink, LexiconEntry, TreeNode};

/// Strength of the link from a node's own word to the node.
pub const OWN_STRENGTH: u8 = u8::MAX;

/// The section's bytes for `tree`, the entries (in entry order) and their entities.
pub(super) fn build(
    tree: &[TreeNode],
    entries: &[(&LexiconEntry, bool)],
    entities: &Entities<'_>,
    extra: &[CategoryLink],
) -> Result<Vec<u8>> {
    let mut order: Vec<usize> = (0..tree.len()).collect();
    order.sort_by(|&a, &b| tree[a].node.cmp(&tree[b].node));
    let mut index: HashMap<&str, u32> = HashMap::with_capacity(tree.len());
    for (i, &t) in order.iter().enumerate() {
        if index.insert(tree[t].node.as_str(), i as u32).is_some() {
            let n = &tree[t];
            return Err(n.origin.error(format!("node {:?} listed twice", n.node)));
        }
    }
    let label = |entity: u32| -> Option<&str> {
        let [japanese, latin] = *entities.forms.get(entity as usize)?;
        let main = if japanese != NO_ENTRY {
            japanese
        } else {
            latin
        };
        entries.get(main as usize).map(|(r, _)| r.surface.as_str())
    };
    let mut nodes = Vec::with_capacity(tree.len());
    let mut links: HashMap<u32, Vec<(u32, u8)>> = HashMap::new();
    for (i, &t) in order.iter().enumerate() {
        let n = &tree[t];
        let parent = match n.parent.as_str() {
            "" => None,
            p => Some(
                *index
                    .get(p)
                    .ok_or_else(|| n.origin.error(format!("unknown parent {p:?}")))?,
            ),
        };
        let entity = *entities
            .index
            .get(n.entity.as_str())
            .ok_or_else(|| n.origin.error(format!("unknown entity {:?}", n.entity)))?;
        nodes.push(NodeSpec {
            id: n.node.clone(),
            label: label(entity).unwrap_or(&n.entity).to_string(),
            parent,
        });
        links
            .entry(entity)
            .or_default()
            .push((i as u32, OWN_STRENGTH));
    }
    // A build without a tree (a few lexicon files on their own) has nothing to link to: the
    // rows' categories are left out. With a tree, a node it lacks is an error.
    for (i, (row, _)) in entries.iter().enumerate() {
        if row.blocked.is_some() || tree.is_empty() {
            continue;
        }
        for (node, strength) in &row.categories {
            let at = *index.get(node.as_str()).ok_or_else(|| {
                row.origin.error(format!(
                    "category {node:?} is not a node of the category tree"
                ))
            })?;
            links
                .entry(entities.of_entry[i])
                .or_default()
                .push((at, *strength));
        }
    }
    let mut named_by: HashMap<&str, Vec<u32>> = HashMap::new();
    for (i, &t) in order.iter().enumerate() {
        named_by
            .entry(tree[t].entity.as_str())
            .or_default()
            .push(i as u32);
    }
    for l in extra {
        let Some(&entity) = entities.index.get(l.entity.as_str()) else {
            continue;
        };
        let by_node = index.get(l.category.as_str()).map(std::slice::from_ref);
        let targets = by_node
            .or_else(|| named_by.get(l.category.as_str()).map(Vec::as_slice))
            .unwrap_or_default();
        for &node in targets {
            links.entry(entity).or_default().push((node, l.strength));
        }
    }
    let mut rows: Vec<(u32, Vec<(u32, u8)>)> = links
        .into_iter()
        .map(|(entity, mut l)| {
            // The strongest link per node, strongest first, then by node.
            l.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            l.dedup_by_key(|x| x.0);
            l.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            l.truncate(MAX_LINKS);
            (entity, l)
        })
        .collect();
    rows.sort_unstable_by_key(|r| r.0);
    Ok(write_categories(&nodes, &rows))
}
