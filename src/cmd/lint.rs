//! `ichiba lint`: check the dictionary sources against every rule they must follow.

use std::path::PathBuf;

use anyhow::{Result, bail};

/// Arguments of `ichiba lint`.
#[derive(clap::Args)]
pub struct Args {
    /// The dictionaries directory: `lexicon/*.tsv`, `corpus/*.jsonl` and `eval/cases.tsv`.
    #[arg(default_value = "dictionaries")]
    dir: PathBuf,
}

/// Runs `ichiba lint`: prints every problem as `file:line: reason` and fails if there is any.
pub fn run(args: Args) -> Result<()> {
    let mut problems = ichiba_build::lint::lint(&args.dir)?;
    let cases = args.dir.join("eval/cases.tsv");
    if cases.is_file() {
        let surfaces = ichiba_build::lint::surfaces(&args.dir)?;
        problems.extend(ichiba_lab::eval::lint::lint_cases(&cases, |s| {
            surfaces.contains(s)
        })?);
    }
    for p in &problems {
        println!("{p}");
    }
    match problems.len() {
        0 => {
            eprintln!("{}: no problems", args.dir.display());
            Ok(())
        }
        n => bail!("{}: {n} problem(s)", args.dir.display()),
    }
}
