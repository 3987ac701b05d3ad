//! Every lint has a case where it fires (`NAME__fires.iamx`) and a look-alike where it must not
//! (`NAME__quiet.iamx`) in tests/lints/; snapshots show the source and the diagnostics. Every
//! implemented lint must have both files. A case whose first line is `// --account ID` is linted
//! as `iamx check --account ID` (the account being built).
use iamx::diag;
use iamx::diag::registry::LINTS;
use iamx::driver::{self, FsHost};
use iamx::lints::LintConfig;
use std::path::Path;

#[test]
fn lint_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::glob!("../lints", "*.iamx", |path| {
        let rel = path.strip_prefix(root).unwrap().to_path_buf();
        let stem = rel.file_stem().unwrap().to_string_lossy().into_owned();
        let (lint, kind) = stem.split_once("__").unwrap();
        let source = std::fs::read_to_string(path).unwrap();
        let config = LintConfig {
            account: source
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("// --account "))
                .map(|a| a.trim().to_string()),
            ..LintConfig::default()
        };
        let c = driver::compile(&FsHost, std::slice::from_ref(&rel), &config);
        assert!(!c.has_errors(), "{stem}: {:?}", c.diags);
        let fired = c.diags.iter().any(|d| d.code == lint);
        // `NAME__fires.iamx`, `NAME__fires_WHAT.iamx`, `NAME__quiet.iamx`, `NAME__quiet_WHAT.iamx`.
        match kind.split('_').next() {
            Some("fires") => assert!(fired, "{stem}: `{lint}` did not fire"),
            Some("quiet") => assert!(!fired, "{stem}: `{lint}` fired on a look-alike"),
            _ => panic!("{stem}: unknown case kind {kind}"),
        }
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

/// Issue 8, item 16: every entry of the condition-key table, end to end. A grant of
/// `iam:PutRolePolicy` on `*` under a positive condition on the key is reported by
/// `permissions_management` exactly when the table says the key does not narrow a grant; under
/// the negated operator it always is (the key is absent or another value passes); with
/// `if present` it is unless the key narrows and is in every request.
#[test]
fn every_condition_key_rule_end_to_end() {
    use iamx::aws::catalog::{KeyType, catalog};
    use iamx::aws::lint_data::conditions::{KEYS as CONDITION_KEYS, Meaning};
    let fires = |cond: &str| {
        let src = format!("policy p {{ allow iam:PutRolePolicy on * when {cond} }}\n");
        let c = driver::compile_str("keys.iamx", &src);
        assert!(!c.has_errors(), "{src}: {:?}", c.diags);
        c.diags.iter().any(|d| d.code == "permissions_management")
    };
    assert!(CONDITION_KEYS.len() > 60);
    for rule in CONDITION_KEYS {
        let key = match rule.key.strip_suffix('/') {
            Some(prefix) => format!("{prefix}/team"),
            None => rule.key.to_string(),
        };
        let info = catalog()
            .condition_key(&key)
            .unwrap_or_else(|| panic!("{key} is not a known condition key"));
        let value = match info.ty {
            KeyType::Arn => "\"arn:aws:iam::111122223333:role/x\"",
            KeyType::Bool => "true",
            KeyType::Numeric => "3600",
            KeyType::Date => "\"2030-01-01\"",
            KeyType::Ip => "\"10.0.0.0/8\"",
            KeyType::String | KeyType::Unknown => "\"x\"",
        };
        let any = if info.multi { "any " } else { "" };
        let narrows = rule.meaning == Meaning::Scope;
        assert_eq!(
            fires(&format!("{any}{key} == {value}")),
            !narrows,
            "{key}: {:?}, {}",
            rule.meaning,
            rule.why
        );
        assert_eq!(
            fires(&format!("{any}{key} == {value} if present")),
            !(narrows && rule.always),
            "{key} if present"
        );
        if !matches!(info.ty, KeyType::Bool) {
            assert!(fires(&format!("{any}{key} != {value}")), "{key} negated");
        }
    }
}
