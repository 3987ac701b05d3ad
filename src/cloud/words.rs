//! Every cloud's declaration words in one table, with each word's counterparts in the other
//! clouds: a module of one cloud that uses another cloud's word is told whose word it is and
//! what its own cloud calls the nearest thing (`service_account` in an Azure module:
//! `managed_identity`).

/// A cloud a module can target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloud {
    Aws,
    Gcp,
    Azure,
}

impl Cloud {
    /// As `target` names it.
    pub fn target(self) -> &'static str {
        match self {
            Cloud::Aws => "aws",
            Cloud::Gcp => "gcp",
            Cloud::Azure => "azure",
        }
    }

    /// As people name it.
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Aws => "AWS",
            Cloud::Gcp => "Google Cloud",
            Cloud::Azure => "Azure",
        }
    }

    /// "an AWS", "a Google Cloud", "an Azure".
    pub fn a(self) -> &'static str {
        match self {
            Cloud::Aws => "an AWS",
            Cloud::Gcp => "a Google Cloud",
            Cloud::Azure => "an Azure",
        }
    }

    /// Where a declaration of this cloud goes.
    pub fn home(self) -> &'static str {
        match self {
            Cloud::Aws => "an AWS module (without `target`, or `target aws`)",
            Cloud::Gcp => "a `target gcp` module",
            Cloud::Azure => "a `target azure` module",
        }
    }
}

/// One declaration word: its cloud and its nearest counterpart in each cloud (`None`: the
/// cloud has nothing like it, or it is the word's own cloud).
#[derive(Debug)]
pub struct DeclWord {
    pub word: &'static str,
    pub cloud: Cloud,
    aws: Option<&'static str>,
    gcp: Option<&'static str>,
    azure: Option<&'static str>,
}

impl DeclWord {
    /// The nearest counterpart of this word in `cloud`.
    pub fn counterpart(&self, cloud: Cloud) -> Option<&'static str> {
        match cloud {
            Cloud::Aws => self.aws,
            Cloud::Gcp => self.gcp,
            Cloud::Azure => self.azure,
        }
    }
}

const fn w(
    word: &'static str,
    cloud: Cloud,
    aws: Option<&'static str>,
    gcp: Option<&'static str>,
    azure: Option<&'static str>,
) -> DeclWord {
    DeclWord {
        word,
        cloud,
        aws,
        gcp,
        azure,
    }
}

/// Every cloud's declaration words (a module-level `grant` is Google Cloud's and Azure's, and
/// has its own message).
pub const DECL_WORDS: &[DeclWord] = &[
    w(
        "role",
        Cloud::Aws,
        None,
        Some("service_account"),
        Some("managed_identity"),
    ),
    w(
        "policy",
        Cloud::Aws,
        None,
        Some("custom_role"),
        Some("role_definition"),
    ),
    w("user", Cloud::Aws, None, None, None),
    w("group", Cloud::Aws, None, None, None),
    w("instance_profile", Cloud::Aws, None, None, None),
    w(
        "oidc_provider",
        Cloud::Aws,
        None,
        Some("workload_identity_pool"),
        None,
    ),
    w(
        "saml_provider",
        Cloud::Aws,
        None,
        Some("workload_identity_pool"),
        None,
    ),
    w(
        "service_account",
        Cloud::Gcp,
        Some("role"),
        None,
        Some("managed_identity"),
    ),
    w(
        "custom_role",
        Cloud::Gcp,
        Some("policy"),
        None,
        Some("role_definition"),
    ),
    w(
        "workload_identity_pool",
        Cloud::Gcp,
        Some("oidc_provider"),
        None,
        None,
    ),
    w("deny_policy", Cloud::Gcp, None, None, None),
    w(
        "managed_identity",
        Cloud::Azure,
        Some("role"),
        Some("service_account"),
        None,
    ),
    w(
        "role_definition",
        Cloud::Azure,
        Some("policy"),
        Some("custom_role"),
        None,
    ),
];

/// The declaration word `word`, if a cloud has it.
pub fn find(word: &str) -> Option<&'static DeclWord> {
    DECL_WORDS.iter().find(|d| d.word == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counterparts_point_both_ways() {
        for d in DECL_WORDS {
            assert_eq!(d.counterpart(d.cloud), None, "{}", d.word);
            for cloud in [Cloud::Aws, Cloud::Gcp, Cloud::Azure] {
                if let Some(c) = d.counterpart(cloud) {
                    let other = find(c).unwrap_or_else(|| panic!("{c} is no word"));
                    assert_eq!(other.cloud, cloud, "{} → {c}", d.word);
                }
            }
        }
        assert_eq!(
            find("service_account").and_then(|d| d.counterpart(Cloud::Azure)),
            Some("managed_identity")
        );
    }
}
