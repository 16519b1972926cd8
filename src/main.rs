//! The `flywheel` command: list presets and parameters, run a scenario and print it as JSON or CSV.

use std::process::ExitCode;

use flywheel::noise::{fresh_seed, Noise};
use flywheel::params::SPECS;
use flywheel::presets::PRESETS;
use flywheel::report::report;
use flywheel::scenario::Goal;
use flywheel::Scenario;

const USAGE: &str = "\
usage:
  flywheel presets
  flywheel params
  flywheel run [--preset ID] [--set layer.param=value]... [--integrator euler|rk4]
               [--weeks N] [--step WEEKS] [--noise SIGMA [--seed N]] [--goal paid|revenue|users]
               [--format json|csv]

run prints one run: JSON (the default) with the bottleneck verdict over the whole run and
year by year (`stages`), a summary and every series, or CSV with one row per week. The
verdict names the layer whose relief raises the goal most: paid requests (the default),
revenue or user-weeks. `flywheel params` lists what --set accepts.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("flywheel: {message}");
            ExitCode::from(2)
        }
    }
}

fn dispatch(args: &[String]) -> Result<String, String> {
    match args.first().map(String::as_str) {
        Some("presets") if args.len() == 1 => Ok(list_presets()),
        Some("params") if args.len() == 1 => Ok(list_params()),
        Some("run") => run(&args[1..]),
        Some("-h" | "--help" | "help") => Ok(format!("{USAGE}\n")),
        Some(command @ ("presets" | "params")) => Err(format!(
            "`{command}` takes no arguments, got `{}`",
            args[1..].join(" ")
        )),
        Some(other) => Err(format!(
            "unknown command `{other}` (commands: presets, params, run)\n{USAGE}"
        )),
        None => Err(format!("no command given\n{USAGE}")),
    }
}

fn list_presets() -> String {
    let width = PRESETS.iter().map(|p| p.id.len()).max().unwrap_or(0);
    PRESETS
        .iter()
        .map(|p| format!("{:width$}  {}\n", p.id, p.title))
        .collect()
}

fn list_params() -> String {
    let width = SPECS.iter().map(|s| s.id.len()).max().unwrap_or(0);
    let mut out = format!(
        "{:width$}  {:>10}  {:>21}  {}\n",
        "id", "default", "range", "unit: meaning"
    );
    for s in SPECS {
        out += &format!(
            "{:width$}  {:>10}  {:>21}  {}: {}\n",
            s.id,
            s.default,
            format!("{} to {}", s.min, s.max),
            s.unit,
            s.meaning
        );
    }
    out
}

fn run(args: &[String]) -> Result<String, String> {
    let mut preset: Option<&str> = None;
    let mut settings: Vec<&str> = Vec::new();
    let mut format = "json";
    let mut sigma: Option<f64> = None;
    let mut seed: Option<u64> = None;
    let mut scenario = Scenario::default();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let mut value = || {
            rest.next()
                .map(String::as_str)
                .ok_or_else(|| format!("`{flag}` needs a value"))
        };
        match flag.as_str() {
            "--preset" => preset = Some(value()?),
            "--set" => settings.push(value()?),
            "--format" => format = value()?,
            "--goal" => {
                scenario.options.goal = Goal::from_id(value()?).map_err(|e| e.to_string())?;
            }
            "--integrator" => {
                scenario.options.integrator = value()?.parse().map_err(|e| format!("{e}"))?;
            }
            "--weeks" => {
                let text = value()?;
                scenario.options.weeks = text.parse().map_err(|_| {
                    format!("--weeks `{text}` is not a whole number of weeks (1 to 1040)")
                })?;
            }
            "--step" => {
                let text = value()?;
                scenario.options.step_weeks = text
                    .parse()
                    .map_err(|_| format!("--step `{text}` is not a number of weeks"))?;
            }
            "--noise" => {
                let text = value()?;
                sigma = Some(
                    text.parse()
                        .map_err(|_| format!("--noise `{text}` is not a number (0 to 1)"))?,
                );
            }
            "--seed" => {
                let text = value()?;
                seed = Some(text.parse().map_err(|_| {
                    format!("--seed `{text}` is not a whole number from 0 to 2^64-1")
                })?);
            }
            other => {
                return Err(format!(
                    "unknown option `{other}` for run (options: --preset, --set, --integrator, \
                     --weeks, --step, --noise, --seed, --goal, --format)"
                ))
            }
        }
    }
    if !matches!(format, "json" | "csv") {
        return Err(format!("unknown format `{format}` (expected json or csv)"));
    }
    if let Some(id) = preset {
        let options = scenario.options;
        scenario = Scenario::from_preset(id).map_err(|e| e.to_string())?;
        scenario.options = options;
    }
    scenario.apply(settings).map_err(|e| e.to_string())?;
    scenario.options.noise = match (sigma, seed) {
        (Some(sigma), Some(seed)) => Some(Noise { sigma, seed }),
        (Some(sigma), None) => Some(Noise {
            sigma,
            seed: fresh_seed().map_err(|e| format!("no random seed available: {e}"))?,
        }),
        (None, Some(_)) => return Err("--seed needs --noise SIGMA".into()),
        (None, None) => None,
    };
    let report = report(&scenario).map_err(|e| e.to_string())?;
    Ok(match format {
        "csv" => report.to_csv(),
        _ => report.to_json() + "\n",
    })
}
