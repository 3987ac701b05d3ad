//! The integration tests: one test binary (`cargo test --test it`), one module per area, so
//! `cargo test` links one executable instead of one per file. Run one area with a filter on its
//! module path: `cargo test --test it lsp::`, `cargo test --test it errors::error_cases`.
//! Snapshots sit in `tests/it/snapshots/` as `it__MODULE__NAME.snap`; the data folders
//! (`tests/errors/`, `tests/lints/`, `tests/fmt/`, ...) stay beside this folder.

mod cmd;
mod common;
mod eval_support;

mod azure;
mod azure_isolation;
mod cli;
mod cloud_isolation;
mod clouds;
mod corpus;
mod diff;
mod docs;
mod errors;
mod eval_oracle;
mod eval_props;
mod evaluator;
mod examples;
mod fmt;
mod gcp;
mod gcp_isolation;
mod hostile;
mod lints;
mod lsp;
mod output;
mod stdlib;
mod targets;
mod test_command;
mod testing;
