//! Charts of a run, drawn with plotters onto any `DrawingBackend`: SVG in native tests, a
//! canvas in the browser. Every chart of a run takes the area, a [`View`] of the run and a
//! [`Style`]; every chart of an ensemble (fan, odds, tornado) its [`Report`] and a [`Style`].
//!
//! [`Report`]: crate::analysis::ensemble::Report

mod demand;
mod fan;
mod funnel;
mod loop_diagram;
mod odds;
mod paint;
pub mod svg;
mod timeline;
mod tornado;

pub use demand::draw_demand;
pub use fan::{band, draw_fan, Metric, Scale, METRICS};
pub use funnel::{draw_funnel, funnel_row, steps as funnel_steps, Step};
pub use loop_diagram::draw_loop;
pub use odds::{draw_odds, odds_missing, whole_label};
pub use paint::{Style, Theme};
pub use timeline::draw_bottlenecks;
pub use tornado::{draw_tornado, goal_value, tornado_missing};

use plotters::prelude::DrawingBackend;

use crate::analysis::verdict::{ReliefGain, Stage, Verdict, STAGE_WEEKS};
use crate::error::Error;
use crate::model::layer::Layer;
use crate::model::run::Series;
use crate::model::scenario::Goal;
use crate::reading::format::{si, signed_percent};
use paint::{text_width, Anchor, Painter, Swatch};

/// What a chart shows: a run's series, its verdict and the record in focus, and the pinned
/// baseline (scenario A) that a comparison draws as a ghost behind it.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub series: &'a Series,
    pub verdict: &'a Verdict,
    /// Index of the record in focus (the week shown, for weekly steps).
    pub record: usize,
    /// Scenario A of a comparison, at the same week; this view is then scenario B.
    pub baseline: Option<&'a View<'a>>,
}

impl View<'_> {
    /// The stage of growth (a year) that holds the week in focus.
    pub fn stage(&self) -> Option<&Stage> {
        self.verdict.stage_at(self.week())
    }

    /// The bottleneck of the stage of growth that holds the week in focus: the layer whose
    /// relief in that year pays most, if any does (the first in loop order on a tie).
    pub fn bottleneck(&self) -> Option<Layer> {
        self.stage().and_then(|stage| stage.ranking.bottleneck)
    }

    /// Whether every chart marks `layer` as the bottleneck of the week in focus: the stage's
    /// bottleneck, or any layer of a tie.
    pub fn marks(&self, layer: Layer) -> bool {
        self.stage().is_some_and(|stage| {
            let ranking = &stage.ranking;
            ranking.bottleneck == Some(layer) || ranking.tied.contains(&layer)
        })
    }

    /// The layers every chart marks as the bottleneck of the week in focus, in loop order.
    pub fn marked(&self) -> Vec<Layer> {
        let mut layers = Vec::new();
        for layer in Layer::ALL {
            if self.marks(layer) {
                layers.push(layer);
            }
        }
        layers
    }

    /// The busiest layer of the week in focus: the one at the highest share of its capacity.
    pub fn busiest(&self) -> Layer {
        self.series
            .binding
            .get(self.record)
            .copied()
            .unwrap_or(Layer::Compute)
    }

    /// The week of the record in focus.
    pub fn week(&self) -> f64 {
        self.series.week.get(self.record).copied().unwrap_or(0.0)
    }

    /// The last week of the run.
    pub fn weeks(&self) -> f64 {
        self.series.week.last().copied().unwrap_or(0.0).max(1.0)
    }
}

/// The key of a comparison at height `y`, ending at the right margin: scenario A dashed in
/// the ghost's ink, scenario B as `b` draws it.
///
/// # Errors
/// [`Error::Drawing`] when the backend fails.
fn comparison_key<DB: DrawingBackend>(p: &Painter<DB>, y: f64, b: Swatch) -> Result<(), Error> {
    let a = Swatch::Dashed(p.theme().ghost(), 1.5);
    p.legend(&[("A (pinned)", a), ("B (now)", b)], Some(y))
        .map(|_| ())
}

/// The year of growth a stage is: 1 for the stage that starts at week 0.
pub fn year_of(stage: &Stage) -> u32 {
    (stage.from_week / f64::from(STAGE_WEEKS)).floor() as u32 + 1
}

/// A relief's gain in few characters: `+3.8%`, or in the goal's unit where there was nothing
/// to take a percentage of (`+1.2M`, `+$40k`).
pub fn gain_label(goal: Goal, gain: &ReliefGain) -> String {
    match gain.gain_percent {
        Some(p) => signed_percent(p),
        None => {
            let sign = if gain.gain > 0.0 { "+" } else { "" };
            let unit = if goal == Goal::Revenue { "$" } else { "" };
            format!("{sign}{unit}{}", si(gain.gain))
        }
    }
}

/// Label for a week axis tick: whole years from 52 weeks on, as `year 2` or, where ticks are
/// under 60 pixels apart (`spacing`), `2y`.
fn week_label(week: f64, spacing: f64) -> String {
    let short = spacing < 60.0;
    if week > 0.0 && week % 52.0 == 0.0 {
        if short {
            format!("{}y", week / 52.0)
        } else {
            format!("year {}", week / 52.0)
        }
    } else {
        format!("{week:.0}")
    }
}

/// Labels a week axis drawn from `x0` to `x1` (CSS pixels) at height `y`: each tick's label,
/// the first starting at its tick, the others centred on theirs but the last, which ends at
/// its tick unless `room` pixels past `x1` hold half of it. A label closer than 6 pixels to the
/// one before is left out; the last is always kept, in place of those before it if need be.
///
/// # Errors
/// [`Error::Drawing`] when the backend fails.
fn week_axis<DB: DrawingBackend>(
    p: &Painter<DB>,
    weeks: f64,
    (x0, x1): (f64, f64),
    room: f64,
    y: f64,
) -> Result<(), Error> {
    const SIZE: f64 = 10.5;
    let px = |w: f64| x0 + (x1 - x0) * (w / weeks);
    let spacing = px(52.0) - px(0.0);
    let ticks = week_ticks(weeks);
    // Kept ticks: the tick, where its label ends on the right, and its anchor.
    let mut kept: Vec<(f64, f64, Anchor)> = Vec::new();
    for (i, &tick) in ticks.iter().enumerate() {
        let x = px(tick);
        let w = text_width(&week_label(tick, spacing), SIZE, false);
        let anchor = match Anchor::along(tick, weeks) {
            Anchor::Right if w / 2.0 <= room => Anchor::Center,
            anchor => anchor,
        };
        let (left, right) = match anchor {
            Anchor::Left => (x, x + w),
            Anchor::Center => (x - w / 2.0, x + w / 2.0),
            Anchor::Right => (x - w, x),
        };
        if i + 1 == ticks.len() {
            // The end of the run is labelled; the labels before it give way.
            while kept.len() > 1 && kept.last().is_some_and(|k| left - k.1 < 6.0) {
                kept.pop();
            }
        } else if kept.last().is_some_and(|k| left - k.1 < 6.0) {
            continue;
        }
        kept.push((tick, right, anchor));
    }
    for (tick, _, anchor) in kept {
        let label = week_label(tick, spacing);
        p.text(&label, (px(tick), y), SIZE, &p.theme().muted, false, anchor)?;
    }
    Ok(())
}

/// Week ticks for a run of `weeks`: every year, or every 13 weeks for runs under two years.
fn week_ticks(weeks: f64) -> Vec<f64> {
    let step = if weeks >= 104.0 {
        52.0
    } else if weeks >= 26.0 {
        13.0
    } else {
        1.0f64.max((weeks / 4.0).round())
    };
    let count = (weeks / step).floor() as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}
