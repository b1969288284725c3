//! DESIGN §4: a test VM runs on writable point-in-time clones of the
//! replica; the replica stays attached to the appliance and exported, never
//! receives a write from the test VM, and the cleanup throws the clones away.

mod common;

use migratekit_test_macros::backends;

use common::fakes::*;
use common::*;
use migratekit_core::ErrorCode;
use migratekit_core::ports::{FailoverStore, NbdExporter, TargetCloud, VolumeDaemon};

#[backends]
async fn the_test_vm_runs_on_clones_and_the_replica_stays_exported() {
    let (f, c) = replicated().await;
    let replica = f.m.list_volumes(&by_id(&c)).await.unwrap();
    let r = f.m.test_failover(&by_id(&c)).await.unwrap();
    let vm = r.destination_vm_id.unwrap();
    assert_test_world(&f, 2, &vm).await;
    let job = f.m.list_failover_jobs(&by_id(&c)).await.unwrap().remove(0);
    assert_eq!(job.clones.len(), 2);
    for (clone, rep) in job.clones.iter().zip(&replica) {
        assert_eq!(clone.source_volume_id, rep.volume_id);
        assert_eq!(clone.disk_id, rep.disk_id);
        assert_ne!(
            clone.volume_id, rep.volume_id,
            "the test VM never gets the replica"
        );
        let v = f
            .volumes
            .get_volume(&clone.volume_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(v.attached_to.as_deref(), Some(vm.as_str()));
    }
    // The volume records are the replica's, unchanged.
    assert_eq!(f.m.list_volumes(&by_id(&c)).await.unwrap(), replica);
}

#[backends]
async fn cleanup_deletes_the_clones_and_touches_nothing_of_the_replica() {
    let (f, c) = replicated().await;
    f.m.test_failover(&by_id(&c)).await.unwrap();
    let attaches = f.volumes.faults().calls("attach_volume");
    let exports = f.exporter.faults().calls("create_export");
    let cleaned = f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    assert_eq!(
        f.volumes.faults().calls("attach_volume"),
        attaches,
        "no reattach"
    );
    assert_eq!(
        f.exporter.faults().calls("create_export"),
        exports,
        "no re-export"
    );
    assert_eq!(
        f.exporter.faults().calls("remove_export"),
        0,
        "never unexported"
    );
    assert!(cleaned.warnings.is_empty());
    assert!(f.cloud.vms().is_empty());
    assert_replica_on_appliance(&f).await;
}

#[backends]
async fn a_test_failover_cleanup_then_another_incremental_and_test_again() {
    let (f, c) = replicated().await;
    for round in 2..5 {
        f.m.test_failover(&by_id(&c)).await.unwrap();
        f.m.cleanup_test_failover(&target(&c)).await.unwrap();
        let (_, job) = start(&f.m, "vm-1")
            .await
            .unwrap_or_else(|e| panic!("{round}: {e:?}"));
        complete(&f.m, &job, &format!("cbt-{round}")).await;
        assert_replica_on_appliance(&f).await;
    }
    let report = f.m.reconcile(&apply_now()).await.unwrap();
    assert!(
        report.removed.is_empty() && report.reported.is_empty(),
        "{report:?}"
    );
}

#[backends]
async fn reconcile_leaves_the_clones_of_a_running_test_alone() {
    let (f, c) = replicated().await;
    f.m.test_failover(&by_id(&c)).await.unwrap();
    let report = f.m.reconcile(&apply_now()).await.unwrap();
    assert!(report.removed.is_empty(), "{report:?}");
    assert!(report.planned_removals.is_empty(), "{report:?}");
    let vm = f.cloud.vms()[0].vm_id.clone();
    assert_test_world(&f, 2, &vm).await;
}

#[backends]
async fn an_aborted_test_failover_deletes_its_clones() {
    let (f, c) = replicated().await;
    f.cloud.faults().fail_always("power_on");
    f.m.test_failover(&by_id(&c)).await.unwrap_err();
    f.cloud.faults().clear();
    f.m.abort_operation(&by_id(&c)).await.unwrap();
    assert!(f.cloud.vms().is_empty());
    assert_replica_on_appliance(&f).await;
}

#[backends]
async fn a_clone_made_by_a_run_killed_before_recording_it_is_found_and_cleaned() {
    let (f, c) = replicated().await;
    // A clone of the first disk exists under its deterministic name, with
    // no record of it (the run died between cloning and saving).
    let replica = f.m.list_volumes(&by_id(&c)).await.unwrap();
    let name = migratekit_core::model::names::clone_name(&c, &replica[0].disk_id);
    let stray = f
        .volumes
        .clone_volume(&replica[0].volume_id, &name)
        .await
        .unwrap();
    let r = f.m.test_failover(&by_id(&c)).await.unwrap();
    let job = f.m.list_failover_jobs(&by_id(&c)).await.unwrap().remove(0);
    assert!(
        job.clones.iter().any(|x| x.volume_id == stray.volume_id),
        "adopted, not duplicated"
    );
    assert_test_world(&f, 2, &r.destination_vm_id.unwrap()).await;
    f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    assert_replica_on_appliance(&f).await;
}

#[backends]
async fn cleanup_of_a_test_failover_begun_on_the_replica_itself_puts_it_back() {
    // A test failover begun before test VMs ran on clones: the replica was
    // detached, unexported and given to the test VM. Its cleanup repairs it.
    let (f, c) = replicated().await;
    let r = f.m.test_failover(&by_id(&c)).await.unwrap();
    let vm = r.destination_vm_id.unwrap();
    let mut job = f.m.list_failover_jobs(&by_id(&c)).await.unwrap().remove(0);
    for clone in std::mem::take(&mut job.clones) {
        f.volumes.detach_volume(&clone.volume_id).await.unwrap();
        f.volumes.delete_volume(&clone.volume_id).await.unwrap();
    }
    f.store.upsert_failover_job(&job).await.unwrap();
    for v in f.m.list_volumes(&by_id(&c)).await.unwrap() {
        f.exporter.remove_export(&v.export_name).await.unwrap();
        f.volumes.detach_volume(&v.volume_id).await.unwrap();
        f.volumes.attach_volume(&v.volume_id, &vm).await.unwrap();
    }
    f.m.cleanup_test_failover(&target(&c)).await.unwrap();
    assert!(f.cloud.get_vm(&vm).await.unwrap().is_none());
    assert_replica_on_appliance(&f).await;
}

#[backends]
async fn a_volume_daemon_that_cannot_clone_fails_the_test_failover_cleanly() {
    let (f, c) = replicated().await;
    f.volumes.faults().fail_always("clone_volume");
    let err = f.m.test_failover(&by_id(&c)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Adapter);
    assert_eq!(err.to_body().fields["step"], "create-test-clones");
    // The replica was never touched: still on the appliance, exported.
    assert_replica_on_appliance(&f).await;
    f.volumes.faults().clear();
    f.m.abort_operation(&by_id(&c)).await.unwrap();
    assert_replica_on_appliance(&f).await;
    assert_eq!(ctx(&f.m, &c).await.active_operation, None);
}
