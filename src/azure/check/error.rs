//! Errors of the Azure checker (stage 4 for `target azure` modules), as data; `to_diag`
//! renders each with its code from the registry.

use crate::cloud::CommonError;
use crate::cloud::error::did_you_mean;
use crate::diag::{Diag, ErrorCode};
use crate::span::Span;

/// What is wrong with a role definition's operations or assignable scopes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleProblem {
    /// More than one `*` in one operation.
    TwoWildcards,
    /// `/` or a wildcard in `assignable_scopes`.
    ScopeRootOrWildcard,
    /// More than one management group in `assignable_scopes`.
    TwoManagementGroups,
    /// No operation at all.
    Empty,
    /// A data action in `actions` or an action in `data_actions`.
    WrongPlane,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AzureError {
    #[error(transparent)]
    Common(#[from] CommonError),
    #[error("`{keyword}` is an Azure declaration, but this module is not `target azure`")]
    NeedsTarget { keyword: String, span: Span },
    #[error("{what} is not Azure, but this module targets Azure")]
    OtherCloud { what: String, span: Span },
    #[error("unknown {what} `{word}`")]
    UnknownWord {
        word: String,
        what: &'static str,
        span: Span,
        suggestion: Option<&'static str>,
    },
    #[error("invalid {what} `{value}`")]
    BadValue {
        what: &'static str,
        value: String,
        span: Span,
    },
    #[error("unknown built-in role `{name}`")]
    UnknownBuiltin {
        name: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("unknown operation `{name}`")]
    UnknownOperation {
        name: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("`{name}` is listed twice")]
    DuplicateOperation {
        name: String,
        span: Span,
        first: Span,
    },
    #[error("role definition `{name}`: {}", problem_text(*.problem))]
    RoleProblem {
        name: String,
        problem: RoleProblem,
        span: Span,
    },
    #[error("operation `{op}`: {}", problem_text(*.problem))]
    OperationProblem {
        op: String,
        problem: RoleProblem,
        span: Span,
    },
    #[error("unknown scope `{name}`")]
    UnknownScope {
        name: String,
        span: Span,
        suggestion: Option<&'static str>,
    },
    #[error("invalid ARM id `{value}`")]
    BadScope {
        value: String,
        problem: &'static str,
        span: Span,
    },
    #[error("a grant inside a `managed_identity` has no `to`: it is for the identity itself")]
    ToInIdentity { span: Span },
    #[error("a module-level grant needs principals")]
    NoPrincipals { span: Span },
    #[error("expected `to`, found `{word}`")]
    ExpectedTo { word: String, span: Span },
    #[error("unknown attribute `@{name}` on a grant")]
    GrantAttr { name: String, span: Span },
    #[error("role definition `{role}` cannot be assigned at {level}")]
    OutsideAssignable {
        role: String,
        level: &'static str,
        span: Span,
        def: Span,
    },
    #[error("`{role}` has data actions and cannot be assigned at a management group")]
    DataActionsAtManagementGroup { role: String, span: Span },
    #[error("invalid ABAC condition: {message}")]
    Abac { message: &'static str, span: Span },
    #[error("managed identity `{identity}` trusts more than 20 subjects")]
    TooManyCredentials {
        identity: String,
        span: Span,
        first: Span,
    },
    #[error("an Azure managed identity matches subjects exactly; `{subject}` is a pattern")]
    SubjectPattern { subject: String, span: Span },
    #[error("managed identity `{identity}` trusts `{subject}` twice")]
    DuplicateSubject {
        identity: String,
        subject: String,
        span: Span,
        first: Span,
    },
    #[error("no user-written deny in Azure RBAC")]
    Deny { span: Span },
}

fn problem_text(p: RoleProblem) -> &'static str {
    match p {
        RoleProblem::TwoWildcards => "at most one `*` per operation",
        RoleProblem::ScopeRootOrWildcard => "an assignable scope is neither `/` nor a wildcard",
        RoleProblem::TwoManagementGroups => "assignable scopes name at most one management group",
        RoleProblem::Empty => "no operation in `actions` or `data_actions`",
        RoleProblem::WrongPlane => "in the wrong list",
    }
}

impl AzureError {
    /// The diagnostic, with the structured fix of a "did you mean" (an editor's quick fix,
    /// the json output's `suggestion`) where there is one.
    pub fn to_diag(&self) -> Diag {
        use AzureError as E;
        let d = self.render();
        match self {
            E::UnknownWord { suggestion, .. } | E::UnknownScope { suggestion, .. } => {
                d.with_suggestion(suggestion.map(str::to_string))
            }
            E::UnknownBuiltin {
                name, suggestion, ..
            }
            | E::UnknownOperation {
                name, suggestion, ..
            } => d.with_suggestion_in(name.clone(), suggestion.clone()),
            _ => d,
        }
    }

    fn render(&self) -> Diag {
        use AzureError as E;
        let m = self.to_string();
        match self {
            E::Common(e) => e.to_diag(),
            E::NeedsTarget { span, .. } => Diag::error(ErrorCode::E1003, m, *span, "Azure only")
                .with_help("start the file with `target azure` (one cloud per module)"),
            E::OtherCloud { span, .. } => Diag::error(ErrorCode::E1003, m, *span, "not Azure")
                .with_help("one cloud per module: move it to a module of its cloud"),
            E::UnknownWord {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E1002, m, *span, "not a keyword").with_help(
                did_you_mean(*suggestion).unwrap_or_else(|| {
                    "Azure modules declare `managed_identity`, `role_definition` and `grant`; an identity trusts `github subject S`".into()
                }),
            ),
            E::BadValue { span, what, .. } => {
                Diag::error(ErrorCode::E1015, m, *span, "invalid format").with_help(value_help(what))
            }
            E::UnknownBuiltin {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E1016, m, *span, "no such built-in role").with_help(
                did_you_mean(suggestion.as_deref()).unwrap_or_else(|| {
                    "built-in roles are named as Azure names them (`AcrPush`, `Storage Blob Data Reader`)".into()
                }),
            ),
            E::UnknownOperation {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E1017, m, *span, "no such resource provider").with_help(
                did_you_mean(suggestion.as_deref()).unwrap_or_else(|| {
                    "operations are `NAMESPACE/TYPE/VERB` (`Microsoft.Storage/storageAccounts/read`)".into()
                }),
            ),
            E::DuplicateOperation { span, first, .. } => {
                Diag::error(ErrorCode::E1018, m, *span, "again here")
                    .with_label(*first, "first here")
                    .with_help("operation names match case-insensitively")
            }
            E::RoleProblem { span, problem, .. } | E::OperationProblem { span, problem, .. } => {
                let help = match problem {
                    RoleProblem::TwoWildcards => "split it into several operations (`Microsoft.Storage/*/read`)",
                    RoleProblem::ScopeRootOrWildcard => "name the subscriptions, resource groups or one management group it may be assigned at",
                    RoleProblem::TwoManagementGroups => "a custom role may name one management group; define one role per management group",
                    RoleProblem::Empty => "list what the role grants in `actions` or `data_actions`",
                    RoleProblem::WrongPlane => "control-plane operations go in `actions`, data-plane operations (blob contents, secrets) in `data_actions`",
                };
                Diag::error(ErrorCode::E1018, m, *span, "not accepted by Azure").with_help(help)
            }
            E::UnknownScope {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E1008, m, *span, "not a scope").with_help(
                did_you_mean(*suggestion).unwrap_or_else(|| {
                    let names: Vec<&str> = crate::azure::scopes::names().collect();
                    format!(
                        "the scopes are {}, `managed_identity` declarations and ARM id strings",
                        names.join(", ")
                    )
                }),
            ),
            E::BadScope { span, problem, .. } => {
                Diag::error(ErrorCode::E1008, m, *span, "not a scope").with_help(*problem)
            }
            E::ToInIdentity { span } => Diag::error(ErrorCode::E1009, m, *span, "`to` here")
                .with_help("move the grant to module level to name other principals"),
            E::NoPrincipals { span } => Diag::error(ErrorCode::E1009, m, *span, "no principals")
                .with_help("write `grant ROLE on SCOPE to group(\"OBJECT_ID\")` (or `user(...)`, `service_principal(...)`)"),
            E::ExpectedTo { span, .. } => Diag::error(ErrorCode::E1009, m, *span, "expected `to`")
                .with_help("write `grant ROLE on SCOPE to PRINCIPAL, ...`"),
            E::GrantAttr { span, .. } => Diag::error(ErrorCode::E1009, m, *span, "unknown attribute")
                .with_help("the attribute of an Azure grant is `@allow(LINT, reason = \"...\")`"),
            E::OutsideAssignable { span, def, .. } => {
                Diag::error(ErrorCode::E1019, m, *span, "outside its assignable scopes")
                    .with_label(*def, "role defined here")
                    .with_help("add the scope (or one above it) to the role's `assignable_scopes`, or grant it at or below one of them")
            }
            E::DataActionsAtManagementGroup { span, .. } => {
                Diag::error(ErrorCode::E1019, m, *span, "a management group")
                    .with_help("Azure refuses custom roles with data actions at management groups: assign it at a subscription, resource group or resource")
            }
            E::Abac { span, .. } => Diag::error(ErrorCode::E1019, m, *span, "not a condition Azure accepts")
                .with_help("write the condition in Azure's ABAC language (version 2.0): `when abac \"((!(ActionMatches{'...'})) OR (@Resource[...] StringEquals '...'))\"`"),
            E::TooManyCredentials { span, first, .. } => {
                Diag::error(ErrorCode::E1020, m, *span, "the 21st")
                    .with_label(*first, "the first")
                    .with_help("a user-assigned managed identity holds at most 20 federated identity credentials: split the subjects over several identities")
            }
            E::SubjectPattern { span, .. } => Diag::error(ErrorCode::E1020, m, *span, "a pattern")
                .with_help("federated credentials of managed identities match `sub` exactly; list each subject (`github.environment(repo, \"production\")`), or use an app registration's flexible credential"),
            E::DuplicateSubject { span, first, .. } => {
                Diag::error(ErrorCode::E1020, m, *span, "again here")
                    .with_label(*first, "first here")
                    .with_help("Azure requires issuer and subject to be unique per identity")
            }
            E::Deny { span } => Diag::error(ErrorCode::E1021, m, *span, "not expressible in Azure")
                .with_help("Azure creates deny assignments itself (managed applications, deployment stacks); grant less instead: a narrower scope, a role definition without the operations, or an ABAC condition"),
        }
    }
}

fn value_help(what: &str) -> String {
    match what {
        "subscription id" | "principal object id" => {
            format!("a {what} is a GUID (`00000000-0000-0000-0000-000000000000`)")
        }
        "location" => "a location is Azure's short name, such as `westeurope` or `eastus2`".into(),
        "identity name" => {
            "3 to 128 characters: a letter or digit, then letters, digits, `-` and `_`".into()
        }
        "resource group name" => {
            "1 to 90 characters of letters, digits, `-`, `_`, `.`, `(`, `)`, not ending in `.`"
                .into()
        }
        _ => "see `iamx explain E1015`".into(),
    }
}
