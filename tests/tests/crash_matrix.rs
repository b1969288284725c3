//! DESIGN §4 resumability: for every step of test failover, cleanup, live
//! failover and rollback, a child process is killed at that step (before it
//! runs, and right after its effect); the parent reopens the same database
//! and adapter state and runs the operation again. It completes, the status
//! is right, and no volume, export or VM is leaked or duplicated.

use chrono::{Duration, Utc};
use migratekit_core::Manager;
use migratekit_core::model::{
    CompleteJobRequest, ContextRef, CreateMigrationRequest, CreateMigrationResponse,
    FailoverTarget, SourceDisk, SourceVm, Status,
};
use migratekit_core::ports::{ManualClock, NbdExporter, PowerState, VolumeDaemon};
use migratekit_tests::rig;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

const TEST_FAILOVER_STEPS: &[&str] = &[
    "validate",
    "remove-nbd-exports",
    "detach-volumes-from-appliance",
    "create-test-vm",
    "attach-volumes-to-test-vm",
    "power-on-test-vm",
    "record-failover-job",
    "vm-context-status-update",
];

const LIVE_FAILOVER_STEPS: &[&str] = &[
    "validate",
    "remove-nbd-exports",
    "detach-volumes-from-appliance",
    "create-vm",
    "attach-volumes-to-vm",
    "power-on-vm",
    "record-failover-job",
    "vm-context-status-update",
];

const ROLLBACK_STEPS: &[&str] = &[
    "resolve-failover-job",
    "power-off-live-vm",
    "detach-live-vm-volumes",
    "delete-live-vm",
    "reattach-volumes-to-appliance",
    "recreate-nbd-exports",
    "mark-failover-job-rolled-back",
    "vm-context-status-update",
];

const CLEANUP_STEPS: &[&str] = &[
    "resolve-failover-job",
    "power-off-test-vm",
    "detach-test-vm-volumes",
    "delete-test-vm",
    "reattach-volumes-to-appliance",
    "recreate-nbd-exports",
    "mark-failover-job-cleaned",
    "vm-context-status-update",
];

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A manager whose clock is past every lease the child could have taken.
fn parent(dir: &Path) -> Manager {
    let later = Arc::new(ManualClock::new(Utc::now() + Duration::minutes(10)));
    rig::builder(dir).clock(later).build().unwrap()
}

/// A VM with two disks replicated once: `ready_for_failover`.
async fn ready(m: &Manager) -> String {
    let mut vm = SourceVm::new("vm-crash", "crashy");
    vm.cpus = 2;
    vm.memory_mb = 2048;
    for (i, gb) in [1u64, 2].into_iter().enumerate() {
        vm.disks.push(SourceDisk {
            id: format!("disk-{i}"),
            label: String::new(),
            size_gb: gb,
            datastore: String::new(),
            unit_number: i as u32,
        });
    }
    let CreateMigrationResponse::JobStarted(j) = m
        .create_migration(CreateMigrationRequest::new(vm))
        .await
        .unwrap()
    else {
        panic!()
    };
    m.complete_job(&CompleteJobRequest {
        job_id: j.job_id,
        change_id: "cbt".into(),
    })
    .await
    .unwrap();
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

/// Everything is where a finished `op` leaves it, exactly once.
async fn assert_world(dir: &Path, failed_over: bool, what: &str) {
    let vms = rig::cloud(dir).vms();
    let volumes = rig::volumes(dir).list_volumes().await.unwrap();
    let exports = rig::exporter(dir).list_exports().await.unwrap();
    assert_eq!(volumes.len(), 2, "{what}: volumes {volumes:?}");
    if failed_over {
        assert_eq!(vms.len(), 1, "{what}: VMs {vms:?}");
        assert_eq!(vms[0].power_state, PowerState::On, "{what}");
        assert!(
            volumes
                .iter()
                .all(|v| v.attached_to.as_deref() == Some(vms[0].vm_id.as_str())),
            "{what}: {volumes:?}"
        );
        assert!(exports.is_empty(), "{what}: exports {exports:?}");
    } else {
        assert!(vms.is_empty(), "{what}: VMs {vms:?}");
        assert!(
            volumes
                .iter()
                .all(|v| v.attached_to.as_deref() == Some("oma-appliance")),
            "{what}: {volumes:?}"
        );
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
    let rt = rt();
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
            let failed_over = matches!(op, "test_failover" | "live_failover");
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
            rt.block_on(assert_world(dir.path(), failed_over, &what));
        }
    }
}

#[test]
fn a_test_failover_killed_at_any_step_resumes_to_completion() {
    matrix("test_failover", TEST_FAILOVER_STEPS);
}

#[test]
fn a_cleanup_killed_at_any_step_resumes_to_completion() {
    matrix("cleanup_test_failover", CLEANUP_STEPS);
}

#[test]
fn a_live_failover_killed_at_any_step_resumes_to_completion() {
    matrix("live_failover", LIVE_FAILOVER_STEPS);
}

#[test]
fn a_rollback_killed_at_any_step_resumes_to_completion() {
    matrix("rollback_live_failover", ROLLBACK_STEPS);
}
