//! Google Cloud (`target gcp`) as users meet it: the new words are contextual (AWS programs
//! with roles called `grant` or `target` compile as before), the formatter prints every
//! construct, and the outputs carry what each construct means.
use iamx::backend::{self, Target};
use iamx::driver;

use crate::common;
use common::iamx;

fn tmp(name: &str) -> std::path::PathBuf {
    common::tmp("gcp", name)
}

#[test]
fn new_words_are_contextual_in_aws_modules() {
    let src = r#"
role grant {
  trust service "ecs-tasks.amazonaws.com"
  inline { allow s3:GetObject on "arn:aws:s3:::b/*" }
}
role target {
  trust service "ecs-tasks.amazonaws.com"
  attach service_account
}
policy service_account {
  allow s3:ListBucket on "arn:aws:s3:::b"
}
let custom_role = "x"
test "grant can read" {
  expect grant can s3:GetObject on "arn:aws:s3:::b/k"
}
"#;
    let c = driver::compile_str("aws.iamx", src);
    assert!(!c.has_errors(), "{:?}", c.diags);
    let p = c.program.unwrap();
    assert!(p.gcp.is_none());
    assert_eq!(p.entities.len(), 3);
    // `target aws` says the default explicitly.
    let c = driver::compile_str("aws.iamx", &format!("target aws\n{src}"));
    assert!(!c.has_errors(), "{:?}", c.diags);
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
        "examples/gcp-custom-role.iamx",
    ]);
    assert!(o.status.success(), "{o:?}");
    let main = std::fs::read_to_string(out.join("main.tf")).unwrap();
    assert!(main.contains("resource \"google_project_iam_custom_role\" \"backup_writer\""));
    assert!(main.contains("google_storage_bucket_iam_binding"), "{main}");
    let out = tmp("json");
    let o = iamx(&[
        "build",
        "--target",
        "json",
        "--param",
        "project=acme-shop-test",
        "--out",
        out.to_str().unwrap(),
        "examples/gcp-custom-role.iamx",
    ]);
    assert!(o.status.success(), "{o:?}");
    let role: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("roles/backup_writer.json")).unwrap())
            .unwrap();
    assert_eq!(role["title"], "Backup writer");
    assert_eq!(role["stage"], "GA");
    assert_eq!(role["includedPermissions"][0], "storage.objects.create");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["customRoles"][0]["parent"],
        "projects/acme-shop-test/roles/backupWriter"
    );
    let b = &manifest["bindings"][0];
    assert_eq!(
        b["resource"],
        "//storage.googleapis.com/projects/_/buckets/acme-shop-backups"
    );
    assert_eq!(b["role"], "projects/acme-shop-test/roles/backupWriter");
    assert_eq!(
        b["members"][0],
        "serviceAccount:nightly-backup@acme-shop-test.iam.gserviceaccount.com"
    );
    // A param without a value the json build needs is an error naming the flag.
    let src = "target gcp\nparam project: ProjectId\nservice_account s {\n  account_id = \"runner-sa\"\n  project = project\n}\n";
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
            .contains("--param project=")
    );
}

#[test]
fn one_build_writes_one_cloud() {
    let dir = tmp("mixed");
    std::fs::write(
        dir.join("aws.iamx"),
        "role r {\n  trust service \"ecs-tasks.amazonaws.com\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("gcp.iamx"),
        "target gcp\nservice_account s { account_id = \"runner-sa\" }\n",
    )
    .unwrap();
    let host = driver::FsHost;
    let c = driver::compile(
        &host,
        &[dir.join("aws.iamx"), dir.join("gcp.iamx")],
        &iamx::lints::LintConfig::default(),
    );
    let p = c.program.expect("two clouds check together");
    let err = backend::Terraform
        .emit(&p, &backend::Options::default())
        .unwrap_err();
    assert_eq!(err[0].code.to_string(), "E1013");
}

#[test]
fn grants_keep_the_authors_order_and_members() {
    let src = r#"target gcp
service_account a { account_id = "account-a" }
grant roles/viewer on project("acme-shop-prod") to a, "group:ops@example.com", "user:x@example.com"
grant roles/viewer on project("acme-shop-prod") to a
"#;
    let c = driver::compile_str("o.iamx", src);
    let p = c.program.unwrap();
    let tf = backend::Terraform
        .emit(&p, &backend::Options::default())
        .unwrap();
    let main = String::from_utf8(tf.files[0].contents.clone()).unwrap();
    let labels: Vec<&str> = main
        .lines()
        .filter_map(|l| l.strip_prefix("resource \"google_project_iam_member\" \""))
        .collect();
    assert_eq!(
        labels,
        [
            "grant_viewer_project_a\" {",
            "grant_viewer_project_group_ops_example_com\" {",
            "grant_viewer_project_user_x_example_com\" {",
            "grant_viewer_project_2\" {",
        ]
    );
}

#[test]
fn fmt_prints_every_construct_and_is_idempotent() {
    let scrambled = "target   gcp\n@authoritative grant roles/browser on project( \"p\" ) to \"group:a@example.com\" ,\"group:b@example.com\" when cel \"request.time < timestamp('2030-01-01T00:00:00Z')\"\nservice_account  x {account_id=\"abc-def\"   grant  roles/run.developer on run.service(\"p\",\"r\",\"s\")\n// kept\ngrant x_role on x }\ncustom_role x_role { title = \"t\" permissions = [storage.objects.get,storage.objects.list] stage = GA }\n";
    let once = common::fmt_idempotent("gcp", scrambled);
    insta::assert_snapshot!(once);
}

/// Forms the compiler's permissive grammar parses and the checker rejects with a code (the
/// editors' grammars need not accept them: tests/errors/ holds what they parse).
#[test]
fn unknown_words_are_checker_errors() {
    let cases = [
        ("targte gcp\n", "E1002", "did you mean `target`?"),
        (
            "target gcp\nservice_account b {\n  give roles/viewer on project(\"acme-shop-prod\")\n}\n",
            "E1002",
            "",
        ),
        (
            "target gcp\ngrant roles/viewer on project(\"acme-shop-prod\") for \"group:ops@example.com\"\n",
            "E1009",
            "write `grant ROLE on SCOPE to MEMBER, ...`",
        ),
    ];
    for (src, code, help) in cases {
        let c = driver::compile_str("w.iamx", src);
        let d = c
            .diags
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("{src}: no {code} in {:?}", c.diags));
        assert!(
            d.help.as_deref().unwrap_or("").contains(help),
            "{src}: {d:?}"
        );
    }
}

/// Every "did you mean" of the Google Cloud checker carries a structured fix (the replacement
/// and the range it replaces): `--error-format json` shows it as `suggestion`, and the language
/// server offers it as a quick fix. Applying the fixes removes the diagnostics.
#[test]
fn did_you_mean_carries_a_structured_fix() {
    let src = "target gcp\nservice_account deploy {\n  account_id = \"shop-deploy\"\n  grant roles/run.develper on project(\"acme-shop-prod\")\n  grant run.developer on projct(\"acme-shop-prod\")\n}\ncustom_role reader {\n  titel = \"Reader\"\n  permissions = [storage.objects.get]\n}\ncustom_role writer {\n  title = \"Writer\"\n  permissions = [storage.objects.gett, \"storage.buckets.lst\"]\n}\n";
    insta::assert_snapshot!(common::json_with_fixes("gcp-typos.iamx", src));
}
