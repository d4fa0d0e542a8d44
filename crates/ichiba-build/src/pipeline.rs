//! The whole build, as `ichiba build` runs it: list the sources, read them, optionally mine a
//! listing corpus against a first build and fold what it says back in, then build the
//! artifact. Progress goes to a [`Progress`] the caller chooses (the CLI draws a bar; tests
//! and libraries use [`Quiet`]), so this crate needs no terminal code.

use std::path::PathBuf;
use std::sync::Arc;

use ichiba::analysis::Analyzer;

use crate::builder::{Builder, Built, lexicon_files};
use crate::error::{BuildError as Error, Result};

/// Told how a build advances. Every method has a default that does nothing.
pub trait Progress {
    /// A phase of `len` steps begins (`"reading"`, `"mining"`, `"building"`).
    fn begin(&self, phase: &str, len: u64) {
        let _ = (phase, len);
    }
    /// One step of the current phase is done; `name` says which (a file, a pass).
    fn step(&self, name: &str) {
        let _ = name;
    }
    /// The current phase is over.
    fn end(&self) {}
}

/// Reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Quiet;

impl Progress for Quiet {}

/// What to build from.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Lexicon files or folders (every `*.tsv` below a folder).
    pub sources: Vec<PathBuf>,
    /// A corpus index to mine (`ichiba corpus index`), if any.
    #[cfg(feature = "corpus")]
    pub corpus: Option<CorpusPlan>,
}

/// How to use a listing corpus.
#[cfg(feature = "corpus")]
#[derive(Debug, Clone)]
pub struct CorpusPlan {
    /// Where the corpus statistics come from.
    pub source: CorpusSource,
    /// Keep mined next-word pairs seen in at least this many listings.
    pub min_pair: u32,
}

/// Where mined corpus statistics come from.
#[cfg(feature = "corpus")]
#[derive(Debug, Clone)]
pub enum CorpusSource {
    /// A tantivy index directory (`ichiba corpus index`), mined against the first pass.
    Index(PathBuf),
    /// A folder of counts parts written by the Spark job (`mining/`) against the same first
    /// pass ([`crate::corpus::counts`]).
    Counts(PathBuf),
}

/// A finished build and what went into it.
#[derive(Debug)]
pub struct Outcome {
    /// The artifact and its manifest.
    pub built: Built,
    /// Source files read.
    pub files: usize,
    /// Rows read from them.
    pub rows: usize,
    /// What the corpus said, when one was mined.
    #[cfg(feature = "corpus")]
    pub mined: Option<MinedSummary>,
}

/// What corpus mining found and changed.
#[cfg(feature = "corpus")]
#[derive(Debug)]
pub struct MinedSummary {
    /// Everything mined (document frequencies, pairs, proposals).
    pub mined: crate::corpus::mine::Mined,
    /// Rows whose weight the document frequencies changed.
    pub reweighted: usize,
    /// Next-word pairs added (seen at least `min_pair` times).
    pub pairs: usize,
    /// The threshold used.
    pub min_pair: u32,
}

/// Runs the whole build of `plan`. Rows without a reading get one from `analyzer`.
pub fn build(plan: &Plan, analyzer: &Arc<Analyzer>, progress: &dyn Progress) -> Result<Outcome> {
    let mut files = Vec::new();
    for s in &plan.sources {
        files.extend(lexicon_files(s)?);
    }
    if files.is_empty() {
        return Err(Error::NoSources(plan.sources.clone()));
    }
    progress.begin("reading", files.len() as u64);
    let mut builder = Builder::new();
    for f in &files {
        builder.add_file(f)?;
        progress.step(&f.display().to_string());
    }
    progress.end();
    let rows = builder.len();
    #[cfg(feature = "corpus")]
    let mined = match &plan.corpus {
        Some(corpus) => Some(mine(&mut builder, analyzer, corpus, progress)?),
        None => None,
    };
    progress.begin("building", 1);
    let built = builder.build(Some(analyzer))?;
    progress.end();
    Ok(Outcome {
        built,
        files: files.len(),
        rows,
        #[cfg(feature = "corpus")]
        mined,
    })
}

/// The first pass: builds once, mines the corpus against that dictionary, and folds what it
/// found (weights, next-word pairs) back into `builder` for the second.
#[cfg(feature = "corpus")]
fn mine(
    builder: &mut Builder,
    analyzer: &Arc<Analyzer>,
    plan: &CorpusPlan,
    progress: &dyn Progress,
) -> Result<MinedSummary> {
    progress.begin("mining", 3);
    let mined = match &plan.source {
        CorpusSource::Index(dir) => {
            let index = crate::corpus::CorpusIndex::open(dir, Arc::clone(analyzer))?;
            let listings = index.listings()?;
            if listings.is_empty() {
                return Err(Error::Index(format!("{} holds no listings", dir.display())));
            }
            progress.step("listings read");
            let first = builder.clone().build(Some(analyzer))?;
            let dict = ichiba::Dictionary::from_vec(first.bytes)?;
            progress.step("first pass built");
            crate::corpus::mine::mine(&listings, &dict, analyzer)?
        }
        CorpusSource::Counts(dir) => {
            let mined = crate::corpus::counts::read(dir)?;
            progress.step("counts read");
            progress.step("no first pass needed");
            mined
        }
    };
    let (reweighted, pairs) = builder.apply_mined(&mined, plan.min_pair);
    progress.step("mined");
    progress.end();
    Ok(MinedSummary {
        mined,
        reweighted,
        pairs,
        min_pair: plan.min_pair,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[derive(Default)]
    struct Log(RefCell<Vec<String>>);

    impl Progress for Log {
        fn begin(&self, phase: &str, len: u64) {
            self.0.borrow_mut().push(format!("{phase}:{len}"));
        }
        fn step(&self, _: &str) {
            self.0.borrow_mut().push("+".into());
        }
    }

    fn plan(sources: Vec<PathBuf>) -> Plan {
        Plan {
            sources,
            #[cfg(feature = "corpus")]
            corpus: None,
        }
    }

    #[test]
    fn reads_every_source_and_reports_each() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.tsv"), "ナイキ\tないき\tbrand\t9\tnike\n").unwrap();
        std::fs::write(dir.path().join("b.tsv"), "NIKE\t\tbrand\t5\tnike\n").unwrap();
        let analyzer = Arc::new(Analyzer::new().unwrap());
        let log = Log::default();
        let out = build(&plan(vec![dir.path().into()]), &analyzer, &log).unwrap();
        assert_eq!((out.files, out.rows, out.built.manifest.entries), (2, 2, 2));
        assert_eq!(*log.0.borrow(), ["reading:2", "+", "+", "building:1"]);
    }

    #[test]
    fn no_sources_is_an_error_naming_them() {
        let dir = tempfile::tempdir().unwrap();
        let analyzer = Arc::new(Analyzer::new().unwrap());
        let err = build(&plan(vec![dir.path().into()]), &analyzer, &Quiet).unwrap_err();
        assert!(matches!(err, Error::NoSources(_)), "{err}");
        assert!(err.to_string().contains(&dir.path().display().to_string()));
    }
}
