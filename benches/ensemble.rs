//! Criterion benchmarks of the ensemble's throughput, each beside the single run it is
//! measured against in the same process: one default rerun; 4,096 runs without verdicts on one
//! thread and on every core (enough runs that setting up and merging each thread's counts, a
//! few milliseconds, does not hide the runs); 32 runs with their whole-run and yearly verdicts.
//! The throughput budget (issue "most likely"): runs per second without verdicts of at least
//! 0.9 × cores ÷ (one run's time).

use criterion::{criterion_group, criterion_main, Criterion};
use flywheel::analysis::ensemble::{tally, Plan, Verdicts};
use flywheel::model::run::Run;
use flywheel::Scenario;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let scenario = Scenario::from_preset("healthy").unwrap_or_else(|e| panic!("{e}"));
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut run = Run::empty();
    c.bench_function("single: healthy rerun, 260 weeks, rk4", |b| {
        b.iter(|| run.rerun(black_box(&scenario)))
    });
    let runs = 4096;
    let plan =
        Plan::new(&scenario, 0.25, runs, 1, Verdicts::None).unwrap_or_else(|e| panic!("{e}"));
    c.bench_function("ensemble: 4096 runs, no verdicts, 1 thread", |b| {
        b.iter(|| tally(black_box(&plan), 0..runs, 1))
    });
    c.bench_function(
        &format!("ensemble: 4096 runs, no verdicts, {cores} threads"),
        |b| b.iter(|| tally(black_box(&plan), 0..runs, cores)),
    );
    let judged =
        Plan::new(&scenario, 0.25, 32, 1, Verdicts::Stages).unwrap_or_else(|e| panic!("{e}"));
    c.bench_function(
        &format!("ensemble: 32 runs, verdicts and stages, {cores} threads"),
        |b| b.iter(|| tally(black_box(&judged), 0..32, cores)),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
