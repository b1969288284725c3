//! The schema, as forward-only numbered migrations recorded in
//! `migratekit_schema_version`, run in one transaction under an advisory
//! lock so several nodes starting at once migrate once.
//!
//! Migration `n` (1-based) takes the database from version `n - 1` to `n`.
//! Released migrations are frozen: a change is a new entry. The first one is
//! the SQLite schema of its day (version 7 there) in PostgreSQL's types: the
//! same tables, the same unique and partial unique indexes.

use super::connection::ANSWER_WAIT;
use super::error::{PgError, connect_error, target};
use std::time::Duration;
use tokio_postgres::{Client, Config};

/// Migration 1: every table of the store and the job log.
const V1: &str = r#"
CREATE TABLE vm_replication_contexts (
    context_id                 TEXT COLLATE "C" PRIMARY KEY,
    vm_name                    TEXT COLLATE "C" NOT NULL,
    vmware_vm_id               TEXT COLLATE "C" NOT NULL,
    vcenter_host               TEXT COLLATE "C" NOT NULL,
    datacenter                 TEXT NOT NULL,
    ossea_config_id            BIGINT NOT NULL,
    target_network             TEXT NOT NULL,
    source_vm                  JSONB NOT NULL,
    current_status             TEXT COLLATE "C" NOT NULL,
    current_job_id             TEXT COLLATE "C",
    last_successful_job_id     TEXT COLLATE "C",
    last_change_id             TEXT,
    last_change_ids            JSONB NOT NULL DEFAULT '{}',
    active_operation           TEXT COLLATE "C",
    active_operation_job_id    TEXT COLLATE "C",
    operation_lease_expires_at TIMESTAMPTZ,
    last_error                 TEXT,
    created_at                 TIMESTAMPTZ NOT NULL,
    updated_at                 TIMESTAMPTZ NOT NULL,
    last_status_change         TIMESTAMPTZ NOT NULL
);
-- Duplicate protection: one context per VM identity.
CREATE UNIQUE INDEX vm_identity ON vm_replication_contexts (vcenter_host, vmware_vm_id);
CREATE INDEX contexts_by_vmware_id ON vm_replication_contexts (vmware_vm_id);
CREATE INDEX contexts_by_name ON vm_replication_contexts (vm_name);
CREATE INDEX contexts_by_status ON vm_replication_contexts (current_status, context_id);

CREATE TABLE replication_jobs (
    job_id                TEXT COLLATE "C" PRIMARY KEY,
    -- Insertion order, the tie-break of jobs started in the same microsecond.
    seq                   BIGINT GENERATED ALWAYS AS IDENTITY,
    context_id            TEXT COLLATE "C" NOT NULL
                          REFERENCES vm_replication_contexts (context_id) ON DELETE CASCADE,
    replication_type      TEXT NOT NULL,
    status                TEXT COLLATE "C" NOT NULL,
    previous_status       TEXT NOT NULL,
    progress_percent      DOUBLE PRECISION NOT NULL DEFAULT 0,
    bytes_transferred     BIGINT NOT NULL DEFAULT 0,
    total_bytes           BIGINT,
    change_id             TEXT NOT NULL,
    previous_change_id    TEXT NOT NULL,
    previous_change_ids   JSONB NOT NULL DEFAULT '{}',
    new_change_id         TEXT,
    new_change_ids        JSONB NOT NULL DEFAULT '{}',
    disk_progress         JSONB NOT NULL DEFAULT '{}',
    snapshot_id           TEXT NOT NULL,
    schedule_execution_id TEXT NOT NULL,
    vm_group_id           TEXT NOT NULL,
    scheduled_by          TEXT NOT NULL,
    created_volumes       BIGINT NOT NULL DEFAULT 0,
    mounted_volumes       BIGINT NOT NULL DEFAULT 0,
    error                 TEXT,
    started_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    finished_at           TIMESTAMPTZ
);
-- At most one active job per context, whatever the callers do.
CREATE UNIQUE INDEX one_active_job_per_context ON replication_jobs (context_id)
    WHERE status IN ('pending', 'running');
CREATE INDEX jobs_by_context ON replication_jobs (context_id, started_at, seq);
CREATE INDEX jobs_by_start ON replication_jobs (started_at, seq);
CREATE INDEX jobs_by_status ON replication_jobs (status, started_at, seq);

CREATE TABLE volumes (
    volume_id         TEXT COLLATE "C" PRIMARY KEY,
    seq               BIGINT GENERATED ALWAYS AS IDENTITY,
    context_id        TEXT COLLATE "C" NOT NULL
                      REFERENCES vm_replication_contexts (context_id) ON DELETE CASCADE,
    disk_id           TEXT COLLATE "C" NOT NULL,
    name              TEXT NOT NULL,
    size_bytes        BIGINT NOT NULL,
    device_path       TEXT,
    export_name       TEXT NOT NULL,
    created_by_job_id TEXT NOT NULL,
    owner_job_id      TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (context_id, disk_id)
);

CREATE TABLE failover_jobs (
    failover_job_id     TEXT COLLATE "C" PRIMARY KEY,
    seq                 BIGINT GENERATED ALWAYS AS IDENTITY,
    context_id          TEXT COLLATE "C" NOT NULL
                        REFERENCES vm_replication_contexts (context_id) ON DELETE CASCADE,
    kind                TEXT NOT NULL,
    status              TEXT COLLATE "C" NOT NULL,
    destination_vm_name TEXT NOT NULL,
    destination_vm_id   TEXT,
    log_job_id          TEXT NOT NULL,
    clones              JSONB NOT NULL DEFAULT '[]',
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX failover_jobs_by_context ON failover_jobs (context_id, created_at, seq);
-- At most one open (in progress or active) failover job per context.
CREATE UNIQUE INDEX one_open_failover_per_context ON failover_jobs (context_id)
    WHERE status IN ('in_progress', 'active');

-- Volumes handed over to a migrated VM outlive their context: no foreign key.
CREATE TABLE handed_over_volumes (
    volume_id      TEXT COLLATE "C" PRIMARY KEY,
    seq            BIGINT GENERATED ALWAYS AS IDENTITY,
    name           TEXT NOT NULL,
    context_id     TEXT NOT NULL,
    vm_id          TEXT,
    handed_over_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE orphan_sightings (
    resource   TEXT COLLATE "C" PRIMARY KEY,
    first_seen TIMESTAMPTZ NOT NULL
);

CREATE TABLE schedules (
    schedule_id         TEXT COLLATE "C" PRIMARY KEY,
    name                TEXT COLLATE "C" NOT NULL UNIQUE,
    cron_expression     TEXT NOT NULL,
    timezone            TEXT NOT NULL,
    enabled             BOOLEAN NOT NULL,
    max_concurrent_jobs BIGINT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE vm_groups (
    group_id    TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL UNIQUE,
    description TEXT NOT NULL,
    schedule_id TEXT COLLATE "C" REFERENCES schedules (schedule_id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX groups_by_schedule ON vm_groups (schedule_id);

-- A context is in at most one group: the context is the key.
CREATE TABLE vm_group_members (
    context_id TEXT COLLATE "C" PRIMARY KEY
               REFERENCES vm_replication_contexts (context_id) ON DELETE CASCADE,
    group_id   TEXT COLLATE "C" NOT NULL REFERENCES vm_groups (group_id) ON DELETE CASCADE,
    priority   INTEGER NOT NULL,
    added_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX members_by_group ON vm_group_members (group_id, priority, added_at);

-- One execution per schedule, group and cron time, whichever node runs it.
CREATE TABLE schedule_executions (
    execution_id       TEXT COLLATE "C" PRIMARY KEY,
    schedule_id        TEXT COLLATE "C" NOT NULL
                       REFERENCES schedules (schedule_id) ON DELETE CASCADE,
    group_id           TEXT COLLATE "C" NOT NULL,
    due_at             TIMESTAMPTZ NOT NULL,
    started_at         TIMESTAMPTZ NOT NULL,
    jobs_started       BIGINT NOT NULL DEFAULT 0,
    skipped_active     BIGINT NOT NULL DEFAULT 0,
    skipped_limit      BIGINT NOT NULL DEFAULT 0,
    skipped_ineligible BIGINT NOT NULL DEFAULT 0,
    failed             BIGINT NOT NULL DEFAULT 0,
    job_ids            JSONB NOT NULL DEFAULT '[]',
    UNIQUE (schedule_id, group_id, due_at)
);
CREATE INDEX executions_by_due ON schedule_executions (due_at, started_at);

-- The job log outlives contexts: no foreign key to them.
CREATE TABLE log_jobs (
    job_id         TEXT COLLATE "C" PRIMARY KEY,
    seq            BIGINT GENERATED ALWAYS AS IDENTITY,
    operation      TEXT COLLATE "C" NOT NULL,
    context_id     TEXT COLLATE "C",
    correlation_id TEXT,
    parent_job_id  TEXT,
    status         TEXT COLLATE "C" NOT NULL,
    error          TEXT,
    started_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX log_jobs_by_context ON log_jobs (context_id, started_at, seq);
CREATE INDEX log_jobs_by_status ON log_jobs (status, started_at, seq);
CREATE INDEX log_jobs_by_start ON log_jobs (started_at, seq);
CREATE INDEX log_jobs_by_finish ON log_jobs (finished_at);

CREATE TABLE log_steps (
    job_id      TEXT COLLATE "C" NOT NULL,
    seq         BIGINT NOT NULL,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL,
    error       TEXT,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    PRIMARY KEY (job_id, seq)
);

CREATE TABLE log_events (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id  TEXT COLLATE "C" NOT NULL,
    seq     BIGINT NOT NULL,
    at      TIMESTAMPTZ NOT NULL,
    level   TEXT NOT NULL,
    target  TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX log_events_by_job ON log_events (job_id, seq, id);
"#;

/// Migration 2: a schedule execution is claimed with a lease and marked
/// finished (SQLite's migration 9): a node that dies between recording a
/// run and finishing it leaves the run to be taken over, not lost. Runs
/// recorded before count as finished.
const V2: &str = r#"
ALTER TABLE schedule_executions ADD COLUMN lease_until TIMESTAMPTZ;
ALTER TABLE schedule_executions ADD COLUMN finished_at TIMESTAMPTZ;
UPDATE schedule_executions SET finished_at = started_at;
"#;

/// Every migration, in order. `VERSION` is their count.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2];

/// The schema version this build writes.
pub const VERSION: u32 = MIGRATIONS.len() as u32;

/// The schema of `version` exactly as released (migrations 1 ..= `version`),
/// for tests that upgrade a database of an older version.
#[doc(hidden)]
pub fn released(version: u32) -> String {
    MIGRATIONS[..(version as usize).min(MIGRATIONS.len())].concat()
}

/// The advisory lock class of migratekit's migrations; the other key is
/// the schema's name, so databases in different schemas migrate apart.
const MIGRATION_LOCK: i32 = 0x6d6b_7363; // "mksc"

const CREATE_VERSION_TABLE: &str = "
CREATE TABLE IF NOT EXISTS migratekit_schema_version (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    version   INTEGER NOT NULL
)";

/// Connects to `config` on a connection of its own (the caller's runtime
/// drives it) and brings the schema up to [`VERSION`], or refuses a
/// database written by a newer build.
pub(crate) async fn migrate(config: &Config) -> Result<(), PgError> {
    let (mut client, connection) =
        super::connection::connect(config)
            .await
            .map_err(|e| match e {
                PgError::Postgres(e) => connect_error(config, &e),
                other => other,
            })?;
    let driver = tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!(error = %e, "migration connection ended");
        }
    });
    // Bounded as a whole: a frozen server (or one that never answers)
    // fails the open instead of hanging it.
    let limit = LOCK_WAIT + ANSWER_WAIT;
    let result = match tokio::time::timeout(limit, migrate_on(&mut client)).await {
        Ok(r) => r.map_err(explain_migration_error),
        Err(_) => Err(PgError::Unavailable(format!(
            "PostgreSQL at {} did not answer within {} s while migratekit checked its schema; \
             is the server running and responsive?",
            target(config),
            limit.as_secs()
        ))),
    };
    drop(client);
    if result.is_ok() {
        let _ = driver.await;
    } else {
        driver.abort();
    }
    result
}

/// How long a node waits for another node's migration (the advisory lock)
/// unless the URL sets `lock_timeout`: a node frozen while it migrates
/// holds the lock with its connection open, and the others must not wait
/// for it forever.
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// The version recorded in the database (0 when it has none).
pub(crate) async fn version(client: &Client) -> Result<u32, PgError> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('migratekit_schema_version') IS NOT NULL",
            &[],
        )
        .await?
        .try_get(0)?;
    if !exists {
        return Ok(0);
    }
    let found: Option<i32> = client
        .query_opt("SELECT version FROM migratekit_schema_version", &[])
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    found.map_or(Ok(0), recorded)
}

/// A recorded version; a negative one was not written by migratekit.
fn recorded(v: i32) -> Result<u32, PgError> {
    u32::try_from(v).map_err(|_| {
        PgError::Open(format!(
            "migratekit_schema_version holds version {v}, which no migratekit writes (the \
             record was changed by hand): restore it to the version of the schema's tables \
             ({VERSION} for this build), or open an empty schema"
        ))
    })
}

async fn migrate_on(client: &mut Client) -> Result<(), PgError> {
    let found = version(client).await?;
    if found == VERSION {
        return Ok(());
    }
    if found > VERSION {
        return Err(PgError::Incompatible { found });
    }
    let tx = client.transaction().await?;
    // Not forever (see LOCK_WAIT), unless the URL set a bound of its own.
    tx.execute(
        "SELECT set_config('lock_timeout', $1, true) WHERE current_setting('lock_timeout') = '0'",
        &[&format!("{}ms", LOCK_WAIT.as_millis())],
    )
    .await?;
    // Every node that starts now waits here; the first migrates, the others
    // find the new version and do nothing. The lock ends with the transaction.
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))",
        &[&MIGRATION_LOCK],
    )
    .await?;
    tx.batch_execute(CREATE_VERSION_TABLE).await?;
    let found: u32 = tx
        .query_opt(
            "SELECT version FROM migratekit_schema_version FOR UPDATE",
            &[],
        )
        .await?
        .map(|r| r.try_get::<_, i32>(0))
        .transpose()?
        .map_or(Ok(0), recorded)?;
    if found > VERSION {
        return Err(PgError::Incompatible { found });
    }
    for sql in &MIGRATIONS[found as usize..] {
        tx.batch_execute(sql).await?;
    }
    let version = VERSION as i32;
    tx.execute(
        "INSERT INTO migratekit_schema_version (singleton, version) VALUES (TRUE, $1)
         ON CONFLICT (singleton) DO UPDATE SET version = excluded.version",
        &[&version],
    )
    .await?;
    tx.commit().await?;
    if found < VERSION {
        tracing::info!(from = found, to = VERSION, "PostgreSQL schema migrated");
    }
    Ok(())
}

/// What to fix when the migration failed for a reason the user can act on.
fn explain_migration_error(e: PgError) -> PgError {
    use tokio_postgres::error::SqlState;
    let PgError::Postgres(pg) = &e else { return e };
    let Some(db) = pg.as_db_error() else { return e };
    let fix = if *db.code() == SqlState::INVALID_SCHEMA_NAME {
        "the search_path names no existing schema: create the schema, or fix \
         `options=-csearch_path=...` in the database URL"
    } else if *db.code() == SqlState::INSUFFICIENT_PRIVILEGE {
        "the user may not create migratekit's tables: grant it CREATE on the schema, or open \
         once as the schema's owner (that first open creates the tables)"
    } else if *db.code() == SqlState::READ_ONLY_SQL_TRANSACTION {
        "the server is a read-only replica: point the database URL at the primary"
    } else if *db.code() == SqlState::LOCK_NOT_AVAILABLE {
        "another migratekit node has held the schema migration lock all that time: it may be \
         stuck (frozen, or blocked on the server) — end it, or its session \
         (pg_terminate_backend), and open again"
    } else if *db.code() == SqlState::DUPLICATE_TABLE || *db.code() == SqlState::DUPLICATE_OBJECT {
        "the schema already holds tables of migratekit's names without a matching \
         migratekit_schema_version record: point `options=-csearch_path=...` at an empty \
         schema (or at migratekit's own), or restore the version record"
    } else {
        return e;
    };
    PgError::Open(format!(
        "cannot create migratekit's schema: {} ({}); {fix}",
        db.message(),
        db.code().code()
    ))
}
