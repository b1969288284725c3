//! The pool of connections to one PostgreSQL database and the transactions
//! the store runs on them.
//!
//! Write transactions run at READ COMMITTED: every compare-and-set is one
//! `UPDATE … WHERE <expected state>` (PostgreSQL re-checks the condition on
//! the newest row version after waiting for a concurrent writer), the unique
//! and partial unique indexes are the last word, and a transaction that
//! reads before it writes locks the row first (`FOR UPDATE`). A deadlock or
//! serialization failure rolls the whole transaction back and it runs again.

use super::connection::{Connector, Io, Session, on_io};
use super::error::{PgError, connect_error, parse_url, target};
use super::schema;
use crate::error::Error;
use deadpool::managed::{Object, Pool, PoolError, Timeouts};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::runtime::Handle;
use tokio_postgres::Config;
use tokio_postgres::error::SqlState;

/// Connections each process keeps at most (per [`Database`]).
const POOL_SIZE: usize = 16;
/// How long a call waits for a free connection of the pool.
const POOL_WAIT: Duration = Duration::from_secs(30);
/// Runs of a transaction that lost a deadlock or serialization race.
const MAX_ATTEMPTS: u32 = 32;

/// A PostgreSQL database shared by [`super::PostgresStore`] and
/// [`super::PostgresJobLog`]: its pool of connections and the thread they
/// live on. Cheap to clone.
#[derive(Clone)]
pub struct Database {
    inner: Arc<Inner>,
}

struct Inner {
    pool: Pool<Connector>,
    config: Config,
    // Last: the pool's connections close before their runtime stops.
    io: Io,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("target", &target(&self.inner.config))
            .finish()
    }
}

impl Database {
    /// Connects to the database at `url`
    /// (`postgresql://user:password@host:port/database`) and brings its
    /// schema up to date — once, however many nodes start at the same time.
    /// Connections are opened as calls need them (at most 16 per
    /// `Database`), on a thread of the database's own.
    ///
    /// Fails with `storage` (the message says what to fix) for a bad URL or
    /// a server that cannot be reached or refuses us, and with
    /// `incompatible_schema` for a database of a newer migratekit.
    pub fn connect(url: &str) -> crate::Result<Database> {
        let config = parse_url(url)?;
        let io = Io::start()?;
        // Waited for on a thread of its own: `connect` may be called from
        // synchronous code or from inside a runtime, where blocking on a
        // future is not allowed.
        let handle = io.handle().clone();
        let migrated =
            std::thread::scope(|s| s.spawn(|| handle.block_on(schema::migrate(&config))).join());
        match migrated {
            Ok(result) => result?,
            Err(_) => {
                return Err(Error::Internal {
                    details: "the schema migration thread panicked".into(),
                });
            }
        }
        let connector = Connector {
            config: config.clone(),
            io: io.handle().clone(),
        };
        let pool = Pool::builder(connector)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| PgError::Open(format!("cannot build the connection pool: {e}")))?;
        Ok(Database {
            inner: Arc::new(Inner { pool, config, io }),
        })
    }

    /// The I/O runtime (the job log's flusher runs there).
    pub(crate) fn io(&self) -> &Handle {
        self.inner.io.handle()
    }

    /// A connection of the pool: a free one at once when there is one, else
    /// waiting (on the I/O runtime, which has the timer) up to [`POOL_WAIT`].
    /// When the server has no slot for one more connection but this pool
    /// holds some, the call waits for one of those instead of failing: a
    /// server whose `max_connections` is below the nodes' pools together is
    /// slower under load, not broken.
    async fn checkout(&self) -> Result<Object<Connector>, PgError> {
        let started = std::time::Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.checkout_once().await {
                Err(PoolError::Backend(PgError::Postgres(e)))
                    if e.code() == Some(&SqlState::TOO_MANY_CONNECTIONS)
                        && started.elapsed() < self.slot_patience() =>
                {
                    self.backoff(attempt.min(6)).await;
                }
                other => return other.map_err(|e| self.pool_error(e)),
            }
        }
    }

    /// How long a call waits for a connection when the server has no slot
    /// for a new one: as long as for a busy pool while this pool holds
    /// connections; briefly otherwise (those of calls starting at the same
    /// moment may still be connecting), so a server that has no slot for us
    /// at all fails calls soon.
    fn slot_patience(&self) -> Duration {
        if self.inner.pool.status().size > 0 {
            POOL_WAIT
        } else {
            Duration::from_secs(2)
        }
    }

    async fn checkout_once(&self) -> Result<Object<Connector>, PoolError<PgError>> {
        let now = Timeouts {
            wait: Some(Duration::ZERO),
            create: None,
            recycle: None,
        };
        match self.inner.pool.timeout_get(&now).await {
            Err(PoolError::Timeout(_)) => {}
            other => return other,
        }
        let pool = self.inner.pool.clone();
        let waited = on_io(self.io(), async move {
            tokio::time::timeout(POOL_WAIT, pool.get()).await
        })
        .await
        .map_err(PoolError::Backend)?;
        waited.unwrap_or(Err(PoolError::Timeout(
            deadpool::managed::TimeoutType::Wait,
        )))
    }

    fn pool_error(&self, e: PoolError<PgError>) -> PgError {
        match e {
            PoolError::Backend(PgError::Postgres(e)) => {
                match connect_error(&self.inner.config, &e) {
                    PgError::Open(m) => PgError::Unavailable(m),
                    other => other,
                }
            }
            PoolError::Backend(other) => other,
            PoolError::Timeout(_) => PgError::Unavailable(format!(
                "no PostgreSQL connection to {} became free within {} s; the server may be \
                 overloaded or every connection busy",
                target(&self.inner.config),
                POOL_WAIT.as_secs()
            )),
            other => PgError::Unavailable(format!("PostgreSQL connection pool: {other}")),
        }
    }

    /// A connection of the pool for statements outside a transaction: it
    /// goes back to the pool after them (a closed one is dropped there).
    async fn session(&self) -> Result<Session, PgError> {
        let s = Session::new(self.checkout().await?);
        s.keep();
        Ok(s)
    }

    /// Runs `body` in a READ COMMITTED transaction and commits only on `Ok`.
    /// A deadlock or serialization failure runs it again (with jittered
    /// backoff); so does a connection found dead before anything was sent.
    pub(crate) async fn write<T, F, Fut>(&self, body: F) -> Result<T, PgError>
    where
        F: Fn(Session) -> Fut,
        Fut: Future<Output = Result<T, PgError>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let tx = self.begin("BEGIN ISOLATION LEVEL READ COMMITTED").await?;
            let result = match body(tx.clone()).await {
                Ok(v) => tx.finish("COMMIT").await.map(|()| v),
                Err(e) => {
                    tx.abandon().await;
                    Err(e)
                }
            };
            match result {
                Err(e) if e.is_retryable() && attempt < MAX_ATTEMPTS => {
                    tracing::debug!(attempt, error = %e, "PostgreSQL transaction lost a race; running it again");
                    self.backoff(attempt).await;
                }
                other => return other,
            }
        }
    }

    /// Runs `body` in one read-only snapshot (REPEATABLE READ); a read that
    /// lost its connection runs again once on another.
    pub(crate) async fn snapshot<T, F, Fut>(&self, body: F) -> Result<T, PgError>
    where
        F: Fn(Session) -> Fut,
        Fut: Future<Output = Result<T, PgError>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let tx = self
                .begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .await?;
            let result = match body(tx.clone()).await {
                Ok(v) => tx.finish("COMMIT").await.map(|()| v),
                Err(e) => {
                    tx.abandon().await;
                    Err(e)
                }
            };
            match result {
                Err(e) if e.is_connection_lost() && attempt < 2 => continue,
                other => return other,
            }
        }
    }

    /// Runs `body` (reads only) on a connection outside a transaction; a read
    /// that lost its connection runs again once on another.
    pub(crate) async fn read<T, F, Fut>(&self, body: F) -> Result<T, PgError>
    where
        F: Fn(Session) -> Fut,
        Fut: Future<Output = Result<T, PgError>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match body(self.session().await?).await {
                Err(e) if e.is_connection_lost() && attempt < 2 => continue,
                other => return other,
            }
        }
    }

    /// Runs `body` outside a transaction: each statement commits on its own,
    /// so `body` makes at most one change (one statement may change many
    /// rows atomically) and may read around it. One round trip instead of
    /// three for the many writes that are one statement. A deadlock runs it
    /// again; a lost connection does not (the change may have been made).
    pub(crate) async fn autocommit<T, F, Fut>(&self, body: F) -> Result<T, PgError>
    where
        F: Fn(Session) -> Fut,
        Fut: Future<Output = Result<T, PgError>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match body(self.session().await?).await {
                Err(e) if e.is_retryable() && attempt < MAX_ATTEMPTS => self.backoff(attempt).await,
                other => return other,
            }
        }
    }

    /// A session in a transaction opened with `begin`. A pooled connection
    /// that turns out dead at `BEGIN` (nothing was sent on it) is dropped
    /// and the next one tried.
    async fn begin(&self, begin: &str) -> Result<Session, PgError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let session = Session::new(self.checkout().await?);
            match session.batch(begin).await {
                Ok(()) => return Ok(session),
                Err(e) => {
                    if !(e.is_connection_lost() && attempt <= POOL_SIZE as u32) {
                        return Err(e);
                    }
                }
            }
        }
    }

    /// Sleeps before attempt `attempt + 1`: 1 ms doubling to 100 ms, with
    /// jitter so racing nodes spread out (on the I/O runtime's timer).
    async fn backoff(&self, attempt: u32) {
        let base = Duration::from_millis(1u64 << attempt.min(7)).min(Duration::from_millis(100));
        let jitter = Duration::from_micros(fastrand::u64(0..=base.as_micros() as u64));
        let _ = on_io(self.io(), tokio::time::sleep(base + jitter)).await;
    }
}
