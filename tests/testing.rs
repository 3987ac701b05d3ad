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
    insta::glob!("testing/*.iamx", |path| {
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
