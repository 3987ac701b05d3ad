//! Differential test of the evaluator against an independent one, `@cloud-copilot/iam-simulate`
//! (npm, pinned in tests/oracle/package-lock.json; AGPL, so it only runs as a separate process and
//! nothing of it is in this repository). Thousands of generated (policies, request) cases go to
//! one Node process in a batch; every answer must equal iamx's.
//!
//! Runs when `IAMX_ORACLE=1` (CI: `.ci/run` installs the oracle with `npm ci` first) and fails if
//! the oracle is then missing; without the variable it runs only if the oracle is installed.
//! `IAMX_ORACLE_CASES=N` sets the number of cases (default 4,000).
#[cfg(test)]
use crate::eval_support as support;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use support::Case;

fn oracle_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle")
}

fn oracle_available() -> bool {
    let required = std::env::var("IAMX_ORACLE").is_ok_and(|v| v == "1");
    let installed = oracle_dir()
        .join("node_modules/@cloud-copilot/iam-simulate")
        .exists();
    assert!(
        installed || !required,
        "IAMX_ORACLE=1 but the oracle is not installed: run `npm ci` in tests/oracle"
    );
    installed
}

/// Run the oracle over `cases`: its outcome name per case id.
fn ask_oracle(cases: &[Case]) -> std::collections::HashMap<String, String> {
    let mut child = Command::new("node")
        .arg("run.mjs")
        .current_dir(oracle_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node runs");
    let mut input = Vec::new();
    for c in cases {
        serde_json::to_writer(&mut input, c).unwrap();
        input.push(b'\n');
    }
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("the oracle finishes");
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "the oracle failed");
    let mut answers = std::collections::HashMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        let answer = match (v["result"].as_str(), v["error"].as_str()) {
            (Some(r), _) => r.to_string(),
            (None, Some(e)) => format!("error: {e}"),
            _ => panic!("unexpected oracle line {line}"),
        };
        answers.insert(id, answer);
    }
    answers
}

fn generated(n: usize) -> Vec<Case> {
    let mut runner = TestRunner::deterministic();
    let strategy = support::generate::case();
    (0..n)
        .map(|i| {
            let mut c = strategy.new_tree(&mut runner).unwrap().current();
            c.id = format!("g{i}");
            c
        })
        .collect()
}

/// Smaller cases: one document, statement, condition, list item or context key fewer.
fn reductions(c: &Case) -> Vec<Case> {
    let mut out = Vec::new();
    for i in 0..c.identity.len() {
        let mut r = c.clone();
        r.identity.remove(i);
        out.push(r);
    }
    if c.boundary.is_some() {
        out.push(Case {
            boundary: None,
            ..c.clone()
        });
    }
    if c.resource_policy.is_some() {
        out.push(Case {
            resource_policy: None,
            ..c.clone()
        });
    }
    let n_docs = c.identity.len()
        + usize::from(c.boundary.is_some())
        + usize::from(c.resource_policy.is_some());
    for d in 0..n_docs {
        let doc = doc_at(c, d);
        let statements = doc["Statement"].as_array().cloned().unwrap_or_default();
        for (s, st) in statements.iter().enumerate() {
            let mut edits: Vec<serde_json::Value> = Vec::new();
            if statements.len() > 1 {
                let mut v = statements.clone();
                v.remove(s);
                edits.push(serde_json::Value::Array(v));
            }
            let obj = st.as_object().unwrap();
            for (k, val) in obj {
                if let Some(items) = val.as_array() {
                    for item in items {
                        let mut st2 = obj.clone();
                        st2.insert(k.clone(), item.clone());
                        edits.push(replace(&statements, s, st2));
                    }
                }
                if k == "Condition" {
                    let mut st2 = obj.clone();
                    st2.remove("Condition");
                    edits.push(replace(&statements, s, st2));
                    for (op, keys) in val.as_object().unwrap() {
                        for key in keys.as_object().unwrap().keys() {
                            let mut cond = val.clone();
                            cond[op].as_object_mut().unwrap().remove(key);
                            if cond[op].as_object().unwrap().is_empty() {
                                cond.as_object_mut().unwrap().remove(op);
                            }
                            let mut st2 = obj.clone();
                            st2.insert("Condition".into(), cond);
                            edits.push(replace(&statements, s, st2));
                        }
                    }
                }
            }
            for e in edits {
                let mut r = c.clone();
                set_statements(&mut r, d, e);
                out.push(r);
            }
        }
    }
    for k in c.request.context.keys() {
        let mut r = c.clone();
        r.request.context.remove(k);
        out.push(r);
    }
    out
}

fn replace(
    statements: &[serde_json::Value],
    i: usize,
    st: serde_json::Map<String, serde_json::Value>,
) -> serde_json::Value {
    let mut v = statements.to_vec();
    v[i] = serde_json::Value::Object(st);
    serde_json::Value::Array(v)
}

fn doc_at(c: &Case, d: usize) -> serde_json::Value {
    let all: Vec<&serde_json::Value> = c
        .identity
        .iter()
        .chain(c.boundary.iter())
        .chain(c.resource_policy.iter())
        .collect();
    all[d].clone()
}

fn set_statements(c: &mut Case, d: usize, statements: serde_json::Value) {
    let all: Vec<&mut serde_json::Value> = c
        .identity
        .iter_mut()
        .chain(c.boundary.iter_mut())
        .chain(c.resource_policy.iter_mut())
        .collect();
    all.into_iter().nth(d).unwrap()["Statement"] = statements;
}

/// Shrink disagreeing cases, asking the oracle once per round for every candidate.
fn shrink(mut cases: Vec<Case>) -> Vec<Case> {
    for _round in 0..40 {
        let mut candidates = Vec::new();
        for (i, c) in cases.iter().enumerate() {
            for (j, mut r) in reductions(c).into_iter().enumerate() {
                r.id = format!("{i}/{j}");
                candidates.push((i, r));
            }
        }
        if candidates.is_empty() {
            break;
        }
        let only: Vec<Case> = candidates.iter().map(|(_, r)| r.clone()).collect();
        let answers = ask_oracle(&only);
        let mut progressed = false;
        let mut taken = vec![false; cases.len()];
        for (i, r) in candidates {
            if taken[i] {
                continue;
            }
            if answers.get(&r.id).is_some_and(|a| a != support::run(&r)) {
                let id = cases[i].id.clone();
                cases[i] = Case { id, ..r };
                taken[i] = true;
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    cases
}

#[test]
fn agrees_with_iam_simulate_on_generated_cases() {
    if !oracle_available() {
        eprintln!("skipped: the oracle is not installed (npm ci in tests/oracle; IAMX_ORACLE=1)");
        return;
    }
    let n = std::env::var("IAMX_ORACLE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4_000);
    let cases = generated(n);
    let answers = ask_oracle(&cases);
    let mut outcomes = std::collections::BTreeMap::new();
    let mut disagreements = Vec::new();
    for c in &cases {
        let ours = support::run(c);
        let theirs = answers.get(&c.id).map_or("missing", String::as_str);
        *outcomes.entry(ours).or_insert(0usize) += 1;
        if ours != theirs {
            disagreements.push((c, ours, theirs.to_string()));
        }
    }
    eprintln!(
        "{n} cases; iamx outcomes: {outcomes:?}; disagreements: {}",
        disagreements.len()
    );
    let shown: Vec<Case> = disagreements.iter().map(|(c, _, _)| (*c).clone()).collect();
    for c in shrink(shown).iter().take(12) {
        let theirs = ask_oracle(std::slice::from_ref(c))
            .remove(&c.id)
            .unwrap_or_default();
        eprintln!(
            "--- {} (shrunk): iamx {}, iam-simulate {theirs}\n{}",
            c.id,
            support::run(c),
            serde_json::to_string(c).unwrap()
        );
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements",
        disagreements.len()
    );
    // The universe must exercise every outcome, or the comparison proves little.
    assert!(outcomes.len() == 3, "{outcomes:?}");
}

#[test]
fn agrees_with_iam_simulate_on_the_documented_table() {
    if !oracle_available() {
        eprintln!("skipped: the oracle is not installed (npm ci in tests/oracle; IAMX_ORACLE=1)");
        return;
    }
    let cases: Vec<Case> = support::table()
        .into_iter()
        .filter(|c| c.trust.is_none())
        .collect();
    let answers = ask_oracle(&cases);
    let mut bad = Vec::new();
    for c in &cases {
        let theirs = answers.get(&c.id).map_or("missing", String::as_str);
        if c.expect.as_deref() != Some(theirs) {
            bad.push(format!(
                "{}: documented {:?}, iam-simulate {theirs}",
                c.id, c.expect
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_oracle_disagrees_where_docs_evaluation_md_says() {
    if !oracle_available() {
        eprintln!("skipped: the oracle is not installed (npm ci in tests/oracle; IAMX_ORACLE=1)");
        return;
    }
    let cases = support::divergences();
    let answers = ask_oracle(&cases);
    for c in &cases {
        let theirs = answers.get(&c.id).map_or("missing", String::as_str);
        assert_ne!(
            c.expect.as_deref(),
            Some(theirs),
            "{}: the oracle now agrees with iamx; drop the divergence from docs/evaluation.md",
            c.id
        );
        assert_eq!(support::run(c), c.expect.as_deref().unwrap(), "{}", c.id);
    }
}
