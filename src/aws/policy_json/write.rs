//! The IAM policy JSON model (serde structs) and the rendering of IR documents into it, used by
//! the json backend and by the size quotas. Author order is kept everywhere.

use crate::ir::aws::{Document, Entity, PrincipalKind};
use crate::ir::{self, Attr, Current, Kind, ParamValue, Part, Program, Text};
use indexmap::IndexMap;
use serde::Serialize;
use std::collections::HashMap;

/// One value or a list, as IAM writes `Action`, `Resource`, principals and condition values.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn of(mut v: Vec<String>) -> OneOrMany {
        if v.len() == 1 {
            OneOrMany::One(v.remove(0))
        } else {
            OneOrMany::Many(v)
        }
    }
}

/// `{"AWS": ...}`, `{"Service": ...}` or `{"Federated": ...}`; everyone is `{"AWS": "*"}`.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(untagged)]
pub enum PrincipalJson {
    Map(IndexMap<String, OneOrMany>),
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct StatementJson {
    #[serde(rename = "Sid", skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(rename = "Effect")]
    pub effect: &'static str,
    #[serde(rename = "Principal", skip_serializing_if = "Option::is_none")]
    pub principal: Option<PrincipalJson>,
    #[serde(rename = "Action", skip_serializing_if = "Option::is_none")]
    pub action: Option<OneOrMany>,
    #[serde(rename = "NotAction", skip_serializing_if = "Option::is_none")]
    pub not_action: Option<OneOrMany>,
    #[serde(rename = "Resource", skip_serializing_if = "Option::is_none")]
    pub resource: Option<OneOrMany>,
    #[serde(rename = "NotResource", skip_serializing_if = "Option::is_none")]
    pub not_resource: Option<OneOrMany>,
    #[serde(rename = "Condition", skip_serializing_if = "Option::is_none")]
    pub condition: Option<IndexMap<String, IndexMap<String, OneOrMany>>>,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct PolicyDocument {
    #[serde(rename = "Version")]
    pub version: &'static str,
    #[serde(rename = "Statement")]
    pub statement: Vec<StatementJson>,
}

/// A value a text needs and nobody gave.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Missing {
    Param(String),
    Current(Current),
}

/// Substitutes params, `current.*` and references to other declarations.
pub struct Resolver<'p> {
    pub program: &'p Program,
    pub params: HashMap<String, ParamValue>,
    pub account: Option<String>,
    pub region: Option<String>,
    pub partition: String,
    /// Use representative values for what is missing (for measuring sizes).
    pub placeholders: bool,
    /// The program's entities by id, built on the first reference (`Default::default()`).
    pub index: EntityIndex<'p>,
}

/// The entities of a program by id, built once on first use, so resolving N references costs
/// O(N) rather than a scan of the program for each ([`Program::entity`]). The first entity of
/// an id wins, as with `Program::entity`.
#[derive(Debug, Default)]
pub struct EntityIndex<'p>(std::cell::OnceCell<HashMap<&'p str, &'p Entity>>);

impl<'p> EntityIndex<'p> {
    fn get(&self, program: &'p Program, id: &str) -> Option<&'p Entity> {
        let map = self.0.get_or_init(|| {
            let mut map = HashMap::with_capacity(program.entities.len());
            for e in &program.entities {
                map.entry(e.common().id.as_str()).or_insert(e);
            }
            map
        });
        map.get(id).copied()
    }
}

impl<'p> Resolver<'p> {
    /// A resolver for measuring: params take their defaults, everything else a value as long as
    /// a real one (12-digit account, a 14-character region).
    pub fn measuring(program: &'p Program) -> Resolver<'p> {
        Resolver {
            program,
            params: program
                .params
                .iter()
                .filter_map(|p| p.default.clone().map(|d| (p.name.clone(), d)))
                .collect(),
            account: None,
            region: None,
            partition: "aws".into(),
            placeholders: true,
            index: EntityIndex::default(),
        }
    }

    pub fn text(&self, t: &Text) -> Result<String, Missing> {
        self.text_depth(t, 0)
    }

    fn text_depth(&self, t: &Text, depth: usize) -> Result<String, Missing> {
        let mut s = String::new();
        for p in &t.parts {
            match p {
                Part::Lit(l) => s.push_str(l),
                Part::PolicyVar(v) => {
                    s.push_str("${");
                    s.push_str(v);
                    s.push('}');
                }
                Part::Param(n) => match self.params.get(n) {
                    Some(ParamValue::One(v)) => s.push_str(v),
                    // The checker lets a list param stand only alone in a list position.
                    Some(ParamValue::List(vs)) => s.push_str(&vs.join(",")),
                    None if self.placeholders => s.push_str("placeholder"),
                    None => return Err(Missing::Param(n.clone())),
                },
                Part::Current(c) => s.push_str(&self.current(*c)?),
                Part::Ref { kind, id, attr } => {
                    s.push_str(&self.reference(*kind, id, *attr, depth)?)
                }
            }
        }
        Ok(s)
    }

    fn current(&self, c: Current) -> Result<String, Missing> {
        let v = match c {
            Current::Account => self.account.clone(),
            Current::Region => self.region.clone(),
            Current::Partition => Some(self.partition.clone()),
        };
        match (v, self.placeholders) {
            (Some(v), _) => Ok(v),
            (None, true) => Ok(if c == Current::Account {
                "123456789012"
            } else {
                "ap-southeast-2"
            }
            .into()),
            (None, false) => Err(Missing::Current(c)),
        }
    }

    /// The ARN or name of a declaration, built the way IAM builds it.
    fn reference(&self, kind: Kind, id: &str, attr: Attr, depth: usize) -> Result<String, Missing> {
        let Some(e) = self.index.get(self.program, id).filter(|_| depth < 8) else {
            return Ok(String::new());
        };
        let c = e.common();
        let name = self.text_depth(&c.name, depth + 1)?;
        if attr == Attr::Name {
            return Ok(name);
        }
        let segment = match kind {
            Kind::Role => "role",
            Kind::User => "user",
            Kind::Group => "group",
            Kind::Policy => "policy",
            Kind::InstanceProfile => "instance-profile",
            Kind::OidcProvider => "oidc-provider",
            Kind::SamlProvider => "saml-provider",
        };
        let partition = self.current(Current::Partition)?;
        let account = self.current(Current::Account)?;
        Ok(if matches!(kind, Kind::OidcProvider | Kind::SamlProvider) {
            format!("arn:{partition}:iam::{account}:{segment}/{name}")
        } else {
            format!("arn:{partition}:iam::{account}:{segment}{}{name}", c.path)
        })
    }

    /// The values of a text in a list position: several for a list param standing alone.
    pub fn values(&self, t: &Text) -> Result<Vec<String>, Missing> {
        if let Some(p) = self.program.list_param(t) {
            return match self.params.get(&p.name) {
                Some(ParamValue::List(vs)) => Ok(vs.clone()),
                Some(ParamValue::One(v)) => Ok(vec![v.clone()]),
                None if self.placeholders => Ok(vec!["placeholder".into()]),
                None => Err(Missing::Param(p.name.clone())),
            };
        }
        Ok(vec![self.text(t)?])
    }

    /// Render an IR document as IAM JSON.
    pub fn document(&self, doc: &Document) -> Result<PolicyDocument, Missing> {
        document_with(doc, &|t| self.values(t))
    }

    /// The size IAM counts for a document: the characters of its JSON without whitespace.
    pub fn size(&self, doc: &Document) -> usize {
        let mut counter = CharCounter(0);
        match self.document(doc) {
            Ok(d) if serde_json::to_writer(&mut counter, &d).is_ok() => counter.0,
            _ => 0,
        }
    }
}

/// A function giving the values of an IR string in some rendering (resolved values for the json
/// target, `!Sub` syntax for CloudFormation): one, or several for a list param.
pub type TextFn<'a> = dyn Fn(&Text) -> Result<Vec<String>, Missing> + 'a;

/// Render an IR document as IAM JSON, every string through `text`.
pub fn document_with(doc: &Document, text: &TextFn) -> Result<PolicyDocument, Missing> {
    let mut statement = Vec::new();
    for s in &doc.statements {
        statement.push(statement_with(s, text)?);
    }
    Ok(PolicyDocument {
        version: "2012-10-17",
        statement,
    })
}

fn statement_with(s: &ir::aws::Statement, text: &TextFn) -> Result<StatementJson, Missing> {
    let texts = |ts: &[Text]| -> Result<Vec<String>, Missing> {
        let mut out = Vec::new();
        for t in ts {
            out.extend(text(t)?);
        }
        Ok(out)
    };
    let one = |t: &Text| -> Result<String, Missing> { Ok(text(t)?.join(",")) };
    let principal = match &s.principal {
        None => None,
        // IAM rejects a bare `"*"` in a role trust policy; `{"AWS": "*"}` means the same.
        Some(p) if p.kind == PrincipalKind::Anyone => {
            let mut m = IndexMap::new();
            m.insert("AWS".to_string(), OneOrMany::One("*".into()));
            Some(PrincipalJson::Map(m))
        }
        Some(p) => {
            let key = match p.kind {
                PrincipalKind::Service => "Service",
                PrincipalKind::Federated => "Federated",
                _ => "AWS",
            };
            let mut m = IndexMap::new();
            m.insert(key.to_string(), OneOrMany::of(texts(&p.values)?));
            Some(PrincipalJson::Map(m))
        }
    };
    let actions = OneOrMany::of(s.actions.iter().map(|a| a.name.clone()).collect());
    let (action, not_action) = if s.not_action {
        (None, Some(actions))
    } else {
        (Some(actions), None)
    };
    let resources = if s.resources.is_empty() {
        None
    } else {
        let rs: Vec<Text> = s.resources.iter().map(|r| r.text.clone()).collect();
        Some(OneOrMany::of(texts(&rs)?))
    };
    let (resource, not_resource) = if s.not_resource {
        (None, resources)
    } else {
        (resources, None)
    };
    let condition = if s.conditions.is_empty() {
        None
    } else {
        let mut m: IndexMap<String, IndexMap<String, OneOrMany>> = IndexMap::new();
        for c in &s.conditions {
            let key = match &c.key_text {
                Some(t) => one(t)?,
                None => c.key.clone(),
            };
            m.entry(c.operator.name())
                .or_default()
                .insert(key, OneOrMany::of(texts(&c.values)?));
        }
        Some(m)
    };
    Ok(StatementJson {
        sid: s.sid.clone(),
        effect: if s.effect == ir::aws::Effect::Allow {
            "Allow"
        } else {
            "Deny"
        },
        principal,
        action,
        not_action,
        resource,
        not_resource,
        condition,
    })
}

/// Counts the UTF-8 characters written to it, whitespace excepted.
struct CharCounter(usize);

impl std::io::Write for CharCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80 && !b.is_ascii_whitespace())
            .count();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::compile_str;

    /// The index answers exactly what `Program::entity` answers (the same entity, the first of
    /// an id, nothing for an unknown id), so every reference resolves to the same text as before.
    #[test]
    fn the_entity_index_answers_as_program_entity() {
        let c = compile_str(
            "every_kind.iamx",
            include_str!("../../../examples/every_kind.iamx"),
        );
        let mut p = c.program.expect("every_kind compiles");
        assert!(p.entities.len() > 5);
        // A second entity of the first id: the first still wins, as with `Program::entity`.
        let first = p.entities.first().cloned().expect("an entity");
        p.entities.push(first);
        let index = EntityIndex::default();
        let ids: Vec<String> = p.entities.iter().map(|e| e.common().id.clone()).collect();
        for id in ids.iter().map(String::as_str).chain(["no_such_entity", ""]) {
            let linear = p.entity(id);
            let indexed = index.get(&p, id);
            assert_eq!(linear.is_some(), indexed.is_some(), "{id}");
            if let (Some(a), Some(b)) = (linear, indexed) {
                assert!(std::ptr::eq(a, b), "{id}: another entity");
            }
        }
        // Every reference resolves, arn and name, through the index.
        let r = Resolver::measuring(&p);
        for e in &p.entities {
            for attr in [Attr::Arn, Attr::Name] {
                let t = Text {
                    parts: vec![Part::Ref {
                        kind: e.kind(),
                        id: e.common().id.clone(),
                        attr,
                    }],
                };
                let s = r.text(&t).expect("resolves");
                assert!(!s.is_empty(), "{}", e.common().id);
                if attr == Attr::Name {
                    assert_eq!(s, r.text(&e.common().name).expect("name"));
                }
            }
        }
    }
}
