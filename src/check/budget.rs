//! Part of stage 4: the bounds of evaluation. Every value carries its size in units; values
//! over [`MAX_VALUE`] and template includes over [`MAX_STATEMENTS`] are refused, and the whole
//! evaluation draws on a budget, so no source can make the checker run long or exhaust memory.
//! Calls are memoised by [`fingerprint_vars`]. Uses only the checker's values and the IR.

use super::Checker;
use super::error::CheckError;
use super::eval::{V, Value};
use crate::ir::{self, Part};
use crate::span::Span;

/// The largest value one expression may build, in units (see [`units`]): about a million list
/// items or 16 MB of text, orders of magnitude above any IAM document.
pub const MAX_VALUE: usize = 1_000_000;

/// Units of values and statements one compilation may build in all, plus one per byte of
/// source. Every evaluated value and every lowered statement is charged, so time and memory stay
/// bounded whatever the source: doubling chains of lets, fns or templates stop with a
/// diagnostic instead of running for minutes. A generated module of 10,000 roles (6 MB) spends
/// under a million (docs/security.md).
pub const BUDGET: usize = 10_000_000;

/// The size of a value: one unit per node, list item and text part, plus one per 16 bytes of
/// text. Children carry their own size, so this is linear in the number of direct children.
pub fn units(val: &Value) -> usize {
    let text = |s: &str| s.len() / 16;
    match val {
        Value::Text(t) => t.parts.iter().fold(1, |n, p| {
            n.saturating_add(1 + if let Part::Lit(s) = p { text(s) } else { 0 })
        }),
        Value::List(items) => items.iter().fold(1, |n, i| n.saturating_add(i.size)),
        Value::Map(entries) => entries.iter().fold(1, |n, (k, v)| {
            n.saturating_add(1 + text(k)).saturating_add(v.size)
        }),
        Value::Action(a) | Value::Managed(a) => 1 + text(a),
        _ => 1,
    }
}

/// The most statements one template include may produce (a policy document of IAM's largest
/// size holds a few hundred).
pub const MAX_STATEMENTS: usize = 10_000;

/// The units of a lowered statement, charged to the budget like values; a statement takes
/// about as much memory as a list of sixteen strings.
pub fn statement_units(s: &ir::aws::Statement) -> usize {
    16 + 4 * (s.actions.len() + s.resources.len() + s.conditions.len())
}

/// A text that is equal for equal values, whatever their spans: the memo key of calls.
pub fn fingerprint(v: &Value, out: &mut String) {
    use std::fmt::Write;
    match v {
        Value::List(items) => {
            out.push('[');
            for i in items.iter() {
                fingerprint(&i.val, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (k, v) in entries.iter() {
                let _ = write!(out, "{k:?}:");
                fingerprint(&v.val, out);
                out.push(',');
            }
            out.push('}');
        }
        other => {
            let _ = write!(out, "{other:?}");
        }
    }
}

/// The memo key of bound arguments.
pub fn fingerprint_vars(vars: &[(String, V)]) -> String {
    let mut out = String::new();
    for (_, v) in vars {
        fingerprint(&v.val, &mut out);
        out.push(';');
    }
    out
}

impl Checker<'_> {
    /// Whether the budget is spent (evaluation then builds nothing more).
    pub fn exhausted(&self) -> bool {
        self.spent > self.budget()
    }

    pub fn budget(&self) -> usize {
        BUDGET.saturating_add(self.graph.source_bytes)
    }

    /// Charge `units` to the budget; `false` (after one diagnostic) once it is spent.
    pub fn spend(&mut self, units: usize, span: Span) -> bool {
        if self.exhausted() {
            return false;
        }
        self.spent = self.spent.saturating_add(units);
        if self.exhausted() {
            self.err(CheckError::BudgetExhausted {
                limit: self.budget(),
                span,
            });
            return false;
        }
        true
    }

    /// Report a value over its limit: once, since a doubling chain that is cut short starts
    /// doubling again from the error value.
    pub fn too_large(&mut self, size: usize, limit: usize, span: Span) {
        if !self.reported_too_large {
            self.reported_too_large = true;
            self.err(CheckError::ValueTooLarge { size, limit, span });
        }
    }
}
