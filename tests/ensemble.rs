//! The ensemble: the same bytes for any threads and shards, odds that add up, bands in order,
//! and a rule that finds the one parameter that decides the bottleneck.

use flywheel::analysis::ensemble::{
    merge, report, shard, tally, Part, Plan, Tally, Verdicts, LABELS,
};
use flywheel::analysis::verdict::whole_run_verdict;
use flywheel::model::params::Param;
use flywheel::{Layer, Scenario};

fn plan(preset: &str, runs: u64, verdicts: Verdicts) -> Plan {
    Plan::new(
        &Scenario::from_preset(preset).unwrap(),
        0.25,
        runs,
        7,
        verdicts,
    )
    .unwrap()
}

fn json(plan: &Plan, tally: &Tally) -> String {
    report(plan, tally).unwrap().to_json()
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_any_number_of_threads() {
    let plan = plan("healthy", 48, Verdicts::Stages);
    let one = json(&plan, &tally(&plan, 0..48, 1).unwrap());
    for threads in [2, 3, 5] {
        assert_eq!(
            one,
            json(&plan, &tally(&plan, 0..48, threads).unwrap()),
            "{threads} threads"
        );
    }
    let mut other = plan.clone();
    other.seed = 8;
    assert_ne!(one, json(&other, &tally(&other, 0..48, 2).unwrap()));
}

#[test]
fn shards_merged_in_any_order_give_the_unsharded_bytes() {
    let plan = plan("hype-without-value", 50, Verdicts::Whole);
    let whole = json(&plan, &tally(&plan, 0..50, 2).unwrap());
    let n = 4;
    let mut parts: Vec<(String, Part)> = (1..=n)
        .map(|k| {
            let tally = tally(&plan, shard(50, k, n), 1).unwrap().trimmed();
            let part = Part {
                flywheel_ensemble_part: 1,
                shard: k,
                shards: n,
                plan: plan.clone(),
                tally,
            };
            // Through the file format and back, as `merge` reads it.
            let name = format!("part{k}.json");
            let read = Part::read(&name, &part.to_json()).unwrap();
            (name, read)
        })
        .collect();
    assert_eq!(
        parts[0].1.plan, plan,
        "a part read back keeps its plan bit for bit"
    );
    parts.reverse();
    parts.swap(0, 2);
    let (merged_plan, merged) = merge(&parts).unwrap();
    assert_eq!(whole, json(&merged_plan, &merged));

    let missing = merge(&parts[1..]).unwrap_err().to_string();
    assert!(missing.contains("is missing"), "{missing}");
    let mut twice = parts.clone();
    twice[1] = twice[0].clone();
    let twice = merge(&twice).unwrap_err().to_string();
    assert!(twice.contains("given twice"), "{twice}");
    let mut foreign = parts.clone();
    foreign[0].1.plan.seed += 1;
    let foreign = merge(&foreign).unwrap_err().to_string();
    assert!(foreign.contains("another ensemble"), "{foreign}");
}

#[test]
fn shards_cover_every_run_once() {
    for (runs, n) in [(10, 3), (7, 7), (1000, 6), (5, 1)] {
        let mut next = 0;
        for k in 1..=n {
            let range = shard(runs, k, n);
            assert_eq!(range.start, next);
            next = range.end;
        }
        assert_eq!(next, runs);
    }
}

#[test]
fn odds_add_up_to_one_and_bands_are_in_order() {
    let plan = plan("verification-ignored", 40, Verdicts::Stages);
    let tally = tally(&plan, 0..40, 2).unwrap();
    let report = report(&plan, &tally).unwrap();
    let sum =
        |odds: &[flywheel::analysis::ensemble::Odds]| odds.iter().map(|o| o.share).sum::<f64>();
    assert!((sum(report.bottleneck_odds.as_ref().unwrap()) - 1.0).abs() < 1e-12);
    assert_eq!(report.stages.len(), 5);
    for stage in &report.stages {
        assert!((sum(&stage.odds) - 1.0).abs() < 1e-12);
        assert_eq!(stage.odds.iter().map(|o| o.runs).sum::<u64>(), 40);
    }
    for w in 0..report.week.len() {
        let binds: f64 = report.binding_odds.iter().map(|(_, s)| s[w]).sum();
        assert!((binds - 1.0).abs() < 1e-12, "week {w}: {binds}");
    }
    for band in &report.bands {
        for w in 0..report.week.len() {
            let ps = [
                band.p5[w],
                band.p25[w],
                band.p50[w],
                band.p75[w],
                band.p95[w],
            ];
            let ps: Vec<f64> = ps.iter().map(|p| p.unwrap()).collect();
            assert!(
                ps.windows(2).all(|p| p[0] <= p[1]),
                "{} week {w}: {ps:?}",
                band.metric
            );
        }
    }
    let g = &report.goal;
    assert!(g.p5 <= g.p50 && g.p50 <= g.p95);
    assert_eq!(g.histogram.iter().map(|b| b.runs).sum::<u64>(), 40);
    // The tornado is sorted by swing and has every uncertain parameter.
    assert_eq!(report.tornado.len(), plan.uncertain().len());
    assert!(report.tornado.windows(2).all(|t| t[0].swing >= t[1].swing));
}

#[test]
fn the_median_band_is_near_the_runs_at_the_scenario_values() {
    // With no spread at all every run is the scenario's own run: the bands collapse onto it.
    let scenario = Scenario::from_preset("healthy").unwrap();
    let plan = Plan::new(&scenario, 0.0, 5, 1, Verdicts::Whole).unwrap();
    let report = report(&plan, &tally(&plan, 0..5, 1).unwrap()).unwrap();
    let run = flywheel::model::run::simulate(&scenario).unwrap();
    for (w, &served) in run.series.served_requests.iter().enumerate() {
        let band = &report.bands[0];
        let (lo, hi) = (band.p5[w].unwrap(), band.p95[w].unwrap());
        assert_eq!(lo, hi);
        assert!(
            (lo / served - 1.0).abs() < 1.0 / 256.0 + 1e-12,
            "week {w}: {lo} vs {served}"
        );
    }
    let expected = whole_run_verdict(&scenario).unwrap().bottleneck().unwrap();
    assert_eq!(report.most_likely, Some(expected.id()));
    assert!(report.tornado.is_empty() && report.rules.is_empty());
}

/// The value of `param` at which the bottleneck stops being `layer`, by bisection, with
/// everything else at the preset's values.
fn threshold(scenario: &Scenario, param: Param, lo: f64, hi: f64, layer: Layer) -> f64 {
    let is = |value: f64| {
        let mut s = scenario.clone();
        s.params.set(param, value).unwrap();
        whole_run_verdict(&s).unwrap().bottleneck() == Some(layer)
    };
    assert!(is(lo) && !is(hi), "the layer must switch inside the range");
    let (mut a, mut b) = (lo, hi);
    for _ in 0..40 {
        let m = (a * b).sqrt();
        if is(m) {
            a = m;
        } else {
            b = m;
        }
    }
    a
}

#[test]
fn the_rule_names_the_one_parameter_that_decides_and_its_threshold() {
    // Only GPU throughput varies: below some value compute is the bottleneck, above it another
    // layer is. The rule for compute must be that parameter with a threshold near the true one.
    let scenario = Scenario::from_preset("healthy").unwrap();
    let (lo, hi) = (4_000.0, 160_000.0);
    let truth = threshold(
        &scenario,
        Param::ComputeRequestsPerGpu,
        lo,
        hi,
        Layer::Compute,
    );
    let mut plan = Plan::new(&scenario, 0.0, 400, 3, Verdicts::Whole).unwrap();
    plan.vary(&format!("compute.requests_per_gpu={lo}:{hi}"))
        .unwrap();
    // A second parameter varies too, but has no say over this switch.
    plan.vary("trust.initial=0.2:0.8").unwrap();
    let tally = tally(&plan, 0..400, 2).unwrap();
    let report = report(&plan, &tally).unwrap();
    let rule = report
        .rules
        .iter()
        .find(|r| r.layer == "compute")
        .expect("a rule for compute");
    assert_eq!(rule.conditions.len(), 1, "{}", rule.text);
    let c = &rule.conditions[0];
    assert_eq!(
        (c.id, c.op),
        ("compute.requests_per_gpu", "<"),
        "{}",
        rule.text
    );
    // One fine bin of the log range is a factor of 40^(1/32) ≈ 1.12.
    let ratio = c.value / truth;
    assert!(
        (1.0 / 1.13..1.13).contains(&ratio),
        "{} vs the true {truth}",
        rule.text
    );
    assert!(rule.density > 0.95 && rule.coverage > 0.95, "{}", rule.text);
    assert!(
        rule.text.starts_with("compute is the bottleneck in "),
        "{}",
        rule.text
    );
}

#[test]
fn ranges_follow_the_sliders_and_vary_checks_its_input() {
    let mut plan = plan("healthy", 10, Verdicts::None);
    let gpus = &plan.params[0];
    assert_eq!((gpus.lo, gpus.hi, gpus.log), (1600.0, 2500.0, true));
    for bad in [
        "compute.requests_per_gpu",
        "compute.requests_per_gpu=5",
        "compute.requests_per_gpu=9:3000",
        "compute.requests_per_gpu=1e3:1e9",
        "nowhere.param=1:2",
        "compute.requests_per_gpu=NaN:2000",
    ] {
        let message = plan.vary(bad).unwrap_err().to_string();
        assert!(
            !message.is_empty() && message.len() < 300,
            "{bad}: {message}"
        );
    }
    plan.vary("compute.requests_per_gpu=5000:5000").unwrap();
    assert!(!plan.params[1].varies());
    assert!(Plan::new(&Scenario::default(), -1.0, 10, 1, Verdicts::None).is_err());
    assert!(Plan::new(&Scenario::default(), 0.2, 0, 1, Verdicts::None).is_err());
}

#[test]
fn hostile_parts_are_refused_with_a_reason() {
    let plan = plan("healthy", 4, Verdicts::Whole);
    let part = Part {
        flywheel_ensemble_part: 1,
        shard: 1,
        shards: 2,
        plan: plan.clone(),
        tally: tally(&plan, shard(4, 1, 2), 1).unwrap().trimmed(),
    };
    let good = part.to_json();
    assert!(Part::read("ok", &good).is_ok());
    let cases = [
        ("not json", "{".to_string()),
        (
            "wrong version",
            good.replacen(
                "\"flywheel_ensemble_part\":1",
                "\"flywheel_ensemble_part\":9",
                1,
            ),
        ),
        (
            "shard 3 of 2",
            good.replacen("\"shard\":1", "\"shard\":3", 1),
        ),
        (
            "wrong run count",
            good.replacen("\"runs\":2", "\"runs\":3", 1),
        ),
        (
            "a value out of range",
            good.replacen("\"value\":2000.0", "\"value\":-5.0", 1),
        ),
    ];
    for (what, text) in cases {
        assert_ne!(text, good, "{what}: the case must change the part");
        let message = Part::read("p.json", &text).unwrap_err().to_string();
        assert!(
            message.starts_with("ensemble part p.json:"),
            "{what}: {message}"
        );
        assert!(message.len() < 400, "{what}: {message}");
    }
    let mut shapes = part.clone();
    shapes.tally.binding.pop();
    assert!(Part::read("p", &shapes.to_json()).is_err());
    let mut labels = part;
    labels.tally.bottleneck.truncate(LABELS - 1);
    assert!(Part::read("p", &labels.to_json()).is_err());
}

#[test]
fn a_layer_that_is_always_the_bottleneck_gets_no_made_up_rule() {
    let plan = plan("hype-without-value", 60, Verdicts::Whole);
    let report = report(&plan, &tally(&plan, 0..60, 2).unwrap()).unwrap();
    assert_eq!(report.most_likely, Some("payments"));
    let rule = report.rules.iter().find(|r| r.layer == "payments").unwrap();
    assert!(rule.conditions.is_empty(), "{}", rule.text);
    assert!(rule.text.contains("of all futures"), "{}", rule.text);
}

#[test]
fn a_tally_goes_through_bytes_and_back_and_broken_bytes_are_refused() {
    let plan = plan("healthy", 12, Verdicts::Stages);
    let tally = tally(&plan, 0..12, 1).unwrap().trimmed();
    let bytes = tally.to_bytes();
    assert_eq!(Tally::from_bytes(&plan, &bytes).unwrap(), tally);
    for cut in [0, 3, 20, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            Tally::from_bytes(&plan, &bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(Tally::from_bytes(&plan, &longer).is_err());
    let other = Plan::new(
        &Scenario::from_preset("healthy").unwrap(),
        0.25,
        12,
        7,
        Verdicts::Whole,
    )
    .unwrap();
    assert!(
        Tally::from_bytes(&other, &bytes).is_err(),
        "a tally of another shape"
    );
    // A count length that claims more than the bytes hold is refused, not allocated.
    let mut lying = bytes;
    let at = 4 + 8 + 8 + LABELS * 8;
    lying[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(Tally::from_bytes(&plan, &lying).is_err());
}

#[test]
fn a_page_study_filled_by_workers_reports_what_the_cli_does() {
    use flywheel::facade::study::{Ask, Study};
    let settings = vec!["users.word_of_mouth=1.2".to_string()];
    let vary = vec!["payments.paying_share=0.02:0.2".to_string()];
    let ask = Ask {
        preset: "healthy",
        settings: &settings,
        goal: flywheel::model::scenario::Goal::Paid,
        spread: 0.25,
        runs: 20,
        seed: 5,
        vary: &vary,
        verdicts: Verdicts::Whole,
    };
    let mut page = Study::new(&ask).unwrap();
    let worker = Study::new(&ask).unwrap();
    assert_eq!(page.counted(), 0);
    assert_eq!(page.add(&worker.work(12, 20).unwrap()).unwrap(), 8);
    // Rules wait for every run: a page redraws often while runs stream in.
    assert!(page.report().rules.is_empty());
    assert_eq!(page.report().runs, 8);
    assert_eq!(page.add(&worker.work(0, 12).unwrap()).unwrap(), 20);
    page.set_tornado(worker.tornado().unwrap());
    let mut scenario = Scenario::from_preset("healthy").unwrap();
    scenario.apply(["users.word_of_mouth=1.2"]).unwrap();
    let mut plan = Plan::new(&scenario, 0.25, 20, 5, Verdicts::Whole).unwrap();
    plan.vary("payments.paying_share=0.02:0.2").unwrap();
    let cli = report(&plan, &tally(&plan, 0..20, 2).unwrap()).unwrap();
    assert_eq!(page.report().to_json(), cli.to_json());
    // A worker's bytes sent twice would count runs the plan does not have.
    let again = page
        .add(&worker.work(0, 12).unwrap())
        .unwrap_err()
        .to_string();
    assert!(again.contains("would count 32 runs of 20"), "{again}");
    assert!(page.add(b"FWT1 and then nonsense").is_err());
    assert_eq!(page.counted(), 20);
    let too_many = Study::new(&Ask {
        runs: 1_000_000,
        ..ask.clone()
    })
    .unwrap_err()
    .to_string();
    assert!(too_many.contains("1 to 100000"), "{too_many}");
}

#[test]
fn a_glance_at_a_run_is_its_series_exactly() {
    use flywheel::model::run::{glance, simulate};
    for preset in ["healthy", "hype-without-value", "verification-ignored"] {
        let mut scenario = Scenario::from_preset(preset).unwrap();
        scenario.options.step_weeks = 0.5;
        scenario.options.weeks = 60;
        let run = simulate(&scenario).unwrap();
        let s = &run.series;
        let mut n = 0;
        let end = glance(&scenario, |k, g| {
            assert_eq!(g.served, s.served_requests[k], "{preset} {k}");
            assert_eq!(g.paid, s.paid_requests[k]);
            assert_eq!(g.users, s.layers[Layer::Users.index()].stock[k]);
            assert_eq!(g.pool, s.money.pool[k]);
            assert_eq!(g.loop_gain.to_bits(), s.loop_gain[k].to_bits());
            assert_eq!(g.binding, s.binding[k]);
            n += 1;
        })
        .unwrap();
        assert_eq!(n, s.week.len());
        assert_eq!(end, run.final_state);
    }
}

#[test]
fn half_week_steps_give_a_record_per_step_and_years_as_the_verdict_counts_them() {
    let mut scenario = Scenario::from_preset("healthy").unwrap();
    scenario.options.step_weeks = 0.5;
    scenario.options.weeks = 120;
    let plan = Plan::new(&scenario, 0.2, 6, 2, Verdicts::Stages).unwrap();
    let report = report(&plan, &tally(&plan, 0..6, 1).unwrap()).unwrap();
    assert_eq!(report.week.len(), 241);
    assert_eq!(report.week[240], 120.0);
    let years: Vec<(f64, f64)> = report
        .stages
        .iter()
        .map(|s| (s.from_week, s.to_week))
        .collect();
    assert_eq!(years, [(0.0, 52.0), (52.0, 104.0), (104.0, 120.0)]);
    let judged = flywheel::analysis::verdict::verdict(&scenario).unwrap();
    let weeks: Vec<(f64, f64)> = judged
        .stages
        .iter()
        .map(|s| (s.from_week, s.to_week))
        .collect();
    assert_eq!(years, weeks);
}
