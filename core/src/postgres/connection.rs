//! Connections: the runtime they live on, the pool's connector, the
//! statements prepared on each, and [`Session`], a connection borrowed for
//! one transaction or a few reads.
//!
//! The connections live on a small runtime of the database's own (one
//! worker thread): their sockets, the tasks that drive them, the pool's
//! waits and the job log's flusher. Callers only exchange messages with it,
//! so the store works from any runtime — a current-thread one, one without
//! IO or time drivers, several at once — like the SQLite store does.

use super::error::PgError;
use deadpool::managed::{Metrics, Object, RecycleError, RecycleResult};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
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

/// One connection and the statements prepared on it.
pub(crate) struct Conn {
    pub(super) client: Client,
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
pub(super) struct Connector {
    pub(super) config: Config,
    pub(super) io: Handle,
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
        self.conn().client.batch_execute(sql).await?;
        self.keep();
        Ok(())
    }

    /// Rolls back after a failed body; when even that fails the connection
    /// is closed instead (the server rolls back).
    pub(super) async fn abandon(&self) {
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
