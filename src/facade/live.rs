//! A run kept up to date as a page changes its scenario: the recorded series, the verdict and
//! the summary, recomputed in place on every change.

use crate::analysis::summary::{summarize, Summary};
use crate::analysis::verdict::{verdict, Verdict};
use crate::error::Error;
use crate::model::run::Run;
use crate::model::scenario::{Goal, Scenario};

/// A scenario with its run, verdict and summary.
#[derive(Debug, Clone)]
pub struct Live {
    scenario: Scenario,
    run: Run,
    verdict: Verdict,
    summary: Summary,
}

impl Live {
    /// Runs a preset with `layer.param=value` settings applied in order, its verdict
    /// maximising `goal`.
    ///
    /// # Errors
    /// [`Error::UnknownPreset`], or the first bad setting's error.
    pub fn new<'a>(
        preset: &str,
        settings: impl IntoIterator<Item = &'a str>,
        goal: Goal,
    ) -> Result<Live, Error> {
        let scenario = scenario(preset, settings, goal)?;
        let mut run = Run::empty();
        run.rerun(&scenario)?;
        let verdict = verdict(&scenario)?;
        let summary = summarize(&run);
        Ok(Live {
            scenario,
            run,
            verdict,
            summary,
        })
    }

    /// Runs another preset and settings in place of these, reusing the run's memory.
    ///
    /// # Errors
    /// As [`Live::new`]; on an error nothing changes.
    pub fn update<'a>(
        &mut self,
        preset: &str,
        settings: impl IntoIterator<Item = &'a str>,
        goal: Goal,
    ) -> Result<(), Error> {
        let scenario = scenario(preset, settings, goal)?;
        let verdict = verdict(&scenario)?;
        self.run.rerun(&scenario)?;
        self.summary = summarize(&self.run);
        self.verdict = verdict;
        self.scenario = scenario;
        Ok(())
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn run(&self) -> &Run {
        &self.run
    }

    pub fn verdict(&self) -> &Verdict {
        &self.verdict
    }

    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The horizon in weeks.
    pub fn weeks(&self) -> u32 {
        self.scenario.options.weeks
    }

    /// The record that shows `week`.
    ///
    /// # Errors
    /// [`Error::BadRunOption`] for a week that is not a number from 0 to the horizon.
    pub fn record(&self, week: f64) -> Result<usize, Error> {
        let weeks = f64::from(self.weeks());
        if !(week.is_finite() && (0.0..=weeks).contains(&week)) {
            return Err(Error::BadRunOption {
                what: "week",
                value: week.to_string(),
                rule: format!("expected 0 to {weeks}"),
            });
        }
        let last = self.run.series.week.len().saturating_sub(1);
        Ok(((week / self.scenario.options.step_weeks).round() as usize).min(last))
    }
}

fn scenario<'a>(
    preset: &str,
    settings: impl IntoIterator<Item = &'a str>,
    goal: Goal,
) -> Result<Scenario, Error> {
    let mut scenario = Scenario::from_preset(preset)?;
    scenario.apply(settings)?;
    scenario.options.goal = goal;
    Ok(scenario)
}
