//! The dictionary builder: lexicon sources in, one artifact out.
//!
//! [`Builder`] collects validated rows ([`lexicon`]), fills in missing readings with the
//! analyzer, assigns entity ids and homograph discriminators, and lays out the bytes of
//! [`ichiba::format`]. The same rows always give the same bytes. [`write_atomic`] puts the
//! result in place by rename, so a failed build never leaves a half-written file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use ichiba::analysis::Analyzer;
use ichiba::artifacts::hex;
use ichiba::format::{self, SECTIONS};

use crate::error::{BuildError as Error, Result};
pub use crate::lexicon::CategoryLink;
use crate::lexicon::{self, LexiconEntry, Pair, SourceKind};
pub use ichiba::file::write_atomic;
pub use manifest::Manifest;

mod blocked;
mod categories;
mod entities;
mod fsts;
mod layout;
mod manifest;
mod next;
mod order;
mod readings;
mod records;
mod variants;

/// Collects lexicon rows and builds a dictionary artifact.
#[derive(Debug, Default, Clone)]
pub struct Builder {
    rows: Vec<LexiconEntry>,
    pairs: Vec<Pair>,
    tree: Vec<lexicon::TreeNode>,
    links: Vec<CategoryLink>,
    sources: Vec<SourceInfo>,
    hasher: Sha256,
}

/// One source file that went into a build.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    /// The path as given.
    pub path: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Rows it contributed.
    pub rows: usize,
    /// Its rows in the artifact, by kind (`blocked` for blocked terms): what is left after
    /// merging with the master data and the block list.
    pub kept: BTreeMap<String, u32>,
}

/// A finished build: the artifact's bytes and what went into them.
#[derive(Debug)]
pub struct Built {
    /// The artifact.
    pub bytes: Vec<u8>,
    /// The manifest describing it.
    pub manifest: Manifest,
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads and validates one lexicon file; a bad row fails with `file:line: reason`.
    pub fn add_file(&mut self, path: &Path) -> Result<usize> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        self.add_source(path, &bytes)
    }

    /// Parses a source as if read from `path`; what it holds follows from its name
    /// ([`SourceKind`]).
    pub fn add_source(&mut self, path: &Path, bytes: &[u8]) -> Result<usize> {
        let n = match SourceKind::of(path) {
            SourceKind::Lexicon => self.extend(lexicon::parse(path, bytes)?),
            SourceKind::Blocklist => self.extend(lexicon::parse_blocklist(path, bytes)?),
            SourceKind::Pairs => {
                let pairs = lexicon::parse_pairs(path, bytes)?;
                let n = pairs.len();
                self.pairs.extend(pairs);
                n
            }
            SourceKind::CategoryTree => {
                let tree = lexicon::parse_category_tree(path, bytes)?;
                let n = tree.len();
                self.tree.extend(tree);
                n
            }
            SourceKind::CategoryLinks => {
                let links = lexicon::parse_category_links(path, bytes)?;
                let n = links.len();
                self.links.extend(links);
                n
            }
            SourceKind::Facets(_) => {
                let parsed = crate::facets::parse(path, bytes)?;
                self.tree.extend(parsed.tree);
                self.extend(parsed.rows)
            }
        };
        let digest = Sha256::digest(bytes);
        self.hasher.update(digest);
        self.sources.push(SourceInfo {
            path: path.to_string_lossy().replace('\\', "/"),
            sha256: hex(&digest),
            rows: n,
            kept: BTreeMap::new(),
        });
        Ok(n)
    }

    fn extend(&mut self, rows: Vec<LexiconEntry>) -> usize {
        let n = rows.len();
        if self.rows.is_empty() {
            self.rows = rows;
        } else {
            // Exactly: growth by doubling would leave up to half a big build's rows unused.
            self.rows.reserve_exact(n);
            self.rows.extend(rows);
        }
        n
    }

    /// Adds a next-word pair built in code (corpus mining).
    pub fn add_pair(&mut self, pair: Pair) {
        self.hasher.update(format!("{pair:?}").as_bytes());
        self.pairs.push(pair);
    }

    /// Adds a category link built in code (corpus mining); links to unknown entities or
    /// categories are left out.
    pub fn add_category_link(&mut self, link: CategoryLink) {
        self.hasher.update(format!("{link:?}").as_bytes());
        self.links.push(link);
    }

    /// Adds one row built in code (imports, tests).
    pub fn push(&mut self, row: LexiconEntry) {
        self.hasher.update(format!("{row:?}").as_bytes());
        self.rows.push(row);
    }

    /// Applies what a corpus says ([`crate::corpus::mine`]): each row's weight grows with
    /// the number of listings that mention its entity — `weight × (1 + ln(1 + df) / 4)` —,
    /// pairs seen at least `min_pair` times become next-word pairs, and the per-category
    /// document frequencies become category links ([`crate::corpus::mine::Mined::category_links`]). Returns how many rows
    /// were reweighted and how many pairs were added.
    #[cfg(feature = "corpus")]
    pub fn apply_mined(
        &mut self,
        mined: &crate::corpus::mine::Mined,
        min_pair: u32,
    ) -> (usize, usize) {
        let mut reweighted = 0;
        for row in &mut self.rows {
            let entity = row.entity.as_deref().unwrap_or(&row.surface);
            if let Some(&df) = mined.doc_freq.get(entity) {
                let boost = 1.0 + (1.0 + f64::from(df)).ln() / 4.0;
                row.weight =
                    ((f64::from(row.weight) * boost).round() as u32).min(format::MAX_WEIGHT);
                reweighted += 1;
            }
        }
        let mut added = 0;
        for ((prev, next), &count) in &mined.pairs {
            if count >= min_pair {
                self.pairs.push(Pair {
                    prev: prev.clone(),
                    next: next.clone(),
                    count,
                    origin: lexicon::Origin {
                        path: Path::new("<corpus>").into(),
                        line: 0,
                    },
                });
                added += 1;
            }
        }
        self.hasher
            .update(format!("{:?}{:?}", mined.doc_freq, mined.pairs).as_bytes());
        for (entity, category, strength) in mined.category_links() {
            self.add_category_link(CategoryLink {
                entity: entity.to_string(),
                category: category.to_string(),
                strength,
                origin: lexicon::Origin {
                    path: Path::new("<corpus>").into(),
                    line: 0,
                },
            });
        }
        (reweighted, added)
    }

    /// Number of category links added in code so far.
    pub fn category_links(&self) -> usize {
        self.links.len()
    }

    /// Number of rows collected so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no rows were collected.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Builds the artifact, phase by phase: readings, the block list, the entry order,
    /// entities, strings and records, the key fsts, the next-word tables, the layout and the
    /// manifest (each phase is a module of `builder`). Rows without a reading get one from
    /// `analyzer` when their surface is Japanese; Latin-only surfaces are found by their
    /// spelling alone.
    pub fn build(self, analyzer: Option<&Analyzer>) -> Result<Built> {
        let Builder {
            mut rows,
            mut pairs,
            mut tree,
            links,
            sources,
            hasher,
        } = self;
        let mut build_id = [0u8; 16];
        build_id.copy_from_slice(&hasher.finalize()[..16]);

        let master = crate::facets::merge(&mut rows, &mut pairs, &mut tree, analyzer)?;
        let mut inferred = readings::infer(&mut rows, analyzer)?;
        variants::add(&mut rows, &mut inferred);
        let kept = blocked::filter(rows, inferred);
        let inferred_readings = kept.inferred.iter().filter(|&&b| b).count() as u32;
        let (blocked_terms, blocked_filtered) = (kept.blocked_terms, kept.dropped);
        let counterfeit_by_rule = kept.counterfeit_by_rule;
        let mut sources = sources;
        let mut by_source: HashMap<&Path, BTreeMap<String, u32>> = HashMap::new();
        for r in &kept.rows {
            let kind = match r.blocked {
                Some(_) => "blocked",
                None => r.kind.as_str(),
            };
            *by_source
                .entry(&r.origin.path)
                .or_default()
                .entry(kind.to_string())
                .or_default() += 1;
        }
        for s in &mut sources {
            s.kept = by_source.remove(Path::new(&s.path)).unwrap_or_default();
        }
        drop(by_source);
        let (parts, counts, kinds) = sections(kept, &pairs, &tree, &links)?;
        let laid = layout::lay_out(parts, counts, build_id);
        let header = &laid.header;
        let manifest = Manifest {
            format_version: format::VERSION,
            build_id: hex(&build_id),
            sha256: hex(&Sha256::digest(&laid.bytes)),
            size: laid.bytes.len() as u64,
            entries: header.entries,
            entities: header.entities,
            reading_keys: header.reading_keys,
            surface_keys: header.surface_keys,
            kinds,
            inferred_readings,
            blocked_terms,
            blocked_filtered,
            counterfeit_by_rule,
            next_word_pairs: header.sections[format::Section::NextLists as usize].1 as u32 / 8,
            sections: layout::section_sizes(header),
            master: (master.master_rows > 0).then_some(master),
            sources,
        };
        Ok(Built {
            bytes: laid.bytes,
            manifest,
        })
    }
}

/// The section bytes (in [`format::Section`] order), the header counts, entries per kind.
type Sections = ([Vec<u8>; SECTIONS], layout::Counts, BTreeMap<String, u32>);

/// The sections of the artifact, in order, its header counts and the entries per kind:
/// everything between the block list and the layout. The rows are dropped when it returns,
/// before the layout copies the sections.
fn sections(
    kept: blocked::Kept,
    pairs: &[Pair],
    tree: &[lexicon::TreeNode],
    links: &[CategoryLink],
) -> Result<Sections> {
    let order = order::rank(&kept.rows)?;
    let entries: Vec<(&LexiconEntry, bool)> = order
        .iter()
        .map(|&i| (&kept.rows[i], kept.inferred[i]))
        .collect();
    drop(order);
    let rows: Vec<&LexiconEntry> = entries.iter().map(|(r, _)| *r).collect();
    let named: HashSet<&str> = tree
        .iter()
        .map(|n| n.entity.as_str())
        .chain(
            pairs
                .iter()
                .flat_map(|p| [p.prev.as_str(), p.next.as_str()]),
        )
        .chain(links.iter().map(|l| l.entity.as_str()))
        .collect();
    let entities = entities::assign(&rows, |id| named.contains(id));
    drop(rows);
    // The category tree must name known entities.
    for n in tree {
        if !entities.index.contains_key(n.entity.as_str()) {
            return Err(n.origin.error(format!("unknown entity {:?}", n.entity)));
        }
    }
    let category_section = categories::build(tree, &entries, &entities, links)?;
    let mut recs = records::entries(&entries, &entities)?;
    let entity_section = records::entity_section(&entities, &mut recs.pool)?;
    let record_bytes = records::pack(&recs.records);
    drop(recs.records);
    let next = next::build(pairs, &entities.forms, &entities.index)?;
    let mut counts = layout::Counts {
        entries: entries.len() as u32,
        entities: entities.count,
        entity_records: entities.records(),
        reading_keys: 0,
        surface_keys: 0,
    };
    // The rows are not needed for the fsts: free them first.
    drop(entities);
    drop(entries);
    drop(kept);
    let mut top_lists = Vec::new();
    let reading = fsts::build(recs.reading_keys, &mut top_lists)?;
    let surface = fsts::build(recs.surface_keys, &mut top_lists)?;
    (counts.reading_keys, counts.surface_keys) = (reading.len, surface.len);
    let parts = [
        reading.keys,
        surface.keys,
        reading.ranks,
        surface.ranks,
        reading.top,
        surface.top,
        top_lists,
        record_bytes,
        entity_section,
        recs.pool,
        next.index,
        next.lists,
        category_section,
    ];
    Ok((parts, counts, recs.kinds))
}

/// Lists the source files of `source`: the file itself, or every `*.tsv` and every
/// master-data facet file (`brands.json`, … — [`crate::facets::Facet`]) below a folder,
/// sorted by path so builds do not depend on directory order.
pub fn lexicon_files(source: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(source).map_err(|e| Error::io(source, e))?;
    if meta.is_file() {
        return Ok(vec![source.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![source.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let path = e.map_err(|e| Error::io(&dir, e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "tsv")
                || crate::facets::Facet::of(&path).is_some()
            {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::lexicon::Origin;
    use ichiba::dictionary::Kind;

    /// An item row of `t.tsv`, line 1 (see [`numbered`]).
    pub(crate) fn row(surface: &str, reading: Option<&str>, weight: u32) -> LexiconEntry {
        LexiconEntry {
            surface: surface.into(),
            reading: reading.map(Into::into),
            kind: Kind::Item,
            weight,
            entity: None,
            blocked: None,
            categories: Vec::new(),
            origin: Origin {
                path: Path::new("t.tsv").into(),
                line: 1,
            },
        }
    }

    /// `rows` as lines 1, 2, … of `t.tsv`.
    pub(crate) fn numbered(mut rows: Vec<LexiconEntry>) -> Vec<LexiconEntry> {
        for (i, r) in rows.iter_mut().enumerate() {
            r.origin.line = i + 1;
        }
        rows
    }

    #[test]
    fn the_category_tree_and_links_reach_the_artifact() {
        let mut b = Builder::new();
        let tree = "ladies\t\tcat_ladies\nladies/bags\tladies\tcat_bags\nsports\t\tcat_sports\n";
        b.add_source(Path::new("category_tree.tsv"), tree.as_bytes())
            .unwrap();
        let rows = "レディース\tれでぃーす\tcategory\t900\tcat_ladies\n\
                    バッグ\tばっぐ\tcategory\t800\tcat_bags\n\
                    スポーツ\tすぽーつ\tcategory\t700\tcat_sports\n\
                    バケットバッグ\tばけっとばっぐ\titem\t10\t\tladies/bags sports=7\n\
                    バット\tばっと\titem\t20\n";
        b.add_source(Path::new("lex.tsv"), rows.as_bytes()).unwrap();
        let built = b.build(None).unwrap();
        assert!(built.manifest.sections["categories"] > 0);
        let dict = ichiba::Dictionary::from_vec(built.bytes).unwrap();
        let tree = dict.categories();
        assert_eq!(tree.len(), 3);
        let bags = tree.find("ladies/bags").unwrap();
        assert_eq!(tree.label(bags), "バッグ");
        assert_eq!(tree.parent(bags), tree.find("ladies"));
        let mut path = String::new();
        tree.push_path(bags, &mut path);
        assert_eq!(path, "レディース > バッグ");
        let entity_of = |surface: &str| {
            dict.entries()
                .map(Result::unwrap)
                .find(|e| e.surface == surface)
                .unwrap()
                .entity
        };
        let links: Vec<_> = tree.links(entity_of("バケットバッグ")).collect();
        assert_eq!(links, [(bags, 255), (tree.find("sports").unwrap(), 7)]);
        assert_eq!(
            tree.links(entity_of("バッグ")).collect::<Vec<_>>(),
            [(bags, 255)]
        );
        assert_eq!(tree.links(entity_of("バット")).count(), 0);
    }

    #[test]
    fn a_category_that_is_no_node_fails_the_build_with_its_line() {
        let mut b = Builder::new();
        b.add_source(
            Path::new("category_tree.tsv"),
            "bags\t\tバッグ\n".as_bytes(),
        )
        .unwrap();
        b.add_source(
            Path::new("lex.tsv"),
            "バッグ\tばっぐ\titem\t1\t\tnowhere\n".as_bytes(),
        )
        .unwrap();
        let err = b.build(None).unwrap_err().to_string();
        assert!(err.starts_with("lex.tsv:1: category \"nowhere\""), "{err}");
    }

    #[test]
    fn the_same_rows_give_the_same_bytes() {
        let build = || {
            let mut b = Builder::new();
            b.push(row("ナイキ", Some("ないき"), 9));
            b.push(row("Supreme", None, 4));
            b.build(None).unwrap()
        };
        let (a, b) = (build(), build());
        assert_eq!(a.bytes, b.bytes);
        assert_eq!(a.manifest.entries, 2);
        let dict = ichiba::Dictionary::from_vec(a.bytes).unwrap();
        assert_eq!(dict.len(), 2);
    }
}
