//! Criterion benchmarks: one default run (5 years, weekly, RK4) and the verdict of that scenario.

use criterion::{criterion_group, criterion_main, Criterion};
use flywheel::run::simulate;
use flywheel::verdict::verdict;
use flywheel::Scenario;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let scenario = Scenario::default();
    c.bench_function("run: default scenario, 260 weeks, rk4", |b| {
        b.iter(|| simulate(black_box(&scenario)))
    });
    c.bench_function("verdict: default scenario (9 runs)", |b| {
        b.iter(|| verdict(black_box(&scenario)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
