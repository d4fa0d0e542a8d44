//! Subcommands, one file each.

pub mod ab;
pub mod build;
pub mod corpus;
pub mod demo;
pub mod eval;
pub mod inspect;
pub mod serve;
pub mod suggest;
