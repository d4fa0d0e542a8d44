//! The corpus statistics as the Spark job (`mining/`) writes them: a folder of part files
//! in the counts format, read back and merged into a [`Mined`] that `ichiba build --counts`
//! folds into the dictionary exactly as it does one mined from a tantivy index.
//!
//! # Format (version [`VERSION`])
//!
//! UTF-8 text, one record per line. The first line of every part file is the header
//! [`HEADER`] followed by the version (`ichiba-counts\t1`); then rows of four tab-separated
//! fields, `kind`, `key`, `key2`, `count`:
//!
//! | kind       | key        | key2      | count                                         |
//! |------------|------------|-----------|-----------------------------------------------|
//! | `listings` | (empty)    | (empty)   | listings read                                 |
//! | `df`       | entity id  | (empty)   | listings mentioning the entity                |
//! | `cdf`      | category   | entity id | listings of the category mentioning it        |
//! | `pair`     | prev id    | next id   | occurrences of the next-word pair             |
//! | `phrase`   | phrase     | (empty)   | listings with this run of unknown nouns       |
//!
//! In `key` and `key2`, `\\`, a tab, a line feed and a carriage return are written `\\\\`,
//! `\\t`, `\\n`, `\\r`. A key may appear in several parts (or several times): the counts are
//! summed. Files whose name starts with `_` or `.` (Spark's `_SUCCESS`, `.crc` files) are not
//! parts. Proposals are cut from the summed phrase counts as the tantivy path cuts them
//! ([`super::mine::proposals`]).

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::mine::{self, Mined};
use crate::error::{BuildError as Error, Result};

/// The first field of every part's first line.
pub const HEADER: &str = "ichiba-counts";
/// The counts format version this build reads (and `mining/` writes).
pub const VERSION: u32 = 1;

/// The part files of a counts folder, by name.
pub fn parts(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut parts = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('_') || name.starts_with('.') {
            continue;
        }
        let file_type = entry.file_type().map_err(|e| Error::io(entry.path(), e))?;
        if file_type.is_file() {
            parts.push(entry.path());
        }
    }
    parts.sort();
    if parts.is_empty() {
        return Err(Error::NoCounts(dir.to_path_buf()));
    }
    Ok(parts)
}

/// Reads and merges every part of the counts folder `dir`.
///
/// # Errors
///
/// [`Error::NoCounts`] if `dir` holds no part (or the parts no `listings` row),
/// [`Error::CountsVersion`] for a part of another format version, [`Error::CountsLine`]
/// naming the part and line of a malformed row, [`Error::Io`] if a part cannot be read.
pub fn read(dir: &Path) -> Result<Mined> {
    let mut mined = Mined::default();
    let mut phrases = BTreeMap::new();
    let mut listings: u64 = 0;
    for part in parts(dir)? {
        read_part(&part, &mut mined, &mut phrases, &mut listings)?;
    }
    if listings == 0 {
        return Err(Error::NoCounts(dir.to_path_buf()));
    }
    mined.listings = usize::try_from(listings)
        .map_err(|_| Error::Index(format!("{listings} listings do not fit this machine")))?;
    mined.proposals = mine::proposals(phrases);
    Ok(mined)
}

fn read_part(
    path: &Path,
    mined: &mut Mined,
    phrases: &mut BTreeMap<String, u32>,
    listings: &mut u64,
) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let bad = |line: usize, reason: String| Error::CountsLine {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let mut header = false;
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let n = i + 1;
        let line = line.map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => bad(n, "not UTF-8".into()),
            _ => Error::io(path, e),
        })?;
        if !header {
            let (name, version) = line.split_once('\t').unwrap_or((&line, ""));
            if name != HEADER {
                return Err(bad(
                    n,
                    format!("expected the header `{HEADER}<TAB>{VERSION}`, found {line:?}"),
                ));
            }
            let got: u32 = version
                .parse()
                .map_err(|_| bad(n, format!("bad format version {version:?}")))?;
            if got != VERSION {
                return Err(Error::CountsVersion {
                    path: path.to_path_buf(),
                    expected: VERSION,
                    got,
                });
            }
            header = true;
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [kind, key, key2, count] = fields[..] else {
            return Err(bad(
                n,
                format!(
                    "expected 4 tab-separated fields (kind, key, key2, count), found {}",
                    fields.len()
                ),
            ));
        };
        let count: u32 = count
            .parse()
            .ok()
            .filter(|&c| c > 0)
            .ok_or_else(|| bad(n, format!("count {count:?} is not a positive integer")))?;
        let key = unescape(key).map_err(|r| bad(n, r))?;
        let key2 = unescape(key2).map_err(|r| bad(n, r))?;
        let need = |ok: bool, what: &str| match ok {
            true => Ok(()),
            false => Err(bad(n, format!("a `{kind}` row {what}"))),
        };
        let overflow = || bad(n, format!("the summed count of this {kind} overflows u32"));
        let add = |slot: &mut u32| -> Result<()> {
            *slot = slot.checked_add(count).ok_or_else(overflow)?;
            Ok(())
        };
        match kind {
            "listings" => {
                need(key.is_empty() && key2.is_empty(), "has empty keys")?;
                *listings += u64::from(count);
            }
            "df" => {
                need(
                    !key.is_empty() && key2.is_empty(),
                    "has an entity and no key2",
                )?;
                add(mined.doc_freq.entry(key).or_default())?;
            }
            "cdf" => {
                need(
                    !key.is_empty() && !key2.is_empty(),
                    "has a category and an entity",
                )?;
                add(mined.category_doc_freq.entry((key, key2)).or_default())?;
            }
            "pair" => {
                need(!key.is_empty() && !key2.is_empty(), "has two entities")?;
                add(mined.pairs.entry((key, key2)).or_default())?;
            }
            "phrase" => {
                need(
                    !key.is_empty() && key2.is_empty(),
                    "has a phrase and no key2",
                )?;
                add(phrases.entry(key).or_default())?;
            }
            other => {
                return Err(bad(
                    n,
                    format!("unknown kind {other:?} (listings, df, cdf, pair, phrase)"),
                ));
            }
        }
    }
    if !header {
        return Err(bad(1, format!("empty part: no `{HEADER}` header")));
    }
    Ok(())
}

/// `mined` as one part in the counts format: the header, then the `listings`, `df`, `cdf`
/// and `pair` rows, each kind sorted by key, so two paths that mined the same corpus write
/// the same bytes (`ichiba build --mined-counts`; `mining/test.sh` compares the tantivy
/// path's with the Spark job's). Phrase counts are not kept once the proposals are cut, so
/// they are compared as proposals instead.
pub fn to_part(mined: &Mined) -> String {
    let mut out = format!("{HEADER}\t{VERSION}\nlistings\t\t\t{}\n", mined.listings);
    for (entity, n) in &mined.doc_freq {
        out.push_str(&format!("df\t{}\t\t{n}\n", escape(entity)));
    }
    for ((category, entity), n) in &mined.category_doc_freq {
        out.push_str(&format!(
            "cdf\t{}\t{}\t{n}\n",
            escape(category),
            escape(entity)
        ));
    }
    for ((prev, next), n) in &mined.pairs {
        out.push_str(&format!("pair\t{}\t{}\t{n}\n", escape(prev), escape(next)));
    }
    out
}

/// The key escaping of the format (`\\`, `\t`, `\n`, `\r`), undone by [`unescape`].
fn escape(key: &str) -> std::borrow::Cow<'_, str> {
    if !key.contains(['\\', '\t', '\n', '\r']) {
        return key.into();
    }
    let mut out = String::with_capacity(key.len() + 2);
    for c in key.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.into()
}

/// Undoes the key escaping of the format (`\\`, `\t`, `\n`, `\r`).
fn unescape(field: &str) -> std::result::Result<String, String> {
    if !field.contains('\\') {
        return Ok(field.to_string());
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            other => {
                return Err(format!(
                    "bad escape \\{} in {field:?}",
                    other.unwrap_or(' ')
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn parts_are_merged_and_spark_markers_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            d,
            "part-00000",
            "ichiba-counts\t1\nlistings\t\t\t3\ndf\tbrand:1\t\t2\npair\tbrand:1\titem:2\t1\nphrase\t値下げ交渉\t\t2\n",
        );
        write(
            d,
            "part-00001",
            "ichiba-counts\t1\nlistings\t\t\t2\ndf\tbrand:1\t\t1\ncdf\tcat_mens\tbrand:1\t1\npair\tbrand:1\titem:2\t4\nphrase\t値下げ交渉\t\t1\nphrase\ta\\tb\t\t5\n",
        );
        write(d, "_SUCCESS", "");
        write(d, ".part-00000.crc", "garbage");
        let mined = read(d).unwrap();
        assert_eq!(mined.listings, 5);
        assert_eq!(mined.doc_freq["brand:1"], 3);
        assert_eq!(
            mined.category_doc_freq[&("cat_mens".into(), "brand:1".into())],
            1
        );
        assert_eq!(mined.pairs[&("brand:1".into(), "item:2".into())], 5);
        assert_eq!(
            mined.proposals,
            [("a\tb".to_string(), 5), ("値下げ交渉".to_string(), 3)],
            "summed across parts, then cut at 3 listings"
        );
    }

    #[test]
    fn a_written_part_reads_back_the_same_counts() {
        let mut mined = Mined {
            listings: 7,
            ..Mined::default()
        };
        mined.doc_freq.insert("brand:1".into(), 3);
        mined.doc_freq.insert("a\\b\tc\nd\re".into(), 1);
        mined
            .category_doc_freq
            .insert(("cat_mens".into(), "brand:1".into()), 2);
        mined.pairs.insert(("brand:1".into(), "item:2".into()), 4);
        let dir = tempfile::tempdir().unwrap();
        let part = to_part(&mined);
        write(dir.path(), "part-00000", &part);
        assert_eq!(read(dir.path()).unwrap(), mined);
        assert_eq!(part.lines().count(), 6, "{part}");
        assert!(part.contains("df\ta\\\\b\\tc\\nd\\re\t\t1\n"), "{part}");
    }

    #[test]
    fn a_malformed_row_names_its_part_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "part-00000", "ichiba-counts\t1\nlistings\t\t\t3\n");
        write(
            d,
            "part-00001",
            "ichiba-counts\t1\ndf\tbrand:1\t\t2\npair\tbrand:1\t\tx\n",
        );
        match read(d).unwrap_err() {
            Error::CountsLine { path, line, reason } => {
                assert!(path.ends_with("part-00001"), "{path:?}");
                assert_eq!(line, 3);
                assert!(reason.contains("positive integer"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        let message = read(d).unwrap_err().to_string();
        assert!(message.contains("part-00001:3:"), "{message}");
    }

    #[test]
    fn bad_headers_versions_fields_and_kinds_are_refused() {
        let cases: [(&str, usize); 6] = [
            ("df\tbrand:1\t\t2\n", 1),
            ("ichiba-counts\t1\ndf\tbrand:1\t2\n", 2),
            ("ichiba-counts\t1\nlistings\t\t\t1\nword\tx\t\t1\n", 3),
            ("ichiba-counts\t1\npair\tbrand:1\t\t1\n", 2),
            ("ichiba-counts\t1\nphrase\ta\\x\t\t1\n", 2),
            ("", 1),
        ];
        for (text, want) in cases {
            let dir = tempfile::tempdir().unwrap();
            write(dir.path(), "part-00000", text);
            match read(dir.path()).unwrap_err() {
                Error::CountsLine { line, .. } => assert_eq!(line, want, "{text:?}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "part-00000",
            "ichiba-counts\t2\nlistings\t\t\t1\n",
        );
        assert!(matches!(
            read(dir.path()).unwrap_err(),
            Error::CountsVersion {
                expected: 1,
                got: 2,
                ..
            }
        ));
    }

    #[test]
    fn a_folder_without_parts_or_listings_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "_SUCCESS", "");
        assert!(matches!(read(dir.path()), Err(Error::NoCounts(_))));
        write(dir.path(), "part-00000", "ichiba-counts\t1\n");
        assert!(matches!(read(dir.path()), Err(Error::NoCounts(_))));
    }
}
