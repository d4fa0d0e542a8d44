//! The category tree (`lexicon/category_tree.tsv`): beyond its parser (three columns,
//! parents first, node ids unique), node ids are paths of `[a-z0-9_]+` whose parent is the
//! path without its last segment, three levels at most; every node names a category of
//! `categories.tsv` and every category is a node; at least [`MIN_NODES`] nodes.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use ichiba::dictionary::Kind;

use super::Problem;
use super::lexicon::Row;
use crate::lexicon::parse_category_tree_all;

/// The tree's file name in the lexicon directory.
pub const FILE: &str = "category_tree.tsv";

/// The fewest nodes the tree must have.
pub const MIN_NODES: usize = 300;

/// The deepest a node may be (a top-level node is at level 1).
pub const MAX_LEVELS: usize = 3;

/// Checks the tree at `path` (text `bytes`) against the lexicon `rows`, adding to `out`.
/// Returns the entities of its top-level nodes (the categories a corpus listing may have).
pub fn check(path: &Path, bytes: &[u8], rows: &[Row], out: &mut Vec<Problem>) -> HashSet<String> {
    let parsed = parse_category_tree_all(path, bytes);
    out.extend(parsed.errors.into_iter().map(Problem::from));
    let categories: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.file_kind.is_some() && r.entry.kind == Kind::Category)
        .filter_map(|r| r.entry.entity.as_deref())
        .collect();
    let mut used = HashSet::new();
    let mut tops = HashSet::new();
    let mut nodes = 0;
    for n in &parsed.rows {
        let problem = |reason: String| Problem::new(path, n.origin.line, reason);
        let segment_ok = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        };
        if !n.node.split('/').all(segment_ok) {
            out.push(problem(format!("bad node id {:?}", n.node)));
            continue;
        }
        nodes += 1;
        let want_parent = n.node.rsplit_once('/').map_or("", |(parent, _)| parent);
        if n.parent != want_parent {
            out.push(problem(format!(
                "parent of {:?} should be {want_parent:?}, is {:?}",
                n.node, n.parent
            )));
        }
        if n.node.split('/').count() > MAX_LEVELS {
            out.push(problem(format!(
                "{:?} is deeper than {MAX_LEVELS} levels",
                n.node
            )));
        }
        if !categories.contains(n.entity.as_str()) {
            out.push(problem(format!(
                "entity {:?} is not a category in categories.tsv",
                n.entity
            )));
        }
        used.insert(n.entity.as_str());
        if n.parent.is_empty() {
            tops.insert(n.entity.clone());
        }
    }
    for e in categories.iter().filter(|e| !used.contains(*e)) {
        out.push(Problem::new(
            path,
            0,
            format!("category {e:?} of categories.tsv is no node of the tree"),
        ));
    }
    if nodes < MIN_NODES {
        out.push(Problem::new(
            path,
            0,
            format!("only {nodes} nodes (need >= {MIN_NODES})"),
        ));
    }
    tops
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_all;
    use crate::lint::lexicon::rows;
    use crate::lint::tests::has;

    const CATEGORIES: &str = "レディース\tれでぃーす\tcategory\t9\tcat_ladies\n\
                              トップス\tとっぷす\tcategory\t9\tcat_tops\n\
                              Tシャツ\tてぃーしゃつ\tcategory\t9\tcat_tshirt\n";

    fn lint(tree: &str) -> (Vec<Problem>, HashSet<String>) {
        let path = Path::new("categories.tsv");
        let parsed = parse_all(path, CATEGORIES.as_bytes());
        let rows = rows(path, CATEGORIES.as_bytes(), parsed.rows);
        let mut out = Vec::new();
        let tops = check(Path::new(FILE), tree.as_bytes(), &rows, &mut out);
        (out, tops)
    }

    const GOOD: &str = "ladies\t\tcat_ladies\nladies/tops\tladies\tcat_tops\nladies/tops/t\tladies/tops\tcat_tshirt\n";

    #[test]
    fn a_good_tree_and_its_tops() {
        let (p, tops) = lint(GOOD);
        assert_eq!(
            p.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            ["category_tree.tsv:0: only 3 nodes (need >= 300)"]
        );
        assert_eq!(tops, HashSet::from(["cat_ladies".to_string()]));
    }

    #[test]
    fn parser_errors_are_problems() {
        let (p, _) = lint("ladies/tops\tladies\tcat_tops\n");
        assert!(has(
            &p,
            "category_tree.tsv:1: parent \"ladies\" is not a node listed above"
        ));
    }

    #[test]
    fn node_ids() {
        let (p, _) = lint(&format!("{GOOD}Ladies\t\tcat_ladies\n"));
        assert!(has(&p, "category_tree.tsv:4: bad node id \"Ladies\""));
    }

    #[test]
    fn parent_is_the_path_prefix() {
        let (p, _) = lint(&format!("{GOOD}ladies/t\tladies/tops\tcat_tshirt\n"));
        assert!(has(
            &p,
            "category_tree.tsv:4: parent of \"ladies/t\" should be \"ladies\", is \"ladies/tops\""
        ));
    }

    #[test]
    fn three_levels_at_most() {
        let (p, _) = lint(&format!(
            "{GOOD}ladies/tops/t/x\tladies/tops/t\tcat_tshirt\n"
        ));
        assert!(has(
            &p,
            "category_tree.tsv:4: \"ladies/tops/t/x\" is deeper than 3 levels"
        ));
    }

    #[test]
    fn nodes_name_categories_and_categories_are_nodes() {
        let (p, _) = lint("ladies\t\tcat_ladies\nladies/tops\tladies\tcat_top\n");
        assert!(has(
            &p,
            "category_tree.tsv:2: entity \"cat_top\" is not a category in categories.tsv"
        ));
        assert!(has(
            &p,
            "category_tree.tsv:0: category \"cat_tshirt\" of categories.tsv is no node of the tree"
        ));
    }
}
