//! Declaration properties (`name`, `path`, `tags`, `max_session`, `boundary`, `members`, the OIDC
//! provider's fields): evaluated, type-checked and checked against IAM's limits.

use super::Checker;
use super::error::CheckError;
use super::eval::{self, Env, V, Value, describe, managed_arn};
use super::misuse::Misuse;
use crate::ast::{self, DeclKind, Item, ResKind};
use crate::aws::values;
use crate::ir::aws::PolicyRef;
use crate::ir::{self, Text};
use crate::resolve::DeclRef;
use crate::span::Span;
use std::collections::HashMap;

/// Which properties each declaration kind takes.
pub(super) fn allowed_props(kind: ResKind) -> &'static [&'static str] {
    match kind {
        ResKind::Policy => &["name", "path", "description", "tags"],
        ResKind::Role => &[
            "name",
            "path",
            "description",
            "max_session",
            "tags",
            "boundary",
        ],
        ResKind::User => &["name", "path", "tags", "boundary"],
        ResKind::Group => &["name", "path", "members"],
        ResKind::InstanceProfile => &["name", "path", "role", "tags"],
        ResKind::OidcProvider => &["url", "client_ids", "thumbprints", "tags"],
        ResKind::SamlProvider => &["name", "metadata", "tags"],
    }
}

pub(super) fn name_limit(kind: ResKind) -> usize {
    match kind {
        ResKind::Role | ResKind::User => 64,
        _ => 128,
    }
}

impl Checker<'_> {
    /// Properties of a declaration body, checked against the kind (unknown and duplicate ones).
    pub(super) fn props(
        &mut self,
        kind: ResKind,
        body: &[Item],
        env: Env,
    ) -> HashMap<&'static str, V> {
        let allowed = allowed_props(kind);
        let mut out: HashMap<&'static str, V> = HashMap::new();
        let mut seen: HashMap<String, Span> = HashMap::new();
        for item in body {
            let Item::Prop { key, value } = item else {
                continue;
            };
            if let Some(first) = seen.get(&key.name) {
                self.err(CheckError::DuplicateProperty {
                    name: key.name.clone(),
                    span: key.span,
                    first: *first,
                });
                continue;
            }
            seen.insert(key.name.clone(), key.span);
            let v = self.eval(value, env);
            match allowed.iter().find(|a| **a == key.name) {
                Some(a) => {
                    out.insert(a, v);
                }
                None => self.err(CheckError::UnknownProperty {
                    kind: kind.keyword().into(),
                    name: key.name.clone(),
                    span: key.span,
                    allowed: allowed.to_vec(),
                }),
            }
        }
        out
    }

    pub(super) fn type_err(&mut self, expected: &str, v: &V) {
        if v.val != Value::Error {
            self.err(CheckError::TypeMismatch {
                expected: expected.into(),
                found: describe(&v.val),
                span: v.span,
                help: None,
            });
        }
    }

    /// A string property (`name`, `description`): literal parts checked against IAM's limits.
    pub(super) fn text_prop(&mut self, v: &V, what: &str, limit: usize) -> Text {
        let Value::Text(t) = &v.val else {
            self.type_err("a string", v);
            return Text::default();
        };
        if let Some(lit) = t.as_lit() {
            let problem = if what == "name" {
                values::name_problem(&lit, limit)
            } else {
                values::description_problem(&lit)
            };
            if let Some(reason) = problem {
                self.err(CheckError::BadName {
                    what: what.into(),
                    text: lit,
                    reason,
                    span: v.span,
                });
            }
        }
        t.clone()
    }

    pub(super) fn tags(&mut self, v: &V) -> Vec<ir::aws::Tag> {
        let Value::Map(entries) = &v.val else {
            self.type_err("a map of tags", v);
            return vec![];
        };
        if entries.len() > 50 {
            self.err(CheckError::OutOfRange {
                what: "the number of tags".into(),
                min: "0".into(),
                max: "50".into(),
                span: v.span,
            });
        }
        let mut out = Vec::new();
        for (k, val) in entries.iter() {
            let value = match &val.val {
                Value::Text(t) => t.clone(),
                Value::Int(n) => Text::lit(n.to_string()),
                Value::Bool(b) => Text::lit(b.to_string()),
                _ => {
                    self.type_err("a string", val);
                    continue;
                }
            };
            if let Some(reason) = values::tag_problem(k, value.as_lit().as_deref()) {
                self.err(CheckError::BadName {
                    what: "tag".into(),
                    text: k.clone(),
                    reason,
                    span: val.span,
                });
            }
            out.push(ir::aws::Tag {
                key: k.clone(),
                value,
            });
        }
        out
    }

    pub(super) fn max_session(&mut self, v: &V) -> Option<u32> {
        let secs = match v.val {
            Value::Duration(d) => d,
            Value::Int(n) => u64::try_from(n).unwrap_or(0),
            _ => {
                self.type_err("a duration", v);
                return None;
            }
        };
        if !(3600..=43200).contains(&secs) {
            self.err(CheckError::OutOfRange {
                what: "`max_session`".into(),
                min: "1h".into(),
                max: "12h".into(),
                span: v.span,
            });
            return None;
        }
        u32::try_from(secs).ok()
    }

    /// A policy to attach or use as a boundary.
    pub(super) fn policy_ref(&mut self, v: &V) -> Option<PolicyRef> {
        match &v.val {
            Value::Decl(r) => match &self.graph.decl(*r).kind {
                DeclKind::Resource {
                    kind: ResKind::Policy,
                    ..
                } => Some(PolicyRef::Local(self.graph.emit_id(*r))),
                other => {
                    let d = self.graph.decl(*r);
                    self.err(CheckError::WrongKind {
                        name: d.name.name.clone(),
                        expected: "a policy".into(),
                        found: eval::decl_kind_name(other).into(),
                        span: v.span,
                        def: Some(d.name.span),
                    });
                    None
                }
            },
            Value::Managed(m) => Some(PolicyRef::Arn(managed_arn(m))),
            Value::Text(t) => {
                if let Some(e) = self.arn_error(t, v.span) {
                    self.err(e);
                }
                Some(PolicyRef::Arn(t.clone()))
            }
            _ => {
                self.type_err("a policy, `aws_managed(...)` or a policy ARN", v);
                None
            }
        }
    }

    /// A list of declarations of one kind (group members, the profile's role); returns ids.
    pub(super) fn decl_list(&mut self, v: &V, want: ResKind) -> Vec<String> {
        let mut out = Vec::new();
        for item in v.clone().flatten() {
            match &item.val {
                Value::Decl(r) if matches!(self.graph.decl(*r).kind, DeclKind::Resource { kind, .. } if kind == want) =>
                {
                    out.push(self.graph.emit_id(*r));
                }
                Value::Error => {}
                _ => self.type_err(&format!("a {} declaration", want.keyword()), &item),
            }
        }
        out
    }

    /// A SAML provider: its `metadata` file (read by the driver, see `crate::driver::metadata`) and an
    /// IAM name of `[A-Za-z0-9._-]`, 1 to 128 characters.
    pub(super) fn saml(
        &mut self,
        common: ir::aws::Common,
        props: &HashMap<&'static str, V>,
        decl: &ast::Decl,
        module: usize,
    ) -> ir::aws::Entity {
        // The characters other IAM names take and SAML provider names do not (the others are
        // reported with every name).
        if let Some(n) = common.name.as_lit() {
            if let Some(c) = n.chars().find(|c| "+=,@".contains(*c)) {
                self.err(CheckError::BadName {
                    what: "SAML provider name".into(),
                    text: n.clone(),
                    reason: format!("`{c}` is not allowed; use letters, digits and ._-"),
                    span: common.span,
                });
            }
        }
        let mut metadata = String::new();
        let mut metadata_path = String::new();
        match props.get("metadata") {
            Some(V {
                val: Value::Text(t),
                span,
                ..
            }) => {
                let path = t.as_lit().unwrap_or_default();
                match self.graph.files.get(&(module, path.clone())) {
                    Some(Ok(text)) => {
                        metadata = text.clone();
                        metadata_path = path;
                    }
                    Some(Err(reason)) => self.err(CheckError::MetadataFile {
                        path,
                        reason: reason.clone(),
                        span: *span,
                    }),
                    None => self.err(CheckError::Misuse {
 misuse: Misuse::MetadataNotLiteral,
 span: *span,
 }),
                }
            }
            Some(v) => self.type_err("a file path string", v),
            None => self.err(CheckError::Missing {
                kind: "saml_provider".into(),
                name: decl.name.name.clone(),
                what: "a `metadata` file".into(),
                span: decl.name.span,
                help: "write `metadata = \"./idp-metadata.xml\"` (the IdP's SAML metadata, relative to this module)".into(),
            }),
        }
        ir::aws::Entity::SamlProvider(ir::aws::SamlProvider {
            common,
            metadata_path,
            metadata,
        })
    }

    /// `X.issuer` of an oidc_provider: its URL without `https://`, the prefix IAM gives the
    /// provider's condition keys (`oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE`). Known at
    /// compile time, as the URL must be; a bad or missing URL is reported with the provider.
    pub(super) fn oidc_issuer(&mut self, r: DeclRef, span: Span) -> V {
        let graph = self.graph;
        let decl = graph.decl(r);
        let DeclKind::Resource { body, .. } = &decl.kind else {
            return V::new(Value::Error, span);
        };
        let url = body.iter().find_map(|i| match i {
            ast::Item::Prop { key, value } if key.name == "url" => Some(value),
            _ => None,
        });
        let Some(url) = url else {
            return V::new(Value::Error, span);
        };
        if !self.in_progress.insert(r) {
            self.err(CheckError::Recursion {
                name: decl.name.name.clone(),
                span,
            });
            return V::new(Value::Error, span);
        }
        let env = Env {
            module: r.module,
            vars: &[],
        };
        let v = self.eval(url, env);
        self.in_progress.remove(&r);
        match v.val {
            Value::Text(t) => match t.as_lit() {
                Some(u) if u.starts_with("https://") => V::new(
                    Value::Text(Text::lit(
                        u.trim_start_matches("https://").trim_end_matches('/'),
                    )),
                    span,
                ),
                _ => V::new(Value::Error, span),
            },
            _ => V::new(Value::Error, span),
        }
    }

    pub(super) fn oidc(
        &mut self,
        common: ir::aws::Common,
        props: &HashMap<&'static str, V>,
        decl: &ast::Decl,
    ) -> ir::aws::Entity {
        let url = self.oidc_url(props, decl);
        let client_ids = self.prop_strings(
            props,
            "client_ids",
            &|s| !s.is_empty() && s.len() <= 255,
            "a client id string (1 to 255 characters)",
        );
        let thumbprints = self.prop_strings(
            props,
            "thumbprints",
            &|s| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit()),
            "a 40-character hex thumbprint",
        );
        if client_ids.len() > 100 {
            self.err(CheckError::OutOfRange {
                what: "the number of client ids".into(),
                min: "0".into(),
                max: "100".into(),
                span: decl.name.span,
            });
        }
        if thumbprints.len() > 5 {
            self.err(CheckError::OutOfRange {
                what: "the number of thumbprints".into(),
                min: "0".into(),
                max: "5".into(),
                span: decl.name.span,
            });
        }
        let host = url
            .trim_start_matches("https://")
            .trim_end_matches('/')
            .to_string();
        let common = ir::aws::Common {
            name: Text::lit(host),
            ..common
        };
        ir::aws::Entity::OidcProvider(ir::aws::OidcProvider {
            common,
            url,
            client_ids,
            thumbprints,
        })
    }

    /// An OIDC provider's `url`: `https://`, at most 255 characters, known at compile time
    /// (empty once reported).
    fn oidc_url(&mut self, props: &HashMap<&'static str, V>, decl: &ast::Decl) -> String {
        let mut url = String::new();
        match props.get("url") {
            Some(V {
                val: Value::Text(t),
                span,
                ..
            }) => match t.as_lit() {
                Some(u) if u.starts_with("https://") && u.len() > 8 && u.len() <= 255 => url = u,
                _ => self.err(CheckError::BadName {
                    what: "OIDC provider URL".into(),
                    text: t.to_source(),
                    reason: "an `https://` URL of at most 255 characters, known at compile time"
                        .into(),
                    span: *span,
                }),
            },
            Some(v) => self.type_err("a URL string", v),
            None => self.err(CheckError::Missing {
                kind: "oidc_provider".into(),
                name: decl.name.name.clone(),
                what: "a `url`".into(),
                span: decl.name.span,
                help: "write `url = \"https://token.actions.githubusercontent.com\"`".into(),
            }),
        }
        url
    }

    /// The strings of a list property that pass `check`; each other item reported as not `what`.
    fn prop_strings(
        &mut self,
        props: &HashMap<&'static str, V>,
        key: &str,
        check: &dyn Fn(&str) -> bool,
        what: &str,
    ) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(v) = props.get(key) {
            for item in v.clone().flatten() {
                match &item.val {
                    Value::Text(t) if t.as_lit().is_some_and(|l| check(&l)) => {
                        out.push(t.as_lit().unwrap_or_default())
                    }
                    _ => self.type_err(what, &item),
                }
            }
        }
        out
    }
}
