//! Criterion benchmarks: one default run (5 years, weekly, RK4), into fresh memory and into the
//! memory of a previous run (what the page does on every change), and the verdict of that scenario.

use criterion::{criterion_group, criterion_main, Criterion};
use flywheel::run::{simulate, Run};
use flywheel::verdict::verdict;
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
    c.bench_function("verdict: default scenario (9 runs)", |b| {
        b.iter(|| verdict(black_box(&scenario)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
