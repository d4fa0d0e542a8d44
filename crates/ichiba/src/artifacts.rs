//! Artifact selection and verification: which dictionary or model file this device should
//! download, and whether the downloaded bytes are the ones the manifest promised.
//!
//! Plain Rust, the same code for dictionaries and models; `lib.rs` exports it in a few lines.
//!
//! # Manifest
//!
//! ```json
//! {
//!   "manifest_version": 1,
//!   "artifacts": [
//!     { "name": "media-classifier", "kind": "model", "version": "3",
//!       "url": "https://cdn.example/media-fp16-arm64.onnx", "size": 4790000,
//!       "sha256": "<64 hex>", "precision": "fp16",
//!       "os": "android", "min_os_version": "10", "arch": ["arm64"],
//!       "min_app_version": "5.2", "max_app_version": "5.9" },
//!     { "name": "dictionary", "kind": "dictionary", "version": "2026.11.29",
//!       "url": "https://cdn.example/ja.ichiba", "size": 206985, "sha256": "<64 hex>",
//!       "format_version": 1 },
//!     { "name": "analyzer", "kind": "analyzer", "version": "2.7.0.1",
//!       "url": "https://cdn.example/ipadic.analyzer", "size": 13807616, "sha256": "<64 hex>",
//!       "format_version": 1 }
//!   ]
//! }
//! ```
//!
//! Every constraint is optional; a missing one matches every device. Unknown fields are
//! ignored, so a server may add informational fields without breaking installed apps; a new
//! *constraint* needs a new `manifest_version`, which older apps refuse.
//!
//! * `os`: `android` or `ios` (case-insensitive; `ipados` counts as `ios`).
//! * `min_os_version`: the lowest OS version, inclusive; needs `os`.
//! * `arch`: CPU architectures the file is built for. Aliases are folded: `arm64` =
//!   `aarch64` = `arm64-v8a`, `arm` = `armv7` = `armeabi-v7a`, `x86_64` = `amd64`, `x86` = `i686`.
//! * `min_app_version` (inclusive) and `max_app_version` (inclusive *at its own precision*:
//!   `"5.9"` admits 5.9, 5.9.0 and 5.9.7 but not 5.10).
//! * `precision`: `fp32`, `fp16` or `int8`; a missing precision counts as `fp32`.
//! * `format_version` (kinds `dictionary` and `analyzer`): files in a format this library
//!   cannot read are skipped.
//!
//! Versions are [`Version`]s, the same type experiment targeting uses: 1 to 4 dotted numbers
//! (`14`, `17.4.1`, `2026.11.29`), missing parts read as zeros, a `-beta` or `+build` suffix
//! ignored.
//!
//! # Choice
//!
//! Of the artifacts with the requested `name` that fit the device, the best is, in order:
//!
//! 1. the best precision in the device's fallback order: the preferred precision first, then
//!    the more precise ones, nearest first (they still run, only slower or larger), then the
//!    less precise ones, nearest first. Preferring `int8`: int8, fp16, fp32. Preferring
//!    `fp16`: fp16, fp32, int8. No preference: fp32, fp16, int8;
//! 2. a file built for the device's architecture over one with no `arch` (generic);
//! 3. the higher `min_os_version` (the build that targets a newer OS, so uses more of it);
//! 4. the higher `version`;
//! 5. the one listed first in the manifest.
//!
//! When nothing fits, the error lists every candidate and why it was skipped.

use std::io::Read;
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::Version;

/// The manifest schema version this library reads.
pub const MANIFEST_VERSION: u32 = 1;

/// What went wrong selecting or verifying an artifact.
#[derive(Debug, thiserror::Error)]
pub enum ArtifactError {
    /// The manifest is not JSON or breaks the schema.
    #[error("{0}")]
    InvalidManifest(String),
    /// The device description has a malformed field.
    #[error("device: {0}")]
    InvalidDevice(String),
    /// No artifact fits: why each candidate was skipped.
    #[error("{0}")]
    NoMatch(String),
    /// The bytes have the wrong length.
    #[error("expected {expected} bytes, got {got} (a truncated or partial download?)")]
    SizeMismatch {
        /// The size promised.
        expected: u64,
        /// The size found.
        got: u64,
    },
    /// The bytes have the wrong sha256.
    #[error("expected sha256 {expected}, got {got}")]
    Sha256Mismatch {
        /// The digest promised (lower-case hex).
        expected: String,
        /// The digest found.
        got: String,
    },
    /// The file to verify could not be read.
    #[error("{0}")]
    Io(String),
}

type Result<T, E = ArtifactError> = std::result::Result<T, E>;

/// One downloadable file: a dictionary or a model, with the devices it is meant for.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Artifact {
    /// What it is for (`dictionary`, `media-classifier`): selection is by name.
    pub name: String,
    /// `dictionary`, `analyzer` (the analyzer dictionary) or `model`; for the first two,
    /// `format_version` is checked.
    #[serde(default)]
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
    #[serde(default)]
    pub precision: Option<String>,
    /// The only OS it is for; absent: any.
    #[serde(default)]
    pub os: Option<String>,
    /// The lowest OS version, inclusive (needs `os`).
    #[serde(default)]
    pub min_os_version: Option<String>,
    /// CPU architectures it is built for; empty: any.
    #[serde(default)]
    pub arch: Vec<String>,
    /// The lowest app version, inclusive.
    #[serde(default)]
    pub min_app_version: Option<String>,
    /// The highest app version, inclusive at its own precision.
    #[serde(default)]
    pub max_app_version: Option<String>,
    /// For dictionaries and analyzer dictionaries: the file's format version.
    #[serde(default)]
    pub format_version: Option<u32>,
}

/// What the app knows about the device it runs on.
#[derive(Debug, Clone, PartialEq)]
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

#[derive(Deserialize)]
struct Manifest {
    manifest_version: u32,
    artifacts: Vec<Artifact>,
}

/// Precisions from least to most precise.
const PRECISIONS: [&str; 3] = ["int8", "fp16", "fp32"];

fn precision_index(p: &str) -> Option<usize> {
    let p = p.trim().to_ascii_lowercase();
    PRECISIONS.iter().position(|&q| q == p)
}

/// The fallback order for a preferred precision, as indexes into [`PRECISIONS`]: the
/// preferred one, the more precise ones nearest first, then the less precise ones nearest
/// first.
fn fallback_order(preferred: usize) -> Vec<usize> {
    let mut order = vec![preferred];
    order.extend(preferred + 1..PRECISIONS.len());
    order.extend((0..preferred).rev());
    order
}

/// `os` lower-cased and trimmed, with `ipados` / `iphoneos` folded into `ios`.
pub fn fold_os(os: &str) -> String {
    match os.trim().to_ascii_lowercase().as_str() {
        "ipados" | "iphoneos" => "ios".to_string(),
        other => other.to_string(),
    }
}

fn fold_arch(arch: &str) -> String {
    match arch.trim().to_ascii_lowercase().as_str() {
        "arm64" | "aarch64" | "arm64-v8a" | "arm64e" => "arm64".to_string(),
        "arm" | "armv7" | "armv7a" | "armeabi-v7a" => "arm".to_string(),
        "x86_64" | "amd64" | "x64" => "x86_64".to_string(),
        "x86" | "i686" | "i386" => "x86".to_string(),
        other => other.to_string(),
    }
}

/// A candidate that fits, with its sort keys.
struct Fit<'a> {
    artifact: &'a Artifact,
    index: usize,
    precision_rank: usize,
    arch_specific: bool,
    min_os: Version,
    version: Version,
}

/// For a kind whose files this library reads, what it is called and the format version it
/// reads: `dictionary` ([`crate::format::VERSION`]) and `analyzer`
/// ([`crate::analysis::artifact::VERSION`]).
fn readable_format(kind: &str) -> Option<(&'static str, u32)> {
    match kind {
        "dictionary" => Some(("dictionary", crate::format::VERSION)),
        "analyzer" => Some(("analyzer dictionary", crate::analysis::artifact::VERSION)),
        _ => None,
    }
}

/// Picks the best artifact named `name` in `manifest_json` for `device`.
pub fn select(manifest_json: &str, name: &str, device: &Device) -> Result<Artifact> {
    let manifest: Manifest = serde_json::from_str(manifest_json)
        .map_err(|e| ArtifactError::InvalidManifest(format!("not a valid manifest: {e}")))?;
    if manifest.manifest_version != MANIFEST_VERSION {
        return Err(ArtifactError::InvalidManifest(format!(
            "manifest_version {} is not supported (this library reads {MANIFEST_VERSION})",
            manifest.manifest_version
        )));
    }
    let os = fold_os(&device.os);
    let arch = fold_arch(&device.arch);
    let os_version = Version::parse(&device.os_version).ok_or_else(|| {
        ArtifactError::InvalidDevice(format!(
            "os_version {:?} is not a dotted number like 14 or 17.4.1",
            device.os_version
        ))
    })?;
    let app_version = Version::parse(&device.app_version).ok_or_else(|| {
        ArtifactError::InvalidDevice(format!(
            "app_version {:?} is not a dotted number like 5.12.0",
            device.app_version
        ))
    })?;
    let order = match &device.preferred_precision {
        None => fallback_order(PRECISIONS.len() - 1),
        Some(p) => fallback_order(precision_index(p).ok_or_else(|| {
            ArtifactError::InvalidDevice(format!(
                "preferred_precision {p:?} is not one of fp32, fp16, int8"
            ))
        })?),
    };

    let mut fits = Vec::new();
    let mut skipped = Vec::new();
    for (index, a) in manifest.artifacts.iter().enumerate() {
        let checked = check_artifact(a, index)?;
        if a.name != name {
            continue;
        }
        let label = format!("#{index} {} {}", a.name, a.version);
        let why = if checked.os.as_deref().is_some_and(|o| o != os) {
            Some(format!(
                "is for {}",
                checked.os.as_deref().unwrap_or_default()
            ))
        } else if let Some(min) = checked
            .min_os
            .as_ref()
            .filter(|m| os_version.cmp(m).is_lt())
        {
            Some(format!("needs {os} {}", min))
        } else if !checked.arch.is_empty() && !checked.arch.contains(&arch) {
            Some(format!("is built for {}", checked.arch.join(", ")))
        } else if let Some(min) = checked
            .min_app
            .as_ref()
            .filter(|m| app_version.cmp(m).is_lt())
        {
            Some(format!("needs app {} or later", min))
        } else if let Some(max) = checked.max_app.as_ref().filter(|m| !app_version.at_most(m)) {
            Some(format!("is for app {} at most", max))
        } else if let Some((what, reads)) = a
            .format_version
            .and_then(|v| readable_format(&a.kind).filter(|&(_, reads)| v != reads))
        {
            Some(format!(
                "has {what} format {} (this library reads {reads})",
                a.format_version.unwrap_or_default(),
            ))
        } else {
            None
        };
        match why {
            Some(why) => skipped.push(format!("{label} {why}")),
            None => fits.push(Fit {
                artifact: a,
                index,
                precision_rank: order
                    .iter()
                    .position(|&p| p == checked.precision)
                    .unwrap_or(usize::MAX),
                arch_specific: !checked.arch.is_empty(),
                min_os: checked.min_os.unwrap_or(Version::ZERO),
                version: checked.version,
            }),
        }
    }
    fits.sort_by(|a, b| {
        a.precision_rank
            .cmp(&b.precision_rank)
            .then_with(|| b.arch_specific.cmp(&a.arch_specific))
            .then_with(|| b.min_os.cmp(&a.min_os))
            .then_with(|| b.version.cmp(&a.version))
            .then_with(|| a.index.cmp(&b.index))
    });
    match fits.first() {
        Some(best) => Ok(best.artifact.clone()),
        None if skipped.is_empty() => Err(ArtifactError::NoMatch(format!(
            "the manifest has no artifact named {name:?}"
        ))),
        None => Err(ArtifactError::NoMatch(format!(
            "nothing named {name:?} fits {os} {} on {arch} with app {}: {}",
            os_version,
            app_version,
            skipped.join("; ")
        ))),
    }
}

/// An artifact's constraints, parsed and folded.
struct Checked {
    os: Option<String>,
    min_os: Option<Version>,
    arch: Vec<String>,
    min_app: Option<Version>,
    max_app: Option<Version>,
    precision: usize,
    version: Version,
}

/// Validates one manifest entry (all entries are checked, whatever their name, so a broken
/// manifest is caught on the first device that reads it).
fn check_artifact(a: &Artifact, index: usize) -> Result<Checked> {
    let bad = |what: String| ArtifactError::InvalidManifest(format!("artifact #{index}: {what}"));
    let version_of = |field: &str, v: &Option<String>| -> Result<Option<Version>> {
        v.as_deref()
            .map(|s| {
                Version::parse(s)
                    .ok_or_else(|| bad(format!("{field} {s:?} is not a dotted number")))
            })
            .transpose()
    };
    if a.name.is_empty() {
        return Err(bad("empty name".into()));
    }
    let version = Version::parse(&a.version)
        .ok_or_else(|| bad(format!("version {:?} is not a dotted number", a.version)))?;
    if a.sha256.len() != 64 || !a.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad(format!("sha256 {:?} is not 64 hex digits", a.sha256)));
    }
    if a.min_os_version.is_some() && a.os.is_none() {
        return Err(bad("min_os_version needs os".into()));
    }
    let precision = match &a.precision {
        None => PRECISIONS.len() - 1,
        Some(p) => precision_index(p)
            .ok_or_else(|| bad(format!("precision {p:?} is not one of fp32, fp16, int8")))?,
    };
    Ok(Checked {
        os: a.os.as_deref().map(fold_os),
        min_os: version_of("min_os_version", &a.min_os_version)?,
        arch: a.arch.iter().map(|s| fold_arch(s)).collect(),
        min_app: version_of("min_app_version", &a.min_app_version)?,
        max_app: version_of("max_app_version", &a.max_app_version)?,
        precision,
        version,
    })
}

fn check_expected_sha(expected: &str) -> Result<String> {
    let e = expected.trim().to_ascii_lowercase();
    if e.len() != 64 || !e.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ArtifactError::InvalidManifest(format!(
            "expected sha256 {expected:?} is not 64 hex digits"
        )));
    }
    Ok(e)
}

/// `bytes` as lower-case hex, two digits a byte: how manifests write sha256 digests and how
/// build ids are shown.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The sha256 of `bytes` as a manifest writes it (lower-case hex).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Checks that `bytes` have the promised size and sha256.
pub fn verify(bytes: &[u8], expected_size: u64, expected_sha256: &str) -> Result<()> {
    let expected = check_expected_sha(expected_sha256)?;
    if bytes.len() as u64 != expected_size {
        return Err(ArtifactError::SizeMismatch {
            expected: expected_size,
            got: bytes.len() as u64,
        });
    }
    let got = hex(&Sha256::digest(bytes));
    if got != expected {
        return Err(ArtifactError::Sha256Mismatch { expected, got });
    }
    Ok(())
}

/// Checks that the file at `path` has the promised size and sha256, reading it in chunks.
pub fn verify_file(path: &Path, expected_size: u64, expected_sha256: &str) -> Result<()> {
    let expected = check_expected_sha(expected_sha256)?;
    let io = |e: std::io::Error| ArtifactError::Io(format!("{}: {e}", path.display()));
    let mut file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size != expected_size {
        return Err(ArtifactError::SizeMismatch {
            expected: expected_size,
            got: size,
        });
    }
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    let got = hex(&hasher.finalize());
    if got != expected {
        return Err(ArtifactError::Sha256Mismatch { expected, got });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "974170c162591ad3610791e21db839b05927fec7b3fffadd493f41b62706439e";

    fn device(os: &str, os_version: &str, arch: &str, app: &str, p: Option<&str>) -> Device {
        Device {
            os: os.into(),
            os_version: os_version.into(),
            arch: arch.into(),
            app_version: app.into(),
            preferred_precision: p.map(str::to_string),
        }
    }

    fn android() -> Device {
        device("android", "14", "arm64-v8a", "5.12.0", None)
    }

    fn manifest(entries: &[serde_json::Value]) -> String {
        serde_json::json!({ "manifest_version": 1, "artifacts": entries }).to_string()
    }

    fn entry(url: &str, extra: serde_json::Value) -> serde_json::Value {
        let mut v = serde_json::json!({
            "name": "model", "kind": "model", "version": "1", "url": url,
            "size": 10, "sha256": SHA,
        });
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    }

    fn pick(entries: &[serde_json::Value], d: &Device) -> Result<String> {
        select(&manifest(entries), "model", d).map(|a| a.url)
    }

    #[test]
    fn unconstrained_artifact_fits_every_device() {
        let m = [entry("a", serde_json::json!({}))];
        assert_eq!(pick(&m, &android()).unwrap(), "a");
        assert_eq!(
            pick(&m, &device("ios", "15", "arm64", "1", Some("int8"))).unwrap(),
            "a"
        );
    }

    #[test]
    fn os_and_min_os_version() {
        let m = [
            entry(
                "ios",
                serde_json::json!({"os": "iOS", "min_os_version": "15.0"}),
            ),
            entry(
                "android-new",
                serde_json::json!({"os": "android", "min_os_version": "12"}),
            ),
            entry(
                "android-old",
                serde_json::json!({"os": "android", "min_os_version": "8.0"}),
            ),
        ];
        assert_eq!(pick(&m, &android()).unwrap(), "android-new");
        let old = device("android", "9", "arm64", "5.12", None);
        assert_eq!(pick(&m, &old).unwrap(), "android-old");
        let ancient = device("android", "7.1.2", "arm64", "5.12", None);
        let err = pick(&m, &ancient).unwrap_err().to_string();
        assert!(
            err.contains("needs android 8.0") && err.contains("is for ios"),
            "{err}"
        );
        assert_eq!(
            pick(&m, &device("iPadOS", "17.4.1", "arm64", "5", None)).unwrap(),
            "ios"
        );
        assert!(pick(&m, &device("ios", "14.8", "arm64", "5", None)).is_err());
    }

    #[test]
    fn arch_aliases_and_native_beats_generic() {
        let m = [
            entry("generic", serde_json::json!({})),
            entry("x86", serde_json::json!({"arch": ["x86_64"]})),
            entry("arm", serde_json::json!({"arch": ["aarch64"]})),
        ];
        assert_eq!(pick(&m, &android()).unwrap(), "arm");
        assert_eq!(
            pick(&m, &device("android", "14", "amd64", "5", None)).unwrap(),
            "x86"
        );
        assert_eq!(
            pick(&m, &device("android", "14", "armeabi-v7a", "5", None)).unwrap(),
            "generic"
        );
    }

    #[test]
    fn app_version_range() {
        let m = [
            entry("old-app", serde_json::json!({"max_app_version": "5.9"})),
            entry(
                "new-app",
                serde_json::json!({"min_app_version": "5.10", "version": "2"}),
            ),
        ];
        let app = |v: &str| device("android", "14", "arm64", v, None);
        assert_eq!(pick(&m, &app("5.9")).unwrap(), "old-app");
        // Inclusive at its own precision: 5.9.7 is still a 5.9.
        assert_eq!(pick(&m, &app("5.9.7")).unwrap(), "old-app");
        assert_eq!(pick(&m, &app("5.10.0")).unwrap(), "new-app");
        assert_eq!(pick(&m, &app("6")).unwrap(), "new-app");
        let only_new = [m[1].clone()];
        let err = pick(&only_new, &app("5.2")).unwrap_err().to_string();
        assert!(err.contains("needs app 5.10 or later"), "{err}");
    }

    #[test]
    fn precision_fallback_order() {
        assert_eq!(fallback_order(0), vec![0, 1, 2]); // int8 → fp16 → fp32
        assert_eq!(fallback_order(1), vec![1, 2, 0]); // fp16 → fp32 → int8
        assert_eq!(fallback_order(2), vec![2, 1, 0]); // fp32 → fp16 → int8
        let all = [
            entry("fp32", serde_json::json!({})),
            entry("fp16", serde_json::json!({"precision": "fp16"})),
            entry("int8", serde_json::json!({"precision": "INT8"})),
        ];
        let want = |p: Option<&str>| device("ios", "17", "arm64", "5", p);
        assert_eq!(pick(&all, &want(Some("int8"))).unwrap(), "int8");
        assert_eq!(pick(&all, &want(Some("fp16"))).unwrap(), "fp16");
        assert_eq!(pick(&all, &want(None)).unwrap(), "fp32");
        // Preferring fp16 without an fp16 file: the more precise fp32, not int8.
        let no16 = [all[0].clone(), all[2].clone()];
        assert_eq!(pick(&no16, &want(Some("fp16"))).unwrap(), "fp32");
        // Preferring int8 without one: fp16 before fp32.
        let no8 = [all[0].clone(), all[1].clone()];
        assert_eq!(pick(&no8, &want(Some("int8"))).unwrap(), "fp16");
        // Only int8 left: taken, whatever the preference.
        assert_eq!(pick(&[all[2].clone()], &want(None)).unwrap(), "int8");
    }

    #[test]
    fn precision_outranks_arch_and_version() {
        let m = [
            entry(
                "fp32-native-new",
                serde_json::json!({"arch": ["arm64"], "version": "9"}),
            ),
            entry("fp16-generic-old", serde_json::json!({"precision": "fp16"})),
        ];
        let d = device("android", "14", "arm64", "5", Some("fp16"));
        assert_eq!(pick(&m, &d).unwrap(), "fp16-generic-old");
    }

    #[test]
    fn tie_breaks_min_os_then_version_then_order() {
        let d = android();
        let by_os = [
            entry(
                "os8",
                serde_json::json!({"os": "android", "min_os_version": "8", "version": "5"}),
            ),
            entry(
                "os12",
                serde_json::json!({"os": "android", "min_os_version": "12"}),
            ),
        ];
        assert_eq!(pick(&by_os, &d).unwrap(), "os12");
        let by_version = [
            entry("v1.9", serde_json::json!({"version": "1.9"})),
            entry("v1.10", serde_json::json!({"version": "1.10"})),
        ];
        assert_eq!(pick(&by_version, &d).unwrap(), "v1.10");
        let same = [
            entry("first", serde_json::json!({})),
            entry("second", serde_json::json!({})),
        ];
        assert_eq!(pick(&same, &d).unwrap(), "first");
    }

    #[test]
    fn selects_by_name_and_skips_unreadable_dictionary_formats() {
        let dict = |url: &str, fv: u32| {
            serde_json::json!({"name": "dictionary", "kind": "dictionary", "version": "1",
                "url": url, "size": 1, "sha256": SHA, "format_version": fv})
        };
        let m = manifest(&[
            entry("model", serde_json::json!({})),
            dict("future", crate::format::VERSION + 1),
            dict("current", crate::format::VERSION),
        ]);
        let a = select(&m, "dictionary", &android()).unwrap();
        assert_eq!(a.url, "current");
        assert_eq!(a.kind, "dictionary");
        let err = select(&m, "voices", &android()).unwrap_err().to_string();
        assert!(err.contains("no artifact named \"voices\""), "{err}");
    }

    #[test]
    fn skips_unreadable_analyzer_formats() {
        let analyzer = |url: &str, fv: u32| {
            serde_json::json!({"name": "analyzer", "kind": "analyzer", "version": "1",
                "url": url, "size": 1, "sha256": SHA, "format_version": fv})
        };
        let v = crate::analysis::artifact::VERSION;
        let m = manifest(&[analyzer("future", v + 1), analyzer("current", v)]);
        assert_eq!(select(&m, "analyzer", &android()).unwrap().url, "current");
        let only_future = manifest(&[analyzer("future", v + 1)]);
        let err = select(&only_future, "analyzer", &android())
            .unwrap_err()
            .to_string();
        assert!(err.contains("analyzer dictionary format"), "{err}");
    }

    #[test]
    fn bad_manifests_and_devices_are_refused() {
        let d = android();
        assert!(matches!(
            select("{", "model", &d),
            Err(ArtifactError::InvalidManifest(_))
        ));
        let v2 = serde_json::json!({"manifest_version": 2, "artifacts": []}).to_string();
        assert!(matches!(
            select(&v2, "model", &d),
            Err(ArtifactError::InvalidManifest(_))
        ));
        for bad in [
            serde_json::json!({"sha256": "abc"}),
            serde_json::json!({"version": "v1"}),
            serde_json::json!({"precision": "fp8"}),
            serde_json::json!({"min_os_version": "8"}),
            serde_json::json!({"size": -1}),
        ] {
            let m = [entry("x", bad.clone())];
            assert!(
                matches!(pick(&m, &d), Err(ArtifactError::InvalidManifest(_))),
                "{bad}"
            );
        }
        let m = [entry("x", serde_json::json!({}))];
        for d in [
            device("android", "fourteen", "arm64", "5", None),
            device("android", "14", "arm64", "", None),
            device("android", "14", "arm64", "5", Some("fp64")),
        ] {
            assert!(matches!(pick(&m, &d), Err(ArtifactError::InvalidDevice(_))));
        }
    }

    #[test]
    fn verify_checks_size_then_sha256() {
        let bytes = b"hello";
        let sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        verify(bytes, 5, sha).unwrap();
        verify(bytes, 5, &sha.to_uppercase()).unwrap();
        assert!(matches!(
            verify(&bytes[..4], 5, sha),
            Err(ArtifactError::SizeMismatch {
                expected: 5,
                got: 4
            })
        ));
        assert!(matches!(
            verify(b"hellO", 5, sha),
            Err(ArtifactError::Sha256Mismatch { .. })
        ));
        assert!(matches!(
            verify(bytes, 5, "xyz"),
            Err(ArtifactError::InvalidManifest(_))
        ));

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        std::fs::write(&path, bytes).unwrap();
        verify_file(&path, 5, sha).unwrap();
        assert!(matches!(
            verify_file(&path, 6, sha),
            Err(ArtifactError::SizeMismatch { .. })
        ));
        assert!(matches!(
            verify_file(&dir.path().join("missing"), 5, sha),
            Err(ArtifactError::Io(_))
        ));
    }
}
