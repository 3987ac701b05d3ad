//! AWS, lint data: which request keys the requests of a kind of principal carry, for
//! `unset_policy_variable` (a policy variable whose key is never present matches nothing). Data
//! only, with the lookup that reads it.

/// Keys whose presence depends on the kind of principal, from "AWS global condition context
/// keys" (IAM User Guide, the "Availability" of each key). Matched case-insensitively; a key
/// ending in `:` is a prefix.
pub struct Present {
    pub key: &'static str,
    pub users: bool,
    pub roles: bool,
    pub why: &'static str,
}

const fn p(key: &'static str, users: bool, roles: bool, why: &'static str) -> Present {
    Present {
        key,
        users,
        roles,
        why,
    }
}

pub const PRESENT: &[Present] = &[
    p(
        "aws:username",
        true,
        false,
        "always included for IAM users; requests made with IAM roles do not include it",
    ),
    p(
        "aws:sourceidentity",
        false,
        true,
        "set when a role session is created with a source identity; IAM users' requests never carry it",
    ),
    p(
        "aws:federatedprovider",
        false,
        true,
        "the identity provider of a role session assumed with web identity or SAML",
    ),
    p(
        "aws:principalservicename",
        false,
        false,
        "present only when the principal is an AWS service principal",
    ),
    p(
        "aws:principalservicenameslist",
        false,
        false,
        "present only when the principal is an AWS service principal",
    ),
    p(
        "ec2:sourceinstancearn",
        false,
        true,
        "present only when the request is signed with the role credentials of an EC2 instance profile",
    ),
    p(
        "lambda:sourcefunctionarn",
        false,
        true,
        "present only when the request is signed with a Lambda function's execution role credentials",
    ),
    p(
        "saml:",
        false,
        true,
        "SAML keys are present only in sessions of roles assumed with AssumeRoleWithSAML",
    ),
];

/// The entry for `key`: the table's, or for a web identity key (`HOST:claim`) present only in
/// role sessions assumed with AssumeRoleWithWebIdentity.
pub fn presence(key: &str) -> Option<(bool, bool, &'static str)> {
    let lower = key.to_ascii_lowercase();
    if let Some(e) = PRESENT.iter().find(|e| {
        if e.key.ends_with(':') {
            lower.starts_with(e.key)
        } else {
            lower == e.key
        }
    }) {
        return Some((e.users, e.roles, e.why));
    }
    let (prefix, _) = lower.split_once(':')?;
    prefix.contains('.').then_some((
        false,
        true,
        "web identity keys are present only in sessions of roles assumed with AssumeRoleWithWebIdentity",
    ))
}
