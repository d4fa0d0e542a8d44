//! The typed dictionary: open an artifact, read entries, find the best completions of a key.
//!
//! [`Dictionary<D>`] works over anything that derefs to bytes: the embedded default
//! (`&'static [u8]`), a memory map ([`Dictionary::open`]) or a `Vec<u8>` the app downloaded.
//! Opening checks the magic, the version, both checksums and every section's bounds, so a
//! truncated, bit-flipped or foreign file is refused with a typed [`Error`] before it serves.
//! The byte layout itself lives in [`crate::format`]; the fst walking in [`topk`].

mod fst_check;
pub mod topk;
pub mod typo;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use fst::raw::Fst;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::format::categories::{CategoryIndex, CategoryTree};
use crate::format::{
    self, ENTITY_SIZE, EntryRecord, EntryTable, Header, NO_ENTRY, RankArray, Section,
};

pub use crate::format::PoolStr;
pub use topk::{Hit, KeySpace, Scratch};
pub use typo::{Corrected, Edit, Slip};

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A brand or maker (シュプリーム, Supreme, 任天堂).
    Brand,
    /// A marketplace category (レディース, 家電・スマホ・カメラ).
    Category,
    /// An item term (スニーカー, ワンピース).
    Item,
    /// An attribute: colour, size, material (ブラック, XL, 本革).
    Attribute,
    /// A listing phrase (新品未使用, 送料込み).
    Phrase,
}

impl Kind {
    /// All kinds, in code order.
    pub const ALL: [Kind; 5] = [
        Kind::Brand,
        Kind::Category,
        Kind::Item,
        Kind::Attribute,
        Kind::Phrase,
    ];

    /// The on-disk code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The kind for an on-disk code.
    pub fn from_code(code: u8) -> Option<Kind> {
        Kind::ALL.get(usize::from(code)).copied()
    }

    /// The lexicon spelling (`brand`, `category`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Brand => "brand",
            Kind::Category => "category",
            Kind::Item => "item",
            Kind::Attribute => "attribute",
            Kind::Phrase => "phrase",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!("unknown kind {s:?} (expected brand, category, item, attribute or phrase)")
            })
    }
}

/// Entry flag: the reading was inferred by the analyzer at build time.
pub const FLAG_READING_INFERRED: u8 = 1;
/// Entry flag: a blocked term (prohibited or counterfeit): never suggested. Its entity id is
/// `!` followed by the reason code (`!counterfeit`).
pub const FLAG_BLOCKED: u8 = 2;

/// One dictionary entry, borrowed from the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    /// Index of the entry in the dictionary.
    pub index: u32,
    /// The text inserted when the suggestion is taken.
    pub surface: Cow<'a, str>,
    /// The reading in hiragana (for Latin-only entries, the folded surface).
    pub reading: Cow<'a, str>,
    /// What the entry is.
    pub kind: Kind,
    /// Its weight: higher is more common.
    pub weight: u32,
    /// Index of its canonical entity (variants of one thing share it).
    pub entity: u32,
    /// Flag bits (`FLAG_*`).
    pub flags: u8,
}

impl Entry<'_> {
    /// Whether this is a blocked term, never to be suggested.
    pub fn is_blocked(&self) -> bool {
        self.flags & FLAG_BLOCKED != 0
    }
}

/// One dictionary entry with its strings undecoded ([`Dictionary::entry_ref`]): the
/// keystroke's view, which allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRef<'a> {
    /// Index of the entry in the dictionary.
    pub index: u32,
    /// The text inserted when the suggestion is taken.
    pub surface: PoolStr<'a>,
    /// Where the entry stands in the reading rank array, when its reading is not the folded
    /// surface (`None`): [`Dictionary::push_reading`] reads the reading from it.
    pub reading: Option<u32>,
    /// What the entry is.
    pub kind: Kind,
    /// Its weight: higher is more common.
    pub weight: u32,
    /// Index of its canonical entity (variants of one thing share it).
    pub entity: u32,
    /// Flag bits (`FLAG_*`).
    pub flags: u8,
}

impl EntryRef<'_> {
    /// Whether this is a blocked term, never to be suggested.
    pub fn is_blocked(&self) -> bool {
        self.flags & FLAG_BLOCKED != 0
    }
}

/// A byte range of the shared data, so each fst can own its section.
#[derive(Clone)]
pub(crate) struct Slice<D> {
    data: Arc<D>,
    range: Range<usize>,
}

impl<D: AsRef<[u8]>> AsRef<[u8]> for Slice<D> {
    fn as_ref(&self) -> &[u8] {
        &(*self.data).as_ref()[self.range.clone()]
    }
}

/// An opened, checked dictionary artifact.
pub struct Dictionary<D = Vec<u8>> {
    data: Arc<D>,
    header: Header,
    pub(crate) reading: Fst<Slice<D>>,
    pub(crate) surface: Fst<Slice<D>>,
    reading_ranks: RankArray,
    reading_ranks_at: Range<usize>,
    surface_ranks: RankArray,
    surface_ranks_at: Range<usize>,
    pub(crate) reading_top: Fst<Slice<D>>,
    pub(crate) surface_top: Fst<Slice<D>>,
    top_lists: Range<usize>,
    table: EntryTable,
    entries: Range<usize>,
    entities: Range<usize>,
    strings: Range<usize>,
    next_index: Range<usize>,
    next_lists: Range<usize>,
    categories: Range<usize>,
    category_index: CategoryIndex,
}

impl<D> fmt::Debug for Dictionary<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dictionary")
            .field("entries", &self.header.entries)
            .field("build_id", &self.header.build_id_hex())
            .finish_non_exhaustive()
    }
}

/// The default dictionary, built from `dictionaries/lexicon/` and embedded in the library
/// (feature `embedded-dictionary`).
#[cfg(feature = "embedded-dictionary")]
pub static DEFAULT_BYTES: &[u8] = include_bytes!("../../../../dictionaries/default.ichiba");

/// The bytes behind a dictionary: embedded, owned (downloaded) or memory-mapped.
pub enum Bytes {
    /// Bytes compiled into the program.
    Static(&'static [u8]),
    /// Bytes owned in memory.
    Owned(Vec<u8>),
    /// A read-only memory map of a file.
    Mapped(memmap2::Mmap),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Owned(b) => b,
            Bytes::Mapped(m) => m,
        }
    }
}

impl Dictionary<Bytes> {
    /// The embedded default dictionary. Its body checksum is not recomputed on every start:
    /// the bytes are part of the program, and a test checks them against a fresh build.
    #[cfg(feature = "embedded-dictionary")]
    pub fn embedded() -> Result<Self> {
        Dictionary::from_static(DEFAULT_BYTES)
    }

    /// Opens a dictionary compiled into the program (`include_bytes!`): the header and the
    /// section bounds only, in microseconds — not the body checksum, not the fst nodes.
    /// Only for bytes that shipped inside the binary and were checked when it was built (as
    /// a test checks the embedded default against a fresh build); anything read or
    /// downloaded goes through [`Dictionary::from_bytes`] or
    /// [`Dictionary::from_trusted_bytes`].
    pub fn from_static(bytes: &'static [u8]) -> Result<Self> {
        Dictionary::from_compiled_bytes(Bytes::Static(bytes))
    }

    /// Checks and opens bytes the app holds (a downloaded dictionary).
    pub fn from_vec(bytes: Vec<u8>) -> Result<Self> {
        Dictionary::from_bytes(Bytes::Owned(bytes))
    }

    /// Memory-maps and checks the dictionary file at `path`.
    ///
    /// The file must not be modified while mapped: ship a new dictionary by writing a new
    /// file and renaming it over the old one (what `ichiba build` does).
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        // SAFETY: the map is read-only; files are replaced by rename, never rewritten in
        // place, and every byte is checksummed before use.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::io(path, e))?;
        Dictionary::from_bytes(Bytes::Mapped(map))
    }
}

impl<D: AsRef<[u8]>> Dictionary<D> {
    /// Checks `data` (header, both checksums, section bounds, every reachable fst node) and
    /// opens it: the way to open bytes that came from a download or a file.
    pub fn from_bytes(data: D) -> Result<Self> {
        let header = Header::read(data.as_ref())?;
        header.verify_body(data.as_ref())?;
        Dictionary::from_trusted_bytes(data)
    }

    /// Opens `data` checking the header (magic, version, header checksum), the section
    /// bounds and every reachable fst node, but not the body checksum: for bytes whose
    /// integrity is already known (verified once by sha256 from a manifest). Whatever bytes
    /// pass, no later call panics: damage the checksum would have caught gives wrong answers
    /// or typed errors, never a crash.
    pub fn from_trusted_bytes(data: D) -> Result<Self> {
        let header = Header::read(data.as_ref())?;
        // The checksums are unkeyed: a crafted file can carry valid ones. Prove that no
        // lookup can make the fst crate panic (bounds, pack sizes, acyclic, output sums).
        for s in [
            Section::ReadingFst,
            Section::SurfaceFst,
            Section::ReadingTop,
            Section::SurfaceTop,
        ] {
            let bytes = data.as_ref().get(header.range(s)).unwrap_or_default();
            fst_check::check(bytes).map_err(|e| Error::corrupt(format!("{}: {e}", s.name())))?;
        }
        Dictionary::from_compiled_bytes(data)
    }

    /// The header and section bounds only: see [`Dictionary::from_static`].
    fn from_compiled_bytes(data: D) -> Result<Self> {
        let header = Header::read(data.as_ref())?;
        let data = Arc::new(data);
        let fst = |s: Section| -> Result<Fst<Slice<D>>> {
            let slice = Slice {
                data: Arc::clone(&data),
                range: header.range(s),
            };
            Fst::new(slice).map_err(|e| Error::corrupt(format!("{}: {e}", s.name())))
        };
        let dict = Dictionary {
            reading: fst(Section::ReadingFst)?,
            surface: fst(Section::SurfaceFst)?,
            reading_ranks: RankArray::read(&(*data).as_ref()[header.range(Section::ReadingRanks)])?,
            reading_ranks_at: header.range(Section::ReadingRanks),
            surface_ranks: RankArray::read(&(*data).as_ref()[header.range(Section::SurfaceRanks)])?,
            surface_ranks_at: header.range(Section::SurfaceRanks),
            reading_top: fst(Section::ReadingTop)?,
            surface_top: fst(Section::SurfaceTop)?,
            top_lists: header.range(Section::TopLists),
            table: EntryTable::read(
                &(*data).as_ref()[header.range(Section::Entries)],
                header.entries,
            )?,
            entries: header.range(Section::Entries),
            entities: header.range(Section::Entities),
            strings: header.range(Section::Strings),
            next_index: header.range(Section::NextIndex),
            next_lists: header.range(Section::NextLists),
            category_index: CategoryIndex::read(
                &(*data).as_ref()[header.range(Section::Categories)],
                // Entity indices run to records + entries (an implied entity is numbered
                // by its entry).
                header.entity_records.saturating_add(header.entries),
            )?,
            categories: header.range(Section::Categories),
            data: Arc::clone(&data),
            header,
        };
        dict.check_shape()?;
        Ok(dict)
    }

    fn check_shape(&self) -> Result<()> {
        let h = &self.header;
        format::check_char_table(self.bytes(&self.strings))?;
        if self.entities.len() != h.entity_records as usize * ENTITY_SIZE
            || h.entity_records > h.entities
            || u64::from(h.entities) > u64::from(h.entity_records) + u64::from(h.entries)
        {
            return Err(Error::corrupt("entity table size does not match the count"));
        }
        if !self.next_index.len().is_multiple_of(8)
            || self.next_index.is_empty()
            || !self.next_lists.len().is_multiple_of(8)
        {
            return Err(Error::corrupt("next-word tables have the wrong size"));
        }
        if self.reading.len() != h.reading_keys as usize
            || self.surface.len() != h.surface_keys as usize
        {
            return Err(Error::corrupt("key counts do not match the fsts"));
        }
        Ok(())
    }

    /// The checked header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The whole artifact's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        (*self.data).as_ref()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.header.entries as usize
    }

    /// Whether the dictionary has no entries.
    pub fn is_empty(&self) -> bool {
        self.header.entries == 0
    }

    fn bytes(&self, r: &Range<usize>) -> &[u8] {
        &self.as_bytes()[r.clone()]
    }

    fn record(&self, index: u32) -> Result<EntryRecord> {
        self.table
            .record(self.bytes(&self.entries), self.bytes(&self.strings), index)
    }

    /// The entry at `index`, or a `Corrupt` error if any of its fields point nowhere.
    /// Entries are numbered best first: a lower index never has a lower weight.
    pub fn entry(&self, index: u32) -> Result<Entry<'_>> {
        let e = self.entry_ref(index)?;
        let surface = e.surface.to_cow();
        let reading = match e.reading {
            Some(_) => {
                let mut r = String::new();
                self.push_reading(&e, &mut String::new(), &mut r)?;
                Cow::Owned(r)
            }
            None => Cow::Owned(crate::text::fold(&surface)),
        };
        Ok(Entry {
            index,
            surface,
            reading,
            kind: e.kind,
            weight: e.weight,
            entity: e.entity,
            flags: e.flags,
        })
    }

    /// The entry at `index` with its strings left undecoded: what a keystroke reads, without
    /// allocating. Checked like [`Dictionary::entry`].
    pub fn entry_ref(&self, index: u32) -> Result<EntryRef<'_>> {
        let rec = self.record(index)?;
        let pool = self.bytes(&self.strings);
        let (surface, _) = format::pool_str_at(pool, rec.surface)?;
        let kind = Kind::from_code(rec.kind)
            .ok_or_else(|| Error::corrupt(format!("entry {index}: unknown kind {}", rec.kind)))?;
        let entity = match rec.entity {
            0 => self.header.entity_records + index,
            e if e <= self.header.entity_records => e - 1,
            _ => {
                return Err(Error::corrupt(format!(
                    "entry {index}: entity out of range"
                )));
            }
        };
        Ok(EntryRef {
            index,
            surface,
            reading: rec.reading,
            kind,
            weight: rec.weight,
            entity,
            flags: rec.flags,
        })
    }

    /// Appends the reading of `entry` ([`Entry::reading`]) to `out`: the reading key at its
    /// reading position, or its folded surface; `tmp` is scratch for a compact surface. A
    /// `Corrupt` error when the position is in no key's range or its pair is another
    /// entry's (`out` then holds part of a key).
    pub fn push_reading(
        &self,
        entry: &EntryRef<'_>,
        tmp: &mut String,
        out: &mut String,
    ) -> Result<()> {
        match entry.reading {
            Some(p) => self.reading_key(entry.index, p, |b| {
                out.push(format::reading_key_char(b).unwrap_or(char::REPLACEMENT_CHARACTER))
            }),
            None => {
                match entry.surface.as_str() {
                    Some(s) => crate::text::fold_into(s, out),
                    None => {
                        tmp.clear();
                        entry.surface.push_to(tmp);
                        crate::text::fold_into(tmp, out);
                    }
                }
                Ok(())
            }
        }
    }

    /// How many characters the reading of `entry` has ([`Dictionary::push_reading`], which
    /// it calls for a reading that is the folded surface), without building the reading
    /// key.
    pub fn reading_chars(
        &self,
        entry: &EntryRef<'_>,
        tmp: &mut String,
        tmp2: &mut String,
    ) -> Result<usize> {
        match entry.reading {
            // One byte a character in the reading alphabet.
            Some(p) => {
                let mut n = 0;
                self.reading_key(entry.index, p, |_| n += 1)?;
                Ok(n)
            }
            None => {
                tmp2.clear();
                self.push_reading(entry, tmp, tmp2)?;
                Ok(tmp2.chars().count())
            }
        }
    }

    /// Emits the bytes of the reading key whose range holds position `p`, checking that the
    /// pair there is entry `index`'s.
    fn reading_key(&self, index: u32, p: u32, emit: impl FnMut(u8)) -> Result<()> {
        let (ranks, bytes) = self.ranks(KeySpace::Reading);
        if p as usize >= ranks.len() || ranks.get(bytes, 0, p as usize) != index {
            return Err(Error::corrupt(format!(
                "entry {index}: reading position names another entry"
            )));
        }
        if !topk::key_at(&self.reading, u64::from(p), emit) {
            return Err(Error::corrupt(format!(
                "entry {index}: reading position in no key's range"
            )));
        }
        Ok(())
    }

    /// The kind of the entry at `index` (`None` when out of range or unknown), from its
    /// code byte alone.
    pub fn kind(&self, index: u32) -> Option<Kind> {
        self.table
            .kind_code(self.bytes(&self.entries), index)
            .and_then(Kind::from_code)
    }

    /// The weight of the entry at `index` (0 when out of range), without decoding strings.
    pub fn weight(&self, index: u32) -> u32 {
        self.table.weight(self.bytes(&self.entries), index)
    }

    /// The entry an entity without a record stands for, checked.
    fn implied_entity(&self, index: u32) -> Result<(u32, EntryRecord)> {
        let entry = index
            .checked_sub(self.header.entity_records)
            .filter(|&e| e < self.header.entries)
            .ok_or_else(|| Error::corrupt(format!("entity {index} out of range")))?;
        let rec = self.record(entry)?;
        if rec.entity != 0 {
            return Err(Error::corrupt(format!("entity {index} out of range")));
        }
        Ok((entry, rec))
    }

    /// The canonical id of entity `index` (`supreme`, `ph_cond_new`).
    pub fn entity_id(&self, index: u32) -> Result<Cow<'_, str>> {
        self.entity_id_ref(index).map(PoolStr::to_cow)
    }

    /// The canonical id of entity `index`, undecoded (see [`Dictionary::entry_ref`]).
    pub fn entity_id_ref(&self, index: u32) -> Result<PoolStr<'_>> {
        if index < self.header.entity_records {
            let off = format::u32_at(self.entity_record(index)?, 0);
            return format::pool_str(self.bytes(&self.strings), off);
        }
        let (_, rec) = self.implied_entity(index)?;
        format::pool_str(self.bytes(&self.strings), rec.surface)
    }

    /// The main forms of entity `index`: its heaviest Japanese entry and its heaviest Latin
    /// entry, if it has them.
    pub fn main_forms(&self, index: u32) -> Result<(Option<u32>, Option<u32>)> {
        if index < self.header.entity_records {
            let rec = self.entity_record(index)?;
            let form = |at| Some(format::u32_at(rec, at)).filter(|&e| e != NO_ENTRY);
            return Ok((form(4), form(8)));
        }
        let (entry, rec) = self.implied_entity(index)?;
        if rec.flags & FLAG_BLOCKED != 0 {
            return Ok((None, None));
        }
        Ok(
            if format::str_is_ascii(self.bytes(&self.strings), rec.surface)? {
                (None, Some(entry))
            } else {
                (Some(entry), None)
            },
        )
    }

    fn entity_record(&self, index: u32) -> Result<&[u8]> {
        let at = index as usize * ENTITY_SIZE;
        self.bytes(&self.entities)
            .get(at..at + ENTITY_SIZE)
            .ok_or_else(|| Error::corrupt(format!("entity {index} out of range")))
    }

    /// Iterates over all entries in index order.
    pub fn entries(&self) -> impl Iterator<Item = Result<Entry<'_>>> + '_ {
        (0..self.header.entries).map(|i| self.entry(i))
    }

    /// Number of entity indices: entity records, then one per entry (used only by the
    /// entries that stand alone for their entity).
    fn entity_space(&self) -> u32 {
        self.header.entity_records + self.header.entries
    }

    /// Reads every entry and entity once: a deep check beyond the checksums, for `inspect`.
    pub fn validate(&self) -> Result<()> {
        let mut last_weight = u32::MAX;
        let mut implied = 0u32;
        for e in self.entries() {
            let e = e?;
            if e.weight > last_weight {
                return Err(Error::corrupt("entries are not in weight order"));
            }
            last_weight = e.weight;
            if e.entity >= self.header.entity_records {
                self.entity_id(e.entity)?;
                implied += 1;
            }
        }
        if self.header.entity_records + implied != self.header.entities {
            return Err(Error::corrupt("entity count does not match the entries"));
        }
        for i in 0..self.header.entity_records {
            self.entity_id(i)?;
            let (japanese, latin) = self.main_forms(i)?;
            if japanese
                .into_iter()
                .chain(latin)
                .any(|e| e >= self.header.entries)
            {
                return Err(Error::corrupt(format!("entity {i} names a missing entry")));
            }
        }
        for space in [KeySpace::Reading, KeySpace::Surface] {
            let (ranks, bytes) = self.ranks(space);
            if (0..ranks.len()).any(|i| ranks.get(bytes, 0, i) >= self.header.entries) {
                return Err(Error::corrupt("rank array names a missing entry"));
            }
            for level in 1..ranks.levels() {
                for i in 0..ranks.level_len(level) {
                    let min = ranks
                        .children(level, i)
                        .map(|c| ranks.get(bytes, level - 1, c))
                        .min();
                    if min != Some(ranks.get(bytes, level, i)) {
                        return Err(Error::corrupt("rank array minima do not match"));
                    }
                }
            }
            let mut stream = self.fst(space).stream();
            let mut last = 0;
            while let Some((_, v)) = fst::Streamer::next(&mut stream) {
                if v.value() < last || v.value() >= ranks.len() as u64 {
                    return Err(Error::corrupt("key starts out of order"));
                }
                last = v.value();
            }
        }
        let mut lists = Vec::new();
        for space in [KeySpace::Reading, KeySpace::Surface] {
            let mut stream = self.top_index(space).stream();
            while let Some((_, v)) = fst::Streamer::next(&mut stream) {
                lists.push(v.value());
            }
        }
        for v in lists {
            let count = (v & 0xff) as usize;
            let list: Vec<u32> = self.top_list(v).collect();
            if list.len() != count || list.iter().any(|&e| e >= self.header.entries) {
                return Err(Error::corrupt("top list names a missing entry"));
            }
        }
        let pairs = (self.next_lists.len() / 8) as u32;
        let rows: Vec<(u32, u32)> = self.next_rows().collect();
        let mut last = (0, 0);
        for (i, &(entity, at)) in rows.iter().enumerate() {
            let is_end = i + 1 == rows.len();
            if at < last.1
                || at > pairs
                || (i > 0 && entity <= last.0)
                || (is_end != (entity == NO_ENTRY))
                || (is_end && at != pairs)
                || (!is_end && entity >= self.entity_space())
            {
                return Err(Error::corrupt("next-word index out of order"));
            }
            last = (entity, at);
        }
        for pair in self.bytes(&self.next_lists).chunks_exact(8) {
            if format::u32_at(pair, 0) >= self.header.entries {
                return Err(Error::corrupt("next-word list names a missing entry"));
            }
        }
        Ok(())
    }

    fn next_rows(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.bytes(&self.next_index)
            .chunks_exact(8)
            .map(|r| (format::u32_at(r, 0), format::u32_at(r, 4)))
    }

    /// The words that follow entity `entity` in listings, most frequent first:
    /// `(entry index, count)`. Empty for an entity out of range.
    pub fn next_words(&self, entity: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let index = self.bytes(&self.next_index);
        let rows = index.len() / 8;
        let row = |i: usize| {
            (
                format::u32_at(index, i * 8),
                format::u32_at(index, i * 8 + 4),
            )
        };
        // Binary search over the rows before the end marker.
        let (mut lo, mut hi) = (0, rows.saturating_sub(1));
        while lo < hi {
            let mid = (lo + hi) / 2;
            if row(mid).0 < entity {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let (start, end) = if lo + 1 < rows && row(lo).0 == entity {
            (row(lo).1 as usize, row(lo + 1).1 as usize)
        } else {
            (0, 0)
        };
        self.bytes(&self.next_lists)
            .get(start * 8..end * 8)
            .unwrap_or_default()
            .chunks_exact(8)
            .map(|p| (format::u32_at(p, 0), format::u32_at(p, 4)))
    }

    /// The category tree and the entities' category links (empty for a dictionary built
    /// without a tree).
    pub fn categories(&self) -> CategoryTree<'_> {
        CategoryTree::new(self.bytes(&self.categories), self.category_index)
    }

    /// The entity whose canonical id is `id`, among the entities with a record (every id
    /// that is not an entry's own surface: `mercari-brand:4161`, `supreme`).
    pub fn entity_by_id(&self, id: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0, self.header.entity_records);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let got = self.entity_id(mid).ok()?;
            match (*got).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Sizes of each section in bytes, for reports.
    pub fn section_sizes(&self) -> Vec<(&'static str, usize)> {
        Section::ALL
            .iter()
            .map(|&s| (s.name(), self.header.range(s).len()))
            .collect()
    }

    pub(crate) fn top_list(&self, index: u64) -> impl Iterator<Item = u32> + '_ {
        format::top_list(
            self.bytes(&self.top_lists),
            (index >> 8) as usize,
            (index & 0xff) as usize,
        )
    }
}
