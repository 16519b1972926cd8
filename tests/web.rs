//! Browser tests through the JavaScript facade, run by `wasm-pack test --headless --chrome`.
//!
//! `tests/native-runs/healthy.json` is written by the native binary just before these run
//! (see tests/run.sh), so the comparison is against a native run of the same source.
#![cfg(target_arch = "wasm32")]

use flywheel::web::{presets, run_preset, JsRun};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

const NATIVE_HEALTHY: &str = include_str!("native-runs/healthy.json");

/// Walks two JSON trees and returns the first difference beyond `tolerance` (relative).
fn first_difference(
    a: &serde_json::Value,
    b: &serde_json::Value,
    path: &str,
    tolerance: f64,
) -> Option<String> {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            let scale = x.abs().max(y.abs()).max(1.0);
            ((x - y).abs() > tolerance * scale).then(|| format!("{path}: {x} vs {y}"))
        }
        (Array(x), Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path}: length {} vs {}", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (x, y))| first_difference(x, y, &format!("{path}[{i}]"), tolerance))
        }
        (Object(x), Object(y)) => {
            if x.len() != y.len() {
                return Some(format!(
                    "{path}: keys {:?} vs {:?}",
                    x.keys().collect::<Vec<_>>(),
                    y.keys().collect::<Vec<_>>()
                ));
            }
            x.iter().find_map(|(k, v)| match y.get(k) {
                Some(w) => first_difference(v, w, &format!("{path}.{k}"), tolerance),
                None => Some(format!("{path}.{k}: missing")),
            })
        }
        _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
    }
}

#[wasm_bindgen_test]
fn a_preset_run_in_the_browser_equals_the_native_run() {
    let native: serde_json::Value = serde_json::from_str(NATIVE_HEALTHY).unwrap();
    let browser: serde_json::Value =
        serde_wasm_bindgen::from_value(run_preset("healthy").unwrap()).unwrap();
    assert_eq!(browser["series"]["week"].as_array().unwrap().len(), 261);
    if let Some(difference) = first_difference(&browser, &native, "run", 1e-12) {
        panic!("browser and native runs differ at {difference}");
    }
}

#[wasm_bindgen_test]
fn an_unknown_preset_reaches_js_as_an_error_naming_it() {
    let error: JsValue = run_preset("no-such-preset").unwrap_err().into();
    let error: js_sys::Error = error.dyn_into().expect("a JS Error");
    let message = String::from(error.message());
    assert!(
        message.contains("unknown preset `no-such-preset`"),
        "{message}"
    );
    assert!(message.contains("compute-crunch"), "{message}");
}

#[wasm_bindgen_test]
fn a_bad_setting_reaches_js_as_an_error_naming_the_range() {
    let error: JsValue = JsRun::new("healthy", vec!["trust.reliability_care=1.5".into()])
        .err()
        .unwrap()
        .into();
    let message = String::from(error.dyn_into::<js_sys::Error>().unwrap().message());
    assert!(
        message.contains("`trust.reliability_care` = 1.5 is outside its range 0 to 1"),
        "{message}"
    );
}

#[wasm_bindgen_test]
fn the_presets_reach_js_as_plain_data() {
    let list: Vec<serde_json::Value> = serde_wasm_bindgen::from_value(presets().unwrap()).unwrap();
    assert_eq!(list.len(), 6);
    assert_eq!(list[3]["id"], "hype-without-value");
    assert!(list[3]["story"].as_str().unwrap().len() > 80);
}

fn canvas(width: u32, height: u32) -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(width);
    canvas.set_height(height);
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

/// Counts pixels in a rectangle within `tolerance` of `rgb` on each channel.
fn count_near(
    canvas: &HtmlCanvasElement,
    (x, y, w, h): (f64, f64, f64, f64),
    rgb: [u8; 3],
    tolerance: u8,
) -> usize {
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = context.get_image_data(x, y, w, h).unwrap().data().0;
    data.chunks_exact(4)
        .filter(|p| (0..3).all(|c| p[c].abs_diff(rgb[c]) <= tolerance))
        .count()
}

#[wasm_bindgen_test]
fn the_demand_chart_draws_its_lines_on_a_real_canvas() {
    let run = JsRun::new("healthy", vec![]).unwrap();
    assert_eq!(
        run.bottleneck(),
        flywheel::Scenario::from_preset("healthy")
            .map(|s| flywheel::report::report(&s)
                .unwrap()
                .bottleneck
                .id()
                .to_string())
            .unwrap()
    );
    for (dark, theme) in [
        (false, flywheel::chart::Theme::LIGHT),
        (true, flywheel::chart::Theme::DARK),
    ] {
        let canvas = canvas(640, 360);
        // Before drawing the canvas is transparent black: no theme colour anywhere.
        let plot = (80.0, 40.0, 540.0, 260.0);
        let bg = [theme.background.0, theme.background.1, theme.background.2];
        assert_eq!(count_near(&canvas, plot, bg, 2), 0);
        run.draw_demand(canvas.clone(), dark).unwrap();
        let area = plot.2 as usize * plot.3 as usize;
        let background = count_near(&canvas, plot, bg, 2);
        assert!(
            background > area / 2,
            "background covers only {background} of {area} pixels"
        );
        // The sent-to-the-network line (second colour) crosses the plot area.
        let sent = theme.lines[1];
        let drawn = count_near(&canvas, plot, [sent.0, sent.1, sent.2], 40);
        assert!(drawn > 400, "only {drawn} pixels of the demand line");
        // Nothing is drawn in the right-hand margin's top corner but background.
        let corner = (630.0, 0.0, 10.0, 10.0);
        assert_eq!(count_near(&canvas, corner, bg, 2), 100);
    }
}
