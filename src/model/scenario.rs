//! A scenario: parameter values plus how to run them (integrator, step, horizon, noise) and
//! what its verdict maximises.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::integrate::Integrator;
use crate::model::noise::Noise;
use crate::model::params::Params;
use crate::model::presets::{Preset, PRESETS};
use crate::model::{PAID_TOTAL, PAYMENTS_TOTAL, USER_WEEKS_TOTAL};

/// Default horizon: five years of weeks.
pub const DEFAULT_WEEKS: u32 = 260;
/// Longest horizon a run accepts (20 years).
pub const MAX_WEEKS: u32 = 1040;
/// Smallest time step a run accepts (weeks).
pub const MIN_STEP_WEEKS: f64 = 1.0 / 64.0;

/// How a scenario is integrated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RunOptions {
    pub integrator: Integrator,
    /// Time step in weeks, from 1/64 to 1, dividing `weeks` evenly.
    pub step_weeks: f64,
    /// Horizon in weeks, 1 to 1040.
    pub weeks: u32,
    /// Demand noise; `None` (the default) for a deterministic run.
    pub noise: Option<Noise>,
    /// What the verdict maximises.
    #[serde(default)]
    pub goal: Goal,
}

/// What the verdict maximises, as a total over the run (or over a stage to the end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Goal {
    /// Cumulative paid requests (requests): demand that got through every layer and was paid.
    #[default]
    Paid,
    /// Cumulative payments collected ($).
    Revenue,
    /// Cumulative active users (user-weeks): how many people the network kept, and for how long.
    Users,
}

impl Goal {
    /// Every goal, the default first.
    pub const ALL: [Goal; 3] = [Goal::Paid, Goal::Revenue, Goal::Users];

    /// The id used in the CLI, links and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Goal::Paid => "paid",
            Goal::Revenue => "revenue",
            Goal::Users => "users",
        }
    }

    /// What it counts, for sentences: `paid requests`, `revenue`, `user-weeks`.
    pub fn noun(self) -> &'static str {
        match self {
            Goal::Paid => "paid requests",
            Goal::Revenue => "revenue",
            Goal::Users => "user-weeks",
        }
    }

    /// The running total in the model's state that this goal reads.
    pub fn state_index(self) -> usize {
        match self {
            Goal::Paid => PAID_TOTAL,
            Goal::Revenue => PAYMENTS_TOTAL,
            Goal::Users => USER_WEEKS_TOTAL,
        }
    }

    /// The goal with this id.
    ///
    /// # Errors
    /// [`Error::BadRunOption`] naming the id and the known ones.
    pub fn from_id(id: &str) -> Result<Goal, Error> {
        Goal::ALL
            .into_iter()
            .find(|goal| goal.id() == id)
            .ok_or_else(|| bad("goal", id, "expected paid, revenue or users".into()))
    }
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            integrator: Integrator::Rk4,
            step_weeks: 1.0,
            weeks: DEFAULT_WEEKS,
            noise: None,
            goal: Goal::Paid,
        }
    }
}

impl RunOptions {
    /// The number of steps, after checking every option.
    ///
    /// # Errors
    /// [`Error::BadRunOption`] naming the option and the rule it breaks.
    pub fn steps(&self) -> Result<usize, Error> {
        if !(1..=MAX_WEEKS).contains(&self.weeks) {
            return Err(bad(
                "weeks",
                self.weeks,
                format!("expected 1 to {MAX_WEEKS}"),
            ));
        }
        let dt = self.step_weeks;
        if !(dt.is_finite() && (MIN_STEP_WEEKS..=1.0).contains(&dt)) {
            return Err(bad("step", dt, "expected 1/64 to 1 week".into()));
        }
        let steps = f64::from(self.weeks) / dt;
        if (steps - steps.round()).abs() > 1e-6 {
            return Err(bad(
                "step",
                dt,
                format!("it must divide the {} weeks evenly", self.weeks),
            ));
        }
        if let Some(noise) = self.noise {
            if !(noise.sigma.is_finite() && (0.0..=1.0).contains(&noise.sigma)) {
                return Err(bad("noise", noise.sigma, "expected 0 to 1".into()));
            }
        }
        Ok(steps.round() as usize)
    }
}

fn bad(what: &'static str, value: impl ToString, rule: String) -> Error {
    Error::BadRunOption {
        what,
        value: value.to_string(),
        rule,
    }
}

/// Parameter values and run options: everything that determines a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scenario {
    /// The preset this scenario started from, if any.
    pub preset: Option<&'static str>,
    pub params: Params,
    pub options: RunOptions,
}

impl Scenario {
    /// The preset this scenario started from, or the first preset for one that started from
    /// none (as a link or a file names it).
    pub fn base_preset(&self) -> &'static Preset {
        self.preset
            .and_then(|id| Preset::find(id).ok())
            .unwrap_or(&PRESETS[0])
    }

    /// The scenario of a preset, with default run options.
    ///
    /// # Errors
    /// [`Error::UnknownPreset`] naming the id and listing the known ones.
    pub fn from_preset(id: &str) -> Result<Scenario, Error> {
        let preset = Preset::find(id)?;
        Ok(Scenario {
            preset: Some(preset.id),
            params: preset.params(),
            options: RunOptions::default(),
        })
    }

    /// Applies `layer.param=value` settings in order; stops at the first bad one.
    ///
    /// # Errors
    /// As [`Params::apply_setting`], and [`Error::SetTwice`] for a parameter set twice.
    pub fn apply<'a>(&mut self, settings: impl IntoIterator<Item = &'a str>) -> Result<(), Error> {
        let mut seen: Vec<(&'static str, &'a str)> = Vec::new();
        for setting in settings {
            let id = self.params.apply_setting(setting)?.id;
            let value = setting
                .split_once('=')
                .map_or("", |(_, value)| value.trim());
            if let Some(&(_, first)) = seen.iter().find(|(seen_id, _)| *seen_id == id) {
                return Err(Error::SetTwice {
                    id: id.into(),
                    first: first.into(),
                    second: value.into(),
                });
            }
            seen.push((id, value));
        }
        Ok(())
    }
}
