//! Criterion benchmark of the formatter: `iamx::fmt::format` (parse, lay out, print, then parse
//! the output again and compare) on generated modules of 100, 1,000 and 10,000 roles, beside
//! `parser::parse` alone, since the formatter's soundness check parses twice. See
//! docs/benchmarks.md.
#[path = "gen/mod.rs"]
#[allow(
    dead_code,
    reason = "the formatter is measured on the roles module only"
)]
mod generate;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("fmt");
    g.sample_size(10);
    for n in [100usize, 1_000, 10_000] {
        let src = generate::module(n);
        let formatted = iamx::fmt::format(&src, 0).expect("the generated module formats");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("format", n), &src, |b, src| {
            b.iter(|| iamx::fmt::format(src, 0).map(|s| s.len()).ok());
        });
        g.bench_with_input(
            BenchmarkId::new("already_formatted", n),
            &formatted,
            |b, src| {
                b.iter(|| iamx::fmt::format(src, 0).map(|s| s.len()).ok());
            },
        );
        g.bench_with_input(BenchmarkId::new("parse", n), &src, |b, src| {
            b.iter(|| iamx::parser::parse(src, 0).0.decls.len());
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
