//! Small statistics: normal and chi-square tail probabilities, Wilson interval,
//! two-proportion z-test, nearest-rank percentile.

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
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn normal_cdf_known_values() {
        // Φ(1.96) = 0.9750021048517795, Φ(0) = 1/2, Φ(-x) = 1 - Φ(x).
        assert!((normal_cdf(1.96) - 0.975_002_104_851_779_5).abs() < 1e-12);
        assert_eq!(normal_cdf(0.0), 0.5);
        for x in [0.3, 1.0, 2.5, 4.0] {
            assert!((normal_cdf(-x) - (1.0 - normal_cdf(x))).abs() < 1e-14);
        }
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
        assert_eq!(wilson(11, 10, Z95), None);
        let (lo, hi) = wilson(0, 10, Z95).unwrap();
        assert_eq!(lo, 0.0);
        assert!(hi > 0.25 && hi < 0.35);
        // n/n mirrors 0/n: the upper end is 1 (to rounding), the lower end is 1 minus 0/n's
        // upper end.
        let (lo_all, hi_all) = wilson(10, 10, Z95).unwrap();
        assert!(hi_all <= 1.0 && 1.0 - hi_all < 1e-12);
        assert!((lo_all - (1.0 - hi)).abs() < 1e-12);
        assert_eq!(two_proportion_z(0, 5, 0, 7), Some((0.0, 1.0)));
        assert_eq!(two_proportion_z(5, 5, 7, 7), Some((0.0, 1.0)));
    }

    #[test]
    fn z_test_is_symmetric() {
        let (z, p) = two_proportion_z(30, 100, 45, 100).unwrap();
        let (z_swapped, p_swapped) = two_proportion_z(45, 100, 30, 100).unwrap();
        assert!(z > 0.0);
        assert_eq!(z_swapped, -z);
        assert_eq!(p_swapped, p);
        // The two-sided p-value is twice the normal tail beyond |z|.
        assert!((p - 2.0 * (1.0 - normal_cdf(z))).abs() < 1e-12);
        assert_eq!(two_proportion_z(1, 0, 1, 1), None);
        assert_eq!(two_proportion_z(3, 2, 1, 1), None);
    }
}
