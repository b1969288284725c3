//! The embedded default store and job log: one SQLite file (bundled SQLite,
//! WAL, busy timeout, foreign keys, numbered migrations).

mod db;
mod groups;
mod joblog;
mod ownership;
mod rows;
pub mod schema;
mod store;

pub use db::Database;
pub use joblog::SqliteJobLog;
pub use store::SqliteStore;
