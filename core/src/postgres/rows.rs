//! Conversions between model values and PostgreSQL columns, and the rows the
//! store's aggregates share: contexts and jobs (their columns, their mapping,
//! their look-up by id inside a transaction).

use super::connection::Session;
use super::error::PgError;
use crate::lifecycle::Operation;
use crate::model::response::{DEFAULT_PAGE, MAX_PAGE};
use crate::model::{JobStatus, ReplicationContext, ReplicationJob, ReplicationType, Status};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use tokio_postgres::Row;
use tokio_postgres::types::{FromSql, Json};

/// Column `idx` of `row`; a type mismatch is an error, never a panic.
pub(crate) fn col<'a, T: FromSql<'a>>(row: &'a Row, idx: usize) -> Result<T, PgError> {
    Ok(row.try_get(idx)?)
}

/// A JSON (`jsonb`) column.
pub(crate) fn json_col<T: DeserializeOwned>(row: &Row, idx: usize) -> Result<T, PgError> {
    Ok(row.try_get::<_, Json<T>>(idx)?.0)
}

/// A text column holding an enum's wire name.
pub(crate) fn enum_col<T>(
    row: &Row,
    idx: usize,
    column: &'static str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, PgError> {
    let s: &str = row.try_get(idx)?;
    parse(s).ok_or_else(|| PgError::Corrupt {
        column,
        value: s.to_owned(),
    })
}

/// A `u32` kept in a BIGINT column.
pub(crate) fn u32_col(row: &Row, idx: usize, column: &'static str) -> Result<u32, PgError> {
    let v: i64 = row.try_get(idx)?;
    u32::try_from(v).map_err(|_| PgError::Corrupt {
        column,
        value: v.to_string(),
    })
}

/// A `u64` kept in a BIGINT column (PostgreSQL has no unsigned integers).
pub(crate) fn u64_col(row: &Row, idx: usize) -> Result<u64, PgError> {
    Ok(from_sql_u64(row.try_get(idx)?))
}

pub(crate) fn to_sql_u64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

pub(crate) fn from_sql_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

pub(crate) fn page_limit(limit: Option<u32>) -> i64 {
    i64::from(limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE))
}

/// The (started_at, id) a newest-first page starts before: the cursor's, or
/// past every stored row for the first page, so every page runs the same
/// index range scan. Rows of one time stamp are ordered by insertion (`seq`,
/// found from the id: a cursor whose row was deleted since repeats that
/// time stamp's rows rather than skip any).
pub(crate) fn keyset_before(after: Option<&str>) -> crate::Result<(DateTime<Utc>, String)> {
    Ok(match after {
        Some(c) => crate::model::cursor::parse_started(c)?,
        None => (DateTime::<Utc>::MAX_UTC, String::new()),
    })
}

pub(crate) fn page_offset(offset: u64) -> i64 {
    i64::try_from(offset).unwrap_or(i64::MAX)
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
pub(crate) use select_context;

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
pub(crate) use select_job;

pub(crate) fn context_from_row(row: &Row) -> Result<ReplicationContext, PgError> {
    Ok(ReplicationContext {
        context_id: col(row, 0)?,
        vm_name: col(row, 1)?,
        vmware_vm_id: col(row, 2)?,
        vcenter_host: col(row, 3)?,
        datacenter: col(row, 4)?,
        ossea_config_id: col(row, 5)?,
        target_network: col(row, 6)?,
        source_vm: json_col(row, 7)?,
        current_status: enum_col(row, 8, "current_status", Status::parse)?,
        current_job_id: col(row, 9)?,
        last_successful_job_id: col(row, 10)?,
        last_change_id: col(row, 11)?,
        active_operation: col::<Option<&str>>(row, 12)?
            .map(|s| {
                Operation::parse(s).ok_or_else(|| PgError::Corrupt {
                    column: "active_operation",
                    value: s.to_owned(),
                })
            })
            .transpose()?,
        active_operation_job_id: col(row, 13)?,
        last_error: col(row, 14)?,
        created_at: col(row, 15)?,
        updated_at: col(row, 16)?,
        last_status_change: col(row, 17)?,
        last_change_ids: json_col(row, 18)?,
    })
}

pub(crate) fn job_from_row(row: &Row) -> Result<ReplicationJob, PgError> {
    Ok(ReplicationJob {
        job_id: col(row, 0)?,
        context_id: col(row, 1)?,
        replication_type: enum_col(row, 2, "replication_type", ReplicationType::parse)?,
        status: enum_col(row, 3, "status", JobStatus::parse)?,
        previous_status: enum_col(row, 4, "previous_status", Status::parse)?,
        progress_percent: col(row, 5)?,
        bytes_transferred: u64_col(row, 6)?,
        total_bytes: col::<Option<i64>>(row, 7)?.map(from_sql_u64),
        change_id: col(row, 8)?,
        previous_change_id: col(row, 9)?,
        new_change_id: col(row, 10)?,
        snapshot_id: col(row, 11)?,
        schedule_execution_id: col(row, 12)?,
        vm_group_id: col(row, 13)?,
        scheduled_by: col(row, 14)?,
        created_volumes: u32_col(row, 15, "created_volumes")?,
        mounted_volumes: u32_col(row, 16, "mounted_volumes")?,
        error: col(row, 17)?,
        started_at: col(row, 18)?,
        updated_at: col(row, 19)?,
        finished_at: col(row, 20)?,
        previous_change_ids: json_col(row, 21)?,
        new_change_ids: json_col(row, 22)?,
        disk_progress: json_col(row, 23)?,
    })
}

/// Every row mapped.
pub(crate) fn collect<T>(
    rows: &[Row],
    map: impl Fn(&Row) -> Result<T, PgError>,
) -> Result<Vec<T>, PgError> {
    rows.iter().map(map).collect()
}

/// One context by id, inside a session.
pub(crate) async fn context_by_id(
    s: &Session,
    id: &str,
) -> Result<Option<ReplicationContext>, PgError> {
    s.query_opt(select_context!("WHERE context_id = $1"), &[&id])
        .await?
        .as_ref()
        .map(context_from_row)
        .transpose()
}

/// One job by id, inside a session.
pub(crate) async fn job_by_id(s: &Session, id: &str) -> Result<Option<ReplicationJob>, PgError> {
    s.query_opt(select_job!("WHERE job_id = $1"), &[&id])
        .await?
        .as_ref()
        .map(job_from_row)
        .transpose()
}
