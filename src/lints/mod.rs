//! Stage 6, lints, the cloud-neutral framework: named warnings are raised to errors with
//! `--deny NAME` / `--deny-warnings` or dropped with `--allow NAME` ([`LintConfig`]), and a
//! declaration the checker found unused is reported (`unused_declaration`). Each cloud's lints
//! live behind its boundary and are run by the driver: `aws::lints`, `gcp::lints`,
//! `azure::lints`; `@allow(NAME)` on a declaration is read by each of them.
//!
//! Every lint name of the spec is registered (`diag::registry`) so `@allow`, `--allow` and
//! `--deny` accept it; the ones not implemented yet say so in `iamx explain` and never fire.
//!
//! May use: `diag`, `ir`, `span`; no cloud.

use crate::diag::{Diag, Lint, Severity};
use crate::ir::Unused;

/// How the command line changed lint levels, and what it tells the lints about the build.
#[derive(Clone, Debug, Default)]
pub struct LintConfig {
    pub allow: Vec<Lint>,
    pub deny: Vec<Lint>,
    pub deny_warnings: bool,
    /// The account being built (`--account`): trusting it is not cross-account.
    pub account: Option<String>,
}

impl LintConfig {
    /// Drop allowed warnings and raise denied ones to errors.
    pub fn apply(&self, diags: Vec<Diag>) -> Vec<Diag> {
        diags
            .into_iter()
            .filter(|d| {
                d.severity == Severity::Error
                    || d.code.lint().is_none_or(|l| !self.allow.contains(&l))
            })
            .map(|mut d| {
                if d.severity == Severity::Warning
                    && (self.deny_warnings || d.code.lint().is_some_and(|l| self.deny.contains(&l)))
                {
                    d.severity = Severity::Error;
                }
                d
            })
            .collect()
    }
}

/// `unused_declaration`: one warning per declaration the checker found unused, of any cloud.
pub fn unused(unused: &[Unused]) -> Vec<Diag> {
    unused
        .iter()
        .map(|u| {
            Diag::warning(Lint::UnusedDeclaration, format!("{} `{}` is never used", u.kind, u.name), u.span, "declared here")
                .with_help("remove it, or mark it `@allow(unused_declaration)` if other modules are meant to use it")
        })
        .collect()
}
