//! The PostgreSQL store. Every rule the services decide is enforced here in
//! SQL, so it holds across the nodes sharing the database: the unique
//! identity index, the one-active-job and one-open-failover partial indexes,
//! `WHERE current_status = $expected` compare-and-set, operation locks as
//! owner + lease columns changed only by their owner or after the lease, and
//! schedule executions unique per schedule, group and cron time.
//!
//! One file per aggregate implements its trait of the store port:
//! `contexts` ([`ContextStore`](crate::ports::ContextStore)), `jobs`
//! ([`JobStore`](crate::ports::JobStore)), `locks`
//! ([`LockStore`](crate::ports::LockStore)), `volumes`
//! ([`VolumeStore`](crate::ports::VolumeStore)), `failover`
//! ([`FailoverStore`](crate::ports::FailoverStore)) and `groups`
//! ([`GroupStore`](crate::ports::GroupStore)); `ownership` holds the writes
//! that span contexts, jobs and volumes, `rows` the columns and row mappings
//! they share.

use super::db::Database;
use super::error::PgError;

/// The PostgreSQL store.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pub(super) db: Database,
}

impl PostgresStore {
    /// A store in `db`.
    pub fn new(db: Database) -> Self {
        PostgresStore { db }
    }
}

/// Maps a rolled-back compare-and-set to the port's `Conflict` outcome.
pub(super) fn or_conflict<T, R>(
    result: Result<T, PgError>,
    ok: impl FnOnce(T) -> R,
    conflict: R,
) -> Result<R, PgError> {
    match result {
        Ok(v) => Ok(ok(v)),
        Err(PgError::Conflict) => Ok(conflict),
        Err(e) => Err(e),
    }
}
