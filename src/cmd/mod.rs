//! Subcommands, one file each.

pub mod ab;
pub mod build;
pub mod eval;
pub mod inspect;
pub mod suggest;
