//! `ichiba inspect`: check an artifact and print what it holds.

use std::path::{Path, PathBuf};

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
    print_sources(&args.file, &h.build_id_hex());
    println!("sections");
    for (name, len) in dict.section_sizes() {
        println!(
            "  {name:<18} {len:>10} bytes {:>6.2} bytes/entry",
            len as f64 / f64::from(h.entries.max(1))
        );
    }
    Ok(())
}

/// Entries by source and kind, from the manifest beside the artifact (`<stem>.manifest.json`)
/// when it describes this very build; nothing when there is none or it is another build's.
fn print_sources(file: &Path, build_id: &str) {
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let path = file.with_file_name(format!("{stem}.manifest.json"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    let Ok(m) = serde_json::from_str::<serde_json::Value>(&text) else {
        println!("sources       {} is not JSON: not shown", path.display());
        return;
    };
    if m["build_id"].as_str() != Some(build_id) {
        println!(
            "sources       {} describes another build: not shown",
            path.display()
        );
        return;
    }
    println!("sources       entries by kind (from {})", path.display());
    for s in m["sources"].as_array().into_iter().flatten() {
        let Some(kept) = s["kept"].as_object().filter(|k| !k.is_empty()) else {
            continue;
        };
        let total: u64 = kept.values().filter_map(|v| v.as_u64()).sum();
        let kinds: Vec<String> = kept
            .iter()
            .map(|(k, v)| format!("{k} {}", v.as_u64().unwrap_or(0)))
            .collect();
        println!(
            "  {:<44} {total:>7}  {}",
            s["path"].as_str().unwrap_or("?"),
            kinds.join(", ")
        );
    }
    if let Some(master) = m["master"].as_object() {
        let n = |k: &str| master.get(k).and_then(|v| v.as_u64()).unwrap_or(0);
        println!(
            "  master data: {} brands ({} hand-written brands merged into them), {} category nodes, {} words left to the hand-written rows",
            n("brands"),
            n("merged_brands"),
            n("category_nodes"),
            n("duplicates")
        );
    }
}
