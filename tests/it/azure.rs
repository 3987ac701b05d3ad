//! Azure (`target azure`) as users meet it: the new words are contextual (AWS programs with
//! roles called `grant` compile as before), a json build refuses a param of the wrong
//! format, the formatter prints every construct, and the outputs carry what each construct
//! means.
use iamx::backend::{self, Target};
use iamx::driver;

use crate::common;
use common::iamx;

fn tmp(name: &str) -> std::path::PathBuf {
    common::tmp("azure", name)
}

#[test]
fn aws_programs_with_the_new_words_compile_unchanged() {
    let src = "role managed_identity {\n  trust service \"ec2.amazonaws.com\"\n}\nrole role_definition {\n  trust service \"ec2.amazonaws.com\"\n}\n";
    let c = driver::compile_str("a.iamx", src);
    assert!(!c.has_errors(), "{:?}", c.diags);
    assert!(c.program.unwrap().azure.is_none());
}

/// A json build refuses a `--param` value of the wrong format (what cloudformation and `test`
/// refuse is in the clouds module, for both clouds).
#[test]
fn a_json_build_refuses_a_param_of_the_wrong_format() {
    let out = tmp("json-param");
    let o = iamx(&[
        "build",
        "--target",
        "json",
        "--param",
        "subscription=abc",
        "--out",
        out.to_str().unwrap(),
        "examples/azure-github-deploy.iamx",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a valid SubscriptionId"));
}

#[test]
fn terraform_and_json_builds_write_their_files() {
    let out = tmp("tf");
    let o = iamx(&[
        "build",
        "--target",
        "terraform",
        "--out",
        out.to_str().unwrap(),
        "examples/azure-github-deploy.iamx",
    ]);
    assert!(o.status.success(), "{o:?}");
    let main = std::fs::read_to_string(out.join("main.tf")).unwrap();
    assert!(
        main.contains("principal_type       = \"ServicePrincipal\""),
        "{main}"
    );
    assert!(
        main.contains("role_definition_name = \"AcrPush\""),
        "{main}"
    );
    let versions = std::fs::read_to_string(out.join("versions.tf")).unwrap();
    assert!(versions.contains("hashicorp/azurerm"), "{versions}");
    let out = tmp("json");
    let o = iamx(&[
        "build",
        "--target",
        "json",
        "--out",
        out.to_str().unwrap(),
        "examples/azure-role-definition.iamx",
    ]);
    assert!(o.status.success(), "{o:?}");
    let role: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("role_definitions/app_restarter.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(role["Name"], "Shop app restarter");
    assert_eq!(role["IsCustom"], true);
    assert_eq!(
        role["AssignableScopes"][0],
        "/subscriptions/6f1c2a4e-3b5d-4c7e-9f80-a1b2c3d4e5f6/resourceGroups/shop-prod"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["roleAssignments"][0]["principalType"], "Group");
    // A param without a value the json build needs is an error naming the flag.
    let src = "target azure\nparam sub: SubscriptionId\nmanaged_identity app {\n  resource_group = \"rg\"\n  location = \"westeurope\"\n  grant builtin(\"Reader\") on subscription(sub)\n}\n";
    let c = driver::compile_str("p.iamx", src);
    let p = c.program.unwrap();
    let err = backend::Json
        .emit(&p, &backend::Options::default())
        .unwrap_err();
    assert!(
        err[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("--param sub=")
    );
}

#[test]
fn credentials_are_chained_and_grants_keep_the_authors_order() {
    let src = "target azure\nmanaged_identity ci_runner {\n  resource_group = \"rg\"\n  location = \"westeurope\"\n  trust github subject \"repo:a/b:environment:prod\"\n  trust github subject \"repo:a/b:ref:refs/heads/main\"\n  trust github subject \"repo:a/b:ref:refs/tags/v1\"\n  grant builtin(\"Reader\") on resource_group(\"00000000-0000-0000-0000-000000000000\", \"z\")\n  grant builtin(\"AcrPull\") on acr.registry(\"00000000-0000-0000-0000-000000000000\", \"rg\", \"a\")\n}\n";
    let c = driver::compile_str("c.iamx", src);
    let a = c.program.unwrap().azure.unwrap();
    let creds: Vec<_> = a.credentials().collect();
    assert_eq!(creds.len(), 3);
    assert_eq!(creds[0].after, None);
    assert_eq!(creds[1].after.as_deref(), Some("ci_runner_github_1"));
    assert_eq!(creds[2].after.as_deref(), Some("ci_runner_github_2"));
    let grants: Vec<&str> = a.grants().map(|g| g.id.as_str()).collect();
    assert_eq!(
        grants,
        [
            "ci_runner_reader_resource_group",
            "ci_runner_acrpull_registry"
        ]
    );
}

#[test]
fn builtin_roles_and_operations_match_ignoring_case() {
    let src = "target azure\nrole_definition r {\n  actions = [microsoft.storage/storageAccounts/READ]\n  assignable_scopes = [subscription(\"00000000-0000-0000-0000-000000000000\")]\n}\nmanaged_identity app {\n  resource_group = \"rg\"\n  location = \"westeurope\"\n  grant builtin(\"acrpush\") on acr.registry(\"00000000-0000-0000-0000-000000000000\", \"rg\", \"r\")\n}\n";
    let src = src.replace(
        "[microsoft.storage/storageAccounts/READ]",
        "[\"microsoft.storage/storageAccounts/READ\"]",
    );
    let c = driver::compile_str("c.iamx", &src);
    assert!(c.diags.is_empty(), "{:?}", c.diags);
    let a = c.program.unwrap().azure.unwrap();
    // The author's case is kept for operations; built-in names take the catalog's spelling.
    assert_eq!(
        a.role_definitions().next().unwrap().actions,
        ["microsoft.storage/storageAccounts/READ"]
    );
    let g = a.grants().next().unwrap();
    assert!(matches!(&g.role, iamx::azure::ir::RoleRef::Builtin { name, .. } if name == "AcrPush"));
}

#[test]
fn fmt_prints_every_construct_and_is_idempotent() {
    let scrambled = "target   azure\nuse std.github\nrole_definition r { name=\"R\" actions=[Microsoft.Storage/storageAccounts/read,*/read] not_actions = [Microsoft.Storage/storageAccounts/listKeys/action] data_actions=[Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read] not_data_actions=[] assignable_scopes=[subscription(\"00000000-0000-0000-0000-000000000000\")] }\nmanaged_identity  app {name=\"app-id\" resource_group=\"rg\" location=\"westeurope\"\ntrust  github subject github.environment(\"a/b\",\"prod\")\n// kept\ngrant r on subscription(\"00000000-0000-0000-0000-000000000000\")  when abac \"@Resource[x] StringEquals 'y'\"\ngrant builtin(\"Reader\") on \"/subscriptions/00000000-0000-0000-0000-000000000000\" }\ngrant builtin( \"Managed Identity Operator\" ) on app to group(\"11111111-1111-1111-1111-111111111111\"),user(\"22222222-2222-2222-2222-222222222222\")\n";
    let once = common::fmt_idempotent("azure", scrambled);
    insta::assert_snapshot!(once);
}

/// Every "did you mean" of the Azure checker carries a structured fix (the replacement and the
/// range it replaces): `--error-format json` shows it as `suggestion`, and the language server
/// offers it as a quick fix. Applying the fixes removes the diagnostics.
#[test]
fn did_you_mean_carries_a_structured_fix() {
    let src = "target azure\nrole_definition reader {\n  name = \"Blob reader\"\n  actions = [Microsoft.Storage/storageAccounts/raed]\n  assignable_scopes = [subscripton(\"00000000-0000-0000-0000-000000000000\")]\n}\nmanaged_identity app {\n  resource_group = \"rg\"\n  location = \"westeurope\"\n  grant builtin(\"AcrPsh\") on subscription(\"00000000-0000-0000-0000-000000000000\")\n}\n";
    insta::assert_snapshot!(common::json_with_fixes("azure-typos.iamx", src));
}

/// A module of many identities, each with the most federated credentials Azure allows (20):
/// the checks of a repeated subject and of the credential before are map look-ups, so 20,000
/// credentials check in about the time it takes to parse them (each credential scanned every
/// earlier one before: 200 million comparisons here). Not timed: the size makes a quadratic
/// check visibly slow under `cargo test`; benches/azure.rs measures it.
#[test]
fn many_credentials_check_in_linear_time() {
    let identities = 1000;
    let src = common::azure_gen::credentials_module(identities, 20);
    let c = driver::compile_str("many.iamx", &src);
    assert!(!c.has_errors(), "{:?}", c.diags.first());
    let a = c.program.unwrap().azure.unwrap();
    let creds: Vec<_> = a.credentials().collect();
    assert_eq!(creds.len(), identities * 20);
    // Each identity's credentials wait for the one before, and only for it.
    assert_eq!(creds[0].after, None);
    assert_eq!(creds[1].after.as_deref(), Some(creds[0].id.as_str()));
    assert_eq!(creds[20].after, None);
    // A repeated subject is still found, among thousands.
    let dup = format!(
        "{src}managed_identity last {{\n  resource_group = \"rg\"\n  location = \"westeurope\"\n  trust github subject \"repo:acme/app:environment:e1\"\n  trust github subject \"repo:acme/app:environment:e1\"\n}}\n"
    );
    let c = driver::compile_str("dup.iamx", &dup);
    assert_eq!(
        c.diags.iter().filter(|d| d.code == "E1020").count(),
        1,
        "{:?}",
        c.diags.iter().find(|d| d.code == "E1020")
    );
}
