//! Volumes recorded on a context, and failover jobs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A target volume recorded on a context (one per source disk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VolumeRecord {
    /// The volume daemon's id.
    pub volume_id: String,
    /// The context it belongs to.
    pub context_id: String,
    /// The source disk it replicates.
    pub disk_id: String,
    /// Its deterministic name (`mk-<context_id>-<disk_id>`).
    pub name: String,
    /// Size in bytes.
    pub size_bytes: u64,
    /// Device path on the appliance, while attached there.
    pub device_path: Option<String>,
    /// Its NBD export name (`migration-vol-<volume_id>`).
    pub export_name: String,
    /// The replication job that created it.
    pub created_by_job_id: String,
    /// The replication job that last replicated into it: the job it belongs
    /// to, whose deletion takes it along (DESIGN §4 `delete_job`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub owner_job_id: String,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

/// Test or live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum FailoverKind {
    /// A test VM on the replicated volumes; cleaned up afterwards.
    Test,
    /// The production VM: the cut-over.
    Live,
}

impl FailoverKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            FailoverKind::Test => "test",
            FailoverKind::Live => "live",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<FailoverKind> {
        match s {
            "test" => Some(FailoverKind::Test),
            "live" => Some(FailoverKind::Live),
            _ => None,
        }
    }
}

/// Where a failover job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum FailoverStatus {
    /// Its steps are running (or were interrupted and will resume).
    InProgress,
    /// The VM runs on the volumes.
    Active,
    /// A test failover was cleaned up.
    Cleaned,
    /// A live failover was rolled back.
    RolledBack,
    /// A live failover was finalised.
    Completed,
    /// A failover that failed part-way was abandoned and undone.
    Aborted,
}

impl FailoverStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            FailoverStatus::InProgress => "in_progress",
            FailoverStatus::Active => "active",
            FailoverStatus::Cleaned => "cleaned",
            FailoverStatus::RolledBack => "rolled_back",
            FailoverStatus::Completed => "completed",
            FailoverStatus::Aborted => "aborted",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<FailoverStatus> {
        [
            FailoverStatus::InProgress,
            FailoverStatus::Active,
            FailoverStatus::Cleaned,
            FailoverStatus::RolledBack,
            FailoverStatus::Completed,
            FailoverStatus::Aborted,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// A test or live failover of a context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FailoverJob {
    /// Id (`failover-<YYYYMMDD-HHMMSS.mmm>-<6 hex>`).
    pub failover_job_id: String,
    /// The context.
    pub context_id: String,
    /// Test or live.
    pub kind: FailoverKind,
    /// Where it stands.
    pub status: FailoverStatus,
    /// The VM created in the target cloud (deterministic name).
    pub destination_vm_name: String,
    /// Its id, once created.
    pub destination_vm_id: Option<String>,
    /// The log job of the operation that created it.
    pub log_job_id: String,
    /// The writable clones of the replica a test VM runs on (empty for a
    /// live failover, which runs on the replica itself).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub clones: Vec<TestClone>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A point-in-time clone of one replica volume, made for a test VM: the
/// replica never receives the test VM's writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct TestClone {
    /// The source disk.
    pub disk_id: String,
    /// The replica volume it was cloned from.
    pub source_volume_id: String,
    /// The clone's volume id.
    pub volume_id: String,
    /// Its deterministic name (`mk-<context_id>-<disk_id>-test`).
    pub name: String,
}

/// Names the context (and optionally the failover job) of a cleanup or
/// rollback. `context_id` is preferred; `vm_id` (the vCenter id) and
/// `vm_name` are accepted for compatibility and must match one context.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct FailoverTarget {
    /// The context.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub context_id: Option<String>,
    /// The VM's vCenter id.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub vm_id: Option<String>,
    /// The VM's name.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub vm_name: Option<String>,
    /// A specific failover job (default: the context's latest of the kind).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub failover_job_id: Option<String>,
}

/// The outcome of a failover operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FailoverResult {
    /// The context.
    pub context_id: String,
    /// The failover job.
    pub failover_job_id: String,
    /// The target VM.
    pub destination_vm_id: Option<String>,
    /// The context's status now.
    pub status: super::Status,
    /// The operation's log job.
    pub log_job_id: String,
    /// Steps that found their effect already in place (a resumed run).
    pub skipped_steps: Vec<String>,
    /// Problems that did not fail the operation (e.g. a failed final status update).
    pub warnings: Vec<String>,
}
