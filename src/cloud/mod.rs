//! What the Google Cloud and Azure checkers share, beside the clouds: the evaluator of
//! provider-neutral declarations (`let`, `fn`, `param`, strings with `${...}`, lists, calls),
//! generic over each cloud's own values and errors ([`eval`]); the errors those parts report,
//! with one rendering ([`error`]); a declaration's properties ([`props`]); and what a root
//! module leaves unused ([`unused`]); and every cloud's declaration words with their
//! counterparts ([`words`]). What differs between the clouds (their values, scope
//! constructors, declaration words, messages) stays in `gcp/` and `azure/`, behind the
//! [`eval::Evaluator`] trait they implement.
//!
//! May use: `ast`, `diag`, `ir` (`Text`, `Part`, `Param`, `Unused`), `resolve`, `span`,
//! `suggest`.

pub mod error;
pub mod eval;
pub mod props;
pub mod words;

pub use error::CommonError;
pub use eval::{Env, EvalState, Evaluator, Val, flatten, literal};
pub use props::{PropReader, Props};

use crate::ast::{AttrArg, DeclKind, Expr, Module};
use crate::diag::Lint;
use crate::ir;
use crate::resolve::{DeclRef, Graph};
use std::collections::HashSet;
use words::Cloud;

/// `word`, a declaration of another cloud than `target`'s, as the error that says whose it is;
/// `None` when no cloud has the word (or it is `target`'s own).
pub fn foreign_word(word: &str, target: Cloud, span: crate::span::Span) -> Option<CommonError> {
    let d = words::find(word).filter(|d| d.cloud != target)?;
    Some(CommonError::ForeignWord {
        word: d.word,
        cloud: d.cloud,
        target,
        counterpart: d.counterpart(target),
        span,
    })
}

/// What a cloud's checker found: its program (`P`), its errors (`E`), its warnings and the
/// unused declarations of its root modules.
#[derive(Debug)]
pub struct Outcome<P, E> {
    /// The program of the cloud's modules; `None` when no module targets the cloud.
    pub program: Option<P>,
    pub errors: Vec<E>,
    /// Warnings of the checker (`unknown_permission`).
    pub warnings: Vec<crate::diag::Diag>,
    /// Lets, fns, params and imports of the cloud's root modules that nothing uses.
    pub unused: Vec<ir::Unused>,
}

impl<P, E> Default for Outcome<P, E> {
    fn default() -> Self {
        Outcome {
            program: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            unused: Vec::new(),
        }
    }
}

/// Lets, fns, params and imports of the root modules `is_cloud` picks that nothing in `used`
/// names (and that no `@allow(unused_declaration)` excuses).
pub fn unused(
    graph: &Graph,
    used: &HashSet<DeclRef>,
    is_cloud: impl Fn(&Module) -> bool,
) -> Vec<ir::Unused> {
    let mut out = Vec::new();
    for (mi, m) in graph.modules.iter().enumerate() {
        if !m.root || !is_cloud(&m.ast) {
            continue;
        }
        for (di, d) in m.ast.decls.iter().enumerate() {
            let kind = match d.kind {
                DeclKind::Let { .. } => "let",
                DeclKind::Fn { .. } => "fn",
                DeclKind::Param { .. } => "param",
                DeclKind::Use(_) => "import",
                _ => continue,
            };
            let allowed = d.attrs.iter().any(|a| {
                a.name.name == "allow"
                    && a.args.iter().any(|x| {
                        matches!(x, AttrArg::Pos(Expr::Path(p)) if p.dotted() == "unused_declaration")
                    })
            });
            let r = DeclRef {
                module: mi,
                decl: di,
            };
            if !allowed && !used.contains(&r) {
                out.push(ir::Unused {
                    kind,
                    name: d.name.name.clone(),
                    span: d.name.span,
                });
            }
        }
    }
    out
}

/// `@allow(NAME, reason = "...")` naming a known lint: its name.
pub fn allowed_lint(a: &crate::ast::Attr) -> Option<String> {
    if a.name.name != "allow" {
        return None;
    }
    a.args.iter().find_map(|arg| match arg {
        AttrArg::Pos(Expr::Path(p)) if Lint::from_name(&p.dotted()).is_some() => Some(p.dotted()),
        _ => None,
    })
}
