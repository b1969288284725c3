//! Groups, members, schedules and schedule executions in PostgreSQL; an
//! execution is unique per schedule, group and cron time, so nodes running
//! due schedules at once start each group once.

use super::connection::Session;
use super::error::PgError;
use super::rows::{col, collect, json_col, u32_col};
use super::store::PostgresStore;
use crate::error::Result;
use crate::model::{GroupMember, Schedule, ScheduleExecution, VmGroup};
use crate::ports::store::GroupStore;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tokio_postgres::Row;
use tokio_postgres::types::Json;

fn schedule_from_row(r: &Row) -> Result<Schedule, PgError> {
    Ok(Schedule {
        schedule_id: col(r, 0)?,
        name: col(r, 1)?,
        cron_expression: col(r, 2)?,
        timezone: col(r, 3)?,
        enabled: col(r, 4)?,
        max_concurrent_jobs: u32_col(r, 5, "schedules.max_concurrent_jobs")?,
        created_at: col(r, 6)?,
    })
}

fn group_from_row(r: &Row) -> Result<VmGroup, PgError> {
    Ok(VmGroup {
        group_id: col(r, 0)?,
        name: col(r, 1)?,
        description: col(r, 2)?,
        schedule_id: col(r, 3)?,
        created_at: col(r, 4)?,
    })
}

fn execution_from_row(r: &Row) -> Result<ScheduleExecution, PgError> {
    Ok(ScheduleExecution {
        execution_id: col(r, 0)?,
        schedule_id: col(r, 1)?,
        group_id: col(r, 2)?,
        due_at: col(r, 3)?,
        started_at: col(r, 4)?,
        jobs_started: u32_col(r, 5, "schedule_executions.jobs_started")?,
        skipped_active: u32_col(r, 6, "schedule_executions.skipped_active")?,
        skipped_limit: u32_col(r, 7, "schedule_executions.skipped_limit")?,
        skipped_ineligible: u32_col(r, 8, "schedule_executions.skipped_ineligible")?,
        failed: u32_col(r, 9, "schedule_executions.failed")?,
        job_ids: json_col(r, 10)?,
    })
}

/// `Ok(())` when `inserted`, else `Err(the id holding the key)` found by
/// `existing` (a one-column look-up).
async fn taken_by(
    s: &Session,
    inserted: u64,
    existing: &str,
    key: &str,
) -> Result<Result<(), String>, PgError> {
    if inserted == 1 {
        return Ok(Ok(()));
    }
    match s.query_opt(existing, &[&key]).await? {
        Some(row) => Ok(Err(row.try_get(0)?)),
        // Taken and gone again in between: the caller's name is free now,
        // but this insert did not happen; say so rather than guess.
        None => Err(PgError::Conflict),
    }
}

fn i64_of(v: u32) -> i64 {
    i64::from(v)
}

#[async_trait]
impl GroupStore for PostgresStore {
    async fn insert_schedule(&self, s: &Schedule) -> Result<Result<(), String>> {
        let max = i64_of(s.max_concurrent_jobs);
        Ok(self
            .db
            .autocommit(|c| async move {
                let n = c
                    .execute(
                        "INSERT INTO schedules (schedule_id, name, cron_expression, timezone,
                             enabled, max_concurrent_jobs, created_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)
                         ON CONFLICT (name) DO NOTHING",
                        &[
                            &s.schedule_id,
                            &s.name,
                            &s.cron_expression,
                            &s.timezone,
                            &s.enabled,
                            &max,
                            &s.created_at,
                        ],
                    )
                    .await?;
                taken_by(
                    &c,
                    n,
                    "SELECT schedule_id FROM schedules WHERE name = $1",
                    &s.name,
                )
                .await
            })
            .await?)
    }

    async fn get_schedule(&self, schedule_id: &str) -> Result<Option<Schedule>> {
        Ok(self
            .db
            .read(|s| async move {
                s.query_opt(
                    "SELECT schedule_id, name, cron_expression, timezone, enabled,
                            max_concurrent_jobs, created_at
                     FROM schedules WHERE schedule_id = $1",
                    &[&schedule_id],
                )
                .await?
                .as_ref()
                .map(schedule_from_row)
                .transpose()
            })
            .await?)
    }

    async fn list_schedules(&self) -> Result<Vec<Schedule>> {
        Ok(self
            .db
            .read(|s| async move {
                let rows = s
                    .query(
                        "SELECT schedule_id, name, cron_expression, timezone, enabled,
                                max_concurrent_jobs, created_at
                         FROM schedules ORDER BY name",
                        &[],
                    )
                    .await?;
                collect(&rows, schedule_from_row)
            })
            .await?)
    }

    async fn set_schedule_enabled(&self, schedule_id: &str, enabled: bool) -> Result<bool> {
        Ok(self
            .db
            .autocommit(|s| async move {
                Ok(s.execute(
                    "UPDATE schedules SET enabled = $2 WHERE schedule_id = $1",
                    &[&schedule_id, &enabled],
                )
                .await?
                    == 1)
            })
            .await?)
    }

    async fn insert_group(&self, g: &VmGroup) -> Result<Result<(), String>> {
        Ok(self
            .db
            .autocommit(|s| async move {
                let n = s
                    .execute(
                        "INSERT INTO vm_groups (group_id, name, description, schedule_id,
                             created_at)
                         VALUES ($1, $2, $3, $4, $5)
                         ON CONFLICT (name) DO NOTHING",
                        &[
                            &g.group_id,
                            &g.name,
                            &g.description,
                            &g.schedule_id,
                            &g.created_at,
                        ],
                    )
                    .await?;
                taken_by(
                    &s,
                    n,
                    "SELECT group_id FROM vm_groups WHERE name = $1",
                    &g.name,
                )
                .await
            })
            .await?)
    }

    async fn get_group(&self, group_id: &str) -> Result<Option<VmGroup>> {
        Ok(self
            .db
            .read(|s| async move {
                s.query_opt(
                    "SELECT group_id, name, description, schedule_id, created_at
                     FROM vm_groups WHERE group_id = $1",
                    &[&group_id],
                )
                .await?
                .as_ref()
                .map(group_from_row)
                .transpose()
            })
            .await?)
    }

    async fn list_groups(&self) -> Result<Vec<VmGroup>> {
        Ok(self
            .db
            .read(|s| async move {
                let rows = s
                    .query(
                        "SELECT group_id, name, description, schedule_id, created_at
                         FROM vm_groups ORDER BY name",
                        &[],
                    )
                    .await?;
                collect(&rows, group_from_row)
            })
            .await?)
    }

    async fn set_group_schedule(&self, group_id: &str, schedule_id: Option<&str>) -> Result<bool> {
        Ok(self
            .db
            .autocommit(|s| async move {
                Ok(s.execute(
                    "UPDATE vm_groups SET schedule_id = $2 WHERE group_id = $1",
                    &[&group_id, &schedule_id],
                )
                .await?
                    == 1)
            })
            .await?)
    }

    async fn insert_group_member(&self, m: &GroupMember) -> Result<Result<(), String>> {
        Ok(self
            .db
            .autocommit(|s| async move {
                let n = s
                    .execute(
                        "INSERT INTO vm_group_members (context_id, group_id, priority, added_at)
                         VALUES ($1, $2, $3, $4)
                         ON CONFLICT (context_id) DO NOTHING",
                        &[&m.context_id, &m.group_id, &m.priority, &m.added_at],
                    )
                    .await?;
                taken_by(
                    &s,
                    n,
                    "SELECT group_id FROM vm_group_members WHERE context_id = $1",
                    &m.context_id,
                )
                .await
            })
            .await?)
    }

    async fn delete_group_member(&self, context_id: &str) -> Result<bool> {
        Ok(self
            .db
            .autocommit(|s| async move {
                Ok(s.execute(
                    "DELETE FROM vm_group_members WHERE context_id = $1",
                    &[&context_id],
                )
                .await?
                    == 1)
            })
            .await?)
    }

    async fn group_members(&self, group_id: &str) -> Result<Vec<GroupMember>> {
        Ok(self
            .db
            .read(|s| async move {
                let rows = s
                    .query(
                        "SELECT group_id, context_id, priority, added_at FROM vm_group_members
                         WHERE group_id = $1 ORDER BY priority, added_at, context_id",
                        &[&group_id],
                    )
                    .await?;
                collect(&rows, |r| {
                    Ok(GroupMember {
                        group_id: col(r, 0)?,
                        context_id: col(r, 1)?,
                        priority: col(r, 2)?,
                        added_at: col(r, 3)?,
                    })
                })
            })
            .await?)
    }

    async fn claim_schedule_execution(
        &self,
        e: &ScheduleExecution,
        lease_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        // Inserted, or recorded already but never finished and its
        // runner's lease ended: taken over (one statement, so two nodes
        // taking over at once cannot both get it).
        Ok(self
            .db
            .autocommit(|s| async move {
                Ok(s.query_opt(
                    "INSERT INTO schedule_executions (execution_id, schedule_id, group_id,
                         due_at, started_at, lease_until)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (schedule_id, group_id, due_at) DO UPDATE
                         SET started_at = EXCLUDED.started_at,
                             lease_until = EXCLUDED.lease_until
                         WHERE schedule_executions.finished_at IS NULL
                           AND schedule_executions.lease_until < $7
                     RETURNING execution_id",
                    &[
                        &e.execution_id,
                        &e.schedule_id,
                        &e.group_id,
                        &e.due_at,
                        &e.started_at,
                        &lease_until,
                        &now,
                    ],
                )
                .await?
                .map(|r| r.try_get(0))
                .transpose()?)
            })
            .await?)
    }

    async fn renew_schedule_execution(
        &self,
        execution_id: &str,
        held_until: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(self
            .db
            .autocommit(|s| async move {
                // The lease held is the owner's token: a takeover wrote a
                // later one.
                Ok(s.execute(
                    "UPDATE schedule_executions SET lease_until = $2
                     WHERE execution_id = $1 AND finished_at IS NULL AND lease_until = $3",
                    &[&execution_id, &lease_until, &held_until],
                )
                .await?
                    == 1)
            })
            .await?)
    }

    async fn finish_schedule_execution(
        &self,
        e: &ScheduleExecution,
        held_until: DateTime<Utc>,
        finished_at: DateTime<Utc>,
    ) -> Result<bool> {
        let counts = [
            i64_of(e.jobs_started),
            i64_of(e.skipped_active),
            i64_of(e.skipped_limit),
            i64_of(e.skipped_ineligible),
            i64_of(e.failed),
        ];
        let counts = &counts;
        Ok(self
            .db
            .autocommit(|s| async move {
                Ok(s.execute(
                    "UPDATE schedule_executions
                     SET jobs_started = $2, skipped_active = $3, skipped_limit = $4,
                         skipped_ineligible = $5, failed = $6, job_ids = $7, finished_at = $8
                     WHERE execution_id = $1 AND finished_at IS NULL AND lease_until = $9",
                    &[
                        &e.execution_id,
                        &counts[0],
                        &counts[1],
                        &counts[2],
                        &counts[3],
                        &counts[4],
                        &Json(&e.job_ids),
                        &finished_at,
                        &held_until,
                    ],
                )
                .await?
                    == 1)
            })
            .await?)
    }

    async fn last_schedule_due(
        &self,
        schedule_id: &str,
        group_id: &str,
    ) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .db
            .read(|s| async move {
                Ok(s.query_one(
                    "SELECT MAX(due_at) FROM schedule_executions
                     WHERE schedule_id = $1 AND group_id = $2 AND finished_at IS NOT NULL",
                    &[&schedule_id, &group_id],
                )
                .await?
                .try_get(0)?)
            })
            .await?)
    }

    async fn list_schedule_executions(
        &self,
        schedule_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ScheduleExecution>> {
        let limit = i64_of(limit);
        Ok(self
            .db
            .read(|s| async move {
                let rows = s
                    .query(
                        "SELECT execution_id, schedule_id, group_id, due_at, started_at,
                                jobs_started, skipped_active, skipped_limit, skipped_ineligible,
                                failed, job_ids
                         FROM schedule_executions WHERE $1::text IS NULL OR schedule_id = $1
                         ORDER BY due_at DESC, started_at DESC LIMIT $2",
                        &[&schedule_id, &limit],
                    )
                    .await?;
                collect(&rows, execution_from_row)
            })
            .await?)
    }
}
