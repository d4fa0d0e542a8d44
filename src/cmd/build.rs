//! `ichiba build`: lexicon sources → a dictionary artifact and its manifest.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use ichiba::analysis::Analyzer;
use ichiba_build::{Builder, lexicon_files, write_atomic};

/// Arguments of `ichiba build`.
#[derive(clap::Args)]
pub struct Args {
    /// Where to write the artifact; the manifest goes beside it as `<stem>.manifest.json`.
    #[arg(long, default_value = "dictionaries/default.ichiba")]
    out: PathBuf,
    /// Lexicon files or folders (every *.tsv below them).
    #[arg(default_value = "dictionaries/lexicon")]
    sources: Vec<PathBuf>,
    /// A corpus index (`ichiba corpus index`) to mine: weights from document frequencies,
    /// next-word pairs, phrase proposals.
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Keep mined pairs seen at least this often.
    #[arg(long, default_value_t = 2)]
    min_pair: u32,
    /// Write the mined next-word pairs here (a `next*.tsv` source others can review).
    #[arg(long, requires = "corpus")]
    mined_pairs: Option<PathBuf>,
    /// Write phrase proposals (frequent word runs the lexicon lacks) here.
    #[arg(long, requires = "corpus")]
    proposals: Option<PathBuf>,
}

/// Runs `ichiba build`.
pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    let mut files = Vec::new();
    for s in &args.sources {
        files.extend(lexicon_files(s)?);
    }
    if files.is_empty() {
        bail!("no lexicon files (*.tsv) found in {:?}", args.sources);
    }
    let bar = indicatif::ProgressBar::new(files.len() as u64).with_style(
        indicatif::ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} {msg}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_prefix("reading");
    let mut builder = Builder::new();
    for f in &files {
        bar.set_message(f.display().to_string());
        builder.add_file(f)?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    eprintln!("read {} rows from {} files", builder.len(), files.len());
    let analyzer = std::sync::Arc::new(Analyzer::new()?);
    if let Some(dir) = &args.corpus {
        mine_corpus(&mut builder, &analyzer, dir, &args)?;
    }
    let built = builder.build(Some(&analyzer))?;
    write_atomic(&args.out, &built.bytes)?;
    let manifest_path = manifest_path(&args.out);
    let json = serde_json::to_string_pretty(&built.manifest)? + "\n";
    write_atomic(&manifest_path, json.as_bytes())
        .with_context(|| format!("writing {}", manifest_path.display()))?;
    let m = &built.manifest;
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

/// Builds once, mines the corpus against that dictionary, and folds what it found back into
/// `builder`.
fn mine_corpus(
    builder: &mut Builder,
    analyzer: &std::sync::Arc<Analyzer>,
    dir: &Path,
    args: &Args,
) -> Result<()> {
    let started = Instant::now();
    let index = ichiba_build::corpus::CorpusIndex::open(dir, std::sync::Arc::clone(analyzer))?;
    let listings = index.listings()?;
    if listings.is_empty() {
        bail!("the corpus index {} holds no listings", dir.display());
    }
    let first = builder.clone().build(Some(analyzer))?;
    let dict = ichiba::Dictionary::from_vec(first.bytes)?;
    let mined = ichiba_build::corpus::mine::mine(&listings, &dict, analyzer)?;
    let (reweighted, pairs) = builder.apply_mined(&mined, args.min_pair);
    eprintln!(
        "mined {} listings in {:.2?}: {} rows reweighted by document frequency, {} next-word pairs, {} phrase proposals",
        mined.listings,
        started.elapsed(),
        reweighted,
        pairs,
        mined.proposals.len()
    );
    if let Some(path) = &args.mined_pairs {
        let mut tsv = String::from(
            "# Next-word pairs mined by `ichiba build --corpus`: prev_entity, next_entity, listings.\n",
        );
        for ((prev, next), count) in &mined.pairs {
            if *count >= args.min_pair {
                tsv.push_str(&format!("{prev}\t{next}\t{count}\n"));
            }
        }
        write_atomic(path, tsv.as_bytes())?;
        eprintln!("wrote {}", path.display());
    }
    if let Some(path) = &args.proposals {
        let mut tsv = String::from(
            "# Phrase proposals: frequent word runs not in the lexicon (phrase, listings).\n",
        );
        for (phrase, n) in &mined.proposals {
            tsv.push_str(&format!("{phrase}\t{n}\n"));
        }
        write_atomic(path, tsv.as_bytes())?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

fn manifest_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dictionary".into());
    out.with_file_name(format!("{stem}.manifest.json"))
}
