//! # migratekit-uniffi
//!
//! The uniffi surface of migratekit: one definition from which uniffi's
//! generators write typed bindings for Python, Kotlin, Swift and Ruby, and
//! uniffi-bindgen-go writes them for Go (checked in under `go/`).
//!
//! * [`Manager`] is an object with one blocking method per operation of the
//!   registry ([`migratekit_core::registry::Op`]), typed requests in, typed
//!   answers out; [`Manager::call`] runs any operation with the JSON bodies of
//!   the contract.
//! * The records and enums are the core's own model types, derived behind
//!   core's `uniffi` feature (component `migratekit_core`); only what cannot
//!   be exported as it is gets a thin mapping here (the generic page, the
//!   open options with their paths).
//! * [`MkError`] is the one error: a variant per stable code, with the typed
//!   fields of the error body and the body itself.
//! * The volume daemon, the NBD exporter and the target cloud are foreign
//!   traits ([`VolumeDaemon`], [`NbdExporter`], [`TargetCloud`]) a host
//!   implements in its own language; [`ports`] adapts them to the core's
//!   async ports. Whatever such a port does — fail, throw, panic — the
//!   operation gets an `adapter` error, never a crash.
//! * [`wire`] turns the JSON contract's bodies into typed requests and typed
//!   answers back into JSON ([`parse_request`], [`answer_json`]), for hosts
//!   that speak the contract (an HTTP API) and for the shared scenario files.

// `MkError` carries every typed field of the error body by value: it is what
// crosses to the host (uniffi lowers it field by field), so boxing it would
// only add an allocation.
#![allow(clippy::result_large_err)]

uniffi::setup_scaffolding!("migratekit_uniffi");

mod error;
mod manager;
mod options;
mod pages;
pub mod ports;
pub mod wire;

pub use error::{MkError, PortError};
pub use manager::Manager;
pub use options::OpenOptions;
pub use pages::{ContextPage, JobPage, LogJobPage};
pub use ports::{BulkProgressListener, NbdExporter, TargetCloud, VolumeDaemon};
pub use wire::{Answer, Request, answer_json, parse_request};

// The core's timestamp (a custom type of component `migratekit_core`), named
// in this component's own signatures.
use migratekit_core::uniffi_types::UtcTime;
uniffi::use_remote_type!(migratekit_core::UtcTime);

/// Every operation's wire name, in registry order; each is a method of
/// [`Manager`] (`create_migration` → `create_migration` in Python,
/// `CreateMigration` in Go).
#[uniffi::export]
pub fn operations() -> Vec<String> {
    migratekit_core::registry::Op::NAMES
        .iter()
        .map(|n| (*n).to_owned())
        .collect()
}
