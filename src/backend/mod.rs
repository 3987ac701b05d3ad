//! Stage 7, backends: the IR to output files, in memory (json, terraform, cloudformation). The
//! CLI writes them atomically.

pub mod cloudformation;
mod hcl;
pub mod json;
mod names;
pub mod terraform;

use crate::aws::policy_json::write::Missing;
use crate::diag::{Diag, ErrorCode};
use crate::ir::Current;

/// Values the command line gives for params and `current.*`.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub params: Vec<(String, String)>,
    pub account: Option<String>,
    pub region: Option<String>,
    pub partition: Option<String>,
}

/// Which outputs the terraform and cloudformation targets write (`--outputs`): every ARN and
/// name (the default), only ARNs, or none. CloudFormation takes at most 200 outputs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Outputs {
    #[default]
    All,
    Arns,
    None,
}

/// One output file: a path relative to the output directory and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

/// The diagnostic for a value the output needs and the command line did not give.
pub fn missing_diag(m: &Missing) -> Diag {
    match m {
        Missing::Param(name) => {
            Diag::global(ErrorCode::E0701, format!("param `{name}` has no value")).with_help(
                format!("pass `--param {name}=VALUE`, or give the param a default"),
            )
        }
        Missing::Current(c) => {
            let flag = match c {
                Current::Account => "--account 111122223333",
                Current::Region => "--region us-east-1",
                Current::Partition => "--partition aws",
            };
            Diag::global(
                ErrorCode::E0702,
                format!("`current.{}` is used but not given", c.name()),
            )
            .with_help(format!("pass `{flag}`"))
        }
    }
}
