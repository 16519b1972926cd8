//! The `flywheel` command: list presets and parameters, run a scenario and print it as JSON or CSV.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use flywheel::analysis::ensemble::{
    merge as merge_parts, report as ensemble_report, shard as shard_range, tally, Part, Plan,
    Tally, Uncertain, Verdicts, MAX_SHARDS,
};
use flywheel::analysis::report::report;
use flywheel::chart::svg::{svg_of, Kind};
use flywheel::error::{quoted, Error};
use flywheel::exchange::xmile::to_xmile;
use flywheel::exchange::xmile_read::{from_xmile_bytes, MAX_XMILE_BYTES};
use flywheel::model::integrate::Integrator;
use flywheel::model::noise::{fresh_seed, Noise};
use flywheel::model::params::SPECS;
use flywheel::model::presets::PRESETS;
use flywheel::model::scenario::Goal;
use flywheel::reading::link::Futures;
use flywheel::reading::scenario_file::{self, ScenarioFile, MAX_FILE_BYTES};
use flywheel::Scenario;

const USAGE: &str = "\
usage:
  flywheel presets              the preset ids and titles
  flywheel params               every parameter: id, default, range, unit and meaning
  flywheel run [OPTION]...      one run, with its verdict
  flywheel ensemble [OPTION]... many runs across uncertain values: the bottleneck's odds
  flywheel merge PART...        combine the parts of an ensemble written with --shard
  flywheel chart [OPTION]...    one chart of a run, as SVG
  flywheel xmile [OPTION]...    the model and a scenario as an XMILE 1.0 file
  flywheel help [COMMAND]       this text, or one command's
  flywheel --version

`flywheel COMMAND --help` prints that command's usage.";

const RUN_USAGE: &str = "\
usage:
  flywheel run [--preset ID | --scenario FILE] [--set layer.param=value]...
               [--integrator euler|rk4] [--weeks N] [--step WEEKS] [--noise SIGMA [--seed N]]
               [--goal paid|revenue|users] [--format json|csv|scenario]
  flywheel run --xmile FILE [--goal paid|revenue|users] [--format json|csv|scenario]

run prints one run: JSON (the default) with the bottleneck verdict over the whole run and
year by year (`stages`), a summary and every series, or CSV with one row per week. The
verdict names the layer whose relief raises the goal most: paid requests (the default),
revenue or user-weeks. `flywheel params` lists what --set accepts. Each option is given at
most once, and each parameter set at most once.

--format scenario prints the scenario itself as a scenario file (JSON: preset, every value,
run options, goal), and --scenario FILE runs one, such as the page's Files menu saves; the
other options change what the file says. --xmile runs the scenario of a file
that `flywheel xmile` wrote (its preset, parameter values, weeks, step and integrator), with
the same output as the run it was written from.";

const XMILE_USAGE: &str = "\
usage:
  flywheel xmile [--preset ID | --scenario FILE] [--set layer.param=value]...
                 [--integrator euler|rk4] [--weeks N] [--step WEEKS]

xmile writes the model with the scenario's values as an XMILE 1.0 file (OASIS), for Stella,
Simlin, PySD and other system-dynamics tools: every stock, flow and auxiliary, every parameter
as a named constant, and sim_specs from week 0 to --weeks with dt --step and method Euler or
RK4 (--integrator). Variable names match the columns of `run --format csv`. XMILE cannot hold
demand noise, so --noise is refused. `flywheel run --xmile FILE` runs the file's scenario.
For example: flywheel xmile --preset compute-crunch > compute-crunch.xmile";

const ENSEMBLE_USAGE: &str = "\
usage:
  flywheel ensemble [--preset ID | --scenario FILE] [--set layer.param=value]... [--runs N] [--seed S]
                    [--vary layer.param=LO:HI]... [--spread X] [--verdicts stages|whole|none]
                    [--noise SIGMA] [--integrator euler|rk4] [--weeks N] [--step WEEKS]
                    [--goal paid|revenue|users] [--threads N] [--shard K/N]
                    [--format json|csv|scenario]

ensemble runs the scenario N times (default 1000), drawing every parameter from its range by
Latin hypercube from the seed (default 1). A parameter's range is ×/÷ (1 + X) around its value
when its slider is logarithmic and ± X × value when linear (X is --spread, default 0.25),
clipped to the parameter's range; --vary sets one range, and LO = HI holds it fixed. --noise
gives each run its own demand noise. Each run gets the whole-run and yearly verdicts
(--verdicts stages, the default), the whole-run verdict only (whole), or none (only the layer
that binds each week). JSON has the bottleneck's odds overall and by year, the odds each layer
binds week by week, percentile bands, the goal's spread, a tornado and rules; CSV has the
bands and binding odds by week. The output is the same bytes for any --threads (default:
every core). --shard K/N writes part K of N as JSON; `flywheel merge` combines all N parts
into the same output as one run. A scenario file from the page's Uncertainty view
(--scenario FILE) brings its futures too: runs, seed, spread, verdicts and ranges, which the
options given change; --format scenario writes one.";

const MERGE_USAGE: &str = "\
usage:
  flywheel merge [--format json|csv] PART...

Combines the parts written by `flywheel ensemble --shard K/N` (all N of them, each once, of
the same ensemble) into the output the unsharded ensemble prints, byte for byte.";

const CHART_USAGE: &str = "\
usage:
  flywheel chart --chart demand|funnel|loop|bottlenecks [--preset ID | --scenario FILE]
                 [--set layer.param=value]...
                 [--week W] [--width PX] [--height PX] [--theme light|dark]
                 [--integrator euler|rk4] [--weeks N] [--step WEEKS] [--noise SIGMA [--seed N]]
                 [--goal paid|revenue|users]

chart writes one chart of the run as SVG, drawn by the same code as the page's canvas: demand
through the layers, the funnel, the loop or the bottleneck timeline, at week W (default: the
last week), W × H pixels (default 800 × 480, each side 120 to 4000), in the light theme unless
--theme dark. For example: flywheel chart --preset compute-crunch --chart funnel > funnel.svg";

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

/// The usage of `command`, if it is one.
fn usage_of(command: &str) -> Option<&'static str> {
    Some(match command {
        "run" => RUN_USAGE,
        "ensemble" => ENSEMBLE_USAGE,
        "merge" => MERGE_USAGE,
        "chart" => CHART_USAGE,
        "xmile" => XMILE_USAGE,
        "presets" => PRESETS_USAGE,
        "params" => PARAMS_USAGE,
        _ => return None,
    })
}

fn dispatch(args: &[String]) -> Result<String, String> {
    let command = args.first().map(String::as_str);
    let rest = args.get(1..).unwrap_or_default();
    let wants_help = rest.iter().any(|a| matches!(a.as_str(), "-h" | "--help"));
    match command {
        Some("-V" | "--version") if rest.is_empty() => {
            Ok(format!("flywheel {}\n", env!("CARGO_PKG_VERSION")))
        }
        Some(command) if wants_help && usage_of(command).is_some() => {
            Ok(format!("{}\n", usage_of(command).unwrap_or(USAGE)))
        }
        Some("presets") if rest.is_empty() => Ok(list_presets()),
        Some("params") if rest.is_empty() => Ok(list_params()),
        Some("run") => run(rest),
        Some("ensemble") => ensemble(rest),
        Some("merge") => merge(rest),
        Some("chart") => chart(rest),
        Some("xmile") => xmile(rest),
        Some("-h" | "--help" | "help") => match rest {
            [] => Ok(format!("{USAGE}\n")),
            [topic] => usage_of(topic).map(|usage| format!("{usage}\n")).ok_or_else(|| {
                format!(
                    "no help for `{}` (commands: presets, params, run, ensemble, merge, chart, xmile)",
                    quoted(topic)
                )
            }),
            _ => Err("help takes at most one command".into()),
        },
        Some(command @ ("presets" | "params")) => Err(format!(
            "`{command}` takes no arguments, got `{}`",
            quoted(&rest.join(" "))
        )),
        Some(other) => Err(format!(
            "unknown command `{}` (commands: presets, params, run, ensemble, merge, chart, xmile; see flywheel --help)",
            quoted(other)
        )),
        None => {
            Err("no command given (commands: presets, params, run, ensemble, merge, chart, xmile; see flywheel --help)".into())
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

/// The options that make a scenario, shared by `run`, `ensemble` and `chart`.
#[derive(Default)]
struct ScenarioFlags<'a> {
    preset: Option<&'a str>,
    /// `--scenario FILE`: a scenario file, the base that the other options change.
    file: Option<&'a str>,
    settings: Vec<&'a str>,
    sigma: Option<f64>,
    goal: Option<Goal>,
    integrator: Option<Integrator>,
    weeks: Option<u32>,
    step_weeks: Option<f64>,
}

impl<'a> ScenarioFlags<'a> {
    /// Takes `flag` if it is a scenario option, reading its value from `value`.
    fn take(
        &mut self,
        flag: &str,
        value: &mut dyn FnMut() -> Result<&'a str, String>,
    ) -> Result<bool, String> {
        match flag {
            "--preset" => self.preset = Some(value()?),
            "--scenario" => self.file = Some(value()?),
            "--set" => self.settings.push(value()?),
            "--goal" => self.goal = Some(Goal::from_id(value()?).map_err(|e| e.to_string())?),
            "--integrator" => {
                self.integrator = Some(value()?.parse().map_err(|e| format!("{e}"))?);
            }
            "--weeks" => {
                let text = value()?;
                self.weeks = Some(text.parse().map_err(|_| {
                    format!(
                        "--weeks `{}` is not a whole number of weeks (1 to 1040)",
                        quoted(text)
                    )
                })?);
            }
            "--step" => {
                let text = value()?;
                self.step_weeks =
                    Some(text.parse().map_err(|_| {
                        format!("--step `{}` is not a number of weeks", quoted(text))
                    })?);
            }
            "--noise" => {
                let text = value()?;
                self.sigma =
                    Some(text.parse().map_err(|_| {
                        format!("--noise `{}` is not a number (0 to 1)", quoted(text))
                    })?);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The scenario, with noise seeded by `seed`, and the futures of its scenario file if it
    /// has them. A file is the base: the preset, settings and run options given change it.
    fn scenario(self, seed: u64) -> Result<(Scenario, Option<Futures>), String> {
        let (mut scenario, futures) = match (self.file, self.preset) {
            (Some(_), Some(_)) => {
                return Err(
                    "give --scenario FILE or --preset ID, not both: the file names its preset"
                        .into(),
                )
            }
            (Some(path), None) => {
                let file = read_scenario_file(path)?;
                (file.scenario, file.futures)
            }
            (None, Some(id)) => (Scenario::from_preset(id).map_err(|e| e.to_string())?, None),
            (None, None) => (Scenario::default(), None),
        };
        scenario.apply(self.settings).map_err(|e| e.to_string())?;
        let options = &mut scenario.options;
        options.goal = self.goal.unwrap_or(options.goal);
        options.integrator = self.integrator.unwrap_or(options.integrator);
        options.weeks = self.weeks.unwrap_or(options.weeks);
        options.step_weeks = self.step_weeks.unwrap_or(options.step_weeks);
        if let Some(sigma) = self.sigma {
            options.noise = Some(Noise { sigma, seed });
        }
        // Checks the noise and the other run options before any work starts.
        options.steps().map_err(|e| e.to_string())?;
        Ok((scenario, futures))
    }
}

/// A scenario file, read whole if it is no larger than the library reads.
fn read_scenario_file(path: &str) -> Result<ScenarioFile, String> {
    let cannot = |why: String| format!("cannot read scenario file `{}`: {why}", quoted(path));
    let bytes = read_bounded(path, MAX_FILE_BYTES, "a scenario file").map_err(cannot)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        cannot(format!(
            "it is not UTF-8 text (byte {} is not)",
            e.utf8_error().valid_up_to()
        ))
    })?;
    scenario_file::read(&text).map_err(|e| match e {
        Error::ScenarioFile { why } => cannot(why),
        other => cannot(other.to_string()),
    })
}

/// Walks `args` as options, each given at most once except `repeatable` ones, calling
/// `take(flag, value)` for each; `take` returns false for options it does not know.
fn options<'a>(
    command: &str,
    known: &str,
    args: &'a [String],
    repeatable: &[&str],
    mut take: impl FnMut(&str, &mut dyn FnMut() -> Result<&'a str, String>) -> Result<bool, String>,
) -> Result<(), String> {
    let mut rest = args.iter();
    let mut given: Vec<&str> = Vec::new();
    while let Some(flag) = rest.next() {
        if !repeatable.contains(&flag.as_str()) && given.contains(&flag.as_str()) {
            return Err(format!("`{flag}` is given twice: give each option once"));
        }
        given.push(flag);
        let mut value = || {
            rest.next()
                .map(String::as_str)
                .ok_or_else(|| format!("`{}` needs a value", quoted(flag)))
        };
        if !take(flag, &mut value)? {
            return Err(format!(
                "unknown option `{}` for {command} (options: {known}, --help)",
                quoted(flag)
            ));
        }
    }
    Ok(())
}

/// Checks `format` is one of `known`.
fn check_format(format: &str, known: &[&str]) -> Result<(), String> {
    if known.contains(&format) {
        Ok(())
    } else {
        let (last, rest) = known.split_last().unwrap_or((&"json", &[]));
        let expected = if rest.is_empty() {
            (*last).to_string()
        } else {
            format!("{} or {last}", rest.join(", "))
        };
        Err(format!(
            "unknown format `{}` (expected {expected})",
            quoted(format)
        ))
    }
}

fn parse_seed(text: &str) -> Result<u64, String> {
    text.parse().map_err(|_| {
        format!(
            "--seed `{}` is not a whole number from 0 to 2^64-1",
            quoted(text)
        )
    })
}

fn run(args: &[String]) -> Result<String, String> {
    let mut flags = ScenarioFlags::default();
    let mut format = "json";
    let mut seed: Option<u64> = None;
    let mut file: Option<&str> = None;
    let mut given: Vec<&str> = Vec::new();
    options(
        "run",
        "--preset, --scenario, --set, --integrator, --weeks, --step, --noise, --seed, --goal, \
         --format, --xmile",
        args,
        &["--set"],
        |flag, value| {
            given.push(flag_name(flag));
            match flag {
                "--format" => format = value()?,
                "--seed" => seed = Some(parse_seed(value()?)?),
                "--xmile" => file = Some(value()?),
                _ => return flags.take(flag, value),
            }
            Ok(true)
        },
    )?;
    check_format(format, &["json", "csv", "scenario"])?;
    let (scenario, futures) = match file {
        Some(file) => {
            if let Some(flag) = given
                .iter()
                .find(|f| !matches!(**f, "--xmile" | "--goal" | "--format"))
            {
                return Err(format!(
                    "{flag} cannot be given with --xmile: the file holds the scenario (only --goal and --format may be added)"
                ));
            }
            let mut scenario = read_xmile(file)?;
            scenario.options.goal = flags.goal.unwrap_or_default();
            (scenario, None)
        }
        None => {
            let sigma = flags.sigma;
            let seed = match (sigma, seed) {
                (Some(_), Some(seed)) => seed,
                (Some(_), None) => {
                    fresh_seed().map_err(|e| format!("no random seed available: {e}"))?
                }
                (None, Some(_)) => return Err("--seed needs --noise SIGMA".into()),
                (None, None) => 0,
            };
            flags.scenario(seed)?
        }
    };
    if format == "scenario" {
        return Ok(scenario_file::write(&scenario, futures.as_ref()));
    }
    let report = report(&scenario).map_err(|e| e.to_string())?;
    Ok(match format {
        "csv" => report.to_csv(),
        _ => report.to_json() + "\n",
    })
}

/// A flag as messages name it: `--set` for every `--set`, and at most a few characters of
/// anything unknown (which `options` rejects anyway).
fn flag_name(flag: &str) -> &'static str {
    const KNOWN: [&str; 11] = [
        "--preset",
        "--scenario",
        "--set",
        "--integrator",
        "--weeks",
        "--step",
        "--noise",
        "--seed",
        "--goal",
        "--format",
        "--xmile",
    ];
    KNOWN
        .into_iter()
        .find(|k| *k == flag)
        .unwrap_or("an option")
}

/// The scenario of an XMILE file Flywheel wrote.
fn read_xmile(file: &str) -> Result<Scenario, String> {
    let cannot = |why: String| format!("cannot read XMILE `{}`: {why}", quoted(file));
    let bytes = read_bounded(file, MAX_XMILE_BYTES, "a file Flywheel writes").map_err(cannot)?;
    from_xmile_bytes(&bytes).map_err(|e| cannot(e.to_string()))
}

/// The bytes of `path`, if it is at most `most` bytes (`what` names what it should be).
fn read_bounded(path: &str, most: usize, what: &str) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > most as u64 {
        return Err(format!("{size} bytes is more than {what} can be"));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

/// `flywheel xmile`: the scenario as an XMILE 1.0 file.
fn xmile(args: &[String]) -> Result<String, String> {
    let mut flags = ScenarioFlags::default();
    options(
        "xmile",
        "--preset, --scenario, --set, --integrator, --weeks, --step",
        args,
        &["--set"],
        |flag, value| {
            match flag {
            "--noise" | "--seed" => Err(format!(
                "{flag}: XMILE cannot hold demand noise, so the file is always the deterministic model"
            )),
            "--goal" => Err(
                "--goal is not part of the file: give it to `flywheel run --xmile FILE`".into(),
            ),
            _ => flags.take(flag, value),
        }
        },
    )?;
    let (scenario, _) = flags.scenario(0)?;
    to_xmile(&scenario).map_err(|e| e.to_string())
}

fn parse_count(flag: &str, text: &str, what: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("{flag} `{}` is not {what}", quoted(text)))
}

fn ensemble(args: &[String]) -> Result<String, String> {
    let mut flags = ScenarioFlags::default();
    let mut format = "json";
    // Unset, these are the scenario file's futures, or else the defaults.
    let (mut runs, mut seed, mut spread) = (None, None, None);
    let mut verdicts = None;
    let mut threads: Option<usize> = None;
    let mut shard: Option<(u64, u64)> = None;
    let mut vary: Vec<&str> = Vec::new();
    options(
        "ensemble",
        "--preset, --scenario, --set, --integrator, --weeks, --step, --noise, --goal, --runs, \
         --seed, --vary, --spread, --verdicts, --threads, --shard, --format",
        args,
        &["--set", "--vary"],
        |flag, value| {
            match flag {
                "--format" => format = value()?,
                "--seed" => seed = Some(parse_seed(value()?)?),
                "--runs" => runs = Some(parse_count(flag, value()?, "a whole number of runs")?),
                "--threads" => {
                    let n = parse_count(flag, value()?, "a whole number of threads")?;
                    if !(1..=256).contains(&n) {
                        return Err(format!("--threads {n} is outside 1 to 256"));
                    }
                    threads = Some(n as usize);
                }
                "--spread" => {
                    let text = value()?;
                    spread = Some(text.parse().map_err(|_| {
                        format!("--spread `{}` is not a number (0.25 is ±25%)", quoted(text))
                    })?);
                }
                "--verdicts" => {
                    verdicts = Some(Verdicts::from_id(value()?).map_err(|e| e.to_string())?)
                }
                "--vary" => vary.push(value()?),
                "--shard" => {
                    let text = value()?;
                    let bad = || format!("--shard `{}` is not K/N with 1 ≤ K ≤ N", quoted(text));
                    let (k, n) = text.split_once('/').ok_or_else(bad)?;
                    let (k, n): (u64, u64) =
                        (k.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
                    if !(1..=n).contains(&k) {
                        return Err(bad());
                    }
                    shard = Some((k, n));
                }
                _ => return flags.take(flag, value),
            }
            Ok(true)
        },
    )?;
    check_format(format, &["json", "csv", "scenario"])?;
    let noise_given = flags.sigma.is_some();
    let (mut scenario, futures) = flags.scenario(0)?;
    let from_file = futures.clone().unwrap_or_default();
    let seed = seed.unwrap_or(from_file.seed);
    let runs = runs.unwrap_or(from_file.runs);
    let spread = spread.unwrap_or(from_file.spread);
    // A page's futures are judged as it judged them; the CLI's default is every year too.
    let verdicts = verdicts.unwrap_or(if futures.is_some() {
        from_file.verdicts
    } else {
        Verdicts::Stages
    });
    if let (true, Some(noise)) = (noise_given, scenario.options.noise.as_mut()) {
        noise.seed = seed;
    }
    let mut plan = Plan::new(&scenario, spread, runs, seed, verdicts).map_err(|e| e.to_string())?;
    // The file's ranges first, so that --vary given for the same parameter wins.
    let ranges: Vec<String> = from_file
        .ranges
        .iter()
        .map(|(id, lo, hi)| format!("{id}={lo}:{hi}"))
        .collect();
    for setting in ranges
        .iter()
        .map(String::as_str)
        .chain(vary.iter().copied())
    {
        plan.vary(setting).map_err(|e| e.to_string())?;
    }
    if format == "scenario" {
        let futures = Futures {
            runs,
            seed,
            spread,
            verdicts,
            ranges: plan_ranges(&plan, spread),
        };
        return Ok(scenario_file::write(&scenario, Some(&futures)));
    }
    let threads = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    if let Some((k, n)) = shard {
        if n > MAX_SHARDS.min(runs) {
            return Err(format!(
                "--shard {k}/{n}: split {runs} runs into at most {} shards",
                MAX_SHARDS.min(runs)
            ));
        }
        if format != "json" {
            return Err("--shard writes a JSON part for `flywheel merge`: drop --format".into());
        }
        let tally = tally(&plan, shard_range(runs, k, n), threads).map_err(|e| e.to_string())?;
        let part = Part {
            flywheel_ensemble_part: 1,
            shard: k,
            shards: n,
            plan,
            tally: tally.trimmed(),
        };
        return Ok(part.to_json() + "\n");
    }
    let tally = tally(&plan, 0..runs, threads).map_err(|e| e.to_string())?;
    render(&plan, &tally, format)
}

/// The ranges of `plan` that are not the default `spread` around their value: those set by
/// hand, as a scenario file keeps them.
fn plan_ranges(plan: &Plan, spread: f64) -> Vec<(&'static str, f64, f64)> {
    SPECS
        .iter()
        .zip(&plan.params)
        .filter(|(spec, param)| {
            let default = Uncertain::around(spec, param.value, spread);
            (default.lo, default.hi) != (param.lo, param.hi)
        })
        .map(|(spec, param)| (spec.id, param.lo, param.hi))
        .collect()
}

fn render(plan: &Plan, tally: &Tally, format: &str) -> Result<String, String> {
    let report = ensemble_report(plan, tally).map_err(|e| e.to_string())?;
    Ok(match format {
        "csv" => report.to_csv(),
        _ => report.to_json() + "\n",
    })
}

/// The largest part file `merge` reads.
const MAX_PART_BYTES: u64 = 1 << 30;

fn merge(args: &[String]) -> Result<String, String> {
    let mut format = "json";
    let mut files: Vec<&str> = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--format" => {
                format = rest
                    .next()
                    .map(String::as_str)
                    .ok_or("`--format` needs a value")?;
            }
            flag if flag.starts_with("--") => {
                return Err(format!(
                    "unknown option `{}` for merge (options: --format, --help)",
                    quoted(flag)
                ))
            }
            file => files.push(file),
        }
    }
    check_format(format, &["json", "csv"])?;
    if files.is_empty() {
        return Err("merge needs the part files written by `flywheel ensemble --shard K/N`".into());
    }
    let mut parts = Vec::new();
    for file in files {
        let cannot = |why: String| format!("cannot read part `{}`: {why}", quoted(file));
        let size = std::fs::metadata(file)
            .map_err(|e| cannot(e.to_string()))?
            .len();
        if size > MAX_PART_BYTES {
            return Err(cannot(format!("{size} bytes is more than a part can be")));
        }
        let bytes = std::fs::read(file).map_err(|e| cannot(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|_| cannot("it is not UTF-8 text".into()))?;
        parts.push((
            file.to_string(),
            Part::read(file, &text).map_err(|e| e.to_string())?,
        ));
    }
    let (plan, tally) = merge_parts(&parts).map_err(|e| e.to_string())?;
    render(&plan, &tally, format)
}

fn chart(args: &[String]) -> Result<String, String> {
    let mut flags = ScenarioFlags::default();
    let mut kind: Option<Kind> = None;
    let (mut week, mut width, mut height, mut dark) = (None, 800, 480, false);
    let mut seed: Option<u64> = None;
    options(
        "chart",
        "--chart, --preset, --scenario, --set, --week, --width, --height, --theme, --integrator, \
         --weeks, --step, --noise, --seed, --goal",
        args,
        &["--set"],
        |flag, value| {
            match flag {
                "--chart" => kind = Some(Kind::from_id(value()?).map_err(|e| e.to_string())?),
                "--week" => {
                    let text = value()?;
                    week = Some(text.parse::<f64>().map_err(|_| {
                        format!("--week `{}` is not a number of weeks", quoted(text))
                    })?);
                }
                "--width" => width = parse_count(flag, value()?, "a whole number of pixels")?,
                "--height" => height = parse_count(flag, value()?, "a whole number of pixels")?,
                "--theme" => {
                    dark = match value()? {
                        "light" => false,
                        "dark" => true,
                        other => {
                            return Err(format!(
                                "unknown theme `{}` (expected light or dark)",
                                quoted(other)
                            ))
                        }
                    }
                }
                "--seed" => seed = Some(parse_seed(value()?)?),
                _ => return flags.take(flag, value),
            }
            Ok(true)
        },
    )?;
    let kind = kind.ok_or("chart needs --chart demand|funnel|loop|bottlenecks")?;
    if seed.is_some() && flags.sigma.is_none() {
        return Err("--seed needs --noise SIGMA".into());
    }
    let (scenario, _) = flags.scenario(seed.unwrap_or(0))?;
    let side = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let text = svg_of(
        &scenario,
        None,
        kind,
        week,
        (side(width), side(height)),
        dark,
    )
    .map_err(|e| e.to_string())?;
    Ok(text + "\n")
}
