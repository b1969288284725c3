//! The NBD-exporter port: publishes volumes to the source-side appliance.

use super::PortResult;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A published export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NbdExport {
    /// Export name (`migration-vol-<volume_id>`).
    pub name: String,
    /// Host the NBD server listens on.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// The device the export serves.
    pub device_path: String,
}

/// Creates and removes NBD exports.
///
/// Contract: creating an export that exists for the same device returns it;
/// removing a missing export succeeds.
#[async_trait]
pub trait NbdExporter: Send + Sync {
    /// Publishes `device_path` as `name`.
    async fn create_export(&self, name: &str, device_path: &str) -> PortResult<NbdExport>;
    /// Withdraws the export `name`.
    async fn remove_export(&self, name: &str) -> PortResult<()>;
    /// Every export.
    async fn list_exports(&self) -> PortResult<Vec<NbdExport>>;
}
