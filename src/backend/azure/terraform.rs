//! `--target terraform` for `target azure` modules: `main.tf` (user-assigned identities, role
//! definitions, one role assignment per grant and principal with `principal_type` always set,
//! one federated identity credential per trusted subject, each after the identity's previous one
//! with `depends_on`), `variables.tf` (params), `outputs.tf` and `versions.tf` (the
//! hashicorp/azurerm range the arguments were checked against).

use super::scope_id;
use crate::azure::ir::{
    Credential, Entity, Grant, Identity, Principal, PrincipalType, Program as AzureProgram,
    RoleDefinition, RoleRef, Scope, ScopeTarget,
};
use crate::backend::cloud::{Provider, module, terraform_files};
use crate::backend::hcl::{Block, Expr, Structure};
use crate::backend::terraform::text;
use crate::backend::{Files, Outputs};
use crate::ir::Program;

#[cfg(test)]
mod schema_tests;

/// The hashicorp/azurerm versions every emitted argument was checked against: the provider
/// schema table of 4.55.0 (scripts/schema/out/azurerm-4.55.0.tsv), the newest azurerm the
/// prebuilt CDK for Terraform package carries. Federated credentials name their identity with
/// `parent_id` and `resource_group_name`, which every 4.x takes (4.65 adds
/// `user_assigned_identity_id` and deprecates them; 5.0 removes them).
pub const AZURERM_PROVIDER_RANGE: &str = ">= 4.55, < 5.0";

/// The provider of the emitted module's `versions.tf`.
const AZURERM: Provider = Provider {
    name: "azurerm",
    source: "hashicorp/azurerm",
    range: AZURERM_PROVIDER_RANGE,
};

struct Emitter {
    main: Vec<Structure>,
    outputs: Vec<Structure>,
    outputs_opt: Outputs,
}

/// The four files as typed HCL, before printing.
pub(super) fn model(
    p: &Program,
    a: &AzureProgram,
    outputs: Outputs,
) -> Vec<(&'static str, Vec<Structure>)> {
    let mut e = Emitter {
        main: Vec::new(),
        outputs: Vec::new(),
        outputs_opt: outputs,
    };
    for ent in &a.entities {
        match ent {
            Entity::Identity(i) => e.identity(i),
            Entity::RoleDefinition(r) => e.role_definition(r),
            Entity::Grant(g) => e.grant(g),
            Entity::Credential(c) => e.credential(c),
        }
    }
    module(p, &AZURERM, e.main, e.outputs)
}

/// The files of the terraform target for an Azure program.
pub fn emit(p: &Program, a: &AzureProgram, outputs: Outputs) -> Files {
    terraform_files(model(p, a, outputs))
}

fn identity_ref(id: &str, attr: &str) -> Expr {
    Expr::Raw(format!("azurerm_user_assigned_identity.{id}.{attr}"))
}

fn scope_expr(s: &Scope) -> Expr {
    match (&s.target, scope_id(s)) {
        (ScopeTarget::Identity(id), _) => identity_ref(id, "id"),
        (_, Some(t)) => text(&t),
        (_, None) => Expr::str("/"),
    }
}

fn strings(items: &[String]) -> Expr {
    Expr::List(items.iter().map(|s| Expr::str(s.clone())).collect())
}

impl Emitter {
    fn push(&mut self, b: Block) {
        self.main.push(Structure::Block(b));
        self.main.push(Structure::Blank);
    }

    fn output(&mut self, name: String, value: String, description: String) {
        if self.outputs_opt == Outputs::None {
            return;
        }
        let mut b = Block::new("output", &[&name]);
        b.attr("description", Expr::str(description))
            .attr("value", Expr::Raw(value));
        self.outputs.push(Structure::Block(b));
        self.outputs.push(Structure::Blank);
    }

    fn identity(&mut self, i: &Identity) {
        let mut b = Block::new("resource", &["azurerm_user_assigned_identity", &i.id]);
        b.attr("name", text(&i.name))
            .attr("resource_group_name", text(&i.resource_group))
            .attr("location", text(&i.location));
        self.push(b);
        self.output(
            format!("{}_client_id", i.id),
            format!("azurerm_user_assigned_identity.{}.client_id", i.id),
            format!("Client id of managed identity {} (for azure/login)", i.id),
        );
        self.output(
            format!("{}_principal_id", i.id),
            format!("azurerm_user_assigned_identity.{}.principal_id", i.id),
            format!("Object id of managed identity {}", i.id),
        );
    }

    fn role_definition(&mut self, r: &RoleDefinition) {
        let mut b = Block::new("resource", &["azurerm_role_definition", &r.id]);
        b.attr("name", text(&r.name));
        let first = r.assignable_scopes.first();
        b.attr("scope", first.map_or_else(|| Expr::str("/"), scope_expr));
        if let Some(d) = &r.description {
            b.attr("description", text(d));
        }
        let mut perms = Block::new("permissions", &[]);
        for (name, list) in [
            ("actions", &r.actions),
            ("not_actions", &r.not_actions),
            ("data_actions", &r.data_actions),
            ("not_data_actions", &r.not_data_actions),
        ] {
            if !list.is_empty() {
                perms.attr(name, strings(list));
            }
        }
        b.block(perms);
        b.attr(
            "assignable_scopes",
            Expr::List(r.assignable_scopes.iter().map(scope_expr).collect()),
        );
        self.push(b);
        if self.outputs_opt == Outputs::All {
            self.output(
                format!("{}_role_definition_resource_id", r.id),
                format!(
                    "azurerm_role_definition.{}.role_definition_resource_id",
                    r.id
                ),
                format!("Resource id of role definition {}", r.id),
            );
        }
    }

    fn grant(&mut self, g: &Grant) {
        let mut b = Block::new("resource", &["azurerm_role_assignment", &g.id]);
        b.attr("scope", scope_expr(&g.scope));
        match &g.role {
            RoleRef::Builtin { name, .. } => {
                b.attr("role_definition_name", Expr::str(name.clone()));
            }
            RoleRef::Custom(id) => {
                b.attr(
                    "role_definition_id",
                    Expr::Raw(format!(
                        "azurerm_role_definition.{id}.role_definition_resource_id"
                    )),
                );
            }
        }
        let (principal, kind) = match &g.principal {
            Principal::Identity(id) => (
                identity_ref(id, "principal_id"),
                PrincipalType::ServicePrincipal,
            ),
            Principal::Object { id, kind } => (text(id), *kind),
        };
        b.attr("principal_id", principal)
            .attr("principal_type", Expr::str(kind.as_str()));
        if let Some(c) = &g.condition {
            b.attr("condition", text(c))
                .attr("condition_version", Expr::str("2.0"));
        }
        self.push(b);
    }

    fn credential(&mut self, c: &Credential) {
        let mut b = Block::new(
            "resource",
            &["azurerm_federated_identity_credential", &c.id],
        );
        b.attr("name", Expr::str(c.name.clone()))
            .attr(
                "resource_group_name",
                identity_ref(&c.identity, "resource_group_name"),
            )
            .attr("parent_id", identity_ref(&c.identity, "id"))
            .attr("issuer", Expr::str(c.issuer.clone()))
            .attr("audience", Expr::List(vec![Expr::str(c.audience.clone())]))
            .attr("subject", text(&c.subject));
        if let Some(prev) = &c.after {
            b.attr(
                "depends_on",
                Expr::List(vec![Expr::Raw(format!(
                    "azurerm_federated_identity_credential.{prev}"
                ))]),
            );
        }
        self.push(b);
    }
}
