//! Testing stage: action patterns expanded against the AWS catalog (`s3:Get*` → every `s3` action
//! whose name starts with `Get`), with each action's access level. Uses the catalog only.

use crate::aws::catalog::{AccessLevel, Action, Service, catalog, glob_match};

/// One action of the catalog.
#[derive(Clone, Copy, Debug)]
pub struct Known {
    pub service: &'static Service,
    pub action: &'static Action,
}

impl Known {
    /// `service:Action` as the catalog spells it.
    pub fn qualified(&self) -> String {
        format!("{}:{}", self.service.prefix, self.action.name)
    }

    pub fn level(&self) -> AccessLevel {
        self.action.level
    }
}

/// Whether a pattern names actions of more than one service (`*`, `*:Get*`, `s3*:List*`).
pub fn spans_services(pattern: &str) -> bool {
    match pattern.split_once(':') {
        Some((service, _)) => service.contains(['*', '?']),
        None => true,
    }
}

/// Every catalog action `pattern` matches (case-insensitively), in catalog order. An action the
/// catalog does not know (newer than the catalog) expands to nothing.
pub fn expand(pattern: &str) -> Vec<Known> {
    let c = catalog();
    let (service, name) = match pattern.split_once(':') {
        Some(p) => p,
        None if pattern.chars().all(|ch| ch == '*') && !pattern.is_empty() => ("*", "*"),
        None => return Vec::new(),
    };
    let services: Vec<&'static Service> = if service.contains(['*', '?']) {
        c.prefixes()
            .filter(|p| glob_match(service, p))
            .filter_map(|p| c.service(p))
            .collect()
    } else {
        c.service(service).into_iter().collect()
    };
    let mut out = Vec::new();
    for s in services {
        if name.contains(['*', '?']) {
            out.extend(
                s.actions
                    .iter()
                    .filter(|a| glob_match(name, &a.name))
                    .map(|a| Known {
                        service: s,
                        action: a,
                    }),
            );
        } else if let Some(a) = s.action(name) {
            out.push(Known {
                service: s,
                action: a,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_expand_within_and_across_services() {
        let get = expand("s3:GetObject");
        assert_eq!(get.len(), 1);
        assert_eq!(get[0].qualified(), "s3:GetObject");
        assert_eq!(get[0].level(), AccessLevel::Read);
        assert!(expand("S3:getobject*").len() > 3, "case-insensitive");
        assert!(
            expand("s3:Get*")
                .iter()
                .all(|k| k.action.name.starts_with("Get"))
        );
        let all = expand("*");
        assert!(all.len() > 10_000);
        assert!(
            expand("*:GetObject").len() >= 2,
            "s3 and s3-object-lambda at least"
        );
        assert!(expand("nosuch:Thing").is_empty());
        assert!(spans_services("*") && spans_services("s3*:Get") && !spans_services("s3:*"));
    }
}
