//! The terraform target (spec section 8): `main.tf`, `variables.tf`, `outputs.tf`, `versions.tf`.
//!
//! Every document is a `data "aws_iam_policy_document"`; params become variables with validation;
//! `current.*` the caller-identity, region and partition data sources (only when used);
//! references between declarations real Terraform references.

use super::hcl::{Block, Expr, Structure, TPart, print};
use super::{OutputFile, names::Names};
use crate::ir::{
    Attachment, Attr, Condition, Current, Document, Effect, Entity, InlinePolicy, Kind, Part,
    PolicyRef, PrincipalKind, Program, Statement, Tag, Text,
};

fn resource_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Policy => "aws_iam_policy",
        Kind::Role => "aws_iam_role",
        Kind::User => "aws_iam_user",
        Kind::Group => "aws_iam_group",
        Kind::InstanceProfile => "aws_iam_instance_profile",
        Kind::OidcProvider => "aws_iam_openid_connect_provider",
    }
}

fn current(c: Current) -> &'static str {
    match c {
        Current::Account => "data.aws_caller_identity.current.account_id",
        Current::Region => "data.aws_region.current.name",
        Current::Partition => "data.aws_partition.current.partition",
    }
}

/// A text as an HCL expression: a bare reference when it is one, a template otherwise.
fn text(t: &Text) -> Expr {
    let mut parts = Vec::new();
    for p in &t.parts {
        match p {
            Part::Lit(l) => parts.push(TPart::Lit(l.clone())),
            // Kept literally: `escape` doubles the `$` so Terraform leaves `${aws:username}` to IAM.
            Part::PolicyVar(v) => parts.push(TPart::Lit(format!("${{{v}}}"))),
            Part::Param(n) => parts.push(TPart::Interp(format!("var.{n}"))),
            Part::Current(c) => parts.push(TPart::Interp(current(*c).into())),
            Part::Ref { kind, id, attr } => {
                let a = match (attr, kind) {
                    (Attr::Arn, _) => "arn",
                    (Attr::Name, _) => "name",
                };
                parts.push(TPart::Interp(format!("{}.{id}.{a}", resource_type(*kind))));
            }
        }
    }
    if parts.is_empty() {
        parts.push(TPart::Lit(String::new()));
    }
    Expr::Template(parts)
}

fn texts(ts: impl IntoIterator<Item = Text>) -> Expr {
    Expr::List(ts.into_iter().map(|t| text(&t)).collect())
}

fn policy_arn(p: &PolicyRef) -> Expr {
    match p {
        PolicyRef::Local(id) => Expr::Raw(format!("aws_iam_policy.{id}.arn")),
        PolicyRef::Arn(t) => text(t),
    }
}

fn tags(tags: &[Tag]) -> Expr {
    Expr::Object(
        tags.iter()
            .map(|t| (t.key.clone(), text(&t.value)))
            .collect(),
    )
}

fn statement(s: &Statement) -> Block {
    let mut b = Block::new("statement", &[]);
    if let Some(sid) = &s.sid {
        b.attr("sid", Expr::str(sid.clone()));
    }
    b.attr(
        "effect",
        Expr::str(if s.effect == Effect::Allow {
            "Allow"
        } else {
            "Deny"
        }),
    );
    let actions = Expr::List(
        s.actions
            .iter()
            .map(|a| Expr::str(a.name.clone()))
            .collect(),
    );
    b.attr(
        if s.not_action {
            "not_actions"
        } else {
            "actions"
        },
        actions,
    );
    if !s.resources.is_empty() {
        let r = texts(s.resources.iter().map(|r| r.text.clone()));
        b.attr(
            if s.not_resource {
                "not_resources"
            } else {
                "resources"
            },
            r,
        );
    }
    if let Some(p) = &s.principal {
        let (ty, ids) = match p.kind {
            // `{"AWS": "*"}`: IAM rejects a bare `"*"` in a role trust policy.
            PrincipalKind::Anyone => ("AWS", Expr::List(vec![Expr::str("*")])),
            PrincipalKind::Aws => ("AWS", texts(p.values.clone())),
            PrincipalKind::Service => ("Service", texts(p.values.clone())),
            PrincipalKind::Federated => ("Federated", texts(p.values.clone())),
        };
        let mut pb = Block::new("principals", &[]);
        pb.attr("type", Expr::str(ty)).attr("identifiers", ids);
        b.block(pb);
    }
    for c in &s.conditions {
        b.block(condition(c));
    }
    b
}

fn condition(c: &Condition) -> Block {
    let mut b = Block::new("condition", &[]);
    b.attr("test", Expr::str(c.operator.clone()))
        .attr("variable", Expr::str(c.key.clone()))
        .attr("values", texts(c.values.clone()));
    b
}

fn document(label: &str, d: &Document) -> Block {
    let mut b = Block::new("data", &["aws_iam_policy_document", label]);
    b.attr("version", Expr::str("2012-10-17"));
    for s in &d.statements {
        b.block(statement(s));
    }
    b
}

fn data_json(label: &str) -> Expr {
    Expr::Raw(format!("data.aws_iam_policy_document.{label}.json"))
}

struct Emitter {
    main: Vec<Structure>,
    outputs: Vec<Structure>,
    labels: Names,
}

impl Emitter {
    fn push(&mut self, b: Block) {
        self.main.push(Structure::Block(b));
        self.main.push(Structure::Blank);
    }

    fn name_comment(&mut self, what: &str, e: &Entity) {
        if e.common().name_explicit {
            self.main.push(Structure::Comment(format!(
                "`name` is set explicitly: changing it replaces the {what} (and anything attached to it)."
            )));
        }
    }

    fn output(&mut self, id: &str, attr: &str, value: String, description: String) {
        let mut b = Block::new("output", &[&format!("{id}_{attr}")]);
        b.attr("description", Expr::str(description))
            .attr("value", Expr::Raw(value));
        self.outputs.push(Structure::Block(b));
        self.outputs.push(Structure::Blank);
    }

    fn inline(&mut self, kind: &str, owner_attr: &str, id: &str, inline: &[InlinePolicy]) {
        for p in inline {
            let label = self.labels.unique(&format!("{id}_{}", p.name));
            self.push(document(&label, &p.document));
            let mut r = Block::new("resource", &[&format!("aws_iam_{kind}_policy"), &label]);
            r.attr("name", Expr::str(p.name.clone()))
                .attr(kind, Expr::Raw(format!("aws_iam_{kind}.{id}.{owner_attr}")))
                .attr("policy", data_json(&label));
            self.push(r);
        }
    }

    fn attachments(&mut self, kind: &str, id: &str, attachments: &[Attachment]) {
        for a in attachments {
            let suffix = match &a.policy {
                PolicyRef::Local(p) => p.clone(),
                PolicyRef::Arn(t) => t
                    .as_lit()
                    .and_then(|s| s.rsplit('/').next().map(str::to_string))
                    .unwrap_or_else(|| "policy".into()),
            };
            let label = self.labels.unique(&format!("{id}_{suffix}"));
            let mut r = Block::new(
                "resource",
                &[&format!("aws_iam_{kind}_policy_attachment"), &label],
            );
            r.attr(kind, Expr::Raw(format!("aws_iam_{kind}.{id}.name")))
                .attr("policy_arn", policy_arn(&a.policy));
            self.push(r);
        }
    }

    fn common(b: &mut Block, e: &Entity, name_attr: &str) {
        let c = e.common();
        b.attr(name_attr, text(&c.name));
        if e.kind() != Kind::OidcProvider {
            b.attr("path", Expr::str(c.path.clone()));
        }
        if let Some(d) = &c.description {
            b.attr("description", text(d));
        }
    }

    fn entity(&mut self, e: &Entity) {
        let c = e.common();
        let id = c.id.as_str();
        match e {
            Entity::Policy(p) => {
                let label = self.labels.unique(id);
                self.push(document(&label, &p.document));
                self.name_comment("policy", e);
                let mut r = Block::new("resource", &["aws_iam_policy", id]);
                Self::common(&mut r, e, "name");
                r.attr("policy", data_json(&label));
                if !c.tags.is_empty() {
                    r.attr("tags", tags(&c.tags));
                }
                self.push(r);
            }
            Entity::Role(role) => {
                let label = self.labels.unique(&format!("{id}_trust"));
                self.push(document(&label, &role.trust));
                self.name_comment("role", e);
                let mut r = Block::new("resource", &["aws_iam_role", id]);
                Self::common(&mut r, e, "name");
                r.attr("assume_role_policy", data_json(&label));
                if let Some(s) = role.max_session {
                    r.attr("max_session_duration", Expr::Number(i64::from(s)));
                }
                if let Some(b) = &role.boundary {
                    r.attr("permissions_boundary", policy_arn(b));
                }
                if !c.tags.is_empty() {
                    r.attr("tags", tags(&c.tags));
                }
                self.push(r);
                self.inline("role", "id", id, &role.inline);
                self.attachments("role", id, &role.attachments);
            }
            Entity::User(u) => {
                let mut r = Block::new("resource", &["aws_iam_user", id]);
                Self::common(&mut r, e, "name");
                if let Some(b) = &u.boundary {
                    r.attr("permissions_boundary", policy_arn(b));
                }
                if !c.tags.is_empty() {
                    r.attr("tags", tags(&c.tags));
                }
                self.push(r);
                self.inline("user", "name", id, &u.inline);
                self.attachments("user", id, &u.attachments);
            }
            Entity::Group(g) => {
                let mut r = Block::new("resource", &["aws_iam_group", id]);
                Self::common(&mut r, e, "name");
                self.push(r);
                self.inline("group", "name", id, &g.inline);
                self.attachments("group", id, &g.attachments);
                if !g.members.is_empty() {
                    let mut m = Block::new("resource", &["aws_iam_group_membership", id]);
                    m.attr("name", Expr::str(format!("{id}-membership")))
                        .attr("group", Expr::Raw(format!("aws_iam_group.{id}.name")))
                        .attr(
                            "users",
                            Expr::List(
                                g.members
                                    .iter()
                                    .map(|u| Expr::Raw(format!("aws_iam_user.{u}.name")))
                                    .collect(),
                            ),
                        );
                    self.push(m);
                }
            }
            Entity::InstanceProfile(i) => {
                self.name_comment("instance profile", e);
                let mut r = Block::new("resource", &["aws_iam_instance_profile", id]);
                Self::common(&mut r, e, "name");
                r.attr("role", Expr::Raw(format!("aws_iam_role.{}.name", i.role)));
                if !c.tags.is_empty() {
                    r.attr("tags", tags(&c.tags));
                }
                self.push(r);
            }
            Entity::OidcProvider(o) => {
                let mut r = Block::new("resource", &["aws_iam_openid_connect_provider", id]);
                r.attr("url", Expr::str(o.url.clone())).attr(
                    "client_id_list",
                    Expr::List(o.client_ids.iter().map(|s| Expr::str(s.clone())).collect()),
                );
                if !o.thumbprints.is_empty() {
                    r.attr(
                        "thumbprint_list",
                        Expr::List(o.thumbprints.iter().map(|s| Expr::str(s.clone())).collect()),
                    );
                }
                if !c.tags.is_empty() {
                    r.attr("tags", tags(&c.tags));
                }
                self.push(r);
            }
        }
        let ty = resource_type(e.kind());
        let what = e.kind().keyword().replace('_', " ");
        self.output(
            id,
            "arn",
            format!("{ty}.{id}.arn"),
            format!("ARN of the {what} `{id}`"),
        );
        if e.kind() != Kind::OidcProvider {
            self.output(
                id,
                "name",
                format!("{ty}.{id}.name"),
                format!("IAM name of the {what} `{id}`"),
            );
        }
    }
}

fn variables(p: &Program) -> Vec<Structure> {
    use crate::ir::ParamType as T;
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
        out.push(Structure::Block(b));
        out.push(Structure::Blank);
    }
    out
}

fn versions() -> Vec<Structure> {
    let mut tf = Block::new("terraform", &[]);
    tf.attr("required_version", Expr::str(">= 1.3"));
    let mut rp = Block::new("required_providers", &[]);
    rp.attr(
        "aws",
        Expr::Object(vec![
            ("source".into(), Expr::str("hashicorp/aws")),
            ("version".into(), Expr::str(">= 5.0")),
        ]),
    );
    tf.block(rp);
    vec![Structure::Block(tf)]
}

fn trim(mut v: Vec<Structure>) -> Vec<Structure> {
    while matches!(v.last(), Some(Structure::Blank)) {
        v.pop();
    }
    v
}

/// Emit the terraform target's files.
pub fn emit(p: &Program) -> Vec<OutputFile> {
    let mut e = Emitter {
        main: Vec::new(),
        outputs: Vec::new(),
        labels: Names::default(),
    };
    for c in &p.uses_current {
        let ty = match c {
            Current::Account => "aws_caller_identity",
            Current::Region => "aws_region",
            Current::Partition => "aws_partition",
        };
        e.push(Block::new("data", &[ty, "current"]));
    }
    for ent in &p.entities {
        e.entity(ent);
    }
    let header = Structure::Comment("Generated by iamx; edit the .iamx sources instead.".into());
    let file = |name: &str, mut body: Vec<Structure>| {
        body.insert(0, Structure::Blank);
        body.insert(0, header.clone());
        OutputFile {
            path: name.into(),
            contents: print(&trim(body)).into_bytes(),
        }
    };
    vec![
        file("main.tf", e.main),
        file("variables.tf", variables(p)),
        file("outputs.tf", e.outputs),
        file("versions.tf", versions()),
    ]
}
