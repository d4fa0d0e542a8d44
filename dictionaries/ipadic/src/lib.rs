//! IPADIC (mecab-ipadic 2.7.0-20070801), compiled into lindera's binary format at build time
//! and embedded in this crate, so a binary needs no dictionary files and no network.
//!
//! The build script compiles the upstream EUC-JP tarball that the `lindera-ipadic 0.22.0`
//! package ships (a build-dependency only so that cargo downloads it), or the source named by
//! the `IPADIC_SRC` environment variable (a source directory or its `.tar.gz`). The data is
//! ~46 MB; it lives in this small crate so that editing engine code never recompiles it.
//!
//! The dictionary data is under IPADIC's own licence: ship `COPYING.ipadic` with any copy.
//!
//! ```
//! let dictionary = ichiba_ipadic::dictionary()?;
//! assert_eq!(dictionary.metadata.name, "ipadic");
//! # Ok::<(), ichiba_ipadic::LinderaError>(())
//! ```
#![deny(missing_docs)]

use std::sync::OnceLock;

pub use lindera_dictionary::dictionary::Dictionary;
pub use lindera_dictionary::error::LinderaError;

/// The compiled dictionary's files, as lindera's `DictionaryBuilder` wrote them.
///
/// Exposed so that the trimmed analyzer artifact (`ichiba analyzer build`) can be cut from
/// the very bytes the embedded analyzer runs on: the trie, the entries, the connection
/// matrix and the character and unknown-word tables are copied as they are, and only the
/// feature strings (`words`, `words_idx`) are replaced by what the engine reads from them.
#[derive(Debug, Clone, Copy)]
pub struct Files {
    /// `metadata.json`: the schema and defaults (JSON).
    pub metadata: &'static [u8],
    /// `dict.trie`: the surfaces' double-array trie.
    pub trie: &'static [u8],
    /// `dict.valsidx`: where each surface's entries start in `vals`.
    pub vals_idx: &'static [u8],
    /// `dict.vals`: the entries (word id, cost, left and right context ids).
    pub vals: &'static [u8],
    /// `dict.wordsidx`: where each word id's feature strings start in `words`.
    pub words_idx: &'static [u8],
    /// `dict.words`: the feature strings (part of speech, conjugation, base form, reading …).
    pub words: &'static [u8],
    /// `matrix.mtx`: the connection cost matrix (16-byte aligned in memory).
    pub matrix: &'static [u8],
    /// `char_def.bin`: character categories.
    pub char_def: &'static [u8],
    /// `unk.bin`: the unknown-word entries per character category.
    pub unk: &'static [u8],
    /// IPADIC's licence (`COPYING.ipadic`, the upstream `COPYING`), which must travel with
    /// every copy of the data.
    pub copying: &'static [u8],
}

macro_rules! compiled {
    ($file:literal) => {
        include_bytes!(concat!(env!("LINDERA_WORKDIR"), "/ipadic/", $file))
    };
}

// `static`s, not `const`s: a `const` would copy the bytes into the crate's metadata.
static METADATA: &[u8] = compiled!("metadata.json");
static TRIE: &[u8] = compiled!("dict.trie");
static VALS_IDX: &[u8] = compiled!("dict.valsidx");
static VALS: &[u8] = compiled!("dict.vals");
static WORDS_IDX: &[u8] = compiled!("dict.wordsidx");
static WORDS: &[u8] = compiled!("dict.words");
// Aligned so that lindera views the matrix's costs as `[i16]` in place instead of copying.
static MATRIX: &[u8] = lindera_dictionary::include_bytes_aligned!(concat!(
    env!("LINDERA_WORKDIR"),
    "/ipadic/matrix.mtx"
));
static CHAR_DEF: &[u8] = compiled!("char_def.bin");
static UNK: &[u8] = compiled!("unk.bin");
static COPYING: &[u8] = include_bytes!("../COPYING.ipadic");

/// The embedded dictionary's files (no copy: they are the binary's own bytes).
pub fn files() -> Files {
    Files {
        metadata: METADATA,
        trie: TRIE,
        vals_idx: VALS_IDX,
        vals: VALS,
        words_idx: WORDS_IDX,
        words: WORDS,
        matrix: MATRIX,
        char_def: CHAR_DEF,
        unk: UNK,
        copying: COPYING,
    }
}

/// What `lindera_dictionary::embedded_dictionary!` generates, over [`files`].
fn load() -> Result<Dictionary, LinderaError> {
    use lindera_dictionary::dictionary::character_definition::CharacterDefinition;
    use lindera_dictionary::dictionary::connection_cost_matrix::ConnectionCostMatrix;
    use lindera_dictionary::dictionary::metadata::Metadata;
    use lindera_dictionary::dictionary::prefix_dictionary::PrefixDictionary;
    use lindera_dictionary::dictionary::unknown_dictionary::UnknownDictionary;
    use std::sync::Arc;

    let f = files();
    let metadata = Metadata::load(f.metadata)?;
    // A stale build cache from another lindera format version is caught here.
    metadata.validate_format_version()?;
    Ok(Dictionary {
        prefix_dictionary: Arc::new(PrefixDictionary::load(
            f.trie,
            f.vals_idx,
            f.vals,
            f.words_idx,
            f.words,
        )?),
        connection_cost_matrix: Arc::new(ConnectionCostMatrix::load(f.matrix)?),
        character_definition: Arc::new(CharacterDefinition::load(f.char_def)?),
        unknown_dictionary: Arc::new(UnknownDictionary::load(f.unk)?),
        metadata: Arc::new(metadata),
    })
}

/// Loads the embedded IPADIC.
///
/// The first successful call decodes the embedded bytes (about a millisecond; the big
/// tables are used in place, not copied); later calls return a clone of that dictionary,
/// which only bumps reference counts. `Dictionary` is `Send + Sync`.
///
/// # Errors
///
/// Only if the embedded data is unreadable by this `lindera-dictionary`, i.e. a build
/// problem (a stale build cache from another dictionary format version); a failed load is
/// not cached.
pub fn dictionary() -> Result<Dictionary, LinderaError> {
    static LOADED: OnceLock<Dictionary> = OnceLock::new();
    if let Some(dictionary) = LOADED.get() {
        return Ok(dictionary.clone());
    }
    let dictionary = load()?;
    Ok(LOADED.get_or_init(|| dictionary).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_and_knows_a_word() {
        let dictionary = dictionary().unwrap();
        assert_eq!(dictionary.metadata.name, "ipadic");
        // mecab-ipadic 2.7.0 has 392,126 entries.
        assert!(dictionary.prefix_dictionary.word_count() > 390_000);
        assert!(!dictionary.prefix_dictionary.find_surface("中古").is_empty());
        assert!(dictionary.connection_cost_matrix.is_zero_copy());
    }

    #[test]
    fn files_are_the_loaded_dictionary() {
        let f = files();
        let dictionary = dictionary().unwrap();
        assert_eq!(f.vals.len(), dictionary.prefix_dictionary.vals_data.len());
        assert_eq!(f.words.len(), dictionary.prefix_dictionary.words_data.len());
        assert_eq!(f.matrix.as_ptr() as usize % 16, 0);
    }

    #[test]
    fn is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Dictionary>();
    }

    #[test]
    fn second_load_shares_the_first() {
        let a = dictionary().unwrap();
        let b = dictionary().unwrap();
        assert!(std::sync::Arc::ptr_eq(
            &a.prefix_dictionary,
            &b.prefix_dictionary
        ));
    }
}
