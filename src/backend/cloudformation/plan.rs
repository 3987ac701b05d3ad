//! Where each managed policy attachment goes in the template. A principal lists its policies in
//! `ManagedPolicyArns`, which makes it depend on them; when a policy depends on the principal
//! (its document names the role it is attached to, directly or through other declarations), the
//! attachment moves to the policy's `Roles`/`Users`/`Groups` instead, so the template has no
//! cycle. Attachments are placed in order, each against the graph with the ones before it.

use crate::ir::aws::PolicyRef;
use crate::ir::{Kind, Program};
use crate::refgraph::{self, Graph};
use std::collections::HashMap;

#[derive(Default)]
pub struct Plan {
    /// (principal index, policy id) of each attachment written on the policy.
    moved: Vec<(usize, String)>,
    /// Policy index -> the principals it lists, by kind, in attachment order.
    listed: HashMap<usize, Vec<(Kind, String)>>,
}

impl Plan {
    /// Whether this attachment of principal `principal` is written on the policy instead.
    pub fn moved(&self, principal: usize, policy: &PolicyRef) -> bool {
        matches!(policy, PolicyRef::Local(id) if self.moved.iter().any(|(i, p)| *i == principal && p == id))
    }

    /// The `Roles`, `Users` and `Groups` properties of managed policy `policy`, in that order.
    pub fn listed_on(&self, policy: usize) -> Vec<(&'static str, Vec<String>)> {
        let Some(all) = self.listed.get(&policy) else {
            return vec![];
        };
        [
            (Kind::Role, "Roles"),
            (Kind::User, "Users"),
            (Kind::Group, "Groups"),
        ]
        .into_iter()
        .filter_map(|(kind, key)| {
            let ids: Vec<String> = all
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, id)| id.clone())
                .collect();
            (!ids.is_empty()).then_some((key, ids))
        })
        .collect()
    }
}

pub fn attachments(p: &Program) -> Plan {
    let index: HashMap<&str, usize> = p
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.common().id.as_str(), i))
        .collect();
    let mut graph = Graph::new(p.entities.len(), &refgraph::edges(p));
    let mut plan = Plan::default();
    for (i, e) in p.entities.iter().enumerate() {
        let Some((_, _, attachments)) = e.identity_policies() else {
            continue;
        };
        for a in attachments {
            let PolicyRef::Local(id) = &a.policy else {
                continue;
            };
            let Some(&pi) = index.get(id.as_str()) else {
                continue;
            };
            if graph.reaches(pi, i) {
                graph.add(pi, i);
                plan.moved.push((i, id.clone()));
                let owner = (e.kind(), e.common().id.clone());
                plan.listed.entry(pi).or_default().push(owner);
            } else {
                graph.add(i, pi);
            }
        }
    }
    plan
}
