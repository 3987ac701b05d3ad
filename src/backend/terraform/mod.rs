//! The terraform target (spec section 8): `main.tf`, `variables.tf`, `outputs.tf`, `versions.tf`.
//!
//! Every document is a `data "aws_iam_policy_document"`; params become variables with validation;
//! `current.*` the caller-identity, region and partition data sources (only when used);
//! references between declarations real Terraform references.

mod document;
#[cfg(test)]
mod schema_tests;
mod variables;

use super::hcl::{Block, Expr, Structure, TPart, print};
use super::{OutputFile, Outputs, names::Names};
use crate::ir::aws::{Attachment, Entity, InlinePolicy, PolicyRef, Tag};
use crate::ir::{self, Attr, Current, Kind, Part, Program, Text};
use document::Docs;
pub(in crate::backend) use variables::variables;
use variables::versions;

fn resource_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Policy => "aws_iam_policy",
        Kind::Role => "aws_iam_role",
        Kind::User => "aws_iam_user",
        Kind::Group => "aws_iam_group",
        Kind::InstanceProfile => "aws_iam_instance_profile",
        Kind::OidcProvider => "aws_iam_openid_connect_provider",
        Kind::SamlProvider => "aws_iam_saml_provider",
    }
}

fn current(c: Current) -> &'static str {
    match c {
        Current::Account => "data.aws_caller_identity.current.account_id",
        // `name` is deprecated since provider 6.0 (scripts/schema/aws-deprecated.tsv).
        Current::Region => "data.aws_region.current.region",
        Current::Partition => "data.aws_partition.current.partition",
    }
}

/// A text as an HCL expression: a bare reference when it is one, a template otherwise.
pub(in crate::backend) fn text(t: &Text) -> Expr {
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

fn data_json(label: &str) -> Expr {
    Expr::Raw(format!("data.aws_iam_policy_document.{label}.json"))
}

struct Emitter<'p> {
    program: &'p Program,
    /// Files written beside the module (SAML metadata).
    files: Vec<OutputFile>,
    main: Vec<Structure>,
    outputs: Vec<Structure>,
    labels: Names,
    outputs_opt: Outputs,
}

/// What the command line can change in the module.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub outputs: Outputs,
}

impl Emitter<'_> {
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
        let wanted = match self.outputs_opt {
            Outputs::All => true,
            Outputs::Arns => attr == "arn",
            Outputs::None => false,
        };
        if !wanted {
            return;
        }
        let mut b = Block::new("output", &[&format!("{id}_{attr}")]);
        b.attr("description", Expr::str(description))
            .attr("value", Expr::Raw(value));
        self.outputs.push(Structure::Block(b));
        self.outputs.push(Structure::Blank);
    }

    fn inline(&mut self, kind: &str, owner_attr: &str, id: &str, inline: &[InlinePolicy]) {
        for p in inline {
            let label = self.labels.unique(&format!("{id}_{}", p.name));
            self.push(
                Docs {
                    program: self.program,
                }
                .document(&label, &p.document),
            );
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
        if !matches!(e.kind(), Kind::OidcProvider | Kind::SamlProvider) {
            b.attr("path", Expr::str(c.path.clone()));
        }
        // Only roles and managed policies have a description in IAM (and in the provider's
        // schema, scripts/schema/out); a user's, group's or profile's doc comment stays in
        // the source and the json manifest.
        if let Some(d) = &c.description {
            if matches!(e.kind(), Kind::Role | Kind::Policy) {
                b.attr("description", text(d));
            }
        }
    }

    fn entity(&mut self, e: &Entity) {
        let id = e.common().id.as_str();
        match e {
            Entity::Policy(p) => self.policy(e, p),
            Entity::Role(role) => self.role(e, role),
            Entity::User(u) => self.user(e, u),
            Entity::Group(g) => self.group(e, g),
            Entity::InstanceProfile(i) => self.instance_profile(e, i),
            Entity::OidcProvider(o) => self.oidc_provider(e, o),
            Entity::SamlProvider(s) => self.saml_provider(e, s),
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

    /// The entity's tags, when it has any.
    fn tags(r: &mut Block, e: &Entity) {
        let c = e.common();
        if !c.tags.is_empty() {
            r.attr("tags", tags(&c.tags));
        }
    }

    fn policy(&mut self, e: &Entity, p: &ir::aws::ManagedPolicy) {
        let id = e.common().id.as_str();
        let label = self.labels.unique(id);
        self.push(
            Docs {
                program: self.program,
            }
            .document(&label, &p.document),
        );
        self.name_comment("policy", e);
        let mut r = Block::new("resource", &["aws_iam_policy", id]);
        Self::common(&mut r, e, "name");
        r.attr("policy", data_json(&label));
        Self::tags(&mut r, e);
        self.push(r);
    }

    fn role(&mut self, e: &Entity, role: &ir::aws::Role) {
        let id = e.common().id.as_str();
        let label = self.labels.unique(&format!("{id}_trust"));
        self.push(
            Docs {
                program: self.program,
            }
            .document(&label, &role.trust),
        );
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
        Self::tags(&mut r, e);
        self.push(r);
        self.inline("role", "id", id, &role.inline);
        self.attachments("role", id, &role.attachments);
    }

    fn user(&mut self, e: &Entity, u: &ir::aws::User) {
        let id = e.common().id.as_str();
        let mut r = Block::new("resource", &["aws_iam_user", id]);
        Self::common(&mut r, e, "name");
        if let Some(b) = &u.boundary {
            r.attr("permissions_boundary", policy_arn(b));
        }
        Self::tags(&mut r, e);
        self.push(r);
        self.inline("user", "name", id, &u.inline);
        self.attachments("user", id, &u.attachments);
    }

    fn group(&mut self, e: &Entity, g: &ir::aws::Group) {
        let id = e.common().id.as_str();
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

    fn instance_profile(&mut self, e: &Entity, i: &ir::aws::InstanceProfile) {
        let id = e.common().id.as_str();
        self.name_comment("instance profile", e);
        let mut r = Block::new("resource", &["aws_iam_instance_profile", id]);
        Self::common(&mut r, e, "name");
        r.attr("role", Expr::Raw(format!("aws_iam_role.{}.name", i.role)));
        Self::tags(&mut r, e);
        self.push(r);
    }

    fn oidc_provider(&mut self, e: &Entity, o: &ir::aws::OidcProvider) {
        let id = e.common().id.as_str();
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
        Self::tags(&mut r, e);
        self.push(r);
    }

    fn saml_provider(&mut self, e: &Entity, s: &ir::aws::SamlProvider) {
        let id = e.common().id.as_str();
        // The metadata goes beside main.tf; the module reads it with `file()`.
        let file = format!("saml/{id}.xml");
        let mut r = Block::new("resource", &["aws_iam_saml_provider", id]);
        Self::common(&mut r, e, "name");
        r.attr(
            "saml_metadata_document",
            Expr::Call(
                "file".into(),
                vec![Expr::Template(vec![
                    TPart::Interp("path.module".into()),
                    TPart::Lit(format!("/{file}")),
                ])],
            ),
        );
        Self::tags(&mut r, e);
        self.push(r);
        self.files.push(OutputFile {
            path: file,
            contents: s.metadata.clone().into_bytes(),
        });
    }
}

fn trim(mut v: Vec<Structure>) -> Vec<Structure> {
    while matches!(v.last(), Some(Structure::Blank)) {
        v.pop();
    }
    v
}

/// Emit the terraform target's files.
pub fn emit(p: &Program) -> Vec<OutputFile> {
    emit_with(p, &Options::default())
}

/// Emit the terraform target's files with options (`--outputs`).
pub fn emit_with(p: &Program, opts: &Options) -> Vec<OutputFile> {
    let header = Structure::Comment("Generated by iamx; edit the .iamx sources instead.".into());
    let (files, extra) = model(p, opts);
    files
        .into_iter()
        .map(|(name, mut body)| {
            body.insert(0, Structure::Blank);
            body.insert(0, header.clone());
            OutputFile {
                path: name.into(),
                contents: print(&trim(body)).into_bytes(),
            }
        })
        .chain(extra)
        .collect()
}

/// The four files as typed HCL, before printing, and the files the module reads (SAML metadata).
type Model = (Vec<(&'static str, Vec<Structure>)>, Vec<OutputFile>);

fn model(p: &Program, opts: &Options) -> Model {
    let mut e = Emitter {
        program: p,
        files: Vec::new(),
        main: Vec::new(),
        outputs: Vec::new(),
        labels: Names::default(),
        outputs_opt: opts.outputs,
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
    let files = vec![
        ("main.tf", e.main),
        ("variables.tf", variables(p)),
        ("outputs.tf", e.outputs),
        ("versions.tf", versions()),
    ];
    (files, e.files)
}
