//! The documentation of diagnostics is generated from `iamx explain` and stays in step with the
//! codes the compiler emits.
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
    // Codes are typed (`ErrorCode`, `Lint`), so every code emitted is in the registry; what is
    // left to check is that no emit site passes a bare string and every entry explains itself.
    let mut sources = Vec::new();
    visit(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    for s in &sources {
        for bare in ["Diag::error(\"", "Diag::global(\"", "Diag::warning(\""] {
            assert!(
                !s.contains(bare),
                "a diagnostic built with a bare code: {bare}"
            );
        }
    }
    assert!(iamx::diag::registry::CODES.len() > 40);
    for e in iamx::diag::registry::CODES {
        let code = e.code.as_str();
        assert!(
            iamx::diag::registry::explain(code).is_some_and(|t| t.contains(e.title)),
            "{code} has no explanation"
        );
    }
    for lint in iamx::diag::Lint::names() {
        assert!(
            iamx::diag::registry::explain(lint).is_some(),
            "lint {lint} has no explanation"
        );
    }
}
