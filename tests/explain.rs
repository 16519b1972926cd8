//! The verdict panel, the headline outcome and the charts' text alternatives say what the run
//! shows, in its own numbers: the bottleneck of the year holding the week, how relieving it
//! pays, the whole-run answer, and the busiest layer apart from both.
#![cfg(not(target_arch = "wasm32"))]

use flywheel::analysis::verdict::{Ranking, ReliefGain};
use flywheel::chart::year_of;
use flywheel::facade::live::Live;
use flywheel::model::layer::Layer;
use flywheel::model::presets::PRESETS;
use flywheel::model::scenario::Goal;
use flywheel::reading::explain::{
    captions, detail, naming, outcome, panel, verification_cost, DIFFERENCE,
};
use flywheel::reading::format::{count, dollars, percent, si, signed_percent, times};

fn live(preset: &str, settings: &[&str], goal: Goal) -> Live {
    Live::new(preset, settings.iter().copied(), goal).unwrap()
}

const WEEKS: [f64; 6] = [0.0, 30.0, 60.0, 130.0, 200.0, 260.0];

#[test]
fn every_preset_panel_names_the_bottleneck_of_the_year_holding_the_week() {
    for preset in PRESETS {
        let live = live(preset.id, &[], Goal::Paid);
        let verdict = live.verdict();
        for week in WEEKS {
            let record = live.record(week).unwrap();
            let p = panel(&live, record);
            let stage = verdict.stage_at(week).unwrap();
            let layer = stage.ranking.bottleneck.unwrap();
            let year = year_of(stage);
            assert_eq!(p.bottleneck, Some(layer), "{} week {week}", preset.id);
            assert_eq!(p.year, year);
            assert_eq!(p.headline, format!("Bottleneck in year {year}: {layer}"));
            assert!(
                p.text.starts_with(&format!("{}. ", p.headline)),
                "{}",
                p.text
            );
            // The stage's own gain, its year and weeks, the goal's noun, and the horizon.
            let gain = stage.ranking.gains[layer.index()].gain_percent.unwrap();
            for part in [
                format!("Relieving {layer} by 10% in year {year}"),
                format!("weeks {:.0} to {:.0}", stage.from_week, stage.to_week),
                format!("{} paid requests by week 260", signed_percent(gain)),
            ] {
                assert!(
                    p.relief.contains(&part),
                    "{}: `{part}` in {}",
                    preset.id,
                    p.relief
                );
            }
            // The whole-run answer on its own line.
            let whole = verdict.bottleneck().unwrap();
            let whole_gain = verdict.ranking.gains[whole.index()].gain_percent.unwrap();
            assert_eq!(
                p.whole,
                format!(
                    "Over all five years: {whole}, {} paid requests.",
                    signed_percent(whole_gain)
                )
            );
            // The busiest layer is named apart, as the busiest.
            assert_eq!(p.busiest, live.run().series.binding[record]);
            assert!(p
                .busiest_text
                .starts_with(&format!("Busiest at week {week:.0}: {}", p.busiest)));
            for part in [&p.detail, &p.relief, &p.whole, &p.busiest_text] {
                assert!(p.text.contains(part.as_str()));
            }
            assert_eq!(
                p.loop_gain,
                live.run().series.loop_gain[record],
                "{}",
                preset.id
            );
        }
    }
}

#[test]
fn the_panel_follows_the_stage_not_the_whole_run() {
    // Healthy: users hold the loop back in year 1, compute afterwards and over the run.
    let live = live("healthy", &[], Goal::Paid);
    let stages = &live.verdict().stages;
    assert_eq!(
        stages[0].ranking.bottleneck,
        Some(Layer::Users),
        "precondition"
    );
    assert_eq!(
        live.verdict().bottleneck(),
        Some(Layer::Compute),
        "precondition"
    );
    let early = panel(&live, live.record(30.0).unwrap());
    assert_eq!(early.bottleneck, Some(Layer::Users));
    assert!(early.headline.ends_with("year 1: users"));
    assert!(early.whole.contains("compute"), "{}", early.whole);
    let late = panel(&live, live.record(130.0).unwrap());
    assert_eq!(late.bottleneck, Some(Layer::Compute));
    assert_ne!(early.relief, late.relief);
}

#[test]
fn the_compute_story_quotes_the_weeks_own_numbers() {
    let live = live("compute-crunch", &[], Goal::Paid);
    let series = &live.run().series;
    let mut seen = Vec::new();
    for week in [30.0, 130.0, 200.0] {
        let record = live.record(week).unwrap();
        let p = panel(&live, record);
        assert_eq!(p.bottleneck, Some(Layer::Compute));
        let compute = &series.layers[Layer::Compute.index()];
        let carry = compute.served[record] / compute.demand[record];
        for part in [
            format!(
                "Compute runs at {} of capacity",
                percent(compute.utilization[record])
            ),
            format!("with {} GPUs", count(compute.stock[record])),
            format!(
                "{} of the {} requests a week that reach it are lost to congestion",
                si(compute.lost[record]),
                si(compute.demand[record])
            ),
            format!(
                "only {} of the models that payouts fund get deployed",
                percent(carry)
            ),
        ] {
            assert!(
                p.detail.contains(&part),
                "week {week}: `{part}` in {}",
                p.detail
            );
        }
        seen.push(p.detail);
    }
    seen.dedup();
    assert_eq!(seen.len(), 3, "each week has its own numbers: {seen:?}");
}

#[test]
fn each_layer_has_its_own_story_in_that_weeks_numbers() {
    let live = live("hype-without-value", &[], Goal::Paid);
    let series = &live.run().series;
    let params = &live.scenario().params;
    let record = live.record(60.0).unwrap();
    let l = |layer: Layer| &series.layers[layer.index()];
    let m = &series.money;
    let expect: [(Layer, Vec<String>); 8] = [
        (
            Layer::Compute,
            vec![percent(l(Layer::Compute).utilization[record])],
        ),
        (
            Layer::Models,
            vec![
                format!("with {} hosted", count(l(Layer::Models).stock[record])),
                dollars(m.payouts_models[record]),
            ],
        ),
        (
            Layer::Applications,
            vec![
                format!("with {} live", count(l(Layer::Applications).stock[record])),
                si(l(Layer::Applications).lost[record]),
                dollars(m.payouts_applications[record]),
            ],
        ),
        (
            Layer::Users,
            vec![
                format!(
                    "{} users want {}",
                    count(l(Layer::Users).stock[record]),
                    si(l(Layer::Users).capacity[record])
                ),
                format!(
                    "the supply could carry {}",
                    si(l(Layer::Users).demand[record])
                ),
                percent(series.served_fraction[record]),
            ],
        ),
        (
            Layer::Payments,
            vec![
                format!(
                    "Paying plans cover {}",
                    si(l(Layer::Payments).capacity[record])
                ),
                format!(
                    "{} a week are served for nothing",
                    si(l(Layer::Payments).lost[record])
                ),
                dollars(m.payments[record]),
            ],
        ),
        (
            Layer::Incentives,
            vec![
                format!("pays out {} a week", dollars(m.payouts[record])),
                dollars(l(Layer::Incentives).demand[record]),
                format!("the pool holds {}", dollars(m.pool[record])),
            ],
        ),
        (
            Layer::Verification,
            vec![
                format!(
                    "Verifiers can check {}",
                    si(l(Layer::Verification).capacity[record])
                ),
                si(l(Layer::Verification).demand[record]),
                verification_cost(params),
            ],
        ),
        (
            Layer::Trust,
            vec![
                format!(
                    "Users trust the network with {}",
                    si(l(Layer::Trust).capacity[record])
                ),
                si(l(Layer::Trust).lost[record]),
                verification_cost(params),
            ],
        ),
    ];
    for (layer, parts) in expect {
        let text = detail(series, params, layer, record);
        for part in parts {
            assert!(text.contains(&part), "{layer}: `{part}` in {text}");
        }
        assert_ne!(
            text,
            detail(series, params, layer, live.record(200.0).unwrap()),
            "{layer}: the same words at another week"
        );
    }
}

#[test]
fn verification_that_costs_more_than_users_value_is_said_plainly() {
    let costly = live(
        "healthy",
        &[
            "verification.initial_nodes=0",
            "verification.payout_share=0",
            "trust.reliability_care=0.9",
            "verification.overhead=5",
            "verification.value=1",
        ],
        Goal::Paid,
    );
    let plain = "Verification costs more than users value it: a verified request takes 5× extra compute, and users who care pay at most 1× extra";
    assert!(verification_cost(&costly.scenario().params).starts_with(plain));
    let record = costly.record(130.0).unwrap();
    let p = panel(&costly, record);
    for layer in [Layer::Verification, Layer::Trust] {
        let text = detail(
            &costly.run().series,
            &costly.scenario().params,
            layer,
            record,
        );
        assert!(text.contains(plain), "{text}");
    }
    if p.bottleneck == Some(Layer::Verification) || p.bottleneck == Some(Layer::Trust) {
        assert!(p.detail.contains(plain), "{}", p.detail);
    }
    // Within what users value, the premium pays for the compute, and the words say so.
    let fair = live("healthy", &[], Goal::Paid);
    let words = verification_cost(&fair.scenario().params);
    assert!(
        words.contains("pays for its 0.3× extra compute") && words.contains("up to 1×"),
        "{words}"
    );
    // Compute's story never mentions verification's price.
    let compute = detail(
        &costly.run().series,
        &costly.scenario().params,
        Layer::Compute,
        record,
    );
    assert!(!compute.contains("Verification costs"), "{compute}");
}

#[test]
fn no_bottleneck_is_said_in_words_with_the_reason() {
    let live = live("healthy", &["payments.price=0"], Goal::Revenue);
    assert_eq!(live.verdict().bottleneck(), None, "precondition");
    for week in [30.0, 260.0] {
        let p = panel(&live, live.record(week).unwrap());
        assert_eq!(p.bottleneck, None);
        assert_eq!(p.name, "");
        assert!(
            p.headline.starts_with("No bottleneck in year "),
            "{}",
            p.headline
        );
        assert!(
            p.detail
                .ends_with("the run has no revenue, and no layer's 10% relief would bring any."),
            "{}",
            p.detail
        );
        assert_eq!(p.relief, "");
        assert!(
            p.whole.starts_with(
                "Over all five years: no bottleneck. Weeks 0 to 260: the run has no revenue"
            ),
            "{}",
            p.whole
        );
        assert!(
            p.text.starts_with(&format!("{}. Weeks ", p.headline)),
            "{}",
            p.text
        );
    }
    let c = captions(&live, live.record(60.0).unwrap());
    assert!(
        c.bottlenecks.contains("year 2 (weeks 52 to 104) none"),
        "{}",
        c.bottlenecks
    );
    assert!(
        c.loop_diagram.contains("No bottleneck in year 2"),
        "{}",
        c.loop_diagram
    );
}

fn gain(layer: Layer, gain: f64) -> ReliefGain {
    ReliefGain {
        layer,
        goal: 100.0 + gain,
        gain,
        gain_percent: Some(gain),
    }
}

#[test]
fn ties_are_named_as_ties() {
    let tie = |tied: Vec<Layer>| Ranking {
        bottleneck: tied.first().copied(),
        tied,
        note: Some("a tie".into()),
        baseline_goal: 100.0,
        gains: Layer::ALL.map(|l| gain(l, 1.0)).to_vec(),
        pending: false,
    };
    assert_eq!(
        naming(&tie(vec![Layer::Compute, Layer::Models])),
        "compute and models, tied"
    );
    assert_eq!(
        naming(&tie(vec![Layer::Compute, Layer::Models, Layer::Trust])),
        "compute, models and trust, tied"
    );
    assert_eq!(naming(&tie(vec![Layer::Users])), "users");
    let mut none = tie(Vec::new());
    none.bottleneck = None;
    assert_eq!(naming(&none), "no bottleneck");
}

#[test]
fn the_goal_sets_the_words_of_the_gain() {
    for (goal, noun) in [(Goal::Revenue, "revenue"), (Goal::Users, "user-weeks")] {
        let live = live("healthy", &[], goal);
        let p = panel(&live, live.record(130.0).unwrap());
        assert_eq!(p.goal, goal);
        assert!(
            p.relief.contains(&format!("% {noun} by week 260")),
            "{}",
            p.relief
        );
        assert!(p.whole.ends_with(&format!("% {noun}.")), "{}", p.whole);
    }
    // With nothing paid there is no percentage: the gain is counted in the goal's unit.
    let live = live("healthy", &["payments.paying_share=0"], Goal::Paid);
    let p = panel(&live, live.record(130.0).unwrap());
    assert_eq!(p.bottleneck, Some(Layer::Payments));
    let stage = live.verdict().stage_at(130.0).unwrap();
    let best = &stage.ranking.gains[Layer::Payments.index()];
    assert!(best.gain_percent.is_none(), "precondition");
    assert!(
        p.relief
            .contains(&format!("adds +{} paid requests", si(best.gain))),
        "{}",
        p.relief
    );
}

#[test]
fn the_outcome_quotes_paid_requests_growth_revenue_and_users() {
    let live = live("healthy", &[], Goal::Paid);
    let s = live.summary();
    let o = outcome(&live);
    let revenue = *live.run().series.money.cumulative_payments.last().unwrap();
    let values: Vec<&str> = o.figures.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(
        values,
        [
            si(s.paid_requests_total),
            times(s.served_growth.unwrap_or(0.0)),
            dollars(revenue),
            count(s.users_end)
        ]
    );
    assert_eq!(o.figures[1].label, "served demand grew in five years");
    assert!(o.figures[0].goal && !o.figures[2].goal);

    // Another goal is marked, and users are counted in user-weeks when they are the goal.
    let users = outcome(&Live::new("healthy", [], Goal::Users).unwrap());
    assert!(users.figures[3].goal && users.figures[3].label.starts_with("user-weeks"));
    let total = Live::new("healthy", [], Goal::Users)
        .unwrap()
        .verdict()
        .ranking
        .baseline_goal;
    assert_eq!(users.figures[3].value, si(total));
    let revenue = outcome(&Live::new("healthy", [], Goal::Revenue).unwrap());
    assert!(revenue.figures[2].goal && !revenue.figures[0].goal);
}

#[test]
fn every_caption_names_the_same_bottleneck_as_the_panel() {
    for preset in PRESETS {
        let live = live(preset.id, &[], Goal::Paid);
        for week in WEEKS {
            let record = live.record(week).unwrap();
            let p = panel(&live, record);
            let c = captions(&live, record);
            for caption in [&c.demand, &c.loop_diagram] {
                assert!(
                    caption.contains(&p.headline),
                    "{}: `{}` in {caption}",
                    preset.id,
                    p.headline
                );
            }
            let layer = p.bottleneck.unwrap();
            assert!(
                c.funnel
                    .contains(&format!("The bottleneck of the year is {layer}")),
                "{}",
                c.funnel
            );
            assert!(
                c.bottlenecks.contains(&format!("year {} (weeks", p.year)),
                "{}",
                c.bottlenecks
            );
        }
    }
}

#[test]
fn the_timeline_caption_tells_the_years_and_the_funnel_keeps_loss_and_bottleneck_apart() {
    let live = live("healthy", &[], Goal::Paid);
    let record = live.record(130.0).unwrap();
    let c = captions(&live, record);
    assert!(c
        .bottlenecks
        .starts_with("Which layer holds the loop back, year by year"));
    for stage in &live.verdict().stages {
        let layer = stage.ranking.bottleneck.unwrap();
        let gain = stage.ranking.gains[layer.index()].gain_percent.unwrap();
        let year = format!(
            "year {} (weeks {:.0} to {:.0}) {layer}, {} paid requests",
            year_of(stage),
            stage.from_week,
            stage.to_week,
            signed_percent(gain)
        );
        assert!(
            c.bottlenecks.contains(&year),
            "`{year}` in {}",
            c.bottlenecks
        );
    }
    assert!(
        c.bottlenecks.contains("Over all five years: compute"),
        "{}",
        c.bottlenecks
    );
    // At week 130 the most is lost at applications, but compute is the bottleneck.
    assert!(c.funnel.contains("The largest loss"), "{}", c.funnel);
    assert!(
        c.funnel.contains("is at the step through applications"),
        "{}",
        c.funnel
    );
    assert!(
        c.funnel
            .contains("The bottleneck of the year is compute (the step through compute, marked)"),
        "{}",
        c.funnel
    );
    // Another week, other numbers.
    assert_ne!(captions(&live, live.record(200.0).unwrap()), c);
}

#[test]
fn the_difference_between_busiest_and_bottleneck_is_one_plain_sentence() {
    assert_eq!(DIFFERENCE.matches(". ").count(), 0);
    assert!(DIFFERENCE.starts_with("The busiest layer is where"));
    assert!(DIFFERENCE.contains("the bottleneck is where more capacity would pay most"));
}

#[test]
fn a_week_outside_the_run_is_refused_with_its_range() {
    let live = live("healthy", &[], Goal::Paid);
    for week in [-1.0, 261.0, f64::NAN, f64::INFINITY] {
        let error = live.record(week).unwrap_err().to_string();
        assert!(error.contains("expected 0 to 260"), "{error}");
    }
}

#[test]
fn an_update_with_a_bad_setting_leaves_the_run_as_it_was() {
    let mut live = live("healthy", &[], Goal::Paid);
    let before = live.run().series.clone();
    let error = live
        .update("healthy", ["users.market=5"], Goal::Paid)
        .unwrap_err()
        .to_string();
    assert!(error.contains("users.market"), "{error}");
    assert_eq!(live.run().series, before);
    live.update("compute-crunch", [], Goal::Paid).unwrap();
    assert_eq!(live.verdict().bottleneck(), Some(Layer::Compute));
    assert_ne!(live.run().series, before);
}
