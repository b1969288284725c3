//! `abort_operation`: a test or live failover that failed part-way is
//! abandoned and undone.

mod common;

use migratekit_test_macros::backends;

use common::fakes::*;

use common::*;
use migratekit_core::ErrorCode;
use migratekit_core::model::Status;

#[backends]
async fn a_failed_test_failover_can_be_aborted_which_undoes_it() {
    let f = fx();
    let c = ready(&f, "vm-1").await;
    f.cloud.faults().fail_always("power_on");
    let err = f.m.test_failover(&by_id(&c)).await.unwrap_err();
    assert_eq!(err.to_body().fields["step"], "power-on-test-vm");
    assert_eq!(
        f.cloud.vms().len(),
        1,
        "the test VM was created before the failure"
    );
    assert_eq!(
        ctx(&f.m, &c).await.active_operation,
        Some(migratekit_core::lifecycle::Operation::TestFailover)
    );

    let aborted = f.m.abort_operation(&by_id(&c)).await.unwrap();
    assert_eq!(aborted.status, Status::ReadyForFailover);
    assert!(f.cloud.vms().is_empty());
    assert_volumes(&f, 2, Some("oma-appliance"), true).await;
    let now = ctx(&f.m, &c).await;
    assert_eq!(
        (now.active_operation, now.last_error, now.current_status),
        (None, None, Status::ReadyForFailover)
    );
    assert_eq!(
        f.m.list_failover_jobs(&by_id(&c)).await.unwrap()[0]
            .status
            .as_str(),
        "aborted"
    );
    // The context is free again: a new test failover works once the cloud does.
    f.cloud.faults().clear();
    assert_eq!(
        f.m.test_failover(&by_id(&c)).await.unwrap().status,
        Status::FailedOverTest
    );
}

#[backends]
async fn a_failover_that_failed_before_creating_anything_aborts_cleanly() {
    let f = fx();
    let c = ready(&f, "vm-1").await;
    f.volumes.faults().fail_nth("detach_volume", 1);
    f.m.live_failover(&by_id(&c)).await.unwrap_err();
    let r = f.m.abort_operation(&by_id(&c)).await.unwrap();
    assert_eq!(
        (r.status, r.failover_job_id.as_str()),
        (Status::ReadyForFailover, "")
    );
    assert_volumes(&f, 2, Some("oma-appliance"), true).await;
    assert_eq!(ctx(&f.m, &c).await.active_operation, None);
}

#[backends]
async fn abort_is_refused_without_a_failed_failover_and_while_one_runs() {
    let f = fx();
    let c = ready(&f, "vm-1").await;
    let err = f.m.abort_operation(&by_id(&c)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
    f.cloud
        .faults()
        .delay("create_vm", std::time::Duration::from_millis(300));
    let m1 = f.m.clone();
    let c1 = c.clone();
    let running = tokio::spawn(async move { m1.test_failover(&by_id(&c1)).await });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let err = f.m.abort_operation(&by_id(&c)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::OperationInProgress);
    running.await.unwrap().unwrap();
    // A failed cleanup is resumed, not aborted.
    f.cloud.faults().fail_nth("delete_vm", 1);
    f.m.cleanup_test_failover(&target(&c)).await.unwrap_err();
    assert_eq!(
        f.m.abort_operation(&by_id(&c)).await.unwrap_err().code(),
        ErrorCode::InvalidTransition
    );
}
