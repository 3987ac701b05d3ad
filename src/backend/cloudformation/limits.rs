//! CloudFormation's template quotas, checked on every template before it is written: the number
//! of resources, outputs and parameters, the length of logical ids, output and parameter names,
//! descriptions and default values, and the size of the template body. Values from the AWS
//! "CloudFormation quotas" page, as cfn-lint 1.58.0 encodes them (`cfnlint.helpers.LIMITS`).

use super::render::{self, Ctx};
use crate::diag::{Diag, ErrorCode, Severity};
use crate::ir::Program;
use saphyr::Mapping;

pub const MAX_RESOURCES: usize = 500;
pub const MAX_OUTPUTS: usize = 200;
pub const MAX_PARAMETERS: usize = 200;
/// Logical ids, output and parameter names.
pub const MAX_NAME: usize = 255;
pub const MAX_PARAMETER_VALUE: usize = 4_096;
/// A template body passed in the request (`aws cloudformation deploy` without `--s3-bucket`).
pub const MAX_BODY_INLINE: usize = 51_200;
/// A template body read from S3.
pub const MAX_BODY_S3: usize = 1_000_000;

/// Logical ids (resources, parameters, outputs) are at most 255 characters (E0706).
pub fn logical_ids(
    parameters: &Mapping,
    resources: &Mapping,
    outputs: &Mapping,
) -> Result<(), Vec<Diag>> {
    let long: Vec<Diag> = [parameters, resources, outputs]
        .iter()
        .flat_map(|m| m.keys())
        .filter_map(|k| k.as_str().filter(|k| k.len() > MAX_NAME))
        .map(|k| {
            Diag::global(
                ErrorCode::E0706,
                format!(
                    "CloudFormation logical id `{k}` is {} characters long (at most {MAX_NAME})",
                    k.len()
                ),
            )
            .with_help("shorten the declaration or policy names it is made of")
        })
        .collect();
    if long.is_empty() { Ok(()) } else { Err(long) }
}

pub struct Counts {
    pub parameters: usize,
    pub resources: usize,
    pub outputs: usize,
}

fn quota(what: String, help: &str) -> Diag {
    Diag::global(ErrorCode::E0707, what).with_help(help)
}

/// Errors for every quota the template is over; warnings for a body over what a request takes.
pub fn check(p: &Program, n: &Counts, ctx: &Ctx, body: usize) -> Result<Vec<Diag>, Vec<Diag>> {
    let mut errors = Vec::new();
    if n.resources > MAX_RESOURCES {
        errors.push(quota(
            format!("the template declares {} resources, over CloudFormation's quota of {MAX_RESOURCES}", n.resources),
            "split the module into several files and build each as a stack of its own (pass what one needs from another as a param), or build with `--target terraform`",
        ));
    }
    if n.outputs > MAX_OUTPUTS {
        errors.push(quota(
            format!("the template declares {} outputs, over CloudFormation's quota of {MAX_OUTPUTS}", n.outputs),
            "build with `--outputs arns` (one output per declaration, its ARN) or `--outputs none`, or split the module into several stacks",
        ));
    }
    if n.parameters > MAX_PARAMETERS {
        errors.push(quota(
            format!("the template declares {} parameters, over CloudFormation's quota of {MAX_PARAMETERS}", n.parameters),
            "use fewer params: a `List[T]` param holds many values in one CommaDelimitedList parameter",
        ));
    }
    for x in &p.params {
        let name = ctx.param(&x.name);
        let default = x
            .default
            .as_ref()
            .map_or(0, |d| render::param_default(d).len());
        if name.len() > MAX_NAME || default > MAX_PARAMETER_VALUE {
            errors.push(
                Diag::error(
                    ErrorCode::E0707,
                    format!("param `{}` is over CloudFormation's parameter quotas", x.name),
                    x.span,
                    "declared here",
                )
                .with_help(format!("parameter names take at most {MAX_NAME} characters and values {MAX_PARAMETER_VALUE} bytes")),
            );
        }
    }
    if body > MAX_BODY_S3 {
        errors.push(quota(
            format!("the template is {body} bytes, over CloudFormation's quota of {MAX_BODY_S3} for a template read from S3"),
            "split the module into several files and build each as a stack of its own",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut warnings = Vec::new();
    if body > MAX_BODY_INLINE {
        warnings.push(Diag {
            severity: Severity::Warning,
            code: ErrorCode::E0708.into(),
            ..quota(
                format!("the template is {body} bytes, over the {MAX_BODY_INLINE} bytes CloudFormation takes in a request"),
                "deploy it from S3: `aws cloudformation deploy --s3-bucket BUCKET ...` uploads it for you",
            )
        });
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::super::{Options, emit_with};
    use crate::backend::Outputs;
    use crate::driver::compile_str;

    fn roles(n: usize) -> crate::ir::Program {
        let src: String = (0..n)
            .map(|i| format!("role r{i} {{ trust service \"ec2.amazonaws.com\" }}\n"))
            .collect();
        let c = compile_str("t.iamx", &src);
        assert!(!c.has_errors());
        c.program.unwrap()
    }

    #[test]
    fn resources_outputs_and_body_size() {
        let none = Options {
            outputs: Outputs::None,
        };
        // 501 roles: one resource too many, whatever the outputs.
        let errs = emit_with(&roles(501), &none).err().unwrap();
        assert!(
            errs.iter().any(|d| d.message.contains("501 resources")),
            "{errs:?}"
        );
        // 300 roles fit, but the template is over what a request takes: a warning.
        let ok = emit_with(&roles(300), &none).ok().unwrap();
        assert_eq!(ok.warnings.len(), 1);
        assert_eq!(ok.warnings[0].code, "E0708");
        assert!(!ok.warnings[0].is_error());
        // 100 roles with every output: exactly 200, fine.
        let ok = emit_with(&roles(100), &Options::default()).ok().unwrap();
        assert!(ok.warnings.iter().all(|w| !w.is_error()));
    }
}
