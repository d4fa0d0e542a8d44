//! ichiba-bindings: the one native library the listing app links, through uniffi.
//!
//! * [`SuggestionEngine`]: the ichiba engine — suggestions for the
//!   word before the cursor, with cursors and spans in **UTF-16 units** (Android, iOS); a
//!   swappable dictionary; user history; the analyzer dictionary loaded from a downloaded
//!   file (`load_analyzer_file`), or script-run segmentation without one (`analyzer_kind`).
//! * `MediaClassifier` (feature `image`): does this photo show
//!   a book, CD, DVD or game?
//! * [`ExperimentClient`]: the A/B experiment flag — load the
//!   config, which variant a user is in, the parameters to run with; and
//!   [`ExperimentEventLog`]: exposures, bars shown, taps and
//!   dismissals, and the barcode-listing prompt's shown / tapped / expired / dismissed, as a
//!   rotated JSONL log on the device ([`experiment`]); [`prompt_copy_text`]: a prompt
//!   wording's text.
//! * [`CorpusMiner`]: not for the phone — what one listing says about a dictionary, for
//!   the Spark mining job (`mining/`), the same function `ichiba build --corpus` runs.
//! * [`select_artifact`] / [`verify_artifact`]: which dictionary or model file this device
//!   should download, and whether the download is intact ([`ichiba::artifacts`]).
//!
//! Every call returns a [`BindingError`] on failure and never panics across the boundary.
//! Generate the Kotlin, Swift and Python code with `bindings/generate.sh OUTDIR`.

#![deny(missing_docs)]

uniffi::setup_scaffolding!("ichiba");

mod artifacts_ffi;
#[cfg(feature = "image")]
pub mod classifier;
pub mod engine;
pub mod error;
pub mod experiment;
mod history;
pub mod mining;

pub use engine::{
    AnalyzerKind, BlockedTerm, Field, HistoryOptions, Suggestion, SuggestionEngine, SuggestionKind,
};
pub use error::BindingError;
pub use experiment::{
    ExperimentAssignment, ExperimentClient, ExperimentDecision, ExperimentEventLog,
    ExperimentParams, prompt_copy_text,
};
pub use ichiba::artifacts::{self, Artifact, Device};
pub use mining::{CorpusMiner, EntityPair, ListingTerms};

use error::{Result, guard};

/// The best artifact named `name` (`dictionary`, `media-classifier`, …) in a manifest (JSON)
/// for `device`; see the `artifacts` module docs for the manifest and the choice.
#[uniffi::export]
pub fn select_artifact(manifest_json: String, name: String, device: Device) -> Result<Artifact> {
    guard(|| Ok(artifacts::select(&manifest_json, &name, &device)?))
}

/// Checks downloaded bytes against the size and sha256 the manifest promised; use them only
/// when this returns without error.
#[uniffi::export]
pub fn verify_artifact(bytes: Vec<u8>, expected_size: u64, expected_sha256: String) -> Result<()> {
    guard(|| Ok(artifacts::verify(&bytes, expected_size, &expected_sha256)?))
}

/// Checks a downloaded file (read in chunks, never whole into memory) like `verify_artifact`.
#[uniffi::export]
pub fn verify_artifact_file(
    path: String,
    expected_size: u64,
    expected_sha256: String,
) -> Result<()> {
    guard(|| {
        Ok(artifacts::verify_file(
            std::path::Path::new(&path),
            expected_size,
            &expected_sha256,
        )?)
    })
}

/// The ichiba library version (`CARGO_PKG_VERSION` of the bindings).
#[uniffi::export]
pub fn library_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
