//! The lint behind `ichiba lint`: every rule the dictionary sources must follow beyond what
//! one row of the [`lexicon`](crate::lexicon) parser checks, reported all at once.
//!
//! [`lint`] reads a dictionaries directory (`dictionaries/` in this repository):
//!
//! * `lexicon/*.tsv`: each file through its own parser ([`SourceKind`]), every bad row one
//!   [`Problem`]; then, for the hand-kept files (`brands*.tsv`, `categories.tsv`,
//!   `items.tsv`, `attributes.tsv`, `phrases.tsv`; each but the brands must exist), the
//!   rules of the lexicon as a whole (see [`lexicon`]);
//! * `lexicon/category_tree.tsv`: the category tree (see [`tree`]);
//! * `corpus/*.jsonl`: the development listing corpus (see [`corpus`]).
//!
//! The evaluation cases (`eval/cases.tsv`) are checked beside their parser, by
//! `ichiba_lab::eval::lint`, against [`surfaces`].

pub mod corpus;
pub mod lexicon;
pub mod tree;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{BuildError, Result};
use crate::lexicon::{self as source, SourceKind};

/// One rule broken: where and why. Displays as `file:line: reason` (line 0 for a problem of
/// the whole file).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file (or, for a rule over several files, their directory).
    pub path: PathBuf,
    /// The 1-based line, or 0 for the whole file.
    pub line: usize,
    /// The rule broken.
    pub reason: String,
}

impl Problem {
    /// A problem at `line` of `path`.
    pub fn new(path: impl Into<PathBuf>, line: usize, reason: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            line,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.reason)
    }
}

impl From<BuildError> for Problem {
    /// A parser's row error as a problem at its file and line; any other error at line 0.
    fn from(e: BuildError) -> Problem {
        match e {
            BuildError::Lexicon { path, line, reason }
            | BuildError::CorpusLine { path, line, reason } => Problem { path, line, reason },
            BuildError::Io { path, error } => Problem::new(path, 0, error.to_string()),
            e => Problem::new("", 0, e.to_string()),
        }
    }
}

/// Lints the dictionaries directory `dir` (holding `lexicon/` and `corpus/`). Returns every
/// problem found, sorted by file and line; an empty list means the sources pass. Errors
/// only when `dir/lexicon` cannot be listed or a file in it cannot be read.
pub fn lint(dir: &Path) -> Result<Vec<Problem>> {
    let lexicon_dir = dir.join("lexicon");
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let tree_path = lexicon_dir.join(tree::FILE);
    let mut tree_bytes = None;
    let files = crate::lexicon_files(&lexicon_dir)?;
    for (name, _, _) in lexicon::FILES {
        let path = lexicon_dir.join(name);
        if !files.contains(&path) {
            problems.push(Problem::new(path, 0, "missing file"));
        }
    }
    for path in files {
        let bytes = std::fs::read(&path).map_err(|e| BuildError::io(&path, e))?;
        let kind = SourceKind::of(&path);
        // Master data is kept as the marketplace serves it: its own text conventions.
        if !matches!(kind, SourceKind::Facets(_)) {
            problems.extend(text_problems(&path, &bytes));
        }
        match kind {
            SourceKind::Facets(_) => {
                if let Err(e) = crate::facets::parse(&path, &bytes) {
                    problems.push(Problem::from(e));
                }
            }
            SourceKind::Lexicon => {
                let parsed = source::parse_all(&path, &bytes);
                problems.extend(parsed.errors.into_iter().map(Problem::from));
                rows.extend(lexicon::rows(&path, &bytes, parsed.rows));
            }
            SourceKind::Blocklist => {
                let parsed = source::parse_blocklist_all(&path, &bytes);
                problems.extend(parsed.errors.into_iter().map(Problem::from));
            }
            SourceKind::Pairs => {
                let parsed = source::parse_pairs_all(&path, &bytes);
                problems.extend(parsed.errors.into_iter().map(Problem::from));
            }
            SourceKind::CategoryLinks => {
                if let Err(e) = source::parse_category_links(&path, &bytes) {
                    problems.push(Problem::from(e));
                }
            }
            SourceKind::CategoryTree if path == tree_path => tree_bytes = Some(bytes),
            SourceKind::CategoryTree => {
                let parsed = source::parse_category_tree_all(&path, &bytes);
                problems.extend(parsed.errors.into_iter().map(Problem::from));
            }
        }
    }
    problems.extend(lexicon::check(&lexicon_dir, &rows));
    let tops = match tree_bytes {
        Some(bytes) => tree::check(&tree_path, &bytes, &rows, &mut problems),
        None => {
            problems.push(Problem::new(&tree_path, 0, "missing file"));
            HashSet::new()
        }
    };
    problems.extend(corpus::check(&dir.join("corpus"), &tops)?);
    problems.sort();
    problems.dedup();
    Ok(problems)
}

/// The surfaces of every valid lexicon row and master-data word under `dir/lexicon` (not
/// the block list, the pairs or the tree): what an evaluation case may expect.
pub fn surfaces(dir: &Path) -> Result<HashSet<String>> {
    let mut out = HashSet::new();
    for path in crate::lexicon_files(&dir.join("lexicon"))? {
        let rows = match SourceKind::of(&path) {
            SourceKind::Lexicon => {
                let bytes = std::fs::read(&path).map_err(|e| BuildError::io(&path, e))?;
                source::parse_all(&path, &bytes).rows
            }
            SourceKind::Facets(_) => {
                let bytes = std::fs::read(&path).map_err(|e| BuildError::io(&path, e))?;
                crate::facets::parse(&path, &bytes).map_or_else(|_| Vec::new(), |f| f.rows)
            }
            _ => continue,
        };
        out.extend(rows.into_iter().map(|r| r.surface));
    }
    Ok(out)
}

/// The plain-text rules of a source file: LF line endings (no CR), a final newline, no
/// trailing whitespace and no whitespace-only lines. Invalid UTF-8 is left to the parsers.
pub fn text_problems(path: &Path, bytes: &[u8]) -> Vec<Problem> {
    let mut out = Vec::new();
    let text = String::from_utf8_lossy(bytes);
    if text.contains('\r') {
        out.push(Problem::new(path, 0, "CR characters (use LF line endings)"));
    }
    if !text.is_empty() && !text.ends_with('\n') {
        out.push(Problem::new(path, 0, "no final newline"));
    }
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        if line.trim().is_empty() {
            out.push(Problem::new(path, i + 1, "whitespace-only line"));
        } else if line.trim_end() != line {
            out.push(Problem::new(path, i + 1, "trailing whitespace"));
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A fixture file `name` under `dir` with `text`.
    pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Whether some problem's display ends with `needle`'s `file:line: reason` suffix.
    pub fn has(problems: &[Problem], needle: &str) -> bool {
        problems.iter().any(|p| p.to_string().contains(needle))
    }

    #[test]
    fn problems_display_as_file_line_reason() {
        let p = Problem::new("lexicon/items.tsv", 12, "bad");
        assert_eq!(p.to_string(), "lexicon/items.tsv:12: bad");
        let e = BuildError::Lexicon {
            path: "x.tsv".into(),
            line: 3,
            reason: "why".into(),
        };
        assert_eq!(Problem::from(e), Problem::new("x.tsv", 3, "why"));
    }

    #[test]
    fn text_rules() {
        let p = Path::new("t.tsv");
        let reasons = |text: &str| -> Vec<String> {
            text_problems(p, text.as_bytes())
                .iter()
                .map(|p| p.to_string())
                .collect()
        };
        assert!(reasons("a\tb\n# c\n\nd\n").is_empty());
        assert_eq!(
            reasons("a\r\nb\n"),
            ["t.tsv:0: CR characters (use LF line endings)"]
        );
        assert_eq!(reasons("a\nb"), ["t.tsv:0: no final newline"]);
        assert_eq!(reasons("a\n# c \n"), ["t.tsv:2: trailing whitespace"]);
        assert_eq!(reasons("a\t \n"), ["t.tsv:1: trailing whitespace"]);
        assert_eq!(reasons("a\n \t\n"), ["t.tsv:2: whitespace-only line"]);
    }

    #[test]
    fn every_file_goes_through_its_parser() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "lexicon/extra.tsv", "a\tあ\tbogus\t1\n");
        write(
            dir.path(),
            "lexicon/blocklist.tsv",
            "偽物\tにせもの\tFake!\n",
        );
        write(dir.path(), "lexicon/next.tsv", "nike\tx\n");
        let problems = lint(dir.path()).unwrap();
        for needle in [
            "extra.tsv:1: unknown kind",
            "blocklist.tsv:1: reason",
            "next.tsv:1: expected 3",
            "category_tree.tsv:0: missing file",
            "lexicon/items.tsv:0: missing file",
        ] {
            assert!(has(&problems, needle), "{needle}: {problems:#?}");
        }
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(lint(&dir.path().join("nowhere")).is_err());
    }
}
