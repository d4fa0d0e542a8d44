//! Synthetic event logs with known effects, for demos and tests (`ichiba ab simulate`).
//!
//! **The data is synthetic.** Nothing here comes from real users: it is a seeded model of
//! the listing form, so a report run on it can be checked against the truth it was built
//! from ([`Simulation::true_acceptance`]).
//!
//! The model, per user `sim-000000`, `sim-000001`, …: the user is assigned by the real
//! assignment code ([`Experiment::assign`]); with probability [`Arm::drop`] all their events
//! are lost (a crash or a logging bug in that variant: what a sample-ratio check must
//! catch); otherwise they open the listing form a geometric number of times (mean
//! [`Simulation::listings_per_user`], at least once), each an exposure, and see a geometric
//! number of suggestion bars per listing (mean [`Simulation::bars_per_listing`]). On each
//! bar the user means to tap with probability [`Arm::intent`]; the time they would take is
//! log-normal (median [`Simulation::tap_median_ms`], log-sd [`Simulation::tap_sigma`]), and
//! the tap only happens if it comes before the bar hides ([`Arm::display_ms`]): taps after
//! the display duration are impossible. A user who does not mean to tap dismisses the bar
//! with probability [`Simulation::dismiss_probability`].
//!
//! The default tap-time distribution (median 4570 ms, σ = 0.6) reproduces the
//! marketplace's observation that, with an 8-second display, half the taps come after
//! 4 seconds; a 4-second display then loses about half the taps.
//!
//! [`PromptSimulation`] does the same for the barcode-listing prompt (see its docs): a
//! prompt shown for a variant's `prompt_display_ms`, tapped only before it hides, so a report
//! can be checked to recover the taps a shorter display cuts off.
//!
//! Randomness is [`SplitMix64`], seeded per user from the simulation's seed: the same
//! settings and seed give the same log, on every machine.

use ichiba::Field;
use ichiba::experiment::{Config, Event, EventKind, Experiment, Params, Score};

use crate::report::stats::normal_cdf;

/// The config of the demo experiment: 8-second (control) against 4-second display, 50/50.
pub const DEMO_CONFIG: &str = r#"{
  "experiments": [{
    "id": "display-duration",
    "salt": "display-duration-2025-01",
    "parameters": ["display_ms"],
    "variants": [
      {"name": "display-8s", "weight": 1, "params": {"display_ms": 8000}},
      {"name": "display-4s", "weight": 1, "params": {"display_ms": 4000}}
    ]
  }]
}"#;

/// SplitMix64 (Steele, Lea & Flood, 2014; the seeder of the xoshiro generators): a 64-bit
/// state advanced by the golden-ratio constant and passed through a mixing function. Fast,
/// statistically sound for simulation, not cryptographic.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.state)
    }

    /// Uniform in [0, 1), 53 bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n` (multiply-shift; the bias is below 2⁻³² for the small `n` used
    /// here). `n` must be positive.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Standard normal (Box–Muller, one of the pair).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.next_f64(); // (0, 1]: ln is finite
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// A count >= 1 with the given mean (geometric on 1, 2, 3, …).
    pub fn count_at_least_one(&mut self, mean: f64) -> u32 {
        let more = 1.0 - 1.0 / mean.max(1.0);
        let mut n = 1;
        while n < 10_000 && self.next_f64() < more {
            n += 1;
        }
        n
    }
}

/// SplitMix64's output function.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// How the users of one variant behave.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    /// The variant's name.
    pub variant: String,
    /// The probability that a user means to tap a bar (before the display cap).
    pub intent: f64,
    /// How long a bar stays up, ms: later taps do not happen.
    pub display_ms: u32,
    /// Suggestions per bar (0: suggestions off, no bar is shown).
    pub suggestions: u32,
    /// The share of this variant's users whose events are all lost (skews the split).
    pub drop: f64,
}

/// A seeded synthetic experiment.
#[derive(Debug, Clone)]
pub struct Simulation {
    experiment: Experiment,
    /// One per variant, in the experiment's order.
    pub arms: Vec<Arm>,
    /// How many users to simulate (before [`Arm::drop`]).
    pub users: u32,
    /// The seed.
    pub seed: u64,
    /// Median time a user takes to tap, ms.
    pub tap_median_ms: f64,
    /// Log-scale standard deviation of the time to tap.
    pub tap_sigma: f64,
    /// Mean listing-form openings per user (>= 1).
    pub listings_per_user: f64,
    /// Mean suggestion bars per listing (>= 1).
    pub bars_per_listing: f64,
    /// Probability that a bar the user does not mean to tap is dismissed explicitly.
    pub dismiss_probability: f64,
    /// Timestamps start here (unix ms) and spread over two weeks.
    pub start_ms: i64,
}

impl Simulation {
    /// A simulation of `experiment`: each arm takes its variant's display duration and
    /// suggestion count (laid over `defaults`), tap intent 0.35, no drop; 20,000 users,
    /// seed 1.
    pub fn new(experiment: &Experiment, defaults: &Params) -> Simulation {
        let arms = experiment
            .variants()
            .iter()
            .map(|v| {
                let mut p = defaults.clone();
                v.params().apply_to(&mut p);
                Arm {
                    variant: v.name().to_owned(),
                    intent: 0.35,
                    display_ms: p.display_ms,
                    suggestions: if p.suggestions_enabled {
                        p.max_suggestions
                    } else {
                        0
                    },
                    drop: 0.0,
                }
            })
            .collect();
        Simulation {
            experiment: experiment.clone(),
            arms,
            users: 20_000,
            seed: 1,
            tap_median_ms: 4570.0,
            tap_sigma: 0.6,
            listings_per_user: 1.5,
            bars_per_listing: 4.0,
            dismiss_probability: 0.2,
            start_ms: 1_736_089_200_000, // 2025-01-06T00:00:00+09:00
        }
    }

    /// The demo: [`DEMO_CONFIG`]'s 8-second against 4-second display.
    pub fn display_demo() -> Simulation {
        // DEMO_CONFIG is a constant checked by the tests: it always parses.
        let config = Config::from_json(DEMO_CONFIG).unwrap_or_default();
        match config.experiments().first() {
            Some(e) => Simulation::new(e, config.defaults()),
            None => unreachable!("DEMO_CONFIG defines one experiment"),
        }
    }

    /// The experiment simulated.
    pub fn experiment(&self) -> &Experiment {
        &self.experiment
    }

    /// The arm of variant `name`.
    pub fn arm_mut(&mut self, name: &str) -> Option<&mut Arm> {
        self.arms.iter_mut().find(|a| a.variant == name)
    }

    /// The acceptance rate (taps / bars shown) the model gives variant `name`:
    /// `intent × P(time to tap ≤ display_ms)`. `None` for an unknown variant or one with
    /// suggestions off.
    pub fn true_acceptance(&self, name: &str) -> Option<f64> {
        let arm = self.arms.iter().find(|a| a.variant == name)?;
        if arm.suggestions == 0 {
            return None;
        }
        // Delays are rounded to whole ms, so "≤ display_ms" means "< display_ms + 0.5".
        let z = ((f64::from(arm.display_ms) + 0.5).ln() - self.tap_median_ms.ln()) / self.tap_sigma;
        Some(arm.intent * normal_cdf(z))
    }

    /// Runs the simulation: the events of every user, in time order.
    pub fn run(&self) -> Vec<Event> {
        let mut events = Vec::new();
        let mu = self.tap_median_ms.ln();
        for i in 0..self.users {
            let user = format!("sim-{i:06}");
            let mut rng = SplitMix64::new(mix(self.seed) ^ mix(u64::from(i) ^ 0x5EED));
            let (_, variant) = self.experiment.assign(&user);
            let Some(arm) = self.arms.iter().find(|a| a.variant == variant.name()) else {
                continue;
            };
            if rng.next_f64() < arm.drop {
                continue;
            }
            let event = |ts: i64, kind: EventKind| Event {
                ts,
                user: user.clone(),
                experiment: self.experiment.id().to_owned(),
                variant: arm.variant.clone(),
                kind,
            };
            let mut t = self.start_ms + rng.below(14 * 86_400_000) as i64;
            for _ in 0..rng.count_at_least_one(self.listings_per_user) {
                events.push(event(t, EventKind::Exposure));
                for bar in 0..rng.count_at_least_one(self.bars_per_listing) {
                    t += 1000 + rng.below(9000) as i64;
                    if arm.suggestions == 0 {
                        continue;
                    }
                    let field = if bar == 0 || rng.next_f64() < 0.4 {
                        Field::Title
                    } else {
                        Field::Description
                    };
                    events.push(event(
                        t,
                        EventKind::Shown {
                            field,
                            count: arm.suggestions,
                        },
                    ));
                    if rng.next_f64() < arm.intent {
                        let delay = (mu + self.tap_sigma * rng.normal()).exp().round();
                        if delay <= f64::from(arm.display_ms) {
                            let ms = delay as u32;
                            let mut rank = 1;
                            while rank < arm.suggestions && rng.next_f64() < 0.5 {
                                rank += 1;
                            }
                            let accepted = EventKind::Accepted {
                                field,
                                rank,
                                ms_since_shown: ms,
                                chars_saved: 1 + rng.below(7) as u32,
                            };
                            events.push(event(t + i64::from(ms), accepted));
                        }
                        t += delay.min(f64::from(arm.display_ms)) as i64;
                    } else if rng.next_f64() < self.dismiss_probability {
                        let ms = 300
                            + rng.below(u64::from(arm.display_ms.clamp(301, 3000) - 300)) as u32;
                        events.push(event(
                            t + i64::from(ms),
                            EventKind::Dismissed {
                                field,
                                ms_since_shown: ms,
                            },
                        ));
                        t += i64::from(ms);
                    }
                }
                t += 3_600_000 + rng.below(3 * 86_400_000) as i64;
            }
        }
        events.sort_by_key(|e| e.ts);
        events
    }
}

/// The config of the prompt demo: the barcode-listing prompt shown for 8 seconds (control)
/// against 4 seconds, 50/50, both with the `barcode-register` wording (only the display time
/// differs, so the 4-second variant's lost taps can be estimated from the 8-second one's).
pub const PROMPT_DEMO_CONFIG: &str = r#"{
  "experiments": [{
    "id": "prompt-duration",
    "salt": "prompt-duration-2025-02",
    "parameters": ["prompt_display_ms", "prompt_copy"],
    "variants": [
      {"name": "prompt-8s", "weight": 1,
       "params": {"prompt_display_ms": 8000, "prompt_copy": "barcode-register"}},
      {"name": "prompt-4s", "weight": 1,
       "params": {"prompt_display_ms": 4000, "prompt_copy": "barcode-register"}}
    ]
  }]
}"#;

/// How the users of one variant treat the barcode-listing prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct PromptArm {
    /// The variant's name.
    pub variant: String,
    /// How long the prompt stays up, ms: later taps do not happen.
    pub display_ms: u32,
    /// The probability that a seller shown the prompt means to tap it (before the display
    /// cap).
    pub intent: f64,
}

/// A seeded synthetic barcode-prompt experiment. **The data is synthetic.**
///
/// The model, per user `sim-000000`, …: assigned by the real assignment code; opens the
/// listing form a geometric number of times (mean [`PromptSimulation::listings_per_user`],
/// at least once), each an exposure. In each listing the seller adds a photo that the media
/// model judges to be a book, CD, DVD or game with probability
/// [`PromptSimulation::media_probability`]: then a `prompt_shown` with a score uniform in
/// [0.5, 1). The seller means to tap with probability [`PromptArm::intent`]; the time they
/// would take is log-normal (median [`PromptSimulation::tap_median_ms`], log-sd
/// [`PromptSimulation::tap_sigma`]; the defaults, 4570 ms and 0.6, put half of an 8-second
/// prompt's taps after 4 s, as the marketplace saw), and the tap happens only if it comes
/// before the prompt hides; otherwise the prompt expires. A seller who does not mean to tap
/// dismisses it with probability [`PromptSimulation::dismiss_probability`] (after 0.3–3 s)
/// or lets it expire.
#[derive(Debug, Clone)]
pub struct PromptSimulation {
    experiment: Experiment,
    /// One per variant, in the experiment's order.
    pub arms: Vec<PromptArm>,
    /// How many users to simulate.
    pub users: u32,
    /// The seed.
    pub seed: u64,
    /// Median time a seller takes to tap the prompt, ms.
    pub tap_median_ms: f64,
    /// Log-scale standard deviation of the time to tap.
    pub tap_sigma: f64,
    /// Mean listing-form openings per user (>= 1).
    pub listings_per_user: f64,
    /// Probability that a listing gets a photo the model judges to be media.
    pub media_probability: f64,
    /// Probability that a prompt the seller does not mean to tap is dismissed explicitly.
    pub dismiss_probability: f64,
    /// Timestamps start here (unix ms) and spread over two weeks.
    pub start_ms: i64,
}

impl PromptSimulation {
    /// A simulation of `experiment`: each arm takes its variant's `prompt_display_ms` (laid
    /// over `defaults`), tap intent 0.2; 20,000 users, seed 1, 30% of listings with a media
    /// photo.
    pub fn new(experiment: &Experiment, defaults: &Params) -> PromptSimulation {
        let arms = experiment
            .variants()
            .iter()
            .map(|v| {
                let mut p = defaults.clone();
                v.params().apply_to(&mut p);
                PromptArm {
                    variant: v.name().to_owned(),
                    display_ms: p.prompt_display_ms,
                    intent: 0.2,
                }
            })
            .collect();
        PromptSimulation {
            experiment: experiment.clone(),
            arms,
            users: 20_000,
            seed: 1,
            tap_median_ms: 4570.0,
            tap_sigma: 0.6,
            listings_per_user: 1.5,
            media_probability: 0.3,
            dismiss_probability: 0.2,
            start_ms: 1_738_335_600_000, // 2025-02-01T00:00:00+09:00
        }
    }

    /// The demo: [`PROMPT_DEMO_CONFIG`]'s 8-second against 4-second prompt.
    pub fn demo() -> PromptSimulation {
        // PROMPT_DEMO_CONFIG is a constant checked by the tests: it always parses.
        let config = Config::from_json(PROMPT_DEMO_CONFIG).unwrap_or_default();
        match config.experiments().first() {
            Some(e) => PromptSimulation::new(e, config.defaults()),
            None => unreachable!("PROMPT_DEMO_CONFIG defines one experiment"),
        }
    }

    /// The experiment simulated.
    pub fn experiment(&self) -> &Experiment {
        &self.experiment
    }

    /// The arm of variant `name`.
    pub fn arm_mut(&mut self, name: &str) -> Option<&mut PromptArm> {
        self.arms.iter_mut().find(|a| a.variant == name)
    }

    /// P(time to tap ≤ `ms`) under the model (delays are rounded to whole ms).
    fn tap_cdf(&self, ms: u32) -> f64 {
        normal_cdf(((f64::from(ms) + 0.5).ln() - self.tap_median_ms.ln()) / self.tap_sigma)
    }

    /// The tap rate per prompt shown the model gives variant `name`:
    /// `intent × P(time to tap ≤ display_ms)`.
    pub fn true_tap_rate(&self, name: &str) -> Option<f64> {
        let arm = self.arms.iter().find(|a| a.variant == name)?;
        Some(arm.intent * self.tap_cdf(arm.display_ms))
    }

    /// The true `P(T > d | T ≤ D)` for `shorter`'s display `d` and `longer`'s `D`: the
    /// share of the longer display's taps that a `d` display would cut off, which the
    /// report's cut-off estimate should recover. `None` for unknown variants or `d ≥ D`.
    pub fn true_share_after(&self, shorter: &str, longer: &str) -> Option<f64> {
        let d = self.arms.iter().find(|a| a.variant == shorter)?.display_ms;
        let big_d = self.arms.iter().find(|a| a.variant == longer)?.display_ms;
        (d < big_d).then(|| 1.0 - self.tap_cdf(d) / self.tap_cdf(big_d))
    }

    /// Runs the simulation: the events of every user, in time order.
    pub fn run(&self) -> Vec<Event> {
        let mut events = Vec::new();
        let mu = self.tap_median_ms.ln();
        for i in 0..self.users {
            let user = format!("sim-{i:06}");
            let mut rng = SplitMix64::new(mix(self.seed) ^ mix(u64::from(i) ^ 0xBA2C0DE));
            let (_, variant) = self.experiment.assign(&user);
            let Some(arm) = self.arms.iter().find(|a| a.variant == variant.name()) else {
                continue;
            };
            let event = |ts: i64, kind: EventKind| Event {
                ts,
                user: user.clone(),
                experiment: self.experiment.id().to_owned(),
                variant: arm.variant.clone(),
                kind,
            };
            let mut t = self.start_ms + rng.below(14 * 86_400_000) as i64;
            for _ in 0..rng.count_at_least_one(self.listings_per_user) {
                events.push(event(t, EventKind::Exposure));
                if rng.next_f64() < self.media_probability {
                    t += 2000 + rng.below(20_000) as i64;
                    // In [0.5, 1]: always a valid score.
                    let Some(score) = Score::new((0.5 + 0.5 * rng.next_f64() as f32).min(1.0))
                    else {
                        continue;
                    };
                    events.push(event(t, EventKind::PromptShown { score }));
                    let display = i64::from(arm.display_ms);
                    if rng.next_f64() < arm.intent {
                        let delay = (mu + self.tap_sigma * rng.normal()).exp().round();
                        if delay <= f64::from(arm.display_ms) {
                            let ms = delay as u32;
                            events.push(event(
                                t + i64::from(ms),
                                EventKind::PromptTapped { ms_since_shown: ms },
                            ));
                        } else {
                            events.push(event(t + display, EventKind::PromptExpired));
                        }
                    } else if rng.next_f64() < self.dismiss_probability {
                        let ms = 300 + rng.below(2700) as u32;
                        let kind = if ms < arm.display_ms {
                            EventKind::PromptDismissed { ms_since_shown: ms }
                        } else {
                            EventKind::PromptExpired
                        };
                        events.push(event(t + i64::from(ms.min(arm.display_ms)), kind));
                    } else {
                        events.push(event(t + display, EventKind::PromptExpired));
                    }
                    t += display;
                }
                t += 3_600_000 + rng.below(3 * 86_400_000) as i64;
            }
        }
        events.sort_by_key(|e| e.ts);
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Options, Report};

    fn prompt_report(sim: &PromptSimulation) -> Report {
        let config = Config::from_json(PROMPT_DEMO_CONFIG).unwrap();
        let log = ichiba::experiment::Log {
            events: sim.run(),
            ..Default::default()
        };
        Report::new(
            &log,
            &Options {
                config: Some(&config),
                control: None,
            },
        )
    }

    #[test]
    fn prompt_demo_half_the_8s_taps_come_after_4s() {
        let sim = PromptSimulation::demo();
        let s = sim.true_share_after("prompt-4s", "prompt-8s").unwrap();
        assert!((s - 0.5).abs() < 0.005, "{s}");
        assert!(sim.true_share_after("prompt-8s", "prompt-4s").is_none());
        let p8 = sim.true_tap_rate("prompt-8s").unwrap();
        let p4 = sim.true_tap_rate("prompt-4s").unwrap();
        assert!((1.0 - p4 / p8 - s).abs() < 1e-12);
    }

    #[test]
    fn report_recovers_the_simulated_cut_off() {
        let sim = PromptSimulation::demo();
        let r = prompt_report(&sim);
        let e = r.experiment("prompt-duration").unwrap();
        assert!(e.notes.is_empty(), "{:?}", e.notes);
        let truth = sim.true_share_after("prompt-4s", "prompt-8s").unwrap();
        let c = e.cut_off("prompt-4s").unwrap();
        let s = &c.share_after;
        assert!(
            s.low <= truth && truth <= s.high,
            "true {truth} outside {} – {}",
            s.low,
            s.high
        );
        // The taps cut off, given the 4 s variant's observed taps: n · s / (1 − s) at the
        // true s; and the model's own expectation for its prompts is near the estimate.
        let v4 = e.variant("prompt-4s").unwrap();
        let n4 = v4.prompt.tapped as f64;
        let cut_truth = n4 * truth / (1.0 - truth);
        let expected_if_8s = v4.prompt.shown as f64 * sim.true_tap_rate("prompt-8s").unwrap();
        assert!(
            ((n4 + c.cut_off_taps) / expected_if_8s - 1.0).abs() < 0.1,
            "{} + {} vs {expected_if_8s}",
            n4,
            c.cut_off_taps
        );
        assert!(
            c.cut_off_low <= cut_truth && cut_truth <= c.cut_off_high,
            "{cut_truth} outside {} – {}",
            c.cut_off_low,
            c.cut_off_high
        );
        // Taps after 4 s happen only in the 8 s variant, and none after its display.
        let v8 = e.variant("prompt-8s").unwrap();
        assert_eq!(v4.prompt.tap.after_4s, Some(0.0));
        assert!(v8.prompt.tap.sorted_ms.last().is_some_and(|&ms| ms <= 8000));
        // The 4 s prompt loses taps per listing: the test sees it.
        let cmp = &e.prompt_comparisons[0];
        assert!(cmp.difference < 0.0 && cmp.p_value < 1e-6, "{cmp:?}");
        // Every prompt ends in exactly one tap, expiry or dismissal.
        for v in &e.variants {
            let p = &v.prompt;
            assert_eq!(p.shown, p.tapped + p.expired + p.dismissed, "{}", v.name);
        }
    }

    #[test]
    fn cut_off_interval_covers_the_truth_about_95_percent_of_the_time() {
        let mut covered = 0;
        let runs = 40;
        for seed in 1..=runs {
            let mut sim = PromptSimulation::demo();
            sim.users = 3000;
            sim.seed = seed;
            let truth = sim.true_share_after("prompt-4s", "prompt-8s").unwrap();
            let r = prompt_report(&sim);
            let s = r.experiments[0].cut_off("prompt-4s").unwrap().share_after;
            if s.low <= truth && truth <= s.high {
                covered += 1;
            }
        }
        // 95% nominal: P(at most 33 of 40 covered) is below 1% for a true 95% interval.
        assert!(covered >= 34, "{covered} of {runs}");
    }

    #[test]
    fn prompt_simulation_is_seeded() {
        let mut a = PromptSimulation::demo();
        a.users = 200;
        let b = a.clone();
        assert_eq!(a.run(), b.run());
        a.seed = 2;
        assert_ne!(a.run(), b.run());
    }

    #[test]
    fn splitmix64_reference_outputs() {
        // The reference C implementation (Vigna's splitmix64.c), seed 1234567.
        let mut r = SplitMix64::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn demo_config_parses_and_half_the_8s_taps_come_after_4s() {
        assert!(Config::from_json(DEMO_CONFIG).is_ok());
        let sim = Simulation::display_demo();
        let p8 = sim.true_acceptance("display-8s").unwrap();
        let p4 = sim.true_acceptance("display-4s").unwrap();
        // Share of the 8 s arm's taps that come after 4 s: 1 - P(T <= 4 s) / P(T <= 8 s).
        let after4 = 1.0 - p4 / p8;
        assert!((after4 - 0.5).abs() < 0.005, "{after4}");
    }
}
