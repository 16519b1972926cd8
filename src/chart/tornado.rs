//! A tornado of an ensemble's parameters: the goal with each one at the low and the high end
//! of its range and every other at its value, the largest swing on top.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::paint::{alpha, text_width, ticks_between, Anchor, Painter, Style, Swatch, MARGIN};
use super::Theme;
use crate::analysis::ensemble::{Report, Swing};
use crate::error::Error;
use crate::model::layer::Layer;
use crate::model::params::ParamSpec;
use crate::model::scenario::Goal;
use crate::reading::format::{dollars, si, span, value_text};

/// The goal in few characters: `1.2G`, or `$40k` for revenue.
pub fn goal_value(goal: Goal, value: f64) -> String {
    match goal {
        Goal::Revenue => dollars(value),
        _ => si(value),
    }
}

/// What the chart says instead of bars, if it has none to draw.
pub fn tornado_missing(report: &Report, baseline: f64) -> Option<String> {
    if report.tornado.is_empty() {
        Some("No parameter varies in this ensemble, so none swings the goal. Give a range a width above 0.".into())
    } else if !baseline.is_finite() {
        Some("The goal at the scenario's values is not a number.".into())
    } else if report.tornado.iter().all(|s| s.swing == 0.0) {
        Some(format!(
            "No parameter moves the goal: it is {} at both ends of every range.",
            goal_value(report.plan.goal, baseline)
        ))
    } else {
        None
    }
}

/// The layer a parameter belongs to (`compute` for `compute.requests_per_gpu`).
fn layer_of(id: &str) -> Layer {
    ParamSpec::find(id).map_or(Layer::Compute, |spec| spec.layer)
}

/// Draws the tornado of `report`: a row per parameter, the largest swing on top, at most `top`
/// rows (fewer where the height holds fewer), each a bar from the goal at the parameter's low
/// end (hatched, lighter) through `baseline` (the goal at every parameter's value, a line
/// across the rows) to the goal at its high end (solid), in its layer's colour, with the two
/// values at the bar's ends and the parameter's id as the row's label.
///
/// # Errors
/// [`Error::Drawing`] when the backend fails.
pub fn draw_tornado<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &Report,
    baseline: f64,
    top: usize,
    style: &Style,
) -> Result<(), Error> {
    let p = Painter::new(area, *style)?;
    let t = *p.theme();
    let goal = report.plan.goal;
    let narrow = p.width < 560.0;
    // Narrow, each label sits above its bar.
    let stacked = narrow;
    let size = 12.0;
    let row = if stacked { 40.0 } else { 28.0 };
    let axis = 24.0;
    let title = p.fitting(
        &[
            "Which assumptions swing the goal most",
            "What swings the goal most",
        ],
        15.0,
        true,
    );
    // The legend beside the title where both fit, below the note otherwise.
    let beside = text_width(title, 15.0, true) + 24.0 + legend(&p, None)? <= p.width - 2.0 * MARGIN;
    let first_row = if beside { 66.0 } else { 90.0 };
    let fit = ((p.height - first_row - axis) / row).floor().max(1.0) as usize;
    let shown = &report.tornado[..report.tornado.len().min(top).min(fit)];
    let years = span(f64::from(report.plan.weeks));
    let (noun, rows, all) = (goal.noun(), shown.len(), report.tornado.len());
    let count = match (rows, all) {
        (_, 0) => String::new(),
        (rows, all) if rows == all => format!("; all {all} parameters that vary"),
        (rows, all) => format!("; top {rows} of {all}"),
    };
    let notes = [
        format!("{noun} in {years} with one parameter at each end of its range, every other at its value{count}"),
        format!("{noun} in {years}, one parameter at each end of its range{count}"),
        format!("{noun} in {years}{count}"),
        format!("{noun} in {years}"),
    ];
    p.heading(
        title,
        p.fitting(&notes.each_ref().map(String::as_str), 11.5, false),
    )?;
    if let Some(why) = tornado_missing(report, baseline) {
        p.notice(&why)?;
        return p.present();
    }
    legend(&p, Some(if beside { 20.0 } else { 60.0 }))?;

    let value_w = shown
        .iter()
        .flat_map(|s| [s.low_value, s.high_value])
        .map(|v| text_width(&value_text(v), size, false))
        .fold(0.0, f64::max)
        + 6.0;
    let label_w = if stacked {
        0.0
    } else {
        shown
            .iter()
            .map(|s| text_width(&s.id, size, false))
            .fold(0.0, f64::max)
            .min(p.width * 0.36)
            + 12.0
    };
    // The plot, with room for the values beyond the bars' ends.
    let (x0, x1) = (MARGIN + label_w + value_w, p.width - MARGIN - value_w);
    let goals = shown.iter().flat_map(|s| [s.goal_at_low, s.goal_at_high]);
    let (mut lo, mut hi) = goals
        .chain([baseline])
        .filter(|v| v.is_finite())
        .fold((baseline, baseline), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((hi - lo) * 0.04).max(baseline.abs() * 0.01).max(1e-9);
    (lo, hi) = (lo - pad, hi + pad);
    let px = |v: f64| x0 + (x1 - x0) * ((v - lo) / (hi - lo)).clamp(0.0, 1.0);

    let top_y = first_row;
    let bottom = top_y + row * shown.len() as f64;
    let bar_h = if stacked { 14.0 } else { 18.0 };
    for (i, swing) in shown.iter().enumerate() {
        let y = top_y + row * (i as f64 + 0.5);
        let bar_y = if stacked { y + 7.0 } else { y };
        let colour = t.layer(layer_of(&swing.id));
        if stacked {
            let at = (MARGIN, bar_y - bar_h / 2.0 - 10.0);
            p.text(&swing.id, at, size, &t.text, i == 0, Anchor::Left)?;
        } else {
            let at = (MARGIN + label_w - 12.0, y);
            p.text(&swing.id, at, size, &t.text, i == 0, Anchor::Right)?;
        }
        row_bar(&p, swing, &px, baseline, (bar_y, bar_h), colour)?;
    }

    // The baseline across the rows, its value above them, and the goal's axis below.
    let base_x = px(baseline);
    p.line(
        [(base_x, top_y - 4.0), (base_x, bottom + 2.0)],
        alpha(t.text, 0.8),
        1.5,
    )?;
    let base_label = goal_value(goal, baseline);
    let half = text_width(&base_label, 11.0, true) / 2.0;
    // min then max, not clamp: on a canvas too narrow for the label, clamp would panic.
    let base_at = base_x.min(p.width - MARGIN - half).max(MARGIN + half);
    p.text(
        &base_label,
        (base_at, top_y - 12.0),
        11.0,
        &t.text,
        true,
        Anchor::Center,
    )?;
    let count = if narrow { 3 } else { 5 };
    let mut last_right = f64::NEG_INFINITY;
    for value in ticks_between(lo, hi, count) {
        let x = px(value);
        let label = goal_value(goal, value);
        let half = text_width(&label, 10.5, false) / 2.0;
        p.line(
            [(x, bottom + 3.0), (x, bottom + 7.0)],
            alpha(t.grid, 1.0),
            1.0,
        )?;
        if x - half - last_right >= 8.0 && x + half <= p.width - MARGIN / 2.0 {
            p.text(
                &label,
                (x, bottom + 16.0),
                10.5,
                &t.muted,
                false,
                Anchor::Center,
            )?;
            last_right = x + half;
        }
    }
    p.present()
}

/// One parameter's bar at height `y`: the low end's side hatched and lighter, the high end's
/// solid, the longer drawn first where both lie on one side, and each end's value beyond it.
fn row_bar<DB: DrawingBackend>(
    p: &Painter<DB>,
    swing: &Swing,
    px: &impl Fn(f64) -> f64,
    baseline: f64,
    (y, h): (f64, f64),
    colour: RGBColor,
) -> Result<(), Error> {
    let t = *p.theme();
    let base = px(baseline);
    let ends = [
        (px(swing.goal_at_low), swing.low_value, true),
        (px(swing.goal_at_high), swing.high_value, false),
    ];
    let mut order = ends;
    let same_side = (ends[0].0 - base) * (ends[1].0 - base) > 0.0;
    if same_side {
        order.sort_by(|a, b| (b.0 - base).abs().total_cmp(&(a.0 - base).abs()));
    }
    let (top, bottom) = (y - h / 2.0, y + h / 2.0);
    for (i, &(end, value, low)) in order.iter().enumerate() {
        let (left, right) = if end < base { (end, base) } else { (base, end) };
        if low {
            p.hatched((left, top), (right, bottom), colour)?;
        } else {
            p.rect((left, top), (right, bottom), alpha(colour, 1.0))?;
        }
        // The shorter end of a bar on one side has its value inside the longer one: left out.
        if same_side && i == 1 {
            continue;
        }
        let label = value_text(value);
        // An end at the baseline (no swing that way) still has its side: low left, high right.
        let left = end < base - 0.25 || (low && end <= base + 0.25);
        let (at, anchor) = if left {
            (end - 5.0, Anchor::Right)
        } else {
            (end + 5.0, Anchor::Left)
        };
        p.text(&label, (at, y), 12.0, &t.muted, false, anchor)?;
    }
    Ok(())
}

/// The legend: the low end's side, the high end's, the baseline.
fn legend<DB: DrawingBackend>(p: &Painter<DB>, y: Option<f64>) -> Result<f64, Error> {
    let t: Theme = *p.theme();
    let baseline = if p.width < 560.0 {
        "these values"
    } else {
        "at the scenario's values"
    };
    p.legend(
        &[
            ("low value", Swatch::Hatched(t.muted)),
            ("high value", Swatch::Block(alpha(t.muted, 1.0))),
            (baseline, Swatch::Rule(alpha(t.text, 0.8), 1.5)),
        ],
        y,
    )
}
