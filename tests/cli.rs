//! The `flywheel` command: listings, a run in each format, and one clear line for each kind of bad input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::flywheel;
use std::process::Command;

/// Runs a bad command and returns its single line of error.
fn rejected(args: &[&str]) -> String {
    let out = flywheel(args);
    assert!(!out.status.success(), "{args:?} succeeded");
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    err
}

fn one_line(err: &str) -> &str {
    assert_eq!(err.lines().count(), 1, "not one line: {err}");
    err.trim_end()
}

#[test]
fn presets_lists_the_six_ids() {
    let out = flywheel(&["presets"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids.len(), 6);
    assert!(ids.contains(&"compute-crunch") && ids.contains(&"healthy"));
}

#[test]
fn params_lists_each_parameter_with_unit_range_default_and_meaning() {
    let out = flywheel(&["params"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("compute.requests_per_gpu"))
        .unwrap();
    assert!(
        line.contains("20000")
            && line.contains("1000 to 200000")
            && line.contains("requests/week per GPU"),
        "{line}"
    );
    assert_eq!(
        text.lines().count(),
        1 + flywheel::model::params::SPECS.len()
    );
}

#[test]
fn run_prints_json_with_the_verdict_series_and_summary() {
    let out = flywheel(&["run", "--preset", "compute-crunch", "--format", "json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["bottleneck"], "compute");
    assert_eq!(json["series"]["week"].as_array().unwrap().len(), 261);
    assert_eq!(json["series"]["layers"].as_array().unwrap().len(), 8);
    assert!(json["summary"]["loop_gain_median"].is_number());
    assert_eq!(json["verdict"]["gains"].as_array().unwrap().len(), 8);
    assert_eq!(json["units"][5]["layer"], "incentives");
    assert_eq!(json["units"][5]["flow"], "$/week");
    assert_eq!(json["units"][0]["stock"], "GPUs");
}

#[test]
fn run_gives_the_bottleneck_year_by_year_in_json_and_csv() {
    let out = flywheel(&["run", "--preset", "healthy"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stages = json["stages"].as_array().unwrap();
    let weeks: Vec<(f64, f64)> = stages
        .iter()
        .map(|s| {
            (
                s["from_week"].as_f64().unwrap(),
                s["to_week"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(weeks.first(), Some(&(0.0, 52.0)));
    assert_eq!(weeks.last(), Some(&(208.0, 260.0)));
    assert!(weeks.windows(2).all(|w| w[0].1 == w[1].0), "{weeks:?}");
    assert_eq!(stages[0]["bottleneck"], "users");
    assert_eq!(stages[0]["gains"].as_array().unwrap().len(), 8);
    assert_eq!(json["verdict"]["stages"], json["stages"]);

    let out = flywheel(&["run", "--preset", "healthy", "--format", "csv"]);
    let csv = String::from_utf8(out.stdout).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let column = header
        .iter()
        .position(|&c| c == "stage_bottleneck")
        .unwrap();
    let cell = |row: usize| {
        csv.lines()
            .nth(row + 1)
            .unwrap()
            .split(',')
            .nth(column)
            .unwrap()
    };
    assert_eq!(
        (cell(0), cell(51), cell(52), cell(260)),
        ("users", "users", "compute", "compute")
    );
}

#[test]
fn run_with_a_goal_no_relief_can_reach_says_so_with_a_null_bottleneck() {
    let out = flywheel(&["run", "--set", "payments.price=0", "--goal", "revenue"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["bottleneck"].is_null());
    assert_eq!(json["options"]["goal"], "revenue");
    assert!(json["verdict"]["note"]
        .as_str()
        .unwrap()
        .contains("no revenue"));
    assert!(json["verdict"]["gains"][0]["gain_percent"].is_null());
    let err = one_line(&rejected(&["run", "--goal", "speed"])).to_string();
    assert!(
        err.contains("`speed`") && err.contains("paid, revenue or users"),
        "{err}"
    );
}

#[test]
fn run_applies_settings_integrator_weeks_and_step() {
    let out = flywheel(&[
        "run",
        "--preset",
        "healthy",
        "--set",
        "users.market=5e6",
        "--integrator",
        "euler",
        "--weeks",
        "104",
        "--step",
        "0.5",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["series"]["week"].as_array().unwrap().len(), 209);
    assert_eq!(json["options"]["integrator"], "euler");
    let market = json["params"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "users.market")
        .unwrap();
    assert_eq!(market["value"], 5e6);
}

#[test]
fn run_prints_csv_with_a_header_and_a_row_per_week() {
    let out = flywheel(&[
        "run", "--preset", "healthy", "--weeks", "10", "--format", "csv",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header[0], "week");
    assert!(header.contains(&"applications_utilization") && header.contains(&"binding"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 11);
    assert!(rows.iter().all(|r| r.len() == header.len()));
}

#[test]
fn a_seeded_noisy_run_is_reproducible_from_the_command_line() {
    let args = [
        "run", "--preset", "healthy", "--noise", "0.2", "--seed", "42", "--format", "csv",
    ];
    assert_eq!(flywheel(&args).stdout, flywheel(&args).stdout);
    let unseeded = flywheel(&["run", "--noise", "0.1", "--weeks", "5"]);
    let json: serde_json::Value = serde_json::from_slice(&unseeded.stdout).unwrap();
    assert!(
        json["options"]["noise"]["seed"].is_u64(),
        "the drawn seed is reported"
    );
}

#[test]
fn bad_input_is_rejected_with_one_line_naming_it() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["run", "--preset", "nope"],
            &["unknown preset `nope`", "healthy"],
        ),
        (
            &["run", "--set", "gpu.count=3"],
            &["unknown layer `gpu`", "compute"],
        ),
        (
            &["run", "--set", "compute.speed=3"],
            &["unknown parameter `speed`", "requests_per_gpu"],
        ),
        (
            &["run", "--set", "compute.lifetime_weeks=abc"],
            &["`compute.lifetime_weeks`", "`abc`", "is not a number"],
        ),
        (
            &["run", "--set", "compute.lifetime_weeks=NaN"],
            &["`compute.lifetime_weeks`", "is not a number"],
        ),
        (
            &["run", "--set", "compute.lifetime_weeks=9999"],
            &["9999", "outside its range 26 to 520 weeks"],
        ),
        (
            &["run", "--set", "users.market"],
            &["malformed setting `users.market`"],
        ),
        (
            &["run", "--format", "xml"],
            &["unknown format `xml`", "json, csv or scenario"],
        ),
        (
            &["run", "--integrator", "rk45"],
            &["unknown integrator `rk45`"],
        ),
        (&["run", "--weeks", "0"], &["weeks = `0`", "1 to 1040"]),
        (&["run", "--weeks", "ten"], &["--weeks `ten`"]),
        (&["run", "--step", "0.3"], &["step = `0.3`", "divide"]),
        (&["run", "--noise", "2"], &["noise = `2`", "0 to 1"]),
        (&["run", "--seed", "5"], &["--seed needs --noise"]),
        (&["run", "--preset"], &["`--preset` needs a value"]),
        (&["run", "--bogus"], &["unknown option `--bogus`"]),
        (&["fly"], &["unknown command `fly`"]),
    ];
    for (args, needles) in cases {
        let err = rejected(args);
        let first = err.lines().next().unwrap_or("");
        for needle in *needles {
            assert!(
                first.contains(needle),
                "{args:?}: `{first}` lacks `{needle}`"
            );
        }
        if !matches!(args[0], "fly") {
            one_line(&err);
        }
    }
}

#[test]
fn arguments_that_are_not_utf8_are_named_not_a_panic() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let bad = |bytes: &[u8]| OsString::from_vec(bytes.to_vec());
    for (args, position) in [
        (vec![OsString::from("run"), "--set".into(), bad(b"\xff")], 3),
        (vec![bad(b"\xff")], 1),
        (vec!["run".into(), "--preset".into(), bad(b"caf\xe9")], 3),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_flywheel"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        let line = one_line(&err);
        assert!(
            line.contains(&format!("argument {position} is not valid UTF-8")),
            "{line}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly_and_a_full_disk_is_one_line() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_flywheel"))
        .args(["run", "--format", "csv", "--weeks", "1040"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe closes here, long before the 1,041 rows are written.
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_flywheel"))
        .arg("presets")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        one_line(&err).contains("cannot write the output: No space left"),
        "{err}"
    );
}

#[test]
fn messages_quote_what_was_typed_briefly() {
    let err = rejected(&["run", "--set", "compute.initial_gpus=1e400"]);
    assert!(one_line(&err).contains("`1e400` is too large"), "{err}");
    let err = rejected(&["run", "--set", "compute.initial_gpus=1e-400"]);
    assert!(
        one_line(&err).contains("`1e-400` is too small to tell from 0"),
        "{err}"
    );
    let err = rejected(&["run", "--set", "="]);
    assert!(one_line(&err).contains("malformed setting `=`"), "{err}");
    let err = rejected(&["run", "--set", "users.word_of_mouth=<img>"]);
    assert!(
        one_line(&err).contains("= `<img>` is not a number"),
        "{err}"
    );
    // 100 KB in, one short line out, whatever the argument.
    let huge = format!("compute.initial_gpus={}", "9".repeat(100_000));
    let unknown = format!("--{}", "x".repeat(100_000));
    let preset = "p".repeat(100_000);
    for args in [
        vec!["run", "--set", huge.as_str()],
        vec!["run", unknown.as_str()],
        vec!["run", "--preset", preset.as_str()],
        vec![preset.as_str()],
    ] {
        let err = rejected(&args);
        assert!(err.len() < 400, "{} bytes: {}", err.len(), &err[..200]);
        assert!(
            err.contains("(100000 characters)") || err.contains("(100002 characters)"),
            "{err}"
        );
    }
    // A right-to-left override cannot reverse the message around it.
    let err = rejected(&["run", "--preset", "\u{202e}yhtlaeh"]);
    assert!(
        !err.contains('\u{202e}') && err.contains("\\u{202e}"),
        "{err}"
    );
}

#[test]
fn repeated_options_and_settings_are_refused() {
    let err = rejected(&["run", "--preset", "healthy", "--preset", "compute-crunch"]);
    assert!(
        one_line(&err).contains("`--preset` is given twice"),
        "{err}"
    );
    let err = rejected(&[
        "run",
        "--set",
        "users.market=1e6",
        "--set",
        "users.market=2e6",
    ]);
    assert!(
        one_line(&err).contains("`users.market` is set twice, to `1e6` and to `2e6`"),
        "{err}"
    );
    // Different parameters may each be set once.
    let out = flywheel(&[
        "run",
        "--set",
        "users.market=1e6",
        "--set",
        "users.word_of_mouth=1",
        "--weeks",
        "4",
    ]);
    assert!(out.status.success());
}

#[test]
fn help_and_version_print_and_succeed() {
    for args in [
        &["--help"][..],
        &["help"],
        &["run", "--help"],
        &["run", "-h"],
        &["help", "run"],
        &["presets", "--help"],
        &["params", "--help"],
        &["run", "--preset", "healthy", "--help"],
    ] {
        let out = flywheel(args);
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with("usage:"), "{args:?}: {text}");
    }
    let run_help = String::from_utf8(flywheel(&["run", "--help"]).stdout).unwrap();
    assert!(run_help.contains("--goal paid|revenue|users"));
    let out = flywheel(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("flywheel {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_growth_from_a_subnormal_start_is_null_not_infinite() {
    for setting in [
        "compute.initial_gpus=5e-324",
        "models.initial=2e-308",
        "applications.initial=1e-310",
    ] {
        let out = flywheel(&["run", "--set", setting, "--weeks", "52"]);
        assert!(out.status.success(), "{setting}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let summary = json["summary"].as_object().unwrap();
        assert!(
            summary["served_growth"].is_null(),
            "{setting}: {:?}",
            summary["served_growth"]
        );
        // Every other summary number is a finite number, never a null standing for one.
        for (key, value) in summary {
            if key != "served_growth" {
                assert!(!value.is_null(), "{setting}: {key} is null");
            }
        }
    }
}

#[test]
fn ensemble_shards_merge_into_the_unsharded_bytes_for_any_thread_count() {
    let base = [
        "ensemble",
        "--preset",
        "compute-crunch",
        "--runs",
        "30",
        "--seed",
        "11",
        "--verdicts",
        "whole",
        "--vary",
        "compute.requests_per_gpu=5000:80000",
    ];
    let whole = flywheel(&[&base[..], &["--threads", "1"]].concat());
    assert!(
        whole.status.success(),
        "{}",
        String::from_utf8_lossy(&whole.stderr)
    );
    let threaded = flywheel(&[&base[..], &["--threads", "3"]].concat());
    assert_eq!(whole.stdout, threaded.stdout);

    let dir = std::env::temp_dir().join(format!("flywheel-parts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let out = flywheel(&[&base[..], &["--shard", &shard]].concat());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let file = dir.join(format!("part{k}.json"));
        std::fs::write(&file, &out.stdout).unwrap();
        files.push(file.to_string_lossy().into_owned());
    }
    let merged = flywheel(&["merge", &files[2], &files[0], &files[1]]);
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    assert_eq!(whole.stdout, merged.stdout);
    let json: serde_json::Value = serde_json::from_slice(&merged.stdout).unwrap();
    for key in [
        "runs",
        "seed",
        "bottleneck_odds",
        "stages",
        "bands",
        "tornado",
        "rules",
    ] {
        assert!(json.get(key).is_some(), "no {key}");
    }
    assert_eq!(json["runs"], 30);

    let csv = flywheel(&["merge", "--format", "csv", &files[0], &files[1], &files[2]]);
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(
        text.starts_with("week,served_requests_p5,"),
        "{}",
        &text[..80]
    );
    assert_eq!(text.lines().count(), 262);

    let missing = one_line(&rejected(&["merge", &files[0], &files[1]])).to_string();
    assert!(missing.contains("shard 3/3 is missing"), "{missing}");
    let broken = dir.join("broken.json");
    std::fs::write(&broken, b"{\"flywheel_ensemble_part\": 1, \"shard\": \xff").unwrap();
    let broken = one_line(&rejected(&["merge", broken.to_str().unwrap()])).to_string();
    assert!(broken.contains("not UTF-8"), "{broken}");
    let absent = one_line(&rejected(&["merge", "/nonexistent/part.json"])).to_string();
    assert!(
        absent.contains("cannot read part `/nonexistent/part.json`"),
        "{absent}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ensemble_refuses_bad_options_in_one_line() {
    for (args, expected) in [
        (vec!["--runs", "0"], "--runs"),
        (vec!["--runs", "many"], "not a whole number of runs"),
        (vec!["--spread", "-1"], "--spread"),
        (
            vec!["--vary", "compute.requests_per_gpu=9"],
            "malformed range",
        ),
        (
            vec!["--vary", "compute.requests_per_gpu=9:1"],
            "outside its range",
        ),
        (
            vec!["--vary", "compute.requests_per_gpu=50000:2000"],
            "LO must not be above HI",
        ),
        (vec!["--shard", "4/3"], "--shard"),
        (vec!["--shard", "1/0"], "--shard"),
        (vec!["--verdicts", "some"], "none, whole or stages"),
        (vec!["--threads", "0"], "--threads"),
        (vec!["--seed", "-1"], "--seed"),
        (vec!["--runs", "5", "--runs", "6"], "given twice"),
        (vec!["--bogus"], "unknown option"),
    ] {
        let all = [&["ensemble", "--preset", "healthy"][..], &args[..]].concat();
        let err = rejected(&all);
        assert!(one_line(&err).contains(expected), "{args:?}: {err}");
        assert!(err.len() < 400, "{args:?}: {err}");
    }
}

#[test]
fn chart_writes_the_pages_chart_as_svg_and_refuses_bad_sizes() {
    let out = flywheel(&[
        "chart",
        "--preset",
        "compute-crunch",
        "--chart",
        "demand",
        "--week",
        "100",
        "--width",
        "640",
        "--height",
        "400",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(
        svg.starts_with("<svg width=\"640\" height=\"400\""),
        "{}",
        &svg[..80]
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    // The same words the page's canvas shows: each layer's name and the bottleneck's mark.
    for word in ["compute", "trust", "bottleneck"] {
        assert!(svg.lines().any(|line| line.trim() == word), "no {word}");
    }
    let dark = flywheel(&["chart", "--chart", "loop", "--theme", "dark"]);
    assert_ne!(dark.stdout, flywheel(&["chart", "--chart", "loop"]).stdout);
    for (args, expected) in [
        (vec!["chart"], "needs --chart"),
        (
            vec!["chart", "--chart", "pie"],
            "expected demand, funnel, loop or bottlenecks",
        ),
        (
            vec!["chart", "--chart", "loop", "--width", "5"],
            "120 to 4000 pixels",
        ),
        (
            vec![
                "chart",
                "--chart",
                "loop",
                "--height",
                "99999999999999999999",
            ],
            "--height",
        ),
        (
            vec!["chart", "--chart", "loop", "--week", "261"],
            "outside the run's 0 to 260 weeks",
        ),
        (
            vec!["chart", "--chart", "loop", "--week", "NaN"],
            "outside the run's",
        ),
        (
            vec!["chart", "--chart", "loop", "--theme", "sepia"],
            "light or dark",
        ),
    ] {
        let err = rejected(&args);
        assert!(one_line(&err).contains(expected), "{args:?}: {err}");
    }
}
