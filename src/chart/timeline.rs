//! Which layer holds the loop back, year by year: one lane per layer, a block on the lane of
//! each year's bottleneck (from the stage verdicts), and how busy each layer is as light shading
//! behind.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::paint::{alpha, text_width, Anchor, Painter, Style, Swatch, MARGIN};
use super::{comparison_key, gain_label, week_axis, week_ticks, View};
use crate::analysis::verdict::Stage;
use crate::error::Error;
use crate::model::layer::Layer;

/// Shading levels for utilization; neighbouring weeks at the same level are drawn as one block.
const LEVELS: f64 = 6.0;

/// Draws the timeline: lanes in loop order; per year a solid block on the bottleneck's lane
/// labelled with its relief's gain (outlined blocks on every lane of a tie, a short note for a
/// year without one; a year not judged yet greyed); the year in focus ringed in red as every
/// chart marks the bottleneck; the week in focus as a line. With a baseline, each year's
/// bottleneck in scenario A is a hollow dashed block on its lane, labelled `A`, round B's
/// narrower solid block where the two agree.
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
    let narrow = p.width < 560.0;
    let (title, note) = if narrow {
        (
            "Which layer holds the loop back",
            "year by year; block: the bottleneck; shade: load",
        )
    } else {
        (
            "Which layer holds the loop back, year by year",
            "block: each year's bottleneck, with its gain; shade: how busy each layer is",
        )
    };
    p.heading(title, note)?;

    let label_w = if narrow { 92.0 } else { 104.0 };
    let x0 = margin + label_w;
    let x1 = p.width - margin;
    let top = if view.baseline.is_some() {
        comparison_key(&p, 55.0, Swatch::Block(alpha(t.layers[0], 1.0)))?;
        68.0
    } else {
        54.0
    };
    let axis = 22.0;
    let lane = ((p.height - top - axis - 6.0) / Layer::COUNT as f64).min(34.0);
    let bar = lane * 0.76;
    let weeks = view.weeks();
    let series = view.series;
    let week = &series.week;
    let px = |w: f64| x0 + (x1 - x0) * (w / weeks);
    let lane_y = |layer: Layer| top + lane * (layer.index() as f64 + 0.5);
    let step = if week.len() > 1 {
        week[1] - week[0]
    } else {
        1.0
    };

    // Lanes, names and the shading of utilization.
    for layer in Layer::ALL {
        let y = lane_y(layer);
        let colour = t.layer(layer);
        let marked = view.marks(layer);
        p.text(
            layer.id(),
            (x0 - 10.0, y),
            12.0,
            &colour,
            marked,
            Anchor::Right,
        )?;
        p.rect(
            (x0, y - bar / 2.0),
            (x1, y + bar / 2.0),
            alpha(t.surface, 1.0),
        )?;
        let loads = &series.layers[layer.index()].utilization;
        let level = |i: usize| (loads[i].min(1.0) * LEVELS).round() as i32;
        // The last record is the end of the horizon; every other record stands for one step.
        let steps = loads.len().saturating_sub(1);
        let mut start = 0;
        while start < steps {
            let current = level(start);
            let mut end = start + 1;
            while end < steps && level(end) == current {
                end += 1;
            }
            if current > 0 {
                let from = px(week[start]);
                let to = px(week[start] + step * (end - start) as f64);
                p.rect(
                    (from, y - bar / 2.0),
                    (to, y + bar / 2.0),
                    alpha(colour, 0.04 + 0.16 * f64::from(current) / LEVELS),
                )?;
            }
            start = end;
        }
    }

    // One block per year on the bottleneck's lane.
    let goal = view.verdict.goal;
    let focus_stage = view.stage().map(|s| s.from_week);
    let bottom = top + lane * Layer::COUNT as f64;
    for stage in &view.verdict.stages {
        let (from, to) = (px(stage.from_week) + 1.0, px(stage.to_week) - 1.0);
        let ranking = &stage.ranking;
        let in_focus = focus_stage == Some(stage.from_week);
        if ranking.pending {
            // A year a page has not judged yet (it judges the year shown first, the rest a
            // frame or so later): greyed across every lane, never an earlier scenario's block.
            p.rect((from, top), (to, bottom), alpha(t.muted, 0.22))?;
            p.text(
                "…",
                ((from + to) / 2.0, (top + bottom) / 2.0),
                14.0,
                &t.muted,
                true,
                Anchor::Center,
            )?;
            continue;
        }
        let Some(first) = ranking.bottleneck else {
            // A year without a bottleneck: a short note across its column.
            let label = "none";
            let at = ((from + to) / 2.0, (top + bottom) / 2.0);
            let half = text_width(label, 10.5, false) / 2.0 + 3.0;
            p.rect(
                (at.0 - half, at.1 - 8.0),
                (at.0 + half, at.1 + 8.0),
                alpha(t.background, 0.9),
            )?;
            p.text(label, at, 10.5, &t.muted, false, Anchor::Center)?;
            continue;
        };
        let layers = blocked(stage);
        let tie = layers.len() > 1;
        let label = if tie {
            "tie".to_string()
        } else {
            gain_label(goal, &ranking.gains[first.index()])
        };
        for layer in layers {
            let y = lane_y(layer);
            let colour = t.layer(layer);
            // Narrower when compared, inside A's dashed block should A agree.
            let inset = if view.baseline.is_some() { 4.0 } else { 0.0 };
            let (y_top, y_bottom) = (y - bar / 2.0 + inset, y + bar / 2.0 - inset);
            if tie {
                // Outlined, not solid: the year's gain is shared.
                p.rect((from, y_top), (to, y_bottom), alpha(colour, 0.3))?;
                p.frame((from, y_top), (to, y_bottom), alpha(colour, 1.0), 1.5)?;
            } else {
                p.rect((from, y_top), (to, y_bottom), alpha(colour, 1.0))?;
            }
            if in_focus {
                p.frame(
                    (from - 2.0, y_top - 2.0),
                    (to + 2.0, y_bottom + 2.0),
                    alpha(t.lost, 1.0),
                    2.0,
                )?;
            }
            if to - from >= text_width(&label, 10.5, true) + 6.0 {
                let ink = if tie { t.text } else { t.background };
                p.text(
                    &label,
                    ((from + to) / 2.0, y),
                    10.5,
                    &ink,
                    true,
                    Anchor::Center,
                )?;
            }
        }
    }

    // Scenario A's bottlenecks, year by year; labelled where B's year has another.
    let ghosts = view
        .baseline
        .map_or(&[][..], |a| a.verdict.stages.as_slice());
    let goal = view.baseline.map_or(goal, |a| a.verdict.goal);
    // A run of A longer than B's is cut at B's last week.
    for stage in ghosts
        .iter()
        .filter(|s| !s.ranking.pending && s.from_week < weeks)
    {
        let (from, to) = (
            px(stage.from_week) + 1.0,
            px(stage.to_week.min(weeks)) - 1.0,
        );
        let b = view
            .verdict
            .stages
            .iter()
            .find(|s| s.from_week == stage.from_week);
        let agreed = b.filter(|b| !b.ranking.pending).map_or(vec![], blocked);
        let layers = blocked(stage);
        for &layer in &layers {
            let y = lane_y(layer);
            let half = bar / 2.0 + 1.5;
            p.dashed_frame((from, y - half), (to, y + half), t.ghost(), 1.5)?;
            if agreed.contains(&layer) {
                continue;
            }
            let gain = match (layers.len(), stage.ranking.gains.get(layer.index())) {
                (1, Some(gain)) => format!("A {}", gain_label(goal, gain)),
                _ => "A tie".to_string(),
            };
            let label = [gain.as_str(), "A"]
                .into_iter()
                .find(|l| text_width(l, 10.5, true) + 6.0 <= to - from);
            if let Some(label) = label {
                let at = ((from + to) / 2.0, y);
                p.text(label, at, 10.5, &t.muted, true, Anchor::Center)?;
            }
        }
    }

    for tick in week_ticks(weeks) {
        let x = px(tick);
        p.line([(x, bottom), (x, bottom + 3.0)], alpha(t.grid, 1.0), 1.0)?;
    }
    week_axis(&p, weeks, (x0, x1), margin, bottom + 13.0)?;
    let focus = px(view.week());
    p.line(
        [(focus, top - 2.0), (focus, bottom + 2.0)],
        alpha(t.text, 0.7),
        1.5,
    )?;
    p.present()
}

/// The layers a year's block goes on: its bottleneck, or every layer of a tie.
fn blocked(stage: &Stage) -> Vec<Layer> {
    let ranking = &stage.ranking;
    match ranking.bottleneck {
        Some(_) if ranking.tied.len() > 1 => ranking.tied.clone(),
        Some(first) => vec![first],
        None => Vec::new(),
    }
}
