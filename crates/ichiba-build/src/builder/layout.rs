//! Phase 8: the layout. The sections follow the header in [`format::Section`] order, each
//! aligned to 8 bytes; the header records where each one is and checksums the body.

use ichiba::format::{self, HEADER_LEN, Header, SECTIONS};

/// The artifact's bytes and its section table (`(offset, length)` per section).
pub(super) struct Laid {
    /// The whole artifact.
    pub bytes: Vec<u8>,
    /// The header written.
    pub header: Header,
}

/// What the header counts.
pub(super) struct Counts {
    pub entries: u32,
    pub entities: u32,
    pub entity_records: u32,
    pub reading_keys: u32,
    pub surface_keys: u32,
}

/// Lays out `parts` (one per section, in order) after the header, in one buffer: each part
/// is freed once copied, so a build never holds its body twice.
pub(super) fn lay_out(parts: [Vec<u8>; SECTIONS], counts: Counts, build_id: [u8; 16]) -> Laid {
    let total = HEADER_LEN + parts.iter().map(|p| p.len() + 7).sum::<usize>();
    let mut bytes = Vec::with_capacity(total);
    bytes.resize(HEADER_LEN, 0);
    let mut sections = [(0u64, 0u64); SECTIONS];
    for (part, slot) in parts.into_iter().zip(&mut sections) {
        while !bytes.len().is_multiple_of(8) {
            bytes.push(0);
        }
        *slot = (bytes.len() as u64, part.len() as u64);
        bytes.extend_from_slice(&part);
    }
    let header = Header {
        entries: counts.entries,
        entities: counts.entities,
        entity_records: counts.entity_records,
        reading_keys: counts.reading_keys,
        surface_keys: counts.surface_keys,
        build_id,
        sections,
        body_checksum: 0,
    };
    header.write_into(&mut bytes);
    Laid { bytes, header }
}

/// Section lengths by name, for the manifest.
pub(super) fn section_sizes(header: &Header) -> std::collections::BTreeMap<String, u64> {
    format::Section::ALL
        .iter()
        .zip(header.sections)
        .map(|(s, (_, len))| (s.name().to_string(), len))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_aligned_and_in_order() {
        let parts: [&[u8]; SECTIONS] = [
            b"abc", b"", b"k", b"", b"defgh", b"i", b"", b"", b"", b"", b"", b"j", b"lm",
        ];
        let owned = parts.map(<[u8]>::to_vec);
        let counts = Counts {
            entries: 1,
            entities: 1,
            entity_records: 0,
            reading_keys: 1,
            surface_keys: 0,
        };
        let laid = lay_out(owned, counts, [7; 16]);
        let mut end = HEADER_LEN as u64;
        for ((off, len), part) in laid.header.sections.iter().zip(parts) {
            assert_eq!(off % 8, 0);
            assert!(*off >= end);
            assert_eq!(*len, part.len() as u64);
            assert_eq!(&laid.bytes[*off as usize..(off + len) as usize], part);
            end = off + len;
        }
        assert_eq!(laid.bytes.len() as u64, end);
        assert_eq!(section_sizes(&laid.header)["surface fst"], 0);
        // The same bytes as the header writing the body after itself.
        assert_eq!(laid.bytes, laid.header.write(&laid.bytes[HEADER_LEN..]));
    }
}
