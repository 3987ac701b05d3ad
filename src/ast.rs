//! The abstract syntax tree produced by the parser (stage 2) and read by name resolution.
//!
//! The grammar is permissive: a body holds any item and the checker decides which items fit which
//! declaration, so that one run reports every problem with a precise message.
//!
//! May use: `span`.

use crate::span::{Span, Spanned};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal split into literal text, iamx interpolations and IAM policy variables.
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
        via: Path,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeExpr {
    pub name: Ident,
    pub args: Vec<TypeExpr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stmt {
    pub attrs: Vec<Attr>,
    pub effect: Effect,
    pub not_actions: bool,
    pub actions: Vec<Expr>,
    pub resources: Option<Resources>,
    pub conds: Vec<Cond>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resources {
    pub not: bool,
    pub items: Vec<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expect {
    pub subject: Path,
    pub kind: ExpectKind,
    pub span: Span,
}
