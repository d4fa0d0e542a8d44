//! `ichiba corpus`: build and inspect the listing corpus index.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use ichiba::analysis::Analyzer;
use ichiba_build::corpus::CorpusIndex;

/// Arguments of `ichiba corpus`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Add the listings of a JSONL file (id, title, description, category) to an index;
    /// listings already indexed (same id) are skipped.
    Index {
        /// The corpus file: one JSON object per line.
        corpus: PathBuf,
        /// The index folder (created when missing).
        #[arg(long)]
        index: PathBuf,
        /// Fail on the first malformed line instead of skipping it.
        #[arg(long)]
        strict: bool,
    },
}

/// Runs `ichiba corpus`.
pub fn run(args: Args) -> Result<()> {
    match args.command {
        Command::Index {
            corpus,
            index,
            strict,
        } => {
            let analyzer = Arc::new(Analyzer::new()?);
            let idx = CorpusIndex::open(&index, analyzer)?;
            let stats = idx.add_jsonl(&corpus, strict)?;
            for (line, reason) in &stats.skipped {
                eprintln!("{}:{line}: skipped: {reason}", corpus.display());
            }
            eprintln!(
                "{} lines: {} listings added, {} already indexed, {} malformed lines skipped; the index holds {}",
                stats.lines,
                stats.added,
                stats.duplicates,
                stats.skipped.len(),
                idx.len()?
            );
            Ok(())
        }
    }
}
