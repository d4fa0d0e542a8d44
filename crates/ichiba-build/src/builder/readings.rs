//! Phase 1: readings. A row without a reading gets one from the analyzer when its surface
//! is Japanese; Latin-only surfaces are found by their spelling alone.

use ichiba::analysis::Analyzer;
use ichiba::text::{self, kana};

use crate::error::Result;
use crate::lexicon::LexiconEntry;

/// Fills in the missing readings of `rows`; returns, per row, whether its reading was
/// inferred. A Japanese row whose reading cannot be inferred (no analyzer, or the analyzer
/// has none) fails with its `file:line`.
pub(super) fn infer(rows: &mut [LexiconEntry], analyzer: Option<&Analyzer>) -> Result<Vec<bool>> {
    let mut inferred = vec![false; rows.len()];
    for (row, inferred) in rows.iter_mut().zip(&mut inferred) {
        if row.reading.is_some() || !needs_reading(&row.surface) {
            continue;
        }
        let reading = analyzer
            .map(|a| a.reading(&row.surface))
            .transpose()?
            .flatten()
            .map(|r| text::fold(&r))
            .filter(|r| text::is_reading(r));
        let Some(reading) = reading else {
            return Err(row.origin.error(format!(
                "no reading given for {:?} and none could be inferred",
                row.surface
            )));
        };
        row.reading = Some(reading);
        *inferred = true;
    }
    Ok(inferred)
}

/// Whether a surface needs a reading to be found by kana input: it has kana or kanji.
fn needs_reading(surface: &str) -> bool {
    surface
        .chars()
        .any(|c| kana::is_kana(c) || kana::is_kanji(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::tests::{numbered, row};

    #[test]
    fn latin_rows_need_no_reading() {
        let mut rows = vec![row("Supreme", None, 10)];
        assert_eq!(infer(&mut rows, None).unwrap(), vec![false]);
        assert_eq!(rows[0].reading, None);
    }

    #[test]
    fn given_readings_are_kept() {
        let mut rows = vec![row("ナイキ", Some("ないき"), 10)];
        assert_eq!(infer(&mut rows, None).unwrap(), vec![false]);
        assert_eq!(rows[0].reading.as_deref(), Some("ないき"));
    }

    #[test]
    fn a_japanese_row_without_reading_or_analyzer_names_its_line() {
        let mut rows = numbered(vec![row("Supreme", None, 1), row("財布", None, 1)]);
        let err = infer(&mut rows, None).unwrap_err().to_string();
        assert!(err.contains("t.tsv:2"), "{err}");
        assert!(err.contains("財布"), "{err}");
    }

    #[test]
    fn the_analyzer_fills_in_kanji_readings() {
        let analyzer = Analyzer::new().unwrap();
        let mut rows = vec![row("財布", None, 1)];
        assert_eq!(infer(&mut rows, Some(&analyzer)).unwrap(), vec![true]);
        assert_eq!(rows[0].reading.as_deref(), Some("さいふ"));
    }
}
