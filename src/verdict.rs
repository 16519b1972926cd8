//! The verdict of a run: the layer whose relief raises the goal metric the most.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::layer::Layer;
use crate::run::{demand_factors, goal_with_relief};
use crate::scenario::Scenario;

/// How much a layer is relieved: its capacity is multiplied by this for the whole run.
pub const RELIEF_FACTOR: f64 = 1.10;

/// What relieving one layer does to the goal metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliefGain {
    pub layer: Layer,
    /// Cumulative paid requests with this layer relieved.
    pub goal: f64,
    /// `(goal / baseline - 1) * 100`.
    pub gain_percent: f64,
}

/// The bottleneck of a scenario and the evidence for it.
///
/// The goal metric is the run's cumulative paid requests. Relieving a layer multiplies its
/// capacity by [`RELIEF_FACTOR`] from week 0 to the end, which for each layer is the same as
/// raising its capacity-like parameter 10%: compute `requests_per_gpu`, models
/// `requests_per_model`, applications `requests_per_app`, users `requests_per_user`, payments
/// `paying_share`, incentives `payout_rate`, verification `requests_per_node` (with the starting
/// trust stock left as given), and for trust the volume of work users trust the network with. The bottleneck is the layer whose relief gains
/// the most; a tie goes to the first in loop order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub bottleneck: Layer,
    pub relief_percent: f64,
    /// Cumulative paid requests without relief.
    pub baseline_goal: f64,
    /// One entry per layer, in loop order.
    pub gains: Vec<ReliefGain>,
}

/// Runs the scenario once as given and once per layer relieved, and names the bottleneck.
///
/// # Errors
/// As [`crate::run::simulate`].
pub fn verdict(scenario: &Scenario) -> Result<Verdict, Error> {
    let factors = demand_factors(scenario);
    let baseline_goal = goal_with_relief(scenario, &factors, None)?;
    let mut gains = Vec::with_capacity(Layer::COUNT);
    for layer in Layer::ALL {
        let goal = goal_with_relief(scenario, &factors, Some((layer, RELIEF_FACTOR)))?;
        let gain_percent = if baseline_goal > 0.0 {
            (goal / baseline_goal - 1.0) * 100.0
        } else {
            0.0
        };
        gains.push(ReliefGain {
            layer,
            goal,
            gain_percent,
        });
    }
    let bottleneck = gains
        .iter()
        .fold(&gains[0], |best, g| {
            if g.gain_percent > best.gain_percent {
                g
            } else {
                best
            }
        })
        .layer;
    Ok(Verdict {
        bottleneck,
        relief_percent: (RELIEF_FACTOR - 1.0) * 100.0,
        baseline_goal,
        gains,
    })
}
