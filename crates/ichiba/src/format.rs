//! The dictionary artifact's byte layout, format version 8: the one place that knows it.
//!
//! ```text
//! offset  size  field
//!      0     8  MAGIC  b"ICHIBA\0D"
//!      8     4  VERSION (u32 LE)
//!     12     4  flags (u32, reserved: 0)
//!     16     4  entry count
//!     20     4  entity count (entity records + entities implied by their single entry)
//!     24     4  entity record count
//!     28     4  reading key count
//!     32     4  surface key count
//!     36     4  reserved: 0
//!     40    16  build id (first 16 bytes of the SHA-256 of the sources)
//!     56   208  SECTIONS × (offset u64, length u64), offsets from the file start
//!    264     8  body checksum: xxh3-64 of every byte after the header
//!    272     8  header checksum: xxh3-64 of bytes 0..272
//!    280        body: the sections, each 8-byte aligned, in `Section` order
//! ```
//!
//! All integers are little-endian. Entries are numbered best first: by weight, heaviest
//! first, then by key (reading, surface, kind), so an entry's index is its rank. The sections:
//!
//! * `ReadingFst`, `SurfaceFst`: [`fst`] maps from each distinct folded key text (see
//!   [`crate::text::fold`]) to its *start*: the position, in the space's rank array, of the
//!   first entry with that key. Surface keys are UTF-8; reading keys are written in the
//!   one-byte [reading alphabet](reading_key_byte) (a reading has only hiragana, `ー` and
//!   digits), so a kana costs one fst byte, not three. Starts grow with the key, so the fst
//!   builder pushes the smallest start of every subtree forward: the output accumulated on
//!   the way to a node is the start of the first key below it, and the start of the next
//!   sibling (or of the parent's next sibling) ends its range. Format 5 stored the entry
//!   index (the rank) per key, with a homograph discriminator: twice the fst bytes. Its files
//!   are refused by version.
//! * `ReadingRanks`, `SurfaceRanks`: the [`RankArray`] of each space: the entry index of
//!   every (key, entry) pair in key order (homographs by rank), bit-packed, with a 32-ary
//!   tree of block minima so the best entries of a key range come out best first.
//! * `ReadingTop`, `SurfaceTop`: fst maps from every one- and two-character key prefix that
//!   more than [`TOP_LIST_LEN`] keys start with to `offset << 8 | count` into `TopLists`, the
//!   best entries for that prefix, best first. Other prefixes are searched best-first.
//! * `TopLists`: per list, LEB128 entry indices, each but the first as the difference to the
//!   one before (lists are in index order, since index order is rank order).
//! * `Entries`: one code byte per entry (reading position, has entity, kind, flags), then per
//!   block of 16 entries its first string offset and weight run, then the runs of equal weight (entries are
//!   in weight order: the default's 50,010 entries have 912 runs): about 1.6 bytes an
//!   entry ([`write_entry_table`]).
//! * `Entities`: [`ENTITY_SIZE`]-byte records for the entities that need one: the string
//!   offset of the canonical id, then the entity's main Japanese and main Latin entries
//!   ([`NO_ENTRY`] when it has none). An entity with a single entry whose id is its surface
//!   (most of them) has no record: its index is `entity records + entry index`, its id its
//!   surface, its main form its entry (unless blocked).
//! * `Strings`: the [`CharTable`] (the characters other than kana that the strings use,
//!   most frequent first), then each entry's surface, followed by its *reading position*
//!   (LEB128) when the reading is not the folded surface, and its entity record index
//!   (LEB128) when it has one; then the entity ids. The reading position is where the entry
//!   stands in the `ReadingRanks` array: the reading is the key of the `ReadingFst` whose
//!   range holds that position, found by walking down the fst (starts grow with the key, so
//!   at each node the last transition starting at or before the position leads to it;
//!   [`crate::dictionary::Dictionary::push_reading`]). Format 6 stored the reading as a
//!   second string (2.5 bytes an entry more on the million-entry vocabulary): its files
//!   are refused by version. Each string is a LEB128 header `length << 1 | compact`; a
//!   compact string stores a kana (U+3040..=U+30FF) in one byte and a table character (a
//!   kanji) in two, any other string its UTF-8 bytes.
//! * `NextIndex`: `(entity u32, first pair u32)` for each entity that has next words, by
//!   entity, then `(NO_ENTRY, pair count)`; entity `e`'s next words run to the next row's
//!   first pair.
//! * `NextLists`: `(entry u32, count u32)` pairs: the words that follow an entity, most
//!   frequent first.
//! * `Categories` (format 8): the category tree (node ids, labels, parents) and up to
//!   [`categories::MAX_LINKS`] `(node, strength)` links per entity: [`categories`]. Format 7
//!   had no such section: its files are refused by version.

use std::borrow::Cow;

use crate::error::{Error, Result};

pub mod categories;

/// The first eight bytes of every ichiba dictionary.
pub const MAGIC: [u8; 8] = *b"ICHIBA\0D";
/// The format version this build writes and reads.
pub const VERSION: u32 = 8;
/// Size of the fixed header; the body starts here.
pub const HEADER_LEN: usize = HEADER_SUM_AT + 8;
/// Offset of the section table inside the header.
const SECTIONS_AT: usize = 56;
/// Offset of the body checksum inside the header.
const BODY_SUM_AT: usize = SECTIONS_AT + SECTIONS * 16;
/// Offset of the header checksum inside the header.
const HEADER_SUM_AT: usize = BODY_SUM_AT + 8;
/// The largest weight an entry may carry (24 bits).
pub const MAX_WEIGHT: u32 = (1 << 24) - 1;
/// Separator between a key's text and its homograph discriminator.
pub const KEY_END: u8 = 0;
/// How many entries the precomputed top lists keep per short prefix.
pub const TOP_LIST_LEN: usize = 32;
/// Prefixes of at most this many characters get a precomputed top list.
pub const TOP_PREFIX_CHARS: usize = 2;
/// Size of one entity record.
pub const ENTITY_SIZE: usize = 12;
/// Marks a missing entry index.
pub const NO_ENTRY: u32 = u32::MAX;
/// First code point of the one-byte kana string encoding.
const KANA_BASE: u32 = 0x3040;
/// Last code point of the one-byte kana string encoding.
const KANA_LAST: u32 = 0x30ff;

/// First byte of the hiragana block (U+3041‥U+309F) in the reading alphabet.
const READING_KANA_BYTE: u8 = 0x10;
/// The long-vowel mark `ー` in the reading alphabet.
const READING_LONG_VOWEL_BYTE: u8 = 0x70;
/// The digit `0` in the reading alphabet (`1`‥`9` follow).
const READING_DIGIT_BYTE: u8 = 0x01;

/// The reading alphabet: the one byte a reading key stores for `c`, or `None` when `c`
/// cannot be in a reading (see [`crate::text::is_reading`]). Digits are `0x01‥0x0A`, the
/// hiragana block U+3041‥U+309F is `0x11‥0x6F`, `ー` is `0x70`; `0x00` is [`KEY_END`].
/// Every byte is below `0x80`, so an encoded key is also valid (ASCII) UTF-8.
pub fn reading_key_byte(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(READING_DIGIT_BYTE + (c as u8 - b'0')),
        '\u{3041}'..='\u{309F}' => Some(READING_KANA_BYTE + (u32::from(c) - 0x3040) as u8),
        'ー' => Some(READING_LONG_VOWEL_BYTE),
        _ => None,
    }
}

/// The character a reading-alphabet byte stands for ([`reading_key_byte`] reversed).
pub fn reading_key_char(b: u8) -> Option<char> {
    match b {
        0x01..=0x0A => Some(char::from(b'0' + (b - READING_DIGIT_BYTE))),
        0x11..=0x6F => char::from_u32(0x3040 + u32::from(b - READING_KANA_BYTE)),
        READING_LONG_VOWEL_BYTE => Some('ー'),
        _ => None,
    }
}

/// Appends `text` in the reading alphabet; `false` (with `out` left as it was) when a
/// character has no byte, so no reading key can start with `text`.
pub fn encode_reading_key(text: &str, out: &mut Vec<u8>) -> bool {
    let start = out.len();
    for c in text.chars() {
        match reading_key_byte(c) {
            Some(b) => out.push(b),
            None => {
                out.truncate(start);
                return false;
            }
        }
    }
    true
}

/// The body's sections, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Section {
    /// fst: folded reading → output.
    ReadingFst = 0,
    /// fst: folded surface or Latin alias → output.
    SurfaceFst,
    /// Rank array of the reading keys.
    ReadingRanks,
    /// Rank array of the surface keys.
    SurfaceRanks,
    /// fst: short reading prefix → top list.
    ReadingTop,
    /// fst: short surface prefix → top list.
    SurfaceTop,
    /// Delta-coded entry indices of all top lists.
    TopLists,
    /// Entry codes, string offsets by block, weight runs.
    Entries,
    /// Entity records (ids and main forms).
    Entities,
    /// The string pool.
    Strings,
    /// Offsets into `NextLists`, for the entities that have next words.
    NextIndex,
    /// Next-word pairs.
    NextLists,
    /// The category tree and each entity's category links ([`categories`]).
    Categories,
}

/// Number of sections.
pub const SECTIONS: usize = 13;

impl Section {
    /// All sections in file order.
    pub const ALL: [Section; SECTIONS] = [
        Section::ReadingFst,
        Section::SurfaceFst,
        Section::ReadingRanks,
        Section::SurfaceRanks,
        Section::ReadingTop,
        Section::SurfaceTop,
        Section::TopLists,
        Section::Entries,
        Section::Entities,
        Section::Strings,
        Section::NextIndex,
        Section::NextLists,
        Section::Categories,
    ];

    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Section::ReadingFst => "reading fst",
            Section::SurfaceFst => "surface fst",
            Section::ReadingRanks => "reading ranks",
            Section::SurfaceRanks => "surface ranks",
            Section::ReadingTop => "reading top index",
            Section::SurfaceTop => "surface top index",
            Section::TopLists => "top lists",
            Section::Entries => "entries",
            Section::Entities => "entities",
            Section::Strings => "strings",
            Section::NextIndex => "next-word index",
            Section::NextLists => "next-word lists",
            Section::Categories => "categories",
        }
    }
}

/// The parsed fixed header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Number of entries.
    pub entries: u32,
    /// Number of distinct entities (with or without a record).
    pub entities: u32,
    /// Number of entity records (entities not implied by their single entry).
    pub entity_records: u32,
    /// Number of keys (distinct key texts) in the reading fst.
    pub reading_keys: u32,
    /// Number of keys (distinct key texts) in the surface fst.
    pub surface_keys: u32,
    /// First 16 bytes of the SHA-256 of the sources the dictionary was built from.
    pub build_id: [u8; 16],
    /// `(offset, length)` of each section, in [`Section`] order.
    pub sections: [(u64, u64); SECTIONS],
    /// xxh3-64 of the body.
    pub body_checksum: u64,
}

impl Header {
    /// Writes the header followed by `body` (whose sections' offsets must already be in
    /// `self.sections`) and fills in both checksums.
    pub fn write(&self, body: &[u8]) -> Vec<u8> {
        let mut out = vec![0; HEADER_LEN];
        out.extend_from_slice(body);
        self.write_into(&mut out);
        out
    }

    /// Fills in the first [`HEADER_LEN`] bytes of `artifact` — the header, the checksum of
    /// the body that follows it, the header checksum — so a builder can lay the body out
    /// once, in place, after a placeholder. `artifact` must be at least `HEADER_LEN` long.
    pub fn write_into(&self, artifact: &mut [u8]) {
        let (head, body) = artifact.split_at_mut(HEADER_LEN);
        let mut out = Vec::with_capacity(HEADER_LEN);
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        for v in [
            self.entries,
            self.entities,
            self.entity_records,
            self.reading_keys,
            self.surface_keys,
            0,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.build_id);
        debug_assert_eq!(out.len(), SECTIONS_AT);
        for (off, len) in self.sections {
            out.extend_from_slice(&off.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
        }
        debug_assert_eq!(out.len(), BODY_SUM_AT);
        out.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(body).to_le_bytes());
        let header_sum = xxhash_rust::xxh3::xxh3_64(&out);
        out.extend_from_slice(&header_sum.to_le_bytes());
        debug_assert_eq!(out.len(), HEADER_LEN);
        head.copy_from_slice(&out);
    }

    /// Reads and checks the header: magic, version, header checksum, section bounds. Does
    /// not read the body; see [`Header::verify_body`].
    pub fn read(data: &[u8]) -> Result<Header> {
        if data.len() < MAGIC.len() || data[..MAGIC.len()] != MAGIC {
            return Err(Error::BadMagic);
        }
        if data.len() < 12 {
            return Err(Error::corrupt("truncated header"));
        }
        let version = u32_at(data, 8);
        if version != VERSION {
            return Err(Error::Version {
                expected: VERSION,
                got: version,
            });
        }
        if data.len() < HEADER_LEN {
            return Err(Error::corrupt(format!(
                "truncated: {} bytes, the header alone is {HEADER_LEN}",
                data.len()
            )));
        }
        let header_sum = u64_at(data, HEADER_SUM_AT);
        if xxhash_rust::xxh3::xxh3_64(&data[..HEADER_SUM_AT]) != header_sum {
            return Err(Error::corrupt("header checksum mismatch"));
        }
        let mut build_id = [0u8; 16];
        build_id.copy_from_slice(&data[40..SECTIONS_AT]);
        let mut sections = [(0u64, 0u64); SECTIONS];
        let mut expected_start = HEADER_LEN as u64;
        for (i, s) in sections.iter_mut().enumerate() {
            let off = u64_at(data, SECTIONS_AT + i * 16);
            let len = u64_at(data, SECTIONS_AT + 8 + i * 16);
            let end = off.checked_add(len);
            if off < expected_start || end.is_none_or(|e| e > data.len() as u64) {
                return Err(Error::corrupt(format!(
                    "section {} ({off}+{len}) lies outside the {} bytes of the file",
                    Section::ALL[i].name(),
                    data.len()
                )));
            }
            expected_start = off + len;
            *s = (off, len);
        }
        if expected_start != data.len() as u64 {
            return Err(Error::corrupt(format!(
                "file is {} bytes, sections end at {expected_start}",
                data.len()
            )));
        }
        Ok(Header {
            entries: u32_at(data, 16),
            entities: u32_at(data, 20),
            entity_records: u32_at(data, 24),
            reading_keys: u32_at(data, 28),
            surface_keys: u32_at(data, 32),
            build_id,
            sections,
            body_checksum: u64_at(data, BODY_SUM_AT),
        })
    }

    /// Checks the body checksum.
    pub fn verify_body(&self, data: &[u8]) -> Result<()> {
        let body = data.get(HEADER_LEN..).unwrap_or_default();
        if xxhash_rust::xxh3::xxh3_64(body) != self.body_checksum {
            return Err(Error::corrupt("body checksum mismatch"));
        }
        Ok(())
    }

    /// The byte range of a section.
    pub fn range(&self, s: Section) -> std::ops::Range<usize> {
        let (off, len) = self.sections[s as usize];
        off as usize..(off + len) as usize
    }

    /// The build id as lowercase hex.
    pub fn build_id_hex(&self) -> String {
        crate::artifacts::hex(&self.build_id)
    }
}

/// The first bytes of the `Entries` section. Earlier drafts of format 4 started the
/// section with a bit width (≤ 32), so their files are refused here, not misread.
pub const ENTRY_TABLE_TAG: [u8; 2] = [0xE5, 0x02];
/// Bytes of the `Entries` section before the entry codes.
pub const ENTRY_TABLE_HEADER: usize = 16;
/// log2 of the entries in a block of the entry table, as the builder writes it: a lookup
/// skips at most `2^ENTRY_BLOCK_LOG2 - 1` entries' strings.
pub const ENTRY_BLOCK_LOG2: u8 = 4;
/// The largest block size the reader accepts (`2^8` entries).
const MAX_BLOCK_LOG2: u8 = 8;
/// Entry code bit: a reading position follows the surface in the string pool.
const CODE_HAS_READING: u8 = 1;
/// Entry code bit: an entity record index follows the entry's strings.
const CODE_HAS_ENTITY: u8 = 2;
/// Entry code: the kind's shift (3 bits).
const CODE_KIND_SHIFT: u8 = 2;
/// Entry code: the flags' shift (2 bits).
const CODE_FLAGS_SHIFT: u8 = 5;

/// One entry as the builder describes it and the entry table gives it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRecord {
    /// String offset of the surface.
    pub surface: u32,
    /// The entry's position in the reading rank array, stored after the surface when the
    /// reading is not the folded surface (`None`: the reading is the folded surface).
    pub reading: Option<u32>,
    /// 0 for an entity implied by this entry alone, else the entity record's index + 1.
    pub entity: u32,
    /// Weight (≤ [`MAX_WEIGHT`]).
    pub weight: u32,
    /// Kind code (< 8).
    pub kind: u8,
    /// Flag bits (< 4).
    pub flags: u8,
}

impl EntryRecord {
    fn code(&self) -> u8 {
        debug_assert!(self.kind < 8 && self.flags < 4);
        (u8::from(self.reading.is_some()) * CODE_HAS_READING)
            | (u8::from(self.entity != 0) * CODE_HAS_ENTITY)
            | ((self.kind & 7) << CODE_KIND_SHIFT)
            | ((self.flags & 3) << CODE_FLAGS_SHIFT)
    }
}

/// Appends an entry's strings to the string pool, coded against `table`: its surface, its
/// reading position when `reading` is given (LEB128), then its entity field when it has one
/// (LEB128, the field minus one). Returns the entry's string offset.
pub fn write_entry_strings(
    pool: &mut Vec<u8>,
    table: &CharTable,
    surface: &str,
    reading: Option<u32>,
    entity: u32,
) -> u32 {
    let at = pool.len() as u32;
    table.write_str(pool, surface);
    if let Some(r) = reading {
        write_leb128(pool, u64::from(r));
    }
    if entity != 0 {
        write_leb128(pool, u64::from(entity - 1));
    }
    at
}

/// Writes the `Entries` section for `records` (in entry order, weights never rising, each
/// `surface` the offset [`write_entry_strings`] returned), in blocks of `2^block_log2`.
///
/// ```text
/// offset  size   field
///      0     2   ENTRY_TABLE_TAG
///      2     1   block_log2
///      3     5   reserved: 0
///      8     4   entry count n
///     12     4   weight run count r
///     16     n   one code byte per entry: reading position (bit 0), has entity (1), kind (2‥4),
///                flags (5‥6)
///                zero bytes to a multiple of 4
///            8b  per block of 2^block_log2 entries: the string offset of its first entry,
///                the weight run its first entry is in (u32 each)
///            8r  per run of equal weights: its first entry, its weight (u32 each)
/// ```
///
/// An entry's strings are found by skipping those of the entries before it in its block,
/// as the codes say; its weight by stepping from the block's run.
pub fn write_entry_table(records: &[EntryRecord], block_log2: u8) -> Vec<u8> {
    assert!(block_log2 <= MAX_BLOCK_LOG2, "block too large");
    let mut runs: Vec<(u32, u32)> = Vec::new();
    let mut blocks: Vec<(u32, u32)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let weight = r.weight.min(MAX_WEIGHT);
        debug_assert!(
            runs.last().is_none_or(|&(_, w)| w >= weight),
            "weights rise"
        );
        if runs.last().is_none_or(|&(_, w)| w != weight) {
            runs.push((i as u32, weight));
        }
        if i & ((1 << block_log2) - 1) == 0 {
            blocks.push((r.surface, runs.len() as u32 - 1));
        }
    }
    let n = records.len();
    let mut out = Vec::with_capacity(EntryTable::section_len(
        n as u32,
        block_log2,
        runs.len() as u32,
    ));
    out.extend_from_slice(&ENTRY_TABLE_TAG);
    out.push(block_log2);
    out.extend_from_slice(&[0; 5]);
    out.extend_from_slice(&(n as u32).to_le_bytes());
    out.extend_from_slice(&(runs.len() as u32).to_le_bytes());
    out.extend(records.iter().map(EntryRecord::code));
    out.resize(out.len().next_multiple_of(4), 0);
    for (a, b) in blocks.into_iter().chain(runs) {
        out.extend_from_slice(&a.to_le_bytes());
        out.extend_from_slice(&b.to_le_bytes());
    }
    out
}

/// The opened `Entries` section (see [`write_entry_table`]): where its parts start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryTable {
    block_log2: u8,
    entries: u32,
    runs: u32,
    blocks_at: usize,
    runs_at: usize,
}

impl EntryTable {
    /// The section's size for `entries` entries in blocks of `2^block_log2` and `runs`
    /// weight runs.
    pub fn section_len(entries: u32, block_log2: u8, runs: u32) -> usize {
        let blocks = (entries as usize).div_ceil(1 << block_log2);
        (ENTRY_TABLE_HEADER + entries as usize).next_multiple_of(4) + 8 * blocks + 8 * runs as usize
    }

    /// Reads and checks the section's header and size for `entries` entries, and its weight
    /// runs (they start at entry 0, in increasing entry order, with falling weights).
    pub fn read(section: &[u8], entries: u32) -> Result<EntryTable> {
        let b = section
            .get(..ENTRY_TABLE_HEADER)
            .ok_or_else(|| Error::corrupt("entry table has no header"))?;
        if b[..2] != ENTRY_TABLE_TAG {
            return Err(Error::corrupt(
                "entry table of an earlier draft of this format: rebuild the dictionary",
            ));
        }
        let block_log2 = b[2];
        if block_log2 > MAX_BLOCK_LOG2 || b[3..8].iter().any(|&x| x != 0) {
            return Err(Error::corrupt("entry table has an impossible block size"));
        }
        if u32_at(b, 8) != entries {
            return Err(Error::corrupt(
                "entry table count does not match the header",
            ));
        }
        let runs = u32_at(b, 12);
        if runs > entries || (entries > 0 && runs == 0) {
            return Err(Error::corrupt("entry table has an impossible run count"));
        }
        if section.len() != EntryTable::section_len(entries, block_log2, runs) {
            return Err(Error::corrupt("entry table size does not match the count"));
        }
        let blocks_at = (ENTRY_TABLE_HEADER + entries as usize).next_multiple_of(4);
        let table = EntryTable {
            block_log2,
            entries,
            runs,
            blocks_at,
            runs_at: blocks_at + 8 * (entries as usize).div_ceil(1 << block_log2),
        };
        let mut last: Option<(u32, u32)> = None;
        for r in 0..runs {
            let (first, weight) = table.run(section, r);
            let ok = match last {
                None => first == 0,
                Some((f, w)) => first > f && weight < w,
            };
            if !ok || first >= entries || weight > MAX_WEIGHT {
                return Err(Error::corrupt("entry weight runs out of order"));
            }
            last = Some((first, weight));
        }
        Ok(table)
    }

    fn run(&self, section: &[u8], r: u32) -> (u32, u32) {
        let at = self.runs_at + 8 * r as usize;
        (u32_at(section, at), u32_at(section, at + 4))
    }

    /// The weight of entry `index` (0 past the end). Steps at most one block's worth of
    /// runs, so damage the open check cannot see costs a wrong weight, never unbounded work.
    pub(crate) fn weight(&self, section: &[u8], index: u32) -> u32 {
        if index >= self.entries {
            return 0;
        }
        let block = self.blocks_at + 8 * (index >> self.block_log2) as usize;
        let mut r = u32_at(section, block + 4).min(self.runs - 1);
        for _ in 0..1u32 << self.block_log2 {
            if r + 1 < self.runs && self.run(section, r + 1).0 <= index {
                r += 1;
            } else {
                break;
            }
        }
        self.run(section, r).1
    }

    /// The kind code of entry `index` (`None` past the end), read from its code byte
    /// without touching the strings.
    pub(crate) fn kind_code(&self, section: &[u8], index: u32) -> Option<u8> {
        (index < self.entries)
            .then(|| (section[ENTRY_TABLE_HEADER + index as usize] >> CODE_KIND_SHIFT) & 7)
    }

    /// Entry `index`, its strings found in `pool`: a `Corrupt` error past the end or when
    /// its strings run out of the pool.
    pub(crate) fn record(&self, section: &[u8], pool: &[u8], index: u32) -> Result<EntryRecord> {
        if index >= self.entries {
            return Err(Error::corrupt(format!("entry {index} out of range")));
        }
        let first = index >> self.block_log2 << self.block_log2;
        let block = self.blocks_at + 8 * (index >> self.block_log2) as usize;
        let mut at = u32_at(section, block) as usize;
        let code = |i: u32| section[ENTRY_TABLE_HEADER + i as usize];
        for i in first..index {
            at = skip_entry(pool, at, code(i))?;
        }
        let c = code(index);
        let surface = at as u32;
        let mut end = skip_str(pool, at)?;
        let reading = match c & CODE_HAS_READING {
            0 => None,
            _ => Some(read_leb128(pool, &mut end)?),
        };
        let entity = match c & CODE_HAS_ENTITY {
            0 => 0,
            _ => read_leb128(pool, &mut end)?
                .checked_add(1)
                .ok_or_else(|| Error::corrupt("entity field overflows"))?,
        };
        Ok(EntryRecord {
            surface,
            reading,
            entity,
            weight: self.weight(section, index),
            kind: (c >> CODE_KIND_SHIFT) & 7,
            flags: (c >> CODE_FLAGS_SHIFT) & 3,
        })
    }
}

/// The offset past the string at `at` in the pool, without looking inside it. A string
/// under 64 bytes (most of them) has a one-byte header: no loop.
#[inline]
fn skip_str(pool: &[u8], at: usize) -> Result<usize> {
    if let Some(&head) = pool.get(at)
        && head < 0x80
    {
        let end = at + 1 + usize::from(head >> 1);
        if end <= pool.len() {
            return Ok(end);
        }
    }
    skip_long_str(pool, at)
}

#[cold]
fn skip_long_str(pool: &[u8], mut at: usize) -> Result<usize> {
    let head = read_leb128(pool, &mut at)
        .map_err(|_| Error::corrupt("string offset out of range or bad length"))?;
    let end = at + (head >> 1) as usize;
    if end > pool.len() {
        return Err(Error::corrupt("string runs past the pool"));
    }
    Ok(end)
}

/// The offset past an entry's strings and entity field at `at`, as its `code` says.
#[inline]
fn skip_entry(pool: &[u8], at: usize, code: u8) -> Result<usize> {
    let mut at = skip_str(pool, at)?;
    if code & CODE_HAS_READING != 0 {
        at = skip_leb128(pool, at, "reading position runs past the pool")?;
    }
    if code & CODE_HAS_ENTITY != 0 {
        at = skip_leb128(pool, at, "entity field runs past the pool")?;
    }
    Ok(at)
}

/// The offset past the LEB128 number at `at`: it ends at its first byte under 0x80 (at
/// most 5 bytes for a u32). `what` names the field when it runs out.
#[inline]
fn skip_leb128(pool: &[u8], at: usize, what: &'static str) -> Result<usize> {
    let tail = pool.get(at..).unwrap_or_default();
    let len = tail
        .iter()
        .take(5)
        .position(|&b| b < 0x80)
        .ok_or_else(|| Error::corrupt(what))?;
    Ok(at + len + 1)
}

/// Appends `v` as unsigned LEB128 (7 bits a byte, low first).
pub fn write_leb128(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Reads an unsigned LEB128 at `*at` (at most 5 bytes, for a u32), moving `*at` past it.
pub(crate) fn read_leb128(b: &[u8], at: &mut usize) -> Result<u32> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let byte = *b
            .get(*at)
            .ok_or_else(|| Error::corrupt("number runs past its section"))?;
        *at += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 28 {
            return Err(Error::corrupt("number overflows"));
        }
    }
    u32::try_from(v).map_err(|_| Error::corrupt("number overflows"))
}

fn is_kana_byte_char(c: char) -> bool {
    (KANA_BASE..=KANA_LAST).contains(&u32::from(c))
}

/// Compact string code: bytes below this stand for one kana each (`KANA_BASE + byte`).
const COMPACT_PAIR: u8 = 0xC0;
/// The most characters a [`CharTable`] holds: what two bytes from `COMPACT_PAIR` up address.
pub const CHAR_TABLE_MAX: usize = (0x100 - COMPACT_PAIR as usize) << 8;
/// Bytes of the char table's count at the start of the string pool.
const CHAR_TABLE_COUNT_LEN: usize = 4;

/// The character table at the start of the `Strings` section: the characters other than kana
/// that compact strings use (kanji, Latin, symbols), most frequent first, at most
/// [`CHAR_TABLE_MAX`]. Stored as a u32 LE count, then each code point in 3 bytes LE.
///
/// A compact string (header bit 0 set) codes a kana (U+3040‥U+30FF) as one byte
/// (`char − 0x3040`, below `0xC0`) and a table character as two, `0xC0 + (i >> 8)` then
/// `i & 0xFF` for table index `i`: a kanji costs two bytes, not its three UTF-8 bytes. A string
/// with a character outside both, or shorter in UTF-8, stays UTF-8 (bit 0 clear).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CharTable {
    chars: Vec<char>,
    index: std::collections::HashMap<char, u16>,
}

impl CharTable {
    /// The table for the strings `texts` yields: their characters other than kana, by
    /// falling count then code point (so the same strings give the same table), cut at
    /// [`CHAR_TABLE_MAX`].
    pub fn from_texts<'s>(texts: impl IntoIterator<Item = &'s str>) -> CharTable {
        let mut counts: std::collections::HashMap<char, u64> = std::collections::HashMap::new();
        for t in texts {
            for c in t.chars().filter(|&c| !is_kana_byte_char(c)) {
                *counts.entry(c).or_default() += 1;
            }
        }
        let mut chars: Vec<(char, u64)> = counts.into_iter().collect();
        chars.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        chars.truncate(CHAR_TABLE_MAX);
        let chars: Vec<char> = chars.into_iter().map(|(c, _)| c).collect();
        let index = chars
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, i as u16))
            .collect();
        CharTable { chars, index }
    }

    /// How many characters it holds.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Appends the table: what a string pool starts with. Offsets of the strings written
    /// after it count from the start of the pool, table included.
    pub fn write(&self, pool: &mut Vec<u8>) {
        pool.extend_from_slice(&(self.chars.len() as u32).to_le_bytes());
        for &c in &self.chars {
            pool.extend_from_slice(&u32::from(c).to_le_bytes()[..3]);
        }
    }

    /// Appends `s`: compact when every character is a kana or in the table and that is
    /// shorter than its UTF-8 bytes, else UTF-8. The header is LEB128 `byte length << 1 |
    /// compact`.
    pub fn write_str(&self, out: &mut Vec<u8>, s: &str) {
        let mut compact = Vec::with_capacity(s.len());
        let mut ok = !s.is_empty();
        for c in s.chars() {
            if !ok || compact.len() >= s.len() {
                ok = false;
                break;
            }
            if is_kana_byte_char(c) {
                compact.push((u32::from(c) - KANA_BASE) as u8);
            } else if let Some(&i) = self.index.get(&c) {
                compact.push(COMPACT_PAIR + (i >> 8) as u8);
                compact.push(i as u8);
            } else {
                ok = false;
            }
        }
        if ok && compact.len() < s.len() {
            write_leb128(out, ((compact.len() as u64) << 1) | 1);
            out.extend_from_slice(&compact);
        } else {
            write_leb128(out, (s.len() as u64) << 1);
            out.extend_from_slice(s.as_bytes());
        }
    }
}

/// The length of the char table at the start of `pool`, checked: every entry a character
/// that is not a kana. A `Corrupt` error when it runs past the pool or holds anything else.
pub(crate) fn check_char_table(pool: &[u8]) -> Result<usize> {
    let (n, len) = char_table_bounds(pool)?;
    for i in 0..n {
        let c = table_char(&pool[CHAR_TABLE_COUNT_LEN..len], i)
            .ok_or_else(|| Error::corrupt("char table holds a code point that is no character"))?;
        if is_kana_byte_char(c) {
            return Err(Error::corrupt("char table holds a kana"));
        }
    }
    Ok(len)
}

/// `(count, bytes)` of the char table at the start of `pool`.
fn char_table_bounds(pool: &[u8]) -> Result<(usize, usize)> {
    let n = pool
        .get(..CHAR_TABLE_COUNT_LEN)
        .map(|b| u32_at(b, 0) as usize)
        .ok_or_else(|| Error::corrupt("string pool has no char table"))?;
    if n > CHAR_TABLE_MAX || CHAR_TABLE_COUNT_LEN + 3 * n > pool.len() {
        return Err(Error::corrupt("char table runs past the string pool"));
    }
    Ok((n, CHAR_TABLE_COUNT_LEN + 3 * n))
}

/// Entry `i` of a table's code points (`None` when out of range or no character).
#[inline]
fn table_char(table: &[u8], i: usize) -> Option<char> {
    let b = table.get(3 * i..3 * i + 3)?;
    char::from_u32(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
}

/// Appends a string coded without a char table: one byte a character for a kana string,
/// else UTF-8 (see [`CharTable::write_str`]; an empty table codes kana only).
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    CharTable::default().write_str(out, s);
}

/// A string of the string pool, checked but not decoded: compact strings stay as stored,
/// so reading an entry allocates nothing (see [`PoolStr::push_to`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStr<'a>(PoolRepr<'a>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PoolRepr<'a> {
    /// UTF-8, as stored.
    Utf8(&'a str),
    /// Compact: a kana a byte, a table character two (see [`CharTable`]); `chars` is the
    /// count of characters, `table` the char table's code points.
    Compact {
        bytes: &'a [u8],
        table: &'a [u8],
        chars: u32,
    },
}

/// The characters of a compact string (checked when read: every pair complete, every index
/// in the table).
#[derive(Clone)]
struct CompactChars<'a> {
    bytes: &'a [u8],
    table: &'a [u8],
}

impl Iterator for CompactChars<'_> {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        let (&b, rest) = self.bytes.split_first()?;
        if b < COMPACT_PAIR {
            self.bytes = rest;
            return char::from_u32(KANA_BASE + u32::from(b));
        }
        let (&lo, rest) = rest.split_first()?;
        self.bytes = rest;
        let i = (usize::from(b - COMPACT_PAIR) << 8) | usize::from(lo);
        Some(table_char(self.table, i).unwrap_or(char::REPLACEMENT_CHARACTER))
    }
}

impl<'a> PoolStr<'a> {
    /// Its characters, in order.
    pub fn chars(self) -> impl Iterator<Item = char> + 'a {
        let (utf8, bytes, table) = match self.0 {
            PoolRepr::Utf8(s) => (s, &[][..], &[][..]),
            PoolRepr::Compact { bytes, table, .. } => ("", bytes, table),
        };
        utf8.chars().chain(CompactChars { bytes, table })
    }

    /// How many characters it has.
    pub fn char_count(self) -> usize {
        match self.0 {
            PoolRepr::Utf8(s) => s.chars().count(),
            PoolRepr::Compact { chars, .. } => chars as usize,
        }
    }

    /// Whether it is ASCII (compact strings never are, unless empty).
    pub fn is_ascii(self) -> bool {
        match self.0 {
            PoolRepr::Utf8(s) => s.is_ascii(),
            PoolRepr::Compact { bytes, .. } => bytes.is_empty(),
        }
    }

    /// Whether it is exactly `other`.
    pub fn eq_str(self, other: &str) -> bool {
        match self.0 {
            PoolRepr::Utf8(s) => s == other,
            PoolRepr::Compact { .. } => self.chars().eq(other.chars()),
        }
    }

    /// The string itself when stored as UTF-8 (no decoding needed).
    pub fn as_str(self) -> Option<&'a str> {
        match self.0 {
            PoolRepr::Utf8(s) => Some(s),
            PoolRepr::Compact { .. } => None,
        }
    }

    /// Appends it to `out` (allocating only if `out` must grow).
    pub fn push_to(self, out: &mut String) {
        match self.0 {
            PoolRepr::Utf8(s) => out.push_str(s),
            PoolRepr::Compact { .. } => out.extend(self.chars()),
        }
    }

    /// The string, borrowed when stored as UTF-8, decoded when compact.
    pub fn to_cow(self) -> Cow<'a, str> {
        match self.0 {
            PoolRepr::Utf8(s) => Cow::Borrowed(s),
            PoolRepr::Compact { bytes, .. } => {
                let mut s = String::with_capacity(bytes.len() * 3);
                self.push_to(&mut s);
                Cow::Owned(s)
            }
        }
    }
}

/// Reads the string at `off` in the string pool (which starts with its [`CharTable`])
/// without decoding it; returns it and the offset just past it.
pub(crate) fn pool_str_at(pool: &[u8], off: u32) -> Result<(PoolStr<'_>, u32)> {
    let mut at = off as usize;
    let (n, table_len) = char_table_bounds(pool)?;
    if at < table_len {
        return Err(Error::corrupt("string offset inside the char table"));
    }
    let head = read_leb128(pool, &mut at)
        .map_err(|_| Error::corrupt("string offset out of range or bad length"))?;
    let len = (head >> 1) as usize;
    let bytes = pool
        .get(at..at.saturating_add(len))
        .ok_or_else(|| Error::corrupt("string runs past the pool"))?;
    let s = if head & 1 == 1 {
        // Every pair complete, every index inside the table.
        let mut chars = 0u32;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b >= COMPACT_PAIR {
                let lo = *bytes
                    .get(i + 1)
                    .ok_or_else(|| Error::corrupt("compact string ends inside a character"))?;
                if (usize::from(b - COMPACT_PAIR) << 8 | usize::from(lo)) >= n {
                    return Err(Error::corrupt("compact string character out of the table"));
                }
                i += 2;
            } else {
                i += 1;
            }
            chars += 1;
        }
        PoolStr(PoolRepr::Compact {
            bytes,
            table: &pool[CHAR_TABLE_COUNT_LEN..table_len],
            chars,
        })
    } else {
        PoolStr(PoolRepr::Utf8(
            std::str::from_utf8(bytes).map_err(|_| Error::corrupt("string is not UTF-8"))?,
        ))
    };
    Ok((s, (at + len) as u32))
}

/// Reads the string at `off` in the string pool without decoding it.
pub(crate) fn pool_str(pool: &[u8], off: u32) -> Result<PoolStr<'_>> {
    pool_str_at(pool, off).map(|(s, _)| s)
}

/// Whether the string at `off` is ASCII, without decoding it.
pub(crate) fn str_is_ascii(pool: &[u8], off: u32) -> Result<bool> {
    let mut at = off as usize;
    let head = read_leb128(pool, &mut at)
        .map_err(|_| Error::corrupt("string offset out of range or bad length"))?;
    let bytes = pool
        .get(at..at.saturating_add((head >> 1) as usize))
        .ok_or_else(|| Error::corrupt("string runs past the pool"))?;
    Ok(head & 1 == 0 && bytes.is_ascii())
}

/// Reads the string at `off` in the string pool.
#[cfg(test)]
pub(crate) fn read_str(pool: &[u8], off: u32) -> Result<Cow<'_, str>> {
    pool_str(pool, off).map(PoolStr::to_cow)
}

/// Appends a top list (entry indices in increasing order) delta-coded; returns its count.
pub fn write_top_list(out: &mut Vec<u8>, entries: &[u32]) {
    let mut last = 0;
    for (i, &e) in entries.iter().enumerate() {
        debug_assert!(i == 0 || e > last);
        write_leb128(out, u64::from(if i == 0 { e } else { e - last }));
        last = e;
    }
}

/// Decodes a delta-coded top list of `count` entries starting at `off`; stops at the first
/// malformed number.
pub(crate) fn top_list(lists: &[u8], off: usize, count: usize) -> impl Iterator<Item = u32> + '_ {
    let mut at = off;
    let mut last = 0u32;
    (0..count).map_while(move |i| {
        let d = read_leb128(lists, &mut at).ok()?;
        last = if i == 0 { d } else { last.checked_add(d)? };
        Some(last)
    })
}

/// Reads a little-endian u32 at `at` (caller checks bounds).
pub(crate) fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// Fan-out of the [`RankArray`]'s tree of minima.
pub const RANK_FANOUT: usize = 32;
/// Bytes of a [`RankArray`] section before its levels.
const RANK_HEADER: usize = 8;

/// A key space's rank array: the entry index of every (key, entry) pair in key order,
/// bit-packed at the width of the largest index, followed by levels of block minima (level
/// `l + 1` holds the minimum of each [`RANK_FANOUT`] values of level `l`) until a level has
/// at most `RANK_FANOUT` values. Section layout: value count (u32), bit width (u8), level
/// count (u8), two zero bytes, then each level's values, packed LSB first, padded with 8
/// zero bytes. A lower entry index is a better entry, so the minima let a range's best
/// entries come out best first after touching a few dozen values per level.
#[derive(Debug, Clone, Default)]
pub struct RankArray {
    /// Bit width of a value.
    width: u32,
    /// `(byte offset in the section, value count)` per level, bottom first.
    levels: Vec<(usize, usize)>,
}

/// Byte length of a packed level of `n` values at `width` bits, padding included.
fn packed_len(n: usize, width: u32) -> usize {
    (n * width as usize).div_ceil(8) + 8
}

/// The level sizes of a rank array of `n` values, bottom first.
fn rank_level_sizes(n: usize) -> Vec<usize> {
    let mut sizes = vec![n];
    while *sizes.last().unwrap_or(&0) > RANK_FANOUT {
        let last = sizes[sizes.len() - 1];
        sizes.push(last.div_ceil(RANK_FANOUT));
    }
    sizes
}

/// Writes the [`RankArray`] section of `values` (entry indices in key order).
pub fn write_rank_array(values: &[u32]) -> Vec<u8> {
    let max = values.iter().copied().max().unwrap_or(0);
    let width = (32 - max.leading_zeros()).max(1);
    let sizes = rank_level_sizes(values.len());
    let mut out = Vec::new();
    out.extend_from_slice(&(values.len() as u32).to_le_bytes());
    out.push(width as u8);
    out.push(sizes.len() as u8);
    out.extend_from_slice(&[0, 0]);
    let mut level: Vec<u32> = values.to_vec();
    for (l, &n) in sizes.iter().enumerate() {
        if l > 0 {
            level = level
                .chunks(RANK_FANOUT)
                .map(|c| c.iter().copied().min().unwrap_or(u32::MAX))
                .collect();
        }
        debug_assert_eq!(level.len(), n);
        let start = out.len();
        out.resize(start + packed_len(n, width), 0);
        for (i, &v) in level.iter().enumerate() {
            let bit = i * width as usize;
            let at = start + bit / 8;
            let word = u64::from(v) << (bit % 8);
            for (j, b) in word.to_le_bytes().iter().enumerate() {
                out[at + j] |= b;
            }
        }
    }
    out
}

impl RankArray {
    /// Reads the section's shape, refusing a section whose length does not match it.
    pub fn read(section: &[u8]) -> Result<RankArray> {
        let bad = || Error::corrupt("rank array has the wrong shape");
        if section.len() < RANK_HEADER {
            return Err(bad());
        }
        let n = u32_at(section, 0) as usize;
        let width = u32::from(section[4]);
        let sizes = rank_level_sizes(n);
        if !(1..=32).contains(&width)
            || usize::from(section[5]) != sizes.len()
            || section[6..8] != [0, 0]
        {
            return Err(bad());
        }
        let mut levels = Vec::with_capacity(sizes.len());
        let mut at = RANK_HEADER;
        for n in sizes {
            levels.push((at, n));
            at += packed_len(n, width);
        }
        if at != section.len() {
            return Err(bad());
        }
        Ok(RankArray { width, levels })
    }

    /// Number of values (key, entry pairs).
    pub fn len(&self) -> usize {
        self.levels.first().map_or(0, |l| l.1)
    }

    /// Whether the array holds no value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of levels, the values included.
    pub fn levels(&self) -> usize {
        self.levels.len()
    }

    /// Values in `level`.
    pub fn level_len(&self, level: usize) -> usize {
        self.levels.get(level).map_or(0, |l| l.1)
    }

    /// Value `i` of `level` (the entry index when `level` is 0, else a block minimum);
    /// `u32::MAX` out of range.
    #[inline]
    pub fn get(&self, section: &[u8], level: usize, i: usize) -> u32 {
        let Some(&(start, n)) = self.levels.get(level) else {
            return u32::MAX;
        };
        if i >= n {
            return u32::MAX;
        }
        let bit = i * self.width as usize;
        let at = start + bit / 8;
        let Some(b) = section.get(at..at + 8) else {
            return u32::MAX;
        };
        let word = u64::from_le_bytes(b.try_into().unwrap_or_default());
        ((word >> (bit % 8)) & ((1u64 << self.width) - 1)) as u32
    }

    /// Calls `visit(level, index)` for the nodes of the tree of minima that cover
    /// `lo..hi` of the values exactly: at most `2 × RANK_FANOUT` per level.
    pub fn cover(&self, lo: usize, hi: usize, mut visit: impl FnMut(usize, usize)) {
        let (mut lo, mut hi) = (lo, hi.min(self.len()));
        let top = self.levels.len().saturating_sub(1);
        let mut level = 0;
        while lo < hi {
            if level == top || hi - lo <= 2 * RANK_FANOUT {
                (lo..hi).for_each(|i| visit(level, i));
                return;
            }
            while !lo.is_multiple_of(RANK_FANOUT) {
                visit(level, lo);
                lo += 1;
            }
            while !hi.is_multiple_of(RANK_FANOUT) {
                hi -= 1;
                visit(level, hi);
            }
            lo /= RANK_FANOUT;
            hi /= RANK_FANOUT;
            level += 1;
        }
    }

    /// The smallest value in `lo..hi` (`None` when the range is empty).
    pub fn range_min(&self, section: &[u8], lo: usize, hi: usize) -> Option<u32> {
        let mut min = None;
        self.cover(lo, hi, |l, i| {
            let v = self.get(section, l, i);
            min = Some(min.map_or(v, |m: u32| m.min(v)));
        });
        min
    }

    /// The children of node `i` of `level` (> 0) in level `level - 1`.
    pub fn children(&self, level: usize, i: usize) -> std::ops::Range<usize> {
        let below = self.level_len(level.wrapping_sub(1));
        let lo = (i * RANK_FANOUT).min(below);
        lo..((i + 1) * RANK_FANOUT).min(below)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_arrays_round_trip_and_find_range_minima() {
        for n in [0usize, 1, 31, 32, 33, 1000, 40_000] {
            let values: Vec<u32> = (0..n as u32)
                .map(|i| (i * 7919 + 13) % (n as u32 + 5))
                .collect();
            let bytes = write_rank_array(&values);
            let ranks = RankArray::read(&bytes).unwrap();
            assert_eq!(ranks.len(), n);
            for (i, &v) in values.iter().enumerate() {
                assert_eq!(ranks.get(&bytes, 0, i), v);
            }
            for (lo, hi) in [(0, n), (n / 3, n / 2), (5.min(n), (5 + 70).min(n)), (n, n)] {
                let want = values[lo..hi].iter().copied().min();
                assert_eq!(ranks.range_min(&bytes, lo, hi), want, "{n} {lo}..{hi}");
                let mut covered = 0;
                ranks.cover(lo, hi, |l, _| covered += RANK_FANOUT.pow(l as u32));
                assert!(covered >= hi - lo);
            }
            assert!(RankArray::read(&bytes[..bytes.len() - 1]).is_err());
        }
    }

    #[test]
    fn the_reading_alphabet_round_trips_every_reading_character() {
        let mut seen = std::collections::HashSet::new();
        let chars = ('0'..='9').chain('\u{3041}'..='\u{309F}').chain(['ー']);
        for c in chars {
            let b = reading_key_byte(c).unwrap();
            assert!(b != KEY_END && b < 0x80, "{c}");
            assert!(seen.insert(b), "{c} shares a byte");
            assert_eq!(reading_key_char(b), Some(c));
        }
        for c in ['a', 'ア', '財', 'ｰ', '\u{3040}'] {
            assert_eq!(reading_key_byte(c), None, "{c}");
        }
        assert_eq!(reading_key_char(KEY_END), None);
        let mut key = b"x".to_vec();
        assert!(encode_reading_key("しゅぷりーむ", &mut key));
        assert_eq!(key.len(), 7);
        assert!(!encode_reading_key("しゅぷa", &mut key));
        assert_eq!(key.len(), 7);
    }

    #[test]
    fn entry_table_round_trip() {
        for log2 in [0, 2, ENTRY_BLOCK_LOG2] {
            let mut pool = Vec::new();
            let table = CharTable::from_texts(["語"]);
            table.write(&mut pool);
            let records: Vec<EntryRecord> = (0..50u32)
                .map(|i| {
                    let entity = if i % 4 == 1 { i * 7_001 + 1 } else { 0 };
                    // Positions of every LEB128 length, 0 to past u32's 28 bits.
                    let reading = (i % 3 == 0).then_some((1u32 << i.min(31)) - 1);
                    EntryRecord {
                        surface: write_entry_strings(
                            &mut pool,
                            &table,
                            &format!("語{i}"),
                            reading,
                            entity,
                        ),
                        reading,
                        entity,
                        weight: if i == 0 {
                            MAX_WEIGHT
                        } else {
                            10_000 - i / 3 * 331
                        },
                        kind: (i % 5) as u8,
                        flags: (i % 4) as u8,
                    }
                })
                .collect();
            let b = write_entry_table(&records, log2);
            let table = EntryTable::read(&b, 50).unwrap();
            assert_eq!(b.len(), EntryTable::section_len(50, log2, 18));
            for (i, r) in records.iter().enumerate() {
                assert_eq!(table.record(&b, &pool, i as u32).unwrap(), *r, "{i}");
                assert_eq!(table.weight(&b, i as u32), r.weight);
                let (s, _) = pool_str_at(&pool, r.surface).unwrap();
                assert!(s.eq_str(&format!("語{i}")));
            }
            assert!(table.record(&b, &pool, 50).is_err());
            assert_eq!(table.weight(&b, 50), 0);
            // A pool cut short is an error, not a panic.
            assert!(table.record(&b, &pool[..pool.len() - 2], 49).is_err());
        }
    }

    #[test]
    fn entry_tables_refuse_damage() {
        let records: Vec<EntryRecord> = (0..3u32)
            .map(|i| EntryRecord {
                surface: 0,
                reading: None,
                entity: 0,
                weight: 9 - i,
                kind: 0,
                flags: 0,
            })
            .collect();
        let b = write_entry_table(&records, 4);
        assert!(EntryTable::read(&b, 3).is_ok());
        assert!(EntryTable::read(&b, 4).is_err(), "count differs");
        assert!(EntryTable::read(&b[..b.len() - 1], 3).is_err(), "truncated");
        // An earlier draft's layout: three bit widths, then zeros.
        let mut draft = b.clone();
        draft[..3].copy_from_slice(&[20, 13, 24]);
        assert!(EntryTable::read(&draft, 3).is_err());
        // Runs out of order: the second run's weight above the first's.
        let runs_at = b.len() - 8 * 3;
        let mut rising = b.clone();
        rising[runs_at + 12..runs_at + 16].copy_from_slice(&100u32.to_le_bytes());
        assert!(EntryTable::read(&rising, 3).is_err());
        let empty = write_entry_table(&[], 4);
        let table = EntryTable::read(&empty, 0).unwrap();
        assert_eq!(table.weight(&empty, 0), 0);
    }

    #[test]
    fn strings_round_trip() {
        let table = CharTable::from_texts(["新品未使用", "未使用品", "Tシャツ"]);
        // 使, 品, 未 and 用 twice, then the rest by code point; kana are not in it.
        assert_eq!(table.chars, ['使', '品', '未', '用', 'T', '新']);
        assert_eq!(table.len(), 6);
        let mut pool = Vec::new();
        table.write(&mut pool);
        assert_eq!(pool.len(), 4 + 3 * 6);
        let start = pool.len() as u32;
        table.write_str(&mut pool, "シュプリーム");
        assert_eq!(
            pool.len() - start as usize,
            1 + 6,
            "kana take one byte each"
        );
        let long = "あ".repeat(100);
        let at = pool.len() as u32;
        table.write_str(&mut pool, &long);
        let mixed = pool.len() as u32;
        table.write_str(&mut pool, "Tシャツ");
        let kanji = pool.len() as u32;
        table.write_str(&mut pool, "新品未使用");
        assert_eq!(
            pool.len() - kanji as usize,
            1 + 10,
            "a kanji takes two bytes"
        );
        let latin = pool.len() as u32;
        table.write_str(&mut pool, "NIKE");
        let outside = pool.len() as u32;
        table.write_str(&mut pool, "財布");
        let empty = pool.len() as u32;
        table.write_str(&mut pool, "");
        check_char_table(&pool).unwrap();
        assert_eq!(read_str(&pool, start).unwrap(), "シュプリーム");
        assert_eq!(pool_str_at(&pool, start).unwrap().1, at);
        // Undecoded, they say the same without allocating.
        let kana = pool_str(&pool, start).unwrap();
        assert_eq!(kana.as_str(), None, "stored one byte a character");
        assert_eq!(kana.char_count(), 6);
        assert!(
            kana.eq_str("シュプリーム")
                && !kana.eq_str("シュプリー")
                && !kana.eq_str("シュプリームx")
        );
        assert!(!kana.is_ascii());
        assert_eq!(kana.chars().collect::<String>(), "シュプリーム");
        let compact = pool_str(&pool, mixed).unwrap();
        assert_eq!(
            compact.as_str(),
            None,
            "T from the table, シャツ one byte each"
        );
        assert_eq!(compact.char_count(), 4);
        assert!(compact.eq_str("Tシャツ") && !compact.eq_str("Tシャ"));
        let mut buf = String::from(">");
        compact.push_to(&mut buf);
        kana.push_to(&mut buf);
        assert_eq!(buf, ">Tシャツシュプリーム");
        let k = pool_str(&pool, kanji).unwrap();
        assert_eq!(k.char_count(), 5);
        assert_eq!(k.to_cow(), "新品未使用");
        // Shorter as UTF-8, or a character outside the table: stored as UTF-8.
        assert_eq!(pool_str(&pool, latin).unwrap().as_str(), Some("NIKE"));
        assert_eq!(pool_str(&pool, outside).unwrap().as_str(), Some("財布"));
        assert!(pool_str(&pool, empty).unwrap().is_ascii());
        assert_eq!(read_str(&pool, at).unwrap(), long);
        assert_eq!(read_str(&pool, empty).unwrap(), "");
        assert!(!str_is_ascii(&pool, start).unwrap());
        assert!(!str_is_ascii(&pool, mixed).unwrap());
        assert!(str_is_ascii(&pool, latin).unwrap());
        assert!(str_is_ascii(&pool, 9999).is_err());
        assert!(read_str(&pool, 9999).is_err());
        assert!(read_str(&pool, 2).is_err(), "inside the char table");
        assert!(read_str(&pool[..at as usize + 5], at).is_err());
        // A table character index past the table, a pair cut short, a bad table.
        let mut bad = Vec::new();
        table.write(&mut bad);
        let past = bad.len() as u32;
        write_leb128(&mut bad, 2 << 1 | 1);
        bad.extend_from_slice(&[COMPACT_PAIR, 6]);
        let cut = bad.len() as u32;
        write_leb128(&mut bad, 1 << 1 | 1);
        bad.push(COMPACT_PAIR);
        assert!(pool_str(&bad, past).is_err());
        assert!(pool_str(&bad, cut).is_err());
        assert!(pool_str(&[9, 0, 0, 0], 4).is_err(), "table past the pool");
        let mut kana_in_table = vec![1, 0, 0, 0];
        kana_in_table.extend_from_slice(&0x3042u32.to_le_bytes()[..3]);
        assert!(check_char_table(&kana_in_table).is_err());
        let mut surrogate = vec![1, 0, 0, 0];
        surrogate.extend_from_slice(&0xD800u32.to_le_bytes()[..3]);
        assert!(check_char_table(&surrogate).is_err());
    }

    #[test]
    fn top_lists_round_trip() {
        let mut b = vec![0xff];
        write_top_list(&mut b, &[3, 4, 200, 70_000]);
        assert_eq!(top_list(&b, 1, 4).collect::<Vec<_>>(), [3, 4, 200, 70_000]);
        assert_eq!(top_list(&b, 1, 2).collect::<Vec<_>>(), [3, 4]);
        assert_eq!(top_list(&b, 1, 9).count(), 4, "stops at the end");
    }

    #[test]
    fn header_refuses_damage() {
        let header = Header {
            entries: 0,
            entities: 0,
            entity_records: 0,
            reading_keys: 0,
            surface_keys: 0,
            build_id: [0; 16],
            sections: [(HEADER_LEN as u64, 0); SECTIONS],
            body_checksum: 0,
        };
        let bytes = header.write(&[]);
        assert_eq!(bytes.len(), HEADER_LEN);
        let read = Header::read(&bytes).unwrap();
        assert_eq!(
            read,
            Header {
                body_checksum: read.body_checksum,
                ..header
            }
        );
        read.verify_body(&bytes).unwrap();
        assert!(matches!(Header::read(b"nope"), Err(Error::BadMagic)));
        assert!(matches!(
            Header::read(&bytes[..100]),
            Err(Error::Corrupt { .. })
        ));
        let mut v2 = bytes.clone();
        v2[8] = 2;
        assert!(matches!(
            Header::read(&v2),
            Err(Error::Version {
                expected: VERSION,
                got: 2
            })
        ));
        let mut flipped = bytes.clone();
        flipped[20] ^= 1;
        assert!(matches!(Header::read(&flipped), Err(Error::Corrupt { .. })));
    }
}
