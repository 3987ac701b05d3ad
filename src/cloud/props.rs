//! A declaration's properties (`name = value` items of its body), each once and each one the
//! declaration knows, read through the evaluator.

use super::{CommonError, Env, Evaluator, Val};
use crate::ast::{self, Item};
use crate::ir::Text;
use std::collections::HashMap;

/// A declaration's properties by name, each once (a second is an error).
pub struct Props<'a> {
    map: HashMap<&'a str, (&'a ast::Ident, &'a ast::Expr)>,
}

impl<'a> Props<'a> {
    pub fn get(&self, name: &str) -> Option<&'a ast::Expr> {
        self.map.get(name).map(|(_, e)| *e)
    }
}

/// Reading properties, for every cloud's checker.
pub trait PropReader<'g>: Evaluator<'g> {
    /// The properties of `body`: an unknown or repeated one is reported and left out.
    fn props<'a>(
        &mut self,
        kind: &'static str,
        body: &'a [Item],
        allowed: &'static [&'static str],
    ) -> Props<'a> {
        let mut map: HashMap<&'a str, (&'a ast::Ident, &'a ast::Expr)> = HashMap::new();
        for item in body {
            let Item::Prop { key, value } = item else {
                continue;
            };
            if !allowed.contains(&key.name.as_str()) {
                self.report(CommonError::UnknownProperty {
                    kind,
                    name: key.name.clone(),
                    span: key.span,
                    allowed,
                });
            } else if let Some((first, _)) = map.get(key.name.as_str()) {
                self.report(CommonError::DuplicateProperty {
                    name: key.name.clone(),
                    span: key.span,
                    first: first.span,
                });
            } else {
                map.insert(key.name.as_str(), (key, value));
            }
        }
        Props { map }
    }

    /// A property that must be a string: its text.
    fn text_prop(
        &mut self,
        props: &Props<'_>,
        name: &str,
        env: Env<'_, Self::Val>,
    ) -> Option<Text> {
        let e = props.get(name)?;
        match self.eval(e, env) {
            Val::Text(t) => Some(t),
            Val::Error => None,
            other => {
                self.wrong("a string", other.describe(), e.span());
                None
            }
        }
    }
}

impl<'g, T: Evaluator<'g>> PropReader<'g> for T {}
