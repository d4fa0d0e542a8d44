//! The A/B experiment flag and its measurement loop.
//!
//! On the device: a [`Client`] holds the last good [`Config`] (JSON, validated on
//! [`Client::load`]), decides which variant of each experiment a user is in with a stable
//! hash ([`bucket`]: SHA-256 of `salt:user_id`, identical on every platform and reproducible
//! in SQL), and returns the [`Params`] the app should use (suggestions on/off, how many, how
//! long a suggestion stays up, which ranking). The app records what happened with an
//! [`EventWriter`]: an append-only, size-bounded JSONL log of [`Event`]s (exposure, shown,
//! accepted, dismissed; for the barcode-listing prompt: prompt shown with the model's score,
//! tapped, expired, dismissed) that never holds typed text or image data.
//!
//! Off the device (crate `ichiba-lab`): its `report` turns an event log into per-variant
//! acceptance with confidence intervals, keystrokes saved, time-to-tap percentiles and a
//! histogram, a two-proportion test against the control and a sample-ratio-mismatch check;
//! `simulate` writes seeded synthetic logs with known effects for demos and tests.
//!
//! ```
//! use ichiba::experiment::{Client, Device, Platform};
//!
//! let client = Client::new();
//! client.load(r#"{
//!   "experiments": [{
//!     "id": "display-duration",
//!     "salt": "display-duration-2025-01",
//!     "parameters": ["display_ms"],
//!     "variants": [
//!       {"name": "8s", "weight": 1, "params": {"display_ms": 8000}},
//!       {"name": "4s", "weight": 1, "params": {"display_ms": 4000}}
//!     ]
//!   }]
//! }"#)?;
//! let device = Device::new(Platform::Ios, "5.3.0", "17.4")?;
//! let decision = client.decide("user-1", &device, 1_736_121_600_000);
//! assert_eq!(decision.assignments[0].variant, "4s");
//! assert_eq!(decision.params.display_ms, 4000);
//! # Ok::<(), ichiba::experiment::Error>(())
//! ```
//!
//! The formats (config, hash with test vectors, events, statistics) are documented in
//! `docs/experiments.md`.

use std::path::PathBuf;

mod assign;
mod config;
mod events;

pub use crate::Version;
pub use assign::{Assignment, BUCKETS, Client, Decision, Device, bucket};
pub use config::{
    Config, Experiment, Parameter, Params, PartialParams, Platform, PromptCopy, Targeting, Variant,
    parse_rfc3339_ms,
};
pub use events::{
    Event, EventKind, EventWriter, Log, Rotation, Score, Skipped, read_log, read_log_files,
};

/// A specialised `Result` whose error defaults to the experiment [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong loading an experiment config, writing or reading an event log.
///
/// Config errors name the experiment (and variant, parameter, field) they concern, so the
/// message alone tells the config's author what to fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The config is not JSON of the expected shape (a typo'd field name lands here too:
    /// unknown fields are refused).
    #[error("experiment config: {error}")]
    Json {
        /// serde_json's error, with line and column (shown in the message, so it is not
        /// also given as the error's `source`).
        error: serde_json::Error,
    },
    /// An experiment has an empty id.
    #[error("experiment #{index}: id is empty")]
    EmptyId {
        /// The experiment's 0-based position in the config.
        index: usize,
    },
    /// Two experiments share an id.
    #[error("experiment \"{experiment}\" is defined twice")]
    DuplicateExperiment {
        /// The repeated id.
        experiment: String,
    },
    /// An experiment has an empty salt.
    #[error("experiment \"{experiment}\": salt is empty")]
    EmptySalt {
        /// The experiment's id.
        experiment: String,
    },
    /// Two experiments share a salt: their assignments would be perfectly correlated.
    #[error("experiments \"{first}\" and \"{second}\" share the salt \"{salt}\"")]
    DuplicateSalt {
        /// The first experiment with that salt.
        first: String,
        /// The second one.
        second: String,
        /// The salt.
        salt: String,
    },
    /// An experiment has no variants.
    #[error("experiment \"{experiment}\": no variants")]
    NoVariants {
        /// The experiment's id.
        experiment: String,
    },
    /// A variant's name is empty or repeated.
    #[error("experiment \"{experiment}\": variant name \"{variant}\" is empty or repeated")]
    BadVariantName {
        /// The experiment's id.
        experiment: String,
        /// The offending name.
        variant: String,
    },
    /// The variants' weights add up to zero: nobody could be assigned.
    #[error("experiment \"{experiment}\": weights sum to 0")]
    WeightsSumToZero {
        /// The experiment's id.
        experiment: String,
    },
    /// The variants' weights add up to more than the number of buckets, so a variant with
    /// weight 1 could get no bucket at all.
    #[error(
        "experiment \"{experiment}\": weights sum to {sum}, more than the {buckets} buckets",
        buckets = BUCKETS
    )]
    WeightsTooLarge {
        /// The experiment's id.
        experiment: String,
        /// The sum of the weights.
        sum: u64,
    },
    /// A variant name referenced somewhere (the `control` field) is not defined.
    #[error("unknown variant \"{variant}\" in experiment \"{experiment}\" ({place})")]
    UnknownVariant {
        /// The experiment's id.
        experiment: String,
        /// The name that was not found.
        variant: String,
        /// Where it was referenced, e.g. `control`.
        place: &'static str,
    },
    /// A variant sets a parameter its experiment does not list in `parameters`.
    #[error(
        "experiment \"{experiment}\": variant \"{variant}\" sets {parameter}, which is not in the experiment's parameters"
    )]
    UnlistedParameter {
        /// The experiment's id.
        experiment: String,
        /// The variant's name.
        variant: String,
        /// The parameter it sets.
        parameter: Parameter,
    },
    /// Two experiments that can be active for the same device at the same time control the
    /// same parameter.
    #[error("experiments \"{first}\" and \"{second}\" both control parameter {parameter}")]
    Overlap {
        /// The first experiment in config order.
        first: String,
        /// The second one.
        second: String,
        /// The parameter both control.
        parameter: Parameter,
    },
    /// A parameter value is out of its range.
    #[error("{place}: {parameter} = {value} is out of range ({allowed})")]
    ParamOutOfRange {
        /// Where: `defaults` or `experiment "x", variant "y"`.
        place: String,
        /// The parameter.
        parameter: Parameter,
        /// The value given.
        value: String,
        /// The allowed range, for a person.
        allowed: &'static str,
    },
    /// A `prompt_copy` id that is not in the wording catalogue ([`PromptCopy::ALL`]).
    #[error("{place}: prompt_copy \"{id}\" is not a known wording (known: {known})")]
    UnknownPromptCopy {
        /// Where: `defaults` or `experiment "x", variant "y"`.
        place: String,
        /// The id given.
        id: String,
        /// The catalogue's ids, comma-separated.
        known: String,
    },
    /// A version string does not parse (`1`, `1.2`, `1.2.3`, `1.2.3.4`, optionally followed
    /// by `-…` or `+…`, which is ignored).
    #[error("{place}: \"{value}\" is not a version like 1.2.3")]
    BadVersion {
        /// Where the version was found, e.g. `experiment "x": targeting.app_version.min`.
        place: String,
        /// The string given.
        value: String,
    },
    /// An app version range whose minimum is not below its maximum matches no device.
    #[error("experiment \"{experiment}\": app_version min {min} is not below max {max}")]
    EmptyVersionRange {
        /// The experiment's id.
        experiment: String,
        /// The minimum, as given.
        min: String,
        /// The maximum, as given.
        max: String,
    },
    /// A timestamp is not RFC 3339 (`2025-01-06T00:00:00+09:00`).
    #[error("experiment \"{experiment}\": {field} \"{value}\" is not an RFC 3339 timestamp")]
    BadTimestamp {
        /// The experiment's id.
        experiment: String,
        /// `start` or `end`.
        field: &'static str,
        /// The string given.
        value: String,
    },
    /// An experiment's end is not after its start.
    #[error("experiment \"{experiment}\": end is not after start")]
    EmptyWindow {
        /// The experiment's id.
        experiment: String,
    },
    /// An I/O error on an event log or report file, with the path it concerns.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error (shown in the message, so not also given as `source`).
        error: std::io::Error,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            error,
        }
    }
}
