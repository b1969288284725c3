//! Replication jobs in SQLite: a job starts and ends by compare-and-set on
//! its context's status (the one-active-job partial index is the last word);
//! the last step of a job deletion is in [`super::ownership`].

use super::db::DbError;
use super::locks::lock_tx;
use super::ownership;
use super::rows::{
    collect, context_by_id, job_by_id, job_from_row, keyset_before, page_limit, page_offset,
    select_job, to_sql_u64, ts,
};
use super::store::{SqliteStore, or_conflict};
use crate::error::Result;
use crate::model::ids::with_suffix;
use crate::model::{
    DiskProgress, JobFilter, JobStatus, ReplicationContext, ReplicationJob, Status,
};
use crate::ports::store::{FinishJob, JobOutcome, JobStore, LockRequest, NewJob, StartJob};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// Inserts a pending job for `context_id` and points the context at it.
pub(super) fn insert_job_tx(
    tx: &Connection,
    context_id: &str,
    j: &NewJob,
    previous_status: Status,
) -> Result<ReplicationJob, DbError> {
    let now = ts(j.now);
    let previous_change_ids = serde_json::to_string(&j.previous_change_ids)?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO replication_jobs (job_id, context_id, replication_type, status,
             previous_status, change_id, previous_change_id, snapshot_id,
             schedule_execution_id, vm_group_id, scheduled_by, started_at, updated_at,
             previous_change_ids, mounted_volumes)
         VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13)
         ON CONFLICT (job_id) DO NOTHING",
    )?;
    let mut job_id = String::new();
    for n in 1.. {
        job_id = with_suffix(&j.job_id, n);
        let inserted = stmt.execute(params![
            job_id,
            context_id,
            j.replication_type.as_str(),
            previous_status.as_str(),
            j.change_id,
            j.previous_change_id,
            j.snapshot_id,
            j.schedule_execution_id,
            j.vm_group_id,
            j.scheduled_by,
            now,
            previous_change_ids,
            j.mounted_volumes,
        ])?;
        if inserted == 1 {
            break;
        }
    }
    tx.prepare_cached(
        "UPDATE vm_replication_contexts SET current_job_id = ?2 WHERE context_id = ?1",
    )?
    .execute(params![context_id, job_id])?;
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

fn start_job_tx(
    tx: &Connection,
    context_id: &str,
    expected: Status,
    status: Status,
    job: &NewJob,
    lock: Option<&LockRequest>,
) -> Result<(ReplicationContext, ReplicationJob), DbError> {
    // The job starts from the VM as it is now: disks added or removed since
    // the last sync are recorded on the context.
    let disks = serde_json::to_string(&job.disks)?;
    let changed = tx
        .prepare_cached(
            "UPDATE vm_replication_contexts
             SET current_status = ?4, updated_at = ?3, last_status_change = ?3,
                 active_operation = NULL, active_operation_job_id = NULL,
                 operation_lease_expires_at = NULL,
                 source_vm = json_set(source_vm, '$.disks', json(?5))
             WHERE context_id = ?1 AND current_status = ?2
               AND (active_operation IS NULL
                    OR (active_operation = 'start_replication' AND operation_lease_expires_at <= ?3))
               AND NOT EXISTS (SELECT 1 FROM replication_jobs
                               WHERE context_id = ?1 AND status IN ('pending', 'running'))",
        )?
        .execute(params![
            context_id,
            expected.as_str(),
            ts(job.now),
            status.as_str(),
            disks
        ])?;
    if changed == 0 {
        return Err(DbError::Conflict);
    }
    let job = insert_job_tx(tx, context_id, job, expected)?;
    // The new job replicates into the context's volumes: they are its now.
    tx.prepare_cached("UPDATE volumes SET owner_job_id = ?2 WHERE context_id = ?1")?
        .execute(params![context_id, job.job_id])?;
    if let Some(lock) = lock {
        lock_tx(tx, context_id, lock)?;
    }
    let ctx = context_by_id(tx, context_id)?.ok_or(DbError::Conflict)?;
    Ok((ctx, job))
}

fn finish_job_tx(
    tx: &Connection,
    job_id: &str,
    outcome: &JobOutcome,
    new_status: Status,
    now: DateTime<Utc>,
) -> Result<ReplicationJob, DbError> {
    let now = ts(now);
    let (job_status, change_id, change_ids, error) = match outcome {
        JobOutcome::Completed {
            change_id,
            change_ids,
        } => (
            JobStatus::Completed,
            change_id.as_ref(),
            Some(serde_json::to_string(change_ids)?),
            None,
        ),
        JobOutcome::Failed { error } => (JobStatus::Failed, None, None, Some(error)),
        JobOutcome::Cancelled => (JobStatus::Cancelled, None, None, None),
    };
    let completed = job_status == JobStatus::Completed;
    let changed = tx
        .prepare_cached(
            "UPDATE vm_replication_contexts
             SET current_status = ?3, current_job_id = NULL, updated_at = ?4,
                 last_status_change = ?4,
                 active_operation_job_id = CASE WHEN active_operation = 'start_replication'
                     AND operation_lease_expires_at <= ?4 THEN NULL ELSE active_operation_job_id END,
                 operation_lease_expires_at = CASE WHEN active_operation = 'start_replication'
                     AND operation_lease_expires_at <= ?4 THEN NULL ELSE operation_lease_expires_at END,
                 active_operation = CASE WHEN active_operation = 'start_replication'
                     AND operation_lease_expires_at <= ?4 THEN NULL ELSE active_operation END,
                 last_successful_job_id = CASE WHEN ?5 THEN ?2 ELSE last_successful_job_id END,
                 last_change_id = CASE WHEN ?5 THEN ?6 ELSE last_change_id END,
                 last_change_ids = CASE WHEN ?5 THEN ?8 ELSE last_change_ids END,
                 last_error = CASE WHEN ?5 THEN NULL ELSE COALESCE(?7, last_error) END
             WHERE context_id = (SELECT context_id FROM replication_jobs WHERE job_id = ?2)
               AND current_status = ?1 AND current_job_id = ?2
               AND (NOT ?5 OR active_operation IS NULL)",
        )?
        .execute(params![
            Status::Replicating.as_str(),
            job_id,
            new_status.as_str(),
            now,
            completed,
            change_id,
            error,
            change_ids,
        ])?;
    if changed == 0 {
        return Err(DbError::Conflict);
    }
    let changed = tx
        .prepare_cached(
            "UPDATE replication_jobs
             SET status = ?2, new_change_id = ?3, error = ?4, finished_at = ?5, updated_at = ?5,
                 progress_percent = CASE WHEN ?6 THEN 100.0 ELSE progress_percent END,
                 new_change_ids = COALESCE(?7, new_change_ids)
             WHERE job_id = ?1 AND status IN ('pending', 'running')",
        )?
        .execute(params![
            job_id,
            job_status.as_str(),
            change_id,
            error,
            now,
            completed,
            change_ids
        ])?;
    if changed == 0 {
        return Err(DbError::Conflict);
    }
    job_by_id(tx, job_id)?.ok_or(DbError::Conflict)
}

#[async_trait]
impl JobStore for SqliteStore {
    async fn start_job(
        &self,
        context_id: &str,
        expected: Status,
        status: Status,
        job: NewJob,
        lock: Option<LockRequest>,
    ) -> Result<StartJob> {
        let result = self
            .db
            .write(|tx| start_job_tx(tx, context_id, expected, status, &job, lock.as_ref()));
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
        Ok(self.db.write(|tx| {
            let disk_progress = if disks.is_empty() {
                None
            } else {
                let stored: Option<String> = tx
                    .prepare_cached(
                        "SELECT disk_progress FROM replication_jobs
                         WHERE job_id = ?1 AND status IN ('pending', 'running')",
                    )?
                    .query_row(params![job_id], |r| r.get(0))
                    .optional()?;
                let Some(stored) = stored else {
                    return Ok(None);
                };
                let mut merged: BTreeMap<String, DiskProgress> = serde_json::from_str(&stored)?;
                for (disk, p) in disks {
                    let entry = merged.entry(disk.clone()).or_default();
                    entry.bytes_transferred = p.bytes_transferred;
                    entry.total_bytes = p.total_bytes.or(entry.total_bytes);
                }
                Some(serde_json::to_string(&merged)?)
            };
            let changed = tx
                .prepare_cached(
                    "UPDATE replication_jobs
                     SET status = 'running', progress_percent = ?2, bytes_transferred = ?3,
                         total_bytes = COALESCE(?4, total_bytes), updated_at = ?5,
                         disk_progress = COALESCE(?6, disk_progress)
                     WHERE job_id = ?1 AND status IN ('pending', 'running')
                       AND NOT EXISTS (SELECT 1 FROM vm_replication_contexts c
                                       WHERE c.context_id = replication_jobs.context_id
                                         AND c.active_operation = 'start_replication')",
                )?
                .execute(params![
                    job_id,
                    percent,
                    to_sql_u64(bytes_transferred),
                    total_bytes.map(to_sql_u64),
                    ts(now),
                    disk_progress
                ])?;
            if changed == 0 {
                return Ok(None);
            }
            job_by_id(tx, job_id)
        })?)
    }

    async fn finish_job(
        &self,
        job_id: &str,
        outcome: JobOutcome,
        new_status: Status,
        now: DateTime<Utc>,
    ) -> Result<FinishJob> {
        let result = self
            .db
            .write(|tx| finish_job_tx(tx, job_id, &outcome, new_status, now));
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
        Ok(self.db.write(|tx| {
            tx.prepare_cached(
                "UPDATE replication_jobs
                 SET created_volumes = ?2, mounted_volumes = ?3, updated_at = ?4
                 WHERE job_id = ?1",
            )?
            .execute(params![job_id, created, mounted, ts(now)])?;
            Ok(())
        })?)
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
        )?)
    }

    async fn get_job(&self, job_id: &str) -> Result<Option<ReplicationJob>> {
        Ok(self.db.read(|tx| job_by_id(tx, job_id))?)
    }

    async fn active_job(&self, context_id: &str) -> Result<Option<ReplicationJob>> {
        Ok(self.db.read(|tx| {
            let mut stmt = tx.prepare_cached(select_job!(
                "WHERE context_id = ?1 AND status IN ('pending', 'running')"
            ))?;
            Ok(collect(stmt.query(params![context_id])?, job_from_row)?.pop())
        })?)
    }

    async fn list_jobs(&self, f: &JobFilter) -> Result<Vec<ReplicationJob>> {
        let (limit, offset) = (page_limit(f.limit), page_offset(f.offset));
        let status = f.status.map(JobStatus::as_str);
        let (at, id) = keyset_before(f.after.as_deref())?;
        Ok(self.db.read(|tx| {
            // One static statement per leading filter, so each seeks its index.
            let mut stmt = match (&f.context_id, status) {
                (Some(_), _) => tx.prepare_cached(select_job!(
                    "WHERE context_id = ?1 AND (?2 IS NULL OR status = ?2)
                       AND (started_at, rowid) < (?5, COALESCE(
                         (SELECT rowid FROM replication_jobs WHERE job_id = ?6), 9223372036854775807))
                     ORDER BY started_at DESC, rowid DESC LIMIT ?3 OFFSET ?4"
                ))?,
                (None, Some(_)) => tx.prepare_cached(select_job!(
                    "WHERE ?1 IS NULL AND status = ?2 AND (started_at, rowid) < (?5, COALESCE(
                         (SELECT rowid FROM replication_jobs WHERE job_id = ?6), 9223372036854775807))
                     ORDER BY started_at DESC, rowid DESC LIMIT ?3 OFFSET ?4"
                ))?,
                (None, None) => tx.prepare_cached(select_job!(
                    "WHERE ?1 IS NULL AND ?2 IS NULL AND (started_at, rowid) < (?5, COALESCE(
                         (SELECT rowid FROM replication_jobs WHERE job_id = ?6), 9223372036854775807))
                     ORDER BY started_at DESC, rowid DESC LIMIT ?3 OFFSET ?4"
                ))?,
            };
            collect(
                stmt.query(params![f.context_id, status, limit, offset, at, id])?,
                job_from_row,
            )
        })?)
    }
}
