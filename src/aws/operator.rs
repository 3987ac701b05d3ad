//! AWS: IAM's condition operators, one enum for every stage that reads them: the checker
//! chooses and validates them (`check/cond.rs`), the IR carries them typed
//! ([`crate::ir::aws::Condition`]), the lints read what they admit, the backends and the policy JSON
//! writer print [`Operator::name`], and the evaluator ([`super::eval`]) evaluates them.
//!
//! A leaf: it uses nothing of the crate, so the IR may name it without depending on the rest of
//! `aws` (which reads and writes the IR).
//!
//! May use: nothing of the crate.

/// The operator without its `ForAnyValue:`/`ForAllValues:` prefix and `IfExists` suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Base {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

impl Base {
    /// Every operator with its IAM name.
    pub const ALL: [(&'static str, Base); 27] = [
        ("StringEquals", Base::StringEquals),
        ("StringNotEquals", Base::StringNotEquals),
        ("StringEqualsIgnoreCase", Base::StringEqualsIgnoreCase),
        ("StringNotEqualsIgnoreCase", Base::StringNotEqualsIgnoreCase),
        ("StringLike", Base::StringLike),
        ("StringNotLike", Base::StringNotLike),
        ("NumericEquals", Base::NumericEquals),
        ("NumericNotEquals", Base::NumericNotEquals),
        ("NumericLessThan", Base::NumericLessThan),
        ("NumericLessThanEquals", Base::NumericLessThanEquals),
        ("NumericGreaterThan", Base::NumericGreaterThan),
        ("NumericGreaterThanEquals", Base::NumericGreaterThanEquals),
        ("DateEquals", Base::DateEquals),
        ("DateNotEquals", Base::DateNotEquals),
        ("DateLessThan", Base::DateLessThan),
        ("DateLessThanEquals", Base::DateLessThanEquals),
        ("DateGreaterThan", Base::DateGreaterThan),
        ("DateGreaterThanEquals", Base::DateGreaterThanEquals),
        ("Bool", Base::Bool),
        ("BinaryEquals", Base::BinaryEquals),
        ("IpAddress", Base::IpAddress),
        ("NotIpAddress", Base::NotIpAddress),
        ("ArnEquals", Base::ArnEquals),
        ("ArnLike", Base::ArnLike),
        ("ArnNotEquals", Base::ArnNotEquals),
        ("ArnNotLike", Base::ArnNotLike),
        ("Null", Base::Null),
    ];

    pub fn name(self) -> &'static str {
        Base::ALL
            .iter()
            .find(|(_, b)| *b == self)
            .map_or("Null", |(n, _)| n)
    }

    /// Whether the operator is a negation (true when no value matches, true on an absent key).
    pub fn negated(self) -> bool {
        matches!(
            self,
            Base::StringNotEquals
                | Base::StringNotEqualsIgnoreCase
                | Base::StringNotLike
                | Base::NumericNotEquals
                | Base::DateNotEquals
                | Base::NotIpAddress
                | Base::ArnNotEquals
                | Base::ArnNotLike
        )
    }

    /// The positive operator a negated one negates (itself when not negated).
    pub fn positive(self) -> Base {
        match self {
            Base::StringNotEquals => Base::StringEquals,
            Base::StringNotEqualsIgnoreCase => Base::StringEqualsIgnoreCase,
            Base::StringNotLike => Base::StringLike,
            Base::NumericNotEquals => Base::NumericEquals,
            Base::DateNotEquals => Base::DateEquals,
            Base::NotIpAddress => Base::IpAddress,
            Base::ArnNotEquals | Base::ArnNotLike => Base::ArnLike,
            Base::ArnEquals => Base::ArnLike,
            b => b,
        }
    }

    /// Whether policy variables are substituted in this operator's values (string and ARN
    /// operators).
    pub fn takes_variables(self) -> bool {
        matches!(
            self.positive(),
            Base::StringEquals | Base::StringEqualsIgnoreCase | Base::StringLike | Base::ArnLike
        )
    }
}

/// `ForAnyValue:` / `ForAllValues:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetOp {
    ForAnyValue,
    ForAllValues,
}

/// A full condition operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operator {
    pub set: Option<SetOp>,
    pub base: Base,
    pub if_exists: bool,
}

impl Operator {
    /// An operator without `ForAnyValue:`/`ForAllValues:` and `IfExists`.
    pub fn plain(base: Base) -> Operator {
        Operator {
            set: None,
            base,
            if_exists: false,
        }
    }

    /// An operator name as the raw form `when Name(KEY, VALUES)` takes it: IAM's exact spelling,
    /// an optional `ForAnyValue:`/`ForAllValues:` and `IfExists` (not on `Null`). `None` for any
    /// other name.
    pub fn from_name(name: &str) -> Option<Operator> {
        let (set, rest) = if let Some(r) = name.strip_prefix("ForAnyValue:") {
            (Some(SetOp::ForAnyValue), r)
        } else if let Some(r) = name.strip_prefix("ForAllValues:") {
            (Some(SetOp::ForAllValues), r)
        } else {
            (None, name)
        };
        let (rest, if_exists) = match rest.strip_suffix("IfExists") {
            Some(r) => (r, true),
            None => (rest, false),
        };
        let base = Base::ALL
            .iter()
            .find(|(n, _)| *n == rest)
            .map(|(_, b)| *b)?;
        if base == Base::Null && if_exists {
            return None;
        }
        Some(Operator {
            set,
            base,
            if_exists,
        })
    }

    /// Parse an IAM operator name as a policy document holds it (any case); `None` for an
    /// unknown one, and for `Null` with `IfExists` or a set prefix.
    pub fn parse(name: &str) -> Option<Operator> {
        let lower = name.to_ascii_lowercase();
        let (set, rest) = if let Some(r) = lower.strip_prefix("foranyvalue:") {
            (Some(SetOp::ForAnyValue), r)
        } else if let Some(r) = lower.strip_prefix("forallvalues:") {
            (Some(SetOp::ForAllValues), r)
        } else {
            (None, lower.as_str())
        };
        let (rest, if_exists) = match rest.strip_suffix("ifexists") {
            Some(r) => (r, true),
            None => (rest, false),
        };
        let base = Base::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(rest))
            .map(|(_, b)| *b)?;
        if base == Base::Null && (if_exists || set.is_some()) {
            return None;
        }
        Some(Operator {
            set,
            base,
            if_exists,
        })
    }

    /// The canonical IAM name.
    pub fn name(&self) -> String {
        let set = match self.set {
            Some(SetOp::ForAnyValue) => "ForAnyValue:",
            Some(SetOp::ForAllValues) => "ForAllValues:",
            None => "",
        };
        let ie = if self.if_exists { "IfExists" } else { "" };
        format!("{set}{}{ie}", self.base.name())
    }
}

impl std::fmt::Display for Operator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        for (name, base) in Base::ALL {
            assert_eq!(base.name(), name);
            for set in ["", "ForAnyValue:", "ForAllValues:"] {
                for ie in ["", "IfExists"] {
                    let full = format!("{set}{name}{ie}");
                    let exact = Operator::from_name(&full);
                    if base == Base::Null && !ie.is_empty() {
                        assert_eq!(exact, None, "{full}");
                        continue;
                    }
                    assert_eq!(exact.map(|o| o.name()), Some(full.clone()));
                    let any_case = Operator::parse(&full.to_ascii_lowercase());
                    if base == Base::Null && !set.is_empty() {
                        assert_eq!(any_case, None, "{full}");
                    } else {
                        assert_eq!(any_case, exact, "{full}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_raw_form_takes_the_exact_spelling_only() {
        for name in [
            "stringequals",
            "StringEquals:",
            "ForAnyvalue:StringLike",
            "NullIfExists",
            "Str",
        ] {
            assert_eq!(Operator::from_name(name), None, "{name}");
        }
        assert_eq!(
            Operator::from_name("ForAllValues:Null").map(|o| o.to_string()),
            Some("ForAllValues:Null".to_string())
        );
    }
}
