//! Stage 4 for Azure: checks the `target azure` modules of a resolved module graph and lowers
//! them to [`crate::azure::ir`], with the checks of contract 10.4 for Azure; also refuses Azure
//! declarations in modules of other clouds. Every error is collected; a declaration with errors
//! is skipped.
//!
//! Nothing here runs for a program without a `target azure` module or an Azure declaration,
//! and the catalog is loaded only when a built-in role or an operation is checked.
//!
//! May use: `ast`, `diag`, `ir` (its `Text`, `Param`, `Unused`), `resolve`, `span`, `suggest`,
//! `cloud` (the evaluator, errors, words and outcome shared with the other cloud) and this room
//! (catalog, scopes, values, IR).

mod error;
mod eval;
mod grant;
mod lower;
mod role;

pub use error::{AzureError, RoleProblem};

use crate::ast::DeclKind;
use crate::azure::ir::Program;
use crate::cloud::EvalState;
use crate::diag::Diag;
use crate::ir;
use crate::resolve::Graph;
use eval::AzureVal;
use std::collections::{HashMap, HashSet};

/// The declaration words of Azure modules.
pub const AZURE_DECLS: &[&str] = &["managed_identity", "role_definition"];

/// What the checker found.
pub type Outcome = crate::cloud::Outcome<Program, AzureError>;

pub struct AzureChecker<'g> {
    graph: &'g Graph,
    params: &'g [ir::Param],
    errors: Vec<AzureError>,
    warnings: Vec<Diag>,
    /// The shared evaluator's lets, nesting and uses.
    eval: EvalState<AzureVal>,
    program: Program,
    /// Emitted ids taken so far.
    ids: HashSet<String>,
    /// The role definitions lowered so far, by emitted id (a grant checks its assignable
    /// scopes).
    roles: HashMap<String, crate::azure::ir::RoleDefinition>,
    /// The federated credentials lowered so far, as the checks look them up.
    credentials: Credentials,
}

/// The federated credentials lowered so far: where each (identity, subject) first stands, and
/// each identity's last credential (the next one waits for it).
#[derive(Default)]
struct Credentials {
    subjects: HashMap<(String, crate::ir::Text), crate::span::Span>,
    last: HashMap<String, String>,
}

impl AzureChecker<'_> {
    fn err(&mut self, e: impl Into<AzureError>) {
        self.errors.push(e.into());
    }
}

fn is_azure(m: &crate::ast::Module) -> bool {
    m.target().is_some_and(|t| t.name == "azure")
}

/// Check the `target azure` modules and lower them; refuse Azure declarations elsewhere.
/// `params` are the program's params, registered by the AWS checker for every module.
pub fn check(graph: &Graph, params: &[ir::Param]) -> Outcome {
    let mentions = graph.modules.iter().any(|m| {
        is_azure(&m.ast)
            || m.ast.decls.iter().any(|d| {
                matches!(&d.kind, DeclKind::Cloud { keyword, .. } if AZURE_DECLS.contains(&keyword.name.as_str()))
            })
    });
    if !mentions {
        return Outcome::default();
    }
    let mut c = AzureChecker {
        graph,
        params,
        errors: Vec::new(),
        warnings: Vec::new(),
        eval: EvalState::default(),
        program: Program::default(),
        ids: HashSet::new(),
        roles: HashMap::new(),
        credentials: Credentials::default(),
    };
    let mut any = false;
    for (mi, m) in graph.modules.iter().enumerate() {
        if is_azure(&m.ast) {
            any = true;
            c.azure_module(mi);
        } else if m.ast.target().is_some_and(|t| t.name == "gcp") {
            // The Google Cloud checker names an Azure word in a `target gcp` module.
        } else {
            for d in &m.ast.decls {
                if let DeclKind::Cloud { keyword, .. } = &d.kind {
                    if AZURE_DECLS.contains(&keyword.name.as_str()) {
                        c.err(AzureError::NeedsTarget {
                            keyword: keyword.name.clone(),
                            span: keyword.span,
                        });
                    }
                }
            }
        }
    }
    c.credential_limits();
    let unused = crate::cloud::unused(graph, &c.eval.used, is_azure);
    Outcome {
        program: any.then_some(c.program),
        errors: c.errors,
        warnings: c.warnings,
        unused,
    }
}
