//! The barcode-listing prompt's numbers: per variant the prompts shown, taps, expiries and
//! dismissals, the tap rate per listing (exposure) and per prompt, taps by second since
//! shown; the two-proportion test of tap rate per listing against the control; and, for a
//! variant whose prompt hides sooner than another's, an estimate of the taps its shorter
//! display cut off.
//!
//! **The cut-off estimate.** Let `D` be the longer variant's display time and `d < D` the
//! shorter one's. Among the longer variant's taps (every one of them observed: a tap can only
//! happen while the prompt is up, so none is censored before `D`), the share that came after
//! `d` estimates `s = P(T > d | T ≤ D)`, the survival function of the time to tap conditioned
//! on a tap within `D`. This is the Kaplan–Meier estimate at `d`, which without censoring is
//! the empirical survival; its Greenwood variance is then the binomial `s(1 − s)/n`, and the
//! interval given is the binomial (Wilson, 95%) one, which stays inside [0, 1]. If the
//! shorter variant's sellers tap like the longer one's up to `d` (same wording, same
//! button: only the display time differs), its `n_d` observed taps are the `1 − s` share of
//! the taps a `D` display would have got, so it cut off `n_d · s / (1 − s)` taps; the
//! interval maps the ends of `s`'s interval through that (monotone) function and does not
//! include the Poisson noise of `n_d` itself.

use super::{Comparison, Proportion, TapDelays, stats};

/// The prompt's numbers for one variant.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PromptStats {
    /// The prompt's display time in ms: the variant's `prompt_display_ms` from the config,
    /// else (no config) the latest tap rounded up to a whole second.
    pub display_ms: Option<u32>,
    /// Whether `display_ms` comes from the config (else it is inferred from the taps).
    pub display_from_config: bool,
    /// `prompt_shown` events.
    pub shown: u64,
    /// `prompt_tapped` events.
    pub tapped: u64,
    /// `prompt_expired` events.
    pub expired: u64,
    /// `prompt_dismissed` events.
    pub dismissed: u64,
    /// Taps / listings (exposures), with its 95% Wilson interval.
    pub per_listing: Option<Proportion>,
    /// Taps / prompts shown, with its 95% Wilson interval.
    pub per_prompt: Option<Proportion>,
    /// Time from the prompt being shown to the tap (percentiles, share after 2, 4, 8 s).
    pub tap: TapDelays,
    /// Taps by second since shown: entry `k` counts taps in (k s, (k + 1) s] (the first
    /// also takes 0 ms), up to the latest tap.
    pub by_second: Vec<u64>,
}

impl PromptStats {
    /// Whether the variant has any prompt event.
    pub fn any(&self) -> bool {
        self.shown + self.tapped + self.expired + self.dismissed > 0
    }
}

/// An estimate of the taps a shorter prompt display (`d` ms) cut off, from a longer
/// variant's taps (`D` ms).
///
/// `s = P(T > d | T ≤ D)` is the share of the longer variant's taps that came after `d`: the
/// Kaplan–Meier survival at `d`, which with no censoring before `D` (a tap can only happen
/// while the prompt is up) is a binomial proportion, so its Greenwood variance is
/// `s(1 − s)/n` and the interval given is the 95% Wilson one. If the variants differ in
/// display time alone, the shorter variant's `n_d` taps are the `1 − s` share of what a `D`
/// display would have got: it cut off `n_d · s / (1 − s)`, with the ends of `s`'s interval
/// mapped through that monotone function (the noise of `n_d` itself is not included).
#[derive(Debug, Clone, PartialEq)]
pub struct CutOff {
    /// The variant with the shorter display.
    pub shorter: String,
    /// Its display time `d`, ms.
    pub shorter_ms: u32,
    /// The variant whose taps give the distribution.
    pub longer: String,
    /// Its display time `D`, ms.
    pub longer_ms: u32,
    /// `P(T > d | T ≤ D)`: the longer variant's taps after `d` over its taps within `D`,
    /// with its 95% interval.
    pub share_after: Proportion,
    /// The shorter variant's taps (at most `d` after the prompt was shown).
    pub shorter_taps: u64,
    /// The taps the shorter display cut off: `shorter_taps · s / (1 − s)`.
    pub cut_off_taps: f64,
    /// Its interval's lower end.
    pub cut_off_low: f64,
    /// Its upper end (infinite when the share's interval reaches 1).
    pub cut_off_high: f64,
}

/// Taps by second: entry `k` counts the delays in (k·1000, (k+1)·1000] ms (0 ms in the first).
pub(super) fn by_second(sorted_ms: &[u32]) -> Vec<u64> {
    let Some(&last) = sorted_ms.last() else {
        return Vec::new();
    };
    let second = |ms: u32| (ms.saturating_sub(1) / 1000) as usize;
    let mut counts = vec![0u64; second(last) + 1];
    for &ms in sorted_ms {
        counts[second(ms)] += 1;
    }
    counts
}

/// The display time inferred from taps: the latest one rounded up to a whole second.
pub(super) fn inferred_display_ms(sorted_ms: &[u32]) -> Option<u32> {
    sorted_ms
        .last()
        .map(|&ms| ms.div_ceil(1000).max(1).saturating_mul(1000))
}

/// The cut-off estimate of `shorter` (display `d`, `shorter_taps` taps) from the taps of
/// `longer` (display `D > d`, delays `longer_sorted_ms`). `None` when `d ≥ D` or the longer
/// variant has no tap within `D`.
pub fn cut_off(shorter: (&str, u32, u64), longer: (&str, u32, &[u32])) -> Option<CutOff> {
    let (shorter_name, d, shorter_taps) = shorter;
    let (longer_name, big_d, delays) = longer;
    if d >= big_d {
        return None;
    }
    let within: Vec<u32> = delays.iter().copied().filter(|&ms| ms <= big_d).collect();
    let n = within.len() as u64;
    let after = within.iter().filter(|&&ms| ms > d).count() as u64;
    let (low, high) = stats::wilson(after, n, stats::Z95)?;
    let s = after as f64 / n as f64;
    let lost = |s: f64| {
        if s >= 1.0 {
            f64::INFINITY
        } else {
            shorter_taps as f64 * s / (1.0 - s)
        }
    };
    Some(CutOff {
        shorter: shorter_name.to_owned(),
        shorter_ms: d,
        longer: longer_name.to_owned(),
        longer_ms: big_d,
        share_after: Proportion {
            successes: after,
            trials: n,
            rate: s,
            low,
            high,
        },
        shorter_taps,
        cut_off_taps: lost(s),
        cut_off_low: lost(low),
        cut_off_high: lost(high),
    })
}

/// A treatment's rate `x2 / n2` against the control's `x1 / n1`: the pooled z-test and the
/// unpooled 95% Wald interval of the difference. `None` as [`stats::two_proportion_z`].
pub(super) fn compare(
    control: (&str, u64, u64),
    treatment: (&str, u64, u64),
) -> Option<Comparison> {
    let (c_name, x1, n1) = control;
    let (t_name, x2, n2) = treatment;
    let (z, p_value) = stats::two_proportion_z(x1, n1, x2, n2)?;
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let se = (p1 * (1.0 - p1) / n1 as f64 + p2 * (1.0 - p2) / n2 as f64).sqrt();
    Some(Comparison {
        treatment: t_name.to_owned(),
        control: c_name.to_owned(),
        difference: p2 - p1,
        difference_low: p2 - p1 - stats::Z95 * se,
        difference_high: p2 - p1 + stats::Z95 * se,
        z,
        p_value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_closed_on_the_right() {
        assert_eq!(by_second(&[]), Vec::<u64>::new());
        assert_eq!(by_second(&[0, 1000, 1001, 3999, 4000]), [2, 1, 0, 2]);
        assert_eq!(inferred_display_ms(&[10, 3999]), Some(4000));
        assert_eq!(inferred_display_ms(&[4000]), Some(4000));
        assert_eq!(inferred_display_ms(&[0]), Some(1000));
        assert_eq!(inferred_display_ms(&[]), None);
    }

    #[test]
    fn cut_off_by_hand() {
        // Longer (8 s): 10 taps within 8 s, 4 after 4 s (one at 9 s is past its display and
        // ignored); shorter (4 s): 30 taps. s = 0.4: 30 · 0.4 / 0.6 = 20 taps cut off.
        let delays = [
            500, 1000, 2000, 3000, 3500, 4000, 4001, 5000, 7000, 8000, 9000,
        ];
        let c = cut_off(("4s", 4000, 30), ("8s", 8000, &delays)).unwrap();
        assert_eq!((c.share_after.successes, c.share_after.trials), (4, 10));
        assert!((c.cut_off_taps - 20.0).abs() < 1e-9);
        let (lo, hi) = stats::wilson(4, 10, stats::Z95).unwrap();
        assert!((c.cut_off_low - 30.0 * lo / (1.0 - lo)).abs() < 1e-9);
        assert!((c.cut_off_high - 30.0 * hi / (1.0 - hi)).abs() < 1e-9);
        assert!(c.cut_off_low < c.cut_off_taps && c.cut_off_taps < c.cut_off_high);
        // Every tap after d: the upper end is unbounded.
        let all_late = cut_off(("4s", 4000, 3), ("8s", 8000, &[5000, 6000])).unwrap();
        assert!(all_late.cut_off_taps.is_infinite() && all_late.cut_off_high.is_infinite());
        assert!(cut_off(("a", 8000, 3), ("b", 8000, &delays)).is_none());
        assert!(cut_off(("a", 4000, 3), ("b", 8000, &[9000])).is_none());
    }

    #[test]
    fn compare_matches_the_z_test() {
        let c = compare(("a", 30, 100), ("b", 45, 100)).unwrap();
        let (z, p) = stats::two_proportion_z(30, 100, 45, 100).unwrap();
        assert_eq!((c.z, c.p_value), (z, p));
        assert!((c.difference - 0.15).abs() < 1e-12);
        assert!(c.difference_low < 0.15 && c.difference_high > 0.15);
        assert!(compare(("a", 1, 0), ("b", 1, 1)).is_none());
    }
}
