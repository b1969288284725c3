//! Nothing lost, nothing wedged: each sequence an operator or their
//! infrastructure runs — a retry after a failure, a resume, a reconcile
//! after a removal, a cancel while provisioning — leaves a consistent,
//! usable state. One test per rule; each failed on the code before it.

mod common;

use migratekit_test_macros::backends;

use common::fakes::*;
use common::*;
use migratekit_core::ErrorCode;
use migratekit_core::model::{FailoverStatus, ReplicationType, Status};
use migratekit_core::ports::{NbdExporter, VolumeDaemon};
use std::sync::Arc;
use std::time::Duration;

/// Starts the two-disk VM `id`: (context id, job id).
async fn start_two_disks(f: &Fx, id: &str) -> (String, String) {
    let j = start_two(f, id).await;
    (j.context_id, j.job_id)
}

#[backends]
async fn a_migrated_vms_volumes_survive_removal_and_reconcile_apply() {
    let (f, c) = replicated().await;
    let live = f.m.live_failover(&by_id(&c)).await.unwrap();
    f.m.complete_migration(&by_id(&c)).await.unwrap();
    let vols = f.m.list_volumes(&by_id(&c)).await.unwrap();
    f.m.remove_from_management(&by_id(&c)).await.unwrap();
    // Detached from the production VM by hand: still never an orphan of ours.
    f.volumes.detach_volume(&vols[1].volume_id).await.unwrap();

    let report = f.m.reconcile(&apply_now()).await.unwrap();
    assert!(report.removed.is_empty(), "{report:?}");
    let on_daemon = f.volumes.list_volumes().await.unwrap();
    for v in &vols {
        let found = on_daemon.iter().find(|d| d.volume_id == v.volume_id);
        assert!(found.is_some(), "the migrated VM lost {}", v.volume_id);
    }
    let vm = live.destination_vm_id.unwrap();
    assert_eq!(
        on_daemon
            .iter()
            .find(|d| d.volume_id == vols[0].volume_id)
            .unwrap()
            .attached_to
            .as_deref(),
        Some(vm.as_str()),
        "still attached to the production VM"
    );
}

#[backends]
async fn a_new_context_with_the_same_id_never_adopts_a_handed_over_volume() {
    let (f, c) = replicated().await;
    f.m.live_failover(&by_id(&c)).await.unwrap();
    f.m.complete_migration(&by_id(&c)).await.unwrap();
    let handed = f.m.list_volumes(&by_id(&c)).await.unwrap();
    f.m.remove_from_management(&by_id(&c)).await.unwrap();
    // The clock has not moved: the next context of this VM gets the same id.
    let (c2, _) = start_two_disks(&f, "vm-1").await;
    assert_eq!(c2, c);
    let fresh = f.m.list_volumes(&by_id(&c2)).await.unwrap();
    for v in &fresh {
        assert!(
            handed.iter().all(|h| h.volume_id != v.volume_id),
            "replicating into the migrated VM's disk {v:?}"
        );
    }
}

#[backends]
async fn delete_job_of_an_old_failed_job_keeps_the_volumes_a_later_job_replicated_into() {
    let f = fx();
    let (c, first) = start_two_disks(&f, "vm-1").await;
    fail(&f.m, &first, "network").await.unwrap();
    let (_, second) = start_two_disks(&f, "vm-1").await;
    complete(&f.m, &second, "cbt-2").await;

    let deleted = f.m.delete_job(&job_ref(&first)).await.unwrap();
    assert!(deleted.volumes_deleted.is_empty(), "{deleted:?}");
    let now = ctx(&f.m, &c).await;
    assert_eq!(now.current_status, Status::ReadyForFailover);
    // Two disks: the later sync's change ids are per disk (`complete`
    // gives `cbt-2-<disk>`), and the deletion keeps them.
    assert_eq!(
        now.last_change_ids.values().collect::<Vec<_>>(),
        ["cbt-2-disk-2000", "cbt-2-disk-2001"]
    );
    assert_eq!(f.m.list_volumes(&by_id(&c)).await.unwrap().len(), 2);
    assert_replica_on_appliance(&f).await;
}

#[backends]
async fn delete_job_retried_after_its_last_step_failed_finishes_with_a_full_sync_needed() {
    let (f, c) = replicated().await;
    let job = ctx(&f.m, &c).await.last_successful_job_id.unwrap();
    f.store.faults().fail_nth("finish_job_deletion", 1);
    let err = f.m.delete_job(&job_ref(&job)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Storage);
    // The volumes are gone from the daemon, the records still say what to finish.
    assert_eq!(f.volumes.list_volumes().await.unwrap().len(), 0);
    let done = f.m.delete_job(&job_ref(&job)).await.unwrap();
    assert_eq!(done.volumes_deleted.len(), 2, "decided from the records");
    let now = ctx(&f.m, &c).await;
    assert_eq!(now.current_status, Status::Discovered);
    assert_eq!(
        now.last_change_id, None,
        "no incremental onto blank volumes"
    );
    assert_eq!(now.active_operation, None);
    assert!(f.m.list_volumes(&by_id(&c)).await.unwrap().is_empty());
    // The next start is a full copy.
    let (_, j) = start_two_disks(&f, "vm-1").await;
    assert_eq!(
        f.m.get_job(&j).await.unwrap().replication_type,
        ReplicationType::Initial
    );
}

#[backends]
async fn a_test_failover_resumed_after_its_record_step_keeps_one_failover_job() {
    let (f, c) = replicated().await;
    f.store.faults().fail_nth("finish_operation", 1);
    let err = f.m.test_failover(&by_id(&c)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Storage);
    f.m.test_failover(&by_id(&c)).await.unwrap();
    let jobs = f.m.list_failover_jobs(&by_id(&c)).await.unwrap();
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    assert_eq!(f.cloud.vms().len(), 1);
    f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    let jobs = f.m.list_failover_jobs(&by_id(&c)).await.unwrap();
    assert!(
        jobs.iter().all(|j| j.status != FailoverStatus::Active),
        "{jobs:?}"
    );
}

#[backends]
async fn a_live_failover_resumed_after_its_record_step_keeps_one_failover_job() {
    let (f, c) = replicated().await;
    f.store.faults().fail_nth("finish_operation", 1);
    f.m.live_failover(&by_id(&c)).await.unwrap_err();
    f.m.live_failover(&by_id(&c)).await.unwrap();
    assert_eq!(f.m.list_failover_jobs(&by_id(&c)).await.unwrap().len(), 1);
    f.m.rollback_live_failover(&target(&c)).await.unwrap();
    let jobs = f.m.list_failover_jobs(&by_id(&c)).await.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].status, FailoverStatus::RolledBack);
}

#[backends]
async fn a_refusal_at_validate_releases_the_lock() {
    let e = env();
    let volumes = Arc::new(migratekit_core::testkit::FakeVolumes::new());
    let m = e.builder().volume_daemon(volumes).build().unwrap();
    let (c, j) = start(&m, "vm-1").await.unwrap();
    complete(&m, &j, "cbt-1").await;
    let before = ctx(&m, &c).await;
    // No target cloud configured.
    let err = m.test_failover(&by_id(&c)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Adapter);
    let after = ctx(&m, &c).await;
    assert_eq!(after.active_operation, None, "not wedged");
    assert_eq!(after.current_status, before.current_status);
    // Another operation runs at once.
    m.remove_from_management(&by_id(&c)).await.unwrap();
}

#[backends]
async fn a_cleanup_naming_a_missing_failover_job_changes_nothing() {
    let (f, c) = replicated().await;
    f.m.test_failover(&by_id(&c)).await.unwrap();
    let before = ctx(&f.m, &c).await;
    let mut t = target(&c);
    t.failover_job_id = Some("fj-nope".into());
    let err = f.m.cleanup_test_failover(&t).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(ctx(&f.m, &c).await, before, "a refusal changes nothing");

    t.failover_job_id = Some("x".repeat(1 << 20));
    let err = f.m.cleanup_test_failover(&t).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(ctx(&f.m, &c).await, before);
    f.m.cleanup_test_failover(&target(&c)).await.unwrap();
}

#[backends]
async fn a_cleanup_whose_status_update_failed_is_finished_by_an_immediate_rerun() {
    let (f, c) = replicated().await;
    f.m.test_failover(&by_id(&c)).await.unwrap();
    // One failure is retried inside the cleanup; every attempt failing is
    // tolerated with a warning.
    f.store.faults().fail_nth("finish_operation", 1);
    let r = f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    assert!(r.warnings.is_empty(), "{r:?}");
    assert_eq!(r.status, Status::ReadyForFailover);
    f.m.test_failover(&by_id(&c)).await.unwrap();
    f.store.faults().fail_always("finish_operation");
    let r = f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    f.store.faults().clear();
    assert_eq!(r.warnings.len(), 1, "{r:?}");
    // No waiting for the lease: the re-run takes over and finishes.
    let done = f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    assert_eq!(done.status, Status::ReadyForFailover);
    let now = ctx(&f.m, &c).await;
    assert_eq!(now.current_status, Status::ReadyForFailover);
    assert_eq!(now.active_operation, None);
}

#[backends]
async fn a_cancel_while_provisioning_ends_cleanly_and_nothing_leaks() {
    let f = fx();
    let m = f.m.clone();
    let start = async move { m.create_migration(two_disk_request("vm-1")).await };
    let slow = Duration::from_millis(150);
    let starting = slowed(f.volumes.faults(), "create_volume", slow, start).await;
    let jobs = f.m.list_jobs(&Default::default()).await.unwrap().items;
    let job = &jobs[0];
    f.m.cancel_job(&job_ref(&job.job_id)).await.unwrap();
    // While the cancelled start still provisions, another start is refused
    // as in progress — never a storage error or a second set of volumes.
    match f.m.create_migration(two_disk_request("vm-1")).await {
        Ok(_) => {}
        Err(e) => assert_eq!(e.code(), ErrorCode::OperationInProgress, "{e:?}"),
    }
    starting.await.unwrap().unwrap();
    f.volumes.faults().clear();
    let c = job.context_id.clone();
    let now = ctx(&f.m, &c).await;
    assert_eq!(now.active_operation, None);
    assert_no_leak(&f).await;
    // Cancel then remove: nothing leaks either.
    if now.current_status == Status::Replicating {
        let active = now.current_job_id.as_deref().unwrap();
        f.m.cancel_job(&job_ref(active)).await.unwrap();
    }
    f.m.remove_from_management(&by_id(&c)).await.unwrap();
    assert!(f.volumes.list_volumes().await.unwrap().is_empty());
    assert!(f.exporter.list_exports().await.unwrap().is_empty());
}

#[backends]
async fn a_job_start_whose_failure_could_not_be_recorded_is_resumed_by_the_next_start() {
    let f = fx();
    f.volumes.faults().fail_nth("attach_volume", 1);
    f.store.faults().fail_nth("finish_job", 1);
    failed_start(&f, "vm-1").await;
    let c = only_context(&f.m).await;
    assert_eq!(c.current_status, Status::Replicating);
    // The job is pending with half its volumes: the same start resumes it.
    let (_, j) = start_two_disks(&f, "vm-1").await;
    assert_eq!(Some(j), c.current_job_id, "the same job, resumed");
    assert_replica_on_appliance(&f).await;
    assert_eq!(ctx(&f.m, &c.context_id).await.active_operation, None);
    assert_no_leak(&f).await;
}

#[backends]
async fn an_operation_racing_a_status_change_is_retried_not_refused_as_contended() {
    let (f, c) = replicated().await;
    // A stale view: the context read before a new job started and completed.
    let stale = ctx(&f.m, &c).await;
    let (_, j) = start_two_disks(&f, "vm-1").await;
    fail(&f.m, &j, "x").await.unwrap();
    assert_ne!(ctx(&f.m, &c).await.current_status, stale.current_status);
    // remove_from_management resolves the context itself; the store's
    // compare-and-set sees `failed`, which removal allows.
    f.m.remove_from_management(&by_id(&c)).await.unwrap();
    assert_eq!(count_contexts(&f.m).await, 0);
}
