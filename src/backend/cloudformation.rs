//! The cloudformation target (spec section 8): one `template.yaml` written with saphyr's YAML
//! emitter, short-form intrinsics (`!Ref`, `!GetAtt`, `!Sub` only where a string interpolates),
//! pseudo parameters for `current.*`, and quotes wherever YAML would misread a string.

use super::OutputFile;
use super::names::{Names, upper_camel};
use crate::diag::Diag;
use crate::ir::{
    Attachment, Attr, Condition, Current, Document, Effect, Entity, InlinePolicy, Kind, ParamType,
    Part, PolicyRef, PrincipalKind, Program, Statement, Tag, Text,
};
use saphyr::{Mapping, Scalar, ScalarStyle, Yaml, YamlEmitter};
use std::borrow::Cow;
use std::collections::HashMap;

type Y = Yaml<'static>;

fn tag(name: &str) -> Cow<'static, saphyr::Tag> {
    Cow::Owned(saphyr::Tag {
        handle: "!".into(),
        suffix: name.into(),
    })
}

/// Strings YAML 1.1 readers (CloudFormation's, PyYAML's) would take for something else.
fn misread(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let b = s.as_bytes();
    matches!(lower.as_str(), "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~" | "")
        || (b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-')
        // Anything that starts like a number (ints, floats, hex, octal, sexagesimal, 1e3):
        // quoting a few strings more than needed is harmless.
        || s.trim_start_matches(['-', '+', '.']).starts_with(|c: char| c.is_ascii_digit())
        || s.starts_with("<<")
}

/// A plain string scalar, single-quoted when YAML would misread it.
fn string(s: &str) -> Y {
    if misread(s) {
        Yaml::Representation(
            Cow::Owned(s.replace('\'', "''")),
            ScalarStyle::SingleQuoted,
            None,
        )
    } else {
        Yaml::Value(Scalar::String(Cow::Owned(s.to_string())))
    }
}

fn map(entries: Vec<(&str, Y)>) -> Y {
    let mut m = Mapping::new();
    for (k, v) in entries {
        m.insert(Yaml::Value(Scalar::String(Cow::Owned(k.to_string()))), v);
    }
    Yaml::Mapping(m)
}

struct Ctx<'p> {
    program: &'p Program,
    logical: HashMap<String, String>,
    params: HashMap<String, String>,
}

impl Ctx<'_> {
    fn logical(&self, id: &str) -> String {
        self.logical
            .get(id)
            .cloned()
            .unwrap_or_else(|| upper_camel(id))
    }

    /// `${...}` inside `!Sub` for a reference, or the text of a policy's name (no attribute).
    fn sub_ref(&self, kind: Kind, id: &str, attr: Attr, depth: usize) -> String {
        let l = self.logical(id);
        match (kind, attr) {
            (Kind::Policy | Kind::OidcProvider, Attr::Arn) => format!("${{{l}}}"),
            (_, Attr::Arn) => format!("${{{l}.Arn}}"),
            (Kind::Policy, Attr::Name) => match self.program.entity(id) {
                Some(e) if depth < 8 => self.sub_body(&e.common().name, depth + 1),
                _ => String::new(),
            },
            (_, Attr::Name) => format!("${{{l}}}"),
        }
    }

    fn sub_body(&self, t: &Text, depth: usize) -> String {
        let mut s = String::new();
        for p in &t.parts {
            match p {
                Part::Lit(l) => s.push_str(&l.replace("${", "${!")),
                Part::PolicyVar(v) => s.push_str(&format!("${{!{v}}}")),
                Part::Param(n) => s.push_str(&format!("${{{}}}", self.param(n))),
                Part::Current(c) => s.push_str(&format!("${{{}}}", pseudo(*c))),
                Part::Ref { kind, id, attr } => s.push_str(&self.sub_ref(*kind, id, *attr, depth)),
            }
        }
        s
    }

    fn param(&self, name: &str) -> String {
        self.params
            .get(name)
            .cloned()
            .unwrap_or_else(|| upper_camel(name))
    }

    /// A text as a template value: a plain string, one intrinsic, or `!Sub`.
    fn text(&self, t: &Text) -> Y {
        match t.parts.as_slice() {
            [] => string(""),
            [Part::Param(n)] => Yaml::Tagged(tag("Ref"), Box::new(string(&self.param(n)))),
            [Part::Current(c)] => Yaml::Tagged(tag("Ref"), Box::new(string(pseudo(*c)))),
            [Part::Ref { kind, id, attr }] if !(*kind == Kind::Policy && *attr == Attr::Name) => {
                let l = self.logical(id);
                match (kind, attr) {
                    (Kind::Policy | Kind::OidcProvider, Attr::Arn) | (_, Attr::Name) => {
                        Yaml::Tagged(tag("Ref"), Box::new(string(&l)))
                    }
                    (_, Attr::Arn) => {
                        Yaml::Tagged(tag("GetAtt"), Box::new(string(&format!("{l}.Arn"))))
                    }
                }
            }
            _ => match t.as_lit() {
                Some(lit) => string(&lit),
                None => Yaml::Tagged(tag("Sub"), Box::new(string(&self.sub_body(t, 0)))),
            },
        }
    }

    fn list(&self, ts: impl IntoIterator<Item = Text>) -> Y {
        let v: Vec<Y> = ts.into_iter().map(|t| self.text(&t)).collect();
        if v.len() == 1 {
            v.into_iter().next().unwrap_or(Yaml::BadValue)
        } else {
            Yaml::Sequence(v)
        }
    }

    fn statement(&self, s: &Statement) -> Y {
        let mut e: Vec<(&str, Y)> = Vec::new();
        if let Some(sid) = &s.sid {
            e.push(("Sid", string(sid)));
        }
        e.push((
            "Effect",
            string(if s.effect == Effect::Allow {
                "Allow"
            } else {
                "Deny"
            }),
        ));
        if let Some(p) = &s.principal {
            let v = match p.kind {
                // `{"AWS": "*"}`: IAM rejects a bare `"*"` in a role trust policy.
                PrincipalKind::Anyone => map(vec![("AWS", string("*"))]),
                k => {
                    let key = match k {
                        PrincipalKind::Service => "Service",
                        PrincipalKind::Federated => "Federated",
                        _ => "AWS",
                    };
                    map(vec![(key, self.list(p.values.clone()))])
                }
            };
            e.push(("Principal", v));
        }
        let actions = self.list(s.actions.iter().map(|a| Text::lit(a.name.clone())));
        e.push((if s.not_action { "NotAction" } else { "Action" }, actions));
        if !s.resources.is_empty() {
            let r = self.list(s.resources.iter().map(|r| r.text.clone()));
            e.push((
                if s.not_resource {
                    "NotResource"
                } else {
                    "Resource"
                },
                r,
            ));
        }
        if !s.conditions.is_empty() {
            e.push(("Condition", self.conditions(&s.conditions)));
        }
        map(e)
    }

    fn conditions(&self, cs: &[Condition]) -> Y {
        let mut ops: Vec<(String, Vec<(String, Y)>)> = Vec::new();
        for c in cs {
            let v = self.list(c.values.clone());
            match ops.iter_mut().find(|(o, _)| *o == c.operator) {
                Some((_, keys)) => keys.push((c.key.clone(), v)),
                None => ops.push((c.operator.clone(), vec![(c.key.clone(), v)])),
            }
        }
        let mut m = Mapping::new();
        for (op, keys) in ops {
            let inner = map(keys.iter().map(|(k, v)| (k.as_str(), v.clone())).collect());
            m.insert(Yaml::Value(Scalar::String(Cow::Owned(op))), inner);
        }
        Yaml::Mapping(m)
    }

    fn document(&self, d: &Document) -> Y {
        if d.statements
            .iter()
            .any(|s| s.conditions.iter().any(|c| c.key_text.is_some()))
        {
            return self.sub_json(d);
        }
        map(vec![
            ("Version", string("2012-10-17")),
            (
                "Statement",
                Yaml::Sequence(d.statements.iter().map(|s| self.statement(s)).collect()),
            ),
        ])
    }

    /// A document as one `!Sub` JSON string. CloudFormation evaluates no intrinsic function in a
    /// mapping key, so a condition key built from params (`"${Issuer}:sub"`) can only be
    /// written inside a string the template substitutes as a whole (policy document properties
    /// take a JSON string as well as an object).
    fn sub_json(&self, d: &Document) -> Y {
        let doc = crate::iamjson::document_with(d, &|t| Ok(self.sub_body(t, 0)));
        match doc.ok().and_then(|doc| serde_json::to_string(&doc).ok()) {
            Some(json) => Yaml::Tagged(tag("Sub"), Box::new(string(&json))),
            None => Yaml::BadValue,
        }
    }

    fn inline(&self, inline: &[InlinePolicy]) -> Y {
        Yaml::Sequence(
            inline
                .iter()
                .map(|p| {
                    map(vec![
                        ("PolicyName", string(&p.name)),
                        ("PolicyDocument", self.document(&p.document)),
                    ])
                })
                .collect(),
        )
    }

    fn policy_arn(&self, p: &PolicyRef) -> Y {
        match p {
            PolicyRef::Local(id) => Yaml::Tagged(tag("Ref"), Box::new(string(&self.logical(id)))),
            PolicyRef::Arn(t) => self.text(t),
        }
    }

    fn attachments(&self, a: &[Attachment]) -> Y {
        Yaml::Sequence(a.iter().map(|a| self.policy_arn(&a.policy)).collect())
    }

    fn tags(&self, tags: &[Tag]) -> Y {
        Yaml::Sequence(
            tags.iter()
                .map(|t| {
                    map(vec![
                        ("Key", string(&t.key)),
                        ("Value", self.text(&t.value)),
                    ])
                })
                .collect(),
        )
    }
}

/// Whether a document refers to a declaration other than `owner`: embedding it in the owner could
/// make CloudFormation see a dependency cycle (a user whose policy names a role that trusts the
/// user), so such a policy becomes an `AWS::IAM::Policy` resource of its own.
fn refers_elsewhere(d: &Document, owner: &str) -> bool {
    d.statements.iter().any(|s| {
        s.resources
            .iter()
            .map(|r| &r.text)
            .chain(s.principal.iter().flat_map(|p| &p.values))
            .chain(s.conditions.iter().flat_map(|c| &c.values))
            .any(|t| {
                t.parts
                    .iter()
                    .any(|p| matches!(p, Part::Ref { id, .. } if id != owner))
            })
    })
}

fn pseudo(c: Current) -> &'static str {
    match c {
        Current::Account => "AWS::AccountId",
        Current::Region => "AWS::Region",
        Current::Partition => "AWS::Partition",
    }
}

fn suffix(kind: Kind) -> &'static str {
    match kind {
        Kind::Policy => "Policy",
        Kind::Role => "Role",
        Kind::User => "User",
        Kind::Group => "Group",
        Kind::InstanceProfile => "InstanceProfile",
        Kind::OidcProvider => "OidcProvider",
    }
}

fn allowed_pattern(ty: ParamType) -> Option<&'static str> {
    Some(match ty {
        ParamType::AccountId => "^[0-9]{12}$",
        ParamType::Region => "^[a-z]{2}(-[a-z]+)+-[0-9]+$",
        ParamType::Arn => "^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$",
        ParamType::Cidr => "^[0-9a-fA-F:.]+(/[0-9]{1,3})?$",
        ParamType::Date => "^[0-9]{4}-[0-9]{2}-[0-9]{2}.*$",
        _ => return None,
    })
}

/// CloudFormation's limit on logical ids (resources, parameters, outputs).
const MAX_LOGICAL_ID: usize = 255;

/// Emit `template.yaml`. Errors for what CloudFormation cannot express (tags on a managed policy
/// or an instance profile).
pub fn emit(p: &Program) -> Result<Vec<OutputFile>, Vec<Diag>> {
    let mut errors = Vec::new();
    let mut names = Names::default();
    let mut logical = HashMap::new();
    let mut wanted: HashMap<String, &str> = HashMap::new();
    for e in &p.entities {
        let id = &e.common().id;
        let want = format!("{}{}", upper_camel(id), suffix(e.kind()));
        let got = names.claim(want.clone());
        if got != want {
            let other = wanted.get(&want).copied().unwrap_or("another declaration");
            errors.push(
                Diag::error(
                    "E0706",
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
        if matches!(e.kind(), Kind::Policy | Kind::InstanceProfile) && !e.common().tags.is_empty() {
            let what = if e.kind() == Kind::Policy {
                "AWS::IAM::ManagedPolicy"
            } else {
                "AWS::IAM::InstanceProfile"
            };
            errors.push(
                Diag::error(
                    "E0705",
                    format!("{what} cannot carry tags"),
                    e.common().span,
                    "declared here",
                )
                .with_help("remove `tags`, or build with `--target terraform` or `json`"),
            );
        }
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

    let mut parameters = Mapping::new();
    for param in &p.params {
        let ty = match param.ty {
            ParamType::Int | ParamType::Duration => "Number",
            _ => "String",
        };
        let mut e = vec![("Type", string(ty))];
        if let Some(d) = &param.default {
            e.push(("Default", string(d)));
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
        let desc = param
            .description
            .clone()
            .unwrap_or_else(|| format!("{} (iamx param `{}`)", param.ty.name(), param.name));
        e.push(("Description", string(&desc)));
        parameters.insert(string(&ctx.param(&param.name)), map(e));
    }

    let mut resources = Mapping::new();
    let mut outputs = Mapping::new();
    let mut replaced = Vec::new();
    for ent in &p.entities {
        let c = ent.common();
        let l = ctx.logical(&c.id);
        let mut props: Vec<(&str, Y)> = Vec::new();
        let mut standalone: Vec<(InlinePolicy, &str)> = Vec::new();
        let name_key = match ent.kind() {
            Kind::Policy => "ManagedPolicyName",
            Kind::Role => "RoleName",
            Kind::User => "UserName",
            Kind::Group => "GroupName",
            Kind::InstanceProfile => "InstanceProfileName",
            Kind::OidcProvider => "",
        };
        if !name_key.is_empty() {
            props.push((name_key, ctx.text(&c.name)));
            props.push(("Path", string(&c.path)));
            if c.name_explicit
                && matches!(
                    ent.kind(),
                    Kind::Role | Kind::Policy | Kind::InstanceProfile
                )
            {
                replaced.push(format!(
                    "{l}: {name_key} is set explicitly; changing it replaces the resource."
                ));
            }
        }
        if let Some(d) = &c.description {
            if matches!(ent.kind(), Kind::Role | Kind::Policy) {
                props.push(("Description", ctx.text(d)));
            }
        }
        let ty = match ent {
            Entity::Policy(pol) => {
                props.push(("PolicyDocument", ctx.document(&pol.document)));
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
                props.push((
                    "Roles",
                    Yaml::Sequence(vec![Yaml::Tagged(
                        tag("Ref"),
                        Box::new(string(&ctx.logical(&i.role))),
                    )]),
                ));
                "AWS::IAM::InstanceProfile"
            }
            Entity::OidcProvider(o) => {
                props.push(("Url", string(&o.url)));
                props.push((
                    "ClientIdList",
                    Yaml::Sequence(o.client_ids.iter().map(|s| string(s)).collect()),
                ));
                if !o.thumbprints.is_empty() {
                    props.push((
                        "ThumbprintList",
                        Yaml::Sequence(o.thumbprints.iter().map(|s| string(s)).collect()),
                    ));
                }
                "AWS::IAM::OIDCProvider"
            }
        };
        if let Some((boundary, inline, attachments)) = ent.identity_policies() {
            if let Some(b) = boundary {
                props.push(("PermissionsBoundary", ctx.policy_arn(b)));
            }
            let (separate, embedded): (Vec<_>, Vec<_>) = inline
                .iter()
                .cloned()
                .partition(|p| refers_elsewhere(&p.document, &c.id));
            if !embedded.is_empty() {
                props.push(("Policies", ctx.inline(&embedded)));
            }
            let owners = match ent.kind() {
                Kind::Role => "Roles",
                Kind::User => "Users",
                _ => "Groups",
            };
            standalone.extend(separate.into_iter().map(|p| (p, owners)));
            if !attachments.is_empty() {
                props.push(("ManagedPolicyArns", ctx.attachments(attachments)));
            }
        }
        if !c.tags.is_empty() && matches!(ent.kind(), Kind::Role | Kind::User | Kind::OidcProvider)
        {
            props.push(("Tags", ctx.tags(&c.tags)));
        }
        resources.insert(
            string(&l),
            map(vec![("Type", string(ty)), ("Properties", map(props))]),
        );
        for (p, owners) in standalone {
            let logical = names.claim(format!("{l}{}InlinePolicy", upper_camel(&p.name)));
            let props = map(vec![
                ("PolicyName", string(&p.name)),
                ("PolicyDocument", ctx.document(&p.document)),
                (
                    owners,
                    Yaml::Sequence(vec![Yaml::Tagged(tag("Ref"), Box::new(string(&l)))]),
                ),
            ]);
            resources.insert(
                string(&logical),
                map(vec![
                    ("Type", string("AWS::IAM::Policy")),
                    ("Properties", props),
                ]),
            );
        }
        if let Entity::Group(g) = ent {
            if !g.members.is_empty() {
                let users = g
                    .members
                    .iter()
                    .map(|u| Yaml::Tagged(tag("Ref"), Box::new(string(&ctx.logical(u)))))
                    .collect();
                let add = map(vec![
                    ("Type", string("AWS::IAM::UserToGroupAddition")),
                    (
                        "Properties",
                        map(vec![
                            ("GroupName", Yaml::Tagged(tag("Ref"), Box::new(string(&l)))),
                            ("Users", Yaml::Sequence(users)),
                        ]),
                    ),
                ]);
                resources.insert(string(&names.claim(format!("{l}Members"))), add);
            }
        }
        let arn = match ent.kind() {
            Kind::Policy | Kind::OidcProvider => Yaml::Tagged(tag("Ref"), Box::new(string(&l))),
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
        outputs.insert(
            string(&format!("{l}Arn")),
            map(vec![
                (
                    "Description",
                    string(&format!("ARN of the {what} `{}`", c.id)),
                ),
                ("Value", arn),
                ("Export", export("Arn")),
            ]),
        );
        if matches!(
            ent.kind(),
            Kind::Role | Kind::User | Kind::Group | Kind::InstanceProfile
        ) {
            outputs.insert(
                string(&format!("{l}Name")),
                map(vec![
                    (
                        "Description",
                        string(&format!("IAM name of the {what} `{}`", c.id)),
                    ),
                    ("Value", Yaml::Tagged(tag("Ref"), Box::new(string(&l)))),
                    ("Export", export("Name")),
                ]),
            );
        }
    }
    let long: Vec<String> = [&parameters, &resources, &outputs]
        .iter()
        .flat_map(|m| m.keys())
        .filter_map(|k| {
            k.as_str()
                .filter(|k| k.len() > MAX_LOGICAL_ID)
                .map(str::to_string)
        })
        .collect();
    if !long.is_empty() {
        return Err(long
            .iter()
            .map(|k| {
                Diag::global(
                    "E0706",
                    format!(
                        "CloudFormation logical id `{k}` is {} characters long (at most {MAX_LOGICAL_ID})",
                        k.len()
                    ),
                )
                .with_help("shorten the declaration or policy names it is made of")
            })
            .collect());
    }
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
    top.push(("Resources", Yaml::Mapping(resources)));
    if !outputs.is_empty() {
        top.push(("Outputs", Yaml::Mapping(outputs)));
    }
    let doc = map(top);
    let mut out = String::from("# Generated by iamx; edit the .iamx sources instead.\n");
    for r in &replaced {
        out.push_str(&format!("# {r}\n"));
    }
    let mut body = String::new();
    let mut emitter = YamlEmitter::new(&mut body);
    if let Err(e) = emitter.dump(&doc) {
        return Err(vec![Diag::global(
            "E0804",
            format!("cannot write the template: {e}"),
        )]);
    }
    out.push_str(&body);
    out.push('\n');
    Ok(vec![OutputFile {
        path: "template.yaml".into(),
        contents: out.into_bytes(),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_yaml_would_misread() {
        for s in [
            "2012-10-17",
            "111122223333",
            "true",
            "no",
            "1e3",
            "0x1F",
            "",
            "1:20",
        ] {
            assert!(misread(s), "{s}");
        }
        for s in ["batch-task", "/batch/", "arn:aws:s3:::b", "sts:AssumeRole"] {
            assert!(!misread(s), "{s}");
        }
    }
}
