//! Params (stage 4): the inputs of the program, typed (`String`, `AccountId`, ... or `List[T]`
//! of one of them), with literal defaults checked against the type. Values given on the command
//! line are checked with [`param_value_error`] by the json target.

use super::Checker;
use super::error::CheckError;
use super::misuse::Misuse;
use crate::ast::{self, DeclKind};
use crate::aws::values;
use crate::ir::{self, ParamType, ParamValue};
use crate::span::Span;

impl Checker<'_> {
    pub(super) fn register_params(&mut self) {
        let graph = self.graph;
        for m in &graph.modules {
            for d in &m.ast.decls {
                let DeclKind::Param { ty, default } = &d.kind else {
                    continue;
                };
                let Some((pty, list)) = self.param_type(ty) else {
                    continue;
                };
                if let Some(first) = self.params.iter().find(|p| p.name == d.name.name) {
                    self.err(CheckError::DuplicateName {
                        what: "param".into(),
                        name: d.name.name.clone(),
                        span: d.name.span,
                        first: first.span,
                    });
                    continue;
                }
                let mut param = ir::Param {
                    name: d.name.name.clone(),
                    ty: pty,
                    list,
                    default: None,
                    description: d.doc.as_ref().map(|d| d.node.clone()),
                    span: d.name.span,
                };
                param.default = default.as_ref().and_then(|e| self.param_default(&param, e));
                self.params.push(param);
            }
        }
    }

    /// `String`, ..., or `List[T]` of one of them: (element type, is a list).
    fn param_type(&mut self, ty: &ast::TypeExpr) -> Option<(ParamType, bool)> {
        let (inner, list) = match (ty.name.name.as_str(), ty.args.as_slice()) {
            ("List", [inner]) if inner.args.is_empty() => (inner, true),
            ("List", _) => {
                self.err(CheckError::Misuse {
                    misuse: Misuse::ListParamType,
                    span: ty.span,
                });
                return None;
            }
            _ => (ty, false),
        };
        match ParamType::from_name(&inner.name.name) {
            Some(t) if inner.args.is_empty() => Some((t, list)),
            _ => {
                let names = ParamType::ALL.iter().map(|t| t.name()).chain(["List"]);
                self.err(CheckError::UnknownType {
                    name: inner.name.name.clone(),
                    span: inner.name.span,
                    suggestion: crate::suggest::closest(&inner.name.name, names)
                        .map(str::to_string),
                });
                None
            }
        }
    }

    /// A default: a literal of the param's type, or a list of them for a list param.
    fn param_default(&mut self, param: &ir::Param, e: &ast::Expr) -> Option<ParamValue> {
        let literal = |e: &ast::Expr| match e {
            ast::Expr::Str(s) => s.as_plain(),
            ast::Expr::Int(n, _) => Some(n.to_string()),
            ast::Expr::Bool(b, _) => Some(b.to_string()),
            ast::Expr::Duration(s, _) => Some(s.to_string()),
            _ => None,
        };
        let items: Vec<&ast::Expr> = match (param.list, e) {
            (true, ast::Expr::List(items, _)) => items.iter().collect(),
            (false, e) => vec![e],
            (true, e) => {
                self.err(CheckError::Misuse {
                    misuse: Misuse::ListParamDefault,
                    span: e.span(),
                });
                return None;
            }
        };
        let mut out = Vec::new();
        for item in items {
            let Some(lit) = literal(item) else {
                self.err(CheckError::Misuse {
                    misuse: Misuse::ParamDefaultNotLiteral,
                    span: item.span(),
                });
                return None;
            };
            if let Some(err) = param_value_error(param, &lit, item.span()) {
                self.err(err);
            }
            out.push(lit);
        }
        Some(if param.list {
            ParamValue::List(out)
        } else {
            ParamValue::One(out.into_iter().next().unwrap_or_default())
        })
    }
}

/// Check one param value (a default, a `--param` value, one element of a list) against the
/// param's (element) type.
pub fn param_value_error(p: &ir::Param, value: &str, span: Span) -> Option<CheckError> {
    let ok = values::param_value_ok(p.ty, value);
    let declared = if p.list {
        format!("List[{}]", p.ty.name())
    } else {
        p.ty.name().to_string()
    };
    (!ok).then(|| CheckError::TypeMismatch {
        expected: format!("a value of type {}", p.ty.name()),
        found: format!("`{value}`"),
        span,
        help: Some(format!("param `{}` is declared `{declared}`", p.name)),
    })
}
