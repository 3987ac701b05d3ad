//! The Google Cloud half of the terraform and json targets: the IR of `target gcp` modules
//! ([`crate::gcp::ir`]) as a Terraform module for hashicorp/google and as the IAM REST shapes.
//! The targets dispatch here when the program has Google Cloud declarations; a program with
//! both AWS and Google Cloud declarations is built one cloud at a time (an error says so).
//!
//! May use what every backend may, and [`crate::gcp`] (its IR and scope table).

pub mod json;
pub mod terraform;

use crate::diag::{Diag, ErrorCode};
use crate::gcp::ir::Program as GcpProgram;
use crate::ir::{Part, Program, Text};

/// The Google Cloud program to build, `None` for an AWS program; an error when the program
/// holds both clouds.
pub fn program(p: &Program) -> Result<Option<&GcpProgram>, Vec<Diag>> {
    match &p.gcp {
        None => Ok(None),
        Some(_) if !p.entities.is_empty() => Err(vec![
            Diag::global(
                ErrorCode::E1013,
                "the program has AWS and Google Cloud declarations; one build writes one cloud",
            )
            .with_help("build the AWS modules and the `target gcp` modules with separate `iamx build` runs"),
        ]),
        Some(g) => Ok(Some(g)),
    }
}

/// The refusal of an AWS-only target for a Google Cloud program.
pub fn aws_only_diag(target: &str) -> Diag {
    Diag::global(
        ErrorCode::E1013,
        format!("`--target {target}` is AWS-only; the program targets Google Cloud"),
    )
    .with_help("build `target gcp` modules with `--target terraform` or `--target json`")
}

/// A scope kind's template (`folders/{0}`) filled with the constructor's arguments.
pub fn fill(template: &str, args: &[Text]) -> Text {
    let mut parts: Vec<Part> = Vec::new();
    let push_lit = |parts: &mut Vec<Part>, s: &str| {
        if s.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(Part::Lit(l)) => l.push_str(s),
            _ => parts.push(Part::Lit(s.to_string())),
        }
    };
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (lit, after) = rest.split_at(open);
        push_lit(&mut parts, lit);
        let Some(close) = after.find('}') else {
            push_lit(&mut parts, after);
            rest = "";
            break;
        };
        let idx = after.get(1..close).and_then(|n| n.parse::<usize>().ok());
        match idx.and_then(|i| args.get(i)) {
            Some(arg) => {
                for p in &arg.parts {
                    match p {
                        Part::Lit(l) => push_lit(&mut parts, l),
                        other => parts.push(other.clone()),
                    }
                }
            }
            None => push_lit(&mut parts, after.get(..=close).unwrap_or("")),
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    push_lit(&mut parts, rest);
    Text { parts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_splices_arguments() {
        let args = vec![
            Text {
                parts: vec![Part::Param("project".into())],
            },
            Text::lit("shop"),
        ];
        let t = fill("projects/{0}/repositories/{1}", &args);
        assert_eq!(t.to_source(), "projects/${project}/repositories/shop");
        assert_eq!(
            fill("folders/{0}", &[Text::lit("12")]),
            Text::lit("folders/12")
        );
    }
}
