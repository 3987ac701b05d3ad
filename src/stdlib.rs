//! The standard modules (`use std.aws.NAME`), written in iamx and embedded in the binary.
//!
//! May use: nothing of the crate.

static MODULES: &[(&str, &str)] = &[
    ("std.aws.arn", include_str!("../stdlib/aws/arn.iamx")),
    ("std.aws.ecs", include_str!("../stdlib/aws/ecs.iamx")),
    ("std.github", include_str!("../stdlib/github.iamx")),
];

/// The source of a standard module by its dotted name.
pub fn source(name: &str) -> Option<&'static str> {
    MODULES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

pub fn names() -> Vec<&'static str> {
    MODULES.iter().map(|(n, _)| *n).collect()
}
