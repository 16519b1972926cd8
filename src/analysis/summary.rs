//! The summary numbers of a run: growth, loop gain, how long each layer binds, money balance.

use serde::{Deserialize, Serialize};

use crate::model::layer::Layer;
use crate::model::run::Run;

/// Weeks during which one layer was the binding layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BindingWeeks {
    pub layer: Layer,
    pub weeks: f64,
}

/// A run in a few numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The goal metric: cumulative paid requests over the run (requests).
    pub paid_requests_total: f64,
    pub served_per_week_start: f64,
    pub served_per_week_end: f64,
    /// `served_per_week_end / served_per_week_start`; `null` when nothing was served at the
    /// start, or so little that the ratio is not a finite number.
    pub served_growth: Option<f64>,
    pub paid_per_week_end: f64,
    pub users_start: f64,
    pub users_end: f64,
    pub users_peak: f64,
    pub payments_per_week_end: f64,
    pub pool_end: f64,
    pub loop_gain_start: f64,
    /// Median of the loop gain over every record: the middle value, or the mean of the two
    /// middle values when the number of records is even (0 for an empty run).
    pub loop_gain_median: f64,
    pub loop_gain_end: f64,
    /// The binding layer at the end and the week since which it has bound without a break.
    pub binding_end: Layer,
    pub binding_since_week: f64,
    /// Weeks each layer bound, in loop order, layers that never bound left out.
    pub binding_weeks: Vec<BindingWeeks>,
    /// Relative error of `initial pool + payments = payouts + pool + protocol` at the end.
    pub money_residual: f64,
}

/// Summarises a recorded run.
pub fn summarize(run: &Run) -> Summary {
    let s = &run.series;
    let first = |v: &[f64]| v.first().copied().unwrap_or(0.0);
    let last = |v: &[f64]| v.last().copied().unwrap_or(0.0);
    let users = &s.layers[Layer::Users.index()].stock;
    let served_start = first(&s.served_requests);
    let mut gains = s.loop_gain.clone();
    gains.sort_by(f64::total_cmp);
    let step = if s.week.len() > 1 {
        s.week[1] - s.week[0]
    } else {
        1.0
    };
    let binding_end = s.binding.last().copied().unwrap_or(Layer::Compute);
    let since = s
        .binding
        .iter()
        .rposition(|&layer| layer != binding_end)
        .map_or(0, |i| i + 1);
    // Each record but the last stands for one step of time.
    let timed = &s.binding[..s.binding.len().saturating_sub(1)];
    let binding_weeks = Layer::ALL
        .into_iter()
        .map(|layer| BindingWeeks {
            layer,
            weeks: timed.iter().filter(|&&b| b == layer).count() as f64 * step,
        })
        .filter(|b| b.weeks > 0.0)
        .collect();
    Summary {
        paid_requests_total: last(&s.cumulative_paid_requests),
        served_per_week_start: served_start,
        served_per_week_end: last(&s.served_requests),
        served_growth: Some(last(&s.served_requests) / served_start)
            .filter(|growth| served_start > 0.0 && growth.is_finite()),
        paid_per_week_end: last(&s.paid_requests),
        users_start: first(users),
        users_end: last(users),
        users_peak: users.iter().copied().fold(0.0, f64::max),
        payments_per_week_end: last(&s.money.payments),
        pool_end: last(&s.money.pool),
        loop_gain_start: first(&s.loop_gain),
        loop_gain_median: median(&gains),
        loop_gain_end: last(&s.loop_gain),
        binding_end,
        binding_since_week: s.week.get(since).copied().unwrap_or(0.0),
        binding_weeks,
        money_residual: run.money_residual(),
    }
}

/// The median of sorted values: the middle one, or the mean of the two middle ones when their
/// number is even; 0 when there are none.
fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]),
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_averages_the_two_middle_values_of_an_even_count() {
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[3.0]), 3.0);
        assert_eq!(median(&[1.0, 2.0, 4.0]), 2.0);
        assert_eq!(median(&[1.0, 2.0, 4.0, 8.0]), 3.0);
    }
}
