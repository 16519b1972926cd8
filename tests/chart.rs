//! The chart code renders natively to SVG: the same code that draws on the page's canvas.
#![cfg(not(target_arch = "wasm32"))]

use flywheel::chart::{draw_demand, si, Theme};
use flywheel::run::simulate;
use flywheel::Scenario;
use plotters::prelude::*;

fn render(theme: &Theme, width: u32) -> String {
    let run = simulate(&Scenario::from_preset("healthy").unwrap()).unwrap();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, 360)).into_drawing_area();
        draw_demand(&root, &run.series, theme).unwrap();
    }
    svg
}

#[test]
fn demand_chart_has_title_axes_legend_and_four_lines() {
    let svg = render(&Theme::LIGHT, 720);
    for text in [
        "Demand through the loop",
        "week",
        "requests / week",
        "wanted by users",
        "sent to the network",
        "served",
        "paid",
    ] {
        assert!(svg.contains(text), "missing `{text}`");
    }
    assert!(
        svg.matches("<polyline").count() >= 4,
        "fewer than four lines"
    );
    // Every line colour of the theme is used.
    for colour in Theme::LIGHT.lines {
        let hex = format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2);
        assert!(svg.contains(&hex), "colour {hex} unused");
    }
    // Ticks carry SI suffixes, not long numbers.
    let flat: String = svg.split_whitespace().collect();
    assert!(flat.contains("M</text>"), "no SI tick labels");
}

#[test]
fn dark_theme_paints_its_own_background() {
    let svg = render(&Theme::DARK, 390);
    let bg = Theme::DARK.background;
    assert!(svg.contains(&format!("#{:02X}{:02X}{:02X}", bg.0, bg.1, bg.2)));
}

#[test]
fn si_labels_are_short() {
    assert_eq!(si(0.0), "0");
    assert_eq!(si(950.0), "950");
    assert_eq!(si(1_250_000.0), "1.25M");
    assert_eq!(si(40_000_000.0), "40M");
    assert_eq!(si(2.5e9), "2.5G");
    assert_eq!(si(999_999.9), "1M");
    assert_eq!(si(-1_234.0), "-1.23k");
}
