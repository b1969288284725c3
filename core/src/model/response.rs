//! Responses of the JSON contract (DESIGN §4).

use super::status::Status;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The message of a context-only `create_migration`.
pub const ADDED_MESSAGE: &str = "VM added to management successfully";
/// The message of a `create_migration` that started a job.
pub const JOB_STARTED_MESSAGE: &str = "Migration workflow started";

/// `create_migration` with `start_replication: false`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ContextCreated {
    /// The new context.
    pub context_id: String,
    /// The VM's name.
    pub vm_name: String,
    /// vCenter's id of the VM.
    pub vmware_vm_id: String,
    /// Always `discovered`.
    pub current_status: Status,
    /// [`ADDED_MESSAGE`].
    pub message: String,
    /// When the context was created.
    pub created_at: DateTime<Utc>,
}

/// `create_migration` that started a replication job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct JobStarted {
    /// The new job.
    pub job_id: String,
    /// The context the job runs for (new or reused).
    pub context_id: String,
    /// Always `replicating`.
    pub status: Status,
    /// 0 at start.
    pub progress_percent: f64,
    /// Target volumes created for this job.
    pub created_volumes: u32,
    /// Target volumes attached to the appliance for this job.
    pub mounted_volumes: u32,
    /// When the job started.
    pub started_at: DateTime<Utc>,
    /// Every disk of the VM with the change id its copy starts from (empty:
    /// copy it whole), as on the job.
    pub previous_change_ids: super::job::DiskChangeIds,
    /// [`JOB_STARTED_MESSAGE`].
    pub message: String,
}

/// Either response of `create_migration`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(untagged)]
pub enum CreateMigrationResponse {
    /// A job was started.
    JobStarted(JobStarted),
    /// Only a context was created.
    ContextCreated(ContextCreated),
}

/// The outcome for one VM of `add_to_management_bulk`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum BulkItemResult {
    /// A context was created.
    Added {
        /// Index of the VM in the request.
        index: usize,
        /// The new context.
        context_id: String,
        /// vCenter's id of the VM.
        vmware_vm_id: String,
    },
    /// A context already existed.
    AlreadyManaged {
        /// Index of the VM in the request.
        index: usize,
        /// The existing context.
        existing_context_id: String,
        /// vCenter's id of the VM.
        vmware_vm_id: String,
    },
    /// The VM was rejected; nothing was written for it.
    Invalid {
        /// Index of the VM in the request.
        index: usize,
        /// The error body of the rejection.
        error: crate::error::ErrorBody,
    },
    /// The store failed while writing the VM's batch (a full disk, a lost
    /// database): nothing was written for it; running the same bulk add
    /// again completes it.
    Failed {
        /// Index of the VM in the request.
        index: usize,
        /// vCenter's id of the VM.
        vmware_vm_id: String,
        /// The error body of the failure (`storage`).
        error: crate::error::ErrorBody,
    },
}

/// The whole outcome of `add_to_management_bulk`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BulkAddResponse {
    /// Contexts created.
    pub added: usize,
    /// VMs that were already managed.
    pub already_managed: usize,
    /// VMs rejected.
    pub invalid: usize,
    /// VMs whose batch the store failed to write (retry the call).
    #[serde(default)]
    pub failed: usize,
    /// One result per VM, in request order.
    pub results: Vec<BulkItemResult>,
}

/// Progress of a bulk call: `done` of `total` VMs processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BulkProgress {
    /// VMs processed so far.
    pub done: usize,
    /// VMs in the call.
    pub total: usize,
}

/// Page size of a listing when the filter names none.
pub const DEFAULT_PAGE: u32 = 100;
/// Largest page size of a listing.
pub const MAX_PAGE: u32 = 10_000;

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Offset of the next page, `None` on the last one (and when paging by
    /// cursor).
    pub next_offset: Option<u64>,
    /// Cursor of the next page (pass it as `after`), `None` on the last one.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// The outcome of `remove_from_management`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Removed {
    /// The removed context.
    pub context_id: String,
    /// Replication jobs deleted with it.
    pub jobs_deleted: u64,
    /// The log job that recorded the removal (kept as audit trail).
    pub log_job_id: String,
}

/// The outcome of `delete_job`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct JobDeleted {
    /// The deleted job.
    pub job_id: String,
    /// Its context.
    pub context_id: String,
    /// Volumes the job had created, now deleted with their exports.
    pub volumes_deleted: Vec<String>,
    /// The context's status now (`discovered` when its volumes went).
    pub status: Status,
    /// The log job of the deletion.
    pub log_job_id: String,
}
