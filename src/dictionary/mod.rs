//! The typed dictionary: open an artifact, read entries, find the best completions of a key.
//!
//! [`Dictionary<D>`] works over anything that derefs to bytes: the embedded default
//! (`&'static [u8]`), a memory map ([`Dictionary::open`]) or a `Vec<u8>` the app downloaded.
//! Opening checks the magic, the version, both checksums and every section's bounds, so a
//! truncated, bit-flipped or foreign file is refused with a typed [`Error`] before it serves.
//! The byte layout itself lives in [`crate::format`]; the fst walking in [`topk`].

pub mod topk;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use fst::raw::Fst;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::format::{
    self, ENTITY_SIZE, ENTRY_SIZE, EntryRecord, Header, NO_ENTRY, NO_READING, Section,
};

pub use topk::{Hit, KeySpace, Scratch};

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
    pub surface: &'a str,
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
    pub(crate) reading_top: Fst<Slice<D>>,
    pub(crate) surface_top: Fst<Slice<D>>,
    top_lists: Range<usize>,
    entries: Range<usize>,
    entities: Range<usize>,
    strings: Range<usize>,
    next_index: Range<usize>,
    next_lists: Range<usize>,
}

impl<D> fmt::Debug for Dictionary<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dictionary")
            .field("entries", &self.header.entries)
            .field("build_id", &self.header.build_id_hex())
            .finish_non_exhaustive()
    }
}

/// The default dictionary, built from `dictionaries/lexicon/` and embedded in the library.
pub static DEFAULT_BYTES: &[u8] = include_bytes!("../../dictionaries/default.ichiba");

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
    pub fn embedded() -> Result<Self> {
        Dictionary::from_trusted_bytes(Bytes::Static(DEFAULT_BYTES))
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
    /// Checks `data` (header, both checksums, section bounds, fsts) and opens it: the way to
    /// open bytes that came from a download or a file.
    pub fn from_bytes(data: D) -> Result<Self> {
        Header::read(data.as_ref())?.verify_body(data.as_ref())?;
        Dictionary::from_trusted_bytes(data)
    }

    /// Opens `data` checking the header (magic, version, header checksum), the section
    /// bounds and the fsts, but not the body checksum: for bytes whose integrity is already
    /// known (compiled into the program, or verified once by sha256 from a manifest). Takes
    /// microseconds where [`Dictionary::from_bytes`] reads every byte.
    pub fn from_trusted_bytes(data: D) -> Result<Self> {
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
            reading_top: fst(Section::ReadingTop)?,
            surface_top: fst(Section::SurfaceTop)?,
            top_lists: header.range(Section::TopLists),
            entries: header.range(Section::Entries),
            entities: header.range(Section::Entities),
            strings: header.range(Section::Strings),
            next_index: header.range(Section::NextIndex),
            next_lists: header.range(Section::NextLists),
            data: Arc::clone(&data),
            header,
        };
        dict.check_shape()?;
        Ok(dict)
    }

    fn check_shape(&self) -> Result<()> {
        let h = &self.header;
        if self.entries.len() != h.entries as usize * ENTRY_SIZE {
            return Err(Error::corrupt("entry table size does not match the count"));
        }
        if self.entities.len() != h.entities as usize * ENTITY_SIZE {
            return Err(Error::corrupt("entity table size does not match the count"));
        }
        if !self.top_lists.len().is_multiple_of(4) {
            return Err(Error::corrupt("top lists are not whole u32s"));
        }
        if self.next_index.len() != (h.entities as usize + 1) * 4
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

    /// The entry at `index`, or a `Corrupt` error if any of its fields point nowhere.
    pub fn entry(&self, index: u32) -> Result<Entry<'_>> {
        let at = index as usize * ENTRY_SIZE;
        let rec = self
            .bytes(&self.entries)
            .get(at..at + ENTRY_SIZE)
            .map(EntryRecord::read)
            .ok_or_else(|| Error::corrupt(format!("entry {index} out of range")))?;
        let pool = self.bytes(&self.strings);
        let surface = format::read_str(pool, rec.surface)?;
        let reading = if rec.reading == NO_READING {
            Cow::Owned(crate::text::fold(surface))
        } else {
            Cow::Borrowed(format::read_str(pool, rec.reading)?)
        };
        let kind = Kind::from_code(rec.kind)
            .ok_or_else(|| Error::corrupt(format!("entry {index}: unknown kind {}", rec.kind)))?;
        if rec.entity >= self.header.entities {
            return Err(Error::corrupt(format!(
                "entry {index}: entity out of range"
            )));
        }
        Ok(Entry {
            index,
            surface,
            reading,
            kind,
            weight: rec.weight,
            entity: rec.entity,
            flags: rec.flags,
        })
    }

    /// The weight of the entry at `index` (0 when out of range), without decoding strings.
    pub fn weight(&self, index: u32) -> u32 {
        let at = index as usize * ENTRY_SIZE;
        self.bytes(&self.entries)
            .get(at..at + ENTRY_SIZE)
            .map_or(0, |b| EntryRecord::read(b).weight)
    }

    /// The canonical id of entity `index` (`supreme`, `ph_cond_new`).
    pub fn entity_id(&self, index: u32) -> Result<&str> {
        let off = format::u32_at(self.entity_record(index)?, 0);
        format::read_str(self.bytes(&self.strings), off)
    }

    /// The main forms of entity `index`: its heaviest Japanese entry and its heaviest Latin
    /// entry, if it has them.
    pub fn main_forms(&self, index: u32) -> Result<(Option<u32>, Option<u32>)> {
        let rec = self.entity_record(index)?;
        let form = |at| Some(format::u32_at(rec, at)).filter(|&e| e != NO_ENTRY);
        Ok((form(4), form(8)))
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

    /// Reads every entry and entity once: a deep check beyond the checksums, for `inspect`.
    pub fn validate(&self) -> Result<()> {
        for e in self.entries() {
            e?;
        }
        for i in 0..self.header.entities {
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
        for list in self.bytes(&self.top_lists).chunks_exact(4) {
            if format::u32_at(list, 0) >= self.header.entries {
                return Err(Error::corrupt("top list names a missing entry"));
            }
        }
        let pairs = (self.next_lists.len() / 8) as u32;
        let mut last = 0;
        for at in self.bytes(&self.next_index).chunks_exact(4) {
            let at = format::u32_at(at, 0);
            if at < last || at > pairs {
                return Err(Error::corrupt("next-word index out of order"));
            }
            last = at;
        }
        for pair in self.bytes(&self.next_lists).chunks_exact(8) {
            if format::u32_at(pair, 0) >= self.header.entries {
                return Err(Error::corrupt("next-word list names a missing entry"));
            }
        }
        Ok(())
    }

    /// The words that follow entity `entity` in listings, most frequent first:
    /// `(entry index, count)`. Empty for an entity out of range.
    pub fn next_words(&self, entity: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let index = self.bytes(&self.next_index);
        let at = entity as usize * 4;
        let (start, end) = match (index.get(at..at + 4), index.get(at + 4..at + 8)) {
            (Some(a), Some(b)) => (format::u32_at(a, 0) as usize, format::u32_at(b, 0) as usize),
            _ => (0, 0),
        };
        self.bytes(&self.next_lists)
            .get(start * 8..end * 8)
            .unwrap_or_default()
            .chunks_exact(8)
            .map(|p| (format::u32_at(p, 0), format::u32_at(p, 4)))
    }

    /// Sizes of each section in bytes, for reports.
    pub fn section_sizes(&self) -> Vec<(&'static str, usize)> {
        Section::ALL
            .iter()
            .map(|&s| (s.name(), self.header.range(s).len()))
            .collect()
    }

    pub(crate) fn top_list(&self, index: u64) -> &[u8] {
        let off = (index >> 8) as usize * 4;
        let len = (index & 0xff) as usize * 4;
        self.bytes(&self.top_lists)
            .get(off..off + len)
            .unwrap_or_default()
    }
}
