//! Testing stage: computing a principal's [`Perms`] from its documents as deployed.
//!
//! Uses the world, the catalog expansion ([`super::super::actions`]) and containment. How:
//! 1. every allow statement of the identity policies becomes grants per action and resource;
//!    a pattern within one service is expanded against the catalog, a pattern across services
//!    (`*`, `*:Get*`) and `NotAction` stay as written;
//! 2. the permissions boundary: an action none of its allows covers is removed (listed under
//!    "boundary removes"); one it allows only on some resources or with conditions keeps the
//!    boundary's grants beside it;
//! 3. the denies (identity policies and boundary) that touch an allowed action are listed; an
//!    action an unconditional deny takes away on every resource it is granted on is dropped from
//!    the allows (it stays under the denies).

use super::super::actions::{self, spans_services};
use super::super::contain::Cond;
use super::super::world::{Doc, Principal};
use super::{Entry, Grant, Item, Perms, Res, TrustGrant};
use crate::aws::eval::model::{ActionElement, PrincipalEntry, Statement};
use crate::aws::eval::{Document, Effect};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// Expansions of action patterns, shared by every principal of a run.
#[derive(Default)]
pub struct Expander {
    cache: HashMap<String, Rc<Vec<Item>>>,
}

impl Expander {
    /// The items one action pattern stands for.
    fn pattern(&mut self, pattern: &str) -> Rc<Vec<Item>> {
        let key = pattern.to_ascii_lowercase();
        if let Some(v) = self.cache.get(&key) {
            return Rc::clone(v);
        }
        let expanded = if spans_services(pattern) {
            Vec::new()
        } else {
            actions::expand(pattern)
        };
        let items = if expanded.is_empty() {
            vec![Item::Pattern(pattern.to_string())]
        } else {
            expanded
                .iter()
                .map(|k| Item::Action {
                    service: k.service.prefix.clone(),
                    level: k.level(),
                    name: k.action.name.clone(),
                })
                .collect()
        };
        let items = Rc::new(items);
        self.cache.insert(key, Rc::clone(&items));
        items
    }

    /// The items of an `Action`/`NotAction` element.
    fn element(&mut self, el: &ActionElement) -> Vec<Item> {
        if el.negated {
            let mut ps: Vec<String> = el.patterns.iter().map(|p| p.raw.clone()).collect();
            ps.sort();
            ps.dedup();
            return vec![Item::Except(ps)];
        }
        let mut out = Vec::new();
        for p in &el.patterns {
            out.extend(self.pattern(&p.raw).iter().cloned());
        }
        out
    }
}

type Grants = BTreeMap<Item, Vec<Grant>>;

fn conditions(s: &Statement) -> Vec<Cond> {
    let mut cs: Vec<Cond> = s
        .conditions
        .iter()
        .map(|c| Cond {
            operator: c.operator.name(),
            key: c.key.clone(),
            values: c.values.iter().map(|v| v.raw.clone()).collect(),
        })
        .collect();
    cs.sort();
    cs
}

fn resources(s: &Statement) -> Vec<Res> {
    match &s.resource {
        None => vec![Res::On("*".into())],
        Some(r) if r.negated => {
            let mut ps: Vec<String> = r.patterns.iter().map(|p| p.raw().to_string()).collect();
            ps.sort();
            ps.dedup();
            vec![Res::NotOn(ps)]
        }
        Some(r) => r
            .patterns
            .iter()
            .map(|p| Res::On(p.raw().to_string()))
            .collect(),
    }
}

/// Add one grant, merging the sources of an equal one.
fn add(map: &mut Grants, item: Item, g: Grant) {
    let list = map.entry(item).or_default();
    match list.iter_mut().find(|x| **x == g) {
        Some(x) => {
            for s in g.sources {
                if !x.sources.contains(&s) {
                    x.sources.push(s);
                }
            }
        }
        None => list.push(g),
    }
}

/// The grants of every statement of `effect` in `docs`.
fn grants(x: &mut Expander, docs: &[&Doc], effect: Effect) -> Grants {
    let mut map = Grants::new();
    for doc in docs {
        let d: &Document = doc.doc.get();
        for (i, s) in d.statements.iter().enumerate() {
            if s.effect != effect {
                continue;
            }
            let (span, _) = doc.statement(i);
            let conds = conditions(s);
            let res = resources(s);
            for item in x.element(&s.action) {
                for r in &res {
                    let g = Grant {
                        res: r.clone(),
                        conditions: conds.clone(),
                        sources: vec![span],
                    };
                    add(&mut map, item.clone(), g);
                }
            }
        }
    }
    map
}

/// The grants of `map` whose item covers `item` (the same action, or a pattern over it).
fn covering<'m>(map: &'m Grants, item: &Item) -> Vec<&'m Grant> {
    match item {
        Item::Action { .. } => {
            let q = item.text();
            map.iter()
                .filter(|(k, _)| k.covers_action(&q))
                .flat_map(|(_, v)| v)
                .collect()
        }
        other => map
            .iter()
            .filter(|(k, _)| *k == other || matches!(k, Item::Pattern(p) if p == "*"))
            .flat_map(|(_, v)| v)
            .collect(),
    }
}

/// Whether two items can name a common action.
fn overlaps(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (Item::Action { .. }, Item::Action { .. }) => a == b,
        (Item::Action { .. }, other) | (other, Item::Action { .. }) => {
            let q = if matches!(a, Item::Action { .. }) {
                a.text()
            } else {
                b.text()
            };
            other.covers_action(&q)
        }
        _ => true,
    }
}

fn line(g: &Grant) -> String {
    let mut s = g.res.text();
    for c in &g.conditions {
        s.push_str(&format!(
            " when {} {} {}",
            c.operator,
            c.key,
            c.values.join(", ")
        ));
    }
    s
}

/// Compute what `p` may do.
pub fn perms(x: &mut Expander, p: &Principal) -> Perms {
    let identity: Vec<&Doc> = p.identity.iter().collect();
    let mut allowed = grants(x, &identity, Effect::Allow);
    let mut deny_docs = identity.clone();
    deny_docs.extend(p.boundary.as_ref());
    let denied = grants(x, &deny_docs, Effect::Deny);
    let mut out = Perms {
        kind: p.kind,
        id: p.id.clone(),
        arn: p.arn.clone(),
        span: p.span,
        boundary: p.boundary.as_ref().map(Doc::name),
        unread: p
            .unread
            .iter()
            .map(|u| {
                let how = if u.boundary { "boundary" } else { "attached" };
                format!("{} ({how})", u.arn)
            })
            .collect(),
        trust: p.trust.as_ref().map(trust).unwrap_or_default(),
        allows: Vec::new(),
        denies: Vec::new(),
        removed: Vec::new(),
    };
    let bounded = p.boundary.as_ref().map(|b| grants(x, &[b], Effect::Allow));
    let mut limits: HashMap<Item, Vec<String>> = HashMap::new();
    if let Some(bmap) = &bounded {
        let items: Vec<Item> = allowed.keys().cloned().collect();
        for item in items {
            let cover = covering(bmap, &item);
            if cover.is_empty() {
                if let Some(grants) = allowed.remove(&item) {
                    out.removed.push(Entry {
                        item,
                        grants,
                        bounded: Vec::new(),
                    });
                }
            } else if !cover
                .iter()
                .any(|g| g.unconditional() && g.res == Res::On("*".into()))
            {
                let mut lines: Vec<String> = cover.iter().map(|g| line(g)).collect();
                lines.sort();
                lines.dedup();
                limits.insert(item, lines);
            }
        }
    }
    for (item, grants) in denied {
        if allowed.keys().any(|a| overlaps(a, &item)) {
            out.denies.push(Entry {
                item,
                grants,
                bounded: Vec::new(),
            });
        }
    }
    for (item, mut grants) in allowed {
        grants.sort_by(|a, b| a.key().cmp(&b.key()));
        if denied_everywhere(&out.denies, &item, &grants) {
            continue;
        }
        let bounded = limits.remove(&item).unwrap_or_default();
        out.allows.push(Entry {
            item,
            grants,
            bounded,
        });
    }
    out
}

/// Whether an unconditional deny takes `item` away on every resource it is granted on.
fn denied_everywhere(denies: &[Entry], item: &Item, grants: &[Grant]) -> bool {
    let unconditional: Vec<&Grant> = denies
        .iter()
        .filter(|d| match item {
            Item::Action { .. } => d.item.covers_action(&item.text()),
            other => d.item == *other || d.item == Item::Pattern("*".into()),
        })
        .flat_map(|d| &d.grants)
        .filter(|g| g.unconditional())
        .collect();
    !unconditional.is_empty()
        && grants
            .iter()
            .all(|g| unconditional.iter().any(|d| d.res.covers(&g.res)))
}

/// A role's trust policy, one grant per principal and action (sorted).
fn trust(doc: &Doc) -> Vec<TrustGrant> {
    let mut out: Vec<TrustGrant> = Vec::new();
    for (i, s) in doc.doc.get().statements.iter().enumerate() {
        let (span, _) = doc.statement(i);
        let conds = conditions(s);
        let negated = s.principal.as_ref().is_some_and(|p| p.negated);
        let who: Vec<String> = s
            .principal
            .iter()
            .flat_map(|p| &p.entries)
            .map(|e| {
                let w = match e {
                    PrincipalEntry::Any => "anyone".to_string(),
                    PrincipalEntry::Aws(a) => format!("AWS {a}"),
                    PrincipalEntry::Service(sv) => format!("service {sv}"),
                    PrincipalEntry::Federated(f) => format!("federated {f}"),
                    PrincipalEntry::CanonicalUser(c) => format!("canonical user {c}"),
                };
                if negated { format!("not {w}") } else { w }
            })
            .collect();
        let actions: Vec<String> = if s.action.negated {
            vec![format!("* except {}", raw_actions(&s.action).join(", "))]
        } else {
            raw_actions(&s.action)
        };
        for w in &who {
            for a in &actions {
                let g = TrustGrant {
                    principal: w.clone(),
                    action: a.clone(),
                    conditions: conds.clone(),
                    deny: s.effect == Effect::Deny,
                    sources: vec![span],
                };
                match out.iter_mut().find(|x| **x == g) {
                    Some(x) => x.sources.push(span),
                    None => out.push(g),
                }
            }
        }
    }
    out.sort_by(|a, b| {
        (&a.principal, &a.action, &a.conditions, a.deny).cmp(&(
            &b.principal,
            &b.action,
            &b.conditions,
            b.deny,
        ))
    });
    out
}

fn raw_actions(el: &ActionElement) -> Vec<String> {
    el.patterns.iter().map(|p| p.raw.clone()).collect()
}
