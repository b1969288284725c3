//! Groups of contexts and the schedules that replicate them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A group of contexts (a context is in at most one group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VmGroup {
    /// Id (`group-<name>-<YYYYMMDD-HHMMSS>`).
    pub group_id: String,
    /// Unique name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// The schedule that replicates the group, if any.
    pub schedule_id: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// A context's membership of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GroupMember {
    /// The group.
    pub group_id: String,
    /// The context.
    pub context_id: String,
    /// Lower runs first when a schedule cannot start every member.
    pub priority: i32,
    /// When it joined.
    pub added_at: DateTime<Utc>,
}

/// A replication schedule: a 5-field cron expression read in a time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Schedule {
    /// Id (`schedule-<name>-<YYYYMMDD-HHMMSS>`).
    pub schedule_id: String,
    /// Unique name.
    pub name: String,
    /// `minute hour day-of-month month day-of-week`.
    pub cron_expression: String,
    /// IANA time zone (`Europe/Berlin`); `UTC` by default.
    pub timezone: String,
    /// Disabled schedules never run.
    pub enabled: bool,
    /// Most jobs active at once in each group the schedule runs.
    pub max_concurrent_jobs: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// One run of a schedule for one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ScheduleExecution {
    /// Id (`exec-<YYYYMMDD-HHMMSS.mmm>-<6 hex>`), stamped on every job it starts.
    pub execution_id: String,
    /// The schedule.
    pub schedule_id: String,
    /// The group.
    pub group_id: String,
    /// The cron time this run is for.
    pub due_at: DateTime<Utc>,
    /// When it ran.
    pub started_at: DateTime<Utc>,
    /// Jobs started.
    pub jobs_started: u32,
    /// Members skipped because a job of theirs was already active.
    pub skipped_active: u32,
    /// Members not started because `max_concurrent_jobs` was reached.
    pub skipped_limit: u32,
    /// Members whose status allows no replication (a failover in place, …).
    pub skipped_ineligible: u32,
    /// Members whose start failed (their errors are in the job log).
    pub failed: u32,
    /// The jobs it started.
    pub job_ids: Vec<String>,
}

impl ScheduleExecution {
    /// A run about to start: nothing started, skipped or failed yet.
    pub fn new(
        execution_id: impl Into<String>,
        schedule_id: impl Into<String>,
        group_id: impl Into<String>,
        due_at: DateTime<Utc>,
        started_at: DateTime<Utc>,
    ) -> Self {
        Self {
            execution_id: execution_id.into(),
            schedule_id: schedule_id.into(),
            group_id: group_id.into(),
            due_at,
            started_at,
            jobs_started: 0,
            skipped_active: 0,
            skipped_limit: 0,
            skipped_ineligible: 0,
            failed: 0,
            job_ids: Vec::new(),
        }
    }
}

/// `create_group`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct CreateGroupRequest {
    /// Unique name.
    pub name: String,
    /// Free text.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub description: String,
    /// A schedule to attach.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub schedule_id: Option<String>,
}

/// `add_to_group`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct AddToGroupRequest {
    /// The group.
    pub group_id: String,
    /// The context.
    pub context_id: String,
    /// Lower runs first (default 100).
    #[serde(default = "default_priority")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 100))]
    pub priority: i32,
}

fn default_priority() -> i32 {
    100
}

/// `create_schedule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct CreateScheduleRequest {
    /// Unique name.
    pub name: String,
    /// `minute hour day-of-month month day-of-week`.
    pub cron_expression: String,
    /// IANA time zone (default `UTC`).
    #[serde(default = "default_timezone")]
    #[cfg_attr(feature = "uniffi", uniffi(default = "UTC"))]
    pub timezone: String,
    /// Default `true`.
    #[serde(default = "default_enabled")]
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    pub enabled: bool,
    /// Default 5.
    #[serde(default = "default_max_jobs")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 5))]
    pub max_concurrent_jobs: u32,
}

fn default_timezone() -> String {
    "UTC".into()
}

fn default_enabled() -> bool {
    true
}

fn default_max_jobs() -> u32 {
    5
}

/// A group with its members, as `get_group` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GroupDetails {
    /// The group.
    #[serde(flatten)]
    pub group: VmGroup,
    /// Its members, by priority.
    pub members: Vec<GroupMember>,
}
