//! `ichiba inspect`: check an artifact and print what it holds.

use std::path::PathBuf;

use anyhow::{Context, Result};
use ichiba::{Dictionary, Kind};

/// Arguments of `ichiba inspect`.
#[derive(clap::Args)]
pub struct Args {
    /// The dictionary file.
    file: PathBuf,
}

/// Runs `ichiba inspect`.
pub fn run(args: Args) -> Result<()> {
    let dict = Dictionary::open(&args.file)
        .with_context(|| format!("{} is refused", args.file.display()))?;
    dict.validate()
        .with_context(|| format!("{} is refused", args.file.display()))?;
    let h = dict.header();
    let size = dict.as_bytes().len();
    println!("file          {}", args.file.display());
    println!("format        v{}", ichiba::format::VERSION);
    println!("build id      {}", h.build_id_hex());
    println!("checksums     ok (header and body, xxh3-64)");
    println!("size          {size} bytes");
    println!("entries       {}", h.entries);
    println!(
        "entities      {} ({} with a record, the rest implied by their one entry)",
        h.entities, h.entity_records
    );
    println!("reading keys  {}", h.reading_keys);
    println!("surface keys  {}", h.surface_keys);
    if h.entries > 0 {
        println!("bytes/entry   {:.1}", size as f64 / f64::from(h.entries));
    }
    let mut kinds = [0usize; Kind::ALL.len()];
    for e in dict.entries() {
        kinds[e?.kind as usize] += 1;
    }
    for k in Kind::ALL {
        println!("  {:<11} {}", k.as_str(), kinds[k as usize]);
    }
    println!("sections");
    for (name, len) in dict.section_sizes() {
        println!(
            "  {name:<18} {len:>10} bytes {:>6.2} bytes/entry",
            len as f64 / f64::from(h.entries.max(1))
        );
    }
    Ok(())
}
