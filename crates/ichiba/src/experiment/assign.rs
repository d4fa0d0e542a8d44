//! Deterministic assignment: the bucket hash, the device being targeted, and the [`Client`]
//! that holds the last good config and tells the app its parameters.

use std::sync::{Arc, RwLock};

use sha2::{Digest, Sha256};

use super::config::{Config, Params, Platform};
use super::events::{Event, EventKind};
use super::{Error, Result};
use crate::Version;

/// How many buckets users are hashed into: one bucket is 0.01% of users.
pub const BUCKETS: u32 = 10_000;

/// The bucket of `user_id` in the experiment salted `salt`: the first 8 bytes of
/// SHA-256(`salt` + `":"` + `user_id`) (UTF-8) read as a big-endian `u64`, modulo
/// [`BUCKETS`].
///
/// This is the whole assignment hash: every platform and a server computes the same value,
/// e.g. in Python `int.from_bytes(hashlib.sha256(f"{salt}:{user}".encode()).digest()[:8],
/// "big") % 10000`. `docs/experiments.md` has the SQL and test vectors.
///
/// ```
/// assert_eq!(ichiba::experiment::bucket("display-duration-2025-01", "user-1"), 6970);
/// ```
pub fn bucket(salt: &str, user_id: &str) -> u32 {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(b":");
    hasher.update(user_id.as_bytes());
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(first) % u64::from(BUCKETS)) as u32
}

/// The device asking, for targeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Its platform.
    pub platform: Platform,
    /// The app's version.
    pub app_version: Version,
    /// The OS version.
    pub os_version: Version,
}

impl Device {
    /// A device from version strings such as `"5.3.0"` and `"17.4"`.
    pub fn new(platform: Platform, app_version: &str, os_version: &str) -> Result<Device> {
        let parse = |place: &str, text: &str| {
            Version::parse(text).ok_or_else(|| Error::BadVersion {
                place: place.to_owned(),
                value: text.to_owned(),
            })
        };
        Ok(Device {
            platform,
            app_version: parse("device app version", app_version)?,
            os_version: parse("device OS version", os_version)?,
        })
    }
}

/// A user's place in one experiment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The experiment's id.
    pub experiment: String,
    /// The variant's name.
    pub variant: String,
    /// The user's bucket, `0..BUCKETS`.
    pub bucket: u32,
}

/// What a user gets: the parameters to run with, and the experiments they are in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The user id the decision is for.
    pub user: String,
    /// The defaults with every assigned variant's parameters laid over them.
    pub params: Params,
    /// One entry per experiment that applies to this device now, in config order.
    pub assignments: Vec<Assignment>,
}

impl Decision {
    /// The events to log for `kind` at `ts_ms`: one per assignment, each tagged with its
    /// experiment and variant. Log [`EventKind::Exposure`] when the user opens the listing
    /// form (one exposure per listing attempt), then what happens to the suggestion bar.
    pub fn events(&self, ts_ms: i64, kind: &EventKind) -> Vec<Event> {
        self.assignments
            .iter()
            .map(|a| Event {
                ts: ts_ms,
                user: self.user.clone(),
                experiment: a.experiment.clone(),
                variant: a.variant.clone(),
                kind: kind.clone(),
            })
            .collect()
    }
}

/// The on-device experiment client: holds the last good [`Config`], decides what each user
/// gets. `Send + Sync`; [`Client::load`] swaps the config atomically while other threads
/// keep deciding.
#[derive(Debug, Default)]
pub struct Client {
    config: RwLock<Arc<Config>>,
}

impl Client {
    /// A client with no experiments: everyone gets [`Params::default`].
    pub fn new() -> Client {
        Client::default()
    }

    /// A client holding `config`.
    pub fn with_config(config: Config) -> Client {
        Client {
            config: RwLock::new(Arc::new(config)),
        }
    }

    /// Parses and validates `json` and, if it is good, makes it the current config. If it is
    /// not, returns why and keeps the previous config.
    pub fn load(&self, json: &str) -> Result<()> {
        let config = Config::from_json(json)?;
        self.set(config);
        Ok(())
    }

    /// Makes `config` the current config.
    pub fn set(&self, config: Config) {
        let mut slot = self.config.write().unwrap_or_else(|e| e.into_inner());
        *slot = Arc::new(config);
    }

    /// The current config.
    pub fn config(&self) -> Arc<Config> {
        Arc::clone(&self.config.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// What `user_id` on `device` gets at `now_ms` (unix ms): the defaults, overlaid with
    /// the parameters of the variant they hash to in each experiment that is live (not
    /// killed, inside its window) and targets the device. A killed, finished or untargeted
    /// experiment gives no assignment and leaves the defaults alone.
    pub fn decide(&self, user_id: &str, device: &Device, now_ms: i64) -> Decision {
        let config = self.config();
        let mut params = config.defaults().clone();
        let mut assignments = Vec::new();
        for experiment in config.experiments() {
            if !experiment.applies_to(device, now_ms) {
                continue;
            }
            let (bucket, variant) = experiment.assign(user_id);
            variant.params().apply_to(&mut params);
            assignments.push(Assignment {
                experiment: experiment.id().to_owned(),
                variant: variant.name().to_owned(),
                bucket,
            });
        }
        Decision {
            user: user_id.to_owned(),
            params,
            assignments,
        }
    }
}
