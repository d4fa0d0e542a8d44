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
//!
//! Layout: [`stats`] the pure statistics; `aggregate` the events to per-variant numbers;
//! `markdown` the text report; `plot` the SVG histogram; this module the public types and
//! [`Report`], which ties them together.

use std::path::{Path, PathBuf};

use ichiba::experiment::{Config, Log, Skipped};

use crate::error::{LabError as Error, Result};

mod aggregate;
mod markdown;
mod plot;
pub mod stats;

/// Below this p-value the sample-ratio check warns: the split is not what was configured.
pub const SRM_ALPHA: f64 = 0.001;

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

impl Report {
    /// Builds the report of `log`.
    pub fn new(log: &Log, options: &Options<'_>) -> Report {
        Report {
            events: log.events.len(),
            skipped: log.skipped,
            with_config: options.config.is_some(),
            experiments: aggregate::experiments(log, options),
        }
    }

    /// The report of experiment `id`.
    pub fn experiment(&self, id: &str) -> Option<&ExperimentReport> {
        self.experiments.iter().find(|e| e.id == id)
    }

    /// The sample-ratio warnings, one line each (empty when every split looks right).
    pub fn warnings(&self) -> Vec<String> {
        markdown::warnings(self)
    }

    /// The Markdown summary. Plots are linked as [`plot_file_name`]`(id)`.
    pub fn markdown(&self) -> String {
        markdown::report(self)
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

#[cfg(test)]
mod tests {
    use ichiba::experiment::read_log;

    use super::*;

    #[test]
    fn plot_file_names_are_safe() {
        assert_eq!(
            plot_file_name("display-4s_b"),
            "time-to-tap-display-4s_b.svg"
        );
        assert_eq!(plot_file_name("a/b c.é"), "time-to-tap-a_b_c__.svg");
    }

    #[test]
    fn report_ties_the_parts_together() {
        let log = read_log(
            concat!(
                r#"{"ts":1,"user":"u1","experiment":"x","variant":"control","type":"exposure"}"#,
                "\n",
                r#"{"ts":2,"user":"u1","experiment":"x","variant":"control","type":"shown","field":"title","count":5}"#,
                "\n",
                r#"{"ts":3,"user":"u1","experiment":"x","variant":"t","type":"exposure"}"#,
                "\n",
                r#"{"ts":4,"user":"u2","experiment":"x","variant":"t","type":"exposure"}"#,
                "\n{\"torn",
            )
            .as_bytes(),
        )
        .unwrap();
        let r = Report::new(&log, &Options::default());
        assert_eq!((r.events, r.skipped.total(), r.with_config), (4, 1, false));
        let e = r.experiment("x").unwrap();
        assert_eq!(e.variants[e.control].name, "control");
        assert_eq!(e.variant("t").unwrap().users, 2);
        assert_eq!(e.users_in_several_variants, 1);
        // "t" showed no bar: nothing to compare.
        assert!(e.comparison("t").is_none());
        assert!(r.warnings().is_empty());
        let md = r.markdown();
        assert!(md.starts_with("# A/B experiment report\n\n4 events read; 1 lines skipped"));
        assert!(md.contains("\n![time to tap per variant](time-to-tap-x.svg)\n"));
        assert!(r.svg(e).unwrap().contains("control: 0 taps / 1 bars"));
    }
}
