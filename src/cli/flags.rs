//! Checks of the command line's values against the program: `--param` names and values,
//! `--account`, `--region` and `--partition` (E0703, E0704). The backends take them as given.

use crate::aws::values;
use crate::backend::BuildOptions;
use crate::backend::json::list_items;
use crate::diag::{Diag, ErrorCode};
use crate::ir::Program;

/// The problems of the build's values, in the order the flags name them.
pub fn check_values(p: &Program, opts: &BuildOptions) -> Vec<Diag> {
    let mut errors = Vec::new();
    for (name, value) in &opts.params {
        errors.extend(param_error(p, name, value));
    }
    if let Some(a) = &opts.account {
        if !values::is_account_id(a) {
            errors.push(
                Diag::global(ErrorCode::E0703, format!("`{a}` is not an AWS account id"))
                    .with_help("pass 12 digits: `--account 111122223333`"),
            );
        }
    }
    if let Some(r) = &opts.region {
        if !values::is_region(r) {
            errors.push(
                Diag::global(ErrorCode::E0703, format!("`{r}` is not an AWS region"))
                    .with_help("pass a region such as `--region us-east-1`"),
            );
        }
    }
    if let Some(part) = &opts.partition {
        if !PARTITIONS.contains(&part.as_str()) {
            errors.push(
                Diag::global(
                    ErrorCode::E0703,
                    format!("`{part}` is not an AWS partition"),
                )
                .with_help("partitions are aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f and aws-eusc"),
            );
        }
    }
    errors
}

/// The AWS partitions `--partition` takes.
const PARTITIONS: [&str; 8] = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// The problem of one `--param NAME=VALUE`, if any.
fn param_error(p: &Program, name: &str, value: &str) -> Option<Diag> {
    let Some(param) = p.param(name) else {
        return Some(
            Diag::global(ErrorCode::E0704, format!("there is no param `{name}`")).with_help_opt(
                crate::suggest::closest(name, p.params.iter().map(|p| p.name.as_str()))
                    .map(|s| format!("did you mean `{s}`?")),
            ),
        );
    };
    let items: Vec<&str> = if param.list {
        list_items(value).collect()
    } else {
        vec![value]
    };
    let declared = if param.list {
        format!("List[{}]", param.ty.name())
    } else {
        param.ty.name().to_string()
    };
    if let Some(v) = items.iter().find(|v| !values::param_value_ok(param.ty, v)) {
        return Some(
            Diag::global(
                ErrorCode::E0703,
                format!(
                    "`{v}` is not a valid {} for param `{name}`",
                    param.ty.name()
                ),
            )
            .with_help(format!("param `{name}` is declared `{declared}`")),
        );
    }
    (param.list && items.is_empty()).then(|| {
        Diag::global(ErrorCode::E0703, format!("param `{name}` has no value"))
            .with_help(format!("pass `--param {name}=A,B` (comma separated)"))
    })
}
