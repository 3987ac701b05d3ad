//! Shared by the Google Cloud and Azure benchmarks (benches/gcp.rs, benches/azure.rs include it
//! with `#[path]`): checking a generated module and emitting it as Terraform, in one criterion
//! group over module sizes.
use criterion::{BenchmarkId, Criterion};
use iamx::backend::{self, Target};
use iamx::driver;

/// Check `src` and emit it as Terraform; the bytes written.
pub fn check_and_emit(src: &str) -> usize {
    let c = driver::compile_str("bench.iamx", src);
    let p = c.program.expect("the module compiles");
    let files = backend::Terraform
        .emit(&p, &backend::Options::default())
        .expect("terraform");
    files.files.iter().map(|f| f.contents.len()).sum()
}

/// The group `name`: `module(n)` (n holders of ten grants each) for 100 and 1,000 holders,
/// named by the number of grants, and `small` (one holder).
pub fn check_and_terraform(c: &mut Criterion, name: &str, module: fn(usize) -> String) {
    let mut g = c.benchmark_group(name);
    g.sample_size(10);
    for holders in [100usize, 1000] {
        let src = module(holders);
        g.bench_with_input(BenchmarkId::from_parameter(holders * 10), &src, |b, src| {
            b.iter(|| check_and_emit(src))
        });
    }
    let small = module(1);
    g.bench_function("small", |b| b.iter(|| check_and_emit(&small)));
    g.finish();
}
