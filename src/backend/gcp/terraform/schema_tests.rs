//! Every resource, argument, nested block and reference the Google Cloud terraform backend
//! writes, checked against the hashicorp/google schema table extracted from the CDK for
//! Terraform package (`scripts/schema/out/google-*.tsv`): on the `gcp-*` examples, on a module
//! that uses every scope kind, declaration and property, and on the scope table itself (every
//! family exists with `_member` and `_binding`, takes the arguments named, and needs no other).

use super::model;
use crate::backend::Outputs;
use crate::backend::cloud::schema_tests::{check_model, examples_fit, problems_of, tables};
use crate::backend::hcl::{Block, Expr};
use crate::driver::compile_str;
use crate::gcp::scopes::{SCOPES, SERVICE_ACCOUNT};

fn check(src: &str) -> (Vec<String>, Vec<String>) {
    let c = compile_str("t.iamx", src);
    assert!(!c.has_errors(), "{:?}", c.diags);
    let p = c.program.as_ref().unwrap();
    let program = p.gcp.as_ref().unwrap();
    check_model(&tables("google-"), model(p, program, Outputs::All))
}

/// Every declaration, property and scope kind, additive and authoritative, with conditions.
const EVERYTHING: &str = r#"
target gcp
param project: ProjectId = "acme-shop-prod"
param region: GcpRegion = "europe-west1"
/// A service account
service_account sa {
  account_id = "every-kind"
  display_name = "every kind"
  description = "all of it"
  project = project
  grant roles/resourcemanager.organizationViewer on organization("123456789012")
  grant roles/browser on folder("345678901234") when cel "request.time < timestamp('2030-01-01T00:00:00Z')"
  grant roles/viewer on project(project)
  grant roles/storage.objectViewer on storage.bucket("b") when cel "resource.name.startsWith('projects/_/buckets/b/objects/x')"
  grant roles/artifactregistry.reader on artifact_registry.repository(project, region, "r")
  grant roles/run.invoker on run.service(project, region, "s")
  grant roles/secretmanager.secretAccessor on secret_manager.secret(project, "k")
  grant roles/cloudkms.cryptoKeyDecrypter on kms.crypto_key("projects/p/locations/global/keyRings/r/cryptoKeys/k")
  grant roles/pubsub.publisher on pubsub.topic(project, "t")
  grant roles/bigquery.dataViewer on bigquery.dataset(project, "d")
}
service_account other { account_id = "other-sa" }
/// Project role
custom_role proj_role { title = "p" description = "d" project = project stage = BETA permissions = [storage.objects.get] }
custom_role orgr { role_id = "orgRole" title = "o" organization = "123456789012" permissions = [storage.objects.get] }
grant roles/iam.serviceAccountTokenCreator on sa to other, "group:ops@example.com"
@authoritative
grant proj_role on storage.bucket("b") to sa when cel "request.time < timestamp('2030-01-01T00:00:00Z')"
@authoritative
grant orgr on project(project) to "group:ops@example.com"
/// A pool
workload_identity_pool pool {
  pool_id = "every-pool"
  display_name = "pool"
  project = project
  provider gh {
    provider_id = "every-provider"
    display_name = "gh"
    audiences = ["https://example.com/aud"]
    oidc "https://token.actions.githubusercontent.com"
    map google.subject = assertion.sub
    map attribute.ref = "assertion.ref"
    accept when cel "assertion.repository_owner == 'acme'"
  }
}
service_account fed {
  account_id = "federated"
  trust github subject "repo:acme/shop:ref:refs/heads/main" via pool.gh
  trust service_account other
}
/// A deny policy
deny_policy guard on organization("123456789012") {
  display_name = "guard"
  deny storage.buckets.delete to "principalSet://goog/public:all" except sa, "group:ops@example.com"
    when cel "resource.matchTag('acme/env', 'prod')"
}
"#;

#[test]
fn every_argument_and_reference_is_in_the_provider_schema() {
    let (problems, types) = check(EVERYTHING);
    assert!(problems.is_empty(), "{problems:#?}");
    // Every scope kind, both custom role kinds, and both member and binding were written.
    for s in SCOPES.iter().chain([&SERVICE_ACCOUNT]) {
        let member = format!("{}_member", s.family);
        assert!(types.contains(&member), "{member} not emitted");
    }
    for t in [
        "google_project_iam_custom_role",
        "google_organization_iam_custom_role",
        "google_storage_bucket_iam_binding",
        "google_project_iam_binding",
        "google_service_account",
        "google_iam_workload_identity_pool",
        "google_iam_workload_identity_pool_provider",
        "google_iam_deny_policy",
    ] {
        assert!(types.iter().any(|x| x == t), "{t} not emitted");
    }
}

#[test]
fn the_gcp_examples_fit_the_provider_schema() {
    examples_fit("gcp-", |src| check(src).0);
}

#[test]
fn the_scope_table_matches_the_schema() {
    for (name, t) in tables("google-") {
        for s in SCOPES.iter().chain([&SERVICE_ACCOUNT]) {
            for suffix in ["_member", "_binding"] {
                let ty = format!("{}{suffix}", s.family);
                let rows = t
                    .get(&ty)
                    .unwrap_or_else(|| panic!("{ty} is not in {name}"));
                for (arg, _) in s.args {
                    assert!(rows.contains_key(*arg), "{ty}.{arg} is not in {name}");
                }
                for (path, r) in rows {
                    let known = ["role", "member", "members"].contains(&path.as_str())
                        || s.args.iter().any(|(a, _)| a == path)
                        || path.starts_with("condition.");
                    assert!(!r.required || known, "{ty} requires `{path}` ({name})");
                }
            }
        }
    }
}

#[test]
fn the_check_can_fail() {
    let mut b = Block::new("resource", &["google_project_iam_member", "m"]);
    b.attr("project", Expr::str("p"))
        .attr("roles", Expr::str("roles/viewer"))
        .attr("member", Expr::Raw("google_service_account.x.mail".into()));
    let all = problems_of(&tables("google-"), &b);
    assert!(all.contains("`roles`"), "{all}");
    assert!(all.contains("required `role` missing"), "{all}");
    assert!(all.contains("`google_service_account.x.mail`"), "{all}");
}
