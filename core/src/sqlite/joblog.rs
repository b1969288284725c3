//! The job log in the same SQLite file as the store.
//!
//! [`SqliteJobLog::append`] only queues: a flusher thread writes the queued
//! records in batches of their own at most ~20 ms after the first of them
//! (see `background`), never inside a state write's transaction, so the log
//! costs a state write nothing and can never fail or roll one back. A process
//! killed outright can lose those last milliseconds of log, never state.

use super::db::{Database, DbError};
use super::rows::{keyset_before, page_limit, page_offset, parse_enum, parse_opt_ts, parse_ts, ts};
use crate::error::Result;
use crate::ports::{JobLog, LogEvent, LogFilter, LogJob, LogRecord, LogStatus, LogStep};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};

/// The SQLite job log.
#[derive(Debug, Clone)]
pub struct SqliteJobLog {
    db: Database,
}

impl SqliteJobLog {
    /// A job log in `db`.
    pub fn new(db: Database) -> Self {
        SqliteJobLog { db }
    }

    /// Writes what is queued before a query; a query still answers what is
    /// stored when that fails (the failure is traced and retried later).
    fn flush_for_read(&self) {
        if let Err(e) = self.db.flush_log() {
            tracing::warn!(target: "migratekit::joblog::writer", error = %e, "job log flush failed before a query");
        }
    }
}

/// Writes queued records, in order, inside the caller's transaction.
///
/// A job or step that started and finished within one batch (most of them:
/// the flusher lingers ~20 ms) is written as one row in its final state
/// rather than an insert and an update.
pub(crate) fn write_records(tx: &Connection, records: &[LogRecord]) -> Result<(), DbError> {
    use std::collections::HashMap;
    let mut job_ends = HashMap::new();
    let mut step_ends = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        match r {
            LogRecord::JobFinished { job_id, .. } => {
                job_ends.insert(job_id.as_str(), i);
            }
            LogRecord::StepFinished { job_id, seq, .. } => {
                step_ends.insert((job_id.as_str(), *seq), i);
            }
            _ => {}
        }
    }
    let mut merged = vec![false; records.len()];
    for (i, r) in records.iter().enumerate() {
        if merged[i] {
            continue;
        }
        match r {
            LogRecord::JobStarted {
                job_id,
                operation,
                context_id,
                correlation_id,
                parent_job_id,
                at,
            } => {
                let end = job_ends.get(job_id.as_str()).filter(|&&e| e > i);
                let (status, error, finished_at, final_context) = match end.map(|&e| &records[e]) {
                    Some(LogRecord::JobFinished {
                        status,
                        error,
                        at,
                        context_id,
                        ..
                    }) => (status.as_str(), error.as_deref(), Some(ts(*at)), context_id),
                    _ => ("running", None, None, &None),
                };
                if let Some(&e) = end {
                    merged[e] = true;
                }
                tx.prepare_cached(
                    "INSERT INTO log_jobs (job_id, operation, context_id, correlation_id,
                         parent_job_id, status, started_at, error, finished_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT (job_id) DO NOTHING",
                )?
                .execute(params![
                    job_id,
                    operation,
                    final_context.as_ref().or(context_id.as_ref()),
                    correlation_id,
                    parent_job_id,
                    status,
                    ts(*at),
                    error,
                    finished_at,
                ])?;
            }
            LogRecord::StepStarted {
                job_id,
                seq,
                name,
                at,
            } => {
                let end = step_ends.get(&(job_id.as_str(), *seq)).filter(|&&e| e > i);
                let (status, error, finished_at) = match end.map(|&e| &records[e]) {
                    Some(LogRecord::StepFinished {
                        status, error, at, ..
                    }) => (status.as_str(), error.as_deref(), Some(ts(*at))),
                    _ => ("running", None, None),
                };
                if let Some(&e) = end {
                    merged[e] = true;
                }
                tx.prepare_cached(
                    "INSERT INTO log_steps (job_id, seq, name, status, started_at, error,
                         finished_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (job_id, seq) DO NOTHING",
                )?
                .execute(params![
                    job_id,
                    seq,
                    name,
                    status,
                    ts(*at),
                    error,
                    finished_at
                ])?;
            }
            LogRecord::StepFinished {
                job_id,
                seq,
                status,
                error,
                at,
            } => {
                tx.prepare_cached(
                    "UPDATE log_steps SET status = ?3, error = ?4, finished_at = ?5
                     WHERE job_id = ?1 AND seq = ?2",
                )?
                .execute(params![job_id, seq, status.as_str(), error, ts(*at)])?;
            }
            LogRecord::Event {
                job_id,
                seq,
                level,
                target,
                message,
                at,
            } => {
                tx.prepare_cached(
                    "INSERT INTO log_events (job_id, seq, at, level, target, message)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![job_id, seq, ts(*at), level, target, message])?;
            }
            LogRecord::JobFinished {
                job_id,
                status,
                context_id,
                error,
                at,
            } => {
                tx.prepare_cached(
                    "UPDATE log_jobs SET status = ?2, error = ?3, finished_at = ?4,
                         context_id = COALESCE(?5, context_id)
                     WHERE job_id = ?1",
                )?
                .execute(params![
                    job_id,
                    status.as_str(),
                    error,
                    ts(*at),
                    context_id
                ])?;
            }
        }
    }
    Ok(())
}

fn log_job_from_row(row: &Row<'_>) -> Result<LogJob, DbError> {
    Ok(LogJob {
        job_id: row.get(0)?,
        operation: row.get(1)?,
        context_id: row.get(2)?,
        correlation_id: row.get(3)?,
        parent_job_id: row.get(4)?,
        status: parse_enum(
            "log_jobs.status",
            &row.get::<_, String>(5)?,
            LogStatus::parse,
        )?,
        error: row.get(6)?,
        started_at: parse_ts("log_jobs.started_at", &row.get::<_, String>(7)?)?,
        finished_at: parse_opt_ts("log_jobs.finished_at", row.get(8)?)?,
        steps: Vec::new(),
    })
}

fn read_log_job(tx: &Connection, job_id: &str) -> Result<Option<LogJob>, DbError> {
    let mut stmt = tx.prepare_cached(
        "SELECT job_id, operation, context_id, correlation_id, parent_job_id,
                status, error, started_at, finished_at
         FROM log_jobs WHERE job_id = ?1",
    )?;
    let mut rows = stmt.query(params![job_id])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let mut job = log_job_from_row(row)?;
    drop(rows);

    let mut stmt = tx.prepare_cached(
        "SELECT seq, name, status, error, started_at, finished_at
         FROM log_steps WHERE job_id = ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query(params![job_id])?;
    while let Some(row) = rows.next()? {
        job.steps.push(LogStep {
            seq: row.get(0)?,
            name: row.get(1)?,
            status: parse_enum(
                "log_steps.status",
                &row.get::<_, String>(2)?,
                LogStatus::parse,
            )?,
            error: row.get(3)?,
            started_at: parse_ts("log_steps.started_at", &row.get::<_, String>(4)?)?,
            finished_at: parse_opt_ts("log_steps.finished_at", row.get(5)?)?,
            events: Vec::new(),
        });
    }
    drop(rows);

    let mut stmt = tx.prepare_cached(
        "SELECT seq, at, level, target, message
         FROM log_events WHERE job_id = ?1 ORDER BY seq, id",
    )?;
    let mut rows = stmt.query(params![job_id])?;
    while let Some(row) = rows.next()? {
        let seq: u32 = row.get(0)?;
        let event = LogEvent {
            at: parse_ts("log_events.at", &row.get::<_, String>(1)?)?,
            level: row.get(2)?,
            target: row.get(3)?,
            message: row.get(4)?,
        };
        if let Some(step) = job.steps.iter_mut().find(|s| s.seq == seq) {
            step.events.push(event);
        }
    }
    Ok(Some(job))
}

fn list_log_jobs(
    tx: &Connection,
    f: &LogFilter,
    (at, id): &(String, String),
) -> Result<Vec<LogJob>, DbError> {
    let status = f.status.map(LogStatus::as_str);
    let (limit, offset) = (page_limit(f.limit), page_offset(f.offset));
    // One static statement per leading filter, so each can use its index.
    let sql = match (&f.context_id, status) {
        (Some(_), _) => {
            "SELECT job_id, operation, context_id, correlation_id, parent_job_id,
                    status, error, started_at, finished_at
             FROM log_jobs
             WHERE context_id = ?1 AND (?2 IS NULL OR status = ?2)
               AND (?3 IS NULL OR operation = ?3) AND (started_at, rowid) < (?6, COALESCE(
                 (SELECT rowid FROM log_jobs WHERE job_id = ?7), 9223372036854775807))
             ORDER BY started_at DESC, rowid DESC LIMIT ?4 OFFSET ?5"
        }
        (None, Some(_)) => {
            "SELECT job_id, operation, context_id, correlation_id, parent_job_id,
                    status, error, started_at, finished_at
             FROM log_jobs
             WHERE ?1 IS NULL AND status = ?2 AND (?3 IS NULL OR operation = ?3)
               AND (started_at, rowid) < (?6, COALESCE(
                 (SELECT rowid FROM log_jobs WHERE job_id = ?7), 9223372036854775807))
             ORDER BY started_at DESC, rowid DESC LIMIT ?4 OFFSET ?5"
        }
        (None, None) => {
            "SELECT job_id, operation, context_id, correlation_id, parent_job_id,
                    status, error, started_at, finished_at
             FROM log_jobs
             WHERE ?1 IS NULL AND ?2 IS NULL AND (?3 IS NULL OR operation = ?3)
               AND (started_at, rowid) < (?6, COALESCE(
                 (SELECT rowid FROM log_jobs WHERE job_id = ?7), 9223372036854775807))
             ORDER BY started_at DESC, rowid DESC LIMIT ?4 OFFSET ?5"
        }
    };
    let mut stmt = tx.prepare_cached(sql)?;
    let mut rows = stmt.query(params![
        f.context_id,
        status,
        f.operation,
        limit,
        offset,
        at,
        id
    ])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(log_job_from_row(row)?);
    }
    Ok(out)
}

fn prune_before(tx: &Connection, before: DateTime<Utc>) -> Result<u64, DbError> {
    let before = ts(before);
    tx.prepare_cached(
        "DELETE FROM log_events WHERE job_id IN
            (SELECT job_id FROM log_jobs WHERE finished_at IS NOT NULL AND finished_at < ?1)",
    )?
    .execute(params![before])?;
    tx.prepare_cached(
        "DELETE FROM log_steps WHERE job_id IN
            (SELECT job_id FROM log_jobs WHERE finished_at IS NOT NULL AND finished_at < ?1)",
    )?
    .execute(params![before])?;
    let n = tx
        .prepare_cached("DELETE FROM log_jobs WHERE finished_at IS NOT NULL AND finished_at < ?1")?
        .execute(params![before])?;
    Ok(n as u64)
}

#[async_trait]
impl JobLog for SqliteJobLog {
    fn append(&self, record: LogRecord) {
        self.db.append_log(record);
    }

    async fn flush(&self) -> Result<()> {
        Ok(self.db.flush_log()?)
    }

    async fn get_job(&self, job_id: &str) -> Result<Option<LogJob>> {
        self.flush_for_read();
        Ok(self.db.read(|tx| read_log_job(tx, job_id))?)
    }

    async fn list_jobs(&self, filter: &LogFilter) -> Result<Vec<LogJob>> {
        let keyset = keyset_before(filter.after.as_deref())?;
        self.flush_for_read();
        Ok(self.db.read(|tx| list_log_jobs(tx, filter, &keyset))?)
    }

    async fn prune(&self, before: DateTime<Utc>) -> Result<u64> {
        // What was appended before the prune is pruned too.
        self.flush_for_read();
        Ok(self.db.write(|tx| prune_before(tx, before))?)
    }
}
