//! XMILE export and read-back: `flywheel xmile` then `flywheel run --xmile` gives the bytes of
//! the original run, and any file Flywheel did not write is refused with one bounded line,
//! never a panic.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{flywheel, stdout};

use std::path::PathBuf;

use flywheel::exchange::xmile::{to_xmile, XmileError};
use flywheel::exchange::xmile_read::{from_xmile, from_xmile_bytes};
use flywheel::model::noise::Noise;
use flywheel::model::presets::PRESETS;
use flywheel::Scenario;

/// A file in a fresh directory for this test.
fn scratch(test: &str, name: &str, content: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("flywheel-xmile-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// Runs `run --xmile` on `content` and returns its one line of error.
fn refused(test: &str, content: &[u8]) -> String {
    let path = scratch(test, "bad.xmile", content);
    let out = flywheel(&["run", "--xmile", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{test} was not refused");
    assert!(out.stdout.is_empty(), "{test} printed to stdout");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{test} panicked: {err}");
    assert_eq!(err.lines().count(), 1, "{test}: not one line: {err}");
    assert!(err.len() < 400, "{test}: message too long: {err}");
    err
}

fn healthy() -> String {
    stdout(&["xmile", "--preset", "healthy"])
}

#[test]
fn every_preset_round_trips_to_the_same_json() {
    for preset in PRESETS {
        let file = stdout(&["xmile", "--preset", preset.id]);
        let path = scratch("presets", &format!("{}.xmile", preset.id), file.as_bytes());
        let back = stdout(&["run", "--xmile", path.to_str().unwrap()]);
        assert_eq!(
            back,
            stdout(&["run", "--preset", preset.id]),
            "{}",
            preset.id
        );
    }
}

#[test]
fn options_settings_goal_and_format_round_trip() {
    let flags = [
        "--preset",
        "compute-crunch",
        "--set",
        "users.market=3.3e7",
        "--set",
        "payments.price=0.1",
        "--integrator",
        "euler",
        "--weeks",
        "104",
        "--step",
        "0.25",
    ];
    let file = stdout(&[&["xmile"], &flags[..]].concat());
    assert!(file.contains(r#"<sim_specs method="Euler" time_units="weeks">"#));
    assert!(file.contains("<stop>104</stop>") && file.contains("<dt>0.25</dt>"));
    let path = scratch("options", "s.xmile", file.as_bytes());
    let path = path.to_str().unwrap();
    for extra in [
        &["--format", "csv"][..],
        &["--goal", "revenue"][..],
        &[][..],
    ] {
        let back = stdout(&[&["run", "--xmile", path], extra].concat());
        let original = stdout(&[&["run"], &flags[..], extra].concat());
        assert_eq!(back, original, "{extra:?}");
    }
    // Without a preset the JSON's preset is null, and stays so.
    let file = stdout(&["xmile", "--set", "users.word_of_mouth=1.1"]);
    assert!(!file.contains("flywheel:scenario"));
    let path = scratch("options", "plain.xmile", file.as_bytes());
    assert_eq!(
        stdout(&["run", "--xmile", path.to_str().unwrap()]),
        stdout(&["run", "--set", "users.word_of_mouth=1.1"])
    );
}

#[test]
fn the_file_names_match_the_csv_columns() {
    let file = healthy();
    let csv = stdout(&["run", "--format", "csv", "--weeks", "1"]);
    let header = csv.lines().next().unwrap();
    for column in header.split(',') {
        if matches!(column, "week" | "binding" | "stage_bottleneck") {
            continue;
        }
        assert!(
            file.contains(&format!(r#" name="{column}">"#)),
            "no variable {column}"
        );
    }
    assert!(file.contains(r#"<stock name="compute_stock">"#));
    assert!(file.contains(r#"<aux name="compute_initial_gpus">"#));
    // No DT builtin, no macros, no three-argument MIN or MAX.
    assert!(!file.contains("DT") && !file.contains("<macro"));
}

#[test]
fn noise_and_goal_are_refused_by_the_export() {
    let out = flywheel(&["xmile", "--noise", "0.2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("noise"));
    let out = flywheel(&["xmile", "--goal", "users"]);
    assert_eq!(out.status.code(), Some(2));
    let mut scenario = Scenario::default();
    scenario.options.noise = Some(Noise {
        sigma: 0.1,
        seed: 1,
    });
    assert!(matches!(to_xmile(&scenario), Err(XmileError::Noise { .. })));
}

#[test]
fn run_with_xmile_takes_no_scenario_flags() {
    let path = scratch("flags", "h.xmile", healthy().as_bytes());
    let out = flywheel(&[
        "run",
        "--xmile",
        path.to_str().unwrap(),
        "--set",
        "users.market=1e6",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--set cannot be given with --xmile"), "{err}");
}

#[test]
fn hostile_files_are_refused_with_one_clear_line() {
    let good = healthy();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "no root element"),
        (
            "truncated",
            good.as_bytes()[..good.len() / 2].to_vec(),
            "ends inside",
        ),
        (
            "foreign",
            br#"<?xml version="1.0"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header><vendor>isee systems, inc.</vendor><product version="3.0">Stella Architect</product></header>
  <sim_specs time_units="Months"><start>1</start><stop>13</stop><dt>0.25</dt></sim_specs>
  <model><variables><stock name="Population"><eqn>100</eqn></stock></variables></model>
</xmile>"#
                .to_vec(),
            "not written by Flywheel: its vendor is `isee systems, inc.`",
        ),
        (
            "not-xmile",
            b"<html><body>hello</body></html>".to_vec(),
            "not XMILE 1.0",
        ),
        (
            "huge",
            good.replacen("<eqn>2000</eqn>", "<eqn>1e400</eqn>", 1)
                .into_bytes(),
            "`compute.initial_gpus` = `1e400` is too large",
        ),
        (
            "out-of-range",
            good.replacen("<eqn>2000</eqn>", "<eqn>2e9</eqn>", 1)
                .into_bytes(),
            "outside its range",
        ),
        (
            "nan",
            good.replacen("<eqn>2000</eqn>", "<eqn>NaN</eqn>", 1)
                .into_bytes(),
            "`compute.initial_gpus` = `NaN` is not a number",
        ),
        (
            "expression",
            good.replacen("<eqn>2000</eqn>", "<eqn>1000 * 2</eqn>", 1)
                .into_bytes(),
            "is not a number",
        ),
        (
            "duplicate",
            good.replacen(
                "<variables>",
                "<variables><aux name=\"users_market\"><eqn>5</eqn></aux>",
                1,
            )
            .into_bytes(),
            "`users_market` appears more than once",
        ),
        (
            "unknown",
            good.replacen(
                "<variables>",
                "<variables><aux name=\"users_patience\"><eqn>5</eqn></aux>",
                1,
            )
            .into_bytes(),
            "unknown parameter or variable `users_patience`",
        ),
        (
            "missing",
            good.replacen("name=\"users_market\"", "name=\"users_markt\"", 1)
                .into_bytes(),
            "the parameter `users_market` is missing",
        ),
        (
            "edited-equation",
            good.replacen("<eqn>8 / 17</eqn>", "<eqn>0.5</eqn>", 1)
                .into_bytes(),
            "the equation of `congestion_window` is `0.5`, not what Flywheel writes",
        ),
        (
            "stop",
            good.replacen("<stop>260</stop>", "<stop>5000</stop>", 1)
                .into_bytes(),
            "stop is `5000`",
        ),
        (
            "step",
            good.replacen("<dt>1</dt>", "<dt>0.3</dt>", 1).into_bytes(),
            "divide the 260 weeks evenly",
        ),
        (
            "method",
            good.replacen("method=\"RK4\"", "method=\"Gear\"", 1)
                .into_bytes(),
            "method is `Gear`",
        ),
        (
            "preset",
            good.replacen("preset=\"healthy\"", "preset=\"\u{202e}evil\"", 1)
                .into_bytes(),
            "unknown preset `\\u{202e}evil`",
        ),
        (
            "entities",
            b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><xmile>&a;</xmile>".to_vec(),
            "DOCTYPE",
        ),
        (
            "deep",
            "<xmile>".repeat(100_000).into_bytes(),
            "nested more than",
        ),
        (
            "long-name",
            format!("<xmile>{}", "<".to_string() + &"n".repeat(100_000) + ">").into_bytes(),
            "(100000 characters)",
        ),
        (
            "binary",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
                .collect(),
            "not UTF-8",
        ),
        ("latin-1", latin1(&good), "not UTF-8"),
        (
            "behavior",
            good.replacen("<model>", "<behavior><non_negative/></behavior><model>", 1)
                .into_bytes(),
            "it has a `<behavior>` in `<xmile>`, which Flywheel does not write",
        ),
        (
            "graphical",
            good.replacen("<eqn>2000</eqn>", "<eqn>2000</eqn><gf><ypts>1,2</ypts></gf>", 1)
                .into_bytes(),
            "it has a `<gf>` in `<aux>`",
        ),
    ];
    for (name, content, expected) in cases {
        let err = refused(name, &content);
        assert!(err.contains(expected), "{name}: {err}");
    }
    // Long offending text is clipped.
    let long = "x".repeat(5000);
    let err = refused(
        "long",
        good.replacen("<eqn>2000</eqn>", &format!("<eqn>{long}</eqn>"), 1)
            .as_bytes(),
    );
    assert!(err.contains("(5000 characters)"), "{err}");
    let out = flywheel(&["run", "--xmile", "/nonexistent/flywheel.xmile"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cannot read XMILE `/nonexistent/flywheel.xmile`"),
        "{err}"
    );
}

/// The file with its model's name in Latin-1, as an editor that saves in that encoding would.
fn latin1(good: &str) -> Vec<u8> {
    let at = good.find("<name>Flywheel</name>").unwrap() + "<name>".len();
    let mut bytes = good.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(b"Fl\xfcgel");
    bytes.extend_from_slice(&good.as_bytes()[at + "Flywheel".len()..]);
    bytes
}

#[test]
fn no_prefix_or_byte_change_of_a_good_file_panics() {
    let good = to_xmile(&Scenario::from_preset("healthy").unwrap()).unwrap();
    assert!(from_xmile(&good).is_ok());
    let bytes = good.as_bytes();
    for end in (0..bytes.len()).step_by(97) {
        let _ = from_xmile_bytes(&bytes[..end]);
    }
    // Deterministic pseudo-random single-byte changes.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..2000 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let at = (state >> 33) as usize % bytes.len();
        let mut changed = bytes.to_vec();
        changed[at] = (state >> 13) as u8;
        if let Ok(scenario) = from_xmile_bytes(&changed) {
            // A change that still reads is a change of a parameter's value or of whitespace.
            assert!(to_xmile(&scenario).is_ok());
        }
    }
}
