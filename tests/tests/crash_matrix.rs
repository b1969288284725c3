//! DESIGN §4 resumability: for every step of every multi-step operation —
//! job start (provisioning), test failover, cleanup, live failover,
//! rollback, completion, abort, job deletion, removal and bulk add — a child
//! process is killed at that step (before it runs, and right after its
//! effect); the parent reopens the same database and adapter state and runs
//! the operation again. It completes, the status is right, no lock is left,
//! and no volume, export, VM or record is leaked or duplicated.

use chrono::{Duration, Utc};
use migratekit_core::model::{
    ContextRef, CreateMigrationResponse, FailoverTarget, JobRef, ReplicationContext, Status,
};
use migratekit_core::ports::{ManualClock, NbdExporter, PowerState, Volume, VolumeDaemon};
use migratekit_core::testkit::steps::*;
use migratekit_core::{ErrorCode, Manager};
use migratekit_tests::rig;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

/// A manager whose clock is past every lease the child could have taken.
fn parent(dir: &Path) -> Manager {
    let later = Arc::new(ManualClock::new(Utc::now() + Duration::minutes(10)));
    rig::builder(dir).clock(later).build().unwrap()
}

/// A VM with two disks replicated once: `ready_for_failover`.
async fn ready(m: &Manager) -> String {
    let CreateMigrationResponse::JobStarted(j) = m
        .create_migration(rig::two_disk_vm("vm-crash"))
        .await
        .unwrap()
    else {
        panic!()
    };
    rig::complete_each_disk(m, &j.job_id, "cbt").await.unwrap();
    j.context_id
}

fn crash_child(dir: &Path, op: &str, ctx: &str, step: &str, phase: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_crash-child"))
        .args([dir.to_str().unwrap(), op, ctx])
        .env("MIGRATEKIT_CRASH_AT", format!("{op}:{step}:{phase}"))
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "{op}:{step}:{phase} did not crash: {out:?}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("crashing at"),
        "{op}:{step}:{phase}: {stderr}"
    );
}

/// Where a finished operation leaves the world.
#[derive(Clone, Copy, PartialEq, Eq)]
enum World {
    /// Replica on the appliance, exported; no VM.
    Replicating,
    /// Replica on the appliance, exported; a test VM on one clone per disk.
    Test,
    /// The production VM on the replica; nothing exported.
    Live,
}

/// Whether every one of `volumes` is attached to `instance`.
fn all_attached_to(volumes: &[Volume], instance: &str) -> bool {
    volumes
        .iter()
        .all(|v| v.attached_to.as_deref() == Some(instance))
}

/// Everything is where a finished `op` leaves it, exactly once.
async fn assert_world(dir: &Path, world: World, what: &str) {
    let vms = rig::cloud(dir).vms();
    let all = rig::volumes(dir).list_volumes().await.unwrap();
    let exports = rig::exporter(dir).list_exports().await.unwrap();
    let (clones, volumes): (Vec<_>, Vec<_>) =
        all.iter().cloned().partition(|v| v.name.ends_with("-test"));
    assert_eq!(volumes.len(), 2, "{what}: volumes {all:?}");
    if world == World::Test {
        assert_eq!(vms.len(), 1, "{what}: VMs {vms:?}");
        assert_eq!(vms[0].power_state, PowerState::On, "{what}");
        assert_eq!(clones.len(), 2, "{what}: one clone per disk {all:?}");
        assert!(all_attached_to(&clones, &vms[0].vm_id), "{what}: {all:?}");
        let on_appliance = all_attached_to(&volumes, "oma-appliance");
        assert!(
            on_appliance,
            "{what}: the replica stays on the appliance {all:?}"
        );
        assert_eq!(exports.len(), 2, "{what}: exports {exports:?}");
        return;
    }
    assert!(clones.is_empty(), "{what}: clones left {all:?}");
    if world == World::Live {
        assert_eq!(vms.len(), 1, "{what}: VMs {vms:?}");
        assert_eq!(vms[0].power_state, PowerState::On, "{what}");
        let on_vm = all_attached_to(&volumes, &vms[0].vm_id);
        assert!(on_vm, "{what}: {volumes:?}");
        assert!(exports.is_empty(), "{what}: exports {exports:?}");
    } else {
        assert!(vms.is_empty(), "{what}: VMs {vms:?}");
        let on_appliance = all_attached_to(&volumes, "oma-appliance");
        assert!(on_appliance, "{what}: {volumes:?}");
        assert_eq!(exports.len(), 2, "{what}: exports {exports:?}");
    }
}

async fn resume(m: &Manager, op: &str, ctx: &str) -> Result<Status, migratekit_core::Error> {
    let by_id = ContextRef::ContextId(ctx.into());
    let target = FailoverTarget {
        context_id: Some(ctx.into()),
        ..Default::default()
    };
    let r = match op {
        "test_failover" => m.test_failover(&by_id).await,
        "cleanup_test_failover" => m.cleanup_test_failover(&target).await,
        "live_failover" => m.live_failover(&by_id).await,
        _ => m.rollback_live_failover(&target).await,
    };
    r.map(|r| r.status)
}

fn matrix(op: &str, steps: &[&str]) {
    let rt = rig::runtime();
    for step in steps {
        for phase in ["before", "after"] {
            let what = format!("{op}:{step}:{phase}");
            let dir = tempfile::tempdir().unwrap();
            let setup = rig::builder(dir.path()).build().unwrap();
            let ctx = rt.block_on(ready(&setup));
            let by_id = ContextRef::ContextId(ctx.clone());
            match op {
                "cleanup_test_failover" => {
                    rt.block_on(setup.test_failover(&by_id)).unwrap();
                }
                "rollback_live_failover" => {
                    rt.block_on(setup.live_failover(&by_id)).unwrap();
                }
                _ => {}
            }
            drop(setup);
            crash_child(dir.path(), op, &ctx, step, phase);

            let m = parent(dir.path());
            let want = match op {
                "test_failover" => Status::FailedOverTest,
                "live_failover" => Status::FailedOverLive,
                _ => Status::ReadyForFailover,
            };
            let world = match op {
                "test_failover" => World::Test,
                "live_failover" => World::Live,
                _ => World::Replicating,
            };
            match rt.block_on(resume(&m, op, &ctx)) {
                Ok(status) => assert_eq!(status, want, "{what}"),
                // Killed after the final status update: the operation had finished.
                Err(e) if *step == "vm-context-status-update" && phase == "after" => {
                    assert_eq!(
                        e.code(),
                        migratekit_core::ErrorCode::InvalidTransition,
                        "{what}: {e:?}"
                    )
                }
                Err(e) => panic!("{what}: the resumed run failed: {e:?}"),
            }
            let c = rt
                .block_on(m.get_context(&ContextRef::ContextId(ctx.clone())))
                .unwrap();
            assert_eq!(
                (c.current_status, c.active_operation),
                (want, None),
                "{what}"
            );
            rt.block_on(assert_world(dir.path(), world, &what));
            let jobs = rt
                .block_on(m.list_failover_jobs(&ContextRef::ContextId(ctx.clone())))
                .unwrap();
            assert_eq!(
                jobs.len(),
                1,
                "{what}: one failover job per failover: {jobs:?}"
            );
        }
    }
}

/// Each failover operation — a test failover, its cleanup, a live failover,
/// its rollback — killed at any step, before or after the step's effect,
/// resumes to completion.
#[test]
fn a_failover_operation_killed_at_any_step_resumes_to_completion() {
    let operations: [(&str, &[&str]); 4] = [
        ("test_failover", &TEST_FAILOVER_STEPS),
        ("cleanup_test_failover", &CLEANUP_STEPS),
        ("live_failover", &LIVE_FAILOVER_STEPS),
        ("rollback_live_failover", &ROLLBACK_STEPS),
    ];
    for (op, steps) in operations {
        matrix(op, steps);
    }
}

/// Runs `check` after killing a child at every step of `op` (before and
/// after), on a world `setup` prepared; `setup` returns the child's subject.
fn each_crash(
    op: &str,
    steps: &[&str],
    setup: impl Fn(&tokio::runtime::Runtime, &Path) -> String,
    check: impl Fn(&tokio::runtime::Runtime, &Manager, &Path, &str, &str),
) {
    let rt = rig::runtime();
    for step in steps {
        for phase in ["before", "after"] {
            let what = format!("{op}:{step}:{phase}");
            let dir = tempfile::tempdir().unwrap();
            let subject = setup(&rt, dir.path());
            crash_child(dir.path(), op, &subject, step, phase);
            let m = parent(dir.path());
            check(&rt, &m, dir.path(), &subject, &what);
        }
    }
}

/// A VM replicated once on the rig in `dir`: the manager and its context.
fn ready_in(rt: &tokio::runtime::Runtime, dir: &Path) -> (Manager, String) {
    let m = rig::builder(dir).build().unwrap();
    let c = rt.block_on(ready(&m));
    (m, c)
}

/// No volume on the daemon and no export is left.
fn assert_nothing_left(rt: &tokio::runtime::Runtime, dir: &Path, what: &str) {
    let volumes = rt.block_on(rig::volumes(dir).list_volumes()).unwrap();
    assert!(volumes.is_empty(), "{what}: volumes {volumes:?}");
    let exports = rt.block_on(rig::exporter(dir).list_exports()).unwrap();
    assert!(exports.is_empty(), "{what}: exports {exports:?}");
}

/// The one context rests in `status`, unlocked.
fn resting(
    rt: &tokio::runtime::Runtime,
    m: &Manager,
    status: Status,
    what: &str,
) -> ReplicationContext {
    let c = only_context(rt, m).unwrap_or_else(|| panic!("{what}: no context"));
    let rests = (c.current_status, c.active_operation);
    assert_eq!(rests, (status, None), "{what}");
    c
}

fn only_context(rt: &tokio::runtime::Runtime, m: &Manager) -> Option<ReplicationContext> {
    let mut page = rt.block_on(m.list_contexts(&Default::default())).unwrap();
    assert!(page.items.len() <= 1, "{:?}", page.items);
    page.items.pop()
}

#[test]
fn a_job_start_killed_at_any_step_is_resumed_by_starting_again() {
    each_crash(
        "start_replication",
        &START_STEPS,
        |_, _| "vm-crash".to_owned(),
        |rt, m, dir, vm, what| {
            let CreateMigrationResponse::JobStarted(j) = rt
                .block_on(m.create_migration(rig::two_disk_vm(vm)))
                .unwrap_or_else(|e| panic!("{what}: {e:?}"))
            else {
                panic!("{what}: no job")
            };
            let c = only_context(rt, m).unwrap();
            assert_eq!(
                (c.current_status, c.active_operation),
                (Status::Replicating, None),
                "{what}"
            );
            assert_eq!(
                c.current_job_id.as_deref(),
                Some(j.job_id.as_str()),
                "{what}"
            );
            let jobs = rt.block_on(m.list_jobs(&Default::default())).unwrap().items;
            assert_eq!(jobs.len(), 1, "{what}: one job {jobs:?}");
            rt.block_on(assert_world(dir, World::Replicating, what));
            assert_eq!(
                rt.block_on(m.list_volumes(&by(&c))).unwrap().len(),
                2,
                "{what}"
            );
        },
    );
}

fn by(c: &ReplicationContext) -> ContextRef {
    ContextRef::ContextId(c.context_id.clone())
}

#[test]
fn a_job_deletion_killed_at_any_step_finishes_with_a_full_sync_needed() {
    each_crash(
        "delete_job",
        &DELETE_JOB_STEPS,
        |rt, dir| {
            let (m, c) = ready_in(rt, dir);
            let c = rt
                .block_on(m.get_context(&ContextRef::ContextId(c)))
                .unwrap();
            c.last_successful_job_id.unwrap()
        },
        |rt, m, dir, job, what| {
            match rt.block_on(m.delete_job(&JobRef { job_id: job.into() })) {
                Ok(d) => assert_eq!(d.status, Status::Discovered, "{what}"),
                // Killed after its last step: the deletion had finished.
                Err(e) => assert_eq!(e.code(), ErrorCode::NotFound, "{what}: {e:?}"),
            }
            let c = only_context(rt, m).unwrap();
            assert_eq!(
                (
                    c.current_status,
                    c.active_operation,
                    c.last_change_id.as_deref()
                ),
                (Status::Discovered, None, None),
                "{what}"
            );
            assert!(c.last_change_ids.is_empty(), "{what}: {c:?}");
            assert!(
                rt.block_on(m.list_volumes(&by(&c))).unwrap().is_empty(),
                "{what}"
            );
            assert_nothing_left(rt, dir, what);
        },
    );
}

#[test]
fn a_removal_killed_at_any_step_finishes_and_leaks_nothing() {
    each_crash(
        "remove_from_management",
        &REMOVE_STEPS,
        |rt, dir| ready_in(rt, dir).1,
        |rt, m, dir, c, what| {
            if let Err(e) = rt.block_on(m.remove_from_management(&ContextRef::ContextId(c.into())))
            {
                assert_eq!(e.code(), ErrorCode::NotFound, "{what}: {e:?}");
            }
            assert!(only_context(rt, m).is_none(), "{what}");
            assert_nothing_left(rt, dir, what);
        },
    );
}

#[test]
fn a_completion_killed_at_any_step_finishes_and_the_volumes_stay_the_migrated_vms() {
    each_crash(
        "complete_migration",
        &COMPLETE_STEPS,
        |rt, dir| {
            let (m, c) = ready_in(rt, dir);
            rt.block_on(m.live_failover(&ContextRef::ContextId(c.clone())))
                .unwrap();
            c
        },
        |rt, m, dir, c, what| {
            let by_id = ContextRef::ContextId(c.into());
            if let Err(e) = rt.block_on(m.complete_migration(&by_id)) {
                assert_eq!(e.code(), ErrorCode::InvalidTransition, "{what}: {e:?}");
            }
            resting(rt, m, Status::Completed, what);
            rt.block_on(m.remove_from_management(&by_id)).unwrap();
            let apply = migratekit_core::ReconcileRequest {
                apply: true,
                grace_seconds: Some(0),
            };
            let report = rt.block_on(m.reconcile(&apply)).unwrap();
            assert!(report.removed.is_empty(), "{what}: {report:?}");
            let vms = rig::cloud(dir).vms();
            let volumes = rt.block_on(rig::volumes(dir).list_volumes()).unwrap();
            assert_eq!(volumes.len(), 2, "{what}");
            let on_vm = all_attached_to(&volumes, &vms[0].vm_id);
            assert!(on_vm, "{what}: {volumes:?}");
        },
    );
}

#[test]
fn an_abort_killed_at_any_step_finishes_the_undo() {
    each_crash(
        "abort_operation",
        &ABORT_STEPS,
        |rt, dir| {
            let cloud = rig::cloud(dir);
            cloud.faults().fail_always("power_on");
            let m = rig::builder(dir)
                .target_cloud(Arc::new(cloud))
                .build()
                .unwrap();
            let c = rt.block_on(ready(&m));
            let by_id = ContextRef::ContextId(c.clone());
            rt.block_on(m.test_failover(&by_id)).unwrap_err();
            c
        },
        |rt, m, dir, c, what| {
            if let Err(e) = rt.block_on(m.abort_operation(&ContextRef::ContextId(c.into()))) {
                assert_eq!(e.code(), ErrorCode::InvalidTransition, "{what}: {e:?}");
            }
            let ctx = resting(rt, m, Status::ReadyForFailover, what);
            rt.block_on(assert_world(dir, World::Replicating, what));
            let jobs = rt.block_on(m.list_failover_jobs(&by(&ctx))).unwrap();
            assert_eq!(jobs.len(), 1, "{what}");
            assert_eq!(
                jobs[0].status,
                migratekit_core::model::FailoverStatus::Aborted,
                "{what}"
            );
        },
    );
}

#[test]
fn a_bulk_add_killed_at_any_step_is_completed_by_running_it_again() {
    each_crash(
        "add_to_management_bulk",
        &["create-contexts"],
        |_, _| "2500".to_owned(),
        |rt, m, _, n, what| {
            let n: usize = n.parse().unwrap();
            let r = rt
                .block_on(m.add_to_management_bulk(rig::bulk_vms(n), None))
                .unwrap();
            assert_eq!(r.results.len(), n, "{what}");
            assert_eq!(r.added + r.already_managed, n, "{what}: {r:?}");
            let all = rt
                .block_on(m.list_contexts(&migratekit_core::model::ContextFilter {
                    limit: Some(10_000),
                    ..Default::default()
                }))
                .unwrap();
            assert_eq!(all.items.len(), n, "{what}: one context per VM");
        },
    );
}
