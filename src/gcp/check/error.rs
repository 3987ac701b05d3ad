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

    /// One diagnostic per error, assembled from the error's facts: its code, primary span and
    /// label, a second label where the error points at an earlier place, and its help.
    fn render(&self) -> Diag {
        let (code, span, label) = match self.primary() {
            Ok(primary) => primary,
            Err(common) => return common.to_diag(),
        };
        let d = Diag::error(code, self.to_string(), span, label);
        let d = match self.earlier() {
            Some((first, text)) => d.with_label(first, text),
            None => d,
        };
        d.with_help_opt(self.help())
    }

    /// The code, the primary span and its label; a shared error renders itself.
    fn primary(&self) -> Result<(ErrorCode, Span, &'static str), &CommonError> {
        use ErrorCode as C;
        use GcpError as E;
        Ok(match self {
            E::Common(e) => return Err(e),
            E::UnknownCloud { span, .. } => (C::E1001, *span, "no such cloud"),
            E::TargetNotFirst { span, .. } => (C::E1001, *span, "after another declaration"),
            E::DuplicateTarget { span, .. } => (C::E1001, *span, "second `target`"),
            E::UnknownWord { span, .. } => (C::E1002, *span, "not a keyword"),
            E::GrantNeedsTarget { span } => (C::E1003, *span, "Google Cloud or Azure only"),
            E::NeedsTarget { span, .. } => (C::E1003, *span, "Google Cloud only"),
            E::AwsInGcp { span, .. } => (C::E1003, *span, "AWS only"),
            E::ParentTwice { span } => (C::E1004, *span, "second parent"),
            E::BadId { span, .. } => (C::E1005, *span, "invalid format"),
            E::UnknownRole { span, .. } => (C::E1006, *span, "no such predefined role"),
            E::UnknownPermission { span, .. } => (C::E1007, *span, "no such service"),
            E::DuplicatePermission { span, .. } => (C::E1004, *span, "listed again here"),
            E::UnknownScope { span, .. } => (C::E1008, *span, "not a scope"),
            E::GrantAttr { span, .. } => (C::E1009, *span, "unknown attribute"),
            E::ExpectedTo { span, .. } => (C::E1009, *span, "expected `to`"),
            E::ToInIdentity { span } => (C::E1009, *span, "`to` here"),
            E::NoMembers { span } => (C::E1009, *span, "no members"),
            E::AuthoritativeTwice { span, .. } => (C::E1009, *span, "second authoritative grant"),
            E::BadMember { span, .. } => (C::E1012, *span, "not a member"),
            E::BadDenyPrincipal { span, .. } => (C::E1012, *span, "not a deny principal"),
            E::ConditionLanguage { span, .. } => (C::E1010, *span, "not a condition language"),
            E::ConditionOnBasicRole { span, .. } => {
                (C::E1010, *span, "Google rejects this condition")
            }
            E::ConditionOnScope { span, .. } => (C::E1010, *span, "no condition here"),
            E::EmptyCondition { span } => (C::E1010, *span, "empty"),
            E::Cel { span, .. } => (C::E1010, *span, "here"),
            E::CelOperator { span, .. } => (C::E1010, *span, "not CEL"),
            E::NoAttributeCondition { span, .. } => (
                C::E1014,
                *span,
                "anyone with a token of this issuer could federate",
            ),
            E::SubjectPattern { span } => (C::E1014, *span, "a pattern"),
            E::RoleLimit { span, problem, .. } => (C::E1011, *span, problem.label()),
        })
    }

    /// The earlier place an error points back at, with its label.
    fn earlier(&self) -> Option<(Span, &'static str)> {
        match self {
            GcpError::TargetNotFirst { first, .. } => Some((*first, "the module starts here")),
            GcpError::DuplicateTarget { first, .. }
            | GcpError::DuplicatePermission { first, .. }
            | GcpError::AuthoritativeTwice { first, .. } => Some((*first, "first here")),
            _ => None,
        }
    }

    /// The help line, where one helps.
    fn help(&self) -> Option<String> {
        use GcpError as E;
        let text = match self {
            E::UnknownCloud { suggestion, .. } => {
                return Some(
                    did_you_mean(*suggestion)
                        .unwrap_or_else(|| "the clouds are `aws` and `gcp`".into()),
                );
            }
            E::UnknownWord {
                suggestion, what, ..
            } => {
                return Some(did_you_mean(*suggestion).unwrap_or_else(|| word_help(what).into()));
            }
            E::UnknownScope { suggestion, .. } => {
                return Some(did_you_mean(*suggestion).unwrap_or_else(|| {
                    let names: Vec<&str> = super::super::scopes::names().collect();
                    format!(
                        "the scopes are {} and `service_account` declarations",
                        names.join(", ")
                    )
                }));
            }
            E::UnknownRole { suggestion, .. } | E::UnknownPermission { suggestion, .. } => {
                return did_you_mean(suggestion.as_deref());
            }
            E::BadId { what, .. } => id_help(what),
            E::RoleLimit { problem, .. } => return problem.help().map(str::to_string),
            other => fixed_help(other)?,
        };
        Some(text.to_string())
    }
}

/// The help of an error whose help is one fixed line.
fn fixed_help(e: &GcpError) -> Option<&'static str> {
    use GcpError as E;
    Some(match e {
        E::TargetNotFirst { .. } => "move `target` to the top of the file",
        E::GrantNeedsTarget { .. } => {
            "start the file with `target gcp` or `target azure` (one cloud per module); AWS attaches policies inside a `role`"
        }
        E::NeedsTarget { .. } => "start the file with `target gcp` (one cloud per module)",
        E::AwsInGcp { .. } => {
            "one cloud per module: move AWS declarations to a module without `target gcp`"
        }
        E::ParentTwice { .. } => "a custom role lives in one project or one organization",
        E::GrantAttr { .. } => {
            "the attributes of a grant are `@authoritative` and `@allow(LINT, reason = \"...\")`"
        }
        E::ExpectedTo { .. } => "write `grant ROLE on SCOPE to MEMBER, ...`",
        E::ToInIdentity { .. } => "move the grant to module level to name other members",
        E::AuthoritativeTwice { .. } => {
            "one `_binding` owns the role on the scope: list every member in one grant"
        }
        E::BadMember { .. } => {
            "write members as Google Cloud spells them: `group:ops@example.com`, `user:EMAIL`, `serviceAccount:EMAIL`, `allUsers`"
        }
        E::BadDenyPrincipal { .. } => {
            "deny policies name `principalSet://goog/group/G` (or `group:G`), `principal://goog/subject/U` (or `user:U`), `principalSet://goog/public:all` (or `allUsers`) and service accounts; `domain:` and `allAuthenticatedUsers` have no deny spelling"
        }
        E::ConditionLanguage { .. } => "Google Cloud conditions are CEL: `when cel \"...\"`",
        E::ConditionOnBasicRole { .. } => {
            "basic roles take no IAM condition; grant a predefined or custom role"
        }
        E::ConditionOnScope { .. } => {
            "grant on a scope that takes conditions (the project, with `resource.name` in the condition)"
        }
        E::Cel { .. } => {
            "Google checks the condition when the policy is written; docs/clouds.md lists the attributes and functions iamx knows"
        }
        E::CelOperator { .. } => {
            "write the condition in CEL: `when cel \"attribute.ref.startsWith('refs/heads/')\"`"
        }
        E::NoAttributeCondition { .. } => {
            "add `accept when assertion.repository == \"OWNER/REPO\"` (Google rejects the provider without one)"
        }
        E::SubjectPattern { .. } => {
            "`principal://.../subject/S` matches one subject exactly; build it with `github.environment(repo, env)` or `github.branch(repo, b)`"
        }
        _ => return None,
    })
}

/// The help of an unknown word without a suggestion, by what the word should have been.
fn word_help(what: &str) -> &'static str {
    match what {
        "provider clause" => {
            "a provider takes `oidc \"ISSUER\"`, `map ATTRIBUTE = EXPRESSION` and `accept when ...`"
        }
        "trust kind" => {
            "a service account trusts `github subject S via POOL.PROVIDER` or `service_account s`"
        }
        _ => {
            "Google Cloud modules declare `service_account`, `custom_role`, `workload_identity_pool` and `grant`"
        }
    }
}

impl RoleLimit {
    /// The primary label of a custom role over a limit.
    fn label(self) -> &'static str {
        match self {
            RoleLimit::BadStage => "not a stage",
            RoleLimit::Wildcard => "a wildcard",
            RoleLimit::NoPermissions => "no permissions",
            _ => "over the limit",
        }
    }

    fn help(self) -> Option<&'static str> {
        match self {
            RoleLimit::BadStage => {
                Some("the stages are ALPHA, BETA, GA, DEPRECATED, DISABLED and EAP")
            }
            RoleLimit::Wildcard => Some("custom roles list each permission: no wildcards"),
            _ => None,
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
