//! Criterion benchmarks of Google Cloud modules: checking and emitting a module of N service
//! accounts with ten grants each (predefined roles on every scope kind, a custom role, a
//! condition) as Terraform, from 1,000 to 10,000 grants, and a small module. See
//! docs/benchmarks.md ("Google Cloud modules").
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/terraform.rs"]
mod terraform;

/// A `target gcp` module with `accounts` service accounts of ten grants each.
pub fn module(accounts: usize) -> String {
    let mut s = String::from(
        "target gcp\nparam project: ProjectId = \"acme-shop-prod\"\nparam region: GcpRegion = \"europe-west1\"\n\
         custom_role writer {\n  title = \"Writer\"\n  permissions = [storage.objects.create, storage.objects.list]\n}\n",
    );
    for i in 0..accounts {
        s.push_str(&format!(
            "service_account sa{i} {{\n  account_id = \"account-{i}\"\n  project = project\n\
             \x20 grant roles/storage.objectViewer on storage.bucket(\"bucket-{i}\")\n\
             \x20 grant writer on storage.bucket(\"out-{i}\")\n\
             \x20 grant roles/secretmanager.secretAccessor on secret_manager.secret(project, \"s{i}\")\n\
             \x20 grant roles/artifactregistry.reader on artifact_registry.repository(project, region, \"r{i}\")\n\
             \x20 grant roles/run.invoker on run.service(project, region, \"svc{i}\")\n\
             \x20 grant roles/pubsub.publisher on pubsub.topic(project, \"t{i}\")\n\
             \x20 grant roles/bigquery.dataViewer on bigquery.dataset(project, \"d{i}\")\n\
             \x20 grant roles/cloudkms.cryptoKeyDecrypter on kms.crypto_key(\"projects/p/locations/global/keyRings/k/cryptoKeys/k{i}\")\n\
             \x20 grant roles/logging.logWriter on project(project)\n\
             \x20 grant roles/storage.objectViewer on storage.bucket(\"logs\") when cel \"resource.name.startsWith('projects/_/buckets/logs/objects/{i}/')\"\n}}\n"
        ));
    }
    s
}

fn grants(c: &mut Criterion) {
    terraform::check_and_terraform(c, "gcp_check_and_terraform", module);
}

criterion_group!(benches, grants);
criterion_main!(benches);
