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
//! * [`Dictionary`]: a checked, memory-mappable artifact ([`format`]) with best-first top-k
//!   lookups over fsts.
//! * [`text`]: width folding, kana, romaji, grapheme-safe cursors. [`analysis`]: lindera.
//! * `build` (feature): the dictionary builder behind `ichiba build`.
//! * `eval` (feature `build`): quality cases and simulated typing behind `ichiba eval`.
//!
//! ```
//! use ichiba::{Engine, Request};
//!
//! let engine = Engine::embedded()?;
//! let suggestions = engine.suggest(&Request::new("しゅぷ"))?;
//! assert_eq!(suggestions[0].surface, "シュプリーム");
//! assert_eq!((suggestions[0].replace.start, suggestions[0].replace.end), (0, "しゅぷ".len()));
//! # Ok::<(), ichiba::Error>(())
//! ```
#![deny(missing_docs)]

pub mod analysis;
#[cfg(feature = "build")]
pub mod build;
#[cfg(feature = "corpus")]
pub mod corpus;
pub mod dictionary;
mod engine;
mod error;
#[cfg(feature = "build")]
pub mod eval;
pub mod experiment;
mod file;
pub mod format;
pub mod history;
pub mod rank;
pub mod text;

pub use dictionary::{Dictionary, Entry, Kind};
pub use engine::{BlockedTerm, Engine, MAX_TOP_K, Request, Span, Suggestion, WINDOW_GRAPHEMES};
pub use error::{Error, Result};
pub use history::HistoryConfig;
pub use rank::Field;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
