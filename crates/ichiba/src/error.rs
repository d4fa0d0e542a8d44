//! The library's error type.

use std::path::PathBuf;

/// A specialised `Result` whose error defaults to [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the engine, the dictionary and the analyzer: what an app
/// on a phone can meet. (The builder's and the lab's errors are their crates' own.)
///
/// Each variant carries the structured facts a caller needs to act on it; the `Display`
/// text is meant for a person (a mobile engineer reading a log, a maintainer reading a build).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The cursor lies past the end of the text.
    #[error("cursor {cursor} is past the end of the text ({len} {unit})")]
    CursorOutOfRange {
        /// The cursor as given, in `unit`s.
        cursor: usize,
        /// The text's length in `unit`s.
        len: usize,
        /// The unit the cursor was counted in (`bytes`, `chars`, `utf16`).
        unit: &'static str,
    },
    /// The cursor falls inside one encoded character (a UTF-8 sequence or a surrogate pair).
    #[error("cursor {cursor} ({unit}) falls inside a character")]
    CursorInsideChar {
        /// The cursor as given, in `unit`s.
        cursor: usize,
        /// The unit the cursor was counted in (`bytes`, `chars`, `utf16`).
        unit: &'static str,
    },
    /// The data does not start with the dictionary magic: it is not an ichiba dictionary.
    #[error("not an ichiba dictionary (bad magic)")]
    BadMagic,
    /// The dictionary was written in a format version this build cannot read.
    #[error("dictionary format version {got} is not supported (expected {expected})")]
    Version {
        /// The version this build reads.
        expected: u32,
        /// The version found in the file.
        got: u32,
    },
    /// The dictionary's bytes are damaged: truncated, bit-flipped or inconsistent.
    #[error("corrupt dictionary: {reason}")]
    Corrupt {
        /// What check failed.
        reason: String,
    },
    /// The morphological analyzer could not be loaded or failed.
    #[error("analyzer: {0}")]
    Analyzer(String),
    /// An analyzer dictionary file is not whole and intact: the analyzer keeps its previous
    /// backend.
    #[error("{0}")]
    AnalyzerFile(#[from] crate::analysis::artifact::AnalyzerFileError),
    /// A request's parameters are out of their allowed range.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// An I/O error, with the path it concerns.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error (not a `#[source]`: the message already says it).
        error: std::io::Error,
    },
}

impl Error {
    pub(crate) fn corrupt(reason: impl Into<String>) -> Self {
        Error::Corrupt {
            reason: reason.into(),
        }
    }

    /// An [`Error::Io`] on `path`.
    pub fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            error,
        }
    }
}
