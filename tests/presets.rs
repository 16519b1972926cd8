//! Each preset tells its story: the verdicts of PRODUCT.md come out of the dynamics.
#![cfg(not(target_arch = "wasm32"))]

use flywheel::analysis::report::{report, Report};
use flywheel::model::layer::Layer;
use flywheel::model::params::SPECS;
use flywheel::model::presets::PRESETS;
use flywheel::Scenario;

fn run(preset: &str, settings: &[&str]) -> Report {
    let mut scenario = Scenario::from_preset(preset).unwrap();
    scenario.apply(settings.iter().copied()).unwrap();
    report(&scenario).unwrap()
}

/// The verdict's winning gain over the runner-up's, in percentage points.
fn margin(report: &Report) -> f64 {
    let mut gains: Vec<f64> = report
        .verdict
        .ranking
        .gains
        .iter()
        .map(|g| g.gain_percent.unwrap())
        .collect();
    gains.sort_by(|a, b| b.total_cmp(a));
    gains[0] - gains[1]
}

/// The bottleneck of each year.
fn stages(report: &Report) -> Vec<Option<Layer>> {
    report.stages.iter().map(|s| s.ranking.bottleneck).collect()
}

/// Asserts that every year has the same bottleneck as the whole run.
fn every_stage_is(report: &Report, layer: Layer) {
    assert_eq!(stages(report), vec![Some(layer); 5], "{:?}", report.stages);
}

#[test]
fn there_are_six_presets_with_values_inside_their_ranges() {
    let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
    assert_eq!(
        ids,
        [
            "healthy",
            "models-nobody-uses",
            "apps-without-audience",
            "hype-without-value",
            "verification-ignored",
            "compute-crunch"
        ]
    );
    for preset in PRESETS {
        for &(param, value) in preset.settings {
            param
                .spec()
                .check(value)
                .unwrap_or_else(|e| panic!("{}: {e}", preset.id));
        }
    }
    assert!(SPECS.len() >= 24 && SPECS.len() <= 32);
}

#[test]
fn healthy_grows_with_loop_gain_above_one_and_a_shifting_binding_layer() {
    let r = run("healthy", &[]);
    assert!(
        r.summary.loop_gain_median > 1.0,
        "loop gain {}",
        r.summary.loop_gain_median
    );
    assert!(
        r.summary.served_growth.unwrap() > 5.0,
        "growth {:?}",
        r.summary.served_growth
    );
    let served = &r.series.served_requests;
    let yearly: Vec<f64> = (0..=5).map(|y| served[y * 52]).collect();
    assert!(
        yearly.windows(2).all(|w| w[1] > w[0]),
        "served each year {yearly:?}"
    );
    let binding = &r.summary.binding_weeks;
    assert!(binding.len() >= 3, "binding layers {binding:?}");
    // As it grows, what holds it back changes: early on adoption, later the supply.
    let years = stages(&r);
    assert!(years.iter().all(Option::is_some), "{years:?}");
    assert_eq!(years[0], Some(Layer::Users), "{years:?}");
    assert!(
        years[1..].iter().all(|&y| y != Some(Layer::Users)),
        "{years:?}"
    );
}

#[test]
fn models_nobody_uses_is_held_back_by_applications() {
    let r = run("models-nobody-uses", &[]);
    assert_eq!(
        r.bottleneck,
        Some(Layer::Applications),
        "{:?}",
        r.verdict.ranking.gains
    );
    assert!(margin(&r) > 3.0);
    every_stage_is(&r, Layer::Applications);
    // Plenty of models, idle: model utilization stays low.
    let models = &r.series.layers[Layer::Models.index()];
    assert!(models.utilization.iter().all(|&u| u < 0.5));
}

#[test]
fn apps_without_audience_is_held_back_by_users() {
    let r = run("apps-without-audience", &[]);
    assert_eq!(
        r.bottleneck,
        Some(Layer::Users),
        "{:?}",
        r.verdict.ranking.gains
    );
    assert!(margin(&r) > 3.0);
    every_stage_is(&r, Layer::Users);
    let apps = &r.series.layers[Layer::Applications.index()];
    assert!(apps.utilization.iter().all(|&u| u < 0.5), "apps were busy");
}

#[test]
fn hype_without_value_is_held_back_by_payments_and_the_supply_shrinks() {
    let r = run("hype-without-value", &[]);
    assert_eq!(
        r.bottleneck,
        Some(Layer::Payments),
        "{:?}",
        r.verdict.ranking.gains
    );
    assert!(margin(&r) > 3.0);
    every_stage_is(&r, Layer::Payments);
    let served = &r.series.served_requests;
    let (peak_at, peak) =
        served
            .iter()
            .enumerate()
            .fold((0, 0.0), |b, (i, &v)| if v > b.1 { (i, v) } else { b });
    assert!(
        peak_at > 10 && peak_at < 130,
        "served peaks at week {peak_at}"
    );
    assert!(
        *served.last().unwrap() < 0.5 * peak,
        "served does not fall after the peak"
    );
    let gpus = &r.series.layers[Layer::Compute.index()].stock;
    let most = gpus.iter().copied().fold(0.0, f64::max);
    assert!(*gpus.last().unwrap() < 0.5 * most, "GPUs do not shrink");
    let pool = &r.series.money.pool;
    assert!(
        *pool.last().unwrap() < 0.05 * pool[0],
        "incentives do not dry up"
    );
}

#[test]
fn verification_ignored_turns_on_how_much_users_care() {
    let careless = run("verification-ignored", &[]);
    assert!(
        !matches!(
            careless.bottleneck,
            Some(Layer::Verification | Layer::Trust)
        ),
        "bottleneck {:?} while users hardly care",
        careless.bottleneck
    );
    for gain in &careless.verdict.ranking.gains {
        if matches!(gain.layer, Layer::Verification | Layer::Trust) {
            assert!(gain.gain_percent.unwrap().abs() < 0.5, "{gain:?}");
        }
    }
    assert!(
        stages(&careless)
            .iter()
            .all(|y| !matches!(y, Some(Layer::Verification | Layer::Trust))),
        "{:?}",
        careless.stages
    );
    let caring = run("verification-ignored", &["trust.reliability_care=0.9"]);
    every_stage_is(&caring, Layer::Verification);
    assert!(
        matches!(caring.bottleneck, Some(Layer::Verification | Layer::Trust)),
        "bottleneck {:?} when users care",
        caring.bottleneck
    );
    assert!(margin(&caring) > 3.0);
}

#[test]
fn compute_crunch_is_held_back_by_compute() {
    let r = run("compute-crunch", &[]);
    assert_eq!(
        r.bottleneck,
        Some(Layer::Compute),
        "{:?}",
        r.verdict.ranking.gains
    );
    assert!(margin(&r) > 3.0);
    every_stage_is(&r, Layer::Compute);
    let compute = &r.series.layers[Layer::Compute.index()];
    let overloaded = compute.utilization.iter().filter(|&&u| u > 1.0).count();
    assert!(
        overloaded > 130,
        "compute overloaded only {overloaded} weeks"
    );
}

#[test]
fn both_integrators_agree_on_every_verdict() {
    for preset in PRESETS {
        let mut scenario = Scenario::from_preset(preset.id).unwrap();
        let rk4 = report(&scenario).unwrap().bottleneck;
        scenario.options.integrator = flywheel::model::integrate::Integrator::Euler;
        let euler = report(&scenario).unwrap().bottleneck;
        assert_eq!(rk4, euler, "{}", preset.id);
    }
}
