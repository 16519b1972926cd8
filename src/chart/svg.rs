//! A chart of a run as SVG text, drawn by the same code as the page's canvas: what
//! `flywheel chart` writes, for reports and documentation built without a browser.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend};

use super::{draw_bottlenecks, draw_demand, draw_funnel, draw_loop, Style, View};
use crate::analysis::verdict::verdict;
use crate::error::{number, quoted, Error};
use crate::model::run::simulate;
use crate::model::scenario::Scenario;

/// The charts of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Demand,
    Funnel,
    Loop,
    Bottlenecks,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Demand, Kind::Funnel, Kind::Loop, Kind::Bottlenecks];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Demand => "demand",
            Kind::Funnel => "funnel",
            Kind::Loop => "loop",
            Kind::Bottlenecks => "bottlenecks",
        }
    }

    /// # Errors
    /// [`Error::BadRunOption`] naming the known charts.
    pub fn from_id(id: &str) -> Result<Kind, Error> {
        Kind::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .ok_or_else(|| Error::BadRunOption {
                what: "--chart",
                value: quoted(id),
                rule: "expected demand, funnel, loop or bottlenecks".into(),
            })
    }
}

/// The smallest and largest side of a chart, in pixels.
pub const SIDES: (u32, u32) = (120, 4000);

/// Draws `kind` of `view` at `size` pixels as SVG text.
///
/// # Errors
/// [`Error::BadRunOption`] for a side outside [`SIDES`], [`Error::Drawing`] when drawing fails.
pub fn svg(kind: Kind, view: &View, size: (u32, u32), dark: bool) -> Result<String, Error> {
    let style = Style::new(dark, 1.0);
    drawn(size, |area| match kind {
        Kind::Demand => draw_demand(area, view, &style),
        Kind::Funnel => draw_funnel(area, view, &style),
        // The dots that travel round in the page stand still at the start of their lap.
        Kind::Loop => {
            let gain = view.series.loop_gain.get(view.record).copied();
            draw_loop(area, view, 0.0, gain.unwrap_or(0.0), &style)
        }
        Kind::Bottlenecks => draw_bottlenecks(area, view, &style),
    })
}

/// What `draw` draws on an SVG of `size` pixels, as text: any chart, of a run or an ensemble.
///
/// # Errors
/// [`Error::BadRunOption`] for a side outside [`SIDES`], else what `draw` returns.
pub fn drawn(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), Error>,
) -> Result<String, Error> {
    for (what, side) in [("--width", size.0), ("--height", size.1)] {
        if !(SIDES.0..=SIDES.1).contains(&side) {
            return Err(Error::BadRunOption {
                what,
                value: side.to_string(),
                rule: format!("a chart is {} to {} pixels on a side", SIDES.0, SIDES.1),
            });
        }
    }
    let mut text = String::new();
    {
        let area = SVGBackend::with_string(&mut text, size).into_drawing_area();
        draw(&area)?;
    }
    Ok(text)
}

/// Runs `scenario`, judges it and draws `kind` at `week` (the last week without one) as
/// [`svg`] does, with `baseline` (scenario A of a comparison) run, judged and drawn behind it:
/// what `flywheel chart` and a page's SVG export write.
///
/// # Errors
/// As the run and [`svg`], and [`Error::BadRunOption`] for a week outside the run.
pub fn svg_of(
    scenario: &Scenario,
    baseline: Option<&Scenario>,
    kind: Kind,
    week: Option<f64>,
    size: (u32, u32),
    dark: bool,
) -> Result<String, Error> {
    let weeks = f64::from(scenario.options.weeks);
    let week = week.unwrap_or(weeks);
    if !(week.is_finite() && (0.0..=weeks).contains(&week)) {
        return Err(Error::BadRunOption {
            what: "--week",
            value: number(week),
            rule: format!("it is outside the run's 0 to {weeks} weeks"),
        });
    }
    let judged = |scenario: &Scenario| -> Result<_, Error> {
        let run = simulate(scenario)?;
        let last = run.series.week.len().saturating_sub(1);
        let record = ((week / scenario.options.step_weeks).round() as usize).min(last);
        Ok((run, verdict(scenario)?, record))
    };
    let a = baseline.map(judged).transpose()?;
    let a = a.as_ref().map(|(run, verdict, record)| View {
        series: &run.series,
        verdict,
        record: *record,
        baseline: None,
    });
    let (run, verdict, record) = judged(scenario)?;
    let view = View {
        series: &run.series,
        verdict: &verdict,
        record,
        baseline: a.as_ref(),
    };
    svg(kind, &view, size, dark)
}
