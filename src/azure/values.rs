//! Value rules of Azure: subscription ids, locations, resource names, principal object ids and
//! the shape of ARM ids (scopes). Used by the checker, the command line's `--param` checks and
//! the Terraform variables' validations.
//!
//! Pure. May use nothing.

/// `00000000-0000-0000-0000-000000000000`: 8-4-4-4-12 hex digits (subscription ids, principal
/// object ids, role definition ids).
pub fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A subscription id (`SubscriptionId` params): a GUID.
pub fn is_subscription_id(s: &str) -> bool {
    is_guid(s)
}

/// An Azure location (`AzureLocation` params): the short name ARM uses, `westeurope`,
/// `eastus2`: lowercase letters then letters and digits, at most 40.
pub fn is_location(s: &str) -> bool {
    let mut b = s.bytes();
    (2..=40).contains(&s.len())
        && b.next().is_some_and(|c| c.is_ascii_lowercase())
        && b.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// A user-assigned identity's name: 3 to 128 characters, a letter or digit first, then
/// letters, digits, `-` and `_`.
pub fn is_identity_name(s: &str) -> bool {
    let mut b = s.bytes();
    (3..=128).contains(&s.len())
        && b.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

/// A resource group's name: 1 to 90 characters of letters, digits, `-`, `_`, `.`, `(` and
/// `)`, not ending in `.`.
pub fn is_resource_group(s: &str) -> bool {
    (1..=90).contains(&s.len())
        && !s.ends_with('.')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')'))
}

/// A federated identity credential's name: 3 to 120 characters, a letter or digit first, then
/// letters, digits, `-` and `_`.
pub fn is_credential_name(s: &str) -> bool {
    let mut b = s.bytes();
    (3..=120).contains(&s.len())
        && b.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

pub use super::scopes::Level;

/// What is wrong with a raw ARM id used as a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeProblem {
    NoLeadingSlash,
    TrailingSlash,
    EmptySegment,
    Wildcard,
    /// Neither `/providers/Microsoft.Management/managementGroups/MG` nor `/subscriptions/S...`.
    UnknownRoot,
    BadSubscription,
    /// `/subscriptions/S/resourceGroups/RG/providers/NS/TYPE/NAME`: a provider segment without
    /// a type and a name, or names and types out of pairs.
    BadResource,
}

impl ScopeProblem {
    pub fn describe(self) -> &'static str {
        match self {
            ScopeProblem::NoLeadingSlash => "an ARM id starts with `/`",
            ScopeProblem::TrailingSlash => "an ARM id does not end with `/`",
            ScopeProblem::EmptySegment => "an ARM id has no empty segment (`//`)",
            ScopeProblem::Wildcard => "a scope names one node; Azure takes no wildcard in it",
            ScopeProblem::UnknownRoot => {
                "an ARM id starts with `/subscriptions/ID` or `/providers/Microsoft.Management/managementGroups/ID`"
            }
            ScopeProblem::BadSubscription => "a subscription id is a GUID",
            ScopeProblem::BadResource => {
                "a resource id continues `/providers/NAMESPACE/TYPE/NAME` with type and name in pairs"
            }
        }
    }
}

/// The level of a literal ARM id, or what is wrong with it. Segment names compare
/// case-insensitively, as ARM does. `check_guid` is false for ids with a param in the
/// subscription (the value is checked when given).
pub fn arm_scope(s: &str) -> Result<Level, ScopeProblem> {
    if s == "/" {
        return Ok(Level::Root);
    }
    let Some(rest) = s.strip_prefix('/') else {
        return Err(ScopeProblem::NoLeadingSlash);
    };
    if rest.ends_with('/') {
        return Err(ScopeProblem::TrailingSlash);
    }
    if s.contains('*') {
        return Err(ScopeProblem::Wildcard);
    }
    let segs: Vec<&str> = rest.split('/').collect();
    if segs.iter().any(|p| p.is_empty()) {
        return Err(ScopeProblem::EmptySegment);
    }
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    match segs.as_slice() {
        [p, ns, mg, _]
            if eq(p, "providers")
                && eq(ns, "Microsoft.Management")
                && eq(mg, "managementGroups") =>
        {
            Ok(Level::ManagementGroup)
        }
        [sub, id, tail @ ..] if eq(sub, "subscriptions") => {
            if !is_guid(id) && !id.starts_with("${") {
                return Err(ScopeProblem::BadSubscription);
            }
            match tail {
                [] => Ok(Level::Subscription),
                [rg, _] if eq(rg, "resourceGroups") => Ok(Level::ResourceGroup),
                [rg, _, p, _ns, rest @ ..] if eq(rg, "resourceGroups") && eq(p, "providers") => {
                    if !rest.is_empty() && rest.len() % 2 == 0 {
                        Ok(Level::Resource)
                    } else {
                        Err(ScopeProblem::BadResource)
                    }
                }
                [p, _ns, rest @ ..]
                    if eq(p, "providers") && !rest.is_empty() && rest.len() % 2 == 0 =>
                {
                    Ok(Level::Resource)
                }
                _ => Err(ScopeProblem::BadResource),
            }
        }
        _ => Err(ScopeProblem::UnknownRoot),
    }
}

/// A Terraform label from a free text: letters, digits and `_`, lowercase.
pub fn label(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let t = out.trim_matches('_').to_string();
    if t.is_empty() { "x".into() } else { t }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_and_names() {
        assert!(is_guid("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"));
        assert!(!is_guid("8e3af657-a8ff-443c-a75c-2fe8c4bcb63"));
        assert!(!is_guid("8e3af657a8ff443ca75c2fe8c4bcb635"));
        assert!(is_location("westeurope") && is_location("eastus2"));
        assert!(!is_location("West Europe") && !is_location("2east"));
        assert!(
            is_identity_name("shop-deploy") && !is_identity_name("-x") && !is_identity_name("ab")
        );
        assert!(
            is_resource_group("shop-prod") && !is_resource_group("rg.") && !is_resource_group("")
        );
        assert_eq!(
            label("Container Apps Contributor"),
            "container_apps_contributor"
        );
    }

    #[test]
    fn arm_ids() {
        let s = "/subscriptions/00000000-0000-0000-0000-000000000000";
        assert_eq!(arm_scope("/"), Ok(Level::Root));
        assert_eq!(arm_scope(s), Ok(Level::Subscription));
        assert_eq!(
            arm_scope(&format!("{s}/resourceGroups/rg")),
            Ok(Level::ResourceGroup)
        );
        assert_eq!(
            arm_scope(&format!(
                "{s}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"
            )),
            Ok(Level::Resource)
        );
        assert_eq!(
            arm_scope(&format!(
                "{s}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/c"
            )),
            Ok(Level::Resource)
        );
        assert_eq!(
            arm_scope("/providers/Microsoft.Management/managementGroups/platform"),
            Ok(Level::ManagementGroup)
        );
        assert_eq!(
            arm_scope("subscriptions/x"),
            Err(ScopeProblem::NoLeadingSlash)
        );
        assert_eq!(
            arm_scope("/subscriptions/abc"),
            Err(ScopeProblem::BadSubscription)
        );
        assert_eq!(
            arm_scope(&format!("{s}/")),
            Err(ScopeProblem::TrailingSlash)
        );
        assert_eq!(
            arm_scope(&format!("{s}/resourceGroups/*")),
            Err(ScopeProblem::Wildcard)
        );
        assert_eq!(
            arm_scope(&format!(
                "{s}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts"
            )),
            Err(ScopeProblem::BadResource)
        );
        assert_eq!(arm_scope("/tenants/x"), Err(ScopeProblem::UnknownRoot));
    }
}
