//! The bottleneck timeline: one lane per layer, shaded by how loaded the layer is each week,
//! with the binding layer of each week drawn solid.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::paint::{alpha, Anchor, Painter, Style, MARGIN};
use super::{week_label, week_ticks, View};
use crate::error::Error;
use crate::layer::Layer;

/// Shading levels for utilization; neighbouring weeks at the same level are drawn as one block.
const LEVELS: f64 = 6.0;

/// Draws the timeline: lanes in loop order, the verdict's layer named, the week in focus marked.
///
/// # Errors
/// [`Error::Drawing`] when the backend fails.
pub fn draw_bottlenecks<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    style: &Style,
) -> Result<(), Error> {
    let p = Painter::new(area, *style)?;
    let t = *p.theme();
    let margin = MARGIN;
    let note = if p.width < 520.0 {
        "solid: the busiest layer; shade: load"
    } else {
        "solid: the layer with the highest utilization; shade: how loaded each layer is"
    };
    p.heading("Which layer binds, week by week", note)?;

    let label_w = 104.0;
    let x0 = margin + label_w;
    let x1 = p.width - margin;
    let top = 54.0;
    let axis = 22.0;
    let lane = ((p.height - top - axis - 6.0) / Layer::COUNT as f64).min(34.0);
    let bar = lane * 0.7;
    let weeks = view.weeks();
    let series = view.series;
    let week = &series.week;
    let px = |w: f64| x0 + (x1 - x0) * (w / weeks);
    let step = if week.len() > 1 {
        week[1] - week[0]
    } else {
        1.0
    };

    for layer in Layer::ALL {
        let y = top + lane * (layer.index() as f64 + 0.5);
        let colour = t.layer(layer);
        let is_verdict = Some(layer) == view.bottleneck();
        let name = if is_verdict {
            format!("{} ◆", layer.id())
        } else {
            layer.id().to_string()
        };
        p.text(
            &name,
            (x0 - 10.0, y),
            12.0,
            &colour,
            is_verdict,
            Anchor::Right,
        )?;
        p.rect(
            (x0, y - bar / 2.0),
            (x1, y + bar / 2.0),
            alpha(t.surface, 1.0),
        )?;
        let loads = &series.layers[layer.index()].utilization;
        // Runs of weeks with the same shade (or binding) become one rectangle each.
        let level = |i: usize| -> i32 {
            if series.binding.get(i) == Some(&layer) {
                -1
            } else {
                (loads[i].min(1.0) * LEVELS).round() as i32
            }
        };
        let mut start = 0;
        // The last record is the end of the horizon; every other record stands for one step.
        let steps = loads.len().saturating_sub(1);
        while start < steps {
            let current = level(start);
            let mut end = start + 1;
            while end < steps && level(end) == current {
                end += 1;
            }
            let opacity = if current < 0 {
                1.0
            } else {
                0.08 + 0.37 * f64::from(current) / LEVELS
            };
            if current != 0 {
                let from = px(week[start]);
                let to = px(week[start] + step * (end - start) as f64);
                p.rect(
                    (from, y - bar / 2.0),
                    (to, y + bar / 2.0),
                    alpha(colour, opacity),
                )?;
            }
            start = end;
        }
    }

    let bottom = top + lane * Layer::COUNT as f64;
    for tick in week_ticks(weeks) {
        let x = px(tick);
        p.line([(x, bottom), (x, bottom + 3.0)], alpha(t.grid, 1.0), 1.0)?;
        let anchor = Anchor::along(tick, weeks);
        p.text(
            &week_label(tick, px(52.0) - px(0.0)),
            (x, bottom + 13.0),
            10.5,
            &t.muted,
            false,
            anchor,
        )?;
    }
    let focus = px(view.week());
    p.line(
        [(focus, top - 2.0), (focus, bottom + 2.0)],
        alpha(t.text, 0.7),
        1.5,
    )?;
    p.present()
}
