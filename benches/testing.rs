//! Criterion benchmarks of `iamx test` (docs/benchmarks.md): a module of 1,000 roles with 10,000
//! expectations (checked, then the world built and every expectation evaluated), and permission
//! snapshots of 10,000 roles (computed and written to a sink, as the CLI streams them to a file).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benchmark code"
)]

#[path = "gen/mod.rs"]
#[allow(dead_code, reason = "each benchmark uses some of the generators")]
mod generate;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iamx::driver;
use iamx::testing::perms::{self, build::Expander};
use iamx::testing::{Values, World, run};

fn values() -> Values {
    Values {
        account: Some("111122223333".into()),
        region: Some("eu-west-1".into()),
        ..Values::default()
    }
}

fn expectations(c: &mut Criterion) {
    let src = generate::tested(1000);
    let compiled = driver::compile_str("roles.iamx", &src);
    let program = compiled.program.as_ref().unwrap();
    let v = values();
    let mut g = c.benchmark_group("test");
    g.sample_size(20);
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("check+run 1000 roles, 10000 expectations", |b| {
        b.iter(|| {
            let c = driver::compile_str("roles.iamx", &src);
            let p = c.program.as_ref().unwrap();
            let r = v.resolver(p);
            let mut w = World::new(p, &r);
            let rep = run::run(p, &mut w, &r).unwrap();
            assert!(rep.diags.is_empty());
        })
    });
    g.bench_function("run 1000 roles, 10000 expectations", |b| {
        b.iter(|| {
            let r = v.resolver(program);
            let mut w = World::new(program, &r);
            let rep = run::run(program, &mut w, &r).unwrap();
            assert!(rep.diags.is_empty());
        })
    });
    g.finish();
}

fn snapshots(c: &mut Criterion) {
    let compiled = driver::compile_str("roles.iamx", &generate::module(10_000));
    let program = compiled.program.as_ref().unwrap();
    let v = values();
    let r = v.resolver(program);
    let mut g = c.benchmark_group("snapshot");
    g.sample_size(10);
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("world+perms+write 10000 roles", |b| {
        b.iter(|| {
            let mut w = World::new(program, &r);
            let entities = w.entities();
            let mut x = Expander::default();
            let mut set = perms::Principals {
                world: &mut w,
                x: &mut x,
                entities: &entities,
            };
            perms::write(&mut std::io::sink(), &v.describe(), &mut set).unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, expectations, snapshots);
criterion_main!(benches);
