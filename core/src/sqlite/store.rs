//! The SQLite store. Every rule the services decide is enforced here in one
//! IMMEDIATE transaction: the unique identity index, the one-active-job
//! partial index, and `WHERE current_status = ?expected` compare-and-set.
//!
//! One file per aggregate implements its trait of the store port:
//! `contexts` ([`ContextStore`](crate::ports::ContextStore)), `jobs`
//! ([`JobStore`](crate::ports::JobStore)), `locks`
//! ([`LockStore`](crate::ports::LockStore)), `volumes`
//! ([`VolumeStore`](crate::ports::VolumeStore)), `failover`
//! ([`FailoverStore`](crate::ports::FailoverStore)) and `groups`
//! ([`GroupStore`](crate::ports::GroupStore)); `ownership` holds the writes
//! that span contexts, jobs and volumes (the last step of a job deletion, the
//! hand-over of volumes, orphan sightings), `rows` the columns and row
//! mappings they share.

use super::db::{Database, DbError};

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pub(super) db: Database,
}

impl SqliteStore {
    /// A store in `db`.
    pub fn new(db: Database) -> Self {
        SqliteStore { db }
    }
}

/// Maps a rolled-back compare-and-set to the port's `Conflict` outcome.
pub(super) fn or_conflict<T, R>(
    result: Result<T, DbError>,
    ok: impl FnOnce(T) -> R,
    conflict: R,
) -> Result<R, DbError> {
    match result {
        Ok(v) => Ok(ok(v)),
        Err(DbError::Conflict) => Ok(conflict),
        Err(e) => Err(e),
    }
}
