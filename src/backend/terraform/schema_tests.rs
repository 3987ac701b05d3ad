//! Every argument, nested block and reference the terraform backend writes, checked against the
//! provider schema tables extracted from the CDKTF packages (scripts/schema/out) at both ends of
//! the pinned version range, on the examples and on a module that uses every declaration kind
//! and property. `scripts/validate/` runs the same check through Terraform's own parser.

use super::model;
use crate::backend::cloud::schema_tests::refs;
use crate::backend::hcl::{Block, Expr, Structure};
use crate::driver::{FsHost, compile, compile_str};
use crate::lints::LintConfig;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// (kind, type) -> path -> (form, settable)
type Table = HashMap<(String, String), HashMap<String, (String, bool)>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tables() -> Vec<(String, Table)> {
    let dir = root().join("scripts/schema/out");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("aws-") && name.ends_with(".tsv")) {
            continue;
        }
        let mut t = Table::new();
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let settable = f[4] == "true" || f[5] == "true";
            t.entry((f[0].into(), f[1].into()))
                .or_default()
                .insert(f[2].into(), (f[3].into(), settable));
        }
        out.push((name, t));
    }
    assert!(out.len() >= 2, "expected the oldest and newest tables");
    out
}

fn deprecated() -> HashSet<(String, String, String)> {
    let text = std::fs::read_to_string(root().join("scripts/schema/aws-deprecated.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].into(), f[1].into(), f[2].into())
        })
        .collect()
}

struct Checker<'a> {
    tables: &'a [(String, Table)],
    deprecated: &'a HashSet<(String, String, String)>,
    problems: Vec<String>,
    refs: Vec<String>,
}

impl Checker<'_> {
    fn body(&mut self, kind: &str, ty: &str, prefix: &str, body: &[Structure]) {
        for s in body {
            let (path, form) = match s {
                Structure::Attr(n, e) => {
                    refs(e, &mut self.refs);
                    (format!("{prefix}{n}"), "attribute")
                }
                Structure::Block(b) => (format!("{prefix}{}", b.ident), "block"),
                _ => continue,
            };
            for (name, t) in self.tables {
                match t.get(&(kind.into(), ty.into())).and_then(|m| m.get(&path)) {
                    Some((f, true)) if f == form => {}
                    other => self.problems.push(format!(
                        "{kind} `{ty}`: `{path}` ({form}) is {other:?} in {name}"
                    )),
                }
            }
            if self
                .deprecated
                .contains(&(kind.into(), ty.into(), path.clone()))
            {
                self.problems
                    .push(format!("{kind} `{ty}`: `{path}` is deprecated"));
            }
            if let Structure::Block(b) = s {
                self.body(kind, ty, &format!("{path}."), &b.body);
            }
        }
    }

    fn top(&mut self, b: &Block) {
        match (b.ident.as_str(), b.labels.first()) {
            (kind @ ("resource" | "data"), Some(ty)) => {
                let kind = if kind == "resource" {
                    "resource"
                } else {
                    "data"
                };
                self.body(kind, ty, "", &b.body);
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

    fn references(&mut self) {
        for r in std::mem::take(&mut self.refs) {
            let names: Vec<&str> = r.split('.').collect();
            let (kind, ty, attr) = match names.as_slice() {
                ["var" | "local", ..] => continue,
                ["data", ty, _, attr, ..] => ("data", *ty, *attr),
                [ty, _, attr, ..] => ("resource", *ty, *attr),
                _ => continue,
            };
            for (name, t) in self.tables {
                if !t
                    .get(&(kind.into(), ty.into()))
                    .is_some_and(|m| m.contains_key(attr))
                {
                    self.problems
                        .push(format!("reference `{r}` names no attribute in {name}"));
                }
            }
            if self
                .deprecated
                .contains(&(kind.into(), ty.into(), attr.into()))
            {
                self.problems.push(format!("reference `{r}` is deprecated"));
            }
        }
    }
}

fn check(p: &crate::ir::Program) -> Vec<String> {
    let tables = tables();
    let deprecated = deprecated();
    let mut c = Checker {
        tables: &tables,
        deprecated: &deprecated,
        problems: vec![],
        refs: vec![],
    };
    for (_, body) in model(p, &super::Options::default()).0 {
        for s in &body {
            if let Structure::Block(b) = s {
                c.top(b);
            }
        }
    }
    c.references();
    c.problems
}

/// Every declaration kind, every property, doc comments on all of them, params of every type.
const EVERYTHING: &str = r#"
param env: String = "prod"
param partner: AccountId = "444455556666"
param office: Cidr = "203.0.113.0/24"
/// The data bucket policy
policy read { name = "read-${env}" path = "/p/" tags = { env: env }
  allow s3:GetObject on "arn:${current.partition}:s3:::d-${current.region}-${current.account}/*" }
/// A role
role app { name = "app" path = "/a/" max_session = 2h tags = { env: env } boundary = read
  trust service "ecs-tasks.amazonaws.com" when aws:SourceAccount == current.account
  trust account partner when sts:ExternalId == "x"
  attach read
  inline logs { allow logs:PutLogEvents on * } }
/// A user
user alice { name = "alice" path = "/u/" tags = { team: "x" } boundary = read
  attach read
  inline { allow sts:AssumeRole on app.arn when aws:SourceIp == office } }
/// A group
group devs { name = "devs" path = "/g/" members = [alice] attach read
  inline { allow s3:ListBucket on "arn:aws:s3:::b" } }
/// A profile
instance_profile prof { name = "prof" path = "/i/" role = app tags = { env: env } }
/// A provider
oidc_provider gh { url = "https://token.actions.githubusercontent.com"
  client_ids = ["sts.amazonaws.com"] thumbprints = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
  tags = { env: env } }
"#;

#[test]
fn every_argument_and_reference_is_in_the_provider_schema() {
    let c = compile_str("t.iamx", EVERYTHING);
    assert!(!c.has_errors(), "{:?}", c.diags);
    let problems = check(c.program.as_ref().unwrap());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_examples_fit_the_provider_schema() {
    let mut files = Vec::new();
    let mut dirs = vec![root().join("examples")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "iamx") {
                files.push(p);
            }
        }
    }
    assert!(!files.is_empty());
    for f in files {
        let rel = f
            .strip_prefix(root())
            .unwrap_or(Path::new(&f))
            .to_path_buf();
        let c = compile(&FsHost, std::slice::from_ref(&f), &LintConfig::default());
        let Some(p) = c.program.as_ref() else {
            panic!("{}: {:?}", rel.display(), c.diags)
        };
        let problems = check(p);
        assert!(problems.is_empty(), "{}: {problems:#?}", rel.display());
    }
}

#[test]
fn the_check_can_fail() {
    // A user's description (not an argument of aws_iam_user) and the deprecated region name.
    let tables = tables();
    let deprecated = deprecated();
    let mut c = Checker {
        tables: &tables,
        deprecated: &deprecated,
        problems: vec![],
        refs: vec![],
    };
    let mut b = Block::new("resource", &["aws_iam_user", "u"]);
    b.attr("description", Expr::str("x"))
        .attr("name", Expr::Raw("data.aws_region.current.name".into()));
    c.top(&b);
    c.references();
    assert!(
        c.problems.iter().any(|p| p.contains("`description`")),
        "{:?}",
        c.problems
    );
    assert!(
        c.problems.iter().any(|p| p.contains("deprecated")),
        "{:?}",
        c.problems
    );
}
