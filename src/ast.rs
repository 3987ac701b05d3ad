//! The abstract syntax tree produced by the parser (stage 2) and read by name resolution.
//!
//! The grammar is permissive: a body holds any item and the checker decides which items fit which
//! declaration, so that one run reports every problem with a precise message.
//!
//! Equality is the tree's shape: every node compares its contents and ignores its spans, so two
//! modules that differ only in layout are equal (the formatter's check that a re-parsed module
//! is unchanged). `Span` itself keeps real equality and hashing, so diagnostics at different
//! places stay different.
//!
//! May use: `span`.

use crate::span::{Span, Spanned};

#[derive(Clone, Debug, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal split into literal text, iamx interpolations and IAM policy variables.
#[derive(Clone, Debug, Eq)]
pub struct StrLit {
    pub parts: Vec<StrPart>,
    pub span: Span,
}

impl StrLit {
    /// The text when the string has no interpolation (policy variables are kept as `${...}`).
    pub fn as_plain(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                StrPart::Lit(s) => out.push_str(s),
                StrPart::PolicyVar(v) => {
                    out.push_str("${");
                    out.push_str(v);
                    out.push('}');
                }
                StrPart::Interp(_) => return None,
            }
        }
        Some(out)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StrPart {
    Lit(String),
    /// `${name}` / `${name.attr}`: an iamx binding.
    Interp(Path),
    /// `${aws:username}`, `${*}`: an IAM policy variable, text between the braces.
    PolicyVar(String),
}

/// A dotted name: `task`, `task.arn`, `ecs.execution`, `current.account`.
#[derive(Clone, Debug, Eq)]
pub struct Path {
    pub segs: Vec<Ident>,
    pub span: Span,
}

impl Path {
    pub fn dotted(&self) -> String {
        let names: Vec<&str> = self.segs.iter().map(|s| s.name.as_str()).collect();
        names.join(".")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Module {
    pub decls: Vec<Decl>,
}

impl Module {
    /// The cloud a `target` line names (`gcp`), wherever it stands (the checker insists on the
    /// first declaration); `None` for a module without one, which is AWS.
    pub fn target(&self) -> Option<&Ident> {
        self.decls.iter().find_map(|d| match &d.kind {
            DeclKind::Target(v) if d.name.name == "target" => Some(v),
            _ => None,
        })
    }

    /// Whether the module targets a cloud other than AWS (its declarations are that cloud's
    /// checker's, not the AWS checker's).
    pub fn is_other_cloud(&self) -> bool {
        self.target().is_some_and(|t| t.name != "aws")
    }
}

#[derive(Clone, Debug, Eq)]
pub struct Attr {
    pub name: Ident,
    pub args: Vec<AttrArg>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttrArg {
    Pos(Expr),
    Named(Ident, Expr),
}

#[derive(Clone, Debug, Eq)]
pub struct Decl {
    pub attrs: Vec<Attr>,
    pub doc: Option<Spanned<String>>,
    pub name: Ident,
    pub kind: DeclKind,
    pub span: Span,
}

/// The kind of a resource declaration; the IR uses the same enum (`ir::Kind`), so no
/// conversion is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResKind {
    Policy,
    Role,
    User,
    Group,
    InstanceProfile,
    OidcProvider,
    SamlProvider,
}

impl ResKind {
    pub fn keyword(self) -> &'static str {
        match self {
            ResKind::Policy => "policy",
            ResKind::Role => "role",
            ResKind::User => "user",
            ResKind::Group => "group",
            ResKind::InstanceProfile => "instance_profile",
            ResKind::OidcProvider => "oidc_provider",
            ResKind::SamlProvider => "saml_provider",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UseTarget {
    /// `use std.aws.ecs`
    Std(Path),
    /// `use "./x.iamx" as x`
    File(Spanned<String>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FnParam {
    pub name: Ident,
    pub ty: TypeExpr,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeclKind {
    Use(UseTarget),
    Param {
        ty: TypeExpr,
        default: Option<Expr>,
    },
    Let {
        ty: Option<TypeExpr>,
        value: Expr,
    },
    Fn {
        params: Vec<FnParam>,
        ret: Option<TypeExpr>,
        body: Expr,
    },
    Template {
        params: Vec<FnParam>,
        body: Vec<Item>,
    },
    Resource {
        kind: ResKind,
        body: Vec<Item>,
    },
    /// `test "title" { expect ... }`: the title is the decl name.
    Test(Vec<Expect>),
    /// `target gcp`: the cloud of the module (the decl name is the word `target`, which names
    /// nothing). Any `WORD NAME` pair parses so; the checker says which words it knows.
    Target(Ident),
    /// A declaration of another cloud, its keyword kept as written (`service_account x { ... }`,
    /// `custom_role`, `deny_policy x on SCOPE { ... }`): the cloud's checker decides what fits.
    Cloud {
        keyword: Ident,
        /// `on SCOPE` after the name (`deny_policy`).
        scope: Option<Expr>,
        body: Vec<Item>,
    },
    /// A module-level `grant ROLE on SCOPE to MEMBER, ... [when ...]` (the decl name is the word
    /// `grant`, which names nothing).
    Grant(Box<Grant>),
}

impl DeclKind {
    /// Whether the declaration's name is a binding of the module's scope (`target` and
    /// module-level grants name nothing; test titles are not names).
    pub fn binds_name(&self) -> bool {
        !matches!(
            self,
            DeclKind::Test(_) | DeclKind::Target(_) | DeclKind::Grant(_)
        )
    }
}

/// `grant ROLE on SCOPE [to MEMBER, ...] [when LANG "..."]`, inside an identity or at module
/// level. `keyword` is the word as written (`grant`; the checker refuses another word).
#[derive(Clone, Debug, Eq)]
pub struct Grant {
    pub attrs: Vec<Attr>,
    pub keyword: Ident,
    /// `roles/NAME` (an [`Expr::Action`]), a custom role's name or any expression.
    pub role: Expr,
    pub scope: Expr,
    /// The `to` word and the members of a module-level grant.
    pub to: Option<(Ident, Vec<Expr>)>,
    pub cond: Option<LangCond>,
    pub span: Span,
}

/// A condition in a cloud's own language: `when cel "request.time < ..."`, or one comparison
/// written in iamx (`when assertion.repository == repo`), which the cloud's checker translates.
#[derive(Clone, Debug, Eq)]
pub struct LangCond {
    pub kind: LangCondKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LangCondKind {
    /// `when cel "..."`: the text as written.
    Raw { lang: Ident, text: StrLit },
    /// `when KEY OP VALUE`.
    Cmp {
        key: Path,
        op: Spanned<CmpOp>,
        value: Expr,
    },
}

/// An item of another cloud's declaration that is not a property or a grant, its keyword kept
/// as written (the cloud's checker decides what fits): `provider p { ... }`,
/// `oidc "https://..."`, `map google.subject = assertion.sub`, `accept when ...`,
/// `trust github subject S via POOL.PROVIDER`.
#[derive(Clone, Debug, Eq)]
pub struct Clause {
    pub attrs: Vec<Attr>,
    pub keyword: Ident,
    pub kind: ClauseKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClauseKind {
    /// `WORD NAME { ITEMS }`
    Block { name: Ident, body: Vec<Item> },
    /// `WORD VALUE`
    Value(Expr),
    /// `WORD KEY = VALUE`
    Map { key: Path, value: Expr },
    /// `WORD when ...`
    When(LangCond),
    /// `deny PERMISSIONS to PRINCIPALS [except PRINCIPALS] [when ...]` in a deny policy (the
    /// keyword is `deny`).
    Deny {
        permissions: Vec<Expr>,
        to: Vec<Expr>,
        except: Vec<Expr>,
        cond: Option<LangCond>,
    },
    /// `trust KIND subject S via POOL.PROVIDER` (the keyword is `trust`).
    TrustSubject {
        kind: Ident,
        subject: Expr,
        /// `via POOL.PROVIDER` (Google Cloud; Azure names no federation object).
        via: Option<Path>,
    },
}

#[derive(Clone, Debug, Eq)]
pub struct TypeExpr {
    pub name: Ident,
    pub args: Vec<TypeExpr>,
    pub span: Span,
}

#[derive(Clone, Debug, Eq)]
pub enum Item {
    Prop {
        key: Ident,
        value: Expr,
    },
    Stmt(Stmt),
    Trust(Trust),
    Attach {
        targets: Vec<Expr>,
        span: Span,
    },
    Inline {
        attrs: Vec<Attr>,
        name: Option<Ident>,
        body: InlineBody,
        span: Span,
    },
    Include {
        call: Call,
        span: Span,
    },
    /// `grant ROLE on SCOPE [when ...]` inside an identity of another cloud.
    Grant(Box<Grant>),
    /// Another cloud's clause (`provider p { ... }`, `oidc "..."`, `trust github subject ...`).
    Clause(Box<Clause>),
    /// A region the parser skipped after a syntax error.
    Error(Span),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InlineBody {
    Block(Vec<Item>),
    Template(Call),
}

#[derive(Clone, Debug, Eq)]
pub struct Call {
    pub callee: Path,
    pub args: Vec<Expr>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Clone, Debug, Eq)]
pub struct Stmt {
    pub attrs: Vec<Attr>,
    pub effect: Effect,
    pub not_actions: bool,
    pub actions: Vec<Expr>,
    pub resources: Option<Resources>,
    pub conds: Vec<Cond>,
    pub span: Span,
}

#[derive(Clone, Debug, Eq)]
pub struct Resources {
    pub not: bool,
    pub items: Vec<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, Eq)]
pub struct Trust {
    pub attrs: Vec<Attr>,
    pub kind: Ident,
    pub principals: Vec<Expr>,
    pub actions: Option<Vec<Expr>>,
    pub conds: Vec<Cond>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quant {
    Any,
    All,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    In,
    NotIn,
    Like,
    NotLike,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn text(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Like => "like",
            CmpOp::NotLike => "not like",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

#[derive(Clone, Debug, Eq)]
pub struct Cond {
    pub kind: CondKind,
    pub span: Span,
}

/// A condition key: a name (`aws:SourceIp`, `HOST:sub`) or a string built from values
/// (`"${eks.issuer}:sub"`, `"${issuer}:aud"`), so an OIDC issuer is written once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CondKey {
    Name(Spanned<String>),
    Str(StrLit),
}

impl CondKey {
    pub fn span(&self) -> Span {
        match self {
            CondKey::Name(n) => n.span,
            CondKey::Str(s) => s.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CondKind {
    Op {
        quant: Option<Quant>,
        key: CondKey,
        op: Spanned<CmpOp>,
        value: Expr,
        if_present: bool,
    },
    Exists {
        key: CondKey,
        negated: bool,
    },
    Raw {
        op: Spanned<String>,
        key: CondKey,
        values: Vec<Expr>,
    },
}

#[derive(Clone, Debug, Eq)]
pub enum Expr {
    Str(StrLit),
    Int(i64, Span),
    /// A duration in seconds.
    Duration(u64, Span),
    Bool(bool, Span),
    Star(Span),
    /// A qualified name (`s3:GetObject`) in expression position: an action.
    Action(Spanned<String>),
    List(Vec<Expr>, Span),
    Map(Vec<(Spanned<String>, Expr)>, Span),
    Path(Path),
    Call(Call),
    Error(Span),
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Str(s) => s.span,
            Expr::Int(_, s)
            | Expr::Duration(_, s)
            | Expr::Bool(_, s)
            | Expr::Star(s)
            | Expr::List(_, s)
            | Expr::Map(_, s)
            | Expr::Error(s) => *s,
            Expr::Action(a) => a.span,
            Expr::Path(p) => p.span,
            Expr::Call(c) => c.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpectKind {
    Can {
        negated: bool,
        actions: Vec<Expr>,
        resources: Vec<Expr>,
        context: Option<Expr>,
    },
    /// `assumable by KIND PRINCIPALS [with {...}]`, or with `not` before `assumable`.
    Assumable {
        negated: bool,
        kind: Ident,
        principals: Vec<Expr>,
        context: Option<Expr>,
    },
}

#[derive(Clone, Debug, Eq)]
pub struct Expect {
    pub subject: Path,
    pub kind: ExpectKind,
    pub span: Span,
}

/// `PartialEq` for a node struct that compares every field but its `span`. The struct is taken
/// apart without `..`, so a field added later stops the build here until it is compared.
macro_rules! eq_but_span {
    ($($ty:ident { $($field:ident),* })*) => {$(
        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                let $ty { $($field,)* span: _ } = self;
                true $(&& *$field == other.$field)*
            }
        }
    )*};
}

eq_but_span! {
    Ident { name }
    StrLit { parts }
    Path { segs }
    Attr { name, args }
    Decl { attrs, doc, name, kind }
    Grant { attrs, keyword, role, scope, to, cond }
    LangCond { kind }
    Clause { attrs, keyword, kind }
    TypeExpr { name, args }
    Call { callee, args }
    Stmt { attrs, effect, not_actions, actions, resources, conds }
    Resources { not, items }
    Trust { attrs, kind, principals, actions, conds }
    Cond { kind }
    Expect { subject, kind }
}

impl PartialEq for Item {
    fn eq(&self, other: &Self) -> bool {
        use Item as I;
        match (self, other) {
            (I::Prop { key, value }, I::Prop { key: k, value: v }) => key == k && value == v,
            (I::Stmt(a), I::Stmt(b)) => a == b,
            (I::Trust(a), I::Trust(b)) => a == b,
            (
                I::Attach { targets, span: _ },
                I::Attach {
                    targets: t,
                    span: _,
                },
            ) => targets == t,
            (
                I::Inline {
                    attrs,
                    name,
                    body,
                    span: _,
                },
                I::Inline {
                    attrs: a,
                    name: n,
                    body: b,
                    span: _,
                },
            ) => attrs == a && name == n && body == b,
            (I::Include { call, span: _ }, I::Include { call: c, span: _ }) => call == c,
            (I::Grant(a), I::Grant(b)) => a == b,
            (I::Clause(a), I::Clause(b)) => a == b,
            (I::Error(_), I::Error(_)) => true,
            (
                I::Prop { .. }
                | I::Stmt(_)
                | I::Trust(_)
                | I::Attach { .. }
                | I::Inline { .. }
                | I::Include { .. }
                | I::Grant(_)
                | I::Clause(_)
                | I::Error(_),
                _,
            ) => false,
        }
    }
}

impl PartialEq for Expr {
    fn eq(&self, other: &Self) -> bool {
        use Expr as E;
        match (self, other) {
            (E::Str(a), E::Str(b)) => a == b,
            (E::Int(a, _), E::Int(b, _)) => a == b,
            (E::Duration(a, _), E::Duration(b, _)) => a == b,
            (E::Bool(a, _), E::Bool(b, _)) => a == b,
            (E::Star(_), E::Star(_)) | (E::Error(_), E::Error(_)) => true,
            (E::Action(a), E::Action(b)) => a == b,
            (E::List(a, _), E::List(b, _)) => a == b,
            (E::Map(a, _), E::Map(b, _)) => a == b,
            (E::Path(a), E::Path(b)) => a == b,
            (E::Call(a), E::Call(b)) => a == b,
            (
                E::Str(_)
                | E::Int(..)
                | E::Duration(..)
                | E::Bool(..)
                | E::Star(_)
                | E::Action(_)
                | E::List(..)
                | E::Map(..)
                | E::Path(_)
                | E::Call(_)
                | E::Error(_),
                _,
            ) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::parse;

    const SRC: &str = r#"
        param env: String = "prod"
        role app {
            allow s3:GetObject on "arn:aws:s3:::b/*" when aws:SourceIp in ["10.0.0.0/8"]
            trust service "ec2.amazonaws.com"
        }
    "#;

    #[test]
    fn trees_that_differ_in_layout_are_equal() {
        let (a, ea) = parse(SRC, 0);
        let relaid = SRC.replace("\n        ", "\n").replace(" on ", "   on   ");
        let (b, eb) = parse(&relaid, 1);
        assert!(ea.parse.is_empty() && eb.parse.is_empty());
        assert_ne!(a.decls[1].span, b.decls[1].span);
        assert_eq!(a, b);
    }

    #[test]
    fn trees_that_differ_in_content_are_not() {
        let (a, _) = parse(SRC, 0);
        for changed in [
            SRC.replace("GetObject", "PutObject"),
            SRC.replace("allow", "deny"),
            SRC.replace("10.0.0.0/8", "10.0.0.0/9"),
            SRC.replace("\"prod\"", "\"dev\""),
            SRC.replace(" in [", " not in ["),
        ] {
            let (b, _) = parse(&changed, 0);
            assert_ne!(a, b, "{changed}");
        }
    }

    #[test]
    fn spans_keep_real_equality() {
        let a = Span::new(0, 1, 2);
        let b = Span::new(0, 1, 3);
        assert_ne!(a, b);
        let x = Ident {
            name: "x".into(),
            span: a,
        };
        let y = Ident {
            name: "x".into(),
            span: b,
        };
        assert_eq!(x, y);
        assert_eq!(Expr::Int(1, a), Expr::Int(1, b));
        assert_ne!(Expr::Int(1, a), Expr::Bool(true, a));
        assert_eq!(Spanned::new("s", a), Spanned::new("s", b));
    }
}
