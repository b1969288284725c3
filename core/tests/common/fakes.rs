//! The fakes fixture: the testkit's [`FakeRig`] (a manager over the current
//! backend's store through a `FaultyStore` and the in-memory volume daemon,
//! exporter and cloud), with helpers for a replicated two-disk VM.
#![allow(dead_code, missing_docs)]

use super::*;
use migratekit_core::model::{FailoverResult, JobStarted};
use migratekit_core::ports::{NbdExporter, VolumeDaemon};
// For every test of the fixture, though not every one names both.
#[allow(unused_imports)]
pub use migratekit_core::testkit::refs::{by_id, target};
use migratekit_core::testkit::{FakeRig, Faults};
use std::future::Future;
use std::ops::Deref;
use std::time::Duration;
use tokio::task::JoinHandle;

/// The fixture: a [`FakeRig`] over the current backend's store (SQLite in a
/// temporary directory, or a PostgreSQL schema of its own), its clock where
/// [`env`]'s starts. It reads as the rig (`f.volumes`, `f.store`, …); `m`
/// is the rig's manager, under the short name every test uses. Fields drop
/// in order: the managers before their database.
pub struct Fx {
    pub m: Manager,
    rig: FakeRig,
    _db: Option<backend::TestDb>,
}

impl Deref for Fx {
    type Target = FakeRig;

    fn deref(&self) -> &FakeRig {
        &self.rig
    }
}

pub fn fx() -> Fx {
    let (rig, db) = match backend::current() {
        backend::Backend::Sqlite => (FakeRig::temporary(start_clock()).unwrap(), None),
        backend::Backend::Postgres => {
            let db = backend::TestDb::new(std::path::Path::new(""));
            let (store, log) = db.open();
            let url = db.postgres_url();
            let rig = FakeRig::over(store, log, start_clock(), move || {
                Manager::builder().postgres(url.clone())
            })
            .unwrap();
            (rig, Some(db))
        }
    };
    Fx {
        m: rig.manager.clone(),
        rig,
        _db: db,
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

/// Starts replicating the two-disk VM `id`.
pub async fn start_two(f: &Fx, id: &str) -> JobStarted {
    started(&f.m, two_disk_request(id)).await
}

/// Starting the two-disk VM `id`, which must fail.
pub async fn failed_start(f: &Fx, id: &str) -> Error {
    f.m.create_migration(two_disk_request(id))
        .await
        .unwrap_err()
}

/// A context of `id` replicated once: `ready_for_failover`.
pub async fn ready(f: &Fx, id: &str) -> String {
    let j = start_two(f, id).await;
    complete(&f.m, &j.job_id, "cbt-1").await;
    j.context_id
}

/// A fresh rig with the two-disk VM `vm-1` replicated once; its context.
pub async fn replicated() -> (Fx, String) {
    let f = fx();
    let c = ready(&f, "vm-1").await;
    (f, c)
}

/// The one context there is.
pub async fn only_context(m: &Manager) -> ReplicationContext {
    let mut all = m.list_contexts(&Default::default()).await.unwrap().items;
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

/// The ids of the volumes on the volume daemon.
pub async fn daemon_volume_ids(f: &Fx) -> Vec<String> {
    let volumes = f.volumes.list_volumes().await.unwrap();
    volumes.into_iter().map(|v| v.volume_id).collect()
}

/// Volumes on the daemon and records agree: same ids, nothing extra.
pub async fn assert_no_leak(f: &Fx) {
    let mut recorded = Vec::new();
    for c in f.m.list_contexts(&Default::default()).await.unwrap().items {
        for v in f.m.list_volumes(&by_id(&c.context_id)).await.unwrap() {
            recorded.push(v.volume_id);
        }
    }
    let mut actual = daemon_volume_ids(f).await;
    recorded.sort();
    actual.sort();
    assert_eq!(recorded, actual, "records and the volume daemon disagree");
}

/// Runs `operation` in the background with `method` of `faults` slowed by
/// `slow`; returns once the operation is under way (inside the slowed
/// call, holding its context).
pub async fn slowed<T: Send + 'static>(
    faults: &Faults,
    method: &str,
    slow: Duration,
    operation: impl Future<Output = T> + Send + 'static,
) -> JoinHandle<T> {
    faults.delay(method, slow);
    let running = tokio::spawn(operation);
    tokio::time::sleep(Duration::from_millis(100)).await;
    running
}

/// A test failover of `c` that holds the context for a while (its
/// `create_vm` slowed by 300 ms), running in the background.
pub async fn test_failover_holding(f: &Fx, c: &str) -> JoinHandle<Result<FailoverResult, Error>> {
    let (m, c) = (f.m.clone(), c.to_owned());
    let slow = Duration::from_millis(300);
    let operation = async move { m.test_failover(&by_id(&c)).await };
    slowed(f.cloud.faults(), "create_vm", slow, operation).await
}

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

/// The two-disk VM's replica where it rests between failovers: both
/// volumes attached to the appliance and exported.
pub async fn assert_replica_on_appliance(f: &Fx) {
    assert_volumes(f, 2, Some("oma-appliance"), true).await;
}

/// Every volume of the daemon (`count` of them) is attached to `instance`,
/// and every one is (or none is) exported.
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
