//! DESIGN §4: test failover and its cleanup, live failover, rollback and
//! completion, and the port fault matrix — through the testkit fakes.

mod common;

use migratekit_test_macros::backends;

use common::fakes::*;

use common::*;
use migratekit_core::ErrorCode;
use migratekit_core::model::{FailoverTarget, Status};
use migratekit_core::ports::{LogJob, LogStatus, PowerState};
use migratekit_core::testkit::port_methods;
use migratekit_core::testkit::steps::{CLEANUP_STEPS, TEST_FAILOVER_STEPS};

/// The names of a log job's steps, in order.
fn step_names(log: &LogJob) -> Vec<&str> {
    log.steps.iter().map(|s| s.name.as_str()).collect()
}

#[backends]
async fn test_failover_then_cleanup_runs_every_step_and_restores_replication() {
    let (f, c) = replicated().await;
    let r = f.m.test_failover(&by_id(&c)).await.unwrap();
    assert_eq!(r.status, Status::FailedOverTest);
    assert!(r.skipped_steps.is_empty(), "{:?}", r.skipped_steps);
    let vm_id = r.destination_vm_id.clone().unwrap();
    let vms = f.cloud.vms();
    assert_eq!(vms.len(), 1);
    assert_eq!(
        (vms[0].vm_id.as_str(), vms[0].power_state),
        (vm_id.as_str(), PowerState::On)
    );
    assert_test_world(&f, 2, &vm_id).await;
    assert_eq!(ctx(&f.m, &c).await.current_status, Status::FailedOverTest);
    assert_eq!(ctx(&f.m, &c).await.active_operation, None);

    let log = f.m.log_job(&r.log_job_id).await.unwrap();
    assert_eq!(step_names(&log), TEST_FAILOVER_STEPS);

    let cleaned = f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    assert_eq!(cleaned.status, Status::ReadyForFailover);
    assert!(f.cloud.vms().is_empty());
    assert_replica_on_appliance(&f).await;
    let log = f.m.log_job(&cleaned.log_job_id).await.unwrap();
    assert_eq!(step_names(&log), CLEANUP_STEPS);
    assert!(log.steps.iter().all(|s| s.status == LogStatus::Completed));
    let jobs = f.m.list_failover_jobs(&by_id(&c)).await.unwrap();
    assert_eq!(jobs[0].status.as_str(), "cleaned");
}

#[backends]
async fn cleanup_is_addressed_by_context_id_vm_id_or_vm_name() {
    let f = fx();
    let targets = [
        |c: &str| FailoverTarget {
            context_id: Some(c.into()),
            ..Default::default()
        },
        |_: &str| FailoverTarget {
            vm_id: Some("vm-b".into()),
            ..Default::default()
        },
        |_: &str| FailoverTarget {
            vm_name: Some("vm-c".into()),
            ..Default::default()
        },
    ];
    for (id, t) in ["vm-a", "vm-b", "vm-c"].into_iter().zip(targets) {
        let c = ready(&f, id).await;
        f.m.test_failover(&by_id(&c)).await.unwrap();
        let r = f.m.cleanup_test_failover(&t(&c)).await.unwrap();
        assert_eq!(r.context_id, c);
        assert_eq!(ctx(&f.m, &c).await.current_status, Status::ReadyForFailover);
    }
    assert!(f.cloud.vms().is_empty());
}

#[backends]
async fn cleanup_by_a_name_matching_two_contexts_is_ambiguous() {
    let f = fx();
    let mut a = two_disk_request("vm-1");
    a.vcenter_host = "vc-a".into();
    let mut b = two_disk_request("vm-1");
    b.vcenter_host = "vc-b".into();
    f.m.create_migration(a).await.unwrap();
    f.m.create_migration(b).await.unwrap();
    let err =
        f.m.cleanup_test_failover(&FailoverTarget {
            vm_name: Some("vm-1".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Ambiguous);
}

#[backends]
async fn a_failed_status_update_does_not_fail_the_cleanup_and_is_in_the_job_log() {
    let (f, c) = replicated().await;
    f.m.test_failover(&by_id(&c)).await.unwrap();
    // The status update fails on every attempt the cleanup makes.
    for n in 1..=3 {
        f.store.faults().fail_nth("finish_operation", n);
    }
    let r = f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    assert_eq!(r.warnings.len(), 1, "{r:?}");
    assert!(f.cloud.vms().is_empty(), "the cleanup did its work");
    assert_replica_on_appliance(&f).await;
    let log = f.m.log_job(&r.log_job_id).await.unwrap();
    assert_eq!(log.status, LogStatus::Completed);
    let last = log.steps.last().unwrap();
    assert_eq!(
        (last.name.as_str(), last.status),
        ("vm-context-status-update", LogStatus::Failed)
    );
    assert_eq!(ctx(&f.m, &c).await.current_status, Status::FailedOverTest);

    // Not left locked: running the cleanup again at once finishes it.
    assert_eq!(ctx(&f.m, &c).await.active_operation, None);
    let again = f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    assert_eq!(again.status, Status::ReadyForFailover);
    assert!(again.skipped_steps.contains(&"delete-test-vm".to_owned()));
}

/// The calls of each port method so far.
fn counts(f: &Fx) -> Vec<usize> {
    port_methods().map(|m| f.port_faults(m).calls(m)).collect()
}

/// For every port method and every call of it that a clean run makes, a
/// fault there fails the operation with an `adapter` error naming the step,
/// records `last_error`, leaves the status, and a retry succeeds without
/// leaking or duplicating anything.
async fn fault_matrix(test: bool) {
    // Count the calls of a clean run.
    let probe = fx();
    let c = ready(&probe, "vm-1").await;
    if !test {
        probe.m.test_failover(&by_id(&c)).await.unwrap();
    }
    let before = counts(&probe);
    if test {
        probe.m.test_failover(&by_id(&c)).await.unwrap();
    } else {
        probe.m.cleanup_test_failover(&target(&c)).await.unwrap();
    }
    let per_method: Vec<usize> = counts(&probe)
        .iter()
        .zip(&before)
        .map(|(a, b)| a - b)
        .collect();
    let mut cases = 0;
    for (method, calls) in port_methods().zip(per_method) {
        for n in 1..=calls {
            let f = fx();
            let c = ready(&f, "vm-1").await;
            if !test {
                f.m.test_failover(&by_id(&c)).await.unwrap();
            }
            let status = ctx(&f.m, &c).await.current_status;
            f.port_faults(method).fail_nth(method, n);
            let err = if test {
                f.m.test_failover(&by_id(&c)).await.unwrap_err()
            } else {
                f.m.cleanup_test_failover(&target(&c)).await.unwrap_err()
            };
            let what = format!("{method} call {n}: {err:?}");
            assert_eq!(err.code(), ErrorCode::Adapter, "{what}");
            let step = err.to_body().fields["step"].as_str().unwrap().to_owned();
            let now = ctx(&f.m, &c).await;
            assert_eq!(now.current_status, status, "{what}");
            assert!(now.last_error.as_deref().unwrap().contains(&step), "{what}");
            // Another operation may not run on the half-done context...
            let other = f.m.remove_from_management(&by_id(&c)).await.unwrap_err();
            assert!(
                matches!(
                    other.code(),
                    ErrorCode::OperationInProgress | ErrorCode::InvalidTransition
                ),
                "{what}"
            );
            // ...but the same one resumes and finishes.
            let done = if test {
                f.m.test_failover(&by_id(&c)).await
            } else {
                f.m.cleanup_test_failover(&target(&c)).await
            }
            .unwrap_or_else(|e| panic!("retry after {what}: {e:?}"));
            let expected = if test {
                Status::FailedOverTest
            } else {
                Status::ReadyForFailover
            };
            assert_eq!(done.status, expected, "{what}");
            let now = ctx(&f.m, &c).await;
            assert_eq!(
                (now.last_error, now.active_operation),
                (None, None),
                "{what}"
            );
            assert_eq!(f.cloud.vms().len(), usize::from(test), "{what}");
            match f.cloud.vms().first() {
                Some(vm) => assert_test_world(&f, 2, &vm.vm_id).await,
                None => assert_replica_on_appliance(&f).await,
            }
            cases += 1;
        }
    }
    assert!(cases >= 10, "only {cases} fault cases");
}

#[backends]
async fn every_port_fault_in_test_failover_fails_cleanly_and_a_retry_succeeds() {
    fault_matrix(true).await;
}

#[backends]
async fn every_port_fault_in_cleanup_fails_cleanly_and_a_retry_succeeds() {
    fault_matrix(false).await;
}

#[backends]
async fn live_failover_rollback_and_completion() {
    let (f, c) = replicated().await;
    let live = f.m.live_failover(&by_id(&c)).await.unwrap();
    assert_eq!(live.status, Status::FailedOverLive);
    assert_volumes(&f, 2, live.destination_vm_id.as_deref(), false).await;
    let back = f.m.rollback_live_failover(&target(&c)).await.unwrap();
    assert_eq!(back.status, Status::ReadyForFailover);
    assert!(f.cloud.vms().is_empty());
    assert_replica_on_appliance(&f).await;

    let live = f.m.live_failover(&by_id(&c)).await.unwrap();
    let done = f.m.complete_migration(&by_id(&c)).await.unwrap();
    assert_eq!(done.status, Status::Completed);
    assert_eq!(f.cloud.vms().len(), 1);
    // Removing a completed context deletes records only: the volumes belong to the VM.
    f.m.remove_from_management(&by_id(&c)).await.unwrap();
    assert_volumes(&f, 2, live.destination_vm_id.as_deref(), false).await;
    assert_eq!(f.cloud.vms().len(), 1);
}

#[backends]
async fn failover_operations_follow_the_lifecycle_table() {
    let f = fx();
    let c = add(&f.m, "vm-1").await;
    for err in [
        f.m.test_failover(&by_id(&c)).await.unwrap_err(),
        f.m.live_failover(&by_id(&c)).await.unwrap_err(),
        f.m.cleanup_test_failover(&target(&c)).await.unwrap_err(),
        f.m.rollback_live_failover(&target(&c)).await.unwrap_err(),
        f.m.complete_migration(&by_id(&c)).await.unwrap_err(),
    ] {
        assert_eq!(err.code(), ErrorCode::InvalidTransition, "{err:?}");
    }
    let c = ready(&f, "vm-2").await;
    f.m.test_failover(&by_id(&c)).await.unwrap();
    for err in [
        f.m.live_failover(&by_id(&c)).await.unwrap_err(),
        f.m.test_failover(&by_id(&c)).await.unwrap_err(),
        f.m.remove_from_management(&by_id(&c)).await.unwrap_err(),
        start(&f.m, "vm-2").await.unwrap_err(),
    ] {
        assert_eq!(err.code(), ErrorCode::InvalidTransition, "{err:?}");
    }
}
