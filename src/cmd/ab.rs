//! `ichiba ab`: A/B experiment analysis — `report` an event log, `simulate` a synthetic one.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use ichiba::experiment::{Config, read_log_files};
use ichiba_lab::report::{Options, Report};
use ichiba_lab::simulate::{DEMO_CONFIG, PROMPT_DEMO_CONFIG, PromptSimulation, Simulation};

/// A/B experiments: turn an event log into a report, or write a synthetic log.
#[derive(clap::Args)]
pub struct AbArgs {
    #[command(subcommand)]
    cmd: AbCommand,
}

#[derive(clap::Subcommand)]
enum AbCommand {
    /// Per-variant acceptance (95% CI), keystrokes saved, time to tap (percentiles and an
    /// SVG histogram), a two-proportion test against the control and a sample-ratio check.
    /// Prints the Markdown summary; writes it and the plots into --out.
    Report(ReportArgs),
    /// Write a SYNTHETIC, seeded event log with known effects (default: 8 s vs 4 s
    /// suggestion display; with --prompt: the barcode-listing prompt shown 8 s vs 4 s).
    Simulate(SimulateArgs),
}

#[derive(clap::Args)]
struct ReportArgs {
    /// Event logs (JSONL), read in order: oldest rotated file first.
    #[arg(required = true, value_name = "EVENTS.jsonl")]
    events: Vec<PathBuf>,
    /// The experiment config: variant order, control and the weights the sample-ratio check
    /// tests against (without it, weights are assumed equal).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where to write report.md and the time-to-tap SVGs.
    #[arg(long, value_name = "DIR", default_value = "ab-report")]
    out: PathBuf,
    /// The control variant of experiments not in the config (default: the variant named
    /// "control", else the first one in the log).
    #[arg(long, value_name = "VARIANT")]
    control: Option<String>,
}

#[derive(clap::Args)]
struct SimulateArgs {
    /// Simulate the barcode-listing prompt (prompt_shown / prompt_tapped / prompt_expired /
    /// prompt_dismissed) instead of the suggestion bar: by default 8 s (control) vs 4 s
    /// display, same wording; with --config, its experiment's prompt_display_ms. Default
    /// intent 0.2 per prompt, 30% of listings with a media photo.
    #[arg(long)]
    prompt: bool,
    /// With --prompt: the probability that a listing gets a photo the model judges media.
    #[arg(long, value_name = "P", requires = "prompt")]
    media_probability: Option<f64>,
    /// Where to write the log (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Users to simulate.
    #[arg(long, default_value_t = 20_000)]
    users: u32,
    /// The seed: the same seed and settings give the same log.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Simulate this config's experiment (its variants, weights, display durations) instead
    /// of the 8 s vs 4 s demo.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Also write the config the log was simulated from (the demo's without --config), for
    /// `ichiba ab report --config`.
    #[arg(long, value_name = "FILE")]
    config_out: Option<PathBuf>,
    /// Which experiment of --config (default: the first).
    #[arg(long, value_name = "ID")]
    experiment: Option<String>,
    /// Probability that a user means to tap a bar, per variant (default 0.35).
    #[arg(long, value_name = "VARIANT=P", value_parser = pair::<f64>)]
    intent: Vec<(String, f64)>,
    /// Override a variant's display duration in ms: later taps are impossible.
    #[arg(long, value_name = "VARIANT=MS", value_parser = pair::<u32>)]
    display_ms: Vec<(String, u32)>,
    /// Lose this share of a variant's users (skews the split: a sample-ratio mismatch).
    #[arg(long, value_name = "VARIANT=SHARE", value_parser = pair::<f64>)]
    drop: Vec<(String, f64)>,
    /// Median time to tap in ms (log-normal).
    #[arg(long, default_value_t = 4570.0)]
    tap_median_ms: f64,
    /// Log-scale standard deviation of the time to tap.
    #[arg(long, default_value_t = 0.6)]
    tap_sigma: f64,
    /// Mean listing-form openings per user.
    #[arg(long, default_value_t = 1.5)]
    listings_per_user: f64,
    /// Mean suggestion bars per listing.
    #[arg(long, default_value_t = 4.0)]
    bars_per_listing: f64,
}

fn pair<T: std::str::FromStr>(text: &str) -> Result<(String, T), String>
where
    T::Err: std::fmt::Display,
{
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("expected VARIANT=VALUE, got {text:?}"))?;
    let value = value.parse().map_err(|e| format!("{value:?}: {e}"))?;
    Ok((name.to_owned(), value))
}

/// Runs `ichiba ab …`.
pub fn run(args: AbArgs) -> anyhow::Result<()> {
    match args.cmd {
        AbCommand::Report(a) => report(a),
        AbCommand::Simulate(a) => simulate(a),
    }
}

fn read_config(path: &PathBuf) -> anyhow::Result<Config> {
    let json = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    Config::from_json(&json).with_context(|| format!("{}", path.display()))
}

fn report(args: ReportArgs) -> anyhow::Result<()> {
    let config = args.config.as_ref().map(read_config).transpose()?;
    let log = read_log_files(&args.events)?;
    let report = Report::new(
        &log,
        &Options {
            config: config.as_ref(),
            control: args.control.as_deref(),
        },
    );
    print!("{}", report.markdown());
    let written = report.write(&args.out)?;
    for path in &written {
        eprintln!("wrote {}", path.display());
    }
    if log.skipped.total() > 0 {
        eprintln!("skipped {} malformed lines", log.skipped.total());
    }
    for warning in report.warnings() {
        eprintln!("\n!!! WARNING: {warning}\n");
    }
    Ok(())
}

/// The config text to simulate (--config's, else `demo`) and its experiment (--experiment,
/// else the first).
fn simulated_experiment(
    args: &SimulateArgs,
    demo: &str,
) -> anyhow::Result<(String, Config, ichiba::experiment::Experiment)> {
    let text = match &args.config {
        None => demo.to_owned(),
        Some(path) => {
            std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?
        }
    };
    let place = args
        .config
        .as_ref()
        .map_or("the demo config".to_owned(), |p| p.display().to_string());
    let config = Config::from_json(&text).with_context(|| place.clone())?;
    let experiment = match &args.experiment {
        None => config.experiments().first(),
        Some(id) => config.experiment(id),
    };
    let Some(experiment) = experiment.cloned() else {
        bail!(
            "{place}: no experiment {}",
            args.experiment.as_deref().unwrap_or("at all")
        );
    };
    Ok((text, config, experiment))
}

/// `ichiba ab simulate --prompt`: a synthetic barcode-prompt experiment.
fn simulate_prompt(args: SimulateArgs) -> anyhow::Result<()> {
    if !args.drop.is_empty() {
        bail!("--drop is not supported with --prompt");
    }
    let (config_text, config, experiment) = simulated_experiment(&args, PROMPT_DEMO_CONFIG)?;
    let mut sim = PromptSimulation::new(&experiment, config.defaults());
    sim.users = args.users;
    sim.seed = args.seed;
    sim.tap_median_ms = args.tap_median_ms;
    sim.tap_sigma = args.tap_sigma;
    sim.listings_per_user = args.listings_per_user;
    if let Some(p) = args.media_probability {
        if !(0.0..=1.0).contains(&p) {
            bail!("--media-probability must be between 0 and 1");
        }
        sim.media_probability = p;
    }
    let known: Vec<String> = sim.arms.iter().map(|a| a.variant.clone()).collect();
    let unknown = |name: &str| {
        anyhow::anyhow!(
            "unknown variant \"{name}\" (variants: {})",
            known.join(", ")
        )
    };
    for (name, p) in &args.intent {
        if !(0.0..=1.0).contains(p) {
            bail!("--intent {name}=…: must be between 0 and 1");
        }
        sim.arm_mut(name).ok_or_else(|| unknown(name))?.intent = *p;
    }
    for (name, ms) in &args.display_ms {
        if !(1..=120_000).contains(ms) {
            bail!("--display-ms {name}=…: must be 1 to 120000");
        }
        sim.arm_mut(name).ok_or_else(|| unknown(name))?.display_ms = *ms;
    }
    if !(sim.tap_median_ms > 0.0 && sim.tap_sigma > 0.0) {
        bail!("--tap-median-ms and --tap-sigma must be positive");
    }
    if !args.display_ms.is_empty() && args.config_out.is_some() {
        bail!("--config-out with --display-ms would write a config the log does not follow");
    }
    if let Some(path) = &args.config_out {
        std::fs::write(path, &config_text).with_context(|| format!("{}", path.display()))?;
    }
    let events = sim.run();
    write_events(&args.out, &events)?;
    eprintln!(
        "SYNTHETIC barcode-prompt log: {} events, {} simulated users, experiment \"{}\", seed {}",
        events.len(),
        sim.users,
        sim.experiment().id(),
        sim.seed
    );
    let longest = sim.arms.iter().max_by_key(|a| a.display_ms);
    for a in &sim.arms {
        let rate = sim.true_tap_rate(&a.variant).unwrap_or(0.0);
        let share = longest
            .and_then(|l| sim.true_share_after(&a.variant, &l.variant))
            .map_or(String::new(), |s| {
                format!(
                    ", true share of the longest display's taps it cuts off {:.1}%",
                    s * 100.0
                )
            });
        eprintln!(
            "  {}: prompt display {} ms, intent {} → true taps / prompt {:.2}%{share}",
            a.variant,
            a.display_ms,
            a.intent,
            rate * 100.0
        );
    }
    Ok(())
}

fn write_events(out: &Option<PathBuf>, events: &[ichiba::experiment::Event]) -> anyhow::Result<()> {
    let mut w: Box<dyn Write> = match out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("{}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    for event in events {
        w.write_all(event.to_line().as_bytes())?;
    }
    w.flush()?;
    Ok(())
}

fn simulate(args: SimulateArgs) -> anyhow::Result<()> {
    if args.prompt {
        return simulate_prompt(args);
    }
    let config_text = match &args.config {
        None => DEMO_CONFIG.to_owned(),
        Some(path) => {
            std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?
        }
    };
    let mut sim = match &args.config {
        None => Simulation::display_demo(),
        Some(path) => {
            let config =
                Config::from_json(&config_text).with_context(|| format!("{}", path.display()))?;
            let experiment = match &args.experiment {
                None => config.experiments().first(),
                Some(id) => config.experiment(id),
            };
            let Some(experiment) = experiment else {
                bail!(
                    "{}: no experiment {}",
                    path.display(),
                    args.experiment.as_deref().unwrap_or("at all")
                );
            };
            Simulation::new(experiment, config.defaults())
        }
    };
    sim.users = args.users;
    sim.seed = args.seed;
    sim.tap_median_ms = args.tap_median_ms;
    sim.tap_sigma = args.tap_sigma;
    sim.listings_per_user = args.listings_per_user;
    sim.bars_per_listing = args.bars_per_listing;
    let check = |name: &str, ok: bool, what: &str| -> anyhow::Result<()> {
        if ok {
            Ok(())
        } else {
            bail!("--{what} {name}=…: must be between 0 and 1")
        }
    };
    for (name, p) in &args.intent {
        check(name, (0.0..=1.0).contains(p), "intent")?;
        arm(&mut sim, name)?.intent = *p;
    }
    for (name, p) in &args.drop {
        check(name, (0.0..=1.0).contains(p), "drop")?;
        arm(&mut sim, name)?.drop = *p;
    }
    for (name, ms) in &args.display_ms {
        arm(&mut sim, name)?.display_ms = *ms;
    }
    if !(sim.tap_median_ms > 0.0 && sim.tap_sigma > 0.0) {
        bail!("--tap-median-ms and --tap-sigma must be positive");
    }

    if let Some(path) = &args.config_out {
        std::fs::write(path, &config_text).with_context(|| format!("{}", path.display()))?;
    }
    let events = sim.run();
    write_events(&args.out, &events)?;

    eprintln!(
        "SYNTHETIC log: {} events, {} simulated users, experiment \"{}\", seed {}",
        events.len(),
        sim.users,
        sim.experiment().id(),
        sim.seed
    );
    for a in &sim.arms {
        let truth = sim
            .true_acceptance(&a.variant)
            .map_or("– (suggestions off)".to_owned(), |p| {
                format!("{:.2}%", p * 100.0)
            });
        eprintln!(
            "  {}: display {} ms, intent {}, drop {} → true acceptance {truth}",
            a.variant, a.display_ms, a.intent, a.drop
        );
    }
    Ok(())
}

fn arm<'a>(
    sim: &'a mut Simulation,
    name: &str,
) -> anyhow::Result<&'a mut ichiba_lab::simulate::Arm> {
    let known: Vec<String> = sim.arms.iter().map(|a| a.variant.clone()).collect();
    sim.arm_mut(name).with_context(|| {
        format!(
            "unknown variant \"{name}\" (variants: {})",
            known.join(", ")
        )
    })
}
