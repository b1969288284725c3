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
//! * [`Manager`] (`manager`) is the surface: one async method per operation;
//!   [`json`] exposes the same operations by name with JSON bodies, for the
//!   bindings and the shared scenario files.
//! * `services` hold the rules: validation, duplicate protection, the job
//!   lifecycle. They ask [`lifecycle`] — the status table as data — before
//!   every status change, and run every step through
//!   [`joblog::JobTracker::run_step`].
//! * [`ports`] are the traits behind which the outside world sits: [`ports::Store`],
//!   [`ports::JobLog`], [`ports::Clock`]. The store port (`ports/store/`) is
//!   split by what it holds, one trait per aggregate with its value types —
//!   [`ports::ContextStore`], [`ports::JobStore`], [`ports::LockStore`],
//!   [`ports::VolumeStore`], [`ports::FailoverStore`], [`ports::GroupStore`] —
//!   and [`ports::Store`] is all six (what services hold as `Arc<dyn Store>`).
//! * [`sqlite`] is the embedded default store and job log: it holds no rules
//!   but enforces the services' decisions atomically (unique identity, one
//!   active job per context, compare-and-set status changes), across threads
//!   and processes. [`sqlite::SqliteStore`] implements each store trait in its
//!   own file (`contexts`, `jobs`, `locks`, `volumes`, `failover`, `groups`;
//!   `ownership` for writes spanning them, `rows` for shared row mappings).
//! * [`model`] is the data and the JSON contract; [`Error`] carries a stable
//!   [`ErrorCode`] and renders the error body.
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
pub mod error;
pub mod joblog;
pub mod json;
pub mod lifecycle;
mod manager;
pub mod model;
pub mod open;
pub mod ports;
pub mod services;
pub mod sqlite;
#[cfg(feature = "testkit")]
pub mod testkit;

pub use error::{Error, ErrorBody, ErrorCode, Result};
pub use manager::{DEFAULT_APPLIANCE_ID, DEFAULT_OPERATION_LEASE, Manager, ManagerBuilder};
pub use services::reconcile::{ReconcileReport, ReconcileRequest};

/// The README's Rust examples, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
