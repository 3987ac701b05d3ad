//! Errors of the Google Cloud checker (stage 4 for `target gcp` modules), as data; `to_diag`
//! renders each with its code from the registry.

use crate::cloud::CommonError;
use crate::cloud::error::did_you_mean;
use crate::diag::{Diag, ErrorCode};
use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GcpError {
    #[error(transparent)]
    Common(#[from] CommonError),
    #[error("unknown cloud `{name}`")]
    UnknownCloud {
        name: String,
        span: Span,
        suggestion: Option<&'static str>,
    },
    #[error("`target` must be the first declaration of the module")]
    TargetNotFirst { span: Span, first: Span },
    #[error("the module names its cloud twice")]
    DuplicateTarget { span: Span, first: Span },
    #[error("unknown {what} `{word}`")]
    UnknownWord {
        word: String,
        what: &'static str,
        span: Span,
        suggestion: Option<&'static str>,
    },
    #[error("`{keyword}` is a Google Cloud declaration, but this module is AWS")]
    NeedsTarget { keyword: String, span: Span },
    #[error("a module-level `grant` is Google Cloud or Azure, but this module is AWS")]
    GrantNeedsTarget { span: Span },
    #[error("{what} is AWS, but this module targets Google Cloud")]
    AwsInGcp { what: String, span: Span },
    #[error("`organization` and `project` are exclusive")]
    ParentTwice { span: Span },
    #[error("invalid {what} `{value}`")]
    BadId {
        what: &'static str,
        value: String,
        span: Span,
    },
    #[error("unknown predefined role `{name}`")]
    UnknownRole {
        name: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("unknown permission `{name}`")]
    UnknownPermission {
        name: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("`{name}` is listed twice")]
    DuplicatePermission {
        name: String,
        span: Span,
        first: Span,
    },
    #[error("unknown scope `{name}`")]
    UnknownScope {
        name: String,
        span: Span,
        suggestion: Option<&'static str>,
    },
    #[error("unknown attribute `@{name}` on a grant")]
    GrantAttr { name: String, span: Span },
    #[error("expected `to` before the members, found `{word}`")]
    ExpectedTo { word: String, span: Span },
    #[error("a grant inside a `service_account` has no `to`: it is for the account itself")]
    ToInIdentity { span: Span },
    #[error("a module-level grant needs members")]
    NoMembers { span: Span },
    #[error("two authoritative grants of `{role}` on the same scope")]
    AuthoritativeTwice {
        role: String,
        span: Span,
        first: Span,
    },
    #[error("invalid member `{member}`")]
    BadMember { member: String, span: Span },
    #[error("`{member}` has no deny-policy spelling")]
    BadDenyPrincipal { member: String, span: Span },
    #[error("unknown condition language `{lang}`")]
    ConditionLanguage { lang: String, span: Span },
    #[error("a condition on the basic role `{role}`")]
    ConditionOnBasicRole { role: String, span: Span },
    #[error("`{scope}` takes no IAM condition")]
    ConditionOnScope { scope: &'static str, span: Span },
    #[error("the condition is empty")]
    EmptyCondition { span: Span },
    #[error("a provider for `{issuer}` without an attribute condition")]
    NoAttributeCondition { issuer: String, span: Span },
    #[error("a federated subject is exact")]
    SubjectPattern { span: Span },
    #[error("invalid CEL: {message}")]
    Cel { message: String, span: Span },
    #[error("`{op}` has no CEL equivalent")]
    CelOperator { op: &'static str, span: Span },
    #[error("custom role `{name}` {problem}")]
    RoleLimit {
        name: String,
        problem: RoleLimit,
        span: Span,
    },
}

/// What a custom role exceeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleLimit {
    NoPermissions,
    TooManyPermissions(usize),
    TooLarge(usize),
    TitleTooLong(usize),
    DescriptionTooLong(usize),
    BadStage,
    Wildcard,
}

impl std::fmt::Display for RoleLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RoleLimit::NoPermissions => write!(f, "has no permissions"),
            RoleLimit::TooManyPermissions(n) => {
                write!(f, "has {n} permissions (at most 3,000)")
            }
            RoleLimit::TooLarge(n) => write!(f, "is {n} bytes (at most 65,536)"),
            RoleLimit::TitleTooLong(n) => write!(f, "has a title of {n} bytes (at most 100)"),
            RoleLimit::DescriptionTooLong(n) => {
                write!(f, "has a description of {n} bytes (at most 300)")
            }
            RoleLimit::BadStage => write!(f, "has an unknown stage"),
            RoleLimit::Wildcard => write!(f, "lists a wildcard"),
        }
    }
}

impl GcpError {
    /// The diagnostic, with the structured fix of a "did you mean" (an editor's quick fix,
    /// the json output's `suggestion`) where there is one.
    pub fn to_diag(&self) -> Diag {
        use GcpError as E;
        let d = self.render();
        match self {
            E::UnknownCloud { suggestion, .. }
            | E::UnknownWord { suggestion, .. }
            | E::UnknownScope { suggestion, .. } => {
                d.with_suggestion(suggestion.map(str::to_string))
            }
            E::UnknownRole {
                name, suggestion, ..
            }
            | E::UnknownPermission {
                name, suggestion, ..
            } => d.with_suggestion_in(name.clone(), suggestion.clone()),
            _ => d,
        }
    }

    #[expect(
        clippy::too_many_lines,
        reason = "a table: one arm per error, each its code, label and help"
    )]
    fn render(&self) -> Diag {
        use GcpError as E;
        let m = self.to_string();
        match self {
            E::Common(e) => e.to_diag(),
            E::UnknownCloud {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E1001, m, *span, "no such cloud").with_help(
                did_you_mean(*suggestion)
                    .unwrap_or_else(|| "the clouds are `aws` and `gcp`".into()),
            ),
            E::TargetNotFirst { span, first } => {
                Diag::error(ErrorCode::E1001, m, *span, "after another declaration")
                    .with_label(*first, "the module starts here")
                    .with_help("move `target` to the top of the file")
            }
            E::DuplicateTarget { span, first } => {
                Diag::error(ErrorCode::E1001, m, *span, "second `target`")
                    .with_label(*first, "first here")
            }
            E::UnknownWord {
                span,
                suggestion,
                what,
                ..
            } => Diag::error(ErrorCode::E1002, m, *span, "not a keyword").with_help(
                did_you_mean(*suggestion).unwrap_or_else(|| match *what {
                    "provider clause" => "a provider takes `oidc \"ISSUER\"`, `map ATTRIBUTE = EXPRESSION` and `accept when ...`".into(),
                    "trust kind" => "a service account trusts `github subject S via POOL.PROVIDER` or `service_account s`".into(),
                    _ => "Google Cloud modules declare `service_account`, `custom_role`, `workload_identity_pool` and `grant`".into(),
                }),
            ),
            E::GrantNeedsTarget { span } => {
                Diag::error(ErrorCode::E1003, m, *span, "Google Cloud or Azure only")
                    .with_help("start the file with `target gcp` or `target azure` (one cloud per module); AWS attaches policies inside a `role`")
            }
            E::NeedsTarget { span, .. } => {
                Diag::error(ErrorCode::E1003, m, *span, "Google Cloud only")
                    .with_help("start the file with `target gcp` (one cloud per module)")
            }
            E::AwsInGcp { span, .. } => Diag::error(ErrorCode::E1003, m, *span, "AWS only")
                .with_help("one cloud per module: move AWS declarations to a module without `target gcp`"),
            E::ParentTwice { span } => Diag::error(ErrorCode::E1004, m, *span, "second parent")
                .with_help("a custom role lives in one project or one organization"),
            E::BadId { span, what, .. } => {
                Diag::error(ErrorCode::E1005, m, *span, "invalid format").with_help(id_help(what))
            }
            E::UnknownRole {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E1006, m, *span, "no such predefined role")
                .with_help_opt(did_you_mean(suggestion.as_deref())),
            E::UnknownPermission {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E1007, m, *span, "no such service")
                .with_help_opt(did_you_mean(suggestion.as_deref())),
            E::DuplicatePermission { span, first, .. } => {
                Diag::error(ErrorCode::E1004, m, *span, "listed again here")
                    .with_label(*first, "first here")
            }
            E::UnknownScope {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E1008, m, *span, "not a scope").with_help(
                did_you_mean(*suggestion).unwrap_or_else(|| {
                    let names: Vec<&str> = super::super::scopes::names().collect();
                    format!("the scopes are {} and `service_account` declarations", names.join(", "))
                }),
            ),
            E::GrantAttr { span, .. } => Diag::error(ErrorCode::E1009, m, *span, "unknown attribute")
                .with_help("the attributes of a grant are `@authoritative` and `@allow(LINT, reason = \"...\")`"),
            E::ExpectedTo { span, .. } => Diag::error(ErrorCode::E1009, m, *span, "expected `to`")
                .with_help("write `grant ROLE on SCOPE to MEMBER, ...`"),
            E::ToInIdentity { span } => Diag::error(ErrorCode::E1009, m, *span, "`to` here")
                .with_help("move the grant to module level to name other members"),
            E::NoMembers { span } => Diag::error(ErrorCode::E1009, m, *span, "no members"),
            E::AuthoritativeTwice { span, first, .. } => {
                Diag::error(ErrorCode::E1009, m, *span, "second authoritative grant")
                    .with_label(*first, "first here")
                    .with_help("one `_binding` owns the role on the scope: list every member in one grant")
            }
            E::BadMember { span, .. } => Diag::error(ErrorCode::E1012, m, *span, "not a member")
                .with_help("write members as Google Cloud spells them: `group:ops@example.com`, `user:EMAIL`, `serviceAccount:EMAIL`, `allUsers`"),
            E::BadDenyPrincipal { span, .. } => Diag::error(ErrorCode::E1012, m, *span, "not a deny principal")
                .with_help("deny policies name `principalSet://goog/group/G` (or `group:G`), `principal://goog/subject/U` (or `user:U`), `principalSet://goog/public:all` (or `allUsers`) and service accounts; `domain:` and `allAuthenticatedUsers` have no deny spelling"),
            E::ConditionLanguage { span, .. } => {
                Diag::error(ErrorCode::E1010, m, *span, "not a condition language")
                    .with_help("Google Cloud conditions are CEL: `when cel \"...\"`")
            }
            E::ConditionOnBasicRole { span, .. } => {
                Diag::error(ErrorCode::E1010, m, *span, "Google rejects this condition")
                    .with_help("basic roles take no IAM condition; grant a predefined or custom role")
            }
            E::ConditionOnScope { span, .. } => {
                Diag::error(ErrorCode::E1010, m, *span, "no condition here")
                    .with_help("grant on a scope that takes conditions (the project, with `resource.name` in the condition)")
            }
            E::EmptyCondition { span } => Diag::error(ErrorCode::E1010, m, *span, "empty"),
            E::Cel { span, .. } => Diag::error(ErrorCode::E1010, m, *span, "here")
                .with_help("Google checks the condition when the policy is written; docs/clouds.md lists the attributes and functions iamx knows"),
            E::CelOperator { span, .. } => Diag::error(ErrorCode::E1010, m, *span, "not CEL")
                .with_help("write the condition in CEL: `when cel \"attribute.ref.startsWith('refs/heads/')\"`"),
            E::NoAttributeCondition { span, .. } => {
                Diag::error(ErrorCode::E1014, m, *span, "anyone with a token of this issuer could federate")
                    .with_help("add `accept when assertion.repository == \"OWNER/REPO\"` (Google rejects the provider without one)")
            }
            E::SubjectPattern { span } => Diag::error(ErrorCode::E1014, m, *span, "a pattern")
                .with_help("`principal://.../subject/S` matches one subject exactly; build it with `github.environment(repo, env)` or `github.branch(repo, b)`"),
            E::RoleLimit { span, problem, .. } => {
                let (label, help) = match problem {
                    RoleLimit::BadStage => (
                        "not a stage",
                        Some("the stages are ALPHA, BETA, GA, DEPRECATED, DISABLED and EAP"),
                    ),
                    RoleLimit::Wildcard => (
                        "a wildcard",
                        Some("custom roles list each permission: no wildcards"),
                    ),
                    RoleLimit::NoPermissions => ("no permissions", None),
                    _ => ("over the limit", None),
                };
                Diag::error(ErrorCode::E1011, m, *span, label).with_help_opt(help.map(str::to_string))
            }
        }
    }
}

fn id_help(what: &str) -> &'static str {
    match what {
        "account_id" => {
            "6 to 30 characters: a lowercase letter, then lowercase letters, digits and `-`, not ending in `-`"
        }
        "role_id" => "3 to 64 characters of letters, digits, `_` and `.`",
        "project id" => {
            "6 to 30 characters: a lowercase letter, then lowercase letters, digits and `-`"
        }
        _ => "a region such as `europe-west1`",
    }
}
