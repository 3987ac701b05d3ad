//! Trust clauses: each `trust` of a role lowered to one statement of its trust policy, with the
//! principal checked against its kind (spec section 4).

use super::Checker;
use super::error::CheckError;
use super::eval::{Env, V, Value, describe};
use crate::ast;
use crate::aws::operator::{Base, Operator};
use crate::aws::values;
use crate::ir::aws::PrincipalKind;
use crate::ir::{self, Attr, Current, Part, Text};
use crate::resolve::DeclRef;
use crate::span::Span;

const TRUST_KINDS: &[&str] = &[
    "service",
    "account",
    "role",
    "user",
    "oidc",
    "saml",
    "federated",
    "anyone",
];

impl Checker<'_> {
    /// One `trust` clause: a statement of the role's trust policy.
    pub fn lower_trust(
        &mut self,
        t: &ast::Trust,
        env: Env,
        inherited: &[crate::diag::Lint],
    ) -> Option<ir::aws::Statement> {
        let (sid, mut allow) = self.stmt_attrs(&t.attrs, true);
        allow.extend(inherited.iter().cloned());
        let kind = t.kind.name.as_str();
        if !TRUST_KINDS.contains(&kind) {
            self.err(CheckError::UnknownTrustKind {
                kind: kind.into(),
                span: t.kind.span,
                suggestion: crate::suggest::closest(kind, TRUST_KINDS.iter().copied())
                    .map(str::to_string),
            });
            return None;
        }
        let (pkind, default_action) = match kind {
            "service" => (PrincipalKind::Service, "sts:AssumeRole"),
            "account" | "role" | "user" => (PrincipalKind::Aws, "sts:AssumeRole"),
            "oidc" | "federated" => (PrincipalKind::Federated, "sts:AssumeRoleWithWebIdentity"),
            "saml" => (PrincipalKind::Federated, "sts:AssumeRoleWithSAML"),
            _ => (PrincipalKind::Anyone, "sts:AssumeRole"),
        };
        let mut values = Vec::new();
        for e in &t.principals {
            for v in self.eval(e, env).flatten() {
                let span = v.span;
                if let Some(text) = self.principal(kind, v) {
                    self.policy_text(&text, span);
                    values.push(text);
                }
            }
        }
        let actions = match &t.actions {
            Some(a) => self.lower_actions(a, env),
            None => vec![ir::aws::Action {
                name: default_action.into(),
                span: t.kind.span,
            }],
        };
        let conditions = self.lower_conds(&t.conds, env);
        if kind == "federated" {
            self.cognito_needs_aud(&values, &conditions, t.span);
        }
        Some(ir::aws::Statement {
            sid: sid.map(|s| s.0),
            effect: ir::aws::Effect::Allow,
            principal: Some(ir::aws::Principal {
                kind: pkind,
                values,
            }),
            not_action: false,
            actions,
            not_resource: false,
            resources: vec![],
            conditions,
            span: t.span,
            allow,
        })
    }

    pub(super) fn principal(&mut self, kind: &str, v: V) -> Option<Text> {
        let bad = |s: &mut Self, text: String, help: &str| {
            s.err(CheckError::BadPrincipal {
                kind: kind.into(),
                text,
                span: v.span,
                help: help.into(),
            });
            None
        };
        match (kind, &v.val) {
            (_, Value::Error) => None,
            (_, Value::ParamList(n)) => self.principal_list(kind, n, v.span),
            ("service", Value::Text(t)) => {
                let lit = t.as_lit();
                match lit {
                    Some(s)
                        if !(s.ends_with(".amazonaws.com") || s.ends_with(".amazonaws.com.cn"))
                            || s.contains(['/', ':', ' ']) =>
                    {
                        bad(
                            self,
                            s,
                            "service principals look like `ecs-tasks.amazonaws.com`",
                        )
                    }
                    _ => Some(t.clone()),
                }
            }
            ("account", Value::Text(t)) => match self.account_principal(t) {
                Ok(t) => Some(t),
                Err(help) => bad(self, t.to_source(), &help),
            },
            ("role" | "user" | "oidc" | "saml", Value::Decl(r)) => {
                self.principal_decl(kind, *r, v.span)
            }
            ("role" | "user" | "oidc" | "saml", Value::Text(t)) => {
                if let Some(e) = self.arn_error(t, v.span) {
                    self.err(e);
                    return None;
                }
                Some(t.clone())
            }
            ("federated", Value::Text(t)) => match t.as_lit() {
                Some(s) if s.contains(['/', ':', ' ']) || !s.contains('.') => bad(
                    self,
                    s,
                    "a web identity provider is a host such as `cognito-identity.amazonaws.com`",
                ),
                _ => Some(t.clone()),
            },
            (_, other) => {
                let text = match other {
                    Value::Text(t) => t.to_source(),
                    _ => describe(other),
                };
                bad(self, text, &format!("`trust {kind}` takes {}", takes(kind)))
            }
        }
    }

    /// A declaration as the principal of `trust role/user/oidc/saml`: its ARN, when it is of
    /// that kind.
    fn principal_decl(&mut self, kind: &str, r: DeclRef, span: Span) -> Option<Text> {
        let want = match kind {
            "role" => ast::ResKind::Role,
            "user" => ast::ResKind::User,
            "saml" => ast::ResKind::SamlProvider,
            _ => ast::ResKind::OidcProvider,
        };
        let decl = self.graph.decl(r);
        match &decl.kind {
            ast::DeclKind::Resource { kind: k, .. } if *k == want => Some(Text {
                parts: vec![Part::Ref {
                    kind: want,
                    id: self.graph.emit_id(r),
                    attr: Attr::Arn,
                }],
            }),
            _ => {
                self.err(CheckError::WrongKind {
                    name: decl.name.name.clone(),
                    expected: format!("a {}", want.keyword()),
                    found: super::eval::decl_kind_name(&decl.kind).into(),
                    span,
                    def: Some(decl.name.span),
                });
                None
            }
        }
    }
}

/// What `trust KIND` takes, for its help.
fn takes(kind: &str) -> &'static str {
    match kind {
        "role" => "a role declaration or a role ARN",
        "user" => "a user declaration or a user ARN",
        "oidc" => "an oidc_provider declaration or a provider ARN",
        "saml" => "a saml_provider declaration or a SAML provider ARN",
        "anyone" => "no principal",
        _ => "a string",
    }
}

impl Checker<'_> {
    /// IAM refuses a trust of Amazon Cognito identity pools (`cognito-identity.amazonaws.com`)
    /// without a condition on `cognito-identity.amazonaws.com:aud`, the identity pool id: without
    /// it, every identity pool of every account could assume the role.
    fn cognito_needs_aud(&mut self, principals: &[Text], conds: &[ir::aws::Condition], span: Span) {
        const HOST: &str = "cognito-identity.amazonaws.com";
        let cognito = principals
            .iter()
            .any(|p| p.as_lit().is_some_and(|l| l.eq_ignore_ascii_case(HOST)));
        let aud = conds.iter().any(|c| {
            c.key
                .eq_ignore_ascii_case("cognito-identity.amazonaws.com:aud")
                && !c.operator.base.negated()
                && c.operator != Operator::plain(Base::Null)
        });
        if cognito && !aud {
            self.err(CheckError::MissingTrustCondition {
                principal: HOST.into(),
                key: format!("{HOST}:aud"),
                span,
                help: format!(
                    "add `when {HOST}:aud == \"us-east-1:11111111-2222-3333-4444-555555555555\"` (the identity pool id)"
                ),
            });
        }
    }

    /// A list param as the principals of a trust clause: its values are used as they are, so
    /// they must be what the kind's principal is (ARNs for `account`, `role`, `user`, `oidc`,
    /// `saml`; strings for `service` and `federated`). An account list must hold root ARNs.
    fn principal_list(&mut self, kind: &str, name: &str, span: Span) -> Option<Text> {
        let ty = self.params.iter().find(|p| p.name == name).map(|p| p.ty);
        let fits = matches!(
            (kind, ty),
            (_, None)
                | ("service" | "federated", Some(ir::ParamType::String))
                | (
                    "account" | "role" | "user" | "oidc" | "saml",
                    Some(ir::ParamType::Arn)
                )
        );
        if !fits {
            let want = match kind {
                "service" | "federated" => "List[String]",
                _ => "List[Arn]",
            };
            self.err(CheckError::BadPrincipal {
                kind: kind.into(),
                text: format!("${{{name}}}"),
                span,
                help: if kind == "account" {
                    format!("a list param of accounts holds their root ARNs: declare `{name}` as `List[Arn]` (`arn:aws:iam::111122223333:root`)")
                } else {
                    format!("declare `{name}` as `{want}`")
                },
            });
            return None;
        }
        Some(Text {
            parts: vec![Part::Param(name.into())],
        })
    }

    /// The principal of `trust account X`: a 12-digit id, `current.account` or an `AccountId`
    /// param become the account's root ARN; an account root ARN (a literal ending in `:root`, or
    /// an `Arn` param) is used as it is. Anything else (a `String` param, a role ARN) is an error
    /// whose help says what fits.
    fn account_principal(&self, t: &Text) -> Result<Text, String> {
        const WHAT: &str = "`trust account` takes a 12-digit account id, an `AccountId` param, \
                            `current.account` or an account root ARN (`arn:aws:iam::111122223333:root`)";
        if let Some(s) = t.as_lit() {
            return if values::is_account_id(&s) {
                Ok(root_arn(Part::Lit(s)))
            } else if s.starts_with("arn:") && s.ends_with(":root") {
                Ok(t.clone())
            } else if s.starts_with("arn:") {
                Err("an account principal is the account's root ARN, ending in `:root`; for a role or user write `trust role` or `trust user`".into())
            } else {
                Err(WHAT.into())
            };
        }
        match t.parts.as_slice() {
            [p @ Part::Current(Current::Account)] => Ok(root_arn(p.clone())),
            [p @ Part::Param(name)] => {
                match self.params.iter().find(|x| &x.name == name).map(|x| x.ty) {
                    Some(ir::ParamType::AccountId) => Ok(root_arn(p.clone())),
                    Some(ir::ParamType::Arn) => Ok(t.clone()),
                    Some(ty) => Err(format!(
                        "param `{name}` is declared `{}`; declare it `AccountId` (12 digits) or `Arn` (an account root ARN)",
                        ty.name()
                    )),
                    // A param whose type was already reported as unknown.
                    None => Ok(root_arn(p.clone())),
                }
            }
            [Part::Lit(first), .., Part::Lit(last)]
                if first.starts_with("arn:") && last.ends_with(":root") =>
            {
                Ok(t.clone())
            }
            _ => Err(WHAT.into()),
        }
    }
}

fn root_arn(account: Part) -> Text {
    let mut t = Text::lit("arn:");
    t.push(Part::Current(Current::Partition));
    t.push(Part::Lit(":iam::".into()));
    t.push(account);
    t.push(Part::Lit(":root".into()));
    t
}

#[cfg(test)]
mod tests {
    use crate::backend::{BuildOptions, json};
    use crate::driver::compile_str;

    fn trust_json(src: &str, params: &[(&str, &str)]) -> serde_json::Value {
        let c = compile_str("t.iamx", src);
        assert!(!c.has_errors(), "{:?}", c.diags);
        let opts = BuildOptions {
            params: params
                .iter()
                .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
                .collect(),
            account: Some("111122223333".into()),
            ..Default::default()
        };
        let files = json::emit(c.program.as_ref().unwrap(), &opts).unwrap();
        let f = files
            .iter()
            .find(|f| f.path == "roles/r/trust.json")
            .unwrap();
        serde_json::from_slice(&f.contents).unwrap()
    }

    #[test]
    fn account_principals_follow_the_param_type() {
        let doc = trust_json(
            "param a: AccountId\nparam root: Arn\nrole r { trust account a, root, current.account when sts:ExternalId == \"x\" }",
            &[
                ("a", "444455556666"),
                ("root", "arn:aws:iam::777788889999:root"),
            ],
        );
        assert_eq!(
            doc["Statement"][0]["Principal"]["AWS"],
            serde_json::json!([
                "arn:aws:iam::444455556666:root",
                "arn:aws:iam::777788889999:root",
                "arn:aws:iam::111122223333:root"
            ])
        );
    }

    #[test]
    fn anyone_is_aws_star() {
        let doc = trust_json(
            "role r { trust anyone when aws:PrincipalOrgID == \"o-abc\" }",
            &[],
        );
        assert_eq!(
            doc["Statement"][0]["Principal"],
            serde_json::json!({"AWS": "*"})
        );
    }

    #[test]
    fn cognito_identity_pools_take_any_on_amr_with_an_aud_condition() {
        let src = r#"role r {
          trust federated "cognito-identity.amazonaws.com"
            when cognito-identity.amazonaws.com:aud == "us-east-1:11111111-2222-3333-4444-555555555555"
            when any cognito-identity.amazonaws.com:amr like "authenticated"
        }"#;
        let doc = trust_json(src, &[]);
        assert_eq!(
            doc["Statement"][0]["Condition"]["ForAnyValue:StringLike"]["cognito-identity.amazonaws.com:amr"],
            "authenticated"
        );
    }
}
