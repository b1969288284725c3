//! The adapters the process-level tests share: SQLite, real local volumes,
//! and file-backed fakes of the exporter and the cloud, all in one
//! directory, so a child process and its parent see the same world.

use migratekit_core::adapters::LocalVolumes;
use migratekit_core::testkit::{FakeCloud, FakeExporter};
use migratekit_core::{Manager, ManagerBuilder};
use std::path::Path;
use std::sync::Arc;

/// A builder over the rig in `dir`.
pub fn builder(dir: &Path) -> ManagerBuilder {
    Manager::builder()
        .sqlite(dir.join("mk.db"))
        .volume_daemon(Arc::new(
            LocalVolumes::open(dir.join("volumes")).expect("volumes dir"),
        ))
        .nbd_exporter(Arc::new(
            FakeExporter::persistent(dir.join("exports.json")).expect("exports"),
        ))
        .target_cloud(Arc::new(
            FakeCloud::persistent(dir.join("cloud.json")).expect("cloud"),
        ))
}

/// The rig's cloud, for assertions.
pub fn cloud(dir: &Path) -> FakeCloud {
    FakeCloud::persistent(dir.join("cloud.json")).expect("cloud")
}

/// The rig's exporter, for assertions.
pub fn exporter(dir: &Path) -> FakeExporter {
    FakeExporter::persistent(dir.join("exports.json")).expect("exports")
}

/// The rig's volumes, for assertions.
pub fn volumes(dir: &Path) -> LocalVolumes {
    LocalVolumes::open(dir.join("volumes")).expect("volumes dir")
}
