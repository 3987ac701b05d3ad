//! The Azure half of the terraform and json targets: the IR of `target azure` modules
//! ([`crate::azure::ir`]) as a Terraform module for hashicorp/azurerm and as the
//! `az role definition create` shape with an assignments manifest. The targets dispatch here
//! when the program has Azure declarations; a program with declarations of two clouds is built
//! one cloud at a time (an error says so).
//!
//! May use what every backend may, and [`crate::azure`] (its IR and scope table).

pub mod json;
pub mod terraform;

use crate::azure::ir::{Program as AzureProgram, Scope, ScopeTarget};
use crate::diag::{Diag, ErrorCode};
use crate::ir::{Program, Text};

/// The Azure program to build, `None` for a program without one; an error when the program
/// holds another cloud's declarations too.
pub fn program(p: &Program) -> Result<Option<&AzureProgram>, Vec<Diag>> {
    match &p.azure {
        None => Ok(None),
        Some(_) if !p.entities.is_empty() || p.gcp.is_some() => Err(vec![
            Diag::global(
                ErrorCode::E1013,
                "the program has Azure declarations and another cloud's; one build writes one cloud",
            )
            .with_help("build the `target azure` modules and the others with separate `iamx build` runs"),
        ]),
        Some(a) => Ok(Some(a)),
    }
}

/// The refusal of an AWS-only target for an Azure program.
pub fn aws_only_diag(target: &str) -> Diag {
    Diag::global(
        ErrorCode::E1013,
        format!("`--target {target}` is AWS-only; the program targets Azure"),
    )
    .with_help("build `target azure` modules with `--target terraform` or `--target json`")
}

/// The ARM id of a scope as text, `None` for a `managed_identity` (whose id Terraform knows).
pub fn scope_id(s: &Scope) -> Option<Text> {
    match &s.target {
        ScopeTarget::Args(args) => Some(super::gcp::fill(s.kind.template, args)),
        ScopeTarget::Raw(t) => Some(t.clone()),
        ScopeTarget::Identity(_) => None,
    }
}
