//! `CorpusMiner`: what one listing says about a dictionary, for the Spark job under
//! `mining/` — the same [`ichiba::mining::ListingMiner`] that `ichiba build --corpus` runs,
//! so the cluster's counts equal the one-machine build's.
//!
//! Not for the phone: the job loads one miner per Spark partition and calls
//! [`CorpusMiner::mine_listing`] for each listing.

use std::sync::Mutex;

use ichiba::Dictionary;
use ichiba::analysis::Analyzer;
use ichiba::dictionary::Bytes;
use ichiba::mining::{ListingMiner, ListingTerms as CoreTerms};

use crate::engine::{AnalyzerKind, MAX_TEXT_BYTES};
use crate::error::{BindingError, Result, guard};

/// A next-word pair: `next` followed `previous` with only spaces or particles between.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EntityPair {
    /// The first word's entity id.
    pub previous: String,
    /// The second word's entity id.
    pub next: String,
}

/// What one listing mentions.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ListingTerms {
    /// Entity ids mentioned, each once, sorted by entity index.
    pub entities: Vec<String>,
    /// Every next-word pair occurrence, in text order (repeats included).
    pub pairs: Vec<EntityPair>,
    /// Runs of two or three unknown nouns, each once, sorted.
    pub phrases: Vec<String>,
}

/// Mines listings against one dictionary with one analyzer. Thread-safe (calls are
/// serialized); make one per worker or partition.
#[derive(uniffi::Object)]
pub struct CorpusMiner {
    dict: Dictionary<Bytes>,
    analyzer: Analyzer,
    scratch: Mutex<(ListingMiner, CoreTerms)>,
}

impl std::fmt::Debug for CorpusMiner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CorpusMiner")
            .field("analyzer", &self.analyzer.kind())
            .finish_non_exhaustive()
    }
}

#[uniffi::export]
impl CorpusMiner {
    /// A miner over the dictionary file at `dictionary_path` (the build's first pass:
    /// `ichiba build` of the lexicon without a corpus), checked before use. The analyzer is
    /// the analyzer dictionary at `analyzer_path` (`ichiba analyzer build`) when given, else
    /// the IPADIC linked into the library (feature `embedded-analyzer`); without either it
    /// is an `InvalidRequest` error — script runs would not count what the build counts.
    #[uniffi::constructor(default(analyzer_path = None))]
    pub fn new(dictionary_path: String, analyzer_path: Option<String>) -> Result<Self> {
        guard(|| {
            let dict = Dictionary::open(&dictionary_path)?;
            dict.validate()?;
            let analyzer = match analyzer_path {
                Some(path) => Analyzer::open(&path)?,
                None => Analyzer::new()?,
            };
            if analyzer.kind() == ichiba::analysis::AnalyzerKind::ScriptRuns {
                return Err(BindingError::InvalidRequest(
                    "no analyzer dictionary: build the library with feature embedded-analyzer \
                     or pass analyzer_path (an `ichiba analyzer build` file)"
                        .into(),
                ));
            }
            Ok(CorpusMiner {
                dict,
                analyzer,
                scratch: Mutex::new((ListingMiner::new(), CoreTerms::default())),
            })
        })
    }

    /// Which analyzer tokenizes (`Embedded` or `File`).
    pub fn analyzer_kind(&self) -> Result<AnalyzerKind> {
        guard(|| Ok(self.analyzer.kind().into()))
    }

    /// The entities, next-word pairs and phrase candidates of one listing's title and
    /// description (each at most 256 KiB of UTF-8).
    pub fn mine_listing(&self, title: String, description: String) -> Result<ListingTerms> {
        guard(|| {
            for (name, text) in [("title", &title), ("description", &description)] {
                if text.len() > MAX_TEXT_BYTES {
                    return Err(BindingError::InvalidRequest(format!(
                        "{name} is {} bytes, over the {MAX_TEXT_BYTES} a listing may have",
                        text.len()
                    )));
                }
            }
            let mut scratch = self.scratch.lock().unwrap_or_else(|p| p.into_inner());
            let (miner, terms) = &mut *scratch;
            miner.mine(&self.dict, &self.analyzer, &[&title, &description], terms)?;
            let id = |e: u32| -> Result<String> { Ok(self.dict.entity_id(e)?.into_owned()) };
            Ok(ListingTerms {
                entities: terms
                    .entities
                    .iter()
                    .map(|&e| id(e))
                    .collect::<Result<_>>()?,
                pairs: terms
                    .pairs
                    .iter()
                    .map(|&(p, n)| {
                        Ok(EntityPair {
                            previous: id(p)?,
                            next: id(n)?,
                        })
                    })
                    .collect::<Result<_>>()?,
                phrases: terms.phrases.iter().cloned().collect(),
            })
        })
    }
}
