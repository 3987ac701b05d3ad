//! Real policies: every AWS managed policy document in ../shared/corpus/aws-managed/ is read
//! into the IR, and every action it names is looked up in the catalog. Unknown actions are
//! printed; they must stay under 1 % of the distinct actions.
//!
//! Set IAMX_CORPUS to read another directory.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use iamx::catalog::{ActionLookup, catalog};
use iamx::ir::DocKind;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    std::env::var_os("IAMX_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/aws-managed")
        })
}

#[test]
fn managed_policies_read_into_ir_and_actions_are_in_the_catalog() {
    let dir = corpus_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the corpus at {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() > 1000,
        "only {} policies in {}",
        files.len(),
        dir.display()
    );
    let mut actions = BTreeSet::new();
    let mut statements = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let doc = iamx::policy_json::parse_str(&text, DocKind::Managed)
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        statements += doc.statements.len();
        for s in &doc.statements {
            for a in &s.actions {
                actions.insert(a.name.clone());
            }
        }
    }
    let mut unknown = Vec::new();
    let mut empty_patterns = Vec::new();
    let mut concrete = 0;
    for a in &actions {
        if a == "*" {
            continue;
        }
        match catalog().lookup_action(a) {
            ActionLookup::Found(_) => concrete += 1,
            ActionLookup::Pattern(v) if !v.is_empty() => {}
            ActionLookup::Pattern(_) => empty_patterns.push(a.clone()),
            _ => {
                concrete += 1;
                unknown.push(a.clone());
            }
        }
    }
    println!(
        "corpus: {} policies, {statements} statements, {} distinct actions ({concrete} concrete); {} unknown ({:.2} %), {} patterns matching nothing",
        files.len(),
        actions.len(),
        unknown.len(),
        100.0 * unknown.len() as f64 / concrete as f64,
        empty_patterns.len()
    );
    println!("unknown actions: {}", unknown.join(", "));
    println!("patterns matching nothing: {}", empty_patterns.join(", "));
    assert!(
        unknown.len() * 100 < concrete,
        "{} of {concrete} actions unknown",
        unknown.len()
    );
}
