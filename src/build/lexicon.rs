//! Lexicon sources: the TSV schema documented in `dictionaries/README.md`, parsed and
//! validated row by row. Every error names its file and line.

use std::path::{Path, PathBuf};

use crate::dictionary::Kind;
use crate::error::{Error, Result};
use crate::format::MAX_WEIGHT;
use crate::text;

/// Longest surface accepted, in characters.
pub const MAX_SURFACE_CHARS: usize = 64;

/// One validated lexicon row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconEntry {
    /// The text inserted when the suggestion is taken.
    pub surface: String,
    /// Reading in hiragana, folded; `None` when the row gave none.
    pub reading: Option<String>,
    /// What the entry is.
    pub kind: Kind,
    /// Weight, higher is more common.
    pub weight: u32,
    /// Canonical entity id shared by variants; `None` when the row gave none.
    pub entity: Option<String>,
    /// Where the row came from.
    pub origin: Origin,
}

/// The file and 1-based line a row came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Source file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
}

impl Origin {
    /// A row error at this origin.
    pub fn error(&self, reason: impl Into<String>) -> Error {
        Error::Lexicon {
            path: self.path.clone(),
            line: self.line,
            reason: reason.into(),
        }
    }
}

/// Parses one lexicon file's text. `path` is only used in errors and origins.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Vec<LexiconEntry>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut out = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let origin = Origin {
            path: path.to_path_buf(),
            line: i + 1,
        };
        let line = std::str::from_utf8(raw)
            .map_err(|e| origin.error(format!("not UTF-8 (byte {})", e.valid_up_to() + 1)))?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        out.push(parse_row(line, origin)?);
    }
    Ok(out)
}

fn parse_row(line: &str, origin: Origin) -> Result<LexiconEntry> {
    let cols: Vec<&str> = line.split('\t').collect();
    if !(4..=5).contains(&cols.len()) {
        return Err(origin.error(format!(
            "expected 4 or 5 tab-separated columns (surface, reading, kind, weight, entity), found {}",
            cols.len()
        )));
    }
    let surface = cols[0];
    if surface.is_empty() {
        return Err(origin.error("empty surface"));
    }
    if surface.trim() != surface {
        return Err(origin.error(format!(
            "surface {surface:?} has leading or trailing spaces"
        )));
    }
    if let Some(c) = surface.chars().find(|c| c.is_control()) {
        return Err(origin.error(format!(
            "surface contains control character U+{:04X}",
            c as u32
        )));
    }
    if surface.chars().count() > MAX_SURFACE_CHARS {
        return Err(origin.error(format!(
            "surface longer than {MAX_SURFACE_CHARS} characters"
        )));
    }
    if text::fold(surface).is_empty() {
        return Err(origin.error(format!("surface {surface:?} has no searchable characters")));
    }
    let reading = match cols[1] {
        "" => None,
        r => {
            let folded = text::fold(r);
            if !text::is_reading(&folded) {
                return Err(origin.error(format!(
                    "reading {r:?} must be hiragana or katakana, digits allowed (leave it empty for Latin-only surfaces)"
                )));
            }
            Some(folded)
        }
    };
    let kind = cols[2].parse::<Kind>().map_err(|e| origin.error(e))?;
    let weight = cols[3]
        .parse::<u32>()
        .ok()
        .filter(|&w| w <= MAX_WEIGHT)
        .ok_or_else(|| {
            origin.error(format!(
                "weight {:?} is not a whole number from 0 to {MAX_WEIGHT}",
                cols[3]
            ))
        })?;
    let entity = match cols.get(4).copied().unwrap_or("") {
        "" => None,
        e if e
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b)) =>
        {
            Some(e.to_string())
        }
        e => {
            return Err(origin.error(format!(
                "entity {e:?} may only use a-z, 0-9, '_', '.' and '-'"
            )));
        }
    };
    Ok(LexiconEntry {
        surface: surface.to_string(),
        reading,
        kind,
        weight,
        entity,
        origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Result<LexiconEntry> {
        parse(Path::new("t.tsv"), line.as_bytes()).map(|mut v| v.remove(0))
    }

    fn reason(line: &str) -> String {
        one(line).unwrap_err().to_string()
    }

    #[test]
    fn parses_rows_and_skips_comments() {
        let text = "# brands\n\nシュプリーム\tしゅぷりーむ\tbrand\t900\tsupreme\nSupreme\tシュプリーム\tbrand\t800\tsupreme\r\nNIKE\t\tbrand\t10\n";
        let rows = parse(Path::new("b.tsv"), text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].reading.as_deref(), Some("しゅぷりーむ"));
        assert_eq!(rows[1].reading.as_deref(), Some("しゅぷりーむ"));
        assert_eq!(rows[1].origin.line, 4);
        assert_eq!(rows[2].reading, None);
        assert_eq!(rows[2].entity, None);
    }

    #[test]
    fn errors_name_file_and_line() {
        let err = parse(
            Path::new("dir/x.tsv"),
            "a\tあ\tbrand\t1\n\nb\tい\tbogus\t1\n".as_bytes(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "dir/x.tsv:3: unknown kind \"bogus\" (expected brand, category, item, attribute or phrase)"
        );
    }

    #[test]
    fn rejects_bad_rows() {
        assert!(reason("a\tあ\tbrand").contains("columns"));
        assert!(reason("\tあ\tbrand\t1").contains("empty surface"));
        assert!(reason("a\tabc\tbrand\t1").contains("reading"));
        assert!(reason("a\tあ\tbrand\t-1").contains("weight"));
        assert!(reason("a\tあ\tbrand\t99999999999").contains("weight"));
        assert!(reason("a\tあ\tbrand\t1\tBad Id").contains("entity"));
        assert!(reason("a\u{7}\tあ\tbrand\t1").contains("control"));
        assert!(reason(" a\tあ\tbrand\t1").contains("spaces"));
        assert!(reason("・\tあ\tbrand\t1").contains("searchable"));
        let err = parse(Path::new("u.tsv"), b"ok\t\xff\tbrand\t1").unwrap_err();
        assert!(err.to_string().starts_with("u.tsv:1: not UTF-8"));
    }
}
