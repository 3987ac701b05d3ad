//! iamx: a compiler for AWS IAM roles, trust relationships and policies.
//!
//! Pipeline: [`lexer`] → [`parser`] → [`ast`] → [`resolve`] → [`check`] (types and IAM rules) →
//! [`ir`] → [`lints`] → [`backend`]. Every stage is pure; [`driver`] reads sources through a
//! `Host` and [`cli`] does the rest of the I/O.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod ast;
pub mod aws;
pub mod azure;
pub mod backend;
pub mod check;
pub mod cli;
pub mod diag;
pub mod driver;
pub mod gcp;
pub mod ir;
pub mod lexer;
pub mod lints;
pub mod packed;
pub mod parser;
pub mod refgraph;
pub mod resolve;
pub mod span;
pub mod stdlib;
pub mod suggest;
