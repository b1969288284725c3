//! The embedded default store and job log: one SQLite file (bundled SQLite,
//! WAL, busy timeout, foreign keys, numbered migrations).
//!
//! [`SqliteStore`] (`store`) implements the store port one aggregate per
//! file: `contexts`, `jobs`, `locks`, `volumes`, `failover`, `groups`, with
//! `ownership` for the writes that span contexts, jobs and volumes and `rows`
//! for the columns and row mappings they share. [`Database`] (`db`) is the
//! file and its connections, [`schema`] its migrations, [`SqliteJobLog`]
//! (`joblog`) the job log in the same file.

mod background;
mod contexts;
mod db;
mod failover;
mod groups;
mod joblog;
mod jobs;
mod locks;
mod ownership;
mod rows;
pub mod schema;
mod store;
mod volumes;
mod writer;

pub use db::{Database, Durability, WriteStats};
pub use joblog::SqliteJobLog;
pub use store::SqliteStore;
