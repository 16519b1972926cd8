//! The errors a caller can cause, each carrying the offending input.

use thiserror::Error;

/// Bad input to the model: unknown names, values that are not numbers or lie outside their range.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Error {
    #[error("unknown preset `{given}` (presets: {known})")]
    UnknownPreset { given: String, known: String },

    #[error("unknown layer `{layer}` in `{given}` (layers: {known})")]
    UnknownLayer {
        layer: String,
        given: String,
        known: String,
    },

    #[error("unknown parameter `{param}` of layer `{layer}` (its parameters: {known})")]
    UnknownParam {
        layer: String,
        param: String,
        known: String,
    },

    #[error("malformed setting `{given}`: expected layer.param=value, e.g. users.market=2e7")]
    MalformedSetting { given: String },

    #[error("`{id}` = `{value}` is not a finite number")]
    NotANumber { id: String, value: String },

    #[error("`{id}` = {value} is outside its range {min} to {max} {unit}")]
    OutOfRange {
        id: String,
        value: f64,
        min: f64,
        max: f64,
        unit: String,
    },

    #[error("unknown integrator `{given}` (expected euler or rk4)")]
    UnknownIntegrator { given: String },

    #[error("drawing failed: {0}")]
    Drawing(String),

    #[error("{what} = `{value}` is not allowed: {rule}")]
    BadRunOption {
        what: &'static str,
        value: String,
        rule: String,
    },
}
