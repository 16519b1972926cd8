//! Two scenarios side by side: the pinned baseline A and the scenario being changed, B. What
//! each names as the bottleneck, in the year shown and over the whole run, and how far the goal
//! moved from A to B, in the goal's unit and as a percentage, in words.

use serde::Serialize;

use crate::analysis::ensemble::goal_of;
use crate::chart::{goal_value, year_of};
use crate::facade::live::Live;
use crate::model::layer::Layer;
use crate::model::scenario::Goal;
use crate::reading::format::signed_percent;

/// A against B at a week: see [`compare`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compare {
    /// What both are measured by: B's goal.
    pub goal: Goal,
    /// The bottleneck of the year holding the week, in A and in B (`null` for none).
    pub a_bottleneck: Option<Layer>,
    pub b_bottleneck: Option<Layer>,
    /// The bottleneck over the whole run, in A and in B.
    pub a_whole: Option<Layer>,
    pub b_whole: Option<Layer>,
    /// The goal each reached over the run, in the goal's unit.
    pub a_goal: f64,
    pub b_goal: f64,
    /// `b_goal - a_goal`, and as a percentage of `a_goal` (`null` when A reached nothing).
    pub change: f64,
    pub change_percent: Option<f64>,
    /// All of the above in two sentences.
    pub text: String,
}

/// Pinned `a` (judged whole) against `b` at `week` (its year holding `week` and its whole run
/// judged), measured by B's goal.
pub fn compare(a: &Live, b: &Live, week: f64) -> Compare {
    let goal = b.scenario().options.goal;
    let reached = |live: &Live| {
        let mut scenario = live.scenario().clone();
        scenario.options.goal = goal;
        goal_of(live.run(), &scenario)
    };
    let (a_goal, b_goal) = (reached(a), reached(b));
    let change = b_goal - a_goal;
    let change_percent = (a_goal != 0.0)
        .then(|| change / a_goal.abs() * 100.0)
        .filter(|p| p.is_finite());
    let in_year = |live: &Live| {
        live.verdict()
            .stage_at(week)
            .and_then(|s| s.ranking.bottleneck)
    };
    let whole_of = |live: &Live| live.verdict().bottleneck();
    let (a_bottleneck, b_bottleneck) = (in_year(a), in_year(b));
    let (a_whole, b_whole) = (whole_of(a), whole_of(b));
    let name = |layer: Option<Layer>| layer.map_or("none", Layer::id);
    let moved = |a: Option<Layer>, b: Option<Layer>| {
        if a == b {
            format!("{} in both", name(b))
        } else {
            format!("{} → {}", name(a), name(b))
        }
    };
    let year = b.verdict().stage_at(week).map_or(1, year_of);
    let sign = if change > 0.0 {
        "+"
    } else if change < 0.0 {
        "−"
    } else {
        ""
    };
    let percent = change_percent.map_or(String::new(), |p| format!(", {}", signed_percent(p)));
    let text = format!(
        "A → B. Bottleneck in year {year}: {}; over the whole run: {}. {} over the run: {} → {} ({sign}{}{percent}).",
        moved(a_bottleneck, b_bottleneck),
        moved(a_whole, b_whole),
        capital(goal.noun()),
        goal_value(goal, a_goal),
        goal_value(goal, b_goal),
        goal_value(goal, change.abs()),
    );
    Compare {
        goal,
        a_bottleneck,
        b_bottleneck,
        a_whole,
        b_whole,
        a_goal,
        b_goal,
        change,
        change_percent,
        text,
    }
}

/// `text` with its first letter in capitals. ASCII only: the goals' nouns are, and Unicode's
/// case tables would cost the page's module 5 KB.
fn capital(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}
