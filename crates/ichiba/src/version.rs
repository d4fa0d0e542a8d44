//! The one version type: app, OS and artifact versions, for experiment targeting and
//! artifact selection alike, so a device string is accepted or refused the same way by both.

use std::cmp::Ordering;
use std::fmt;

/// A "semver-ish" version: 1 to 4 dot-separated numbers, compared numerically with missing
/// parts read as 0 (`10` = `10.0` = `10.0.0`). A suffix after `-` or `+` (`5.3.0-beta`,
/// `5.3.0+1234`) is accepted and ignored: `5.3.0-beta` compares equal to `5.3.0`.
#[derive(Debug, Clone, Copy)]
pub struct Version {
    parts: [u32; 4],
    len: u8,
}

impl Version {
    /// `0`: below every other version.
    pub const ZERO: Version = Version {
        parts: [0; 4],
        len: 1,
    };

    /// Parses `1.2.3`-like text; `None` if it is not one.
    pub fn parse(text: &str) -> Option<Version> {
        let core = text.split(['-', '+']).next().unwrap_or("");
        let mut parts = [0u32; 4];
        let mut len = 0u8;
        for piece in core.split('.') {
            if len == 4 || piece.is_empty() || !piece.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            parts[usize::from(len)] = piece.parse().ok()?;
            len += 1;
        }
        Some(Version { parts, len })
    }

    /// The four numeric parts, missing ones as 0.
    pub fn parts(&self) -> [u32; 4] {
        self.parts
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl Eq for Version {}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.parts.cmp(&other.parts)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.parts[..usize::from(self.len.max(1))]
            .iter()
            .enumerate()
        {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl Version {
    /// How many numeric parts the text had (1–4).
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Always false: a version has at least one part (for clippy's `len_without_is_empty`).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether `self` ≤ `max`, looking only at as many parts as `max` has: `5.3.7` is at
    /// most `5.3`, `5.4.0` is not.
    pub fn at_most(&self, max: &Version) -> bool {
        let n = max.len();
        self.parts[..n].cmp(&max.parts[..n]) != Ordering::Greater
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_compares_padded() {
        let v = |s| Version::parse(s).unwrap();
        assert_eq!(v("10"), v("10.0.0"));
        assert!(v("5.10") > v("5.9.9"));
        assert_eq!(v("5.3.0-beta"), v("5.3.0"));
        assert_eq!(v("5.3.0+1234").to_string(), "5.3.0");
        assert_eq!(v("2026.11.29").parts(), [2026, 11, 29, 0]);
        for bad in [
            "",
            "5.",
            ".5",
            "5..1",
            "a.b",
            "1.2.3.4.5",
            "-1",
            "5.3 ",
            "99999999999",
        ] {
            assert!(Version::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn at_most_looks_at_the_maximum_s_precision() {
        let v = |s| Version::parse(s).unwrap();
        assert!(v("5.3.7").at_most(&v("5.3")));
        assert!(v("5.3").at_most(&v("5.3.0")));
        assert!(!v("5.4.0").at_most(&v("5.3")));
        assert!(v("4").at_most(&v("5")));
    }

    /// Experiment targeting and artifact selection parse a device's versions with this one
    /// type, so each string is accepted or refused by both alike.
    #[test]
    fn experiment_targeting_and_artifact_selection_agree_on_every_version_string() {
        use crate::artifacts::{self, ArtifactError};
        use crate::experiment::{Device, Platform};

        let manifest = r#"{"manifest_version": 1, "artifacts": [{"name": "dictionary",
            "version": "1", "url": "https://example.invalid/d", "size": 1,
            "sha256": "0000000000000000000000000000000000000000000000000000000000000000"}]}"#;
        let strings = [
            "5.3.0",
            "5.3.0-beta",
            "5.3.0+1234",
            "5",
            "5.3.0.7",
            "2026.11.29",
            "",
            " ",
            "5.",
            "5..3",
            "v5.3",
            "5.3.0.1.2",
            "5.3-",
            "-beta",
            "99999999999",
            "５.３",
        ];
        for app in strings {
            let experiment = Device::new(Platform::Android, app, "14").is_ok();
            let device = artifacts::Device {
                os: "android".into(),
                os_version: "14".into(),
                arch: "arm64-v8a".into(),
                app_version: app.into(),
                preferred_precision: None,
            };
            let selection = match artifacts::select(manifest, "dictionary", &device) {
                Ok(_) => true,
                Err(ArtifactError::InvalidDevice(_)) => false,
                Err(e) => panic!("{app:?}: {e}"),
            };
            assert_eq!(experiment, selection, "app version {app:?}");
            assert_eq!(experiment, Version::parse(app).is_some(), "{app:?}");
        }
        assert!(Device::new(Platform::Android, "5.3.0-beta", "14").is_ok());
    }
}
