//! Phase 5: the string pool, the entry records and the keys. The pool starts with the
//! [`format::CharTable`] of the entries' surfaces (kanji in two bytes); each entry's surface
//! goes in the pool, then, when its reading is not the folded surface, its position in the
//! reading rank array (the reading is the key whose range holds it); the entity ids follow,
//! deduplicated. The entry table ([`format::write_entry_table`]) holds a code byte per entry,
//! string offsets per block of entries and the runs of equal weight.

use std::collections::{BTreeMap, HashMap};

use ichiba::dictionary::{FLAG_BLOCKED, FLAG_READING_INFERRED};
use ichiba::format::{self, EntryRecord};
use ichiba::text;

use super::entities::Entities;
use crate::error::{BuildError as Error, Result};
use crate::lexicon::LexiconEntry;

/// What the entries put in the artifact.
pub(super) struct Records {
    /// The string pool (entry strings; [`entity_section`] appends the entity ids).
    pub pool: Vec<u8>,
    /// One record per entry.
    pub records: Vec<EntryRecord>,
    /// `(reading key, entry)` for every entry with a reading, the key in the reading
    /// alphabet.
    pub reading_keys: Vec<(String, u64)>,
    /// `(folded surface, entry)` for every entry not found by its reading already.
    pub surface_keys: Vec<(String, u64)>,
    /// Entries per kind.
    pub kinds: BTreeMap<String, u32>,
}

/// Lays out the strings, records and keys of `entries` (in entry order, with whether each
/// reading was inferred).
pub(super) fn entries(entries: &[(&LexiconEntry, bool)], entities: &Entities) -> Result<Records> {
    let table = format::CharTable::from_texts(entries.iter().map(|(row, _)| row.surface.as_str()));
    let mut pool = Vec::new();
    table.write(&mut pool);
    let mut out = Records {
        pool,
        records: Vec::with_capacity(entries.len()),
        reading_keys: Vec::with_capacity(entries.len()),
        surface_keys: Vec::with_capacity(entries.len()),
        kinds: BTreeMap::new(),
    };
    for (i, (row, _)) in entries.iter().enumerate() {
        if let Some(r) = row.reading.as_deref() {
            out.reading_keys.push((reading_key(row, r)?, i as u64));
        }
    }
    // Each entry's position in the reading rank array: its pair's place in key order.
    out.reading_keys.sort_unstable();
    let mut reading_at = vec![u32::MAX; entries.len()];
    for (p, (_, i)) in out.reading_keys.iter().enumerate() {
        reading_at[*i as usize] = p as u32;
    }
    for (i, (row, inferred)) in entries.iter().enumerate() {
        let folded_surface = text::fold(&row.surface);
        let reading = row.reading.as_deref();
        let stored = matches!(reading, Some(r) if r != folded_surface).then(|| reading_at[i]);
        if reading != Some(folded_surface.as_str()) {
            out.surface_keys.push((folded_surface, i as u64));
        }
        let entity = entities.record_field(i);
        let surface =
            format::write_entry_strings(&mut out.pool, &table, &row.surface, stored, entity);
        let flag = |on: bool, flag: u8| if on { flag } else { 0 };
        out.records.push(EntryRecord {
            surface,
            reading: stored,
            entity,
            weight: row.weight,
            kind: row.kind.code(),
            flags: flag(*inferred, FLAG_READING_INFERRED)
                | flag(row.blocked.is_some(), FLAG_BLOCKED),
        });
        *out.kinds.entry(row.kind.as_str().to_string()).or_default() += 1;
    }
    check_pool(&out.pool)?;
    Ok(out)
}

/// The entity records (id offset, Japanese and Latin main forms), interning each id in
/// `pool`.
pub(super) fn entity_section(entities: &Entities, pool: &mut Vec<u8>) -> Result<Vec<u8>> {
    let mut section = Vec::with_capacity(entities.record_ids.len() * format::ENTITY_SIZE);
    let mut interned: HashMap<&str, u32> = HashMap::new();
    for (e, id) in entities.record_ids.iter().enumerate() {
        let off = *interned.entry(id).or_insert_with(|| {
            let off = pool.len() as u32;
            format::write_str(pool, id);
            off
        });
        section.extend_from_slice(&off.to_le_bytes());
        for form in entities.forms[e] {
            section.extend_from_slice(&form.to_le_bytes());
        }
    }
    check_pool(pool)?;
    Ok(section)
}

/// The entry table for `records`, in blocks of [`format::ENTRY_BLOCK_LOG2`].
pub(super) fn pack(records: &[EntryRecord]) -> Vec<u8> {
    format::write_entry_table(records, format::ENTRY_BLOCK_LOG2)
}

/// A reading in the reading alphabet ([`format::reading_key_byte`]): ASCII, so still a
/// `String` for the fst builder.
fn reading_key(row: &LexiconEntry, reading: &str) -> Result<String> {
    let mut key = Vec::with_capacity(reading.len() / 3 + 1);
    if !format::encode_reading_key(reading, &mut key) {
        return Err(row.origin.error(format!(
            "reading {reading:?} has a character a reading cannot have"
        )));
    }
    Ok(String::from_utf8(key).expect("the reading alphabet is ASCII"))
}

fn check_pool(pool: &[u8]) -> Result<()> {
    match u32::try_from(pool.len()) {
        Ok(_) => Ok(()),
        Err(_) => Err(Error::TooLarge("string pool over 4 GiB".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::super::entities;
    use super::*;
    use crate::builder::tests::row;

    #[test]
    fn readings_equal_to_the_folded_surface_are_not_stored_twice() {
        let kata = row("ナイキ", Some("ないき"), 9);
        let kanji = row("財布", Some("さいふ"), 5);
        let latin = row("Supreme", None, 4);
        let rows = [&kata, &kanji, &latin];
        let ents = entities::assign(&rows, |_| true);
        let with_flags: Vec<_> = rows.iter().map(|&r| (r, false)).collect();
        let out = entries(&with_flags, &ents).unwrap();
        let readings: Vec<String> = out
            .reading_keys
            .iter()
            .map(|k| {
                k.0.bytes()
                    .map(|b| format::reading_key_char(b).unwrap())
                    .collect()
            })
            .collect();
        // In key order: the order of the reading rank array.
        assert_eq!(readings, ["さいふ", "ないき"]);
        assert!(out.reading_keys.iter().all(|k| k.0.len() == 3));
        // ナイキ folds to its reading; 財布 and Supreme are found by their surfaces too.
        let surfaces: Vec<&str> = out.surface_keys.iter().map(|k| k.0.as_str()).collect();
        assert_eq!(surfaces, ["財布", "supreme"]);
        let stored: Vec<Option<u32>> = out.records.iter().map(|r| r.reading).collect();
        // 財布's pair comes first in key order (さいふ before ないき).
        assert_eq!(stored, [None, Some(0), None]);
        // Pool: the char table, "ナイキ", "財布" + its reading position, "Supreme".
        assert_eq!(
            out.records[2].surface as usize,
            out.pool.len() - "Supreme".len() - 1
        );
        assert_eq!(out.kinds["item"], 3);
    }

    #[test]
    fn packed_records_read_back() {
        let a = row("ナイキ", Some("ないき"), 9);
        let b = row("財布", Some("さいふ"), 1_000);
        let rows = [&b, &a];
        let ents = entities::assign(&rows, |_| true);
        let with_flags: Vec<_> = rows.iter().map(|&r| (r, true)).collect();
        let out = entries(&with_flags, &ents).unwrap();
        assert!(
            out.records
                .iter()
                .all(|r| r.flags & FLAG_READING_INFERRED != 0)
        );
        let bytes = pack(&out.records);
        assert_eq!(
            bytes.len(),
            format::EntryTable::section_len(2, format::ENTRY_BLOCK_LOG2, 2)
        );
        format::EntryTable::read(&bytes, 2).unwrap();
    }
}
