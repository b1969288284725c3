//! How a [`crate::Manager`] is opened: core's `open::OpenOptions` with its
//! paths as strings (a path is not a uniffi type).

use crate::UtcTime;
use migratekit_core::open;
use migratekit_core::sqlite::Durability;

/// How to open a manager; every field but `path` may be left at its default.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct OpenOptions {
    /// The SQLite file (created and migrated when missing).
    pub path: String,
    /// Volumes as sparse files in this directory (the bundled `LocalVolumes`).
    #[uniffi(default)]
    pub volumes_dir: Option<String>,
    /// NBD exports by a qemu-storage-daemon with its state in this directory.
    #[uniffi(default)]
    pub qsd_dir: Option<String>,
    /// Its NBD port (default 10809).
    #[uniffi(default)]
    pub nbd_port: Option<u16>,
    /// The testkit's in-memory fakes for every port not given otherwise.
    #[uniffi(default)]
    pub fakes: bool,
    /// A manual clock standing at this time (moved by `advance_clock`).
    #[uniffi(default)]
    pub now: Option<UtcTime>,
    /// The appliance's instance id (default `oma-appliance`).
    #[uniffi(default)]
    pub appliance_id: Option<String>,
    /// The operation lease, in seconds (default 60).
    #[uniffi(default)]
    pub operation_lease_seconds: Option<f64>,
    /// How durable commits are (default `Normal`).
    #[uniffi(default)]
    pub durability: Option<Durability>,
}

impl From<OpenOptions> for open::OpenOptions {
    fn from(o: OpenOptions) -> Self {
        // Every field named, so a new core option is a compile error here.
        open::OpenOptions {
            path: o.path.into(),
            volumes_dir: o.volumes_dir.map(Into::into),
            qsd_dir: o.qsd_dir.map(Into::into),
            nbd_port: o.nbd_port,
            fakes: o.fakes,
            now: o.now,
            appliance_id: o.appliance_id,
            operation_lease_seconds: o.operation_lease_seconds,
            durability: o.durability.unwrap_or_default(),
            // The uniffi surface opens SQLite only (no `postgres` feature
            // here; a new record field would regenerate the Go bindings).
            database_url: None,
        }
    }
}
