//! Fuzz target: any bytes as a source file, through the whole pipeline (lexer, parser, resolver,
//! checker, lints), every diagnostic renderer (human plain and coloured, json, sarif) and every
//! target (json with values for every param and `current.*`, terraform, cloudformation), and the
//! formatter (never an internal error, idempotent).
//! Besides "no panic", libFuzzer's `-timeout` and `-rss_limit_mb` (set by scripts/fuzz.sh)
//! make a hang or a memory blow-up a failure, and the plain human output must be terminal-safe.
#![no_main]

use iamx::backend::{self, BuildOptions};
use iamx::diag;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let c = iamx::driver::compile_str("fuzz.iamx", &src);
    let plain = diag::to_human(&c.diags, &c.files, false);
    assert!(
        plain
            .chars()
            .all(|ch| ch == '\n' || !diag::needs_escape(ch)),
        "a control character reached the terminal"
    );
    let _ = diag::to_human(&c.diags, &c.files, true);
    let _ = diag::to_json(&c.diags, &c.files);
    let _ = iamx::diag::sarif::to_sarif(&c.diags, &c.files);
    // The formatter refuses what does not parse; what it formats keeps its meaning (checked
    // inside `format`: an internal error is a bug) and formats to itself.
    match iamx::fmt::format(&src, 0) {
        Ok(out) => assert_eq!(
            iamx::fmt::format(&out, 0).ok().as_deref(),
            Some(out.as_str()),
            "formatting is not idempotent"
        ),
        Err(iamx::fmt::FmtError::Syntax(_)) => {}
        Err(e) => panic!("the formatter failed: {e:?}"),
    }
    let Some(program) = &c.program else {
        return;
    };
    let opts = BuildOptions {
        params: program
            .params
            .iter()
            .map(|p| (p.name.clone(), "x".to_string()))
            .collect(),
        account: Some("111122223333".into()),
        region: Some("eu-west-1".into()),
        partition: None,
    };
    let _ = backend::json::emit(program, &opts);
    let _ = backend::terraform::emit(program);
    let _ = backend::cloudformation::emit(program);
});
