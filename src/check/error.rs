//! Errors of the type-check and IAM-rules stage.

use crate::diag::{Diag, ErrorCode};
use crate::span::Span;

fn did_you_mean(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| format!("did you mean `{s}`?"))
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CheckError {
    #[error("{0}")]
    Resolve(#[from] crate::resolve::ResolveError),
    #[error("`{name}` is a {found}, not {expected}")]
    WrongKind {
        name: String,
        expected: String,
        found: String,
        span: Span,
        def: Option<Span>,
    },
    #[error("`{name}` has no attribute `{attr}`")]
    UnknownAttr {
        name: String,
        attr: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("`{name}` refers to itself")]
    Recursion { name: String, span: Span },
    #[error("`{name}` is defined in terms of itself: {chain}")]
    Cycle {
        name: String,
        chain: String,
        span: Span,
    },
    #[error("this value is too large ({size} units or statements, at most {limit})")]
    ValueTooLarge {
        size: usize,
        limit: usize,
        span: Span,
    },
    #[error(
        "evaluation stopped: the program builds more than {limit} units of values and statements"
    )]
    BudgetExhausted { limit: usize, span: Span },
    #[error("output id `{id}` is too long ({len} characters, at most {limit})")]
    IdTooLong {
        id: String,
        len: usize,
        limit: usize,
        span: Span,
    },
    #[error("`{id}` and `{other}` differ only in case")]
    CaseCollision {
        id: String,
        other: String,
        span: Span,
        first: Span,
    },
    #[error("`{name}` nests lets, fn calls or template includes more than 64 deep")]
    TooDeep { name: String, span: Span },
    #[error("expected {expected}, found {found}")]
    TypeMismatch {
        expected: String,
        found: String,
        span: Span,
        help: Option<String>,
    },
    #[error("`{text}` is not an AWS account id")]
    BadAccountId { text: String, span: Span },
    #[error("`{text}` is not an AWS region")]
    BadRegion { text: String, span: Span },
    #[error("`{text}` is not a valid ARN")]
    BadArn {
        text: String,
        reason: String,
        span: Span,
    },
    #[error("`{text}` is not a valid CIDR block or IP address")]
    BadCidr { text: String, span: Span },
    #[error("`{text}` is not a valid date")]
    BadDate { text: String, span: Span },
    #[error("{what} must be between {min} and {max}")]
    OutOfRange {
        what: String,
        min: String,
        max: String,
        span: Span,
    },
    #[error("`{name}` takes {expected} argument(s), {found} given")]
    Arity {
        name: String,
        expected: usize,
        found: usize,
        span: Span,
    },
    #[error("unknown type `{name}`")]
    UnknownType {
        name: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("`{kind}` has no property `{name}`")]
    UnknownProperty {
        kind: String,
        name: String,
        span: Span,
        allowed: Vec<&'static str>,
    },
    #[error("{kind} `{name}` needs {what}")]
    Missing {
        kind: String,
        name: String,
        what: String,
        span: Span,
        help: String,
    },
    #[error("{item} is not allowed in {place}")]
    NotAllowed {
        item: String,
        place: String,
        span: Span,
        help: Option<String>,
    },
    #[error("property `{name}` is set twice")]
    DuplicateProperty {
        name: String,
        span: Span,
        first: Span,
    },
    #[error("{}", misuse.message())]
    Misuse { misuse: super::Misuse, span: Span },
    #[error("unknown attribute `@{name}`")]
    UnknownAttribute { name: String, span: Span },
    /// An AWS module uses a declaration of another cloud (`service_account`).
    #[error("`{name}` is a `{keyword}` of another cloud; an AWS module cannot use it")]
    OtherCloud {
        name: String,
        keyword: String,
        span: Span,
    },
    #[error("unknown service `{service}`")]
    UnknownService {
        service: String,
        /// The whole action as written (`s33:GetObject`).
        action: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("unknown action `{action}`")]
    UnknownAction {
        action: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("`{pattern}` matches no action")]
    PatternMatchesNothing { pattern: String, span: Span },
    #[error("unknown condition key `{key}`")]
    UnknownKey {
        key: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("unknown policy variable `${{{var}}}`")]
    UnknownPolicyVariable {
        var: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("the default of policy variable `${{{var}}}` is not quoted")]
    UnquotedVariableDefault {
        var: String,
        key: String,
        span: Span,
    },
    #[error("`{op}` does not apply to `{key}`, a {key_type} key")]
    OperatorMismatch {
        op: String,
        key: String,
        key_type: String,
        span: Span,
        help: Option<String>,
    },
    #[error("`{quant}` needs a multi-valued key; `{key}` has one value per request")]
    SingleValued {
        quant: String,
        key: String,
        span: Span,
    },
    #[error("`{value}` is not a valid {expected} value")]
    BadConditionValue {
        value: String,
        expected: String,
        span: Span,
    },
    #[error("unknown condition operator `{op}`")]
    UnknownOperator {
        op: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("unknown AWS managed policy `{name}`")]
    UnknownManagedPolicy {
        name: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("invalid statement id `{sid}`")]
    BadSid { sid: String, span: Span },
    #[error("statement id `{sid}` is used twice in one policy")]
    DuplicateSid {
        sid: String,
        span: Span,
        first: Span,
    },
    #[error("invalid {what} `{text}`")]
    BadName {
        what: String,
        text: String,
        reason: String,
        span: Span,
    },
    #[error("missing `on` in an identity policy statement")]
    MissingOn { span: Span },
    #[error("two `{op}` conditions on `{key}` in one statement")]
    ConflictingConditions {
        op: String,
        key: String,
        span: Span,
        first: Span,
    },
    #[error("{what} `{name}` is defined twice")]
    DuplicateName {
        what: String,
        name: String,
        span: Span,
        first: Span,
    },
    #[error("invalid {kind} principal `{text}`")]
    BadPrincipal {
        kind: String,
        text: String,
        span: Span,
        help: String,
    },
    #[error("{0}")]
    Quota(#[from] crate::aws::quota::QuotaError),
    #[error("policy `{name}` has no statements")]
    EmptyPolicy { name: String, span: Span },
    #[error("a trust of `{principal}` needs a `{key}` condition")]
    MissingTrustCondition {
        principal: String,
        key: String,
        span: Span,
        help: String,
    },
    #[error("character {} is not allowed in an IAM policy document", crate::aws::values::char_name(*ch))]
    BadPolicyChar { ch: char, span: Span },
    #[error("cannot use `{path}` as SAML metadata")]
    MetadataFile {
        path: String,
        reason: String,
        span: Span,
    },
    #[error("reference cycle: {chain}")]
    ReferenceCycle {
        chain: String,
        span: Span,
        labels: Vec<(Span, String)>,
        help: String,
    },
    #[error("unknown trust kind `{kind}`")]
    UnknownTrustKind {
        kind: String,
        span: Span,
        suggestion: Option<String>,
    },
}

impl CheckError {
    pub fn to_diag(&self) -> Diag {
        use CheckError as E;
        let m = self.to_string();
        // Every variant is routed to one family here, so this match stays exhaustive: a new
        // variant does not compile until it is given a family (and then an arm there).
        let family = match self {
            E::Resolve(r) => return r.to_diag(),
            E::Quota(q) => return q.to_diag(),
            E::BadPolicyChar { ch, span } => {
                return crate::aws::values::policy_char_diag(*ch, *span);
            }
            E::WrongKind { .. }
            | E::UnknownAttr { .. }
            | E::Recursion { .. }
            | E::Cycle { .. }
            | E::ValueTooLarge { .. }
            | E::BudgetExhausted { .. }
            | E::IdTooLong { .. }
            | E::CaseCollision { .. }
            | E::TooDeep { .. }
            | E::DuplicateName { .. } => Self::evaluation_diag,
            E::TypeMismatch { .. }
            | E::BadAccountId { .. }
            | E::BadRegion { .. }
            | E::BadArn { .. }
            | E::BadCidr { .. }
            | E::BadDate { .. }
            | E::OutOfRange { .. }
            | E::Arity { .. }
            | E::UnknownType { .. }
            | E::UnknownProperty { .. }
            | E::Missing { .. }
            | E::NotAllowed { .. }
            | E::DuplicateProperty { .. }
            | E::Misuse { .. }
            | E::UnknownAttribute { .. }
            | E::OtherCloud { .. } => Self::types_diag,
            E::UnknownService { .. }
            | E::UnknownAction { .. }
            | E::PatternMatchesNothing { .. }
            | E::UnknownManagedPolicy { .. } => Self::catalog_diag,
            E::UnknownKey { .. }
            | E::UnknownPolicyVariable { .. }
            | E::UnquotedVariableDefault { .. }
            | E::OperatorMismatch { .. }
            | E::SingleValued { .. }
            | E::BadConditionValue { .. }
            | E::UnknownOperator { .. } => Self::condition_diag,
            E::BadSid { .. }
            | E::DuplicateSid { .. }
            | E::BadName { .. }
            | E::MissingOn { .. }
            | E::ConflictingConditions { .. }
            | E::BadPrincipal { .. }
            | E::EmptyPolicy { .. }
            | E::MissingTrustCondition { .. }
            | E::MetadataFile { .. }
            | E::ReferenceCycle { .. }
            | E::UnknownTrustKind { .. } => Self::rules_diag,
        };
        family(self, m)
    }

    /// Names, references and evaluation (E0303-E0312, E0417, E0418, E0610). `to_diag` routes only these variants here.
    fn evaluation_diag(&self, m: String) -> Diag {
        use CheckError as E;
        match self {
            E::WrongKind {
                span, def, expected, ..
            } => {
                let d = Diag::error(ErrorCode::E0303, m, *span, format!("expected {expected}"));
                match def {
                    Some(s) => d.with_label(*s, "defined here"),
                    None => d,
                }
            }
            E::UnknownAttr {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E0307, m, *span, "unknown attribute").with_help(
                did_you_mean(suggestion)
                    .unwrap_or_else(|| "declarations have `.arn` and `.name`".into()),
            ).with_suggestion(suggestion.clone()),
            E::Recursion { span, .. } => Diag::error(ErrorCode::E0309, m, *span, "used here while being defined")
                .with_help("break the cycle: a let or fn cannot depend on itself"),
            E::Cycle { span, .. } => Diag::error(ErrorCode::E0309, m, *span, "this use closes the cycle")
                .with_help("a let, fn or template cannot use itself, directly or through others"),
            E::ValueTooLarge { span, .. } => Diag::error(ErrorCode::E0312, m, *span, "built here")
                .with_help("values double when a let, list or template uses the previous one twice; IAM documents are far smaller than this"),
            E::BudgetExhausted { span, .. } => Diag::error(ErrorCode::E0312, m, *span, "evaluation stopped here")
                .with_help("templates, fns or lets repeat each other's output many times over; IAM documents are far smaller than this"),
            E::IdTooLong { span, .. } => Diag::error(ErrorCode::E0417, m, *span, "declared here")
                .with_help("use a shorter name or import alias"),
            E::CaseCollision { span, first, .. } => Diag::error(ErrorCode::E0418, m, *span, "declared here")
                .with_label(*first, "the other one")
                .with_help("their output files collide on case-insensitive file systems; rename one"),
            E::TooDeep { span, .. } => Diag::error(ErrorCode::E0309, m, *span, "too deep here")
                .with_help("flatten the definitions; deep chains are usually generated by mistake"),
            E::DuplicateName { span, first, .. } => Diag::error(ErrorCode::E0610, m, *span, "defined again here")
                .with_label(*first, "first defined here"),
            _ => unrouted(ErrorCode::E0303, m),
        }
    }

    /// Types, literal values, properties and attributes (E0401-E0416, E1003). `to_diag` routes only these variants here.
    fn types_diag(&self, m: String) -> Diag {
        use CheckError as E;
        match self {
            E::TypeMismatch { span, help, found, .. } => {
                Diag::error(ErrorCode::E0401, m, *span, format!("this is {found}")).with_help_opt(help.clone())
            }
            E::BadAccountId { span, .. } => Diag::error(ErrorCode::E0402, m, *span, "expected 12 digits")
                .with_help("account ids are exactly 12 digits, e.g. `111122223333`"),
            E::BadRegion { span, .. } => Diag::error(ErrorCode::E0403, m, *span, "not a region")
                .with_help("regions look like `us-east-1` or `eu-west-3`"),
            E::BadArn { span, reason, .. } => Diag::error(ErrorCode::E0404, m, *span, reason.clone())
                .with_help("ARNs look like `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`"),
            E::BadCidr { span, .. } => Diag::error(ErrorCode::E0405, m, *span, "not an IP range")
                .with_help("write an address or a block like `10.0.0.0/16` or `2001:db8::/32`"),
            E::BadDate { span, .. } => Diag::error(ErrorCode::E0406, m, *span, "not a date")
                .with_help("write an ISO 8601 date such as `2026-01-31` or `2026-01-31T12:00:00Z`"),
            E::OutOfRange { span, .. } => Diag::error(ErrorCode::E0407, m, *span, "out of range"),
            E::Arity { span, .. } => Diag::error(ErrorCode::E0408, m, *span, "wrong number of arguments"),
            E::UnknownType { span, suggestion, .. } => Diag::error(ErrorCode::E0409, m, *span, "unknown type")
                .with_help(did_you_mean(suggestion).unwrap_or_else(|| {
                    "types are String, Int, Bool, Duration, AccountId, Region, Arn, Cidr, Date, Action, List[T], Map[T] and the declaration kinds".into()
                })).with_suggestion(suggestion.clone()),
            E::UnknownProperty {
                span, allowed, name, ..
            } => {
                let sug = crate::suggest::closest(name, allowed.iter().copied());
                Diag::error(ErrorCode::E0410, m, *span, "unknown property").with_help(match sug {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the properties are {}", allowed.join(", ")),
                })
                .with_suggestion(sug.map(str::to_string))
            }
            E::Missing { span, help, .. } => {
                Diag::error(ErrorCode::E0411, m, *span, "declared here").with_help(help.clone())
            }
            E::NotAllowed { span, help, .. } => {
                Diag::error(ErrorCode::E0412, m, *span, "not allowed here").with_help_opt(help.clone())
            }
            E::DuplicateProperty { span, first, .. } => Diag::error(ErrorCode::E0413, m, *span, "set again here")
                .with_label(*first, "first set here"),
            E::Misuse { misuse, span } => {
                Diag::error(ErrorCode::E0414, m, *span, "used here").with_help(misuse.help())
                    .with_suggestion(misuse.suggestion())
            }
            E::UnknownAttribute { span, .. } => Diag::error(ErrorCode::E0416, m, *span, "unknown attribute")
                .with_help("the attributes are `@sid(\"Name\")`, `@allow(lint, reason = \"...\")` and `@boundary` (on a policy)"),
            E::OtherCloud { span, .. } => Diag::error(ErrorCode::E1003, m, *span, "declared for another cloud")
                .with_help("one cloud per module: cross-cloud use is not supported yet"),
            _ => unrouted(ErrorCode::E0401, m),
        }
    }

    /// The AWS catalog: services, actions, action patterns, managed policies (E0501-E0503, E0509). `to_diag` routes only these variants here.
    fn catalog_diag(&self, m: String) -> Diag {
        use CheckError as E;
        match self {
            E::UnknownService {
                span,
                suggestion,
                action,
                service,
            } => Diag::error(ErrorCode::E0501, m, *span, "no such service")
                .with_help_opt(did_you_mean(suggestion))
                .with_suggestion(
                    suggestion
                        .as_ref()
                        .map(|s| format!("{s}{}", action.get(service.len()..).unwrap_or(""))),
                ),
            E::UnknownAction {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E0502, m, *span, "no such action")
                .with_help_opt(did_you_mean(suggestion))
                .with_suggestion(suggestion.clone()),
            E::PatternMatchesNothing { span, .. } => {
                Diag::error(ErrorCode::E0503, m, *span, "matches nothing")
                    .with_help("check the spelling; `*` matches any run of characters and `?` one")
            }
            E::UnknownManagedPolicy {
                span, suggestion, ..
            } => {
                Diag::error(ErrorCode::E0509, m, *span, "not an AWS managed policy")
                    .with_help(did_you_mean(suggestion).unwrap_or_else(|| {
                        "for a customer managed policy, attach its ARN string".into()
                    }))
                    // The span is the string literal, quotes included.
                    .with_suggestion(suggestion.as_ref().map(|s| format!("\"{s}\"")))
            }
            _ => unrouted(ErrorCode::E0501, m),
        }
    }

    /// Conditions: keys, policy variables, operators and values (E0504-E0508, E0510). `to_diag` routes only these variants here.
    fn condition_diag(&self, m: String) -> Diag {
        use CheckError as E;
        match self {
            E::UnknownKey {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E0504, m, *span, "no such condition key")
                .with_help_opt(did_you_mean(suggestion))
                .with_suggestion(suggestion.clone()),
            E::UnknownPolicyVariable {
                span,
                suggestion,
                var,
            } => {
                Diag::error(
                    ErrorCode::E0510,
                    m,
                    *span,
                    "no such key in the request context",
                )
                .with_help_opt(
                    suggestion
                        .as_ref()
                        .map(|s| format!("did you mean `${{{s}}}`?")),
                )
                // The span is the string that holds the variable.
                .with_suggestion_in(
                    format!("${{{var}}}"),
                    suggestion.as_ref().map(|s| format!("${{{s}}}")),
                )
            }
            E::UnquotedVariableDefault { span, key, .. } => Diag::error(
                ErrorCode::E0510,
                m,
                *span,
                "IAM reads a default in single quotes",
            )
            .with_help(format!("write `${{{key}, 'value'}}`")),
            E::OperatorMismatch { span, help, .. } => {
                Diag::error(ErrorCode::E0505, m, *span, "operator does not fit the key")
                    .with_help_opt(help.clone())
            }
            E::SingleValued { span, .. } => {
                Diag::error(ErrorCode::E0506, m, *span, "single-valued key")
                    .with_help("drop `any`/`all`; they are for keys such as `aws:TagKeys`")
            }
            E::BadConditionValue { span, .. } => {
                Diag::error(ErrorCode::E0507, m, *span, "bad value")
            }
            E::UnknownOperator {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E0508, m, *span, "unknown operator")
                .with_help_opt(did_you_mean(suggestion))
                .with_suggestion(suggestion.clone()),
            _ => unrouted(ErrorCode::E0504, m),
        }
    }

    /// IAM's rules for statements, names, principals and trusts (E0601-E0621). `to_diag` routes only these variants here.
    fn rules_diag(&self, m: String) -> Diag {
        use CheckError as E;
        match self {
            E::BadSid { span, .. } => Diag::error(ErrorCode::E0601, m, *span, "invalid Sid")
                .with_help("a Sid may contain only ASCII letters and digits"),
            E::DuplicateSid { span, first, .. } => Diag::error(ErrorCode::E0602, m, *span, "used again here")
                .with_label(*first, "first used here"),
            E::BadName { span, reason, .. } => Diag::error(ErrorCode::E0603, m, *span, reason.clone()),
            E::MissingOn { span } => Diag::error(ErrorCode::E0607, m, *span, "this statement has no resource")
                .with_help("add `on ARN`, or `on *` to grant on every resource"),
            E::ConflictingConditions { span, first, .. } => {
                Diag::error(ErrorCode::E0609, m, *span, "second condition").with_label(*first, "first condition")
                    .with_help("IAM cannot AND two conditions with the same operator and key; to allow any of several values write `in [..]`")
            }
            E::BadPrincipal { span, help, .. } => {
                Diag::error(ErrorCode::E0612, m, *span, "invalid principal").with_help(help.clone())
            }
            E::EmptyPolicy { span, .. } => Diag::error(ErrorCode::E0615, m, *span, "empty policy")
                .with_help("IAM rejects a policy document without statements"),
            E::MissingTrustCondition { span, help, .. } => {
                Diag::error(ErrorCode::E0620, m, *span, "no identity pool condition").with_help(help.clone())
            }
            E::MetadataFile { span, reason, .. } => Diag::error(ErrorCode::E0621, m, *span, reason.clone())
                .with_help("give the IdP's SAML metadata XML, as a path relative to this module inside the project root"),
            E::ReferenceCycle { span, labels, help, .. } => {
                let mut d = Diag::error(ErrorCode::E0618, m, *span, "the cycle starts here").with_help(help.clone());
                for (s, l) in labels {
                    d = d.with_label(*s, l.clone());
                }
                d
            }
            E::UnknownTrustKind { span, suggestion, .. } => Diag::error(ErrorCode::E0617, m, *span, "unknown kind")
                .with_help(did_you_mean(suggestion).unwrap_or_else(|| {
                    "the trust kinds are service, account, role, user, oidc, saml, federated and anyone".into()
                })).with_suggestion(suggestion.clone()),
            _ => unrouted(ErrorCode::E0601, m),
        }
    }
}

/// A family's builder reached with a variant `to_diag` routes to another family: impossible while
/// the router and the families agree (each variant is listed in one family's arm of the router and
/// has its arm in that family). No panic: the message still reaches the user, with the family's
/// first code and no location.
fn unrouted(code: ErrorCode, m: String) -> Diag {
    Diag::error(code, m, Span::default(), "")
}

#[cfg(test)]
mod tests {
    /// `unrouted` is never reached: every variant the router sends to a family has an arm in
    /// that family's builder (read from this file's source, so a new variant cannot be routed
    /// to a family that forgets it).
    #[test]
    fn every_routed_variant_has_an_arm_in_its_family() {
        let src = include_str!("error.rs");
        let code = src.split("#[cfg(test)]").next().unwrap_or("");
        let router = code
            .split("let family = match self {")
            .nth(1)
            .and_then(|r| r.split("family(self, m)").next())
            .expect("the router");
        let (mut families, mut checked) = (0, 0);
        let mut pending: Vec<&str> = Vec::new();
        for token in router.split_whitespace() {
            if let Some(v) = token.strip_prefix("E::") {
                pending.push(v.trim_end_matches(|c: char| !c.is_alphanumeric()));
            }
            if let Some(f) = token.strip_prefix("Self::") {
                let f = f.trim_end_matches(',');
                let body = code
                    .split(&format!("fn {f}(&self, m: String) -> Diag {{"))
                    .nth(1)
                    .and_then(|b| b.split("\n    }\n").next())
                    .unwrap_or_else(|| panic!("no builder {f}"));
                for v in pending.drain(..) {
                    assert!(
                        body.contains(&format!("E::{v} ")) || body.contains(&format!("E::{v}(")),
                        "{v} is routed to {f} but has no arm there"
                    );
                    checked += 1;
                }
                families += 1;
            }
            // `E::Resolve(r) => return r.to_diag()`: built by the router itself.
            if token == "return" {
                pending.clear();
            }
        }
        assert_eq!(families, 5);
        // Every variant but the three the router builds itself.
        assert_eq!(checked, 48);
        assert!(pending.is_empty(), "{pending:?}");
    }
}
