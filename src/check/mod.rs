//! Stage 4, type check and IAM rules: walks the resolved modules, evaluates expressions, checks
//! types, the catalog and IAM's rules, and builds the IR. Every error is collected; a declaration
//! with errors is still lowered as far as it goes so later declarations are checked too.

mod budget;
mod cond;
mod cycles;
mod deps;
mod error;
mod eval;
mod params;
mod props;
mod stmt;
mod trust;

pub use error::CheckError;
pub use params::param_value_error;

use crate::ast::{self, DeclKind, Item, ResKind};
use crate::aws::values;
use crate::diag::Lint;
use crate::ir::{self, DocKind, Part, PolicyRef, Text};
use crate::resolve::{DeclRef, Graph};
use crate::span::Span;
use eval::{Env, V, Value};
use props::name_limit;
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
    includes: HashMap<(DeclRef, String), Vec<ir::Statement>>,
    /// Units of values and statements built so far (see `budget::BUDGET`).
    spent: usize,
    reported_too_large: bool,
    /// An invalid value (reported where it was made) was skipped: no echo error for it.
    error_value: bool,
}

/// Check a module graph and build the IR. The IR is only meaningful when no errors were returned.
pub fn check(graph: &Graph) -> (ir::Program, Vec<CheckError>) {
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
        if !m.root {
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
    let mut program = ir::Program {
        params: std::mem::take(&mut c.params),
        entities,
        uses_current: vec![],
        unused: vec![],
    };
    c.errors.extend(cycles::check(&mut program));
    c.errors.extend(
        crate::aws::quota::check(&mut program)
            .into_iter()
            .map(CheckError::from),
    );
    c.program_checks(&program);
    program.uses_current = uses_current(&program);
    program.unused = c.unused();
    (program, c.errors)
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
            ir::Entity::Role(r) => r
                .attachments
                .iter()
                .map(|a| &a.policy)
                .chain(&r.boundary)
                .collect(),
            ir::Entity::User(u) => u
                .attachments
                .iter()
                .map(|a| &a.policy)
                .chain(&u.boundary)
                .collect(),
            ir::Entity::Group(g) => g.attachments.iter().map(|a| &a.policy).collect(),
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
            if !m.root {
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
                    what: "`@boundary` marks a policy meant only as a permissions boundary".into(),
                    span: a.span,
                    help: "write `@boundary` without arguments before a `policy`".into(),
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
                what: format!(
                    "`{}` is declared `@boundary`: it is not meant to be attached",
                    decl.name.name
                ),
                span: v.span,
                help: format!(
                    "use it as `boundary = {}`, or drop `@boundary` if it is meant to grant",
                    decl.name.name
                ),
            });
        }
    }

    fn lower_entity(&mut self, r: DeclRef) -> Option<ir::Entity> {
        let graph = self.graph;
        let decl = graph.decl(r);
        let DeclKind::Resource { kind, body } = &decl.kind else {
            return None;
        };
        let kind = *kind;
        let env = Env {
            module: r.module,
            vars: &[],
        };
        let errors_at_start = self.errors.len();
        let allow = self.decl_allow(&decl.attrs);
        let boundary_only = self.boundary_only(&decl.attrs, kind);
        let props = self.props(kind, body, env);
        let id = graph.emit_id(r);
        let name = match props.get("name") {
            Some(v) => self.text_prop(v, "name", name_limit(kind)),
            None => Text::lit(decl.name.name.clone()),
        };
        let path = match props.get("path") {
            Some(V {
                val: Value::Text(t),
                span,
                ..
            }) => match t.as_lit() {
                Some(p) => {
                    if let Some(reason) = values::path_problem(&p) {
                        self.err(CheckError::BadName {
                            what: "path".into(),
                            text: p.clone(),
                            reason,
                            span: *span,
                        });
                    }
                    p
                }
                None => {
                    self.err(CheckError::Misuse {
                        what: "a path must be known at compile time".into(),
                        span: *span,
                        help: "write a string literal such as \"/batch/\"".into(),
                    });
                    "/".into()
                }
            },
            Some(other) => {
                self.type_err("a path string", other);
                "/".into()
            }
            None => "/".into(),
        };
        let description = match props.get("description") {
            Some(v) => Some(self.text_prop(v, "description", 0)),
            None => decl.doc.as_ref().map(|d| {
                if let Some(reason) = values::description_problem(&d.node) {
                    self.err(CheckError::BadName {
                        what: "description".into(),
                        text: d.node.clone(),
                        reason,
                        span: d.span,
                    });
                }
                Text::lit(d.node.clone())
            }),
        };
        let tags = match props.get("tags") {
            Some(v) => self.tags(v),
            None => vec![],
        };
        let common = ir::Common {
            id,
            name_explicit: props.contains_key("name"),
            name,
            path,
            description,
            tags,
            span: decl.name.span,
            allow: allow.clone(),
        };
        let mut trust = Vec::new();
        let mut attachments = Vec::new();
        let mut inline: Vec<ir::InlinePolicy> = Vec::new();
        let mut statements = Vec::new();
        let mut unnamed = 0;
        for item in body {
            let place = format!("a {}", kind.keyword());
            match item {
                Item::Prop { .. } | Item::Error(_) => {}
                Item::Stmt(_) | Item::Include { .. } if kind == ResKind::Policy => {
                    self.lower_items(
                        std::slice::from_ref(item),
                        env,
                        &allow,
                        &mut statements,
                        "a policy",
                    );
                }
                Item::Stmt(s) => self.err(CheckError::NotAllowed {
                    item: "a statement".into(),
                    place,
                    span: s.span,
                    help: matches!(kind, ResKind::Role | ResKind::User | ResKind::Group).then(
                        || {
                            "put statements in `inline { ... }` or in a `policy` you `attach`"
                                .into()
                        },
                    ),
                }),
                Item::Include { span, .. } => self.err(CheckError::NotAllowed {
                    item: "`include`".into(),
                    place,
                    span: *span,
                    help: Some("use `inline TEMPLATE(...)` here".into()),
                }),
                Item::Trust(t) if kind == ResKind::Role => {
                    if let Some(s) = self.lower_trust(t, env, &allow) {
                        trust.push(s);
                    }
                }
                Item::Trust(t) => self.err(CheckError::NotAllowed {
                    item: "`trust`".into(),
                    place,
                    span: t.span,
                    help: Some("only roles have a trust policy".into()),
                }),
                Item::Attach { targets, span }
                    if matches!(kind, ResKind::Role | ResKind::User | ResKind::Group) =>
                {
                    for t in targets {
                        let v = self.eval(t, env);
                        for v in v.flatten() {
                            self.not_a_boundary(&v);
                            if let Some(p) = self.policy_ref(&v) {
                                attachments.push(ir::Attachment {
                                    policy: p,
                                    span: v.span,
                                });
                            }
                        }
                    }
                    let _ = span;
                }
                Item::Inline {
                    attrs,
                    name,
                    body: ib,
                    span,
                } if matches!(kind, ResKind::Role | ResKind::User | ResKind::Group) => {
                    let mut inner_allow = allow.clone();
                    inner_allow.extend(self.decl_allow(attrs));
                    let mut stmts = Vec::new();
                    let errors_before = self.errors.len();
                    let (pname, name_span) = match (name, ib) {
                        (Some(n), _) => (n.name.clone(), n.span),
                        (None, ast::InlineBody::Template(c)) => {
                            let last = c.callee.segs.last().map(|s| s.name.clone());
                            (last.unwrap_or_default(), c.callee.span)
                        }
                        (None, ast::InlineBody::Block(_)) => {
                            unnamed += 1;
                            let n = if unnamed == 1 {
                                format!("{}_policy", decl.name.name)
                            } else {
                                format!("{}_policy_{unnamed}", decl.name.name)
                            };
                            (n, *span)
                        }
                    };
                    match ib {
                        ast::InlineBody::Block(items) => self.lower_items(
                            items,
                            env,
                            &inner_allow,
                            &mut stmts,
                            "an inline policy",
                        ),
                        ast::InlineBody::Template(c) => {
                            self.include(c, env, &inner_allow, &mut stmts)
                        }
                    }
                    if let Some(reason) = values::name_problem(&pname, 128) {
                        self.err(CheckError::BadName {
                            what: "inline policy name".into(),
                            text: pname.clone(),
                            reason,
                            span: name_span,
                        });
                    }
                    if let Some(first) = inline.iter().find(|p| p.name == pname) {
                        self.err(CheckError::DuplicateName {
                            what: "inline policy".into(),
                            name: pname.clone(),
                            span: name_span,
                            first: first.span,
                        });
                    }
                    let cut_short = matches!(ib, ast::InlineBody::Block(items) if items.iter().any(|i| matches!(i, Item::Error(_))));
                    let clean = self.errors.len() == errors_before && !cut_short;
                    let document = self.document(DocKind::Inline, stmts, *span, &pname, clean);
                    inline.push(ir::InlinePolicy {
                        name: pname,
                        document,
                        span: name_span,
                    });
                }
                Item::Attach { span, .. } | Item::Inline { span, .. } => {
                    self.err(CheckError::NotAllowed {
                        item: if matches!(item, Item::Attach { .. }) {
                            "`attach`"
                        } else {
                            "`inline`"
                        }
                        .into(),
                        place,
                        span: *span,
                        help: Some("only roles, users and groups have policies".into()),
                    })
                }
            }
        }
        let boundary = props.get("boundary").and_then(|v| self.policy_ref(v));
        Some(match kind {
            ResKind::Policy => {
                let document = self.document(
                    DocKind::Managed,
                    statements,
                    decl.span,
                    &decl.name.name,
                    self.errors.len() == errors_at_start,
                );
                ir::Entity::Policy(ir::ManagedPolicy {
                    common,
                    document,
                    boundary_only,
                })
            }
            ResKind::Role => {
                // A body cut short by a syntax error may have lost its trust clause: no echo.
                if trust.is_empty() && !body.iter().any(|i| matches!(i, Item::Error(_))) {
                    self.err(CheckError::Missing {
                        kind: "role".into(),
                        name: decl.name.name.clone(),
                        what: "a `trust` clause".into(),
                        span: decl.name.span,
                        help: "say who may assume it, e.g. `trust service \"ecs-tasks.amazonaws.com\"`".into(),
                    });
                }
                let max_session = props.get("max_session").and_then(|v| self.max_session(v));
                let trust =
                    self.document(DocKind::Trust, trust, decl.name.span, &decl.name.name, true);
                ir::Entity::Role(ir::Role {
                    common,
                    max_session,
                    boundary,
                    trust,
                    attachments,
                    inline,
                })
            }
            ResKind::User => ir::Entity::User(ir::User {
                common,
                boundary,
                attachments,
                inline,
            }),
            ResKind::Group => {
                let members = props
                    .get("members")
                    .map(|v| self.decl_list(v, ResKind::User))
                    .unwrap_or_default();
                ir::Entity::Group(ir::Group {
                    common,
                    members,
                    attachments,
                    inline,
                })
            }
            ResKind::InstanceProfile => {
                let role = match props.get("role") {
                    Some(v) => self.decl_list(v, ResKind::Role).into_iter().next(),
                    None => {
                        self.err(CheckError::Missing {
                            kind: "instance_profile".into(),
                            name: decl.name.name.clone(),
                            what: "a `role`".into(),
                            span: decl.name.span,
                            help: "write `role = ROLE`".into(),
                        });
                        None
                    }
                };
                ir::Entity::InstanceProfile(ir::InstanceProfile {
                    common,
                    role: role.unwrap_or_default(),
                })
            }
            ResKind::OidcProvider => self.oidc(common, &props, decl),
            ResKind::SamlProvider => self.saml(common, &props, decl, r.module),
        })
    }

    /// Statements and includes of a policy body, template body or inline block.
    fn lower_items(
        &mut self,
        items: &[Item],
        env: Env,
        allow: &[Lint],
        out: &mut Vec<ir::Statement>,
        place: &str,
    ) {
        for item in items {
            if self.exhausted() {
                return;
            }
            match item {
                Item::Stmt(s) => {
                    let st = self.lower_stmt(s, env, allow);
                    if self.spend(budget::statement_units(&st), s.span) {
                        out.push(st);
                    }
                }
                Item::Include { call, .. } => self.include(call, env, allow, out),
                Item::Error(_) => {}
                Item::Prop { key, .. } => self.err(CheckError::NotAllowed {
                    item: format!("property `{}`", key.name),
                    place: place.into(),
                    span: key.span,
                    help: None,
                }),
                Item::Trust(t) => self.err(CheckError::NotAllowed {
                    item: "`trust`".into(),
                    place: place.into(),
                    span: t.span,
                    help: Some("trust clauses belong directly in a role".into()),
                }),
                Item::Attach { span, .. } | Item::Inline { span, .. } => {
                    self.err(CheckError::NotAllowed {
                        item: "a policy".into(),
                        place: place.into(),
                        span: *span,
                        help: Some("only statements and `include` go here".into()),
                    })
                }
            }
        }
    }

    /// Splice a template's statements (`include t(...)` or `inline t(...)`).
    fn include(
        &mut self,
        call: &ast::Call,
        env: Env,
        allow: &[Lint],
        out: &mut Vec<ir::Statement>,
    ) {
        let Some(r) = self.resolve_callable(&call.callee, env) else {
            return;
        };
        let graph = self.graph;
        let decl = graph.decl(r);
        let DeclKind::Template { params, body } = &decl.kind else {
            self.err(CheckError::Misuse {
                what: format!("`{}` is a fn, not a template", decl.name.name),
                span: call.span,
                help: "`include` and `inline` take a template".into(),
            });
            return;
        };
        if self.deps.cyclic.contains(&r) || self.exhausted() {
            return;
        }
        if self.depth >= eval::MAX_DEPTH {
            self.err(CheckError::TooDeep {
                name: decl.name.name.clone(),
                span: call.span,
            });
            return;
        }
        let Some(vars) = self.bind_args(r, params, &call.args, env, call.span) else {
            return;
        };
        // The same template with the same arguments and allowances lowers to the same
        // statements: lower it once (its errors are reported once, too).
        let key = (
            r,
            format!(
                "{}|{}",
                budget::fingerprint_vars(&vars),
                allow.iter().map(|l| l.name()).collect::<Vec<_>>().join(",")
            ),
        );
        if let Some(stmts) = self.includes.get(&key) {
            let units: usize = stmts.iter().map(budget::statement_units).sum();
            let stmts = stmts.clone();
            if self.spend(units, call.span) {
                out.extend(stmts);
            }
            return;
        }
        self.depth += 1;
        let mut stmts = Vec::new();
        self.lower_items(
            body,
            Env {
                module: r.module,
                vars: &vars,
            },
            allow,
            &mut stmts,
            "a template",
        );
        self.depth -= 1;
        if stmts.len() > budget::MAX_STATEMENTS {
            self.too_large(stmts.len(), budget::MAX_STATEMENTS, call.span);
            stmts.clear();
        }
        self.includes.insert(key, stmts.clone());
        out.extend(stmts);
    }

    /// A policy document: Sids checked for validity and uniqueness.
    /// `report_empty` is false when the body already had errors (an empty result is their echo).
    fn document(
        &mut self,
        kind: DocKind,
        statements: Vec<ir::Statement>,
        span: Span,
        name: &str,
        report_empty: bool,
    ) -> ir::Document {
        let mut seen: Vec<(&str, Span)> = Vec::new();
        let mut dups = Vec::new();
        for s in &statements {
            if let Some(sid) = &s.sid {
                match seen.iter().find(|(x, _)| *x == sid.as_str()) {
                    Some((_, first)) => dups.push(CheckError::DuplicateSid {
                        sid: sid.clone(),
                        span: s.span,
                        first: *first,
                    }),
                    None => seen.push((sid, s.span)),
                }
            }
        }
        self.errors.extend(dups);
        if statements.is_empty() && kind != DocKind::Trust && report_empty {
            self.err(CheckError::EmptyPolicy {
                name: name.into(),
                span,
            });
        }
        ir::Document {
            kind,
            statements,
            span,
            size: 0,
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
    use crate::ir::{Entity, Part};

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
        assert_eq!(s[1].conditions[0].operator, "StringLike");
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
        let ops: Vec<&str> = pol.document.statements[0]
            .conditions
            .iter()
            .map(|c| c.operator.as_str())
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
