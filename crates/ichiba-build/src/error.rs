//! The builder's error type: what can go wrong turning sources into an artifact.

use std::path::PathBuf;

/// A specialised `Result` whose error defaults to [`BuildError`].
pub type Result<T, E = BuildError> = std::result::Result<T, E>;

/// Everything that can go wrong reading sources and building a dictionary. Errors about a
/// source name its file and 1-based line, so the message alone says what to fix where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A lexicon source row is malformed.
    #[error("{}:{line}: {reason}", path.display())]
    Lexicon {
        /// The source file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the row.
        reason: String,
    },
    /// A line of a listing corpus is malformed.
    #[error("{}:{line}: {reason}", path.display())]
    CorpusLine {
        /// The corpus file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
    /// A row of a counts part (`ichiba build --counts`, written by `mining/`) is malformed.
    #[error("{}:{line}: {reason}", path.display())]
    CountsLine {
        /// The part file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the row.
        reason: String,
    },
    /// A counts part is of a format version this build does not read.
    #[error(
        "{}: counts format version {got}, this build reads version {expected}; rerun the \
         mining job of this release",
        path.display()
    )]
    CountsVersion {
        /// The part file.
        path: PathBuf,
        /// The version this build reads.
        expected: u32,
        /// The version in the part's header.
        got: u32,
    },
    /// A counts folder holds no part files, or its parts count no listings.
    #[error("{}: no counts part files with listings (expected part-* files from mining/)", .0.display())]
    NoCounts(PathBuf),
    /// The sources named hold no lexicon files (`*.tsv`).
    #[error("no lexicon files (*.tsv) found in {0:?}")]
    NoSources(Vec<PathBuf>),
    /// The corpus index could not be opened, read or written.
    #[error("corpus index: {0}")]
    Index(String),
    /// The sources are valid but too large for the format (entry count, string pool).
    #[error("too large for the dictionary format: {0}")]
    TooLarge(String),
    /// Building an fst section failed.
    #[error("fst build: {0}")]
    Fst(#[from] fst::Error),
    /// The engine's core failed: the analyzer (reading inference, corpus tokenization) or a
    /// dictionary the build reads (corpus mining against the lexicon's dictionary).
    #[error(transparent)]
    Core(#[from] ichiba::Error),
    /// An I/O error, with the path it concerns.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error (not a `#[source]`: the message already says it).
        error: std::io::Error,
    },
}

impl BuildError {
    /// An [`BuildError::Io`] on `path`.
    pub fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        BuildError::Io {
            path: path.into(),
            error,
        }
    }
}
