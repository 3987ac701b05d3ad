//! Every file in tests/errors/ is compiled; the snapshot shows its source and the rendered
//! diagnostics side by side. Files named `warn_*` must produce warnings only, all others at
//! least one error.
use iamx::diag::{self, Severity};
use iamx::driver::{self, FsHost};
use iamx::lints::LintConfig;
use std::path::{Path, PathBuf};

fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[test]
fn error_cases() {
    insta::glob!("../errors", "*.iamx", |path| {
        let rel = relative(path);
        let c = driver::compile(&FsHost, std::slice::from_ref(&rel), &LintConfig::default());
        let name = rel.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!c.diags.is_empty(), "{name}: no diagnostic");
        if name.starts_with("warn_") {
            assert!(
                c.diags.iter().all(|d| d.severity == Severity::Warning),
                "{name}: expected warnings only"
            );
        } else {
            assert!(c.has_errors(), "{name}: expected an error");
        }
        for d in &c.diags {
            assert!(
                d.primary.is_some(),
                "{name}: diagnostic `{}` has no span",
                d.message
            );
            assert!(
                !d.message.ends_with('.'),
                "{name}: message ends with a period: {}",
                d.message
            );
            assert!(
                d.message.chars().next().is_some_and(|c| !c.is_uppercase()),
                "{name}: message is not lowercase"
            );
        }
        let source = std::fs::read_to_string(path).unwrap();
        let rendered = diag::to_human(&c.diags, &c.files, false);
        insta::assert_snapshot!(format!("{source}\n----- diagnostics -----\n{rendered}"));
    });
}

#[test]
fn json_diagnostics_have_every_field() {
    let c = driver::compile(
        &FsHost,
        &[PathBuf::from("tests/errors/unknown_action.iamx")],
        &LintConfig::default(),
    );
    let v: serde_json::Value = serde_json::from_str(&diag::to_json(&c.diags, &c.files)).unwrap();
    let d = &v[0];
    for field in [
        "severity",
        "code",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "labels",
        "help",
    ] {
        assert!(d.get(field).is_some(), "missing `{field}`");
    }
    assert_eq!(d["code"], "E0502");
    assert_eq!(d["line"], 1);
    assert_eq!(d["column"], 18);
    assert_eq!(d["help"], "did you mean `s3:GetObject`?");
}

#[test]
fn one_run_reports_errors_of_every_declaration() {
    let c = driver::compile(
        &FsHost,
        &[PathBuf::from("tests/errors/parse_recovers_everywhere.iamx")],
        &LintConfig::default(),
    );
    let parse_errors = c
        .diags
        .iter()
        .filter(|d| d.code.as_str().starts_with("E02"))
        .count();
    assert!(parse_errors >= 3, "{:?}", c.diags);
}

/// Every prefix of every example and error case (cut at many points, inside strings, comments and
/// declarations) compiles to diagnostics without a panic.
#[test]
fn truncated_sources_never_panic() {
    let mut files = Vec::new();
    for dir in ["examples", "examples/cross_account", "tests/errors"] {
        for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "iamx") {
                files.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let mut runs = 0;
    for src in &files {
        let cuts: Vec<usize> = (0..src.len())
            .filter(|i| src.is_char_boundary(*i))
            .step_by(11)
            .collect();
        for cut in cuts {
            let c = driver::compile_str("cut.iamx", &src[..cut]);
            let _ = diag::to_human(&c.diags, &c.files, false);
            let _ = diag::to_json(&c.diags, &c.files);
            runs += 1;
        }
    }
    assert!(runs > 500, "{runs}");
}

#[test]
fn absurd_nesting_is_refused_not_a_crash() {
    let deep = format!("let a = {}{}", "[".repeat(5_000), "]".repeat(5_000));
    let c = driver::compile_str("deep.iamx", &deep);
    assert!(c.diags.iter().any(|d| d.code == "E0204"), "{:?}", c.diags);
    // A chain of lets is valid in either declaration order and at any length (issue 9.8).
    let forward: Vec<String> = (0..2_000)
        .map(|i| format!("let a{i} = a{}\n", i + 1))
        .collect();
    let last = "let a2000 = \"arn:aws:s3:::b\"\npolicy p { allow s3:ListBucket on a0 }\n";
    for lines in [forward.clone(), forward.into_iter().rev().collect()] {
        let chain = format!("{}{last}", lines.concat());
        let c = driver::compile_str("chain.iamx", &chain);
        assert!(!c.has_errors(), "{:?}", c.diags.first());
    }
}
