//! Google Cloud IAM (`target gcp`): what iamx knows about it. Today the catalog of predefined
//! roles and permissions ([`catalog`]); the language, checks, lints and backends come with
//! issue 13's later items.
//!
//! May use: `packed`, `suggest`.

pub mod catalog;
