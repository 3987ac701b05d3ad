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

    /// One diagnostic per error, assembled from the error's facts: its code, primary span and
    /// label, a second label where the error points at another place, and its help.
    fn render(&self) -> Diag {
        let (code, span, label) = match self.primary() {
            Ok(primary) => primary,
            Err(common) => return common.to_diag(),
        };
        let d = Diag::error(code, self.to_string(), span, label);
        let d = match self.other_place() {
            Some((at, text)) => d.with_label(at, text),
            None => d,
        };
        d.with_help(self.help())
    }

    /// The code, the primary span and its label; a shared error renders itself.
    fn primary(&self) -> Result<(ErrorCode, Span, &'static str), &CommonError> {
        use AzureError as E;
        use ErrorCode as C;
        Ok(match self {
            E::Common(e) => return Err(e),
            E::NeedsTarget { span, .. } => (C::E1003, *span, "Azure only"),
            E::OtherCloud { span, .. } => (C::E1003, *span, "not Azure"),
            E::UnknownWord { span, .. } => (C::E1002, *span, "not a keyword"),
            E::BadValue { span, .. } => (C::E1015, *span, "invalid format"),
            E::UnknownBuiltin { span, .. } => (C::E1016, *span, "no such built-in role"),
            E::UnknownOperation { span, .. } => (C::E1017, *span, "no such resource provider"),
            E::DuplicateOperation { span, .. } => (C::E1018, *span, "again here"),
            E::RoleProblem { span, .. } | E::OperationProblem { span, .. } => {
                (C::E1018, *span, "not accepted by Azure")
            }
            E::UnknownScope { span, .. } | E::BadScope { span, .. } => {
                (C::E1008, *span, "not a scope")
            }
            E::ToInIdentity { span } => (C::E1009, *span, "`to` here"),
            E::NoPrincipals { span } => (C::E1009, *span, "no principals"),
            E::ExpectedTo { span, .. } => (C::E1009, *span, "expected `to`"),
            E::GrantAttr { span, .. } => (C::E1009, *span, "unknown attribute"),
            E::OutsideAssignable { span, .. } => (C::E1019, *span, "outside its assignable scopes"),
            E::DataActionsAtManagementGroup { span, .. } => (C::E1019, *span, "a management group"),
            E::Abac { span, .. } => (C::E1019, *span, "not a condition Azure accepts"),
            E::TooManyCredentials { span, .. } => (C::E1020, *span, "the 21st"),
            E::SubjectPattern { span, .. } => (C::E1020, *span, "a pattern"),
            E::DuplicateSubject { span, .. } => (C::E1020, *span, "again here"),
            E::Deny { span } => (C::E1021, *span, "not expressible in Azure"),
        })
    }

    /// The other place an error points at, with its label.
    fn other_place(&self) -> Option<(Span, &'static str)> {
        match self {
            AzureError::DuplicateOperation { first, .. }
            | AzureError::DuplicateSubject { first, .. } => Some((*first, "first here")),
            AzureError::OutsideAssignable { def, .. } => Some((*def, "role defined here")),
            AzureError::TooManyCredentials { first, .. } => Some((*first, "the first")),
            _ => None,
        }
    }

    /// The help line: a "did you mean" where the catalog has one, else what fits.
    fn help(&self) -> String {
        use AzureError as E;
        let (suggestion, otherwise) = match self {
            E::UnknownWord { suggestion, .. } => (
                did_you_mean(*suggestion),
                "Azure modules declare `managed_identity`, `role_definition` and `grant`; an identity trusts `github subject S`",
            ),
            E::UnknownBuiltin { suggestion, .. } => (
                did_you_mean(suggestion.as_deref()),
                "built-in roles are named as Azure names them (`AcrPush`, `Storage Blob Data Reader`)",
            ),
            E::UnknownOperation { suggestion, .. } => (
                did_you_mean(suggestion.as_deref()),
                "operations are `NAMESPACE/TYPE/VERB` (`Microsoft.Storage/storageAccounts/read`)",
            ),
            E::UnknownScope { suggestion, .. } => {
                return did_you_mean(*suggestion).unwrap_or_else(|| {
                    let names: Vec<&str> = crate::azure::scopes::names().collect();
                    format!(
                        "the scopes are {}, `managed_identity` declarations and ARM id strings",
                        names.join(", ")
                    )
                });
            }
            E::BadValue { what, .. } => return value_help(what),
            other => (None, fixed_help(other)),
        };
        suggestion.unwrap_or_else(|| otherwise.to_string())
    }
}

/// The help of an error whose help is one fixed line (or its problem's).
fn fixed_help(e: &AzureError) -> &'static str {
    use AzureError as E;
    match e {
        E::NeedsTarget { .. } => "start the file with `target azure` (one cloud per module)",
        E::OtherCloud { .. } => "one cloud per module: move it to a module of its cloud",
        E::DuplicateOperation { .. } => "operation names match case-insensitively",
        E::RoleProblem { problem, .. } | E::OperationProblem { problem, .. } => {
            problem_help(*problem)
        }
        E::BadScope { problem, .. } => problem,
        E::ToInIdentity { .. } => "move the grant to module level to name other principals",
        E::NoPrincipals { .. } => {
            "write `grant ROLE on SCOPE to group(\"OBJECT_ID\")` (or `user(...)`, `service_principal(...)`)"
        }
        E::ExpectedTo { .. } => "write `grant ROLE on SCOPE to PRINCIPAL, ...`",
        E::GrantAttr { .. } => {
            "the attribute of an Azure grant is `@allow(LINT, reason = \"...\")`"
        }
        E::OutsideAssignable { .. } => {
            "add the scope (or one above it) to the role's `assignable_scopes`, or grant it at or below one of them"
        }
        E::DataActionsAtManagementGroup { .. } => {
            "Azure refuses custom roles with data actions at management groups: assign it at a subscription, resource group or resource"
        }
        E::Abac { .. } => {
            "write the condition in Azure's ABAC language (version 2.0): `when abac \"((!(ActionMatches{'...'})) OR (@Resource[...] StringEquals '...'))\"`"
        }
        E::TooManyCredentials { .. } => {
            "a user-assigned managed identity holds at most 20 federated identity credentials: split the subjects over several identities"
        }
        E::SubjectPattern { .. } => {
            "federated credentials of managed identities match `sub` exactly; list each subject (`github.environment(repo, \"production\")`), or use an app registration's flexible credential"
        }
        E::DuplicateSubject { .. } => "Azure requires issuer and subject to be unique per identity",
        E::Deny { .. } => {
            "Azure creates deny assignments itself (managed applications, deployment stacks); grant less instead: a narrower scope, a role definition without the operations, or an ABAC condition"
        }
        // Their help is a "did you mean" or built from their data: `help` answers them.
        E::Common(_)
        | E::UnknownWord { .. }
        | E::UnknownBuiltin { .. }
        | E::UnknownOperation { .. }
        | E::UnknownScope { .. }
        | E::BadValue { .. } => "",
    }
}

/// How to mend what Azure refuses in a role definition or an operation.
fn problem_help(p: RoleProblem) -> &'static str {
    match p {
        RoleProblem::TwoWildcards => {
            "split it into several operations (`Microsoft.Storage/*/read`)"
        }
        RoleProblem::ScopeRootOrWildcard => {
            "name the subscriptions, resource groups or one management group it may be assigned at"
        }
        RoleProblem::TwoManagementGroups => {
            "a custom role may name one management group; define one role per management group"
        }
        RoleProblem::Empty => "list what the role grants in `actions` or `data_actions`",
        RoleProblem::WrongPlane => {
            "control-plane operations go in `actions`, data-plane operations (blob contents, secrets) in `data_actions`"
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
