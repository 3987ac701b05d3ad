//! The AWS service catalog (used by the type checker and the lints).
//!
//! The data is embedded in the binary (`stdlib/catalog/`). Start-up only indexes the service lines
//! (a scan for their prefixes); a service's JSON line is parsed the first time it is asked for, so
//! `check` of a small module parses a handful of services, not all 460. The descriptions of
//! actions and keys, which only a language server shows, are a separate file read on first use
//! (`docs.rs`).

mod docs;

pub use docs::{action_description, key_description};

use crate::suggest;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

static SERVICES: &str = include_str!("../../../stdlib/catalog/services.jsonl");
static MANAGED: &str = include_str!("../../../stdlib/catalog/managed-policies.txt");
static GLOBAL_KEYS: &str = include_str!("../../../stdlib/catalog/global-keys.tsv");

/// IAM access levels, from the Service Authorization Reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessLevel {
    List,
    Read,
    Tagging,
    Write,
    PermissionsManagement,
    Unknown,
}

impl AccessLevel {
    fn from_code(c: &str) -> Self {
        match c {
            "L" => AccessLevel::List,
            "R" => AccessLevel::Read,
            "W" => AccessLevel::Write,
            "P" => AccessLevel::PermissionsManagement,
            "T" => AccessLevel::Tagging,
            _ => AccessLevel::Unknown,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::Unknown => "unknown",
        }
    }
}

/// The value type of a condition key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    String,
    Arn,
    Numeric,
    Date,
    Bool,
    Ip,
    /// A key the catalog names without a type: every operator is accepted.
    Unknown,
}

impl KeyType {
    pub fn name(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::Arn => "ARN",
            KeyType::Numeric => "Numeric",
            KeyType::Date => "Date",
            KeyType::Bool => "Bool",
            KeyType::Ip => "IP address",
            KeyType::Unknown => "untyped",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    pub ty: KeyType,
    /// Multi-valued (`ArrayOf...`): `any`/`all` apply.
    pub multi: bool,
}

fn key_info(ty: &str) -> KeyInfo {
    let (multi, base) = match ty.strip_prefix("ArrayOf") {
        Some(b) => (true, b),
        None => (false, ty),
    };
    let ty = match base {
        "String" => KeyType::String,
        "ARN" | "Arn" => KeyType::Arn,
        "Numeric" | "Long" => KeyType::Numeric,
        "Date" => KeyType::Date,
        "Bool" | "Boolean" => KeyType::Bool,
        "IPAddress" | "IpAddress" => KeyType::Ip,
        _ => KeyType::Unknown,
    };
    KeyInfo { ty, multi }
}

#[derive(Debug)]
pub struct Action {
    pub name: String,
    pub level: AccessLevel,
    /// Resource types this action accepts; empty for wildcard-only actions (`Resource: *`).
    pub resources: Vec<String>,
}

#[derive(Debug)]
pub struct Service {
    pub prefix: String,
    pub name: String,
    pub actions: Vec<Action>,
    by_lower: HashMap<String, usize>,
    /// Resource type name → ARN format (`arn:${Partition}:s3:::${BucketName}`).
    pub resources: HashMap<String, String>,
    keys: KeyIndex,
}

#[derive(Deserialize)]
struct RawService {
    p: String,
    n: String,
    a: Vec<(String, String, Vec<String>)>,
    r: Vec<(String, String)>,
    k: Vec<(String, String)>,
}

impl Service {
    fn parse(line: &str) -> Option<Service> {
        let raw: RawService = serde_json::from_str(line).ok()?;
        let actions: Vec<Action> = raw
            .a
            .into_iter()
            .map(|(name, level, resources)| Action {
                name,
                level: AccessLevel::from_code(&level),
                resources,
            })
            .collect();
        let by_lower = actions
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.to_ascii_lowercase(), i))
            .collect();
        Some(Service {
            prefix: raw.p,
            name: raw.n,
            actions,
            by_lower,
            resources: raw.r.into_iter().collect(),
            keys: KeyIndex::new(raw.k.into_iter().map(|(k, t)| {
                let info = key_info(&t);
                (k, info)
            })),
        })
    }

    /// An action by name, case-insensitively (IAM action names are case-insensitive).
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.by_lower
            .get(&name.to_ascii_lowercase())
            .and_then(|&i| self.actions.get(i))
    }

    /// Every action a pattern with `*`/`?` matches.
    pub fn matching(&self, pattern: &str) -> Vec<&Action> {
        self.actions
            .iter()
            .filter(|a| glob_match(pattern, &a.name))
            .collect()
    }

    fn key(&self, lower: &str) -> Option<KeyInfo> {
        self.keys.get(lower)
    }

    /// The service's condition keys as the catalog writes them (`s3:prefix`,
    /// `s3:ExistingObjectTag/${TagKey}`), for completion.
    pub fn key_names(&self) -> impl Iterator<Item = &str> {
        self.keys.names.iter().map(String::as_str)
    }
}

/// Condition keys, indexed for case-insensitive lookup: exact keys in a map, `${TagKey}`-style
/// templates by their lower-cased prefix.
#[derive(Debug, Default)]
struct KeyIndex {
    exact: HashMap<String, KeyInfo>,
    templates: Vec<(String, KeyInfo)>,
    /// The keys as written, for suggestions.
    names: Vec<String>,
}

impl KeyIndex {
    fn new(keys: impl Iterator<Item = (String, KeyInfo)>) -> KeyIndex {
        let mut idx = KeyIndex::default();
        for (k, info) in keys {
            match k.find("${") {
                Some(i) => idx.templates.push((k[..i].to_ascii_lowercase(), info)),
                None => {
                    idx.exact.entry(k.to_ascii_lowercase()).or_insert(info);
                }
            }
            idx.names.push(k);
        }
        idx
    }

    fn get(&self, lower: &str) -> Option<KeyInfo> {
        if let Some(i) = self.exact.get(lower) {
            return Some(*i);
        }
        self.templates
            .iter()
            .find(|(prefix, _)| lower.len() > prefix.len() && lower.starts_with(prefix.as_str()))
            .map(|(_, i)| *i)
    }
}

/// Case-insensitive glob with `*` (any run) and `?` (one character), as IAM matches actions.
/// Works on bytes (action names are ASCII) and allocates nothing: it runs for every catalog action
/// a pattern could match.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while let Some(&tc) = t.get(ti) {
        match p.get(pi) {
            Some(&pc) if pc == b'?' || pc.eq_ignore_ascii_case(&tc) => {
                pi += 1;
                ti += 1;
            }
            Some(b'*') => {
                star = Some(pi);
                mark = ti;
                pi += 1;
            }
            _ => {
                let Some(s) = star else {
                    return false;
                };
                pi = s + 1;
                mark += 1;
                ti = mark;
            }
        }
    }
    while p.get(pi) == Some(&b'*') {
        pi += 1;
    }
    pi == p.len()
}

/// What looking an action up found.
#[derive(Debug)]
pub enum ActionLookup<'a> {
    Found(&'a Action),
    /// A pattern (`s3:Get*`) and the actions it matches (possibly none).
    Pattern(Vec<&'a Action>),
    UnknownService {
        suggestion: Option<String>,
    },
    UnknownAction {
        suggestion: Option<String>,
    },
}

pub struct Catalog {
    /// (prefix, line) in file order (sorted by prefix).
    index: Vec<(&'static str, &'static str)>,
    parsed: Vec<OnceLock<Option<Service>>>,
    globals: KeyIndex,
    managed: Vec<&'static str>,
}

impl Catalog {
    fn load() -> Catalog {
        let mut index = Vec::new();
        for line in SERVICES.lines() {
            let Some(rest) = line.strip_prefix("{\"p\":\"") else {
                continue;
            };
            if let Some(end) = rest.find('"') {
                index.push((&rest[..end], line));
            }
        }
        let parsed = index.iter().map(|_| OnceLock::new()).collect();
        let globals = KeyIndex::new(
            GLOBAL_KEYS
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .filter_map(|l| l.split_once('\t'))
                .map(|(k, t)| (k.to_string(), key_info(t.trim()))),
        );
        let managed = MANAGED.lines().filter(|l| !l.is_empty()).collect();
        Catalog {
            index,
            parsed,
            globals,
            managed,
        }
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "`i` comes from a binary search of `index`, and `parsed` has one cell per entry of `index`"
    )]
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        let lower = prefix.to_ascii_lowercase();
        let i = self
            .index
            .binary_search_by(|(p, _)| (*p).cmp(lower.as_str()))
            .ok()?;
        self.parsed[i]
            .get_or_init(|| Service::parse(self.index[i].1))
            .as_ref()
    }

    /// The global condition keys (`aws:SourceIp`), for completion.
    pub fn global_key_names(&self) -> impl Iterator<Item = &str> {
        self.globals.names.iter().map(String::as_str)
    }

    pub fn prefixes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.index.iter().map(|(p, _)| *p)
    }

    /// Look up `service:Action` or a pattern such as `s3:Get*` / `ec2:Describe?pc*`.
    pub fn lookup_action(&self, qualified: &str) -> ActionLookup<'_> {
        let (prefix, name) = qualified.split_once(':').unwrap_or((qualified, ""));
        if prefix.contains(['*', '?']) {
            let actions = self
                .index
                .iter()
                .filter(|(p, _)| glob_match(prefix, p))
                .filter_map(|(p, _)| self.service(p))
                .flat_map(|s| s.matching(name))
                .collect();
            return ActionLookup::Pattern(actions);
        }
        let Some(svc) = self.service(prefix) else {
            return ActionLookup::UnknownService {
                suggestion: suggest::closest(prefix, self.prefixes()).map(str::to_string),
            };
        };
        if name.contains(['*', '?']) {
            return ActionLookup::Pattern(svc.matching(name));
        }
        match svc.action(name) {
            Some(a) => ActionLookup::Found(a),
            None => ActionLookup::UnknownAction {
                suggestion: suggest::closest(name, svc.actions.iter().map(|a| a.name.as_str()))
                    .map(|a| format!("{}:{a}", svc.prefix)),
            },
        }
    }

    /// The type of a condition key, or `None` when it does not exist.
    pub fn condition_key(&self, key: &str) -> Option<KeyInfo> {
        let lower = key.to_ascii_lowercase();
        if let Some(info) = self.globals.get(&lower) {
            return Some(info);
        }
        let (prefix, claim) = key.split_once(':')?;
        if claim.is_empty() {
            return None;
        }
        if let Some(info) = self.service(prefix).and_then(|s| s.key(&lower)) {
            return Some(info);
        }
        // SAML and web identity keys live with STS.
        if let Some(mut info) = self.service("sts").and_then(|s| s.key(&lower)) {
            // `cognito-identity.amazonaws.com:amr` carries every authentication method of the
            // request (`authenticated`, the login provider): AWS's own trust policies test it
            // with `ForAnyValue:StringLike`. The reference types it as a plain String.
            if claim.eq_ignore_ascii_case("amr") {
                info.multi = true;
            }
            return Some(info);
        }
        if prefix.eq_ignore_ascii_case("saml") {
            return None;
        }
        // Any other OIDC provider (`token.actions.githubusercontent.com:sub`): a host prefix.
        if prefix.contains('.') && !claim.contains(['/', '*']) {
            let multi = claim == "amr";
            return Some(KeyInfo {
                ty: KeyType::String,
                multi,
            });
        }
        None
    }

    /// A close known key, for "did you mean".
    pub fn suggest_key(&self, key: &str) -> Option<String> {
        let (prefix, _) = key.split_once(':').unwrap_or(("", key));
        let mut candidates: Vec<&str> = self.globals.names.iter().map(String::as_str).collect();
        if let Some(s) = self.service(prefix) {
            candidates.extend(s.keys.names.iter().map(String::as_str));
        }
        suggest::closest(key, candidates.into_iter()).map(str::to_string)
    }

    /// The path-qualified name of an AWS managed policy (`service-role/X`), from a full or bare
    /// name; `Err` carries a suggestion.
    pub fn managed_policy(&self, name: &str) -> Result<&'static str, Option<&'static str>> {
        if let Some(p) = self.managed.iter().find(|p| p.eq_ignore_ascii_case(name)) {
            return Ok(p);
        }
        let bare: Vec<&&str> = self
            .managed
            .iter()
            .filter(|p| p.rsplit('/').next() == Some(name))
            .collect();
        if let [one] = bare.as_slice() {
            return Ok(one);
        }
        Err(suggest::closest(name, self.managed.iter().copied()))
    }
}

static CATALOG: OnceLock<Catalog> = OnceLock::new();

/// The process-wide catalog, indexed on first use.
pub fn catalog() -> &'static Catalog {
    CATALOG.get_or_init(Catalog::load)
}

/// Whether [`catalog`] has been called (for tests that prove Google Cloud work never loads it).
pub fn is_loaded() -> bool {
    CATALOG.get().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_actions_case_insensitively() {
        let c = catalog();
        match c.lookup_action("s3:getobject") {
            ActionLookup::Found(a) => {
                assert_eq!(a.name, "GetObject");
                assert_eq!(a.level, AccessLevel::Read);
                assert!(a.resources.iter().any(|r| r == "object"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn suggests_close_names() {
        let c = catalog();
        match c.lookup_action("s3:GetObjet") {
            ActionLookup::UnknownAction { suggestion } => {
                assert_eq!(suggestion.as_deref(), Some("s3:GetObject"))
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            c.lookup_action("s4:GetObject"),
            ActionLookup::UnknownService {
                suggestion: Some(_)
            }
        ));
    }

    #[test]
    fn expands_patterns() {
        let c = catalog();
        let ActionLookup::Pattern(v) = c.lookup_action("s3:Get*") else {
            panic!()
        };
        assert!(v.len() > 20);
        let ActionLookup::Pattern(v) = c.lookup_action("s3:Frobnicate*") else {
            panic!()
        };
        assert!(v.is_empty());
    }

    #[test]
    fn knows_condition_keys() {
        let c = catalog();
        assert_eq!(
            c.condition_key("aws:SourceArn").map(|k| k.ty),
            Some(KeyType::Arn)
        );
        assert_eq!(
            c.condition_key("aws:PrincipalTag/team").map(|k| k.ty),
            Some(KeyType::String)
        );
        assert!(c.condition_key("aws:TagKeys").is_some_and(|k| k.multi));
        assert!(c.condition_key("s3:prefix").is_some());
        assert!(c.condition_key("sts:ExternalId").is_some());
        assert!(
            c.condition_key("token.actions.githubusercontent.com:sub")
                .is_some()
        );
        assert!(c.condition_key("SAML:aud").is_some());
        assert!(c.condition_key("aws:SourceAcount").is_none());
        assert_eq!(
            c.suggest_key("aws:SourceAcount").as_deref(),
            Some("aws:SourceAccount")
        );
    }

    #[test]
    fn managed_policies_with_and_without_path() {
        let c = catalog();
        assert_eq!(
            c.managed_policy("AmazonECSTaskExecutionRolePolicy"),
            Ok("service-role/AmazonECSTaskExecutionRolePolicy")
        );
        assert_eq!(c.managed_policy("ReadOnlyAccess"), Ok("ReadOnlyAccess"));
        assert_eq!(
            c.managed_policy("ReadOnlyAcess"),
            Err(Some("ReadOnlyAccess"))
        );
    }

    #[test]
    fn globs() {
        assert!(glob_match("Describe?pc*", "DescribeVpcs"));
        assert!(glob_match("*", ""));
        assert!(!glob_match("Get*", "PutObject"));
    }
}
