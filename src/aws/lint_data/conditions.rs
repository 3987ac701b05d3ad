//! AWS, lint data: whether a condition of an identity-policy allow restricts a grant, decided per
//! key from its documented meaning. Uses the IR and `aws::operator` only.
//!
//! Not every condition narrows what a statement grants. IAM evaluates negated operators
//! (`StringNotEquals`, `NotIpAddress`, ...), `Null: true` and `ForAllValues:` as true when the
//! request does not carry the key, and `...IfExists` as true without it (IAM User Guide,
//! "Condition operators"); such a condition excludes some requests and admits every other one,
//! the condition-side twin of `NotResource`. One exclusion does narrow: leaving out the holder's
//! own account or organization (`aws:ResourceAccount != ${aws:PrincipalAccount}`) leaves none of
//! the principal's own resources. Among positive conditions, the table below says
//! which keys narrow the requests a grant applies to (`Scope`) and which do not: keys fixed for
//! whoever holds the policy, keys about how a request arrives, and keys about where a resource
//! lives (like the region and account fields of an ARN, which the lints do not read either).
//! Each entry cites the key's meaning from "AWS global condition context keys" (IAM User Guide)
//! or the service's documentation.

use crate::aws::operator::{Base, Operator, SetOp};
use crate::ir::aws::Condition;
use crate::ir::{Current, Part, Text};

/// What a condition key says about a request, for an identity policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// Fixed for the principal that holds the policy (its account, organization, ARN, type, tags):
    /// the condition is always or never true for that principal; it says who, not what.
    Holder,
    /// How the request arrives (through which service, over TLS, from which client, when): it
    /// narrows no resource.
    Manner,
    /// Where the resource lives (its account, organization, Region), as the account and Region
    /// fields of an ARN do: every resource of a type in one account is still every resource of it.
    Place,
    /// Narrows the requests the grant applies to: resource and request tags, the network a
    /// request comes from, MFA, the resource a service acts for, service-specific keys.
    Scope,
}

pub struct KeyRule {
    /// The key, lower case; a key ending in `/` is a prefix (`aws:principaltag/`).
    pub key: &'static str,
    pub meaning: Meaning,
    /// In every request ("This key is always included in the request context").
    pub always: bool,
    /// The documented meaning the decision rests on.
    pub why: &'static str,
}

const fn k(key: &'static str, meaning: Meaning, always: bool, why: &'static str) -> KeyRule {
    KeyRule {
        key,
        meaning,
        always,
        why,
    }
}

use Meaning::{Holder, Manner, Place, Scope};

/// Every global key of `stdlib/catalog/global-keys.tsv`, and the service keys whose meaning is
/// not `Scope` (a test keeps the table and the catalog's global keys in step).
#[rustfmt::skip]
pub const KEYS: &[KeyRule] = &[
    k("aws:principalarn", Holder, true, "the ARN of the principal making the request"),
    k("aws:principalaccount", Holder, true, "the account the requesting principal belongs to"),
    k("aws:principalorgpaths", Holder, false, "the Organizations path of the principal's account"),
    k("aws:principalorgid", Holder, false, "the organization of the principal's account"),
    k("aws:principaltag/", Holder, false, "tags attached to the principal or its session"),
    k("aws:principalisawsservice", Holder, true, "whether the principal is an AWS service principal (never an IAM role or user)"),
    k("aws:principalservicename", Holder, false, "the service principal making the request (absent for IAM roles and users)"),
    k("aws:principalservicenameslist", Holder, false, "the service principal names of the calling service"),
    k("aws:principaltype", Holder, true, "the type of the principal (User, AssumedRole, ...)"),
    k("aws:userid", Holder, false, "the principal's unique id"),
    k("aws:username", Holder, false, "the IAM user's friendly name"),
    k("aws:assumedroot", Holder, false, "whether the session is an AssumeRoot session"),
    k("aws:federatedprovider", Holder, false, "the identity provider that issued the session"),
    k("aws:sourceidentity", Holder, false, "the source identity set when the role was assumed"),
    k("identitystore:userid", Holder, false, "the IAM Identity Center user of the session"),
    k("aws:tokenissuetime", Manner, false, "when the session's temporary credentials were issued"),
    k("aws:multifactorauthage", Scope, false, "seconds since the session authenticated with MFA: only MFA sessions match"),
    k("aws:multifactorauthpresent", Scope, false, "whether the session authenticated with MFA"),
    k("aws:chatbotsourcearn", Manner, false, "the AWS Chatbot channel configuration the request came through"),
    k("aws:ec2instancesourcevpc", Scope, false, "the VPC of the instance whose role credentials sign the request: where credentials may be used"),
    k("aws:ec2instancesourceprivateipv4", Scope, false, "the private address of the instance whose role credentials sign the request"),
    k("aws:sourceip", Scope, false, "the requester's IP address (absent through a VPC endpoint)"),
    k("aws:sourcevpc", Scope, false, "the VPC a request comes from through an endpoint"),
    k("aws:sourcevpcarn", Scope, false, "the ARN of the VPC a request comes from"),
    k("aws:sourcevpce", Scope, false, "the VPC endpoint a request comes through"),
    k("aws:vpcsourceip", Scope, false, "the requester's address inside a VPC, through an endpoint"),
    k("aws:vpceaccount", Scope, false, "the account owning the VPC endpoint a request comes through"),
    k("aws:vpceorgid", Scope, false, "the organization owning the VPC endpoint"),
    k("aws:vpceorgpaths", Scope, false, "the Organizations path of the endpoint owner"),
    k("aws:resourceaccount", Place, true, "the account owning the resource, like the account field of its ARN"),
    k("aws:resourceorgid", Place, false, "the organization owning the resource's account"),
    k("aws:resourceorgpaths", Place, false, "the Organizations path of the resource's account"),
    k("aws:resourcetag/", Scope, false, "tags on the resource (present only when it has tags)"),
    k("aws:calledvia", Manner, false, "the services that made the request on the principal's behalf"),
    k("aws:calledviafirst", Manner, false, "the first service in the chain of calls"),
    k("aws:calledvialast", Manner, false, "the last service in the chain of calls"),
    k("aws:viaawsservice", Manner, true, "whether a service makes the request with the principal's credentials"),
    k("aws:currenttime", Manner, true, "the time of the request"),
    k("aws:epochtime", Manner, true, "the time of the request in epoch seconds"),
    k("aws:referer", Manner, false, "the HTTP Referer header, set by the caller (\"should not be used to prevent unauthorized parties from making direct AWS requests\")"),
    k("aws:requestedregion", Place, true, "the Region called, like the Region field of an ARN"),
    k("aws:requesttag/", Scope, false, "tags the request sets on what it creates or tags"),
    k("aws:tagkeys", Scope, false, "tag keys in the request"),
    k("aws:securetransport", Manner, true, "whether the request used TLS"),
    k("aws:sourceaccount", Scope, false, "the account of the resource a service acts for (absent on direct calls)"),
    k("aws:sourcearn", Scope, false, "the resource a service acts for (absent on direct calls)"),
    k("aws:sourceorgid", Scope, false, "the organization of the resource a service acts for"),
    k("aws:sourceorgpaths", Scope, false, "the Organizations path of the resource a service acts for"),
    k("aws:useragent", Manner, true, "the client's User-Agent header, set by the caller (\"should not be used to prevent unauthorized parties from making direct AWS requests\")"),
    k("aws:ismcpserviceaction", Manner, false, "whether the action is called through an AWS MCP server"),
    k("aws:viaawsmcpservice", Manner, false, "whether an AWS MCP server makes the request"),
    k("aws:calledviaawsmcp", Manner, false, "the AWS MCP server that made the request"),
    k("ec2:roledelivery", Manner, false, "the instance metadata service version that delivered the role credentials"),
    k("ec2:sourceinstancearn", Scope, false, "the instance whose role credentials sign the request: where credentials may be used"),
    k("glue:roleassumedby", Manner, false, "which Glue component assumed the role"),
    k("glue:credentialissuingservice", Manner, false, "which Glue service issued the session"),
    k("lambda:sourcefunctionarn", Scope, false, "the function whose execution role credentials sign the request"),
    k("ssm:sourceinstancearn", Scope, false, "the managed instance whose credentials sign the request"),
    // Service keys that do not narrow a grant.
    k("kms:grantisforawsresource", Manner, false, "true when a KMS-integrated service calls CreateGrant, ListGrants or RevokeGrant on the principal's behalf (AWS KMS Developer Guide, \"Controlling access to grants\"): how the call arrives, not which keys it reaches"),
    k("kms:calleraccount", Holder, true, "the account of the caller (AWS KMS condition keys)"),
    k("s3:signatureversion", Manner, false, "the signature version of the request (Amazon S3 condition keys)"),
    k("s3:authtype", Manner, false, "the authentication method of the request (Amazon S3 condition keys)"),
    k("s3:tlsversion", Manner, false, "the TLS version of the connection (Amazon S3 condition keys)"),
    k("s3:signatureage", Manner, false, "how old the request signature is (Amazon S3 condition keys)"),
];

/// The table entry for a key (case-insensitive), if it has one.
pub fn rule(key: &str) -> Option<&'static KeyRule> {
    let lower = key.to_ascii_lowercase();
    KEYS.iter().find(|r| {
        if r.key.ends_with('/') {
            lower.starts_with(r.key) && lower.len() > r.key.len()
        } else {
            lower == r.key
        }
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Presence {
    Always,
    Sometimes,
    Never,
}

/// Whether a request for an action of `service` carries `key`. Global keys: from the table.
/// A service key: never for another service's actions; for its own, assumed present except tag
/// keys (present only when there are tags).
fn presence(key: &str, service: &str) -> Presence {
    // Keys of the table are global (carried by requests of any service) or not `Scope`.
    if let Some(r) = rule(key) {
        return if r.always {
            Presence::Always
        } else {
            Presence::Sometimes
        };
    }
    let lower = key.to_ascii_lowercase();
    let Some((prefix, claim)) = lower.split_once(':') else {
        return Presence::Sometimes;
    };
    if prefix.contains('.') || prefix == "saml" {
        return Presence::Sometimes;
    }
    if !prefix.eq_ignore_ascii_case(service) {
        return Presence::Never;
    }
    if claim.starts_with("resourcetag/") || claim.starts_with("requesttag/") || claim == "tagkeys" {
        Presence::Sometimes
    } else {
        Presence::Always
    }
}

/// Whether condition `c` narrows the requests for an action of `service` that the statement
/// applies to.
pub fn restricts(c: &Condition, service: &str) -> bool {
    let Operator {
        set,
        base,
        if_exists,
    } = c.operator;
    if base == Base::Null {
        // `not exists` admits every request without the key.
        if c.values
            .iter()
            .any(|v| v.as_lit().is_some_and(|l| l == "true"))
        {
            return false;
        }
    } else if base.negated() {
        // Excluding the holder's own account or organization leaves only other accounts'
        // resources: nothing of the principal's own (`aws:ResourceAccount !=
        // ${aws:PrincipalAccount}`, as AWS's SageMaker Studio policies read others' templates).
        return rule(&c.key).is_some_and(|r| r.meaning == Meaning::Place)
            && c.values.iter().any(own_account);
    } else if set == Some(SetOp::ForAllValues) {
        return false;
    }
    if rule(&c.key).is_some_and(|r| r.meaning != Meaning::Scope) {
        return false;
    }
    match presence(&c.key, service) {
        // The condition can never hold: the statement grants nothing for this action.
        Presence::Never => !if_exists,
        Presence::Sometimes => !if_exists,
        Presence::Always => true,
    }
}

/// A value that stands for the holder's own account or organization.
fn own_account(v: &Text) -> bool {
    if v.parts
        .iter()
        .any(|p| matches!(p, Part::Current(Current::Account)))
    {
        return true;
    }
    // As a policy variable of an `.iamx` source or the text of a JSON policy.
    v.as_lit().is_some_and(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("${aws:principalaccount") || l.starts_with("${aws:principalorgid")
    })
}

/// Whether some condition of the statement narrows its grant of `action` (`svc:Name`).
pub fn restricted(conditions: &[Condition], action: &str) -> bool {
    let service = action.split(':').next().unwrap_or("");
    conditions.iter().any(|c| restricts(c, service))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_global_key_has_a_rule() {
        let tsv = include_str!("../../../stdlib/catalog/global-keys.tsv");
        for line in tsv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let key = line.split('\t').next().unwrap_or("");
            let key = key.replace("${TagKey}", "team");
            assert!(rule(&key).is_some(), "{key} has no rule");
        }
    }

    #[test]
    fn service_keys_of_another_service() {
        let c = |op: &str, key: &str| Condition {
            operator: Operator::from_name(op).unwrap(),
            key: key.into(),
            key_text: None,
            values: vec![crate::ir::Text::lit("x")],
            span: crate::span::Span::default(),
        };
        // Never in an S3 request: the condition never holds, the grant never applies.
        assert!(restricts(
            &c("StringEquals", "iam:ResourceTag/status"),
            "s3"
        ));
        // ... and with IfExists it always holds.
        assert!(!restricts(
            &c("StringEqualsIfExists", "iam:ResourceTag/status"),
            "s3"
        ));
        // A service's own tag keys are present only on tagged resources.
        assert!(!restricts(
            &c("StringEqualsIfExists", "iam:ResourceTag/status"),
            "iam"
        ));
        assert!(restricts(
            &c("StringEquals", "iam:ResourceTag/status"),
            "iam"
        ));
        assert!(restricts(
            &c("StringEqualsIfExists", "iam:PassedToService"),
            "iam"
        ));
        assert!(!restricts(
            &c("ForAllValues:StringEquals", "aws:TagKeys"),
            "iam"
        ));
        assert!(restricts(
            &c("ForAnyValue:StringEquals", "aws:TagKeys"),
            "iam"
        ));
        let mut null = c("Null", "aws:ResourceTag/team");
        assert!(!restricts(
            &{
                null.values = vec![crate::ir::Text::lit("true")];
                null.clone()
            },
            "s3"
        ));
        null.values = vec![crate::ir::Text::lit("false")];
        assert!(restricts(&null, "s3"));
        // Leaving out one's own account leaves nothing of one's own; another account, everything.
        let mut other = c("StringNotEquals", "aws:ResourceAccount");
        assert!(!restricts(&other, "s3"));
        other.values = vec![Text {
            parts: vec![Part::PolicyVar("aws:PrincipalAccount".into())],
        }];
        assert!(restricts(&other, "s3"));
    }
}
