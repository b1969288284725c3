//! The SQLite store. Every rule the services decide is enforced here in one
//! IMMEDIATE transaction: the unique identity index, the one-active-job
//! partial index, and `WHERE current_status = ?expected` compare-and-set.

use super::db::{Database, DbError};
use super::rows::{
    collect, from_sql_u64, is_unique_violation, page_limit, page_offset, parse_enum, parse_opt_ts,
    parse_ts, to_sql_u64, ts,
};
use super::{groups, ownership};
use crate::error::Result;
use crate::lifecycle::Operation;
use crate::model::ids::with_suffix;
use crate::model::{
    ContextFilter, ContextRef, DiskProgress, FailoverJob, FailoverKind, FailoverStatus,
    GroupMember, JobFilter, JobStatus, ReplicationContext, ReplicationJob, ReplicationType,
    Schedule, ScheduleExecution, Status, VmGroup, VolumeRecord,
};
use crate::ports::store::{
    AcquireOperation, Acquisition, DeleteContext, FinishJob, HandedOverVolume, InsertContext,
    InsertContextWithJob, JobOutcome, LockRequest, NewContext, NewJob, StartJob, Store,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use std::collections::BTreeMap;

/// Contexts inserted per transaction by [`Store::insert_contexts`].
const BULK_CHUNK: usize = 1000;

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    db: Database,
}

impl SqliteStore {
    /// A store in `db`.
    pub fn new(db: Database) -> Self {
        SqliteStore { db }
    }
}

macro_rules! select_context {
    ($rest:literal) => {
        concat!(
            "SELECT context_id, vm_name, vmware_vm_id, vcenter_host, datacenter, ossea_config_id,
                    target_network, source_vm, current_status, current_job_id,
                    last_successful_job_id, last_change_id, active_operation,
                    active_operation_job_id, last_error, created_at, updated_at, last_status_change,
                    last_change_ids
             FROM vm_replication_contexts ",
            $rest
        )
    };
}

macro_rules! select_job {
    ($rest:literal) => {
        concat!(
            "SELECT job_id, context_id, replication_type, status, previous_status,
                    progress_percent, bytes_transferred, total_bytes, change_id,
                    previous_change_id, new_change_id, snapshot_id, schedule_execution_id,
                    vm_group_id, scheduled_by, created_volumes, mounted_volumes, error,
                    started_at, updated_at, finished_at, previous_change_ids, new_change_ids,
                    disk_progress
             FROM replication_jobs ",
            $rest
        )
    };
}

macro_rules! select_failover {
    ($rest:literal) => {
        concat!(
            "SELECT failover_job_id, context_id, kind, status, destination_vm_name,
                    destination_vm_id, log_job_id, created_at, updated_at, clones
             FROM failover_jobs ",
            $rest
        )
    };
}

fn failover_from_row(row: &Row<'_>) -> Result<FailoverJob, DbError> {
    Ok(FailoverJob {
        failover_job_id: row.get(0)?,
        context_id: row.get(1)?,
        kind: parse_enum(
            "failover_jobs.kind",
            &row.get::<_, String>(2)?,
            FailoverKind::parse,
        )?,
        status: parse_enum(
            "failover_jobs.status",
            &row.get::<_, String>(3)?,
            FailoverStatus::parse,
        )?,
        destination_vm_name: row.get(4)?,
        destination_vm_id: row.get(5)?,
        log_job_id: row.get(6)?,
        created_at: parse_ts("failover_jobs.created_at", &row.get::<_, String>(7)?)?,
        updated_at: parse_ts("failover_jobs.updated_at", &row.get::<_, String>(8)?)?,
        clones: serde_json::from_str(&row.get::<_, String>(9)?)?,
    })
}

fn context_from_row(row: &Row<'_>) -> Result<ReplicationContext, DbError> {
    Ok(ReplicationContext {
        context_id: row.get(0)?,
        vm_name: row.get(1)?,
        vmware_vm_id: row.get(2)?,
        vcenter_host: row.get(3)?,
        datacenter: row.get(4)?,
        ossea_config_id: row.get(5)?,
        target_network: row.get(6)?,
        source_vm: serde_json::from_str(&row.get::<_, String>(7)?)?,
        current_status: parse_enum("current_status", &row.get::<_, String>(8)?, Status::parse)?,
        current_job_id: row.get(9)?,
        last_successful_job_id: row.get(10)?,
        last_change_id: row.get(11)?,
        active_operation: row
            .get::<_, Option<String>>(12)?
            .map(|s| parse_enum("active_operation", &s, Operation::parse))
            .transpose()?,
        active_operation_job_id: row.get(13)?,
        last_error: row.get(14)?,
        created_at: parse_ts("created_at", &row.get::<_, String>(15)?)?,
        updated_at: parse_ts("updated_at", &row.get::<_, String>(16)?)?,
        last_status_change: parse_ts("last_status_change", &row.get::<_, String>(17)?)?,
        last_change_ids: serde_json::from_str(&row.get::<_, String>(18)?)?,
    })
}

fn job_from_row(row: &Row<'_>) -> Result<ReplicationJob, DbError> {
    Ok(ReplicationJob {
        job_id: row.get(0)?,
        context_id: row.get(1)?,
        replication_type: parse_enum(
            "replication_type",
            &row.get::<_, String>(2)?,
            ReplicationType::parse,
        )?,
        status: parse_enum("status", &row.get::<_, String>(3)?, JobStatus::parse)?,
        previous_status: parse_enum("previous_status", &row.get::<_, String>(4)?, Status::parse)?,
        progress_percent: row.get(5)?,
        bytes_transferred: from_sql_u64(row.get(6)?),
        total_bytes: row.get::<_, Option<i64>>(7)?.map(from_sql_u64),
        change_id: row.get(8)?,
        previous_change_id: row.get(9)?,
        new_change_id: row.get(10)?,
        snapshot_id: row.get(11)?,
        schedule_execution_id: row.get(12)?,
        vm_group_id: row.get(13)?,
        scheduled_by: row.get(14)?,
        created_volumes: row.get(15)?,
        mounted_volumes: row.get(16)?,
        error: row.get(17)?,
        started_at: parse_ts("started_at", &row.get::<_, String>(18)?)?,
        updated_at: parse_ts("updated_at", &row.get::<_, String>(19)?)?,
        finished_at: parse_opt_ts("finished_at", row.get(20)?)?,
        previous_change_ids: serde_json::from_str(&row.get::<_, String>(21)?)?,
        new_change_ids: serde_json::from_str(&row.get::<_, String>(22)?)?,
        disk_progress: serde_json::from_str(&row.get::<_, String>(23)?)?,
    })
}

fn context_by_id(tx: &Transaction<'_>, id: &str) -> Result<Option<ReplicationContext>, DbError> {
    let mut stmt = tx.prepare_cached(select_context!("WHERE context_id = ?1"))?;
    let rows = stmt.query(params![id])?;
    Ok(collect(rows, context_from_row)?.pop())
}

fn context_id_by_identity(
    tx: &Transaction<'_>,
    vcenter_host: &str,
    vmware_vm_id: &str,
) -> Result<Option<String>, DbError> {
    Ok(tx
        .prepare_cached(
            "SELECT context_id FROM vm_replication_contexts
             WHERE vcenter_host = ?1 AND vmware_vm_id = ?2",
        )?
        .query_row(params![vcenter_host, vmware_vm_id], |r| r.get(0))
        .optional()?)
}

fn job_by_id(tx: &Transaction<'_>, id: &str) -> Result<Option<ReplicationJob>, DbError> {
    let mut stmt = tx.prepare_cached(select_job!("WHERE job_id = ?1"))?;
    let rows = stmt.query(params![id])?;
    Ok(collect(rows, job_from_row)?.pop())
}

/// Inserts a context in `status`; `Err(existing id)` when the identity is taken.
fn insert_context_tx(
    tx: &Transaction<'_>,
    c: &NewContext,
    status: Status,
) -> Result<Result<ReplicationContext, String>, DbError> {
    let source_vm = serde_json::to_string(&c.source_vm)?;
    let now = ts(c.now);
    let mut stmt = tx.prepare_cached(
        "INSERT INTO vm_replication_contexts (context_id, vm_name, vmware_vm_id, vcenter_host,
             datacenter, ossea_config_id, target_network, source_vm, current_status,
             created_at, updated_at, last_status_change)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10)
         ON CONFLICT (context_id) DO NOTHING",
    )?;
    for n in 1.. {
        let context_id = with_suffix(&c.context_id, n);
        let inserted = stmt.execute(params![
            context_id,
            c.source_vm.name,
            c.source_vm.id,
            c.vcenter_host,
            c.datacenter,
            c.ossea_config_id,
            c.target_network,
            source_vm,
            status.as_str(),
            now,
        ]);
        match inserted {
            Ok(1) => {
                return Ok(Ok(ReplicationContext {
                    context_id,
                    vm_name: c.source_vm.name.clone(),
                    vmware_vm_id: c.source_vm.id.clone(),
                    vcenter_host: c.vcenter_host.clone(),
                    datacenter: c.datacenter.clone(),
                    ossea_config_id: c.ossea_config_id,
                    target_network: c.target_network.clone(),
                    source_vm: c.source_vm.clone(),
                    current_status: status,
                    current_job_id: None,
                    last_successful_job_id: None,
                    last_change_id: None,
                    last_change_ids: Default::default(),
                    active_operation: None,
                    active_operation_job_id: None,
                    last_error: None,
                    created_at: c.now,
                    updated_at: c.now,
                    last_status_change: c.now,
                }));
            }
            // The id is taken by another VM's context: try the next suffix.
            Ok(_) => continue,
            Err(e) if is_unique_violation(&e) => {
                let existing = context_id_by_identity(tx, &c.vcenter_host, &c.source_vm.id)?;
                return match existing {
                    Some(id) => Ok(Err(id)),
                    None => Err(e.into()),
                };
            }
            Err(e) => return Err(e.into()),
        }
    }
    unreachable!("the suffix loop only ends by returning")
}

/// Inserts a pending job for `context_id` and points the context at it.
fn insert_job_tx(
    tx: &Transaction<'_>,
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
             previous_change_ids)
         VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)
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
        mounted_volumes: 0,
        error: None,
        started_at: j.now,
        updated_at: j.now,
        finished_at: None,
    })
}

/// Takes `lock` on a context inside a transaction that just wrote it.
fn lock_tx(tx: &Transaction<'_>, context_id: &str, lock: &LockRequest) -> Result<(), DbError> {
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

fn start_job_tx(
    tx: &Transaction<'_>,
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
    tx: &Transaction<'_>,
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

/// Maps a rolled-back compare-and-set to the port's `Conflict` outcome.
fn or_conflict<T, R>(
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

#[async_trait]
impl Store for SqliteStore {
    async fn insert_context(&self, ctx: NewContext, status: Status) -> Result<InsertContext> {
        let inserted = self.db.write(|tx| insert_context_tx(tx, &ctx, status))?;
        Ok(match inserted {
            Ok(c) => InsertContext::Inserted(Box::new(c)),
            Err(context_id) => InsertContext::Exists { context_id },
        })
    }

    async fn insert_contexts(
        &self,
        ctxs: Vec<NewContext>,
        status: Status,
    ) -> Result<Vec<InsertContext>> {
        let mut out = Vec::with_capacity(ctxs.len());
        for chunk in ctxs.chunks(BULK_CHUNK) {
            let results = self.db.write(|tx| {
                chunk
                    .iter()
                    .map(|c| insert_context_tx(tx, c, status))
                    .collect::<Result<Vec<_>, _>>()
            })?;
            out.extend(results.into_iter().map(|r| match r {
                Ok(c) => InsertContext::Inserted(Box::new(c)),
                Err(context_id) => InsertContext::Exists { context_id },
            }));
        }
        Ok(out)
    }

    async fn insert_context_with_job(
        &self,
        ctx: NewContext,
        status: Status,
        job: NewJob,
        lock: Option<LockRequest>,
    ) -> Result<InsertContextWithJob> {
        Ok(self
            .db
            .write(|tx| match insert_context_tx(tx, &ctx, status)? {
                Ok(mut c) => {
                    let j = insert_job_tx(tx, &c.context_id, &job, Status::Discovered)?;
                    c.current_job_id = Some(j.job_id.clone());
                    if let Some(lock) = &lock {
                        lock_tx(tx, &c.context_id, lock)?;
                        c.active_operation = Operation::parse(&lock.operation);
                        c.active_operation_job_id = Some(lock.owner.clone());
                    }
                    Ok(InsertContextWithJob::Inserted(Box::new(c), Box::new(j)))
                }
                Err(context_id) => Ok(InsertContextWithJob::Exists { context_id }),
            })?)
    }

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

    async fn delete_context(
        &self,
        context_id: &str,
        expected: Status,
        lock_owner: Option<&str>,
    ) -> Result<DeleteContext> {
        let result = self.db.write(|tx| {
            let jobs: i64 = tx
                .prepare_cached("SELECT COUNT(*) FROM replication_jobs WHERE context_id = ?1")?
                .query_row(params![context_id], |r| r.get(0))?;
            let deleted = tx
                .prepare_cached(
                    "DELETE FROM vm_replication_contexts
                     WHERE context_id = ?1 AND current_status = ?2
                       AND (active_operation IS NULL OR active_operation_job_id = ?3)
                       AND NOT EXISTS (SELECT 1 FROM replication_jobs
                                       WHERE context_id = ?1 AND status IN ('pending', 'running'))",
                )?
                .execute(params![context_id, expected.as_str(), lock_owner])?;
            if deleted == 0 {
                return Err(DbError::Conflict);
            }
            Ok(from_sql_u64(jobs))
        });
        Ok(or_conflict(
            result,
            |jobs_deleted| DeleteContext::Deleted { jobs_deleted },
            DeleteContext::Conflict,
        )?)
    }

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

    async fn upsert_volume(&self, v: &VolumeRecord) -> Result<()> {
        Ok(self.db.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO volumes (volume_id, context_id, disk_id, name, size_bytes,
                     device_path, export_name, created_by_job_id, created_at, owner_job_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (volume_id) DO UPDATE SET device_path = excluded.device_path,
                     owner_job_id = excluded.owner_job_id",
            )?
            .execute(params![
                v.volume_id,
                v.context_id,
                v.disk_id,
                v.name,
                to_sql_u64(v.size_bytes),
                v.device_path,
                v.export_name,
                v.created_by_job_id,
                ts(v.created_at),
                v.owner_job_id
            ])?;
            Ok(())
        })?)
    }

    async fn context_volumes(&self, context_id: &str) -> Result<Vec<VolumeRecord>> {
        Ok(self.db.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT volume_id, context_id, disk_id, name, size_bytes, device_path,
                        export_name, created_by_job_id, created_at, owner_job_id
                 FROM volumes WHERE context_id = ?1 ORDER BY rowid",
            )?;
            collect(stmt.query(params![context_id])?, |r| {
                Ok(VolumeRecord {
                    volume_id: r.get(0)?,
                    context_id: r.get(1)?,
                    disk_id: r.get(2)?,
                    name: r.get(3)?,
                    size_bytes: from_sql_u64(r.get(4)?),
                    device_path: r.get(5)?,
                    export_name: r.get(6)?,
                    created_by_job_id: r.get(7)?,
                    created_at: parse_ts("volumes.created_at", &r.get::<_, String>(8)?)?,
                    owner_job_id: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
                })
            })
        })?)
    }

    async fn delete_volume_record(&self, volume_id: &str) -> Result<()> {
        Ok(self.db.write(|tx| {
            tx.prepare_cached("DELETE FROM volumes WHERE volume_id = ?1")?
                .execute(params![volume_id])?;
            Ok(())
        })?)
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

    async fn hand_over_volumes(
        &self,
        context_id: &str,
        vm_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        Ok(ownership::hand_over_volumes(
            &self.db, context_id, vm_id, now,
        )?)
    }

    async fn handed_over_volumes(&self) -> Result<Vec<HandedOverVolume>> {
        Ok(ownership::handed_over_volumes(&self.db)?)
    }

    async fn note_orphans(
        &self,
        resources: &[String],
        now: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>> {
        Ok(ownership::note_orphans(&self.db, resources, now)?)
    }

    async fn upsert_failover_job(&self, f: &FailoverJob) -> Result<()> {
        Ok(self.db.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO failover_jobs (failover_job_id, context_id, kind, status,
                     destination_vm_name, destination_vm_id, log_job_id, created_at, updated_at,
                     clones)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (failover_job_id) DO UPDATE SET status = excluded.status,
                     destination_vm_id = excluded.destination_vm_id,
                     updated_at = excluded.updated_at, clones = excluded.clones",
            )?
            .execute(params![
                f.failover_job_id,
                f.context_id,
                f.kind.as_str(),
                f.status.as_str(),
                f.destination_vm_name,
                f.destination_vm_id,
                f.log_job_id,
                ts(f.created_at),
                ts(f.updated_at),
                serde_json::to_string(&f.clones)?
            ])?;
            Ok(())
        })?)
    }

    async fn failover_jobs(&self, context_id: &str) -> Result<Vec<FailoverJob>> {
        Ok(self.db.read(|tx| {
            let mut stmt = tx.prepare_cached(select_failover!(
                "WHERE context_id = ?1 ORDER BY created_at DESC, rowid DESC"
            ))?;
            collect(stmt.query(params![context_id])?, failover_from_row)
        })?)
    }

    async fn open_failover_job(
        &self,
        context_id: &str,
        kind: FailoverKind,
    ) -> Result<Option<FailoverJob>> {
        Ok(self.db.read(|tx| {
            let mut stmt = tx.prepare_cached(select_failover!(
                "WHERE context_id = ?1 AND kind = ?2 AND status IN ('in_progress', 'active')"
            ))?;
            Ok(collect(
                stmt.query(params![context_id, kind.as_str()])?,
                failover_from_row,
            )?
            .pop())
        })?)
    }

    async fn get_failover_job(&self, id: &str) -> Result<Option<FailoverJob>> {
        Ok(self.db.read(|tx| {
            let mut stmt = tx.prepare_cached(select_failover!("WHERE failover_job_id = ?1"))?;
            Ok(collect(stmt.query(params![id])?, failover_from_row)?.pop())
        })?)
    }

    async fn get_context(&self, context_id: &str) -> Result<Option<ReplicationContext>> {
        Ok(self.db.read(|tx| context_by_id(tx, context_id))?)
    }

    async fn find_contexts(&self, r: &ContextRef) -> Result<Vec<ReplicationContext>> {
        Ok(self.db.read(|tx| match r {
            ContextRef::ContextId(id) => Ok(context_by_id(tx, id)?.into_iter().collect()),
            ContextRef::Vm(identity) => {
                let mut stmt = tx.prepare_cached(select_context!(
                    "WHERE vcenter_host = ?1 AND vmware_vm_id = ?2"
                ))?;
                let rows = stmt.query(params![identity.vcenter_host, identity.vmware_vm_id])?;
                collect(rows, context_from_row)
            }
            ContextRef::VmwareVmId(id) => {
                let mut stmt = tx.prepare_cached(select_context!(
                    "WHERE vmware_vm_id = ?1 ORDER BY context_id LIMIT 1000"
                ))?;
                collect(stmt.query(params![id])?, context_from_row)
            }
            ContextRef::VmName(name) => {
                let mut stmt = tx.prepare_cached(select_context!(
                    "WHERE vm_name = ?1 ORDER BY context_id LIMIT 1000"
                ))?;
                collect(stmt.query(params![name])?, context_from_row)
            }
        })?)
    }

    async fn list_contexts(&self, f: &ContextFilter) -> Result<Vec<ReplicationContext>> {
        let (limit, offset) = (page_limit(f.limit), page_offset(f.offset));
        Ok(self.db.read(|tx| match f.status {
            Some(status) => {
                let mut stmt = tx.prepare_cached(select_context!(
                    "WHERE current_status = ?1 ORDER BY context_id LIMIT ?2 OFFSET ?3"
                ))?;
                collect(
                    stmt.query(params![status.as_str(), limit, offset])?,
                    context_from_row,
                )
            }
            None => {
                let mut stmt =
                    tx.prepare_cached(select_context!("ORDER BY context_id LIMIT ?1 OFFSET ?2"))?;
                collect(stmt.query(params![limit, offset])?, context_from_row)
            }
        })?)
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
        Ok(self.db.read(|tx| {
            let mut stmt = match (&f.context_id, status) {
                (Some(_), _) => tx.prepare_cached(select_job!(
                    "WHERE context_id = ?1 AND (?2 IS NULL OR status = ?2)
                     ORDER BY started_at DESC, rowid DESC LIMIT ?3 OFFSET ?4"
                ))?,
                (None, Some(_)) => tx.prepare_cached(select_job!(
                    "WHERE ?1 IS NULL AND status = ?2
                     ORDER BY started_at DESC, rowid DESC LIMIT ?3 OFFSET ?4"
                ))?,
                (None, None) => tx.prepare_cached(select_job!(
                    "WHERE ?1 IS NULL AND ?2 IS NULL
                     ORDER BY started_at DESC, rowid DESC LIMIT ?3 OFFSET ?4"
                ))?,
            };
            collect(
                stmt.query(params![f.context_id, status, limit, offset])?,
                job_from_row,
            )
        })?)
    }

    async fn insert_schedule(&self, schedule: &Schedule) -> Result<Result<(), String>> {
        Ok(groups::insert_schedule(&self.db, schedule)?)
    }

    async fn get_schedule(&self, schedule_id: &str) -> Result<Option<Schedule>> {
        Ok(groups::schedules(&self.db, Some(schedule_id))?.pop())
    }

    async fn list_schedules(&self) -> Result<Vec<Schedule>> {
        Ok(groups::schedules(&self.db, None)?)
    }

    async fn set_schedule_enabled(&self, schedule_id: &str, enabled: bool) -> Result<bool> {
        Ok(groups::set_schedule_enabled(
            &self.db,
            schedule_id,
            enabled,
        )?)
    }

    async fn insert_group(&self, group: &VmGroup) -> Result<Result<(), String>> {
        Ok(groups::insert_group(&self.db, group)?)
    }

    async fn get_group(&self, group_id: &str) -> Result<Option<VmGroup>> {
        Ok(groups::groups(&self.db, Some(group_id), None)?.pop())
    }

    async fn list_groups(&self) -> Result<Vec<VmGroup>> {
        Ok(groups::groups(&self.db, None, None)?)
    }

    async fn set_group_schedule(&self, group_id: &str, schedule_id: Option<&str>) -> Result<bool> {
        Ok(groups::set_group_schedule(&self.db, group_id, schedule_id)?)
    }

    async fn insert_group_member(&self, member: &GroupMember) -> Result<Result<(), String>> {
        Ok(groups::insert_member(&self.db, member)?)
    }

    async fn delete_group_member(&self, context_id: &str) -> Result<bool> {
        Ok(groups::delete_member(&self.db, context_id)?)
    }

    async fn group_members(&self, group_id: &str) -> Result<Vec<GroupMember>> {
        Ok(groups::members(&self.db, group_id)?)
    }

    async fn insert_schedule_execution(&self, execution: &ScheduleExecution) -> Result<bool> {
        Ok(groups::insert_execution(&self.db, execution)?)
    }

    async fn update_schedule_execution(&self, execution: &ScheduleExecution) -> Result<()> {
        Ok(groups::update_execution(&self.db, execution)?)
    }

    async fn last_schedule_due(&self, schedule_id: &str) -> Result<Option<DateTime<Utc>>> {
        Ok(groups::last_due(&self.db, schedule_id)?)
    }

    async fn list_schedule_executions(
        &self,
        schedule_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ScheduleExecution>> {
        Ok(groups::executions(&self.db, schedule_id, limit)?)
    }
}
