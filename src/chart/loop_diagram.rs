//! The loop itself: the eight layers in a ring in loop order, arrows as thick as the flow at
//! the week in focus, payouts from incentives back to the supply, the bottleneck highlighted,
//! and dots that travel round the loop as `phase` advances.

use std::f64::consts::{PI, TAU};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::paint::{alpha, text_width, Anchor, Painter, Style};
use super::{year_of, View};
use crate::error::Error;
use crate::format::si;
use crate::layer::Layer;
use crate::run::Series;

/// A flow the diagram draws: from one layer to another, with its series.
struct Flow<'a> {
    from: Layer,
    to: Layer,
    values: &'a [f64],
    /// `true` for dollars a week, `false` for requests a week.
    money: bool,
}

/// The ring's flows, one from each layer to the next in loop order: what compute serves feeds
/// models' work, and so on round to trust, whose entrusted usage comes back to compute.
fn ring(series: &Series) -> [Flow<'_>; Layer::COUNT] {
    let served = |layer: Layer| series.layers[layer.index()].served.as_slice();
    let m = &series.money;
    [
        Flow {
            from: Layer::Compute,
            to: Layer::Models,
            values: served(Layer::Compute),
            money: false,
        },
        Flow {
            from: Layer::Models,
            to: Layer::Applications,
            values: served(Layer::Models),
            money: false,
        },
        Flow {
            from: Layer::Applications,
            to: Layer::Users,
            values: served(Layer::Applications),
            money: false,
        },
        Flow {
            from: Layer::Users,
            to: Layer::Payments,
            values: served(Layer::Payments),
            money: false,
        },
        Flow {
            from: Layer::Payments,
            to: Layer::Incentives,
            values: &m.payments,
            money: true,
        },
        Flow {
            from: Layer::Incentives,
            to: Layer::Verification,
            values: &m.payouts_verification,
            money: true,
        },
        Flow {
            from: Layer::Verification,
            to: Layer::Trust,
            values: served(Layer::Verification),
            money: false,
        },
        Flow {
            from: Layer::Trust,
            to: Layer::Compute,
            values: served(Layer::Trust),
            money: false,
        },
    ]
}

/// Payouts from the incentive pool to the supply layers inside the ring.
fn payouts(series: &Series) -> [Flow<'_>; 3] {
    let m = &series.money;
    [
        Flow {
            from: Layer::Incentives,
            to: Layer::Compute,
            values: &m.payouts_compute,
            money: true,
        },
        Flow {
            from: Layer::Incentives,
            to: Layer::Models,
            values: &m.payouts_models,
            money: true,
        },
        Flow {
            from: Layer::Incentives,
            to: Layer::Applications,
            values: &m.payouts_applications,
            money: true,
        },
    ]
}

/// Where a layer's node sits: angle on the ring, clockwise from the top.
fn angle(layer: Layer) -> f64 {
    -PI / 2.0 + TAU * layer.index() as f64 / Layer::COUNT as f64
}

fn on_circle(centre: (f64, f64), radius: f64, angle: f64) -> (f64, f64) {
    (
        centre.0 + radius * angle.cos(),
        centre.1 + radius * angle.sin(),
    )
}

/// How strong a flow is in the week in focus, in [0, 1], on one scale for every flow of its
/// kind, so the arrows narrow where demand is lost: requests against what users want that
/// week, dollars against the larger of payments and payouts that week.
fn strength(flow: &Flow, series: &Series, record: usize) -> f64 {
    let at = |values: &[f64]| values.get(record).copied().unwrap_or(0.0);
    let scale = if flow.money {
        at(&series.money.payments).max(at(&series.money.payouts))
    } else {
        at(&series.layers[Layer::Users.index()].capacity)
    };
    if scale > 0.0 {
        (at(flow.values) / scale).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

fn flow_text(flow: &Flow, record: usize) -> String {
    let now = flow.values.get(record).copied().unwrap_or(0.0);
    if flow.money {
        format!("${}", si(now))
    } else {
        si(now)
    }
}

/// Draws the loop at the record in focus. `phase` in [0, 1) places the travelling dots; the
/// page advances it while playing. `loop_gain` is written under the bottleneck in the middle.
///
/// # Errors
/// [`Error::Drawing`] when the backend fails.
pub fn draw_loop<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    phase: f64,
    loop_gain: f64,
    style: &Style,
) -> Result<(), Error> {
    let p = Painter::new(area, *style)?;
    let t = *p.theme();
    let side = p.width.min(p.height);
    let centre = (p.width / 2.0, p.height / 2.0);
    // Below 460 pixels the names sit above and below their nodes; otherwise beside them, which
    // needs room for the longest ("applications", about 90 pixels) at both sides.
    let compact = p.width < 460.0;
    let beside = if compact { 44.0 } else { 100.0 };
    let radius = (side * 0.36)
        .min((p.width / 2.0 - beside) / 1.17)
        .min((p.height / 2.0 - 46.0) / 1.17)
        .max(40.0);
    let node = (radius * 0.17).clamp(13.0, 28.0);
    let small = compact || radius < 110.0;
    let phase = if phase.is_finite() {
        phase.rem_euclid(1.0)
    } else {
        0.0
    };
    let series = view.series;
    let k = view.record;

    // Payouts from incentives back to compute, models and applications: inner rails that run
    // the other way round, past verification and trust, then out to the layer they fund. The
    // middle stays free for the verdict.
    for (i, flow) in payouts(series).iter().enumerate() {
        let s = strength(flow, series, k);
        let rail = radius * (0.8 - 0.1 * i as f64);
        let from = angle(flow.from);
        let mut to = angle(flow.to);
        while to < from {
            to += TAU;
        }
        let mut path: Vec<(f64, f64)> = vec![on_circle(centre, radius - node - 3.0, from)];
        path.extend(
            (0..=24).map(|j| on_circle(centre, rail, from + (to - from) * f64::from(j) / 24.0)),
        );
        path.push(on_circle(centre, radius - node - 5.0, to));
        let width = 1.0 + 2.5 * s;
        let colour = alpha(t.layer(Layer::Incentives), 0.25 + 0.3 * s);
        let n = path.len();
        p.line(path[..n - 1].iter().copied(), colour, width)?;
        let (back, tip) = (path[n - 2], path[n - 1]);
        p.line([back, tip], colour, width)?;
        arrowhead(&p, back, tip, 5.0 + width, colour)?;
        dots(&p, &path, phase, s, t.layer(Layer::Incentives))?;
    }

    // The ring.
    let gap = (node + 6.0) / radius;
    let flows = ring(series);
    for flow in &flows {
        let s = strength(flow, series, k);
        let start = angle(flow.from) + gap;
        let mut end = angle(flow.to) - gap;
        if end < start {
            end += TAU;
        }
        let arc: Vec<(f64, f64)> = (0..=20)
            .map(|i| on_circle(centre, radius, start + (end - start) * f64::from(i) / 20.0))
            .collect();
        let width = 1.5 + 7.0 * s;
        let colour = t.layer(flow.from);
        p.line(arc[..19].iter().copied(), alpha(colour, 0.75), width)?;
        arrowhead(&p, arc[18], arc[20], 6.0 + width * 0.9, alpha(colour, 0.9))?;
        dots(&p, &arc, phase, s, t.background)?;
        if !small {
            // Outside the ring, between the two layers' names.
            let middle = (start + end) / 2.0;
            let label = on_circle(centre, radius + width / 2.0 + 14.0, middle);
            let text = if flow.from == Layer::Trust {
                format!("usage {}", flow_text(flow, k))
            } else {
                flow_text(flow, k)
            };
            p.text(
                &text,
                label,
                10.5,
                &t.muted,
                false,
                Anchor::outward(middle, 0.2),
            )?;
        }
    }

    // The nodes.
    for layer in Layer::ALL {
        let at = on_circle(centre, radius, angle(layer));
        let colour = t.layer(layer);
        let series = &view.series.layers[layer.index()];
        let load = series.utilization.get(k).copied().unwrap_or(0.0);
        let bottleneck = view.marks(layer);
        let busiest = layer == view.busiest() && !bottleneck;
        if bottleneck {
            p.circle(at, node + 8.0, alpha(t.lost, 0.18), None)?;
            p.circle(at, node + 8.0, alpha(t.lost, 0.9), Some(2.0))?;
        } else if busiest {
            // Secondary: a thin grey ring, never red.
            p.circle(at, node + 5.0, alpha(t.muted, 0.9), Some(1.0))?;
        }
        p.circle(at, node, alpha(t.background, 1.0), None)?;
        p.circle(at, node, alpha(colour, 0.16), None)?;
        p.circle(
            at,
            node,
            alpha(colour, 1.0),
            Some(if bottleneck { 3.5 } else { 2.0 }),
        )?;
        let load_text = if load >= 10.0 {
            ">999%".to_string()
        } else {
            format!("{:.0}%", load * 100.0)
        };
        let size = if node < 20.0 { 9.5 } else { 11.0 };
        p.text(&load_text, at, size, &t.text, true, Anchor::Center)?;

        // The name outside the ring: beside the node, anchored away from the centre, or where
        // space is short above the upper nodes and below the lower ones.
        let a = angle(layer);
        let (name_at, note_at, anchor) = if compact {
            // Above the upper nodes (the note above the name), below the lower ones.
            let up = a.sin() < 0.1;
            let halo = if bottleneck { 7.0 } else { 0.0 };
            if up {
                let name = (at.0, at.1 - node - 12.0 - halo);
                (name, (name.0, name.1 - 13.0), Anchor::Center)
            } else {
                let name = (at.0, at.1 + node + 11.0 + halo);
                (name, (name.0, name.1 + 13.0), Anchor::Center)
            }
        } else {
            // Clear of the bottleneck's halo, which reaches 8 pixels past its node.
            let halo = if bottleneck { 8.0 } else { 0.0 };
            let out = on_circle(centre, radius + node + 10.0 + halo, a);
            let anchor = Anchor::outward(a, 0.3);
            let lift = if a.sin() < -0.9 {
                -8.0
            } else if a.sin() > 0.9 {
                8.0
            } else {
                0.0
            };
            (
                (out.0, out.1 + lift - 6.0),
                (out.0, out.1 + lift + 8.0),
                anchor,
            )
        };
        let name_size = if compact { 11.5 } else { 12.5 };
        // A backing in the card's colour keeps a name legible where an arrow passes under it.
        let width = text_width(layer.id(), name_size, true);
        let left = match anchor {
            Anchor::Left => name_at.0,
            Anchor::Center => name_at.0 - width / 2.0,
            Anchor::Right => name_at.0 - width,
        };
        let half = name_size * 0.62;
        p.rect(
            (left - 2.0, name_at.1 - half),
            (left + width + 2.0, name_at.1 + half),
            alpha(t.background, 0.85),
        )?;
        p.text(layer.id(), name_at, name_size, &colour, true, anchor)?;
        let note = if bottleneck {
            Some("bottleneck".to_string())
        } else if busiest {
            Some("busiest".to_string())
        } else if compact {
            None
        } else {
            let stock = series.stock.get(k).copied().unwrap_or(0.0);
            Some(format!("{} {}", si(stock), short_unit(layer)))
        };
        if let Some(note) = note {
            let colour = if bottleneck { t.lost } else { t.muted };
            p.text(&note, note_at, 10.5, &colour, bottleneck, anchor)?;
        }
    }

    // The middle: the week and its year, the year's bottleneck, the loop gain.
    let (cx, cy) = centre;
    let line = if small { 14.0 } else { 18.0 };
    let when = match view.stage() {
        Some(stage) => format!("week {:.0} · year {}", view.week(), year_of(stage)),
        None => format!("week {:.0}", view.week()),
    };
    p.text(
        &when,
        (cx, cy - line),
        11.0,
        &t.muted,
        false,
        Anchor::Center,
    )?;
    let marked = view.marked();
    let size = if small { 13.0 } else { 16.0 };
    // The inner rails leave about 1.2 radii across the middle for the name.
    let room = radius * 1.2;
    let (name, colour, size) = match marked.as_slice() {
        [] => ("no bottleneck".to_string(), t.muted, size),
        [one] => (one.id().to_string(), t.layer(*one), size),
        [first, second] if text_width(&format!("{first} & {second}"), 12.0, true) < room => {
            (format!("{first} & {second}"), t.text, 12.0)
        }
        _ => ("a tie".to_string(), t.text, size),
    };
    p.text(&name, (cx, cy), size, &colour, true, Anchor::Center)?;
    p.text(
        &format!("loop gain {loop_gain:.2}"),
        (cx, cy + line),
        11.0,
        &t.text,
        false,
        Anchor::Center,
    )?;
    p.present()
}

/// What a layer's stock counts, in a word for the diagram.
fn short_unit(layer: Layer) -> &'static str {
    match layer {
        Layer::Compute => "GPUs",
        Layer::Models => "models",
        Layer::Applications => "apps",
        Layer::Users => "users",
        Layer::Payments => "$/wk",
        Layer::Incentives => "$ pool",
        Layer::Verification => "verifiers",
        Layer::Trust => "trusted/wk",
    }
}

/// A filled triangle pointing from `back` to `tip`.
fn arrowhead<DB: DrawingBackend>(
    p: &Painter<DB>,
    back: (f64, f64),
    tip: (f64, f64),
    size: f64,
    colour: RGBAColor,
) -> Result<(), Error> {
    let (dx, dy) = (tip.0 - back.0, tip.1 - back.1);
    let length = dx.hypot(dy).max(1e-9);
    let (ux, uy) = (dx / length, dy / length);
    let base = (tip.0 - ux * size, tip.1 - uy * size);
    let half = size * 0.55;
    p.polygon(
        [
            tip,
            (base.0 - uy * half, base.1 + ux * half),
            (base.0 + uy * half, base.1 - ux * half),
        ],
        colour,
    )
}

/// Dots travelling along a path: more of them where the flow is stronger, none without flow.
fn dots<DB: DrawingBackend>(
    p: &Painter<DB>,
    path: &[(f64, f64)],
    phase: f64,
    strength: f64,
    colour: RGBColor,
) -> Result<(), Error> {
    if strength <= 0.0 || path.len() < 2 {
        return Ok(());
    }
    let count = 1 + (strength * 3.0).round() as usize;
    let last = (path.len() - 2) as f64;
    for j in 0..count {
        let u = (phase + j as f64 / count as f64).fract() * last;
        let (i, f) = (u.floor() as usize, u.fract());
        let (a, b) = (path[i], path[i + 1]);
        let at = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
        p.circle(at, 2.0 + strength * 1.5, alpha(colour, 0.9), None)?;
    }
    Ok(())
}
