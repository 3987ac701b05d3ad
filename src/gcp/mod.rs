//! Google Cloud IAM (`target gcp`): what iamx knows about it, behind one boundary beside
//! `aws`. The catalog of predefined roles and permissions ([`catalog`]), the scope kinds a
//! grant names ([`scopes`], data), value rules ([`values`]), the checker that lowers `target
//! gcp` modules ([`check`]) and their IR ([`ir`]). The backends write the IR in
//! `backend::gcp`.
//!
//! May use: `packed`, `suggest`; `check` and `ir` also `ast`, `cloud` (the neutral room shared
//! with the other non-AWS cloud), `diag`, `ir` (its `Text`),
//! `resolve` and `span`.

pub mod catalog;
pub mod cel;
pub mod check;
pub mod ir;
pub mod lints;
pub mod scopes;
pub mod values;
