//! Evaluation: measuring suggestion quality the way users feel it.
//!
//! Two instruments, both deterministic and both run through the public [`Engine`] API, so
//! they measure exactly what the app gets:
//!
//! * [`cases`]: quality-regression cases in the Mozc style (`label <TAB> key <TAB> expected
//!   <TAB> command <TAB> rank`): is the expected word among the top `rank` suggestions (or,
//!   for `Prediction Not Expected`, is it absent)? Per-label pass rates and the failures.
//! * [`titles`]: simulated typing of listing titles on a kana keyboard, tapping the intended
//!   word whenever it is offered in the top k: keystrokes saved and hit rate by typed length.
//!
//! * [`brands`]: every brand of the marketplace's master list typed in kana and in Latin
//!   letters, in the brand and title fields: top 10 after 3 kana, the share of the reading
//!   typed before the brand reaches the top 5.
//!
//! [`lint`] holds the rules a committed case file must follow beyond [`cases::parse`]
//! (`ichiba lint`).
//!
//! `ichiba eval cases`, `titles` and `brands` only wire arguments to these modules and
//! format their reports; `docs/eval.md` defines every number.
//!
//! [`Engine`]: ichiba::Engine

pub mod brands;
pub mod cases;
pub mod lint;
pub mod titles;

use std::path::Path;

use crate::error::{LabError as Error, Result};

/// Reads a whole evaluation file as UTF-8.
fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|e| Error::Eval {
        path: path.to_path_buf(),
        line: line_of_byte(e.as_bytes(), e.utf8_error().valid_up_to()),
        reason: "not valid UTF-8".into(),
    })
}

/// The 1-based line that byte `at` of `bytes` falls on.
fn line_of_byte(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// An [`Error::Eval`] for line `line` of `path`.
fn line_error(path: &Path, line: usize, reason: impl Into<String>) -> Error {
    Error::Eval {
        path: path.to_path_buf(),
        line,
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.tsv");
        std::fs::write(&path, b"ok\nok\n\xff\n").unwrap();
        let err = read_text(&path).unwrap_err().to_string();
        assert!(err.ends_with("bad.tsv:3: not valid UTF-8"), "{err}");
    }
}
