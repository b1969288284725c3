//! Connections to one SQLite file: one writer shared by group commit
//! ([`super::writer`]), a few readers, and the job-log queue and checkpoints
//! written beside them ([`super::background`]).

use super::background::{self, LogQueue};
use super::writer::{Writer, lock};
use super::{joblog, schema};
use crate::error::Error;
use crate::ports::LogRecord;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long a writer waits for another process's lock before `storage` error.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);
/// WAL pages (~16 MB) past which a commit checkpoints the WAL itself.
const WAL_HARD_CAP: i32 = 4000;
/// Bytes a WAL file is cut back to when it starts over.
const WAL_SIZE_LIMIT: i64 = 16 << 20;
/// Idle reader connections kept open.
const MAX_IDLE_READERS: usize = 4;

/// What a committed write survives (SQLite's `synchronous` on the WAL).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum Durability {
    /// `synchronous=NORMAL` (the default): a committed write survives the
    /// process being killed; a power loss or OS crash can lose the last
    /// commits (never corrupts the file). No fsync on commit.
    #[default]
    Normal,
    /// `synchronous=FULL`: a committed write also survives a power loss or
    /// OS crash — one fsync of the WAL per commit (per group of writes
    /// under group commit).
    Full,
}

impl Durability {
    fn pragma(self) -> &'static str {
        match self {
            Durability::Normal => "NORMAL",
            Durability::Full => "FULL",
        }
    }
}

/// Counters of a database's writes, for tests and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// State writes run (each in its own savepoint; the job log's batches
    /// not counted).
    pub writes: u64,
    /// Transactions committed (state writes grouped, and log batches).
    pub commits: u64,
}

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
    /// The group commit that held this write failed: it is not in the file.
    #[error("commit failed: {0}")]
    Commit(String),
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
    // Field order matters: the threads are joined before the last `inner`
    // goes, so `Inner::drop` (the last log write) runs on the dropping thread.
    _threads: Arc<background::Threads>,
    inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) path: PathBuf,
    pub(super) writer: Writer,
    readers: Mutex<Vec<Connection>>,
    log: Arc<LogQueue>,
    durability: Durability,
    state_writes: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.inner.path)
            .field("durability", &self.inner.durability)
            .finish()
    }
}

pub(super) fn connect(path: &Path) -> Result<Connection, DbError> {
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
    /// Opens (creating if needed) and migrates the database at `path`, with
    /// [`Durability::Normal`].
    pub fn open(path: impl AsRef<Path>) -> crate::Result<Database> {
        Self::open_with(path, Durability::default())
    }

    /// Opens (creating if needed) and migrates the database at `path`; its
    /// commits are as durable as `durability` says.
    pub fn open_with(path: impl AsRef<Path>, durability: Durability) -> crate::Result<Database> {
        Ok(Self::open_inner(path.as_ref(), durability)?)
    }

    fn open_inner(path: &Path, durability: Durability) -> Result<Database, DbError> {
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
        writer.pragma_update(None, "synchronous", durability.pragma())?;
        // Checkpoints run on the checkpointer's own connection, never inside
        // a caller's commit.
        writer.pragma_update(None, "wal_autocheckpoint", 0)?;
        // A WAL that grew under a burst shrinks back when it starts over.
        writer.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
        // The safety valve (set after the pragma above, which would replace
        // it): when the background checkpointer falls behind — starved of
        // CPU, or other processes keep writing — the commit that takes the
        // WAL past WAL_HARD_CAP pages checkpoints it, as SQLite's automatic
        // checkpoint would have after every 1,000 pages.
        writer.wal_hook(Some(|wal: &mut rusqlite::hooks::Wal, pages: i32| {
            if pages >= WAL_HARD_CAP {
                let _ = wal.checkpoint_v2(rusqlite::wal::CheckpointMode::PASSIVE);
            }
            Ok(())
        }))?;
        let log = Arc::new(LogQueue::new());
        let inner = Arc::new(Inner {
            path: path.to_owned(),
            writer: Writer::new(writer),
            readers: Mutex::new(Vec::new()),
            log: log.clone(),
            durability,
            state_writes: std::sync::atomic::AtomicU64::new(0),
        });
        let threads = background::start(&log, &inner).map_err(|e| DbError::Corrupt {
            column: "thread",
            value: e.to_string(),
        })?;
        Ok(Database {
            _threads: Arc::new(threads),
            inner,
        })
    }

    /// The file this database lives in.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// How durable its commits are.
    pub fn durability(&self) -> Durability {
        self.inner.durability
    }

    /// Counters of the writes through this handle's process-wide writer.
    pub fn write_stats(&self) -> WriteStats {
        WriteStats {
            writes: self
                .inner
                .state_writes
                .load(std::sync::atomic::Ordering::Relaxed),
            commits: self.inner.writer.commits(),
        }
    }

    /// Runs `f` as one atomic write (a savepoint of a group-committed
    /// IMMEDIATE transaction, see [`super::writer`]): all of it or nothing
    /// is in the file, and `Ok` is answered only once it is committed.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        self.inner
            .state_writes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.writer.write(f)
    }

    /// Runs `f` in a read transaction on a reader connection (one snapshot).
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, DbError>,
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

    /// Queues a job-log record; the flusher writes it within
    /// [`background::LOG_LINGER`].
    pub(crate) fn append_log(&self, record: LogRecord) {
        self.inner.log.push(record);
    }

    /// Writes every queued job-log record now; `Err` when they could not be
    /// written (they stay queued).
    pub(crate) fn flush_log(&self) -> Result<(), DbError> {
        self.inner.flush_log()
    }
}

impl Inner {
    pub(super) fn flush_log(&self) -> Result<(), DbError> {
        // Behind any log write in flight: its records are written, or back
        // in the queue, when this one takes them.
        self.log
            .flush(|records| self.writer.write(|c| joblog::write_records(c, records)))
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.log.close();
        let records = self.log.take_all();
        if records.is_empty() {
            return;
        }
        let written = self
            .writer
            .connection()
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
