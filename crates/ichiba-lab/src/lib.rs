//! ichiba-lab: measuring the engine off the device.
//!
//! * [`eval`]: suggestion quality the way users feel it — regression cases and simulated
//!   typing of listing titles (`ichiba eval`).
//! * [`report`]: an A/B experiment's event log turned into per-variant acceptance with
//!   confidence intervals, keystrokes saved, time-to-tap and a plot (`ichiba ab report`).
//! * [`simulate`]: seeded synthetic event logs with known effects (`ichiba ab simulate`).
//!
//! Never linked by the phone; it reads the core crate `ichiba` through its public API only.
#![deny(missing_docs)]

mod error;
pub mod eval;
pub mod report;
pub mod simulate;

pub use error::{LabError, Result};
