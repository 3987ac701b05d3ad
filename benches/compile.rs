//! Criterion benchmarks: check (parse, resolve, type-check, lint) and check + json emit of
//! generated modules of 100, 1,000 and 10,000 roles; check and the lints alone on 1,000 to
//! 20,000 managed policies attached to roles. See docs/benchmarks.md.
#[path = "gen/mod.rs"]
#[allow(dead_code, reason = "each benchmark uses some of the generators")]
mod generate;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use iamx::backend::{BuildOptions, json};
use iamx::driver;

fn opts() -> BuildOptions {
    BuildOptions {
        account: Some("111122223333".into()),
        region: Some("eu-west-1".into()),
        ..BuildOptions::default()
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("compile");
    g.sample_size(10);
    for n in [100usize, 1_000, 10_000] {
        let src = generate::module(n);
        let check = driver::compile_str("roles.iamx", &src);
        assert!(check.diags.is_empty(), "{:?}", check.diags.first());
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("check", n), &src, |b, src| {
            b.iter(|| driver::compile_str("roles.iamx", src).program.is_some());
        });
        g.bench_with_input(BenchmarkId::new("check+json", n), &src, |b, src| {
            b.iter(|| {
                let c = driver::compile_str("roles.iamx", src);
                json::emit(c.program.as_ref().unwrap(), &opts())
                    .unwrap()
                    .len()
            });
        });
    }
    g.finish();
    // The lints alone, on an already checked program: their share of `check`.
    let mut l = c.benchmark_group("lints");
    l.sample_size(10);
    for n in [1_000usize, 10_000] {
        let c = driver::compile_str("roles.iamx", &generate::module(n));
        let program = c.program.unwrap();
        l.throughput(Throughput::Elements(n as u64));
        l.bench_with_input(BenchmarkId::new("run", n), &program, |b, p| {
            b.iter(|| iamx::aws::lints::run(p).len())
        });
    }
    l.finish();
    // Many managed policies, each attached to a role: the lints look each policy's uses up.
    let mut m = c.benchmark_group("policies");
    m.sample_size(10);
    for n in [1_000usize, 10_000, 20_000] {
        let src = generate::policies(n);
        let check = driver::compile_str("policies.iamx", &src);
        assert!(check.program.is_some(), "{:?}", check.diags.first());
        m.throughput(Throughput::Elements(n as u64));
        m.bench_with_input(BenchmarkId::new("check", n), &src, |b, src| {
            b.iter(|| driver::compile_str("policies.iamx", src).program.is_some());
        });
        let program = check.program.unwrap();
        m.bench_with_input(BenchmarkId::new("lints", n), &program, |b, p| {
            b.iter(|| iamx::aws::lints::run(p).len())
        });
    }
    m.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
