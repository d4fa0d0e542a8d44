//! Lexicon sources: the TSV schema documented in `dictionaries/README.md`, parsed and
//! validated row by row. Every error names its file and line.

use std::path::Path;
use std::sync::Arc;

use ichiba::dictionary::Kind;
use ichiba::format::MAX_WEIGHT;
use ichiba::text;

use crate::error::{BuildError as Error, Result};

/// Longest surface accepted, in characters.
pub const MAX_SURFACE_CHARS: usize = 64;

/// One validated lexicon row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconEntry {
    /// The text inserted when the suggestion is taken.
    pub surface: String,
    /// Reading in hiragana, folded; `None` when the row gave none.
    pub reading: Option<String>,
    /// What the entry is.
    pub kind: Kind,
    /// Weight, higher is more common.
    pub weight: u32,
    /// Canonical entity id shared by variants; `None` when the row gave none.
    pub entity: Option<String>,
    /// For a blocked term, its reason code (`counterfeit`, `prohibited`, …).
    pub blocked: Option<String>,
    /// The category-tree nodes the row's entity belongs to, with a strength (1‥255), from
    /// the optional sixth column ([`parse_categories`]).
    pub categories: Vec<(String, u8)>,
    /// Where the row came from.
    pub origin: Origin,
}

/// One next-word pair: `next` follows `prev` in listings `count` times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// Entity id of the previous word.
    pub prev: String,
    /// Entity id of the word that follows.
    pub next: String,
    /// How often (corpus count or a hand-set strength).
    pub count: u32,
    /// Where the pair came from.
    pub origin: Origin,
}

/// What a source file holds, by its name: `blocklist*.tsv` blocked terms, `next*.tsv`
/// next-word pairs, `category_tree*.tsv` the category tree, the facet files of master data
/// (`brands.json`, …), anything else lexicon rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Lexicon rows (5 columns).
    Lexicon,
    /// Blocked terms: `term  reading  reason`.
    Blocklist,
    /// Next-word pairs: `prev_entity  next_entity  count`.
    Pairs,
    /// Category tree: `node  parent  entity`.
    CategoryTree,
    /// Category links: `entity  category  strength` (`category_links*.tsv`).
    CategoryLinks,
    /// Master data: a facet file of the marketplace (`brands.json`, `categories.json`,
    /// `colors.json`, `conditions.json`, `sizes.json`; see [`crate::facets`]).
    Facets(crate::facets::Facet),
}

impl SourceKind {
    /// The kind of the source at `path`, from its file name.
    pub fn of(path: &Path) -> SourceKind {
        if let Some(facet) = crate::facets::Facet::of(path) {
            return SourceKind::Facets(facet);
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with("blocklist") {
            SourceKind::Blocklist
        } else if name.starts_with("next") {
            SourceKind::Pairs
        } else if name.starts_with("category_tree") {
            SourceKind::CategoryTree
        } else if name.starts_with("category_links") {
            SourceKind::CategoryLinks
        } else {
            SourceKind::Lexicon
        }
    }
}

/// The file and 1-based line a row came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Source file (shared by every row of the file).
    pub path: Arc<Path>,
    /// 1-based line.
    pub line: usize,
}

impl Origin {
    /// A row error at this origin.
    pub fn error(&self, reason: impl Into<String>) -> Error {
        Error::Lexicon {
            path: self.path.to_path_buf(),
            line: self.line,
            reason: reason.into(),
        }
    }
}

/// What a source file parsed into: the rows that are valid and an error for each row that
/// is not (in line order). [`parse`] and its siblings stop at the first error; the `*_all`
/// variants read on, for a lint that reports every bad row.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The valid rows.
    pub rows: Vec<T>,
    /// One error per invalid row, each naming its file and line.
    pub errors: Vec<Error>,
}

impl<T> Parsed<T> {
    /// The rows, or the first error if any row was invalid.
    pub fn into_result(self) -> Result<Vec<T>> {
        match self.errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(self.rows),
        }
    }
}

/// Calls `row` with each non-blank, non-comment line of a TSV source and its origin,
/// collecting the rows it returns and the errors of the lines it rejects.
fn rows<T>(path: &Path, bytes: &[u8], mut row: impl FnMut(&str, Origin) -> Result<T>) -> Parsed<T> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // One row per line at most: reserved once, so a million-row file is never held in a
    // vector twice its size.
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut out = Parsed {
        rows: Vec::with_capacity(lines),
        errors: Vec::new(),
    };
    let shared: Arc<Path> = Arc::from(path);
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let origin = Origin {
            path: Arc::clone(&shared),
            line: i + 1,
        };
        let line = match std::str::from_utf8(raw) {
            Ok(line) => line,
            Err(e) => {
                let reason = format!("not UTF-8 (byte {})", e.valid_up_to() + 1);
                out.errors.push(origin.error(reason));
                continue;
            }
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match row(line, origin) {
            Ok(r) => out.rows.push(r),
            Err(e) => out.errors.push(e),
        }
    }
    out
}

/// Parses one lexicon file's text. `path` is only used in errors and origins.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Vec<LexiconEntry>> {
    parse_all(path, bytes).into_result()
}

/// Parses one lexicon file's text, reading on past invalid rows.
pub fn parse_all(path: &Path, bytes: &[u8]) -> Parsed<LexiconEntry> {
    rows(path, bytes, parse_row)
}

/// Parses a block list: `term <TAB> reading <TAB> reason` (reading may be empty; reason a
/// code `[a-z_]+` the app can map to a message).
pub fn parse_blocklist(path: &Path, bytes: &[u8]) -> Result<Vec<LexiconEntry>> {
    parse_blocklist_all(path, bytes).into_result()
}

/// Parses a block list, reading on past invalid rows.
pub fn parse_blocklist_all(path: &Path, bytes: &[u8]) -> Parsed<LexiconEntry> {
    rows(path, bytes, |line, origin| {
        let cols: Vec<&str> = line.split('\t').collect();
        let [term, reading, reason] = cols[..] else {
            return Err(origin.error(format!(
                "expected 3 tab-separated columns (term, reading, reason), found {}",
                cols.len()
            )));
        };
        if reason.is_empty() || !reason.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(origin.error(format!("reason {reason:?} must be a code of a-z and '_'")));
        }
        let mut row = parse_row(&format!("{term}\t{reading}\tphrase\t0"), origin)?;
        row.blocked = Some(reason.to_string());
        Ok(row)
    })
}

/// Parses next-word pairs: `prev_entity <TAB> next_entity <TAB> count`.
pub fn parse_pairs(path: &Path, bytes: &[u8]) -> Result<Vec<Pair>> {
    parse_pairs_all(path, bytes).into_result()
}

/// Parses next-word pairs, reading on past invalid rows.
pub fn parse_pairs_all(path: &Path, bytes: &[u8]) -> Parsed<Pair> {
    rows(path, bytes, |line, origin| {
        let cols: Vec<&str> = line.split('\t').collect();
        let [prev, next, count] = cols[..] else {
            return Err(origin.error(format!(
                "expected 3 tab-separated columns (prev_entity, next_entity, count), found {}",
                cols.len()
            )));
        };
        let Ok(count) = count.parse::<u32>() else {
            return Err(origin.error(format!("count {count:?} is not a whole number")));
        };
        if prev.is_empty() || next.is_empty() {
            return Err(origin.error("empty entity id"));
        }
        Ok(Pair {
            prev: prev.to_string(),
            next: next.to_string(),
            count,
            origin,
        })
    })
}

/// A category link from a `category_links*.tsv` source or built in code (corpus mining):
/// entity `entity` belongs to `category` with `strength`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryLink {
    /// The entity id.
    pub entity: String,
    /// A tree node id, or the id of a category entity: every node it names (the corpus
    /// gives listings' categories as entities, `cat_mens`).
    pub category: String,
    /// 1‥255.
    pub strength: u8,
    /// Where it came from (errors name it).
    pub origin: Origin,
}

/// Parses category links: `entity <TAB> category <TAB> strength` (1‥255), as
/// `ichiba build --mined-categories` writes them. Whether the entity and category exist is
/// the build's concern: links to unknown ones are left out.
pub fn parse_category_links(path: &Path, bytes: &[u8]) -> Result<Vec<CategoryLink>> {
    rows(path, bytes, |line, origin| {
        let cols: Vec<&str> = line.split('\t').collect();
        let [entity, category, strength] = cols[..] else {
            return Err(origin.error(format!(
                "expected 3 tab-separated columns (entity, category, strength), found {}",
                cols.len()
            )));
        };
        if entity.is_empty() || category.is_empty() {
            return Err(origin.error("empty entity or category"));
        }
        let strength = strength
            .parse::<u8>()
            .ok()
            .filter(|&s| s > 0)
            .ok_or_else(|| {
                origin.error(format!(
                    "strength {strength:?} is not a number from 1 to 255"
                ))
            })?;
        Ok(CategoryLink {
            entity: entity.to_string(),
            category: category.to_string(),
            strength,
            origin,
        })
    })
    .into_result()
}

/// One node of the category tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeNode {
    /// The node's path id (`ladies/tops`).
    pub node: String,
    /// The parent's node id; empty at the top level.
    pub parent: String,
    /// The category entity naming the node.
    pub entity: String,
    /// Where the row came from.
    pub origin: Origin,
}

/// Parses a category tree: `node <TAB> parent <TAB> entity`, parents before children, node
/// ids unique.
pub fn parse_category_tree(path: &Path, bytes: &[u8]) -> Result<Vec<TreeNode>> {
    parse_category_tree_all(path, bytes).into_result()
}

/// Parses a category tree, reading on past invalid rows (a rejected node is not a parent
/// for the rows below it).
pub fn parse_category_tree_all(path: &Path, bytes: &[u8]) -> Parsed<TreeNode> {
    let mut nodes = std::collections::HashSet::new();
    rows(path, bytes, |line, origin| {
        let cols: Vec<&str> = line.split('\t').collect();
        let [node, parent, entity] = cols[..] else {
            return Err(origin.error(format!(
                "expected 3 tab-separated columns (node, parent, entity), found {}",
                cols.len()
            )));
        };
        if node.is_empty() || entity.is_empty() {
            return Err(origin.error("empty node or entity"));
        }
        if !parent.is_empty() && !nodes.contains(parent) {
            return Err(origin.error(format!("parent {parent:?} is not a node listed above")));
        }
        if !nodes.insert(node.to_string()) {
            return Err(origin.error(format!("node {node:?} listed twice")));
        }
        Ok(TreeNode {
            node: node.to_string(),
            parent: parent.to_string(),
            entity: entity.to_string(),
            origin,
        })
    })
}

pub(crate) fn parse_row(line: &str, origin: Origin) -> Result<LexiconEntry> {
    let cols: Vec<&str> = line.split('\t').collect();
    if !(4..=6).contains(&cols.len()) {
        return Err(origin.error(format!(
            "expected 4 to 6 tab-separated columns (surface, reading, kind, weight, entity, categories), found {}",
            cols.len()
        )));
    }
    let surface = cols[0];
    if surface.is_empty() {
        return Err(origin.error("empty surface"));
    }
    if surface.trim() != surface {
        return Err(origin.error(format!(
            "surface {surface:?} has leading or trailing spaces"
        )));
    }
    if let Some(c) = surface.chars().find(|c| c.is_control()) {
        return Err(origin.error(format!(
            "surface contains control character U+{:04X}",
            c as u32
        )));
    }
    if surface.chars().count() > MAX_SURFACE_CHARS {
        return Err(origin.error(format!(
            "surface longer than {MAX_SURFACE_CHARS} characters"
        )));
    }
    if text::fold(surface).is_empty() {
        return Err(origin.error(format!("surface {surface:?} has no searchable characters")));
    }
    let reading = match cols[1] {
        "" => None,
        r => {
            let folded = text::fold(r);
            if !text::is_reading(&folded) {
                return Err(origin.error(format!(
                    "reading {r:?} must be hiragana or katakana, digits allowed (leave it empty for Latin-only surfaces)"
                )));
            }
            Some(folded)
        }
    };
    let kind = cols[2].parse::<Kind>().map_err(|e| origin.error(e))?;
    let weight = cols[3]
        .parse::<u32>()
        .ok()
        .filter(|&w| w <= MAX_WEIGHT)
        .ok_or_else(|| {
            origin.error(format!(
                "weight {:?} is not a whole number from 0 to {MAX_WEIGHT}",
                cols[3]
            ))
        })?;
    let entity = match cols.get(4).copied().unwrap_or("") {
        "" => None,
        e if e
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-:".contains(&b)) =>
        {
            Some(e.to_string())
        }
        e => {
            return Err(origin.error(format!(
                "entity {e:?} may only use a-z, 0-9, '_', '.', '-' and ':'"
            )));
        }
    };
    let categories =
        parse_categories(cols.get(5).copied().unwrap_or("")).map_err(|e| origin.error(e))?;
    Ok(LexiconEntry {
        surface: surface.to_string(),
        reading,
        kind,
        weight,
        entity,
        blocked: None,
        categories,
        origin,
    })
}

/// Strength of a category the lexicon names without one: the word belongs to it.
pub const LEXICON_CATEGORY_STRENGTH: u8 = 255;

/// Parses the `categories` column: node ids of the category tree separated by spaces, each
/// optionally followed by `=strength` (1‥255, default [`LEXICON_CATEGORY_STRENGTH`]):
/// `ladies/bags`, `ladies/bags=200 mens/bags=120`. Whether the nodes exist is checked by the
/// build, against the tree.
pub fn parse_categories(col: &str) -> std::result::Result<Vec<(String, u8)>, String> {
    let mut out: Vec<(String, u8)> = Vec::new();
    for item in col.split(' ').filter(|s| !s.is_empty()) {
        let (node, strength) = match item.rsplit_once('=') {
            Some((node, s)) => {
                let s = s.parse::<u8>().ok().filter(|&s| s > 0).ok_or_else(|| {
                    format!("category strength {s:?} is not a number from 1 to 255")
                })?;
                (node, s)
            }
            None => (item, LEXICON_CATEGORY_STRENGTH),
        };
        if node.is_empty() || node.chars().any(|c| c.is_control() || c == '=') {
            return Err(format!("category {item:?} is not a node id"));
        }
        if out.iter().any(|(n, _)| n == node) {
            return Err(format!("category {node:?} listed twice"));
        }
        out.push((node.to_string(), strength));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Result<LexiconEntry> {
        parse(Path::new("t.tsv"), line.as_bytes()).map(|mut v| v.remove(0))
    }

    fn reason(line: &str) -> String {
        one(line).unwrap_err().to_string()
    }

    #[test]
    fn parses_rows_and_skips_comments() {
        let text = "# brands\n\nシュプリーム\tしゅぷりーむ\tbrand\t900\tsupreme\nSupreme\tシュプリーム\tbrand\t800\tsupreme\r\nNIKE\t\tbrand\t10\n";
        let rows = parse(Path::new("b.tsv"), text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].reading.as_deref(), Some("しゅぷりーむ"));
        assert_eq!(rows[1].reading.as_deref(), Some("しゅぷりーむ"));
        assert_eq!(rows[1].origin.line, 4);
        assert_eq!(rows[2].reading, None);
        assert_eq!(rows[2].entity, None);
    }

    #[test]
    fn the_categories_column() {
        let r =
            one("バケットバッグ\tばけっとばっぐ\titem\t500\t\tladies/bags mens/bags=90").unwrap();
        assert_eq!(r.entity, None);
        assert_eq!(
            r.categories,
            [
                ("ladies/bags".to_string(), 255),
                ("mens/bags".to_string(), 90)
            ]
        );
        assert!(one("a\tあ\titem\t1").unwrap().categories.is_empty());
        assert!(reason("a\tあ\titem\t1\t\tx=0").contains("strength"));
        assert!(reason("a\tあ\titem\t1\t\tx=300").contains("strength"));
        assert!(reason("a\tあ\titem\t1\t\tx x").contains("twice"));
        assert!(reason("a\tあ\titem\t1\t\tx\ty").contains("4 to 6"));
    }

    #[test]
    fn errors_name_file_and_line() {
        let err = parse(
            Path::new("dir/x.tsv"),
            "a\tあ\tbrand\t1\n\nb\tい\tbogus\t1\n".as_bytes(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "dir/x.tsv:3: unknown kind \"bogus\" (expected brand, category, item, attribute or phrase)"
        );
    }

    #[test]
    fn other_schemas() {
        let b = parse_blocklist(
            Path::new("blocklist.tsv"),
            "スーパーコピー\t\tcounterfeit\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(b[0].blocked.as_deref(), Some("counterfeit"));
        let e = parse_blocklist(
            Path::new("blocklist.tsv"),
            "偽物\tにせもの\tFake!\n".as_bytes(),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("blocklist.tsv:1: reason"));
        let p = parse_pairs(Path::new("next.tsv"), "nike\titem_sneaker\t12\n".as_bytes()).unwrap();
        assert_eq!(
            (p[0].prev.as_str(), p[0].next.as_str(), p[0].count),
            ("nike", "item_sneaker", 12)
        );
        assert!(parse_pairs(Path::new("next.tsv"), "nike\tx\n".as_bytes()).is_err());
        assert_eq!(
            SourceKind::of(Path::new("a/blocklist.tsv")),
            SourceKind::Blocklist
        );
        assert_eq!(
            SourceKind::of(Path::new("a/next_mined.tsv")),
            SourceKind::Pairs
        );
        assert_eq!(
            SourceKind::of(Path::new("a/brands.tsv")),
            SourceKind::Lexicon
        );
    }

    #[test]
    fn parse_all_reads_on_past_bad_rows() {
        let text = "a\tあ\tbrand\t1\nb\tい\tbogus\t1\nc\tう\tbrand\t1\nd\tx\tbrand\t1\n";
        let parsed = parse_all(Path::new("x.tsv"), text.as_bytes());
        let surfaces: Vec<&str> = parsed.rows.iter().map(|r| r.surface.as_str()).collect();
        assert_eq!(surfaces, ["a", "c"]);
        let lines: Vec<String> = parsed
            .errors
            .iter()
            .map(|e| e.to_string()[..8].to_string())
            .collect();
        assert_eq!(lines, ["x.tsv:2:", "x.tsv:4:"]);
        assert!(
            parse(Path::new("x.tsv"), text.as_bytes())
                .unwrap_err()
                .to_string()
                .starts_with("x.tsv:2:")
        );
        let tree = parse_category_tree_all(
            Path::new("t.tsv"),
            b"a\t\tcat_a\na/b\tz\tcat_b\na/c\ta\tcat_c\n",
        );
        assert_eq!(tree.rows.len(), 2);
        assert_eq!(tree.errors.len(), 1);
        assert_eq!(
            parse_pairs_all(Path::new("n.tsv"), b"a\tb\n\na\tb\t1\n")
                .rows
                .len(),
            1
        );
        assert_eq!(
            parse_blocklist_all(Path::new("b.tsv"), b"x\t\tBad\n")
                .errors
                .len(),
            1
        );
    }

    #[test]
    fn rejects_bad_rows() {
        assert!(reason("a\tあ\tbrand").contains("columns"));
        assert!(reason("\tあ\tbrand\t1").contains("empty surface"));
        assert!(reason("a\tabc\tbrand\t1").contains("reading"));
        assert!(reason("a\tあ\tbrand\t-1").contains("weight"));
        assert!(reason("a\tあ\tbrand\t99999999999").contains("weight"));
        assert!(reason("a\tあ\tbrand\t1\tBad Id").contains("entity"));
        assert!(reason("a\u{7}\tあ\tbrand\t1").contains("control"));
        assert!(reason(" a\tあ\tbrand\t1").contains("spaces"));
        assert!(reason("・\tあ\tbrand\t1").contains("searchable"));
        let err = parse(Path::new("u.tsv"), b"ok\t\xff\tbrand\t1").unwrap_err();
        assert!(err.to_string().starts_with("u.tsv:1: not UTF-8"));
    }
}
