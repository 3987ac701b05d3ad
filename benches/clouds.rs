//! Criterion benchmarks of the Google Cloud and Azure catalogs: a first load (inflate + index,
//! what the first `target gcp`/`target azure` fact costs a process), the inflation alone, and
//! the lookups the checker, lints and language server make. See docs/benchmarks.md.
use criterion::{Criterion, criterion_group, criterion_main};
use iamx::azure::catalog::{self as az, AzureCatalog, Plane};
use iamx::gcp::catalog::{self as gcp, GcpCatalog};
use iamx::packed;
use std::hint::black_box;

static GCP: &[u8] = include_bytes!("../stdlib/catalog/gcp/gcp-catalog.txt.zz");
static AZURE: &[u8] = include_bytes!("../stdlib/catalog/azure/azure-catalog.txt.zz");

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("first_load");
    g.sample_size(50);
    g.bench_function("gcp", |b| {
        b.iter(|| GcpCatalog::embedded().unwrap().roles().len())
    });
    g.bench_function("azure", |b| {
        b.iter(|| AzureCatalog::embedded().unwrap().roles().len())
    });
    g.bench_function("gcp_inflate_only", |b| {
        b.iter(|| packed::inflate("gcp", black_box(GCP)).unwrap().len())
    });
    g.bench_function("azure_inflate_only", |b| {
        b.iter(|| packed::inflate("azure", black_box(AZURE)).unwrap().len())
    });
    // A first load plus what checking a small deploy module asks: two roles' permissions.
    g.bench_function("gcp_plus_two_roles", |b| {
        b.iter(|| {
            let c = GcpCatalog::embedded().unwrap();
            let a = c.role("roles/run.developer").unwrap().permission_count();
            a + c
                .role("roles/artifactregistry.writer")
                .unwrap()
                .permission_count()
        })
    });
    g.finish();
}

fn lookups(c: &mut Criterion) {
    let gc = gcp::catalog().unwrap();
    let ac = az::catalog().unwrap();
    let mut g = c.benchmark_group("lookup");
    g.bench_function("gcp_permission", |b| {
        b.iter(|| gc.is_permission(black_box("run.services.update")))
    });
    g.bench_function("gcp_role_has_permission", |b| {
        let owner = gc.role("roles/owner").unwrap();
        b.iter(|| owner.has_permission(black_box("storage.objects.get")))
    });
    g.bench_function("gcp_suggest_permission", |b| {
        b.iter(|| gc.suggest_permission(black_box("storage.objects.gett")))
    });
    g.bench_function("gcp_suggest_role", |b| {
        b.iter(|| gc.suggest_role(black_box("roles/run.develper")))
    });
    g.bench_function("azure_operation", |b| {
        b.iter(|| ac.operation(black_box("microsoft.storage/storageaccounts/read")))
    });
    g.bench_function("azure_match_provider_wildcard", |b| {
        b.iter(|| {
            ac.matching(black_box("Microsoft.Storage/*/read"), Plane::Control)
                .len()
        })
    });
    g.bench_function("azure_match_any_provider", |b| {
        b.iter(|| ac.matching(black_box("*/read"), Plane::Control).len())
    });
    g.bench_function("azure_suggest_operation", |b| {
        b.iter(|| ac.suggest_operation(black_box("Microsoft.Storage/storageAccounts/raed")))
    });
    g.bench_function("azure_role_grants", |b| {
        let contributor = ac.role_by_name("Contributor").unwrap();
        b.iter(|| {
            contributor.grants(
                black_box("Microsoft.Authorization/roleAssignments/write"),
                Plane::Control,
            )
        })
    });
    g.finish();
}

criterion_group!(benches, load, lookups);
criterion_main!(benches);
