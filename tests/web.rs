//! Browser tests through the JavaScript facade, run by `wasm-pack test --headless --chrome`.
//!
//! `tests/native-runs/healthy.json` is written by the native binary just before these run
//! (see tests/run.sh), so the comparison is against a native run of the same source.
#![cfg(target_arch = "wasm32")]

use flywheel::chart::Theme;
use flywheel::facade::web::{presets, run_preset, JsRun};
use flywheel::model::layer::Layer;
use plotters::style::RGBColor;
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
    let error: JsValue = JsRun::new("healthy", vec!["trust.reliability_care=1.5".into()], None)
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

fn rgb(colour: RGBColor) -> [u8; 3] {
    [colour.0, colour.1, colour.2]
}

/// Draws one chart of `preset` at `week` on a fresh canvas and returns the canvas.
fn drawn(
    preset: &str,
    chart: &str,
    (width, height): (u32, u32),
    week: f64,
    dark: bool,
) -> HtmlCanvasElement {
    let mut run = JsRun::new(preset, vec![], None).unwrap();
    let canvas = canvas(width, height);
    let theme = if dark { Theme::DARK } else { Theme::LIGHT };
    let all = (0.0, 0.0, f64::from(width), f64::from(height));
    // Before drawing the canvas is transparent black: no theme background anywhere.
    assert_eq!(count_near(&canvas, all, rgb(theme.background), 2), 0);
    match chart {
        "demand" => run.draw_demand(canvas.clone(), week, dark),
        "funnel" => run.draw_funnel(canvas.clone(), week, dark),
        "loop" => run.draw_loop(canvas.clone(), week, 0.3, dark),
        _ => run.draw_bottlenecks(canvas.clone(), week, dark),
    }
    .unwrap();
    let area = (width * height) as usize;
    let background = count_near(&canvas, all, rgb(theme.background), 2);
    assert!(
        background > area / 4,
        "{chart}: background covers only {background} of {area} pixels"
    );
    canvas
}

#[wasm_bindgen_test]
fn the_demand_chart_draws_each_layer_in_its_own_panel() {
    for dark in [false, true] {
        let theme = if dark { Theme::DARK } else { Theme::LIGHT };
        let canvas = drawn("healthy", "demand", (1200, 470), 120.0, dark);
        // Four panels to a row: compute top left, trust bottom right.
        let top_left = (16.0, 60.0, 280.0, 190.0);
        let bottom_right = (900.0, 260.0, 290.0, 190.0);
        let compute = count_near(&canvas, top_left, rgb(theme.layer(Layer::Compute)), 30);
        let trust = count_near(&canvas, bottom_right, rgb(theme.layer(Layer::Trust)), 30);
        assert!(compute > 300, "only {compute} compute pixels in its panel");
        assert!(trust > 300, "only {trust} trust pixels in its panel");
        assert!(count_near(&canvas, top_left, rgb(theme.layer(Layer::Trust)), 8) < 20);
    }
}

#[wasm_bindgen_test]
fn the_funnel_bars_shrink_from_wanted_to_paid() {
    let theme = Theme::LIGHT;
    let canvas = drawn("hype-without-value", "funnel", (600, 340), 60.0, false);
    // Row centres: 56 + row height (46 here) times (i + 0.5); the bars start after the labels.
    let row = |i: f64| (150.0, 56.0 + 46.0 * (i + 0.5) - 4.0, 340.0, 8.0);
    let users = count_near(&canvas, row(0.0), rgb(theme.layer(Layer::Users)), 40);
    let paid = count_near(&canvas, row(5.0), rgb(theme.layer(Layer::Payments)), 40);
    assert!(users > 2000, "the wanted bar has {users} pixels");
    assert!(
        paid > 0 && paid * 5 < users,
        "in hype the paid bar ({paid}) is far shorter than wanted ({users})"
    );
    let lost = count_near(&canvas, row(5.0), rgb(theme.lost_fill), 30);
    assert!(
        lost > 500,
        "the unpaid part is shaded as lost ({lost} pixels)"
    );
}

#[wasm_bindgen_test]
fn the_loop_draws_every_layer_and_highlights_the_bottleneck() {
    let theme = Theme::LIGHT;
    let canvas = drawn("compute-crunch", "loop", (500, 500), 100.0, false);
    let all = (0.0, 0.0, 500.0, 500.0);
    for layer in Layer::ALL {
        let n = count_near(&canvas, all, rgb(theme.layer(layer)), 20);
        assert!(n > 100, "{layer} has {n} pixels in the loop");
    }
    // The bottleneck (compute, at the top of the ring) has a red halo around its node.
    let top = (200.0, 40.0, 100.0, 140.0);
    let halo = count_near(&canvas, top, rgb(theme.lost), 30);
    assert!(halo > 60, "only {halo} halo pixels at the top node");
}

#[wasm_bindgen_test]
fn the_timeline_fills_the_lane_of_each_years_bottleneck() {
    let theme = Theme::LIGHT;
    // In apps-without-audience users hold the loop back every year: their lane is solid from
    // end to end, but for the gaps between years and the gain written on each block.
    let canvas = drawn(
        "apps-without-audience",
        "bottlenecks",
        (600, 340),
        60.0,
        false,
    );
    let lane_height = ((340.0 - 54.0 - 22.0 - 6.0) / 8.0f64).min(34.0);
    // A strip along the lane's top edge, clear of the block's label.
    let users_lane = (140.0, 54.0 + lane_height * 3.5 - 10.0, 440.0, 3.0);
    let solid = count_near(&canvas, users_lane, rgb(theme.layer(Layer::Users)), 6);
    assert!(
        solid > 1250,
        "the users lane has {solid} of 1320 solid pixels"
    );
    let models_lane = (140.0, 54.0 + lane_height * 1.5 - 10.0, 440.0, 3.0);
    let models = count_near(&canvas, models_lane, rgb(theme.layer(Layer::Models)), 6);
    assert!(
        models < 50,
        "models are never the bottleneck, yet {models} pixels are solid"
    );
}

#[wasm_bindgen_test]
fn a_week_outside_the_run_reaches_js_as_an_error() {
    let mut run = JsRun::new("healthy", vec![], None).unwrap();
    let error: JsValue = run
        .draw_demand(canvas(100, 100), 999.0, false)
        .unwrap_err()
        .into();
    let message = String::from(error.dyn_into::<js_sys::Error>().unwrap().message());
    assert!(
        message.contains("week") && message.contains("0 to 260"),
        "{message}"
    );
}

fn json(value: Result<JsValue, wasm_bindgen::JsError>) -> serde_json::Value {
    serde_wasm_bindgen::from_value(value.unwrap()).unwrap()
}

#[wasm_bindgen_test]
fn the_goal_reaches_the_verdict_the_words_and_the_link() {
    let mut run = JsRun::new("healthy", vec![], Some("revenue".into())).unwrap();
    let panel = json(run.panel(130.0));
    assert_eq!(panel["goal"], "revenue");
    let relief = panel["relief"].as_str().unwrap();
    assert!(relief.contains("% revenue by week 260"), "{relief}");
    assert_eq!(run.link(Some(130)).unwrap(), "p=healthy&w=130&g=revenue");
    assert_eq!(panel["figures"][2]["goal"], true);
    // The default goal is paid requests, and a link leaves it out.
    let mut plain = JsRun::new("healthy", vec![], None).unwrap();
    assert_eq!(json(plain.panel(0.0))["goal"], "paid");
    assert_eq!(plain.link(None).unwrap(), "p=healthy");
}

#[wasm_bindgen_test]
fn an_unknown_goal_reaches_js_as_an_error_naming_it() {
    let error: JsValue = JsRun::new("healthy", vec![], Some("profit".into()))
        .err()
        .unwrap()
        .into();
    let message = String::from(error.dyn_into::<js_sys::Error>().unwrap().message());
    assert!(
        message.contains("profit") && message.contains("paid, revenue or users"),
        "{message}"
    );
}

#[wasm_bindgen_test]
fn no_bottleneck_reaches_js_as_null_with_words() {
    let mut run = JsRun::new(
        "healthy",
        vec!["payments.price=0".into()],
        Some("revenue".into()),
    )
    .unwrap();
    assert_eq!(run.bottleneck(), None);
    let panel = json(run.panel(60.0));
    assert!(panel["bottleneck"].is_null());
    assert!(panel["headline"]
        .as_str()
        .unwrap()
        .starts_with("No bottleneck in year 2"));
    assert!(panel["detail"].as_str().unwrap().contains("no revenue"));
}
