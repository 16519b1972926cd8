//! A playground state as a short link: `p=compute-crunch&w=60&g=revenue&uq=.8`, with the
//! Uncertainty view's futures when it is open (`&n=1000&s=7&~uq=.5:1.2`) and the pinned
//! baseline of a comparison (`&a=healthy&a.uq=.5`), and back, naming the
//! parts of a link (or of an embed's starting values) that could not be used, in a bounded
//! number of short sentences.

use serde::Serialize;

use crate::analysis::ensemble::{Verdicts, DEFAULT_SPREAD};
use crate::error::{quoted, Error};
use crate::model::params::{ParamSpec, Params, SPECS};
use crate::model::presets::{Preset, PRESETS};
use crate::model::scenario::Goal;
use crate::reading::format::compact;

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
    /// The Uncertainty view's futures, when it is open.
    pub futures: Option<Futures>,
    /// The pinned baseline, scenario A, when two scenarios are compared; the rest is B.
    pub baseline: Option<Baseline>,
}

/// Scenario A of a comparison, as a link carries it: `a=PRESET`, then `a.g=GOAL` and one
/// `a.code=value` per setting, after B's parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    pub preset: &'static str,
    pub goal: Goal,
    /// `(parameter id, value)` that differ from A's preset, in the order of the parameter table.
    pub settings: Vec<(&'static str, f64)>,
}

impl Baseline {
    /// A's part of a link (without a leading `&`).
    fn to_hash(&self) -> String {
        let mut text = format!("a={}", self.preset);
        if self.goal != Goal::default() {
            text += &format!("&a.g={}", self.goal.id());
        }
        text += &settings_hash(&self.settings, "a.");
        text
    }

    /// The settings as `layer.param=value` strings.
    pub fn setting_strings(&self) -> Vec<String> {
        setting_strings(&self.settings)
    }
}

/// `&code=value` for each setting, each key after `prefix`.
fn settings_hash(settings: &[(&'static str, f64)], prefix: &str) -> String {
    let mut text = String::new();
    for (id, value) in settings {
        let code = ParamSpec::find(id).map_or(*id, |spec| spec.code);
        text += &format!("&{prefix}{code}={}", compact(*value));
    }
    text
}

fn setting_strings(settings: &[(&'static str, f64)]) -> Vec<String> {
    settings
        .iter()
        .map(|(id, value)| format!("{id}={value}"))
        .collect()
}

/// The values of `params` that differ from `preset`'s, in the order of the parameter table.
fn changed(preset: &Preset, params: &Params) -> Vec<(&'static str, f64)> {
    let base = preset.params();
    params
        .iter()
        .zip(base.iter())
        .filter(|((_, value), (_, preset_value))| value != preset_value)
        .map(|((spec, value), _)| (spec.id, value))
        .collect()
}

/// The futures of an Uncertainty view: enough to draw the same odds again.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Futures {
    /// How many futures (1 to [`PAGE_MAX_RUNS`]); `n`.
    pub runs: u64,
    /// The sampler's seed (below 2^53, what a page's number holds exactly); `s`.
    pub seed: u64,
    /// The default range's width (0.25 is ±25%, 0 to [`MAX_SPREAD`]); `sp`, unless 0.25.
    pub spread: f64,
    /// How much of a verdict each future gets; `j`, unless whole.
    pub verdicts: Verdicts,
    /// `(parameter id, lo, hi)` for each range set by hand, in the order of the parameter
    /// table; `~code=LO:HI`.
    pub ranges: Vec<(&'static str, f64, f64)>,
}

/// The most futures a page runs (a link's `n`, and a page's `Study`).
pub const PAGE_MAX_RUNS: u64 = 100_000;
/// The widest default spread a link asks for.
pub const MAX_SPREAD: f64 = 10.0;
/// The largest seed a link carries: a page's numbers hold whole numbers exactly up to 2^53.
pub const MAX_SEED: u64 = (1 << 53) - 1;

impl Default for Futures {
    fn default() -> Futures {
        Futures {
            runs: 1000,
            seed: 1,
            spread: DEFAULT_SPREAD,
            verdicts: Verdicts::Whole,
            ranges: Vec::new(),
        }
    }
}

impl Futures {
    /// `n=RUNS&s=SEED`, then `sp`, `j` and the ranges unless they are the defaults.
    pub fn to_hash(&self) -> String {
        let mut text = format!("n={}&s={}", self.runs, self.seed);
        if self.spread != DEFAULT_SPREAD {
            text += &format!("&sp={}", compact(self.spread));
        }
        if self.verdicts != Verdicts::Whole {
            text += &format!("&j={}", self.verdicts.id());
        }
        for (id, lo, hi) in &self.ranges {
            let code = ParamSpec::find(id).map_or(*id, |spec| spec.code);
            text += &format!("&~{code}={}:{}", compact(*lo), compact(*hi));
        }
        text
    }
}

/// The longest link read, in characters: the page never writes one longer than 300, or 700
/// with a baseline (see tests/link.rs), so a longer one is refused whole with one problem, and so are starting
/// values longer than this (written `id=value,id=value`).
pub const MAX_LINK_CHARS: usize = 2000;

/// How many problems are named one by one; the rest are counted in one more line.
pub const MAX_NAMED_PROBLEMS: usize = 5;

/// A link read from a URL: what could be used, and a sentence for each part that could not
/// (at most [`MAX_NAMED_PROBLEMS`], then `and N more problems`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parsed {
    pub link: Link,
    pub problems: Vec<String>,
}

/// Starting values read from an embed: the usable `(parameter id, value)` pairs in the order
/// given, and the problems, bounded as a link's are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Values {
    pub settings: Vec<(&'static str, f64)>,
    pub problems: Vec<String>,
}

impl Link {
    /// The link for a preset, a week, a goal and parameter values: the values that differ from
    /// the preset's are written, each as its two-letter code and its shortest exact form.
    pub fn new(preset: &'static Preset, week: Option<u32>, goal: Goal, params: &Params) -> Link {
        Link {
            preset: preset.id,
            week,
            goal,
            settings: changed(preset, params),
            futures: None,
            baseline: None,
        }
    }

    /// This link with `preset`, `goal` and `params` pinned as scenario A.
    pub fn with_baseline(self, preset: &'static Preset, goal: Goal, params: &Params) -> Link {
        Link {
            baseline: Some(Baseline {
                preset: preset.id,
                goal,
                settings: changed(preset, params),
            }),
            ..self
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
        text += &settings_hash(&self.settings, "");
        if let Some(futures) = &self.futures {
            text += "&";
            text += &futures.to_hash();
        }
        if let Some(baseline) = &self.baseline {
            text += "&";
            text += &baseline.to_hash();
        }
        text
    }

    /// The settings as `layer.param=value` strings, as the CLI and `Scenario::apply` take them.
    pub fn setting_strings(&self) -> Vec<String> {
        setting_strings(&self.settings)
    }
}

/// Reads the part of a URL after `#` (with or without the `#`). Never fails: each part that
/// cannot be used is left out and named in `problems`, and the rest is kept. An unknown preset
/// falls back to the first; a bad week or goal to the default; a bad value to the preset's own.
/// A link over [`MAX_LINK_CHARS`] is not read at all. `weeks` is the horizon that `w` must not
/// pass.
pub fn parse(hash: &str, weeks: u32) -> Parsed {
    let mut problems = Problems::default();
    let mut preset = &PRESETS[0];
    let mut week = None;
    let mut goal = Goal::default();
    let mut settings: Vec<(&'static ParamSpec, f64)> = Vec::new();
    let mut futures: Option<Futures> = None;
    let mut ranges: Vec<(&'static ParamSpec, f64, f64)> = Vec::new();
    // Scenario A: its preset (B's when only `a.` keys are given), goal and settings.
    let mut a_preset: Option<&'static Preset> = None;
    let mut a_goal: Option<Goal> = None;
    let mut a_settings: Vec<(&'static ParamSpec, f64)> = Vec::new();
    // Any `a` key asks for a comparison, even one that cannot be used.
    let mut compared = false;
    let text = hash.strip_prefix('#').unwrap_or(hash);
    let length = text.chars().count();
    let parts = if length > MAX_LINK_CHARS {
        problems.add(
            "",
            format!(
                "{}; showing {}",
                too_long("this link is", "it", length),
                PRESETS[0].id
            ),
        );
        ""
    } else {
        text
    };
    for part in parts.split('&').filter(|part| !part.is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            let part = decode_lossy(part);
            problems.add(&part, format!("`{}` is not a key=value pair", quote(&part)));
            continue;
        };
        let (Some(key), Some(value)) = (decode(key), decode(value)) else {
            problems.add(
                part,
                format!("`{}` is not valid percent-encoding", quote(part)),
            );
            continue;
        };
        let (key, value) = (unquotable(key), unquotable(value));
        compared |= key == "a" || key.starts_with("a.");
        let problem = match key.as_str() {
            "p" => match Preset::find(&value) {
                Ok(found) => {
                    preset = found;
                    continue;
                }
                Err(error) => format!("{error}; showing {}", PRESETS[0].id),
            },
            "w" => match value.parse::<u32>() {
                Ok(w) if w <= weeks => {
                    week = Some(w);
                    continue;
                }
                _ => format!(
                    "week `{}` is not a whole number from 0 to {weeks}; showing the last week",
                    quote(&value)
                ),
            },
            "g" => match Goal::from_id(&value) {
                Ok(found) => {
                    goal = found;
                    continue;
                }
                Err(error) => format!("{error}; using paid requests"),
            },
            "n" | "s" | "sp" | "j" => {
                let futures = futures.get_or_insert_with(Futures::default);
                match read_futures(futures, &key, &value) {
                    Ok(()) => continue,
                    Err(problem) => problem,
                }
            }
            _ if key.starts_with('~') => {
                // A range opens the view too, even if it cannot be used.
                futures.get_or_insert_with(Futures::default);
                match read_range(&key[1..], &value) {
                    Ok((spec, lo, hi)) => {
                        ranges.retain(|(other, _, _)| other.id != spec.id);
                        ranges.push((spec, lo, hi));
                        continue;
                    }
                    Err(problem) => problem,
                }
            }
            "a" => match Preset::find(&value) {
                Ok(found) => {
                    a_preset = Some(found);
                    continue;
                }
                Err(error) => format!("{error}; the baseline A uses {}", PRESETS[0].id),
            },
            "a.g" => match Goal::from_id(&value) {
                Ok(found) => {
                    a_goal = Some(found);
                    continue;
                }
                Err(error) => format!("{error}; the baseline A uses paid requests"),
            },
            _ if key.starts_with("a.") => match read_setting(&key[2..], &value, &mut a_settings) {
                Ok(()) => continue,
                Err(problem) => format!("baseline A: {problem}"),
            },
            _ => match read_setting(&key, &value, &mut settings) {
                Ok(()) => continue,
                Err(problem) => problem,
            },
        };
        problems.add(&key, problem);
    }
    settings.sort_by_key(|(spec, _)| spec.param as usize);
    a_settings.sort_by_key(|(spec, _)| spec.param as usize);
    let ids = |settings: Vec<(&'static ParamSpec, f64)>| -> Vec<(&'static str, f64)> {
        settings
            .into_iter()
            .map(|(spec, value)| (spec.id, value))
            .collect()
    };
    let baseline = compared.then(|| Baseline {
        preset: a_preset.unwrap_or(preset).id,
        goal: a_goal.unwrap_or_default(),
        settings: ids(a_settings),
    });
    ranges.sort_by_key(|(spec, _, _)| spec.param as usize);
    if let Some(futures) = &mut futures {
        futures.ranges = ranges
            .into_iter()
            .map(|(spec, lo, hi)| (spec.id, lo, hi))
            .collect();
    }
    Parsed {
        link: Link {
            preset: preset.id,
            week,
            goal,
            settings: ids(settings),
            futures,
            baseline,
        },
        problems: problems.named(),
    }
}

/// Reads `key=value` as a setting into `settings`, a later one replacing an earlier, or says
/// why not.
fn read_setting(
    key: &str,
    value: &str,
    settings: &mut Vec<(&'static ParamSpec, f64)>,
) -> Result<(), String> {
    let Some(spec) = find_setting(key) else {
        return Err(format!(
            "unknown key `{}` (expected p, w, g, n, s, sp, j, a parameter's code or id such as uq or users.market, a range such as ~uq, or A's a, a.uq)",
            quote(key)
        ));
    };
    let v = spec
        .parse(value)
        .map_err(|error| format!("{error}; using the preset's value"))?;
    settings.retain(|(other, _)| other.id != spec.id);
    settings.push((spec, v));
    Ok(())
}

/// Reads one of the futures' keys (`n`, `s`, `sp`, `j`) into `futures`, or says why not and
/// what stands in for it.
fn read_futures(futures: &mut Futures, key: &str, value: &str) -> Result<(), String> {
    let whole = |most: u64| value.parse::<u64>().ok().filter(|v| (1..=most).contains(v));
    match key {
        "n" => match whole(PAGE_MAX_RUNS) {
            Some(runs) => futures.runs = runs,
            None => {
                return Err(format!(
                    "futures `{}` is not a whole number from 1 to {PAGE_MAX_RUNS}; running {}",
                    quote(value),
                    futures.runs
                ))
            }
        },
        "s" => match value.parse::<u64>().ok().filter(|s| *s <= MAX_SEED) {
            Some(seed) => futures.seed = seed,
            None => {
                return Err(format!(
                    "seed `{}` is not a whole number from 0 to {MAX_SEED}; using seed {}",
                    quote(value),
                    futures.seed
                ))
            }
        },
        "sp" => match value
            .parse::<f64>()
            .ok()
            .filter(|s| (0.0..=MAX_SPREAD).contains(s))
        {
            Some(spread) => futures.spread = spread,
            None => {
                return Err(format!(
                    "spread `{}` is not a number from 0 to {}; using {}",
                    quote(value),
                    compact(MAX_SPREAD),
                    compact(futures.spread)
                ))
            }
        },
        _ => match Verdicts::from_id(value) {
            Ok(verdicts) if verdicts != Verdicts::None => futures.verdicts = verdicts,
            _ => {
                return Err(format!(
                    "verdicts `{}` is not whole or stages; using whole",
                    quote(value)
                ))
            }
        },
    }
    Ok(())
}

/// Reads a range `LO:HI` for the parameter whose code or id is `key`.
fn read_range(key: &str, value: &str) -> Result<(&'static ParamSpec, f64, f64), String> {
    let spec = find_setting(key).ok_or_else(|| {
        format!(
            "unknown range `~{}` (a range is ~code=LO:HI, such as ~uq=0.3:0.5)",
            quote(key)
        )
    })?;
    let malformed = || {
        format!(
            "range `~{}={}` is not LO:HI; using the default range",
            quote(key),
            quote(value)
        )
    };
    let (lo, hi) = value.split_once(':').ok_or_else(malformed)?;
    let lo = spec
        .parse(lo)
        .map_err(|e| format!("{e}; using the default range"))?;
    let hi = spec
        .parse(hi)
        .map_err(|e| format!("{e}; using the default range"))?;
    if lo > hi {
        return Err(format!(
            "range `~{}={}` has LO above HI; using the default range",
            quote(key),
            quote(value)
        ));
    }
    Ok((spec, lo, hi))
}

/// Reads starting values given as `(parameter id, value as text)`, as an embed's `values` or
/// its frame's query gives them, with a link's bounds: more than [`MAX_LINK_CHARS`] in all
/// (written `id=value,id=value`) are refused whole, and at most [`MAX_NAMED_PROBLEMS`]
/// problems are named. A problem names the id or the value as given; the caller keeps the
/// preset's value for it.
pub fn parse_values(given: &[(&str, &str)]) -> Values {
    let mut problems = Problems::default();
    let mut settings = Vec::new();
    // Counted as a tag writes them: `id=value,id=value`.
    let length = given
        .iter()
        .map(|(id, value)| id.chars().count() + value.chars().count() + 2)
        .sum::<usize>()
        .saturating_sub(1);
    if length > MAX_LINK_CHARS {
        problems.add("", too_long("the starting values are", "them", length));
    } else {
        for (id, value) in given {
            let (id, value) = (unquotable((*id).into()), unquotable((*value).into()));
            match ParamSpec::find(&id).and_then(|spec| spec.parse(&value).map(|v| (spec.id, v))) {
                Ok(setting) => settings.push(setting),
                Err(Error::MalformedSetting { .. }) => problems.add(
                    &id,
                    format!(
                        "unknown parameter `{}` (an id is layer.name, such as users.word_of_mouth)",
                        quote(&id)
                    ),
                ),
                Err(error) => problems.add(&id, error.to_string()),
            }
        }
    }
    Values {
        settings,
        problems: problems.named(),
    }
}

/// User text as a problem quotes it: [`quoted`], with backticks written as `\u{60}` too, so
/// a quoted part always ends at the next backtick and a page can isolate it.
pub fn quote(text: &str) -> String {
    quoted(&unquotable(text.into()))
}

/// Text with its backticks written as `\u{60}`. No id, code, number or name contains a
/// backtick, so this changes only how text that cannot be used is quoted.
fn unquotable(text: String) -> String {
    if text.contains('`') {
        text.replace('`', "\\u{60}")
    } else {
        text
    }
}

/// The one problem of text over [`MAX_LINK_CHARS`]: `what` names it (`this link is`).
fn too_long(what: &str, pronoun: &str, length: usize) -> String {
    format!(
        "{what} {length} characters long, more than the {MAX_LINK_CHARS} allowed, so none of {pronoun} is used"
    )
}

/// The problems found so far, each with the key it is about and how often it came up.
#[derive(Default)]
struct Problems(Vec<(String, String, usize)>);

impl Problems {
    /// Adds a problem with `key`; the same problem with the same key again only counts.
    fn add(&mut self, key: &str, message: String) {
        match self
            .0
            .iter_mut()
            .find(|(k, m, _)| k == key && *m == message)
        {
            Some((_, _, times)) => *times += 1,
            None => self.0.push((key.into(), message, 1)),
        }
    }

    /// The first [`MAX_NAMED_PROBLEMS`] problems, a repeated one saying how often it came
    /// up, then `and N more problems` for the rest.
    fn named(self) -> Vec<String> {
        let rest = self.0.len().saturating_sub(MAX_NAMED_PROBLEMS);
        let mut named: Vec<String> = self
            .0
            .into_iter()
            .take(MAX_NAMED_PROBLEMS)
            .map(|(key, message, times)| match times {
                1 => message,
                _ => format!("`{}` appears {times} times: {message}", quote(&key)),
            })
            .collect();
        match rest {
            0 => {}
            1 => named.push("and 1 more problem".into()),
            _ => named.push(format!("and {rest} more problems")),
        }
        named
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
