//! Two scenarios compared: the bottleneck of each, in the year shown and over the run, and the
//! goal's change from A to B, as numbers and in words.
#![cfg(not(target_arch = "wasm32"))]

use flywheel::analysis::report::report;
use flywheel::facade::live::Live;
use flywheel::model::layer::Layer;
use flywheel::model::scenario::Goal;
use flywheel::reading::compare::compare;

fn live(preset: &str, settings: &[&str], goal: Goal) -> Live {
    Live::new(preset, settings.iter().copied(), goal).unwrap()
}

#[test]
fn the_change_is_b_less_a_in_b_s_goal_and_each_names_its_own_bottleneck() {
    let a = live("healthy", &[], Goal::Paid);
    let b = live("healthy", &["compute.requests_per_gpu=40000"], Goal::Paid);
    let c = compare(&a, &b, 200.0);
    // The goal each reached is what `flywheel run` reports for it.
    for (live, reached) in [(&a, c.a_goal), (&b, c.b_goal)] {
        let run = report(live.scenario()).unwrap();
        let total = run.summary.paid_requests_total;
        assert!(
            (reached / total - 1.0).abs() < 1e-12,
            "{reached} vs {total}"
        );
    }
    assert_eq!(c.change, c.b_goal - c.a_goal);
    let percent = c.change_percent.unwrap();
    assert!((percent - c.change / c.a_goal * 100.0).abs() < 1e-9);
    assert!(c.change > 0.0, "more throughput per GPU pays");
    // Year 4 holds week 200: each names the bottleneck of its own verdict there.
    let year = |l: &Live| l.verdict().stage_at(200.0).unwrap().ranking.bottleneck;
    assert_eq!(c.a_bottleneck, year(&a));
    assert_eq!(c.b_bottleneck, year(&b));
    assert_eq!(c.a_whole, a.verdict().bottleneck());
    assert_eq!(c.b_whole, b.verdict().bottleneck());
    assert_eq!(c.a_bottleneck, Some(Layer::Compute));
    assert_ne!(
        c.b_bottleneck,
        Some(Layer::Compute),
        "relieving compute moves it"
    );
    assert!(
        c.text
            .starts_with("A → B. Bottleneck in year 4: compute → "),
        "{}",
        c.text
    );
    assert!(
        c.text.contains("Paid requests over the run: "),
        "{}",
        c.text
    );
    assert!(c.text.ends_with(&format!("+{percent:.1}%).")), "{}", c.text);
}

#[test]
fn a_scenario_against_itself_changes_nothing_and_says_so() {
    let a = live(
        "compute-crunch",
        &["users.word_of_mouth=0.8"],
        Goal::Revenue,
    );
    let c = compare(&a, &a.clone(), 30.0);
    assert_eq!((c.change, c.change_percent), (0.0, Some(0.0)));
    assert_eq!(c.a_bottleneck, c.b_bottleneck);
    assert!(
        c.text.contains("in year 1: ") && c.text.contains(" in both;"),
        "{}",
        c.text
    );
    assert!(c.text.starts_with("A → B."), "{}", c.text);
    assert!(c.text.contains("Revenue over the run: $"), "{}", c.text);
}

#[test]
fn both_are_measured_by_b_s_goal_and_nothing_reached_gives_no_percentage() {
    // A judged for revenue, B for users: the change is in user-weeks for both.
    let a = live("healthy", &[], Goal::Revenue);
    let b = live("healthy", &[], Goal::Users);
    let c = compare(&a, &b, 0.0);
    assert_eq!(c.goal, Goal::Users);
    assert_eq!(c.change, 0.0, "the same run, measured the same way");
    // Nobody paying: A's paid requests are 0, so there is no percentage, only the change.
    let a = live("healthy", &["payments.paying_share=0"], Goal::Paid);
    let b = live("healthy", &[], Goal::Paid);
    let c = compare(&a, &b, 100.0);
    assert_eq!(c.a_goal, 0.0);
    assert_eq!(c.change_percent, None);
    assert!(
        c.text
            .ends_with(&format!("(+{}).", flywheel::reading::format::si(c.change))),
        "{}",
        c.text
    );
}
