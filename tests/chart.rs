//! The charts render natively to SVG with the same code that draws on the page's canvases:
//! what each shows, in which colours, and that no label runs off its canvas.
#![cfg(not(target_arch = "wasm32"))]

use flywheel::chart::{
    draw_bottlenecks, draw_demand, draw_funnel, draw_loop, funnel_stages, Style, Theme, View,
};
use flywheel::layer::Layer;
use flywheel::live::Live;
use flywheel::scenario::Goal;
use plotters::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Chart {
    Demand,
    Funnel,
    Loop,
    Bottlenecks,
}

fn render(chart: Chart, preset: &str, week: f64, size: (u32, u32), dark: bool) -> String {
    let live = Live::new(preset, [], Goal::Paid).unwrap();
    let view = View {
        series: &live.run().series,
        verdict: live.verdict(),
        record: live.record(week).unwrap(),
    };
    let style = Style::new(dark, 1.0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        match chart {
            Chart::Demand => draw_demand(&root, &view, &style),
            Chart::Funnel => draw_funnel(&root, &view, &style),
            Chart::Loop => draw_loop(&root, &view, 0.25, 1.2, &style),
            Chart::Bottlenecks => draw_bottlenecks(&root, &view, &style),
        }
        .unwrap();
    }
    svg
}

fn hex(colour: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
}

/// The value of attribute `name` in one SVG element's text.
fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &element[start..];
    Some(&rest[..rest.find('"')?])
}

fn number(element: &str, name: &str) -> f64 {
    attribute(element, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// Every `<text ...>label</text>` as (x, y, anchor, font size, label).
fn texts(svg: &str) -> Vec<(f64, f64, String, f64, String)> {
    svg.split("<text")
        .skip(1)
        .map(|chunk| {
            let open_end = chunk.find('>').unwrap();
            let element = &chunk[..open_end];
            let label = chunk[open_end + 1..chunk.find("</text>").unwrap()].trim();
            (
                number(element, "x"),
                number(element, "y"),
                attribute(element, "text-anchor")
                    .unwrap_or("start")
                    .to_string(),
                number(element, "font-size"),
                label.to_string(),
            )
        })
        .collect()
}

/// Every label's rough extent lies inside the canvas. plotters writes SVG font sizes 1.24
/// times smaller than the pixel sizes a canvas gets; at a canvas's size an average character
/// of a sans-serif label is about 0.55 em wide.
fn assert_labels_inside(svg: &str, (width, height): (u32, u32), what: &str) {
    for (x, y, anchor, size, label) in texts(svg) {
        let w = label.chars().count() as f64 * size * 1.24 * 0.55;
        let (left, right) = match anchor.as_str() {
            "end" => (x - w, x),
            "middle" => (x - w / 2.0, x + w / 2.0),
            _ => (x, x + w),
        };
        assert!(
            left >= -1.0 && right <= f64::from(width) + 1.0 && y >= 0.0 && y <= f64::from(height),
            "{what}: `{label}` spans x {left:.0}..{right:.0}, y {y:.0}, outside {width}x{height}"
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

#[test]
fn no_label_runs_off_its_canvas_wide_or_narrow() {
    for preset in ["healthy", "hype-without-value", "apps-without-audience"] {
        for (chart, wide, narrow) in SIZES {
            for size in [wide, narrow] {
                let svg = render(chart, preset, 60.0, size, false);
                assert_labels_inside(&svg, size, &format!("{chart:?} {preset} {size:?}"));
            }
        }
    }
}

#[test]
fn the_demand_chart_has_a_panel_per_layer_in_its_colour_and_frames_the_bottleneck() {
    let svg = render(Chart::Demand, "compute-crunch", 100.0, (1200, 470), false);
    let labels: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
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
fn the_funnel_narrows_step_by_step_and_names_the_largest_loss() {
    for preset in ["healthy", "hype-without-value", "models-nobody-uses"] {
        let live = Live::new(preset, [], Goal::Paid).unwrap();
        let record = live.record(120.0).unwrap();
        let view = View {
            series: &live.run().series,
            verdict: live.verdict(),
            record,
        };
        let stages = funnel_stages(&view);
        for pair in stages.windows(2) {
            assert!(
                pair[1].through <= pair[0].through * (1.0 + 1e-12),
                "{preset}: {} passes {} but {} passes more, {}",
                pair[0].label,
                pair[0].through,
                pair[1].label,
                pair[1].through
            );
        }
        // The bars are drawn in each stage's layer colour, as long as the value they stand for.
        let svg = render(Chart::Funnel, preset, 120.0, (600, 340), false);
        let bars: Vec<f64> = stages
            .iter()
            .map(|stage| {
                let colour = hex(Theme::LIGHT.layer(stage.layer));
                svg.split("<rect")
                    .filter(|r| r.contains(&format!("fill=\"{colour}\"")))
                    .map(|r| number(r, "width"))
                    .fold(0.0, f64::max)
            })
            .collect();
        let scale = bars[0] / stages[0].through;
        for (bar, stage) in bars.iter().zip(&stages) {
            assert!(
                (bar - stage.through * scale).abs() <= 2.0,
                "{preset}: the {} bar is {bar} px for {}",
                stage.label,
                stage.through
            );
        }
        assert!(svg.contains("lost"), "{preset}: no loss labelled");
    }
}

#[test]
fn the_loop_names_every_layer_and_marks_the_bottleneck_and_gain() {
    let svg = render(Chart::Loop, "hype-without-value", 60.0, (500, 500), true);
    let labels: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
    for layer in Layer::ALL {
        assert!(
            labels.iter().any(|l| l == layer.id()),
            "no node named {layer}"
        );
    }
    assert!(labels.iter().any(|l| l == "bottleneck"));
    assert!(labels.iter().any(|l| l == "loop gain 1.20"));
    assert!(labels.iter().any(|l| l == "week 60"));
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

#[test]
fn the_timeline_draws_a_solid_lane_where_one_layer_binds_throughout() {
    // In apps-without-audience users bind every week.
    let svg = render(
        Chart::Bottlenecks,
        "apps-without-audience",
        60.0,
        (600, 340),
        false,
    );
    let users = hex(Theme::LIGHT.layer(Layer::Users));
    let solid: f64 = svg
        .split("<rect")
        .filter(|r| r.contains(&format!("fill=\"{users}\"")) && !r.contains("opacity=\"0."))
        .map(|r| number(r, "width"))
        .sum();
    let lane = 600.0 - 16.0 - (16.0 + 104.0);
    assert!(
        (solid - lane).abs() <= 2.0,
        "users' solid blocks cover {solid} of {lane} px"
    );
}
