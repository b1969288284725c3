//! The pool of connections to one PostgreSQL database, the transactions the
//! store runs on them, and the adapter's detailed error.
//!
//! Write transactions run at READ COMMITTED: every compare-and-set is one
//! `UPDATE … WHERE <expected state>` (PostgreSQL re-checks the condition on
//! the newest row version after waiting for a concurrent writer), the unique
//! and partial unique indexes are the last word, and a transaction that
//! reads before it writes locks the row first (`FOR UPDATE`). A deadlock or
//! serialization failure rolls the whole transaction back and it runs again.
//!
//! The connections live on a small runtime of the database's own (one
//! worker thread): their sockets, the tasks that drive them, the pool's
//! waits and the job log's flusher. Callers only exchange messages with it,
//! so the store works from any runtime — a current-thread one, one without
//! IO or time drivers, several at once — like the SQLite store does.

use super::schema;
use crate::error::Error;
use deadpool::managed::{Metrics, Object, Pool, PoolError, RecycleError, RecycleResult, Timeouts};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::runtime::Handle;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, NoTls, Row, Statement};

/// Connections each process keeps at most (per [`Database`]).
const POOL_SIZE: usize = 16;
/// How long connecting may take unless the URL says (`connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a call waits for a free connection of the pool.
const POOL_WAIT: Duration = Duration::from_secs(30);
/// Runs of a transaction that lost a deadlock or serialization race.
const MAX_ATTEMPTS: u32 = 32;

/// Bound parameters of one statement.
pub(crate) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// The detailed error of the PostgreSQL adapter; mapped to [`Error`] in one
/// place.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PgError {
    /// The server answered with an error, or the connection failed.
    #[error("{}", describe(.0))]
    Postgres(#[from] tokio_postgres::Error),
    /// No connection could be had (server down, pool exhausted).
    #[error("{0}")]
    Unavailable(String),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("corrupt value in column {column}: {value:?}")]
    Corrupt { column: &'static str, value: String },
    #[error("schema version {found} is newer than this build")]
    Incompatible { found: u32 },
    /// Opening failed; the message says what to fix.
    #[error("{0}")]
    Open(String),
    /// A compare-and-set found another state: the transaction rolls back and
    /// the store reports a conflict, not an error.
    #[error("state changed concurrently")]
    Conflict,
}

impl From<PgError> for Error {
    fn from(e: PgError) -> Self {
        match e {
            PgError::Incompatible { found } => Error::IncompatibleSchema {
                found,
                supported: schema::VERSION,
            },
            other => Error::Storage {
                details: other.to_string(),
            },
        }
    }
}

impl PgError {
    /// The SQLSTATE of a server error.
    fn code(&self) -> Option<&SqlState> {
        match self {
            PgError::Postgres(e) => e.code(),
            _ => None,
        }
    }

    /// A race the transaction lost as a whole: it rolled back and may run
    /// again.
    fn is_retryable(&self) -> bool {
        matches!(
            self.code(),
            Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED
                || *c == SqlState::T_R_SERIALIZATION_FAILURE
        )
    }

    /// The connection is gone (server restarted, network cut): nothing ran
    /// on it that was not rolled back, unless this was the commit.
    fn is_connection_lost(&self) -> bool {
        match self {
            PgError::Postgres(e) => {
                e.is_closed() || (e.as_db_error().is_none() && e.code().is_none() && is_io(e))
            }
            _ => false,
        }
    }

    /// A violation of the unique index `constraint`.
    pub(crate) fn is_unique_violation_of(&self, constraint: &str) -> bool {
        match self {
            PgError::Postgres(e) => e.as_db_error().is_some_and(|d| {
                *d.code() == SqlState::UNIQUE_VIOLATION && d.constraint() == Some(constraint)
            }),
            _ => false,
        }
    }
}

fn is_io(e: &tokio_postgres::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.is::<std::io::Error>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// The error's own words, with what a connection-level failure means for
/// the call.
fn describe(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("PostgreSQL: {} ({})", db.message(), db.code().code());
    }
    if e.is_closed() || is_io(e) {
        return format!(
            "the connection to PostgreSQL was lost ({e}); the call did not finish: if it \
             was a change, it may or may not have been made — read the state again once \
             the server is reachable"
        );
    }
    format!("PostgreSQL: {e}")
}

/// Where a configuration points, for messages (never the password).
pub(crate) fn target(config: &Config) -> String {
    use tokio_postgres::config::Host;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("(default user)");
    let db = config.get_dbname().unwrap_or(user);
    format!("{user}@{host}:{port}/{db}")
}

/// What to fix when connecting to `config` failed with `e`.
pub(crate) fn connect_error(config: &Config, e: &tokio_postgres::Error) -> PgError {
    let at = target(config);
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        let fix = if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            "check the user and password in the database URL (and the server's pg_hba.conf)"
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            "create the database (createdb) or name an existing one in the database URL"
        } else if *code == SqlState::TOO_MANY_CONNECTIONS {
            "the server has no free connection slot: raise max_connections or run fewer nodes"
        } else if *code == SqlState::CANNOT_CONNECT_NOW {
            "the server is starting or shutting down: try again shortly"
        } else {
            "see the server's message"
        };
        return PgError::Open(format!(
            "PostgreSQL at {at} refused the connection: {} ({}); {fix}",
            db.message(),
            code.code()
        ));
    }
    let refused = {
        let mut source = std::error::Error::source(e);
        let mut refused = false;
        while let Some(s) = source {
            if let Some(io) = s.downcast_ref::<std::io::Error>() {
                refused |= io.kind() == std::io::ErrorKind::ConnectionRefused
                    || io.kind() == std::io::ErrorKind::NotFound;
            }
            source = s.source();
        }
        refused
    };
    if refused {
        PgError::Open(format!(
            "cannot connect to PostgreSQL at {at}: connection refused; is the server running \
             and listening there? Check the host and port of the database URL"
        ))
    } else {
        PgError::Open(format!(
            "cannot connect to PostgreSQL at {at}: {e}; check the host and port of the \
             database URL and that the server is reachable"
        ))
    }
}

/// Parses a `postgresql://` URL (or `key=value` connection string).
pub(crate) fn parse_url(url: &str) -> Result<Config, PgError> {
    let mut config: Config = url.parse().map_err(|e: tokio_postgres::Error| {
        PgError::Open(format!(
            "invalid PostgreSQL URL ({e}); expected \
             postgresql://user[:password]@host[:port]/database[?param=value]"
        ))
    })?;
    if config.get_hosts().is_empty() {
        return Err(PgError::Open(
            "the PostgreSQL URL names no host; expected \
             postgresql://user[:password]@host[:port]/database"
                .to_owned(),
        ));
    }
    if matches!(
        config.get_ssl_mode(),
        tokio_postgres::config::SslMode::Require
    ) {
        return Err(PgError::Open(
            "sslmode=require: this build connects without TLS; reach the server over a \
             trusted network or a local socket, or terminate TLS in front of it"
                .to_owned(),
        ));
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    config.application_name("migratekit");
    Ok(config)
}

/// The runtime the connections live on. Shut down in the background when
/// the last handle drops (which may happen inside async code).
struct Io {
    runtime: Option<tokio::runtime::Runtime>,
}

impl Io {
    fn start() -> Result<Io, PgError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("migratekit-pg")
            .enable_all()
            .build()
            .map_err(|e| PgError::Open(format!("cannot start the PostgreSQL I/O thread: {e}")))?;
        Ok(Io {
            runtime: Some(runtime),
        })
    }

    fn handle(&self) -> &Handle {
        match &self.runtime {
            Some(rt) => rt.handle(),
            None => unreachable!("the runtime is taken only when Io drops"),
        }
    }
}

impl Drop for Io {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// Runs `f` on the I/O runtime and waits for it from any runtime (or none).
async fn on_io<T: Send + 'static>(
    io: &Handle,
    f: impl Future<Output = T> + Send + 'static,
) -> Result<T, PgError> {
    io.spawn(f)
        .await
        .map_err(|e| PgError::Unavailable(format!("the PostgreSQL I/O thread stopped: {e}")))
}

/// One connection and the statements prepared on it.
pub(crate) struct Conn {
    client: Client,
    statements: Mutex<HashMap<String, Statement>>,
}

impl Conn {
    /// `sql` prepared on this connection (once).
    async fn prepare(&self, sql: &str) -> Result<Statement, PgError> {
        let cached = self
            .statements
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(sql)
            .cloned();
        if let Some(stmt) = cached {
            return Ok(stmt);
        }
        let stmt = self.client.prepare(sql).await?;
        self.statements
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }
}

/// Opens connections on the I/O runtime for the pool, and tells it which
/// ones are dead.
struct Connector {
    config: Config,
    io: Handle,
}

impl deadpool::managed::Manager for Connector {
    type Type = Conn;
    type Error = PgError;

    async fn create(&self) -> Result<Conn, PgError> {
        let config = self.config.clone();
        let client = on_io(&self.io, async move {
            let (client, connection) = config.connect(NoTls).await?;
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    tracing::debug!(error = %e, "PostgreSQL connection ended");
                }
            });
            Ok::<_, PgError>(client)
        })
        .await??;
        Ok(Conn {
            client,
            statements: Mutex::default(),
        })
    }

    async fn recycle(&self, conn: &mut Conn, _: &Metrics) -> RecycleResult<PgError> {
        // Closed by the server (a restart) or the network: dropped here, so
        // the pool opens a new one and the manager recovers by itself.
        if conn.client.is_closed() {
            return Err(RecycleError::message("connection closed"));
        }
        Ok(())
    }
}

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
    async fn checkout(&self) -> Result<Object<Connector>, PgError> {
        let now = Timeouts {
            wait: Some(Duration::ZERO),
            create: None,
            recycle: None,
        };
        match self.inner.pool.timeout_get(&now).await {
            Err(PoolError::Timeout(_)) => {}
            other => return other.map_err(|e| self.pool_error(e)),
        }
        let pool = self.inner.pool.clone();
        let waited = on_io(self.io(), async move {
            tokio::time::timeout(POOL_WAIT, pool.get()).await
        })
        .await?;
        match waited {
            Ok(got) => got.map_err(|e| self.pool_error(e)),
            Err(_) => {
                Err(self.pool_error(PoolError::Timeout(deadpool::managed::TimeoutType::Wait)))
            }
        }
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
            match session.conn().client.batch_execute(begin).await {
                Ok(()) => return Ok(session),
                Err(e) => {
                    let e = PgError::from(e);
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

/// A connection taken from the pool for one transaction or a few reads.
/// It goes back to the pool only when it ended clean (committed, rolled
/// back, or reads that succeeded); otherwise — an error mid-transaction, a
/// call dropped half-way — it is closed, so no connection with an open or
/// unknown transaction is ever handed out again. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Session {
    held: Arc<Held>,
}

struct Held {
    client: Option<Object<Connector>>,
    clean: AtomicBool,
}

impl Drop for Held {
    fn drop(&mut self) {
        if !self.clean.load(Ordering::Acquire)
            && let Some(c) = self.client.take()
        {
            // Out of the pool: dropping the client closes the connection
            // and the server rolls back whatever was open.
            drop(Object::take(c));
        }
    }
}

impl Session {
    fn new(client: Object<Connector>) -> Self {
        Session {
            held: Arc::new(Held {
                client: Some(client),
                clean: AtomicBool::new(false),
            }),
        }
    }

    fn conn(&self) -> &Conn {
        match &self.held.client {
            Some(c) => c,
            None => unreachable!("the client is taken only when the session drops"),
        }
    }

    /// The connection may go back to the pool.
    fn keep(&self) {
        self.held.clean.store(true, Ordering::Release);
    }

    /// Ends the transaction with `sql` (`COMMIT`); the connection is kept
    /// only when that succeeded.
    async fn finish(&self, sql: &str) -> Result<(), PgError> {
        self.conn().client.batch_execute(sql).await?;
        self.keep();
        Ok(())
    }

    /// Rolls back after a failed body; when even that fails the connection
    /// is closed instead (the server rolls back).
    async fn abandon(&self) {
        if self.conn().client.batch_execute("ROLLBACK").await.is_ok() {
            self.keep();
        }
    }

    /// Runs a statement; the number of rows it changed.
    pub(crate) async fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, PgError> {
        let stmt = self.conn().prepare(sql).await?;
        Ok(self.conn().client.execute(&stmt, params).await?)
    }

    /// Runs a query; every row.
    pub(crate) async fn query(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, PgError> {
        let stmt = self.conn().prepare(sql).await?;
        Ok(self.conn().client.query(&stmt, params).await?)
    }

    /// Runs a query; its one row, if any.
    pub(crate) async fn query_opt(
        &self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Option<Row>, PgError> {
        let stmt = self.conn().prepare(sql).await?;
        Ok(self.conn().client.query_opt(&stmt, params).await?)
    }

    /// Runs a query that answers exactly one row.
    pub(crate) async fn query_one(&self, sql: &str, params: Params<'_>) -> Result<Row, PgError> {
        let stmt = self.conn().prepare(sql).await?;
        Ok(self.conn().client.query_one(&stmt, params).await?)
    }
}
