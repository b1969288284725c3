//! The replication context: one per VM under management.

use super::request::SourceVm;
use super::status::Status;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A VM under management (`vm_replication_contexts` in the original system).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReplicationContext {
    /// Primary identifier everywhere (`ctx-<name>-<YYYYMMDD-HHMMSS>`).
    pub context_id: String,
    /// The VM's name.
    pub vm_name: String,
    /// vCenter's id of the VM; with `vcenter_host` the VM's identity.
    pub vmware_vm_id: String,
    /// vCenter the VM lives in (may be empty).
    pub vcenter_host: String,
    /// vCenter datacenter.
    pub datacenter: String,
    /// Target cloud configuration id.
    pub ossea_config_id: i64,
    /// Network the failed-over VM joins.
    pub target_network: String,
    /// The VM as discovered.
    pub source_vm: SourceVm,
    /// Lifecycle status.
    pub current_status: Status,
    /// The active replication job, while `replicating`.
    pub current_job_id: Option<String>,
    /// The last job that completed.
    pub last_successful_job_id: Option<String>,
    /// Change id of the last completed sync, kept for compatibility: the one
    /// disk's (or the VM's when it has no disk), as before change ids were
    /// per disk. `None` when the last sync recorded one change id per disk
    /// for several disks: read `last_change_ids`.
    pub last_change_id: Option<String>,
    /// Each disk's change id of the last completed sync; incrementals start
    /// each disk from its own. A disk without one is copied whole.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub last_change_ids: super::job::DiskChangeIds,
    /// The multi-step operation holding the context's lock, if any.
    pub active_operation: Option<crate::lifecycle::Operation>,
    /// The log job of that operation.
    pub active_operation_job_id: Option<String>,
    /// The error of the last failed operation or job; cleared when a job completes.
    pub last_error: Option<String>,
    /// When the context was created.
    pub created_at: DateTime<Utc>,
    /// When any field last changed.
    pub updated_at: DateTime<Utc>,
    /// When `current_status` last changed.
    pub last_status_change: DateTime<Utc>,
}

/// The identity of a VM: moref ids repeat across vCenters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct VmIdentity {
    /// vCenter host (may be empty).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub vcenter_host: String,
    /// vCenter's id of the VM.
    pub vmware_vm_id: String,
}

/// How a caller names a context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ContextRef {
    /// By `context_id`.
    ContextId(String),
    /// By vCenter + `vmware_vm_id`.
    Vm(VmIdentity),
    /// By `vmware_vm_id` alone; more than one match is `ambiguous`.
    VmwareVmId(String),
    /// By VM name; more than one match is `ambiguous`.
    VmName(String),
}

/// Filter and page of `list_contexts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ContextFilter {
    /// Only contexts in this status.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<Status>,
    /// Page size (default 100, at most 10,000).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
    /// Items to skip (slow for deep pages: prefer `after`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub offset: u64,
    /// Only contexts after this cursor (a previous page's `next_cursor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub after: Option<String>,
}
