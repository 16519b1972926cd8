//! The JavaScript facade: the only module with `#[wasm_bindgen]`. It converts, it does not compute.

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::chart::{draw_demand, Theme};
use crate::params::SPECS;
use crate::presets::PRESETS;
use crate::report::{report, Report};
use crate::scenario::Scenario;

#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Every preset: `{id, title, story}`.
#[wasm_bindgen(js_name = presets)]
pub fn presets() -> Result<JsValue, JsError> {
    to_js(&PRESETS)
}

/// Every parameter: `{id, layer, label, unit, min, max, default, meaning}`.
#[wasm_bindgen(js_name = params)]
pub fn params() -> Result<JsValue, JsError> {
    to_js(&SPECS)
}

/// A run of a preset with `layer.param=value` settings, as a handle that can draw it.
#[wasm_bindgen(js_name = Run)]
pub struct JsRun(Report);

#[wasm_bindgen(js_class = Run)]
impl JsRun {
    /// Runs `preset` with `settings` applied in order.
    ///
    /// # Errors
    /// An `Error` naming the unknown preset, or the bad setting and its allowed range.
    #[wasm_bindgen(constructor)]
    pub fn new(preset: &str, settings: Vec<String>) -> Result<JsRun, JsError> {
        let mut scenario = Scenario::from_preset(preset)?;
        scenario.apply(settings.iter().map(String::as_str))?;
        Ok(JsRun(report(&scenario)?))
    }

    /// The layer id of the verdict.
    #[wasm_bindgen(getter)]
    pub fn bottleneck(&self) -> String {
        self.0.bottleneck.id().into()
    }

    /// The whole report (verdict, summary, series) as plain data.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<JsValue, JsError> {
        to_js(&self.0)
    }

    /// Draws demand through the loop onto `canvas`, in the dark theme when `dark`.
    #[wasm_bindgen(js_name = drawDemand)]
    pub fn draw_demand(&self, canvas: HtmlCanvasElement, dark: bool) -> Result<(), JsError> {
        let backend = CanvasBackend::with_canvas_object(canvas)
            .ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
        let theme = if dark { Theme::DARK } else { Theme::LIGHT };
        draw_demand(&backend.into_drawing_area(), &self.0.series, &theme)?;
        Ok(())
    }
}

/// A preset run with default options, as plain data.
///
/// # Errors
/// An `Error` naming the preset when it is unknown.
#[wasm_bindgen(js_name = runPreset)]
pub fn run_preset(id: &str) -> Result<JsValue, JsError> {
    to_js(&report(&Scenario::from_preset(id)?)?)
}
