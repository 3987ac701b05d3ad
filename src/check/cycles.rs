//! Reference cycles (stage 4, after lowering): declarations that refer to each other in a circle
//! cannot be created in any order. Where IAM does not need a reference (a resource or condition
//! value of a policy document, which IAM does not check), the reference inside the cycle is
//! replaced by the ARN or name built from the target's known name; what remains is an error that
//! names the cycle. Uses the reference graph of [`crate::refgraph`].

use super::error::CheckError;
use crate::ir::aws::Entity;
use crate::ir::{Attr, Current, Kind, Part, Program, Text};
use crate::refgraph::{self, Edge, Site};

/// Break what can be broken, then report every cycle left.
pub fn check(p: &mut Program) -> Vec<CheckError> {
    let n = p.entities.len();
    let edges = refgraph::edges(p);
    let comps = refgraph::components(n, &edges);
    let cyclic = |e: &Edge| comps.get(e.from) == comps.get(e.to);
    let mut rewrites: Vec<(usize, String, Text, Text)> = Vec::new();
    for e in edges
        .iter()
        .filter(|e| cyclic(e) && e.site == Site::DocValue)
    {
        let Some(target) = p.entities.get(e.to) else {
            continue;
        };
        for attr in [Attr::Arn, Attr::Name] {
            if let Some(text) = known(target, attr) {
                let id = target.common().id.clone();
                let from = Text {
                    parts: vec![Part::Ref {
                        kind: target.kind(),
                        id: id.clone(),
                        attr,
                    }],
                };
                rewrites.push((e.from, id, from, text));
            }
        }
    }
    for (from, _, reference, text) in &rewrites {
        if let Some(e) = p.entities.get_mut(*from) {
            rewrite(e, reference, text);
        }
    }
    let edges = refgraph::edges(p);
    let comps = refgraph::components(n, &edges);
    report(p, &edges, &comps)
}

/// The ARN or name of an entity as text, when its name has no reference in it (params and
/// `current.*` are fine: every target writes them without a dependency).
fn known(e: &Entity, attr: Attr) -> Option<Text> {
    let c = e.common();
    if c.name.parts.iter().any(|p| matches!(p, Part::Ref { .. })) {
        return None;
    }
    if attr == Attr::Name {
        return Some(c.name.clone());
    }
    let segment = match e.kind() {
        Kind::Role => "role",
        Kind::User => "user",
        Kind::Group => "group",
        Kind::Policy => "policy",
        Kind::InstanceProfile => "instance-profile",
        Kind::OidcProvider => "oidc-provider",
        Kind::SamlProvider => "saml-provider",
    };
    let mut t = Text::lit("arn:");
    t.push(Part::Current(Current::Partition));
    t.push(Part::Lit(":iam::".into()));
    t.push(Part::Current(Current::Account));
    let path = if matches!(e.kind(), Kind::OidcProvider | Kind::SamlProvider) {
        "/".to_string()
    } else {
        c.path.clone()
    };
    t.push(Part::Lit(format!(":{segment}{path}")));
    t.extend(&c.name);
    Some(t)
}

/// Replace `reference` by `text` in the resources and condition values of the entity's own
/// document (a role's trust policy, a managed policy); principals stay references.
fn rewrite(e: &mut Entity, reference: &Text, text: &Text) {
    let Some(reference) = reference.parts.first() else {
        return;
    };
    let doc = match e {
        Entity::Role(r) => &mut r.trust,
        Entity::Policy(pol) => &mut pol.document,
        _ => return,
    };
    let swap = |t: &mut Text| {
        if !t.parts.contains(reference) {
            return;
        }
        let mut out = Text::default();
        for p in &t.parts {
            if p == reference {
                out.extend(text);
            } else {
                out.push(p.clone());
            }
        }
        *t = out;
    };
    for s in &mut doc.statements {
        s.resources.iter_mut().for_each(|r| swap(&mut r.text));
        for c in &mut s.conditions {
            c.values.iter_mut().for_each(swap);
        }
    }
}

/// One error per cycle left, naming its members in order.
fn report(p: &Program, edges: &[Edge], comps: &[usize]) -> Vec<CheckError> {
    let mut errors = Vec::new();
    let mut done = Vec::new();
    for e in edges {
        let Some(&comp) = comps.get(e.from) else {
            continue;
        };
        if comps.get(e.to) != Some(&comp) || done.contains(&comp) {
            continue;
        }
        done.push(comp);
        let chain = cycle(edges, comps, e);
        let name = |i: usize| {
            p.entities
                .get(i)
                .map(|x| format!("{} `{}`", x.kind().keyword(), x.common().id))
                .unwrap_or_default()
        };
        let mut text: Vec<String> = chain.iter().map(|x| name(x.from)).collect();
        text.push(name(e.from));
        let sites: Vec<Site> = chain.iter().map(|x| x.site).collect();
        let labels = chain
            .iter()
            .map(|x| (x.span, format!("{} refers to {}", name(x.from), name(x.to))))
            .collect();
        errors.push(CheckError::ReferenceCycle {
            chain: text.join(" → "),
            span: p
                .entities
                .get(e.from)
                .map(|x| x.common().span)
                .unwrap_or_default(),
            labels,
            help: help(&sites),
        });
    }
    errors
}

/// The edges of one cycle through `first` (within its component), starting with `first`.
fn cycle<'a>(edges: &'a [Edge], comps: &[usize], first: &'a Edge) -> Vec<&'a Edge> {
    let comp = comps.get(first.from);
    let inside: Vec<&Edge> = edges
        .iter()
        .filter(|e| comps.get(e.from) == comp && comps.get(e.to) == comp)
        .collect();
    // Breadth-first from `first.to` back to `first.from`.
    let mut prev: Vec<(usize, &Edge)> = Vec::new();
    let mut frontier = vec![first.to];
    let mut seen = vec![first.to];
    while !frontier.contains(&first.from) && !frontier.is_empty() {
        let mut next = Vec::new();
        for v in frontier {
            for e in inside.iter().filter(|e| e.from == v) {
                if !seen.contains(&e.to) {
                    seen.push(e.to);
                    prev.push((e.to, e));
                    next.push(e.to);
                }
            }
        }
        frontier = next;
    }
    let mut path = Vec::new();
    let mut at = first.from;
    while at != first.to {
        match prev.iter().find(|(v, _)| *v == at) {
            Some((_, e)) => {
                path.push(*e);
                at = e.from;
            }
            None => break,
        }
    }
    path.push(first);
    path.reverse();
    path
}

fn help(sites: &[Site]) -> String {
    if sites.contains(&Site::Principal) {
        "IAM checks that a trust principal exists when the trust policy is written, so roles cannot name each other or themselves as principals: trust the account with a condition on the role instead, `trust account current.account when aws:PrincipalArn == \"arn:${current.partition}:iam::${current.account}:role/NAME\"` (the role's own policies must then allow sts:AssumeRole)".into()
    } else if sites.contains(&Site::DocValue) {
        "a policy can name a declaration by its ARN built from its name, but this one's name is built from another declaration's: give it a literal name".into()
    } else {
        "names, tags and boundaries that refer to each other cannot be created in any order: write one of them as a literal".into()
    }
}
