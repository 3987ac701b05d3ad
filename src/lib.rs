//! iamx: a compiler for cloud IAM (AWS today; Google Cloud and Azure next).
//!
//! ```text
//!               cli  (the command line: flags, checks of their values, writing outputs)
//!                │    lsp  (the language server, `iamx lsp`: the driver on open documents)
//!                │     │
//!             driver (loads modules through a Host, the only other I/O; keeps what an editor needs)
//!                │
//!   source ─► lexer ─► parser ─► ast ─► resolve ─► check ─► ir ─┬─► lints ──► diagnostics
//!   (text)    tokens   (lalrpop)        scopes,    types,       ├─► backend ─► files
//!                                       references IAM rules    │   (json, terraform,
//!                                                               │    cloudformation)
//!                                                               └─► testing ─► test results,
//!                                                                   (iamx test)   snapshots, diffs
//!   beside the pipeline, used by the stages after the AST:
//!     aws    catalog, value rules, condition operators, patterns, what a principal holds,
//!            IAM policy JSON (read and write), quotas, the evaluator, the AWS lints
//!            (`aws::lints`; `lints` is the cloud-neutral framework: levels, unused declarations)
//!     gcp, azure   their catalogs (packed), checkers and lints, beside aws
//!     cloud        what the Google Cloud and Azure checkers share (one evaluator, its errors)
//!     refgraph     which emitted resource refers to which (check's cycles, cloudformation)
//!   under everything:
//!     diag   diagnostics: typed codes and lints, one registry, human/json/sarif renderers
//!     span, suggest, stdlib
//! ```
//!
//! A stage imports only the stages before it and the rooms beside and under it; the table of
//! what each room may use is in `docs/architecture.md`, and `tests/it/docs.rs` keeps the code to
//! it. Every stage is pure: [`driver`] reads sources through a [`driver::Host`], [`cli`]
//! does the rest of the I/O, and [`lsp`] speaks JSON-RPC on standard input and output.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

// Under everything.
pub mod diag;
pub mod span;
pub mod stdlib;
pub mod suggest;

// The front end.
pub mod ast;
pub mod lexer;
pub mod parser;
pub mod resolve;

// Beside the front end: the formatter reads the lexer's tokens and the AST, nothing later.
pub mod fmt;

// Types and rules, and the model every later stage reads.
pub mod check;
pub mod ir;
pub mod refgraph;

// What iamx knows about each cloud.
pub mod aws;
pub mod azure;
pub mod cloud;
pub mod gcp;
pub mod packed;

// Over the IR.
pub mod backend;
pub mod lints;
pub mod testing;

// Running it all.
pub mod cli;
pub mod driver;
pub mod lsp;
