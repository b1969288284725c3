//! Groups, members, schedules and schedule executions in SQLite: the
//! queries, and [`GroupStore`] for [`SqliteStore`] over them.

use super::db::{Database, DbError};
use super::rows::{collect, is_unique_violation, parse_opt_ts, parse_ts, ts};
use super::store::SqliteStore;
use crate::error::Result;
use crate::model::{GroupMember, Schedule, ScheduleExecution, VmGroup};
use crate::ports::store::GroupStore;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

fn schedule_from_row(r: &Row<'_>) -> Result<Schedule, DbError> {
    Ok(Schedule {
        schedule_id: r.get(0)?,
        name: r.get(1)?,
        cron_expression: r.get(2)?,
        timezone: r.get(3)?,
        enabled: r.get(4)?,
        max_concurrent_jobs: r.get(5)?,
        created_at: parse_ts("schedules.created_at", &r.get::<_, String>(6)?)?,
    })
}

fn group_from_row(r: &Row<'_>) -> Result<VmGroup, DbError> {
    Ok(VmGroup {
        group_id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        schedule_id: r.get(3)?,
        created_at: parse_ts("vm_groups.created_at", &r.get::<_, String>(4)?)?,
    })
}

fn execution_from_row(r: &Row<'_>) -> Result<ScheduleExecution, DbError> {
    Ok(ScheduleExecution {
        execution_id: r.get(0)?,
        schedule_id: r.get(1)?,
        group_id: r.get(2)?,
        due_at: parse_ts("schedule_executions.due_at", &r.get::<_, String>(3)?)?,
        started_at: parse_ts("schedule_executions.started_at", &r.get::<_, String>(4)?)?,
        jobs_started: r.get(5)?,
        skipped_active: r.get(6)?,
        skipped_limit: r.get(7)?,
        skipped_ineligible: r.get(8)?,
        failed: r.get(9)?,
        job_ids: serde_json::from_str(&r.get::<_, String>(10)?)?,
    })
}

/// Runs an INSERT; `Err(existing)` (found by `existing`) on a UNIQUE violation.
fn insert_unique(
    tx: &Connection,
    insert: impl FnOnce(&Connection) -> rusqlite::Result<usize>,
    existing: impl FnOnce(&Connection) -> rusqlite::Result<Option<String>>,
) -> Result<Result<(), String>, DbError> {
    match insert(tx) {
        Ok(_) => Ok(Ok(())),
        Err(e) if is_unique_violation(&e) => match existing(tx)? {
            Some(id) => Ok(Err(id)),
            None => Err(e.into()),
        },
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn insert_schedule(db: &Database, s: &Schedule) -> Result<Result<(), String>, DbError> {
    db.write(|tx| {
        insert_unique(
            tx,
            |tx| {
                tx.prepare_cached(
                    "INSERT INTO schedules (schedule_id, name, cron_expression, timezone, enabled,
                         max_concurrent_jobs, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    s.schedule_id,
                    s.name,
                    s.cron_expression,
                    s.timezone,
                    s.enabled,
                    s.max_concurrent_jobs,
                    ts(s.created_at)
                ])
            },
            |tx| {
                tx.prepare_cached("SELECT schedule_id FROM schedules WHERE name = ?1")?
                    .query_row(params![s.name], |r| r.get(0))
                    .optional()
            },
        )
    })
}

pub(crate) fn schedules(db: &Database, id: Option<&str>) -> Result<Vec<Schedule>, DbError> {
    db.read(|tx| {
        let mut stmt = tx.prepare_cached(
            "SELECT schedule_id, name, cron_expression, timezone, enabled, max_concurrent_jobs,
                    created_at
             FROM schedules WHERE ?1 IS NULL OR schedule_id = ?1 ORDER BY name",
        )?;
        collect(stmt.query(params![id])?, schedule_from_row)
    })
}

pub(crate) fn set_schedule_enabled(
    db: &Database,
    id: &str,
    enabled: bool,
) -> Result<bool, DbError> {
    db.write(|tx| {
        Ok(tx
            .prepare_cached("UPDATE schedules SET enabled = ?2 WHERE schedule_id = ?1")?
            .execute(params![id, enabled])?
            == 1)
    })
}

pub(crate) fn insert_group(db: &Database, g: &VmGroup) -> Result<Result<(), String>, DbError> {
    db.write(|tx| {
        insert_unique(
            tx,
            |tx| {
                tx.prepare_cached(
                    "INSERT INTO vm_groups (group_id, name, description, schedule_id, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    g.group_id,
                    g.name,
                    g.description,
                    g.schedule_id,
                    ts(g.created_at)
                ])
            },
            |tx| {
                tx.prepare_cached("SELECT group_id FROM vm_groups WHERE name = ?1")?
                    .query_row(params![g.name], |r| r.get(0))
                    .optional()
            },
        )
    })
}

pub(crate) fn groups(
    db: &Database,
    id: Option<&str>,
    schedule: Option<&str>,
) -> Result<Vec<VmGroup>, DbError> {
    db.read(|tx| {
        let mut stmt = tx.prepare_cached(
            "SELECT group_id, name, description, schedule_id, created_at FROM vm_groups
             WHERE (?1 IS NULL OR group_id = ?1) AND (?2 IS NULL OR schedule_id = ?2)
             ORDER BY name",
        )?;
        collect(stmt.query(params![id, schedule])?, group_from_row)
    })
}

pub(crate) fn set_group_schedule(
    db: &Database,
    group: &str,
    schedule: Option<&str>,
) -> Result<bool, DbError> {
    db.write(|tx| {
        Ok(tx
            .prepare_cached("UPDATE vm_groups SET schedule_id = ?2 WHERE group_id = ?1")?
            .execute(params![group, schedule])?
            == 1)
    })
}

pub(crate) fn insert_member(db: &Database, m: &GroupMember) -> Result<Result<(), String>, DbError> {
    db.write(|tx| {
        insert_unique(
            tx,
            |tx| {
                tx.prepare_cached(
                    "INSERT INTO vm_group_members (context_id, group_id, priority, added_at)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    m.context_id,
                    m.group_id,
                    m.priority,
                    ts(m.added_at)
                ])
            },
            |tx| {
                tx.prepare_cached("SELECT group_id FROM vm_group_members WHERE context_id = ?1")?
                    .query_row(params![m.context_id], |r| r.get(0))
                    .optional()
            },
        )
    })
}

pub(crate) fn delete_member(db: &Database, context_id: &str) -> Result<bool, DbError> {
    db.write(|tx| {
        Ok(tx
            .prepare_cached("DELETE FROM vm_group_members WHERE context_id = ?1")?
            .execute(params![context_id])?
            == 1)
    })
}

pub(crate) fn members(db: &Database, group: &str) -> Result<Vec<GroupMember>, DbError> {
    db.read(|tx| {
        let mut stmt = tx.prepare_cached(
            "SELECT group_id, context_id, priority, added_at FROM vm_group_members
             WHERE group_id = ?1 ORDER BY priority, added_at, context_id",
        )?;
        collect(stmt.query(params![group])?, |r| {
            Ok(GroupMember {
                group_id: r.get(0)?,
                context_id: r.get(1)?,
                priority: r.get(2)?,
                added_at: parse_ts("vm_group_members.added_at", &r.get::<_, String>(3)?)?,
            })
        })
    })
}

pub(crate) fn claim_execution(
    db: &Database,
    e: &ScheduleExecution,
    lease_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbError> {
    db.write(|tx| {
        let inserted = tx
            .prepare_cached(
                "INSERT INTO schedule_executions (execution_id, schedule_id, group_id, due_at,
                     started_at, lease_until)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (schedule_id, group_id, due_at) DO NOTHING",
            )?
            .execute(params![
                e.execution_id,
                e.schedule_id,
                e.group_id,
                ts(e.due_at),
                ts(e.started_at),
                ts(lease_until)
            ])?;
        if inserted == 1 {
            return Ok(Some(e.execution_id.clone()));
        }
        // Recorded already: take it over only if it never finished and
        // its runner's lease ended.
        tx.prepare_cached(
            "UPDATE schedule_executions SET started_at = ?4, lease_until = ?5
             WHERE schedule_id = ?1 AND group_id = ?2 AND due_at = ?3
               AND finished_at IS NULL AND lease_until < ?6
             RETURNING execution_id",
        )?
        .query_row(
            params![
                e.schedule_id,
                e.group_id,
                ts(e.due_at),
                ts(e.started_at),
                ts(lease_until),
                ts(now)
            ],
            |r| r.get(0),
        )
        .optional()
        .map_err(Into::into)
    })
}

pub(crate) fn renew_execution(
    db: &Database,
    execution_id: &str,
    held_until: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<bool, DbError> {
    db.write(|tx| {
        // The lease held is the owner's token: a takeover wrote a later one.
        Ok(tx
            .prepare_cached(
                "UPDATE schedule_executions SET lease_until = ?2
                 WHERE execution_id = ?1 AND finished_at IS NULL AND lease_until = ?3",
            )?
            .execute(params![execution_id, ts(lease_until), ts(held_until)])?
            == 1)
    })
}

pub(crate) fn finish_execution(
    db: &Database,
    e: &ScheduleExecution,
    held_until: DateTime<Utc>,
    finished_at: DateTime<Utc>,
) -> Result<bool, DbError> {
    let job_ids = serde_json::to_string(&e.job_ids)?;
    db.write(|tx| {
        Ok(tx
            .prepare_cached(
                "UPDATE schedule_executions
             SET jobs_started = ?2, skipped_active = ?3, skipped_limit = ?4,
                 skipped_ineligible = ?5, failed = ?6, job_ids = ?7, finished_at = ?8
             WHERE execution_id = ?1 AND finished_at IS NULL AND lease_until = ?9",
            )?
            .execute(params![
                e.execution_id,
                e.jobs_started,
                e.skipped_active,
                e.skipped_limit,
                e.skipped_ineligible,
                e.failed,
                job_ids,
                ts(finished_at),
                ts(held_until)
            ])?
            == 1)
    })
}

pub(crate) fn last_due(
    db: &Database,
    schedule: &str,
    group: &str,
) -> Result<Option<DateTime<Utc>>, DbError> {
    db.read(|tx| {
        let last: Option<String> = tx
            .prepare_cached(
                "SELECT MAX(due_at) FROM schedule_executions
                 WHERE schedule_id = ?1 AND group_id = ?2 AND finished_at IS NOT NULL",
            )?
            .query_row(params![schedule, group], |r| r.get(0))?;
        parse_opt_ts("schedule_executions.due_at", last)
    })
}

pub(crate) fn executions(
    db: &Database,
    schedule: Option<&str>,
    limit: u32,
) -> Result<Vec<ScheduleExecution>, DbError> {
    db.read(|tx| {
        let mut stmt = tx.prepare_cached(
            "SELECT execution_id, schedule_id, group_id, due_at, started_at, jobs_started,
                    skipped_active, skipped_limit, skipped_ineligible, failed, job_ids
             FROM schedule_executions WHERE ?1 IS NULL OR schedule_id = ?1
             ORDER BY due_at DESC, started_at DESC LIMIT ?2",
        )?;
        collect(stmt.query(params![schedule, limit])?, execution_from_row)
    })
}

#[async_trait]
impl GroupStore for SqliteStore {
    async fn insert_schedule(&self, schedule: &Schedule) -> Result<Result<(), String>> {
        Ok(insert_schedule(&self.db, schedule)?)
    }

    async fn get_schedule(&self, schedule_id: &str) -> Result<Option<Schedule>> {
        Ok(schedules(&self.db, Some(schedule_id))?.pop())
    }

    async fn list_schedules(&self) -> Result<Vec<Schedule>> {
        Ok(schedules(&self.db, None)?)
    }

    async fn set_schedule_enabled(&self, schedule_id: &str, enabled: bool) -> Result<bool> {
        Ok(set_schedule_enabled(&self.db, schedule_id, enabled)?)
    }

    async fn insert_group(&self, group: &VmGroup) -> Result<Result<(), String>> {
        Ok(insert_group(&self.db, group)?)
    }

    async fn get_group(&self, group_id: &str) -> Result<Option<VmGroup>> {
        Ok(groups(&self.db, Some(group_id), None)?.pop())
    }

    async fn list_groups(&self) -> Result<Vec<VmGroup>> {
        Ok(groups(&self.db, None, None)?)
    }

    async fn set_group_schedule(&self, group_id: &str, schedule_id: Option<&str>) -> Result<bool> {
        Ok(set_group_schedule(&self.db, group_id, schedule_id)?)
    }

    async fn insert_group_member(&self, member: &GroupMember) -> Result<Result<(), String>> {
        Ok(insert_member(&self.db, member)?)
    }

    async fn delete_group_member(&self, context_id: &str) -> Result<bool> {
        Ok(delete_member(&self.db, context_id)?)
    }

    async fn group_members(&self, group_id: &str) -> Result<Vec<GroupMember>> {
        Ok(members(&self.db, group_id)?)
    }

    async fn claim_schedule_execution(
        &self,
        execution: &ScheduleExecution,
        lease_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        Ok(claim_execution(&self.db, execution, lease_until, now)?)
    }

    async fn renew_schedule_execution(
        &self,
        execution_id: &str,
        held_until: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(renew_execution(
            &self.db,
            execution_id,
            held_until,
            lease_until,
        )?)
    }

    async fn finish_schedule_execution(
        &self,
        execution: &ScheduleExecution,
        held_until: DateTime<Utc>,
        finished_at: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(finish_execution(
            &self.db,
            execution,
            held_until,
            finished_at,
        )?)
    }

    async fn last_schedule_due(
        &self,
        schedule_id: &str,
        group_id: &str,
    ) -> Result<Option<DateTime<Utc>>> {
        Ok(last_due(&self.db, schedule_id, group_id)?)
    }

    async fn list_schedule_executions(
        &self,
        schedule_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ScheduleExecution>> {
        Ok(executions(&self.db, schedule_id, limit)?)
    }
}
