//! DESIGN §4: `remove_from_management` and `delete_job` cascade through the
//! exporter and the volume daemon before the records go.

mod common;

use migratekit_test_macros::backends;

use common::fakes::*;

use common::*;
use migratekit_core::ErrorCode;
use migratekit_core::model::{JobRef, Status};
use migratekit_core::ports::{FailoverStore, VolumeDaemon, VolumeStore};

#[backends]
async fn remove_from_management_leaves_no_volume_export_or_record() {
    let (f, c) = replicated().await;
    f.m.test_failover(&by_id(&c)).await.unwrap();
    f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    f.m.remove_from_management(&by_id(&c)).await.unwrap();
    assert_volumes(&f, 0, None, false).await;
    assert_eq!(
        f.m.get_context(&by_id(&c)).await.unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert_eq!(count_jobs(&f.m).await, 0);
    assert!(f.store.failover_jobs(&c).await.unwrap().is_empty());
    assert!(f.store.context_volumes(&c).await.unwrap().is_empty());
}

#[backends]
async fn remove_and_delete_job_are_refused_while_a_job_is_active() {
    let f = fx();
    let (c, job) = start(&f.m, "vm-1").await.unwrap();
    let err = f.m.remove_from_management(&by_id(&c)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
    let err = f.m.delete_job(&JobRef { job_id: job }).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
    assert_eq!(f.volumes.list_volumes().await.unwrap().len(), 1);
}

#[backends]
async fn delete_job_removes_the_volumes_it_created_and_the_context_needs_a_full_sync() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    complete(&f.m, &j.job_id, "cbt-1").await;
    let job_ref = JobRef {
        job_id: j.job_id.clone(),
    };
    let gone = f.m.delete_job(&job_ref).await.unwrap();
    assert_eq!(gone.volumes_deleted.len(), 2);
    assert_eq!(gone.status, Status::Discovered);
    assert_volumes(&f, 0, None, false).await;
    assert_eq!(
        f.m.get_job(&j.job_id).await.unwrap_err().code(),
        ErrorCode::NotFound
    );
    let c = ctx(&f.m, &j.context_id).await;
    assert_eq!(
        (c.current_status, c.last_change_id),
        (Status::Discovered, None)
    );
    let (_, again) = start(&f.m, "vm-1").await.unwrap();
    assert_eq!(
        f.m.get_job(&again).await.unwrap().replication_type.as_str(),
        "initial"
    );
}
