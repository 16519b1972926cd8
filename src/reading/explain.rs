//! The run in words: the verdict panel for a week (the bottleneck of that week's year and how
//! relieving it pays, in that week's numbers), the headline outcome, and each chart's caption.

use std::fmt::Write;

use serde::Serialize;

use crate::analysis::verdict::{Ranking, ReliefGain};
use crate::chart::{funnel_row, funnel_steps, gain_label, year_of, View};
use crate::facade::live::Live;
use crate::model::layer::Layer;
use crate::model::params::{Param, Params};
use crate::model::run::Series;
use crate::model::scenario::Goal;
use crate::reading::format::{count, dollars, percent, separator, si, span, times, value_text};

/// How the busiest layer and the bottleneck differ, in one sentence for the page.
pub const DIFFERENCE: &str = "The busiest layer is where requests queue this week; the bottleneck is where more capacity would pay most, counting everything it sets off later in the loop.";

/// A loss counts as worth naming from this share of what reaches a layer (half a percent).
const NOTABLE: f64 = 0.005;

/// The verdict panel for one week: the bottleneck of the year holding it, why, what relieving
/// it brings, the whole-run answer, and the busiest layer as a secondary note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Panel {
    pub week: f64,
    /// What the verdict maximises.
    pub goal: Goal,
    /// The year of growth holding the week (1 for weeks 0 to 52), and its weeks.
    pub year: u32,
    pub from_week: f64,
    pub to_week: f64,
    /// The year's bottleneck (the first in loop order of a tie); `null` when no relief in that
    /// year raises the goal.
    pub bottleneck: Option<Layer>,
    /// Every layer of a tie, in loop order; empty otherwise.
    pub tied: Vec<Layer>,
    /// `Bottleneck in year 3:`, or `No bottleneck in year 3`.
    pub lead: String,
    /// `compute`, `compute and models, tied`, or empty with no bottleneck.
    pub name: String,
    /// The lead and the name: `Bottleneck in year 3: compute`.
    pub headline: String,
    /// How the bottleneck holds the loop back, in the week's own numbers; or why there is none.
    pub detail: String,
    /// What relieving it in that year adds to the goal, and the next best layer.
    pub relief: String,
    /// The whole-run verdict: `Over all five years: compute, +10.4% paid requests.`
    pub whole: String,
    /// The layer at the highest share of its capacity that week, and that share.
    pub busiest: Layer,
    pub busiest_load: f64,
    /// `Busiest at week 120: models, at 109% of capacity.`
    pub busiest_text: String,
    /// Everything above in one paragraph, as a screen reader hears it.
    pub text: String,
    pub loop_gain: f64,
    pub loop_gain_median: f64,
    /// The run's headline numbers (see [`outcome`]); the same every week.
    pub figures: Vec<Figure>,
}

/// One layer's record at one week.
#[derive(Debug, Clone, Copy)]
struct At {
    stock: f64,
    demand: f64,
    capacity: f64,
    served: f64,
    load: f64,
    lost: f64,
}

impl At {
    fn of(series: &Series, layer: Layer, record: usize) -> At {
        let s = &series.layers[layer.index()];
        let get = |v: &[f64]| v.get(record).copied().unwrap_or(0.0);
        At {
            stock: get(&s.stock),
            demand: get(&s.demand),
            capacity: get(&s.capacity),
            served: get(&s.served),
            load: get(&s.utilization),
            lost: get(&s.lost),
        }
    }

    /// Whether what this layer loses is worth a sentence.
    fn loses(&self) -> bool {
        self.lost > NOTABLE * self.demand && self.lost > 0.0
    }

    /// What gets through over what arrives, 1 with nothing arriving.
    fn passes(&self) -> f64 {
        if self.demand > 0.0 {
            (self.served / self.demand).min(1.0)
        } else {
            1.0
        }
    }
}

/// A ranking's answer in words: `compute`, `compute and models, tied`, or `no bottleneck`.
pub fn naming(ranking: &Ranking) -> String {
    match ranking.bottleneck {
        None => "no bottleneck".to_string(),
        Some(_) if ranking.tied.len() > 1 => {
            let n = ranking.tied.len();
            let mut names = String::new();
            for (i, layer) in ranking.tied.iter().enumerate() {
                names += separator(i, n);
                names += layer.id();
            }
            names + ", tied"
        }
        Some(layer) => layer.id().to_string(),
    }
}

/// A gain as the panel quotes it: `+3.8% paid requests`, or in the goal's unit where there was
/// nothing to take a percentage of (`+1.2M paid requests`, `+$40k revenue`).
pub fn gain_text(goal: Goal, gain: &ReliefGain) -> String {
    format!("{} {}", gain_label(goal, gain), goal.noun())
}

/// The best gain outside `skip`, highest first.
fn next_best<'a>(ranking: &'a Ranking, skip: &[Layer]) -> Option<&'a ReliefGain> {
    ranking
        .gains
        .iter()
        .filter(|g| !skip.contains(&g.layer))
        .max_by(|a, b| a.gain.total_cmp(&b.gain))
}

/// The layers a ranking names: the tie, or the bottleneck alone.
fn named(ranking: &Ranking) -> Vec<Layer> {
    match ranking.bottleneck {
        Some(_) if ranking.tied.len() > 1 => ranking.tied.clone(),
        Some(layer) => vec![layer],
        None => Vec::new(),
    }
}

/// The extra sentence wherever verification or trust is discussed: what a verified request
/// costs in compute against what users who care pay for it.
pub fn verification_cost(params: &Params) -> String {
    let overhead = params.get(Param::VerificationOverhead);
    let value = params.get(Param::VerificationValue);
    let (o, v) = (value_text(overhead), value_text(value));
    if overhead > value {
        format!("Verification costs more than users value it: a verified request takes {o}× extra compute, and users who care pay at most {v}× extra, so each one costs more compute than it earns.")
    } else {
        format!("A verified request pays for its {o}× extra compute with a premium that users who care value up to {v}×.")
    }
}

/// How `layer` holds the loop back at `record`, in that week's numbers: one generator per layer.
pub fn detail(series: &Series, params: &Params, layer: Layer, record: usize) -> String {
    let a = At::of(series, layer, record);
    let at = |v: &[f64]| v.get(record).copied().unwrap_or(0.0);
    let money = &series.money;
    // Compute carries this share of the models' work; new models are deployed in proportion.
    let carry = At::of(series, Layer::Compute, record).passes();
    let deployed = if carry < 1.0 - NOTABLE {
        format!(
            ", and only {} of the models that payouts fund get deployed",
            percent(carry)
        )
    } else {
        String::new()
    };
    match layer {
        Layer::Compute | Layer::Models | Layer::Applications => {
            // The three supply layers tell one story: how loaded, how much is lost, and what
            // payouts fund.
            let (runs, what, from, lost_as, funds) = match layer {
                Layer::Compute => (
                    "Compute runs",
                    "GPUs",
                    "reach it",
                    "are lost to congestion",
                    None,
                ),
                Layer::Models => (
                    "Models run",
                    "hosted",
                    "applications pass",
                    "are lost there",
                    Some((&money.payouts_models, "Payouts fund", "new models")),
                ),
                _ => (
                    "Applications run",
                    "live",
                    "users send",
                    "find no application to serve them",
                    Some((&money.payouts_applications, "Grants fund", "new ones")),
                ),
            };
            let how = if a.loses() {
                format!(
                    ": {} of the {} requests a week that {from} {lost_as}",
                    si(a.lost),
                    si(a.demand)
                )
            } else {
                format!(
                    ", passing nearly all the {} requests a week that {from}",
                    si(a.demand)
                )
            };
            let funded = funds.map_or(String::new(), |(paid, who, new)| {
                format!(" {who} {} a week of {new}.", dollars(at(paid)))
            });
            format!(
                "{runs} at {} of capacity with {} {what}{how}{deployed}.{funded}",
                percent(a.load),
                count(a.stock)
            )
        }
        Layer::Users => {
            // For users the record runs the other way: capacity is what they want, demand the
            // supply on offer.
            let (wanted, offer) = (a.capacity, a.demand);
            let pace = if offer >= wanted {
                "so supply waits for users: adoption, not supply, sets the pace"
            } else {
                "and more users bring payments that fund more supply later in the loop"
            };
            format!(
                "{} users want {} requests a week and get {} of it served; the supply could carry {}, {pace}.",
                count(a.stock),
                si(wanted),
                percent(at(&series.served_fraction)),
                si(offer)
            )
        }
        Layer::Payments => {
            let how = if a.loses() {
                format!("{} a week are served for nothing", si(a.lost))
            } else {
                "nearly all of them are paid".to_string()
            };
            format!(
                "Paying plans cover {} requests a week and {} are served: {how}, bringing {} a week into the pool.",
                si(a.capacity),
                si(a.demand),
                dollars(at(&money.payments))
            )
        }
        Layer::Incentives => {
            let (upkeep, payouts) = (a.demand, a.capacity);
            let short = if upkeep > payouts {
                format!(
                    ": payouts fall {} a week short, so the supply shrinks",
                    dollars(upkeep - payouts)
                )
            } else {
                String::new()
            };
            format!(
                "The pool pays out {} a week while keeping the busy supply running needs {}{short}; the pool holds {}.",
                dollars(payouts),
                dollars(upkeep),
                dollars(a.stock)
            )
        }
        Layer::Verification => {
            let how = if a.loses() {
                format!(": {} go unverified and are never sent", si(a.lost))
            } else {
                format!(
                    ", so nearly all are verified ({} of capacity)",
                    percent(a.load)
                )
            };
            format!(
                "Verifiers can check {} requests a week and users who care send {}{how}. {}",
                si(a.capacity),
                si(a.demand),
                verification_cost(params)
            )
        }
        Layer::Trust => {
            let how = if a.loses() {
                format!(
                    ": {} stay away ({} trusted)",
                    si(a.lost),
                    percent(at(&series.trust_level))
                )
            } else {
                ", so nearly all of it is trusted".to_string()
            };
            format!(
                "Users trust the network with {} requests a week of the {} that verifiers can check{how}. {}",
                si(a.capacity),
                si(a.demand),
                verification_cost(params)
            )
        }
    }
}

/// The busiest layer in words: `models, at 109% of capacity`.
fn busiest_words(layer: Layer, load: f64) -> String {
    let (lead, tail) = match layer {
        Layer::Users => (": the supply could carry ", " of what they want"),
        Layer::Incentives => (": the busy supply needs ", " of what the pool pays out"),
        _ => (", at ", " of capacity"),
    };
    format!("{layer}{lead}{}{tail}", percent(load))
}

/// The panel for the record `record` of a live run.
pub fn panel(live: &Live, record: usize) -> Panel {
    let series = &live.run().series;
    let verdict = live.verdict();
    let params = &live.scenario().params;
    let goal = verdict.goal;
    let view = View {
        series,
        verdict,
        record,
        baseline: None,
    };
    let week = view.week();
    let horizon = f64::from(live.weeks());
    let busiest = view.busiest();
    let busiest_load = At::of(series, busiest, record).load;
    let busiest_text = format!(
        "Busiest at week {week:.0}: {}.",
        busiest_words(busiest, busiest_load)
    );

    let (year, from_week, to_week) = view
        .stage()
        .map_or((1, 0.0, horizon), |s| (year_of(s), s.from_week, s.to_week));
    let empty = Ranking {
        bottleneck: None,
        tied: Vec::new(),
        note: None,
        baseline_goal: 0.0,
        gains: Vec::new(),
        pending: false,
    };
    let ranking = view.stage().map_or(&empty, |s| &s.ranking);
    let layers = named(ranking);
    let (lead, name, detail, relief) = match ranking.bottleneck {
        // A page judges the year it shows before it asks for the panel; this is for safety.
        None if ranking.pending => (
            format!("Year {year}: {PENDING}"),
            String::new(),
            String::new(),
            String::new(),
        ),
        None => (
            format!("No bottleneck in year {year}"),
            String::new(),
            ranking.note.clone().unwrap_or_default(),
            String::new(),
        ),
        Some(first) => {
            let mut words = String::new();
            for &layer in &layers {
                if !words.is_empty() {
                    words.push(' ');
                }
                words += &detail(series, params, layer, record);
            }
            let best = &ranking.gains[first.index()];
            let mut who = String::new();
            for layer in &layers {
                if !who.is_empty() {
                    who += " or ";
                }
                who += layer.id();
            }
            let either = if layers.len() > 1 { " either way" } else { "" };
            let next = match next_best(ranking, &layers) {
                Some(g) if g.gain > 0.0 => {
                    format!("; next best: {}, {}", g.layer, gain_label(goal, g))
                }
                Some(_) => "; no other layer's relief adds any".to_string(),
                None => String::new(),
            };
            let relief = format!(
                "Relieving {} by {:.0}% in year {year} (weeks {from_week:.0} to {to_week:.0}) adds {} by week {horizon:.0}{either}{next}.",
                who,
                verdict.relief_percent,
                gain_text(goal, best)
            );
            (
                format!("Bottleneck in year {year}:"),
                naming(ranking),
                words,
                relief,
            )
        }
    };
    let headline = if name.is_empty() {
        lead.clone()
    } else {
        format!("{lead} {name}")
    };
    let whole = whole_run(live);
    let mut text = format!("{headline}.");
    for part in [&detail, &relief, &whole, &busiest_text] {
        if !part.is_empty() {
            text.push(' ');
            text += part;
        }
    }
    Panel {
        week,
        goal,
        year,
        from_week,
        to_week,
        bottleneck: ranking.bottleneck,
        tied: ranking.tied.clone(),
        lead,
        name,
        headline,
        detail,
        relief,
        whole,
        busiest,
        busiest_load,
        busiest_text,
        text,
        loop_gain: series.loop_gain.get(record).copied().unwrap_or(0.0),
        loop_gain_median: live.summary().loop_gain_median,
        figures: outcome(live).figures,
    }
}

/// What a page says of a part of the verdict it has not judged yet (see `Live::update_at`).
pub const PENDING: &str = "being worked out";

/// The whole-run verdict in one sentence.
fn whole_run(live: &Live) -> String {
    let verdict = live.verdict();
    let ranking = &verdict.ranking;
    let over = format!("Over all {}", span(f64::from(live.weeks())));
    match ranking.bottleneck {
        None if ranking.pending => format!("{over}: {PENDING}."),
        None => {
            format!(
                "{over}: no bottleneck. {}",
                ranking.note.as_deref().unwrap_or_default()
            )
        }
        Some(layer) => {
            let each = if ranking.tied.len() > 1 { " each" } else { "" };
            format!(
                "{over}: {}, {}{each}.",
                naming(ranking),
                gain_text(verdict.goal, &ranking.gains[layer.index()])
            )
        }
    }
}

/// One headline number of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// `10.9G`, `71×`, `$12.3M`.
    pub value: String,
    /// What it counts: `paid requests in five years`.
    pub label: String,
    /// Whether this is the goal the verdict maximises.
    pub goal: bool,
}

/// The run's outcome: paid requests, growth, revenue and users, as headline numbers (the
/// numbers themselves are in the summary and the series).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub figures: Vec<Figure>,
}

/// The headline outcome of a live run.
pub fn outcome(live: &Live) -> Outcome {
    let series = &live.run().series;
    let summary = live.summary();
    let verdict = live.verdict();
    let goal = verdict.goal;
    let years = span(f64::from(live.weeks()));
    let revenue = series
        .money
        .cumulative_payments
        .last()
        .copied()
        .unwrap_or(0.0);
    let goal_total = verdict.ranking.baseline_goal;
    let users = if goal == Goal::Users {
        Figure {
            value: si(goal_total),
            label: format!("user-weeks in {years}"),
            goal: true,
        }
    } else {
        Figure {
            value: count(summary.users_end),
            label: "users at the end".to_string(),
            goal: false,
        }
    };
    let figures = vec![
        Figure {
            value: si(summary.paid_requests_total),
            label: format!("paid requests in {years}"),
            goal: goal == Goal::Paid,
        },
        Figure {
            value: times(summary.served_growth.unwrap_or(0.0)),
            label: format!("served demand grew in {years}"),
            goal: false,
        },
        Figure {
            value: dollars(revenue),
            label: format!("revenue in {years}"),
            goal: goal == Goal::Revenue,
        },
        users,
    ];
    Outcome { figures }
}

/// A text alternative for each chart, with the numbers of the week shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Captions {
    pub demand: String,
    pub funnel: String,
    #[serde(rename = "loop")]
    pub loop_diagram: String,
    pub bottlenecks: String,
}

impl Captions {
    /// These captions (of scenario B) followed by `a`'s, which a comparison draws dashed.
    pub fn with_baseline(self, a: Captions) -> Captions {
        let both = |b: String, a: String| format!("{b} Dashed, the pinned baseline A: {a}");
        Captions {
            demand: both(self.demand, a.demand),
            funnel: both(self.funnel, a.funnel),
            loop_diagram: both(self.loop_diagram, a.loop_diagram),
            bottlenecks: both(self.bottlenecks, a.bottlenecks),
        }
    }
}

/// `Bottleneck in year 3: compute` for the stage holding the week in focus.
fn focus_words(view: &View) -> String {
    match view.stage() {
        Some(stage) if stage.ranking.bottleneck.is_some() => {
            format!(
                "Bottleneck in year {}: {}",
                year_of(stage),
                naming(&stage.ranking)
            )
        }
        Some(stage) if stage.ranking.pending => format!("Year {}: {PENDING}", year_of(stage)),
        Some(stage) => format!("No bottleneck in year {}", year_of(stage)),
        None => "No bottleneck".to_string(),
    }
}

/// The captions for the record `record` of a live run.
pub fn captions(live: &Live, record: usize) -> Captions {
    let series = &live.run().series;
    let verdict = live.verdict();
    let view = View {
        series,
        verdict,
        record,
        baseline: None,
    };
    let week = view.week();
    let weeks = view.weeks();
    let focus = focus_words(&view);

    let mut per_layer = String::new();
    for layer in Layer::ALL {
        let a = At::of(series, layer, record);
        let (arriving, unit) = match layer {
            Layer::Users => (a.capacity, ""),
            Layer::Incentives => (a.demand, " dollars"),
            _ => (a.demand, ""),
        };
        if !per_layer.is_empty() {
            per_layer += "; ";
        }
        let _ = write!(
            per_layer,
            "{layer} {} of {}{unit} served",
            si(a.served),
            si(arriving)
        );
    }
    let demand = format!(
        "Demand arriving at each layer and what it serves, weeks 0 to {weeks:.0}, a week each. At week {week:.0}: {per_layer}. {focus}, its panel framed."
    );

    let stages = funnel_steps(&view);
    let worst = stages
        .windows(2)
        .map(|pair| (pair[1].label, (pair[0].through - pair[1].through).max(0.0)))
        .fold(("", 0.0), |best, s| if s.1 > best.1 { s } else { best });
    let marked = view.marked();
    let mut marks = String::new();
    for (i, &layer) in marked.iter().enumerate() {
        marks += separator(i, marked.len());
        let _ = match funnel_row(layer) {
            Some(row) => write!(marks, "{layer} (the step {}, marked)", stages[row].label),
            None => write!(marks, "{layer}, which is not a step of the funnel"),
        };
    }
    let marked = if marks.is_empty() {
        marks
    } else {
        format!(" The bottleneck of the year is {marks}.")
    };
    let funnel = format!(
        "At week {week:.0} users want {} requests a week; {} are verified and trusted and sent, {} get through applications, {} through models and {} through compute; {} are paid. The largest loss, {}, is at the step {}.{marked}",
        si(stages[0].through),
        si(stages[1].through),
        si(stages[2].through),
        si(stages[3].through),
        si(stages[4].through),
        si(stages[5].through),
        si(worst.1),
        worst.0
    );

    let m = &series.money;
    let money = |v: &[f64]| dollars(v.get(record).copied().unwrap_or(0.0));
    let served = |layer: Layer| si(At::of(series, layer, record).served);
    let busiest = view.busiest();
    let busiest_ring = if view.marks(busiest) {
        format!(
            "it is also the busiest layer ({})",
            busiest_words(busiest, At::of(series, busiest, record).load)
        )
    } else {
        format!(
            "busiest {}, ringed in grey",
            busiest_words(busiest, At::of(series, busiest, record).load)
        )
    };
    let loop_diagram = format!(
        "The loop at week {week:.0}. {focus}, ringed in red; {busiest_ring}; loop gain {:.2}. Compute serves {} requests a week, models {}, applications {}; {} are paid, bringing {} a week into the incentive pool, which pays {} a week to compute, {} to models, {} to applications and {} to verification. Verification covers {} requests a week and users entrust {} to the network.",
        series.loop_gain.get(record).copied().unwrap_or(0.0),
        served(Layer::Compute),
        served(Layer::Models),
        served(Layer::Applications),
        served(Layer::Payments),
        money(&m.payments),
        money(&m.payouts_compute),
        money(&m.payouts_models),
        money(&m.payouts_applications),
        money(&m.payouts_verification),
        served(Layer::Verification),
        served(Layer::Trust),
    );

    let goal = verdict.goal;
    let mut years = String::new();
    for stage in &verdict.stages {
        let ranking = &stage.ranking;
        if !years.is_empty() {
            years += "; ";
        }
        let _ = write!(
            years,
            "year {} (weeks {:.0} to {:.0}) ",
            year_of(stage),
            stage.from_week,
            stage.to_week
        );
        years += &match ranking.bottleneck {
            Some(layer) => format!(
                "{}, {}",
                naming(ranking),
                gain_text(goal, &ranking.gains[layer.index()])
            ),
            None if ranking.pending => PENDING.to_string(),
            None => "none".to_string(),
        };
    }
    let bottlenecks = format!(
        "Which layer holds the loop back, year by year, as the layer whose relief in that year adds most {}: {}. {}. Shading shows how busy each layer is; at week {week:.0} the busiest is {}.",
        goal.noun(),
        years,
        whole_run(live).trim_end_matches('.'),
        busiest_words(busiest, At::of(series, busiest, record).load)
    );
    Captions {
        demand,
        funnel,
        loop_diagram,
        bottlenecks,
    }
}
