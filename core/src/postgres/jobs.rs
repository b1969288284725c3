//! Replication jobs in PostgreSQL: a job starts and ends by compare-and-set on
//! its context's status (the one-active-job partial index is the last word);
//! the last step of a job deletion is in [`super::ownership`].

use super::connection::Session;
use super::error::PgError;
use super::locks::lock_tx;
use super::ownership;
use super::rows::{
    collect, context_by_id, job_by_id, job_from_row, keyset_before, page_limit, page_offset,
    select_job, to_sql_u64,
};
use super::store::{PostgresStore, or_conflict};
use crate::error::Result;
use crate::model::ids::with_suffix;
use crate::model::{
    DiskProgress, JobFilter, JobStatus, ReplicationContext, ReplicationJob, Status,
};
use crate::ports::store::{FinishJob, JobOutcome, JobStore, LockRequest, NewJob, StartJob};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use tokio_postgres::types::Json;

/// The partial unique index that keeps one active job per context.
const ONE_ACTIVE_JOB: &str = "one_active_job_per_context";

/// Inserts a pending job for `context_id` and points the context at it
/// (unless `pointed`: the caller's write already set `current_job_id` to the
/// job's preferred id, and it got that id). A second active job of the
/// context (a race the compare-and-set before it should have stopped) is a
/// conflict: the transaction rolls back.
pub(super) async fn insert_job_tx(
    tx: &Session,
    context_id: &str,
    j: &NewJob,
    previous_status: Status,
    pointed: bool,
) -> Result<ReplicationJob, PgError> {
    let previous_change_ids = Json(&j.previous_change_ids);
    let mounted = i64::from(j.mounted_volumes);
    let mut job_id = String::new();
    for n in 1.. {
        job_id = with_suffix(&j.job_id, n);
        let inserted = tx
            .execute(
                "INSERT INTO replication_jobs (job_id, context_id, replication_type, status,
                     previous_status, change_id, previous_change_id, snapshot_id,
                     schedule_execution_id, vm_group_id, scheduled_by, started_at, updated_at,
                     previous_change_ids, mounted_volumes)
                 VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13)
                 ON CONFLICT (job_id) DO NOTHING",
                &[
                    &job_id,
                    &context_id,
                    &j.replication_type.as_str(),
                    &previous_status.as_str(),
                    &j.change_id,
                    &j.previous_change_id,
                    &j.snapshot_id,
                    &j.schedule_execution_id,
                    &j.vm_group_id,
                    &j.scheduled_by,
                    &j.now,
                    &previous_change_ids,
                    &mounted,
                ],
            )
            .await
            .map_err(|e| {
                if e.is_unique_violation_of(ONE_ACTIVE_JOB) {
                    PgError::Conflict
                } else {
                    e
                }
            })?;
        if inserted == 1 {
            break;
        }
    }
    if !pointed || job_id != j.job_id {
        tx.execute(
            "UPDATE vm_replication_contexts SET current_job_id = $2 WHERE context_id = $1",
            &[&context_id, &job_id],
        )
        .await?;
    }
    Ok(ReplicationJob {
        job_id,
        context_id: context_id.to_owned(),
        replication_type: j.replication_type,
        status: JobStatus::Pending,
        previous_status,
        progress_percent: 0.0,
        bytes_transferred: 0,
        total_bytes: None,
        change_id: j.change_id.clone(),
        previous_change_id: j.previous_change_id.clone(),
        previous_change_ids: j.previous_change_ids.clone(),
        new_change_id: None,
        new_change_ids: Default::default(),
        disk_progress: Default::default(),
        snapshot_id: j.snapshot_id.clone(),
        schedule_execution_id: j.schedule_execution_id.clone(),
        vm_group_id: j.vm_group_id.clone(),
        scheduled_by: j.scheduled_by.clone(),
        created_volumes: 0,
        mounted_volumes: j.mounted_volumes,
        error: None,
        started_at: j.now,
        updated_at: j.now,
        finished_at: None,
    })
}

async fn start_job_tx(
    tx: &Session,
    context_id: &str,
    expected: Status,
    status: Status,
    job: &NewJob,
    lock: Option<&LockRequest>,
) -> Result<(ReplicationContext, ReplicationJob), PgError> {
    // The job starts from the VM as it is now: disks added or removed since
    // the last sync are recorded on the context.
    let changed = tx
        .execute(
            "UPDATE vm_replication_contexts
             SET current_status = $4, updated_at = $3, last_status_change = $3,
                 active_operation = NULL, active_operation_job_id = NULL,
                 operation_lease_expires_at = NULL, current_job_id = $6,
                 source_vm = jsonb_set(source_vm, '{disks}', $5)
             WHERE context_id = $1 AND current_status = $2
               AND (active_operation IS NULL
                    OR (active_operation = 'start_replication' AND operation_lease_expires_at <= $3))
               AND NOT EXISTS (SELECT 1 FROM replication_jobs
                               WHERE context_id = $1 AND status IN ('pending', 'running'))",
            &[
                &context_id,
                &expected.as_str(),
                &job.now,
                &status.as_str(),
                &Json(&job.disks),
                &job.job_id,
            ],
        )
        .await?;
    if changed == 0 {
        return Err(PgError::Conflict);
    }
    // The update pointed the context at the job's preferred id already.
    let job = insert_job_tx(tx, context_id, job, expected, true).await?;
    // The new job replicates into the context's volumes: they are its now.
    tx.execute(
        "UPDATE volumes SET owner_job_id = $2 WHERE context_id = $1",
        &[&context_id, &job.job_id],
    )
    .await?;
    if let Some(lock) = lock {
        lock_tx(tx, context_id, lock).await?;
    }
    let ctx = context_by_id(tx, context_id)
        .await?
        .ok_or(PgError::Conflict)?;
    Ok((ctx, job))
}

async fn finish_job_tx(
    tx: &Session,
    job_id: &str,
    outcome: &JobOutcome,
    new_status: Status,
    now: DateTime<Utc>,
) -> Result<ReplicationJob, PgError> {
    let (job_status, change_id, change_ids, error) = match outcome {
        JobOutcome::Completed {
            change_id,
            change_ids,
        } => (
            JobStatus::Completed,
            change_id.as_deref(),
            Some(Json(change_ids)),
            None,
        ),
        JobOutcome::Failed { error } => (JobStatus::Failed, None, None, Some(error.as_str())),
        JobOutcome::Cancelled => (JobStatus::Cancelled, None, None, None),
    };
    let completed = job_status == JobStatus::Completed;
    let changed = tx
        .execute(
            "UPDATE vm_replication_contexts
             SET current_status = $3, current_job_id = NULL, updated_at = $4,
                 last_status_change = $4,
                 active_operation_job_id = CASE WHEN active_operation = 'start_replication'
                     AND operation_lease_expires_at <= $4 THEN NULL ELSE active_operation_job_id END,
                 operation_lease_expires_at = CASE WHEN active_operation = 'start_replication'
                     AND operation_lease_expires_at <= $4 THEN NULL ELSE operation_lease_expires_at END,
                 active_operation = CASE WHEN active_operation = 'start_replication'
                     AND operation_lease_expires_at <= $4 THEN NULL ELSE active_operation END,
                 last_successful_job_id = CASE WHEN $5 THEN $2 ELSE last_successful_job_id END,
                 last_change_id = CASE WHEN $5 THEN $6::text ELSE last_change_id END,
                 last_change_ids = CASE WHEN $5 THEN $8::jsonb ELSE last_change_ids END,
                 last_error = CASE WHEN $5 THEN NULL ELSE COALESCE($7::text, last_error) END
             WHERE context_id = (SELECT context_id FROM replication_jobs WHERE job_id = $2)
               AND current_status = $1 AND current_job_id = $2
               AND (NOT $5 OR active_operation IS NULL)",
            &[
                &Status::Replicating.as_str(),
                &job_id,
                &new_status.as_str(),
                &now,
                &completed,
                &change_id,
                &error,
                &change_ids,
            ],
        )
        .await?;
    if changed == 0 {
        return Err(PgError::Conflict);
    }
    let changed = tx
        .execute(
            "UPDATE replication_jobs
             SET status = $2, new_change_id = $3::text, error = $4::text, finished_at = $5,
                 updated_at = $5,
                 progress_percent = CASE WHEN $6 THEN 100.0 ELSE progress_percent END,
                 new_change_ids = COALESCE($7::jsonb, new_change_ids)
             WHERE job_id = $1 AND status IN ('pending', 'running')",
            &[
                &job_id,
                &job_status.as_str(),
                &change_id,
                &error,
                &now,
                &completed,
                &change_ids,
            ],
        )
        .await?;
    if changed == 0 {
        return Err(PgError::Conflict);
    }
    job_by_id(tx, job_id).await?.ok_or(PgError::Conflict)
}

/// Merges `disks` into the job's stored per-disk progress (a disk's
/// `total_bytes` absent keeps the one it had).
fn merge_progress(
    mut stored: BTreeMap<String, DiskProgress>,
    disks: &BTreeMap<String, DiskProgress>,
) -> BTreeMap<String, DiskProgress> {
    for (disk, p) in disks {
        let entry = stored.entry(disk.clone()).or_default();
        entry.bytes_transferred = p.bytes_transferred;
        entry.total_bytes = p.total_bytes.or(entry.total_bytes);
    }
    stored
}

#[async_trait]
impl JobStore for PostgresStore {
    async fn start_job(
        &self,
        context_id: &str,
        expected: Status,
        status: Status,
        job: NewJob,
        lock: Option<LockRequest>,
    ) -> Result<StartJob> {
        let (job, lock) = (&job, lock.as_ref());
        let result =
            self.db
                .write(|tx| async move {
                    start_job_tx(&tx, context_id, expected, status, job, lock).await
                })
                .await;
        Ok(or_conflict(
            result,
            |(c, j)| StartJob::Started(Box::new(c), Box::new(j)),
            StartJob::Conflict,
        )?)
    }

    async fn update_job_progress(
        &self,
        job_id: &str,
        percent: f64,
        bytes_transferred: u64,
        total_bytes: Option<u64>,
        disks: &BTreeMap<String, DiskProgress>,
        now: DateTime<Utc>,
    ) -> Result<Option<ReplicationJob>> {
        Ok(self
            .db
            .write(|tx| async move {
                // The job's row is locked before its per-disk progress is
                // read, so two reports never lose each other's disks.
                let stored = tx
                    .query_opt(
                        "SELECT disk_progress FROM replication_jobs
                         WHERE job_id = $1 AND status IN ('pending', 'running') FOR UPDATE",
                        &[&job_id],
                    )
                    .await?;
                let Some(stored) = stored else {
                    return Ok(None);
                };
                let disk_progress = if disks.is_empty() {
                    None
                } else {
                    let Json(stored) =
                        stored.try_get::<_, Json<BTreeMap<String, DiskProgress>>>(0)?;
                    Some(Json(merge_progress(stored, disks)))
                };
                let changed = tx
                    .execute(
                        "UPDATE replication_jobs
                         SET status = 'running', progress_percent = $2, bytes_transferred = $3,
                             total_bytes = COALESCE($4::bigint, total_bytes), updated_at = $5,
                             disk_progress = COALESCE($6::jsonb, disk_progress)
                         WHERE job_id = $1 AND status IN ('pending', 'running')
                           AND NOT EXISTS (SELECT 1 FROM vm_replication_contexts c
                                           WHERE c.context_id = replication_jobs.context_id
                                             AND c.active_operation = 'start_replication')",
                        &[
                            &job_id,
                            &percent,
                            &to_sql_u64(bytes_transferred),
                            &total_bytes.map(to_sql_u64),
                            &now,
                            &disk_progress,
                        ],
                    )
                    .await?;
                if changed == 0 {
                    return Ok(None);
                }
                job_by_id(&tx, job_id).await
            })
            .await?)
    }

    async fn finish_job(
        &self,
        job_id: &str,
        outcome: JobOutcome,
        new_status: Status,
        now: DateTime<Utc>,
    ) -> Result<FinishJob> {
        let outcome = &outcome;
        let result = self
            .db
            .write(|tx| async move { finish_job_tx(&tx, job_id, outcome, new_status, now).await })
            .await;
        Ok(or_conflict(
            result,
            |j| FinishJob::Finished(Box::new(j)),
            FinishJob::Conflict,
        )?)
    }

    async fn set_job_volume_counts(
        &self,
        job_id: &str,
        created: u32,
        mounted: u32,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let (created, mounted) = (i64::from(created), i64::from(mounted));
        Ok(self
            .db
            .autocommit(|tx| async move {
                tx.execute(
                    "UPDATE replication_jobs
                     SET created_volumes = $2, mounted_volumes = $3, updated_at = $4
                     WHERE job_id = $1",
                    &[&job_id, &created, &mounted, &now],
                )
                .await?;
                Ok(())
            })
            .await?)
    }

    async fn finish_job_deletion(
        &self,
        job_id: &str,
        volume_ids: &[String],
        forget_sync: bool,
        new_status: Status,
        owner: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(ownership::finish_job_deletion(
            &self.db,
            job_id,
            volume_ids,
            forget_sync,
            new_status,
            owner,
            now,
        )
        .await?)
    }

    async fn get_job(&self, job_id: &str) -> Result<Option<ReplicationJob>> {
        Ok(self
            .db
            .read(|s| async move { job_by_id(&s, job_id).await })
            .await?)
    }

    async fn active_job(&self, context_id: &str) -> Result<Option<ReplicationJob>> {
        Ok(self
            .db
            .read(|s| async move {
                s.query_opt(
                    select_job!("WHERE context_id = $1 AND status IN ('pending', 'running')"),
                    &[&context_id],
                )
                .await?
                .as_ref()
                .map(job_from_row)
                .transpose()
            })
            .await?)
    }

    async fn list_jobs(&self, f: &JobFilter) -> Result<Vec<ReplicationJob>> {
        let (limit, offset) = (page_limit(f.limit), page_offset(f.offset));
        let status = f.status.map(JobStatus::as_str);
        let context_id = f.context_id.as_deref();
        let (at, id) = keyset_before(f.after.as_deref())?;
        let (at, id) = (&at, id.as_str());
        Ok(self
            .db
            .read(|s| async move {
                // One static statement per leading filter, so each seeks its
                // index from the cursor: any page costs what the first does.
                let rows = match (context_id, status) {
                    (Some(c), _) => {
                        s.query(
                            select_job!(
                                "WHERE context_id = $1 AND ($2::text IS NULL OR status = $2)
                                   AND (started_at, seq) < ($5, COALESCE(
                                     (SELECT seq FROM replication_jobs WHERE job_id = $6),
                                     9223372036854775807))
                                 ORDER BY started_at DESC, seq DESC LIMIT $3 OFFSET $4"
                            ),
                            &[&c, &status, &limit, &offset, at, &id],
                        )
                        .await?
                    }
                    (None, Some(st)) => {
                        s.query(
                            select_job!(
                                "WHERE status = $1 AND (started_at, seq) < ($4, COALESCE(
                                     (SELECT seq FROM replication_jobs WHERE job_id = $5),
                                     9223372036854775807))
                                 ORDER BY started_at DESC, seq DESC LIMIT $2 OFFSET $3"
                            ),
                            &[&st, &limit, &offset, at, &id],
                        )
                        .await?
                    }
                    (None, None) => {
                        s.query(
                            select_job!(
                                "WHERE (started_at, seq) < ($3, COALESCE(
                                     (SELECT seq FROM replication_jobs WHERE job_id = $4),
                                     9223372036854775807))
                                 ORDER BY started_at DESC, seq DESC LIMIT $1 OFFSET $2"
                            ),
                            &[&limit, &offset, at, &id],
                        )
                        .await?
                    }
                };
                collect(&rows, job_from_row)
            })
            .await?)
    }
}
