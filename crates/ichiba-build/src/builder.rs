//! The dictionary builder: lexicon sources in, one artifact out.
//!
//! [`Builder`] collects validated rows ([`lexicon`]), fills in missing readings with the
//! analyzer, assigns entity ids and homograph discriminators, and lays out the bytes of
//! [`ichiba::format`]. The same rows always give the same bytes. [`write_atomic`] puts the
//! result in place by rename, so a failed build never leaves a half-written file.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use fst::MapBuilder;
use serde::Serialize;
use sha2::{Digest, Sha256};

use ichiba::analysis::Analyzer;
use ichiba::artifacts::hex;
use ichiba::dictionary::{FLAG_BLOCKED, FLAG_READING_INFERRED};
use ichiba::format::{
    self, BitWriter, EntryLayout, EntryRecord, HEADER_LEN, Header, KEY_END, SECTIONS, TOP_LIST_LEN,
    TOP_PREFIX_CHARS, bits_for,
};
use ichiba::text::{self, kana};

use crate::error::{BuildError as Error, Result};
use crate::lexicon::{self, LexiconEntry, Origin, Pair, SourceKind};
pub use ichiba::file::write_atomic;

/// Collects lexicon rows and builds a dictionary artifact.
#[derive(Debug, Default, Clone)]
pub struct Builder {
    rows: Vec<LexiconEntry>,
    pairs: Vec<Pair>,
    tree: Vec<lexicon::TreeNode>,
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
}

/// A finished build: the artifact's bytes and what went into them.
#[derive(Debug)]
pub struct Built {
    /// The artifact.
    pub bytes: Vec<u8>,
    /// The manifest describing it.
    pub manifest: Manifest,
}

/// The JSON manifest written beside an artifact: what a delivery system needs to ship and
/// verify it. Deterministic: no timestamps, no host names.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// Artifact format version.
    pub format_version: u32,
    /// Build id (hash of the sources), hex.
    pub build_id: String,
    /// SHA-256 of the artifact, hex.
    pub sha256: String,
    /// Artifact size in bytes.
    pub size: u64,
    /// Number of entries.
    pub entries: u32,
    /// Number of entities.
    pub entities: u32,
    /// Number of reading keys.
    pub reading_keys: u32,
    /// Number of surface keys.
    pub surface_keys: u32,
    /// Entries per kind.
    pub kinds: BTreeMap<String, u32>,
    /// Entries whose reading the analyzer inferred.
    pub inferred_readings: u32,
    /// Blocked terms (never suggested).
    pub blocked_terms: u32,
    /// Rows dropped because they contain a blocked term.
    pub blocked_filtered: u32,
    /// Next-word pairs kept.
    pub next_word_pairs: u32,
    /// Bytes per section.
    pub sections: BTreeMap<String, u64>,
    /// The sources.
    pub sources: Vec<SourceInfo>,
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
        };
        let digest = Sha256::digest(bytes);
        self.hasher.update(digest);
        self.sources.push(SourceInfo {
            path: path.to_string_lossy().replace('\\', "/"),
            sha256: hex(&digest),
            rows: n,
        });
        Ok(n)
    }

    fn extend(&mut self, rows: Vec<LexiconEntry>) -> usize {
        let n = rows.len();
        self.rows.extend(rows);
        n
    }

    /// Adds a next-word pair built in code (corpus mining).
    pub fn add_pair(&mut self, pair: Pair) {
        self.hasher.update(format!("{pair:?}").as_bytes());
        self.pairs.push(pair);
    }

    /// Adds one row built in code (imports, tests).
    pub fn push(&mut self, row: LexiconEntry) {
        self.hasher.update(format!("{row:?}").as_bytes());
        self.rows.push(row);
    }

    /// Applies what a corpus says ([`crate::corpus::mine`]): each row's weight grows with
    /// the number of listings that mention its entity — `weight × (1 + ln(1 + df) / 4)` — and
    /// pairs seen at least `min_pair` times become next-word pairs. Returns how many rows
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
                    origin: Origin {
                        path: PathBuf::from("<corpus>"),
                        line: 0,
                    },
                });
                added += 1;
            }
        }
        self.hasher
            .update(format!("{:?}{:?}", mined.doc_freq, mined.pairs).as_bytes());
        (reweighted, added)
    }

    /// Number of rows collected so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no rows were collected.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Builds the artifact. Rows without a reading get one from `analyzer` when their surface
    /// is Japanese; Latin-only surfaces are found by their spelling alone.
    pub fn build(self, analyzer: Option<&Analyzer>) -> Result<Built> {
        let Builder {
            mut rows,
            pairs,
            tree,
            sources,
            hasher,
        } = self;
        let mut build_id = [0u8; 16];
        build_id.copy_from_slice(&hasher.finalize()[..16]);

        // Readings.
        let mut inferred = vec![false; rows.len()];
        for (row, inferred) in rows.iter_mut().zip(&mut inferred) {
            if row.reading.is_some() || !needs_reading(&row.surface) {
                continue;
            }
            let reading = analyzer
                .map(|a| a.reading(&row.surface))
                .transpose()?
                .flatten()
                .map(|r| text::fold(&r))
                .filter(|r| text::is_reading(r));
            match reading {
                Some(r) => {
                    row.reading = Some(r);
                    *inferred = true;
                }
                None => {
                    return Err(row.origin.error(format!(
                        "no reading given for {:?} and none could be inferred",
                        row.surface
                    )));
                }
            }
        }

        // Blocked terms stay, flagged; any other row that contains one is dropped.
        let blocked: Vec<(String, Option<String>)> = rows
            .iter()
            .filter(|r| r.blocked.is_some())
            .map(|r| (text::fold(&r.surface), r.reading.clone()))
            .collect();
        let keep: Vec<bool> = rows
            .iter()
            .map(|r| {
                r.blocked.is_some() || blocked.is_empty() || {
                    let surface = text::fold(&r.surface);
                    !blocked.iter().any(|(term, reading)| {
                        surface.contains(term.as_str())
                            || matches!((reading, &r.reading), (Some(b), Some(r)) if r.contains(b.as_str()))
                    })
                }
            })
            .collect();
        let blocked_filtered = keep.iter().filter(|&&k| !k).count() as u32;
        let (rows, inferred): (Vec<LexiconEntry>, Vec<bool>) = rows
            .into_iter()
            .zip(inferred)
            .zip(&keep)
            .filter(|(_, keep)| **keep)
            .map(|(pair, _)| pair)
            .unzip();

        // Canonical order: by reading key, then surface; duplicates (same surface, reading
        // and kind) are errors.
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let key_of = |r: &LexiconEntry| r.reading.clone().unwrap_or_else(|| text::fold(&r.surface));
        let keys: Vec<String> = rows.iter().map(key_of).collect();
        order.sort_by(|&a, &b| {
            (
                &keys[a],
                &rows[a].surface,
                rows[a].kind,
                &rows[a].origin.path,
                rows[a].origin.line,
            )
                .cmp(&(
                    &keys[b],
                    &rows[b].surface,
                    rows[b].kind,
                    &rows[b].origin.path,
                    rows[b].origin.line,
                ))
        });
        for w in order.windows(2) {
            let (a, b) = (&rows[w[0]], &rows[w[1]]);
            if a.surface == b.surface && a.reading == b.reading && a.kind == b.kind {
                return Err(b.origin.error(format!(
                    "duplicate of {}:{} ({:?})",
                    a.origin.path.display(),
                    a.origin.line,
                    a.surface
                )));
            }
        }
        // Entry indices are ranks: heaviest first, ties in canonical order (the sort is
        // stable). fst outputs are these indices, so best-first search needs no weights.
        order.sort_by_key(|&i| std::cmp::Reverse(rows[i].weight));
        let entries: Vec<(&LexiconEntry, bool)> =
            order.iter().map(|&i| (&rows[i], inferred[i])).collect();
        if entries.len() > u32::MAX as usize / 4 {
            return Err(Error::TooLarge("more than 2^30 entries".into()));
        }

        // Entities: sorted unique ids; rows without one stand for themselves. An entity with
        // a single entry whose id is its surface needs no record: its index is
        // `records + entry index`.
        let entity_of = |r: &LexiconEntry| match (&r.blocked, &r.entity) {
            (Some(reason), _) => format!("!{reason}"),
            (None, Some(e)) => e.clone(),
            (None, None) => r.surface.clone(),
        };
        let entry_entity_ids: Vec<String> = entries.iter().map(|(r, _)| entity_of(r)).collect();
        let mut members: HashMap<&str, u32> = HashMap::with_capacity(entries.len());
        for id in &entry_entity_ids {
            *members.entry(id.as_str()).or_default() += 1;
        }
        let implied = |i: usize| {
            members[entry_entity_ids[i].as_str()] == 1
                && entry_entity_ids[i] == entries[i].0.surface
        };
        let mut record_ids: Vec<&str> = (0..entries.len())
            .filter(|&i| !implied(i))
            .map(|i| entry_entity_ids[i].as_str())
            .collect();
        record_ids.sort_unstable();
        record_ids.dedup();
        let n_records = record_ids.len() as u32;
        let entity_count = n_records as usize + (0..entries.len()).filter(|&i| implied(i)).count();
        // Public entity index of each entry, and of each entity id.
        let entry_entity: Vec<u32> = (0..entries.len())
            .map(|i| match implied(i) {
                true => n_records + i as u32,
                false => record_ids
                    .binary_search(&entry_entity_ids[i].as_str())
                    .expect("every id with a record is listed") as u32,
            })
            .collect();
        let entity_index: HashMap<&str, u32> = entry_entity_ids
            .iter()
            .zip(&entry_entity)
            .map(|(id, &e)| (id.as_str(), e))
            .collect();

        // Strings: each entry's surface, then its reading when it is not the folded surface;
        // then the entity ids (deduplicated). Records and keys.
        let mut pool = Vec::new();
        let mut records = Vec::with_capacity(entries.len());
        let mut reading_keys: Vec<(String, u64)> = Vec::new();
        let mut surface_keys: Vec<(String, u64)> = Vec::new();
        let mut kinds: BTreeMap<String, u32> = BTreeMap::new();
        for (i, (row, inferred)) in entries.iter().enumerate() {
            let folded_surface = text::fold(&row.surface);
            let reading = row.reading.as_deref();
            let out = i as u64;
            if let Some(r) = reading {
                reading_keys.push((r.to_string(), out));
            }
            let has_reading = matches!(reading, Some(r) if r != folded_surface);
            if reading != Some(folded_surface.as_str()) {
                surface_keys.push((folded_surface, out));
            }
            let surface = pool.len() as u32;
            format::write_str(&mut pool, &row.surface);
            if has_reading {
                format::write_str(&mut pool, reading.unwrap_or_default());
            }
            records.push(EntryRecord {
                surface,
                has_reading,
                entity: if entry_entity[i] < n_records {
                    entry_entity[i] + 1
                } else {
                    0
                },
                weight: row.weight,
                kind: row.kind.code(),
                flags: if *inferred { FLAG_READING_INFERRED } else { 0 }
                    | if row.blocked.is_some() {
                        FLAG_BLOCKED
                    } else {
                        0
                    },
            });
            *kinds.entry(row.kind.as_str().to_string()).or_default() += 1;
        }
        if pool.len() > u32::MAX as usize {
            return Err(Error::TooLarge("string pool over 4 GiB".into()));
        }
        let layout = EntryLayout {
            string_bits: bits_for(records.last().map_or(0, |r| u64::from(r.surface))),
            entity_bits: bits_for(u64::from(n_records)),
            weight_bits: bits_for(u64::from(
                records.iter().map(|r| r.weight).max().unwrap_or(0),
            )),
        };
        let forms = main_forms(&entries, &entry_entity, n_records as usize + entries.len());
        let mut entity_records = Vec::with_capacity(record_ids.len() * format::ENTITY_SIZE);
        let mut interned: HashMap<&str, u32> = HashMap::new();
        for (e, id) in record_ids.iter().enumerate() {
            let off = *interned.entry(id).or_insert_with(|| {
                let off = pool.len() as u32;
                format::write_str(&mut pool, id);
                off
            });
            entity_records.extend_from_slice(&off.to_le_bytes());
            for form in forms[e] {
                entity_records.extend_from_slice(&form.to_le_bytes());
            }
        }
        if pool.len() > u32::MAX as usize {
            return Err(Error::TooLarge("string pool over 4 GiB".into()));
        }
        let mut record_bytes = Vec::with_capacity(layout.section_len(entries.len() as u32));
        layout.write(&mut record_bytes);
        let mut bits = BitWriter::default();
        for r in &records {
            r.write(layout, &mut bits);
        }
        record_bytes.extend_from_slice(&bits.finish());
        record_bytes.extend_from_slice(&[0; format::ENTRY_PAD]);
        debug_assert_eq!(record_bytes.len(), layout.section_len(entries.len() as u32));

        // The category tree must name known entities.
        for n in &tree {
            if !entity_index.contains_key(n.entity.as_str()) {
                return Err(n.origin.error(format!("unknown entity {:?}", n.entity)));
            }
        }
        let (next_index, next_lists) = next_words(&pairs, &forms, &entity_index)?;

        let mut top_lists = Vec::new();
        let (reading_fst, reading_top, n_reading) = key_fsts(reading_keys, &mut top_lists)?;
        let (surface_fst, surface_top, n_surface) = key_fsts(surface_keys, &mut top_lists)?;

        // Lay out the body.
        let parts: [&[u8]; SECTIONS] = [
            &reading_fst,
            &surface_fst,
            &reading_top,
            &surface_top,
            &top_lists,
            &record_bytes,
            &entity_records,
            &pool,
            &next_index,
            &next_lists,
        ];
        let mut body = Vec::new();
        let mut sections = [(0u64, 0u64); SECTIONS];
        for (part, slot) in parts.iter().zip(&mut sections) {
            while !(HEADER_LEN + body.len()).is_multiple_of(8) {
                body.push(0);
            }
            *slot = ((HEADER_LEN + body.len()) as u64, part.len() as u64);
            body.extend_from_slice(part);
        }
        let header = Header {
            entries: entries.len() as u32,
            entities: entity_count as u32,
            entity_records: n_records,
            reading_keys: n_reading,
            surface_keys: n_surface,
            build_id,
            sections,
            body_checksum: 0,
        };
        let bytes = header.write(&body);
        let manifest = Manifest {
            format_version: format::VERSION,
            build_id: hex(&build_id),
            sha256: hex(&Sha256::digest(&bytes)),
            size: bytes.len() as u64,
            entries: header.entries,
            entities: header.entities,
            reading_keys: n_reading,
            surface_keys: n_surface,
            kinds,
            inferred_readings: inferred.iter().filter(|&&b| b).count() as u32,
            blocked_terms: blocked.len() as u32,
            blocked_filtered,
            next_word_pairs: (next_lists.len() / 8) as u32,
            sections: format::Section::ALL
                .iter()
                .zip(sections)
                .map(|(s, (_, len))| (s.name().to_string(), len))
                .collect(),
            sources,
        };
        Ok(Built { bytes, manifest })
    }
}

/// Short prefixes with at most this many keys get no precomputed top list.
const TOP_MIN_KEYS: usize = TOP_LIST_LEN;

/// Most next words kept per entity.
const NEXT_LIST_LEN: usize = 16;

/// Each entity's main forms: its heaviest Japanese (non-ASCII) entry and its heaviest
/// Latin entry, [`format::NO_ENTRY`] where it has none. Blocked terms have neither.
/// Indexed by entity index (`entities` of them).
fn main_forms(
    entries: &[(&LexiconEntry, bool)],
    entry_entity: &[u32],
    entities: usize,
) -> Vec<[u32; 2]> {
    let mut best: Vec<[Option<(u32, u32)>; 2]> = vec![[None, None]; entities];
    for (i, ((row, _), &entity)) in entries.iter().zip(entry_entity).enumerate() {
        if row.blocked.is_some() {
            continue;
        }
        let slot = &mut best[entity as usize][usize::from(row.surface.is_ascii())];
        // Heaviest first; on a tie, the entry that sorts first.
        if slot.is_none_or(|(w, _)| row.weight > w) {
            *slot = Some((row.weight, i as u32));
        }
    }
    best.into_iter()
        .map(|pair| pair.map(|b| b.map_or(format::NO_ENTRY, |(_, i)| i)))
        .collect()
}

/// Lays out the next-word tables: for each previous entity, the main form of each following
/// entity (Japanese if it has one), most frequent first.
fn next_words(
    pairs: &[Pair],
    forms: &[[u32; 2]],
    entity_index: &HashMap<&str, u32>,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut lists: BTreeMap<u32, Vec<(u32, u32)>> = BTreeMap::new();
    for p in pairs {
        let index = |id: &str| {
            entity_index
                .get(id)
                .copied()
                .ok_or_else(|| p.origin.error(format!("unknown entity {id:?}")))
        };
        let (prev, next) = (index(&p.prev)?, index(&p.next)?);
        let entry = match forms[next as usize] {
            [j, _] if j != format::NO_ENTRY => j,
            [_, l] if l != format::NO_ENTRY => l,
            _ => {
                return Err(p
                    .origin
                    .error(format!("entity {:?} has no suggestable entry", p.next)));
            }
        };
        let list = lists.entry(prev).or_default();
        match list.iter_mut().find(|(e, _)| *e == entry) {
            Some((_, c)) => *c = c.saturating_add(p.count),
            None => list.push((entry, p.count)),
        }
    }
    // Sparse index: `(entity, first pair)` per entity with next words, then an end row.
    let mut index = Vec::with_capacity((lists.len() + 1) * 8);
    let mut out = Vec::new();
    for (entity, mut list) in lists {
        index.extend_from_slice(&entity.to_le_bytes());
        index.extend_from_slice(&((out.len() / 8) as u32).to_le_bytes());
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(NEXT_LIST_LEN);
        for (entry, count) in list {
            out.extend_from_slice(&entry.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
        }
    }
    index.extend_from_slice(&format::NO_ENTRY.to_le_bytes());
    index.extend_from_slice(&((out.len() / 8) as u32).to_le_bytes());
    Ok((index, out))
}

/// Whether a surface needs a reading to be found by kana input: it has kana or kanji.
fn needs_reading(surface: &str) -> bool {
    surface
        .chars()
        .any(|c| kana::is_kana(c) || kana::is_kanji(c))
}

/// Builds the key fst (with homograph discriminators) and the short-prefix top index for
/// one key space, appending the top lists to `top_lists`.
fn key_fsts(
    mut keys: Vec<(String, u64)>,
    top_lists: &mut Vec<u8>,
) -> Result<(Vec<u8>, Vec<u8>, u32)> {
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
    Ok((map.into_inner()?, top.into_inner()?, n))
}

/// Lists the lexicon files of `source`: the file itself, or every `*.tsv` below a folder,
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
            } else if path.extension().is_some_and(|x| x == "tsv") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
