//! `ichiba analyzer`: cut the trimmed analyzer dictionary from the embedded IPADIC, and
//! measure that the engine sees the same analysis with it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use ichiba::analysis::artifact::{self, Section};
use ichiba::{Engine, WordStarts};

/// Arguments of `ichiba analyzer`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Write the trimmed analyzer dictionary (an `analyzer` artifact) and print its sections.
    Build(BuildArgs),
    /// Check an analyzer dictionary file and print its sections.
    Inspect {
        /// The analyzer dictionary file.
        file: PathBuf,
    },
    /// Compare the analysis the engine uses (candidate word starts, previous word) with the
    /// embedded IPADIC's at every cursor position of the corpus and the eval cases' keys.
    Compare(CompareArgs),
}

#[derive(clap::Args)]
struct BuildArgs {
    /// Where to write it.
    #[arg(long)]
    out: PathBuf,
    /// Keep each word's reading: the build-time variant (for reading inference).
    #[arg(long)]
    readings: bool,
    /// Also write an artifact manifest naming the file (`name` and `kind` `analyzer`, its
    /// size and sha256, `url` the file's name).
    #[arg(long)]
    manifest: Option<PathBuf>,
}

#[derive(clap::Args)]
struct CompareArgs {
    /// The analyzer dictionary file to compare with the embedded IPADIC.
    #[arg(long)]
    analyzer: PathBuf,
    /// Listing texts, JSON lines with `title` and `description`.
    #[arg(long, default_value = "dictionaries/corpus/dev.jsonl")]
    corpus: PathBuf,
    /// Eval cases (TSV, the key in the second column).
    #[arg(long, default_value = "dictionaries/eval/cases.tsv")]
    cases: PathBuf,
    /// Positions that differ to print.
    #[arg(long, default_value_t = 10)]
    show: usize,
}

/// Runs `ichiba analyzer`.
pub fn run(args: Args) -> Result<()> {
    match args.command {
        Command::Build(a) => build(a),
        Command::Inspect { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            print_sections(&file, &bytes)
        }
        Command::Compare(a) => compare(a),
    }
}

fn build(args: BuildArgs) -> Result<()> {
    let started = Instant::now();
    let bytes = ichiba::analysis::Analyzer::trimmed_ipadic(args.readings)?;
    ichiba::file::write_atomic(&args.out, &bytes)?;
    eprintln!("built in {:.2} s", started.elapsed().as_secs_f64());
    print_sections(&args.out, &bytes)?;
    if let Some(path) = &args.manifest {
        let name = args
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let manifest = serde_json::json!({
            "manifest_version": ichiba::artifacts::MANIFEST_VERSION,
            "artifacts": [{
                "name": "analyzer",
                "kind": "analyzer",
                "version": "2.7.0",
                "url": name,
                "size": bytes.len(),
                "sha256": ichiba::artifacts::sha256_hex(&bytes),
                "format_version": artifact::VERSION,
            }]
        });
        let text = serde_json::to_string_pretty(&manifest)? + "\n";
        ichiba::file::write_atomic(path, text.as_bytes())?;
        println!("manifest      {}", path.display());
    }
    Ok(())
}

fn print_sections(file: &Path, bytes: &[u8]) -> Result<()> {
    let layout =
        artifact::check(bytes).with_context(|| format!("{} is refused", file.display()))?;
    println!("file          {}", file.display());
    println!(
        "format        v{} (magic, length and xxh3-64 checked)",
        artifact::VERSION
    );
    println!("size          {} bytes", bytes.len());
    println!("words         {}", layout.word_count());
    println!(
        "readings      {}",
        if layout.has_readings() {
            "yes (build-time variant)"
        } else {
            "no (phone variant)"
        }
    );
    println!("sections");
    for (section, len) in layout.sizes() {
        let what = match section {
            Section::Metadata => "lindera metadata (JSON)",
            Section::Trie => "surfaces' double-array trie",
            Section::ValsIdx => "per-surface entry index",
            Section::Vals => "entries: word id, cost, context ids",
            Section::Matrix => "connection costs",
            Section::CharDef => "character categories",
            Section::Unk => "unknown-word entries",
            Section::Pos => "coarse POS, a byte per word",
            Section::ReadingIdx => "reading offsets",
            Section::Readings => "readings (katakana)",
            Section::Copying => "IPADIC's licence (COPYING)",
        };
        println!("  {:<9} {len:>10} bytes  {what}", section.tag());
    }
    Ok(())
}

/// One text the comparison walks.
struct Text {
    /// Where it comes from (`dev-00001 title`, `case 12`).
    label: String,
    text: String,
}

fn texts(args: &CompareArgs) -> Result<(Vec<Text>, usize)> {
    let mut out = Vec::new();
    let corpus = std::fs::read_to_string(&args.corpus)
        .with_context(|| format!("reading {}", args.corpus.display()))?;
    for (i, line) in corpus
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let row: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}", args.corpus.display(), i + 1))?;
        let id = row["id"].as_str().unwrap_or("?");
        for field in ["title", "description"] {
            if let Some(text) = row[field].as_str() {
                out.push(Text {
                    label: format!("{id} {field}"),
                    text: text.to_string(),
                });
            }
        }
    }
    let corpus_texts = out.len();
    let cases = std::fs::read_to_string(&args.cases)
        .with_context(|| format!("reading {}", args.cases.display()))?;
    for (i, line) in cases.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(key) = line.split('\t').nth(1) {
            out.push(Text {
                label: format!("{}:{}", args.cases.display(), i + 1),
                text: key.to_string(),
            });
        }
    }
    Ok((out, corpus_texts))
}

/// Positions compared and the ones that agree.
#[derive(Default)]
struct Tally {
    positions: usize,
    same: usize,
}

impl Tally {
    fn percent(&self) -> f64 {
        100.0 * self.same as f64 / self.positions.max(1) as f64
    }
}

fn compare(args: CompareArgs) -> Result<()> {
    let (texts, corpus_texts) = texts(&args)?;
    let full = Engine::embedded()?;
    let trimmed = Engine::embedded()?;
    trimmed
        .analyzer()
        .load_file(&args.analyzer)
        .with_context(|| format!("loading {}", args.analyzer.display()))?;
    let script = Engine::embedded()?;
    script.analyzer().unload();
    let (mut corpus, mut cases, mut fallback) =
        (Tally::default(), Tally::default(), Tally::default());
    let mut shown = 0;
    let started = Instant::now();
    for (i, t) in texts.iter().enumerate() {
        let tally = if i < corpus_texts {
            &mut corpus
        } else {
            &mut cases
        };
        for cursor in (0..=t.text.len()).filter(|&c| t.text.is_char_boundary(c)) {
            let want: WordStarts = full.word_starts(&t.text, cursor)?;
            let got = trimmed.word_starts(&t.text, cursor)?;
            tally.positions += 1;
            fallback.positions += 1;
            if got == want {
                tally.same += 1;
            } else if shown < args.show {
                shown += 1;
                println!(
                    "differs: {} at byte {cursor}: {:?}|  embedded {want:?}  file {got:?}",
                    t.label,
                    &t.text[..cursor]
                        .chars()
                        .rev()
                        .take(12)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect::<String>()
                );
            }
            if script.word_starts(&t.text, cursor)? == want {
                fallback.same += 1;
            }
        }
    }
    let all = Tally {
        positions: corpus.positions + cases.positions,
        same: corpus.same + cases.same,
    };
    println!("analyzer      {}", args.analyzer.display());
    println!(
        "corpus        {} texts, {} positions, {} identical ({:.3}%)",
        corpus_texts,
        corpus.positions,
        corpus.same,
        corpus.percent()
    );
    println!(
        "eval keys     {} keys, {} positions, {} identical ({:.3}%)",
        texts.len() - corpus_texts,
        cases.positions,
        cases.same,
        cases.percent()
    );
    println!(
        "all           {} positions, {} identical ({:.3}%)",
        all.positions,
        all.same,
        all.percent()
    );
    println!(
        "script runs   {} identical ({:.3}%): what no analyzer dictionary gives, for scale",
        fallback.same,
        fallback.percent()
    );
    eprintln!("compared in {:.1} s", started.elapsed().as_secs_f64());
    if all.percent() < 99.5 {
        bail!(
            "the analyzer dictionary agrees at {:.3}% of positions, under 99.5%",
            all.percent()
        );
    }
    Ok(())
}
