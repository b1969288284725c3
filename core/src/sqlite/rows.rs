//! Conversions between model values and SQLite columns, and the rows the
//! store's aggregates share: contexts and jobs (their columns, their mapping,
//! their look-up by id inside a transaction).

use super::db::DbError;
use crate::lifecycle::Operation;
use crate::model::response::{DEFAULT_PAGE, MAX_PAGE};
use crate::model::{JobStatus, ReplicationContext, ReplicationJob, ReplicationType, Status};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, Row, params};

/// Timestamps are stored as fixed-width RFC 3339 text (microseconds, `Z`), so
/// text order is time order.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn parse_ts(column: &'static str, s: &str) -> Result<DateTime<Utc>, DbError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| DbError::Corrupt {
            column,
            value: s.to_owned(),
        })
}

pub(crate) fn parse_opt_ts(
    column: &'static str,
    s: Option<String>,
) -> Result<Option<DateTime<Utc>>, DbError> {
    s.map(|s| parse_ts(column, &s)).transpose()
}

pub(crate) fn parse_enum<T>(
    column: &'static str,
    s: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, DbError> {
    parse(s).ok_or_else(|| DbError::Corrupt {
        column,
        value: s.to_owned(),
    })
}

pub(crate) fn page_limit(limit: Option<u32>) -> i64 {
    i64::from(limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE))
}

pub(crate) fn page_offset(offset: u64) -> i64 {
    i64::try_from(offset).unwrap_or(i64::MAX)
}

/// The (started_at, id) a newest-first page starts before: the cursor's, or
/// past every stored row for the first page ("~" sorts after every time
/// stamp), so every page runs the same index range scan. Rows of one time
/// stamp are ordered by insertion (rowid, found from the id: a cursor whose
/// row was deleted since repeats that time stamp's rows rather than skip any).
pub(crate) fn keyset_before(after: Option<&str>) -> crate::Result<(String, String)> {
    Ok(match after {
        Some(c) => {
            let (at, id) = crate::model::cursor::parse_started(c)?;
            (ts(at), id)
        }
        None => ("~".to_owned(), String::new()),
    })
}

/// `u64` counters are stored as SQLite's signed 64-bit integers.
pub(crate) fn to_sql_u64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

pub(crate) fn from_sql_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// Every row of `rows`, mapped.
pub(crate) fn collect<T>(
    mut rows: rusqlite::Rows<'_>,
    map: impl Fn(&rusqlite::Row<'_>) -> Result<T, DbError>,
) -> Result<Vec<T>, DbError> {
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(map(row)?);
    }
    Ok(out)
}

/// Whether `e` is a violation of a UNIQUE or PRIMARY KEY constraint.
pub(crate) fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
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

pub(crate) fn context_from_row(row: &Row<'_>) -> Result<ReplicationContext, DbError> {
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

pub(crate) fn job_from_row(row: &Row<'_>) -> Result<ReplicationJob, DbError> {
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

/// One context by id, inside a transaction.
pub(crate) fn context_by_id(
    tx: &Connection,
    id: &str,
) -> Result<Option<ReplicationContext>, DbError> {
    let mut stmt = tx.prepare_cached(select_context!("WHERE context_id = ?1"))?;
    let rows = stmt.query(params![id])?;
    Ok(collect(rows, context_from_row)?.pop())
}

/// One job by id, inside a transaction.
pub(crate) fn job_by_id(tx: &Connection, id: &str) -> Result<Option<ReplicationJob>, DbError> {
    let mut stmt = tx.prepare_cached(select_job!("WHERE job_id = ?1"))?;
    let rows = stmt.query(params![id])?;
    Ok(collect(rows, job_from_row)?.pop())
}
