//! `iamx test`, permission snapshots and `iamx diff`: policy modules tested like code (spec
//! section 9, issue 12).
//!
//! Stage: after check (it reads a valid [`crate::ir::Program`]). It may use the IR, the IAM JSON
//! model of `iamjson` (the documents exactly as the json target deploys them, with this run's
//! values), the evaluator ([`crate::aws::eval`]) and the catalog; never a backend's text. Pure: the
//! CLI reads and writes the snapshot files.
//!
//! - [`world`]: every role and user as deployed, in the evaluator's model;
//! - [`run`]: the `test` blocks' expectations, each a diagnostic when it fails;
//! - [`perms`]: what each principal may do, as a reviewable text snapshot;
//! - [`diff`]: the permission difference between two versions, classified.

pub mod actions;
pub mod contain;
pub mod context;
pub mod convert;
pub mod diff;
pub mod error;
pub mod perms;
pub mod run;
pub mod why;
pub mod world;

pub use error::TestError;
pub use run::{Report, TestResult};
pub use world::World;

use crate::aws::policy_json::write::Resolver;
use crate::ir::{ParamValue, Program};
use std::collections::HashMap;

/// The values of a run, as `build --target json` takes them (`--param`, `--account`,
/// `--region`, `--partition`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values {
    pub params: HashMap<String, ParamValue>,
    pub account: Option<String>,
    pub region: Option<String>,
    /// `aws` unless given.
    pub partition: Option<String>,
}

impl Values {
    /// How the values read in a snapshot's header (params show in what they make).
    pub fn describe(&self) -> String {
        format!(
            "partition {}, account {}, region {}",
            self.partition.as_deref().unwrap_or("aws"),
            self.account.as_deref().unwrap_or("(none)"),
            self.region.as_deref().unwrap_or("(none)")
        )
    }

    /// The resolver that renders the program's documents with these values (a param not given
    /// takes its default, as in `build`).
    pub fn resolver<'p>(&self, p: &'p Program) -> Resolver<'p> {
        let mut params: HashMap<String, ParamValue> = p
            .params
            .iter()
            .filter_map(|x| x.default.clone().map(|d| (x.name.clone(), d)))
            .collect();
        params.extend(self.params.iter().map(|(k, v)| (k.clone(), v.clone())));
        Resolver {
            program: p,
            params,
            account: self.account.clone(),
            region: self.region.clone(),
            partition: self.partition.clone().unwrap_or_else(|| "aws".into()),
            placeholders: false,
            index: Default::default(),
        }
    }
}
