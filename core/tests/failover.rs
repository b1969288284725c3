//! DESIGN §4: provisioning, test failover and cleanup, live failover,
//! rollback, completion, deletion — through the testkit fakes with faults.

mod common;

use common::fakes::*;

use common::*;
use migratekit_core::model::{ContextRef, CreateMigrationResponse, FailoverTarget, JobRef, Status};
use migratekit_core::ports::{
    FailoverStore, LogStatus, NbdExporter, PowerState, VolumeDaemon, VolumeStore,
};
use migratekit_core::{ErrorCode, Manager, ReconcileRequest};
use std::sync::Arc;

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
async fn test_failover_then_cleanup_runs_every_step_and_restores_replication() {
    let f = fx();
    let c = ready(&f, "vm-1").await;
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
    let steps: Vec<&str> = log.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        steps,
        [
            "validate",
            "create-test-clones",
            "create-test-vm",
            "attach-clones-to-test-vm",
            "power-on-test-vm",
            "record-failover-job",
            "vm-context-status-update"
        ]
    );

    let cleaned = f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    assert_eq!(cleaned.status, Status::ReadyForFailover);
    assert!(f.cloud.vms().is_empty());
    assert_volumes(&f, 2, Some("oma-appliance"), true).await;
    let log = f.m.log_job(&cleaned.log_job_id).await.unwrap();
    let steps: Vec<&str> = log.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        steps,
        [
            "resolve-failover-job",
            "power-off-test-vm",
            "detach-test-vm-volumes",
            "delete-test-vm",
            "delete-test-clones",
            "mark-failover-job-cleaned",
            "vm-context-status-update"
        ]
    );
    assert!(log.steps.iter().all(|s| s.status == LogStatus::Completed));
    let jobs = f.m.list_failover_jobs(&by_id(&c)).await.unwrap();
    assert_eq!(jobs[0].status.as_str(), "cleaned");
}

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
async fn a_failed_status_update_does_not_fail_the_cleanup_and_is_in_the_job_log() {
    let f = fx();
    let c = ready(&f, "vm-1").await;
    f.m.test_failover(&by_id(&c)).await.unwrap();
    // The status update fails on every attempt the cleanup makes.
    for n in 1..=3 {
        f.store.faults().fail_nth("finish_operation", n);
    }
    let r = f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    assert_eq!(r.warnings.len(), 1, "{r:?}");
    assert!(f.cloud.vms().is_empty(), "the cleanup did its work");
    assert_volumes(&f, 2, Some("oma-appliance"), true).await;
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

/// The ports' calls of a clean run of `op`, per method.
const PORT_METHODS: &[(&str, &str)] = &[
    ("volumes", "get_volume"),
    ("volumes", "list_volumes"),
    ("volumes", "clone_volume"),
    ("volumes", "delete_volume"),
    ("volumes", "detach_volume"),
    ("volumes", "attach_volume"),
    ("exporter", "list_exports"),
    ("exporter", "remove_export"),
    ("exporter", "create_export"),
    ("cloud", "find_vm_by_name"),
    ("cloud", "create_vm"),
    ("cloud", "get_vm"),
    ("cloud", "power_on"),
    ("cloud", "power_off"),
    ("cloud", "delete_vm"),
];

fn faults<'a>(f: &'a Fx, port: &str) -> &'a migratekit_core::testkit::Faults {
    match port {
        "volumes" => f.volumes.faults(),
        "exporter" => f.exporter.faults(),
        _ => f.cloud.faults(),
    }
}

fn counts(f: &Fx) -> Vec<usize> {
    PORT_METHODS
        .iter()
        .map(|(p, m)| faults(f, p).calls(m))
        .collect()
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
    for ((port, method), calls) in PORT_METHODS.iter().zip(per_method) {
        for n in 1..=calls {
            let f = fx();
            let c = ready(&f, "vm-1").await;
            if !test {
                f.m.test_failover(&by_id(&c)).await.unwrap();
            }
            let status = ctx(&f.m, &c).await.current_status;
            faults(&f, port).fail_nth(method, n);
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
                None => assert_volumes(&f, 2, Some("oma-appliance"), true).await,
            }
            cases += 1;
        }
    }
    assert!(cases >= 10, "only {cases} fault cases");
}

#[tokio::test]
async fn every_port_fault_in_test_failover_fails_cleanly_and_a_retry_succeeds() {
    fault_matrix(true).await;
}

#[tokio::test]
async fn every_port_fault_in_cleanup_fails_cleanly_and_a_retry_succeeds() {
    fault_matrix(false).await;
}

#[tokio::test]
async fn live_failover_rollback_and_completion() {
    let f = fx();
    let c = ready(&f, "vm-1").await;
    let live = f.m.live_failover(&by_id(&c)).await.unwrap();
    assert_eq!(live.status, Status::FailedOverLive);
    assert_volumes(&f, 2, live.destination_vm_id.as_deref(), false).await;
    let back = f.m.rollback_live_failover(&target(&c)).await.unwrap();
    assert_eq!(back.status, Status::ReadyForFailover);
    assert!(f.cloud.vms().is_empty());
    assert_volumes(&f, 2, Some("oma-appliance"), true).await;

    let live = f.m.live_failover(&by_id(&c)).await.unwrap();
    let done = f.m.complete_migration(&by_id(&c)).await.unwrap();
    assert_eq!(done.status, Status::Completed);
    assert_eq!(f.cloud.vms().len(), 1);
    // Removing a completed context deletes records only: the volumes belong to the VM.
    f.m.remove_from_management(&by_id(&c)).await.unwrap();
    assert_volumes(&f, 2, live.destination_vm_id.as_deref(), false).await;
    assert_eq!(f.cloud.vms().len(), 1);
}

#[tokio::test]
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

#[tokio::test]
async fn remove_from_management_leaves_no_volume_export_or_record() {
    let f = fx();
    let c = ready(&f, "vm-1").await;
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

#[tokio::test]
async fn remove_and_delete_job_are_refused_while_a_job_is_active() {
    let f = fx();
    let (c, job) = start(&f.m, "vm-1").await.unwrap();
    let err = f.m.remove_from_management(&by_id(&c)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
    let err = f.m.delete_job(&JobRef { job_id: job }).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
    assert_eq!(f.volumes.list_volumes().await.unwrap().len(), 1);
}

#[tokio::test]
async fn delete_job_removes_the_volumes_it_created_and_the_context_needs_a_full_sync() {
    let f = fx();
    let CreateMigrationResponse::JobStarted(j) =
        f.m.create_migration(two_disk_request("vm-1"))
            .await
            .unwrap()
    else {
        panic!()
    };
    complete(&f.m, &j.job_id, "cbt-1").await;
    let gone =
        f.m.delete_job(&JobRef {
            job_id: j.job_id.clone(),
        })
        .await
        .unwrap();
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

#[tokio::test]
async fn operations_are_refused_while_another_holds_the_context() {
    let f = fx();
    let c = ready(&f, "vm-1").await;
    f.cloud
        .faults()
        .delay("create_vm", std::time::Duration::from_millis(300));
    let m1 = f.m.clone();
    let c1 = c.clone();
    let running = tokio::spawn(async move { m1.test_failover(&by_id(&c1)).await });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    for err in [
        f.m.remove_from_management(&by_id(&c)).await.unwrap_err(),
        f.m.live_failover(&by_id(&c)).await.unwrap_err(),
    ] {
        assert_eq!(err.code(), ErrorCode::OperationInProgress, "{err:?}");
        assert_eq!(err.to_body().fields["operation"], "test_failover");
    }
    running.await.unwrap().unwrap();
}

#[test]
fn two_test_failovers_at_once_one_runs_the_other_is_refused() {
    let f = fx();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let c = rt.block_on(ready(&f, "vm-1"));
    f.cloud
        .faults()
        .delay("create_vm", std::time::Duration::from_millis(200));
    let second = f.e.reopen_with(&f);
    let barrier = Arc::new(std::sync::Barrier::new(2));
    let results: Vec<_> = [f.m.clone(), second]
        .into_iter()
        .map(|m| {
            let (b, c, h) = (barrier.clone(), c.clone(), rt.handle().clone());
            std::thread::spawn(move || {
                b.wait();
                h.block_on(m.test_failover(&by_id(&c)))
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let refused: Vec<_> = results
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| e.code()))
        .collect();
    assert_eq!(ok, 1, "{results:?}");
    assert_eq!(refused, [ErrorCode::OperationInProgress]);
    assert_eq!(f.cloud.vms().len(), 1);
}

trait Reopen {
    fn reopen_with(&self, f: &Fx) -> Manager;
}

impl Reopen for Env {
    /// A second manager (its own connection) on the same database and fakes.
    fn reopen_with(&self, f: &Fx) -> Manager {
        Manager::builder()
            .sqlite(self.db_path())
            .clock(self.clock.clone())
            .volume_daemon(f.volumes.clone())
            .nbd_exporter(f.exporter.clone())
            .target_cloud(f.cloud.clone())
            .build()
            .unwrap()
    }
}

#[tokio::test]
async fn reconcile_plans_by_default_and_on_apply_recreates_missing_exports_removes_our_orphans_and_reports_the_rest()
 {
    let f = fx();
    let c = ready(&f, "vm-1").await;
    let vols = f.m.list_volumes(&by_id(&c)).await.unwrap();
    f.exporter
        .remove_export(&vols[0].export_name)
        .await
        .unwrap();
    let orphan = f
        .volumes
        .create_volume("mk-ctx-gone-disk-1", 1 << 30)
        .await
        .unwrap();
    f.exporter
        .create_export("migration-vol-vol-unknown", "/dev/fake/x")
        .await
        .unwrap();
    f.volumes.create_volume("someone-elses", 1).await.unwrap();
    f.volumes.detach_volume(&vols[1].volume_id).await.unwrap();
    f.volumes.delete_volume(&vols[1].volume_id).await.unwrap();

    let before_volumes = f.volumes.list_volumes().await.unwrap();
    let before_exports = f.exporter.list_exports().await.unwrap();
    let plan = f.m.reconcile(&ReconcileRequest::default()).await.unwrap();
    assert!(!plan.applied);
    assert_eq!(plan.planned_repairs.len(), 1, "{plan:?}");
    assert!(
        plan.planned_removals.is_empty(),
        "within the grace period: {plan:?}"
    );
    assert!(plan.repaired.is_empty() && plan.removed.is_empty());
    assert_eq!(
        f.volumes.list_volumes().await.unwrap(),
        before_volumes,
        "a plan changes nothing"
    );
    assert_eq!(f.exporter.list_exports().await.unwrap(), before_exports);

    let apply = ReconcileRequest {
        apply: true,
        grace_seconds: Some(0),
    };
    let report = f.m.reconcile(&apply).await.unwrap();
    assert!(report.applied);
    assert_eq!(report.planned_removals.len(), 2, "{report:?}");
    assert_eq!(report.contexts_checked, 1);
    assert_eq!(report.repaired.len(), 1, "{report:?}");
    assert!(report.repaired[0].contains(&vols[0].export_name));
    assert_eq!(report.removed.len(), 2, "{report:?}");
    assert!(report.removed.iter().any(|r| r.contains(&orphan.volume_id)));
    assert!(
        report
            .reported
            .iter()
            .any(|r| r.contains(&vols[1].volume_id)),
        "{report:?}"
    );
    let names: Vec<String> = f
        .volumes
        .list_volumes()
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.name)
        .collect();
    assert!(
        names.contains(&"someone-elses".to_owned()),
        "not ours: left alone"
    );
    assert!(
        f.exporter
            .list_exports()
            .await
            .unwrap()
            .iter()
            .any(|e| e.name == vols[0].export_name)
    );
}

#[test]
fn manager_futures_are_send() {
    fn send<T: Send>(_: &T) {}
    let f = fx();
    let r = by_id("x");
    send(&f.m.test_failover(&r));
    send(&f.m.cleanup_test_failover(&target("x")));
    send(&f.m.remove_from_management(&r));
    send(&f.m.create_migration(request("a", "a", None)));
    send(&f.m.reconcile(&ReconcileRequest::default()));
}

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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
