//! The JavaScript facade of the Uncertainty view: converts between JavaScript and
//! [`crate::facade::study::Study`]; it does not compute. With `web`, the only modules with
//! `#[wasm_bindgen]`.

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::analysis::ensemble::DEFAULT_SPREAD;
use crate::analysis::ensemble::{Odds, Rule, StageOdds, Swing, Verdicts};
use crate::chart::{draw_fan, draw_odds, draw_tornado, Style};
use crate::facade::files::{self, PageScenario};
use crate::facade::study::{self, Ask};
use crate::facade::web::{self, whole};
use crate::model::scenario::Goal;
use crate::reading::link::{quote, MAX_SEED};
use crate::reading::uncertainty::{captions, headline};

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// An ensemble of the page's scenario: build the same one in the page and in each worker.
#[wasm_bindgen(js_name = Study)]
pub struct Study(study::Study);

#[wasm_bindgen(js_class = Study)]
impl Study {
    /// `preset`, `settings` (`layer.param=value`), `goal` (paid, revenue or users), the
    /// default `spread`, `runs`, `seed` (a whole number below 2^53), `vary`
    /// (`layer.param=LO:HI`) and `verdicts` (whole, stages or none).
    ///
    /// # Errors
    /// An `Error` naming what is wrong.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        preset: &str,
        settings: Vec<String>,
        goal: &str,
        spread: f64,
        runs: f64,
        seed: f64,
        vary: Vec<String>,
        verdicts: &str,
    ) -> Result<Study, JsError> {
        let ask = Ask {
            preset,
            settings: &settings,
            goal: Goal::from_id(goal)?,
            spread,
            runs: whole("runs", runs, study::PAGE_MAX_RUNS as f64)?,
            seed: whole("seed", seed, MAX_SEED as f64)?,
            vary: &vary,
            verdicts: Verdicts::from_id(verdicts)?,
        };
        Ok(Study(study::Study::new(&ask)?))
    }

    /// The counts of runs `start..end`, as bytes for `add`.
    ///
    /// # Errors
    /// As the model's run.
    pub fn work(&self, start: f64, end: f64) -> Result<Vec<u8>, JsError> {
        let most = self.0.plan().runs as f64;
        Ok(self
            .0
            .work(whole("start", start, most)?, whole("end", end, most)?)?)
    }

    /// The tornado, for `setTornado`.
    ///
    /// # Errors
    /// As the model's run.
    pub fn tornado(&self) -> Result<JsValue, JsError> {
        to_js(&self.0.tornado()?)
    }

    /// Adds a worker's counts; returns the runs counted so far.
    ///
    /// # Errors
    /// An `Error` for bytes that are not this ensemble's counts.
    pub fn add(&mut self, bytes: &[u8]) -> Result<f64, JsError> {
        Ok(self.0.add(bytes)? as f64)
    }

    /// Takes the tornado a worker worked out.
    ///
    /// # Errors
    /// An `Error` for a value that is not a tornado.
    #[wasm_bindgen(js_name = setTornado)]
    pub fn set_tornado(&mut self, swings: JsValue) -> Result<(), JsError> {
        let swings: Vec<Swing> = serde_wasm_bindgen::from_value(swings)
            .map_err(|e| JsError::new(&format!("not a tornado: {e}")))?;
        self.0.set_tornado(swings);
        Ok(())
    }

    /// Runs counted so far.
    #[wasm_bindgen(getter)]
    pub fn counted(&self) -> f64 {
        self.0.counted() as f64
    }

    /// Runs asked for.
    #[wasm_bindgen(getter)]
    pub fn runs(&self) -> f64 {
        self.0.plan().runs as f64
    }

    /// The plan: every parameter's value and range, the runs, seed and verdicts.
    ///
    /// # Errors
    /// When it cannot be converted.
    pub fn plan(&self) -> Result<JsValue, JsError> {
        to_js(self.0.plan())
    }

    /// The report so far, as the CLI's `ensemble` JSON; its `rules` once every run is in.
    ///
    /// # Errors
    /// When it cannot be converted.
    pub fn report(&mut self) -> Result<JsValue, JsError> {
        to_js(self.0.report())
    }

    /// What the view writes on every redraw, without the bands: `{runs, headline,
    /// most_likely, bottleneck_odds, stages, rules}` (the whole report takes a few
    /// milliseconds more to convert).
    ///
    /// # Errors
    /// When it cannot be converted.
    pub fn summary(&mut self) -> Result<JsValue, JsError> {
        let report = self.0.report();
        to_js(&Summary {
            runs: report.runs,
            headline: headline(report),
            most_likely: report.most_likely,
            bottleneck_odds: report.bottleneck_odds.as_deref(),
            stages: &report.stages,
            rules: &report.rules,
        })
    }

    /// The text alternatives of the fan of `metric`, the odds and the tornado's `top` rows.
    ///
    /// # Errors
    /// When they cannot be converted.
    pub fn captions(&mut self, metric: &str, top: u32) -> Result<JsValue, JsError> {
        let reference = self.0.reference(metric).map(<[f64]>::to_vec);
        let baseline = self.0.baseline();
        to_js(&captions(
            self.0.report(),
            metric,
            reference.as_deref(),
            baseline,
            top as usize,
        ))
    }

    /// Draws the fan of `metric` with the single run's line.
    ///
    /// # Errors
    /// A canvas that cannot be drawn on.
    #[wasm_bindgen(js_name = drawFan)]
    pub fn draw_fan(
        &mut self,
        canvas: HtmlCanvasElement,
        metric: &str,
        dark: bool,
    ) -> Result<(), JsError> {
        let area = area(canvas)?;
        let reference = self.0.reference(metric).map(<[f64]>::to_vec);
        Ok(draw_fan(
            &area,
            self.0.report(),
            metric,
            reference.as_deref(),
            &style(dark),
        )?)
    }

    /// Draws the bottleneck's odds by year and over the whole run.
    ///
    /// # Errors
    /// A canvas that cannot be drawn on.
    #[wasm_bindgen(js_name = drawOdds)]
    pub fn draw_odds(&mut self, canvas: HtmlCanvasElement, dark: bool) -> Result<(), JsError> {
        Ok(draw_odds(&area(canvas)?, self.0.report(), &style(dark))?)
    }

    /// Draws the tornado's `top` rows.
    ///
    /// # Errors
    /// A canvas that cannot be drawn on.
    #[wasm_bindgen(js_name = drawTornado)]
    pub fn draw_tornado(
        &mut self,
        canvas: HtmlCanvasElement,
        top: u32,
        dark: bool,
    ) -> Result<(), JsError> {
        let baseline = self.0.baseline();
        Ok(draw_tornado(
            &area(canvas)?,
            self.0.report(),
            baseline,
            top as usize,
            &style(dark),
        )?)
    }
}

#[derive(serde::Serialize)]
struct Summary<'a> {
    runs: u64,
    headline: String,
    most_likely: Option<&'static str>,
    bottleneck_odds: Option<&'a [Odds]>,
    stages: &'a [StageOdds],
    rules: &'a [Rule],
}

type Area = plotters::drawing::DrawingArea<CanvasBackend, plotters::coord::Shift>;

fn area(canvas: HtmlCanvasElement) -> Result<Area, JsError> {
    Ok(CanvasBackend::with_canvas_object(canvas)
        .ok_or_else(|| JsError::new("the canvas has no 2D context"))?
        .into_drawing_area())
}

fn style(dark: bool) -> Style {
    Style::new(
        dark,
        web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()),
    )
}

// ---- Files: what the page exports and opens ------------------------------------------------

fn page<'a>(
    preset: &'a str,
    settings: &'a [String],
    goal: &str,
) -> Result<PageScenario<'a>, JsError> {
    Ok(PageScenario {
        preset,
        settings,
        goal: Goal::from_id(goal)?,
    })
}

/// The run as `flywheel run` prints it (`format` json or csv); with a baseline `a_preset`,
/// `a_settings` and `a_goal`, the two compared (see `facade::files::run_text`).
///
/// # Errors
/// An `Error` naming an unknown format, preset or goal, or a bad setting.
#[wasm_bindgen(js_name = runFile)]
pub fn run_file(
    format: &str,
    preset: &str,
    settings: Vec<String>,
    goal: &str,
    a_preset: Option<String>,
    a_settings: Option<Vec<String>>,
    a_goal: Option<String>,
) -> Result<String, JsError> {
    let csv = match format {
        "csv" => true,
        "json" => false,
        other => {
            return Err(JsError::new(&format!(
                "unknown format `{}` (expected json or csv)",
                quote(other)
            )))
        }
    };
    let a = pinned(a_preset, a_settings, a_goal, goal);
    let a = a.as_ref().map(|(p, s, g)| page(p, s, g)).transpose()?;
    Ok(files::run_text(
        &page(preset, &settings, goal)?,
        a.as_ref(),
        csv,
    )?)
}

/// Scenario A as the page passes it, if one is pinned: its preset, settings and goal (B's
/// goal when it gives none).
fn pinned(
    preset: Option<String>,
    settings: Option<Vec<String>>,
    goal: Option<String>,
    b_goal: &str,
) -> Option<(String, Vec<String>, String)> {
    preset.map(|preset| {
        (
            preset,
            settings.unwrap_or_default(),
            goal.unwrap_or_else(|| b_goal.to_string()),
        )
    })
}

/// Chart `chart` (demand, funnel, loop or bottlenecks) of the run at `week` as SVG of
/// `width` × `height` pixels, drawn by the same code as the canvas; with a baseline `a_preset`,
/// `a_settings` and `a_goal`, A drawn behind it as the canvas draws it.
///
/// # Errors
/// An `Error` naming the chart, week or size that cannot be drawn, or a bad scenario.
#[wasm_bindgen(js_name = chartSvg)]
#[allow(clippy::too_many_arguments)]
pub fn chart_svg(
    chart: &str,
    preset: &str,
    settings: Vec<String>,
    goal: &str,
    week: f64,
    width: f64,
    height: f64,
    dark: bool,
    a_preset: Option<String>,
    a_settings: Option<Vec<String>>,
    a_goal: Option<String>,
) -> Result<String, JsError> {
    let size = pixels(width, height)?;
    let a = pinned(a_preset, a_settings, a_goal, goal);
    let a = a.as_ref().map(|(p, s, g)| page(p, s, g)).transpose()?;
    Ok(files::chart_svg(
        &page(preset, &settings, goal)?,
        a.as_ref(),
        chart,
        week,
        size,
        dark,
    )?)
}

/// The scenario file of the page's scenario, with the Uncertainty view's futures when `runs`
/// is given (as `futuresLink` takes them).
///
/// # Errors
/// An `Error` naming what is wrong with the scenario or the futures.
#[wasm_bindgen(js_name = scenarioFile)]
#[allow(clippy::too_many_arguments)]
pub fn scenario_file(
    preset: &str,
    settings: Vec<String>,
    goal: &str,
    runs: Option<f64>,
    seed: Option<f64>,
    spread: Option<f64>,
    verdicts: Option<String>,
    ids: Option<Vec<String>>,
    lo: Option<Vec<f64>>,
    hi: Option<Vec<f64>>,
) -> Result<String, JsError> {
    let futures = runs
        .map(|runs| {
            web::futures_of(
                runs,
                seed.unwrap_or(1.0),
                spread.unwrap_or(DEFAULT_SPREAD),
                verdicts.as_deref().unwrap_or("whole"),
                &ids.unwrap_or_default(),
                &lo.unwrap_or_default(),
                &hi.unwrap_or_default(),
            )
        })
        .transpose()?;
    Ok(files::scenario_text(
        &page(preset, &settings, goal)?,
        futures.as_ref(),
    )?)
}

/// Reads a scenario file for the page: `{preset, settings: ["id=value"...] (the values that
/// differ from the preset's), goal, futures: {runs, seed, spread, verdicts, ranges: [[id, lo,
/// hi]...]} or null, unused: [...]}`, where `unused` names what the file sets that the page
/// does not (its run options: the page runs 260 weeks by RK4 in steps of a week, no noise).
///
/// # Errors
/// An `Error` naming what cannot be read (see `reading::scenario_file::read`).
#[wasm_bindgen(js_name = readScenarioFile)]
pub fn read_scenario_file(text: &str) -> Result<JsValue, JsError> {
    to_js(&files::for_page(&crate::reading::scenario_file::read(
        text,
    )?))
}

#[wasm_bindgen(js_class = Study)]
impl Study {
    /// Chart `chart` (odds, fan of `metric`, or tornado of `top` rows) of the report so far as
    /// SVG of `width` × `height` pixels.
    ///
    /// # Errors
    /// An `Error` naming an unknown chart or a size that cannot be drawn.
    pub fn svg(
        &mut self,
        chart: &str,
        metric: &str,
        top: u32,
        width: f64,
        height: f64,
        dark: bool,
    ) -> Result<String, JsError> {
        let size = pixels(width, height)?;
        Ok(self.0.svg(chart, metric, top as usize, size, dark)?)
    }
}

/// A chart's size in whole pixels, or a message naming the side that is not one.
fn pixels(width: f64, height: f64) -> Result<(u32, u32), JsError> {
    let side = |what, n| whole(what, n, f64::from(u32::MAX)).map(|n| n as u32);
    Ok((side("width", width)?, side("height", height)?))
}

/// The model with the page's scenario as an XMILE 1.0 file, for Stella, Simlin, PySD and
/// other system-dynamics tools (see `exchange::xmile`).
///
/// # Errors
/// An `Error` naming an unknown preset or goal, or a bad setting.
#[wasm_bindgen(js_name = xmileFile)]
pub fn xmile_file(preset: &str, settings: Vec<String>, goal: &str) -> Result<String, JsError> {
    let scenario = page(preset, &settings, goal)?.scenario()?;
    crate::exchange::xmile::to_xmile(&scenario).map_err(|e| JsError::new(&e.to_string()))
}
