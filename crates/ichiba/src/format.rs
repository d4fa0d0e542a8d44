//! The dictionary artifact's byte layout, format version 4: the one place that knows it.
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
//!     56   160  SECTIONS × (offset u64, length u64), offsets from the file start
//!    216     8  body checksum: xxh3-64 of every byte after the header
//!    224     8  header checksum: xxh3-64 of bytes 0..224
//!    232        body: the sections, each 8-byte aligned, in `Section` order
//! ```
//!
//! All integers are little-endian. Entries are numbered best first: by weight, heaviest
//! first, then by key (reading, surface, kind), so an entry's index is its rank. The sections:
//!
//! * `ReadingFst`, `SurfaceFst`: [`fst`] maps from a folded key (see [`crate::text::fold`]),
//!   a `0x00` separator and a homograph discriminator to the entry index. Surface keys are
//!   UTF-8; reading keys are written in the one-byte [reading alphabet](reading_key_byte)
//!   (a reading has only hiragana, `ー` and digits), so a kana costs one fst byte, not three. The fst builder
//!   pushes the minimum output of every subtree forward, and a lower index is a better
//!   entry, so best-first search needs nothing else. Keys with the separator right after
//!   the text are the key's exact matches.
//! * `ReadingTop`, `SurfaceTop`: fst maps from every one- and two-character key prefix that
//!   more than [`TOP_LIST_LEN`] keys start with to `offset << 8 | count` into `TopLists`, the
//!   best entries for that prefix, best first. Other prefixes are searched best-first.
//! * `TopLists`: per list, LEB128 entry indices, each but the first as the difference to the
//!   one before (lists are in index order, since index order is rank order).
//! * `Entries`: an 8-byte [`EntryLayout`] (bit widths), then one bit-packed record per entry
//!   ([`EntryRecord`]), then 8 zero bytes so every field can be read with one 8-byte load.
//! * `Entities`: [`ENTITY_SIZE`]-byte records for the entities that need one: the string
//!   offset of the canonical id, then the entity's main Japanese and main Latin entries
//!   ([`NO_ENTRY`] when it has none). An entity with a single entry whose id is its surface
//!   (most of them) has no record: its index is `entity records + entry index`, its id its
//!   surface, its main form its entry (unless blocked).
//! * `Strings`: each entry's surface, followed by its reading when that is not the folded
//!   surface; then the entity ids. Each string is a LEB128 header `length << 1 | kana`; a
//!   kana string (every character in U+3040..=U+30FF) stores one byte per character
//!   (`char - 0x3040`), any other string its UTF-8 bytes.
//! * `NextIndex`: `(entity u32, first pair u32)` for each entity that has next words, by
//!   entity, then `(NO_ENTRY, pair count)`; entity `e`'s next words run to the next row's
//!   first pair.
//! * `NextLists`: `(entry u32, count u32)` pairs: the words that follow an entity, most
//!   frequent first.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// The first eight bytes of every ichiba dictionary.
pub const MAGIC: [u8; 8] = *b"ICHIBA\0D";
/// The format version this build writes and reads.
pub const VERSION: u32 = 4;
/// Size of the fixed header; the body starts here.
pub const HEADER_LEN: usize = 232;
/// Offset of the section table inside the header.
const SECTIONS_AT: usize = 56;
/// Offset of the body checksum inside the header.
const BODY_SUM_AT: usize = 216;
/// Offset of the header checksum inside the header.
const HEADER_SUM_AT: usize = 224;
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
/// Bytes before the packed entry records (the [`EntryLayout`]).
pub const ENTRY_LAYOUT_LEN: usize = 8;
/// Zero bytes after the packed entry records.
pub const ENTRY_PAD: usize = 8;
/// Bits of an entry record's kind code.
const KIND_BITS: u32 = 3;
/// Bits of an entry record's flags.
const FLAG_BITS: u32 = 2;
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
    /// fst: short reading prefix → top list.
    ReadingTop,
    /// fst: short surface prefix → top list.
    SurfaceTop,
    /// Delta-coded entry indices of all top lists.
    TopLists,
    /// Bit-packed entry records.
    Entries,
    /// Entity records (ids and main forms).
    Entities,
    /// The string pool.
    Strings,
    /// Offsets into `NextLists`, for the entities that have next words.
    NextIndex,
    /// Next-word pairs.
    NextLists,
}

/// Number of sections.
pub const SECTIONS: usize = 10;

impl Section {
    /// All sections in file order.
    pub const ALL: [Section; SECTIONS] = [
        Section::ReadingFst,
        Section::SurfaceFst,
        Section::ReadingTop,
        Section::SurfaceTop,
        Section::TopLists,
        Section::Entries,
        Section::Entities,
        Section::Strings,
        Section::NextIndex,
        Section::NextLists,
    ];

    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Section::ReadingFst => "reading fst",
            Section::SurfaceFst => "surface fst",
            Section::ReadingTop => "reading top index",
            Section::SurfaceTop => "surface top index",
            Section::TopLists => "top lists",
            Section::Entries => "entries",
            Section::Entities => "entities",
            Section::Strings => "strings",
            Section::NextIndex => "next-word index",
            Section::NextLists => "next-word lists",
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
    /// Number of keys in the reading fst.
    pub reading_keys: u32,
    /// Number of keys in the surface fst.
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

/// Bit widths of the packed entry records, stored in the first bytes of `Entries`. A record
/// is, from its lowest bit: the string offset of its surface (`string_bits`), whether a
/// reading follows the surface (1 bit), its entity (`entity_bits`: 0 for an entity implied
/// by this entry alone, else the entity record's index + 1), its weight (`weight_bits`), its
/// kind (3 bits) and its flags (2 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryLayout {
    /// Bits of the surface's string offset.
    pub string_bits: u8,
    /// Bits of the entity field.
    pub entity_bits: u8,
    /// Bits of the weight.
    pub weight_bits: u8,
}

/// Bits needed to hold `max`.
pub fn bits_for(max: u64) -> u8 {
    (64 - max.leading_zeros()) as u8
}

impl EntryLayout {
    /// Bits of one record.
    pub fn record_bits(self) -> u32 {
        u32::from(self.string_bits)
            + 1
            + u32::from(self.entity_bits)
            + u32::from(self.weight_bits)
            + KIND_BITS
            + FLAG_BITS
    }

    /// The section's size for `entries` records.
    pub fn section_len(self, entries: u32) -> usize {
        ENTRY_LAYOUT_LEN
            + (u64::from(entries) * u64::from(self.record_bits())).div_ceil(8) as usize
            + ENTRY_PAD
    }

    /// Appends the layout's bytes.
    pub fn write(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[self.string_bits, self.entity_bits, self.weight_bits]);
        out.extend_from_slice(&[0; ENTRY_LAYOUT_LEN - 3]);
    }

    /// Reads and checks the layout at the start of the `Entries` section.
    pub fn read(section: &[u8]) -> Result<EntryLayout> {
        let b = section
            .get(..ENTRY_LAYOUT_LEN)
            .ok_or_else(|| Error::corrupt("entry table has no layout"))?;
        let layout = EntryLayout {
            string_bits: b[0],
            entity_bits: b[1],
            weight_bits: b[2],
        };
        if layout.string_bits > 32
            || layout.entity_bits > 32
            || layout.weight_bits > 24
            || b[3..].iter().any(|&x| x != 0)
        {
            return Err(Error::corrupt("entry layout has impossible widths"));
        }
        Ok(layout)
    }
}

/// One entry record, as stored in the `Entries` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRecord {
    /// String offset of the surface.
    pub surface: u32,
    /// Whether the reading follows the surface in the string pool (otherwise the reading is
    /// the folded surface).
    pub has_reading: bool,
    /// 0 for an entity implied by this entry alone, else the entity record's index + 1.
    pub entity: u32,
    /// Weight (≤ [`MAX_WEIGHT`]).
    pub weight: u32,
    /// Kind code.
    pub kind: u8,
    /// Flag bits.
    pub flags: u8,
}

/// Writes bit-packed records: fields go in low bits first.
#[derive(Debug, Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    /// Appends the low `bits` bits of `v` (`bits` ≤ 32).
    pub fn put(&mut self, v: u32, bits: u8) {
        debug_assert!(bits == 32 || u64::from(v) < 1u64 << bits);
        self.acc |= u64::from(v) << self.n;
        self.n += u32::from(bits);
        while self.n >= 8 {
            self.bytes.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// The bytes written, the last one zero-padded.
    pub fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.bytes.push(self.acc as u8);
        }
        self.bytes
    }
}

/// Reads `bits` (≤ 32) bits at bit offset `at` of `b`, which must hold 8 bytes from
/// `at / 8` (the `Entries` section is padded for this).
#[inline]
fn bits_at(b: &[u8], at: u64, bits: u8) -> u32 {
    let byte = (at / 8) as usize;
    let word = u64::from_le_bytes(b[byte..byte + 8].try_into().expect("8 bytes"));
    ((word >> (at % 8)) & ((1u64 << bits) - 1)) as u32
}

impl EntryRecord {
    /// Appends the record's bits.
    pub fn write(&self, layout: EntryLayout, out: &mut BitWriter) {
        out.put(self.surface, layout.string_bits);
        out.put(u32::from(self.has_reading), 1);
        out.put(self.entity, layout.entity_bits);
        out.put(self.weight.min(MAX_WEIGHT), layout.weight_bits);
        out.put(u32::from(self.kind), KIND_BITS as u8);
        out.put(u32::from(self.flags), FLAG_BITS as u8);
    }

    /// Reads record `index` from the packed records `b` (the section after its layout),
    /// or `None` past the end.
    pub(crate) fn read(layout: EntryLayout, b: &[u8], index: u32) -> Option<EntryRecord> {
        let width = u64::from(layout.record_bits());
        let mut at = u64::from(index) * width;
        if (at + width).div_ceil(8) as usize + ENTRY_PAD > b.len() {
            return None;
        }
        let mut field = |bits: u8| {
            let v = if bits == 0 { 0 } else { bits_at(b, at, bits) };
            at += u64::from(bits);
            v
        };
        Some(EntryRecord {
            surface: field(layout.string_bits),
            has_reading: field(1) == 1,
            entity: field(layout.entity_bits),
            weight: field(layout.weight_bits),
            kind: field(KIND_BITS as u8) as u8,
            flags: field(FLAG_BITS as u8) as u8,
        })
    }

    /// Reads only the weight of record `index` (0 past the end).
    pub(crate) fn read_weight(layout: EntryLayout, b: &[u8], index: u32) -> u32 {
        let width = u64::from(layout.record_bits());
        let start = u64::from(index) * width;
        if (start + width).div_ceil(8) as usize + ENTRY_PAD > b.len() || layout.weight_bits == 0 {
            return 0;
        }
        let at = start + u64::from(layout.string_bits) + 1 + u64::from(layout.entity_bits);
        bits_at(b, at, layout.weight_bits)
    }
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

/// Appends a string: a LEB128 header `length << 1 | kana`, then one byte per character for
/// a kana string, else the UTF-8 bytes.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    if !s.is_empty() && s.chars().all(is_kana_byte_char) {
        write_leb128(out, ((s.chars().count() as u64) << 1) | 1);
        out.extend(s.chars().map(|c| (u32::from(c) - KANA_BASE) as u8));
    } else {
        write_leb128(out, (s.len() as u64) << 1);
        out.extend_from_slice(s.as_bytes());
    }
}

/// A string of the string pool, checked but not decoded: kana strings stay one byte a
/// character, so reading an entry allocates nothing (see [`PoolStr::push_to`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStr<'a>(PoolRepr<'a>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PoolRepr<'a> {
    /// UTF-8, as stored.
    Utf8(&'a str),
    /// One byte a character: the code point minus `KANA_BASE`.
    Kana(&'a [u8]),
}

impl<'a> PoolStr<'a> {
    /// Its characters, in order.
    pub fn chars(self) -> impl Iterator<Item = char> + 'a {
        let (utf8, kana) = match self.0 {
            PoolRepr::Utf8(s) => (s, &[][..]),
            PoolRepr::Kana(b) => ("", b),
        };
        // Kana bytes were checked to name code points in KANA_BASE..=KANA_LAST.
        utf8.chars().chain(
            kana.iter()
                .filter_map(|&b| char::from_u32(KANA_BASE + u32::from(b))),
        )
    }

    /// How many characters it has.
    pub fn char_count(self) -> usize {
        match self.0 {
            PoolRepr::Utf8(s) => s.chars().count(),
            PoolRepr::Kana(b) => b.len(),
        }
    }

    /// Whether it is ASCII (kana strings never are, unless empty).
    pub fn is_ascii(self) -> bool {
        match self.0 {
            PoolRepr::Utf8(s) => s.is_ascii(),
            PoolRepr::Kana(b) => b.is_empty(),
        }
    }

    /// Whether it is exactly `other`.
    pub fn eq_str(self, other: &str) -> bool {
        match self.0 {
            PoolRepr::Utf8(s) => s == other,
            PoolRepr::Kana(b) => other.chars().count() == b.len() && self.chars().eq(other.chars()),
        }
    }

    /// The string itself when stored as UTF-8 (no decoding needed).
    pub fn as_str(self) -> Option<&'a str> {
        match self.0 {
            PoolRepr::Utf8(s) => Some(s),
            PoolRepr::Kana(_) => None,
        }
    }

    /// Appends it to `out` (allocating only if `out` must grow).
    pub fn push_to(self, out: &mut String) {
        match self.0 {
            PoolRepr::Utf8(s) => out.push_str(s),
            PoolRepr::Kana(_) => out.extend(self.chars()),
        }
    }

    /// The string, borrowed when stored as UTF-8, decoded when kana.
    pub fn to_cow(self) -> Cow<'a, str> {
        match self.0 {
            PoolRepr::Utf8(s) => Cow::Borrowed(s),
            PoolRepr::Kana(b) => {
                let mut s = String::with_capacity(b.len() * 3);
                self.push_to(&mut s);
                Cow::Owned(s)
            }
        }
    }
}

/// Reads the string at `off` in the string pool without decoding it; returns it and the
/// offset just past it.
pub(crate) fn pool_str_at(pool: &[u8], off: u32) -> Result<(PoolStr<'_>, u32)> {
    let mut at = off as usize;
    let head = read_leb128(pool, &mut at)
        .map_err(|_| Error::corrupt("string offset out of range or bad length"))?;
    let len = (head >> 1) as usize;
    let bytes = pool
        .get(at..at.saturating_add(len))
        .ok_or_else(|| Error::corrupt("string runs past the pool"))?;
    let s = if head & 1 == 1 {
        // Every byte must name a code point in U+3040..=U+30FF.
        if bytes.iter().any(|&b| u32::from(b) > KANA_LAST - KANA_BASE) {
            return Err(Error::corrupt("kana string byte out of range"));
        }
        PoolStr(PoolRepr::Kana(bytes))
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn record_round_trip() {
        let layout = EntryLayout {
            string_bits: 20,
            entity_bits: 13,
            weight_bits: 24,
        };
        let records: Vec<EntryRecord> = (0..50u32)
            .map(|i| EntryRecord {
                surface: (i * 20_011) & 0xf_ffff,
                has_reading: i % 3 == 0,
                entity: (i * 7) & 0x1fff,
                weight: if i == 0 { MAX_WEIGHT } else { i * 331 },
                kind: (i % 5) as u8,
                flags: (i % 4) as u8,
            })
            .collect();
        let mut w = BitWriter::default();
        for r in &records {
            r.write(layout, &mut w);
        }
        let mut b = w.finish();
        assert_eq!(b.len(), (50 * layout.record_bits() as usize).div_ceil(8));
        b.extend_from_slice(&[0; ENTRY_PAD]);
        for (i, r) in records.iter().enumerate() {
            assert_eq!(EntryRecord::read(layout, &b, i as u32), Some(*r));
            assert_eq!(EntryRecord::read_weight(layout, &b, i as u32), r.weight);
        }
        assert_eq!(EntryRecord::read(layout, &b, 50), None);
        assert_eq!(EntryRecord::read_weight(layout, &b, 50), 0);
        assert_eq!(bits_for(0), 0);
        assert_eq!(bits_for(1), 1);
        assert_eq!(bits_for(100_000), 17);
    }

    #[test]
    fn strings_round_trip() {
        let mut pool = Vec::new();
        write_str(&mut pool, "シュプリーム");
        assert_eq!(pool.len(), 1 + 6, "kana take one byte each");
        let long = "あ".repeat(100);
        let at = pool.len() as u32;
        write_str(&mut pool, &long);
        let mixed = pool.len() as u32;
        write_str(&mut pool, "Tシャツ");
        let empty = pool.len() as u32;
        write_str(&mut pool, "");
        assert_eq!(read_str(&pool, 0).unwrap(), "シュプリーム");
        assert_eq!(pool_str_at(&pool, 0).unwrap().1, at);
        // Undecoded, they say the same without allocating.
        let kana = pool_str(&pool, 0).unwrap();
        assert_eq!(kana.as_str(), None, "stored one byte a character");
        assert_eq!(kana.char_count(), 6);
        assert!(
            kana.eq_str("シュプリーム")
                && !kana.eq_str("シュプリー")
                && !kana.eq_str("シュプリームx")
        );
        assert!(!kana.is_ascii());
        assert_eq!(kana.chars().collect::<String>(), "シュプリーム");
        let utf8 = pool_str(&pool, mixed).unwrap();
        assert_eq!(utf8.as_str(), Some("Tシャツ"));
        assert_eq!(utf8.char_count(), 4);
        let mut buf = String::from(">");
        utf8.push_to(&mut buf);
        kana.push_to(&mut buf);
        assert_eq!(buf, ">Tシャツシュプリーム");
        assert!(pool_str(&pool, empty).unwrap().is_ascii());
        assert_eq!(read_str(&pool, at).unwrap(), long);
        assert_eq!(read_str(&pool, mixed).unwrap(), "Tシャツ");
        assert_eq!(read_str(&pool, empty).unwrap(), "");
        assert!(!str_is_ascii(&pool, 0).unwrap());
        assert!(!str_is_ascii(&pool, mixed).unwrap());
        assert!(str_is_ascii(&pool, empty).unwrap());
        assert!(str_is_ascii(&pool, 9999).is_err());
        assert!(read_str(&pool, 9999).is_err());
        assert!(read_str(&pool[..at as usize + 5], at).is_err());
        let mut bad = Vec::new();
        write_leb128(&mut bad, 3);
        bad.push(0xc5);
        assert!(
            read_str(&bad, 0).is_err(),
            "U+3105 is not in the kana range"
        );
        assert!(pool_str(&bad, 0).is_err());
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
