//! DESIGN §4: starting a job creates one volume per source disk, attaches it
//! to the appliance and exports it; an incremental job reuses them.

mod common;

use migratekit_test_macros::backends;

use common::fakes::*;

use migratekit_core::ErrorCode;
use migratekit_core::model::{Status, VolumeRecord};

#[backends]
async fn starting_a_job_provisions_one_exported_volume_per_disk() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    assert_eq!((j.created_volumes, j.mounted_volumes), (2, 2));
    assert_replica_on_appliance(&f).await;
    let recorded = f.m.list_volumes(&by_id(&j.context_id)).await.unwrap();
    assert_eq!(recorded.len(), 2);
    let exported_under_its_id =
        |v: &VolumeRecord| v.export_name == format!("migration-vol-{}", v.volume_id);
    assert!(recorded.iter().all(exported_under_its_id));
    assert!(recorded.iter().all(|v| v.device_path.is_some()));
    let job = f.m.get_job(&j.job_id).await.unwrap();
    assert_eq!((job.created_volumes, job.mounted_volumes), (2, 2));
}

/// The records of the volumes, their owning job left out.
fn unowned(volumes: Vec<VolumeRecord>) -> Vec<VolumeRecord> {
    let unown = |mut v: VolumeRecord| {
        v.owner_job_id.clear();
        v
    };
    volumes.into_iter().map(unown).collect()
}

#[backends]
async fn an_incremental_job_reuses_the_volumes() {
    let (f, c) = replicated().await;
    let before = f.m.list_volumes(&by_id(&c)).await.unwrap();
    let j = start_two(&f, "vm-1").await;
    assert_eq!((j.created_volumes, j.mounted_volumes), (0, 2));
    let after = f.m.list_volumes(&by_id(&c)).await.unwrap();
    // The same volumes, now owned by the job replicating into them.
    let owned = after.iter().all(|v| v.owner_job_id == j.job_id);
    assert!(owned, "{after:?}");
    assert_eq!(unowned(after), unowned(before));
    assert_replica_on_appliance(&f).await;
}

/// A start that fails while provisioning fails its job, with nothing left
/// locked or leaked; the next start resumes it and reuses the volumes made.
/// (The attach case failed on the code before the nothing-lost rules.)
#[backends]
async fn a_provisioning_failure_fails_the_job_and_a_new_start_resumes_it() {
    for (fails, step) in [
        ("create_export", "create-nbd-exports"),
        ("attach_volume", "attach-volumes-to-appliance"),
    ] {
        let f = fx();
        f.port_faults(fails).fail_nth(fails, 2);
        let err = failed_start(&f, "vm-1").await;
        assert_eq!(err.code(), ErrorCode::Adapter, "{fails}");
        assert_eq!(err.to_body().fields["step"], step);
        let c = only_context(&f.m).await;
        assert_eq!(c.current_status, Status::Failed, "{fails}");
        assert!(c.last_error.unwrap().contains(step), "{fails}");
        let unlocked = c.active_operation.is_none();
        assert!(unlocked, "{fails}: nothing left to resume under the lock");
        let j = start_two(&f, "vm-1").await;
        let reused = "the volumes of the failed attempt are reused";
        assert_eq!(j.created_volumes, 0, "{fails}: {reused}");
        let job = f.m.get_job(&j.job_id).await.unwrap();
        assert_eq!(job.created_volumes, 0, "{fails}: {reused}");
        assert_replica_on_appliance(&f).await;
        assert_no_leak(&f).await;
    }
}

/// "Never lose a user's data": a volume daemon answering a volume id it gave
/// before (another context's replica) is refused as an `adapter` error; the
/// other context keeps its record and its owning job, so deleting the new
/// job can never delete the other VM's replica.
#[backends]
async fn a_volume_id_recorded_for_another_context_is_refused_and_that_replica_stays_its_own() {
    use migratekit_core::Manager;
    use migratekit_core::testkit::{FakeExporter, FakeVolumes};
    use std::sync::Arc;
    let e = common::env();
    // Each node's fake volume daemon numbers its volumes from 1 again.
    let node = || {
        let (store, log) = e.db.open();
        Manager::builder()
            .store(store)
            .job_log(log)
            .clock(e.clock.clone())
            .volume_daemon(Arc::new(FakeVolumes::new()))
            .nbd_exporter(Arc::new(FakeExporter::new()))
            .build()
            .unwrap()
    };
    let first = node();
    let (a_ctx, a_job) = common::start(&first, "vm-a").await.unwrap();
    let a_before = first.list_volumes(&by_id(&a_ctx)).await.unwrap();
    assert_eq!(a_before.len(), 1);

    let second = node();
    let err = common::start(&second, "vm-b").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Adapter, "{err:?}");
    assert!(
        err.details().contains("recorded for another context"),
        "{}",
        err.details()
    );
    let a_after = second.list_volumes(&by_id(&a_ctx)).await.unwrap();
    assert_eq!(a_after, a_before, "the other context's record is untouched");
    assert_eq!(a_after[0].owner_job_id, a_job);
    let b = second
        .list_contexts(&Default::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|c| c.vmware_vm_id == "vm-b")
        .expect("vm-b is managed");
    assert!(
        second
            .list_volumes(&by_id(&b.context_id))
            .await
            .unwrap()
            .is_empty()
    );
}
