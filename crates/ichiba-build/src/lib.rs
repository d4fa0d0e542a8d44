//! ichiba-build: the dictionary builder behind `ichiba build`.
//!
//! Sources in, one checked artifact out (the format is defined in [`ichiba::format`], next to
//! the reader that must agree with it):
//!
//! * [`lexicon`]: the hand-written and imported source files (`*.tsv`) — parsed, validated
//!   with `file:line` errors, and linted ([`BuildError`] names the row).
//! * [`facets`]: the marketplace's master data (brands, the category tree, attributes) as a
//!   source, merged with the hand-written brands.
//! * [`counterfeit`]: the rule that blocks a brand + コピー/偽物/レプリカ/N級品 whatever
//!   source it comes from.
//! * [`Builder`]: readings inferred with the analyzer where a row has none, block list,
//!   ordering, entities, the string pool, bit-packed records, the fsts, the layout and the
//!   manifest. The same sources always give the same bytes.
//! * [`pipeline`]: the whole build as `ichiba build` runs it — sources listed and read, the
//!   two-pass corpus build, progress reported through a [`pipeline::Progress`].
//! * `corpus` (feature `corpus`): a tantivy index over a listing corpus and the statistics
//!   mined from it (term document frequencies, next-word pairs, phrase proposals).
//!
//! Never linked by the phone: the core crate `ichiba` is all an app needs.
#![deny(missing_docs)]

mod builder;
#[cfg(feature = "corpus")]
pub mod corpus;
pub mod counterfeit;
mod error;
pub mod facets;
pub mod lexicon;
pub mod lint;
pub mod pipeline;

pub use builder::{Builder, Built, Manifest, SourceInfo, lexicon_files, write_atomic};
pub use error::{BuildError, Result};
pub use lexicon::{LexiconEntry, Origin, Pair, SourceKind};
