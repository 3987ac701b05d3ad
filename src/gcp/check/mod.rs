//! Stage 4 for Google Cloud: checks the `target gcp` modules of a resolved module graph and
//! lowers them to [`crate::gcp::ir`]; also what every module owes the one-cloud-per-module rule
//! (`target` first and known, no Google Cloud declaration in an AWS module, no AWS declaration
//! in a Google Cloud one). Every error is collected; a declaration with errors is skipped.
//!
//! Nothing here runs for a program with no `target` line and no Google Cloud declaration, and
//! the catalog is loaded only when a predefined role or a permission is checked.
//!
//! May use: `ast`, `diag`, `ir` (its `Text`, `Param`, `Unused`), `resolve`, `span`, `suggest`,
//! `cloud` (the evaluator, errors, words and outcome shared with the other cloud) and this room
//! (catalog, scopes, values, IR).

mod deny;
mod error;
mod eval;
mod federation;
mod lower;
mod role;

pub use federation::is_pool_id;

pub use error::{GcpError, RoleLimit};

use crate::ast::{DeclKind, Module};
use crate::cloud::EvalState;
use crate::diag::Diag;
use crate::gcp::ir::Program;
use crate::ir;
use crate::resolve::Graph;
use crate::span::Span;
use eval::GcpVal;
use std::collections::{HashMap, HashSet};

/// The clouds a `target` line may name.
const CLOUDS: &[&str] = &["aws", "gcp", "azure"];

/// The declaration words of Google Cloud modules.
pub const GCP_DECLS: &[&str] = &[
    "service_account",
    "custom_role",
    "workload_identity_pool",
    "deny_policy",
];

/// Words that start declarations in any module (for "did you mean" on an unknown word).
const ALL_DECL_WORDS: &[&str] = &[
    "target",
    "grant",
    "service_account",
    "custom_role",
    "workload_identity_pool",
    "deny_policy",
    "managed_identity",
    "role_definition",
    "role",
    "policy",
    "user",
    "group",
    "instance_profile",
    "oidc_provider",
    "saml_provider",
    "param",
    "let",
    "fn",
    "template",
    "test",
    "use",
];

/// What the checker found.
pub type Outcome = crate::cloud::Outcome<Program, GcpError>;

pub struct GcpChecker<'g> {
    graph: &'g Graph,
    params: &'g [ir::Param],
    errors: Vec<GcpError>,
    warnings: Vec<Diag>,
    /// The shared evaluator's lets, nesting and uses.
    eval: EvalState<GcpVal>,
    program: Program,
    /// Emitted grant ids taken so far.
    ids: HashSet<String>,
    /// Authoritative grants by (role, scope): where the first stands.
    authoritative: HashMap<String, Span>,
}

impl GcpChecker<'_> {
    fn err(&mut self, e: impl Into<GcpError>) {
        self.errors.push(e.into());
    }
}

/// Whether any module has a `target` line or a declaration only other clouds have: when none
/// has, the program is AWS and this checker has nothing to do.
fn concerns_other_clouds(graph: &Graph) -> bool {
    graph.modules.iter().any(|m| {
        m.ast.decls.iter().any(|d| {
            matches!(
                d.kind,
                DeclKind::Target(_) | DeclKind::Cloud { .. } | DeclKind::Grant(_)
            )
        })
    })
}

/// Check every module's cloud and lower the `target gcp` modules. `params` are the program's
/// params, registered by the AWS checker for every module (they are provider-neutral).
pub fn check(graph: &Graph, params: &[ir::Param]) -> Outcome {
    if !concerns_other_clouds(graph) {
        return Outcome::default();
    }
    let mut c = GcpChecker {
        graph,
        params,
        errors: Vec::new(),
        warnings: Vec::new(),
        eval: EvalState::default(),
        program: Program::default(),
        ids: HashSet::new(),
        authoritative: HashMap::new(),
    };
    let mut any_gcp = false;
    for (mi, m) in graph.modules.iter().enumerate() {
        c.targets(&m.ast);
        let gcp = m.ast.target().is_some_and(|t| t.name == "gcp");
        any_gcp |= gcp;
        if gcp {
            c.gcp_module(mi);
        } else {
            c.other_module(&m.ast);
        }
    }
    let unused = crate::cloud::unused(graph, &c.eval.used, |m| {
        m.target().is_some_and(|t| t.name == "gcp")
    });
    Outcome {
        program: any_gcp.then_some(c.program),
        errors: c.errors,
        warnings: c.warnings,
        unused,
    }
}

impl GcpChecker<'_> {
    /// `target` lines: a known cloud, the first declaration, once; unknown `WORD NAME` pairs.
    fn targets(&mut self, m: &Module) {
        let mut first_target: Option<Span> = None;
        for (i, d) in m.decls.iter().enumerate() {
            let DeclKind::Target(value) = &d.kind else {
                continue;
            };
            if d.name.name != "target" {
                self.err(GcpError::UnknownWord {
                    word: d.name.name.clone(),
                    what: "declaration",
                    span: d.name.span,
                    suggestion: crate::suggest::closest(
                        &d.name.name,
                        ALL_DECL_WORDS.iter().copied(),
                    ),
                });
                continue;
            }
            if let Some(first) = first_target {
                self.err(GcpError::DuplicateTarget {
                    span: d.span,
                    first,
                });
                continue;
            }
            first_target = Some(d.span);
            if i > 0 {
                let first = m.decls.first().map_or(d.span, |f| f.span);
                self.err(GcpError::TargetNotFirst {
                    span: d.span,
                    first,
                });
            }
            match value.name.as_str() {
                "aws" | "gcp" | "azure" => {}
                other => self.err(GcpError::UnknownCloud {
                    name: other.to_string(),
                    span: value.span,
                    suggestion: crate::suggest::closest(other, CLOUDS.iter().copied()),
                }),
            }
        }
    }

    /// An AWS module (or one naming a cloud not supported yet): no Google Cloud declarations.
    fn other_module(&mut self, m: &Module) {
        if m.target().is_some_and(|t| t.name != "aws") {
            return;
        }
        for d in &m.decls {
            match &d.kind {
                DeclKind::Cloud { keyword, .. } => {
                    if crate::azure::check::AZURE_DECLS.contains(&keyword.name.as_str()) {
                        // The Azure checker reports it.
                    } else if GCP_DECLS.contains(&keyword.name.as_str()) {
                        self.err(GcpError::NeedsTarget {
                            keyword: keyword.name.clone(),
                            span: keyword.span,
                        });
                    } else {
                        self.unknown_decl(&keyword.name, keyword.span);
                    }
                }
                DeclKind::Grant(g) => self.err(GcpError::GrantNeedsTarget {
                    span: g.keyword.span,
                }),
                _ => {}
            }
        }
    }

    fn unknown_decl(&mut self, word: &str, span: Span) {
        self.err(GcpError::UnknownWord {
            word: word.to_string(),
            what: "declaration",
            span,
            suggestion: crate::suggest::closest(word, ALL_DECL_WORDS.iter().copied()),
        });
    }
}
