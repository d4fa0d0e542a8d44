//! The experiment report: an event [`Log`] in, per-variant statistics, a Markdown summary and
//! an SVG time-to-tap histogram out (`ichiba ab report`).
//!
//! Per experiment and variant: users (distinct users with an exposure), exposures, bars
//! shown, taps, the acceptance rate (taps / bars shown) with a 95% Wilson interval,
//! keystrokes saved per listing (a *listing* is one exposure: one opening of the listing
//! form in the experiment, whether or not it was published) and per user, time-to-tap
//! percentiles and the share of taps after 2, 4 and 8 seconds. Each treatment is compared
//! with the control by a pooled two-proportion z-test; users per variant are checked against
//! the configured split by a chi-square test (sample-ratio mismatch).
//!
//! The statistics are small and written here ([`stats`]): no statistics crate.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ichiba::experiment::{Config, EventKind, Log, Skipped};

use crate::error::{LabError as Error, Result};

/// Below this p-value the sample-ratio check warns: the split is not what was configured.
pub const SRM_ALPHA: f64 = 0.001;

/// Small statistics: normal and chi-square tail probabilities, Wilson interval,
/// two-proportion z-test, nearest-rank percentile.
pub mod stats {
    /// The two-sided 95% normal quantile.
    pub const Z95: f64 = 1.959_963_984_540_054;

    /// ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error about 1e-15).
    pub fn ln_gamma(x: f64) -> f64 {
        const C: [f64; 9] = [
            0.999_999_999_999_809_9,
            676.520_368_121_885_1,
            -1_259.139_216_722_402_8,
            771.323_428_777_653_1,
            -176.615_029_162_140_6,
            12.507_343_278_686_905,
            -0.138_571_095_265_720_12,
            9.984_369_578_019_572e-6,
            1.505_632_735_149_311_6e-7,
        ];
        if x < 0.5 {
            // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
            return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln()
                - ln_gamma(1.0 - x);
        }
        let x = x - 1.0;
        let t = x + 7.5;
        let a = C[1..]
            .iter()
            .enumerate()
            .fold(C[0], |a, (i, c)| a + c / (x + i as f64 + 1.0));
        0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
    }

    /// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), for
    /// a > 0, x ≥ 0: the series for x < a + 1, else Lentz's continued fraction (Numerical
    /// Recipes §6.2), each to about 1e-15.
    pub fn gamma_q(a: f64, x: f64) -> f64 {
        const EPS: f64 = 1e-15;
        const TINY: f64 = 1e-300;
        if x.is_nan() || a.is_nan() || a <= 0.0 || x < 0.0 {
            return f64::NAN;
        }
        if x == 0.0 {
            return 1.0;
        }
        if x.is_infinite() {
            return 0.0;
        }
        let prefix = (-x + a * x.ln() - ln_gamma(a)).exp();
        if x < a + 1.0 {
            let (mut ap, mut del) = (a, 1.0 / a);
            let mut sum = del;
            for _ in 0..1000 {
                ap += 1.0;
                del *= x / ap;
                sum += del;
                if del.abs() < sum.abs() * EPS {
                    break;
                }
            }
            (1.0 - sum * prefix).max(0.0)
        } else {
            let mut b = x + 1.0 - a;
            let mut c = 1.0 / TINY;
            let mut d = 1.0 / b;
            let mut h = d;
            for i in 1..1000 {
                let an = -(i as f64) * (i as f64 - a);
                b += 2.0;
                d = an * d + b;
                if d.abs() < TINY {
                    d = TINY;
                }
                c = b + an / c;
                if c.abs() < TINY {
                    c = TINY;
                }
                d = 1.0 / d;
                let del = d * c;
                h *= del;
                if (del - 1.0).abs() < EPS {
                    break;
                }
            }
            (prefix * h).min(1.0)
        }
    }

    /// The complementary error function: erfc(x) = Q(1/2, x²) for x ≥ 0, 2 − erfc(−x)
    /// below. Accurate in relative terms far into the tail (p-values like 1e-200 keep their
    /// digits).
    pub fn erfc(x: f64) -> f64 {
        if x >= 0.0 {
            gamma_q(0.5, x * x)
        } else {
            2.0 - gamma_q(0.5, x * x)
        }
    }

    /// The standard normal CDF Φ(x) = erfc(−x / √2) / 2.
    pub fn normal_cdf(x: f64) -> f64 {
        0.5 * erfc(-x / std::f64::consts::SQRT_2)
    }

    /// The chi-square survival function P(χ²_df > x) = Q(df / 2, x / 2).
    pub fn chi_square_sf(x: f64, df: usize) -> f64 {
        gamma_q(df as f64 / 2.0, x / 2.0)
    }

    /// The Wilson score interval for `successes` out of `trials` at normal quantile `z`
    /// (use [`Z95`]). `None` for zero trials or more successes than trials.
    pub fn wilson(successes: u64, trials: u64, z: f64) -> Option<(f64, f64)> {
        if trials == 0 || successes > trials {
            return None;
        }
        let n = trials as f64;
        let p = successes as f64 / n;
        let z2 = z * z;
        let denom = 1.0 + z2 / n;
        let center = (p + z2 / (2.0 * n)) / denom;
        let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
        Some(((center - half).max(0.0), (center + half).min(1.0)))
    }

    /// The pooled two-proportion z-test of `x2 / n2` against `x1 / n1`: `(z, two-sided p)`,
    /// z > 0 when the second rate is higher. `None` if a side has no trials or more
    /// successes than trials; `(0, 1)` when both rates are 0 or both are 1.
    pub fn two_proportion_z(x1: u64, n1: u64, x2: u64, n2: u64) -> Option<(f64, f64)> {
        if n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2 {
            return None;
        }
        let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
        let pooled = (x1 + x2) as f64 / (n1 + n2) as f64;
        let se = (pooled * (1.0 - pooled) * (1.0 / n1 as f64 + 1.0 / n2 as f64)).sqrt();
        if se == 0.0 {
            return Some((0.0, 1.0));
        }
        let z = (p2 - p1) / se;
        Some((z, erfc(z.abs() / std::f64::consts::SQRT_2)))
    }

    /// The nearest-rank percentile of sorted values: the `ceil(q · n)`-th smallest
    /// (`q` in (0, 1]), so it is always one of the values. `None` when empty.
    pub fn percentile(sorted: &[u32], q: f64) -> Option<u32> {
        if sorted.is_empty() {
            return None;
        }
        let rank = (q * sorted.len() as f64).ceil().max(1.0) as usize;
        Some(sorted[rank.min(sorted.len()) - 1])
    }
}

/// How to read the log.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The experiment config: gives the variants' order, the control and the weights the
    /// sample-ratio check tests against. Without it, weights are assumed equal.
    pub config: Option<&'a Config>,
    /// The control variant's name for experiments not in the config. Without it: the
    /// variant named `control`, else the first variant to appear in the log.
    pub control: Option<&'a str>,
}

/// A proportion with its 95% Wilson interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Proportion {
    /// The numerator.
    pub successes: u64,
    /// The denominator.
    pub trials: u64,
    /// `successes / trials`.
    pub rate: f64,
    /// The interval's lower end.
    pub low: f64,
    /// The interval's upper end.
    pub high: f64,
}

/// Time from a bar being shown to the tap, over a variant's taps.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TapDelays {
    /// Every tap's delay in ms, ascending.
    pub sorted_ms: Vec<u32>,
    /// Median (nearest rank).
    pub p50: Option<u32>,
    /// 90th percentile (nearest rank).
    pub p90: Option<u32>,
    /// 99th percentile (nearest rank).
    pub p99: Option<u32>,
    /// Share of taps more than 2000 ms after the bar was shown.
    pub after_2s: Option<f64>,
    /// Share of taps more than 4000 ms after.
    pub after_4s: Option<f64>,
    /// Share of taps more than 8000 ms after.
    pub after_8s: Option<f64>,
}

impl TapDelays {
    fn new(mut ms: Vec<u32>) -> TapDelays {
        ms.sort_unstable();
        let after = |limit: u32| {
            (!ms.is_empty())
                .then(|| ms.iter().filter(|&&d| d > limit).count() as f64 / ms.len() as f64)
        };
        TapDelays {
            p50: stats::percentile(&ms, 0.50),
            p90: stats::percentile(&ms, 0.90),
            p99: stats::percentile(&ms, 0.99),
            after_2s: after(2000),
            after_4s: after(4000),
            after_8s: after(8000),
            sorted_ms: ms,
        }
    }
}

/// One variant's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantStats {
    /// The variant's name.
    pub name: String,
    /// Distinct users with at least one exposure.
    pub users: u64,
    /// Exposure events: listings.
    pub exposures: u64,
    /// Suggestion bars shown.
    pub shown: u64,
    /// Taps on a suggestion.
    pub accepted: u64,
    /// Bars dismissed without a tap.
    pub dismissed: u64,
    /// Taps / bars shown with its 95% Wilson interval (`None` with no bar shown, or more
    /// taps than bars, which a note reports).
    pub acceptance: Option<Proportion>,
    /// Characters saved, summed over taps.
    pub chars_saved: u64,
    /// Characters saved per listing (per exposure).
    pub chars_saved_per_listing: Option<f64>,
    /// Characters saved per exposed user.
    pub chars_saved_per_user: Option<f64>,
    /// Time to tap.
    pub tap: TapDelays,
}

/// A treatment against the control.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The treatment's name.
    pub treatment: String,
    /// The control's name.
    pub control: String,
    /// Treatment rate − control rate.
    pub difference: f64,
    /// The difference's 95% interval (unpooled Wald), lower end.
    pub difference_low: f64,
    /// Upper end.
    pub difference_high: f64,
    /// The pooled z statistic (positive: the treatment is higher).
    pub z: f64,
    /// The two-sided p-value.
    pub p_value: f64,
}

/// The sample-ratio-mismatch check: users per variant against the configured split.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleRatio {
    /// Whether the expected split comes from the config (else: assumed equal).
    pub weights_from_config: bool,
    /// The expected share of users per variant (its buckets / 10000 from the config).
    pub expected_shares: Vec<f64>,
    /// Users per variant.
    pub observed_users: Vec<u64>,
    /// The chi-square statistic (infinite when users landed in a variant expected to get
    /// none).
    pub chi_square: f64,
    /// Degrees of freedom: variants expected to get users, minus one.
    pub df: usize,
    /// P(χ² ≥ statistic); `None` when there is nothing to test (no users, one variant).
    pub p_value: Option<f64>,
    /// `p_value < SRM_ALPHA`: the split is off, the comparisons are not to be trusted.
    pub mismatch: bool,
}

/// One experiment's report.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentReport {
    /// The experiment's id.
    pub id: String,
    /// Whether the experiment is in the config given.
    pub in_config: bool,
    /// The variants: config order, then any others in order of appearance.
    pub variants: Vec<VariantStats>,
    /// The control's index in `variants`.
    pub control: usize,
    /// Each other variant against the control.
    pub comparisons: Vec<Comparison>,
    /// The sample-ratio check.
    pub sample_ratio: SampleRatio,
    /// Users with events in more than one variant (an id reused across devices, or an
    /// assignment that changed mid-experiment); their events count in each.
    pub users_in_several_variants: u64,
    /// Things the reader should know (unknown variants, impossible counts).
    pub notes: Vec<String>,
}

impl ExperimentReport {
    /// The variant named `name`.
    pub fn variant(&self, name: &str) -> Option<&VariantStats> {
        self.variants.iter().find(|v| v.name == name)
    }

    /// The comparison of treatment `name` with the control.
    pub fn comparison(&self, name: &str) -> Option<&Comparison> {
        self.comparisons.iter().find(|c| c.treatment == name)
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Events read.
    pub events: usize,
    /// Lines skipped.
    pub skipped: Skipped,
    /// Whether a config was given.
    pub with_config: bool,
    /// One per experiment: config order, then others in order of appearance.
    pub experiments: Vec<ExperimentReport>,
}

#[derive(Default)]
struct Acc<'a> {
    name: String,
    exposed: HashSet<&'a str>,
    exposures: u64,
    shown: u64,
    accepted: u64,
    dismissed: u64,
    chars: u64,
    delays: Vec<u32>,
}

struct ExpAcc<'a> {
    id: String,
    variants: Vec<Acc<'a>>,
    users: HashMap<&'a str, (usize, bool)>,
}

impl ExpAcc<'_> {
    fn variant(&mut self, name: &str) -> usize {
        match self.variants.iter().position(|v| v.name == name) {
            Some(i) => i,
            None => {
                self.variants.push(Acc {
                    name: name.to_owned(),
                    ..Acc::default()
                });
                self.variants.len() - 1
            }
        }
    }
}

impl Report {
    /// Builds the report of `log`.
    pub fn new(log: &Log, options: &Options<'_>) -> Report {
        let mut exps: Vec<ExpAcc<'_>> = Vec::new();
        if let Some(config) = options.config {
            for e in config.experiments() {
                exps.push(ExpAcc {
                    id: e.id().to_owned(),
                    variants: e
                        .variants()
                        .iter()
                        .map(|v| Acc {
                            name: v.name().to_owned(),
                            ..Acc::default()
                        })
                        .collect(),
                    users: HashMap::new(),
                });
            }
        }
        for event in &log.events {
            let e = match exps.iter().position(|x| x.id == event.experiment) {
                Some(i) => i,
                None => {
                    exps.push(ExpAcc {
                        id: event.experiment.clone(),
                        variants: Vec::new(),
                        users: HashMap::new(),
                    });
                    exps.len() - 1
                }
            };
            let exp = &mut exps[e];
            let v = exp.variant(&event.variant);
            let seen = exp.users.entry(&event.user).or_insert((v, false));
            if seen.0 != v {
                seen.1 = true;
            }
            let acc = &mut exp.variants[v];
            match &event.kind {
                EventKind::Exposure => {
                    acc.exposures += 1;
                    acc.exposed.insert(&event.user);
                }
                EventKind::Shown { .. } => acc.shown += 1,
                EventKind::Accepted {
                    ms_since_shown,
                    chars_saved,
                    ..
                } => {
                    acc.accepted += 1;
                    acc.chars += u64::from(*chars_saved);
                    acc.delays.push(*ms_since_shown);
                }
                EventKind::Dismissed { .. } => acc.dismissed += 1,
            }
        }
        let experiments = exps
            .into_iter()
            .filter(|x| {
                x.variants
                    .iter()
                    .any(|v| v.exposures + v.shown + v.accepted + v.dismissed > 0)
            })
            .map(|x| experiment_report(x, options))
            .collect();
        Report {
            events: log.events.len(),
            skipped: log.skipped,
            with_config: options.config.is_some(),
            experiments,
        }
    }

    /// The report of experiment `id`.
    pub fn experiment(&self, id: &str) -> Option<&ExperimentReport> {
        self.experiments.iter().find(|e| e.id == id)
    }

    /// The sample-ratio warnings, one line each (empty when every split looks right).
    pub fn warnings(&self) -> Vec<String> {
        self.experiments
            .iter()
            .filter(|e| e.sample_ratio.mismatch)
            .map(|e| {
                format!(
                    "SAMPLE RATIO MISMATCH in experiment \"{}\": users {} vs expected shares {} (chi-square p = {}). Do not trust its comparisons until the cause is found.",
                    e.id,
                    join(e.sample_ratio.observed_users.iter().map(|n| group(*n))),
                    join(e.sample_ratio.expected_shares.iter().map(|s| pct(*s))),
                    p_text(e.sample_ratio.p_value.unwrap_or(0.0)),
                )
            })
            .collect()
    }

    /// The Markdown summary. Plots are linked as [`plot_file_name`]`(id)`.
    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let _ = self.write_markdown(&mut md);
        md
    }

    fn write_markdown(&self, md: &mut String) -> std::fmt::Result {
        writeln!(md, "# A/B experiment report\n")?;
        let s = &self.skipped;
        writeln!(
            md,
            "{} events read; {} lines skipped ({} torn last line, {} invalid JSON, {} unknown type, {} invalid fields).",
            group(self.events as u64),
            group(s.total()),
            s.torn,
            s.invalid_json,
            s.unknown_type,
            s.invalid_fields
        )?;
        if !self.with_config {
            writeln!(
                md,
                "\nNo config given: the sample-ratio check assumes equal weights."
            )?;
        }
        if self.experiments.is_empty() {
            writeln!(md, "\nNo experiment events in the log.")?;
        }
        for e in &self.experiments {
            e.write_markdown(md)?;
        }
        writeln!(md, "\n## Definitions\n")?;
        writeln!(
            md,
            "- **users**: distinct users with an exposure. **listings**: exposures (one per opening of the listing form in the experiment, published or not).\n\
             - **acceptance**: taps / suggestion bars shown, with a 95% Wilson interval. Bars of one user are counted as independent, so intervals and p-values are optimistic when a few users see many bars.\n\
             - **chars saved / listing**: characters the taps saved, summed, over listings.\n\
             - **time to tap**: from the bar being shown to the tap; nearest-rank percentiles; \"> 4 s\" is the share of taps more than 4000 ms after.\n\
             - **vs control**: pooled two-proportion z-test, two-sided; the difference's interval is the unpooled 95% Wald interval. Not corrected for several treatments.\n\
             - **sample ratio**: chi-square test of users per variant against the configured split; a warning below p = {SRM_ALPHA}."
        )
    }

    /// Renders experiment `e`'s time-to-tap histogram as SVG: taps per 1,000 bars shown in
    /// 250 ms bins, one colour per variant, so a variant that hides the bar earlier shows the
    /// taps it loses.
    pub fn svg(&self, e: &ExperimentReport) -> Result<String> {
        plot::histogram(e)
    }

    /// Writes `report.md` and one `time-to-tap-<experiment>.svg` per experiment into `dir`
    /// (created if missing); returns the paths written.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut written = Vec::new();
        for e in &self.experiments {
            let path = dir.join(plot_file_name(&e.id));
            std::fs::write(&path, self.svg(e)?).map_err(|err| Error::io(&path, err))?;
            written.push(path);
        }
        let path = dir.join("report.md");
        std::fs::write(&path, self.markdown()).map_err(|e| Error::io(&path, e))?;
        written.insert(0, path);
        Ok(written)
    }
}

/// The plot's file name for experiment `id`: `time-to-tap-<id>.svg`, with characters other
/// than ASCII letters, digits, `-` and `_` replaced by `_`.
pub fn plot_file_name(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("time-to-tap-{safe}.svg")
}

fn experiment_report(x: ExpAcc<'_>, options: &Options<'_>) -> ExperimentReport {
    let configured = options.config.and_then(|c| c.experiment(&x.id));
    let mut notes = Vec::new();
    let control = match configured {
        Some(exp) => exp.control_index(),
        None => {
            let wanted = options
                .control
                .and_then(|c| x.variants.iter().position(|v| v.name == c));
            let control = wanted
                .or_else(|| x.variants.iter().position(|v| v.name == "control"))
                .unwrap_or(0);
            if let Some(name) = options.control
                && wanted.is_none()
            {
                notes.push(format!(
                    "control \"{name}\" not found; using \"{}\"",
                    x.variants[control].name
                ));
            }
            control
        }
    };
    if let Some(exp) = configured {
        for v in &x.variants {
            if exp.variant(&v.name).is_none() {
                notes.push(format!(
                    "variant \"{}\" is not in the config (expected share 0)",
                    v.name
                ));
            }
        }
    } else if options.config.is_some() {
        notes.push("experiment not in the config: weights assumed equal".to_owned());
    }

    let variants: Vec<VariantStats> = x
        .variants
        .into_iter()
        .map(|a| {
            let users = a.exposed.len() as u64;
            let acceptance =
                stats::wilson(a.accepted, a.shown, stats::Z95).map(|(low, high)| Proportion {
                    successes: a.accepted,
                    trials: a.shown,
                    rate: a.accepted as f64 / a.shown as f64,
                    low,
                    high,
                });
            if a.accepted > a.shown {
                notes.push(format!(
                    "variant \"{}\": more taps ({}) than bars shown ({}): events are missing",
                    a.name, a.accepted, a.shown
                ));
            }
            let per = |n: u64| (n > 0).then(|| a.chars as f64 / n as f64);
            VariantStats {
                users,
                exposures: a.exposures,
                shown: a.shown,
                accepted: a.accepted,
                dismissed: a.dismissed,
                acceptance,
                chars_saved: a.chars,
                chars_saved_per_listing: per(a.exposures),
                chars_saved_per_user: per(users),
                tap: TapDelays::new(a.delays),
                name: a.name,
            }
        })
        .collect();

    let c = &variants[control];
    let comparisons = variants
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != control)
        .filter_map(|(_, t)| {
            let (z, p_value) = stats::two_proportion_z(c.accepted, c.shown, t.accepted, t.shown)?;
            let (p1, p2) = (
                c.accepted as f64 / c.shown as f64,
                t.accepted as f64 / t.shown as f64,
            );
            let se = (p1 * (1.0 - p1) / c.shown as f64 + p2 * (1.0 - p2) / t.shown as f64).sqrt();
            Some(Comparison {
                treatment: t.name.clone(),
                control: c.name.clone(),
                difference: p2 - p1,
                difference_low: p2 - p1 - stats::Z95 * se,
                difference_high: p2 - p1 + stats::Z95 * se,
                z,
                p_value,
            })
        })
        .collect();

    let expected_shares: Vec<f64> = match configured {
        Some(exp) => variants
            .iter()
            .map(|v| exp.variant(&v.name).map_or(0.0, |cv| cv.share()))
            .collect(),
        None => vec![1.0 / variants.len() as f64; variants.len()],
    };
    let observed_users: Vec<u64> = variants.iter().map(|v| v.users).collect();
    let sample_ratio = sample_ratio(configured.is_some(), expected_shares, observed_users);

    ExperimentReport {
        id: x.id,
        in_config: configured.is_some(),
        users_in_several_variants: x.users.values().filter(|(_, several)| *several).count() as u64,
        variants,
        control,
        comparisons,
        sample_ratio,
        notes,
    }
}

fn sample_ratio(from_config: bool, expected_shares: Vec<f64>, observed: Vec<u64>) -> SampleRatio {
    let total: u64 = observed.iter().sum();
    let mut chi_square = 0.0;
    let mut df = 0usize;
    for (&share, &o) in expected_shares.iter().zip(&observed) {
        let expected = share * total as f64;
        if share > 0.0 {
            df += 1;
            chi_square += (o as f64 - expected).powi(2) / expected;
        } else if o > 0 {
            chi_square = f64::INFINITY;
        }
    }
    let df = df.saturating_sub(1);
    let p_value = if total == 0 {
        None
    } else if chi_square.is_infinite() {
        Some(0.0)
    } else if df == 0 {
        None
    } else {
        Some(stats::chi_square_sf(chi_square, df))
    };
    SampleRatio {
        weights_from_config: from_config,
        expected_shares,
        observed_users: observed,
        chi_square,
        df,
        mismatch: p_value.is_some_and(|p| p < SRM_ALPHA),
        p_value,
    }
}

impl ExperimentReport {
    fn write_markdown(&self, md: &mut String) -> std::fmt::Result {
        writeln!(md, "\n## Experiment `{}`\n", self.id)?;
        let srm = &self.sample_ratio;
        if srm.mismatch {
            writeln!(
                md,
                "> **⚠ SAMPLE RATIO MISMATCH** (p = {} < {SRM_ALPHA}): the users per variant do not match the configured split. \
                 Something drops or moves users in one variant (a crash, a targeting or logging bug); do not trust the comparisons below until it is explained.\n",
                p_text(srm.p_value.unwrap_or(0.0))
            )?;
        }
        writeln!(
            md,
            "| variant | users | listings | bars shown | taps | acceptance (95% CI) | chars saved / listing | chars saved / user | tap p50 | p90 | p99 | taps > 2 s | > 4 s | > 8 s |"
        )?;
        writeln!(
            md,
            "|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|"
        )?;
        for (i, v) in self.variants.iter().enumerate() {
            let name = if i == self.control {
                format!("{} (control)", v.name)
            } else {
                v.name.clone()
            };
            let acc = v.acceptance.map_or("–".to_owned(), |a| {
                format!("{} ({} – {})", pct(a.rate), pct(a.low), pct(a.high))
            });
            let num = |x: Option<f64>| x.map_or("–".to_owned(), |x| format!("{x:.2}"));
            let secs = |x: Option<u32>| {
                x.map_or("–".to_owned(), |ms| {
                    format!("{:.2} s", f64::from(ms) / 1000.0)
                })
            };
            let share = |x: Option<f64>| x.map_or("–".to_owned(), pct);
            writeln!(
                md,
                "| {name} | {} | {} | {} | {} | {acc} | {} | {} | {} | {} | {} | {} | {} | {} |",
                group(v.users),
                group(v.exposures),
                group(v.shown),
                group(v.accepted),
                num(v.chars_saved_per_listing),
                num(v.chars_saved_per_user),
                secs(v.tap.p50),
                secs(v.tap.p90),
                secs(v.tap.p99),
                share(v.tap.after_2s),
                share(v.tap.after_4s),
                share(v.tap.after_8s),
            )?;
        }
        if !self.comparisons.is_empty() {
            writeln!(
                md,
                "\n**Acceptance vs control** (`{}`)\n",
                self.variants[self.control].name
            )?;
            writeln!(md, "| variant | difference (95% CI) | z | p-value |")?;
            writeln!(md, "|---|---|--:|--:|")?;
            for c in &self.comparisons {
                writeln!(
                    md,
                    "| {} | {} pp ({} to {}) | {:.2} | {} |",
                    c.treatment,
                    pp(c.difference),
                    pp(c.difference_low),
                    pp(c.difference_high),
                    c.z,
                    p_text(c.p_value)
                )?;
            }
        }
        let source = if srm.weights_from_config {
            "configured"
        } else {
            "assumed equal: no config for this experiment"
        };
        write!(
            md,
            "\n**Sample ratio** ({source}): users {} vs expected {}",
            join(srm.observed_users.iter().map(|n| group(*n))),
            join(srm.expected_shares.iter().map(|s| pct(*s))),
        )?;
        match srm.p_value {
            Some(p) => writeln!(
                md,
                "; χ² = {:.2}, df {}, p = {} — {}.",
                srm.chi_square,
                srm.df,
                p_text(p),
                if srm.mismatch { "**MISMATCH**" } else { "OK" }
            )?,
            None => writeln!(md, "; nothing to test.")?,
        }
        if self.users_in_several_variants > 0 {
            writeln!(
                md,
                "\n{} users have events in more than one variant (counted in each).",
                group(self.users_in_several_variants)
            )?;
        }
        for n in &self.notes {
            writeln!(md, "\nNote: {n}.")?;
        }
        writeln!(
            md,
            "\n![time to tap per variant]({})",
            plot_file_name(&self.id)
        )
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn pp(x: f64) -> String {
    format!("{:+.1}", x * 100.0)
}

fn p_text(p: f64) -> String {
    if p < 1e-300 {
        "< 1e-300".to_owned()
    } else if p < 1e-3 {
        format!("{p:.1e}")
    } else {
        format!("{p:.3}")
    }
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(" / ")
}

/// `12345` → `12,345`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

mod plot {
    use plotters::prelude::*;

    use super::{ExperimentReport, group, pct};
    use crate::error::{LabError as Error, Result};

    const BIN_MS: u32 = 250;
    const MAX_MS: u32 = 30_000;
    const COLORS: [RGBColor; 6] = [
        RGBColor(31, 119, 180),
        RGBColor(255, 127, 14),
        RGBColor(44, 160, 44),
        RGBColor(214, 39, 40),
        RGBColor(148, 103, 189),
        RGBColor(140, 86, 75),
    ];

    pub(super) fn histogram(e: &ExperimentReport) -> Result<String> {
        let err = |e: &dyn std::fmt::Display| Error::Plot {
            reason: e.to_string(),
        };
        let longest = e
            .variants
            .iter()
            .filter_map(|v| v.tap.sorted_ms.last().copied())
            .max()
            .unwrap_or(0);
        // Whole seconds with at least half a second after the last tap (so a cut-off shows),
        // at most 30: later taps go in the last bin.
        let x_max_ms = (longest + 500).div_ceil(1000).clamp(1, MAX_MS / 1000) * 1000;
        let bins = (x_max_ms / BIN_MS) as usize;
        let series: Vec<(String, Vec<f64>)> = e
            .variants
            .iter()
            .filter(|v| v.shown > 0)
            .map(|v| {
                let mut counts = vec![0u64; bins];
                for &ms in &v.tap.sorted_ms {
                    // Bins are (k·250, (k+1)·250] ms, like "after 4 s" meaning > 4000 ms.
                    counts[((ms.saturating_sub(1) / BIN_MS) as usize).min(bins - 1)] += 1;
                }
                let per_1000 = counts
                    .iter()
                    .map(|&c| c as f64 * 1000.0 / v.shown as f64)
                    .collect();
                let after4 = v.tap.after_4s.map_or("–".to_owned(), pct);
                let label = format!(
                    "{}: {} taps / {} bars, {} after 4 s",
                    v.name,
                    group(v.accepted),
                    group(v.shown),
                    after4
                );
                (label, per_1000)
            })
            .collect();
        let y_max = series
            .iter()
            .flat_map(|(_, ys)| ys.iter().copied())
            .fold(0.0f64, f64::max)
            .max(1e-9)
            * 1.25;
        let x_max = f64::from(x_max_ms) / 1000.0;
        let bin_s = f64::from(BIN_MS) / 1000.0;

        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (960, 540)).into_drawing_area();
            root.fill(&WHITE).map_err(|e| err(&e))?;
            let mut chart = ChartBuilder::on(&root)
                .caption(
                    format!("Time to tap — experiment \"{}\"", e.id),
                    ("sans-serif", 24),
                )
                .margin(16)
                .x_label_area_size(48)
                .y_label_area_size(64)
                .build_cartesian_2d(0f64..x_max, 0f64..y_max)
                .map_err(|e| err(&e))?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_desc("seconds from the suggestion bar being shown to the tap")
                .y_desc(format!("taps per 1,000 bars shown, per {bin_s} s"))
                .axis_desc_style(("sans-serif", 16))
                .draw()
                .map_err(|e| err(&e))?;
            for (i, (label, ys)) in series.iter().enumerate() {
                let color = COLORS[i % COLORS.len()];
                chart
                    .draw_series(ys.iter().enumerate().map(|(b, &y)| {
                        let x0 = b as f64 * bin_s;
                        Rectangle::new([(x0, 0.0), (x0 + bin_s, y)], color.mix(0.25).filled())
                    }))
                    .map_err(|e| err(&e))?;
                let steps = ys.iter().enumerate().flat_map(|(b, &y)| {
                    let x0 = b as f64 * bin_s;
                    [(x0, y), (x0 + bin_s, y)]
                });
                chart
                    .draw_series(LineSeries::new(
                        std::iter::once((0.0, 0.0))
                            .chain(steps)
                            .chain([(x_max, 0.0)]),
                        color.stroke_width(2),
                    ))
                    .map_err(|e| err(&e))?
                    .label(label.as_str())
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 6), (x + 18, y + 6)], color.mix(0.6).filled())
                    });
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .label_font(("sans-serif", 16))
                .background_style(WHITE.mix(0.9))
                .border_style(BLACK.mix(0.4))
                .draw()
                .map_err(|e| err(&e))?;
            root.present().map_err(|e| err(&e))?;
        }
        Ok(svg)
    }
}

#[cfg(test)]
mod tests {
    use super::stats::*;

    #[test]
    fn tails_match_reference_values() {
        // References: python3 math.erfc and scipy-free identities (chi2 df=2 sf = exp(-x/2)).
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1e-300);
        assert!(close(erfc(0.5), 0.4795001221869535));
        assert!(close(erfc(3.0), 2.209049699858544e-05));
        assert!(close(erfc(20.0), 5.395865611607901e-176));
        assert!(close(erfc(-1.0), 1.8427007929497148));
        assert!(close(normal_cdf(1.959963984540054), 0.975));
        assert!(close(chi_square_sf(3.0, 2), (-1.5f64).exp()));
        assert!(close(
            chi_square_sf(24.0, 4),
            (-12.0f64).exp() * (1.0 + 12.0)
        ));
        assert!(close(chi_square_sf(0.5, 1), erfc(0.5)));
        assert!(close(ln_gamma(10.0), 362880f64.ln()));
        assert_eq!(chi_square_sf(0.0, 3), 1.0);
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let v = [10, 20, 30, 40];
        assert_eq!(percentile(&v, 0.5), Some(20));
        assert_eq!(percentile(&v, 0.9), Some(40));
        assert_eq!(percentile(&v, 0.01), Some(10));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn wilson_edges() {
        assert_eq!(wilson(0, 0, Z95), None);
        let (lo, hi) = wilson(0, 10, Z95).unwrap();
        assert_eq!(lo, 0.0);
        assert!(hi > 0.25 && hi < 0.35);
        assert_eq!(two_proportion_z(0, 5, 0, 7), Some((0.0, 1.0)));
    }
}
