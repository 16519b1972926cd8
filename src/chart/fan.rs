//! A fan chart of one metric across an ensemble's futures: its 5–95% and 25–75% bands and its
//! median week by week, with the run at the scenario's values as a thin line if given.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::paint::{alpha, text_width, ticks, Anchor, Painter, Style, Swatch, MARGIN};
use super::{week_axis, week_ticks};
use crate::analysis::ensemble::{Band, Report};
use crate::error::Error;
use crate::model::layer::Layer;
use crate::model::run::Series;
use crate::reading::format::si;

/// A metric's name for a title and its unit, and the layer whose colour it takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metric {
    pub id: &'static str,
    /// `Requests served`: the title's start.
    pub name: &'static str,
    /// `requests a week`, or empty for a plain number.
    pub unit: &'static str,
    pub layer: Layer,
}

/// Every band metric of an ensemble, in the order of [`crate::analysis::ensemble::BANDS`].
pub const METRICS: [Metric; 5] = [
    Metric {
        id: "served_requests",
        name: "Requests served",
        unit: "requests a week, end to end",
        layer: Layer::Compute,
    },
    Metric {
        id: "paid_requests",
        name: "Paid requests",
        unit: "requests a week",
        layer: Layer::Payments,
    },
    Metric {
        id: "users",
        name: "Users",
        unit: "active users",
        layer: Layer::Users,
    },
    Metric {
        id: "pool",
        name: "The incentive pool",
        unit: "dollars",
        layer: Layer::Incentives,
    },
    Metric {
        id: "loop_gain",
        name: "Loop gain",
        unit: "above 1 the loop feeds itself",
        layer: Layer::Verification,
    },
];

impl Metric {
    /// The metric with this id (as [`Band::metric`] names it).
    pub fn find(id: &str) -> Option<Metric> {
        METRICS.into_iter().find(|m| m.id == id)
    }

    /// A value of the metric in few characters: `1.2M`, `$40k`, `1.31`.
    pub fn value(&self, value: f64) -> String {
        match self.id {
            "pool" if value < 0.0 => format!("-${}", si(-value)),
            "pool" => format!("${}", si(value)),
            _ => si(value),
        }
    }

    /// The metric's series in a single run, as the ensemble counts it.
    pub fn of<'a>(&self, series: &'a Series) -> &'a [f64] {
        match self.id {
            "served_requests" => &series.served_requests,
            "paid_requests" => &series.paid_requests,
            "users" => &series.layers[Layer::Users.index()].stock,
            "pool" => &series.money.pool,
            _ => &series.loop_gain,
        }
    }
}

/// The band of `metric` in a report, if it has one.
pub fn band<'a>(report: &'a Report, metric: &str) -> Option<&'a Band> {
    report.bands.iter().find(|b| b.metric == metric)
}

/// A y-axis: linear from 0, or logarithmic where the values span two decades or more.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub log: bool,
    pub bottom: f64,
    pub top: f64,
    pub ticks: Vec<f64>,
}

impl Scale {
    /// The axis for values from `least` to `most`.
    pub fn fit(least: f64, most: f64) -> Scale {
        if least > 0.0 && most / least >= 50.0 {
            // The axis ends at 1, 2 or 5 times a power of ten.
            let power = |v: f64| 10f64.powi(v.log10().floor() as i32);
            let bottom = [5.0, 2.0, 1.0]
                .into_iter()
                .map(|m| m * power(least))
                .find(|&v| v <= least)
                .unwrap_or(least);
            let top = [1.0, 2.0, 5.0, 10.0]
                .into_iter()
                .map(|m| m * power(most))
                .find(|&v| v >= most)
                .unwrap_or(most);
            // Ticks at 1, 2 and 5 times each power of ten across three decades or less,
            // at the powers alone across more.
            let steps: &[f64] = if top / bottom <= 1000.0 {
                &[1.0, 2.0, 5.0]
            } else {
                &[1.0]
            };
            let first = bottom.log10().floor() as i32;
            let last = top.log10().ceil() as i32;
            let ticks = (first..=last)
                .flat_map(|k| steps.iter().map(move |m| m * 10f64.powi(k)))
                .filter(|&v| v >= bottom * (1.0 - 1e-9) && v <= top * (1.0 + 1e-9))
                .collect();
            Scale {
                log: true,
                bottom,
                top,
                ticks,
            }
        } else {
            let (ticks, top) = ticks(most.max(0.0) * 1.04, 4);
            Scale {
                log: false,
                bottom: 0.0,
                top,
                ticks,
            }
        }
    }

    /// Where `value` sits from the bottom (0) to the top (1), clamped.
    pub fn unit(&self, value: f64) -> f64 {
        let u = if self.log {
            (value.max(self.bottom).ln() - self.bottom.ln()) / (self.top.ln() - self.bottom.ln())
        } else {
            (value - self.bottom) / (self.top - self.bottom)
        };
        if u.is_finite() {
            u.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

/// The percentiles of a band in drawing order, outermost first.
fn columns(band: &Band) -> [&[Option<f64>]; 5] {
    [&band.p5, &band.p25, &band.p50, &band.p75, &band.p95]
}

/// Draws the fan of `metric` (an id of [`METRICS`]) in `report`: the 5–95% band light, the
/// 25–75% band darker, the median as a line, `reference` (the single run at the scenario's
/// values) as a thin line in the text colour; a week axis as the timeline's and a y-axis that
/// turns logarithmic where the values span two decades. Without the band, or without a value
/// in it, the chart says so.
///
/// # Errors
/// [`Error::Drawing`] when the backend fails.
pub fn draw_fan<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    metric: &str,
    reference: Option<&[f64]>,
    style: &Style,
) -> Result<(), Error> {
    let p = Painter::new(area, *style)?;
    let t = *p.theme();
    let narrow = p.width < 560.0;
    let info = Metric::find(metric);
    let name = info.map_or(metric, |m| m.name);
    let futures = if report.runs == 1 {
        "1 future".to_string()
    } else {
        format!("{} futures", report.runs)
    };
    let Some((info, band)) = info.zip(band(report, metric)) else {
        p.heading(name, &futures)?;
        p.notice(&format!("This ensemble has no band of `{metric}`."))?;
        return p.present();
    };
    let values = || columns(band).into_iter().flatten().filter_map(|v| *v);
    let given = || reference.into_iter().flatten().copied();
    let least = values()
        .chain(given())
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    let most = values()
        .chain(given())
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    let has_negative = values().chain(given()).any(|v| v < 0.0);
    let scale = Scale::fit(if has_negative { 0.0 } else { least }, most);
    let log = if scale.log { "; logarithmic scale" } else { "" };
    let notes = [
        format!("{} across {futures}{log}", info.unit),
        format!("{}; {futures}{log}", info.unit),
        format!("{}; {futures}", info.unit),
    ];
    let note = p.fitting(&notes.each_ref().map(String::as_str), 11.5, false);
    let long_title = format!("{name}, the spread of futures");
    let title = p
        .fitting(&[long_title.as_str(), name], 15.0, true)
        .to_string();
    p.heading(&title, note)?;
    if !most.is_finite() {
        p.notice("No future gave a finite value to draw.")?;
        return p.present();
    }
    let colour = t.layer(info.layer);
    // The legend beside the title where both fit, below the note otherwise.
    let legend_w = legend(&p, colour, reference.is_some(), None)?;
    let beside = text_width(&title, 15.0, true) + 24.0 + legend_w <= p.width - 2.0 * MARGIN;
    let legend_y = if beside { 20.0 } else { 58.0 };
    legend(&p, colour, reference.is_some(), Some(legend_y))?;

    let label_w = 40.0;
    let (x0, x1) = (MARGIN + label_w, p.width - MARGIN);
    let (y0, y1) = (if beside { 58.0 } else { 88.0 }, p.height - 26.0);
    let week = &report.week;
    let weeks = week.last().copied().unwrap_or(0.0).max(1.0);
    let px = |w: f64| x0 + (x1 - x0) * (w / weeks);
    let py = |v: f64| y1 - (y1 - y0) * scale.unit(v);

    p.rect((x0, y0), (x1, y1), alpha(t.surface, 1.0))?;
    let mut last_y = f64::INFINITY;
    for &value in &scale.ticks {
        let y = py(value);
        p.line([(x0, y), (x1, y)], alpha(t.grid, 1.0), 1.0)?;
        // Labels closer than 14 pixels (the three between decades, on a short chart) give way.
        if last_y - y >= 14.0 {
            let label = info.value(value);
            p.text(&label, (x0 - 5.0, y), 10.5, &t.muted, false, Anchor::Right)?;
            last_y = y;
        }
    }
    for tick in week_ticks(weeks) {
        let x = px(tick);
        p.line([(x, y1), (x, y1 + 3.0)], alpha(t.grid, 1.0), 1.0)?;
    }
    week_axis(&p, weeks, (x0, x1), MARGIN, y1 + 13.0)?;

    // Each band as polygons over the runs of weeks where both of its edges have a value.
    let [p5, p25, p50, p75, p95] = columns(band);
    let (outer, inner) = opacities(&t);
    for (low, high, opacity) in [(p5, p95, outer), (p25, p75, inner)] {
        for span in spans(week, &[low, high]) {
            let upper = span
                .iter()
                .map(|&(k, w)| (px(w), py(high[k].unwrap_or(0.0))));
            let lower: Vec<(f64, f64)> = span
                .iter()
                .map(|&(k, w)| (px(w), py(low[k].unwrap_or(0.0))))
                .collect();
            p.polygon(upper.chain(lower.into_iter().rev()), alpha(colour, opacity))?;
        }
    }
    if info.id == "loop_gain" && scale.unit(1.0) > 0.0 && scale.unit(1.0) < 1.0 {
        // Where the loop starts to feed itself, dashed over the bands, unlike the single run.
        let mut x = x0;
        while x < x1 {
            let to = (x + 4.0).min(x1);
            p.line([(x, py(1.0)), (to, py(1.0))], alpha(t.muted, 0.8), 1.0)?;
            x += 8.0;
        }
    }
    for span in spans(week, &[p50]) {
        let line = span
            .iter()
            .map(|&(k, w)| (px(w), py(p50[k].unwrap_or(0.0))));
        p.line(line, alpha(colour, 1.0), 2.0)?;
    }
    if let Some(reference) = reference {
        let line = week
            .iter()
            .zip(reference)
            .filter(|(_, v)| v.is_finite())
            .map(|(&w, &v)| (px(w), py(v)));
        p.line(line, alpha(t.text, 0.85), 1.0)?;
    }

    // The median and the 5–95% range at the end of the run, above the plot's right end.
    let end = week.len().saturating_sub(1);
    if let (Some(Some(median)), Some(Some(lo)), Some(Some(hi))) =
        (p50.get(end), p5.get(end), p95.get(end))
    {
        let (median, lo, hi) = (info.value(*median), info.value(*lo), info.value(*hi));
        let figure = if narrow {
            format!("week {weeks:.0}: {median} ({lo} to {hi})")
        } else {
            format!("week {weeks:.0}: median {median}, 90% of futures {lo} to {hi}")
        };
        if text_width(&figure, 11.0, false) <= x1 - x0 {
            p.text(
                &figure,
                (x1, y0 - 9.0),
                11.0,
                &t.muted,
                false,
                Anchor::Right,
            )?;
        }
    }
    p.present()
}

/// The opacities of the 5–95% band and of the 25–75% band over it: stronger on a dark
/// background, where a light tint of a bright colour barely shows.
fn opacities(t: &super::Theme) -> (f64, f64) {
    if *t == super::Theme::DARK {
        (0.26, 0.42)
    } else {
        (0.16, 0.34)
    }
}

/// The runs of consecutive records where every column has a value: each record's index and
/// week.
fn spans(week: &[f64], columns: &[&[Option<f64>]]) -> Vec<Vec<(usize, f64)>> {
    let mut spans: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
    for (k, &w) in week.iter().enumerate() {
        let whole = columns
            .iter()
            .all(|c| c.get(k).copied().flatten().is_some_and(f64::is_finite));
        match spans.last_mut() {
            Some(span) if whole => span.push((k, w)),
            Some(span) if !span.is_empty() => spans.push(Vec::new()),
            _ => {}
        }
    }
    spans.retain(|s| !s.is_empty());
    spans
}

/// The legend: the two bands, the median and the single run.
fn legend<DB: DrawingBackend>(
    p: &Painter<DB>,
    colour: RGBColor,
    reference: bool,
    y: Option<f64>,
) -> Result<f64, Error> {
    let t = *p.theme();
    let (outer, inner) = opacities(&t);
    let single = if p.width < 560.0 {
        "these values"
    } else {
        "at the scenario's values"
    };
    let mut items = vec![
        ("5–95%", Swatch::Block(alpha(colour, outer))),
        (
            "25–75%",
            Swatch::Blocks(alpha(colour, outer), alpha(colour, inner)),
        ),
        ("median", Swatch::Line(alpha(colour, 1.0), 2.0)),
    ];
    if reference {
        items.push((single, Swatch::Line(alpha(t.text, 0.85), 1.0)));
    }
    p.legend(&items, y)
}
