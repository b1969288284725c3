//! The statuses of a replication context and of a replication job.

use serde::{Deserialize, Serialize};
use std::fmt;

/// `current_status` of a replication context (DESIGN §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Under management, no replication has run yet.
    Discovered,
    /// A replication job is active (pending or running).
    Replicating,
    /// The last replication succeeded; target volumes are consistent.
    ReadyForFailover,
    /// The last replication failed; it can be retried.
    Failed,
    /// A test VM runs on the replicated volumes.
    FailedOverTest,
    /// Cut over: the VM runs in the target cloud.
    FailedOverLive,
    /// Migration finalised; the context is kept as history.
    Completed,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 7] = [
        Status::Discovered,
        Status::Replicating,
        Status::ReadyForFailover,
        Status::Failed,
        Status::FailedOverTest,
        Status::FailedOverLive,
        Status::Completed,
    ];

    /// The wire name (`ready_for_failover`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Discovered => "discovered",
            Status::Replicating => "replicating",
            Status::ReadyForFailover => "ready_for_failover",
            Status::Failed => "failed",
            Status::FailedOverTest => "failed_over_test",
            Status::FailedOverLive => "failed_over_live",
            Status::Completed => "completed",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Status of a replication job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Created; the host has not reported progress yet.
    Pending,
    /// The host reported progress.
    Running,
    /// The host reported success.
    Completed,
    /// The host reported failure.
    Failed,
    /// Cancelled before it finished.
    Cancelled,
}

impl JobStatus {
    /// Every job status.
    pub const ALL: [JobStatus; 5] = [
        JobStatus::Pending,
        JobStatus::Running,
        JobStatus::Completed,
        JobStatus::Failed,
        JobStatus::Cancelled,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Pending => "pending",
            JobStatus::Running => "running",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Pending or running: the job holds its context in `replicating`.
    pub fn is_active(self) -> bool {
        matches!(self, JobStatus::Pending | JobStatus::Running)
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `initial` (full copy) or `incremental` (changed blocks since the last sync).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ReplicationType {
    /// A full copy of every disk.
    Initial,
    /// Only the blocks changed since the last completed job.
    Incremental,
}

impl ReplicationType {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReplicationType::Initial => "initial",
            ReplicationType::Incremental => "incremental",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<ReplicationType> {
        match s {
            "initial" => Some(ReplicationType::Initial),
            "incremental" => Some(ReplicationType::Incremental),
            _ => None,
        }
    }
}
