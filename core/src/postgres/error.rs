//! The PostgreSQL adapter's detailed error, mapped to the public [`Error`]
//! in one place, and what to tell a user whose URL or server is wrong: the
//! messages say what to fix and never carry the password.

use super::schema;
use crate::error::Error;
use std::time::Duration;
use tokio_postgres::Config;
use tokio_postgres::error::SqlState;

/// How long connecting may take unless the URL says (`connect_timeout`).
pub(super) const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

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
    pub(super) fn is_retryable(&self) -> bool {
        matches!(
            self.code(),
            Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED
                || *c == SqlState::T_R_SERIALIZATION_FAILURE
        )
    }

    /// The connection is gone (server restarted, network cut): nothing ran
    /// on it that was not rolled back, unless this was the commit.
    pub(super) fn is_connection_lost(&self) -> bool {
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
    format!("{}@{}:{port}/{}", short(user), short(&host), short(db))
}

/// A name from the URL as a message shows it: a hostile megabyte-long one
/// must not become a megabyte-long error.
fn short(s: &str) -> String {
    const MAX: usize = 64;
    match s.char_indices().nth(MAX) {
        None => s.to_owned(),
        Some((end, _)) => format!("{}… ({} bytes)", &s[..end], s.len()),
    }
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
    bound_idle_transactions(&mut config);
    Ok(config)
}

/// How long the server lets one of our sessions sit in an open transaction
/// without a statement before it ends the session (rolling back): a node
/// frozen mid-transaction (SIGSTOP, a paused VM, a swap storm) would
/// otherwise hold its row locks — a context's status row, an operation
/// lock — until its TCP connection died, hours later. Our transactions
/// never wait on anything but the server (ports run between them), so a
/// live node never comes near it. A URL that sets the parameter itself
/// (`options=-c idle_in_transaction_session_timeout=…`) keeps its value.
pub(crate) const IDLE_IN_TRANSACTION: Duration = Duration::from_secs(60);

fn bound_idle_transactions(config: &mut Config) {
    let given = config.get_options().unwrap_or("");
    if given.contains("idle_in_transaction_session_timeout") {
        return;
    }
    let ours = format!(
        "-c idle_in_transaction_session_timeout={}",
        IDLE_IN_TRANSACTION.as_millis()
    );
    let options = if given.trim().is_empty() {
        ours
    } else {
        format!("{given} {ours}")
    };
    config.options(&options);
}

#[cfg(test)]
mod idle_transactions {
    use super::*;

    #[test]
    fn a_session_idle_in_a_transaction_is_ended_by_the_server_unless_the_url_says_otherwise() {
        let ours = parse_url("postgresql://u@h/db").unwrap();
        assert_eq!(
            ours.get_options(),
            Some("-c idle_in_transaction_session_timeout=60000")
        );
        let kept = parse_url("postgresql://u@h/db?options=-c%20search_path%3Dmk").unwrap();
        assert_eq!(
            kept.get_options(),
            Some("-c search_path=mk -c idle_in_transaction_session_timeout=60000")
        );
        let theirs =
            parse_url("postgresql://u@h/db?options=-c%20idle_in_transaction_session_timeout%3D5s")
                .unwrap();
        assert_eq!(
            theirs.get_options(),
            Some("-c idle_in_transaction_session_timeout=5s")
        );
    }
}
