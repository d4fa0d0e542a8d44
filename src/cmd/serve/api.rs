//! `/api/suggest` and `/api/health`, and the JSON error every route answers with.
//!
//! ```text
//! POST /api/suggest
//! {"text": "👍しゅぷ", "cursor": 5, "field": "title", "top": 5}
//! → 200 {"suggestions": [{"surface": "シュプリーム", "reading": "しゅぷりーむ", "kind": "brand",
//!         "score": 3.1, "entity": "supreme", "corrected": false, "replace": {"start": 2, "end": 5, "text": "しゅぷ"}}, …],
//!        "cursor": 5, "units": "utf16", "micros": 41}
//! ```
//!
//! `text` is required; `cursor` (default: the end of the text), `replace.start` and
//! `replace.end` count **UTF-16 code units** (JavaScript's string indices); `field` is
//! `title`, `description`, `brand`, `category` or `free` (default); `top` is 0 to
//! `ichiba::MAX_TOP_K` (default 5); `typos` (default true) offers words one slip away, marked
//! `"corrected": true`. `category` (a category-tree node id, `ladies/bags`) and `brand` (an
//! entity id, `supreme`) are the listing's selections, the form being filled: suggestions
//! lean to that category's words; unknown ids are ignored. In the category field each
//! suggestion carries its node (`"category"`) and `"path"` (`レディース > バッグ`).
//! Unknown fields are refused. `replace.end` is the cursor, snapped back to the
//! start of a grapheme cluster if it was inside one (between an emoji and its skin tone).
//!
//! `POST /api/accept {"entity", "surface"}` learns a tap, `POST /api/forget {"entity"}`
//! forgets one learned word (`{"forgotten": bool}`).
//!
//! Errors: 400 (not JSON, invalid UTF-8, a lone surrogate escape, a missing or mistyped or
//! unknown field), 413 (body over `MAX_BODY`), 422 (cursor past the end or between the two
//! halves of a surrogate pair, `top` too large).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ichiba::text::cursor;
use ichiba::{Field, Request, Suggestion};
use serde::{Deserialize, Serialize};

use super::AppState;

/// An error answer: a status and `{"error": message}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    /// An error with `status` and `message`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// The message shown as `error`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// 400 for a body that is not the JSON expected.
    pub fn bad_json(e: &serde_json::Error) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, format!("invalid JSON body: {e}"))
    }

    /// The rejection of a body that could not be read (413 when too large).
    pub fn body(rejection: &BytesRejection) -> Self {
        let status = rejection.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!("request body is larger than {} bytes", super::MAX_BODY)
        } else {
            format!("could not read the request body: {}", rejection.body_text())
        };
        ApiError::new(status, message)
    }

    /// The rejection of a query string that does not parse (400).
    pub fn query(rejection: &QueryRejection) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("invalid query: {}", rejection.body_text()),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(
            self.status,
            &ErrorBody {
                error: &self.message,
            },
        )
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

/// `value` as a JSON response with `status`.
pub fn json_response(status: StatusCode, value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        // Our response types hold only strings and numbers; this is never reached.
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `GET /api/health`.
pub async fn health(State(state): State<Arc<AppState>>) -> Response {
    let dict = state.engine.dictionary();
    json_response(
        StatusCode::OK,
        &serde_json::json!({
            "status": "ok",
            "version": env!("CARGO_PKG_VERSION"),
            "entries": dict.len(),
            "build_id": dict.header().build_id_hex(),
            "media_model": state.photos.enabled(),
            "photo_max_bytes": super::photo::MAX_PHOTO,
        }),
    )
}

/// The body of `POST /api/suggest`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuggestBody {
    text: String,
    #[serde(default)]
    cursor: Option<usize>,
    #[serde(default)]
    field: Option<Field>,
    #[serde(default)]
    top: Option<usize>,
    #[serde(default)]
    typos: Option<bool>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    brand: Option<String>,
}

#[derive(Serialize)]
struct SuggestAnswer<'a> {
    suggestions: Vec<SuggestionJson<'a>>,
    cursor: usize,
    units: &'static str,
    micros: u64,
}

#[derive(Serialize)]
struct SuggestionJson<'a> {
    surface: &'a str,
    reading: &'a str,
    kind: ichiba::Kind,
    score: f32,
    entity: &'a str,
    corrected: bool,
    replace: SpanJson<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
}

#[derive(Serialize)]
struct SpanJson<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

/// `POST /api/suggest`.
pub async fn suggest(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| ApiError::body(&r))?;
    let req: SuggestBody = serde_json::from_slice(&body).map_err(|e| ApiError::bad_json(&e))?;
    let text = req.text.as_str();
    let unprocessable =
        |e: ichiba::Error| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string());
    let (cursor_byte, cursor_utf16) = match req.cursor {
        Some(c) => (cursor::utf16_to_byte(text, c).map_err(unprocessable)?, c),
        None => (text.len(), cursor::byte_to_utf16(text, text.len())),
    };
    let started = Instant::now();
    let suggestions = state
        .engine
        .suggest(
            &Request::new(text)
                .cursor(cursor_byte)
                .field(req.field.unwrap_or_default())
                .top_k(req.top.unwrap_or(5))
                .typos(req.typos.unwrap_or(true))
                .category(req.category.as_deref())
                .brand(req.brand.as_deref()),
        )
        .map_err(|e| match e {
            ichiba::Error::CursorOutOfRange { .. }
            | ichiba::Error::CursorInsideChar { .. }
            | ichiba::Error::InvalidRequest(_) => unprocessable(e),
            other => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
        })?;
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    let answer = SuggestAnswer {
        suggestions: suggestions
            .iter()
            .map(|s| to_json(text, cursor_byte, cursor_utf16, s))
            .collect(),
        cursor: cursor_utf16,
        units: "utf16",
        micros,
    };
    Ok(json_response(StatusCode::OK, &answer))
}

fn to_json<'a>(
    text: &'a str,
    anchor_byte: usize,
    anchor_utf16: usize,
    s: &'a Suggestion,
) -> SuggestionJson<'a> {
    let at = |byte: usize| utf16_at(text, anchor_byte, anchor_utf16, byte);
    SuggestionJson {
        surface: &s.surface,
        reading: &s.reading,
        kind: s.kind,
        score: (s.score * 1000.0).round() / 1000.0,
        entity: &s.entity,
        corrected: s.corrected,
        replace: SpanJson {
            start: at(s.replace.start),
            end: at(s.replace.end),
            text: text.get(s.replace.start..s.replace.end).unwrap_or_default(),
        },
        category: s.category.as_deref(),
        path: s.path.as_deref(),
    }
}

/// The UTF-16 offset of `byte`, counted from an anchor whose offsets in both units are
/// known (the cursor): O(distance), so a 64 KiB text costs no more than a short one, since
/// spans lie within the engine's window before the cursor.
fn utf16_at(text: &str, anchor_byte: usize, anchor_utf16: usize, byte: usize) -> usize {
    let units = |s: &str| s.chars().map(char::len_utf16).sum::<usize>();
    match (text.get(byte..anchor_byte), text.get(anchor_byte..byte)) {
        (Some(between), _) => anchor_utf16.saturating_sub(units(between)),
        (_, Some(between)) => anchor_utf16 + units(between),
        // Not on a character boundary (the engine never returns such spans): count all.
        _ => cursor::byte_to_utf16(text, byte),
    }
}

#[cfg(test)]
mod tests {
    use super::utf16_at;
    use ichiba::text::cursor::byte_to_utf16;

    #[test]
    fn utf16_offsets_from_an_anchor_match_a_full_count() {
        let text = "a👍🏽しゅぷ𠮷x";
        let anchor = text.len() - 1;
        let anchor16 = byte_to_utf16(text, anchor);
        for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(
                utf16_at(text, anchor, anchor16, b),
                byte_to_utf16(text, b),
                "{b}"
            );
        }
    }
}

/// The body of `POST /api/accept` and `POST /api/forget`: a suggestion's entity (and, to
/// accept, the surface tapped).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryBody {
    entity: String,
    #[serde(default)]
    surface: Option<String>,
}

fn history_body(body: Result<Bytes, BytesRejection>) -> Result<HistoryBody, ApiError> {
    let body = body.map_err(|r| ApiError::body(&r))?;
    let req: HistoryBody = serde_json::from_slice(&body).map_err(|e| ApiError::bad_json(&e))?;
    if req.entity.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "entity is empty".to_string(),
        ));
    }
    Ok(req)
}

fn history_error(e: ichiba::Error) -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

/// `POST /api/accept` `{"entity": "supreme", "surface": "シュプリーム"}`: the user tapped
/// it; it ranks higher next time (the server's engine learns for everyone it serves).
pub async fn accept(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let req = history_body(body)?;
    let surface = req.surface.unwrap_or_default();
    let tapped = Suggestion {
        surface,
        reading: String::new(),
        kind: ichiba::Kind::Item,
        score: 0.0,
        replace: ichiba::Span { start: 0, end: 0 },
        entity: req.entity,
        corrected: false,
        category: None,
        path: None,
    };
    state
        .engine
        .record_acceptance(&tapped)
        .map_err(history_error)?;
    Ok(json_response(
        StatusCode::OK,
        &serde_json::json!({"learned": state.engine.learning()}),
    ))
}

/// `POST /api/forget` `{"entity": "supreme"}`: forget one learned word;
/// answers `{"forgotten": true}` when it had been learned.
pub async fn forget(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let req = history_body(body)?;
    let forgotten = state.engine.forget(&req.entity).map_err(history_error)?;
    Ok(json_response(
        StatusCode::OK,
        &serde_json::json!({"forgotten": forgotten}),
    ))
}
