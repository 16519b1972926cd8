//! Criterion benchmarks: one default run (5 years, weekly, RK4), into fresh memory and into the
//! memory of a previous run; the whole-run verdict alone (nine runs); the verdict with its five
//! yearly stages; and everything a page recomputes when a slider moves (run, verdict, stages
//! and summary).

use criterion::{criterion_group, criterion_main, Criterion};
use flywheel::analysis::verdict::{verdict, whole_run_verdict};
use flywheel::facade::live::Live;
use flywheel::model::run::{simulate, Run};
use flywheel::model::scenario::Goal;
use flywheel::Scenario;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let scenario = Scenario::default();
    c.bench_function("run: default scenario, 260 weeks, rk4", |b| {
        b.iter(|| simulate(black_box(&scenario)))
    });
    let mut run = Run::empty();
    c.bench_function(
        "rerun: default scenario, 260 weeks, rk4, reusing a run's memory",
        |b| b.iter(|| run.rerun(black_box(&scenario))),
    );
    c.bench_function("verdict: whole run only (9 runs)", |b| {
        b.iter(|| whole_run_verdict(black_box(&scenario)))
    });
    c.bench_function("verdict: whole run and five yearly stages", |b| {
        b.iter(|| verdict(black_box(&scenario)))
    });
    let mut live = Live::new("healthy", [], Goal::Paid).unwrap_or_else(|e| panic!("{e}"));
    c.bench_function("slider move: rerun, verdict, stages and summary", |b| {
        b.iter(|| {
            live.update(
                black_box("healthy"),
                ["users.word_of_mouth=0.6"],
                Goal::Paid,
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
