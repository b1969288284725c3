//! The PostgreSQL store and job log (cargo feature `postgres`): the same
//! store ports as [`crate::sqlite`], so several control-plane nodes share
//! one state, active-active.
//!
//! [`PostgresStore`] (`store`) implements the store port one aggregate per
//! file: `contexts`, `jobs`, `locks`, `volumes`, `failover`, `groups`, with
//! `ownership` for the writes that span contexts, jobs and volumes and `rows`
//! for the columns and row mappings they share. [`Database`] (`db`) is the
//! pool of connections and its transactions, `connection` the connections
//! themselves (on a runtime thread of their own) and the session
//! handle a transaction runs on, `error` the adapter's error and what it
//! tells a user to fix, [`schema`] the migrations,
//! [`PostgresJobLog`] (`joblog`) the job log in the same database.
//!
//! Every invariant the SQLite store keeps in SQL is kept here in SQL too, so
//! it holds whatever the nodes do at once: the unique VM identity, one
//! active job and one open failover per context (partial unique indexes),
//! compare-and-set status changes, operation locks as owner + lease,
//! schedule executions unique per (schedule, group, cron time).

mod connection;
mod contexts;
mod db;
mod error;
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

pub use db::Database;
pub use joblog::PostgresJobLog;
pub use store::PostgresStore;
