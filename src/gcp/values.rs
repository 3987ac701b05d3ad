//! Google Cloud value rules: the formats of project ids, regions, service account ids, custom
//! role ids and members, as Google checks them when it creates a resource.
//!
//! Pure. May use nothing.

/// `[a-z]` then 4..=28 of `[-a-z0-9]`, then `[a-z0-9]`: 6 to 30 characters.
fn lower_id(s: &str, min: usize, max: usize) -> bool {
    let b = s.as_bytes();
    (min..=max).contains(&b.len())
        && b.first().is_some_and(u8::is_ascii_lowercase)
        && b.last()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// A project id: 6 to 30 characters, a lowercase letter first, lowercase letters, digits and
/// `-`, not ending in `-` (`acme-shop-prod`).
pub fn is_project_id(s: &str) -> bool {
    lower_id(s, 6, 30)
}

/// A region: `europe-west1`, `us-central1`, `northamerica-northeast2`.
pub fn is_region(s: &str) -> bool {
    let mut parts = s.split('-');
    let (Some(area), Some(rest), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let letters = rest.trim_end_matches(|c: char| c.is_ascii_digit());
    !area.is_empty()
        && area.bytes().all(|c| c.is_ascii_lowercase())
        && !letters.is_empty()
        && letters.len() < rest.len()
        && letters.bytes().all(|c| c.is_ascii_lowercase())
}

/// A service account's `account_id`: 6 to 30 characters, `[a-z]([-a-z0-9]*[a-z0-9])`.
pub fn is_account_id(s: &str) -> bool {
    lower_id(s, 6, 30)
}

/// A custom role's `role_id`: 3 to 64 characters of `[a-zA-Z0-9_.]`.
pub fn is_role_id(s: &str) -> bool {
    (3..=64).contains(&s.len())
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.')
}

/// The member prefixes an allow policy takes (`user:EMAIL`, ...).
pub const MEMBER_PREFIXES: &[&str] = &[
    "user:",
    "serviceAccount:",
    "group:",
    "domain:",
    "principal://",
    "principalSet://",
    "projectOwner:",
    "projectEditor:",
    "projectViewer:",
    "deleted:",
];

/// Whether `s` is a member as an allow policy spells it. `allUsers` and
/// `allAuthenticatedUsers` stand alone; the others are a prefix and a non-empty rest.
pub fn is_member(s: &str) -> bool {
    matches!(s, "allUsers" | "allAuthenticatedUsers")
        || MEMBER_PREFIXES
            .iter()
            .any(|p| s.strip_prefix(p).is_some_and(|rest| !rest.is_empty()))
}

/// A Terraform label from free text: letters, digits, `_` and `-` kept, anything else `_`,
/// never starting with a digit or `-`.
pub fn label(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    while out.contains("__") {
        out = out.replace("__", "_");
    }
    let out = out.trim_matches('_').to_string();
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        format!("_{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(is_project_id("acme-shop-prod"));
        assert!(!is_project_id("Acme-shop"));
        assert!(!is_project_id("acme-"));
        assert!(!is_project_id("short"));
        assert!(is_region("europe-west1"));
        assert!(is_region("northamerica-northeast2"));
        assert!(!is_region("europe-west"));
        assert!(!is_region("eu-west-1"));
        assert!(is_account_id("shop-deploy"));
        assert!(!is_account_id("shop_deploy"));
        assert!(!is_account_id("deploy-"));
        assert!(is_role_id("backupWriter"));
        assert!(is_role_id("backup_writer.v2"));
        assert!(!is_role_id("backup-writer"));
        assert!(is_member("group:ops@example.com"));
        assert!(is_member("allUsers"));
        assert!(!is_member("group:"));
        assert!(!is_member("ops@example.com"));
        assert_eq!(label("roles/run.developer"), "roles_run_developer");
        assert_eq!(label("group:ops@example.com"), "group_ops_example_com");
        assert_eq!(label("1x"), "_1x");
    }
}
