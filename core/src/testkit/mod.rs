//! Test doubles for hosts' own tests and for migratekit's (cargo feature
//! `testkit`).
//!
//! * [`FakeVolumes`], [`FakeExporter`], [`FakeCloud`]: every port, in memory
//!   or in a JSON file (to survive a crashed process), each with a
//!   [`Faults`] script: fail the Nth call of a method, fail every call, or
//!   delay calls.
//! * [`FaultyStore`]: wraps any store with the same script.
//! * [`FakeRig`]: a manager wired to all of them over SQLite and a manual
//!   clock — in memory, or in files a restarted process reopens.
//! * [`steps`]: the step names of every multi-step operation; [`refs`]: short
//!   names for the references operations take.
//! * `postgres` (with feature `postgres`): a PostgreSQL schema of its own
//!   per test, and whether PostgreSQL tests run.
//! * `crash` (feature `crash-points`, never in a shipped artifact): a crash
//!   point that aborts the process at a named step of a
//!   named operation (`MIGRATEKIT_CRASH_AT=test_failover:create-test-vm:after`).
//!
//! ```
//! # async fn demo() -> migratekit_core::Result<()> {
//! use migratekit_core::testkit::{FakeCloud, FakeExporter, FakeVolumes};
//! use std::sync::Arc;
//! let cloud = Arc::new(FakeCloud::new());
//! cloud.faults().fail_nth("power_on", 1); // the next power-on fails
//! let dir = tempfile::tempdir().unwrap();
//! let m = migratekit_core::Manager::builder()
//!     .sqlite(dir.path().join("t.db"))
//!     .volume_daemon(Arc::new(FakeVolumes::new()))
//!     .nbd_exporter(Arc::new(FakeExporter::new()))
//!     .target_cloud(cloud.clone())
//!     .build()?;
//! # Ok(()) }
//! ```

#[cfg(feature = "crash-points")]
pub mod crash;
mod fakes;
mod faults;
mod faulty_store;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod refs;
mod rig;
pub mod steps;

pub use fakes::{
    CLOUD_METHODS, CloudState, EXPORTER_METHODS, ExportsState, Fake, FakeCloud, FakeExporter,
    FakeVolumes, VOLUME_METHODS, VolumesState, port_methods,
};
pub use faults::Faults;
pub use faulty_store::FaultyStore;
pub use rig::FakeRig;
