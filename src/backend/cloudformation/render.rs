//! Rendering IR values for the cloudformation target: strings (quoted where YAML would misread
//! them), texts as plain strings, `!Ref`, `!GetAtt` or `!Sub`, and policy documents.

use crate::backend::names::upper_camel;
use crate::ir::aws::{
    Attachment, Condition, Document, Effect, InlinePolicy, PolicyRef, PrincipalKind, Statement, Tag,
};
use crate::ir::{Attr, Current, Kind, ParamType, ParamValue, Part, Program, Text};
use saphyr::{Mapping, Scalar, ScalarStyle, Yaml};
use std::borrow::Cow;
use std::collections::HashMap;

pub(super) type Y = Yaml<'static>;

pub(super) fn tag(name: &str) -> Cow<'static, saphyr::Tag> {
    Cow::Owned(saphyr::Tag {
        handle: "!".into(),
        suffix: name.into(),
    })
}

/// Strings YAML 1.1 readers (CloudFormation's, PyYAML's) would take for something else.
#[expect(clippy::indexing_slicing, reason = "indices behind `b.len() >= 8`")]
pub(super) fn misread(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let b = s.as_bytes();
    matches!(lower.as_str(), "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~" | "")
        || (b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-')
        // Anything that starts like a number (ints, floats, hex, octal, sexagesimal, 1e3):
        // quoting a few strings more than needed is harmless.
        || s.trim_start_matches(['-', '+', '.']).starts_with(|c: char| c.is_ascii_digit())
        || s.starts_with("<<")
}

/// A plain string scalar, single-quoted when YAML would misread it.
pub(super) fn string(s: &str) -> Y {
    if misread(s) {
        Yaml::Representation(
            Cow::Owned(s.replace('\'', "''")),
            ScalarStyle::SingleQuoted,
            None,
        )
    } else {
        Yaml::Value(Scalar::String(Cow::Owned(s.to_string())))
    }
}

pub(super) fn map(entries: Vec<(&str, Y)>) -> Y {
    let mut m = Mapping::new();
    for (k, v) in entries {
        m.insert(Yaml::Value(Scalar::String(Cow::Owned(k.to_string()))), v);
    }
    Yaml::Mapping(m)
}

pub(super) struct Ctx<'p> {
    pub program: &'p Program,
    pub logical: HashMap<String, String>,
    pub params: HashMap<String, String>,
}

impl Ctx<'_> {
    pub(super) fn logical(&self, id: &str) -> String {
        self.logical
            .get(id)
            .cloned()
            .unwrap_or_else(|| upper_camel(id))
    }

    /// `${...}` inside `!Sub` for a reference, or the text of a policy's name (no attribute).
    pub(super) fn sub_ref(&self, kind: Kind, id: &str, attr: Attr, depth: usize) -> String {
        let l = self.logical(id);
        match (kind, attr) {
            (Kind::Policy | Kind::OidcProvider | Kind::SamlProvider, Attr::Arn) => {
                format!("${{{l}}}")
            }
            (_, Attr::Arn) => format!("${{{l}.Arn}}"),
            // `!Ref` of these is the ARN: the name is written as its text.
            (Kind::Policy | Kind::SamlProvider, Attr::Name) => match self.program.entity(id) {
                Some(e) if depth < 8 => self.sub_body(&e.common().name, depth + 1),
                _ => String::new(),
            },
            (_, Attr::Name) => format!("${{{l}}}"),
        }
    }

    pub(super) fn sub_body(&self, t: &Text, depth: usize) -> String {
        let mut s = String::new();
        for p in &t.parts {
            match p {
                Part::Lit(l) => s.push_str(&l.replace("${", "${!")),
                Part::PolicyVar(v) => s.push_str(&format!("${{!{v}}}")),
                Part::Param(n) => s.push_str(&format!("${{{}}}", self.param(n))),
                Part::Current(c) => s.push_str(&format!("${{{}}}", pseudo(*c))),
                Part::Ref { kind, id, attr } => s.push_str(&self.sub_ref(*kind, id, *attr, depth)),
            }
        }
        s
    }

    pub(super) fn param(&self, name: &str) -> String {
        self.params
            .get(name)
            .cloned()
            .unwrap_or_else(|| upper_camel(name))
    }

    /// A text as a template value: a plain string, one intrinsic, or `!Sub`.
    pub(super) fn text(&self, t: &Text) -> Y {
        match t.parts.as_slice() {
            [] => string(""),
            [Part::Param(n)] => Yaml::Tagged(tag("Ref"), Box::new(string(&self.param(n)))),
            [Part::Current(c)] => Yaml::Tagged(tag("Ref"), Box::new(string(pseudo(*c)))),
            [Part::Ref { kind, id, attr }]
                if !(matches!(kind, Kind::Policy | Kind::SamlProvider) && *attr == Attr::Name) =>
            {
                let l = self.logical(id);
                match (kind, attr) {
                    (Kind::Policy | Kind::OidcProvider | Kind::SamlProvider, Attr::Arn)
                    | (_, Attr::Name) => Yaml::Tagged(tag("Ref"), Box::new(string(&l))),
                    (_, Attr::Arn) => {
                        Yaml::Tagged(tag("GetAtt"), Box::new(string(&format!("{l}.Arn"))))
                    }
                }
            }
            _ => match t.as_lit() {
                Some(lit) => string(&lit),
                None => Yaml::Tagged(tag("Sub"), Box::new(string(&self.sub_body(t, 0)))),
            },
        }
    }

    pub(super) fn list(&self, ts: impl IntoIterator<Item = Text>) -> Y {
        let v: Vec<Y> = ts.into_iter().map(|t| self.text(&t)).collect();
        if v.len() == 1 {
            v.into_iter().next().unwrap_or(Yaml::BadValue)
        } else {
            Yaml::Sequence(v)
        }
    }

    pub(super) fn statement(&self, s: &Statement) -> Y {
        let mut e: Vec<(&str, Y)> = Vec::new();
        if let Some(sid) = &s.sid {
            e.push(("Sid", string(sid)));
        }
        e.push((
            "Effect",
            string(if s.effect == Effect::Allow {
                "Allow"
            } else {
                "Deny"
            }),
        ));
        if let Some(p) = &s.principal {
            let v = match p.kind {
                // `{"AWS": "*"}`: IAM rejects a bare `"*"` in a role trust policy.
                PrincipalKind::Anyone => map(vec![("AWS", string("*"))]),
                k => {
                    let key = match k {
                        PrincipalKind::Service => "Service",
                        PrincipalKind::Federated => "Federated",
                        _ => "AWS",
                    };
                    map(vec![(key, self.list(p.values.clone()))])
                }
            };
            e.push(("Principal", v));
        }
        let actions = self.list(s.actions.iter().map(|a| Text::lit(a.name.clone())));
        e.push((if s.not_action { "NotAction" } else { "Action" }, actions));
        if !s.resources.is_empty() {
            let r = self.list(s.resources.iter().map(|r| r.text.clone()));
            e.push((
                if s.not_resource {
                    "NotResource"
                } else {
                    "Resource"
                },
                r,
            ));
        }
        if !s.conditions.is_empty() {
            e.push(("Condition", self.conditions(&s.conditions)));
        }
        map(e)
    }

    pub(super) fn conditions(&self, cs: &[Condition]) -> Y {
        let mut ops: Vec<(String, Vec<(String, Y)>)> = Vec::new();
        for c in cs {
            let v = self.list(c.values.clone());
            let op = c.operator.name();
            match ops.iter_mut().find(|(o, _)| *o == op) {
                Some((_, keys)) => keys.push((c.key.clone(), v)),
                None => ops.push((op, vec![(c.key.clone(), v)])),
            }
        }
        let mut m = Mapping::new();
        for (op, keys) in ops {
            let inner = map(keys.iter().map(|(k, v)| (k.as_str(), v.clone())).collect());
            m.insert(Yaml::Value(Scalar::String(Cow::Owned(op))), inner);
        }
        Yaml::Mapping(m)
    }

    pub(super) fn document(&self, d: &Document) -> Y {
        if d.statements
            .iter()
            .any(|s| s.conditions.iter().any(|c| c.key_text.is_some()))
        {
            return self.sub_json(d);
        }
        map(vec![
            ("Version", string("2012-10-17")),
            (
                "Statement",
                Yaml::Sequence(d.statements.iter().map(|s| self.statement(s)).collect()),
            ),
        ])
    }

    /// A document as one `!Sub` JSON string. CloudFormation evaluates no intrinsic function in a
    /// mapping key, so a condition key built from params (`"${Issuer}:sub"`) can only be
    /// written inside a string the template substitutes as a whole (policy document properties
    /// take a JSON string as well as an object).
    pub(super) fn sub_json(&self, d: &Document) -> Y {
        let doc =
            crate::aws::policy_json::write::document_with(d, &|t| Ok(vec![self.sub_body(t, 0)]));
        match doc.ok().and_then(|doc| serde_json::to_string(&doc).ok()) {
            Some(json) => Yaml::Tagged(tag("Sub"), Box::new(string(&json))),
            None => Yaml::BadValue,
        }
    }

    pub(super) fn inline(&self, inline: &[InlinePolicy]) -> Y {
        Yaml::Sequence(
            inline
                .iter()
                .map(|p| {
                    map(vec![
                        ("PolicyName", string(&p.name)),
                        ("PolicyDocument", self.document(&p.document)),
                    ])
                })
                .collect(),
        )
    }

    pub(super) fn policy_arn(&self, p: &PolicyRef) -> Y {
        match p {
            PolicyRef::Local(id) => Yaml::Tagged(tag("Ref"), Box::new(string(&self.logical(id)))),
            PolicyRef::Arn(t) => self.text(t),
        }
    }

    pub(super) fn attachments(&self, a: &[Attachment]) -> Y {
        Yaml::Sequence(a.iter().map(|a| self.policy_arn(&a.policy)).collect())
    }

    pub(super) fn tags(&self, tags: &[Tag]) -> Y {
        Yaml::Sequence(
            tags.iter()
                .map(|t| {
                    map(vec![
                        ("Key", string(&t.key)),
                        ("Value", self.text(&t.value)),
                    ])
                })
                .collect(),
        )
    }
}

pub(super) fn pseudo(c: Current) -> &'static str {
    match c {
        Current::Account => "AWS::AccountId",
        Current::Region => "AWS::Region",
        Current::Partition => "AWS::Partition",
    }
}

pub(super) fn suffix(kind: Kind) -> &'static str {
    match kind {
        Kind::Policy => "Policy",
        Kind::Role => "Role",
        Kind::User => "User",
        Kind::Group => "Group",
        Kind::InstanceProfile => "InstanceProfile",
        Kind::OidcProvider => "OidcProvider",
        Kind::SamlProvider => "SamlProvider",
    }
}

/// A param value as a CloudFormation parameter value: a list is comma separated.
pub(super) fn param_default(v: &ParamValue) -> String {
    match v {
        ParamValue::One(s) => s.clone(),
        ParamValue::List(vs) => vs.join(","),
    }
}

pub(super) fn allowed_pattern(ty: ParamType) -> Option<&'static str> {
    Some(match ty {
        ParamType::AccountId => "^[0-9]{12}$",
        ParamType::Region => "^[a-z]{2}(-[a-z]+)+-[0-9]+$",
        ParamType::Arn => "^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$",
        ParamType::Cidr => "^[0-9a-fA-F:.]+(/[0-9]{1,3})?$",
        ParamType::Date => "^[0-9]{4}-[0-9]{2}-[0-9]{2}.*$",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_yaml_would_misread() {
        for s in [
            "2012-10-17",
            "111122223333",
            "true",
            "no",
            "1e3",
            "0x1F",
            "",
            "1:20",
        ] {
            assert!(misread(s), "{s}");
        }
        for s in ["batch-task", "/batch/", "arn:aws:s3:::b", "sts:AssumeRole"] {
            assert!(!misread(s), "{s}");
        }
    }
}
