//! The verdict of a run: the layer whose relief raises the goal the most, over the whole run
//! and stage by stage as the network grows.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::layer::Layer;
use crate::model::run::{advance, demand_factors};
use crate::model::{Model, State};

use crate::model::scenario::{Goal, RunOptions, Scenario};

/// How much a layer is relieved: capacity `RELIEF_SHARE × max(capacity, demand)` more (see
/// [`Model::relieved`]).
pub const RELIEF_SHARE: f64 = 0.10;

/// The length of a stage of growth (weeks): one year.
pub const STAGE_WEEKS: u32 = 52;

/// Steps in a stage (a year) at a step of `step_weeks`, at least one.
pub fn stage_steps(step_weeks: f64) -> usize {
    (f64::from(STAGE_WEEKS) / step_weeks).round().max(1.0) as usize
}

/// Gains within this share of the baseline goal (or of the best gain, for ties) count as equal:
/// far above rounding (about 1e-15 of the goal), far below any change a person would notice.
pub const SAME: f64 = 1e-9;

/// What relieving one layer does to the goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliefGain {
    pub layer: Layer,
    /// The goal with this layer relieved (in the goal's unit).
    pub goal: f64,
    /// `goal - baseline`, in the goal's unit.
    pub gain: f64,
    /// `(goal / baseline - 1) × 100`; `null` when the baseline is 0, where no percentage has
    /// meaning, or so small that the ratio overflows.
    pub gain_percent: Option<f64>,
}

/// Which layer's relief pays most over some weeks, and the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    /// The layer whose relief raises the goal most; `null` when no relief raises it (see `note`).
    pub bottleneck: Option<Layer>,
    /// Every layer whose gain equals the best one, in loop order, when more than one does.
    pub tied: Vec<Layer>,
    /// Why there is no bottleneck, or that it is a tie; `null` otherwise.
    pub note: Option<String>,
    /// The goal without relief, counted over the same weeks.
    pub baseline_goal: f64,
    /// One entry per layer, in loop order; empty while pending.
    pub gains: Vec<ReliefGain>,
    /// Not worked out yet: a page judges the year it shows first and the rest in later frames
    /// (see [`Judge`]). No bottleneck, no gains and no note; `baseline_goal` is already right.
    /// Never serialized: a verdict is written only when complete.
    #[serde(skip)]
    pub pending: bool,
}

impl Ranking {
    /// A ranking still to be worked out, over weeks whose goal without relief is `baseline_goal`.
    pub fn pending(baseline_goal: f64) -> Ranking {
        Ranking {
            bottleneck: None,
            tied: Vec::new(),
            note: None,
            baseline_goal,
            gains: Vec::new(),
            pending: true,
        }
    }
}

/// A stage of growth: relief only in weeks `from_week` to `to_week`, the goal counted from
/// `from_week` to the end of the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub from_week: f64,
    pub to_week: f64,
    #[serde(flatten)]
    pub ranking: Ranking,
}

/// The bottleneck of a scenario over the whole run and in each stage.
///
/// Relieving a layer adds capacity `RELIEF_SHARE × max(capacity, demand reaching it)` while the
/// relief lasts (see [`Model::relieved`]); everything else, noise included, is the scenario's.
/// The whole-run verdict relieves from week 0 to the end; a stage relieves only in its year
/// and counts the goal from the stage's start to the end of the run, so a stage's bottleneck is
/// the layer whose relief *in that year* pays most.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub goal: Goal,
    pub relief_percent: f64,
    #[serde(flatten)]
    pub ranking: Ranking,
    /// One per year of the horizon, contiguous, the last shorter when the horizon says so.
    pub stages: Vec<Stage>,
}

impl Verdict {
    /// The whole-run bottleneck.
    pub fn bottleneck(&self) -> Option<Layer> {
        self.ranking.bottleneck
    }

    /// The stage that holds `week` (the last stage holds the horizon's end).
    pub fn stage_at(&self, week: f64) -> Option<&Stage> {
        self.stage_index_at(week).map(|index| &self.stages[index])
    }

    /// The index in `stages` of the stage that holds `week`.
    pub fn stage_index_at(&self, week: f64) -> Option<usize> {
        self.stages
            .iter()
            .position(|stage| week < stage.to_week)
            .or(self.stages.len().checked_sub(1))
    }

    /// How many parts (the whole run and the stages) are still to be worked out.
    pub fn pending(&self) -> usize {
        usize::from(self.ranking.pending)
            + self
                .stages
                .iter()
                .filter(|stage| stage.ranking.pending)
                .count()
    }
}

/// Runs the scenario as given, then with each layer relieved over the whole run and in each
/// stage, and names the bottlenecks.
///
/// A stage's relieved run starts from the plain run's state at the stage's start, and when the
/// relief has left the state exactly as the plain run's at the stage's end (the layer had so
/// much room that more changed nothing), it stops there with a gain of exactly 0.
///
/// # Errors
/// As [`crate::model::run::simulate`].
pub fn verdict(scenario: &Scenario) -> Result<Verdict, Error> {
    let judge = Judge::new(scenario)?;
    Ok(judge.verdict((0..judge.stage_count()).map(|i| judge.stage(i)).collect()))
}

/// The whole-run verdict alone, with no stages: nine runs.
///
/// # Errors
/// As [`crate::model::run::simulate`].
pub fn whole_run_verdict(scenario: &Scenario) -> Result<Verdict, Error> {
    Ok(Judge::new(scenario)?.verdict(Vec::new()))
}

/// A scenario's plain run kept step by step, ready to judge the whole run or any stage, each
/// on its own (a page can judge the stage it shows first and the others later).
#[derive(Debug, Clone)]
pub struct Judge {
    options: RunOptions,
    model: Model,
    /// The model with each layer relieved, in loop order.
    relieved: [Model; Layer::COUNT],
    factors: Vec<f64>,
    /// The plain run's state at the start of every step and at the end.
    states: Vec<State>,
    /// Steps in a stage.
    stage_steps: usize,
}

impl Judge {
    /// Runs the scenario once as given, keeping its states.
    ///
    /// # Errors
    /// As [`crate::model::run::simulate`].
    pub fn new(scenario: &Scenario) -> Result<Judge, Error> {
        let options = scenario.options;
        let steps = options.steps()?;
        let factors = demand_factors(scenario);
        let model = Model::new(&scenario.params);
        let relieved = Layer::ALL.map(|layer| model.relieved(layer, RELIEF_SHARE));
        let mut states: Vec<State> = Vec::with_capacity(steps + 1);
        let mut y = model.initial_state();
        advance(&options, &model, &factors, &mut y, 0..steps, |start, _| {
            states.push(*start)
        });
        states.push(y);
        let stage_steps = stage_steps(options.step_weeks);
        Ok(Judge {
            options,
            model,
            relieved,
            factors,
            states,
            stage_steps,
        })
    }

    fn steps(&self) -> usize {
        self.states.len() - 1
    }

    /// The number of stages: one per year of the horizon, the last possibly shorter.
    pub fn stage_count(&self) -> usize {
        self.steps().div_ceil(self.stage_steps)
    }

    /// The stage that shows `week` (the last one for the horizon's end).
    pub fn stage_index_at(&self, week: f64) -> usize {
        let step = (week / self.options.step_weeks).floor().max(0.0) as usize;
        (step / self.stage_steps).min(self.stage_count().saturating_sub(1))
    }

    /// The verdict of stage `index` (0 for the first year).
    pub fn stage(&self, index: usize) -> Stage {
        let (from, to) = self.stage_steps_of(index);
        Stage {
            from_week: from as f64 * self.options.step_weeks,
            to_week: to as f64 * self.options.step_weeks,
            ranking: self.window(from, to),
        }
    }

    /// The whole-run verdict with the given stages.
    pub fn verdict(&self, stages: Vec<Stage>) -> Verdict {
        Verdict {
            goal: self.options.goal,
            relief_percent: RELIEF_SHARE * 100.0,
            ranking: self.whole(),
            stages,
        }
    }

    /// The whole-run ranking: relief from week 0 to the end.
    pub fn whole(&self) -> Ranking {
        self.window(0, self.steps())
    }

    /// The verdict with every part pending: the windows and baseline goals, nothing judged.
    pub fn pending_verdict(&self) -> Verdict {
        let stages = (0..self.stage_count())
            .map(|index| {
                let (from, to) = self.stage_steps_of(index);
                Stage {
                    from_week: from as f64 * self.options.step_weeks,
                    to_week: to as f64 * self.options.step_weeks,
                    ranking: Ranking::pending(self.baseline(from)),
                }
            })
            .collect();
        Verdict {
            goal: self.options.goal,
            relief_percent: RELIEF_SHARE * 100.0,
            ranking: Ranking::pending(self.baseline(0)),
            stages,
        }
    }

    /// The steps `from..to` of stage `index`.
    fn stage_steps_of(&self, index: usize) -> (usize, usize) {
        let from = (index * self.stage_steps).min(self.steps());
        (from, (from + self.stage_steps).min(self.steps()))
    }

    /// The goal without relief from step `from` to the end.
    fn baseline(&self, from: usize) -> f64 {
        let i = self.options.goal.state_index();
        self.states[self.steps()][i] - self.states[from][i]
    }

    /// Relief in steps `from..to`, the goal counted from `from` to the end.
    fn window(&self, from: usize, to: usize) -> Ranking {
        let (options, states, steps) = (&self.options, &self.states, self.steps());
        let goal = options.goal;
        let at = |k: usize, y: &State| y[goal.state_index()] - states[k][goal.state_index()];
        let baseline = self.baseline(from);
        let gains = Layer::ALL.map(|layer| {
            let mut y = states[from];
            let relieved = &self.relieved[layer.index()];
            advance(
                options,
                relieved,
                &self.factors,
                &mut y,
                from..to,
                |_, _| {},
            );
            let value = if y == states[to] {
                baseline
            } else {
                advance(
                    options,
                    &self.model,
                    &self.factors,
                    &mut y,
                    to..steps,
                    |_, _| {},
                );
                at(from, &y)
            };
            ReliefGain {
                layer,
                goal: value,
                gain: value - baseline,
                gain_percent: Some((value / baseline - 1.0) * 100.0)
                    .filter(|percent| baseline > 0.0 && percent.is_finite()),
            }
        });
        let mut ranking = rank(goal, baseline, gains.to_vec());
        let (from_week, to_week) = (
            from as f64 * options.step_weeks,
            to as f64 * options.step_weeks,
        );
        ranking.note = ranking
            .note
            .map(|note| format!("Weeks {from_week:.0} to {to_week:.0}: {note}"));
        ranking
    }
}

/// Names the layer whose gain is largest, the ties, and why there is none.
fn rank(goal: Goal, baseline: f64, gains: Vec<ReliefGain>) -> Ranking {
    let best = gains
        .iter()
        .map(|g| g.gain)
        .fold(f64::NEG_INFINITY, f64::max);
    let noun = goal.noun();
    let relief = RELIEF_SHARE * 100.0;
    let (bottleneck, tied, note) = if best > SAME * baseline.abs() {
        let tied: Vec<Layer> = gains
            .iter()
            .filter(|g| g.gain >= best - SAME * best)
            .map(|g| g.layer)
            .collect();
        if tied.len() > 1 {
            let names = tied
                .iter()
                .map(|l| l.id())
                .collect::<Vec<_>>()
                .join(" and ");
            let note = format!("{names} tie: relieving any of them adds the same {noun}.");
            (Some(tied[0]), tied, Some(note))
        } else {
            (Some(tied[0]), Vec::new(), None)
        }
    } else if gains.iter().all(|g| g.gain == 0.0) {
        let note = if baseline == 0.0 {
            format!("the run has no {noun}, and no layer's {relief:.0}% relief would bring any.")
        } else {
            format!("no layer's {relief:.0}% relief changes {noun}.")
        };
        (None, Vec::new(), Some(note))
    } else {
        let note = format!(
            "no layer's {relief:.0}% relief raises {noun}: each lowers them or changes them by less than one part in a billion."
        );
        (None, Vec::new(), Some(note))
    };
    Ranking {
        bottleneck,
        tied,
        note,
        baseline_goal: baseline,
        gains,
        pending: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gains(values: [f64; Layer::COUNT]) -> Vec<ReliefGain> {
        Layer::ALL
            .iter()
            .zip(values)
            .map(|(&layer, gain)| ReliefGain {
                layer,
                goal: 100.0 + gain,
                gain,
                gain_percent: Some(gain),
            })
            .collect()
    }

    #[test]
    fn equal_best_gains_are_reported_as_a_tie() {
        let r = rank(
            Goal::Paid,
            100.0,
            gains([1.0, 3.0, 0.0, 3.0, 0.5, 0.0, 0.0, -1.0]),
        );
        assert_eq!(r.bottleneck, Some(Layer::Models));
        assert_eq!(r.tied, [Layer::Models, Layer::Users]);
        assert!(r.note.unwrap().starts_with("models and users tie"));
    }

    #[test]
    fn a_clear_best_has_no_tie_and_no_note() {
        let r = rank(
            Goal::Paid,
            100.0,
            gains([1.0, 3.0, 0.0, 2.9, 0.5, 0.0, 0.0, -1.0]),
        );
        assert_eq!((r.bottleneck, r.tied.len()), (Some(Layer::Models), 0));
        assert!(r.note.is_none());
    }

    #[test]
    fn reliefs_that_only_lower_the_goal_name_no_bottleneck() {
        let r = rank(
            Goal::Revenue,
            100.0,
            gains([-1.0, 0.0, -2.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
        );
        assert_eq!(r.bottleneck, None);
        assert!(r.note.unwrap().contains("raises revenue"));
    }
}
