//! Criterion benchmarks of Azure modules: checking and emitting a module of N managed
//! identities with ten grants each (built-in roles on every scope kind, a role definition, an
//! ABAC condition) and a federated credential as Terraform, from 1,000 to 10,000 grants, and a
//! small module; and checking 20,000 federated credentials (1,000 identities of 20), which
//! was quadratic before the checks looked credentials up in maps. See docs/benchmarks.md
//! ("Azure modules").
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use iamx::driver;

#[path = "support/terraform.rs"]
mod terraform;

#[path = "../tests/it/common/azure_gen.rs"]
mod azure_gen;

/// A `target azure` module with `identities` managed identities of ten grants each.
pub fn module(identities: usize) -> String {
    let mut s = String::from(
        "target azure\nparam sub: SubscriptionId = \"6f1c2a4e-3b5d-4c7e-9f80-a1b2c3d4e5f6\"\n\
         param rg: String = \"apps\"\n\
         role_definition restarter {\n  actions = [Microsoft.App/containerApps/read, Microsoft.App/containerApps/revisions/restart/action]\n  assignable_scopes = [resource_group(sub, rg)]\n}\n",
    );
    for i in 0..identities {
        s.push_str(&format!(
            "managed_identity id{i} {{\n  name = \"identity-{i}\"\n  resource_group = rg\n  location = \"westeurope\"\n\
             \x20 trust github subject \"repo:acme/app{i}:environment:production\"\n\
             \x20 grant builtin(\"AcrPush\") on acr.registry(sub, rg, \"reg{i}\")\n\
             \x20 grant builtin(\"AcrPull\") on acr.registry(sub, rg, \"shared\")\n\
             \x20 grant builtin(\"Container Apps Contributor\") on container_app(sub, rg, \"app{i}\")\n\
             \x20 grant restarter on container_app(sub, rg, \"app{i}\")\n\
             \x20 grant builtin(\"Key Vault Secrets User\") on key_vault(sub, rg, \"kv{i}\")\n\
             \x20 grant builtin(\"Storage Blob Data Reader\") on storage_account(sub, rg, \"st{i}\")\n\
             \x20 grant builtin(\"Storage Blob Data Contributor\") on storage_account(sub, rg, \"out{i}\")\n\
             \x20   when abac \"((!(ActionMatches{{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'}})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'c{i}'))\"\n\
             \x20 grant builtin(\"Reader\") on resource_group(sub, rg)\n\
             \x20 grant builtin(\"Monitoring Metrics Publisher\") on resource_group(sub, rg)\n\
             \x20 grant builtin(\"Reader\") on \"/subscriptions/6f1c2a4e-3b5d-4c7e-9f80-a1b2c3d4e5f6/resourceGroups/apps/providers/Microsoft.Storage/storageAccounts/logs{i}\"\n}}\n"
        ));
    }
    s
}

fn grants(c: &mut Criterion) {
    terraform::check_and_terraform(c, "azure_check_and_terraform", module);
}

fn credentials(c: &mut Criterion) {
    let mut g = c.benchmark_group("azure_credentials_check");
    g.sample_size(10);
    for identities in [100usize, 1000] {
        let src = azure_gen::credentials_module(identities, 20);
        g.bench_with_input(
            BenchmarkId::from_parameter(identities * 20),
            &src,
            |b, src| b.iter(|| driver::compile_str("bench.iamx", src).diags.len()),
        );
    }
    g.finish();
}

criterion_group!(benches, grants, credentials);
criterion_main!(benches);
