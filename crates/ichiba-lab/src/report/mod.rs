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
//! For the barcode-listing prompt (`prompt_*` events), per variant: prompts shown, taps,
//! expiries, dismissals, the tap rate per listing and per prompt, taps by second since
//! shown (a table and an SVG histogram), the share of taps after 2, 4 and 8 s, the
//! two-proportion test of tap rate per listing against the control, and for a variant whose
//! prompt hides sooner than another's the taps it cut off (a survival estimate from the
//! longer variant's taps, with its interval: [`CutOff`], whose docs give the method).
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
mod prompt;
pub mod stats;

pub use prompt::{CutOff, PromptStats, cut_off};

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
    /// The barcode-listing prompt's numbers (all zero without prompt events).
    pub prompt: PromptStats,
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
    /// Each other variant's prompt tap rate per listing against the control's (empty
    /// without prompt events).
    pub prompt_comparisons: Vec<Comparison>,
    /// For each variant whose prompt hides sooner than the longest-displayed variant's, the
    /// taps its shorter display cut off.
    pub cut_offs: Vec<CutOff>,
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

    /// Whether any variant has a suggestion-bar event (shown, accepted, dismissed).
    pub fn has_suggestion_bar(&self) -> bool {
        self.variants
            .iter()
            .any(|v| v.shown + v.accepted + v.dismissed > 0)
    }

    /// Whether any variant has a prompt event.
    pub fn has_prompt(&self) -> bool {
        self.variants.iter().any(|v| v.prompt.any())
    }

    /// The cut-off estimate of the variant `shorter`.
    pub fn cut_off(&self, shorter: &str) -> Option<&CutOff> {
        self.cut_offs.iter().find(|c| c.shorter == shorter)
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

    /// Renders experiment `e`'s prompt histogram as SVG: prompt taps per 1,000 prompts
    /// shown, by second since shown, one colour per variant, each variant's display time
    /// marked.
    pub fn prompt_svg(&self, e: &ExperimentReport) -> Result<String> {
        plot::prompt_histogram(e)
    }

    /// Writes `report.md` and one `time-to-tap-<experiment>.svg` per experiment into `dir`
    /// (created if missing), and a `prompt-taps-<experiment>.svg` per experiment with prompt
    /// events (an experiment with prompt events and no suggestion bar gets only the latter,
    /// and its report no suggestion-bar table); returns the paths written.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut written = Vec::new();
        for e in &self.experiments {
            if e.has_suggestion_bar() || !e.has_prompt() {
                let path = dir.join(plot_file_name(&e.id));
                std::fs::write(&path, self.svg(e)?).map_err(|err| Error::io(&path, err))?;
                written.push(path);
            }
            if e.has_prompt() {
                let path = dir.join(prompt_plot_file_name(&e.id));
                std::fs::write(&path, self.prompt_svg(e)?).map_err(|err| Error::io(&path, err))?;
                written.push(path);
            }
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
    format!("time-to-tap-{}.svg", safe_name(id))
}

/// The prompt plot's file name for experiment `id`: `prompt-taps-<id>.svg`, made safe like
/// [`plot_file_name`].
pub fn prompt_plot_file_name(id: &str) -> String {
    format!("prompt-taps-{}.svg", safe_name(id))
}

fn safe_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
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
    fn prompt_events_give_taps_by_second_the_test_and_the_cut_off() {
        let config = Config::from_json(
            r#"{"experiments": [{"id": "p", "salt": "p-1",
              "parameters": ["prompt_display_ms"],
              "variants": [
                {"name": "long", "weight": 1, "params": {"prompt_display_ms": 8000}},
                {"name": "short", "weight": 1, "params": {"prompt_display_ms": 4000}}]}]}"#,
        )
        .unwrap();
        let mut lines = Vec::new();
        let mut add = |variant: &str, user: usize, kind: String| {
            lines.push(format!(
                r#"{{"ts":1,"user":"u{user}","experiment":"p","variant":"{variant}",{kind}}}"#
            ));
        };
        // "long": 10 listings, 8 prompts; taps at 1.5, 3, 5 and 7.9 s; 2 expired, 2 dismissed.
        // "short": 10 listings, 8 prompts; taps at 0.5 and 3.9 s; 6 expired.
        for (variant, taps, expired, dismissed) in [
            ("long", &[1500, 3000, 5000, 7900][..], 2, 2),
            ("short", &[500, 3900][..], 6, 0),
        ] {
            for user in 0..10 {
                add(variant, user, r#""type":"exposure""#.into());
            }
            for user in 0..8 {
                add(variant, user, r#""type":"prompt_shown","score":0.9"#.into());
            }
            for ms in taps {
                add(
                    variant,
                    0,
                    format!(r#""type":"prompt_tapped","ms_since_shown":{ms}"#),
                );
            }
            for _ in 0..expired {
                add(variant, 1, r#""type":"prompt_expired""#.into());
            }
            for _ in 0..dismissed {
                add(
                    variant,
                    2,
                    r#""type":"prompt_dismissed","ms_since_shown":600"#.into(),
                );
            }
        }
        let log = read_log(lines.join("\n").as_bytes()).unwrap();
        let r = Report::new(
            &log,
            &Options {
                config: Some(&config),
                control: None,
            },
        );
        let e = r.experiment("p").unwrap();
        assert!(e.has_prompt());
        let long = &e.variant("long").unwrap().prompt;
        assert_eq!(
            (long.shown, long.tapped, long.expired, long.dismissed),
            (8, 4, 2, 2)
        );
        assert_eq!(
            (long.display_ms, long.display_from_config),
            (Some(8000), true)
        );
        assert_eq!(long.by_second, [0, 1, 1, 0, 1, 0, 0, 1]);
        assert_eq!(long.per_listing.unwrap().rate, 0.4);
        assert_eq!(long.per_prompt.unwrap().rate, 0.5);
        assert_eq!(long.tap.after_4s, Some(0.5));
        let c = e.prompt_comparisons[0].clone();
        assert_eq!(
            (c.control.as_str(), c.treatment.as_str()),
            ("long", "short")
        );
        assert!((c.difference - (0.2 - 0.4)).abs() < 1e-12);
        // s = 2/4 after 4 s among the long variant's taps: short's 2 taps lost 2 more.
        let cut = e.cut_off("short").unwrap();
        assert_eq!((cut.share_after.successes, cut.share_after.trials), (2, 4));
        assert!((cut.cut_off_taps - 2.0).abs() < 1e-12);
        assert!(e.cut_off("long").is_none());
        let md = r.markdown();
        for needle in [
            "### Barcode-listing prompt",
            "| long (control) | 8 s | 10 | 8 | 4 | 40.0% (",
            "| 3–4 s | 0 | 1 |",
            "| 7–8 s | 1 | 0 |",
            "**Prompt tap rate per listing vs control** (`long`)",
            "| short | -20.0 pp (",
            "P(tap > 4 s | tap ≤ 8 s) = 50.0%",
            "`short` got 2 taps, so it cut off about 2 (95% CI",
            "![barcode prompt taps by second per variant](prompt-taps-p.svg)",
            "- **taps cut off**",
        ] {
            assert!(md.contains(needle), "{needle}\n{md}");
        }
        let svg = r.prompt_svg(e).unwrap();
        assert!(svg.contains("long (shown 8 s): 4 taps / 8 prompts, 50.0% after 4 s"));
        let dir = tempfile::tempdir().unwrap();
        let written = r.write(dir.path()).unwrap();
        // Prompt events only: no suggestion-bar table or plot.
        assert_eq!(written.len(), 2);
        assert!(dir.path().join("prompt-taps-p.svg").exists());
        assert!(!dir.path().join("time-to-tap-p.svg").exists());
        assert!(!md.contains("| variant | users |"));
        // Without the config the display times are inferred from the latest tap.
        let r = Report::new(&log, &Options::default());
        let e = r.experiment("p").unwrap();
        assert_eq!(e.variant("short").unwrap().prompt.display_ms, Some(4000));
        assert!(
            e.notes.iter().any(|n| n.contains("inferred")),
            "{:?}",
            e.notes
        );
        assert!(r.markdown().contains("| short | 4 s (inferred) |"));
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
