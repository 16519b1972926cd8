//! The loop itself: the eight layers in a ring in loop order, arrows as thick as the flow at
//! the week in focus, payouts from incentives back to the supply, the bottleneck highlighted,
//! and dots that travel round the loop as `phase` advances; with a baseline, scenario A's
//! numbers in grey beside B's.

use std::f64::consts::{PI, TAU};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::paint::{alpha, Anchor, Painter, Style};
use super::{year_of, View};
use crate::error::Error;
use crate::model::layer::Layer;
use crate::model::run::Series;
use crate::reading::format::si;

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

/// A flow's text, and beside it scenario A's (`A` and the ring's flow of the same index).
fn compared(flow: &Flow, record: usize, ghost: Option<(&Flow, usize)>) -> String {
    let text = flow_text(flow, record);
    match ghost {
        Some((a, k)) => format!("{text} (A {})", flow_text(a, k)),
        None => text,
    }
}

/// A box in CSS pixels: left, top, right, bottom.
type Rect = (f64, f64, f64, f64);

/// A stroke's piece: from, to, and its width, in CSS pixels.
type Segment = ((f64, f64), (f64, f64), f64);

/// The boxes of a label: a name and its note, or one text and nothing (an empty box).
type Pair = [Rect; 2];
const NOTHING: Rect = (0.0, 0.0, 0.0, 0.0);

/// Where a label of `size` sits when anchored at `at`: a little wider than the interface
/// fonts' labels measure (0.5 to 0.6 em a character, bold included), and a line tall.
fn text_rect(text: &str, at: (f64, f64), size: f64, bold: bool, anchor: Anchor) -> Rect {
    let w = text.chars().count() as f64 * size * if bold { 0.66 } else { 0.6 };
    let left = match anchor {
        Anchor::Left => at.0,
        Anchor::Center => at.0 - w / 2.0,
        Anchor::Right => at.0 - w,
    };
    (left, at.1 - 0.6 * size, left + w, at.1 + 0.6 * size)
}

/// Whether the segment from `a` to `b` meets a box (Liang-Barsky clipping).
fn segment_meets(a: (f64, f64), b: (f64, f64), r: Rect) -> bool {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut from, mut to) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - r.0),
        (dx, r.2 - a.0),
        (-dy, a.1 - r.1),
        (dy, r.3 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else if p < 0.0 {
            from = from.max(q / p);
        } else {
            to = to.min(q / p);
        }
        if from > to {
            return false;
        }
    }
    true
}

/// What labels keep clear of: the canvas's edges, the boxes of nodes and labels already
/// placed, and every stroke (arcs, rails, arrowheads) as segments with their widths.
struct Room {
    width: f64,
    height: f64,
    taken: Vec<Rect>,
    strokes: Vec<Segment>,
}

impl Room {
    fn stroke(&mut self, points: &[(f64, f64)], width: f64) {
        for pair in points.windows(2) {
            self.strokes.push((pair[0], pair[1], width));
        }
    }

    /// How badly boxes fit: 0 when all are inside the canvas and clear of everything placed
    /// so far; a box past the edge costs most, one on a node or a label much, one on an arrow
    /// (where a name's backing keeps it legible) least. Empty boxes cost nothing.
    fn cost(&self, rects: &Pair) -> u32 {
        let pad = 2.0;
        let mut cost = 0;
        for r in rects.iter().filter(|r| r.2 > r.0) {
            if r.0 < pad || r.1 < pad || r.2 > self.width - pad || r.3 > self.height - pad {
                cost += 10_000;
            }
            for t in &self.taken {
                if r.0 < t.2 + pad && t.0 < r.2 + pad && r.1 < t.3 + pad && t.1 < r.3 + pad {
                    cost += 100;
                }
            }
            for &(a, b, w) in &self.strokes {
                let grow = w / 2.0 + pad;
                if segment_meets(a, b, (r.0 - grow, r.1 - grow, r.2 + grow, r.3 + grow)) {
                    cost += 1;
                }
            }
        }
        cost
    }
}

/// Which of `count` candidates (`rects(i)` the boxes of the `i`th) fits best: the first that
/// touches nothing, else the least bad. Returns its index and its cost.
fn best(room: &Room, count: usize, rects: &mut dyn FnMut(usize) -> Pair) -> (usize, u32) {
    let mut best = (0, u32::MAX);
    for i in 0..count {
        let cost = room.cost(&rects(i));
        if cost < best.1 {
            best = (i, cost);
            if cost == 0 {
                break;
            }
        }
    }
    best
}

/// A layer's name and its note (or none), placed together.
struct NodeLabel {
    name: (f64, f64),
    note: (f64, f64),
    anchor: Anchor,
    rects: Pair,
}

/// The name (and note below it) set off from a node at `at` in direction `dir` (radians) by
/// `distance`: above or below the node when `dir` is near vertical, else beside it, on the
/// side `dir` points to. `split`: the name above or below (as `dir` says) and the note on the
/// other side of the node.
fn node_label(
    at: (f64, f64),
    (dir, distance, split): (f64, f64, bool),
    (name, name_size): (&str, f64),
    note: Option<(&str, bool)>,
) -> NodeLabel {
    if let (true, Some((text, bold))) = (split, note) {
        let up = dir.sin() < 0.0;
        let side = |sign: f64, size: f64| (at.0, at.1 + sign * (distance + 0.6 * size));
        let (name_at, note_at) = if up {
            (side(-1.0, name_size), side(1.0, NOTE_SIZE))
        } else {
            (side(1.0, name_size), side(-1.0, NOTE_SIZE))
        };
        return NodeLabel {
            name: name_at,
            note: note_at,
            anchor: Anchor::Center,
            rects: [
                text_rect(name, name_at, name_size, true, Anchor::Center),
                text_rect(text, note_at, NOTE_SIZE, bold, Anchor::Center),
            ],
        };
    }
    let base = (at.0 + distance * dir.cos(), at.1 + distance * dir.sin());
    let anchor = Anchor::outward(dir, 0.3);
    let spacing = 0.6 * name_size + 0.6 * NOTE_SIZE + 1.0;
    let block = if note.is_some() { spacing } else { 0.0 };
    let name_y = match anchor {
        Anchor::Center if dir.sin() < 0.0 => base.1 - block - 0.6 * name_size,
        Anchor::Center => base.1 + 0.6 * name_size,
        _ => base.1 - block / 2.0,
    };
    let name_at = (base.0, name_y);
    let note_at = (base.0, name_y + spacing);
    let rects = [
        text_rect(name, name_at, name_size, true, anchor),
        note.map_or(NOTHING, |(note, bold)| {
            text_rect(note, note_at, NOTE_SIZE, bold, anchor)
        }),
    ];
    NodeLabel {
        name: name_at,
        note: note_at,
        anchor,
        rects,
    }
}

/// The size of every note and figure on the ring (the readable minimum).
const NOTE_SIZE: f64 = 12.0;

/// A node's load: a share of its capacity, or a multiple past ten times it.
fn load_text(load: f64) -> String {
    if load >= 10.0 {
        format!("{load:.0}×")
    } else {
        format!("{:.0}%", load * 100.0)
    }
}

/// Draws the loop at the record in focus. `phase` in [0, 1) places the travelling dots; the
/// page advances it while playing. `loop_gain` is written under the bottleneck in the middle.
/// Every label is placed where it touches no other label, node or arrow when there is such a
/// place: the first of a few candidates round its node (or along its arrow) that is free.
/// With a baseline, each node holds A's load under B's, each arrow's figure A's flow after
/// B's, and the middle A's bottleneck, all in grey, and a key says what `A` is.
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
    // Names beside their nodes need room for the longest ("applications", 90 to 100 pixels)
    // past a bottleneck's halo; where that would leave the ring small, the names go above
    // and below their nodes instead (compact), on a backing where they cross an arrow.
    let ring_radius = |beside: f64| {
        let rough = (side * 0.36)
            .min((p.width / 2.0 - beside) / 1.17)
            .min((p.height / 2.0 - 46.0) / 1.17)
            .max(40.0);
        // Big enough for a load such as `100%` at the readable size.
        // Two lines, B's load and A's, when compared.
        let least = if view.baseline.is_some() { 24.0 } else { 21.0 };
        let node = (rough * 0.17).clamp(least, 28.0);
        let radius = rough
            .min(p.width / 2.0 - beside - node)
            .min(p.height / 2.0 - 46.0 - node)
            .max(40.0);
        (radius, node)
    };
    let wide = ring_radius(120.0);
    let compact = wide.0 < 95.0;
    let (radius, node) = if compact { ring_radius(44.0) } else { wide };
    let small = compact || radius < 100.0;
    let phase = if phase.is_finite() {
        phase.rem_euclid(1.0)
    } else {
        0.0
    };
    let series = view.series;
    let k = view.record;
    let mut room = Room {
        width: p.width,
        height: p.height,
        taken: Vec::new(),
        strokes: Vec::new(),
    };
    if view.baseline.is_some() {
        let key = "A: the pinned baseline";
        let at = (p.width - 8.0, p.height - 10.0);
        p.text(key, at, NOTE_SIZE, &t.muted, false, Anchor::Right)?;
        room.taken
            .push(text_rect(key, at, NOTE_SIZE, false, Anchor::Right));
    }
    let ghost = view.baseline.map(|a| (ring(a.series), a.record));

    // Payouts from incentives back to compute, models and applications: inner rails that run
    // the other way round, past verification and trust, then out to the layer they fund. The
    // middle stays free for the verdict.
    let mut innermost = radius;
    for (i, flow) in payouts(series).iter().enumerate() {
        let s = strength(flow, series, k);
        let rail = radius * (0.84 - 0.08 * i as f64);
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
        innermost = innermost.min(rail - width / 2.0);
        let colour = alpha(t.layer(Layer::Incentives), 0.25 + 0.3 * s);
        let n = path.len();
        p.line(path[..n - 1].iter().copied(), colour, width)?;
        let (back, tip) = (path[n - 2], path[n - 1]);
        p.line([back, tip], colour, width)?;
        room.stroke(&path, width);
        let head = arrowhead(&p, back, tip, 5.0 + width, colour)?;
        room.stroke(&head, 1.0);
        dots(&p, &path, phase, s, t.layer(Layer::Incentives))?;
    }

    // The ring.
    let gap = (node + 6.0) / radius;
    let flows = ring(series);
    let mut arcs = Vec::with_capacity(flows.len());
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
        room.stroke(&arc[..19], width);
        let head = arrowhead(&p, arc[18], arc[20], 6.0 + width * 0.9, alpha(colour, 0.9))?;
        room.stroke(&head, 1.0);
        dots(&p, &arc, phase, s, t.background)?;
        arcs.push((start, end, width));
    }

    // The middle: the week and its year, the year's bottleneck, the loop gain, each in the
    // longest words that fit inside the innermost rail.
    let (cx, cy) = centre;
    let line = if small { 16.0 } else { 19.0 };
    let fits = |text: &str, size: f64, bold: bool, y: f64| {
        let half = (innermost * innermost - y * y).max(0.0).sqrt() - 2.0;
        let r = text_rect(text, (0.0, 0.0), size, bold, Anchor::Center);
        r.2 <= half
    };
    // Each line: its candidates (text and size), longest first; the first that fits is drawn.
    let mut middle = |options: &[(&str, f64)], y: f64, colour: &RGBColor, bold: bool| {
        let chosen = options
            .iter()
            .find(|(text, size)| fits(text, *size, bold, y.abs() + 0.6 * size))
            .or(options.last());
        if let Some(&(text, size)) = chosen {
            let at = (cx, cy + y);
            room.taken
                .push(text_rect(text, at, size, bold, Anchor::Center));
            p.text(text, at, size, colour, bold, Anchor::Center)?;
        }
        Ok::<(), Error>(())
    };
    let (when, year) = match view.stage() {
        Some(stage) => (
            format!("week {:.0} · year {}", view.week(), year_of(stage)),
            format!("year {}", year_of(stage)),
        ),
        None => (format!("week {:.0}", view.week()), String::new()),
    };
    middle(
        &[(&when, NOTE_SIZE), (&year, NOTE_SIZE)],
        -line,
        &t.muted,
        false,
    )?;
    let size = if small { 14.0 } else { 16.0 };
    let marked = view.marked();
    let pair = match marked.as_slice() {
        [first, second] => format!("{first} & {second}"),
        _ => String::new(),
    };
    let (name, colour) = match marked.as_slice() {
        [] => ("no bottleneck", t.muted),
        [one] => (one.id(), t.layer(*one)),
        _ => ("a tie", t.text),
    };
    let names = if pair.is_empty() {
        [(name, size), (name, 14.0), (name, NOTE_SIZE)]
    } else {
        [(pair.as_str(), NOTE_SIZE), (name, size), (name, NOTE_SIZE)]
    };
    middle(&names, 0.0, &colour, true)?;
    let gain = format!("loop gain {loop_gain:.2}");
    middle(
        &[(&gain, NOTE_SIZE), (&gain[5..], NOTE_SIZE)],
        line,
        &t.text,
        false,
    )?;
    if let Some(a) = view.baseline {
        let name = match a.marked().as_slice() {
            [] => "none",
            [one] => one.id(),
            _ => "a tie",
        };
        let text = format!("A: {name}");
        if fits(&text, NOTE_SIZE, false, 2.0 * line + 0.6 * NOTE_SIZE) {
            middle(&[(&text, NOTE_SIZE)], 2.0 * line, &t.muted, false)?;
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
        let halo = if bottleneck {
            p.circle(at, node + 8.0, alpha(t.lost, 0.18), None)?;
            p.circle(at, node + 8.0, alpha(t.lost, 0.9), Some(2.0))?;
            9.0
        } else if busiest {
            // Secondary: a thin grey ring, never red.
            p.circle(at, node + 5.0, alpha(t.muted, 0.9), Some(1.0))?;
            5.5
        } else {
            0.0
        };
        p.circle(at, node, alpha(t.background, 1.0), None)?;
        p.circle(at, node, alpha(colour, 0.16), None)?;
        p.circle(
            at,
            node,
            alpha(colour, 1.0),
            Some(if bottleneck { 3.5 } else { 2.0 }),
        )?;
        let text = load_text(load);
        match view.baseline {
            Some(a) => {
                let series = &a.series.layers[layer.index()];
                let load = series.utilization.get(a.record).copied().unwrap_or(0.0);
                let (above, below) = ((at.0, at.1 - 6.0), (at.0, at.1 + 7.0));
                p.text(&text, above, NOTE_SIZE, &t.text, true, Anchor::Center)?;
                let ghost = format!("A {}", load_text(load));
                p.text(&ghost, below, NOTE_SIZE, &t.muted, false, Anchor::Center)?;
            }
            None => p.text(&text, at, NOTE_SIZE, &t.text, true, Anchor::Center)?,
        }
        let reach = node + halo + 1.0;
        room.taken
            .push((at.0 - reach, at.1 - reach, at.0 + reach, at.1 + reach));
    }

    // The names, the marked layers' first, each at the first free place round its node.
    let name_size = if compact { 12.5 } else { 13.0 };
    for (i, layer) in Layer::ALL
        .into_iter()
        .cycle()
        .take(2 * Layer::COUNT)
        .enumerate()
    {
        let bottleneck = view.marks(layer);
        if bottleneck != (i < Layer::COUNT) {
            continue;
        }
        let at = on_circle(centre, radius, angle(layer));
        let busiest = layer == view.busiest() && !bottleneck;
        let halo = if bottleneck {
            9.0
        } else if busiest {
            5.5
        } else {
            0.0
        };
        let note = if bottleneck {
            Some("bottleneck".to_string())
        } else if busiest {
            Some("busiest".to_string())
        } else if compact {
            None
        } else {
            let stock = view.series.layers[layer.index()].stock.get(k);
            Some(format!(
                "{} {}",
                si(stock.copied().unwrap_or(0.0)),
                short_unit(layer)
            ))
        };
        let a = angle(layer);
        let vertical = if a.sin() < 0.0 { -PI / 2.0 } else { PI / 2.0 };
        let level = if a.cos() >= 0.0 { 0.0 } else { PI };
        let directions = if compact {
            [vertical, a, level, a - 0.4, a + 0.4]
        } else {
            [a, a - 0.35, a + 0.35, vertical, level]
        };
        let note_of = note.as_deref().map(|n| (n, bottleneck));
        let start = node + halo + 4.0;
        // Each direction at four distances; then the name above and the note below, or the
        // other way round.
        let label_at = |i: usize| {
            let placement = if i < 20 {
                (
                    directions[i / 4],
                    start + [0.0, 5.0, 10.0, 16.0][i % 4],
                    false,
                )
            } else {
                ([-PI / 2.0, PI / 2.0][i % 2], start, true)
            };
            node_label(at, placement, (layer.id(), name_size), note_of)
        };
        let (chosen, _) = best(&room, 22, &mut |i| label_at(i).rects);
        let label = label_at(chosen);
        // A backing in the card's colour keeps a label legible should an arrow pass under it.
        for &(l, top, r, bottom) in label.rects.iter().filter(|r| r.2 > r.0) {
            p.rect((l - 2.0, top), (r + 2.0, bottom), alpha(t.background, 0.85))?;
        }
        p.text(
            layer.id(),
            label.name,
            name_size,
            &t.layer(layer),
            true,
            label.anchor,
        )?;
        if let Some(note) = &note {
            let colour = if bottleneck { t.lost } else { t.muted };
            p.text(
                note,
                label.note,
                NOTE_SIZE,
                &colour,
                bottleneck,
                label.anchor,
            )?;
        }
        room.taken.extend(label.rects.iter().filter(|r| r.2 > r.0));
    }

    // What flows along each arrow, outside the ring beside it, where there is room.
    if !small {
        for (i, (flow, (start, end, width))) in flows.iter().zip(arcs).enumerate() {
            let a = ghost.as_ref().map(|(ring, k)| (&ring[i], *k));
            let text = if flow.from == Layer::Trust {
                format!("usage {}", compared(flow, k, a))
            } else {
                compared(flow, k, a)
            };
            // Three places along the arrow, each at five distances from it.
            let place = |i: usize| {
                let along = start + (end - start) * [0.5, 0.38, 0.62][i / 5];
                let anchor = Anchor::outward(along, 0.2);
                let extra = [4.0, 8.0, 12.0, 16.0, 22.0][i % 5];
                let mut at = on_circle(centre, radius + width / 2.0 + extra, along);
                if matches!(anchor, Anchor::Center) {
                    at.1 += 0.6 * NOTE_SIZE * along.sin().signum();
                }
                (at, anchor, text_rect(&text, at, NOTE_SIZE, false, anchor))
            };
            if let (chosen, 0) = best(&room, 15, &mut |i| [place(i).2, NOTHING]) {
                let (at, anchor, rect) = place(chosen);
                p.text(&text, at, NOTE_SIZE, &t.muted, false, anchor)?;
                room.taken.push(rect);
            }
        }
    }
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

/// A filled triangle pointing from `back` to `tip`; returns its outline, closed.
fn arrowhead<DB: DrawingBackend>(
    p: &Painter<DB>,
    back: (f64, f64),
    tip: (f64, f64),
    size: f64,
    colour: RGBAColor,
) -> Result<[(f64, f64); 4], Error> {
    let (dx, dy) = (tip.0 - back.0, tip.1 - back.1);
    let length = dx.hypot(dy).max(1e-9);
    let (ux, uy) = (dx / length, dy / length);
    let base = (tip.0 - ux * size, tip.1 - uy * size);
    let half = size * 0.55;
    let corners = [
        tip,
        (base.0 - uy * half, base.1 + ux * half),
        (base.0 + uy * half, base.1 - ux * half),
    ];
    p.polygon(corners, colour)?;
    Ok([corners[0], corners[1], corners[2], corners[0]])
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
