//! Generated input through the link parser, the settings parser and the model, each under
//! `catch_unwind`: nothing panics, what is accepted is in range, a link reads back as itself,
//! and no series, summary or verdict number is NaN or infinite.
//!
//! CI runs a short version. For millions of cases (about a minute per million links, with one
//! model run per hundred):
//! `FLYWHEEL_FUZZ_CASES=1000000 cargo test --release --test fuzz -- --nocapture`
//! `FLYWHEEL_FUZZ_SEED=N` starts from another seed; a failure prints the seed and case.
#![cfg(not(target_arch = "wasm32"))]

use std::panic::{catch_unwind, AssertUnwindSafe};

use flywheel::analysis::report::report;
use flywheel::model::integrate::Integrator;
use flywheel::model::noise::SplitMix64;
use flywheel::model::params::SPECS;
use flywheel::model::presets::PRESETS;
use flywheel::model::scenario::Goal;
use flywheel::reading::link::parse;
use flywheel::Scenario;

/// Generated cases: the crate's SplitMix64, so the same seed gives the same cases everywhere.
struct Cases(SplitMix64);

impl Cases {
    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.below(options.len())]
    }

    /// A value as a person, a script or an attacker might type it.
    fn value(&mut self) -> String {
        let spec = &SPECS[self.below(SPECS.len())];
        match self.below(12) {
            0 => format!("{}", spec.min + (spec.max - spec.min) * self.unit()),
            1 => format!("{:e}", spec.max * (1.0 + self.unit())),
            2 => format!("{}", -(self.unit() * 10.0)),
            3 => format!("1e{}", self.below(800) as i64 - 400),
            4 => format!("{}", f64::from_bits(self.next())),
            5 => self
                .pick(&[
                    "", "nan", "NaN", "inf", "-inf", "1e", ".", "+", "0x10", "1_000", " 5 ",
                ])
                .into(),
            6 => "9".repeat(self.below(400)),
            7 => self.junk(),
            8 => format!("{}", 5e-324 * (1 + self.below(9)) as f64),
            _ => format!("{}", spec.default * (0.5 + self.unit())),
        }
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Text with markup, escapes, bidi controls and other characters from anywhere.
    fn junk(&mut self) -> String {
        let pieces = [
            "<img src=x onerror=alert(1)>",
            "%",
            "%E2%80%AE",
            "%ZZ",
            "%FF",
            "&",
            "=",
            "#",
            "+",
            "\u{202e}",
            "\u{2066}",
            "\u{0}",
            "\n",
            "é",
            "𝔽",
            "'",
            "\"",
            "`",
            "\\",
            " ",
        ];
        (0..self.below(8))
            .map(|_| pieces[self.below(pieces.len())])
            .collect()
    }

    /// A key a link might carry.
    fn key(&mut self) -> String {
        let spec = &SPECS[self.below(SPECS.len())];
        match self.below(8) {
            0..=3 => spec.code.into(),
            4 => spec.id.into(),
            5 => self.pick(&["p", "w", "g"]).into(),
            6 => self.junk(),
            _ => format!("{}{}", spec.code, self.pick(&["x", "%20", ""])),
        }
    }

    /// A URL hash: good parts, bad parts and noise.
    fn hash(&mut self) -> String {
        let mut parts = Vec::new();
        for _ in 0..self.below(12) {
            let part = match self.below(10) {
                0 => format!("p={}", PRESETS[self.below(PRESETS.len())].id),
                1 => format!("p={}", self.junk()),
                2 => format!(
                    "w={}",
                    self.pick(&["0", "60", "260", "261", "-1", "1e3", "x"])
                ),
                3 => format!(
                    "g={}",
                    self.pick(&["paid", "revenue", "users", "speed", ""])
                ),
                4 => self.junk(),
                _ => format!("{}={}", self.key(), self.value()),
            };
            parts.push(part);
        }
        let hash = parts.join("&");
        if self.below(2) == 0 {
            format!("#{hash}")
        } else {
            hash
        }
    }
}

fn cases() -> usize {
    std::env::var("FLYWHEEL_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3_000)
}

fn seed() -> u64 {
    std::env::var("FLYWHEEL_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5EED)
}

/// Runs `check` on each case under `catch_unwind`, naming the seed and case of any failure.
fn each_case(name: &str, count: usize, mut check: impl FnMut(&mut Cases) -> Result<(), String>) {
    let seed = seed();
    for case in 0..count {
        let mut cases = Cases(SplitMix64(
            seed ^ (case as u64).wrapping_mul(0xA076_1D64_78BD_642F),
        ));
        let outcome = catch_unwind(AssertUnwindSafe(|| check(&mut cases)));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(problem)) => panic!("{name}, seed {seed}, case {case}: {problem}"),
            Err(_) => panic!("{name}, seed {seed}, case {case}: panicked"),
        }
    }
    println!("{name}: {count} cases, seed {seed}, all held");
}

#[test]
fn generated_links_parse_into_range_and_read_back_as_themselves() {
    each_case("links", cases(), |cases| {
        let hash = cases.hash();
        let parsed = parse(&hash, 260);
        let link = &parsed.link;
        for (id, value) in &link.settings {
            let spec = SPECS.iter().find(|s| s.id == *id).ok_or("unknown id")?;
            if !(spec.min..=spec.max).contains(value) {
                return Err(format!("{hash:?}: {id} = {value} out of range"));
            }
        }
        if link.week.is_some_and(|w| w > 260) {
            return Err(format!("{hash:?}: week {:?}", link.week));
        }
        let again = parse(&link.to_hash(), 260);
        if !again.problems.is_empty() || again.link != *link {
            return Err(format!(
                "{hash:?} -> {} -> {:?} {:?}",
                link.to_hash(),
                again.link,
                again.problems
            ));
        }
        let total: usize = parsed.problems.iter().map(String::len).sum();
        if total > 4_000 {
            return Err(format!("{} characters of problems", total));
        }
        Ok(())
    });
}

#[test]
fn generated_settings_and_options_run_with_finite_numbers() {
    each_case("runs", (cases() / 100).max(30), |cases| {
        let mut scenario = Scenario::from_preset(PRESETS[cases.below(PRESETS.len())].id)
            .map_err(|e| e.to_string())?;
        let settings: Vec<String> = (0..cases.below(6))
            .map(|_| {
                let spec = &SPECS[cases.below(SPECS.len())];
                format!("{}={}", spec.id, cases.value())
            })
            .collect();
        // A bad setting is refused with a message; the scenario may be partly applied, as
        // the CLI stops at the first and the page keeps what it had.
        let _ = scenario.apply(settings.iter().map(String::as_str));
        for (spec, value) in scenario.params.iter() {
            if !(spec.min..=spec.max).contains(&value) {
                return Err(format!("{settings:?}: {} = {value}", spec.id));
            }
        }
        let options = &mut scenario.options;
        options.weeks = 1 + cases.below(120) as u32;
        options.step_weeks = [1.0, 0.5, 0.25][cases.below(3)];
        options.integrator = [Integrator::Euler, Integrator::Rk4][cases.below(2)];
        options.goal = Goal::ALL[cases.below(3)];
        let report = report(&scenario).map_err(|e| e.to_string())?;
        numbers(&report)
            .into_iter()
            .find(|(_, v)| !v.is_finite())
            .map_or(Ok(()), |(name, v)| {
                Err(format!("{settings:?}: {name} = {v}"))
            })
    });
}

/// Every number a report documents, named.
fn numbers(r: &flywheel::analysis::report::Report) -> Vec<(String, f64)> {
    let mut all: Vec<(String, f64)> = Vec::new();
    let mut column = |name: &str, values: &[f64]| {
        all.extend(values.iter().map(|&v| (name.to_string(), v)));
    };
    let s = &r.series;
    for layer in &s.layers {
        for (field, values) in layer.fields() {
            column(&format!("{}_{field}", layer.layer), values);
        }
    }
    for (field, values) in s.money.fields() {
        column(field, values);
    }
    column("served_requests", &s.served_requests);
    column("paid_requests", &s.paid_requests);
    column("cumulative_paid_requests", &s.cumulative_paid_requests);
    column("served_fraction", &s.served_fraction);
    column("trust_level", &s.trust_level);
    column("loop_gain", &s.loop_gain);
    let summary = serde_json::to_value(&r.summary).unwrap_or_default();
    for (key, value) in summary.as_object().into_iter().flatten() {
        // serde_json writes a NaN or an infinity as null: a null here is a number that was
        // not, except where the summary documents null (a growth with no start to grow from).
        if value.is_null() && key != "served_growth" {
            all.push((format!("summary.{key}"), f64::NAN));
        }
        if let Some(v) = value.as_f64() {
            all.push((format!("summary.{key}"), v));
        }
    }
    let rankings = std::iter::once(&r.verdict.ranking).chain(r.stages.iter().map(|s| &s.ranking));
    for ranking in rankings {
        all.push(("baseline_goal".into(), ranking.baseline_goal));
        for g in &ranking.gains {
            all.push((format!("{} goal", g.layer), g.goal));
            all.push((format!("{} gain", g.layer), g.gain));
            all.extend(
                g.gain_percent
                    .map(|p| (format!("{} gain_percent", g.layer), p)),
            );
        }
    }
    all
}
