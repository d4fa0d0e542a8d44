//! The dictionary artifact's byte layout, format version 1: the one place that knows it.
//!
//! ```text
//! offset  size  field
//!      0     8  MAGIC  b"ICHIBA\0D"
//!      8     4  VERSION (u32 LE)
//!     12     4  flags (u32, reserved: 0)
//!     16     4  entry count
//!     20     4  entity count
//!     24     4  reading key count
//!     28     4  surface key count
//!     32    16  build id (first 16 bytes of the SHA-256 of the sources)
//!     48   160  SECTIONS × (offset u64, length u64), offsets from the file start
//!    208     8  body checksum: xxh3-64 of every byte after the header
//!    216     8  header checksum: xxh3-64 of bytes 0..216
//!    224        body: the sections, each 8-byte aligned, in `Section` order
//! ```
//!
//! All integers are little-endian. The sections:
//!
//! * `ReadingFst`, `SurfaceFst`: [`fst`] maps from a folded key (see [`crate::text::fold`]),
//!   a `0x00` separator and a homograph discriminator to `(MAX_WEIGHT - weight) << 32 | entry`.
//!   Keys with the separator right after the text are the key's exact matches.
//! * `ReadingTop`, `SurfaceTop`: fst maps from every one- and two-character key prefix to
//!   `offset << 8 | count` into `TopLists`, the best entries for that prefix, best first.
//! * `TopLists`: u32 entry indices.
//! * `Entries`: [`ENTRY_SIZE`]-byte records (see [`EntryRecord`]).
//! * `Entities`: [`ENTITY_SIZE`]-byte records: the string offset of the canonical id, then
//!   the entity's main Japanese and main Latin entries ([`NO_ENTRY`] when it has none): the
//!   forms a brand is shown in whichever variant matched.
//! * `Strings`: LEB128 length-prefixed UTF-8 strings.
//! * `NextIndex`: entity count + 1 u32s; entity `e`'s next words are pairs
//!   `NextIndex[e]..NextIndex[e + 1]` of `NextLists`.
//! * `NextLists`: `(entry u32, count u32)` pairs: the words that follow an entity, most
//!   frequent first.

use crate::error::{Error, Result};

/// The first eight bytes of every ichiba dictionary.
pub const MAGIC: [u8; 8] = *b"ICHIBA\0D";
/// The format version this build writes and reads.
pub const VERSION: u32 = 2;
/// Size of the fixed header; the body starts here.
pub const HEADER_LEN: usize = 224;
/// Offset of the body checksum inside the header.
const BODY_SUM_AT: usize = 208;
/// Offset of the header checksum inside the header.
const HEADER_SUM_AT: usize = 216;
/// Size of one entry record.
pub const ENTRY_SIZE: usize = 16;
/// The largest weight an entry may carry (24 bits; the top byte of the meta word holds kind
/// and flags).
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
/// Marks an entry whose reading is its surface folded to hiragana (not stored twice).
pub const NO_READING: u32 = u32::MAX;

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
    /// u32 entry indices of all top lists.
    TopLists,
    /// Entry records.
    Entries,
    /// Entity id string offsets.
    Entities,
    /// The string pool.
    Strings,
    /// Per-entity offsets into `NextLists`.
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

/// Encodes an fst output: lower is better, so the fst's pushed minimum names the best entry.
pub fn encode_output(weight: u32, entry: u32) -> u64 {
    (u64::from(MAX_WEIGHT - weight.min(MAX_WEIGHT)) << 32) | u64::from(entry)
}

/// Decodes an fst output into `(weight, entry index)`.
pub fn decode_output(out: u64) -> (u32, u32) {
    let inv = (out >> 32) as u32;
    (MAX_WEIGHT.saturating_sub(inv), out as u32)
}

/// The parsed fixed header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Number of entries.
    pub entries: u32,
    /// Number of distinct entities.
    pub entities: u32,
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
        let mut out = Vec::with_capacity(HEADER_LEN + body.len());
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        for v in [
            self.entries,
            self.entities,
            self.reading_keys,
            self.surface_keys,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.build_id);
        for (off, len) in self.sections {
            out.extend_from_slice(&off.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
        }
        debug_assert_eq!(out.len(), BODY_SUM_AT);
        out.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(body).to_le_bytes());
        let header_sum = xxhash_rust::xxh3::xxh3_64(&out);
        out.extend_from_slice(&header_sum.to_le_bytes());
        debug_assert_eq!(out.len(), HEADER_LEN);
        out.extend_from_slice(body);
        out
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
        build_id.copy_from_slice(&data[32..48]);
        let mut sections = [(0u64, 0u64); SECTIONS];
        let mut expected_start = HEADER_LEN as u64;
        for (i, s) in sections.iter_mut().enumerate() {
            let off = u64_at(data, 48 + i * 16);
            let len = u64_at(data, 56 + i * 16);
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
            reading_keys: u32_at(data, 24),
            surface_keys: u32_at(data, 28),
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
        self.build_id.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// One entry record, as stored in the `Entries` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRecord {
    /// String offset of the surface.
    pub surface: u32,
    /// String offset of the reading, or [`NO_READING`].
    pub reading: u32,
    /// Entity index.
    pub entity: u32,
    /// Weight (≤ [`MAX_WEIGHT`]).
    pub weight: u32,
    /// Kind code.
    pub kind: u8,
    /// Flag bits.
    pub flags: u8,
}

impl EntryRecord {
    /// Appends the record's bytes.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.surface.to_le_bytes());
        out.extend_from_slice(&self.reading.to_le_bytes());
        out.extend_from_slice(&self.entity.to_le_bytes());
        let meta = self.weight.min(MAX_WEIGHT)
            | (u32::from(self.kind & 0x0f) << 24)
            | (u32::from(self.flags & 0x0f) << 28);
        out.extend_from_slice(&meta.to_le_bytes());
    }

    /// Reads the record at the start of `b` (at least [`ENTRY_SIZE`] bytes).
    pub fn read(b: &[u8]) -> EntryRecord {
        let meta = u32_at(b, 12);
        EntryRecord {
            surface: u32_at(b, 0),
            reading: u32_at(b, 4),
            entity: u32_at(b, 8),
            weight: meta & MAX_WEIGHT,
            kind: ((meta >> 24) & 0x0f) as u8,
            flags: (meta >> 28) as u8,
        }
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

/// Appends a LEB128 length-prefixed string.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    write_leb128(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Reads the length-prefixed string at `off` in the string pool.
pub fn read_str(pool: &[u8], off: u32) -> Result<&str> {
    let mut at = off as usize;
    let mut len = 0usize;
    let mut shift = 0;
    loop {
        let b = *pool
            .get(at)
            .ok_or_else(|| Error::corrupt("string offset out of range"))?;
        at += 1;
        len |= usize::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 28 {
            return Err(Error::corrupt("string length overflows"));
        }
    }
    let bytes = pool
        .get(at..at.saturating_add(len))
        .ok_or_else(|| Error::corrupt("string runs past the pool"))?;
    std::str::from_utf8(bytes).map_err(|_| Error::corrupt("string is not UTF-8"))
}

/// Reads a little-endian u32 at `at` (caller checks bounds).
pub fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_order_follows_weight() {
        let heavy = encode_output(900, 7);
        let light = encode_output(10, 3);
        assert!(heavy < light);
        assert_eq!(decode_output(heavy), (900, 7));
        assert_eq!(decode_output(light), (10, 3));
        assert_eq!(decode_output(encode_output(u32::MAX, 1)), (MAX_WEIGHT, 1));
    }

    #[test]
    fn record_round_trip() {
        let r = EntryRecord {
            surface: 1,
            reading: NO_READING,
            entity: 3,
            weight: MAX_WEIGHT,
            kind: 4,
            flags: 0b1010,
        };
        let mut b = Vec::new();
        r.write(&mut b);
        assert_eq!(b.len(), ENTRY_SIZE);
        assert_eq!(EntryRecord::read(&b), r);
    }

    #[test]
    fn strings_round_trip() {
        let mut pool = Vec::new();
        write_str(&mut pool, "シュプリーム");
        let long = "あ".repeat(100);
        let at = pool.len() as u32;
        write_str(&mut pool, &long);
        assert_eq!(read_str(&pool, 0).unwrap(), "シュプリーム");
        assert_eq!(read_str(&pool, at).unwrap(), long);
        assert!(read_str(&pool, 9999).is_err());
        assert!(read_str(&pool[..at as usize + 5], at).is_err());
    }

    #[test]
    fn header_refuses_damage() {
        let header = Header {
            entries: 0,
            entities: 0,
            reading_keys: 0,
            surface_keys: 0,
            build_id: [0; 16],
            sections: [(HEADER_LEN as u64, 0); SECTIONS],
            body_checksum: 0,
        };
        let bytes = header.write(&[]);
        let read = Header::read(&bytes).unwrap();
        read.verify_body(&bytes).unwrap();
        assert!(matches!(Header::read(b"nope"), Err(Error::BadMagic)));
        assert!(matches!(
            Header::read(&bytes[..100]),
            Err(Error::Corrupt { .. })
        ));
        let mut v3 = bytes.clone();
        v3[8] = 3;
        assert!(matches!(
            Header::read(&v3),
            Err(Error::Version {
                expected: VERSION,
                got: 3
            })
        ));
        let mut flipped = bytes.clone();
        flipped[20] ^= 1;
        assert!(matches!(Header::read(&flipped), Err(Error::Corrupt { .. })));
    }
}
