//! The job log in the same PostgreSQL database as the store.
//!
//! [`PostgresJobLog::append`] only queues: a flusher task on the database's
//! I/O thread writes what queued in one transaction after a few
//! milliseconds, off the path of the store's commits. A batch is five statements
//! whatever its size (one per kind of record, arrays bound as parameters):
//! inserts before updates, so a step's end always finds its start. A node
//! killed outright can lose those last milliseconds of log, never store
//! state. Queries (and [`JobLog::flush`]) write what is queued first, so a
//! process always reads its own log.

use super::connection::Session;
use super::db::Database;
use super::error::PgError;
use super::rows::{col, collect, enum_col, keyset_before, page_limit, page_offset};
use crate::error::Result;
use crate::ports::{JobLog, LogEvent, LogFilter, LogJob, LogRecord, LogStatus, LogStep};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio_postgres::Row;

/// How long appended records wait to be written with the ones after them.
const LOG_LINGER: Duration = Duration::from_millis(20);
/// Most records kept waiting while the log cannot be written.
const MAX_PENDING_LOG: usize = 100_000;
/// How long the last flush at close may take.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

/// The PostgreSQL job log. Cheap to clone; the last clone dropped writes
/// what is queued.
#[derive(Clone)]
pub struct PostgresJobLog {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for PostgresJobLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresJobLog")
            .field("db", &self.inner.db)
            .finish()
    }
}

struct Inner {
    db: Database,
    buffer: Arc<Buffer>,
    /// Answers once the flusher wrote what was queued at close.
    closed: Mutex<Option<std::sync::mpsc::Receiver<()>>>,
}

/// Records appended and not yet written.
#[derive(Default)]
struct Buffer {
    records: Mutex<Vec<LogRecord>>,
    wake: tokio::sync::Notify,
    closed: AtomicBool,
    /// Held while a batch is taken and written, so batches land in order
    /// (a step's end never before its start) whoever writes them.
    writing: tokio::sync::Mutex<()>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock left no half-written state behind.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Buffer {
    /// Puts `records` back before anything appended since, dropping the
    /// oldest beyond [`MAX_PENDING_LOG`].
    fn requeue(&self, records: Vec<LogRecord>) {
        let mut pending = lock(&self.records);
        let newer = std::mem::replace(&mut *pending, records);
        pending.extend(newer);
        if pending.len() > MAX_PENDING_LOG {
            let lost = pending.len() - MAX_PENDING_LOG;
            pending.drain(..lost);
            tracing::error!(lost, "job log records dropped: the log cannot be written");
        }
    }

    /// Writes everything queued now through `db`; on failure the records
    /// wait for the next attempt.
    async fn write_pending(&self, db: &Database) -> std::result::Result<(), PgError> {
        let _writing = self.writing.lock().await;
        let records = std::mem::take(&mut *lock(&self.records));
        if records.is_empty() {
            return Ok(());
        }
        let batch = &records;
        match db
            .write(|tx| async move { write_records(&tx, batch).await })
            .await
        {
            Ok(()) => Ok(()),
            Err(e) => {
                self.requeue(records);
                Err(e)
            }
        }
    }
}

impl PostgresJobLog {
    /// A job log in `db`, with its flusher on the database's I/O thread.
    pub fn new(db: Database) -> Self {
        let buffer = Arc::new(Buffer::default());
        let (done, closed) = std::sync::mpsc::channel();
        db.io().spawn(flusher(buffer.clone(), db.clone(), done));
        PostgresJobLog {
            inner: Arc::new(Inner {
                db,
                buffer,
                closed: Mutex::new(Some(closed)),
            }),
        }
    }

    /// Writes what is queued before a query; a query still answers what is
    /// stored when that fails.
    async fn flush_for_read(&self) {
        if let Err(e) = self.inner.buffer.write_pending(&self.inner.db).await {
            tracing::warn!(target: "migratekit::joblog::writer", error = %e, "job log flush failed before a query");
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.buffer.closed.store(true, Ordering::Release);
        self.buffer.wake.notify_one();
        if let Some(closed) = lock(&self.closed).take() {
            // The flusher writes what is queued, within CLOSE_TIMEOUT; it
            // runs on the I/O thread, so waiting here cannot starve it.
            let _ = closed.recv_timeout(CLOSE_TIMEOUT + Duration::from_secs(1));
        }
    }
}

/// Writes records that waited [`LOG_LINGER`], and what is queued at close.
async fn flusher(buffer: Arc<Buffer>, db: Database, done: std::sync::mpsc::Sender<()>) {
    loop {
        if lock(&buffer.records).is_empty() && !buffer.closed.load(Ordering::Acquire) {
            buffer.wake.notified().await;
        }
        if buffer.closed.load(Ordering::Acquire) {
            let last = tokio::time::timeout(CLOSE_TIMEOUT, buffer.write_pending(&db)).await;
            let lost = lock(&buffer.records).len();
            match last {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::error!(error = %e, lost, "job log records lost at close"),
                Err(_) => tracing::error!(lost, "job log records lost at close: timed out"),
            }
            // Our handle on the database goes before the answer, so the
            // last handle (and the I/O runtime's shutdown) is the caller's.
            drop(db);
            let _ = done.send(());
            return;
        }
        tokio::time::sleep(LOG_LINGER).await;
        if let Err(e) = buffer.write_pending(&db).await {
            tracing::error!(error = %e, "job log flush failed; will retry");
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}

/// Writes `records` in order inside the caller's transaction: every kind in
/// one statement over arrays, inserts before updates.
pub(crate) async fn write_records(
    tx: &Session,
    records: &[LogRecord],
) -> std::result::Result<(), PgError> {
    let mut jobs = JobsStarted::default();
    let mut steps = StepsStarted::default();
    let mut events = Events::default();
    let mut ends = StepsFinished::default();
    let mut finished = JobsFinished::default();
    for r in records {
        match r {
            LogRecord::JobStarted {
                job_id,
                operation,
                context_id,
                correlation_id,
                parent_job_id,
                at,
            } => {
                jobs.job_id.push(job_id);
                jobs.operation.push(operation);
                jobs.context_id.push(context_id.as_deref());
                jobs.correlation_id.push(correlation_id.as_deref());
                jobs.parent_job_id.push(parent_job_id.as_deref());
                jobs.at.push(*at);
            }
            LogRecord::StepStarted {
                job_id,
                seq,
                name,
                at,
            } => {
                steps.job_id.push(job_id);
                steps.seq.push(i64::from(*seq));
                steps.name.push(name);
                steps.at.push(*at);
            }
            LogRecord::StepFinished {
                job_id,
                seq,
                status,
                error,
                at,
            } => {
                ends.job_id.push(job_id);
                ends.seq.push(i64::from(*seq));
                ends.status.push(status.as_str());
                ends.error.push(error.as_deref());
                ends.at.push(*at);
            }
            LogRecord::Event {
                job_id,
                seq,
                level,
                target,
                message,
                at,
            } => {
                events.job_id.push(job_id);
                events.seq.push(i64::from(*seq));
                events.at.push(*at);
                events.level.push(level);
                events.target.push(target);
                events.message.push(message);
            }
            LogRecord::JobFinished {
                job_id,
                status,
                context_id,
                error,
                at,
            } => {
                finished.job_id.push(job_id);
                finished.status.push(status.as_str());
                finished.context_id.push(context_id.as_deref());
                finished.error.push(error.as_deref());
                finished.at.push(*at);
            }
        }
    }
    if !jobs.job_id.is_empty() {
        tx.execute(
            "INSERT INTO log_jobs (job_id, operation, context_id, correlation_id,
                 parent_job_id, status, started_at)
             SELECT j, o, c, r, p, 'running', a
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                         $6::timestamptz[]) WITH ORDINALITY AS u(j, o, c, r, p, a, n)
             ORDER BY n
             ON CONFLICT (job_id) DO NOTHING",
            &[
                &jobs.job_id,
                &jobs.operation,
                &jobs.context_id,
                &jobs.correlation_id,
                &jobs.parent_job_id,
                &jobs.at,
            ],
        )
        .await?;
    }
    if !steps.job_id.is_empty() {
        tx.execute(
            "INSERT INTO log_steps (job_id, seq, name, status, started_at)
             SELECT j, q, nm, 'running', a
             FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[])
                  AS u(j, q, nm, a)
             ON CONFLICT (job_id, seq) DO NOTHING",
            &[&steps.job_id, &steps.seq, &steps.name, &steps.at],
        )
        .await?;
    }
    if !events.job_id.is_empty() {
        tx.execute(
            "INSERT INTO log_events (job_id, seq, at, level, target, message)
             SELECT j, q, a, l, t, m
             FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[],
                         $6::text[]) WITH ORDINALITY AS u(j, q, a, l, t, m, n)
             ORDER BY n",
            &[
                &events.job_id,
                &events.seq,
                &events.at,
                &events.level,
                &events.target,
                &events.message,
            ],
        )
        .await?;
    }
    if !ends.job_id.is_empty() {
        tx.execute(
            "UPDATE log_steps s SET status = u.st, error = u.err, finished_at = u.a
             FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[])
                  AS u(j, q, st, err, a)
             WHERE s.job_id = u.j AND s.seq = u.q",
            &[&ends.job_id, &ends.seq, &ends.status, &ends.error, &ends.at],
        )
        .await?;
    }
    if !finished.job_id.is_empty() {
        tx.execute(
            "UPDATE log_jobs l SET status = u.st, error = u.err, finished_at = u.a,
                 context_id = COALESCE(u.c, l.context_id)
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
                  AS u(j, st, c, err, a)
             WHERE l.job_id = u.j",
            &[
                &finished.job_id,
                &finished.status,
                &finished.context_id,
                &finished.error,
                &finished.at,
            ],
        )
        .await?;
    }
    Ok(())
}

#[derive(Default)]
struct JobsStarted<'a> {
    job_id: Vec<&'a str>,
    operation: Vec<&'a str>,
    context_id: Vec<Option<&'a str>>,
    correlation_id: Vec<Option<&'a str>>,
    parent_job_id: Vec<Option<&'a str>>,
    at: Vec<DateTime<Utc>>,
}

#[derive(Default)]
struct StepsStarted<'a> {
    job_id: Vec<&'a str>,
    seq: Vec<i64>,
    name: Vec<&'a str>,
    at: Vec<DateTime<Utc>>,
}

#[derive(Default)]
struct StepsFinished<'a> {
    job_id: Vec<&'a str>,
    seq: Vec<i64>,
    status: Vec<&'a str>,
    error: Vec<Option<&'a str>>,
    at: Vec<DateTime<Utc>>,
}

#[derive(Default)]
struct Events<'a> {
    job_id: Vec<&'a str>,
    seq: Vec<i64>,
    at: Vec<DateTime<Utc>>,
    level: Vec<&'a str>,
    target: Vec<&'a str>,
    message: Vec<&'a str>,
}

#[derive(Default)]
struct JobsFinished<'a> {
    job_id: Vec<&'a str>,
    status: Vec<&'a str>,
    context_id: Vec<Option<&'a str>>,
    error: Vec<Option<&'a str>>,
    at: Vec<DateTime<Utc>>,
}

fn log_job_from_row(row: &Row) -> std::result::Result<LogJob, PgError> {
    Ok(LogJob {
        job_id: col(row, 0)?,
        operation: col(row, 1)?,
        context_id: col(row, 2)?,
        correlation_id: col(row, 3)?,
        parent_job_id: col(row, 4)?,
        status: enum_col(row, 5, "log_jobs.status", LogStatus::parse)?,
        error: col(row, 6)?,
        started_at: col(row, 7)?,
        finished_at: col(row, 8)?,
        steps: Vec::new(),
    })
}

fn seq_of(v: i64) -> std::result::Result<u32, PgError> {
    u32::try_from(v).map_err(|_| PgError::Corrupt {
        column: "log_steps.seq",
        value: v.to_string(),
    })
}

async fn read_log_job(s: &Session, job_id: &str) -> std::result::Result<Option<LogJob>, PgError> {
    let Some(row) = s
        .query_opt(
            "SELECT job_id, operation, context_id, correlation_id, parent_job_id,
                    status, error, started_at, finished_at
             FROM log_jobs WHERE job_id = $1",
            &[&job_id],
        )
        .await?
    else {
        return Ok(None);
    };
    let mut job = log_job_from_row(&row)?;
    for row in s
        .query(
            "SELECT seq, name, status, error, started_at, finished_at
             FROM log_steps WHERE job_id = $1 ORDER BY seq",
            &[&job_id],
        )
        .await?
    {
        job.steps.push(LogStep {
            seq: seq_of(col(&row, 0)?)?,
            name: col(&row, 1)?,
            status: enum_col(&row, 2, "log_steps.status", LogStatus::parse)?,
            error: col(&row, 3)?,
            started_at: col(&row, 4)?,
            finished_at: col(&row, 5)?,
            events: Vec::new(),
        });
    }
    for row in s
        .query(
            "SELECT seq, at, level, target, message
             FROM log_events WHERE job_id = $1 ORDER BY seq, id",
            &[&job_id],
        )
        .await?
    {
        let seq = seq_of(col(&row, 0)?)?;
        let event = LogEvent {
            at: col(&row, 1)?,
            level: col(&row, 2)?,
            target: col(&row, 3)?,
            message: col(&row, 4)?,
        };
        if let Some(step) = job.steps.iter_mut().find(|st| st.seq == seq) {
            step.events.push(event);
        }
    }
    Ok(Some(job))
}

async fn list_log_jobs(
    s: &Session,
    f: &LogFilter,
    (at, id): (&DateTime<Utc>, &str),
) -> std::result::Result<Vec<LogJob>, PgError> {
    let status = f.status.map(LogStatus::as_str);
    let operation = f.operation.as_deref();
    let (limit, offset) = (page_limit(f.limit), page_offset(f.offset));
    // One static statement per leading filter, so each can use its index.
    let rows = match (f.context_id.as_deref(), status) {
        (Some(c), _) => {
            s.query(
                "SELECT job_id, operation, context_id, correlation_id, parent_job_id,
                        status, error, started_at, finished_at
                 FROM log_jobs
                 WHERE context_id = $1 AND ($2::text IS NULL OR status = $2)
                   AND ($3::text IS NULL OR operation = $3)
                   AND (started_at, seq) < ($6, COALESCE(
                     (SELECT seq FROM log_jobs WHERE job_id = $7), 9223372036854775807))
                 ORDER BY started_at DESC, seq DESC LIMIT $4 OFFSET $5",
                &[&c, &status, &operation, &limit, &offset, at, &id],
            )
            .await?
        }
        (None, Some(st)) => {
            s.query(
                "SELECT job_id, operation, context_id, correlation_id, parent_job_id,
                        status, error, started_at, finished_at
                 FROM log_jobs
                 WHERE status = $1 AND ($2::text IS NULL OR operation = $2)
                   AND (started_at, seq) < ($5, COALESCE(
                     (SELECT seq FROM log_jobs WHERE job_id = $6), 9223372036854775807))
                 ORDER BY started_at DESC, seq DESC LIMIT $3 OFFSET $4",
                &[&st, &operation, &limit, &offset, at, &id],
            )
            .await?
        }
        (None, None) => {
            s.query(
                "SELECT job_id, operation, context_id, correlation_id, parent_job_id,
                        status, error, started_at, finished_at
                 FROM log_jobs
                 WHERE ($1::text IS NULL OR operation = $1)
                   AND (started_at, seq) < ($4, COALESCE(
                     (SELECT seq FROM log_jobs WHERE job_id = $5), 9223372036854775807))
                 ORDER BY started_at DESC, seq DESC LIMIT $2 OFFSET $3",
                &[&operation, &limit, &offset, at, &id],
            )
            .await?
        }
    };
    collect(&rows, log_job_from_row)
}

#[async_trait]
impl JobLog for PostgresJobLog {
    fn append(&self, record: LogRecord) {
        let first = {
            let mut pending = lock(&self.inner.buffer.records);
            pending.push(record);
            pending.len() == 1
        };
        if first {
            // A permit is kept when the flusher is not waiting yet.
            self.inner.buffer.wake.notify_one();
        }
    }

    async fn flush(&self) -> Result<()> {
        Ok(self.inner.buffer.write_pending(&self.inner.db).await?)
    }

    async fn get_job(&self, job_id: &str) -> Result<Option<LogJob>> {
        self.flush_for_read().await;
        Ok(self
            .inner
            .db
            .snapshot(|s| async move { read_log_job(&s, job_id).await })
            .await?)
    }

    async fn list_jobs(&self, filter: &LogFilter) -> Result<Vec<LogJob>> {
        let (at, id) = keyset_before(filter.after.as_deref())?;
        let keyset = (&at, id.as_str());
        self.flush_for_read().await;
        Ok(self
            .inner
            .db
            .read(|s| async move { list_log_jobs(&s, filter, keyset).await })
            .await?)
    }

    async fn prune(&self, before: DateTime<Utc>) -> Result<u64> {
        // What was appended before the prune is pruned too.
        self.flush_for_read().await;
        Ok(self
            .inner
            .db
            .write(|tx| async move {
                tx.execute(
                    "DELETE FROM log_events WHERE job_id IN
                        (SELECT job_id FROM log_jobs
                         WHERE finished_at IS NOT NULL AND finished_at < $1)",
                    &[&before],
                )
                .await?;
                tx.execute(
                    "DELETE FROM log_steps WHERE job_id IN
                        (SELECT job_id FROM log_jobs
                         WHERE finished_at IS NOT NULL AND finished_at < $1)",
                    &[&before],
                )
                .await?;
                tx.execute(
                    "DELETE FROM log_jobs WHERE finished_at IS NOT NULL AND finished_at < $1",
                    &[&before],
                )
                .await
            })
            .await?)
    }
}
