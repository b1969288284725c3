//! Replication jobs.

use super::status::{JobStatus, ReplicationType, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One replication run of a context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicationJob {
    /// `job-<YYYYMMDD-HHMMSS.mmm>-<6 hex>`.
    pub job_id: String,
    /// The context it replicates.
    pub context_id: String,
    /// Initial or incremental.
    pub replication_type: ReplicationType,
    /// Job status.
    pub status: JobStatus,
    /// The context's status before the job started; a cancel returns to it.
    pub previous_status: Status,
    /// 0.0 ..= 100.0.
    pub progress_percent: f64,
    /// Bytes copied so far.
    pub bytes_transferred: u64,
    /// Bytes to copy in all, when known.
    pub total_bytes: Option<u64>,
    /// Change id the job starts from.
    pub change_id: String,
    /// Change id of the previous sync.
    pub previous_change_id: String,
    /// Change id the job produced (set on completion).
    pub new_change_id: Option<String>,
    /// Source snapshot.
    pub snapshot_id: String,
    /// Schedule execution that started the job.
    pub schedule_execution_id: String,
    /// Group the job was started for.
    pub vm_group_id: String,
    /// Who scheduled the job.
    pub scheduled_by: String,
    /// Volumes created for this job.
    pub created_volumes: u32,
    /// Volumes attached to the appliance for this job.
    pub mounted_volumes: u32,
    /// Failure reason.
    pub error: Option<String>,
    /// When the job was created.
    pub started_at: DateTime<Utc>,
    /// When any field last changed.
    pub updated_at: DateTime<Utc>,
    /// When the job completed, failed or was cancelled.
    pub finished_at: Option<DateTime<Utc>>,
}

/// Filter and page of `list_jobs` (newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobFilter {
    /// Only jobs of this context.
    #[serde(default)]
    pub context_id: Option<String>,
    /// Only jobs in this status.
    #[serde(default)]
    pub status: Option<JobStatus>,
    /// Page size (default 100, at most 10,000).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Items to skip.
    #[serde(default)]
    pub offset: u64,
}
