//! User history through the bindings: where the engine learns from taps, and the switches.
//!
//! The history is bounded (`capacity`), stored only at the path the app gives (its private
//! storage), never sent anywhere, and can be cleared or turned off by the user.

use std::path::PathBuf;

use ichiba::history::HistoryConfig;
use ichiba::{Dictionary, Engine};

use crate::engine::{HistoryOptions, Suggestion, SuggestionEngine};
use crate::error::{Result, guard};

/// An engine over `dict`, learning from taps when `history` is given.
pub(crate) fn build(
    dict: Dictionary<ichiba::dictionary::Bytes>,
    history: Option<HistoryOptions>,
) -> Result<SuggestionEngine> {
    let engine = match history {
        None => Engine::new(dict)?,
        Some(h) => Engine::with_history(
            dict,
            HistoryConfig {
                path: h.path.map(PathBuf::from),
                capacity: h.capacity as usize,
                enabled: h.enabled,
            },
        )?,
    };
    Ok(SuggestionEngine { engine })
}

#[uniffi::export]
impl SuggestionEngine {
    /// Tells the engine the user tapped `suggestion`, so it ranks it higher next time (when
    /// learning is on; otherwise nothing is stored).
    pub fn record_acceptance(&self, suggestion: Suggestion) -> Result<()> {
        guard(|| {
            let s = ichiba::Suggestion {
                surface: suggestion.surface,
                reading: suggestion.reading,
                kind: suggestion.kind.into(),
                score: suggestion.score,
                // The span is in the caller's text, which the history does not keep.
                replace: ichiba::Span { start: 0, end: 0 },
                entity: suggestion.entity,
                corrected: suggestion.corrected,
                category: suggestion.category,
                path: suggestion.path,
            };
            Ok(self.engine.record_acceptance(&s)?)
        })
    }

    /// Forgets one learned word, by its `entity` (`Suggestion.entity`): it ranks as if never
    /// tapped, the others stay learned. Returns whether it had been learned.
    pub fn forget(&self, entity: String) -> Result<bool> {
        guard(|| Ok(self.engine.forget(&entity)?))
    }

    /// Forgets everything learnt and deletes the history file.
    pub fn clear_history(&self) -> Result<()> {
        guard(|| Ok(self.engine.clear_history()?))
    }

    /// Turns learning from taps on or off (off: `record_acceptance` stores nothing; what was
    /// learnt is kept until `clear_history`).
    pub fn set_learning(&self, enabled: bool) -> Result<()> {
        guard(|| {
            self.engine.set_learning(enabled);
            Ok(())
        })
    }

    /// Whether learning from taps is on.
    pub fn is_learning(&self) -> Result<bool> {
        guard(|| Ok(self.engine.learning()))
    }
}
