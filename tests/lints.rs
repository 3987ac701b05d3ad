//! Every lint has a case where it fires (`NAME__fires.iamx`) and a look-alike where it must not
//! (`NAME__quiet.iamx`) in tests/lints/; snapshots show the source and the diagnostics. Every
//! implemented lint must have both files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use iamx::diag;
use iamx::driver::{self, FsHost};
use iamx::lints::{LINTS, LintConfig};
use std::path::Path;

#[test]
fn lint_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::glob!("lints/*.iamx", |path| {
        let rel = path.strip_prefix(root).unwrap().to_path_buf();
        let stem = rel.file_stem().unwrap().to_string_lossy().into_owned();
        let (lint, kind) = stem.split_once("__").unwrap();
        let c = driver::compile(&FsHost, std::slice::from_ref(&rel), &LintConfig::default());
        assert!(!c.has_errors(), "{stem}: {:?}", c.diags);
        let fired = c.diags.iter().any(|d| d.code == lint);
        // `NAME__fires.iamx`, `NAME__fires_WHAT.iamx`, `NAME__quiet.iamx`, `NAME__quiet_WHAT.iamx`.
        match kind.split('_').next() {
            Some("fires") => assert!(fired, "{stem}: `{lint}` did not fire"),
            Some("quiet") => assert!(!fired, "{stem}: `{lint}` fired on a look-alike"),
            _ => panic!("{stem}: unknown case kind {kind}"),
        }
        let source = std::fs::read_to_string(path).unwrap();
        insta::assert_snapshot!(format!(
            "{source}\n----- diagnostics -----\n{}",
            diag::to_human(&c.diags, &c.files, false)
        ));
    });
}

#[test]
fn every_implemented_lint_has_both_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lints");
    for l in LINTS.iter().filter(|l| l.implemented) {
        for kind in ["fires", "quiet"] {
            assert!(
                dir.join(format!("{}__{kind}.iamx", l.name)).is_file(),
                "{} has no {kind} case",
                l.name
            );
        }
    }
}
