//! An ensemble as a page holds it: the plan, the counts streamed in from its workers, the
//! tornado worked out once, and the latest report. Plain Rust; `web_study` only converts.
//!
//! A page builds the same `Study` in its main thread and in each worker from the same inputs.
//! Workers call [`Study::work`] on runs `start..end` and [`Study::tornado`]; the main thread
//! adds what they send ([`Study::add`], [`Study::set_tornado`]) and reads [`Study::report`].

use crate::analysis::ensemble::{
    baseline, report_with, report_without_rules, tally, tornado, Plan, Report, Swing, Tally,
    Verdicts,
};
use crate::chart::svg::drawn;
use crate::chart::{draw_fan, draw_odds, draw_tornado, Metric, Style};
use crate::error::Error;
use crate::model::run::{simulate, Run};
use crate::model::scenario::{Goal, Scenario};

/// What an Uncertainty view is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Ask<'a> {
    pub preset: &'a str,
    pub settings: &'a [String],
    pub goal: Goal,
    pub spread: f64,
    pub runs: u64,
    pub seed: u64,
    pub vary: &'a [String],
    pub verdicts: Verdicts,
}

/// The most runs a page's ensemble takes.
pub use crate::reading::link::PAGE_MAX_RUNS;

#[derive(Debug, Clone)]
pub struct Study {
    plan: Plan,
    tally: Tally,
    tornado: Vec<Swing>,
    baseline: f64,
    /// The single run at the scenario's values, for the fan's reference line.
    single: Run,
    report: Report,
    /// Counts or a tornado came in since `report` was made: the next read remakes it.
    stale: bool,
}

impl Study {
    /// # Errors
    /// An unknown preset, a bad setting or range, runs outside 1 to [`PAGE_MAX_RUNS`], or a
    /// spread that is not a number of 0 or more.
    pub fn new(ask: &Ask) -> Result<Study, Error> {
        if !(1..=PAGE_MAX_RUNS).contains(&ask.runs) {
            return Err(Error::BadRunOption {
                what: "runs",
                value: ask.runs.to_string(),
                rule: format!("a page runs 1 to {PAGE_MAX_RUNS} futures"),
            });
        }
        let mut scenario = Scenario::from_preset(ask.preset)?;
        scenario.apply(ask.settings.iter().map(String::as_str))?;
        scenario.options.goal = ask.goal;
        let mut plan = Plan::new(&scenario, ask.spread, ask.runs, ask.seed, ask.verdicts)?;
        for setting in ask.vary {
            plan.vary(setting)?;
        }
        let single = simulate(&plan.scenario())?;
        let baseline = baseline(&plan)?;
        let tally = Tally::new(&plan);
        let report = report_with(&plan, &tally, Vec::new(), baseline);
        Ok(Study {
            plan,
            tally,
            tornado: Vec::new(),
            baseline,
            single,
            report,
            stale: false,
        })
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The counts of runs `start..end` (clipped to the plan's runs), as bytes.
    ///
    /// # Errors
    /// As [`crate::model::run::simulate`].
    pub fn work(&self, start: u64, end: u64) -> Result<Vec<u8>, Error> {
        let end = end.min(self.plan.runs);
        let start = start.min(end);
        Ok(tally(&self.plan, start..end, 1)?.trimmed().to_bytes())
    }

    /// The tornado of the plan.
    ///
    /// # Errors
    /// As [`crate::model::run::simulate`].
    pub fn tornado(&self) -> Result<Vec<Swing>, Error> {
        tornado(&self.plan)
    }

    /// Adds a worker's counts and returns the runs counted so far.
    ///
    /// # Errors
    /// [`Error::BadPart`] for bytes that are not counts of this plan, or that would count
    /// more runs than it has.
    pub fn add(&mut self, bytes: &[u8]) -> Result<u64, Error> {
        let part = Tally::from_bytes(&self.plan, bytes)?;
        if self.tally.runs + part.runs > self.plan.runs {
            return Err(Error::BadPart {
                part: "tally".into(),
                why: format!(
                    "it would count {} runs of {}",
                    self.tally.runs + part.runs,
                    self.plan.runs
                ),
            });
        }
        self.tally.merge(&part)?;
        self.stale = true;
        Ok(self.tally.runs)
    }

    pub fn set_tornado(&mut self, swings: Vec<Swing>) {
        self.tornado = swings;
        self.stale = true;
    }

    /// Remakes the report if counts came in since it was made. A page adds several batches
    /// between two frames and reads the report once per frame; the rules, the costly part
    /// (tens of milliseconds in a page for every pair of parameters), wait for the last run.
    fn refresh(&mut self) {
        if !self.stale {
            return;
        }
        self.stale = false;
        let tornado = self.tornado.clone();
        self.report = if self.tally.runs == self.plan.runs {
            report_with(&self.plan, &self.tally, tornado, self.baseline)
        } else {
            report_without_rules(&self.plan, &self.tally, tornado, self.baseline)
        };
    }

    pub fn counted(&self) -> u64 {
        self.tally.runs
    }

    /// The report of the runs counted so far; its rules only once every run is in.
    pub fn report(&mut self) -> &Report {
        self.refresh();
        &self.report
    }

    pub fn baseline(&self) -> f64 {
        self.baseline
    }

    /// The single run's series of band metric `id`, if it is one.
    pub fn reference(&self, id: &str) -> Option<&[f64]> {
        Metric::find(id).map(|m| m.of(&self.single.series))
    }

    /// Chart `chart` of the report so far (`odds`, `fan` of `metric`, or `tornado` of its
    /// `top` rows) as SVG of `size` pixels, drawn as the page's canvas draws it.
    ///
    /// # Errors
    /// [`Error::BadRunOption`] for an unknown chart or a size outside
    /// [`crate::chart::svg::SIDES`], or what drawing returns.
    pub fn svg(
        &mut self,
        chart: &str,
        metric: &str,
        top: usize,
        size: (u32, u32),
        dark: bool,
    ) -> Result<String, Error> {
        let style = Style::new(dark, 1.0);
        let reference = self.reference(metric).map(<[f64]>::to_vec);
        let baseline = self.baseline;
        let report = self.report();
        match chart {
            "odds" => drawn(size, |area| draw_odds(area, report, &style)),
            "fan" => drawn(size, |area| {
                draw_fan(area, report, metric, reference.as_deref(), &style)
            }),
            "tornado" => drawn(size, |area| {
                draw_tornado(area, report, baseline, top, &style)
            }),
            other => Err(Error::BadRunOption {
                what: "chart",
                value: other.into(),
                rule: "expected odds, fan or tornado".into(),
            }),
        }
    }
}
