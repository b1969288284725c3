//! A PostgreSQL schema of its own for each test (features `testkit` and
//! `postgres`), so tests share one server without seeing each other, and
//! the policy that decides whether PostgreSQL tests run.
//!
//! ```no_run
//! # fn demo() -> migratekit_core::Result<()> {
//! use migratekit_core::testkit::postgres::{TestSchema, test_server_url};
//! let Some(server) = test_server_url() else { return Ok(()) }; // skipped locally
//! let schema = TestSchema::create(&server)?;
//! let m = migratekit_core::Manager::builder().postgres(schema.url()).build()?;
//! # Ok(()) }
//! ```

use crate::error::{Error, Result};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio_postgres::NoTls;

/// The server the PostgreSQL tests use (`postgresql://…`, e.g. from
/// `scripts/pg-cluster.sh start`).
pub const URL_VAR: &str = "MIGRATEKIT_TEST_PG_URL";
/// Set (to anything) where the PostgreSQL tests must run: without
/// [`URL_VAR`] they then fail instead of skipping. The test command sets it.
pub const REQUIRE_VAR: &str = "MIGRATEKIT_REQUIRE_PG";
/// A file each PostgreSQL test that ran appends a line to, so the test
/// command can check they ran.
pub const RAN_LOG_VAR: &str = "MIGRATEKIT_PG_TESTS_RAN";

/// The server URL for PostgreSQL tests: `None` (with a note on stderr) when
/// [`URL_VAR`] is unset and [`REQUIRE_VAR`] is not; a panic when both say
/// the tests must run but there is no server. Each call that answers a URL
/// counts as one PostgreSQL test run in the file [`RAN_LOG_VAR`] names.
pub fn test_server_url() -> Option<String> {
    match std::env::var(URL_VAR) {
        Ok(url) if !url.trim().is_empty() => {
            if let Some(path) = std::env::var_os(RAN_LOG_VAR) {
                let line = std::thread::current().name().unwrap_or("?").to_owned();
                if let Ok(mut f) = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                {
                    let _ = writeln!(f, "{line}");
                }
            }
            Some(url)
        }
        _ if std::env::var_os(REQUIRE_VAR).is_some() => panic!(
            "{REQUIRE_VAR} is set but {URL_VAR} is not: the PostgreSQL tests must run here \
             (start a server with scripts/pg-cluster.sh start and export its URL)"
        ),
        _ => {
            eprintln!(
                "skipped on PostgreSQL: set {URL_VAR} (scripts/pg-cluster.sh start) to run it"
            );
            None
        }
    }
}

/// A schema created for one test and dropped (with everything in it) when
/// this value drops. [`TestSchema::url`] is the server's URL with the
/// schema as its `search_path`.
#[derive(Debug)]
pub struct TestSchema {
    server: String,
    name: String,
    url: String,
}

static NEXT: AtomicU64 = AtomicU64::new(0);

/// Runs `f` on a runtime of its own on a thread of its own (callable from
/// synchronous code and from inside a runtime alike).
fn blocking<T: Send>(
    f: impl FnOnce() -> std::result::Result<T, String> + Send,
) -> std::result::Result<T, String> {
    std::thread::scope(|s| {
        s.spawn(f)
            .join()
            .unwrap_or_else(|_| Err("panicked".to_owned()))
    })
}

/// Runs `sql` (one statement, no parameters) on the server at `url`.
fn execute(url: &str, sql: &str) -> std::result::Result<(), String> {
    blocking(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(async {
            let (client, conn) = tokio_postgres::connect(url, NoTls)
                .await
                .map_err(|e| e.to_string())?;
            let driver = tokio::spawn(conn);
            let r = client.batch_execute(sql).await.map_err(|e| e.to_string());
            drop(client);
            let _ = driver.await;
            r
        })
    })
}

impl TestSchema {
    /// Creates a new, empty schema on the server at `server_url`.
    pub fn create(server_url: &str) -> Result<TestSchema> {
        let name = format!(
            "mk_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            fastrand::u32(..)
        );
        // An identifier cannot be a bound parameter; this one is made here
        // of [a-z0-9_] only.
        debug_assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        );
        execute(server_url, &format!("CREATE SCHEMA {name}")).map_err(|e| Error::Storage {
            details: format!("cannot create the test schema on {server_url}: {e}"),
        })?;
        let url = with_search_path(server_url, &name);
        Ok(TestSchema {
            server: server_url.to_owned(),
            name,
            url,
        })
    }

    /// The URL of the server with this schema as the `search_path`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        if let Err(e) = execute(&self.server, &format!("DROP SCHEMA {} CASCADE", self.name)) {
            eprintln!("test schema {} not dropped: {e}", self.name);
        }
    }
}

/// `url` with `search_path` set to `schema` (a URL gets a query parameter,
/// a `key=value` string one more pair).
fn with_search_path(url: &str, schema: &str) -> String {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}options=-csearch_path%3D{schema}")
    } else {
        format!("{url} options='-csearch_path={schema}'")
    }
}
