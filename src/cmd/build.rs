//! `ichiba build`: lexicon sources → a dictionary artifact and its manifest. The build
//! itself is [`ichiba_build::pipeline`]; this file parses arguments, draws the progress bar
//! and writes the outputs.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use ichiba::analysis::Analyzer;
use ichiba_build::corpus::counts;
use ichiba_build::pipeline::{self, CorpusPlan, CorpusSource, Plan, Progress};
use ichiba_build::write_atomic;

/// Arguments of `ichiba build`.
#[derive(clap::Args)]
pub struct Args {
    /// Where to write the artifact; the manifest goes beside it as `<stem>.manifest.json`.
    #[arg(long, default_value = "dictionaries/default.ichiba")]
    out: PathBuf,
    /// Lexicon files or folders (every *.tsv and master-data facet file — brands.json,
    /// categories.json, colors.json, conditions.json, sizes.json — below them).
    #[arg(default_value = "dictionaries/lexicon")]
    sources: Vec<PathBuf>,
    /// A corpus index (`ichiba corpus index`) to mine: weights from document frequencies,
    /// next-word pairs, phrase proposals.
    #[arg(long, group = "mined")]
    corpus: Option<PathBuf>,
    /// A folder of counts parts written by the Spark job (`mining/`, docs/mining.md) against
    /// this build's first pass (`ichiba build` of the same sources, without a corpus): the
    /// same statistics as `--corpus`, mined on a cluster.
    #[arg(long, group = "mined")]
    counts: Option<PathBuf>,
    /// Keep mined pairs seen at least this often.
    #[arg(long, default_value_t = 2)]
    min_pair: u32,
    /// Write the mined next-word pairs here (a `next*.tsv` source others can review).
    #[arg(long, requires = "mined")]
    mined_pairs: Option<PathBuf>,
    /// Write phrase proposals (frequent word runs the lexicon lacks) here.
    #[arg(long, requires = "mined")]
    proposals: Option<PathBuf>,
    /// Write everything mined — listings, document frequencies overall and per category,
    /// next-word pairs — here, as one part in the counts format (docs/mining.md), sorted:
    /// the same bytes whether mined from `--corpus` or read from `--counts`.
    #[arg(long, requires = "mined")]
    mined_counts: Option<PathBuf>,
    /// Write the mined category links (entity, category, strength: from the document
    /// frequencies per category) here, as a `category_links*.tsv` source to review and commit.
    #[arg(long, requires = "mined")]
    mined_categories: Option<PathBuf>,
}

/// A progress bar on stderr, one per phase.
struct Bar(std::cell::RefCell<Option<indicatif::ProgressBar>>);

impl Progress for Bar {
    fn begin(&self, phase: &str, len: u64) {
        let bar = indicatif::ProgressBar::new(len).with_style(
            indicatif::ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} {msg}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_prefix(phase.to_string());
        *self.0.borrow_mut() = Some(bar);
    }

    fn step(&self, name: &str) {
        if let Some(bar) = &*self.0.borrow() {
            bar.set_message(name.to_string());
            bar.inc(1);
        }
    }

    fn end(&self) {
        if let Some(bar) = self.0.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }
}

/// Runs `ichiba build`.
pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    let plan = Plan {
        sources: args.sources.clone(),
        corpus: args
            .corpus
            .clone()
            .map(CorpusSource::Index)
            .or_else(|| args.counts.clone().map(CorpusSource::Counts))
            .map(|source| CorpusPlan {
                source,
                min_pair: args.min_pair,
            }),
    };
    let analyzer = Arc::new(Analyzer::new()?);
    let out = pipeline::build(&plan, &analyzer, &Bar(Default::default()))?;
    eprintln!("read {} rows from {} files", out.rows, out.files);
    if let Some(m) = &out.mined {
        eprintln!(
            "mined {} listings: {} rows reweighted by document frequency, {} next-word pairs, {} phrase proposals",
            m.mined.listings,
            m.reweighted,
            m.pairs,
            m.mined.proposals.len()
        );
        if let Some(path) = &args.mined_pairs {
            write_atomic(path, m.mined.pairs_tsv(m.min_pair).as_bytes())?;
            eprintln!("wrote {}", path.display());
        }
        if let Some(path) = &args.proposals {
            write_atomic(path, m.mined.proposals_tsv().as_bytes())?;
            eprintln!("wrote {}", path.display());
        }
        if let Some(path) = &args.mined_categories {
            write_atomic(path, m.mined.category_links_tsv().as_bytes())?;
            eprintln!("wrote {}", path.display());
        }
        if let Some(path) = &args.mined_counts {
            write_atomic(path, counts::to_part(&m.mined).as_bytes())?;
            eprintln!("wrote {}", path.display());
        }
    }
    let built = out.built;
    write_atomic(&args.out, &built.bytes)?;
    let manifest_path = manifest_path(&args.out);
    let json = serde_json::to_string_pretty(&built.manifest)? + "\n";
    write_atomic(&manifest_path, json.as_bytes())
        .with_context(|| format!("writing {}", manifest_path.display()))?;
    let m = &built.manifest;
    if let Some(s) = &m.master {
        eprintln!(
            "master data: {} rows, {} brands ({} hand-written brands merged into them, {} of their rows given another master brand, {} left apart), {} category nodes; {} words already hand-written, {} without a reading dropped",
            s.master_rows,
            s.brands,
            s.merged_brands,
            s.split_rows,
            s.ambiguous_brands,
            s.category_nodes,
            s.duplicates,
            s.unreadable
        );
    }
    eprintln!(
        "block list: {} blocked terms ({} of them counterfeit offers by rule), {} rows containing one dropped",
        m.blocked_terms, m.counterfeit_by_rule, m.blocked_filtered
    );
    eprintln!(
        "wrote {} ({} bytes, {:.1} bytes/entry): {} entries, {} entities, {} readings inferred, in {:.2?}",
        args.out.display(),
        m.size,
        m.size as f64 / f64::from(m.entries.max(1)),
        m.entries,
        m.entities,
        m.inferred_readings,
        started.elapsed()
    );
    eprintln!("wrote {}", manifest_path.display());
    Ok(())
}

fn manifest_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dictionary".into());
    out.with_file_name(format!("{stem}.manifest.json"))
}
