//! The two threads each open database runs beside its callers:
//!
//! * the **job-log flusher** writes appended log records in batches of their
//!   own (one transaction per batch, joining a group commit when writers are
//!   queued), at most [`LOG_LINGER`] after the first of them was appended, so
//!   the log is never on a state write's commit path and a process killed
//!   outright loses at most the last few milliseconds of log, never state;
//! * the **checkpointer** copies the WAL back into the database file with
//!   passive checkpoints on a connection of its own, so no caller's commit
//!   pays for a checkpoint (the writer's automatic checkpoint is off).

use super::db::{DbError, Inner, connect};
use super::writer::lock;
use crate::ports::LogRecord;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long appended log records wait before the flusher writes them.
pub(super) const LOG_LINGER: Duration = Duration::from_millis(20);
/// Most job-log records kept waiting while the log cannot be written.
const MAX_PENDING_LOG: usize = 100_000;
/// How often the checkpointer looks for new commits.
const CHECKPOINT_TICK: Duration = Duration::from_millis(25);
/// It checkpoints after this many commits, or after [`CHECKPOINT_EVERY`]
/// when there were fewer.
const CHECKPOINT_COMMITS: u64 = 200;
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);
/// WAL frames (pages) after which the checkpointer makes the WAL start over:
/// SQLite's own automatic checkpoint threshold (~4 MB).
const RESTART_FRAMES: i64 = 1000;
/// Longest a restarting checkpoint waits for writers and readers (it holds
/// the write lock meanwhile, so a long reader must not hold writers up).
const RESTART_WAIT: Duration = Duration::from_millis(100);

/// Records appended and not yet written, and the wake-up of both threads.
pub(crate) struct LogQueue {
    records: Mutex<Vec<LogRecord>>,
    /// Held by whoever writes records taken from `records`, so a flush runs
    /// after any write in flight (which puts its records back on failure).
    writing: Mutex<()>,
    wake: Condvar,
    closed: AtomicBool,
}

impl LogQueue {
    pub(super) fn new() -> Self {
        LogQueue {
            records: Mutex::new(Vec::new()),
            writing: Mutex::new(()),
            wake: Condvar::new(),
            closed: AtomicBool::new(false),
        }
    }

    pub(super) fn push(&self, record: LogRecord) {
        let mut pending = lock(&self.records);
        pending.push(record);
        if pending.len() == 1 {
            self.wake.notify_all();
        }
    }

    /// Takes every queued record and hands them to `write`; puts them back
    /// (before anything appended since) when it fails.
    pub(super) fn flush(
        &self,
        write: impl FnOnce(&[LogRecord]) -> Result<(), DbError>,
    ) -> Result<(), DbError> {
        let _writing = lock(&self.writing);
        let records = std::mem::take(&mut *lock(&self.records));
        if records.is_empty() {
            return Ok(());
        }
        let written = write(&records);
        if let Err(e) = &written {
            tracing::warn!(
                target: "migratekit::joblog::writer",
                error = %e,
                pending = records.len(),
                "job log records not written; will retry"
            );
            self.requeue(records);
        }
        written
    }

    /// Everything still queued, for the last write at close.
    pub(super) fn take_all(&self) -> Vec<LogRecord> {
        std::mem::take(&mut *lock(&self.records))
    }

    pub(super) fn close(&self) {
        self.closed.store(true, Ordering::Release);
        let _guard = lock(&self.records);
        self.wake.notify_all();
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

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

/// The two threads of an open database. Dropping it (with the last
/// `Database` handle) closes the queue and joins both, so the database itself
/// is dropped — its last log records written — on the thread that dropped the
/// last handle, before that drop returns.
pub(super) struct Threads {
    log: Arc<LogQueue>,
    handles: Vec<JoinHandle<()>>,
}

impl Drop for Threads {
    fn drop(&mut self) {
        self.log.close();
        for h in self.handles.drain(..) {
            if h.join().is_err() {
                tracing::error!("a background thread of the database panicked");
            }
        }
    }
}

/// Starts both threads for `db`; they end when [`Threads`] drops.
pub(super) fn start(log: &Arc<LogQueue>, db: &Arc<Inner>) -> std::io::Result<Threads> {
    let mut threads = Threads {
        log: log.clone(),
        handles: Vec::new(),
    };
    let (queue, weak) = (log.clone(), Arc::downgrade(db));
    threads.handles.push(
        std::thread::Builder::new()
            .name("migratekit-joblog".into())
            .spawn(move || flusher(queue, weak))?,
    );
    let (queue, weak) = (log.clone(), Arc::downgrade(db));
    threads.handles.push(
        std::thread::Builder::new()
            .name("migratekit-checkpoint".into())
            .spawn(move || checkpointer(queue, weak))?,
    );
    Ok(threads)
}

fn flusher(log: Arc<LogQueue>, db: Weak<Inner>) {
    loop {
        {
            let mut pending = lock(&log.records);
            while pending.is_empty() && !log.is_closed() {
                pending = log.wake.wait(pending).unwrap_or_else(|e| e.into_inner());
            }
        }
        if log.is_closed() {
            return;
        }
        std::thread::sleep(LOG_LINGER);
        let Some(inner) = db.upgrade() else { return };
        if let Err(e) = inner.flush_log() {
            tracing::error!(error = %e, "job log flush failed; will retry");
            drop(inner);
            // Retry in a second, or at once when the database closes.
            let guard = lock(&log.records);
            let _ = log
                .wake
                .wait_timeout_while(guard, Duration::from_secs(1), |_| !log.is_closed());
        }
    }
}

/// When the checkpointer tries its next restarting checkpoint. A RESTART
/// that could not finish (a reader in another process holds an old
/// snapshot: an operator's shell, a backup) held the write lock for its
/// whole wait, so every retry stalls every writer of every process for
/// RESTART_WAIT while the reader stays: after each failure the next try
/// waits twice as long (up to RESTART_BACKOFF_MAX), after a success none.
#[derive(Default)]
struct RestartBackoff {
    wait: Duration,
    next: Option<std::time::Instant>,
}

/// The longest pause between restarting checkpoints that keep failing.
const RESTART_BACKOFF_MAX: Duration = Duration::from_secs(1);

impl RestartBackoff {
    fn due(&self) -> bool {
        self.next.is_none_or(|at| std::time::Instant::now() >= at)
    }

    fn ran(&mut self, finished: bool) {
        if finished {
            *self = Self::default();
            return;
        }
        self.wait = (self.wait * 2).clamp(CHECKPOINT_EVERY, RESTART_BACKOFF_MAX);
        self.next = Some(std::time::Instant::now() + self.wait);
    }
}

fn checkpointer(log: Arc<LogQueue>, db: Weak<Inner>) {
    let mut conn = None;
    let mut seen = 0;
    let mut last = std::time::Instant::now();
    let mut restart = RestartBackoff::default();
    loop {
        {
            let guard = lock(&log.records);
            if log.is_closed() {
                return;
            }
            let _ = log
                .wake
                .wait_timeout_while(guard, CHECKPOINT_TICK, |_| !log.is_closed());
        }
        if log.is_closed() {
            return;
        }
        let Some(inner) = db.upgrade() else { return };
        let commits = inner.writer.commits();
        let due = commits - seen >= CHECKPOINT_COMMITS
            || (commits != seen && last.elapsed() >= CHECKPOINT_EVERY);
        if !due {
            continue;
        }
        last = std::time::Instant::now();
        if conn.is_none() {
            conn = connect(&inner.path)
                .and_then(|c| {
                    c.busy_timeout(RESTART_WAIT)?;
                    Ok(c)
                })
                .ok();
        }
        let Some(c) = &conn else { continue };
        // PASSIVE never waits for readers or writers: it copies what it can
        // beside the writer. The WAL it leaves behind: (frames, copied).
        let wal = c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
            Ok((r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        });
        match wal {
            Ok((frames, _)) if frames >= RESTART_FRAMES && restart.due() => {
                // A checkpoint beside writers that keep appending (ours or
                // another process's) never reaches the WAL's end, and a WAL
                // starts over only once all of it is copied: RESTART holds
                // the write lock for the last frames, waiting at most
                // RESTART_WAIT for writers and readers, else tries next round.
                let outcome = inner
                    .writer
                    .paused(|| c.query_row("PRAGMA wal_checkpoint(RESTART)", [], |_| Ok(())));
                if let Err(e) = &outcome {
                    tracing::debug!(error = %e, "restarting checkpoint did not run; will retry");
                }
                restart.ran(outcome.is_ok());
                seen = commits;
            }
            Ok(_) => seen = commits,
            Err(e) => {
                tracing::debug!(error = %e, "passive checkpoint did not run; will retry");
                conn = None;
            }
        }
    }
}

#[cfg(test)]
mod restart_backoff {
    use super::*;

    #[test]
    fn a_failed_restart_waits_twice_as_long_each_time_up_to_the_cap_and_a_success_clears_it() {
        let mut b = RestartBackoff::default();
        assert!(b.due());
        let mut waits = Vec::new();
        for _ in 0..8 {
            b.ran(false);
            assert!(!b.due());
            waits.push(b.wait);
        }
        assert_eq!(waits[0], CHECKPOINT_EVERY);
        assert_eq!(waits[1], CHECKPOINT_EVERY * 2);
        assert_eq!(*waits.last().unwrap(), RESTART_BACKOFF_MAX);
        b.ran(true);
        assert!(b.due());
    }
}
