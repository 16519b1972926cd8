//! How a parameter's slider positions map to values: linear steps or a logarithmic scale.

use serde::Serialize;

use crate::format::round_significant;
use crate::params::ParamSpec;

/// Positions per factor of ten on a logarithmic slider: each step is about 5% more.
pub const STEPS_PER_DECADE: f64 = 48.0;

/// The shape of a parameter's slider.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Scale {
    /// Equal steps of this size from the minimum to the maximum.
    Linear(f64),
    /// Equal ratios from the minimum (above 0) to the maximum, values rounded to three
    /// significant digits: for ranges that span decades.
    Log,
    /// Position 0 is 0 (the minimum); the others run in equal ratios from this value to the
    /// maximum: for ranges that start at 0 and span decades.
    ZeroLog(f64),
}

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

/// The last slider position of a parameter (its first is 0).
pub fn positions(spec: &ParamSpec) -> u32 {
    let count = match spec.scale {
        Scale::Linear(step) => (spec.max - spec.min) / step,
        Scale::Log => decades(spec.min, spec.max) * STEPS_PER_DECADE,
        Scale::ZeroLog(low) => 1.0 + decades(low, spec.max) * STEPS_PER_DECADE,
    };
    count.round() as u32
}

/// The value at a slider position, always inside the parameter's range; positions past the
/// last give the maximum.
pub fn value_at(spec: &ParamSpec, position: u32) -> f64 {
    let last = positions(spec);
    if position >= last {
        return spec.max;
    }
    let value = match spec.scale {
        Scale::Linear(step) => {
            // Rounded to the step's own precision, so 0.01 steps give 0.07, not 0.07000000000000001.
            let raw = spec.min + f64::from(position) * step;
            let decimals = (-step.log10()).ceil().max(0.0) as i32 + 1;
            let scale = 10f64.powi(decimals);
            (raw * scale).round() / scale
        }
        Scale::Log => along(spec.min, spec.max, f64::from(position) / f64::from(last)),
        Scale::ZeroLog(_) if position == 0 => spec.min,
        Scale::ZeroLog(low) => along(low, spec.max, f64::from(position - 1) / f64::from(last - 1)),
    };
    value.clamp(spec.min, spec.max)
}

/// `low * (high / low)^share`, to three significant digits.
fn along(low: f64, high: f64, share: f64) -> f64 {
    round_significant(low * (high / low).powf(share), 3)
}

/// The slider position nearest to a value (a value between positions shows at the nearest).
pub fn position_of(spec: &ParamSpec, value: f64) -> u32 {
    let last = positions(spec);
    let value = if value.is_finite() {
        value.clamp(spec.min, spec.max)
    } else {
        spec.default
    };
    let position = match spec.scale {
        Scale::Linear(step) => (value - spec.min) / step,
        Scale::Log => f64::from(last) * (value / spec.min).log10() / decades(spec.min, spec.max),
        Scale::ZeroLog(low) => {
            if value < low / 2.0 {
                0.0
            } else {
                let share = (value.max(low) / low).log10() / decades(low, spec.max);
                1.0 + f64::from(last - 1) * share
            }
        }
    };
    (position.round().max(0.0) as u32).min(last)
}
