//! The one error type every exported call returns, and the panic guard around each call.
//!
//! `BindingError` is a *flat* uniffi error: Kotlin sees `BindingException.CursorOutOfRange`
//! (etc.) whose `message` is the text below, Swift `BindingError.CursorOutOfRange(message:)`,
//! Python `BindingError.CursorOutOfRange` with `str(e)` the text. The variant says what kind
//! of thing went wrong (what to branch on); the message says what to do about it (what to
//! log).

use std::panic::{AssertUnwindSafe, catch_unwind};

use ichiba::artifacts::ArtifactError;
use ichiba::delivery::DeliveryError;

/// Everything an exported call can fail with.
#[derive(Debug, thiserror::Error, uniffi::Error)]
#[uniffi(flat_error)]
#[non_exhaustive]
pub enum BindingError {
    /// The cursor lies past the end of the text.
    #[error(
        "cursor {cursor} is past the end of the text ({len} UTF-16 units); pass a selection \
         within 0..=text.length (Android's getSelectionStart() is -1 without a selection)"
    )]
    CursorOutOfRange {
        /// The cursor as given (UTF-16 units).
        cursor: i64,
        /// The text's length (UTF-16 units).
        len: u64,
    },
    /// The cursor falls between the two halves of a surrogate pair.
    #[error(
        "cursor {cursor} falls between the two UTF-16 halves of one character (an emoji or a \
         rare kanji); pass a selection on a character boundary"
    )]
    CursorInsideCharacter {
        /// The cursor as given (UTF-16 units).
        cursor: i64,
    },
    /// The dictionary bytes are damaged or are not a dictionary; nothing was loaded or swapped.
    #[error(
        "corrupt dictionary ({reason}); the engine keeps the dictionary it had — re-download \
         the file and check its size and sha256 with verify_artifact before loading it"
    )]
    CorruptDictionary {
        /// What check failed.
        reason: String,
    },
    /// The dictionary's format version is not the one this library reads.
    #[error(
        "dictionary format version {got} is not supported (this library reads version \
         {expected}); select the artifact with select_artifact, which skips other formats"
    )]
    UnsupportedVersion {
        /// The version this library reads.
        expected: u32,
        /// The version in the file.
        got: u32,
    },
    /// A parameter is out of its allowed range.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A file could not be read or written; the message names the path.
    #[error("I/O error: {0}")]
    Io(String),
    /// The experiment config is not JSON of the expected shape or breaks a rule. The message
    /// is the core's, word for word (`docs/experiments.md`), naming the experiment, variant
    /// or field to fix; `load_config` keeps serving the config the client had.
    #[error("{0}")]
    InvalidConfig(String),
    /// The artifact manifest is not valid JSON or breaks its schema.
    #[error("invalid manifest: {0}")]
    InvalidManifest(String),
    /// No artifact in the manifest fits the device.
    #[error("no matching artifact: {0}")]
    NoMatchingArtifact(String),
    /// Downloaded bytes do not have the size the manifest promised (a truncated or partial
    /// download, or a different file).
    #[error("size mismatch: {0}; discard the download and fetch it again")]
    SizeMismatch(String),
    /// Downloaded bytes do not have the sha256 the manifest promised.
    #[error("checksum mismatch: {0}; discard the download and fetch it again")]
    ChecksumMismatch(String),
    /// The downloaded manifest is not signed (a plain manifest, or the signature missing).
    #[error("{0}; keep the manifest in use")]
    UnsignedManifest(String),
    /// The manifest is signed by a key the app does not pin.
    #[error("{0}; keep the manifest in use")]
    UntrustedKey(String),
    /// The manifest's signature does not verify: it was altered or forged.
    #[error("{0}; keep the manifest in use")]
    BadSignature(String),
    /// The manifest is older than the one in use (a rollback).
    #[error("{0}; keep the manifest in use")]
    ManifestRollback(String),
    /// The manifest's `expires_at` has passed.
    #[error("{0}; keep the manifest in use and fetch a fresh one later")]
    ManifestExpired(String),
    /// The image could not be decoded (not JPEG/PNG, empty, truncated).
    #[error("image: {0}")]
    Image(String),
    /// The image model could not be loaded or run.
    #[error("model: {0}")]
    Model(String),
    /// An analyzer dictionary file (or bytes) is truncated, damaged, of another format
    /// version or not one at all; the engine keeps the analyzer it had. Download it again.
    #[error("analyzer dictionary: {0}; the engine keeps its previous analyzer")]
    CorruptAnalyzer(String),
    /// The morphological analyzer could not be loaded or failed on the text.
    #[error("analyzer: {0}")]
    Analyzer(String),
    /// A bug in the library (a caught panic, a poisoned lock); please report it.
    #[error("internal error (a bug in ichiba, please report it): {0}")]
    Internal(String),
}

/// The result of every exported call.
pub type Result<T, E = BindingError> = std::result::Result<T, E>;

/// Exhaustive on purpose (`ichiba::Error` is not `non_exhaustive`): a new core error fails
/// this build until it is given a meaning here, instead of landing in `Internal`.
impl From<ichiba::Error> for BindingError {
    fn from(e: ichiba::Error) -> Self {
        use ichiba::Error as E;
        match e {
            // Cursor errors in UTF-16 units come from the binding's own conversion; the
            // engine's byte-unit errors cannot happen after it, but map them all the same.
            E::CursorOutOfRange { cursor, len, .. } => BindingError::CursorOutOfRange {
                cursor: cursor as i64,
                len: len as u64,
            },
            E::CursorInsideChar { cursor, .. } => BindingError::CursorInsideCharacter {
                cursor: cursor as i64,
            },
            E::BadMagic => BindingError::CorruptDictionary {
                reason: "not an ichiba dictionary (bad magic)".into(),
            },
            E::Version { expected, got } => BindingError::UnsupportedVersion { expected, got },
            E::Corrupt { reason } => BindingError::CorruptDictionary { reason },
            E::InvalidRequest(m) => BindingError::InvalidRequest(m),
            e @ E::Io { .. } => BindingError::Io(e.to_string()),
            E::Analyzer(m) => BindingError::Analyzer(m),
            e @ E::AnalyzerFile(_) => BindingError::CorruptAnalyzer(e.to_string()),
        }
    }
}

impl From<ArtifactError> for BindingError {
    fn from(e: ArtifactError) -> Self {
        match e {
            ArtifactError::InvalidManifest(_) => BindingError::InvalidManifest(e.to_string()),
            ArtifactError::InvalidDevice(_) => BindingError::InvalidRequest(e.to_string()),
            ArtifactError::NoMatch(_) => BindingError::NoMatchingArtifact(e.to_string()),
            ArtifactError::SizeMismatch { .. } => BindingError::SizeMismatch(e.to_string()),
            ArtifactError::Sha256Mismatch { .. } => BindingError::ChecksumMismatch(e.to_string()),
            ArtifactError::Io(_) => BindingError::Io(e.to_string()),
        }
    }
}

/// Exhaustive on purpose, like the core's errors: each refusal keeps its own variant.
impl From<DeliveryError> for BindingError {
    fn from(e: DeliveryError) -> Self {
        let m = e.to_string();
        match e {
            DeliveryError::Unsigned(_) => BindingError::UnsignedManifest(m),
            DeliveryError::Invalid(_) => BindingError::InvalidManifest(m),
            DeliveryError::UnknownKey { .. } => BindingError::UntrustedKey(m),
            DeliveryError::BadSignature { .. } => BindingError::BadSignature(m),
            DeliveryError::Rollback { .. } => BindingError::ManifestRollback(m),
            DeliveryError::Expired { .. } => BindingError::ManifestExpired(m),
            DeliveryError::InvalidKey(_) => BindingError::InvalidRequest(m),
        }
    }
}

/// Runs one exported call, turning a panic into [`BindingError::Internal`] so that none ever
/// unwinds into Kotlin, Swift or Python.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(BindingError::Internal(format!("panic: {what}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_turns_a_panic_into_internal() {
        let r: Result<()> = guard(|| panic!("boom"));
        match r {
            Err(BindingError::Internal(m)) => assert!(m.contains("boom"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn messages_say_what_to_do() {
        let e = BindingError::from(ichiba::Error::Version {
            expected: 1,
            got: 9,
        });
        assert!(matches!(
            e,
            BindingError::UnsupportedVersion {
                expected: 1,
                got: 9
            }
        ));
        assert!(e.to_string().contains("select_artifact"));
    }
}
