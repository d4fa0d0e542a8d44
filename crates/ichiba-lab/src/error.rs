//! The lab's error type: what can go wrong evaluating and reporting.

use std::path::PathBuf;

/// A specialised `Result` whose error defaults to [`LabError`].
pub type Result<T, E = LabError> = std::result::Result<T, E>;

/// Everything that can go wrong reading evaluation files, running the engine over them, and
/// writing an experiment report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LabError {
    /// A line of an evaluation file (cases, titles) is malformed.
    #[error("{}:{line}: {reason}", path.display())]
    Eval {
        /// The evaluation file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
    /// The engine (or its analyzer) failed on a query.
    #[error(transparent)]
    Engine(#[from] ichiba::Error),
    /// A master-data file (read by `eval brands`) is malformed.
    #[error(transparent)]
    Build(#[from] ichiba_build::BuildError),
    /// An experiment config or event log could not be read.
    #[error(transparent)]
    Experiment(#[from] ichiba::experiment::Error),
    /// Drawing the report's plot failed.
    #[error("plot: {reason}")]
    Plot {
        /// What the plotting library said.
        reason: String,
    },
    /// An I/O error, with the path it concerns.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error (not a `#[source]`: the message already says it).
        error: std::io::Error,
    },
}

impl LabError {
    /// An [`LabError::Io`] on `path`.
    pub fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        LabError::Io {
            path: path.into(),
            error,
        }
    }
}
