//! The rules of a case file beyond what [`cases::parse`](super::cases::parse) checks, for
//! `ichiba lint`: every malformed line is reported (the parser stops at the first), labels
//! are `[a-z][a-z0-9_]*`, no (key, expected, command) twice, a `Prediction Expected` value is
//! a surface the engine can show (a lexicon surface, or a number followed by one of
//! [`ichiba::UNITS`]), at least [`MIN_CASES`] cases, and the plain-text rules of every
//! source ([`text_problems`]). `Prediction Not Expected` values need not be in the lexicon:
//! blocked terms are, by design, nowhere else.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;

use ichiba_build::lint::{Problem, text_problems};

use super::cases::{Command, parse_line};
use super::line_of_byte;
use crate::error::{LabError, Result};

/// The fewest cases a case file linted with [`lint_cases`] must hold.
pub const MIN_CASES: usize = 500;

/// Lints the case file at `path`; `is_surface` says whether a string is a lexicon surface.
/// Errors only when the file cannot be read.
pub fn lint_cases(path: &Path, is_surface: impl Fn(&str) -> bool) -> Result<Vec<Problem>> {
    let bytes = std::fs::read(path).map_err(|e| LabError::io(path, e))?;
    Ok(lint_case_bytes(path, &bytes, is_surface))
}

/// Lints case-file bytes as if read from `path`.
pub fn lint_case_bytes(
    path: &Path,
    bytes: &[u8],
    is_surface: impl Fn(&str) -> bool,
) -> Vec<Problem> {
    let mut out = text_problems(path, bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            out.push(Problem::new(
                path,
                line_of_byte(bytes, e.valid_up_to()),
                "not valid UTF-8",
            ));
            return out;
        }
    };
    // A case is its key, expected surface, command and form context.
    let mut seen: HashMap<(&str, &str, Command, &str), usize> = HashMap::new();
    let mut count = 0;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let case = match parse_line(path, n, line) {
            Ok(Some(case)) => case,
            Ok(None) => continue,
            Err(LabError::Eval { path, line, reason }) => {
                out.push(Problem { path, line, reason });
                continue;
            }
            Err(e) => {
                out.push(Problem::new(path, n, e.to_string()));
                continue;
            }
        };
        count += 1;
        let mut fields = line.split('\t');
        let label = fields.next().unwrap_or("");
        let (key, expected) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
        let context = line.split('\t').nth(5).unwrap_or("").trim();
        if !is_label(label) {
            out.push(Problem::new(
                path,
                n,
                format!("bad label {label:?} (lower-case a-z, 0-9, _)"),
            ));
        }
        if case.command == Command::Expected && !is_surface(expected) && !is_unit(expected) {
            out.push(Problem::new(
                path,
                n,
                format!(
                    "expected {expected:?} is no surface of the lexicon (nor a number and a unit)"
                ),
            ));
        }
        match seen.entry((key, expected, case.command, context)) {
            Entry::Occupied(first) => out.push(Problem::new(
                path,
                n,
                format!("duplicate case, first at line {}", first.get()),
            )),
            Entry::Vacant(slot) => {
                slot.insert(n);
            }
        }
    }
    if count < MIN_CASES {
        out.push(Problem::new(
            path,
            0,
            format!("only {count} cases (need >= {MIN_CASES})"),
        ));
    }
    out
}

/// Whether `label` is `[a-z][a-z0-9_]*`.
fn is_label(label: &str) -> bool {
    label.starts_with(|c: char| c.is_ascii_lowercase())
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether `s` is a number followed by a unit, as the engine offers after a typed number
/// (`27cm`, `26.5cm`, `3000円`).
fn is_unit(s: &str) -> bool {
    ichiba::UNITS.iter().any(|(unit, _)| {
        s.strip_suffix(unit).is_some_and(|n| {
            !n.is_empty()
                && n.len() <= 7
                && n.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && n.parse::<f64>().is_ok()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "brand\tしゅぷ\tシュプリーム\tPrediction Expected\t3\n";

    fn lint(text: &str) -> Vec<String> {
        lint_case_bytes(Path::new("cases.tsv"), text.as_bytes(), |s| {
            ["シュプリーム", "ナイキ"].contains(&s)
        })
        .iter()
        .map(|p| p.to_string())
        .collect()
    }

    fn has(text: &str, needle: &str) -> bool {
        let problems = lint(text);
        let found = problems.iter().any(|p| p.contains(needle));
        if !found {
            eprintln!("{needle} not in {problems:#?}");
        }
        found
    }

    #[test]
    fn enough_good_cases_pass() {
        let mut text = String::new();
        for i in 0..MIN_CASES {
            text.push_str(&format!(
                "brand\tk{i}\tシュプリーム\tPrediction Expected\t3\n"
            ));
        }
        assert_eq!(lint(&text), Vec::<String>::new());
        assert!(has(OK, "cases.tsv:0: only 1 cases (need >= 500)"));
    }

    #[test]
    fn every_malformed_line_is_reported() {
        let text = format!("{OK}b\tk\te\n{OK}b\tk\te\tConversion\t1\n");
        assert!(has(
            &text,
            "cases.tsv:2: expected 5 or 6 tab-separated fields"
        ));
        assert!(has(&text, "cases.tsv:4: unknown command \"Conversion\""));
    }

    #[test]
    fn labels() {
        assert!(has(
            "Brand\tしゅぷ\tシュプリーム\tPrediction Expected\t3\n",
            "cases.tsv:1: bad label \"Brand\""
        ));
        assert!(!has(OK, "bad label"));
    }

    #[test]
    fn expected_values_are_surfaces_or_numbers_with_units() {
        assert!(has(
            "item\tすに\tスニーカー\tPrediction Expected\t3\n",
            "cases.tsv:1: expected \"スニーカー\" is no surface of the lexicon"
        ));
        assert!(!has(
            "blocked\tにせ\t偽物\tPrediction Not Expected\t10\n",
            "no surface"
        ));
        for unit in ["27cm", "26.5cm", "3000円", "5枚"] {
            assert!(is_unit(unit), "{unit}");
        }
        for other in ["cm", "27", "27インチ", "a27cm", "12345678円"] {
            assert!(!is_unit(other), "{other}");
        }
    }

    #[test]
    fn no_case_twice() {
        let other_label = OK.replace("brand", "latin").replace("\t3\n", "\t1\n");
        let text = format!("{OK}{other_label}{OK}");
        assert!(has(&text, "cases.tsv:2: duplicate case, first at line 1"));
        assert!(has(&text, "cases.tsv:3: duplicate case, first at line 1"));
        let not = OK.replace("Prediction Expected", "Prediction Not Expected");
        assert!(!has(&format!("{OK}{not}"), "duplicate"));
    }

    #[test]
    fn text_rules_and_utf8() {
        assert!(has(&OK.replace('\n', "\r\n"), "cases.tsv:0: CR characters"));
        let problems = lint_case_bytes(Path::new("cases.tsv"), b"ok\n\xff\n", |_| true);
        assert!(
            problems
                .iter()
                .any(|p| p.to_string() == "cases.tsv:2: not valid UTF-8")
        );
    }
}
