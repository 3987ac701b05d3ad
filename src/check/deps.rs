//! Part of stage 4: the static dependency graph of lets, fns and templates, read from the AST
//! before anything is evaluated. It finds recursion (a cycle error naming the cycle, so nothing
//! recursive is ever evaluated) and gives the order in which lets are evaluated, dependencies
//! first, so a chain of lets is valid in any declaration order and at any length.
//! Uses only the resolved module graph.

use super::error::CheckError;
use crate::ast::{self, DeclKind};
use crate::resolve::walk::{self, Visitor};
use crate::resolve::{DeclRef, Graph};
use crate::span::Span;
use std::collections::{HashMap, HashSet};

/// What each let, fn and template refers to, and which of them are part of a cycle.
pub struct Deps {
    edges: HashMap<DeclRef, Vec<(DeclRef, Span)>>,
    pub cyclic: HashSet<DeclRef>,
}

impl Deps {
    /// Build the graph and report every cycle once.
    pub fn new(graph: &Graph) -> (Deps, Vec<CheckError>) {
        let mut edges = HashMap::new();
        for (mi, m) in graph.modules.iter().enumerate() {
            for (di, d) in m.ast.decls.iter().enumerate() {
                if !matches!(
                    d.kind,
                    DeclKind::Let { .. } | DeclKind::Fn { .. } | DeclKind::Template { .. }
                ) {
                    continue;
                }
                let mut c = Collector {
                    graph,
                    module: mi,
                    out: vec![],
                };
                walk::decl(d, &mut c);
                let mut seen = HashSet::new();
                let out: Vec<(DeclRef, Span)> =
                    c.out.into_iter().filter(|(r, _)| seen.insert(*r)).collect();
                edges.insert(
                    DeclRef {
                        module: mi,
                        decl: di,
                    },
                    out,
                );
            }
        }
        let mut deps = Deps {
            edges,
            cyclic: HashSet::new(),
        };
        let errors = deps.find_cycles(graph);
        (deps, errors)
    }

    fn targets(&self, r: DeclRef) -> &[(DeclRef, Span)] {
        self.edges.get(&r).map_or(&[], Vec::as_slice)
    }

    /// Depth-first search with an explicit stack; an edge back to a node on the stack closes a
    /// cycle, reported at the reference that closes it.
    #[expect(
        clippy::indexing_slicing,
        reason = "`pos` is a position found in `stack`"
    )]
    fn find_cycles(&mut self, graph: &Graph) -> Vec<CheckError> {
        let mut nodes: Vec<DeclRef> = self.edges.keys().copied().collect();
        nodes.sort();
        let mut state: HashMap<DeclRef, u8> = HashMap::new();
        let mut errors = Vec::new();
        for start in nodes {
            if state.contains_key(&start) {
                continue;
            }
            let mut stack: Vec<(DeclRef, usize)> = vec![(start, 0)];
            state.insert(start, 1);
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                let Some(&(to, span)) = self.targets(node).get(*next) else {
                    state.insert(node, 2);
                    stack.pop();
                    continue;
                };
                *next += 1;
                match state.get(&to) {
                    None => {
                        state.insert(to, 1);
                        stack.push((to, 0));
                    }
                    Some(1) => {
                        let pos = stack.iter().position(|(n, _)| *n == to).unwrap_or(0);
                        let cycle: Vec<DeclRef> = stack[pos..].iter().map(|(n, _)| *n).collect();
                        let mut names: Vec<&str> = cycle
                            .iter()
                            .map(|r| graph.decl(*r).name.name.as_str())
                            .collect();
                        names.push(graph.decl(to).name.name.as_str());
                        errors.push(CheckError::Cycle {
                            name: graph.decl(to).name.name.clone(),
                            chain: names.join(" → "),
                            span,
                        });
                        self.cyclic.extend(cycle);
                    }
                    Some(_) => {}
                }
            }
        }
        errors
    }

    /// The lets `r` depends on (through lets, fns and templates), dependencies first, ending
    /// with `r` itself when it is a let. Cyclic declarations are left out.
    /// Also returns every node visited: their lets are all in the order.
    pub fn let_order(
        &self,
        graph: &Graph,
        r: DeclRef,
        done: &dyn Fn(DeclRef) -> bool,
    ) -> (Vec<DeclRef>, HashSet<DeclRef>) {
        let mut order = Vec::new();
        let mut seen: HashSet<DeclRef> = HashSet::from([r]);
        let mut stack: Vec<(DeclRef, usize)> = vec![(r, 0)];
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            match self.targets(node).get(*next) {
                Some(&(to, _)) => {
                    *next += 1;
                    if !self.cyclic.contains(&to) && !done(to) && seen.insert(to) {
                        stack.push((to, 0));
                    }
                }
                None => {
                    if matches!(graph.decl(node).kind, DeclKind::Let { .. }) {
                        order.push(node);
                    }
                    stack.pop();
                }
            }
        }
        (order, seen)
    }
}

/// Collects the lets, fns and templates an expression or body names (not the `${...}` of
/// condition keys, which name OIDC issuers).
struct Collector<'g> {
    graph: &'g Graph,
    module: usize,
    out: Vec<(DeclRef, Span)>,
}

impl<'g> Visitor<'g> for Collector<'g> {
    fn path(&mut self, p: &'g ast::Path, shadow: &[&'g str]) {
        let Some(first) = p.segs.first() else {
            return;
        };
        if shadow.contains(&first.name.as_str()) {
            return;
        }
        let mut module = self.module;
        for seg in &p.segs {
            let Some(r) = self.graph.lookup(module, &seg.name) else {
                return;
            };
            match &self.graph.decl(r).kind {
                DeclKind::Use(_) => match self.graph.imports.get(&(r.module, r.decl)) {
                    Some(&m) => module = m,
                    None => return,
                },
                DeclKind::Let { .. } | DeclKind::Fn { .. } | DeclKind::Template { .. } => {
                    self.out.push((r, p.span));
                    return;
                }
                _ => return,
            }
        }
    }

    fn key_path(&mut self, _: &'g ast::Path, _: &[&'g str]) {}
}
