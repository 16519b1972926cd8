//! The verdict at the edges and by stage: a layer with no capacity can be named, nothing paid
//! names what stops it, no relief gives no bottleneck, verification pays once users care, and
//! the stages cover the horizon and match relieving a year by brute force.
#![cfg(not(target_arch = "wasm32"))]

use flywheel::analysis::verdict::{verdict, Verdict, RELIEF_SHARE};
use flywheel::model::integrate::Integrator;
use flywheel::model::layer::Layer;
use flywheel::model::run::{advance, demand_factors};
use flywheel::model::scenario::Goal;
use flywheel::model::Model;
use flywheel::Scenario;

fn scenario(preset: &str, settings: &[&str]) -> Scenario {
    let mut scenario = Scenario::from_preset(preset).unwrap();
    scenario.apply(settings.iter().copied()).unwrap();
    scenario
}

fn judge(preset: &str, settings: &[&str]) -> Verdict {
    verdict(&scenario(preset, settings)).unwrap()
}

fn gain(v: &Verdict, layer: Layer) -> f64 {
    v.ranking.gains[layer.index()].gain
}

fn percent(v: &Verdict, layer: Layer) -> f64 {
    v.ranking.gains[layer.index()].gain_percent.unwrap()
}

#[test]
fn a_layer_with_no_capacity_is_the_bottleneck_in_every_stage() {
    let cases: [(Layer, &[&str]); 5] = [
        (
            Layer::Compute,
            &["compute.initial_gpus=0", "compute.payout_share=0"],
        ),
        (
            Layer::Models,
            &["models.initial=0", "models.payout_share=0"],
        ),
        (
            Layer::Applications,
            &[
                "applications.initial=0",
                "applications.build_rate=0",
                "applications.payout_share=0",
            ],
        ),
        (Layer::Payments, &["payments.paying_share=0"]),
        (Layer::Payments, &["payments.plan_requests=0"]),
    ];
    for (layer, settings) in cases {
        let v = judge("healthy", settings);
        // Nothing gets through, so nothing is paid and no percentage has meaning.
        assert_eq!(v.ranking.baseline_goal, 0.0, "{settings:?}");
        assert!(v.ranking.gains.iter().all(|g| g.gain_percent.is_none()));
        assert_eq!(v.bottleneck(), Some(layer), "{settings:?}: {:?}", v.ranking);
        assert!(v.ranking.note.is_none() && v.ranking.tied.is_empty());
        // Every other layer's relief leaves the goal at 0: only this one reaches it.
        for g in &v.ranking.gains {
            assert_eq!(g.gain > 0.0, g.layer == layer, "{settings:?}: {g:?}");
        }
        for stage in &v.stages {
            assert_eq!(stage.ranking.bottleneck, Some(layer), "{settings:?}");
        }
    }
}

#[test]
fn no_verifiers_when_users_care_makes_verification_the_bottleneck() {
    let v = judge(
        "healthy",
        &[
            "verification.initial_nodes=0",
            "verification.payout_share=0",
            "trust.reliability_care=0.9",
        ],
    );
    // 90% of demand is refused, yet some is paid: a real percentage, led by verification.
    assert!(v.ranking.baseline_goal > 0.0);
    assert_eq!(v.bottleneck(), Some(Layer::Verification), "{:?}", v.ranking);
    assert!(percent(&v, Layer::Verification) > 10.0 * percent(&v, Layer::Users).max(1.0));
}

#[test]
fn when_no_relief_changes_the_goal_there_is_no_bottleneck_and_a_note_says_why() {
    // Free requests earn nothing, whatever any relief does.
    let mut s = scenario("healthy", &["payments.price=0"]);
    s.options.goal = Goal::Revenue;
    let v = verdict(&s).unwrap();
    assert_eq!(v.bottleneck(), None);
    assert!(v.ranking.gains.iter().all(|g| g.gain == 0.0));
    let note = v.ranking.note.as_deref().unwrap();
    assert!(
        note.contains("no revenue") && note.contains("Weeks 0 to 260"),
        "{note}"
    );
    for stage in &v.stages {
        assert_eq!(stage.ranking.bottleneck, None);
        assert!(stage.ranking.note.is_some());
    }
    // The same scenario still has a bottleneck for paid requests.
    s.options.goal = Goal::Paid;
    assert!(verdict(&s).unwrap().bottleneck().is_some());
}

#[test]
fn relieving_verification_pays_more_the_more_users_care() {
    for overhead in ["0.3", "1"] {
        let o = format!("verification.overhead={overhead}");
        let gains: Vec<(f64, f64)> = ["0.3", "0.5", "0.9"]
            .iter()
            .map(|care| {
                let v = judge("healthy", &[&o, &format!("trust.reliability_care={care}")]);
                (percent(&v, Layer::Verification), percent(&v, Layer::Trust))
            })
            .collect();
        for (verification, trust) in &gains {
            assert!(
                *verification > 0.0 && *trust > 0.0,
                "overhead {overhead}: {gains:?}"
            );
        }
        assert!(
            gains.windows(2).all(|w| w[1].0 > w[0].0 && w[1].1 > w[0].1),
            "overhead {overhead}: gains do not rise with care: {gains:?}"
        );
    }
}

#[test]
fn verification_that_costs_more_than_users_value_it_lowers_the_goal() {
    // Proofs at 3x extra compute, valued at 1x: each verified request is a loss of compute
    // that the premium does not pay back.
    let v = judge(
        "healthy",
        &[
            "verification.overhead=3",
            "verification.value=1",
            "trust.reliability_care=0.3",
        ],
    );
    let loss = percent(&v, Layer::Verification);
    assert!(loss < 0.0, "{:?}", v.ranking);
    // Valued at what it costs, the premium pays for the compute: revenue rises with more
    // verification and paid requests no longer fall by much.
    let mut s = scenario(
        "healthy",
        &[
            "verification.overhead=3",
            "verification.value=3",
            "trust.reliability_care=0.3",
        ],
    );
    let paid = percent(&verdict(&s).unwrap(), Layer::Verification);
    assert!(paid > loss / 10.0, "{paid} vs {loss}");
    s.options.goal = Goal::Revenue;
    let v = verdict(&s).unwrap();
    assert!(percent(&v, Layer::Verification) > 0.0, "{:?}", v.ranking);
}

#[test]
fn faster_trust_brings_more_users_when_users_care() {
    let user_weeks = |care: &str, build: &str| {
        let mut s = scenario(
            "healthy",
            &[
                &format!("trust.reliability_care={care}"),
                &format!("trust.build_weeks={build}"),
            ],
        );
        s.options.goal = Goal::Users;
        verdict(&s).unwrap().ranking.baseline_goal
    };
    for care in ["0.5", "0.9"] {
        let (fast, slow) = (user_weeks(care, "4"), user_weeks(care, "40"));
        assert!(fast > 1.01 * slow, "care {care}: fast {fast} slow {slow}");
    }
    // When nobody cares, trust does not enter the chain at all.
    assert_eq!(user_weeks("0", "4"), user_weeks("0", "40"));
}

#[test]
fn stages_are_years_that_cover_the_horizon_without_gaps() {
    for (weeks, step, expected) in [
        (
            260,
            1.0,
            vec![
                (0.0, 52.0),
                (52.0, 104.0),
                (104.0, 156.0),
                (156.0, 208.0),
                (208.0, 260.0),
            ],
        ),
        (100, 0.5, vec![(0.0, 52.0), (52.0, 100.0)]),
        (30, 1.0, vec![(0.0, 30.0)]),
    ] {
        let mut s = Scenario::default();
        s.options.weeks = weeks;
        s.options.step_weeks = step;
        let v = verdict(&s).unwrap();
        let got: Vec<(f64, f64)> = v.stages.iter().map(|s| (s.from_week, s.to_week)).collect();
        assert_eq!(got, expected);
        assert_eq!(
            v.stage_at(f64::from(weeks)).unwrap().to_week,
            f64::from(weeks)
        );
        assert_eq!(v.stage_at(51.9).unwrap().from_week, 0.0);
    }
}

/// The goal from `from` to the end with `layer` relieved only in steps `from..to`, run from week 0.
fn relieved_in_window(s: &Scenario, layer: Layer, from: usize, to: usize) -> (f64, f64) {
    let model = Model::new(&s.params);
    let relieved = model.relieved(layer, RELIEF_SHARE);
    let factors = demand_factors(s);
    let steps = s.options.steps().unwrap();
    let goal = s.options.goal.state_index();
    let mut plain = model.initial_state();
    advance(&s.options, &model, &factors, &mut plain, 0..from, |_, _| {});
    let start = plain[goal];
    let mut y = plain;
    advance(
        &s.options,
        &model,
        &factors,
        &mut plain,
        from..steps,
        |_, _| {},
    );
    advance(&s.options, &relieved, &factors, &mut y, from..to, |_, _| {});
    advance(&s.options, &model, &factors, &mut y, to..steps, |_, _| {});
    (plain[goal] - start, y[goal] - start)
}

#[test]
fn each_stage_gain_is_what_relieving_that_year_alone_gives() {
    let mut s = scenario("verification-ignored", &["trust.reliability_care=0.5"]);
    s.options.integrator = Integrator::Euler;
    s.options.step_weeks = 0.5;
    let v = verdict(&s).unwrap();
    for stage in &v.stages {
        let (from, to) = (
            (stage.from_week * 2.0) as usize,
            (stage.to_week * 2.0) as usize,
        );
        for g in &stage.ranking.gains {
            let (baseline, relieved) = relieved_in_window(&s, g.layer, from, to);
            assert_eq!(stage.ranking.baseline_goal, baseline);
            // The verdict stops early when a relief leaves the state exactly as it was: the
            // brute-force run must then agree exactly, and otherwise to rounding.
            let tolerance = 1e-12 * baseline.abs();
            assert!(
                (g.goal - relieved).abs() <= tolerance,
                "{:?} {}..{}: {} vs {relieved}",
                g.layer,
                stage.from_week,
                stage.to_week,
                g.goal
            );
        }
    }
}

#[test]
fn relief_of_a_layer_with_room_is_ten_percent_more_of_its_capacity_parameter() {
    // Models sit idle in this preset (utilization under 0.5), so adding 10% of the larger of
    // capacity and demand adds 10% of capacity: the same as 10% more requests per model.
    let s = scenario("models-nobody-uses", &[]);
    let v = verdict(&s).unwrap();
    let raised = scenario("models-nobody-uses", &["models.requests_per_model=1650000"]);
    let raised = verdict(&raised).unwrap().ranking.baseline_goal;
    let relieved = v.ranking.gains[Layer::Models.index()].goal;
    assert!(
        (relieved - raised).abs() <= 1e-12 * raised,
        "{relieved} vs {raised}"
    );
    assert!(gain(&v, Layer::Models).abs() < 1e-6 * v.ranking.baseline_goal);
}

#[test]
fn the_goal_chooses_what_the_verdict_counts() {
    let mut s = Scenario::default();
    let mut baselines = Vec::new();
    for goal in Goal::ALL {
        s.options.goal = goal;
        let v = verdict(&s).unwrap();
        assert_eq!(v.goal, goal);
        baselines.push(v.ranking.baseline_goal);
    }
    let r = flywheel::analysis::report::report(&Scenario::default()).unwrap();
    let last = |v: &[f64]| *v.last().unwrap();
    assert_eq!(baselines[0], last(&r.series.cumulative_paid_requests));
    assert_eq!(baselines[1], last(&r.series.money.cumulative_payments));
    // User-weeks: the integral of users, close to the trapezoid sum of the weekly record.
    let users = &r.series.layers[Layer::Users.index()].stock;
    let trapezoid: f64 = users.windows(2).map(|w| 0.5 * (w[0] + w[1])).sum();
    assert!(
        (baselines[2] / trapezoid - 1.0).abs() < 1e-3,
        "{} vs {trapezoid}",
        baselines[2]
    );
}

/// A page's update: the year shown judged at once, the rest pending, and never an earlier
/// scenario's answer in a pending part.
#[test]
fn an_update_at_a_week_judges_that_year_and_leaves_the_rest_pending_until_judged() {
    use flywheel::facade::live::Live;
    let full = judge("healthy", &[]);
    let mut live = Live::new("models-nobody-uses", [], Goal::Paid).unwrap();
    live.update_at("healthy", [], Goal::Paid, 130.0).unwrap();
    let shown = live.verdict();
    assert_eq!(shown.pending(), 5, "four years and the whole run");
    assert_eq!(shown.stages.len(), full.stages.len());
    for (i, (stage, judged)) in shown.stages.iter().zip(&full.stages).enumerate() {
        assert_eq!(
            (stage.from_week, stage.to_week),
            (judged.from_week, judged.to_week)
        );
        if i == 2 {
            assert_eq!(stage, judged, "week 130 is in year 3, judged at once");
            continue;
        }
        let r = &stage.ranking;
        assert!(r.pending, "year {} pending", i + 1);
        assert_eq!((r.bottleneck, r.tied.len(), r.gains.len()), (None, 0, 0));
        assert!(r.note.is_none());
        assert_eq!(r.baseline_goal, judged.ranking.baseline_goal);
    }
    assert!(shown.ranking.pending && shown.ranking.bottleneck.is_none());
    assert_eq!(shown.ranking.baseline_goal, full.ranking.baseline_goal);

    // Part by part: years in order, then the whole run.
    let mut left = vec![live.verdict().pending()];
    while live.judge_next() {
        left.push(live.verdict().pending());
    }
    assert_eq!(left, [5, 4, 3, 2, 1]);
    assert_eq!(
        live.verdict(),
        &full,
        "judged in parts, the same verdict as at once"
    );

    // A bad week changes nothing.
    assert!(live
        .update_at("compute-crunch", [], Goal::Paid, 1e6)
        .is_err());
    assert_eq!(live.verdict(), &full);
    assert_eq!(live.scenario().preset, Some("healthy"));
}
