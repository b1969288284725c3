//! Connections: the runtime they live on, the pool's connector, the
//! statements prepared on each, and [`Session`], a connection borrowed for
//! one transaction or a few reads.
//!
//! The connections live on a small runtime of the database's own (one
//! worker thread): their sockets, the tasks that drive them, the pool's
//! waits and the job log's flusher. Callers only exchange messages with it,
//! so the store works from any runtime — a current-thread one, one without
//! IO or time drivers, several at once — like the SQLite store does.

use super::error::{PgError, target};
use deadpool::managed::{Metrics, Object, RecycleError, RecycleResult};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};
use tokio::runtime::Handle;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, NoTls, Row, Statement};

/// Bound parameters of one statement.
pub(crate) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// The runtime the connections live on. Shut down in the background when
/// the last handle drops (which may happen inside async code).
pub(super) struct Io {
    runtime: Option<tokio::runtime::Runtime>,
}

impl Io {
    pub(super) fn start() -> Result<Io, PgError> {
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

    pub(super) fn handle(&self) -> &Handle {
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
pub(super) async fn on_io<T: Send + 'static>(
    io: &Handle,
    f: impl Future<Output = T> + Send + 'static,
) -> Result<T, PgError> {
    io.spawn(f)
        .await
        .map_err(|e| PgError::Unavailable(format!("the PostgreSQL I/O thread stopped: {e}")))
}

/// How long a connection may wait for the server's answer before it is
/// closed: a server that is frozen (stopped, swapping, a paused VM) keeps
/// the socket open and acknowledges what we send, so neither TCP nor the
/// pool notices; without this bound a call would wait forever.
pub(crate) const ANSWER_WAIT: Duration = Duration::from_secs(30);
/// How often a connection's watchdog looks at it.
const WATCH_TICK: Duration = Duration::from_millis(500);

static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

/// Whether a connection waits for the server, since when, and whether its
/// watchdog closed it for waiting too long. Two atomics per round trip:
/// the watchdog, not the caller, keeps the time.
#[derive(Default)]
pub(super) struct Busy {
    in_flight: AtomicU32,
    /// Milliseconds since [`EPOCH`] (plus one) when it became busy; 0 idle.
    since: AtomicU64,
    timed_out: AtomicBool,
}

impl Busy {
    fn enter(&self) -> BusyGuard<'_> {
        if self.in_flight.fetch_add(1, Ordering::AcqRel) == 0 {
            let now = EPOCH.elapsed().as_millis() as u64 + 1;
            self.since.store(now, Ordering::Release);
        }
        BusyGuard(self)
    }

    fn overdue(&self, limit: Duration) -> bool {
        let since = self.since.load(Ordering::Acquire);
        since != 0
            && self.in_flight.load(Ordering::Acquire) > 0
            && EPOCH.elapsed().as_millis() as u64 + 1 - since > limit.as_millis() as u64
    }
}

struct BusyGuard<'a>(&'a Busy);

impl Drop for BusyGuard<'_> {
    fn drop(&mut self) {
        if self.0.in_flight.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.since.store(0, Ordering::Release);
        }
    }
}

/// Drives a connection on the I/O runtime until it ends or its watchdog
/// finds it waiting for the server longer than [`ANSWER_WAIT`]; then the
/// connection is dropped, which fails the calls waiting on it.
pub(super) async fn drive<S, T>(connection: tokio_postgres::Connection<S, T>, busy: Arc<Busy>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let watch = async {
        loop {
            tokio::time::sleep(WATCH_TICK).await;
            if busy.overdue(ANSWER_WAIT) {
                busy.timed_out.store(true, Ordering::Release);
                return;
            }
        }
    };
    tokio::select! {
        ended = connection => if let Err(e) = ended {
            tracing::debug!(error = %e, "PostgreSQL connection ended");
        },
        () = watch => tracing::warn!(
            waited_s = ANSWER_WAIT.as_secs(),
            "PostgreSQL did not answer; connection closed"
        ),
    }
}

/// One connection and the statements prepared on it.
pub(crate) struct Conn {
    pub(super) client: Client,
    statements: Mutex<HashMap<String, Statement>>,
    busy: Arc<Busy>,
    /// Where it points, for messages.
    target: String,
}

impl Conn {
    /// `sql` if it was prepared on this connection already.
    fn cached(&self, sql: &str) -> Option<Statement> {
        self.statements
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(sql)
            .cloned()
    }

    fn remember(&self, sql: &str, stmt: &Statement) {
        self.statements
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(sql.to_owned(), stmt.clone());
    }
}

/// Opens connections on the I/O runtime for the pool, and tells it which
/// ones are dead.
pub(super) struct Connector {
    pub(super) config: Config,
    pub(super) io: Handle,
}

impl deadpool::managed::Manager for Connector {
    type Type = Conn;
    type Error = PgError;

    async fn create(&self) -> Result<Conn, PgError> {
        let config = self.config.clone();
        let busy = Arc::new(Busy::default());
        let watched = busy.clone();
        let client = on_io(&self.io, async move {
            let (client, connection) = connect(&config).await?;
            tokio::spawn(drive(connection, watched));
            Ok::<_, PgError>(client)
        })
        .await??;
        Ok(Conn {
            client,
            statements: Mutex::default(),
            busy,
            target: target(&self.config),
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

/// Connects to `config` on the current runtime (which has a timer): the
/// whole of it — socket, startup, authentication — within the configured
/// `connect_timeout`. tokio-postgres bounds only the socket's connect, and a
/// frozen server accepts the socket and never answers the startup.
pub(super) async fn connect(
    config: &Config,
) -> Result<
    (
        Client,
        tokio_postgres::Connection<tokio_postgres::Socket, tokio_postgres::tls::NoTlsStream>,
    ),
    PgError,
> {
    let limit = config
        .get_connect_timeout()
        .copied()
        .unwrap_or(super::error::CONNECT_TIMEOUT);
    match tokio::time::timeout(limit, config.connect(NoTls)).await {
        Ok(connected) => Ok(connected?),
        Err(_) => Err(PgError::Unavailable(format!(
            "PostgreSQL at {} did not answer within {} s while connecting; is the server \
             running and responsive? Check the host and port of the database URL",
            target(config),
            limit.as_secs()
        ))),
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
    pub(super) fn new(client: Object<Connector>) -> Self {
        Session {
            held: Arc::new(Held {
                client: Some(client),
                clean: AtomicBool::new(false),
            }),
        }
    }

    pub(super) fn conn(&self) -> &Conn {
        match &self.held.client {
            Some(c) => c,
            None => unreachable!("the client is taken only when the session drops"),
        }
    }

    /// The connection may go back to the pool.
    pub(super) fn keep(&self) {
        self.held.clean.store(true, Ordering::Release);
    }

    /// Ends the transaction with `sql` (`COMMIT`); the connection is kept
    /// only when that succeeded.
    pub(super) async fn finish(&self, sql: &str) -> Result<(), PgError> {
        self.batch(sql).await?;
        self.keep();
        Ok(())
    }

    /// Rolls back after a failed body; when even that fails the connection
    /// is closed instead (the server rolls back).
    pub(super) async fn abandon(&self) {
        if self.batch("ROLLBACK").await.is_ok() {
            self.keep();
        }
    }

    /// One round trip to the server, watched (see [`ANSWER_WAIT`]); an
    /// error of a connection its watchdog closed says so.
    async fn round_trip<T>(
        &self,
        f: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T, PgError> {
        let conn = self.conn();
        let _busy = conn.busy.enter();
        f.await.map_err(|e| {
            if conn.busy.timed_out.load(Ordering::Acquire) {
                PgError::Unavailable(format!(
                    "PostgreSQL at {} did not answer within {} s (the server may be frozen or \
                     overloaded); the connection was closed and the call did not finish: if it \
                     was a change, it may or may not have been made — read the state again once \
                     the server answers",
                    conn.target,
                    ANSWER_WAIT.as_secs()
                ))
            } else {
                PgError::from(e)
            }
        })
    }

    /// Runs `sql` (statements without parameters).
    pub(super) async fn batch(&self, sql: &str) -> Result<(), PgError> {
        self.round_trip(self.conn().client.batch_execute(sql)).await
    }

    /// `sql` prepared on this connection (once).
    async fn statement(&self, sql: &str) -> Result<Statement, PgError> {
        if let Some(stmt) = self.conn().cached(sql) {
            return Ok(stmt);
        }
        let stmt = self.round_trip(self.conn().client.prepare(sql)).await?;
        self.conn().remember(sql, &stmt);
        Ok(stmt)
    }

    /// Runs a statement; the number of rows it changed.
    pub(crate) async fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, PgError> {
        let stmt = self.statement(sql).await?;
        self.round_trip(self.conn().client.execute(&stmt, params))
            .await
    }

    /// Runs a query; every row.
    pub(crate) async fn query(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, PgError> {
        let stmt = self.statement(sql).await?;
        self.round_trip(self.conn().client.query(&stmt, params))
            .await
    }

    /// Runs a query; its one row, if any.
    pub(crate) async fn query_opt(
        &self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Option<Row>, PgError> {
        let stmt = self.statement(sql).await?;
        self.round_trip(self.conn().client.query_opt(&stmt, params))
            .await
    }

    /// Runs a query that answers exactly one row.
    pub(crate) async fn query_one(&self, sql: &str, params: Params<'_>) -> Result<Row, PgError> {
        let stmt = self.statement(sql).await?;
        self.round_trip(self.conn().client.query_one(&stmt, params))
            .await
    }
}
