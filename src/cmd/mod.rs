//! Subcommands, one file each.

pub mod ab;
pub mod analyzer;
pub mod build;
pub mod corpus;
pub mod demo;
pub mod eval;
pub mod inspect;
pub mod lint;
pub mod serve;
pub mod sign;
pub mod suggest;

use std::path::Path;

use anyhow::Context;
use ichiba::{Dictionary, Engine};

/// The engine over the dictionary file given with `--dict`, or over the embedded default.
pub fn engine(dict: Option<&Path>) -> anyhow::Result<Engine> {
    Ok(match dict {
        Some(path) => Engine::new(
            Dictionary::open(path).with_context(|| format!("opening {}", path.display()))?,
        )?,
        None => Engine::embedded()?,
    })
}
