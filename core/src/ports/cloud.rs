//! The target-cloud port: VMs on the destination side.

use super::PortResult;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// What to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct VmSpec {
    /// Name; deterministic per context and purpose, so a re-run finds it.
    pub name: String,
    /// Virtual CPUs.
    pub cpus: u32,
    /// Memory in MiB.
    pub memory_mb: u64,
    /// Network to join.
    pub network: String,
    /// Guest OS family.
    pub os_type: String,
}

/// Power state of a target VM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum PowerState {
    /// Running.
    On,
    /// Stopped.
    Off,
}

/// A VM in the target cloud.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TargetVm {
    /// The cloud's id.
    pub vm_id: String,
    /// Its name.
    pub name: String,
    /// Power state.
    pub power_state: PowerState,
}

/// Creates, powers and deletes VMs.
///
/// Contract: powering on a running VM or off a stopped one succeeds; deleting
/// a missing VM succeeds.
#[async_trait]
pub trait TargetCloud: Send + Sync {
    /// Creates a stopped VM.
    async fn create_vm(&self, spec: &VmSpec) -> PortResult<TargetVm>;
    /// Powers a VM on.
    async fn power_on(&self, vm_id: &str) -> PortResult<()>;
    /// Powers a VM off.
    async fn power_off(&self, vm_id: &str) -> PortResult<()>;
    /// Deletes a VM.
    async fn delete_vm(&self, vm_id: &str) -> PortResult<()>;
    /// One VM by id.
    async fn get_vm(&self, vm_id: &str) -> PortResult<Option<TargetVm>>;
    /// One VM by name (names are unique among migratekit's VMs).
    async fn find_vm_by_name(&self, name: &str) -> PortResult<Option<TargetVm>>;
}
