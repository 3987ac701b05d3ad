//! Azure RBAC (`target azure`): what iamx knows about it. Today the catalog of built-in roles
//! and provider operations ([`catalog`]); the language, checks, lints and backends come with
//! issue 13's later items.
//!
//! May use: `packed`, `suggest`.

pub mod catalog;
