//! Hostile and unlucky input (issue 9): sources are untrusted, so they must not read outside the
//! project, hang, exhaust memory, flood the terminal or put control characters on it, and
//! `build` must never lose a user's files. One test (or more) per promise of docs/security.md.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use iamx::driver::{self, Compilation, MemHost};
use iamx::lints::LintConfig;
use std::path::{Path, PathBuf};

const ROLE: &str = "role r { trust service \"ec2.amazonaws.com\" }\n";

fn compile(host: &MemHost, roots: &[&str], root: Option<&str>) -> Compilation {
    let roots: Vec<PathBuf> = roots.iter().map(PathBuf::from).collect();
    driver::compile_in(host, &roots, root.map(Path::new), &LintConfig::default())
}

fn codes(c: &Compilation) -> Vec<&str> {
    c.diags.iter().map(|d| d.code.as_str()).collect()
}

/// 9.1: `../../lib.iamx` is two levels up, not the file of the same name beside the importer.
#[test]
fn parent_dirs_resolve_to_the_right_file() {
    let host = MemHost::default()
        .with(
            "p/a/b/main.iamx",
            "use \"../../lib.iamx\" as lib\nrole r { trust service \"ec2.amazonaws.com\"\n attach lib.pol }\n",
        )
        .with("p/lib.iamx", "policy pol { allow s3:ListBucket on * }\n")
        .with("p/a/b/lib.iamx", "let wrong = 1\n");
    let c = compile(&host, &["p/a/b/main.iamx"], Some("p"));
    assert!(!c.has_errors(), "{:?}", c.diags);
    let p = c.program.unwrap();
    assert!(p.entity("lib_pol").is_some());
}

/// 9.2: imports stay inside the project root, whatever the path says.
#[test]
fn imports_cannot_leave_the_project() {
    let host = MemHost::default()
        .with(
            "p/main.iamx",
            "use \"/etc/passwd.iamx\" as a\nuse \"../outside.iamx\" as b\nuse \"./sub/../../outside.iamx\" as c\nuse \"./notes.txt\" as d\nuse \"./link.iamx\" as e\n",
        )
        .with("outside.iamx", ROLE)
        .with("p/notes.txt", "secret")
        .with("etc/passwd.iamx", ROLE)
        .link("p/link.iamx", "outside.iamx");
    let c = compile(&host, &["p/main.iamx"], None);
    assert_eq!(codes(&c), ["E0308", "E0308", "E0308", "E0310", "E0308"]);
    for d in &c.diags {
        assert!(d.primary.is_some(), "{d:?}");
    }
    // Nothing but the root module was read.
    assert_eq!(c.files.get(1).ok().map(|_| ()), None);
    // With a wider root the same imports (but the absolute one) are allowed.
    let c = compile(&host, &["p/main.iamx"], Some(""));
    assert_eq!(codes(&c), ["E0308", "E0310"], "{:?}", c.diags);
}

/// 9.8: the loader does not recurse without bound (a chain of a thousand modules).
#[test]
fn import_chains_are_bounded() {
    let mut host = MemHost::default();
    for i in 0..1000 {
        host = host.with(
            &format!("m{i}.iamx"),
            &format!("use \"./m{}.iamx\" as next\nlet v{i} = 1\n", i + 1),
        );
    }
    let c = compile(&host, &["m0.iamx"], None);
    assert!(codes(&c).contains(&"E0311"), "{:?}", codes(&c));
    assert!(c.files.get(driver::MAX_IMPORT_DEPTH + 1).is_err());
}
