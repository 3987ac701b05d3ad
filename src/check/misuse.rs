//! E0414: a construct used in a way it does not support. One variant per way, with the data
//! the message and the help are made of.

/// How a construct was misused.
#[derive(Clone, Debug, PartialEq)]
pub enum Misuse {
    /// A template called like a fn.
    TemplateAsFn { name: String },
    /// `aws_managed(...)` without one string literal.
    AwsManagedArgs,
    /// A condition key built from values that does not name an identity provider's claim.
    NotIssuerKey { name: String },
    /// A condition with an empty list of values.
    EmptyCondition,
    /// An imported module used as a value.
    ModuleAsValue { name: String },
    /// A fn or template used as a value.
    CallableAsValue { name: String, is_fn: bool },
    /// A `saml_provider`'s `metadata` that is not a string literal.
    MetadataNotLiteral,
    /// `List`/`Map` with other than one type argument.
    TypeArgs { name: String },
    /// `@boundary` with arguments.
    BoundaryArgs,
    /// A policy declared `@boundary` that is attached.
    BoundaryAttached { name: String },
    /// `@sid` without one string literal.
    SidArgs,
    /// `@allow(NAME)` with a name that is no lint.
    UnknownLint {
        name: String,
        suggestion: Option<String>,
    },
    /// `@allow(..., NAME = ...)` with another argument than `reason`.
    AllowNamedArg { name: String },
    /// `@allow(...)` with something else than lint names.
    AllowArgs,
    /// A statement with an empty list of actions.
    NoActions,
    /// `on []`.
    NoResources,
    /// A `path` that is not known at compile time.
    PathNotLiteral,
    /// A fn used with `include` or `inline`.
    FnAsTemplate { name: String },
    /// `List` param with other than one element type.
    ListParamType,
    /// A list param whose default is not a list.
    ListParamDefault,
    /// A param default that is not a literal.
    ParamDefaultNotLiteral,
    /// A test names a declaration the build does not emit.
    NotBuilt { name: String },
    /// `assumable by anyone` with a principal.
    AnyoneWithPrincipal,
    /// `assumable by KIND` without a principal.
    NoPrincipal { kind: String },
    /// A list in a request context for a key that takes one value.
    OneValue { key: String },
}

impl Misuse {
    /// The diagnostic's one-line message.
    pub fn message(&self) -> String {
        use Misuse as M;
        match self {
            M::TemplateAsFn { name } => format!("`{name}` is a template, not a fn"),
            M::AwsManagedArgs => "`aws_managed` takes one string literal".into(),
            M::NotIssuerKey { name } => {
                format!("`{name}` is not a condition key of an identity provider")
            }
            M::EmptyCondition => "this condition names no value".into(),
            M::ModuleAsValue { name } => format!("`{name}` is a module, not a value"),
            M::CallableAsValue { name, is_fn } => {
                let what = if *is_fn { "fn" } else { "template" };
                format!("`{name}` is a {what}, not a value")
            }
            M::MetadataNotLiteral => "the metadata path must be a string literal".into(),
            M::TypeArgs { name } => format!("`{name}` takes one type argument"),
            M::BoundaryArgs => {
                "`@boundary` marks a policy meant only as a permissions boundary".into()
            }
            M::BoundaryAttached { name } => {
                format!("`{name}` is declared `@boundary`: it is not meant to be attached")
            }
            M::SidArgs => "`@sid` takes one string literal".into(),
            M::UnknownLint { name, .. } => format!("unknown lint `{name}`"),
            M::AllowNamedArg { name } => format!("`@allow` has no argument `{name}`"),
            M::AllowArgs => "`@allow` takes lint names".into(),
            M::NoActions => "this statement names no action".into(),
            M::NoResources => "`on` names no resource".into(),
            M::PathNotLiteral => "a path must be known at compile time".into(),
            M::FnAsTemplate { name } => format!("`{name}` is a fn, not a template"),
            M::ListParamType => "a list param takes one element type".into(),
            M::ListParamDefault => "a list param's default is a list".into(),
            M::ParamDefaultNotLiteral => "a param default must be a literal".into(),
            M::NotBuilt { name } => format!("`{name}` is not part of this build"),
            M::AnyoneWithPrincipal => "`assumable by anyone` takes no principal".into(),
            M::NoPrincipal { kind } => format!("`assumable by {kind}` names no principal"),
            M::OneValue { key } => format!("`{key}` takes one value"),
        }
    }

    /// What a "did you mean" in the help proposes (the replacement of the primary span).
    pub fn suggestion(&self) -> Option<String> {
        match self {
            Misuse::UnknownLint { suggestion, .. } => suggestion.clone(),
            _ => None,
        }
    }

    /// The diagnostic's help line.
    pub fn help(&self) -> String {
        use Misuse as M;
        match self {
            M::TemplateAsFn { name } | M::CallableAsValue { name, is_fn: false } => {
                format!("use it with `inline {name}(...)` or `include {name}(...)`")
            }
            M::CallableAsValue { name, is_fn: true } => format!("call it: `{name}(...)`"),
            M::AwsManagedArgs => "write `aws_managed(\"ReadOnlyAccess\")`".into(),
            M::NotIssuerKey { .. } => "a key built from values names an OIDC issuer and a claim: `\"${issuer}:sub\"`, from params, `current.*` or an oidc_provider's `.issuer`".into(),
            M::EmptyCondition => "an empty list matches nothing and IAM rejects it; name at least one value, or drop the condition".into(),
            M::ModuleAsValue { name } => format!("name something inside it: `{name}.NAME`"),
            M::MetadataNotLiteral => "write the file's path relative to this module: `metadata = \"./okta-metadata.xml\"`".into(),
            M::TypeArgs { name } => format!("write `{name}[String]`"),
            M::BoundaryArgs => "write `@boundary` without arguments before a `policy`".into(),
            M::BoundaryAttached { name } => format!(
                "use it as `boundary = {name}`, or drop `@boundary` if it is meant to grant"
            ),
            M::SidArgs => "write `@sid(\"ReadInput\")`".into(),
            M::UnknownLint { suggestion, .. } => match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "`iamx explain` lists the lints".into(),
            },
            M::AllowNamedArg { .. } => "write `@allow(LINT, reason = \"why\")`".into(),
            M::AllowArgs => "write `@allow(wildcard_resource, reason = \"why\")`".into(),
            M::NoActions => "an empty list of actions grants nothing".into(),
            M::NoResources => {
                "an empty list grants nothing; name at least one ARN, or `*`".into()
            }
            M::PathNotLiteral => "write a string literal such as \"/batch/\"".into(),
            M::FnAsTemplate { .. } => "`include` and `inline` take a template".into(),
            M::ListParamType => "write `List[String]`, `List[Cidr]`, `List[Arn]`, ...".into(),
            M::ListParamDefault => "write `[\"10.0.0.0/8\", \"192.168.0.0/16\"]`".into(),
            M::ParamDefaultNotLiteral => "write a string, number, boolean or duration".into(),
            M::NotBuilt { .. } => "a test names what the files on the command line deploy; declarations of an imported module are built only where something uses them".into(),
            M::AnyoneWithPrincipal => "write `assumable by anyone` alone".into(),
            M::NoPrincipal { kind } => format!("name who assumes: `assumable by {kind} ...`"),
            M::OneValue { .. } => "a request carries a list only for a multi-valued key (`aws:TagKeys`); give one value".into(),
        }
    }
}
