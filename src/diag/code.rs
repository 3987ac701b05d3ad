//! The identity of a diagnostic: an error code or a lint, both typed (see [`super::registry`]).

use super::registry::{ErrorCode, Lint};
use serde::Serialize;
use std::fmt;

/// What a diagnostic is: an error code (`E0301`) or a lint (`wildcard_resource`, a warning
/// unless `--deny` raised it). Written as its code or name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    Error(ErrorCode),
    Lint(Lint),
}

impl Code {
    /// The code or lint name as the user sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Error(c) => c.as_str(),
            Code::Lint(l) => l.name(),
        }
    }

    /// The lint, when this is one.
    pub fn lint(self) -> Option<Lint> {
        match self {
            Code::Lint(l) => Some(l),
            Code::Error(_) => None,
        }
    }
}

impl From<ErrorCode> for Code {
    fn from(c: ErrorCode) -> Code {
        Code::Error(c)
    }
}

impl From<Lint> for Code {
    fn from(l: Lint) -> Code {
        Code::Lint(l)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Tests and tools compare a code with its written form: `d.code == "E0301"`.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}
