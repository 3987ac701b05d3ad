//! Every resource, argument, nested block and reference the Google Cloud terraform backend
//! writes, checked against the hashicorp/google schema table extracted from the CDK for
//! Terraform package (`scripts/schema/out/google-*.tsv`): on the `gcp-*` examples, on a module
//! that uses every scope kind, declaration and property, and on the scope table itself (every
//! family exists with `_member` and `_binding`, takes the arguments named, and needs no other).

use super::model;
use crate::backend::Outputs;
use crate::backend::hcl::{Block, Expr, Structure, TPart};
use crate::driver::compile_str;
use crate::gcp::scopes::{SCOPES, SERVICE_ACCOUNT};
use std::collections::HashMap;
use std::path::PathBuf;

/// One row: form, required, settable.
#[derive(Clone, Debug)]
struct Row {
    form: String,
    required: bool,
    settable: bool,
}

/// type -> path -> row (resources only)
type Table = HashMap<String, HashMap<String, Row>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tables() -> Vec<(String, Table)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root().join("scripts/schema/out")).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("google-") && name.ends_with(".tsv")) {
            continue;
        }
        let mut t = Table::new();
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if line.starts_with('#') || f[0] != "resource" {
                continue;
            }
            let row = Row {
                form: f[3].into(),
                required: f[4] == "true",
                settable: f[4] == "true" || f[5] == "true",
            };
            t.entry(f[1].into()).or_default().insert(f[2].into(), row);
        }
        out.push((name, t));
    }
    assert!(!out.is_empty(), "no google schema table");
    out
}

fn refs(e: &Expr, out: &mut Vec<String>) {
    let mut push = |s: &str| {
        for word in s.split(|c: char| !(c.is_ascii_alphanumeric() || "._-".contains(c))) {
            if word.contains('.') && word.starts_with(|c: char| c.is_ascii_lowercase()) {
                out.push(word.to_string());
            }
        }
    };
    match e {
        Expr::Raw(r) => push(r),
        Expr::Template(parts) => parts.iter().for_each(|p| {
            if let TPart::Interp(x) = p {
                push(x);
            }
        }),
        Expr::List(items) | Expr::Call(_, items) => items.iter().for_each(|i| refs(i, out)),
        Expr::Object(entries) => entries.iter().for_each(|(_, v)| refs(v, out)),
        Expr::Number(_) | Expr::Bool(_) => {}
    }
}

struct Checker<'a> {
    tables: &'a [(String, Table)],
    problems: Vec<String>,
    refs: Vec<String>,
    types: Vec<String>,
}

impl Checker<'_> {
    fn body(&mut self, ty: &str, prefix: &str, body: &[Structure]) {
        let mut written = Vec::new();
        for s in body {
            let (path, form) = match s {
                Structure::Attr(n, e) => {
                    refs(e, &mut self.refs);
                    (format!("{prefix}{n}"), "attribute")
                }
                Structure::Block(b) => (format!("{prefix}{}", b.ident), "block"),
                _ => continue,
            };
            for (name, t) in self.tables {
                match t.get(ty).and_then(|m| m.get(&path)) {
                    Some(r) if r.form == form && r.settable => {}
                    other => self
                        .problems
                        .push(format!("`{ty}`: `{path}` ({form}) is {other:?} in {name}")),
                }
            }
            if let Structure::Block(b) = s {
                self.body(ty, &format!("{path}."), &b.body);
            }
            written.push(path);
        }
        // Every required argument at this level is written.
        for (name, t) in self.tables {
            for (path, r) in t.get(ty).into_iter().flatten() {
                let here = path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| !rest.contains('.'));
                if here && r.required && !written.contains(path) {
                    self.problems
                        .push(format!("`{ty}`: required `{path}` missing ({name})"));
                }
            }
        }
    }

    fn top(&mut self, b: &Block) {
        match (b.ident.as_str(), b.labels.first()) {
            ("resource", Some(ty)) => {
                self.types.push(ty.clone());
                self.body(ty, "", &b.body);
            }
            _ => {
                for s in &b.body {
                    if let Structure::Attr(_, e) = s {
                        refs(e, &mut self.refs);
                    }
                }
            }
        }
    }

    fn references(&mut self) {
        for r in std::mem::take(&mut self.refs) {
            let names: Vec<&str> = r.split('.').collect();
            let (ty, attr) = match names.as_slice() {
                ["var" | "local", ..] => continue,
                [ty, _, attr, ..] => (*ty, *attr),
                _ => continue,
            };
            for (name, t) in self.tables {
                if !t.get(ty).is_some_and(|m| m.contains_key(attr)) {
                    self.problems
                        .push(format!("reference `{r}` names no attribute in {name}"));
                }
            }
        }
    }
}

fn check(src: &str) -> (Vec<String>, Vec<String>) {
    let c = compile_str("t.iamx", src);
    assert!(!c.has_errors(), "{:?}", c.diags);
    let p = c.program.as_ref().unwrap();
    let g = p.gcp.as_ref().unwrap();
    let tables = tables();
    let mut ch = Checker {
        tables: &tables,
        problems: vec![],
        refs: vec![],
        types: vec![],
    };
    for (_, body) in model(p, g, Outputs::All) {
        for s in &body {
            if let Structure::Block(b) = s {
                ch.top(b);
            }
        }
    }
    ch.references();
    (ch.problems, ch.types)
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
    let mut n = 0;
    for e in std::fs::read_dir(root().join("examples")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("gcp-") && name.ends_with(".iamx")) {
            continue;
        }
        let (problems, _) = check(&std::fs::read_to_string(&p).unwrap());
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        n += 1;
    }
    assert!(n >= 3, "only {n} gcp examples");
}

#[test]
fn the_scope_table_matches_the_schema() {
    for (name, t) in tables() {
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
    let tables = tables();
    let mut c = Checker {
        tables: &tables,
        problems: vec![],
        refs: vec![],
        types: vec![],
    };
    let mut b = Block::new("resource", &["google_project_iam_member", "m"]);
    b.attr("project", Expr::str("p"))
        .attr("roles", Expr::str("roles/viewer"))
        .attr("member", Expr::Raw("google_service_account.x.mail".into()));
    c.top(&b);
    c.references();
    let all = c.problems.join("\n");
    assert!(all.contains("`roles`"), "{all}");
    assert!(all.contains("required `role` missing"), "{all}");
    assert!(all.contains("`google_service_account.x.mail`"), "{all}");
}
