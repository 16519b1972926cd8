//! A chart of a run as SVG text, drawn by the same code as the page's canvas: what
//! `flywheel chart` writes, for reports and documentation built without a browser.

use plotters::prelude::{IntoDrawingArea, SVGBackend};

use super::{draw_bottlenecks, draw_demand, draw_funnel, draw_loop, Style, View};
use crate::error::{quoted, Error};

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
    for (what, side) in [("--width", size.0), ("--height", size.1)] {
        if !(SIDES.0..=SIDES.1).contains(&side) {
            return Err(Error::BadRunOption {
                what,
                value: side.to_string(),
                rule: format!("a chart is {} to {} pixels on a side", SIDES.0, SIDES.1),
            });
        }
    }
    let style = Style::new(dark, 1.0);
    let mut text = String::new();
    {
        let area = SVGBackend::with_string(&mut text, size).into_drawing_area();
        match kind {
            Kind::Demand => draw_demand(&area, view, &style),
            Kind::Funnel => draw_funnel(&area, view, &style),
            // The dots that travel round in the page stand still at the start of their lap.
            Kind::Loop => {
                let gain = view.series.loop_gain.get(view.record).copied();
                draw_loop(&area, view, 0.0, gain.unwrap_or(0.0), &style)
            }
            Kind::Bottlenecks => draw_bottlenecks(&area, view, &style),
        }?;
    }
    Ok(text)
}
