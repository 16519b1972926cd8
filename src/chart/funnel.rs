//! The demand funnel at the week in focus: how much of what users want gets through each
//! layer in turn, and where the rest is lost.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::paint::{alpha, text_width, Anchor, Painter, Style, Swatch, MARGIN};
use super::{comparison_key, View};
use crate::error::Error;
use crate::model::layer::Layer;
use crate::model::run::LayerSeries;
use crate::reading::format::si;

/// One bar of the funnel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub label: &'static str,
    /// The layer that passes this amount (and loses the difference to the stage above).
    pub layer: Layer,
    /// Requests a week that get this far.
    pub through: f64,
}

/// The stages of demand at a record, from what users want to what is paid: each stage's label,
/// the layer that passes it, and where its amount is recorded (a layer and one of its series).
pub fn steps(view: &View) -> [Step; 6] {
    type Pick = fn(&LayerSeries) -> &Vec<f64>;
    let (wanted, demand, served): (Pick, Pick, Pick) =
        (|s| &s.capacity, |s| &s.demand, |s| &s.served);
    let table: [(&'static str, Layer, Layer, Pick); 6] = [
        ("wanted by users", Layer::Users, Layer::Users, wanted),
        (
            "verified and trusted",
            Layer::Trust,
            Layer::Applications,
            demand,
        ),
        (
            "through applications",
            Layer::Applications,
            Layer::Applications,
            served,
        ),
        ("through models", Layer::Models, Layer::Models, served),
        ("through compute", Layer::Compute, Layer::Compute, served),
        ("paid", Layer::Payments, Layer::Payments, served),
    ];
    table.map(|(label, layer, recorded, pick)| Step {
        label,
        layer,
        through: pick(&view.series.layers[recorded.index()])
            .get(view.record)
            .copied()
            .unwrap_or(0.0),
    })
}

/// The funnel row where a layer's loss shows: users at what is wanted, verification and trust
/// at what is verified and trusted, and so on; incentives pass no requests, so no row.
pub fn funnel_row(layer: Layer) -> Option<usize> {
    match layer {
        Layer::Users => Some(0),
        Layer::Verification | Layer::Trust => Some(1),
        Layer::Applications => Some(2),
        Layer::Models => Some(3),
        Layer::Compute => Some(4),
        Layer::Payments => Some(5),
        Layer::Incentives => None,
    }
}

/// Draws the funnel as horizontal bars on one scale, each loss labelled where it happens, the
/// largest in bold, and the row of the year's bottleneck framed in red and named, as every
/// chart marks it. With a baseline, each step's amount in scenario A is a hollow dashed bar
/// over B's, its figure beside the bar.
///
/// # Errors
/// [`Error::Drawing`] when the backend fails.
pub fn draw_funnel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    style: &Style,
) -> Result<(), Error> {
    let p = Painter::new(area, *style)?;
    let t = *p.theme();
    let margin = MARGIN;
    let stages = steps(view);
    let ghosts = view.baseline.map(steps);
    // The rows of the year's bottleneck (two layers share the verified-and-trusted row).
    // The rows of the year's bottleneck (verification and trust share a row; incentives pass
    // no requests, so the caption and the panel name them instead).
    let mut marked = Vec::new();
    for layer in view.marked() {
        marked.extend(funnel_row(layer));
    }
    let note = if p.width < 520.0 {
        "requests a week; bold: the largest loss"
    } else {
        "requests a week at each step; bold: the largest loss; red frame: the bottleneck"
    };
    p.heading(
        &format!("Where demand is lost, week {:.0}", view.week()),
        note,
    )?;

    let wanted = stages[0].through.max(1e-9);
    // The bars' scale: what the users of either scenario want.
    let scale = ghosts.map_or(wanted, |a| wanted.max(a[0].through));
    let losses: Vec<f64> = stages
        .windows(2)
        .map(|pair| (pair[0].through - pair[1].through).max(0.0))
        .collect();
    let worst = losses
        .iter()
        .enumerate()
        .fold(
            (0, 0.0),
            |best, (i, &l)| if l > best.1 { (i, l) } else { best },
        )
        .0;

    let stacked = p.width < 480.0;
    let size = if stacked { 11.5 } else { 12.0 };
    // Wide: label, bar, value side by side. Narrow: label and value above a full-width bar.
    let label_w = if stacked {
        0.0
    } else {
        (p.width * 0.3).clamp(104.0, 160.0)
    };
    let value_w = if stacked { 0.0 } else { 92.0 };
    let x0 = margin + label_w;
    let x1 = p.width - margin - value_w;
    let at = |through: f64| x0 + (x1 - x0) * (through / scale).clamp(0.0, 1.0);
    let top = if ghosts.is_some() {
        comparison_key(&p, 56.0, Swatch::Block(alpha(t.layers[0], 0.85)))?;
        70.0
    } else {
        56.0
    };
    let row = ((p.height - top - 8.0) / stages.len() as f64).min(if stacked { 58.0 } else { 46.0 });
    let bar = if stacked {
        (row * 0.3).min(14.0)
    } else if ghosts.is_some() {
        // Room above the bar for A's figure.
        (row * 0.42).min(18.0)
    } else {
        (row * 0.55).min(22.0)
    };
    for (i, stage) in stages.iter().enumerate() {
        let y = top + row * (i as f64 + 0.5);
        let bar_y = if stacked { y + 2.0 } else { y };
        let colour = t.layer(stage.layer);
        let share = (stage.through / wanted).clamp(0.0, 1.0);
        let end = at(stage.through);
        let lost = if i > 0 { losses[i - 1] } else { 0.0 };
        let shown_loss = lost > 0.0005 * wanted;
        let value = format!("{} · {:.0}%", si(stage.through), share * 100.0);
        let loss_text = format!("−{} lost", si(lost));
        // Where the label, the value and the loss go, and how the value and the loss align.
        let (label_at, value_at, loss_at, anchor) = if stacked {
            let text_y = y - row * 0.32;
            let loss_y = bar_y + bar / 2.0 + 9.0;
            ((margin, text_y), (x1, text_y), (x1, loss_y), Anchor::Right)
        } else {
            let value_y = if shown_loss { y - 7.0 } else { y };
            let right = x1 + 8.0;
            (
                (margin, y),
                (right, value_y),
                (right, y + 8.0),
                Anchor::Left,
            )
        };
        if marked.contains(&i) {
            // A red frame round the row, named on its top edge like a legend, clear of the
            // row's label (above its bar when the rows are stacked).
            let half = row / 2.0 - 1.0;
            let top = if stacked { label_at.1 - 13.0 } else { y - half };
            p.frame(
                (margin - 8.0, top),
                (p.width - margin + 8.0, y + half),
                alpha(t.lost, 0.9),
                1.5,
            )?;
            let tag = size - 1.5;
            p.rect(
                (margin - 2.0, top - tag * 0.6),
                (
                    margin + text_width("bottleneck", tag, true) + 2.0,
                    top + tag * 0.6,
                ),
                alpha(t.background, 1.0),
            )?;
            p.text(
                "bottleneck",
                (margin, top),
                tag,
                &t.lost,
                true,
                Anchor::Left,
            )?;
        }
        p.text(stage.label, label_at, size, &t.text, false, Anchor::Left)?;
        p.text(&value, value_at, size, &t.text, false, anchor)?;
        if shown_loss {
            let bold = i - 1 == worst;
            p.text(&loss_text, loss_at, size - 1.0, &t.lost, bold, anchor)?;
        }
        let (top_y, bottom_y) = (bar_y - bar / 2.0, bar_y + bar / 2.0);
        p.rect((x0, top_y), (x1, bottom_y), alpha(t.surface, 1.0))?;
        if lost > 0.0 {
            // What the stage above passed and this one did not.
            let from = at(stages[i - 1].through);
            p.rect(
                (end, top_y),
                (from.max(end + 1.0), bottom_y),
                alpha(t.lost_fill, 1.0),
            )?;
        }
        p.rect((x0, top_y), (end, bottom_y), alpha(colour, 0.85))?;
        if let Some(ghosts) = &ghosts {
            // Scenario A: a hollow dashed bar a little taller than B's, and its figure above
            // the bar (below it when the rows are stacked, the loss being on the right).
            let through = ghosts[i].through;
            let grow = if stacked { 1.0 } else { 2.0 };
            let (a_top, a_bottom) = (top_y - grow, bottom_y + grow);
            p.dashed_frame(
                (x0, a_top),
                (at(through).max(x0 + 2.0), a_bottom),
                t.ghost(),
                1.5,
            )?;
            // A's share of what A's users want, as B's value gives B's.
            let share = through / ghosts[0].through.max(1e-9);
            let figure = format!("A {} · {:.0}%", si(through), share * 100.0);
            let figure_y = if stacked { a_bottom + 7.0 } else { a_top - 6.0 };
            // Stacked rows under 44 pixels have no line free for it.
            if !stacked || row >= 44.0 {
                let muted = t.muted;
                p.text(
                    &figure,
                    (x0, figure_y),
                    size - 1.5,
                    &muted,
                    false,
                    Anchor::Left,
                )?;
            }
        }
    }
    p.present()
}
