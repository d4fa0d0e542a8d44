//! The histograms (plotters, SVG): the suggestion bar's time to tap (taps per 1,000 bars
//! shown in 250 ms bins) and the barcode prompt's taps by second since shown (taps per 1,000
//! prompts shown in 1 s bins, each variant's display time marked), one colour per variant.

use plotters::prelude::*;

use super::ExperimentReport;
use super::markdown::{group, pct};
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

/// One histogram series: the legend's label and taps per 1,000 bars shown per bin.
type Series = (String, Vec<f64>);

fn err(e: &dyn std::fmt::Display) -> Error {
    Error::Plot {
        reason: e.to_string(),
    }
}

/// Experiment `e`'s histogram as an SVG document.
pub(super) fn histogram(e: &ExperimentReport) -> Result<String> {
    let longest = e
        .variants
        .iter()
        .filter_map(|v| v.tap.sorted_ms.last().copied())
        .max()
        .unwrap_or(0);
    // Whole seconds with at least half a second after the last tap (so a cut-off shows),
    // at most 30: later taps go in the last bin.
    let x_max_ms = (longest + 500).div_ceil(1000).clamp(1, MAX_MS / 1000) * 1000;
    let series = series(e, (x_max_ms / BIN_MS) as usize);
    let y_max = series
        .iter()
        .flat_map(|(_, ys)| ys.iter().copied())
        .fold(0.0f64, f64::max)
        .max(1e-9)
        * 1.25;
    let chart = Chart {
        caption: format!("Time to tap — experiment \"{}\"", e.id),
        x_desc: "seconds from the suggestion bar being shown to the tap",
        y_desc: format!(
            "taps per 1,000 bars shown, per {} s",
            f64::from(BIN_MS) / 1000.0
        ),
        bin_s: f64::from(BIN_MS) / 1000.0,
        x_max: f64::from(x_max_ms) / 1000.0,
        y_max,
        marks: Vec::new(),
    };
    draw(&chart, &series)
}

/// Experiment `e`'s prompt histogram as an SVG document.
pub(super) fn prompt_histogram(e: &ExperimentReport) -> Result<String> {
    let shown: Vec<_> = e.variants.iter().filter(|v| v.prompt.shown > 0).collect();
    let longest = shown
        .iter()
        .flat_map(|v| [v.prompt.display_ms, v.prompt.tap.sorted_ms.last().copied()])
        .flatten()
        .max()
        .unwrap_or(0);
    // One empty second after the longest display or tap, at most 30 s.
    let x_max_s = (longest.div_ceil(1000) + 1).clamp(1, MAX_MS / 1000);
    let bins = x_max_s as usize;
    let mut series = Vec::new();
    let mut marks = Vec::new();
    for (i, v) in shown.iter().enumerate() {
        let mut per_1000 = vec![0.0; bins];
        for (k, &n) in v.prompt.by_second.iter().enumerate() {
            per_1000[k.min(bins - 1)] += n as f64 * 1000.0 / v.prompt.shown as f64;
        }
        let display = v
            .prompt
            .display_ms
            .map_or("?".to_owned(), |ms| format!("{}", f64::from(ms) / 1000.0));
        let label = format!(
            "{} (shown {display} s): {} taps / {} prompts, {} after 4 s",
            v.name,
            group(v.prompt.tapped),
            group(v.prompt.shown),
            v.prompt.tap.after_4s.map_or("–".to_owned(), pct)
        );
        series.push((label, per_1000));
        if let Some(ms) = v.prompt.display_ms {
            marks.push((i, f64::from(ms) / 1000.0));
        }
    }
    let y_max = series
        .iter()
        .flat_map(|(_, ys)| ys.iter().copied())
        .fold(0.0f64, f64::max)
        .max(1e-9)
        * 1.25;
    let chart = Chart {
        caption: format!("Barcode prompt taps by second — experiment \"{}\"", e.id),
        x_desc: "seconds from the prompt being shown to the tap (dashed: the variant's display time)",
        y_desc: "taps per 1,000 prompts shown, per second".to_owned(),
        bin_s: 1.0,
        x_max: f64::from(x_max_s),
        y_max,
        marks,
    };
    draw(&chart, &series)
}

/// What to draw around the series.
struct Chart {
    caption: String,
    x_desc: &'static str,
    y_desc: String,
    bin_s: f64,
    x_max: f64,
    y_max: f64,
    /// Vertical dashed lines: (series index for the colour, x).
    marks: Vec<(usize, f64)>,
}

/// One series per variant with bars shown, over `bins` bins.
fn series(e: &ExperimentReport, bins: usize) -> Vec<Series> {
    e.variants
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
        .collect()
}

/// Draws `series` on 0..`x_max` seconds by 0..`y_max`: each a shaded step outline, with a
/// legend and the chart's marks.
fn draw(c: &Chart, series: &[Series]) -> Result<String> {
    let (bin_s, x_max, y_max) = (c.bin_s, c.x_max, c.y_max);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 540)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(&c.caption, ("sans-serif", 24))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(64)
            .build_cartesian_2d(0f64..x_max, 0f64..y_max)
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc(c.x_desc)
            .y_desc(&c.y_desc)
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
        for &(i, x) in &c.marks {
            let color = COLORS[i % COLORS.len()];
            // Dashes: short segments from the axis to the top.
            let dashes = (0..20).map(|k| {
                let y0 = y_max * f64::from(k) / 20.0;
                PathElement::new(vec![(x, y0), (x, y0 + y_max / 40.0)], color.stroke_width(2))
            });
            chart.draw_series(dashes).map_err(|e| err(&e))?;
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

#[cfg(test)]
mod tests {
    use ichiba::experiment::read_log;

    use super::*;
    use crate::report::{Options, Report};

    fn report() -> Report {
        let line = |variant: &str, kind: &str| {
            format!(r#"{{"ts":1,"user":"u","experiment":"x","variant":"{variant}",{kind}}}"#)
        };
        let shown = r#""type":"shown","field":"title","count":5"#;
        let tap = |ms: u32| {
            format!(
                r#""type":"accepted","field":"title","rank":1,"ms_since_shown":{ms},"chars_saved":2"#
            )
        };
        let mut lines = vec![line("a", r#""type":"exposure""#)];
        lines.extend((0..4).map(|_| line("a", shown)));
        lines.extend([250, 251, 40_000].map(|ms| line("a", &tap(ms))));
        lines.push(line("b", r#""type":"exposure""#));
        let log = read_log(lines.join("\n").as_bytes()).unwrap();
        Report::new(&log, &Options::default())
    }

    #[test]
    fn bins_are_closed_on_the_right_and_capped() {
        let r = report();
        let e = &r.experiments[0];
        let s = series(e, 8);
        // "b" showed no bar: no series.
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].0, "a: 3 taps / 4 bars, 33.3% after 4 s");
        // 250 ms in the first bin, 251 ms in the second, 40 s in the last; per 1,000 bars.
        assert_eq!(s[0].1, [250.0, 250.0, 0.0, 0.0, 0.0, 0.0, 0.0, 250.0]);
    }

    #[test]
    fn histogram_is_an_svg_with_caption_and_legend() {
        let r = report();
        let svg = histogram(&r.experiments[0]).unwrap();
        assert!(svg.starts_with("<svg width=\"960\" height=\"540\""));
        assert!(svg.contains("Time to tap — experiment &quot;x&quot;"));
        assert!(svg.contains("a: 3 taps / 4 bars, 33.3% after 4 s"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }
}
