//! Subcommands, one file each.

pub mod ab;
pub mod build;
pub mod corpus;
pub mod eval;
pub mod inspect;
pub mod suggest;
