//! Operation locks in SQLite: the lock columns of a context, taken, renewed,
//! suspended, released and finished by compare-and-set on their owner.

use super::db::DbError;
use super::rows::{context_by_id, job_by_id, parse_ts, ts};
use super::store::{SqliteStore, or_conflict};
use crate::error::Result;
use crate::model::{ReplicationContext, ReplicationJob, Status};
use crate::ports::store::{AcquireOperation, Acquisition, LockRequest, LockStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// Takes `lock` on a context inside a transaction that just wrote it.
pub(super) fn lock_tx(
    tx: &Connection,
    context_id: &str,
    lock: &LockRequest,
) -> Result<(), DbError> {
    tx.prepare_cached(
        "UPDATE vm_replication_contexts
         SET active_operation = ?2, active_operation_job_id = ?3, operation_lease_expires_at = ?4
         WHERE context_id = ?1",
    )?
    .execute(params![
        context_id,
        lock.operation,
        lock.owner,
        ts(lock.lease_until)
    ])?;
    Ok(())
}

#[async_trait]
impl LockStore for SqliteStore {
    async fn acquire_operation(
        &self,
        context_id: &str,
        operation: &str,
        owner: &str,
        expected: Status,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<AcquireOperation> {
        let result = self.db.write(|tx| {
            let before: Option<(Option<String>, String)> = tx
                .prepare_cached(
                    "SELECT active_operation, updated_at FROM vm_replication_contexts
                     WHERE context_id = ?1",
                )?
                .query_row(params![context_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let acquisition = match before {
                None => return Err(DbError::Conflict),
                Some((Some(held), _)) if held == operation => Acquisition::Resumed,
                // Unlocked, or a job start's stale lock (its job ended).
                Some((_, at)) => Acquisition::Fresh {
                    previous_updated_at: parse_ts("updated_at", &at)?,
                },
            };
            let changed = tx
                .prepare_cached(
                    "UPDATE vm_replication_contexts
                     SET active_operation = ?2, active_operation_job_id = ?3,
                         operation_lease_expires_at = ?6, updated_at = ?5
                     WHERE context_id = ?1 AND current_status = ?4
                       AND (active_operation IS NULL
                            OR (active_operation IN (?2, 'start_replication')
                                AND operation_lease_expires_at <= ?5))
                       AND NOT EXISTS (SELECT 1 FROM replication_jobs
                                       WHERE context_id = ?1 AND status IN ('pending', 'running'))",
                )?
                .execute(params![
                    context_id,
                    operation,
                    owner,
                    expected.as_str(),
                    ts(now),
                    ts(lease_until)
                ])?;
            if changed == 0 {
                return Err(DbError::Conflict);
            }
            Ok((
                context_by_id(tx, context_id)?.ok_or(DbError::Conflict)?,
                acquisition,
            ))
        });
        Ok(or_conflict(
            result,
            |(c, a)| AcquireOperation::Acquired(Box::new(c), a),
            AcquireOperation::Conflict,
        )?)
    }

    async fn resume_job_start(
        &self,
        context_id: &str,
        operation: &str,
        owner: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<(ReplicationContext, ReplicationJob)>> {
        let result = self.db.write(|tx| {
            let changed = tx
                .prepare_cached(
                    "UPDATE vm_replication_contexts
                     SET active_operation_job_id = ?3, operation_lease_expires_at = ?5
                     WHERE context_id = ?1 AND active_operation = ?2
                       AND operation_lease_expires_at <= ?4 AND current_job_id IS NOT NULL
                       AND EXISTS (SELECT 1 FROM replication_jobs
                                   WHERE job_id = current_job_id AND status = 'pending')",
                )?
                .execute(params![
                    context_id,
                    operation,
                    owner,
                    ts(now),
                    ts(lease_until)
                ])?;
            if changed == 0 {
                return Err(DbError::Conflict);
            }
            let ctx = context_by_id(tx, context_id)?.ok_or(DbError::Conflict)?;
            let job_id = ctx.current_job_id.clone().ok_or(DbError::Conflict)?;
            let job = job_by_id(tx, &job_id)?.ok_or(DbError::Conflict)?;
            Ok((ctx, job))
        });
        Ok(or_conflict(result, Some, None)?)
    }

    async fn release_operation(
        &self,
        context_id: &str,
        owner: &str,
        last_error: Option<&str>,
        updated_at: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(self.db.write(|tx| {
            Ok(tx
                .prepare_cached(
                    "UPDATE vm_replication_contexts
                     SET active_operation = NULL, active_operation_job_id = NULL,
                         operation_lease_expires_at = NULL, updated_at = ?3,
                         last_error = COALESCE(?4, last_error)
                     WHERE context_id = ?1 AND active_operation_job_id = ?2",
                )?
                .execute(params![context_id, owner, ts(updated_at), last_error])?
                == 1)
        })?)
    }

    async fn renew_operation(
        &self,
        context_id: &str,
        owner: &str,
        lease_until: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(self.db.write(|tx| {
            Ok(tx
                .prepare_cached(
                    "UPDATE vm_replication_contexts SET operation_lease_expires_at = ?3
                     WHERE context_id = ?1 AND active_operation_job_id = ?2",
                )?
                .execute(params![context_id, owner, ts(lease_until)])?
                == 1)
        })?)
    }

    async fn finish_operation(
        &self,
        context_id: &str,
        owner: &str,
        new_status: Option<Status>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let now = ts(now);
        Ok(self.db.write(|tx| {
            Ok(tx
                .prepare_cached(
                    "UPDATE vm_replication_contexts
                     SET active_operation = NULL, active_operation_job_id = NULL,
                         operation_lease_expires_at = NULL, last_error = NULL, updated_at = ?4,
                         last_status_change = CASE WHEN ?3 IS NULL OR ?3 = current_status
                                                   THEN last_status_change ELSE ?4 END,
                         current_status = COALESCE(?3, current_status)
                     WHERE context_id = ?1 AND active_operation_job_id = ?2",
                )?
                .execute(params![
                    context_id,
                    owner,
                    new_status.map(Status::as_str),
                    now
                ])?
                == 1)
        })?)
    }

    async fn suspend_operation(
        &self,
        context_id: &str,
        owner: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let now = ts(now);
        Ok(self.db.write(|tx| {
            Ok(tx
                .prepare_cached(
                    "UPDATE vm_replication_contexts
                     SET operation_lease_expires_at = ?4, last_error = ?3, updated_at = ?4
                     WHERE context_id = ?1 AND active_operation_job_id = ?2",
                )?
                .execute(params![context_id, owner, error, now])?
                == 1)
        })?)
    }
}
