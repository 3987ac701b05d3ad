//! The reference table: every name use that leads to a declaration, with the span of the name
//! as written. A language server answers go-to-definition, find-references and hover from it;
//! it is built from the AST and the scopes alone, so it exists when the program has errors.

use super::walk::{self, Visitor};
use super::{DeclRef, Graph};
use crate::ast::{self, DeclKind};
use crate::span::Span;

/// One use of a declaration: `span` covers one segment of a path (`logging` and `task` in
/// `logging.task.arn` are two uses: of the import and of the role).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    pub span: Span,
    pub target: DeclRef,
}

/// Every reference of every module, by module and in source order.
pub fn references(graph: &Graph) -> Vec<Reference> {
    let mut out = Vec::new();
    for (module, m) in graph.modules.iter().enumerate() {
        let mut c = Collect {
            graph,
            module,
            out: &mut out,
        };
        for d in &m.ast.decls {
            walk::decl(d, &mut c);
        }
    }
    out
}

struct Collect<'g, 'o> {
    graph: &'g Graph,
    module: usize,
    out: &'o mut Vec<Reference>,
}

impl<'g> Visitor<'g> for Collect<'g, '_> {
    fn path(&mut self, p: &'g ast::Path, shadow: &[&'g str]) {
        if p.segs
            .first()
            .is_some_and(|f| shadow.contains(&f.name.as_str()))
        {
            return;
        }
        // Each segment names a declaration of the module the one before led to: an import
        // leads on, anything else ends the path (`.arn`, `.name` are attributes).
        let mut module = self.module;
        for seg in &p.segs {
            let Some(r) = self.graph.lookup(module, &seg.name) else {
                return;
            };
            self.out.push(Reference {
                span: seg.span,
                target: r,
            });
            match (
                &self.graph.decl(r).kind,
                self.graph.imports.get(&(r.module, r.decl)),
            ) {
                (DeclKind::Use(_), Some(&m)) => module = m,
                _ => return,
            }
        }
    }
}
