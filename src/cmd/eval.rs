//! `ichiba eval`: quality cases and simulated typing (definitions in docs/eval.md).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use ichiba::{Field, MAX_TOP_K};
use ichiba_lab::eval::{brands, cases, titles};

/// Measure suggestion quality: regression cases, keystrokes saved on titles.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: EvalCommand,
}

#[derive(clap::Subcommand)]
enum EvalCommand {
    /// Run Mozc-style cases (label, key, expected, command, rank; tab-separated): print
    /// per-label pass rates and the failures; fail when a label is under its threshold.
    Cases(CasesArgs),
    /// Type each title of FILE (one per line, or JSONL with a "title" field) on a simulated
    /// kana keyboard, tapping the intended word whenever it is in the top k: print
    /// keystrokes saved and hit rate by typed length.
    Titles(TitlesArgs),
    /// Type every brand of a master brands.json (the facets format) in kana and in Latin
    /// letters, in the brand and title fields: top 10 after 3 kana and 4 letters, and the
    /// share of the reading typed before the brand reaches the top 5.
    Brands(BrandsArgs),
}

#[derive(clap::Args)]
struct BrandsArgs {
    /// The master brand list (e.g. dictionaries/lexicon/mercari/brands.json).
    file: PathBuf,
    /// Use this dictionary file instead of the embedded default.
    #[arg(long, value_name = "FILE")]
    dict: Option<PathBuf>,
    /// The fields typed in, one run each.
    #[arg(
        long,
        value_name = "FIELD,…",
        value_delimiter = ',',
        default_value = "brand,title"
    )]
    field: Vec<Field>,
    /// Type without typo correction (as `ichiba suggest --no-typos`).
    #[arg(long)]
    no_typos: bool,
    /// Print at most N kana misses per field.
    #[arg(long, value_name = "N", default_value_t = 10)]
    show_misses: usize,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct CasesArgs {
    /// The case file.
    file: PathBuf,
    /// Use this dictionary file instead of the embedded default.
    #[arg(long, value_name = "FILE")]
    dict: Option<PathBuf>,
    /// Fail when any label's pass rate is under RATE (0.9 or 90%).
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    min_pass: Option<f64>,
    /// Fail when LABEL's pass rate is under RATE (overrides --min-pass for it; repeatable).
    #[arg(long, value_name = "LABEL=RATE", value_parser = parse_label_rate)]
    min_pass_label: Vec<(String, f64)>,
    /// Print at most N failures.
    #[arg(long, value_name = "N", default_value_t = 20)]
    show_failures: usize,
    /// The field the keys are typed in.
    #[arg(long, default_value = "free")]
    field: Field,
    /// Print the report as one JSON object (thresholds still apply).
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct TitlesArgs {
    /// The titles file (one per line, or .jsonl with a "title" field).
    file: PathBuf,
    /// Use this dictionary file instead of the embedded default.
    #[arg(long, value_name = "FILE")]
    dict: Option<PathBuf>,
    /// Suggestions looked at: one simulation per value.
    #[arg(long, value_name = "K,…", value_delimiter = ',', default_value = "3,5")]
    top: Vec<usize>,
    /// The field the titles are typed in.
    #[arg(long, default_value = "title")]
    field: Field,
    /// Also print one line per title.
    #[arg(long)]
    per_title: bool,
    /// Type without typo correction (as `ichiba suggest --no-typos`).
    #[arg(long)]
    no_typos: bool,
    /// Type each title with its listing's category selected (the JSON Lines "category"),
    /// as a seller who chose the category first.
    #[arg(long)]
    with_category: bool,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs `ichiba eval`.
pub fn run(args: Args) -> Result<()> {
    match args.cmd {
        EvalCommand::Cases(a) => run_cases(a),
        EvalCommand::Titles(a) => run_titles(a),
        EvalCommand::Brands(a) => run_brands(a),
    }
}

fn run_brands(args: BrandsArgs) -> Result<()> {
    if args.field.is_empty() {
        bail!("--field needs at least one field");
    }
    let bytes =
        std::fs::read(&args.file).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let list = ichiba_build::facets::master_brands(&args.file, &bytes)?;
    if list.is_empty() {
        bail!("{}: no brands", args.file.display());
    }
    let engine = super::engine(args.dict.as_deref())?;
    let targets = brands::targets(&engine, &list)?;
    let report = brands::run(
        &engine,
        &targets,
        &args.field,
        !args.no_typos,
        args.show_misses,
    )?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
        return Ok(());
    }
    println!(
        "{} brands ({} with neither a kana reading nor a Latin spelling)",
        report.brands, report.untyped
    );
    println!(
        "field        kana  top10@{k}  reach top5  reading typed before top5   latin  top10@{l}",
        k = brands::KANA_TYPED,
        l = brands::LATIN_TYPED
    );
    for f in &report.fields {
        println!(
            "{:<11} {:>5}  {:>8}  {:>10}  {:>25}  {:>6}  {:>8}",
            f.field,
            f.kana_brands,
            pct(f.kana_top10_rate()),
            pct(if f.kana_brands == 0 {
                0.0
            } else {
                f.kana_reach_top5 as f64 / f.kana_brands as f64
            }),
            pct(f.kana_share_before_top5),
            f.latin_brands,
            pct(f.latin_top10_rate()),
        );
    }
    for f in &report.fields {
        if f.misses.is_empty() {
            continue;
        }
        println!("\nfirst misses in the {} field:", f.field);
        for m in &f.misses {
            println!(
                "  {} {} ({}): {}",
                m.id,
                m.name,
                m.typed,
                if m.shown.is_empty() {
                    "(nothing)".to_string()
                } else {
                    m.shown.join(", ")
                }
            );
        }
    }
    Ok(())
}

/// A rate given as a fraction (0.9) or a percentage (90%).
fn parse_rate(s: &str) -> Result<f64, String> {
    let (number, scale) = match s.trim().strip_suffix('%') {
        Some(p) => (p, 100.0),
        None => (s.trim(), 1.0),
    };
    match number.trim().parse::<f64>() {
        Ok(v) if (0.0..=scale).contains(&v) => Ok(v / scale),
        _ => Err(format!(
            "{s:?} is not a rate: give a fraction from 0 to 1 (0.9) or a percentage (90%)"
        )),
    }
}

fn parse_label_rate(s: &str) -> Result<(String, f64), String> {
    let (label, rate) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("{s:?} is not LABEL=RATE"))?;
    if label.is_empty() {
        return Err(format!("{s:?} has an empty label"));
    }
    Ok((label.to_string(), parse_rate(rate)?))
}

fn pct(rate: f64) -> String {
    format!("{:.1}%", 100.0 * rate)
}

fn run_cases(args: CasesArgs) -> Result<()> {
    let list = cases::read(&args.file)?;
    if list.is_empty() {
        bail!("{}: no cases", args.file.display());
    }
    let engine = super::engine(args.dict.as_deref())?;
    let report = cases::run(&engine, &list, args.field)?;

    // Thresholds: per label, a named label's own first.
    for (label, _) in &args.min_pass_label {
        if report.label(label).is_none() {
            bail!("--min-pass-label {label}=…: no case has the label {label:?}");
        }
    }
    let mut under = Vec::new();
    for l in &report.labels {
        let min = args
            .min_pass_label
            .iter()
            .rev()
            .find(|(label, _)| *label == l.label)
            .map(|&(_, r)| r)
            .or(args.min_pass);
        if let Some(min) = min
            && l.rate() < min
        {
            under.push(format!("{} {} < {}", l.label, pct(l.rate()), pct(min)));
        }
    }

    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{}", cases_table(&report, &args.file, args.show_failures));
    }
    if !under.is_empty() {
        bail!("pass rate under the threshold: {}", under.join(", "));
    }
    Ok(())
}

fn cases_table(report: &cases::Report, file: &Path, show: usize) -> String {
    let width = report
        .labels
        .iter()
        .map(|l| l.label.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let mut out = String::new();
    let _ = writeln!(out, "{:<width$}  passed  total    rate", "label");
    for l in report.labels.iter().chain([&report.all]) {
        let name = if l.label == "*" { "all" } else { &l.label };
        let _ = writeln!(
            out,
            "{name:<width$}  {:>6}  {:>5}  {:>6}",
            l.passed,
            l.total,
            pct(l.rate())
        );
    }
    if !report.failures.is_empty() {
        let _ = writeln!(
            out,
            "\nfailures ({} of {}):",
            show.min(report.failures.len()),
            report.failures.len()
        );
        for f in report.failures.iter().take(show) {
            let c = &f.case;
            let found = match f.found_at {
                Some(at) => format!(" (at {at})"),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "{}:{}  {}  {:?} → {}  {} {}  got: {}{found}",
                file.display(),
                c.line,
                c.label,
                c.key,
                c.expected,
                c.command,
                c.rank,
                if f.got.is_empty() {
                    "(nothing)".to_string()
                } else {
                    f.got.join(", ")
                },
            );
        }
    }
    out
}

fn run_titles(args: TitlesArgs) -> Result<()> {
    if args.top.is_empty() {
        bail!("--top needs at least one k");
    }
    if let Some(k) = args.top.iter().find(|&&k| k == 0 || k > MAX_TOP_K) {
        bail!("--top {k}: k must be from 1 to {MAX_TOP_K}");
    }
    let list = titles::read(&args.file)?;
    if list.is_empty() {
        bail!("{}: no titles", args.file.display());
    }
    let engine = super::engine(args.dict.as_deref())?;
    let mut reports = titles::run(
        &engine,
        &list,
        &args.top,
        args.field,
        !args.no_typos,
        args.with_category,
    )?;
    if args.json {
        if !args.per_title {
            for r in &mut reports {
                r.per_title.clear();
            }
        }
        let value = serde_json::json!({
            "file": args.file.display().to_string(),
            "runs": reports.iter().map(|r| {
                let mut v = serde_json::to_value(r).unwrap_or_default();
                v["saved_rate"] = serde_json::json!(r.saved_rate());
                v["accepted_rate"] = serde_json::json!(r.accepted_rate());
                v
            }).collect::<Vec<_>>(),
        });
        println!("{value}");
    } else {
        print!("{}", titles_table(&reports, args.per_title));
    }
    Ok(())
}

fn titles_table(reports: &[titles::Report], per_title: bool) -> String {
    let mut out = String::new();
    let first = &reports[0];
    let _ = writeln!(
        out,
        "titles {}, segments {}, keystrokes without suggestions {} (field {})\n",
        first.titles,
        first.segments,
        first.keystrokes,
        serde_json::to_value(first.field)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
    );
    let _ = writeln!(
        out,
        "top-k  saved  keystrokes  saved%   taps  segments tapped"
    );
    for r in reports {
        let _ = writeln!(
            out,
            "{:>5}  {:>5}  {:>10}  {:>6}  {:>5}  {}/{} ({})",
            r.top_k,
            r.saved,
            r.keystrokes - r.saved,
            pct(r.saved_rate()),
            r.taps,
            r.accepted_segments,
            r.segments,
            pct(r.accepted_rate()),
        );
    }
    let _ = writeln!(out, "\nhit rate by typed length (taps / looks at the bar)");
    let _ = write!(out, "typed");
    for r in reports {
        let _ = write!(out, "  {:>20}", format!("top-{}", r.top_k));
    }
    let _ = writeln!(out);
    for b in 0..titles::TYPED_BUCKETS {
        let _ = write!(out, "{:>5}", first.by_typed[b].typed);
        for r in reports {
            let t = &r.by_typed[b];
            let cell = format!("{}/{} ({})", t.taps, t.looks, pct(t.hit_rate()));
            let _ = write!(out, "  {cell:>20}");
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "\nhit rate with a key typed, by what precedes the word (taps / looks)"
    );
    let _ = write!(out, "{:<11}", "context");
    for r in reports {
        let _ = write!(out, "  {:>20}", format!("top-{}", r.top_k));
    }
    let _ = writeln!(out);
    for c in [titles::TEXT_BEFORE, titles::ALONE] {
        let _ = write!(out, "{:<11}", first.by_context[c].context);
        for r in reports {
            let t = &r.by_context[c];
            let cell = format!("{}/{} ({})", t.taps, t.looks, pct(t.hit_rate()));
            let _ = write!(out, "  {cell:>20}");
        }
        let _ = writeln!(out);
    }
    if per_title {
        let _ = write!(out, "\nper title: line");
        for r in reports {
            let _ = write!(out, "  {:>17}", format!("saved@{}", r.top_k));
        }
        let _ = writeln!(out, "  title");
        for (i, t) in first.per_title.iter().enumerate() {
            let _ = write!(out, "{:>15}", t.line);
            for r in reports {
                let t = &r.per_title[i];
                let cell = format!("{}/{} ({})", t.saved, t.keystrokes, pct(t.saved_rate()));
                let _ = write!(out, "  {cell:>17}");
            }
            let _ = writeln!(out, "  {}  ({})", t.title, t.keys);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        assert_eq!(parse_rate("0.9"), Ok(0.9));
        assert_eq!(parse_rate("90%"), Ok(0.9));
        assert_eq!(parse_rate("1"), Ok(1.0));
        assert!(parse_rate("90").is_err());
        assert!(parse_rate("-1%").is_err());
        assert!(parse_rate("x").is_err());
        assert_eq!(parse_label_rate("brand=80%"), Ok(("brand".into(), 0.8)));
        assert!(parse_label_rate("brand").is_err());
        assert!(parse_label_rate("=0.5").is_err());
    }
}
