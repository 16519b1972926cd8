//! The scenario file: written and read back to the same scenario, by the library and by the
//! CLI (`--format scenario`, `--scenario FILE`), and refused with a message that names what is
//! wrong when it is broken or foreign.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{flywheel, stdout};

use flywheel::analysis::ensemble::Verdicts;
use flywheel::model::noise::Noise;
use flywheel::model::params::SPECS;
use flywheel::model::presets::PRESETS;
use flywheel::model::scenario::Goal;
use flywheel::reading::link::Futures;
use flywheel::reading::scenario_file::{read, write, MAX_FILE_BYTES};
use flywheel::Scenario;

/// The message a broken file gets from the library.
fn refused(text: &str) -> String {
    let error = read(text).expect_err(text);
    let message = error.to_string();
    assert!(message.len() < 1200, "{} bytes: {message}", message.len());
    message
}

fn file_with(top: &str) -> String {
    format!("{{\"format\": \"flywheel-scenario\", \"version\": 1{top}}}")
}

#[test]
fn every_preset_reads_back_to_the_same_scenario() {
    for preset in PRESETS {
        let mut scenario = Scenario::from_preset(preset.id).unwrap();
        scenario.options.goal = Goal::Users;
        let text = write(&scenario, None);
        let back = read(&text).unwrap();
        assert_eq!(back.scenario, scenario, "{}", preset.id);
        assert_eq!(back.futures, None);
    }
}

#[test]
fn odd_values_options_noise_and_futures_read_back_exactly() {
    let mut scenario = Scenario::from_preset("compute-crunch").unwrap();
    // Values no slider gives, at the ends of their ranges and in between.
    for (i, spec) in SPECS.iter().enumerate() {
        let t = (i as f64 * 0.618_033_988_749_894_9).fract();
        let value = spec.min + (spec.max - spec.min) * t;
        scenario.params.set(spec.param, value).unwrap();
    }
    scenario.params.set(SPECS[0].param, SPECS[0].max).unwrap();
    scenario.options.weeks = 104;
    scenario.options.step_weeks = 0.25;
    scenario.options.integrator = "euler".parse().unwrap();
    scenario.options.noise = Some(Noise {
        sigma: 0.125,
        seed: u64::MAX,
    });
    let futures = Futures {
        runs: 4321,
        seed: (1 << 53) - 1,
        spread: 0.37,
        verdicts: Verdicts::Stages,
        ranges: vec![
            ("compute.requests_per_gpu", 1.0e4, 3.3e4),
            ("payments.paying_share", 0.05, 0.05),
        ],
    };
    let text = write(&scenario, Some(&futures));
    let back = read(&text).unwrap();
    assert_eq!(back.scenario, scenario);
    assert_eq!(back.futures, Some(futures));
    // Written once more, it is the same text.
    assert_eq!(write(&back.scenario, back.futures.as_ref()), text);
}

#[test]
fn a_file_may_leave_out_values_options_and_futures() {
    let text = file_with(
        r#", "preset": "healthy", "values": {"users.word_of_mouth": 0.8}, "goal": "revenue""#,
    );
    let file = read(&text).unwrap();
    let mut want = Scenario::from_preset("healthy").unwrap();
    want.apply(["users.word_of_mouth=0.8"]).unwrap();
    want.options.goal = Goal::Revenue;
    assert_eq!(file.scenario, want);
    assert_eq!(file.futures, None);
    // Ranges are kept in the order of the parameter table, whatever the file's order.
    let text = file_with(
        r#", "uncertainty": {"ranges": {"trust.reliability_care": [0.1, 0.5], "compute.initial_gpus": [100, 900]}}"#,
    );
    let futures = read(&text).unwrap().futures.unwrap();
    assert_eq!(
        futures.ranges,
        vec![
            ("compute.initial_gpus", 100.0, 900.0),
            ("trust.reliability_care", 0.1, 0.5)
        ]
    );
    assert_eq!((futures.runs, futures.seed), (1000, 1));
}

#[test]
fn broken_and_foreign_files_name_what_is_wrong() {
    let cases: [(&str, &str); 20] = [
        ("", "it is not JSON"),
        ("{\"format\": \"flywheel-scenario\", ", "it is not JSON"),
        ("[1, 2]", "it is an array of JSON"),
        ("{\"nodes\": []}", "has no \"format\""),
        (
            "{\"format\": \"xmile\", \"version\": 1}",
            "\"format\" is \"xmile\"",
        ),
        (
            "{\"format\": \"flywheel-scenario\"}",
            "it has no \"version\"",
        ),
        (
            "{\"format\": \"flywheel-scenario\", \"version\": 7}",
            "version 7, newer than the version 1",
        ),
        (&file_with(", \"colour\": 1"), "unknown key \"colour\""),
        (
            &file_with(", \"preset\": \"nope\""),
            "unknown preset `nope`",
        ),
        (&file_with(", \"preset\": 3"), "\"preset\" is 3"),
        (&file_with(", \"goal\": \"joy\""), "\"goal\" is \"joy\""),
        (
            &file_with(", \"values\": {\"users.market\": 5}"),
            "`users.market` = 5 is outside its range 10000 to 1000000000 users",
        ),
        (
            &file_with(", \"values\": {\"users.market\": \"lots\"}"),
            "`users.market` is \"lots\", not a number",
        ),
        (
            &file_with(", \"values\": {\"users.nope\": 1}"),
            "unknown parameter `nope` of layer `users`",
        ),
        (&file_with(", \"values\": {\"x\": 1e400}"), "it is not JSON"),
        (&file_with(", \"values\": [1]"), "\"values\" is an array"),
        (
            &file_with(", \"run\": {\"step_weeks\": 0.3}"),
            "it must divide the 260 weeks evenly",
        ),
        (
            &file_with(", \"run\": {\"integrator\": \"leapfrog\"}"),
            "\"integrator\" is \"leapfrog\"",
        ),
        (
            &file_with(", \"uncertainty\": {\"ranges\": {\"users.market\": [2e7, 1e7]}}"),
            "has LO 20000000 above HI 10000000",
        ),
        (
            &file_with(", \"uncertainty\": {\"runs\": 0}"),
            "\"runs\" is 0, not a whole number from 1 to 100000",
        ),
    ];
    for (text, want) in cases {
        let message = refused(text);
        assert!(message.contains(want), "{text}\n  gave: {message}");
    }
}

#[test]
fn many_problems_are_named_five_at_a_time_and_long_text_is_clipped() {
    let values: Vec<String> = (0..40).map(|i| format!("\"users.p{i}\": 1")).collect();
    let message = refused(&file_with(&format!(
        ", \"values\": {{{}}}",
        values.join(", ")
    )));
    assert_eq!(message.matches("unknown parameter").count(), 5, "{message}");
    assert!(message.ends_with("; and 35 more"), "{message}");
    let long = "a".repeat(10_000);
    let message = refused(&file_with(&format!(", \"preset\": \"{long}\"")));
    assert!(message.len() < 400, "{message}");
    // Text that would turn the message around is written out, not obeyed.
    let message = refused(&file_with(", \"goal\": \"\u{202e}paid\""));
    assert!(
        message.contains("\\u{202e}") && !message.contains('\u{202e}'),
        "{message}"
    );
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_parsed() {
    let text = file_with(&format!(", \"preset\": \"{}\"", "x".repeat(MAX_FILE_BYTES)));
    let message = refused(&text);
    assert!(message.contains("more than the 65536"), "{message}");
}

#[test]
fn the_cli_writes_a_file_that_runs_the_same_run() {
    let flags = [
        "run",
        "--preset",
        "apps-without-audience",
        "--set",
        "users.word_of_mouth=0.8",
        "--goal",
        "revenue",
        "--weeks",
        "104",
    ];
    let dir = std::env::temp_dir().join(format!("flywheel-scenario-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.json");
    let text = stdout(&[&flags[..], &["--format", "scenario"]].concat());
    std::fs::write(&path, &text).unwrap();
    let path = path.to_str().unwrap();
    for format in ["json", "csv"] {
        let direct = stdout(&[&flags[..], &["--format", format]].concat());
        let from_file = stdout(&["run", "--scenario", path, "--format", format][..]);
        assert_eq!(from_file, direct, "{format}");
    }
    // Options given with the file change it, as settings change a preset.
    let changed = stdout(&["run", "--scenario", path, "--set", "users.market=2e7"]);
    let want = stdout(&[&flags[..], &["--set", "users.market=2e7"]].concat());
    assert_eq!(changed, want);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_ensemble_file_carries_its_futures_to_the_cli() {
    let flags = [
        "ensemble",
        "--preset",
        "healthy",
        "--runs",
        "40",
        "--seed",
        "9",
        "--spread",
        "0.3",
        "--verdicts",
        "whole",
        "--vary",
        "payments.paying_share=0.05:0.2",
    ];
    let dir = std::env::temp_dir().join(format!("flywheel-futures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("f.json");
    std::fs::write(
        &path,
        stdout(&[&flags[..], &["--format", "scenario"]].concat()),
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let direct = stdout(&flags);
    let from_file = stdout(&["ensemble", "--scenario", path]);
    assert_eq!(from_file, direct);
    // A flag given with the file wins over the file's.
    let more = stdout(&["ensemble", "--scenario", path, "--runs", "41"]);
    assert!(more.contains("\"runs\": 41"), "{}", &more[..200]);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_cli_refuses_a_broken_file_in_one_line_naming_it() {
    let dir = std::env::temp_dir().join(format!("flywheel-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases: [(&str, &[u8], &str); 3] = [
        ("bytes.json", b"\xff\xfe{}", "it is not UTF-8 text"),
        (
            "range.json",
            br#"{"format": "flywheel-scenario", "version": 1, "values": {"payments.paying_share": 2}}"#,
            "`payments.paying_share` = 2 is outside its range 0 to 1",
        ),
        ("empty.json", b"", "it is not JSON"),
    ];
    for (name, bytes, want) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = flywheel(&["run", "--scenario", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("flywheel: cannot read scenario file `") && err.contains(want),
            "{name}: {err}"
        );
    }
    let out = flywheel(&["run", "--scenario", "/nonexistent/s.json"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cannot read scenario file `/nonexistent/s.json`"),
        "{err}"
    );
    let out = flywheel(&["run", "--scenario", "x.json", "--preset", "healthy"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not both"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
