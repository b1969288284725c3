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
    let (f, c) = replicated().await;
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
    assert_replica_on_appliance(&f).await;
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
    let (f, c) = replicated().await;
    f.volumes.faults().fail_nth("detach_volume", 1);
    f.m.live_failover(&by_id(&c)).await.unwrap_err();
    let r = f.m.abort_operation(&by_id(&c)).await.unwrap();
    assert_eq!(
        (r.status, r.failover_job_id.as_str()),
        (Status::ReadyForFailover, "")
    );
    assert_replica_on_appliance(&f).await;
    assert_eq!(ctx(&f.m, &c).await.active_operation, None);
}

#[backends]
async fn abort_is_refused_without_a_failed_failover_and_while_one_runs() {
    let (f, c) = replicated().await;
    let err = f.m.abort_operation(&by_id(&c)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
    let running = test_failover_holding(&f, &c).await;
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
