//! Stage 6 (lints): who uses what, built in one pass over the program so that every lookup the
//! lints make is constant time. Scanning every entity for each policy made lint runs quadratic
//! (issue 9: 20,000 policies spent 84 % of `check` there). Uses the IR only.

use crate::ir::Program;
use crate::ir::aws::{Entity, PolicyRef};
use std::collections::{HashMap, HashSet};

pub struct Uses<'p> {
    by_id: HashMap<&'p str, &'p Entity>,
    /// Local managed policy id -> the roles, users and groups it is attached to.
    holders: HashMap<&'p str, Vec<&'p Entity>>,
    /// Local managed policies some role or user has as its permissions boundary, or declared
    /// `@boundary`.
    boundaries: HashSet<&'p str>,
    /// User id -> the groups it is a member of.
    groups: HashMap<&'p str, Vec<&'p Entity>>,
}

impl<'p> Uses<'p> {
    pub fn new(p: &'p Program) -> Uses<'p> {
        let mut u = Uses {
            by_id: HashMap::with_capacity(p.entities.len()),
            holders: HashMap::new(),
            boundaries: HashSet::new(),
            groups: HashMap::new(),
        };
        for e in &p.entities {
            u.by_id.entry(e.common().id.as_str()).or_insert(e);
            if let Some((boundary, _, attachments)) = e.identity_policies() {
                if let Some(PolicyRef::Local(id)) = boundary {
                    u.boundaries.insert(id.as_str());
                }
                for a in attachments {
                    if let PolicyRef::Local(id) = &a.policy {
                        u.holders.entry(id.as_str()).or_default().push(e);
                    }
                }
            }
            match e {
                Entity::Group(g) => {
                    for m in &g.members {
                        u.groups.entry(m.as_str()).or_default().push(e);
                    }
                }
                // Declared `@boundary`: meant only as a boundary, wherever it is used.
                Entity::Policy(pol) if pol.boundary_only => {
                    u.boundaries.insert(pol.common.id.as_str());
                }
                _ => {}
            }
        }
        u
    }

    /// A declaration by emitted id (the first, as [`Program::entity`]).
    pub fn entity(&self, id: &str) -> Option<&'p Entity> {
        self.by_id.get(id).copied()
    }

    /// How the program uses the local managed policy `id`: (attached to some principal, some
    /// principal's permissions boundary or declared `@boundary`: meant only as one).
    pub fn policy_use(&self, id: &str) -> (bool, bool) {
        (self.holders.contains_key(id), self.boundaries.contains(id))
    }

    /// The roles, users and groups the local managed policy `id` is attached to.
    pub fn holders(&self, id: &str) -> &[&'p Entity] {
        self.holders.get(id).map_or(&[], Vec::as_slice)
    }

    /// The groups user `id` is a member of.
    pub fn groups_of(&self, id: &str) -> &[&'p Entity] {
        self.groups.get(id).map_or(&[], Vec::as_slice)
    }
}
