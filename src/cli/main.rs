//! The `flywheel` command: list presets and parameters, run a scenario and print it as JSON or CSV.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use flywheel::analysis::report::report;
use flywheel::error::quoted;
use flywheel::model::noise::{fresh_seed, Noise};
use flywheel::model::params::SPECS;
use flywheel::model::presets::PRESETS;
use flywheel::model::scenario::Goal;
use flywheel::Scenario;

const USAGE: &str = "\
usage:
  flywheel presets              the preset ids and titles
  flywheel params               every parameter: id, default, range, unit and meaning
  flywheel run [OPTION]...      one run, with its verdict
  flywheel help [COMMAND]       this text, or one command's
  flywheel --version

`flywheel COMMAND --help` prints that command's usage.";

const RUN_USAGE: &str = "\
usage:
  flywheel run [--preset ID] [--set layer.param=value]... [--integrator euler|rk4]
               [--weeks N] [--step WEEKS] [--noise SIGMA [--seed N]] [--goal paid|revenue|users]
               [--format json|csv]

run prints one run: JSON (the default) with the bottleneck verdict over the whole run and
year by year (`stages`), a summary and every series, or CSV with one row per week. The
verdict names the layer whose relief raises the goal most: paid requests (the default),
revenue or user-weeks. `flywheel params` lists what --set accepts. Each option is given at
most once, and each parameter set at most once.";

const PRESETS_USAGE: &str = "\
usage:
  flywheel presets

Lists the preset ids, each with its title. `flywheel run --preset ID` runs one.";

const PARAMS_USAGE: &str = "\
usage:
  flywheel params

Lists every parameter with its id (for `flywheel run --set id=value`), default, range, unit
and meaning.";

fn main() -> ExitCode {
    let result = arguments().and_then(|args| dispatch(&args));
    match result {
        Ok(output) => write_output(&output),
        Err(message) => {
            // Nothing more can be done if even stderr is closed.
            let _ = writeln!(std::io::stderr(), "flywheel: {message}");
            ExitCode::from(2)
        }
    }
}

/// The arguments after the program's name, naming the first that is not UTF-8.
fn arguments() -> Result<Vec<String>, String> {
    std::env::args_os()
        .skip(1)
        .enumerate()
        .map(|(i, arg)| {
            arg.into_string().map_err(|bad| {
                format!(
                    "argument {} is not valid UTF-8: `{}` (invalid bytes shown as \u{fffd})",
                    i + 1,
                    quoted(&bad.to_string_lossy())
                )
            })
        })
        .collect()
}

/// Writes the output. A reader that closes the pipe early ends the command quietly, as Unix
/// tools do; any other failure to write is one line on stderr and exit status 1.
fn write_output(output: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "flywheel: cannot write the output: {error}"
            );
            ExitCode::from(1)
        }
    }
}

fn dispatch(args: &[String]) -> Result<String, String> {
    let command = args.first().map(String::as_str);
    let rest = args.get(1..).unwrap_or_default();
    let wants_help = rest.iter().any(|a| matches!(a.as_str(), "-h" | "--help"));
    let usage = match command {
        Some("run") => RUN_USAGE,
        Some("presets") => PRESETS_USAGE,
        Some("params") => PARAMS_USAGE,
        _ => USAGE,
    };
    match command {
        Some("-V" | "--version") if rest.is_empty() => {
            Ok(format!("flywheel {}\n", env!("CARGO_PKG_VERSION")))
        }
        Some("run" | "presets" | "params") if wants_help => Ok(format!("{usage}\n")),
        Some("presets") if rest.is_empty() => Ok(list_presets()),
        Some("params") if rest.is_empty() => Ok(list_params()),
        Some("run") => run(rest),
        Some("-h" | "--help" | "help") => match rest {
            [] => Ok(format!("{USAGE}\n")),
            [topic] => match topic.as_str() {
                "run" => Ok(format!("{RUN_USAGE}\n")),
                "presets" => Ok(format!("{PRESETS_USAGE}\n")),
                "params" => Ok(format!("{PARAMS_USAGE}\n")),
                other => Err(format!(
                    "no help for `{}` (commands: presets, params, run)",
                    quoted(other)
                )),
            },
            _ => Err("help takes at most one command".into()),
        },
        Some(command @ ("presets" | "params")) => Err(format!(
            "`{command}` takes no arguments, got `{}`",
            quoted(&rest.join(" "))
        )),
        Some(other) => Err(format!(
            "unknown command `{}` (commands: presets, params, run; see flywheel --help)",
            quoted(other)
        )),
        None => {
            Err("no command given (commands: presets, params, run; see flywheel --help)".into())
        }
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
    let mut given: Vec<&str> = Vec::new();
    while let Some(flag) = rest.next() {
        if flag != "--set" && given.contains(&flag.as_str()) {
            return Err(format!("`{flag}` is given twice: give each option once"));
        }
        given.push(flag);
        let mut value = || {
            rest.next()
                .map(String::as_str)
                .ok_or_else(|| format!("`{}` needs a value", quoted(flag)))
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
                    format!(
                        "--weeks `{}` is not a whole number of weeks (1 to 1040)",
                        quoted(text)
                    )
                })?;
            }
            "--step" => {
                let text = value()?;
                scenario.options.step_weeks = text
                    .parse()
                    .map_err(|_| format!("--step `{}` is not a number of weeks", quoted(text)))?;
            }
            "--noise" => {
                let text = value()?;
                sigma =
                    Some(text.parse().map_err(|_| {
                        format!("--noise `{}` is not a number (0 to 1)", quoted(text))
                    })?);
            }
            "--seed" => {
                let text = value()?;
                seed = Some(text.parse().map_err(|_| {
                    format!(
                        "--seed `{}` is not a whole number from 0 to 2^64-1",
                        quoted(text)
                    )
                })?);
            }
            other => {
                return Err(format!(
                    "unknown option `{}` for run (options: --preset, --set, --integrator, \
                     --weeks, --step, --noise, --seed, --goal, --format, --help)",
                    quoted(other)
                ))
            }
        }
    }
    if !matches!(format, "json" | "csv") {
        return Err(format!(
            "unknown format `{}` (expected json or csv)",
            quoted(format)
        ));
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
