//! The run in words: the verdict panel for a week, and a text alternative for each chart.

use serde::Serialize;

use crate::chart::funnel_stages;
use crate::chart::View;
use crate::format::{si, signed_percent};
use crate::layer::Layer;
use crate::live::Live;
use crate::run::Series;

/// Utilization from which a layer counts as tight in the panel's "since week" (90% busy).
pub const TIGHT: f64 = 0.9;

/// The verdict panel for one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Panel {
    pub week: f64,
    pub bottleneck: Option<Layer>,
    /// `Bottleneck: applications`.
    pub headline: String,
    /// What the bottleneck layer is doing in the week shown.
    pub detail: String,
    /// What relieving it would bring, and the runner-up.
    pub relief: String,
    /// The three in one paragraph, as a screen reader hears it.
    pub text: String,
    /// The layer with the highest utilization in the week shown.
    pub binding: Layer,
    pub loop_gain: f64,
    pub loop_gain_median: f64,
}

/// One layer's record at one week.
struct At {
    demand: f64,
    capacity: f64,
    served: f64,
    load: f64,
}

fn at(series: &Series, layer: Layer, record: usize) -> At {
    let s = &series.layers[layer.index()];
    let get = |v: &[f64]| v.get(record).copied().unwrap_or(0.0);
    At {
        demand: get(&s.demand),
        capacity: get(&s.capacity),
        served: get(&s.served),
        load: get(&s.utilization),
    }
}

/// The first week of the run of weeks, ending at `record`, in which `layer` has been tight.
fn tight_since(series: &Series, layer: Layer, record: usize) -> Option<f64> {
    let loads = &series.layers[layer.index()].utilization;
    if loads.get(record).is_none_or(|&u| u < TIGHT) {
        return None;
    }
    let first = loads[..=record]
        .iter()
        .rposition(|&u| u < TIGHT)
        .map_or(0, |i| i + 1);
    series.week.get(first).copied()
}

/// The panel for the record `record` of a live run.
pub fn panel(live: &Live, record: usize) -> Panel {
    let series = &live.run().series;
    let verdict = live.verdict();
    let week = series.week.get(record).copied().unwrap_or(0.0);
    let binding = series
        .binding
        .get(record)
        .copied()
        .unwrap_or(Layer::Compute);
    let Some(layer) = verdict.bottleneck() else {
        let headline = "No bottleneck".to_string();
        let detail = verdict.ranking.note.clone().unwrap_or_default();
        return Panel {
            week,
            bottleneck: None,
            text: format!("{headline}. {detail}"),
            headline,
            detail,
            relief: String::new(),
            binding,
            loop_gain: series.loop_gain.get(record).copied().unwrap_or(0.0),
            loop_gain_median: live.summary().loop_gain_median,
        };
    };
    let a = at(series, layer, record);
    let lost = (a.demand - a.served).max(0.0);
    let w = format!("{week:.0}");
    let detail = match layer {
        Layer::Compute | Layer::Models | Layer::Applications => {
            let noun = match layer {
                Layer::Compute => "GPUs",
                Layer::Models => "hosted models",
                _ => "applications",
            };
            match tight_since(series, layer, record) {
                Some(since) => {
                    let loss = if lost >= 0.005 * a.demand {
                        format!(", so {} are lost", si(lost))
                    } else {
                        String::new()
                    };
                    format!(
                        "Since week {since:.0} {noun} have run at 90% of capacity or more: at week {w} they can serve {} requests a week and {} arrive{loss}.",
                        si(a.capacity),
                        si(a.demand)
                    )
                }
                None => format!(
                    "At week {w} {noun} carry {} of the {} requests a week they could ({:.0}% busy); more of them pays through what it sets off later in the loop.",
                    si(a.served),
                    si(a.capacity),
                    a.load * 100.0
                ),
            }
        }
        Layer::Users => format!(
            "At week {w} users want {} requests a week while the supply could carry {}: adoption, not supply, sets the pace.",
            si(a.capacity),
            si(a.demand)
        ),
        Layer::Payments => format!(
            "At week {w} paid plans cover {} requests a week of the {} served, so {} a week are served for nothing and the pool earns little.",
            si(a.capacity),
            si(a.demand),
            si(lost)
        ),
        Layer::Incentives => format!(
            "At week {w} the pool pays out ${} a week, while keeping the busy supply running needs ${}.",
            si(a.capacity),
            si(a.demand)
        ),
        Layer::Verification => format!(
            "At week {w} verifiers can check {} requests a week and {} need checking; {} go unverified and are never sent.",
            si(a.capacity),
            si(a.demand),
            si(lost)
        ),
        Layer::Trust => format!(
            "At week {w} users trust the network with {} requests a week of the {} that could be verified; {} stay away.",
            si(a.capacity),
            si(a.demand),
            si(lost)
        ),
    };
    let detail = if binding != layer {
        let b = at(series, binding, record);
        format!(
            "{detail} The tightest layer that week is {binding} ({:.0}% of capacity).",
            b.load * 100.0
        )
    } else {
        detail
    };

    let mut gains = verdict.ranking.gains.clone();
    gains.sort_by(|x, y| y.gain.total_cmp(&x.gain));
    let weeks = live.weeks();
    let relief = match (gains.first(), gains.get(1)) {
        (Some(best), Some(next)) if best.gain_percent.unwrap_or(100.0) >= 0.05 => format!(
            "Relieving {} by {:.0}% adds {} paid requests over {weeks} weeks; next best is {} ({}).",
            best.layer,
            verdict.relief_percent,
            best.gain_percent.map_or(si(best.gain), signed_percent),
            next.layer,
            next.gain_percent.map_or(si(next.gain), signed_percent)
        ),
        _ => format!(
            "No layer's {:.0}% relief raises paid requests over {weeks} weeks by more than 0.05%.",
            verdict.relief_percent
        ),
    };
    let headline = format!("Bottleneck: {layer}");
    Panel {
        week,
        bottleneck: Some(layer),
        text: format!("{headline}. {detail} {relief}"),
        headline,
        detail,
        relief,
        binding,
        loop_gain: series.loop_gain.get(record).copied().unwrap_or(0.0),
        loop_gain_median: live.summary().loop_gain_median,
    }
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

/// The captions for the record `record` of a live run.
pub fn captions(live: &Live, record: usize) -> Captions {
    let series = &live.run().series;
    let view = View {
        series,
        verdict: live.verdict(),
        record,
    };
    let week = view.week();
    let weeks = view.weeks();

    let per_layer: Vec<String> = Layer::ALL
        .iter()
        .map(|&layer| {
            let a = at(series, layer, record);
            let (arriving, unit) = match layer {
                Layer::Users => (a.capacity, ""),
                Layer::Incentives => (a.demand, " dollars"),
                _ => (a.demand, ""),
            };
            format!("{layer} {} of {}{unit} served", si(a.served), si(arriving))
        })
        .collect();
    let demand = format!(
        "Demand arriving at each layer and what it serves, weeks 0 to {weeks:.0}, a week each. At week {week:.0}: {}. Bottleneck: {}.",
        per_layer.join("; "),
        view.bottleneck().map_or("none", Layer::id)
    );

    let stages = funnel_stages(&view);
    let worst = stages
        .windows(2)
        .map(|pair| (pair[1].label, (pair[0].through - pair[1].through).max(0.0)))
        .fold(("", 0.0), |best, s| if s.1 > best.1 { s } else { best });
    let funnel = format!(
        "At week {week:.0} users want {} requests a week; {} are verified and trusted and sent, {} get through applications, {} through models and {} through compute; {} are paid. The largest loss, {}, is at the step {}.",
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
    let money = |v: &[f64]| si(v.get(record).copied().unwrap_or(0.0));
    let served = |layer: Layer| si(at(series, layer, record).served);
    let loop_diagram = format!(
        "The loop at week {week:.0}, bottleneck {}, loop gain {:.2}. Compute serves {} requests a week, models {}, applications {}; {} are paid, bringing ${} a week into the incentive pool, which pays ${} a week to compute, ${} to models, ${} to applications and ${} to verification. Verification covers {} requests a week and users entrust {} to the network.",
        view.bottleneck().map_or("none", Layer::id),
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

    // Runs of weeks with the same binding layer; the last record only closes the horizon.
    let steps = series.binding.len().saturating_sub(1);
    let mut runs: Vec<(Layer, f64, f64)> = Vec::new();
    for (i, &layer) in series.binding[..steps].iter().enumerate() {
        let w = series.week[i];
        match runs.last_mut() {
            Some(run) if run.0 == layer => run.2 = w,
            _ => runs.push((layer, w, w)),
        }
    }
    let shown: Vec<String> = runs
        .iter()
        .take(8)
        .map(|(layer, from, to)| {
            if from == to {
                format!("{layer} week {from:.0}")
            } else {
                format!("{layer} weeks {from:.0} to {to:.0}")
            }
        })
        .collect();
    let more = if runs.len() > 8 {
        format!(" and {} more changes", runs.len() - 8)
    } else {
        String::new()
    };
    let now = series
        .binding
        .get(record)
        .copied()
        .unwrap_or(Layer::Compute);
    let bottlenecks = format!(
        "The binding layer, the one with the highest utilization, week by week: {}{more}. At week {week:.0} it is {now}. The verdict's bottleneck is {}.",
        shown.join(", "),
        view.bottleneck().map_or("none", Layer::id)
    );
    Captions {
        demand,
        funnel,
        loop_diagram,
        bottlenecks,
    }
}
