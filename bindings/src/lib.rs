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

/// A downloaded manifest whose signature, sequence and date passed
/// ([`verify_signed_manifest`]).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct VerifiedManifest {
    /// The manifest JSON, exactly as signed: pass it to `select_artifact`.
    pub manifest_json: String,
    /// Its sequence: store it and pass it as `in_use_sequence` next time.
    pub sequence: u64,
    /// When it expires (unix seconds).
    pub expires_at: u64,
    /// The id of the pinned key that signed it.
    pub key_id: String,
}

/// Checks a downloaded signed manifest (`ichiba sign manifest` writes them;
/// `ichiba::delivery` has the format) before anything in it is used: signed by one of
/// `trusted_keys` (ed25519 public keys, 64 hex digits each, pinned in the app's
/// configuration), its sequence not below `in_use_sequence` (the manifest in use; `None` on
/// first run), not expired at `now_unix_s`. Each refusal has its own error
/// (`UnsignedManifest`, `UntrustedKey`, `BadSignature`, `ManifestRollback`,
/// `ManifestExpired`); on any of them keep the manifest and files in use.
#[uniffi::export]
pub fn verify_signed_manifest(
    signed_json: String,
    trusted_keys: Vec<String>,
    now_unix_s: u64,
    in_use_sequence: Option<u64>,
) -> Result<VerifiedManifest> {
    guard(|| {
        let keys = trusted_keys
            .iter()
            .map(|k| ichiba::delivery::parse_public_key(k))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(BindingError::InvalidRequest(
                "no trusted keys: pin the publisher's public key in the app".into(),
            ));
        }
        let m = ichiba::delivery::open(&signed_json, &keys, now_unix_s, in_use_sequence)?;
        Ok(VerifiedManifest {
            manifest_json: m.manifest_json,
            sequence: m.sequence,
            expires_at: m.expires_at,
            key_id: m.key_id,
        })
    })
}

/// The ichiba library version (`CARGO_PKG_VERSION` of the bindings).
#[uniffi::export]
pub fn library_version() -> Result<String> {
    guard(|| Ok(env!("CARGO_PKG_VERSION").to_string()))
}

/// Panics inside the library, on purpose, with `message` (feature `test-panic`, never in an
/// app build): the bindings' tests call it to show that a Rust panic reaches Kotlin, Swift
/// and Python as [`BindingError::Internal`], never as a crash.
#[cfg(feature = "test-panic")]
#[uniffi::export]
pub fn debug_panic(message: String) -> Result<()> {
    guard(|| panic!("{message}"))
}
