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

/// The code `embedded_dictionary!` generates: `load()` and an unused loader type.
#[allow(dead_code, missing_docs)]
mod embedded {
    lindera_dictionary::embedded_dictionary!("/ipadic", EmbeddedIpadicLoader);
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
    let dictionary = embedded::load()?;
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
