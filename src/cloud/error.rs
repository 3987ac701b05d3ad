//! The errors the provider-neutral parts of the Google Cloud and Azure checkers report (names,
//! recursion, properties, kinds of values, scope arity), as data with one rendering: each
//! cloud's error enum wraps them (`GcpError::Common`, `AzureError::Common`).

use super::words::Cloud;
use crate::diag::{Diag, ErrorCode};
use crate::span::Span;

/// "did you mean `s`?", when there is an `s`.
pub fn did_you_mean(s: Option<&str>) -> Option<String> {
    s.map(|s| format!("did you mean `{s}`?"))
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommonError {
    #[error("undefined name `{name}`")]
    Undefined {
        name: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("`{name}` is defined in terms of itself")]
    Recursion { name: String, span: Span },
    #[error("evaluation stopped: the program builds more than {limit} units of values")]
    BudgetExhausted { limit: usize, span: Span },
    #[error("`{kind}` has no property `{name}`")]
    UnknownProperty {
        kind: &'static str,
        name: String,
        span: Span,
        allowed: &'static [&'static str],
    },
    #[error("{kind} `{name}` needs `{prop}`")]
    MissingProperty {
        kind: &'static str,
        name: String,
        prop: &'static str,
        span: Span,
    },
    #[error("`{name}` is set twice")]
    DuplicateProperty {
        name: String,
        span: Span,
        first: Span,
    },
    #[error("{item} is not allowed in {place}")]
    NotAllowed {
        item: &'static str,
        place: String,
        span: Span,
    },
    #[error("expected {expected}, found {found}")]
    Expected {
        expected: &'static str,
        found: &'static str,
        span: Span,
    },
    #[error("`{word}` is {} declaration; this module targets {}", cloud.a(), target.target())]
    ForeignWord {
        word: &'static str,
        /// The word's cloud.
        cloud: Cloud,
        /// The module's cloud.
        target: Cloud,
        /// The counterpart in the module's cloud.
        counterpart: Option<&'static str>,
        span: Span,
    },
    #[error("`{name}` takes {want} argument{}, found {got}", if *want == 1 { "" } else { "s" })]
    ScopeArity {
        name: &'static str,
        signature: String,
        want: usize,
        got: usize,
        span: Span,
    },
}

impl CommonError {
    /// A grant's `on` that is no scope of `cloud`: "expected a scope (...), found ...", the
    /// scope forms named in the cloud's own words.
    pub fn not_a_scope(cloud: Cloud, found: &'static str, span: Span) -> CommonError {
        let expected = match cloud {
            Cloud::Gcp => "a scope (`project(p)`, `storage.bucket(b)`, a `service_account`, ...)",
            Cloud::Azure => {
                "a scope (`subscription(s)`, `acr.registry(s, rg, name)`, a `managed_identity`, an ARM id)"
            }
            Cloud::Aws => "a resource (an ARN or an ARN pattern)",
        };
        CommonError::Expected {
            expected,
            found,
            span,
        }
    }

    pub fn to_diag(&self) -> Diag {
        use CommonError as E;
        let m = self.to_string();
        match self {
            E::Undefined {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E0301, m, *span, "not found in this scope")
                .with_help_opt(did_you_mean(suggestion.as_deref()))
                .with_suggestion(suggestion.clone()),
            E::BudgetExhausted { span, .. } => {
                Diag::error(ErrorCode::E0312, m, *span, "evaluation stopped here")
                    .with_help("lists or lets repeat each other's values many times over; IAM documents are far smaller than this")
            }
            E::Recursion { span, .. } => {
                Diag::error(ErrorCode::E0309, m, *span, "used here while being defined")
                    .with_help("break the cycle: a let or fn cannot depend on itself")
            }
            E::UnknownProperty {
                span,
                allowed,
                name,
                ..
            } => {
                let sug = crate::suggest::closest(name, allowed.iter().copied());
                Diag::error(ErrorCode::E1004, m, *span, "unknown property")
                    .with_help(
                        did_you_mean(sug).unwrap_or_else(|| {
                            format!("the properties are {}", allowed.join(", "))
                        }),
                    )
                    .with_suggestion(sug.map(str::to_string))
            }
            E::MissingProperty { span, prop, .. } => {
                Diag::error(ErrorCode::E1004, m, *span, format!("`{prop}` missing"))
            }
            E::DuplicateProperty { span, first, .. } => {
                Diag::error(ErrorCode::E1004, m, *span, "set again here")
                    .with_label(*first, "first set here")
            }
            E::NotAllowed { span, .. } => Diag::error(ErrorCode::E1004, m, *span, "not here"),
            E::Expected { span, .. } => {
                Diag::error(ErrorCode::E1004, m, *span, "wrong kind of value")
            }
            E::ForeignWord {
                cloud,
                target,
                counterpart,
                span,
                ..
            } => {
                let own = match counterpart {
                    Some(c) => format!("{}'s counterpart is `{c}`", target.name()),
                    None => format!("{} has no counterpart", target.name()),
                };
                Diag::error(ErrorCode::E1003, m, *span, format!("{} only", cloud.name())).with_help(
                    format!("{own}; one cloud per module: move it to {}", cloud.home()),
                )
            }
            E::ScopeArity {
                span, signature, ..
            } => Diag::error(ErrorCode::E1008, m, *span, "wrong number of arguments")
                .with_help(format!("write `{signature}`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message is the one each cloud's checker writes today for a grant's `on` that is no
    /// scope, so a call site can switch to the helper without changing a byte.
    #[test]
    fn not_a_scope_speaks_each_clouds_words() {
        let span = Span::new(0, 0, 1);
        let gcp = CommonError::not_a_scope(Cloud::Gcp, "a number", span).to_string();
        assert_eq!(
            gcp,
            "expected a scope (`project(p)`, `storage.bucket(b)`, a `service_account`, ...), found a number"
        );
        let azure = CommonError::not_a_scope(Cloud::Azure, "a list", span).to_diag();
        assert_eq!(
            azure.message,
            "expected a scope (`subscription(s)`, `acr.registry(s, rg, name)`, a `managed_identity`, an ARM id), found a list"
        );
    }
}
