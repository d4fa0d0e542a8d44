//! ichiba: an on-device suggestion engine for a second-hand marketplace's listing form.
//!
//! While a seller types a title or description, ichiba suggests marketplace words —
//! brands (しゅぷ → シュプリーム), items, attributes and listing phrases (新品未使用) — for
//! the word before the cursor, whether it is typed as hiragana, romaji, katakana, half- or
//! full-width Latin or kanji, and says exactly which span of the text each suggestion
//! replaces.
//!
//! * [`Engine`] (`Send + Sync`): [`Engine::suggest`] takes a [`Request`] (text, cursor in
//!   UTF-8 bytes, [`Field`], top-k) and returns [`Suggestion`]s; [`Engine::swap`] replaces
//!   the dictionary while queries run.
//! * [`Dictionary`]: a checked, memory-mappable artifact ([`format`](mod@format)) with best-first top-k
//!   lookups over fsts.
//! * [`text`]: width folding, kana, romaji, grapheme-safe cursors. [`analysis`]: lindera
//!   over the embedded IPADIC (feature `analysis`) or a delivered analyzer dictionary
//!   (feature `analyzer-file`, [`analysis::artifact`]), else script runs.
//! * [`experiment`]: the A/B flag (assignment, parameters) and its on-device event log.
//! * [`artifacts`]: which dictionary or model file a device should download, and whether the
//!   download is intact.
//!
//! This is the crate the phone links: it never depends on the builder's, the lab's or the
//! command line's crates (`ichiba-build`, `ichiba-lab`, `ichiba-cli`); see `ARCHITECTURE.md`.
//! Features: `analysis` (lindera + embedded IPADIC), `analyzer-file` (lindera over an
//! analyzer dictionary loaded from a file: the phone's), `embedded-dictionary` (the default
//! dictionary compiled in: [`Engine::embedded`]); `analysis` and `embedded-dictionary` are on
//! by default.
//!
//! ```
//! # #[cfg(feature = "embedded-dictionary")] {
//! use ichiba::{Engine, Request};
//!
//! let engine = Engine::embedded()?;
//! let suggestions = engine.suggest(&Request::new("しゅぷ"))?;
//! assert_eq!(suggestions[0].surface, "シュプリーム");
//! assert_eq!((suggestions[0].replace.start, suggestions[0].replace.end), (0, "しゅぷ".len()));
//! # }
//! # Ok::<(), ichiba::Error>(())
//! ```
#![deny(missing_docs)]

pub mod analysis;
pub mod artifacts;
pub mod delivery;
pub mod dictionary;
mod engine;
mod error;
pub mod experiment;
pub mod file;
pub mod format;
pub mod history;
pub mod mining;
pub mod rank;
pub mod text;
mod version;

pub use dictionary::{Dictionary, Entry, Kind};
pub use engine::{
    BlockedTerm, Engine, MAX_TOP_K, Request, Span, Suggestion, UNITS, WINDOW_GRAPHEMES, WordStart,
    WordStarts, Worker,
};
pub use error::{Error, Result};
pub use history::HistoryConfig;
pub use rank::Field;
pub use version::Version;

/// The README's examples, compiled and run as doctests.
#[cfg(all(doctest, feature = "embedded-dictionary"))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
