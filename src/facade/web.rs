//! The JavaScript facade: the only module with `#[wasm_bindgen]`. It converts, it does not compute.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::analysis::ensemble::Verdicts;
use crate::analysis::report::{report, LayerUnits, Report};
use crate::chart::{draw_bottlenecks, draw_demand, draw_funnel, draw_loop, Style, View};
use crate::error::Error;
use crate::facade::live::Live;
use crate::model::layer::Layer;
use crate::model::params::{ParamSpec, SPECS};
use crate::model::presets::{Preset, PRESETS};
use crate::model::scenario::{Goal, Scenario};
use crate::reading::compare::compare;
use crate::reading::explain::{captions, panel, DIFFERENCE};
use crate::reading::format::value_text;
use crate::reading::link::{parse, parse_values, quote, Futures, Link, MAX_SEED, PAGE_MAX_RUNS};
use crate::reading::slider::{position_of, value_at, SliderSpec};

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

/// Every parameter: `{id, layer, label, unit, min, max, default, meaning, code, scale, positions}`.
#[wasm_bindgen(js_name = params)]
pub fn params() -> Result<JsValue, JsError> {
    to_js(&SPECS.iter().map(SliderSpec::of).collect::<Vec<_>>())
}

/// Every layer in loop order: `[{layer, stock, flow}]` with the units of its series.
#[wasm_bindgen(js_name = layers)]
pub fn layers() -> Result<JsValue, JsError> {
    to_js(&Layer::ALL.map(LayerUnits::of))
}

/// A preset's value of every parameter: `[[id, value], ...]` in table order.
///
/// # Errors
/// An `Error` naming an unknown preset.
#[wasm_bindgen(js_name = presetValues)]
pub fn preset_values(id: &str) -> Result<JsValue, JsError> {
    let params = Preset::find(id)?.params();
    to_js(
        &params
            .iter()
            .map(|(spec, value)| (spec.id, value))
            .collect::<Vec<_>>(),
    )
}

/// The value of parameter `id` at slider `position`.
///
/// # Errors
/// An `Error` naming an unknown parameter.
#[wasm_bindgen(js_name = sliderValue)]
pub fn slider_value(id: &str, position: u32) -> Result<f64, JsError> {
    Ok(value_at(ParamSpec::find(id)?, position))
}

/// The slider position nearest to `value` of parameter `id`.
///
/// # Errors
/// An `Error` naming an unknown parameter.
#[wasm_bindgen(js_name = sliderPosition)]
pub fn slider_position(id: &str, value: f64) -> Result<u32, JsError> {
    Ok(position_of(ParamSpec::find(id)?, value))
}

/// A parameter value as a label shows it: `20k`, `0.45`.
#[wasm_bindgen(js_name = valueText)]
pub fn value_label(value: f64) -> String {
    value_text(value)
}

/// How the busiest layer and the bottleneck differ, in one sentence.
#[wasm_bindgen(js_name = difference)]
pub fn difference() -> String {
    DIFFERENCE.to_string()
}

/// Reads a URL hash: `{link: {preset, week, goal, settings: [[id, value]...]}, problems: [...]}`.
/// Never throws: what cannot be used is named in `problems`, a few of them (see `link::parse`).
#[wasm_bindgen(js_name = parseLink)]
pub fn parse_link(hash: &str, weeks: u32) -> Result<JsValue, JsError> {
    to_js(&parse(hash, weeks))
}

/// Reads starting values, `ids[i]` = `values[i]` as text: `{settings: [[id, value]...],
/// problems: [...]}`, bounded as a link's are. Never throws.
#[wasm_bindgen(js_name = parseValues)]
pub fn parse_values_js(ids: Vec<String>, values: Vec<String>) -> Result<JsValue, JsError> {
    let given: Vec<(&str, &str)> = ids
        .iter()
        .zip(&values)
        .map(|(id, value)| (id.as_str(), value.as_str()))
        .collect();
    to_js(&parse_values(&given))
}

/// User text as a message quotes it: clipped, invisible characters and backticks written out.
#[wasm_bindgen(js_name = quote)]
pub fn quote_js(text: &str) -> String {
    quote(text)
}

/// A preset run with default options, as plain data.
///
/// # Errors
/// An `Error` naming the preset when it is unknown.
#[wasm_bindgen(js_name = runPreset)]
pub fn run_preset(id: &str) -> Result<JsValue, JsError> {
    to_js(&report(&Scenario::from_preset(id)?)?)
}

/// A run of a preset with `layer.param=value` settings, kept up to date by `update`, with
/// its verdict, panel text, captions, link and charts; and, pinned as a baseline, scenario A,
/// which the charts draw behind this run (B) and the panel compares with it.
#[wasm_bindgen(js_name = Run)]
pub struct JsRun {
    live: Live,
    pinned: Option<Live>,
}

/// The goal named by `id`, the default without one.
fn goal_of(id: Option<String>) -> Result<Goal, Error> {
    id.map_or(Ok(Goal::default()), |id| Goal::from_id(&id))
}

/// A canvas as plotters draws on it.
type Area = DrawingArea<CanvasBackend, Shift>;

#[wasm_bindgen(js_class = Run)]
impl JsRun {
    /// Runs `preset` with `settings` applied in order, its verdict maximising `goal` (`paid`,
    /// `revenue` or `users`; `paid` without one).
    ///
    /// # Errors
    /// An `Error` naming the unknown preset or goal, or the bad setting and its allowed range.
    #[wasm_bindgen(constructor)]
    pub fn new(
        preset: &str,
        settings: Vec<String>,
        goal: Option<String>,
    ) -> Result<JsRun, JsError> {
        Ok(JsRun {
            live: Live::new(preset, settings.iter().map(String::as_str), goal_of(goal)?)?,
            pinned: None,
        })
    }

    /// Runs another preset and settings in place of these; on an error nothing changes. With
    /// `week`, only the year that holds it is judged and the rest of the verdict is left
    /// pending for `judgeNext`; without, the whole verdict is judged.
    ///
    /// # Errors
    /// As the constructor, or an `Error` for a week outside the run.
    pub fn update(
        &mut self,
        preset: &str,
        settings: Vec<String>,
        goal: Option<String>,
        week: Option<f64>,
    ) -> Result<(), JsError> {
        let settings = settings.iter().map(String::as_str);
        let goal = goal_of(goal)?;
        match week {
            Some(week) => self.live.update_at(preset, settings, goal, week)?,
            None => self.live.update(preset, settings, goal)?,
        }
        Ok(())
    }

    /// Judges one pending part of the verdict (a year, then the whole run: eight runs at
    /// most); returns whether any part is still pending.
    #[wasm_bindgen(js_name = judgeNext)]
    pub fn judge_next(&mut self) -> bool {
        self.live.judge_next()
    }

    /// Judges the year that holds `week`, if it is pending (drawing at a week does too).
    ///
    /// # Errors
    /// An `Error` for a week outside the run.
    #[wasm_bindgen(js_name = judgeWeek)]
    pub fn judge_week(&mut self, week: f64) -> Result<(), JsError> {
        self.shown(week)?;
        Ok(())
    }

    /// How many parts of the verdict (the whole run and the years) are still pending.
    #[wasm_bindgen(getter)]
    pub fn pending(&self) -> usize {
        self.live.verdict().pending()
    }

    /// The layer id of the whole-run verdict, or `null` when no layer's relief raises the goal
    /// (judged now if it was pending).
    #[wasm_bindgen(getter)]
    pub fn bottleneck(&mut self) -> Option<String> {
        self.live.judge_whole();
        self.live
            .verdict()
            .bottleneck()
            .map(|layer| layer.id().into())
    }

    /// The horizon in weeks.
    #[wasm_bindgen(getter)]
    pub fn weeks(&self) -> u32 {
        self.live.weeks()
    }

    /// The verdict panel at `week`: the bottleneck of the year holding it and why, the
    /// whole-run answer and the busiest layer (see `Panel` in index.d.ts).
    ///
    /// # Errors
    /// An `Error` for a week outside the run.
    pub fn panel(&mut self, week: f64) -> Result<JsValue, JsError> {
        let record = self.shown(week)?;
        to_js(&panel(&self.live, record))
    }

    /// The text alternative of each chart at `week`: `{demand, funnel, loop, bottlenecks}`;
    /// with a baseline, A's follows B's in each.
    ///
    /// # Errors
    /// An `Error` for a week outside the run.
    pub fn captions(&mut self, week: f64) -> Result<JsValue, JsError> {
        let record = self.shown(week)?;
        let b = captions(&self.live, record);
        match &self.pinned {
            // A is judged whole when it is pinned; its record is B's, within its own run.
            Some(a) => {
                let last = a.run().series.week.len().saturating_sub(1);
                to_js(&b.with_baseline(captions(a, record.min(last))))
            }
            None => to_js(&b),
        }
    }

    /// The record that shows `week`, its year judged: whatever shows a week tells that year's
    /// verdict, never a pending one.
    fn shown(&mut self, week: f64) -> Result<usize, Error> {
        let record = self.live.record(week)?;
        self.live.judge_record(record);
        Ok(record)
    }

    /// The URL hash (without `#`) for this run shown at `week`; no week for the default. With
    /// a pinned baseline, A's part follows B's (`&a=PRESET&a.uq=.5`).
    pub fn link(&self, week: Option<u32>) -> Result<String, JsError> {
        let scenario = self.live.scenario();
        let mut link = Link::new(
            scenario.base_preset(),
            week,
            scenario.options.goal,
            &scenario.params,
        );
        if let Some(a) = &self.pinned {
            let a = a.scenario();
            link = link.with_baseline(a.base_preset(), a.options.goal, &a.params);
        }
        Ok(link.to_hash())
    }

    /// Pins this run as the baseline, scenario A, judged whole; the run goes on as B.
    pub fn pin(&mut self) {
        self.live.complete();
        self.pinned = Some(self.live.clone());
    }

    /// Pins `preset` with `settings` and `goal` as the baseline A (a link's or a page's).
    ///
    /// # Errors
    /// As the constructor; on an error the baseline is unchanged.
    #[wasm_bindgen(js_name = pinScenario)]
    pub fn pin_scenario(
        &mut self,
        preset: &str,
        settings: Vec<String>,
        goal: Option<String>,
    ) -> Result<(), JsError> {
        let settings = settings.iter().map(String::as_str);
        self.pinned = Some(Live::new(preset, settings, goal_of(goal)?)?);
        Ok(())
    }

    /// Clears the baseline.
    pub fn unpin(&mut self) {
        self.pinned = None;
    }

    /// The baseline A as a page sets it: `{preset, goal, settings: ["id=value"...]}`, or `null`.
    ///
    /// # Errors
    /// When it cannot be converted.
    #[wasm_bindgen(getter)]
    pub fn pinned(&self) -> Result<JsValue, JsError> {
        let Some(a) = &self.pinned else {
            return Ok(JsValue::NULL);
        };
        let a = a.scenario();
        let link = Link::new(a.base_preset(), None, a.options.goal, &a.params);
        to_js(&Pinned {
            preset: link.preset,
            goal: link.goal.id(),
            settings: link.setting_strings(),
        })
    }

    /// A against B at `week`: each one's bottleneck in that year and over the run, and the
    /// goal's change from A to B (see `Compare` in index.d.ts); `null` without a baseline.
    ///
    /// # Errors
    /// An `Error` for a week outside the run.
    pub fn compare(&mut self, week: f64) -> Result<JsValue, JsError> {
        // B's year shown and whole run are what it reads: the other years stay for idle time.
        self.shown(week)?;
        let Some(a) = &self.pinned else {
            return Ok(JsValue::NULL);
        };
        self.live.judge_whole();
        to_js(&compare(a, &self.live, week))
    }

    /// The whole report (verdict, summary, series) as plain data; pending parts of the verdict
    /// are judged first.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&mut self) -> Result<JsValue, JsError> {
        self.live.complete();
        to_js(&Report::of(&self.live))
    }

    /// Draws one chart of the run at `week` onto `canvas` in the page's pixel ratio.
    fn paint(
        &mut self,
        canvas: HtmlCanvasElement,
        week: f64,
        dark: bool,
        chart: impl FnOnce(&Area, &View, &Style) -> Result<(), Error>,
    ) -> Result<(), JsError> {
        let backend = CanvasBackend::with_canvas_object(canvas)
            .ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
        let scale = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        let record = self.shown(week)?;
        let baseline = self.pinned.as_ref().map(|a| View {
            series: &a.run().series,
            verdict: a.verdict(),
            record: record.min(a.run().series.week.len().saturating_sub(1)),
            baseline: None,
        });
        let view = View {
            series: &self.live.run().series,
            verdict: self.live.verdict(),
            record,
            baseline: baseline.as_ref(),
        };
        Ok(chart(
            &backend.into_drawing_area(),
            &view,
            &Style::new(dark, scale),
        )?)
    }

    /// Draws demand through the layers onto `canvas`, marking `week`.
    ///
    /// # Errors
    /// An `Error` for a week outside the run or a canvas that cannot be drawn on.
    #[wasm_bindgen(js_name = drawDemand)]
    pub fn draw_demand(
        &mut self,
        canvas: HtmlCanvasElement,
        week: f64,
        dark: bool,
    ) -> Result<(), JsError> {
        self.paint(canvas, week, dark, draw_demand)
    }

    /// Draws the demand funnel at `week` onto `canvas`.
    ///
    /// # Errors
    /// As `drawDemand`.
    #[wasm_bindgen(js_name = drawFunnel)]
    pub fn draw_funnel(
        &mut self,
        canvas: HtmlCanvasElement,
        week: f64,
        dark: bool,
    ) -> Result<(), JsError> {
        self.paint(canvas, week, dark, draw_funnel)
    }

    /// Draws the loop at `week` onto `canvas`; `phase` (0 to 1) places the travelling dots.
    ///
    /// # Errors
    /// As `drawDemand`.
    #[wasm_bindgen(js_name = drawLoop)]
    pub fn draw_loop(
        &mut self,
        canvas: HtmlCanvasElement,
        week: f64,
        phase: f64,
        dark: bool,
    ) -> Result<(), JsError> {
        self.paint(canvas, week, dark, |area, view, style| {
            let gain = view
                .series
                .loop_gain
                .get(view.record)
                .copied()
                .unwrap_or(0.0);
            draw_loop(area, view, phase, gain, style)
        })
    }

    /// Draws the bottleneck timeline onto `canvas`, marking `week`.
    ///
    /// # Errors
    /// As `drawDemand`.
    #[wasm_bindgen(js_name = drawBottlenecks)]
    pub fn draw_bottlenecks(
        &mut self,
        canvas: HtmlCanvasElement,
        week: f64,
        dark: bool,
    ) -> Result<(), JsError> {
        self.paint(canvas, week, dark, draw_bottlenecks)
    }
}

/// A baseline as `Run.pinned` gives it.
#[derive(serde::Serialize)]
struct Pinned {
    preset: &'static str,
    goal: &'static str,
    settings: Vec<String>,
}

/// A whole number from JavaScript, or a message naming it.
pub(crate) fn whole(what: &str, value: f64, most: f64) -> Result<u64, JsError> {
    if value.is_finite() && value.fract() == 0.0 && (0.0..=most).contains(&value) {
        Ok(value as u64)
    } else {
        Err(JsError::new(&format!(
            "{what} = {} is not a whole number from 0 to {most}",
            crate::error::number(value)
        )))
    }
}

/// The Uncertainty view's part of a link (`n=1000&s=1`, then `sp`, `j` and `~code=LO:HI` for
/// the ranges set by hand), written as `parseLink` reads it back into `link.futures`.
///
/// # Errors
/// An `Error` naming an unknown parameter, a bad number or verdicts.
#[wasm_bindgen(js_name = futuresLink)]
pub fn futures_link(
    runs: f64,
    seed: f64,
    spread: f64,
    verdicts: &str,
    ids: Vec<String>,
    lo: Vec<f64>,
    hi: Vec<f64>,
) -> Result<String, JsError> {
    Ok(futures_of(runs, seed, spread, verdicts, &ids, &lo, &hi)?.to_hash())
}

/// The Uncertainty view's futures from the page's numbers, each checked: what `futuresLink`
/// writes into a link and `scenarioFile` into a file.
pub(crate) fn futures_of(
    runs: f64,
    seed: f64,
    spread: f64,
    verdicts: &str,
    ids: &[String],
    lo: &[f64],
    hi: &[f64],
) -> Result<Futures, JsError> {
    let ranges = ids
        .iter()
        .zip(lo.iter().zip(hi))
        .map(|(id, (&lo, &hi))| Ok((ParamSpec::find(id)?.id, lo, hi)))
        .collect::<Result<Vec<_>, crate::error::Error>>()?;
    Ok(Futures {
        runs: whole("runs", runs, PAGE_MAX_RUNS as f64)?,
        seed: whole("seed", seed, MAX_SEED as f64)?,
        spread,
        verdicts: Verdicts::from_id(verdicts)?,
        ranges,
    })
}
