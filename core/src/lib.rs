//! # migratekit-core
//!
//! The control-plane core of a VMware → cloud migration system: which VM is
//! under management, which replication job may start, and (with the ports)
//! what a failover touched and how to undo it.
//!
//! ## Layout and flow
//!
//! Data flows one way: a surface → a service → ports.
//!
//! * [`Manager`] (`manager`, built by `open`'s builder) is the surface: one
//!   async method per operation; [`json`] exposes the same operations by name
//!   with JSON bodies, for the bindings and the shared scenario files.
//!   [`registry`] is the one list of those operations ([`registry::Op`]): it
//!   drives the JSON dispatch, the names the bindings expose and the C ABI's
//!   entry points.
//! * `services` (private) hold the rules: validation ([`validate`] is
//!   re-exported for hosts), duplicate protection, the job lifecycle, the
//!   lock rules (`services::operation`), provisioning, failover on clones,
//!   removal, reconcile, schedules. They ask [`lifecycle`] — the status table
//!   as data — for every target status, and run every step through
//!   [`joblog::JobTracker`].
//! * [`ports`] are the traits behind which the outside world sits: the store,
//!   the job log, the clock, the volume daemon, the NBD exporter, the target
//!   cloud. The store port (`ports/store/`) is split by what it holds, one
//!   trait per aggregate with its value types — [`ports::ContextStore`],
//!   [`ports::JobStore`], [`ports::LockStore`], [`ports::VolumeStore`],
//!   [`ports::FailoverStore`], [`ports::GroupStore`] — and [`ports::Store`] is
//!   all six (what services hold as `Arc<dyn Store>`).
//! * [`sqlite`] is the embedded default store and job log: it holds no rules
//!   but enforces the services' decisions atomically (unique identity, one
//!   active job and one open failover per context, compare-and-set status
//!   changes, operation locks with leases), across threads and processes.
//! * `postgres` (feature `postgres`) is the same store and job log on
//!   PostgreSQL, for several control-plane nodes on one database.
//! * [`adapters`] are the bundled real adapters: local volume files (with
//!   clones) and qemu-storage-daemon NBD exports.
//! * `testkit` (feature `testkit`) holds fakes of every port with scripted
//!   faults; crash points sit behind the `crash-points` feature only.
//! * [`cancel`] lets a blocking surface cancel a running call between steps.
//! * `uniffi_types` (feature `uniffi`) holds the custom types the uniffi
//!   surface (`bindings/uniffi`) exports the model with (timestamps, maps).
//! * [`model`] is the data and the JSON contract (requests, responses, the
//!   deterministic names in [`model::names`]); [`error`]'s [`Error`] carries
//!   a stable [`ErrorCode`] and renders the error body.
//!
//! ```no_run
//! # async fn demo() -> migratekit_core::Result<()> {
//! use migratekit_core::{Manager, model::{CreateMigrationRequest, SourceVm}};
//! let m = Manager::open("migratekit.db")?;
//! let mut req = CreateMigrationRequest::new(SourceVm::new("vm-123", "web-01"));
//! req.start_replication = Some(false);
//! let added = m.create_migration(req).await?;
//! # Ok(()) }
//! ```

pub mod adapters;
pub mod cancel;
pub mod error;
pub mod joblog;
pub mod json;
pub mod lifecycle;
mod manager;
pub mod model;
pub mod open;
pub mod ports;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod registry;
mod services;
pub mod sqlite;
#[cfg(feature = "testkit")]
pub mod testkit;
#[cfg(feature = "uniffi")]
pub mod uniffi_types;

// The model's records and enums form the uniffi component `migratekit_core`
// (feature `uniffi`); `bindings/uniffi` builds the `Manager` surface on it.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("migratekit_core");

pub use error::{Error, ErrorBody, ErrorCode, Result};
pub use manager::{
    DEFAULT_APPLIANCE_ID, DEFAULT_OPERATION_LEASE, MAX_OPERATION_LEASE, Manager, ManagerBuilder,
};
pub use model::{ReconcileReport, ReconcileRequest};
pub use services::validate;
pub use sqlite::Durability;

/// The README's Rust examples, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
