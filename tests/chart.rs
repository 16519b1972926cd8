//! The charts render natively to SVG with the same code that draws on the page's canvases:
//! what each shows, in which colours, that every chart marks the same bottleneck the same way,
//! and that no label runs off its canvas.
#![cfg(not(target_arch = "wasm32"))]

use flywheel::analysis::verdict::Verdict;
use flywheel::chart::svg::{svg_of, Kind};
use flywheel::chart::{
    draw_bottlenecks, draw_demand, draw_funnel, draw_loop, funnel_row, funnel_steps, Style, Theme,
    View,
};
use flywheel::facade::live::Live;
use flywheel::model::layer::Layer;
use flywheel::model::presets::PRESETS;
use flywheel::model::scenario::Goal;
use flywheel::reading::format::si;
use plotters::prelude::*;

mod svg;
use svg::{
    attribute, elements, hex, labels, number, outlines, overlap, polylines, solid, text_box, texts,
    Text,
};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Chart {
    Demand,
    Funnel,
    Loop,
    Bottlenecks,
}

fn draw(chart: Chart, view: &View, size: (u32, u32), dark: bool) -> String {
    let style = Style::new(dark, 1.0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        match chart {
            Chart::Demand => draw_demand(&root, view, &style),
            Chart::Funnel => draw_funnel(&root, view, &style),
            Chart::Loop => draw_loop(&root, view, 0.25, 1.2, &style),
            Chart::Bottlenecks => draw_bottlenecks(&root, view, &style),
        }
        .unwrap();
    }
    svg
}

fn view<'a>(live: &'a Live, verdict: &'a Verdict, week: f64) -> View<'a> {
    View {
        series: &live.run().series,
        verdict,
        record: live.record(week).unwrap(),
        baseline: None,
    }
}

fn render(chart: Chart, preset: &str, week: f64, size: (u32, u32), dark: bool) -> String {
    let live = Live::new(preset, [], Goal::Paid).unwrap();
    draw(chart, &view(&live, live.verdict(), week), size, dark)
}

/// The layer whose node in the loop (a ring in its colour) is nearest to a point.
fn nearest_node(svg: &str, (x, y): (f64, f64)) -> Layer {
    Layer::ALL
        .into_iter()
        .flat_map(|layer| {
            outlines(svg, "circle", &hex(Theme::LIGHT.layer(layer)))
                .into_iter()
                .map(move |c| (layer, (number(c, "cx") - x).hypot(number(c, "cy") - y)))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap()
        .0
}

/// Every label's rough extent lies inside the canvas. plotters writes SVG font sizes 1.24
/// times smaller than the pixel sizes a canvas gets; at a canvas's size an average character
/// of a sans-serif label is about 0.55 em wide.
fn assert_labels_inside(svg: &str, (width, height): (u32, u32), what: &str) {
    for t in texts(svg) {
        let w = t.label.chars().count() as f64 * t.size * 1.24 * 0.55;
        let (left, right) = match t.anchor.as_str() {
            "end" => (t.x - w, t.x),
            "middle" => (t.x - w / 2.0, t.x + w / 2.0),
            _ => (t.x, t.x + w),
        };
        assert!(
            left >= -1.0
                && right <= f64::from(width) + 1.0
                && t.y >= 0.0
                && t.y <= f64::from(height),
            "{what}: `{}` spans x {left:.0}..{right:.0}, y {:.0}, outside {width}x{height}",
            t.label,
            t.y
        );
    }
}

/// Canvas size in pixels.
type Size = (u32, u32);

/// Each chart at the page's wide and narrow sizes.
const SIZES: [(Chart, Size, Size); 4] = [
    (Chart::Demand, (1200, 470), (370, 780)),
    (Chart::Funnel, (600, 340), (370, 300)),
    (Chart::Loop, (500, 500), (360, 360)),
    (Chart::Bottlenecks, (600, 340), (370, 300)),
];

const WEEKS: [f64; 5] = [0.0, 60.0, 130.0, 200.0, 260.0];

#[test]
fn no_label_runs_off_its_canvas_wide_or_narrow() {
    let scenarios: [(&str, &[&str], Goal); 5] = [
        ("healthy", &[], Goal::Paid),
        ("hype-without-value", &[], Goal::Paid),
        ("apps-without-audience", &[], Goal::Paid),
        ("healthy", &["payments.price=0"], Goal::Revenue),
        ("healthy", &["payments.paying_share=0"], Goal::Paid),
    ];
    for (preset, settings, goal) in scenarios {
        let live = Live::new(preset, settings.iter().copied(), goal).unwrap();
        for week in [60.0, 260.0] {
            let view = view(&live, live.verdict(), week);
            for (chart, wide, narrow) in SIZES {
                for size in [wide, narrow] {
                    let svg = draw(chart, &view, size, false);
                    let what = format!("{chart:?} {preset} {settings:?} {size:?} week {week}");
                    assert_labels_inside(&svg, size, &what);
                }
            }
        }
    }
}

/// What each chart marks as the bottleneck: the layers named by a red `bottleneck` label or
/// framed or ringed in red.
fn marked_by(chart: Chart, svg: &str) -> Vec<Layer> {
    let red = hex(Theme::LIGHT.lost);
    let t = texts(svg);
    let tagged = t.iter().filter(|t| t.label == "bottleneck");
    let mut layers: Vec<Layer> = match chart {
        Chart::Loop => {
            // The name nearest each red label and each red ring's centre.
            let rings = outlines(svg, "circle", &red)
                .into_iter()
                .map(|c| nearest_node(svg, (number(c, "cx"), number(c, "cy"))));
            tagged
                .map(|t| nearest_node(svg, (t.x, t.y)))
                .chain(rings)
                .collect()
        }
        Chart::Demand => tagged
            .map(|tag| {
                // The panel title just left of the label, on its line.
                let title = t
                    .iter()
                    .filter(|t| (t.y - tag.y).abs() < 1.0 && t.x < tag.x)
                    .filter_map(|t| Layer::from_id(&t.label).map(|l| (l, t.x)))
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .unwrap();
                title.0
            })
            .collect(),
        Chart::Funnel => {
            let steps: Vec<&str> = [
                "wanted by users",
                "verified and trusted",
                "through applications",
                "through models",
                "through compute",
                "paid",
            ]
            .to_vec();
            tagged
                .map(|tag| {
                    let step = t
                        .iter()
                        .filter(|t| steps.contains(&t.label.as_str()))
                        .min_by(|a, b| {
                            let d = |t: &Text| (t.x - tag.x).hypot(t.y - tag.y);
                            d(a).total_cmp(&d(b))
                        })
                        .unwrap();
                    let row = steps.iter().position(|s| *s == step.label).unwrap();
                    // A row stands for its layers; the test compares rows through funnel_row.
                    Layer::ALL
                        .into_iter()
                        .find(|&l| funnel_row(l) == Some(row))
                        .unwrap()
                })
                .collect()
        }
        Chart::Bottlenecks => outlines(svg, "rect", &red)
            .into_iter()
            .map(|r| {
                let y = number(r, "y") + number(r, "height") / 2.0;
                // The lane whose name is level with the frame's middle.
                t.iter()
                    .filter_map(|t| Layer::from_id(&t.label).map(|l| (l, t.y)))
                    .min_by(|a, b| (a.1 - y).abs().total_cmp(&(b.1 - y).abs()))
                    .unwrap()
                    .0
            })
            .collect(),
    };
    layers.sort_by_key(|l| l.index());
    layers.dedup();
    layers
}

/// The layers a view marks, as the funnel can show them (one row for verification and trust,
/// none for incentives).
fn expected(chart: Chart, view: &View) -> Vec<Layer> {
    let marked = Layer::ALL.into_iter().filter(|&l| view.marks(l));
    let mut layers: Vec<Layer> = match chart {
        Chart::Funnel => marked
            .filter_map(funnel_row)
            .map(|row| {
                Layer::ALL
                    .into_iter()
                    .find(|&l| funnel_row(l) == Some(row))
                    .unwrap()
            })
            .collect(),
        _ => marked.collect(),
    };
    layers.dedup();
    layers
}

#[test]
fn ring_demand_funnel_and_timeline_mark_the_same_bottleneck_for_every_preset_and_week() {
    for preset in PRESETS {
        let live = Live::new(preset.id, [], Goal::Paid).unwrap();
        for week in WEEKS {
            let view = view(&live, live.verdict(), week);
            let stage = live.verdict().stage_at(week).unwrap();
            let bottleneck = stage.ranking.bottleneck.unwrap();
            assert_eq!(view.bottleneck(), Some(bottleneck));
            for (chart, size, _) in SIZES {
                let svg = draw(chart, &view, size, false);
                assert_eq!(
                    marked_by(chart, &svg),
                    expected(chart, &view),
                    "{chart:?} of {} at week {week} marks other layers than the year's bottleneck {bottleneck}",
                    preset.id
                );
            }
            let ring = draw(Chart::Loop, &view, (500, 500), false);
            assert!(labels(&ring).contains(&bottleneck.id().to_string()));
            assert_eq!(
                texts(&ring)
                    .iter()
                    .filter(|t| t.label == bottleneck.id() && t.size > 12.0)
                    .count(),
                1,
                "{}: the ring's centre names {bottleneck}",
                preset.id
            );
        }
    }
}

#[test]
fn the_busiest_layer_gets_a_thin_grey_ring_never_red() {
    // Healthy at week 130: compute is the year's bottleneck, applications the busiest.
    let live = Live::new("healthy", [], Goal::Paid).unwrap();
    let view = view(&live, live.verdict(), 130.0);
    assert_eq!(view.bottleneck(), Some(Layer::Compute), "precondition");
    assert_eq!(view.busiest(), Layer::Applications, "precondition");
    let svg = draw(Chart::Loop, &view, (500, 500), false);
    let grey = outlines(&svg, "circle", &hex(Theme::LIGHT.muted));
    assert_eq!(grey.len(), 1);
    assert_eq!(
        nearest_node(&svg, (number(grey[0], "cx"), number(grey[0], "cy"))),
        Layer::Applications
    );
    assert!(number(grey[0], "stroke-width") <= 1.0, "{}", grey[0]);
    let busiest = texts(&svg)
        .into_iter()
        .find(|t| t.label == "busiest")
        .unwrap();
    assert_eq!(busiest.fill, hex(Theme::LIGHT.muted));
    assert!(!busiest.bold);
    assert_eq!(
        nearest_node(&svg, (busiest.x, busiest.y)),
        Layer::Applications
    );
    // Where the bottleneck is also the busiest, only the red mark shows.
    let crunch = Live::new("compute-crunch", [], Goal::Paid).unwrap();
    let svg = draw(Chart::Loop, &view_of(&crunch, 130.0), (500, 500), false);
    assert!(outlines(&svg, "circle", &hex(Theme::LIGHT.muted)).is_empty());
    assert!(!labels(&svg).contains(&"busiest".to_string()));
}

fn view_of(live: &Live, week: f64) -> View<'_> {
    view(live, live.verdict(), week)
}

#[test]
fn a_tie_is_marked_on_every_tied_layer_and_outlined_on_the_timeline() {
    let live = Live::new("healthy", [], Goal::Paid).unwrap();
    let mut verdict = live.verdict().clone();
    let ranking = &mut verdict.stages[2].ranking;
    ranking.bottleneck = Some(Layer::Compute);
    ranking.tied = vec![Layer::Compute, Layer::Models];
    let view = view(&live, &verdict, 130.0);
    for (chart, size, _) in SIZES {
        let svg = draw(chart, &view, size, false);
        let want = match chart {
            Chart::Funnel => vec![Layer::Models, Layer::Compute],
            _ => vec![Layer::Compute, Layer::Models],
        };
        let mut got = marked_by(chart, &svg);
        got.sort_by_key(|l| funnel_row(*l));
        let mut want = want;
        want.sort_by_key(|l| funnel_row(*l));
        assert_eq!(got, want, "{chart:?}");
    }
    let ring = draw(Chart::Loop, &view, (500, 500), false);
    assert!(
        labels(&ring).contains(&"compute & models".to_string()),
        "{:?}",
        labels(&ring)
    );
    let timeline = draw(Chart::Bottlenecks, &view, (600, 340), false);
    let tie = labels(&timeline).iter().filter(|l| *l == "tie").count();
    assert_eq!(tie, 2, "one `tie` label on each tied lane");
    // Outlined in each layer's colour, not filled solid.
    for layer in [Layer::Compute, Layer::Models] {
        assert!(!outlines(&timeline, "rect", &hex(Theme::LIGHT.layer(layer))).is_empty());
    }
}

#[test]
fn without_a_bottleneck_nothing_is_marked_and_the_timeline_says_so() {
    let live = Live::new("healthy", ["payments.price=0"], Goal::Revenue).unwrap();
    let view = view_of(&live, 130.0);
    assert_eq!(view.bottleneck(), None, "precondition");
    for (chart, size, narrow) in SIZES {
        for size in [size, narrow] {
            let svg = draw(chart, &view, size, false);
            assert!(marked_by(chart, &svg).is_empty(), "{chart:?} {size:?}");
            assert!(outlines(&svg, "rect", &hex(Theme::LIGHT.lost)).is_empty());
        }
    }
    assert!(
        labels(&draw(Chart::Loop, &view, (500, 500), false)).contains(&"no bottleneck".to_string())
    );
    for size in [(600, 340), (370, 300)] {
        let notes = labels(&draw(Chart::Bottlenecks, &view, size, false))
            .into_iter()
            .filter(|l| l == "no bottleneck" || l == "none")
            .count();
        assert_eq!(notes, 5, "one note per year at {size:?}");
    }
}

#[test]
fn the_timeline_draws_one_labelled_block_per_year_on_its_bottlenecks_lane() {
    let live = Live::new("healthy", [], Goal::Paid).unwrap();
    let view = view_of(&live, 130.0);
    let svg = draw(Chart::Bottlenecks, &view, (600, 340), false);
    let all = labels(&svg);
    assert!(all.contains(&"Which layer holds the loop back, year by year".to_string()));
    let (x0, x1) = (16.0 + 104.0, 600.0 - 16.0);
    let px = |w: f64| x0 + (x1 - x0) * w / 260.0;
    for stage in &live.verdict().stages {
        let layer = stage.ranking.bottleneck.unwrap();
        let colour = hex(Theme::LIGHT.layer(layer));
        let block = solid(&svg, &colour).into_iter().any(|r| {
            (number(r, "x") - px(stage.from_week)).abs() <= 2.0
                && (number(r, "x") + number(r, "width") - px(stage.to_week)).abs() <= 2.0
        });
        assert!(
            block,
            "no solid {layer} block for weeks {} to {}",
            stage.from_week, stage.to_week
        );
        let gain = flywheel::reading::format::signed_percent(
            stage.ranking.gains[layer.index()].gain_percent.unwrap(),
        );
        assert!(all.contains(&gain), "the block is labelled {gain}");
    }
    // Users hold year 1 and compute the rest, so no block of any other layer is solid.
    for layer in [Layer::Models, Layer::Payments, Layer::Trust] {
        let colour = hex(Theme::LIGHT.layer(layer));
        assert!(solid(&svg, &colour).is_empty(), "{layer} has a solid block");
    }
}

#[test]
fn the_timeline_of_one_bottleneck_throughout_is_solid_end_to_end() {
    // In apps-without-audience users hold the loop back every year.
    let svg = render(
        Chart::Bottlenecks,
        "apps-without-audience",
        60.0,
        (600, 340),
        false,
    );
    let users = hex(Theme::LIGHT.layer(Layer::Users));
    let covered: f64 = solid(&svg, &users)
        .into_iter()
        .map(|r| number(r, "width"))
        .sum();
    let lane = 600.0 - 16.0 - (16.0 + 104.0);
    // Five blocks with a pixel of gap at each end.
    assert!(
        (covered - lane).abs() <= 12.0,
        "users' solid blocks cover {covered} of {lane} px"
    );
}

#[test]
fn the_demand_chart_has_a_panel_per_layer_in_its_colour_and_frames_the_bottleneck() {
    let svg = render(Chart::Demand, "compute-crunch", 100.0, (1200, 470), false);
    let labels = labels(&svg);
    for layer in Layer::ALL {
        assert!(
            labels.iter().any(|l| l == layer.id()),
            "no panel titled {layer}"
        );
        assert!(
            svg.contains(&hex(Theme::LIGHT.layer(layer))),
            "{layer}'s colour unused"
        );
    }
    for text in [
        "Demand through the layers",
        "demand arriving",
        "served",
        "lost",
        "capacity",
        "bottleneck",
    ] {
        assert!(labels.iter().any(|l| l == text), "missing `{text}`");
    }
    assert_eq!(outlines(&svg, "rect", &hex(Theme::LIGHT.lost)).len(), 1);
    // Ticks carry SI suffixes, and the week axis is in years.
    assert!(labels.iter().any(|l| l.ends_with('M')), "no SI tick labels");
    assert!(
        labels.iter().any(|l| l == "year 5" || l == "5y"),
        "no year labels"
    );
    // Eight served areas and eight lost bands.
    assert!(svg.matches("<polygon").count() >= 16);
}

#[test]
fn the_funnel_narrows_step_by_step_and_keeps_the_largest_loss_apart_from_the_bottleneck() {
    for preset in ["healthy", "hype-without-value", "models-nobody-uses"] {
        let live = Live::new(preset, [], Goal::Paid).unwrap();
        let view = view_of(&live, 120.0);
        let steps = funnel_steps(&view);
        for pair in steps.windows(2) {
            assert!(
                pair[1].through <= pair[0].through * (1.0 + 1e-12),
                "{preset}: {} passes {} but {} passes more, {}",
                pair[0].label,
                pair[0].through,
                pair[1].label,
                pair[1].through
            );
        }
        // The bars are drawn in each step's layer colour, as long as the value they stand for.
        let svg = draw(Chart::Funnel, &view, (600, 340), false);
        let bars: Vec<f64> = steps
            .iter()
            .map(|step| {
                let colour = hex(Theme::LIGHT.layer(step.layer));
                elements(&svg, "rect")
                    .into_iter()
                    .filter(|r| attribute(r, "fill") == Some(colour.as_str()))
                    .map(|r| number(r, "width"))
                    .fold(0.0, f64::max)
            })
            .collect();
        let scale = bars[0] / steps[0].through;
        for (bar, step) in bars.iter().zip(&steps) {
            assert!(
                (bar - step.through * scale).abs() <= 2.0,
                "{preset}: the {} bar is {bar} px for {}",
                step.label,
                step.through
            );
        }
        // The largest loss is bold; the bottleneck is a separate red label and frame.
        let t = texts(&svg);
        let losses: Vec<&Text> = t.iter().filter(|t| t.label.ends_with(" lost")).collect();
        assert_eq!(losses.iter().filter(|t| t.bold).count(), 1, "{preset}");
        assert!(labels(&svg)
            .iter()
            .any(|l| l.contains("bold: the largest loss")));
        assert_eq!(
            marked_by(Chart::Funnel, &svg),
            expected(Chart::Funnel, &view),
            "{preset}"
        );
    }
}

#[test]
fn the_loop_names_every_layer_and_marks_the_bottleneck_year_and_gain() {
    let svg = render(Chart::Loop, "hype-without-value", 60.0, (500, 500), true);
    let labels = labels(&svg);
    for layer in Layer::ALL {
        assert!(
            labels.iter().any(|l| l == layer.id()),
            "no node named {layer}"
        );
    }
    assert!(labels.iter().any(|l| l == "bottleneck"));
    assert!(labels.iter().any(|l| l == "loop gain 1.20"));
    assert!(labels.iter().any(|l| l == "week 60 · year 2"), "{labels:?}");
    assert!(svg.contains(&hex(Theme::DARK.background)));
    // One arrowhead per ring edge and per payout rail.
    assert!(svg.matches("<polygon").count() >= 11);
}

#[test]
fn the_loop_dots_move_with_the_phase() {
    let live = Live::new("healthy", [], Goal::Paid).unwrap();
    let view = View {
        series: &live.run().series,
        verdict: live.verdict(),
        record: 100,
        baseline: None,
    };
    let draw = |phase: f64| {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (500, 500)).into_drawing_area();
            draw_loop(&root, &view, phase, 1.0, &Style::new(false, 1.0)).unwrap();
        }
        svg
    };
    assert_ne!(draw(0.1), draw(0.4));
    assert_eq!(draw(0.1), draw(1.1), "the phase wraps at 1");
}

/// Sizes the page and the tour give the loop: the tour's, the page at 390, 1280 and 800
/// pixels, the frame at 1280, and the tests' own.
const LOOP_SIZES: [Size; 7] = [
    (440, 366),
    (352, 352),
    (490, 409),
    (738, 615),
    (744, 744),
    (500, 500),
    (360, 360),
];

/// Whether a segment, `width` thick, passes through a box.
fn crosses(a: (f64, f64), b: (f64, f64), width: f64, r: (f64, f64, f64, f64)) -> bool {
    let pad = width / 2.0;
    let (l, t, rr, bb) = (r.0 - pad, r.1 - pad, r.2 + pad, r.3 + pad);
    (0..=20).any(|i| {
        let f = f64::from(i) / 20.0;
        let (x, y) = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
        x > l && x < rr && y > t && y < bb
    })
}

#[test]
fn ring_labels_are_12_px_or_more_and_touch_no_other_label_or_arrow() {
    let mut problems = Vec::new();
    for preset in PRESETS {
        let live = Live::new(preset.id, [], Goal::Paid).unwrap();
        for week in [0.0, 60.0, 130.0, 260.0] {
            let view = view_of(&live, week);
            for size in LOOP_SIZES {
                let svg = draw(Chart::Loop, &view, size, false);
                let what = format!("{} week {week} {size:?}", preset.id);
                let t = texts(&svg);
                for text in &t {
                    if text.size * 1.24 < 11.95 {
                        problems.push(format!(
                            "{what}: `{}` is {:.1} px",
                            text.label,
                            text.size * 1.24
                        ));
                    }
                }
                for (i, a) in t.iter().enumerate() {
                    for b in &t[i + 1..] {
                        if overlap(text_box(a), text_box(b)) {
                            problems.push(format!("{what}: `{}` touches `{}`", a.label, b.label));
                        }
                    }
                    // Below 460 pixels a name and its note sit on a backing and may cross an
                    // arrow beside the nodes at the sides (there is no room beside them).
                    let backed = Layer::from_id(&a.label).is_some()
                        || a.label == "bottleneck"
                        || a.label == "busiest";
                    if size.0 < 460 && backed {
                        continue;
                    }
                    for (points, width) in polylines(&svg) {
                        if points
                            .windows(2)
                            .any(|s| crosses(s[0], s[1], width, text_box(a)))
                        {
                            problems.push(format!("{what}: `{}` lies on an arrow", a.label));
                            break;
                        }
                    }
                }
            }
        }
    }
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems[..problems.len().min(40)].join("\n")
    );
}

/// The labels of a week axis: whole numbers, `2y` or `year 2`.
fn week_labels(svg: &str) -> Vec<Text> {
    let mut axis: Vec<Text> = texts(svg)
        .into_iter()
        .filter(|t| {
            let l = t.label.as_str();
            l.chars().all(|c| c.is_ascii_digit())
                || (l.ends_with('y') && l[..l.len() - 1].chars().all(|c| c.is_ascii_digit()))
                || l.starts_with("year ")
        })
        .collect();
    axis.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    axis
}

#[test]
fn week_axis_labels_keep_apart_at_every_size_the_page_and_the_tour_use() {
    let live = Live::new("hype-without-value", [], Goal::Paid).unwrap();
    let view = view_of(&live, 60.0);
    let mut problems = Vec::new();
    let cases: [(Chart, Size); 10] = [
        (Chart::Demand, (352, 742)),
        (Chart::Demand, (370, 780)),
        (Chart::Demand, (656, 300)),
        (Chart::Demand, (738, 289)),
        (Chart::Demand, (1218, 477)),
        (Chart::Bottlenecks, (352, 340)),
        (Chart::Bottlenecks, (370, 300)),
        (Chart::Bottlenecks, (656, 300)),
        (Chart::Bottlenecks, (594, 340)),
        (Chart::Bottlenecks, (1218, 340)),
    ];
    for (chart, size) in cases {
        let svg = draw(chart, &view, size, false);
        let axis = week_labels(&svg);
        assert!(
            axis.len() >= 3,
            "{chart:?} {size:?}: {} week labels",
            axis.len()
        );
        for pair in axis.windows(2) {
            let (a, b) = (text_box(&pair[0]), text_box(&pair[1]));
            if (pair[0].y - pair[1].y).abs() < 1.0 && b.0 - a.2 < 4.0 {
                problems.push(format!(
                    "{chart:?} {size:?}: `{}` and `{}` are {:.1} px apart",
                    pair[0].label,
                    pair[1].label,
                    b.0 - a.2
                ));
            }
        }
        // The last year is always labelled.
        assert!(
            axis.iter().any(|t| t.label == "5y" || t.label == "year 5"),
            "{chart:?} {size:?}: no label for the fifth year"
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_demand_panel_shows_what_it_served_of_what_arrived_at_every_size() {
    for preset in ["healthy", "models-nobody-uses", "compute-crunch"] {
        let live = Live::new(preset, [], Goal::Paid).unwrap();
        for size in [(738, 289), (656, 300), (1218, 477), (352, 742), (370, 780)] {
            let svg = draw(Chart::Demand, &view_of(&live, 130.0), size, false);
            let figures = labels(&svg)
                .into_iter()
                .filter(|l| l.contains(" of "))
                .count();
            assert_eq!(
                figures, 8,
                "{preset} {size:?}: {figures} of 8 panels show `X of Y`"
            );
            assert_labels_inside(&svg, size, &format!("demand {preset} {size:?}"));
        }
    }
}

/// The relative luminance of an sRGB colour (WCAG 2).
fn luminance((r, g, b): (f64, f64, f64)) -> f64 {
    let channel = |c: f64| {
        let c = c / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

fn contrast(a: (f64, f64, f64), b: (f64, f64, f64)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn rgb(hex: &str) -> (f64, f64, f64) {
    let channel = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap());
    (channel(1), channel(3), channel(5))
}

#[test]
fn the_lost_band_contrasts_at_least_3_to_1_with_its_panel_in_both_themes() {
    let live = Live::new("compute-crunch", [], Goal::Paid).unwrap();
    let view = view_of(&live, 130.0);
    for (dark, theme) in [(false, Theme::LIGHT), (true, Theme::DARK)] {
        let svg = draw(Chart::Demand, &view, (1200, 470), dark);
        let surface = rgb(&hex(theme.surface));
        // The band: the polygons in the legend swatch's colour next to the word `lost`.
        let lost = texts(&svg).into_iter().find(|t| t.label == "lost").unwrap();
        let left = text_box(&lost).0;
        let swatch = elements(&svg, "rect")
            .into_iter()
            .find(|r| {
                let y = number(r, "y") + number(r, "height") / 2.0;
                let x = number(r, "x") + number(r, "width");
                (y - lost.y).abs() < 12.0 && x <= left && x > left - 20.0
            })
            .unwrap();
        let fill = attribute(swatch, "fill").unwrap().to_string();
        let bands: Vec<&str> = elements(&svg, "polygon")
            .into_iter()
            .filter(|p| attribute(p, "fill") == Some(fill.as_str()))
            .collect();
        assert!(
            bands.len() >= 4,
            "dark {dark}: {} bands in {fill}",
            bands.len()
        );
        for shape in bands.into_iter().chain([swatch]) {
            let opacity: f64 = attribute(shape, "opacity").map_or(1.0, |o| o.parse().unwrap());
            let (c, s) = (rgb(&fill), surface);
            let seen = (
                c.0 * opacity + s.0 * (1.0 - opacity),
                c.1 * opacity + s.1 * (1.0 - opacity),
                c.2 * opacity + s.2 * (1.0 - opacity),
            );
            let ratio = contrast(seen, surface);
            assert!(
                ratio >= 3.0,
                "dark {dark}: the lost band is {ratio:.2}:1 against the panel"
            );
        }
    }
}

/// A comparison: scenario A (pinned) the healthy preset, scenario B a compute crunch, both at
/// week 130, whose bottlenecks and numbers differ.
struct Comparison {
    a: Live,
    b: Live,
}

const WEEK: f64 = 130.0;

impl Comparison {
    fn new() -> Comparison {
        let mut a = Live::new("healthy", [], Goal::Paid).unwrap();
        let mut b = Live::new("compute-crunch", [], Goal::Paid).unwrap();
        a.complete();
        b.complete();
        Comparison { a, b }
    }

    /// `chart` of B with A pinned behind it, and of B alone.
    fn draw(&self, chart: Chart, size: Size, dark: bool) -> (String, String) {
        let a = view_of(&self.a, WEEK);
        let alone = view_of(&self.b, WEEK);
        let compared = View {
            baseline: Some(&a),
            ..alone
        };
        (
            draw(chart, &compared, size, dark),
            draw(chart, &alone, size, dark),
        )
    }
}

/// The dashes of the pinned baseline's ghost: polylines in the theme's text colour at 60%.
fn ghost_dashes(svg: &str, dark: bool) -> Vec<Vec<(f64, f64)>> {
    let theme = if dark { Theme::DARK } else { Theme::LIGHT };
    let ink = hex(theme.text);
    elements(svg, "polyline")
        .into_iter()
        .filter(|e| attribute(e, "stroke") == Some(&ink) && attribute(e, "opacity") == Some("0.6"))
        .map(|e| polylines(&format!("<polyline{e}"))[0].0.clone())
        .collect()
}

/// Labels that say what scenario A is or give its numbers.
fn a_labels(svg: &str) -> Vec<Text> {
    texts(svg)
        .into_iter()
        .filter(|t| t.label.contains("pinned") || t.label == "A" || t.label.starts_with("A "))
        .collect()
}

#[test]
fn every_chart_draws_a_pinned_baseline_as_a_labelled_ghost_and_nothing_of_it_without() {
    let comparison = Comparison::new();
    for (chart, wide, narrow) in SIZES {
        for size in [wide, narrow, (800, 480), (340, 300)] {
            for dark in [false, true] {
                let what = format!("{chart:?} {size:?} dark {dark}");
                let (with, without) = comparison.draw(chart, size, dark);
                assert!(
                    labels(&with).iter().any(|l| l.contains("pinned")),
                    "{what}: no key names A as the pinned baseline"
                );
                assert_labels_inside(&with, size, &what);
                // The loop gives A's numbers; every other chart draws A dashed.
                if chart != Chart::Loop {
                    assert!(
                        ghost_dashes(&with, dark).len() >= 8,
                        "{what}: too few dashes in A's ghost"
                    );
                }
                assert!(
                    ghost_dashes(&without, dark).is_empty(),
                    "{what}: a ghost alone"
                );
                let stray = a_labels(&without);
                assert!(stray.is_empty(), "{what}: A's labels alone: {stray:?}");
            }
        }
    }
}

#[test]
fn each_demand_panel_draws_what_the_baseline_served_dashed() {
    let comparison = Comparison::new();
    let (svg, _) = comparison.draw(Chart::Demand, (1200, 470), false);
    // The panels' plots: the surface rectangles, four to a row.
    let plots: Vec<(f64, f64, f64, f64)> = solid(&svg, &hex(Theme::LIGHT.surface))
        .into_iter()
        .map(|r| {
            let (x, y) = (number(r, "x"), number(r, "y"));
            (x, y, x + number(r, "width"), y + number(r, "height"))
        })
        .collect();
    assert_eq!(plots.len(), Layer::COUNT);
    let dashes = ghost_dashes(&svg, false);
    for (i, plot) in plots.iter().enumerate() {
        let inside: Vec<_> = dashes
            .iter()
            .filter(|d| {
                d.iter()
                    .all(|&(x, y)| x >= plot.0 && x <= plot.2 && y >= plot.1 - 1.0 && y <= plot.3)
            })
            .collect();
        // Dashes 6 pixels long with gaps of 4 along a line across the panel.
        let across = plot.2 - plot.0;
        assert!(
            inside.len() as f64 >= across / 10.0 * 0.8,
            "panel {i}: {} dashes across {across:.0} pixels",
            inside.len()
        );
    }
}

#[test]
fn the_funnel_gives_the_baselines_figure_and_a_hollow_bar_on_one_scale_for_each_step() {
    let comparison = Comparison::new();
    let a_steps = funnel_steps(&view_of(&comparison.a, WEEK));
    let b_steps = funnel_steps(&view_of(&comparison.b, WEEK));
    let (svg, _) = comparison.draw(Chart::Funnel, (800, 480), false);
    let figures: Vec<String> = a_labels(&svg)
        .into_iter()
        .filter(|t| !t.label.contains("pinned"))
        .map(|t| t.label)
        .collect();
    let expected: Vec<String> = a_steps
        .iter()
        .map(|s| {
            let share = s.through / a_steps[0].through * 100.0;
            format!("A {} · {share:.0}%", si(s.through))
        })
        .collect();
    assert_eq!(figures, expected);
    // A's users want more than B's, so A's first hollow bar sets the scale: it reaches the
    // end of the track, and B's first bar stops short of it in proportion.
    assert!(a_steps[0].through > 1.5 * b_steps[0].through);
    let dashes = ghost_dashes(&svg, false);
    let reach = dashes.iter().flatten().map(|p| p.0).fold(0.0, f64::max);
    let track = solid(&svg, &hex(Theme::LIGHT.surface))[0];
    let (x0, x1) = (
        number(track, "x"),
        number(track, "x") + number(track, "width"),
    );
    assert!(
        (reach - x1).abs() <= 2.0,
        "A's widest bar ends at {reach}, the track at {x1}"
    );
    let users = elements(&svg, "rect")
        .into_iter()
        .find(|r| attribute(r, "fill") == Some(&hex(Theme::LIGHT.layer(Layer::Users))))
        .unwrap();
    let b_share = number(users, "width") / (x1 - x0);
    let expected = b_steps[0].through / a_steps[0].through;
    assert!(
        (b_share - expected).abs() < 0.01,
        "B's users bar {b_share} not {expected}"
    );
}

#[test]
fn the_timeline_labels_the_baselines_bottleneck_on_its_lane_where_b_differs() {
    let comparison = Comparison::new();
    let a = view_of(&comparison.a, WEEK);
    let b = view_of(&comparison.b, WEEK);
    let differing: Vec<Layer> = a
        .verdict
        .stages
        .iter()
        .zip(&b.verdict.stages)
        .filter(|(sa, sb)| sa.ranking.bottleneck != sb.ranking.bottleneck)
        .filter_map(|(sa, _)| sa.ranking.bottleneck)
        .collect();
    assert!(
        !differing.is_empty(),
        "the scenarios must disagree somewhere"
    );
    for size in [(800, 480), (600, 340), (370, 300)] {
        let (svg, _) = comparison.draw(Chart::Bottlenecks, size, false);
        let t = texts(&svg);
        let lanes: Vec<Layer> = a_labels(&svg)
            .iter()
            .filter(|l| !l.label.contains("pinned"))
            .map(|l| {
                let name = t
                    .iter()
                    .find(|n| Layer::from_id(&n.label).is_some() && (n.y - l.y).abs() < 1.0)
                    .unwrap_or_else(|| panic!("{size:?}: `{}` on no lane", l.label));
                Layer::from_id(&name.label).unwrap()
            })
            .collect();
        assert_eq!(lanes, differing, "{size:?}");
    }
}

#[test]
fn each_loop_node_holds_the_baselines_load_under_bs() {
    let comparison = Comparison::new();
    let a = view_of(&comparison.a, WEEK);
    for size in [(500, 500), (360, 360), (340, 300)] {
        let (svg, _) = comparison.draw(Chart::Loop, size, false);
        let mut seen = Vec::new();
        for t in a_labels(&svg).iter().filter(|t| t.label.ends_with('%')) {
            let layer = nearest_node(&svg, (t.x, t.y));
            let load = a.series.layers[layer.index()].utilization[a.record];
            assert_eq!(
                t.label,
                format!("A {:.0}%", load * 100.0),
                "{size:?} {layer}"
            );
            seen.push(layer);
        }
        assert_eq!(seen, Layer::ALL.to_vec(), "{size:?}");
    }
}

#[test]
fn a_compared_chart_as_a_file_is_the_picture_the_page_draws_with_a_behind_b() {
    let comparison = Comparison::new();
    let a = comparison.a.scenario();
    let b = comparison.b.scenario();
    for (chart, kind) in [
        (Chart::Demand, Kind::Demand),
        (Chart::Funnel, Kind::Funnel),
        (Chart::Bottlenecks, Kind::Bottlenecks),
    ] {
        let (compared, alone) = comparison.draw(chart, (800, 480), true);
        let file = svg_of(b, Some(a), kind, Some(WEEK), (800, 480), true).unwrap();
        assert_eq!(file, compared, "{chart:?} with A");
        let file = svg_of(b, None, kind, Some(WEEK), (800, 480), true).unwrap();
        assert_eq!(file, alone, "{chart:?} alone");
    }
}
