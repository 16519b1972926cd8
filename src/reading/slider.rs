//! How a parameter's slider positions map to values: a ladder of values in linear steps or on
//! a logarithmic scale, with the default and every preset's value on it exactly.

use serde::Serialize;

use crate::model::params::{ParamSpec, Scale};
use crate::model::presets::PRESETS;
use crate::reading::format::round_significant;

/// Positions per factor of ten on a logarithmic slider: each step is about 5% more.
pub const STEPS_PER_DECADE: f64 = 48.0;

/// A parameter's description with the number of slider steps, as a page receives it.
#[derive(Debug, Clone, Serialize)]
pub struct SliderSpec {
    #[serde(flatten)]
    pub spec: &'static ParamSpec,
    /// The slider runs over positions `0..=positions`.
    pub positions: u32,
}

impl SliderSpec {
    pub fn of(spec: &'static ParamSpec) -> SliderSpec {
        SliderSpec {
            spec,
            positions: positions(spec),
        }
    }
}

fn decades(low: f64, high: f64) -> f64 {
    (high / low).log10()
}

/// Every value a parameter's slider can take, in increasing order: the scale's steps, with the
/// default and each preset's value put in (a value nearly on a step takes that step's place),
/// so that every value a preset sets is a position, and a key press away and back returns to
/// it exactly.
pub fn ladder(spec: &ParamSpec) -> Vec<f64> {
    let grid = |i: u32, last: u32| -> f64 {
        match spec.scale {
            Scale::Linear(step) => {
                // Rounded to the step's own precision, so 0.01 steps give 0.07, not 0.07000000000000001.
                let raw = spec.min + f64::from(i) * step;
                let decimals = (-step.log10()).ceil().max(0.0) as i32 + 1;
                let scale = 10f64.powi(decimals);
                (raw * scale).round() / scale
            }
            Scale::Log => along(spec.min, spec.max, f64::from(i) / f64::from(last)),
            Scale::ZeroLog(_) if i == 0 => spec.min,
            Scale::ZeroLog(low) => along(low, spec.max, f64::from(i - 1) / f64::from(last - 1)),
        }
    };
    let last = grid_positions(spec);
    let mut values: Vec<f64> = (0..last)
        .map(|i| grid(i, last).clamp(spec.min, spec.max))
        .chain([spec.max])
        .collect();
    for value in named_values(spec) {
        let at = values.partition_point(|&v| v < value);
        if values.get(at) == Some(&value) {
            continue;
        }
        // A step within 1% of the named value (on the scale's own measure) gives way to it;
        // otherwise the value goes in between its neighbours.
        let close = |v: f64| match spec.scale {
            Scale::Linear(step) => (v - value).abs() < 0.01 * step,
            _ => v > 0.0 && value > 0.0 && (v / value).ln().abs() < 0.01,
        };
        if at < values.len() && close(values[at]) {
            values[at] = value;
        } else if at > 0 && close(values[at - 1]) {
            values[at - 1] = value;
        } else {
            values.insert(at, value);
        }
    }
    values
}

/// The values a parameter is given by name: each preset's, then the default.
pub fn named_values(spec: &ParamSpec) -> impl Iterator<Item = f64> + '_ {
    PRESETS
        .iter()
        .flat_map(|preset| preset.settings.iter())
        .filter(|(param, _)| *param == spec.param)
        .map(|&(_, value)| value)
        .chain([spec.default])
}

/// The positions of the scale alone, before named values go in.
fn grid_positions(spec: &ParamSpec) -> u32 {
    let count = match spec.scale {
        Scale::Linear(step) => (spec.max - spec.min) / step,
        Scale::Log => decades(spec.min, spec.max) * STEPS_PER_DECADE,
        Scale::ZeroLog(low) => 1.0 + decades(low, spec.max) * STEPS_PER_DECADE,
    };
    count.round() as u32
}

/// The last slider position of a parameter (its first is 0).
pub fn positions(spec: &ParamSpec) -> u32 {
    (ladder(spec).len() - 1) as u32
}

/// The value at a slider position, always inside the parameter's range; positions past the
/// last give the maximum.
pub fn value_at(spec: &ParamSpec, position: u32) -> f64 {
    let values = ladder(spec);
    values.get(position as usize).copied().unwrap_or(spec.max)
}

/// `low * (high / low)^share`, to three significant digits.
fn along(low: f64, high: f64, share: f64) -> f64 {
    round_significant(low * (high / low).powf(share), 3)
}

/// The slider position nearest to a value (a value between positions shows at the nearest,
/// measured on the scale: by ratio on a logarithmic one). A value that is not a number shows
/// at the default.
pub fn position_of(spec: &ParamSpec, value: f64) -> u32 {
    let values = ladder(spec);
    let value = if value.is_finite() {
        value.clamp(spec.min, spec.max)
    } else {
        spec.default
    };
    let at = values.partition_point(|&v| v < value).min(values.len() - 1);
    if at == 0 || values[at] == value {
        return at as u32;
    }
    let (below, above) = (values[at - 1], values[at]);
    let nearer_above = match spec.scale {
        Scale::Linear(_) => above - value < value - below,
        // Zero has no ratio: halfway between 0 and the first step counts as nearer the step.
        _ if below <= 0.0 => value >= above / 2.0,
        _ => (above / value).ln() < (value / below).ln(),
    };
    (if nearer_above { at } else { at - 1 }) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::params::SPECS;

    #[test]
    fn every_preset_value_is_a_position_so_a_step_away_and_back_returns_to_it() {
        for spec in SPECS {
            let values = ladder(spec);
            assert!(
                values.windows(2).all(|w| w[0] < w[1]),
                "{}: {values:?}",
                spec.id
            );
            for value in named_values(spec) {
                // The page keeps a value and shows its position; a key press moves the
                // position by one and takes that position's value. Away and back is exact
                // when the value is its position's value.
                let p = position_of(spec, value);
                assert_eq!(value_at(spec, p), value, "{}", spec.id);
                for away in [p.saturating_sub(1), (p + 1).min(positions(spec))] {
                    assert_eq!(position_of(spec, value_at(spec, away)), away, "{}", spec.id);
                }
            }
        }
    }

    #[test]
    fn a_log_slider_steps_by_about_five_percent() {
        let gpus = &SPECS[crate::model::params::Param::ComputeInitialGpus as usize];
        let p = position_of(gpus, 2_000.0);
        let (down, up) = (value_at(gpus, p - 1), value_at(gpus, p + 1));
        assert!(down < 2_000.0 && up > 2_000.0);
        assert!((1.02..1.1).contains(&(2_000.0 / down)) && (1.02..1.1).contains(&(up / 2_000.0)));
    }
}
