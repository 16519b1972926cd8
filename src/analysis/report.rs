//! A run as the CLI and the page receive it: verdict, summary and series, as JSON or CSV.

use serde::{Deserialize, Serialize};
use std::fmt::Write;

use crate::analysis::summary::{summarize, Summary};
use crate::analysis::verdict::{verdict, Stage, Verdict};
use crate::error::Error;
use crate::facade::live::Live;
use crate::model::layer::Layer;
use crate::model::run::{simulate, Series};
use crate::model::scenario::{RunOptions, Scenario};

/// One parameter's value in a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamValue {
    pub id: String,
    pub value: f64,
}

/// The units of one layer's series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerUnits {
    pub layer: Layer,
    /// Unit of the stock series.
    pub stock: String,
    /// Unit of the demand, served, capacity and lost series.
    pub flow: String,
}

impl LayerUnits {
    /// The units of a layer's series.
    pub fn of(layer: Layer) -> LayerUnits {
        LayerUnits {
            layer,
            stock: layer.stock_unit().into(),
            flow: layer.flow_unit().into(),
        }
    }
}

/// Everything about one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub preset: Option<String>,
    pub options: RunOptions,
    pub params: Vec<ParamValue>,
    /// Per layer, in loop order.
    pub units: Vec<LayerUnits>,
    /// The verdict's layer, repeated at the top for convenience; `null` when no relief raises
    /// the goal (`verdict.note` says why).
    pub bottleneck: Option<Layer>,
    /// The verdict's stages, repeated at the top for convenience.
    pub stages: Vec<Stage>,
    pub verdict: Verdict,
    pub summary: Summary,
    pub series: Series,
}

/// Runs a scenario, its verdict and its summary.
///
/// # Errors
/// As [`simulate`].
pub fn report(scenario: &Scenario) -> Result<Report, Error> {
    let run = simulate(scenario)?;
    let verdict = verdict(scenario)?;
    let summary = summarize(&run);
    Ok(Report::assemble(scenario, verdict, summary, run.series))
}

impl Report {
    /// The report of a live run, without running anything again; its verdict must be complete
    /// ([`Live::complete`]).
    pub fn of(live: &Live) -> Report {
        // A pending part would be written as no bottleneck: complete the verdict first.
        debug_assert_eq!(
            live.verdict().pending(),
            0,
            "a report of a partly judged verdict"
        );
        Report::assemble(
            live.scenario(),
            live.verdict().clone(),
            live.summary().clone(),
            live.run().series.clone(),
        )
    }

    fn assemble(scenario: &Scenario, verdict: Verdict, summary: Summary, series: Series) -> Report {
        Report {
            preset: scenario.preset.map(String::from),
            options: scenario.options,
            params: scenario
                .params
                .iter()
                .map(|(spec, value)| ParamValue {
                    id: spec.id.into(),
                    value,
                })
                .collect(),
            units: Layer::ALL.map(LayerUnits::of).to_vec(),
            bottleneck: verdict.bottleneck(),
            stages: verdict.stages.clone(),
            verdict,
            summary,
            series,
        }
    }
}

impl Report {
    /// Pretty-printed JSON.
    pub fn to_json(&self) -> String {
        // Serialising plain structs of numbers and strings cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// One row per recorded time, one column per series, with a header row.
    pub fn to_csv(&self) -> String {
        let s = &self.series;
        let mut columns: Vec<(String, &[f64])> = Vec::new();
        for layer in &s.layers {
            let id = layer.layer.id();
            for (field, values) in layer.fields() {
                columns.push((format!("{id}_{field}"), values));
            }
        }
        let totals: [(&str, &[f64]); 6] = [
            ("served_requests", &s.served_requests),
            ("paid_requests", &s.paid_requests),
            ("cumulative_paid_requests", &s.cumulative_paid_requests),
            ("served_fraction", &s.served_fraction),
            ("trust_level", &s.trust_level),
            ("loop_gain", &s.loop_gain),
        ];
        for (name, values) in totals.into_iter().chain(s.money.fields()) {
            columns.push((name.into(), values));
        }
        let mut out = String::from("week");
        for (name, _) in &columns {
            out.push(',');
            out.push_str(name);
        }
        out.push_str(",binding,stage_bottleneck\n");
        for (row, week) in s.week.iter().enumerate() {
            let _ = write!(out, "{week}");
            for (_, values) in &columns {
                let _ = write!(out, ",{}", values[row]);
            }
            // The stage's bottleneck, empty where no relief in that stage raises the goal.
            let stage = self
                .verdict
                .stage_at(*week)
                .and_then(|stage| stage.ranking.bottleneck)
                .map_or("", Layer::id);
            let _ = writeln!(out, ",{},{stage}", s.binding[row]);
        }
        out
    }
}
