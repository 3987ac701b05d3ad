//! Stage 7, backends: the IR to output files, in memory. Every target has one shape,
//! [`Target::emit`]: a checked [`Program`] and [`Options`] in, [`Files`] (and warnings) or
//! diagnostics out. The CLI checks the command line's values before and writes the files
//! atomically after. May use the IR, [`crate::aws`] (IAM policy JSON, value rules, quotas),
//! [`crate::refgraph`] and [`crate::diag`]; never the checker, the lints or the driver.

pub mod azure;
pub mod cloud;
pub mod cloudformation;
pub mod gcp;
mod hcl;
pub mod json;
mod names;
pub mod terraform;

use crate::aws::policy_json::write::Missing;
use crate::diag::{Diag, ErrorCode};
use crate::ir::{Current, Program};

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

/// What every target takes besides the program.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Values for params and `current.*`, substituted by the json target; the CLI checks them
    /// against the program first.
    pub values: BuildOptions,
    /// Which outputs the terraform and cloudformation targets write.
    pub outputs: Outputs,
}

/// What a target produces: its files, in memory, and warnings about them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Files {
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diag>,
}

/// An output format.
pub trait Target {
    /// The name `--target` takes.
    fn name(&self) -> &'static str;
    /// The output files of a checked program, or why the target cannot express it.
    fn emit(&self, p: &Program, o: &Options) -> Result<Files, Vec<Diag>>;
}

/// `--target json`: IAM policy JSON, one file per document, and a manifest.
pub struct Json;

/// `--target terraform`: a Terraform module for the hashicorp/aws provider.
pub struct Terraform;

/// `--target cloudformation`: one CloudFormation template.
pub struct CloudFormation;

impl Target for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn emit(&self, p: &Program, o: &Options) -> Result<Files, Vec<Diag>> {
        if let Some(a) = azure::program(p)? {
            return azure::json::emit(p, a, &o.values);
        }
        if let Some(g) = gcp::program(p)? {
            return gcp::json::emit(p, g, &o.values);
        }
        json::emit(p, &o.values).map(|files| Files {
            files,
            warnings: vec![],
        })
    }
}

impl Target for Terraform {
    fn name(&self) -> &'static str {
        "terraform"
    }

    fn emit(&self, p: &Program, o: &Options) -> Result<Files, Vec<Diag>> {
        if let Some(a) = azure::program(p)? {
            return Ok(azure::terraform::emit(p, a, o.outputs));
        }
        if let Some(g) = gcp::program(p)? {
            return Ok(gcp::terraform::emit(p, g, o.outputs));
        }
        let opts = terraform::Options { outputs: o.outputs };
        Ok(Files {
            files: terraform::emit_with(p, &opts),
            warnings: vec![],
        })
    }
}

impl Target for CloudFormation {
    fn name(&self) -> &'static str {
        "cloudformation"
    }

    fn emit(&self, p: &Program, o: &Options) -> Result<Files, Vec<Diag>> {
        if p.gcp.is_some() {
            return Err(vec![gcp::aws_only_diag("cloudformation")]);
        }
        if p.azure.is_some() {
            return Err(vec![azure::aws_only_diag("cloudformation")]);
        }
        cloudformation::emit_with(p, &cloudformation::Options { outputs: o.outputs })
    }
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
