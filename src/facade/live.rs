//! A run kept up to date as a page changes its scenario: the recorded series, the verdict and
//! the summary, recomputed in place on every change; the verdict's parts can be judged later.

use crate::analysis::summary::{summarize, Summary};
use crate::analysis::verdict::{Judge, Verdict};
use crate::error::Error;
use crate::model::run::Run;
use crate::model::scenario::{Goal, Scenario};

/// A scenario with its run, verdict and summary.
///
/// The verdict can be left partly pending ([`Live::update_at`]): the year a page shows is
/// judged at once and the rest part by part ([`Live::judge_next`]), so a slider move paints
/// before the other years are known. A pending part is marked as such (`Ranking::pending`),
/// never left holding an earlier scenario's answer.
#[derive(Debug, Clone)]
pub struct Live {
    scenario: Scenario,
    run: Run,
    judge: Judge,
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
        let judge = Judge::new(&scenario)?;
        let mut run = Run::empty();
        run.rerun(&scenario)?;
        let summary = summarize(&run);
        let mut live = Live {
            scenario,
            run,
            verdict: judge.pending_verdict(),
            judge,
            summary,
        };
        live.complete();
        Ok(live)
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
        self.replace(scenario(preset, settings, goal)?)?;
        self.complete();
        Ok(())
    }

    /// As [`Live::update`], judging only the year that holds `week` (the stage of the record
    /// shown there); the whole run and the other years are left pending.
    ///
    /// # Errors
    /// As [`Live::update`], or [`Error::BadRunOption`] for a week outside the new run; on an
    /// error nothing changes.
    pub fn update_at<'a>(
        &mut self,
        preset: &str,
        settings: impl IntoIterator<Item = &'a str>,
        goal: Goal,
        week: f64,
    ) -> Result<(), Error> {
        let scenario = scenario(preset, settings, goal)?;
        check_week(week, scenario.options.weeks)?;
        self.replace(scenario)?;
        let record = self.record(week)?;
        self.judge_record(record);
        Ok(())
    }

    /// Runs `scenario` in place of this one and leaves every part of its verdict pending.
    fn replace(&mut self, scenario: Scenario) -> Result<(), Error> {
        let judge = Judge::new(&scenario)?;
        self.run.rerun(&scenario)?;
        self.summary = summarize(&self.run);
        self.verdict = judge.pending_verdict();
        self.judge = judge;
        self.scenario = scenario;
        Ok(())
    }

    /// Judges the year that holds record `record`, if it is pending.
    pub fn judge_record(&mut self, record: usize) {
        let week = self.run.series.week.get(record).copied().unwrap_or(0.0);
        if let Some(index) = self.verdict.stage_index_at(week) {
            if self.verdict.stages[index].ranking.pending {
                self.verdict.stages[index] = self.judge.stage(index);
            }
        }
    }

    /// Judges the whole run, if it is pending.
    pub fn judge_whole(&mut self) {
        if self.verdict.ranking.pending {
            self.verdict.ranking = self.judge.whole();
        }
    }

    /// Judges one pending part (the first pending year, then the whole run); returns whether
    /// any part is still pending. Each part is eight runs at most.
    pub fn judge_next(&mut self) -> bool {
        let verdict = &mut self.verdict;
        if let Some(index) = verdict.stages.iter().position(|s| s.ranking.pending) {
            verdict.stages[index] = self.judge.stage(index);
        } else {
            self.judge_whole();
        }
        self.verdict.pending() > 0
    }

    /// Judges every pending part.
    pub fn complete(&mut self) {
        while self.judge_next() {}
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn run(&self) -> &Run {
        &self.run
    }

    /// The verdict as far as it is judged: see [`Verdict::pending`].
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
        check_week(week, self.weeks())?;
        let last = self.run.series.week.len().saturating_sub(1);
        Ok(((week / self.scenario.options.step_weeks).round() as usize).min(last))
    }
}

/// A week from 0 to the horizon `weeks`.
fn check_week(week: f64, weeks: u32) -> Result<(), Error> {
    let weeks = f64::from(weeks);
    if week.is_finite() && (0.0..=weeks).contains(&week) {
        Ok(())
    } else {
        Err(Error::BadRunOption {
            what: "week",
            value: week.to_string(),
            rule: format!("expected 0 to {weeks}"),
        })
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
