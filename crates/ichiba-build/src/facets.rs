//! Master data: a marketplace's search facets, the JSON its listing form is built from
//! (`dictionaries/lexicon/mercari/`, recorded from Mercari's facet endpoint), as a build
//! source.
//!
//! What each file becomes (the file's name says which it is, see [`Facet::of`]):
//!
//! * `brands.json` — one entity per brand, `mercari-brand:<id>`: its name as sellers see it
//!   (katakana, sometimes kanji) with the reading derived from the katakana (spaces, `・`
//!   and `=` dropped, `&` read あんど), and its Latin `sub_name` as an alias with the same
//!   reading (AKG → アーカーゲー). A katakana name shared by several brands stays with the
//!   lowest id; the others keep their Latin name.
//! * `categories.json` — the category tree, nodes `mercari-category:<id>` with their
//!   parents; each node's name split into the words sellers type
//!   (`Tシャツ/カットソー(半袖/袖なし)` → Tシャツ, カットソー; `その他` is no word).
//! * `colors.json`, `conditions.json`, `sizes.json` — attributes, `mercari-color:<id>` …
//!   (ブラック系 → ブラック; size ranges such as `~70cm` are no word).
//!
//! The rows are merged with the hand-written sources at build time ([`merge`]): a
//! hand-written brand that names a master brand takes the master's entity id (so an app
//! can map the suggestion back to the brand field), and a master word the hand-written
//! sources already hold is not added twice.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use ichiba::analysis::Analyzer;
use ichiba::dictionary::Kind;
use ichiba::text::{self, kana};

use crate::error::{BuildError as Error, Result};
use crate::lexicon::{self, LexiconEntry, Origin, Pair, TreeNode};

/// Weight of a master brand's name: well below every hand-written brand (they carry the
/// popularity the master has not: 400 is their lowest, 2,000 their median), above most of
/// the general vocabulary (Mozc's brands have a median of 39, its nouns 30).
pub const BRAND_WEIGHT: u32 = 100;
/// Weight of a master brand's Latin alias: below its name, so a Latin prefix does not
/// bury the hand-written brands typed in romaji (bann → バンダイ before Banner Barrett).
pub const ALIAS_WEIGHT: u32 = 20;
/// Weight of a category word new to the hand-written sources.
pub const CATEGORY_WEIGHT: u32 = 500;
/// Weight of a colour, condition or size new to the hand-written sources.
pub const ATTRIBUTE_WEIGHT: u32 = 400;

/// Entity-id prefix of the master's brands.
pub const BRAND_PREFIX: &str = "mercari-brand:";
/// Node-id prefix of the master's category tree.
pub const CATEGORY_PREFIX: &str = "mercari-category:";

/// Which facet file a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    /// `brands.json`.
    Brands,
    /// `categories.json`.
    Categories,
    /// `colors.json`.
    Colors,
    /// `conditions.json`.
    Conditions,
    /// `sizes.json`.
    Sizes,
}

impl Facet {
    /// The facet a `*.json` source is, by its file name; `None` for any other name.
    pub fn of(path: &Path) -> Option<Facet> {
        if path.extension().is_none_or(|x| x != "json") {
            return None;
        }
        Some(match path.file_stem()?.to_str()? {
            "brands" => Facet::Brands,
            "categories" => Facet::Categories,
            "colors" => Facet::Colors,
            "conditions" => Facet::Conditions,
            "sizes" => Facet::Sizes,
            _ => return None,
        })
    }
}

/// What one facet file holds: lexicon rows and category-tree nodes.
#[derive(Debug, Default)]
pub struct FacetRows {
    /// Rows for the lexicon (their origins are the file and the line of their record).
    pub rows: Vec<LexiconEntry>,
    /// Category-tree nodes, parents first (categories only).
    pub tree: Vec<TreeNode>,
}

/// Whether `row` came from a master-data file.
pub fn is_master(row: &LexiconEntry) -> bool {
    Facet::of(&row.origin.path).is_some()
}

/// Parses one facet file. A malformed file or record fails naming the file and line.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<FacetRows> {
    let facet = Facet::of(path).ok_or_else(|| Error::Lexicon {
        path: path.into(),
        line: 1,
        reason: "not a master-data file (brands, categories, colors, conditions or sizes .json)"
            .into(),
    })?;
    let at = Locator::new(path, bytes);
    match facet {
        Facet::Brands => brands(&at),
        Facet::Categories => categories(&at),
        Facet::Colors => attributes(&at, "colors", "mercari-color:"),
        Facet::Conditions => attributes(&at, "conditions", "mercari-condition:"),
        Facet::Sizes => attributes(&at, "sizes", "mercari-size:"),
    }
}

/// Finds the line of a record in the file's text (JSON values keep no positions), so an
/// error names the file and the line of the record it is about.
struct Locator<'a> {
    path: std::sync::Arc<Path>,
    bytes: &'a [u8],
    /// The byte offset of every `\n`, so that a record's line is a binary search rather
    /// than a count from the start of the file (quadratic over a file of many records).
    newlines: Vec<usize>,
}

impl<'a> Locator<'a> {
    fn new(path: &Path, bytes: &'a [u8]) -> Self {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        Locator {
            path: path.into(),
            bytes,
            newlines: bytes
                .iter()
                .enumerate()
                .filter_map(|(i, &c)| (c == b'\n').then_some(i))
                .collect(),
        }
    }

    fn origin(&self, line: usize) -> Origin {
        Origin {
            path: std::sync::Arc::clone(&self.path),
            line,
        }
    }

    /// The whole file as `T`; a syntax or shape error names its line.
    fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(self.bytes).map_err(|e| {
            self.origin(e.line().max(1))
                .error(format!("invalid JSON: {e}"))
        })
    }

    /// The origin of the record whose `"id"` is `id` (a number or a string): the line of
    /// the first `"id": id` from `from` on. Returns the byte after it, to search on from.
    fn record(&self, id: &str, from: usize) -> (Origin, usize) {
        let b = self.bytes;
        let mut at = from;
        while let Some(i) = find(&b[at..], b"\"id\"") {
            let mut j = at + i + 4;
            while b
                .get(j)
                .is_some_and(|c| c.is_ascii_whitespace() || *c == b':')
            {
                j += 1;
            }
            let quoted = b.get(j) == Some(&b'"');
            let start = j + usize::from(quoted);
            let end = start + id.len();
            let after = b.get(end).copied();
            if b.get(start..end) == Some(id.as_bytes())
                && (if quoted {
                    after == Some(b'"')
                } else {
                    !after.is_some_and(|c| c.is_ascii_digit())
                })
            {
                let line = 1 + self.newlines.partition_point(|&n| n < start);
                return (self.origin(line), end);
            }
            at = at + i + 4;
        }
        (self.origin(1), from)
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A row validated exactly as a lexicon row would be.
fn row(
    origin: &Origin,
    surface: &str,
    reading: Option<&str>,
    kind: Kind,
    weight: u32,
    entity: &str,
) -> Result<LexiconEntry> {
    if surface.contains(['\t', '\n', '\r']) {
        return Err(origin.error(format!("name {surface:?} holds a tab or line break")));
    }
    lexicon::parse_row(
        &format!(
            "{surface}\t{}\t{kind}\t{weight}\t{entity}",
            reading.unwrap_or("")
        ),
        origin.clone(),
    )
}

/// The reading of a kana name: folded (spaces, `・`, `=` dropped, katakana → hiragana) with
/// `&` read あんど and `+` ぷらす; `None` when anything else is left (kanji, Latin).
pub fn kana_reading(name: &str) -> Option<String> {
    let folded = text::fold(name)
        .replace('&', "あんど")
        .replace('+', "ぷらす");
    text::is_reading(&folded).then_some(folded)
}

#[derive(Deserialize)]
struct BrandsFile {
    data: Vec<BrandGroup>,
}

#[derive(Deserialize)]
struct BrandGroup {
    brands: Vec<Brand>,
}

#[derive(Deserialize)]
struct Brand {
    id: u64,
    name: String,
    #[serde(default)]
    sub_name: Option<String>,
}

/// One brand of the master list, as the marketplace serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MasterBrand {
    /// The marketplace's id (the entity is `mercari-brand:<id>`).
    pub id: u64,
    /// The name sellers see (katakana, sometimes kanji), trimmed.
    pub name: String,
    /// The Latin spelling, trimmed; `None` when absent or empty.
    pub sub_name: Option<String>,
    /// The 1-based line of the brand's record in the file.
    pub line: usize,
}

impl MasterBrand {
    /// The entity id the build gives this brand.
    pub fn entity(&self) -> String {
        format!("{BRAND_PREFIX}{}", self.id)
    }
}

/// The brands of a `brands.json` in file order. A malformed file fails naming its line.
pub fn master_brands(path: &Path, bytes: &[u8]) -> Result<Vec<MasterBrand>> {
    let at = Locator::new(path, bytes);
    Ok(brand_records(&at)?
        .into_iter()
        .map(|(origin, b)| MasterBrand {
            id: b.id,
            name: b.name.trim().to_string(),
            sub_name: b
                .sub_name
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            line: origin.line,
        })
        .collect())
}

/// The brand records of the file with the origin of each, in file order.
fn brand_records(at: &Locator<'_>) -> Result<Vec<(Origin, Brand)>> {
    let file: BrandsFile = at.json()?;
    let mut brands: Vec<(Origin, Brand)> = Vec::new();
    let mut from = 0;
    for b in file.data.into_iter().flat_map(|g| g.brands) {
        let (origin, next) = at.record(&b.id.to_string(), from);
        from = next;
        brands.push((origin, b));
    }
    Ok(brands)
}

fn brands(at: &Locator<'_>) -> Result<FacetRows> {
    let mut brands = brand_records(at)?;
    // Lowest id first: a name or alias several brands share stays with the oldest brand.
    brands.sort_by_key(|(_, b)| b.id);
    let mut out = FacetRows::default();
    let mut ids = HashSet::new();
    let mut taken: HashSet<(String, Option<String>)> = HashSet::new();
    for (origin, b) in brands {
        if !ids.insert(b.id) {
            return Err(origin.error(format!("brand id {} listed twice", b.id)));
        }
        let name = b.name.trim();
        if name.is_empty() {
            return Err(origin.error(format!("brand {} has an empty name", b.id)));
        }
        let entity = format!("{BRAND_PREFIX}{}", b.id);
        let reading = kana_reading(name);
        let mut push = |surface: &str, weight: u32| -> Result<()> {
            let key = (text::fold(surface), reading.clone());
            if key.0.is_empty() || !taken.insert(key) {
                return Ok(());
            }
            let r = row(
                &origin,
                surface,
                reading.as_deref(),
                Kind::Brand,
                weight,
                &entity,
            )?;
            out.rows.push(r);
            Ok(())
        };
        push(name, BRAND_WEIGHT)?;
        if let Some(sub) = b
            .sub_name
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            push(sub, ALIAS_WEIGHT)?;
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
struct CategoriesFile {
    data: Vec<Category>,
}

#[derive(Deserialize)]
struct Category {
    id: u64,
    name: String,
    #[serde(default)]
    child: Option<Vec<Category>>,
}

/// The words of a category name that sellers type: parenthesised notes and trailing size
/// ranges dropped, split at `/` and `・`; `その他` (other) is no word.
pub fn category_words(name: &str) -> Vec<String> {
    without_notes(name)
        .split(['/', '／', '・'])
        // A size range after the word (`ベビー服  ~95cm`) is no part of it.
        .map(|w| w.split(['~', '～', '〜']).next().unwrap_or("").trim())
        .filter(|w| !w.is_empty() && *w != "その他")
        .map(str::to_string)
        .collect()
}

/// `name` without its parenthesised notes.
fn without_notes(name: &str) -> String {
    let mut plain = String::with_capacity(name.len());
    let mut depth = 0u32;
    for c in name.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
}

fn categories(at: &Locator<'_>) -> Result<FacetRows> {
    let file: CategoriesFile = at.json()?;
    let mut out = FacetRows::default();
    let mut words: HashSet<String> = HashSet::new();
    let mut nodes = HashSet::new();
    let mut stack: Vec<(&Category, String)> =
        file.data.iter().rev().map(|c| (c, String::new())).collect();
    let mut from = 0;
    while let Some((c, parent)) = stack.pop() {
        let (origin, next) = at.record(&c.id.to_string(), from);
        from = next;
        let node = format!("{CATEGORY_PREFIX}{}", c.id);
        if !nodes.insert(c.id) {
            return Err(origin.error(format!("category id {} listed twice", c.id)));
        }
        let names = category_words(&c.name);
        // A node is named by its first word; a node of notes alone by its whole name.
        let first = names
            .first()
            .cloned()
            .unwrap_or_else(|| c.name.trim().to_string());
        if first.is_empty() {
            return Err(origin.error(format!("category {} has an empty name", c.id)));
        }
        for w in names.iter().chain((names.is_empty()).then_some(&first)) {
            if words.insert(w.clone()) {
                out.rows
                    .push(row(&origin, w, None, Kind::Category, CATEGORY_WEIGHT, "")?);
            }
        }
        out.tree.push(TreeNode {
            node: node.clone(),
            parent,
            entity: first,
            origin,
        });
        for child in c.child.iter().flatten().rev() {
            stack.push((child, node.clone()));
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
struct Choice {
    id: String,
    name: String,
}

/// The word of an attribute choice: `ブラック系` → ブラック, `XL(LL)` → XL; `None` for a
/// range (`~70cm`, `90cm以上`, `11cm・11.5cm`) or a single letter, which no one types as a
/// word.
pub fn attribute_word(name: &str) -> Option<String> {
    let plain = without_notes(name);
    if plain.contains(['~', '～', '〜', '-', '・'])
        || ["以下", "以上", "未満"].iter().any(|s| plain.contains(s))
    {
        return None;
    }
    let name = category_words(&plain).into_iter().next()?;
    if name.chars().count() < 2 {
        return None;
    }
    Some(name.strip_suffix('系').unwrap_or(&name).to_string())
}

fn attributes(at: &Locator<'_>, field: &str, prefix: &str) -> Result<FacetRows> {
    let value: serde_json::Value = at.json()?;
    let list = value.get(field).cloned().ok_or_else(|| {
        at.origin(1)
            .error(format!("no {field:?} list at the top level"))
    })?;
    let choices: Vec<Choice> =
        serde_json::from_value(list).map_err(|e| at.origin(1).error(format!("{field}: {e}")))?;
    let mut out = FacetRows::default();
    let mut seen = HashSet::new();
    let mut from = 0;
    for c in choices {
        let (origin, next) = at.record(&c.id, from);
        from = next;
        let Some(word) = attribute_word(&c.name) else {
            continue;
        };
        if !seen.insert(text::fold(&word)) {
            continue;
        }
        let entity = format!("{prefix}{}", c.id);
        let reading = kana_reading(&word);
        out.rows.push(row(
            &origin,
            &word,
            reading.as_deref(),
            Kind::Attribute,
            ATTRIBUTE_WEIGHT,
            &entity,
        )?);
    }
    Ok(out)
}

/// What merging the master data with the hand-written sources did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MergeSummary {
    /// Master rows read (brands, aliases, category words, attributes).
    pub master_rows: usize,
    /// Master brands (distinct entities).
    pub brands: usize,
    /// Hand-written brand entities that took a master brand's id.
    pub merged_brands: usize,
    /// Hand-written brand entities whose main master brand another hand-written entity
    /// names first too: left apart.
    pub ambiguous_brands: usize,
    /// Rows of merged hand-written entities that name another master brand than their
    /// entity's, given that brand's id.
    pub split_rows: usize,
    /// Master rows not added: the hand-written sources hold the same word.
    pub duplicates: usize,
    /// Master rows dropped: a kanji or mixed name the analyzer found no reading for.
    pub unreadable: usize,
    /// Category-tree nodes.
    pub category_nodes: usize,
    /// Category-tree nodes whose own word was dropped (no reading), named by their
    /// parent's entity instead.
    pub nodes_named_by_parent: usize,
}

/// Merges the master rows among `rows` (those from facet files) with the hand-written ones:
/// a hand-written brand entity takes the id of the master brand its heaviest naming row
/// names (in rows and `pairs`), and its rows naming other master brands take theirs; master rows whose word the hand-written rows of the same kind (any kind
/// for categories and attributes) already hold are dropped, and category-tree nodes named
/// by such a word point at the hand-written entity; master rows without a reading get one
/// from `analyzer` and are dropped, counted, when it has none.
pub fn merge(
    rows: &mut Vec<LexiconEntry>,
    pairs: &mut [Pair],
    tree: &mut [TreeNode],
    analyzer: Option<&Analyzer>,
) -> Result<MergeSummary> {
    let mut summary = MergeSummary {
        category_nodes: tree
            .iter()
            .filter(|n| n.node.starts_with(CATEGORY_PREFIX))
            .count(),
        ..MergeSummary::default()
    };
    if !rows.iter().any(is_master) {
        return Ok(summary);
    }
    // Master brands by folded name and alias; a key two brands share leads nowhere.
    let mut master_key: HashMap<String, Option<String>> = HashMap::new();
    let mut master_brands = HashSet::new();
    for r in rows
        .iter()
        .filter(|r| is_master(r) && r.kind == Kind::Brand)
    {
        let e = r.entity.clone().unwrap_or_default();
        master_brands.insert(e.clone());
        master_key
            .entry(text::fold(&r.surface))
            .and_modify(|v| {
                if v.as_ref() != Some(&e) {
                    *v = None;
                }
            })
            .or_insert(Some(e));
    }
    summary.brands = master_brands.len();
    // The master brand each hand-written brand entity names first: the one its heaviest
    // naming row names (an entity-less row is its own entity, named by its surface).
    let mut main: BTreeMap<String, (u32, String)> = BTreeMap::new();
    for r in rows
        .iter()
        .filter(|r| !is_master(r) && r.kind == Kind::Brand)
    {
        if let Some(Some(m)) = master_key.get(&text::fold(&r.surface)) {
            let id = r.entity.clone().unwrap_or_else(|| r.surface.clone());
            match main.get(&id) {
                Some((w, _)) if *w >= r.weight => {}
                _ => {
                    main.insert(id, (r.weight, m.clone()));
                }
            }
        }
    }
    let mut claims: HashMap<&str, usize> = HashMap::new();
    for (_, m) in main.values() {
        *claims.entry(m.as_str()).or_default() += 1;
    }
    // An entity takes its main brand's id unless another entity has the same main brand
    // (then both are left apart); its rows that name another master brand — one no other
    // entity takes as its main — take that brand's id (アディダスオリジナルス in adidas →
    // the master's アディダス オリジナルス).
    let mut rename: HashMap<String, String> = HashMap::new();
    for (id, (_, m)) in &main {
        if claims[m.as_str()] == 1 {
            rename.insert(id.clone(), m.clone());
        } else {
            summary.ambiguous_brands += 1;
        }
    }
    summary.merged_brands = rename.len();
    for r in rows
        .iter_mut()
        .filter(|r| !is_master(r) && r.kind == Kind::Brand)
    {
        let id = r.entity.as_deref().unwrap_or(&r.surface);
        let Some(m) = rename.get(id) else {
            continue;
        };
        let own = match master_key.get(&text::fold(&r.surface)) {
            Some(Some(own)) if own != m && !claims.contains_key(own.as_str()) => {
                summary.split_rows += 1;
                own.clone()
            }
            _ => m.clone(),
        };
        r.entity = Some(own);
    }
    for p in pairs.iter_mut() {
        for id in [&mut p.prev, &mut p.next] {
            if let Some(m) = rename.get(id.as_str()) {
                *id = m.clone();
            }
        }
    }
    // Words the hand-written rows hold, by kind; attributes clash with any kind.
    let mut hand: HashMap<(String, Kind), String> = HashMap::new();
    let mut hand_any: HashMap<String, String> = HashMap::new();
    for r in rows.iter().filter(|r| !is_master(r)) {
        let key = text::fold(&r.surface);
        let id = r.entity.clone().unwrap_or_else(|| r.surface.clone());
        hand_any.entry(key.clone()).or_insert_with(|| id.clone());
        hand.entry((key, r.kind)).or_insert(id);
    }
    // Tree nodes named by a word the hand-written sources hold point at its entity (a
    // hand-written category's first).
    for n in tree
        .iter_mut()
        .filter(|n| n.node.starts_with(CATEGORY_PREFIX))
    {
        let key = text::fold(&n.entity);
        if let Some(id) = hand
            .get(&(key.clone(), Kind::Category))
            .or_else(|| hand_any.get(&key))
        {
            n.entity = id.clone();
        }
    }
    let before = rows.len();
    let mut unreadable = 0;
    let mut kept = Vec::with_capacity(rows.len());
    for mut r in rows.drain(..) {
        if !is_master(&r) {
            kept.push(r);
            continue;
        }
        summary.master_rows += 1;
        let key = text::fold(&r.surface);
        let clash = match r.kind {
            Kind::Attribute | Kind::Category => hand_any.contains_key(&key),
            kind => hand.contains_key(&(key, kind)),
        };
        if clash {
            summary.duplicates += 1;
            continue;
        }
        if r.reading.is_none() && needs_reading(&r.surface) {
            let reading = analyzer
                .map(|a| a.reading(&r.surface))
                .transpose()?
                .flatten()
                .map(|s| text::fold(&s))
                .filter(|s| text::is_reading(s));
            match reading {
                Some(s) => r.reading = Some(s),
                None => {
                    unreadable += 1;
                    continue;
                }
            }
        }
        kept.push(r);
    }
    debug_assert!(kept.len() <= before);
    // A Latin alias of a kanji-named brand reads as the name the analyzer read.
    let inferred: HashMap<String, String> = kept
        .iter()
        .filter(|r| is_master(r) && r.kind == Kind::Brand)
        .filter_map(|r| Some((r.entity.clone()?, r.reading.clone()?)))
        .collect();
    for r in kept
        .iter_mut()
        .filter(|r| is_master(r) && r.reading.is_none())
    {
        if let Some(reading) = r.entity.as_ref().and_then(|e| inferred.get(e)) {
            r.reading = Some(reading.clone());
        }
    }
    // A node whose word was dropped (no reading) is named by its parent's entity.
    let ids: HashSet<&str> = kept
        .iter()
        .map(|r| r.entity.as_deref().unwrap_or(&r.surface))
        .collect();
    let mut resolved: HashMap<String, String> = HashMap::new();
    for n in tree
        .iter_mut()
        .filter(|n| n.node.starts_with(CATEGORY_PREFIX))
    {
        if !ids.contains(n.entity.as_str())
            && let Some(e) = resolved.get(&n.parent)
        {
            n.entity = e.clone();
            summary.nodes_named_by_parent += 1;
        }
        resolved.insert(n.node.clone(), n.entity.clone());
    }
    *rows = kept;
    summary.unreadable = unreadable;
    Ok(summary)
}

fn needs_reading(surface: &str) -> bool {
    surface
        .chars()
        .any(|c| kana::is_kana(c) || kana::is_kanji(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BRANDS: &str = r#"{
 "result": "OK",
 "data": [
  {
   "brand_initial": "ア",
   "brands": [
    {
     "id": 23,
     "name": "アー ヴェ ヴェ",
     "sub_name": "a.v.v"
    },
    {
     "id": 4161,
     "name": "アーカーゲー",
     "sub_name": "AKG"
    },
    {
     "id": 5,
     "name": "アース",
     "sub_name": "EARTH"
    },
    {
     "id": 9,
     "name": "アース",
     "sub_name": "Ars"
    }
   ]
  },
  {
   "brand_initial": "シ",
   "brands": [
    {
     "id": 777,
     "name": "シュプリーム",
     "sub_name": "SUPREME"
    }
   ]
  }
 ]
}"#;

    fn brands_rows() -> Vec<LexiconEntry> {
        parse(Path::new("m/brands.json"), BRANDS.as_bytes())
            .unwrap()
            .rows
    }

    fn hand(surface: &str, reading: &str, kind: Kind, entity: &str, line: usize) -> LexiconEntry {
        let origin = Origin {
            path: Path::new("brands_x.tsv").into(),
            line,
        };
        lexicon::parse_row(
            &format!("{surface}\t{reading}\t{kind}\t9000\t{entity}"),
            origin,
        )
        .unwrap()
    }

    #[test]
    fn facet_files_are_known_by_name() {
        assert_eq!(Facet::of(Path::new("a/brands.json")), Some(Facet::Brands));
        assert_eq!(Facet::of(Path::new("sizes.json")), Some(Facet::Sizes));
        assert_eq!(Facet::of(Path::new("a/brands.tsv")), None);
        assert_eq!(Facet::of(Path::new("a/shippingMethods.json")), None);
        let err = parse(Path::new("x/other.json"), b"{}").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("x/other.json:1: not a master-data")
        );
    }

    #[test]
    fn brands_become_entities_with_their_latin_alias() {
        let rows = brands_rows();
        let got: Vec<(&str, Option<&str>, &str, usize)> = rows
            .iter()
            .map(|r| {
                (
                    r.surface.as_str(),
                    r.reading.as_deref(),
                    r.entity.as_deref().unwrap(),
                    r.origin.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("アース", Some("あーす"), "mercari-brand:5", 18),
                ("EARTH", Some("あーす"), "mercari-brand:5", 18),
                // The shared katakana name stays with id 5; id 9 keeps its Latin name.
                ("Ars", Some("あーす"), "mercari-brand:9", 23),
                (
                    "アー ヴェ ヴェ",
                    Some("あーゔぇゔぇ"),
                    "mercari-brand:23",
                    8
                ),
                ("a.v.v", Some("あーゔぇゔぇ"), "mercari-brand:23", 8),
                (
                    "シュプリーム",
                    Some("しゅぷりーむ"),
                    "mercari-brand:777",
                    33
                ),
                ("SUPREME", Some("しゅぷりーむ"), "mercari-brand:777", 33),
                (
                    "アーカーゲー",
                    Some("あーかーげー"),
                    "mercari-brand:4161",
                    13
                ),
                ("AKG", Some("あーかーげー"), "mercari-brand:4161", 13),
            ]
        );
        assert_eq!(rows[0].kind, Kind::Brand);
        assert_eq!(rows[0].weight, BRAND_WEIGHT);
        assert_eq!(rows[1].weight, ALIAS_WEIGHT);
    }

    #[test]
    fn readings_come_from_kana_names_only() {
        assert_eq!(
            kana_reading("アー ヴェ ヴェ").as_deref(),
            Some("あーゔぇゔぇ")
        );
        assert_eq!(
            kana_reading("アバクロンビー&フィッチ").as_deref(),
            Some("あばくろんびーあんどふぃっち")
        );
        assert_eq!(
            kana_reading("ジャン=ポール・ゴルチエ").as_deref(),
            Some("じゃんぽーるごるちえ")
        );
        assert_eq!(kana_reading("一澤帆布"), None);
        assert_eq!(
            kana_reading("アールエフ28").as_deref(),
            Some("あーるえふ28")
        );
        assert_eq!(kana_reading("WMF"), None);
    }

    #[test]
    fn malformed_files_name_file_and_line() {
        let err = parse(
            Path::new("m/brands.json"),
            b"{\n \"data\": [\n  {\"brands\": 3}\n ]\n}",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("m/brands.json:3: invalid JSON"), "{err}");
        let text = "{\"data\": [{\"brands\": [\n{\"id\": 1, \"name\": \"A\"},\n{\"id\": 2, \"name\": \" \"}\n]}]}";
        let err = parse(Path::new("m/brands.json"), text.as_bytes())
            .unwrap_err()
            .to_string();
        assert_eq!(err, "m/brands.json:3: brand 2 has an empty name");
        let text = "{\"data\": [{\"brands\": [\n{\"id\": 1, \"name\": \"A\\u0007B\"}\n]}]}";
        let err = parse(Path::new("m/brands.json"), text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("m/brands.json:2: surface contains control"),
            "{err}"
        );
        let err = parse(Path::new("m/colors.json"), b"{\"sizes\": []}")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no \"colors\" list"), "{err}");
    }

    #[test]
    fn categories_become_a_tree_and_the_words_sellers_type() {
        let text = r#"{"data": [
  {"id": 1, "name": "レディース", "child": [
    {"id": 11, "name": "トップス", "child": [
      {"id": 119, "name": "Tシャツ/カットソー(半袖/袖なし)"},
      {"id": 120, "name": "Tシャツ/カットソー(七分/長袖)"},
      {"id": 129, "name": "その他"}
    ]}
  ]},
  {"id": 2, "name": "メンズ", "child": [{"id": 21, "name": "トップス"}]}
]}"#;
        let got = parse(Path::new("m/categories.json"), text.as_bytes()).unwrap();
        let words: Vec<&str> = got.rows.iter().map(|r| r.surface.as_str()).collect();
        assert_eq!(
            words,
            [
                "レディース",
                "トップス",
                "Tシャツ",
                "カットソー",
                "その他",
                "メンズ"
            ]
        );
        assert!(got.rows.iter().all(|r| r.kind == Kind::Category));
        let tree: Vec<(&str, &str, &str, usize)> = got
            .tree
            .iter()
            .map(|n| {
                (
                    n.node.as_str(),
                    n.parent.as_str(),
                    n.entity.as_str(),
                    n.origin.line,
                )
            })
            .collect();
        assert_eq!(
            tree,
            [
                ("mercari-category:1", "", "レディース", 2),
                ("mercari-category:11", "mercari-category:1", "トップス", 3),
                ("mercari-category:119", "mercari-category:11", "Tシャツ", 4),
                ("mercari-category:120", "mercari-category:11", "Tシャツ", 5),
                ("mercari-category:129", "mercari-category:11", "その他", 6),
                ("mercari-category:2", "", "メンズ", 9),
                ("mercari-category:21", "mercari-category:2", "トップス", 9),
            ]
        );
    }

    #[test]
    fn attribute_choices_become_words() {
        assert_eq!(attribute_word("ブラック系").as_deref(), Some("ブラック"));
        assert_eq!(attribute_word("XL(LL)").as_deref(), Some("XL"));
        assert_eq!(
            attribute_word("新品、未使用").as_deref(),
            Some("新品、未使用")
        );
        for range in ["~70cm", "90cm以上", "11cm・11.5cm", "51cc-125cc", "S"] {
            assert_eq!(attribute_word(range), None, "{range}");
        }
        let text = "{\"colors\": [\n{\"id\": \"2\", \"name\": \"ホワイト系\"},\n{\"id\": \"1\", \"name\": \"ブラック系\"}\n]}";
        let got = parse(Path::new("m/colors.json"), text.as_bytes()).unwrap();
        let rows: Vec<(&str, &str, usize)> = got
            .rows
            .iter()
            .map(|r| {
                (
                    r.surface.as_str(),
                    r.entity.as_deref().unwrap(),
                    r.origin.line,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("ホワイト", "mercari-color:2", 2),
                ("ブラック", "mercari-color:1", 3)
            ]
        );
    }

    #[test]
    fn hand_written_brands_take_the_master_id() {
        let mut rows = brands_rows();
        rows.push(hand(
            "シュプリーム",
            "しゅぷりーむ",
            Kind::Brand,
            "supreme",
            1,
        ));
        rows.push(hand("シュプ", "しゅぷ", Kind::Brand, "supreme", 2));
        // A katakana name two master brands share: the master row holding it (the lowest
        // id, 5) is the brand it names.
        rows.push(hand("アース", "あーす", Kind::Brand, "earth", 3));
        let mut pairs = vec![Pair {
            prev: "supreme".into(),
            next: "item_hoodie".into(),
            count: 3,
            origin: Origin {
                path: Path::new("next.tsv").into(),
                line: 1,
            },
        }];
        let s = merge(&mut rows, &mut pairs, &mut [], None).unwrap();
        assert_eq!(s.brands, 5);
        assert_eq!((s.merged_brands, s.ambiguous_brands), (2, 0));
        let of = |surface: &str| -> Vec<&str> {
            rows.iter()
                .filter(|r| r.surface == surface)
                .map(|r| r.entity.as_deref().unwrap())
                .collect()
        };
        assert_eq!(
            of("シュプリーム"),
            ["mercari-brand:777"],
            "no duplicate row"
        );
        assert_eq!(of("シュプ"), ["mercari-brand:777"]);
        assert_eq!(of("SUPREME"), ["mercari-brand:777"]);
        assert_eq!(pairs[0].prev, "mercari-brand:777");
        // The hand-written row takes brand 5's id and the master's katakana row gives way.
        assert_eq!(of("アース"), ["mercari-brand:5"]);
        assert_eq!(of("Ars"), ["mercari-brand:9"]);
        assert_eq!(s.duplicates, 2);
    }

    #[test]
    fn a_brand_naming_two_master_brands_splits_by_row() {
        let mut rows = brands_rows();
        let mut heavy = hand("AKG", "あーかーげー", Kind::Brand, "two", 1);
        heavy.weight = 20_000;
        rows.push(heavy);
        rows.push(hand("EARTH", "あーす", Kind::Brand, "two", 2));
        rows.push(hand("エーケージー", "えーけーじー", Kind::Brand, "two", 3));
        let s = merge(&mut rows, &mut [], &mut [], None).unwrap();
        assert_eq!(
            (s.merged_brands, s.ambiguous_brands, s.split_rows),
            (1, 0, 1)
        );
        let of = |surface: &str| -> Vec<&str> {
            rows.iter()
                .filter(|r| r.surface == surface && !is_master(r))
                .map(|r| r.entity.as_deref().unwrap())
                .collect()
        };
        // The heaviest row names AKG: the entity is AKG's; EARTH is brand 5's own.
        assert_eq!(of("AKG"), ["mercari-brand:4161"]);
        assert_eq!(of("エーケージー"), ["mercari-brand:4161"]);
        assert_eq!(of("EARTH"), ["mercari-brand:5"]);
    }

    #[test]
    fn two_entities_naming_the_same_master_brand_are_left_apart() {
        let mut rows = brands_rows();
        rows.push(hand("AKG", "あーかーげー", Kind::Brand, "one", 1));
        rows.push(hand(
            "アーカーゲー",
            "あーかーげー",
            Kind::Brand,
            "other",
            2,
        ));
        let s = merge(&mut rows, &mut [], &mut [], None).unwrap();
        assert_eq!((s.merged_brands, s.ambiguous_brands), (0, 2));
        assert!(rows.iter().any(|r| r.entity.as_deref() == Some("one")));
        assert!(rows.iter().any(|r| r.entity.as_deref() == Some("other")));
    }

    #[test]
    fn master_words_the_hand_written_sources_hold_are_not_added_twice() {
        let mut rows = vec![
            hand("トップス", "とっぷす", Kind::Category, "cat_tops", 1),
            hand("ブラック", "ぶらっく", Kind::Item, "", 2),
        ];
        let text = "{\"colors\": [{\"id\": \"1\", \"name\": \"ブラック系\"}, {\"id\": \"5\", \"name\": \"レッド系\"}]}";
        rows.extend(
            parse(Path::new("m/colors.json"), text.as_bytes())
                .unwrap()
                .rows,
        );
        let cats = r#"{"data": [{"id": 11, "name": "トップス"}, {"id": 12, "name": "財布"}]}"#;
        let mut cats = parse(Path::new("m/categories.json"), cats.as_bytes()).unwrap();
        rows.extend(cats.rows);
        let analyzer = Analyzer::new().unwrap();
        let s = merge(&mut rows, &mut [], &mut cats.tree, Some(&analyzer)).unwrap();
        let surfaces: Vec<&str> = rows.iter().map(|r| r.surface.as_str()).collect();
        assert_eq!(surfaces, ["トップス", "ブラック", "レッド", "財布"]);
        assert_eq!((s.master_rows, s.duplicates, s.category_nodes), (4, 2, 2));
        assert_eq!(cats.tree[0].entity, "cat_tops");
        assert_eq!(cats.tree[1].entity, "財布");
        assert_eq!(rows[3].reading.as_deref(), Some("さいふ"));
    }

    #[test]
    fn master_names_without_a_reading_are_dropped_and_counted() {
        let text = "{\"data\": [{\"brands\": [{\"id\": 1, \"name\": \"一澤帆布\", \"sub_name\": \"ICHIZAWA\"}]}]}";
        let mut rows = parse(Path::new("m/brands.json"), text.as_bytes())
            .unwrap()
            .rows;
        let s = merge(&mut rows, &mut [], &mut [], None).unwrap();
        assert_eq!(s.unreadable, 1);
        let surfaces: Vec<&str> = rows.iter().map(|r| r.surface.as_str()).collect();
        assert_eq!(surfaces, ["ICHIZAWA"]);
    }
}
