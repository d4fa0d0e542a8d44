//! Events to per-variant numbers: one pass over the log counts exposures, bars, taps and
//! delays per experiment and variant; each experiment's counts then become an
//! [`ExperimentReport`] with its comparisons against the control and its sample-ratio check.

use std::collections::{HashMap, HashSet};

use ichiba::experiment::{Config, Event, EventKind, Experiment, Log, Params};

use super::prompt::{self, CutOff, PromptStats};
use super::{
    Comparison, ExperimentReport, Options, Proportion, SRM_ALPHA, SampleRatio, TapDelays,
    VariantStats, stats,
};

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
    prompt_shown: u64,
    prompt_tapped: u64,
    prompt_expired: u64,
    prompt_dismissed: u64,
    prompt_delays: Vec<u32>,
}

impl Acc<'_> {
    fn prompt_any(&self) -> bool {
        self.prompt_shown + self.prompt_tapped + self.prompt_expired + self.prompt_dismissed > 0
    }
}

struct ExpAcc<'a> {
    id: String,
    variants: Vec<Acc<'a>>,
    users: HashMap<&'a str, (usize, bool)>,
}

impl<'a> ExpAcc<'a> {
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

    /// Counts `event`, which belongs to this experiment.
    fn record(&mut self, event: &'a Event) {
        let v = self.variant(&event.variant);
        let seen = self.users.entry(&event.user).or_insert((v, false));
        if seen.0 != v {
            seen.1 = true;
        }
        let acc = &mut self.variants[v];
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
            EventKind::PromptShown { .. } => acc.prompt_shown += 1,
            EventKind::PromptTapped { ms_since_shown } => {
                acc.prompt_tapped += 1;
                acc.prompt_delays.push(*ms_since_shown);
            }
            EventKind::PromptExpired => acc.prompt_expired += 1,
            EventKind::PromptDismissed { .. } => acc.prompt_dismissed += 1,
        }
    }
}

/// The reports of the experiments with at least one event in `log`: config order, then
/// others in order of appearance.
pub(super) fn experiments(log: &Log, options: &Options<'_>) -> Vec<ExperimentReport> {
    accumulate(log, options.config)
        .into_iter()
        .filter(|x| {
            x.variants
                .iter()
                .any(|v| v.exposures + v.shown + v.accepted + v.dismissed > 0 || v.prompt_any())
        })
        .map(|x| experiment_report(x, options))
        .collect()
}

/// One accumulator per experiment: the config's first (with their variants in config
/// order), then any others met in the log.
fn accumulate<'a>(log: &'a Log, config: Option<&Config>) -> Vec<ExpAcc<'a>> {
    let mut exps: Vec<ExpAcc<'a>> = Vec::new();
    if let Some(config) = config {
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
        exps[e].record(event);
    }
    exps
}

fn experiment_report(x: ExpAcc<'_>, options: &Options<'_>) -> ExperimentReport {
    let configured = options.config.and_then(|c| c.experiment(&x.id));
    let mut notes = Vec::new();
    let control = match configured {
        Some(exp) => exp.control_index(),
        None => unconfigured_control(&x.variants, options.control, &mut notes),
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

    let mut variants: Vec<VariantStats> = x
        .variants
        .into_iter()
        .map(|a| variant_stats(a, &mut notes))
        .collect();
    let comparisons = comparisons(&variants, control);
    let (prompt_comparisons, cut_offs) = if variants.iter().any(|v| v.prompt.any()) {
        prompt_display_times(&mut variants, configured, options.config, &mut notes);
        (
            prompt_comparisons(&variants, control, &mut notes),
            cut_offs(&variants, configured, options.config, &mut notes),
        )
    } else {
        (Vec::new(), Vec::new())
    };

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
        prompt_comparisons,
        cut_offs,
        sample_ratio,
        notes,
    }
}

/// A configured variant's parameters: the config's defaults with its own laid over them.
fn variant_params(
    configured: Option<&Experiment>,
    config: Option<&Config>,
    name: &str,
) -> Option<Params> {
    let v = configured?.variant(name)?;
    let mut p = config?.defaults().clone();
    v.params().apply_to(&mut p);
    Some(p)
}

/// Each variant's prompt display time: from the config, else the latest tap rounded up.
fn prompt_display_times(
    variants: &mut [VariantStats],
    configured: Option<&Experiment>,
    config: Option<&Config>,
    notes: &mut Vec<String>,
) {
    let mut inferred = false;
    for v in variants.iter_mut() {
        match variant_params(configured, config, &v.name) {
            Some(p) => {
                v.prompt.display_ms = Some(p.prompt_display_ms);
                v.prompt.display_from_config = true;
                if let Some(&late) = v.prompt.tap.sorted_ms.last()
                    && late > p.prompt_display_ms
                {
                    notes.push(format!(
                        "variant \"{}\": a prompt tap {late} ms after it was shown, past its {} ms display: events are wrong",
                        v.name, p.prompt_display_ms
                    ));
                }
            }
            None => {
                v.prompt.display_ms = prompt::inferred_display_ms(&v.prompt.tap.sorted_ms);
                inferred |= v.prompt.display_ms.is_some();
            }
        }
    }
    if inferred {
        notes.push(
            "prompt display times not in the config are inferred from the latest tap (rounded up to a whole second); pass the config to use the configured ones".to_owned(),
        );
    }
}

/// Each variant's prompt tap rate per listing against the control's.
fn prompt_comparisons(
    variants: &[VariantStats],
    control: usize,
    notes: &mut Vec<String>,
) -> Vec<Comparison> {
    for v in variants {
        if v.prompt.tapped > v.exposures {
            notes.push(format!(
                "variant \"{}\": more prompt taps ({}) than listings ({}): no tap rate per listing",
                v.name, v.prompt.tapped, v.exposures
            ));
        }
    }
    let c = &variants[control];
    variants
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != control)
        .filter_map(|(_, t)| {
            prompt::compare(
                (&c.name, c.prompt.tapped, c.exposures),
                (&t.name, t.prompt.tapped, t.exposures),
            )
        })
        .collect()
}

/// For each variant whose prompt hides sooner than the longest-displayed one's, the taps it
/// cut off, estimated from the longest one's taps.
fn cut_offs(
    variants: &[VariantStats],
    configured: Option<&Experiment>,
    config: Option<&Config>,
    notes: &mut Vec<String>,
) -> Vec<CutOff> {
    let Some(longest) = variants
        .iter()
        .filter(|v| v.prompt.tapped > 0)
        .filter_map(|v| Some((v.prompt.display_ms?, v)))
        .max_by_key(|&(ms, _)| ms)
        .map(|(_, v)| v)
    else {
        return Vec::new();
    };
    let big_d = longest.prompt.display_ms.unwrap_or(0);
    let copy = |name: &str| variant_params(configured, config, name).map(|p| p.prompt_copy);
    let mut out = Vec::new();
    for v in variants {
        let Some(d) = v.prompt.display_ms.filter(|&d| d < big_d) else {
            continue;
        };
        if copy(&v.name) != copy(&longest.name) {
            notes.push(format!(
                "variants \"{}\" and \"{}\" show different prompt wordings: the cut-off estimate assumes they differ only in display time",
                v.name, longest.name
            ));
        }
        if let Some(c) = prompt::cut_off(
            (&v.name, d, v.prompt.tapped),
            (&longest.name, big_d, &longest.prompt.tap.sorted_ms),
        ) {
            out.push(c);
        }
    }
    out
}

/// The control of an experiment not in the config: the variant named `wanted`, else the
/// one named `control`, else the first; a note when `wanted` is not found.
fn unconfigured_control(
    variants: &[Acc<'_>],
    wanted: Option<&str>,
    notes: &mut Vec<String>,
) -> usize {
    let found = wanted.and_then(|c| variants.iter().position(|v| v.name == c));
    let control = found
        .or_else(|| variants.iter().position(|v| v.name == "control"))
        .unwrap_or(0);
    if let Some(name) = wanted
        && found.is_none()
    {
        notes.push(format!(
            "control \"{name}\" not found; using \"{}\"",
            variants[control].name
        ));
    }
    control
}

/// One variant's numbers from its counts; a note when there are more taps than bars.
fn variant_stats(a: Acc<'_>, notes: &mut Vec<String>) -> VariantStats {
    let users = a.exposed.len() as u64;
    let acceptance = stats::wilson(a.accepted, a.shown, stats::Z95).map(|(low, high)| Proportion {
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
    let proportion = |x: u64, n: u64| {
        stats::wilson(x, n, stats::Z95).map(|(low, high)| Proportion {
            successes: x,
            trials: n,
            rate: x as f64 / n as f64,
            low,
            high,
        })
    };
    let prompt_tap = TapDelays::new(a.prompt_delays);
    let prompt = PromptStats {
        display_ms: None,
        display_from_config: false,
        shown: a.prompt_shown,
        tapped: a.prompt_tapped,
        expired: a.prompt_expired,
        dismissed: a.prompt_dismissed,
        per_listing: proportion(a.prompt_tapped, a.exposures),
        per_prompt: proportion(a.prompt_tapped, a.prompt_shown),
        by_second: prompt::by_second(&prompt_tap.sorted_ms),
        tap: prompt_tap,
    };
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
        prompt,
        name: a.name,
    }
}

/// Each variant other than `control` against it (none for a side without bars shown).
fn comparisons(variants: &[VariantStats], control: usize) -> Vec<Comparison> {
    let c = &variants[control];
    variants
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
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tap_delays_sort_and_count_strictly_after() {
        let t = TapDelays::new(vec![4000, 500, 9000, 2500]);
        assert_eq!(t.sorted_ms, [500, 2500, 4000, 9000]);
        assert_eq!((t.p50, t.p90, t.p99), (Some(2500), Some(9000), Some(9000)));
        // 4000 ms is not "after 4 s": the limits are strict.
        assert_eq!(
            (t.after_2s, t.after_4s, t.after_8s),
            (Some(0.75), Some(0.25), Some(0.25))
        );
        assert_eq!(TapDelays::new(Vec::new()), TapDelays::default());
    }

    #[test]
    fn sample_ratio_edges() {
        let none = sample_ratio(true, vec![0.5, 0.5], vec![0, 0]);
        assert_eq!((none.p_value, none.mismatch), (None, false));
        let one = sample_ratio(false, vec![1.0], vec![40]);
        assert_eq!((one.df, one.p_value), (0, None));
        let stray = sample_ratio(true, vec![1.0, 0.0], vec![40, 1]);
        assert!(stray.chi_square.is_infinite());
        assert_eq!((stray.p_value, stray.mismatch), (Some(0.0), true));
        let even = sample_ratio(true, vec![0.5, 0.5], vec![500, 500]);
        assert_eq!(
            (even.chi_square, even.df, even.p_value),
            (0.0, 1, Some(1.0))
        );
        let skewed = sample_ratio(true, vec![0.5, 0.5], vec![600, 400]);
        assert!(skewed.mismatch && skewed.p_value.unwrap() < SRM_ALPHA);
    }

    #[test]
    fn control_without_config() {
        let acc = |name: &str| Acc {
            name: name.to_owned(),
            ..Acc::default()
        };
        let variants = [acc("a"), acc("control"), acc("b")];
        let mut notes = Vec::new();
        assert_eq!(unconfigured_control(&variants, Some("b"), &mut notes), 2);
        assert_eq!(unconfigured_control(&variants, None, &mut notes), 1);
        assert!(notes.is_empty());
        assert_eq!(unconfigured_control(&variants, Some("x"), &mut notes), 1);
        assert_eq!(notes, ["control \"x\" not found; using \"control\""]);
        assert_eq!(unconfigured_control(&variants[..1], None, &mut notes), 0);
    }
}
