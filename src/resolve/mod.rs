//! Stage 3, name resolution: the module graph and each module's scope.
//!
//! The driver loads modules (it owns the I/O) and hands them here; this stage builds the name
//! tables, reports duplicates and answers lookups. Declarations are order-independent.
//!
//! May use: `ast`, `diag`, `span`, `stdlib`, `suggest`.

mod error;
pub mod refs;
pub mod walk;

pub use error::ResolveError;
pub use refs::{Reference, references};

use crate::ast;
use crate::span::FileId;
use std::collections::HashMap;

/// One loaded module.
#[derive(Debug)]
pub struct Module {
    pub file: FileId,
    pub ast: ast::Module,
    /// Display name (the path as imported, or `std.aws.ecs`).
    pub name: String,
    /// Prefix of the emitted ids of this module's declarations (`""` for the root modules).
    pub id_prefix: String,
    pub root: bool,
    /// Declaration name → index in `ast.decls`.
    pub scope: HashMap<String, usize>,
}

/// All modules of a compilation and the `use` edges between them.
#[derive(Debug, Default)]
pub struct Graph {
    pub modules: Vec<Module>,
    /// (module, decl index of a `use`) → imported module.
    pub imports: HashMap<(usize, usize), usize>,
    /// Bytes of source read, which scale the checker's evaluation budget.
    pub source_bytes: usize,
    /// Files the program reads besides modules (a `saml_provider`'s `metadata`), read by the
    /// driver through its host: (module, path as written) → the text, or why it cannot be used.
    pub files: HashMap<(usize, String), Result<String, String>>,
}

impl Graph {
    /// Fill every module's scope; report names defined twice.
    #[expect(
        clippy::indexing_slicing,
        reason = "`first` is an index the scope recorded for this module's declarations"
    )]
    pub fn build_scopes(&mut self) -> Vec<ResolveError> {
        let mut errors = Vec::new();
        for m in &mut self.modules {
            m.scope.clear();
            for (i, d) in m.ast.decls.iter().enumerate() {
                if !d.kind.binds_name() {
                    continue;
                }
                match m.scope.get(&d.name.name) {
                    Some(&first) => errors.push(ResolveError::Duplicate {
                        name: d.name.name.clone(),
                        span: d.name.span,
                        first: m.ast.decls[first].name.span,
                    }),
                    None => {
                        m.scope.insert(d.name.name.clone(), i);
                    }
                }
            }
        }
        errors
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "a DeclRef is made by this graph (`lookup`, the imports) and names one of its declarations"
    )]
    pub fn decl(&self, r: DeclRef) -> &ast::Decl {
        &self.modules[r.module].ast.decls[r.decl]
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "module indices come from this graph"
    )]
    pub fn lookup(&self, module: usize, name: &str) -> Option<DeclRef> {
        self.modules[module]
            .scope
            .get(name)
            .map(|&decl| DeclRef { module, decl })
    }

    /// Names visible in a module, for "did you mean".
    #[expect(
        clippy::indexing_slicing,
        reason = "module indices come from this graph"
    )]
    pub fn names(&self, module: usize) -> impl Iterator<Item = &str> {
        self.modules[module].scope.keys().map(String::as_str)
    }

    /// The emitted id of a declaration (`task`, or `logging_task` for an imported module).
    #[expect(
        clippy::indexing_slicing,
        reason = "a DeclRef is made by this graph and names one of its declarations"
    )]
    pub fn emit_id(&self, r: DeclRef) -> String {
        format!(
            "{}{}",
            self.modules[r.module].id_prefix,
            self.decl(r).name.name
        )
    }
}

/// A declaration in some module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeclRef {
    pub module: usize,
    pub decl: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(src: &str) -> Graph {
        let (ast, errs) = crate::parser::parse(src, 0);
        assert!(errs.is_empty());
        Graph {
            modules: vec![Module {
                file: 0,
                ast,
                name: "m".into(),
                id_prefix: "m_".into(),
                root: false,
                scope: HashMap::new(),
            }],
            imports: HashMap::new(),
            source_bytes: 0,
            files: HashMap::new(),
        }
    }

    #[test]
    fn scopes_find_declarations_and_report_duplicates() {
        let mut g =
            graph("let a = 1\npolicy p { allow s3:ListBucket on * }\nlet a = 2\ntest \"t\" { }");
        let errs = g.build_scopes();
        assert_eq!(errs.len(), 1);
        assert!(matches!(&errs[0], ResolveError::Duplicate { name, .. } if name == "a"));
        let p = g.lookup(0, "p").unwrap();
        assert_eq!(g.emit_id(p), "m_p");
        assert!(g.lookup(0, "t").is_none(), "tests are not in scope");
    }
}
