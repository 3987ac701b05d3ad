//! The Azure part of the IR, under the name the Azure room and the backends use: it lives in
//! [`crate::ir::azure`] (so that `ir` does not name this room).

pub use crate::ir::azure::*;
