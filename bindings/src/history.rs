//! TEMPORARY: stands in until the engine's history API lands on main (then replaced by
//! the version delegating to `Engine::with_history`, `record_acceptance`, …).

use ichiba::{Dictionary, Engine};

use crate::engine::{HistoryOptions, Suggestion, SuggestionEngine};
use crate::error::{BindingError, Result};

/// An engine over `dict`.
pub(crate) fn build(
    dict: Dictionary<ichiba::dictionary::Bytes>,
    history: Option<HistoryOptions>,
) -> Result<SuggestionEngine> {
    if history.is_some() {
        return Err(BindingError::InvalidRequest(
            "history is not available yet".into(),
        ));
    }
    Ok(SuggestionEngine {
        engine: Engine::new(dict)?,
    })
}

#[uniffi::export]
impl SuggestionEngine {
    /// Pending.
    pub fn record_acceptance(&self, _suggestion: Suggestion) -> Result<()> {
        Err(BindingError::Internal(
            "history is not available yet".into(),
        ))
    }
    /// Pending.
    pub fn clear_history(&self) -> Result<()> {
        Err(BindingError::Internal(
            "history is not available yet".into(),
        ))
    }
    /// Pending.
    pub fn set_learning(&self, _enabled: bool) {}
    /// Pending.
    pub fn is_learning(&self) -> bool {
        false
    }
}
