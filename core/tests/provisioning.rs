//! DESIGN §4: starting a job creates one volume per source disk, attaches it
//! to the appliance and exports it; an incremental job reuses them.

mod common;

use migratekit_test_macros::backends;

use common::fakes::*;

use migratekit_core::ErrorCode;
use migratekit_core::model::{ContextRef, CreateMigrationResponse, Status};

#[backends]
async fn starting_a_job_provisions_one_exported_volume_per_disk() {
    let f = fx();
    let CreateMigrationResponse::JobStarted(j) =
        f.m.create_migration(two_disk_request("vm-1"))
            .await
            .unwrap()
    else {
        panic!()
    };
    assert_eq!((j.created_volumes, j.mounted_volumes), (2, 2));
    assert_volumes(&f, 2, Some("oma-appliance"), true).await;
    let recorded = f.m.list_volumes(&by_id(&j.context_id)).await.unwrap();
    assert_eq!(recorded.len(), 2);
    assert!(
        recorded
            .iter()
            .all(|v| v.export_name == format!("migration-vol-{}", v.volume_id))
    );
    assert!(recorded.iter().all(|v| v.device_path.is_some()));
    let job = f.m.get_job(&j.job_id).await.unwrap();
    assert_eq!((job.created_volumes, job.mounted_volumes), (2, 2));
}

#[backends]
async fn an_incremental_job_reuses_the_volumes() {
    let f = fx();
    let c = ready(&f, "vm-1").await;
    let before = f.m.list_volumes(&by_id(&c)).await.unwrap();
    let CreateMigrationResponse::JobStarted(j) =
        f.m.create_migration(two_disk_request("vm-1"))
            .await
            .unwrap()
    else {
        panic!()
    };
    assert_eq!((j.created_volumes, j.mounted_volumes), (0, 2));
    let after = f.m.list_volumes(&by_id(&c)).await.unwrap();
    // The same volumes, now owned by the job replicating into them.
    assert!(
        after.iter().all(|v| v.owner_job_id == j.job_id),
        "{after:?}"
    );
    let same = |vs: Vec<_>| -> Vec<_> {
        vs.into_iter()
            .map(|mut v: migratekit_core::model::VolumeRecord| {
                v.owner_job_id.clear();
                v
            })
            .collect()
    };
    assert_eq!(same(after), same(before));
    assert_volumes(&f, 2, Some("oma-appliance"), true).await;
}

#[backends]
async fn a_provisioning_failure_fails_the_job_and_a_new_start_resumes_it() {
    let f = fx();
    f.exporter.faults().fail_nth("create_export", 2);
    let err =
        f.m.create_migration(two_disk_request("vm-1"))
            .await
            .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Adapter);
    assert_eq!(err.to_body().fields["step"], "create-nbd-exports");
    let c =
        f.m.get_context(&ContextRef::VmName("vm-1".into()))
            .await
            .unwrap();
    assert_eq!(c.current_status, Status::Failed);
    assert!(c.last_error.unwrap().contains("create-nbd-exports"));
    let CreateMigrationResponse::JobStarted(j) =
        f.m.create_migration(two_disk_request("vm-1"))
            .await
            .unwrap()
    else {
        panic!()
    };
    assert_eq!(
        j.created_volumes, 0,
        "the volumes of the failed attempt are reused"
    );
    assert_volumes(&f, 2, Some("oma-appliance"), true).await;
}
