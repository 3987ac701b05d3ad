//! Real policies: every AWS managed policy document in ../shared/corpus/aws-managed/ is read
//! into the IR, and every action it names is looked up in the catalog. Unknown actions are
//! printed; they must stay under 1 % of the distinct actions.
//!
//! Set IAMX_CORPUS to read another directory.
use iamx::aws::catalog::{ActionLookup, catalog};
use iamx::ir::aws::DocKind;
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
        let doc = iamx::aws::policy_json::read::parse_str(&text, DocKind::Managed)
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

/// Runs the lints over every corpus policy (as a managed policy attached to a role, so the
/// whole-principal lints apply), counts per lint how many documents fire, and measures the
/// agreement with the `privesc`, `credentials_exposure` and `data_access` flags of
/// aws-managed-meta.json. `UPDATE_DOCS=1` rewrites docs/lints-corpus.md; otherwise the file
/// must match.
#[test]
fn lints_over_real_policies_and_agreement_with_the_dataset_flags() {
    use iamx::ir::aws::{
        Attachment, Common, DocKind, Document, Entity, ManagedPolicy, PolicyRef, Role,
    };
    use iamx::ir::{Program, Text};
    use iamx::span::Span;
    use std::collections::BTreeMap;

    let dir = corpus_dir();
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.parent().unwrap().join("aws-managed-meta.json")).unwrap(),
    )
    .unwrap();
    let flags: BTreeMap<String, &serde_json::Value> = meta
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap().to_string(), m))
        .collect();
    let common = |id: &str| Common {
        id: id.into(),
        name: Text::lit(id),
        name_explicit: false,
        path: "/".into(),
        description: None,
        tags: vec![],
        span: Span::default(),
        allow: vec![],
    };
    let mut per_lint: BTreeMap<String, usize> = BTreeMap::new();
    // (lint, flag) -> [tp, fp, fn, tn]
    let pairs = [
        ("privilege_escalation", "privesc"),
        ("credentials_exposure", "credentials_exposure"),
        ("data_exfiltration", "data_access"),
    ];
    let mut confusion: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut disagreements: BTreeMap<&str, (Vec<String>, Vec<String>)> = BTreeMap::new();
    let mut classes: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    let mut count = 0;
    for f in files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
    {
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        let doc = iamx::aws::policy_json::read::parse_str(
            &std::fs::read_to_string(f).unwrap(),
            DocKind::Managed,
        )
        .unwrap();
        let program = Program {
            params: vec![],
            entities: vec![
                Entity::Policy(ManagedPolicy {
                    common: common("policy"),
                    document: doc,
                    boundary_only: false,
                }),
                Entity::Role(Role {
                    common: common("role"),
                    max_session: None,
                    boundary: None,
                    trust: Document {
                        kind: DocKind::Trust,
                        statements: vec![],
                        span: Span::default(),
                    },
                    attachments: vec![Attachment {
                        policy: PolicyRef::Local("policy".into()),
                        span: Span::default(),
                    }],
                    inline: vec![],
                }),
            ],
            uses_current: vec![],
            tests: vec![],
            gcp: None,
            azure: None,
        };
        let diags = iamx::aws::lints::run(&program);
        // `IAMX_SHOW=Name1,Name2` prints what the lints say about those documents.
        if std::env::var("IAMX_SHOW").is_ok_and(|v| v.split(',').any(|n| n == name)) {
            for d in &diags {
                println!(
                    "{name}: {} {} [{}] {}",
                    d.code,
                    d.message,
                    d.primary.as_ref().map_or("", |l| l.message.as_str()),
                    d.help.as_deref().unwrap_or("")
                );
            }
        }
        let fired: std::collections::BTreeSet<String> =
            diags.into_iter().map(|d| d.code.to_string()).collect();
        for l in &fired {
            *per_lint.entry(l.clone()).or_default() += 1;
        }
        count += 1;
        let Some(m) = flags.get(&name) else { continue };
        for (lint, flag) in pairs {
            let want = m[flag].as_bool().unwrap_or(false);
            let got = fired.contains(lint);
            let c = confusion.entry(lint).or_default();
            c[match (got, want) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            }] += 1;
            let d = disagreements.entry(lint).or_default();
            if got && !want {
                d.0.push(name.clone());
            } else if want && !got {
                d.1.push(name.clone());
                let class = silence_class(&program, lint);
                classes.entry((lint, class)).or_default().push(name.clone());
            }
        }
    }
    let mut md = String::from(
        "# Lints over the AWS managed policies\n\nGenerated by `UPDATE_DOCS=1 cargo test --test it corpus::`: every policy of \
         `shared/corpus/aws-managed/` is linted as a managed policy attached to a role.\n\n## Documents each lint fires on\n\n\
         | lint | documents |\n|---|---:|\n",
    );
    md.push_str(&format!("| (documents) | {count} |\n"));
    for (l, n) in &per_lint {
        md.push_str(&format!("| `{l}` | {n} |\n"));
    }
    md.push_str("\n## Agreement with the iam-dataset flags\n\n| lint | flag | agree (both) | lint only | flag only | neither | precision | recall |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (lint, flag) in pairs {
        let [tp, fp, fnn, tn] = confusion[lint];
        let p = if tp + fp > 0 {
            100.0 * tp as f64 / (tp + fp) as f64
        } else {
            0.0
        };
        let r = if tp + fnn > 0 {
            100.0 * tp as f64 / (tp + fnn) as f64
        } else {
            0.0
        };
        md.push_str(&format!(
            "| `{lint}` | `{flag}` | {tp} | {fp} | {fnn} | {tn} | {p:.1} % | {r:.1} % |\n"
        ));
    }
    md.push_str("\n## Disagreements (first 15 of each)\n\n");
    for (lint, (lint_only, flag_only)) in &disagreements {
        md.push_str(&format!(
            "- `{lint}` only: {}\n",
            lint_only
                .iter()
                .take(15)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
        md.push_str(&format!(
            "- flag only (no `{lint}`): {}\n",
            flag_only
                .iter()
                .take(15)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    md.push_str(
        "\n## Why the lint is silent where the flag is set\n\nEach flag-only document, classified by what \
         it takes for the lint to fire: the same document with its conditions dropped, then also with every \
         resource widened to `*`, then also without its denies (docs/lints.md explains each class).\n\n\
         | lint | class | documents | examples |\n|---|---|---:|---|\n",
    );
    for ((lint, class), names) in &classes {
        md.push_str(&format!(
            "| `{lint}` | {class} | {} | {} |\n",
            names.len(),
            names.iter().take(4).cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    println!("{md}");
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/lints-corpus.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &md).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        md,
        "docs/lints-corpus.md is out of date: UPDATE_DOCS=1 cargo test --test it corpus::"
    );
}

/// Why `lint` stays silent on a document the dataset flags: the first of these edits that makes
/// it fire names the class (the dataset's flags read actions alone).
fn silence_class(program: &iamx::ir::Program, lint: &str) -> &'static str {
    use iamx::ir::aws::{Document, Effect};
    use iamx::ir::{Program, Text};
    let fires = |p: &Program| iamx::aws::lints::run(p).iter().any(|d| d.code == lint);
    let edit = |p: &mut Program, f: &dyn Fn(&mut Document)| {
        for e in &mut p.entities {
            for d in e.documents_mut() {
                f(d);
            }
        }
    };
    let mut p = program.clone();
    // Conditions come off the allows only: an unconditioned deny would take more away.
    edit(&mut p, &|d| {
        d.statements
            .iter_mut()
            .filter(|s| s.effect == Effect::Allow)
            .for_each(|s| s.conditions.clear())
    });
    if fires(&p) {
        return "only under conditions";
    }
    edit(&mut p, &|d| {
        for s in &mut d.statements {
            if s.effect == Effect::Allow && !s.resources.is_empty() {
                s.not_resource = false;
                s.resources.truncate(1);
                s.resources[0].text = Text::lit("*");
            }
        }
    });
    if fires(&p) {
        return "only on named resources";
    }
    edit(&mut p, &|d| {
        d.statements.retain(|s| s.effect == Effect::Allow)
    });
    if fires(&p) {
        return "denied";
    }
    if lint == "privilege_escalation" {
        "no complete escalation path"
    } else {
        "no listed action iamx can blame"
    }
}
