//! Which store backend a rule test runs on, and the database it gets.
//!
//! `#[backends]` (crate `migratekit-test-macros`) runs a test once per
//! backend with [`enter`]; the rig ([`super::env`], [`super::fakes::fx`])
//! reads [`current`] and builds its managers over [`TestDb`]. Tests that are
//! not `#[backends]` run on SQLite.

use migratekit_core::ManagerBuilder;
use migratekit_core::ports::{JobLog, Store};
use migratekit_core::testkit::postgres::{TestSchema, test_server_url};
use migratekit_core::{Manager, postgres, sqlite};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

thread_local! {
    static CURRENT: Cell<Backend> = const { Cell::new(Backend::Sqlite) };
}

/// The backend entered on this thread until dropped.
pub struct Entered(Backend);

impl Drop for Entered {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(self.0));
    }
}

pub fn enter(b: Backend) -> Entered {
    Entered(CURRENT.with(|c| c.replace(b)))
}

/// PostgreSQL entered, or `None` when the test is skipped (no server
/// configured and none required; see `testkit::postgres::test_server_url`).
pub fn enter_postgres() -> Option<Entered> {
    test_server_url().map(|_| enter(Backend::Postgres))
}

pub fn current() -> Backend {
    CURRENT.with(Cell::get)
}

/// A test's database: a SQLite file in its directory, or a PostgreSQL
/// schema of its own (dropped with it).
pub enum TestDb {
    Sqlite(PathBuf),
    Postgres(TestSchema),
}

impl TestDb {
    /// A new, empty database for the current backend.
    pub fn new(dir: &Path) -> TestDb {
        match current() {
            Backend::Sqlite => TestDb::Sqlite(dir.join("mk.db")),
            Backend::Postgres => {
                // Read directly: `enter_postgres` already counted this test.
                let server = std::env::var(migratekit_core::testkit::postgres::URL_VAR)
                    .expect("PostgreSQL entered without a server");
                TestDb::Postgres(TestSchema::create(&server).expect("test schema"))
            }
        }
    }

    /// A manager builder over this database (its own connections).
    pub fn builder(&self) -> ManagerBuilder {
        match self {
            TestDb::Sqlite(path) => Manager::builder().sqlite(path),
            TestDb::Postgres(schema) => Manager::builder().postgres(schema.url()),
        }
    }

    /// This database's store and job log, opened anew.
    pub fn open(&self) -> (Arc<dyn Store>, Arc<dyn JobLog>) {
        match self {
            TestDb::Sqlite(path) => {
                let db = sqlite::Database::open(path).unwrap();
                (
                    Arc::new(sqlite::SqliteStore::new(db.clone())),
                    Arc::new(sqlite::SqliteJobLog::new(db)),
                )
            }
            TestDb::Postgres(schema) => {
                let db = postgres::Database::connect(schema.url()).unwrap();
                (
                    Arc::new(postgres::PostgresStore::new(db.clone())),
                    Arc::new(postgres::PostgresJobLog::new(db)),
                )
            }
        }
    }

    /// The PostgreSQL URL (of the schema of its own).
    pub fn postgres_url(&self) -> String {
        match self {
            TestDb::Postgres(schema) => schema.url().to_owned(),
            TestDb::Sqlite(_) => panic!("a SQLite test database has no URL"),
        }
    }

    /// The SQLite file (a test that reads the file itself is SQLite-only).
    pub fn sqlite_path(&self) -> PathBuf {
        match self {
            TestDb::Sqlite(path) => path.clone(),
            TestDb::Postgres(_) => panic!("this test reads the SQLite file: not #[backends]"),
        }
    }
}
