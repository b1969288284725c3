//! Requests of the JSON contract (DESIGN §4). Unknown fields are rejected.

use super::job::{DiskChangeIds, DiskProgress};
use super::status::ReplicationType;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One disk of a source VM as vCenter reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct SourceDisk {
    /// vCenter's disk key (`disk-2000`).
    pub id: String,
    /// Human label (`Hard disk 1`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub label: String,
    /// Provisioned size in GiB; at least 1.
    pub size_gb: u64,
    /// Datastore holding the disk.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub datastore: String,
    /// SCSI unit number on its controller.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub unit_number: u32,
}

/// One network adapter of a source VM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct SourceNetwork {
    /// Port group / network label.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub label: String,
    /// MAC address of the adapter.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub mac_address: String,
}

/// The VM as discovered in vCenter (`source_vm`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct SourceVm {
    /// vCenter managed-object id (`vm-123`): required, non-empty.
    pub id: String,
    /// VM name: required, non-empty.
    pub name: String,
    /// Inventory path (`/DC/vm/name`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub path: String,
    /// Virtual CPUs.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cpus: u32,
    /// Memory in MiB.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub memory_mb: u64,
    /// Guest OS family (`linux`, `windows`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub os_type: String,
    /// vCenter power state (`poweredOn`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub power_state: String,
    /// Disks, in controller order.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub disks: Vec<SourceDisk>,
    /// Network adapters.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub networks: Vec<SourceNetwork>,
}

/// `create_migration` — the original system's `POST /api/v1/replications`.
///
/// `start_replication: false` only adds the VM to management;
/// absent or `true` also starts a replication job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct CreateMigrationRequest {
    /// The VM to manage.
    pub source_vm: SourceVm,
    /// Target cloud configuration id.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub ossea_config_id: i64,
    /// Start a replication job (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub start_replication: Option<bool>,
    /// `initial` or `incremental`; absent picks `incremental` when the VM has synced before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub replication_type: Option<ReplicationType>,
    /// Network the failed-over VM joins.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub target_network: String,
    /// vCenter the VM lives in; part of the VM's identity.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub vcenter_host: String,
    /// vCenter datacenter.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub datacenter: String,
    /// Change id this job starts from (CBT).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub change_id: String,
    /// Change id of the previous sync.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub previous_change_id: String,
    /// Source snapshot the job reads.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub snapshot_id: String,
    /// Schedule execution that started the job, if any.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub schedule_execution_id: String,
    /// Group the job was started for, if any.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub vm_group_id: String,
    /// Who scheduled the job, if a scheduler did.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub scheduled_by: String,
}

impl CreateMigrationRequest {
    /// A request for `vm` with every optional field at its default.
    pub fn new(source_vm: SourceVm) -> Self {
        CreateMigrationRequest {
            source_vm,
            ossea_config_id: 0,
            start_replication: None,
            replication_type: None,
            target_network: String::new(),
            vcenter_host: String::new(),
            datacenter: String::new(),
            change_id: String::new(),
            previous_change_id: String::new(),
            snapshot_id: String::new(),
            schedule_execution_id: String::new(),
            vm_group_id: String::new(),
            scheduled_by: String::new(),
        }
    }

    /// Whether a job is to be started: absent means `true`.
    pub fn starts_replication(&self) -> bool {
        self.start_replication.unwrap_or(true)
    }
}

impl SourceVm {
    /// A VM with an id and a name and nothing else.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        SourceVm {
            id: id.into(),
            name: name.into(),
            path: String::new(),
            cpus: 0,
            memory_mb: 0,
            os_type: String::new(),
            power_state: String::new(),
            disks: Vec::new(),
            networks: Vec::new(),
        }
    }
}

/// One VM of `add_to_management_bulk`: the management part of [`CreateMigrationRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct AddToManagementRequest {
    /// The VM to manage.
    pub source_vm: SourceVm,
    /// Target cloud configuration id.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub ossea_config_id: i64,
    /// Network the failed-over VM joins.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub target_network: String,
    /// vCenter the VM lives in; part of the VM's identity.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub vcenter_host: String,
    /// vCenter datacenter.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub datacenter: String,
}

impl From<&CreateMigrationRequest> for AddToManagementRequest {
    fn from(r: &CreateMigrationRequest) -> Self {
        AddToManagementRequest {
            source_vm: r.source_vm.clone(),
            ossea_config_id: r.ossea_config_id,
            target_network: r.target_network.clone(),
            vcenter_host: r.vcenter_host.clone(),
            datacenter: r.datacenter.clone(),
        }
    }
}

/// Progress reported by the host for a running job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct UpdateJobProgressRequest {
    /// The job.
    pub job_id: String,
    /// 0.0 ..= 100.0.
    pub progress_percent: f64,
    /// Bytes copied so far.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub bytes_transferred: u64,
    /// Bytes to copy in all, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub total_bytes: Option<u64>,
    /// Bytes per disk, for the disks the host knows them of (each must be a
    /// disk of the job's VM); a disk not named keeps what it had.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub disks: BTreeMap<String, DiskProgress>,
}

/// The host reports that a job finished successfully.
///
/// VMware CBT keeps one change id per disk: `change_ids` gives each disk's
/// (every key a disk of the job's VM, no value empty, no value given to two
/// disks). A single `change_id` stays valid for a VM with one disk (or
/// none); for several disks it is refused, since one disk's id would start
/// another disk's next copy. The two are not given together. A disk not
/// named has no change id afterwards: its next sync copies it whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct CompleteJobRequest {
    /// The job.
    pub job_id: String,
    /// The CBT change id the next incremental starts from (a one-disk VM).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub change_id: String,
    /// The CBT change id of each disk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub change_ids: Option<DiskChangeIds>,
}

/// The host reports that a job failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct FailJobRequest {
    /// The job.
    pub job_id: String,
    /// What went wrong.
    pub error: String,
}

/// Addresses one job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobRef {
    /// The job.
    pub job_id: String,
}
