//! iamx: a compiler for AWS IAM roles, trust relationships and policies.
//!
//! Pipeline: [`lexer`] → [`parser`] → [`ast`] → [`resolve`] → [`check`] (types and IAM rules) →
//! [`ir`] → [`lints`] → [`backend`]. Every stage is pure; the CLI does the I/O.

pub mod ast;
pub mod lexer;
pub mod parser;
pub mod span;
