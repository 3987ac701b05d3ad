//! `iamx test` against the evaluator's semantics on purpose-made modules (tests/testing/*.iamx):
//! a deny that wins, a boundary that cuts, a group grant, conditions read from `with {...}`, a
//! trust with an external id. Each module has a test block that passes and one whose every
//! expectation fails; the snapshot shows the source beside the rendered diagnostics.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use iamx::driver::{self, FsHost};
use iamx::lints::LintConfig;
use iamx::testing::{self, Values};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn values() -> Values {
    Values {
        account: Some("111122223333".into()),
        region: Some("eu-west-1".into()),
        ..Values::default()
    }
}

/// Compile a file and run its tests: the summary of each block, then the diagnostics.
fn run(rel: &Path) -> (String, usize, usize) {
    let c = driver::compile(&FsHost, &[rel.to_path_buf()], &LintConfig::default());
    let errors: Vec<_> = c.diags.iter().filter(|d| d.is_error()).cloned().collect();
    assert!(
        errors.is_empty(),
        "{}",
        iamx::diag::to_human(&errors, &c.files, false)
    );
    let program = c.program.as_ref().unwrap();
    let v = values();
    let r = v.resolver(program);
    let mut world = testing::World::new(program, &r);
    assert!(world.check_values().is_empty());
    let report = testing::run::run(program, &mut world, &r).unwrap();
    let mut out = String::new();
    let mut failed = 0;
    let mut expected = 0;
    for t in &report.tests {
        failed += t.failed;
        if t.name.starts_with("fails") {
            expected += t.expectations;
        }
        let _ = writeln!(
            out,
            "test {:?}: {} expectations, {} failed",
            t.name, t.expectations, t.failed
        );
    }
    out.push('\n');
    out.push_str(&iamx::diag::to_human(&report.diags, &c.files, false));
    (out, failed, expected)
}

#[test]
fn expectations_follow_the_evaluator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    insta::glob!("../testing", "*.iamx", |path| {
        let rel: PathBuf = path.strip_prefix(root).unwrap().to_path_buf();
        let source = std::fs::read_to_string(path).unwrap();
        let (out, failed, expected) = run(&rel);
        // Every expectation of a "fails:" block fails, none of a "passes:" block.
        assert_eq!(failed, expected, "{}:\n{out}", rel.display());
        insta::assert_snapshot!(format!("{source}\n----- iamx test -----\n{out}"));
        count += 1;
    });
    assert!(count >= 5);
}

/// A run is bounded: past its budget of requests it stops with E0908 at the expectation where the
/// budget ran out, and evaluates nothing after it.
#[test]
fn the_run_stops_at_its_request_budget() {
    let src = r#"
        role r { trust service "lambda.amazonaws.com" }
        test "many" {
          expect r cannot s3:* on "arn:aws:s3:::b/k"
          expect r cannot s3:* on "arn:aws:s3:::b/k"
          expect r can s3:GetObject on "arn:aws:s3:::b/k"
        }
    "#;
    let c = driver::compile_str("t.iamx", src);
    let program = c.program.as_ref().unwrap();
    let v = values();
    let r = v.resolver(program);
    let mut world = testing::World::new(program, &r);
    let s3 = iamx::testing::actions::expand("s3:*").len();
    let report = testing::run::run_limited(program, &mut world, &r, s3 + 10).unwrap();
    let codes: Vec<&str> = report.diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0908"], "the third expectation is not evaluated");
    assert_eq!(report.requests, s3 + 10);
    let d = &report.diags[0];
    let line = iamx::diag::to_human(std::slice::from_ref(d), &c.files, false);
    assert!(line.contains("t.iamx:5:"), "{line}");
}

/// A resource the pattern matches: each wildcard replaced by a character (`None` for patterns
/// with policy variables, which need a context).
fn instance(pattern: &str) -> Option<String> {
    (!pattern.contains("${")).then(|| pattern.replace(['*', '?'], "x"))
}

/// The snapshot and the evaluator agree: on every example and purpose-made module, each
/// unconditional allow line of a principal's permissions (no deny touching the action) is
/// allowed by the evaluator on a resource of its pattern, each action the boundary removes is
/// denied, and each unconditional deny line denies.
#[test]
fn snapshots_agree_with_the_evaluator() {
    use iamx::aws::eval::{self, Request};
    use iamx::testing::perms::{Item, Res, build};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![root.join("examples"), root.join("tests/testing")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "iamx") {
                files.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut checked = 0;
    for rel in files {
        let c = driver::compile(&FsHost, std::slice::from_ref(&rel), &LintConfig::default());
        let program = c.program.as_ref().unwrap();
        let v = values();
        let r = v.resolver(program);
        let mut world = testing::World::new(program, &r);
        let mut x = build::Expander::default();
        for p in world.all() {
            let perms = build::perms(&mut x, &p);
            let mut ctx = testing::context::RequestContext::default();
            ctx.derive_principal(&p);
            let set = p.policy_set();
            let ask = |action: &str, resource: &str| {
                let mut req = Request::new(p.request_principal(), action, resource);
                req.context = ctx.to_eval();
                eval::evaluate(&set, &req)
            };
            let lines = [
                (&perms.allows, true),
                (&perms.removed, false),
                (&perms.denies, false),
            ];
            for (entries, allowed) in lines {
                for e in entries.iter() {
                    let Item::Action { .. } = &e.item else {
                        continue;
                    };
                    let action = e.item.text();
                    let touched = perms.denies.iter().any(|d| d.item.covers_action(&action));
                    if allowed && (touched || !e.bounded.is_empty()) {
                        continue;
                    }
                    for g in e.grants.iter().filter(|g| g.conditions.is_empty()) {
                        let Res::On(pattern) = &g.res else { continue };
                        let Some(resource) = instance(pattern) else {
                            continue;
                        };
                        let d = ask(&action, &resource);
                        assert_eq!(
                            d.allowed(),
                            allowed,
                            "{}: {} {action} on {resource}: {d:?}",
                            rel.display(),
                            perms.key()
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 5000, "only {checked} lines checked");
}
