//! Every resource, argument, nested block and reference the Azure terraform backend writes,
//! checked against the hashicorp/azurerm schema table extracted from the CDK for Terraform
//! package (`scripts/schema/out/azurerm-*.tsv`): on the `azure-*` examples and on a module that
//! uses every scope kind, declaration and property.

use super::model;
use crate::azure::scopes::SCOPES;
use crate::backend::Outputs;
use crate::backend::hcl::{Block, Expr, Structure, TPart};
use crate::driver::compile_str;
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
        if !(name.starts_with("azurerm-") && name.ends_with(".tsv")) {
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
    assert!(!out.is_empty(), "no azurerm schema table");
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
                // A meta-argument of every resource, not the provider's.
                Structure::Attr(n, e) if n == "depends_on" => {
                    refs(e, &mut self.refs);
                    continue;
                }
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
    let g = p.azure.as_ref().unwrap();
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

/// Every declaration, property and scope kind, with a condition and module-level principals.
const EVERYTHING: &str = r#"
target azure
use std.github
param sub: SubscriptionId = "00000000-0000-0000-0000-000000000000"
param location: AzureLocation = "westeurope"
/// Reads blobs
role_definition reader {
  name = "Blob reader"
  description = "reads"
  actions = [Microsoft.Storage/storageAccounts/read]
  not_actions = [Microsoft.Storage/storageAccounts/listKeys/action]
  data_actions = [Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read]
  not_data_actions = [Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete]
  assignable_scopes = [subscription(sub), resource_group(sub, "data")]
}
managed_identity app {
  name = "app-id"
  resource_group = "data"
  location = location
  trust github subject github.environment("acme/shop", "production")
  trust github subject github.branch("acme/shop", "main")
  grant builtin("Reader") on management_group("platform")
  grant builtin("Reader") on subscription(sub)
  grant reader on resource_group(sub, "data")
  grant builtin("AcrPull") on acr.registry(sub, "data", "reg")
  grant builtin("Container Apps Contributor") on container_app(sub, "data", "app")
  grant builtin("Key Vault Secrets User") on key_vault(sub, "data", "kv")
  grant builtin("Storage Blob Data Reader") on storage_account(sub, "data", "st")
    when abac "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'))"
  grant builtin("Reader") on "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/st2"
}
managed_identity release { resource_group = "data" location = "westeurope" }
grant builtin("Managed Identity Operator") on release to app, group("11111111-1111-1111-1111-111111111111"), user("22222222-2222-2222-2222-222222222222"), service_principal("33333333-3333-3333-3333-333333333333")
"#;

#[test]
fn every_argument_and_reference_is_in_the_provider_schema() {
    let (problems, types) = check(EVERYTHING);
    assert!(problems.is_empty(), "{problems:#?}");
    for t in [
        "azurerm_user_assigned_identity",
        "azurerm_role_definition",
        "azurerm_role_assignment",
        "azurerm_federated_identity_credential",
    ] {
        assert!(types.iter().any(|x| x == t), "{t} not emitted");
    }
    // Every scope kind was used.
    for s in SCOPES {
        assert!(
            EVERYTHING.contains(&format!("{}(", s.name)),
            "{} not used",
            s.name
        );
    }
}

#[test]
fn the_azure_examples_fit_the_provider_schema() {
    let mut n = 0;
    for e in std::fs::read_dir(root().join("examples")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("azure-") && name.ends_with(".iamx")) {
            continue;
        }
        let (problems, _) = check(&std::fs::read_to_string(&p).unwrap());
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        n += 1;
    }
    assert!(n >= 3, "only {n} azure examples");
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
    let mut b = Block::new("resource", &["azurerm_role_assignment", "a"]);
    b.attr("scope", Expr::str("/"))
        .attr("role_name", Expr::str("Reader"))
        .attr(
            "principal_type",
            Expr::Raw("azurerm_user_assigned_identity.x.object_id".into()),
        );
    c.top(&b);
    c.references();
    let all = c.problems.join("\n");
    assert!(all.contains("`role_name`"), "{all}");
    assert!(all.contains("required `principal_id` missing"), "{all}");
    assert!(
        all.contains("`azurerm_user_assigned_identity.x.object_id`"),
        "{all}"
    );
}
