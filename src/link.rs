//! A playground state as a short link: `p=compute-crunch&w=60&g=revenue&uq=.8`, and back,
//! naming every part of a link that could not be used.

use serde::Serialize;

use crate::format::compact;
use crate::params::{ParamSpec, Params, SPECS};
use crate::presets::{Preset, PRESETS};
use crate::scenario::Goal;

/// What a link says: a preset, the week shown, the goal and the values that differ from the
/// preset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub preset: &'static str,
    /// The week shown; `None` for the default (the end of the run).
    pub week: Option<u32>,
    /// What the verdict maximises; written only when it is not the default.
    pub goal: Goal,
    /// `(parameter id, value)` in the order of the parameter table.
    pub settings: Vec<(&'static str, f64)>,
}

/// A link read from a URL: what could be used, and one sentence for each part that could not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parsed {
    pub link: Link,
    pub problems: Vec<String>,
}

impl Link {
    /// The link for a preset, a week, a goal and parameter values: the values that differ from
    /// the preset's are written, each as its two-letter code and its shortest exact form.
    pub fn new(preset: &'static Preset, week: Option<u32>, goal: Goal, params: &Params) -> Link {
        let base = preset.params();
        let settings = params
            .iter()
            .zip(base.iter())
            .filter(|((_, value), (_, preset_value))| value != preset_value)
            .map(|((spec, value), _)| (spec.id, value))
            .collect();
        Link {
            preset: preset.id,
            week,
            goal,
            settings,
        }
    }

    /// The text after `#`: `p=ID`, then `w=WEEK` and `g=GOAL` unless they are the defaults,
    /// then one `code=value` per setting.
    pub fn to_hash(&self) -> String {
        let mut text = format!("p={}", self.preset);
        if let Some(week) = self.week {
            text += &format!("&w={week}");
        }
        if self.goal != Goal::default() {
            text += &format!("&g={}", self.goal.id());
        }
        for (id, value) in &self.settings {
            let code = ParamSpec::find(id).map_or(*id, |spec| spec.code);
            text += &format!("&{code}={}", compact(*value));
        }
        text
    }

    /// The settings as `layer.param=value` strings, as the CLI and `Scenario::apply` take them.
    pub fn setting_strings(&self) -> Vec<String> {
        self.settings
            .iter()
            .map(|(id, value)| format!("{id}={value}"))
            .collect()
    }
}

/// Reads the part of a URL after `#` (with or without the `#`). Never fails: each part that
/// cannot be used is left out and named in `problems`, and the rest is kept. An unknown preset
/// falls back to the first; a bad week or goal to the default; a bad value to the preset's own.
/// `weeks` is the horizon that `w` must not pass.
pub fn parse(hash: &str, weeks: u32) -> Parsed {
    let mut problems = Vec::new();
    let mut preset = &PRESETS[0];
    let mut week = None;
    let mut goal = Goal::default();
    let mut settings: Vec<(&'static ParamSpec, f64)> = Vec::new();
    let text = hash.strip_prefix('#').unwrap_or(hash);
    for part in text.split('&').filter(|part| !part.is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            problems.push(format!(
                "`{}` is not a key=value pair",
                shorten(&decode_lossy(part))
            ));
            continue;
        };
        let (Some(key), Some(value)) = (decode(key), decode(value)) else {
            problems.push(format!("`{}` is not valid percent-encoding", shorten(part)));
            continue;
        };
        match key.as_str() {
            "p" => match Preset::find(&value) {
                Ok(found) => preset = found,
                Err(error) => problems.push(format!("{error}; showing {}", PRESETS[0].id)),
            },
            "w" => match value.parse::<u32>() {
                Ok(w) if w <= weeks => week = Some(w),
                _ => problems.push(format!(
                    "week `{}` is not a whole number from 0 to {weeks}",
                    shorten(&value)
                )),
            },
            "g" => match Goal::from_id(&value) {
                Ok(found) => goal = found,
                Err(error) => problems.push(format!("{error}; using paid requests")),
            },
            _ => match find_setting(&key) {
                Some(spec) => match spec.parse(&value) {
                    Ok(v) => {
                        settings.retain(|(other, _)| other.id != spec.id);
                        settings.push((spec, v));
                    }
                    Err(error) => problems.push(format!(
                        "{error}; using the preset's value"
                    )),
                },
                None => problems.push(format!(
                    "unknown key `{}` (expected p, w, g, a parameter code such as uq, or an id such as users.word_of_mouth)",
                    shorten(&key)
                )),
            },
        }
    }
    settings.sort_by_key(|(spec, _)| spec.param as usize);
    Parsed {
        link: Link {
            preset: preset.id,
            week,
            goal,
            settings: settings
                .into_iter()
                .map(|(spec, value)| (spec.id, value))
                .collect(),
        },
        problems,
    }
}

/// The parameter a link key names: its two-letter code or its full id.
fn find_setting(key: &str) -> Option<&'static ParamSpec> {
    SPECS.iter().find(|spec| spec.code == key || spec.id == key)
}

/// Percent-decoding (`%20` and `+` for a space); `None` for a broken escape or bytes that are
/// not UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn decode_lossy(text: &str) -> String {
    decode(text).unwrap_or_else(|| text.to_string())
}

/// At most 40 characters of something a user typed, for a message.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}
