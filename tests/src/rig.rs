//! The adapters the process-level tests share: SQLite (or a PostgreSQL
//! database, [`with_ports`]), real local volumes, and file-backed fakes of
//! the exporter and the cloud, all in one directory, so a child process and
//! its parent see the same world.

use migratekit_core::adapters::LocalVolumes;
use migratekit_core::testkit::{FakeCloud, FakeExporter};
use migratekit_core::{Manager, ManagerBuilder};
use std::path::Path;
use std::sync::Arc;

/// The runtime a test process runs its manager on: one thread, timers on.
pub fn runtime() -> tokio::runtime::Runtime {
    let one_thread = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    one_thread.expect("a tokio runtime")
}

/// A builder over the rig in `dir`.
pub fn builder(dir: &Path) -> ManagerBuilder {
    with_ports(Manager::builder().sqlite(dir.join("mk.db")), dir)
}

/// `store` (a builder with its store chosen) with the rig's ports in `dir`.
pub fn with_ports(store: ManagerBuilder, dir: &Path) -> ManagerBuilder {
    store
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

/// The two-disk VM `id` the crash matrix replicates (1 and 2 GiB disks).
pub fn two_disk_vm(id: &str) -> migratekit_core::model::CreateMigrationRequest {
    use migratekit_core::model::{CreateMigrationRequest, SourceDisk, SourceVm};
    let mut vm = SourceVm::new(id, "crashy");
    vm.cpus = 2;
    vm.memory_mb = 2048;
    for (i, gb) in [1u64, 2].into_iter().enumerate() {
        vm.disks.push(SourceDisk {
            id: format!("disk-{i}"),
            label: String::new(),
            size_gb: gb,
            datastore: String::new(),
            unit_number: i as u32,
        });
    }
    CreateMigrationRequest::new(vm)
}

/// `n` distinct VMs for a bulk add (`vm-bulk-0` …).
pub fn bulk_vms(n: usize) -> Vec<migratekit_core::model::AddToManagementRequest> {
    use migratekit_core::model::SourceVm;
    (0..n)
        .map(|i| {
            let vm = SourceVm::new(format!("vm-bulk-{i}"), format!("bulk-{i}"));
            let r = migratekit_core::model::CreateMigrationRequest::new(vm);
            migratekit_core::model::AddToManagementRequest::from(&r)
        })
        .collect()
}

/// Completes a job with one change id per disk (`<tag>-<disk id>`), as
/// VMware CBT reports them.
pub async fn complete_each_disk(
    m: &Manager,
    job_id: &str,
    tag: &str,
) -> migratekit_core::Result<migratekit_core::model::ReplicationJob> {
    let job = m.get_job(job_id).await?;
    let change_ids = job
        .previous_change_ids
        .keys()
        .map(|d| (d.clone(), format!("{tag}-{d}")))
        .collect();
    m.complete_job(&migratekit_core::model::CompleteJobRequest {
        job_id: job_id.to_owned(),
        change_ids: Some(change_ids),
        ..Default::default()
    })
    .await
}
