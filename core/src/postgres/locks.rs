//! Operation locks in PostgreSQL: the lock columns of a context (owner +
//! lease), taken, renewed, suspended, released and finished by
//! compare-and-set on their owner.

use super::connection::Session;
use super::error::PgError;
use super::rows::{context_by_id, job_by_id};
use super::store::{PostgresStore, or_conflict};
use crate::error::Result;
use crate::model::{ReplicationContext, ReplicationJob, Status};
use crate::ports::store::{AcquireOperation, Acquisition, LockRequest, LockStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Takes `lock` on a context inside a transaction that just wrote it.
pub(super) async fn lock_tx(
    tx: &Session,
    context_id: &str,
    lock: &LockRequest,
) -> Result<(), PgError> {
    tx.execute(
        "UPDATE vm_replication_contexts
         SET active_operation = $2, active_operation_job_id = $3, operation_lease_expires_at = $4
         WHERE context_id = $1",
        &[&context_id, &lock.operation, &lock.owner, &lock.lease_until],
    )
    .await?;
    Ok(())
}

#[async_trait]
impl LockStore for PostgresStore {
    async fn acquire_operation(
        &self,
        context_id: &str,
        operation: &str,
        owner: &str,
        expected: Status,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<AcquireOperation> {
        let result = self
            .db
            .write(|tx| async move {
                // Locked first, so what decides fresh-or-resumed is what the
                // update then changes.
                let before = tx
                    .query_opt(
                        "SELECT active_operation, updated_at FROM vm_replication_contexts
                         WHERE context_id = $1 FOR UPDATE",
                        &[&context_id],
                    )
                    .await?;
                let acquisition = match before {
                    None => return Err(PgError::Conflict),
                    Some(row) => match row.try_get::<_, Option<&str>>(0)? {
                        Some(held) if held == operation => Acquisition::Resumed,
                        // Unlocked, or a job start's stale lock (its job ended).
                        _ => Acquisition::Fresh {
                            previous_updated_at: row.try_get(1)?,
                        },
                    },
                };
                let changed = tx
                    .execute(
                        "UPDATE vm_replication_contexts
                         SET active_operation = $2, active_operation_job_id = $3,
                             operation_lease_expires_at = $6, updated_at = $5
                         WHERE context_id = $1 AND current_status = $4
                           AND (active_operation IS NULL
                                OR (active_operation IN ($2, 'start_replication')
                                    AND operation_lease_expires_at <= $5))
                           AND NOT EXISTS (SELECT 1 FROM replication_jobs
                                           WHERE context_id = $1
                                             AND status IN ('pending', 'running'))",
                        &[
                            &context_id,
                            &operation,
                            &owner,
                            &expected.as_str(),
                            &now,
                            &lease_until,
                        ],
                    )
                    .await?;
                if changed == 0 {
                    return Err(PgError::Conflict);
                }
                Ok((
                    context_by_id(&tx, context_id)
                        .await?
                        .ok_or(PgError::Conflict)?,
                    acquisition,
                ))
            })
            .await;
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
        let result = self
            .db
            .write(|tx| async move {
                let changed = tx
                    .execute(
                        "UPDATE vm_replication_contexts c
                         SET active_operation_job_id = $3, operation_lease_expires_at = $5
                         WHERE c.context_id = $1 AND c.active_operation = $2
                           AND c.operation_lease_expires_at <= $4 AND c.current_job_id IS NOT NULL
                           AND EXISTS (SELECT 1 FROM replication_jobs j
                                       WHERE j.job_id = c.current_job_id AND j.status = 'pending')",
                        &[&context_id, &operation, &owner, &now, &lease_until],
                    )
                    .await?;
                if changed == 0 {
                    return Err(PgError::Conflict);
                }
                let ctx = context_by_id(&tx, context_id)
                    .await?
                    .ok_or(PgError::Conflict)?;
                let job_id = ctx.current_job_id.clone().ok_or(PgError::Conflict)?;
                let job = job_by_id(&tx, &job_id).await?.ok_or(PgError::Conflict)?;
                Ok((ctx, job))
            })
            .await;
        Ok(or_conflict(result, Some, None)?)
    }

    async fn release_operation(
        &self,
        context_id: &str,
        owner: &str,
        last_error: Option<&str>,
        updated_at: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(self
            .db
            .autocommit(|tx| async move {
                Ok(tx
                    .execute(
                        "UPDATE vm_replication_contexts
                         SET active_operation = NULL, active_operation_job_id = NULL,
                             operation_lease_expires_at = NULL, updated_at = $3,
                             last_error = COALESCE($4::text, last_error)
                         WHERE context_id = $1 AND active_operation_job_id = $2",
                        &[&context_id, &owner, &updated_at, &last_error],
                    )
                    .await?
                    == 1)
            })
            .await?)
    }

    async fn renew_operation(
        &self,
        context_id: &str,
        owner: &str,
        lease_until: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(self
            .db
            .autocommit(|tx| async move {
                Ok(tx
                    .execute(
                        "UPDATE vm_replication_contexts SET operation_lease_expires_at = $3
                         WHERE context_id = $1 AND active_operation_job_id = $2",
                        &[&context_id, &owner, &lease_until],
                    )
                    .await?
                    == 1)
            })
            .await?)
    }

    async fn finish_operation(
        &self,
        context_id: &str,
        owner: &str,
        new_status: Option<Status>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let new_status = new_status.map(Status::as_str);
        Ok(self
            .db
            .autocommit(|tx| async move {
                Ok(tx
                    .execute(
                        "UPDATE vm_replication_contexts
                         SET active_operation = NULL, active_operation_job_id = NULL,
                             operation_lease_expires_at = NULL, last_error = NULL, updated_at = $4,
                             last_status_change = CASE WHEN $3::text IS NULL
                                                         OR $3::text = current_status
                                                       THEN last_status_change ELSE $4 END,
                             current_status = COALESCE($3::text, current_status)
                         WHERE context_id = $1 AND active_operation_job_id = $2",
                        &[&context_id, &owner, &new_status, &now],
                    )
                    .await?
                    == 1)
            })
            .await?)
    }

    async fn suspend_operation(
        &self,
        context_id: &str,
        owner: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(self
            .db
            .autocommit(|tx| async move {
                Ok(tx
                    .execute(
                        "UPDATE vm_replication_contexts
                         SET operation_lease_expires_at = $4, last_error = $3, updated_at = $4
                         WHERE context_id = $1 AND active_operation_job_id = $2",
                        &[&context_id, &owner, &error, &now],
                    )
                    .await?
                    == 1)
            })
            .await?)
    }
}
