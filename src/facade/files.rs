//! What a page exports and opens as files, in the CLI's shapes: a run as JSON or CSV (one
//! scenario, or two compared), a chart as SVG, the scenario file. Plain Rust; `web_study`
//! converts.

use serde::Serialize;

use crate::analysis::report::{report, Report};
use crate::chart::svg::{svg_of, Kind};
use crate::error::Error;
use crate::model::scenario::{Goal, RunOptions, Scenario};
use crate::reading::link::{Futures, Link};
use crate::reading::scenario_file::{self, ScenarioFile};

/// A page's scenario as the page holds it: a preset, `layer.param=value` settings and a goal.
#[derive(Debug, Clone, Copy)]
pub struct PageScenario<'a> {
    pub preset: &'a str,
    pub settings: &'a [String],
    pub goal: Goal,
}

impl PageScenario<'_> {
    /// The scenario, with the page's run options (the defaults).
    ///
    /// # Errors
    /// An unknown preset or a bad setting.
    pub fn scenario(&self) -> Result<Scenario, Error> {
        let mut scenario = Scenario::from_preset(self.preset)?;
        scenario.apply(self.settings.iter().map(String::as_str))?;
        scenario.options.goal = self.goal;
        Ok(scenario)
    }
}

/// The run of `b` as `flywheel run` prints it, or with `a` the two compared: JSON
/// `{"a": RUN, "b": RUN}` (each as `flywheel run` prints it), or CSV with a first column
/// `scenario` (A, then B) before the CLI's columns.
///
/// # Errors
/// As [`PageScenario::scenario`] and the run.
pub fn run_text(b: &PageScenario, a: Option<&PageScenario>, csv: bool) -> Result<String, Error> {
    let b = report(&b.scenario()?)?;
    let Some(a) = a else {
        return Ok(if csv { b.to_csv() } else { b.to_json() + "\n" });
    };
    let a = report(&a.scenario()?)?;
    Ok(if csv {
        tagged_csv(&[("A", &a), ("B", &b)])
    } else {
        // Each run indented once more inside the pair.
        let indent = |text: String| text.replace('\n', "\n  ");
        format!(
            "{{\n  \"a\": {},\n  \"b\": {}\n}}\n",
            indent(a.to_json()),
            indent(b.to_json())
        )
    })
}

/// The CSV of several runs stacked, each row led by its run's tag.
fn tagged_csv(runs: &[(&str, &Report)]) -> String {
    let mut out = String::new();
    for (i, (tag, run)) in runs.iter().enumerate() {
        for (row, line) in run.to_csv().lines().enumerate() {
            if row == 0 {
                if i == 0 {
                    out += &format!("scenario,{line}\n");
                }
                continue;
            }
            out += &format!("{tag},{line}\n");
        }
    }
    out
}

/// Chart `kind` of the run of `b` at `week`, with `a` drawn behind it when it is pinned, as
/// SVG of `width` × `height` pixels.
///
/// # Errors
/// As the run, an unknown chart, a week outside the run or a size outside
/// [`crate::chart::svg::SIDES`].
pub fn chart_svg(
    b: &PageScenario,
    a: Option<&PageScenario>,
    kind: &str,
    week: f64,
    size: (u32, u32),
    dark: bool,
) -> Result<String, Error> {
    let a = a.map(PageScenario::scenario).transpose()?;
    svg_of(
        &b.scenario()?,
        a.as_ref(),
        Kind::from_id(kind)?,
        Some(week),
        size,
        dark,
    )
}

/// The scenario file of `scenario`, with the page's futures if its Uncertainty view has any.
///
/// # Errors
/// As [`PageScenario::scenario`].
pub fn scenario_text(scenario: &PageScenario, futures: Option<&Futures>) -> Result<String, Error> {
    Ok(scenario_file::write(&scenario.scenario()?, futures))
}

/// A scenario file as a page applies it: see [`for_page`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForPage {
    /// The preset the file names, or the first preset when it names none.
    pub preset: &'static str,
    /// `layer.param=value` for each value that differs from the preset's.
    pub settings: Vec<String>,
    pub goal: &'static str,
    pub futures: Option<Futures>,
    /// What the file sets that a page does not use, in words.
    pub unused: Vec<String>,
}

/// What a page takes from a scenario file: its preset, the values that differ from it, the
/// goal and the futures; and, in words, the run options it cannot use (a page runs the
/// default horizon by RK4 in steps of a week, without noise).
pub fn for_page(file: &ScenarioFile) -> ForPage {
    let scenario = &file.scenario;
    let options = &scenario.options;
    let preset = scenario.base_preset();
    let settings = Link::new(preset, None, options.goal, &scenario.params).setting_strings();
    let page = RunOptions::default();
    let mut unused = Vec::new();
    if options.weeks != page.weeks {
        unused.push(format!(
            "its {} weeks (the page runs {})",
            options.weeks, page.weeks
        ));
    }
    if options.step_weeks != page.step_weeks {
        unused.push(format!(
            "its step of {} weeks (the page steps a week at a time)",
            options.step_weeks
        ));
    }
    if options.integrator != page.integrator {
        unused.push(format!(
            "its {} integration (the page integrates by {})",
            options.integrator.id(),
            page.integrator.id()
        ));
    }
    if options.noise.is_some() {
        unused.push("its demand noise (the page runs without)".into());
    }
    ForPage {
        preset: preset.id,
        settings,
        goal: options.goal.id(),
        futures: file.futures.clone(),
        unused,
    }
}
