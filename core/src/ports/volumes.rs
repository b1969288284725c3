//! The volume-daemon port: block volumes of the target side.

use super::PortResult;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A block volume as the volume daemon reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Volume {
    /// The daemon's id.
    pub volume_id: String,
    /// The name it was created with (migratekit names are deterministic, so a
    /// step re-run after a crash finds the volume it created).
    pub name: String,
    /// Size in bytes.
    pub size_bytes: u64,
    /// The instance it is attached to.
    pub attached_to: Option<String>,
    /// The device path on that instance.
    pub device_path: Option<String>,
}

/// Creates, attaches, detaches and deletes volumes.
///
/// Contract: `detach` of a detached volume and `delete` of a missing one
/// succeed; `attach` to the instance the volume is already attached to
/// returns the same device path; `attach` while attached elsewhere fails.
#[async_trait]
pub trait VolumeDaemon: Send + Sync {
    /// Creates a volume.
    async fn create_volume(&self, name: &str, size_bytes: u64) -> PortResult<Volume>;
    /// Creates a writable point-in-time clone of `source_volume_id` named
    /// `name` (a reflink copy, a snapshot-backed overlay, a storage
    /// snapshot): writes to the clone never reach the source, and the source
    /// may go on changing. The clone is a volume of its own — attach, detach,
    /// get, list and delete work on it. A test failover runs its VM on clones
    /// so the replica never receives a write from it. Cloning a volume that
    /// does not exist fails.
    async fn clone_volume(&self, source_volume_id: &str, name: &str) -> PortResult<Volume>;
    /// Attaches a volume to an instance; returns the device path.
    async fn attach_volume(&self, volume_id: &str, instance_id: &str) -> PortResult<String>;
    /// Detaches a volume from whatever it is attached to.
    async fn detach_volume(&self, volume_id: &str) -> PortResult<()>;
    /// Deletes a volume.
    async fn delete_volume(&self, volume_id: &str) -> PortResult<()>;
    /// One volume, `None` when it does not exist.
    async fn get_volume(&self, volume_id: &str) -> PortResult<Option<Volume>>;
    /// Every volume.
    async fn list_volumes(&self) -> PortResult<Vec<Volume>>;
}
