//! The documentation of diagnostics is generated from `iamx explain` and stays in step with the
//! codes the compiler emits.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use std::path::Path;

#[test]
fn diagnostics_md_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
    let expected = iamx::diag::registry::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/diagnostics.md is out of date; run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}

fn visit(dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            visit(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(std::fs::read_to_string(&p).unwrap());
        }
    }
}

#[test]
fn every_emitted_code_is_explained() {
    let mut sources = Vec::new();
    visit(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let mut used = std::collections::BTreeSet::new();
    for s in &sources {
        for (i, _) in s.match_indices("\"E0") {
            let code = &s[i + 1..i + 6];
            if code.len() == 5 && code[1..].bytes().all(|b| b.is_ascii_digit()) {
                used.insert(code.to_string());
            }
        }
    }
    assert!(used.len() > 40, "{used:?}");
    for code in &used {
        assert!(
            iamx::diag::registry::explain(code).is_some(),
            "{code} is emitted but has no explanation"
        );
    }
    for lint in iamx::lints::names() {
        assert!(
            iamx::diag::registry::explain(lint).is_some(),
            "lint {lint} has no explanation"
        );
    }
}
