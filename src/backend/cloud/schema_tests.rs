//! The schema test both clouds' terraform backends share: the provider schema tables extracted
//! from the CDK for Terraform packages (`scripts/schema/out/{google,azurerm}-*.tsv`), and a
//! checker that walks the emitted HCL and reports every resource type, argument, nested block
//! and reference the tables do not have, and every required argument missing. Each cloud's
//! `terraform/schema_tests.rs` feeds it its module and its examples.

use crate::backend::hcl::{Block, Expr, Structure, TPart};
use std::collections::HashMap;
use std::path::PathBuf;

/// One row: form, required, settable.
#[derive(Clone, Debug)]
pub struct Row {
    pub form: String,
    pub required: bool,
    pub settable: bool,
}

/// type -> path -> row (resources only)
pub type Table = HashMap<String, HashMap<String, Row>>;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The resource rows of every `scripts/schema/out/{prefix}*.tsv` table, by file name.
pub fn tables(prefix: &str) -> Vec<(String, Table)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root().join("scripts/schema/out")).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with(prefix) && name.ends_with(".tsv")) {
            continue;
        }
        let mut t = Table::new();
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if line.starts_with('#') || f[0] != "resource" {
                continue;
            }
            let row = Row {
                form: f[3].into(),
                required: f[4] == "true",
                settable: f[4] == "true" || f[5] == "true",
            };
            t.entry(f[1].into()).or_default().insert(f[2].into(), row);
        }
        out.push((name, t));
    }
    assert!(!out.is_empty(), "no {prefix} schema table");
    out
}

/// The traversals an expression reads (`aws_iam_role.x.arn`, `google_project.p.number`);
/// the AWS schema test reads them the same way.
pub fn refs(e: &Expr, out: &mut Vec<String>) {
    let mut push = |s: &str| {
        for word in s.split(|c: char| !(c.is_ascii_alphanumeric() || "._-".contains(c))) {
            if word.contains('.') && word.starts_with(|c: char| c.is_ascii_lowercase()) {
                out.push(word.to_string());
            }
        }
    };
    match e {
        Expr::Raw(r) => push(r),
        Expr::Template(parts) => parts.iter().for_each(|p| {
            if let TPart::Interp(x) = p {
                push(x);
            }
        }),
        Expr::List(items) | Expr::Call(_, items) => items.iter().for_each(|i| refs(i, out)),
        Expr::Object(entries) => entries.iter().for_each(|(_, v)| refs(v, out)),
        Expr::Number(_) | Expr::Bool(_) => {}
    }
}

/// Walks emitted blocks against the tables: what it finds wrong, the references it saw, the
/// resource types written.
pub struct Checker<'a> {
    pub tables: &'a [(String, Table)],
    pub problems: Vec<String>,
    pub refs: Vec<String>,
    pub types: Vec<String>,
}

impl<'a> Checker<'a> {
    pub fn new(tables: &'a [(String, Table)]) -> Self {
        Checker {
            tables,
            problems: vec![],
            refs: vec![],
            types: vec![],
        }
    }

    fn body(&mut self, ty: &str, prefix: &str, body: &[Structure]) {
        let mut written = Vec::new();
        for s in body {
            let (path, form) = match s {
                // A meta-argument of every resource, not the provider's.
                Structure::Attr(n, e) if n == "depends_on" => {
                    refs(e, &mut self.refs);
                    continue;
                }
                Structure::Attr(n, e) => {
                    refs(e, &mut self.refs);
                    (format!("{prefix}{n}"), "attribute")
                }
                Structure::Block(b) => (format!("{prefix}{}", b.ident), "block"),
                _ => continue,
            };
            for (name, t) in self.tables {
                match t.get(ty).and_then(|m| m.get(&path)) {
                    Some(r) if r.form == form && r.settable => {}
                    other => self
                        .problems
                        .push(format!("`{ty}`: `{path}` ({form}) is {other:?} in {name}")),
                }
            }
            if let Structure::Block(b) = s {
                self.body(ty, &format!("{path}."), &b.body);
            }
            written.push(path);
        }
        // Every required argument at this level is written.
        for (name, t) in self.tables {
            for (path, r) in t.get(ty).into_iter().flatten() {
                let here = path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| !rest.contains('.'));
                if here && r.required && !written.contains(path) {
                    self.problems
                        .push(format!("`{ty}`: required `{path}` missing ({name})"));
                }
            }
        }
    }

    pub fn top(&mut self, b: &Block) {
        match (b.ident.as_str(), b.labels.first()) {
            ("resource", Some(ty)) => {
                self.types.push(ty.clone());
                self.body(ty, "", &b.body);
            }
            _ => {
                for s in &b.body {
                    if let Structure::Attr(_, e) = s {
                        refs(e, &mut self.refs);
                    }
                }
            }
        }
    }

    pub fn references(&mut self) {
        for r in std::mem::take(&mut self.refs) {
            let names: Vec<&str> = r.split('.').collect();
            let (ty, attr) = match names.as_slice() {
                ["var" | "local", ..] => continue,
                [ty, _, attr, ..] => (*ty, *attr),
                _ => continue,
            };
            for (name, t) in self.tables {
                if !t.get(ty).is_some_and(|m| m.contains_key(attr)) {
                    self.problems
                        .push(format!("reference `{r}` names no attribute in {name}"));
                }
            }
        }
    }
}

/// Every problem of a Terraform module's files against the tables, and the resource types it
/// writes.
pub fn check_model(
    tables: &[(String, Table)],
    model: Vec<(&'static str, Vec<Structure>)>,
) -> (Vec<String>, Vec<String>) {
    let mut ch = Checker::new(tables);
    for (_, body) in model {
        for s in &body {
            if let Structure::Block(b) = s {
                ch.top(b);
            }
        }
    }
    ch.references();
    (ch.problems, ch.types)
}

/// Every `examples/{prefix}*.iamx` checked with `check`, which returns its problems; at least
/// three examples.
pub fn examples_fit(prefix: &str, check: impl Fn(&str) -> Vec<String>) {
    let mut n = 0;
    for e in std::fs::read_dir(root().join("examples")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with(prefix) && name.ends_with(".iamx")) {
            continue;
        }
        let problems = check(&std::fs::read_to_string(&p).unwrap());
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        n += 1;
    }
    assert!(n >= 3, "only {n} {prefix} examples");
}

/// The problems the checker finds in one hand-written resource block, as one text.
pub fn problems_of(tables: &[(String, Table)], b: &Block) -> String {
    let mut c = Checker::new(tables);
    c.top(b);
    c.references();
    c.problems.join("\n")
}
