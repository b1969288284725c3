//! Groups of contexts, their members, schedules and schedule executions.

use crate::error::Result;
use crate::model::{GroupMember, Schedule, ScheduleExecution, VmGroup};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Persistence of groups, members, schedules and schedule executions.
#[async_trait]
pub trait GroupStore: Send + Sync {
    /// Inserts a schedule; `Err(existing id)` when its name is taken.
    async fn insert_schedule(&self, schedule: &Schedule) -> Result<Result<(), String>>;

    /// One schedule.
    async fn get_schedule(&self, schedule_id: &str) -> Result<Option<Schedule>>;

    /// Every schedule, by name.
    async fn list_schedules(&self) -> Result<Vec<Schedule>>;

    /// Enables or disables a schedule; `false` when there is none.
    async fn set_schedule_enabled(&self, schedule_id: &str, enabled: bool) -> Result<bool>;

    /// Inserts a group; `Err(existing id)` when its name is taken.
    async fn insert_group(&self, group: &VmGroup) -> Result<Result<(), String>>;

    /// One group.
    async fn get_group(&self, group_id: &str) -> Result<Option<VmGroup>>;

    /// Every group, by name.
    async fn list_groups(&self) -> Result<Vec<VmGroup>>;

    /// Attaches a schedule to a group (or detaches with `None`); `false`
    /// when there is no such group.
    async fn set_group_schedule(&self, group_id: &str, schedule_id: Option<&str>) -> Result<bool>;

    /// Adds a context to a group; `Err(group id)` when the context is
    /// already in a group.
    async fn insert_group_member(&self, member: &GroupMember) -> Result<Result<(), String>>;

    /// Takes a context out of its group; `false` when it was in none.
    async fn delete_group_member(&self, context_id: &str) -> Result<bool>;

    /// A group's members, by priority then age.
    async fn group_members(&self, group_id: &str) -> Result<Vec<GroupMember>>;

    /// Claims the run of a schedule for a group at a cron time until
    /// `lease_until`: records `execution` and answers its id, or — when that
    /// run is recorded already but never finished and its lease ended before
    /// `now` (the process running it died) — takes it over and answers the
    /// recorded id. `None` when another process ran it or is running it.
    async fn claim_schedule_execution(
        &self,
        execution: &ScheduleExecution,
        lease_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<String>>;

    /// Extends the lease of an execution still running and still held until
    /// `held_until` (the lease its caller claimed or last renewed); `false`
    /// when it finished, is unknown, or another process took it over (which
    /// wrote a lease of its own).
    async fn renew_schedule_execution(
        &self,
        execution_id: &str,
        held_until: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<bool>;

    /// Records what an execution did and that it finished, if it is still
    /// held until `held_until` (as for renewing); `false`, writing nothing,
    /// when another process took it over (that one records the outcome).
    async fn finish_schedule_execution(
        &self,
        execution: &ScheduleExecution,
        held_until: DateTime<Utc>,
        finished_at: DateTime<Utc>,
    ) -> Result<bool>;

    /// The latest cron time a group's run of a schedule finished for.
    async fn last_schedule_due(
        &self,
        schedule_id: &str,
        group_id: &str,
    ) -> Result<Option<DateTime<Utc>>>;

    /// A schedule's executions (every schedule's with `None`), newest first.
    async fn list_schedule_executions(
        &self,
        schedule_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ScheduleExecution>>;
}
