//! Testing stage: the program as it would be deployed, in the evaluator's model — every role and
//! user with its identity policies (inline, attached local and AWS managed policies, a user's
//! groups' policies), its permissions boundary and, for a role, its trust policy.
//!
//! Uses the IR, `iamjson` (the IAM JSON the json target writes, with the values of this run) and
//! the evaluator's reader and embedded AWS managed policies. Each statement keeps where it comes
//! from ([`Origin`]), so a decision can point at the source that made it.

use crate::aws::eval::{self, Document};
use crate::aws::held::{Source, held};
use crate::aws::policy_json::write::{Missing, Resolver};
use crate::ir::aws::{Entity, PolicyRef};
use crate::ir::{self, Current, Kind, Part, Program, Text};
use crate::span::Span;
use std::collections::HashMap;
use std::rc::Rc;

/// A document of the evaluator's model: read from the program, or embedded (AWS managed).
#[derive(Clone, Debug)]
pub enum Shared {
    Local(Rc<Document>),
    Aws(&'static Document),
}

impl Shared {
    pub fn get(&self) -> &Document {
        match self {
            Shared::Local(d) => d,
            Shared::Aws(d) => d,
        }
    }
}

/// Where a document comes from.
#[derive(Clone, Debug)]
pub enum Origin {
    /// A document of the program: what it is (`inline policy \`work\``) and each statement's
    /// span, in document order.
    Local { what: String, spans: Rc<Vec<Span>> },
    /// An AWS managed policy, named where `at` attaches it (or sets it as the boundary).
    Aws { name: String, at: Span },
}

/// One document and its origin.
#[derive(Clone, Debug)]
pub struct Doc {
    pub doc: Shared,
    pub origin: Origin,
}

impl Doc {
    /// Where statement `i` is written, and how to name it in a label.
    pub fn statement(&self, i: usize) -> (Span, String) {
        let sid = self
            .doc
            .get()
            .statements
            .get(i)
            .and_then(|s| s.sid.as_deref());
        match &self.origin {
            Origin::Local { what, spans } => {
                let span = spans.get(i).copied().unwrap_or_default();
                (span, format!("this statement of {what}"))
            }
            Origin::Aws { name, at } => {
                let which = match sid {
                    Some(sid) => format!("statement `{sid}`"),
                    None => format!("statement {}", i + 1),
                };
                (*at, format!("{which} of AWS managed policy `{name}`"))
            }
        }
    }

    /// A short name for the document (`inline policy \`work\``, `AWS managed policy \`X\``).
    pub fn name(&self) -> String {
        match &self.origin {
            Origin::Local { what, .. } => what.clone(),
            Origin::Aws { name, .. } => format!("AWS managed policy `{name}`"),
        }
    }
}

/// A policy the principal has that iamx cannot read (another account's, or an AWS managed
/// policy newer than the embedded data).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unread {
    pub arn: String,
    pub at: Span,
    pub boundary: bool,
}

/// A role or user, deployed.
#[derive(Clone, Debug)]
pub struct Principal {
    pub id: String,
    pub kind: Kind,
    pub arn: String,
    pub name: String,
    /// The declaration (its name).
    pub span: Span,
    pub tags: Vec<(String, String)>,
    pub identity: Vec<Doc>,
    pub boundary: Option<Doc>,
    /// A role's trust policy.
    pub trust: Option<Doc>,
    pub unread: Vec<Unread>,
}

impl Principal {
    /// How the principal is named in messages (`role \`task\``).
    pub fn title(&self) -> String {
        format!("{} `{}`", self.kind.keyword(), self.id)
    }

    /// The principal of a request it makes: a session of a role, or a user.
    pub fn request_principal(&self) -> eval::Principal {
        match self.kind {
            Kind::Role => eval::Principal::RoleSession {
                arn: self.arn.clone(),
                session: "iamx-test".into(),
            },
            _ => eval::Principal::User {
                arn: self.arn.clone(),
            },
        }
    }

    /// The evaluator's policy set for a request of this principal.
    pub fn policy_set(&self) -> eval::PolicySet<'_> {
        eval::PolicySet {
            identity: self.identity.iter().map(|d| d.doc.get()).collect(),
            boundary: self.boundary.as_ref().map(|d| d.doc.get()),
            resource: Vec::new(),
        }
    }

    pub fn account(&self) -> &str {
        self.arn.split(':').nth(4).unwrap_or_default()
    }
}

/// The roles and users of a program, each built the first time it is asked for (a snapshot of
/// ten thousand roles builds one at a time and keeps none), with the documents they share read
/// once (a local managed policy attached to a thousand roles is one document).
pub struct World<'r, 'p> {
    p: &'p Program,
    b: Builder<'r, 'p>,
    /// Entity index of each role and user, by id.
    ids: HashMap<&'p str, usize>,
    /// Group entity indexes by member id.
    groups: HashMap<&'p str, Vec<usize>>,
    cache: HashMap<String, Option<Rc<Principal>>>,
}

struct Builder<'r, 'p> {
    r: &'r Resolver<'p>,
    policies: HashMap<String, Doc>,
    missing: Vec<Missing>,
}

impl<'r, 'p> World<'r, 'p> {
    /// The program as deployed with the values of `r`.
    pub fn new(p: &'p Program, r: &'r Resolver<'p>) -> World<'r, 'p> {
        let mut ids = HashMap::new();
        let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, e) in p.entities.iter().enumerate() {
            match e {
                Entity::Role(_) | Entity::User(_) => {
                    ids.insert(e.common().id.as_str(), i);
                }
                Entity::Group(g) => {
                    for m in &g.members {
                        groups.entry(m.as_str()).or_default().push(i);
                    }
                }
                _ => {}
            }
        }
        World {
            p,
            b: Builder {
                r,
                policies: HashMap::new(),
                missing: Vec::new(),
            },
            ids,
            groups,
            cache: HashMap::new(),
        }
    }

    /// Every role and user, in author order.
    pub fn entities(&self) -> Vec<&'p Entity> {
        self.p
            .entities
            .iter()
            .filter(|e| matches!(e, Entity::Role(_) | Entity::User(_)))
            .collect()
    }

    /// A role or user by id, built once.
    pub fn get(&mut self, id: &str) -> Option<Rc<Principal>> {
        if let Some(p) = self.cache.get(id) {
            return p.clone();
        }
        let e = self.ids.get(id).and_then(|&i| self.p.entities.get(i))?;
        let built = self.principal(e).map(Rc::new);
        self.cache.insert(id.to_string(), built.clone());
        built
    }

    /// A role or user, built now (not kept).
    pub fn principal(&mut self, e: &Entity) -> Option<Principal> {
        let p = self.p;
        let groups: Vec<&ir::aws::Group> = self
            .groups
            .get(e.common().id.as_str())
            .into_iter()
            .flatten()
            .filter_map(|&i| match p.entities.get(i) {
                Some(Entity::Group(g)) => Some(g),
                _ => None,
            })
            .collect();
        self.b.principal(p, e, &groups)
    }

    /// Every role and user, built now (`iamx diff`, tests).
    pub fn all(&mut self) -> Vec<Principal> {
        self.entities()
            .into_iter()
            .filter_map(|e| self.principal(e))
            .collect()
    }

    /// The values the documents built so far needed and nobody gave.
    pub fn missing(&self) -> &[Missing] {
        &self.b.missing
    }

    /// The values any principal needs and nobody gave, found before building anything: the
    /// account (every ARN holds it), `current.*` the program uses, params without a value.
    pub fn check_values(&self) -> Vec<Missing> {
        let r = self.b.r;
        let mut needed: Vec<Current> = self.p.uses_current.clone();
        if !self.ids.is_empty() {
            needed.push(Current::Account);
        }
        let mut out: Vec<Missing> = Vec::new();
        for c in needed {
            let t = Text {
                parts: vec![Part::Current(c)],
            };
            if let Err(m) = r.text(&t) {
                if !out.contains(&m) {
                    out.push(m);
                }
            }
        }
        for param in &self.p.params {
            if !r.params.contains_key(&param.name) && !r.placeholders {
                out.push(Missing::Param(param.name.clone()));
            }
        }
        out
    }
}

impl Builder<'_, '_> {
    fn text(&mut self, t: &Text) -> String {
        match self.r.text(t) {
            Ok(s) => s,
            Err(m) => {
                if !self.missing.contains(&m) {
                    self.missing.push(m);
                }
                String::new()
            }
        }
    }

    /// The ARN of a role or user, built as `iamjson` builds a reference to it
    /// (`arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`), from the entity at hand: looking the
    /// reference up by id would scan every entity for each principal.
    fn arn(&mut self, e: &Entity) -> String {
        let c = e.common();
        let segment = match e.kind() {
            Kind::User => "user",
            _ => "role",
        };
        let part = |cur| Text {
            parts: vec![Part::Current(cur)],
        };
        let partition = self.text(&part(Current::Partition));
        let account = self.text(&part(Current::Account));
        let name = self.text(&c.name);
        format!("arn:{partition}:iam::{account}:{segment}{}{name}", c.path)
    }

    /// An IR document read into the evaluator's model, with its statements' spans.
    fn read(&mut self, d: &ir::aws::Document, what: String) -> Option<Doc> {
        let json = match self.r.document(d) {
            Ok(json) => json,
            Err(m) => {
                if !self.missing.contains(&m) {
                    self.missing.push(m);
                }
                return None;
            }
        };
        let doc = super::convert::document(&json)?;
        Some(Doc {
            doc: Shared::Local(Rc::new(doc)),
            origin: Origin::Local {
                what,
                spans: Rc::new(d.statements.iter().map(|s| s.span).collect()),
            },
        })
    }

    fn principal(
        &mut self,
        p: &Program,
        e: &Entity,
        groups: &[&ir::aws::Group],
    ) -> Option<Principal> {
        let c = e.common();
        let held = held(e, groups)?;
        let mut pr = Principal {
            id: c.id.clone(),
            kind: e.kind(),
            arn: self.arn(e),
            name: self.text(&c.name),
            span: c.span,
            tags: c
                .tags
                .iter()
                .map(|t| (t.key.clone(), self.text(&t.value)))
                .collect(),
            identity: Vec::new(),
            boundary: None,
            trust: None,
            unread: Vec::new(),
        };
        let own = format!("{} `{}`", e.kind().keyword(), c.id);
        for source in held.identity {
            match source {
                Source::Inline { policy, group } => {
                    let owner = group.map(|g| format!("group `{}`", g.common.id));
                    self.inline(&mut pr, owner.as_deref().unwrap_or(&own), policy);
                }
                Source::Attached(a) => match self.policy(p, &a.policy, a.span) {
                    Ok(doc) => pr.identity.push(doc),
                    Err(arn) => pr.unread.push(Unread {
                        arn,
                        at: a.span,
                        boundary: false,
                    }),
                },
            }
        }
        if let Some(b) = held.boundary {
            match self.policy(p, b, c.span) {
                Ok(doc) => pr.boundary = Some(doc),
                Err(arn) => pr.unread.push(Unread {
                    arn,
                    at: c.span,
                    boundary: true,
                }),
            }
        }
        if let Entity::Role(r) = e {
            pr.trust = self.read(&r.trust, format!("the trust policy of role `{}`", c.id));
        }
        Some(pr)
    }

    /// An inline policy of the principal or of its group `owner`.
    fn inline(&mut self, pr: &mut Principal, owner: &str, i: &ir::aws::InlinePolicy) {
        // A group's inline policies are shared by its members: read once.
        let key = format!("{owner} {}", i.name);
        if let Some(d) = self
            .policies
            .get(&key)
            .filter(|_| owner.starts_with("group "))
        {
            pr.identity.push(d.clone());
            return;
        }
        let what = format!("inline policy `{}` of {owner}", i.name);
        if let Some(d) = self.read(&i.document, what) {
            if owner.starts_with("group ") {
                self.policies.insert(key, d.clone());
            }
            pr.identity.push(d);
        }
    }

    /// A managed policy by reference: a local one (read once), an embedded AWS managed one, or
    /// `Err(ARN)` when iamx cannot read it.
    fn policy(&mut self, p: &Program, r: &PolicyRef, at: Span) -> Result<Doc, String> {
        match r {
            PolicyRef::Local(id) => {
                let key = format!("policy {id}");
                if let Some(d) = self.policies.get(&key) {
                    return Ok(d.clone());
                }
                let Some(Entity::Policy(pol)) = p.entity(id) else {
                    return Err(id.clone());
                };
                let doc = self
                    .read(&pol.document, format!("policy `{id}`"))
                    .ok_or_else(|| id.clone())?;
                self.policies.insert(key, doc.clone());
                Ok(doc)
            }
            PolicyRef::Arn(t) => {
                let arn = self.text(t);
                let name = arn.split_once(":iam::aws:policy/").map(|(_, n)| n);
                let policy = name.and_then(eval::managed::aws_managed);
                match policy.map(|m| (m, m.document())) {
                    Some((m, Ok(doc))) => Ok(Doc {
                        doc: Shared::Aws(doc),
                        origin: Origin::Aws {
                            name: m.name.clone(),
                            at,
                        },
                    }),
                    _ => Err(arn),
                }
            }
        }
    }
}
