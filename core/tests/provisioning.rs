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
