//! The A/B experiment flag for the apps: `ExperimentClient` (config, assignment, parameters)
//! and `ExperimentEventLog` (what happened to the suggestion bar and to the barcode-listing
//! prompt, as JSONL on the device).
//!
//! Each call delegates to `ichiba::experiment` (the config format, the assignment hash and
//! its test vectors, the event format: `docs/experiments.md`). The device is the same
//! [`Device`] record the app passes to `select_artifact`: its `os` picks the platform for
//! targeting (`android`, or `ios` / `ipados`), `app_version` and `os_version` the versions;
//! `arch` and `preferred_precision` are not used here.
//!
//! Events carry ids, numbers and enums only (the core's [`Event`] has no field for text), and
//! timestamps come from the app (unix milliseconds), so the same calls write the same lines.

use std::sync::{Mutex, MutexGuard};

use ichiba::experiment::{
    Assignment, Client, Decision, Device as CoreDevice, Event, EventKind, EventWriter, Params,
    Platform, PromptCopy, Rotation, Score,
};

use crate::engine::Field;
use crate::error::{BindingError, Result, guard};
use ichiba::artifacts::{Device, fold_os};

/// The largest `keep` an event log accepts: rotation renames every kept file, so an absurd
/// count would stall the app on each rotation.
pub const MAX_KEPT_FILES: u32 = 100;

/// The parameters the app runs with: the config's defaults with the parameters of every
/// variant the user is in laid over them.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExperimentParams {
    /// Whether the suggestion bar is shown at all.
    pub suggestions_enabled: bool,
    /// How many suggestions the bar shows (1–20): pass it as `top_k` to `suggest`.
    pub max_suggestions: u32,
    /// How long a suggestion stays up before it hides, in milliseconds (1–120000).
    pub display_ms: u32,
    /// The ranking variant's name (`default` unless an experiment sets one).
    pub ranking: String,
    /// How long the barcode-listing prompt stays up before it expires, in milliseconds
    /// (1–120000; default 8000). Log `log_prompt_expired` when it hides on its own.
    #[uniffi(default = 8000)]
    pub prompt_display_ms: u32,
    /// The prompt wording's id in the catalogue (`barcode-categories`, `barcode-register`).
    #[uniffi(default = "barcode-categories")]
    pub prompt_copy: String,
    /// The wording itself, to show on the prompt (the catalogue's text for `prompt_copy`).
    #[uniffi(default = "本・CD/DVD・ゲームの場合はバーコードで出品できます")]
    pub prompt_text: String,
}

/// A user's place in one experiment.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExperimentAssignment {
    /// The experiment's id.
    pub experiment: String,
    /// The variant's name.
    pub variant: String,
    /// The user's bucket, 0..10000 (the same on every platform and on the server).
    pub bucket: u32,
}

/// What a user gets: the parameters to run with and the experiments they are in. Keep it
/// for the session and pass it to the `ExperimentEventLog` calls, which tag each event with
/// its experiment and variant.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExperimentDecision {
    /// The user id the decision is for.
    pub user_id: String,
    /// The parameters to run with.
    pub params: ExperimentParams,
    /// One entry per experiment that applies to this device now, in config order; empty
    /// when the user is in none (then nothing is logged for them).
    pub assignments: Vec<ExperimentAssignment>,
}

impl From<Params> for ExperimentParams {
    fn from(p: Params) -> Self {
        ExperimentParams {
            suggestions_enabled: p.suggestions_enabled,
            max_suggestions: p.max_suggestions,
            display_ms: p.display_ms,
            ranking: p.ranking,
            prompt_display_ms: p.prompt_display_ms,
            prompt_copy: p.prompt_copy.id().to_owned(),
            prompt_text: p.prompt_copy.text().to_owned(),
        }
    }
}

impl From<ExperimentParams> for Params {
    /// The app's copy of the parameters back in the core's form. The events do not depend
    /// on the parameters, so a `prompt_copy` id the app altered into one the catalogue does
    /// not have falls back to the default wording instead of failing the log call.
    fn from(p: ExperimentParams) -> Self {
        Params {
            suggestions_enabled: p.suggestions_enabled,
            max_suggestions: p.max_suggestions,
            display_ms: p.display_ms,
            ranking: p.ranking,
            prompt_display_ms: p.prompt_display_ms,
            prompt_copy: PromptCopy::from_id(&p.prompt_copy).unwrap_or_default(),
        }
    }
}

/// The text of the barcode-listing prompt's wording `id` (an id from the catalogue:
/// `barcode-categories`, `barcode-register`). An unknown id is `InvalidRequest` naming the
/// known ones.
#[uniffi::export]
pub fn prompt_copy_text(id: String) -> Result<String> {
    guard(|| {
        PromptCopy::from_id(&id)
            .map(|c| c.text().to_owned())
            .ok_or_else(|| {
                BindingError::InvalidRequest(format!(
                    "prompt_copy \"{id}\" is not a known wording (known: {})",
                    PromptCopy::ids()
                ))
            })
    })
}

impl From<Decision> for ExperimentDecision {
    fn from(d: Decision) -> Self {
        ExperimentDecision {
            user_id: d.user,
            params: d.params.into(),
            assignments: d
                .assignments
                .into_iter()
                .map(|a| ExperimentAssignment {
                    experiment: a.experiment,
                    variant: a.variant,
                    bucket: a.bucket,
                })
                .collect(),
        }
    }
}

impl From<ExperimentDecision> for Decision {
    fn from(d: ExperimentDecision) -> Self {
        Decision {
            user: d.user_id,
            params: d.params.into(),
            assignments: d
                .assignments
                .into_iter()
                .map(|a| Assignment {
                    experiment: a.experiment,
                    variant: a.variant,
                    bucket: a.bucket,
                })
                .collect(),
        }
    }
}

/// The core's device (platform and parsed versions) from the app's `Device` record.
fn core_device(device: &Device) -> Result<CoreDevice> {
    let platform = match fold_os(&device.os).as_str() {
        "android" => Platform::Android,
        "ios" => Platform::Ios,
        other => {
            return Err(BindingError::InvalidRequest(format!(
                "device os {other:?} is neither \"android\" nor \"ios\""
            )));
        }
    };
    CoreDevice::new(platform, &device.app_version, &device.os_version)
        .map_err(|e| BindingError::InvalidRequest(e.to_string()))
}

fn invalid_config(e: ichiba::experiment::Error) -> BindingError {
    BindingError::InvalidConfig(e.to_string())
}

/// The experiment client: holds the last good config and tells the app which variant each
/// user is in and which parameters to use. Thread-safe: create one at app start, share it;
/// `load_config` swaps the config atomically while other threads keep deciding.
#[derive(Debug, uniffi::Object)]
pub struct ExperimentClient {
    client: Client,
}

#[uniffi::export]
impl ExperimentClient {
    /// A client with no experiments: every user gets the default parameters (suggestions
    /// on, 5 of them, 8000 ms, ranking `default`) until `load_config` succeeds.
    #[uniffi::constructor]
    pub fn new() -> Result<Self> {
        guard(|| {
            Ok(ExperimentClient {
                client: Client::new(),
            })
        })
    }

    /// A client holding the config `json` (the format is in `docs/experiments.md`); an
    /// invalid config is refused with `InvalidConfig`.
    #[uniffi::constructor]
    pub fn from_config(json: String) -> Result<Self> {
        guard(|| {
            let client = Client::new();
            client.load(&json).map_err(invalid_config)?;
            Ok(ExperimentClient { client })
        })
    }

    /// Validates `json` and, if it is good, makes it the current config. If it is not,
    /// throws `InvalidConfig` naming what to fix, and the previous config keeps serving.
    pub fn load_config(&self, json: String) -> Result<()> {
        guard(|| self.client.load(&json).map_err(invalid_config))
    }

    /// What `user_id` (a stable, opaque install or account id — never an e-mail address) on
    /// `device` gets at `now_ms` (unix milliseconds): the parameters and one assignment per
    /// experiment that is live and targets the device. A device outside an experiment's
    /// targeting, or a killed or finished experiment, leaves the defaults. A device whose
    /// `os` is not android/ios or whose versions do not parse is `InvalidRequest`.
    pub fn decide(
        &self,
        user_id: String,
        device: Device,
        now_ms: i64,
    ) -> Result<ExperimentDecision> {
        guard(|| {
            let device = core_device(&device)?;
            Ok(self.client.decide(&user_id, &device, now_ms).into())
        })
    }

    /// The ids of the experiments in the current config, in config order (to check which
    /// config is serving).
    pub fn experiment_ids(&self) -> Result<Vec<String>> {
        guard(|| {
            let config = self.client.config();
            Ok(config
                .experiments()
                .iter()
                .map(|e| e.id().to_owned())
                .collect())
        })
    }
}

impl Default for ExperimentClient {
    fn default() -> Self {
        ExperimentClient {
            client: Client::new(),
        }
    }
}

/// The experiment event log on the device: an append-only JSONL file, rotated by size
/// (`path.1` newest … `path.N` oldest). Each event is one line written in one call, so a
/// crash loses at most that line. Thread-safe: log from any thread.
///
/// Every `log_*` call takes the user's `ExperimentDecision` and writes one line per
/// experiment the user is in (tagged with its id and variant): none for a user in no
/// experiment.
#[derive(Debug, uniffi::Object)]
pub struct ExperimentEventLog {
    writer: Mutex<EventWriter>,
}

impl ExperimentEventLog {
    fn writer(&self) -> MutexGuard<'_, EventWriter> {
        // A panic while appending leaves at worst a torn line, which the next open ends
        // and the reader skips: the writer stays usable.
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn log(&self, decision: ExperimentDecision, ts_ms: i64, kind: EventKind) -> Result<()> {
        let events: Vec<Event> = Decision::from(decision).events(ts_ms, &kind);
        let mut writer = self.writer();
        for event in &events {
            writer
                .append(event)
                .map_err(|e| BindingError::Io(e.to_string()))?;
        }
        Ok(())
    }
}

#[uniffi::export]
impl ExperimentEventLog {
    /// Opens (or creates) the log at `path`, in the app's private storage; its directory
    /// must exist. When a line would take the file past `max_bytes` it is rotated and at
    /// most `keep` (≤ 100) old files are kept, so the log takes at most about
    /// `(keep + 1) * max_bytes`. A path that cannot be opened is `Io` naming it.
    #[uniffi::constructor(default(max_bytes = 1048576, keep = 3))]
    pub fn new(path: String, max_bytes: u64, keep: u32) -> Result<Self> {
        guard(|| {
            if max_bytes == 0 {
                return Err(BindingError::InvalidRequest(
                    "max_bytes is 0; give the event log's file size limit in bytes (the \
                     default is 1048576)"
                        .into(),
                ));
            }
            if keep > MAX_KEPT_FILES {
                return Err(BindingError::InvalidRequest(format!(
                    "keep is {keep}, over the {MAX_KEPT_FILES} old files an event log may keep"
                )));
            }
            let rotation = Rotation {
                max_bytes,
                keep: keep as usize,
            };
            let writer = EventWriter::open(&path, rotation).map_err(|e| {
                BindingError::Io(format!(
                    "cannot open the event log: {e}; pass a file in a directory that exists \
                     and the app can write"
                ))
            })?;
            Ok(ExperimentEventLog {
                writer: Mutex::new(writer),
            })
        })
    }

    /// The listing form opened for this user: log it once per opening (one exposure is one
    /// listing in the report).
    pub fn log_exposure(&self, decision: ExperimentDecision, ts_ms: i64) -> Result<()> {
        guard(|| self.log(decision, ts_ms, EventKind::Exposure))
    }

    /// A suggestion bar with `count` suggestions appeared in `field`.
    pub fn log_shown(
        &self,
        decision: ExperimentDecision,
        ts_ms: i64,
        field: Field,
        count: u32,
    ) -> Result<()> {
        guard(|| self.log(decision, ts_ms, EventKind::Shown { field, count }))
    }

    /// The user tapped the suggestion at 1-based `rank` in the bar, `ms_since_shown` after
    /// the bar appeared, saving `chars_saved` characters (the word's length minus what had
    /// been typed of it). A `rank` of 0 is `InvalidRequest`.
    pub fn log_accepted(
        &self,
        decision: ExperimentDecision,
        ts_ms: i64,
        field: Field,
        rank: u32,
        ms_since_shown: u32,
        chars_saved: u32,
    ) -> Result<()> {
        guard(|| {
            if rank == 0 {
                return Err(BindingError::InvalidRequest(
                    "rank is 0; ranks are 1-based (the first suggestion in the bar is 1)".into(),
                ));
            }
            let kind = EventKind::Accepted {
                field,
                rank,
                ms_since_shown,
                chars_saved,
            };
            self.log(decision, ts_ms, kind)
        })
    }

    /// The user closed the bar in `field` without tapping, `ms_since_shown` after it
    /// appeared.
    pub fn log_dismissed(
        &self,
        decision: ExperimentDecision,
        ts_ms: i64,
        field: Field,
        ms_since_shown: u32,
    ) -> Result<()> {
        guard(|| {
            let kind = EventKind::Dismissed {
                field,
                ms_since_shown,
            };
            self.log(decision, ts_ms, kind)
        })
    }

    /// The barcode-listing prompt appeared because the media model gave the photo `score`
    /// (its probability of a book, CD, DVD or game, 0–1). Only the score is logged, never
    /// the photo. A score that is not a number in [0, 1] is `InvalidRequest`.
    pub fn log_prompt_shown(
        &self,
        decision: ExperimentDecision,
        ts_ms: i64,
        score: f32,
    ) -> Result<()> {
        guard(|| {
            let score = Score::new(score).ok_or_else(|| {
                BindingError::InvalidRequest(format!(
                    "score {score} is not in [0, 1]; pass the media classifier's probability"
                ))
            })?;
            self.log(decision, ts_ms, EventKind::PromptShown { score })
        })
    }

    /// The user tapped the prompt's button, `ms_since_shown` after it appeared.
    pub fn log_prompt_tapped(
        &self,
        decision: ExperimentDecision,
        ts_ms: i64,
        ms_since_shown: u32,
    ) -> Result<()> {
        guard(|| self.log(decision, ts_ms, EventKind::PromptTapped { ms_since_shown }))
    }

    /// The prompt hid itself after `prompt_display_ms` without a tap.
    pub fn log_prompt_expired(&self, decision: ExperimentDecision, ts_ms: i64) -> Result<()> {
        guard(|| self.log(decision, ts_ms, EventKind::PromptExpired))
    }

    /// The user closed the prompt without tapping, `ms_since_shown` after it appeared.
    pub fn log_prompt_dismissed(
        &self,
        decision: ExperimentDecision,
        ts_ms: i64,
        ms_since_shown: u32,
    ) -> Result<()> {
        guard(|| {
            self.log(
                decision,
                ts_ms,
                EventKind::PromptDismissed { ms_since_shown },
            )
        })
    }

    /// Puts what was logged on storage (fsync): call it when the app goes to the
    /// background, not after every event.
    pub fn sync(&self) -> Result<()> {
        guard(|| {
            self.writer()
                .sync()
                .map_err(|e| BindingError::Io(e.to_string()))
        })
    }

    /// The log's files that exist, oldest first: upload them in this order.
    pub fn files(&self) -> Result<Vec<String>> {
        guard(|| {
            Ok(self
                .writer()
                .files()
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::sync::Arc;

    use super::*;

    /// docs/experiments.md's 1:1 `display-duration` experiment, targeted like the doc's.
    const CONFIG: &str = r#"{
      "defaults": {"max_suggestions": 6},
      "experiments": [{
        "id": "display-duration",
        "salt": "display-duration-2025-01",
        "parameters": ["display_ms"],
        "variants": [
          {"name": "display-8s", "weight": 1, "params": {"display_ms": 8000}},
          {"name": "display-4s", "weight": 1, "params": {"display_ms": 4000}}
        ],
        "targeting": {"app_version": {"min": "5.2.0", "max": "6.0.0"},
                      "os_version_min": {"android": "10"}}
      }]
    }"#;
    const NOW: i64 = 1_736_121_600_000;

    fn device(os: &str, app: &str, os_version: &str) -> Device {
        Device {
            os: os.into(),
            os_version: os_version.into(),
            arch: "arm64".into(),
            app_version: app.into(),
            preferred_precision: None,
        }
    }

    fn pixel() -> Device {
        device("android", "5.3.0", "14")
    }

    #[test]
    fn decide_follows_the_published_vectors_and_targeting() {
        let client = ExperimentClient::from_config(CONFIG.into()).unwrap();
        // docs/experiments.md: user-1 → bucket 6970 (display-4s), user-2 → 1397 (display-8s).
        let d = client.decide("user-1".into(), pixel(), NOW).unwrap();
        assert_eq!(
            d.assignments,
            [ExperimentAssignment {
                experiment: "display-duration".into(),
                variant: "display-4s".into(),
                bucket: 6970,
            }]
        );
        assert_eq!(
            d.params,
            ExperimentParams {
                suggestions_enabled: true,
                max_suggestions: 6,
                display_ms: 4000,
                ranking: "default".into(),
                prompt_display_ms: 8000,
                prompt_copy: "barcode-categories".into(),
                prompt_text: "本・CD/DVD・ゲームの場合はバーコードで出品できます".into(),
            }
        );
        let d = client.decide("user-2".into(), pixel(), NOW).unwrap();
        assert_eq!((d.assignments[0].bucket, d.params.display_ms), (1397, 8000));
        // Out of the app-version range, or below the OS minimum: defaults, no assignment.
        for outside in [
            device("android", "6.0.0", "14"),
            device("android", "5.3.0", "9"),
        ] {
            let d = client.decide("user-1".into(), outside, NOW).unwrap();
            assert!(d.assignments.is_empty(), "{d:?}");
            assert_eq!(d.params.display_ms, 8000);
        }
        // iPadOS is iOS, which has no OS minimum here.
        let d = client
            .decide("user-1".into(), device("iPadOS", "5.3.0", "12"), NOW)
            .unwrap();
        assert_eq!(d.assignments.len(), 1);
    }

    #[test]
    fn bad_devices_are_invalid_requests() {
        let client = ExperimentClient::new().unwrap();
        for bad in [
            device("windows", "5.3.0", "14"),
            device("android", "5.x", "14"),
            device("android", "5.3.0", ""),
        ] {
            let e = client.decide("u".into(), bad, NOW).unwrap_err();
            assert!(matches!(e, BindingError::InvalidRequest(_)), "{e:?}");
        }
    }

    #[test]
    fn an_invalid_config_is_refused_with_the_core_message_and_the_old_one_serves() {
        let client = ExperimentClient::from_config(CONFIG.into()).unwrap();
        let bad = CONFIG.replace("\"weight\": 1", "\"weight\": 0");
        let e = client.load_config(bad).unwrap_err();
        assert!(matches!(e, BindingError::InvalidConfig(_)), "{e:?}");
        assert_eq!(
            e.to_string(),
            "experiment \"display-duration\": weights sum to 0"
        );
        assert_eq!(client.experiment_ids().unwrap(), ["display-duration"]);
        let d = client.decide("user-1".into(), pixel(), NOW).unwrap();
        assert_eq!(d.params.display_ms, 4000);
        assert!(matches!(
            ExperimentClient::from_config("{".into()),
            Err(BindingError::InvalidConfig(_))
        ));
        client.load_config(r#"{"experiments": []}"#.into()).unwrap();
        assert!(client.experiment_ids().unwrap().is_empty());
    }

    #[test]
    fn events_are_one_line_per_assignment_and_hold_no_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let log = ExperimentEventLog::new(path.to_string_lossy().into(), 1 << 20, 3).unwrap();
        let client = ExperimentClient::from_config(CONFIG.into()).unwrap();
        let d = client.decide("user-1".into(), pixel(), NOW).unwrap();
        log.log_exposure(d.clone(), NOW).unwrap();
        log.log_shown(d.clone(), NOW + 1, Field::Title, 5).unwrap();
        log.log_accepted(d.clone(), NOW + 2, Field::Title, 1, 2300, 4)
            .unwrap();
        log.log_dismissed(d.clone(), NOW + 3, Field::Brand, 900)
            .unwrap();
        assert!(matches!(
            log.log_accepted(d, NOW, Field::Title, 0, 1, 1),
            Err(BindingError::InvalidRequest(_))
        ));
        let outside = client
            .decide("user-1".into(), device("android", "4.0", "14"), NOW)
            .unwrap();
        assert!(outside.assignments.is_empty());
        log.log_exposure(outside, NOW).unwrap(); // writes nothing: the lines below are all
        log.sync().unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let tail =
            r#""user":"user-1","experiment":"display-duration","variant":"display-4s","type""#;
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                format!(r#"{{"ts":{NOW},{tail}:"exposure"}}"#),
                format!(
                    r#"{{"ts":{},{tail}:"shown","field":"title","count":5}}"#,
                    NOW + 1
                ),
                format!(
                    r#"{{"ts":{},{tail}:"accepted","field":"title","rank":1,"ms_since_shown":2300,"chars_saved":4}}"#,
                    NOW + 2
                ),
                format!(
                    r#"{{"ts":{},{tail}:"dismissed","field":"brand","ms_since_shown":900}}"#,
                    NOW + 3
                ),
            ]
        );
        assert_eq!(log.files().unwrap(), [path.to_string_lossy().into_owned()]);
    }

    /// A 1:1 prompt experiment: 8 s with the categories wording against 4 s with the
    /// register wording.
    const PROMPT_CONFIG: &str = r#"{
      "experiments": [{
        "id": "prompt",
        "salt": "prompt-2025-02",
        "parameters": ["prompt_display_ms", "prompt_copy"],
        "variants": [
          {"name": "prompt-8s", "weight": 1,
           "params": {"prompt_display_ms": 8000, "prompt_copy": "barcode-categories"}},
          {"name": "prompt-4s", "weight": 1,
           "params": {"prompt_display_ms": 4000, "prompt_copy": "barcode-register"}}
        ]
      }]
    }"#;

    #[test]
    fn prompt_parameters_and_events_cross_the_boundary() {
        let client = ExperimentClient::from_config(PROMPT_CONFIG.into()).unwrap();
        let mut seen = Vec::new();
        for user in ["user-1", "user-2", "user-3", "user-4", "user-5", "user-6"] {
            let d = client.decide(user.into(), pixel(), NOW).unwrap();
            let p = &d.params;
            let expected = match d.assignments[0].variant.as_str() {
                "prompt-8s" => (8000, "barcode-categories"),
                _ => (4000, "barcode-register"),
            };
            assert_eq!((p.prompt_display_ms, p.prompt_copy.as_str()), expected);
            assert_eq!(
                p.prompt_text,
                prompt_copy_text(p.prompt_copy.clone()).unwrap()
            );
            seen.push(p.prompt_display_ms);
        }
        assert!(seen.contains(&8000) && seen.contains(&4000), "{seen:?}");
        assert_eq!(
            prompt_copy_text("barcode-register".into()).unwrap(),
            "商品のバーコードを読み取ると出品に必要な情報を登録できます"
        );
        match prompt_copy_text("barcode".into()) {
            Err(BindingError::InvalidRequest(m)) => {
                assert!(m.contains("barcode-categories, barcode-register"), "{m}")
            }
            other => panic!("{other:?}"),
        }
        // An unknown wording or an out-of-range display time is refused; the old config serves.
        for bad in [
            PROMPT_CONFIG.replace("\"barcode-register\"", "\"barcode\""),
            PROMPT_CONFIG.replace("4000", "0"),
        ] {
            let e = client.load_config(bad).unwrap_err();
            assert!(matches!(e, BindingError::InvalidConfig(_)), "{e:?}");
        }
        assert_eq!(client.experiment_ids().unwrap(), ["prompt"]);

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let log = ExperimentEventLog::new(path.to_string_lossy().into(), 1 << 20, 3).unwrap();
        let d = client.decide("user-1".into(), pixel(), NOW).unwrap();
        let variant = d.assignments[0].variant.clone();
        log.log_prompt_shown(d.clone(), NOW, 0.875).unwrap();
        log.log_prompt_tapped(d.clone(), NOW + 5100, 5100).unwrap();
        log.log_prompt_shown(d.clone(), NOW + 10, 1.0).unwrap();
        log.log_prompt_dismissed(d.clone(), NOW + 20, 700).unwrap();
        log.log_prompt_shown(d.clone(), NOW + 30, 0.0).unwrap();
        log.log_prompt_expired(d.clone(), NOW + 40).unwrap();
        for bad in [f32::NAN, f32::INFINITY, -0.01, 1.5] {
            assert!(
                matches!(
                    log.log_prompt_shown(d.clone(), NOW, bad),
                    Err(BindingError::InvalidRequest(_))
                ),
                "{bad}"
            );
        }
        log.sync().unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let tail = format!(r#""user":"user-1","experiment":"prompt","variant":"{variant}","type""#);
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                format!(r#"{{"ts":{NOW},{tail}:"prompt_shown","score":0.875}}"#),
                format!(
                    r#"{{"ts":{},{tail}:"prompt_tapped","ms_since_shown":5100}}"#,
                    NOW + 5100
                ),
                format!(r#"{{"ts":{},{tail}:"prompt_shown","score":1.0}}"#, NOW + 10),
                format!(
                    r#"{{"ts":{},{tail}:"prompt_dismissed","ms_since_shown":700}}"#,
                    NOW + 20
                ),
                format!(r#"{{"ts":{},{tail}:"prompt_shown","score":0.0}}"#, NOW + 30),
                format!(r#"{{"ts":{},{tail}:"prompt_expired"}}"#, NOW + 40),
            ]
        );
        let read = ichiba::experiment::read_log(text.as_bytes()).unwrap();
        assert_eq!((read.events.len(), read.skipped.total()), (6, 0));
    }

    #[test]
    fn rotation_limits_and_bad_paths() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let p = path.to_string_lossy().into_owned();
        let log = ExperimentEventLog::new(p.clone(), 300, 1).unwrap();
        let client = ExperimentClient::from_config(CONFIG.into()).unwrap();
        let d = client.decide("user-2".into(), pixel(), NOW).unwrap();
        for i in 0..10 {
            log.log_exposure(d.clone(), NOW + i).unwrap();
        }
        let files = log.files().unwrap();
        assert_eq!(files, [format!("{p}.1"), p.clone()]);
        for f in &files {
            assert!(fs::metadata(f).unwrap().len() <= 300);
        }
        let missing = dir.path().join("no-such-dir/events.jsonl");
        let missing = missing.to_string_lossy().into_owned();
        match ExperimentEventLog::new(missing.clone(), 1024, 3) {
            Err(BindingError::Io(m)) => assert!(m.contains(&missing), "{m}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            ExperimentEventLog::new(p.clone(), 0, 3),
            Err(BindingError::InvalidRequest(_))
        ));
        assert!(matches!(
            ExperimentEventLog::new(p, 1024, MAX_KEPT_FILES + 1),
            Err(BindingError::InvalidRequest(_))
        ));
    }

    #[test]
    fn concurrent_decide_and_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let log =
            Arc::new(ExperimentEventLog::new(path.to_string_lossy().into(), 1 << 20, 3).unwrap());
        let client = Arc::new(ExperimentClient::from_config(CONFIG.into()).unwrap());
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let (log, client) = (Arc::clone(&log), Arc::clone(&client));
                std::thread::spawn(move || {
                    for i in 0..50 {
                        let d = client.decide(format!("u-{t}-{i}"), pixel(), NOW).unwrap();
                        log.log_shown(d, NOW + i, Field::Title, 5).unwrap();
                    }
                })
            })
            .collect();
        for _ in 0..20 {
            client.load_config(CONFIG.into()).unwrap();
        }
        for t in threads {
            t.join().unwrap();
        }
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 200);
        let log = ichiba::experiment::read_log(text.as_bytes()).unwrap();
        assert_eq!((log.events.len(), log.skipped.total()), (200, 0));
    }
}
