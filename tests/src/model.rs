//! The state-machine property test's harness: a world (the testkit's
//! [`FakeRig`] in files: SQLite behind a `FaultyStore`, file-backed fakes of
//! the volume daemon, the exporter and the cloud, a manual clock) that a
//! crash child can share, a generator of
//! random operation sequences, a model of what each operation must do, the
//! invariants checked after every step, and a shrinker that reduces a failing
//! sequence to a minimal one.
//!
//! `tests/tests/state_machine.rs` drives it; `PROPTEST.md` documents it.

use chrono::{DateTime, Duration, TimeZone, Utc};
use migratekit_core::model::names::destination_vm_name;
use migratekit_core::model::{
    AddToManagementRequest, CompleteJobRequest, ContextFilter, ContextRef, CreateMigrationRequest,
    FailJobRequest, FailoverJob, FailoverKind, FailoverStatus, JobFilter, JobRef,
    ReplicationContext, ReplicationJob, ReplicationType, SourceDisk, SourceVm, Status,
    UpdateJobProgressRequest, VolumeRecord,
};
use migratekit_core::ports::{
    ManualClock, NbdExporter, PowerState, TargetVm, Volume, VolumeDaemon,
};
use migratekit_core::testkit::refs::{by_id, target};
use migratekit_core::testkit::steps::*;
use migratekit_core::testkit::{self, FakeRig, FaultyStore};
use migratekit_core::{DEFAULT_APPLIANCE_ID, ErrorCode, Manager};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, LazyLock};

/// How many VM identities a sequence works on.
pub const VMS: usize = 4;
/// The operation lease the world's managers use.
pub const LEASE_SECS: i64 = 60;

// ------------------------------------------------------------------ tempdir

/// A directory under the system's temp dir, removed on drop.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// A new, empty, uniquely named directory.
    pub fn new() -> TempDir {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("mk-sm-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Default for TempDir {
    fn default() -> Self {
        TempDir::new()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------- randomness

/// A small deterministic generator (xorshift64*), one per sequence.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (any value).
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p` percent.
    pub fn chance(&mut self, p: u32) -> bool {
        self.below(100) < p as usize
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The seed of the `i`th sequence of a run started from `base`.
pub fn sequence_seed(base: u64, i: u64) -> u64 {
    let mut r = Rng::new(base.wrapping_add(i.wrapping_mul(0xA076_1D64_78BD_642F)));
    r.next_u64()
}

// ------------------------------------------------------------------- the VMs

/// The VM identities of a sequence: two vCenters share a moref id, one VM
/// has no vCenter host; disk counts come from the seed (0 now and then).
pub fn vms(seed: u64, diskless_pct: u32) -> Vec<SourceVmSpec> {
    let mut r = Rng::new(seed ^ 0x5EED);
    let ids = [
        ("vc-a.example", "vm-100", "alpha"),
        ("vc-b.example", "vm-100", "beta"),
        ("vc-a.example", "vm-200", "gamma"),
        ("", "vm-300", "delta"),
    ];
    ids.iter()
        .map(|(vc, id, name)| {
            let zero = r.chance(diskless_pct);
            let disks = if zero { 0 } else { 1 + r.below(2) };
            SourceVmSpec {
                vcenter_host: (*vc).to_owned(),
                vmware_vm_id: (*id).to_owned(),
                name: (*name).to_owned(),
                disks,
            }
        })
        .collect()
}

/// One VM identity of a sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceVmSpec {
    /// vCenter host.
    pub vcenter_host: String,
    /// Moref id.
    pub vmware_vm_id: String,
    /// Name.
    pub name: String,
    /// How many disks.
    pub disks: usize,
}

impl SourceVmSpec {
    fn source_vm(&self) -> SourceVm {
        let mut vm = SourceVm::new(&self.vmware_vm_id, &self.name);
        vm.cpus = 2;
        vm.memory_mb = 2048;
        for i in 0..self.disks {
            vm.disks.push(SourceDisk {
                id: format!("disk-{}", 2000 + i),
                label: format!("Hard disk {}", i + 1),
                size_gb: 1 + i as u64,
                datastore: "ds1".into(),
                unit_number: i as u32,
            });
        }
        vm
    }

    /// The add-to-management request.
    pub fn add_request(&self) -> AddToManagementRequest {
        AddToManagementRequest {
            source_vm: self.source_vm(),
            ossea_config_id: 1,
            target_network: "net-1".into(),
            vcenter_host: self.vcenter_host.clone(),
            datacenter: "DC".into(),
        }
    }

    /// A `create_migration` request.
    pub fn create_request(
        &self,
        start: Option<bool>,
        rtype: Option<ReplicationType>,
    ) -> CreateMigrationRequest {
        let mut r = CreateMigrationRequest::new(self.source_vm());
        r.ossea_config_id = 1;
        r.target_network = "net-1".into();
        r.vcenter_host = self.vcenter_host.clone();
        r.datacenter = "DC".into();
        r.start_replication = start;
        r.replication_type = rtype;
        r
    }
}

// ---------------------------------------------------------- calls & outcomes

/// One concrete call of the manager's API, with ids resolved: what a crash
/// child receives as JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Call {
    /// `add_to_management`.
    Add(AddToManagementRequest),
    /// `create_migration` (adds or starts replication).
    Create(CreateMigrationRequest),
    /// `add_to_management_bulk`.
    Bulk(Vec<AddToManagementRequest>),
    /// `update_job_progress`.
    Progress(String, f64),
    /// `complete_job`.
    Complete(String, String),
    /// `fail_job`.
    Fail(String),
    /// `cancel_job`.
    Cancel(String),
    /// `test_failover`.
    TestFailover(String),
    /// `cleanup_test_failover`.
    Cleanup(String),
    /// `live_failover`.
    Live(String),
    /// `rollback_live_failover`.
    Rollback(String),
    /// `complete_migration`.
    CompleteMigration(String),
    /// `abort_operation`.
    Abort(String),
    /// `delete_job`.
    DeleteJob(String),
    /// `remove_from_management`.
    Remove(String),
    /// `reconcile` (plans and applies).
    Reconcile,
}

/// What a call returned: the response as JSON, or the error's code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Outcome {
    /// Success, with the response.
    Ok(Value),
    /// An error.
    Err {
        /// Its code.
        code: ErrorCode,
        /// Its message and details.
        message: String,
    },
}

fn outcome<T: Serialize>(r: migratekit_core::Result<T>) -> Outcome {
    match r {
        Ok(v) => Outcome::Ok(serde_json::to_value(v).unwrap_or(Value::Null)),
        Err(e) => Outcome::Err {
            code: e.code(),
            message: format!("{e} ({})", e.details()),
        },
    }
}

/// Runs one call.
pub async fn exec(m: &Manager, call: &Call) -> Outcome {
    match call {
        Call::Add(r) => outcome(m.add_to_management(r.clone()).await),
        Call::Create(r) => outcome(m.create_migration(r.clone()).await),
        Call::Bulk(v) => outcome(m.add_to_management_bulk(v.clone(), None).await),
        Call::Progress(j, p) => outcome(
            m.update_job_progress(&UpdateJobProgressRequest {
                job_id: j.clone(),
                progress_percent: *p,
                bytes_transferred: (*p as u64) << 20,
                total_bytes: Some(100 << 20),
                disks: Default::default(),
            })
            .await,
        ),
        Call::Complete(j, c) => {
            // One change id per disk, as VMware CBT keeps them.
            let disks = m
                .get_job(j)
                .await
                .map(|job| job.previous_change_ids)
                .unwrap_or_default();
            let req = if disks.len() > 1 {
                CompleteJobRequest {
                    job_id: j.clone(),
                    change_id: String::new(),
                    change_ids: Some(
                        disks
                            .keys()
                            .map(|d| (d.clone(), format!("{c}-{d}")))
                            .collect(),
                    ),
                }
            } else {
                CompleteJobRequest {
                    job_id: j.clone(),
                    change_id: c.clone(),
                    change_ids: None,
                }
            };
            outcome(m.complete_job(&req).await)
        }
        Call::Fail(j) => outcome(
            m.fail_job(&FailJobRequest {
                job_id: j.clone(),
                error: "copy failed".into(),
            })
            .await,
        ),
        Call::Cancel(j) => outcome(m.cancel_job(&JobRef { job_id: j.clone() }).await),
        Call::TestFailover(c) => outcome(m.test_failover(&by_id(c)).await),
        Call::Cleanup(c) => outcome(m.cleanup_test_failover(&target(c)).await),
        Call::Live(c) => outcome(m.live_failover(&by_id(c)).await),
        Call::Rollback(c) => outcome(m.rollback_live_failover(&target(c)).await),
        Call::CompleteMigration(c) => outcome(m.complete_migration(&by_id(c)).await),
        Call::Abort(c) => outcome(m.abort_operation(&by_id(c)).await),
        Call::DeleteJob(j) => outcome(m.delete_job(&JobRef { job_id: j.clone() }).await),
        Call::Remove(c) => outcome(m.remove_from_management(&by_id(c)).await),
        Call::Reconcile => outcome(
            m.reconcile(&migratekit_core::ReconcileRequest {
                apply: true,
                grace_seconds: Some(0),
            })
            .await,
        ),
    }
}

// --------------------------------------------------------------------- world

/// The shared world in `dir` (the testkit's [`FakeRig`] in files), opened
/// by the parent (with fault scripts) or by a crash child, its clock
/// standing at `now`.
pub fn open_world(dir: &Path, now: DateTime<Utc>) -> FakeRig {
    let lease = std::time::Duration::from_secs(LEASE_SECS as u64);
    let clock = Arc::new(ManualClock::new(now));
    FakeRig::in_files(dir, clock, |b| b.operation_lease(lease)).expect("world")
}

/// What the world holds, all of it, for "a refusal changed nothing".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    contexts: Vec<ReplicationContext>,
    jobs: Vec<ReplicationJob>,
    records: Vec<VolumeRecord>,
    failovers: Vec<FailoverJob>,
    daemon: Vec<Volume>,
    exports: Vec<migratekit_core::ports::NbdExport>,
    vms: Vec<TargetVm>,
}

async fn snapshot(w: &FakeRig) -> Snapshot {
    let m = &w.manager;
    // Pages as large as they come: the whole world on one.
    let every_context = ContextFilter {
        limit: Some(10_000),
        ..Default::default()
    };
    let every_job = JobFilter {
        limit: Some(10_000),
        ..Default::default()
    };
    let contexts = m.list_contexts(&every_context).await;
    let contexts = contexts.expect("list_contexts").items;
    let mut jobs = m.list_jobs(&every_job).await.expect("list_jobs").items;
    jobs.sort_by(|a, b| a.job_id.cmp(&b.job_id));
    let mut records = Vec::new();
    let mut failovers = Vec::new();
    for c in &contexts {
        records.extend(
            m.list_volumes(&by_id(&c.context_id))
                .await
                .expect("list_volumes"),
        );
        failovers.extend(
            m.list_failover_jobs(&by_id(&c.context_id))
                .await
                .expect("list_failover_jobs"),
        );
    }
    Snapshot {
        contexts,
        jobs,
        records,
        failovers,
        daemon: w.volumes.list_volumes().await.expect("daemon volumes"),
        exports: w.exporter.list_exports().await.expect("exports"),
        vms: w.cloud.vms(),
    }
}

// ------------------------------------------------------------------ the ops

/// A step of a sequence. VMs are addressed by slot (`0..VMS`), so a step
/// keeps its meaning when the shrinker removes others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Op {
    /// `add_to_management`.
    Add(usize),
    /// `create_migration` with `start_replication: false`.
    AddViaCreate(usize),
    /// `create_migration` starting a job (type: none, initial, incremental).
    Start(usize, Option<ReplicationType>),
    /// `update_job_progress` on the VM's newest job.
    Progress(usize, u8),
    /// `complete_job` on the VM's newest job.
    Complete(usize),
    /// `fail_job` on the VM's newest job.
    Fail(usize),
    /// `cancel_job` on the VM's newest job.
    Cancel(usize),
    /// `test_failover`.
    TestFailover(usize),
    /// `cleanup_test_failover`.
    Cleanup(usize),
    /// `live_failover`.
    Live(usize),
    /// `rollback_live_failover`.
    Rollback(usize),
    /// `complete_migration`.
    CompleteMigration(usize),
    /// `abort_operation`.
    Abort(usize),
    /// `delete_job` on the VM's `n`th job (modulo their number).
    DeleteJob(usize, usize),
    /// `remove_from_management`.
    Remove(usize),
    /// `reconcile` (plan and apply: the only mode main has).
    Reconcile,
    /// `add_to_management_bulk` of the VMs in the mask, with an invalid
    /// entry and a duplicate when asked.
    Bulk(u8, bool),
    /// Drop the manager and open the world again.
    Reopen,
    /// Move the clock past the operation lease.
    AdvanceLease,
    /// The `nth` call of a port method fails during the next op.
    PortFault(String, usize),
    /// The `nth` call of a store method fails during the next op.
    StoreFault(String, usize),
    /// Calls of a port method are delayed during the next op.
    Delay(String),
    /// The next op runs in a child killed at `step` (index into the op's
    /// steps), before or after it; then the world is reopened.
    Crash(Box<Op>, usize, bool),
}

impl Op {
    fn slot(&self) -> Option<usize> {
        match self {
            Op::Add(s)
            | Op::AddViaCreate(s)
            | Op::Start(s, _)
            | Op::Progress(s, _)
            | Op::Complete(s)
            | Op::Fail(s)
            | Op::Cancel(s)
            | Op::TestFailover(s)
            | Op::Cleanup(s)
            | Op::Live(s)
            | Op::Rollback(s)
            | Op::CompleteMigration(s)
            | Op::Abort(s)
            | Op::DeleteJob(s, _)
            | Op::Remove(s) => Some(*s),
            Op::Crash(op, _, _) => op.slot(),
            _ => None,
        }
    }

    /// The operation name its lock is taken in (multi-step ops).
    fn lock_name(&self) -> Option<&'static str> {
        Some(match self {
            // A job start provisions under its own lock.
            Op::Start(..) => "start_replication",
            Op::TestFailover(_) => "test_failover",
            Op::Cleanup(_) => "cleanup_test_failover",
            Op::Live(_) => "live_failover",
            Op::Rollback(_) => "rollback_live_failover",
            Op::CompleteMigration(_) => "complete_migration",
            Op::DeleteJob(..) => "delete_job",
            Op::Remove(_) => "remove_from_management",
            _ => return None,
        })
    }

    /// The crash-point operation name and its steps.
    fn crash_steps(&self) -> Option<(&'static str, &'static [&'static str])> {
        Some(match self {
            Op::Start(..) => ("start_replication", &START_STEPS),
            Op::TestFailover(_) => ("test_failover", &TEST_FAILOVER_STEPS),
            Op::Live(_) => ("live_failover", &LIVE_FAILOVER_STEPS),
            Op::Cleanup(_) => ("cleanup_test_failover", &CLEANUP_STEPS),
            Op::Rollback(_) => ("rollback_live_failover", &ROLLBACK_STEPS),
            Op::CompleteMigration(_) => ("complete_migration", &COMPLETE_STEPS),
            Op::Remove(_) => ("remove_from_management", &REMOVE_STEPS),
            Op::DeleteJob(..) => ("delete_job", &DELETE_JOB_STEPS),
            Op::Abort(_) => ("abort_operation", &ABORT_ANY_STEPS),
            Op::Reconcile => ("reconcile", &RECONCILE_STEPS),
            _ => return None,
        })
    }
}

/// Every port method a fault can be injected into: each method of the
/// testkit's fakes.
pub static PORT_METHODS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| testkit::port_methods().collect());

/// The store methods that record an effect's progress.
const RECORDS_PROGRESS: &[&str] = &["finish_operation", "upsert_volume", "upsert_failover_job"];

/// Store methods a fault is injected into: every method of the store traits
/// (as the `FaultyStore` names them) but the groups' and schedules', which
/// no operation of the model reaches; the ones that record an effect's
/// progress come twice, so a fault lands mid-operation more often.
pub static STORE_METHODS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let groups = FaultyStore::GROUP_METHODS;
    let reached = FaultyStore::methods().filter(|m| !groups.contains(m));
    reached.chain(RECORDS_PROGRESS.iter().copied()).collect()
});

// ------------------------------------------------------------------- model

/// A suspended or crashed operation's lock, as the model knows it.
#[derive(Debug, Clone, PartialEq)]
struct Lock {
    op: String,
    /// When its lease runs out; `None` when the model cannot know.
    until: Option<DateTime<Utc>>,
    /// For `delete_job`: the job it deletes, and whether that job had
    /// created volumes (then the context ends `discovered`).
    job: Option<(String, bool)>,
}

/// What the model expects of one context.
#[derive(Debug, Clone, PartialEq)]
struct MCtx {
    id: String,
    status: Status,
    active_job: Option<String>,
    lock: Option<Lock>,
    /// A fault or a crash hit an operation on it, not yet resumed.
    /// A fault or a crash hit this kind of multi-step operation on it
    /// (`start_replication`, a lock name, `abort_operation`), not yet
    /// resumed: its effects may be half-made.
    dirty: BTreeSet<String>,
}

/// A completed migration's hand-over: its VM and volumes stay as they were.
#[derive(Debug, Clone)]
struct Handed {
    vm_id: Option<String>,
    volumes: Vec<String>,
}

#[derive(Debug, Default)]
struct Model {
    slots: Vec<Option<MCtx>>,
    handed: BTreeMap<String, Handed>,
    /// A fault or crash may have left an orphan until the next reconcile.
    global_dirty: bool,
}

/// What an op must do, as the model predicts it.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    /// Nothing to run (no context to address).
    Skip,
    /// It succeeds and leaves the context in this status (`None`: deleted).
    Success(Option<Status>),
    /// It is refused and changes nothing.
    Refusal,
    /// Either (the model cannot know whether a lease ran out).
    Either(Option<Status>),
}

/// The kind of half-made state a failed op can leave (single-write ops
/// leave none).
fn dirty_kind(op: &Op) -> Option<String> {
    match op {
        Op::Start(..) => Some("start_replication".into()),
        Op::Abort(_) => Some("abort_operation".into()),
        _ => op.lock_name().map(str::to_owned),
    }
}

fn is_refusal(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::AlreadyManaged
            | ErrorCode::ReplicationActive
            | ErrorCode::InvalidTransition
            | ErrorCode::NotFound
            | ErrorCode::Ambiguous
            | ErrorCode::Validation
            | ErrorCode::OperationInProgress
    )
}

fn exported_in(s: Status) -> bool {
    matches!(
        s,
        Status::Discovered | Status::Replicating | Status::ReadyForFailover | Status::Failed
    )
}

// --------------------------------------------------------------- violations

/// A broken invariant: the rule (the failure class) and what was seen.
#[derive(Debug, Clone)]
pub struct Violation {
    /// The step (0-based) after which it was seen.
    pub step: usize,
    /// The rule's short name.
    pub rule: &'static str,
    /// What was seen.
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invariant `{}` broken at step {}: {}",
            self.rule, self.step, self.detail
        )
    }
}

/// Counts of one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Sequences run.
    pub sequences: u64,
    /// Steps run.
    pub steps: u64,
    /// Child processes killed at a crash point.
    pub crashes: u64,
    /// Faults armed.
    pub faults: u64,
    /// Invariant checks evaluated.
    pub checks: u64,
}

impl Stats {
    /// Adds `o`.
    pub fn add(&mut self, o: &Stats) {
        self.sequences += o.sequences;
        self.steps += o.steps;
        self.crashes += o.crashes;
        self.faults += o.faults;
        self.checks += o.checks;
    }
}

// ------------------------------------------------------------------ config

/// How sequences are drawn.
#[derive(Debug, Clone)]
pub struct Config {
    /// Steps per sequence (min, max).
    pub steps: (usize, usize),
    /// Percent of steps that arm a fault for the next op.
    pub fault_pct: u32,
    /// Percent of steps that crash a child (0: never).
    pub crash_pct: u32,
    /// Percent of VMs with no disk (a replicated context with no volumes).
    pub diskless_pct: u32,
    /// The crash child's executable (`CARGO_BIN_EXE_sm-child`).
    pub child: Option<PathBuf>,
}

// ---------------------------------------------------------------- generator

/// Draws the next op from the model's state: mostly one that fits the
/// VM's status, sometimes any op (to exercise refusals).
fn gen_step(r: &mut Rng, model: &Model, cfg: &Config, sticky: &mut usize) -> Vec<Op> {
    let roll = r.below(100) as u32;
    if roll < cfg.fault_pct {
        // A fault aimed at a method the next op calls (most of the time).
        let op = gen_op(
            r,
            model,
            &Config {
                crash_pct: 0,
                ..cfg.clone()
            },
            sticky,
        );
        let (ports, store) = methods_of(&op);
        let fault = match r.below(10) {
            0 => Op::PortFault((*r.pick(&PORT_METHODS)).to_owned(), 1 + r.below(3)),
            1 => Op::StoreFault((*r.pick(&STORE_METHODS)).to_owned(), 1 + r.below(3)),
            2 => Op::Delay((*r.pick(&PORT_METHODS)).to_owned()),
            3..=5 if !ports.is_empty() => {
                Op::PortFault((*r.pick(ports)).to_owned(), 1 + r.below(2))
            }
            _ if !store.is_empty() => Op::StoreFault((*r.pick(store)).to_owned(), 1 + r.below(2)),
            _ => Op::StoreFault((*r.pick(&STORE_METHODS)).to_owned(), 1 + r.below(3)),
        };
        return vec![fault, op];
    }
    vec![gen_op(r, model, cfg, sticky)]
}

/// The port and store methods an op calls.
fn methods_of(op: &Op) -> (&'static [&'static str], &'static [&'static str]) {
    match op {
        Op::Start(..) => (
            &[
                "create_volume",
                "attach_volume",
                "get_volume",
                "list_volumes",
                "create_export",
                "list_exports",
            ],
            &[
                "insert_context_with_job",
                "start_job",
                "upsert_volume",
                "context_volumes",
                "set_job_volume_counts",
                "finish_job",
                "find_contexts",
            ],
        ),
        Op::TestFailover(_) | Op::Live(_) => (
            &[
                "clone_volume",
                "list_exports",
                "remove_export",
                "get_volume",
                "detach_volume",
                "find_vm_by_name",
                "create_vm",
                "attach_volume",
                "get_vm",
                "power_on",
            ],
            &[
                "acquire_operation",
                "renew_operation",
                "context_volumes",
                "failover_jobs",
                "upsert_failover_job",
                "finish_operation",
                "suspend_operation",
            ],
        ),
        Op::Cleanup(_) | Op::Rollback(_) | Op::Abort(_) => (
            &[
                "delete_volume",
                "get_vm",
                "find_vm_by_name",
                "power_off",
                "get_volume",
                "detach_volume",
                "delete_vm",
                "attach_volume",
                "list_exports",
                "create_export",
            ],
            &[
                "failover_jobs",
                "context_volumes",
                "upsert_volume",
                "upsert_failover_job",
                "finish_operation",
                "renew_operation",
                "suspend_operation",
            ],
        ),
        Op::CompleteMigration(_) => (
            &[],
            &[
                "failover_jobs",
                "upsert_failover_job",
                "finish_operation",
                "renew_operation",
            ],
        ),
        Op::Remove(_) | Op::DeleteJob(..) => (
            &[
                "list_exports",
                "remove_export",
                "get_volume",
                "detach_volume",
                "delete_volume",
            ],
            &[
                "context_volumes",
                "delete_volume_record",
                "delete_context",
                "finish_job_deletion",
                "get_job",
                "finish_operation",
                "renew_operation",
            ],
        ),
        Op::Reconcile => (
            &[
                "list_volumes",
                "detach_volume",
                "delete_volume",
                "list_exports",
                "create_export",
                "remove_export",
                "get_volume",
            ],
            &["list_contexts", "context_volumes"],
        ),
        Op::Add(_) | Op::AddViaCreate(_) | Op::Bulk(..) => {
            (&[], &["insert_context", "insert_contexts", "find_contexts"])
        }
        Op::Progress(..) | Op::Complete(_) | Op::Fail(_) | Op::Cancel(_) => (
            &[],
            &[
                "get_job",
                "get_context",
                "finish_job",
                "update_job_progress",
            ],
        ),
        _ => (&[], &[]),
    }
}

fn gen_op(r: &mut Rng, model: &Model, cfg: &Config, sticky: &mut usize) -> Op {
    match r.below(100) {
        0..=2 => return Op::Reopen,
        3..=6 => return Op::AdvanceLease,
        7..=10 => return Op::Reconcile,
        11..=12 => return Op::Bulk(r.below(16) as u8, r.chance(30)),
        _ => {}
    }
    // Mostly the same VM as the last op, so sequences reach deep statuses.
    let s = if r.chance(65) { *sticky } else { r.below(VMS) };
    *sticky = s;
    let any = |r: &mut Rng| -> Op {
        match r.below(16) {
            0 => Op::Add(s),
            1 => Op::AddViaCreate(s),
            2 => Op::Start(
                s,
                *r.pick(&[
                    None,
                    Some(ReplicationType::Initial),
                    Some(ReplicationType::Incremental),
                ]),
            ),
            3 => Op::Progress(s, r.below(101) as u8),
            4 => Op::Complete(s),
            5 => Op::Fail(s),
            6 => Op::Cancel(s),
            7 => Op::TestFailover(s),
            8 => Op::Cleanup(s),
            9 => Op::Live(s),
            10 => Op::Rollback(s),
            11 => Op::CompleteMigration(s),
            12 => Op::Abort(s),
            13 => Op::DeleteJob(s, r.below(4)),
            14 => Op::Remove(s),
            _ => Op::Reconcile,
        }
    };
    let op = if r.chance(20) {
        any(r)
    } else {
        match &model.slots[s] {
            None => match r.below(4) {
                0 => Op::Add(s),
                1 => Op::AddViaCreate(s),
                _ => Op::Start(s, None),
            },
            Some(c) if c.lock.is_some() => {
                let lock = c.lock.as_ref().map(|l| l.op.as_str()).unwrap_or_default();
                match r.below(4) {
                    0 => Op::Abort(s),
                    1 => Op::AdvanceLease,
                    _ => match lock {
                        "test_failover" => Op::TestFailover(s),
                        "live_failover" => Op::Live(s),
                        "cleanup_test_failover" => Op::Cleanup(s),
                        "rollback_live_failover" => Op::Rollback(s),
                        "complete_migration" => Op::CompleteMigration(s),
                        "delete_job" => Op::DeleteJob(s, r.below(4)),
                        _ => Op::Remove(s),
                    },
                }
            }
            Some(c) => match c.status {
                Status::Discovered | Status::Failed => match r.below(6) {
                    0 => Op::Remove(s),
                    1 => Op::DeleteJob(s, r.below(4)),
                    _ => Op::Start(s, None),
                },
                Status::Replicating => match r.below(8) {
                    0 | 1 => Op::Progress(s, r.below(101) as u8),
                    2..=4 => Op::Complete(s),
                    5 => Op::Fail(s),
                    6 => Op::Cancel(s),
                    _ => Op::Start(s, None),
                },
                Status::ReadyForFailover => match r.below(8) {
                    0 | 1 => Op::TestFailover(s),
                    2 | 3 => Op::Live(s),
                    4 => Op::Start(s, Some(ReplicationType::Incremental)),
                    5 => Op::DeleteJob(s, r.below(4)),
                    _ => Op::Remove(s),
                },
                Status::FailedOverTest => Op::Cleanup(s),
                Status::FailedOverLive => match r.below(3) {
                    0 => Op::Rollback(s),
                    _ => Op::CompleteMigration(s),
                },
                Status::Completed => match r.below(3) {
                    0 => Op::Reconcile,
                    _ => Op::Remove(s),
                },
            },
        }
    };
    if cfg.crash_pct > 0
        && r.chance(cfg.crash_pct)
        && let Some((_, steps)) = op.crash_steps()
    {
        return Op::Crash(Box::new(op), r.below(steps.len()), r.chance(50));
    }
    op
}

// ------------------------------------------------------------------- runner

/// One sequence under test.
pub struct Runner {
    rt: tokio::runtime::Runtime,
    tmp: TempDir,
    world: FakeRig,
    vms: Vec<SourceVmSpec>,
    model: Model,
    cfg: Config,
    /// Counters.
    pub stats: Stats,
    /// The ops run so far (the replayable trace).
    pub trace: Vec<Op>,
    step: usize,
    armed: bool,
    /// Whether a fault was armed for the call being judged.
    judged_armed: bool,
    pending: Vec<Op>,
    suspend_fault: bool,
    delete_job_had_volumes: Option<bool>,
    crash_next: Option<(usize, bool)>,
    change: u64,
}

fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("time")
}

macro_rules! ensure {
    ($self:expr, $cond:expr, $rule:expr, $($fmt:tt)*) => {
        $self.stats.checks += 1;
        if !$cond {
            return Err(Violation { step: $self.step, rule: $rule, detail: format!($($fmt)*) });
        }
    };
}

impl Runner {
    /// A fresh world for the sequence of `seed`.
    pub fn new(seed: u64, cfg: Config) -> Runner {
        let tmp = TempDir::new();
        let world = open_world(tmp.path(), start_time());
        Runner {
            rt: crate::rig::runtime(),
            tmp,
            world,
            vms: vms(seed, cfg.diskless_pct),
            model: Model {
                slots: vec![None; VMS],
                ..Default::default()
            },
            cfg,
            stats: Stats::default(),
            trace: Vec::new(),
            step: 0,
            armed: false,
            judged_armed: false,
            pending: Vec::new(),
            suspend_fault: false,
            delete_job_had_volumes: None,
            crash_next: None,
            change: 0,
        }
    }

    /// Draws and runs `n` steps (a new random sequence).
    pub fn run_random(&mut self, seed: u64) -> Result<(), Violation> {
        let mut r = Rng::new(seed);
        let mut sticky = 0;
        let n = self.cfg.steps.0 + r.below(self.cfg.steps.1 - self.cfg.steps.0 + 1);
        for _ in 0..n {
            for op in gen_step(&mut r, &self.model, &self.cfg, &mut sticky) {
                self.apply(op)?;
            }
        }
        Ok(())
    }

    /// Runs `ops` (a replay).
    pub fn run_ops(&mut self, ops: &[Op]) -> Result<(), Violation> {
        for op in ops {
            self.apply(op.clone())?;
        }
        Ok(())
    }

    fn now(&self) -> DateTime<Utc> {
        use migratekit_core::ports::Clock;
        self.world.clock.now()
    }

    fn reopen(&mut self) {
        let now = self.now();
        self.world = open_world(self.tmp.path(), now);
    }

    /// Runs one op and checks every invariant.
    pub fn apply(&mut self, op: Op) -> Result<(), Violation> {
        self.trace.push(op.clone());
        self.stats.steps += 1;
        self.world.clock.advance(Duration::seconds(1));
        let result = self.apply_inner(op);
        self.step += 1;
        result
    }

    fn apply_inner(&mut self, op: Op) -> Result<(), Violation> {
        match op {
            Op::Reopen => {
                self.armed = false;
                self.pending.clear();
                self.reopen();
                self.check_all(false)
            }
            Op::AdvanceLease => {
                self.world.clock.advance(Duration::seconds(LEASE_SECS + 1));
                self.check_all(false)
            }
            Op::PortFault(..) | Op::StoreFault(..) | Op::Delay(_) => {
                // Armed right before the next op runs (after its snapshot).
                self.pending.push(op);
                self.armed = true;
                self.stats.faults += 1;
                Ok(())
            }
            Op::Crash(inner, step, after) => {
                self.crash_next = Some((step, after));
                self.run_op(*inner)
            }
            other => self.run_op(other),
        }
    }

    /// The context id of a slot in the store (whatever the model thinks).
    fn actual_ctx(&self, slot: usize) -> Option<ReplicationContext> {
        let v = &self.vms[slot];
        let r = ContextRef::Vm(migratekit_core::model::VmIdentity {
            vcenter_host: v.vcenter_host.clone(),
            vmware_vm_id: v.vmware_vm_id.clone(),
        });
        self.rt.block_on(self.world.manager.get_context(&r)).ok()
    }

    fn jobs_of(&self, ctx: &str) -> Vec<ReplicationJob> {
        self.rt
            .block_on(self.world.manager.list_jobs(&JobFilter {
                context_id: Some(ctx.to_owned()),
                limit: Some(10_000),
                ..Default::default()
            }))
            .map(|p| p.items)
            .unwrap_or_default()
    }

    /// The id of the context's active job, if it has one.
    fn active_job_of(&self, ctx: &str) -> Option<String> {
        let jobs = self.jobs_of(ctx).into_iter();
        jobs.filter(|j| j.status.is_active())
            .map(|j| j.job_id)
            .next()
    }

    fn records_of(&self, ctx: &str) -> Vec<VolumeRecord> {
        self.rt
            .block_on(self.world.manager.list_volumes(&by_id(ctx)))
            .unwrap_or_default()
    }

    /// Resolves an op to a call and the model's expectation.
    fn plan(&mut self, op: &Op) -> (Option<Call>, Expect) {
        let slot = op.slot();
        let m = slot.and_then(|s| self.model.slots[s].clone());
        let now = self.now();
        let lock_state = |m: &MCtx, name: &str| -> Option<Expect> {
            // Some(expect) when a lock decides the outcome.
            let l = m.lock.as_ref()?;
            // A job start's lock whose job ended frees the context once its
            // lease has run out.
            let stale_start = l.op == "start_replication"
                && m.active_job.is_none()
                && l.until.is_none_or(|t| t <= now);
            if stale_start {
                return None;
            }
            if l.op != name {
                return Some(Expect::Refusal);
            }
            match l.until {
                Some(t) if t > now => Some(Expect::Refusal),
                Some(_) => None,
                None => Some(Expect::Either(None)),
            }
        };
        let with_lock = |m: &MCtx, name: &str, ok: Expect| -> Expect {
            match lock_state(m, name) {
                Some(Expect::Either(_)) => match ok {
                    Expect::Success(s) => Expect::Either(s),
                    other => other,
                },
                Some(e) => e,
                None => ok,
            }
        };
        match op {
            Op::Add(s) | Op::AddViaCreate(s) => {
                let call = if matches!(op, Op::Add(_)) {
                    Call::Add(self.vms[*s].add_request())
                } else {
                    Call::Create(self.vms[*s].create_request(Some(false), None))
                };
                let e = match m {
                    None => Expect::Success(Some(Status::Discovered)),
                    Some(_) => Expect::Refusal,
                };
                (Some(call), e)
            }
            Op::Start(s, t) => {
                let call = Call::Create(self.vms[*s].create_request(None, *t));
                let e = match &m {
                    None if *t == Some(ReplicationType::Incremental) => Expect::Refusal,
                    None => Expect::Success(Some(Status::Replicating)),
                    Some(c) => {
                        let synced = self.actual_ctx(*s).is_some_and(|a| {
                            a.last_change_id.is_some_and(|x| !x.is_empty())
                                || a.last_change_ids.values().any(|x| !x.is_empty())
                        });
                        // A start that crashed or failed while provisioning
                        // is resumed by starting again once its lease ended.
                        let resumable = c.active_job.is_some()
                            && c.lock.as_ref().is_some_and(|l| {
                                l.op == "start_replication" && l.until.is_none_or(|t| t <= now)
                            });
                        // A job start's stale lock (its job ended) frees the
                        // context once its lease has run out.
                        let stale_start = c.active_job.is_none()
                            && c.lock.as_ref().is_some_and(|l| {
                                l.op == "start_replication" && l.until.is_none_or(|t| t <= now)
                            });
                        if resumable {
                            Expect::Either(Some(Status::Replicating))
                        } else if c.active_job.is_some()
                            || (c.lock.is_some() && !stale_start)
                            || c.lock.is_some()
                            || !matches!(
                                c.status,
                                Status::Discovered | Status::ReadyForFailover | Status::Failed
                            )
                            || (*t == Some(ReplicationType::Incremental) && !synced)
                        {
                            Expect::Refusal
                        } else {
                            Expect::Success(Some(Status::Replicating))
                        }
                    }
                };
                (Some(call), e)
            }
            Op::Progress(_, _) | Op::Complete(_) | Op::Fail(_) | Op::Cancel(_) => {
                let Some(c) = m else {
                    return (None, Expect::Skip);
                };
                let job = match &c.active_job {
                    Some(j) => j.clone(),
                    None => match self.jobs_of(&c.id).first() {
                        Some(j) => j.job_id.clone(),
                        None => return (None, Expect::Skip),
                    },
                };
                let active = c.active_job.as_deref() == Some(job.as_str());
                let call = match op {
                    Op::Progress(_, p) => Call::Progress(job, f64::from(*p)),
                    Op::Complete(_) => {
                        self.change += 1;
                        Call::Complete(job, format!("cbt-{}", self.change))
                    }
                    Op::Fail(_) => Call::Fail(job),
                    _ => Call::Cancel(job.clone()),
                };
                // A job completes only once its start has provisioned it.
                let provisioning = c.lock.as_ref().is_some_and(|l| l.op == "start_replication");
                let e = if !active
                    || (matches!(op, Op::Complete(_) | Op::Progress(..)) && provisioning)
                {
                    Expect::Refusal
                } else {
                    let to = match op {
                        Op::Progress(..) => Status::Replicating,
                        Op::Complete(_) => Status::ReadyForFailover,
                        Op::Fail(_) => Status::Failed,
                        _ => {
                            let Call::Cancel(j) = &call else {
                                unreachable!()
                            };
                            self.rt
                                .block_on(self.world.manager.get_job(j))
                                .map(|j| j.previous_status)
                                .unwrap_or(Status::Discovered)
                        }
                    };
                    Expect::Success(Some(to))
                };
                (Some(call), e)
            }
            Op::TestFailover(_) | Op::Live(_) => {
                let Some(c) = m else {
                    return (None, Expect::Skip);
                };
                let (call, to) = if matches!(op, Op::TestFailover(_)) {
                    (Call::TestFailover(c.id.clone()), Status::FailedOverTest)
                } else {
                    (Call::Live(c.id.clone()), Status::FailedOverLive)
                };
                let name = op.lock_name().unwrap_or_default();
                let ok = if c.status != Status::ReadyForFailover || c.active_job.is_some() {
                    Expect::Refusal
                } else if self.records_of(&c.id).is_empty() {
                    // Nothing replicated: refused at `validate`.
                    Expect::Refusal
                } else {
                    Expect::Success(Some(to))
                };
                (Some(call), with_lock(&c, name, ok))
            }
            Op::Cleanup(_) | Op::Rollback(_) | Op::CompleteMigration(_) => {
                let Some(c) = m else {
                    return (None, Expect::Skip);
                };
                let (call, from, to) = match op {
                    Op::Cleanup(_) => (
                        Call::Cleanup(c.id.clone()),
                        Status::FailedOverTest,
                        Status::ReadyForFailover,
                    ),
                    Op::Rollback(_) => (
                        Call::Rollback(c.id.clone()),
                        Status::FailedOverLive,
                        Status::ReadyForFailover,
                    ),
                    _ => (
                        Call::CompleteMigration(c.id.clone()),
                        Status::FailedOverLive,
                        Status::Completed,
                    ),
                };
                let ok = if c.status == from {
                    Expect::Success(Some(to))
                } else {
                    Expect::Refusal
                };
                (
                    Some(call),
                    with_lock(&c, op.lock_name().unwrap_or_default(), ok),
                )
            }
            Op::Abort(_) => {
                let Some(c) = m else {
                    return (None, Expect::Skip);
                };
                let call = Call::Abort(c.id.clone());
                let e = match &c.lock {
                    Some(l) if l.op == "test_failover" || l.op == "live_failover" => {
                        match l.until {
                            Some(t) if t > now => Expect::Refusal,
                            Some(_) => Expect::Success(Some(c.status)),
                            None => Expect::Either(Some(c.status)),
                        }
                    }
                    _ => Expect::Refusal,
                };
                (Some(call), e)
            }
            Op::DeleteJob(_, n) => {
                let Some(c) = m else {
                    return (None, Expect::Skip);
                };
                let resume = c
                    .lock
                    .as_ref()
                    .filter(|l| l.op == "delete_job")
                    .and_then(|l| l.job.clone());
                let (job_id, has_volumes) = match resume {
                    // Resuming a failed or killed deletion: the same job.
                    Some(j) => j,
                    None => {
                        let jobs = self.jobs_of(&c.id);
                        if jobs.is_empty() {
                            return (None, Expect::Skip);
                        }
                        let job = &jobs[n % jobs.len()];
                        if job.status.is_active() {
                            return (Some(Call::DeleteJob(job.job_id.clone())), Expect::Refusal);
                        }
                        let has = self
                            .records_of(&c.id)
                            .iter()
                            .any(|v| v.owner_job_id == job.job_id);
                        (job.job_id.clone(), has)
                    }
                };
                self.delete_job_had_volumes = Some(has_volumes);
                let call = Call::DeleteJob(job_id);
                let ok = if matches!(
                    c.status,
                    Status::Discovered | Status::ReadyForFailover | Status::Failed
                ) && c.active_job.is_none()
                {
                    Expect::Success(Some(if has_volumes {
                        Status::Discovered
                    } else {
                        c.status
                    }))
                } else {
                    Expect::Refusal
                };
                (Some(call), with_lock(&c, "delete_job", ok))
            }
            Op::Remove(_) => {
                let Some(c) = m else {
                    return (None, Expect::Skip);
                };
                let ok = if matches!(
                    c.status,
                    Status::Discovered
                        | Status::ReadyForFailover
                        | Status::Failed
                        | Status::Completed
                ) && c.active_job.is_none()
                {
                    Expect::Success(None)
                } else {
                    Expect::Refusal
                };
                (
                    Some(Call::Remove(c.id.clone())),
                    with_lock(&c, "remove_from_management", ok),
                )
            }
            Op::Reconcile => (Some(Call::Reconcile), Expect::Success(None)),
            Op::Bulk(mask, invalid) => {
                let mut reqs = Vec::new();
                for (i, v) in self.vms.iter().enumerate() {
                    if mask & (1 << i) != 0 {
                        reqs.push(v.add_request());
                        if *invalid && reqs.len() == 1 {
                            reqs.push(v.add_request()); // a duplicate in the batch
                        }
                    }
                }
                if *invalid {
                    let mut bad = self.vms[0].add_request();
                    bad.source_vm.id = String::new();
                    reqs.push(bad);
                }
                if reqs.is_empty() {
                    return (None, Expect::Skip);
                }
                (Some(Call::Bulk(reqs)), Expect::Success(None))
            }
            _ => (None, Expect::Skip),
        }
    }

    /// Runs the call in a child killed at the armed crash point; reopens.
    fn run_in_child(&mut self, op: &Op, call: &Call, step: usize, after: bool) -> (Outcome, bool) {
        let (name, steps) = op.crash_steps().expect("crashable op");
        let point = format!(
            "{name}:{}:{}",
            steps[step % steps.len()],
            if after { "after" } else { "before" }
        );
        let child = self.cfg.child.clone().expect("crash child path");
        let out = Command::new(child)
            .arg(self.tmp.path())
            .arg(self.now().to_rfc3339())
            .arg(serde_json::to_string(call).expect("call json"))
            .env("MIGRATEKIT_CRASH_AT", &point)
            .output()
            .expect("spawn crash child");
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The child wrote to the shared world: open it again.
        self.reopen();
        if stderr.contains("crashing at") {
            self.stats.crashes += 1;
            return (
                Outcome::Err {
                    code: ErrorCode::Internal,
                    message: format!("crashed at {point}"),
                },
                true,
            );
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        match serde_json::from_str::<Outcome>(stdout.trim()) {
            Ok(o) => (o, false),
            Err(e) => panic!("crash child at {point}: bad output ({e}): {stdout} {stderr}"),
        }
    }

    /// Arms the pending faults on the world's ports and store.
    fn arm(&mut self) {
        for op in std::mem::take(&mut self.pending) {
            match op {
                Op::PortFault(m, n) => self.world.port_faults(&m).fail_nth(&m, n),
                Op::StoreFault(m, n) => {
                    self.suspend_fault |= m == "suspend_operation";
                    self.world.store.faults().fail_nth(&m, n);
                }
                Op::Delay(m) => {
                    let by = std::time::Duration::from_millis(1);
                    self.world.port_faults(&m).delay(&m, by);
                }
                _ => {}
            }
        }
    }

    fn run_op(&mut self, op: Op) -> Result<(), Violation> {
        let crash = self.crash_next.take();
        self.suspend_fault = false;
        let armed = std::mem::take(&mut self.armed);
        let (call, expect) = self.plan(&op);
        let Some(call) = call else {
            self.pending.clear();
            return self.check_all(false);
        };
        let before = self.rt.block_on(snapshot(&self.world));
        let slot = op.slot();
        let before_ctx = slot.and_then(|s| self.model.slots[s].clone());
        let (out, crashed) = match crash {
            Some((step, after))
                if self.cfg.child.is_some() && matches!(expect, Expect::Success(_)) =>
            {
                self.pending.clear();
                self.run_in_child(&op, &call, step, after)
            }
            _ => {
                self.arm();
                (self.rt.block_on(exec(&self.world.manager, &call)), false)
            }
        };
        self.world.clear_faults();
        if std::env::var_os("MK_PROPTEST_TRACE").is_some() {
            let o = match &out {
                Outcome::Ok(_) => "ok".to_owned(),
                Outcome::Err { code, message } => format!("{code:?} {message}"),
            };
            eprintln!(
                "step {:>3} {op:?} expect {expect:?} armed {armed} crashed {crashed}: {}",
                self.step,
                o.chars().take(160).collect::<String>()
            );
        }
        self.judged_armed = armed;
        let result = self.judge(&op, &call, &expect, out, crashed, armed, before, before_ctx);
        self.suspend_fault = false;
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn judge(
        &mut self,
        op: &Op,
        call: &Call,
        expect: &Expect,
        out: Outcome,
        crashed: bool,
        armed: bool,
        before: Snapshot,
        before_ctx: Option<MCtx>,
    ) -> Result<(), Violation> {
        let op = op.clone();
        let slot = op.slot();
        let ctx_id = before_ctx.as_ref().map(|c| c.id.clone());
        if crashed {
            self.after_failure(&op, call, slot, before_ctx.as_ref(), true)?;
            return self.check_all(false);
        }
        match (&out, &expect) {
            (Outcome::Ok(v), Expect::Success(to) | Expect::Either(to)) => {
                self.after_success(&op, call, v, slot, *to, before_ctx.as_ref())?;
                return self.check_all(op == Op::Reconcile);
            }
            (Outcome::Ok(v), Expect::Refusal) => {
                return Err(Violation {
                    step: self.step,
                    rule: "model_predicts_refusal",
                    detail: format!(
                        "{op:?} on {ctx_id:?} succeeded where the lifecycle/lock rules refuse it: {v}"
                    ),
                });
            }
            (Outcome::Err { code, message }, Expect::Refusal | Expect::Either(_))
                if is_refusal(*code) =>
            {
                let after = self.rt.block_on(snapshot(&self.world));
                ensure!(
                    self,
                    before == after,
                    "refusal_changes_nothing",
                    "{op:?} on {ctx_id:?} was refused ({code:?}: {message}) but changed the world: {}",
                    diff(&before, &after)
                );
            }
            (Outcome::Err { code, message }, Expect::Success(_)) if is_refusal(*code) && !armed => {
                return Err(Violation {
                    step: self.step,
                    rule: "model_predicts_success",
                    detail: format!(
                        "{op:?} on {ctx_id:?} (model {before_ctx:?}) was refused: {code:?}: {message}"
                    ),
                });
            }
            (Outcome::Err { code, message }, _)
                if armed && matches!(code, ErrorCode::Adapter | ErrorCode::Storage) =>
            {
                let _ = message;
                self.after_failure(&op, call, slot, before_ctx.as_ref(), false)?;
            }
            (Outcome::Err { code, message }, _) if armed && is_refusal(*code) => {
                // A fault can make a lookup fail into a refusal-looking code
                // only through a bug; still, the refusal must change nothing.
                let after = self.rt.block_on(snapshot(&self.world));
                ensure!(
                    self,
                    before == after,
                    "refusal_changes_nothing",
                    "{op:?} refused under a fault ({code:?}: {message}) but changed the world: {}",
                    diff(&before, &after)
                );
            }
            (Outcome::Err { code, message }, _) => {
                return Err(Violation {
                    step: self.step,
                    rule: "no_unexpected_error",
                    detail: format!(
                        "{op:?} on {ctx_id:?} (model {before_ctx:?}, expected {expect:?}) failed without a fault: {code:?}: {message}"
                    ),
                });
            }
            (Outcome::Ok(_), Expect::Skip) => {}
        }
        self.check_all(false)
    }

    /// The model after a success; checks the lifecycle target and the lock.
    fn after_success(
        &mut self,
        op: &Op,
        call: &Call,
        v: &Value,
        slot: Option<usize>,
        to: Option<Status>,
        before: Option<&MCtx>,
    ) -> Result<(), Violation> {
        if let Op::Bulk(..) = op {
            let Call::Bulk(reqs) = call else {
                unreachable!()
            };
            let results = v["results"].as_array().cloned().unwrap_or_default();
            ensure!(
                self,
                results.len() == reqs.len(),
                "bulk_one_result_per_vm",
                "{} results for {} VMs",
                results.len(),
                reqs.len()
            );
            let mut seen = BTreeSet::new();
            for (i, req) in reqs.iter().enumerate() {
                let got = results[i]["result"].as_str().unwrap_or_default().to_owned();
                let slot = self.vms.iter().position(|v| {
                    v.vmware_vm_id == req.source_vm.id && v.vcenter_host == req.vcenter_host
                });
                let want = match slot {
                    None => "invalid",
                    Some(s) if self.model.slots[s].is_some() || !seen.insert(s) => {
                        "already_managed"
                    }
                    Some(_) => "added",
                };
                // A store fault on the batch: that VM is reported `failed`
                // (nothing written for it; the call goes on).
                let failed_by_fault = self.judged_armed && got == "failed" && want != "invalid";
                if failed_by_fault {
                    if let Some(s) = slot {
                        seen.remove(&s);
                    }
                    continue;
                }
                ensure!(
                    self,
                    got == want,
                    "bulk_duplicate_protection",
                    "bulk item {i} ({}/{}): {got}, the model says {want}",
                    req.vcenter_host,
                    req.source_vm.id
                );
                if let (Some(s), "added") = (slot, want) {
                    let id = results[i]["context_id"].as_str().unwrap_or_default();
                    self.model.slots[s] = Some(MCtx {
                        id: id.to_owned(),
                        status: Status::Discovered,
                        active_job: None,
                        lock: None,
                        dirty: BTreeSet::new(),
                    });
                }
            }
            return Ok(());
        }
        if *op == Op::Reconcile {
            if !self.model.slots.iter().flatten().any(|c| c.lock.is_some()) {
                self.model.global_dirty = false;
            }
            return Ok(());
        }
        let Some(s) = slot else { return Ok(()) };
        let actual = self.actual_ctx(s);
        let status = actual.as_ref().map(|c| c.current_status);
        // Cleanup may succeed with its last status update failed (a warning).
        let tolerated =
            matches!(op, Op::Cleanup(_)) && v["warnings"].as_array().is_some_and(|w| !w.is_empty());
        let want = if tolerated { status } else { to };
        ensure!(
            self,
            status == want,
            "success_reaches_table_target",
            "{op:?} succeeded; the context is {status:?}, the lifecycle table says {to:?} (response {v})"
        );
        if let Some(a) = &actual {
            // Its own lock is gone; a crashed job start's lock stays until
            // its lease runs out (no process can tell it from a slow one).
            let others = op.lock_name().is_none()
                && a.active_operation
                    == Some(migratekit_core::lifecycle::Operation::StartReplication)
                && before
                    .is_some_and(|b| b.lock.as_ref().is_some_and(|l| l.op == "start_replication"));
            ensure!(
                self,
                a.active_operation.is_none() || others,
                "success_holds_no_lock",
                "{op:?} succeeded but {} still holds the lock of {:?} (job {:?}); response {v}",
                a.context_id,
                a.active_operation,
                a.active_operation_job_id
            );
        }
        let resumed = before.is_some_and(|b| b.lock.is_some() || !b.dirty.is_empty());
        if matches!(op, Op::Remove(_)) && before.is_some_and(|b| !b.dirty.is_empty()) {
            // What a half-done operation left unrecorded is reconcile's job.
            self.model.global_dirty = true;
        }
        self.model.slots[s] = actual.map(|a| {
            let active_job = self.active_job_of(&a.context_id);
            let kind = dirty_kind(op);
            let mut keep_dirty = before.map(|b| b.dirty.clone()).unwrap_or_default();
            keep_dirty.retain(|k| {
                let same = kind.as_deref() == Some(k.as_str());
                let aborted = matches!(op, Op::Abort(_))
                    && matches!(k.as_str(), "test_failover" | "live_failover");
                let failover_after_abort =
                    k == "abort_operation" && matches!(op, Op::TestFailover(_) | Op::Live(_));
                !(same || aborted || failover_after_abort)
            });
            // A crashed job start's lock outlives a cancel or a failure of
            // its job until its lease runs out.
            let lock = before
                .and_then(|b| b.lock.clone())
                .filter(|l| l.op == "start_replication" && op.lock_name().is_none())
                .filter(|_| a.active_operation.is_some());
            MCtx {
                id: a.context_id.clone(),
                status: a.current_status,
                active_job,
                lock,
                dirty: keep_dirty,
            }
        });
        if resumed
            && self.model.slots[s]
                .as_ref()
                .is_some_and(|c| c.dirty.is_empty())
        {
            // The issue: after each resume, records and daemon agree.
            if let Some(c) = self.model.slots[s].clone() {
                self.check_context_world(&c)?;
            }
        }
        Ok(())
    }

    /// The model after an injected fault or a crash: lenient, but the lock
    /// rules hold.
    fn after_failure(
        &mut self,
        op: &Op,
        call: &Call,
        slot: Option<usize>,
        before: Option<&MCtx>,
        crashed: bool,
    ) -> Result<(), Violation> {
        self.model.global_dirty = true;
        let now = self.now();
        let slots: Vec<usize> = match slot {
            Some(s) => vec![s],
            None => (0..VMS).collect(),
        };
        for s in slots {
            let actual = self.actual_ctx(s);
            let before = if slot.is_some() {
                before.cloned()
            } else {
                self.model.slots[s].clone()
            };
            if let (Some(a), Some(b)) = (&actual, &before) {
                // A failed (or killed) operation leaves the status as it was,
                // or — killed after its last step — at its target.
                let lockname = op.lock_name();
                if lockname.is_some() || matches!(op, Op::Abort(_)) {
                    let done = a.active_operation.is_none() && a.current_status != b.status;
                    // A job start's job exists from its first step: a start
                    // that failed later leaves it `replicating` (to resume)
                    // or `failed` (provisioning failed, the job with it).
                    let start_moved = matches!(op, Op::Start(..))
                        && matches!(a.current_status, Status::Replicating | Status::Failed);
                    ensure!(
                        self,
                        a.current_status == b.status || (crashed && done) || start_moved,
                        "failure_keeps_status",
                        "{op:?} failed (crashed: {crashed}); status {} → {}",
                        b.status,
                        a.current_status
                    );
                    let allowed = match op {
                        Op::Abort(_) => b.lock.as_ref().map(|l| l.op.clone()),
                        _ => lockname.map(str::to_owned),
                    };
                    ensure!(
                        self,
                        a.active_operation.is_none()
                            || op_name(&a.active_operation) == allowed
                            // A lock it found and could not take (a crashed
                            // start's live lease) is not its own, and stays.
                            || op_name(&a.active_operation)
                                == b.lock.as_ref().map(|l| l.op.clone()),
                        "failure_keeps_only_its_own_lock",
                        "{op:?} failed; {} holds the lock of {:?}",
                        a.context_id,
                        a.active_operation
                    );
                } else {
                    ensure!(
                        self,
                        op_name(&a.active_operation) == b.lock.as_ref().map(|l| l.op.clone()),
                        "failure_keeps_only_its_own_lock",
                        "{op:?} (no lock of its own) failed; {} holds the lock of {:?}",
                        a.context_id,
                        a.active_operation
                    );
                }
            }
            self.model.slots[s] = actual.map(|a| {
                let active_job = self.active_job_of(&a.context_id);
                let suspend_fault = self.suspend_fault;
                let prev_job = before
                    .as_ref()
                    .and_then(|b| b.lock.as_ref())
                    .and_then(|l| l.job.clone());
                let lock = op_name(&a.active_operation).map(|o| {
                    let prev = before
                        .as_ref()
                        .and_then(|b| b.lock.clone())
                        .filter(|l| l.op == o);
                    let until = match prev {
                        // Not this op's lock to change: an op on another
                        // context, or a lease this op could not take over.
                        Some(l) if slot.is_none() || l.until.is_some_and(|t| t > now) => l.until,
                        _ if crashed => Some(now + Duration::seconds(LEASE_SECS)),
                        // suspend_operation ends the lease now, unless the
                        // store failed to record it.
                        _ if suspend_fault => None,
                        Some(l) if l.until.is_none() => None,
                        _ => Some(now),
                    };
                    let job = match (prev_job.clone(), call) {
                        (Some(j), _) => Some(j),
                        (None, Call::DeleteJob(j)) => {
                            Some((j.clone(), self.delete_job_had_volumes == Some(true)))
                        }
                        _ => None,
                    };
                    Lock { op: o, until, job }
                });
                MCtx {
                    id: a.context_id.clone(),
                    status: a.current_status,
                    active_job,
                    lock,
                    dirty: {
                        let mut d = before.as_ref().map(|b| b.dirty.clone()).unwrap_or_default();
                        if let (Some(_), Some(k)) = (slot, dirty_kind(op)) {
                            d.insert(k);
                        }
                        d
                    },
                }
            });
        }
        Ok(())
    }

    // -------------------------------------------------------------- checks

    fn check_all(&mut self, after_reconcile: bool) -> Result<(), Violation> {
        let snap = self.rt.block_on(snapshot(&self.world));
        let by_id: BTreeMap<&str, &ReplicationContext> = snap
            .contexts
            .iter()
            .map(|c| (c.context_id.as_str(), c))
            .collect();
        // One context per VM identity.
        let mut ids = BTreeSet::new();
        for c in &snap.contexts {
            ensure!(
                self,
                ids.insert((c.vcenter_host.clone(), c.vmware_vm_id.clone())),
                "one_context_per_vm",
                "two contexts for {}/{}",
                c.vcenter_host,
                c.vmware_vm_id
            );
        }
        for c in &snap.contexts {
            let active: Vec<_> = snap
                .jobs
                .iter()
                .filter(|j| j.context_id == c.context_id && j.status.is_active())
                .collect();
            ensure!(
                self,
                active.len() <= 1,
                "one_active_job_per_context",
                "{} has {} active jobs",
                c.context_id,
                active.len()
            );
            ensure!(
                self,
                (c.current_status == Status::Replicating) == (active.len() == 1),
                "replicating_iff_active_job",
                "{} is {} with {} active jobs",
                c.context_id,
                c.current_status,
                active.len()
            );
            let live_fo: Vec<_> = snap
                .failovers
                .iter()
                .filter(|f| {
                    f.context_id == c.context_id
                        && matches!(
                            f.status,
                            FailoverStatus::InProgress | FailoverStatus::Active
                        )
                })
                .collect();
            ensure!(
                self,
                live_fo.len() <= 1,
                "one_active_failover_per_context",
                "{} has {} unfinished failover jobs: {:?}",
                c.context_id,
                live_fo.len(),
                live_fo
                    .iter()
                    .map(|f| (&f.failover_job_id, f.kind, f.status))
                    .collect::<Vec<_>>()
            );
        }
        // A replicated context has a volume for every source disk.
        for c in &snap.contexts {
            if c.active_operation.is_some()
                || !matches!(
                    c.current_status,
                    Status::ReadyForFailover | Status::FailedOverTest | Status::FailedOverLive
                )
            {
                continue;
            }
            let missing: Vec<&str> = c
                .source_vm
                .disks
                .iter()
                .filter(|d| {
                    !snap
                        .records
                        .iter()
                        .any(|r| r.context_id == c.context_id && r.disk_id == d.id)
                })
                .map(|d| d.id.as_str())
                .collect();
            ensure!(
                self,
                missing.is_empty(),
                "replicated_context_has_every_volume",
                "{} is {} but has no volume for disks {missing:?}",
                c.context_id,
                c.current_status
            );
        }
        // The model agrees with the store.
        for s in 0..VMS {
            let v = &self.vms[s];
            let actual = snap
                .contexts
                .iter()
                .find(|c| c.vcenter_host == v.vcenter_host && c.vmware_vm_id == v.vmware_vm_id);
            let model = self.model.slots[s].clone();
            let a = actual.map(|c| {
                (
                    c.context_id.clone(),
                    c.current_status,
                    op_name(&c.active_operation),
                )
            });
            let m = model.as_ref().map(|c| {
                (
                    c.id.clone(),
                    c.status,
                    c.lock.as_ref().map(|l| l.op.clone()),
                )
            });
            ensure!(
                self,
                a == m,
                "store_matches_model",
                "VM {} ({}/{}): store {a:?}, model {m:?}",
                v.name,
                v.vcenter_host,
                v.vmware_vm_id
            );
        }
        // Hand-overs: capture, then never touched.
        for c in &snap.contexts {
            if c.current_status == Status::Completed
                && !self.model.handed.contains_key(&c.context_id)
            {
                let vm_id = snap
                    .failovers
                    .iter()
                    .find(|f| {
                        f.context_id == c.context_id
                            && f.kind == FailoverKind::Live
                            && f.status == FailoverStatus::Completed
                    })
                    .and_then(|f| f.destination_vm_id.clone());
                let volumes = snap
                    .records
                    .iter()
                    .filter(|r| r.context_id == c.context_id)
                    .map(|r| r.volume_id.clone())
                    .collect();
                self.model
                    .handed
                    .insert(c.context_id.clone(), Handed { vm_id, volumes });
            }
        }
        for (ctx, h) in self.model.handed.clone() {
            for vol in &h.volumes {
                let v = snap.daemon.iter().find(|v| &v.volume_id == vol);
                ensure!(
                    self,
                    v.is_some(),
                    "migrated_volumes_untouched",
                    "volume {vol} of the migrated VM of {ctx} was deleted"
                );
                let at = v.and_then(|v| v.attached_to.clone());
                ensure!(
                    self,
                    at.is_some() && at == h.vm_id,
                    "migrated_volumes_untouched",
                    "volume {vol} of the migrated VM {:?} of {ctx} is attached to {at:?}",
                    h.vm_id
                );
            }
            if let Some(vm) = &h.vm_id {
                ensure!(
                    self,
                    snap.vms.iter().any(|v| &v.vm_id == vm),
                    "migrated_vm_untouched",
                    "the migrated VM {vm} of {ctx} is gone"
                );
            }
        }
        // Every clean context: records and the world agree.
        for c in self.model.slots.clone().into_iter().flatten() {
            if c.lock.is_none() && c.dirty.is_empty() {
                self.check_context_in(&snap, &c)?;
            }
        }
        // Nothing leaked: when nothing is half-done, or after reconcile.
        let quiet = !self
            .model
            .slots
            .iter()
            .flatten()
            .any(|c| c.lock.is_some() || !c.dirty.is_empty());
        let handed = self.model.handed.values();
        let handed_vols: BTreeSet<&String> = handed.clone().flat_map(|h| &h.volumes).collect();
        let handed_vms: BTreeSet<&String> = handed.filter_map(|h| h.vm_id.as_ref()).collect();
        if (quiet && !self.model.global_dirty) || after_reconcile {
            for v in snap.daemon.iter().filter(|v| v.name.starts_with("mk-")) {
                let recorded = snap.records.iter().any(|r| r.volume_id == v.volume_id)
                    || open_clone(&snap, &v.volume_id);
                let owner_busy = snap.contexts.iter().any(|c| {
                    (c.active_operation.is_some() || c.current_status == Status::Replicating)
                        && v.name.starts_with(&format!("mk-{}-", c.context_id))
                });
                ensure!(
                    self,
                    recorded
                        || handed_vols.contains(&v.volume_id)
                        || (after_reconcile && !quiet && owner_busy),
                    "nothing_leaked",
                    "volume {} ({}) is on the daemon but no context records it{}",
                    v.volume_id,
                    v.name,
                    if after_reconcile {
                        " (after reconcile)"
                    } else {
                        ""
                    }
                );
            }
            for e in snap
                .exports
                .iter()
                .filter(|e| e.name.starts_with("migration-vol-"))
            {
                ensure!(
                    self,
                    snap.records.iter().any(|r| r.export_name == e.name),
                    "nothing_leaked",
                    "export {} is published but no context records it",
                    e.name
                );
            }
        }
        if quiet {
            for vm in &snap.vms {
                let owned = handed_vms.contains(&vm.vm_id)
                    || snap.failovers.iter().any(|f| {
                        f.destination_vm_id.as_deref() == Some(vm.vm_id.as_str())
                            && matches!(
                                f.status,
                                FailoverStatus::Active | FailoverStatus::Completed
                            )
                            && by_id.contains_key(f.context_id.as_str())
                    });
                ensure!(
                    self,
                    owned,
                    "nothing_leaked",
                    "cloud VM {} ({}) belongs to no failover in place",
                    vm.vm_id,
                    vm.name
                );
            }
        }
        Ok(())
    }

    fn check_context_world(&mut self, c: &MCtx) -> Result<(), Violation> {
        let snap = self.rt.block_on(snapshot(&self.world));
        self.check_context_in(&snap, c)
    }

    /// One clean context: its records, volumes, exports and VM agree with
    /// its status.
    fn check_context_in(&mut self, snap: &Snapshot, c: &MCtx) -> Result<(), Violation> {
        let Some(ctx) = snap.contexts.iter().find(|x| x.context_id == c.id) else {
            return Ok(());
        };
        let records: Vec<&VolumeRecord> = snap
            .records
            .iter()
            .filter(|r| r.context_id == c.id)
            .collect();
        for r in &records {
            ensure!(
                self,
                snap.daemon.iter().any(|v| v.volume_id == r.volume_id),
                "records_agree_with_daemon",
                "{} ({}) records volume {} that the daemon does not have",
                c.id,
                ctx.current_status,
                r.volume_id
            );
        }
        let prefix = format!("mk-{}-", c.id);
        for v in snap.daemon.iter().filter(|v| v.name.starts_with(&prefix)) {
            ensure!(
                self,
                records.iter().any(|r| r.volume_id == v.volume_id)
                    || open_clone(snap, &v.volume_id),
                "records_agree_with_daemon",
                "{} ({}): volume {} ({}) is on the daemon but not recorded",
                c.id,
                ctx.current_status,
                v.volume_id,
                v.name
            );
        }
        let daemon = |id: &str| snap.daemon.iter().find(|v| v.volume_id == id);
        // A test VM runs on clones: the replica stays on the appliance.
        if exported_in(ctx.current_status) || ctx.current_status == Status::FailedOverTest {
            for r in &records {
                let at = daemon(&r.volume_id).and_then(|v| v.attached_to.clone());
                ensure!(
                    self,
                    at.as_deref() == Some(DEFAULT_APPLIANCE_ID),
                    "volumes_placed_by_status",
                    "{} is {}: volume {} is attached to {at:?}, not the appliance",
                    c.id,
                    ctx.current_status,
                    r.volume_id
                );
                ensure!(
                    self,
                    snap.exports.iter().any(|e| e.name == r.export_name),
                    "volumes_placed_by_status",
                    "{} is {}: export {} is missing",
                    c.id,
                    ctx.current_status,
                    r.export_name
                );
            }
        }
        if let Some(kind) = match ctx.current_status {
            Status::FailedOverTest => Some(FailoverKind::Test),
            Status::FailedOverLive => Some(FailoverKind::Live),
            _ => None,
        } {
            let job = snap.failovers.iter().find(|f| {
                f.context_id == c.id && f.kind == kind && f.status == FailoverStatus::Active
            });
            ensure!(
                self,
                job.is_some(),
                "failover_recorded_once",
                "{} is {} with no active {kind:?} failover job",
                c.id,
                ctx.current_status
            );
            let vm_id = job
                .and_then(|j| j.destination_vm_id.clone())
                .unwrap_or_default();
            let vm = snap.vms.iter().find(|v| v.vm_id == vm_id);
            ensure!(
                self,
                vm.is_some_and(|v| v.power_state == PowerState::On),
                "volumes_placed_by_status",
                "{} is {}: its VM {vm_id} is {vm:?}",
                c.id,
                ctx.current_status
            );
            let name = destination_vm_name(ctx, kind);
            let n = snap.vms.iter().filter(|v| v.name == name).count();
            ensure!(
                self,
                n == 1,
                "nothing_leaked",
                "{} is {}: {n} cloud VMs named {name}",
                c.id,
                ctx.current_status
            );
            let on_vm: Vec<String> = match (kind, job) {
                (FailoverKind::Test, Some(j)) => {
                    ensure!(
                        self,
                        j.clones.len() == records.len(),
                        "volumes_placed_by_status",
                        "{} is {}: {} clones for {} volumes",
                        c.id,
                        ctx.current_status,
                        j.clones.len(),
                        records.len()
                    );
                    j.clones.iter().map(|x| x.volume_id.clone()).collect()
                }
                _ => records.iter().map(|r| r.volume_id.clone()).collect(),
            };
            for id in &on_vm {
                let at = daemon(id).and_then(|v| v.attached_to.clone());
                ensure!(
                    self,
                    at.as_deref() == Some(vm_id.as_str()),
                    "volumes_placed_by_status",
                    "{} is {}: volume {} is attached to {at:?}, not {vm_id}",
                    c.id,
                    ctx.current_status,
                    id
                );
            }
            for r in records.iter().filter(|_| kind == FailoverKind::Live) {
                ensure!(
                    self,
                    !snap.exports.iter().any(|e| e.name == r.export_name),
                    "volumes_placed_by_status",
                    "{} is {}: export {} still published",
                    c.id,
                    ctx.current_status,
                    r.export_name
                );
            }
        }
        Ok(())
    }
}

/// The fields that name a record: two records sharing one are the same
/// thing, changed.
const IDENTIFYING: [&str; 6] = [
    "context_id",
    "job_id",
    "volume_id",
    "failover_job_id",
    "name",
    "vm_id",
];

/// Whether records `x` and `y` are the same thing (see [`IDENTIFYING`]).
fn same_thing(x: &Value, y: &Value) -> bool {
    IDENTIFYING
        .iter()
        .any(|f| x.get(f).is_some() && x.get(f) == y.get(f))
}

fn diff(a: &Snapshot, b: &Snapshot) -> String {
    let (a, b) = (
        serde_json::to_value(a).unwrap_or_default(),
        serde_json::to_value(b).unwrap_or_default(),
    );
    let mut out = Vec::new();
    if let (Value::Object(a), Value::Object(b)) = (a, b) {
        for (k, va) in &a {
            let vb = b.get(k).cloned().unwrap_or(Value::Null);
            if *va == vb {
                continue;
            }
            let (xs, ys) = (
                va.as_array().cloned().unwrap_or_default(),
                vb.as_array().cloned().unwrap_or_default(),
            );
            for x in xs.iter().filter(|x| !ys.contains(x)) {
                let twin = ys.iter().find(|y| same_thing(x, y));
                match (x, twin) {
                    (Value::Object(xo), Some(Value::Object(yo))) => {
                        let fields: Vec<String> = xo
                            .iter()
                            .filter(|(f, v)| yo.get(*f) != Some(v))
                            .map(|(f, v)| {
                                format!("{f}: {v} → {}", yo.get(f).unwrap_or(&Value::Null))
                            })
                            .collect();
                        out.push(format!("{k} changed {{{}}}", fields.join(", ")));
                    }
                    _ => out.push(format!("{k} lost {x}")),
                }
            }
            for y in ys.iter().filter(|y| !xs.contains(y)) {
                let twin = xs.iter().any(|x| same_thing(x, y));
                if !twin {
                    out.push(format!("{k} gained {y}"));
                }
            }
        }
    }
    out.join("; ")
}

// ---------------------------------------------------------------- drivers

/// The outcome of one sequence.
pub struct Failure {
    /// The sequence's seed.
    pub seed: u64,
    /// The broken invariant.
    pub violation: Violation,
    /// The ops run up to and including the failing one.
    pub trace: Vec<Op>,
}

/// Runs the random sequence of `seed`.
pub fn run_seed(seed: u64, cfg: &Config) -> (Stats, Option<Failure>) {
    let mut r = Runner::new(seed, cfg.clone());
    let res = r.run_random(seed);
    r.stats.sequences = 1;
    let failure = res.err().map(|violation| Failure {
        seed,
        violation,
        trace: r.trace.clone(),
    });
    (r.stats, failure)
}

/// Replays `ops` on the VMs of `seed`.
pub fn replay(seed: u64, ops: &[Op], cfg: &Config) -> Result<Stats, Violation> {
    let mut r = Runner::new(seed, cfg.clone());
    r.run_ops(ops)?;
    Ok(r.stats)
}

/// Shrinks a failing trace: removes chunks of ops while the same rule still
/// breaks, at most `budget` replays.
pub fn shrink(seed: u64, trace: &[Op], rule: &str, cfg: &Config, budget: usize) -> Vec<Op> {
    let mut best = trace.to_vec();
    let mut tries = 0;
    let mut chunk = best.len().div_ceil(2).max(1);
    while chunk >= 1 && tries < budget {
        let mut i = 0;
        let mut progressed = false;
        while i < best.len() && tries < budget {
            let mut cand = best.clone();
            let end = (i + chunk).min(cand.len());
            cand.drain(i..end);
            tries += 1;
            match replay(seed, &cand, cfg) {
                Err(v) if v.rule == rule => {
                    cand.truncate(v.step + 1);
                    best = cand;
                    progressed = true;
                }
                _ => i += chunk,
            }
        }
        if !progressed {
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
    best
}

/// The wire name of a context's lock, as the model keeps it.
fn op_name(op: &Option<migratekit_core::lifecycle::Operation>) -> Option<String> {
    op.map(|o| o.as_str().to_owned())
}

/// Whether `volume_id` is a clone recorded on an open test failover.
fn open_clone(snap: &Snapshot, volume_id: &str) -> bool {
    snap.failovers.iter().any(|f| {
        matches!(
            f.status,
            FailoverStatus::Active | FailoverStatus::InProgress
        ) && f.clones.iter().any(|c| c.volume_id == volume_id)
    })
}

/// The steps of an abort of either kind (which one a crash lands in depends
/// on the failover being aborted).
static ABORT_ANY_STEPS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut steps: Vec<&str> = ABORT_STEPS.to_vec();
    steps.extend(ABORT_LIVE_STEPS.iter().filter(|s| !ABORT_STEPS.contains(s)));
    steps
});

#[cfg(test)]
mod tests {
    use super::*;

    /// The fault lists name real methods: a renamed or removed port or store
    /// method fails here, not silently in a fault that never fires.
    #[test]
    fn every_method_a_fault_is_aimed_at_exists() {
        let store: Vec<&str> = FaultyStore::methods().collect();
        for m in RECORDS_PROGRESS {
            assert!(store.contains(m), "{m} is no store method");
        }
        let ops = [
            Op::Start(0, None),
            Op::TestFailover(0),
            Op::Cleanup(0),
            Op::CompleteMigration(0),
            Op::Remove(0),
            Op::Reconcile,
            Op::Add(0),
            Op::Complete(0),
        ];
        for op in ops {
            let (ports, stores) = methods_of(&op);
            for m in ports {
                assert!(PORT_METHODS.contains(m), "{op:?}: {m} is no port method");
            }
            for m in stores {
                assert!(store.contains(m), "{op:?}: {m} is no store method");
            }
        }
    }
}
