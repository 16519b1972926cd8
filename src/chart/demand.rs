//! Demand through the layers over time: one small panel per layer with the demand arriving,
//! what it serves, what it loses and its capacity.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::paint::{alpha, text_width, ticks, Anchor, Painter, Style, Swatch, MARGIN};
use super::{comparison_key, week_axis, week_ticks, View};
use crate::error::Error;
use crate::model::layer::Layer;
use crate::reading::format::si;

/// The three series of a layer's panel: demand arriving, served, and the ceiling. For users the
/// demand arriving is what users want and the ceiling the supply on offer.
fn lines<'a>(view: &View<'a>, layer: Layer) -> (&'a [f64], &'a [f64], &'a [f64]) {
    let series = &view.series.layers[layer.index()];
    match layer {
        Layer::Users => (&series.capacity, &series.served, &series.demand),
        _ => (&series.demand, &series.served, &series.capacity),
    }
}

/// Draws the eight layer panels in loop order, four to a row (two below 560 CSS pixels), with
/// the week in focus marked and the verdict's layer framed; with a baseline, what it served as a
/// dashed ghost in each panel.
///
/// # Errors
/// [`Error::Drawing`] when the backend fails.
pub fn draw_demand<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    style: &Style,
) -> Result<(), Error> {
    let p = Painter::new(area, *style)?;
    let margin = MARGIN;
    let narrow = p.width < 560.0;
    p.heading(
        "Demand through the layers",
        "requests a week; incentives in dollars a week",
    )?;
    let legend_y = if narrow { 58.0 } else { 20.0 };
    legend(&p, legend_y, margin)?;
    // The comparison's key: right of the note, or on a line of its own when narrow.
    let key_y = if narrow { legend_y + 18.0 } else { 38.0 };
    if view.baseline.is_some() {
        let served = Swatch::Block(alpha(p.theme().layers[0], 0.3));
        comparison_key(&p, key_y, served)?;
    }

    let cols = if narrow { 2 } else { 4 };
    let rows = Layer::COUNT / cols;
    let top = match (narrow, view.baseline) {
        (false, _) => 56.0,
        (true, None) => 78.0,
        (true, Some(_)) => 96.0,
    };
    let axis = 24.0;
    let (gap_x, gap_y) = (18.0, 16.0);
    let panel_w = (p.width - 2.0 * margin - gap_x * (cols as f64 - 1.0)) / cols as f64;
    let panel_h = (p.height - top - axis - 8.0 - gap_y * (rows as f64 - 1.0)) / rows as f64;
    // Where a panel's `served of arriving` figure does not fit beside its title, every panel
    // gives it a line of its own, so the plots stay alike.
    let figures: Vec<Option<String>> = Layer::ALL
        .iter()
        .map(|&layer| figure(view, layer))
        .collect();
    let beside = Layer::ALL.into_iter().zip(&figures).all(|(layer, figure)| {
        figure
            .as_ref()
            .is_none_or(|f| title_width(view, layer) + 12.0 + text_width(f, 11.0, false) <= panel_w)
    });
    for layer in Layer::ALL {
        let (row, col) = (layer.index() / cols, layer.index() % cols);
        let x = margin + col as f64 * (panel_w + gap_x);
        let y = top + row as f64 * (panel_h + gap_y);
        let header = Header {
            figure: figures[layer.index()].as_deref(),
            beside,
            bottom_row: row + 1 == rows,
            room: if col + 1 == cols { margin } else { gap_x },
        };
        panel(&p, view, layer, (x, y, panel_w, panel_h), &header)?;
    }
    p.present()
}

/// What a panel's title line holds besides the plot: its figure and where it goes, whether
/// the panel is in the bottom row (which labels the weeks), and the room right of the panel.
struct Header<'a> {
    figure: Option<&'a str>,
    beside: bool,
    bottom_row: bool,
    room: f64,
}

/// `served of arriving` in the week in focus, if the series reach it.
fn figure(view: &View, layer: Layer) -> Option<String> {
    let (arriving, served, _) = lines(view, layer);
    let k = view.record.min(arriving.len().saturating_sub(1));
    Some(format!(
        "{} of {}",
        si(*served.get(k)?),
        si(*arriving.get(k)?)
    ))
}

/// The width of a panel's title: the layer's name and, for the bottleneck, the tag.
fn title_width(view: &View, layer: Layer) -> f64 {
    let tag = if view.marks(layer) {
        6.0 + text_width("bottleneck", 11.0, true)
    } else {
        0.0
    };
    text_width(layer.id(), 13.0, true) + tag
}

/// The legend: what the line, the areas and the thin line mean.
fn legend<DB: DrawingBackend>(p: &Painter<DB>, y: f64, margin: f64) -> Result<(), Error> {
    let t = *p.theme();
    let key = t.layers[0];
    let size = 12.0;
    let mut x = p.width - margin;
    // Drawn right to left so the legend ends at the margin.
    let demand = if p.width < 560.0 {
        "demand"
    } else {
        "demand arriving"
    };
    let items: [(&str, u8); 4] = [("capacity", 0), ("lost", 1), ("served", 2), (demand, 3)];
    for (label, kind) in items {
        p.text(label, (x, y), size, &t.muted, false, Anchor::Right)?;
        x -= text_width(label, size, false) + 8.0;
        let swatch = (x - 18.0, x);
        match kind {
            0 => p.line([(swatch.0, y), (swatch.1, y)], alpha(t.muted, 0.9), 1.0)?,
            1 => p.rect(
                (swatch.0, y - 5.0),
                (swatch.1, y + 5.0),
                alpha(t.lost_fill, 1.0),
            )?,
            2 => p.rect((swatch.0, y - 5.0), (swatch.1, y + 5.0), alpha(key, 0.3))?,
            _ => p.line([(swatch.0, y), (swatch.1, y)], alpha(key, 1.0), 2.0)?,
        }
        x = swatch.0 - 14.0;
    }
    Ok(())
}

fn panel<DB: DrawingBackend>(
    p: &Painter<DB>,
    view: &View,
    layer: Layer,
    (x, y, w, h): (f64, f64, f64, f64),
    header: &Header,
) -> Result<(), Error> {
    let t = *p.theme();
    let colour = t.layer(layer);
    let (arriving, served, ceiling) = lines(view, layer);
    let k = view.record.min(arriving.len().saturating_sub(1));

    // Title: the layer, whether it is the bottleneck, and what it served of what arrived in
    // the week in focus, beside the title or on a line below it.
    let title_y = y + 9.0;
    p.text(layer.id(), (x, title_y), 13.0, &colour, true, Anchor::Left)?;
    if view.marks(layer) {
        let at = x + text_width(layer.id(), 13.0, true) + 6.0;
        p.text(
            "bottleneck",
            (at, title_y),
            11.0,
            &t.lost,
            true,
            Anchor::Left,
        )?;
    }
    let figure_y = if header.beside {
        title_y
    } else {
        title_y + 15.0
    };
    if let Some(figure) = header.figure {
        p.text(
            figure,
            (x + w, figure_y),
            11.0,
            &t.muted,
            false,
            Anchor::Right,
        )?;
    }

    // The plot.
    let label_w = 34.0;
    let (x0, x1) = (x + label_w, x + w);
    let (y0, y1) = (figure_y + 13.0, y + h);
    // The baseline's served, on the same scale.
    let ghost = view.baseline.map_or(&[][..], |a| lines(a, layer).1);
    let most = arriving
        .iter()
        .chain(served)
        .chain(ghost)
        .copied()
        .fold(0.0, f64::max);
    let ceiling_most = ceiling.iter().copied().fold(0.0, f64::max);
    let data_top = if most > 0.0 {
        most.max(ceiling_most.min(1.6 * most))
    } else {
        ceiling_most
    };
    let (tick_values, y_top) = ticks(data_top * 1.04, 2);
    let weeks = view.weeks();
    let week = &view.series.week;
    let px = |w: f64| x0 + (x1 - x0) * (w / weeks);
    let py = |v: f64| y1 - (y1 - y0) * (v / y_top).clamp(0.0, 1.0);

    p.rect((x0, y0), (x1, y1), alpha(t.surface, 1.0))?;
    for value in &tick_values {
        let yy = py(*value);
        p.line([(x0, yy), (x1, yy)], alpha(t.grid, 1.0), 1.0)?;
        p.text(
            &si(*value),
            (x0 - 5.0, yy),
            10.5,
            &t.muted,
            false,
            Anchor::Right,
        )?;
    }
    for tick in week_ticks(weeks) {
        let xx = px(tick);
        p.line([(xx, y1), (xx, y1 + 3.0)], alpha(t.grid, 1.0), 1.0)?;
    }
    if header.bottom_row {
        week_axis(p, weeks, (x0, x1), header.room, y1 + 13.0)?;
    }

    // Lost: the band between demand and what got through.
    let upper: Vec<(f64, f64)> = week
        .iter()
        .zip(arriving.iter().zip(served))
        .map(|(&w, (&a, &s))| (px(w), py(a.max(s))))
        .collect();
    let lower: Vec<(f64, f64)> = week
        .iter()
        .zip(served)
        .map(|(&w, &s)| (px(w), py(s)))
        .collect();
    p.polygon(
        upper.iter().copied().chain(lower.iter().rev().copied()),
        alpha(t.lost_fill, 1.0),
    )?;
    // Served: the area under what got through.
    p.polygon(
        lower.iter().copied().chain([(px(weeks), y1), (x0, y1)]),
        alpha(colour, 0.3),
    )?;
    // Capacity: a thin line, left out where it runs above the panel.
    let mut segment: Vec<(f64, f64)> = Vec::new();
    for (&w, &c) in week.iter().zip(ceiling) {
        if c <= y_top {
            segment.push((px(w), py(c)));
        } else if !segment.is_empty() {
            p.line(segment.drain(..), alpha(t.muted, 0.9), 1.0)?;
        }
    }
    p.line(segment, alpha(t.muted, 0.9), 1.0)?;
    // The baseline's served: dashed, over the areas and under the line of demand.
    if let Some(a) = view.baseline {
        let points = a.series.week.iter().zip(ghost);
        let points = points.filter(|(&w, _)| w <= weeks);
        p.dashed(points.map(|(&w, &s)| (px(w), py(s))), t.ghost(), 1.5)?;
    }
    // Demand arriving.
    p.line(
        week.iter().zip(arriving).map(|(&w, &a)| (px(w), py(a))),
        alpha(colour, 1.0),
        2.0,
    )?;

    // The week in focus.
    let focus = px(view.week());
    p.line([(focus, y0), (focus, y1)], alpha(t.text, 0.45), 1.0)?;
    if let Some(a) = arriving.get(k) {
        p.circle((focus, py(*a)), 3.0, alpha(colour, 1.0), None)?;
    }
    if view.marks(layer) {
        // Red, as every chart marks the bottleneck of the week's year.
        p.frame(
            (x0 - 1.0, y0 - 1.0),
            (x1 + 1.0, y1 + 1.0),
            alpha(t.lost, 1.0),
            2.0,
        )?;
    }
    Ok(())
}
