//! The Google Cloud part of the IR, under the name the Google Cloud room and the backends use:
//! it lives in [`crate::ir::gcp`] (so that `ir` does not name this room).

pub use crate::ir::gcp::*;
