//! The fakes fixture: a manager over the current backend's store (through a
//! [`FaultyStore`]) and
//! the testkit's in-memory volume daemon, exporter and cloud, with helpers
//! for a replicated two-disk VM.
#![allow(dead_code, missing_docs)]

use super::*;
use migratekit_core::model::{ContextRef, FailoverTarget};
use migratekit_core::ports::{NbdExporter, VolumeDaemon};
use migratekit_core::testkit::{FakeCloud, FakeExporter, FakeVolumes, FaultyStore};

/// Fields drop in order: the managers before their database (in `e`).
pub struct Fx {
    pub m: Manager,
    pub volumes: Arc<FakeVolumes>,
    pub exporter: Arc<FakeExporter>,
    pub cloud: Arc<FakeCloud>,
    pub store: Arc<FaultyStore>,
    pub e: Env,
}

pub fn fx() -> Fx {
    let e = env();
    let (inner, log) = e.db.open();
    let store = Arc::new(FaultyStore::new(inner));
    let (volumes, exporter, cloud) = (
        Arc::new(FakeVolumes::new()),
        Arc::new(FakeExporter::new()),
        Arc::new(FakeCloud::new()),
    );
    let m = Manager::builder()
        .store(store.clone())
        .job_log(log)
        .clock(e.clock.clone())
        .volume_daemon(volumes.clone())
        .nbd_exporter(exporter.clone())
        .target_cloud(cloud.clone())
        .build()
        .unwrap();
    Fx {
        e,
        m,
        volumes,
        exporter,
        cloud,
        store,
    }
}

impl Fx {
    /// A second manager (its own connection) on the same database and fakes.
    pub fn second_manager(&self) -> Manager {
        self.e
            .builder()
            .volume_daemon(self.volumes.clone())
            .nbd_exporter(self.exporter.clone())
            .target_cloud(self.cloud.clone())
            .build()
            .unwrap()
    }
}

pub fn two_disk_request(id: &str) -> migratekit_core::model::CreateMigrationRequest {
    let mut r = request(id, id, Some(true));
    r.source_vm.disks.push(SourceDisk {
        id: "disk-2001".into(),
        label: "Hard disk 2".into(),
        size_gb: 20,
        datastore: "ds1".into(),
        unit_number: 1,
    });
    r
}

/// A context of `id` replicated once: `ready_for_failover`.
pub async fn ready(f: &Fx, id: &str) -> String {
    let CreateMigrationResponse::JobStarted(j) =
        f.m.create_migration(two_disk_request(id)).await.unwrap()
    else {
        panic!()
    };
    complete(&f.m, &j.job_id, "cbt-1").await;
    j.context_id
}

pub fn by_id(c: &str) -> ContextRef {
    ContextRef::ContextId(c.to_owned())
}

pub fn target(c: &str) -> FailoverTarget {
    FailoverTarget {
        context_id: Some(c.to_owned()),
        ..Default::default()
    }
}

/// Every volume of the daemon is attached to `instance` and every one is (or is not) exported.
/// A test failover's world: the replica volumes on the appliance and
/// exported, one clone of each attached to the test VM `vm`.
pub async fn assert_test_world(f: &Fx, replicas: usize, vm: &str) {
    let vols = f.volumes.list_volumes().await.unwrap();
    let (clones, replica): (Vec<_>, Vec<_>) = vols.iter().partition(|v| v.name.ends_with("-test"));
    assert_eq!(
        (replica.len(), clones.len()),
        (replicas, replicas),
        "{vols:?}"
    );
    for v in &replica {
        assert_eq!(v.attached_to.as_deref(), Some("oma-appliance"), "{v:?}");
    }
    for v in &clones {
        assert_eq!(v.attached_to.as_deref(), Some(vm), "{v:?}");
    }
    let exports = f.exporter.list_exports().await.unwrap();
    assert_eq!(
        exports.len(),
        replicas,
        "the replica stays exported: {exports:?}"
    );
    for e in &exports {
        assert!(
            replica
                .iter()
                .any(|v| e.name == format!("migration-vol-{}", v.volume_id))
        );
    }
}

pub async fn assert_volumes(f: &Fx, count: usize, instance: Option<&str>, exported: bool) {
    let vols = f.volumes.list_volumes().await.unwrap();
    assert_eq!(vols.len(), count, "{vols:?}");
    for v in &vols {
        assert_eq!(v.attached_to.as_deref(), instance, "{v:?}");
    }
    let exports = f.exporter.list_exports().await.unwrap();
    assert_eq!(
        exports.len(),
        if exported { count } else { 0 },
        "{exports:?}"
    );
    for e in &exports {
        assert!(
            vols.iter()
                .any(|v| e.name == format!("migration-vol-{}", v.volume_id))
        );
    }
}
