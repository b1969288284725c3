//! Replication jobs.

use super::status::{JobStatus, ReplicationType, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Change ids by disk id (`{"disk-2000": "52 3c ... /7"}`). VMware CBT keeps
/// one change id per disk.
pub type DiskChangeIds = BTreeMap<String, String>;

/// Bytes of one disk of a job, as the host reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct DiskProgress {
    /// Bytes of this disk copied so far.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub bytes_transferred: u64,
    /// Bytes of this disk to copy in all, when known (a report without it
    /// keeps the one known before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub total_bytes: Option<u64>,
}

/// One replication run of a context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
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
    /// Change id of the previous sync: the one disk's (or, for a VM without
    /// disks, the context's); empty for several disks (see
    /// `previous_change_ids`).
    pub previous_change_id: String,
    /// Every disk of the VM when the job started, with the change id its
    /// copy starts from; empty for a disk to copy whole (an initial job, a
    /// disk added since the last sync, a disk whose last sync recorded none).
    #[serde(default)]
    pub previous_change_ids: DiskChangeIds,
    /// Change id the job produced (set on completion): the one disk's;
    /// `None` when the completion gave one per disk for several disks.
    pub new_change_id: Option<String>,
    /// Change ids the job produced, by disk (set on completion).
    #[serde(default)]
    pub new_change_ids: DiskChangeIds,
    /// Bytes per disk, as far as the host reported them.
    #[serde(default)]
    pub disk_progress: BTreeMap<String, DiskProgress>,
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
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct JobFilter {
    /// Only jobs of this context.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub context_id: Option<String>,
    /// Only jobs in this status.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<JobStatus>,
    /// Page size (default 100, at most 10,000).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
    /// Items to skip (slow for deep pages: prefer `after`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub offset: u64,
    /// Only jobs after this cursor (a previous page's `next_cursor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub after: Option<String>,
}
