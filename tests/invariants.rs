//! The model's invariants as property tests over the whole parameter space, range edges included.
#![cfg(not(target_arch = "wasm32"))]

use flywheel::analysis::verdict::verdict;
use flywheel::model::integrate::Integrator;
use flywheel::model::noise::Noise;
use flywheel::model::params::{Params, SPECS};
use flywheel::model::run::{simulate, Run};
use flywheel::model::{PERCEIVED_RELIABILITY, PERCEIVED_SERVICE};
use flywheel::{Layer, Scenario};
use proptest::prelude::*;

/// A value inside `min..=max`: often an edge, otherwise uniform or log-uniform.
fn value_in(min: f64, max: f64) -> BoxedStrategy<f64> {
    let mut choices = vec![
        (1, Just(min).boxed()),
        (1, Just(max).boxed()),
        (3, (min..=max).boxed()),
    ];
    if min > 0.0 {
        choices.push((
            3,
            (min.ln()..=max.ln())
                .prop_map(f64::exp)
                .prop_map(move |v| v.clamp(min, max))
                .boxed(),
        ));
    }
    proptest::strategy::Union::new_weighted(choices).boxed()
}

fn any_params() -> impl Strategy<Value = Params> {
    SPECS
        .iter()
        .map(|spec| value_in(spec.min, spec.max))
        .collect::<Vec<_>>()
        .prop_map(|values| {
            let mut params = Params::default();
            for (spec, value) in SPECS.iter().zip(values) {
                params.set(spec.param, value).unwrap();
            }
            params
        })
}

fn any_scenario() -> impl Strategy<Value = Scenario> {
    (
        any_params(),
        prop_oneof![Just(Integrator::Rk4), Just(Integrator::Euler)],
        prop_oneof![Just(1.0), Just(0.5), Just(0.25)],
        1u32..=260,
        proptest::option::of((0.0..=1.0f64, any::<u64>())),
    )
        .prop_map(|(params, integrator, step_weeks, weeks, noise)| {
            let mut scenario = Scenario {
                params,
                ..Scenario::default()
            };
            scenario.options.integrator = integrator;
            scenario.options.step_weeks = step_weeks;
            scenario.options.weeks = weeks;
            scenario.options.noise = noise.map(|(sigma, seed)| Noise { sigma, seed });
            scenario
        })
}

fn check_invariants(scenario: &Scenario, run: &Run) -> Result<(), TestCaseError> {
    let s = &run.series;
    let market = scenario
        .params
        .get(flywheel::model::params::Param::UsersMarket);
    for layer in &s.layers {
        let name = layer.layer.id();
        for (field, values) in layer.fields() {
            for (i, v) in values.iter().enumerate() {
                prop_assert!(v.is_finite() && *v >= 0.0, "{name}.{field}[{i}] = {v}");
            }
        }
    }
    for &users in &s.layers[Layer::Users.index()].stock {
        prop_assert!(users <= market, "users {users} above the market {market}");
    }
    for (name, shares) in [
        ("trust level", &s.trust_level),
        ("served fraction", &s.served_fraction),
    ] {
        for (i, v) in shares.iter().enumerate() {
            prop_assert!((0.0..=1.0).contains(v), "{name}[{i}] = {v}");
        }
    }
    for (name, index) in [
        ("perceived service", PERCEIVED_SERVICE),
        ("perceived reliability", PERCEIVED_RELIABILITY),
    ] {
        let v = run.final_state[index];
        prop_assert!((0.0..=1.0).contains(&v), "{name} at the end = {v}");
    }
    let m = &s.money;
    let others: [(&str, &[f64]); 2] = [
        ("loop gain", &s.loop_gain),
        ("paid requests", &s.paid_requests),
    ];
    for (name, values) in m.fields().into_iter().chain(others) {
        for (i, v) in values.iter().enumerate() {
            prop_assert!(v.is_finite() && *v >= 0.0, "{name}[{i}] = {v}");
        }
    }
    // Money is conserved at every record, not only at the end.
    let initial_pool = m.pool[0];
    for i in 0..s.week.len() {
        let came_in = initial_pool + m.cumulative_payments[i];
        let went = m.cumulative_payouts[i] + m.pool[i] + m.cumulative_protocol[i];
        prop_assert!(
            (came_in - went).abs() <= 1e-9 * came_in.max(1.0),
            "money out of balance at record {i}: in {came_in}, out {went}"
        );
        let split = m.payouts_compute[i]
            + m.payouts_models[i]
            + m.payouts_applications[i]
            + m.payouts_verification[i];
        prop_assert!((split - m.payouts[i]).abs() <= 1e-9 * m.payouts[i].max(1.0));
    }
    prop_assert!(run.money_residual() <= 1e-9);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn every_run_keeps_the_invariants(scenario in any_scenario()) {
        let run = simulate(&scenario).unwrap();
        check_invariants(&scenario, &run)?;
    }

    #[test]
    fn every_verdict_is_finite(scenario in any_scenario()) {
        let v = verdict(&scenario).unwrap();
        let rankings = std::iter::once(&v.ranking).chain(v.stages.iter().map(|s| &s.ranking));
        for ranking in rankings {
            prop_assert!(ranking.baseline_goal.is_finite() && ranking.baseline_goal >= 0.0);
            for gain in &ranking.gains {
                prop_assert!(gain.goal.is_finite() && gain.gain.is_finite(), "{:?}", gain);
                prop_assert!(gain.gain_percent.is_none_or(f64::is_finite), "{:?}", gain);
            }
            // A bottleneck is named exactly when a relief raises the goal; otherwise a note says why.
            prop_assert_eq!(ranking.bottleneck.is_none(), ranking.note.is_some() && ranking.tied.is_empty());
        }
    }
}

#[test]
fn every_corner_of_the_parameter_space_keeps_the_invariants() {
    // All parameters at their minimum, all at their maximum, and alternating, under both integrators.
    let corners: [fn(usize) -> bool; 4] = [|_| false, |_| true, |i| i % 2 == 0, |i| i % 2 == 1];
    for pick_max in corners {
        for integrator in [Integrator::Euler, Integrator::Rk4] {
            let mut scenario = Scenario::default();
            for (i, spec) in SPECS.iter().enumerate() {
                let value = if pick_max(i) { spec.max } else { spec.min };
                scenario.params.set(spec.param, value).unwrap();
            }
            scenario.options.integrator = integrator;
            let run = simulate(&scenario).unwrap();
            check_invariants(&scenario, &run).unwrap();
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_run_and_another_seed_another() {
    let noisy = |seed| {
        let mut scenario = Scenario::from_preset("healthy").unwrap();
        scenario.options.noise = Some(Noise { sigma: 0.2, seed });
        simulate(&scenario).unwrap().series
    };
    assert_eq!(noisy(7), noisy(7));
    assert_ne!(noisy(7).served_requests, noisy(8).served_requests);
    let quiet = simulate(&Scenario::from_preset("healthy").unwrap())
        .unwrap()
        .series;
    assert_ne!(noisy(7).served_requests, quiet.served_requests);
}

#[test]
fn noise_is_off_by_default_and_a_zero_sigma_changes_nothing() {
    let mut scenario = Scenario::default();
    assert_eq!(scenario.options.noise, None);
    let quiet = simulate(&scenario).unwrap().series;
    scenario.options.noise = Some(Noise {
        sigma: 0.0,
        seed: 99,
    });
    assert_eq!(simulate(&scenario).unwrap().series, quiet);
}

#[test]
fn weekly_noise_has_mean_one_and_the_asked_spread() {
    let factors = Noise {
        sigma: 0.3,
        seed: 1,
    }
    .weekly_factors(20_000);
    let n = factors.len() as f64;
    let mean = factors.iter().sum::<f64>() / n;
    let logs: Vec<f64> = factors.iter().map(|f| f.ln()).collect();
    let log_mean = logs.iter().sum::<f64>() / n;
    let log_sd = (logs.iter().map(|l| (l - log_mean).powi(2)).sum::<f64>() / n).sqrt();
    // Standard errors at n = 20,000: about 0.0022 for the mean, 0.0015 for the spread.
    assert!((mean - 1.0).abs() < 0.01, "mean {mean}");
    assert!((log_sd - 0.3).abs() < 0.01, "log spread {log_sd}");
}

#[test]
fn a_rerun_in_a_used_run_equals_a_fresh_run_and_a_bad_option_changes_nothing() {
    let crunch = Scenario::from_preset("compute-crunch").unwrap();
    let mut short = Scenario::from_preset("hype-without-value").unwrap();
    short.options.weeks = 52;
    let mut run = simulate(&Scenario::default()).unwrap();
    for scenario in [&crunch, &short, &crunch] {
        run.rerun(scenario).unwrap();
        let fresh = simulate(scenario).unwrap();
        assert_eq!(run.series, fresh.series);
        assert_eq!(run.final_state, fresh.final_state);
        assert_eq!(run.money_residual(), fresh.money_residual());
    }
    let before = run.series.clone();
    let mut bad = crunch.clone();
    bad.options.step_weeks = 0.3;
    assert!(run.rerun(&bad).is_err());
    assert_eq!(run.series, before);
}
