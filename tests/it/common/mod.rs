//! Helpers shared by the test modules.

use iamx::backend::OutputFile;

pub mod azure_gen;
pub mod prefixes;

/// Output files as one text for a snapshot: `=== path ===` then the contents, in order.
pub fn render(files: &[OutputFile]) -> String {
    files
        .iter()
        .map(|f| {
            format!(
                "=== {} ===\n{}",
                f.path,
                String::from_utf8_lossy(&f.contents)
            )
        })
        .collect()
}

/// Runs the built `iamx` in the repository root, without colour.
pub fn iamx(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_iamx"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A fresh, empty temporary directory for one test of the binary `binary`.
pub fn tmp(binary: &str, name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("iamx-{binary}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Every `examples/{prefix}*.iamx`, compiled without errors: its file name and program.
pub fn examples(prefix: &str) -> Vec<(String, iamx::ir::Program)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with(prefix) && name.ends_with(".iamx")) {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        let c = iamx::driver::compile_str(&name, &src);
        let program = c.program.unwrap_or_else(|| panic!("{name}: {:?}", c.diags));
        out.push((name, program));
    }
    out
}

/// `iamx fmt` on `scrambled` written to a file of the binary `binary`'s: the formatted text,
/// after checking that a second format changes nothing and that it compiles.
pub fn fmt_idempotent(binary: &str, scrambled: &str) -> String {
    let dir = tmp(binary, "fmt");
    let f = dir.join("s.iamx");
    std::fs::write(&f, scrambled).unwrap();
    let o = iamx(&["fmt", f.to_str().unwrap()]);
    assert!(o.status.success(), "{o:?}");
    let once = std::fs::read_to_string(&f).unwrap();
    let o = iamx(&["fmt", "--check", f.to_str().unwrap()]);
    assert!(o.status.success(), "not idempotent: {o:?}");
    let c = iamx::driver::compile_str("s.iamx", &once);
    assert!(!c.has_errors(), "{:?}", c.diags);
    once
}

/// The json diagnostics of `src` (compiled as `name`) beside the source, for a snapshot; and
/// a check that every structured fix applied (the LSP's quick fixes) removes its diagnostic.
pub fn json_with_fixes(name: &str, src: &str) -> String {
    let c = iamx::driver::compile_str(name, src);
    let json = iamx::diag::to_json(&c.diags, &c.files);
    let mut fixed = src.to_string();
    let mut fixes: Vec<_> = c.diags.iter().filter_map(|d| d.fix(src)).collect();
    assert!(
        !fixes.is_empty(),
        "{name}: no structured fix in {:?}",
        c.diags
    );
    fixes.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    for (span, text) in &fixes {
        fixed.replace_range(span.start..span.end, text);
    }
    let after = iamx::driver::compile_str(name, &fixed);
    for d in c.diags.iter().filter(|d| d.suggestion.is_some()) {
        assert!(
            !after.diags.iter().any(|a| a.code == d.code),
            "{name}: `{}` is still there after the fix:\n{fixed}",
            d.message
        );
    }
    format!("{src}\n----- json -----\n{json}")
}

/// Runs `body` in a fresh process of this test binary: the test re-runs itself alone
/// (`--exact NAME`) with `IAMX_FRESH_PROCESS` set, and the child runs `body`. For tests of
/// process-wide state (which catalogs are loaded) that another test in this binary could touch
/// first. Fails if the child fails or did not run exactly that one test.
pub fn in_fresh_process(test: &str, body: fn()) {
    if std::env::var_os("IAMX_FRESH_PROCESS").is_some() {
        body();
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--test-threads=1"])
        .env("IAMX_FRESH_PROCESS", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("test result: ok. 1 passed"),
        "{test} in a fresh process:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
