//! The errors a caller can cause, each carrying the offending input, and how input is quoted
//! back: clipped and with invisible characters made visible.

use thiserror::Error;

/// Characters of user input a message quotes before it clips the rest.
pub const QUOTE_CHARS: usize = 40;

/// User text as a message quotes it: at most [`QUOTE_CHARS`] characters and then `…` with the
/// full length, control and bidirectional-formatting characters written as `\u{…}` so they
/// can neither reorder nor hide the message around them.
pub fn quoted(text: &str) -> String {
    let mut out = String::new();
    for (shown, c) in text.chars().enumerate() {
        if shown == QUOTE_CHARS {
            out.push_str(&format!("… ({} characters)", text.chars().count()));
            break;
        }
        if invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A number for a message: plain when short, in exponent form when very large or small, so a
/// value such as 1e300 never prints three hundred digits.
pub fn number(value: f64) -> String {
    let size = value.abs();
    if size != 0.0 && !(1e-6..1e15).contains(&size) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// Control characters, bidirectional marks, embeddings, overrides and isolates, and the
/// zero-width and other format characters that change how text around them reads.
pub fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}'
        )
}

/// Bad input to the model: unknown names, values that are not numbers or lie outside their range.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Error {
    #[error("unknown preset `{}` (presets: {known})", quoted(.given))]
    UnknownPreset { given: String, known: String },

    #[error("unknown layer `{}` in `{}` (layers: {known})", quoted(.layer), quoted(.given))]
    UnknownLayer {
        layer: String,
        given: String,
        known: String,
    },

    #[error("unknown parameter `{}` of layer `{layer}` (its parameters: {known})", quoted(.param))]
    UnknownParam {
        layer: String,
        param: String,
        known: String,
    },

    #[error("malformed setting `{}`: expected layer.param=value, e.g. users.market=2e7", quoted(.given))]
    MalformedSetting { given: String },

    #[error("`{id}` = `{}` is not a number", quoted(.value))]
    NotANumber { id: String, value: String },

    #[error("`{id}` = `{}` is {why}", quoted(.value))]
    Unrepresentable {
        id: String,
        value: String,
        why: &'static str,
    },

    #[error("`{id}` is set twice, to `{}` and to `{}`: set each parameter once", quoted(.first), quoted(.second))]
    SetTwice {
        id: String,
        first: String,
        second: String,
    },

    #[error("`{id}` = {} is outside its range {min} to {max} {unit}", quoted(.value))]
    OutOfRange {
        id: String,
        /// The value as it was typed, or as [`number`] writes it.
        value: String,
        min: f64,
        max: f64,
        unit: String,
    },

    #[error("malformed range `{}`: expected layer.param=LO:HI, e.g. payments.paying_share=0.05:0.2", quoted(.given))]
    MalformedRange { given: String },

    #[error("ensemble part {}: {why}", quoted(.part))]
    BadPart { part: String, why: String },

    #[error("unknown integrator `{}` (expected euler or rk4)", quoted(.given))]
    UnknownIntegrator { given: String },

    #[error("this scenario file cannot be read: {why}")]
    ScenarioFile { why: String },

    #[error("drawing failed: {0}")]
    Drawing(String),

    #[error("{what} = `{}` is not allowed: {rule}", quoted(.value))]
    BadRunOption {
        what: &'static str,
        value: String,
        rule: String,
    },
}
