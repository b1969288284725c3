//! The schema, as forward-only numbered migrations keyed on `PRAGMA user_version`.
//!
//! Migration `n` (1-based) takes the database from version `n - 1` to `n`.
//! Released migrations are frozen: a change is a new entry.

use super::db::DbError;
use rusqlite::{Connection, TransactionBehavior};

/// Migration 1: contexts, jobs, job log.
const V1: &str = "
CREATE TABLE vm_replication_contexts (
    context_id              TEXT PRIMARY KEY NOT NULL,
    vm_name                 TEXT NOT NULL,
    vmware_vm_id            TEXT NOT NULL,
    vcenter_host            TEXT NOT NULL,
    datacenter              TEXT NOT NULL,
    ossea_config_id         INTEGER NOT NULL,
    target_network          TEXT NOT NULL,
    source_vm               TEXT NOT NULL,
    current_status          TEXT NOT NULL,
    current_job_id          TEXT,
    last_successful_job_id  TEXT,
    last_change_id          TEXT,
    active_operation        TEXT,
    active_operation_job_id TEXT,
    last_error              TEXT,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    last_status_change      TEXT NOT NULL
);
-- Duplicate protection: one context per VM identity.
CREATE UNIQUE INDEX vm_identity ON vm_replication_contexts (vcenter_host, vmware_vm_id);
CREATE INDEX contexts_by_vmware_id ON vm_replication_contexts (vmware_vm_id);
CREATE INDEX contexts_by_name ON vm_replication_contexts (vm_name);
CREATE INDEX contexts_by_status ON vm_replication_contexts (current_status, context_id);

CREATE TABLE replication_jobs (
    job_id                TEXT PRIMARY KEY NOT NULL,
    context_id            TEXT NOT NULL
                          REFERENCES vm_replication_contexts (context_id) ON DELETE CASCADE,
    replication_type      TEXT NOT NULL,
    status                TEXT NOT NULL,
    previous_status       TEXT NOT NULL,
    progress_percent      REAL NOT NULL DEFAULT 0,
    bytes_transferred     INTEGER NOT NULL DEFAULT 0,
    total_bytes           INTEGER,
    change_id             TEXT NOT NULL,
    previous_change_id    TEXT NOT NULL,
    new_change_id         TEXT,
    snapshot_id           TEXT NOT NULL,
    schedule_execution_id TEXT NOT NULL,
    vm_group_id           TEXT NOT NULL,
    scheduled_by          TEXT NOT NULL,
    created_volumes       INTEGER NOT NULL DEFAULT 0,
    mounted_volumes       INTEGER NOT NULL DEFAULT 0,
    error                 TEXT,
    started_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    finished_at           TEXT
);
-- At most one active job per context, whatever the callers do.
CREATE UNIQUE INDEX one_active_job_per_context ON replication_jobs (context_id)
    WHERE status IN ('pending', 'running');
CREATE INDEX jobs_by_context ON replication_jobs (context_id, started_at);
CREATE INDEX jobs_by_start ON replication_jobs (started_at);
CREATE INDEX jobs_by_status ON replication_jobs (status, started_at);

-- The job log outlives contexts: no foreign key to them.
CREATE TABLE log_jobs (
    job_id         TEXT PRIMARY KEY NOT NULL,
    operation      TEXT NOT NULL,
    context_id     TEXT,
    correlation_id TEXT,
    parent_job_id  TEXT,
    status         TEXT NOT NULL,
    error          TEXT,
    started_at     TEXT NOT NULL,
    finished_at    TEXT
);
CREATE INDEX log_jobs_by_context ON log_jobs (context_id, started_at);
CREATE INDEX log_jobs_by_status ON log_jobs (status, started_at);
CREATE INDEX log_jobs_by_start ON log_jobs (started_at);

CREATE TABLE log_steps (
    job_id      TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL,
    error       TEXT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;

CREATE TABLE log_events (
    id      INTEGER PRIMARY KEY,
    job_id  TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    at      TEXT NOT NULL,
    level   TEXT NOT NULL,
    target  TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX log_events_by_job ON log_events (job_id, seq, id);
";

/// Migration 2: volumes and failover jobs recorded on contexts, and the
/// lease of the operation lock.
const V2: &str = "
ALTER TABLE vm_replication_contexts ADD COLUMN operation_lease_expires_at TEXT;

CREATE TABLE volumes (
    volume_id         TEXT PRIMARY KEY NOT NULL,
    context_id        TEXT NOT NULL
                      REFERENCES vm_replication_contexts (context_id) ON DELETE CASCADE,
    disk_id           TEXT NOT NULL,
    name              TEXT NOT NULL,
    size_bytes        INTEGER NOT NULL,
    device_path       TEXT,
    export_name       TEXT NOT NULL,
    created_by_job_id TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    UNIQUE (context_id, disk_id)
);

CREATE TABLE failover_jobs (
    failover_job_id     TEXT PRIMARY KEY NOT NULL,
    context_id          TEXT NOT NULL
                        REFERENCES vm_replication_contexts (context_id) ON DELETE CASCADE,
    kind                TEXT NOT NULL,
    status              TEXT NOT NULL,
    destination_vm_name TEXT NOT NULL,
    destination_vm_id   TEXT,
    log_job_id          TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX failover_jobs_by_context ON failover_jobs (context_id, created_at);
";

/// Migration 3: groups, their members, schedules and schedule executions.
const V3: &str = "
CREATE TABLE schedules (
    schedule_id         TEXT PRIMARY KEY NOT NULL,
    name                TEXT NOT NULL UNIQUE,
    cron_expression     TEXT NOT NULL,
    timezone            TEXT NOT NULL,
    enabled             INTEGER NOT NULL,
    max_concurrent_jobs INTEGER NOT NULL,
    created_at          TEXT NOT NULL
);

CREATE TABLE vm_groups (
    group_id    TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    schedule_id TEXT REFERENCES schedules (schedule_id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX groups_by_schedule ON vm_groups (schedule_id);

-- A context is in at most one group: the context is the key.
CREATE TABLE vm_group_members (
    context_id TEXT PRIMARY KEY NOT NULL
               REFERENCES vm_replication_contexts (context_id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL REFERENCES vm_groups (group_id) ON DELETE CASCADE,
    priority   INTEGER NOT NULL,
    added_at   TEXT NOT NULL
);
CREATE INDEX members_by_group ON vm_group_members (group_id, priority, added_at);

-- One execution per schedule, group and cron time, whichever process runs it.
CREATE TABLE schedule_executions (
    execution_id       TEXT PRIMARY KEY NOT NULL,
    schedule_id        TEXT NOT NULL REFERENCES schedules (schedule_id) ON DELETE CASCADE,
    group_id           TEXT NOT NULL,
    due_at             TEXT NOT NULL,
    started_at         TEXT NOT NULL,
    jobs_started       INTEGER NOT NULL DEFAULT 0,
    skipped_active     INTEGER NOT NULL DEFAULT 0,
    skipped_limit      INTEGER NOT NULL DEFAULT 0,
    skipped_ineligible INTEGER NOT NULL DEFAULT 0,
    failed             INTEGER NOT NULL DEFAULT 0,
    job_ids            TEXT NOT NULL DEFAULT '[]',
    UNIQUE (schedule_id, group_id, due_at)
);
CREATE INDEX executions_by_schedule ON schedule_executions (schedule_id, due_at);
";

/// Migration 4: ownership. A volume belongs to the job that last replicated
/// into it; volumes handed over to a migrated VM are remembered after their
/// context is gone; reconcile's orphan sightings (for its grace period); and
/// at most one open (in progress or active) failover job per context — older
/// duplicates a resumed failover recorded before this version are marked
/// `aborted`, never deleted.
const V4: &str = "
ALTER TABLE volumes ADD COLUMN owner_job_id TEXT;
UPDATE volumes SET owner_job_id = created_by_job_id;

CREATE TABLE handed_over_volumes (
    volume_id      TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    context_id     TEXT NOT NULL,
    vm_id          TEXT,
    handed_over_at TEXT NOT NULL
);

CREATE TABLE orphan_sightings (
    resource   TEXT PRIMARY KEY NOT NULL,
    first_seen TEXT NOT NULL
);

UPDATE failover_jobs SET status = 'aborted'
WHERE status IN ('in_progress', 'active')
  AND rowid NOT IN (SELECT MAX(rowid) FROM failover_jobs
                    WHERE status IN ('in_progress', 'active') GROUP BY context_id);
CREATE UNIQUE INDEX one_open_failover_per_context ON failover_jobs (context_id)
    WHERE status IN ('in_progress', 'active');
";

/// Migration 5: VM identities in normal form (DESIGN §3; the rule is in
/// `services::validate`): `vcenter_host` trimmed and ASCII-lowercased,
/// `vmware_vm_id` trimmed. `OR IGNORE` leaves a row as it was when its
/// normal form is another context's identity: nothing is merged or deleted,
/// and [`report_unnormalised`] names those rows.
const V5: &str = "
UPDATE OR IGNORE vm_replication_contexts
SET vcenter_host = lower(trim(vcenter_host, char(32, 9, 10, 11, 12, 13))),
    vmware_vm_id = trim(vmware_vm_id, char(32, 9, 10, 11, 12, 13))
WHERE vcenter_host <> lower(trim(vcenter_host, char(32, 9, 10, 11, 12, 13)))
   OR vmware_vm_id <> trim(vmware_vm_id, char(32, 9, 10, 11, 12, 13));
";

/// Migration 6: change ids per disk (VMware CBT keeps one per disk). The
/// context keeps each disk's last change id (`last_change_ids`, a JSON
/// object disk id → change id); a job records each disk's previous change id,
/// the ids it produced and per-disk progress. Until now one change id stood
/// for the whole VM and was handed to every disk: it is carried over to each
/// disk the context records, so an upgraded database hands every disk what
/// the host was handed before (an initial job's disks start from nothing).
const V6: &str = "
ALTER TABLE vm_replication_contexts ADD COLUMN last_change_ids TEXT NOT NULL DEFAULT '{}';
UPDATE vm_replication_contexts
SET last_change_ids = (SELECT json_group_object(json_extract(d.value, '$.id'),
                                                vm_replication_contexts.last_change_id)
                       FROM json_each(vm_replication_contexts.source_vm, '$.disks') AS d)
WHERE last_change_id IS NOT NULL AND last_change_id <> '';

ALTER TABLE replication_jobs ADD COLUMN previous_change_ids TEXT NOT NULL DEFAULT '{}';
ALTER TABLE replication_jobs ADD COLUMN new_change_ids TEXT NOT NULL DEFAULT '{}';
ALTER TABLE replication_jobs ADD COLUMN disk_progress TEXT NOT NULL DEFAULT '{}';
UPDATE replication_jobs
SET previous_change_ids = (SELECT json_group_object(json_extract(d.value, '$.id'),
                                      CASE WHEN replication_jobs.replication_type = 'initial'
                                           THEN '' ELSE replication_jobs.previous_change_id END)
                           FROM vm_replication_contexts AS c, json_each(c.source_vm, '$.disks') AS d
                           WHERE c.context_id = replication_jobs.context_id);
UPDATE replication_jobs
SET new_change_ids = (SELECT json_group_object(json_extract(d.value, '$.id'),
                                               replication_jobs.new_change_id)
                      FROM vm_replication_contexts AS c, json_each(c.source_vm, '$.disks') AS d
                      WHERE c.context_id = replication_jobs.context_id)
WHERE new_change_id IS NOT NULL AND new_change_id <> '';
";

/// The first version whose identities are in normal form.
const NORMAL_IDENTITY_VERSION: u32 = 5;

/// Migration 7: the clones a test failover's VM runs on, recorded on its
/// failover job (the replica is never given to a test VM).
const V7: &str = "
ALTER TABLE failover_jobs ADD COLUMN clones TEXT NOT NULL DEFAULT '[]';
";

/// Migration 8: only indexes that earn their cost. The identity index leads
/// with the VMware id, so it also serves look-ups by VMware id alone and
/// their own index goes (one B-tree less to write per context). The log's
/// status index goes: every log job changes status once after its insert,
/// which rewrote it, and a status filter without a context is rare enough to
/// scan the time index.
const V8: &str = "
DROP INDEX vm_identity;
CREATE UNIQUE INDEX vm_identity ON vm_replication_contexts (vmware_vm_id, vcenter_host);
DROP INDEX contexts_by_vmware_id;
DROP INDEX log_jobs_by_status;
";

/// Migration 9: a schedule execution is claimed with a lease and marked
/// finished, so a process that dies between recording a run and finishing
/// it leaves the run to be taken over, not lost. Runs recorded before this
/// migration count as finished (their outcome is all there is).
const V9: &str = "
ALTER TABLE schedule_executions ADD COLUMN lease_until TEXT;
ALTER TABLE schedule_executions ADD COLUMN finished_at TEXT;
UPDATE schedule_executions SET finished_at = started_at;
";

/// Every migration, in order. `VERSION` is their count.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9];

/// Version 1 exactly as released, for the test that upgrading it gives the
/// same schema as a fresh database.
pub const FROZEN_V1: &str = V1;

/// The schema of `version` exactly as released (migrations 1 ..= `version`),
/// for tests that upgrade a database of an older version.
#[doc(hidden)]
pub fn released(version: u32) -> String {
    MIGRATIONS[..(version as usize).min(MIGRATIONS.len())].concat()
}

/// The schema version this build writes.
pub const VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings `conn` up to [`VERSION`] in one IMMEDIATE transaction, or refuses a
/// database written by a newer build.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), DbError> {
    let found = user_version(conn)?;
    if found == VERSION {
        return Ok(());
    }
    if found > VERSION {
        return Err(DbError::Incompatible { found });
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the lock.
    let found = user_version(&tx)?;
    if found > VERSION {
        return Err(DbError::Incompatible { found });
    }
    for sql in &MIGRATIONS[found as usize..] {
        tx.execute_batch(sql)?;
    }
    if found < NORMAL_IDENTITY_VERSION {
        report_unnormalised(&tx)?;
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    Ok(())
}

pub(crate) fn user_version(conn: &Connection) -> Result<u32, DbError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Traces every context whose identity migration 4 could not normalise
/// because another context already holds the normal form.
fn report_unnormalised(conn: &Connection) -> Result<(), DbError> {
    let mut stmt = conn.prepare(
        "SELECT context_id, vcenter_host, vmware_vm_id FROM vm_replication_contexts
         WHERE vcenter_host <> lower(trim(vcenter_host, char(32, 9, 10, 11, 12, 13)))
            OR vmware_vm_id <> trim(vmware_vm_id, char(32, 9, 10, 11, 12, 13))
         ORDER BY context_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (context_id, vcenter_host, vmware_vm_id): (String, String, String) =
            (row.get(0)?, row.get(1)?, row.get(2)?);
        tracing::warn!(
            %context_id,
            ?vcenter_host,
            ?vmware_vm_id,
            "identity left as it was: its normal form is another context's; \
             resolve the duplicate by hand (address this one by context_id)"
        );
    }
    Ok(())
}
