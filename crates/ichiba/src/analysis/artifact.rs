//! The trimmed analyzer dictionary's file format: what a phone downloads instead of linking
//! IPADIC (`kind: "analyzer"` in the artifact manifest).
//!
//! It keeps only what segmentation and the engine read: lindera's trie, entries (word id,
//! cost, context ids), connection matrix, character and unknown-word tables — byte for byte
//! as lindera's `DictionaryBuilder` wrote them for IPADIC — plus one byte per word id for
//! its coarse part of speech ([`Pos`]) instead of IPADIC's 32.7 MB of feature strings, and,
//! in the build-time variant only, each word's reading.
//!
//! ```text
//! offset  size  field
//!      0     8  magic "ICHBANLZ"
//!      8     4  format version (u32 LE), [`VERSION`]
//!     12     4  number of sections n (u32 LE)
//!     16     8  total length in bytes (u64 LE): a shorter file is truncated
//!     24     8  xxh3-64 of bytes 32..total length (u64 LE)
//!     32  24·n  section table: tag (8 bytes, NUL-padded ASCII), offset (u64), length (u64)
//!      …        sections, each starting on a 16-byte boundary
//! ```
//!
//! Sections (tags): `metadata` (lindera's metadata JSON), `trie`, `valsidx`, `vals`,
//! `matrix`, `chardef`, `unk` (lindera's files), `pos` (one [`Pos`] code per word id, see
//! [`pos_code`]), and optionally `readidx` (u32 LE offsets, one per word id plus an end) with
//! `readings` (the katakana readings, UTF-8, back to back; an empty one for none), and
//! `copying`: the data's licence (IPADIC's `COPYING`), which travels inside every copy.
//!
//! Reading a file checks everything before any of it is used: magic, version, length,
//! checksum, the section table (in bounds, aligned, no duplicates, nothing required
//! missing) and the POS and reading tables' sizes against the number of word ids. Any failure
//! is an [`AnalyzerFileError`]; a caller that was serving with another analyzer keeps it.

use std::ops::Range;

use super::Pos;

/// The file's first eight bytes.
pub const MAGIC: [u8; 8] = *b"ICHBANLZ";
/// The format version this build writes and reads.
pub const VERSION: u32 = 1;
/// Bytes before the section table.
const HEADER_LEN: usize = 32;
/// Bytes per section table entry.
const ENTRY_LEN: usize = 24;
/// Sections start on multiples of this (so lindera can view the matrix's `i16`s in place).
const ALIGN: usize = 16;

/// What is wrong with an analyzer dictionary file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalyzerFileError {
    /// The bytes do not start with [`MAGIC`]: not an ichiba analyzer dictionary.
    #[error("not an ichiba analyzer dictionary (bad magic)")]
    BadMagic,
    /// A format version this build cannot read.
    #[error(
        "analyzer dictionary format version {got} is not supported (this library reads {expected})"
    )]
    Version {
        /// The version this build reads.
        expected: u32,
        /// The version in the file.
        got: u32,
    },
    /// Fewer (or more) bytes than the header says: a partial download or a wrong file.
    #[error("analyzer dictionary is {got} bytes, its header says {expected} (truncated?)")]
    Truncated {
        /// The length the header gives.
        expected: u64,
        /// The length found.
        got: u64,
    },
    /// The checksum does not match: the bytes were damaged.
    #[error("analyzer dictionary checksum {got:016x} does not match its header's {expected:016x}")]
    Checksum {
        /// The checksum in the header.
        expected: u64,
        /// The checksum of the bytes.
        got: u64,
    },
    /// The checksum matches but the content is inconsistent (a section missing, out of
    /// bounds, or refused by lindera).
    #[error("corrupt analyzer dictionary: {0}")]
    Corrupt(String),
}

fn corrupt(reason: impl Into<String>) -> AnalyzerFileError {
    AnalyzerFileError::Corrupt(reason.into())
}

/// A section of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// lindera's `metadata.json`.
    Metadata,
    /// lindera's `dict.trie`.
    Trie,
    /// lindera's `dict.valsidx`.
    ValsIdx,
    /// lindera's `dict.vals`.
    Vals,
    /// lindera's `matrix.mtx`.
    Matrix,
    /// lindera's `char_def.bin`.
    CharDef,
    /// lindera's `unk.bin`.
    Unk,
    /// One [`pos_code`] byte per word id.
    Pos,
    /// Reading offsets: u32 LE, one per word id plus the end (build-time variant).
    ReadingIdx,
    /// Readings, UTF-8 katakana back to back (build-time variant).
    Readings,
    /// The dictionary data's licence text (IPADIC's `COPYING`), so that every copy of the
    /// file carries it.
    Copying,
}

impl Section {
    /// Every section, in the order the writer lays them out.
    pub const ALL: [Section; 11] = [
        Section::Metadata,
        Section::Trie,
        Section::ValsIdx,
        Section::Vals,
        Section::Matrix,
        Section::CharDef,
        Section::Unk,
        Section::Pos,
        Section::ReadingIdx,
        Section::Readings,
        Section::Copying,
    ];

    /// Its tag in the section table.
    pub fn tag(self) -> &'static str {
        match self {
            Section::Metadata => "metadata",
            Section::Trie => "trie",
            Section::ValsIdx => "valsidx",
            Section::Vals => "vals",
            Section::Matrix => "matrix",
            Section::CharDef => "chardef",
            Section::Unk => "unk",
            Section::Pos => "pos",
            Section::ReadingIdx => "readidx",
            Section::Readings => "readings",
            Section::Copying => "copying",
        }
    }

    fn from_tag(tag: &[u8; 8]) -> Option<Section> {
        let end = tag.iter().position(|&b| b == 0).unwrap_or(8);
        let name = std::str::from_utf8(&tag[..end]).ok()?;
        Section::ALL.into_iter().find(|s| s.tag() == name)
    }

    fn required(self) -> bool {
        !matches!(self, Section::ReadingIdx | Section::Readings)
    }
}

/// The one-byte code of a part of speech in the `pos` section.
pub fn pos_code(pos: Pos) -> u8 {
    match pos {
        Pos::Noun => 0,
        Pos::Verb => 1,
        Pos::Adjective => 2,
        Pos::Particle => 3,
        Pos::Auxiliary => 4,
        Pos::Prefix => 5,
        Pos::Symbol => 6,
        Pos::Whitespace => 7,
        Pos::Other => 8,
        Pos::Unknown => 9,
    }
}

/// The part of speech a `pos` byte stands for; `None` for a byte no writer produces.
pub fn pos_from_code(code: u8) -> Option<Pos> {
    Some(match code {
        0 => Pos::Noun,
        1 => Pos::Verb,
        2 => Pos::Adjective,
        3 => Pos::Particle,
        4 => Pos::Auxiliary,
        5 => Pos::Prefix,
        6 => Pos::Symbol,
        7 => Pos::Whitespace,
        8 => Pos::Other,
        9 => Pos::Unknown,
        _ => return None,
    })
}

/// Where each section lies in a checked file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    ranges: Vec<(Section, Range<usize>)>,
}

impl Layout {
    /// The byte range of `section`, if the file has it.
    pub fn range(&self, section: Section) -> Option<Range<usize>> {
        self.ranges
            .iter()
            .find(|(s, _)| *s == section)
            .map(|(_, r)| r.clone())
    }

    /// The sections and their lengths, in file order.
    pub fn sizes(&self) -> Vec<(Section, usize)> {
        self.ranges.iter().map(|(s, r)| (*s, r.len())).collect()
    }

    /// Whether the file carries readings (the build-time variant).
    pub fn has_readings(&self) -> bool {
        self.range(Section::Readings).is_some()
    }

    /// The number of word ids (the `pos` section's length).
    pub fn word_count(&self) -> usize {
        self.range(Section::Pos).map_or(0, |r| r.len())
    }
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0; 4];
    b.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(b)
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0; 8];
    b.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(b)
}

/// Checks a whole file (see the module docs for what) and returns where its sections are.
///
/// # Errors
///
/// An [`AnalyzerFileError`] naming the first check that failed.
pub fn check(bytes: &[u8]) -> Result<Layout, AnalyzerFileError> {
    if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
        return Err(AnalyzerFileError::BadMagic);
    }
    if bytes.len() < HEADER_LEN {
        return Err(AnalyzerFileError::Truncated {
            expected: HEADER_LEN as u64,
            got: bytes.len() as u64,
        });
    }
    let version = u32_at(bytes, 8);
    if version != VERSION {
        return Err(AnalyzerFileError::Version {
            expected: VERSION,
            got: version,
        });
    }
    let count = u32_at(bytes, 12) as usize;
    let total = u64_at(bytes, 16);
    if total != bytes.len() as u64 {
        return Err(AnalyzerFileError::Truncated {
            expected: total,
            got: bytes.len() as u64,
        });
    }
    let expected = u64_at(bytes, 24);
    let got = xxhash_rust::xxh3::xxh3_64(&bytes[HEADER_LEN..]);
    if got != expected {
        return Err(AnalyzerFileError::Checksum { expected, got });
    }
    let table_end = count
        .checked_mul(ENTRY_LEN)
        .and_then(|n| n.checked_add(HEADER_LEN))
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| corrupt(format!("a {count}-section table does not fit the file")))?;
    let mut ranges: Vec<(Section, Range<usize>)> = Vec::with_capacity(count);
    for i in 0..count {
        let at = HEADER_LEN + i * ENTRY_LEN;
        let mut tag = [0; 8];
        tag.copy_from_slice(&bytes[at..at + 8]);
        let section = Section::from_tag(&tag).ok_or_else(|| {
            corrupt(format!(
                "unknown section tag {:?}",
                String::from_utf8_lossy(&tag)
            ))
        })?;
        let offset = u64_at(bytes, at + 8);
        let len = u64_at(bytes, at + 16);
        let range = usize::try_from(offset)
            .ok()
            .zip(usize::try_from(len).ok())
            .and_then(|(o, l)| Some(o..o.checked_add(l)?))
            .filter(|r| r.start >= table_end && r.end <= bytes.len() && r.start % ALIGN == 0)
            .ok_or_else(|| {
                corrupt(format!(
                    "section {} at {offset}+{len} is outside the file or unaligned",
                    section.tag()
                ))
            })?;
        if ranges.iter().any(|(s, _)| *s == section) {
            return Err(corrupt(format!("section {} appears twice", section.tag())));
        }
        ranges.push((section, range));
    }
    let layout = Layout { ranges };
    for section in Section::ALL.into_iter().filter(|s| s.required()) {
        if layout.range(section).is_none() {
            return Err(corrupt(format!("section {} is missing", section.tag())));
        }
    }
    let words = layout.word_count();
    if let Some(&bad) = layout
        .range(Section::Pos)
        .and_then(|r| bytes[r].iter().find(|&&b| pos_from_code(b).is_none()))
    {
        return Err(corrupt(format!("pos table holds the unknown code {bad}")));
    }
    match (
        layout.range(Section::ReadingIdx),
        layout.range(Section::Readings),
    ) {
        (None, None) => {}
        (Some(idx), Some(text)) => {
            if idx.len() != (words + 1) * 4 {
                return Err(corrupt(format!(
                    "reading index has {} bytes for {words} words",
                    idx.len()
                )));
            }
            let offsets = &bytes[idx];
            let mut prev = 0;
            for i in 0..=words {
                let o = u32_at(offsets, i * 4) as usize;
                if o < prev || o > text.len() {
                    return Err(corrupt(format!("reading offset {i} is out of order")));
                }
                prev = o;
            }
            if std::str::from_utf8(&bytes[text]).is_err() {
                return Err(corrupt("readings are not UTF-8"));
            }
        }
        _ => return Err(corrupt("readings without their index, or the reverse")),
    }
    Ok(layout)
}

/// The reading of word `id` from a checked file's `readidx` and `readings` sections;
/// `None` when it has none (or `id` is out of range).
pub fn reading_at<'a>(idx: &[u8], readings: &'a [u8], id: usize) -> Option<&'a str> {
    let at = id.checked_mul(4)?;
    let start = u32_at(idx.get(at..at + 8)?, 0) as usize;
    let end = u32_at(idx.get(at..at + 8)?, 4) as usize;
    let r = std::str::from_utf8(readings.get(start..end)?).ok()?;
    (!r.is_empty()).then_some(r)
}

/// Lays `sections` out as a file: header, table, each section on a 16-byte boundary, and the
/// checksum. The caller supplies every required section once.
pub fn write(sections: &[(Section, &[u8])]) -> Vec<u8> {
    let table_end = HEADER_LEN + sections.len() * ENTRY_LEN;
    let align = |n: usize| n.div_ceil(ALIGN) * ALIGN;
    let total: usize = sections
        .iter()
        .fold(align(table_end), |at, (_, b)| align(at + b.len()));
    let mut out = vec![0u8; total];
    out[..8].copy_from_slice(&MAGIC);
    out[8..12].copy_from_slice(&VERSION.to_le_bytes());
    out[12..16].copy_from_slice(&(sections.len() as u32).to_le_bytes());
    let mut at = align(table_end);
    for (i, (section, bytes)) in sections.iter().enumerate() {
        let entry = HEADER_LEN + i * ENTRY_LEN;
        let tag = section.tag().as_bytes();
        out[entry..entry + tag.len()].copy_from_slice(tag);
        out[entry + 8..entry + 16].copy_from_slice(&(at as u64).to_le_bytes());
        out[entry + 16..entry + 24].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
        out[at..at + bytes.len()].copy_from_slice(bytes);
        at = align(at + bytes.len());
    }
    // The padding after the last section makes the total a multiple of 16 too.
    out.truncate(total);
    out[16..24].copy_from_slice(&(total as u64).to_le_bytes());
    let sum = xxhash_rust::xxh3::xxh3_64(&out[HEADER_LEN..]);
    out[24..32].copy_from_slice(&sum.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(readings: bool) -> Vec<u8> {
        let pos = [pos_code(Pos::Noun), pos_code(Pos::Particle)];
        let idx: Vec<u8> = [0u32, 6, 6].iter().flat_map(|o| o.to_le_bytes()).collect();
        let mut sections: Vec<(Section, &[u8])> = vec![
            (Section::Metadata, b"{}"),
            (Section::Trie, b"t"),
            (Section::ValsIdx, b"vi"),
            (Section::Vals, b"v"),
            (Section::Matrix, b"mmm"),
            (Section::CharDef, b"c"),
            (Section::Unk, b"u"),
            (Section::Pos, &pos),
        ];
        if readings {
            sections.push((Section::ReadingIdx, &idx));
            sections.push((Section::Readings, "クツ".as_bytes()));
        }
        sections.push((Section::Copying, b"licence"));
        write(&sections)
    }

    #[test]
    fn round_trip() {
        let bytes = sample(true);
        let layout = check(&bytes).unwrap();
        assert_eq!(&bytes[layout.range(Section::Matrix).unwrap()], b"mmm");
        assert_eq!(layout.word_count(), 2);
        assert!(layout.has_readings());
        let idx = &bytes[layout.range(Section::ReadingIdx).unwrap()];
        let text = &bytes[layout.range(Section::Readings).unwrap()];
        assert_eq!(reading_at(idx, text, 0), Some("クツ"));
        assert_eq!(reading_at(idx, text, 1), None);
        assert_eq!(reading_at(idx, text, 2), None);
        assert!(!check(&sample(false)).unwrap().has_readings());
        for r in Section::ALL {
            assert_eq!(layout.range(r).unwrap().start % ALIGN, 0);
        }
    }

    #[test]
    fn every_truncation_is_a_typed_error() {
        let bytes = sample(true);
        for len in 0..bytes.len() {
            let err = check(&bytes[..len]).unwrap_err();
            assert!(
                matches!(
                    err,
                    AnalyzerFileError::BadMagic | AnalyzerFileError::Truncated { .. }
                ),
                "{len}: {err:?}"
            );
        }
    }

    #[test]
    fn every_flipped_bit_is_caught() {
        let bytes = sample(true);
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x10;
            assert!(check(&bad).is_err(), "flip at {at} passed");
        }
    }

    #[test]
    fn version_and_magic() {
        let mut bytes = sample(false);
        bytes[8] = 9;
        assert_eq!(
            check(&bytes),
            Err(AnalyzerFileError::Version {
                expected: VERSION,
                got: 9
            })
        );
        assert_eq!(
            check(b"ICHIBA\0\0 not this"),
            Err(AnalyzerFileError::BadMagic)
        );
    }

    #[test]
    fn inconsistent_content_is_corrupt_even_with_a_good_checksum() {
        // A pos table with a code no writer produces, checksummed.
        let mut sections: Vec<(Section, &[u8])> = Section::ALL[..7]
            .iter()
            .map(|&s| (s, b"x" as &[u8]))
            .collect();
        sections.push((Section::Copying, b"licence"));
        sections.push((Section::Pos, &[42]));
        assert!(matches!(
            check(&write(&sections)),
            Err(AnalyzerFileError::Corrupt(_))
        ));
        // A required section missing.
        sections.remove(0);
        sections.pop();
        sections.push((Section::Pos, &[0]));
        assert!(matches!(
            check(&write(&sections)),
            Err(AnalyzerFileError::Corrupt(_))
        ));
    }

    #[test]
    fn pos_codes_round_trip() {
        for code in 0..=u8::MAX {
            if let Some(pos) = pos_from_code(code) {
                assert_eq!(pos_code(pos), code);
            }
        }
        assert_eq!(pos_from_code(10), None);
    }
}
