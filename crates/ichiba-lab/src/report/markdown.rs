//! The text report: the Markdown summary (per experiment a variant table, the comparisons with
//! the control, the sample-ratio line, notes, the plot's link; then the definitions), the
//! sample-ratio warning lines, and the number formats they share with the plot.

use std::fmt::Write as _;

use super::{
    ExperimentReport, Report, SRM_ALPHA, SampleRatio, VariantStats, plot_file_name,
    prompt_plot_file_name,
};

/// The Markdown summary of `report`.
pub(super) fn report(report: &Report) -> String {
    let mut md = String::new();
    let _ = write_report(report, &mut md);
    md
}

/// The sample-ratio warnings, one line each.
pub(super) fn warnings(report: &Report) -> Vec<String> {
    report
        .experiments
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

fn write_report(report: &Report, md: &mut String) -> std::fmt::Result {
    writeln!(md, "# A/B experiment report\n")?;
    let s = &report.skipped;
    writeln!(
        md,
        "{} events read; {} lines skipped ({} torn last line, {} invalid JSON, {} unknown type, {} invalid fields).",
        group(report.events as u64),
        group(s.total()),
        s.torn,
        s.invalid_json,
        s.unknown_type,
        s.invalid_fields
    )?;
    if !report.with_config {
        writeln!(
            md,
            "\nNo config given: the sample-ratio check assumes equal weights."
        )?;
    }
    if report.experiments.is_empty() {
        writeln!(md, "\nNo experiment events in the log.")?;
    }
    for e in &report.experiments {
        write_experiment(e, md)?;
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
    )?;
    if report.experiments.iter().any(ExperimentReport::has_prompt) {
        writeln!(
            md,
            "- **prompt tap rate / listing**: barcode-prompt taps / listings (exposures), 95% Wilson interval; compared with the control by the same pooled two-proportion z-test. **/ prompt**: taps / prompts shown.\n\
             - **taps by second**: prompt taps with a delay in (k s, (k + 1) s] after the prompt was shown.\n\
             - **taps cut off**: for a variant whose prompt hides after d ms, sooner than the longest-displayed variant's D ms: s = P(tap > d | tap ≤ D), the share of the longer variant's taps that came after d (the Kaplan–Meier survival at d; with no censoring before D it is a binomial proportion, so its 95% interval is the Wilson one, which here is what Greenwood's becomes). The shorter variant's n taps are then the 1 − s share of what a D display would have got: it cut off n·s / (1 − s), the interval mapping s's ends. Valid only if the variants differ in display time alone; the noise of n itself is not in the interval."
        )?;
    }
    Ok(())
}

fn write_experiment(e: &ExperimentReport, md: &mut String) -> std::fmt::Result {
    writeln!(md, "\n## Experiment `{}`\n", e.id)?;
    let srm = &e.sample_ratio;
    if srm.mismatch {
        writeln!(
            md,
            "> **⚠ SAMPLE RATIO MISMATCH** (p = {} < {SRM_ALPHA}): the users per variant do not match the configured split. \
             Something drops or moves users in one variant (a crash, a targeting or logging bug); do not trust the comparisons below until it is explained.\n",
            p_text(srm.p_value.unwrap_or(0.0))
        )?;
    }
    let bar = e.has_suggestion_bar() || !e.has_prompt();
    if bar {
        write_variants(e, md)?;
        write_comparisons(e, md)?;
    }
    write_sample_ratio(srm, md)?;
    if e.has_prompt() {
        write_prompt(e, md)?;
    }
    if e.users_in_several_variants > 0 {
        writeln!(
            md,
            "\n{} users have events in more than one variant (counted in each).",
            group(e.users_in_several_variants)
        )?;
    }
    for n in &e.notes {
        writeln!(md, "\nNote: {n}.")?;
    }
    if bar {
        writeln!(
            md,
            "\n![time to tap per variant]({})",
            plot_file_name(&e.id)
        )?;
    }
    Ok(())
}

/// The table of variants, one row each.
fn write_variants(e: &ExperimentReport, md: &mut String) -> std::fmt::Result {
    writeln!(
        md,
        "| variant | users | listings | bars shown | taps | acceptance (95% CI) | chars saved / listing | chars saved / user | tap p50 | p90 | p99 | taps > 2 s | > 4 s | > 8 s |"
    )?;
    writeln!(
        md,
        "|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|"
    )?;
    for (i, v) in e.variants.iter().enumerate() {
        let name = if i == e.control {
            format!("{} (control)", v.name)
        } else {
            v.name.clone()
        };
        write_variant_row(&name, v, md)?;
    }
    Ok(())
}

fn write_variant_row(name: &str, v: &VariantStats, md: &mut String) -> std::fmt::Result {
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
    )
}

/// The table of treatments against the control; nothing when there is none.
fn write_comparisons(e: &ExperimentReport, md: &mut String) -> std::fmt::Result {
    if e.comparisons.is_empty() {
        return Ok(());
    }
    writeln!(
        md,
        "\n**Acceptance vs control** (`{}`)\n",
        e.variants[e.control].name
    )?;
    writeln!(md, "| variant | difference (95% CI) | z | p-value |")?;
    writeln!(md, "|---|---|--:|--:|")?;
    for c in &e.comparisons {
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
    Ok(())
}

/// The barcode-listing prompt: per-variant table, taps by second, the comparison of tap rate
/// per listing with the control, the cut-off estimates and the plot's link.
fn write_prompt(e: &ExperimentReport, md: &mut String) -> std::fmt::Result {
    writeln!(md, "\n### Barcode-listing prompt\n")?;
    writeln!(
        md,
        "| variant | display | listings | prompts shown | taps | tap rate / listing (95% CI) | taps / prompt | expired | dismissed | tap p50 | p90 | taps > 2 s | > 4 s | > 8 s |"
    )?;
    writeln!(
        md,
        "|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|"
    )?;
    let share = |x: Option<f64>| x.map_or("–".to_owned(), pct);
    let secs = |x: Option<u32>| {
        x.map_or("–".to_owned(), |ms| {
            format!("{:.2} s", f64::from(ms) / 1000.0)
        })
    };
    for (i, v) in e.variants.iter().enumerate() {
        let p = &v.prompt;
        let name = if i == e.control {
            format!("{} (control)", v.name)
        } else {
            v.name.clone()
        };
        let display = p.display_ms.map_or("–".to_owned(), |ms| {
            let s = format!("{} s", f64::from(ms) / 1000.0);
            if p.display_from_config {
                s
            } else {
                format!("{s} (inferred)")
            }
        });
        let rate = p.per_listing.map_or("–".to_owned(), |a| {
            format!("{} ({} – {})", pct(a.rate), pct(a.low), pct(a.high))
        });
        writeln!(
            md,
            "| {name} | {display} | {} | {} | {} | {rate} | {} | {} | {} | {} | {} | {} | {} | {} |",
            group(v.exposures),
            group(p.shown),
            group(p.tapped),
            share(p.per_prompt.map(|a| a.rate)),
            group(p.expired),
            group(p.dismissed),
            secs(p.tap.p50),
            secs(p.tap.p90),
            share(p.tap.after_2s),
            share(p.tap.after_4s),
            share(p.tap.after_8s),
        )?;
    }

    let seconds = e
        .variants
        .iter()
        .map(|v| v.prompt.by_second.len())
        .max()
        .unwrap_or(0);
    if seconds > 0 {
        writeln!(md, "\n**Prompt taps by second since shown**\n")?;
        let names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
        writeln!(md, "| second | {} |", names.join(" | "))?;
        writeln!(md, "|---|{}", "--:|".repeat(names.len()))?;
        for k in 0..seconds {
            let cells: Vec<String> = e
                .variants
                .iter()
                .map(|v| group(v.prompt.by_second.get(k).copied().unwrap_or(0)))
                .collect();
            writeln!(md, "| {k}–{} s | {} |", k + 1, cells.join(" | "))?;
        }
    }

    if !e.prompt_comparisons.is_empty() {
        writeln!(
            md,
            "\n**Prompt tap rate per listing vs control** (`{}`)\n",
            e.variants[e.control].name
        )?;
        writeln!(md, "| variant | difference (95% CI) | z | p-value |")?;
        writeln!(md, "|---|---|--:|--:|")?;
        for c in &e.prompt_comparisons {
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

    for c in &e.cut_offs {
        let s = &c.share_after;
        let taps = |x: f64| {
            if x.is_finite() {
                group(x.round() as u64)
            } else {
                "∞".to_owned()
            }
        };
        writeln!(
            md,
            "\n**Taps cut off by `{}`'s {} s display**: of `{}`'s {} taps within {} s, {} came after {} s: P(tap > {} s | tap ≤ {} s) = {} (95% CI {} – {}). `{}` got {} taps, so it cut off about {} (95% CI {} – {}) that a display of {} s would have got.",
            c.shorter,
            f64::from(c.shorter_ms) / 1000.0,
            c.longer,
            group(s.trials),
            f64::from(c.longer_ms) / 1000.0,
            group(s.successes),
            f64::from(c.shorter_ms) / 1000.0,
            f64::from(c.shorter_ms) / 1000.0,
            f64::from(c.longer_ms) / 1000.0,
            pct(s.rate),
            pct(s.low),
            pct(s.high),
            c.shorter,
            group(c.shorter_taps),
            taps(c.cut_off_taps),
            taps(c.cut_off_low),
            taps(c.cut_off_high),
            f64::from(c.longer_ms) / 1000.0,
        )?;
    }
    writeln!(
        md,
        "\n![barcode prompt taps by second per variant]({})",
        prompt_plot_file_name(&e.id)
    )
}

fn write_sample_ratio(srm: &SampleRatio, md: &mut String) -> std::fmt::Result {
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
        ),
        None => writeln!(md, "; nothing to test."),
    }
}

/// `0.1234` → `12.3%`.
pub(super) fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A difference in percentage points, signed: `0.0123` → `+1.2`.
fn pp(x: f64) -> String {
    format!("{:+.1}", x * 100.0)
}

/// A p-value: three decimals, scientific below 0.001, `< 1e-300` below that.
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
pub(super) fn group(n: u64) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(pct(0.28864), "28.9%");
        assert_eq!(pp(-0.1443), "-14.4");
        assert_eq!(pp(0.0), "+0.0");
        assert_eq!(p_text(0.5), "0.500");
        assert_eq!(p_text(2.2e-5), "2.2e-5");
        assert_eq!(p_text(0.0), "< 1e-300");
        assert_eq!(join(["a", "b"].into_iter().map(str::to_owned)), "a / b");
    }
}
