//! Adversarial tests: break migratekit the way operators and their
//! infrastructure would (crashes mid-step followed by the "wrong" next
//! operation, port and store faults at every call, processes racing on one
//! database, a hung daemon, hostile input), checking the invariants of
//! issue 8 after every sequence.

use chrono::{Duration as CDuration, Utc};
use migratekit_core::model::{
    ContextFilter, ContextRef, CreateMigrationRequest, CreateMigrationResponse, FailoverStatus,
    JobFilter, JobRef, ReplicationContext, Status,
};
use migratekit_core::ports::{ManualClock, NbdExporter, VolumeDaemon};
use migratekit_core::testkit::refs::{by_id, target};
use migratekit_core::testkit::steps::{
    DELETE_JOB_STEPS, LIVE_FAILOVER_STEPS, START_STEPS, TEST_FAILOVER_STEPS,
};
use migratekit_core::testkit::{self, FakeRig, Faults, FaultyStore};
use migratekit_core::{ErrorCode, Manager, ReconcileRequest};
use migratekit_tests::rig;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

// ---------------------------------------------------------------- helpers

/// Reads through faulty ports: a one-shot fault is retried.
macro_rules! read {
    ($e:expr) => {{
        let mut tries = 0;
        loop {
            match $e {
                Ok(v) => break v,
                Err(e) if tries < 3 => {
                    let _ = e;
                    tries += 1;
                }
                Err(e) => panic!("read failed: {e:?}"),
            }
        }
    }};
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn vm_req(id: &str, host: &str) -> CreateMigrationRequest {
    let mut r = rig::two_disk_vm(id);
    r.vcenter_host = host.into();
    r
}

async fn ctx(m: &Manager, c: &str) -> ReplicationContext {
    read!(m.get_context(&by_id(c)).await)
}

async fn try_ctx(m: &Manager, c: &str) -> Option<ReplicationContext> {
    for _ in 0..4 {
        match m.get_context(&by_id(c)).await {
            Ok(x) => return Some(x),
            Err(e) if e.code() == ErrorCode::NotFound => return None,
            Err(_) => {}
        }
    }
    None
}

/// Starts a job on `req`'s VM and completes it: `(context_id, job_id)`.
async fn replicate(m: &Manager, req: CreateMigrationRequest, change: &str) -> (String, String) {
    let CreateMigrationResponse::JobStarted(j) = m.create_migration(req).await.expect("start")
    else {
        panic!("expected a job")
    };
    migratekit_tests::rig::complete_each_disk(m, &j.job_id.clone(), change)
        .await
        .expect("complete");
    (j.context_id, j.job_id)
}

/// A fresh world with the two-disk VM `vm` of vCenter `host` replicated
/// once: the world, the context and the job.
async fn replicated_world(vm: &str, host: &str) -> (World, String, String) {
    let w = world();
    let (c, job) = replicate(&w.manager, vm_req(vm, host), "cbt-1").await;
    (w, c, job)
}

/// Strips the fields that legitimately move on a refusal-free read.
fn snapshot(c: &ReplicationContext) -> Value {
    serde_json::to_value(c).unwrap()
}

fn is_refusal(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::Validation
            | ErrorCode::NotFound
            | ErrorCode::Ambiguous
            | ErrorCode::InvalidTransition
            | ErrorCode::AlreadyManaged
            | ErrorCode::ReplicationActive
            | ErrorCode::OperationInProgress
    )
}

/// Every invariant of issue 8 that can be read from outside. `handed`: the
/// volume ids handed over to migrated VMs (never detached or deleted).
/// `allow_locked`: contexts allowed to hold a lock right now.
async fn violations(
    m: &Manager,
    vols: &dyn VolumeDaemon,
    exporter: Option<&dyn NbdExporter>,
    handed: &HashSet<String>,
    allow_locked: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let contexts = read!(
        m.list_contexts(&ContextFilter {
            limit: Some(10_000),
            ..Default::default()
        })
        .await
    )
    .items;
    let mut ids = HashMap::new();
    for c in &contexts {
        let key = (
            c.vcenter_host.trim().to_lowercase(),
            c.vmware_vm_id.trim().to_owned(),
        );
        if let Some(other) = ids.insert(key.clone(), c.context_id.clone()) {
            out.push(format!(
                "two contexts for {key:?}: {other} and {}",
                c.context_id
            ));
        }
    }
    let daemon = read!(vols.list_volumes().await);
    let exports = match exporter {
        Some(e) => Some(read!(e.list_exports().await)),
        None => None,
    };
    let mut recorded = HashSet::new();
    for c in &contexts {
        let jobs = read!(
            m.list_jobs(&JobFilter {
                context_id: Some(c.context_id.clone()),
                limit: Some(10_000),
                ..Default::default()
            })
            .await
        )
        .items;
        let active: Vec<_> = jobs.iter().filter(|j| j.status.is_active()).collect();
        if active.len() > 1 {
            out.push(format!("{}: {} active jobs", c.context_id, active.len()));
        }
        if c.current_status == Status::Replicating && active.is_empty() {
            out.push(format!("{}: replicating with no active job", c.context_id));
        }
        if c.current_status != Status::Replicating && !active.is_empty() {
            out.push(format!(
                "{}: {} with active job {}",
                c.context_id,
                c.current_status.as_str(),
                active[0].job_id
            ));
        }
        let fos = read!(m.list_failover_jobs(&by_id(&c.context_id)).await);
        let open: Vec<_> = fos
            .iter()
            .filter(|f| {
                matches!(
                    f.status,
                    FailoverStatus::Active | FailoverStatus::InProgress
                )
            })
            .collect();
        if open.len() > 1 {
            out.push(format!(
                "{}: {} open failover jobs",
                c.context_id,
                open.len()
            ));
        }
        // A running test's clones are recorded on its failover job.
        for f in &open {
            for clone in &f.clones {
                recorded.insert(clone.volume_id.clone());
            }
        }
        if matches!(
            c.current_status,
            Status::ReadyForFailover | Status::Discovered | Status::Failed
        ) && c.active_operation.is_none()
            && !open.is_empty()
        {
            out.push(format!(
                "{}: {} but failover job {} is {:?}",
                c.context_id,
                c.current_status.as_str(),
                open[0].failover_job_id,
                open[0].status
            ));
        }
        if !allow_locked && c.active_operation.is_some() {
            out.push(format!(
                "{}: locked by {:?} ({:?}), last_error {:?}",
                c.context_id, c.active_operation, c.active_operation_job_id, c.last_error
            ));
        }
        let busy = c.active_operation.is_some();
        let recs = read!(m.list_volumes(&by_id(&c.context_id)).await);
        let mut disks = HashSet::new();
        for r in &recs {
            recorded.insert(r.volume_id.clone());
            if !disks.insert(r.disk_id.clone()) {
                out.push(format!(
                    "{}: two records for disk {}",
                    c.context_id, r.disk_id
                ));
            }
            if !busy && !daemon.iter().any(|v| v.volume_id == r.volume_id) {
                out.push(format!(
                    "{}: record {} points at no volume",
                    c.context_id, r.volume_id
                ));
            }
            if let Some(ex) = &exports {
                let exported = ex.iter().any(|e| e.name == r.export_name);
                let should = matches!(
                    c.current_status,
                    Status::Discovered
                        | Status::Replicating
                        | Status::ReadyForFailover
                        | Status::Failed
                );
                if !busy && should && !exported {
                    out.push(format!(
                        "{}: {} but export {} missing",
                        c.context_id,
                        c.current_status.as_str(),
                        r.export_name
                    ));
                }
            }
        }
        if !busy
            && matches!(c.current_status, Status::ReadyForFailover)
            && recs.len() != c.source_vm.disks.len()
            && vols_expected(c)
        {
            out.push(format!(
                "{}: ready_for_failover with {} volume records for {} disks",
                c.context_id,
                recs.len(),
                c.source_vm.disks.len()
            ));
        }
        if !busy && recs.is_empty() && c.last_change_id.is_some() {
            out.push(format!(
                "{}: no volumes but last_change_id {:?} (next start would be incremental onto nothing)",
                c.context_id, c.last_change_id
            ));
        }
    }
    for h in handed {
        if !daemon.iter().any(|v| &v.volume_id == h) {
            out.push(format!("handed-over volume {h} was deleted"));
        }
    }
    let any_busy = contexts.iter().any(|c| c.active_operation.is_some());
    if !any_busy {
        for v in &daemon {
            if v.name.starts_with("mk-")
                && !recorded.contains(&v.volume_id)
                && !handed.contains(&v.volume_id)
            {
                out.push(format!("leaked volume {} ({})", v.volume_id, v.name));
            }
        }
        if let Some(ex) = &exports {
            let names: HashSet<String> = contexts_exports(m, &contexts).await;
            for e in ex {
                if e.name.starts_with("migration-vol-") && !names.contains(&e.name) {
                    out.push(format!("leaked export {}", e.name));
                }
            }
        }
    }
    out
}

fn vols_expected(_c: &ReplicationContext) -> bool {
    true
}

async fn contexts_exports(m: &Manager, contexts: &[ReplicationContext]) -> HashSet<String> {
    let mut s = HashSet::new();
    for c in contexts {
        for r in read!(m.list_volumes(&by_id(&c.context_id)).await) {
            s.insert(r.export_name);
        }
    }
    s
}

/// An in-memory world over a SQLite file, with every fault script reachable.
type World = FakeRig;

fn world() -> World {
    FakeRig::temporary(Arc::new(ManualClock::new(Utc::now()))).unwrap()
}

/// Every invariant holds in `w` (`handed`: the volumes handed over).
async fn check(w: &World, handed: &HashSet<String>, what: &str) {
    let v = violations(
        &w.manager,
        w.volumes.as_ref(),
        Some(w.exporter.as_ref()),
        handed,
        false,
    )
    .await;
    assert!(v.is_empty(), "{what}: {v:#?}");
}

// ------------------------------------------- fault sweeps over one lifecycle

#[derive(Debug, Clone, Copy)]
enum Op {
    Start,
    CompleteActive,
    Test,
    Cleanup,
    DeleteFirstJob,
    Live,
    Rollback,
    CompleteMigration,
    Remove,
    ReconcileApply,
}

const LIFECYCLE: &[Op] = &[
    Op::Start,
    Op::CompleteActive,
    Op::Test,
    Op::Cleanup,
    Op::Start,
    Op::CompleteActive,
    Op::Test,
    Op::Cleanup,
    Op::DeleteFirstJob,
    Op::Live,
    Op::Rollback,
    Op::Live,
    Op::CompleteMigration,
    Op::Remove,
    Op::ReconcileApply,
];

struct Seq {
    ctx: Option<String>,
    jobs: Vec<String>,
    handed: HashSet<String>,
    bugs: Vec<String>,
}

async fn run_op(w: &World, s: &mut Seq, op: Op) -> migratekit_core::Result<()> {
    let c = s.ctx.clone().unwrap_or_default();
    match op {
        Op::Start => {
            let r = w
                .manager
                .create_migration(vm_req("vm-fault", "vc01"))
                .await?;
            let CreateMigrationResponse::JobStarted(j) = r else {
                panic!("no job")
            };
            if let Some(prev) = &s.ctx
                && prev != &j.context_id
            {
                s.bugs.push(format!(
                    "start reused no context: {prev} vs {}",
                    j.context_id
                ));
            }
            s.ctx = Some(j.context_id.clone());
            if !s.jobs.contains(&j.job_id) {
                s.jobs.push(j.job_id);
            }
            Ok(())
        }
        Op::CompleteActive => {
            let job = s.jobs.last().unwrap().clone();
            let j = w.manager.get_job(&job).await?;
            if !j.status.is_active() {
                return Ok(()); // a retried completion that had landed
            }
            migratekit_tests::rig::complete_each_disk(
                &w.manager,
                &job,
                &format!("cbt-{}", s.jobs.len()),
            )
            .await
            .map(drop)
        }
        Op::Test => w.manager.test_failover(&by_id(&c)).await.map(drop),
        Op::Cleanup => w.manager.cleanup_test_failover(&target(&c)).await.map(drop),
        Op::DeleteFirstJob => {
            let before = w.manager.list_volumes(&by_id(&c)).await?;
            let d = w
                .manager
                .delete_job(&JobRef {
                    job_id: s.jobs[0].clone(),
                })
                .await?;
            if !d.volumes_deleted.is_empty() {
                s.bugs.push(format!(
                    "delete_job of the first (superseded) job deleted {:?} (records before {:?})",
                    d.volumes_deleted,
                    before
                        .iter()
                        .map(|v| (&v.volume_id, &v.owner_job_id))
                        .collect::<Vec<_>>()
                ));
            }
            Ok(())
        }
        Op::Live => w.manager.live_failover(&by_id(&c)).await.map(drop),
        Op::Rollback => w
            .manager
            .rollback_live_failover(&target(&c))
            .await
            .map(drop),
        Op::CompleteMigration => {
            let recs = w.manager.list_volumes(&by_id(&c)).await?;
            w.manager.complete_migration(&by_id(&c)).await?;
            for r in recs {
                s.handed.insert(r.volume_id);
            }
            Ok(())
        }
        Op::Remove => w.manager.remove_from_management(&by_id(&c)).await.map(drop),
        Op::ReconcileApply => w
            .manager
            .reconcile(&ReconcileRequest {
                apply: true,
                grace_seconds: Some(0),
            })
            .await
            .map(drop),
    }
}

/// Runs the lifecycle, retrying a failed step (faults are one-shot) and
/// checking after every step. Returns the invariant violations found.
async fn lifecycle_under(w: &World, label: &str) -> Vec<String> {
    let mut s = Seq {
        ctx: None,
        jobs: vec![],
        handed: HashSet::new(),
        bugs: vec![],
    };
    for (i, &op) in LIFECYCLE.iter().enumerate() {
        let mut done = false;
        let mut last = String::new();
        for attempt in 0..4 {
            let before = match &s.ctx {
                Some(c) => try_ctx(&w.manager, c).await,
                None => None,
            };
            match run_op(w, &mut s, op).await {
                Ok(()) => {
                    if let (Some(c), false) =
                        (&s.ctx, matches!(op, Op::Remove | Op::ReconcileApply))
                    {
                        let now = ctx(&w.manager, c).await;
                        if now.active_operation.is_some() {
                            s.bugs.push(format!(
                                "{label}: step {i} {op:?} succeeded but holds lock {:?}",
                                now.active_operation
                            ));
                        }
                    }
                    done = true;
                    break;
                }
                Err(e) => {
                    last = format!("{:?}: {}", e.code(), e);
                    if is_refusal(e.code()) {
                        // A refusal mid-lifecycle after a fault means the fault
                        // left something behind; a refusal must change nothing.
                        if let (Some(b), Some(c)) = (&before, &s.ctx) {
                            let a = ctx(&w.manager, c).await;
                            if snapshot(b) != snapshot(&a) {
                                s.bugs.push(format!(
                                    "{label}: refusal {last} of {op:?} changed the context"
                                ));
                            }
                        }
                        s.bugs.push(format!(
                            "{label}: step {i} {op:?} attempt {attempt} refused: {last}"
                        ));
                        break;
                    }
                }
            }
        }
        if !done {
            s.bugs
                .push(format!("{label}: step {i} {op:?} never succeeded: {last}"));
            return s.bugs;
        }
        let v = violations(
            &w.manager,
            w.volumes.as_ref(),
            Some(w.exporter.as_ref()),
            &s.handed,
            false,
        )
        .await;
        for x in v {
            s.bugs.push(format!("{label}: after step {i} {op:?}: {x}"));
        }
        if !s.bugs.is_empty() {
            return s.bugs;
        }
    }
    s.bugs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clean_lifecycle_keeps_every_invariant() {
    let w = world();
    let bugs = lifecycle_under(&w, "clean").await;
    assert!(bugs.is_empty(), "{bugs:#?}");
    // The migrated VM's volumes are still there, attached to it.
    let vols = w.volumes.list_volumes().await.unwrap();
    assert_eq!(vols.len(), 2, "{vols:?}");
    assert!(vols.iter().all(|v| v.attached_to.is_some()), "{vols:?}");
    assert_eq!(w.cloud.vms().len(), 1);
}

/// Every method of `methods` failing at (a spread of) the calls a clean
/// lifecycle makes — at most about `per_method` of them — each in a fresh
/// world, then a retry: the lifecycle completes and every invariant holds
/// after every step. `script` finds a method's fault script in a world.
fn fault_sweep(
    what: &str,
    methods: Vec<&str>,
    script: for<'w> fn(&'w World, &str) -> &'w Arc<Faults>,
    per_method: usize,
) {
    rt().block_on(async {
        // Count the calls of a clean run.
        let w = world();
        assert!(lifecycle_under(&w, "count").await.is_empty());
        let counts: Vec<(&str, usize)> = methods
            .into_iter()
            .map(|m| (m, script(&w, m).calls(m)))
            .collect();
        drop(w);
        let mut all = Vec::new();
        let mut runs = 0;
        for (method, calls) in counts {
            let step = (calls / per_method).max(1);
            for n in (1..=calls).step_by(step) {
                let w = world();
                script(&w, method).fail_nth(method, n);
                all.extend(lifecycle_under(&w, &format!("{what}.{method}#{n}")).await);
                runs += 1;
            }
        }
        eprintln!("{what} fault sweep: {runs} lifecycles");
        assert!(all.is_empty(), "{} problems: {all:#?}", all.len());
    });
}

/// Every port method failing at every call the lifecycle makes, then a
/// retry: the lifecycle completes and every invariant holds after every step.
#[test]
fn port_fault_at_every_call_of_the_lifecycle_then_retry() {
    let methods = testkit::port_methods().collect();
    fault_sweep("port", methods, |w, m| w.port_faults(m), 12);
}

/// Every store method failing at (a spread of) the calls the lifecycle
/// makes, then a retry.
#[test]
fn store_fault_at_every_call_of_the_lifecycle_then_retry() {
    store_sweep(&[]);
}

/// The same sweep without the methods of the bugs above: a regression net.
#[test]
fn store_fault_sweep_except_known_bugs() {
    store_sweep(&["finish_operation", "set_job_volume_counts"]);
}

/// The store sweep over every store method but `skip`.
fn store_sweep(skip: &[&str]) {
    let methods = FaultyStore::methods().filter(|m| !skip.contains(m));
    fault_sweep("store", methods.collect(), |w, _| w.store.faults(), 8);
}

// ------------------------------------------------ focused store-fault breaks

/// A job start whose lock release (or volume-count write) fails after
/// provisioning: the README promises that starting replication of the same
/// VM again resumes it and answers the same job.
async fn start_fault_then_retry(op: &str) -> Result<(), String> {
    let w = world();
    w.store.faults().fail_nth(op, 1);
    let first = w.manager.create_migration(vm_req("vm-sf", "vc01")).await;
    let Err(e) = first else {
        return Err(format!("{op}: the fault did not surface"));
    };
    let c = read!(
        w.manager
            .get_context(&ContextRef::Vm(migratekit_core::model::VmIdentity {
                vcenter_host: "vc01".into(),
                vmware_vm_id: "vm-sf".into(),
            }))
            .await
    );
    let again = w.manager.create_migration(vm_req("vm-sf", "vc01")).await;
    match again {
        Ok(CreateMigrationResponse::JobStarted(j)) => {
            let after = ctx(&w.manager, &j.context_id).await;
            if after.active_operation.is_some() {
                return Err(format!("{op}: resumed start still locked: {after:?}"));
            }
            let v = violations(
                &w.manager,
                w.volumes.as_ref(),
                Some(w.exporter.as_ref()),
                &HashSet::new(),
                false,
            )
            .await;
            if !v.is_empty() {
                return Err(format!("{op}: {v:?}"));
            }
            Ok(())
        }
        Ok(other) => Err(format!("{op}: {other:?}")),
        Err(e2) => {
            w.clock.advance(CDuration::minutes(2));
            let later = w.manager.create_migration(vm_req("vm-sf", "vc01")).await;
            Err(format!(
                "{op}: first attempt failed with {:?} ({e}); context then: status {:?}, lock {:?}, current_job {:?}; re-running the start answers {:?}: {e2}; after the lease, a start answers {:?}",
                e.code(),
                c.current_status,
                c.active_operation,
                c.current_job_id,
                e2.code(),
                later.map(|_| "ok").map_err(|e| e.code())
            ))
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_whose_lock_release_failed_is_resumed_by_starting_again() {
    start_fault_then_retry("finish_operation").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_whose_volume_count_write_failed_is_resumed_by_starting_again() {
    start_fault_then_retry("set_job_volume_counts")
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_with_store_faults_elsewhere_is_resumed_by_starting_again() {
    let mut bad = Vec::new();
    for op in [
        "upsert_volume",
        "context_volumes",
        "handed_over_volumes",
        "acquire_operation",
        "renew_operation",
        "suspend_operation",
    ] {
        if let Err(e) = start_fault_then_retry(op).await
            && !e.contains("did not surface")
        {
            bad.push(e);
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

/// A world with `vm` in a test failover whose cleanup will find every
/// attempt it makes at its final status update failing (three).
async fn in_a_test_failover_whose_status_update_fails(vm: &str) -> (World, String) {
    let (w, c, _) = replicated_world(vm, "vc01").await;
    w.manager.test_failover(&by_id(&c)).await.unwrap();
    for n in 1..=3 {
        w.store.faults().fail_nth("finish_operation", n);
    }
    (w, c)
}

/// DESIGN §4 / lock rule 1: a cleanup whose final status update fails
/// "still succeeds ... the context is not left locked". A store that fails
/// that one write: unlocked in the old status, and a re-run finishes the
/// update. A store that keeps failing it: the lock is suspended (its lease
/// ended), and an immediate re-run once the store is back finishes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cleanup_whose_status_update_failed_returns_success_without_a_lock() {
    let (w, c) = in_a_test_failover_whose_status_update_fails("vm-cl").await;
    let r = w.manager.cleanup_test_failover(&target(&c)).await;
    w.store.faults().clear();
    let after = ctx(&w.manager, &c).await;
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(after.active_operation, None, "not left locked: {after:#?}");
    let done = w.manager.cleanup_test_failover(&target(&c)).await.unwrap();
    assert_eq!(done.status, Status::ReadyForFailover);

    let (c2, _) = replicate(&w.manager, vm_req("vm-cl-b", "vc01"), "cbt-1").await;
    w.manager.test_failover(&by_id(&c2)).await.unwrap();
    w.store.faults().fail_always("finish_operation");
    assert!(w.manager.cleanup_test_failover(&target(&c2)).await.is_ok());
    w.store.faults().clear();
    let done = w.manager.cleanup_test_failover(&target(&c2)).await.unwrap();
    assert_eq!(done.status, Status::ReadyForFailover);
    let after = ctx(&w.manager, &c2).await;
    assert_eq!(
        (after.active_operation, after.current_status),
        (None, Status::ReadyForFailover)
    );
}

/// What the README does promise for that case: an immediate re-run
/// finishes the status update.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cleanup_whose_status_update_failed_is_finished_by_an_immediate_rerun() {
    let (w, c) = in_a_test_failover_whose_status_update_fails("vm-cl2").await;
    let _ = w.manager.cleanup_test_failover(&target(&c)).await;
    let r = w.manager.cleanup_test_failover(&target(&c)).await;
    assert!(r.is_ok(), "{r:?}");
    let after = ctx(&w.manager, &c).await;
    assert_eq!(after.current_status, Status::ReadyForFailover);
    assert!(after.active_operation.is_none());
    check(&w, &HashSet::new(), "after re-run").await;
}

// ------------------------------------- crashes (child aborted mid-step) then
// the operation an operator would try next

fn child(dir: &Path, crash: Option<&str>, op: &str, body: &Value) -> (bool, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_break-child"));
    cmd.arg(dir).arg("op").arg(op).arg(body.to_string());
    match crash {
        Some(c) => cmd.env("MIGRATEKIT_CRASH_AT", c),
        None => cmd.env_remove("MIGRATEKIT_CRASH_AT"),
    };
    let out = cmd.output().expect("spawn break-child");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .filter(|l| l.contains("crashing"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    )
}

/// A manager over the rig whose clock is past every lease a child took.
fn later(dir: &Path, minutes: i64) -> Manager {
    rig::builder(dir)
        .clock(Arc::new(ManualClock::new(
            Utc::now() + CDuration::minutes(minutes),
        )))
        .build()
        .unwrap()
}

async fn rig_violations(m: &Manager, dir: &Path, handed: &HashSet<String>) -> Vec<String> {
    let vols = rig::volumes(dir);
    let exp = rig::exporter(dir);
    violations(m, &vols, Some(&exp), handed, false).await
}

/// One crash point of a crash test: the runtime to drive managers on, the
/// point's own fresh rig directory, its name (`op:step:phase`) and the
/// problems found so far.
struct Point<'a>(
    &'a tokio::runtime::Runtime,
    &'a Path,
    &'a str,
    &'a mut Vec<String>,
);

/// Runs `run` with `op` killed at each of its `steps`, before and after the
/// step's effect, each point in a fresh rig directory; the problems `run`
/// finds must be none at the end.
fn each_crash_point(op: &str, steps: &[&str], mut run: impl FnMut(Point)) {
    let rt = rt();
    let mut bad = Vec::new();
    for step in steps {
        for phase in ["before", "after"] {
            let dir = tempfile::tempdir().unwrap();
            let label = format!("{op}:{step}:{phase}");
            run(Point(&rt, dir.path(), &label, &mut bad));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

/// [`each_crash_point`] of a failover `op` of the VM `vm`, replicated once
/// before the child runs `op` on its context: `run` also gets the context,
/// whether the child finished (it crashed when it did not) and its output.
fn each_failover_crash(
    op: &str,
    steps: &[&str],
    vm: &str,
    mut run: impl FnMut(Point, String, bool, String),
) {
    each_crash_point(op, steps, |p| {
        let Point(rt, dir, label, _) = &p;
        let (c, _) = rt.block_on(rig_ready(dir, vm));
        let (finished, out) = child(dir, Some(label), op, &json!({"context_id": c}));
        run(p, c, finished, out);
    });
}

/// A ready context replicated by the child world (system clock).
async fn rig_ready(dir: &Path, vm: &str) -> (String, String) {
    let m = rig::builder(dir).build().unwrap();
    replicate(&m, rig::two_disk_vm(vm), "cbt-1").await
}

/// Test failover killed at every step; the operator then does not re-run
/// it but aborts it (or, if the status already changed, cleans up), runs
/// reconcile apply with no grace, an incremental, and a second test
/// failover + cleanup. Everything must end consistent.
#[test]
fn test_failover_crash_then_abort_reconcile_incremental_test_again() {
    let mut crashes = 0;
    each_failover_crash(
        "test_failover",
        &TEST_FAILOVER_STEPS,
        "vm-tf",
        |Point(rt, dir, label, bad), c, ok, out| {
            crashes += usize::from(!ok);
            rt.block_on(async {
                let m = later(dir, 10);
                let now = ctx(&m, &c).await;
                let r = if now.current_status == Status::FailedOverTest {
                    m.cleanup_test_failover(&target(&c)).await.map(drop)
                } else if now.active_operation.is_some() {
                    m.abort_operation(&by_id(&c)).await.map(drop)
                } else {
                    Ok(())
                };
                if let Err(e) = r {
                    bad.push(format!(
                        "{label}: recovery failed {:?}: {e} (child: {out})",
                        e.code()
                    ));
                    return;
                }
                let rec = m
                    .reconcile(&ReconcileRequest {
                        apply: true,
                        grace_seconds: Some(0),
                    })
                    .await;
                if let Err(e) = rec {
                    bad.push(format!("{label}: reconcile {e}"));
                }
                for v in rig_violations(&m, dir, &HashSet::new()).await {
                    bad.push(format!("{label}: after recovery: {v}"));
                }
                let vms = rig::cloud(dir).vms();
                if !vms.is_empty() {
                    bad.push(format!("{label}: VMs left after recovery: {vms:?}"));
                }
                // Incremental, then a second test failover + cleanup.
                let r: migratekit_core::Result<()> = async {
                    let CreateMigrationResponse::JobStarted(j) =
                        m.create_migration(rig::two_disk_vm("vm-tf")).await?
                    else {
                        unreachable!()
                    };
                    if j.created_volumes != 0 {
                        bad.push(format!(
                            "{label}: incremental created {} volumes",
                            j.created_volumes
                        ));
                    }
                    migratekit_tests::rig::complete_each_disk(&m, &j.job_id, "cbt-2").await?;
                    m.test_failover(&by_id(&c)).await?;
                    m.cleanup_test_failover(&target(&c)).await?;
                    migratekit_core::Result::Ok(())
                }
                .await;
                if let Err(e) = r {
                    bad.push(format!(
                        "{label}: incremental/test again failed {:?}: {e}",
                        e.code()
                    ));
                }
                for v in rig_violations(&m, dir, &HashSet::new()).await {
                    bad.push(format!("{label}: at the end: {v}"));
                }
                let fos = m.list_failover_jobs(&by_id(&c)).await.unwrap();
                if fos.iter().any(|f| {
                    matches!(
                        f.status,
                        FailoverStatus::Active | FailoverStatus::InProgress
                    )
                }) {
                    bad.push(format!("{label}: open failover jobs at the end: {fos:?}"));
                }
            });
        },
    );
    eprintln!("test failover crash sequences: {crashes} crashes");
}

/// Live failover killed at every step, then complete_migration attempted
/// before anything else (must be refused and change nothing, or complete),
/// then abort or the rest; finally complete → remove → reconcile apply
/// grace 0: the migrated VM's volumes survive, attached to the VM.
#[test]
fn live_failover_crash_then_complete_remove_reconcile_keeps_migrated_volumes() {
    each_failover_crash(
        "live_failover",
        &LIVE_FAILOVER_STEPS,
        "vm-lf",
        |Point(rt, dir, label, bad), c, _, out| {
            rt.block_on(async {
                let m = later(dir, 10);
                let before = ctx(&m, &c).await;
                // The operator's first move: complete it.
                match m.complete_migration(&by_id(&c)).await {
                    Ok(_) => {}
                    Err(e) if is_refusal(e.code()) => {
                        let after = ctx(&m, &c).await;
                        if snapshot(&before) != snapshot(&after) {
                            bad.push(format!(
                                "{label}: refused complete_migration ({:?}) changed the context",
                                e.code()
                            ));
                        }
                        // Then finish the failover by re-running it.
                        if let Err(e) = m.live_failover(&by_id(&c)).await {
                            bad.push(format!(
                                "{label}: resume failed {:?}: {e} ({out})",
                                e.code()
                            ));
                            return;
                        }
                        if let Err(e) = m.complete_migration(&by_id(&c)).await {
                            bad.push(format!("{label}: complete failed {:?}: {e}", e.code()));
                            return;
                        }
                    }
                    Err(e) => {
                        bad.push(format!(
                            "{label}: complete_migration failed {:?}: {e}",
                            e.code()
                        ));
                        return;
                    }
                }
                let handed: HashSet<String> = m
                    .list_volumes(&by_id(&c))
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|v| v.volume_id)
                    .collect();
                if handed.len() != 2 {
                    bad.push(format!(
                        "{label}: {} volumes recorded at completion",
                        handed.len()
                    ));
                }
                if let Err(e) = m.remove_from_management(&by_id(&c)).await {
                    bad.push(format!("{label}: remove failed {e}"));
                }
                let rep = m
                    .reconcile(&ReconcileRequest {
                        apply: true,
                        grace_seconds: Some(0),
                    })
                    .await
                    .unwrap();
                if !rep.removed.is_empty() {
                    bad.push(format!("{label}: reconcile removed {:?}", rep.removed));
                }
                let vols = rig::volumes(dir).list_volumes().await.unwrap();
                for h in &handed {
                    match vols.iter().find(|v| &v.volume_id == h) {
                        None => bad.push(format!("{label}: migrated volume {h} deleted")),
                        Some(v) if v.attached_to.is_none() => {
                            bad.push(format!("{label}: migrated volume {h} detached"))
                        }
                        _ => {}
                    }
                }
                let vms = rig::cloud(dir).vms();
                if vms.len() != 1 {
                    bad.push(format!("{label}: {} target VMs: {vms:?}", vms.len()));
                }
                // A new context for the same VM must not adopt them.
                if let Ok(CreateMigrationResponse::JobStarted(j)) =
                    m.create_migration(rig::two_disk_vm("vm-lf")).await
                {
                    let recs = m.list_volumes(&by_id(&j.context_id)).await.unwrap();
                    if recs.iter().any(|r| handed.contains(&r.volume_id)) {
                        bad.push(format!("{label}: a new context adopted a migrated volume"));
                    }
                }
            });
        },
    );
}

/// A job start killed at each provisioning step; the operator cancels the
/// job instead of resuming, then removes the VM, then reconcile apply with
/// no grace. Nothing of the VM may be left on the daemon or exporter, and
/// the cancelled start must not keep the context locked.
#[test]
fn start_crash_then_cancel_remove_reconcile_leaves_nothing() {
    start_crash_cancel(10);
}

/// The same, right after the crash (within the crashed start's lease): the
/// operator cancels and removes at once. No process can tell a crashed
/// start from a slow one before its lease runs out, so the removal is
/// `operation_in_progress` until then — and succeeds, leaving nothing, after.
#[test]
fn start_crash_then_immediate_cancel_and_remove() {
    start_crash_cancel(0);
}

#[allow(non_snake_case)]
fn start_crash_cancel(LATER_MIN: i64) {
    each_crash_point(
        "start_replication",
        &START_STEPS,
        |Point(rt, dir, label, bad)| {
            let body = serde_json::to_value(rig::two_disk_vm("vm-sc")).unwrap();
            let (_ok, out) = child(dir, Some(label), "create_migration", &body);
            rt.block_on(async {
                let m = later(dir, LATER_MIN);
                let Ok(c) = m.get_context(&ContextRef::VmwareVmId("vm-sc".into())).await else {
                    return; // killed before anything was written
                };
                let jobs = m
                    .list_jobs(&JobFilter {
                        context_id: Some(c.context_id.clone()),
                        ..Default::default()
                    })
                    .await
                    .unwrap()
                    .items;
                for j in jobs.iter().filter(|j| j.status.is_active()) {
                    if let Err(e) = m
                        .cancel_job(&JobRef {
                            job_id: j.job_id.clone(),
                        })
                        .await
                    {
                        bad.push(format!("{label}: cancel {:?}: {e} ({out})", e.code()));
                    }
                }
                let after_cancel = ctx(&m, &c.context_id).await;
                if LATER_MIN > 0 && after_cancel.active_operation.is_some() {
                    // The start's own resume is the only way on: do it, then cancel.
                    bad.push(format!(
                        "{label}: after cancel still locked by {:?}",
                        after_cancel.active_operation
                    ));
                }
                let m = match m.remove_from_management(&by_id(&c.context_id)).await {
                    Ok(_) => m,
                    Err(e)
                        if LATER_MIN == 0
                            && e.code() == migratekit_core::ErrorCode::OperationInProgress =>
                    {
                        // Within the crashed start's lease: once it has run
                        // out, the removal goes through.
                        let m = later(dir, 10);
                        if let Err(e) = m.remove_from_management(&by_id(&c.context_id)).await {
                            bad.push(format!(
                                "{label}: remove after the lease {:?}: {e}",
                                e.code()
                            ));
                        }
                        m
                    }
                    Err(e) => {
                        bad.push(format!("{label}: remove {:?}: {e}", e.code()));
                        m
                    }
                };
                m.reconcile(&ReconcileRequest {
                    apply: true,
                    grace_seconds: Some(0),
                })
                .await
                .unwrap();
                let vols = rig::volumes(dir).list_volumes().await.unwrap();
                let exps = rig::exporter(dir).list_exports().await.unwrap();
                if !vols.is_empty() || !exps.is_empty() {
                    bad.push(format!(
                        "{label}: left behind volumes {vols:?} exports {exps:?}"
                    ));
                }
            });
        },
    );
}

/// delete_job killed at every step; the operator starts replication again
/// instead of re-running the deletion, then re-runs the deletion. The
/// context must never end with no volumes and an old change id, and the
/// next job must be a full (initial) copy onto fresh volumes.
#[test]
fn delete_job_crash_then_start_again_then_delete_again() {
    each_crash_point(
        "delete_job",
        &DELETE_JOB_STEPS,
        |Point(rt, dir, label, bad)| {
            let (c, job) = rt.block_on(rig_ready(dir, "vm-dj"));
            let (_ok, out) = child(dir, Some(label), "delete_job", &json!({"job_id": job}));
            rt.block_on(async {
                let m = later(dir, 10);
                let before = ctx(&m, &c).await;
                let start = m.create_migration(rig::two_disk_vm("vm-dj")).await;
                match &start {
                    Ok(CreateMigrationResponse::JobStarted(j)) => {
                        // Allowed only if the deletion had fully finished.
                        let jr = m.get_job(&j.job_id).await.unwrap();
                        let recs = m.list_volumes(&by_id(&c)).await.unwrap();
                        if before.active_operation.is_some() {
                            bad.push(format!(
                                "{label}: a start ran while delete_job held the lock"
                            ));
                        }
                        if jr.replication_type.as_str() != "initial" || recs.len() != 2 {
                            bad.push(format!(
                                "{label}: start after deletion: type {:?}, {} records",
                                jr.replication_type,
                                recs.len()
                            ));
                        }
                        return;
                    }
                    Ok(other) => bad.push(format!("{label}: {other:?}")),
                    Err(e) => {
                        if e.code() != ErrorCode::OperationInProgress
                            && before.active_operation.is_some()
                        {
                            bad.push(format!(
                                "{label}: start answered {:?} while delete_job is suspended",
                                e.code()
                            ));
                        }
                        let after = ctx(&m, &c).await;
                        if is_refusal(e.code()) && snapshot(&before) != snapshot(&after) {
                            bad.push(format!("{label}: refused start changed the context"));
                        }
                    }
                }
                match m
                    .delete_job(&JobRef {
                        job_id: job.clone(),
                    })
                    .await
                {
                    Ok(_) => {}
                    Err(e)
                        if e.code() == ErrorCode::NotFound && before.active_operation.is_none() => {
                    }
                    Err(e) => bad.push(format!(
                        "{label}: re-run delete_job {:?}: {e} ({out})",
                        e.code()
                    )),
                }
                let now = ctx(&m, &c).await;
                if now.active_operation.is_some() {
                    bad.push(format!(
                        "{label}: still locked by {:?}",
                        now.active_operation
                    ));
                }
                for v in rig_violations(&m, dir, &HashSet::new()).await {
                    bad.push(format!("{label}: {v}"));
                }
                // The next start is a full copy onto fresh volumes.
                match m.create_migration(rig::two_disk_vm("vm-dj")).await {
                    Ok(CreateMigrationResponse::JobStarted(j)) => {
                        let jr = m.get_job(&j.job_id).await.unwrap();
                        if jr.replication_type.as_str() != "initial" {
                            bad.push(format!("{label}: next start is {:?}", jr.replication_type));
                        }
                    }
                    other => bad.push(format!("{label}: next start {other:?}")),
                }
                for v in rig_violations(&m, dir, &HashSet::new()).await {
                    bad.push(format!("{label}: after next start: {v}"));
                }
            });
        },
    );
}

// ------------------------------------------------------------ hostile input

/// Every body here must be refused with a typed error (no panic, no
/// `internal`), and nothing stored may change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_json_is_refused_and_changes_nothing() {
    let (w, c, job) = replicated_world("vm-h", "vc01.example.local").await;
    let big = "x".repeat(1 << 20);
    let nul = "vm-\u{0}h";
    let zw = "\u{200B}vm-h";
    let vm = |id: &str, name: &str, host: &str| {
        json!({"source_vm": {"id": id, "name": name, "disks": [{"id": "disk-0", "size_gb": 1}]},
               "vcenter_host": host, "start_replication": false})
    };
    let cases: Vec<(&str, Value)> = vec![
        ("create_migration", vm(nul, "n", "vc01")),
        ("create_migration", vm(&big, "n", "vc01")),
        ("create_migration", vm("vm-x", &big, "vc01")),
        ("create_migration", vm(zw, "n", "vc01.example.local")),
        (
            "create_migration",
            vm("vm-h", "n", "\u{FEFF}vc01.example.local"),
        ),
        (
            "create_migration",
            vm("vm-h", "n", "vc01.example.local\u{200D}"),
        ),
        ("create_migration", vm("vm-h", "n", "VC01.EXAMPLE.LOCAL")),
        (
            "create_migration",
            vm("vm-h", "n", "  vc01.example.local\t"),
        ),
        (
            "create_migration",
            json!({"source_vm": {"id": "vm-y", "name": "n", "disks": [{"id": "d", "size_gb": u64::MAX}]}}),
        ),
        (
            "create_migration",
            json!({"source_vm": {"id": "vm-y", "name": "n", "disks": [{"id": "d", "size_gb": -1}]}}),
        ),
        // memory_mb: u64::MAX is accepted (see huge_memory_is_refused_or_kept_exactly)
        (
            "create_migration",
            json!({"source_vm": {"id": "vm-y", "name": "n", "cpus": "2"}}),
        ),
        (
            "create_migration",
            json!({"source_vm": {"id": "vm-y", "name": "n"}, "surprise": 1}),
        ),
        (
            "create_migration",
            json!({"source_vm": {"id": "vm-y", "name": "n"}, "ossea_config_id": 1.5}),
        ),
        (
            "create_migration",
            json!({"source_vm": {"id": "", "name": "n"}}),
        ),
        (
            "create_migration",
            json!({"source_vm": {"id": "vm-y", "name": "n"}, "replication_type": "sideways"}),
        ),
        ("create_migration", json!([])),
        ("create_migration", json!(null)),
        (
            "add_to_management",
            json!({"source_vm": {"id": "vm-y", "name": "n", "disks": [{"id": "d", "size_gb": 1}, {"id": "d", "size_gb": 1}]}}),
        ),
        ("get_context", json!({"context_id": big})),
        (
            "get_context",
            json!({"context_id": "../../etc/passwd\u{0}"}),
        ),
        ("get_context", json!({"vm_name": big})),
        ("get_context", json!({"context_id": c, "vm_name": "x"})),
        ("list_contexts", json!({"limit": u64::MAX})),
        ("list_contexts", json!({"offset": -1})),
        ("list_contexts", json!({"status": "weird"})),
        ("list_jobs", json!({"context_id": nul})),
        ("list_jobs", json!({"context_id": big})),
        (
            "update_job_progress",
            json!({"job_id": job, "progress_percent": -5.0}),
        ),
        (
            "update_job_progress",
            json!({"job_id": job, "progress_percent": 1e308}),
        ),
        (
            "update_job_progress",
            json!({"job_id": job, "progress_percent": 50.0, "bytes_transferred": u64::MAX}),
        ),
        (
            "update_job_progress",
            json!({"job_id": job, "progress_percent": "NaN"}),
        ),
        ("complete_job", json!({"job_id": big})),
        ("fail_job", json!({"job_id": job, "error": big})),
        ("cancel_job", json!({"job_id": nul})),
        ("delete_job", json!({"job_id": "../job"})),
        ("test_failover", json!({"context_id": big})),
        (
            "cleanup_test_failover",
            json!({"context_id": c, "failover_job_id": big}),
        ),
        (
            "cleanup_test_failover",
            json!({"context_id": c, "failover_job_id": "fo-nope"}),
        ),
        ("cleanup_test_failover", json!({})),
        (
            "live_failover",
            json!({"vm": {"vcenter_host": "vc01.example.local", "vmware_vm_id": zw}}),
        ),
        ("rollback_live_failover", json!({"vm_name": big})),
        (
            "remove_from_management",
            json!({"vmware_vm_id": "vm-h\u{0}"}),
        ),
        ("reconcile", json!({"grace_seconds": -1})),
        ("reconcile", json!({"apply": "yes"})),
        (
            "create_schedule",
            json!({"name": "s", "cron_expression": "*/0 * * * *", "timezone": "UTC", "enabled": true, "max_concurrent_jobs": 1}),
        ),
        (
            "create_schedule",
            json!({"name": "s", "cron_expression": "* * * * *", "timezone": "../../etc/passwd", "enabled": true, "max_concurrent_jobs": 1}),
        ),
        (
            "create_schedule",
            json!({"name": "s", "cron_expression": big, "timezone": "UTC", "enabled": true, "max_concurrent_jobs": 1}),
        ),
        (
            "create_schedule",
            json!({"name": "s", "cron_expression": "* * * * *", "timezone": "UTC", "enabled": true, "max_concurrent_jobs": u64::MAX}),
        ),
        (
            "add_to_group",
            json!({"group_id": "nope", "context_id": c, "priority": i64::MAX}),
        ),
        (
            "run_due_schedules",
            json!({"now": "+275760-09-13T00:00:00Z"}),
        ),
        ("run_due_schedules", json!({"now": 12})),
        ("log_jobs", json!({"context_id": big})),
        ("log_job", json!({"job_id": nul})),
        ("prune_job_log", json!({"before": "not a date"})),
        ("no_such_operation", json!({})),
    ];
    let before = snapshot(&ctx(&w.manager, &c).await);
    let count = |m: Manager| async move {
        m.list_contexts(&ContextFilter {
            limit: Some(10_000),
            ..Default::default()
        })
        .await
        .unwrap()
        .items
        .len()
    };
    let n_before = count(w.manager.clone()).await;
    let mut bad = Vec::new();
    for (op, body) in &cases {
        let r = migratekit_core::json::call(&w.manager, op, body).await;
        let short: String = body.to_string().chars().take(120).collect();
        match r {
            Ok(v) => {
                let s: String = v.to_string().chars().take(160).collect();
                bad.push(format!("{op} {short}: accepted: {s}"));
            }
            Err(e) if e.code() == ErrorCode::Internal => {
                bad.push(format!("{op} {short}: internal: {e}"))
            }
            Err(e) => {
                let body = serde_json::to_string(&e.to_body()).unwrap();
                if body.len() > 8192 {
                    bad.push(format!("{op} {short}: error body of {} bytes", body.len()));
                }
            }
        }
        let after = snapshot(&ctx(&w.manager, &c).await);
        if after != before {
            bad.push(format!("{op} {short}: changed the context: {}", after));
        }
    }
    let n_after = count(w.manager.clone()).await;
    if n_after != n_before {
        bad.push(format!("contexts {n_before} -> {n_after}"));
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

/// Path traversal and odd ids straight at the bundled LocalVolumes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_volumes_refuse_path_traversal_and_odd_ids() {
    let d = tempfile::tempdir().unwrap();
    let victim = d.path().join("victim");
    std::fs::write(&victim, b"keep me").unwrap();
    std::fs::create_dir_all(d.path().join("vols")).unwrap();
    let lv = migratekit_core::adapters::LocalVolumes::open(d.path().join("vols")).unwrap();
    let v = lv.create_volume("mk-ok", 1 << 20).await.unwrap();
    for id in [
        "../victim",
        "vol-1/../../victim",
        "/etc/passwd",
        "vol-",
        "vol-1\u{0}",
        "VOL-000001",
        " vol-000001",
        "vol-000001.raw",
        "vol-999999999999999999999999",
    ] {
        let _ = lv.delete_volume(id).await;
        let _ = lv.detach_volume(id).await;
        assert!(lv.attach_volume(id, "x").await.is_err(), "{id} attached");
        let _ = lv.get_volume(id).await;
    }
    assert!(victim.exists(), "a file outside the directory was deleted");
    assert!(lv.get_volume(&v.volume_id).await.unwrap().is_some());
    assert!(
        lv.create_volume("mk-huge", u64::MAX).await.is_err(),
        "u64::MAX bytes accepted"
    );
    assert!(
        lv.create_volume("../../escape", 1 << 20)
            .await
            .map(|v| !v.device_path.unwrap_or_default().contains(".."))
            .unwrap_or(true)
    );
}

/// Identity spelled three ways by three callers: one context, duplicates
/// refused; cleanup/lookup by the variant finds it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_variants_are_one_vm() {
    let w = world();
    let mut a = vm_req("vm-id", "vc01.example.local");
    a.start_replication = Some(false);
    w.manager.create_migration(a).await.unwrap();
    for host in [
        "VC01.example.LOCAL",
        " vc01.example.local",
        "vc01.example.local  ",
    ] {
        let mut r = vm_req("vm-id", host);
        r.start_replication = Some(false);
        let e = w.manager.create_migration(r).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::AlreadyManaged, "{host:?}");
    }
    for id in [" vm-id", "vm-id\n"] {
        let mut r = vm_req(id, "vc01.example.local");
        r.start_replication = Some(false);
        let e = w.manager.create_migration(r).await.unwrap_err();
        assert!(
            matches!(e.code(), ErrorCode::AlreadyManaged | ErrorCode::Validation),
            "{id:?}: {e:?}"
        );
    }
    let bulk: Vec<_> = [
        "VC01.EXAMPLE.LOCAL",
        "vc01.example.local ",
        "\u{200B}vc01.example.local",
    ]
    .iter()
    .map(|h| migratekit_core::model::AddToManagementRequest::from(&vm_req("vm-id", h)))
    .collect();
    let b = w.manager.add_to_management_bulk(bulk, None).await.unwrap();
    assert_eq!(b.added, 0, "{b:?}");
    let all = w
        .manager
        .list_contexts(&ContextFilter::default())
        .await
        .unwrap()
        .items;
    assert_eq!(all.len(), 1, "{all:?}");
    // vmware_vm_id keeps its case: VM-ID is another VM.
    let mut r = vm_req("VM-ID", "vc01.example.local");
    r.start_replication = Some(false);
    assert!(w.manager.create_migration(r).await.is_ok());
}

/// `memory_mb: u64::MAX` is accepted; it must then at least round-trip
/// exactly (no silent clamp) and reach the target cloud intact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_memory_is_refused_or_kept_exactly() {
    let w = world();
    let mut r = vm_req("vm-mem", "vc01");
    r.source_vm.memory_mb = u64::MAX;
    match w.manager.create_migration(r).await {
        Err(e) => assert_eq!(e.code(), ErrorCode::Validation, "{e:?}"),
        Ok(CreateMigrationResponse::JobStarted(j)) => {
            let c = ctx(&w.manager, &j.context_id).await;
            assert_eq!(c.source_vm.memory_mb, u64::MAX, "silently changed");
            migratekit_tests::rig::complete_each_disk(&w.manager, &j.job_id, "c")
                .await
                .unwrap();
            w.manager
                .test_failover(&by_id(&j.context_id))
                .await
                .unwrap();
            let vms = w.cloud.vms();
            let s = serde_json::to_value(&vms[0]).unwrap().to_string();
            assert!(
                !s.contains("9223372036854775807"),
                "clamped on the way to the cloud: {s}"
            );
        }
        Ok(other) => panic!("{other:?}"),
    }
}

// ------------------------------------------------- processes on one database

fn spawn_loop(
    dir: &Path,
    seed: u64,
    iters: usize,
    vms: u64,
    offset_min: i64,
) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_break-child"))
        .arg(dir)
        .arg("loop")
        .arg(seed.to_string())
        .arg(iters.to_string())
        .arg(vms.to_string())
        .env("MK_CLOCK_OFFSET_MIN", offset_min.to_string())
        .env_remove("MIGRATEKIT_CRASH_AT")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn")
}

/// Runs the operation holding each lock again (its own resume); returns
/// what could not be resumed.
async fn resume_all(m: &Manager) -> Vec<String> {
    let mut out = Vec::new();
    let all = m
        .list_contexts(&ContextFilter {
            limit: Some(10_000),
            ..Default::default()
        })
        .await
        .unwrap()
        .items;
    for c in all {
        let Some(op) = c.active_operation else {
            continue;
        };
        let id = c.context_id.clone();
        let r = match op.as_str() {
            "test_failover" => m.test_failover(&by_id(&id)).await.map(drop),
            "live_failover" => m.live_failover(&by_id(&id)).await.map(drop),
            "cleanup_test_failover" => m.cleanup_test_failover(&target(&id)).await.map(drop),
            "rollback_live_failover" => m.rollback_live_failover(&target(&id)).await.map(drop),
            "complete_migration" => m.complete_migration(&by_id(&id)).await.map(drop),
            "abort_operation" => m.abort_operation(&by_id(&id)).await.map(drop),
            "remove_from_management" => m.remove_from_management(&by_id(&id)).await.map(drop),
            "start_replication" => {
                let mut r = CreateMigrationRequest::new(c.source_vm.clone());
                r.vcenter_host = c.vcenter_host.clone();
                m.create_migration(r).await.map(drop)
            }
            "delete_job" => {
                // The log job names the job being deleted; try every finished job.
                let jobs = m
                    .list_jobs(&JobFilter {
                        context_id: Some(id.clone()),
                        ..Default::default()
                    })
                    .await
                    .unwrap()
                    .items;
                let mut last = Ok(());
                for j in jobs.iter().filter(|j| !j.status.is_active()) {
                    last = m
                        .delete_job(&JobRef {
                            job_id: j.job_id.clone(),
                        })
                        .await
                        .map(drop);
                    if try_ctx(m, &id)
                        .await
                        .is_none_or(|x| x.active_operation.is_none())
                    {
                        break;
                    }
                }
                last
            }
            other => {
                out.push(format!("{id}: locked by unknown operation {other}"));
                continue;
            }
        };
        if let Err(e) = r {
            out.push(format!("{id}: resuming {op} failed {:?}: {e}", e.code()));
        }
        if let Some(x) = try_ctx(m, &id).await
            && x.active_operation.is_some()
        {
            out.push(format!(
                "{id}: still locked by {:?} after resuming {op}",
                x.active_operation
            ));
        }
    }
    out
}

/// Six OS processes racing every operation on three VMs (identities spelled
/// three ways); afterwards every invariant holds and every lock resumes.
#[test]
fn six_processes_race_every_operation_on_three_vms() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    // Create the database first so the children race operations, not setup.
    drop(rig::builder(dir).build().unwrap());
    let kids: Vec<_> = (0..6)
        .map(|i| spawn_loop(dir, 1000 + i, 40, 3, 0))
        .collect();
    let mut outputs = Vec::new();
    for k in kids {
        let o = k.wait_with_output().unwrap();
        let s = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(
            o.status.success(),
            "child failed: {s}\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        outputs.push(s);
    }
    let internal: Vec<&str> = outputs
        .iter()
        .flat_map(|s| s.lines())
        .filter(|l| l.contains("internal") || l.ends_with(" storage"))
        .collect();
    rt().block_on(async {
        let m = later(dir, 10);
        let mut bad: Vec<String> = internal.iter().map(|l| format!("child saw: {l}")).collect();
        for v in rig_violations(&m, dir, &HashSet::new()).await {
            if !v.contains("locked by") {
                bad.push(format!("before resume: {v}"));
            }
        }
        bad.extend(resume_all(&m).await);
        m.reconcile(&ReconcileRequest {
            apply: true,
            grace_seconds: Some(0),
        })
        .await
        .unwrap();
        for v in rig_violations(&m, dir, &HashSet::new()).await {
            bad.push(format!("after resume + reconcile: {v}"));
        }
        assert!(bad.is_empty(), "{bad:#?}");
    });
}

/// A process running random operations is SIGKILLed at a random moment,
/// six times over one rig; after each kill the parent resumes every lock,
/// reconciles, and checks every invariant.
#[test]
fn random_sigkill_then_resume_reconcile() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    drop(rig::builder(dir).build().unwrap());
    let mut bad = Vec::new();
    let rt = rt();
    let mut seed = 77u64;
    for round in 0..6i64 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut k = spawn_loop(dir, seed, 400, 2, round * 20);
        std::thread::sleep(Duration::from_millis(150 + (seed >> 33) % 500));
        let _ = k.kill(); // SIGKILL to this child's pid only
        let _ = k.wait();
        rt.block_on(async {
            let m = later(dir, round * 20 + 10);
            bad.extend(
                resume_all(&m)
                    .await
                    .into_iter()
                    .map(|x| format!("round {round}: {x}")),
            );
            if let Err(e) = m
                .reconcile(&ReconcileRequest {
                    apply: true,
                    grace_seconds: Some(0),
                })
                .await
            {
                bad.push(format!("round {round}: reconcile {e}"));
            }
            for v in rig_violations(&m, dir, &HashSet::new()).await {
                bad.push(format!("round {round}: {v}"));
            }
        });
        if !bad.is_empty() {
            break;
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

/// Six processes call run_due_schedules for the same minute with different
/// sub-second parts: one execution, at most max_concurrent_jobs started.
#[test]
fn six_processes_run_due_schedules_once_per_cron_time() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let rt = rt();
    let minute = rt.block_on(async {
        let m = rig::builder(dir).build().unwrap();
        let s = m
            .create_schedule(&migratekit_core::model::CreateScheduleRequest {
                name: "every-minute".into(),
                cron_expression: "* * * * *".into(),
                timezone: "UTC".into(),
                enabled: true,
                max_concurrent_jobs: 2,
            })
            .await
            .unwrap();
        let g = m
            .create_group(&migratekit_core::model::CreateGroupRequest {
                name: "g".into(),
                description: String::new(),
                schedule_id: Some(s.schedule_id.clone()),
            })
            .await
            .unwrap();
        for i in 0..4 {
            let mut r = rig::two_disk_vm(&format!("vm-s{i}"));
            r.start_replication = Some(false);
            let CreateMigrationResponse::ContextCreated(c) = m.create_migration(r).await.unwrap()
            else {
                unreachable!()
            };
            m.add_to_group(&migratekit_core::model::AddToGroupRequest {
                group_id: g.group_id.clone(),
                context_id: c.context_id,
                priority: i,
            })
            .await
            .unwrap();
        }
        let base = Utc::now() + CDuration::minutes(5);
        base.format("%Y-%m-%dT%H:%M").to_string()
    });
    let kids: Vec<_> = (0..6)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_break-child"))
                .arg(dir)
                .arg("op")
                .arg("run_due_schedules")
                .arg(json!({"now": format!("{minute}:{:02}.{:03}Z", i * 7, i * 111)}).to_string())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<String> = kids
        .into_iter()
        .map(|k| String::from_utf8_lossy(&k.wait_with_output().unwrap().stdout).to_string())
        .collect();
    rt.block_on(async {
        let m = later(dir, 10);
        let ex = m.list_schedule_executions(None, Some(100)).await.unwrap();
        assert_eq!(ex.len(), 1, "{ex:#?}\n{outs:#?}");
        let active = m
            .list_jobs(&JobFilter::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|j| j.status.is_active())
            .count();
        assert!(
            active <= 2,
            "{active} active jobs for max_concurrent_jobs 2"
        );
        let v = rig_violations(&m, dir, &HashSet::new()).await;
        assert!(v.is_empty(), "{v:#?}");
    });
}

/// DESIGN §4: "The replica never receives a write from a test VM": the test
/// VM runs on clones; the replica stays attached to the appliance and
/// exported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_failover_runs_on_clones_and_leaves_the_replica_exported() {
    let (w, c, _) = replicated_world("vm-clone", "vc01").await;
    let recs = w.manager.list_volumes(&by_id(&c)).await.unwrap();
    w.manager.test_failover(&by_id(&c)).await.unwrap();
    let vols = w.volumes.list_volumes().await.unwrap();
    let exps = w.exporter.list_exports().await.unwrap();
    for r in &recs {
        let v = vols.iter().find(|v| v.volume_id == r.volume_id).unwrap();
        assert_eq!(
            v.attached_to.as_deref(),
            Some("oma-appliance"),
            "replica {} attached to {:?}",
            r.volume_id,
            v.attached_to
        );
        assert!(
            exps.iter().any(|e| e.name == r.export_name),
            "replica export {} withdrawn",
            r.export_name
        );
    }
}
