//! The verdict panel and the charts' text alternatives say what the run shows, in numbers.
#![cfg(not(target_arch = "wasm32"))]

use flywheel::explain::{captions, panel};
use flywheel::format::{si, signed_percent};
use flywheel::live::Live;
use flywheel::presets::PRESETS;
use flywheel::scenario::Goal;

#[test]
fn every_preset_panel_names_its_bottleneck_the_week_and_the_relief_gain() {
    for preset in PRESETS {
        let live = Live::new(preset.id, [], Goal::Paid).unwrap();
        for week in [0.0, 60.0, 260.0] {
            let p = panel(&live, live.record(week).unwrap());
            let layer = live.verdict().bottleneck().unwrap();
            assert_eq!(p.bottleneck, Some(layer));
            assert!(
                p.text.starts_with(&format!("Bottleneck: {layer}. ")),
                "{}",
                p.text
            );
            assert!(
                p.detail.contains(&format!("week {week:.0}")),
                "{}: {}",
                preset.id,
                p.detail
            );
            let best = live
                .verdict()
                .ranking
                .gains
                .iter()
                .find(|g| g.layer == layer)
                .unwrap();
            assert!(
                p.relief
                    .contains(&signed_percent(best.gain_percent.unwrap())),
                "{}: {} should quote {}",
                preset.id,
                p.relief,
                best.gain_percent.unwrap()
            );
            assert_eq!(
                p.loop_gain,
                live.run().series.loop_gain[live.record(week).unwrap()]
            );
        }
    }
}

#[test]
fn a_tight_bottleneck_says_since_when_with_its_capacity_and_demand() {
    // Compute is over capacity in compute-crunch from early on.
    let live = Live::new("compute-crunch", [], Goal::Paid).unwrap();
    let record = live.record(200.0).unwrap();
    let p = panel(&live, record);
    let compute = &live.run().series.layers[0];
    assert!(p.detail.starts_with("Since week "), "{}", p.detail);
    assert!(
        p.detail.contains(&si(compute.capacity[record])),
        "{}",
        p.detail
    );
    assert!(
        p.detail.contains(&si(compute.demand[record])),
        "{}",
        p.detail
    );
    // The week it names is the first of the unbroken tight run that reaches week 200.
    let since: usize = p.detail["Since week ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(compute.utilization[since..=record]
        .iter()
        .all(|&u| u >= 0.9));
    assert!(since == 0 || compute.utilization[since - 1] < 0.9);
}

#[test]
fn the_panel_names_a_different_tightest_layer_when_there_is_one() {
    let live = Live::new("healthy", [], Goal::Paid).unwrap();
    let record = live.record(120.0).unwrap();
    let p = panel(&live, record);
    assert_eq!(p.binding, live.run().series.binding[record]);
    assert_ne!(
        Some(p.binding),
        p.bottleneck,
        "precondition: healthy binds elsewhere at week 120"
    );
    assert!(
        p.detail
            .contains(&format!("The tightest layer that week is {}", p.binding)),
        "{}",
        p.detail
    );
}

#[test]
fn captions_carry_the_numbers_of_the_week_shown() {
    let live = Live::new("hype-without-value", [], Goal::Paid).unwrap();
    let record = live.record(60.0).unwrap();
    let c = captions(&live, record);
    let s = &live.run().series;
    assert!(c.demand.contains("At week 60"), "{}", c.demand);
    assert!(
        c.demand.contains(&format!(
            "payments {} of {}",
            si(s.layers[4].served[record]),
            si(s.layers[4].demand[record])
        )),
        "{}",
        c.demand
    );
    assert!(
        c.funnel.contains(&si(s.layers[3].capacity[record])),
        "{}",
        c.funnel
    );
    assert!(c.funnel.contains("The largest loss"), "{}", c.funnel);
    assert!(
        c.funnel.contains("step paid"),
        "in hype the most is lost to no payment: {}",
        c.funnel
    );
    assert!(
        c.loop_diagram
            .contains(&format!("${}", si(s.money.payments[record]))),
        "{}",
        c.loop_diagram
    );
    assert!(
        c.bottlenecks.contains("payments weeks 0 to 259"),
        "{}",
        c.bottlenecks
    );
    // Another week, other numbers.
    assert_ne!(captions(&live, live.record(200.0).unwrap()), c);
}

#[test]
fn a_week_outside_the_run_is_refused_with_its_range() {
    let live = Live::new("healthy", [], Goal::Paid).unwrap();
    for week in [-1.0, 261.0, f64::NAN, f64::INFINITY] {
        let error = live.record(week).unwrap_err().to_string();
        assert!(error.contains("expected 0 to 260"), "{error}");
    }
}

#[test]
fn an_update_with_a_bad_setting_leaves_the_run_as_it_was() {
    let mut live = Live::new("healthy", [], Goal::Paid).unwrap();
    let before = live.run().series.clone();
    let error = live
        .update("healthy", ["users.market=5"], Goal::Paid)
        .unwrap_err()
        .to_string();
    assert!(error.contains("users.market"), "{error}");
    assert_eq!(live.run().series, before);
    live.update("compute-crunch", [], Goal::Paid).unwrap();
    assert_eq!(live.verdict().bottleneck(), Some(flywheel::Layer::Compute));
    assert_ne!(live.run().series, before);
}
