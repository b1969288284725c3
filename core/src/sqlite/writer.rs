//! Group commit on the one writer connection of a database file.
//!
//! SQLite has one writer per file, and most of a small write's cost is its
//! transaction (the write lock, the WAL frames, the commit), not its rows.
//! So concurrent writes share transactions: a write that finds other writes
//! queued behind it leaves its transaction open for them; the last of the
//! queue (or the 64th, or the one that finds the transaction 5 ms old)
//! commits for all. Each write runs in a savepoint of its own, so one that
//! fails rolls back alone and never aborts the others; every caller gets its
//! result only after the commit that holds its write (a failed commit fails
//! every write it held — none of them is in the file).
//!
//! A lone writer (the usual single-threaded host) commits at once, as
//! before: batching costs nothing when nobody waits.

use super::db::DbError;
use rusqlite::Connection;
use std::any::Any;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Most writes one transaction holds.
const MAX_BATCH: usize = 64;
/// Oldest a transaction gets before the next write commits it, so a steady
/// stream of writers cannot keep the first one waiting.
const MAX_BATCH_AGE: Duration = Duration::from_millis(5);

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock left no half-written state behind:
    // `write` rolls a panicking write's savepoint back before unwinding.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The writer connection and the batch it has open.
pub(super) struct Writer {
    conn: Mutex<Open>,
    /// Writes blocked on `conn` right now: the batch stays open for them.
    waiting: AtomicUsize,
    outcomes: Mutex<Outcomes>,
    committed: Condvar,
    commits: AtomicU64,
}

struct Open {
    conn: Connection,
    batch: Option<Batch>,
    next_epoch: u64,
}

struct Batch {
    epoch: u64,
    members: usize,
    /// Members waiting for its end (a panicking one does not wait).
    waiters: usize,
    opened: Instant,
}

/// Which batches have ended, and how the failed ones failed: each failure
/// is kept until every writer waiting on its batch has read it.
struct Outcomes {
    done_through: u64,
    failed: HashMap<u64, (String, usize)>,
}

/// How one write's savepoint ended.
enum Ran<T> {
    Done(Result<T, DbError>),
    Panicked(Box<dyn Any + Send>),
    /// The savepoint itself failed: the transaction is in an unknown state.
    Broken(DbError),
    /// The first write of its transaction failed or panicked: the
    /// transaction is rolled back.
    RolledBack(Result<T, DbError>, Option<Box<dyn Any + Send>>),
}

impl Writer {
    pub(super) fn new(conn: Connection) -> Self {
        Writer {
            conn: Mutex::new(Open {
                conn,
                batch: None,
                next_epoch: 1,
            }),
            waiting: AtomicUsize::new(0),
            outcomes: Mutex::new(Outcomes {
                done_through: 0,
                failed: HashMap::new(),
            }),
            committed: Condvar::new(),
            commits: AtomicU64::new(0),
        }
    }

    /// Transactions committed so far.
    pub(super) fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Runs `f` while no write of this process runs: queued like a writer
    /// (so a batch in progress is left open for us, and we commit it for its
    /// members first), then holding the writer. The checkpointer restarts
    /// the WAL this way without racing its own process's writers.
    pub(super) fn paused<T>(&self, f: impl FnOnce() -> T) -> T {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let mut open = lock(&self.conn);
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        if let Some(batch) = open.batch.take() {
            let _ = self.commit(&open.conn, batch.epoch, batch.waiters);
        }
        f()
    }

    /// Commits batch `epoch` (rolled back when the commit fails) and tells
    /// its `waiters` how it ended.
    fn commit(&self, conn: &Connection, epoch: u64, waiters: usize) -> Result<(), DbError> {
        let committed = run(conn, "COMMIT");
        if committed.is_err() {
            let _ = run(conn, "ROLLBACK");
        } else {
            self.commits.fetch_add(1, Ordering::Relaxed);
        }
        let failure = committed.as_ref().err().map(|e| (e.to_string(), waiters));
        self.publish(epoch, failure);
        committed
    }

    /// The connection, for the last writes at close (no batch can be open:
    /// every batch's writers hold the database until it ends).
    pub(super) fn connection(&mut self) -> &mut Connection {
        &mut self.conn.get_mut().unwrap_or_else(|e| e.into_inner()).conn
    }

    /// Runs `f` in its own savepoint of a shared IMMEDIATE transaction and
    /// answers after the commit that holds it.
    pub(super) fn write<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let mut open = lock(&self.conn);
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let epoch = match &open.batch {
            Some(b) => b.epoch,
            None => {
                run(&open.conn, "BEGIN IMMEDIATE")?;
                let epoch = open.next_epoch;
                open.next_epoch += 1;
                open.batch = Some(Batch {
                    epoch,
                    members: 0,
                    waiters: 0,
                    opened: Instant::now(),
                });
                epoch
            }
        };
        // The first write of a transaction needs no savepoint: when it fails,
        // the whole transaction rolls back (nobody else is in it yet).
        let first = open.batch.as_ref().is_some_and(|b| b.members == 0);
        let waiters = open.batch.as_ref().map_or(0, |b| b.waiters);
        let ran = if first {
            alone(&open.conn, f)
        } else {
            in_savepoint(&open.conn, f)
        };
        let (result, panic) = match ran {
            Ran::Done(r) => (r, None),
            Ran::Panicked(p) => (Err(DbError::Conflict), Some(p)),
            Ran::Broken(e) => {
                // Nothing of this transaction can be trusted: roll it all
                // back and fail every write it held.
                let _ = run(&open.conn, "ROLLBACK");
                open.batch = None;
                let failure = format!("a write broke the transaction: {e}");
                self.publish(epoch, Some((failure, waiters)));
                return Err(e);
            }
            Ran::RolledBack(r, panic) => {
                // The first write failed: its transaction is gone, and with
                // it nothing of anyone else.
                open.batch = None;
                self.publish(epoch, None);
                drop(open);
                if let Some(p) = panic {
                    resume_unwind(p);
                }
                return r;
            }
        };
        let batch = open.batch.as_mut().expect("a batch is open");
        batch.members += 1;
        let leave_open = self.waiting.load(Ordering::SeqCst) > 0
            && batch.members < MAX_BATCH
            && batch.opened.elapsed() < MAX_BATCH_AGE;
        let outcome = if leave_open {
            if panic.is_none() {
                batch.waiters += 1;
            }
            drop(open);
            if let Some(p) = panic {
                resume_unwind(p);
            }
            self.wait(epoch)
        } else {
            open.batch = None;
            let committed = self.commit(&open.conn, epoch, waiters);
            drop(open);
            if let Some(p) = panic {
                resume_unwind(p);
            }
            committed
        };
        outcome.and(result)
    }

    /// Ends batch `epoch`; a failure is kept for its `waiters`.
    fn publish(&self, epoch: u64, failure: Option<(String, usize)>) {
        let mut o = lock(&self.outcomes);
        o.done_through = epoch;
        if let Some((msg, waiters)) = failure.filter(|(_, w)| *w > 0) {
            o.failed.insert(epoch, (msg, waiters));
        }
        self.committed.notify_all();
    }

    /// Waits until batch `epoch` has ended; its failure, if it failed.
    fn wait(&self, epoch: u64) -> Result<(), DbError> {
        let mut o = lock(&self.outcomes);
        while o.done_through < epoch {
            o = self.committed.wait(o).unwrap_or_else(|e| e.into_inner());
        }
        let Some((msg, left)) = o.failed.get_mut(&epoch) else {
            return Ok(());
        };
        let failure = DbError::Commit(msg.clone());
        *left -= 1;
        if *left == 0 {
            o.failed.remove(&epoch);
        }
        Err(failure)
    }
}

/// Runs one of the writer's fixed statements (cached: parsed once).
fn run(conn: &Connection, sql: &str) -> Result<(), DbError> {
    conn.prepare_cached(sql)?.execute([])?;
    Ok(())
}

/// Runs the first write of a transaction: on `Err` or panic the whole
/// transaction rolls back.
fn alone<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T, DbError>) -> Ran<T> {
    match catch_unwind(AssertUnwindSafe(|| f(conn))) {
        Ok(Ok(v)) => Ran::Done(Ok(v)),
        failed => {
            if let Err(e) = run(conn, "ROLLBACK") {
                return Ran::Broken(e);
            }
            match failed {
                Ok(Err(e)) => Ran::RolledBack(Err(e), None),
                Err(p) => Ran::RolledBack(Err(DbError::Conflict), Some(p)),
                Ok(Ok(_)) => unreachable!("handled above"),
            }
        }
    }
}

/// Runs `f` in a savepoint: released on `Ok`, rolled back on `Err` or panic.
fn in_savepoint<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T, DbError>) -> Ran<T> {
    if let Err(e) = run(conn, "SAVEPOINT mk_write") {
        return Ran::Broken(e);
    }
    let ran = catch_unwind(AssertUnwindSafe(|| f(conn)));
    let ended = match &ran {
        Ok(Ok(_)) => run(conn, "RELEASE mk_write"),
        _ => run(conn, "ROLLBACK TO mk_write").and_then(|()| run(conn, "RELEASE mk_write")),
    };
    if let Err(e) = ended {
        return Ran::Broken(e);
    }
    match ran {
        Ok(r) => Ran::Done(r),
        Err(p) => Ran::Panicked(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    fn writer(dir: &tempfile::TempDir) -> Arc<Writer> {
        let conn = Connection::open(dir.path().join("w.db")).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch("CREATE TABLE t (n INTEGER PRIMARY KEY)")
            .unwrap();
        Arc::new(Writer::new(conn))
    }

    fn stored(dir: &tempfile::TempDir) -> Vec<i64> {
        let conn = Connection::open(dir.path().join("w.db")).unwrap();
        let mut stmt = conn.prepare("SELECT n FROM t ORDER BY n").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// Runs `write(n)` from 16 threads at once, 25 times each.
    fn from_threads<T: Send>(
        w: &Arc<Writer>,
        write: impl Fn(&Writer, i64) -> T + Sync,
    ) -> Vec<(i64, T)> {
        let start = Barrier::new(16);
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..16)
                .map(|t| {
                    let (w, start, write) = (w.clone(), &start, &write);
                    s.spawn(move || {
                        start.wait();
                        (0..25)
                            .map(|i| {
                                let n = t * 25 + i;
                                (n, write(&w, n))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        })
    }

    fn insert(conn: &Connection, n: i64) -> Result<(), DbError> {
        conn.execute("INSERT INTO t (n) VALUES (?1)", [n])?;
        Ok(())
    }

    #[test]
    fn concurrent_writes_share_commits_and_each_answers_after_its_own_commit() {
        let dir = tempfile::tempdir().unwrap();
        let w = writer(&dir);
        let results = from_threads(&w, |w, n| {
            w.write(|c| insert(c, n)).map(|()| {
                // Answered only once committed: a fresh connection sees it.
                let seen: i64 = Connection::open(dir.path().join("w.db"))
                    .unwrap()
                    .query_row("SELECT COUNT(*) FROM t WHERE n = ?1", [n], |r| r.get(0))
                    .unwrap();
                seen
            })
        });
        assert!(results.iter().all(|(_, r)| matches!(r, Ok(1))));
        assert_eq!(stored(&dir), (0..400).collect::<Vec<_>>());
        assert!(
            w.commits() < 400,
            "16 threads writing at once shared transactions ({} commits for 400 writes)",
            w.commits()
        );
    }

    #[test]
    fn a_failing_write_rolls_back_alone_and_never_aborts_the_others_in_its_group() {
        let dir = tempfile::tempdir().unwrap();
        let w = writer(&dir);
        let results = from_threads(&w, |w, n| {
            w.write(|c| {
                insert(c, n)?;
                if n % 3 == 0 {
                    return Err(DbError::Conflict); // after its own write
                }
                Ok(())
            })
        });
        for (n, r) in &results {
            assert_eq!(r.is_err(), n % 3 == 0, "write {n}: {r:?}");
        }
        let expected: Vec<i64> = (0..400).filter(|n| n % 3 != 0).collect();
        assert_eq!(stored(&dir), expected);
    }

    #[test]
    fn a_panicking_write_rolls_back_alone_and_its_caller_sees_the_panic() {
        let dir = tempfile::tempdir().unwrap();
        let w = writer(&dir);
        let results = from_threads(&w, |w, n| {
            catch_unwind(AssertUnwindSafe(|| {
                w.write(|c| {
                    insert(c, n)?;
                    assert!(n % 7 != 0, "a bug in write {n}");
                    Ok(())
                })
            }))
        });
        for (n, r) in &results {
            assert_eq!(r.is_err(), n % 7 == 0, "write {n} panicked or not");
        }
        let expected: Vec<i64> = (0..400).filter(|n| n % 7 != 0).collect();
        assert_eq!(stored(&dir), expected);
    }
}
