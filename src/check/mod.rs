//! Stage 4, type check and IAM rules: walks the resolved modules, evaluates expressions, checks
//! types, the catalog and IAM's rules, and builds the IR. Every error is collected; a declaration
//! with errors is still lowered as far as it goes so later declarations are checked too.
//!
//! May use: `ast`, `aws`, `diag`, `ir`, `refgraph`, `resolve`, `span`, `suggest`; never the lints, the backends or the driver.

mod budget;
mod calls;
mod cond;
mod cycles;
mod deps;
mod error;
mod eval;
mod expect;
mod lower;
mod misuse;
mod params;
mod props;
mod stmt;
mod trust;
mod types;

pub use cond::comparisons;
pub use error::CheckError;
pub use misuse::Misuse;
pub use params::param_value_error;

use crate::ast::{self, DeclKind, ResKind};
use crate::diag::Lint;
use crate::ir::aws::PolicyRef;
use crate::ir::{self, Part, Text};
use crate::resolve::{DeclRef, Graph};
use crate::span::Span;
use eval::{V, Value};
use std::collections::{HashMap, HashSet, VecDeque};

/// The longest output id: ids name files (`roles/ID/`) and resources of every target.
pub const MAX_ID: usize = 200;

pub struct Checker<'g> {
    graph: &'g Graph,
    errors: Vec<CheckError>,
    lets: HashMap<DeclRef, V>,
    in_progress: HashSet<DeclRef>,
    depth: usize,
    params: Vec<ir::Param>,
    queue: VecDeque<DeclRef>,
    queued: HashSet<DeclRef>,
    /// Declarations something referred to (for `unused_declaration`).
    used: HashSet<DeclRef>,
    deps: deps::Deps,
    /// Declarations whose lets have all been evaluated.
    prepared: HashSet<DeclRef>,
    /// Results of fn calls and template includes, by callee and argument values.
    calls: HashMap<(DeclRef, String), V>,
    includes: HashMap<(DeclRef, String), Vec<ir::aws::Statement>>,
    /// Units of values and statements built so far (see `budget::BUDGET`).
    spent: usize,
    reported_too_large: bool,
    /// An invalid value (reported where it was made) was skipped: no echo error for it.
    error_value: bool,
}

/// Check a module graph and build the IR, with the declarations of the root modules nothing
/// uses (for the lints). The IR is only meaningful when no errors were returned.
pub fn check(graph: &Graph) -> (ir::Program, Vec<ir::Unused>, Vec<CheckError>) {
    let (deps, cycle_errors) = deps::Deps::new(graph);
    let mut c = Checker {
        graph,
        errors: Vec::new(),
        lets: HashMap::new(),
        in_progress: HashSet::new(),
        depth: 0,
        params: Vec::new(),
        queue: VecDeque::new(),
        queued: HashSet::new(),
        used: HashSet::new(),
        deps,
        prepared: HashSet::new(),
        calls: HashMap::new(),
        includes: HashMap::new(),
        spent: 0,
        reported_too_large: false,
        error_value: false,
    };
    c.errors.extend(cycle_errors);
    c.register_params();
    c.check_signatures();
    for (mi, m) in graph.modules.iter().enumerate() {
        // A module of another cloud (`target gcp`) is that cloud's checker's.
        if !m.root || m.ast.is_other_cloud() {
            continue;
        }
        for (di, d) in m.ast.decls.iter().enumerate() {
            let r = DeclRef {
                module: mi,
                decl: di,
            };
            match &d.kind {
                DeclKind::Resource { .. } => c.need(r),
                DeclKind::Let { .. } => {
                    c.let_value(r, d.name.span);
                }
                _ => {}
            }
        }
    }
    let mut entities = Vec::new();
    while let Some(r) = c.queue.pop_front() {
        if let Some(e) = c.lower_entity(r) {
            entities.push(e);
        }
    }
    let tests = c.lower_tests();
    let mut program = ir::Program {
        params: std::mem::take(&mut c.params),
        entities,
        uses_current: vec![],
        tests,
        gcp: None,
        azure: None,
    };
    c.errors.extend(cycles::check(&mut program));
    c.errors.extend(
        crate::aws::quota::check(&program)
            .into_iter()
            .map(CheckError::from),
    );
    c.program_checks(&program);
    program.uses_current = uses_current(&program);
    let unused = c.unused();
    (program, unused, c.errors)
}

fn uses_current(p: &ir::Program) -> Vec<ir::Current> {
    let mut found = Vec::new();
    let mut visit = |t: &Text| {
        for part in &t.parts {
            if let Part::Current(c) = part {
                if !found.contains(c) {
                    found.push(*c);
                }
            }
        }
    };
    for e in &p.entities {
        let c = e.common();
        visit(&c.name);
        c.description.iter().for_each(&mut visit);
        c.tags.iter().for_each(|t| visit(&t.value));
        for (_, d) in e.documents() {
            for s in &d.statements {
                s.resources.iter().for_each(|r| visit(&r.text));
                s.principal
                    .iter()
                    .flat_map(|p| &p.values)
                    .for_each(&mut visit);
                s.conditions
                    .iter()
                    .flat_map(|c| &c.values)
                    .for_each(&mut visit);
            }
        }
        let refs: Vec<&PolicyRef> = match e {
            ir::aws::Entity::Role(r) => r
                .attachments
                .iter()
                .map(|a| &a.policy)
                .chain(&r.boundary)
                .collect(),
            ir::aws::Entity::User(u) => u
                .attachments
                .iter()
                .map(|a| &a.policy)
                .chain(&u.boundary)
                .collect(),
            ir::aws::Entity::Group(g) => g.attachments.iter().map(|a| &a.policy).collect(),
            _ => vec![],
        };
        for r in refs {
            if let PolicyRef::Arn(t) = r {
                visit(t);
            }
        }
    }
    let order = [
        ir::Current::Account,
        ir::Current::Region,
        ir::Current::Partition,
    ];
    order.into_iter().filter(|c| found.contains(c)).collect()
}

impl<'g> Checker<'g> {
    fn err(&mut self, e: CheckError) {
        self.errors.push(e);
    }

    /// Emit this resource declaration (it is a root declaration or something emitted uses it).
    fn need(&mut self, r: DeclRef) {
        if self.queued.insert(r) {
            self.queue.push_back(r);
        }
    }

    /// Lets, fns, templates, params and imports of the root modules that nothing used, unless
    /// the declaration says `@allow(unused_declaration)`.
    fn unused(&self) -> Vec<ir::Unused> {
        let mut out = Vec::new();
        for (mi, m) in self.graph.modules.iter().enumerate() {
            if !m.root || m.ast.is_other_cloud() {
                continue;
            }
            for (di, d) in m.ast.decls.iter().enumerate() {
                let kind = match d.kind {
                    DeclKind::Let { .. } => "let",
                    DeclKind::Fn { .. } => "fn",
                    DeclKind::Template { .. } => "template",
                    DeclKind::Param { .. } => "param",
                    DeclKind::Use(_) => "import",
                    _ => continue,
                };
                let allowed = d.attrs.iter().any(|a| {
                    a.name.name == "allow"
                        && a.args.iter().any(|x| matches!(x, ast::AttrArg::Pos(ast::Expr::Path(p)) if p.dotted() == "unused_declaration"))
                });
                if !allowed
                    && !self.used.contains(&DeclRef {
                        module: mi,
                        decl: di,
                    })
                {
                    out.push(ir::Unused {
                        kind,
                        name: d.name.name.clone(),
                        span: d.name.span,
                    });
                }
            }
        }
        out
    }

    /// Types in fn and template signatures are checked whether or not anything calls them.
    fn check_signatures(&mut self) {
        let graph = self.graph;
        for m in &graph.modules {
            for d in &m.ast.decls {
                let (params, ret) = match &d.kind {
                    DeclKind::Fn { params, ret, .. } => (params, ret.as_ref()),
                    DeclKind::Template { params, .. } => (params, None),
                    _ => continue,
                };
                let mut seen: HashMap<&str, Span> = HashMap::new();
                for p in params {
                    self.parse_type(&p.ty);
                    if let Some(first) = seen.insert(&p.name.name, p.name.span) {
                        self.err(CheckError::DuplicateName {
                            what: "parameter".into(),
                            name: p.name.name.clone(),
                            span: p.name.span,
                            first,
                        });
                    }
                }
                if let Some(t) = ret {
                    self.parse_type(t);
                }
            }
        }
    }

    fn decl_allow(&mut self, attrs: &[ast::Attr]) -> Vec<Lint> {
        let mut allow = Vec::new();
        for a in attrs {
            if a.name.name == "allow" {
                allow.extend(self.allow_attr(a));
            } else if a.name.name == "boundary" {
                // Read by `boundary_only`; reported there when misplaced.
            } else {
                self.err(CheckError::UnknownAttribute {
                    name: a.name.name.clone(),
                    span: a.name.span,
                });
            }
        }
        allow
    }

    /// `@boundary` on a policy: it is meant only as a permissions boundary (it grants nothing,
    /// and the statement lints leave it alone). Anywhere else, or with arguments, an error.
    fn boundary_only(&mut self, attrs: &[ast::Attr], kind: ResKind) -> bool {
        let mut found = false;
        for a in attrs.iter().filter(|a| a.name.name == "boundary") {
            if kind != ResKind::Policy || !a.args.is_empty() {
                self.err(CheckError::Misuse {
                    misuse: Misuse::BoundaryArgs,
                    span: a.span,
                });
            }
            found = true;
        }
        found && kind == ResKind::Policy
    }

    /// An `attach` of a policy declared `@boundary`: a boundary caps a principal, it does not
    /// grant, so attaching it is almost certainly a mistake.
    fn not_a_boundary(&mut self, v: &eval::V) {
        let Value::Decl(r) = &v.val else {
            return;
        };
        let decl = self.graph.decl(*r);
        if decl.attrs.iter().any(|a| a.name.name == "boundary") {
            self.err(CheckError::Misuse {
                misuse: Misuse::BoundaryAttached {
                    name: decl.name.name.clone(),
                },
                span: v.span,
            });
        }
    }

    fn program_checks(&mut self, p: &ir::Program) {
        let mut names: HashMap<(ir::Kind, String), Span> = HashMap::new();
        let mut ids: HashMap<String, (String, Span)> = HashMap::new();
        for e in &p.entities {
            let c = e.common();
            if c.id.len() > MAX_ID {
                self.err(CheckError::IdTooLong {
                    id: c.id.clone(),
                    len: c.id.len(),
                    limit: MAX_ID,
                    span: c.span,
                });
            }
            match ids.get(&c.id.to_lowercase()) {
                Some((other, first)) if *other == c.id => self.err(CheckError::DuplicateName {
                    what: "output id".into(),
                    name: c.id.clone(),
                    span: c.span,
                    first: *first,
                }),
                Some((other, first)) => self.err(CheckError::CaseCollision {
                    id: c.id.clone(),
                    other: other.clone(),
                    span: c.span,
                    first: *first,
                }),
                None => {
                    ids.insert(c.id.to_lowercase(), (c.id.clone(), c.span));
                }
            }
            if let Some(n) = c.name.as_lit() {
                let key = (e.kind(), n.to_ascii_lowercase());
                match names.get(&key) {
                    Some(first) => self.err(CheckError::DuplicateName {
                        what: format!("{} name", e.kind().keyword()),
                        name: n,
                        span: c.span,
                        first: *first,
                    }),
                    None => {
                        names.insert(key, c.span);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::driver::compile_str;
    use crate::ir::Part;
    use crate::ir::aws::Entity;

    fn codes(src: &str) -> Vec<String> {
        compile_str("t.iamx", src)
            .diags
            .into_iter()
            .map(|d| d.code.as_str().to_string())
            .collect()
    }

    #[test]
    fn lowers_trust_kinds_and_default_actions() {
        let c = compile_str(
            "t.iamx",
            r#"
            oidc_provider gh { url = "https://token.actions.githubusercontent.com" }
            role r {
              trust account "111122223333"
              trust oidc gh when token.actions.githubusercontent.com:sub like "repo:acme/*"
              trust anyone actions sts:TagSession when aws:PrincipalOrgID == "o-abc"
            }
        "#,
        );
        assert!(!c.has_errors(), "{:?}", c.diags);
        let p = c.program.unwrap();
        let Some(Entity::Role(r)) = p.entity("r") else {
            panic!()
        };
        let s = &r.trust.statements;
        assert_eq!(s[0].actions[0].name, "sts:AssumeRole");
        assert!(
            matches!(&s[0].principal.as_ref().unwrap().values[0].parts[..], [Part::Lit(a), Part::Current(_), Part::Lit(b)] if a == "arn:" && b == ":iam::111122223333:root")
        );
        assert_eq!(s[1].actions[0].name, "sts:AssumeRoleWithWebIdentity");
        assert_eq!(s[1].conditions[0].operator.name(), "StringLike");
        assert_eq!(s[2].actions[0].name, "sts:TagSession");
    }

    #[test]
    fn operators_follow_key_types() {
        let c = compile_str(
            "t.iamx",
            r#"policy p { allow s3:ListBucket on *
            when aws:MultiFactorAuthAge < 3600
            when any aws:TagKeys like "team*" if present
            when aws:SourceArn not like "arn:aws:sns:*"
            when aws:SourceIp not in ["10.0.0.0/8"]
            when aws:PrincipalTag/team exists }"#,
        );
        assert!(c.diags.is_empty(), "{:?}", c.diags);
        let p = c.program.unwrap();
        let Some(Entity::Policy(pol)) = p.entity("p") else {
            panic!()
        };
        let ops: Vec<String> = pol.document.statements[0]
            .conditions
            .iter()
            .map(|c| c.operator.name())
            .collect();
        assert_eq!(
            ops,
            [
                "NumericLessThan",
                "ForAnyValue:StringLikeIfExists",
                "ArnNotLike",
                "NotIpAddress",
                "Null"
            ]
        );
    }

    #[test]
    fn collects_errors_from_every_declaration() {
        let cs = codes(
            "policy a { allow s3:Nope on * }\npolicy b { allow s4:GetObject on * }\nrole c { }",
        );
        assert_eq!(cs, ["E0502", "E0501", "E0411"]);
    }
}
