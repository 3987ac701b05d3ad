//! The cloudformation target (spec section 8): one `template.yaml` written with saphyr's YAML
//! emitter, short-form intrinsics (`!Ref`, `!GetAtt`, `!Sub` only where a string interpolates),
//! pseudo parameters for `current.*`, and quotes wherever YAML would misread a string.
//!
//! No reference cycles: an inline policy that names any declaration (its owner included) is a
//! resource of its own (`AWS::IAM::RolePolicy`/`UserPolicy`/`GroupPolicy`), and a managed policy
//! that depends on a principal it is attached to lists that principal (`Roles`/`Users`/`Groups`)
//! instead of the principal listing it (`plan.rs`). The template's own quotas are checked in
//! `limits.rs`.

mod limits;
mod plan;
mod render;

use super::names::{Names, upper_camel};
use super::{OutputFile, Outputs};
use crate::diag::{Diag, ErrorCode};
use crate::ir::aws::{Entity, InlinePolicy};
use crate::ir::{Kind, ParamType, Part, Program, Text};
use render::{Ctx, Y, allowed_pattern, map, string, suffix, tag};
use saphyr::{Mapping, Scalar, Yaml, YamlEmitter};
use std::collections::HashMap;

/// What the command line can change in the template.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub outputs: Outputs,
}

/// The template and the warnings about it (a template body over the 51,200 bytes CloudFormation
/// takes in a request).
pub type Emitted = super::Files;

/// Emit `template.yaml` with the default options (every output), without its warnings.
pub fn emit(p: &Program) -> Result<Vec<OutputFile>, Vec<Diag>> {
    emit_with(p, &Options::default()).map(|e| e.files)
}

/// Emit `template.yaml`. Errors for what CloudFormation cannot express (tags on a managed policy
/// or an instance profile) and for the template quotas (`limits.rs`).
pub fn emit_with(p: &Program, opts: &Options) -> Result<Emitted, Vec<Diag>> {
    let mut errors: Vec<Diag> = p.entities.iter().filter_map(untaggable).collect();
    errors.extend(list_param_errors(p));
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut names = Names::default();
    let mut logical: HashMap<String, String> = HashMap::new();
    let mut wanted: HashMap<String, &str> = HashMap::new();
    for e in &p.entities {
        let id = &e.common().id;
        let want = format!("{}{}", upper_camel(id), suffix(e.kind()));
        let got = names.claim(want.clone());
        if got != want {
            let other = wanted.get(&want).copied().unwrap_or("another declaration");
            errors.push(
                Diag::error(
                    ErrorCode::E0706,
                    format!(
                        "`{id}` and `{other}` both become the CloudFormation logical id `{want}`"
                    ),
                    e.common().span,
                    "declared here",
                )
                .with_help("rename one of them: logical ids drop `_` and capitalise each word"),
            );
        }
        wanted.insert(want, id);
        logical.insert(id.clone(), got);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let params: HashMap<String, String> = p
        .params
        .iter()
        .map(|x| (x.name.clone(), names.claim(upper_camel(&x.name))))
        .collect();
    let ctx = Ctx {
        program: p,
        logical,
        params,
    };
    let mut t = Template {
        ctx: &ctx,
        names,
        plan: plan::attachments(p),
        resources: Mapping::new(),
        outputs: Mapping::new(),
        replaced: Vec::new(),
        outputs_opt: opts.outputs,
    };
    for (i, ent) in p.entities.iter().enumerate() {
        t.entity(i, ent);
    }
    let parameters = parameters(&ctx);
    limits::logical_ids(&parameters, &t.resources, &t.outputs)?;
    let counts = limits::Counts {
        parameters: parameters.len(),
        resources: t.resources.len(),
        outputs: t.outputs.len(),
    };
    let text = t.render(parameters)?;
    let warnings = limits::check(p, &counts, &ctx, text.len())?;
    Ok(Emitted {
        files: vec![OutputFile {
            path: "template.yaml".into(),
            contents: text.into_bytes(),
        }],
        warnings,
    })
}

/// `AWS::IAM::ManagedPolicy` and `AWS::IAM::InstanceProfile` have no `Tags` property.
fn untaggable(e: &Entity) -> Option<Diag> {
    let what = match e.kind() {
        Kind::Policy => "AWS::IAM::ManagedPolicy",
        Kind::InstanceProfile => "AWS::IAM::InstanceProfile",
        _ => return None,
    };
    (!e.common().tags.is_empty()).then(|| {
        Diag::error(
            ErrorCode::E0705,
            format!("{what} cannot carry tags"),
            e.common().span,
            "declared here",
        )
        .with_help("remove `tags`, or build with `--target terraform` or `json`")
    })
}

/// A list param is a list in the template (`!Ref Cidrs`), so it must be the whole list: among
/// other values it would make a list inside a list, and inside a `!Sub` JSON document (a key
/// built from params) it cannot be substituted at all.
fn list_param_errors(p: &Program) -> Vec<Diag> {
    let mut out = Vec::new();
    for e in &p.entities {
        for (_, d) in e.documents() {
            let sub_json = d
                .statements
                .iter()
                .any(|s| s.conditions.iter().any(|c| c.key_text.is_some()));
            for s in &d.statements {
                let lists = std::iter::once(s.resources.iter().map(|r| r.text.clone()).collect())
                    .chain(s.principal.iter().map(|p| p.values.clone()))
                    .chain(s.conditions.iter().map(|c| c.values.clone()));
                for list in lists {
                    let list: Vec<Text> = list;
                    if list.iter().any(|t| p.list_param(t).is_some())
                        && (sub_json || list.len() > 1)
                    {
                        out.push(
                            Diag::error(
                                ErrorCode::E0705,
                                "a list param among other values cannot be written in CloudFormation",
                                s.span,
                                "this statement",
                            )
                            .with_help("give the list param alone (`on bucket_arns`), or build with `--target terraform` or `json`"),
                        );
                    }
                }
            }
        }
    }
    out
}

fn parameters(ctx: &Ctx) -> Mapping<'static> {
    let mut parameters = Mapping::new();
    for param in &ctx.program.params {
        // A list param: CommaDelimitedList (or List<Number>), whose `!Ref` is a list.
        let ty = match (param.ty, param.list) {
            (ParamType::Int | ParamType::Duration, false) => "Number",
            (ParamType::Int | ParamType::Duration, true) => "List<Number>",
            (_, false) => "String",
            (_, true) => "CommaDelimitedList",
        };
        let mut e = vec![("Type", string(ty))];
        if let Some(d) = &param.default {
            e.push(("Default", string(&render::param_default(d))));
        }
        if param.ty == ParamType::Bool {
            e.push((
                "AllowedValues",
                Yaml::Sequence(vec![string("true"), string("false")]),
            ));
        }
        if let Some(pat) = allowed_pattern(param.ty) {
            e.push(("AllowedPattern", string(pat)));
        }
        let ty_name = if param.list {
            format!("List[{}]", param.ty.name())
        } else {
            param.ty.name().to_string()
        };
        let desc = param
            .description
            .clone()
            .unwrap_or_else(|| format!("{ty_name} (iamx param `{}`)", param.name));
        e.push(("Description", string(&desc)));
        parameters.insert(string(&ctx.param(&param.name)), map(e));
    }
    parameters
}

fn ref_to(logical: &str) -> Y {
    Yaml::Tagged(tag("Ref"), Box::new(string(logical)))
}

/// Whether a document names any declaration (its owner included): embedded in its owner, such a
/// reference makes CloudFormation see a cycle (a user whose policy names a role that trusts the
/// user, a role whose policy names the role itself).
fn refers(inline: &InlinePolicy) -> bool {
    let refers_text = |t: &Text| t.parts.iter().any(|p| matches!(p, Part::Ref { .. }));
    inline.document.statements.iter().any(|s| {
        s.resources
            .iter()
            .map(|r| &r.text)
            .chain(s.principal.iter().flat_map(|p| &p.values))
            .chain(
                s.conditions
                    .iter()
                    .flat_map(|c| c.values.iter().chain(&c.key_text)),
            )
            .any(refers_text)
    })
}

struct Template<'c, 'p> {
    ctx: &'c Ctx<'p>,
    names: Names,
    plan: plan::Plan,
    resources: Mapping<'static>,
    outputs: Mapping<'static>,
    /// Header comments for resources that are replaced when their explicit name changes.
    replaced: Vec<String>,
    outputs_opt: Outputs,
}

impl Template<'_, '_> {
    fn entity(&mut self, index: usize, ent: &Entity) {
        let ctx = self.ctx;
        let c = ent.common();
        let l = ctx.logical(&c.id);
        let mut props: Vec<(&str, Y)> = Vec::new();
        self.name_and_path(ent, &l, &mut props);
        if let Some(d) = &c.description {
            if matches!(ent.kind(), Kind::Role | Kind::Policy) {
                props.push(("Description", ctx.text(d)));
            }
        }
        let ty = self.kind_properties(index, ent, &mut props);
        let mut standalone = Vec::new();
        if let Some((boundary, inline, attachments)) = ent.identity_policies() {
            if let Some(b) = boundary {
                props.push(("PermissionsBoundary", ctx.policy_arn(b)));
            }
            let (separate, embedded): (Vec<_>, Vec<_>) = inline.iter().cloned().partition(refers);
            if !embedded.is_empty() {
                props.push(("Policies", ctx.inline(&embedded)));
            }
            standalone = separate;
            let here: Vec<_> = attachments
                .iter()
                .filter(|a| !self.plan.moved(index, &a.policy))
                .cloned()
                .collect();
            if !here.is_empty() {
                props.push(("ManagedPolicyArns", ctx.attachments(&here)));
            }
        }
        let taggable = matches!(
            ent.kind(),
            Kind::Role | Kind::User | Kind::OidcProvider | Kind::SamlProvider
        );
        if !c.tags.is_empty() && taggable {
            props.push(("Tags", ctx.tags(&c.tags)));
        }
        self.resource(&l, ty, props);
        for p in standalone {
            self.inline_resource(ent, &l, &p);
        }
        if let Entity::Group(g) = ent {
            if !g.members.is_empty() {
                let users = g.members.iter().map(|u| ref_to(&ctx.logical(u))).collect();
                let props = vec![("GroupName", ref_to(&l)), ("Users", Yaml::Sequence(users))];
                let name = self.names.claim(format!("{l}Members"));
                self.resource(&name, "AWS::IAM::UserToGroupAddition", props);
            }
        }
        self.outputs(ent, &l);
    }

    fn resource(&mut self, logical: &str, ty: &str, props: Vec<(&str, Y)>) {
        self.resources.insert(
            string(logical),
            map(vec![("Type", string(ty)), ("Properties", map(props))]),
        );
    }

    fn name_and_path(&mut self, ent: &Entity, l: &str, props: &mut Vec<(&str, Y)>) {
        let c = ent.common();
        let name_key = match ent.kind() {
            Kind::Policy => "ManagedPolicyName",
            Kind::Role => "RoleName",
            Kind::User => "UserName",
            Kind::Group => "GroupName",
            Kind::InstanceProfile => "InstanceProfileName",
            Kind::SamlProvider => "Name",
            Kind::OidcProvider => return,
        };
        props.push((name_key, self.ctx.text(&c.name)));
        if ent.kind() != Kind::SamlProvider {
            props.push(("Path", string(&c.path)));
        }
        if c.name_explicit
            && matches!(
                ent.kind(),
                Kind::Role | Kind::Policy | Kind::InstanceProfile
            )
        {
            self.replaced.push(format!(
                "{l}: {name_key} is set explicitly; changing it replaces the resource."
            ));
        }
    }

    /// The properties of one kind; returns the resource type.
    fn kind_properties(
        &mut self,
        index: usize,
        ent: &Entity,
        props: &mut Vec<(&str, Y)>,
    ) -> &'static str {
        let ctx = self.ctx;
        match ent {
            Entity::Policy(pol) => {
                props.push(("PolicyDocument", ctx.document(&pol.document)));
                for (key, ids) in self.plan.listed_on(index) {
                    let refs = ids.iter().map(|id| ref_to(&ctx.logical(id))).collect();
                    props.push((key, Yaml::Sequence(refs)));
                }
                "AWS::IAM::ManagedPolicy"
            }
            Entity::Role(r) => {
                props.push(("AssumeRolePolicyDocument", ctx.document(&r.trust)));
                if let Some(s) = r.max_session {
                    props.push((
                        "MaxSessionDuration",
                        Yaml::Value(Scalar::Integer(i64::from(s))),
                    ));
                }
                "AWS::IAM::Role"
            }
            Entity::User(_) => "AWS::IAM::User",
            Entity::Group(_) => "AWS::IAM::Group",
            Entity::InstanceProfile(i) => {
                props.push(("Roles", Yaml::Sequence(vec![ref_to(&ctx.logical(&i.role))])));
                "AWS::IAM::InstanceProfile"
            }
            Entity::OidcProvider(o) => {
                props.push(("Url", string(&o.url)));
                let ids = o.client_ids.iter().map(|s| string(s)).collect();
                props.push(("ClientIdList", Yaml::Sequence(ids)));
                if !o.thumbprints.is_empty() {
                    let tps = o.thumbprints.iter().map(|s| string(s)).collect();
                    props.push(("ThumbprintList", Yaml::Sequence(tps)));
                }
                "AWS::IAM::OIDCProvider"
            }
            Entity::SamlProvider(s) => {
                props.push(("SamlMetadataDocument", string(&s.metadata)));
                "AWS::IAM::SAMLProvider"
            }
        }
    }

    /// An inline policy as a resource of its own, one per owner kind.
    fn inline_resource(&mut self, owner: &Entity, l: &str, p: &InlinePolicy) {
        let (ty, key) = match owner.kind() {
            Kind::Role => ("AWS::IAM::RolePolicy", "RoleName"),
            Kind::User => ("AWS::IAM::UserPolicy", "UserName"),
            _ => ("AWS::IAM::GroupPolicy", "GroupName"),
        };
        let logical = self
            .names
            .claim(format!("{l}{}InlinePolicy", upper_camel(&p.name)));
        let props = vec![
            ("PolicyName", string(&p.name)),
            ("PolicyDocument", self.ctx.document(&p.document)),
            (key, ref_to(l)),
        ];
        self.resource(&logical, ty, props);
    }

    fn outputs(&mut self, ent: &Entity, l: &str) {
        if self.outputs_opt == Outputs::None {
            return;
        }
        let c = ent.common();
        let arn = match ent.kind() {
            Kind::Policy | Kind::OidcProvider | Kind::SamlProvider => ref_to(l),
            _ => Yaml::Tagged(tag("GetAtt"), Box::new(string(&format!("{l}.Arn")))),
        };
        let export = |what: &str| {
            map(vec![(
                "Name",
                Yaml::Tagged(
                    tag("Sub"),
                    Box::new(string(&format!("${{AWS::StackName}}-{l}{what}"))),
                ),
            )])
        };
        let what = ent.kind().keyword().replace('_', " ");
        let entry = |desc: String, value: Y, name: &str| {
            map(vec![
                ("Description", string(&desc)),
                ("Value", value),
                ("Export", export(name)),
            ])
        };
        self.outputs.insert(
            string(&format!("{l}Arn")),
            entry(format!("ARN of the {what} `{}`", c.id), arn, "Arn"),
        );
        let named = matches!(
            ent.kind(),
            Kind::Role | Kind::User | Kind::Group | Kind::InstanceProfile
        );
        if named && self.outputs_opt == Outputs::All {
            self.outputs.insert(
                string(&format!("{l}Name")),
                entry(
                    format!("IAM name of the {what} `{}`", c.id),
                    ref_to(l),
                    "Name",
                ),
            );
        }
    }

    fn render(self, parameters: Mapping<'static>) -> Result<String, Vec<Diag>> {
        let mut top = vec![
            ("AWSTemplateFormatVersion", string("2010-09-09")),
            (
                "Description",
                string("IAM roles and policies generated by iamx"),
            ),
        ];
        if !parameters.is_empty() {
            top.push(("Parameters", Yaml::Mapping(parameters)));
        }
        top.push(("Resources", Yaml::Mapping(self.resources)));
        if !self.outputs.is_empty() {
            top.push(("Outputs", Yaml::Mapping(self.outputs)));
        }
        let doc = map(top);
        let mut out = String::from("# Generated by iamx; edit the .iamx sources instead.\n");
        for r in &self.replaced {
            out.push_str(&format!("# {r}\n"));
        }
        let mut body = String::new();
        let mut emitter = YamlEmitter::new(&mut body);
        if let Err(e) = emitter.dump(&doc) {
            return Err(vec![Diag::global(
                ErrorCode::E0804,
                format!("cannot write the template: {e}"),
            )]);
        }
        out.push_str(&body);
        out.push('\n');
        Ok(out)
    }
}
