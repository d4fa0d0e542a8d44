//! Quality-regression cases in the Mozc style.
//!
//! A case file has one case per line, five fields separated by tabs (shown here as two
//! spaces):
//!
//! ```text
//! # label  key  expected  command  rank
//! brand  しゅぷ  シュプリーム  Prediction Expected  3
//! item  ナイキのすに  スニーカー  Prediction Expected  3
//! brand  しゅぷ  シャネル  Prediction Not Expected  1
//! ```
//!
//! * `label` groups cases for the pass rates (brand, item, phrase, romaji …);
//! * `key` is the whole text typed, verbatim (not trimmed: `ナイキ ` with its trailing space
//!   asks for next words); the cursor is at its end and the field is [`Field::Free`] unless
//!   the runner is told otherwise;
//! * `expected` is a suggestion surface, compared exactly;
//! * `command` is `Prediction Expected` (the surface must be among the top `rank`
//!   suggestions) or `Prediction Not Expected` (it must not be);
//! * `rank` is 1 to [`MAX_TOP_K`];
//! * an optional sixth field is the form being filled ([`Context`]): space-separated
//!   `category=NODE`, `brand=ENTITY` and `field=FIELD` (`category=ladies/bags`,
//!   `field=brand category=mens`); a case's field overrides the runner's.
//!
//! Lines starting with `#` and blank lines are skipped; a trailing `\r` is ignored. Any
//! other malformed line is an [`Error::Eval`](crate::LabError::Eval) naming `file:line`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{line_error, read_text};
use ichiba::{Engine, Field, MAX_TOP_K, Request};

use crate::error::Result;

/// Surfaces recorded for a failure: what the user saw instead (at least `rank` of them,
/// capped at [`MAX_TOP_K`]).
pub const SHOWN: usize = 5;

/// What a case checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Command {
    /// `Prediction Expected`: the surface is among the top `rank` suggestions.
    #[serde(rename = "Prediction Expected")]
    Expected,
    /// `Prediction Not Expected`: the surface is not among the top `rank` suggestions.
    #[serde(rename = "Prediction Not Expected")]
    NotExpected,
}

impl Command {
    /// The command as written in case files.
    pub fn as_str(self) -> &'static str {
        match self {
            Command::Expected => "Prediction Expected",
            Command::NotExpected => "Prediction Not Expected",
        }
    }
}

impl std::fmt::Display for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One case of a case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    /// The 1-based line it was read from.
    pub line: usize,
    /// Its group.
    pub label: String,
    /// The text typed, cursor at its end.
    pub key: String,
    /// The suggestion surface the case is about.
    pub expected: String,
    /// What is checked about it.
    pub command: Command,
    /// How many top suggestions are looked at (1 to [`MAX_TOP_K`]).
    pub rank: usize,
    /// The form being filled (empty for most cases).
    #[serde(skip_serializing_if = "Context::is_empty")]
    pub context: Context,
}

/// What the listing form has selected when a case is typed: the sixth field of a case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Context {
    /// The selected category, a tree node id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The selected brand, an entity id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// The field typed in, instead of the runner's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
}

impl Context {
    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        *self == Context::default()
    }

    /// Parses `category=… brand=… field=…` (any order, each at most once).
    pub fn parse(text: &str) -> std::result::Result<Context, String> {
        let mut c = Context::default();
        for item in text.split(' ').filter(|s| !s.is_empty()) {
            let (key, value) = item
                .split_once('=')
                .filter(|(_, v)| !v.is_empty())
                .ok_or_else(|| format!("context {item:?} is not key=value"))?;
            let twice = || format!("context {key:?} given twice");
            match key {
                "category" if c.category.is_none() => c.category = Some(value.into()),
                "brand" if c.brand.is_none() => c.brand = Some(value.into()),
                "field" if c.field.is_none() => c.field = Some(value.parse::<Field>()?),
                "category" | "brand" | "field" => return Err(twice()),
                _ => {
                    return Err(format!(
                        "unknown context {key:?} (expected category, brand or field)"
                    ));
                }
            }
        }
        Ok(c)
    }
}

/// Reads and parses a case file.
pub fn read(path: &Path) -> Result<Vec<Case>> {
    parse(path, &read_text(path)?)
}

/// Parses case-file text as if read from `path` (used in error messages).
pub fn parse(path: &Path, text: &str) -> Result<Vec<Case>> {
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(case) = parse_line(path, i + 1, line)? {
            cases.push(case);
        }
    }
    Ok(cases)
}

/// Parses line `n` of a case file: `None` for a blank or comment line.
pub fn parse_line(path: &Path, n: usize, line: &str) -> Result<Option<Case>> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.trim().is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let fields: Vec<&str> = line.split('\t').collect();
    if !(5..=6).contains(&fields.len()) {
        return Err(line_error(
            path,
            n,
            format!(
                "expected 5 or 6 tab-separated fields (label, key, expected, command, rank, \
                 context), found {}",
                fields.len()
            ),
        ));
    }
    let [label, key, expected, command, rank] = [0, 1, 2, 3, 4].map(|i| fields[i]);
    for (name, value) in [("label", label), ("key", key), ("expected", expected)] {
        if value.trim().is_empty() {
            return Err(line_error(path, n, format!("empty {name}")));
        }
    }
    let command = match command.trim() {
        "Prediction Expected" => Command::Expected,
        "Prediction Not Expected" => Command::NotExpected,
        other => {
            return Err(line_error(
                path,
                n,
                format!(
                    "unknown command {other:?} (expected \"Prediction Expected\" or \
                     \"Prediction Not Expected\")"
                ),
            ));
        }
    };
    let rank = match rank.trim().parse::<usize>() {
        Ok(r) if (1..=MAX_TOP_K).contains(&r) => r,
        _ => {
            return Err(line_error(
                path,
                n,
                format!("rank {rank:?} is not a number from 1 to {MAX_TOP_K}"),
            ));
        }
    };
    let context = Context::parse(fields.get(5).copied().unwrap_or_default())
        .map_err(|e| line_error(path, n, e))?;
    Ok(Some(Case {
        line: n,
        label: label.trim().to_string(),
        key: key.to_string(),
        expected: expected.to_string(),
        command,
        rank,
        context,
    }))
}

/// Passed and total cases of one label (or of all).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelStats {
    /// The label (`*` for all cases).
    pub label: String,
    /// Cases that passed.
    pub passed: usize,
    /// Cases run.
    pub total: usize,
}

impl LabelStats {
    /// The pass rate in `0.0..=1.0` (1.0 for no cases: nothing failed).
    pub fn rate(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.passed as f64 / self.total as f64
        }
    }
}

/// A case that did not pass, with what the engine offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The case.
    #[serde(flatten)]
    pub case: Case,
    /// The top suggestions' surfaces, best first: the first `max(rank, SHOWN)`.
    pub got: Vec<String>,
    /// Where `expected` was among `got` (1-based), if it was.
    pub found_at: Option<usize>,
}

/// The outcome of a case file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Per label, sorted by label.
    pub labels: Vec<LabelStats>,
    /// All cases together.
    pub all: LabelStats,
    /// The failed cases, in file order.
    pub failures: Vec<Failure>,
}

impl Report {
    /// The stats of one label.
    pub fn label(&self, label: &str) -> Option<&LabelStats> {
        self.labels.iter().find(|l| l.label == label)
    }
}

/// Runs every case through `engine` (cursor at the end of the key, `field` unless the case
/// names its own, with the case's form context).
pub fn run(engine: &Engine, cases: &[Case], field: Field) -> Result<Report> {
    let mut labels: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in cases {
        let shown = case.rank.clamp(SHOWN, MAX_TOP_K);
        let got: Vec<String> = engine
            .suggest(
                &Request::new(&case.key)
                    .field(case.context.field.unwrap_or(field))
                    .top_k(shown)
                    .category(case.context.category.as_deref())
                    .brand(case.context.brand.as_deref()),
            )?
            .into_iter()
            .map(|s| s.surface)
            .collect();
        let at = got.iter().position(|s| *s == case.expected);
        let in_top = at.is_some_and(|i| i < case.rank);
        let passed = match case.command {
            Command::Expected => in_top,
            Command::NotExpected => !in_top,
        };
        let slot = labels.entry(&case.label).or_default();
        slot.1 += 1;
        if passed {
            slot.0 += 1;
        } else {
            failures.push(Failure {
                case: case.clone(),
                got,
                found_at: at.map(|i| i + 1),
            });
        }
    }
    let labels: Vec<LabelStats> = labels
        .into_iter()
        .map(|(label, (passed, total))| LabelStats {
            label: label.to_string(),
            passed,
            total,
        })
        .collect();
    let all = LabelStats {
        label: "*".into(),
        passed: labels.iter().map(|l| l.passed).sum(),
        total: labels.iter().map(|l| l.total).sum(),
    };
    Ok(Report {
        labels,
        all,
        failures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse(Path::new("cases.tsv"), text).unwrap_err().to_string()
    }

    #[test]
    fn parses_cases_comments_and_blank_lines() {
        let text = "# a comment\n\nbrand\tしゅぷ\tシュプリーム\tPrediction Expected\t3\r\n\
                    next\tナイキ \tスニーカー\tPrediction Not Expected\t1\n";
        let cases = parse(Path::new("c.tsv"), text).unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!(
            cases[0],
            Case {
                line: 3,
                label: "brand".into(),
                key: "しゅぷ".into(),
                expected: "シュプリーム".into(),
                command: Command::Expected,
                rank: 3,
                context: Context::default(),
            }
        );
        assert_eq!(cases[1].key, "ナイキ ", "keys are verbatim");
        assert_eq!(cases[1].command, Command::NotExpected);
        assert_eq!(cases[1].line, 4);
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let ok = "brand\tしゅぷ\tシュプリーム\tPrediction Expected\t3\n";
        assert_eq!(
            err(&format!(
                "{ok}brand\tしゅぷ\tシュプリーム\tPrediction Expected\n"
            )),
            "cases.tsv:2: expected 5 or 6 tab-separated fields (label, key, expected, command, \
             rank, context), found 4"
        );
        assert!(
            err(&format!("{ok}{ok}b\tk\te\tConversion Expected\t1\n"))
                .starts_with("cases.tsv:3: unknown command \"Conversion Expected\"")
        );
        for rank in ["0", "x", "65", ""] {
            assert!(
                err(&format!("b\tk\te\tPrediction Expected\t{rank}\n"))
                    .starts_with(&format!("cases.tsv:1: rank \"{rank}\" is not a number")),
                "{rank}"
            );
        }
        assert_eq!(
            err("\n\nb\t\te\tPrediction Expected\t1\n"),
            "cases.tsv:3: empty key"
        );
        assert_eq!(
            err("b\tk\t \tPrediction Expected\t1\n"),
            "cases.tsv:1: empty expected"
        );
        assert!(err("b\tk\te\tPrediction Expected\t1\tc\td\n").contains("found 7"));
        assert!(err("b\tk\te\tPrediction Expected\t1\textra\n").contains("not key=value"));
        assert!(err("b\tk\te\tPrediction Expected\t1\tcolour=red\n").contains("unknown context"));
        assert!(err("b\tk\te\tPrediction Expected\t1\tfield=x\n").contains("unknown field"));
        assert!(err("b\tk\te\tPrediction Expected\t1\tbrand=a brand=b\n").contains("twice"));
    }

    #[test]
    fn the_context_field() {
        let cases = parse(
            Path::new("c.tsv"),
            "cat\tば\tバッグ\tPrediction Expected\t1\tcategory=ladies/bags field=brand brand=x\n",
        )
        .unwrap();
        assert_eq!(
            cases[0].context,
            Context {
                category: Some("ladies/bags".into()),
                brand: Some("x".into()),
                field: Some(Field::Brand),
            }
        );
    }

    #[test]
    fn label_rates() {
        let l = LabelStats {
            label: "x".into(),
            passed: 3,
            total: 4,
        };
        assert_eq!(l.rate(), 0.75);
        let empty = LabelStats {
            label: "x".into(),
            passed: 0,
            total: 0,
        };
        assert_eq!(empty.rate(), 1.0);
    }
}
