//! The Uncertainty view's charts (fan, odds by stage, tornado) render natively to SVG from a
//! real small ensemble: what each shows, in which colours, that it says so in words, that no
//! label leaves its canvas, and that empty or degenerate ensembles draw and say why.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::OnceLock;

use flywheel::analysis::ensemble::{goal_of, report, tally, Plan, Report, Verdicts};
use flywheel::chart::{draw_fan, draw_odds, draw_tornado, Metric, Scale, Style, Theme, METRICS};
use flywheel::model::layer::Layer;
use flywheel::model::params::ParamSpec;
use flywheel::model::run::simulate;
use flywheel::model::scenario::{Goal, Scenario};
use flywheel::reading::uncertainty::{fan_caption, headline, odds_caption, tornado_caption};
use plotters::prelude::*;

mod svg;
use svg::{attribute, elements, hex, number, overlap, text_box, texts, Text};

/// A small ensemble of the healthy preset and what the charts take besides it.
struct Case {
    report: Report,
    /// The goal at the scenario's values.
    baseline: f64,
    /// Each band metric's series in the run at the scenario's values.
    reference: Vec<Vec<f64>>,
}

fn case(preset: &str, spread: f64, runs: u64, verdicts: Verdicts) -> Case {
    case_with(preset, &[], Goal::Paid, spread, runs, verdicts)
}

/// An ensemble of a preset with parameters set (`id`, value) and a goal.
fn case_with(
    preset: &str,
    settings: &[(&str, f64)],
    goal: Goal,
    spread: f64,
    runs: u64,
    verdicts: Verdicts,
) -> Case {
    let mut scenario = Scenario::from_preset(preset).unwrap();
    for &(id, value) in settings {
        let spec = ParamSpec::find(id).unwrap();
        scenario.params.set(spec.param, value).unwrap();
    }
    scenario.options.goal = goal;
    let plan = Plan::new(&scenario, spread, runs, 1, verdicts).unwrap();
    let counts = tally(&plan, 0..runs, 2).unwrap();
    let run = simulate(&plan.scenario()).unwrap();
    Case {
        report: report(&plan, &counts).unwrap(),
        baseline: goal_of(&run, &plan.scenario()),
        reference: METRICS.iter().map(|m| m.of(&run.series).to_vec()).collect(),
    }
}

/// 64 futures of the healthy preset with a verdict per year.
fn healthy() -> &'static Case {
    static CASE: OnceLock<Case> = OnceLock::new();
    CASE.get_or_init(|| case("healthy", 0.25, 64, Verdicts::Stages))
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Chart {
    /// The fan of a band metric (an index of `METRICS`).
    Fan(usize),
    Odds,
    Tornado(usize),
}

/// Each chart at a wide and a narrow size the page may give it (310: the Uncertainty view's
/// canvases on a 390-pixel phone).
const SIZES: [(u32, u32); 5] = [(1240, 360), (600, 340), (370, 320), (370, 480), (310, 340)];

fn draw(chart: Chart, case: &Case, size: (u32, u32), dark: bool) -> String {
    let style = Style::new(dark, 1.0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        match chart {
            Chart::Fan(m) => draw_fan(
                &root,
                &case.report,
                METRICS[m].id,
                case.reference.get(m).map(Vec::as_slice),
                &style,
            ),
            Chart::Odds => draw_odds(&root, &case.report, &style),
            Chart::Tornado(top) => draw_tornado(&root, &case.report, case.baseline, top, &style),
        }
        .unwrap();
    }
    svg
}

fn find<'a>(texts: &'a [Text], label: &str) -> Option<&'a Text> {
    texts.iter().find(|t| t.label == label)
}

/// A rectangle's corners: left, top, right, bottom.
fn corners(rect: &str) -> (f64, f64, f64, f64) {
    let (x, y) = (number(rect, "x"), number(rect, "y"));
    (x, y, x + number(rect, "width"), y + number(rect, "height"))
}

/// Every rectangle filled in `colour` at `opacity`.
fn filled<'a>(svg: &'a str, colour: &str, opacity: &str) -> Vec<&'a str> {
    elements(svg, "rect")
        .into_iter()
        .filter(|r| {
            attribute(r, "fill") == Some(colour) && attribute(r, "opacity") == Some(opacity)
        })
        .collect()
}

/// A label's box, as wide as a canvas draws it at most (see `assert_labels_inside` in
/// tests/chart.rs), for keeping labels inside the canvas.
fn widest_box(t: &Text) -> (f64, f64, f64, f64) {
    let w = t.label.chars().count() as f64 * t.size * 1.24 * 0.55;
    let (left, right) = match t.anchor.as_str() {
        "end" => (t.x - w, t.x),
        "middle" => (t.x - w / 2.0, t.x + w / 2.0),
        _ => (t.x, t.x + w),
    };
    (left, t.y - t.size * 0.6, right, t.y + t.size * 0.6)
}

fn assert_inside(svg: &str, (width, height): (u32, u32), what: &str) {
    for t in texts(svg) {
        let (left, top, right, bottom) = widest_box(&t);
        assert!(
            left >= -1.0
                && right <= f64::from(width) + 1.0
                && top >= 0.0
                && bottom <= f64::from(height),
            "{what}: `{}` spans {left:.0}..{right:.0} x {top:.0}..{bottom:.0}, outside {width}x{height}",
            t.label
        );
    }
    for r in elements(svg, "rect").into_iter().skip(1) {
        let (l, t, r_, b) = corners(r);
        assert!(
            l >= -0.5 && t >= -0.5 && r_ <= f64::from(width) + 0.5 && b <= f64::from(height) + 0.5,
            "{what}: a rectangle {l}..{r_} x {t}..{b} outside {width}x{height}"
        );
    }
    for p in elements(svg, "polyline")
        .into_iter()
        .chain(elements(svg, "polygon"))
    {
        for pair in attribute(p, "points").unwrap_or("").split_whitespace() {
            let (x, y) = pair.split_once(',').unwrap();
            let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
            assert!(
                (-0.5..=f64::from(width) + 0.5).contains(&x)
                    && (-0.5..=f64::from(height) + 0.5).contains(&y),
                "{what}: a point {x},{y} outside {width}x{height}"
            );
        }
    }
}

/// No two labels of a chart overlap.
fn assert_apart(svg: &str, what: &str) {
    let all = texts(svg);
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            let (p, q) = (text_box(a), text_box(b));
            assert!(
                !overlap(p, q),
                "{what}: `{}` and `{}` overlap",
                a.label,
                b.label
            );
        }
    }
}

fn charts() -> Vec<Chart> {
    let mut all: Vec<Chart> = (0..METRICS.len()).map(Chart::Fan).collect();
    all.extend([Chart::Odds, Chart::Tornado(8), Chart::Tornado(100)]);
    all
}

#[test]
fn every_chart_keeps_its_labels_and_marks_inside_and_apart_at_every_size_and_theme() {
    let case = healthy();
    for chart in charts() {
        for size in SIZES {
            for dark in [false, true] {
                let svg = draw(chart, case, size, dark);
                let what = format!("{chart:?} {size:?} dark {dark}");
                assert_inside(&svg, size, &what);
                assert_apart(&svg, &what);
                // An SVG's font sizes are 1.24 times smaller than the CSS pixels asked for.
                for t in texts(&svg) {
                    let px = t.size * 1.24;
                    assert!(px >= 10.4, "{what}: `{}` at {px} px", t.label);
                }
            }
        }
    }
}

#[test]
fn at_twice_the_pixels_every_chart_stays_inside_its_canvas() {
    let case = healthy();
    for chart in charts() {
        let (w, h) = (740, 640);
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
            let style = Style::new(true, 2.0);
            match chart {
                Chart::Fan(m) => draw_fan(&root, &case.report, METRICS[m].id, None, &style),
                Chart::Odds => draw_odds(&root, &case.report, &style),
                Chart::Tornado(top) => {
                    draw_tornado(&root, &case.report, case.baseline, top, &style)
                }
            }
            .unwrap();
        }
        assert_inside(&svg, (w, h), &format!("{chart:?} at 2x"));
        // Sizes are in CSS pixels: the heading is 15 of them, 30 device pixels.
        let title = &texts(&svg)[0];
        assert!(
            (title.size * 1.24 - 30.0).abs() < 0.5,
            "{chart:?}: {}",
            title.size
        );
    }
}

/// The rectangles of one odds bar: those whose vertical middle is at the label's height.
fn bar_at(svg: &str, y: f64) -> Vec<&str> {
    elements(svg, "rect")
        .into_iter()
        .filter(|r| {
            let (_, top, _, bottom) = corners(r);
            top < y && y < bottom && bottom - top < 40.0
        })
        .collect()
}

#[test]
fn the_odds_draw_a_bar_per_year_and_the_whole_run_with_the_most_likely_named_in_bold() {
    let case = healthy();
    let report = &case.report;
    assert_eq!(report.stages.len(), 5);
    for size in [(600, 340), (370, 320)] {
        let svg = draw(Chart::Odds, case, size, false);
        let all = texts(&svg);
        let mut rows = Vec::new();
        for year in 1..=5 {
            rows.push(
                find(&all, &format!("year {year}"))
                    .expect("a year's label")
                    .y,
            );
        }
        let whole = find(&all, "5 years").expect("the whole run's label");
        assert!(whole.y > rows[4] + 20.0, "the whole run is set apart below");
        rows.push(whole.y);
        let mut bars: Vec<(&[_], Option<&str>)> = report
            .stages
            .iter()
            .map(|s| (s.odds.as_slice(), s.most_likely))
            .collect();
        bars.push((
            report.bottleneck_odds.as_deref().unwrap(),
            report.most_likely,
        ));
        for ((odds, likely), y) in bars.into_iter().zip(rows) {
            let likely = likely.expect("a most likely layer");
            let share = odds.iter().find(|o| o.layer == likely).unwrap().share;
            // Its label, in bold, in the bar: `compute 53%`, or `53%` where only that fits.
            let label = all
                .iter()
                .find(|t| t.bold && (t.y - y).abs() < 1.0 && t.label.ends_with('%'))
                .unwrap_or_else(|| panic!("{size:?}: no bold share on the bar at {y}"));
            let percent = format!("{:.0}%", share * 100.0);
            assert!(
                label.label == percent || label.label == format!("{likely} {percent}"),
                "{size:?}: `{}` for {likely} at {percent}",
                label.label
            );
            // Each layer with runs has a segment in its colour on the bar, as wide as its share.
            let segments = bar_at(&svg, y);
            // The bar's whole length: the surface behind its segments.
            let surface = hex(Theme::LIGHT.surface);
            let full = segments
                .iter()
                .find(|r| attribute(r, "fill") == Some(&surface))
                .map(|r| corners(r))
                .unwrap();
            let width = full.2 - full.0;
            for o in odds.iter().filter(|o| o.share * width >= 3.0) {
                let Some(layer) = Layer::from_id(o.layer) else {
                    continue;
                };
                let colour = hex(Theme::LIGHT.layer(layer));
                let segment = segments
                    .iter()
                    .find(|r| attribute(r, "fill") == Some(&colour))
                    .unwrap_or_else(|| panic!("{size:?}: no {} segment at {y}", o.layer));
                let (l, _, r, _) = corners(segment);
                assert!(
                    ((r - l) - o.share * width).abs() <= 2.5,
                    "{size:?}: {} is {:.0} px wide for {:.3} of {width:.0}",
                    o.layer,
                    r - l,
                    o.share
                );
            }
        }
        // The legend names every layer some bar shows, in its colour's swatch.
        for o in report.bottleneck_odds.as_ref().unwrap() {
            let shown = report
                .stages
                .iter()
                .flat_map(|s| &s.odds)
                .chain(report.bottleneck_odds.as_ref().unwrap())
                .any(|x| x.layer == o.layer && x.runs > 0);
            assert_eq!(
                find(&all, o.layer).is_some(),
                shown,
                "{size:?}: the legend and {}",
                o.layer
            );
        }
    }
}

#[test]
fn the_odds_caption_gives_the_whole_run_and_every_year_in_words() {
    let report = &healthy().report;
    let caption = odds_caption(report);
    let odds = report.bottleneck_odds.as_ref().unwrap();
    let likely = report.most_likely.unwrap();
    let share = odds.iter().find(|o| o.layer == likely).unwrap().share;
    let opening = format!(
        "In 5 years of 64 futures, {likely} is the bottleneck in {:.0}%",
        share * 100.0
    );
    assert!(caption.starts_with(&opening), "{caption}");
    for (year, stage) in report.stages.iter().enumerate() {
        let expected = format!("year {}: {}", year + 1, stage.most_likely.unwrap());
        assert!(caption.contains(&expected), "{expected} in {caption}");
    }
}

#[test]
fn the_tornado_puts_the_largest_swing_on_top_and_tells_low_from_high() {
    let case = healthy();
    let report = &case.report;
    let first = &report.tornado[0];
    assert!(report.tornado.iter().all(|s| s.swing <= first.swing));
    for size in [(600, 400), (370, 480)] {
        let svg = draw(Chart::Tornado(6), case, size, false);
        let all = texts(&svg);
        let ids: Vec<&Text> = all
            .iter()
            .filter(|t| report.tornado.iter().any(|s| s.id == t.label))
            .collect();
        assert_eq!(ids.len(), 6, "{size:?}: six rows");
        for (row, swing) in ids.iter().zip(&report.tornado) {
            assert_eq!(row.label, swing.id, "{size:?}: rows in the order of swing");
        }
        assert!(ids.windows(2).all(|w| w[0].y < w[1].y));
        assert!(ids[0].bold, "{size:?}: the largest swing is in bold");
        for legend in ["low value", "high value"] {
            assert!(
                find(&all, legend).is_some(),
                "{size:?}: `{legend}` in the legend"
            );
        }
        // Each row's bar: solid in its layer's colour on the high end's side, lighter and
        // hatched on the low end's, meeting at the baseline.
        let layer = ParamSpec::find(&first.id).unwrap().layer;
        let colour = hex(Theme::LIGHT.layer(layer));
        let solid = filled(&svg, &colour, "1");
        let light = filled(&svg, &colour, "0.22");
        assert!(!solid.is_empty() && !light.is_empty(), "{size:?}");
        let (high, low) = (corners(solid[0]), corners(light[0]));
        let hatching = elements(&svg, "polyline")
            .into_iter()
            .filter(|l| attribute(l, "stroke") == Some(&colour))
            .count();
        assert!(hatching >= 3, "{size:?}: {hatching} hatch lines");
        // The healthy preset's largest swing, the price, raises the goal: high on the right.
        assert!(first.goal_at_high > first.goal_at_low);
        assert!(
            (high.0 - low.2).abs() <= 1.0,
            "{size:?}: {high:?} meets {low:?}"
        );
        // The baseline's value is written above the rows.
        let base = flywheel::chart::goal_value(report.plan.goal, case.baseline);
        let label = find(&all, &base).unwrap_or_else(|| panic!("{size:?}: `{base}`"));
        assert!((label.x - high.0).abs() < 40.0 && label.y < ids[0].y);
        // The parameter's two ends are written beyond the bar's ends.
        let low_value = flywheel::reading::format::value_text(first.low_value);
        let high_value = flywheel::reading::format::value_text(first.high_value);
        let at = |v: &str| {
            all.iter()
                .find(|t| t.label == v && (t.y - high.1).abs() < 20.0)
                .unwrap_or_else(|| panic!("{size:?}: `{v}` by the first bar"))
                .x
        };
        assert!(at(&low_value) <= low.0 && at(&high_value) >= high.2);
    }
}

#[test]
fn a_parameter_that_moves_the_goal_neither_way_keeps_its_two_values_apart() {
    let healthy = healthy();
    let mut report = healthy.report.clone();
    let last = report.tornado.len().min(6) - 1;
    let flat = &mut report.tornado[last];
    (flat.goal_at_low, flat.goal_at_high) = (healthy.baseline, healthy.baseline);
    let (low, high) = (
        flywheel::reading::format::value_text(flat.low_value),
        flywheel::reading::format::value_text(flat.high_value),
    );
    let row_id = flat.id.clone();
    let case = Case {
        report,
        baseline: healthy.baseline,
        reference: Vec::new(),
    };
    for size in [(600, 340), (370, 480)] {
        let svg = draw(Chart::Tornado(6), &case, size, false);
        assert_apart(&svg, &format!("flat row {size:?}"));
        let all = texts(&svg);
        let row = find(&all, &row_id).unwrap();
        let near = |label: &str| {
            all.iter()
                .filter(|t| t.label == label && t.y > row.y - 1.0 && t.y < row.y + 30.0)
                .map(|t| t.x)
                .next_back()
                .unwrap_or_else(|| panic!("{size:?}: `{label}` by the flat row"))
        };
        assert!(near(&low) < near(&high), "{size:?}: low left of high");
    }
}

#[test]
fn the_tornado_caption_names_the_top_rows_in_order_with_their_goals() {
    let case = healthy();
    let report = &case.report;
    let caption = tornado_caption(report, case.baseline, 3);
    let mut at = 0;
    for swing in &report.tornado[..3] {
        let found = caption[at..]
            .find(swing.id.as_str())
            .unwrap_or_else(|| panic!("{caption}"));
        at += found + swing.id.len();
    }
    assert!(
        !caption.contains(report.tornado[3].id.as_str()),
        "{caption}"
    );
    assert!(caption.contains(&flywheel::chart::goal_value(
        report.plan.goal,
        case.baseline
    )));
}

#[test]
fn the_fan_orders_its_bands_and_draws_the_median_and_the_single_run() {
    let case = healthy();
    let served = METRICS
        .iter()
        .position(|m| m.id == "served_requests")
        .unwrap();
    for size in [(1240, 360), (370, 320)] {
        let svg = draw(Chart::Fan(served), case, size, false);
        let colour = hex(Theme::LIGHT.layer(METRICS[served].layer));
        let bands: Vec<&str> = elements(&svg, "polygon")
            .into_iter()
            .filter(|p| attribute(p, "fill") == Some(&colour))
            .collect();
        assert_eq!(bands.len(), 2, "{size:?}: the 5–95% and 25–75% bands");
        let opacities: Vec<f64> = bands.iter().map(|b| number(b, "opacity")).collect();
        assert!(opacities[0] < opacities[1], "the inner band is darker");
        // Vertical extents: the inner band inside the outer.
        let extent = |p: &str| {
            let ys: Vec<f64> = attribute(p, "points")
                .unwrap()
                .split_whitespace()
                .map(|pair| pair.split_once(',').unwrap().1.parse().unwrap())
                .collect();
            ys.iter()
                .fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)))
        };
        let (outer, inner) = (extent(bands[0]), extent(bands[1]));
        assert!(
            outer.0 <= inner.0 && inner.1 <= outer.1,
            "{outer:?} holds {inner:?}"
        );
        let lines: Vec<&str> = elements(&svg, "polyline")
            .into_iter()
            .filter(|l| attribute(l, "stroke") == Some(&colour) && number(l, "stroke-width") == 2.0)
            .collect();
        // The median, and the legend's swatch of it.
        assert_eq!(lines.len(), 2, "{size:?}: the median");
        let thin = elements(&svg, "polyline")
            .into_iter()
            .filter(|l| {
                attribute(l, "stroke") == Some(&hex(Theme::LIGHT.text))
                    && attribute(l, "points").unwrap().split_whitespace().count() > 5
            })
            .count();
        assert_eq!(thin, 1, "{size:?}: the run at the scenario's values");
        let all = texts(&svg);
        // Served requests span two decades: a logarithmic axis of powers of ten.
        for label in ["1M", "10M", "100M"] {
            assert!(
                find(&all, label).is_some(),
                "{size:?}: `{label}` on the axis"
            );
        }
    }
}

#[test]
fn a_fan_scale_is_logarithmic_only_across_two_decades_of_positive_values() {
    let log = Scale::fit(7.5e5, 1.2e8);
    assert!(log.log);
    assert_eq!((log.bottom, log.top), (5e5, 2e8));
    assert_eq!(log.ticks, [5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8, 2e8]);
    let wide = Scale::fit(3.0, 4e6);
    assert_eq!((wide.bottom, wide.top), (2.0, 5e6));
    assert_eq!(
        wide.ticks,
        [10.0, 100.0, 1e3, 1e4, 1e5, 1e6],
        "powers alone"
    );
    assert!((log.unit(1e7) - 0.5).abs() < 1e-12);
    let linear = Scale::fit(0.8, 1.8);
    assert!(!linear.log);
    assert_eq!(linear.bottom, 0.0);
    assert!(linear.top >= 1.8 && linear.unit(0.0) == 0.0);
    assert!(
        !Scale::fit(0.0, 1e8).log,
        "a zero cannot sit on a logarithmic axis"
    );
}

#[test]
fn the_fan_caption_says_the_spread_at_the_end_and_the_single_run() {
    let case = healthy();
    let users = METRICS.iter().position(|m| m.id == "users").unwrap();
    let caption = fan_caption(&case.report, "users", Some(&case.reference[users]));
    let band = &case.report.bands[users];
    let end = band.p50.len() - 1;
    let metric = Metric::find("users").unwrap();
    for value in [band.p5[end], band.p50[end], band.p95[end]] {
        let text = metric.value(value.unwrap());
        assert!(caption.contains(&text), "{text} in {caption}");
    }
    assert!(caption.contains("64 futures"), "{caption}");
    assert!(caption.contains("scenario's values"), "{caption}");
}

#[test]
fn without_verdicts_or_uncertain_parameters_the_charts_draw_and_say_why() {
    let unjudged = case("healthy", 0.25, 16, Verdicts::None);
    let svg = draw(Chart::Odds, &unjudged, (600, 340), false);
    let all = texts(&svg);
    let said: String = all
        .iter()
        .map(|t| t.label.clone())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(said.contains("without verdicts"), "{said}");
    assert!(odds_caption(&unjudged.report).contains("without verdicts"));
    for chart in charts() {
        for size in [(600, 340), (370, 320)] {
            let svg = draw(chart, &unjudged, size, true);
            assert_inside(&svg, size, &format!("{chart:?} unjudged {size:?}"));
        }
    }

    let fixed = case("healthy", 0.0, 4, Verdicts::Whole);
    assert!(fixed.report.tornado.is_empty());
    let svg = draw(Chart::Tornado(8), &fixed, (370, 320), false);
    let said: String = texts(&svg)
        .into_iter()
        .map(|t| t.label)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(said.contains("No parameter varies"), "{said}");
    assert!(tornado_caption(&fixed.report, fixed.baseline, 8).contains("No parameter varies"));
    // Whole-run verdicts only: the one bar, no years.
    let svg = draw(Chart::Odds, &fixed, (600, 340), false);
    let all = texts(&svg);
    assert!(find(&all, "5 years").is_some() && find(&all, "year 1").is_none());
    // Every future the same: the bands close to a line and the fan still draws.
    for m in 0..METRICS.len() {
        let svg = draw(Chart::Fan(m), &fixed, (370, 320), false);
        assert_inside(&svg, (370, 320), &format!("fixed fan {m}"));
    }
    let svg = {
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (370, 320)).into_drawing_area();
        draw_fan(
            &root,
            &fixed.report,
            "no_such_metric",
            None,
            &Style::new(false, 1.0),
        )
        .unwrap();
        drop(root);
        svg
    };
    assert!(texts(&svg).iter().any(|t| t.label.contains("no band")));
}

/// Free requests and revenue as the goal: no layer's relief raises it in any future.
fn unpaid() -> Case {
    let settings = [("payments.price", 0.0)];
    case_with(
        "healthy",
        &settings,
        Goal::Revenue,
        0.25,
        8,
        Verdicts::Stages,
    )
}

#[test]
fn where_no_layer_is_ever_the_bottleneck_the_bars_are_grey_and_say_none() {
    let unpaid = unpaid();
    let caption = odds_caption(&unpaid.report);
    assert!(
        caption.starts_with("In 5 years of 8 futures, no layer is the bottleneck in every one."),
        "{caption}"
    );
    for (size, dark) in [((600, 340), false), ((370, 320), true)] {
        let theme = if dark { Theme::DARK } else { Theme::LIGHT };
        let svg = draw(Chart::Odds, &unpaid, size, dark);
        let all = texts(&svg);
        let nones: Vec<&Text> = all.iter().filter(|t| t.label == "none 100%").collect();
        assert_eq!(nones.len(), 6, "{size:?}: every bar says so");
        assert!(nones.iter().all(|t| t.bold && t.fill == hex(theme.text)));
        for layer in Layer::ALL {
            assert!(find(&all, layer.id()).is_none(), "no {layer} in the legend");
        }
        assert_inside(&svg, size, "unpaid odds");
        // The tornado: every swing is zero, and it says so rather than drawing bars.
        let svg = draw(Chart::Tornado(8), &unpaid, size, dark);
        let said: Vec<String> = texts(&svg).into_iter().map(|t| t.label).collect();
        assert!(
            said.join(" ").contains("No parameter moves the goal"),
            "{said:?}"
        );
        assert!(filled(&svg, &hex(theme.layer(Layer::Compute)), "1").is_empty());
    }
    assert!(tornado_caption(&unpaid.report, unpaid.baseline, 8).contains("$0 at both ends"));
}

/// Writes every chart at the page's sizes, light and dark, to `FLYWHEEL_CHART_DIR` for a
/// person to look at (`cargo test --test ensemble_chart -- --ignored`).
#[test]
#[ignore = "writes SVG files for a look"]
fn write_every_chart_for_a_look() {
    let dir = std::env::var("FLYWHEEL_CHART_DIR").unwrap_or("/tmp/flywheel-ensemble".into());
    std::fs::create_dir_all(&dir).unwrap();
    let healthy = healthy();
    let unjudged = case_for_look();
    for (name, chart) in [
        ("fan-served", Chart::Fan(0)),
        ("fan-users", Chart::Fan(2)),
        ("fan-pool", Chart::Fan(3)),
        ("fan-gain", Chart::Fan(4)),
        ("odds", Chart::Odds),
        ("tornado", Chart::Tornado(10)),
    ] {
        for (width, height) in [(1240, 380), (600, 360), (370, 340), (370, 520)] {
            for dark in [false, true] {
                let theme = if dark { "dark" } else { "light" };
                let svg = draw(chart, healthy, (width, height), dark);
                let file = format!("{dir}/{name}-{width}x{height}-{theme}.svg");
                std::fs::write(file, svg).unwrap();
            }
        }
    }
    let unpaid = unpaid();
    let crunch = case("compute-crunch", 0.25, 32, Verdicts::Whole);
    for (name, ensemble, chart) in [
        ("empty-odds", &unjudged, Chart::Odds),
        ("empty-tornado", &unjudged, Chart::Tornado(8)),
        ("none-odds", &unpaid, Chart::Odds),
        ("none-tornado", &unpaid, Chart::Tornado(8)),
        ("none-fan", &unpaid, Chart::Fan(1)),
        ("whole-odds", &crunch, Chart::Odds),
    ] {
        for dark in [false, true] {
            let theme = if dark { "dark" } else { "light" };
            let svg = draw(chart, ensemble, (370, 320), dark);
            std::fs::write(format!("{dir}/{name}-370x320-{theme}.svg"), svg).unwrap();
        }
    }
}

fn case_for_look() -> Case {
    case("healthy", 0.0, 4, Verdicts::None)
}

#[test]
fn the_headline_names_the_most_likely_bottleneck_its_share_and_the_futures_so_far() {
    let whole = &healthy().report;
    let top = whole
        .most_likely
        .expect("healthy has a most likely bottleneck");
    let odds = whole.bottleneck_odds.as_ref().unwrap();
    let share = odds.iter().find(|o| o.layer == top).unwrap().share;
    assert_eq!(
        headline(whole),
        format!(
            "Most likely bottleneck over 5 years: {top} ({} of 64 futures)",
            flywheel::reading::format::percent(share)
        )
    );
    // Part way through, it says so.
    let mut partial = whole.clone();
    partial.plan.runs = 1000;
    let said = headline(&partial);
    assert!(said.contains("over 5 years, so far: "), "{said}");
    let unjudged = case("healthy", 0.25, 8, Verdicts::None);
    assert!(headline(&unjudged.report).contains("not judged"));
}
