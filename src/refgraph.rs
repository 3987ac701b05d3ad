//! The reference graph over the IR (read by stage 4's cycle check and by the cloudformation
//! backend): which emitted resource must exist before which, in every target.
//!
//! An edge `from → to` exists when `from`'s own resource holds a reference to `to`: its name,
//! path, description or tags; a role's trust policy (principals, condition values); a role's or
//! user's permissions boundary; a managed policy's document; an instance profile's role.
//! Inline policies, attachments and group memberships are resources of their own in Terraform,
//! and iamx makes them so in CloudFormation whenever they hold a reference (see
//! `backend::cloudformation`), so they add no edge here.
//!
//! May use: `ir`, `span`.

use crate::ir::aws::{Entity, PolicyRef};
use crate::ir::{Part, Program, Text};
use crate::span::Span;
use std::collections::HashMap;

/// Where a reference sits, which decides whether a form without it exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// A trust policy principal: IAM checks that it exists when the policy is written.
    Principal,
    /// A resource or condition value of a policy document: IAM does not check it, so the ARN
    /// can be written as text built from the name.
    DocValue,
    /// A permissions boundary.
    Boundary,
    /// A name, path, description, tag or an instance profile's role.
    Property,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Entity indexes in `Program::entities`.
    pub from: usize,
    pub to: usize,
    pub site: Site,
    pub span: Span,
}

fn refs(t: &Text) -> impl Iterator<Item = &str> {
    t.parts.iter().filter_map(|p| match p {
        Part::Ref { id, .. } => Some(id.as_str()),
        _ => None,
    })
}

/// Every edge of the program, in entity order.
pub fn edges(p: &Program) -> Vec<Edge> {
    let index: HashMap<&str, usize> = p
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.common().id.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for (from, e) in p.entities.iter().enumerate() {
        let mut add = |t: &Text, site: Site, span: Span| {
            for id in refs(t) {
                if let Some(&to) = index.get(id) {
                    out.push(Edge {
                        from,
                        to,
                        site,
                        span,
                    });
                }
            }
        };
        let c = e.common();
        add(&c.name, Site::Property, c.span);
        for t in c.description.iter().chain(c.tags.iter().map(|t| &t.value)) {
            add(t, Site::Property, c.span);
        }
        let doc = match e {
            Entity::Role(r) => Some(&r.trust),
            Entity::Policy(pol) => Some(&pol.document),
            _ => None,
        };
        for s in doc.iter().flat_map(|d| &d.statements) {
            for t in s.principal.iter().flat_map(|p| &p.values) {
                add(t, Site::Principal, s.span);
            }
            for t in s.resources.iter().map(|r| &r.text) {
                add(t, Site::DocValue, s.span);
            }
            for c in &s.conditions {
                for t in c.values.iter().chain(&c.key_text) {
                    add(t, Site::DocValue, c.span);
                }
            }
        }
        let boundary = match e {
            Entity::Role(r) => r.boundary.as_ref(),
            Entity::User(u) => u.boundary.as_ref(),
            _ => None,
        };
        match boundary {
            Some(PolicyRef::Local(id)) => {
                if let Some(&to) = index.get(id.as_str()) {
                    out.push(Edge {
                        from,
                        to,
                        site: Site::Boundary,
                        span: c.span,
                    });
                }
            }
            Some(PolicyRef::Arn(t)) => add(t, Site::Boundary, c.span),
            None => {}
        }
        if let Entity::InstanceProfile(ip) = e {
            if let Some(&to) = index.get(ip.role.as_str()) {
                out.push(Edge {
                    from,
                    to,
                    site: Site::Property,
                    span: c.span,
                });
            }
        }
    }
    out
}

/// The strongly connected component of every node (Tarjan), numbered in the order found.
pub fn components(n: usize, edges: &[Edge]) -> Vec<usize> {
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        if let Some(a) = adj.get_mut(e.from) {
            a.push(e.to);
        }
    }
    let mut t = Tarjan {
        adj: &adj,
        index: vec![usize::MAX; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        comp: vec![usize::MAX; n],
        next_index: 0,
        next_comp: 0,
    };
    for v in 0..n {
        if t.index.get(v) == Some(&usize::MAX) {
            t.visit(v);
        }
    }
    t.comp
}

struct Tarjan<'a> {
    adj: &'a [Vec<usize>],
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    comp: Vec<usize>,
    next_index: usize,
    next_comp: usize,
}

impl Tarjan<'_> {
    /// Iterative, so a long chain of references cannot exhaust the stack.
    #[expect(
        clippy::indexing_slicing,
        reason = "node ids are indices of the vectors Tarjan::new sized to the node count"
    )]
    fn visit(&mut self, root: usize) {
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        self.open(root);
        while let Some((v, i)) = work.pop() {
            let next = self.adj.get(v).and_then(|a| a.get(i)).copied();
            match next {
                Some(w) => {
                    work.push((v, i + 1));
                    if self.index[w] == usize::MAX {
                        self.open(w);
                        work.push((w, 0));
                    } else if self.on_stack[w] {
                        self.low[v] = self.low[v].min(self.index[w]);
                    }
                }
                None => {
                    if self.low[v] == self.index[v] {
                        while let Some(w) = self.stack.pop() {
                            self.on_stack[w] = false;
                            self.comp[w] = self.next_comp;
                            if w == v {
                                break;
                            }
                        }
                        self.next_comp += 1;
                    }
                    if let Some(&(parent, _)) = work.last() {
                        self.low[parent] = self.low[parent].min(self.low[v]);
                    }
                }
            }
        }
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "node ids are indices of the vectors Tarjan::new sized to the node count"
    )]
    fn open(&mut self, v: usize) {
        self.index[v] = self.next_index;
        self.low[v] = self.next_index;
        self.next_index += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
    }
}

/// Adjacency lists, grown one edge at a time, for reachability questions.
pub struct Graph {
    adj: Vec<Vec<usize>>,
}

impl Graph {
    pub fn new(n: usize, edges: &[Edge]) -> Graph {
        let mut g = Graph {
            adj: vec![Vec::new(); n],
        };
        for e in edges {
            g.add(e.from, e.to);
        }
        g
    }

    pub fn add(&mut self, from: usize, to: usize) {
        if let Some(a) = self.adj.get_mut(from) {
            a.push(to);
        }
    }

    /// Whether `from` reaches `to` (a node reaches itself).
    pub fn reaches(&self, from: usize, to: usize) -> bool {
        let mut seen = vec![false; self.adj.len()];
        let mut stack = vec![from];
        while let Some(v) = stack.pop() {
            if v == to {
                return true;
            }
            match seen.get_mut(v) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            stack.extend(self.adj.get(v).into_iter().flatten());
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::compile_str;

    fn graph(src: &str) -> (Vec<String>, Vec<Edge>, Vec<usize>) {
        let c = compile_str("t.iamx", src);
        let p = c.program.unwrap_or_default();
        let ids = p.entities.iter().map(|e| e.common().id.clone()).collect();
        let edges = edges(&p);
        let comps = components(p.entities.len(), &edges);
        (ids, edges, comps)
    }

    #[test]
    fn trust_boundary_and_document_references_are_edges() {
        let (ids, edges, comps) = graph(
            r#"policy b { allow s3:ListBucket on "arn:aws:s3:::x" }
               role a { trust role c boundary = b }
               role c { trust service "ec2.amazonaws.com" }
               instance_profile ip { role = a }"#,
        );
        let named: Vec<(String, String, Site)> = edges
            .iter()
            .map(|e| (ids[e.from].clone(), ids[e.to].clone(), e.site))
            .collect();
        assert!(named.contains(&("a".into(), "c".into(), Site::Principal)));
        assert!(named.contains(&("a".into(), "b".into(), Site::Boundary)));
        assert!(named.contains(&("ip".into(), "a".into(), Site::Property)));
        let mut sorted = comps.clone();
        sorted.dedup();
        assert_eq!(sorted.len(), comps.len(), "no cycle: every node alone");
        let g = Graph::new(ids.len(), &edges);
        assert!(g.reaches(3, 2) && !g.reaches(2, 3));
    }
}
