//! The experiment flag in the demo: which variant a user is in, and the event log.
//!
//! `GET /api/session?user=ID` decides the user's variants (for a fixed demo device: Android,
//! app 5.3.0, OS 14), logs one `exposure` per experiment (one opening of the listing form)
//! and answers `{"user", "params": {…}, "assignments": [{"experiment", "variant",
//! "bucket"}]}`. `POST /api/event` takes `{"user", "type", …}` with the fields of a
//! `shown`, `accepted` or `dismissed` event (docs/experiments.md) and appends one line per
//! experiment the user is in; the variant is decided here, never taken from the client.
//! The log holds ids and numbers only, never typed text, and `ichiba ab report` reads it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use ichiba::experiment::{Client, Decision, Device, EventKind, EventWriter, Platform, Rotation};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::api::{ApiError, json_response};

/// The experiment run when no `--experiments` file is given: the display-duration demo
/// (the same as `ichiba ab simulate`'s).
use ichiba_lab::simulate::DEMO_CONFIG;

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
                .load(DEMO_CONFIG)
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

    fn decide(&self, user: &str) -> Decision {
        self.client.decide(user, &self.device, now_ms())
    }

    /// Appends one event per assignment; returns how many lines were written.
    fn log(&self, decision: &Decision, kind: &EventKind) -> Result<usize, ApiError> {
        let Some(writer) = &self.events else {
            return Ok(0);
        };
        let events = decision.events(now_ms(), kind);
        let mut writer = writer.lock().unwrap_or_else(|e| e.into_inner());
        for event in &events {
            writer.append(event).map_err(|e| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("event log: {e}"))
            })?;
        }
        Ok(events.len())
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn check_user(user: &str) -> Result<(), ApiError> {
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
    let Query(query) = query.map_err(|r| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("invalid query: {}", r.body_text()),
        )
    })?;
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
