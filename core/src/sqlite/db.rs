//! Connections to one SQLite file: one writer, a few readers, and the job-log
//! buffer whose records ride along in the writer's next transaction.

use super::{joblog, schema};
use crate::error::Error;
use crate::ports::LogRecord;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long a writer waits for another process's lock before `storage` error.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long appended log records may wait for a store write to carry them.
const LOG_LINGER: Duration = Duration::from_millis(20);
/// Most job-log records kept waiting while the log cannot be written.
const MAX_PENDING_LOG: usize = 100_000;
/// Idle reader connections kept open.
const MAX_IDLE_READERS: usize = 4;

/// The detailed error of the SQLite adapter; mapped to [`Error`] in one place.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DbError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("corrupt value in column {column}: {value:?}")]
    Corrupt { column: &'static str, value: String },
    #[error("schema version {found} is newer than this build")]
    Incompatible { found: u32 },
    /// A compare-and-set found another state: the transaction rolls back and
    /// the store reports a conflict, not an error.
    #[error("state changed concurrently")]
    Conflict,
}

impl From<DbError> for Error {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Incompatible { found } => Error::IncompatibleSchema {
                found,
                supported: schema::VERSION,
            },
            other => Error::Storage {
                details: other.to_string(),
            },
        }
    }
}

/// A SQLite database file shared by [`super::SqliteStore`] and
/// [`super::SqliteJobLog`]. Cheap to clone.
#[derive(Clone)]
pub struct Database {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    log: Arc<LogBuffer>,
}

/// Records appended and not yet written, and the flusher's wake-up.
pub(crate) struct LogBuffer {
    records: Mutex<Vec<LogRecord>>,
    /// Writes carrying records taken from `records` right now: a flush must
    /// wait for them (they put the records back when they fail).
    in_flight: std::sync::atomic::AtomicUsize,
    wake: Condvar,
    closed: AtomicBool,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.inner.path)
            .finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock left no half-written state behind:
    // an open transaction rolls back when its guard drops.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn connect(path: &Path) -> Result<Connection, DbError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// Whether `e` is SQLite's "database is busy / locked".
fn is_busy(e: &DbError) -> bool {
    matches!(
        e,
        DbError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            )
    )
}

/// Runs `f` again while it fails with SQLITE_BUSY, backing off from 1 ms to
/// 100 ms (with jitter, so racing processes spread out), until
/// [`BUSY_TIMEOUT`] has passed; then the last error stands.
fn retry_busy<T>(what: &str, mut f: impl FnMut() -> Result<T, DbError>) -> Result<T, DbError> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    let mut attempt = 0u32;
    loop {
        match f() {
            Err(e) if is_busy(&e) && started.elapsed() < BUSY_TIMEOUT => {
                attempt += 1;
                tracing::debug!(what, attempt, error = %e, "SQLite busy while opening; retrying");
                let jitter = u64::from(
                    SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .unwrap_or_default()
                        .subsec_nanos(),
                ) % (pause.as_micros() as u64 + 1);
                std::thread::sleep(pause + Duration::from_micros(jitter));
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

impl Database {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: impl AsRef<Path>) -> crate::Result<Database> {
        Ok(Self::open_inner(path.as_ref())?)
    }

    fn open_inner(path: &Path) -> Result<Database, DbError> {
        let mut writer = connect(path)?;
        // Several processes may open a new file at once: the switch to WAL
        // and the migration can meet SQLITE_BUSY without SQLite's busy
        // handler waiting (a lock upgrade it cannot wait for), so both retry
        // with backoff, within the busy timeout.
        let mode: String = retry_busy("journal_mode=WAL", || {
            Ok(writer.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?)
        })?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            tracing::warn!(journal_mode = %mode, "SQLite refused WAL mode");
        }
        retry_busy("migration", || schema::migrate(&mut writer))?;
        let log = Arc::new(LogBuffer {
            records: Mutex::new(Vec::new()),
            in_flight: std::sync::atomic::AtomicUsize::new(0),
            wake: Condvar::new(),
            closed: AtomicBool::new(false),
        });
        let inner = Arc::new(Inner {
            path: path.to_owned(),
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            log: log.clone(),
        });
        let weak = Arc::downgrade(&inner);
        std::thread::Builder::new()
            .name("migratekit-joblog".into())
            .spawn(move || flusher(log, weak))
            .map_err(|e| DbError::Corrupt {
                column: "thread",
                value: e.to_string(),
            })?;
        Ok(Database { inner })
    }

    /// The file this database lives in.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `f` in an IMMEDIATE transaction on the writer connection and
    /// commits only on `Ok`. The pending job-log records ride along in a
    /// savepoint of their own: when writing them fails, that savepoint rolls
    /// back, the failure is traced, the records wait for the next write, and
    /// the state write goes on. The job log never stops a state write.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        self.write_with_log(f).0
    }

    /// [`Database::write`], also answering whether the log records it took
    /// were written (`Err` with the log failure when not).
    fn write_with_log<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, DbError>,
    ) -> (Result<T, DbError>, Result<(), DbError>) {
        let mut conn = lock(&self.inner.writer);
        let records = {
            let mut pending = lock(&self.inner.log.records);
            if !pending.is_empty() {
                self.inner.log.in_flight.fetch_add(1, Ordering::AcqRel);
            }
            std::mem::take(&mut *pending)
        };
        let mut logged = Ok(());
        let result = (|| {
            let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if !records.is_empty() {
                logged = write_log_savepoint(&mut tx, &records);
            }
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        let records_empty = records.is_empty();
        if (result.is_err() || logged.is_err()) && !records_empty {
            // Not written, or rolled back with the state write: the records
            // wait for the next write.
            self.inner.log.requeue(records);
        }
        if !records_empty {
            self.inner.log.in_flight.fetch_sub(1, Ordering::AcqRel);
        }
        (result, logged)
    }
    /// Runs `f` in a read transaction on a reader connection (one snapshot).
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        let pooled = lock(&self.inner.readers).pop();
        let mut conn = match pooled {
            Some(c) => c,
            None => connect(&self.inner.path)?,
        };
        let result = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        let mut idle = lock(&self.inner.readers);
        if idle.len() < MAX_IDLE_READERS {
            idle.push(conn);
        }
        result
    }

    /// Queues a job-log record for the next write transaction.
    pub(crate) fn append_log(&self, record: LogRecord) {
        let mut pending = lock(&self.inner.log.records);
        pending.push(record);
        if pending.len() == 1 {
            self.inner.log.wake.notify_one();
        }
    }

    /// Writes every queued job-log record now; `Err` when they could not be
    /// written (they stay queued).
    pub(crate) fn flush_log(&self) -> Result<(), DbError> {
        let idle = self.inner.log.in_flight.load(Ordering::Acquire) == 0;
        if idle && lock(&self.inner.log.records).is_empty() {
            return Ok(());
        }
        // Behind any write in flight (it holds the writer): its records are
        // written or back in the queue when this one takes them.
        let (result, logged) = self.write_with_log(|_| Ok(()));
        result.and(logged)
    }
}

/// Writes `records` in a savepoint of `tx`; on failure the savepoint rolls
/// back (the state write in `tx` is untouched) and the failure is traced.
fn write_log_savepoint(tx: &mut Transaction<'_>, records: &[LogRecord]) -> Result<(), DbError> {
    let written = tx.savepoint().map_err(DbError::from).and_then(|mut sp| {
        sp.set_drop_behavior(rusqlite::DropBehavior::Rollback);
        joblog::write_records(&sp, records)?;
        Ok(sp.commit()?)
    });
    if let Err(e) = &written {
        tracing::warn!(
            target: "migratekit::joblog::writer",
            error = %e,
            pending = records.len(),
            "job log records not written; will retry"
        );
    }
    written
}

impl LogBuffer {
    /// Puts `records` back before anything appended since, dropping the
    /// oldest beyond [`MAX_PENDING_LOG`] so a log that cannot be written
    /// does not grow without bound.
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
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.log.closed.store(true, Ordering::Release);
        self.log.wake.notify_all();
        let records = std::mem::take(&mut *lock(&self.log.records));
        if records.is_empty() {
            return;
        }
        let conn = self.writer.get_mut().unwrap_or_else(|e| e.into_inner());
        let written = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(DbError::from)
            .and_then(|tx| {
                joblog::write_records(&tx, &records)?;
                Ok(tx.commit()?)
            });
        if let Err(e) = written {
            tracing::error!(error = %e, lost = records.len(), "job log records lost at close");
        }
    }
}

/// Writes records that no store write carried within [`LOG_LINGER`].
fn flusher(log: Arc<LogBuffer>, db: Weak<Inner>) {
    loop {
        {
            let mut pending = lock(&log.records);
            while pending.is_empty() && !log.closed.load(Ordering::Acquire) {
                pending = log.wake.wait(pending).unwrap_or_else(|e| e.into_inner());
            }
        }
        if log.closed.load(Ordering::Acquire) {
            return;
        }
        std::thread::sleep(LOG_LINGER);
        let Some(inner) = db.upgrade() else { return };
        let db = Database { inner };
        if let Err(e) = db.flush_log() {
            tracing::error!(error = %e, "job log flush failed; will retry");
            std::thread::sleep(Duration::from_secs(1));
        }
    }
}
