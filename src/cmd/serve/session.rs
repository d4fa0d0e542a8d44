//! The experiment flag in the demo: which variant a user is in, and the event log.
//!
//! `GET /api/session?user=ID` decides the user's variants (for a fixed demo device: Android,
//! app 5.3.0, OS 14), logs one `exposure` per experiment (one opening of the listing form)
//! and answers `{"user", "params": {…}, "assignments": [{"experiment", "variant",
//! "bucket"}]}`. `POST /api/event` takes `{"user", "type", …}` with the fields of a
//! `shown`, `accepted` or `dismissed` event (docs/experiments.md) and appends one line per
//! experiment the user is in that the event concerns: a suggestion-bar event goes to the
//! experiments on the bar's parameters, a `prompt_*` event to those on the barcode prompt's
//! (`prompt_display_ms`, `prompt_copy`), so neither report counts the other's events. The
//! variant is decided here, never taken from the client. The log holds ids and numbers only,
//! never typed text nor photos, and `ichiba ab report` reads it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use ichiba::experiment::{
    Client, Decision, Device, EventKind, EventWriter, Parameter, Platform, Rotation,
};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::api::{ApiError, json_response};

/// The experiments run when no `--experiments` file is given: the display-duration demo
/// (the same as `ichiba ab simulate`'s `DEMO_CONFIG`, checked by a test) and the barcode
/// prompt as the talk tells it: the original 4-second prompt naming the categories (control)
/// against the 8-second one saying what scanning does.
pub const SERVE_DEMO_CONFIG: &str = r#"{
  "experiments": [{
    "id": "display-duration",
    "salt": "display-duration-2025-01",
    "parameters": ["display_ms"],
    "variants": [
      {"name": "display-8s", "weight": 1, "params": {"display_ms": 8000}},
      {"name": "display-4s", "weight": 1, "params": {"display_ms": 4000}}
    ]
  }, {
    "id": "barcode-prompt",
    "salt": "barcode-prompt-2026-12",
    "parameters": ["prompt_display_ms", "prompt_copy"],
    "variants": [
      {"name": "prompt-4s-categories", "weight": 1,
       "params": {"prompt_display_ms": 4000, "prompt_copy": "barcode-categories"}},
      {"name": "prompt-8s-register", "weight": 1,
       "params": {"prompt_display_ms": 8000, "prompt_copy": "barcode-register"}}
    ]
  }]
}"#;

/// Longest user id accepted.
const MAX_USER_CHARS: usize = 128;

/// The experiment client, the demo device and the event log.
pub struct Sessions {
    client: Client,
    device: Device,
    default_user: String,
    events: Option<Mutex<EventWriter>>,
}

impl Sessions {
    /// Loads the experiment config (`None`: the demo) and opens the event log.
    pub fn new(config: Option<&Path>, default_user: &str, events: Option<&Path>) -> Result<Self> {
        let client = Client::new();
        match config {
            Some(path) => {
                let json = std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?;
                client
                    .load(&json)
                    .with_context(|| format!("loading {}", path.display()))?;
            }
            None => client
                .load(SERVE_DEMO_CONFIG)
                .context("the demo experiment config")?,
        }
        check_user(default_user).map_err(|e| anyhow::anyhow!("--user: {}", e.message()))?;
        let events = match events {
            Some(path) => Some(Mutex::new(
                EventWriter::open(path, Rotation::default())
                    .with_context(|| format!("opening the event log {}", path.display()))?,
            )),
            None => None,
        };
        Ok(Sessions {
            client,
            device: Device::new(Platform::Android, "5.3.0", "14")?,
            default_user: default_user.to_owned(),
            events,
        })
    }

    /// The event log's path, if events are logged.
    pub fn events_path(&self) -> Option<PathBuf> {
        let writer = self.events.as_ref()?;
        let writer = writer.lock().unwrap_or_else(|e| e.into_inner());
        Some(writer.path().to_path_buf())
    }

    /// The user id used when a request names none (`--user`).
    pub fn default_user(&self) -> &str {
        &self.default_user
    }

    /// What `user` gets now.
    pub fn decide(&self, user: &str) -> Decision {
        self.client.decide(user, &self.device, now_ms())
    }

    /// Appends one event per assignment the event concerns ([`concerns`]); returns how many
    /// lines were written.
    fn log(&self, decision: &Decision, kind: &EventKind) -> Result<usize, ApiError> {
        let Some(writer) = &self.events else {
            return Ok(0);
        };
        let config = self.client.config();
        let mut events = decision.events(now_ms(), kind);
        events.retain(|e| {
            config
                .experiment(&e.experiment)
                .is_none_or(|x| concerns(kind, x.parameters()))
        });
        let mut writer = writer.lock().unwrap_or_else(|e| e.into_inner());
        for event in &events {
            writer.append(event).map_err(|e| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("event log: {e}"))
            })?;
        }
        Ok(events.len())
    }
}

/// Whether an event of `kind` belongs in the log of an experiment on `parameters`: an
/// exposure in every one; a `prompt_*` event in those that vary the barcode prompt; a
/// suggestion-bar event in those that vary anything else.
fn concerns(kind: &EventKind, parameters: &[Parameter]) -> bool {
    let is_prompt = |p: &Parameter| matches!(p, Parameter::PromptDisplayMs | Parameter::PromptCopy);
    match kind {
        EventKind::Exposure => true,
        EventKind::PromptShown { .. }
        | EventKind::PromptTapped { .. }
        | EventKind::PromptExpired
        | EventKind::PromptDismissed { .. } => parameters.iter().any(is_prompt),
        _ => parameters.iter().any(|p| !is_prompt(p)),
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A user id from a request: 1 to `MAX_USER_CHARS` characters, no control characters and no
/// U+FFFD (what a query string's invalid UTF-8 decodes to: two different ids would meet).
pub fn check_user(user: &str) -> Result<(), ApiError> {
    let bad = |why: &str| ApiError::new(StatusCode::BAD_REQUEST, format!("user id {why}"));
    if user.is_empty() {
        return Err(bad("is empty"));
    }
    if user.chars().count() > MAX_USER_CHARS {
        return Err(bad(&format!("is longer than {MAX_USER_CHARS} characters")));
    }
    if user.chars().any(char::is_control) {
        return Err(bad("contains control characters"));
    }
    if user.contains(char::REPLACEMENT_CHARACTER) {
        return Err(bad("is not valid UTF-8 (it contains U+FFFD)"));
    }
    Ok(())
}

/// The query of `GET /api/session`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionQuery {
    user: Option<String>,
}

#[derive(Serialize)]
struct SessionAnswer<'a> {
    user: &'a str,
    params: &'a ichiba::experiment::Params,
    assignments: Vec<AssignmentJson<'a>>,
    logged: usize,
}

#[derive(Serialize)]
struct AssignmentJson<'a> {
    experiment: &'a str,
    variant: &'a str,
    bucket: u32,
}

/// `GET /api/session?user=ID`.
pub async fn session(
    State(state): State<Arc<AppState>>,
    query: Result<Query<SessionQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|r| ApiError::query(&r))?;
    let sessions = &state.session;
    let user = query.user.as_deref().unwrap_or(&sessions.default_user);
    check_user(user)?;
    let decision = sessions.decide(user);
    let logged = sessions.log(&decision, &EventKind::Exposure)?;
    Ok(json_response(
        StatusCode::OK,
        &SessionAnswer {
            user,
            params: &decision.params,
            assignments: decision
                .assignments
                .iter()
                .map(|a| AssignmentJson {
                    experiment: &a.experiment,
                    variant: &a.variant,
                    bucket: a.bucket,
                })
                .collect(),
            logged,
        },
    ))
}

#[derive(Deserialize)]
struct EventBody {
    user: String,
    #[serde(flatten)]
    kind: EventKind,
}

/// `POST /api/event`.
pub async fn event(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| ApiError::body(&r))?;
    let req: EventBody = serde_json::from_slice(&body).map_err(|e| ApiError::bad_json(&e))?;
    check_user(&req.user)?;
    if matches!(req.kind, EventKind::Exposure) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "exposures are logged by GET /api/session",
        ));
    }
    let sessions = &state.session;
    let decision = sessions.decide(&req.user);
    let logged = sessions.log(&decision, &req.kind)?;
    Ok(json_response(
        StatusCode::OK,
        &serde_json::json!({ "logged": logged }),
    ))
}

#[cfg(test)]
mod tests {
    use super::{SERVE_DEMO_CONFIG, concerns};
    use ichiba::experiment::{Config, EventKind, Parameter};
    use ichiba_lab::simulate::DEMO_CONFIG;

    #[test]
    fn the_serve_demo_runs_the_simulators_display_experiment_and_a_prompt_experiment() {
        let serve = Config::from_json(SERVE_DEMO_CONFIG).unwrap();
        let simulated = Config::from_json(DEMO_CONFIG).unwrap();
        assert_eq!(serve.experiments()[0], simulated.experiments()[0]);
        let prompt = serve.experiment("barcode-prompt").unwrap();
        assert_eq!(prompt.control().name(), "prompt-4s-categories");
    }

    #[test]
    fn prompt_events_go_to_prompt_experiments_and_bar_events_to_the_others() {
        let bar = [Parameter::DisplayMs];
        let prompt = [Parameter::PromptDisplayMs, Parameter::PromptCopy];
        let tapped = EventKind::PromptTapped { ms_since_shown: 10 };
        let dismissed = EventKind::Dismissed {
            field: ichiba::Field::Title,
            ms_since_shown: 10,
        };
        assert!(concerns(&tapped, &prompt) && !concerns(&tapped, &bar));
        assert!(concerns(&dismissed, &bar) && !concerns(&dismissed, &prompt));
        assert!(concerns(&EventKind::Exposure, &bar) && concerns(&EventKind::Exposure, &prompt));
    }
}
