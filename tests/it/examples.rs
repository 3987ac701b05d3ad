//! Every file in examples/ builds to json without a diagnostic; the snapshot shows the source and
//! every output file, and two more snapshots show its terraform and cloudformation output. Output
//! is byte-identical across runs.
use crate::common;

use common::render;

use iamx::backend::{self, BuildOptions, Target, cloudformation, json, terraform};
use iamx::driver::{self, FsHost};
use iamx::lints::LintConfig;
use std::path::{Path, PathBuf};

fn options() -> BuildOptions {
    BuildOptions {
        params: vec![],
        account: Some("111122223333".into()),
        region: Some("eu-west-1".into()),
        partition: None,
    }
}

/// IAM's structural rules for one emitted document: Effect, exactly one of Action/NotAction,
/// identity policies with exactly one of Resource/NotResource and no Principal, trust policies
/// with a Principal and no Resource.
fn assert_iam_valid(path: &str, doc: &serde_json::Value) {
    assert_eq!(doc["Version"], "2012-10-17", "{path}");
    let trust = path.ends_with("/trust.json");
    let stmts = doc["Statement"]
        .as_array()
        .unwrap_or_else(|| panic!("{path}: no Statement list"));
    assert!(!stmts.is_empty(), "{path}: empty Statement");
    for s in stmts {
        let has = |k: &str| s.get(k).is_some();
        assert!(
            matches!(s["Effect"].as_str(), Some("Allow" | "Deny")),
            "{path}: {s}"
        );
        assert!(
            has("Action") != has("NotAction"),
            "{path}: Action/NotAction in {s}"
        );
        if trust {
            assert!(
                has("Principal") && !has("Resource") && !has("NotResource"),
                "{path}: {s}"
            );
        } else {
            assert!(
                !has("Principal") && has("Resource") != has("NotResource"),
                "{path}: {s}"
            );
        }
    }
}

fn build(rel: &Path) -> String {
    let c = driver::compile(&FsHost, &[rel.to_path_buf()], &LintConfig::default());
    let rendered = iamx::diag::to_human(&c.diags, &c.files, false);
    assert!(c.diags.is_empty(), "{}:\n{rendered}", rel.display());
    let program = c.program.as_ref().unwrap();
    let gcp = program.gcp.is_some() || program.azure.is_some();
    let files = if gcp {
        let opts = backend::Options {
            values: options(),
            ..backend::Options::default()
        };
        backend::Json.emit(program, &opts).unwrap().files
    } else {
        json::emit(program, &options()).unwrap()
    };
    let mut out = String::new();
    for f in files {
        // Google Cloud's files are REST shapes, not IAM policy documents.
        if !gcp && f.path.ends_with(".json") && f.path != "manifest.json" {
            assert_iam_valid(&f.path, &serde_json::from_slice(&f.contents).unwrap());
        }
        out.push_str(&format!(
            "=== {} ===\n{}",
            f.path,
            String::from_utf8(f.contents).unwrap()
        ));
    }
    out
}

#[test]
fn examples_build_to_json() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    insta::glob!("../../examples", "**/*.iamx", |path| {
        let rel: PathBuf = path.strip_prefix(root).unwrap().to_path_buf();
        let first = build(&rel);
        assert_eq!(first, build(&rel), "output differs between runs");
        let source = std::fs::read_to_string(path).unwrap();
        insta::assert_snapshot!(format!("{source}\n----- json -----\n{first}"));
        let c = driver::compile(&FsHost, std::slice::from_ref(&rel), &LintConfig::default());
        let program = c.program.as_ref().unwrap();
        if program.gcp.is_some() || program.azure.is_some() {
            let tf = backend::Terraform
                .emit(program, &backend::Options::default())
                .unwrap();
            insta::assert_snapshot!("terraform", render(&tf.files));
            // CloudFormation is AWS-only: a Google Cloud program is refused (E1013).
            let refused = backend::CloudFormation
                .emit(program, &backend::Options::default())
                .unwrap_err();
            assert_eq!(refused[0].code.to_string(), "E1013");
        } else {
            insta::assert_snapshot!("terraform", render(&terraform::emit(program)));
            insta::assert_snapshot!(
                "cloudformation",
                render(&cloudformation::emit(program).unwrap())
            );
        }
        count += 1;
    });
    assert!(count >= 7, "only {count} examples");
}

/// Every example passes its own `test` blocks and matches its permission snapshot
/// (`__snapshots__/NAME.perms` beside it), run as a user runs them: `iamx test FILE`. An example
/// that declares a role or user has tests.
#[test]
fn examples_pass_their_tests_and_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    let mut stack = vec![root.join("examples")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            // `iamx test` evaluates AWS modules; Google Cloud and Azure ones have no evaluator yet.
            let gcp = path.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with("gcp-") || n.starts_with("azure-")
            });
            if path.extension().is_none_or(|x| x != "iamx") || gcp {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap();
            let o = std::process::Command::new(env!("CARGO_BIN_EXE_iamx"))
                .args(["test", rel.to_str().unwrap()])
                .args(["--account", "111122223333", "--region", "eu-west-1"])
                .current_dir(root)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let out = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(
                o.status.success(),
                "{}: {out}\naccept an intended change with `iamx test {} --account 111122223333 --region eu-west-1 --update-snapshots`",
                rel.display(),
                rel.display()
            );
            let c = driver::compile(&FsHost, &[rel.to_path_buf()], &LintConfig::default());
            let p = c.program.unwrap();
            let principals = p.entities.iter().any(|e| {
                matches!(
                    e,
                    iamx::ir::aws::Entity::Role(_) | iamx::ir::aws::Entity::User(_)
                )
            });
            assert!(
                !principals || !p.tests.is_empty(),
                "{}: no test block",
                rel.display()
            );
            count += 1;
        }
    }
    assert!(count >= 11, "only {count} examples");
}
