//! A scenario as a small JSON file that a person keeps, mails or checks in, and that the page and
//! the CLI both read back: the preset it started from, every parameter's value, the run options,
//! the goal and, from the page, the Uncertainty view's futures.
//!
//! ```json
//! {
//!   "format": "flywheel-scenario",
//!   "version": 1,
//!   "preset": "healthy",
//!   "goal": "paid",
//!   "run": {"integrator": "rk4", "weeks": 260, "step_weeks": 1},
//!   "values": {"compute.initial_gpus": 400, "...": 0},
//!   "uncertainty": {"runs": 1000, "seed": 1, "spread": 0.25, "verdicts": "whole",
//!                   "ranges": {"payments.paying_share": [0.05, 0.2]}}
//! }
//! ```
//!
//! Every value is written, so a file means the same run even if a preset changes later. A file
//! may leave values out (they are the preset's), and `run`, `goal` and `uncertainty` too (the
//! defaults, and no futures). Anything else is refused with a message that names the key, quotes
//! the value and gives the range: a file that cannot be read whole is not read at all.

use serde_json::Value;

use crate::analysis::ensemble::Verdicts;
use crate::error::{number, quoted, Error};
use crate::model::integrate::Integrator;
use crate::model::noise::Noise;
use crate::model::params::ParamSpec;
use crate::model::scenario::{Goal, Scenario};
use crate::reading::link::{Futures, MAX_SEED, MAX_SPREAD, PAGE_MAX_RUNS};

/// What the `format` key of every scenario file says.
pub const FORMAT: &str = "flywheel-scenario";
/// The version of the file this code writes, and the newest it reads.
pub const VERSION: u64 = 1;
/// The largest file read: one with every value and every range is under 6 KB.
pub const MAX_FILE_BYTES: usize = 65_536;
/// The most problems one message names (then how many more).
const MAX_PROBLEMS: usize = 5;

/// A scenario read from a file, with the page's futures if the file has them.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioFile {
    pub scenario: Scenario,
    pub futures: Option<Futures>,
}

/// A number as JSON writes it, in as few characters as parse back to it exactly: `400`,
/// `0.45`, `2e7`. Values are checked, so never NaN or infinite.
fn json_number(value: f64) -> String {
    let plain = format!("{value}");
    let exponent = format!("{value:e}");
    if exponent.len() < plain.len() {
        exponent
    } else {
        plain
    }
}

/// The file for `scenario` and, if the page has them, its `futures`.
pub fn write(scenario: &Scenario, futures: Option<&Futures>) -> String {
    let options = &scenario.options;
    let mut text = format!("{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {VERSION},\n");
    if let Some(preset) = scenario.preset {
        text += &format!("  \"preset\": \"{preset}\",\n");
    }
    text += &format!("  \"goal\": \"{}\",\n", options.goal.id());
    text += &format!(
        "  \"run\": {{\"integrator\": \"{}\", \"weeks\": {}, \"step_weeks\": {}",
        options.integrator.id(),
        options.weeks,
        json_number(options.step_weeks)
    );
    if let Some(noise) = options.noise {
        text += &format!(
            ", \"noise\": {{\"sigma\": {}, \"seed\": {}}}",
            json_number(noise.sigma),
            noise.seed
        );
    }
    text += "},\n  \"values\": {\n";
    let values: Vec<String> = scenario
        .params
        .iter()
        .map(|(spec, value)| format!("    \"{}\": {}", spec.id, json_number(value)))
        .collect();
    text += &values.join(",\n");
    text += "\n  }";
    if let Some(futures) = futures {
        text += &format!(
            ",\n  \"uncertainty\": {{\n    \"runs\": {},\n    \"seed\": {},\n    \"spread\": {},\n    \"verdicts\": \"{}\",\n    \"ranges\": {{",
            futures.runs,
            futures.seed,
            json_number(futures.spread),
            futures.verdicts.id(),
        );
        let ranges: Vec<String> = futures
            .ranges
            .iter()
            .map(|(id, lo, hi)| {
                format!(
                    "\n      \"{id}\": [{}, {}]",
                    json_number(*lo),
                    json_number(*hi)
                )
            })
            .collect();
        text += &ranges.join(",");
        text += if ranges.is_empty() { "}" } else { "\n    }" };
        text += "\n  }";
    }
    text += "\n}\n";
    text
}

/// Reads a scenario file.
///
/// # Errors
/// [`Error::ScenarioFile`] naming what cannot be read: text that is not JSON, a file that is
/// not a Flywheel scenario or is of a newer version, an unknown key, parameter or preset, a
/// value of the wrong kind or outside its range. At most five problems are named.
pub fn read(text: &str) -> Result<ScenarioFile, Error> {
    let fail = |why: String| Error::ScenarioFile { why };
    if text.len() > MAX_FILE_BYTES {
        return Err(fail(format!(
            "it is {} bytes, more than the {MAX_FILE_BYTES} a scenario file can be",
            text.len()
        )));
    }
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| fail(format!("it is not JSON: {e}")))?;
    let Value::Object(top) = value else {
        return Err(fail(format!(
            "it is {} of JSON, not an object with \"format\": \"{FORMAT}\"",
            kind(&value)
        )));
    };
    match top.get("format") {
        Some(Value::String(format)) if format == FORMAT => {}
        Some(other) => {
            return Err(fail(format!(
                "it is not a Flywheel scenario file: \"format\" is {}, not \"{FORMAT}\"",
                shown(other)
            )))
        }
        None => {
            return Err(fail(format!(
                "it is not a Flywheel scenario file: it has no \"format\": \"{FORMAT}\""
            )))
        }
    }
    match top.get("version") {
        Some(Value::Number(n)) if n.as_u64() == Some(VERSION) => {}
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v > VERSION) => {
            return Err(fail(format!(
                "it is version {n}, newer than the version {VERSION} this Flywheel reads"
            )))
        }
        Some(other) => {
            return Err(fail(format!(
                "\"version\" is {}, not {VERSION}",
                shown(other)
            )))
        }
        None => return Err(fail("it has no \"version\"".into())),
    }

    let mut problems = Problems::default();
    for key in top.keys() {
        if !KEYS.contains(&key.as_str()) {
            problems.add(format!(
                "unknown key \"{}\" (keys: {})",
                quoted(key),
                KEYS.join(", ")
            ));
        }
    }
    let mut scenario = match top.get("preset") {
        None => Scenario::default(),
        Some(Value::String(id)) => match Scenario::from_preset(id) {
            Ok(scenario) => scenario,
            Err(error) => {
                problems.add(format!("\"preset\": {error}"));
                Scenario::default()
            }
        },
        Some(other) => {
            problems.add(format!("\"preset\" is {}, not a preset id", shown(other)));
            Scenario::default()
        }
    };
    if let Some(goal) = top.get("goal") {
        match goal.as_str().map(Goal::from_id) {
            Some(Ok(goal)) => scenario.options.goal = goal,
            _ => problems.add(format!(
                "\"goal\" is {}, not \"paid\", \"revenue\" or \"users\"",
                shown(goal)
            )),
        }
    }
    if let Some(run) = top.get("run") {
        read_run(run, &mut scenario, &mut problems);
    }
    match top.get("values") {
        None => {}
        Some(Value::Object(values)) => {
            for (id, value) in values {
                let spec = match ParamSpec::find(id) {
                    Ok(spec) => spec,
                    Err(error) => {
                        problems.add(format!("\"values\": {error}"));
                        continue;
                    }
                };
                match value.as_f64() {
                    Some(v) => match spec.check(v) {
                        Ok(v) => scenario.params.set(spec.param, v).unwrap_or(()),
                        Err(error) => problems.add(format!("\"values\": {error}")),
                    },
                    None => problems.add(format!(
                        "\"values\": `{id}` is {}, not a number",
                        shown(value)
                    )),
                }
            }
        }
        Some(other) => problems.add(format!(
            "\"values\" is {}, not an object of parameter ids and numbers",
            shown(other)
        )),
    }
    let futures = top
        .get("uncertainty")
        .map(|u| read_futures(u, &mut problems));
    problems.into_result()?;
    Ok(ScenarioFile { scenario, futures })
}

/// The keys a scenario file may have.
const KEYS: [&str; 7] = [
    "format",
    "version",
    "preset",
    "goal",
    "run",
    "values",
    "uncertainty",
];

/// Reads `run` into the scenario's options, checked together as a run checks them.
fn read_run(run: &Value, scenario: &mut Scenario, problems: &mut Problems) {
    let Value::Object(run) = run else {
        problems.add(format!(
            "\"run\" is {}, not an object with integrator, weeks and step_weeks",
            shown(run)
        ));
        return;
    };
    let options = &mut scenario.options;
    for (key, value) in run {
        match key.as_str() {
            "integrator" => match value.as_str().map(str::parse::<Integrator>) {
                Some(Ok(integrator)) => options.integrator = integrator,
                _ => problems.add(format!(
                    "\"run\": \"integrator\" is {}, not \"euler\" or \"rk4\"",
                    shown(value)
                )),
            },
            "weeks" => match value.as_u64().and_then(|w| u32::try_from(w).ok()) {
                Some(weeks) => options.weeks = weeks,
                None => problems.add(format!(
                    "\"run\": \"weeks\" is {}, not a whole number of weeks",
                    shown(value)
                )),
            },
            "step_weeks" => match value.as_f64() {
                Some(step) => options.step_weeks = step,
                None => problems.add(format!(
                    "\"run\": \"step_weeks\" is {}, not a number",
                    shown(value)
                )),
            },
            "noise" => match read_noise(value) {
                Some(noise) => options.noise = noise,
                None => problems.add(format!(
                    "\"run\": \"noise\" is {}, not null or {{\"sigma\": 0 to 1, \"seed\": a whole number}}",
                    shown(value)
                )),
            },
            other => problems.add(format!(
                "\"run\": unknown key \"{}\" (keys: integrator, weeks, step_weeks, noise)",
                quoted(other)
            )),
        }
    }
    if let Err(error) = options.steps() {
        problems.add(format!("\"run\": {error}"));
    }
}

/// `null`, or noise as `{"sigma": S, "seed": N}`.
fn read_noise(value: &Value) -> Option<Option<Noise>> {
    match value {
        Value::Null => Some(None),
        Value::Object(noise) if noise.len() == 2 => Some(Some(Noise {
            sigma: noise.get("sigma")?.as_f64()?,
            seed: noise.get("seed")?.as_u64()?,
        })),
        _ => None,
    }
}

/// Reads the Uncertainty view's futures; what is missing is the view's default.
fn read_futures(value: &Value, problems: &mut Problems) -> Futures {
    let mut futures = Futures::default();
    let Value::Object(given) = value else {
        problems.add(format!(
            "\"uncertainty\" is {}, not an object with runs, seed, spread, verdicts and ranges",
            shown(value)
        ));
        return futures;
    };
    for (key, value) in given {
        let whole = |least: u64, most: u64| value.as_u64().filter(|v| (least..=most).contains(v));
        match key.as_str() {
            "runs" => match whole(1, PAGE_MAX_RUNS) {
                Some(runs) => futures.runs = runs,
                None => problems.add(format!(
                    "\"uncertainty\": \"runs\" is {}, not a whole number from 1 to {PAGE_MAX_RUNS}",
                    shown(value)
                )),
            },
            "seed" => match whole(0, MAX_SEED) {
                Some(seed) => futures.seed = seed,
                None => problems.add(format!(
                    "\"uncertainty\": \"seed\" is {}, not a whole number from 0 to {MAX_SEED}",
                    shown(value)
                )),
            },
            "spread" => match value.as_f64().filter(|s| (0.0..=MAX_SPREAD).contains(s)) {
                Some(spread) => futures.spread = spread,
                None => problems.add(format!(
                    "\"uncertainty\": \"spread\" is {}, not a number from 0 to {MAX_SPREAD}",
                    shown(value)
                )),
            },
            "verdicts" => match value.as_str().map(Verdicts::from_id) {
                Some(Ok(verdicts)) if verdicts != Verdicts::None => futures.verdicts = verdicts,
                _ => problems.add(format!(
                    "\"uncertainty\": \"verdicts\" is {}, not \"whole\" or \"stages\"",
                    shown(value)
                )),
            },
            "ranges" => read_ranges(value, &mut futures, problems),
            other => problems.add(format!(
                "\"uncertainty\": unknown key \"{}\" (keys: runs, seed, spread, verdicts, ranges)",
                quoted(other)
            )),
        }
    }
    // In the order of the parameter table, as a link writes them.
    futures
        .ranges
        .sort_by_key(|(id, _, _)| ParamSpec::find(id).map_or(usize::MAX, |s| s.param as usize));
    futures
}

/// Reads `{"layer.param": [LO, HI], ...}`.
fn read_ranges(value: &Value, futures: &mut Futures, problems: &mut Problems) {
    let Value::Object(ranges) = value else {
        problems.add(format!(
            "\"uncertainty\": \"ranges\" is {}, not an object of parameter ids and [LO, HI]",
            shown(value)
        ));
        return;
    };
    for (id, range) in ranges {
        let spec = match ParamSpec::find(id) {
            Ok(spec) => spec,
            Err(error) => {
                problems.add(format!("\"ranges\": {error}"));
                continue;
            }
        };
        let pair = match range.as_array().map(Vec::as_slice) {
            Some([lo, hi]) => lo.as_f64().zip(hi.as_f64()),
            _ => None,
        };
        let Some((lo, hi)) = pair else {
            problems.add(format!(
                "\"ranges\": `{id}` is {}, not [LO, HI]",
                shown(range)
            ));
            continue;
        };
        match (spec.check(lo), spec.check(hi)) {
            (Ok(lo), Ok(hi)) if lo <= hi => futures.ranges.push((spec.id, lo, hi)),
            (Ok(lo), Ok(hi)) => problems.add(format!(
                "\"ranges\": `{id}` has LO {} above HI {}",
                number(lo),
                number(hi)
            )),
            (Err(error), _) | (_, Err(error)) => problems.add(format!("\"ranges\": {error}")),
        }
    }
}

/// What kind of JSON value this is, for a message.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A JSON value quoted briefly: strings and numbers as given (clipped), others by kind.
fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => format!("\"{}\"", quoted(text)),
        Value::Number(n) => quoted(&n.to_string()),
        Value::Null | Value::Bool(_) => value.to_string(),
        Value::Array(_) | Value::Object(_) => kind(value).into(),
    }
}

/// The problems of a file, a few of them named.
#[derive(Default)]
struct Problems {
    named: Vec<String>,
    more: usize,
}

impl Problems {
    fn add(&mut self, problem: String) {
        if self.named.len() < MAX_PROBLEMS {
            self.named.push(problem);
        } else {
            self.more += 1;
        }
    }

    fn into_result(self) -> Result<(), Error> {
        if self.named.is_empty() {
            return Ok(());
        }
        let mut why = self.named.join("; ");
        if self.more > 0 {
            why += &format!("; and {} more", self.more);
        }
        Err(Error::ScenarioFile { why })
    }
}
