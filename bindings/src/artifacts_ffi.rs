//! The artifact manifest's records for Kotlin, Swift and Python: uniffi remote records over
//! the core's [`ichiba::artifacts`] types (selection and verification live there).

use ichiba::artifacts::{Artifact, Device};

/// One downloadable file: a dictionary or a model, with the devices it is meant for.
#[uniffi::remote(Record)]
pub struct Artifact {
    /// What it is for (`dictionary`, `media-classifier`): selection is by name.
    pub name: String,
    /// `dictionary` or `model` (informational).
    pub kind: String,
    /// Its version (dotted numbers).
    pub version: String,
    /// Where to download it.
    pub url: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its sha256, lower-case hex.
    pub sha256: String,
    /// `fp32`, `fp16` or `int8` (models); absent counts as `fp32`.
    pub precision: Option<String>,
    /// The only OS it is for; absent: any.
    pub os: Option<String>,
    /// The lowest OS version, inclusive (needs `os`).
    pub min_os_version: Option<String>,
    /// CPU architectures it is built for; empty: any.
    pub arch: Vec<String>,
    /// The lowest app version, inclusive.
    pub min_app_version: Option<String>,
    /// The highest app version, inclusive at its own precision.
    pub max_app_version: Option<String>,
    /// For dictionaries: the artifact format version.
    pub format_version: Option<u32>,
}

/// What the app knows about the device it runs on.
#[uniffi::remote(Record)]
pub struct Device {
    /// `android` or `ios`.
    pub os: String,
    /// The OS version (`14`, `17.4.1`).
    pub os_version: String,
    /// The CPU architecture (`arm64-v8a`, `arm64`, `x86_64`, …).
    pub arch: String,
    /// The app's version (`5.12.0`).
    pub app_version: String,
    /// `fp32`, `fp16` or `int8`, or none for the most precise.
    pub preferred_precision: Option<String>,
}
